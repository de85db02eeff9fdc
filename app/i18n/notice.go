package i18n

import "strings"

// Notice writes a notice of kind with its arguments in p's language: the
// one renderer behind the notifications page, its API and the emails. An
// argument that is itself a message key (a stage's name, "stage.accepted",
// a board post's status, "post_status.planned") is translated too; everything else (titles) stays as written.
func (p Printer) Notice(kind string, args []string) string {
	vals := make([]any, len(args))
	for i, a := range args {
		if (strings.HasPrefix(a, "stage.") || strings.HasPrefix(a, "post_status.")) && Has(a) {
			vals[i] = p.T(a)
		} else {
			vals[i] = a
		}
	}
	return p.T("notice."+kind, vals...)
}
