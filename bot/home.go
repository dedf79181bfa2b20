package bot

import (
	"context"
	"encoding/json"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// publishHome renders the App Home of a user and publishes it, unless it
// is the same as the last one published to them.
func (b *Bot) publishHome(ctx context.Context, teamID, userID string) {
	u := b.user(ctx, userID)
	plans, err := b.Plans.ListPlans(ctx, teamID)
	if err != nil {
		b.Logger.Error("home: list plans", "team_id", teamID, "error", err)
		return
	}
	var rows []homePlan
	for _, p := range plans {
		_, total, err := b.Goals.FindGoals(ctx, plan.GoalFilter{PlanID: &p.ID, Limit: 1})
		if err != nil {
			b.Logger.Error("home: count goals", "plan_id", p.ID, "error", err)
			return
		}
		rows = append(rows, homePlan{ChannelID: p.ChannelID, Goals: total})
	}
	view := homeView(u.Lang, rows)
	raw, err := json.Marshal(view)
	if err != nil {
		b.Logger.Error("home: marshal view", "error", err)
		return
	}
	if !b.homes.changed(userID, string(raw)) {
		return
	}
	if _, err := b.API.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: view}); err != nil {
		b.Logger.Warn("views.publish", "user_id", userID, "error", err)
		return
	}
	b.homes.remember(userID, string(raw))
}
