// Command planbench measures planbot against a bare slack-go bot (the
// floor) and an equivalent app written with Slack's Bolt for JavaScript,
// in one run, against one in-process fakeslack, over the real Socket Mode
// socket on loopback. Each subject runs as its own child process, one
// after the other (fakeslack spreads envelopes over every connected
// socket), so RSS and CPU are per subject.
//
// Usage, from the repository root:
//
//	(cd bench/bolt && npm ci)   # once, for the Bolt subject
//	go run ./cmd/planbench [-rates 50,200,1000] [-step 5s] [-knee=true] [-o results.md]
//	go run ./cmd/planbench -reminders [-rem-n 10000] [-rem-channels 1000] [-rem-limit 1s]
//	go run ./cmd/planbench -subjects planbot,pg1,pg2,pg3 -pg postgres://...   # replicas
//	go run ./cmd/planbench -reminders -rem-subjects sqlite,pg3 -pg postgres://...
//
// A subject pgN is planbot run as N replicas on one PostgreSQL database,
// created for each run on the server -pg names (PLANBOT_TEST_POSTGRES by
// default; .ci/postgres starts one, with PLANBOT_PG_DURABLE=1 for
// PostgreSQL's own durability), each replica with its own socket, so that
// fakeslack spreads the envelopes across them.
//
// Each flow is one user typing /plan goals in a channel of their own and
// submitting a valid goal: two envelopes. At R envelopes per second the
// flows start every 2/R seconds, open loop. Everything is bounded: each
// flow by 10 s, each step by its duration plus the drain, the search for
// the rate at which ack p99 passes 100 ms by -knee-budget per subject.
//
// With -reminders it measures reminder lateness instead (reminders.go):
// 10,000 reminders due at the same instant across 1,000 channels, posted
// by planbot through fakeslack's limit of one message per second per
// channel, against the floor that limit sets.
package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

type options struct {
	Rates      []float64
	Step       time.Duration
	Idle       time.Duration
	Knee       bool
	KneeStep   time.Duration
	KneeBudget time.Duration
	KneeMax    float64
	Subjects   []string
	BoltDir    string
	Out        string
	Keep       bool
	Rounds     int
	Reminders  bool
	Rem        remOptions
	// Postgres is the server on which the pgN subjects' databases are
	// created.
	Postgres string
}

// envPostgres names the environment variable -pg defaults to: the server
// .ci/postgres starts.
const envPostgres = "PLANBOT_TEST_POSTGRES"

func main() {
	log.SetFlags(0)
	log.SetPrefix("planbench: ")
	var o options
	rates := flag.String("rates", "50,200,1000", "comma-separated envelope rates per second, in order")
	flag.DurationVar(&o.Step, "step", 5*time.Second, "duration of each rate step")
	flag.DurationVar(&o.Idle, "idle", 2*time.Second, "wait after connecting before reading idle RSS")
	flag.BoolVar(&o.Knee, "knee", true, "search the rate at which ack p99 passes 100 ms")
	flag.DurationVar(&o.KneeStep, "knee-step", 3*time.Second, "duration of each step of the knee search")
	flag.DurationVar(&o.KneeBudget, "knee-budget", 40*time.Second, "time bound of the knee search, per subject")
	flag.Float64Var(&o.KneeMax, "knee-max", 16000, "highest rate the knee search tries")
	subjects := flag.String("subjects", "bare,planbot,bolt", "subjects to run, in order: bare, planbot (on SQLite), bolt, pgN (N planbot replicas on one PostgreSQL database)")
	flag.StringVar(&o.Postgres, "pg", os.Getenv(envPostgres), "PostgreSQL server URL on which the pgN subjects' databases are created (default $"+envPostgres+")")
	remSubjects := flag.String("rem-subjects", "sqlite", "-reminders: runs, in order: sqlite (one process), pgN (N replicas on one PostgreSQL database of -pg)")
	flag.StringVar(&o.BoltDir, "bolt-dir", "bench/bolt", "directory of the Bolt app, with node_modules installed")
	flag.StringVar(&o.Out, "o", "", "also write the report to this file")
	flag.BoolVar(&o.Keep, "keep", false, "keep the temporary directory (binaries, databases, logs)")
	flag.IntVar(&o.Rounds, "rounds", 1, "run every subject this many times, alternating, and report the median round of each step (the knee search runs in the last round)")
	flag.BoolVar(&o.Reminders, "reminders", false, "measure reminder lateness instead: -rem-n reminders due at the same instant across -rem-channels channels, posted by planbot through fakeslack's per-channel limit")
	flag.IntVar(&o.Rem.N, "rem-n", 10_000, "-reminders: reminders due at once")
	flag.IntVar(&o.Rem.Channels, "rem-channels", 1_000, "-reminders: plans, one channel each; the reminders are spread evenly")
	flag.DurationVar(&o.Rem.Limit, "rem-limit", time.Second, "-reminders: fakeslack's least interval between two chat.postMessage to one channel (0: no limit)")
	flag.DurationVar(&o.Rem.Timeout, "rem-timeout", 10*time.Minute, "-reminders: give up this long after the due time")
	flag.DurationVar(&o.Rem.Lead, "rem-lead", 10*time.Second, "-reminders: the due time is this long after the preparation starts (it must end before planbot starts)")
	flag.DurationVar(&o.Rem.StartBefore, "rem-start-before", 2500*time.Millisecond, "-reminders: start planbot this long before the due time (it polls every 5 s)")
	flag.StringVar(&o.Rem.Order, "rem-order", "random", "-reminders: creation order of the reminders, random or grouped (each channel's in a row)")
	flag.BoolVar(&o.Rem.Floor, "rem-floor", true, "-reminders: also drain the same reminders in process with a notifier that posts nothing (the storage floor)")
	flag.Uint64Var(&o.Rem.Seed, "rem-seed", 20261126, "-reminders: seed of the random order")
	flag.Parse()
	if *fixtureFlag != "" {
		if err := runFixture(context.Background(), *fixtureFlag); err != nil {
			log.Fatal(err)
		}
		return
	}
	if o.Reminders {
		o.Rem.Subjects, o.Rem.Postgres = strings.Split(*remSubjects, ","), o.Postgres
		if o.Rem.Order != "random" && o.Rem.Order != "grouped" {
			log.Fatalf("bad -rem-order %q: random or grouped", o.Rem.Order)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := runReminders(ctx, o.Rem, o.Out, o.Keep, os.Args); err != nil {
			log.Fatal(err)
		}
		return
	}
	for f := range strings.SplitSeq(*rates, ",") {
		r, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || r <= 0 {
			log.Fatalf("bad rate %q", f)
		}
		o.Rates = append(o.Rates, r)
	}
	o.Subjects = strings.Split(*subjects, ",")

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o, os.Args); err != nil {
		log.Fatal(err)
	}
}

// result is everything measured of one subject.
type result struct {
	Name    string
	Startup time.Duration
	IdleRSS int64
	Steps   []step
	Knee    []step // the knee search, in order
	Err     string
	// RoundP99 lists, per rate, the all-envelope ack p99 of every round,
	// when there were several.
	RoundP99 [][]time.Duration
	// KneeBase are the steps the knee search started from: those of the
	// last round.
	KneeBase []step
}

// medianResult merges the rounds of one subject: the median start-up and
// idle RSS, and for each rate the round whose ack p99 is the median, so
// that one noisy moment of a shared machine does not make the figure.
func medianResult(rs []*result) *result {
	if len(rs) == 1 {
		return rs[0]
	}
	out := &result{Name: rs[0].Name, Knee: rs[len(rs)-1].Knee, KneeBase: rs[len(rs)-1].Steps}
	var starts []time.Duration
	var idles []int64
	for _, r := range rs {
		if r.Err != "" {
			out.Err = r.Err
			continue
		}
		starts, idles = append(starts, r.Startup), append(idles, r.IdleRSS)
	}
	if len(starts) == 0 {
		return out
	}
	slices.Sort(starts)
	slices.Sort(idles)
	out.Startup, out.IdleRSS = starts[len(starts)/2], idles[len(idles)/2]
	for i := range rs[0].Steps {
		var cands []step
		var p99s []time.Duration
		for _, r := range rs {
			if i < len(r.Steps) {
				cands = append(cands, r.Steps[i])
				p99s = append(p99s, r.Steps[i].stats().All.P99)
			}
		}
		slices.SortFunc(cands, func(a, b step) int { return cmp.Compare(a.stats().All.P99, b.stats().All.P99) })
		out.Steps = append(out.Steps, cands[len(cands)/2])
		out.RoundP99 = append(out.RoundP99, p99s)
	}
	return out
}

func run(ctx context.Context, o options, args []string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "planbench-")
	if err != nil {
		return err
	}
	if o.Keep {
		log.Printf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	var subs []*subject
	planbotBin := ""
	buildPlanbot := func() (string, error) {
		if planbotBin == "" {
			bin := filepath.Join(tmp, "planbot")
			if err := goBuild(root, bin, "./cmd/planbot"); err != nil {
				return "", err
			}
			planbotBin = bin
		}
		return planbotBin, nil
	}
	for _, name := range o.Subjects {
		switch {
		case name == "planbot":
			bin, err := buildPlanbot()
			if err != nil {
				return err
			}
			subs = append(subs, planbotSubject(bin))
			continue
		case strings.HasPrefix(name, "pg"):
			n, err := strconv.Atoi(name[2:])
			if err != nil || n < 1 || n > 10 {
				return fmt.Errorf("bad subject %q: pgN with N from 1 to 10", name)
			}
			if o.Postgres == "" {
				return fmt.Errorf("subject %s needs a PostgreSQL server: -pg or %s", name, envPostgres)
			}
			bin, err := buildPlanbot()
			if err != nil {
				return err
			}
			subs = append(subs, planbotPostgres(bin, name, o.Postgres, n))
			continue
		}
		switch name {
		case "bare":
			bin := filepath.Join(tmp, "barebot")
			if err := goBuild(root, bin, "./cmd/planbench/barebot"); err != nil {
				return err
			}
			subs = append(subs, bareSubject(bin))
		case "bolt":
			dir := o.BoltDir
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(root, dir)
			}
			if _, err := os.Stat(filepath.Join(dir, "node_modules", "@slack", "bolt")); err != nil {
				return fmt.Errorf("the Bolt subject needs its packages: run (cd %s && npm ci) first, or pass -subjects bare,planbot", o.BoltDir)
			}
			node, err := exec.LookPath("node")
			if err != nil {
				return fmt.Errorf("the Bolt subject needs node: %w", err)
			}
			subs = append(subs, boltSubject(node, dir))
		default:
			return fmt.Errorf("unknown subject %q (want planbot, bare, bolt or pgN)", name)
		}
	}
	modal, err := loadModal(filepath.Join(root, "bench", "bolt", "goal_modal.json"))
	if err != nil {
		return err
	}

	srv, err := fakeslack.Start(fakeslack.Options{})
	if err != nil {
		return err
	}
	defer srv.Close()
	router, stopRouter := newCallRouter(srv)
	defer stopRouter()

	started := time.Now()
	loadBefore := loadAvg()
	var seq atomic.Int64
	rounds := make([][]*result, len(subs))
	for round := 1; round <= max(1, o.Rounds); round++ {
		ro := o
		ro.Knee = o.Knee && round == max(1, o.Rounds)
		for i, s := range subs {
			if ctx.Err() != nil {
				break
			}
			log.Printf("%s: starting (round %d)", s.Name, round)
			res := measure(ctx, srv, router, &seq, modal, s, ro, tmp)
			rounds[i] = append(rounds[i], res)
			if res.Err != "" {
				log.Printf("%s: %s", s.Name, res.Err)
			}
		}
	}
	var results []*result
	for _, rs := range rounds {
		if len(rs) > 0 {
			results = append(results, medianResult(rs))
		}
	}

	var out io.Writer = os.Stdout
	if o.Out != "" {
		f, err := os.Create(o.Out)
		if err != nil {
			return err
		}
		defer f.Close()
		out = io.MultiWriter(os.Stdout, f)
	}
	report(out, o, args, results, started, time.Since(started), loadBefore+" before, "+loadAvg()+" after")
	return ctx.Err()
}

// measure runs one subject through start-up, idle, the rate steps and the
// knee search, then stops it.
func measure(ctx context.Context, srv *fakeslack.Server, router *callRouter, seq *atomic.Int64, modal map[string]any, s *subject, o options, tmp string) *result {
	res := &result{Name: s.Name}
	// The previous subject's socket must be gone: fakeslack would send it
	// envelopes too.
	for srv.Connections() > 0 {
		time.Sleep(10 * time.Millisecond)
	}
	r, err := start(ctx, srv, s, tmp)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	defer r.close()
	res.Startup = r.startup
	time.Sleep(o.Idle)
	res.IdleRSS, _ = r.mem()
	log.Printf("%s: connected in %v, idle RSS %.1f MiB", s.Name, r.startup.Round(time.Millisecond), mib(res.IdleRSS))

	if s.Full {
		if r.poller, err = startPoller(r.db); err != nil {
			res.Err = err.Error()
			return res
		}
	}
	l := &loader{srv: srv, router: router, run: r, seq: seq, modal: modal}
	// Warm up (Node's JIT, connection pools, SQLite's cache); not reported.
	l.runStep(ctx, 50, time.Second)

	for _, rate := range o.Rates {
		if ctx.Err() != nil {
			return res
		}
		st := l.runStep(ctx, rate, o.Step)
		res.Steps = append(res.Steps, st)
		logStep(s.Name, st)
	}
	if !o.Knee || len(o.Rates) == 0 {
		return res
	}
	// Bracket the rate at which ack p99 passes 100 ms between lo (below)
	// and hi (above): double the rate until it passes, then bisect twice.
	deadline := time.Now().Add(o.KneeBudget)
	lo, hi := 0.0, 0.0
	for _, st := range res.Steps {
		if passed(st) {
			if hi == 0 || st.Rate < hi {
				hi = st.Rate
			}
		} else if st.Rate > lo && (hi == 0 || st.Rate < hi) {
			lo = st.Rate
		}
	}
	try := func(rate float64) bool {
		if ctx.Err() != nil || !time.Now().Add(o.KneeStep+2*time.Second).Before(deadline) {
			return false
		}
		// Let a subject that fell behind in the last step drain first.
		time.Sleep(2 * time.Second)
		st := l.runStep(ctx, rate, o.KneeStep)
		res.Knee = append(res.Knee, st)
		logStep(s.Name+" knee", st)
		if passed(st) {
			hi = rate
		} else {
			lo = rate
		}
		return true
	}
	for hi == 0 && lo*2 <= o.KneeMax {
		if !try(lo * 2) {
			return res
		}
	}
	for range 2 {
		if hi == 0 || !try((lo+hi)/2) {
			break
		}
	}
	return res
}

// passed reports whether a step's ack p99 is over 100 ms, or envelopes
// were lost.
func passed(st step) bool {
	s := st.stats()
	return s.All.P99 > 100*time.Millisecond || s.All.Lost > 0
}

func logStep(name string, st step) {
	s := st.stats()
	log.Printf("%s: %5.0f env/s: ack p50 %s p99 %s max %s, lost %d, cpu %.2fs, peak %.1f MiB, load %s",
		name, st.Rate, ms(s.All.P50), ms(s.All.P99), ms(s.All.Max), s.All.Lost, st.CPU.Seconds(), mib(st.Peak), st.Load)
}

func goBuild(root, out, pkg string) error {
	cmd := exec.Command("go", "build", "-o", out, pkg)
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("go build %s: %w", pkg, err)
	}
	return nil
}

// moduleRoot finds the directory of planbot's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run planbench from planbot's repository")
	}
	return filepath.Dir(mod), nil
}

func loadModal(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}
