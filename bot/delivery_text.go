package bot

// deliveryStrings are the strings of what the bot owes Slack: what the
// user reads when an effect could not be delivered, and why, and the
// button that opens a modal again when Slack did not let it open in time.
var deliveryStrings = map[string]message{
	// What could not be delivered (the first sentence).
	"delivery.what.note":   {"Saved, but the note is not posted in <#%s> yet.", "Enregistré, mais la note n'est pas encore publiée dans <#%s>."},
	"delivery.what.review": {"The review request is not posted in <#%s>.", "La demande de relecture n'est pas publiée dans <#%s>."},
	"delivery.what.item":   {"The item is saved, but its message is not posted in <#%s>.", "Le message à traiter est enregistré, mais il n'est pas publié dans <#%s>."},
	"delivery.what.reply":  {"The message in the thread in <#%s> is not posted.", "Le message du fil dans <#%s> n'est pas publié."},
	"delivery.what.file":   {"The file is not shared in <#%s>.", "Le fichier n'est pas partagé dans <#%s>."},
	"delivery.what.update": {"Saved, but the message in <#%s> could not be updated.", "Enregistré, mais le message dans <#%s> n'a pas pu être mis à jour."},
	"delivery.what.dm":     {"I could not send you the item directly.", "Je n'ai pas pu vous envoyer le contenu directement."},

	// Why (the second sentence), and what happens next.
	"delivery.why.rate_limited.later":   {"Slack is limiting how fast I can post there; I will try again as soon as Slack lets me.", "Slack limite le rythme de mes publications dans ce canal ; je réessaierai dès que Slack le permettra."},
	"delivery.why.rate_limited.dropped": {"Slack kept limiting how fast I can post there for several minutes, so I gave up. Please try again later.", "Slack a limité le rythme de mes publications dans ce canal pendant plusieurs minutes ; j'ai abandonné. Réessayez plus tard."},
	"delivery.why.slack_down.later":     {"Slack is not answering; I will try again when Slack is back.", "Slack ne répond pas ; je réessaierai dès que Slack sera de retour."},
	"delivery.why.slack_down.dropped":   {"Slack did not answer for several minutes, so I gave up. Please try again later.", "Slack n'a pas répondu pendant plusieurs minutes ; j'ai abandonné. Réessayez plus tard."},
	"delivery.why.not_in_channel":       {"I am not a member of that channel: invite me there with `/invite @planbot`.", "Je ne suis pas membre de ce canal : invitez-moi avec `/invite @planbot`."},
	"delivery.why.channel_not_found":    {"Slack says the channel no longer exists, or that it is private and I am not in it.", "Slack indique que le canal n'existe plus, ou qu'il est privé et que je n'en fais pas partie."},
	"delivery.why.is_archived":          {"The channel is archived.", "Le canal est archivé."},
	"delivery.why.refused":              {"Slack refused it (`%s`).", "Slack l'a refusé (`%s`)."},

	// A modal Slack did not let the bot open in time.
	"delivery.modal.rate_limited": {"I could not open the form in time: Slack is limiting how fast I can open forms right now.", "Je n'ai pas pu ouvrir le formulaire à temps : Slack limite en ce moment le rythme d'ouverture des formulaires."},
	"delivery.modal.slack_down":   {"I could not open the form in time: Slack did not answer before the link you clicked expired.", "Je n'ai pas pu ouvrir le formulaire à temps : Slack n'a pas répondu avant l'expiration du lien sur lequel vous avez cliqué."},
	"delivery.modal.refused":      {"I could not open the form: Slack refused it (`%s`).", "Je n'ai pas pu ouvrir le formulaire : Slack l'a refusé (`%s`)."},
	"delivery.modal.reopen":       {"Open the form", "Ouvrir le formulaire"},
	"delivery.modal.reopen_hint":  {"The button opens it again, as it was.", "Le bouton le rouvre, tel quel."},
	"delivery.modal.expired":      {"This form can no longer be opened again: run the command again.", "Ce formulaire ne peut plus être rouvert : relancez la commande."},

	// Plans and items of channels the user is not in.
	"delivery.not_member":   {"This plan belongs to <#%s>, which you are not a member of: join the channel to open it.", "Ce plan appartient à <#%s>, dont vous n'êtes pas membre : rejoignez le canal pour l'ouvrir."},
	"delivery.member_check": {"I could not check with Slack that you are a member of <#%s>. Please try again in a moment.", "Je n'ai pas pu vérifier auprès de Slack que vous êtes membre de <#%s>. Réessayez dans un instant."},
	"delivery.review_dm":    {"%s asks you to review a content item of <#%s>, a channel you are not in:", "%s vous demande de relire un contenu de <#%s>, un canal dont vous n'êtes pas membre :"},
	"delivery.item_dm":      {"A content item of <#%s>, a channel you are not in, is assigned to you:", "Un contenu de <#%s>, un canal dont vous n'êtes pas membre, vous est attribué :"},
}
