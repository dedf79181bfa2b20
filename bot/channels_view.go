package bot

import (
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 5: the form of a chosen network, the list with the fit
// matrix, and the status of a network. Pure functions of their data.

// channelModal is the form to add (c.ID == 0) or edit a chosen network.
func channelModal(lang Lang, c *plan.Channel, personas []*plan.Persona, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("channel.modal.new")
	if c.ID != 0 {
		title = lang.T("channel.modal.edit")
	}
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("channel.modal.intro"))),
		input(BlockChannelNetwork, lang.T("channel.field.network"), "", staticSelect(lang, "network.", plan.Networks, c.Network), false),
		input(BlockChannelRole, lang.T("channel.field.role"), lang.T("channel.field.role.hint"), staticSelect(lang, "goal.kind.", plan.GoalKinds, c.Role), false),
		input(BlockChannelWhy, lang.T("channel.field.why"), lang.T("channel.field.why.hint"), textInput(c.Why, plan.MaxChannelWhyLen, true), false),
	}
	if sel := personaMultiSelect(personas, c.PersonaIDs); sel != nil {
		blocks = append(blocks, input(BlockChannelPersonas, lang.T("channel.field.personas"), lang.T("channel.field.personas.hint"), sel, true))
	} else {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("channel.no_personas"))))
	}
	blocks = append(blocks,
		input(BlockChannelCadence, lang.T("channel.field.cadence"), lang.T("channel.field.cadence.hint"), textInput(c.Cadence, plan.MaxChannelCadenceLen, false), true),
		input(BlockChannelCadencePosts, lang.T("channel.field.cadence_posts"), lang.T("channel.field.cadence_posts.hint"), textInput(cadencePosts(c.PostCadence), 10, false), true),
		input(BlockChannelCadencePeriod, lang.T("channel.field.cadence_period"), "", staticSelect(lang, "cadence.per.", plan.CadencePeriods, c.PostCadence.Per), true),
		input(BlockChannelStatus, lang.T("channel.field.status"), lang.T("channel.field.status.hint"), staticSelect(lang, "channel.status.", plan.ChannelStatuses, c.Status.OrActive()), false),
		input(BlockChannelConstraints, lang.T("channel.field.constraints"), lang.T("channel.field.constraints.hint"), textInput(c.Constraints, plan.MaxChannelConstraintsLen, true), true),
	)
	return modal(lang, CallbackChannel, title, true, meta, blocks)
}

// fitMaxRows is how many personas the fit matrix lists; fitSection the
// most characters of one of its sections (Slack takes 3,000).
const (
	fitMaxRows    = 40
	fitSectionLen = 2800
)

// fitBlocks renders the fit matrix as a line a persona, in words: the
// chosen networks that reach them, those chosen for them but stopped, and
// the networks they are online on that no one chose for them; then flags
// the personas no chosen network reaches and the networks chosen for no
// persona. Network names are the catalogue's, persona names whole (clipped
// only when very long): no codes, no legend to decipher.
func fitBlocks(lang Lang, fit plan.FitMatrix) []slack.Block {
	if len(fit.Personas) == 0 || len(fit.Channels) == 0 {
		return []slack.Block{slack.NewContextBlock("fit_empty", mrkdwn(lang.T("fit.empty")))}
	}
	var sections []string
	cur := lang.T("fit.title")
	for i, p := range fit.Personas {
		line := fitRow(lang, p, fit.Channels, fit.Cells[i])
		if i == fitMaxRows {
			line = lang.T("names.more", len(fit.Personas)-fitMaxRows)
		}
		if len(cur)+1+len(line) > fitSectionLen {
			sections, cur = append(sections, cur), ""
		}
		if cur != "" {
			cur += "\n"
		}
		cur += line
		if i == fitMaxRows {
			break
		}
	}
	sections = append(sections, cur)
	var blocks []slack.Block
	for i, text := range sections {
		id := "fit_matrix"
		if i > 0 {
			id += "_" + strconv.Itoa(i+1)
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID(id)))
	}
	var flags []string
	if n := len(fit.Unreached); n > 0 {
		names := make([]string, n)
		for i, p := range fit.Unreached {
			names[i] = p.Name
		}
		flags = append(flags, lang.T("fit.unreached", nameList(lang, names, n)))
	}
	if n := len(fit.Unused); n > 0 {
		names := make([]string, n)
		for i, c := range fit.Unused {
			names[i] = lang.T("network." + string(c.Network))
		}
		flags = append(flags, lang.T("fit.unused", nameList(lang, names, n)))
	}
	if len(flags) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(strings.Join(flags, "\n")), nil, nil, slack.SectionBlockOptionBlockID("fit_flags")))
	}
	return blocks
}

// fitRow is the line of persona p in the fit matrix: the networks of
// channels that reach them, those chosen for them but stopped, and those
// they are online on without being chosen for them.
func fitRow(lang Lang, p *plan.Persona, channels []*plan.Channel, cells []plan.FitCell) string {
	var reached, stopped, online []string
	for j, c := range channels {
		name := lang.T("network." + string(c.Network))
		switch cell := cells[j]; {
		case cell.Reaches:
			reached = append(reached, name)
		case cell.Chosen:
			stopped = append(stopped, name)
		case cell.Online:
			online = append(online, name)
		}
	}
	name := Escape(clip(p.Name, 80))
	var line string
	if len(reached) > 0 {
		line = lang.T("fit.row.reached", name, strings.Join(reached, ", "))
	} else {
		line = lang.T("fit.row.none", name)
	}
	if len(stopped) > 0 {
		line += " · " + lang.T("fit.row.stopped", strings.Join(stopped, ", "))
	}
	if len(online) > 0 {
		line += " · " + lang.T("fit.row.online", strings.Join(online, ", "))
	}
	return line
}

// channelsListModal lists one page of chosen networks under the fit
// matrix of all of them. Dates are in loc, the plan's zone.
func channelsListModal(lang Lang, channels []*plan.Channel, total int, fit plan.FitMatrix, meta viewMeta, owners []string, loc *time.Location) slack.ModalViewRequest {
	add := slack.NewButtonBlockElement(ActionChannelAdd, idString(meta.PlanID), plainText(lang.T("channels.add")))
	add.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("channels.intro", total)), nil, slack.NewAccessory(add))}
	if line := ownersLine(lang, owners); line != nil {
		blocks = append(blocks, line)
	}
	blocks = append(blocks, fitBlocks(lang, fit)...)
	blocks = append(blocks, slack.NewDividerBlock())
	names := personaNames(fit.Personas)
	for _, c := range channels {
		id := idString(c.ID)
		text := "*" + lang.T("network."+string(c.Network)) + "* · " + lang.T("goal.kind."+string(c.Role))
		if status := channelStatusLine(lang, c, loc); status != "" {
			text += "\n" + status
		}
		text += "\n" + Escape(clip(c.Why, 500))
		details := lang.T("channels.details", namesOf(names, c.PersonaIDs), Escape(clip(orDash(c.Cadence), 100)), Escape(clip(orDash(c.Constraints), 300)))
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("channel_"+id)),
			slack.NewContextBlock("", mrkdwn(details)),
			editDeleteButtons(lang, "channel_actions_"+id, ActionChannelEdit, ActionChannelDelete, c.ID, lang.T("network."+string(c.Network)), deleteStep),
		)
	}
	blocks = append(blocks, listNav(lang, "channels_nav", meta.Page, total)...)
	return modal(lang, CallbackChannelsList, lang.T("channels.modal.title"), false, meta, blocks)
}

// channelStatusEmoji marks a network that is not active in the list.
var channelStatusEmoji = map[plan.ChannelStatus]string{
	plan.ChannelReduced: ":arrow_down_small:",
	plan.ChannelStopped: ":octagonal_sign:",
}

// channelStatusSince is the status of c and since when, in plain text:
// "Stopped since Nov 25, 2026". Empty for an active network.
func channelStatusSince(lang Lang, c *plan.Channel, loc *time.Location) string {
	status := c.Status.OrActive()
	if status == plan.ChannelActive {
		return ""
	}
	label := lang.T("channel.status." + string(status))
	if c.StatusSince.IsZero() {
		return label
	}
	return lang.T("channels.status.since", label, formatDate(lang, c.StatusSince.In(loc)))
}

// channelStatusLine is the status of c in mrkdwn: since when, by whom and
// why, user text escaped. Empty for an active network.
func channelStatusLine(lang Lang, c *plan.Channel, loc *time.Location) string {
	line := channelStatusSince(lang, c, loc)
	if line == "" {
		return ""
	}
	line = channelStatusEmoji[c.Status] + " " + line
	if c.StatusBy != "" {
		line = lang.T("channels.status.by", line, userMention(c.StatusBy))
	}
	if c.StatusNote != "" {
		line += lang.T("channels.status.note", Escape(clip(c.StatusNote, 300)))
	}
	return line
}

// channelNote is the decision note posted in the channel when a network is
// chosen, changed or dropped. key is note.channel.created/updated/deleted.
func channelNote(lang Lang, key, userID string, c *plan.Channel) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), lang.T("network."+string(c.Network)))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key == "note.channel.deleted" {
		return head, blocks
	}
	detail := lang.T("channels.role_why", lang.T("goal.kind."+string(c.Role)), Escape(clip(c.Why, 500)))
	if c.Status.OrActive() != plan.ChannelActive {
		detail += " · " + lang.T("channel.status."+string(c.Status))
	}
	return head, append(blocks, slack.NewContextBlock("", mrkdwn(detail)))
}
