package plan

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// ReminderKind says what a reminder is about, and so which subject its
// SubjectID names and how the bot renders it.
type ReminderKind string

// Reminder kinds of steps 6 and 7. Other steps add their own.
const (
	// ReminderExperimentEnd asks for an experiment's results on its end
	// date. SubjectID is the experiment.
	ReminderExperimentEnd ReminderKind = "experiment_end"
	// ReminderEngagementOverdue tells the owner of an engagement item that
	// its reply is overdue. SubjectID is the item.
	ReminderEngagementOverdue ReminderKind = "engagement_overdue"
	// ReminderEngagementDigest posts the daily digest of open engagement
	// items. SubjectID is the plan.
	ReminderEngagementDigest ReminderKind = "engagement_digest"
	// ReminderCheckIn asks the plan's goal owners how their goals are
	// going, on the plan's check-in schedule (issue 17); SubjectID is the
	// plan.
	ReminderCheckIn ReminderKind = "checkin"
	// ReminderWeeklyDigest posts the plan's weekly digest on its working
	// day (issue 17); SubjectID is the plan.
	ReminderWeeklyDigest ReminderKind = "weekly_digest"
	// ReminderMonthlyReport uploads the monthly report of the month before
	// on the first working day of the month (Plan.MonthlyReport, issue 17);
	// SubjectID is the plan. See MonthlyReportRule.
	ReminderMonthlyReport ReminderKind = "monthly_report"
)

// ReminderState is the life cycle of a reminder.
type ReminderState string

// Reminder states.
const (
	ReminderActive    ReminderState = "active"    // something is still to fire
	ReminderDone      ReminderState = "done"      // nothing left to fire; a snooze makes it active again
	ReminderCancelled ReminderState = "cancelled" // its subject was closed or deleted; it never fires again
)

// Reminder is a message planbot posts on a schedule in a plan's channel:
// once (an experiment's end) or on a recurring rule (a daily digest). There
// is at most one reminder per plan, kind and subject.
type Reminder struct {
	ID        int64
	PlanID    int64
	Kind      ReminderKind
	SubjectID int64
	Rule      Rule
	ChannelID string // where it posts: the plan's channel
	ThreadTS  string // when set, it posts as a reply in that thread
	OwnerID   string // Slack user it is for; told by DM when the channel is unreachable
	State     ReminderState
	// Since is when the current rule took effect: a recurring rule's
	// occurrences before it are never due, so a changed rule does not fire
	// for the slots it would have had in the past.
	Since time.Time
	// LastDue is the last occurrence of the rule that was claimed; zero
	// when none.
	LastDue time.Time
	// SnoozedUntil asks for one extra firing then; zero when not snoozed.
	SnoozedUntil time.Time
	// NextAt is when something is next due: the earlier of the rule's next
	// occurrence and SnoozedUntil. Zero when nothing is left. Storage keeps
	// it in a column so the scheduler can ask for due work with an index.
	NextAt    time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Validate returns FieldErrors for a reminder that cannot be stored.
func (r *Reminder) Validate() error {
	var fe FieldErrors
	if r.Kind == "" {
		fe = append(fe, Invalid("kind", "reminder.kind.required", "reminder kind required"))
	}
	if r.ChannelID == "" {
		fe = append(fe, Invalid("channel_id", "reminder.channel.required", "reminder channel required"))
	}
	if err := r.Rule.Validate(); err != nil {
		fe = append(fe, ErrorFields(err)...)
	}
	return fe.Err()
}

// Occurrence is one firing of a reminder, and the key that makes it unique
// among the reminder's firings: storage claims (reminder, key) once, so no
// process ever posts it twice.
type Occurrence struct {
	Key string // the due time in UTC, or "snooze:" and the snooze time
	Firing
	Snoozed bool // an extra firing asked for with a snooze
}

// occurrenceKey is the unique key of a firing due at t.
func occurrenceKey(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

// Next returns when something is next due for r after what was already
// claimed, or zero when nothing is left.
func (r *Reminder) Next() time.Time {
	if r.State == ReminderCancelled {
		return time.Time{}
	}
	after := r.LastDue
	if r.Rule.Frequency != FrequencyOnce && after.Before(r.Since) {
		after = r.Since
	}
	next, ok := r.Rule.Next(after)
	if !ok {
		next = time.Time{}
	}
	if s := r.SnoozedUntil; !s.IsZero() && (next.IsZero() || s.Before(next)) {
		next = s
	}
	return next
}

// Due returns the occurrence of r to fire at now, if any. A snooze that has
// come due fires first; otherwise the rule decides, with its misfire policy:
// a recurring rule that missed several slots fires once, for the latest,
// and a firing more than MisfireGrace after its due time is marked Late
// (the bot posts it anyway and says so).
func (r *Reminder) Due(now time.Time) (Occurrence, bool) {
	if r.State == ReminderCancelled {
		return Occurrence{}, false
	}
	if s := r.SnoozedUntil; !s.IsZero() && !s.After(now) {
		return Occurrence{
			Key:     "snooze:" + occurrenceKey(s),
			Firing:  Firing{Due: s.UTC(), Late: now.Sub(s) > MisfireGrace},
			Snoozed: true,
		}, true
	}
	f, ok := r.Rule.Due(r.Since, r.LastDue, now)
	if !ok {
		return Occurrence{}, false
	}
	return Occurrence{Key: occurrenceKey(f.Due), Firing: f}, true
}

// Advance records that o was claimed and recomputes NextAt and State.
func (r *Reminder) Advance(o Occurrence) {
	if o.Snoozed {
		r.SnoozedUntil = time.Time{}
	} else {
		r.LastDue = o.Due
	}
	r.refresh()
}

// Rewind sets the last claimed occurrence of r back to last, an
// occurrence not after now, brings a Since after now back to now, and
// recomputes NextAt: after a clock that ran ahead claimed occurrences that
// have not come yet (or created r in the future), r fires again at its
// real next occurrence after now instead of after the future ones.
func (r *Reminder) Rewind(last, now time.Time) {
	if r.Rule.Frequency == FrequencyOnce || r.State == ReminderCancelled {
		return
	}
	r.LastDue = last.UTC()
	if r.Since.After(now) {
		r.Since = now.UTC()
	}
	r.refresh()
}

// Reschedule sets r's rule at now and makes r active. When the rule
// changes, it counts afresh: a one-shot rule fires at its new time even if
// the old one fired, and a recurring rule starts from now instead of firing
// for the slots it would have had before.
func (r *Reminder) Reschedule(rule Rule, now time.Time) {
	if !sameRule(r.Rule, rule) || r.Since.IsZero() {
		r.Rule = rule
		r.Since = now.UTC()
		r.LastDue = time.Time{}
	}
	r.State = ReminderActive
	r.refresh()
}

// Snooze asks for one more firing of r at until, even if r is done.
// Returns EINVALID when until is not after now, ECONFLICT when r was
// cancelled: its subject is closed.
func (r *Reminder) Snooze(until, now time.Time) error {
	if r.State == ReminderCancelled {
		return &Error{Code: ECONFLICT, Key: "reminder.snooze.cancelled", Message: "this reminder no longer applies"}
	}
	if !until.After(now) {
		return Invalid("until", "reminder.snooze.past", "a snooze must end in the future")
	}
	r.SnoozedUntil = until.UTC()
	r.State = ReminderActive
	r.refresh()
	return nil
}

// Cancel stops r for good.
func (r *Reminder) Cancel() {
	r.State = ReminderCancelled
	r.SnoozedUntil = time.Time{}
	r.NextAt = time.Time{}
}

func (r *Reminder) refresh() {
	if r.State == ReminderCancelled {
		r.NextAt = time.Time{}
		return
	}
	r.NextAt = r.Next()
	if r.NextAt.IsZero() {
		r.State = ReminderDone
	} else {
		r.State = ReminderActive
	}
}

func sameRule(a, b Rule) bool {
	return a.Frequency == b.Frequency && a.At.Equal(b.At) && slices.Equal(a.Weekdays, b.Weekdays) &&
		a.MonthDay == b.MonthDay && a.Hour == b.Hour && a.Minute == b.Minute && a.TimeZone == b.TimeZone
}

// ReminderFilter selects reminders. Zero fields match everything.
type ReminderFilter struct {
	PlanID    *int64
	Kind      *ReminderKind
	SubjectID *int64
	State     *ReminderState
	Limit     int
}

// DeliveryState is where a claimed firing stands.
type DeliveryState string

// Delivery states. Only claimed deliveries are ever (re)sent.
const (
	// DeliveryClaimed: claimed and certainly not posted. Its claimer sends
	// it; once its lease ends (the claimer died, or a retry is due) any
	// scheduler may take it over and send it.
	DeliveryClaimed DeliveryState = "claimed"
	// DeliverySending: a request that may post was sent and its answer is
	// not recorded yet. A process that dies here leaves a message that may
	// or may not be in Slack: whoever takes the delivery over looks for its
	// key in the channel's history (message metadata) before posting.
	DeliverySending DeliveryState = "sending"
	// DeliverySent: posted; ChannelID and MessageTS say where.
	DeliverySent DeliveryState = "sent"
	// DeliverySkipped: nothing to post (an empty digest, a closed subject).
	DeliverySkipped DeliveryState = "skipped"
	// DeliveryFailed: not posted and never will be.
	DeliveryFailed DeliveryState = "failed"
	// DeliveryUncertain: may have been posted, and Slack's history could
	// not tell after MaxAttempts tries (Slack down that long). Never re-sent:
	// a duplicate is worse than a reminder missed and logged.
	DeliveryUncertain DeliveryState = "uncertain"
)

// Delivery is one claimed firing of a reminder and what became of it.
type Delivery struct {
	ID         int64
	ReminderID int64
	PlanID     int64
	Occurrence
	State      DeliveryState
	Attempts   int       // times it was handed to the notifier
	ClaimedBy  string    // the scheduler that holds it
	LeaseUntil time.Time // when another scheduler may take a claimed delivery over
	ChannelID  string
	MessageTS  string
	Reason     string // why it failed, was skipped or is uncertain
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// ReminderService stores reminders and claims their firings. Implemented
// by storage.ReminderService. The bot calls the first group; the scheduler
// (remind.Scheduler) calls the rest. Subjects create, reschedule and
// cancel their reminders themselves, in the transaction that changes the
// subject.
type ReminderService interface {
	// FindReminderByID returns the reminder with id. Returns ENOTFOUND.
	FindReminderByID(ctx context.Context, id int64) (*Reminder, error)

	// FindReminders returns the reminders matching filter, those due
	// soonest first and those with nothing due last.
	FindReminders(ctx context.Context, filter ReminderFilter) ([]*Reminder, error)

	// SnoozeReminder asks for one more firing of reminder id at until.
	// Returns ENOTFOUND, EINVALID (until not in the future) or ECONFLICT
	// (the reminder was cancelled).
	SnoozeReminder(ctx context.Context, id int64, until time.Time) (*Reminder, error)

	// UnreachableReason returns why the bot could not post in the plan's
	// channel (a Slack error code), or "" when it can.
	UnreachableReason(ctx context.Context, planID int64) (string, error)

	// ClearChannelUnreachable forgets that a plan's channel could not be
	// posted to, so its reminders are tried at the next tick.
	ClearChannelUnreachable(ctx context.Context, planID int64) error

	// DueReminders returns up to limit reminders with something due at now,
	// leaving out those of plans whose channel is unreachable until later.
	DueReminders(ctx context.Context, now time.Time, limit int) ([]*Reminder, error)

	// ClaimDelivery claims the occurrence of reminder id due at now for the
	// scheduler owner, until leaseUntil, and advances the reminder, in one
	// transaction. ok is false when nothing is due or the occurrence was
	// claimed already, by anyone. Returns ENOTFOUND.
	ClaimDelivery(ctx context.Context, id int64, owner string, now, leaseUntil time.Time) (d *Delivery, ok bool, err error)

	// ReclaimDeliveries takes over up to limit deliveries whose lease ended
	// (their claimer died, or their retry is due) for owner until
	// leaseUntil: claimed ones, and those left sending, which keep that
	// state so that their new holder looks for them in Slack before posting.
	// A delivery handed out maxAttempts times ends instead: failed when
	// claimed, uncertain when sending. It returns the deliveries taken over
	// and the count marked uncertain.
	ReclaimDeliveries(ctx context.Context, owner string, now, leaseUntil time.Time, limit, maxAttempts int) ([]*Delivery, int, error)

	// MarkPosting records, before a request that may post, that delivery id
	// is being sent. Returns ECONFLICT when owner no longer holds it.
	MarkPosting(ctx context.Context, id int64, owner string, leaseUntil time.Time) error

	// MarkNotPosted records that the last request of delivery id certainly
	// posted nothing, so it may be sent again. Returns ECONFLICT when owner
	// no longer holds it.
	MarkNotPosted(ctx context.Context, id int64, owner string, leaseUntil time.Time) error

	// RetryDelivery hands delivery id back, to be taken over by any
	// scheduler at at: claimed and not posted, or, when it was left sending
	// (it may be in Slack), still sending, for its next holder to look for
	// it before posting. Returns ECONFLICT when owner no longer holds it.
	RetryDelivery(ctx context.Context, id int64, owner, reason string, at time.Time) error

	// WaitDelivery hands claimed delivery id back, not posted, to be taken
	// over at at without costing an attempt: its channel must wait
	// (Retry-After, the channel's pace), which is no failure. Returns
	// ECONFLICT when owner no longer holds it.
	WaitDelivery(ctx context.Context, id int64, owner, reason string, at time.Time) error

	// RewindReminders repairs the recurring reminders whose last claimed
	// occurrence, or the start of whose rule, is after now, which only a
	// clock that ran ahead can write: each fires next at its real next
	// occurrence after now. It returns how many it repaired.
	RewindReminders(ctx context.Context, now time.Time) (int, error)

	// FinishDelivery records the final state of delivery id: sent (with
	// channel and ts; this also clears the plan's unreachable mark),
	// skipped, failed or uncertain. Returns ECONFLICT when owner no longer
	// holds it.
	FinishDelivery(ctx context.Context, id int64, owner string, result DeliveryResult) error

	// MarkChannelUnreachable records that the plan's channel cannot be
	// posted to, and that its reminders wait until retryAt. first is true
	// when the channel was not marked before, so the owner is told once.
	MarkChannelUnreachable(ctx context.Context, planID int64, channelID, reason string, retryAt time.Time) (first bool, err error)
}

// DeliveryResult is the final state of a delivery.
type DeliveryResult struct {
	State     DeliveryState
	ChannelID string
	MessageTS string
	Reason    string
}

// Notice is one firing the scheduler (remind.Scheduler) hands to its
// Notifier, the bot.
type Notice struct {
	Reminder *Reminder
	Delivery *Delivery
	// Log must be told around every request that may post, so that after a
	// crash the scheduler knows whether the message may be in Slack.
	Log AttemptLog
}

// AttemptLog records each request a Notifier makes for one delivery.
type AttemptLog interface {
	// Posting is called right before a request that may post. When it
	// returns an error the notifier must not send the request, and return
	// that error: the delivery was taken over by another scheduler.
	Posting(ctx context.Context) error
	// NotPosted is called when the request certainly posted nothing: an
	// HTTP 429, or an error answer from Slack.
	NotPosted(ctx context.Context) error
}

// Receipt is what a Notifier reports for a delivery it completed.
type Receipt struct {
	ChannelID string
	TS        string
	Skipped   bool   // there was nothing to post
	Reason    string // why it was skipped
}

// DeliveryError is a delivery that did not post, as a Notifier classifies
// it for the scheduler.
type DeliveryError struct {
	Reason string // a Slack error code or HTTP status, for logs and storage
	// Unreachable: the channel cannot be posted to until someone acts
	// (not_in_channel, channel_not_found, is_archived). Not retried.
	Unreachable bool
	// RetryAfter, when positive, says nothing was posted and the delivery
	// may be tried again after that long.
	RetryAfter time.Duration
	Err        error
}

// Error implements the error interface.
func (e *DeliveryError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("delivery: %s: %v", e.Reason, e.Err)
	}
	return "delivery: " + e.Reason
}

// Unwrap returns the underlying error.
func (e *DeliveryError) Unwrap() error { return e.Err }
