package markdown_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/markdown"
	"github.com/planbot/planbot/plan"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<!channel> & *bold*", `\<!channel\> \& \*bold\*`},
		{"a_b [link](https://x) `code` | ~x~", "a\\_b \\[link\\](https://x) \\`code\\` \\| \\~x\\~"},
		{`back\slash`, `back\\slash`},
		{"# title", `\# title`},
		{"- item\n+ other\n12. third\n  = under", "\\- item\n\\+ other\n12\\. third\n  \\= under"},
		{"2026-03-01 is a date", "2026-03-01 is a date"},
		{"&copy; 5 > 3", `\&copy; 5 \> 3`},
		{"plain text, é", "plain text, é"},
	}
	for _, tt := range tests {
		if got := markdown.Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// keyLabels renders labels as their keys and arguments, so a test sees
// what the document asks for without a catalogue.
type keyLabels struct{}

func (keyLabels) T(key string, args ...any) string {
	if len(args) == 0 {
		return key
	}
	return key + fmt.Sprint([]any{args}...)
}
func (l keyLabels) N(key string, n int, args ...any) string {
	return l.T(key, append([]any{n}, args...)...)
}
func (keyLabels) Date(t time.Time) string     { return t.Format(time.DateOnly) }
func (keyLabels) Number(f float64) string     { return fmt.Sprint(f) }
func (keyLabels) Percent(r float64) string    { return fmt.Sprintf("%.1f%%", r*100) }
func (keyLabels) Span(d time.Duration) string { return d.String() }

func TestExport(t *testing.T) {
	evil := "<!channel> & *bold* | x"
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil, TimeZone: "Europe/Paris", Language: "en"}
	g := &plan.Goal{ID: 1, Kind: plan.GoalLeads, Title: "Grow " + evil, Metric: "signups", Baseline: 1, Target: 2,
		Deadline: day(2026, 6, 30), OwnerID: "U1", Learn: "- which\nposts"}
	x := &plan.Channel{ID: 2, Network: plan.NetworkX, Role: plan.GoalAwareness, Why: "why " + evil, Cadence: "daily",
		Status: plan.ChannelStopped, StatusSince: time.Date(2026, 3, 8, 23, 30, 0, 0, time.UTC), StatusBy: "U1"}
	blog := &plan.Channel{ID: 3, Network: plan.NetworkBlog, Role: plan.GoalAwareness, Why: "why"}
	e := &plan.Experiment{ID: 1, Name: "Q " + evil, Hypothesis: "h", Variable: plan.VariableQuestion, Network: plan.NetworkX,
		Variants:  []plan.ExperimentVariant{{Name: "A", Exposures: 100, Successes: 45}, {Name: "B", Exposures: 100, Successes: 30}},
		ResultsAt: day(2026, 3, 1)}
	d := plan.ExportDoc{
		Plan: p, Now: time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC), Users: map[string]string{"U1": "Ana *A*"},
		Goals: []*plan.Goal{g}, KPIs: []plan.KPIStatus{{Goal: g, Pace: plan.PaceNoData}},
		Channels:     []*plan.Channel{x, blog},
		Experiments:  []*plan.Experiment{e},
		Observations: []*plan.Observation{{Metric: "signups", Value: 3, Date: day(2026, 3, 2), Link: "https://a.example/x_y", Source: evil}},
		Decisions: []*plan.Decision{{Subject: plan.SubjectNetwork, SubjectName: "X", Decision: plan.DecisionStop, Rationale: evil,
			NewCadence: "2 a month", NewStatus: plan.ChannelStopped, DecidedBy: "U1", DecidedAt: day(2026, 3, 9)}},
		DecisionsTotal: 3,
	}
	md := markdown.Export(d, keyLabels{})
	for _, want := range []string{
		`# export.title[Acme \<!channel\> \& \*bold\* \| x]`,
		"\n## step.goals.name\n", "\n## step.review.name\n",
		`| Grow \<!channel\> \& \*bold\* \| x | goal.kind.leads | signups |`,
		"\\- which  \nposts", // multi-line text keeps its lines, escaped
		`@Ana \*A\*`,
		"<https://a.example/x_y>",          // a valid URL is an autolink, unescaped
		"export.verdict.winner[A B 0.028]", // 45/100 against 30/100: z = 2.191, p = 0.0285 (R's prop.test without continuity correction)
		"| decision.stop |",
		"export.changed.cadence[2 a month]; export.changed.status[channel.status.stopped]",
		"| export.col.network | export.col.role | export.col.status |",
		// In the plan's zone (Paris), 23:30 UTC is the next day.
		"| network.x | goal.kind.awareness | export.channel.status_since[channel.status.stopped 2026-03-09] (@Ana \\*A\\*) |",
		"| network.blog | goal.kind.awareness | channel.status.active |",
		"export.more[2]",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("export lacks %q:\n%s", want, md)
		}
	}
	for _, bad := range []string{"&lt;", "&amp;", "<!channel>", "*bold*"} {
		if strings.Contains(md, bad) {
			t.Errorf("export holds %q", bad)
		}
	}
	if strings.Count(md, "\n## ") != 9 {
		t.Errorf("%d steps, want 9", strings.Count(md, "\n## "))
	}
}
