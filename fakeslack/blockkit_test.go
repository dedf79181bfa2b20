package fakeslack

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

// x returns n characters; "é" counts one character, as in Slack, not two bytes.
func x(n int) string { return strings.Repeat("é", n) }

func pt(s string) string { return fmt.Sprintf(`{"type":"plain_text","text":%q}`, s) }
func md(s string) string { return fmt.Sprintf(`{"type":"mrkdwn","text":%q}`, s) }

func button(text, value string) string {
	return fmt.Sprintf(`{"type":"button","action_id":"b","text":%s,"value":%q}`, pt(text), value)
}

func opt(text, value string) string { return fmt.Sprintf(`{"text":%s,"value":%q}`, pt(text), value) }

func repeatJSON(item string, n int) string {
	return strings.TrimSuffix(strings.Repeat(item+",", n), ",")
}

func confirmJSON(title, text string) string {
	return fmt.Sprintf(`{"title":%s,"text":%s,"confirm":%s,"deny":%s}`, pt(title), md(text), pt("Yes"), pt("No"))
}

func selectJSON(options string) string {
	return fmt.Sprintf(`{"type":"static_select","action_id":"s","placeholder":%s,"options":[%s]}`, pt("Pick"), options)
}

// The limits below are Slack's, from its Block Kit reference; each case sits
// just inside or just outside one.
func TestCheckBlocks(t *testing.T) {
	for _, tt := range []struct {
		name   string
		blocks string
		want   string // pointer of the one expected breach, "" for none
	}{
		{"SectionText3000", `[{"type":"section","text":` + md(x(3000)) + `}]`, ""},
		{"ErrSectionText3001", `[{"type":"section","text":` + md(x(3001)) + `}]`, "/blocks/0/text/text"},
		{"ErrSectionEmpty", `[{"type":"section","text":` + md("") + `}]`, "/blocks/0/text/text"},
		{"ErrSectionNothing", `[{"type":"section"}]`, "/blocks/0"},
		{"Fields10", `[{"type":"section","fields":[` + repeatJSON(md("f"), 10) + `]}]`, ""},
		{"ErrFields11", `[{"type":"section","fields":[` + repeatJSON(md("f"), 11) + `]}]`, "/blocks/0/fields"},
		{"ErrFieldText2001", `[{"type":"section","fields":[` + md(x(2001)) + `]}]`, "/blocks/0/fields/0/text"},
		{"Header150", `[{"type":"header","text":` + pt(x(150)) + `}]`, ""},
		{"ErrHeader151", `[{"type":"header","text":` + pt(x(151)) + `}]`, "/blocks/0/text/text"},
		{"Context10", `[{"type":"context","elements":[` + repeatJSON(md("c"), 10) + `]}]`, ""},
		{"ErrContext11", `[{"type":"context","elements":[` + repeatJSON(md("c"), 11) + `]}]`, "/blocks/0/elements"},
		{"ErrContextImageAlt", `[{"type":"context","elements":[{"type":"image","image_url":"https://x/y.png"}]}]`, "/blocks/0/elements/0/alt_text"},
		{"Actions25", `[{"type":"actions","elements":[` + strings.Join(actionButtons(25), ",") + `]}]`, ""},
		{"ErrActions26", `[{"type":"actions","elements":[` + strings.Join(actionButtons(26), ",") + `]}]`, "/blocks/0/elements"},
		{"ErrActionIDTwiceInBlock", `[{"type":"actions","elements":[` + button("A", "1") + `,` + button("B", "2") + `]}]`, "/blocks/0/elements/1/action_id"},
		{"ActionIDTwiceInTwoBlocks", `[{"type":"actions","elements":[` + button("A", "1") + `]},{"type":"actions","elements":[` + button("B", "2") + `]}]`, ""},
		{"ErrBlockIDTwice", `[{"type":"divider","block_id":"d"},{"type":"divider","block_id":"d"}]`, "/blocks/1/block_id"},
		{"ErrBlockID256", `[{"type":"divider","block_id":"` + strings.Repeat("b", 256) + `"}]`, "/blocks/0/block_id"},
		{"ButtonText75", `[{"type":"actions","elements":[` + button(x(75), "v") + `]}]`, ""},
		{"ErrButtonText76", `[{"type":"actions","elements":[` + button(x(76), "v") + `]}]`, "/blocks/0/elements/0/text/text"},
		{"ErrButtonValue2001", `[{"type":"actions","elements":[` + button("A", x(2001)) + `]}]`, "/blocks/0/elements/0/value"},
		{"ErrButtonEmpty", `[{"type":"actions","elements":[` + button("", "v") + `]}]`, "/blocks/0/elements/0/text/text"},
		{"Confirm300", `[{"type":"section","text":` + md("s") + `,"accessory":{"type":"button","action_id":"d","text":` + pt("Delete") + `,"confirm":` + confirmJSON(x(100), x(300)) + `}}]`, ""},
		{"ErrConfirmText301", `[{"type":"section","text":` + md("s") + `,"accessory":{"type":"button","action_id":"d","text":` + pt("Delete") + `,"confirm":` + confirmJSON("Sure?", x(301)) + `}}]`, "/blocks/0/accessory/confirm/text/text"},
		{"ErrConfirmTitle101", `[{"type":"section","text":` + md("s") + `,"accessory":{"type":"button","action_id":"d","text":` + pt("Delete") + `,"confirm":` + confirmJSON(x(101), "ok") + `}}]`, "/blocks/0/accessory/confirm/title/text"},
		{"Options100", `[{"type":"actions","elements":[` + selectJSON(repeatJSON(opt("o", "v"), 100)) + `]}]`, ""},
		{"ErrOptions101", `[{"type":"actions","elements":[` + selectJSON(repeatJSON(opt("o", "v"), 101)) + `]}]`, "/blocks/0/elements/0/options"},
		{"OptionText75Value150", `[{"type":"actions","elements":[` + selectJSON(opt(x(75), x(150))) + `]}]`, ""},
		{"ErrOptionText76", `[{"type":"actions","elements":[` + selectJSON(opt(x(76), "v")) + `]}]`, "/blocks/0/elements/0/options/0/text/text"},
		{"ErrOptionValue151", `[{"type":"actions","elements":[` + selectJSON(opt("o", x(151))) + `]}]`, "/blocks/0/elements/0/options/0/value"},
		{"ErrOverflow6", `[{"type":"section","text":` + md("s") + `,"accessory":{"type":"overflow","action_id":"o","options":[` + repeatJSON(opt("o", "v"), 6) + `]}}]`, "/blocks/0/accessory/options"},
		{"ErrImageNoAlt", `[{"type":"image","image_url":"https://x/y.png"}]`, "/blocks/0/alt_text"},
		{"Image", `[{"type":"image","image_url":"https://x/y.png","alt_text":"Chart of reach by week"}]`, ""},
		{"Blocks50", `[` + repeatJSON(`{"type":"divider"}`, 50) + `]`, ""},
		{"ErrBlocks51", `[` + repeatJSON(`{"type":"divider"}`, 51) + `]`, "/blocks"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckBlocks(json.RawMessage(tt.blocks))
			var pointers []string
			for _, b := range got {
				pointers = append(pointers, b.Pointer)
			}
			want := []string{}
			if tt.want != "" {
				want = []string{tt.want}
			}
			if !slices.Equal(append([]string{}, pointers...), want) {
				t.Fatalf("breaches = %v, want at %v", got, want)
			}
		})
	}
}

func actionButtons(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(`{"type":"button","action_id":"b%d","text":%s}`, i, pt("B"))
	}
	return out
}

func viewJSON(title, submit, extra, blocks string) string {
	s := fmt.Sprintf(`{"type":"modal","title":%s`, pt(title))
	if submit != "" {
		s += `,"submit":` + pt(submit)
	}
	return s + extra + `,"blocks":[` + blocks + `]}`
}

func TestCheckView(t *testing.T) {
	input := func(label, placeholder string) string {
		return fmt.Sprintf(`{"type":"input","block_id":"i","label":%s,"element":{"type":"plain_text_input","action_id":"v","placeholder":%s}}`, pt(label), pt(placeholder))
	}
	for _, tt := range []struct {
		name, view, want string
	}{
		{"Title24", viewJSON(x(24), "Save", "", ""), ""},
		{"ErrTitle25", viewJSON(x(25), "Save", "", ""), "/view/title/text"},
		{"ErrSubmit25", viewJSON("Goal", x(25), "", ""), "/view/submit/text"},
		{"ErrClose25", viewJSON("Goal", "Save", `,"close":`+pt(x(25)), ""), "/view/close/text"},
		{"ErrNoTitle", `{"type":"modal","blocks":[]}`, "/view/title"},
		{"PrivateMetadata3000", viewJSON("Goal", "Save", `,"private_metadata":"`+x(3000)+`"`, ""), ""},
		{"ErrPrivateMetadata3001", viewJSON("Goal", "Save", `,"private_metadata":"`+x(3001)+`"`, ""), "/view/private_metadata"},
		{"Input", viewJSON("Goal", "Save", "", input(x(2000), x(150))), ""},
		{"ErrInputLabel2001", viewJSON("Goal", "Save", "", input(x(2001), "p")), "/view/blocks/0/label/text"},
		{"ErrPlaceholder151", viewJSON("Goal", "Save", "", input("Title", x(151))), "/view/blocks/0/element/placeholder/text"},
		{"ErrInputWithoutSubmit", viewJSON("Goal", "", "", input("Title", "p")), "/view"},
		{"Blocks100", viewJSON("Goal", "Save", "", repeatJSON(`{"type":"divider"}`, 100)), ""},
		{"ErrBlocks101", viewJSON("Goal", "Save", "", repeatJSON(`{"type":"divider"}`, 101)), "/view/blocks"},
		{"HomeHasNoTitle", `{"type":"home","blocks":[{"type":"divider"}]}`, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckView(json.RawMessage(tt.view))
			switch {
			case tt.want == "" && len(got) != 0:
				t.Fatalf("breaches = %v, want none", got)
			case tt.want != "" && (len(got) != 1 || got[0].Pointer != tt.want):
				t.Fatalf("breaches = %v, want one at %s", got, tt.want)
			}
		})
	}
}

// breachLog collects breaches for a test that expects some.
type breachLog struct{ got chan Breach }

func newBreachLog() *breachLog { return &breachLog{got: make(chan Breach, 100)} }

func (l *breachLog) record(b Breach) { l.got <- b }

func (l *breachLog) next(t *testing.T) Breach {
	t.Helper()
	select {
	case b := <-l.got:
		return b
	default:
		t.Fatal("no breach reported")
		return Breach{}
	}
}

func TestBreachRefusedAndReported(t *testing.T) {
	log := newBreachLog()
	srv := MustStart(t, Options{OnBreach: log.record})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	api := newClient(srv, "xoxb-test")
	ctx := testCtx(t)
	del := slack.NewButtonBlockElement("goal_delete", "7", plain("Delete"))
	del.Confirm = slack.NewConfirmationBlockObject(plain("Delete this goal?"), slack.NewTextBlockObject(slack.MarkdownType, x(301), false, false), plain("Delete"), plain("Cancel"))
	section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "*Goal*", false, false), nil, slack.NewAccessory(del))
	_, _, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("goals", false), slack.MsgOptionBlocks(section))
	if errString(err) != "invalid_blocks" {
		t.Fatalf("post with a 301-character confirmation: %v, want invalid_blocks", err)
	}
	if n := len(srv.Messages("C1")); n != 0 {
		t.Fatalf("refused message stored: %d messages", n)
	}
	call := srv.Calls("chat.postMessage")[0]
	var body struct {
		Errors []string `json:"errors"`
		Meta   struct {
			Messages []string `json:"messages"`
		} `json:"response_metadata"`
	}
	if err := json.Unmarshal(call.Response, &body); err != nil || len(body.Errors) != 1 ||
		body.Meta.Messages[0] != "[ERROR] must be less than 301 characters [json-pointer:/blocks/0/accessory/confirm/text/text]" {
		t.Fatalf("answer = %s", call.Response)
	}
	b := log.next(t)
	if b.Method != "chat.postMessage" || b.Where != "C1" || b.Pointer != "/blocks/0/accessory/confirm/text/text" || !strings.Contains(b.String(), "301") {
		t.Fatalf("breach = %+v", b)
	}
	if got := srv.Breaches(); len(got) != 1 || got[0] != b {
		t.Fatalf("Breaches() = %v", got)
	}

	// chat.update, chat.postEphemeral and response_url are checked alike.
	ts := mustPost(t, api, "C1", slack.MsgOptionText("ok", false))
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionBlocks(section)); errString(err) != "invalid_blocks" {
		t.Fatalf("update: %v", err)
	}
	log.next(t)
	srv.AddUser(User{ID: "U1"})
	if _, err := api.PostEphemeralContext(ctx, "C1", "U1", slack.MsgOptionBlocks(section)); errString(err) != "invalid_blocks" {
		t.Fatalf("ephemeral: %v", err)
	}
	log.next(t)
}

func TestViewBreachRefused(t *testing.T) {
	log := newBreachLog()
	srv := MustStart(t, Options{OnBreach: log.record})
	bot := MustStartBot(t, srv, nil)
	long := modal("goal", slack.NewActionBlock("a", slack.NewButtonBlockElement("x", "1", plain(x(76)))))
	_, err := bot.api.OpenViewContext(testCtx(t), mustTrigger(t, srv, "U1"), long)
	if errString(err) != "invalid_arguments" {
		t.Fatalf("open with a 76-character button: %v", err)
	}
	if b := log.next(t); b.Method != "views.open" || b.Where != "goal" || b.Pointer != "/view/blocks/0/elements/0/text/text" {
		t.Fatalf("breach = %+v", b)
	}
	if v := srv.OpenViews("U1"); len(v) != 0 {
		t.Fatalf("refused view opened: %+v", v)
	}
}

func TestAckBreaches(t *testing.T) {
	log := newBreachLog()
	srv := MustStart(t, Options{OnBreach: log.record})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	var ackPayload any
	bot := MustStartBot(t, srv, func(socketmode.Event) any { return ackPayload })
	ctx := testCtx(t)

	// A slash command answered with a message of 51 blocks.
	blocks := make([]slack.Block, 51)
	for i := range blocks {
		blocks[i] = slack.NewDividerBlock()
	}
	ackPayload = map[string]any{"blocks": blocks}
	if _, err := srv.SlashCommand(ctx, SlashCommand{Command: "/plan", UserID: "U1", ChannelID: "C1"}); err != nil {
		t.Fatal(err)
	}
	bot.next(t)
	if b := log.next(t); b.Method != "ack" || b.Pointer != "/blocks" {
		t.Fatalf("breach = %+v", b)
	}

	// A view submission answered with errors for a block that is not an input.
	ackPayload = nil
	trig := mustTrigger(t, srv, "U1")
	bot.next(t)
	form := modal("goal",
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "Intro", false, false), nil, nil, slack.SectionBlockOptionBlockID("intro")),
		slack.NewInputBlock("title", plain("Title"), nil, slack.NewPlainTextInputBlockElement(nil, "value")))
	v, err := bot.api.OpenViewContext(ctx, trig, form)
	if err != nil {
		t.Fatal(err)
	}
	ackPayload = slack.NewErrorsViewSubmissionResponse(map[string]string{"intro": "Type a title"})
	if _, err := srv.SubmitView(ctx, "U1", v.ID, map[string]map[string]any{"title": {"value": "x"}}); err != nil {
		t.Fatal(err)
	}
	bot.next(t)
	if b := log.next(t); b.Method != "ack" || b.Where != "goal" || b.Pointer != "/errors/intro" {
		t.Fatalf("breach = %+v", b)
	}
	// Errors on the input block are fine, and keep the view open.
	ackPayload = slack.NewErrorsViewSubmissionResponse(map[string]string{"title": "Type a title"})
	if _, err := srv.SubmitView(ctx, "U1", v.ID, nil); err != nil {
		t.Fatal(err)
	}
	bot.next(t)
	// An update to a view with a 25-character title is refused: the view stays as it was.
	bad := modal("goal")
	bad.Title = plain(x(25))
	ackPayload = slack.NewUpdateViewSubmissionResponse(&bad)
	if _, err := srv.SubmitView(ctx, "U1", v.ID, nil); err != nil {
		t.Fatal(err)
	}
	bot.next(t)
	if b := log.next(t); b.Method != "ack" || b.Pointer != "/view/title/text" {
		t.Fatalf("breach = %+v", b)
	}
	if open := srv.OpenViews("U1"); len(open) != 1 || !strings.Contains(string(open[0].JSON), `"Plan"`) {
		t.Fatalf("open views after a refused update = %+v", open)
	}
	if n := len(srv.Breaches()); n != 3 {
		t.Fatalf("Breaches() has %d, want 3", n)
	}
}

func TestResponseURLBreach(t *testing.T) {
	log := newBreachLog()
	srv := MustStart(t, Options{OnBreach: log.record})
	srv.AddChannel(Channel{ID: "C1", IsMember: true})
	var url string
	bot := MustStartBot(t, srv, func(evt socketmode.Event) any {
		url = evt.Data.(slack.SlashCommand).ResponseURL
		return nil
	})
	if _, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: "U1", ChannelID: "C1"}); err != nil {
		t.Fatal(err)
	}
	bot.next(t)
	body := `{"blocks":[{"type":"header","text":` + pt(x(151)) + `}]}`
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	if b := log.next(t); b.Method != "response_url" || b.Pointer != "/blocks/0/text/text" {
		t.Fatalf("breach = %+v", b)
	}
}
