package bot

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

func testItem(id int64) *plan.ContentItem {
	return &plan.ContentItem{
		ID: id, PlanID: 1, Title: "Spring teaser " + evil, Network: plan.NetworkInstagram, Format: plan.FormatImage,
		Copy: "Spring is here!\n" + evil, Link: "https://acme.example/spring.jpg", PersonaID: 1, PillarID: 2, CTAID: 3,
		PublishAt: time.Date(2026, 3, 12, 8, 30, 0, 0, time.UTC), OwnerID: "U0ANA", ReviewerID: "U0REV", Status: plan.ContentDraft,
	}
}

func testRefs() contentRefs {
	return contentRefs{
		Personas: []*plan.Persona{testPersona(1, "Sophie")},
		Pillars:  []*plan.Pillar{{ID: 2, PlanID: 1, Name: "Recipes " + evil, PersonaIDs: []int64{1}}},
		CTAs: []*plan.CTA{{ID: 3, PlanID: 1, Kind: plan.CTAEmailSignup, Text: "Get the recipe", URL: "https://acme.example/s", GoalID: 7, Network: plan.NetworkInstagram,
			UTM: plan.UTM{Source: "instagram", Medium: "social", Campaign: "acme-grow", Content: "cta-3", FrozenAt: stepsNow}}},
	}
}

func TestContentViews(t *testing.T) {
	refs := testRefs()
	late := testItem(5)
	late.PublishAt = stepsNow.Add(-24 * time.Hour)
	review := testItem(6)
	review.Status = plan.ContentInReview
	changed := testItem(8)
	changed.Review = plan.Review{Decision: plan.ReviewChangesRequested, Comment: "Shorter " + evil}
	idea := &plan.ContentItem{ID: 9, PlanID: 1, Title: "Idea", Network: plan.NetworkBlog, Format: plan.FormatArticle, Status: plan.ContentIdea, CTAID: 3}
	for _, lang := range []Lang{EN, FR} {
		t.Run("List_"+string(lang), func(t *testing.T) {
			v := contentListModal(lang, contentList{
				Items: []*plan.ContentItem{testItem(4), late, review, changed, idea}, Total: 5,
				Meta:     viewMeta{PlanID: 1, ChannelID: "C1", Status: "draft", Week: "2026-03-09"},
				Strategy: &plan.Strategy{PlanID: 1, Voice: "Warm " + evil, Tone: "Playful"},
				Refs:     refs, Owners: []string{"U0OWNER"}, Now: stepsNow, Loc: stepsParis,
			})
			raw := golden(t, "content_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			// The in-review item has no Request review button; the others do.
			if n := strings.Count(string(raw), `"action_id": "`+ActionContentReview+`"`); n != 4 {
				t.Errorf("%d Request review buttons, want 4", n)
			}
			if n := strings.Count(string(raw), ":warning:"); n != 1 {
				t.Errorf("%d late flags, want 1", n)
			}
			// Each post carrying the call to action gets its own link: the
			// frozen campaign, the post's network and the post's ID.
			mustHave(t, string(raw),
				"https://acme.example/s?utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-grow&amp;utm_content=item-4`",
				"https://acme.example/s?utm_source=instagram&amp;utm_medium=social&amp;utm_campaign=acme-grow&amp;utm_content=item-5`",
				"https://acme.example/s?utm_source=blog&amp;utm_medium=referral&amp;utm_campaign=acme-grow&amp;utm_content=item-9`")
		})
		t.Run("ItemModalNew_"+string(lang), func(t *testing.T) {
			v := contentItemModal(lang, &plan.ContentItem{OwnerID: "U0ANA", Status: plan.ContentIdea}, contentRefs{}, stepsMeta, stepsParis)
			raw := golden(t, "content_item_new_"+string(lang), v)
			checkModalLimits(t, v)
			for _, absent := range []string{BlockContentPersona, BlockContentPillar, BlockContentCTA, `"value": "in_review"`, `"value": "approved"`} {
				if strings.Contains(string(raw), absent) {
					t.Errorf("new item form offers %s", absent)
				}
			}
		})
		t.Run("ItemModalEdit_"+string(lang), func(t *testing.T) {
			v := contentItemModal(lang, review, refs, viewMeta{PlanID: 1, ChannelID: "C1", ID: 6, ParentID: "V1"}, stepsParis)
			raw := golden(t, "content_item_edit_"+string(lang), v)
			checkModalLimits(t, v)
			// 08:30 UTC is 09:30 in Paris on March 12.
			mustHave(t, string(raw), `"initial_date": "2026-03-12"`, `"initial_time": "09:30"`, `"value": "in_review"`)
		})
		t.Run("ReviewRequest_"+string(lang), func(t *testing.T) {
			text, blocks := reviewRequestMessage(lang, review, refs, postLink(review, refs, "Renamed plan"), "U0ANA", stepsParis)
			raw := golden(t, "review_request_"+string(lang), blocks)
			checkStepLimits(t, blocks, 50)
			mustHave(t, string(raw), ActionReviewApprove, ActionReviewChanges, "<@U0REV>", "utm_campaign=acme-grow&amp;utm_content=item-6")
			if strings.Contains(text, "<!channel>") {
				t.Errorf("notification text not escaped: %s", text)
			}
		})
		t.Run("ReviewDecided_"+string(lang), func(t *testing.T) {
			c := testItem(6)
			c.Status = plan.ContentDraft
			c.Review = plan.Review{ChannelID: "C1", MessageTS: "1.2", RequestedBy: "U0ANA", RequestedAt: stepsNow,
				Decision: plan.ReviewChangesRequested, DecidedBy: "U0REV", DecidedAt: stepsNow.Add(time.Hour), Comment: "Shorter " + evil}
			_, blocks := reviewDecidedMessage(lang, c, refs, "", stepsParis)
			raw := golden(t, "review_decided_"+string(lang), blocks)
			checkStepLimits(t, blocks, 50)
			if strings.Contains(string(raw), ActionReviewApprove) {
				t.Error("decided review still has buttons")
			}
			mustHave(t, string(raw), "<@U0REV>", "&lt;!channel&gt;")
		})
		t.Run("ReviewChangesModal_"+string(lang), func(t *testing.T) {
			v := reviewChangesModal(lang, review, viewMeta{PlanID: 1, ChannelID: "C1", ID: 6})
			golden(t, "review_changes_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("Strategy_"+string(lang), func(t *testing.T) {
			v := strategyModal(lang, &plan.Strategy{PlanID: 1, Voice: "Warm", Tone: "Playful"}, stepsMeta)
			golden(t, "strategy_modal_"+string(lang), v)
			checkModalLimits(t, v)
		})
		t.Run("Pillars_"+string(lang), func(t *testing.T) {
			v := pillarsListModal(lang, refs.Pillars, 1, personaNames(refs.Personas), stepsMeta, nil)
			golden(t, "pillars_list_"+string(lang), v)
			checkModalLimits(t, v)
			checkStepLimits(t, v, 100)
			m := pillarModal(lang, refs.Pillars[0], refs.Personas, viewMeta{PlanID: 1, ID: 2, ParentID: "V1"})
			golden(t, "pillar_modal_"+string(lang), m)
			checkModalLimits(t, m)
		})
	}
	t.Run("ListFullPage", func(t *testing.T) {
		var items []*plan.ContentItem
		for i := range listPerPage {
			c := testItem(int64(i + 1))
			c.Title, c.Copy = strings.Repeat("T", plan.MaxContentTitleLen), strings.Repeat("c", plan.MaxContentCopyLen)
			c.Review.Decision, c.Review.Comment = plan.ReviewChangesRequested, strings.Repeat("x", plan.MaxReviewCommentLen)
			items = append(items, c)
		}
		v := contentListModal(EN, contentList{Items: items, Total: 100, Meta: viewMeta{PlanID: 1, Page: 2, Week: "2020-01-06"},
			Strategy: &plan.Strategy{Voice: strings.Repeat("v", plan.MaxVoiceLen)}, Refs: testRefs(), Owners: []string{"U1"}, Now: stepsNow, Loc: stepsParis})
		checkModalLimits(t, v)
		raw := checkStepLimits(t, v, 100)
		// A week chosen long ago stays selectable.
		mustHave(t, string(raw), `"value":"2020-01-06"`, "Page 3 of 5")
	})
}

func TestWeekRange(t *testing.T) {
	tests := []struct {
		name, monday string
		wantFrom     time.Time
		wantOK       bool
	}{
		{name: "Monday", monday: "2026-03-09", wantFrom: time.Date(2026, 3, 9, 0, 0, 0, 0, stepsParis), wantOK: true},
		{name: "MidWeekSnapsToMonday", monday: "2026-03-12", wantFrom: time.Date(2026, 3, 9, 0, 0, 0, 0, stepsParis), wantOK: true},
		{name: "Sunday", monday: "2026-03-15", wantFrom: time.Date(2026, 3, 9, 0, 0, 0, 0, stepsParis), wantOK: true},
		{name: "Empty", monday: ""},
		{name: "Garbage", monday: "next week"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, ok := weekRange(tt.monday, stepsParis)
			if ok != tt.wantOK || (ok && !from.Equal(tt.wantFrom)) {
				t.Fatalf("weekRange(%q) = %v, %v; want %v, %v", tt.monday, from, ok, tt.wantFrom, tt.wantOK)
			}
			// The week of the DST change (March 29 in Paris) is 167 hours.
			if ok && to.Sub(from) != 7*24*time.Hour {
				t.Fatalf("week of %v lasts %v", from, to.Sub(from))
			}
		})
	}
	from, to, _ := weekRange("2026-03-23", stepsParis)
	if got := to.Sub(from); got != 167*time.Hour {
		t.Errorf("the week of the spring DST change lasts %v, want 167h", got)
	}
}

func TestReadContentForm(t *testing.T) {
	state := func(date, clock string) *slack.ViewState {
		return &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
			BlockContentTitle:   {ActionInput: {Value: "T"}},
			BlockContentDate:    {ActionInput: {SelectedDate: date}},
			BlockContentTime:    {ActionInput: {SelectedTime: clock}},
			BlockContentPersona: {ActionInput: {SelectedOption: slack.OptionBlockObject{Value: "12"}}},
			BlockContentCTA:     {ActionInput: {SelectedOption: slack.OptionBlockObject{Value: "0"}}},
		}}
	}
	tests := []struct {
		name, date, clock string
		want              time.Time
		wantErr           string
	}{
		{name: "DateAndTime", date: "2026-03-12", clock: "18:45", want: time.Date(2026, 3, 12, 18, 45, 0, 0, stepsParis)},
		{name: "DateOnlyAt9", date: "2026-03-12", want: time.Date(2026, 3, 12, 9, 0, 0, 0, stepsParis)},
		{name: "Neither"},
		{name: "ErrTimeOnly", clock: "10:00", wantErr: "publish_date"},
		{name: "ErrBadDate", date: "2026-02-30", wantErr: "publish_date"},
		{name: "ErrBadTime", date: "2026-03-12", clock: "25:00", wantErr: "publish_time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			upd, errs := readContentForm(formState{state(tt.date, tt.clock)}, stepsParis)
			if tt.wantErr != "" {
				if len(errs) != 1 || errs[0].Field != tt.wantErr {
					t.Fatalf("errors %v, want one on %s", errs, tt.wantErr)
				}
				return
			}
			if len(errs) > 0 || !upd.PublishAt.Equal(tt.want) {
				t.Fatalf("PublishAt %v, errors %v; want %v", *upd.PublishAt, errs, tt.want)
			}
			if *upd.PersonaID != 12 || *upd.CTAID != 0 || *upd.PillarID != 0 {
				t.Fatalf("refs %d %d %d", *upd.PersonaID, *upd.PillarID, *upd.CTAID)
			}
		})
	}
}

func TestRefSelectKeepsChoiceWithinLimit(t *testing.T) {
	var values, labels []string
	for i := range 150 {
		values, labels = append(values, strconv.Itoa(i+1)), append(labels, "x")
	}
	for _, selected := range []string{"5", "150"} {
		el := refSelect(EN, values, labels, selected)
		if len(el.Options) != 100 || el.InitialOption == nil || el.InitialOption.Value != selected {
			t.Errorf("selected %s: %d options, initial %+v", selected, len(el.Options), el.InitialOption)
		}
	}
	if refSelect(EN, nil, nil, "1") != nil {
		t.Error("a select without choices")
	}
}
