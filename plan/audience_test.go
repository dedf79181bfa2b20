package plan_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/planbot/planbot/plan"
)

func validPersona() *plan.Persona {
	return &plan.Persona{
		PlanID: 1, Name: "Sophie", Who: "Busy parent in Lyon", Interests: "recipes",
		Networks: []plan.Network{plan.NetworkInstagram, plan.NetworkFacebook},
	}
}

func TestPersona_Validate(t *testing.T) {
	long := strings.Repeat("é", plan.MaxPersonaTextLen+1)
	tests := []struct {
		name string
		edit func(p *plan.Persona)
		keys []string
	}{
		{name: "OK", edit: func(*plan.Persona) {}},
		{name: "OKNameAtLimit", edit: func(p *plan.Persona) { p.Name = strings.Repeat("é", plan.MaxPersonaNameLen) }},
		{name: "ErrNameRequired", edit: func(p *plan.Persona) { p.Name = "" }, keys: []string{"persona.name.required"}},
		{name: "ErrNameTooLong", edit: func(p *plan.Persona) { p.Name = strings.Repeat("a", plan.MaxPersonaNameLen+1) }, keys: []string{"persona.name.too_long"}},
		{name: "ErrWhoRequired", edit: func(p *plan.Persona) { p.Who = "" }, keys: []string{"persona.who.required"}},
		{name: "ErrWhoTooLong", edit: func(p *plan.Persona) { p.Who = long }, keys: []string{"persona.who.too_long"}},
		{name: "ErrInterestsTooLong", edit: func(p *plan.Persona) { p.Interests = long }, keys: []string{"persona.interests.too_long"}},
		{name: "ErrExcitesTooLong", edit: func(p *plan.Persona) { p.Excites = long }, keys: []string{"persona.excites.too_long"}},
		{name: "ErrNetwork", edit: func(p *plan.Persona) { p.Networks = append(p.Networks, "myspace") }, keys: []string{"persona.networks.invalid"}},
		{name: "ErrNotes", edit: func(p *plan.Persona) { p.Notes = strings.Repeat("n", plan.MaxPersonaNotesLen+1) }, keys: []string{"persona.notes.too_long"}},
		{name: "ErrAll", edit: func(p *plan.Persona) { p.Name, p.Who = "", "" }, keys: []string{"persona.name.required", "persona.who.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validPersona()
			tt.edit(p)
			assertFieldKeys(t, p.Validate(), tt.keys...)
		})
	}
}

func TestPersona_Normalize(t *testing.T) {
	p := &plan.Persona{Name: "  Sophie ", Networks: []plan.Network{"myspace", plan.NetworkX, plan.NetworkFacebook, plan.NetworkX}}
	p.Normalize()
	if p.Name != "Sophie" {
		t.Errorf("name %q", p.Name)
	}
	want := []plan.Network{plan.NetworkFacebook, plan.NetworkX, "myspace"}
	if !reflect.DeepEqual(p.Networks, want) {
		t.Errorf("networks %q, want %q", p.Networks, want)
	}
}

func TestPersonaUpdate_Apply(t *testing.T) {
	p := validPersona()
	name, nets := "Léa", []plan.Network{plan.NetworkTikTok}
	plan.PersonaUpdate{Name: &name, Networks: &nets}.Apply(p)
	nets[0] = plan.NetworkBlog // Apply must copy the slice
	if p.Name != "Léa" || p.Who != "Busy parent in Lyon" || !reflect.DeepEqual(p.Networks, []plan.Network{plan.NetworkTikTok}) {
		t.Fatalf("after Apply: %+v", p)
	}
}

func TestNetwork_Valid(t *testing.T) {
	if len(plan.Networks) != 13 {
		t.Fatalf("%d networks in the catalogue, want 13", len(plan.Networks))
	}
	for _, n := range plan.Networks {
		if !n.Valid() {
			t.Errorf("%q not valid", n)
		}
	}
	for _, n := range []plan.Network{"", "Facebook", "myspace"} {
		if n.Valid() {
			t.Errorf("%q valid", n)
		}
	}
}
