package bot

import (
	"testing"

	"github.com/slack-go/slack"
)

// TestReadMonthlyReport: the checkbox reads on or off; a form opened
// before the setting was offered leaves it alone.
func TestReadMonthlyReport(t *testing.T) {
	box := func(values ...string) map[string]map[string]slack.BlockAction {
		var opts []slack.OptionBlockObject
		for _, v := range values {
			opts = append(opts, slack.OptionBlockObject{Value: v})
		}
		return map[string]map[string]slack.BlockAction{BlockSettingsMonthlyReport: {ActionInput: {SelectedOptions: opts}}}
	}
	tests := []struct {
		name      string
		state     *slack.ViewState
		on, shown bool
	}{
		{"Checked", &slack.ViewState{Values: box("on")}, true, true},
		{"Unchecked", &slack.ViewState{Values: box()}, false, true},
		{"OldForm", &slack.ViewState{Values: map[string]map[string]slack.BlockAction{BlockSettingsName: {}}}, false, false},
		{"NoState", nil, false, false},
	}
	for _, tt := range tests {
		on, shown := readMonthlyReport(formState{s: tt.state})
		if on != tt.on || shown != tt.shown {
			t.Errorf("%s: on %v shown %v, want %v %v", tt.name, on, shown, tt.on, tt.shown)
		}
	}
}
