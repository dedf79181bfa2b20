package bot

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Results of step 8 as people type them: the results form, a row a value,
// and the CSV paste, whose value column is read as a whole. Numbers are
// read in the convention of the user's Slack locale.

// csvPasteMax is the longest paste, in characters: Slack's limit of a text
// input, which only a forged payload passes, refused before it is read.
const csvPasteMax = 3000

// Values of the CSV form's decimal mark select.
const (
	csvMarkPoint = "point"
	csvMarkComma = "comma"
)

// submitObservations stores the rows of the results form, all or none.
func (b *Bot) submitObservations(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u, meta, f, ok := b.submission(ctx, env, cb, BlockObsDate)
	if !ok {
		return
	}
	errs := map[string]string{}
	batch := plan.Observation{
		Source: f.text(BlockObsSource), Link: f.text(BlockObsLink), CreatedBy: cb.User.ID, PlanID: meta.PlanID,
	}
	batch.Date, _ = time.Parse(time.DateOnly, f.get(BlockObsDate).SelectedDate)
	batch.End, _ = time.Parse(time.DateOnly, f.get(BlockObsEnd).SelectedDate)
	var obs []*plan.Observation
	var rows []int
	for n := 1; n <= obsRows; n++ {
		metric, value := f.selected(rowBlock(BlockObsMetricRow, n)), strings.TrimSpace(f.text(rowBlock(BlockObsValueRow, n)))
		if metric == "" && value == "" {
			continue
		}
		o := batch
		o.Metric, o.Network = metric, plan.Network(f.selected(rowBlock(BlockObsNetRow, n)))
		v, err := readFormNumber(u, "value", value, nanValue)
		if err != nil {
			errs[rowBlock(BlockObsValueRow, n)] = u.Lang.T(err.Key, err.Args...)
		}
		o.Value = v
		o.Normalize()
		obs, rows = append(obs, &o), append(rows, n)
	}
	if len(obs) == 0 {
		errs[rowBlock(BlockObsValueRow, 1)] = u.Lang.T("observations.none")
	}
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	err := b.Metrics.CreateObservations(actor(ctx, cb.User.ID), obs)
	if re, ok := asRowErrors(err); ok {
		for _, e := range re {
			block, ok := obsFieldBlocks[e.Field]
			if !ok {
				row := rows[min(max(e.Row-1, 0), len(rows)-1)]
				block = rowBlock(BlockObsValueRow, row)
				switch e.Field {
				case "metric":
					block = rowBlock(BlockObsMetricRow, row)
				case "network":
					block = rowBlock(BlockObsNetRow, row)
				}
			}
			if _, dup := errs[block]; !dup {
				errs[block] = rowErrorMessage(u.Lang, e)
			}
		}
		ackErrors(env, errs)
		return
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, obsFieldBlocks, BlockObsDate)
		return
	}
	env.ack(nil)
	b.resultsStored(ctx, "results logged", meta, cb.User.ID, u.Lang, obs)
}

// rowErrorMessage is a row error without its row number, for a field of
// the results form.
func rowErrorMessage(lang Lang, e plan.RowError) string {
	if e.Key == "observation.metric.unknown" {
		return lang.T(e.Key, clip(e.Value, 60))
	}
	return lang.T(e.Key)
}

// submitCSV stores pasted results, or lists the bad rows and stores none.
// The value column is read as a whole, in the user's convention or with
// the decimal mark they chose; the form then says how it was read.
func (b *Bot) submitCSV(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	var p *plan.Plan
	if err == nil {
		p, err = b.Plans.FindPlanByID(ctx, meta.PlanID)
	}
	f := formState{cb.View.State}
	text := f.text(BlockObsCSV)
	if err == nil && utf8.RuneCountInString(text) > csvPasteMax {
		ackErrors(env, map[string]string{BlockObsCSV: u.Lang.T("csv.too_long", formatFigure(u.Lang, csvPasteMax))})
		return
	}
	var metrics []*plan.Metric
	if err == nil {
		_, metrics, err = b.planMetrics(ctx, meta.PlanID)
	}
	if err != nil {
		ackErrors(env, map[string]string{BlockObsCSV: b.errorText(u.Lang, err)})
		return
	}
	opt := plan.CSVOptions{Locale: u.Numbers}
	switch f.selected(BlockObsMark) {
	case csvMarkPoint:
		opt.Mark = plan.DecimalPoint
	case csvMarkComma:
		opt.Mark = plan.DecimalComma
	}
	res, re := plan.ReadObservationsCSVWith(text, metrics, plan.Today(b.Now(), p.Location()), opt)
	if len(re) > 0 {
		errs := map[string]string{BlockObsCSV: rowErrorsText(u.Lang, re)}
		if res.Values.Basis == plan.BasisUndecided {
			errs[BlockObsMark] = u.Lang.T("csv.mark.choose")
		}
		ackErrors(env, errs)
		return
	}
	obs := res.Observations
	source := strings.TrimSpace(f.text(BlockObsSource))
	for _, o := range obs {
		o.PlanID, o.CreatedBy = p.ID, cb.User.ID
		if o.Source == "" {
			o.Source = source
		}
	}
	err = b.Metrics.CreateObservations(actor(ctx, cb.User.ID), obs)
	if re, ok := asRowErrors(err); ok {
		ackErrors(env, map[string]string{BlockObsCSV: rowErrorsText(u.Lang, re)})
		return
	}
	if err != nil {
		b.ackError(ctx, env, u.Lang, meta, cb.User.ID, err, map[string]string{"source": BlockObsSource}, BlockObsCSV)
		return
	}
	done := csvDoneModal(u.Lang, len(obs), res.Values.SummaryKey(), meta)
	env.ack(slack.NewUpdateViewSubmissionResponse(&done))
	b.resultsStored(ctx, "results pasted", meta, cb.User.ID, u.Lang, obs)
}

// resultsStored follows results stored from a form (msg says how): it
// redraws the measure modal under the form and posts the decision note.
func (b *Bot) resultsStored(ctx context.Context, msg string, m viewMeta, userID string, lang Lang, obs []*plan.Observation) {
	b.Logger.Info(msg, "plan_id", m.PlanID, "count", len(obs), "user_id", userID)
	b.refreshMeasure(ctx, m.ParentID, m, lang)
	b.notePlan(ctx, m.PlanID, userID, func(lang Lang) (string, []slack.Block) {
		return observationsNote(lang, userID, obs)
	})
}
