package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/slack-go/slack"

	"github.com/planbot/planbot/bot/slackcall"
	"github.com/planbot/planbot/plan"
)

// The scheduled monthly report (issue 17): with the plan setting on, the
// reminder of kind plan.ReminderMonthlyReport fires on each working
// weekday at 09:00 in the plan's zone; on the first working day of the
// month the Notifier uploads the PDF report of the month before to the
// plan's channel, in the plan's language. Other firings, and a plan with
// no goal, are skipped.

// MonthlyReports builds a plan's monthly report for the Notifier; *Bot
// implements it (ScheduledReport), with the same content as /plan report.
type MonthlyReports interface {
	// ScheduledReport returns the PDF report of p on month, its file
	// name and its title.
	ScheduledReport(ctx context.Context, p *plan.Plan, month plan.YearMonth) (pdf []byte, filename, title string, err error)
}

// ScheduledReport implements MonthlyReports.
func (b *Bot) ScheduledReport(ctx context.Context, p *plan.Plan, month plan.YearMonth) ([]byte, string, string, error) {
	if b.Reports == nil {
		return nil, "", "", fmt.Errorf("no report renderer")
	}
	doc, err := b.monthlyReport(ctx, p, month)
	if err != nil {
		return nil, "", "", err
	}
	pdf, err := b.Reports.PDF(doc)
	if err != nil {
		return nil, "", "", fmt.Errorf("report pdf: %w", err)
	}
	return pdf, reportFileName(p, month) + ".pdf", doc.Title, nil
}

// reportFileName names a report's file, without its extension.
func reportFileName(p *plan.Plan, month plan.YearMonth) string {
	name := plan.Slug(p.Name)
	if name == "" {
		name = "plan"
	}
	return fmt.Sprintf("report-%s-%s", name, month)
}

// notifyMonthlyReport uploads the report of the month before when the
// firing nt falls on the first working day of its month.
func (n *Notifier) notifyMonthlyReport(ctx context.Context, nt plan.Notice) (plan.Receipt, error) {
	r := nt.Reminder
	p, err := n.Plans.FindPlanByID(ctx, r.PlanID)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("find plan: %w", err)
	}
	month, first := plan.MonthlyReportMonth(p, nt.Delivery.Due)
	switch {
	case !first:
		return plan.Receipt{Skipped: true, Reason: "not the first working day of the month"}, nil
	case !p.MonthlyReport:
		return plan.Receipt{Skipped: true, Reason: "monthly report turned off"}, nil
	case n.Reports == nil || n.Snapshots == nil:
		return plan.Receipt{Skipped: true, Reason: "monthly report not wired"}, nil
	}
	s, err := n.Snapshots.PlanSnapshot(ctx, p.ID)
	if err != nil {
		return plan.Receipt{}, err
	}
	if !slices.ContainsFunc(s.Goals, func(g *plan.Goal) bool { return g != nil }) {
		return plan.Receipt{Skipped: true, Reason: "the plan has no goal"}, nil
	}
	pdf, filename, title, err := n.Reports.ScheduledReport(ctx, p, month)
	if err != nil {
		return plan.Receipt{}, fmt.Errorf("render monthly report: %w", err)
	}
	lang := planLang(p)
	_, err = n.Calls.UploadFile(ctx, slackcall.Upload{
		Channel: r.ChannelID, Filename: filename, Title: title, Data: pdf, MaxWait: MaxPaceWait,
		InitialComment: lang.T("report.scheduled.comment", reportMonth(lang, month)),
	})
	if err != nil {
		var se *slackcall.Error
		if errors.As(err, &se) {
			return plan.Receipt{}, deliveryError(err)
		}
		return plan.Receipt{}, err
	}
	n.Logger.Info("monthly report uploaded", "plan_id", p.ID, "month", month.String(), "bytes", len(pdf))
	return plan.Receipt{ChannelID: r.ChannelID}, nil
}

// monthlyReportBlock is the setting of /plan settings that schedules the
// report: one checkbox.
func monthlyReportBlock(lang Lang, p *plan.Plan) slack.Block {
	o := slack.NewOptionBlockObject("on", plainText(lang.T("settings.monthly_report.option")), nil)
	box := slack.NewCheckboxGroupsBlockElement(ActionInput, o)
	if p.MonthlyReport {
		box.InitialOptions = []*slack.OptionBlockObject{o}
	}
	return input(BlockSettingsMonthlyReport, lang.T("settings.monthly_report"), lang.T("settings.monthly_report.hint"), box, true)
}

// readMonthlyReport reads the setting's checkbox; shown is false for a
// form opened before the setting was offered, which leaves it alone.
func readMonthlyReport(f formState) (on, shown bool) {
	if f.s == nil {
		return false, false
	}
	if _, shown = f.s.Values[BlockSettingsMonthlyReport]; !shown {
		return false, false
	}
	return slices.Contains(f.selectedValues(BlockSettingsMonthlyReport), "on"), true
}
