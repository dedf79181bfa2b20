package bot

import "sort"

// message is one catalogue entry in both languages.
type message struct{ en, fr string }

// catalogue holds every user-facing string of the bot, assembled here
// from the tables of each step and screen, in <step>_text.go, and the
// strings they share, below. Keys of validation messages are the
// plan.Error keys. Format verbs must match between the two languages;
// TestCatalogue checks them, and TestCatalogueTables that no key is in
// two tables.
var catalogue, catalogueDuplicates = mergeCatalogue(
	commonStrings, helpStrings,
	goalsStrings, audienceStrings, contentStrings, ctaStrings, channelsStrings,
	experimentsStrings, engagementStrings, measureStrings, adaptStrings,
	statusStrings, settingsStrings, homeStrings, exportStrings, remindersStrings,
	shortcutsStrings, deliveryStrings,
	numberStrings, importStrings,
	contentReviewStrings, reportStrings, checkInStrings,
	calendarStrings, digestStrings,
	startStrings, statusReasonStrings, chartStrings, fitStrings,
	loadingStrings,
)

// mergeCatalogue merges tables into one catalogue, and returns the keys
// defined more than once, sorted; the first definition wins.
func mergeCatalogue(tables ...map[string]message) (map[string]message, []string) {
	out := map[string]message{}
	var dups []string
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				dups = append(dups, k)
				continue
			}
			out[k] = v
		}
	}
	sort.Strings(dups)
	return out, dups
}

// commonStrings are the strings every screen shares: forms, pages,
// errors, dates, the network catalogue, and the refusals that name the
// plan's owners.
var commonStrings = map[string]message{
	// Modals, common.
	"modal.save":            {"Save", "Enregistrer"},
	"modal.cancel":          {"Cancel", "Annuler"},
	"modal.close":           {"Close", "Fermer"},
	"page.prev":             {"Previous", "Précédent"},
	"page.next":             {"Next", "Suivant"},
	"page.of":               {"Page %d of %d", "Page %d sur %d"},
	"note.saved_not_posted": {"Saved. I could not post the note in <#%s>: invite me there with `/invite @planbot`.", "Enregistré. Je n'ai pas pu publier la note dans <#%s>\u202f: invitez-moi avec `/invite @planbot`."},

	// Errors the user sees.
	"error.generic":    {"Something went wrong on our side and it was logged. Please try again in a moment.", "Une erreur s'est produite de notre côté\u202f; elle a été enregistrée. Réessayez dans un instant."},
	"error.not_saved":  {"Your change was not saved: the database is unavailable. Please try again in a moment.", "Votre modification n'a pas été enregistrée\u202f: la base de données est indisponible. Réessayez dans un instant."},
	"error.not_found":  {"This item no longer exists: someone may have deleted it.", "Cet élément n'existe plus\u202f: quelqu'un l'a peut-être supprimé."},
	"error.forbidden":  {"You cannot change this part of the plan.", "Vous ne pouvez pas modifier cette partie du plan."},
	"error.conflict":   {"Someone changed this at the same time. Open it again to see the latest version.", "Quelqu'un l'a modifié en même temps. Rouvrez-le pour voir la dernière version."},
	"error.modal_open": {"I could not open the form in time. Please run the command again.", "Je n'ai pas pu ouvrir le formulaire à temps. Relancez la commande."},
	"error.field":      {"Check this field.", "Vérifiez ce champ."},

	// Dates.
	"month.1": {"Jan", "janv."}, "month.2": {"Feb", "févr."}, "month.3": {"Mar", "mars"},
	"month.4": {"Apr", "avr."}, "month.5": {"May", "mai"}, "month.6": {"Jun", "juin"},
	"month.7": {"Jul", "juil."}, "month.8": {"Aug", "août"}, "month.9": {"Sep", "sept."},
	"month.10": {"Oct", "oct."}, "month.11": {"Nov", "nov."}, "month.12": {"Dec", "déc."},
	"date": {"%[2]s %[1]s, %[3]d", "%[1]s\u00a0%[2]s %[3]d"},
	// The network catalogue (plan.Networks).
	"network.facebook":   {"Facebook", "Facebook"},
	"network.instagram":  {"Instagram", "Instagram"},
	"network.linkedin":   {"LinkedIn", "LinkedIn"},
	"network.x":          {"X", "X"},
	"network.tiktok":     {"TikTok", "TikTok"},
	"network.youtube":    {"YouTube", "YouTube"},
	"network.pinterest":  {"Pinterest", "Pinterest"},
	"network.threads":    {"Threads", "Threads"},
	"network.bluesky":    {"Bluesky", "Bluesky"},
	"network.mastodon":   {"Mastodon", "Mastodon"},
	"network.blog":       {"Blog", "Blog"},
	"network.newsletter": {"Newsletter", "Newsletter"},
	"network.other":      {"Other", "Autre"},

	// Common to the lists.
	"steps.delete.confirm.title": {"Delete this?", "Supprimer\u202f?"},
	"steps.delete.confirm.text":  {"This cannot be undone.", "C'est définitif."},
	"names.more":                 {"and %d more", "et %d de plus"},
	"datetime":                   {"%s at %s", "%s à %s"},

	// Owners and refusals. %s lists the owners.
	"owners.only":        {":lock: Only the plan owners can change this step: %s.", ":lock: Seuls les responsables du plan peuvent modifier cette étape\u202f: %s."},
	"forbidden.short":    {"Only the plan owners can change this: see my message in the channel.", "Seuls les responsables du plan peuvent modifier ceci\u202f: voyez mon message dans le canal."},
	"forbidden.goals":    {"Only the plan owners can change the goals: %s. Ask one of them, or ask them to add you in `/plan settings`.", "Seuls les responsables du plan peuvent modifier les objectifs\u202f: %s. Demandez à l'un d'eux, ou demandez-leur de vous ajouter dans `/plan réglages`."},
	"forbidden.audience": {"Only the plan owners can change the audience: %s. Ask one of them, or ask them to add you in `/plan settings`.", "Seuls les responsables du plan peuvent modifier le public cible\u202f: %s. Demandez à l'un d'eux, ou demandez-leur de vous ajouter dans `/plan réglages`."},
	"forbidden.strategy": {"Only the plan owners can change the content strategy: %s. You can still add content items.", "Seuls les responsables du plan peuvent modifier la stratégie de contenu\u202f: %s. Vous pouvez toujours ajouter des contenus."},
	"forbidden.cta":      {"Only the plan owners can change the calls to action: %s. Ask one of them, or ask them to add you in `/plan settings`.", "Seuls les responsables du plan peuvent modifier les appels à l'action\u202f: %s. Demandez à l'un d'eux, ou demandez-leur de vous ajouter dans `/plan réglages`."},
	"forbidden.channels": {"Only the plan owners can change the networks: %s. Ask one of them, or ask them to add you in `/plan settings`.", "Seuls les responsables du plan peuvent modifier les réseaux\u202f: %s. Demandez à l'un d'eux, ou demandez-leur de vous ajouter dans `/plan réglages`."},
	"forbidden.settings": {"Only the plan owners can change its settings: %s.", "Seuls les responsables du plan peuvent modifier ses réglages\u202f: %s."},
	"forbidden.review":   {"Only %s can decide on this review.", "Cette relecture est réservée à %s."},
}
