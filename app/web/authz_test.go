package web

import (
	"bytes"
	"cmp"
	"cocreate/app/images/imagetest"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/mail"
)

// The authorization matrix: every route of Routes(), tried as each kind of
// person, with the status a reviewer can read off one table. Access in
// routes.go is only the first gate; ownership, visibility and assignment are
// checked again inside the service, and this table pins down the outcome of
// both together, so a change to either shows up here as a changed cell.

// azRole is a column of the table: who is asking.
type azRole int

const (
	azVisitor   azRole = iota // no credentials at all
	azFan                     // a signed-in fan with no relation to the objects
	azAuthor                  // the fan who wrote the idea; in a fan test, the tester the owner accepted
	azJudge                   // a judge, assigned to the shortlisted idea of judging scenes
	azEngineer                // an engineer who does not own the project
	azOwner                   // the engineer who owns the project
	azModerator               // a moderator: works reports, suspends fans
	azAdmin                   // the brand's organiser
	azRoles
)

var azRoleNames = [azRoles]string{"visitor", "fan", "author", "judge", "engineer", "owner", "moderator", "admin"}

// toSignIn is the page answer to a visitor on a page that needs an account:
// a 303 to /signin (API routes answer 401 instead). A plain 303 in the table
// is a page form that was accepted and redirects elsewhere.
const toSignIn = -303

// azWant is one row of statuses, in the column order above:
// visitor, fan, author, judge, engineer, owner, moderator, admin.
type azWant [azRoles]int

type azRow struct {
	route   string // "METHOD PATH" exactly as in Routes()
	variant string // the situation, when one route is checked in several
	want    azWant
}

// azTable is the permission table. Each route of Routes() has at least one
// row; the situations (variants) are described beside azFixtures.
var azTable = []azRow{
	// {route, situation, azWant{visitor, fan, author, judge, engineer, owner, moderator, admin}}
	// Pages: accounts.
	{"GET /", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /feed.atom", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /setup", "", azWant{303, 303, 303, 303, 303, 303, 303, 303}}, // setup is done: sent home
	{"POST /setup", "", azWant{409, 409, 409, 409, 409, 409, 409, 409}},
	{"GET /signup", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /signup", "", azWant{303, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /signin", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /signin", "", azWant{303, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /signout", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /password/forgot", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /password/forgot", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}}, // the same answer for any address
	{"GET /password/reset", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /password/reset", "forged", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
	{"POST /password/reset", "forged", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
	{"POST /lang", "", azWant{303, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /settings", "", azWant{toSignIn, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /settings/tokens", "", azWant{toSignIn, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /settings/tokens/:id/revoke", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /settings/tokens/:id/revoke", "other", azWant{toSignIn, 404, 404, 404, 404, 404, 404, 404}},
	{"POST /settings/email", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /settings/name", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /settings/password", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /settings/address", "", azWant{toSignIn, 400, 400, 400, 400, 400, 400, 400}}, // their own address again: refused past the sign-in (a move would change whom later rows sign in as)
	{"POST /settings/sessions/end", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /unsubscribe", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}}, // the signed link is the authority
	{"GET /unsubscribe", "forged", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
	{"POST /unsubscribe", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /unsubscribe", "forged", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
	{"GET /notifications", "", azWant{toSignIn, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /notifications/read", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /admin/users", "", azWant{toSignIn, 403, 403, 403, 403, 403, 200, 200}},
	{"POST /admin/users/:id/suspension", "", azWant{toSignIn, 403, 403, 403, 403, 403, 303, 303}},
	// Email confirmation: the link's page asks (for the account it names;
	// someone signed in as another account is refused); confirming works
	// signed out or as that account; a new email is for the unconfirmed.
	{"GET /verify", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /verify", "other", azWant{200, 400, 400, 400, 400, 400, 400, 400}},
	{"POST /verify", "", azWant{200, 400, 400, 400, 400, 400, 400, 400}},                     // a new account's link
	{"POST /settings/verification", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}}, // the confirmed: back, told so
	// Reports and moderation: any signed-in person reports what others
	// wrote; moderators and admins decide; the author of a hidden item asks
	// for a review.
	{"POST /ideas/:id/reports", "", azWant{toSignIn, 303, 409, 303, 303, 303, 303, 303}},
	{"POST /comments/:id/reports", "", azWant{toSignIn, 303, 409, 303, 303, 303, 303, 303}},
	{"GET /moderation", "", azWant{toSignIn, 403, 403, 403, 403, 403, 200, 200}},
	{"POST /moderation/:type/:id", "", azWant{toSignIn, 403, 403, 403, 403, 403, 303, 303}},
	{"POST /moderation/:type/:id/review", "", azWant{toSignIn, 404, 303, 404, 404, 404, 403, 403}}, // a hidden idea
	{"POST /admin/users/:id/roles", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},

	// Pages: challenges.
	{"GET /challenges/new", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /challenges", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"GET /challenges/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /challenges/:id", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	{"GET /challenges/:id/edit", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /challenges/:id", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/phase", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"GET /challenges/:id/feed.atom", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /challenges/:id/replies", "", azWant{toSignIn, 403, 403, 403, 200, 200, 403, 200}}, // engineers write the official replies
	{"GET /replies", "", azWant{toSignIn, 403, 403, 403, 200, 200, 403, 200}},
	{"GET /challenges/:id/integrity", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /challenges/:id/integrity/scan", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/integrity/groups/:gid", "unknown group", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 404}},
	{"GET /challenges/:id/integrity/log", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /challenges/:id/integrity/log", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	{"GET /search", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},

	// Pages: ideas. Anyone signed in submits, votes and comments in an open
	// call; only the author edits or withdraws; only an admin hides or merges.
	{"GET /challenges/:id/submit", "", azWant{toSignIn, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /challenges/:id/ideas", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"GET /ideas/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /ideas/:id", "hidden", azWant{404, 404, 200, 404, 404, 404, 200, 200}}, // its author and moderators see it
	{"GET /ideas/:id/edit", "", azWant{toSignIn, 403, 200, 403, 403, 403, 403, 403}},
	{"POST /ideas/:id", "", azWant{toSignIn, 403, 303, 403, 403, 403, 403, 403}},
	{"POST /ideas/:id/state", "withdraw", azWant{toSignIn, 403, 303, 403, 403, 403, 403, 403}},
	{"POST /ideas/:id/state", "hide", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /ideas/:id/vote", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /ideas/:id/comments", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /ideas/:id/follow", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /ideas/:id/merge", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /ideas/:id/intent", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /ideas/:id/production", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"GET /challenges/:id/demand", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}}, // voting open: admins only
	{"GET /challenges/:id/demand", "closed", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /challenges/:id/demand", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	// Boards (issue 17): engineers and admins answer a board post with a
	// public status; the roadmap is everyone's.
	{"POST /ideas/:id/status", "board", azWant{toSignIn, 403, 403, 403, 303, 303, 403, 303}},
	{"POST /ideas/:id/status", "", azWant{toSignIn, 403, 403, 403, 409, 409, 403, 409}}, // not a board: the page again, with the reason
	{"GET /roadmap", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /roadmap/feed.atom", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/status", "board", azWant{401, 403, 403, 403, 200, 200, 403, 200}},
	{"PUT /api/v1/ideas/:id/status", "", azWant{401, 403, 403, 403, 409, 409, 403, 409}},
	{"PUT /api/v1/ideas/:id/status", "hidden", azWant{401, 403, 403, 403, 404, 404, 403, 409}},
	{"PUT /api/v1/ideas/:id/status", "bad status", azWant{401, 403, 403, 403, 400, 400, 403, 400}},
	{"GET /api/v1/roadmap", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},

	// Pages: judging. The desk is the admin's; the queue and scorecards are
	// the judges' (an admin is not a judge unless granted the role).
	{"GET /challenges/:id/judging", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /challenges/:id/rubric", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/shortlist", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/judges", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/assignments", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"POST /challenges/:id/publish", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},
	{"GET /challenges/:id/scores.csv", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /challenges/:id/ideas.csv", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /challenges/:id/votes.csv", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /challenges/:id/results", "", azWant{404, 404, 404, 404, 404, 404, 404, 200}}, // unpublished
	{"GET /challenges/:id/results", "published", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /judging", "", azWant{toSignIn, 403, 403, 200, 403, 403, 403, 403}},
	{"GET /judging/challenges/:id/scores.csv", "", azWant{toSignIn, 403, 403, 200, 403, 403, 403, 403}}, // their own cards; admins have the whole export
	{"GET /judging/ideas/:id", "", azWant{toSignIn, 403, 403, 200, 403, 403, 403, 403}},
	{"POST /judging/ideas/:id", "", azWant{toSignIn, 403, 403, 303, 403, 403, 403, 403}},

	// Pages: projects. Managing is for the owner engineer and admins; any
	// signed-in person may apply to test; only accepted testers give feedback.
	{"GET /projects", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /projects/feed.atom", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /projects/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /projects/:id/feed.atom", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /projects/:id/move", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/owner", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}}, // handed to the other engineer
	{"POST /projects/:id/milestones", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/milestones/:mid", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/updates", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/updates/:upd/comments", "", azWant{toSignIn, 303, 303, 303, 303, 303, 303, 303}},
	{"POST /projects/:id/testers", "", azWant{toSignIn, 303, 303, 303, 303, 409, 303, 303}}, // the owner runs it: testers are fans (own_project)
	{"POST /projects/:id/testers/:uid", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/feedback", "", azWant{toSignIn, 403, 303, 403, 403, 403, 403, 403}},
	{"POST /projects/:id/feedback/:fid", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"POST /projects/:id/credits", "", azWant{toSignIn, 403, 403, 403, 403, 303, 403, 303}},
	{"GET /triage", "", azWant{toSignIn, 403, 403, 403, 200, 200, 403, 200}},
	{"POST /ideas/:id/project", "", azWant{toSignIn, 403, 403, 403, 303, 303, 403, 303}}, // an idea an admin picked
	{"POST /ideas/:id/decline", "", azWant{toSignIn, 403, 403, 403, 303, 303, 403, 303}},
	{"POST /ideas/:id/pick", "", azWant{toSignIn, 403, 403, 403, 403, 403, 403, 303}},

	// API: accounts.
	{"GET /api/v1/openapi.json", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/setup", "", azWant{409, 409, 409, 409, 409, 409, 409, 409}},
	{"POST /api/v1/users", "", azWant{201, 201, 201, 201, 201, 201, 201, 201}},
	{"POST /api/v1/tokens", "", azWant{201, 201, 201, 201, 201, 201, 201, 201}},
	{"GET /api/v1/me", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/me/tokens", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PATCH /api/v1/me", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PATCH /api/v1/me", "password", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"DELETE /api/v1/me/sessions", "", azWant{401, 204, 204, 204, 204, 204, 204, 204}},
	{"POST /api/v1/password/forgot", "", azWant{202, 202, 202, 202, 202, 202, 202, 202}},
	{"POST /api/v1/password/reset", "forged", azWant{400, 400, 400, 400, 400, 400, 400, 400}},
	{"DELETE /api/v1/me/tokens/:id", "", azWant{401, 204, 204, 204, 204, 204, 204, 204}},
	{"DELETE /api/v1/me/tokens/:id", "other", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	{"DELETE /api/v1/tokens/current", "", azWant{401, 204, 204, 204, 204, 204, 204, 204}},
	{"GET /api/v1/me/notifications", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/me/notifications/unread", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/me/notifications/read", "", azWant{401, 204, 204, 204, 204, 204, 204, 204}},
	{"PUT /api/v1/users/:id/roles", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"PUT /api/v1/users/:id/suspension", "", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
	{"POST /api/v1/me/verification", "", azWant{401, 202, 202, 409, 409, 409, 409, 409}}, // staff are confirmed (session 51)
	{"POST /api/v1/verify", "", azWant{200, 400, 400, 400, 400, 400, 400, 400}},          // a new account's link

	// API: reports and moderation.
	{"POST /api/v1/ideas/:id/reports", "", azWant{401, 201, 409, 201, 201, 201, 201, 201}},
	{"POST /api/v1/ideas/:id/reports", "hidden", azWant{401, 404, 409, 404, 404, 404, 201, 201}},
	{"POST /api/v1/ideas/:id/reports", "draft", azWant{401, 404, 404, 404, 404, 404, 404, 201}},
	{"POST /api/v1/ideas/:id/reports", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	{"POST /api/v1/ideas/:id/reports", "bad reason", azWant{401, 400, 400, 400, 400, 400, 400, 400}},
	{"POST /api/v1/comments/:id/reports", "", azWant{401, 201, 409, 201, 201, 201, 201, 201}},
	{"POST /api/v1/comments/:id/reports", "hidden", azWant{401, 404, 409, 404, 404, 404, 201, 201}}, // the comment hidden
	{"POST /api/v1/comments/:id/reports", "missing", azWant{401, 404, 404, 404, 404, 404, 404, 404}},
	{"GET /api/v1/moderation/queue", "", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
	{"GET /api/v1/moderation/log", "", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
	{"POST /api/v1/moderation/:type/:id", "", azWant{401, 403, 403, 403, 403, 403, 200, 200}},
	{"POST /api/v1/moderation/:type/:id", "unknown type", azWant{401, 403, 403, 403, 403, 403, 404, 404}},
	{"POST /api/v1/moderation/:type/:id/review", "", azWant{401, 404, 200, 404, 404, 404, 403, 403}}, // a hidden idea

	// API: challenges.
	{"POST /api/v1/challenges", "", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
	{"GET /api/v1/challenges", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	{"PATCH /api/v1/challenges/:id", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /api/v1/challenges/:id/phase", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/challenges/:id/my-votes", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id/my-votes", "draft", azWant{401, 404, 404, 404, 404, 404, 404, 200}},

	// API: ideas, votes, comments.
	{"POST /api/v1/challenges/:id/ideas", "", azWant{401, 201, 201, 201, 201, 201, 201, 201}},
	{"POST /api/v1/challenges/:id/ideas", "draft", azWant{401, 404, 404, 404, 404, 404, 404, 409}},
	{"POST /api/v1/challenges/:id/ideas", "design poll", azWant{401, 403, 403, 403, 403, 403, 403, 201}},
	{"GET /api/v1/challenges/:id/ideas", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id/ideas", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	{"GET /api/v1/ideas/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/ideas/:id", "hidden", azWant{404, 404, 200, 404, 404, 404, 200, 200}},
	{"GET /api/v1/ideas/:id", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},
	{"PATCH /api/v1/ideas/:id", "text", azWant{401, 403, 200, 403, 403, 403, 403, 403}},
	{"POST /api/v1/ideas/:id/images", "", azWant{401, 403, 200, 403, 403, 403, 403, 403}},
	{"PATCH /api/v1/ideas/:id", "withdraw", azWant{401, 403, 200, 403, 403, 403, 403, 403}},
	{"PATCH /api/v1/ideas/:id", "hide", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"PATCH /api/v1/ideas/:id", "restore", azWant{401, 404, 403, 404, 404, 404, 403, 200}}, // a hidden idea: its author and moderators see it, only admins edit it back
	{"PUT /api/v1/ideas/:id/vote", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/vote", "hidden", azWant{401, 404, 404, 404, 404, 404, 409, 409}}, // the vote's check reads no author
	{"PUT /api/v1/ideas/:id/vote", "draft", azWant{401, 404, 404, 404, 404, 404, 404, 409}},
	{"DELETE /api/v1/ideas/:id/vote", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/intent", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/intent", "closed", azWant{401, 409, 409, 409, 409, 409, 409, 409}},
	{"DELETE /api/v1/ideas/:id/intent", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/ideas/:id/production", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/challenges/:id/demand", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/challenges/:id/demand", "closed", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/follow", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"PUT /api/v1/ideas/:id/follow", "hidden", azWant{401, 404, 200, 404, 404, 404, 200, 200}},
	{"DELETE /api/v1/ideas/:id/follow", "", azWant{401, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/ideas/:id/comments", "", azWant{401, 201, 201, 201, 201, 201, 201, 201}},
	{"POST /api/v1/ideas/:id/comments", "hidden", azWant{401, 404, 404, 404, 404, 404, 404, 201}},
	{"GET /api/v1/ideas/:id/comments", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/ideas/:id/comments", "hidden", azWant{404, 404, 200, 404, 404, 404, 200, 200}},
	{"POST /api/v1/ideas/:id/merge", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/search", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id/similar", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id/similar", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},

	// API: judging.
	{"PUT /api/v1/challenges/:id/rubric", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/challenges/:id/rubric", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/challenges/:id/shortlist", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /api/v1/challenges/:id/judges", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"PUT /api/v1/challenges/:id/assignments/:judge_id/:idea_id", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"DELETE /api/v1/challenges/:id/assignments/:judge_id/:idea_id", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/judging/assignments", "", azWant{401, 403, 403, 200, 403, 403, 403, 403}},
	{"PUT /api/v1/ideas/:id/scorecard", "", azWant{401, 403, 403, 200, 403, 403, 403, 403}},
	{"PUT /api/v1/ideas/:id/scorecard", "unassigned", azWant{401, 403, 403, 403, 403, 403, 403, 403}},
	{"GET /api/v1/challenges/:id/results", "", azWant{404, 404, 404, 404, 404, 404, 404, 200}}, // unpublished
	{"GET /api/v1/challenges/:id/results", "published", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/challenges/:id/results/publish", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	// Vote integrity: the admin's; the public log is anyone's.
	{"POST /api/v1/challenges/:id/integrity/scan", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"GET /api/v1/challenges/:id/integrity", "", azWant{401, 403, 403, 403, 403, 403, 403, 200}},
	{"POST /api/v1/challenges/:id/integrity/groups/:gid", "unknown group", azWant{401, 403, 403, 403, 403, 403, 403, 404}},
	{"GET /api/v1/challenges/:id/integrity/log", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/challenges/:id/integrity/log", "draft", azWant{404, 404, 404, 404, 404, 404, 404, 200}},

	// API: projects.
	{"POST /api/v1/ideas/:id/project", "", azWant{401, 403, 403, 403, 201, 201, 403, 201}}, // an idea an admin picked
	{"POST /api/v1/ideas/:id/project", "not picked", azWant{401, 403, 403, 403, 409, 409, 403, 201}},
	{"GET /api/v1/projects", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"GET /api/v1/projects/:id", "", azWant{200, 200, 200, 200, 200, 200, 200, 200}},
	{"POST /api/v1/projects/:id/transitions", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
	{"PUT /api/v1/projects/:id/owner", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
	{"POST /api/v1/projects/:id/milestones", "", azWant{401, 403, 403, 403, 403, 201, 403, 201}},
	{"PUT /api/v1/projects/:id/milestones/:mid", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
	{"POST /api/v1/projects/:id/updates", "", azWant{401, 403, 403, 403, 403, 201, 403, 201}},
	{"POST /api/v1/projects/:id/testers", "", azWant{401, 201, 201, 201, 201, 409, 201, 201}}, // the owner runs it (own_project)
	{"PUT /api/v1/projects/:id/testers/:user_id", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
	{"PUT /api/v1/projects/:id/credits", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
	{"GET /api/v1/projects/:id/feedback", "", azWant{401, 403, 200, 403, 403, 200, 403, 200}}, // the owner side and the testers
	{"POST /api/v1/projects/:id/feedback", "", azWant{401, 403, 201, 403, 403, 403, 403, 403}},
	{"PUT /api/v1/projects/:id/feedback/:feedback_id", "", azWant{401, 403, 403, 403, 403, 200, 403, 200}},
}

// azReq is one request of a fixture: the concrete path and a body (a value
// sent as JSON to the API, url.Values posted as a form to a page).
type azReq struct {
	path string
	body any
	// token signs an API request instead of the user's usual token (a
	// visitor's request stays without one).
	token string
	// session is sent instead of the user's usual session cookie (a
	// visitor's request stays without one): for rows that end it.
	session *http.Cookie
	// renew: the row ends the user's other sessions and tokens, so they
	// sign in again afterwards for the rows that follow.
	renew bool
}

func azAPI(path string, body any) azReq { return azReq{path: path, body: body} }

// azPhoto is an API request's body sent as an app's multipart form of one
// photo, its file named images.
type azPhoto []byte

func azForm(path string, kv ...string) azReq {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return azReq{path: path, body: v}
}

func azGet(format string, a ...any) azReq { return azReq{path: fmt.Sprintf(format, a...)} }

// azFixture makes the request for one row in a scene, as user u. The
// situations (a row's variant):
//
//	""            an open challenge (submissions and voting open) with an idea
//	              by the author; judging rows: that idea shortlisted, with the
//	              judge assigned; project rows: that idea as a project of the
//	              owner, in the stage the route needs (fan test for testers)
//	"draft"       the challenge moved back to draft: none of its phases begun
//	"hidden"      the idea hidden by an admin
//	"published"   the challenge's results published
//	"design poll" a challenge where only the organiser posts the candidates
//	"unassigned"  a shortlisted idea the judge holds no assignment for
//	"not picked"  an idea that neither won nor was picked for triage
//	"text", "withdraw", "hide", "restore"
//	              the change an edit of an idea asks for
type azFixture func(s *azScene, u *azUser) azReq

var azFixtures = map[string]azFixture{
	"GET /":          func(s *azScene, u *azUser) azReq { return azGet("/") },
	"GET /feed.atom": func(s *azScene, u *azUser) azReq { s.challenge(); return azGet("/feed.atom") },
	"GET /setup":     func(s *azScene, u *azUser) azReq { return azGet("/setup") },
	"GET /signup":    func(s *azScene, u *azUser) azReq { return azGet("/signup") },
	"GET /signin":    func(s *azScene, u *azUser) azReq { return azGet("/signin") },
	"GET /search":    func(s *azScene, u *azUser) azReq { s.idea(); return azGet("/search?q=drum") },
	"GET /triage":    func(s *azScene, u *azUser) azReq { s.picked(); return azGet("/triage") },
	"GET /judging":   func(s *azScene, u *azUser) azReq { s.shortlisted(); return azGet("/judging") },
	"GET /judging/challenges/:id/scores.csv": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azGet("/judging/challenges/%d/scores.csv", s.challenge())
	},
	"POST /setup": func(s *azScene, u *azUser) azReq {
		return azForm("/setup", "email", s.w.newEmail(), "name", "second admin", "password", "admin-password")
	},
	// Signing up or in ends the session the browser held, and signing out
	// ends its own: they are sent with a session of their own.
	"POST /signup": func(s *azScene, u *azUser) azReq {
		r := azForm("/signup", "email", s.w.newEmail(), "name", "newcomer", "password", "fan-password", "next", "/")
		r.session = s.w.freshSession(u)
		return r
	},
	"POST /signin": func(s *azScene, u *azUser) azReq {
		who := s.w.known(u)
		r := azForm("/signin", "email", who.email, "password", who.password)
		r.session = s.w.freshSession(u)
		return r
	},
	"POST /signout": func(s *azScene, u *azUser) azReq {
		r := azForm("/signout")
		r.session = s.w.freshSession(u)
		return r
	},
	"GET /password/forgot": func(s *azScene, u *azUser) azReq { return azGet("/password/forgot") },
	"POST /password/forgot": func(s *azScene, u *azUser) azReq {
		return azForm("/password/forgot", "email", s.w.known(u).email)
	},
	"GET /password/reset":        func(s *azScene, u *azUser) azReq { return azGet("/password/reset") },
	"GET /password/reset#forged": func(s *azScene, u *azUser) azReq { return azGet("/password/reset?token=1.00ff") },
	"POST /password/reset#forged": func(s *azScene, u *azUser) azReq {
		return azForm("/password/reset", "token", "1.00ff", "password", "new-password")
	},
	"POST /api/v1/password/forgot": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/password/forgot", map[string]string{"email": s.w.known(u).email})
	},
	"POST /api/v1/password/reset#forged": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/password/reset", map[string]string{"token": "1.00ff", "password": "new-password"})
	},
	"POST /settings/name": func(s *azScene, u *azUser) azReq { return azForm("/settings/name", "name", "renamed") },
	"POST /settings/password": func(s *azScene, u *azUser) azReq {
		who := s.w.known(u)
		r := azForm("/settings/password", "current_password", who.password, "password", who.password)
		r.renew = true
		return r
	},
	"POST /settings/address": func(s *azScene, u *azUser) azReq {
		who := s.w.known(u)
		return azForm("/settings/address", "email", who.email, "current_password", who.password)
	},
	"POST /settings/sessions/end": func(s *azScene, u *azUser) azReq {
		r := azForm("/settings/sessions/end")
		r.renew = true
		return r
	},
	"POST /lang":    func(s *azScene, u *azUser) azReq { return azForm("/lang", "lang", "en", "next", "/") },
	"GET /settings": func(s *azScene, u *azUser) azReq { return azGet("/settings") },
	"POST /settings/tokens": func(s *azScene, u *azUser) azReq {
		return azForm("/settings/tokens", "name", "laptop", "current_password", s.w.known(u).password)
	},
	"GET /notifications":       func(s *azScene, u *azUser) azReq { return azGet("/notifications") },
	"POST /notifications/read": func(s *azScene, u *azUser) azReq { return azForm("/notifications/read") },
	"POST /settings/tokens/:id/revoke": func(s *azScene, u *azUser) azReq {
		_, id := s.freshToken(u)
		return azForm(fmt.Sprintf("/settings/tokens/%d/revoke", id))
	},
	"POST /settings/email": func(s *azScene, u *azUser) azReq { return azForm("/settings/email", "email_notices", "on") },
	"GET /unsubscribe":     func(s *azScene, u *azUser) azReq { return azGet("%s", s.unsubscribeLink(true)) },
	"GET /unsubscribe#forged": func(s *azScene, u *azUser) azReq {
		return azGet("%s", s.unsubscribeLink(false))
	},
	"POST /unsubscribe": func(s *azScene, u *azUser) azReq {
		return azForm(s.unsubscribeLink(true), "List-Unsubscribe", "One-Click")
	},
	"POST /unsubscribe#forged": func(s *azScene, u *azUser) azReq {
		return azForm(s.unsubscribeLink(false), "List-Unsubscribe", "One-Click")
	},
	"POST /settings/tokens/:id/revoke#other": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/settings/tokens/%d/revoke", s.targetToken()))
	},
	"GET /admin/users": func(s *azScene, u *azUser) azReq { return azGet("/admin/users") },
	"POST /ideas/:id/reports": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/reports", s.idea()), "reason", "spam", "note", "ads")
	},
	"POST /comments/:id/reports": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/comments/%d/reports", s.comment()), "reason", "abuse")
	},
	"GET /moderation": func(s *azScene, u *azUser) azReq {
		s.reported()
		return azGet("/moderation")
	},
	"POST /moderation/:type/:id": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/moderation/idea/%d", s.reported()), "action", "hide", "reason", "spam")
	},
	"POST /moderation/:type/:id/review": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/moderation/idea/%d/review", s.hidden()), "note", "not spam")
	},
	"POST /api/v1/ideas/:id/reports": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/reports", s.idea()), map[string]string{"reason": "spam", "note": "ads"})
	},
	"POST /api/v1/ideas/:id/reports#hidden": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/reports", s.hidden()), map[string]string{"reason": "spam"})
	},
	"POST /api/v1/ideas/:id/reports#draft": func(s *azScene, u *azUser) azReq {
		s.draft()
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/reports", s.ideaID), map[string]string{"reason": "spam"})
	},
	"POST /api/v1/ideas/:id/reports#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/ideas/999999/reports", map[string]string{"reason": "spam"})
	},
	"POST /api/v1/ideas/:id/reports#bad reason": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/reports", s.idea()), map[string]string{"reason": "boring"})
	},
	"POST /api/v1/comments/:id/reports": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/comments/%d/reports", s.comment()), map[string]string{"reason": "abuse"})
	},
	"POST /api/v1/comments/:id/reports#hidden": func(s *azScene, u *azUser) azReq {
		id := s.comment()
		s.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", id), map[string]string{"action": "hide", "reason": "abuse"}, 200)
		return azAPI(fmt.Sprintf("/api/v1/comments/%d/reports", id), map[string]string{"reason": "abuse"})
	},
	"POST /api/v1/comments/:id/reports#missing": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/comments/999999/reports", map[string]string{"reason": "spam"})
	},
	"GET /api/v1/moderation/queue": func(s *azScene, u *azUser) azReq {
		s.reported()
		return azGet("/api/v1/moderation/queue")
	},
	"GET /api/v1/moderation/log": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/moderation/log") },
	"POST /api/v1/moderation/:type/:id": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/moderation/idea/%d", s.reported()), map[string]string{"action": "dismiss", "reason": "fine"})
	},
	"POST /api/v1/moderation/:type/:id#unknown type": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/moderation/project/%d", s.idea()), map[string]string{"action": "hide", "reason": "x"})
	},
	"POST /api/v1/moderation/:type/:id/review": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/moderation/idea/%d/review", s.hidden()), map[string]string{"note": "not spam"})
	},
	"POST /admin/users/:id/suspension": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/admin/users/%d/suspension", s.newcomer()), "suspended", "true", "reason", "spam")
	},
	"GET /verify": func(s *azScene, u *azUser) azReq {
		return azGet("/verify?token=%s", s.verifyToken(s.w.known(u).email))
	},
	"GET /verify#other": func(s *azScene, u *azUser) azReq {
		return azGet("/verify?token=%s", s.verifyToken(s.w.newcomer()))
	},
	"POST /verify": func(s *azScene, u *azUser) azReq {
		return azForm("/verify", "token", s.verifyToken(s.w.newcomer()))
	},
	"POST /settings/verification": func(s *azScene, u *azUser) azReq {
		s.w.h.advance(2 * time.Minute) // past the wait between two emails
		return azForm("/settings/verification", "next", "/settings")
	},
	"PUT /api/v1/users/:id/suspension": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/users/%d/suspension", s.newcomer()), map[string]any{"suspended": true, "reason": "spam"})
	},
	"POST /api/v1/me/verification": func(s *azScene, u *azUser) azReq {
		s.w.h.advance(2 * time.Minute)
		return azAPI("/api/v1/me/verification", nil)
	},
	"POST /api/v1/verify": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/verify", map[string]string{"token": s.verifyToken(s.w.newcomer())})
	},
	"POST /admin/users/:id/roles": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/admin/users/%d/roles", s.w.target), "roles", "judge")
	},

	"GET /challenges/new": func(s *azScene, u *azUser) azReq { return azGet("/challenges/new") },
	"POST /challenges":    func(s *azScene, u *azUser) azReq { return azChallengeForm("/challenges") },
	"GET /challenges/:id": func(s *azScene, u *azUser) azReq { return azGet("/challenges/%d", s.challenge()) },
	"GET /challenges/:id#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d", s.draft())
	},
	"GET /challenges/:id/edit": func(s *azScene, u *azUser) azReq { return azGet("/challenges/%d/edit", s.challenge()) },
	"POST /challenges/:id": func(s *azScene, u *azUser) azReq {
		return azChallengeForm(fmt.Sprintf("/challenges/%d", s.challenge()))
	},
	"POST /challenges/:id/phase": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/phase", s.challenge()), "move", "close_submissions")
	},
	"GET /challenges/:id/feed.atom": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/feed.atom", s.challenge())
	},
	"GET /challenges/:id/integrity": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/integrity", s.challenge())
	},
	"POST /challenges/:id/integrity/scan": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/integrity/scan", s.challenge()))
	},
	"POST /challenges/:id/integrity/groups/:gid#unknown group": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/integrity/groups/999999", s.challenge()), "action", "clear")
	},
	"GET /challenges/:id/integrity/log": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/integrity/log", s.challenge())
	},
	"GET /challenges/:id/integrity/log#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/integrity/log", s.draft())
	},
	"GET /replies": func(s *azScene, u *azUser) azReq { s.idea(); return azGet("/replies") },
	"GET /challenges/:id/replies": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/replies", s.challenge())
	},

	"GET /challenges/:id/submit": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/submit", s.challenge())
	},
	"POST /challenges/:id/ideas": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/ideas", s.challenge()), "title", "Self-cleaning drum", "summary", "s", "body", "b", "tags", "drum, 洗衣机")
	},
	"GET /ideas/:id":        func(s *azScene, u *azUser) azReq { return azGet("/ideas/%d", s.idea()) },
	"GET /ideas/:id#hidden": func(s *azScene, u *azUser) azReq { return azGet("/ideas/%d", s.hidden()) },
	"GET /ideas/:id/edit":   func(s *azScene, u *azUser) azReq { return azGet("/ideas/%d/edit", s.idea()) },
	"POST /ideas/:id": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d", s.idea()), "title", "A better drum", "summary", "s", "body", "b", "tags", "drum")
	},
	"POST /ideas/:id/state#withdraw": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/state", s.idea()), "state", "withdrawn", "reason", "changed my mind")
	},
	"POST /ideas/:id/state#hide": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/state", s.idea()), "state", "hidden", "reason", "spam")
	},
	"POST /ideas/:id/vote": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/vote", s.idea()), "vote", "1", "next", "/")
	},
	"POST /ideas/:id/comments": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/comments", s.idea()), "body", "好主意 good idea")
	},
	"POST /ideas/:id/follow": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/follow", s.idea()), "follow", "1")
	},
	"POST /ideas/:id/intent": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/intent", s.design()), "quantity", "2", "option.size", "M", "max_price", "199")
	},
	"POST /ideas/:id/production": func(s *azScene, u *azUser) azReq {
		id := s.design()
		s.closeBuyPoll() // a design goes into production once its vote is over
		return azForm(fmt.Sprintf("/ideas/%d/production", id))
	},
	"GET /challenges/:id/demand": func(s *azScene, u *azUser) azReq {
		s.design()
		return azGet("/challenges/%d/demand", s.buyPollID)
	},
	"GET /challenges/:id/demand#closed": func(s *azScene, u *azUser) azReq {
		s.design()
		s.closeBuyPoll()
		return azGet("/challenges/%d/demand", s.buyPollID)
	},
	"GET /challenges/:id/demand#draft": func(s *azScene, u *azUser) azReq {
		s.design()
		now := s.w.h.clock()
		s.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", s.buyPollID), map[string]any{
			"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
			"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour),
		}, 200)
		return azGet("/challenges/%d/demand", s.buyPollID)
	},
	"POST /ideas/:id/status#board": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/status", s.boardPost()), "status", "planned", "response", "下个版本")
	},
	"POST /ideas/:id/status": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/status", s.idea()), "status", "planned", "response", "x")
	},
	"GET /roadmap":           func(s *azScene, u *azUser) azReq { s.boardPost(); return azGet("/roadmap") },
	"GET /roadmap/feed.atom": func(s *azScene, u *azUser) azReq { s.boardPost(); return azGet("/roadmap/feed.atom") },
	"GET /api/v1/roadmap":    func(s *azScene, u *azUser) azReq { s.boardPost(); return azGet("/api/v1/roadmap") },
	"PUT /api/v1/ideas/:id/status#board": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/status", s.boardPost()), map[string]string{"status": "planned", "response": "下个版本"})
	},
	"PUT /api/v1/ideas/:id/status": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/status", s.idea()), map[string]string{"status": "planned"})
	},
	"PUT /api/v1/ideas/:id/status#hidden": func(s *azScene, u *azUser) azReq {
		id := s.boardPost()
		if !s.isHidden {
			s.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id), map[string]string{"state": "hidden", "reason": "spam"}, 200)
			s.isHidden = true
		}
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/status", id), map[string]string{"status": "planned"})
	},
	"PUT /api/v1/ideas/:id/status#bad status": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/status", s.boardPost()), map[string]string{"status": "shipped"})
	},
	"POST /ideas/:id/merge": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/merge", s.idea()), "into", fmt.Sprint(s.idea2()), "reason", "duplicate")
	},

	"GET /challenges/:id/judging": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/judging", s.challenge())
	},
	"POST /challenges/:id/rubric": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/rubric", s.challenge()), "crowd_weight", "0.3",
			"key", "novelty", "name", "Novelty", "weight", "1", "min", "0", "max", "10")
	},
	"POST /challenges/:id/shortlist": func(s *azScene, u *azUser) azReq {
		s.idea()
		return azForm(fmt.Sprintf("/challenges/%d/shortlist", s.challenge()), "top", "1")
	},
	"POST /challenges/:id/judges": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azForm(fmt.Sprintf("/challenges/%d/judges", s.challenge()), "judges", fmt.Sprint(s.w.users[azJudge].id), "per_idea", "1")
	},
	"POST /challenges/:id/assignments": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/challenges/%d/assignments", s.challenge()), "judge_id", fmt.Sprint(s.w.users[azJudge].id),
			"idea_id", fmt.Sprint(s.unassigned()), "assign", "1")
	},
	"POST /challenges/:id/publish": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azForm(fmt.Sprintf("/challenges/%d/publish", s.challenge()))
	},
	"GET /challenges/:id/votes.csv": func(s *azScene, u *azUser) azReq {
		s.idea()
		return azGet("/challenges/%d/votes.csv", s.challenge())
	},
	"GET /challenges/:id/ideas.csv": func(s *azScene, u *azUser) azReq {
		return azGet("/challenges/%d/ideas.csv", s.challenge())
	},
	"GET /challenges/:id/scores.csv": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azGet("/challenges/%d/scores.csv", s.challenge())
	},
	"GET /challenges/:id/results": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azGet("/challenges/%d/results", s.challenge())
	},
	"GET /challenges/:id/results#published": func(s *azScene, u *azUser) azReq {
		s.published()
		return azGet("/challenges/%d/results", s.challenge())
	},
	"GET /judging/ideas/:id": func(s *azScene, u *azUser) azReq { return azGet("/judging/ideas/%d", s.shortlisted()) },
	"POST /judging/ideas/:id": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/judging/ideas/%d", s.shortlisted()), "score_novelty", "7", "comment", "solid")
	},

	"GET /projects":               func(s *azScene, u *azUser) azReq { s.project(); return azGet("/projects") },
	"GET /projects/feed.atom":     func(s *azScene, u *azUser) azReq { s.project(); return azGet("/projects/feed.atom") },
	"GET /projects/:id":           func(s *azScene, u *azUser) azReq { return azGet("/projects/%d", s.project()) },
	"GET /projects/:id/feed.atom": func(s *azScene, u *azUser) azReq { return azGet("/projects/%d/feed.atom", s.project()) },
	"POST /projects/:id/move": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/move", s.project()), "to", "accepted", "note", "go")
	},
	"POST /projects/:id/owner": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/owner", s.project()), "owner_id", itoa(int64(s.w.users[azEngineer].id)))
	},
	"POST /projects/:id/milestones": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/milestones", s.project()), "title", "First prototype", "due_at", "2026-12-20")
	},
	"POST /projects/:id/milestones/:mid": func(s *azScene, u *azUser) azReq {
		mid := s.milestone()
		return azForm(fmt.Sprintf("/projects/%d/milestones/%d", s.pid, mid), "done", "1")
	},
	"POST /projects/:id/updates": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/updates", s.project()), "body", "The motor arrived.")
	},
	"POST /projects/:id/updates/:upd/comments": func(s *azScene, u *azUser) azReq {
		tl := s.api("GET", fmt.Sprintf("/api/v1/projects/%d", s.project()), nil, 200).JSON["timeline"].([]any)
		return azForm(fmt.Sprintf("/projects/%d/updates/%d/comments", s.pid, num(tl[0].(map[string]any), "id")), "body", "Looks sturdy.")
	},
	"POST /projects/:id/testers": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/testers", s.fanTest()), "motivation", "I wash every day")
	},
	"POST /projects/:id/testers/:uid": func(s *azScene, u *azUser) azReq {
		s.applied()
		return azForm(fmt.Sprintf("/projects/%d/testers/%d", s.pid, s.w.users[azAuthor].id), "accepted", "1")
	},
	"POST /projects/:id/feedback": func(s *azScene, u *azUser) azReq {
		s.tester()
		return azForm(fmt.Sprintf("/projects/%d/feedback", s.pid), "rating", "4", "body", "Quiet and clean.")
	},
	"POST /projects/:id/feedback/:fid": func(s *azScene, u *azUser) azReq {
		fid := s.feedback()
		return azForm(fmt.Sprintf("/projects/%d/feedback/%d", s.pid, fid), "addressed", "1", "reply", "Fixed in v2.")
	},
	"POST /projects/:id/credits": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/projects/%d/credits", s.project()), "credits", fmt.Sprintf("%d inventor", s.w.users[azAuthor].id))
	},
	"POST /ideas/:id/project": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/project", s.picked()), "owner_id", fmt.Sprint(s.w.users[azOwner].id))
	},
	"POST /ideas/:id/decline": func(s *azScene, u *azUser) azReq {
		return azForm(fmt.Sprintf("/ideas/%d/decline", s.picked()), "reason", "Too costly for now.")
	},
	"POST /ideas/:id/pick": func(s *azScene, u *azUser) azReq { return azForm(fmt.Sprintf("/ideas/%d/pick", s.idea())) },

	"GET /api/v1/openapi.json": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/openapi.json") },
	"POST /api/v1/setup": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/setup", map[string]string{"email": s.w.newEmail(), "name": "second admin", "password": "admin-password"})
	},
	"POST /api/v1/users": func(s *azScene, u *azUser) azReq {
		return azAPI("/api/v1/users", map[string]string{"email": s.w.newEmail(), "name": "newcomer", "password": "fan-password"})
	},
	"POST /api/v1/tokens": func(s *azScene, u *azUser) azReq {
		who := s.w.known(u)
		return azAPI("/api/v1/tokens", map[string]string{"email": who.email, "password": who.password, "name": "script"})
	},
	"GET /api/v1/me":        func(s *azScene, u *azUser) azReq { return azGet("/api/v1/me") },
	"GET /api/v1/me/tokens": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/me/tokens") },
	"PATCH /api/v1/me":      func(s *azScene, u *azUser) azReq { return azAPI("/api/v1/me", map[string]bool{"email_notices": true}) },
	"PATCH /api/v1/me#password": func(s *azScene, u *azUser) azReq {
		who := s.w.known(u)
		r := azAPI("/api/v1/me", map[string]string{"current_password": who.password, "password": who.password})
		r.renew = true
		return r
	},
	"DELETE /api/v1/me/sessions": func(s *azScene, u *azUser) azReq {
		return azReq{path: "/api/v1/me/sessions", renew: true}
	},
	"DELETE /api/v1/me/tokens/:id": func(s *azScene, u *azUser) azReq {
		_, id := s.freshToken(u)
		return azGet("/api/v1/me/tokens/%d", id)
	},
	"DELETE /api/v1/me/tokens/:id#other": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/me/tokens/%d", s.targetToken())
	},
	// Signed with a token of its own, so that the user's usual token
	// survives for the rows after this one.
	"DELETE /api/v1/tokens/current": func(s *azScene, u *azUser) azReq {
		tok, _ := s.freshToken(u)
		return azReq{path: "/api/v1/tokens/current", token: tok}
	},
	"GET /api/v1/me/notifications":        func(s *azScene, u *azUser) azReq { return azGet("/api/v1/me/notifications") },
	"GET /api/v1/me/notifications/unread": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/me/notifications/unread") },
	"POST /api/v1/me/notifications/read":  func(s *azScene, u *azUser) azReq { return azAPI("/api/v1/me/notifications/read", nil) },
	"PUT /api/v1/users/:id/roles": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/users/%d/roles", s.w.target), map[string]any{"roles": []string{"judge"}})
	},

	"POST /api/v1/challenges":    func(s *azScene, u *azUser) azReq { return azAPI("/api/v1/challenges", s.w.challengeBody(nil)) },
	"GET /api/v1/challenges":     func(s *azScene, u *azUser) azReq { s.challenge(); return azGet("/api/v1/challenges") },
	"GET /api/v1/challenges/:id": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/challenges/%d", s.challenge()) },
	"GET /api/v1/challenges/:id/my-votes": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/my-votes?ids=%d", s.challenge(), s.idea())
	},
	"GET /api/v1/challenges/:id#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d", s.draft())
	},
	"GET /api/v1/challenges/:id/my-votes#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/my-votes", s.draft())
	},
	"POST /api/v1/challenges/:id/phase": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/phase", s.challenge()), map[string]any{"move": "open_voting"})
	},
	"PATCH /api/v1/challenges/:id": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d", s.challenge()), map[string]any{"title": "Renamed", "shortlist_size": 5})
	},

	"POST /api/v1/challenges/:id/ideas": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/ideas", s.challenge()), azIdeaBody())
	},
	"POST /api/v1/challenges/:id/ideas#draft": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/ideas", s.draft()), azIdeaBody())
	},
	"POST /api/v1/challenges/:id/ideas#design poll": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/ideas", s.designPoll()), azIdeaBody())
	},
	"GET /api/v1/challenges/:id/ideas": func(s *azScene, u *azUser) azReq {
		s.idea()
		return azGet("/api/v1/challenges/%d/ideas?sort=top", s.challenge())
	},
	"GET /api/v1/challenges/:id/ideas#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/ideas", s.draft())
	},
	"GET /api/v1/ideas/:id":        func(s *azScene, u *azUser) azReq { return azGet("/api/v1/ideas/%d", s.idea()) },
	"GET /api/v1/ideas/:id#hidden": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/ideas/%d", s.hidden()) },
	"GET /api/v1/ideas/:id#draft": func(s *azScene, u *azUser) azReq {
		s.draft()
		return azGet("/api/v1/ideas/%d", s.ideaID)
	},
	"POST /api/v1/ideas/:id/images": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/images", s.idea()), azPhoto(imagetest.JPEG(imagetest.Quadrants(64, 48), 80)))
	},
	"PATCH /api/v1/ideas/:id#text": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d", s.idea()), map[string]any{"title": "A better drum", "tags": []string{"drum"}})
	},
	"PATCH /api/v1/ideas/:id#withdraw": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d", s.idea()), map[string]any{"state": "withdrawn"})
	},
	"PATCH /api/v1/ideas/:id#hide": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d", s.idea()), map[string]any{"state": "hidden", "reason": "spam"})
	},
	"PATCH /api/v1/ideas/:id#restore": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d", s.hidden()), map[string]any{"state": "submitted", "reason": "not spam after all"})
	},
	"PUT /api/v1/ideas/:id/vote":        func(s *azScene, u *azUser) azReq { return azAPI(fmt.Sprintf("/api/v1/ideas/%d/vote", s.idea()), nil) },
	"PUT /api/v1/ideas/:id/vote#hidden": func(s *azScene, u *azUser) azReq { return azAPI(fmt.Sprintf("/api/v1/ideas/%d/vote", s.hidden()), nil) },
	"PUT /api/v1/ideas/:id/vote#draft": func(s *azScene, u *azUser) azReq {
		s.draft()
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/vote", s.ideaID), nil)
	},
	"DELETE /api/v1/ideas/:id/vote": func(s *azScene, u *azUser) azReq {
		// Everyone has voted first, so the request really withdraws a vote.
		id := s.idea()
		if u.token != "" {
			s.w.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), u.token, nil).must(s.w.t, 200)
		}
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/vote", id), nil)
	},
	"PUT /api/v1/ideas/:id/intent": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/intent", s.design()), azIntent())
	},
	"PUT /api/v1/ideas/:id/intent#closed": func(s *azScene, u *azUser) azReq {
		id := s.design()
		s.closeBuyPoll()
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/intent", id), azIntent())
	},
	"DELETE /api/v1/ideas/:id/intent": func(s *azScene, u *azUser) azReq {
		// Everyone says it first, so the request really takes it back.
		id := s.design()
		if u.token != "" {
			s.w.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/intent", id), u.token, azIntent()).must(s.w.t, 200)
		}
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/intent", id), nil)
	},
	"POST /api/v1/ideas/:id/production": func(s *azScene, u *azUser) azReq {
		id := s.design()
		s.closeBuyPoll() // a design goes into production once its vote is over
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/production", id), nil)
	},
	"GET /api/v1/challenges/:id/demand": func(s *azScene, u *azUser) azReq {
		s.design()
		return azGet("/api/v1/challenges/%d/demand", s.buyPollID)
	},
	"GET /api/v1/challenges/:id/demand#closed": func(s *azScene, u *azUser) azReq {
		s.design()
		s.closeBuyPoll()
		return azGet("/api/v1/challenges/%d/demand", s.buyPollID)
	},
	"PUT /api/v1/ideas/:id/follow": func(s *azScene, u *azUser) azReq { return azAPI(fmt.Sprintf("/api/v1/ideas/%d/follow", s.idea()), nil) },
	"PUT /api/v1/ideas/:id/follow#hidden": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/follow", s.hidden()), nil)
	},
	"DELETE /api/v1/ideas/:id/follow": func(s *azScene, u *azUser) azReq {
		// Everyone follows first, so the request really stops following.
		id := s.idea()
		if u.token != "" {
			s.w.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", id), u.token, nil).must(s.w.t, 200)
		}
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/follow", id), nil)
	},
	"POST /api/v1/ideas/:id/comments": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/comments", s.idea()), map[string]string{"body": "好主意 good idea"})
	},
	"POST /api/v1/ideas/:id/comments#hidden": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/comments", s.hidden()), map[string]string{"body": "still here?"})
	},
	"GET /api/v1/ideas/:id/comments":        func(s *azScene, u *azUser) azReq { return azGet("/api/v1/ideas/%d/comments", s.idea()) },
	"GET /api/v1/ideas/:id/comments#hidden": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/ideas/%d/comments", s.hidden()) },
	"POST /api/v1/ideas/:id/merge": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/merge", s.idea()), map[string]any{"into": s.idea2(), "reason": "duplicate"})
	},
	"GET /api/v1/search": func(s *azScene, u *azUser) azReq { s.idea(); return azGet("/api/v1/search?type=all&q=drum") },
	"GET /api/v1/challenges/:id/similar": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/similar?text=drum", s.challenge())
	},
	"GET /api/v1/challenges/:id/similar#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/similar?text=drum", s.draft())
	},

	"PUT /api/v1/challenges/:id/rubric": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/rubric", s.challenge()), azRubricBody())
	},
	"GET /api/v1/challenges/:id/rubric": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/rubric", s.challenge())
	},
	"POST /api/v1/challenges/:id/shortlist": func(s *azScene, u *azUser) azReq {
		s.idea()
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/shortlist", s.challenge()), map[string]any{"top": 1})
	},
	"POST /api/v1/challenges/:id/judges": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/judges", s.cid), map[string]any{"user_ids": []int{s.w.users[azJudge].id}, "per_idea": 1})
	},
	"PUT /api/v1/challenges/:id/assignments/:judge_id/:idea_id": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", s.challenge(), s.w.users[azJudge].id, s.unassigned()), nil)
	},
	"DELETE /api/v1/challenges/:id/assignments/:judge_id/:idea_id": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/assignments/%d/%d", s.challenge(), s.w.users[azJudge].id, s.shortlisted()), nil)
	},
	"GET /api/v1/judging/assignments": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azGet("/api/v1/judging/assignments")
	},
	"PUT /api/v1/ideas/:id/scorecard": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/scorecard", s.shortlisted()), azScoreBody())
	},
	"PUT /api/v1/ideas/:id/scorecard#unassigned": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/scorecard", s.unassigned()), azScoreBody())
	},
	"POST /api/v1/challenges/:id/integrity/scan": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/integrity/scan", s.challenge()), nil)
	},
	"GET /api/v1/challenges/:id/integrity": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/integrity", s.challenge())
	},
	"POST /api/v1/challenges/:id/integrity/groups/:gid#unknown group": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/integrity/groups/999999", s.challenge()), map[string]string{"action": "clear"})
	},
	"GET /api/v1/challenges/:id/integrity/log": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/integrity/log", s.challenge())
	},
	"GET /api/v1/challenges/:id/integrity/log#draft": func(s *azScene, u *azUser) azReq {
		return azGet("/api/v1/challenges/%d/integrity/log", s.draft())
	},
	"GET /api/v1/challenges/:id/results": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azGet("/api/v1/challenges/%d/results", s.cid)
	},
	"GET /api/v1/challenges/:id/results#published": func(s *azScene, u *azUser) azReq {
		s.published()
		return azGet("/api/v1/challenges/%d/results", s.cid)
	},
	"POST /api/v1/challenges/:id/results/publish": func(s *azScene, u *azUser) azReq {
		s.shortlisted()
		return azAPI(fmt.Sprintf("/api/v1/challenges/%d/results/publish", s.cid), nil)
	},

	"POST /api/v1/ideas/:id/project": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/project", s.picked()), map[string]any{"owner_id": s.w.users[azOwner].id})
	},
	"POST /api/v1/ideas/:id/project#not picked": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/ideas/%d/project", s.idea()), map[string]any{"owner_id": s.w.users[azOwner].id})
	},
	"GET /api/v1/projects":     func(s *azScene, u *azUser) azReq { s.project(); return azGet("/api/v1/projects") },
	"GET /api/v1/projects/:id": func(s *azScene, u *azUser) azReq { return azGet("/api/v1/projects/%d", s.project()) },
	"POST /api/v1/projects/:id/transitions": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/transitions", s.project()), map[string]string{"to": "accepted", "note": "go"})
	},
	"PUT /api/v1/projects/:id/owner": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/owner", s.project()), map[string]any{"owner_id": s.w.users[azEngineer].id})
	},
	"PUT /api/v1/projects/:id/milestones/:mid": func(s *azScene, u *azUser) azReq {
		mid := s.milestone()
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/milestones/%d", s.pid, mid), map[string]bool{"done": true})
	},
	"POST /api/v1/projects/:id/milestones": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/milestones", s.project()), map[string]any{"title": "First prototype", "due_at": "2026-12-20T18:00:00Z"})
	},
	"POST /api/v1/projects/:id/updates": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/updates", s.project()), map[string]string{"body": "The motor arrived."})
	},
	"POST /api/v1/projects/:id/testers": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/testers", s.fanTest()), map[string]string{"motivation": "I wash every day"})
	},
	"PUT /api/v1/projects/:id/credits": func(s *azScene, u *azUser) azReq {
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/credits", s.project()), map[string]any{"credits": []map[string]any{{"user_id": s.w.users[azAuthor].id, "role": "idea"}}})
	},
	"PUT /api/v1/projects/:id/testers/:user_id": func(s *azScene, u *azUser) azReq {
		s.applied()
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/testers/%d", s.pid, s.w.users[azAuthor].id), map[string]bool{"accepted": true})
	},
	"GET /api/v1/projects/:id/feedback": func(s *azScene, u *azUser) azReq {
		s.feedback()
		return azGet("/api/v1/projects/%d/feedback", s.pid)
	},
	"POST /api/v1/projects/:id/feedback": func(s *azScene, u *azUser) azReq {
		s.tester()
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/feedback", s.pid), map[string]any{"rating": 4, "body": "Quiet and clean."})
	},
	"PUT /api/v1/projects/:id/feedback/:feedback_id": func(s *azScene, u *azUser) azReq {
		fid := s.feedback()
		return azAPI(fmt.Sprintf("/api/v1/projects/%d/feedback/%d", s.pid, fid), map[string]any{"addressed": true, "reply": "Fixed in v2."})
	},
}

func azIdeaBody() map[string]any {
	return map[string]any{"title": "Self-cleaning drum", "summary": "s", "body": "b", "tags": []string{"drum"}}
}

func azRubricBody() map[string]any {
	return map[string]any{
		"criteria":     []map[string]any{{"key": "novelty", "name": "Novelty", "weight": 1, "min": 0, "max": 10}},
		"crowd_weight": 0.3, "blind": true,
	}
}

func azScoreBody() map[string]any {
	return map[string]any{"scores": map[string]float64{"novelty": 7}, "comment": "solid"}
}

func azChallengeForm(path string) azReq {
	return azForm(path, "title", "Quieter dryers", "brief", "**Tell us**", "kind", "open_call",
		"submissions_open_at", "2026-11-24T09:00", "submissions_close_at", "2026-12-24T09:00",
		"voting_open_at", "2026-11-24T09:00", "voting_close_at", "2026-12-30T09:00",
		"ideas_per_fan", "3", "vote_budget", "", "shortlist_size", "5", "winners", "2")
}

// azUser is one person of the matrix, with both kinds of credentials.
type azUser struct {
	role            azRole
	email, password string
	id              int
	token           string       // bearer token, for the API
	session         *http.Cookie // signed-in session cookie, for pages
	csrf            string       // the _csrf cookie value, which forms echo back
}

// azWorld is the server and its people; scenes are made in it on demand.
type azWorld struct {
	t      *testing.T
	h      *harness
	users  [azRoles]*azUser
	target int // a throwaway account whose roles the admin may change
	seq    int
	client *http.Client
}

func newAZWorld(t *testing.T) *azWorld {
	h := newHarness(t)
	w := &azWorld{t: t, h: h, client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	adminToken := h.setup()
	emails := [azRoles]string{azFan: "fan@x.cn", azAuthor: "author@x.cn", azJudge: "judge@x.cn", azEngineer: "eng@x.cn", azOwner: "owner@x.cn", azModerator: "mod@x.cn"}
	grant := map[azRole]string{azJudge: "judge", azEngineer: "engineer", azOwner: "engineer", azModerator: "moderator"}
	w.users[azVisitor] = &azUser{role: azVisitor}
	w.users[azAdmin] = &azUser{role: azAdmin, email: "admin@brand.cn", password: "admin-password", token: adminToken}
	for r := azFan; r < azAdmin; r++ {
		w.users[r] = &azUser{role: r, email: emails[r], password: "fan-password", token: h.fan(emails[r])}
	}
	for r := azFan; r < azRoles; r++ {
		u := w.users[r]
		u.id = num(h.api("GET", "/api/v1/me", u.token, nil).must(t, 200).JSON, "id")
		if g, ok := grant[r]; ok {
			h.confirm(int64(u.id))
			h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", u.id), adminToken, map[string]any{"roles": []string{g}}).must(t, 200)
		}
	}
	for r := azFan; r < azRoles; r++ {
		h.earn(w.users[r].id, 10) // level 2: everyone may apply to test
	}
	h.fan("target@x.cn")
	r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "target@x.cn", "password": "fan-password"}).must(t, 201)
	w.target = num(h.api("GET", "/api/v1/me", str(r.JSON, "token"), nil).JSON, "id")
	h.confirm(int64(w.target)) // the rows below give it a staff role

	// Page credentials: a visitor who has loaded a page holds a CSRF cookie
	// only; the others sign in once, and their cookies are replayed.
	base, _ := url.Parse(h.srv.URL)
	for r := azVisitor; r < azRoles; r++ {
		u := w.users[r]
		b := h.browser()
		if u.email == "" {
			b.get("/signin")
		} else {
			b.signIn(u.email, u.password)
			b.get("/") // signing in drops the CSRF token: the next page has a fresh one
		}
		for _, c := range b.client.Jar.Cookies(base) {
			switch c.Name {
			case sessionName:
				u.session = c
			case "_csrf":
				u.csrf = c.Value
			}
		}
		if u.csrf == "" || (u.email != "") != (u.session != nil) {
			t.Fatalf("%s: cookies not captured", azRoleNames[r])
		}
		// Forms carry the token their page was rendered with, which is the
		// _csrf cookie's value: replaying the cookie is replaying the page.
		if tok := b.csrf("/signin"); tok != u.csrf {
			t.Fatalf("%s: the page's CSRF token %q is not the cookie's %q", azRoleNames[r], tok, u.csrf)
		}
	}
	return w
}

// newcomer signs up a new fan and returns their email.
func (w *azWorld) newcomer() string {
	email := w.newEmail()
	w.h.api("POST", "/api/v1/users", "", map[string]string{"email": email, "name": "newcomer", "password": "fan-password"}).must(w.t, 201)
	return email
}

// newcomer is a new fan's id, someone to suspend.
func (s *azScene) newcomer() int64 {
	u, _, err := s.w.h.store.UserByEmail(context.Background(), s.w.newcomer())
	if err != nil {
		s.w.t.Fatal(err)
	}
	return u.ID
}

// verifyToken is the token of a genuine confirmation link for email.
func (s *azScene) verifyToken(email string) string {
	u, _, err := s.w.h.store.UserByEmail(context.Background(), email)
	if err != nil {
		s.w.t.Fatal(err)
	}
	return url.QueryEscape(domain.VerificationToken(s.w.h.svc.MailSecret, u.ID, u.Email, s.w.h.clock().Add(time.Hour)))
}

// freshSession signs the known user of u in once more, for a row that ends
// the session it sends.
func (w *azWorld) freshSession(u *azUser) *http.Cookie {
	who := w.known(u)
	b := w.h.browser()
	b.signIn(who.email, who.password)
	base, _ := url.Parse(w.h.srv.URL)
	for _, c := range b.client.Jar.Cookies(base) {
		if c.Name == sessionName {
			return c
		}
	}
	w.t.Fatalf("%s: no session cookie", who.email)
	return nil
}

// renew gives u a new token and session after a row ended their others.
func (w *azWorld) renew(u *azUser) {
	r := w.h.api("POST", "/api/v1/tokens", "", map[string]string{"email": u.email, "password": u.password}).must(w.t, 201)
	u.token = str(r.JSON, "token")
	u.session = w.freshSession(u)
}

func (w *azWorld) newEmail() string {
	w.seq++
	return fmt.Sprintf("new%d@x.cn", w.seq)
}

// known is the account a sign-in row uses: one's own, or for a visitor the
// fan's.
func (w *azWorld) known(u *azUser) *azUser {
	if u.email == "" {
		return w.users[azFan]
	}
	return u
}

func (w *azWorld) challengeBody(extra map[string]any) map[string]any {
	now := w.h.clock()
	body := map[string]any{
		"title": "洗衣机二次污染", "brief": "**Help**", "kind": "open_call",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	}
	for k, v := range extra {
		body[k] = v
	}
	return body
}

// send makes one request as u and returns the table's outcome and the body.
func (w *azWorld) send(u *azUser, method string, r azReq) (int, string) {
	w.t.Helper()
	var req *http.Request
	if photo, ok := r.body.(azPhoto); ok && strings.HasPrefix(r.path, "/api/") {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("images", "IMG_0001.jpg")
		fw.Write(photo)
		mw.Close()
		req, _ = http.NewRequest(method, w.h.srv.URL+r.path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if tok := cmp.Or(r.token, u.token); u.token != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	} else if strings.HasPrefix(r.path, "/api/") {
		var body string
		if r.body != nil {
			raw, _ := json.Marshal(r.body)
			body = string(raw)
		}
		req, _ = http.NewRequest(method, w.h.srv.URL+r.path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tok := cmp.Or(r.token, u.token); u.token != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
	} else {
		var body string
		if form, ok := r.body.(url.Values); ok || method != "GET" {
			if form == nil {
				form = url.Values{}
			}
			form.Set("_csrf", u.csrf)
			body = form.Encode()
		}
		req, _ = http.NewRequest(method, w.h.srv.URL+r.path, strings.NewReader(body))
		if method != "GET" {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.AddCookie(&http.Cookie{Name: "_csrf", Value: u.csrf})
		if sess := cmp.Or(r.session, u.session); u.session != nil {
			req.AddCookie(&http.Cookie{Name: sess.Name, Value: sess.Value})
		}
	}
	got := w.h.do(w.client, req)
	status := got.Status
	if status == http.StatusSeeOther && strings.HasPrefix(got.Header.Get("Location"), "/signin") {
		status = toSignIn
	}
	return status, got.Body
}

// azScene is a fresh set of objects; each part is made the first time a
// fixture asks for it, through the API (or the service where only a page
// form exists).
type azScene struct {
	w                                     *azWorld
	cid, ideaID, idea2ID, pid, mid, fid   int
	pollID                                int
	isDraft, isHidden, isPicked           bool
	isShortlisted, isPublished, isFanTest bool
	isApplied, isTester, isUnassigned     bool
	commentID                             int
	isReported                            bool
	buyPollID, designID                   int
	boardPostID                           int
	starsChallenge                        int      // see methods_authz_test.go
	people                                *ppScene // see people_authz_test.go
}

func (w *azWorld) scene() *azScene { return &azScene{w: w} }

func (s *azScene) admin() string { return s.w.users[azAdmin].token }

func (s *azScene) api(method, path string, body any, status int) res {
	s.w.t.Helper()
	return s.w.h.api(method, path, s.admin(), body).must(s.w.t, status)
}

func (s *azScene) challenge() int {
	if s.cid == 0 {
		s.cid = num(s.api("POST", "/api/v1/challenges", s.w.challengeBody(nil), 201).JSON, "id")
	}
	return s.cid
}

// idea is the author's idea in the scene's challenge.
func (s *azScene) idea() int {
	if s.ideaID == 0 {
		s.ideaID = s.w.h.idea(s.w.users[azAuthor].token, s.challenge(), "Self-cleaning drum")
	}
	return s.ideaID
}

// boardPost is the author's post on a board (the scene's own).
func (s *azScene) boardPost() int {
	if s.boardPostID == 0 {
		bid := num(s.api("POST", "/api/v1/challenges", map[string]any{"title": "洗衣机", "kind": "board"}, 201).JSON, "id")
		s.boardPostID = s.w.h.idea(s.w.users[azAuthor].token, bid, "Quieter spin")
	}
	return s.boardPostID
}

// idea2 is a second idea in the same challenge, by the admin.
func (s *azScene) idea2() int {
	if s.idea2ID == 0 {
		s.idea()
		s.idea2ID = s.w.h.idea(s.admin(), s.cid, "Self-cleaning drum, again")
	}
	return s.idea2ID
}

// draft moves the challenge (with its idea) back to draft: none of its
// phases has begun.
func (s *azScene) draft() int {
	if !s.isDraft {
		s.idea()
		now := s.w.h.clock()
		s.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", s.cid), map[string]any{
			"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
			"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour),
		}, 200)
		s.isDraft = true
	}
	return s.cid
}

func (s *azScene) designPoll() int {
	if s.pollID == 0 {
		s.pollID = num(s.api("POST", "/api/v1/challenges", s.w.challengeBody(map[string]any{"kind": "design_poll"}), 201).JSON, "id")
	}
	return s.pollID
}

// design is a design, posted by the admin, in a design poll that asks who
// would buy it (sizes and price bands), voting open.
func (s *azScene) design() int {
	if s.designID == 0 {
		s.buyPollID = num(s.api("POST", "/api/v1/challenges", s.w.challengeBody(map[string]any{"kind": "design_poll",
			"buy_options": map[string][]string{"size": {"S", "M"}}, "price_bands": []int{99, 199}}), 201).JSON, "id")
		s.designID = s.w.h.idea(s.admin(), s.buyPollID, "Qipao")
	}
	return s.designID
}

// closeBuyPoll ends the design poll's vote.
func (s *azScene) closeBuyPoll() {
	s.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", s.buyPollID), map[string]any{"voting_close_at": s.w.h.clock()}, 200)
}

func azIntent() map[string]any {
	return map[string]any{"quantity": 2, "options": map[string]string{"size": "M"}, "max_price": 199}
}

// comment is the author's comment on the scene's idea.
func (s *azScene) comment() int {
	if s.commentID == 0 {
		r := s.w.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", s.idea()), s.w.users[azAuthor].token, map[string]string{"body": "first!"}).must(s.w.t, 201)
		s.commentID = num(r.JSON, "id")
	}
	return s.commentID
}

// reported is the scene's idea, reported once by the fan.
func (s *azScene) reported() int {
	if !s.isReported {
		s.w.h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/reports", s.idea()), s.w.users[azFan].token, map[string]string{"reason": "spam"}).must(s.w.t, 201)
		s.isReported = true
	}
	return s.ideaID
}

func (s *azScene) hidden() int {
	if !s.isHidden {
		s.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", s.idea()), map[string]string{"state": "hidden", "reason": "spam"}, 200)
		s.isHidden = true
	}
	return s.ideaID
}

// shortlisted gives the challenge a rubric, puts the idea (alone) on the
// shortlist and assigns the judge to it.
func (s *azScene) shortlisted() int {
	if !s.isShortlisted {
		id := s.idea()
		s.api("PUT", fmt.Sprintf("/api/v1/challenges/%d/rubric", s.cid), azRubricBody(), 200)
		s.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", s.cid), map[string]any{"top": 0, "add": []int{id}}, 200)
		s.api("POST", fmt.Sprintf("/api/v1/challenges/%d/judges", s.cid), map[string]any{"user_ids": []int{s.w.users[azJudge].id}, "per_idea": 1}, 200)
		s.isShortlisted = true
	}
	return s.ideaID
}

// unassigned is a second idea that joins the shortlist after the judges
// were assigned: the judge holds no assignment for it.
func (s *azScene) unassigned() int {
	if !s.isUnassigned {
		s.shortlisted()
		s.api("POST", fmt.Sprintf("/api/v1/challenges/%d/shortlist", s.cid), map[string]any{"top": 0, "add": []int{s.ideaID, s.idea2()}}, 200)
		s.isUnassigned = true
	}
	return s.idea2ID
}

func (s *azScene) published() int {
	if !s.isPublished {
		id := s.shortlisted()
		s.w.h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/scorecard", id), s.w.users[azJudge].token, azScoreBody()).must(s.w.t, 200)
		s.api("POST", fmt.Sprintf("/api/v1/challenges/%d/results/publish", s.cid), nil, 200)
		s.isPublished = true
	}
	return s.ideaID
}

// picked is the idea after an admin sent it to the engineers' triage (a
// page-only action, so through the service).
func (s *azScene) picked() int {
	if !s.isPicked {
		ctx := context.Background()
		admin, err := s.w.h.store.User(ctx, int64(s.w.users[azAdmin].id))
		if err != nil {
			s.w.t.Fatal(err)
		}
		if err := s.w.h.svc.PickForTriage(ctx, &admin, int64(s.idea())); err != nil {
			s.w.t.Fatal(err)
		}
		s.isPicked = true
	}
	return s.ideaID
}

// project is the idea as a project in triage, owned by the owner engineer.
func (s *azScene) project() int {
	if s.pid == 0 {
		r := s.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", s.idea()), map[string]any{"owner_id": s.w.users[azOwner].id}, 201)
		s.pid = num(r.JSON, "id")
	}
	return s.pid
}

func (s *azScene) milestone() int {
	if s.mid == 0 {
		r := s.api("POST", fmt.Sprintf("/api/v1/projects/%d/milestones", s.project()), map[string]any{"title": "Sketches", "due_at": "2026-12-01T18:00:00Z"}, 201)
		s.mid = num(r.JSON, "id")
	}
	return s.mid
}

func (s *azScene) fanTest() int {
	if !s.isFanTest {
		for _, to := range []string{"accepted", "concept", "prototype", "fan_test"} {
			s.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", s.project()), map[string]string{"to": to}, 200)
		}
		s.isFanTest = true
	}
	return s.pid
}

// applied: the author has applied to test the prototype.
func (s *azScene) applied() int {
	if !s.isApplied {
		s.w.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", s.fanTest()), s.w.users[azAuthor].token, map[string]string{"motivation": "my idea"}).must(s.w.t, 201)
		s.isApplied = true
	}
	return s.pid
}

// tester: the owner accepted the author as a tester.
func (s *azScene) tester() int {
	if !s.isTester {
		s.w.h.api("PUT", fmt.Sprintf("/api/v1/projects/%d/testers/%d", s.applied(), s.w.users[azAuthor].id), s.w.users[azOwner].token, map[string]bool{"accepted": true}).must(s.w.t, 200)
		s.isTester = true
	}
	return s.pid
}

func (s *azScene) feedback() int {
	if s.fid == 0 {
		r := s.w.h.api("POST", fmt.Sprintf("/api/v1/projects/%d/feedback", s.tester()), s.w.users[azAuthor].token, map[string]any{"rating": 3, "body": "Loud."}).must(s.w.t, 201)
		s.fid = num(r.JSON, "id")
	}
	return s.fid
}

// freshToken makes one more token for u (for a visitor, the fan's, which
// the visitor's request does not carry) and returns it with its id.
func (s *azScene) freshToken(u *azUser) (string, int) {
	who := s.w.known(u)
	return s.newToken(who.email, who.password)
}

// targetToken is the id of a token of the throwaway account: someone else's.
func (s *azScene) targetToken() int {
	_, id := s.newToken("target@x.cn", "fan-password")
	return id
}

// newToken signs in through the API for one more token, and finds its id.
func (s *azScene) newToken(email, password string) (string, int) {
	r := s.w.h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": password, "name": "spare"}).must(s.w.t, 201)
	tok := str(r.JSON, "token")
	list := s.w.h.api("GET", "/api/v1/me/tokens", tok, nil).must(s.w.t, 200).JSON["tokens"].([]any)
	return tok, num(list[0].(map[string]any), "id") // newest first
}

// unsubscribeLink is the throwaway account's link from an email, as sent
// (genuine) or signed with a guessed key.
func (s *azScene) unsubscribeLink(genuine bool) string {
	key := s.w.h.svc.MailSecret
	if !genuine {
		key = []byte("a guess")
	}
	return mail.UnsubscribeURL("", key, int64(s.w.target))
}

func azKey(row azRow) string {
	if row.variant == "" {
		return row.route
	}
	return row.route + "#" + row.variant
}

func azStatus(n int) string {
	if n == toSignIn {
		return "303→/signin"
	}
	return fmt.Sprint(n)
}

// The table covers the site exactly: a new route without a row fails, and
// so does a row (or fixture) for a route that no longer exists.
func TestAuthorizationTableCoversEveryRoute(t *testing.T) {
	t.Parallel()
	routes := map[string]bool{}
	for _, r := range (&Server{}).Routes() {
		routes[r.Method+" "+r.Path] = true
	}
	rows := map[string]bool{}
	for _, row := range azTable {
		rows[row.route] = true
		if !routes[row.route] {
			t.Errorf("%q has an authorization entry but is no longer a route", row.route)
		}
		if azFixtures[azKey(row)] == nil {
			t.Errorf("%q has no fixture in azFixtures", azKey(row))
		}
	}
	var missing []string
	for r := range routes {
		if !rows[r] {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	for _, r := range missing {
		t.Errorf("new route without an authorization entry: %q (add a row to azTable)", r)
	}
	keys := map[string]bool{}
	for _, row := range azTable {
		if keys[azKey(row)] {
			t.Errorf("%q appears twice in azTable", azKey(row))
		}
		keys[azKey(row)] = true
	}
	for k := range azFixtures {
		if !keys[k] {
			t.Errorf("fixture %q has no row in azTable", k)
		}
	}
}

// TestAuthorizationMatrix sends every row's request as every role and
// compares the status with the table. A write gets a fresh scene per role,
// since an allowed write changes what the next role would see; the rows of
// a read share one scene.
func TestAuthorizationMatrix(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the full matrix takes several seconds")
	}
	w := newAZWorld(t)
	start := time.Now()
	for _, row := range azTable {
		fix := azFixtures[azKey(row)]
		if fix == nil {
			t.Errorf("%s: no fixture", azKey(row))
			continue
		}
		method, _, _ := strings.Cut(row.route, " ")
		var s *azScene
		for role := azVisitor; role < azRoles; role++ {
			if s == nil || method != "GET" {
				s = w.scene()
			}
			u := w.users[role]
			req := fix(s, u)
			got, body := w.send(u, method, req)
			if req.renew && u.email != "" {
				w.renew(u)
			}
			if want := row.want[role]; got != want {
				t.Errorf("%-50s as %-8s (%s %s): got %s, want %s; body: %.200s",
					azKey(row), azRoleNames[role], method, req.path, azStatus(got), azStatus(want), body)
			}
		}
	}
	t.Logf("%d rows × %d roles in %v", len(azTable), azRoles, time.Since(start).Round(time.Millisecond))
}

// An idea whose challenge is back in draft is invisible to everyone but
// admins: it takes no comments, follows or vote changes either (404).
func TestDraftChallengeIdeasTakeNoCommentsOrFollows(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin, author, fan := h.setup(), h.fan("author@x.cn"), h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(author, cid, "Self-cleaning drum")
	now := h.clock()
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, map[string]any{
		"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	}).must(t, 200)
	// The idea is out of sight...
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), fan, nil).must(t, 404)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), fan, nil).must(t, 404)
	// ...but takes comments.
	if r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), fan, map[string]string{"body": "what is this?"}); r.Status != 404 {
		t.Errorf("API comment on an idea of a draft challenge: %d, want 404; %s", r.Status, r.Body)
	}
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if r := b.post("/", fmt.Sprintf("/ideas/%d/comments", id), url.Values{"body": {"what is this?"}}); r.Status != 404 {
		t.Errorf("page comment on an idea of a draft challenge: %d, want 404", r.Status)
	}
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", id), fan, nil); r.Status != 404 {
		t.Errorf("following an idea of a draft challenge: %d, want 404", r.Status)
	}
	if r := h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", id), fan, nil); r.Status != 404 {
		t.Errorf("withdrawing a vote on an idea of a draft challenge: %d %s, want 404 like PUT", r.Status, r.errCode())
	}
}
