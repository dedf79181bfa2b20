package bot

import (
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of /plan status: the nine steps with what is done and what is
// missing. Pure functions of their data.

// stateEmoji marks the state of a step.
var stateEmoji = map[plan.StepState]string{
	plan.StepDone:       ":white_check_mark:",
	plan.StepInProgress: ":large_yellow_circle:",
	plan.StepNotStarted: ":white_circle:",
}

// stepState is the state of a step in words; a step held back by one
// thing says what: "Engage · Replies overdue: 1, the oldest by 11 days".
func stepState(lang Lang, s plan.StepProgress) string {
	switch s.State {
	case plan.StepDone:
		return lang.T("status.done", s.Count)
	case plan.StepInProgress:
		if len(s.Problems) == 1 {
			return problemLine(lang, s.Problems[0])
		}
		return lang.T("status.in_progress", s.Count)
	}
	return lang.T("status.not_started")
}

// networkProblems are the problems whose names are networks (plan.Network
// values), shown by their names in the catalogue.
var networkProblems = map[string]bool{"status.channels.unused": true, "status.channels.no_cadence": true}

// problemLine renders one thing missing in a step: with the names it
// concerns, or how many and how late the oldest is, or since when.
func problemLine(lang Lang, pb plan.Problem) string {
	switch {
	case len(pb.Names) > 0 && networkProblems[pb.Key]:
		names := make([]string, len(pb.Names))
		for i, n := range pb.Names {
			names[i] = lang.T("network." + n)
		}
		return lang.T(pb.Key, nameList(lang, names, pb.Total))
	case len(pb.Names) > 0:
		return lang.T(pb.Key, nameList(lang, pb.Names, pb.Total))
	case pb.Age > 0:
		return lang.T(pb.Key, pb.Total, lateness(lang, pb.Age))
	case !pb.Since.IsZero():
		return lang.T(pb.Key, formatDate(lang, pb.Since))
	}
	return lang.T(pb.Key)
}

// lateness says how late something is: in days from a day on, else in
// hours and minutes.
func lateness(lang Lang, d time.Duration) string {
	if days := int(d / (24 * time.Hour)); days >= 1 {
		return lang.N("status.late.days", days)
	}
	return formatSpan(lang, d)
}

// statusMessage is the status of a plan: one section a step, with what is
// missing and a button that opens the step.
func statusMessage(lang Lang, cmds commands, p *plan.Plan, pr plan.Progress) (string, []slack.Block) {
	name := p.Name
	if name == "" {
		name = p.ChannelID
	}
	head := lang.T("status.title", clip(name, 100))
	summary := lang.T("status.summary", pr.Done(), len(pr.Steps))
	if ns := pr.NotStarted(); len(ns) > 0 {
		names := make([]string, len(ns))
		for i, s := range ns {
			names[i] = lang.T("step." + s + ".name")
		}
		summary += "\n" + lang.T("status.not_started_list", strings.Join(names, ", "))
	}
	blocks := []slack.Block{
		slack.NewHeaderBlock(plainText(clip(head, 150))),
		slack.NewSectionBlock(mrkdwn(summary), nil, nil, slack.SectionBlockOptionBlockID("status_summary")),
		slack.NewDividerBlock(),
	}
	for _, s := range pr.Steps {
		text := stateEmoji[s.State] + " *" + lang.T("step."+s.Step+".name") + "* · " + stepState(lang, s)
		if s.State != plan.StepInProgress || len(s.Problems) > 1 {
			for _, pb := range s.Problems {
				text += "\n• " + problemLine(lang, pb)
			}
		}
		var acc *slack.Accessory
		if cmds.available(s.Step) {
			acc = slack.NewAccessory(slack.NewButtonBlockElement(ActionOpenStep, s.Step, plainText(lang.T("help.open"))))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, acc, slack.SectionBlockOptionBlockID("status_"+s.Step)))
	}
	export := slack.NewButtonBlockElement(ActionExportMarkdown, idString(p.ID), plainText(lang.T("status.export")))
	blocks = append(blocks,
		slack.NewSectionBlock(mrkdwn(lang.T("status.export.text")), nil, slack.NewAccessory(export), slack.SectionBlockOptionBlockID("status_export")),
		slack.NewContextBlock("", mrkdwn(lang.T("status.footer"))))
	// The header is plain text, but the notification text is mrkdwn: the
	// plan's name is the team's text, so it is escaped there.
	return Escape(head) + " · " + lang.T("status.summary_plain", pr.Done(), len(pr.Steps)), blocks
}
