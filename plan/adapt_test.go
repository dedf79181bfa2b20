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
	upd, changes := ok.ChannelUpdate(plan.ChannelActive)
	if !changes || upd.Cadence == nil || *upd.Cadence != "Stopped" || upd.Role != nil ||
		upd.Status == nil || *upd.Status != plan.ChannelStopped || upd.StatusNote == nil || *upd.StatusNote != "Noise" {
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
	for _, kind := range plan.DecisionKinds {
		pillar := plan.Decision{Subject: plan.SubjectPillar, SubjectID: 1, Decision: kind}
		if _, changes := pillar.ChannelUpdate(plan.ChannelStopped); changes {
			t.Errorf("%s on a pillar changes step 5", kind)
		}
	}
}

func TestDecision_StatusFor(t *testing.T) {
	tests := []struct {
		name    string
		kind    plan.DecisionKind
		current plan.ChannelStatus
		want    plan.ChannelStatus // "" when the status stays
	}{
		{"StopActive", plan.DecisionStop, plan.ChannelActive, plan.ChannelStopped},
		{"StopZeroIsActive", plan.DecisionStop, "", plan.ChannelStopped},
		{"StopReduced", plan.DecisionStop, plan.ChannelReduced, plan.ChannelStopped},
		{"StopStopped", plan.DecisionStop, plan.ChannelStopped, ""},
		{"DoLessActive", plan.DecisionDoLess, plan.ChannelActive, plan.ChannelReduced},
		{"DoLessStopped", plan.DecisionDoLess, plan.ChannelStopped, plan.ChannelReduced},
		{"DoLessReduced", plan.DecisionDoLess, plan.ChannelReduced, ""},
		{"DoMoreStopped", plan.DecisionDoMore, plan.ChannelStopped, plan.ChannelActive},
		{"DoMoreReduced", plan.DecisionDoMore, plan.ChannelReduced, plan.ChannelActive},
		{"DoMoreActive", plan.DecisionDoMore, plan.ChannelActive, ""},
		{"KeepStopped", plan.DecisionKeep, plan.ChannelStopped, plan.ChannelActive},
		{"KeepReduced", plan.DecisionKeep, plan.ChannelReduced, plan.ChannelActive},
		{"KeepActive", plan.DecisionKeep, plan.ChannelActive, ""},
		{"KeepZero", plan.DecisionKeep, "", ""},
		{"TryStopped", plan.DecisionTry, plan.ChannelStopped, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := plan.Decision{Subject: plan.SubjectNetwork, SubjectID: 1, Decision: tt.kind, Rationale: "Why"}
			got, changes := d.StatusFor(tt.current)
			if changes != (tt.want != "") || (changes && got != tt.want) {
				t.Errorf("StatusFor(%q) = %q, %v; want %q", tt.current, got, changes, tt.want)
			}
			upd, changes := d.ChannelUpdate(tt.current)
			switch {
			case tt.want == "" && (changes || upd.Status != nil || upd.StatusNote != nil):
				t.Errorf("ChannelUpdate(%q) = %+v, %v; want no change", tt.current, upd, changes)
			case tt.want != "" && (!changes || upd.Status == nil || *upd.Status != tt.want || upd.StatusNote == nil || *upd.StatusNote != "Why"):
				t.Errorf("ChannelUpdate(%q) = %+v, %v; want status %q noted", tt.current, upd, changes, tt.want)
			case upd.Cadence != nil || upd.Role != nil:
				t.Errorf("ChannelUpdate(%q) changes the cadence or role: %+v", tt.current, upd)
			}
		})
	}
}
