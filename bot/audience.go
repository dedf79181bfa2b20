package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 2: the audience, as personas, on the list kit (see goals.go).

// personasKit is step 2 on the list kit.
var personasKit = &listKit[plan.Persona]{
	Noun:       "persona",
	Area:       plan.AreaAudience,
	Fields:     personaFieldBlocks,
	FirstBlock: BlockPersonaName,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		personas, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Persona, int, error) {
			return b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
		})
		if err != nil {
			return listView{}, err
		}
		channels, _, err := b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
		m.Page = page
		return listView{View: personasListModal(lang, personas, total, m, p.Owners, channels), Total: total}, err
	},
	New: func(string) *plan.Persona { return &plan.Persona{} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, persona *plan.Persona, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		return personaModal(lang, persona, m), nil
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.Persona, error) {
		return b.Personas.FindPersonaByID(ctx, id)
	},
	Ref: func(p *plan.Persona) (int64, int64) { return p.PlanID, p.ID },
	Save: func(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Persona, f formState, userID string) (*plan.Persona, error) {
		name, who, interests, excites, notes := f.text(BlockPersonaName), f.text(BlockPersonaWho),
			f.text(BlockPersonaInterests), f.text(BlockPersonaExcites), f.text(BlockPersonaNotes)
		var networks []plan.Network
		for _, v := range f.selectedValues(BlockPersonaNetworks) {
			networks = append(networks, plan.Network(v))
		}
		upd := plan.PersonaUpdate{Name: &name, Who: &who, Interests: &interests, Excites: &excites, Networks: &networks, Notes: &notes}
		if stored != nil {
			return b.Personas.UpdatePersona(ctx, stored.ID, upd)
		}
		persona := &plan.Persona{PlanID: p.ID, CreatedBy: userID}
		upd.Apply(persona)
		return persona, b.Personas.CreatePersona(ctx, persona)
	},
	Delete: func(b *Bot, ctx context.Context, p *plan.Persona) error { return b.Personas.DeletePersona(ctx, p.ID) },
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, persona *plan.Persona, _ *plan.Plan) (string, []slack.Block) {
		return personaNote(lang, key, userID, persona)
	},
}
