package bot

import (
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of the review of content items in Slack: the request with its
// buttons, the message once decided, and the form asking what to change.
// Pure functions of their data.

// reviewBlocks shows an item for review: its title, summary, copy, link
// and references. ctaLink is its call to action's tagged link, or "".
func reviewBlocks(lang Lang, c *plan.ContentItem, refs contentRefs, ctaLink string, loc *time.Location) []slack.Block {
	id := idString(c.ID)
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn("*"+Escape(c.Title)+"*\n"+itemMeta(lang, c, loc)), nil, nil, slack.SectionBlockOptionBlockID("review_item_"+id)),
	}
	if c.Copy != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(quote(Escape(clip(c.Copy, 2800)))), nil, nil, slack.SectionBlockOptionBlockID("review_copy_"+id)))
	}
	var elems []slack.MixedElement
	if c.Link != "" {
		elems = append(elems, mrkdwn(lang.T("content.review.link", "`"+Escape(c.Link)+"`")))
	}
	if r := itemRefs(lang, c, refs); r != "" {
		elems = append(elems, mrkdwn(r))
	}
	if ctaLink != "" {
		elems = append(elems, mrkdwn(lang.T("content.review.cta_link", "`"+Escape(ctaLink)+"`")))
	}
	if len(elems) > 0 {
		blocks = append(blocks, slack.NewContextBlock("review_refs_"+id, elems...))
	}
	return blocks
}

// reviewRequestMessage is the message asking the channel to review an
// item, with Approve and Request changes.
func reviewRequestMessage(lang Lang, c *plan.ContentItem, refs contentRefs, ctaLink string, requester string, loc *time.Location) (string, []slack.Block) {
	id := idString(c.ID)
	who := lang.T("content.review.anyone")
	if c.ReviewerID != "" {
		who = userMention(c.ReviewerID)
	}
	head := lang.T("content.review.requested", userMention(requester), Escape(c.Title))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head+"\n"+lang.T("content.review.reviewer", who)), nil, nil)}
	blocks = append(blocks, reviewBlocks(lang, c, refs, ctaLink, loc)...)
	approve := slack.NewButtonBlockElement(ActionReviewApprove, id, plainText(lang.T("content.review.approve")))
	approve.Style = slack.StylePrimary
	changes := slack.NewButtonBlockElement(ActionReviewChanges, id, plainText(lang.T("content.review.changes")))
	blocks = append(blocks, slack.NewActionBlock("review_actions_"+id, approve, changes, historyButton(lang, c)))
	return head, blocks
}

// historyButton opens the review history of c.
func historyButton(lang Lang, c *plan.ContentItem) *slack.ButtonBlockElement {
	return slack.NewButtonBlockElement(ActionReviewHistory, idString(c.ID), plainText(lang.T("content.history.button")))
}

// reviewDecidedMessage replaces a review request once decided: who, when,
// and the comment asked for; no buttons left.
func reviewDecidedMessage(lang Lang, c *plan.ContentItem, refs contentRefs, ctaLink string, loc *time.Location) (string, []slack.Block) {
	r := c.Review
	when := formatDateTime(lang, r.DecidedAt, loc)
	var head string
	if r.Decision == plan.ReviewApproved {
		head = lang.T("content.review.approved", Escape(c.Title), userMention(r.DecidedBy), when)
	} else {
		head = lang.T("content.review.changes_requested", Escape(c.Title), userMention(r.DecidedBy), when)
	}
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if r.Comment != "" {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("content.review.comment", quote(Escape(r.Comment)))), nil, nil))
	}
	blocks = append(blocks, reviewBlocks(lang, c, refs, ctaLink, loc)...)
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("content.review.requested_by", userMention(r.RequestedBy), formatDateTime(lang, r.RequestedAt, loc)))))
	blocks = append(blocks, slack.NewActionBlock("review_history_"+idString(c.ID), historyButton(lang, c)))
	return head, blocks
}

// reviewChangesModal asks the reviewer what to change.
func reviewChangesModal(lang Lang, c *plan.ContentItem, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("content.review.changes_intro", Escape(c.Title))), nil, nil),
		input(BlockReviewComment, lang.T("content.review.comment_label"), lang.T("content.review.comment_hint"), textInput("", plan.MaxReviewCommentLen, true), false),
	}
	v := modal(lang, CallbackReviewChanges, lang.T("content.review.changes_title"), true, meta, blocks)
	v.Submit = plainText(lang.T("content.review.send"))
	return v
}
