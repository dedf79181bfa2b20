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

// validItem returns a draft content item of plan planID.
func validItem(planID int64) *plan.ContentItem {
	return &plan.ContentItem{
		PlanID: planID, Title: "Spring teaser", Network: plan.NetworkInstagram, Format: plan.FormatImage,
		Copy: "Spring is here <!channel>", Link: "https://acme.example/spring.jpg",
		PublishAt: time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC),
		OwnerID:   "U1", Status: plan.ContentDraft, CreatedBy: "U2",
	}
}

// MustCreateItem creates a valid content item, edited by edit, or fails.
func MustCreateItem(tb testing.TB, db *storage.DB, planID int64, edit func(c *plan.ContentItem)) *plan.ContentItem {
	tb.Helper()
	c := validItem(planID)
	if edit != nil {
		edit(c)
	}
	if err := storage.NewContentService(db).CreateContentItem(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	return c
}

func TestContentService_CreateContentItem(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()

		t.Run("OK", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			s := storage.NewContentService(db)
			p := MustEnsurePlan(t, db, "T1", "C1")
			persona := MustCreatePersona(t, db, p.ID, "Sophie")
			cta := MustCreateCTA(t, db, p.ID)

			paris, _ := time.LoadLocation("Europe/Paris")
			c := validItem(p.ID)
			c.PersonaID, c.CTAID = persona.ID, cta.ID
			c.PublishAt = time.Date(2026, 3, 12, 10, 30, 0, 0, paris)
			c.Title = "  Spring teaser "
			if err := s.CreateContentItem(ctx, c); err != nil {
				t.Fatal(err)
			}
			if c.ID == 0 || c.Title != "Spring teaser" || !c.CreatedAt.Equal(fixedNow) {
				t.Fatalf("created %+v", c)
			}
			got, err := s.FindContentItemByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, c) {
				t.Fatalf("stored %+v\nwant   %+v", got, c)
			}
			if want := time.Date(2026, 3, 12, 9, 30, 0, 0, time.UTC); !got.PublishAt.Equal(want) || got.PublishAt.Location() != time.UTC {
				t.Fatalf("publish at %v, want %v", got.PublishAt, want)
			}
		})

		t.Run("DefaultsToIdeaWithoutDate", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			p := MustEnsurePlan(t, db, "T1", "C1")
			c := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Status, c.PublishAt = "", time.Time{} })
			got, err := storage.NewContentService(db).FindContentItemByID(ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != plan.ContentIdea || !got.PublishAt.IsZero() {
				t.Fatalf("stored %v at %v", got.Status, got.PublishAt)
			}
		})

		// Content is open to the channel even when the plan has owners.
		t.Run("NonOwnerMayAdd", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			p := MustEnsurePlan(t, db, "T1", "C1")
			MustSetOwners(t, db, p.ID, "UOWNER")
			c := validItem(p.ID)
			if err := storage.NewContentService(db).CreateContentItem(as("UOTHER"), c); err != nil {
				t.Fatal(err)
			}
		})

		for _, tt := range []struct {
			name   string
			edit   func(c *plan.ContentItem, other int64)
			fields []string
		}{
			{"ErrTitleRequired", func(c *plan.ContentItem, _ int64) { c.Title = " " }, []string{"title"}},
			{"ErrScheduledNoDate", func(c *plan.ContentItem, _ int64) { c.Status, c.PublishAt = plan.ContentScheduled, time.Time{} }, []string{"publish_date"}},
			{"ErrApprovedOutsideReview", func(c *plan.ContentItem, _ int64) { c.Status = plan.ContentApproved }, []string{"status"}},
			{"ErrPersonaOfOtherPlan", func(c *plan.ContentItem, other int64) { c.PersonaID = other }, []string{"persona"}},
			{"ErrUnknownPillarAndCTA", func(c *plan.ContentItem, _ int64) { c.PillarID, c.CTAID = 404, 405 }, []string{"pillar", "cta"}},
			{"ErrMany", func(c *plan.ContentItem, _ int64) { c.Network, c.Link = "", "nope" }, []string{"network", "link"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				db := MustOpenDB(t, backend)
				s := storage.NewContentService(db)
				p := MustEnsurePlan(t, db, "T1", "C1")
				other := MustEnsurePlan(t, db, "T1", "C2")
				foreign := MustCreatePersona(t, db, other.ID, "Foreign")
				c := validItem(p.ID)
				tt.edit(c, foreign.ID)
				err := s.CreateContentItem(ctx, c)
				assertCode(t, err, plan.EINVALID)
				assertFields(t, err, tt.fields...)
				if c.ID != 0 {
					t.Fatalf("ID set on failure")
				}
				if _, total, _ := s.FindContentItems(ctx, plan.ContentFilter{}); total != 0 {
					t.Fatalf("%d items stored after a failure", total)
				}
			})
		}

		t.Run("ErrPlanNotFound", func(t *testing.T) {
			db := MustOpenDB(t, backend)
			assertCode(t, storage.NewContentService(db).CreateContentItem(ctx, validItem(404)), plan.ENOTFOUND)
		})
	})
}

func TestContentService_UpdateDelete(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewContentService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		c := MustCreateItem(t, db, p.ID, nil)

		later := fixedNow.Add(time.Hour)
		db.Now = func() time.Time { return later }
		title, status := "Spring launch", plan.ContentScheduled
		// By default an item is approved before it is scheduled.
		_, err := s.UpdateContentItem(ctx, c.ID, plan.ContentItemUpdate{Title: &title, Status: &status})
		assertFields(t, err, "status")
		if err := storage.NewApprovalService(db).SetApprovalPolicy(ctx, p.ID, plan.ApprovalPolicy{PublishUnapproved: true}); err != nil {
			t.Fatal(err)
		}
		got, err := s.UpdateContentItem(ctx, c.ID, plan.ContentItemUpdate{Title: &title, Status: &status})
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Spring launch" || got.Status != plan.ContentScheduled || got.Copy != c.Copy || !got.UpdatedAt.Equal(later) {
			t.Fatalf("updated %+v", got)
		}

		approved := plan.ContentApproved
		_, err = s.UpdateContentItem(ctx, c.ID, plan.ContentItemUpdate{Status: &approved})
		assertFields(t, err, "status")

		_, err = s.UpdateContentItem(ctx, 404, plan.ContentItemUpdate{Title: &title})
		assertCode(t, err, plan.ENOTFOUND)

		if err := s.DeleteContentItem(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		assertCode(t, s.DeleteContentItem(ctx, c.ID), plan.ENOTFOUND)
		_, err = s.FindContentItemByID(ctx, c.ID)
		assertCode(t, err, plan.ENOTFOUND)
	})
}

func TestContentService_Review(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		db := MustOpenDB(t, backend)
		s := storage.NewContentService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		MustSetOwners(t, db, p.ID, "UOWNER")
		c := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.ReviewerID = "UREV" })

		got, err := s.RequestReview(as("UAUTHOR"), c.ID, "C1", "100.1")
		if err != nil {
			t.Fatal(err)
		}
		want := plan.Review{ChannelID: "C1", MessageTS: "100.1", RequestedBy: "UAUTHOR", RequestedAt: fixedNow}
		if got.Status != plan.ContentInReview || got.Review != want {
			t.Fatalf("after request: %v %+v", got.Status, got.Review)
		}
		_, err = s.RequestReview(as("UAUTHOR"), c.ID, "C1", "100.2")
		assertCode(t, err, plan.ECONFLICT)

		_, err = s.DecideReview(as("UOTHER"), c.ID, true, "")
		assertCode(t, err, plan.EFORBIDDEN)
		_, err = s.DecideReview(as("UREV"), c.ID, false, " ")
		assertFields(t, err, "comment")

		later := fixedNow.Add(time.Hour)
		db.Now = func() time.Time { return later }
		if _, err := s.DecideReview(as("UREV"), c.ID, false, "Shorter, please"); err != nil {
			t.Fatal(err)
		}
		stored, err := s.FindContentItemByID(context.Background(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		want.Decision, want.DecidedBy, want.DecidedAt, want.Comment = plan.ReviewChangesRequested, "UREV", later, "Shorter, please"
		if stored.Status != plan.ContentDraft || stored.Review != want {
			t.Fatalf("after changes requested: %v %+v\nwant %+v", stored.Status, stored.Review, want)
		}
		_, err = s.DecideReview(as("UREV"), c.ID, true, "")
		assertCode(t, err, plan.ECONFLICT)

		// A second round, approved by an owner in the reviewer's stead.
		if _, err := s.RequestReview(as("UAUTHOR"), c.ID, "C1", "100.3"); err != nil {
			t.Fatal(err)
		}
		got, err = s.DecideReview(as("UOWNER"), c.ID, true, "")
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != plan.ContentApproved || got.Review.Decision != plan.ReviewApproved || got.Review.MessageTS != "100.3" || got.Review.Comment != "" {
			t.Fatalf("after approval: %v %+v", got.Status, got.Review)
		}
		_, err = s.DecideReview(as("UOWNER"), 404, true, "")
		assertCode(t, err, plan.ENOTFOUND)
	})
}

func TestContentService_FindContentItems(t *testing.T) {
	storagetest.Run(t, func(t *testing.T, backend storagetest.Backend) {
		ctx := context.Background()
		db := MustOpenDB(t, backend)
		s := storage.NewContentService(db)
		p := MustEnsurePlan(t, db, "T1", "C1")
		other := MustEnsurePlan(t, db, "T1", "C2")
		at := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }

		idea := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Status, c.PublishAt = plan.ContentIdea, time.Time{} })
		lateDraft := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PublishAt, c.OwnerID = at(9, 8), "UANA" })
		published := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Status, c.PublishAt = plan.ContentPublished, at(8, 8) })
		nextWeek := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.PublishAt, c.ReviewerID = at(16, 10), "UREV" })
		thisWeek := MustCreateItem(t, db, p.ID, func(c *plan.ContentItem) { c.Status, c.PublishAt = plan.ContentScheduled, at(15, 23) })
		MustCreateItem(t, db, other.ID, nil)

		ids := func(items []*plan.ContentItem) []int64 {
			var out []int64
			for _, c := range items {
				out = append(out, c.ID)
			}
			return out
		}
		tests := []struct {
			name      string
			filter    plan.ContentFilter
			want      []int64
			wantTotal int
		}{
			{name: "AllByDateUndatedLast", filter: plan.ContentFilter{PlanID: &p.ID},
				want: []int64{published.ID, lateDraft.ID, thisWeek.ID, nextWeek.ID, idea.ID}, wantTotal: 5},
			{name: "Page", filter: plan.ContentFilter{PlanID: &p.ID, Offset: 1, Limit: 2},
				want: []int64{lateDraft.ID, thisWeek.ID}, wantTotal: 5},
			{name: "PastLastPage", filter: plan.ContentFilter{PlanID: &p.ID, Offset: 10, Limit: 2}, wantTotal: 5},
			{name: "Statuses", filter: plan.ContentFilter{PlanID: &p.ID, Statuses: []plan.ContentStatus{plan.ContentIdea, plan.ContentScheduled}},
				want: []int64{thisWeek.ID, idea.ID}, wantTotal: 2},
			{name: "Week", filter: plan.ContentFilter{PlanID: &p.ID, From: at(9, 0), To: at(16, 0)},
				want: []int64{lateDraft.ID, thisWeek.ID}, wantTotal: 2},
			{name: "Late", filter: plan.ContentFilter{PlanID: &p.ID, LateAt: fixedNow},
				want: []int64{lateDraft.ID}, wantTotal: 1},
			{name: "Owner", filter: plan.ContentFilter{OwnerID: "UANA"}, want: []int64{lateDraft.ID}, wantTotal: 1},
			{name: "Reviewer", filter: plan.ContentFilter{ReviewerID: "UREV"}, want: []int64{nextWeek.ID}, wantTotal: 1},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				items, total, err := s.FindContentItems(ctx, tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if got := ids(items); !reflect.DeepEqual(got, tt.want) || total != tt.wantTotal {
					t.Fatalf("items %v (total %d), want %v (total %d)", got, total, tt.want, tt.wantTotal)
				}
			})
		}
	})
}
