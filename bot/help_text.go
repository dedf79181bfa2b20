package bot

// helpStrings are the strings of /plan help, and the name and description of
// each of the nine steps.
var helpStrings = map[string]message{
	// Help and the nine steps.
	"help.title":       {"planbot: your social media plan in nine steps", "planbot\u202f: votre plan de médias sociaux en neuf étapes"},
	"help.intro":       {"_Sharpen the axe before you cut._ Build the plan of this channel step by step: type `/plan <step>` or use a button.", "_Affûtez la hache avant d'abattre l'arbre._ Construisez le plan de ce canal étape par étape\u202f: tapez `/plan <étape>` ou utilisez un bouton."},
	"help.unknown":     {"I don't know `%s`. Here is what I can do:", "Je ne connais pas `%s`. Voici ce que je sais faire\u202f:"},
	"help.unavailable": {"The step `%s` is not in this version of planbot yet. Here is what works today:", "L'étape `%s` n'est pas encore disponible dans cette version de planbot. Voici ce qui fonctionne déjà\u202f:"},
	"help.open":        {"Open", "Ouvrir"},
	"help.soon":        {"coming soon", "bientôt"},

	// The command of each step and screen, as the help shows it: French
	// users see the French one (every alias works in both languages).
	"step.goals.command":      {"goals", "objectifs"},
	"step.audience.command":   {"audience", "public"},
	"step.content.command":    {"content", "contenu"},
	"step.cta.command":        {"cta", "cta"},
	"step.channels.command":   {"channels", "réseaux"},
	"step.experiment.command": {"experiment", "tests"},
	"step.engage.command":     {"engage", "interagir"},
	"step.measure.command":    {"measure", "mesurer"},
	"step.review.command":     {"review", "adapter"},
	"step.status.command":     {"status", "état"},
	"step.export.command":     {"export", "export"},
	"step.settings.command":   {"settings", "réglages"},
	"step.help.command":       {"help", "aide"},
	"step.import.command":     {"import", "importer"},
	"step.report.command":     {"report", "rapport"},
	"step.calendar.command":   {"calendar", "calendrier"},
	"step.approvals.command":  {"approvals", "validation"},
	"help.footer":             {"`/plan help` shows this again. The plan belongs to this channel; each channel can have its own.", "`/plan aide` réaffiche ce message. Le plan appartient à ce canal\u202f; chaque canal peut avoir le sien."},

	"step.goals.name":      {"1. Goals", "1. Objectifs"},
	"step.goals.desc":      {"Know your marketing goals: awareness, sales, leads? Make each one SMART: a metric, a target and a deadline. What do you want to learn?", "Définir vos objectifs marketing\u202f: notoriété, ventes, prospects… Rendez chacun SMART\u202f: un indicateur, une cible, une échéance. Que voulez-vous apprendre\u202f?"},
	"step.audience.name":   {"2. Audience", "2. Public cible"},
	"step.audience.desc":   {"Know your target audience: who they are, what interests and excites them, where they are online.", "Connaître votre public cible\u202f: qui ils sont, ce qui les intéresse et les passionne, où ils sont en ligne."},
	"step.content.name":    {"3. Content", "3. Contenu"},
	"step.content.desc":    {"A content strategy (themes, voice) and then a tactical content plan: the actual copy and images you will share.", "Une stratégie de contenu (thèmes, voix), puis un plan de contenu tactique\u202f: les textes et les visuels que vous publierez."},
	"step.cta.name":        {"4. Calls to action", "4. Appels à l'action"},
	"step.cta.desc":        {"What should people do: sign up, call, buy online, fill a contact form? Tie each call to action to a goal.", "Que doivent faire les gens\u202f: s'inscrire, appeler, acheter en ligne, remplir un formulaire\u202f? Reliez chaque appel à un objectif."},
	"step.channels.name":   {"5. Networks", "5. Réseaux"},
	"step.channels.desc":   {"Choose the best tools for the job: the networks where your audience is, and what each one is for.", "Choisir les bons réseaux\u202f: ceux où se trouve votre public, avec un rôle pour chacun."},
	"step.experiment.name": {"6. Experiments", "6. Tests A/B"},
	"step.experiment.desc": {"Execute and experiment: test one variable at a time (copy, question, day, hour) and let the numbers decide.", "Tester\u202f: une variable à la fois (texte, question, jour, heure), et laisser les chiffres trancher."},
	"step.engage.name":     {"7. Engage", "7. Interagir"},
	"step.engage.desc":     {"Engage directly: answer followers in real time; the bot keeps the queue and reminds whoever owns a reply.", "Interagir avec votre public\u202f: répondez aux abonnés en temps réel\u202f; planbot tient la liste des messages à traiter et relance la personne qui doit répondre."},
	"step.measure.name":    {"8. Measure", "8. Mesurer"},
	"step.measure.desc":    {"Measure, measure, measure: mentions, tags, posts, press, clicks, leads. Measure the real thing.", "Mesurer, mesurer, mesurer\u202f: mentions, tags, publications, presse, clics, prospects. Mesurez ce qui compte vraiment."},
	"step.review.name":     {"9. Adapt", "9. Adapter"},
	"step.review.desc":     {"Adapt from insights: do more of what works, stop what does not, and notice unexpected strengths.", "Tirer les leçons des résultats\u202f: faire plus de ce qui marche, arrêter ce qui ne marche pas, repérer les forces inattendues."},
}
