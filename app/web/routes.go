package web

import (
	"io"
	"net/http"
	"time"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// Access says who may reach a route before its handler runs. Ownership and
// phase rules are checked again, inside the service, on the data itself.
type Access string

const (
	Anyone   Access = "anyone"
	SignedIn Access = "signed_in"
	Admin    Access = "admin"
	Judge    Access = "judge"
	// Staff is an engineer or an admin: the brand's people.
	Staff Access = "staff"
	// Moderator is a moderator or an admin: the people who work reports.
	Moderator Access = "moderator"
)

// Limit says which rate limit guards a route.
type Limit int

const (
	NoLimit    Limit = iota
	PerAddress       // sign-in, sign-up, token creation: against guessing and mass sign-ups
	PerAccount       // writes by one account
	// Costly guards reads that cost real CPU (search, similar ideas): per
	// account when signed in, else per address; generous for a person
	// typing or paging, not for a script.
	Costly
)

// Route is one row of the site map.
type Route struct {
	Method  string
	Path    string
	Access  Access
	Limit   Limit
	handler echo.HandlerFunc
	// bodyLimit overrides the default body size (forms with images); such
	// an upload's route checks its caller before its CSRF token (routes).
	bodyLimit string
}

// Routes is the whole site: pages, then the JSON API. Tests walk this table.
func (s *Server) Routes() []Route {
	return []Route{
		// Pages.
		{"GET", "/", Anyone, NoLimit, s.home, ""},
		{"GET", "/setup", Anyone, NoLimit, s.setupForm, ""},
		{"POST", "/setup", Anyone, PerAddress, s.setupSubmit, ""},
		{"GET", "/signup", Anyone, NoLimit, s.signUpForm, ""},
		{"POST", "/signup", Anyone, PerAddress, s.signUpSubmit, ""},
		{"GET", "/signin", Anyone, NoLimit, s.signInForm, ""},
		{"POST", "/signin", Anyone, PerAddress, s.signInSubmit, ""},
		{"POST", "/signout", SignedIn, PerAccount, s.signOutSubmit, ""},
		{"GET", "/password/forgot", Anyone, NoLimit, s.forgotForm, ""},
		{"POST", "/password/forgot", Anyone, PerAddress, s.forgotSubmit, ""},
		{"GET", "/password/reset", Anyone, NoLimit, s.resetForm, ""},
		{"POST", "/password/reset", Anyone, PerAddress, s.resetSubmit, ""},
		{"POST", "/lang", Anyone, PerAccount, s.langSubmit, ""},
		{"GET", "/challenges/new", Admin, NoLimit, s.challengeNew, ""},
		{"POST", "/challenges", Admin, PerAccount, s.challengeCreate, "30M"},
		{"GET", "/challenges/:id", Anyone, NoLimit, s.challengeShow, ""},
		{"GET", "/challenges/:id/edit", Admin, NoLimit, s.challengeEdit, ""},
		{"POST", "/challenges/:id", Admin, PerAccount, s.challengeUpdate, "30M"},
		{"POST", "/challenges/:id/phase", Admin, PerAccount, s.challengePhase, ""},
		{"GET", "/challenges/:id/submit", SignedIn, NoLimit, s.ideaNew, ""},
		{"POST", "/challenges/:id/ideas", SignedIn, PerAccount, s.ideaCreate, "135M"},
		{"GET", "/ideas/:id", Anyone, NoLimit, s.ideaShow, ""},
		{"GET", "/ideas/:id/edit", SignedIn, NoLimit, s.ideaEdit, ""},
		{"POST", "/ideas/:id", SignedIn, PerAccount, s.ideaUpdate, "135M"}, // photos added
		{"POST", "/ideas/:id/state", SignedIn, PerAccount, s.ideaState, ""},
		{"POST", "/ideas/:id/vote", SignedIn, PerAccount, s.ideaVote, ""},
		{"POST", "/ideas/:id/rating", SignedIn, PerAccount, s.ideaRate, ""},
		{"GET", "/challenges/:id/pair", SignedIn, PerAccount, s.pairShow, ""},
		{"POST", "/challenges/:id/pair", SignedIn, PerAccount, s.pairSubmit, ""},
		{"POST", "/ideas/:id/comments", SignedIn, PerAccount, s.commentCreate, ""},
		{"POST", "/ideas/:id/follow", SignedIn, PerAccount, s.ideaFollow, ""},
		{"POST", "/ideas/:id/intent", SignedIn, PerAccount, s.ideaIntent, ""},
		{"POST", "/ideas/:id/production", Admin, PerAccount, s.productionSubmit, ""},
		{"GET", "/challenges/:id/demand", Anyone, Costly, s.demandShow, ""},
		{"POST", "/ideas/:id/merge", Admin, PerAccount, s.ideaMerge, ""},
		{"POST", "/ideas/:id/status", Staff, PerAccount, s.ideaStatus, ""},
		{"GET", "/roadmap", Anyone, Costly, s.roadmapShow, ""},
		{"GET", "/feed.atom", Anyone, NoLimit, s.challengesFeed, ""},
		{"GET", "/roadmap/feed.atom", Anyone, Costly, s.roadmapFeed, ""},
		{"GET", "/challenges/:id/judging", Admin, NoLimit, s.judgingDeskShow, ""},
		{"POST", "/challenges/:id/rubric", Admin, PerAccount, s.rubricSubmit, ""},
		{"POST", "/challenges/:id/shortlist", Admin, PerAccount, s.shortlistSubmit, ""},
		{"POST", "/challenges/:id/judges", Admin, PerAccount, s.judgesSubmit, ""},
		{"POST", "/challenges/:id/assignments", Admin, PerAccount, s.assignmentSubmit, ""},
		{"POST", "/challenges/:id/publish", Admin, PerAccount, s.publishSubmit, ""},
		{"GET", "/challenges/:id/scores.csv", Admin, NoLimit, s.scoresCSV, ""},
		{"GET", "/challenges/:id/ideas.csv", Admin, NoLimit, s.ideasCSV, ""},
		{"GET", "/challenges/:id/votes.csv", Admin, NoLimit, s.votesCSV, ""},
		{"GET", "/challenges/:id/results", Anyone, NoLimit, s.resultsShow, ""},
		{"GET", "/judging", Judge, NoLimit, s.judgeQueue, ""},
		{"GET", "/judging/challenges/:id/scores.csv", Judge, NoLimit, s.judgeScoresCSV, ""},
		{"GET", "/judging/ideas/:id", Judge, NoLimit, s.scorecardShow, ""},
		{"POST", "/judging/ideas/:id", Judge, PerAccount, s.scorecardSubmit, ""},
		{"GET", "/search", Anyone, Costly, s.searchShow, ""},
		{"GET", "/challenges/:id/replies", Staff, NoLimit, s.repliesShow, ""},
		{"GET", "/replies", Staff, Costly, s.repliesAll, ""}, // reads every channel's posts
		{"GET", "/challenges/:id/integrity", Admin, NoLimit, s.integrityShow, ""},
		{"POST", "/challenges/:id/integrity/scan", Admin, PerAccount, s.integrityScanSubmit, ""},
		{"POST", "/challenges/:id/integrity/groups/:gid", Admin, PerAccount, s.integrityDecideSubmit, ""},
		{"GET", "/challenges/:id/integrity/log", Anyone, Costly, s.integrityLogShow, ""}, // names up to thousands of ideas
		{"GET", "/challenges/:id/feed.atom", Anyone, NoLimit, s.challengeFeed, ""},
		{"GET", "/projects/:id/feed.atom", Anyone, NoLimit, s.projectFeed, ""},
		{"GET", "/projects", Anyone, NoLimit, s.projectsBoard, ""},
		{"GET", "/projects/feed.atom", Anyone, NoLimit, s.projectsFeed, ""},
		{"GET", "/projects/:id", Anyone, NoLimit, s.projectShow, ""},
		{"POST", "/projects/:id/move", Staff, PerAccount, s.projectMove, ""},
		{"POST", "/projects/:id/owner", Staff, PerAccount, s.projectOwner, ""},
		{"POST", "/projects/:id/milestones", Staff, PerAccount, s.projectMilestone, ""},
		{"POST", "/projects/:id/milestones/:mid", Staff, PerAccount, s.projectMilestoneDone, ""},
		{"POST", "/projects/:id/milestones/:mid/delete", Staff, PerAccount, s.projectMilestoneDelete, ""},
		{"POST", "/projects/:id/updates", Staff, PerAccount, s.projectUpdate, ""},
		{"POST", "/projects/:id/updates/:upd/comments", SignedIn, PerAccount, s.projectUpdateComment, ""},
		{"POST", "/projects/:id/testers", SignedIn, PerAccount, s.projectApply, ""},
		{"POST", "/projects/:id/testers/:uid", Staff, PerAccount, s.projectDecide, ""},
		{"POST", "/projects/:id/feedback", SignedIn, PerAccount, s.projectFeedback, "30M"}, // one photo
		{"POST", "/projects/:id/feedback/:fid", Staff, PerAccount, s.projectFeedbackTriage, ""},
		{"POST", "/projects/:id/credits", Staff, PerAccount, s.projectCredits, ""},
		{"GET", "/triage", Staff, NoLimit, s.triageShow, ""},
		{"POST", "/ideas/:id/project", Staff, PerAccount, s.triageOpen, ""},
		{"POST", "/ideas/:id/decline", Staff, PerAccount, s.triageDecline, ""},
		{"POST", "/ideas/:id/pick", Admin, PerAccount, s.triagePick, ""},
		{"GET", "/admin/users", Moderator, PerAccount, s.usersPage, ""}, // a search reads every account
		{"POST", "/admin/users/:id/roles", Admin, PerAccount, s.usersRoles, ""},
		{"POST", "/admin/users/invite", Admin, PerAccount, s.usersInvite, ""},
		{"GET", "/admin/site", Admin, NoLimit, s.sitePage, ""},
		{"POST", "/admin/site", Admin, PerAccount, s.siteSave, "30M"}, // the brand's name and logo
		{"GET", "/settings", SignedIn, NoLimit, s.settingsPage, ""},
		{"GET", "/notifications", SignedIn, NoLimit, s.notificationsPage, ""},
		{"POST", "/notifications/read", SignedIn, PerAccount, s.notificationsRead, ""},
		{"POST", "/notifications/:id/open", SignedIn, PerAccount, s.notificationOpen, ""},
		{"POST", "/settings/tokens", SignedIn, PerAddress, s.settingsToken, ""},
		{"POST", "/settings/tokens/:id/revoke", SignedIn, PerAccount, s.settingsRevokeToken, ""},
		{"POST", "/settings/email", SignedIn, PerAccount, s.settingsEmail, ""},
		{"POST", "/settings/name", SignedIn, PerAccount, s.settingsName, ""},
		{"POST", "/settings/password", SignedIn, PerAddress, s.settingsPassword, ""},
		{"POST", "/settings/address", SignedIn, PerAddress, s.settingsAddress, ""},
		{"POST", "/settings/sessions/end", SignedIn, PerAccount, s.settingsSignOutEverywhere, ""},
		{"POST", "/settings/delete", SignedIn, PerAccount, s.settingsDelete, ""}, // after the password (claimPasswordCheck counts guesses)
		{"GET", "/unsubscribe", Anyone, NoLimit, s.unsubscribeShow, ""},
		{"POST", unsubscribeRoute, Anyone, PerAddress, s.unsubscribe, ""},
		{"GET", "/verify", Anyone, NoLimit, s.verifyShow, ""},
		{"POST", "/verify", Anyone, PerAddress, s.verifySubmit, ""},
		{"POST", "/settings/verification", SignedIn, PerAccount, s.settingsVerification, ""},
		{"POST", "/admin/users/:id/suspension", Moderator, PerAccount, s.usersSuspension, ""},
		{"POST", "/admin/users/:id/deletion", Admin, PerAccount, s.usersDeletion, ""},
		{"POST", "/ideas/:id/reports", SignedIn, PerAccount, s.ideaReport, ""},
		{"POST", "/comments/:id/reports", SignedIn, PerAccount, s.commentReport, ""},
		{"POST", "/comments/:id", SignedIn, PerAccount, s.commentEditSubmit, ""},          // its author's edit
		{"POST", "/comments/:id/delete", SignedIn, PerAccount, s.commentDeleteSubmit, ""}, // its author's delete
		{"GET", "/moderation", Moderator, NoLimit, s.moderationShow, ""},
		{"POST", "/moderation/:type/:id", Moderator, PerAccount, s.moderationSubmit, ""},
		{"POST", "/moderation/:type/:id/review", SignedIn, PerAccount, s.reviewSubmit, ""},
		// Profiles, reputation, city fan clubs (issue #17, page_people.go).
		{"GET", "/users/:id", Anyone, Costly, s.profileShow, ""}, // a person's ideas, projects and points
		{"POST", "/settings/profile", SignedIn, PerAccount, s.profileSubmit, ""},
		{"POST", "/users/:id/badges", Admin, PerAccount, s.badgeSubmit, ""},
		{"GET", "/leaderboard", Anyone, Costly, s.leaderboardShow, ""},
		{"POST", "/comments/:id/helpful", Staff, PerAccount, s.helpfulSubmit, ""},
		{"GET", "/clubs", Anyone, Costly, s.clubsShow, ""}, // counts every club's members
		{"POST", "/clubs", Admin, PerAccount, s.clubCreate, ""},
		{"POST", "/clubs/requests", SignedIn, PerAccount, s.clubRequestSubmit, ""},
		{"POST", "/clubs/requests/withdraw", SignedIn, PerAccount, s.clubRequestWithdraw, ""},
		{"GET", "/clubs/:id", Anyone, Costly, s.clubShow, ""}, // up to 500 members' levels and badges
		{"POST", "/clubs/:id/members", SignedIn, PerAccount, s.membershipSubmit, ""},
		{"POST", "/clubs/:id/organisers/:uid", Moderator, PerAccount, s.organiserSubmit, ""},
		{"POST", "/clubs/:id/events", SignedIn, PerAccount, s.eventCreate, ""},
		{"GET", "/events/:id", Anyone, NoLimit, s.eventShow, ""},
		{"GET", "/events/:id/calendar.ics", Anyone, NoLimit, s.eventICal, ""},
		{"POST", "/events/:id/rsvp", SignedIn, PerAccount, s.rsvpSubmit, ""},
		{"POST", "/events/:id/checkins", SignedIn, PerAccount, s.checkInSubmit, ""},
		{"POST", "/events/:id/edit", SignedIn, PerAccount, s.eventEdit, ""},
		{"POST", "/events/:id/cancel", SignedIn, PerAccount, s.eventCancel, ""},

		// JSON API (/api/v1, described in openapi.json).
		{"GET", "/api/v1/openapi.json", Anyone, NoLimit, s.apiOpenAPI, ""},
		{"POST", "/api/v1/setup", Anyone, PerAddress, s.apiSetup, ""},
		{"POST", "/api/v1/users", Anyone, PerAddress, s.apiSignUp, ""},
		{"POST", "/api/v1/tokens", Anyone, PerAddress, s.apiToken, ""},
		{"POST", "/api/v1/password/forgot", Anyone, PerAddress, s.apiForgotPassword, ""},
		{"POST", "/api/v1/password/reset", Anyone, PerAddress, s.apiResetPassword, ""},
		{"DELETE", "/api/v1/tokens/current", SignedIn, PerAccount, s.apiRevokeCurrent, ""},
		{"GET", "/api/v1/me/tokens", SignedIn, NoLimit, s.apiTokens, ""},
		{"PATCH", "/api/v1/me", SignedIn, PerAccount, s.apiMeUpdate, ""},
		{"DELETE", "/api/v1/me", SignedIn, PerAccount, s.apiMeDelete, ""},
		{"GET", "/api/v1/me/export", SignedIn, PerAccount, s.apiMeExport, ""}, // reads everything of the account
		{"DELETE", "/api/v1/me/sessions", SignedIn, PerAccount, s.apiSignOutEverywhere, ""},
		{"DELETE", "/api/v1/me/tokens/:id", SignedIn, PerAccount, s.apiRevokeToken, ""},
		{"GET", "/api/v1/me", SignedIn, NoLimit, s.apiMe, ""},
		{"GET", "/api/v1/site", Anyone, NoLimit, s.apiSite, ""},
		{"PUT", "/api/v1/site", Admin, PerAccount, s.apiSiteUpdate, "30M"}, // JSON, or a multipart form with the logo
		{"GET", "/api/v1/me/notifications", SignedIn, NoLimit, s.apiNotifications, ""},
		{"GET", "/api/v1/me/notifications/unread", SignedIn, NoLimit, s.apiUnread, ""},
		{"POST", "/api/v1/me/notifications/read", SignedIn, PerAccount, s.apiNotificationsRead, ""},
		{"POST", "/api/v1/me/notifications/:id/read", SignedIn, PerAccount, s.apiNotificationRead, ""},
		{"PUT", "/api/v1/users/:id/roles", Admin, PerAccount, s.apiSetRoles, ""},
		{"POST", "/api/v1/users/invite", Admin, PerAccount, s.apiInviteStaff, ""},
		{"POST", "/api/v1/me/verification", SignedIn, PerAccount, s.apiVerificationRequest, ""},
		{"POST", "/api/v1/verify", Anyone, PerAddress, s.apiVerify, ""},
		{"PUT", "/api/v1/users/:id/suspension", Moderator, PerAccount, s.apiSuspension, ""},
		{"DELETE", "/api/v1/users/:id", Admin, PerAccount, s.apiUserDelete, ""},
		{"POST", "/api/v1/ideas/:id/reports", SignedIn, PerAccount, s.apiReport(domain.ItemIdea), ""},
		{"POST", "/api/v1/comments/:id/reports", SignedIn, PerAccount, s.apiReport(domain.ItemComment), ""},
		{"PATCH", "/api/v1/comments/:id", SignedIn, PerAccount, s.apiCommentUpdate, ""},
		{"DELETE", "/api/v1/comments/:id", SignedIn, PerAccount, s.apiCommentDelete, ""},
		{"GET", "/api/v1/moderation/queue", Moderator, NoLimit, s.apiModerationQueue, ""},
		{"GET", "/api/v1/moderation/log", Moderator, NoLimit, s.apiModerationLog, ""},
		{"POST", "/api/v1/moderation/:type/:id", Moderator, PerAccount, s.apiModerate, ""},
		{"POST", "/api/v1/moderation/:type/:id/review", SignedIn, PerAccount, s.apiReview, ""},
		{"POST", "/api/v1/challenges", Admin, PerAccount, s.apiChallengeCreate, ""},
		{"GET", "/api/v1/challenges", Anyone, NoLimit, s.apiChallenges, ""},
		{"GET", "/api/v1/challenges/:id", Anyone, NoLimit, s.apiChallenge, ""},
		{"PATCH", "/api/v1/challenges/:id", Admin, PerAccount, s.apiChallengeUpdate, ""},
		{"POST", "/api/v1/challenges/:id/phase", Admin, PerAccount, s.apiChallengePhase, ""},
		{"GET", "/api/v1/challenges/:id/my-votes", SignedIn, NoLimit, s.apiMyVotes, ""},
		{"POST", "/api/v1/challenges/:id/ideas", SignedIn, PerAccount, s.apiIdeaCreate, "135M"}, // JSON, or a multipart form with photos
		{"GET", ideaListRoute, Anyone, NoLimit, s.apiIdeas, ""},
		{"GET", "/api/v1/ideas/:id", Anyone, NoLimit, s.apiIdea, ""},
		{"PATCH", "/api/v1/ideas/:id", SignedIn, PerAccount, s.apiIdeaUpdate, ""},
		{"POST", "/api/v1/ideas/:id/images", SignedIn, PerAccount, s.apiIdeaPhotos, "135M"}, // a multipart form of photos
		{"PUT", "/api/v1/ideas/:id/vote", SignedIn, PerAccount, s.apiVote, ""},
		{"DELETE", "/api/v1/ideas/:id/vote", SignedIn, PerAccount, s.apiUnvote, ""},
		{"PUT", "/api/v1/ideas/:id/intent", SignedIn, PerAccount, s.apiIntentPut, ""},
		{"DELETE", "/api/v1/ideas/:id/intent", SignedIn, PerAccount, s.apiIntentDelete, ""},
		{"POST", "/api/v1/ideas/:id/production", Admin, PerAccount, s.apiProduction, ""},
		{"GET", "/api/v1/challenges/:id/demand", Anyone, Costly, s.apiDemand, ""},
		{"PUT", "/api/v1/ideas/:id/rating", SignedIn, PerAccount, s.apiRate, ""},
		{"DELETE", "/api/v1/ideas/:id/rating", SignedIn, PerAccount, s.apiUnrate, ""},
		{"GET", "/api/v1/challenges/:id/pair", SignedIn, PerAccount, s.apiPair, ""},
		{"POST", "/api/v1/challenges/:id/pair", SignedIn, PerAccount, s.apiAnswerPair, ""},
		{"POST", "/api/v1/ideas/:id/comments", SignedIn, PerAccount, s.apiCommentCreate, ""},
		{"GET", "/api/v1/ideas/:id/comments", Anyone, NoLimit, s.apiComments, ""},
		{"PUT", "/api/v1/ideas/:id/follow", SignedIn, PerAccount, s.apiFollow, ""},
		{"DELETE", "/api/v1/ideas/:id/follow", SignedIn, PerAccount, s.apiUnfollow, ""},
		{"POST", "/api/v1/ideas/:id/merge", Admin, PerAccount, s.apiIdeaMerge, ""},
		{"GET", "/api/v1/search", Anyone, Costly, s.apiSearch, ""},
		{"PUT", "/api/v1/challenges/:id/rubric", Admin, PerAccount, s.apiRubricSet, ""},
		{"GET", "/api/v1/challenges/:id/rubric", Anyone, NoLimit, s.apiRubric, ""},
		{"POST", "/api/v1/challenges/:id/shortlist", Admin, PerAccount, s.apiShortlist, ""},
		{"POST", "/api/v1/challenges/:id/judges", Admin, PerAccount, s.apiJudges, ""},
		{"GET", "/api/v1/judging/assignments", Judge, NoLimit, s.apiAssignments, ""},
		{"PUT", "/api/v1/challenges/:id/assignments/:judge_id/:idea_id", Admin, PerAccount, s.apiAssignment, ""},
		{"DELETE", "/api/v1/challenges/:id/assignments/:judge_id/:idea_id", Admin, PerAccount, s.apiAssignment, ""},
		{"PUT", "/api/v1/ideas/:id/scorecard", Judge, PerAccount, s.apiScorecard, ""},
		{"POST", "/api/v1/challenges/:id/integrity/scan", Admin, PerAccount, s.apiIntegrityScan, ""},
		{"GET", "/api/v1/challenges/:id/integrity", Admin, NoLimit, s.apiIntegrity, ""},
		{"POST", "/api/v1/challenges/:id/integrity/groups/:gid", Admin, PerAccount, s.apiIntegrityDecide, ""},
		{"GET", "/api/v1/challenges/:id/integrity/log", Anyone, Costly, s.apiIntegrityLog, ""}, // as its page
		{"GET", "/api/v1/challenges/:id/results", Anyone, NoLimit, s.apiResults, ""},
		{"POST", "/api/v1/challenges/:id/results/publish", Admin, PerAccount, s.apiPublish, ""},
		{"POST", "/api/v1/ideas/:id/project", Staff, PerAccount, s.apiProjectOpen, ""},
		{"GET", "/api/v1/triage", Staff, NoLimit, s.apiTriage, ""},
		{"POST", "/api/v1/ideas/:id/pick", Admin, PerAccount, s.apiTriagePick, ""},
		{"POST", "/api/v1/ideas/:id/decline", Staff, PerAccount, s.apiTriageDecline, ""},
		{"GET", "/api/v1/projects", Anyone, NoLimit, s.apiProjects, ""},
		{"GET", "/api/v1/projects/:id", Anyone, NoLimit, s.apiProject, ""},
		{"POST", "/api/v1/projects/:id/transitions", Staff, PerAccount, s.apiTransition, ""},
		{"PUT", "/api/v1/projects/:id/owner", Staff, PerAccount, s.apiProjectOwner, ""},
		{"POST", "/api/v1/projects/:id/milestones", Staff, PerAccount, s.apiMilestone, ""},
		{"PUT", "/api/v1/projects/:id/milestones/:mid", Staff, PerAccount, s.apiMilestoneDone, ""},
		{"DELETE", "/api/v1/projects/:id/milestones/:mid", Staff, PerAccount, s.apiMilestoneDelete, ""},
		{"POST", "/api/v1/projects/:id/updates", Staff, PerAccount, s.apiUpdate, ""},
		{"POST", "/api/v1/projects/:id/testers", SignedIn, PerAccount, s.apiApply, ""},
		{"PUT", "/api/v1/projects/:id/testers/:user_id", Staff, PerAccount, s.apiDecideTester, ""},
		{"PUT", "/api/v1/projects/:id/credits", Staff, PerAccount, s.apiCredits, ""},
		{"GET", "/api/v1/projects/:id/feedback", SignedIn, NoLimit, s.apiFeedbackList, ""},
		{"POST", "/api/v1/projects/:id/feedback", SignedIn, PerAccount, s.apiFeedback, ""},
		{"PUT", "/api/v1/projects/:id/feedback/:feedback_id", Staff, PerAccount, s.apiFeedbackTriage, ""},
		{"GET", "/api/v1/challenges/:id/similar", Anyone, Costly, s.apiSimilar, ""},
		// Profiles, reputation, city fan clubs (issue #17, api_people.go).
		{"GET", "/api/v1/users/:id", Anyone, Costly, s.apiProfile, ""},
		{"PUT", "/api/v1/me/profile", SignedIn, PerAccount, s.apiProfileUpdate, ""},
		{"POST", "/api/v1/users/:id/badges", Admin, PerAccount, s.apiAwardBadge, ""},
		{"GET", "/api/v1/leaderboard", Anyone, Costly, s.apiLeaderboard, ""},
		{"PUT", "/api/v1/comments/:id/helpful", Staff, PerAccount, s.apiHelpful, ""},
		{"DELETE", "/api/v1/comments/:id/helpful", Staff, PerAccount, s.apiHelpful, ""},
		{"GET", "/api/v1/clubs", Anyone, Costly, s.apiClubs, ""}, // as its page
		{"POST", "/api/v1/clubs", Admin, PerAccount, s.apiClubCreate, ""},
		{"GET", "/api/v1/clubs/requests", SignedIn, NoLimit, s.apiClubRequests, ""},
		{"POST", "/api/v1/clubs/requests", SignedIn, PerAccount, s.apiClubRequestCreate, ""},
		{"DELETE", "/api/v1/clubs/requests", SignedIn, PerAccount, s.apiClubRequestDelete, ""},
		{"GET", "/api/v1/clubs/:id", Anyone, Costly, s.apiClub, ""},
		{"PUT", "/api/v1/clubs/:id/members/me", SignedIn, PerAccount, s.apiMembership, ""},
		{"DELETE", "/api/v1/clubs/:id/members/me", SignedIn, PerAccount, s.apiMembership, ""},
		{"PUT", "/api/v1/clubs/:id/organisers/:user_id", Moderator, PerAccount, s.apiOrganiser, ""},
		{"DELETE", "/api/v1/clubs/:id/organisers/:user_id", Moderator, PerAccount, s.apiOrganiser, ""},
		{"POST", "/api/v1/clubs/:id/events", SignedIn, PerAccount, s.apiEventCreate, ""},
		{"GET", "/api/v1/events/:id", Anyone, NoLimit, s.apiEvent, ""},
		{"PATCH", "/api/v1/events/:id", SignedIn, PerAccount, s.apiEventUpdate, ""},
		{"POST", "/api/v1/events/:id/cancel", SignedIn, PerAccount, s.apiEventCancel, ""},
		{"GET", "/api/v1/events/:id/attendees", SignedIn, Costly, s.apiAttendees, ""}, // up to 2,000 answers
		{"PUT", "/api/v1/events/:id/rsvp", SignedIn, PerAccount, s.apiRSVP, ""},
		{"DELETE", "/api/v1/events/:id/rsvp", SignedIn, PerAccount, s.apiRSVP, ""},
		{"POST", "/api/v1/events/:id/checkins", SignedIn, PerAccount, s.apiCheckIn, ""},
		{"PUT", "/api/v1/ideas/:id/status", Staff, PerAccount, s.apiSetStatus, ""},
		{"GET", "/api/v1/roadmap", Anyone, Costly, s.apiRoadmap, ""},
	}
}

// unsubscribeRoute is where email's unsubscribe links POST (RFC 8058).
const unsubscribeRoute = "/unsubscribe"

// csrfCookie holds the CSRF token the forms post back (double submit).
const csrfCookie = "_csrf"

// routes registers the table, with the middleware each row asks for.
func (s *Server) routes() {
	e := s.echo
	// Every GET answers HEAD too (link checkers, chat apps' previews):
	// the same handler, whose body the HTTP server drops.
	get := func(path string, h echo.HandlerFunc, mw ...echo.MiddlewareFunc) {
		h = chain(h, mw...)
		e.GET(path, h)
		e.HEAD(path, h)
	}
	get("/healthz", s.healthz)
	get("/metrics", s.serveMetrics, s.identify)
	get("/static/*", s.serveStatic)
	get("/uploads/:name", s.serveUpload, s.identifyReader)

	csrf := middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "header:X-CSRF-Token,form:_csrf",
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieMaxAge:   sessionMaxAge, // echo's default is a day
		CookieSecure:   s.cfg.SecureCookies,
		CookieSameSite: http.SameSiteLaxMode,
		// A browser that says a write is same-site (a sibling subdomain, or
		// another port) is refused: such a page can set a cookie for the
		// whole site, so the double-submit pair would prove nothing. The
		// site's own pages are same-origin.
		AllowSecFetchSiteFunc: func(echo.Context) (bool, error) {
			return false, echo.NewHTTPError(http.StatusForbidden, "same-site and cross-site writes are refused")
		},
		// CSRF abuses a browser's cookie. A bearer token cannot be sent by
		// another site's page (identify has checked it), and an API call
		// without the session cookie has no authority to borrow: its JSON
		// body needs application/json, which no cross-site form can send.
		Skipper: func(c echo.Context) bool {
			if a := authOf(c); a != nil && a.bearer {
				return true
			}
			// The unsubscribe link's POST (a mail app's one-click) is
			// signed instead. Its GET is a page like any other: it sets the
			// token its forms (the language switch) send.
			if c.Path() == unsubscribeRoute && c.Request().Method == http.MethodPost {
				return true
			}
			_, err := c.Cookie(sessionName)
			return isAPI(c) && err != nil
		},
	})
	limiters := map[Limit]echo.MiddlewareFunc{
		PerAddress: s.limiter(rate.Every(6*time.Second), 10, func(c echo.Context) string { return "ip:" + c.RealIP() }),
		PerAccount: s.limiter(rate.Limit(20), 60, func(c echo.Context) string {
			if u := currentUser(c); u != nil {
				return "user:" + itoa(u.ID)
			}
			return "ip:" + c.RealIP()
		}),
		// Two a second with a burst of 60: a person typing (the similar
		// ideas box asks 350 ms after the last key) or paging never meets
		// it; a script gets at most two searches a second per address.
		Costly: s.limiter(rate.Limit(costlyRate), costlyBurst, func(c echo.Context) string {
			if u := currentUser(c); u != nil {
				return "costly:user:" + itoa(u.ID)
			}
			return "costly:ip:" + c.RealIP()
		}),
	}
	if s.cfg.RateLimits {
		s.guesses = limiters[PerAddress]
	}
	routes := s.Routes()
	s.pageAccess = pageAccess(routes)
	s.places = placesOf(routes, s.pageAccess)
	for _, r := range routes {
		// An upload's caller and rate are checked before its CSRF check:
		// the form's token is read from the body, and reading a form reads
		// the whole body (an idea's photos: up to 135 MB), which a visitor,
		// or an account over its limit, must not make the server do. Every
		// other route checks CSRF first, so nothing a refused write leaves
		// (a visitor's vote intent: errors.go) comes from another site's post.
		mw := []echo.MiddlewareFunc{middleware.BodyLimit(orDefault(r.bodyLimit, "1M")), s.identify}
		upload := r.bodyLimit != ""
		if !upload {
			mw = append(mw, csrf)
		}
		if r.Access != Anyone {
			mw = append(mw, s.requireAccess(r.Access))
		}
		if l, ok := limiters[r.Limit]; ok && s.cfg.RateLimits {
			mw = append(mw, l)
		}
		if upload {
			mw = append(mw, parseUpload, csrf)
		}
		h := chain(r.handler, mw...)
		e.Add(r.Method, r.Path, h)
		if r.Method == http.MethodGet {
			e.Add(http.MethodHead, r.Path, h)
		}
	}
}

// uploadTime is how long an upload's connection may take to send its form
// and be answered: the server's timeouts (a minute, main.go) keep a slow
// client from holding a connection, but an idea's photos (up to 135 MB)
// take longer than that from a phone on a slow network.
var uploadTime = 10 * time.Minute

// parseUpload reads an upload's multipart form, at most uploadMemory of it
// in memory and the rest on disk, before the CSRF check looks for its
// token in it: echo's lookup would read it with 32 MB in memory. The
// handler then finds it read; a form that cannot be read is its to refuse.
// A multipart form's connection first gets uploadTime to be read and
// answered, as long as it keeps sending (uploadDeadlines); only the upload
// routes (a caller already checked) get it.
func parseUpload(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if isMultipart(c) {
			uploadDeadlines(c, uploadTime)
			_ = c.Request().ParseMultipartForm(uploadMemory)
		}
		return next(c)
	}
}

// uploadDeadlines gives the request's connection up to total from now to
// be read and written, while its body keeps coming: a connection that
// sends nothing for the server's own read timeout (idle) is cut as any
// request is, so a client cannot hold one for total by sending nothing.
// echo's Response unwraps to net/http's writer, which sets deadlines; a
// writer that cannot (a test's recorder: http.ErrNotSupported) keeps its
// own, as the upload then meets the usual timeouts, no worse than before.
func uploadDeadlines(c echo.Context, total time.Duration) {
	idle := time.Minute
	if srv, ok := c.Request().Context().Value(http.ServerContextKey).(*http.Server); ok && srv.ReadTimeout > 0 {
		idle = srv.ReadTimeout
	}
	rc := http.NewResponseController(c.Response())
	now := time.Now()
	end := now.Add(total)
	if rc.SetReadDeadline(earliest(end, now.Add(idle))) != nil {
		return
	}
	_ = rc.SetWriteDeadline(end)
	req := c.Request()
	req.Body = &arrivingBody{ReadCloser: req.Body, rc: rc, idle: idle, end: end, moved: now}
}

// arrivingBody is an upload's body that moves its connection's read
// deadline on (idle from now, never past end) as bytes arrive, at most
// four times an idle.
type arrivingBody struct {
	io.ReadCloser
	rc         *http.ResponseController
	idle       time.Duration
	end, moved time.Time
}

func (b *arrivingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if n > 0 {
		if now := time.Now(); now.Sub(b.moved) >= b.idle/4 {
			b.moved = now
			_ = b.rc.SetReadDeadline(earliest(b.end, now.Add(b.idle)))
		}
	}
	return n, err
}

// earliest is the earlier of a and b.
func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// chain wraps h in mw once, the first outermost, as echo would; echo's
// own route middleware is wrapped again for every request (a closure per
// middleware per request), and the middleware here keep nothing per
// wrapping: their state (a limiter's buckets, a pool) is made with them.
func chain(h echo.HandlerFunc, mw ...echo.MiddlewareFunc) echo.HandlerFunc {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// The costly reads' bucket: costlyRate a second, costlyBurst at once.
const (
	costlyRate  = 2
	costlyBurst = 60
)

func orDefault(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

// limiter is a token bucket per identifier, kept in memory (limitStore):
// losing it on a restart only forgives some requests.
func (s *Server) limiter(r rate.Limit, burst int, id func(echo.Context) string) echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store:               newLimitStore(r, burst, 10*time.Minute),
		IdentifierExtractor: func(c echo.Context) (string, error) { return id(c), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			c.Response().Header().Set("Retry-After", "10")
			return &domain.Error{Kind: domain.KindRateLimited, Code: "rate_limited", Message: "too many requests; slow down and try again shortly"}
		},
	})
}
