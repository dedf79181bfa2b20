package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage/storagetest"
)

// migrateCmd runs planbot migrate with args and returns its exit status
// and output.
func migrateCmd(args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = run(context.Background(), append([]string{"migrate"}, args...), &out, &errs)
	return code, out.String(), errs.String()
}

// TestMigrate_EndToEnd builds a SQLite database by using the bot (goals, a
// persona, an experiment with its reminder, an event), stops it, copies
// the database with planbot migrate into an empty PostgreSQL database and
// starts Main on the copy: the plan is served as it was, the reminder
// fires from PostgreSQL, and a second copy into the same database is
// refused.
func TestMigrate_EndToEnd(t *testing.T) {
	storagetest.Postgres.Require(t)
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "Grow the newsletter "+evilTitle)
	h.addGoal(userFR, chanOther, "Vendre plus de pains")
	persona := h.addPersona(userEN, chanMain, "Sophie", "instagram")
	e := h.addExperiment(chanMain, "2026-11-30")
	p := h.planOf(chanMain)
	wantGoals := h.storedGoals(chanMain)
	h.stopMain()

	from, to := h.DBPath, storagetest.Postgres.EmptyDSN(t)
	code, out, errs := migrateCmd("--from", from, "--to", to)
	if code != 0 {
		t.Fatalf("planbot migrate: status %d\n%s%s", code, out, errs)
	}
	mustContain(t, "migrate output", out, "copied "+from, "goals ", "experiments ", "total ")
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "goals" && (f[1] != "2" || f[2] != "2") {
			t.Errorf("goals line %q, want 2 in both", line)
		}
	}

	h.DBPath = to
	h.startMain()
	if h.main.DB.Backend() != "postgres" {
		t.Fatalf("Main runs on %s, want postgres", h.main.DB.Backend())
	}
	got := h.storedGoals(chanMain)
	if len(got) != 1 || got[0].ID != wantGoals[0].ID || got[0].Title != wantGoals[0].Title || !got[0].Deadline.Equal(wantGoals[0].Deadline) {
		t.Fatalf("goals on PostgreSQL: %+v, want %+v", got, wantGoals)
	}
	if ps := h.storedPersonas(chanMain); len(ps) != 1 || ps[0].ID != persona.ID || ps[0].Name != "Sophie" {
		t.Fatalf("personas on PostgreSQL: %+v", ps)
	}
	if q := h.planOf(chanMain); q.ID != p.ID || q.TimeZone != p.TimeZone {
		t.Fatalf("plan on PostgreSQL: %+v, want %+v", q, p)
	}

	// The bot serves the copy: the goals list shows the stored goal, and a
	// new goal takes a new ID.
	list := h.openedView(h.command(userEN, chanMain, "goals").TriggerID)
	if list.CallbackID == bot.CallbackGoal {
		t.Fatal("/plan goals opened the new goal form: the copied goal is not served")
	}
	mustContain(t, "goals list", string(list.JSON), "Grow the newsletter")
	h.addGoal(userEN, chanNoBot, "Open a second shop")
	if g := h.storedGoals(chanNoBot); len(g) != 1 || g[0].ID != 3 || h.planOf(chanNoBot).ID != 3 {
		t.Fatalf("new goal in a new plan: %+v, want goal 3 of plan 3, after the copied IDs", g)
	}

	// The experiment's reminder, copied with its schedule, fires once.
	h.Clock.Set(time.Date(2026, 11, 30, 9, 0, 20, 0, time.UTC))
	n := h.posts(chanMain)
	h.tick()
	h.tick()
	h.posted(n, chanMain, bot.ActionExperimentResults)
	if got := h.posts(chanMain); got != n+1 {
		t.Fatalf("%d posts after two ticks, want one reminder", got-n)
	}
	if r := h.reminderOf(plan.ReminderExperimentEnd, e.ID); r.State != plan.ReminderDone {
		t.Errorf("reminder after firing: %s, want done", r.State)
	}

	// A second copy would overwrite a database in use: refused.
	h.stopMain()
	code, out, errs = migrateCmd("--from", from, "--to", to)
	if code != 1 || !strings.Contains(errs, "not empty") {
		t.Fatalf("second migrate: status %d, %q%q; want 1 and a refusal", code, out, errs)
	}
}

func TestMigrate_Usage(t *testing.T) {
	file := filepath.Join(t.TempDir(), "planbot.db")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"Help", []string{"-h"}, 0, "Usage: planbot migrate"},
		{"NoFlags", nil, 2, "--from is missing"},
		{"MissingFile", []string{"--from", filepath.Join(t.TempDir(), "nope.db"), "--to", "postgres://db.example/planbot"}, 2, "no such file"},
		{"TargetNotPostgres", []string{"--from", file, "--to", "other.db"}, 2, "--to must be a postgres:// URL"},
		{"SourcePostgres", []string{"--from", "postgres://a/b", "--to", "postgres://db.example/planbot"}, 2, "--from must be a SQLite file"},
		{"ExtraArgument", []string{"--from", file, "--to", "postgres://db.example/planbot", "now"}, 2, "unexpected arguments"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errs := migrateCmd(tt.args...)
			if code != tt.code || !strings.Contains(errs, tt.want) {
				t.Fatalf("planbot migrate %q: status %d, stderr %q; want %d and %q", tt.args, code, errs, tt.code, tt.want)
			}
		})
	}
}

// TestMigrate_Unreachable reports a target it cannot reach, with status
// 1 and no password in the message.
func TestMigrate_Unreachable(t *testing.T) {
	h := newHarness(t)
	h.addGoal(userEN, chanMain, "A goal")
	h.stopMain()
	code, _, errs := migrateCmd("--from", h.DBPath, "--to", "postgres://planbot:s3cret@127.0.0.1:1/planbot?connect_timeout=5")
	if code != 1 || strings.Contains(errs, "s3cret") || !strings.Contains(errs, "planbot:xxxxx@") {
		t.Fatalf("status %d, stderr %q; want 1, the URL without its password", code, errs)
	}
}
