package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 5: the networks a plan chose, with the personas x networks fit
// matrix, on the list kit: its views are in channels_view.go, its strings
// in channels_text.go, its IDs in channels_ids.go and its rows in
// routes.go.

// channelsKit is step 5 on the list kit. The list shows the fit matrix
// of every chosen network above one page of them.
var channelsKit = &listKit[plan.Channel]{
	Noun:       "channel",
	Area:       plan.AreaChannels,
	Fields:     channelFieldBlocks,
	FirstBlock: BlockChannelWhy,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		channels, total, err := b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
		if err != nil {
			return listView{}, err
		}
		personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID})
		if err != nil {
			return listView{}, err
		}
		m.Page = lastPage(m.Page, total, listPerPage)
		page := channels[min(m.Page*listPerPage, len(channels)):min((m.Page+1)*listPerPage, len(channels))]
		view := channelsListModal(lang, page, total, plan.Fit(personas, channels), m, p.Owners, p.Location())
		return listView{View: view, Total: total}, nil
	},
	New: func(string) *plan.Channel { return &plan.Channel{} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, c *plan.Channel, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID, Limit: 100})
		if err != nil {
			return slack.ModalViewRequest{}, err
		}
		return channelModal(lang, c, personas, m), nil
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.Channel, error) {
		return b.Channels.FindChannelByID(ctx, id)
	},
	Ref:    func(c *plan.Channel) (int64, int64) { return c.PlanID, c.ID },
	Save:   saveChannel,
	Delete: func(b *Bot, ctx context.Context, c *plan.Channel) error { return b.Channels.DeleteChannel(ctx, c.ID) },
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, c *plan.Channel, _ *plan.Plan) (string, []slack.Block) {
		return channelNote(lang, key, userID, c)
	},
}

// saveChannel reads the form of a chosen network over stored (nil for a
// new one) and stores it.
func saveChannel(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Channel, f formState, userID string) (*plan.Channel, error) {
	network, role := plan.Network(f.selected(BlockChannelNetwork)), plan.GoalKind(f.selected(BlockChannelRole))
	why, cadence, constraints := f.text(BlockChannelWhy), f.text(BlockChannelCadence), f.text(BlockChannelConstraints)
	personaIDs, ok := f.ids(BlockChannelPersonas)
	if !ok {
		return nil, plan.FieldErrors{plan.Invalid("personas", "channel.personas.invalid", "the personas are not IDs")}
	}
	upd := plan.ChannelUpdate{Network: &network, Role: &role, Why: &why, PersonaIDs: &personaIDs, Cadence: &cadence, Constraints: &constraints}
	// The cadence as figures (issue 17); a form without those blocks
	// leaves it alone.
	if f.s != nil && f.s.Values[BlockChannelCadencePosts] != nil {
		cad, err := readCadence(f.text(BlockChannelCadencePosts), f.selected(BlockChannelCadencePeriod))
		if err != nil {
			return nil, err
		}
		upd.PostCadence = &cad
	}
	// A form opened before the status was offered has no status block: it
	// leaves the status alone.
	if v := f.selected(BlockChannelStatus); v != "" {
		status := plan.ChannelStatus(v)
		upd.Status = &status
	}
	if stored != nil {
		return b.Channels.UpdateChannel(ctx, stored.ID, upd)
	}
	c := &plan.Channel{PlanID: p.ID, CreatedBy: userID}
	upd.Apply(c)
	return c, b.Channels.CreateChannel(ctx, c)
}
