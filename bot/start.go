package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/templates"
)

// The guided start (issue 15, "the first hour"): /plan start walks a plan
// through steps 1 to 5 in one sitting, one modal after another in the same
// view (each Next is a response_action "update", so the stack never grows
// past the step's own forms). The first screen offers the example plans of
// package templates, in the user's language, or a blank plan; a template
// is stored through the plan services (templates.Apply) before the first
// step shows.
//
// Each step's screen is the step's own list (walkView wraps it), so its
// Add, Edit and Delete buttons are the step's: a form pushed from the walk
// carries the step number in its metadata (viewMeta.Walk), and the list
// kit redraws the walk's screen, not the plain list, once the form is
// saved. The last Next closes the walk and shows
// /plan status.

// openStart opens the first screen of /plan start for the source
// channel's plan, creating the plan at the channel's first command.
func (b *Bot) openStart(ctx context.Context, src source) {
	u, s, ok := b.openSnapshot(ctx, src)
	if !ok {
		return
	}
	tpls, err := templates.List(string(u.Lang))
	if err != nil {
		b.Logger.Error("list templates", "lang", string(u.Lang), "error", err)
		tpls = nil
	}
	meta := viewMeta{PlanID: s.Plan.ID, ChannelID: s.Plan.ChannelID}
	b.openView(ctx, src, u.Lang, startPickModal(u.Lang, tpls, walkEmpty(s), meta))
}

// walkEmpty reports whether steps 1 to 5 of s hold nothing: only then is a
// template offered, since Apply adds to what is there.
func walkEmpty(s *plan.PlanSnapshot) bool {
	return len(s.Goals)+len(s.Personas)+len(s.Pillars)+len(s.CTAs)+len(s.Channels)+s.ContentTotal == 0 &&
		(s.Strategy == nil || (s.Strategy.Voice == "" && s.Strategy.Tone == ""))
}

// submitStartPick applies the template chosen, if any, then shows step 1
// in place of the first screen. A template is refused, in the form, when
// the plan has content already or the user may not change it.
func (b *Bot) submitStartPick(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, m, f, ok := b.submission(ctx, env, cb, BlockStartTemplate)
	if !ok {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	if err != nil {
		b.ackError(ctx, env, u.Lang, m, cb.User.ID, err, nil, BlockStartTemplate)
		return
	}
	var applied *templates.Template
	if id := f.selected(BlockStartTemplate); id != "" && id != startBlank {
		if applied, err = b.applyTemplate(ctx, p, id, cb.User.ID); err != nil {
			b.ackError(ctx, env, u.Lang, m, cb.User.ID, err, nil, BlockStartTemplate)
			return
		}
	}
	view, err := b.walkStepView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, Walk: 1}, u.Lang)
	if err != nil {
		b.ackError(ctx, env, u.Lang, m, cb.User.ID, err, nil, BlockStartTemplate)
		return
	}
	env.ack(slack.NewUpdateViewSubmissionResponse(&view))
	if applied != nil {
		b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			head := lang.T("note.start.template", userMention(cb.User.ID), Escape(applied.Name))
			return head, []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
		})
	}
}

// applyTemplate stores the template id, in the plan's language, in p on
// behalf of userID. It refuses a plan that has content in steps 1 to 5,
// with EINVALID on the choice.
func (b *Bot) applyTemplate(ctx context.Context, p *plan.Plan, id, userID string) (*templates.Template, error) {
	if err := p.Authorize(userID, plan.AreaGoals); err != nil {
		return nil, err
	}
	s, err := b.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	if !walkEmpty(s) {
		return nil, plan.FieldErrors{plan.Invalid("template", "start.not_empty.error", "the plan has content already")}
	}
	t, err := templates.Load(id, string(planLang(p)), b.Now(), p.Location())
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return nil, plan.FieldErrors{plan.Invalid("template", "start.template.unknown", "unknown template")}
	}
	if err != nil {
		return nil, err
	}
	err = t.Apply(actor(ctx, userID), p.ID, userID, templates.Services{
		Goals: b.Goals, Personas: b.Personas, Strategy: b.Strategy, CTAs: b.CTAs, Channels: b.Channels,
	})
	if err != nil {
		return nil, err
	}
	b.Logger.Info("template applied", "plan_id", p.ID, "template", id, "user_id", userID)
	return t, nil
}

// submitStartStep goes on from the walk's step m.Walk: to the next step's
// screen, in place, or after the last to /plan status, the walk closed.
func (b *Bot) submitStartStep(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	m, err := parsePlanMeta(cb.View.PrivateMetadata)
	if err != nil {
		env.ack(nil)
		b.Logger.Warn("start step without plan", "user_id", cb.User.ID, "error", err)
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	if err != nil {
		env.ack(nil)
		b.refuseIn(ctx, u.Lang, nil, m.ChannelID, cb.User.ID, err)
		return
	}
	if m.Walk >= 1 && m.Walk < len(walkSteps) {
		view, err := b.walkStepView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, Walk: m.Walk + 1}, u.Lang)
		if err == nil {
			env.ack(slack.NewUpdateViewSubmissionResponse(&view))
			return
		}
		b.Logger.Warn("start: next step", "plan_id", p.ID, "step", m.Walk+1, "error", err)
	}
	env.ack(nil)
	b.Logger.Info("start walked", "plan_id", p.ID, "step", m.Walk, "user_id", cb.User.ID)
	b.openStatus(ctx, source{TeamID: p.TeamID, ChannelID: p.ChannelID, ChannelName: p.Name, UserID: cb.User.ID})
}

// walkStepView renders the screen of the walk's step m.Walk (1 to 5) of
// p, at m.Page: the step's own list, wrapped by walkView.
func (b *Bot) walkStepView(ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	var l listView
	var err error
	switch m.Walk {
	case 1:
		l, err = goalsKit.List(b, ctx, p, m, lang)
	case 2:
		l, err = personasKit.List(b, ctx, p, m, lang)
	case 3:
		l, err = pillarsKit.List(b, ctx, p, m, lang)
	case 4:
		l, err = ctasKit.List(b, ctx, p, m, lang)
	case 5:
		l, err = channelsKit.List(b, ctx, p, m, lang)
	default:
		return slack.ModalViewRequest{}, plan.Errorf(plan.EINTERNAL, "start: no step %d", m.Walk)
	}
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return b.walked(ctx, p, m, lang, l.View), nil
}

// walked wraps view, the list of the walk's step m.Walk, as the walk's
// screen (see walkView); step 3 shows the plan's voice and tone above its
// pillars. The list kit calls it when it redraws a list whose metadata
// carries Walk.
func (b *Bot) walked(ctx context.Context, p *plan.Plan, m viewMeta, lang Lang, view slack.ModalViewRequest) slack.ModalViewRequest {
	if m.Walk < 1 || m.Walk > len(walkSteps) {
		return view
	}
	var extra []slack.Block
	if walkSteps[m.Walk-1] == "content" {
		s, err := b.Strategy.FindStrategy(ctx, p.ID)
		if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
			b.Logger.Warn("start: find strategy", "plan_id", p.ID, "error", err)
		}
		extra = walkStrategy(lang, p.ID, s)
	}
	return walkView(lang, m.Walk, extra, view)
}

// redrawWalk redraws viewID, the walk's screen of step m.Walk, after a
// form pushed from it that is not its list's own (the voice and tone of
// step 3) was saved.
func (b *Bot) redrawWalk(ctx context.Context, viewID string, p *plan.Plan, m viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	view, err := b.walkStepView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, Walk: m.Walk}, lang)
	if err != nil {
		b.Logger.Warn("redraw start step", "plan_id", p.ID, "step", m.Walk, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}

// pageWalk redraws the walk's screen at the page of its Previous or Next
// button.
func (b *Bot) pageWalk(ctx context.Context, cb *slack.InteractionCallback, m viewMeta, lang Lang) {
	b.refreshWith(ctx, cb.View.ID, m.PlanID, "start", func(p *plan.Plan) (slack.ModalViewRequest, error) {
		return b.walkStepView(ctx, p, m, lang)
	})
}

// helpFor is the help of /plan in the channel of cmd: the help, and when
// the channel has no plan yet, a pointer to /plan start first.
func (b *Bot) helpFor(ctx context.Context, teamID, channelID string, lang Lang) map[string]any {
	resp := helpResponse(lang, b.routes.commands, "")
	_, err := b.Plans.FindPlanByChannel(ctx, teamID, channelID)
	if plan.ErrorCode(err) != plan.ENOTFOUND {
		return resp
	}
	blocks := resp["blocks"].([]slack.Block)
	resp["blocks"] = append(append(blocks[:2:2], helpStart(lang)...), blocks[2:]...)
	return resp
}
