package bot

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

// testRisks are two goals said at risk: one off track with a note, one at
// risk without.
func testRisks() []plan.GoalRisk {
	return []plan.GoalRisk{
		{Goal: &plan.Goal{ID: 1, Title: "Grow the community"}, Level: plan.CheckInOffTrack,
			CheckIn: &plan.CheckIn{GoalID: 1, Status: plan.CheckInOffTrack, Note: "Agency budget cut " + evil}},
		{Goal: &plan.Goal{ID: 2, Title: "Launch day " + evil}, Level: plan.CheckInAtRisk,
			CheckIn: &plan.CheckIn{GoalID: 2, Status: plan.CheckInAtRisk}},
	}
}

func TestSaidAtRisk(t *testing.T) {
	goals := []*plan.Goal{{ID: 1, Title: "On track"}, {ID: 2, Title: "Said at risk"}, {ID: 3, Title: "Said off track"}, {ID: 4, Title: "No check-in"}}
	latest := map[int64]*plan.CheckIn{
		1: {GoalID: 1, Status: plan.CheckInOnTrack},
		2: {GoalID: 2, Status: plan.CheckInAtRisk},
		3: {GoalID: 3, Status: plan.CheckInOffTrack},
	}
	var got []string
	for _, r := range saidAtRisk(goals, latest) {
		got = append(got, r.Goal.Title)
	}
	// Off track first, then at risk; on track and silent goals left out.
	if want := "Said off track,Said at risk"; strings.Join(got, ",") != want {
		t.Errorf("saidAtRisk = %v, want %s", got, want)
	}
	if s := saidAtRiskText(EN, nil); s != "" {
		t.Errorf("no risk: text %q, want none", s)
	}
	if s := saidAtRiskContext(FR, nil); s != "" {
		t.Errorf("no risk: context %q, want none", s)
	}
}

func TestSaidAtRiskText(t *testing.T) {
	tests := []struct {
		lang    Lang
		text    []string
		context []string
	}{
		{EN, []string{"*Goals their owners say are at risk or off track*", "• *Grow the community* (Off track): “Agency budget cut &lt;!channel&gt;",
			"• *Launch day &lt;!channel&gt;"},
			[]string{"Said at risk in check-ins: *Grow the community* (Off track), *Launch day &lt;!channel&gt;"}},
		{FR, []string{"*Objectifs que leurs responsables disent à risque ou en difficulté*", "• *Grow the community* (En difficulté)\u202f: «\u202fAgency budget cut &lt;!channel&gt;"},
			[]string{"Dits à risque lors des points objectifs\u202f: *Grow the community* (En difficulté), *Launch day &lt;!channel&gt;", "(À risque)"}},
	}
	for _, tt := range tests {
		text, ctx := saidAtRiskText(tt.lang, testRisks()), saidAtRiskContext(tt.lang, testRisks())
		for _, w := range tt.text {
			if !strings.Contains(text, w) {
				t.Errorf("%s: text %q lacks %q", tt.lang, text, w)
			}
		}
		for _, w := range tt.context {
			if !strings.Contains(ctx, w) {
				t.Errorf("%s: context %q lacks %q", tt.lang, ctx, w)
			}
		}
		if strings.Contains(text+ctx, "<!channel>") {
			t.Errorf("%s: user text not escaped", tt.lang)
		}
	}
}
