package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 5: the networks a plan chose, and the personas x networks fit
// matrix.

// openChannels opens step 5: the form of a first network, or the list with
// the fit matrix.
func (b *Bot) openChannels(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	view, total, personas, err := b.channelsView(ctx, p, meta, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	if total == 0 && p.Authorize(src.UserID, plan.AreaChannels) == nil {
		view = channelModal(u.Lang, &plan.Channel{}, personas, meta)
	}
	b.openView(ctx, src, u.Lang, view)
}

// channelsView renders the list of chosen networks of p with the fit
// matrix, and returns the total of chosen networks and the personas.
func (b *Bot) channelsView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang) (slack.ModalViewRequest, int, []*plan.Persona, error) {
	channels, total, err := b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, 0, nil, err
	}
	personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, 0, nil, err
	}
	meta.Page = lastPage(meta.Page, total, listPerPage)
	page := channels[min(meta.Page*listPerPage, len(channels)):min((meta.Page+1)*listPerPage, len(channels))]
	fit := plan.Fit(personas, channels)
	return channelsListModal(lang, page, total, fit, meta, p.Owners, p.Location()), total, personas, nil
}

// refreshChannels redraws the list viewID.
func (b *Bot) refreshChannels(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	b.refreshWith(ctx, viewID, meta.PlanID, "channels", func(p *plan.Plan) (slack.ModalViewRequest, error) {
		view, _, _, err := b.channelsView(ctx, p, meta, lang)
		return b.walked(ctx, p, meta, lang, view), err // a screen of /plan start when meta.Walk is set
	})
}

// planChannel loads the chosen network whose ID a button carried, checking
// that it belongs to the plan of the view.
func (b *Bot) planChannel(ctx context.Context, planID int64, value string) (*plan.Channel, error) {
	return loadInPlan(ctx, planID, value, "network", b.Channels.FindChannelByID, func(v *plan.Channel) int64 { return v.PlanID })
}

// channelAction handles the buttons of the list of chosen networks.
func (b *Bot) channelAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u, meta, ok := b.click(ctx, cb, a)
	if !ok {
		return
	}
	c := &plan.Channel{}
	var err error
	if a.ActionID != ActionChannelAdd {
		if c, err = b.planChannel(ctx, meta.PlanID, a.Value); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			b.refreshChannels(ctx, cb.View.ID, meta, u.Lang)
			return
		}
	}
	if a.ActionID == ActionChannelDelete {
		if err := b.Channels.DeleteChannel(actor(ctx, cb.User.ID), c.ID); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.refreshChannels(ctx, cb.View.ID, meta, u.Lang)
		b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			head := lang.T("note.channel.deleted", userMention(cb.User.ID), lang.T("network."+string(c.Network)))
			return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
		})
		return
	}
	if !b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaChannels) {
		return
	}
	personas, _, err := b.Personas.FindPersonas(ctx, plan.PersonaFilter{PlanID: &meta.PlanID, Limit: 100})
	if err != nil {
		b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		return
	}
	b.pushView(ctx, cb, channelModal(u.Lang, c, personas, meta.child(cb.View.ID, c.ID)))
}

// submitChannel stores the form of a chosen network.
func (b *Bot) submitChannel(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockChannelWhy)
	if !ok {
		return
	}
	network, role := plan.Network(f.selected(BlockChannelNetwork)), plan.GoalKind(f.selected(BlockChannelRole))
	why, cadence, constraints := f.text(BlockChannelWhy), f.text(BlockChannelCadence), f.text(BlockChannelConstraints)
	personaIDs, ok := f.ids(BlockChannelPersonas)
	if !ok {
		ackErrors(env, map[string]string{BlockChannelPersonas: u.Lang.T("channel.personas.invalid")})
		return
	}
	upd := plan.ChannelUpdate{Network: &network, Role: &role, Why: &why, PersonaIDs: &personaIDs, Cadence: &cadence, Constraints: &constraints}
	// A form opened before the status was offered has no status block: it
	// leaves the status alone.
	if v := f.selected(BlockChannelStatus); v != "" {
		status := plan.ChannelStatus(v)
		upd.Status = &status
	}

	ctx = actor(ctx, cb.User.ID)
	c, key := &plan.Channel{PlanID: meta.PlanID, CreatedBy: cb.User.ID}, "note.channel.created"
	var err error
	if meta.ID == 0 {
		upd.Apply(c)
		err = b.Channels.CreateChannel(ctx, c)
	} else if _, err = b.planChannel(ctx, meta.PlanID, idString(meta.ID)); err == nil {
		key = "note.channel.updated"
		c, err = b.Channels.UpdateChannel(ctx, meta.ID, upd)
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, channelFieldBlocks, BlockChannelWhy)
		return
	}
	env.ack(nil)
	b.Logger.Info("network saved", "plan_id", meta.PlanID, "channel_id", c.ID, "user_id", cb.User.ID)
	if meta.ParentID != "" {
		b.refreshChannels(ctx, meta.ParentID, meta, u.Lang)
	}
	b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		head := lang.T(key, userMention(cb.User.ID), lang.T("network."+string(c.Network)))
		detail := lang.T("channels.role_why", lang.T("goal.kind."+string(c.Role)), Escape(clip(c.Why, 500)))
		if c.Status.OrActive() != plan.ChannelActive {
			detail += " · " + lang.T("channel.status."+string(c.Status))
		}
		return head, []slack.Block{
			slack.NewSectionBlock(mrkdwn(head), nil, nil),
			slack.NewContextBlock("", mrkdwn(detail)),
		}
	})
}
