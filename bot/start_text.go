package bot

// startStrings are the strings of the guided start (/plan start) and of the
// help's pointer to it.
var startStrings = map[string]message{
	"step.start.command":     {"start", "démarrer"},
	"home.command.start":     {"Get started (steps 1 to 5)", "Démarrer (étapes 1 à 5)"},
	"start.title":            {"Get started", "Démarrer"},
	"start.step_title":       {"Get started · %d/%d", "Démarrage · %d/%d"},
	"start.intro":            {"*Let's set up this channel's plan in a few minutes.* We'll go through steps 1 to 5 (goals, audience, content, calls to action, networks), one screen each; you can skip any of them and come back later.\n\nStart from an example plan, then change what does not fit your business, or start blank.", "*Préparons le plan de ce canal en quelques minutes.* Nous passerons par les étapes 1 à 5 (objectifs, public cible, contenu, appels à l'action, réseaux), un écran chacune ; vous pouvez en sauter une et y revenir plus tard.\n\nPartez d'un plan d'exemple, puis modifiez ce qui ne correspond pas à votre activité, ou partez de zéro."},
	"start.field.template":   {"Start from", "Point de départ"},
	"start.blank":            {"A blank plan", "Un plan vide"},
	"start.blank.desc":       {"Nothing filled in: you write every step yourself.", "Rien de prérempli : vous rédigez chaque étape vous-même."},
	"start.not_empty":        {":information_source: This plan already has content in steps 1 to 5, so no example plan is offered: it would mix with yours. *Next* walks you through the five steps as they are.", ":information_source: Ce plan a déjà du contenu dans les étapes 1 à 5 : aucun plan d'exemple n'est proposé, il se mélangerait au vôtre. *Suivant* vous fait passer par les cinq étapes telles qu'elles sont."},
	"start.next":             {"Next", "Suivant"},
	"start.finish":           {"Finish", "Terminer"},
	"start.later":            {"Finish later", "Finir plus tard"},
	"start.step":             {"*%s* · step %d of %d", "*%s* · étape %d sur %d"},
	"start.step.hint":        {"Change what does not fit, add what is missing, then *%s*. Nothing here is required: *%s* skips the step, and `/plan %s` opens it again later.", "Modifiez ce qui ne convient pas, ajoutez ce qui manque, puis *%s*. Rien n'est obligatoire ici : *%s* passe l'étape, et `/plan %s` la rouvre plus tard."},
	"start.strategy":         {"*Voice:* %s\n*Tone:* %s", "*Voix\u202f:* %s\n*Ton\u202f:* %s"},
	"start.strategy.none":    {"_No voice or tone yet._", "_Pas encore de voix ni de ton._"},
	"start.not_empty.error":  {"This plan already has content in steps 1 to 5: choose a blank plan to walk through them.", "Ce plan a déjà du contenu dans les étapes 1 à 5 : choisissez un plan vide pour les parcourir."},
	"start.template.unknown": {"This example plan is no longer offered: choose another.", "Ce plan d'exemple n'est plus proposé : choisissez-en un autre."},
	"note.start.template":    {"%s started the plan from the example plan *%s*: goals, personas, content pillars, calls to action and networks, to adapt to the business. `/plan status` shows where it stands.", "%s a démarré le plan à partir du plan d'exemple *%s* : objectifs, personas, piliers de contenu, appels à l'action et réseaux, à adapter à l'activité. `/plan état` montre où il en est."},
	"help.start":             {":rocket: *New here?* `/plan start` sets up steps 1 to 5 in a few minutes, from an example plan (a local shop, an online brand, a B2B firm) or from scratch.", ":rocket: *Première fois ?* `/plan démarrer` prépare les étapes 1 à 5 en quelques minutes, à partir d'un plan d'exemple (un commerce de quartier, une marque en ligne, une entreprise B2B) ou de zéro."},
	"help.start.button":      {"Get started", "Démarrer"},
}
