package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// seedPlan writes one of everything a snapshot reads into plan p, as the
// services do, and returns what they read back one by one: the snapshot
// must equal it.
func seedPlan(t *testing.T, db *storage.DB, p *plan.Plan, user string) *plan.PlanSnapshot {
	t.Helper()
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sophie := MustCreatePersona(t, db, p.ID, "Sophie")
	MustCreatePersona(t, db, p.ID, "Marc")
	cta := MustCreateCTA(t, db, p.ID) // and its goal
	strategies := storage.NewStrategyService(db)
	must(strategies.UpdateStrategy(as(user), &plan.Strategy{PlanID: p.ID, Voice: "Warm", Tone: "Playful"}))
	must(strategies.CreatePillar(ctx, &plan.Pillar{PlanID: p.ID, Name: "Recipes", PersonaIDs: []int64{sophie.ID}, CreatedBy: user}))
	channels := storage.NewChannelService(db)
	must(channels.CreateChannel(ctx, &plan.Channel{PlanID: p.ID, Network: plan.NetworkX, Role: plan.GoalAwareness, Why: "Press", CreatedBy: user}))
	must(channels.CreateChannel(ctx, &plan.Channel{PlanID: p.ID, Network: plan.NetworkInstagram, Role: plan.GoalLeads, Why: "Parents", PersonaIDs: []int64{sophie.ID}}))
	MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Title, c.PublishAt, c.CTAID = "Late teaser", day(2026, 3, 2), cta.ID })
	MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Title, c.PublishAt = "No date yet", time.Time{} })
	MustCreateItem(t, db, p.ID, nil)
	must(storage.NewExperimentService(db).CreateExperiment(ctx, newTestExperiment(p.ID)))
	engagement := storage.NewEngagementService(db)
	replied := newTestItem(p.ID, fixedNow.Add(2*time.Hour))
	must(engagement.CreateEngagementItem(ctx, replied))
	if _, err := engagement.MarkReplied(ctx, replied.ID, user); err != nil {
		t.Fatal(err)
	}
	must(engagement.CreateEngagementItem(ctx, newTestItem(p.ID, fixedNow.Add(time.Hour))))
	metrics := storage.NewMetricService(db)
	must(metrics.CreateMetric(ctx, &plan.Metric{PlanID: p.ID, Name: "press articles", Kind: plan.MetricCount, CreatedBy: user}))
	must(metrics.CreateObservations(ctx, []*plan.Observation{
		{PlanID: p.ID, Metric: "newsletter signups", Network: plan.NetworkInstagram, Value: 140, Date: day(2026, 3, 9), CreatedBy: user},
		{PlanID: p.ID, Metric: "press articles", Value: 2, Date: day(2026, 3, 2), CreatedBy: user},
	}))
	if _, err := metrics.SetReviewSchedule(as(user), p.ID, plan.ReviewSchedule{Frequency: plan.FrequencyWeekly, Weekday: time.Friday, MonthDay: 1, Hour: 16}); err != nil {
		t.Fatal(err)
	}
	adapt := storage.NewAdaptService(db)
	for _, kind := range []plan.DecisionKind{plan.DecisionKeep, plan.DecisionDoMore} {
		must(adapt.RecordDecisions(as(user), &plan.Adaptation{PlanID: p.ID, CreatedBy: user, Decisions: []*plan.Decision{
			{Subject: plan.SubjectCTA, SubjectID: cta.ID, SubjectName: cta.Text, Decision: kind, Rationale: "Converts"},
		}}))
	}
	if _, err := storage.NewReminderService(db).MarkChannelUnreachable(ctx, p.ID, p.ChannelID, "not_in_channel", fixedNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	return readOneByOne(t, db, p.ID)
}

// readOneByOne reads plan id with a service call for each part of a
// snapshot, as the screens did before snapshots.
func readOneByOne(t *testing.T, db *storage.DB, id int64) *plan.PlanSnapshot {
	t.Helper()
	ctx := context.Background()
	var err error
	check := func(e error) {
		t.Helper()
		if e != nil && err == nil {
			err = e
		}
	}
	s := &plan.PlanSnapshot{}
	s.Plan, err = storage.NewPlanService(db).FindPlanByID(ctx, id)
	var e error
	s.Goals, _, e = storage.NewGoalService(db).FindGoals(ctx, plan.GoalFilter{PlanID: &id})
	check(e)
	s.Personas, _, e = storage.NewPersonaService(db).FindPersonas(ctx, plan.PersonaFilter{PlanID: &id})
	check(e)
	strategies := storage.NewStrategyService(db)
	s.Strategy, e = strategies.FindStrategy(ctx, id)
	check(e)
	s.Pillars, _, e = strategies.FindPillars(ctx, plan.PillarFilter{PlanID: &id})
	check(e)
	s.CTAs, _, e = storage.NewCTAService(db).FindCTAs(ctx, plan.CTAFilter{PlanID: &id})
	check(e)
	s.Channels, _, e = storage.NewChannelService(db).FindChannels(ctx, plan.ChannelFilter{PlanID: &id})
	check(e)
	s.Content, s.ContentTotal, e = storage.NewContentService(db).FindContentItems(ctx, plan.ContentFilter{PlanID: &id, Limit: plan.SnapshotMaxContent})
	check(e)
	s.Experiments, _, e = storage.NewExperimentService(db).FindExperiments(ctx, plan.ExperimentFilter{PlanID: &id})
	check(e)
	engagement := storage.NewEngagementService(db)
	s.Engagement, s.EngagementTotal, e = engagement.FindEngagementItems(ctx, plan.EngagementFilter{PlanID: &id, Limit: plan.SnapshotMaxEngagement})
	check(e)
	metrics := storage.NewMetricService(db)
	s.Metrics, e = metrics.FindMetrics(ctx, id)
	check(e)
	s.Observations, s.ObservationsTotal, e = metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &id})
	check(e)
	s.Schedule, s.Review, e = metrics.ReviewSchedule(ctx, id)
	check(e)
	s.Decisions, s.DecisionsTotal, e = storage.NewAdaptService(db).FindDecisions(ctx, plan.DecisionFilter{PlanID: &id, Limit: plan.SnapshotMaxDecisions})
	check(e)
	reminders := storage.NewReminderService(db)
	active := plan.ReminderActive
	all, e := reminders.FindReminders(ctx, plan.ReminderFilter{PlanID: &id, State: &active})
	check(e)
	for _, r := range all {
		if !r.NextAt.IsZero() && len(s.Reminders) < plan.SnapshotMaxReminders {
			s.Reminders = append(s.Reminders, r)
		}
	}
	s.Unreachable, e = reminders.UnreachableReason(ctx, id)
	check(e)
	if err != nil {
		t.Fatal(err)
	}
	// The services return empty lists where a snapshot has none.
	s.Goals, s.Personas, s.Pillars, s.CTAs = orNil(s.Goals), orNil(s.Personas), orNil(s.Pillars), orNil(s.CTAs)
	s.Channels, s.Content, s.Experiments = orNil(s.Channels), orNil(s.Content), orNil(s.Experiments)
	s.Engagement, s.Metrics, s.Observations, s.Decisions = orNil(s.Engagement), orNil(s.Metrics), orNil(s.Observations), orNil(s.Decisions)
	return s
}

// orNil returns vs, or nil when it is empty.
func orNil[V any](vs []V) []V {
	if len(vs) == 0 {
		return nil
	}
	return vs
}

func TestSnapshotService_PlanSnapshot(t *testing.T) {
	storagetest.Run(t, testPlanSnapshot)
}

func testPlanSnapshot(t *testing.T, backend storagetest.Backend) {
	ctx := context.Background()
	db := MustOpenDB(t, backend)
	p := MustEnsurePlan(t, db, "T1", "C1")
	other := MustEnsurePlan(t, db, "T1", "C2")
	seedPlan(t, db, p, "U1")
	seedPlan(t, db, other, "U1") // nothing of it may show in p's snapshot
	MustSetOwners(t, db, p.ID, "U1", "U2")
	want := readOneByOne(t, db, p.ID)

	got, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Replies) != 1 || got.Replies[0].Network != plan.NetworkInstagram || got.Replies[0].Took != 0 {
		t.Errorf("replies %+v, want one on Instagram, replied at once", got.Replies)
	}
	if stats := got.ReplyStats(fixedNow); len(stats) != 1 || stats[0].Count != 1 {
		t.Errorf("reply stats since now %+v, want one reply", stats)
	}
	want.Replies = got.Replies // the services give reply times only as statistics
	for name, pair := range map[string][2]any{
		"Plan": {want.Plan, got.Plan}, "Goals": {want.Goals, got.Goals}, "Personas": {want.Personas, got.Personas},
		"Strategy": {want.Strategy, got.Strategy}, "Pillars": {want.Pillars, got.Pillars}, "CTAs": {want.CTAs, got.CTAs},
		"Channels": {want.Channels, got.Channels}, "Content": {want.Content, got.Content}, "Experiments": {want.Experiments, got.Experiments},
		"Engagement": {want.Engagement, got.Engagement}, "Metrics": {want.Metrics, got.Metrics},
		"Observations": {want.Observations, got.Observations}, "Decisions": {want.Decisions, got.Decisions},
		"Review": {want.Review, got.Review}, "Reminders": {want.Reminders, got.Reminders},
	} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s differs:\nread one by one %s\nsnapshot        %s", name, dumpSnapshotPart(pair[0]), dumpSnapshotPart(pair[1]))
		}
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("snapshot differs from the reads one by one")
	}
	// What seedPlan wrote, counted: the snapshot is not merely equal to
	// another reading of an empty plan.
	for name, n := range map[string][2]int{
		"goals": {len(got.Goals), 1}, "personas": {len(got.Personas), 2}, "pillars": {len(got.Pillars), 1},
		"channels": {len(got.Channels), 2}, "content": {got.ContentTotal, 3}, "experiments": {len(got.Experiments), 1},
		"engagement": {got.EngagementTotal, 2}, "observations": {got.ObservationsTotal, 2}, "decisions": {got.DecisionsTotal, 2},
		"reminders": {len(got.Reminders), 6}, // the open item's, the digest, the experiment's end, the reviews, the goal check-ins, the weekly digest
	} {
		if n[0] != n[1] {
			t.Errorf("%d %s, want %d", n[0], name, n[1])
		}
	}
	if got.Strategy.Voice != "Warm" || len(got.Plan.Owners) != 2 || !got.Schedule.Enabled() || got.Unreachable != "not_in_channel" {
		t.Errorf("strategy %+v, owners %v, schedule %+v, unreachable %q", got.Strategy, got.Plan.Owners, got.Schedule, got.Unreachable)
	}
	if got.Content[0].Title != "Late teaser" || got.Content[2].Title != "No date yet" || len(got.Late(fixedNow)) != 1 {
		t.Errorf("content order %q %q %q, late %d", got.Content[0].Title, got.Content[1].Title, got.Content[2].Title, len(got.Late(fixedNow)))
	}
	if got.Decisions[0].Decision != plan.DecisionDoMore {
		t.Errorf("first decision %s, want the newest (do more)", got.Decisions[0].Decision)
	}

	t.Run("Empty", func(t *testing.T) {
		empty := MustEnsurePlan(t, db, "T1", "CEMPTY")
		got, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, empty.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Strategy == nil || got.Strategy.PlanID != empty.ID || got.Schedule != plan.DefaultReviewSchedule || got.Review != nil ||
			got.Goals != nil || got.ContentTotal != 0 || got.Unreachable != "" {
			t.Errorf("snapshot of an empty plan %+v", got)
		}
		if pr := got.Progress(fixedNow); pr.Done() != 0 {
			t.Errorf("%d steps done in an empty plan", pr.Done())
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		_, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, 999)
		assertCode(t, err, plan.ENOTFOUND)
	})
}

// TestSnapshotService_Capped checks that a capped list keeps the first
// rows in order and counts them all, and that observations are not
// capped: issue 11 found the newest results missing once a plan had more
// than 20,000.
func TestSnapshotService_Capped(t *testing.T) {
	storagetest.Run(t, testSnapshotCapped)
}

func testSnapshotCapped(t *testing.T, backend storagetest.Backend) {
	ctx := context.Background()
	db := MustOpenDB(t, backend)
	p := MustEnsurePlan(t, db, "T1", "C1")
	MustCreateGoal(t, db, p.ID)
	metrics := storage.NewMetricService(db)
	const total = 20_000 + 7 // the old cap, and a few more
	for n := 0; n < total; n += plan.MaxObservationsBatch {
		var batch []*plan.Observation
		for i := n; i < min(n+plan.MaxObservationsBatch, total); i++ {
			batch = append(batch, &plan.Observation{PlanID: p.ID, Metric: "newsletter signups", Value: float64(i),
				Date: day(2026, 3, 10).AddDate(0, 0, -i/100), CreatedBy: "U1"})
		}
		if err := metrics.CreateObservations(ctx, batch); err != nil {
			t.Fatal(err)
		}
	}
	got, err := storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	want, wantTotal, err := metrics.FindObservations(ctx, plan.ObservationFilter{PlanID: &p.ID})
	if err != nil {
		t.Fatal(err)
	}
	if got.ObservationsTotal != total || wantTotal != total || len(got.Observations) != total {
		t.Fatalf("%d observations of %d, want %d of %d", len(got.Observations), got.ObservationsTotal, total, total)
	}
	if !reflect.DeepEqual(got.Observations, want) {
		t.Error("the snapshot's observations are not all of them, oldest first")
	}
	// Values 0 to 99 are dated 2026-03-10, the newest day, and logged in
	// that order: the KPI, an "all networks" level, is the last logged,
	// 99. The oldest 20,000 alone ended at value 92.
	if k := got.KPIs(fixedNow)[0]; !k.HasData || k.Value != 99 || !k.ValueAt.Equal(day(2026, 3, 10)) {
		t.Errorf("KPI %v at %s, want the newest result: 99 on 2026-03-10", k.Value, k.ValueAt)
	}

	// Reminders: the next SnapshotMaxReminders active ones, soonest first.
	for i := range plan.SnapshotMaxReminders + 2 {
		at := fixedNow.Add(time.Duration(plan.SnapshotMaxReminders+2-i) * time.Hour)
		r := plan.Reminder{PlanID: p.ID, Kind: plan.ReminderEngagementOverdue, SubjectID: int64(100 + i), ChannelID: "C1", OwnerID: "U1",
			Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at, TimeZone: "UTC"}}
		if _, err := storage.ScheduleReminder(ctx, db, r); err != nil {
			t.Fatal(err)
		}
	}
	if got, err = storage.NewSnapshotService(db).PlanSnapshot(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	if len(got.Reminders) != plan.SnapshotMaxReminders {
		t.Fatalf("%d reminders, want %d", len(got.Reminders), plan.SnapshotMaxReminders)
	}
	for i := 1; i < len(got.Reminders); i++ {
		if got.Reminders[i].NextAt.Before(got.Reminders[i-1].NextAt) {
			t.Errorf("reminder %d is due before the one before it", i)
		}
	}
}

func TestSnapshotService_HomeSnapshot(t *testing.T) {
	storagetest.Run(t, testHomeSnapshot)
}

func testHomeSnapshot(t *testing.T, backend storagetest.Backend) {
	ctx := context.Background()
	db := MustOpenDB(t, backend)
	mine := MustEnsurePlan(t, db, "T1", "C1")
	seedPlan(t, db, mine, "UANA")
	MustSetOwners(t, db, mine.ID, "UANA")
	theirs := MustEnsurePlan(t, db, "T1", "C2")
	seedPlan(t, db, theirs, "UCAMI")
	third := MustEnsurePlan(t, db, "T1", "C3")
	MustEnsurePlan(t, db, "T2", "C9") // another team
	content := storage.NewContentService(db)
	review := MustCreateItem(t, db, theirs.ID, func(c *plan.ContentItem) { c.Title, c.ReviewerID, c.OwnerID = "Review me", "UANA", "UCAMI" })
	if _, err := content.RequestReview(as("UCAMI"), review.ID, "C2", "1.000001"); err != nil {
		t.Fatal(err)
	}
	open := newTestItem(mine.ID, fixedNow.Add(time.Hour))
	open.OwnerID = "UANA"
	if err := storage.NewEngagementService(db).CreateEngagementItem(ctx, open); err != nil {
		t.Fatal(err)
	}

	s := storage.NewSnapshotService(db)
	h, err := s.HomeSnapshot(ctx, plan.HomeFilter{TeamID: "T1", UserID: "UANA", MaxPlans: 10, MaxItems: 10, MaxReplies: 50})
	if err != nil {
		t.Fatal(err)
	}
	// The review names Ana: she takes part in theirs too.
	var ids []int64
	for _, p := range h.Plans {
		ids = append(ids, p.Plan.ID)
	}
	if !reflect.DeepEqual(ids, []int64{mine.ID, theirs.ID, third.ID}) || !h.Mine[mine.ID] || !h.Mine[theirs.ID] || h.Mine[third.ID] || h.MorePlans != 0 {
		t.Fatalf("plans %v, mine %v, more %d", ids, h.Mine, h.MorePlans)
	}
	for _, p := range h.Plans {
		want := readOneByOne(t, db, p.Plan.ID)
		want.Replies = p.Replies // the services give reply times only as statistics
		// Home reads the observations of the KPIs only: seedPlan's
		// "newsletter signups", not its "press articles".
		kpi := plan.KPIMetrics(want.Goals)
		want.Observations = orNil(slices.DeleteFunc(want.Observations, func(o *plan.Observation) bool {
			return !slices.ContainsFunc(kpi, func(m string) bool { return plan.MetricKey(m) == plan.MetricKey(o.Metric) })
		}))
		if want.ObservationsTotal > 0 && len(want.Observations) == want.ObservationsTotal {
			t.Errorf("plan %d: seedPlan logs a result that is no KPI's", p.Plan.ID)
		}
		if !reflect.DeepEqual(p, want) {
			t.Errorf("plan %d: the home's snapshot differs from the reads one by one", p.Plan.ID)
		}
	}
	if len(h.ToReview) != 1 || h.ToReview[0].ID != review.ID {
		t.Errorf("to review %v, want item %d", h.ToReview, review.ID)
	}
	if len(h.Replies) != 1 || h.Replies[0].ID != open.ID {
		t.Errorf("replies %v, want item %d", h.Replies, open.ID)
	}
	for _, c := range h.Assigned {
		if c.OwnerID != "UANA" || c.Status == plan.ContentPublished {
			t.Errorf("assigned %+v", c)
		}
	}

	t.Run("MorePlans", func(t *testing.T) {
		h, err := s.HomeSnapshot(ctx, plan.HomeFilter{TeamID: "T1", UserID: "UANA", MaxPlans: 1, MaxItems: 10, MaxReplies: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Plans) != 1 || h.Plans[0].Plan.ID != mine.ID || h.MorePlans != 2 {
			t.Errorf("%d plans (first %d), %d more; want plan %d and 2 more", len(h.Plans), h.Plans[0].Plan.ID, h.MorePlans, mine.ID)
		}
	})
}

// dumpSnapshotPart formats v for a failure message.
func dumpSnapshotPart(v any) string {
	return fmt.Sprintf("%+v", v)
}
