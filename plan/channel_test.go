package plan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func TestChannel_Validate(t *testing.T) {
	valid := func() *plan.Channel {
		return &plan.Channel{Network: plan.NetworkInstagram, Role: plan.GoalAwareness, Why: "Our audience is there", PersonaIDs: []int64{1}}
	}
	tests := []struct {
		name string
		edit func(c *plan.Channel)
		keys []string
	}{
		{name: "OK", edit: func(*plan.Channel) {}},
		{name: "OKNoPersona", edit: func(c *plan.Channel) { c.PersonaIDs = nil }},
		{name: "ErrNetwork", edit: func(c *plan.Channel) { c.Network = "" }, keys: []string{"channel.network.invalid"}},
		{name: "ErrRole", edit: func(c *plan.Channel) { c.Role = "fame" }, keys: []string{"channel.role.invalid"}},
		{name: "ErrWhyRequired", edit: func(c *plan.Channel) { c.Why = "" }, keys: []string{"channel.why.required"}},
		{name: "ErrWhyTooLong", edit: func(c *plan.Channel) { c.Why = strings.Repeat("w", plan.MaxChannelWhyLen+1) }, keys: []string{"channel.why.too_long"}},
		{name: "ErrPersonaID", edit: func(c *plan.Channel) { c.PersonaIDs = []int64{0} }, keys: []string{"channel.personas.invalid"}},
		{name: "ErrCadence", edit: func(c *plan.Channel) { c.Cadence = strings.Repeat("c", plan.MaxChannelCadenceLen+1) }, keys: []string{"channel.cadence.too_long"}},
		{name: "ErrConstraints", edit: func(c *plan.Channel) { c.Constraints = strings.Repeat("c", plan.MaxChannelConstraintsLen+1) }, keys: []string{"channel.constraints.too_long"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.edit(c)
			assertFieldKeys(t, c.Validate(), tt.keys...)
		})
	}
}

func TestChannel_Normalize(t *testing.T) {
	c := &plan.Channel{Why: " x ", PersonaIDs: []int64{3, 1, 3}}
	c.Normalize()
	if c.Why != "x" || !reflect.DeepEqual(c.PersonaIDs, []int64{1, 3}) {
		t.Fatalf("after Normalize: %+v", c)
	}
}

func TestFit(t *testing.T) {
	sophie := &plan.Persona{ID: 1, Name: "Sophie", Networks: []plan.Network{plan.NetworkInstagram}}
	marc := &plan.Persona{ID: 2, Name: "Marc", Networks: []plan.Network{plan.NetworkLinkedIn}}
	lea := &plan.Persona{ID: 3, Name: "Léa"}
	insta := &plan.Channel{ID: 10, Network: plan.NetworkInstagram, PersonaIDs: []int64{1, 3}}
	linkedin := &plan.Channel{ID: 11, Network: plan.NetworkLinkedIn}
	blog := &plan.Channel{ID: 12, Network: plan.NetworkBlog, PersonaIDs: []int64{99}} // a persona of another plan

	m := plan.Fit([]*plan.Persona{sophie, marc, lea}, []*plan.Channel{insta, linkedin, blog})
	want := [][]plan.FitCell{
		{{Chosen: true, Online: true}, {}, {}},
		{{}, {Online: true}, {}},
		{{Chosen: true}, {}, {}},
	}
	if !reflect.DeepEqual(m.Cells, want) {
		t.Errorf("cells %+v, want %+v", m.Cells, want)
	}
	if len(m.Unreached) != 1 || m.Unreached[0] != marc {
		t.Errorf("unreached %v, want Marc", m.Unreached)
	}
	if len(m.Unused) != 2 || m.Unused[0] != linkedin || m.Unused[1] != blog {
		t.Errorf("unused %v, want linkedin and blog", m.Unused)
	}

	empty := plan.Fit(nil, nil)
	if len(empty.Unreached) != 0 || len(empty.Unused) != 0 || len(empty.Cells) != 0 {
		t.Errorf("empty fit %+v", empty)
	}
}
