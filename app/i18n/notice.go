package i18n

import "strings"

// Notice writes a notice of kind with its arguments in p's language: the
// one renderer behind the notifications page, its API and the emails. An
// argument that is itself a message key (a stage's name, "stage.accepted",
// a board post's status, "post_status.planned", a role, "role.judge", a
// badge, "badge.helpful",
// or a list of roles, "role.judge,role.engineer") is translated too;
// everything else (titles) stays as written.
func (p Printer) Notice(kind string, args []string) string {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = p.noticeArg(a)
	}
	return p.T("notice."+kind, vals...)
}

// noticeArg is one argument of a notice in p's language (Notice).
func (p Printer) noticeArg(a string) string {
	if strings.HasPrefix(a, "role.") && strings.Contains(a, ",") {
		parts := strings.Split(a, ",")
		for i, r := range parts {
			parts[i] = p.noticeArg(r)
		}
		return strings.Join(parts, p.T("polish.list_sep"))
	}
	if (strings.HasPrefix(a, "stage.") || strings.HasPrefix(a, "post_status.") || strings.HasPrefix(a, "role.") || strings.HasPrefix(a, "badge.")) && Has(a) {
		return p.T(a)
	}
	return a
}

// NoticeBy is Notice for a notice that names who wrote what it tells of
// (domain.NoticeBy): its kind's "notice.<kind>_by" text, the name after
// the arguments ("%[2]s 评论了你的创意“%[1]s”"); a name of "" (an account
// deleted since) reads as a deleted user in p's language. A kind with no
// such text reads as Notice.
func (p Printer) NoticeBy(kind string, args []string, name string) string {
	key := "notice." + kind + "_by"
	if !Has(key) {
		return p.Notice(kind, args)
	}
	if name == "" {
		name = p.T("delete50.name")
	}
	vals := make([]any, 0, len(args)+1)
	for _, a := range args {
		vals = append(vals, p.noticeArg(a))
	}
	return p.T(key, append(vals, name)...)
}
