package bot

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// What the bot owes Slack and could not deliver: the outbox of decision
// notes, the modals to open again, and what the user is told.

// Outbox settings.
const (
	// outboxLease is how long a process holds a note it posts: longer
	// than BackgroundTimeout, so no other process takes it over while the
	// first still tries.
	outboxLease = 10 * time.Minute
	// outboxMaxAttempts bounds the takeovers of a note before it is given
	// up and its user told.
	outboxMaxAttempts = 10
	// outboxBatch is how many notes one pass of the outbox takes over.
	outboxBatch = 50
	// stashTTL is how long the button that opens a modal again works.
	stashTTL = 15 * time.Minute
)

// ViewStash keeps modals Slack did not let the bot open in time, so that
// the button sent to the user opens them again, whichever process the
// click reaches. Implemented by storage.ViewStashService.
type ViewStash interface {
	// StashView keeps view (a modal's JSON) for userID under token until
	// expires.
	StashView(ctx context.Context, token, userID, view string, expires time.Time) error
	// TakeView returns the view stashed under token for userID and forgets
	// it. Returns ENOTFOUND when there is none or it expired.
	TakeView(ctx context.Context, token, userID string) (string, error)
}

// memoryStash is the ViewStash of a Bot without one: this process only.
type memoryStash struct {
	mu    sync.Mutex
	views map[string]stashedView
}

type stashedView struct {
	user, view string
	expires    time.Time
}

func (m *memoryStash) StashView(ctx context.Context, token, userID, view string, expires time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.views == nil {
		m.views = map[string]stashedView{}
	}
	if len(m.views) > 1000 {
		for k, v := range m.views {
			if time.Now().After(v.expires) {
				delete(m.views, k)
			}
		}
	}
	m.views[token] = stashedView{user: userID, view: view, expires: expires}
	return nil
}

func (m *memoryStash) TakeView(ctx context.Context, token, userID string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.views[token]
	if !ok || v.user != userID {
		return "", plan.Errorf(plan.ENOTFOUND, "no stashed view %q", token)
	}
	delete(m.views, token)
	return v.view, nil
}

func (b *Bot) stash() ViewStash {
	if b.Stash != nil {
		return b.Stash
	}
	return &b.stashed
}

// modalFailed tells the user why the modal did not open, with a button
// that opens it again with the fresh trigger of their click.
func (b *Bot) modalFailed(ctx context.Context, channelID, userID string, lang Lang, view slack.ModalViewRequest, err error) {
	ctx = context.WithoutCancel(ctx)
	var text string
	switch slackcall.ReasonOf(err) {
	case slackcall.RateLimited:
		text = lang.T("delivery.modal.rate_limited")
	case slackcall.Refused, slackcall.Unreachable:
		if code := slackcall.CodeOf(err); code != "expired_trigger_id" && code != "invalid_trigger_id" {
			text = lang.T("delivery.modal.refused", Escape(code))
			break
		}
		fallthrough
	default:
		text = lang.T("delivery.modal.slack_down")
	}
	raw, jerr := json.Marshal(view)
	token := newToken()
	if jerr == nil {
		jerr = b.stash().StashView(ctx, token, userID, string(raw), b.Now().Add(stashTTL))
	}
	if jerr != nil {
		b.Logger.Error("stash a modal to open again", "user_id", userID, "error", jerr)
		b.ephemeral(ctx, channelID, userID, text+" "+lang.T("delivery.modal.expired"))
		return
	}
	reopen := slack.NewButtonBlockElement(ActionReopenView, token, plainText(lang.T("delivery.modal.reopen")))
	reopen.Style = slack.StylePrimary
	blocks := []slack.Block{
		slack.NewSectionBlock(mrkdwn(text), nil, slack.NewAccessory(reopen), slack.SectionBlockOptionBlockID("delivery_reopen")),
		slack.NewContextBlock("", mrkdwn(lang.T("delivery.modal.reopen_hint"))),
	}
	b.ephemeralBlocks(ctx, channelID, userID, text, blocks)
}

// reopenView opens the modal a reopen button names, with the click's
// fresh trigger.
func (b *Bot) reopenView(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	raw, err := b.stash().TakeView(ctx, a.Value, cb.User.ID)
	var view slack.ModalViewRequest
	if err == nil {
		err = json.Unmarshal([]byte(raw), &view)
	}
	if err != nil {
		b.Logger.Info("reopen: no stashed view", "user_id", cb.User.ID, "error", err)
		b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, u.Lang.T("delivery.modal.expired"))
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, view)
}

// tellUndelivered tells userID, in their language, that what (a note, a
// review request...) could not be delivered in channelID, and why: the
// bot is not in the channel, Slack rate-limits it or is down, or refused
// it. later says the post stays in the outbox and will be tried again.
// The user reads it in the channel, only to them; when the bot cannot
// post there, in a direct message.
func (b *Bot) tellUndelivered(ctx context.Context, userID, channelID, what string, err error, later bool) {
	ctx = context.WithoutCancel(ctx)
	lang := b.user(ctx, userID).Lang
	text := lang.T("delivery.what."+what, channelID) + " " + whyText(lang, err, later)
	if slackcall.ReasonOf(err) == slackcall.Unreachable {
		b.directMessage(userID, text, nil)
		return
	}
	if perr := b.Calls.PostEphemeral(ctx, channelID, userID, slack.MsgOptionText(text, false)); perr != nil {
		b.Logger.Warn("tell undelivered in channel; trying a direct message", "user_id", userID, "channel_id", channelID, "error", perr)
		b.directMessage(userID, text, nil)
	}
}

// whyText is why Slack did not take a post, for the user.
func whyText(lang Lang, err error, later bool) string {
	outcome := ".dropped"
	if later {
		outcome = ".later"
	}
	switch slackcall.ReasonOf(err) {
	case slackcall.RateLimited:
		return lang.T("delivery.why.rate_limited" + outcome)
	case slackcall.SlackDown, slackcall.Canceled:
		return lang.T("delivery.why.slack_down" + outcome)
	case slackcall.Unreachable:
		if code := slackcall.CodeOf(err); slices.Contains(slackcall.UnreachableCodes, code) {
			return lang.T("delivery.why." + code)
		}
	}
	code := slackcall.CodeOf(err)
	if code == "" {
		code = "error"
	}
	return lang.T("delivery.why.refused", Escape(code))
}

// sendPost posts an outbox post, exactly once: check says an earlier try
// (of this process or of one that stopped) may have posted it, so its key
// is looked for in the channel's history first. The outcome is recorded
// in the outbox, and the user told when the post is late or given up.
func (b *Bot) sendPost(ctx context.Context, p *plan.OutboxPost, check bool) {
	var blocks slack.Blocks
	opts := []slack.MsgOption{slack.MsgOptionText(p.Text, false)}
	if p.Blocks != "" {
		if err := json.Unmarshal([]byte(p.Blocks), &blocks); err != nil {
			b.Logger.Error("outbox post: blocks", "key", p.Key, "error", err)
		} else if len(blocks.BlockSet) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(blocks.BlockSet...))
		}
	}
	_, ts, err := b.Calls.PostMessage(ctx, slackcall.Post{
		Channel: p.ChannelID, ThreadTS: p.ThreadTS, Key: p.Key, Options: opts, MayHavePosted: check,
	})
	record := func(what string, rerr error) {
		if rerr != nil && p.ID != 0 {
			b.Logger.Error("outbox: "+what, "key", p.Key, "error", rerr)
		}
	}
	if err == nil {
		if p.ID != 0 {
			record("record sent", b.Outbox.FinishPost(context.WithoutCancel(ctx), p.ID, b.ID, plan.OutboxSent, ts, ""))
		}
		return
	}
	b.Logger.Warn("post decision note", "channel_id", p.ChannelID, "key", p.Key, "attempts", p.Attempts, "error", err)
	switch slackcall.ReasonOf(err) {
	case slackcall.RateLimited, slackcall.SlackDown, slackcall.Canceled:
		if p.ID == 0 {
			b.tellUndelivered(ctx, p.UserID, p.ChannelID, "note", err, false)
			return
		}
		wait := time.Minute
		var e *slackcall.Error
		if errors.As(err, &e) && e.RetryAfter > wait {
			wait = e.RetryAfter
		}
		if slackcall.ReasonOf(err) == slackcall.Canceled {
			wait = 0 // shutting down: the next process takes it at once
		}
		record("record retry", b.Outbox.RetryPost(context.WithoutCancel(ctx), p.ID, b.ID, slackcall.CodeOf(err), b.Now().Add(wait)))
		if p.Attempts == 1 && slackcall.ReasonOf(err) != slackcall.Canceled {
			b.tellUndelivered(ctx, p.UserID, p.ChannelID, "note", err, true)
		}
	default:
		if p.ID != 0 {
			record("record failure", b.Outbox.FinishPost(context.WithoutCancel(ctx), p.ID, b.ID, plan.OutboxFailed, "", slackcall.CodeOf(err)))
		}
		b.tellUndelivered(ctx, p.UserID, p.ChannelID, "note", err, false)
	}
}

// runOutbox takes over, every OutboxInterval, the notes left in the
// outbox by a process that stopped or by Slack failing for minutes, and
// posts them. It returns the function that stops it.
func (b *Bot) runOutbox() (stop func()) {
	if b.Outbox == nil || b.OutboxInterval < 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(b.OutboxInterval)
		defer t.Stop()
		for {
			b.FlushOutbox(ctx)
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	}()
	return func() { cancel(); <-done }
}

// FlushOutbox takes over the notes of the outbox whose lease ended and
// posts them in the background, each after looking for it in its
// channel's history; the users of notes given up are told. Run calls it
// every OutboxInterval; tests call it by hand.
func (b *Bot) FlushOutbox(ctx context.Context) {
	if b.Outbox == nil {
		return
	}
	now := b.Now()
	taken, failed, err := b.Outbox.ClaimPosts(ctx, b.ID, now, now.Add(outboxLease), outboxBatch, outboxMaxAttempts)
	if err != nil {
		if ctx.Err() == nil {
			b.Logger.Error("outbox: claim posts", "error", err)
		}
		return
	}
	for _, p := range failed {
		b.Logger.Error("outbox: note given up", "key", p.Key, "channel_id", p.ChannelID, "reason", p.Reason)
		b.later("", func(ctx context.Context) {
			b.tellUndelivered(ctx, p.UserID, p.ChannelID, "note", &slackcall.Error{Reason: slackcall.SlackDown, Code: p.Reason}, false)
		})
	}
	for _, p := range taken {
		b.Logger.Info("outbox: posting a note left behind", "key", p.Key, "channel_id", p.ChannelID, "attempts", p.Attempts)
		b.later("", func(ctx context.Context) { b.sendPost(ctx, p, true) })
	}
}
