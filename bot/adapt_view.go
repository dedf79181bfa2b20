package bot

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 9: the review modal, page by page, the decision summary
// and the decision log. Pure functions of their data.

// Paging of the review modal: a network takes four blocks, and the page
// goes back in a view submission ack, which Slack drops over 20 KB.
const (
	subjectsPerPage  = 6
	decisionsPerPage = 15
)

// adaptSubject is one thing a review decides about, with the evidence
// shown beside it. Text fields are plain text, user text unescaped.
type adaptSubject struct {
	Key      string // "n12", "p3", "c7", "f12": see BlockAdaptDecision
	Kind     plan.SubjectKind
	ID       int64
	Name     string
	Detail   string // role and cadence of a network, goal of a call to action
	Evidence string
	// Suggest is the decision the figures point to, and Why says so: both
	// are shown beside the subject, never chosen or written for the team
	// (decisions start empty).
	Suggest plan.DecisionKind
	Why     string
	Hint    string // why the figures point to nothing, or what to do first
	Finding *plan.Finding
	Status  plan.ChannelStatus // a network's status in step 5
	Last    *plan.Decision
}

// adaptData is what the review modal shows.
type adaptData struct {
	Plan     *plan.Plan
	From     time.Time // the first day of the evidence's period
	Matrix   plan.HolisticMatrix
	Subjects []adaptSubject
	// AtRisk are the goals their owners' latest check-ins say are at risk
	// or off track (issue 17), named on the first page.
	AtRisk []plan.GoalRisk
}

// pages returns the number of pages of the review modal.
func (d adaptData) pages() int { return max(1, (len(d.Subjects)+subjectsPerPage-1)/subjectsPerPage) }

// channelStatus returns the status in step 5 of the chosen network id, as
// the review shows it: active when it shows no such network.
func (d adaptData) channelStatus(id int64) plan.ChannelStatus {
	for _, s := range d.Subjects {
		if s.Kind == plan.SubjectNetwork && s.ID == id {
			return s.Status.OrActive()
		}
	}
	return plan.ChannelActive
}

// subject returns the subject with key, or false.
func (d adaptData) subject(key string) (adaptSubject, bool) {
	for _, s := range d.Subjects {
		if s.Key == key {
			return s, true
		}
	}
	return adaptSubject{}, false
}

// matrixText renders the holistic matrix as a monospaced table of shares.
func matrixText(lang Lang, m plan.HolisticMatrix) string {
	if len(m.Kinds) == 0 {
		return lang.T("adapt.matrix.empty")
	}
	const nameWidth, colWidth = 12, 16
	pad := func(s string, w int) string {
		if n := utf8.RuneCountInString(s); n < w {
			return s + strings.Repeat(" ", w-n)
		}
		return clip(s, w)
	}
	var b strings.Builder
	b.WriteString(pad("", nameWidth))
	for _, k := range m.Kinds {
		b.WriteString(" " + pad(lang.T("goal.kind."+string(k)), colWidth))
	}
	for i, n := range m.Networks {
		b.WriteString("\n" + pad(lang.T("network."+string(n)), nameWidth))
		for j := range m.Kinds {
			cell := "·"
			if s := m.Cells[i][j].Share; s > 0 {
				cell = formatPercent(lang, s)
			}
			b.WriteString(" " + pad(cell, colWidth))
		}
	}
	return "```" + b.String() + "```"
}

// findingText is a finding of the holistic matrix, in plain text.
func findingText(lang Lang, f plan.Finding) string {
	role := lang.T("goal.kind." + string(f.Channel.Role))
	text := lang.T("adapt.finding", lang.T("network."+string(f.Channel.Network)), role,
		formatPercent(lang, f.Share), lang.T("goal.kind."+string(f.Kind)))
	if f.RoleShare >= 0 {
		text += " " + lang.T("adapt.finding.role_share", formatPercent(lang, f.RoleShare), role)
	}
	return text
}

// adaptModal is page page (from 0) of the review modal. adapted counts the
// decisions saved on earlier pages.
func adaptModal(lang Lang, d adaptData, page, adapted int, meta viewMeta) slack.ModalViewRequest {
	pages := d.pages()
	page = min(max(page, 0), pages-1)
	meta.Page = page
	var blocks []slack.Block
	if page == 0 {
		log := slack.NewButtonBlockElement(ActionDecisionLog, idString(d.Plan.ID), plainText(lang.T("adapt.log")))
		text := lang.T("adapt.intro", formatDate(lang, d.From)) + "\n" + matrixText(lang, d.Matrix)
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(log), slack.SectionBlockOptionBlockID("adapt_matrix")),
			slack.NewContextBlock("", mrkdwn(lang.T("adapt.matrix.note"))),
		)
		if text := saidAtRiskContext(lang, d.AtRisk); text != "" {
			blocks = append(blocks, slack.NewContextBlock("adapt_at_risk", mrkdwn(text)))
		}
	}
	if pages > 1 || adapted > 0 {
		note := lang.T("page.of", page+1, pages)
		if adapted > 0 {
			note += " · " + lang.N("adapt.saved", adapted)
		}
		blocks = append(blocks, slack.NewContextBlock("adapt_page", mrkdwn(note)))
	}
	if len(d.Subjects) == 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("adapt.nothing")), nil, nil))
		return modal(lang, CallbackAdapt, lang.T("adapt.modal.title"), false, meta, blocks)
	}
	end := min(len(d.Subjects), (page+1)*subjectsPerPage)
	for _, s := range d.Subjects[page*subjectsPerPage : end] {
		blocks = append(blocks, slack.NewDividerBlock())
		blocks = append(blocks, subjectBlocks(lang, s)...)
	}
	v := modal(lang, CallbackAdapt, lang.T("adapt.modal.title"), true, meta, blocks)
	if page < pages-1 {
		v.Submit = plainText(lang.T("adapt.next"))
	}
	return v
}

// subjectBlocks are the evidence and the inputs of one subject.
func subjectBlocks(lang Lang, s adaptSubject) []slack.Block {
	text := "*" + Escape(clip(s.Name, 150)) + "* · " + lang.T("adapt.subject."+string(s.Kind))
	if s.Detail != "" {
		text += "\n" + Escape(clip(s.Detail, 300))
	}
	if s.Finding != nil {
		text = ":bulb: " + text + "\n" + Escape(findingText(lang, *s.Finding))
	}
	text += "\n" + Escape(clip(s.Evidence, 600))
	if s.Why != "" {
		text += "\n:bulb: _" + Escape(clip(s.Why, 400)) + "_"
	}
	if s.Hint != "" {
		text += "\n_" + Escape(clip(s.Hint, 400)) + "_"
	}
	if s.Last != nil {
		text += "\n" + lang.T("adapt.last", lang.T("decision."+string(s.Last.Decision)), formatDate(lang, s.Last.DecidedAt), userMention(s.Last.DecidedBy))
	}
	// Nothing is chosen nor written for the team: an empty decision is
	// skipped when the page is saved.
	decision := staticSelect(lang, "decision.", plan.DecisionKinds, "")
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("adapt_subject_"+s.Key)),
		input(BlockAdaptDecision+s.Key, lang.T("adapt.field.decision"), "", decision, true),
		input(BlockAdaptRationale+s.Key, lang.T("adapt.field.rationale"), "", textInput("", plan.MaxRationaleLen, true), true),
	}
	switch {
	case s.Finding != nil:
		opt := slack.NewOptionBlockObject(string(s.Finding.Kind), plainText(lang.T("adapt.field.role", lang.T("goal.kind."+string(s.Finding.Kind)))), nil)
		boxes := slack.NewCheckboxGroupsBlockElement(ActionInput, opt)
		blocks = append(blocks, input(BlockAdaptRole+s.Key, lang.T("adapt.field.role.label"), "", boxes, true))
	case s.Kind == plan.SubjectNetwork:
		cadence := textInput("", plan.MaxChannelCadenceLen, false)
		cadence.Placeholder = plainText(lang.T("adapt.field.cadence.placeholder"))
		blocks = append(blocks, input(BlockAdaptCadence+s.Key, lang.T("adapt.field.cadence"), lang.T("adapt.field.cadence.hint"), cadence, true))
	}
	return blocks
}

// decisionText is one decision in mrkdwn: subject, decision, rationale,
// evidence and what it changed in step 5. User text is escaped.
func decisionText(lang Lang, d *plan.Decision) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*%s* (%s) → *%s*", Escape(clip(d.SubjectName, 150)), lang.T("adapt.subject."+string(d.Subject)), lang.T("decision."+string(d.Decision)))
	if d.Rationale != "" {
		b.WriteString("\n" + Escape(clip(d.Rationale, 800)))
	}
	if d.Evidence != "" {
		b.WriteString("\n_" + lang.T("adapt.evidence", Escape(clip(d.Evidence, 800))) + "_")
	}
	if d.NewRole != "" {
		b.WriteString("\n" + lang.T("adapt.changed.role", lang.T("goal.kind."+string(d.NewRole))))
	}
	if d.NewCadence != "" {
		b.WriteString("\n" + lang.T("adapt.changed.cadence", Escape(d.NewCadence)))
	}
	if d.NewStatus != "" {
		b.WriteString("\n" + lang.T("adapt.changed.status", lang.T("channel.status."+string(d.NewStatus))))
	}
	return b.String()
}

// adaptSummary is the note posted in the channel when a review is saved.
func adaptSummary(lang Lang, userID string, decisions []*plan.Decision) (string, []slack.Block) {
	head := lang.N("note.adapt", len(decisions), userMention(userID))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	for i, d := range decisions {
		if i == 40 {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("names.more", len(decisions)-40))))
			break
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(decisionText(lang, d)), nil, nil))
	}
	blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("adapt.summary.footer"))))
	return head, blocks
}

// decisionLogModal is one page of the plan's decision log, newest first.
func decisionLogModal(lang Lang, decisions []*plan.Decision, total int, loc *time.Location, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("adapt.log.intro", total)), nil, nil)}
	for _, d := range decisions {
		blocks = append(blocks,
			slack.NewDividerBlock(),
			slack.NewSectionBlock(mrkdwn(decisionText(lang, d)), nil, nil, slack.SectionBlockOptionBlockID("decision_"+idString(d.ID))),
			slack.NewContextBlock("", mrkdwn(lang.T("adapt.log.by", localTime(lang, d.DecidedAt, loc), userMention(d.DecidedBy)))),
		)
	}
	blocks = append(blocks, pageNav(lang, "decision_log_nav", meta.Page, total, decisionsPerPage)...)
	return modal(lang, CallbackDecisionLog, lang.T("adapt.log.title"), false, meta, blocks)
}
