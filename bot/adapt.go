package bot

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 9: /plan review (adapt), the review modal page by page, decisions
// stored with the changes they make to step 5, and the decision log. The
// evidence is in adapt_evidence.go; a suggestion is shown beside its
// subject and never chosen for the team.

// openAdapt opens the review modal for the source channel's plan, read in
// one snapshot. It opens first and is filled after (openfill.go): on a big
// plan the review takes longer than the trigger lives. No decision is
// chosen: the figures suggest, the team decides.
func (b *Bot) openAdapt(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	b.openThenFill(ctx, src, u.Lang, u.Lang.T("adapt.modal.title"), func(ctx context.Context) (slack.ModalViewRequest, error) {
		s, err := b.channelSnapshot(ctx, src, u)
		if err != nil {
			return slack.ModalViewRequest{}, err
		}
		return b.adaptModalOf(ctx, u.Lang, s)
	})
}

// adaptStartAction opens the review from the button of a measurement
// review or of the measure modal, first and filled after like openAdapt.
func (b *Bot) adaptStartAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, _, err := b.actionPlan(ctx, cb, a.Value)
	if err != nil {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	b.showThenFill(ctx, cb, u.Lang, u.Lang.T("adapt.modal.title"), func(ctx context.Context) (slack.ModalViewRequest, error) {
		s, err := b.Snapshots.PlanSnapshot(ctx, p.ID)
		if err != nil {
			return slack.ModalViewRequest{}, err
		}
		return b.adaptModalOf(ctx, u.Lang, s)
	})
}

// adaptModalOf is the first page of the review of the plan of s.
func (b *Bot) adaptModalOf(ctx context.Context, lang Lang, s *plan.PlanSnapshot) (slack.ModalViewRequest, error) {
	d, err := b.adaptReview(ctx, s)
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	return adaptModal(lang, d, 0, 0, viewMeta{PlanID: s.Plan.ID, ChannelID: s.Plan.ChannelID}), nil
}

// adaptReview is the review of the plan of snap now, in the plan's
// language (its evidence is stored with the decisions). The snapshot
// holds the content plan up to its cap, oldest first: when it holds fewer
// than all, the items published in the period are read on their own, so
// the effort of recent posts is never left out.
func (b *Bot) adaptReview(ctx context.Context, snap *plan.PlanSnapshot) (adaptData, error) {
	now := b.Now()
	items := snap.Content
	if snap.ContentTotal > len(snap.Content) {
		loc := snap.Plan.Location()
		from := plan.Today(now.Add(-adaptWindow), loc)
		today := plan.Today(now, loc)
		var err error
		items, _, err = b.Content.FindContentItems(ctx, plan.ContentFilter{
			PlanID: &snap.Plan.ID, Statuses: []plan.ContentStatus{plan.ContentPublished},
			From: time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, loc),
			To:   time.Date(today.Year(), today.Month(), today.Day()+1, 0, 0, 0, 0, loc),
		})
		if err != nil {
			return adaptData{}, err
		}
	}
	d := adaptDataOf(snap, items, now, planLang(snap.Plan))
	d.AtRisk = saidAtRisk(snap.Goals, snap.CheckIns)
	return d, nil
}

// submitAdapt stores the decisions of one page of the review, then shows
// the next page, or closes the modal and posts the summary.
func (b *Bot) submitAdapt(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	var snap *plan.PlanSnapshot
	if err == nil {
		snap, err = b.Snapshots.PlanSnapshot(ctx, meta.PlanID)
	}
	if err != nil {
		ackErrors(env, map[string]string{pageBlock(cb): b.errorText(u.Lang, err)})
		return
	}
	p := snap.Plan
	d, err := b.adaptReview(ctx, snap)
	if err != nil {
		ackErrors(env, map[string]string{pageBlock(cb): b.errorText(u.Lang, err)})
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
		ackErrors(env, errs)
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

// pageBlock is the first decision input of the submitted page, where an
// error that belongs to no subject shows: Slack shows errors on input
// blocks only.
func pageBlock(cb *slack.InteractionCallback) string {
	if cb.View.State != nil {
		for _, k := range slices.Sorted(maps.Keys(cb.View.State.Values)) {
			if strings.HasPrefix(k, BlockAdaptDecision) {
				return k
			}
		}
	}
	return BlockAdaptDecision
}

// subjectKey is the key of a decision's subject in the review modal.
func subjectKey(d *plan.Decision) string {
	id := idString(d.SubjectID)
	switch d.Subject {
	case plan.SubjectPillar:
		return "p" + id
	case plan.SubjectCTA:
		return "c" + id
	}
	return "n" + id
}

// readAdaptForm reads the decisions of one page of the review: only what
// the user chose. A subject with no decision is skipped; a rationale,
// cadence or role without a decision is an error (what was typed stays),
// and so is a decision without a rationale. Evidence is written in
// planLang, errors in lang, keyed by block.
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
		}
		switch {
		case kind == "" && (cadence != "" || rationale != "" || role != ""):
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

// decisionLogView renders page meta.Page of the plan's decision log,
// the last page when fewer remain now.
func (b *Bot) decisionLogView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang) (slack.ModalViewRequest, error) {
	decisions, total, page, err := loadPage(ctx, meta.Page, decisionsPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Decision, int, error) {
		return b.Adapt.FindDecisions(ctx, plan.DecisionFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
	})
	if err != nil {
		return slack.ModalViewRequest{}, err
	}
	meta.Page = page
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
