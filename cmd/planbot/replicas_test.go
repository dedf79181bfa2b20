package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// Replicas: several planbot processes, the real binary, on one database,
// each with its own Socket Mode connection to one fakeslack.

// builtPlanbot is the planbot binary the replica tests run, built once per
// test run by buildPlanbot and removed by TestMain.
var builtPlanbot struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// buildPlanbot builds this package into a temporary directory, once per
// test run, and returns the binary's path. It is built as it ships,
// without -race, whatever the tests run with: the replicas are the
// production binary, and three race-instrumented processes would not keep
// Slack's 3 s deadline on a shared 2-CPU machine.
func buildPlanbot(t *testing.T) string {
	t.Helper()
	builtPlanbot.once.Do(func() {
		dir, err := os.MkdirTemp("", "planbot-bin-")
		if err != nil {
			builtPlanbot.err = err
			return
		}
		builtPlanbot.dir = dir
		path := filepath.Join(dir, "planbot")
		cmd := exec.Command("go", "build", "-o", path, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			builtPlanbot.err = fmt.Errorf("go build: %v\n%s", err, out)
			return
		}
		builtPlanbot.path = path
	})
	if builtPlanbot.err != nil {
		t.Fatal(builtPlanbot.err)
	}
	return builtPlanbot.path
}

// TestMain removes the binary buildPlanbot built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtPlanbot.dir != "" {
		os.RemoveAll(builtPlanbot.dir)
	}
	os.Exit(code)
}

// replica is one planbot process.
type replica struct {
	ID     string
	Conn   int // its Socket Mode connection's number in fakeslack
	cmd    *exec.Cmd
	logs   *syncBuffer
	exited chan struct{}
	err    error // of Wait, once exited is closed
}

// startReplica starts the planbot binary as replica id on the database
// dsn, with env added, and waits until its socket is connected. Replicas
// started one after another get connections numbered in that order.
func startReplica(t *testing.T, bin string, srv *fakeslack.Server, dsn, id string, env ...string) *replica {
	t.Helper()
	r := &replica{ID: id, logs: &syncBuffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(bin, "run")
	r.cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"SLACK_APP_TOKEN=xapp-1-test", "SLACK_BOT_TOKEN=xoxb-test", "SLACK_API_URL=" + srv.APIURL(),
		"PLANBOT_DB=" + dsn, "PLANBOT_REPLICA_ID=" + id,
		"PLANBOT_LOG_LEVEL=info", "PLANBOT_LANG=en", "PLANBOT_TZ=UTC",
	}, env...)
	r.cmd.Stdout, r.cmd.Stderr = io.Discard, r.logs
	before := srv.ConnectCount()
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		r.err = r.cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() {
		_ = r.cmd.Process.Kill()
		<-r.exited
		if t.Failed() {
			t.Logf("replica %s, the end of its log:\n%s", id, tailBytes(r.logs.String(), 6000))
		}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	connected := make(chan error, 1)
	go func() { connected <- srv.WaitConnectCount(ctx, before+1) }()
	select {
	case err := <-connected:
		if err != nil {
			t.Fatalf("replica %s did not connect: %v\n%s", id, err, r.logs.String())
		}
	case <-r.exited:
		t.Fatalf("replica %s exited before connecting: %v\n%s", id, r.err, r.logs.String())
	}
	r.Conn = before + 1
	return r
}

// kill9 kills r with SIGKILL and waits until it is gone.
func (r *replica) kill9(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", r.ID, err)
	}
	<-r.exited
	if ws, ok := r.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
		t.Errorf("replica %s ended with %v, want killed by SIGKILL", r.ID, r.err)
	}
}

// stop sends SIGTERM and waits, at most timeout, for a clean exit.
func (r *replica) stop(t *testing.T, timeout time.Duration) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("stop %s: %v", r.ID, err)
	}
	select {
	case <-r.exited:
		if r.err != nil {
			t.Errorf("replica %s did not stop cleanly: %v", r.ID, r.err)
		}
	case <-time.After(timeout):
		t.Errorf("replica %s still running %v after SIGTERM", r.ID, timeout)
	}
}

// tailBytes returns the last n bytes of s, from a line start.
func tailBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
