package plan

import (
	"cmp"
	"slices"
	"time"
)

// DigestAhead is how far a weekly digest looks ahead for what is due.
const DigestAhead = 7 * 24 * time.Hour

// DigestInput is what a weekly digest is built from, as storage reads it.
type DigestInput struct {
	Plan *Plan
	Now  time.Time
	// Since is when the last digest was posted: what changed since is
	// news. Zero means a week before Now.
	Since time.Time
	// Content holds the plan's items dated from Since to Now+DigestAhead
	// and those in review, whatever their date.
	Content []*ContentItem
	// ReviewEvents are the review histories' entries since Since.
	ReviewEvents   []*ReviewEvent
	CheckIns       []*CheckIn  // given since Since
	Decisions      []*Decision // taken since Since
	Experiments    []*Experiment
	Goals          []*Goal
	LatestCheckIns map[int64]*CheckIn // see LatestCheckIns
	KPIAtRisk      map[int64]bool
}

// Digest is the weekly digest of a plan (issue 17): what changed, what is
// due, which decisions are waiting and which goals are at risk. The bot
// posts it on the plan's working day, and skips it when it is Empty.
type Digest struct {
	Since, Until time.Time
	// What changed since Since.
	Published []*ContentItem // items published, by date
	Approved  []*ContentItem // items that became approved, by approval
	Reopened  []*ReviewEvent // approved items sent back to review by an edit
	CheckIns  []*CheckIn     // check-ins given, oldest first
	Decisions []*Decision    // step 9 decisions taken, oldest first
	Concluded []*Experiment  // experiments whose results were recorded
	// What is due by Until+DigestAhead.
	DueContent     []*ContentItem // items to publish, not published yet, by date
	DueExperiments []*Experiment  // experiments ending, not concluded
	DueGoals       []*Goal        // goal deadlines
	// What waits for someone's decision.
	WaitingReview  []*ContentItem // items in review, oldest request first
	WaitingResults []*Experiment  // experiments past their end without results
	AtRisk         []GoalRisk
}

// Empty reports whether d has nothing to say: the digest is skipped.
func (d Digest) Empty() bool {
	return len(d.Published)+len(d.Approved)+len(d.Reopened)+len(d.CheckIns)+len(d.Decisions)+len(d.Concluded)+
		len(d.DueContent)+len(d.DueExperiments)+len(d.DueGoals)+len(d.WaitingReview)+len(d.WaitingResults)+len(d.AtRisk) == 0
}

// BuildDigest applies the digest's rules to in, in the plan's zone.
func BuildDigest(in DigestInput) Digest {
	loc := in.Plan.Location()
	since := in.Since
	if since.IsZero() {
		since = in.Now.Add(-7 * 24 * time.Hour)
	}
	ahead := in.Now.Add(DigestAhead)
	d := Digest{Since: since, Until: in.Now}
	within := func(t time.Time) bool { return !t.Before(since) && !t.After(in.Now) }
	today, lastDay := Today(in.Now, loc), Today(ahead, loc)

	byID := map[int64]*ContentItem{}
	for _, c := range in.Content {
		byID[c.ID] = c
		switch {
		case c.Status == ContentPublished && !c.PublishAt.IsZero() && within(c.PublishAt):
			d.Published = append(d.Published, c)
		case c.Status != ContentPublished && !c.PublishAt.IsZero() && !c.PublishAt.Before(in.Now) && !c.PublishAt.After(ahead):
			d.DueContent = append(d.DueContent, c)
		}
		if c.Status == ContentInReview {
			d.WaitingReview = append(d.WaitingReview, c)
		}
	}
	byDate := func(a, b *ContentItem) int { return cmp.Or(a.PublishAt.Compare(b.PublishAt), cmp.Compare(a.ID, b.ID)) }
	slices.SortStableFunc(d.Published, byDate)
	slices.SortStableFunc(d.DueContent, byDate)
	slices.SortStableFunc(d.WaitingReview, func(a, b *ContentItem) int {
		return cmp.Or(a.Review.RequestedAt.Compare(b.Review.RequestedAt), cmp.Compare(a.ID, b.ID))
	})

	events := slices.Clone(in.ReviewEvents)
	slices.SortStableFunc(events, func(a, b *ReviewEvent) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	for _, e := range events {
		if !within(e.At) {
			continue
		}
		switch {
		case e.Action == ActionApproved && e.To == ContentApproved:
			if c := byID[e.ItemID]; c != nil && !slices.Contains(d.Approved, c) {
				d.Approved = append(d.Approved, c)
			}
		case e.Action == ActionReopened:
			d.Reopened = append(d.Reopened, e)
		}
	}

	for _, c := range in.CheckIns {
		if within(c.At) {
			d.CheckIns = append(d.CheckIns, c)
		}
	}
	slices.SortStableFunc(d.CheckIns, func(a, b *CheckIn) int { return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.ID, b.ID)) })
	for _, x := range in.Decisions {
		if within(x.DecidedAt) {
			d.Decisions = append(d.Decisions, x)
		}
	}
	slices.SortStableFunc(d.Decisions, func(a, b *Decision) int { return cmp.Or(a.DecidedAt.Compare(b.DecidedAt), cmp.Compare(a.ID, b.ID)) })

	for _, e := range in.Experiments {
		switch {
		case e.Concluded() && within(e.ResultsAt):
			d.Concluded = append(d.Concluded, e)
		case !e.Concluded() && e.End.Before(today):
			d.WaitingResults = append(d.WaitingResults, e)
		case !e.Concluded() && !e.End.After(lastDay):
			d.DueExperiments = append(d.DueExperiments, e)
		}
	}
	for _, g := range in.Goals {
		if !g.Deadline.Before(today) && !g.Deadline.After(lastDay) {
			d.DueGoals = append(d.DueGoals, g)
		}
	}
	slices.SortStableFunc(d.DueGoals, func(a, b *Goal) int { return a.Deadline.Compare(b.Deadline) })
	d.AtRisk = GoalsAtRisk(in.Goals, in.LatestCheckIns, in.KPIAtRisk)
	return d
}

// DigestHour is the local hour the weekly digest is posted at.
const DigestHour = 9

// WeeklyDigestRule is when a plan's weekly digest is posted: at DigestHour
// on the plan's first working day of the week (Monday when its working
// hours name no day), in its zone.
func WeeklyDigestRule(p *Plan) Rule {
	day := time.Monday
	if days := p.WorkingHours.Days; len(days) > 0 {
		day = slices.MinFunc(days, func(a, b time.Weekday) int {
			// Monday first: the week starts on Monday.
			return cmp.Compare((int(a)+6)%7, (int(b)+6)%7)
		})
	}
	return Rule{Frequency: FrequencyWeekly, Weekdays: []time.Weekday{day}, Hour: DigestHour, TimeZone: p.Location().String()}
}
