package plan_test

import (
	"reflect"
	"slices"
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
		{name: "OKStopped", edit: func(c *plan.Channel) { c.Status, c.StatusNote = plan.ChannelStopped, "Noise" }},
		{name: "OKZeroStatus", edit: func(c *plan.Channel) { c.Status = "" }},
		{name: "ErrStatus", edit: func(c *plan.Channel) { c.Status = "paused" }, keys: []string{"channel.status.invalid"}},
		{name: "ErrStatusNote", edit: func(c *plan.Channel) { c.StatusNote = strings.Repeat("n", plan.MaxChannelStatusNoteLen+1) }, keys: []string{"channel.status_note.too_long"}},
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
	c := &plan.Channel{Why: " x ", PersonaIDs: []int64{3, 1, 3}, StatusNote: " n "}
	c.Normalize()
	if c.Why != "x" || !reflect.DeepEqual(c.PersonaIDs, []int64{1, 3}) || c.Status != plan.ChannelActive || c.StatusNote != "n" {
		t.Fatalf("after Normalize: %+v", c)
	}
}

func TestChannelUpdate_Status(t *testing.T) {
	stopped, active := plan.ChannelStopped, plan.ChannelActive
	note := "No leads"
	tests := []struct {
		name     string
		from     plan.Channel
		upd      plan.ChannelUpdate
		want     plan.ChannelStatus
		wantNote string
	}{
		{name: "StatusWithNote", from: plan.Channel{Status: active}, upd: plan.ChannelUpdate{Status: &stopped, StatusNote: &note}, want: stopped, wantNote: note},
		// The note of the old status does not say why the new one was set.
		{name: "NewStatusClearsNote", from: plan.Channel{Status: stopped, StatusNote: "Noise"}, upd: plan.ChannelUpdate{Status: &active}, want: active},
		{name: "SameStatusKeepsNote", from: plan.Channel{Status: stopped, StatusNote: "Noise"}, upd: plan.ChannelUpdate{Status: &stopped}, want: stopped, wantNote: "Noise"},
		{name: "ZeroIsActive", from: plan.Channel{StatusNote: "kept"}, upd: plan.ChannelUpdate{Status: &active}, want: "", wantNote: "kept"},
		{name: "NoStatus", from: plan.Channel{Status: stopped, StatusNote: "Noise"}, upd: plan.ChannelUpdate{}, want: stopped, wantNote: "Noise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.from
			tt.upd.Apply(&c)
			if c.Status != tt.want || c.StatusNote != tt.wantNote {
				t.Errorf("status %q, note %q; want %q, %q", c.Status, c.StatusNote, tt.want, tt.wantNote)
			}
		})
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
		{{Chosen: true, Reaches: true, Online: true}, {}, {}},
		{{}, {Online: true}, {}},
		{{Chosen: true, Reaches: true}, {}, {}},
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

// TestFit_Status: a stopped network reaches no one, a reduced one still
// does; a stopped network is not flagged as chosen for no persona.
func TestFit_Status(t *testing.T) {
	sophie := &plan.Persona{ID: 1, Name: "Sophie", Networks: []plan.Network{plan.NetworkInstagram}}
	marc := &plan.Persona{ID: 2, Name: "Marc"}
	personas := []*plan.Persona{sophie, marc}
	channel := func(id int64, n plan.Network, s plan.ChannelStatus, personas ...int64) *plan.Channel {
		return &plan.Channel{ID: id, Network: n, Status: s, PersonaIDs: personas}
	}
	names := func(ps []*plan.Persona) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	networks := func(cs []*plan.Channel) []plan.Network {
		var out []plan.Network
		for _, c := range cs {
			out = append(out, c.Network)
		}
		return out
	}
	tests := []struct {
		name      string
		channels  []*plan.Channel
		reaches   [][]bool // per persona, per network
		unreached []string
		unused    []plan.Network
	}{
		{
			name:      "StoppedReachesNoOne",
			channels:  []*plan.Channel{channel(1, plan.NetworkInstagram, plan.ChannelStopped, 1, 2)},
			reaches:   [][]bool{{false}, {false}},
			unreached: []string{"Sophie", "Marc"},
		},
		{
			name: "OnlyStoppedLeavesUnreached",
			channels: []*plan.Channel{
				channel(1, plan.NetworkInstagram, plan.ChannelStopped, 1),
				channel(2, plan.NetworkBlog, plan.ChannelActive, 2),
			},
			reaches:   [][]bool{{false, false}, {false, true}},
			unreached: []string{"Sophie"},
		},
		{
			name: "ActiveBesideStopped",
			channels: []*plan.Channel{
				channel(1, plan.NetworkInstagram, plan.ChannelStopped, 1),
				channel(2, plan.NetworkBlog, "", 1, 2),
			},
			reaches: [][]bool{{false, true}, {false, true}},
		},
		{
			name:     "ReducedStillReaches",
			channels: []*plan.Channel{channel(1, plan.NetworkInstagram, plan.ChannelReduced, 1, 2)},
			reaches:  [][]bool{{true}, {true}},
		},
		{
			name: "StoppedForNoOneIsNotUnused",
			channels: []*plan.Channel{
				channel(1, plan.NetworkInstagram, plan.ChannelActive, 1, 2),
				channel(2, plan.NetworkX, plan.ChannelStopped),
				channel(3, plan.NetworkBlog, plan.ChannelReduced),
			},
			reaches: [][]bool{{true, false, false}, {true, false, false}},
			unused:  []plan.Network{plan.NetworkBlog},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := plan.Fit(personas, tt.channels)
			for i := range personas {
				for j, c := range tt.channels {
					cell := m.Cells[i][j]
					if cell.Reaches != tt.reaches[i][j] {
						t.Errorf("%s on %s: reaches %v, want %v", personas[i].Name, c.Network, cell.Reaches, tt.reaches[i][j])
					}
					if chosen := slices.Contains(c.PersonaIDs, personas[i].ID); cell.Chosen != chosen {
						t.Errorf("%s on %s: chosen %v, want %v whatever the status", personas[i].Name, c.Network, cell.Chosen, chosen)
					}
				}
			}
			if got := names(m.Unreached); !slices.Equal(got, tt.unreached) {
				t.Errorf("unreached %v, want %v", got, tt.unreached)
			}
			if got := networks(m.Unused); !slices.Equal(got, tt.unused) {
				t.Errorf("unused %v, want %v", got, tt.unused)
			}
		})
	}
}
