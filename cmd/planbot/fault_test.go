package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/testclock"
	"github.com/planbot/planbot/plan"
)

// Fault tests: what planbot does when the socket drops, the process is
// killed, Slack rate-limits or fails, the database refuses writes, and
// what its debug logs hold. Each waits on conditions, never on sleeps, and
// is bounded by contexts.

// burstTeam is the team of the plans the burst tests create. Home lists
// every plan of the event's team with one count query each, so keeping
// hundreds of test plans out of it keeps these tests about faults, not
// about the cost of Home.
const burstTeam = "T0BURST"

// openedViewID returns the id of the view a successful views.open call
// opened.
func openedViewID(call fakeslack.Call) (string, bool) {
	var resp struct {
		OK   bool `json:"ok"`
		View struct {
			ID string `json:"id"`
		} `json:"view"`
	}
	if json.Unmarshal(call.Response, &resp) != nil || !resp.OK || resp.View.ID == "" {
		return "", false
	}
	return resp.View.ID, true
}

// storedTitles reads every goal title from the database file at path,
// with a connection of its own, after checking the file's integrity.
func storedTitles(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA quick_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("PRAGMA quick_check = %q, %v", check, err)
	}
	rows, err := db.Query(`SELECT title FROM goals`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	titles := map[string]bool{}
	for rows.Next() {
		var title string
		if err := rows.Scan(&title); err != nil {
			t.Fatal(err)
		}
		titles[title] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return titles
}

// burstSize scales the bursts down under -short.
func burstSize(full, short int) int {
	if testing.Short() {
		return short
	}
	return full
}

// burstTimeout bounds a burst test as a whole; like hangTimeout, it only
// catches a hang.
const burstTimeout = 5 * time.Minute

// TestFault_BurstWithSocketDrops sends a burst of 1,000 envelopes
// (app_home_opened events and goal flows, interleaved) while the socket is
// dropped twice and refreshed once. Every events_api envelope must be
// handled exactly once, however often it is redelivered; every goal flow
// must end saved, trying again where a drop lost it; and every goal whose
// submission was acked must be stored.
func TestFault_BurstWithSocketDrops(t *testing.T) {
	h := newHarness(t)
	// The bot gives up on a handler after 15 s. Under CI's load the
	// handlers queued on the one writing connection can wait longer, and
	// an event acked at once is then never handled. This test is about
	// drops, not about how long handlers queue: they get all the time
	// they need.
	h.Tune = func(m *Main) { m.Bot.HandlerTimeout = burstTimeout }
	h.restart()
	events, flows := burstSize(500, 200), burstSize(250, 100) // 2 envelopes per flow
	total := events + flows
	for i := range events {
		h.Slack.AddUser(fakeslack.User{ID: fmt.Sprintf("UEV%04d", i), Name: fmt.Sprintf("ev%d", i), Locale: "en-US", TZ: "UTC"})
	}
	for i := range flows {
		h.Slack.AddUser(fakeslack.User{ID: fmt.Sprintf("UGF%04d", i), Name: fmt.Sprintf("gf%d", i), Locale: "en-US", TZ: "UTC"})
		h.Slack.AddChannel(fakeslack.Channel{ID: fmt.Sprintf("CGF%04d", i), Name: fmt.Sprintf("gf-%d", i), IsMember: true})
	}
	faults := map[int]func(){total / 4: h.Slack.DropSockets, total / 2: h.Slack.RequestRefresh, 3 * total / 4: h.Slack.DropSockets}

	ctx, cancel := context.WithTimeout(context.Background(), burstTimeout)
	defer cancel()
	var (
		wg        sync.WaitGroup
		mu        sync.Mutex
		results   = make([]flowResult, flows)
		eventErrs []error
		resent    int
		sem       = make(chan struct{}, 48)
	)
	conns := h.Slack.ConnectCount()
	ev, fl := 0, 0
	for i := range total {
		if f := faults[i]; f != nil {
			f()
		}
		sem <- struct{}{}
		// Interleave: one flow for every two events.
		if (i%3 != 2 || fl == flows) && ev < events {
			id, user := fmt.Sprintf("EvBurst%04d", ev), fmt.Sprintf("UEV%04d", ev)
			ev++
			wg.Go(func() {
				defer func() { <-sem }()
				added, err := sendEventUntilAcked(ctx, h.Slack, id, appHomeOpened(user))
				mu.Lock()
				defer mu.Unlock()
				resent += added
				if err != nil {
					eventErrs = append(eventErrs, fmt.Errorf("%s: %w", id, err))
				}
			})
			continue
		}
		n := fl
		fl++
		wg.Go(func() {
			defer func() { <-sem }()
			r := saveGoal(ctx, h.Slack, burstTeam, fmt.Sprintf("UGF%04d", n), fmt.Sprintf("CGF%04d", n), burstTitle(n), nil)
			mu.Lock()
			results[n] = r
			mu.Unlock()
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		unsaved := 0
		for _, r := range results {
			if r.Outcome != flowSaved && r.Outcome != flowFoundSaved {
				unsaved++
			}
		}
		t.Fatalf("after %v, %d goal flows not saved and %d events not acked: something hangs", burstTimeout, unsaved, len(eventErrs))
	}
	if got := h.Slack.ConnectCount() - conns; got < 3 {
		t.Errorf("%d reconnects during the burst, want at least 3 (the faults did not happen)", got)
	}
	for _, err := range eventErrs {
		t.Errorf("event not acked: %v", err)
	}
	attempts := map[flowOutcome]int{}
	var acked, found []string
	for n, r := range results {
		for _, out := range r.Attempts {
			attempts[out]++
		}
		switch title := burstTitle(n); {
		case r.Outcome == flowSaved:
			acked = append(acked, title)
		case r.Outcome == flowFoundSaved:
			found = append(found, title)
			if r.NotSaved {
				t.Errorf("goal %q stored, although a submission of it was refused as not saved", title)
			}
		case r.Outcome == flowRefused:
			t.Errorf("valid goal %q refused: %s", title, r.Ack.Payload)
		default:
			t.Errorf("goal %q not saved after %d attempts %v", title, len(r.Attempts), r.Attempts)
		}
	}
	logs := h.Logs.String()
	t.Logf("%d events (%d deliveries added after Slack's retries), %d goal flows: %d saved, %d found saved after a lost ack; "+
		"attempts: %d lost, %d without modal, %d refused as not saved; %d sockets opened; the bot logged %d failed acks, %d failed views.open",
		events, resent, flows, len(acked), len(found), attempts[flowLost], attempts[flowNoModal], attempts[flowRefused], h.Slack.ConnectCount()-conns,
		strings.Count(logs, `msg="ack failed"`), strings.Count(logs, "msg=views.open"))

	h.stopMain() // drains the handlers in flight: the counts below are final
	stored := storedTitles(t, h.DBPath)
	for _, title := range acked {
		if !stored[title] {
			t.Errorf("acked decision %q not stored", title)
		}
	}
	for _, title := range found {
		if !stored[title] {
			t.Errorf("goal %q not stored, although /plan goals listed a goal in its channel", title)
		}
	}
	published := map[string]int{}
	for _, c := range h.Slack.Calls("views.publish") {
		published[c.Params.Get("user_id")]++
	}
	for i := range events {
		if user := fmt.Sprintf("UEV%04d", i); published[user] != 1 {
			t.Errorf("event EvBurst%04d handled %d times, want exactly once", i, published[user])
		}
	}
	if strings.Contains(h.Logs.String(), "handler panic") {
		t.Error("a handler panicked")
	}
}

func burstTitle(n int) string { return fmt.Sprintf("Burst goal %04d", n) }

// faultChildEnv makes the test binary run planbot instead of tests: see
// TestFaultHelperProcess.
const faultChildEnv = "PLANBOT_FAULT_CHILD"

// TestFaultHelperProcess is not a test: run by TestFault_KillDuringSubmissions
// as a child process with faultChildEnv set, it is the planbot command,
// configured by the environment, until it is killed or gets SIGTERM.
func TestFaultHelperProcess(t *testing.T) {
	if os.Getenv(faultChildEnv) != "1" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, []string{"run"}, io.Discard, os.Stderr))
}

// startChild starts planbot as a child process on dbPath and waits until
// it is connected.
func startChild(t *testing.T, srv *fakeslack.Server, dbPath string, logs io.Writer) (*exec.Cmd, <-chan error) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestFaultHelperProcess$")
	cmd.Env = append(os.Environ(), faultChildEnv+"=1",
		"SLACK_APP_TOKEN=xapp-1-test", "SLACK_BOT_TOKEN=xoxb-test", "SLACK_API_URL="+srv.APIURL(),
		"PLANBOT_DB="+dbPath, "PLANBOT_LOG_LEVEL=warn", "PLANBOT_LANG=en", "PLANBOT_TZ=UTC")
	cmd.Stdout, cmd.Stderr = logs, logs
	before := srv.ConnectCount()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
	})
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- srv.WaitConnectCount(ctx, before+1) }()
	select {
	case err := <-connected:
		if err != nil {
			t.Fatalf("child did not connect: %v", err)
		}
	case err := <-exited:
		t.Fatalf("child exited before connecting: %v", err)
	}
	return cmd, exited
}

// TestFault_KillDuringSubmissions runs planbot as a child process, sends it
// a burst of goal submissions and kills it with SIGKILL in the middle. The
// database must pass PRAGMA quick_check and hold every decision whose
// submission was acked; a new process on the same file must serve.
func TestFault_KillDuringSubmissions(t *testing.T) {
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	flows := burstSize(150, 60)
	for i := range flows {
		srv.AddUser(fakeslack.User{ID: fmt.Sprintf("UKL%04d", i), Name: fmt.Sprintf("kl%d", i), Locale: "en-US", TZ: "UTC"})
		srv.AddChannel(fakeslack.Channel{ID: fmt.Sprintf("CKL%04d", i), Name: fmt.Sprintf("kl-%d", i), IsMember: true})
	}
	dbPath := filepath.Join(t.TempDir(), "planbot.db")
	logs := &syncBuffer{}
	defer func() {
		if t.Failed() {
			t.Logf("child logs:\n%s", logs.String())
		}
	}()
	cmd, exited := startChild(t, srv, dbPath, logs)

	ctx, cancel := context.WithTimeout(context.Background(), burstTimeout)
	defer cancel()
	killAt := int64(flows / 3)
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		saved   []string
		nSaved  atomic.Int64
		killed  = make(chan struct{})
		killOne sync.Once
		sem     = make(chan struct{}, 16)
	)
	for i := range flows {
		sem <- struct{}{}
		select {
		case <-killed:
			<-sem
			continue // the rest would only wait for a dead process
		default:
		}
		wg.Go(func() {
			defer func() { <-sem }()
			title := fmt.Sprintf("Kill goal %04d", i)
			// Until the kill, a flow that did not go through is tried
			// again, so that the kill comes whatever the machine's load.
			r := saveGoal(ctx, srv, burstTeam, fmt.Sprintf("UKL%04d", i), fmt.Sprintf("CKL%04d", i), title, killed)
			if r.Outcome == flowRefused && !r.NotSaved {
				t.Errorf("valid goal %q refused: %s", title, r.Ack.Payload)
			}
			if r.Outcome != flowSaved {
				return
			}
			mu.Lock()
			saved = append(saved, title)
			mu.Unlock()
			if nSaved.Add(1) == killAt {
				killOne.Do(func() {
					if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
						t.Errorf("kill: %v", err)
					}
					close(killed)
				})
			}
		})
	}
	wg.Wait()
	select {
	case <-killed:
	default:
		t.Fatalf("only %d submissions saved in %v: the child was never killed", nSaved.Load(), burstTimeout)
	}
	select {
	case err := <-exited:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Errorf("child ended with %v, want killed by SIGKILL", err)
		}
	case <-ctx.Done():
		t.Fatal("child still running after SIGKILL")
	}

	stored := storedTitles(t, dbPath)
	mu.Lock()
	t.Logf("%d decisions acked before and around the kill, %d goals stored", len(saved), len(stored))
	for _, title := range saved {
		if !stored[title] {
			t.Errorf("acked decision %q lost by kill -9", title)
		}
	}
	mu.Unlock()

	// A new process recovers the file and serves: the goals list of a
	// channel whose goal was saved opens.
	cmd, exited = startChild(t, srv, dbPath, logs)
	var channel string
	fmt.Sscanf(saved[0], "Kill goal %s", &channel)
	if v := openGoalsList(ctx, t, srv, "UKL"+channel, "CKL"+channel); v.CallbackID != bot.CallbackGoalsList {
		t.Errorf("after restart /plan goals opened %q, want the goals list", v.CallbackID)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("restarted child did not stop cleanly: %v", err)
		}
	case <-ctx.Done():
		t.Fatal("restarted child did not stop on SIGTERM")
	}
}

// openGoalsList types /plan goals as user in channel until a modal opens,
// and returns it: the bot may fail to open one in time, and then says so.
func openGoalsList(ctx context.Context, t *testing.T, srv *fakeslack.Server, user, channel string) fakeslack.View {
	t.Helper()
	for ctx.Err() == nil {
		told := len(srv.Calls("chat.postEphemeral"))
		ack := mustSlash(t, srv, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: user, ChannelID: channel, TeamID: burstTeam})
		if v, ok := waitModal(ctx, srv, ack.TriggerID, user, channel, told); ok {
			return v
		}
	}
	t.Fatalf("/plan goals opened no modal: %v", ctx.Err())
	return fakeslack.View{}
}

func mustSlash(t *testing.T, srv *fakeslack.Server, c fakeslack.SlashCommand) fakeslack.Ack {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
	defer cancel()
	ack, err := srv.SlashCommand(ctx, c)
	if err != nil {
		t.Fatalf("/plan %s: %v", c.Text, err)
	}
	return ack
}

// TestFault_RateLimitsAndServerErrors makes views.open and users.info
// answer 429 (with Retry-After) and 5xx: the user is told when the form
// could not open, the bot falls back to defaults without users.info, and
// it goes on serving.
func TestFault_RateLimitsAndServerErrors(t *testing.T) {
	h := newHarness(t)
	var seq atomic.Int64
	newUser := func() (string, string) {
		n := seq.Add(1)
		user, channel := fmt.Sprintf("URL%04d", n), fmt.Sprintf("CRL%04d", n)
		h.Slack.AddUser(fakeslack.User{ID: user, Name: user, Locale: "fr-FR", TZ: "Europe/Paris"})
		h.Slack.AddChannel(fakeslack.Channel{ID: channel, Name: strings.ToLower(channel), IsMember: true})
		return user, channel
	}
	// storm runs n /plan goals at once and returns each user's channel.
	storm := func(t *testing.T, n int) map[string]string {
		t.Helper()
		users := map[string]string{}
		var wg sync.WaitGroup
		var mu sync.Mutex
		for range n {
			user, channel := newUser()
			users[user] = channel
			wg.Go(func() {
				ctx, cancel := context.WithTimeout(context.Background(), hangTimeout)
				defer cancel()
				ack, err := h.Slack.SlashCommand(ctx, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: user, ChannelID: channel})
				mu.Lock()
				defer mu.Unlock()
				if err != nil || len(ack.Payload) != 0 {
					t.Errorf("command of %s not acked empty: %v %s", user, err, ack.Payload)
				}
			})
		}
		wg.Wait()
		return users
	}
	toldEveryone := func(t *testing.T, users map[string]string) {
		t.Helper()
		for user, channel := range users {
			c := h.waitCall("chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("user") == user })
			if c.Params.Get("channel") != channel {
				t.Errorf("%s told in %s, want %s", user, c.Params.Get("channel"), channel)
			}
			// These users are French: the bot read their locale.
			mustContain(t, "ephemeral", c.Params.Get("text"), "Je n'ai pas pu ouvrir le formulaire")
		}
	}

	t.Run("ViewsOpen429Storm", func(t *testing.T) {
		const n = 12
		h.Slack.InjectFault("views.open", fakeslack.Fault{Status: 429, RetryAfter: 30, Times: n})
		toldEveryone(t, storm(t, n))
	})
	t.Run("ViewsOpen5xx", func(t *testing.T) {
		h.Slack.InjectFault("views.open", fakeslack.Fault{Status: 503, Times: 2})
		h.Slack.InjectFault("views.open", fakeslack.Fault{Status: 500, Times: 2})
		toldEveryone(t, storm(t, 4))
	})
	t.Run("ViewsOpenSlow", func(t *testing.T) {
		// Slack answers after the trigger expired: the bot gives up at 3 s
		// and tells the user rather than leaving them waiting.
		h.Slack.InjectFault("views.open", fakeslack.Fault{Delay: 4 * time.Second, Times: 1})
		toldEveryone(t, storm(t, 1))
	})
	for _, tc := range []struct {
		fault fakeslack.Fault
		title string
	}{
		// A Retry-After longer than the second users.info gets: the form
		// opens at once, in the default language.
		{fakeslack.Fault{Status: 429, RetryAfter: 30, Times: 4}, "New goal"},
		// users.info is idempotent: after a 502 it is asked again, and the
		// form opens in the user's language, French.
		{fakeslack.Fault{Status: 502, Times: 4}, "Nouvel objectif"},
	} {
		t.Run(fmt.Sprintf("UsersInfo%d", tc.fault.Status), func(t *testing.T) {
			// users.info fails for each of the 4 new users, once each.
			h.Slack.InjectFault("users.info", tc.fault)
			users := storm(t, tc.fault.Times)
			for user := range users {
				c := h.waitCall("views.open", func(c fakeslack.Call) bool {
					return strings.Contains(c.Params.Get("view"), `"initial_user":"`+user+`"`)
				})
				mustContain(t, "modal after users.info failed", c.Params.Get("view"), tc.title)
			}
		})
	}
	t.Run("PostMessage429NoDuplicate", func(t *testing.T) {
		user, channel := newUser()
		h.Slack.InjectFault("chat.postMessage", fakeslack.Fault{Status: 429, RetryAfter: 1, Times: 1})
		ack := h.command(user, channel, "goals")
		view := h.openedView(ack.TriggerID)
		if errs := ackErrors(t, h.submit(user, view.ID, goalValues("Noted once"))); errs != nil {
			t.Fatalf("goal refused: %v", errs)
		}
		// The decision is stored; the note is posted once, after Retry-After.
		h.stopMain()
		if !storedTitles(t, h.DBPath)["Noted once"] {
			t.Error("goal not stored after a 429 on its note")
		}
		posted := 0
		for _, c := range h.Slack.Calls("chat.postMessage") {
			if c.Params.Get("channel") == channel && c.Status == 200 {
				posted++
			}
		}
		if posted != 1 {
			t.Errorf("note posted %d times after a 429, want once: waited out, not lost, not doubled", posted)
		}
		h.startMain()
	})
	t.Run("StillServes", func(t *testing.T) {
		user, channel := newUser()
		ack := h.command(user, channel, "goals")
		if v := h.openedView(ack.TriggerID); v.CallbackID != bot.CallbackGoal {
			t.Errorf("after the faults /plan goals opened %q", v.CallbackID)
		}
	})
	if strings.Contains(h.Logs.String(), "handler panic") {
		t.Error("a handler panicked")
	}
}

// setQueryOnly makes the bot's writing connection refuse every write, as
// a read-only database file does (SQLITE_READONLY). chmod cannot do it:
// tests run as root in CI, and root ignores file modes. The connection
// stays so until Main is restarted.
func setQueryOnly(t *testing.T, m *Main) {
	t.Helper()
	tx, err := m.DB.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("PRAGMA query_only = 1"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// notSavedText is what the user reads when a decision was not stored.
const notSavedText = "was not saved"

func TestFault_ReadOnlyDatabase(t *testing.T) {
	h := newHarness(t)
	ack := h.command(userEN, chanMain, "goals")
	view := h.openedView(ack.TriggerID)
	setQueryOnly(t, h.main)

	sub := h.submit(userEN, view.ID, goalValues("Never stored"))
	errs := ackErrors(t, sub)
	mustContain(t, "submission ack", errs[bot.BlockGoalTitle], notSavedText)
	if open := h.Slack.OpenViews(userEN); len(open) != 1 {
		t.Errorf("the form closed although nothing was saved: %v", open)
	}
	// Commands, actions and events are still acked.
	if help := h.command(userEN, chanMain, "help"); !strings.Contains(string(help.Payload), "1. Goals") {
		t.Errorf("help not answered: %s", help.Payload)
	}
	if ack, err := h.Slack.SendEvent(h.ctx(), "EvRO1", appHomeOpened(userEN), 0); err != nil || ack.EnvelopeID == "" {
		t.Errorf("event not acked: %v", err)
	}
	// A first /plan in a new channel cannot create its plan: the user is told.
	h.command(userEN, chanOther, "goals")
	eph := h.waitCall("chat.postEphemeral", func(c fakeslack.Call) bool { return c.Params.Get("channel") == chanOther })
	if eph.Params.Get("text") == "" {
		t.Error("empty ephemeral")
	}

	mustContain(t, "logs", h.Logs.String(), "readonly database")
	h.restart() // a writable connection again
	if errs := ackErrors(t, h.submit(userEN, view.ID, goalValues("Stored once writable"))); errs != nil {
		t.Fatalf("after the database came back: %v", errs)
	}
	h.stopMain()
	stored := storedTitles(t, h.DBPath)
	if stored["Never stored"] || !stored["Stored once writable"] {
		t.Errorf("stored %v", stored)
	}
	if strings.Contains(h.Logs.String(), "handler panic") {
		t.Error("a handler panicked")
	}
}

// TestFault_DiskFull puts the database on a small tmpfs and fills it. It
// needs mount(2), so root: it is skipped, saying so, where mount fails.
func TestFault_DiskFull(t *testing.T) {
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot simulate a full disk without mounting a small tmpfs (needs root): %v: %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v: %s", dir, err, out)
		}
	})
	h := newHarnessAt(t, filepath.Join(dir, "planbot.db"))
	ack := h.command(userEN, chanMain, "goals")
	view := h.openedView(ack.TriggerID)

	filler := filepath.Join(dir, "filler")
	fillDisk(t, filler)
	learn := strings.Repeat("x", plan.MaxGoalLearnLen)
	var saved []string
	full := false
	for i := 0; i < 200 && !full; i++ {
		title := fmt.Sprintf("Disk goal %03d", i)
		v := goalValues(title)
		v[bot.BlockGoalLearn][bot.ActionInput] = learn
		errs := ackErrors(t, h.submit(userEN, view.ID, v))
		switch {
		case errs == nil:
			saved = append(saved, title)
			// An empty ack closed the form: open another.
			view = h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
			if view.CallbackID == bot.CallbackGoalsList {
				view = h.pushedGoalForm(view)
			}
		case strings.Contains(errs[bot.BlockGoalTitle], notSavedText):
			full = true
		default:
			t.Fatalf("unexpected field errors: %v", errs)
		}
	}
	if !full {
		t.Fatalf("%d goals saved on a full disk and none refused", len(saved))
	}
	if help := h.command(userEN, chanMain, "help"); !strings.Contains(string(help.Payload), "1. Goals") {
		t.Errorf("help not answered on a full disk: %s", help.Payload)
	}
	mustContain(t, "logs", h.Logs.String(), "database or disk is full")
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if errs := ackErrors(t, h.submit(userEN, view.ID, goalValues("After space came back"))); errs != nil {
		t.Fatalf("after space came back: %v", errs)
	}
	h.stopMain()
	stored := storedTitles(t, h.DBPath)
	for _, title := range append(saved, "After space came back") {
		if !stored[title] {
			t.Errorf("acked decision %q not stored", title)
		}
	}
	if strings.Contains(h.Logs.String(), "handler panic") {
		t.Error("a handler panicked")
	}
}

// fillDisk writes path until the file system is full.
func fillDisk(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for range 1 << 20 {
		if _, err := f.Write(buf); err != nil {
			if errors.Is(err, syscall.ENOSPC) {
				return
			}
			t.Fatal(err)
		}
	}
	t.Fatal("the file system never filled")
}

// pushedGoalForm clicks Add goal on the goals list and returns the form
// pushed over it.
func (h *harness) pushedGoalForm(list fakeslack.View) fakeslack.View {
	h.t.Helper()
	pushes := len(h.Slack.Calls("views.push"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionGoalAdd, ViewID: list.ID})
	return h.viewOfResponse(h.waitCallAfter(pushes, "views.push", nil))
}

// newHarnessAt is newHarness with the database file at dbPath.
func newHarnessAt(t *testing.T, dbPath string) *harness {
	t.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{PingInterval: 5 * time.Second, AckTimeout: 2 * time.Second, TriggerTTL: hangTimeout, OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", RealName: "Ana", Locale: "en-US", TZ: "Europe/London"})
	srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true})
	h := &harness{
		t:      t,
		Slack:  srv,
		Clock:  testclock.New(time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)),
		DBPath: dbPath,
		Logs:   &syncBuffer{},
	}
	t.Cleanup(func() {
		h.stopMain()
		srv.Close()
		if t.Failed() {
			t.Logf("bot logs:\n%s", h.Logs.String())
		}
	})
	h.startMain()
	return h
}

// TestSecrets_NotInDebugLogs runs the planbot command with
// PLANBOT_LOG_LEVEL=debug through connect, a goal, a dropped socket, a
// refresh, a failed apps.connections.open and shutdown: its logs must not
// hold a token or a Socket Mode connection ticket.
func TestSecrets_NotInDebugLogs(t *testing.T) {
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", Locale: "en-US", TZ: "Europe/London"})
	srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true})
	const appTok, botTok = "xapp-1-A0001-secretapp", "xoxb-1-secretbot"
	t.Setenv("SLACK_APP_TOKEN", appTok)
	t.Setenv("SLACK_BOT_TOKEN", botTok)
	t.Setenv("SLACK_API_URL", srv.APIURL())
	t.Setenv("PLANBOT_DB", filepath.Join(t.TempDir(), "planbot.db"))
	t.Setenv("PLANBOT_LOG_LEVEL", "debug")
	t.Setenv("PLANBOT_LANG", "en")
	t.Setenv("PLANBOT_TZ", "UTC")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	code := make(chan int, 1)
	go func() { code <- run(ctx, nil, io.Discard, &logs) }()
	wctx, wcancel := context.WithTimeout(context.Background(), hangTimeout)
	defer wcancel()
	if err := srv.WaitConnected(wctx); err != nil {
		t.Fatal(err)
	}

	if r := saveGoal(wctx, srv, fakeslack.TeamID, userEN, chanMain, "Secret-free goal", nil); r.Outcome != flowSaved && r.Outcome != flowFoundSaved {
		t.Fatalf("goal flow ended %v after attempts %v: %s", r.Outcome, r.Attempts, r.Ack.Payload)
	}
	if _, err := srv.WaitCall(wctx, "chat.postMessage", nil); err != nil {
		t.Fatal(err)
	}
	for _, fault := range []func(){srv.DropSockets, srv.RequestRefresh} {
		n := srv.ConnectCount()
		fault()
		if err := srv.WaitConnectCount(wctx, n+1); err != nil {
			t.Fatal(err)
		}
	}
	// One failed reconnect: the error path logs too.
	n := srv.ConnectCount()
	srv.InjectFault("apps.connections.open", fakeslack.Fault{Status: 500, Times: 1})
	srv.DropSockets()
	if err := srv.WaitConnectCount(wctx, n+1); err != nil {
		t.Fatal(err)
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit status %d", c)
	}

	out := logs.String()
	if !strings.Contains(out, "level=DEBUG") {
		t.Fatalf("no debug lines: the test did not run at debug level:\n%s", out)
	}
	secrets := []string{appTok, botTok, "xoxb-", "xapp-"}
	opens := srv.Calls("apps.connections.open")
	for _, c := range opens {
		var r struct {
			URL string `json:"url"`
		}
		if json.Unmarshal(c.Response, &r) == nil && r.URL != "" {
			_, ticket, _ := strings.Cut(r.URL, "ticket=")
			secrets = append(secrets, ticket, r.URL)
		}
	}
	if len(secrets) < 4+2*3 {
		t.Fatalf("only %d connection tickets seen", (len(secrets)-4)/2)
	}
	for _, s := range secrets {
		if s != "" && strings.Contains(out, s) {
			t.Errorf("debug logs contain a secret %q", s[:min(len(s), 12)]+"…")
		}
	}
	if strings.Contains(out, "ticket=") {
		t.Error("debug logs contain a connection ticket parameter")
	}
}
