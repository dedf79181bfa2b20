package templates

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/planbot/planbot/plan"
)

// Template is a template made into plan entities, ready to store in a
// plan (see Apply). Its entities have no ID and no PlanID yet; references
// between them are indexes into the Template's slices, because the IDs
// they will point to exist only once the entities are stored.
type Template struct {
	Summary
	Goals    []Goal
	Personas []*plan.Persona
	Strategy *plan.Strategy
	Pillars  []Pillar
	CTAs     []CTA
	Channels []Channel
}

// Goal is a goal of a template and the type of its KPI.
type Goal struct {
	Goal *plan.Goal
	KPI  KPIType
}

// Pillar is a content pillar of a template and the personas it speaks to,
// as indexes into Template.Personas.
type Pillar struct {
	Pillar   *plan.Pillar
	Personas []int
}

// CTA is a call to action of a template and the goal it serves, as an
// index into Template.Goals.
type CTA struct {
	CTA  *plan.CTA
	Goal int
}

// Channel is a network a template chooses and the personas it reaches, as
// indexes into Template.Personas.
type Channel struct {
	Channel  *plan.Channel
	Personas []int
}

// Load returns the template id written in lang, with each goal's deadline
// set from today: the date of now in loc, the plan's time zone (UTC when
// loc is nil), as plan.Today gives it. Every entity is normalized and
// valid. Returns ENOTFOUND for an unknown id or language.
func Load(id, lang string, now time.Time, loc *time.Location) (*Template, error) {
	p, err := find(id, lang)
	if err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.UTC
	}
	t := p.build(plan.Today(now, loc))
	if err := t.validate(plan.Today(now, loc)); err != nil {
		return nil, plan.Errorf(plan.EINTERNAL, "template %s.%s: %v", id, lang, err)
	}
	return t, nil
}

// build makes fresh entities from p, so that a Template can be changed and
// stored without touching the parsed file.
func (p *parsed) build(today time.Time) *Template {
	t := &Template{Summary: p.Summary}
	for i, g := range p.f.Goals {
		goal := &plan.Goal{
			Kind:     g.Kind,
			Title:    g.Statement,
			Metric:   g.KPI.Metric,
			Baseline: *g.KPI.Baseline,
			Target:   *g.KPI.Target,
			Unit:     g.KPI.Unit,
			Deadline: p.deadlines[i].from(today),
			Learn:    g.Learn,
		}
		kt := KPIType{Direction: g.KPI.Direction, Aggregation: g.KPI.Aggregation, Period: g.KPI.Period, Count: g.KPI.Count}
		goal.KPI = kt.Plan(goal.Baseline, goal.Target)
		goal.Normalize()
		t.Goals = append(t.Goals, Goal{Goal: goal, KPI: kt})
	}
	for _, per := range p.f.Personas {
		persona := &plan.Persona{
			Name:      per.Name,
			Who:       per.Who,
			Interests: per.Interests,
			Excites:   per.Excites,
			Networks:  append([]plan.Network(nil), per.Networks...),
			Notes:     per.Notes,
		}
		persona.Normalize()
		t.Personas = append(t.Personas, persona)
	}
	t.Strategy = &plan.Strategy{Voice: p.f.Strategy.Voice, Tone: p.f.Strategy.Tone}
	t.Strategy.Normalize()
	for _, pil := range p.f.Pillars {
		idx, _ := p.personas(pil.Personas) // checked by parse
		pillar := &plan.Pillar{Name: pil.Name, Description: pil.Description}
		pillar.Normalize()
		t.Pillars = append(t.Pillars, Pillar{Pillar: pillar, Personas: idx})
	}
	for _, c := range p.f.CTAs {
		cta := &plan.CTA{Kind: c.Kind, Text: c.Text, URL: c.URL, Network: c.Network}
		cta.Normalize()
		t.CTAs = append(t.CTAs, CTA{CTA: cta, Goal: p.goalIdx[c.Goal]})
	}
	for _, c := range p.f.Channels {
		idx, _ := p.personas(c.Personas) // checked by parse
		ch := &plan.Channel{Network: c.Network, Role: c.Role, Why: c.Why, Cadence: c.Cadence, Constraints: c.Constraints}
		ch.Normalize()
		t.Channels = append(t.Channels, Channel{Channel: ch, Personas: idx})
	}
	return t
}

// validate runs every entity's Validate, as storage will, with stand-in
// IDs for the references that only storage can fill.
func (t *Template) validate(today time.Time) error {
	for _, g := range t.Goals {
		if err := g.Goal.Validate(today, true); err != nil {
			return fmt.Errorf("goal %q: %w", g.Goal.Title, err)
		}
	}
	for _, p := range t.Personas {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("persona %q: %w", p.Name, err)
		}
	}
	if err := t.Strategy.Validate(); err != nil {
		return fmt.Errorf("strategy: %w", err)
	}
	for _, p := range t.Pillars {
		c := *p.Pillar
		c.PersonaIDs = standIns(p.Personas)
		if err := c.Validate(); err != nil {
			return fmt.Errorf("pillar %q: %w", c.Name, err)
		}
	}
	for _, c := range t.CTAs {
		cta := *c.CTA
		cta.GoalID = int64(c.Goal) + 1
		if err := cta.Validate(); err != nil {
			return fmt.Errorf("call to action %q: %w", cta.Text, err)
		}
	}
	for _, c := range t.Channels {
		ch := *c.Channel
		ch.PersonaIDs = standIns(c.Personas)
		if err := ch.Validate(); err != nil {
			return fmt.Errorf("network %q: %w", ch.Network, err)
		}
	}
	return nil
}

// standIns returns IDs 1, 2, ... in place of indexes 0, 1, ...
func standIns(idx []int) []int64 {
	var out []int64
	for _, i := range idx {
		out = append(out, int64(i)+1)
	}
	return out
}

// offset is a deadline relative to the day a template is applied.
type offset struct {
	years, months, days int
}

var offsetRE = regexp.MustCompile(`^\+([1-9][0-9]*) (day|week|month|year)s?$`)

// parseOffset reads "+6 months", "+1 year", "+90 days", "+12 weeks".
func parseOffset(s string) (offset, error) {
	m := offsetRE.FindStringSubmatch(s)
	if m == nil {
		return offset{}, fmt.Errorf("deadline %q: write +N days, weeks, months or years", s)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n > 120 {
		return offset{}, fmt.Errorf("deadline %q: N must be from 1 to 120", s)
	}
	switch m[2] {
	case "day":
		return offset{days: n}, nil
	case "week":
		return offset{days: 7 * n}, nil
	case "month":
		return offset{months: n}, nil
	default:
		return offset{years: n}, nil
	}
}

// from returns the date o after today (a date at 00:00 UTC). Months and
// years never spill into the next month: a day past the end of the target
// month becomes its last day.
func (o offset) from(today time.Time) time.Time {
	y, m, d := today.Date()
	if o.days > 0 {
		return time.Date(y, m, d+o.days, 0, 0, 0, 0, time.UTC)
	}
	first := time.Date(y+o.years, m+time.Month(o.months), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return time.Date(first.Year(), first.Month(), min(d, last), 0, 0, 0, 0, time.UTC)
}
