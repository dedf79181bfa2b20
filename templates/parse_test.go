package templates

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

func TestParseOffset(t *testing.T) {
	tests := []struct {
		in      string
		want    offset
		wantErr bool
	}{
		{in: "+6 months", want: offset{months: 6}},
		{in: "+1 month", want: offset{months: 1}},
		{in: "+1 year", want: offset{years: 1}},
		{in: "+2 years", want: offset{years: 2}},
		{in: "+90 days", want: offset{days: 90}},
		{in: "+1 day", want: offset{days: 1}},
		{in: "+12 weeks", want: offset{days: 84}},
		{in: "+120 months", want: offset{months: 120}},
		{in: "+121 months", wantErr: true},
		{in: "+0 months", wantErr: true},
		{in: "-3 months", wantErr: true},
		{in: "6 months", wantErr: true},
		{in: "+6 mois", wantErr: true},
		{in: "+6months", wantErr: true},
		{in: "+06 months", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseOffset(tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("parseOffset(%q) = %+v, want an error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("parseOffset(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}

// The expected dates are read off a calendar: a month that is too short
// for the day stops on its last day, as people read "in six months".
func TestOffsetFrom(t *testing.T) {
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		today time.Time
		off   string
		want  time.Time
	}{
		{name: "Months", today: date(2026, 3, 15), off: "+6 months", want: date(2026, 9, 15)},
		{name: "MonthsIntoNextYear", today: date(2026, 10, 10), off: "+3 months", want: date(2027, 1, 10)},
		{name: "EndOfMonthToFebruary", today: date(2026, 8, 31), off: "+6 months", want: date(2027, 2, 28)},
		{name: "EndOfMonthToLeapFebruary", today: date(2027, 8, 31), off: "+6 months", want: date(2028, 2, 29)},
		{name: "EndOfMonthTo30Days", today: date(2026, 1, 31), off: "+3 months", want: date(2026, 4, 30)},
		{name: "LeapDayPlusYear", today: date(2028, 2, 29), off: "+1 year", want: date(2029, 2, 28)},
		{name: "Days", today: date(2026, 12, 20), off: "+30 days", want: date(2027, 1, 19)},
		{name: "WeeksOverLeapDay", today: date(2028, 2, 20), off: "+2 weeks", want: date(2028, 3, 5)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseOffset(tt.off)
			if err != nil {
				t.Fatal(err)
			}
			if got := o.from(tt.today); !got.Equal(tt.want) {
				t.Fatalf("%s from %s = %s, want %s", tt.off, tt.today.Format(time.DateOnly), got.Format(time.DateOnly), tt.want.Format(time.DateOnly))
			}
		})
	}
}

// validFile is the smallest template the parser accepts; the cases below
// break one thing each.
const validFile = `{
  "order": 1, "name": "Test", "description": "A test.",
  "goals": [{"ref": "g", "kind": "sales", "statement": "Sell", "kpi": {"metric": "sales", "baseline": 1, "target": 2, "unit": "", "deadline": "+1 month"}, "learn": ""}],
  "personas": [{"ref": "p", "name": "P", "who": "Someone", "interests": "", "excites": "", "networks": ["instagram"]}],
  "strategy": {"voice": "", "tone": ""},
  "pillars": [{"name": "Pillar", "description": "", "personas": ["p"]}],
  "ctas": [{"kind": "online_sale", "text": "Buy", "url": "https://example.com/", "goal": "g", "network": "instagram"}],
  "channels": [{"network": "instagram", "role": "sales", "why": "Because", "personas": ["p"], "cadence": "", "constraints": ""}]
}`

func TestParse(t *testing.T) {
	tests := []struct {
		name, old, new string
		wantErr        string // "" when the file must parse
	}{
		{name: "OK"},
		{name: "UnknownKey", old: `"learn": ""`, new: `"learn": "", "lern": ""`, wantErr: "unknown field"},
		{name: "TrailingData", old: validFile, new: validFile + "{}", wantErr: "data after"},
		{name: "NoName", old: `"name": "Test"`, new: `"name": " "`, wantErr: "name and description"},
		{name: "BadRef", old: `"ref": "g"`, new: `"ref": "Goal 1"`, wantErr: "lowercase"},
		{name: "DuplicateRef", old: `"ref": "p", "name": "P"`, new: `"ref": "p", "name": "P"}, {"ref": "p", "name": "Q", "who": "x"`, wantErr: "used twice"},
		{name: "NoBaseline", old: `"baseline": 1, `, new: ``, wantErr: "baseline and target"},
		{name: "BadDeadline", old: `"+1 month"`, new: `"in a month"`, wantErr: "deadline"},
		{name: "UnknownPersonaInPillar", old: `"personas": ["p"]}],
  "ctas"`, new: `"personas": ["q"]}],
  "ctas"`, wantErr: `no persona with ref "q"`},
		{name: "PersonaTwice", old: `"why": "Because", "personas": ["p"]`, new: `"why": "Because", "personas": ["p", "p"]`, wantErr: "listed twice"},
		{name: "UnknownGoalInCTA", old: `"goal": "g"`, new: `"goal": "h"`, wantErr: `no goal with ref "h"`},
		{name: "Direction", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "direction": "decrease"`},
		{name: "UnknownDirection", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "direction": "up"`, wantErr: "direction"},
		{name: "UnknownAggregation", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "sum"`, wantErr: "aggregation"},
		{name: "Flow", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "flow", "period": "month"`},
		{name: "FlowWithoutPeriod", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "flow"`, wantErr: "needs a period"},
		{name: "PeriodWithoutFlow", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "level", "period": "month"`, wantErr: "flow aggregation only"},
		{name: "UnknownPeriod", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "flow", "period": "day"`, wantErr: "period"},
		{name: "CountWithoutLevel", old: `"deadline": "+1 month"`, new: `"deadline": "+1 month", "aggregation": "rate", "count": true`, wantErr: "level aggregation only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := validFile
			if tt.old != "" {
				if !strings.Contains(data, tt.old) {
					t.Fatalf("the test's file has no %q", tt.old)
				}
				data = strings.Replace(data, tt.old, tt.new, 1)
			}
			p, err := parse("test", "en", []byte(data))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("parse: %v", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("parse succeeded, want an error with %q", tt.wantErr)
			case tt.wantErr != "" && !strings.Contains(err.Error(), tt.wantErr):
				t.Fatalf("parse: %v, want an error with %q", err, tt.wantErr)
			}
			if err == nil && (p.ID != "test" || p.Lang != "en" || p.Name != "Test") {
				t.Fatalf("parse gave %+v", p.Summary)
			}
		})
	}
}

// What only Validate knows (a kind of goal, a URL scheme, a deadline) is
// caught when the template is built, the way storage would catch it.
func TestValidate(t *testing.T) {
	today := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	tests := []struct{ name, old, new, wantErr string }{
		{name: "OK"},
		{name: "GoalKind", old: `"kind": "sales"`, new: `"kind": "sale"`, wantErr: "goal"},
		{name: "TargetIsBaseline", old: `"target": 2`, new: `"target": 1`, wantErr: "goal"},
		{name: "PersonaNetwork", old: `"networks": ["instagram"]`, new: `"networks": ["insta"]`, wantErr: "persona"},
		{name: "CTAURL", old: `"url": "https://example.com/"`, new: `"url": "example.com"`, wantErr: "call to action"},
		{name: "ChannelRole", old: `"role": "sales"`, new: `"role": ""`, wantErr: "network"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := parse("test", "en", []byte(strings.Replace(validFile, tt.old, tt.new, 1)))
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			err = p.build(today).validate(today)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("validate: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.wantErr)):
				t.Fatalf("validate: %v, want an error about the %s", err, tt.wantErr)
			}
		})
	}
}

func TestParseFSNames(t *testing.T) {
	tests := []struct {
		name, file string
		ok         bool
	}{
		{name: "OK", file: "data/shop.en.json", ok: true},
		{name: "NoLang", file: "data/shop.json"},
		{name: "UnknownLang", file: "data/shop.de.json"},
		{name: "UpperCase", file: "data/Shop.en.json"},
		{name: "Space", file: "data/my shop.fr.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte(validFile)}}
			ps, err := parseFS(fsys, "data")
			if tt.ok != (err == nil) {
				t.Fatalf("parseFS(%s) = %v, %v; want ok=%v", tt.file, ps, err, tt.ok)
			}
		})
	}
}

func TestParseFSOrder(t *testing.T) {
	order := func(n string) []byte { return []byte(strings.Replace(validFile, `"order": 1`, `"order": `+n, 1)) }
	fsys := fstest.MapFS{
		"data/a.en.json": {Data: order("2")},
		"data/b.en.json": {Data: order("1")},
		"data/c.en.json": {Data: order("2")},
	}
	ps, err := parseFS(fsys, "data")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, p.ID)
	}
	if strings.Join(got, ",") != "b,a,c" {
		t.Fatalf("order = %v, want b,a,c (by order, then id)", got)
	}
}
