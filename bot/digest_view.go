package bot

import (
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/plan"
)

// maxDigestNames bounds the names of one line of the digest.
const maxDigestNames = 8

// digestMessage is the weekly digest d, in lang: a section for what
// changed, what is due, what waits and the goals at risk, each only when
// it has something.
func digestMessage(lang Lang, d plan.Digest, loc *time.Location) (string, []slack.Block) {
	head := lang.T("digest.head", formatDate(lang, plan.Today(d.Since, loc)), formatDate(lang, plan.Today(d.Until, loc)))
	blocks := []slack.Block{slack.NewSectionBlock(mrkdwn("*"+head+"*"), nil, nil, slack.SectionBlockOptionBlockID("digest_head"))}
	items := func(cs []*plan.ContentItem) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Title)
		}
		return out
	}
	exps := func(es []*plan.Experiment) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.Name)
		}
		return out
	}
	goals := func(gs []*plan.Goal) []string {
		var out []string
		for _, g := range gs {
			out = append(out, g.Title)
		}
		return out
	}
	var reopened []string
	for _, e := range d.Reopened {
		reopened = append(reopened, userMention(e.By))
	}
	var decisions []string
	for _, x := range d.Decisions {
		decisions = append(decisions, x.SubjectName)
	}
	var checkIns []string
	for _, c := range d.CheckIns {
		checkIns = append(checkIns, userMention(c.By)+" "+lang.T("checkin.status."+string(c.Status)))
	}
	var risks []string
	for _, r := range d.AtRisk {
		risks = append(risks, r.Goal.Title)
	}
	section := func(id, title string, lines ...string) {
		var text []string
		for _, l := range lines {
			if l != "" {
				text = append(text, l)
			}
		}
		if len(text) > 0 {
			blocks = append(blocks, slack.NewSectionBlock(mrkdwn(clip("*"+title+"*\n"+joinLines(text), 2900)), nil, nil, slack.SectionBlockOptionBlockID(id)))
		}
	}
	line := func(key string, names []string, escape bool) string {
		if len(names) == 0 {
			return ""
		}
		shown := names
		if len(shown) > maxDigestNames {
			shown = shown[:maxDigestNames]
		}
		var out []string
		for _, n := range shown {
			if escape {
				n = Escape(clip(n, 80))
			}
			out = append(out, n)
		}
		list := strings.Join(out, ", ")
		if more := len(names) - len(out); more > 0 {
			list += " " + lang.T("names.more", more)
		}
		return lang.N(key, len(names), list)
	}
	section("digest_changed", lang.T("digest.changed"),
		line("digest.published", items(d.Published), true), line("digest.approved", items(d.Approved), true),
		line("digest.reopened", reopened, false), line("digest.checkins", checkIns, false),
		line("digest.decisions", decisions, true), line("digest.concluded", exps(d.Concluded), true))
	section("digest_due", lang.T("digest.due"),
		line("digest.due_content", items(d.DueContent), true), line("digest.due_experiments", exps(d.DueExperiments), true),
		line("digest.due_goals", goals(d.DueGoals), true))
	section("digest_waiting", lang.T("digest.waiting"),
		line("digest.waiting_review", items(d.WaitingReview), true), line("digest.waiting_results", exps(d.WaitingResults), true))
	section("digest_at_risk", lang.T("digest.at_risk"), line("digest.at_risk_goals", risks, true))
	return head, blocks
}

// joinLines writes lines as a bulleted list.
func joinLines(lines []string) string {
	return "• " + strings.Join(lines, "\n• ")
}
