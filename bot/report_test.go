package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// TestReportKeys checks that the catalogue words every key a report uses,
// in both languages.
func TestReportKeys(t *testing.T) {
	keys := append([]string{}, plan.ReportKeys...)
	for _, s := range plan.CheckInStatuses {
		keys = append(keys, "checkin.status."+string(s))
	}
	for _, d := range []string{"do_more", "keep", "do_less", "stop", "try"} {
		keys = append(keys, "decision."+d)
	}
	for _, k := range keys {
		m, ok := catalogue[k]
		if !ok || m.en == "" || m.fr == "" {
			t.Errorf("catalogue lacks %q in a language", k)
		}
	}
}

func TestReportLabels(t *testing.T) {
	tests := []struct {
		name string
		lang Lang
		got  func(l reportLabels) string
		want string
	}{
		{"DateEN", EN, func(l reportLabels) string { return l.Date(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) }, "December 1, 2026"},
		{"DateFRFirst", FR, func(l reportLabels) string { return l.Date(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) }, "1er décembre 2026"},
		{"DateFR", FR, func(l reportLabels) string { return l.Date(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) }, "2 mars 2026"},
		{"MonthFR", FR, func(l reportLabels) string { return l.Month(plan.YearMonth{Year: 2026, Month: time.February}) }, "février 2026"},
		{"NumberEN", EN, func(l reportLabels) string { return l.Number(13250.5) }, "13,250.5"},
		{"NumberFR", FR, func(l reportLabels) string { return l.Number(13250.5) }, "13\u202f250,5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.got(reportLabels{tt.lang}); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReadCadence(t *testing.T) {
	tests := []struct {
		name, posts, per string
		want             plan.Cadence
		err              bool
	}{
		{"None", " ", "month", plan.Cadence{}, false},
		{"WeekByDefault", "3", "", plan.Cadence{Min: 3, Max: 3, Per: plan.CadenceWeek}, false},
		{"Range", "2-3", "month", plan.Cadence{Min: 2, Max: 3, Per: plan.CadenceMonth}, false},
		{"EnDash", "2 – 4", "week", plan.Cadence{Min: 2, Max: 4, Per: plan.CadenceWeek}, false},
		{"ErrWord", "three", "week", plan.Cadence{}, true},
		{"ErrReversed", "4-2", "week", plan.Cadence{}, true},
		{"ErrZero", "0", "week", plan.Cadence{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readCadence(tt.posts, tt.per)
			if tt.err {
				if fe := plan.ErrorFields(err); len(fe) == 0 || fe[0].Field != "cadence_posts" {
					t.Fatalf("readCadence(%q) = %+v, %v; want a field error on cadence_posts", tt.posts, got, err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("readCadence(%q, %q) = %+v, %v; want %+v", tt.posts, tt.per, got, err, tt.want)
			}
			if back := cadencePosts(got); tt.want.Min > 0 && back != strings.ReplaceAll(strings.ReplaceAll(tt.posts, " ", ""), "–", "-") {
				t.Errorf("cadencePosts = %q, want the posts as typed", back)
			}
		})
	}
}
