package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/sandbox"
)

// chromiumPath returns Debian's Chromium, or skips the test when it is not
// installed, except in CI (CI=true), where .ci/run installs it: there a
// missing browser fails the test rather than skipping it silently.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("PLANBOT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium not installed, and CI must run the browser tests: .ci/run installs it with apt-get install chromium")
	}
	t.Skip("chromium not installed: apt-get install chromium")
	return ""
}

// browser is one headless Chromium tab on the sandbox page.
type browser struct {
	t   *testing.T
	ctx context.Context

	mu     sync.Mutex
	errors []string // uncaught exceptions of the page
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := chromiumPath(t)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx}
	err := chromedp.Listen(ctx, func(ev any) { // starts the browser
		if e, ok := ev.(*runtime.EventExceptionThrown); ok && e.ExceptionDetails != nil {
			text := e.ExceptionDetails.Text
			if e.ExceptionDetails.Exception != nil {
				text += " " + e.ExceptionDetails.Exception.Description
			}
			b.mu.Lock()
			b.errors = append(b.errors, text)
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	// Record what the page's Content-Security-Policy blocks: an inline
	// style or script in the page (or injected by a bot text) would show.
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))`,
	}); err != nil {
		t.Fatalf("install the CSP recorder: %v", err)
	}
	t.Cleanup(func() {
		if csp, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp || []`)); err != nil || len(csp) > 0 {
			t.Errorf("content security policy violations: %v %v", csp, err)
		}
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, e := range b.errors {
			t.Errorf("uncaught exception in the page: %s", e)
		}
	})
	return b
}

// do runs steps within 30 s (a loaded CI machine, -race); on failure it
// says what it was doing and what the page showed.
func (b *browser) do(t *testing.T, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		body, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
		shot := filepath.Join(os.TempDir(), "planbot-sandbox-failure.png")
		if png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot()); err == nil && os.WriteFile(shot, png, 0o644) == nil {
			t.Logf("screenshot of the failure: %s", shot)
		}
		t.Fatalf("%s: %v\npage text:\n%s", what, err, body)
	}
}

// js quotes s as a JavaScript string literal.
func js(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitText waits until the element sel exists and its text contains want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](fmt.Sprintf(`(() => { const el = document.querySelector(%s); return !!el && el.innerText.includes(%s); })()`, js(sel), js(want)))
}

// waitTrue waits until the expression is true.
func waitTrue(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr)
}

// field selects the control of an input block of the open modal.
func field(block string) chromedp.CSS {
	return chromedp.CSS(fmt.Sprintf(`#modal-layer .modal [data-block-id=%q] .bk-control input, #modal-layer .modal [data-block-id=%q] .bk-control select, #modal-layer .modal [data-block-id=%q] .bk-control textarea`, block, block, block))
}

// openMenu shows the hover menu of the first message whose text has want,
// as the mouse over it does.
func openMenu(want string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		waitText("#messages", want),
		chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`[...document.querySelectorAll('#messages .msg')].find(m => m.innerText.includes(%s)).classList.add('menu-open')`, js(want))),
		chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-more`)),
		chromedp.WaitVisible(chromedp.CSS(`#messages .msg.menu-open .msg-menu`)),
	)
}

// typeCommand types text in the composer and sends it with Enter.
func typeCommand(text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS("#composer-input"), text+kb.Enter)
}

// TestSandboxBrowser drives the sandbox page in headless Chromium as a
// person would: slash commands, a modal with a field error, the decision
// note, the French user and a title that looks like HTML, App Home, a
// thread, a message shortcut, the clock, and the view stack (push, update,
// close, a confirmation). The subtests run in order on one page.
// PLANBOT_SCREENSHOT=docs/sandbox.png saves the README's picture.
func TestSandboxBrowser(t *testing.T) {
	b := newBrowser(t)
	app := startTestSandbox(t)
	started := time.Now()
	b.do(t, "open the page",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(app.URL+"#u="+sandbox.UserAna+"&c="+sandbox.ChannelSocial),
		chromedp.WaitVisible(chromedp.CSS(`body[data-live="1"]`)),
		waitText("#main-title", "acme-social"),
	)

	ok := t.Run("Help", func(t *testing.T) {
		b.do(t, "type /plan",
			typeCommand("/plan"),
			waitText("#messages", "your social media plan in nine steps"),
			waitText("#messages .msg-ephemeral", "Only visible to you"),
		)
	})
	london, _ := time.LoadLocation("Europe/London")
	deadline := app.Clock.Now().In(london).AddDate(0, 0, 3).Format(time.DateOnly)
	title := "Newsletter signups from Instagram & TikTok"
	ok = ok && t.Run("GoalFieldErrorThenNote", func(t *testing.T) {
		b.do(t, "open the goal modal",
			typeCommand("/plan goals"),
			chromedp.WaitVisible(chromedp.CSS(`#modal-layer .modal[data-callback-id="goal_modal"]`)),
			waitText("#modal-title", "New goal"),
		)
		b.do(t, "fill it with a target equal to the baseline",
			chromedp.SetValue(field(bot.BlockGoalKind), "awareness"),
			chromedp.SendKeys(field(bot.BlockGoalTitle), title),
			chromedp.SendKeys(field(bot.BlockGoalMetric), "newsletter signups"),
			chromedp.SendKeys(field(bot.BlockGoalBaseline), "100"),
			chromedp.SendKeys(field(bot.BlockGoalTarget), "100"),
			chromedp.SetValue(field(bot.BlockGoalDeadline), deadline),
			chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
		)
		b.do(t, "see the field error under the target",
			waitText(fmt.Sprintf(`.bk-error[data-error-for=%q]`, bot.BlockGoalTarget), "must differ from the baseline"),
			chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`.bk-input.has-error[data-block-id=%q]`, bot.BlockGoalTarget))),
		)
		typed, err := chromedp.Run(b.ctx, chromedp.Value(field(bot.BlockGoalTitle)))
		if err != nil || typed != title {
			t.Errorf("title after the error = %q, %v; want what was typed", typed, err)
		}
		b.do(t, "fix the target and save",
			chromedp.SetValue(field(bot.BlockGoalTarget), "500"),
			chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
			chromedp.WaitNotPresent(chromedp.CSS("#modal-layer .modal")),
			waitText("#messages", "Ana added a goal: "+title),
		)
	})

	ok = ok && t.Run("French", func(t *testing.T) {
		b.do(t, "switch to Camille and open #client-b",
			chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+sandbox.UserCamille+`"]`)),
			waitTrue(`document.body.dataset.user === "UCAMI"`),
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelB+`"]`)),
			waitText("#main-title", "client-b"),
		)
		b.do(t, "see French",
			typeCommand("/plan"),
			waitText("#messages", "votre plan de médias sociaux en neuf étapes"),
			typeCommand("/plan objectifs"),
			waitText("#modal-layer .modal", "Nouvel objectif"),
			waitText("#modal-layer .modal-foot", "Enregistrer"),
		)
		// The title is what a user typed: the bot escapes it, the page
		// must show it as text and never as markup.
		nasty := `<b>gras</b> & <img src=x onerror="document.title='pwned'"> <script>document.title='pwned'</script> <!channel>`
		b.do(t, "save a goal whose title looks like HTML",
			chromedp.SetValue(field(bot.BlockGoalKind), "leads"),
			chromedp.SendKeys(field(bot.BlockGoalTitle), nasty),
			chromedp.SendKeys(field(bot.BlockGoalMetric), "prospects"),
			chromedp.SendKeys(field(bot.BlockGoalTarget), "40"),
			chromedp.SetValue(field(bot.BlockGoalDeadline), deadline),
			chromedp.Click(chromedp.CSS("#modal-layer [data-submit-view]")),
			chromedp.WaitNotPresent(chromedp.CSS("#modal-layer .modal")),
			waitText("#messages", "Camille a ajouté un objectif\u202f: "+nasty),
		)
		injected, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('#messages .msg-content *')].map(e => e.tagName).filter(t => ['B','IMG','SCRIPT'].includes(t)).join(',') + document.title`))
		if err != nil || injected != "planbot sandbox" {
			t.Errorf("markup injected by the goal title: %q, %v", injected, err)
		}
		b.do(t, "see none of Ana's ephemeral help in #acme-social",
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelSocial+`"]`)),
			waitText("#messages", "Ana added a goal"),
			waitTrue(`!document.querySelector('#messages').innerText.includes('nine steps')`),
		)
	})

	ok = ok && t.Run("AppHome", func(t *testing.T) {
		b.do(t, "open planbot's Home tab",
			chromedp.Click(chromedp.CSS("#app-link")),
			waitText("#home .home", "Vos plans"),
			waitText("#home .home", "#acme-social"),
		)
	})

	ok = ok && t.Run("Thread", func(t *testing.T) {
		b.do(t, "reply in a thread of the decision note",
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelSocial+`"]`)),
			openMenu("Ana added a goal"),
			chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-menu [data-open-thread]`)),
			chromedp.WaitVisible(chromedp.CSS("#thread")),
			chromedp.SendKeys(chromedp.CSS("#thread-input"), "On it: 3 posts for *Instagram* & TikTok by Friday <3"+kb.Enter),
			waitText("#thread-messages", "On it: 3 posts for Instagram & TikTok by Friday <3"),
			waitText("#messages", "1 reply"),
			chromedp.Click(chromedp.CSS("#thread-close")),
		)
	})

	ok = ok && t.Run("MessageShortcut", func(t *testing.T) {
		b.do(t, "open a message's menu",
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelFeed+`"]`)),
			openMenu("Do you ship your coffee beans"),
		)
		manifest, err := loadShortcuts(filepath.Join("..", "..", "manifest.yml"))
		if err != nil {
			t.Fatal(err)
		}
		for _, sc := range sandbox.MessageShortcuts(manifest) {
			b.do(t, "find "+sc.Name+" from manifest.yml", waitText(`#messages .msg.menu-open .msg-menu`, sc.Name))
		}
		b.do(t, "run a shortcut",
			waitText(`#messages .msg.menu-open .msg-menu`, testShortcut.Name),
			chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-shortcut[data-callback-id="sandbox_test"]`)),
			waitText("#toast", "sent to planbot"),
		)
	})

	ok = ok && t.Run("ClockFlagsPassedDeadline", func(t *testing.T) {
		before, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS("#clock")))
		if err != nil {
			t.Fatal(err)
		}
		b.do(t, "advance a week and open the goals",
			chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+sandbox.UserAna+`"]`)),
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelSocial+`"]`)),
			chromedp.Click(chromedp.CSS(`[data-advance="168h"]`)),
			waitText("#clock-offset", "7 d ahead"),
			waitTrue(fmt.Sprintf(`document.querySelector('#clock').innerText !== %s`, js(before))),
			typeCommand("/plan goals"),
			chromedp.WaitVisible(chromedp.CSS(`#modal-layer .modal[data-callback-id="goals_list"]`)),
			waitText("#modal-layer .modal", "The deadline has passed"),
		)
	})

	if path := os.Getenv("PLANBOT_SCREENSHOT"); path != "" && ok {
		screenshot(t, b, path) // leaves the goals list open, as the clock test did
	}

	ok = ok && t.Run("ViewStack", func(t *testing.T) {
		modal := `#modal-layer .modal`
		b.do(t, "push a goal form over the list, then go back",
			chromedp.Click(chromedp.CSS(`[data-action-id="`+bot.ActionGoalAdd+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(modal+`[data-depth="2"][data-callback-id="goal_modal"]`)),
			chromedp.SendKeys(field(bot.BlockGoalTitle), "Pushed, then abandoned"),
			chromedp.Click(chromedp.CSS(modal+" .modal-back")),
			chromedp.WaitVisible(chromedp.CSS(modal+`[data-depth="1"][data-callback-id="goals_list"]`)),
		)
		b.do(t, "push it again and save a second goal: the list under it is updated",
			chromedp.Click(chromedp.CSS(`[data-action-id="`+bot.ActionGoalAdd+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(modal+`[data-depth="2"]`)),
			chromedp.SetValue(field(bot.BlockGoalKind), "sales"),
			chromedp.SendKeys(field(bot.BlockGoalTitle), "Second goal"),
			chromedp.SendKeys(field(bot.BlockGoalMetric), "orders"),
			chromedp.SendKeys(field(bot.BlockGoalTarget), "30"),
			chromedp.SetValue(field(bot.BlockGoalDeadline), app.Clock.Now().AddDate(0, 2, 0).Format(time.DateOnly)),
			chromedp.Click(chromedp.CSS(modal+" [data-submit-view]")),
			chromedp.WaitVisible(chromedp.CSS(modal+`[data-depth="1"][data-callback-id="goals_list"]`)),
			waitText(modal, "2 goals"),
			waitText(modal, "Second goal"),
		)
		deleteSecond := `[...document.querySelectorAll('#modal-layer .bk-actions')].find(a => a.previousElementSibling.previousElementSibling.innerText.includes('Second goal')).querySelector('.bk-danger').click()`
		b.do(t, "delete it, answering the confirmation",
			chromedp.Evaluate[chromedp.Void](deleteSecond),
			waitText("#confirm-layer", "Delete this goal?"),
			chromedp.Click(chromedp.CSS("#confirm-no")),
			chromedp.WaitNotVisible(chromedp.CSS("#confirm-layer")),
			waitText(modal, "2 goals"),
			chromedp.Evaluate[chromedp.Void](deleteSecond),
			chromedp.Click(chromedp.CSS("#confirm-yes")),
			waitText(modal, "1 goal"),
			waitText("#messages", "Ana deleted the goal: Second goal"),
			chromedp.Click(chromedp.CSS(modal+" .modal-x")),
			chromedp.WaitNotPresent(chromedp.CSS(modal)),
		)
	})

	ok = ok && t.Run("Reminder", func(t *testing.T) {
		manifest, err := loadShortcuts(filepath.Join("..", "..", "manifest.yml"))
		if err != nil {
			t.Fatal(err)
		}
		queue := false
		for _, sc := range sandbox.MessageShortcuts(manifest) {
			queue = queue || sc.CallbackID == bot.ShortcutEngagementAdd
		}
		if !queue {
			t.Skip("manifest.yml has no engagement shortcut: no flow of the bot creates a reminder from the page")
		}
		modal := `#modal-layer .modal`
		item := `[...document.querySelectorAll('#messages .msg')].find(m => m.innerText.includes('Do you ship your coffee beans'))`
		b.do(t, "queue a mention for a reply from #social-feed",
			chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+sandbox.UserAna+`"]`)),
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelFeed+`"]`)),
			openMenu("Do you ship your coffee beans"),
			chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-shortcut[data-callback-id="`+bot.ShortcutEngagementAdd+`"]`)),
			chromedp.WaitVisible(chromedp.CSS(modal+`[data-callback-id="`+bot.CallbackEngagement+`"]`)),
			chromedp.SetValue(field(bot.BlockEngagementChannel), sandbox.ChannelSocial),
			chromedp.SetValue(field(bot.BlockEngagementNetwork), "instagram"),
			chromedp.SetValue(field(bot.BlockEngagementKind), "question"),
			chromedp.Click(chromedp.CSS(modal+" [data-submit-view]")),
			chromedp.WaitNotPresent(chromedp.CSS(modal)),
		)
		b.do(t, "see the item in #acme-social",
			chromedp.Click(chromedp.CSS(`.side-item[data-channel="`+sandbox.ChannelSocial+`"]`)),
			waitText("#messages", "Do you ship your coffee beans"),
		)
		// The reply clock starts when the follower wrote: at the sandbox's
		// start, a week ago on the page's clock. The reply is overdue at
		// once, and the owner is reminded in the item's thread at the next
		// tick, on time, not as a reminder missed while offline.
		b.do(t, "the overdue reminder appears in the item's thread",
			waitTrue(item+`.querySelector('.msg-replies')`),
			chromedp.Evaluate[chromedp.Void](item+`.querySelector('.msg-replies').click()`),
			chromedp.WaitVisible(chromedp.CSS(`#thread-messages button[data-action-id="`+bot.ActionEngagementReplied+`"]`)),
			waitText("#thread-messages", "@Ana"),
			waitTrue(`!document.querySelector('#thread-messages').innerText.includes('Late')`),
		)
		b.do(t, "mark it replied from the reminder",
			chromedp.Click(chromedp.CSS(`#thread-messages .msg:last-child button[data-action-id="`+bot.ActionEngagementReplied+`"]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`#thread-messages button[data-action-id="`+bot.ActionEngagementReplied+`"]`)),
			chromedp.Click(chromedp.CSS("#thread-close")),
		)
	})

	t.Logf("browser flows took %s", time.Since(started).Round(time.Millisecond))
}

// screenshot saves the README's picture: Ana in #acme-social, with the
// bot's help, the decision note and its thread, and the goals list modal
// that the clock test left open.
func screenshot(t *testing.T, b *browser, path string) {
	if !filepath.IsAbs(path) {
		path = filepath.Join("..", "..", path) // relative to the repository, not to cmd/planbot
	}
	b.do(t, "set the scene",
		chromedp.Click(chromedp.CSS("#modal-layer .modal-x")),
		chromedp.WaitNotPresent(chromedp.CSS("#modal-layer .modal")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#toast').hidden = true`),
		openMenu("Ana added a goal"),
		chromedp.Click(chromedp.CSS(`#messages .msg.menu-open .msg-menu [data-open-thread]`)),
		waitText("#thread-messages", "by Friday"),
		chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('.msg.menu-open').forEach(m => m.classList.remove('menu-open')); document.querySelectorAll('.msg-menu').forEach(m => m.hidden = true)`),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#messages').scrollTop = 1e6`),
	)
	b.do(t, "open the goals list",
		typeCommand("/plan goals"),
		chromedp.WaitVisible(chromedp.CSS(`#modal-layer .modal[data-callback-id="goals_list"]`)),
	)
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot saved to %s (%d bytes)", path, len(png))
}
