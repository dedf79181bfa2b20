package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 3, the strategy half: voice, tone and content pillars, reached from
// the content list.

// strategyAction handles the strategy buttons of the content list and the
// buttons of the pillars list.
func (b *Bot) strategyAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u, meta, ok := b.click(ctx, cb, a)
	if !ok {
		return
	}
	switch a.ActionID {
	case ActionStrategyEdit:
		if !b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaStrategy) {
			return
		}
		st, err := b.Strategy.FindStrategy(ctx, meta.PlanID)
		if err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, strategyModal(u.Lang, st, meta.child(cb.View.ID, 0)))
	case ActionPillarsOpen:
		child := meta.child(cb.View.ID, 0)
		child.Page = 0
		view, err := b.pillarsView(ctx, child, u.Lang)
		if err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, view)
	case ActionPillarAdd, ActionPillarEdit:
		if !b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaStrategy) {
			return
		}
		pillar := &plan.Pillar{}
		if a.ActionID == ActionPillarEdit {
			var err error
			if pillar, err = b.planPillar(ctx, meta.PlanID, a.Value); err != nil {
				b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
				return
			}
		}
		personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &meta.PlanID, Limit: 100})
		if err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.pushView(ctx, cb, pillarModal(u.Lang, pillar, personas, meta.child(cb.View.ID, pillar.ID)))
	case ActionPillarDelete:
		pillar, err := b.planPillar(ctx, meta.PlanID, a.Value)
		if err == nil {
			err = b.Strategy.DeletePillar(actor(ctx, cb.User.ID), pillar.ID)
		}
		if err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.refreshPillars(ctx, cb.View.ID, meta, u.Lang)
		b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			head := lang.T("note.pillar.deleted", userMention(cb.User.ID), Escape(pillar.Name))
			return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
		})
	}
}

// planPillar loads the pillar whose ID a button carried, checking that it
// belongs to the plan of the view.
func (b *Bot) planPillar(ctx context.Context, planID int64, value string) (*plan.Pillar, error) {
	return loadInPlan(ctx, planID, value, "pillar", b.Strategy.FindPillarByID, func(v *plan.Pillar) int64 { return v.PlanID })
}

// pillarsView renders the pillars list of the plan of meta.
func (b *Bot) pillarsView(ctx context.Context, meta viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	filter := plan.PillarFilter{PlanID: &p.ID, Offset: meta.Page * listPerPage, Limit: listPerPage}
	pillars, total, err := b.Strategy.FindPillars(ctx, filter)
	if err == nil && len(pillars) == 0 && total > 0 {
		meta.Page = lastPage(meta.Page, total, listPerPage)
		filter.Offset = meta.Page * listPerPage
		pillars, total, err = b.Strategy.FindPillars(ctx, filter)
	}
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return pillarsListModal(lang, pillars, total, personaNames(personas), meta, p.Owners), nil
}

// refreshPillars redraws the pillars list viewID, then the content list
// under it, whose strategy summary names the pillars.
func (b *Bot) refreshPillars(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	view, err := b.pillarsView(ctx, meta, lang)
	if err != nil {
		b.Logger.Warn("refresh pillars", "plan_id", meta.PlanID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
	if meta.ParentID != "" {
		// The content list keeps its filters; its page is not known here.
		parent := meta
		parent.ParentID, parent.Page = "", 0
		b.refreshContent(ctx, meta.ParentID, parent, lang)
	}
}

// submitStrategy stores the voice and tone form.
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
	if meta.ParentID != "" {
		parent := meta
		parent.ParentID = ""
		b.refreshContent(ctx, meta.ParentID, parent, u.Lang)
	}
	b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		head := lang.T("note.strategy.updated", userMention(cb.User.ID))
		return head, []slack.Block{
			slack.NewSectionBlock(mrkdwn(head), nil, nil),
			slack.NewContextBlock("", mrkdwn(lang.T("content.strategy.voice", Escape(clip(orDash(st.Voice), 1200)), Escape(clip(orDash(st.Tone), 1200))))),
		}
	})
}

// submitPillar stores the pillar form.
func (b *Bot) submitPillar(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockPillarName)
	if !ok {
		return
	}
	name, desc := f.text(BlockPillarName), f.text(BlockPillarDescription)
	personaIDs, ok := f.ids(BlockPillarPersonas)
	if !ok {
		ackErrors(env, map[string]string{BlockPillarPersonas: u.Lang.T("pillar.personas.invalid")})
		return
	}
	upd := plan.PillarUpdate{Name: &name, Description: &desc, PersonaIDs: &personaIDs}
	ctx = actor(ctx, cb.User.ID)
	pillar, key := &plan.Pillar{PlanID: meta.PlanID, CreatedBy: cb.User.ID}, "note.pillar.created"
	var err error
	if meta.ID == 0 {
		upd.Apply(pillar)
		err = b.Strategy.CreatePillar(ctx, pillar)
	} else if _, err = b.planPillar(ctx, meta.PlanID, idString(meta.ID)); err == nil {
		key = "note.pillar.updated"
		pillar, err = b.Strategy.UpdatePillar(ctx, meta.ID, upd)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, pillarFieldBlocks, BlockPillarName)
		return
	}
	env.ack(nil)
	if meta.ParentID != "" {
		parent := meta
		parent.ParentID = meta.RootID
		b.refreshPillars(ctx, meta.ParentID, parent, u.Lang)
	}
	b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		head := lang.T(key, userMention(cb.User.ID), Escape(pillar.Name))
		return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	})
}
