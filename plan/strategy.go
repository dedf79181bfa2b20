package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Strategy field limits.
const (
	MaxVoiceLen             = 1500
	MaxToneLen              = 1500
	MaxPillarNameLen        = 80
	MaxPillarDescriptionLen = 1000
	MaxPillarPersonas       = 50
)

// Strategy is the content strategy of a plan (step 3): its voice (who the
// brand sounds like) and tone (how that changes with the situation). Its
// pillars are stored apart. Every plan has one, empty until recorded.
type Strategy struct {
	PlanID    int64
	Voice     string
	Tone      string
	UpdatedBy string // Slack user ID; "" until recorded
	UpdatedAt time.Time
}

// Normalize trims the text fields of s.
func (s *Strategy) Normalize() {
	s.Voice = strings.TrimSpace(s.Voice)
	s.Tone = strings.TrimSpace(s.Tone)
}

// Validate returns FieldErrors for every field of s that is not valid.
func (s *Strategy) Validate() error {
	var fe FieldErrors
	if len([]rune(s.Voice)) > MaxVoiceLen {
		fe = append(fe, Invalid("voice", "strategy.voice.too_long", "the voice is too long"))
	}
	if len([]rune(s.Tone)) > MaxToneLen {
		fe = append(fe, Invalid("tone", "strategy.tone.too_long", "the tone is too long"))
	}
	return fe.Err()
}

// Pillar is a content pillar or theme of the strategy, and the personas it
// speaks to. A pillar's name is unique within its plan, whatever its case.
type Pillar struct {
	ID          int64
	PlanID      int64
	Name        string // "Behind the scenes"
	Description string
	PersonaIDs  []int64
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Normalize trims the text fields of p and sorts its persona IDs.
func (p *Pillar) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Description = strings.TrimSpace(p.Description)
	p.PersonaIDs = normalizeIDs(p.PersonaIDs)
}

// Validate returns FieldErrors for every field of p that is not valid.
// That the personas belong to the plan and the name is unique is checked
// by storage.
func (p *Pillar) Validate() error {
	var fe FieldErrors
	switch n := len([]rune(p.Name)); {
	case n == 0:
		fe = append(fe, Invalid("name", "pillar.name.required", "name the pillar"))
	case n > MaxPillarNameLen:
		fe = append(fe, Invalid("name", "pillar.name.too_long", "the name is too long"))
	}
	if len([]rune(p.Description)) > MaxPillarDescriptionLen {
		fe = append(fe, Invalid("description", "pillar.description.too_long", "the description is too long"))
	}
	if len(p.PersonaIDs) > MaxPillarPersonas || slices.ContainsFunc(p.PersonaIDs, func(id int64) bool { return id <= 0 }) {
		fe = append(fe, Invalid("personas", "pillar.personas.invalid", "choose personas of this plan"))
	}
	return fe.Err()
}

// PillarUpdate holds the fields of a pillar to change; nil fields are kept.
type PillarUpdate struct {
	Name        *string
	Description *string
	PersonaIDs  *[]int64
}

// Apply copies the set fields of upd into p.
func (upd PillarUpdate) Apply(p *Pillar) {
	if upd.Name != nil {
		p.Name = *upd.Name
	}
	if upd.Description != nil {
		p.Description = *upd.Description
	}
	if upd.PersonaIDs != nil {
		p.PersonaIDs = slices.Clone(*upd.PersonaIDs)
	}
}

// PillarFilter selects pillars. Zero fields match everything.
type PillarFilter struct {
	ID     *int64
	PlanID *int64
	Offset int
	Limit  int
}

// StrategyService manages the content strategy: voice, tone and pillars.
// Implemented by storage.StrategyService. Changes are made on behalf of the
// user in ctx (NewContextWithUser) and reserved to the owners of a plan
// with owners.
type StrategyService interface {
	// FindStrategy returns the strategy of a plan, empty when none was
	// recorded. Returns ENOTFOUND for the plan.
	FindStrategy(ctx context.Context, planID int64) (*Strategy, error)

	// UpdateStrategy normalizes, validates and stores s, setting UpdatedBy
	// and UpdatedAt. Returns FieldErrors (EINVALID), ENOTFOUND or EFORBIDDEN.
	UpdateStrategy(ctx context.Context, s *Strategy) error

	// FindPillarByID returns the pillar with id. Returns ENOTFOUND.
	FindPillarByID(ctx context.Context, id int64) (*Pillar, error)

	// FindPillars returns the pillars matching filter, oldest first, and
	// the total count of matches ignoring Offset and Limit.
	FindPillars(ctx context.Context, filter PillarFilter) ([]*Pillar, int, error)

	// CreatePillar normalizes, validates and stores p, setting its ID and
	// timestamps. Returns FieldErrors (EINVALID), ENOTFOUND or EFORBIDDEN.
	CreatePillar(ctx context.Context, p *Pillar) error

	// UpdatePillar applies upd to the pillar with id, validates and stores
	// it. Returns ENOTFOUND, FieldErrors (EINVALID) or EFORBIDDEN.
	UpdatePillar(ctx context.Context, id int64, upd PillarUpdate) (*Pillar, error)

	// DeletePillar removes the pillar with id; its content items keep no
	// pillar. Returns ENOTFOUND or EFORBIDDEN.
	DeletePillar(ctx context.Context, id int64) error
}
