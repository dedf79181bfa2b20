package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The handlers of each kind of Socket Mode payload: they ack, then find
// the route of the payload in the table of routes.go.

// handleCommand routes /plan <subcommand>. Help is the ack itself; a step
// acks at once and then opens its modal with the trigger id.
func (b *Bot) handleCommand(ctx context.Context, env *envelope, cmd slack.SlashCommand) {
	cmd.Text = stripControl(cmd.Text) // see sanitize.go
	word := ""
	if fields := strings.Fields(cmd.Text); len(fields) > 0 {
		word = fields[0]
	}
	c, known := b.routes.commands.lookup(word)
	switch {
	case word == "" || (known && c.id == "help"):
		u := b.user(ctx, cmd.UserID)
		env.ack(b.helpFor(ctx, cmd.TeamID, cmd.ChannelID, u.Lang)) // points to /plan start in a channel with no plan
	case !known:
		u := b.user(ctx, cmd.UserID)
		env.ack(helpResponse(u.Lang, b.routes.commands, u.Lang.T("help.unknown", Escape(clip(word, 40)))))
	case c.command == nil:
		u := b.user(ctx, cmd.UserID)
		env.ack(helpResponse(u.Lang, b.routes.commands, u.Lang.T("help.unavailable", Escape(clip(word, 40)))))
	default:
		env.ack(nil)
		c.command(b, ctx, source{
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

// openStep opens the step command for src, when this version has it.
func (b *Bot) openStep(ctx context.Context, command string, src source) bool {
	c, ok := b.routes.commands.lookup(command)
	if !ok || c.command == nil {
		return false
	}
	c.command(b, ctx, src)
	return true
}

// openStepAction opens the step a button names: in the help, /plan
// status, reminders and the engagement digest.
func (b *Bot) openStepAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, ChannelName: cb.Channel.Name, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	if !b.openStep(ctx, a.Value, src) {
		b.Logger.Warn("open of an unknown step", "step", a.Value)
	}
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

// openPlan reads who typed a command and the plan of its channel, which
// its first command creates. When the plan cannot be read, the user is
// told and ok is false. The plan is the one the user last worked in: the
// one their next message shortcut offers first.
func (b *Bot) openPlan(ctx context.Context, src source) (userInfo, *plan.Plan, bool) {
	u := b.user(ctx, src.UserID)
	p, err := b.ensurePlan(ctx, src, u)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return u, nil, false
	}
	b.visited(ctx, p, src.UserID)
	return u, p, true
}

// openSnapshot is openPlan, then the snapshot of the plan: all a screen
// shows, read at once.
func (b *Bot) openSnapshot(ctx context.Context, src source) (userInfo, *plan.PlanSnapshot, bool) {
	u, p, ok := b.openPlan(ctx, src)
	if !ok {
		return u, nil, false
	}
	s, err := b.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		b.ephemeral(ctx, src.ChannelID, src.UserID, b.errorText(u.Lang, err))
		return u, nil, false
	}
	return u, s, true
}

// click reads who clicked in a modal about a plan, and the modal's
// metadata. A modal that names no plan is a forged or broken payload: it
// is logged and ok is false.
func (b *Bot) click(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) (userInfo, viewMeta, bool) {
	m, err := parsePlanMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn("action without plan", "action_id", a.ActionID, "callback_id", cb.View.CallbackID, "error", err)
		return userInfo{}, m, false
	}
	return b.user(ctx, cb.User.ID), m, true
}

// submission reads who submitted a form about a plan, the form's metadata
// and its values. A form that names no plan is answered with a generic
// error at block, and ok is false.
func (b *Bot) submission(ctx context.Context, env *envelope, cb *slack.InteractionCallback, block string) (userInfo, viewMeta, formState, bool) {
	u := b.user(ctx, cb.User.ID)
	m, err := parsePlanMeta(cb.View.PrivateMetadata)
	if err != nil {
		b.Logger.Warn("submission without plan", "callback_id", cb.View.CallbackID, "user_id", cb.User.ID, "error", err)
		ackErrors(env, map[string]string{block: u.Lang.T("error.generic")})
		return u, m, formState{}, false
	}
	return u, m, formState{cb.View.State}, true
}

// handleInteraction routes block actions, view submissions and shortcuts.
// Everything but a view submission is acked at once; a submission's ack
// carries its field errors, so it is acked after validation.
func (b *Bot) handleInteraction(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	sanitizeCallback(cb) // see sanitize.go
	switch cb.Type {
	case slack.InteractionTypeViewSubmission:
		submit, ok := b.routes.views[cb.View.CallbackID]
		if !ok {
			env.ack(nil)
			b.Logger.Warn("unknown view callback", "callback_id", cb.View.CallbackID, "user_id", cb.User.ID)
			return
		}
		submit(b, ctx, env, cb)
	case slack.InteractionTypeBlockActions:
		env.ack(nil)
		actions := cb.ActionCallback.BlockActions
		if len(actions) == 0 {
			b.Logger.Warn("block actions without action", "user_id", cb.User.ID)
			return
		}
		act, ok := b.routes.actions[actions[0].ActionID]
		if !ok {
			b.Logger.Warn("unknown action", "action_id", actions[0].ActionID, "user_id", cb.User.ID)
			return
		}
		act(b, ctx, cb, actions[0])
	case slack.InteractionTypeViewClosed:
		env.ack(nil)
	case slack.InteractionTypeMessageAction, slack.InteractionTypeShortcut:
		env.ack(nil)
		sc, ok := b.routes.shortcuts[cb.CallbackID]
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
