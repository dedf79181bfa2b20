package plan

import (
	"slices"
	"strings"
	"time"
)

// ExperimentDesign is what an experiment tests and how it will be judged.
// It is locked once the experiment starts, so that no one changes the test
// after seeing how it goes: a change restarts it (see Restart), keeping
// the run before in the history.
type ExperimentDesign struct {
	Variable       ExperimentVariable
	Network        Network
	Variants       []string // the variants' names, the control first
	SuccessMetric  string
	ExposureMetric string
	BaselineRate   float64
	MinEffect      float64
	PlannedSample  int64
	Start, End     time.Time
}

// Design returns the design of e.
func (e *Experiment) Design() ExperimentDesign {
	d := ExperimentDesign{
		Variable: e.Variable, Network: e.Network, SuccessMetric: e.SuccessMetric, ExposureMetric: e.ExposureMetric,
		BaselineRate: e.BaselineRate, MinEffect: e.MinEffect, PlannedSample: e.PlannedSample, Start: e.Start, End: e.End,
	}
	for _, v := range e.Variants {
		d.Variants = append(d.Variants, v.Name)
	}
	return d
}

// apply sets the design of e to d; the variants' results are cleared.
func (e *Experiment) apply(d ExperimentDesign) {
	e.Variable, e.Network, e.SuccessMetric, e.ExposureMetric = d.Variable, d.Network, d.SuccessMetric, d.ExposureMetric
	e.BaselineRate, e.MinEffect, e.PlannedSample, e.Start, e.End = d.BaselineRate, d.MinEffect, d.PlannedSample, d.Start, d.End
	e.Variants = make([]ExperimentVariant, len(d.Variants))
	for i, name := range d.Variants {
		e.Variants[i] = ExperimentVariant{Name: name}
	}
}

// Changed returns the form fields of the design that differ between d and
// o, in form order: variable, network, variants, success_metric,
// exposure_metric, baseline_rate, min_effect, planned_sample, start, end.
// Names compare trimmed, whatever their case.
func (d ExperimentDesign) Changed(o ExperimentDesign) []string {
	same := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	var out []string
	add := func(field string, differ bool) {
		if differ {
			out = append(out, field)
		}
	}
	add("variable", d.Variable != o.Variable)
	add("network", d.Network != o.Network)
	add("variants", !slices.EqualFunc(d.Variants, o.Variants, same))
	add("success_metric", !same(d.SuccessMetric, o.SuccessMetric))
	add("exposure_metric", !same(d.ExposureMetric, o.ExposureMetric))
	add("baseline_rate", d.BaselineRate != o.BaselineRate)
	add("min_effect", d.MinEffect != o.MinEffect)
	add("planned_sample", d.PlannedSample != o.PlannedSample)
	add("start", !d.Start.Equal(o.Start))
	add("end", !d.End.Equal(o.End))
	return out
}

// RunNumber returns the number of e's current run: 1 for the first.
func (e *Experiment) RunNumber() int { return max(e.Run, 1) }

// Started reports whether e has started on today, the plan's calendar
// date: its design is locked from its start date on.
func (e *Experiment) Started(today time.Time) bool {
	return !e.Start.IsZero() && !today.Before(e.Start)
}

// CheckUpdate returns nil when updated may replace e, the stored
// experiment, on today. Before e starts anything may change (Validate
// still applies); from its start on, only the name, the hypothesis and the
// owner: a change of the design returns FieldErrors with the key
// experiment.locked on each field changed, and the form offers to restart
// the experiment instead (see Restart). Moving the end date to today to
// read a verdict early is such a change.
func (e *Experiment) CheckUpdate(updated *Experiment, today time.Time) error {
	if !e.Started(today) {
		return nil
	}
	var fe FieldErrors
	for _, field := range e.Design().Changed(updated.Design()) {
		fe = append(fe, Invalid(field, "experiment.locked", "the experiment has started: restart it to change this"))
	}
	return fe.Err()
}

// ExperimentRun is one run of an experiment, kept when it restarts: its
// design, the results recorded during it (corrections included), who
// restarted it, when and why.
type ExperimentRun struct {
	ID           int64
	ExperimentID int64
	Number       int // 1 for the first run
	Design       ExperimentDesign
	Results      []ResultRecord
	EndedAt      time.Time
	EndedBy      string
	Reason       string // as typed
}

// MaxRestartReasonLen bounds the reason given for a restart.
const MaxRestartReasonLen = 500

// Restart ends e's current run and starts a new one with the design of
// changed, on behalf of by, today. The new run starts on changed's start
// date, or today when that is earlier; results are cleared and the run
// number goes up. The name, hypothesis and owner are taken from changed
// too. It returns the run that ended, for storage to keep with history,
// the results recorded during it. e is left unchanged on error: ECONFLICT
// when e has not started (edit it instead) or the design is the same,
// FieldErrors when the new design does not validate, its end date is not
// after today (a run ending today would take the figures seen so far as
// its results: peeking), or the reason is too long.
func (e *Experiment) Restart(changed *Experiment, history []ResultRecord, by, reason string, today, now time.Time) (ExperimentRun, error) {
	if !e.Started(today) {
		return ExperimentRun{}, &Error{Code: ECONFLICT, Key: "experiment.restart.not_started", Message: "the experiment has not started: edit it instead"}
	}
	d := changed.Design()
	if len(e.Design().Changed(d)) == 0 {
		return ExperimentRun{}, &Error{Code: ECONFLICT, Key: "experiment.restart.same", Message: "nothing in the design changed"}
	}
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) > MaxRestartReasonLen {
		return ExperimentRun{}, FieldErrors{Invalid("reason", "experiment.reason.too_long", "the reason is too long")}
	}
	if d.Start.Before(today) {
		d.Start = today
	}
	if !d.End.IsZero() && !d.End.After(today) {
		// A run that ends today could take results at once: the figures
		// seen so far, typed in to read a verdict early.
		return ExperimentRun{}, FieldErrors{Invalid("end", "experiment.end.restart_today", "a new run must end after today")}
	}
	next := *e
	next.apply(d)
	next.Name, next.Hypothesis, next.OwnerID = changed.Name, changed.Hypothesis, changed.OwnerID
	next.ResultsAt, next.ResultsBy = time.Time{}, ""
	next.Run = e.RunNumber() + 1
	next.Normalize()
	if err := next.Validate(today, true); err != nil {
		return ExperimentRun{}, err
	}
	run := ExperimentRun{
		ExperimentID: e.ID, Number: e.RunNumber(), Design: e.Design(), EndedAt: now.UTC(), EndedBy: by, Reason: reason,
	}
	for _, r := range history {
		if max(r.Run, 1) == run.Number {
			run.Results = append(run.Results, r)
		}
	}
	*e = next
	return run, nil
}
