package bot

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 9: /plan review (adapt), the review modal page by page, decisions
// stored with the changes they make to step 5, and the decision log.

// adaptWindow is the period the evidence of a review covers.
const adaptWindow = 30 * 24 * time.Hour

// openAdapt opens the review modal for the source channel's plan.
func (b *Bot) openAdapt(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err == nil {
		err = b.openAdaptView(ctx, src, u.Lang, p)
	}
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
	}
}

func (b *Bot) openAdaptView(ctx context.Context, src source, lang Lang, p *plan.Plan) error {
	d, err := b.adaptData(ctx, p, planLang(p))
	if err != nil {
		return err
	}
	b.openView(ctx, src, lang, adaptModal(lang, d, 0, 0, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}))
	return nil
}

// adaptStartAction opens the review from the button of a measurement
// review or of the measure modal.
func (b *Bot) adaptStartAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, _, err := b.actionPlan(ctx, cb, a.Value)
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	d, err := b.adaptData(ctx, p, planLang(p))
	if err != nil {
		b.ephemeral(ctx, p.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.showView(ctx, cb, u.Lang, adaptModal(u.Lang, d, 0, 0, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}))
}

// adaptData loads the subjects of a review of p and their evidence,
// written in lang (the plan's language: the evidence is stored with the
// decisions).
func (b *Bot) adaptData(ctx context.Context, p *plan.Plan, lang Lang) (adaptData, error) {
	now, loc := b.Now(), p.Location()
	from := plan.Today(now.Add(-adaptWindow), loc)
	d := adaptData{Plan: p, From: from}
	goals, metrics, err := b.planMetrics(ctx, p.ID)
	if err != nil {
		return d, err
	}
	obs, _, err := b.Metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID, Limit: maxKPIObservations})
	if err != nil {
		return d, err
	}
	replies, err := b.Engagement.ReplyStats(ctx, p.ID, now.Add(-adaptWindow))
	if err != nil {
		return d, err
	}
	channels, _, err := b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
	if err != nil {
		return d, err
	}
	pillars, _, err := b.Strategy.FindPillars(ctx, plan.PillarFilter{PlanID: &p.ID})
	if err != nil {
		return d, err
	}
	ctas, _, err := b.CTAs.FindCTAs(ctx, plan.CTAFilter{PlanID: &p.ID})
	if err != nil {
		return d, err
	}
	items, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &p.ID, Limit: plan.MaxContentItemsShown})
	if err != nil {
		return d, err
	}
	concluded := true
	exps, _, err := b.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Concluded: &concluded})
	if err != nil {
		return d, err
	}
	last, _, err := b.Adapt.FindDecisions(ctx, plan.DecisionFilter{PlanID: &p.ID, Limit: 500})
	if err != nil {
		return d, err
	}
	d.Matrix = plan.Holistic(plan.HolisticInput{Metrics: metrics, Observations: obs, From: from, Replies: replies, Channels: channels})
	ev := evidence{lang: lang, from: from, loc: loc, today: plan.Today(now, loc), goals: goals, metrics: metrics,
		obs: obs, replies: replies, items: items, exps: exps, matrix: d.Matrix}
	lastOf := func(kind plan.SubjectKind, id int64) *plan.Decision {
		for _, x := range last {
			if x.Subject == kind && x.SubjectID == id {
				return x
			}
		}
		return nil
	}
	for _, f := range d.Matrix.Findings {
		s := ev.network(f.Channel)
		f := f
		s.Key, s.Finding, s.Suggest, s.Hint = "f"+strconv.FormatInt(f.Channel.ID, 10), &f, plan.DecisionTry, ""
		s.Why = findingText(lang, f)
		d.Subjects = append(d.Subjects, s)
	}
	for _, c := range channels {
		s := ev.network(c)
		s.Last = lastOf(plan.SubjectNetwork, c.ID)
		d.Subjects = append(d.Subjects, s)
	}
	for _, pl := range pillars {
		s := ev.pillar(pl)
		s.Last = lastOf(plan.SubjectPillar, pl.ID)
		d.Subjects = append(d.Subjects, s)
	}
	for _, c := range ctas {
		s := ev.cta(c)
		s.Last = lastOf(plan.SubjectCTA, c.ID)
		d.Subjects = append(d.Subjects, s)
	}
	return d, nil
}

// submitAdapt stores the decisions of one page of the review, then shows
// the next page, or closes the modal and posts the summary.
func (b *Bot) submitAdapt(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	var p *plan.Plan
	if err == nil {
		p, err = b.Plans.FindPlanByID(ctx, meta.PlanID)
	}
	var d adaptData
	if err == nil {
		d, err = b.adaptData(ctx, p, planLang(p))
	}
	if err != nil {
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{"adapt_page": b.errorText(u.Lang, err)}))
		return
	}
	decisions, errs := readAdaptForm(cb.View.State, d, u.Lang, planLang(p))
	if len(errs) == 0 {
		for _, dec := range decisions {
			if _, changes := dec.ChannelUpdate(d.channelStatus(dec.SubjectID)); changes {
				if err := p.Authorize(cb.User.ID, plan.AreaChannels); err != nil {
					errs[BlockAdaptDecision+subjectKey(dec)] = u.Lang.T("forbidden.short")
					b.refuse(ctx, u.Lang, p.ID, p.ChannelID, cb.User.ID, err)
					break
				}
			}
		}
	}
	if len(errs) > 0 {
		env.ack(slack.NewErrorsViewSubmissionResponse(errs))
		return
	}
	a := &plan.Adaptation{ID: meta.ID, PlanID: p.ID, CreatedBy: cb.User.ID, Decisions: decisions}
	if len(decisions) > 0 {
		if err := b.Adapt.RecordDecisions(actor(ctx, cb.User.ID), a); err != nil {
			block := BlockAdaptDecision + subjectKey(decisions[0])
			b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, nil, block)
			return
		}
		b.Logger.Info("review decisions saved", "plan_id", p.ID, "adaptation_id", a.ID, "count", len(decisions), "user_id", cb.User.ID)
	}
	meta.ID = a.ID
	saved := 0
	if a.ID != 0 {
		var err error
		if _, saved, err = b.Adapt.FindDecisions(ctx, plan.DecisionFilter{AdaptationID: &a.ID, Limit: 1}); err != nil {
			b.Logger.Warn("count review decisions", "adaptation_id", a.ID, "error", err)
		}
	}
	if meta.Page+1 < d.pages() {
		next := adaptModal(u.Lang, d, meta.Page+1, saved, meta)
		env.ack(slack.NewUpdateViewSubmissionResponse(&next))
		return
	}
	env.ack(nil)
	if a.ID == 0 {
		b.ephemeral(ctx, p.ChannelID, cb.User.ID, u.Lang.T("adapt.none_saved"))
		return
	}
	all, _, err := b.Adapt.FindDecisions(ctx, plan.DecisionFilter{AdaptationID: &a.ID})
	if err != nil {
		b.Logger.Error("find review decisions", "adaptation_id", a.ID, "error", err)
		return
	}
	b.notePlan(ctx, p.ID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return adaptSummary(lang, cb.User.ID, all)
	})
}

// subjectKey is the key of a decision's subject in the review modal.
func subjectKey(d *plan.Decision) string {
	id := strconv.FormatInt(d.SubjectID, 10)
	switch d.Subject {
	case plan.SubjectPillar:
		return "p" + id
	case plan.SubjectCTA:
		return "c" + id
	}
	return "n" + id
}

// readAdaptForm reads the decisions of one page of the review. A subject
// with no decision is skipped; a rationale, cadence or role without a
// decision is an error, and so is a decision without a rationale. Evidence
// is written in planLang, errors in lang, keyed by block.
func readAdaptForm(state *slack.ViewState, d adaptData, lang, planLang Lang) ([]*plan.Decision, map[string]string) {
	errs := map[string]string{}
	if state == nil {
		return nil, errs
	}
	keys := map[string]bool{}
	for block := range state.Values {
		for _, prefix := range []string{BlockAdaptDecision, BlockAdaptRationale, BlockAdaptCadence, BlockAdaptRole} {
			if k, ok := strings.CutPrefix(block, prefix); ok {
				keys[k] = true
			}
		}
	}
	f := formState{state}
	var out []*plan.Decision
	for _, s := range d.Subjects { // in the order the modal shows them
		if !keys[s.Key] {
			continue
		}
		kind := plan.DecisionKind(f.selected(BlockAdaptDecision + s.Key))
		rationale := strings.TrimSpace(f.text(BlockAdaptRationale + s.Key))
		cadence := strings.TrimSpace(f.text(BlockAdaptCadence + s.Key))
		var role plan.GoalKind
		if s.Finding != nil && len(f.selectedValues(BlockAdaptRole+s.Key)) > 0 {
			role = s.Finding.Kind
			if kind == "" {
				kind = plan.DecisionTry
			}
		}
		switch {
		case kind == "" && cadence != "":
			errs[BlockAdaptDecision+s.Key] = lang.T("adapt.decision.required")
			continue
		case kind == "":
			continue
		case !kind.Valid():
			errs[BlockAdaptDecision+s.Key] = lang.T("decision.kind.invalid")
			continue
		case rationale == "":
			errs[BlockAdaptRationale+s.Key] = lang.T("adapt.rationale.required")
			continue
		}
		dec := &plan.Decision{
			PlanID: d.Plan.ID, Subject: s.Kind, SubjectID: s.ID, SubjectName: s.Name, Decision: kind,
			Rationale: rationale, Evidence: s.Evidence, NewRole: role, NewCadence: cadence,
		}
		if s.Finding != nil {
			dec.Evidence = findingText(planLang, *s.Finding) + " " + s.Evidence
		}
		for _, fe := range plan.ErrorFields(dec.Validate()) {
			block := BlockAdaptDecision + s.Key
			switch fe.Field {
			case "rationale":
				block = BlockAdaptRationale + s.Key
			case "cadence":
				block = BlockAdaptCadence + s.Key
			}
			errs[block] = lang.T(fe.Key)
		}
		out = append(out, dec)
	}
	return out, errs
}

// decisionLogAction pushes the decision log over the review modal.
func (b *Bot) decisionLogAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, meta, err := b.actionPlan(ctx, cb, a.Value)
	var view slack.ModalViewRequest
	if err == nil {
		view, err = b.decisionLogView(ctx, p, viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}, u.Lang)
	}
	if err != nil {
		b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.showView(ctx, cb, u.Lang, view)
}

func (b *Bot) decisionLogView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	filter := plan.DecisionFilter{PlanID: &p.ID, Offset: meta.Page * decisionsPerPage, Limit: decisionsPerPage}
	decisions, total, err := b.Adapt.FindDecisions(ctx, filter)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return decisionLogModal(lang, decisions, total, p.Location(), meta), nil
}

// refreshDecisionLog redraws the decision log at meta.Page.
func (b *Bot) refreshDecisionLog(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	var view slack.ModalViewRequest
	if err == nil {
		view, err = b.decisionLogView(ctx, p, meta, lang)
	}
	if err != nil {
		b.Logger.Warn("refresh decision log", "plan_id", meta.PlanID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}
