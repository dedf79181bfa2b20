package bot

// contentReviewStrings are the strings of the approvals of issue 17: a
// review waiting for more approvals or reopened by an edit, the refusals,
// and an item's review history.
var contentReviewStrings = map[string]message{
	"content.review.self":              {"You cannot approve an item you wrote or sent for review: someone else approves it.", "Vous ne pouvez pas valider un contenu que vous avez rédigé ou soumis à relecture\u202f: une autre personne doit le valider."},
	"content.review.approved_already":  {"You approved this item already: it needs another approver.", "Vous avez déjà validé ce contenu\u202f: il faut l'accord d'une autre personne."},
	"content.review.approval_recorded": {"Your approval is recorded: %d of %d approvals.", "Votre validation est enregistrée\u202f: %d sur %d."},
	"content.review.progress":          {"Approvals: %d of %d (%s)", "Validations\u202f: %d sur %d (%s)"},
	"content.review.need_client":       {"A client's approval is still needed.", "Il manque encore la validation du client."},
	"content.review.reopened":          {":arrows_counterclockwise: Edited after approval by %s on %s: back in review.", ":arrows_counterclockwise: Modifié après validation par %s le %s\u202f: retour en relecture."},
	"content.review.change":            {"*%s*: ~%s~ → %s", "*%s*\u202f: ~%s~ → %s"},
	"content.field.publish_at":         {"Publication date", "Date de publication"},

	"content.history.button":            {"History", "Historique"},
	"content.history.title":             {"Review history", "Historique"},
	"content.history.empty":             {"No review yet.", "Aucune relecture pour l'instant."},
	"content.history.cut":               {"The latest %d of %d events.", "Les %d derniers événements sur %d."},
	"content.history.client":            {"(client)", "(client)"},
	"content.history.requested":         {"%s asked for a review on %s (%s → %s).", "%s a demandé une relecture le %s (%s → %s)."},
	"content.history.approved":          {"%s approved on %s (%s → %s).", "%s a validé le %s (%s → %s)."},
	"content.history.changes_requested": {"%s asked for changes on %s (%s → %s).", "%s a demandé des modifications le %s (%s → %s)."},
	"content.history.reopened":          {"%s edited it after approval on %s, which reopened the review (%s → %s).", "%s l'a modifié après validation le %s, ce qui a rouvert la relecture (%s → %s)."},
	"content.history.edited":            {"%s edited it on %s (%s → %s).", "%s l'a modifié le %s (%s → %s)."},
	"content.history.status_changed":    {"%s changed its status on %s (%s → %s).", "%s a changé son statut le %s (%s → %s)."},

	"approvals.title":                   {"Approvals", "Validation"},
	"approvals.intro":                   {"How items of this plan are approved. By default nobody approves their own item, one approval is enough, and only an approved item is scheduled or published.", "Comment les contenus de ce plan sont validés. Par défaut, personne ne valide son propre contenu, une validation suffit, et seul un contenu validé est programmé ou publié."},
	"approvals.field.rules":             {"Rules", "Règles"},
	"approvals.rule.allow_self":         {"Authors may approve their own items", "Les auteurs peuvent valider leurs propres contenus"},
	"approvals.rule.two_approvers":      {"Two approvals, by two people", "Deux validations, par deux personnes"},
	"approvals.rule.client_approval":    {"One approval comes from the client", "Une validation vient du client"},
	"approvals.rule.publish_unapproved": {"Items may be scheduled or published without approval", "Les contenus peuvent être programmés ou publiés sans validation"},
	"approvals.field.team":              {"Approvers in the team", "Valideurs de l'équipe"},
	"approvals.field.team.hint":         {"Once approvers are named, only they, an item's reviewer and the plan owners decide.", "Dès que des valideurs sont désignés, seuls eux, le relecteur d'un contenu et les responsables du plan décident."},
	"approvals.field.clients":           {"Approvers at the client", "Valideurs côté client"},
	"approvals.field.clients.hint":      {"Members of this channel, such as Slack Connect guests; they approve from the review message, in their language.", "Des membres de ce canal, comme des invités Slack Connect ; ils valident depuis le message de relecture, dans leur langue."},
	"approvals.note":                    {":lock: %s changed how items of this plan are approved.", ":lock: %s a modifié les règles de validation des contenus de ce plan."},
	"home.command.approvals":            {"Approvals", "Validation"},

	// Validation keys of plan.ApprovalPolicy.
	"content.status.needs_approval": {"Approve the item before you schedule or publish it: use Request review.", "Faites valider ce contenu avant de le programmer ou de le publier\u202f: utilisez Demander une relecture."},
	"forbidden.review.self":         {"You cannot approve your own item.", "Vous ne pouvez pas valider votre propre contenu."},
	"approval.approvers.too_many":   {"A plan has at most 20 approvers.", "Un plan compte au plus 20 valideurs."},
	"approval.approvers.invalid":    {"Choose people of this workspace.", "Choisissez des personnes de cet espace de travail."},
	"approval.client.none":          {"Name a client approver first.", "Désignez d'abord un valideur côté client."},
}
