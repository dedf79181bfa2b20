package bot

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 6: experiments, on the list kit. Once an experiment starts its
// design is locked: its form shows the design read-only with a Restart
// button, which turns it into the restart form. Results are recorded once
// from the end date on, and corrected with a note (experiments_results.go).
// Views are in experiments_view.go and experiments_verdict_view.go,
// strings in experiments_text.go, IDs in experiments_ids.go.

// experimentsKit is step 6 on the list kit.
var experimentsKit = &listKit[plan.Experiment]{
	Noun:       "experiment",
	Area:       plan.AreaExperiments,
	Fields:     experimentFieldBlocks,
	FirstBlock: BlockExperimentName,
	List: func(b *Bot, ctx context.Context, p *plan.Plan, m viewMeta, lang Lang) (listView, error) {
		exps, total, page, err := loadPage(ctx, m.Page, listPerPage, func(ctx context.Context, offset, limit int) ([]*plan.Experiment, int, error) {
			return b.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Offset: offset, Limit: limit})
		})
		m.Page = page
		return listView{View: experimentsListModal(lang, exps, total, m, plan.Today(b.Now(), p.Location())), Total: total}, err
	},
	New: func(userID string) *plan.Experiment { return &plan.Experiment{OwnerID: userID} },
	Form: func(b *Bot, ctx context.Context, p *plan.Plan, e *plan.Experiment, m viewMeta, lang Lang) (slack.ModalViewRequest, error) {
		today := plan.Today(b.Now(), p.Location())
		switch {
		case e.ID == 0 && e.Start.IsZero():
			d := *e
			d.Start, d.End = today, today.AddDate(0, 0, 14)
			d.SuccessMetric, d.ExposureMetric = lang.T("experiment.default.success"), lang.T("experiment.default.exposure")
			return experimentModal(lang, &d, m), nil
		case e.ID != 0 && e.Started(today):
			return experimentLockedModal(lang, e, m), nil
		}
		return experimentModal(lang, e, m), nil
	},
	Find: func(b *Bot, ctx context.Context, id int64) (*plan.Experiment, error) {
		return b.Experiments.FindExperimentByID(ctx, id)
	},
	Ref:  func(e *plan.Experiment) (int64, int64) { return e.PlanID, e.ID },
	Save: saveExperiment,
	Delete: func(b *Bot, ctx context.Context, e *plan.Experiment) error {
		return b.Experiments.DeleteExperiment(ctx, e.ID)
	},
	Note: func(_ *Bot, _ context.Context, lang Lang, key, userID string, e *plan.Experiment, _ *plan.Plan) (string, []slack.Block) {
		return experimentNote(lang, key, userID, e)
	},
}

// saveExperiment reads the experiment form over stored (nil for a new
// one) and stores it. The locked form of a started experiment changes its
// name, hypothesis and owner only; a full form submitted once the
// experiment has started (it was opened before) may not change the design:
// every field changed says it is locked, so the user restarts instead.
func saveExperiment(b *Bot, ctx context.Context, p *plan.Plan, stored *plan.Experiment, f formState, userID string) (*plan.Experiment, error) {
	today := plan.Today(b.Now(), p.Location())
	if stored != nil && !formHas(f, BlockExperimentVariable) {
		e := *stored
		e.Name, e.Hypothesis, e.OwnerID = f.text(BlockExperimentName), f.text(BlockExperimentHypothesis), f.get(BlockExperimentOwner).SelectedUser
		e.Normalize()
		if err := e.Validate(today, false); err != nil {
			return nil, err
		}
		return &e, b.Experiments.UpdateExperiment(ctx, &e)
	}
	e, errs := readExperimentForm(f)
	e.PlanID, e.CreatedBy = p.ID, userID
	requireFuture := true
	if stored != nil {
		e.ID, e.CreatedBy, requireFuture = stored.ID, stored.CreatedBy, !stored.End.Equal(e.End)
		errs = append(plan.ErrorFields(stored.CheckUpdate(e, today)), errs...)
	}
	e.Normalize()
	errs = append(errs, plan.ErrorFields(e.Validate(today, requireFuture))...)
	if len(errs) > 0 {
		return nil, errs
	}
	if stored == nil {
		return e, b.Experiments.CreateExperiment(ctx, e)
	}
	return e, b.Experiments.UpdateExperiment(ctx, e)
}

// formHas reports whether the submitted form has the input block.
func formHas(f formState, block string) bool {
	if f.s == nil {
		return false
	}
	_, ok := f.s.Values[block]
	return ok
}

// readExperimentForm reads the whole experiment form, and the errors of
// the inputs that could not be read. Its numbers come from Slack's number
// inputs, which send plain digits with a point whatever the user's
// language, so they are read as such.
func readExperimentForm(f formState) (*plan.Experiment, plan.FieldErrors) {
	var errs plan.FieldErrors
	e := &plan.Experiment{
		Name:           f.text(BlockExperimentName),
		Hypothesis:     f.text(BlockExperimentHypothesis),
		Variable:       plan.ExperimentVariable(f.selected(BlockExperimentVariable)),
		Network:        plan.Network(f.selected(BlockExperimentNetwork)),
		SuccessMetric:  f.text(BlockExperimentSuccess),
		ExposureMetric: f.text(BlockExperimentExposure),
		OwnerID:        f.get(BlockExperimentOwner).SelectedUser,
	}
	for i := range plan.MaxVariants {
		name := strings.TrimSpace(f.text(BlockExperimentVariant + strings.ToLower(variantLetter(i))))
		if name != "" || i < plan.MinVariants {
			e.Variants = append(e.Variants, plan.ExperimentVariant{Name: name})
		}
	}
	number := func(block string) (float64, bool) {
		s := strings.TrimSpace(f.text(block))
		if s == "" {
			return 0, true
		}
		v, err := strconv.ParseFloat(s, 64)
		return v, err == nil && !math.IsInf(v, 0) && !math.IsNaN(v) && math.Abs(v) <= plan.MaxAbsNumber
	}
	var ok bool
	if e.BaselineRate, ok = number(BlockExperimentBaseline); !ok {
		errs = append(errs, plan.Invalid("baseline_rate", "experiment.baseline_rate.invalid", "not a number"))
	}
	if e.MinEffect, ok = number(BlockExperimentEffect); !ok {
		errs = append(errs, plan.Invalid("min_effect", "experiment.min_effect.invalid", "not a number"))
	}
	planned, ok := number(BlockExperimentPlanned)
	if !ok || planned != math.Trunc(planned) || planned > math.MaxInt32 {
		errs = append(errs, plan.Invalid("planned_sample", "experiment.planned_sample.invalid", "not a whole number"))
	}
	e.PlannedSample = int64(planned)
	for _, d := range []struct {
		block, field string
		to           *time.Time
	}{{BlockExperimentStart, "start", &e.Start}, {BlockExperimentEnd, "end", &e.End}} {
		if s := f.get(d.block).SelectedDate; s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				errs = append(errs, plan.Invalid(d.field, "experiment."+d.field+".required", "not a date"))
			}
			*d.to = t
		}
	}
	return e, errs
}

// experimentRestartBlocks maps the fields of the restart form.
var experimentRestartBlocks = func() map[string]string {
	m := map[string]string{"reason": BlockExperimentReason}
	for k, v := range experimentFieldBlocks {
		m[k] = v
	}
	return m
}()

// experimentRestartAction turns the locked form into the restart form.
func (b *Bot) experimentRestartAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := experimentsKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	e, err := experimentsKit.inPlan(b, ctx, c.Plan, c.ID)
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		return
	}
	b.updateView(ctx, cb.View.ID, experimentRestartModal(c.User.Lang, e, c.Meta))
}

// submitExperimentRestart restarts the experiment with the design of the
// form: the run that ends is kept with its results, the list under the
// form is redrawn and the note says what changed and why.
func (b *Bot) submitExperimentRestart(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, m, f, ok := b.submission(ctx, env, cb, BlockExperimentName)
	if !ok {
		return
	}
	fail := func(err error) {
		if key := experimentConflictKey(err); key != "" {
			ackErrors(env, map[string]string{BlockExperimentVariable: u.Lang.T(key)})
			return
		}
		b.ackError(ctx, env, u.Lang, m, cb.User.ID, err, experimentRestartBlocks, BlockExperimentName)
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	var stored *plan.Experiment
	if err == nil {
		stored, err = experimentsKit.inPlan(b, ctx, p, m.ID)
	}
	if err != nil {
		fail(err)
		return
	}
	changed, errs := readExperimentForm(f)
	reason := f.text(BlockExperimentReason)
	if len(errs) > 0 {
		fail(errs)
		return
	}
	e, err := b.Experiments.RestartExperiment(actor(ctx, cb.User.ID), stored.ID, changed, cb.User.ID, reason)
	if err != nil {
		fail(err)
		return
	}
	env.ack(nil)
	b.Logger.Info("experiment restarted", "plan_id", p.ID, "experiment_id", e.ID, "run", e.RunNumber(), "user_id", cb.User.ID)
	experimentsKit.redraw(b, ctx, m.ParentID, p, m, u.Lang)
	b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return experimentRestartNote(lang, cb.User.ID, e, stored.Design(), strings.TrimSpace(reason))
	})
}

// experimentConflictKey returns the catalogue key of an ECONFLICT error of
// step 6 that says what to do (experiment.results.recorded,
// experiment.restart.same...), or "" for any other error.
func experimentConflictKey(err error) string {
	var e *plan.Error
	if plan.ErrorCode(err) == plan.ECONFLICT && errors.As(err, &e) && strings.HasPrefix(e.Key, "experiment.") && Has(e.Key) {
		return e.Key
	}
	return ""
}
