package domain

import "strconv"

// Notices of honour: what a fan earns (a badge, a credit on a product, a
// new level) is news to them, told in their bell in the same write that
// gives it, once. The rules for levels and rule badges are
// people.HonourNotices; who hears of a credit and of a hand badge is here.
const (
	// NoticeBadge tells a fan an admin gave them an honour badge (args:
	// "badge.<key>", translated).
	NoticeBadge NoticeKind = "badge"
	// NoticeBadgeEarned tells a fan a rule badge is theirs now, earned by
	// what others valued (args as NoticeBadge).
	NoticeBadgeEarned NoticeKind = "badge_earned"
	// NoticeLevelUp tells a fan their reputation reached a level higher
	// than any they were told of before (args: the level).
	NoticeLevelUp NoticeKind = "level_up"
	// NoticeCredited tells a person a project names them among its
	// co-creators (args: the project's title).
	NoticeCredited NoticeKind = "credited"
	// NoticeBackedExpired tells a fan that an idea they supported missed
	// its supporter threshold and expired, where no vote goes back to a
	// budget (a challenge without one, or after its vote): there
	// NoticeReturnedExpired says it with the vote (args: title).
	NoticeBackedExpired NoticeKind = "backed_expired"
)

// ProfileLink points at a person's public page.
func ProfileLink(userID int64) string { return "/users/" + strconv.FormatInt(userID, 10) }

// HonoursLink points at the badges on a person's page.
func HonoursLink(userID int64) string { return ProfileLink(userID) + "#badges-title" }

// CreditsLink points at a project's credits on its page.
func CreditsLink(projectID int64) string { return ProjectLink(projectID) + "#credits" }

// BadgeNotice tells userID an admin gave them the badge key.
func BadgeNotice(userID int64, key string) Outgoing {
	return Outgoing{To: userID, Kind: NoticeBadge, URL: HonoursLink(userID), Args: []string{"badge." + key}}
}

// BadgeEarnedNotice tells userID they earned the rule badge key.
func BadgeEarnedNotice(userID int64, key string) Outgoing {
	o := BadgeNotice(userID, key)
	o.Kind = NoticeBadgeEarned
	return o
}

// BellOnly are the kinds of notice that are never mailed: what an act
// earns its fan by the way (a rule badge, a level), which comes with
// the act's own notice (shortlisted, won, a launch, a tester's answer)
// and its email, or with none where the act's fan is told nothing (a
// helpful mark, a check-in): a second email for one act would be noise,
// and the bell keeps it.
var BellOnly = []NoticeKind{NoticeBadgeEarned, NoticeLevelUp}

// CreditNotices tell each person a project's credits name (after) that
// they are credited, once per project and person: not those it credited
// already (before), nor anyone told of a credit on it before (told: a
// credit taken away by mistake and given back tells no one twice), nor
// the person who saved the list (actorID), nor anyone twice.
func CreditNotices(projectID, actorID int64, title string, before, after []int64, told map[int64]bool) []Outgoing {
	skip := map[int64]bool{0: true, actorID: true}
	for _, id := range before {
		skip[id] = true
	}
	var out []Outgoing
	for _, id := range after {
		if skip[id] || told[id] {
			continue
		}
		skip[id] = true
		out = append(out, Outgoing{To: id, Kind: NoticeCredited, URL: CreditsLink(projectID), Args: []string{title}})
	}
	return out
}

// ExpiredNotices tell who hears that idea missed its supporter threshold:
// its author (ExpiredNotice), and, when its votes do not go back to a
// budget (release false: ReleasesVotes, whose notices,
// ExpiredVotesReturnedNotices, tell the supporters with their vote), each
// supporter but the author, once, linking to the idea, whose page stays.
func ExpiredNotices(idea Idea, supporters []int64, release bool) []Outgoing {
	out := []Outgoing{ExpiredNotice(idea.ID, idea.Author.ID, idea.Title)}
	if release {
		return out
	}
	for _, id := range (Audience{Voters: supporters}).Everyone() {
		if id != idea.Author.ID {
			out = append(out, Outgoing{To: id, Kind: NoticeBackedExpired, URL: IdeaLink(idea.ID), Args: []string{idea.Title}})
		}
	}
	return out
}
