package bot

import (
	"strings"
	"testing"
	"time"

	"github.com/planbot/planbot/plan"
)

func TestApprovalViews(t *testing.T) {
	refs := testRefs()
	for _, lang := range []Lang{EN, FR} {
		t.Run("Reopened_"+string(lang), func(t *testing.T) {
			c := testItem(6)
			c.Status = plan.ContentInReview
			c.Review = plan.Review{ChannelID: "C1", MessageTS: "1.2", RequestedBy: "U0ED", RequestedAt: stepsNow}
			reopen := &plan.ReviewEvent{Action: plan.ActionReopened, By: "U0ED", At: stepsNow, From: plan.ContentApproved, To: plan.ContentInReview,
				Changes: []plan.FieldChange{
					{Field: plan.ContentFieldCopy, Old: "Spring is here " + evil, New: "Spring is really here " + evil},
					{Field: plan.ContentFieldPublishAt, Old: "2026-03-12T09:30:00Z", New: "2026-03-13T09:30:00Z"},
				}}
			pr := plan.ApprovalProgress{Needed: 2, Approvals: []*plan.ReviewEvent{{Action: plan.ActionApproved, By: "U0REV"}}}
			_, blocks := reviewPendingMessage(lang, c, refs, "", stepsParis, pr, reopen)
			raw := string(golden(t, "review_reopened_"+string(lang), blocks))
			checkStepLimits(t, blocks, 50)
			mustHave(t, raw, ActionReviewApprove, ActionReviewHistory, "<@U0ED>", "<@U0REV>", "really here")
			if strings.Contains(raw, "<!channel>") {
				t.Error("the change is shown unescaped")
			}
		})
		t.Run("History_"+string(lang), func(t *testing.T) {
			c := testItem(6)
			history := []*plan.ReviewEvent{
				{Action: plan.ActionRequested, By: "U0ANA", At: stepsNow, From: plan.ContentDraft, To: plan.ContentInReview},
				{Action: plan.ActionApproved, By: "U0CLIENT", Client: true, At: stepsNow.Add(time.Hour), From: plan.ContentInReview, To: plan.ContentApproved, Comment: "OK " + evil},
			}
			v := reviewHistoryModal(lang, c, history, stepsParis)
			raw := string(golden(t, "review_history_"+string(lang), v))
			checkModalLimits(t, v)
			mustHave(t, raw, "<@U0ANA>", "<@U0CLIENT>", "(client)")
		})
		t.Run("Approvals_"+string(lang), func(t *testing.T) {
			v := approvalsModal(lang, plan.ApprovalPolicy{TwoApprovers: true, Approvers: []plan.Approver{{UserID: "U0AM"}, {UserID: "U0CLIENT", Client: true}}}, stepsMeta)
			raw := string(golden(t, "approvals_"+string(lang), v))
			checkModalLimits(t, v)
			mustHave(t, raw, BlockApprovalRules, BlockApprovalClients, "U0CLIENT", approvalTwo)
		})
	}
}
