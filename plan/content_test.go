package plan_test

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

var noon = time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)

func validItem() *plan.ContentItem {
	return &plan.ContentItem{
		PlanID: 1, Title: "Spring teaser", Network: plan.NetworkInstagram, Format: plan.FormatImage,
		Copy: "Spring is here", Link: "https://acme.example/spring.jpg", Status: plan.ContentDraft,
	}
}

func TestContentItem_Validate(t *testing.T) {
	tests := []struct {
		name string
		edit func(c *plan.ContentItem)
		keys []string
	}{
		{name: "OK", edit: func(*plan.ContentItem) {}},
		{name: "OKNoLink", edit: func(c *plan.ContentItem) { c.Link = "" }},
		{name: "OKScheduledWithDate", edit: func(c *plan.ContentItem) { c.Status, c.PublishAt = plan.ContentScheduled, noon }},
		{name: "ErrTitleRequired", edit: func(c *plan.ContentItem) { c.Title = "" }, keys: []string{"content.title.required"}},
		{name: "ErrTitleTooLong", edit: func(c *plan.ContentItem) { c.Title = strings.Repeat("t", plan.MaxContentTitleLen+1) }, keys: []string{"content.title.too_long"}},
		{name: "ErrNetwork", edit: func(c *plan.ContentItem) { c.Network = "" }, keys: []string{"content.network.invalid"}},
		{name: "ErrFormat", edit: func(c *plan.ContentItem) { c.Format = "hologram" }, keys: []string{"content.format.invalid"}},
		{name: "ErrCopyTooLong", edit: func(c *plan.ContentItem) { c.Copy = strings.Repeat("c", plan.MaxContentCopyLen+1) }, keys: []string{"content.copy.too_long"}},
		{name: "ErrLink", edit: func(c *plan.ContentItem) { c.Link = "spring.jpg" }, keys: []string{"content.link.invalid"}},
		{name: "ErrLinkTel", edit: func(c *plan.ContentItem) { c.Link = "tel:+331" }, keys: []string{"content.link.invalid"}},
		{name: "ErrStatus", edit: func(c *plan.ContentItem) { c.Status = "lost" }, keys: []string{"content.status.invalid"}},
		{name: "ErrScheduledNoDate", edit: func(c *plan.ContentItem) { c.Status = plan.ContentScheduled }, keys: []string{"content.publish_at.required"}},
		{name: "ErrPublishedNoDate", edit: func(c *plan.ContentItem) { c.Status = plan.ContentPublished }, keys: []string{"content.publish_at.required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validItem()
			tt.edit(c)
			assertFieldKeys(t, c.Validate(), tt.keys...)
		})
	}
}

func TestContentItem_ValidateStatusChange(t *testing.T) {
	tests := []struct {
		name     string
		stored   plan.ContentStatus
		new      plan.ContentStatus
		wantKeys []string
	}{
		{name: "NewIdea", stored: "", new: plan.ContentIdea},
		{name: "KeepInReview", stored: plan.ContentInReview, new: plan.ContentInReview},
		{name: "KeepApproved", stored: plan.ContentApproved, new: plan.ContentApproved},
		{name: "ApprovedToScheduled", stored: plan.ContentApproved, new: plan.ContentScheduled},
		{name: "InReviewBackToDraft", stored: plan.ContentInReview, new: plan.ContentDraft},
		{name: "ErrNewApproved", stored: "", new: plan.ContentApproved, wantKeys: []string{"content.status.review_only"}},
		{name: "ErrDraftToApproved", stored: plan.ContentDraft, new: plan.ContentApproved, wantKeys: []string{"content.status.review_only"}},
		{name: "ErrDraftToInReview", stored: plan.ContentDraft, new: plan.ContentInReview, wantKeys: []string{"content.status.review_only"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validItem()
			c.Status = tt.new
			assertFieldKeys(t, c.ValidateStatusChange(tt.stored), tt.wantKeys...)
		})
	}
}

func TestContentItem_Late(t *testing.T) {
	tests := []struct {
		name   string
		at     time.Time
		status plan.ContentStatus
		want   bool
	}{
		{name: "PastDraft", at: noon.Add(-time.Minute), status: plan.ContentDraft, want: true},
		{name: "PastScheduled", at: noon.Add(-time.Hour), status: plan.ContentScheduled, want: true},
		{name: "PastPublished", at: noon.Add(-time.Hour), status: plan.ContentPublished},
		{name: "Now", at: noon, status: plan.ContentDraft},
		{name: "Future", at: noon.Add(time.Minute), status: plan.ContentDraft},
		{name: "NoDate", status: plan.ContentIdea},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &plan.ContentItem{PublishAt: tt.at, Status: tt.status}
			if got := c.Late(noon); got != tt.want {
				t.Errorf("Late = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestContentItem_Review(t *testing.T) {
	open := &plan.Plan{}
	owned := &plan.Plan{Owners: []string{"UOWNER"}}

	t.Run("StartReview", func(t *testing.T) {
		c := validItem()
		if err := c.StartReview("UAUTHOR", "C1", "1.2", noon); err != nil {
			t.Fatal(err)
		}
		want := plan.Review{ChannelID: "C1", MessageTS: "1.2", RequestedBy: "UAUTHOR", RequestedAt: noon}
		if c.Status != plan.ContentInReview || c.Review != want {
			t.Fatalf("after StartReview: %v %+v", c.Status, c.Review)
		}
		err := c.StartReview("UAUTHOR", "C1", "1.3", noon)
		if plan.ErrorCode(err) != plan.ECONFLICT || c.Review.MessageTS != "1.2" {
			t.Fatalf("second StartReview: %v, ts %s", err, c.Review.MessageTS)
		}
		c.Status = plan.ContentPublished
		if err := c.StartReview("UAUTHOR", "C1", "1.4", noon); plan.ErrorCode(err) != plan.ECONFLICT {
			t.Fatalf("StartReview of a published item: %v", err)
		}
	})

	decide := []struct {
		name       string
		p          *plan.Plan
		reviewer   string
		user       string
		approve    bool
		comment    string
		wantCode   string
		wantStatus plan.ContentStatus
	}{
		{name: "OpenPlanAnyoneApproves", p: open, user: "UANY", approve: true, wantStatus: plan.ContentApproved},
		{name: "ChangesBackToDraft", p: open, user: "UANY", comment: " shorter please ", wantStatus: plan.ContentDraft},
		{name: "ReviewerApproves", p: owned, reviewer: "UREV", user: "UREV", approve: true, wantStatus: plan.ContentApproved},
		{name: "OwnerOverridesReviewer", p: owned, reviewer: "UREV", user: "UOWNER", approve: true, wantStatus: plan.ContentApproved},
		{name: "OwnerWhenNoReviewer", p: owned, user: "UOWNER", approve: true, wantStatus: plan.ContentApproved},
		{name: "ErrNotReviewer", p: open, reviewer: "UREV", user: "UANY", approve: true, wantCode: plan.EFORBIDDEN},
		{name: "ErrNotOwner", p: owned, user: "UANY", approve: true, wantCode: plan.EFORBIDDEN},
		{name: "ErrNobody", p: open, user: "", approve: true, wantCode: plan.EFORBIDDEN},
		{name: "ErrCommentRequired", p: open, user: "UANY", comment: "  ", wantCode: plan.EINVALID},
		{name: "ErrCommentTooLong", p: open, user: "UANY", comment: strings.Repeat("c", plan.MaxReviewCommentLen+1), wantCode: plan.EINVALID},
	}
	for _, tt := range decide {
		t.Run("Decide"+tt.name, func(t *testing.T) {
			c := validItem()
			c.ReviewerID = tt.reviewer
			if err := c.StartReview("UAUTHOR", "C1", "1.2", noon); err != nil {
				t.Fatal(err)
			}
			later := noon.Add(time.Hour)
			err := c.Decide(tt.p, tt.user, tt.approve, tt.comment, later)
			if tt.wantCode != "" {
				if plan.ErrorCode(err) != tt.wantCode {
					t.Fatalf("Decide = %v, want %s", err, tt.wantCode)
				}
				if c.Status != plan.ContentInReview || c.Review.Decision != "" {
					t.Fatalf("refused decision changed the item: %v %+v", c.Status, c.Review)
				}
				return
			}
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			wantDecision := plan.ReviewApproved
			if !tt.approve {
				wantDecision = plan.ReviewChangesRequested
			}
			r := c.Review
			if c.Status != tt.wantStatus || r.Decision != wantDecision || r.DecidedBy != tt.user ||
				!r.DecidedAt.Equal(later) || r.Comment != strings.TrimSpace(tt.comment) || r.MessageTS != "1.2" {
				t.Fatalf("after Decide: %v %+v", c.Status, r)
			}
			if err := c.Decide(tt.p, tt.user, true, "", later); plan.ErrorCode(err) != plan.ECONFLICT {
				t.Fatalf("second decision: %v, want ECONFLICT", err)
			}
		})
	}
}

func TestContentItemUpdate_Apply(t *testing.T) {
	c := validItem()
	title, status, at := "New", plan.ContentScheduled, noon
	plan.ContentItemUpdate{Title: &title, Status: &status, PublishAt: &at}.Apply(c)
	if c.Title != "New" || c.Status != plan.ContentScheduled || !c.PublishAt.Equal(noon) || c.Copy != "Spring is here" {
		t.Fatalf("after Apply: %+v", c)
	}
}
