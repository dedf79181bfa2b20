package bot

import (
	"strings"
	"testing"
)

func TestViewMeta(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want viewMeta
		ok   bool
	}{
		{name: "List", in: `{"p":1,"c":"C1","n":2}`, want: viewMeta{PlanID: 1, ChannelID: "C1", Page: 2}, ok: true},
		{name: "Form", in: `{"p":1,"c":"C1","id":7,"v":"V1"}`, want: viewMeta{PlanID: 1, ChannelID: "C1", ID: 7, ParentID: "V1"}, ok: true},
		// A goal form opened before one type served every modal.
		{name: "LegacyGoalForm", in: `{"p":1,"c":"C1","g":7,"v":"V1"}`, want: viewMeta{PlanID: 1, ChannelID: "C1", ID: 7, ParentID: "V1"}, ok: true},
		{name: "NoPlan", in: `{"c":"C9","st":"1.000001"}`, want: viewMeta{ChannelID: "C9", SourceTS: "1.000001"}},
		{name: "NegativePlan", in: `{"p":-1}`},
		{name: "NotJSON", in: `not json`},
		{name: "Empty", in: ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parsePlanMeta(tt.in)
			if (err == nil) != tt.ok {
				t.Fatalf("parsePlanMeta(%s) error = %v, want ok %v", tt.in, err, tt.ok)
			}
			if tt.ok && got != tt.want {
				t.Errorf("parsePlanMeta(%s) = %+v, want %+v", tt.in, got, tt.want)
			}
			if tt.name == "NoPlan" {
				if got, err := parseViewMeta(tt.in); err != nil || got != tt.want {
					t.Errorf("parseViewMeta(%s) = %+v, %v; want %+v", tt.in, got, err, tt.want)
				}
			}
		})
	}

	t.Run("RoundTrip", func(t *testing.T) {
		m := viewMeta{PlanID: 1 << 62, ChannelID: "C0123456789", ID: 1 << 62, ParentID: "V0123456789", RootID: "V9876543210",
			Page: 1 << 30, Status: "in_review", Week: "2026-03-09", Mine: true, Owner: "U0123456789", SourceTS: "1700000000.000100"}
		s := m.String()
		if len(s) > 3000 {
			t.Errorf("the fullest metadata takes %d characters; Slack allows 3000", len(s))
		}
		if got, err := parsePlanMeta(s); err != nil || got != m {
			t.Errorf("round trip of %s = %+v, %v", s, got, err)
		}
		if strings.Contains(viewMeta{PlanID: 1}.String(), `"c"`) {
			t.Errorf("empty fields are written: %s", viewMeta{PlanID: 1}.String())
		}
	})

	t.Run("Child", func(t *testing.T) {
		list := viewMeta{PlanID: 1, ChannelID: "C1", Page: 2, Status: "draft", Week: "2026-03-09", Mine: true, ParentID: "VCONTENT"}
		got := list.child("VLIST", 5)
		want := viewMeta{PlanID: 1, ChannelID: "C1", ID: 5, ParentID: "VLIST", RootID: "VCONTENT", Page: 2, Status: "draft", Week: "2026-03-09", Mine: true}
		if got != want {
			t.Errorf("child = %+v, want %+v", got, want)
		}
	})
}
