package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/planbot/planbot/plan"
)

// Languages are the languages every template is written in: those of
// plan.Plan.Language.
var Languages = []string{"en", "fr"}

//go:embed data/*.json
var dataFS embed.FS

// Summary says what a template is, for a picker.
type Summary struct {
	ID          string // language-neutral, from the file name: "bakery"
	Lang        string // "en" or "fr"
	Order       int    // templates are listed by Order, then ID
	Name        string // "Neighbourhood bakery"
	Description string // one sentence on who it suits
}

// Direction says which way a KPI should move (issue 11).
type Direction string

// Directions a template may give a KPI.
const (
	DirectionIncrease  Direction = "increase"
	DirectionDecrease  Direction = "decrease"
	DirectionStayAbove Direction = "stay_above"
	DirectionStayBelow Direction = "stay_below"
)

// Aggregation says how a KPI's values combine (issue 11).
type Aggregation string

// Aggregations a template may give a KPI.
const (
	AggregationLevel Aggregation = "level" // the value on a day: followers
	AggregationRate  Aggregation = "rate"  // a rate or an average: never summed
	AggregationCost  Aggregation = "cost"  // cost per lead: never summed
	AggregationFlow  Aggregation = "flow"  // counted per Period: leads a month
)

// Period is the period of a flow KPI.
type Period string

// Periods of a flow KPI.
const (
	PeriodWeek  Period = "week"
	PeriodMonth Period = "month"
)

var (
	directions   = []Direction{DirectionIncrease, DirectionDecrease, DirectionStayAbove, DirectionStayBelow}
	aggregations = []Aggregation{AggregationLevel, AggregationRate, AggregationCost, AggregationFlow}
	periods      = []Period{PeriodWeek, PeriodMonth}
)

// KPIType is how a goal's KPI reads, when the template says so. The zero
// value says nothing: the goal reads as every goal does today.
type KPIType struct {
	Direction   Direction
	Aggregation Aggregation
	Period      Period // with AggregationFlow only
	Count       bool   // with AggregationLevel only: networks add up (followers)
}

// Plan returns k as the plan's KPI type, which storage keeps with the
// goal: the zero value when the template says nothing (the goal then reads
// as plan.DefaultKPIType says); else the direction the template gives, or
// the one baseline and target point to, and the aggregation it gives, or
// a level.
func (k KPIType) Plan(baseline, target float64) plan.KPIType {
	if k == (KPIType{}) {
		return plan.KPIType{}
	}
	t := plan.KPIType{
		Direction:   plan.Direction(k.Direction),
		Aggregation: plan.Aggregation(k.Aggregation),
		Period:      plan.Period(k.Period),
		Count:       k.Count,
	}
	if t.Direction == "" {
		t.Direction = plan.DirectionIncrease
		if target < baseline {
			t.Direction = plan.DirectionDecrease
		}
	}
	if t.Aggregation == "" {
		t.Aggregation = plan.AggregateLevel
	}
	t.Normalize()
	return t
}

// file is a data file as written. Its text fields are those of one
// language; refs are language-neutral.
type file struct {
	Order       int           `json:"order"`
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Goals       []fileGoal    `json:"goals"`
	Personas    []filePersona `json:"personas"`
	Strategy    fileStrategy  `json:"strategy"`
	Pillars     []filePillar  `json:"pillars"`
	CTAs        []fileCTA     `json:"ctas"`
	Channels    []fileChannel `json:"channels"`
}

type fileGoal struct {
	Ref       string        `json:"ref"`
	Kind      plan.GoalKind `json:"kind"`
	Statement string        `json:"statement"`
	KPI       fileKPI       `json:"kpi"`
	Learn     string        `json:"learn"`
}

type fileKPI struct {
	Metric      string      `json:"metric"`
	Baseline    *float64    `json:"baseline"`
	Target      *float64    `json:"target"`
	Unit        string      `json:"unit"`
	Deadline    string      `json:"deadline"`
	Direction   Direction   `json:"direction"`
	Aggregation Aggregation `json:"aggregation"`
	Period      Period      `json:"period"`
	Count       bool        `json:"count"`
}

type filePersona struct {
	Ref       string         `json:"ref"`
	Name      string         `json:"name"`
	Who       string         `json:"who"`
	Interests string         `json:"interests"`
	Excites   string         `json:"excites"`
	Networks  []plan.Network `json:"networks"`
	Notes     string         `json:"notes"`
}

type fileStrategy struct {
	Voice string `json:"voice"`
	Tone  string `json:"tone"`
}

type filePillar struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Personas    []string `json:"personas"`
}

type fileCTA struct {
	Kind    plan.CTAKind `json:"kind"`
	Text    string       `json:"text"`
	URL     string       `json:"url"`
	Goal    string       `json:"goal"`
	Network plan.Network `json:"network"`
}

type fileChannel struct {
	Network     plan.Network  `json:"network"`
	Role        plan.GoalKind `json:"role"`
	Why         string        `json:"why"`
	Personas    []string      `json:"personas"`
	Cadence     string        `json:"cadence"`
	Constraints string        `json:"constraints"`
}

// parsed is a data file checked for everything that does not depend on
// the day it is applied: keys, vocabularies, references, offsets.
type parsed struct {
	Summary
	f         file
	deadlines []offset // per goal
	goalIdx   map[string]int
	personaIx map[string]int
}

// all parses the embedded files once. A broken file is a bug that the
// package's tests catch; at run time it makes List and Load fail.
var all = sync.OnceValues(func() ([]*parsed, error) { return parseFS(dataFS, "data") })

// parseFS parses every <id>.<lang>.json file of dir in fsys.
func parseFS(fsys fs.FS, dir string) ([]*parsed, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	var out []*parsed
	for _, name := range names {
		base := strings.TrimSuffix(path.Base(name), ".json")
		id, lang, ok := strings.Cut(base, ".")
		if !ok || id == "" || !slices.Contains(Languages, lang) || plan.Slug(id) != id {
			return nil, fmt.Errorf("template %s: name it <id>.<lang>.json, id in lowercase letters, digits and hyphens, lang one of %v", name, Languages)
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		p, err := parse(id, lang, data)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *parsed) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// parse reads one data file and checks what can be checked without a day.
func parse(id, lang string, data []byte) (*parsed, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f file
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("decode: data after the template object")
	}
	p := &parsed{
		Summary:   Summary{ID: id, Lang: lang, Order: f.Order, Name: strings.TrimSpace(f.Name), Description: strings.TrimSpace(f.Description)},
		f:         f,
		goalIdx:   map[string]int{},
		personaIx: map[string]int{},
	}
	if p.Name == "" || p.Description == "" {
		return nil, fmt.Errorf("name and description are required")
	}
	for i, g := range f.Goals {
		if err := addRef(p.goalIdx, g.Ref, i); err != nil {
			return nil, fmt.Errorf("goal %d: %w", i+1, err)
		}
		if g.KPI.Baseline == nil || g.KPI.Target == nil {
			return nil, fmt.Errorf("goal %q: kpi baseline and target are required", g.Ref)
		}
		off, err := parseOffset(g.KPI.Deadline)
		if err != nil {
			return nil, fmt.Errorf("goal %q: %w", g.Ref, err)
		}
		p.deadlines = append(p.deadlines, off)
		if err := checkKPIType(g.KPI); err != nil {
			return nil, fmt.Errorf("goal %q: %w", g.Ref, err)
		}
	}
	for i, per := range f.Personas {
		if err := addRef(p.personaIx, per.Ref, i); err != nil {
			return nil, fmt.Errorf("persona %d: %w", i+1, err)
		}
	}
	for _, pil := range f.Pillars {
		if _, err := p.personas(pil.Personas); err != nil {
			return nil, fmt.Errorf("pillar %q: %w", pil.Name, err)
		}
	}
	for _, c := range f.CTAs {
		if _, ok := p.goalIdx[c.Goal]; !ok {
			return nil, fmt.Errorf("call to action %q: no goal with ref %q", c.Text, c.Goal)
		}
	}
	for _, c := range f.Channels {
		if _, err := p.personas(c.Personas); err != nil {
			return nil, fmt.Errorf("network %q: %w", c.Network, err)
		}
	}
	return p, nil
}

func addRef(refs map[string]int, ref string, i int) error {
	if ref == "" || plan.Slug(ref) != ref {
		return fmt.Errorf("ref %q must be lowercase letters, digits and hyphens", ref)
	}
	if _, dup := refs[ref]; dup {
		return fmt.Errorf("ref %q used twice", ref)
	}
	refs[ref] = i
	return nil
}

// personas resolves persona refs to indexes into the file's personas.
func (p *parsed) personas(refs []string) ([]int, error) {
	var out []int
	for _, ref := range refs {
		i, ok := p.personaIx[ref]
		if !ok {
			return nil, fmt.Errorf("no persona with ref %q", ref)
		}
		if slices.Contains(out, i) {
			return nil, fmt.Errorf("persona %q listed twice", ref)
		}
		out = append(out, i)
	}
	return out, nil
}

func checkKPIType(k fileKPI) error {
	if k.Direction != "" && !slices.Contains(directions, k.Direction) {
		return fmt.Errorf("unknown kpi direction %q", k.Direction)
	}
	if k.Aggregation != "" && !slices.Contains(aggregations, k.Aggregation) {
		return fmt.Errorf("unknown kpi aggregation %q", k.Aggregation)
	}
	switch {
	case k.Period != "" && !slices.Contains(periods, k.Period):
		return fmt.Errorf("unknown kpi period %q", k.Period)
	case k.Aggregation == AggregationFlow && k.Period == "":
		return fmt.Errorf("a flow kpi needs a period")
	case k.Aggregation != AggregationFlow && k.Period != "":
		return fmt.Errorf("a kpi period goes with the flow aggregation only")
	case k.Count && k.Aggregation != AggregationLevel:
		return fmt.Errorf("count goes with the level aggregation only")
	}
	return nil
}

// List returns the templates written in lang, in their order. It returns
// ENOTFOUND for a language with no template.
func List(lang string) ([]Summary, error) {
	ps, err := all()
	if err != nil {
		return nil, plan.Errorf(plan.EINTERNAL, "templates: %v", err)
	}
	var out []Summary
	for _, p := range ps {
		if p.Lang == lang {
			out = append(out, p.Summary)
		}
	}
	if len(out) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "no template in language %q", lang)
	}
	return out, nil
}

// find returns the parsed template id in lang.
func find(id, lang string) (*parsed, error) {
	ps, err := all()
	if err != nil {
		return nil, plan.Errorf(plan.EINTERNAL, "templates: %v", err)
	}
	for _, p := range ps {
		if p.ID == id && p.Lang == lang {
			return p, nil
		}
	}
	return nil, plan.Errorf(plan.ENOTFOUND, "no template %q in language %q", id, lang)
}
