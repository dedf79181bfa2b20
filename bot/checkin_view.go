package bot

import (
	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// maxCheckInAsks bounds the goals one ask lists: two blocks a goal within
// a message's 50.
const maxCheckInAsks = 20

// checkInAskMessage asks the owners of asks how their goals are going: a
// goal a section naming its owner, and its buttons.
func checkInAskMessage(lang Lang, asks []plan.CheckInAsk) (string, []slack.Block) {
	head := lang.T("checkin.ask.head")
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	for i, a := range asks {
		if i == maxCheckInAsks {
			blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("checkin.ask.more", len(asks)-maxCheckInAsks))))
			break
		}
		g, id := a.Goal, idString(a.Goal.ID)
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("checkin.ask.goal", userMention(a.OwnerID), Escape(clip(g.Title, 200)))), nil, nil, slack.SectionBlockOptionBlockID("checkin_goal_"+id)))
		var els []slack.BlockElement
		for _, st := range plan.CheckInStatuses {
			btn := slack.NewButtonBlockElement("checkin_"+string(st), id, plainText(lang.T("checkin.status."+string(st))))
			if st == plan.CheckInOnTrack {
				btn.Style = slack.StylePrimary
			}
			els = append(els, btn)
		}
		els = append(els, slack.NewButtonBlockElement(ActionCheckInNote, id, plainText(lang.T("checkin.ask.note"))))
		blocks = append(blocks, slack.NewActionBlock("checkin_actions_"+id, els...))
	}
	return head, blocks
}

// checkInModal asks how goal g is going, with a note.
func checkInModal(lang Lang, g *plan.Goal, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(lang.T("checkin.modal.intro", Escape(clip(g.Title, 200)))), nil, nil),
		input(BlockCheckInStatus, lang.T("checkin.field.status"), "", staticSelect(lang, "checkin.status.", plan.CheckInStatuses, ""), false),
		input(BlockCheckInNote, lang.T("checkin.field.note"), lang.T("checkin.field.note.hint"), textInput("", plan.MaxCheckInNoteLen, true), true),
	}
	return modal(lang, CallbackCheckIn, lang.T("checkin.modal.title"), true, meta, blocks)
}
