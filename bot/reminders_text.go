package bot

// remindersStrings are the strings of the reminder engine: reminder
// messages, snoozes, the direct message about a channel the bot cannot post
// to, and the validation of reminders.
var remindersStrings = map[string]message{
	"reminder.datetime":          {"%s at %s", "%s à %s"},
	"reminder.span.under_minute": {"under a minute", "moins d'une minute"},
	"reminder.span.days":         {"%d d", "%d\u00a0j"},
	"reminder.span.hours":        {"%d h", "%d\u00a0h"},
	"reminder.span.minutes":      {"%d min", "%d\u00a0min"},

	"reminder.late":          {":hourglass: Late: this reminder was due %s, while planbot was offline.", ":hourglass: En retard\u202f: ce rappel était prévu le %s, pendant que planbot était hors ligne."},
	"reminder.missed.one":    {"%d earlier reminder of this kind was missed while planbot was offline; this is the latest.", "%d rappel précédent de ce type a été manqué pendant que planbot était hors ligne\u202f; voici le dernier."},
	"reminder.missed":        {"%d earlier reminders of this kind were missed while planbot was offline; this is the latest.", "%d rappels précédents de ce type ont été manqués pendant que planbot était hors ligne\u202f; voici le dernier."},
	"reminder.snoozed_again": {":zzz: Reminder snoozed earlier, as asked.", ":zzz: Rappel reporté plus tôt, comme demandé."},
	"reminder.snooze_hour":   {"Snooze 1 h", "Reporter d'une heure"},
	"reminder.snooze_day":    {"Snooze 1 day", "Reporter d'un jour"},
	"reminder.open":          {"Open", "Ouvrir"},
	"reminder.snoozed":       {":zzz: %s snoozed this reminder until %s.", ":zzz: %s a reporté ce rappel au %s."},

	"reminder.unreachable":                   {"I could not post the reminders of the plan of <#%s>.", "Je n'ai pas pu publier les rappels du plan de <#%s>."},
	"reminder.unreachable.not_in_channel":    {"I am not a member of that channel: invite me with `/invite @planbot` in it.", "Je ne suis pas membre de ce canal\u202f: invitez-moi avec `/invite @planbot` dans ce canal."},
	"reminder.unreachable.channel_not_found": {"Slack says the channel no longer exists, or that it is private and I am not in it.", "Slack indique que le canal n'existe plus, ou qu'il est privé et que je n'en fais pas partie."},
	"reminder.unreachable.is_archived":       {"The channel is archived: unarchive it, or start the plan again in another channel.", "Le canal est archivé\u202f: désarchivez-le, ou recommencez le plan dans un autre canal."},
	"reminder.unreachable.other":             {"Slack refused the message (`%s`).", "Slack a refusé le message (`%s`)."},
	"reminder.unreachable.wait":              {"Meanwhile the plan's reminders wait. I try again every hour, or right away with the button.", "En attendant, les rappels du plan patientent. Je réessaie toutes les heures, ou tout de suite avec le bouton."},
	"reminder.unreachable.retry":             {"Fixed: try again", "C'est réglé\u202f: réessayer"},
	"reminder.unreachable.retrying":          {"Trying again within a few seconds.", "Nouvel essai dans quelques secondes."},

	// Validation of reminders and their rules (plan.Rule, plan.Reminder).
	"reminder.frequency.invalid": {"Choose how often the reminder fires.", "Choisissez la fréquence du rappel."},
	"reminder.at.required":       {"Choose when the reminder fires.", "Choisissez quand le rappel se déclenche."},
	"reminder.tz.invalid":        {"The time zone must be an IANA name such as Europe/Paris.", "Le fuseau horaire doit être un nom IANA comme Europe/Paris."},
	"reminder.weekdays.required": {"Choose at least one day of the week.", "Choisissez au moins un jour de la semaine."},
	"reminder.weekdays.invalid":  {"Unknown day of the week.", "Jour de la semaine inconnu."},
	"reminder.month_day.invalid": {"The day of the month must be between 1 and 31.", "Le jour du mois doit être entre 1 et 31."},
	"reminder.hour.invalid":      {"Choose a time of day, such as 09:00.", "Choisissez une heure, par exemple 9\u00a0h."},
	"reminder.minute.invalid":    {"The minute must be between 0 and 59.", "Les minutes doivent être entre 0 et 59."},
	"reminder.kind.required":     {"The reminder has no kind.", "Le rappel n'a pas de type."},
	"reminder.channel.required":  {"The reminder has no channel.", "Le rappel n'a pas de canal."},
	"reminder.snooze.past":       {"A snooze must end in the future.", "Un report doit se terminer dans le futur."},
	"reminder.snooze.cancelled":  {"This reminder no longer applies: its subject was closed or deleted.", "Ce rappel ne s'applique plus\u202f: son sujet a été clos ou supprimé."},
}
