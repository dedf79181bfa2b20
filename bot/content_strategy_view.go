package bot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 3's strategy: the voice and tone form, and the list and
// form of content pillars. Pure functions of their data.

// strategyModal is the voice and tone form.
func strategyModal(lang Lang, st *plan.Strategy, meta viewMeta) slack.ModalViewRequest {
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("strategy.modal.intro"))),
		input(BlockStrategyVoice, lang.T("strategy.field.voice"), lang.T("strategy.field.voice.hint"), textInput(st.Voice, plan.MaxVoiceLen, true), true),
		input(BlockStrategyTone, lang.T("strategy.field.tone"), lang.T("strategy.field.tone.hint"), textInput(st.Tone, plan.MaxToneLen, true), true),
	}
	return modal(lang, CallbackStrategy, lang.T("strategy.modal.title"), true, meta, blocks)
}

// pillarModal is the form to add (p.ID == 0) or edit a pillar.
func pillarModal(lang Lang, p *plan.Pillar, personas []*plan.Persona, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("pillar.modal.new")
	if p.ID != 0 {
		title = lang.T("pillar.modal.edit")
	}
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("pillar.modal.intro"))),
		input(BlockPillarName, lang.T("pillar.field.name"), lang.T("pillar.field.name.hint"), textInput(p.Name, plan.MaxPillarNameLen, false), false),
		input(BlockPillarDescription, lang.T("pillar.field.description"), "", textInput(p.Description, plan.MaxPillarDescriptionLen, true), true),
	}
	if sel := personaMultiSelect(personas, p.PersonaIDs); sel != nil {
		blocks = append(blocks, input(BlockPillarPersonas, lang.T("pillar.field.personas"), lang.T("pillar.field.personas.hint"), sel, true))
	} else {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("pillar.no_personas"))))
	}
	return modal(lang, CallbackPillar, title, true, meta, blocks)
}

// personaNames maps persona IDs to names.
func personaNames(personas []*plan.Persona) map[int64]string {
	out := make(map[int64]string, len(personas))
	for _, p := range personas {
		out[p.ID] = p.Name
	}
	return out
}

// namesOf returns the escaped names of ids, comma separated, or a dash.
func namesOf(names map[int64]string, ids []int64) string {
	var out []string
	for _, id := range ids {
		if n, ok := names[id]; ok {
			out = append(out, Escape(n))
		}
	}
	if len(out) == 0 {
		return "—"
	}
	return strings.Join(out, ", ")
}

// pillarsListModal lists one page of pillars and the personas each speaks
// to.
func pillarsListModal(lang Lang, pillars []*plan.Pillar, total int, personas map[int64]string, meta viewMeta, owners []string) slack.ModalViewRequest {
	add := slack.NewButtonBlockElement(ActionPillarAdd, idString(meta.PlanID), plainText(lang.T("pillars.add")))
	add.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("pillars.intro", total)), nil, slack.NewAccessory(add))}
	if line := ownersLine(lang, owners); line != nil {
		blocks = append(blocks, line)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	for _, p := range pillars {
		id := idString(p.ID)
		text := "*" + Escape(p.Name) + "*"
		if p.Description != "" {
			text += "\n" + Escape(clip(p.Description, 500))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("pillar_"+id)),
			slack.NewContextBlock("", mrkdwn(lang.T("pillars.personas", namesOf(personas, p.PersonaIDs)))),
			editDeleteButtons(lang, "pillar_actions_"+id, ActionPillarEdit, ActionPillarDelete, p.ID, p.Name, deleteStep),
		)
	}
	blocks = append(blocks, listNav(lang, "pillars_nav", meta.Page, total)...)
	return modal(lang, CallbackPillarsList, lang.T("pillars.modal.title"), false, meta, blocks)
}
