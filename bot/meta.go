package bot

import (
	"encoding/json"
	"errors"
	"fmt"
)

// viewMeta is the private_metadata of every modal the bot opens: what a
// submission or a click in the modal needs beyond the form's values. Its
// JSON keys are one or two letters and empty fields are left out, so it
// stays far below Slack's 3,000 characters (TestViewMetaSize checks the
// fullest one).
type viewMeta struct {
	PlanID    int64  `json:"p,omitempty"`
	ChannelID string `json:"c,omitempty"`  // the plan's channel, where ephemerals go
	ID        int64  `json:"id,omitempty"` // the entity a form edits; 0 for a new one
	ParentID  string `json:"v,omitempty"`  // the view to refresh once a pushed form is saved, or homeParent
	RootID    string `json:"r,omitempty"`  // the view under the parent, refreshed too (content list under pillars)
	Page      int    `json:"n,omitempty"`  // the page of a list, from 0
	Status    string `json:"s,omitempty"`  // content list: status filter
	Week      string `json:"w,omitempty"`  // content list: week filter, the Monday as YYYY-MM-DD
	Mine      bool   `json:"m,omitempty"`  // engagement list: only Owner's items
	Owner     string `json:"o,omitempty"`  // engagement list: the user whose items Mine shows
	SourceTS  string `json:"st,omitempty"` // engagement form: the message the shortcut ran on, in ChannelID
	// Walk is the step of /plan start (1 to 5) whose screen is the list,
	// or that the list under a form is: its redraw is the walk's screen.
	Walk int `json:"k,omitempty"`
}

// String encodes m for private_metadata.
func (m viewMeta) String() string {
	b, _ := json.Marshal(m) // a struct of strings, ints and bools cannot fail
	return string(b)
}

// parseViewMeta decodes the private_metadata of a view. Views that are not
// about a plan (a shortcut's form) have no PlanID; parsePlanMeta requires
// one.
func parseViewMeta(s string) (viewMeta, error) {
	var m struct {
		viewMeta
		// GoalID is where goal forms opened before one metadata type served
		// every modal carried their goal: a form open in a Slack client
		// while the bot was upgraded still edits its goal.
		GoalID int64 `json:"g"`
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return viewMeta{}, fmt.Errorf("parse private_metadata: %w", err)
	}
	if m.ID == 0 {
		m.ID = m.GoalID
	}
	return m.viewMeta, nil
}

// errNoPlan is the error of a view's metadata that names no plan.
var errNoPlan = errors.New("private_metadata without plan")

// parsePlanMeta decodes the private_metadata of a view about a plan.
func parsePlanMeta(s string) (viewMeta, error) {
	m, err := parseViewMeta(s)
	if err == nil && m.PlanID <= 0 {
		err = errNoPlan
	}
	return m, err
}

// child returns the metadata of a form pushed over the list view viewID
// to edit the entity id (0 for a new one): the form refreshes the list,
// at its page and filters, once saved.
func (m viewMeta) child(viewID string, id int64) viewMeta {
	return viewMeta{PlanID: m.PlanID, ChannelID: m.ChannelID, ID: id, ParentID: viewID, RootID: m.ParentID,
		Page: m.Page, Status: m.Status, Week: m.Week, Mine: m.Mine, Owner: m.Owner, Walk: m.Walk}
}
