package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// Helpers shared by the steps of issue 3: modal metadata, paging, form
// reading, permission messages and decision notes.

// listPerPage is the page size of the lists of steps 2 to 5: three blocks
// an entry plus a dozen around them stays under Slack's 100 blocks.
const listPerPage = 20

// stepMeta is the private_metadata of the modals of steps 2 to 5.
type stepMeta struct {
	PlanID    int64  `json:"p,omitempty"`
	ChannelID string `json:"c,omitempty"`
	ID        int64  `json:"id,omitempty"` // the entity a form edits; 0 for a new one
	ParentID  string `json:"v,omitempty"`  // the list view to refresh after a pushed form is saved
	RootID    string `json:"r,omitempty"`  // the view under the parent, refreshed too (content list under pillars)
	Page      int    `json:"n,omitempty"`
	Status    string `json:"s,omitempty"`  // content list: status filter
	Week      string `json:"w,omitempty"`  // content list: week filter, the Monday as YYYY-MM-DD
	MessageTS string `json:"ts,omitempty"` // review comment form: the review message
}

// String encodes m for private_metadata.
func (m stepMeta) String() string {
	b, _ := json.Marshal(m) // a struct of strings and ints cannot fail
	return string(b)
}

func parseStepMeta(s string) (stepMeta, error) {
	var m stepMeta
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return m, fmt.Errorf("parse private_metadata: %w", err)
	}
	if m.PlanID == 0 {
		return m, fmt.Errorf("private_metadata without plan")
	}
	return m, nil
}

// child returns the metadata of a form pushed from the list view viewID.
func (m stepMeta) child(viewID string, id int64) stepMeta {
	return stepMeta{PlanID: m.PlanID, ChannelID: m.ChannelID, ID: id, ParentID: viewID, RootID: m.ParentID, Page: m.Page, Status: m.Status, Week: m.Week}
}

// actor returns ctx carrying the acting user, which the services check
// against the plan's owners.
func actor(ctx context.Context, userID string) context.Context {
	return plan.NewContextWithUser(ctx, userID)
}

// loadInPlan loads, with find, the entity whose ID a button or a view
// carried, and checks that it belongs to planID: a forged value cannot reach
// another plan. what names the entity in errors, which are ENOTFOUND.
func loadInPlan[T any](ctx context.Context, planID int64, value, what string,
	find func(context.Context, int64) (*T, error), planOf func(*T) int64) (*T, error) {
	id, ok := parseID(value)
	if !ok {
		return nil, plan.Errorf(plan.ENOTFOUND, "%s %q not found", what, value)
	}
	v, err := find(ctx, id)
	if err != nil {
		return nil, err
	}
	if planOf(v) != planID {
		return nil, plan.Errorf(plan.ENOTFOUND, "%s %d not in plan %d", what, id, planID)
	}
	return v, nil
}

// parseID reads an entity ID from a button value.
func parseID(value string) (int64, bool) {
	id, err := strconv.ParseInt(value, 10, 64)
	return id, err == nil && id > 0
}

// pageNav returns the blocks that page through a list: nothing when it
// fits one page.
func pageNav(lang Lang, blockID string, page, total int) []slack.Block {
	pages := (total + listPerPage - 1) / listPerPage
	if pages <= 1 {
		return nil
	}
	var nav []slack.BlockElement
	if page > 0 {
		nav = append(nav, slack.NewButtonBlockElement(ActionListPrev, strconv.Itoa(page-1), plainText(lang.T("page.prev"))))
	}
	if page < pages-1 {
		nav = append(nav, slack.NewButtonBlockElement(ActionListNext, strconv.Itoa(page+1), plainText(lang.T("page.next"))))
	}
	blocks := []slack.Block{
		slack.NewDividerBlock(),
		slack.NewContextBlock("", mrkdwn(lang.T("page.of", page+1, pages))),
	}
	if len(nav) > 0 {
		blocks = append(blocks, slack.NewActionBlock(blockID, nav...))
	}
	return blocks
}

// lastPage returns page, or the last page of total entries when page is
// past it (entries were deleted under the user's eyes).
func lastPage(page, total int) int {
	if total == 0 {
		return 0
	}
	return min(page, (total-1)/listPerPage)
}

// editDeleteButtons returns an actions block with Edit and a confirmed
// Delete for the entity id, plus extra elements before them.
func editDeleteButtons(lang Lang, blockID, editAction, deleteAction string, id int64, name string, extra ...slack.BlockElement) *slack.ActionBlock {
	v := strconv.FormatInt(id, 10)
	edit := slack.NewButtonBlockElement(editAction, v, plainText(lang.T("goals.edit")))
	del := slack.NewButtonBlockElement(deleteAction, v, plainText(lang.T("goals.delete")))
	del.Style = slack.StyleDanger
	del.Confirm = slack.NewConfirmationBlockObject(
		plainText(lang.T("steps.delete.confirm.title")),
		plainText(confirmText(name, lang.T("steps.delete.confirm.text"))),
		plainText(lang.T("goals.delete.confirm.yes")),
		plainText(lang.T("goals.delete.confirm.no")),
	)
	del.Confirm.Style = slack.StyleDanger
	return slack.NewActionBlock(blockID, append(extra, edit, del)...)
}

// modal returns a modal view request with the common buttons.
func modal(lang Lang, callbackID, title string, submit bool, meta stepMeta, blocks []slack.Block) slack.ModalViewRequest {
	v := slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      callbackID,
		Title:           plainText(clip(title, 24)),
		Close:           plainText(lang.T("modal.close")),
		PrivateMetadata: meta.String(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
	if submit {
		v.Submit = plainText(lang.T("modal.save"))
		v.Close = plainText(lang.T("modal.cancel"))
	}
	return v
}

// input returns an input block; optional ones may be left empty.
func input(blockID, label string, hint string, el slack.BlockElement, optional bool) *slack.InputBlock {
	var h *slack.TextBlockObject
	if hint != "" {
		h = plainText(hint)
	}
	b := slack.NewInputBlock(blockID, plainText(label), h, el)
	b.Optional = optional
	return b
}

// textInput returns a plain-text input with an initial value.
func textInput(initial string, maxLen int, multiline bool) *slack.PlainTextInputBlockElement {
	el := slack.NewPlainTextInputBlockElement(nil, ActionInput)
	el.InitialValue = initial
	el.MaxLength = maxLen
	el.Multiline = multiline
	return el
}

// option returns a select option whose label is the catalogue entry
// prefix+value.
func option(lang Lang, prefix, value string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plainText(lang.T(prefix+value)), nil)
}

// staticSelect returns a select of the catalogue values with the one equal
// to initial selected.
func staticSelect[T ~string](lang Lang, prefix string, values []T, initial T) *slack.SelectBlockElement {
	var opts []*slack.OptionBlockObject
	var init *slack.OptionBlockObject
	for _, v := range values {
		o := option(lang, prefix, string(v))
		opts = append(opts, o)
		if v == initial {
			init = o
		}
	}
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// networkMultiSelect returns a multi-select of the network catalogue.
func networkMultiSelect(lang Lang, selected []plan.Network) *slack.MultiSelectBlockElement {
	var opts, init []*slack.OptionBlockObject
	for _, n := range plan.Networks {
		o := option(lang, "network.", string(n))
		opts = append(opts, o)
		for _, s := range selected {
			if s == n {
				init = append(init, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, ActionInput, opts...)
	el.InitialOptions = init
	return el
}

// personaMultiSelect returns a multi-select of personas, or nil when the
// plan has none (Slack refuses a select without options). At most 100
// personas are offered, Slack's limit.
func personaMultiSelect(personas []*plan.Persona, selected []int64) *slack.MultiSelectBlockElement {
	if len(personas) == 0 {
		return nil
	}
	var opts, init []*slack.OptionBlockObject
	for i, p := range personas {
		if i == 100 {
			break
		}
		o := slack.NewOptionBlockObject(strconv.FormatInt(p.ID, 10), plainText(clip(p.Name, 75)), nil)
		opts = append(opts, o)
		for _, id := range selected {
			if id == p.ID {
				init = append(init, o)
			}
		}
	}
	el := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, ActionInput, opts...)
	el.InitialOptions = init
	return el
}

// formState reads the values of a submitted form.
type formState struct{ s *slack.ViewState }

func (f formState) get(block string) slack.BlockAction {
	if f.s == nil {
		return slack.BlockAction{}
	}
	return f.s.Values[block][ActionInput]
}

// text returns the typed value of a text input.
func (f formState) text(block string) string { return f.get(block).Value }

// selected returns the value of a static select.
func (f formState) selected(block string) string { return f.get(block).SelectedOption.Value }

// selectedValues returns the values of a multi-select.
func (f formState) selectedValues(block string) []string {
	var out []string
	for _, o := range f.get(block).SelectedOptions {
		out = append(out, o.Value)
	}
	return out
}

// ids returns the selected options of a multi-select as IDs; ok is false
// when one is not an ID (a forged payload).
func (f formState) ids(block string) ([]int64, bool) {
	var out []int64
	for _, v := range f.selectedValues(block) {
		id, ok := parseID(v)
		if !ok {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

// fieldErrors maps the field errors of err to the blocks of a form, in
// lang; a field without a block goes to fallback.
func fieldErrors(lang Lang, err error, blocks map[string]string, fallback string) map[string]string {
	out := map[string]string{}
	for _, fe := range plan.ErrorFields(err) {
		block, ok := blocks[fe.Field]
		if !ok {
			block = fallback
		}
		if _, dup := out[block]; !dup {
			out[block] = lang.T(fe.Key)
		}
	}
	return out
}

// answerSubmit acks a form submission after a service call: nil closes the
// form; field errors stay in the form with what the user typed; a refusal
// shows in the form and, naming the owners, as an ephemeral in the
// channel; anything else shows in the form at fallback.
func (b *Bot) answerSubmit(ctx context.Context, env *envelope, lang Lang, meta stepMeta, userID string, err error, blocks map[string]string, fallback string) bool {
	if err == nil {
		env.ack(nil)
		return true
	}
	if errs := fieldErrors(lang, err, blocks, fallback); len(errs) > 0 {
		env.ack(slack.NewErrorsViewSubmissionResponse(errs))
		return false
	}
	text := b.errorText(lang, err)
	switch plan.ErrorCode(err) {
	case plan.EFORBIDDEN:
		text = lang.T("forbidden.short")
	case plan.EINTERNAL:
		text = lang.T("error.not_saved")
	}
	env.ack(slack.NewErrorsViewSubmissionResponse(map[string]string{fallback: text}))
	if plan.ErrorCode(err) == plan.EFORBIDDEN {
		b.refuse(ctx, lang, meta.PlanID, meta.ChannelID, userID, err)
	}
	return false
}

// refuse tells userID, in an ephemeral message, why an action failed; for
// EFORBIDDEN it names the plan's owners.
func (b *Bot) refuse(ctx context.Context, lang Lang, planID int64, channelID, userID string, err error) {
	text := b.errorText(lang, err)
	var e *plan.Error
	if plan.ErrorCode(err) == plan.EFORBIDDEN && errors.As(err, &e) && Has(e.Key) {
		owners := "—"
		if p, perr := b.Plans.FindPlanByID(ctx, planID); perr == nil && len(p.Owners) > 0 {
			owners = mentions(p.Owners)
		}
		text = lang.T(e.Key, owners)
	}
	b.ephemeral(ctx, channelID, userID, text)
}

// mentions returns user mentions separated by commas.
func mentions(ids []string) string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = userMention(id)
	}
	return strings.Join(out, ", ")
}

// ownersLine is the context line of a reserved step's list when the plan
// has owners, or nil.
func ownersLine(lang Lang, owners []string) slack.Block {
	if len(owners) == 0 {
		return nil
	}
	return slack.NewContextBlock("", mrkdwn(lang.T("owners.only", mentions(owners))))
}

// mayChange reports whether userID may change area of the plan of meta,
// and tells them why not in an ephemeral message when they may not. The
// services check again when saving; this spares filling a form in vain.
func (b *Bot) mayChange(ctx context.Context, meta stepMeta, userID string, lang Lang, area plan.Area) bool {
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err == nil {
		err = p.Authorize(userID, area)
	}
	if err != nil {
		b.refuse(ctx, lang, meta.PlanID, meta.ChannelID, userID, err)
		return false
	}
	return true
}

// refreshWith redraws the list modal viewID of a plan with build, logging
// (under what) when the plan or the view cannot be read.
func (b *Bot) refreshWith(ctx context.Context, viewID string, planID int64, what string, build func(p *plan.Plan) (slack.ModalViewRequest, error)) {
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("refresh "+what+": find plan", "plan_id", planID, "error", err)
		return
	}
	view, err := build(p)
	if err != nil {
		b.Logger.Warn("refresh "+what, "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}

// updateView redraws the modal viewID; a failure is logged.
func (b *Bot) updateView(ctx context.Context, viewID string, view slack.ModalViewRequest) {
	if viewID == "" {
		return
	}
	if _, err := b.API.UpdateViewContext(ctx, view, "", "", viewID); err != nil {
		b.Logger.Warn("views.update", "view_id", viewID, "callback_id", view.CallbackID, "error", err)
	}
}

// notePlan posts a decision note in the plan's channel, in its language.
func (b *Bot) notePlan(ctx context.Context, planID int64, userID string, render func(lang Lang) (string, []slack.Block)) {
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("note: find plan", "plan_id", planID, "error", err)
		return
	}
	lang, _ := ParseLang(p.Language)
	text, blocks := render(lang)
	b.postNote(ctx, p.ChannelID, userID, lang, text, blocks)
}

// planLang returns the language of a plan's channel posts.
func planLang(p *plan.Plan) Lang {
	lang, _ := ParseLang(p.Language)
	return lang
}

// listRoutes refresh a list modal by its callback ID, for the shared
// paging buttons.
var listRoutes = map[string]func(b *Bot, ctx context.Context, viewID string, meta stepMeta, lang Lang){}

func init() {
	register(actionRoutes, ActionListPrev, (*Bot).listPage)
	register(actionRoutes, ActionListNext, (*Bot).listPage)
}

// listPage handles the Previous and Next buttons of every list modal.
func (b *Bot) listPage(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	refresh, ok := listRoutes[cb.View.CallbackID]
	page, err := strconv.Atoi(a.Value)
	meta, merr := parseStepMeta(cb.View.PrivateMetadata)
	if !ok || err != nil || page < 0 || merr != nil {
		b.Logger.Warn("bad page action", "callback_id", cb.View.CallbackID, "value", a.Value)
		return
	}
	meta.Page = page
	refresh(b, ctx, cb.View.ID, meta, b.user(ctx, cb.User.ID).Lang)
}

// maxNames is how many names a flag lists before it says how many more.
const maxNames = 5

// nameList returns the first names, escaped and bold, and "and N more"
// when total exceeds them.
func nameList(lang Lang, names []string, total int) string {
	var out []string
	for i, n := range names {
		if i == maxNames {
			break
		}
		out = append(out, "*"+Escape(clip(n, 80))+"*")
	}
	s := strings.Join(out, ", ")
	if more := total - len(out); more > 0 {
		s += " " + lang.T("names.more", more)
	}
	return s
}
