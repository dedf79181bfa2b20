package bot

// statusStrings are the strings of /plan status.
var statusStrings = map[string]message{
	// /plan status.
	"status.title":                 {"Plan status: %s", "État du plan\u202f: %s"},
	"status.summary":               {"*%d of %d steps done.*", "*Étapes terminées\u202f: %d sur %d.*"},
	"status.summary_plain":         {"%d of %d steps done", "étapes terminées\u202f: %d sur %d"},
	"status.not_started_list":      {"Not started: %s", "Pas encore commencées\u202f: %s"},
	"status.done":                  {"done (%d)", "terminée (%d)"},
	"status.in_progress":           {"in progress (%d)", "en cours (%d)"},
	"status.not_started":           {"not started", "pas commencée"},
	"status.footer":                {"Only you can see this. `/plan <step>` opens a step; `/plan settings` sets the owners, language and time zone.", "Ce message n'est visible que par vous. `/plan <étape>` ouvre une étape\u202f; `/plan réglages` définit les responsables, la langue et le fuseau horaire."},
	"status.goals.not_smart":       {"Not SMART (no metric, target equal to the baseline, or deadline missing or passed): %s", "Pas SMART (sans indicateur, cible égale à la valeur de départ, ou échéance absente ou dépassée)\u202f: %s"},
	"status.content.no_pillars":    {"No content pillar yet.", "Pas encore de pilier de contenu."},
	"status.content.no_voice":      {"No voice or tone yet.", "Pas encore de voix ni de ton."},
	"status.content.no_items":      {"No content item yet.", "Pas encore de contenu."},
	"status.content.late":          {"Past their date and not published: %s", "Date dépassée et non publiés\u202f: %s"},
	"status.cta.goals_without":     {"Goals with no call to action: %s", "Objectifs sans appel à l'action\u202f: %s"},
	"status.cta.no_goal":           {"Calls to action whose goal was deleted: %s", "Appels à l'action dont l'objectif a été supprimé\u202f: %s"},
	"status.channels.unreached":    {"Personas reached by no chosen network: %s", "Personas qu'aucun réseau choisi ne touche\u202f: %s"},
	"status.channels.unused":       {"Networks chosen for no persona: %s", "Réseaux qui ne touchent aucun persona\u202f: %s"},
	"status.smart.metric":          {"no metric", "sans indicateur"},
	"status.smart.target":          {"target equal to the baseline", "cible égale à la valeur de départ"},
	"status.smart.deadline":        {"no deadline", "sans échéance"},
	"status.smart.deadline_passed": {"deadline passed", "échéance dépassée"},

	"status.measure.at_risk":     {"Goals behind their pace today, or past their deadline short of the target: %s", "Objectifs en retard sur leur rythme aujourd'hui, ou dont l'échéance est passée sans atteindre la cible\u202f: %s"},
	"status.measure.unmeasured":  {"Goals with no result in the current review period: %s", "Objectifs sans résultat sur la période de revue en cours\u202f: %s"},
	"status.measure.no_schedule": {"No measurement review scheduled: set one in `/plan settings`.", "Aucune revue des résultats planifiée\u202f: réglez-en une dans `/plan réglages`."},
	"status.export":              {"Export", "Exporter"},
	"status.export.text":         {"The whole plan as a Markdown file, posted in this channel.", "Le plan complet en fichier Markdown, publié dans ce canal."},
}
