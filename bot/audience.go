package bot

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Step 2: the audience, as personas.

func init() {
	register(openRoutes, "audience", (*Bot).openAudience)
	register(submitRoutes, CallbackPersona, (*Bot).submitPersona)
	for _, id := range []string{ActionPersonaAdd, ActionPersonaEdit, ActionPersonaDelete} {
		register(actionRoutes, id, (*Bot).personaAction)
	}
	listRoutes[CallbackPersonasList] = (*Bot).refreshPersonas
}

// personaFieldBlocks maps plan.Persona field names to their input blocks.
var personaFieldBlocks = map[string]string{
	"name":      BlockPersonaName,
	"who":       BlockPersonaWho,
	"interests": BlockPersonaInterests,
	"excites":   BlockPersonaExcites,
	"networks":  BlockPersonaNetworks,
	"notes":     BlockPersonaNotes,
}

// openAudience opens step 2: the form of a first persona, or the list.
func (b *Bot) openAudience(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	meta := stepMeta{PlanID: p.ID, ChannelID: p.ChannelID}
	view, total, err := b.personasView(ctx, p, meta, u.Lang)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return
	}
	if total == 0 && p.Authorize(src.UserID, plan.AreaAudience) == nil {
		view = personaModal(u.Lang, &plan.Persona{}, meta)
	}
	b.openView(ctx, src, u.Lang, view)
}

// personasView renders the page meta.Page of the plan's personas, or its
// last page when fewer remain, and returns the total of personas.
func (b *Bot) personasView(ctx context.Context, p *plan.Plan, meta stepMeta, lang Lang) (slack.ModalViewRequest, int, error) {
	filter := plan.PersonaFilter{PlanID: &p.ID, Offset: meta.Page * listPerPage, Limit: listPerPage}
	personas, total, err := b.Personas.FindPersonas(ctx, filter)
	if err == nil && len(personas) == 0 && total > 0 {
		meta.Page = lastPage(meta.Page, total)
		filter.Offset = meta.Page * listPerPage
		personas, total, err = b.Personas.FindPersonas(ctx, filter)
	}
	if err != nil {
		return slack.ModalViewRequest{}, 0, err
	}
	channels, _, err := b.Channels.FindChannels(ctx, plan.ChannelFilter{PlanID: &p.ID})
	if err != nil {
		return slack.ModalViewRequest{}, 0, err
	}
	return personasListModal(lang, personas, total, meta, p.Owners, channels), total, nil
}

// refreshPersonas redraws the personas list viewID.
func (b *Bot) refreshPersonas(ctx context.Context, viewID string, meta stepMeta, lang Lang) {
	b.refreshWith(ctx, viewID, meta.PlanID, "personas", func(p *plan.Plan) (slack.ModalViewRequest, error) {
		view, _, err := b.personasView(ctx, p, meta, lang)
		return view, err
	})
}

// personaAction handles the buttons of the personas list.
func (b *Bot) personaAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseStepMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn("persona action without plan", "action_id", a.ActionID, "error", err)
		return
	}
	if a.ActionID == ActionPersonaAdd {
		if b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaAudience) {
			b.pushView(ctx, cb, personaModal(u.Lang, &plan.Persona{}, meta.child(cb.View.ID, 0)))
		}
		return
	}
	persona, err := b.planPersona(ctx, meta.PlanID, a.Value)
	switch {
	case err != nil:
		b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
		b.refreshPersonas(ctx, cb.View.ID, meta, u.Lang)
	case a.ActionID == ActionPersonaEdit:
		if b.mayChange(ctx, meta, cb.User.ID, u.Lang, plan.AreaAudience) {
			b.pushView(ctx, cb, personaModal(u.Lang, persona, meta.child(cb.View.ID, persona.ID)))
		}
	case a.ActionID == ActionPersonaDelete:
		if err := b.Personas.DeletePersona(actor(ctx, cb.User.ID), persona.ID); err != nil {
			b.refuse(ctx, u.Lang, meta.PlanID, meta.ChannelID, cb.User.ID, err)
			return
		}
		b.refreshPersonas(ctx, cb.View.ID, meta, u.Lang)
		b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			return personaNote(lang, "note.persona.deleted", cb.User.ID, persona)
		})
	}
}

// planPersona loads the persona whose ID a button carried, checking that it
// belongs to the plan of the view.
func (b *Bot) planPersona(ctx context.Context, planID int64, value string) (*plan.Persona, error) {
	return loadInPlan(ctx, planID, value, "persona", b.Personas.FindPersonaByID, func(v *plan.Persona) int64 { return v.PlanID })
}

// submitPersona stores the persona form. The service validates; its field
// errors go back to the form, which keeps what the user typed.
func (b *Bot) submitPersona(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parseStepMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn("persona submission without plan", "user_id", cb.User.ID, "error", err)
		env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{BlockPersonaName: u.Lang.T("error.generic")}))
		return
	}
	f := formState{cb.View.State}
	name, who, interests, excites, notes := f.text(BlockPersonaName), f.text(BlockPersonaWho),
		f.text(BlockPersonaInterests), f.text(BlockPersonaExcites), f.text(BlockPersonaNotes)
	var networks []plan.Network
	for _, v := range f.selectedValues(BlockPersonaNetworks) {
		networks = append(networks, plan.Network(v))
	}
	upd := plan.PersonaUpdate{Name: &name, Who: &who, Interests: &interests, Excites: &excites, Networks: &networks, Notes: &notes}

	ctx = actor(ctx, cb.User.ID)
	persona, key := &plan.Persona{PlanID: meta.PlanID, CreatedBy: cb.User.ID}, "note.persona.created"
	if meta.ID == 0 {
		upd.Apply(persona)
		err = b.Personas.CreatePersona(ctx, persona)
	} else {
		key = "note.persona.updated"
		if _, err = b.planPersona(ctx, meta.PlanID, strconv.FormatInt(meta.ID, 10)); err == nil {
			persona, err = b.Personas.UpdatePersona(ctx, meta.ID, upd)
		}
	}
	if !b.answerSubmit(ctx, env, u.Lang, meta, cb.User.ID, err, personaFieldBlocks, BlockPersonaName) {
		return
	}
	b.Logger.Info("persona saved", "plan_id", meta.PlanID, "persona_id", persona.ID, "user_id", cb.User.ID)
	if meta.ParentID != "" {
		b.refreshPersonas(ctx, meta.ParentID, meta, u.Lang)
	}
	b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
		return personaNote(lang, key, cb.User.ID, persona)
	})
}

// personaModal is the form to add (p.ID == 0) or edit a persona.
func personaModal(lang Lang, p *plan.Persona, meta stepMeta) slack.ModalViewRequest {
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
func personasListModal(lang Lang, personas []*plan.Persona, total int, meta stepMeta, owners []string, channels []*plan.Channel) slack.ModalViewRequest {
	add := slack.NewButtonBlockElement(ActionPersonaAdd, strconv.FormatInt(meta.PlanID, 10), plainText(lang.T("personas.add")))
	add.Style = slack.StylePrimary
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(lang.N("personas.intro", total)), nil, slack.NewAccessory(add))}
	if line := ownersLine(lang, owners); line != nil {
		blocks = append(blocks, line)
	}
	blocks = append(blocks, slack.NewDividerBlock())
	for _, p := range personas {
		id := strconv.FormatInt(p.ID, 10)
		text := "*" + Escape(p.Name) + "*\n" + Escape(clip(p.Who, 500))
		details := lang.T("personas.details", Escape(clip(orDash(p.Interests), 300)), Escape(clip(orDash(p.Excites), 300)), networkNames(lang, p.Networks))
		elems := []slack.MixedElement{mrkdwn(details)}
		if len(channels) > 0 && !slices.ContainsFunc(channels, func(c *plan.Channel) bool { return slices.Contains(c.PersonaIDs, p.ID) }) {
			elems = append(elems, mrkdwn(lang.T("personas.unreached")))
		}
		blocks = append(blocks,
			slack.NewSectionBlock(mrkdwn(text), nil, nil, slack.SectionBlockOptionBlockID("persona_"+id)),
			slack.NewContextBlock("", elems...),
			editDeleteButtons(lang, "persona_actions_"+id, ActionPersonaEdit, ActionPersonaDelete, p.ID, p.Name),
		)
	}
	blocks = append(blocks, pageNav(lang, "personas_nav", meta.Page, total)...)
	return modal(lang, CallbackPersonasList, lang.T("personas.modal.title"), false, meta, blocks)
}

// orDash returns s, or a dash when s is empty.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
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
