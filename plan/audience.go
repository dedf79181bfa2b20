package plan

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Persona field limits.
const (
	MaxPersonaNameLen  = 80
	MaxPersonaTextLen  = 1000 // who, interests, what excites them
	MaxPersonaNotesLen = 2000
)

// Persona is a target audience of the plan (step 2): who they are, what
// interests and excites them, and the networks where they are online.
// A persona's name is unique within its plan, whatever its case.
type Persona struct {
	ID        int64
	PlanID    int64
	Name      string // "Sophie, busy parent"
	Who       string // who they are
	Interests string
	Excites   string    // what excites them
	Networks  []Network // where they are online
	Notes     string
	CreatedBy string // Slack user ID
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the text fields of p and puts its networks in catalogue
// order without duplicates.
func (p *Persona) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.Who = strings.TrimSpace(p.Who)
	p.Interests = strings.TrimSpace(p.Interests)
	p.Excites = strings.TrimSpace(p.Excites)
	p.Notes = strings.TrimSpace(p.Notes)
	p.Networks = SortNetworks(p.Networks)
}

// Validate returns FieldErrors for every field of p that is not valid.
// That its name is unique in the plan is checked by storage.
func (p *Persona) Validate() error {
	var fe FieldErrors
	switch n := len([]rune(p.Name)); {
	case n == 0:
		fe = append(fe, Invalid("name", "persona.name.required", "give the persona a name"))
	case n > MaxPersonaNameLen:
		fe = append(fe, Invalid("name", "persona.name.too_long", "the name is too long"))
	}
	switch n := len([]rune(p.Who)); {
	case n == 0:
		fe = append(fe, Invalid("who", "persona.who.required", "say who they are"))
	case n > MaxPersonaTextLen:
		fe = append(fe, Invalid("who", "persona.who.too_long", "this text is too long"))
	}
	if len([]rune(p.Interests)) > MaxPersonaTextLen {
		fe = append(fe, Invalid("interests", "persona.interests.too_long", "this text is too long"))
	}
	if len([]rune(p.Excites)) > MaxPersonaTextLen {
		fe = append(fe, Invalid("excites", "persona.excites.too_long", "this text is too long"))
	}
	if slices.ContainsFunc(p.Networks, func(n Network) bool { return !n.Valid() }) {
		fe = append(fe, Invalid("networks", "persona.networks.invalid", "choose networks from the list"))
	}
	if len([]rune(p.Notes)) > MaxPersonaNotesLen {
		fe = append(fe, Invalid("notes", "persona.notes.too_long", "the notes are too long"))
	}
	return fe.Err()
}

// PersonaUpdate holds the fields of a persona to change; nil fields are
// kept.
type PersonaUpdate struct {
	Name      *string
	Who       *string
	Interests *string
	Excites   *string
	Networks  *[]Network
	Notes     *string
}

// Apply copies the set fields of upd into p.
func (upd PersonaUpdate) Apply(p *Persona) {
	if upd.Name != nil {
		p.Name = *upd.Name
	}
	if upd.Who != nil {
		p.Who = *upd.Who
	}
	if upd.Interests != nil {
		p.Interests = *upd.Interests
	}
	if upd.Excites != nil {
		p.Excites = *upd.Excites
	}
	if upd.Networks != nil {
		p.Networks = slices.Clone(*upd.Networks)
	}
	if upd.Notes != nil {
		p.Notes = *upd.Notes
	}
}

// PersonaFilter selects personas. Zero fields match everything.
type PersonaFilter struct {
	ID     *int64
	PlanID *int64
	Offset int
	Limit  int
}

// PersonaService manages personas. Implemented by storage.PersonaService.
// Changes are made on behalf of the user in ctx (NewContextWithUser) and
// reserved to the owners of a plan with owners: the audience is strategy.
type PersonaService interface {
	// FindPersonaByID returns the persona with id. Returns ENOTFOUND.
	FindPersonaByID(ctx context.Context, id int64) (*Persona, error)

	// FindPersonas returns the personas matching filter, oldest first, and
	// the total count of matches ignoring Offset and Limit.
	FindPersonas(ctx context.Context, filter PersonaFilter) ([]*Persona, int, error)

	// CreatePersona normalizes, validates and stores p, setting its ID and
	// timestamps. Returns FieldErrors (EINVALID), ENOTFOUND for the plan,
	// or EFORBIDDEN.
	CreatePersona(ctx context.Context, p *Persona) error

	// UpdatePersona applies upd to the persona with id, validates and
	// stores it. Returns ENOTFOUND, FieldErrors (EINVALID) or EFORBIDDEN.
	UpdatePersona(ctx context.Context, id int64, upd PersonaUpdate) (*Persona, error)

	// DeletePersona removes the persona with id and its links to pillars
	// and networks; content items aimed at it keep no persona. Returns
	// ENOTFOUND or EFORBIDDEN.
	DeletePersona(ctx context.Context, id int64) error
}
