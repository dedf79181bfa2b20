package bot

import (
	"slices"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Views of step 2: the persona form, the personas list and the decision
// note. Pure functions of their data.

// personaModal is the form to add (p.ID == 0) or edit a persona.
func personaModal(lang Lang, p *plan.Persona, meta viewMeta) slack.ModalViewRequest {
	title := lang.T("persona.modal.new")
	if p.ID != 0 {
		title = lang.T("persona.modal.edit")
	}
	blocks := []slack.Block{
		slack.NewContextBlock("", mrkdwn(lang.T("persona.modal.intro"))),
		input(BlockPersonaName, lang.T("persona.field.name"), lang.T("persona.field.name.hint"), textInput(p.Name, plan.MaxPersonaNameLen, false), false),
		input(BlockPersonaWho, lang.T("persona.field.who"), lang.T("persona.field.who.hint"), textInput(p.Who, plan.MaxPersonaTextLen, true), false),
		input(BlockPersonaInterests, lang.T("persona.field.interests"), "", textInput(p.Interests, plan.MaxPersonaTextLen, true), true),
		input(BlockPersonaExcites, lang.T("persona.field.excites"), "", textInput(p.Excites, plan.MaxPersonaTextLen, true), true),
		input(BlockPersonaNetworks, lang.T("persona.field.networks"), lang.T("persona.field.networks.hint"), networkMultiSelect(lang, p.Networks), true),
		input(BlockPersonaNotes, lang.T("persona.field.notes"), "", textInput(p.Notes, plan.MaxPersonaNotesLen, true), true),
	}
	return modal(lang, CallbackPersona, title, true, meta, blocks)
}

// networkNames lists networks by their catalogue names.
func networkNames(lang Lang, ns []plan.Network) string {
	if len(ns) == 0 {
		return "—"
	}
	names := make([]string, len(ns))
	for i, n := range ns {
		names[i] = lang.T("network." + string(n))
	}
	return strings.Join(names, ", ")
}

// personasListModal lists one page of personas with Edit and Delete. When
// the plan chose networks, a persona none of them reaches is flagged.
func personasListModal(lang Lang, personas []*plan.Persona, total int, meta viewMeta, owners []string, channels []*plan.Channel) slack.ModalViewRequest {
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("personas.intro", total)), nil, slack.NewAccessory(addButton(lang, ActionPersonaAdd, meta.PlanID, "personas.add")))}
	if line := ownersLine(lang, owners); line != nil {
		blocks = append(blocks, line)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	for _, p := range personas {
		id := idString(p.ID)
		text := "*" + Escape(p.Name) + "*\n" + Escape(clip(p.Who, 500))
		details := lang.T("personas.details", Escape(clip(orDash(p.Interests), 300)), Escape(clip(orDash(p.Excites), 300)), networkNames(lang, p.Networks))
		elems := []slack.MixedElement{mrkdwn(details)}
		if len(channels) > 0 && !slices.ContainsFunc(channels, func(c *plan.Channel) bool { return slices.Contains(c.PersonaIDs, p.ID) }) {
			elems = append(elems, mrkdwn(lang.T("personas.unreached")))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("persona_"+id)),
			slack.NewContextBlock("", elems...),
			editDeleteButtons(lang, "persona_actions_"+id, ActionPersonaEdit, ActionPersonaDelete, p.ID, p.Name, deleteStep),
		)
	}
	blocks = append(blocks, listNav(lang, "personas_nav", meta.Page, total)...)
	return modal(lang, CallbackPersonasList, lang.T("personas.modal.title"), false, meta, blocks)
}

// personaNote is the decision note of a persona change.
func personaNote(lang Lang, key, userID string, p *plan.Persona) (string, []slack.Block) {
	head := lang.T(key, userMention(userID), Escape(p.Name))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}
	if key != "note.persona.deleted" {
		blocks = append(blocks, slack.NewContextBlock("", mrkdwn(lang.T("note.persona.detail", Escape(clip(p.Who, 500)), networkNames(lang, p.Networks)))))
	}
	return head, blocks
}
