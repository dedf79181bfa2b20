package bot

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
)

func TestDashboardView(t *testing.T) {
	p := &plan.Plan{ID: 1, ChannelID: "C1", Name: "Acme " + evil}
	review := testItem(6)
	review.Status = plan.ContentInReview
	d := dashboard{
		Plans: []homePlanRow{
			{Plan: p, Progress: testProgress(), Mine: true},
			{Plan: &plan.Plan{ID: 2, ChannelID: "CPRIVATE", Name: "Secret launch"}, Progress: testProgress()},
		},
		MorePlans: 2,
		ToReview:  []homeItem{{Item: review, ChannelID: "C1", Loc: stepsParis}},
		Assigned:  []homeItem{{Item: testItem(4), ChannelID: "C1", Loc: stepsParis}},
		Live:      testLive(),
	}
	for _, lang := range []Lang{EN, FR} {
		t.Run(string(lang), func(t *testing.T) {
			v := dashboardView(lang, mustCommands(t), d)
			raw := golden(t, "dashboard_"+string(lang), v)
			checkStepLimits(t, v, 100)
			mustHave(t, string(raw), ActionReviewApprove, ActionReviewChanges, ActionHomeOpenItem, ActionHomeOpenStep, `"value": "C1|goals"`, "<#CPRIVATE>",
				"home_reply_5", "home_experiment_7", "home_reminders", "home_unreachable_CGONE", "&lt;!channel&gt;")
			if live := slacktest.LiveMarkup(raw, "<#C", "<@U"); live != "" {
				t.Errorf("unescaped user text on Home: %s", live)
			}
			// Another plan shows without its name or buttons.
			if strings.Contains(string(raw), "Secret launch") || strings.Contains(string(raw), "CPRIVATE|") {
				t.Error("a plan the user takes no part in shows its name or buttons")
			}
		})
	}
	t.Run("Empty", func(t *testing.T) {
		v := dashboardView(FR, mustCommands(t), dashboard{})
		raw := golden(t, "dashboard_fr_empty", v)
		mustHave(t, string(raw), "Aucun plan pour l'instant")
	})
	t.Run("Full", func(t *testing.T) {
		var full dashboard
		for i := range homeMaxPlans {
			full.Plans = append(full.Plans, homePlanRow{Plan: &plan.Plan{ID: int64(i), ChannelID: "C1", Name: strings.Repeat("n", 80)}, Progress: testProgress(), Mine: true})
		}
		for i := range homeMaxItems {
			full.ToReview = append(full.ToReview, homeItem{Item: testItem(int64(i)), ChannelID: "C1", Loc: stepsParis})
			full.Assigned = append(full.Assigned, homeItem{Item: testItem(int64(100 + i)), ChannelID: "C1", Loc: stepsParis})
		}
		full.MoreToDo, full.MorePlans = true, 5
		full.Live = testLive()
		for i := range homeMaxLive {
			full.Live.Replies = append(full.Live.Replies, full.Live.Replies[0])
			full.Live.Experiments = append(full.Live.Experiments, full.Live.Experiments[0])
			full.Live.Unreachable[fmt.Sprintf("C%d", i)] = "not_in_channel"
		}
		checkStepLimits(t, dashboardView(EN, mustCommands(t), full), 100)
	})
}

// testLive is the live part of a Home: a reply waiting, an experiment, a
// reminder and a channel the bot cannot post in, with user text that
// tries to ping the channel.
func testLive() liveDashboard {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	return liveDashboard{
		Replies: []homeReply{{ChannelID: "C1", Item: &plan.EngagementItem{ID: 5, PlanID: 1, Network: plan.NetworkInstagram,
			Author: "@fan " + evil, Excerpt: "Where is my order? " + evil, Due: now.Add(-time.Hour), OwnerID: "U0ANA"}}},
		Experiments: []homeExperiment{{ChannelID: "C1", Experiment: &plan.Experiment{ID: 7, PlanID: 1, Name: "Question vs statement " + evil,
			End: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}}},
		Reminders: []homeReminder{{ChannelID: "C1", Reminder: &plan.Reminder{ID: 3, PlanID: 1, Kind: plan.ReminderMeasurementReview,
			NextAt: now.Add(24 * time.Hour)}}},
		Unreachable: map[string]string{"CGONE": "not_in_channel"},
		Now:         now,
		Loc:         stepsParis,
	}
}
