package bot

// checkInStrings are the strings of goal check-ins (issue 17).
var checkInStrings = map[string]message{
	"checkin.status.on_track":  {"On track", "En bonne voie"},
	"checkin.status.at_risk":   {"At risk", "À risque"},
	"checkin.status.off_track": {"Off track", "En difficulté"},

	"checkin.ask.head":  {":dart: *Goal check-in.* How are your goals going? One click answers; add a note if it helps.", ":dart: *Point sur les objectifs.* Où en sont vos objectifs\u202f? Un clic suffit\u202f; ajoutez une note si besoin."},
	"checkin.ask.goal":  {"%s, *%s*", "%s, *%s*"},
	"checkin.ask.note":  {"Add a note", "Ajouter une note"},
	"checkin.ask.more":  {"And %d more goals: check in with `/plan goals`.", "Et %d autres objectifs\u202f: faites le point avec `/plan objectifs`."},
	"checkin.recorded":  {"Recorded: *%s* is %s.", "C'est noté\u202f: *%s* est %s."},
	"checkin.forbidden": {"Only the goal's owner (%s) or the plan owners check in on it.", "Seuls le responsable de l'objectif (%s) ou les responsables du plan font le point dessus."},

	"checkin.modal.title":     {"Goal check-in", "Point objectif"},
	"checkin.modal.intro":     {"How is *%s* going?", "Où en est *%s*\u202f?"},
	"checkin.field.status":    {"Status", "Statut"},
	"checkin.field.note":      {"Note", "Note"},
	"checkin.field.note.hint": {"What helps or blocks, for the team and the monthly report.", "Ce qui aide ou bloque, pour l'équipe et le rapport mensuel."},

	// Validation keys of plan.CheckIn.
	"checkin.goal.required":  {"Choose a goal.", "Choisissez un objectif."},
	"checkin.status.invalid": {"Say how the goal is going.", "Indiquez où en est l'objectif."},
	"checkin.note.too_long":  {"Keep the note under 1,000 characters.", "Gardez la note sous 1\u202f000 caractères."},
	"forbidden.checkin":      {"Only the goal's owner or the plan owners check in on it.", "Seuls le responsable de l'objectif ou les responsables du plan font le point dessus."},

	// The goals said at risk, in the measurement review and step 9's
	// review modal.
	"checkin.risk.head":    {":warning: *Goals their owners say are at risk or off track*", ":warning: *Objectifs que leurs responsables disent à risque ou en difficulté*"},
	"checkin.risk.name":    {"*%s* (%s)", "*%s* (%s)"},
	"checkin.risk.note":    {": “%s”", "\u202f: «\u202f%s\u202f»"},
	"checkin.risk.context": {":warning: Said at risk in check-ins: %s. Weigh them in your decisions.", ":warning: Dits à risque lors des points objectifs\u202f: %s. Tenez-en compte dans vos décisions."},

	"status.goals.at_risk": {"Goals their owners say are at risk or off track: %s", "Objectifs que leurs responsables disent à risque ou en difficulté\u202f: %s"},
}
