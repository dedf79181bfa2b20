package bot

import (
	"github.com/slack-go/slack"
)

// Views shared by the message shortcuts: the choice of a plan, and the
// notice a shortcut opens when it cannot open its form. Pure functions of
// their data.

// CallbackShortcutNotice is the callback ID of a shortcut's notice, which
// has nothing to submit.
const CallbackShortcutNotice = "shortcut_notice"

// planOptionLabel names a plan in a select: its channel, and its name when
// the team renamed it.
func planOptionLabel(o planOption) string {
	label := "#" + o.Channel
	if o.Plan.Name != "" && o.Plan.Name != o.Channel {
		label += " · " + o.Plan.Name
	}
	return clip(label, 75)
}

// planSelect is the select of the plans c offers; its options' values are
// the plans' channels, and c's default is selected.
func planSelect(c planChoices) *slack.SelectBlockElement {
	var opts []*slack.OptionBlockObject
	var init *slack.OptionBlockObject
	for _, o := range c.Options {
		opt := slack.NewOptionBlockObject(o.Plan.ChannelID, plainText(planOptionLabel(o)), nil)
		opts = append(opts, opt)
		if o.Plan.ChannelID == c.Default {
			init = opt
		}
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// noticeModal is a modal that only says text, in mrkdwn, with a Close
// button.
func noticeModal(lang Lang, title, text string) slack.ModalViewRequest {
	return modal(lang, CallbackShortcutNotice, title, false, viewMeta{}, []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("notice")),
	})
}
