package bot

import (
	"strings"

	"github.com/planbot/planbot/plan"
)

// The goals said at risk in check-ins (issue 17), as the measurement
// review of step 8 and the review modal of step 9 show them beside the
// KPIs' own verdicts.

// maxRisksShown bounds the goals one at-risk list names.
const maxRisksShown = 8

// saidAtRisk returns the goals whose latest check-in says at risk or off
// track, off track first (plan.GoalsAtRisk without the KPI verdicts,
// which the reviews show on their own).
func saidAtRisk(goals []*plan.Goal, latest map[int64]*plan.CheckIn) []plan.GoalRisk {
	return plan.GoalsAtRisk(goals, latest, nil)
}

// riskName is a goal of an at-risk list with its status: "*Grow* (Off
// track)", user text escaped.
func riskName(lang Lang, r plan.GoalRisk) string {
	return lang.T("checkin.risk.name", Escape(clip(r.Goal.Title, 80)), lang.T("checkin.status."+string(r.Level)))
}

// saidAtRiskText is the measurement review's section on the goals said at
// risk: a line each with the owner's note; "" when there is none.
func saidAtRiskText(lang Lang, risks []plan.GoalRisk) string {
	if len(risks) == 0 {
		return ""
	}
	lines := []string{lang.T("checkin.risk.head")}
	for i, r := range risks {
		if i == maxRisksShown {
			lines = append(lines, lang.T("names.more", len(risks)-maxRisksShown))
			break
		}
		line := "• " + riskName(lang, r)
		if r.CheckIn != nil && strings.TrimSpace(r.CheckIn.Note) != "" {
			line += lang.T("checkin.risk.note", Escape(clip(strings.Join(strings.Fields(r.CheckIn.Note), " "), 200)))
		}
		lines = append(lines, line)
	}
	return clip(strings.Join(lines, "\n"), 2900)
}

// saidAtRiskContext is the review modal's context line naming the goals
// said at risk; "" when there is none.
func saidAtRiskContext(lang Lang, risks []plan.GoalRisk) string {
	if len(risks) == 0 {
		return ""
	}
	var names []string
	for i, r := range risks {
		if i == maxNames {
			names[i-1] += " " + lang.T("names.more", len(risks)-maxNames)
			break
		}
		names = append(names, riskName(lang, r))
	}
	return clip(lang.T("checkin.risk.context", strings.Join(names, ", ")), 2900)
}
