package sandbox

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

func testRenderer() *Renderer {
	users := map[string]string{"UANA": "Ana", "UEVIL": "<b>Eve</b>"}
	channels := map[string]string{"CSOCIAL": "acme-social"}
	return &Renderer{
		UserName:    func(id string) string { return users[id] },
		ChannelName: func(id string) string { return channels[id] },
		Users:       []Option{{"UANA", "Ana"}, {"UCAMI", "Camille"}},
		Channels:    []Option{{"CSOCIAL", "acme-social"}, {"CCLIENTB", "client-b"}},
	}
}

// check fails unless html has every want and none of the notWant.
func check(t *testing.T, html string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(html, w) {
			t.Errorf("missing %q in:\n%s", w, html)
		}
	}
	for _, n := range notWant {
		if strings.Contains(html, n) {
			t.Errorf("unexpected %q in:\n%s", n, html)
		}
	}
}

func TestMrkdwn(t *testing.T) {
	r := testRenderer()
	tests := []struct {
		name, in string
		want     []string
		notWant  []string
	}{
		{"Bold", "a *bold* word", []string{"a <strong>bold</strong> word"}, nil},
		{"Italic", "_italic_", []string{"<em>italic</em>"}, nil},
		{"Strike", "~gone~", []string{"<del>gone</del>"}, nil},
		{"Code", "run `/plan goals` now", []string{`<code class="bk-code">/plan goals</code>`}, nil},
		{"CodeIsNotParsed", "`*x* <@UANA>`", []string{`<code class="bk-code">*x* &lt;@UANA&gt;</code>`}, []string{"<strong>"}},
		{"Preformatted", "before\n```line 1\n*not bold*```\nafter", []string{`<pre class="bk-pre">line 1` + "\n" + `*not bold*</pre>`, "before", "after"}, []string{"<strong>"}},
		{"Nested", "*bold _and italic_*", []string{"<strong>bold <em>and italic</em></strong>"}, nil},
		{"NotInsideWords", "snake_case_name and a*b*c", []string{"snake_case_name and a*b*c"}, []string{"<em>", "<strong>"}},
		{"NotAroundSpaces", "5 * 3 * 2", []string{"5 * 3 * 2"}, []string{"<strong>"}},
		{"Unclosed", "*half", []string{"*half"}, []string{"<strong>"}},
		{"Newlines", "one\ntwo", []string{"one<br>two"}, nil},
		{"Quote", "&gt; quoted\n&gt; twice\nplain", []string{`<blockquote class="bk-quote">quoted<br>twice</blockquote>plain`}, nil},
		{"Link", "see <https://example.com/a?b=1&amp;c=2|the docs>", []string{`<a class="bk-link" target="_blank" rel="noopener noreferrer" href="https://example.com/a?b=1&amp;c=2">the docs</a>`}, nil},
		{"BareLink", "<https://example.com>", []string{`href="https://example.com">https://example.com</a>`}, nil},
		{"Mailto", "<mailto:team@example.com|write us>", []string{`href="mailto:team@example.com">write us</a>`}, nil},
		{"UserMention", "by <@UANA>", []string{`<span class="bk-mention" data-user-id="UANA">@Ana</span>`}, nil},
		{"UserMentionLabel", "<@U999|bob>", []string{">@bob</span>"}, nil},
		{"UnknownUser", "<@U404>", []string{">@U404</span>"}, nil},
		{"ChannelMention", "in <#CSOCIAL>", []string{`data-goto-channel="CSOCIAL">#acme-social</a>`}, nil},
		{"ChannelMentionLabel", "<#C1|general>", []string{">#general</a>"}, nil},
		{"Here", "<!here> and <!channel>", []string{">@here</span>", ">@channel</span>"}, nil},
		{"Date", "<!date^1392734382^{date_short}|Feb 18, 2014>", []string{">Feb 18, 2014</span>"}, nil},
		{"Emoji", ":warning: late :white_check_mark: 10:30:00", []string{"⚠️ late ✅ 10:30:00"}, nil},
		{"UnknownEmoji", ":not_an_emoji:", []string{":not_an_emoji:"}, nil},
		{"MentionInBold", "*<@UANA> added*", []string{`<strong><span class="bk-mention" data-user-id="UANA">@Ana</span> added</strong>`}, nil},
		{"EscapedUserText", "*&lt;!channel&gt; &amp; &lt;https://evil|x&gt;*", []string{"<strong>&lt;!channel&gt; &amp; &lt;https://evil|x&gt;</strong>"}, []string{"<a ", "bk-special"}},
		{"DoubleEscaped", "&amp;lt;b&amp;gt;", []string{"&amp;lt;b&amp;gt;"}, nil},
		{"PlaceholderRunesInInput", "a\uE000b", []string{"a\uFFFDb"}, []string{"\uE000"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, r.Mrkdwn(tt.in), tt.want, tt.notWant)
		})
	}
}

// TestEscaping feeds the renderer text that would be markup if it were
// not escaped, the way a buggy bot or a user's text could send it.
func TestEscaping(t *testing.T) {
	r := testRenderer()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"RawScript", "<script>alert(1)</script>", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{"RawImg", `<img src=x onerror="alert(1)">`, []string{"&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"}},
		{"EscapedScript", "&lt;script&gt;alert(1)&lt;/script&gt;", []string{"&lt;script&gt;alert(1)&lt;/script&gt;"}},
		{"JavascriptLink", "<javascript:alert(1)|click me>", []string{"&lt;javascript:alert(1)|click me&gt;"}},
		{"DataLink", "<data:text/html,<b>x</b>|x>", []string{"&lt;data:text/html,"}},
		{"RelativeLink", "<//evil.example/x|x>", []string{"&lt;//evil.example/x|x&gt;"}},
		{"LabelMarkup", "<https://example.com|a <b>bold</b> label>", []string{`>a &lt;b</a>bold&lt;/b&gt; label&gt;`}},
		{"QuoteInURL", `<https://example.com/"onmouseover="alert(1)|x>`, []string{`href="https://example.com/%22onmouseover=%22alert%281%29"`}},
		{"MentionName", "<@UEVIL>", []string{"@&lt;b&gt;Eve&lt;/b&gt;"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			html := r.Mrkdwn(tt.in)
			check(t, html, tt.want, []string{"<script", "<img", "<b>", `href="javascript`, `href="data:`, `href="//`})
		})
	}

	t.Run("Blocks", func(t *testing.T) {
		evil := `"><script>alert(1)</script>`
		raw, _ := json.Marshal([]any{
			map[string]any{"type": "header", "block_id": evil, "text": map[string]any{"type": "plain_text", "text": "<b>plain</b> &lt;"}},
			map[string]any{"type": "section", "text": map[string]any{"type": "plain_text", "text": evil}},
			map[string]any{"type": "actions", "block_id": "a", "elements": []any{
				map[string]any{"type": "button", "action_id": evil, "value": evil, "url": "javascript:alert(1)", "text": map[string]any{"type": "plain_text", "text": evil}},
				map[string]any{"type": "static_select", "action_id": "s", "options": []any{map[string]any{"value": evil, "text": map[string]any{"type": "plain_text", "text": evil}}}},
			}},
			map[string]any{"type": "image", "image_url": "javascript:alert(1)", "alt_text": evil},
			map[string]any{"type": "image", "image_url": "https://example.com/x.png", "alt_text": evil},
			map[string]any{"type": evil},
		})
		html := r.Blocks(raw)
		check(t, html,
			[]string{"&lt;b&gt;plain&lt;/b&gt; &amp;lt;", `data-block-id="&#34;&gt;&lt;script&gt;`, `value="&#34;&gt;&lt;script&gt;`, `alt="&#34;&gt;&lt;script&gt;`, "[image: &#34;&gt;&lt;script&gt;", "bk-scriptalert1script"},
			[]string{"<script", "<b>", "javascript:", `data-url=`})
	})
}

// marshalBlocks encodes blocks as slack-go does when the bot posts them.
func marshalBlocks(t *testing.T, blocks ...slack.Block) json.RawMessage {
	t.Helper()
	raw, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, false, false)
}

func md(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func opt(value, text string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain(text), nil)
}

// TestLayoutBlocks renders the layout blocks the bot builds with slack-go.
func TestLayoutBlocks(t *testing.T) {
	r := testRenderer()
	open := slack.NewButtonBlockElement("open_step", "goals", plain("Open"))
	open.Style = slack.StylePrimary
	del := slack.NewButtonBlockElement("goal_delete", "7", plain("Delete"))
	del.Style = slack.StyleDanger
	del.Confirm = slack.NewConfirmationBlockObject(plain("Delete this goal?"), md("It *cannot* be undone."), plain("Delete"), plain("Keep it"))
	del.Confirm.Style = slack.StyleDanger
	overflow := slack.NewOverflowBlockElement("more", opt("snooze_1h", "Snooze 1 h"), opt("snooze_1d", "Snooze 1 day"))
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Pick"), "pick", opt("a", "Option A"), opt("b", "Option B"))
	sel.InitialOption = opt("b", "Option B")
	users := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, plain("Owner"), "owner")
	users.InitialUser = "UCAMI"
	date := slack.NewDatePickerBlockElement("when")
	date.InitialDate = "2026-12-01"
	section := slack.NewSectionBlock(md("*Goal:* grow"), []*slack.TextBlockObject{md("*Metric*\nsignups"), md("*Target*\n500")}, slack.NewAccessory(open), slack.SectionBlockOptionBlockID("goal_7"))
	raw := marshalBlocks(t,
		slack.NewHeaderBlock(plain("Your plans")),
		section,
		slack.NewSectionBlock(md("More"), nil, slack.NewAccessory(overflow)),
		slack.NewSectionBlock(md("Chart"), nil, slack.NewAccessory(slack.NewImageBlockElement("https://example.com/c.png", "chart"))),
		slack.NewContextBlock("ctx", md("KPI: _signups_"), slack.NewImageBlockElement("https://example.com/i.png", "icon")),
		slack.NewDividerBlock(),
		slack.NewImageBlock("https://example.com/chart.png", "Weekly chart", "img", plain("Clicks per week")),
		slack.NewActionBlock("goal_actions_7", open, del, overflow, sel, users, date),
	)
	html := r.Blocks(raw)
	check(t, html, []string{
		`<div class="bk-block bk-header" data-block-id="`, `<h3 class="bk-header-text">Your plans</h3>`,
		`data-block-id="goal_7"`, `<div class="bk-section-text"><strong>Goal:</strong> grow</div>`,
		`<div class="bk-fields"><div class="bk-field-text"><strong>Metric</strong><br>signups</div><div class="bk-field-text"><strong>Target</strong><br>500</div></div>`,
		`<div class="bk-accessory"><span class="bk-el"><button type="button" class="bk-act bk-button bk-primary" data-type="button" data-action-id="open_step" data-block-id="goal_7" data-value="goals">Open</button>`,
		`class="bk-overflow-toggle"`, `<button type="button" class="bk-act bk-menu-item" data-type="overflow" data-action-id="more"`, `data-option="snooze_1d">Snooze 1 day</button>`,
		`<img class="bk-accessory-image" loading="lazy" src="https://example.com/c.png" alt="chart">`,
		`<span class="bk-context-text">KPI: <em>signups</em></span>`, `<img class="bk-context-image" loading="lazy" src="https://example.com/i.png" alt="icon">`,
		`<hr class="bk-hr">`,
		`<figure class="bk-figure"><figcaption>Clicks per week</figcaption><a class="bk-img-link" target="_blank" rel="noopener noreferrer" title="Open full size" href="https://example.com/chart.png"><img class="bk-img" loading="lazy" src="https://example.com/chart.png" alt="Weekly chart"></a></figure>`,
		`class="bk-act bk-button bk-danger"`, `<div class="bk-confirm" hidden data-style="danger"><div class="bk-confirm-title">Delete this goal?</div><div class="bk-confirm-text">It <strong>cannot</strong> be undone.</div>`, `<div class="bk-confirm-no">Keep it</div>`,
		`<select class="bk-select bk-act" data-type="static_select" data-action-id="pick"`, `<option value="b" selected>Option B</option>`, `<option value="">Pick</option>`,
		`<select class="bk-select bk-act" data-type="users_select" data-action-id="owner"`, `<option value="UCAMI" selected>Camille</option>`,
		`<input class="bk-input-date bk-act" data-type="datepicker" data-action-id="when" data-block-id="goal_actions_7" type="date" value="2026-12-01">`,
	}, []string{"bk-unsupported"})
}

// TestInputBlocks renders a modal with every input element the bot uses,
// and the ones Block Kit offers beside them.
func TestInputBlocks(t *testing.T) {
	r := testRenderer()
	input := func(id, label string, el slack.BlockElement, optional bool) *slack.InputBlock {
		b := slack.NewInputBlock(id, plain(label), plain("hint for "+id), el)
		b.Optional = optional
		return b
	}
	title := slack.NewPlainTextInputBlockElement(plain("What?"), "input")
	title.InitialValue = `Say "hi" <now>`
	title.MaxLength = 300
	learn := slack.NewPlainTextInputBlockElement(nil, "input")
	learn.Multiline = true
	learn.InitialValue = "line 1\n</textarea><script>x</script>"
	num := slack.NewNumberInputBlockElement(nil, "input", true)
	num.InitialValue = "2.5"
	whole := slack.NewNumberInputBlockElement(nil, "input", false)
	date := slack.NewDatePickerBlockElement("input")
	date.InitialDate = "2026-12-24"
	tm := slack.NewTimePickerBlockElement("input")
	tm.InitialTime = "09:30"
	dt := slack.NewDateTimePickerBlockElement("input")
	dt.InitialDateTime = 1767225600
	kind := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "input", opt("awareness", "Awareness"), opt("sales", "Sales"))
	kind.InitialOption = opt("sales", "Sales")
	nets := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeStatic, nil, "input", opt("ig", "Instagram"), opt("li", "LinkedIn"), opt("tt", "TikTok"))
	nets.InitialOptions = []*slack.OptionBlockObject{opt("ig", "Instagram"), opt("tt", "TikTok")}
	owner := slack.NewOptionsSelectBlockElement(slack.OptTypeUser, nil, "input")
	owner.InitialUser = "UANA"
	owners := slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, "input")
	owners.InitialUsers = []string{"UANA", "UCAMI"}
	channel := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, nil, "input")
	days := slack.NewCheckboxGroupsBlockElement("input",
		slack.NewOptionBlockObject("mon", md("*Monday*"), plain("start of week")), slack.NewOptionBlockObject("fri", plain("Friday"), nil))
	days.InitialOptions = []*slack.OptionBlockObject{slack.NewOptionBlockObject("fri", plain("Friday"), nil)}
	verdict := slack.NewRadioButtonsBlockElement("input", opt("keep", "Keep"), opt("stop", "Stop"))
	verdict.InitialOption = opt("stop", "Stop")
	email := slack.NewEmailTextInputBlockElement(nil, "input")
	link := slack.NewURLTextInputBlockElement(nil, "input")
	raw := marshalBlocks(t,
		input("title", "Goal statement", title, false),
		input("learn", "To learn", learn, true),
		input("target", "Target", num, false),
		input("count", "Count", whole, false),
		input("deadline", "Deadline", date, false),
		input("at", "At", tm, false),
		input("when", "When", dt, false),
		input("kind", "Kind", kind, false),
		input("nets", "Networks", nets, false),
		input("owner", "Owner", owner, false),
		input("owners", "Owners", owners, true),
		input("channel", "Channel", channel, false),
		input("days", "Days", days, false),
		input("verdict", "Verdict", verdict, false),
		input("email", "Email", email, true),
		input("link", "Link", link, true),
	)
	html := r.Blocks(raw)
	check(t, html, []string{
		`<div class="bk-block bk-input" data-block-id="title" data-optional="false"><label class="bk-label">Goal statement</label><div class="bk-control" data-type="plain_text_input" data-action-id="input" data-block-id="title"><input class="bk-input-text" data-type="plain_text_input" data-action-id="input" data-block-id="title" type="text" maxlength="300" placeholder="What?" value="Say &#34;hi&#34; &lt;now&gt;"></div><div class="bk-error" role="alert" hidden data-error-for="title"></div><div class="bk-hint">hint for title</div></div>`,
		`data-block-id="learn" data-optional="true"><label class="bk-label">To learn <span class="bk-optional">(optional)</span></label>`,
		`<textarea class="bk-input-text bk-multiline" data-type="plain_text_input" data-action-id="input" data-block-id="learn" rows="4">line 1` + "\n" + `&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>`,
		`data-type="number_input" data-action-id="input" data-block-id="target" type="text" inputmode="decimal" data-decimal="true" data-min="" data-max="" value="2.5">`,
		`data-block-id="count" type="text" inputmode="numeric" data-decimal="false"`,
		`data-block-id="deadline" type="date" value="2026-12-24">`,
		`data-block-id="at" type="time" value="09:30">`,
		`data-block-id="when" type="datetime-local" data-initial-unix="1767225600">`,
		`<select class="bk-select" data-type="static_select" data-action-id="input" data-block-id="kind"><option value="">Select an item</option><option value="awareness">Awareness</option><option value="sales" selected>Sales</option></select>`,
		`<select class="bk-select" data-type="multi_static_select" data-action-id="input" data-block-id="nets" multiple><option value="ig" selected>Instagram</option><option value="li">LinkedIn</option><option value="tt" selected>TikTok</option></select>`,
		`data-block-id="owner"><option value="">Select an item</option><option value="UANA" selected>Ana</option><option value="UCAMI">Camille</option></select>`,
		`data-type="multi_users_select" data-action-id="input" data-block-id="owners" multiple><option value="UANA" selected>Ana</option><option value="UCAMI" selected>Camille</option></select>`,
		`data-type="conversations_select" data-action-id="input" data-block-id="channel"><option value="">Select an item</option><option value="CSOCIAL">#acme-social</option>`,
		`<label class="bk-choice"><input type="checkbox" name="days/input" value="mon"><span><strong>Monday</strong><span class="bk-choice-desc">start of week</span></span></label>`,
		`<input type="checkbox" name="days/input" value="fri" checked>`,
		`<input type="radio" name="verdict/input" value="stop" checked><span>Stop</span>`,
		`data-block-id="email" type="email"`, `data-block-id="link" type="url"`,
	}, []string{"bk-unsupported", "<script", "bk-act"})
}

func TestRichTextAndFallbacks(t *testing.T) {
	r := testRenderer()
	raw := json.RawMessage(`[
		{"type":"rich_text","elements":[
			{"type":"rich_text_section","elements":[
				{"type":"text","text":"Hello "},{"type":"text","text":"bold","style":{"bold":true}},
				{"type":"text","text":" <i>x</i> "},{"type":"link","url":"https://example.com","text":"site"},
				{"type":"user","user_id":"UANA"},{"type":"channel","channel_id":"CSOCIAL"},{"type":"emoji","name":"tada"},
				{"type":"link","url":"javascript:alert(1)","text":"bad"}]},
			{"type":"rich_text_list","style":"ordered","elements":[{"type":"rich_text_section","elements":[{"type":"text","text":"one"}]}]},
			{"type":"rich_text_quote","elements":[{"type":"text","text":"quoted"}]},
			{"type":"rich_text_preformatted","elements":[{"type":"text","text":"code"}]}]},
		{"type":"video","title":{"type":"plain_text","text":"v"}},
		{"type":"section","text":{"type":"mrkdwn","text":"ok"},"accessory":{"type":"workflow_button"}}
	]`)
	check(t, r.Blocks(raw), []string{
		`Hello <strong>bold</strong> &lt;i&gt;x&lt;/i&gt; <a class="bk-link" target="_blank" rel="noopener noreferrer" href="https://example.com">site</a>`,
		`<span class="bk-mention">@Ana</span>`, `data-goto-channel="CSOCIAL">#acme-social</a>`, "🎉", "bad",
		`<ol class="bk-rich-list"><li><div class="bk-rich-section">one</div></li></ol>`,
		`<blockquote class="bk-quote">quoted</blockquote>`, `<pre class="bk-pre">code</pre>`,
		"unsupported block: video", "unsupported element: workflow_button",
	}, []string{"javascript:", "<i>"})

	check(t, r.Blocks(json.RawMessage(`{"not":"a list"}`)), []string{"blocks do not decode"}, nil)
	check(t, r.Blocks(json.RawMessage(`[{"type":"section","text":"not an object"}]`)), []string{"block does not decode"}, nil)
}

func TestImageSources(t *testing.T) {
	r := testRenderer()
	raw := json.RawMessage(`[
		{"type":"image","slack_file":{"id":"F0001"},"alt_text":"uploaded chart"},
		{"type":"image","slack_file":{"url":"https://files.example/x.png"},"alt_text":"by url"},
		{"type":"image","image_url":"ftp://example.com/x.png","alt_text":"ftp"}
	]`)
	check(t, r.Blocks(raw), []string{`src="/files/F0001"`, `src="https://files.example/x.png"`, `[image: ftp]`}, []string{"ftp://"})
}
