package plan_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestPlan_Authorize(t *testing.T) {
	open := &plan.Plan{ChannelID: "C1"}
	owned := &plan.Plan{ChannelID: "C1", Owners: []string{"UOWNER", "UBOSS"}}
	tests := []struct {
		name   string
		p      *plan.Plan
		user   string
		area   plan.Area
		wantOK bool
	}{
		{name: "OpenPlanAnyone", p: open, user: "UANY", area: plan.AreaGoals, wantOK: true},
		{name: "OpenPlanNobody", p: open, user: "", area: plan.AreaStrategy, wantOK: true},
		{name: "OwnerGoals", p: owned, user: "UBOSS", area: plan.AreaGoals, wantOK: true},
		{name: "OwnerSettings", p: owned, user: "UOWNER", area: plan.AreaSettings, wantOK: true},
		{name: "ContentOpenToAll", p: owned, user: "UANY", area: plan.AreaContent, wantOK: true},
		{name: "ErrGoals", p: owned, user: "UANY", area: plan.AreaGoals},
		{name: "ErrAudience", p: owned, user: "UANY", area: plan.AreaAudience},
		{name: "ErrStrategy", p: owned, user: "UANY", area: plan.AreaStrategy},
		{name: "ErrCTAs", p: owned, user: "UANY", area: plan.AreaCTAs},
		{name: "ErrChannels", p: owned, user: "UANY", area: plan.AreaChannels},
		{name: "ErrSettings", p: owned, user: "UANY", area: plan.AreaSettings},
		{name: "ErrNobody", p: owned, user: "", area: plan.AreaGoals},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.p.Authorize(tt.user, tt.area)
			if tt.wantOK {
				if err != nil {
					t.Fatalf("Authorize = %v, want nil", err)
				}
				return
			}
			if plan.ErrorCode(err) != plan.EFORBIDDEN {
				t.Fatalf("Authorize = %v, want EFORBIDDEN", err)
			}
			if e := err.(*plan.Error); e.Key != "forbidden."+string(tt.area) {
				t.Fatalf("key %q, want forbidden.%s", e.Key, tt.area)
			}
		})
	}
}

func TestNormalizeOwners(t *testing.T) {
	got := plan.NormalizeOwners([]string{" U2", "U1", "", "U2", "U3 "})
	if want := []string{"U2", "U1", "U3"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("NormalizeOwners = %q, want %q", got, want)
	}
	if got := plan.NormalizeOwners(nil); got != nil {
		t.Fatalf("NormalizeOwners(nil) = %q, want nil", got)
	}
}

func TestUserIDFromContext(t *testing.T) {
	if got := plan.UserIDFromContext(context.Background()); got != "" {
		t.Fatalf("empty context gives %q", got)
	}
	ctx := plan.NewContextWithUser(context.Background(), "U1")
	if got := plan.UserIDFromContext(ctx); got != "U1" {
		t.Fatalf("UserIDFromContext = %q, want U1", got)
	}
}

func TestPlanUpdate_Apply(t *testing.T) {
	p := &plan.Plan{Name: "a", TimeZone: "UTC", Language: "en", Owners: []string{"U1"}}
	name, owners := "b", []string{"U2", "U2", " "}
	plan.PlanUpdate{Name: &name, Owners: &owners}.Apply(p)
	if p.Name != "b" || p.TimeZone != "UTC" || !reflect.DeepEqual(p.Owners, []string{"U2"}) {
		t.Fatalf("after Apply: %+v", p)
	}
}

func TestPlan_ValidateOwners(t *testing.T) {
	p := &plan.Plan{TeamID: "T", ChannelID: "C", TimeZone: "UTC", Language: "en"}
	for i := range plan.MaxOwners + 1 {
		p.Owners = append(p.Owners, "U"+string(rune('A'+i)))
	}
	assertFieldKeys(t, p.Validate(), "plan.owners.too_many")
	p.Owners = p.Owners[:plan.MaxOwners]
	if err := p.Validate(); err != nil {
		t.Fatalf("Validate with %d owners: %v", plan.MaxOwners, err)
	}
}

// assertFieldKeys fails unless err carries exactly the field errors with
// keys, in order.
func assertFieldKeys(tb testing.TB, err error, keys ...string) {
	tb.Helper()
	fields := plan.ErrorFields(err)
	var got []string
	for _, f := range fields {
		got = append(got, f.Key)
	}
	if !reflect.DeepEqual(got, keys) {
		tb.Fatalf("field error keys %q, want %q (err %v)", got, keys, err)
	}
}
