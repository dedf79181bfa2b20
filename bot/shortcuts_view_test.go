package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// fixtureChoices are the plans a user may file a message in: two, the
// second one renamed by its team, and the first the default.
func fixtureChoices() planChoices {
	return planChoices{
		Options: []planOption{
			{Plan: &plan.Plan{ID: 1, ChannelID: "C1", Name: "acme-social"}, Channel: "acme-social"},
			{Plan: &plan.Plan{ID: 2, ChannelID: "C2", Name: "Client B " + evil}, Channel: "client-b"},
		},
		Default: "C1",
	}
}

func TestPlanSelect(t *testing.T) {
	el := planSelect(fixtureChoices())
	if len(el.Options) != 2 || el.InitialOption == nil || el.InitialOption.Value != "C1" {
		t.Fatalf("options %+v, initial %+v; want C1 first and chosen", el.Options, el.InitialOption)
	}
	if got := el.Options[1].Text.Text; !strings.HasPrefix(got, "#client-b · Client B <!channel>") || len([]rune(got)) > 75 {
		t.Errorf("renamed plan's label %q", got)
	}
	if got := el.Options[0].Text.Text; got != "#acme-social" {
		t.Errorf("label %q, want the channel alone when the plan has its name", got)
	}
	none := planSelect(planChoices{Options: fixtureChoices().Options})
	if none.InitialOption != nil {
		t.Errorf("no default, yet %+v is chosen: the user must choose", none.InitialOption)
	}
}

func TestPlanChoices(t *testing.T) {
	c := fixtureChoices()
	if p := c.find("C2"); p == nil || p.ID != 2 {
		t.Errorf("find(C2) = %+v", p)
	}
	if p := c.find("CFEED"); p != nil {
		t.Errorf("find(CFEED) = %+v, want nil: the feed channel has no plan", p)
	}
	if c.byID(2) == nil || c.byID(3) != nil {
		t.Error("byID finds a plan not offered, or misses one offered")
	}
}

func TestNoticeModal(t *testing.T) {
	for _, lang := range []Lang{EN, FR} {
		v := noticeModal(lang, lang.T("engagement.modal.title"), lang.T("shortcut.no_plan"))
		checkModalLimits(t, v)
		if v.Submit != nil || v.CallbackID != CallbackShortcutNotice {
			t.Errorf("notice %s has a submit button or callback %q", lang, v.CallbackID)
		}
	}
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"late &amp; the bag was torn &lt;again&gt;", "late & the bag was torn <again>"},
		{"&amp;lt; is how you write &lt;", "&lt; is how you write <"}, // one pass, never twice
		{"R&D, plain", "R&D, plain"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Unescape(tt.in); got != tt.want {
			t.Errorf("Unescape(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if back := Escape(Unescape(tt.in)); tt.in != "R&D, plain" && back != tt.in {
			t.Errorf("Escape(Unescape(%q)) = %q: the text does not go back as Slack sent it", tt.in, back)
		}
	}
}

// TestReadShortcut: the text of a shortcut's message is decoded once, its
// time read from its ts.
func TestReadShortcut(t *testing.T) {
	var cb slack.InteractionCallback
	cb.Channel.ID, cb.MessageTs = "CFEED", "1774636200.000100"
	cb.Message.Text = "late &amp; the bag was torn &lt;again&gt;"
	m := readShortcut(&cb)
	want := time.Date(2026, 3, 27, 18, 30, 0, 100000, time.UTC)
	if m.Text != "late & the bag was torn <again>" || m.ChannelID != "CFEED" || m.TS != cb.MessageTs || !m.At.Equal(want) {
		t.Errorf("readShortcut = %+v, want the text as typed at %s", m, want)
	}
}

// TestFrenchTypography checks the French of the strings of the shortcuts,
// the queue and the working hours: a narrow no-break space (U+202F), never
// an ordinary or a no-break space, before ; ! ? and a colon that ends a
// clause.
func TestFrenchTypography(t *testing.T) {
	keys := []string{
		"engagement.field.received.hint", "engagement.received.future", "engagement.received.too_old",
		"engagement.duplicate.head", "engagement.queued_note", "note.settings.hours", "settings.reply_target.ambiguous",
		"settings.hours.intro", "settings.hours.holidays.hint", "settings.holidays.invalid",
	}
	for k := range shortcutsStrings {
		keys = append(keys, k)
	}
	shortcode := regexp.MustCompile(`:[a-z0-9_+-]+:`) // emoji keep their colons glued
	bad := regexp.MustCompile(`[ \x{00A0}][;!?]|[ \x{00A0}]:(\s|$)|[\p{L}\p{N}.)>*]([;!?]|:(\s|$))|«[^\x{202F}]|[^\x{202F}]»`)
	for _, k := range keys {
		fr := catalogue[k].fr
		if fr == "" {
			t.Errorf("%s: no French", k)
			continue
		}
		if m := bad.FindString(shortcode.ReplaceAllString(fr, "")); m != "" {
			t.Errorf("%s: %q breaks French typography at %q", k, fr, m)
		}
	}
}
