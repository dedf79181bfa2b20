package bot

import (
	"context"
	"encoding/json"
	"path"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/importer"
	"github.com/planbot/planbot/plan"
)

// Importing results from a file dropped in Slack (issue 16): the message
// shortcut "Import results" on a message with a CSV or Excel file, and
// /plan import, which tells how.
//
// The flow is stateless: the file stays in Slack, and each step downloads
// it again with the bot token (files.info, then url_private_download),
// spools it to a temporary file and reads it with package importer.
//
//  1. The shortcut opens a light "reading the file" modal at once (the
//     trigger lives 3 s), reads the file's head, then updates the modal to
//     the mapping form: the mapping remembered for the plan under the
//     header's signature, else the importer's suggestion.
//  2. The mapping form is checked (a metric chosen, no column twice), its
//     submission turns the modal into "reading" again, and the preview
//     replaces it: rows read and set aside by line, the date range, each
//     metric's total or latest value and how its numbers were read. The
//     mapping travels in the preview's private_metadata.
//  3. Import stores every value or none (plan.ImportService), replacing
//     the imported values with the same (metric, network, date, item)
//     key, remembers the mapping, and notes the import in the plan's
//     channel. Values whose item is a content item's utm_content
//     ("item-12") or its published post's link attach to that item.

// importTimeout bounds the work after a submission's ack: a 200,000-row
// workbook takes seconds to read, well past a handler's usual deadline.
const importTimeout = 5 * time.Minute

// importMeta is the private_metadata of the import's modals.
type importMeta struct {
	PlanID    int64  `json:"p"`
	ChannelID string `json:"c,omitempty"`
	FileID    string `json:"f"`
	// Columns is the number of columns of the file's header, and Period
	// tells that the file states its period (a GA4 report without a Date
	// column): the mapping form is checked against them before its ack.
	Columns int  `json:"n,omitempty"`
	Period  bool `json:"pd,omitempty"`
	// Metrics are the plan metrics of the mapping form's selects, in
	// their order.
	Metrics []string `json:"k,omitempty"`
	// Mapping is the mapping a preview was made with, and imports with.
	Mapping json.RawMessage `json:"m,omitempty"`
}

func (m importMeta) String() string {
	b, _ := json.Marshal(m) // strings, numbers and raw JSON cannot fail
	return string(b)
}

// openImport answers /plan import: how to import a file.
func (b *Bot) openImport(ctx context.Context, src source) {
	u := b.user(ctx, src.UserID)
	b.ephemeral(ctx, src.ChannelID, src.UserID, u.Lang.T("import.howto"))
}

// importable returns the first file of a message that can be imported: a
// CSV, text or Excel file, by name or Slack file type.
func importable(files []slack.File) (slack.File, bool) {
	for _, f := range files {
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".csv", ".tsv", ".txt", ".xlsx", ".xls":
			return f, true
		}
		switch f.Filetype {
		case "csv", "tsv", "text", "xlsx", "xls":
			return f, true
		}
	}
	return slack.File{}, false
}

// shortcutImport answers the "Import results" shortcut on a message.
func (b *Bot) shortcutImport(ctx context.Context, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	file, ok := importable(cb.Message.Files)
	if !ok {
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, u.Lang.T("import.no_file"))
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, ChannelName: cb.Channel.Name, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	meta := importMeta{ChannelID: cb.Channel.ID, FileID: file.ID}
	viewID, ok := b.openViewID(ctx, src, u.Lang, importMessageModal(u.Lang, "import.reading", meta))
	if !ok {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importTimeout)
	defer cancel()
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.updateView(ctx, viewID, importMessageModal(u.Lang, "", meta, b.errorText(u.Lang, err)))
		return
	}
	meta.PlanID, meta.ChannelID = p.ID, p.ChannelID
	b.updateView(ctx, viewID, b.mappingView(ctx, u, p, meta))
}

// mappingView reads the file of meta and returns the mapping form, or the
// modal that says why it cannot be imported.
func (b *Bot) mappingView(ctx context.Context, u userInfo, p *plan.Plan, meta importMeta) slack.ModalViewRequest {
	_, metrics, err := b.planMetrics(ctx, p.ID)
	if err != nil {
		return importMessageModal(u.Lang, "", meta, b.errorText(u.Lang, err))
	}
	if len(metrics) == 0 {
		return importMessageModal(u.Lang, "import.no_metrics", meta)
	}
	rf, err := b.readImport(ctx, meta.FileID, u)
	if err != nil {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err))
	}
	defer rf.close()
	m, remembered := b.rememberedMapping(ctx, p.ID, rf.head, metrics)
	meta.Columns, meta.Period = len(rf.head.Columns), !rf.head.From.IsZero() && !rf.head.To.IsZero()
	meta.Metrics = meta.Metrics[:0]
	for _, pm := range metrics[:min(len(metrics), maxImportMetrics)] {
		meta.Metrics = append(meta.Metrics, pm.Name)
	}
	return mappingModal(u.Lang, mappingForm{Name: rf.name, Head: rf.head, Metrics: meta.Metrics, Mapping: m, Remembered: remembered}, meta)
}

// rememberedMapping returns the mapping remembered for the plan under the
// file's signature when it still fits the file and the plan, else the
// importer's suggestion.
func (b *Bot) rememberedMapping(ctx context.Context, planID int64, h *importer.Head, metrics []*plan.Metric) (importer.Mapping, bool) {
	stored, err := b.Imports.FindImportMapping(ctx, planID, h.Signature)
	if err == nil {
		var m importer.Mapping
		if err := json.Unmarshal([]byte(stored.Mapping), &m); err == nil && m.Validate(h, metrics) == nil {
			return m, true
		}
	} else if plan.ErrorCode(err) != plan.ENOTFOUND {
		b.Logger.Warn("find import mapping", "plan_id", planID, "error", err)
	}
	return importer.Suggest(h, metrics), false
}

// submitImportMapping checks the mapping form, then previews the import.
func (b *Bot) submitImportMapping(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	var meta importMeta
	if err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta); err != nil || meta.PlanID == 0 {
		b.Logger.Warn("import mapping without plan", "user_id", cb.User.ID, "error", err)
		ackErrors(env, map[string]string{BlockImportDate: u.Lang.T("error.generic")})
		return
	}
	m, errs := readMappingForm(u.Lang, formState{cb.View.State}, meta)
	if len(errs) > 0 {
		ackErrors(env, errs)
		return
	}
	loading := importMessageModal(u.Lang, "import.reading", meta)
	loading.ExternalID = importExternalID(env)
	env.ack(slack.NewUpdateViewSubmissionResponse(&loading))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importTimeout)
	defer cancel()
	b.updateAfterAck(ctx, loading.ExternalID, b.previewView(ctx, u, m, meta))
}

// importExternalID is the external_id of the view a submission's ack
// puts up: the view the work after the ack updates.
func importExternalID(env *envelope) string { return "import-" + env.id }

// updateAfterAck redraws the view that a submission's ack put up with
// externalID. The ack travels over the socket and the update over HTTP:
// when the update comes first, Slack has no view with that external_id
// yet (not_found), and the update is tried again, a little later, for a
// few seconds.
func (b *Bot) updateAfterAck(ctx context.Context, externalID string, view slack.ModalViewRequest) {
	view.ExternalID = externalID
	wait := 20 * time.Millisecond
	for try := 1; ; try++ {
		_, err := b.Calls.UpdateViewByExternalID(ctx, externalID, view)
		if err == nil || slackcall.CodeOf(err) != "not_found" || try == 8 {
			if err != nil {
				b.Logger.Warn("views.update", "external_id", externalID, "callback_id", view.CallbackID, "error", err)
			}
			return
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
		wait *= 2
	}
}

// previewView reads the file of meta with the mapping m, whose columns
// are named from the file's header, and returns the preview, or the modal
// that says why the file cannot be imported.
func (b *Bot) previewView(ctx context.Context, u userInfo, m importer.Mapping, meta importMeta) slack.ModalViewRequest {
	p, metrics, rf, err := b.importInputs(ctx, u, meta)
	if err != nil {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err))
	}
	defer rf.close()
	if err := nameColumns(&m, rf.head); err != nil {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err))
	}
	if err := m.Validate(rf.head, metrics); err != nil {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err))
	}
	pv, err := rf.file.Preview(ctx, m, metrics, plan.Today(b.Now(), p.Location()))
	if err != nil {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err))
	}
	raw, _ := json.Marshal(m) // a Mapping is strings, ints and slices of them
	meta.Mapping, meta.Metrics = raw, nil
	if len(meta.String()) > maxMetaLen {
		return importMessageModal(u.Lang, "import.mapping.too_long", meta)
	}
	return previewModal(u.Lang, rf.name, pv, metrics, meta)
}

// maxMetaLen is Slack's limit on private_metadata.
const maxMetaLen = 3000

// submitImportPreview stores the previewed import.
func (b *Bot) submitImportPreview(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	var meta importMeta
	var m importer.Mapping
	err := json.Unmarshal([]byte(cb.View.PrivateMetadata), &meta)
	if err == nil {
		err = json.Unmarshal(meta.Mapping, &m)
	}
	if err != nil || meta.PlanID == 0 {
		b.Logger.Warn("import preview without plan or mapping", "user_id", cb.User.ID, "error", err)
		env.ack(nil)
		return
	}
	loading := importMessageModal(u.Lang, "import.storing", importMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID, FileID: meta.FileID})
	loading.ExternalID = importExternalID(env)
	env.ack(slack.NewUpdateViewSubmissionResponse(&loading))
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), importTimeout)
	defer cancel()
	view, done := b.storeImport(ctx, u, cb.User.ID, m, meta)
	b.updateAfterAck(ctx, loading.ExternalID, view)
	if done != nil {
		b.notePlan(ctx, meta.PlanID, cb.User.ID, func(lang Lang) (string, []slack.Block) {
			return importNote(lang, cb.User.ID, done)
		})
	}
}

// importDone is what an import stored, for its note and result modal.
type importDone struct {
	Name     string
	Result   plan.ImportResult
	Preview  *importer.Preview
	Attached int // values attached to a content item
}

// storeImport reads the file again with m and stores what it previews.
func (b *Bot) storeImport(ctx context.Context, u userInfo, userID string, m importer.Mapping, meta importMeta) (slack.ModalViewRequest, *importDone) {
	fail := func(err error) (slack.ModalViewRequest, *importDone) {
		return importMessageModal(u.Lang, "", meta, b.importErrorText(u.Lang, err)), nil
	}
	p, metrics, rf, err := b.importInputs(ctx, u, meta)
	if err != nil {
		return fail(err)
	}
	defer rf.close()
	if err := m.Validate(rf.head, metrics); err != nil {
		return fail(err)
	}
	pv, err := rf.file.Preview(ctx, m, metrics, plan.Today(b.Now(), p.Location()))
	if err != nil {
		return fail(err)
	}
	if !pv.CanImport() {
		return previewModal(u.Lang, rf.name, pv, metrics, meta), nil
	}
	items, err := b.postItems(ctx, p.ID)
	if err != nil {
		return fail(err)
	}
	done := &importDone{Name: rf.name, Preview: pv}
	src := clip(u.Lang.T("import.source", rf.name), plan.MaxObservationSourceLen)
	now := b.Now()
	raw, _ := json.Marshal(m)
	obs := func(yield func(*plan.Observation) bool) {
		for ob := range pv.All() {
			o := ob.Observation(p.ID, src, userID, now)
			o.Item = ob.Item
			if id := items.match(ob.Item); id != 0 {
				o.ContentItemID = id
				done.Attached++
			}
			if !yield(o) {
				return
			}
		}
	}
	done.Result, err = b.Imports.Import(actor(ctx, userID), plan.Import{
		PlanID: p.ID, Observations: obs, Signature: rf.head.Signature, Mapping: string(raw), CreatedBy: userID,
	})
	if err != nil {
		return fail(err)
	}
	b.Logger.Info("results imported", "plan_id", p.ID, "user_id", userID, "file_id", meta.FileID,
		"stored", done.Result.Stored, "replaced", done.Result.Replaced, "attached", done.Attached)
	return importDoneModal(u.Lang, done, meta), done
}

// importInputs reads the plan of meta, its metrics and its file.
func (b *Bot) importInputs(ctx context.Context, u userInfo, meta importMeta) (*plan.Plan, []*plan.Metric, *importFile, error) {
	p, err := b.Plans.FindPlanByID(ctx, meta.PlanID)
	if err != nil {
		return nil, nil, nil, err
	}
	_, metrics, err := b.planMetrics(ctx, p.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	rf, err := b.readImport(ctx, meta.FileID, u)
	if err != nil {
		return nil, nil, nil, err
	}
	return p, metrics, rf, nil
}

// nameColumns gives the columns of m, chosen by index in the form, their
// names in the file's header: a file whose header changed since the form
// was shown is a KindHeaderChanged error.
func nameColumns(m *importer.Mapping, h *importer.Head) error {
	name := func(c *importer.Column) error {
		if c.Index < 0 || c.Index >= len(h.Columns) {
			return &importer.Error{Kind: importer.KindHeaderChanged, Column: importer.ColumnName(c.Index)}
		}
		c.Name = h.Columns[c.Index]
		return nil
	}
	for _, c := range []*importer.Column{m.Date, m.Network, m.Item} {
		if c != nil {
			if err := name(c); err != nil {
				return err
			}
		}
	}
	for i := range m.Metrics {
		if err := name(&m.Metrics[i].Column); err != nil {
			return err
		}
	}
	if m.Item != nil && m.ItemKind == "" {
		m.ItemKind = itemKindOf(h, m.Item.Index)
	}
	if h.Preset != nil {
		m.Preset = h.Preset.ID
	}
	return nil
}

// itemKindOf tells what the column i of a file identifies posts by: the
// preset's kind for its own item column, a utm_content by its name, a
// link when its samples are web addresses, else the network's post ID.
func itemKindOf(h *importer.Head, i int) importer.ItemKind {
	if s := importer.Suggest(h, nil); s.Item != nil && s.Item.Index == i && s.ItemKind != "" {
		return s.ItemKind
	}
	name := strings.ToLower(h.Columns[i])
	if strings.Contains(name, "utm") || strings.Contains(name, "ad content") {
		return importer.ItemUTM
	}
	for _, row := range h.Samples {
		if i < len(row) && (strings.HasPrefix(row[i], "http://") || strings.HasPrefix(row[i], "https://")) {
			return importer.ItemLink
		}
	}
	return importer.ItemID
}

// postItems indexes the plan's content items by their utm_content and
// their published post's canonical link.
type postItems map[string]int64

// postItems returns the plan's content items, indexed.
func (b *Bot) postItems(ctx context.Context, planID int64) (postItems, error) {
	list, _, err := b.Content.FindContentItems(ctx, plan.ContentFilter{PlanID: &planID})
	if err != nil {
		return nil, err
	}
	out := postItems{}
	for _, c := range list {
		out[plan.ItemContent(c.ID)] = c.ID
		if link := importer.CanonicalLink(c.PostLink); link != "" {
			out[link] = c.ID
		}
	}
	return out, nil
}

// match returns the content item an imported item names, 0 for none.
func (p postItems) match(item string) int64 {
	if item == "" {
		return 0
	}
	if id, ok := p[strings.ToLower(item)]; ok {
		return id
	}
	return p[importer.CanonicalLink(item)]
}
