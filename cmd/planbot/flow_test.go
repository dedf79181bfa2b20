package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/planbot/planbot/bot"
	"github.com/planbot/planbot/fakeslack"
)

// Goal flows as a user drives them, for the tests that send many at once
// (fault and fuzz tests). A flow that does not go through is tried again,
// as a user does when Slack shows an error; only a wrong answer, or a
// hang, fails a test, never a slow one.

// lossWait is how long one step of a goal flow waits for its ack or its
// modal. Slack never redelivers an interactive envelope, and nothing tells
// one lost in a socket drop, or whose ack the bot gave up sending, from a
// slow one: after lossWait the attempt is presumed lost and saveGoal tries
// the flow again. So lossWait trades time for retries; it never decides
// whether a test passes.
const lossWait = 20 * time.Second

// flowOutcome is how far one attempt at a goal flow got.
type flowOutcome int

const (
	flowLost       flowOutcome = iota // the command or the submission got no ack (Slack does not redeliver them)
	flowNoModal                       // acked, but no goal form opened: the bot said it could not open one, or opened none
	flowRefused                       // the submission was acked with field errors
	flowSaved                         // the submission was acked empty: the decision must be stored
	flowFoundSaved                    // /plan goals opened the goals list: an earlier attempt's submission was stored, its ack lost
)

var flowOutcomeNames = [...]string{"lost", "no modal", "refused", "saved", "found saved"}

func (o flowOutcome) String() string {
	if int(o) < len(flowOutcomeNames) {
		return flowOutcomeNames[o]
	}
	return fmt.Sprintf("flowOutcome(%d)", int(o))
}

// goalFlow makes one attempt at a goal: it types /plan goals as user in
// channel of team, waits for the goal form and submits a valid goal titled
// title. Each step waits at most lossWait; all of them, at most ctx.
func goalFlow(ctx context.Context, srv *fakeslack.Server, team, user, channel, title string) (flowOutcome, fakeslack.Ack) {
	told := len(srv.Calls("chat.postEphemeral")) // posted before this command: not its answer
	cctx, cancel := context.WithTimeout(ctx, lossWait)
	ack, err := srv.SlashCommand(cctx, fakeslack.SlashCommand{Command: "/plan", Text: "goals", UserID: user, ChannelID: channel, TeamID: team})
	cancel()
	if err != nil {
		return flowLost, fakeslack.Ack{}
	}
	view, ok := waitModal(ctx, srv, ack.TriggerID, user, channel, told)
	switch {
	case !ok:
		return flowNoModal, fakeslack.Ack{}
	case view.CallbackID == bot.CallbackGoalsList:
		// The channel's plan has a goal, and only this flow's title can
		// be it: an earlier attempt's submission was stored.
		return flowFoundSaved, fakeslack.Ack{}
	}
	sctx, cancel := context.WithTimeout(ctx, lossWait)
	defer cancel()
	// An error here is a lost ack, or the form closed under us by a
	// views.open of an earlier attempt that came late: lost either way.
	sub, err := srv.SubmitView(sctx, user, view.ID, goalValues(title))
	if err != nil {
		return flowLost, fakeslack.Ack{}
	}
	if len(sub.Payload) > 0 {
		return flowRefused, sub
	}
	return flowSaved, sub
}

// waitModal waits for what the bot does after acking the command that
// issued trigger: open a modal with it, or tell user in channel that it
// could not (an ephemeral after the first skip calls to chat.postEphemeral).
// It returns the modal, or false after lossWait or ctx.
func waitModal(ctx context.Context, srv *fakeslack.Server, trigger, user, channel string, skip int) (fakeslack.View, bool) {
	wctx, cancel := context.WithTimeout(ctx, lossWait)
	defer cancel()
	ephemerals := 0
	call, err := srv.WaitCall(wctx, "", func(c fakeslack.Call) bool {
		switch c.Method {
		case "views.open":
			return c.Params.Get("trigger_id") == trigger
		case "chat.postEphemeral":
			ephemerals++ // WaitCall looks at each call once, in order
			return ephemerals > skip && c.Params.Get("user") == user && c.Params.Get("channel") == channel
		}
		return false
	})
	if err != nil || call.Method != "views.open" {
		return fakeslack.View{}, false
	}
	id, ok := openedViewID(call)
	if !ok {
		return fakeslack.View{}, false
	}
	return srv.View(id)
}

// flowResult is how a goal flow ended, after all its attempts.
type flowResult struct {
	Outcome  flowOutcome   // of the last attempt: flowSaved or flowFoundSaved unless it failed
	Attempts []flowOutcome // every attempt, in order
	Ack      fakeslack.Ack // the last submission's ack
	// NotSaved is set when a submission was refused because the decision
	// was not saved: then the goal must not be found stored later.
	NotSaved bool
}

// saveGoal runs goalFlow until the goal is saved, trying again after an
// attempt that was lost, opened no form, or was refused because the bot
// could not save, as a user would. It stops at any other refusal (a valid
// goal refused), when stop is closed (nil: never), or when ctx ends.
func saveGoal(ctx context.Context, srv *fakeslack.Server, team, user, channel, title string, stop <-chan struct{}) flowResult {
	var r flowResult
	for {
		out, ack := goalFlow(ctx, srv, team, user, channel, title)
		r.Outcome, r.Ack = out, ack
		r.Attempts = append(r.Attempts, out)
		switch out {
		case flowSaved, flowFoundSaved:
			return r
		case flowRefused:
			if !strings.Contains(string(ack.Payload), notSavedText) {
				return r
			}
			r.NotSaved = true
		}
		select {
		case <-stop:
			return r
		case <-ctx.Done():
			return r
		default:
		}
	}
}

// sendEventUntilAcked sends an events_api envelope, which fakeslack
// redelivers as Slack does, up to 3 times, each AckTimeout without an
// ack. Where Slack would give up, the test delivers it again, as a 3rd
// retry, until it is acked or ctx ends: under load the bot can take longer
// than Slack's retries to ack, and this tests that a redelivered event is
// handled once, not how fast it is acked. It returns how many deliveries
// the test added.
func sendEventUntilAcked(ctx context.Context, srv *fakeslack.Server, id string, event map[string]any) (added int, err error) {
	attempt := 0
	for {
		_, err := srv.SendEvent(ctx, id, event, attempt)
		if !errors.Is(err, fakeslack.ErrNotAcked) {
			return added, err
		}
		added++
		attempt = 3
	}
}
