package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/plan"
)

// The App Home dashboard: the user's plans and their progress, the content
// items waiting for the user's review and those assigned to them.

// Home limits: what fits Slack's 100 blocks with room to spare.
const (
	homeMaxPlans   = 10
	homeMaxItems   = 10
	homeMaxReplies = 50 // engagement items read for the 5 shown in the user's plans
)

// homeOpened publishes the Home tab of a user who opens it, within the
// event's handling (not in the background): the event is recorded as
// handled only once its Home is published, so a process that dies while
// publishing leaves the event to another (see EventClaimer).
func (b *Bot) homeOpened(ctx context.Context, ev slackevents.EventsAPIEvent) {
	var user, tab string
	switch inner := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		user, tab = inner.User, inner.Tab
	case slackevents.AppHomeOpenedEvent:
		user, tab = inner.User, inner.Tab
	default:
		return
	}
	if tab == "home" || tab == "" {
		// As long as a Home publish in the background may take (Slack's
		// rate limits), not the handler's deadline: the event is acked.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.BackgroundTimeout)
		defer cancel()
		b.renderHome(ctx, ev.TeamID, user)
	}
}

// publishHome renders the App Home of a user and publishes it, unless it
// is the one the user has already. It runs in the background, after the
// ack, for as long as Slack's rate limits require; views.publish is
// idempotent.
//
// Several processes may publish a user's Home at once, each from what it
// read at its own moment. So that none publishes over a newer Home, each
// publish carries Slack's hash of the Home last published, as Homes
// recorded it for every process: Slack refuses it (hash_conflict) when
// another process published since, and the Home is read and rendered
// again. Within this process, one publish at a time per user.
func (b *Bot) publishHome(ctx context.Context, teamID, userID string) {
	b.later("home:"+userID, func(ctx context.Context) { b.renderHome(ctx, teamID, userID) })
}

// renderHome is publishHome, now.
func (b *Bot) renderHome(ctx context.Context, teamID, userID string) {
	defer b.homeLocks.lock(userID)()

	u := b.user(ctx, userID)
	loc, err := time.LoadLocation(u.TZ)
	if err != nil {
		loc = time.UTC
	}
	for attempt := 1; ; attempt++ {
		hash, sum := b.lastHome(ctx, userID)
		d, err := b.dashboard(ctx, teamID, userID, loc)
		if err != nil {
			b.Logger.Error("home: dashboard", "team_id", teamID, "user_id", userID, "error", err)
			return
		}
		view := dashboardView(u.Lang, b.routes.commands, d)
		raw, err := json.Marshal(view)
		if err != nil {
			b.Logger.Error("home: marshal view", "error", err)
			return
		}
		viewSum := sha256.Sum256(raw)
		if sum != "" && sum == hex.EncodeToString(viewSum[:]) {
			return // the user has this Home already
		}
		// The last attempt publishes whatever Slack has: a process that
		// died between its publish and its record would otherwise block
		// every later one.
		over := hash
		if attempt >= homeAttempts {
			over = ""
		}
		newHash, err := b.Calls.PublishHome(ctx, userID, view, over)
		var serr slack.SlackErrorResponse
		if errors.As(err, &serr) && serr.Err == "hash_conflict" && attempt < homeAttempts {
			b.Logger.Debug("home: published meanwhile by another process; rendering again", "user_id", userID)
			continue
		}
		if err != nil {
			b.Logger.Warn("views.publish", "user_id", userID, "error", err)
			return
		}
		b.recordHome(ctx, userID, newHash, hex.EncodeToString(viewSum[:]))
		return
	}
}

// homeAttempts bounds the publishes of one Home that Slack refuses because
// another process published meanwhile.
const homeAttempts = 3

// HomeRecorder remembers, for every process on the database, the Home
// last published to each user: Slack's hash of it and the SHA-256 of its
// JSON. Implemented by storage.HomeService.
type HomeRecorder interface {
	// LastHome returns the hash and the SHA-256 of the Home last published
	// to userID, "" and "" when none was recorded.
	LastHome(ctx context.Context, userID string) (viewHash, contentSHA string, err error)
	// RecordHome records the Home just published to userID.
	RecordHome(ctx context.Context, userID, viewHash, contentSHA string) error
}

// lastHome returns what Homes recorded of the user's Home; "" and "" when
// nothing is recorded or Homes is not set or fails, so the Home is
// published.
func (b *Bot) lastHome(ctx context.Context, userID string) (hash, sum string) {
	if b.Homes == nil {
		return "", ""
	}
	hash, sum, err := b.Homes.LastHome(ctx, userID)
	if err != nil {
		b.Logger.Warn("home: read last published", "user_id", userID, "error", err)
		return "", ""
	}
	return hash, sum
}

// recordHome records the Home just published, when Homes is set.
func (b *Bot) recordHome(ctx context.Context, userID, hash, sum string) {
	if b.Homes == nil {
		return
	}
	if err := b.Homes.RecordHome(ctx, userID, hash, sum); err != nil {
		b.Logger.Warn("home: record published", "user_id", userID, "error", err)
	}
}

// dashboard gathers what Home shows to userID in teamID, from one
// snapshot: the plans they own or take part in and whose channel they are
// a member of, as Slack says, first; then the other plans of the
// workspace, which show without their name or buttons. A plan of a
// channel the user is not in shows as another plan, even if they own or
// review an item of it: their items show, not the plan.
func (b *Bot) dashboard(ctx context.Context, teamID, userID string, loc *time.Location) (dashboard, error) {
	h, err := b.Snapshots.HomeSnapshot(ctx, plan.HomeFilter{
		TeamID: teamID, UserID: userID, MaxPlans: homeMaxPlans, MaxItems: homeMaxItems, MaxReplies: homeMaxReplies,
	})
	if err != nil {
		return dashboard{}, err
	}
	chans, ok := b.members.channels(ctx, userID)
	if !ok {
		b.Logger.Warn("home: membership unknown; no plan shown as the user's", "user_id", userID)
	}
	return dashboardOf(h, userID, func(channelID string) bool { return slices.Contains(chans, channelID) }, b.Now(), loc), nil
}

// dashboardOf is what Home shows of h to userID at now, in the user's
// zone loc; member says whether the user is in a channel.
func dashboardOf(h *plan.HomeSnapshot, userID string, member func(channelID string) bool, now time.Time, loc *time.Location) dashboard {
	d := dashboard{MorePlans: h.MorePlans, Live: liveDashboard{Unreachable: map[string]string{}, Now: now, Loc: loc}}
	mine := map[int64]*plan.Plan{}  // the user's plans, in channels they are in
	items := map[int64]*plan.Plan{} // the plans whose items the user may see
	review := h.ToReview
	for _, s := range h.Plans {
		p := s.Plan
		if h.Mine[p.ID] {
			items[p.ID] = p
		}
		isMine := h.Mine[p.ID] && member(p.ChannelID)
		d.Plans = append(d.Plans, homePlanRow{Plan: p, Progress: s.Progress(now), Mine: isMine, Gaps: weekGaps(s, now)})
		if !isMine {
			continue
		}
		mine[p.ID] = p
		// Waiting for the user's review too: the items of the plans they
		// own that name no reviewer.
		if p.IsOwner(userID) {
			for _, c := range s.Content {
				if c.Status == plan.ContentInReview && c.ReviewerID == "" {
					review = append(review, c)
				}
			}
		}
		for _, e := range s.Experiments {
			if !e.Concluded() && len(d.Live.Experiments) < homeMaxLive {
				d.Live.Experiments = append(d.Live.Experiments, homeExperiment{Experiment: e, ChannelID: p.ChannelID})
			}
		}
		for _, r := range s.Reminders {
			d.Live.Reminders = append(d.Live.Reminders, homeReminder{Reminder: r, ChannelID: p.ChannelID})
		}
		if s.Unreachable != "" && len(d.Live.Unreachable) < homeMaxLive {
			d.Live.Unreachable[p.ChannelID] = s.Unreachable
		}
	}
	add := func(dst []homeItem, list []*plan.ContentItem) []homeItem {
		for _, c := range list {
			p, ok := items[c.PlanID] // the user's plans of this team only
			if !ok || slices.ContainsFunc(dst, func(h homeItem) bool { return h.Item.ID == c.ID }) {
				continue
			}
			if len(dst) == homeMaxItems {
				d.MoreToDo = true
				break
			}
			dst = append(dst, homeItem{Item: c, ChannelID: p.ChannelID, Loc: p.Location()})
		}
		return dst
	}
	d.ToReview = add(nil, review)
	d.Assigned = add(nil, h.Assigned)
	for _, it := range h.Replies {
		if p, ok := mine[it.PlanID]; ok && len(d.Live.Replies) < homeMaxLive {
			d.Live.Replies = append(d.Live.Replies, homeReply{Item: it, ChannelID: p.ChannelID})
		}
	}
	// The soonest reminders across plans.
	slices.SortStableFunc(d.Live.Reminders, func(a, b homeReminder) int { return a.Reminder.NextAt.Compare(b.Reminder.NextAt) })
	if len(d.Live.Reminders) > homeMaxLive {
		d.Live.Reminders = d.Live.Reminders[:homeMaxLive]
	}
	return d
}

// homeOpenStep opens a step of a plan from Home: a button or the step
// select, whose value is "<channel ID>|<step>".
func (b *Bot) homeOpenStep(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	value := a.Value
	if value == "" {
		value = a.SelectedOption.Value
	}
	channelID, command, _ := strings.Cut(value, "|")
	if !b.routes.commands.available(command) || command == "help" || channelID == "" {
		b.Logger.Warn("home: bad step", "value", value)
		return
	}
	// Only a plan Home shows to the user: a forged value cannot open others.
	plans, err := b.Plans.ListPlansOfUser(ctx, cb.Team.ID, cb.User.ID)
	if err != nil || !slices.ContainsFunc(plans, func(p *plan.Plan) bool { return p.ChannelID == channelID }) {
		b.Logger.Warn("home: plan not shown to user", "channel_id", channelID, "user_id", cb.User.ID, "error", err)
		return
	}
	// And only to a member of its channel.
	if !b.requireMember(ctx, channelID, cb.User.ID, b.user(ctx, cb.User.ID).Lang) {
		return
	}
	b.openStep(ctx, command, source{TeamID: cb.Team.ID, ChannelID: channelID, UserID: cb.User.ID, TriggerID: cb.TriggerID})
}

// homeOpenItem opens the form of a content item from Home.
func (b *Bot) homeOpenItem(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	c, p, err := b.reviewItem(ctx, a.Value)
	if err == nil && p.TeamID != cb.Team.ID {
		err = plan.Errorf(plan.ENOTFOUND, "content item %d not in team %s", c.ID, cb.Team.ID)
	}
	if err != nil {
		b.Logger.Warn("home: open item", "value", a.Value, "error", err)
		return
	}
	// The form shows the plan (its pillars, personas, calls to action):
	// only to a member of its channel. Others get the item, by DM.
	if member, known := b.memberOf(ctx, p.ChannelID, cb.User.ID); !member {
		if !known {
			b.ephemeral(ctx, cb.User.ID, cb.User.ID, u.Lang.T("delivery.member_check", p.ChannelID))
			return
		}
		b.Logger.Info("home: item sent to a user outside its channel", "item_id", c.ID, "user_id", cb.User.ID)
		head := u.Lang.T("delivery.item_dm", p.ChannelID)
		b.directMessage(cb.User.ID, head, append([]slack.Block{slack.NewSectionBlock(mrkdwn(head), nil, nil)}, reviewBlocks(u.Lang, c, contentRefs{}, "", p.Location())...))
		return
	}
	refs, err := b.contentRefs(ctx, p.ID)
	if err != nil {
		b.Logger.Warn("home: open item refs", "plan_id", p.ID, "error", err)
		return
	}
	meta := viewMeta{PlanID: p.ID, ChannelID: p.ChannelID, ID: c.ID, ParentID: homeParent}
	src := source{TeamID: cb.Team.ID, ChannelID: p.ChannelID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
	b.openView(ctx, src, u.Lang, contentItemModal(u.Lang, c, refs, meta, p.Location()))
}
