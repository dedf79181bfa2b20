package bot

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Results of step 6: recorded once from the end date on, per variant or
// per post, then corrected with a note that the channel sees; the verdict
// is posted with them. And the experiment's history, and the reminder of
// its end date.

// experimentResultsAction opens the results form, from the list or from
// the reminder message. Before the end date it says when results open,
// without any figure; once they are in it shows the verdict and points to
// Correct results.
func (b *Bot) experimentResultsAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	p, meta, err := b.clickPlan(ctx, cb)
	channelID := cb.Channel.ID
	if meta.ChannelID != "" {
		channelID = meta.ChannelID
	}
	var e *plan.Experiment
	if err == nil {
		e, err = experimentsKit.inPlan(b, ctx, p, parseIDOrZero(a.Value))
	}
	if err != nil {
		b.ephemeral(ctx, channelID, cb.User.ID, b.errorText(u.Lang, err))
		return
	}
	if j, err := e.Conclusion(); err == nil {
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("experiment.results.already2", Escape(e.Name), verdictText(u.Lang, e, j)))
		return
	}
	if plan.Today(b.Now(), p.Location()).Before(e.End) {
		b.ephemeral(ctx, channelID, cb.User.ID, u.Lang.T("experiment.results.opens_on", formatDate(u.Lang, e.End)))
		return
	}
	m := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ID: e.ID}
	if cb.View.ID != "" {
		m = meta.child(cb.View.ID, e.ID)
		b.pushView(ctx, cb, experimentResultsModal(u.Lang, e, nil, m))
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: channelID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, experimentResultsModal(u.Lang, e, nil, m))
}

// experimentCorrectAction pushes the correction form over the list,
// filled with the results in force.
func (b *Bot) experimentCorrectAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := experimentsKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	e, err := experimentsKit.inPlan(b, ctx, c.Plan, c.ID)
	var prev plan.ResultRecord
	if err == nil {
		var recorded bool
		if prev, recorded = e.InForce(); !recorded {
			err = &plan.Error{Code: plan.ECONFLICT, Key: "experiment.results.none", Message: "no results to correct"}
		}
	}
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		return
	}
	b.pushView(ctx, cb, experimentResultsModal(c.User.Lang, e, &prev, c.Meta.child(cb.View.ID, e.ID)))
}

// experimentDetailAction pushes the experiment's history over the list.
func (b *Bot) experimentDetailAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	c, ok := experimentsKit.click(b, ctx, cb, a)
	if !ok {
		return
	}
	e, err := experimentsKit.inPlan(b, ctx, c.Plan, c.ID)
	var runs []plan.ExperimentRun
	if err == nil {
		runs, err = b.Experiments.FindExperimentRuns(ctx, e.ID)
	}
	if err != nil {
		b.refuseIn(ctx, c.User.Lang, c.Plan, c.Meta.ChannelID, cb.User.ID, err)
		return
	}
	today := plan.Today(b.Now(), c.Plan.Location())
	b.pushView(ctx, cb, experimentDetailModal(c.User.Lang, e, runs, today, c.Meta.child(cb.View.ID, e.ID)))
}

// submitResults records the results form and posts the verdict.
func (b *Bot) submitResults(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	b.submitResultsForm(ctx, env, cb, false)
}

// submitCorrection records the correction form, keeping the results
// before, and posts who changed what, why, and the new verdict.
func (b *Bot) submitCorrection(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	b.submitResultsForm(ctx, env, cb, true)
}

func (b *Bot) submitResultsForm(ctx context.Context, env *envelope, cb *slack.InteractionCallback, correct bool) {
	first := BlockExperimentExposures + "a"
	u, m, f, ok := b.submission(ctx, env, cb, first)
	if !ok {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, m.PlanID)
	var e *plan.Experiment
	if err == nil {
		e, err = experimentsKit.inPlan(b, ctx, p, m.ID)
	}
	if err != nil {
		ackErrors(env, map[string]string{first: b.errorText(u.Lang, err)})
		return
	}
	prev, _ := e.InForce()
	variants, posts, errs := readResults(f, e, u.Lang, numberLocale(u))
	if len(errs) == 0 {
		if correct {
			e, err = b.Experiments.CorrectResults(ctx, e.ID, variants, posts, cb.User.ID, f.text(BlockExperimentNote))
		} else {
			e, err = b.Experiments.RecordResults(ctx, e.ID, variants, posts, cb.User.ID)
		}
		errs = resultErrors(b, u.Lang, err, first)
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	env.ack(nil)
	rec, _ := e.InForce()
	b.Logger.Info("experiment results recorded", "plan_id", e.PlanID, "experiment_id", e.ID, "run", rec.Run, "seq", rec.Seq, "user_id", cb.User.ID)
	experimentsKit.redraw(b, ctx, m.ParentID, p, m, u.Lang)
	j, err := e.Conclusion()
	if err != nil {
		b.Logger.Error("verdict of recorded results", "experiment_id", e.ID, "error", err)
		return
	}
	b.note(ctx, p, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		if correct {
			return experimentCorrectionNote(lang, cb.User.ID, e, j, prev, rec)
		}
		return experimentVerdictMessage(lang, cb.User.ID, e, j, rec)
	})
}

// resultErrors maps the error of recording results to the form's blocks.
func resultErrors(b *Bot, lang Lang, err error, first string) map[string]string {
	errs := map[string]string{}
	if err == nil {
		return errs
	}
	if key := experimentConflictKey(err); key != "" {
		errs[first] = lang.T(key)
		return errs
	}
	for _, fe := range plan.ErrorFields(err) {
		block := first
		switch {
		case strings.HasPrefix(fe.Field, "exposures_"):
			block = BlockExperimentExposures + strings.TrimPrefix(fe.Field, "exposures_")
		case strings.HasPrefix(fe.Field, "successes_"):
			block = BlockExperimentSuccesses + strings.TrimPrefix(fe.Field, "successes_")
		case strings.HasPrefix(fe.Field, "post"):
			block = BlockExperimentPosts
		case fe.Field == "note":
			block = BlockExperimentNote
		}
		if _, dup := errs[block]; !dup {
			errs[block] = lang.T(fe.Key)
		}
	}
	if len(errs) == 0 {
		errs[first] = b.errorText(lang, err)
	}
	return errs
}

// numberLocale is the convention the user writes numbers in: their Slack
// locale's, or neutral when it is unknown.
func numberLocale(u userInfo) plan.NumberLocale {
	if !u.LangKnow {
		return plan.NumberNeutral
	}
	return plan.NumberLocaleOf(string(u.Lang))
}

// readResults reads the results form: each variant's counts, or the
// pasted posts (then a count typed as well must equal its posts' sum).
// Counts are read in the user's convention (plan.ParseCountLocale); the
// errors are by block, with what was typed kept in the form.
func readResults(f formState, e *plan.Experiment, lang Lang, loc plan.NumberLocale) ([]plan.VariantResult, []plan.ExperimentPost, map[string]string) {
	errs := map[string]string{}
	var posts []plan.ExperimentPost
	pasted := strings.TrimSpace(f.text(BlockExperimentPosts)) != ""
	if pasted {
		names := make([]string, len(e.Variants))
		for i, v := range e.Variants {
			names[i] = v.Name
		}
		var re plan.RowErrors
		if posts, re = plan.ReadExperimentPosts(f.text(BlockExperimentPosts), names, loc); len(re) > 0 {
			errs[BlockExperimentPosts] = postErrorsText(lang, re)
		}
	}
	sums := make([]plan.VariantResult, len(e.Variants))
	for _, p := range posts {
		sums[p.Variant].Exposures += p.Exposures
		sums[p.Variant].Successes += p.Successes
	}
	variants := make([]plan.VariantResult, len(e.Variants))
	for i := range e.Variants {
		l := strings.ToLower(variantLetter(i))
		for _, c := range []struct {
			block string
			to    *int64
			sum   int64
		}{{BlockExperimentExposures + l, &variants[i].Exposures, sums[i].Exposures}, {BlockExperimentSuccesses + l, &variants[i].Successes, sums[i].Successes}} {
			text := f.text(c.block)
			if strings.TrimSpace(text) == "" {
				if !pasted {
					errs[c.block] = lang.T("experiment.count.required")
				}
				continue
			}
			n, err := plan.ParseCountLocale(text, loc)
			switch {
			case err != nil:
				errs[c.block] = countErrorText(lang, err, text)
			case posts != nil && n != c.sum:
				errs[c.block] = lang.T("experiment.count.sum", formatCount(lang, c.sum))
			}
			*c.to = n
		}
	}
	if posts != nil {
		return nil, posts, errs
	}
	return variants, nil, errs
}

// countErrorText says why a count typed could not be read; an ambiguous
// one shows both readings.
func countErrorText(lang Lang, err error, typed string) string {
	var amb *plan.AmbiguousNumberError
	if errors.As(err, &amb) {
		return lang.T("experiment.count.ambiguous", strings.TrimSpace(typed), formatCount(lang, int64(amb.Grouped)), formatNumber(lang, amb.Decimal))
	}
	return lang.T(experimentNumberKey(plan.ErrorKey(err)))
}

// experimentNumberKey is the step's catalogue key of a number error key.
func experimentNumberKey(key string) string {
	if rest, ok := strings.CutPrefix(key, "number."); ok {
		return "experiment.number." + rest
	}
	if key == "" || !Has(key) {
		return "experiment.number.invalid"
	}
	return key
}

// postErrorsText says what is wrong with pasted posts, line by line, the
// first five of them.
func postErrorsText(lang Lang, re plan.RowErrors) string {
	const shown = 5
	var lines []string
	for i, r := range re {
		if i == shown {
			lines = append(lines, lang.N("experiment.posts.more", len(re)-shown))
			break
		}
		var msg string
		switch r.Key {
		case "number.ambiguous":
			msg = lang.T("experiment.count.ambiguous", r.Value, formatCount(lang, int64(r.Grouped)), formatNumber(lang, r.Decimal))
		case "experiment.posts.columns", "experiment.post.variant", "experiment.posts.too_many":
			msg = lang.T(r.Key, r.Value)
		default:
			msg = lang.T(experimentNumberKey(r.Key))
		}
		if r.Row > 0 {
			msg = lang.T("experiment.posts.row", r.Row, msg)
		}
		lines = append(lines, msg)
	}
	return clip(strings.Join(lines, "\n"), 1900)
}

// parseIDOrZero reads a button's ID value, 0 when it is not one.
func parseIDOrZero(value string) int64 {
	id, err := strconv.ParseInt(value, 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// renderExperimentEnd renders the reminder that asks for results. An
// experiment deleted or with results meanwhile posts nothing.
func renderExperimentEnd(n *Notifier, ctx context.Context, p *plan.Plan, r *plan.Reminder, d *plan.Delivery) (reminderPost, error) {
	e, err := n.Experiments.FindExperimentByID(ctx, r.SubjectID)
	if plan.ErrorCode(err) == plan.ENOTFOUND {
		return reminderPost{Skip: "experiment deleted"}, nil
	} else if err != nil {
		return reminderPost{}, err
	}
	if _, recorded := e.InForce(); recorded {
		return reminderPost{Skip: "results already recorded"}, nil
	}
	text, blocks := experimentEndMessage(planLang(p), e, r, d, p.Location())
	return reminderPost{Text: text, Blocks: blocks, ThreadTS: r.ThreadTS}, nil
}
