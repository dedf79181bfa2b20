package bot

import (
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of the approvals of issue 17: a review waiting for more approvals
// or reopened by an edit, and an item's review history. Pure functions of
// their data.

// reviewPendingMessage is the review request of c while it waits: the
// request with its buttons, the approvals given in this round out of those
// needed, and, when an edit reopened it, what changed since it was
// approved.
func reviewPendingMessage(lang Lang, c *plan.ContentItem, refs contentRefs, ctaLink string, loc *time.Location, pr plan.ApprovalProgress, reopen *plan.ReviewEvent) (string, []slack.Block) {
	text, blocks := reviewRequestMessage(lang, c, refs, ctaLink, c.Review.RequestedBy, loc)
	var extra []slack.Block
	if reopen != nil {
		head := lang.T("content.review.reopened", userMention(reopen.By), formatDateTime(lang, reopen.At, loc))
		text = head
		extra = append(extra, slack.NewSectionBlock(mrkdwn(head+"\n"+changeLines(lang, reopen.Changes, loc)), nil, nil, slack.SectionBlockOptionBlockID("review_reopened_"+idString(c.ID))))
	}
	if len(pr.Approvals) > 0 {
		var who []string
		for _, e := range pr.Approvals {
			who = append(who, e.By)
		}
		line := lang.T("content.review.progress", len(pr.Approvals), pr.Needed, mentions(who))
		if pr.NeedClient {
			line += " " + lang.T("content.review.need_client")
		}
		extra = append(extra, slack.NewContextBlock("review_progress_"+idString(c.ID), mrkdwn(line)))
	}
	// After the request's header, before the item.
	out := append([]slack.Block{blocks[0]}, extra...)
	return text, append(out, blocks[1:]...)
}

// changeLines writes field changes one a line: the field, what it was and
// what it is, the copy cut to the words that changed.
func changeLines(lang Lang, changes []plan.FieldChange, loc *time.Location) string {
	var lines []string
	for _, f := range changes {
		old, new := f.Old, f.New
		switch f.Field {
		case plan.ContentFieldPublishAt:
			o, n := f.Times()
			old, new = orDash(dateTimeOrEmpty(lang, o, loc)), orDash(dateTimeOrEmpty(lang, n, loc))
		case plan.ContentFieldCopy:
			old, new = f.Excerpt(40)
		case plan.ContentFieldNetwork:
			old, new = lang.T("network."+old), lang.T("network."+new)
		}
		lines = append(lines, lang.T("content.review.change", lang.T("content.field."+f.Field),
			Escape(clip(orDash(old), 300)), Escape(clip(orDash(new), 300))))
	}
	return strings.Join(lines, "\n")
}

func dateTimeOrEmpty(lang Lang, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return formatDateTime(lang, t, loc)
}

// maxHistoryEvents bounds the events the history modal shows: the
// latest, within Block Kit's 100 blocks.
const maxHistoryEvents = 40

// reviewHistoryModal shows the review history of c, newest first: who did
// what and when, what changed and the comment.
func reviewHistoryModal(lang Lang, c *plan.ContentItem, history []*plan.ReviewEvent, loc *time.Location) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn("*"+Escape(clip(c.Title, 200))+"*"), nil, nil)}
	if len(history) == 0 {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("content.history.empty"))))
	}
	if len(history) > maxHistoryEvents {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("content.history.cut", maxHistoryEvents, len(history)))))
	}
	shown := 0
	for i := len(history) - 1; i >= 0 && shown < maxHistoryEvents; i, shown = i-1, shown+1 {
		e := history[i]
		who := userMention(e.By)
		if e.Client {
			who += " " + lang.T("content.history.client")
		}
		line := lang.T("content.history."+string(e.Action), who, formatDateTime(lang, e.At, loc),
			lang.T("content.status."+string(e.From)), lang.T("content.status."+string(e.To)))
		if len(e.Changes) > 0 {
			line += "\n" + changeLines(lang, e.Changes, loc)
		}
		if e.Comment != "" {
			line += "\n" + quote(Escape(clip(e.Comment, 1000)))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip(line, 2900)), nil, nil))
	}
	return modal(lang, CallbackReviewHistory, lang.T("content.history.title"), false, viewMeta{PlanID: c.PlanID, ID: c.ID}, blocks)
}

// The rules of an approval policy, as the form's checkboxes name them.
const (
	approvalAllowSelf = "allow_self"
	approvalTwo       = "two_approvers"
	approvalClient    = "client_approval"
	approvalPublish   = "publish_unapproved"
)

// approvalsModal is the form of a plan's approval policy: its rules, the
// team's approvers and the client's (channel members such as Slack
// Connect guests).
func approvalsModal(lang Lang, p plan.ApprovalPolicy, meta viewMeta) slack.ModalViewRequest {
	var opts, initial []*slack.OptionBlockObject
	for _, r := range []struct {
		value string
		on    bool
	}{{approvalAllowSelf, p.AllowSelfApproval}, {approvalTwo, p.TwoApprovers}, {approvalClient, p.ClientApproval}, {approvalPublish, p.PublishUnapproved}} {
		o := slack.NewOptionBlockObject(r.value, plainText(lang.T("approvals.rule."+r.value)), nil)
		opts = append(opts, o)
		if r.on {
			initial = append(initial, o)
		}
	}
	boxes := slack.NewCheckboxGroupsBlockElement(ActionInput, opts...)
	boxes.InitialOptions = initial
	team := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, ActionInput)
	clients := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, ActionInput)
	for _, a := range p.Approvers {
		if a.Client {
			clients.InitialUsers = append(clients.InitialUsers, a.UserID)
		} else {
			team.InitialUsers = append(team.InitialUsers, a.UserID)
		}
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("approvals.intro")), nil, nil),
		input(BlockApprovalRules, lang.T("approvals.field.rules"), "", boxes, true),
		input(BlockApprovalTeam, lang.T("approvals.field.team"), lang.T("approvals.field.team.hint"), team, true),
		input(BlockApprovalClients, lang.T("approvals.field.clients"), lang.T("approvals.field.clients.hint"), clients, true),
	}
	return modal(lang, CallbackApprovals, lang.T("approvals.title"), true, meta, blocks)
}
