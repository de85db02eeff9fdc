package domain

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// emailGroupOf is every notice kind with the group of its email: a kind
// declared anywhere in the application and missing here fails
// TestEveryNoticeKindHasAnEmailGroup.
var emailGroupOf = map[NoticeKind]string{
	NoticeComment:            EmailComments,
	NoticeFollowedComment:    EmailComments,
	NoticeUpdateComment:      EmailComments,
	NoticeOfficial:           EmailComments,
	NoticeFollowedOfficial:   EmailComments,
	NoticeShortlisted:        EmailIdeas,
	NoticeUnshortlisted:      EmailIdeas,
	NoticeWon:                EmailIdeas,
	NoticeBackedWon:          EmailIdeas,
	NoticeNotSelected:        EmailIdeas,
	NoticeMerged:             EmailIdeas,
	NoticeFollowedMerged:     EmailIdeas,
	NoticeProject:            EmailIdeas,
	NoticeStage:              EmailIdeas,
	NoticeProjectStarted:     EmailIdeas,
	NoticeProjectUpdate:      EmailIdeas,
	NoticeProduction:         EmailIdeas,
	NoticeQualified:          EmailIdeas,
	NoticeQualifiedSupporter: EmailIdeas,
	NoticeExpired:            EmailIdeas,
	NoticeVoteReturned:       EmailIdeas,
	NoticeReturnedExpired:    EmailIdeas,
	NoticeStatus:             EmailIdeas,
	NoticeStatusAnswered:     EmailIdeas,
	NoticeTesterChosen:       EmailTesting,
	NoticeFeedbackReply:      EmailTesting,
	"tester_applied":         EmailTesting,
	"tester_declined":        EmailTesting,
	"feedback_given":         EmailTesting,
	"club_opened":            EmailClubs,
	"meetup_promoted":        EmailClubs,
	"meetup_changed":         EmailClubs,
	"meetup_cancelled":       EmailClubs,
	"organiser_named":        EmailClubs,
	"organiser_removed":      EmailClubs,
	"club_orphaned":          EmailStaff,
	NoticeAssigned:           EmailStaff,
	NoticeProjectHanded:      EmailStaff,
	NoticeProjectHandedAway:  EmailStaff,
	NoticeProjectAssigned:    EmailStaff,
	NoticeProjectQuestion:    EmailStaff,
	NoticeNotBuilt:           EmailIdeas,
	NoticeBackedNotBuilt:     EmailIdeas,
	NoticeShelved:            EmailIdeas,
	NoticeResultsOut:         EmailIdeas,
	NoticeBackedExpired:      EmailIdeas,
	NoticeBadge:              EmailIdeas,
	NoticeBadgeEarned:        EmailIdeas,
	NoticeLevelUp:            EmailIdeas,
	NoticeCredited:           EmailIdeas,
	NoticeHidden:             EmailAccount,
	NoticeHiddenByReports:    EmailAccount,
	NoticeHiddenNoReason:     EmailAccount,
	NoticeRestored:           EmailAccount,
	NoticeHiddenKept:         EmailAccount,
	NoticeSuspended:          EmailAccount,
	NoticeReportUpheld:       EmailAccount,
	NoticeReportDismissed:    EmailAccount,
	NoticeReinstated:         EmailAccount,
	NoticeVotesRemoved:       EmailAccount,
	NoticeVerifyEmail:        EmailAccount,
	NoticePasswordReset:      EmailAccount,
	NoticePasswordChanged:    EmailAccount,
	NoticeEmailChanged:       EmailAccount,
}

func TestEmailGroup(t *testing.T) {
	for kind, want := range emailGroupOf {
		if got := EmailGroup(kind); got != want {
			t.Errorf("%s: %q, want %q", kind, got, want)
		}
	}
	if got := EmailGroup("no_such_kind"); got != EmailAccount {
		t.Errorf("an unknown kind: %q", got)
	}
}

// TestEveryNoticeKindHasAnEmailGroup reads every constant of type
// NoticeKind the application declares (here and in the packages that
// import this one) and asks that emailGroupOf gives it a group.
func TestEveryNoticeKindHasAnEmailGroup(t *testing.T) {
	found := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			for _, spec := range gen.Specs {
				v := spec.(*ast.ValueSpec)
				if !namesNoticeKind(v.Type) {
					continue
				}
				for _, value := range v.Values {
					lit, ok := value.(*ast.BasicLit)
					if !ok {
						t.Errorf("%s: a notice kind that is no literal", path)
						continue
					}
					kind, _ := strconv.Unquote(lit.Value)
					found++
					if _, ok := emailGroupOf[NoticeKind(kind)]; !ok {
						t.Errorf("%s: notice kind %q has no email group (EmailGroup, emailGroupOf)", path, kind)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found != len(emailGroupOf) {
		t.Errorf("%d kinds declared, %d in the table", found, len(emailGroupOf))
	}
}

func namesNoticeKind(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "NoticeKind"
	case *ast.SelectorExpr:
		return e.Sel.Name == "NoticeKind"
	}
	return false
}

func TestMailsFor(t *testing.T) {
	for _, tc := range []struct {
		name  string
		kind  NoticeKind
		on    bool
		muted []string
		want  bool
	}{
		{"a comment, emails on", NoticeComment, true, nil, true},
		{"a comment, comments muted", NoticeComment, true, []string{EmailComments}, false},
		{"a comment, another group muted", NoticeComment, true, []string{EmailIdeas, EmailClubs}, true},
		{"a comment, emails off", NoticeComment, false, nil, false},
		{"a win, ideas muted among others", NoticeWon, true, []string{EmailComments, EmailIdeas}, false},
		{"a moderator's hiding, every group muted", NoticeHidden, true, EmailGroups, true},
		{"a moderator's hiding, emails off", NoticeHidden, false, nil, false},
		{"a password reset, emails off", NoticePasswordReset, false, EmailGroups, true},
		{"a confirmation, emails off", NoticeVerifyEmail, false, EmailGroups, true},
		{"a password changed, emails off", NoticePasswordChanged, false, EmailGroups, true},
		{"an address changed, emails off", NoticeEmailChanged, false, EmailGroups, true},
		{"a suspension, emails off", NoticeSuspended, false, nil, true},
		{"a reinstatement, every group muted", NoticeReinstated, true, EmailGroups, true},
		{"a badge an admin gave, emails on", NoticeBadge, true, nil, true},
		{"a badge an admin gave, ideas muted", NoticeBadge, true, []string{EmailIdeas}, false},
		{"a credit, emails on", NoticeCredited, true, nil, true},
		{"a supported idea expired, emails on", NoticeBackedExpired, true, nil, true},
		{"a badge earned by rule: the bell only", NoticeBadgeEarned, true, nil, false},
		{"a new level: the bell only", NoticeLevelUp, true, nil, false},
	} {
		if got := MailsFor(tc.kind, tc.on, tc.muted); got != tc.want {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestEmailChoices(t *testing.T) {
	fan := []string{EmailComments, EmailIdeas, EmailTesting, EmailClubs}
	for _, tc := range []struct {
		name string
		u    *User
		want []string
	}{
		{"nobody", nil, fan},
		{"a fan", &User{Roles: []Role{RoleFan}}, fan},
		{"a judge", &User{Roles: []Role{RoleFan, RoleJudge}}, EmailGroups},
		{"a moderator", &User{Roles: []Role{RoleFan, RoleModerator}}, EmailGroups},
	} {
		if got := EmailChoices(tc.u); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v", tc.name, got)
		}
	}
}

func TestMuteEmails(t *testing.T) {
	for _, tc := range []struct {
		name   string
		muted  []string
		mailed map[string]bool
		want   []string
	}{
		{"nothing chosen", []string{EmailClubs}, nil, []string{EmailClubs}},
		{"comments off", nil, map[string]bool{EmailComments: false}, []string{EmailComments}},
		{"clubs back on, the rest kept", []string{EmailComments, EmailClubs}, map[string]bool{EmailClubs: true},
			[]string{EmailComments}},
		{"in the groups' order", nil, map[string]bool{EmailStaff: false, EmailComments: false, EmailIdeas: true},
			[]string{EmailComments, EmailStaff}},
		{"a group gone from the list is forgotten", []string{"polls"}, nil, []string{}},
		{"all on", EmailGroups, map[string]bool{EmailComments: true, EmailIdeas: true, EmailTesting: true,
			EmailClubs: true, EmailStaff: true}, []string{}},
	} {
		got, err := MuteEmails(tc.muted, tc.mailed)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, %v", tc.name, got, err)
		}
	}
	_, err := MuteEmails(nil, map[string]bool{EmailComments: false, "polls": false})
	if e := AsError(err); e == nil || e.Kind != KindInvalid || e.Field != "email_kinds" || !strings.Contains(e.Message, "polls") {
		t.Errorf("an unknown group: %v", err)
	}
}
