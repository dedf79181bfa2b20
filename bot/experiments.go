package bot

import (
	"context"
	"math"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// openExperiments opens step 6 for the source channel: the form for a
// first experiment, or the list.
func (b *Bot) openExperiments(ctx context.Context, src source) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	view, total, err := b.experimentsView(ctx, p, meta, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	if total == 0 {
		view = experimentModal(u.Lang, b.newExperiment(u.Lang, p, src.UserID), meta)
	}
	b.openView(ctx, src, u.Lang, view)
}

// newExperiment returns the defaults of the form for a new experiment.
func (b *Bot) newExperiment(lang Lang, p *plan.Plan, userID string) *plan.Experiment {
	today := plan.Today(b.Now(), p.Location())
	return &plan.Experiment{
		OwnerID: userID, Start: today, End: today.AddDate(0, 0, 14),
		SuccessMetric: lang.T("experiment.default.success"), ExposureMetric: lang.T("experiment.default.exposure"),
	}
}

// experimentsView renders the list at meta.Page, or at the last page when
// experiments were deleted under it.
func (b *Bot) experimentsView(ctx context.Context, p *plan.Plan, meta viewMeta, lang Lang) (slack.ModalViewRequest, int, error) {
	exps, total, page, err := loadPage(ctx, meta.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Experiment, int, error) {
		return b.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
	})
	if err != nil {
		return slack.ModalViewRequest{}, 0, err
	}
	meta.Page = page
	return experimentsListModal(lang, exps, total, meta, plan.Today(b.Now(), p.Location())), total, nil
}

// refreshExperiments redraws the list modal viewID.
func (b *Bot) refreshExperiments(ctx context.Context, viewID string, meta viewMeta, lang Lang) {
	if viewID == "" {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		b.Logger.Warn("refresh experiments: find plan", "plan_id", meta.PlanID, "error", err)
		return
	}
	meta.ID, meta.ParentID = 0, ""
	view, _, err := b.experimentsView(ctx, p, meta, lang)
	if err != nil {
		b.Logger.Warn("refresh experiments", "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}

// planExperiment loads the experiment whose ID a button carried, checking
// it belongs to planID: a forged value cannot reach another plan.
func (b *Bot) planExperiment(ctx context.Context, planID int64, value string) (*plan.Experiment, error) {
	return loadInPlan(ctx, planID, value, "experiment", b.Experiments.FindExperimentByID, func(v *plan.Experiment) int64 { return v.PlanID })
}

// experimentAction handles the buttons of the experiments list.
func (b *Bot) experimentAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata)
	if err != nil || meta.PlanID == 0 {
		b.Logger.Warn("experiment action without plan", "action_id", a.ActionID, "error", err)
		return
	}
	child := viewMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID, ParentID: cb.View.ID, Page: meta.Page}
	switch a.ActionID {
	case ActionExperimentAdd:
		p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
		if err != nil {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		b.pushView(ctx, cb, experimentModal(u.Lang, b.newExperiment(u.Lang, p, cb.User.ID), child))
	case ActionExperimentEdit:
		e, err := b.planExperiment(ctx, meta.PlanID, a.Value)
		if err != nil {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		child.ID = e.ID
		b.pushView(ctx, cb, experimentModal(u.Lang, e, child))
	case ActionExperimentDelete:
		e, err := b.planExperiment(ctx, meta.PlanID, a.Value)
		if err == nil {
			err = b.Experiments.DeleteExperiment(ctx, e.ID)
		}
		if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
			b.ephemeral(ctx, meta.ChannelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		b.refreshExperiments(ctx, cb.View.ID, meta, u.Lang)
		if err == nil {
			b.noteExperiment(ctx, meta.PlanID, cb.User.ID, "note.experiment.deleted", e)
		}
	}
}

// experimentResultsAction opens the results form, from the list or from
// the reminder message. Before the end date it says when results open, and
// once they are in it shows the verdict instead.
func (b *Bot) experimentResultsAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	inView := cb.View.ID != ""
	var planID int64
	channelID := cb.Channel.ID
	if inView {
		meta, err := parseViewMeta(cb.View.PrivateMetadata)
		if err != nil || meta.PlanID == 0 {
			return
		}
		planID, channelID = meta.PlanID, meta.ChannelID
	} else {
		p, err := b.Plans.FindPlanByChannel(ctx, cb.Team.ID, cb.Channel.ID)
		if err != nil {
			b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
			return
		}
		planID = p.ID
	}
	e, err := b.planExperiment(ctx, planID, a.Value)
	if err != nil {
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	switch {
	case e.Concluded():
		v, _ := e.Verdict()
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("experiment.results.already", Escape(e.Name), verdictText(u.Lang, e, v)))
		return
	case plan.Today(b.Now(), p.Location()).Before(e.End):
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("experiment.results.opens_on", formatDate(u.Lang, e.End)))
		return
	}
	meta := viewMeta{PlanID: planID, ChannelID: p.ChannelID, ID: e.ID}
	if inView {
		meta.ParentID = cb.View.ID
		b.pushView(ctx, cb, experimentResultsModal(u.Lang, e, meta))
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: channelID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, experimentResultsModal(u.Lang, e, meta))
}

// submitExperiment validates and stores the experiment form.
func (b *Bot) submitExperiment(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockExperimentName)
	if !ok {
		return
	}
	fail := func(err error) {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, experimentFieldBlocks, BlockExperimentName)
	}
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		fail(err)
		return
	}
	e, parseErrs := readExperimentForm(f)
	e.PlanID, e.CreatedBy, e.ID = p.ID, cb.User.ID, meta.ID
	e.Normalize()
	requireFuture := true
	if meta.ID != 0 {
		stored, err := b.planExperiment(ctx, p.ID, idString(meta.ID))
		if err != nil {
			fail(err)
			return
		}
		requireFuture = !stored.End.Equal(e.End)
	}
	errs := map[string]string{}
	for _, fe := range plan.ErrorFields(e.Validate(plan.Today(b.Now(), p.Location()), requireFuture)) {
		errs[experimentFieldBlocks[fe.Field]] = u.Lang.T(fe.Key)
	}
	for block, key := range parseErrs {
		errs[block] = u.Lang.T(key)
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}

	key := "note.experiment.created"
	if meta.ID == 0 {
		err = b.Experiments.CreateExperiment(ctx, e)
	} else {
		key = "note.experiment.updated"
		err = b.Experiments.UpdateExperiment(ctx, e)
	}
	if err != nil {
		fail(err)
		return
	}
	env.ack(nil)
	b.Logger.Info("experiment saved", "plan_id", p.ID, "experiment_id", e.ID, "user_id", cb.User.ID)
	b.refreshExperiments(ctx, meta.ParentID, meta, u.Lang)
	b.noteExperiment(ctx, p.ID, cb.User.ID, key, e)
}

// submitResults stores the results form and posts the verdict.
func (b *Bot) submitResults(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseViewMeta(cb.View.PrivateMetadata)
	first := BlockExperimentExposures + "a"
	if err != nil || meta.ID == 0 {
		ackErrors(env, map[string]string{first: u.Lang.T("error.generic")})
		return
	}
	e, err := b.planExperiment(ctx, meta.PlanID, idString(meta.ID))
	if err != nil {
		ackErrors(env, map[string]string{first: b.errorText(u.Lang, err)})
		return
	}
	results, errs := readResultsForm(cb.View.State, len(e.Variants))
	if len(errs) == 0 {
		e, err = b.Experiments.RecordResults(ctx, e.ID, results, cb.User.ID)
		for _, fe := range plan.ErrorFields(err) {
			block := first
			if letter, ok := strings.CutPrefix(fe.Field, "exposures_"); ok {
				block = BlockExperimentExposures + letter
			} else if letter, ok := strings.CutPrefix(fe.Field, "successes_"); ok {
				block = BlockExperimentSuccesses + letter
			}
			errs[block] = u.Lang.T(fe.Key)
		}
		if err != nil && len(errs) == 0 {
			errs[first] = b.errorText(u.Lang, err)
		}
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	env.ack(nil)
	b.Logger.Info("experiment results recorded", "plan_id", e.PlanID, "experiment_id", e.ID, "user_id", cb.User.ID)
	b.refreshExperiments(ctx, meta.ParentID, meta, u.Lang)
	v, err := e.Verdict()
	if err != nil {
		b.Logger.Error("verdict of recorded results", "experiment_id", e.ID, "error", err)
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, e.PlanID)
	if err != nil {
		b.Logger.Warn("verdict: find plan", "plan_id", e.PlanID, "error", err)
		return
	}
	lang := planLang(p)
	text, blocks := experimentVerdictMessage(lang, cb.User.ID, e, v)
	b.postNote(ctx, p.ChannelID, cb.User.ID, lang, text, blocks)
}

// noteExperiment posts the decision note of an experiment change.
func (b *Bot) noteExperiment(ctx context.Context, planID int64, userID, key string, e *plan.Experiment) {
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("note: find plan", "plan_id", planID, "error", err)
		return
	}
	lang := planLang(p)
	text, blocks := experimentNote(lang, key, userID, e)
	b.postNote(ctx, p.ChannelID, userID, lang, text, blocks)
}

// readExperimentForm reads the experiment form, and the catalogue keys of
// the inputs that could not be parsed, by block.
func readExperimentForm(f formState) (*plan.Experiment, map[string]string) {
	errs := map[string]string{}
	get := f.get
	e := &plan.Experiment{
		Name:           get(BlockExperimentName).Value,
		Hypothesis:     get(BlockExperimentHypothesis).Value,
		Variable:       plan.ExperimentVariable(get(BlockExperimentVariable).SelectedOption.Value),
		Network:        plan.Network(get(BlockExperimentNetwork).SelectedOption.Value),
		SuccessMetric:  get(BlockExperimentSuccess).Value,
		ExposureMetric: get(BlockExperimentExposure).Value,
		OwnerID:        get(BlockExperimentOwner).SelectedUser,
	}
	for i := range plan.MaxVariants {
		name := strings.TrimSpace(get(BlockExperimentVariant + strings.ToLower(variantLetter(i))).Value)
		if name != "" || i < plan.MinVariants {
			e.Variants = append(e.Variants, plan.ExperimentVariant{Name: name})
		}
	}
	var ok bool
	if e.BaselineRate, ok = readNumber(get(BlockExperimentBaseline).Value, 0); !ok {
		errs[BlockExperimentBaseline] = "experiment.baseline_rate.invalid"
	}
	if e.MinEffect, ok = readNumber(get(BlockExperimentEffect).Value, 0); !ok {
		errs[BlockExperimentEffect] = "experiment.min_effect.invalid"
	}
	planned, ok := readNumber(get(BlockExperimentPlanned).Value, 0)
	if !ok || planned != math.Trunc(planned) || planned > math.MaxInt32 {
		errs[BlockExperimentPlanned] = "experiment.planned_sample.invalid"
	}
	e.PlannedSample = int64(planned)
	for _, f := range []struct {
		block, key string
		to         *time.Time
	}{{BlockExperimentStart, "experiment.start.required", &e.Start}, {BlockExperimentEnd, "experiment.end.required", &e.End}} {
		if s := get(f.block).SelectedDate; s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				errs[f.block] = f.key
			}
			*f.to = t
		}
	}
	return e, errs
}

// readResultsForm reads n variants' results, and the catalogue keys of
// inputs that are not whole numbers, by block.
func readResultsForm(state *slack.ViewState, n int) ([]plan.VariantResult, map[string]string) {
	errs := map[string]string{}
	read := func(block string) int64 {
		f, ok := readNumber(formState{state}.text(block), -1)
		if !ok || f != math.Trunc(f) || f < 0 || f > math.MaxInt32 {
			errs[block] = "experiment.count.invalid"
			return 0
		}
		return int64(f)
	}
	out := make([]plan.VariantResult, n)
	for i := range n {
		l := strings.ToLower(variantLetter(i))
		out[i] = plan.VariantResult{Exposures: read(BlockExperimentExposures + l), Successes: read(BlockExperimentSuccesses + l)}
	}
	return out, errs
}

// renderExperimentEnd renders the reminder that asks for results. An
// experiment deleted or concluded meanwhile posts nothing.
func renderExperimentEnd(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	e, err := n.Experiments.FindExperimentByID(ctx, r.SubjectID)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return reminderPost{Skip: "experiment deleted"}, nil
	} else if err != nil {
		return reminderPost{}, err
	}
	if e.Concluded() {
		return reminderPost{Skip: "results already recorded"}, nil
	}
	text, blocks := experimentEndMessage(planLang(p), e, r, d, p.Location())
	return reminderPost{Text: text, Blocks: blocks, ThreadTS: r.ThreadTS}, nil
}
