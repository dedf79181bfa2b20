package plan_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestBuildDigest(t *testing.T) {
	paris := MustZone(t, "Europe/Paris")
	at := func(s string) time.Time { return MustLocal(t, paris, s) }
	day := func(s string) time.Time { return MustDay(t, s) }
	pl := &plan.Plan{ID: 1, TimeZone: "Europe/Paris", Language: "fr"}
	item := func(id int64, st plan.ContentStatus, when, requested string) *plan.ContentItem {
		c := &plan.ContentItem{ID: id, Status: st, PublishAt: at(when)}
		if requested != "" {
			c.Review.RequestedAt = at(requested)
		}
		return c
	}
	content := []*plan.ContentItem{
		item(1, plan.ContentPublished, "2026-03-25 09:00", ""),
		item(2, plan.ContentApproved, "2026-04-15 09:00", ""),
		item(3, plan.ContentInReview, "2026-04-02 09:00", "2026-03-27 10:00"),
		item(4, plan.ContentDraft, "2026-04-03 09:00", ""),
		item(5, plan.ContentDraft, "2026-04-10 09:00", ""),
		item(6, plan.ContentPublished, "2026-03-20 09:00", ""),
		item(7, plan.ContentInReview, "2026-04-20 09:00", "2026-03-10 10:00"),
		item(8, plan.ContentInReview, "2026-04-21 09:00", "2026-03-28 10:00"),
	}
	events := []*plan.ReviewEvent{
		{ID: 1, ItemID: 2, Action: plan.ActionApproved, To: plan.ContentApproved, At: at("2026-03-26 10:00")},
		{ID: 2, ItemID: 3, Action: plan.ActionApproved, To: plan.ContentInReview, At: at("2026-03-27 11:00")}, // one of two
		{ID: 3, ItemID: 8, Action: plan.ActionReopened, To: plan.ContentInReview, At: at("2026-03-28 10:00")},
		{ID: 4, ItemID: 6, Action: plan.ActionApproved, To: plan.ContentApproved, At: at("2026-03-19 10:00")}, // before
	}
	checkIns := []*plan.CheckIn{
		{ID: 1, GoalID: 2, Status: plan.CheckInAtRisk, At: at("2026-03-24 10:00")},
		{ID: 2, GoalID: 1, Status: plan.CheckInOnTrack, At: at("2026-03-20 10:00")},
	}
	experiments := []*plan.Experiment{
		{ID: 1, End: day("2026-03-22"), ResultsAt: at("2026-03-26 10:00")},
		{ID: 2, End: day("2026-03-27")},
		{ID: 3, End: day("2026-04-02")},
		{ID: 4, End: day("2026-04-20")},
	}
	goals := []*plan.Goal{{ID: 1, Deadline: day("2026-04-05")}, {ID: 2, Deadline: day("2026-06-30")}}
	in := plan.DigestInput{
		Plan: pl, Now: at("2026-03-30 09:00"), Since: at("2026-03-23 09:00"), Content: content, ReviewEvents: events,
		CheckIns: checkIns, Decisions: []*plan.Decision{{ID: 1, DecidedAt: at("2026-03-29 18:00")}, {ID: 2, DecidedAt: at("2026-03-22 18:00")}},
		Experiments: experiments, Goals: goals, LatestCheckIns: plan.LatestCheckIns(checkIns),
	}
	d := plan.BuildDigest(in)
	itemIDs := func(cs []*plan.ContentItem) []int64 {
		var out []int64
		for _, c := range cs {
			out = append(out, c.ID)
		}
		return out
	}
	expIDs := func(es []*plan.Experiment) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"Published", itemIDs(d.Published), []int64{1}},
		{"Approved", itemIDs(d.Approved), []int64{2}},
		{"Reopened", len(d.Reopened), 1},
		{"CheckIns", len(d.CheckIns), 1},
		{"Decisions", len(d.Decisions), 1},
		{"Concluded", expIDs(d.Concluded), []int64{1}},
		{"DueContent", itemIDs(d.DueContent), []int64{3, 4}},
		{"DueExperiments", expIDs(d.DueExperiments), []int64{3}},
		{"DueGoals", len(d.DueGoals), 1},
		{"WaitingReview", itemIDs(d.WaitingReview), []int64{7, 3, 8}},
		{"WaitingResults", expIDs(d.WaitingResults), []int64{2}},
		{"AtRisk", len(d.AtRisk), 1},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if d.Empty() {
		t.Error("a full digest is empty")
	}
}

func TestBuildDigest_Empty(t *testing.T) {
	pl := &plan.Plan{TimeZone: "UTC"}
	now := MustParseTime(t, "2026-03-30T09:00:00Z")
	old := &plan.ContentItem{ID: 1, Status: plan.ContentPublished, PublishAt: now.AddDate(0, 0, -10)}
	far := &plan.ContentItem{ID: 2, Status: plan.ContentDraft, PublishAt: now.AddDate(0, 0, 10)}
	d := plan.BuildDigest(plan.DigestInput{Plan: pl, Now: now, Content: []*plan.ContentItem{old, far},
		Goals: []*plan.Goal{{ID: 1, Deadline: MustDay(t, "2026-12-31")}}})
	if !d.Empty() {
		t.Errorf("digest not empty: %+v", d)
	}
	if !d.Since.Equal(now.AddDate(0, 0, -7)) {
		t.Errorf("since %v, want a week before now", d.Since)
	}
}
