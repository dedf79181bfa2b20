package bot

import (
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
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_reply_"+idString(it.ID))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.experiments"))))
	if len(d.Experiments) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.experiments.none"))))
	}
	for _, e := range d.Experiments {
		text := lang.T("home.experiment_line", Escape(clip(e.Experiment.Name, 150)), formatDate(lang, e.Experiment.End), e.ChannelID)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_experiment_"+idString(e.Experiment.ID))))
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

// homeItem is a content item shown on Home, with where it lives.
type homeItem struct {
	Item      *plan.ContentItem
	ChannelID string
	Loc       *time.Location
}

// homePlanRow is one plan on Home with its progress.
type homePlanRow struct {
	Plan     *plan.Plan
	Progress plan.Progress
	Mine     bool // the user owns or takes part in it
	// Gaps are this week's networks below their cadence (issue 17, see
	// weekGaps).
	Gaps []plan.CadenceCheck
}

// dashboard is what Home shows to one user.
type dashboard struct {
	Plans     []homePlanRow
	MorePlans int
	ToReview  []homeItem
	Assigned  []homeItem
	MoreToDo  bool // more items than shown
	Live      liveDashboard
}

// stepIcons is the progress of a plan as one icon a step.
func stepIcons(pr plan.Progress) string {
	parts := make([]string, len(pr.Steps))
	for i, s := range pr.Steps {
		parts[i] = strconv.Itoa(s.Number) + " " + stateEmoji[s.State]
	}
	return strings.Join(parts, "  ")
}

// atRiskLine names the goals of a plan whose KPI is at risk today, by its
// type (see plan.KPIStatus), on a line of its own; "" when none is.
func atRiskLine(lang Lang, pr plan.Progress) string {
	var names []string
	total := 0
	for _, s := range pr.Steps {
		for _, pb := range s.Problems {
			// The KPIs behind their pace, and the goals their owners say
			// are at risk (issue 17): each goal once.
			if pb.Key == "status.measure.at_risk" || pb.Key == "status.goals.at_risk" {
				for _, n := range pb.Names {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
				total += pb.Total - len(pb.Names)
			}
		}
	}
	if len(names) == 0 {
		return ""
	}
	return "\n" + lang.T("home.at_risk", nameList(lang, names, len(names)+total))
}

// nextStep returns the first available step not done, or "".
func nextStep(cmds commands, pr plan.Progress) string {
	for _, s := range pr.Steps {
		if cmds.available(s.Step) && s.State != plan.StepDone {
			return s.Step
		}
	}
	return ""
}

// dashboardView is the App Home of a user.
func dashboardView(lang Lang, cmds commands, d dashboard) slack.HomeTabViewRequest {
	blocks := []slack.Block{slack.NewHeaderBlock(plainText(lang.T("home.plans")))}
	if len(d.Plans) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("home.none")), nil, nil))
	}
	for _, row := range d.Plans {
		p, pr := row.Plan, row.Progress
		id := idString(p.ID)
		if !row.Mine {
			text := lang.T("home.other_plan", p.ChannelID, pr.Done(), len(pr.Steps))
			blocks = append(blocks, slack.NewContextBlock("home_plan_"+id, mrkdwn(text)))
			continue
		}
		text := lang.T("home.plan_line", p.ChannelID, Escape(clip(orDash(p.Name), 80)), pr.Done(), len(pr.Steps)) + "\n" + stepIcons(pr) + atRiskLine(lang, pr) + gapsLine(lang, row.Gaps)
		var elems []slack.BlockElement
		if next := nextStep(cmds, pr); next != "" {
			btn := slack.NewButtonBlockElement(ActionHomeOpenStep, p.ChannelID+"|"+next, plainText(clip(lang.T("home.continue", lang.T("step."+next+".name")), 75)))
			btn.Style = slack.StylePrimary
			elems = append(elems, btn)
		}
		var opts []*slack.OptionBlockObject
		for _, c := range cmds {
			if c.id != "help" && c.id != "export" && c.command != nil {
				opts = append(opts, slack.NewOptionBlockObject(p.ChannelID+"|"+c.id, plainText(stepTitle(lang, c.id)), nil))
			}
		}
		if len(opts) > 0 {
			elems = append(elems, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plainText(lang.T("home.open_step")), ActionHomeStepSelect, opts...))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("home_plan_"+id)))
		if len(elems) > 0 {
			blocks = append(blocks, slack.NewActionBlock("home_plan_actions_"+id, elems...))
		}
	}
	if d.MorePlans > 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.N("home.more_plans", d.MorePlans))))
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.to_review"))))
	if len(d.ToReview) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.to_review.none"))))
	}
	for _, h := range d.ToReview {
		c := h.Item
		id := idString(c.ID)
		approve := slack.NewButtonBlockElement(ActionReviewApprove, id, plainText(lang.T("content.review.approve")))
		approve.Style = slack.StylePrimary
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(homeItemText(lang, h)), nil, nil, slack.SectionBlockOptionBlockID("home_review_"+id)),
			slack.NewActionBlock("home_review_actions_"+id, approve,
				slack.NewButtonBlockElement(ActionReviewChanges, id, plainText(lang.T("content.review.changes"))),
				slack.NewButtonBlockElement(ActionHomeOpenItem, id, plainText(lang.T("help.open"))),
			),
		)
	}

	blocks = append(blocks, slack.NewDividerBlock(), slack.NewHeaderBlock(plainText(lang.T("home.assigned"))))
	if len(d.Assigned) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.assigned.none"))))
	}
	for _, h := range d.Assigned {
		id := idString(h.Item.ID)
		open := slack.NewButtonBlockElement(ActionHomeOpenItem, id, plainText(lang.T("help.open")))
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(homeItemText(lang, h)), nil, slack.NewAccessory(open), slack.SectionBlockOptionBlockID("home_assigned_"+id)))
	}
	if d.MoreToDo {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("home.more_items"))))
	}
	blocks = append(blocks, liveBlocks(lang, d.Live)...)
	blocks = append(blocks, slack.NewDividerBlock(), slack.NewContextBlock("", mrkdwn(lang.T("help.footer"))))
	return slack.HomeTabViewRequest{
		Type:       slack.VTHomeTab,
		CallbackID: CallbackHome,
		Blocks:     slack.Blocks{BlockSet: blocks},
	}
}

// stepTitle is the name of a step or utility command.
func stepTitle(lang Lang, command string) string {
	if Has("step." + command + ".name") {
		return lang.T("step." + command + ".name")
	}
	return lang.T("home.command." + command)
}

// homeItemText is a content item's line on Home.
func homeItemText(lang Lang, h homeItem) string {
	c := h.Item
	return "*" + Escape(c.Title) + "* · " + statusLabel(lang, c.Status) + " · <#" + h.ChannelID + ">\n" + itemMeta(lang, c, h.Loc)
}
