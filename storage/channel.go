package storage

import (
	"context"
	"fmt"
	"strings"

	"github.com/planbot/planbot/plan"
)

// Ensure ChannelService implements plan.ChannelService.
var _ plan.ChannelService = (*ChannelService)(nil)

// ChannelService stores the networks plans chose in the database. It implements
// plan.ChannelService.
type ChannelService struct {
	db *DB
}

// NewChannelService returns a ChannelService on db.
func NewChannelService(db *DB) *ChannelService {
	return &ChannelService{db: db}
}

// FindChannelByID returns the chosen network with id. Returns ENOTFOUND.
func (s *ChannelService) FindChannelByID(ctx context.Context, id int64) (*plan.Channel, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return findChannelByID(ctx, tx, id)
}

// FindChannels returns the chosen networks matching filter in catalogue
// order, and the total count of matches ignoring Offset and Limit. A Limit
// of 0 means no limit.
func (s *ChannelService) FindChannels(ctx context.Context, filter plan.ChannelFilter) ([]*plan.Channel, int, error) {
	tx, err := s.db.BeginTx(ctx, readOnly)
	if err != nil {
		return nil, 0, err
	}
	defer tx.Rollback()
	return findChannels(ctx, tx, filter)
}

// CreateChannel normalizes, validates and stores c on behalf of the user
// in ctx, setting its ID and timestamps. Returns ENOTFOUND for the plan,
// EFORBIDDEN or FieldErrors (EINVALID); c keeps ID 0 on any error.
func (s *ChannelService) CreateChannel(ctx context.Context, c *plan.Channel) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	created := *c
	if err := saveChannel(ctx, tx, &created); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	*c = created
	return nil
}

// UpdateChannel applies upd to the chosen network with id on behalf of the
// user in ctx, validates and stores it. Returns ENOTFOUND, EFORBIDDEN or
// FieldErrors (EINVALID).
func (s *ChannelService) UpdateChannel(ctx context.Context, id int64, upd plan.ChannelUpdate) (*plan.Channel, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "plan_channels", id); err != nil {
		return nil, err
	}
	c, err := findChannelByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	upd.Apply(c)
	if err := saveChannel(ctx, tx, c); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit: %w", err)
	}
	return c, nil
}

// DeleteChannel removes the chosen network with id on behalf of the user
// in ctx. Returns ENOTFOUND or EFORBIDDEN.
func (s *ChannelService) DeleteChannel(ctx context.Context, id int64) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	if err := lockPlanOf(ctx, tx, "plan_channels", id); err != nil {
		return err
	}
	c, err := findChannelByID(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := authorize(ctx, tx, c.PlanID, plan.AreaChannels); err != nil {
		return err
	}
	if err := deleteRow(ctx, tx, "plan_channels", id, "network"); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

func findChannelByID(ctx context.Context, tx *Tx, id int64) (*plan.Channel, error) {
	channels, _, err := findChannels(ctx, tx, plan.ChannelFilter{ID: &id})
	if err != nil {
		return nil, err
	}
	if len(channels) == 0 {
		return nil, plan.Errorf(plan.ENOTFOUND, "network not found")
	}
	return channels[0], nil
}

// networkOrder sorts rows by the catalogue order of their network.
var networkOrder = func() string {
	var b strings.Builder
	b.WriteString("CASE network")
	for i, n := range plan.Networks {
		fmt.Fprintf(&b, " WHEN '%s' THEN %d", n, i)
	}
	b.WriteString(" ELSE 99 END")
	return b.String()
}()

func findChannels(ctx context.Context, tx *Tx, filter plan.ChannelFilter) ([]*plan.Channel, int, error) {
	where, args := []string{"1 = 1"}, []any{}
	if v := filter.ID; v != nil {
		where, args = append(where, "id = ?"), append(args, *v)
	}
	if v := filter.PlanID; v != nil {
		where, args = append(where, "plan_id = ?"), append(args, *v)
	}
	cond := strings.Join(where, " AND ")
	total, err := countRows(ctx, tx, "plan_channels", cond, args)
	if err != nil {
		return nil, 0, err
	}

	limit, offset := limitOffset(filter.Limit, filter.Offset)
	rows, err := tx.QueryContext(ctx, `
		SELECT id, plan_id, network, role, why, cadence, constraints, status, status_since, status_by, status_note,
		       created_by, created_at, updated_at, cadence_min, cadence_max, cadence_per
		FROM plan_channels
		WHERE `+cond+`
		ORDER BY `+networkOrder+`, id
		LIMIT ? OFFSET ?`,
		append(args, limit, offset)...,
	)
	if err != nil {
		return nil, 0, fmt.Errorf("find channels: %w", err)
	}
	defer rows.Close()

	channels := make([]*plan.Channel, 0)
	var ids []int64
	for rows.Next() {
		var c plan.Channel
		if err := rows.Scan(&c.ID, &c.PlanID, &c.Network, &c.Role, &c.Why, &c.Cadence, &c.Constraints,
			&c.Status, (*optTime)(&c.StatusSince), &c.StatusBy, &c.StatusNote,
			&c.CreatedBy, (*utcTime)(&c.CreatedAt), (*utcTime)(&c.UpdatedAt),
			&c.PostCadence.Min, &c.PostCadence.Max, &c.PostCadence.Per); err != nil {
			return nil, 0, fmt.Errorf("scan channel: %w", err)
		}
		channels = append(channels, &c)
		ids = append(ids, c.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("find channels: %w", err)
	}
	rows.Close()
	links, err := findLinks(ctx, tx, "channel_personas", "channel_id", "persona_id", ids)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range channels {
		c.PersonaIDs = links[c.ID]
	}
	return channels, total, nil
}

// saveChannel normalizes, validates and inserts c (ID 0) or updates it,
// with its persona links, on behalf of the user in ctx. When the status of
// c is not the stored one (for a new network: active), it stamps when and
// by whom it changed.
func saveChannel(ctx context.Context, tx *Tx, c *plan.Channel) error {
	c.Normalize()
	if _, err := authorize(ctx, tx, c.PlanID, plan.AreaChannels); err != nil {
		return err
	}
	was := plan.ChannelActive
	if c.ID != 0 {
		if err := tx.QueryRowContext(ctx, `SELECT status FROM plan_channels WHERE id = ?`, c.ID).Scan(&was); err != nil {
			return fmt.Errorf("find channel status: %w", err)
		}
	}
	if c.Status != was {
		c.StatusSince, c.StatusBy = tx.now, plan.UserIDFromContext(ctx)
		if c.StatusBy == "" && c.ID == 0 {
			c.StatusBy = c.CreatedBy
		}
	}
	err := c.Validate()
	if c.Network.Valid() && c.Network != plan.NetworkOther {
		var n int
		if qerr := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_channels WHERE plan_id = ? AND network = ? AND id <> ?`,
			c.PlanID, string(c.Network), c.ID).Scan(&n); qerr != nil {
			return fmt.Errorf("check network: %w", qerr)
		}
		if n > 0 {
			err = withFieldError(err, plan.Invalid("network", "channel.network.taken", "this network is chosen already: edit it instead"))
		}
	}
	if ok, rerr := refsInPlan(ctx, tx, "personas", c.PlanID, c.PersonaIDs); rerr != nil {
		return rerr
	} else if !ok && !hasField(err, "personas") {
		err = withFieldError(err, plan.Invalid("personas", "channel.personas.invalid", "choose personas of this plan"))
	}
	if err != nil {
		return err
	}

	c.UpdatedAt = tx.now
	if c.ID == 0 {
		c.CreatedAt = tx.now
		id, err := tx.insertID(ctx, `
			INSERT INTO plan_channels (plan_id, network, role, why, cadence, constraints, status, status_since, status_by,
			                           status_note, created_by, created_at, updated_at, cadence_min, cadence_max, cadence_per)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.PlanID, string(c.Network), string(c.Role), c.Why, c.Cadence, c.Constraints, string(c.Status),
			optTime(c.StatusSince), c.StatusBy, c.StatusNote, c.CreatedBy, utcTime(c.CreatedAt), utcTime(c.UpdatedAt),
			c.PostCadence.Min, c.PostCadence.Max, string(c.PostCadence.Per))
		if err != nil {
			return fmt.Errorf("insert channel: %w", err)
		}
		c.ID = id
	} else if _, err := tx.ExecContext(ctx, `
		UPDATE plan_channels SET network = ?, role = ?, why = ?, cadence = ?, constraints = ?, status = ?,
		       status_since = ?, status_by = ?, status_note = ?, updated_at = ?, cadence_min = ?, cadence_max = ?, cadence_per = ?
		WHERE id = ?`,
		string(c.Network), string(c.Role), c.Why, c.Cadence, c.Constraints, string(c.Status),
		optTime(c.StatusSince), c.StatusBy, c.StatusNote, utcTime(c.UpdatedAt),
		c.PostCadence.Min, c.PostCadence.Max, string(c.PostCadence.Per), c.ID); err != nil {
		return fmt.Errorf("update channel: %w", err)
	}
	return setLinks(ctx, tx, "channel_personas", "channel_id", "persona_id", c.ID, c.PersonaIDs)
}
