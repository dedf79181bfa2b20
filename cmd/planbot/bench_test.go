package main

import (
	"context"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/planbot/planbot/fakeslack"
)

// Benchmarks of the real Main through fakeslack and the real Socket Mode
// socket, on a SQLite file with the production DSN. cmd/planbench measures
// the same flows under load, in separate processes, against a bare bot and
// Bolt; these are for comparing two versions of planbot with benchstat.

// BenchmarkGoalSubmission is one user's whole goal flow: /plan goals in a
// new channel (the plan is created), the modal opened with the command's
// trigger, a valid goal submitted and acked after its durable commit.
// submit-ns/op is the submission's part: send to ack.
func BenchmarkGoalSubmission(b *testing.B) {
	fb := startFuzzBot(b, slog.LevelWarn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var submit time.Duration
	i := 0
	for b.Loop() {
		i++
		user, channel := fmt.Sprintf("UBN%06d", i), fmt.Sprintf("CBN%06d", i)
		fb.Slack.AddUser(fakeslack.User{ID: user, Name: user, Locale: "en-US", TZ: "UTC"})
		fb.Slack.AddChannel(fakeslack.Channel{ID: channel, Name: channel, IsMember: true})
		start := time.Now()
		out, ack := goalFlowTimed(ctx, fb.Slack, user, channel, fmt.Sprintf("Bench goal %d", i), &submit)
		if out != flowSaved {
			b.Fatalf("flow %d ended with %d (ack %s) after %v", i, out, ack.Payload, time.Since(start))
		}
	}
	b.ReportMetric(float64(submit.Nanoseconds())/float64(i), "submit-ns/op")
}

// goalFlowTimed is goalFlow that adds the submission's send-to-ack time
// to submit.
func goalFlowTimed(ctx context.Context, srv *fakeslack.Server, user, channel, title string, submit *time.Duration) (flowOutcome, fakeslack.Ack) {
	ack, err := srv.SlashCommand(ctx, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: user, ChannelID: channel})
	if err != nil {
		return flowLost, fakeslack.Ack{}
	}
	call, err := srv.WaitCall(ctx, "views.open", func(c fakeslack.Call) bool { return c.Params.Get("trigger_id") == ack.TriggerID })
	if err != nil {
		return flowNoModal, fakeslack.Ack{}
	}
	view, ok := openedViewID(call)
	if !ok {
		return flowNoModal, fakeslack.Ack{}
	}
	t0 := time.Now()
	sub, err := srv.SubmitView(ctx, user, view, goalValues(title))
	*submit += time.Since(t0)
	switch {
	case err != nil:
		return flowLost, sub
	case len(sub.Payload) > 0:
		return flowRefused, sub
	}
	return flowSaved, sub
}

// BenchmarkSlashCommandHelp is the ack round trip of /plan help, whose
// answer is the ack itself: fakeslack's send to the ack it reads.
func BenchmarkSlashCommandHelp(b *testing.B) {
	fb := startFuzzBot(b, slog.LevelWarn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	for b.Loop() {
		ack, err := fb.Slack.SlashCommand(ctx, fakeslack.SlashCommand{Command: "/plan", Text: "help", UserID: userEN, ChannelID: chanMain})
		if err != nil || len(ack.Payload) == 0 {
			b.Fatalf("help: %v %s", err, ack.Payload)
		}
	}
}

// BenchmarkEventAppHomeOpened sends events_api envelopes back to back,
// each sent when the previous one was acked. The bot acks an event before
// handling it, but each handling claims the event id with a durable write
// on the single writing connection, and at most MaxInFlight handlers run:
// once they are all waiting on the writer, the acks wait too. So this is
// the sustained event rate, bound by one fsync per event, not the latency
// of one ack.
func BenchmarkEventAppHomeOpened(b *testing.B) {
	fb := startFuzzBot(b, slog.LevelWarn)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	i := 0
	for b.Loop() {
		i++
		if _, err := fb.Slack.SendEvent(ctx, fmt.Sprintf("EvBench%07d", i), appHomeOpened(userEN), 0); err != nil {
			b.Fatal(err)
		}
	}
	fb.Stop(b)
}
