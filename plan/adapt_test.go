package plan_test

import (
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestDecision(t *testing.T) {
	ok := plan.Decision{Subject: plan.SubjectNetwork, SubjectID: 3, Decision: plan.DecisionStop, Rationale: " Noise ", NewCadence: "Stopped"}
	ok.Normalize()
	if err := ok.Validate(); err != nil || ok.Rationale != "Noise" {
		t.Fatalf("%v, %q", err, ok.Rationale)
	}
	if !ok.Reduces() {
		t.Error("a stop on a network does not reduce it")
	}
	upd, changes := ok.ChannelUpdate()
	if !changes || upd.Cadence == nil || *upd.Cadence != "Stopped" || upd.Role != nil {
		t.Errorf("channel update %+v, %v", upd, changes)
	}
	tests := []struct {
		name  string
		edit  func(d *plan.Decision)
		field string
	}{
		{"ErrSubject", func(d *plan.Decision) { d.Subject, d.NewCadence = "goal", "" }, "subject"},
		{"ErrNoSubjectID", func(d *plan.Decision) { d.SubjectID = 0 }, "subject"},
		{"ErrDecision", func(d *plan.Decision) { d.Decision = "pause" }, "decision"},
		{"ErrRationaleTooLong", func(d *plan.Decision) { d.Rationale = strings.Repeat("x", plan.MaxRationaleLen+1) }, "rationale"},
		{"ErrRoleOfPillar", func(d *plan.Decision) { d.Subject, d.NewCadence, d.NewRole = plan.SubjectPillar, "", plan.GoalSales }, "role"},
		{"ErrCadenceOfCTA", func(d *plan.Decision) { d.Subject = plan.SubjectCTA }, "cadence"},
		{"ErrUnknownRole", func(d *plan.Decision) { d.NewRole = "fame" }, "role"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ok
			tt.edit(&d)
			if fe := plan.ErrorFields(d.Validate()); len(fe) != 1 || fe[0].Field != tt.field {
				t.Errorf("errors %v, want one on %s", fe, tt.field)
			}
		})
	}
	keep := plan.Decision{Subject: plan.SubjectPillar, SubjectID: 1, Decision: plan.DecisionKeep}
	if _, changes := keep.ChannelUpdate(); changes || keep.Reduces() {
		t.Error("keeping a pillar changes step 5")
	}
	less := plan.Decision{Subject: plan.SubjectNetwork, SubjectID: 1, Decision: plan.DecisionDoLess}
	if !less.Reduces() {
		t.Error("do less on a network does not reduce it")
	}
}
