package plan_test

import (
	"slices"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// walk ticks r every step from from to to, as the scheduler would, and
// returns the due times of the firings claimed, with their Late flags.
func walk(tb testing.TB, r *plan.Reminder, from, to time.Time, step time.Duration) ([]string, []bool) {
	tb.Helper()
	var due []string
	var late []bool
	for now := from; !now.After(to); now = now.Add(step) {
		o, ok := r.Due(now)
		if !ok {
			continue
		}
		if next := r.NextAt; next.After(now) {
			tb.Fatalf("at %s: due %s although NextAt is %s", now, o.Due, next)
		}
		due = append(due, o.Due.Format(time.RFC3339))
		late = append(late, o.Late)
		r.Advance(o)
		if o2, ok := r.Due(now); ok {
			tb.Fatalf("at %s: %s due again right after it was claimed", now, o2.Due)
		}
	}
	return due, late
}

// newReminder returns an active reminder with rule, created at since.
func newReminder(rule plan.Rule, since time.Time) *plan.Reminder {
	r := &plan.Reminder{Kind: plan.ReminderEngagementDigest, ChannelID: "C1"}
	r.Reschedule(rule, since)
	return r
}

// TestReminderDST ticks reminders every minute across the 2026 daylight
// saving changes: a time skipped in spring fires at the first valid
// instant after it, an ambiguous time in the fall fires once, and nothing
// fires late.
func TestReminderDST(t *testing.T) {
	const paris, ny = "Europe/Paris", "America/New_York"
	daily := func(zone string, h, m int) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyDaily, Hour: h, Minute: m, TimeZone: zone}
	}
	weekly := func(zone string, h, m int, days ...time.Weekday) plan.Rule {
		return plan.Rule{Frequency: plan.FrequencyWeekly, Weekdays: days, Hour: h, Minute: m, TimeZone: zone}
	}
	tests := []struct {
		name     string
		rule     plan.Rule
		from, to string
		want     []string // UTC
	}{
		{name: "ParisDailySpringGap", rule: daily(paris, 2, 30), from: "2026-03-27T12:00:00Z", to: "2026-03-30T12:00:00Z",
			// 02:30 CET, then 03:30 CEST (02:30 does not exist), then 02:30 CEST.
			want: []string{"2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"}},
		{name: "ParisDailyFallOverlapOnce", rule: daily(paris, 2, 30), from: "2026-10-23T12:00:00Z", to: "2026-10-26T12:00:00Z",
			// 02:30 happens twice on the 25th: once, at the first.
			want: []string{"2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"}},
		{name: "ParisDaily0900", rule: daily(paris, 9, 0), from: "2026-03-28T00:00:00Z", to: "2026-03-30T00:00:00Z",
			want: []string{"2026-03-28T08:00:00Z", "2026-03-29T07:00:00Z"}},
		{name: "ParisWeeklySundayGap", rule: weekly(paris, 2, 30, time.Sunday), from: "2026-03-20T00:00:00Z", to: "2026-04-06T00:00:00Z",
			want: []string{"2026-03-22T01:30:00Z", "2026-03-29T01:30:00Z", "2026-04-05T00:30:00Z"}},
		{name: "ParisWeeklyMondayAcrossFall", rule: weekly(paris, 9, 0, time.Monday), from: "2026-10-18T00:00:00Z", to: "2026-10-27T00:00:00Z",
			want: []string{"2026-10-19T07:00:00Z", "2026-10-26T08:00:00Z"}},
		{name: "NewYorkDailySpringGap", rule: daily(ny, 2, 30), from: "2026-03-06T12:00:00Z", to: "2026-03-09T12:00:00Z",
			want: []string{"2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"}},
		{name: "NewYorkDailyFallOverlapOnce", rule: daily(ny, 1, 30), from: "2026-10-30T12:00:00Z", to: "2026-11-02T12:00:00Z",
			want: []string{"2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"}},
		{name: "NewYorkWeeklySundayOverlapOnce", rule: weekly(ny, 1, 30, time.Sunday), from: "2026-10-24T00:00:00Z", to: "2026-11-09T00:00:00Z",
			want: []string{"2026-10-25T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-08T06:30:00Z"}},
		{name: "NewYorkWeeklyTwoDaysAcrossSpring", rule: weekly(ny, 9, 0, time.Friday, time.Monday), from: "2026-03-05T00:00:00Z", to: "2026-03-10T00:00:00Z",
			want: []string{"2026-03-06T14:00:00Z", "2026-03-09T13:00:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to := MustParseTime(t, tt.from), MustParseTime(t, tt.to)
			r := newReminder(tt.rule, from)
			got, late := walk(t, r, from, to, time.Minute)
			if !slices.Equal(got, tt.want) {
				t.Errorf("fired at %v\nwant     %v", got, tt.want)
			}
			if slices.Contains(late, true) {
				t.Errorf("late flags %v: a one-minute tick is never late", late)
			}
		})
	}
}

// TestReminderDowntime checks the misfire policy: after three days off, a
// daily reminder fires once, for the latest slot, marked late with the
// missed slots counted; a one-shot fires once, marked late.
func TestReminderDowntime(t *testing.T) {
	t.Run("RecurringFiresOnce", func(t *testing.T) {
		r := newReminder(plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "Europe/Paris"}, MustParseTime(t, "2026-06-01T00:00:00Z"))
		o, ok := r.Due(MustParseTime(t, "2026-06-01T07:00:10Z"))
		if !ok {
			t.Fatal("first slot not due")
		}
		r.Advance(o)
		// Down from June 1, 08:00 to June 4, 12:00: slots of June 2, 3 and 4 missed.
		now := MustParseTime(t, "2026-06-04T12:00:00Z")
		o, ok = r.Due(now)
		if !ok {
			t.Fatal("nothing due after downtime")
		}
		if want := MustParseTime(t, "2026-06-04T07:00:00Z"); !o.Due.Equal(want) || !o.Late || o.Missed != 2 {
			t.Errorf("Due = %+v, want the latest slot %s, late, 2 missed", o, want)
		}
		r.Advance(o)
		if o, ok := r.Due(now); ok {
			t.Errorf("due again after catching up: %+v", o)
		}
		if want := MustParseTime(t, "2026-06-05T07:00:00Z"); !r.NextAt.Equal(want) || r.State != plan.ReminderActive {
			t.Errorf("NextAt = %s (%s), want %s", r.NextAt, r.State, want)
		}
	})
	t.Run("OnceFiresLateOnce", func(t *testing.T) {
		at := MustParseTime(t, "2026-06-01T10:00:00Z")
		r := newReminder(plan.Rule{Frequency: plan.FrequencyOnce, At: at}, at.Add(-time.Hour))
		o, ok := r.Due(at.Add(72 * time.Hour))
		if !ok || !o.Due.Equal(at) || !o.Late {
			t.Fatalf("Due = %+v, %v; want %s, late", o, ok, at)
		}
		r.Advance(o)
		if r.State != plan.ReminderDone || !r.NextAt.IsZero() {
			t.Errorf("after firing: state %s, NextAt %s; want done and none", r.State, r.NextAt)
		}
	})
}

func TestReminderSnooze(t *testing.T) {
	at := MustParseTime(t, "2026-06-01T10:00:00Z")
	r := newReminder(plan.Rule{Frequency: plan.FrequencyOnce, At: at}, at.Add(-time.Hour))
	o, _ := r.Due(at)
	r.Advance(o)

	t.Run("ErrPast", func(t *testing.T) {
		if err := r.Snooze(at, at.Add(time.Minute)); plan.ErrorCode(err) != plan.EINVALID {
			t.Fatalf("Snooze into the past: %v, want EINVALID", err)
		}
	})
	t.Run("OK", func(t *testing.T) {
		until := at.Add(time.Hour)
		if err := r.Snooze(until, at.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if r.State != plan.ReminderActive || !r.NextAt.Equal(until) {
			t.Fatalf("snoozed: state %s NextAt %s, want active at %s", r.State, r.NextAt, until)
		}
		if _, ok := r.Due(until.Add(-time.Second)); ok {
			t.Fatal("due before the snooze ends")
		}
		o, ok := r.Due(until)
		if !ok || !o.Snoozed || !o.Due.Equal(until) || o.Key == occKey(at) {
			t.Fatalf("Due = %+v, %v; want a snooze firing with its own key", o, ok)
		}
		r.Advance(o)
		if _, ok := r.Due(until.Add(24 * time.Hour)); ok || r.State != plan.ReminderDone {
			t.Fatalf("a snooze fired twice, or the reminder is %s", r.State)
		}
	})
	t.Run("ErrCancelled", func(t *testing.T) {
		r.Cancel()
		if err := r.Snooze(at.Add(2*time.Hour), at); plan.ErrorCode(err) != plan.ECONFLICT {
			t.Fatalf("Snooze of a cancelled reminder: %v, want ECONFLICT", err)
		}
		if _, ok := r.Due(at.Add(48 * time.Hour)); ok {
			t.Fatal("a cancelled reminder is due")
		}
	})
}

func occKey(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func TestReminderReschedule(t *testing.T) {
	at := MustParseTime(t, "2026-06-01T10:00:00Z")
	t.Run("SameOnceRuleDoesNotFireAgain", func(t *testing.T) {
		r := newReminder(plan.Rule{Frequency: plan.FrequencyOnce, At: at}, at.Add(-time.Hour))
		o, _ := r.Due(at)
		r.Advance(o)
		r.Reschedule(plan.Rule{Frequency: plan.FrequencyOnce, At: at}, at.Add(time.Hour))
		if _, ok := r.Due(at.Add(2 * time.Hour)); ok || r.State != plan.ReminderDone {
			t.Fatalf("an unchanged rule fired again (state %s)", r.State)
		}
	})
	t.Run("MovedOnceRuleFiresAtNewTime", func(t *testing.T) {
		r := newReminder(plan.Rule{Frequency: plan.FrequencyOnce, At: at}, at.Add(-time.Hour))
		o, _ := r.Due(at)
		r.Advance(o)
		later := at.Add(48 * time.Hour)
		r.Reschedule(plan.Rule{Frequency: plan.FrequencyOnce, At: later}, at.Add(time.Hour))
		if o, ok := r.Due(later); !ok || !o.Due.Equal(later) || r.State != plan.ReminderActive {
			t.Fatalf("Due = %+v, %v; want the new time", o, ok)
		}
	})
	t.Run("ChangedRecurringRuleSkipsPastSlots", func(t *testing.T) {
		r := newReminder(plan.Rule{Frequency: plan.FrequencyDaily, Hour: 9, TimeZone: "UTC"}, at.Add(-72*time.Hour))
		// Moved to 08:00 at 10:00: today's 08:00 and 09:00 are past, not due.
		r.Reschedule(plan.Rule{Frequency: plan.FrequencyDaily, Hour: 8, TimeZone: "UTC"}, at)
		if o, ok := r.Due(at); ok {
			t.Fatalf("due right after the change: %+v", o)
		}
		if want := MustParseTime(t, "2026-06-02T08:00:00Z"); !r.NextAt.Equal(want) {
			t.Fatalf("NextAt = %s, want %s", r.NextAt, want)
		}
	})
}

func TestReminderValidate(t *testing.T) {
	ok := plan.Reminder{Kind: plan.ReminderExperimentEnd, ChannelID: "C1", Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: time.Now()}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("Validate = %v", err)
	}
	bad := plan.Reminder{Rule: plan.Rule{Frequency: plan.FrequencyDaily, Hour: 25, TimeZone: "UTC"}}
	var fields []string
	for _, fe := range plan.ErrorFields(bad.Validate()) {
		fields = append(fields, fe.Field)
	}
	if want := []string{"kind", "channel_id", "hour"}; !slices.Equal(fields, want) {
		t.Errorf("fields = %v, want %v", fields, want)
	}
}

// TestReminder_Rewind: a daily reminder whose last claimed occurrence (or
// whose start) a clock ahead put in the future fires next at its real
// next occurrence; a one-off is left alone.
func TestReminder_Rewind(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	daily := plan.Rule{Frequency: plan.FrequencyDaily, Hour: 10, TimeZone: "UTC"}
	now := utc("2026-06-01T12:00:00Z")
	tests := []struct {
		name        string
		r           plan.Reminder
		last        time.Time
		wantNext    time.Time
		wantSinceAt time.Time
	}{
		{name: "ClaimedAYearAhead", r: plan.Reminder{Rule: daily, Since: utc("2026-01-01T00:00:00Z"), LastDue: utc("2027-06-01T10:00:00Z")},
			last: utc("2026-06-01T10:00:00Z"), wantNext: utc("2026-06-02T10:00:00Z"), wantSinceAt: utc("2026-01-01T00:00:00Z")},
		{name: "CreatedAhead", r: plan.Reminder{Rule: daily, Since: utc("2026-07-01T08:00:00Z"), LastDue: utc("2026-07-01T10:00:00Z")},
			wantNext: utc("2026-06-02T10:00:00Z"), wantSinceAt: now},
		{name: "OneOffUntouched", r: plan.Reminder{Rule: plan.Rule{Frequency: plan.FrequencyOnce, At: utc("2026-07-01T10:00:00Z")}, Since: utc("2026-07-01T08:00:00Z")},
			wantSinceAt: utc("2026-07-01T08:00:00Z")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.r
			r.Rewind(tt.last, now)
			if !r.NextAt.Equal(tt.wantNext) || !r.Since.Equal(tt.wantSinceAt) {
				t.Errorf("next %s since %s; want next %s since %s", r.NextAt, r.Since, tt.wantNext, tt.wantSinceAt)
			}
		})
	}
}
