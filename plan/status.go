package plan

import "time"

// StepState is how far a step of the method is.
type StepState int

// Step states.
const (
	StepNotStarted StepState = iota // nothing recorded yet
	StepInProgress                  // recorded, with something missing
	StepDone                        // recorded, nothing missing
)

// Problem is one thing missing in a step: a catalogue key and the names of
// the entities concerned (user text: escape it before posting), of which
// there are Total.
type Problem struct {
	Key   string
	Names []string
	Total int
	// Age is how late the oldest of Total is, for a problem of lateness
	// (a reply overdue); Since the date a problem dates from (the last
	// decision). Zero when the problem has none.
	Age   time.Duration
	Since time.Time
}

// StepProgress is the progress of one step of the method.
type StepProgress struct {
	Step     string // the step's command: "goals", "audience", ...
	Number   int    // 1 to 9
	State    StepState
	Count    int // entities recorded
	Problems []Problem
}

// Steps lists the commands of the nine steps of the method, in order.
var Steps = []string{"goals", "audience", "content", "cta", "channels", "experiment", "engage", "measure", "review"}

// Snapshot is what Progress needs of a plan. Steps 6 to 9 are counted by
// their own services (observations for step 8, decisions for step 9); a
// zero count means the step was not started.
type Snapshot struct {
	Today        time.Time // the plan's calendar date (see Today)
	Now          time.Time
	Goals        []*Goal
	Personas     []*Persona
	Strategy     *Strategy
	Pillars      []*Pillar
	ContentItems int            // how many items the plan has
	LateItems    []*ContentItem // items late at Now (see ContentItem.Late), maybe a first page
	LateTotal    int            // how many items are late in all
	CTAs         []*CTA
	Channels     []*Channel
	Experiments  int
	Engagements  int
	Observations int
	Reviews      int
	// Unmeasured are the goals whose KPI has no observation in the current
	// review period; NoReviewSchedule is set when the plan schedules no
	// measurement review. Both count only once step 8 has started.
	Unmeasured       []*Goal
	NoReviewSchedule bool
	// AtRisk are the goals whose KPI is behind its pace at today or missed
	// its deadline (KPIStatus.AtRisk); they count once step 8 has started.
	AtRisk []*Goal
	// SaidAtRisk are the goals whose latest check-in says at risk or off
	// track (GoalsAtRisk), off track first.
	SaidAtRisk []*Goal

	// OverdueExperiments are the experiments past their end date without
	// results (step 6 is done when each is concluded or running on time).
	OverdueExperiments []*Experiment
	// OverdueReplies counts the open engagement items due before Now, of
	// which OldestDue is the earliest due (step 7 is done with none).
	OverdueReplies int
	OldestDue      time.Time
	// PeriodStart is when the current review period began (see
	// ReviewSchedule.PeriodStart); zero when the plan schedules no review.
	// ReviewMissed is set when the measurement review due in that period
	// did not run; LastDecision is when step 9 last recorded a decision,
	// which should fall in the period.
	PeriodStart  time.Time
	ReviewMissed bool
	LastDecision time.Time
}

// Progress is the state of the nine steps of a plan, with what is missing.
type Progress struct {
	Steps []StepProgress // the nine steps, in order
	Fit   FitMatrix
	// NonSMART are the goals SMARTProblems flags; GoalsWithoutCTA the goals
	// no call to action serves.
	NonSMART        []*Goal
	GoalsWithoutCTA []*Goal
}

// Done counts the steps done.
func (p Progress) Done() int {
	n := 0
	for _, s := range p.Steps {
		if s.State == StepDone {
			n++
		}
	}
	return n
}

// NotStarted returns the commands of the steps not started.
func (p Progress) NotStarted() []string {
	var out []string
	for _, s := range p.Steps {
		if s.State == StepNotStarted {
			out = append(out, s.Step)
		}
	}
	return out
}

// SMARTProblems returns the catalogue keys of what keeps g from being
// SMART at today: no metric, a target equal to the baseline, no deadline,
// or a deadline that has passed. Nil for a SMART goal.
func SMARTProblems(g *Goal, today time.Time) []string {
	var out []string
	if g.Metric == "" {
		out = append(out, "status.smart.metric")
	}
	if g.Target == g.Baseline && (g.KPI.Direction == DirectionIncrease || g.KPI.Direction == DirectionDecrease || g.KPI.IsZero()) {
		out = append(out, "status.smart.target") // a "stay" goal's target is a threshold
	}
	switch {
	case g.Deadline.IsZero():
		out = append(out, "status.smart.deadline")
	case g.Deadline.Before(today):
		out = append(out, "status.smart.deadline_passed")
	}
	return out
}

// ComputeProgress computes the progress of the nine steps from s.
func ComputeProgress(s Snapshot) Progress {
	var pr Progress
	pr.Fit = Fit(s.Personas, s.Channels)

	served := map[int64]bool{}
	for _, c := range s.CTAs {
		served[c.GoalID] = true
	}
	var orphans []*CTA
	for _, c := range s.CTAs {
		if c.GoalID == 0 {
			orphans = append(orphans, c)
		}
	}
	for _, g := range s.Goals {
		if SMARTProblems(g, s.Today) != nil {
			pr.NonSMART = append(pr.NonSMART, g)
		}
		if !served[g.ID] {
			pr.GoalsWithoutCTA = append(pr.GoalsWithoutCTA, g)
		}
	}

	goals := StepProgress{Step: "goals", Count: len(s.Goals)}
	goals.add("status.goals.not_smart", goalNames(pr.NonSMART), len(pr.NonSMART))
	goals.add("status.goals.at_risk", goalNames(s.SaidAtRisk), len(s.SaidAtRisk))

	// Step 2 is done when every persona is reached by a network that is
	// not stopped; until step 5 chooses one, none is.
	audience := StepProgress{Step: "audience", Count: len(s.Personas)}
	unreached := make([]string, len(pr.Fit.Unreached))
	for i, p := range pr.Fit.Unreached {
		unreached[i] = p.Name
	}
	audience.add("status.channels.unreached", unreached, len(unreached))

	content := StepProgress{Step: "content", Count: len(s.Pillars) + s.ContentItems}
	voice := s.Strategy != nil && (s.Strategy.Voice != "" || s.Strategy.Tone != "")
	if voice {
		content.Count++
	}
	if content.Count > 0 {
		if len(s.Pillars) == 0 {
			content.add("status.content.no_pillars", nil, 1)
		}
		if !voice {
			content.add("status.content.no_voice", nil, 1)
		}
		if s.ContentItems == 0 {
			content.add("status.content.no_items", nil, 1)
		}
	}
	late := make([]string, len(s.LateItems))
	for i, c := range s.LateItems {
		late[i] = c.Title
	}
	content.add("status.content.late", late, max(s.LateTotal, len(s.LateItems)))

	cta := StepProgress{Step: "cta", Count: len(s.CTAs)}
	cta.add("status.cta.goals_without", goalNames(pr.GoalsWithoutCTA), len(pr.GoalsWithoutCTA))
	orphanNames := make([]string, len(orphans))
	for i, c := range orphans {
		orphanNames[i] = c.Text
	}
	cta.add("status.cta.no_goal", orphanNames, len(orphans))

	// Step 5 is done when every network that is not stopped serves a
	// persona and has a cadence.
	channels := StepProgress{Step: "channels", Count: len(s.Channels)}
	if channels.Count > 0 {
		unused := make([]string, len(pr.Fit.Unused))
		for i, c := range pr.Fit.Unused {
			unused[i] = string(c.Network)
		}
		channels.add("status.channels.unused", unused, len(unused))
		var noCadence []string
		for _, c := range s.Channels {
			if !c.Stopped() && c.Cadence == "" {
				noCadence = append(noCadence, string(c.Network))
			}
		}
		channels.add("status.channels.no_cadence", noCadence, len(noCadence))
	}

	// Step 6 is done when every experiment is concluded or still running
	// on time.
	experiments := StepProgress{Step: "experiment", Count: s.Experiments}
	overdue := make([]string, len(s.OverdueExperiments))
	for i, e := range s.OverdueExperiments {
		overdue[i] = e.Name
	}
	experiments.add("status.experiment.overdue", overdue, len(overdue))

	// Step 7 is done when no reply is overdue.
	engage := StepProgress{Step: "engage", Count: s.Engagements}
	if s.OverdueReplies > 0 {
		engage.Problems = append(engage.Problems, Problem{Key: "status.engage.overdue", Total: s.OverdueReplies, Age: s.Now.Sub(s.OldestDue)})
	}

	measure := StepProgress{Step: "measure", Count: s.Observations}
	if measure.Count > 0 {
		measure.add("status.measure.at_risk", goalNames(s.AtRisk), len(s.AtRisk))
		measure.add("status.measure.unmeasured", goalNames(s.Unmeasured), len(s.Unmeasured))
		if s.NoReviewSchedule {
			measure.add("status.measure.no_schedule", nil, 1)
		}
		if s.ReviewMissed {
			measure.add("status.measure.review_missed", nil, 1)
		}
	}

	// Step 9 is done when the current review period has decisions.
	review := StepProgress{Step: "review", Count: s.Reviews}
	if review.Count > 0 && !s.PeriodStart.IsZero() && s.LastDecision.Before(s.PeriodStart) {
		review.Problems = append(review.Problems, Problem{Key: "status.review.stale", Total: 1, Since: s.LastDecision})
	}

	pr.Steps = []StepProgress{
		goals, audience, content, cta, channels,
		experiments, engage, measure, review,
	}
	for i := range pr.Steps {
		st := &pr.Steps[i]
		st.Number = i + 1
		switch {
		case st.Count == 0:
			st.State = StepNotStarted
		case len(st.Problems) > 0:
			st.State = StepInProgress
		default:
			st.State = StepDone
		}
	}
	return pr
}

// add records a problem when total is positive.
func (s *StepProgress) add(key string, names []string, total int) {
	if total > 0 {
		s.Problems = append(s.Problems, Problem{Key: key, Names: names, Total: total})
	}
}

func goalNames(goals []*Goal) []string {
	out := make([]string, len(goals))
	for i, g := range goals {
		out[i] = g.Title
	}
	return out
}
