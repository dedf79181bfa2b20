package bot

// settingsStrings are the strings of /plan settings, with the schedule of
// the measurement reviews, and the validation of a plan's settings.
var settingsStrings = map[string]message{
	// Plan settings.
	"settings.modal.title":             {"Plan settings", "Réglages du plan"},
	"settings.intro":                   {"Settings of the plan of <#%s>.", "Réglages du plan de <#%s>."},
	"settings.field.name":              {"Plan name", "Nom du plan"},
	"settings.field.tz":                {"Time zone", "Fuseau horaire"},
	"settings.field.tz.hint":           {"Dates, times and reminders of this plan use it.", "Les dates, heures et rappels de ce plan l'utilisent."},
	"settings.tz.yours":                {"%s (your Slack zone)", "%s (votre fuseau Slack)"},
	"settings.field.language":          {"Language", "Langue"},
	"settings.field.language.hint":     {"The language of the bot's posts in the channel.", "La langue des messages du bot dans le canal."},
	"settings.language.en":             {"English", "Anglais"},
	"settings.language.fr":             {"French", "Français"},
	"settings.field.reply_target":      {"Reply target (hours)", "Délai de réponse (heures)"},
	"settings.field.reply_target.hint": {"How soon the team means to answer a follower (step 7), for example 2 or 0.5.", "Le délai que l'équipe se fixe pour répondre à un abonné (étape 7), par exemple 2 ou 0,5."},
	"settings.field.owners":            {"Plan owners", "Responsables du plan"},
	"settings.field.owners.hint":       {"When set, only they can change goals, audience, strategy, calls to action, networks and settings. Everyone can still add content items.", "Si vous en désignez, eux seuls pourront modifier les objectifs, le public, la stratégie, les appels à l'action, les réseaux et les réglages. Tout le monde peut toujours ajouter des contenus."},
	"settings.owners.none":             {"none: anyone in the channel can change the plan", "aucun\u202f: tout le canal peut modifier le plan"},
	"settings.reply_target.invalid":    {"Give a number of hours above 0 and at most 720, for example 2 or 0.5.", "Indiquez un nombre d'heures supérieur à 0 et d'au plus 720, par exemple 2 ou 0,5."},
	"plan.name.too_long":               {"Keep the name under 80 characters.", "Le nom ne doit pas dépasser 80 caractères."},
	"plan.tz.invalid":                  {"Choose a time zone from the list.", "Choisissez un fuseau horaire dans la liste."},
	"plan.lang.invalid":                {"Choose English or French.", "Choisissez l'anglais ou le français."},
	"plan.reply_target.invalid":        {"The reply target must be between 1 minute and 30 days.", "Le délai de réponse doit être compris entre 1 minute et 30 jours."},
	"plan.owners.too_many":             {"A plan has at most 20 owners.", "Un plan a au plus 20 responsables."},
	"note.settings.updated":            {"%s updated the plan settings.", "%s a modifié les réglages du plan."},
	"note.settings.detail":             {"Name: %s · time zone: %s · language: %s · reply target: %s h · owners: %s", "Nom\u202f: %s · fuseau\u202f: %s · langue\u202f: %s · délai de réponse\u202f: %s\u00a0h · responsables\u202f: %s"},

	"settings.review.intro":             {"*Measurement reviews* (step 8): on this schedule I post every KPI against its target, with a chart, in the channel.", "*Revues des résultats* (étape 8)\u202f: à ce rythme, je publie dans le canal chaque KPI face à sa cible, avec un graphique."},
	"settings.review.frequency":         {"Reviews", "Revues"},
	"settings.review.frequency.off":     {"Off", "Désactivées"},
	"settings.review.frequency.weekly":  {"Weekly", "Chaque semaine"},
	"settings.review.frequency.monthly": {"Monthly", "Chaque mois"},
	"settings.review.weekday":           {"Day of the week", "Jour de la semaine"},
	"settings.review.weekday.hint":      {"For weekly reviews.", "Pour les revues hebdomadaires."},
	"settings.review.month_day":         {"Day of the month", "Jour du mois"},
	"settings.review.month_day.hint":    {"For monthly reviews; a shorter month has its review on its last day.", "Pour les revues mensuelles. Si le mois est plus court, la revue a lieu le dernier jour."},
	"settings.review.time":              {"Time", "Heure"},
	"settings.review.time.hint":         {"In the plan's time zone.", "Dans le fuseau horaire du plan."},
}
