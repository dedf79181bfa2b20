package bot

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/markdown"
	"github.com/planbot/planbot/plan"
)

// TestExportLabelsInCatalogue exports a full document in both languages
// and checks every label it asked for is in the catalogue.
func TestExportLabelsInCatalogue(t *testing.T) {
	d := adaptTestData(EN)
	e := &plan.Experiment{ID: 1, Name: "Q", Variable: plan.VariableDay, Network: plan.NetworkX,
		Variants: []plan.ExperimentVariant{{Name: "A"}, {Name: "B"}}}
	doc := plan.ExportDoc{
		Plan: measurePlan(), Now: measureNow, KPIs: measureKPIs(), Metrics: measureMetrics(), Matrix: d.Matrix,
		Goals:        []*plan.Goal{measureKPIs()[0].Goal},
		Personas:     []*plan.Persona{{ID: 1, Name: "Sophie", Networks: []plan.Network{plan.NetworkInstagram}, Who: "parent"}},
		Strategy:     &plan.Strategy{Voice: "warm", Tone: "kind"},
		Pillars:      []*plan.Pillar{{ID: 3, Name: "Recipes", PersonaIDs: []int64{1}}},
		Content:      []*plan.ContentItem{{ID: 1, Title: "Teaser", Network: plan.NetworkInstagram, Format: plan.FormatImage, Status: plan.ContentDraft, Copy: "Hi", PillarID: 3}},
		CTAs:         []*plan.CTA{{ID: 4, Kind: plan.CTAEmailSignup, Text: "Sign up", URL: "https://a.example", GoalID: 7, Network: plan.NetworkInstagram}},
		Channels:     []*plan.Channel{d.Matrix.Findings[0].Channel},
		Experiments:  []*plan.Experiment{e},
		Engagement:   []*plan.EngagementItem{{Network: plan.NetworkX, Kind: plan.EngagementQuestion, Excerpt: "?", Status: plan.EngagementReplied}},
		Replies:      []plan.NetworkReplyStats{{Network: plan.NetworkX, Count: 1}},
		Observations: []*plan.Observation{{Metric: "mentions", Value: 1, Date: measureNow, Network: plan.NetworkBlog}},
		Schedule:     plan.ReviewSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 1},
		Decisions:    []*plan.Decision{{Subject: plan.SubjectNetwork, SubjectName: "X", Decision: plan.DecisionStop, NewRole: plan.GoalSales, NewCadence: "x"}},
	}
	for _, lang := range []Lang{EN, FR} {
		md := markdown.Export(doc, exportLabels{lang})
		for _, word := range []string{"export.", "step.", "goal.kind.", "network.", "decision.", "pace.word.", "metric.kind.", "kpi.", "month."} {
			if i := strings.Index(md, word); i >= 0 {
				t.Errorf("%s: a label is missing from the catalogue: %q", lang, md[i:min(len(md), i+40)])
			}
		}
	}
}
