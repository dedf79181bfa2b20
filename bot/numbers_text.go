package bot

// numberStrings are the refusals of a number typed in a form or pasted,
// whose keys are plan.ParseNumberLocale's and plan.NumberColumn's, and the
// sentences that say how a pasted column was read.
var numberStrings = map[string]message{
	"number.required":  {"Type a number.", "Saisissez un nombre."},
	"number.invalid":   {"This must be a number, e.g. 1,200.5.", "Ce doit être un nombre, par ex. 1\u202f200,5."},
	"number.control":   {"The number holds invisible characters: type it again.", "Le nombre contient des caractères invisibles\u202f: saisissez-le à nouveau."},
	"number.too_large": {"This number is too large: check the zeros.", "Ce nombre est trop grand\u202f: vérifiez les zéros."},
	"number.ambiguous": {"“%s” can be read two ways: did you mean %s or %s? Type it without the doubt, e.g. without the separator.", "«\u202f%s\u202f» se lit de deux façons\u202f: vouliez-vous dire %s ou %s\u202f? Saisissez-le sans ambiguïté, par exemple sans le séparateur."},
	// A cell that only the other decimal mark than its column's reads.
	"number.contradicts": {"“%s” does not read like the other values of the column: check its decimal mark.", "«\u202f%s\u202f» ne se lit pas comme les autres valeurs de la colonne\u202f: vérifiez son séparateur décimal."},

	"number.column.decimal_comma": {"read with decimal commas", "lus avec une virgule décimale"},
	"number.column.decimal_point": {"read with decimal points", "lus avec un point décimal"},
	"number.column.whole":         {"whole numbers only", "nombres entiers seulement"},
	"number.column.undecided":     {"some values can be read two ways", "certaines valeurs se lisent de deux façons"},
}
