package bot

import (
	"fmt"

	"github.com/slack-go/slack"
)

// Views of /plan help: the overview of the nine steps, sent as the ack of
// the command. Pure functions of their data.

// helpResponse is the ephemeral answer to /plan, /plan help and anything
// the bot does not know, sent as the ack payload. note, when not empty,
// is shown first (an unknown or unavailable subcommand).
func helpResponse(lang Lang, cmds commands, note string) map[string]any {
	return map[string]any{
		"response_type": "ephemeral",
		"text":          helpText(lang),
		"blocks":        helpBlocks(lang, cmds, note),
	}
}

// helpBlocks is the overview of the nine steps, with a button for each
// step this version has.
func helpBlocks(lang Lang, cmds commands, note string) []slack.Block {
	blocks := []slack.Block{}
	if note != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(note), nil, nil))
	}
	blocks = append(blocks,
		slack.NewHeaderBlock(plainText(lang.T("help.title"))),
		slack.NewSectionBlock(mrkdwn(lang.T("help.intro")), nil, nil),
	)
	for _, c := range cmds {
		if !c.method {
			continue
		}
		text := fmt.Sprintf("*%s* · `/plan %s`\n%s", lang.T("step."+c.id+".name"), lang.T("step."+c.id+".command"), lang.T("step."+c.id+".desc"))
		var acc *slack.Accessory
		if c.command != nil {
			acc = slack.NewAccessory(slack.NewButtonBlockElement(ActionOpenStep, c.id, plainText(lang.T("help.open"))))
		} else {
			text += " _(" + lang.T("help.soon") + ")_"
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, acc, slack.SectionBlockOptionBlockID("help_"+c.id)))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("help.footer"))))
	return blocks
}

// helpText is the notification fallback of the help message.
func helpText(lang Lang) string { return lang.T("help.title") }
