package plan

import (
	"context"
	"math"
	"slices"
	"strings"
	"time"
)

// ExperimentVariable is the one thing an experiment changes between its
// variants.
type ExperimentVariable string

// Experiment variables, from the method's step 6.
const (
	VariableCopy     ExperimentVariable = "copy"
	VariableQuestion ExperimentVariable = "question" // how a question is phrased
	VariableDay      ExperimentVariable = "day"
	VariableHour     ExperimentVariable = "hour"
	VariableFormat   ExperimentVariable = "format"
	VariableCTA      ExperimentVariable = "cta"
)

// ExperimentVariables lists the variables in the order they are offered.
var ExperimentVariables = []ExperimentVariable{
	VariableCopy, VariableQuestion, VariableDay, VariableHour, VariableFormat, VariableCTA,
}

// Valid reports whether v is a known variable.
func (v ExperimentVariable) Valid() bool { return slices.Contains(ExperimentVariables, v) }

// Experiment limits.
const (
	MaxExperimentNameLen       = 150
	MaxExperimentHypothesisLen = 1000
	MaxVariantNameLen          = 200
	MaxMetricLabelLen          = 50
	MinVariants                = 2
	MaxVariants                = 4
)

// Experiment statistics: a two-sided test at ExperimentAlpha, planned for
// ExperimentPower. With more than two variants each is compared with the
// first (the control) at ExperimentAlpha divided by the number of
// comparisons (Bonferroni), so that the chance of a false winner stays 5 %.
const (
	ExperimentAlpha = 0.05
	ExperimentPower = 0.8
)

// ExperimentEndHour is the local hour, on an experiment's end date, at
// which the bot asks for its results.
const ExperimentEndHour = 9

// ExperimentVariant is one version tested, and its results once recorded.
type ExperimentVariant struct {
	Name      string // "Question: which do you prefer?"
	Exposures int64  // impressions, say
	Successes int64  // clicks, say
}

// Experiment is an A/B test of one variable (step 6): its plan, and once
// ended, its results per variant.
type Experiment struct {
	ID             int64
	PlanID         int64
	Name           string
	Hypothesis     string
	Variable       ExperimentVariable
	Network        Network
	Variants       []ExperimentVariant // the first is the control
	SuccessMetric  string              // what is counted: "clicks"
	ExposureMetric string              // out of what: "impressions"
	BaselineRate   float64             // expected rate of the control, in percent (2 for 2 %)
	MinEffect      float64             // smallest change worth detecting, in percentage points
	PlannedSample  int64               // exposures planned per variant; 0 when not planned
	Start          time.Time           // calendar dates, stored at 00:00 UTC
	End            time.Time
	OwnerID        string
	CreatedBy      string
	ResultsAt      time.Time // zero until results are recorded
	ResultsBy      string
	// Run is the number of the current run, 1 for the first (0 reads as
	// 1): a change of design once started restarts it (see Restart).
	Run int
	// Results are the result records of the current run, oldest first:
	// the first recording, then its corrections; the last is in force
	// (see InForce). Storage loads them with the experiment.
	Results   []ResultRecord
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Normalize trims the text fields of e.
func (e *Experiment) Normalize() {
	e.Name = strings.TrimSpace(e.Name)
	e.Hypothesis = strings.TrimSpace(e.Hypothesis)
	e.SuccessMetric = strings.TrimSpace(e.SuccessMetric)
	e.ExposureMetric = strings.TrimSpace(e.ExposureMetric)
	for i := range e.Variants {
		e.Variants[i].Name = strings.TrimSpace(e.Variants[i].Name)
	}
}

// Concluded reports whether results were recorded.
func (e *Experiment) Concluded() bool { return !e.ResultsAt.IsZero() }

// Validate returns FieldErrors for every field of e that is not valid.
// today is the current date in the plan's zone; a new or changed end date
// must not be before it (requireFutureEnd).
func (e *Experiment) Validate(today time.Time, requireFutureEnd bool) error {
	var fe FieldErrors
	textField := func(field, value string, max int) {
		switch n := len([]rune(value)); {
		case n == 0:
			fe = append(fe, Invalid(field, "experiment."+field+".required", field+" required"))
		case n > max:
			fe = append(fe, Invalid(field, "experiment."+field+".too_long", field+" too long"))
		}
	}
	textField("name", e.Name, MaxExperimentNameLen)
	textField("hypothesis", e.Hypothesis, MaxExperimentHypothesisLen)
	if !e.Variable.Valid() {
		fe = append(fe, Invalid("variable", "experiment.variable.invalid", "choose the one variable tested"))
	}
	if !e.Network.Valid() {
		fe = append(fe, Invalid("network", "experiment.network.invalid", "choose a network"))
	}
	fe = append(fe, e.validateVariants()...)
	textField("success_metric", e.SuccessMetric, MaxMetricLabelLen)
	textField("exposure_metric", e.ExposureMetric, MaxMetricLabelLen)
	if !(e.BaselineRate > 0 && e.BaselineRate < 100) {
		fe = append(fe, Invalid("baseline_rate", "experiment.baseline_rate.invalid", "the baseline rate must be between 0 and 100 %"))
	}
	switch {
	case !(e.MinEffect > 0) || math.IsInf(e.MinEffect, 0):
		fe = append(fe, Invalid("min_effect", "experiment.min_effect.invalid", "the minimum effect must be more than 0 points"))
	case e.BaselineRate > 0 && e.BaselineRate+e.MinEffect >= 100:
		fe = append(fe, Invalid("min_effect", "experiment.min_effect.too_large", "baseline plus effect must stay under 100 %"))
	}
	if e.PlannedSample < 0 {
		fe = append(fe, Invalid("planned_sample", "experiment.planned_sample.invalid", "the planned sample cannot be negative"))
	}
	switch {
	case e.Start.IsZero():
		fe = append(fe, Invalid("start", "experiment.start.required", "choose a start date"))
	case e.End.IsZero():
		fe = append(fe, Invalid("end", "experiment.end.required", "choose an end date"))
	case e.End.Before(e.Start):
		fe = append(fe, Invalid("end", "experiment.end.before_start", "the end date must not be before the start"))
	case requireFutureEnd && e.End.Before(today):
		fe = append(fe, Invalid("end", "experiment.end.past", "the end date must not be in the past"))
	}
	return fe.Err()
}

func (e *Experiment) validateVariants() []*Error {
	var fe []*Error
	if len(e.Variants) < MinVariants || len(e.Variants) > MaxVariants {
		return append(fe, Invalid("variants", "experiment.variants.count", "an experiment needs two to four variants"))
	}
	seen := map[string]bool{}
	for i, v := range e.Variants {
		field := "variant_" + string(rune('a'+i))
		switch n := len([]rune(v.Name)); {
		case n == 0:
			fe = append(fe, Invalid(field, "experiment.variant.required", "describe the variant"))
		case n > MaxVariantNameLen:
			fe = append(fe, Invalid(field, "experiment.variant.too_long", "the variant is too long"))
		case seen[strings.ToLower(v.Name)]:
			fe = append(fe, Invalid(field, "experiment.variant.duplicate", "two variants are the same"))
		}
		seen[strings.ToLower(v.Name)] = true
	}
	return fe
}

// Alpha is the significance level of each comparison with the control.
func (e *Experiment) Alpha() float64 {
	return ExperimentAlpha / float64(max(1, len(e.Variants)-1))
}

// SampleNeeded returns how many exposures each variant needs to detect
// MinEffect over BaselineRate, at Alpha and ExperimentPower. It returns the
// errors of SampleSizePerVariant.
func (e *Experiment) SampleNeeded() (int64, error) {
	return SampleSizePerVariant(e.BaselineRate/100, (e.BaselineRate+e.MinEffect)/100, e.Alpha(), ExperimentPower)
}

// TooSmall reports whether the planned sample is below what is needed:
// the test could not conclude. False when no sample was planned.
func (e *Experiment) TooSmall() bool {
	need, err := e.SampleNeeded()
	return err == nil && e.PlannedSample > 0 && e.PlannedSample < need
}

// EndRule is the one-shot rule of the reminder that asks for results: the
// end date at ExperimentEndHour in loc.
func (e *Experiment) EndRule(loc *time.Location) Rule {
	y, m, d := e.End.Date()
	return Rule{Frequency: FrequencyOnce, At: LocalTime(loc, y, m, d, ExperimentEndHour, 0), TimeZone: loc.String()}
}

// VariantResult is what one variant scored.
type VariantResult struct {
	Exposures int64
	Successes int64
}

// SetResults records the results of every variant, in order. Results are
// taken from the end date on (today, in the plan's zone): a verdict read
// before the planned end inflates false positives. Returns FieldErrors.
//
// Deprecated: use RecordResults, which records once and keeps
// corrections (CorrectResults) as new records.
func (e *Experiment) SetResults(results []VariantResult, by string, today, now time.Time) error {
	var fe FieldErrors
	if today.Before(e.End) {
		return append(fe, Invalid("results", "experiment.results.too_early", "results are taken from the end date on")).Err()
	}
	if len(results) != len(e.Variants) {
		return append(fe, Invalid("results", "experiment.results.count", "one result per variant")).Err()
	}
	for i, r := range results {
		letter := string(rune('a' + i))
		switch {
		case r.Exposures <= 0:
			fe = append(fe, Invalid("exposures_"+letter, "experiment.exposures.invalid", "exposures must be more than 0"))
		case r.Successes < 0:
			fe = append(fe, Invalid("successes_"+letter, "experiment.successes.invalid", "successes cannot be negative"))
		case r.Successes > r.Exposures:
			fe = append(fe, Invalid("successes_"+letter, "experiment.successes.too_many", "successes cannot exceed exposures"))
		}
	}
	if err := fe.Err(); err != nil {
		return err
	}
	for i, r := range results {
		e.Variants[i].Exposures, e.Variants[i].Successes = r.Exposures, r.Successes
	}
	e.ResultsAt, e.ResultsBy = now.UTC(), by
	return nil
}

// VariantComparison is the test of one variant against the control.
type VariantComparison struct {
	Variant int // index in Experiment.Variants, at least 1
	Verdict     // Winner 1 is the control, 2 the variant
}

// ExperimentVerdict is what an experiment's results say.
//
// Deprecated: see Judgement.
type ExperimentVerdict struct {
	Alpha       float64
	Rates       []float64 // Successes/Exposures per variant
	Comparisons []VariantComparison
	// Winner is the index of the winning variant, or -1: a variant wins
	// when it beats the control significantly (the best such one); the
	// control wins when it beats every other variant significantly.
	Winner int
	// Confidence is 1 - p of the winner's comparison (the lowest of them
	// when the control wins); with no winner, the highest of any
	// comparison: how close the test came.
	Confidence float64
	// MoreNeeded is the most exposures per variant that any inconclusive
	// comparison still needs to detect the difference observed; 0 when none.
	MoreNeeded int64
}

// Verdict judges the recorded results. Returns EINVALID when there are
// none.
//
// Deprecated: use Conclusion, which says which test was used, gives a
// p-value rather than a "confidence", tests the best variant against the
// runner-up and states an underpowered test.
func (e *Experiment) Verdict() (ExperimentVerdict, error) {
	if !e.Concluded() || len(e.Variants) < MinVariants {
		return ExperimentVerdict{}, &Error{Code: EINVALID, Key: "experiment.results.none", Message: "no results recorded"}
	}
	v := ExperimentVerdict{Alpha: e.Alpha(), Winner: -1}
	for _, x := range e.Variants {
		if x.Exposures <= 0 {
			return ExperimentVerdict{}, &Error{Code: EINVALID, Key: "experiment.results.none", Message: "no results recorded"}
		}
		v.Rates = append(v.Rates, float64(x.Successes)/float64(x.Exposures))
	}
	c := e.Variants[0]
	controlWinsAll := true
	for i, x := range e.Variants[1:] {
		j, err := Judge(c.Successes, c.Exposures, x.Successes, x.Exposures, v.Alpha)
		if err != nil {
			return ExperimentVerdict{}, err
		}
		v.Comparisons = append(v.Comparisons, VariantComparison{Variant: i + 1, Verdict: j})
		v.MoreNeeded = max(v.MoreNeeded, j.MoreNeeded)
		if j.Winner != 1 {
			controlWinsAll = false
		}
		if j.Winner == 2 && (v.Winner < 0 || v.Rates[i+1] > v.Rates[v.Winner]) {
			v.Winner, v.Confidence = i+1, j.Confidence
		}
	}
	switch {
	case v.Winner < 0 && controlWinsAll:
		v.Winner, v.Confidence = 0, 1
		for _, cmp := range v.Comparisons {
			v.Confidence = min(v.Confidence, cmp.Confidence)
		}
	case v.Winner < 0:
		for _, cmp := range v.Comparisons {
			v.Confidence = max(v.Confidence, cmp.Confidence)
		}
	}
	return v, nil
}

// ExperimentFilter selects experiments. Zero fields match everything.
type ExperimentFilter struct {
	ID        *int64
	PlanID    *int64
	Concluded *bool
	Offset    int
	Limit     int
}

// ExperimentService manages experiments, their runs, their result
// records and the reminder that asks for their results. Implemented by
// storage.ExperimentService.
type ExperimentService interface {
	// FindExperimentByID returns the experiment with id, with the result
	// records of its current run. Returns ENOTFOUND.
	FindExperimentByID(ctx context.Context, id int64) (*Experiment, error)

	// FindExperiments returns the experiments matching filter, running ones
	// first, then by end date, with the result records of their current
	// run, and the total count ignoring Offset and Limit.
	FindExperiments(ctx context.Context, filter ExperimentFilter) ([]*Experiment, int, error)

	// FindExperimentRuns returns the runs of experiment id that ended with
	// a restart, oldest first, each with the results recorded during it.
	// Returns ENOTFOUND.
	FindExperimentRuns(ctx context.Context, id int64) ([]ExperimentRun, error)

	// CreateExperiment normalizes, validates and stores e, and schedules
	// the reminder of its end date. Returns FieldErrors (EINVALID) or
	// ENOTFOUND for the plan.
	CreateExperiment(ctx context.Context, e *Experiment) error

	// UpdateExperiment saves the editable fields of e, the experiment with
	// e.ID, and reschedules its reminder. Once the experiment has started
	// its design is locked (CheckUpdate): a change of it returns
	// FieldErrors with the key experiment.locked, and RestartExperiment
	// makes it instead. Returns ENOTFOUND or FieldErrors.
	UpdateExperiment(ctx context.Context, e *Experiment) error

	// RestartExperiment ends the current run of experiment id, keeping it
	// and its results, and starts a new run with the design of changed
	// (see Experiment.Restart); by restarts it, for reason. It reschedules
	// the reminder. Returns ENOTFOUND, ECONFLICT or FieldErrors.
	RestartExperiment(ctx context.Context, id int64, changed *Experiment, by, reason string) (*Experiment, error)

	// RecordResults appends the first result record of the current run of
	// experiment id (see Experiment.RecordResults), with variants or
	// posts, and closes its reminder. Returns ENOTFOUND, ECONFLICT when
	// results are recorded already (experiment.results.recorded), or
	// FieldErrors.
	RecordResults(ctx context.Context, id int64, variants []VariantResult, posts []ExperimentPost, by string) (*Experiment, error)

	// CorrectResults appends a record that corrects the results in force
	// of experiment id, keeping the earlier ones (see
	// Experiment.CorrectResults). Returns ENOTFOUND, ECONFLICT when none
	// are recorded, or FieldErrors.
	CorrectResults(ctx context.Context, id int64, variants []VariantResult, posts []ExperimentPost, by, note string) (*Experiment, error)

	// DeleteExperiment removes experiment id, its runs and result records,
	// and cancels its reminder. Returns ENOTFOUND.
	DeleteExperiment(ctx context.Context, id int64) error
}
