package storage_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// fillPlanDB stores a little of everything in db, through the services,
// and returns the plan. Its last goal is deleted, so the goal IDs the
// database handed out go past its rows.
func fillPlanDB(t *testing.T, db *storage.DB) *plan.Plan {
	t.Helper()
	ctx := context.Background()
	p := MustEnsurePlan(t, db, "T1", "C1")
	MustEnsurePlan(t, db, "T1", "C2")
	MustCreateGoal(t, db, p.ID)
	persona := MustCreatePersona(t, db, p.ID, "Sophie")
	st := &plan.Strategy{PlanID: p.ID, Voice: "Warm", Tone: "Playful"}
	pillar := &plan.Pillar{PlanID: p.ID, Name: "Recipes", PersonaIDs: []int64{persona.ID}}
	ch := &plan.Channel{PlanID: p.ID, Network: plan.NetworkX, Role: plan.GoalAwareness, Why: "Journalists",
		PersonaIDs: []int64{persona.ID}, CreatedBy: "U1"}
	ss := storage.NewStrategyService(db)
	for _, err := range []error{
		ss.UpdateStrategy(as("U1"), st),
		ss.CreatePillar(ctx, pillar),
		storage.NewChannelService(db).CreateChannel(ctx, ch),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	cta := MustCreateCTA(t, db, p.ID) // with the second goal
	gone := MustCreateGoal(t, db, p.ID)
	if err := storage.NewGoalService(db).DeleteGoal(ctx, gone.ID); err != nil {
		t.Fatal(err)
	}
	MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PersonaID, c.PillarID, c.CTAID = persona.ID, pillar.ID, cta.ID })
	MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PublishAt = time.Time{}; c.Status = plan.ContentIdea })

	e := newTestExperiment(p.ID)
	if err := storage.NewExperimentService(db).CreateExperiment(ctx, e); err != nil {
		t.Fatal(err)
	}
	fillExperimentHistory(t, db, p.ID)
	if err := storage.NewEngagementService(db).CreateEngagementItem(ctx, newTestItem(p.ID, fixedNow.Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	ms := storage.NewMetricService(db)
	if err := ms.CreateMetric(ctx, &plan.Metric{PlanID: p.ID, Name: "Press articles", Kind: plan.MetricCount, GoalKind: plan.GoalAwareness}); err != nil {
		t.Fatal(err)
	}
	if err := ms.CreateObservations(ctx, []*plan.Observation{
		{PlanID: p.ID, Metric: "Press articles", Network: plan.NetworkX, Value: 2.5, Date: day(2026, 3, 1), CreatedBy: "U1"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := storage.NewAdaptService(db).RecordDecisions(as("U1"), &plan.Adaptation{PlanID: p.ID, CreatedBy: "U1", Decisions: []*plan.Decision{
		{Subject: plan.SubjectNetwork, SubjectID: ch.ID, SubjectName: "X", Decision: plan.DecisionStop, Rationale: "Noise"},
	}}); err != nil {
		t.Fatal(err)
	}

	// A reminder fired late, a channel the bot cannot post to, an event.
	at := fixedNow.Add(-2 * time.Hour)
	r, err := storage.ScheduleReminder(ctx, db, plan.Reminder{PlanID: p.ID, Kind: plan.ReminderExperimentEnd, SubjectID: 99,
		Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: at}, ChannelID: p.ChannelID})
	if err != nil {
		t.Fatal(err)
	}
	rs := storage.NewReminderService(db)
	if _, ok, err := rs.ClaimDelivery(ctx, r.ID, "A", fixedNow, fixedNow.Add(time.Minute)); err != nil || !ok {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	if _, err := rs.MarkChannelUnreachable(ctx, p.ID, "C1", "not_in_channel", fixedNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := storage.NewEventService(db).ClaimEvent(ctx, "Ev1"); err != nil {
		t.Fatal(err)
	}
	// An event being handled, with its payload, and a user's Home.
	if _, err := storage.NewEventService(db).BeginEvent(ctx, "Ev2", "replica-a", []byte(`{"event":{"type":"app_home_opened"}}`), fixedNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := storage.NewHomeService(db).RecordHome(ctx, "U1", "h1", "sha1"); err != nil {
		t.Fatal(err)
	}
	fillAgency(t, db, p.ID)
	MustSetOwners(t, db, p.ID, "U1", "U2")
	// What the bot owes Slack: a note, a channel's pace, a modal to reopen.
	if err := storage.NewOutboxService(db).AddPost(ctx, &plan.OutboxPost{Key: "note:1", PlanID: p.ID, ChannelID: "C1", Text: "note", UserID: "U1"}, "A", fixedNow); err != nil {
		t.Fatal(err)
	}
	if err := storage.NewChannelPaceService(db).Hold(ctx, "C1", fixedNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := storage.NewViewStashService(db).StashView(ctx, "tok", "U1", `{"type":"modal"}`, fixedNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// An import: its observation keyed, its mapping remembered.
	imp := plan.Import{PlanID: p.ID, Signature: "sig", Mapping: `{"metrics":[]}`, CreatedBy: "U1",
		Observations: func(yield func(*plan.Observation) bool) {
			yield(&plan.Observation{Metric: "newsletter signups", Network: plan.NetworkX, Value: 9, Date: day(2026, 3, 4), Item: "item-1"})
		}}
	if _, err := storage.NewImportService(db).Import(ctx, imp); err != nil {
		t.Fatal(err)
	}
	return p
}

// fillAgency fills the tables of issue 17: an approval policy, a review
// history, a check-in, its schedule and an ask.
func fillAgency(t *testing.T, db *storage.DB, planID int64) {
	t.Helper()
	ctx := context.Background()
	if err := storage.NewApprovalService(db).SetApprovalPolicy(ctx, planID, plan.ApprovalPolicy{
		TwoApprovers: true, Approvers: []plan.Approver{{UserID: "U7", Client: true}, {UserID: "U8"}},
	}); err != nil {
		t.Fatal(err)
	}
	c := MustCreateItem(t, db, planID, nil)
	if _, err := storage.NewContentService(db).RequestReview(as("U1"), c.ID, "C1", "9.1"); err != nil {
		t.Fatal(err)
	}
	goals, _, err := storage.NewGoalService(db).FindGoals(ctx, plan.GoalFilter{PlanID: &planID})
	if err != nil || len(goals) == 0 {
		t.Fatalf("goals: %v, %v", goals, err)
	}
	g := goals[0]
	ci := storage.NewCheckInService(db)
	if err := ci.CreateCheckIn(as(g.OwnerID), &plan.CheckIn{GoalID: g.ID, Status: plan.CheckInAtRisk, Note: "Slow start"}); err != nil {
		t.Fatal(err)
	}
	if err := ci.SetCheckInSchedule(ctx, planID, plan.CheckInSchedule{Frequency: plan.FrequencyMonthly, MonthDay: 3, Hour: 9, Recent: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if ok, err := ci.ClaimCheckInAsk(ctx, g.ID, fixedNow); err != nil || !ok {
		t.Fatalf("claim ask: %v, %v", ok, err)
	}
}

// dump returns every row of every table of db but the migrations, as
// text, in key order: flags as 0 and 1, as SQLite stores them.
func dump(t *testing.T, db *storage.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	out := map[string][]string{}
	for _, table := range storage.CopyTables() {
		rows, err := tx.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY 1, 2`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fields := make([]string, len(vals))
			for i, v := range vals {
				switch v := v.(type) {
				case nil:
					fields[i] = "NULL"
				case bool:
					fields[i] = map[bool]string{false: "0", true: "1"}[v]
				case []byte:
					fields[i] = strconv.Quote(string(v))
				case string:
					fields[i] = strconv.Quote(v)
				default:
					fields[i] = fmt.Sprint(v)
				}
			}
			out[table] = append(out[table], strings.Join(fields, "|"))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

func TestCopy(t *testing.T) {
	storagetest.Postgres.Require(t)
	ctx := context.Background()

	t.Run("EveryRowAndID", func(t *testing.T) {
		src := MustOpenDB(t, storagetest.SQLite)
		p := fillPlanDB(t, src)
		dst := MustOpenDBAt(t, storagetest.Postgres.EmptyDSN(t))

		counts, err := storage.Copy(ctx, src, dst)
		if err != nil {
			t.Fatal(err)
		}
		want, got := dump(t, src), dump(t, dst)
		filled := 0
		for _, c := range counts {
			if c.Source != int64(len(want[c.Table])) || c.Target != c.Source {
				t.Errorf("count of %s: %+v, want %d in both", c.Table, c, len(want[c.Table]))
			}
			if c.Source > 0 {
				filled++
			}
		}
		if filled < len(counts)-1 {
			t.Errorf("only %d tables of %d have rows: fill the source better", filled, len(counts))
		}
		if !reflect.DeepEqual(got, want) {
			for _, table := range storage.CopyTables() {
				if !reflect.DeepEqual(got[table], want[table]) {
					t.Errorf("%s:\n got %q\nwant %q", table, got[table], want[table])
				}
			}
		}

		// The copy serves the plan, and new rows never take an ID the
		// source handed out, not even the deleted goal's.
		gs := storage.NewGoalService(dst)
		goals, _, err := gs.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID})
		if err != nil || len(goals) != 2 { // the CTA's goal too
			t.Fatalf("goals in the copy: %d, %v", len(goals), err)
		}
		g := validGoal(p.ID)
		if err := gs.CreateGoal(as("U1"), g); err != nil {
			t.Fatal(err)
		}
		if g.ID != 4 {
			t.Errorf("new goal has ID %d, want 4 (3 were handed out, the last one deleted)", g.ID)
		}
		q := MustEnsurePlan(t, dst, "T1", "C3")
		if q.ID != 3 {
			t.Errorf("new plan has ID %d, want 3", q.ID)
		}
	})

	t.Run("ErrTargetNotEmpty", func(t *testing.T) {
		src := MustOpenDB(t, storagetest.SQLite)
		MustEnsurePlan(t, src, "T1", "C1")
		dst := MustOpenDB(t, storagetest.Postgres)
		MustEnsurePlan(t, dst, "T9", "C9")
		_, err := storage.Copy(ctx, src, dst)
		if err == nil || !strings.Contains(err.Error(), "not empty") {
			t.Fatalf("copy into a used database: %v, want a refusal", err)
		}
		if plans, err := storage.NewPlanService(dst).ListPlans(ctx, ""); err != nil || len(plans) != 1 || plans[0].TeamID != "T9" {
			t.Fatalf("target after the refusal: %+v, %v; want it untouched", plans, err)
		}
	})

	t.Run("ErrTargetSQLite", func(t *testing.T) {
		src, dst := MustOpenDB(t, storagetest.SQLite), MustOpenDB(t, storagetest.SQLite)
		if _, err := storage.Copy(ctx, src, dst); err == nil {
			t.Fatal("copy into SQLite: want an error")
		}
	})
}

// fillExperimentHistory adds an experiment that ends today with results
// per post, a correction and a restart: a row in each table of 0007.
func fillExperimentHistory(t *testing.T, db *storage.DB, planID int64) {
	t.Helper()
	ctx := context.Background()
	s := storage.NewExperimentService(db)
	e := newTestExperiment(planID)
	e.Start, e.End = day(2026, 3, 1), day(2026, 3, 10)
	if err := s.CreateExperiment(ctx, e); err != nil {
		t.Fatal(err)
	}
	posts := []plan.ExperimentPost{{Variant: 0, Label: "Mon", Exposures: 100, Successes: 3}, {Variant: 1, Label: "Tue", Exposures: 100, Successes: 5}}
	if _, err := s.RecordResults(ctx, e.ID, nil, posts, "U1"); err != nil {
		t.Fatal(err)
	}
	posts[1].Successes = 6
	if _, err := s.CorrectResults(ctx, e.ID, nil, posts, "U2", "Tue had one more"); err != nil {
		t.Fatal(err)
	}
	changed := *e
	changed.End = day(2026, 3, 31)
	if _, err := s.RestartExperiment(ctx, e.ID, &changed, "U1", "Too small"); err != nil {
		t.Fatal(err)
	}
}
