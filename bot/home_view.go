package bot

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The parts of App Home that keep the plan alive: replies waiting for the
// user, experiments running, the next reminders, and channels the bot
// cannot post in.

const homeMaxLive = 5 // rows of each live section

// homeReply is an engagement item waiting for the user.
type homeReply struct {
	Item      *plan.EngagementItem
	ChannelID string
}

// homeExperiment is an experiment running in one of the user's plans.
type homeExperiment struct {
	Experiment *plan.Experiment
	ChannelID  string
}

// homeReminder is a reminder due next in one of the user's plans.
type homeReminder struct {
	Reminder  *plan.Reminder
	ChannelID string
}

// liveDashboard is what keeps the plan alive on Home.
type liveDashboard struct {
	Replies     []homeReply
	Experiments []homeExperiment
	Reminders   []homeReminder
	Unreachable map[string]string // channel ID -> reason
	Now         time.Time
	Loc         *time.Location // the user's zone
}

// liveDashboard gathers the live sections of Home for userID, over plans
// (the plans the user owns or takes part in).
func (b *Bot) liveDashboard(ctx context.Context, userID string, plans []*plan.Plan, loc *time.Location) (liveDashboard, error) {
	d := liveDashboard{Unreachable: map[string]string{}, Now: b.Now(), Loc: loc}
	byID := map[int64]*plan.Plan{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	if b.Engagement != nil {
		open := plan.EngagementOpen
		items, _, err := b.Engagement.FindEngagementItems(ctx, plan.EngagementFilter{OwnerID: userID, Status: &open, Limit: 50})
		if err != nil {
			return d, err
		}
		for _, it := range items {
			if p, ok := byID[it.PlanID]; ok && len(d.Replies) < homeMaxLive {
				d.Replies = append(d.Replies, homeReply{Item: it, ChannelID: p.ChannelID})
			}
		}
	}
	running := false
	active := plan.ReminderActive
	for _, p := range plans {
		if b.Experiments != nil && len(d.Experiments) < homeMaxLive {
			exps, _, err := b.Experiments.FindExperiments(ctx, plan.ExperimentFilter{PlanID: &p.ID, Concluded: &running, Limit: homeMaxLive})
			if err != nil {
				return d, err
			}
			for _, e := range exps {
				if len(d.Experiments) < homeMaxLive {
					d.Experiments = append(d.Experiments, homeExperiment{Experiment: e, ChannelID: p.ChannelID})
				}
			}
		}
		if b.Reminders == nil {
			continue
		}
		rs, err := b.Reminders.FindReminders(ctx, plan.ReminderFilter{PlanID: &p.ID, State: &active, Limit: homeMaxLive})
		if err != nil {
			return d, err
		}
		for _, r := range rs {
			if !r.NextAt.IsZero() {
				d.Reminders = append(d.Reminders, homeReminder{Reminder: r, ChannelID: p.ChannelID})
			}
		}
		reason, err := b.Reminders.UnreachableReason(ctx, p.ID)
		if err != nil {
			return d, err
		}
		if reason != "" && len(d.Unreachable) < homeMaxLive {
			d.Unreachable[p.ChannelID] = reason
		}
	}
	// The soonest reminders across plans.
	slices.SortStableFunc(d.Reminders, func(a, b homeReminder) int { return a.Reminder.NextAt.Compare(b.Reminder.NextAt) })
	if len(d.Reminders) > homeMaxLive {
		d.Reminders = d.Reminders[:homeMaxLive]
	}
	return d, nil
}

// liveBlocks renders the live sections of Home. Plans the bot cannot post
// in come first: nothing else in them moves until someone acts.
func liveBlocks(lang Lang, d liveDashboard) []slack.Block {
	var blocks []slack.Block
	for _, ch := range slices.Sorted(maps.Keys(d.Unreachable)) {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("home.unreachable", ch, Escape(d.Unreachable[ch]))), nil, nil, slack.SectionBlockOptionBlockID("home_unreachable_"+ch)))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.replies"))))
	if len(d.Replies) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.replies.none"))))
	}
	for _, r := range d.Replies {
		it := r.Item
		text := lang.T("home.reply_line", Escape(clip(orDash(it.Author), 60)), lang.T("network."+string(it.Network)),
			Escape(clip(it.Excerpt, 200)), formatDateTime(lang, it.Due, d.Loc), r.ChannelID)
		if it.Due.Before(d.Now) {
			text += " · " + lang.T("home.reply_overdue")
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_reply_"+strconv.FormatInt(it.ID, 10))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.experiments"))))
	if len(d.Experiments) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.experiments.none"))))
	}
	for _, e := range d.Experiments {
		text := lang.T("home.experiment_line", Escape(clip(e.Experiment.Name, 150)), formatDate(lang, e.Experiment.End), e.ChannelID)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_experiment_"+strconv.FormatInt(e.Experiment.ID, 10))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.reminders"))))
	if len(d.Reminders) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.reminders.none"))))
	}
	var lines []string
	for _, r := range d.Reminders {
		kind := "home.kind." + string(r.Reminder.Kind)
		if !Has(kind) {
			kind = "home.kind.other"
		}
		lines = append(lines, "• "+lang.T("home.reminder_line", lang.T(kind), formatDateTime(lang, r.Reminder.NextAt, d.Loc), r.ChannelID))
	}
	if len(lines) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil, slack.SectionBlockOptionBlockID("home_reminders")))
	}
	return blocks
}
