package bot

// message is one catalogue entry in both languages.
type message struct{ en, fr string }

// catalogue holds every user-facing string of the bot. Keys of validation
// messages are the plan.Error keys. Format verbs must match between the
// two languages; TestCatalogue checks them.
var catalogue = map[string]message{
	// Help and the nine steps.
	"help.title":       {"planbot: your social media plan in nine steps", "planbot : votre plan médias sociaux en neuf étapes"},
	"help.intro":       {"_Sharpen the axe before you cut._ Build the plan of this channel step by step: type `/plan <step>` or use a button.", "_Affûtez la hache avant d'abattre l'arbre._ Construisez le plan de ce canal étape par étape : tapez `/plan <étape>` ou utilisez un bouton."},
	"help.unknown":     {"I don't know `%s`. Here is what I can do:", "Je ne connais pas `%s`. Voici ce que je sais faire :"},
	"help.unavailable": {"The step `%s` is not in this version of planbot yet. Here is what works today:", "L'étape `%s` n'est pas encore dans cette version de planbot. Voici ce qui marche aujourd'hui :"},
	"help.open":        {"Open", "Ouvrir"},
	"help.soon":        {"coming soon", "bientôt"},
	"help.footer":      {"`/plan help` shows this again. The plan belongs to this channel; each channel can have its own.", "`/plan aide` réaffiche ce message. Le plan appartient à ce canal ; chaque canal peut avoir le sien."},

	"step.goals.name":      {"1. Goals", "1. Objectifs"},
	"step.goals.desc":      {"Know your marketing goals: awareness, sales, leads...? Make each one SMART: a metric, a target and a deadline. What do you want to learn?", "Connaître vos objectifs marketing : notoriété, ventes, prospects… ? Rendez chacun SMART : une mesure, une cible, une échéance. Que voulez-vous apprendre ?"},
	"step.audience.name":   {"2. Audience", "2. Public cible"},
	"step.audience.desc":   {"Know your target audience: who they are, what interests and excites them, where they are online.", "Connaître votre public cible : qui ils sont, ce qui les intéresse et les passionne, où ils sont en ligne."},
	"step.content.name":    {"3. Content", "3. Contenu"},
	"step.content.desc":    {"A content strategy (themes, voice) and then a tactical content plan: the actual copy and images you will share.", "Une stratégie de contenu (thèmes, ton), puis un plan de contenu tactique : les textes et images que vous partagerez."},
	"step.cta.name":        {"4. Calls to action", "4. Appels à l'action"},
	"step.cta.desc":        {"What should people do: sign up, call, buy online, fill a contact form? Tie each call to action to a goal.", "Que doivent faire les gens : s'inscrire, appeler, acheter en ligne, remplir un formulaire ? Reliez chaque appel à un objectif."},
	"step.channels.name":   {"5. Networks", "5. Outils"},
	"step.channels.desc":   {"Choose the best tools for the job: the networks where your audience is, and what each one is for.", "Choisir les meilleurs outils : les réseaux où se trouve votre public, et le rôle de chacun."},
	"step.experiment.name": {"6. Experiments", "6. Expériences"},
	"step.experiment.desc": {"Execute and experiment: test one variable at a time (copy, question, day, hour) and let the numbers decide.", "Exécuter et expérimenter : testez une variable à la fois (texte, question, jour, heure) et laissez les chiffres trancher."},
	"step.engage.name":     {"7. Engage", "7. Engager"},
	"step.engage.desc":     {"Engage directly: answer followers in real time; the bot keeps the queue and reminds whoever owns a reply.", "S'engager directement : répondez aux abonnés en temps réel ; le bot tient la file et relance qui doit répondre."},
	"step.measure.name":    {"8. Measure", "8. Mesurer"},
	"step.measure.desc":    {"Measure, measure, measure: mentions, tags, posts, press, clicks, leads. Measure the real thing.", "Mesurer, mesurer, mesurer : mentions, tags, publications, presse, clics, prospects. Mesurez ce qui compte vraiment."},
	"step.review.name":     {"9. Adapt", "9. Adapter"},
	"step.review.desc":     {"Adapt from insights: do more of what works, stop what does not, and notice unexpected strengths.", "S'adapter grâce aux enseignements : plus de ce qui marche, arrêt de ce qui ne marche pas, et repérer les forces inattendues."},

	// Modals, common.
	"modal.save":   {"Save", "Enregistrer"},
	"modal.cancel": {"Cancel", "Annuler"},
	"modal.close":  {"Close", "Fermer"},
	"page.prev":    {"Previous", "Précédent"},
	"page.next":    {"Next", "Suivant"},
	"page.of":      {"Page %d of %d", "Page %d sur %d"},

	// Goals (step 1).
	"goal.modal.new":              {"New goal", "Nouvel objectif"},
	"goal.modal.edit":             {"Edit goal", "Modifier l'objectif"},
	"goal.modal.intro":            {"A SMART goal has a metric, a target different from the baseline, and a deadline.", "Un objectif SMART a une mesure, une cible différente du point de départ et une échéance."},
	"goal.field.kind":             {"Kind of goal", "Type d'objectif"},
	"goal.field.title":            {"Goal statement", "Énoncé de l'objectif"},
	"goal.field.title.hint":       {"What do you want to achieve? For example: grow newsletter signups from Instagram.", "Que voulez-vous atteindre ? Par exemple : augmenter les inscriptions à la newsletter depuis Instagram."},
	"goal.field.metric":           {"KPI: metric", "KPI : mesure"},
	"goal.field.metric.hint":      {"What you will count, for example newsletter signups.", "Ce que vous allez compter, par exemple les inscriptions à la newsletter."},
	"goal.field.baseline":         {"Baseline (today)", "Point de départ (aujourd'hui)"},
	"goal.field.target":           {"Target", "Cible"},
	"goal.field.unit":             {"Unit", "Unité"},
	"goal.field.unit.placeholder": {"signups, %, €, followers", "inscriptions, %, €, abonnés"},
	"goal.field.deadline":         {"Deadline", "Échéance"},
	"goal.field.owner":            {"Owner", "Responsable"},
	"goal.field.learn":            {"What do we want to learn?", "Que voulons-nous apprendre ?"},
	"goal.kind.awareness":         {"Awareness", "Notoriété"},
	"goal.kind.sales":             {"Sales", "Ventes"},
	"goal.kind.leads":             {"Leads", "Prospects"},
	"goal.kind.engagement":        {"Engagement", "Engagement"},
	"goal.kind.customer_service":  {"Customer service", "Service client"},
	"goal.kind.community":         {"Community", "Communauté"},
	"goal.kind.other":             {"Other", "Autre"},

	"goal.kind.invalid":            {"Choose what kind of goal this is.", "Choisissez le type d'objectif."},
	"goal.title.required":          {"Describe the goal in a sentence.", "Décrivez l'objectif en une phrase."},
	"goal.title.too_long":          {"Keep the statement under 300 characters.", "Gardez l'énoncé sous 300 caractères."},
	"goal.metric.required":         {"A SMART goal needs a metric: what will you count?", "Un objectif SMART a besoin d'une mesure : qu'allez-vous compter ?"},
	"goal.metric.too_long":         {"Keep the metric under 100 characters.", "Gardez la mesure sous 100 caractères."},
	"goal.baseline.invalid":        {"The baseline must be a number, for example 120 or 2.5.", "Le point de départ doit être un nombre, par exemple 120 ou 2,5."},
	"goal.target.invalid":          {"The target must be a number, for example 500 or 3.5.", "La cible doit être un nombre, par exemple 500 ou 3,5."},
	"goal.target.required":         {"A SMART goal needs a numeric target.", "Un objectif SMART a besoin d'une cible chiffrée."},
	"goal.target.same_as_baseline": {"The target must differ from the baseline, or there is nothing to achieve.", "La cible doit différer du point de départ, sinon il n'y a rien à atteindre."},
	"goal.unit.too_long":           {"Keep the unit under 30 characters.", "Gardez l'unité sous 30 caractères."},
	"goal.deadline.required":       {"A SMART goal needs a deadline.", "Un objectif SMART a besoin d'une échéance."},
	"goal.deadline.past":           {"The deadline must be in the future.", "L'échéance doit être dans le futur."},
	"goal.learn.too_long":          {"Keep this under 1,000 characters.", "Gardez ce texte sous 1 000 caractères."},
	"goals.modal.title":            {"Goals", "Objectifs"},
	"goals.intro":                  {"*%d goals* in this channel's plan.", "*%d objectifs* dans le plan de ce canal."},
	"goals.add":                    {"Add a goal", "Ajouter un objectif"},
	"goals.edit":                   {"Edit", "Modifier"},
	"goals.delete":                 {"Delete", "Supprimer"},
	"goals.delete.confirm.title":   {"Delete this goal?", "Supprimer l'objectif ?"},
	"goals.delete.confirm.text":    {"The goal and its KPI will be deleted. This cannot be undone.", "L'objectif et son KPI seront supprimés. C'est définitif."},
	"goals.delete.confirm.yes":     {"Delete", "Supprimer"},
	"goals.delete.confirm.no":      {"Keep it", "Le garder"},
	"goals.kpi":                    {"%s · *%s*: %s → %s by %s · owner %s", "%s · *%s* : %s → %s d'ici le %s · responsable %s"},
	"goals.deadline_passed":        {":warning: The deadline has passed: set a new one or close the goal.", ":warning: L'échéance est passée : fixez-en une nouvelle ou clôturez l'objectif."},
	"note.goal.created":            {"%s added a goal: *%s*", "%s a ajouté un objectif : *%s*"},
	"note.goal.updated":            {"%s updated the goal: *%s*", "%s a modifié l'objectif : *%s*"},
	"note.goal.deleted":            {"%s deleted the goal: *%s*", "%s a supprimé l'objectif : *%s*"},
	"note.goal.kpi":                {"KPI: %s, from %s to %s by %s · owner %s", "KPI : %s, de %s à %s d'ici le %s · responsable %s"},
	"note.goal.learn":              {"To learn: %s", "À apprendre : %s"},
	"note.saved_not_posted":        {"Saved. I could not post the note in <#%s>: invite me there with `/invite @planbot`.", "Enregistré. Je n'ai pas pu publier la note dans <#%s> : invitez-moi avec `/invite @planbot`."},

	// Home tab.
	"home.plans": {"Your plans", "Vos plans"},

	// Errors the user sees.
	"error.generic":    {"Something went wrong on our side and it was logged. Please try again in a moment.", "Un problème est survenu de notre côté et il a été noté. Réessayez dans un instant."},
	"error.not_saved":  {"Your change was not saved: the database is unavailable. Please try again in a moment.", "Votre modification n'a pas été enregistrée : la base de données est indisponible. Réessayez dans un instant."},
	"error.not_found":  {"This item no longer exists: someone may have deleted it.", "Cet élément n'existe plus : quelqu'un l'a peut-être supprimé."},
	"error.forbidden":  {"You cannot change this part of the plan.", "Vous ne pouvez pas modifier cette partie du plan."},
	"error.conflict":   {"Someone changed this at the same time. Open it again to see the latest version.", "Quelqu'un l'a modifié en même temps. Rouvrez-le pour voir la dernière version."},
	"error.modal_open": {"I could not open the form in time. Please run the command again.", "Je n'ai pas pu ouvrir le formulaire à temps. Relancez la commande."},
	"error.field":      {"Check this field.", "Vérifiez ce champ."},

	// Dates.
	"month.1": {"Jan", "janv."}, "month.2": {"Feb", "févr."}, "month.3": {"Mar", "mars"},
	"month.4": {"Apr", "avr."}, "month.5": {"May", "mai"}, "month.6": {"Jun", "juin"},
	"month.7": {"Jul", "juil."}, "month.8": {"Aug", "août"}, "month.9": {"Sep", "sept."},
	"month.10": {"Oct", "oct."}, "month.11": {"Nov", "nov."}, "month.12": {"Dec", "déc."},
	"date": {"%[2]s %[1]d, %[3]d", "%[1]d %[2]s %[3]d"},
}
