package bot

import (
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/importer"
	"github.com/planbot/planbot/plan"
)

// The import's modals: the mapping form, the preview, the loading and
// result screens, and the note posted in the plan's channel.

// Bounds that keep the mapping form within Block Kit's limits: 100
// options a select, 100 blocks a modal.
const (
	maxImportColumns = 90 // columns offered in each select
	maxImportMetrics = 40 // plan metrics offered, each its select
	issuesShown      = 25 // rows set aside listed in the preview
)

// importModal is a modal of the import with meta as its metadata.
func importModal(lang Lang, callbackID string, submit string, meta importMeta, blocks []slack.Block) slack.ModalViewRequest {
	v := modal(lang, callbackID, lang.T("import.title"), submit != "", viewMeta{}, blocks)
	v.PrivateMetadata = meta.String()
	if submit != "" {
		v.Submit = plainText(lang.T(submit))
	}
	return v
}

// importMessageModal is a screen of the import that says one thing: the
// catalogue's key (none when ""), then lines, already in lang.
func importMessageModal(lang Lang, key string, meta importMeta, lines ...string) slack.ModalViewRequest {
	if key != "" {
		lines = append([]string{lang.T(key)}, lines...)
	}
	text := clip(strings.Join(lines, "\n"), 3000)
	return importModal(lang, CallbackImportDone, "", meta, []slack.Block{slack.NewSectionBlock(mrkdwn(text), nil, nil)})
}

// mappingForm is what the mapping modal shows.
type mappingForm struct {
	Name       string // the file's name
	Head       *importer.Head
	Metrics    []string // the plan metrics, each with its select
	Mapping    importer.Mapping
	Remembered bool // Mapping is the one used last time for this header
}

// mappingModal is the form that says which column of the file is what.
func mappingModal(lang Lang, f mappingForm, meta importMeta) slack.ModalViewRequest {
	h, m := f.Head, f.Mapping
	intro := lang.T("import.mapping.intro", Escape(f.Name))
	if h.Preset != nil {
		intro += "\n" + lang.T("import.mapping.preset", Escape(h.Preset.Name))
	}
	if f.Remembered {
		intro += "\n" + lang.T("import.mapping.remembered")
	}
	var names []string
	for _, c := range h.Columns {
		names = append(names, "“"+Escape(c)+"”")
	}
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(clip(intro, 3000)), nil, nil),
		slack.NewContextBlock("import_columns", mrkdwn(clip(lang.T("import.mapping.columns", strings.Join(names, ", ")), 2000))),
	}
	columns := h.Columns[:min(len(h.Columns), maxImportColumns)]
	colOption := func(prefix string, i int, c string) *slack.OptionBlockObject {
		return slack.NewOptionBlockObject(prefix+strconv.Itoa(i), plainText(clip(c, 75)), nil)
	}

	// The date: a column, or the period the file states.
	var dateOpts []*slack.OptionBlockObject
	var dateInit *slack.OptionBlockObject
	if meta.Period {
		o := slack.NewOptionBlockObject(importPeriod, plainText(clip(lang.T("import.date.period", formatDate(lang, h.From), formatDate(lang, h.To)), 75)), nil)
		dateOpts, dateInit = append(dateOpts, o), o
	}
	for i, c := range columns {
		o := colOption("", i, c)
		dateOpts = append(dateOpts, o)
		if m.Date != nil && m.Date.Index == i {
			dateInit = o
		}
	}
	blocks = append(blocks, input(BlockImportDate, lang.T("import.date"), "", selectOf(dateOpts, dateInit), false))
	order := string(m.DateOrder)
	if order == "" {
		order = importAuto
	}
	blocks = append(blocks, input(BlockImportDateOrder, lang.T("import.date_order"), lang.T("import.date_order.hint"),
		staticSelect(lang, "import.date_order.", []string{importAuto, string(importer.DateDMY), string(importer.DateMDY)}, order), true))

	// The network: a column, a network for every row, or none.
	var netOpts []*slack.OptionBlockObject
	var netInit *slack.OptionBlockObject
	none := slack.NewOptionBlockObject("n", plainText(lang.T("import.network.none")), nil)
	netOpts = append(netOpts, none)
	for i, c := range columns {
		o := colOption("c", i, lang.T("import.network.column", c))
		netOpts = append(netOpts, o)
		if m.Network != nil && m.Network.Index == i {
			netInit = o
		}
	}
	for _, n := range plan.Networks {
		o := slack.NewOptionBlockObject("n"+string(n), plainText(lang.T("network."+string(n))), nil)
		netOpts = append(netOpts, o)
		if m.Network == nil && m.FixedNetwork == n {
			netInit = o
		}
	}
	if netInit == nil {
		netInit = none
	}
	blocks = append(blocks, input(BlockImportNetwork, lang.T("import.network"), "", selectOf(netOpts[:min(len(netOpts), 100)], netInit), false))

	// The post each row is about.
	noItem := slack.NewOptionBlockObject(importNoColumn, plainText(lang.T("import.item.none")), nil)
	itemOpts, itemInit := []*slack.OptionBlockObject{noItem}, noItem
	for i, c := range columns {
		o := colOption("", i, c)
		itemOpts = append(itemOpts, o)
		if m.Item != nil && m.Item.Index == i {
			itemInit = o
		}
	}
	blocks = append(blocks, input(BlockImportItem, lang.T("import.item"), lang.T("import.item.hint"), selectOf(itemOpts, itemInit), true))

	// The plan's metrics, each from a column or none.
	blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T("import.metrics")), nil, nil))
	for k, name := range f.Metrics {
		noCol := slack.NewOptionBlockObject(importNoColumn, plainText(lang.T("import.metric.none")), nil)
		opts, init := []*slack.OptionBlockObject{noCol}, noCol
		for i, c := range columns {
			o := colOption("", i, c)
			opts = append(opts, o)
			for _, mc := range m.Metrics {
				if mc.Index == i && plan.MetricKey(mc.Metric) == plan.MetricKey(name) {
					init = o
				}
			}
		}
		blocks = append(blocks, input(BlockImportMetric+strconv.Itoa(k), clip(name, 2000), "", selectOf(opts, init), true))
	}
	decimal := importAuto
	if len(m.Metrics) > 0 && m.Metrics[0].Decimal != "" {
		decimal = m.Metrics[0].Decimal
	}
	decOpts := []*slack.OptionBlockObject{
		slack.NewOptionBlockObject(importAuto, plainText(lang.T("import.decimal.auto")), nil),
		slack.NewOptionBlockObject(".", plainText(lang.T("import.decimal.point")), nil),
		slack.NewOptionBlockObject(",", plainText(lang.T("import.decimal.comma")), nil),
	}
	var decInit *slack.OptionBlockObject
	for _, o := range decOpts {
		if o.Value == decimal {
			decInit = o
		}
	}
	blocks = append(blocks, input(BlockImportDecimal, lang.T("import.decimal"), lang.T("import.decimal.hint"), selectOf(decOpts, decInit), true))
	return importModal(lang, CallbackImportMapping, "import.preview.button", meta, blocks)
}

// count is n as the reader writes it: 160,000 or 160 000.
func count(lang Lang, n int) string { return formatCount(lang, int64(n)) }

// selectOf is a static select of opts with init selected.
func selectOf(opts []*slack.OptionBlockObject, init *slack.OptionBlockObject) *slack.SelectBlockElement {
	el := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, ActionInput, opts...)
	el.InitialOption = init
	return el
}

// readMappingForm reads the mapping form: the mapping, its columns named
// by index only (the file names them, see nameColumns), and the errors
// by block of what the user must fix.
func readMappingForm(lang Lang, f formState, meta importMeta) (importer.Mapping, map[string]string) {
	var m importer.Mapping
	errs := map[string]string{}
	col := func(v string) *importer.Column {
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= meta.Columns {
			return nil
		}
		return &importer.Column{Index: i}
	}
	used := map[int]bool{}
	use := func(block string, c *importer.Column) {
		if c == nil {
			return
		}
		if used[c.Index] {
			errs[block] = lang.T("import.mapping.column_twice")
		}
		used[c.Index] = true
	}
	if v := f.selected(BlockImportDate); v != importPeriod || !meta.Period {
		if m.Date = col(v); m.Date == nil {
			errs[BlockImportDate] = lang.T("import.mapping.date_required")
		}
	}
	use(BlockImportDate, m.Date)
	switch v := f.selected(BlockImportDateOrder); importer.DateOrder(v) {
	case importer.DateDMY, importer.DateMDY:
		m.DateOrder = importer.DateOrder(v)
	}
	switch v := f.selected(BlockImportNetwork); {
	case strings.HasPrefix(v, "c"):
		if m.Network = col(v[1:]); m.Network == nil {
			errs[BlockImportNetwork] = lang.T("import.mapping.network_invalid")
		}
	case strings.HasPrefix(v, "n"):
		if m.FixedNetwork = plan.Network(v[1:]); m.FixedNetwork != "" && !m.FixedNetwork.Valid() {
			errs[BlockImportNetwork] = lang.T("import.mapping.network_invalid")
		}
	}
	use(BlockImportNetwork, m.Network)
	if v := f.selected(BlockImportItem); v != "" && v != importNoColumn {
		m.Item = col(v)
	}
	use(BlockImportItem, m.Item)
	decimal := f.selected(BlockImportDecimal)
	if decimal != "." && decimal != "," {
		decimal = ""
	}
	for k, name := range meta.Metrics {
		block := BlockImportMetric + strconv.Itoa(k)
		c := col(f.selected(block))
		if c == nil {
			continue
		}
		use(block, c)
		m.Metrics = append(m.Metrics, importer.MetricColumn{Column: *c, Metric: name, Decimal: decimal})
	}
	if len(m.Metrics) == 0 && len(meta.Metrics) > 0 {
		errs[BlockImportMetric+"0"] = lang.T("import.mapping.metrics_required")
	}
	return m, errs
}

// previewModal shows what an import would store, with Import when it can.
func previewModal(lang Lang, name string, pv *importer.Preview, metrics []*plan.Metric, meta importMeta) slack.ModalViewRequest {
	stats := []string{lang.T("import.preview.file", Escape(name)), lang.N("import.preview.rows", pv.Rows, count(lang, pv.Rows))}
	if pv.Skipped > 0 {
		stats = append(stats, lang.N("import.preview.skipped", pv.Skipped, count(lang, pv.Skipped)))
	}
	if pv.Blocked > 0 {
		stats = append(stats, lang.N("import.preview.blocked", pv.Blocked, count(lang, pv.Blocked)))
	}
	if pv.Merged > 0 {
		stats = append(stats, lang.N("import.preview.merged", pv.Merged, count(lang, pv.Merged)))
	}
	if !pv.From.IsZero() {
		stats = append(stats, lang.T("import.preview.range", formatDate(lang, pv.From), formatDate(lang, pv.To)))
	}
	stats = append(stats, lang.N("import.preview.values", pv.Len(), count(lang, pv.Len())))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn(clip(strings.Join(stats, "\n"), 3000)), nil, nil)}

	var lines []string
	for _, s := range pv.Metrics {
		unit := ""
		if pm := plan.FindMetric(metrics, s.Metric); pm != nil {
			unit = pm.Unit
		}
		how := lang.T(s.Convention.Key())
		if s.Kind == plan.MetricCount {
			lines = append(lines, lang.T("import.preview.total", Escape(s.Metric), Escape(s.Column), figureWithUnit(lang, s.Total, unit), count(lang, s.Observations), how))
		} else {
			lines = append(lines, lang.T("import.preview.latest", Escape(s.Metric), Escape(s.Column), figureWithUnit(lang, s.Latest, unit),
				formatDate(lang, s.LatestDate), count(lang, s.Observations), how))
		}
	}
	if len(lines) > 0 {
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip(strings.Join(lines, "\n"), 3000)), nil, nil))
	}
	if len(pv.Issues) > 0 {
		var out []string
		for _, is := range pv.Issues[:min(len(pv.Issues), issuesShown)] {
			out = append(out, "• "+issueText(lang, is))
		}
		if more := pv.Skipped + pv.Blocked - min(len(pv.Issues), issuesShown); more > 0 {
			out = append(out, lang.N("import.preview.more", more, count(lang, more)))
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip(lang.T("import.preview.issues")+"\n"+strings.Join(out, "\n"), 3000)), nil, nil))
	}
	if len(pv.Ignored) > 0 {
		var names []string
		for _, c := range pv.Ignored {
			names = append(names, "“"+Escape(c)+"”")
		}
		blocks = append(blocks, slack.NewContextBlock("import_ignored", mrkdwn(clip(lang.T("import.preview.ignored", strings.Join(names, ", ")), 2000))))
	}
	if !pv.CanImport() {
		key := "import.preview.cannot"
		if pv.Len() == 0 && pv.Blocked == 0 {
			key = "import.preview.nothing"
		}
		blocks = append(blocks, slack.NewSectionBlock(mrkdwn(lang.T(key)), nil, nil))
		return importModal(lang, CallbackImportDone, "", meta, blocks)
	}
	blocks = append(blocks, slack.NewContextBlock("import_replace", mrkdwn(lang.T("import.preview.replace"))))
	return importModal(lang, CallbackImportPreview, "import.button", meta, blocks)
}

// issueText says why a row was set aside, naming its line.
func issueText(lang Lang, is importer.Issue) string {
	return lang.T(is.Key(), is.Line, Escape(is.Column), Escape(clip(is.Value, 80)),
		formatFigure(lang, is.Readings[0]), formatFigure(lang, is.Readings[1]))
}

// importDoneModal says what an import stored.
func importDoneModal(lang Lang, d *importDone, meta importMeta) slack.ModalViewRequest {
	lines := []string{lang.N("import.done", d.Result.Stored, Escape(d.Name), count(lang, d.Result.Stored))}
	if d.Result.Replaced > 0 {
		lines = append(lines, lang.N("import.done.replaced", d.Result.Replaced, count(lang, d.Result.Replaced)))
	}
	if d.Attached > 0 {
		lines = append(lines, lang.N("import.done.attached", d.Attached, count(lang, d.Attached)))
	}
	lines = append(lines, lang.T("import.done.next"))
	return importModal(lang, CallbackImportDone, "", importMeta{PlanID: meta.PlanID, ChannelID: meta.ChannelID, FileID: meta.FileID},
		[]slack.Block{slack.NewSectionBlock(mrkdwn(strings.Join(lines, "\n")), nil, nil)})
}

// importNote is the note posted in the plan's channel after an import.
func importNote(lang Lang, userID string, d *importDone) (string, []slack.Block) {
	var names []string
	for _, s := range d.Preview.Metrics {
		names = append(names, Escape(s.Metric))
	}
	text := lang.N("import.note", d.Result.Stored, userMention(userID), Escape(d.Name), strings.Join(names, ", "), count(lang, d.Result.Stored))
	if !d.Preview.From.IsZero() {
		text += " " + lang.T("import.note.range", formatDate(lang, d.Preview.From), formatDate(lang, d.Preview.To))
	}
	return text, []slack.Block{slack.NewSectionBlock(mrkdwn(clip(text, 3000)), nil, nil)}
}
