package bot

import (
	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/templates"
)

// Views of the guided start (/plan start). Pure functions of their data.

// walkSteps are the steps /plan start walks through, in order: steps 1 to
// 5 of the method, by command.
var walkSteps = []string{"goals", "audience", "content", "cta", "channels"}

// startPickModal is the first screen of /plan start: the example plans in
// lang with what each suits, and a blank plan; only a blank plan when the
// plan has content in steps 1 to 5 already (empty is false), since a
// template would mix with it.
func startPickModal(lang Lang, tpls []templates.Summary, empty bool, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.T("start.intro")), nil, nil, slack.SectionBlockOptionBlockID("start_intro"))}
	if !empty {
		blocks = append(blocks, slack.NewContextBlock("start_not_empty", mrkdwn(lang.T("start.not_empty"))))
		tpls = nil
	}
	var opts []*slack.OptionBlockObject
	for _, t := range tpls {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn("*"+Escape(clip(t.Name, 150))+"*\n"+Escape(clip(t.Description, 600))), nil, nil,
			slack.SectionBlockOptionBlockID("start_tpl_"+t.ID)))
		opts = append(opts, slack.NewOptionBlockObject(t.ID, plainText(clip(t.Name, 75)), nil))
	}
	blank := slack.NewOptionBlockObject(startBlank, plainText(lang.T("start.blank")), plainText(clip(lang.T("start.blank.desc"), 75)))
	opts = append(opts, blank)
	radio := slack.NewRadioButtonsBlockElement(ActionInput, opts...)
	radio.InitialOption = opts[0]
	blocks = append(blocks, input(BlockStartTemplate, lang.T("start.field.template"), "", radio, false))
	v := modal(lang, CallbackStartPick, lang.T("start.title"), true, meta, blocks)
	v.Submit = plainText(lang.T("start.next"))
	return v
}

// walkView makes view, the list of step walkSteps[step-1] as the step
// shows it, a screen of /plan start: its title says how far the walk is,
// a head says what to do, extra (what the list does not show of the step)
// follows it, and its submit button goes on to the next step, or ends the
// walk on the last. The list's buttons work as they do in the step.
func walkView(lang Lang, step int, extra []slack.Block, view slack.ModalViewRequest) slack.ModalViewRequest {
	next := lang.T("start.next")
	if step == len(walkSteps) {
		next = lang.T("start.finish")
	}
	cmd := walkSteps[step-1]
	word := lang.T("step." + cmd + ".command") // the help's word for it
	head := lang.T("start.step", lang.T("step."+cmd+".name"), step, len(walkSteps)) + "\n" + lang.T("start.step.hint", next, next, word)
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil, slack.SectionBlockOptionBlockID("start_step_head"))}
	blocks = append(blocks, extra...)
	blocks = append(blocks, slack.NewDividerBlock())
	view.Blocks.BlockSet = append(blocks, view.Blocks.BlockSet...)
	view.CallbackID = CallbackStartStep
	view.Title = plainText(clip(lang.T("start.step_title", step, len(walkSteps)), 24))
	view.Submit = plainText(next)
	view.Close = plainText(lang.T("start.later"))
	return view
}

// walkStrategy is what step 3's screen shows above its pillars: the
// plan's voice and tone, user text escaped, with the button of their
// form (content's own, which redraws the walk once saved).
func walkStrategy(lang Lang, planID int64, s *plan.Strategy) []slack.Block {
	text := lang.T("start.strategy.none")
	if s != nil && (s.Voice != "" || s.Tone != "") {
		text = lang.T("start.strategy", Escape(clip(orDash(s.Voice), 500)), Escape(clip(orDash(s.Tone), 500)))
	}
	edit := slack.NewButtonBlockElement(ActionStrategyEdit, idString(planID), plainText(lang.T("content.strategy.edit")))
	return []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(edit), slack.SectionBlockOptionBlockID("start_strategy"))}
}

// helpStart is the help's pointer to /plan start, for a channel with no
// plan yet.
func helpStart(lang Lang) []slack.Block {
	btn := slack.NewButtonBlockElement(ActionOpenStep, "start", plainText(lang.T("help.start.button")))
	btn.Style = slack.StylePrimary
	return []slack.Block{slack.NewSectionBlock(mrkdwn(lang.T("help.start")), nil, slack.NewAccessory(btn), slack.SectionBlockOptionBlockID("help_start"))}
}
