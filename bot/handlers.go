package bot

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"

	"github.com/planbot/planbot/plan"
)

// helpResponse is the ephemeral answer to /plan, /plan help and anything
// the bot does not know, sent as the ack payload.
func helpResponse(lang Lang, note string) map[string]any {
	return map[string]any{
		"response_type": "ephemeral",
		"text":          helpText(lang),
		"blocks":        helpBlocks(lang, note),
	}
}

// handleCommand routes /plan <subcommand>. Help is the ack itself; a step
// acks at once and then opens its modal with the trigger id.
func (b *Bot) handleCommand(ctx context.Context, env *envelope, cmd slack.SlashCommand) {
	word := ""
	if fields := strings.Fields(cmd.Text); len(fields) > 0 {
		word = fields[0]
	}
	s, known := lookupStep(word)
	switch {
	case word == "" || (known && s.Command == "help"):
		u := b.user(ctx, cmd.UserID)
		env.ack(helpResponse(u.Lang, ""))
	case !known:
		u := b.user(ctx, cmd.UserID)
		env.ack(helpResponse(u.Lang, u.Lang.T("help.unknown", Escape(clip(word, 40)))))
	case !s.available():
		u := b.user(ctx, cmd.UserID)
		env.ack(helpResponse(u.Lang, u.Lang.T("help.unavailable", Escape(clip(word, 40)))))
	default:
		env.ack(nil)
		b.openStep(ctx, s.Command, source{
			TeamID: cmd.TeamID, ChannelID: cmd.ChannelID, ChannelName: cmd.ChannelName,
			UserID: cmd.UserID, TriggerID: cmd.TriggerID, Args: strings.Fields(cmd.Text)[1:],
		})
	}
}

// source is where an action came from: who, in which channel, and the
// trigger id that lets the bot open a modal for the next 3 seconds.
type source struct {
	TeamID, ChannelID, ChannelName, UserID, TriggerID string
	// Args are the words typed after the subcommand ("/plan export csv
	// 2026-01-01 2026-03-31"); nil when the step was opened by a button.
	Args []string
}

// openStep opens the modal of a step for the plan of the source channel.
func (b *Bot) openStep(ctx context.Context, command string, src source) {
	open, ok := openRoutes[command]
	if !ok {
		b.Logger.Warn("open of a step that is not available", "step", command)
		return
	}
	open(b, ctx, src)
}

// ensurePlan returns the plan of the source channel, creating it with the
// user's language and zone when it is the channel's first /plan.
func (b *Bot) ensurePlan(ctx context.Context, src source, u userInfo) (*plan.Plan, error) {
	tz := u.TZ
	if _, err := time.LoadLocation(tz); err != nil {
		tz = b.DefaultTZ
	}
	return b.Plans.EnsurePlan(ctx, plan.Plan{
		TeamID: src.TeamID, ChannelID: src.ChannelID, Name: src.ChannelName,
		TimeZone: tz, Language: string(u.Lang),
	})
}

// handleInteraction routes block actions, view submissions and shortcuts.
// Everything but a view submission is acked at once; a submission's ack
// carries its field errors, so it is acked after validation.
func (b *Bot) handleInteraction(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		b.handleViewSubmission(ctx, env, cb)
	case slack.InteractionTypeBlockActions:
		env.ack(nil)
		b.handleBlockActions(ctx, cb)
	case slack.InteractionTypeViewClosed:
		env.ack(nil)
	case slack.InteractionTypeMessageAction, slack.InteractionTypeShortcut:
		env.ack(nil)
		sc, ok := shortcutRoutes[cb.CallbackID]
		if !ok {
			b.Logger.Warn("unknown shortcut", "callback_id", cb.CallbackID, "user_id", cb.User.ID)
			return
		}
		sc(b, ctx, cb)
	default:
		env.ack(nil)
		b.Logger.Warn("unknown interaction", "interaction_type", string(cb.Type), "callback_id", cb.CallbackID)
	}
}

func (b *Bot) handleViewSubmission(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	submit, ok := submitRoutes[cb.View.CallbackID]
	if !ok {
		env.ack(nil)
		b.Logger.Warn("unknown view callback", "callback_id", cb.View.CallbackID, "user_id", cb.User.ID)
		return
	}
	submit(b, ctx, env, cb)
}

func (b *Bot) handleBlockActions(ctx context.Context, cb *slack.InteractionCallback) {
	actions := cb.ActionCallback.BlockActions
	if len(actions) == 0 {
		b.Logger.Warn("block actions without action", "user_id", cb.User.ID)
		return
	}
	a := actions[0]
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, ChannelName: cb.Channel.Name, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	switch a.ActionID {
	case ActionOpenStep:
		if s, ok := lookupStep(a.Value); ok && s.available() {
			b.openStep(ctx, s.Command, src)
			return
		}
		b.Logger.Warn("open of an unknown step", "step", a.Value)
	default:
		act, ok := actionRoutes[a.ActionID]
		if !ok {
			b.Logger.Warn("unknown action", "action_id", a.ActionID, "user_id", cb.User.ID)
			return
		}
		act(b, ctx, cb, a)
	}
}

// handleEvent handles an Events API event once, even when Slack redelivers
// it: the event id is claimed in the database first.
func (b *Bot) handleEvent(ctx context.Context, env *envelope, evt socketmode.Event) {
	ev, ok := evt.Data.(slackevents.EventsAPIEvent)
	if !ok {
		b.Logger.Warn("events api event of unexpected type", "envelope_id", env.id)
		return
	}
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok && cb.EventID != "" && b.Events != nil {
		first, err := b.Events.ClaimEvent(ctx, cb.EventID)
		switch {
		case err != nil:
			// Handling twice beats dropping: Home publishing is idempotent.
			b.Logger.Error("claim event", "event_id", cb.EventID, "error", err)
		case !first:
			b.Logger.Info("duplicate event ignored", "event_id", cb.EventID, "retry_attempt", env.retry)
			return
		}
	}
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		if inner.Tab == "home" || inner.Tab == "" {
			b.publishHome(ctx, ev.TeamID, inner.User)
		}
	case slackevents.AppHomeOpenedEvent:
		if inner.Tab == "home" || inner.Tab == "" {
			b.publishHome(ctx, ev.TeamID, inner.User)
		}
	default:
		b.Logger.Debug("event ignored", "event_type", ev.InnerEvent.Type)
	}
}

// errorText maps a domain error to what the user reads. Errors the user
// cannot act on are logged here, once.
func (b *Bot) errorText(lang Lang, err error) string {
	switch plan.ErrorCode(err) {
	case plan.ENOTFOUND:
		return lang.T("error.not_found")
	case plan.EFORBIDDEN:
		return lang.T("error.forbidden")
	case plan.ECONFLICT:
		return lang.T("error.conflict")
	case plan.EINVALID:
		return lang.T("error.field")
	}
	b.Logger.Error("internal error", "error", err)
	if errors.Is(err, context.DeadlineExceeded) {
		return lang.T("error.not_saved")
	}
	return lang.T("error.generic")
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
