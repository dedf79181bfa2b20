package bot

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// The two message shortcuts, "Add to engagement queue" (step 7) and "Log
// as mention" (step 8), read the message they ran on and choose a plan the
// same way: explicitly, in their form, among the plans of the channels the
// user is in, the plan they last worked in first. A shortcut never creates
// a plan: run in a feed channel without one, it files the message in the
// plan the user chooses (issue 15).

// Waits of a shortcut, in the life of its trigger (3 s in Slack), in
// which the bot reads the user's channels and the message's link before it
// opens the form: a third for the channels (1 s), a fifth for the link
// (600 ms).
func (b *Bot) channelsWait() time.Duration  { return b.TriggerLife / 3 }
func (b *Bot) permalinkWait() time.Duration { return b.TriggerLife / 5 }

// shortcutMessage is the message a shortcut ran on.
type shortcutMessage struct {
	ChannelID string
	TS        string
	// Text is the message as its author typed it: Slack's &amp; &lt; and
	// &gt; are decoded here, once (see Unescape).
	Text string
	// Author is the name Slack gives a bot's or an integration's message
	// (a feed); "" for a member's.
	Author string
	// At is when it was posted, read from its ts; zero when unknown.
	At time.Time
}

// readShortcut returns the message of a shortcut's payload.
func readShortcut(cb *slack.InteractionCallback) shortcutMessage {
	ts := cb.MessageTs
	if ts == "" {
		ts = cb.Message.Timestamp
	}
	at, _ := plan.ParseSlackTS(ts)
	return shortcutMessage{ChannelID: cb.Channel.ID, TS: ts, Text: Unescape(cb.Message.Text), Author: cb.Message.Username, At: at}
}

// planOption is a plan a shortcut offers, with its channel's name.
type planOption struct {
	Plan    *plan.Plan
	Channel string
}

// planChoices are the plans a user may file a message in.
type planChoices struct {
	Options []planOption // sorted by channel name
	// Default is the channel of the plan offered first: the plan the user
	// last worked in, or the only one; "" when the user must choose.
	Default string
}

// maxPlanOptions is Slack's limit of options in a select.
const maxPlanOptions = 100

// planChoices returns the plans of teamID whose channels userID is in,
// as Slack says, the plan they last worked in first.
func (b *Bot) planChoices(ctx context.Context, teamID, userID string) (planChoices, error) {
	chans, err := b.userChannels(ctx, userID, b.channelsWait())
	if err != nil {
		return planChoices{}, err
	}
	plans, err := b.Plans.ListPlans(ctx, teamID)
	if err != nil {
		return planChoices{}, err
	}
	var c planChoices
	for _, p := range plans {
		if name, ok := chans[p.ChannelID]; ok {
			c.Options = append(c.Options, planOption{Plan: p, Channel: name})
		}
	}
	slices.SortFunc(c.Options, func(a, b planOption) int { return strings.Compare(a.Channel, b.Channel) })
	last, err := b.Plans.LastPlanVisited(ctx, teamID, userID)
	if err != nil && plan.ErrorCode(err) != plan.ENOTFOUND {
		b.Logger.Warn("find last plan visited", "user_id", userID, "error", err)
	}
	// The default first, so that it stays within Slack's 100 options.
	if i := slices.IndexFunc(c.Options, func(o planOption) bool { return o.Plan.ID == last }); i >= 0 {
		o := c.Options[i]
		c.Default = o.Plan.ChannelID
		c.Options = slices.Insert(slices.Delete(c.Options, i, i+1), 0, o)
	}
	if len(c.Options) == 1 {
		c.Default = c.Options[0].Plan.ChannelID
	}
	if len(c.Options) > maxPlanOptions {
		c.Options = c.Options[:maxPlanOptions]
	}
	return c, nil
}

// find returns the plan of channelID among c, or nil.
func (c planChoices) find(channelID string) *plan.Plan {
	for _, o := range c.Options {
		if o.Plan.ChannelID == channelID {
			return o.Plan
		}
	}
	return nil
}

// byID returns the plan planID when c offers it, or nil: the user may see
// only the plans of their channels.
func (c planChoices) byID(planID int64) *plan.Plan {
	for _, o := range c.Options {
		if o.Plan.ID == planID {
			return o.Plan
		}
	}
	return nil
}

// errNotYourPlan is the field error of a plan choice that is not one of
// the user's plans: a stale form, or a forged payload.
var errNotYourPlan = plan.Invalid("plan", "shortcut.plan.invalid", "choose one of the plans of your channels")

// chosenPlan returns the plan of channelID that the user chose in a
// shortcut's form, checking again that it is the plan of a channel they
// are in: the form may be old, or forged. Returns errNotYourPlan (EINVALID)
// when it is not.
func (b *Bot) chosenPlan(ctx context.Context, teamID, userID, channelID string) (*plan.Plan, error) {
	if channelID == "" {
		return nil, errNotYourPlan
	}
	c, err := b.planChoices(ctx, teamID, userID)
	if err != nil {
		return nil, err
	}
	p := c.find(channelID)
	if p == nil {
		return nil, errNotYourPlan
	}
	return p, nil
}

// visited records that userID worked in plan p: the plan their next
// shortcut offers first. A failure is only logged.
func (b *Bot) visited(ctx context.Context, p *plan.Plan, userID string) {
	if err := b.Plans.RecordPlanVisit(ctx, p.TeamID, userID, p.ID); err != nil {
		b.Logger.Warn("record plan visit", "plan_id", p.ID, "user_id", userID, "error", err)
	}
}

// markOriginal shows on the message a shortcut ran on that it was filed:
// the bot reacts with emoji and replies in its thread with note, which
// says by whom and where. A channel the bot is not in keeps its message
// unmarked: that is only logged.
func (b *Bot) markOriginal(ctx context.Context, m shortcutMessage, emoji, note string) {
	if m.ChannelID == "" || m.TS == "" {
		return
	}
	b.react(ctx, emoji, m.ChannelID, m.TS)
	// The key makes the reply once per message and mark, whatever Slack
	// answers.
	b.deliver(owed{ChannelID: m.ChannelID, ThreadTS: m.TS, Text: note, What: "reply",
		Key: "mark:" + emoji + ":" + m.ChannelID + "/" + m.TS})
}

// startShortcut reads the message a shortcut ran on and the plans the user
// may file it in. When there are none, or they cannot be read, it opens a
// notice titled titleKey that says why, and ok is false.
func (b *Bot) startShortcut(ctx context.Context, cb *slack.InteractionCallback, titleKey string) (u userInfo, msg shortcutMessage, choices planChoices, ok bool) {
	u = b.user(ctx, cb.User.ID)
	msg = readShortcut(cb)
	choices, err := b.planChoices(ctx, cb.Team.ID, cb.User.ID)
	if err != nil {
		b.Logger.Warn("shortcut: plans of the user", "callback_id", cb.CallbackID, "user_id", cb.User.ID, "error", err)
		b.openNotice(ctx, cb, u.Lang, u.Lang.T(titleKey), b.errorText(u.Lang, err))
		return u, msg, choices, false
	}
	if len(choices.Options) == 0 {
		b.openNotice(ctx, cb, u.Lang, u.Lang.T(titleKey), u.Lang.T("shortcut.no_plan"))
		return u, msg, choices, false
	}
	return u, msg, choices, true
}

// openNotice opens a modal that only says text, for a shortcut that cannot
// open its form.
func (b *Bot) openNotice(ctx context.Context, cb *slack.InteractionCallback, lang Lang, title, text string) {
	src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, lang, noticeModal(lang, title, text))
}
