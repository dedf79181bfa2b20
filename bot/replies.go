package bot

import (
	"context"
	"encoding/json"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// How handlers answer in Slack: open, push and redraw modals, tell one
// user something, post and update messages in a plan's channel, share
// files. Every call goes through the Slack call policy (b.Calls, see
// bot/slackcall); nothing here calls b.API. What Slack failed to do is
// logged here, and the user is told why, in their language: a stored
// decision is never undone because Slack failed.

// openView opens a modal with the source's trigger id, which expires 3 s
// after the click. A 429 is retried while the trigger lives; when Slack
// does not open it in time, the user gets a button that opens it again
// with a fresh trigger.
func (b *Bot) openView(ctx context.Context, src source, lang Lang, view slack.ModalViewRequest) {
	tctx, cancel := context.WithTimeout(ctx, b.TriggerLife)
	defer cancel()
	if _, err := b.Calls.OpenView(tctx, src.TriggerID, view); err != nil {
		b.Logger.Warn("views.open", "callback_id", view.CallbackID, "user_id", src.UserID, "error", err)
		b.modalFailed(ctx, src.ChannelID, src.UserID, lang, view, err)
	}
}

// pushView pushes a modal over the one the user clicked in, like
// openView.
func (b *Bot) pushView(ctx context.Context, cb *slack.InteractionCallback, view slack.ModalViewRequest) {
	tctx, cancel := context.WithTimeout(ctx, b.TriggerLife)
	defer cancel()
	if _, err := b.Calls.PushView(tctx, cb.TriggerID, view); err != nil {
		b.Logger.Warn("views.push", "callback_id", view.CallbackID, "user_id", cb.User.ID, "error", err)
		b.modalFailed(ctx, cb.Channel.ID, cb.User.ID, b.user(ctx, cb.User.ID).Lang, view, err)
	}
}

// showView pushes view over the modal of the click, or opens it when the
// click came from a message.
func (b *Bot) showView(ctx context.Context, cb *slack.InteractionCallback, lang Lang, view slack.ModalViewRequest) {
	if cb.View.ID != "" {
		b.pushView(ctx, cb, view)
		return
	}
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, lang, view)
}

// updateView redraws the modal viewID; nothing when viewID is empty (the
// form was not pushed over a list). views.update is idempotent: a 429, a
// 5xx or a timeout is retried within the handler's deadline. It runs in
// the handler, not in the background, so two redraws of one modal keep
// their order.
func (b *Bot) updateView(ctx context.Context, viewID string, view slack.ModalViewRequest) {
	if viewID == "" {
		return
	}
	if _, err := b.Calls.UpdateView(ctx, viewID, view); err != nil {
		b.Logger.Warn("views.update", "view_id", viewID, "callback_id", view.CallbackID, "error", err)
	}
}

// refreshWith redraws the modal viewID of a plan with build, logging
// (under what) when the plan or the view cannot be read.
func (b *Bot) refreshWith(ctx context.Context, viewID string, planID int64, what string, build func(p *plan.Plan) (slack.ModalViewRequest, error)) {
	if viewID == "" {
		return
	}
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("refresh "+what+": find plan", "plan_id", planID, "error", err)
		return
	}
	view, err := build(p)
	if err != nil {
		b.Logger.Warn("refresh "+what, "plan_id", p.ID, "error", err)
		return
	}
	b.updateView(ctx, viewID, view)
}

// ephemeral tells one user something in a channel, only to them (in the
// bot's DM with them when channelID is empty).
func (b *Bot) ephemeral(ctx context.Context, channelID, userID, text string) {
	b.ephemeralBlocks(ctx, channelID, userID, text, nil)
}

// ephemeralBlocks is ephemeral with blocks; text is the notification.
func (b *Bot) ephemeralBlocks(ctx context.Context, channelID, userID, text string, blocks []slack.Block) {
	if channelID == "" {
		channelID = userID
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
	if len(blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(blocks...))
	}
	if err := b.Calls.PostEphemeral(ctx, channelID, userID, opts...); err != nil {
		b.Logger.Warn("post ephemeral", "channel_id", channelID, "user_id", userID, "error", err)
	}
}

// planLang returns the language of a plan's channel posts.
func planLang(p *plan.Plan) Lang {
	lang, _ := ParseLang(p.Language)
	return lang
}

// note posts the decision note render writes in the language of plan p,
// in its channel.
func (b *Bot) note(ctx context.Context, p *plan.Plan, userID string, render func(lang Lang) (string, []slack.Block)) {
	lang := planLang(p)
	text, blocks := render(lang)
	b.postNote(ctx, p.ChannelID, userID, lang, text, blocks)
}

// notePlan is note for a plan not read yet.
func (b *Bot) notePlan(ctx context.Context, planID int64, userID string, render func(lang Lang) (string, []slack.Block)) {
	p, err := b.Plans.FindPlanByID(ctx, planID)
	if err != nil {
		b.Logger.Warn("note: find plan", "plan_id", planID, "error", err)
		return
	}
	b.note(ctx, p, userID, render)
}

// postNote posts a decision note in a plan's channel, in lang, exactly
// once: it goes in the outbox first (so a process killed now loses
// nothing), then to Slack in the background, for as long as Slack's rate
// limits require. The user who decided is told, in their language, when
// the note is late or cannot be posted, and why: the decision is stored
// either way.
func (b *Bot) postNote(ctx context.Context, channelID, userID string, lang Lang, text string, blocks []slack.Block) {
	raw, err := json.Marshal(slack.Blocks{BlockSet: blocks})
	if err != nil {
		b.Logger.Error("note: marshal blocks", "channel_id", channelID, "error", err)
		return
	}
	p := &plan.OutboxPost{Key: "note:" + newToken(), ChannelID: channelID, Text: text, Blocks: string(raw), UserID: userID, Lang: string(lang)}
	if b.Outbox != nil {
		if err := b.Outbox.AddPost(ctx, p, b.ID, b.Now().Add(outboxLease)); err != nil {
			// Posted from memory: only a crash in the next seconds loses it.
			b.Logger.Error("note: add to the outbox", "channel_id", channelID, "error", err)
			p.ID = 0
		}
	}
	b.later("", func(ctx context.Context) { b.sendPost(ctx, p, false) })
}

// updateMessage rewrites the message ts of channelID in the background:
// chat.update is idempotent, retried for minutes if Slack requires. Two
// updates of one message keep their order. When it cannot be done and
// userID is set, they are told why.
func (b *Bot) updateMessage(ctx context.Context, channelID, ts, text string, blocks []slack.Block, userID string) {
	if channelID == "" || ts == "" {
		return
	}
	b.later("msg:"+channelID+"/"+ts, func(ctx context.Context) {
		err := b.Calls.UpdateMessage(ctx, channelID, ts, slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		if err == nil {
			return
		}
		b.Logger.Warn("chat.update", "channel_id", channelID, "ts", ts, "error", err)
		if userID != "" {
			b.tellUndelivered(ctx, userID, channelID, "update", err, false)
		}
	})
}

// deleteMessage deletes the message ts of channelID, now.
func (b *Bot) deleteMessage(ctx context.Context, channelID, ts string) error {
	return b.Calls.DeleteMessage(ctx, channelID, ts)
}

// permalink returns the link to the message ts of channelID, waiting at
// most within: a screen that shows it must still open within its
// trigger's 3 s.
func (b *Bot) permalink(ctx context.Context, channelID, ts string, within time.Duration) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	return b.Calls.Permalink(ctx, channelID, ts)
}

// react adds the bot's reaction to a message, in the background.
// reactions.add is idempotent (already_reacted counts as done).
func (b *Bot) react(ctx context.Context, name, channelID, ts string) {
	b.later("", func(ctx context.Context) {
		if err := b.Calls.AddReaction(ctx, name, channelID, ts); err != nil {
			b.Logger.Warn("reactions.add", "channel_id", channelID, "ts", ts, "name", name, "error", err)
		}
	})
}

// owed is a message the bot owes a channel, posted in the background,
// exactly once (its key goes in the message metadata), then handed to
// Then. When it cannot be posted, UserID is told why.
type owed struct {
	ChannelID, ThreadTS string
	Text                string
	Blocks              []slack.Block
	UserID              string // told when it cannot be posted
	What                string // what it is, for the user: "review", "item", "reply"
	Key                 string // of a series the bot may post again; random when empty
	// Then runs once the message is in Slack, with where it is.
	Then func(ctx context.Context, channelID, ts string)
}

// deliver posts o in the background: for as long as Slack's rate limits
// require (BackgroundTimeout), without ever posting it twice.
func (b *Bot) deliver(o owed) {
	b.later("", func(ctx context.Context) { b.postNow(ctx, o) })
}

// postNow posts o within ctx's deadline (the handler's, when the screen
// must show what the post records: a review request, an item's message),
// exactly once, then hands it to o.Then. ok is false when it could not be
// posted; the user was told why.
func (b *Bot) postNow(ctx context.Context, o owed) (ok bool) {
	if o.Key == "" {
		o.Key = o.What + ":" + newToken()
	}
	opts := []slack.MsgOption{slack.MsgOptionText(o.Text, false)}
	if len(o.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(o.Blocks...))
	}
	ch, ts, err := b.Calls.PostMessage(ctx, slackcall.Post{Channel: o.ChannelID, ThreadTS: o.ThreadTS, Key: o.Key, Options: opts})
	if err != nil {
		b.Logger.Warn("post "+o.What, "channel_id", o.ChannelID, "error", err)
		if o.UserID != "" {
			b.tellUndelivered(ctx, o.UserID, o.ChannelID, o.What, err, false)
		}
		return false
	}
	if o.Then != nil {
		o.Then(ctx, ch, ts)
	}
	return true
}

// directMessage sends text and blocks to userID in the bot's DM with them,
// in the background. Without a key it is retried only after a 429.
func (b *Bot) directMessage(userID, text string, blocks []slack.Block) {
	b.later("", func(ctx context.Context) {
		opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
		if len(blocks) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(blocks...))
		}
		if _, _, err := b.Calls.PostMessage(ctx, slackcall.Post{Channel: userID, Options: opts}); err != nil {
			b.Logger.Warn("post direct message", "user_id", userID, "error", err)
		}
	})
}

// uploadFile shares data in channelID in the background (files upload v2,
// exactly once); when it cannot, userID is told why, in lang.
func (b *Bot) uploadFile(u slackcall.Upload, userID string, then func(ctx context.Context)) {
	b.later("", func(ctx context.Context) {
		if _, err := b.Calls.UploadFile(ctx, u); err != nil {
			b.Logger.Warn("upload", "channel_id", u.Channel, "file", u.Filename, "error", err)
			if userID != "" {
				b.tellUndelivered(ctx, userID, u.Channel, "file", err, false)
			}
			return
		}
		if then != nil {
			then(ctx)
		}
	})
}
