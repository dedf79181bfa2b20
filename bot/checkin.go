package bot

import (
	"context"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// CheckInStore stores goal check-ins and their schedule, and what the asks
// need: the state of each goal and a claim that makes an ask go out once.
// Implemented by storage.CheckInService.
type CheckInStore interface {
	plan.CheckInService
	// CheckInStates returns the ask rules' view of each goal of the plan,
	// and the plan's schedule.
	CheckInStates(ctx context.Context, planID int64) ([]plan.CheckInState, plan.CheckInSchedule, error)
	// ClaimCheckInAsk reports whether this call claimed the ask of goalID
	// for the occurrence slot: false when it went out already.
	ClaimCheckInAsk(ctx context.Context, goalID int64, slot time.Time) (bool, error)
}

// Goal check-ins (issue 17): on the plan's check-in schedule the bot asks
// each goal owner, in the plan's channel, how their goals are going; one
// click on On track, At risk or Off track answers, and Add a note opens a
// form with the status and a note. The latest answer of each goal feeds
// the "at risk" list of /plan status, Home, the report and the digest.

// renderCheckInAsk renders the check-in reminder of a plan: the goals
// whose owners are due an ask at now (plan.CheckInSchedule.OwnerAsks),
// each claimed once, with their buttons; skipped when nobody is due.
func renderCheckInAsk(n *Notifier, ctx context.Context, p *plan.Plan, _ *plan.Reminder, _ *plan.Delivery) (reminderPost, error) {
	if n.CheckIns == nil {
		return reminderPost{Skip: "check-ins not wired"}, nil
	}
	states, sc, err := n.CheckIns.CheckInStates(ctx, p.ID)
	if err != nil {
		return reminderPost{}, err
	}
	loc := p.Location()
	var work plan.WorkingMomentFunc
	if !p.WorkingHours.IsZero() {
		work = p.WorkingHours.MomentFunc(loc)
	}
	var asks []plan.CheckInAsk
	for _, o := range sc.OwnerAsks(states, n.Now(), loc, work) {
		for _, a := range o.Asks {
			ok, err := n.CheckIns.ClaimCheckInAsk(ctx, a.Goal.ID, a.Slot)
			if err != nil {
				return reminderPost{}, err
			}
			if ok {
				asks = append(asks, a)
			}
		}
	}
	if len(asks) == 0 {
		return reminderPost{Skip: "no goal owner due a check-in"}, nil
	}
	text, blocks := checkInAskMessage(planLang(p), asks)
	return reminderPost{Text: text, Blocks: blocks}, nil
}

// checkInAction records a check-in from the buttons of an ask, or opens
// the form with a note.
func (b *Bot) checkInAction(ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction) {
	u := b.user(ctx, cb.User.ID)
	status := strings.TrimPrefix(a.ActionID, "checkin_")
	id, ok := parseID(a.Value)
	var g *plan.Goal
	var err error
	if !ok {
		err = plan.Errorf(plan.ENOTFOUND, "goal %q not found", a.Value)
	} else {
		g, err = b.Goals.FindGoalByID(ctx, id)
	}
	if err == nil && a.ActionID == ActionCheckInNote {
		src := source{TeamID: cb.Team.ID, ChannelID: cb.Channel.ID, UserID: cb.User.ID, TriggerID: cb.TriggerID}
		b.openView(ctx, src, u.Lang, checkInModal(u.Lang, g, viewMeta{PlanID: g.PlanID, ChannelID: cb.Channel.ID, ID: g.ID}))
		return
	}
	if err == nil {
		err = b.CheckIns.CreateCheckIn(actor(ctx, cb.User.ID), &plan.CheckIn{GoalID: g.ID, Status: plan.CheckInStatus(status)})
	}
	if err != nil {
		b.refuseCheckIn(ctx, u.Lang, cb.Channel.ID, cb.User.ID, g, err)
		return
	}
	b.Logger.Info("goal checked in", "goal_id", g.ID, "status", status, "user_id", cb.User.ID)
	b.ephemeral(ctx, cb.Channel.ID, cb.User.ID, u.Lang.T("checkin.recorded", Escape(g.Title), u.Lang.T("checkin.status."+status)))
}

// refuseCheckIn tells userID why their check-in was not recorded.
func (b *Bot) refuseCheckIn(ctx context.Context, lang Lang, channelID, userID string, g *plan.Goal, err error) {
	if plan.ErrorCode(err) == plan.EFORBIDDEN && g != nil {
		b.ephemeral(ctx, channelID, userID, lang.T("checkin.forbidden", userMention(g.OwnerID)))
		return
	}
	b.ephemeral(ctx, channelID, userID, b.errorText(lang, err))
}

// submitCheckIn records a check-in with its note from the form.
func (b *Bot) submitCheckIn(ctx context.Context, env *envelope, cb *slack.InteractionCallback) {
	u := b.user(ctx, cb.User.ID)
	meta, err := parsePlanMeta(cb.View.PrivateMetadata)
	f := formState{cb.View.State}
	c := &plan.CheckIn{GoalID: meta.ID, Status: plan.CheckInStatus(f.selected(BlockCheckInStatus)), Note: f.text(BlockCheckInNote)}
	if err == nil {
		err = b.CheckIns.CreateCheckIn(actor(ctx, cb.User.ID), c)
	}
	if err != nil {
		if errs := fieldErrors(u.Lang, err, map[string]string{"status": BlockCheckInStatus, "note": BlockCheckInNote}, BlockCheckInStatus); len(errs) > 0 {
			ackErrors(env, errs)
			return
		}
		text := b.errorText(u.Lang, err)
		if plan.ErrorCode(err) == plan.EFORBIDDEN {
			text = u.Lang.T("forbidden.short")
		}
		ackErrors(env, map[string]string{BlockCheckInStatus: text})
		return
	}
	env.ack(nil)
	b.Logger.Info("goal checked in", "goal_id", c.GoalID, "status", string(c.Status), "user_id", cb.User.ID)
}
