package bot

import (
	"context"
	"errors"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// How handlers answer in Slack: open, push and redraw modals, tell one
// user something, and post decision notes in a plan's channel. Slack's
// failures are logged here; the handler goes on.

// openView opens a modal with the source's trigger id, which expires 3 s
// after the click; when that fails the user is told to try again.
func (b *Bot) openView(ctx context.Context, src source, lang Lang, view slack.ModalViewRequest) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	if _, err := b.API.OpenViewContext(ctx, src.TriggerID, view); err != nil {
		b.Logger.Warn("views.open", "callback_id", view.CallbackID, "user_id", src.UserID, "error", err)
		b.ephemeral(context.WithoutCancel(ctx), src.ChannelID, src.UserID, lang.T("error.modal_open"))
	}
}

// pushView pushes a modal over the one the user clicked in.
func (b *Bot) pushView(ctx context.Context, cb *slack.InteractionCallback, view slack.ModalViewRequest) {
	if _, err := b.API.PushViewContext(ctx, cb.TriggerID, view); err != nil {
		b.Logger.Warn("views.push", "callback_id", view.CallbackID, "user_id", cb.User.ID, "error", err)
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
// form was not pushed over a list).
func (b *Bot) updateView(ctx context.Context, viewID string, view slack.ModalViewRequest) {
	if viewID == "" {
		return
	}
	if _, err := b.API.UpdateViewContext(ctx, view, "", "", viewID); err != nil {
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

// ephemeral tells one user something in a channel, only to them.
func (b *Bot) ephemeral(ctx context.Context, channelID, userID, text string) {
	if channelID == "" {
		channelID = userID
	}
	if _, err := b.API.PostEphemeralContext(ctx, channelID, userID, slack.MsgOptionText(text, false)); err != nil {
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

// postNote posts a decision note in the plan's channel. When the bot
// cannot post there, it tells the user in a direct message: the decision
// is stored either way.
func (b *Bot) postNote(ctx context.Context, channelID, userID string, lang Lang, text string, blocks []slack.Block) {
	post := func() error {
		_, _, err := b.API.PostMessageContext(ctx, channelID,
			slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...))
		return err
	}
	err := post()
	// A 429 means nothing was posted: one retry after Retry-After cannot
	// post twice. Longer waits than the handler has left are not tried.
	var rl *slack.RateLimitedError
	if errors.As(err, &rl) {
		b.Logger.Info("decision note rate limited", "channel_id", channelID, "retry_after", rl.RetryAfter.String())
		t := time.NewTimer(rl.RetryAfter)
		select {
		case <-t.C:
			err = post()
		case <-ctx.Done():
			t.Stop()
		}
	}
	if err == nil {
		return
	}
	b.Logger.Warn("post decision note", "channel_id", channelID, "error", err)
	var se slack.SlackErrorResponse
	if errors.As(err, &se) && (se.Err == "not_in_channel" || se.Err == "channel_not_found" || se.Err == "is_archived") {
		if _, _, err := b.API.PostMessageContext(ctx, userID, slack.MsgOptionText(lang.T("note.saved_not_posted", channelID), false)); err != nil {
			b.Logger.Warn("post direct message", "user_id", userID, "error", err)
		}
	}
}
