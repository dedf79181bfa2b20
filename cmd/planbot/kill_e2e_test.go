package main

import (
	"context"
	"database/sql"
	"errors"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
)

// TestFault_KillWhilePosting runs the planbot command as a child process
// and kills it with SIGKILL while its post of a reminder, or of a
// decision note, hangs in fakeslack: before Slack posted it, or after.
// A new process on the same database posts it exactly once: it finds a
// post that reached Slack by its key in the channel's history, and makes
// the one that did not.
func TestFault_KillWhilePosting(t *testing.T) {
	for _, tc := range []struct {
		name        string
		afterEffect bool // Slack posted before the hang
	}{
		{"NotPosted", false},
		{"Posted", true},
	} {
		t.Run("Reminder"+tc.name, func(t *testing.T) {
			k := newKillFixture(t)
			// A measurement review due a minute ago, in a database the child
			// opens: its first tick posts it.
			db := storage.NewDB(k.dbPath)
			if err := db.Open(); err != nil {
				t.Fatal(err)
			}
			p, err := storage.NewPlanService(db).EnsurePlan(context.Background(), plan.Plan{TeamID: fakeslack.TeamID, ChannelID: chanMain, Name: "acme", TimeZone: "UTC", Language: "en"})
			if err == nil {
				_, err = storage.ScheduleReminders(context.Background(), db, []plan.Reminder{{PlanID: p.ID, Kind: plan.ReminderMeasurementReview,
					SubjectID: p.ID, Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: time.Now().Add(-time.Minute)}, ChannelID: chanMain}})
			}
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			k.srv.InjectFault("chat.postMessage", fakeslack.Fault{Hang: true, AfterEffect: tc.afterEffect})
			k.start()
			k.killWhileHanging()
			// The delivery was left sending, leased for 2 minutes: the test
			// ends the lease rather than wait for it.
			k.exec(`UPDATE reminder_deliveries SET lease_until = '2000-01-01T00:00:00.000000000Z'`)
			k.start()
			k.waitChecked() // the new process looks for the post first
			k.stop()        // and finishes the delivery before it exits
			k.wantOnce("reminder:")
			if got := k.query(`SELECT state FROM reminder_deliveries`); got != string(plan.DeliverySent) {
				t.Errorf("delivery %s, want sent", got)
			}
		})
		t.Run("Note"+tc.name, func(t *testing.T) {
			k := newKillFixture(t)
			k.start()
			k.srv.InjectFault("chat.postMessage", fakeslack.Fault{Hang: true, AfterEffect: tc.afterEffect})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if out, _ := goalFlow(ctx, k.srv, fakeslack.TeamID, userEN, chanMain, "Kept through kill -9"); out != flowSaved {
				t.Fatalf("goal flow ended %d, want saved", out)
			}
			k.killWhileHanging()
			// The note is in the outbox, leased for 10 minutes: the test ends
			// the lease rather than wait for it.
			k.exec(`UPDATE outbox SET lease_until = '2000-01-01T00:00:00.000000000Z'`)
			k.start()
			k.waitChecked()
			k.stop()
			k.wantOnce("note:")
			if got := k.query(`SELECT state FROM outbox`); got != string(plan.OutboxSent) {
				t.Errorf("outbox post %s, want sent", got)
			}
		})
	}
}

// killFixture is fakeslack, a database file, and the child planbot.
type killFixture struct {
	t      *testing.T
	srv    *fakeslack.Server
	dbPath string
	logs   *syncBuffer
	cmd    *exec.Cmd
	exited <-chan error
}

func newKillFixture(t *testing.T) *killFixture {
	t.Helper()
	srv, err := fakeslack.Start(fakeslack.Options{OnBreach: breachFails(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	srv.AddUser(fakeslack.User{ID: userEN, Name: "ana", Locale: "en-US", TZ: "UTC"})
	srv.AddChannel(fakeslack.Channel{ID: chanMain, Name: "acme-social", IsMember: true, Members: []string{userEN}})
	k := &killFixture{t: t, srv: srv, dbPath: filepath.Join(t.TempDir(), "planbot.db"), logs: &syncBuffer{}}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("child logs:\n%s", k.logs.String())
		}
	})
	return k
}

func (k *killFixture) start() {
	k.t.Helper()
	k.cmd, k.exited = startChild(k.t, k.srv, k.dbPath, k.logs)
}

// killWhileHanging waits until the child's chat.postMessage hangs in
// fakeslack, then kills the child with SIGKILL.
func (k *killFixture) killWhileHanging() {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := k.srv.WaitCall(ctx, "chat.postMessage", func(c fakeslack.Call) bool { return c.Status == 0 }); err != nil {
		k.t.Fatalf("no post hung: %v", err)
	}
	if err := k.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		k.t.Fatal(err)
	}
	select {
	case err := <-k.exited:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			k.t.Fatalf("child ended with %v, want killed", err)
		}
	case <-ctx.Done():
		k.t.Fatal("child still running after SIGKILL")
	}
}

// waitChecked waits until a process looked for a post in the channel's
// history.
func (k *killFixture) waitChecked() {
	k.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := k.srv.WaitCall(ctx, "conversations.history", nil); err != nil {
		k.t.Fatalf("the history was never checked: %v", err)
	}
}

// stop ends the child with SIGTERM, as a deployment does.
func (k *killFixture) stop() {
	k.t.Helper()
	if err := k.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		k.t.Fatal(err)
	}
	select {
	case err := <-k.exited:
		if err != nil {
			k.t.Errorf("child did not stop cleanly: %v", err)
		}
	case <-time.After(20 * time.Second):
		k.t.Fatal("child did not stop on SIGTERM")
	}
}

// wantOnce fails unless exactly one message of the channel carries a
// delivery key starting with prefix.
func (k *killFixture) wantOnce(prefix string) {
	k.t.Helper()
	n := 0
	for _, m := range k.srv.Messages(chanMain) {
		if m.Metadata != nil && strings.Contains(string(m.Metadata.EventPayload), `"key":"`+prefix) {
			n++
		}
	}
	k.t.Logf("%s: %d chat.postMessage requests (one killed while it hung), %d in the channel, lost %d, duplicated %d",
		prefix, len(k.srv.Calls("chat.postMessage")), n, max(0, 1-n), max(0, n-1))
	if n != 1 {
		k.t.Errorf("%d posts with a %s key in the channel, want exactly 1", n, prefix)
	}
}

// exec runs a statement on the database file, between two children.
func (k *killFixture) exec(stmt string) {
	k.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+k.dbPath+"?_busy_timeout=5000")
	if err != nil {
		k.t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		k.t.Fatal(err)
	}
}

// query returns the first column of the first row of a query.
func (k *killFixture) query(q string) string {
	k.t.Helper()
	db, err := sql.Open("sqlite3", "file:"+k.dbPath+"?_busy_timeout=5000")
	if err != nil {
		k.t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(q).Scan(&s); err != nil {
		k.t.Fatal(err)
	}
	return s
}
