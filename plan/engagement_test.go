package plan_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func validEngagementItem() *plan.EngagementItem {
	return &plan.EngagementItem{
		PlanID: 1, Network: "instagram", Link: "https://instagram.example/p/1", Author: "@ana",
		Excerpt: "Do you ship to Canada?", Kind: plan.EngagementQuestion, OwnerID: "U1",
		Due: time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC), Status: plan.EngagementOpen,
	}
}

func TestEngagementItemValidate(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(it *plan.EngagementItem)
		wantFields []string
	}{
		{name: "OK", edit: func(it *plan.EngagementItem) {}},
		{name: "OK/NoLinkNoAuthor", edit: func(it *plan.EngagementItem) { it.Link, it.Author = "", "" }},
		{name: "ErrEverything", edit: func(it *plan.EngagementItem) {
			*it = plan.EngagementItem{Network: "myspace", Kind: "rant", Link: "javascript:alert(1)", Author: strings.Repeat("a", 101)}
		}, wantFields: []string{"network", "kind", "excerpt", "author", "link", "owner", "due"}},
		{name: "ErrExcerptTooLong", edit: func(it *plan.EngagementItem) { it.Excerpt = strings.Repeat("é", 2001) }, wantFields: []string{"excerpt"}},
		{name: "ErrLinkWithoutHost", edit: func(it *plan.EngagementItem) { it.Link = "https://" }, wantFields: []string{"link"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			it := validEngagementItem()
			tt.edit(it)
			var fields []string
			for _, fe := range plan.ErrorFields(it.Validate()) {
				fields = append(fields, fe.Field)
			}
			if !slices.Equal(fields, tt.wantFields) {
				t.Errorf("fields = %v, want %v", fields, tt.wantFields)
			}
		})
	}
}

func TestEngagementItemState(t *testing.T) {
	it := validEngagementItem()
	it.CreatedAt = it.Due.Add(-2 * time.Hour)
	if it.Overdue(it.Due) || !it.Overdue(it.Due.Add(time.Second)) {
		t.Error("Overdue must turn true just after Due")
	}
	if _, ok := it.ReplyTime(); ok {
		t.Error("ReplyTime of an open item")
	}
	it.Status, it.ClosedAt = plan.EngagementReplied, it.Due.Add(30*time.Minute)
	if d, ok := it.ReplyTime(); !ok || d != 150*time.Minute {
		t.Errorf("ReplyTime = %s, %v; want 2h30m", d, ok)
	}
	if it.Overdue(it.Due.Add(time.Hour)) {
		t.Error("a replied item is overdue")
	}
	if r := it.OverdueRule(it.Due.Add(-time.Hour)); r.Frequency != plan.FrequencyOnce || !r.At.Equal(it.Due) {
		t.Errorf("OverdueRule before the due time = %+v, want at the due time", r)
	}
	// Queued (or handed over) when overdue already: at once, not as a
	// reminder missed long ago.
	late := it.Due.Add(3 * time.Hour)
	if r := it.OverdueRule(late); !r.At.Equal(late) {
		t.Errorf("OverdueRule after the due time = %+v, want at %s", r, late)
	}
}

func TestReplyStatsByNetwork(t *testing.T) {
	var samples []plan.ReplySample
	// Instagram: 1..10 minutes; p90 by nearest rank is the 9th.
	for i := 1; i <= 10; i++ {
		samples = append(samples, plan.ReplySample{Network: "instagram", Took: time.Duration(i) * time.Minute})
	}
	// LinkedIn: 20 replies of 1..20 hours, listed backwards; median between 10 and 11.
	for i := 20; i >= 1; i-- {
		samples = append(samples, plan.ReplySample{Network: "linkedin", Took: time.Duration(i) * time.Hour})
	}
	samples = append(samples, plan.ReplySample{Network: "x", Took: 42 * time.Second})

	got := plan.ReplyStatsByNetwork(samples)
	want := []plan.NetworkReplyStats{
		{Network: "instagram", Count: 10, Median: 330 * time.Second, P90: 9 * time.Minute},
		{Network: "linkedin", Count: 20, Median: 630 * time.Minute, P90: 18 * time.Hour},
		{Network: "x", Count: 1, Median: 42 * time.Second, P90: 42 * time.Second},
	}
	if !slices.Equal(got, want) {
		t.Errorf("ReplyStatsByNetwork =\n%+v\nwant\n%+v", got, want)
	}
	if got := plan.ReplyStatsByNetwork(nil); len(got) != 0 {
		t.Errorf("no samples: %+v", got)
	}
}

func TestDigestRule(t *testing.T) {
	p := &plan.Plan{TimeZone: "Europe/Paris"}
	r := plan.DigestRule(p, 9, 30)
	if err := r.Validate(); err != nil || r.Frequency != plan.FrequencyDaily || r.TimeZone != "Europe/Paris" || r.Hour != 9 || r.Minute != 30 {
		t.Errorf("DigestRule = %+v (%v)", r, err)
	}
}

func TestIsDuplicateItem(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"Duplicate", plan.DuplicateItem(), true},
		{"Wrapped", fmt.Errorf("create item: %w", plan.DuplicateItem()), true},
		{"OtherConflict", plan.Errorf(plan.ECONFLICT, "taken meanwhile"), false},
		{"Nil", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := plan.IsDuplicateItem(tt.err); got != tt.want {
				t.Errorf("IsDuplicateItem(%v) = %v, want %v", tt.err, got, tt.want)
			}
		})
	}
	if plan.ErrorCode(plan.DuplicateItem()) != plan.ECONFLICT {
		t.Error("a duplicate is not ECONFLICT")
	}
}

func TestArea_Engagement(t *testing.T) {
	p := &plan.Plan{ChannelID: "C1", Owners: []string{"UOWNER"}}
	if err := p.Authorize("UOTHER", plan.AreaEngagement); err != nil {
		t.Errorf("a member who is not an owner may not queue a message: %v", err)
	}
	if err := p.Authorize("UOTHER", plan.AreaChannels); plan.ErrorCode(err) != plan.EFORBIDDEN {
		t.Errorf("networks are open to a non-owner: %v", err)
	}
}
