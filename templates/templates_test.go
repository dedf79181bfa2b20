package templates_test

import (
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/templates"
)

// now is the day the tests apply templates, unless a test says otherwise.
var now = time.Date(2026, 5, 4, 9, 30, 0, 0, time.UTC)

// MustList returns the templates of lang.
func MustList(tb testing.TB, lang string) []templates.Summary {
	tb.Helper()
	list, err := templates.List(lang)
	if err != nil {
		tb.Fatalf("List(%q): %v", lang, err)
	}
	return list
}

// MustLoad loads template id in lang as of now in UTC.
func MustLoad(tb testing.TB, id, lang string) *templates.Template {
	tb.Helper()
	t, err := templates.Load(id, lang, now, time.UTC)
	if err != nil {
		tb.Fatalf("Load(%q, %q): %v", id, lang, err)
	}
	return t
}

// ids returns the IDs of every template, in the order of the first language.
func ids(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, s := range MustList(tb, templates.Languages[0]) {
		out = append(out, s.ID)
	}
	return out
}

func TestList(t *testing.T) {
	for _, lang := range templates.Languages {
		t.Run(lang, func(t *testing.T) {
			list := MustList(t, lang)
			// Issue 15 asks for at least a local business, an e-commerce
			// brand and a B2B service firm.
			if len(list) < 3 {
				t.Fatalf("%d templates, want at least 3", len(list))
			}
			for i, s := range list {
				if s.Lang != lang || s.Name == "" || s.Description == "" {
					t.Errorf("template %d: %+v", i, s)
				}
				if i > 0 && s.Order < list[i-1].Order {
					t.Errorf("%s (order %d) listed after %s (order %d)", s.ID, s.Order, list[i-1].ID, list[i-1].Order)
				}
			}
		})
	}
}

func TestListUnknownLanguage(t *testing.T) {
	_, err := templates.List("de")
	if plan.ErrorCode(err) != plan.ENOTFOUND {
		t.Fatalf("List(de) = %v, want ENOTFOUND", err)
	}
}

func TestLoadNotFound(t *testing.T) {
	for _, tt := range []struct{ name, id, lang string }{
		{name: "UnknownID", id: "florist", lang: "en"},
		{name: "UnknownLanguage", id: ids(t)[0], lang: "de"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := templates.Load(tt.id, tt.lang, now, time.UTC)
			if plan.ErrorCode(err) != plan.ENOTFOUND {
				t.Fatalf("Load(%q, %q) = %v, want ENOTFOUND", tt.id, tt.lang, err)
			}
		})
	}
}

// Every template exists in every language, with the same goals, numbers,
// deadlines, networks and references: only the words differ.
func TestSameStructureInEveryLanguage(t *testing.T) {
	for _, id := range ids(t) {
		t.Run(id, func(t *testing.T) {
			want := shape(MustLoad(t, id, templates.Languages[0]))
			for _, lang := range templates.Languages[1:] {
				if got := shape(MustLoad(t, id, lang)); !reflect.DeepEqual(got, want) {
					t.Errorf("%s differs from %s:\n%s: %+v\n%s: %+v", lang, templates.Languages[0], lang, got, templates.Languages[0], want)
				}
			}
		})
	}
	// And no language has a template the first one lacks.
	for _, lang := range templates.Languages[1:] {
		var got []string
		for _, s := range MustList(t, lang) {
			got = append(got, s.ID)
		}
		if !slices.Equal(got, ids(t)) {
			t.Errorf("%s has templates %v, %s has %v", lang, got, templates.Languages[0], ids(t))
		}
	}
}

// templateShape is what must not depend on the language.
type templateShape struct {
	Order    int
	Goals    []goalShape
	Personas []personaShape
	Strategy [2]bool // voice, tone present
	Pillars  [][]int
	CTAs     []ctaShape
	Channels []channelShape
}

type goalShape struct {
	Kind             plan.GoalKind
	Baseline, Target float64
	Deadline         time.Time
	KPI              templates.KPIType
	HasUnit          bool
}

type personaShape struct {
	Networks []plan.Network
	HasNotes bool
}

type ctaShape struct {
	Kind    plan.CTAKind
	Goal    int
	Network plan.Network
	Scheme  string
}

type channelShape struct {
	Network        plan.Network
	Role           plan.GoalKind
	Personas       []int
	HasConstraints bool
}

func shape(t *templates.Template) templateShape {
	s := templateShape{Order: t.Order, Strategy: [2]bool{t.Strategy.Voice != "", t.Strategy.Tone != ""}}
	for _, g := range t.Goals {
		s.Goals = append(s.Goals, goalShape{g.Goal.Kind, g.Goal.Baseline, g.Goal.Target, g.Goal.Deadline, g.KPI, g.Goal.Unit != ""})
	}
	for _, p := range t.Personas {
		s.Personas = append(s.Personas, personaShape{p.Networks, p.Notes != ""})
	}
	for _, p := range t.Pillars {
		s.Pillars = append(s.Pillars, p.Personas)
	}
	for _, c := range t.CTAs {
		u, _ := url.Parse(c.CTA.URL)
		s.CTAs = append(s.CTAs, ctaShape{c.CTA.Kind, c.Goal, c.CTA.Network, u.Scheme})
	}
	for _, c := range t.Channels {
		s.Channels = append(s.Channels, channelShape{c.Channel.Network, c.Channel.Role, c.Personas, c.Channel.Constraints != ""})
	}
	return s
}

// Every entity passes the Validate that storage runs, with references
// set as Apply sets them, for days across a leap year, month ends and the
// DST transitions of 2026 (IANA time zone database) in the zones plans use.
func TestEveryEntityValid(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"UTC", "Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Kiritimati", "Pacific/Pago_Pago"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	days := []time.Time{
		time.Date(2026, 3, 29, 1, 30, 0, 0, time.UTC), // Paris springs forward
		time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC),
		time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC), // New York springs forward
		time.Date(2026, 8, 31, 23, 59, 0, 0, time.UTC),
		time.Date(2027, 12, 31, 12, 0, 0, 0, time.UTC),
		time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC),
	}
	for _, lang := range templates.Languages {
		for _, id := range ids(t) {
			t.Run(id+"."+lang, func(t *testing.T) {
				for _, loc := range zones {
					for _, n := range days {
						tpl, err := templates.Load(id, lang, n, loc)
						if err != nil {
							t.Fatalf("Load at %s in %s: %v", n, loc, err)
						}
						checkValid(t, tpl, plan.Today(n, loc))
					}
				}
			})
		}
	}
}

func checkValid(t *testing.T, tpl *templates.Template, today time.Time) {
	t.Helper()
	for _, g := range tpl.Goals {
		if err := g.Goal.Validate(today, true); err != nil {
			t.Errorf("goal %q: %v", g.Goal.Title, err)
		}
		if !g.Goal.Deadline.After(today) {
			t.Errorf("goal %q: deadline %s is not after %s", g.Goal.Title, g.Goal.Deadline, today)
		}
	}
	for _, p := range tpl.Personas {
		if err := p.Validate(); err != nil {
			t.Errorf("persona %q: %v", p.Name, err)
		}
	}
	if err := tpl.Strategy.Validate(); err != nil {
		t.Errorf("strategy: %v", err)
	}
	for _, p := range tpl.Pillars {
		c := *p.Pillar
		c.PersonaIDs = standIns(t, p.Personas, len(tpl.Personas))
		if err := c.Validate(); err != nil {
			t.Errorf("pillar %q: %v", c.Name, err)
		}
	}
	for _, c := range tpl.CTAs {
		cta := *c.CTA
		cta.GoalID = standIns(t, []int{c.Goal}, len(tpl.Goals))[0]
		if err := cta.Validate(); err != nil {
			t.Errorf("call to action %q: %v", cta.Text, err)
		}
	}
	for _, c := range tpl.Channels {
		ch := *c.Channel
		ch.PersonaIDs = standIns(t, c.Personas, len(tpl.Personas))
		if err := ch.Validate(); err != nil {
			t.Errorf("network %q: %v", ch.Network, err)
		}
	}
}

// standIns checks that indexes point into a slice of n, and returns IDs for
// them.
func standIns(t *testing.T, idx []int, n int) []int64 {
	t.Helper()
	var out []int64
	for _, i := range idx {
		if i < 0 || i >= n {
			t.Errorf("index %d out of %d", i, n)
		}
		out = append(out, int64(i)+100)
	}
	return out
}

// The deadlines are the offsets of the files from the day in the plan's
// zone. At 02:00 UTC on 1 March it is still 28 February in New York.
// Expected dates are read off a calendar.
func TestLoadDeadlines(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	date := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name string
		loc  *time.Location
		want []time.Time // the bakery's goals: +6 months, +3 months, +6 months
	}{
		{name: "UTC", loc: time.UTC, want: []time.Time{date(2026, 9, 1), date(2026, 6, 1), date(2026, 9, 1)}},
		{name: "NewYork", loc: ny, want: []time.Time{date(2026, 8, 28), date(2026, 5, 28), date(2026, 8, 28)}},
		{name: "NilIsUTC", loc: nil, want: []time.Time{date(2026, 9, 1), date(2026, 6, 1), date(2026, 9, 1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, lang := range templates.Languages {
				tpl, err := templates.Load("bakery", lang, at, tt.loc)
				if err != nil {
					t.Fatal(err)
				}
				var got []time.Time
				for _, g := range tpl.Goals {
					got = append(got, g.Goal.Deadline)
				}
				if !slices.EqualFunc(got, tt.want, time.Time.Equal) {
					t.Errorf("%s deadlines = %v, want %v", lang, got, tt.want)
				}
			}
		})
	}
}

// Load returns new entities each time: changing or storing one template
// leaves the next Load as it was.
func TestLoadReturnsFreshEntities(t *testing.T) {
	id := ids(t)[0]
	a := MustLoad(t, id, "en")
	a.Goals[0].Goal.Title = "changed"
	a.Personas[0].Networks[0] = plan.NetworkOther
	a.Pillars[0].Personas[0] = 99
	a.Strategy.Voice = "changed"
	b := MustLoad(t, id, "en")
	if b.Goals[0].Goal.Title == "changed" || b.Personas[0].Networks[0] == plan.NetworkOther || b.Pillars[0].Personas[0] == 99 || b.Strategy.Voice == "changed" {
		t.Fatal("a change to one loaded template shows in the next")
	}
}

// The templates are plans a social media manager would sign: the sizes
// issue 15 asks for, every persona reached, every call to action on a
// chosen network, every network serving a goal of the plan.
func TestPlansHoldTogether(t *testing.T) {
	for _, lang := range templates.Languages {
		for _, id := range ids(t) {
			t.Run(id+"."+lang, func(t *testing.T) {
				tpl := MustLoad(t, id, lang)
				for _, c := range []struct {
					what      string
					n, lo, hi int
				}{
					{"goals", len(tpl.Goals), 2, 4},
					{"personas", len(tpl.Personas), 2, 3},
					{"pillars", len(tpl.Pillars), 3, 4},
					{"calls to action", len(tpl.CTAs), 2, 5},
					{"networks", len(tpl.Channels), 3, 4},
				} {
					if c.n < c.lo || c.n > c.hi {
						t.Errorf("%d %s, want %d to %d", c.n, c.what, c.lo, c.hi)
					}
				}
				if tpl.Strategy.Voice == "" || tpl.Strategy.Tone == "" {
					t.Error("the strategy needs a voice and a tone")
				}
				reached := map[int]bool{}
				chosen := map[plan.Network]bool{}
				for _, c := range tpl.Channels {
					chosen[c.Channel.Network] = true
					for _, i := range c.Personas {
						reached[i] = true
					}
					if !slices.ContainsFunc(tpl.Goals, func(g templates.Goal) bool { return g.Goal.Kind == c.Channel.Role }) {
						t.Errorf("network %s has the role %s, which no goal has", c.Channel.Network, c.Channel.Role)
					}
					if c.Channel.Cadence == "" {
						t.Errorf("network %s has no cadence", c.Channel.Network)
					}
				}
				for i, p := range tpl.Personas {
					if !reached[i] {
						t.Errorf("persona %q is reached by no chosen network", p.Name)
					}
					if p.Interests == "" || p.Excites == "" || len(p.Networks) == 0 {
						t.Errorf("persona %q lacks interests, what excites them or networks", p.Name)
					}
				}
				for _, p := range tpl.Pillars {
					if len(p.Personas) == 0 || p.Pillar.Description == "" {
						t.Errorf("pillar %q has no persona or no description", p.Pillar.Name)
					}
				}
				// Every goal has its call to action: a plan started from
				// a template meets step 4's bar in /plan status.
				served := map[int]bool{}
				for _, c := range tpl.CTAs {
					served[c.Goal] = true
				}
				for i, g := range tpl.Goals {
					if !served[i] {
						t.Errorf("goal %q has no call to action", g.Goal.Title)
					}
				}
				for _, c := range tpl.CTAs {
					if !chosen[c.CTA.Network] {
						t.Errorf("call to action %q is on %s, which the plan did not choose", c.CTA.Text, c.CTA.Network)
					}
					if u, _ := url.Parse(c.CTA.URL); u.Scheme != "tel" && u.Hostname() != "example.com" {
						t.Errorf("call to action %q points to %s: use an example.com placeholder", c.CTA.Text, c.CTA.URL)
					}
				}
				// Persona, pillar and call-to-action texts become the
				// options of Slack selects, which hold 75 characters.
				var options []string
				for _, p := range tpl.Personas {
					options = append(options, p.Name)
				}
				for _, p := range tpl.Pillars {
					options = append(options, p.Pillar.Name)
				}
				for _, c := range tpl.CTAs {
					options = append(options, c.CTA.Text)
				}
				for _, o := range options {
					if n := utf8.RuneCountInString(o); n > 75 {
						t.Errorf("%q has %d characters, more than a select option shows", o, n)
					}
				}
				for _, g := range tpl.Goals {
					if g.Goal.Learn == "" || g.Goal.Unit == "" {
						t.Errorf("goal %q lacks what to learn or a unit", g.Goal.Title)
					}
				}
			})
		}
	}
}

// texts returns every text of t that a user reads.
func texts(t *templates.Template) []string {
	out := []string{t.Name, t.Description, t.Strategy.Voice, t.Strategy.Tone}
	for _, g := range t.Goals {
		out = append(out, g.Goal.Title, g.Goal.Metric, g.Goal.Unit, g.Goal.Learn)
	}
	for _, p := range t.Personas {
		out = append(out, p.Name, p.Who, p.Interests, p.Excites, p.Notes)
	}
	for _, p := range t.Pillars {
		out = append(out, p.Pillar.Name, p.Pillar.Description)
	}
	for _, c := range t.CTAs {
		out = append(out, c.CTA.Text)
	}
	for _, c := range t.Channels {
		out = append(out, c.Channel.Why, c.Channel.Cadence, c.Channel.Constraints)
	}
	return out
}

const nnbsp = '\u202f' // narrow no-break space

var (
	// French: a narrow no-break space before : ; ! ? % and », after «.
	frBadBefore = regexp.MustCompile(`[^\x{202F}][:;!?%»]`)
	frBadAfter  = regexp.MustCompile(`«[^\x{202F}]`)
	// Thousands grouped by a narrow no-break space, not a space or a
	// no-break space; five digits or more ungrouped are a miss.
	frBadGroup = regexp.MustCompile(`\d[ \x{00A0}]\d{3}\b|\d{5,}`)
	// English: no space before punctuation, thousands grouped by commas.
	enBadBefore = regexp.MustCompile(`\s[:;!?%]|[\x{00A0}\x{202F}«»]`)
	enBadGroup  = regexp.MustCompile(`\d{5,}`)
)

func TestTypography(t *testing.T) {
	for _, lang := range templates.Languages {
		for _, id := range ids(t) {
			t.Run(id+"."+lang, func(t *testing.T) {
				for _, s := range texts(MustLoad(t, id, lang)) {
					if !utf8.ValidString(s) || strings.TrimSpace(s) != s || strings.Contains(s, "  ") {
						t.Errorf("%q: stray spaces or invalid UTF-8", s)
					}
					var bad []string
					switch lang {
					case "fr":
						bad = append(bad, frBadBefore.FindAllString(s, -1)...)
						bad = append(bad, frBadAfter.FindAllString(s, -1)...)
						bad = append(bad, frBadGroup.FindAllString(s, -1)...)
						if strings.HasPrefix(s, ":") || strings.ContainsRune(s, '"') {
							bad = append(bad, `" or a leading colon`)
						}
					case "en":
						bad = append(bad, enBadBefore.FindAllString(s, -1)...)
						bad = append(bad, enBadGroup.FindAllString(s, -1)...)
					}
					if len(bad) > 0 {
						t.Errorf("%q: %q", s, bad)
					}
				}
			})
		}
	}
}

// The typography checks above must catch what they are for.
func TestTypographyChecks(t *testing.T) {
	for _, tt := range []struct {
		re   *regexp.Regexp
		s    string
		want bool
	}{
		{frBadBefore, "Pourquoi ?", true},
		{frBadBefore, "Pourquoi\u00a0?", true},
		{frBadBefore, "Pourquoi" + string(nnbsp) + "?", false},
		{frBadBefore, "10 %", true},
		{frBadAfter, "« mot" + string(nnbsp) + "»", true},
		{frBadAfter, "«" + string(nnbsp) + "mot" + string(nnbsp) + "»", false},
		{frBadGroup, "1 200 abonnés", true},
		{frBadGroup, "1" + string(nnbsp) + "200 abonnés", false},
		{frBadGroup, "150000 comptes", true},
		{frBadGroup, "20 à 200 salariés", false},
		{enBadBefore, "Why ?", true},
		{enBadBefore, "Why?", false},
		{enBadGroup, "150000 accounts", true},
		{enBadGroup, "150,000 accounts", false},
	} {
		if got := tt.re.MatchString(tt.s); got != tt.want {
			t.Errorf("%v matches %q: %v, want %v", tt.re, tt.s, got, tt.want)
		}
	}
}

// A template's KPI keys become the plan's KPI type, which storage keeps:
// what the file leaves out follows from the rest.
func TestKPITypePlan(t *testing.T) {
	tests := []struct {
		name             string
		k                templates.KPIType
		baseline, target float64
		want             plan.KPIType
	}{
		{name: "Nothing", k: templates.KPIType{}, baseline: 1, target: 2, want: plan.KPIType{}},
		{name: "Flow", k: templates.KPIType{Direction: "increase", Aggregation: "flow", Period: "month"}, baseline: 3, target: 10,
			want: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateFlow, Period: plan.PeriodMonth}},
		{name: "LevelCount", k: templates.KPIType{Direction: "increase", Aggregation: "level", Count: true}, baseline: 850, target: 2000,
			want: plan.KPIType{Direction: plan.DirectionIncrease, Aggregation: plan.AggregateLevel, Count: true}},
		{name: "RateDown", k: templates.KPIType{Direction: "decrease", Aggregation: "rate"}, baseline: 24, target: 4,
			want: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}},
		{name: "DirectionFromNumbers", k: templates.KPIType{Aggregation: "rate"}, baseline: 24, target: 4,
			want: plan.KPIType{Direction: plan.DirectionDecrease, Aggregation: plan.AggregateRate}},
		{name: "AggregationDefaultsToLevel", k: templates.KPIType{Direction: "stay_above"}, baseline: 4.5, target: 4.5,
			want: plan.KPIType{Direction: plan.DirectionStayAbove, Aggregation: plan.AggregateLevel}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.k.Plan(tt.baseline, tt.target); got != tt.want {
				t.Errorf("Plan = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Every goal of every template carries a KPI type, valid in the plan's
// terms: the review reads its numbers by it from the first day.
func TestTemplateGoalsHaveKPITypes(t *testing.T) {
	for _, lang := range templates.Languages {
		for _, id := range ids(t) {
			for _, g := range MustLoad(t, id, lang).Goals {
				if g.Goal.KPI.IsZero() {
					t.Errorf("%s.%s: goal %q has no KPI type", id, lang, g.Goal.Title)
					continue
				}
				if err := g.Goal.KPI.Validate(); err != nil {
					t.Errorf("%s.%s: goal %q: %v", id, lang, g.Goal.Title, err)
				}
			}
		}
	}
}
