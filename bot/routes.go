package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/planbot/planbot/plan"
)

// routes is the Slack surface of planbot, step by step: every /plan
// subcommand (with its French and other names), button and select (by
// action ID), form (by view callback ID), list whose pages turn (by view
// callback ID), message shortcut and event the bot answers. manifest.yml
// declares the command, the shortcuts and the events to Slack.
//
// Adding a step is a few rows here: its command, and its kit's actions,
// form and pages (see listKit). The order of the commands is the order of
// the help. A command without a handler is listed as "coming soon".
func routes() []route {
	return slices.Concat(
		// Step 1: goals, on the list kit: its form, its list, and the
		// list's Add, Edit and Delete buttons.
		step("goals", goalsKit.open, "goal", "objectifs", "objectif"),
		goalsKit.routes(CallbackGoal, CallbackGoalsList, ActionGoalAdd, ActionGoalEdit, ActionGoalDelete),

		// Step 2: the audience, as personas, on the list kit.
		step("audience", personasKit.open, "public", "personas"),
		personasKit.routes(CallbackPersona, CallbackPersonasList, ActionPersonaAdd, ActionPersonaEdit, ActionPersonaDelete),

		// Step 3: the content plan, its strategy and the review of items.
		// Items and pillars are list kits; the content list has filters,
		// and pushes the strategy form and the pillars list.
		step("content", (*Bot).openContent, "contenu"),
		contentKit.routes(CallbackContentItem, CallbackContentList, ActionContentAdd, ActionContentEdit, ActionContentDelete),
		actions((*Bot).contentAction, ActionContentReview, ActionContentStatus, ActionContentWeek),
		actions((*Bot).strategyAction, ActionStrategyEdit, ActionPillarsOpen),
		view(CallbackStrategy, (*Bot).submitStrategy),
		pillarsKit.routes(CallbackPillar, CallbackPillarsList, ActionPillarAdd, ActionPillarEdit, ActionPillarDelete),
		actions((*Bot).reviewApprove, ActionReviewApprove),
		actions((*Bot).reviewChanges, ActionReviewChanges),
		view(CallbackReviewChanges, (*Bot).submitReviewChanges),
		actions((*Bot).reviewHistory, ActionReviewHistory),

		// Step 4: calls to action, on the list kit.
		step("cta", ctasKit.open, "appel", "appels"),
		ctasKit.routes(CallbackCTA, CallbackCTAsList, ActionCTAAdd, ActionCTAEdit, ActionCTADelete),

		// Step 5: the networks chosen, with the fit matrix, on the list kit.
		step("channels", channelsKit.open, "networks", "outils", "reseaux"),
		channelsKit.routes(CallbackChannel, CallbackChannelsList, ActionChannelAdd, ActionChannelEdit, ActionChannelDelete),

		// Step 6: experiments, on the list kit; the restart of a started
		// one, its results, their correction and its history.
		step("experiment", experimentsKit.open, "experiments", "experience", "experiences", "tests", "test", "ab"),
		experimentsKit.routes(CallbackExperiment, CallbackExperimentsList, ActionExperimentAdd, ActionExperimentEdit, ActionExperimentDelete),
		actions((*Bot).experimentRestartAction, ActionExperimentRestart),
		view(CallbackExperimentRestart, (*Bot).submitExperimentRestart),
		actions((*Bot).experimentResultsAction, ActionExperimentResults),
		view(CallbackExperimentResults, (*Bot).submitResults),
		actions((*Bot).experimentCorrectAction, ActionExperimentCorrect),
		view(CallbackExperimentCorrection, (*Bot).submitCorrection),
		actions((*Bot).experimentDetailAction, ActionExperimentDetail),

		// Step 7: the engagement queue, on the list kit (its list, and the
		// Add button's form), and the message shortcut that queues a
		// message in the plan the user chooses.
		step("engage", engagementKit.open, "engager", "interagir"),
		view(CallbackEngagementNew, engagementKit.submit),
		paged(CallbackEngagementList, engagementKit.page),
		actions(engagementKit.add, ActionEngagementAdd),
		shortcut(ShortcutEngagementAdd, (*Bot).shortcutEngagementAdd),
		view(CallbackEngagement, (*Bot).submitEngagementShortcut),
		actions((*Bot).engagementItemAction, ActionEngagementReplied, ActionEngagementDismiss, ActionEngagementReassign),
		view(CallbackEngagementReassign, (*Bot).submitReassign),
		actions((*Bot).engagementListAction, ActionEngagementFilter, ActionEngagementFilterAll, ActionEngagementSettings),
		view(CallbackEngagementDigest, (*Bot).submitDigest),

		// Step 8: measure.
		step("measure", (*Bot).openMeasure, "mesurer"),
		actions((*Bot).measureAction, ActionMeasureLog, ActionMeasurePaste, ActionMetricAdd, ActionMetricDelete, ActionObservationDelete,
			ActionObservationsAll),
		paged(CallbackObservationsList, redrawn((*Bot).refreshObservations)),
		view(CallbackObservations, (*Bot).submitObservations),
		view(CallbackObservationsCSV, (*Bot).submitCSV),
		view(CallbackMetric, (*Bot).submitMetric),
		shortcut(ShortcutMentionLog, (*Bot).shortcutMentionLog),
		view(CallbackMention, (*Bot).submitMention),
		// Results imported from a file dropped in Slack: the shortcut on
		// its message, the mapping form and the preview with Import.
		utility("import", (*Bot).openImport, "importer"),
		shortcut(ShortcutImport, (*Bot).shortcutImport),
		view(CallbackImportMapping, (*Bot).submitImportMapping),
		view(CallbackImportPreview, (*Bot).submitImportPreview),

		// Step 9: adapt, the review of decisions.
		step("review", (*Bot).openAdapt, "adapter", "adapt"),
		actions((*Bot).adaptStartAction, ActionAdaptStart),
		view(CallbackAdapt, (*Bot).submitAdapt),
		actions((*Bot).decisionLogAction, ActionDecisionLog),
		paged(CallbackDecisionLog, redrawn((*Bot).refreshDecisionLog)),

		// The screens around the steps.
		// The guided start through steps 1 to 5 (see start.go).
		utility("start", (*Bot).openStart, "demarrer", "commencer"),
		view(CallbackStartPick, (*Bot).submitStartPick),
		view(CallbackStartStep, (*Bot).submitStartStep),
		paged(CallbackStartStep, (*Bot).pageWalk),
		utility("status", (*Bot).openStatus, "statut", "etat"),
		utility("export", (*Bot).openExport, "exporter"),
		actions((*Bot).exportAction, ActionExportMarkdown),
		// Issue 17: the monthly report, and the goal check-ins.
		utility("report", (*Bot).openReport, "rapport"),
		utility("calendar", (*Bot).openCalendar, "calendrier"),
		utility("approvals", (*Bot).openApprovals, "validation", "validations"),
		view(CallbackApprovals, (*Bot).submitApprovals),
		actions((*Bot).checkInAction, ActionCheckInOnTrack, ActionCheckInAtRisk, ActionCheckInOffTrack, ActionCheckInNote),
		view(CallbackCheckIn, (*Bot).submitCheckIn),
		utility("settings", (*Bot).openSettings, "reglages", "parametres"),
		view(CallbackSettings, (*Bot).submitSettings),
		utility("help", nil, "aide", "?"), // answered in the ack: see handleCommand
		actions((*Bot).openStepAction, ActionOpenStep),
		event("app_home_opened", (*Bot).homeOpened),
		actions((*Bot).homeOpenStep, ActionHomeOpenStep, ActionHomeStepSelect),
		actions((*Bot).homeOpenItem, ActionHomeOpenItem),
		actions((*Bot).snoozeAction, ActionReminderSnoozeHour, ActionReminderSnoozeDay),
		actions((*Bot).channelRetryAction, ActionChannelRetry),
		actions((*Bot).reopenView, ActionReopenView), // a modal Slack did not open in time

		// The Previous and Next buttons of every paged list.
		actions((*Bot).turnPage, ActionListPrev, ActionListNext),
	)
}

// reminderRenderers render each kind of reminder the Notifier posts.
var reminderRenderers = map[plan.ReminderKind]reminderRenderer{
	plan.ReminderExperimentEnd:     renderExperimentEnd,
	plan.ReminderEngagementOverdue: renderEngagementOverdue,
	plan.ReminderEngagementDigest:  renderEngagementDigest,
	plan.ReminderCheckIn:           renderCheckInAsk,
	plan.ReminderWeeklyDigest:      renderWeeklyDigest,
}

// Handlers, by the kind of Slack payload they answer.
type (
	// commandFunc opens a /plan subcommand for src; the command is acked.
	commandFunc func(b *Bot, ctx context.Context, src source)
	// actionFunc answers a click; the click is acked.
	actionFunc func(b *Bot, ctx context.Context, cb *slack.InteractionCallback, a *slack.BlockAction)
	// submitFunc answers a form: it acks env itself, with field errors
	// or nil to close the form.
	submitFunc func(b *Bot, ctx context.Context, env *envelope, cb *slack.InteractionCallback)
	// shortcutFunc answers a message shortcut; it is acked.
	shortcutFunc func(b *Bot, ctx context.Context, cb *slack.InteractionCallback)
	// eventFunc answers an Events API event, acked and deduplicated.
	eventFunc func(b *Bot, ctx context.Context, ev slackevents.EventsAPIEvent)
	// pageFunc redraws the list modal cb.View at page m.Page.
	pageFunc func(b *Bot, ctx context.Context, cb *slack.InteractionCallback, m viewMeta, lang Lang)
)

// routeKind is the kind of Slack payload a route answers.
type routeKind int

// Kinds of routes.
const (
	routeCommand routeKind = iota
	routeAction
	routeView
	routePaged
	routeShortcut
	routeEvent
)

// route is one row of the Slack surface.
type route struct {
	kind    routeKind
	id      string   // command name, action ID, view callback ID, shortcut callback ID or event type
	aliases []string // command: other words for it, accent-free lowercase
	method  bool     // command: one of the nine steps of the method

	command  commandFunc
	action   actionFunc
	submit   submitFunc
	page     pageFunc
	shortcut shortcutFunc
	event    eventFunc
}

// step is the command of a step of the method.
func step(name string, open commandFunc, aliases ...string) []route {
	return []route{{kind: routeCommand, id: name, aliases: aliases, method: true, command: open}}
}

// utility is a command around the steps: status, export, settings, help.
func utility(name string, open commandFunc, aliases ...string) []route {
	return []route{{kind: routeCommand, id: name, aliases: aliases, command: open}}
}

// actions are buttons or selects, by action ID, that fn answers.
func actions(fn actionFunc, ids ...string) []route {
	out := make([]route, len(ids))
	for i, id := range ids {
		out[i] = route{kind: routeAction, id: id, action: fn}
	}
	return out
}

// view is the submission of a form, by view callback ID.
func view(callbackID string, fn submitFunc) []route {
	return []route{{kind: routeView, id: callbackID, submit: fn}}
}

// paged is a list modal, by view callback ID, whose Previous and Next
// buttons (ActionListPrev, ActionListNext) fn answers.
func paged(callbackID string, fn pageFunc) []route {
	return []route{{kind: routePaged, id: callbackID, page: fn}}
}

// shortcut is a message shortcut, by callback ID.
func shortcut(callbackID string, fn shortcutFunc) []route {
	return []route{{kind: routeShortcut, id: callbackID, shortcut: fn}}
}

// event is an Events API event, by type.
func event(typ string, fn eventFunc) []route {
	return []route{{kind: routeEvent, id: typ, event: fn}}
}

// redrawn is the page route of a list whose redraw takes the view's ID.
func redrawn(redraw func(b *Bot, ctx context.Context, viewID string, m viewMeta, lang Lang)) pageFunc {
	return func(b *Bot, ctx context.Context, cb *slack.InteractionCallback, m viewMeta, lang Lang) {
		redraw(b, ctx, cb.View.ID, m, lang)
	}
}

// router finds the handler of a payload.
type router struct {
	commands  commands
	actions   map[string]actionFunc
	views     map[string]submitFunc
	pages     map[string]pageFunc
	shortcuts map[string]shortcutFunc
	events    map[string]eventFunc
}

// newRouter indexes table. An ID twice in one kind, or a word that names
// two commands, is an error.
func newRouter(table []route) (*router, error) {
	r := &router{
		actions: map[string]actionFunc{}, views: map[string]submitFunc{}, pages: map[string]pageFunc{},
		shortcuts: map[string]shortcutFunc{}, events: map[string]eventFunc{},
	}
	words := map[string]bool{}
	for _, rt := range table {
		var dup bool
		switch rt.kind {
		case routeCommand:
			for _, w := range append([]string{rt.id}, rt.aliases...) {
				if words[w] {
					return nil, fmt.Errorf("bot: command word %q routed twice", w)
				}
				words[w] = true
			}
			r.commands = append(r.commands, rt)
		case routeAction:
			dup = add(r.actions, rt.id, rt.action)
		case routeView:
			dup = add(r.views, rt.id, rt.submit)
		case routePaged:
			dup = add(r.pages, rt.id, rt.page)
		case routeShortcut:
			dup = add(r.shortcuts, rt.id, rt.shortcut)
		case routeEvent:
			dup = add(r.events, rt.id, rt.event)
		}
		if dup {
			return nil, fmt.Errorf("bot: %q routed twice", rt.id)
		}
	}
	return r, nil
}

// add adds fn to routes under id, and reports whether id was there.
func add[F any](routes map[string]F, id string, fn F) bool {
	if _, dup := routes[id]; dup {
		return true
	}
	routes[id] = fn
	return false
}

// commands are the /plan subcommands, in the order of the help.
type commands []route

var accentFolder = strings.NewReplacer("é", "e", "è", "e", "ê", "e", "É", "e", "à", "a", "â", "a", "ç", "c", "î", "i", "ô", "o", "û", "u", "ù", "u")

// lookup finds the command a user typed, in English or French, with or
// without accents and in any case.
func (cs commands) lookup(word string) (route, bool) {
	w := accentFolder.Replace(strings.ToLower(strings.TrimSpace(word)))
	for _, c := range cs {
		if w == c.id {
			return c, true
		}
		for _, a := range c.aliases {
			if w == a {
				return c, true
			}
		}
	}
	return route{}, false
}

// available reports whether the command name can be opened in this
// version: help always can; a step is offered once it has a handler.
func (cs commands) available(name string) bool {
	c, ok := cs.lookup(name)
	return ok && (c.command != nil || c.id == "help")
}
