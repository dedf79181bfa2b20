package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/internal/fixture"
	"github.com/planbot/planbot/internal/slacktest"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

// End-to-end tests of "open first, fill after" (issue 14): a slow screen
// opens a light modal with the trigger at once, then fills it.

// gatedSnapshots holds every PlanSnapshot until the test says what it
// returns: a read as slow as the test wants, without a clock.
type gatedSnapshots struct {
	plan.SnapshotService
	entered chan struct{} // a PlanSnapshot is waiting
	release chan error    // nil: the real snapshot; else this error
}

func newGatedSnapshots(s plan.SnapshotService) *gatedSnapshots {
	return &gatedSnapshots{SnapshotService: s, entered: make(chan struct{}, 16), release: make(chan error)}
}

// PlanSnapshot waits for the test's release.
func (g *gatedSnapshots) PlanSnapshot(ctx context.Context, id int64) (*plan.PlanSnapshot, error) {
	g.entered <- struct{}{}
	select {
	case err := <-g.release:
		if err != nil {
			return nil, err
		}
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return g.SnapshotService.PlanSnapshot(ctx, id)
}

// gate restarts the harness's Main with its snapshots held by the gate
// it returns.
func (h *harness) gate() *gatedSnapshots {
	h.t.Helper()
	var g *gatedSnapshots
	h.Tune = func(m *Main) {
		g = newGatedSnapshots(m.Bot.Snapshots)
		m.Bot.Snapshots = g
	}
	h.restart()
	return g
}

// loadingOpened runs /plan text and returns the light modal opened with
// its trigger, once the screen's snapshot is being read (and held).
func (h *harness) loadingOpened(g *gatedSnapshots, user, text string) fakeslack.View {
	h.t.Helper()
	trigger := h.command(user, chanMain, text).TriggerID
	v := h.viewOfResponse(h.waitCall("views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == trigger }))
	select {
	case <-g.entered:
	case <-h.ctx().Done():
		h.t.Fatalf("/plan %s read no snapshot", text)
	}
	if v.CallbackID != bot.CallbackLoading {
		h.t.Fatalf("/plan %s opened %s first, not the light modal", text, v.CallbackID)
	}
	// The snapshot is held: nothing can have filled the modal yet.
	if n := len(h.updatesOf(v.ID)); n != 0 {
		h.t.Fatalf("the light modal was updated %d times before its snapshot was read", n)
	}
	return v
}

// updatesOf returns the views.update calls of viewID so far.
func (h *harness) updatesOf(viewID string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range h.Slack.Calls("views.update") {
		if c.Params.Get("view_id") == viewID {
			out = append(out, c)
		}
	}
	return out
}

// TestOpenFirst_SlowScreens opens step 9's review and step 8 while their
// snapshot is held: each opens the light modal with the trigger, in the
// user's language, and is filled in the same modal once the read is done,
// over the light modal's hash.
func TestOpenFirst_SlowScreens(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		h.addGoal(userEN, chanMain, "Grow signups")
		g := h.gate()
		for _, c := range []struct {
			user, text, callback string
			loading              []string // the title and the line, in the user's language
			filled               string   // in the filled modal
		}{
			{userEN, "review", bot.CallbackAdapt, []string{`"Adapt"`, "Reading the plan…"}, "Do more of what works"},
			{userFR, "measure", bot.CallbackMeasure, []string{`"Mesurer"`, "Lecture du plan…"}, "Grow signups"},
		} {
			t.Run(c.text, func(t *testing.T) {
				loading := h.loadingOpened(g, c.user, c.text)
				mustContain(t, "light modal", slacktest.Unescape(loading.JSON), c.loading...)
				g.release <- nil
				filled := h.filledView(loading.ID)
				if filled.CallbackID != c.callback {
					t.Fatalf("filled with %s, want %s", filled.CallbackID, c.callback)
				}
				mustContain(t, "filled modal", slacktest.Unescape(filled.JSON), c.filled)
				up := h.updatesOf(loading.ID)
				if len(up) != 1 {
					t.Fatalf("%d updates of the light modal, want 1", len(up))
				}
				if got := up[0].Params.Get("hash"); got != loading.Hash {
					t.Errorf("filled over hash %q, want the light modal's %q", got, loading.Hash)
				}
			})
		}
	})
}

// TestOpenFirst_FillFails: when the screen cannot be read, the modal
// says so in the user's language, never left loading; nothing is stored.
func TestOpenFirst_FillFails(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	g := h.gate()
	for _, c := range []struct {
		user, text string
		err        error
		want       string
	}{
		{userEN, "review", errors.New("disk on fire"), "Something went wrong on our side and it was logged."},
		{userFR, "measure", plan.Errorf(plan.ENOTFOUND, "plan gone"), "Cet élément n'existe plus"},
	} {
		t.Run(c.text, func(t *testing.T) {
			loading := h.loadingOpened(g, c.user, c.text)
			g.release <- c.err
			failed := h.filledView(loading.ID)
			raw := slacktest.Unescape(failed.JSON)
			if failed.CallbackID != bot.CallbackLoading || !strings.Contains(raw, "loading_failed") {
				t.Fatalf("the failed fill drew %s:\n%s", failed.CallbackID, raw)
			}
			mustContain(t, "failed modal", raw, c.want)
			if strings.Contains(raw, "Reading the plan") || strings.Contains(raw, "Lecture du plan") {
				t.Errorf("the failed modal still says it is loading:\n%s", raw)
			}
		})
	}
	if ds := h.storedDecisions(h.planOf(chanMain)); len(ds) != 0 {
		t.Errorf("%d decisions stored", len(ds))
	}
}

// TestOpenFirst_ReviewOfTheSmallFixture opens /plan review on the scale
// fixture at 1/50 (internal/fixture: 20 goals, 2,000 results, 100 content
// items): the light modal opens with the trigger, then the same modal is
// filled with the review: its period, the plan's networks and the shares
// of its matrix.
func TestOpenFirst_ReviewOfTheSmallFixture(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		h := newHarnessOn(t, backend)
		h.stopMain()
		db := storage.NewDB(h.DBPath)
		if err := db.Open(); err != nil {
			t.Fatal(err)
		}
		fx, err := fixture.Build(context.Background(), db, fixture.Options{Size: fixture.Big.Scale(1.0 / 50), Now: h.Clock.Now()})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		h.Slack.AddUser(fakeslack.User{ID: fixture.HomeUser, Name: "owner", RealName: "Owner", Locale: "en-US", TZ: fixture.TimeZone})
		h.Slack.AddChannel(fakeslack.Channel{ID: fixture.ChannelID, Name: "big-plan", IsMember: true, Members: []string{fixture.HomeUser}})
		h.startMain()

		ack, err := h.Slack.SlashCommand(h.ctx(), fakeslack.SlashCommand{
			Command: "/plan", Text: "review", UserID: fixture.HomeUser, ChannelID: fixture.ChannelID, TeamID: fixture.TeamID,
		})
		if err != nil {
			t.Fatal(err)
		}
		open := h.waitCall("views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == ack.TriggerID })
		var opened struct {
			View struct{ ID, CallbackID string } `json:"view"`
		}
		if err := json.Unmarshal(open.Response, &opened); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(open.Params.Get("view"), bot.CallbackLoading) {
			t.Fatalf("/plan review opened first %s", open.Params.Get("view"))
		}
		filled := h.filledView(opened.View.ID)
		if filled.CallbackID != bot.CallbackAdapt {
			t.Fatalf("filled with %s", filled.CallbackID)
		}
		if want := fmt.Sprintf(`"p":%d,`, fx.PlanID); !strings.Contains(filled.PrivateMetadata, want) {
			t.Errorf("the review is of %s, want the big plan %d", filled.PrivateMetadata, fx.PlanID)
		}
		raw := slacktest.Unescape(filled.JSON)

		// The period: the last 30 days in the plan's zone. The harness's
		// now is Nov 25, 2026 09:00 UTC, 10:00 in Paris; 30 days back is
		// Oct 26.
		mustContain(t, "review", raw, "Figures since Oct 26, 2026.")
		// Each kind of goal's column of the matrix shares out 100 % among
		// the networks (to the rounding of one decimal each): the shares
		// add up to 100 % times the number of columns.
		var sum float64
		shares := regexp.MustCompile(`(\d+\.\d)%`).FindAllStringSubmatch(raw[:strings.Index(raw, "adapt_matrix")], -1)
		for _, m := range shares {
			v, err := strconv.ParseFloat(m[1], 64)
			if err != nil {
				t.Fatal(err)
			}
			sum += v
		}
		cols := math.Round(sum / 100)
		if slack := 0.05 * float64(len(shares)); len(shares) == 0 || cols < 1 || math.Abs(sum-100*cols) > slack {
			t.Errorf("the matrix shares %v sum to %.1f%%, not a multiple of 100%%:\n%s", shares, sum, raw)
		}
	})
}

// TestOpenFirst_TriggerLost: when Slack does not open the light modal
// (its trigger expired), the review is computed all the same and the user
// gets a button that opens it, filled, with a fresh trigger: not the
// light modal, which nothing would fill.
func TestOpenFirst_TriggerLost(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	eph := len(h.Slack.Calls("chat.postEphemeral"))
	h.Slack.InjectFault("views.open", fakeslack.Fault{Error: "expired_trigger_id"})
	h.command(userEN, chanMain, "review")
	told := h.waitCallAfter(eph, "chat.postEphemeral", nil)
	mustContain(t, "ephemeral", told.Params.Get("text"), "could not open the form in time")
	opens := len(h.Slack.Calls("views.open"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionReopenView, Value: buttonValue(t, told.Params.Get("blocks"), bot.ActionReopenView),
		ChannelID: chanMain, BlockID: "delivery_reopen"})
	v := h.viewOfResponse(h.waitCallAfter(opens, "views.open", nil))
	if v.CallbackID != bot.CallbackAdapt {
		t.Fatalf("the button opened %q, want the review", v.CallbackID)
	}
	mustContain(t, "review", slacktest.Unescape(v.JSON), "Do more of what works")
}

// TestOpenFirst_ReviewFromMeasure: the review button of the measure modal
// pushes the light modal over it, then fills the pushed modal; the
// measure modal underneath is left as it was.
func TestOpenFirst_ReviewFromMeasure(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow signups")
	measure := h.openedView(h.command(userEN, chanMain, "measure").TriggerID)
	p := h.planOf(chanMain)
	pushes := len(h.Slack.Calls("views.push"))
	h.click(fakeslack.Click{UserID: userEN, ActionID: bot.ActionAdaptStart, Value: strconv.FormatInt(p.ID, 10), ViewID: measure.ID})
	pushed := h.viewOfResponse(h.waitCallAfter(pushes, "views.push", nil))
	if pushed.ID == measure.ID {
		t.Fatal("the review replaced the measure modal")
	}
	filled := h.filledView(pushed.ID)
	if filled.CallbackID != bot.CallbackAdapt {
		t.Fatalf("the pushed modal was filled with %s", filled.CallbackID)
	}
	if n := len(h.updatesOf(measure.ID)); n != 1 { // its own fill only
		t.Errorf("the measure modal was updated %d times, want 1", n)
	}
}
