package storage_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
	"github.com/planbot/planbot/storage"
	"github.com/planbot/planbot/storage/storagetest"
)

func TestApprovalService_Policy(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewApprovalService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")

		got, err := s.ApprovalPolicy(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, plan.ApprovalPolicy{}) {
			t.Fatalf("default policy %+v, want the zero policy", got)
		}
		want := plan.ApprovalPolicy{TwoApprovers: true, ClientApproval: true, Approvers: []plan.Approver{{UserID: "UCLIENT", Client: true}, {UserID: "UAM"}}}
		set := want
		set.Approvers = append([]plan.Approver{{UserID: " UCLIENT ", Client: true}}, want.Approvers...) // trimmed, deduplicated
		if err := s.SetApprovalPolicy(ctx, p.ID, set); err != nil {
			t.Fatal(err)
		}
		if got, err = s.ApprovalPolicy(ctx, p.ID); err != nil || !reflect.DeepEqual(got, want) {
			t.Fatalf("stored %+v, %v; want %+v", got, err, want)
		}

		t.Run("ErrClientApproverMissing", func(t *testing.T) {
			assertFields(t, s.SetApprovalPolicy(ctx, p.ID, plan.ApprovalPolicy{ClientApproval: true}), "client_approval")
		})
		t.Run("ErrForbiddenToNonOwner", func(t *testing.T) {
			MustSetOwners(t, db, p.ID, "UOWNER")
			assertCode(t, s.SetApprovalPolicy(as("USOMEONE"), p.ID, plan.ApprovalPolicy{}), plan.EFORBIDDEN)
		})
		t.Run("ErrPlanNotFound", func(t *testing.T) {
			_, err := s.ApprovalPolicy(ctx, 404)
			assertCode(t, err, plan.ENOTFOUND)
		})
	})
}

// TestContentService_Approvals follows an item through the approvals of
// issue 17: no self-approval, two approvers, an edit after approval that
// reopens the review, and the history that keeps every step.
func TestContentService_Approvals(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewContentService(db)
		approvals := storage.NewApprovalService(db)
		p := MustEnsurePlan(t, db, "T1", "C1") // an open plan: anyone decides
		c := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.OwnerID = "UAUTHOR" })

		if _, err := s.RequestReview(as("UAUTHOR"), c.ID, "C1", "1.1"); err != nil {
			t.Fatal(err)
		}
		_, err := s.DecideReview(as("UAUTHOR"), c.ID, true, "")
		assertCode(t, err, plan.EFORBIDDEN)
		if got, err := s.DecideReview(as("UREV"), c.ID, true, ""); err != nil || got.Status != plan.ContentApproved {
			t.Fatalf("approval by another: %v, %v", got, err)
		}

		// An edit of the copy after approval sends the item back to review.
		later := fixedNow.Add(2 * time.Hour)
		db.Now = func() time.Time { return later }
		copyText := "Spring is here, for real"
		got, err := s.UpdateContentItem(as("UEDITOR"), c.ID, plan.ContentItemUpdate{Copy: &copyText})
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != plan.ContentInReview || got.Review.RequestedBy != "UEDITOR" || got.Review.MessageTS != "1.1" {
			t.Fatalf("after edit: %v %+v", got.Status, got.Review)
		}
		// The editor is now an author of the round: they cannot approve.
		_, err = s.DecideReview(as("UEDITOR"), c.ID, true, "")
		assertCode(t, err, plan.EFORBIDDEN)

		// Two approvers from now on: the first approval keeps it in review.
		if err := approvals.SetApprovalPolicy(ctx, p.ID, plan.ApprovalPolicy{TwoApprovers: true}); err != nil {
			t.Fatal(err)
		}
		if got, err = s.DecideReview(as("UREV"), c.ID, true, "ok"); err != nil || got.Status != plan.ContentInReview {
			t.Fatalf("first of two approvals: %v, %v", got, err)
		}
		_, err = s.DecideReview(as("UREV"), c.ID, true, "")
		assertCode(t, err, plan.ECONFLICT)
		if got, err = s.DecideReview(as("UREV2"), c.ID, true, ""); err != nil || got.Status != plan.ContentApproved {
			t.Fatalf("second approval: %v, %v", got, err)
		}

		history, err := approvals.FindReviewEvents(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []plan.ReviewAction
		var by []string
		for _, e := range history {
			actions, by = append(actions, e.Action), append(by, e.By)
		}
		wantActions := []plan.ReviewAction{plan.ActionRequested, plan.ActionApproved, plan.ActionReopened, plan.ActionApproved, plan.ActionApproved}
		wantBy := []string{"UAUTHOR", "UREV", "UEDITOR", "UREV", "UREV2"}
		if !reflect.DeepEqual(actions, wantActions) || !reflect.DeepEqual(by, wantBy) {
			t.Fatalf("history %v by %v\nwant %v by %v", actions, by, wantActions, wantBy)
		}
		reopen := history[2]
		wantChange := []plan.FieldChange{{Field: plan.ContentFieldCopy, Old: "Spring is here <!channel>", New: copyText}}
		if !reopen.At.Equal(later) || reopen.From != plan.ContentApproved || reopen.To != plan.ContentInReview || !reflect.DeepEqual(reopen.Changes, wantChange) {
			t.Fatalf("reopening event %+v", reopen)
		}
		if history[3].Comment != "ok" || history[3].To != plan.ContentInReview || history[4].To != plan.ContentApproved {
			t.Fatalf("approvals %+v %+v", history[3], history[4])
		}

		_, err = approvals.FindReviewEvents(ctx, 404)
		assertCode(t, err, plan.ENOTFOUND)
	})
}
