package bot

// homeStrings are the strings of the App Home.
var homeStrings = map[string]message{
	// Home tab.
	"home.plans": {"Your plans", "Vos plans"},

	// App Home.
	"home.none":                    {"No plan yet. Type `/plan` in a channel to start its plan.", "Aucun plan pour l'instant. Tapez `/plan` dans un canal pour commencer son plan."},
	"home.plan_line":               {"<#%s> · *%s* · %d of %d steps done", "<#%s> · *%s* · étapes terminées\u202f: %d sur %d"},
	"home.at_risk":                 {":warning: At risk today: %s", ":warning: En retard aujourd'hui\u202f: %s"},
	"home.other_plan":              {"<#%s> · %d of %d steps done · type `/plan` there to take part", "<#%s> · étapes terminées\u202f: %d sur %d · tapez `/plan` dans ce canal pour y participer"},
	"home.continue":                {"Continue: %s", "Continuer\u202f: %s"},
	"home.open_step":               {"Open a step", "Ouvrir une étape"},
	"home.more_plans.one":          {"and %d more plan", "et %d plan de plus"},
	"home.more_plans":              {"and %d more plans", "et %d plans de plus"},
	"home.to_review":               {"Waiting for your review", "En attente de votre relecture"},
	"home.to_review.none":          {"Nothing waits for your review.", "Rien n'attend votre relecture."},
	"home.assigned":                {"Assigned to you", "Contenus qui vous sont confiés"},
	"home.assigned.none":           {"No content item is assigned to you.", "Aucun contenu ne vous est confié."},
	"home.more_items":              {"More items wait: open the content plan of each channel.", "D'autres contenus attendent\u202f: ouvrez le plan de contenu de chaque canal."},
	"home.command.status":          {"Status", "État"},
	"home.command.settings":        {"Settings", "Réglages"},
	"home.replies":                 {"Followers waiting for your reply", "Abonnés qui attendent votre réponse"},
	"home.replies.none":            {"Nobody is waiting for you.", "Personne ne vous attend."},
	"home.reply_line":              {"*%s* on %s · %s · due %s · <#%s>", "*%s* sur %s · %s · à traiter avant le %s · <#%s>"},
	"home.reply_overdue":           {":red_circle: overdue", ":red_circle: en retard"},
	"home.experiments":             {"Experiments running", "Tests A/B en cours"},
	"home.experiments.none":        {"No experiment is running in your plans.", "Aucun test A/B en cours dans vos plans."},
	"home.experiment_line":         {"*%s* · ends %s · <#%s>", "*%s* · se termine le %s · <#%s>"},
	"home.reminders":               {"Next reminders", "Prochains rappels"},
	"home.reminders.none":          {"No reminder is scheduled in your plans.", "Aucun rappel prévu dans vos plans."},
	"home.reminder_line":           {"%s · %s · <#%s>", "%s · %s · <#%s>"},
	"home.kind.experiment_end":     {"Experiment results due", "Résultats de test A/B attendus"},
	"home.kind.engagement_overdue": {"Reply overdue", "Réponse en retard"},
	"home.kind.engagement_digest":  {"Engagement digest", "Résumé des messages à traiter"},
	"home.kind.measurement_review": {"Measurement review", "Revue des résultats"},
	"home.kind.other":              {"Reminder", "Rappel"},
	"home.unreachable":             {":warning: I cannot post in <#%s> (%s), so its reminders wait. Invite me there with `/invite @planbot`.", ":warning: Je ne peux pas publier dans <#%s> (%s)\u202f: ses rappels sont en attente. Invitez-moi avec `/invite @planbot`."},
}
