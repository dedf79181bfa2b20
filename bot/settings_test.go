package bot

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// form returns the state of a submitted form with the given values, each
// the action of block's single input.
func form(values map[string]slack.BlockAction) formState {
	state := &slack.ViewState{Values: map[string]map[string]slack.BlockAction{}}
	for block, a := range values {
		state.Values[block] = map[string]slack.BlockAction{ActionInput: a}
	}
	return formState{state}
}

// options returns selected options with the given values.
func options(values ...string) []slack.OptionBlockObject {
	var out []slack.OptionBlockObject
	for _, v := range values {
		out = append(out, slack.OptionBlockObject{Value: v})
	}
	return out
}

func TestParseHolidays(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	tests := []struct {
		name string
		in   string
		want []time.Time
		bad  string
	}{
		{"Lines", "2026-12-25\n2027-01-01\n", []time.Time{day("2026-12-25"), day("2027-01-01")}, ""},
		{"Separators", " 2026-12-24, 2026-12-25;2026-12-26 ", []time.Time{day("2026-12-24"), day("2026-12-25"), day("2026-12-26")}, ""},
		{"Empty", "  \n ", nil, ""},
		{"NotADate", "2026-12-25\n25/12/2026\nnoël", []time.Time{day("2026-12-25")}, "25/12/2026"},
		{"NoSuchDay", "2026-02-30", nil, "2026-02-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, bad := parseHolidays(tt.in)
			if !slices.EqualFunc(got, tt.want, time.Time.Equal) || bad != tt.bad {
				t.Errorf("parseHolidays(%q) = %v, %q; want %v, %q", tt.in, got, bad, tt.want, tt.bad)
			}
		})
	}
}

func TestReadWorkingHours(t *testing.T) {
	tests := []struct {
		name   string
		values map[string]slack.BlockAction
		want   plan.WorkingHours
		errs   []string // blocks with an error
	}{
		{"MondayAndFriday", map[string]slack.BlockAction{
			BlockSettingsWorkingDays: {SelectedOptions: options("5", "1")},
			BlockSettingsWorkStart:   {SelectedTime: "08:30"}, BlockSettingsWorkEnd: {SelectedTime: "17:45"},
			BlockSettingsHolidays: {Value: "2026-12-25"},
		}, plan.WorkingHours{Days: []time.Weekday{time.Friday, time.Monday}, Start: 510, End: 1065,
			Holidays: []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)}}, nil},
		// 00:00 at the end: the day ends at midnight.
		{"UntilMidnight", map[string]slack.BlockAction{
			BlockSettingsWorkingDays: {SelectedOptions: options("6")},
			BlockSettingsWorkStart:   {SelectedTime: "12:00"}, BlockSettingsWorkEnd: {SelectedTime: "00:00"},
		}, plan.WorkingHours{Days: []time.Weekday{time.Saturday}, Start: 720, End: 1440}, nil},
		// No day and no holiday: every hour counts, whatever the span.
		{"Always", map[string]slack.BlockAction{
			BlockSettingsWorkStart: {SelectedTime: "09:00"}, BlockSettingsWorkEnd: {SelectedTime: "18:00"},
		}, plan.WorkingHours{}, nil},
		{"Bad", map[string]slack.BlockAction{
			BlockSettingsWorkingDays: {SelectedOptions: options("1", "9")},
			BlockSettingsWorkStart:   {SelectedTime: "9h"}, BlockSettingsWorkEnd: {SelectedTime: "18:00"},
			BlockSettingsHolidays: {Value: "Christmas"},
		}, plan.WorkingHours{Days: []time.Weekday{time.Monday}, End: 1080},
			[]string{BlockSettingsHolidays, BlockSettingsWorkStart, BlockSettingsWorkingDays}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := readWorkingHours(form(tt.values), EN)
			if !slices.Equal(got.Days, tt.want.Days) || got.Start != tt.want.Start || got.End != tt.want.End ||
				!slices.EqualFunc(got.Holidays, tt.want.Holidays, time.Time.Equal) {
				t.Errorf("hours %+v, want %+v", got, tt.want)
			}
			var blocks []string
			for b := range errs {
				blocks = append(blocks, b)
			}
			slices.Sort(blocks)
			if !slices.Equal(blocks, tt.errs) {
				t.Errorf("errors %v, want on %v", errs, tt.errs)
			}
		})
	}
}

func TestReadSettingsForm_ReplyTarget(t *testing.T) {
	tests := []struct {
		name, typed string
		lang        Lang
		want        time.Duration
		err         string
	}{
		{"Point", "1.5", EN, 90 * time.Minute, ""},
		{"FrenchComma", "0,5", FR, 30 * time.Minute, ""},
		// "1.250": twelve hundred and fifty, or one and a quarter (the
		// thousands are written as formatNumber writes them).
		{"Ambiguous", "1.250", EN, 0, " or 1.25 hours?"},
		{"AmbiguousFrench", "1.250", FR, 0, " ou 1,25 heures\u202f?"},
		{"Zero", "0", EN, 0, "above 0"},
		{"TooMany", "721", EN, 0, "at most 720"},
		{"Percent", "50 %", EN, 0, "above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd, errs := readSettingsForm(form(map[string]slack.BlockAction{BlockSettingsReplyTarget: {Value: tt.typed}}), tt.lang)
			switch {
			case tt.err == "" && (upd.ReplyTarget == nil || *upd.ReplyTarget != tt.want || len(errs) != 0):
				t.Errorf("reply target %v, errors %v; want %s", upd.ReplyTarget, errs, tt.want)
			case tt.err != "" && !strings.Contains(errs[BlockSettingsReplyTarget], tt.err):
				t.Errorf("error %q, want %q", errs[BlockSettingsReplyTarget], tt.err)
			}
			if upd.WorkingHours != nil || upd.ReviewSchedule != nil {
				t.Errorf("a form without working hours nor reviews changes them: %+v", upd)
			}
		})
	}
}

func TestHoursText(t *testing.T) {
	week := []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
	xmas := []time.Time{time.Date(2026, 12, 25, 0, 0, 0, 0, time.UTC)}
	tests := []struct {
		name string
		w    plan.WorkingHours
		lang Lang
		want string
	}{
		{"Always", plan.WorkingHours{}, EN, "every hour of every day"},
		{"Week", plan.WorkingHours{Days: week, Start: 540, End: 1080}, EN, "Monday to Friday, 09:00–18:00"},
		{"WeekFrench", plan.WorkingHours{Days: week, Start: 540, End: 1080, Holidays: xmas}, FR, "du lundi au vendredi, de 09:00 à 18:00 · 1 jour non travaillé"},
		{"Split", plan.WorkingHours{Days: []time.Weekday{time.Monday, time.Wednesday, time.Thursday, time.Friday, time.Sunday}, Start: 510, End: 1440}, EN,
			"Monday, Wednesday to Friday, Sunday, 08:30–00:00"},
		{"Two", plan.WorkingHours{Days: []time.Weekday{time.Saturday, time.Sunday}, Start: 600, End: 960, Holidays: append(xmas, xmas...)}, EN,
			"Saturday, Sunday, 10:00–16:00 · 2 days off"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := hoursText(tt.lang, tt.w); got != tt.want {
				t.Errorf("hoursText = %q, want %q", got, tt.want)
			}
		})
	}
}
