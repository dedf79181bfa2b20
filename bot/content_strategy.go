package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 3, the strategy half: voice, tone and content pillars, reached from
// the content list. Pillars are a list kit pushed over the content list,
// which is redrawn under them when they change (its strategy names them).

// pillarsKit is step 3's content pillars on the list kit.
var pillarsKit = &listKit[plan.Pillar]{
	Noun:       "pillar",
	Area:       plan.AreaStrategy,
	Fields:     pillarFieldBlocks,
	FirstBlock: BlockPillarName,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		pillars, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Pillar, int, error) {
			return b.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
		})
		if err != nil {
			return listView{}, err
		}
		personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID})
		if err != nil {
			return listView{}, err
		}
		m.Page = page
		return listView{View: pillarsListModal(lang, pillars, total, personaNames(personas), m, p.Owners), Total: total}, nil
	},
	New: func(userID string) *plan.Pillar { return &plan.Pillar{} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, pl *plan.Pillar, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID, Limit: 100})
		return pillarModal(lang, pl, personas, m), err
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.Pillar, error) {
		return b.Strategy.FindPillarByID(ctx, id)
	},
	Ref: func(pl *plan.Pillar) (int64, int64) { return pl.PlanID, pl.ID },
	Save: func(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Pillar, f formState, userID string) (*plan.Pillar, error) {
		name, desc := f.text(BlockPillarName), f.text(BlockPillarDescription)
		personaIDs, ok := f.ids(BlockPillarPersonas)
		if !ok {
			return nil, plan.FieldErrors{plan.Invalid("personas", "pillar.personas.invalid", "a persona is not an ID")}
		}
		upd := plan.PillarUpdate{Name: &name, Description: &desc, PersonaIDs: &personaIDs}
		if stored != nil {
			return b.Strategy.UpdatePillar(ctx, stored.ID, upd)
		}
		pl := &plan.Pillar{PlanID: p.ID, CreatedBy: userID}
		upd.Apply(pl)
		return pl, b.Strategy.CreatePillar(ctx, pl)
	},
	Delete: func(b *Bot, ctx context.Context, pl *plan.Pillar) error { return b.Strategy.DeletePillar(ctx, pl.ID) },
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, pl *plan.Pillar, _ *plan.Plan) (string, []slack.Block) {
		head := lang.T(key, userMention(userID), Escape(pl.Name))
		return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	},
	// The pillars list carries the content list's filters, to redraw it
	// as it was.
	Filtered: true,
	Under: func(b *Bot, ctx context.Context, p *plan.Plan, viewID string, m viewMeta, lang Lang) {
		contentKit.redraw(b, ctx, viewID, p, viewMeta{Status: m.Status, Week: m.Week}, lang)
	},
}

// strategyAction handles the strategy buttons of the content list: the
// voice and tone form, and the pillars list.
func (b *Bot) strategyAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := contentKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	switch a.ActionID {
	case ActionStrategyEdit:
		if err := c.Plan.Authorize(cb.User.ID, plan.AreaStrategy); err != nil {
			b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
			return
		}
		st, err := b.Strategy.FindStrategy(ctx, c.Plan.ID)
		if err != nil {
			b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, strategyModal(c.User.Lang, st, c.Meta.child(cb.View.ID, 0)))
	case ActionPillarsOpen:
		child := c.Meta.child(cb.View.ID, 0)
		child.Page = 0
		l, err := pillarsKit.List(b, ctx, c.Plan, child, c.User.Lang)
		if err != nil {
			b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, l.View)
	}
}

// submitStrategy stores the voice and tone form, then redraws the content
// list under it.
func (b *Bot) submitStrategy(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockStrategyVoice)
	if !ok {
		return
	}
	st := &plan.Strategy{PlanID: meta.PlanID, Voice: f.text(BlockStrategyVoice), Tone: f.text(BlockStrategyTone)}
	if err := b.Strategy.UpdateStrategy(actor(ctx, cb.User.ID), st); err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, strategyFieldBlocks, BlockStrategyVoice)
		return
	}
	env.ack(nil)
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("strategy saved: find plan", "plan_id", meta.PlanID, "error", err)
		return
	}
	if meta.Walk > 0 { // opened from a screen of /plan start
		b.redrawWalk(ctx, meta.ParentID, p, meta, u.Lang)
	} else {
		contentKit.redraw(b, ctx, meta.ParentID, p, listOfForm(meta), u.Lang)
	}
	b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		head := lang.T("note.strategy.updated", userMention(cb.User.ID))
		return head, []slack.Block{
			slack.NewSectionBlock(mrkdwn(head), nil, nil),
			slack.NewContextBlock("", mrkdwn(lang.T("content.strategy.voice", Escape(clip(orDash(st.Voice), 1200)), Escape(clip(orDash(st.Tone), 1200))))),
		}
	})
}
