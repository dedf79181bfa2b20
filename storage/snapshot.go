package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure SnapshotService implements plan.SnapshotService.
var _ plan.SnapshotService = (*SnapshotService)(nil)

// SnapshotService reads snapshots of plans. Each snapshot is one read-only
// transaction, so what a screen shows is one state of the plans, and reads
// a set of plans with one query a table, whatever their number: the App
// Home of a user in ten plans costs what one plan costs. It implements
// plan.SnapshotService.
type SnapshotService struct {
	db *DB
}

// NewSnapshotService returns a SnapshotService on db.
func NewSnapshotService(db *DB) *SnapshotService {
	return &SnapshotService{db: db}
}

// PlanSnapshot returns everything the plan id recorded. Returns ENOTFOUND.
func (s *SnapshotService) PlanSnapshot(ctx context.Context, id int64) (*plan.PlanSnapshot, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	plans, err := snapshotPlans(ctx, tx, "WHERE id = ?", id)
	if err != nil {
		return nil, err
	}
	if len(plans) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "plan not found")
	}
	snaps, err := snapshotsOf(ctx, tx, plans, false)
	if err != nil {
		return nil, err
	}
	return snaps[0], nil
}

// HomeSnapshot returns what the App Home of filter.UserID shows.
func (s *SnapshotService) HomeSnapshot(ctx context.Context, filter plan.HomeFilter) (*plan.HomeSnapshot, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	// The plans the user owns or took part in, as PlanService.ListPlansOfUser
	// says; ?2 is the user in every subquery.
	mine, err := snapshotPlans(ctx, tx, `WHERE team_id = ?1 AND (
		id IN (SELECT plan_id FROM plan_owners WHERE user_id = ?2)
		OR id IN (SELECT plan_id FROM goals WHERE created_by = ?2 OR owner_id = ?2)
		OR id IN (SELECT plan_id FROM personas WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM strategies WHERE updated_by = ?2)
		OR id IN (SELECT plan_id FROM pillars WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM ctas WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM plan_channels WHERE created_by = ?2)
		OR id IN (SELECT plan_id FROM content_items WHERE created_by = ?2 OR owner_id = ?2
			OR reviewer_id = ?2 OR review_requested_by = ?2 OR review_decided_by = ?2)
		OR id IN (SELECT plan_id FROM experiments WHERE created_by = ?2 OR owner_id = ?2)
		OR id IN (SELECT plan_id FROM engagement_items WHERE created_by = ?2 OR owner_id = ?2))`,
		filter.TeamID, filter.UserID)
	if err != nil {
		return nil, err
	}
	all, err := snapshotPlans(ctx, tx, "WHERE team_id = ?", filter.TeamID)
	if err != nil {
		return nil, err
	}
	h := &plan.HomeSnapshot{Mine: map[int64]bool{}}
	shown := mine
	for _, p := range mine {
		h.Mine[p.ID] = true
	}
	for _, p := range all {
		if !h.Mine[p.ID] {
			shown = append(shown, p)
		}
	}
	if len(shown) > filter.MaxPlans {
		h.MorePlans, shown = len(shown)-filter.MaxPlans, shown[:filter.MaxPlans]
	}
	if h.Plans, err = snapshotsOf(ctx, tx, shown, true); err != nil {
		return nil, err
	}
	inReview := []plan.ContentStatus{plan.ContentInReview}
	if h.ToReview, _, err = findContentItems(ctx, tx, plan.ContentFilter{ReviewerID: filter.UserID, Statuses: inReview, Limit: filter.MaxItems + 1}); err != nil {
		return nil, err
	}
	todo := []plan.ContentStatus{plan.ContentIdea, plan.ContentDraft, plan.ContentInReview, plan.ContentApproved, plan.ContentScheduled}
	if h.Assigned, _, err = findContentItems(ctx, tx, plan.ContentFilter{OwnerID: filter.UserID, Statuses: todo, Limit: filter.MaxItems + 1}); err != nil {
		return nil, err
	}
	open := plan.EngagementOpen
	if h.Replies, _, err = findEngagementItems(ctx, tx, plan.EngagementFilter{OwnerID: filter.UserID, Status: &open, Limit: filter.MaxReplies}); err != nil {
		return nil, err
	}
	return h, nil
}

// snapshotPlans returns the plans where selects, oldest first, with their
// owners.
func snapshotPlans(ctx context.Context, tx *Tx, where string, args ...any) ([]*plan.Plan, error) {
	var plans []*plan.Plan
	byID := map[int64]*plan.Plan{}
	err := each(ctx, tx, "plans", `SELECT `+planColumns+` FROM plans `+where+` ORDER BY id`, args, func(rows *sql.Rows) error {
		var p plan.Plan
		if err := rows.Scan(planFields(&p)...); err != nil {
			return err
		}
		p.WorkingHours = readHours(p.WorkingHours)
		plans, byID[p.ID] = append(plans, &p), &p
		return nil
	})
	if err != nil || len(plans) == 0 {
		return plans, err
	}
	in, ids := inList(byID)
	return plans, each(ctx, tx, "plan owners", `
		SELECT plan_id, user_id FROM plan_owners WHERE plan_id IN (`+in+`) ORDER BY plan_id, position`, ids,
		func(rows *sql.Rows) error {
			var id int64
			var user string
			if err := rows.Scan(&id, &user); err != nil {
				return err
			}
			byID[id].Owners = append(byID[id].Owners, user)
			return nil
		})
}

// snapshotsOf reads the snapshots of plans, in their order, with one
// query a table (two for the tables with links). With kpiOnly, the
// observations read are those of the plans' KPIs (see
// snapshotObservations).
func snapshotsOf(ctx context.Context, tx *Tx, plans []*plan.Plan, kpiOnly bool) ([]*plan.PlanSnapshot, error) {
	snaps := make([]*plan.PlanSnapshot, len(plans))
	of := map[int64]*plan.PlanSnapshot{}
	for i, p := range plans {
		snaps[i] = &plan.PlanSnapshot{Plan: p, Strategy: &plan.Strategy{PlanID: p.ID}, Schedule: plan.DefaultReviewSchedule}
		of[p.ID] = snaps[i]
	}
	if len(plans) == 0 {
		return snaps, nil
	}
	in, ids := inList(of)
	for _, load := range []func(context.Context, *Tx, string, []any, map[int64]*plan.PlanSnapshot) error{
		snapshotGoals, snapshotPersonas, snapshotStrategies, snapshotPillars, snapshotCTAs, snapshotChannels,
		snapshotContent, snapshotExperiments, snapshotEngagement, snapshotMetrics, snapshotObservations(kpiOnly),
		snapshotDecisions, snapshotReminders, snapshotCheckIns,
	} {
		if err := load(ctx, tx, in, ids, of); err != nil {
			return nil, err
		}
	}
	return snaps, nil
}

func snapshotGoals(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "goals", `
		SELECT `+goalColumns+`
		FROM goals WHERE plan_id IN (`+in+`) ORDER BY plan_id, id`, ids, func(rows *sql.Rows) error {
		var g plan.Goal
		if err := rows.Scan(goalFields(&g)...); err != nil {
			return err
		}
		of[g.PlanID].Goals = append(of[g.PlanID].Goals, &g)
		return nil
	})
}

func snapshotPersonas(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "personas", `
		SELECT id, plan_id, name, who, interests, excites, networks, notes, created_by, created_at, updated_at
		FROM personas WHERE plan_id IN (`+in+`) ORDER BY plan_id, id`, ids, func(rows *sql.Rows) error {
		var p plan.Persona
		if err := rows.Scan(&p.ID, &p.PlanID, &p.Name, &p.Who, &p.Interests, &p.Excites, (*networkList)(&p.Networks), &p.Notes,
			&p.CreatedBy, (*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt)); err != nil {
			return err
		}
		of[p.PlanID].Personas = append(of[p.PlanID].Personas, &p)
		return nil
	})
}

func snapshotStrategies(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "strategies", `
		SELECT plan_id, voice, tone, updated_by, updated_at FROM strategies WHERE plan_id IN (`+in+`)`, ids,
		func(rows *sql.Rows) error {
			st := plan.Strategy{}
			if err := rows.Scan(&st.PlanID, &st.Voice, &st.Tone, &st.UpdatedBy, (*utcTime)(&st.UpdatedAt)); err != nil {
				return err
			}
			of[st.PlanID].Strategy = &st
			return nil
		})
}

func snapshotPillars(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	var pillars []*plan.Pillar
	err := each(ctx, tx, "pillars", `
		SELECT id, plan_id, name, description, created_by, created_at, updated_at
		FROM pillars WHERE plan_id IN (`+in+`) ORDER BY plan_id, id`, ids, func(rows *sql.Rows) error {
		var p plan.Pillar
		if err := rows.Scan(&p.ID, &p.PlanID, &p.Name, &p.Description, &p.CreatedBy, (*utcTime)(&p.CreatedAt), (*utcTime)(&p.UpdatedAt)); err != nil {
			return err
		}
		of[p.PlanID].Pillars, pillars = append(of[p.PlanID].Pillars, &p), append(pillars, &p)
		return nil
	})
	if err != nil {
		return err
	}
	links, err := findLinks(ctx, tx, "pillar_personas", "pillar_id", "persona_id", idsOf(pillars, func(p *plan.Pillar) int64 { return p.ID }))
	for _, p := range pillars {
		p.PersonaIDs = links[p.ID]
	}
	return err
}

func snapshotCTAs(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "calls to action", `
		SELECT `+ctaColumns+`
		FROM ctas WHERE plan_id IN (`+in+`) ORDER BY plan_id, id`, ids, func(rows *sql.Rows) error {
		var c plan.CTA
		if err := rows.Scan(ctaFields(&c)...); err != nil {
			return err
		}
		of[c.PlanID].CTAs = append(of[c.PlanID].CTAs, &c)
		return nil
	})
}

func snapshotChannels(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	var channels []*plan.Channel
	err := each(ctx, tx, "channels", `
		SELECT id, plan_id, network, role, why, cadence, constraints, status, status_since, status_by, status_note,
		       created_by, created_at, updated_at, cadence_min, cadence_max, cadence_per
		FROM plan_channels WHERE plan_id IN (`+in+`) ORDER BY plan_id, `+networkOrder+`, id`, ids, func(rows *sql.Rows) error {
		var c plan.Channel
		if err := rows.Scan(&c.ID, &c.PlanID, &c.Network, &c.Role, &c.Why, &c.Cadence, &c.Constraints,
			&c.Status, (*optTime)(&c.StatusSince), &c.StatusBy, &c.StatusNote,
			&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt),
			&c.PostCadence.Min, &c.PostCadence.Max, &c.PostCadence.Per); err != nil {
			return err
		}
		of[c.PlanID].Channels, channels = append(of[c.PlanID].Channels, &c), append(channels, &c)
		return nil
	})
	if err != nil {
		return err
	}
	links, err := findLinks(ctx, tx, "channel_personas", "channel_id", "persona_id", idsOf(channels, func(c *plan.Channel) int64 { return c.ID }))
	for _, c := range channels {
		c.PersonaIDs = links[c.ID]
	}
	return err
}

func snapshotContent(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "content items", firstOf(`id, plan_id, title, network, format, copy, link, post_link, persona_id, pillar_id, cta_id,
		       publish_at, owner_id, reviewer_id, status,
		       review_channel_id, review_ts, review_requested_by, review_requested_at,
		       review_decision, review_decided_by, review_decided_at, review_comment,
		       created_by, created_at, updated_at`, "content_items", "publish_at IS NULL, publish_at, id", in),
		withArg(ids, plan.SnapshotMaxContent), func(rows *sql.Rows) error {
			var c plan.ContentItem
			var total int
			r := &c.Review
			if err := rows.Scan(
				&c.ID, &c.PlanID, &c.Title, &c.Network, &c.Format, &c.Copy, &c.Link, &c.PostLink,
				(*nullID)(&c.PersonaID), (*nullID)(&c.PillarID), (*nullID)(&c.CTAID),
				(*nullTime)(&c.PublishAt), &c.OwnerID, &c.ReviewerID, &c.Status,
				&r.ChannelID, &r.MessageTS, &r.RequestedBy, (*nullTime)(&r.RequestedAt),
				&r.Decision, &r.DecidedBy, (*nullTime)(&r.DecidedAt), &r.Comment,
				&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt), &total,
			); err != nil {
				return err
			}
			s := of[c.PlanID]
			s.Content, s.ContentTotal = append(s.Content, &c), total
			return nil
		})
}

func snapshotExperiments(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	byID := map[int64]*plan.Experiment{}
	err := each(ctx, tx, "experiments", `
		SELECT id, plan_id, name, hypothesis, variable, network, success_metric, exposure_metric,
		       baseline_rate, min_effect, planned_sample, start_date, end_date, owner_id, created_by,
		       results_at, results_by, run, created_at, updated_at
		FROM experiments WHERE plan_id IN (`+in+`) ORDER BY plan_id, results_at != '', end_date, id`, ids,
		func(rows *sql.Rows) error {
			var e plan.Experiment
			if err := rows.Scan(
				&e.ID, &e.PlanID, &e.Name, &e.Hypothesis, &e.Variable, &e.Network, &e.SuccessMetric, &e.ExposureMetric,
				&e.BaselineRate, &e.MinEffect, &e.PlannedSample, (*date)(&e.Start), (*date)(&e.End), &e.OwnerID,
				&e.CreatedBy, (*optTime)(&e.ResultsAt), &e.ResultsBy, &e.Run, (*utcTime)(&e.CreatedAt), (*utcTime)(&e.UpdatedAt),
			); err != nil {
				return err
			}
			of[e.PlanID].Experiments, byID[e.ID] = append(of[e.PlanID].Experiments, &e), &e
			return nil
		})
	if err != nil {
		return err
	}
	if err := loadVariants(ctx, tx, byID); err != nil {
		return err
	}
	return loadResults(ctx, tx, byID)
}

func snapshotEngagement(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	err := each(ctx, tx, "engagement items", firstOf(engagementColumns, "engagement_items", "status != 'open', due_at, id", in),
		withArg(ids, plan.SnapshotMaxEngagement), func(rows *sql.Rows) error {
			var it plan.EngagementItem
			var total int
			if err := rows.Scan(append(engagementFields(&it), &total)...); err != nil {
				return err
			}
			s := of[it.PlanID]
			s.Engagement, s.EngagementTotal = append(s.Engagement, &it), total
			return nil
		})
	if err != nil {
		return err
	}
	// Reply times count from the follower's message, in the plan's
	// working hours.
	return each(ctx, tx, "reply times", `
		SELECT plan_id, network, received_at, created_at, closed_at FROM engagement_items
		WHERE plan_id IN (`+in+`) AND status = 'replied' ORDER BY plan_id, closed_at, id`, ids, func(rows *sql.Rows) error {
		r, planID, err := scanReply(rows, func(id int64) *plan.Plan { return of[id].Plan })
		if err == nil {
			of[planID].Replies = append(of[planID].Replies, r)
		}
		return err
	})
}

func snapshotMetrics(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "metrics", `
		SELECT id, plan_id, name, unit, kind, goal_kind, created_by, created_at
		FROM metrics WHERE plan_id IN (`+in+`) ORDER BY plan_id, `+tx.db.d().foldOrder("name")+`, id`, ids, func(rows *sql.Rows) error {
		var m plan.Metric
		if err := rows.Scan(&m.ID, &m.PlanID, &m.Name, &m.Unit, &m.Kind, &m.GoalKind, &m.CreatedBy, (*utcTime)(&m.CreatedAt)); err != nil {
			return err
		}
		of[m.PlanID].Metrics = append(of[m.PlanID].Metrics, &m)
		return nil
	})
}

func snapshotDecisions(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	return each(ctx, tx, "decisions", firstOf(`id, adaptation_id, plan_id, subject_kind, subject_id, subject_name, decision, rationale, evidence,
		       new_role, new_cadence, new_status, decided_by, decided_at`, "decisions", "decided_at DESC, id DESC", in),
		withArg(ids, plan.SnapshotMaxDecisions), func(rows *sql.Rows) error {
			var d plan.Decision
			var total int
			if err := rows.Scan(&d.ID, &d.AdaptationID, &d.PlanID, &d.Subject, &d.SubjectID, &d.SubjectName, &d.Decision,
				&d.Rationale, &d.Evidence, &d.NewRole, &d.NewCadence, &d.NewStatus, &d.DecidedBy, (*utcTime)(&d.DecidedAt), &total); err != nil {
				return err
			}
			s := of[d.PlanID]
			s.Decisions, s.DecisionsTotal = append(s.Decisions, &d), total
			return nil
		})
}

// snapshotReminders reads the reminder of the measurement reviews, the
// next active reminders, and whether the bot can post in the channel.
func snapshotReminders(ctx context.Context, tx *Tx, in string, ids []any, of map[int64]*plan.PlanSnapshot) error {
	reviews, err := findReminders(ctx, tx, `WHERE r.plan_id IN (`+in+`) AND r.kind = ? AND r.subject_id = r.plan_id`,
		withArg(ids, string(plan.ReminderMeasurementReview))...)
	if err != nil {
		return err
	}
	for _, r := range reviews {
		of[r.PlanID].Review, of[r.PlanID].Schedule = r, plan.ScheduleOf(r)
	}
	next, err := findReminders(ctx, tx, `WHERE r.id IN (
		SELECT id FROM (
			SELECT id, ROW_NUMBER() OVER (PARTITION BY plan_id ORDER BY next_at, id) AS snap_n
			FROM reminders WHERE plan_id IN (`+in+`) AND state = 'active' AND next_at != ''
		) AS n WHERE snap_n <= ?) ORDER BY r.plan_id, r.next_at, r.id`, withArg(ids, plan.SnapshotMaxReminders)...)
	if err != nil {
		return err
	}
	for _, r := range next {
		of[r.PlanID].Reminders = append(of[r.PlanID].Reminders, r)
	}
	return each(ctx, tx, "unreachable channels", `
		SELECT plan_id, reason FROM unreachable_channels WHERE plan_id IN (`+in+`)`, ids, func(rows *sql.Rows) error {
		var id int64
		var reason string
		if err := rows.Scan(&id, &reason); err != nil {
			return err
		}
		of[id].Unreachable = reason
		return nil
	})
}

// firstOf selects cols of the first rows of table in order, in each plan
// of the list in, at most the last argument of each; the count of all the
// plan's rows comes last. cols must name the columns order sorts by.
//
// Each plan is read by a branch of its own, ordered and limited, so that
// an index on (plan_id, the order) walks to the first rows and reads no
// other, and the count is a scalar subquery that an index on plan_id
// answers alone. A window function over every row of the plans
// (ROW_NUMBER and COUNT OVER the partition) reads and sorts them all
// first: on the big plan of internal/fixture, the snapshot's 20,000 of
// 100,000 results took 0.75 s of CPU that way. Beyond maxBranches plans,
// a statement that long is not worth it: the window function is used.
func firstOf(cols, table, order, in string) string {
	n := strings.Count(in, "?")
	if n > maxBranches {
		return `SELECT ` + cols + `, snap_total FROM (
		SELECT *, ROW_NUMBER() OVER (PARTITION BY plan_id ORDER BY ` + order + `) AS snap_n,
		       COUNT(*) OVER (PARTITION BY plan_id) AS snap_total
		FROM ` + table + ` WHERE plan_id IN (` + in + `)
	) AS capped WHERE snap_n <= ? ORDER BY plan_id, snap_n`
	}
	// Numbered placeholders: the plans are ?1 to ?n, the limit ?n+1, as
	// the arguments come (withArg(ids, limit)).
	limit := "?" + strconv.Itoa(n+1)
	branches := make([]string, n)
	for i := range branches {
		id := "?" + strconv.Itoa(i+1)
		branches[i] = `SELECT * FROM (
			SELECT ` + cols + `, (SELECT COUNT(*) FROM ` + table + ` WHERE plan_id = ` + id + `) AS snap_total
			FROM ` + table + ` WHERE plan_id = ` + id + ` ORDER BY ` + order + ` LIMIT ` + limit + `
		) AS snap_` + strconv.Itoa(i)
	}
	return `SELECT * FROM (` + strings.Join(branches, "\n\t\tUNION ALL ") + `) AS capped ORDER BY plan_id, ` + order
}

// maxBranches is the most plans firstOf reads with a branch each; SQLite
// takes at most 500 in one compound statement. A variable for the tests.
var maxBranches = 50

// each runs query and scans each row with scan.
func each(ctx context.Context, tx *Tx, what, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("snapshot %s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("scan %s: %w", what, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("snapshot %s: %w", what, err)
	}
	return nil
}

// inList returns the placeholders and the arguments of the keys of m,
// for an IN list.
func inList[V any](m map[int64]V) (string, []any) {
	args := make([]any, 0, len(m))
	for id := range m {
		args = append(args, id)
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", "), args
}

// idsOf returns the IDs of vs.
func idsOf[V any](vs []V, id func(V) int64) []int64 {
	out := make([]int64, len(vs))
	for i, v := range vs {
		out[i] = id(v)
	}
	return out
}

// withArg returns args and one more, leaving args as it was.
func withArg(args []any, arg any) []any {
	return append(args[:len(args):len(args)], arg)
}
