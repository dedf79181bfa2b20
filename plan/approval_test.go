package plan_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

// assertErrKey fails unless err is a *plan.Error with code and key; an
// empty code asks for no error.
func assertErrKey(tb testing.TB, err error, code, key string) {
	tb.Helper()
	if code == "" {
		if err != nil {
			tb.Fatalf("unexpected error %v", err)
		}
		return
	}
	var e *plan.Error
	if !errors.As(err, &e) || e.Code != code || e.Key != key {
		tb.Fatalf("error %v, want code %q key %q", err, code, key)
	}
}

// reviewFixture returns an open plan and an item written by "UWRITER",
// in review at the request of "UWRITER".
func reviewFixture(tb testing.TB) (*plan.Plan, *plan.ContentItem, []*plan.ReviewEvent) {
	tb.Helper()
	pl := &plan.Plan{ID: 1}
	c := &plan.ContentItem{ID: 7, PlanID: 1, Title: "Spring menu", Network: plan.NetworkInstagram, Format: plan.FormatImage,
		Copy: "We open on Monday at 9.", Link: "https://example.com/menu.jpg", Status: plan.ContentDraft,
		PublishAt: MustParseTime(tb, "2026-03-23T09:00:00Z"), OwnerID: "UWRITER", CreatedBy: "UMANAGER"}
	e, err := plan.RequestReview(c, "UWRITER", "C1", "111.222", MustParseTime(tb, "2026-03-20T10:00:00Z"))
	if err != nil {
		tb.Fatal(err)
	}
	if e.Action != plan.ActionRequested || e.From != plan.ContentDraft || e.To != plan.ContentInReview || c.Status != plan.ContentInReview {
		tb.Fatalf("request event %+v, status %s", e, c.Status)
	}
	return pl, c, []*plan.ReviewEvent{e}
}

func TestApprovalPolicy_SelfApproval(t *testing.T) {
	now := MustParseTime(t, "2026-03-20T11:00:00Z")
	tests := []struct {
		name   string
		policy plan.ApprovalPolicy
		edit   func(c *plan.ContentItem)
		user   string
		code   string
		key    string
	}{
		{name: "ErrOwner", user: "UWRITER", code: plan.EFORBIDDEN, key: "forbidden.review.self"},
		{name: "ErrCreatorWithoutOwner", edit: func(c *plan.ContentItem) { c.OwnerID = "" }, user: "UMANAGER", code: plan.EFORBIDDEN, key: "forbidden.review.self"},
		{name: "OKCreatorWhenOwned", user: "UMANAGER"},
		{name: "ErrRequester", edit: func(c *plan.ContentItem) { c.Review.RequestedBy = "UOTHER" }, user: "UOTHER", code: plan.EFORBIDDEN, key: "forbidden.review.self"},
		{name: "OKAllowed", policy: plan.ApprovalPolicy{AllowSelfApproval: true}, user: "UWRITER"},
		{name: "OKSomeoneElse", user: "UREVIEWER"},
		{name: "ErrNobody", user: "", code: plan.EFORBIDDEN, key: "forbidden.review"},
		{name: "ErrNotInReview", edit: func(c *plan.ContentItem) { c.Status = plan.ContentDraft }, user: "UREVIEWER", code: plan.ECONFLICT, key: "content.review.not_pending"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, c, history := reviewFixture(t)
			if tt.edit != nil {
				tt.edit(c)
			}
			before := c.Status
			e, err := tt.policy.Decide(pl, c, history, tt.user, true, "", now)
			assertErrKey(t, err, tt.code, tt.key)
			if err != nil {
				if c.Status != before || e != nil {
					t.Fatalf("refused decision changed the item: status %s, event %+v", c.Status, e)
				}
				return
			}
			if c.Status != plan.ContentApproved || e.Action != plan.ActionApproved || e.To != plan.ContentApproved || e.By != tt.user || c.Review.DecidedBy != tt.user {
				t.Fatalf("status %s, event %+v, review %+v", c.Status, e, c.Review)
			}
		})
	}
}

func TestApprovalPolicy_TwoApprovers(t *testing.T) {
	pl, c, history := reviewFixture(t)
	p := plan.ApprovalPolicy{TwoApprovers: true}
	now := MustParseTime(t, "2026-03-20T11:00:00Z")

	e, err := p.Decide(pl, c, history, "UALICE", true, "", now)
	if err != nil {
		t.Fatal(err)
	}
	history = append(history, e)
	if c.Status != plan.ContentInReview || e.To != plan.ContentInReview || c.Review.Decision != "" {
		t.Fatalf("after one approval of two: status %s, event %+v", c.Status, e)
	}
	if pr := p.Progress(c, history); len(pr.Approvals) != 1 || pr.Needed != 2 || pr.Done() {
		t.Fatalf("progress %+v", pr)
	}
	_, err = p.Decide(pl, c, history, "UALICE", true, "", now)
	assertErrKey(t, err, plan.ECONFLICT, "content.review.approved_already")

	e, err = p.Decide(pl, c, history, "UBOB", true, "Lovely", now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != plan.ContentApproved || e.To != plan.ContentApproved || c.Review.DecidedBy != "UBOB" || c.Review.Comment != "Lovely" {
		t.Fatalf("after two approvals: status %s, event %+v, review %+v", c.Status, e, c.Review)
	}
}

func TestApprovalPolicy_ClientApproval(t *testing.T) {
	pl, c, history := reviewFixture(t)
	p := plan.ApprovalPolicy{ClientApproval: true, Approvers: []plan.Approver{{UserID: "UTEAM"}, {UserID: "UCLIENT", Client: true}}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	now := MustParseTime(t, "2026-03-20T11:00:00Z")

	// Only named approvers decide once there are some, even in an open plan.
	_, err := p.Decide(pl, c, history, "USTRANGER", true, "", now)
	assertErrKey(t, err, plan.EFORBIDDEN, "forbidden.review")

	e, err := p.Decide(pl, c, history, "UTEAM", true, "", now)
	if err != nil {
		t.Fatal(err)
	}
	history = append(history, e)
	if c.Status != plan.ContentInReview || e.Client || !p.Progress(c, history).NeedClient {
		t.Fatalf("a team approval alone: status %s, event %+v", c.Status, e)
	}
	e, err = p.Decide(pl, c, history, "UCLIENT", true, "", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != plan.ContentApproved || !e.Client {
		t.Fatalf("after the client's approval: status %s, event %+v", c.Status, e)
	}
}

func TestApprovalPolicy_RequestChanges(t *testing.T) {
	pl, c, history := reviewFixture(t)
	var p plan.ApprovalPolicy
	now := MustParseTime(t, "2026-03-20T11:00:00Z")
	_, err := p.Decide(pl, c, history, "UREVIEWER", false, "  ", now)
	assertFieldKeys(t, err, "content.review.comment.required")
	_, err = p.Decide(pl, c, history, "UREVIEWER", false, strings.Repeat("x", plan.MaxReviewCommentLen+1), now)
	assertFieldKeys(t, err, "content.review.comment.too_long")
	// An author may withdraw their own item.
	e, err := p.Decide(pl, c, history, "UWRITER", false, "Wrong photo", now)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != plan.ContentDraft || e.Action != plan.ActionChangesRequested || e.Comment != "Wrong photo" || c.Review.Decision != plan.ReviewChangesRequested {
		t.Fatalf("status %s, event %+v", c.Status, e)
	}
}

func TestApprovalPolicy_ApplyEdit(t *testing.T) {
	now := MustParseTime(t, "2026-03-21T08:00:00Z")
	newDate := MustParseTime(t, "2026-03-24T09:00:00Z")
	tests := []struct {
		name    string
		policy  plan.ApprovalPolicy
		status  plan.ContentStatus
		partial bool // one approval of two given
		update  plan.ContentItemUpdate
		action  plan.ReviewAction // "" for no event
		after   plan.ContentStatus
		fields  []string
	}{
		{name: "CopyOfApprovedReopens", status: plan.ContentApproved, update: plan.ContentItemUpdate{Copy: ptr("We open on Tuesday at 9.")},
			action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"copy"}},
		{name: "LinkOfScheduledReopens", status: plan.ContentScheduled, update: plan.ContentItemUpdate{Link: ptr("https://example.com/new.jpg")},
			action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"link"}},
		{name: "DateReopens", status: plan.ContentApproved, update: plan.ContentItemUpdate{PublishAt: &newDate},
			action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"publish_at"}},
		{name: "NetworkReopens", status: plan.ContentApproved, update: plan.ContentItemUpdate{Network: ptr(plan.NetworkLinkedIn)},
			action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"network"}},
		{name: "ReopenWinsOverStatus", status: plan.ContentApproved, update: plan.ContentItemUpdate{Copy: ptr("New"), Status: ptr(plan.ContentPublished)},
			action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"copy"}},
		{name: "TitleOfApprovedIsKept", status: plan.ContentApproved, update: plan.ContentItemUpdate{Title: ptr("Spring menu v2")},
			action: plan.ActionEdited, after: plan.ContentApproved, fields: []string{"title"}},
		{name: "PartialApprovalReopens", policy: plan.ApprovalPolicy{TwoApprovers: true}, status: plan.ContentInReview, partial: true,
			update: plan.ContentItemUpdate{Copy: ptr("New")}, action: plan.ActionReopened, after: plan.ContentInReview, fields: []string{"copy"}},
		{name: "InReviewRecorded", status: plan.ContentInReview, update: plan.ContentItemUpdate{Copy: ptr("New")},
			action: plan.ActionEdited, after: plan.ContentInReview, fields: []string{"copy"}},
		{name: "PublishedRecorded", status: plan.ContentPublished, update: plan.ContentItemUpdate{Copy: ptr("New")},
			action: plan.ActionEdited, after: plan.ContentPublished, fields: []string{"copy"}},
		{name: "UnapprovedScheduledRecorded", policy: plan.ApprovalPolicy{PublishUnapproved: true}, status: plan.ContentScheduled,
			update: plan.ContentItemUpdate{Copy: ptr("New")}, action: plan.ActionEdited, after: plan.ContentScheduled, fields: []string{"copy"}},
		{name: "DraftNotRecorded", status: plan.ContentDraft, update: plan.ContentItemUpdate{Copy: ptr("New")}, after: plan.ContentDraft},
		{name: "NoChange", status: plan.ContentApproved, update: plan.ContentItemUpdate{Copy: ptr("We open on Monday at 9.")}, after: plan.ContentApproved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, before, history := reviewFixture(t)
			if tt.partial {
				e, err := tt.policy.Decide(pl, before, history, "UALICE", true, "", now.Add(-time.Hour))
				if err != nil {
					t.Fatal(err)
				}
				history = append(history, e)
			}
			before.Status = tt.status
			if tt.status == plan.ContentScheduled && !tt.policy.PublishUnapproved {
				before.Review.Decision = plan.ReviewApproved
			}
			after := *before
			tt.update.Apply(&after)
			e, ok := tt.policy.ApplyEdit(before, &after, history, "UEDITOR", now)
			if after.Status != tt.after {
				t.Errorf("status after the edit %s, want %s", after.Status, tt.after)
			}
			if tt.action == "" {
				if ok || e != nil {
					t.Fatalf("unexpected event %+v", e)
				}
				return
			}
			if !ok || e.Action != tt.action || e.By != "UEDITOR" || e.From != tt.status || e.To != tt.after {
				t.Fatalf("event %+v, %v", e, ok)
			}
			var fields []string
			for _, f := range e.Changes {
				fields = append(fields, f.Field)
			}
			if !reflect.DeepEqual(fields, tt.fields) {
				t.Errorf("changed fields %v, want %v", fields, tt.fields)
			}
			if tt.action == plan.ActionReopened {
				if after.Review.RequestedBy != "UEDITOR" || after.Review.Decision != "" {
					t.Errorf("review after reopening %+v", after.Review)
				}
				// A new round: the editor may not approve their edit, and
				// approvals start from none.
				history = append(history, e)
				if pr := tt.policy.Progress(&after, history); len(pr.Approvals) != 0 {
					t.Errorf("approvals carried over: %+v", pr.Approvals)
				}
				_, err := tt.policy.Decide(pl, &after, history, "UEDITOR", true, "", now)
				assertErrKey(t, err, plan.EFORBIDDEN, "forbidden.review.self")
			}
		})
	}
}

func TestFieldChange(t *testing.T) {
	old, new := plan.FieldChange{Field: "copy", Old: "We open on Monday at 9.", New: "We open on Tuesday at 9."}.Excerpt(3)
	// Shared: "We open on " (11 characters) before, "day at 9." (9) after.
	if old != "…on Monday…" || new != "…on Tuesday…" {
		t.Errorf("Excerpt = %q, %q", old, new)
	}
	old, new = plan.FieldChange{Old: "", New: "Hello"}.Excerpt(10)
	if old != "" || new != "Hello" {
		t.Errorf("Excerpt from nothing = %q, %q", old, new)
	}
	before := &plan.ContentItem{PublishAt: MustParseTime(t, "2026-03-23T09:00:00+01:00")}
	after := &plan.ContentItem{}
	ch := plan.ContentChanges(before, after)
	if len(ch) != 1 || ch[0].Old != "2026-03-23T08:00:00Z" || ch[0].New != "" {
		t.Fatalf("date change %+v", ch)
	}
	if o, n := ch[0].Times(); !o.Equal(before.PublishAt) || !n.IsZero() {
		t.Errorf("Times() = %v, %v", o, n)
	}
}

func TestApprovalPolicy_ChangeStatus(t *testing.T) {
	now := MustParseTime(t, "2026-03-21T08:00:00Z")
	tests := []struct {
		name   string
		policy plan.ApprovalPolicy
		from   plan.ContentStatus
		to     plan.ContentStatus
		keys   []string
		event  bool
	}{
		{name: "ErrDraftToPublished", from: plan.ContentDraft, to: plan.ContentPublished, keys: []string{"content.status.needs_approval"}},
		{name: "ErrIdeaToScheduled", from: plan.ContentIdea, to: plan.ContentScheduled, keys: []string{"content.status.needs_approval"}},
		{name: "ErrInReviewToPublished", from: plan.ContentInReview, to: plan.ContentPublished, keys: []string{"content.status.needs_approval"}},
		{name: "OKApprovedToScheduled", from: plan.ContentApproved, to: plan.ContentScheduled, event: true},
		{name: "OKScheduledToPublished", from: plan.ContentScheduled, to: plan.ContentPublished, event: true},
		{name: "OKPolicyAllows", policy: plan.ApprovalPolicy{PublishUnapproved: true}, from: plan.ContentDraft, to: plan.ContentPublished, event: true},
		{name: "ErrReviewOnly", policy: plan.ApprovalPolicy{PublishUnapproved: true}, from: plan.ContentDraft, to: plan.ContentApproved, keys: []string{"content.status.review_only"}},
		{name: "OKBackToDraft", from: plan.ContentApproved, to: plan.ContentDraft, event: true},
		{name: "OKUnchanged", from: plan.ContentDraft, to: plan.ContentDraft},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &plan.ContentItem{ID: 3, PlanID: 1, Status: tt.to}
			e, err := tt.policy.ChangeStatus(c, tt.from, "UME", now)
			assertFieldKeys(t, err, tt.keys...)
			if (e != nil) != tt.event {
				t.Fatalf("event %+v, want one: %v", e, tt.event)
			}
			if e != nil && (e.Action != plan.ActionStatusChanged || e.From != tt.from || e.To != tt.to || e.By != "UME" || !e.At.Equal(now)) {
				t.Errorf("event %+v", e)
			}
		})
	}
}

func TestApprovalPolicy_Validate(t *testing.T) {
	many := make([]plan.Approver, plan.MaxApprovers+1)
	for i := range many {
		many[i] = plan.Approver{UserID: "U" + strings.Repeat("A", i+1)}
	}
	tests := []struct {
		name string
		p    plan.ApprovalPolicy
		keys []string
	}{
		{name: "OKZero"},
		{name: "OKClient", p: plan.ApprovalPolicy{ClientApproval: true, Approvers: []plan.Approver{{UserID: "UC", Client: true}}}},
		{name: "ErrTooMany", p: plan.ApprovalPolicy{Approvers: many}, keys: []string{"approval.approvers.too_many"}},
		{name: "ErrID", p: plan.ApprovalPolicy{Approvers: []plan.Approver{{UserID: "<!channel>"}}}, keys: []string{"approval.approvers.invalid"}},
		{name: "ErrNoClient", p: plan.ApprovalPolicy{ClientApproval: true, Approvers: []plan.Approver{{UserID: "UT"}}}, keys: []string{"approval.client.none"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertFieldKeys(t, tt.p.Validate(), tt.keys...)
		})
	}
	p := plan.ApprovalPolicy{Approvers: []plan.Approver{{UserID: " UA ", Client: true}, {UserID: "UA"}, {UserID: ""}, {UserID: "UB"}}}
	p.Normalize()
	if want := []plan.Approver{{UserID: "UA", Client: true}, {UserID: "UB"}}; !reflect.DeepEqual(p.Approvers, want) {
		t.Errorf("Normalize: %+v", p.Approvers)
	}
	if a, ok := p.Approver("UA"); !ok || !a.Client {
		t.Errorf("Approver(UA) = %+v, %v", a, ok)
	}
	if _, ok := p.Approver(""); ok {
		t.Error("the empty ID is an approver")
	}
}

func ptr[T any](v T) *T { return &v }
