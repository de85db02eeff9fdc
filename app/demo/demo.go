// Package demo loads living challenges so that a newcomer sees a working
// portal at once: Haier's washing-machine maker challenge (an open call with
// voting open), a Qige-style poll of this season's dresses (candidates
// posted by the organiser, fans voting), and an earlier Haier challenge
// played to the end, whose winners are prototype projects, one launched, and
// an always-open washing-machine board whose posts have public statuses
// (one done because fans asked, on the roadmap). It goes through the service like
// any person would, so the demo obeys every rule the product has.
package demo

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"time"
	"unicode"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"
)

// AdminEmail is the demo admin's address, when the demo creates one.
const AdminEmail = "admin@demo.cocreate"

// Account is a sample account the demo created, with its password: each
// gets its own random one, shown once to whoever loaded the demo (the page
// after setup, or the log for -demo), so no installation has an account
// with a password anyone else knows.
type Account struct {
	Email, Name, Role, Password string
}

// password makes a random password: 16 letters and digits from an alphabet
// without look-alikes, in groups of four (about 80 bits).
func password() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	var out strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			out.WriteByte('-')
		}
		out.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return out.String()
}

type fan struct{ email, name string }

// demoLocale is "zh" for a name written in Chinese characters, else "en".
func demoLocale(name string) string {
	for _, r := range name {
		if unicode.Is(unicode.Han, r) {
			return "zh"
		}
	}
	return "en"
}

var fans = []fan{
	{"lin@demo.cocreate", "林小雨"}, {"zhang@demo.cocreate", "张伟"}, {"wang@demo.cocreate", "王芳"},
	{"li@demo.cocreate", "李娜"}, {"chen@demo.cocreate", "陈晨"}, {"liu@demo.cocreate", "刘洋"},
	{"maria@demo.cocreate", "Maria Lopez"}, {"tom@demo.cocreate", "Tom Becker"}, {"aiko@demo.cocreate", "Aiko Sato"},
	{"zhao@demo.cocreate", "赵磊"}, {"sun@demo.cocreate", "孙婷"}, {"sam@demo.cocreate", "Sam Okafor"},
}

// LoadIfEmpty loads the demo when the database has no challenge yet, creating
// a demo admin if nobody has an account (`go run . -demo` on a fresh machine).
func LoadIfEmpty(ctx context.Context, svc *service.Service) error {
	_, err := LoadIfEmptyAccounts(ctx, svc)
	return err
}

// LoadIfEmptyAccounts is LoadIfEmpty, returning the accounts it created
// (the demo admin first, when it made one) with their passwords; none when
// the database already had challenges.
func LoadIfEmptyAccounts(ctx context.Context, svc *service.Service) ([]Account, error) {
	exists, err := svc.HasChallenges(ctx)
	if err != nil || exists {
		return nil, err
	}
	need, err := svc.NeedsSetup(ctx)
	if err != nil {
		return nil, err
	}
	var adminID int64
	var accounts []Account
	if need {
		// The demo's admin set the site up before the demo's history
		// began, as its people joined (joinedAt).
		a := Account{Email: AdminEmail, Name: "Demo Admin 管理员", Role: "admin", Password: password()}
		var u domain.User
		err := svc.WithClock(joinedAt(svc.Now()), func() (err error) {
			u, _, _, err = svc.Setup(ctx, domain.SignUp{Email: a.Email, Name: a.Name, Password: a.Password, Locale: demoLocale(a.Name)})
			return err
		})
		if err != nil {
			return nil, err
		}
		adminID, accounts = u.ID, append(accounts, a)
	} else {
		admin, err := svc.FirstAdmin(ctx)
		if err != nil {
			return nil, err
		}
		adminID = admin.ID
	}
	more, err := LoadAccounts(ctx, svc, adminID)
	return append(accounts, more...), err
}

// Load adds the demo's people, challenges, ideas, votes and comments, with
// adminID as the organiser.
func Load(ctx context.Context, svc *service.Service, adminID int64) error {
	_, err := LoadAccounts(ctx, svc, adminID)
	return err
}

// LoadAccounts is Load, returning the sample accounts it created with their
// random passwords: the only time anyone sees them.
func LoadAccounts(ctx context.Context, svc *service.Service, adminID int64) ([]Account, error) {
	admin, err := svc.KnownUser(ctx, adminID)
	if err != nil {
		return nil, err
	}
	people := map[string]*domain.User{}
	var accounts []Account
	// Its people joined before any of the demo's history (a meetup's
	// answers twelve days ago, the votes of the last three days), so that
	// a profile's join date comes before what it shows them doing.
	err = svc.WithClock(joinedAt(svc.Now()), func() error {
		var err error
		accounts, err = demoPeople(ctx, svc, &admin, people)
		return err
	})
	if err != nil {
		return accounts, err
	}
	// The demo's history is played on a clock of its own, starting three
	// days ago, so that its votes arrive as a crowd's would.
	clock := newSimClock(svc.Now().Add(-3 * 24 * time.Hour))
	err = svc.WithClock(clock.now, func() error {
		if err := haier(ctx, svc, &admin, people, clock); err != nil {
			return fmt.Errorf("demo Haier challenge: %w", err)
		}
		if err := qige(ctx, svc, &admin, people, clock); err != nil {
			return fmt.Errorf("demo Qige poll: %w", err)
		}
		if err := pastChallenge(ctx, svc, &admin, people); err != nil {
			return fmt.Errorf("demo finished challenge: %w", err)
		}
		if err := judgedChallenge(ctx, svc, &admin, people); err != nil {
			return fmt.Errorf("demo challenge being judged: %w", err)
		}
		if err := washerBoard(ctx, svc, &admin, people); err != nil {
			return fmt.Errorf("demo washing-machine board: %w", err)
		}
		return nil
	})
	if err != nil {
		return accounts, err
	}
	if err := community(ctx, svc, &admin, people); err != nil {
		return accounts, fmt.Errorf("demo fan club: %w", err)
	}
	return accounts, nil
}

// joinedAt is the clock the demo's people join on: thirty days before now,
// before the demo's oldest history, a few minutes between readings.
func joinedAt(now time.Time) func() time.Time {
	return newSimClock(now.Add(-30 * 24 * time.Hour)).now
}

// demoPeople makes the demo's fans and staff, confirmed, with their
// random passwords, into people by email.
func demoPeople(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User) ([]Account, error) {
	var accounts []Account
	for _, f := range fans {
		// The demo's people are confirmed: the admin vouches for them.
		// Fans with Chinese names read their email in Chinese.
		a := Account{Email: f.email, Name: f.name, Role: "fan", Password: password()}
		u, err := svc.CreateConfirmedUser(ctx, admin, domain.SignUp{Email: a.Email, Name: a.Name, Password: a.Password, Locale: demoLocale(f.name)})
		if err != nil {
			return nil, fmt.Errorf("demo fan %s: %w", f.email, err)
		}
		people[a.Email], accounts = &u, append(accounts, a)
	}
	for _, r := range []struct{ email, name, role string }{
		{"judge@demo.cocreate", "Judge 周评委", "judge"},
		{"engineer@demo.cocreate", "Engineer 吴工", "engineer"},
		{"moderator@demo.cocreate", "Moderator 郑版主", "moderator"},
	} {
		// Staff with Chinese names read their email in Chinese too.
		a := Account{Email: r.email, Name: r.name, Role: r.role, Password: password()}
		u, err := svc.CreateConfirmedUser(ctx, admin, domain.SignUp{Email: a.Email, Name: a.Name, Password: a.Password, Locale: demoLocale(r.name)})
		if err != nil {
			return nil, err
		}
		if u, err = svc.SetRoles(ctx, admin, u.ID, []string{r.role}); err != nil {
			return nil, err
		}
		people[a.Email], accounts = &u, append(accounts, a)
	}
	return accounts, nil
}

func ptr[T any](v T) *T { return &v }

// inLanguage is the text in the language of the person loading the demo:
// English for an account kept in English (set up on an English page),
// else Chinese (the demo's brands are Chinese; -demo's own admin and an
// account made through the API without a language are Chinese too), as
// the i18n package matches a language.
func inLanguage(admin *domain.User, zh, en string) *string {
	if i18n.MatchOr(admin.Locale, "zh") == "en" {
		return &en
	}
	return &zh
}

func schedule(now time.Time, subsFrom, subsTo, voteFrom, voteTo time.Duration) domain.ChallengeInput {
	return domain.ChallengeInput{
		SubmissionsOpenAt: domain.SetTime(now.Add(subsFrom)), SubmissionsCloseAt: domain.SetTime(now.Add(subsTo)),
		VotingOpenAt: domain.SetTime(now.Add(voteFrom)), VotingCloseAt: domain.SetTime(now.Add(voteTo)),
	}
}

type demoIdea struct {
	author, title, summary, body string
	tags                         []string
	voters                       []string
	comments                     [][2]string // author email, text
}

func haier(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User, clock *simClock) error {
	day := 24 * time.Hour
	in := schedule(svc.Now(), -10*day, 20*day, -5*day, 25*day)
	in.Title = ptr("海尔洗衣机创客挑战：告别“二次污染” · Haier maker challenge: end secondary pollution")
	in.Brief = inLanguage(admin, haierBriefZh, haierBriefEn)
	in.Kind = ptr(domain.OpenCall)
	in.IdeasPerFan, in.VoteBudget, in.ShortlistSize, in.Winners = ptr(3), ptr(0), ptr(8), ptr(4)
	c, err := svc.CreateChallenge(ctx, admin, in)
	if err != nil {
		return err
	}
	if _, err := svc.SetCover(ctx, admin, c.ID, washer()); err != nil {
		return err
	}
	if err := post(ctx, svc, c.ID, people, haierIdeas, nil); err != nil {
		return err
	}
	// A click farm pushes two ideas: caught and quarantined, waiting for
	// the organiser on the integrity page.
	ideas, err := svc.Ideas(ctx, admin, c.ID, domain.SortNew, nil, 100)
	if err != nil {
		return err
	}
	n := len(ideas.Ideas)
	return ring(ctx, svc, clock, admin, c.ID, "haier-farm", 6, []int64{ideas.Ideas[n/2].ID, ideas.Ideas[n/2+1].ID}, "")
}

func qige(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User, clock *simClock) error {
	day := 24 * time.Hour
	in := schedule(svc.Now(), -3*day, 10*day, -2*day, 12*day)
	in.Title = ptr("七格格 2027 春季连衣裙：由你来选 · Spring 2027 dresses: you choose")
	in.Brief = inLanguage(admin, qigeBriefZh, qigeBriefEn)
	in.Kind = ptr(domain.DesignPoll)
	// Forty similar dresses rank better by "which of these two?" (#16).
	in.VotingMethod = ptr(string(domain.MethodPairwise))
	in.VoteBudget, in.ShortlistSize, in.Winners = ptr(0), ptr(4), ptr(2)
	qigeBuying(&in)
	c, err := svc.CreateChallenge(ctx, admin, in)
	if err != nil {
		return err
	}
	people[AdminEmail] = admin
	pictures := [][]byte{
		dress(rgb(196, 40, 60), rgb(250, 220, 120), rgb(253, 240, 236), 3),
		dress(rgb(30, 60, 120), rgb(240, 240, 250), rgb(232, 240, 250), 1),
		dress(rgb(60, 140, 90), rgb(240, 230, 200), rgb(236, 246, 238), 2),
		dress(rgb(245, 200, 60), rgb(255, 255, 255), rgb(252, 248, 230), 0),
		dress(rgb(120, 70, 160), rgb(230, 200, 240), rgb(244, 236, 250), 1),
	}
	if _, err := svc.SetCover(ctx, admin, c.ID, dress(rgb(196, 40, 60), rgb(250, 220, 120), rgb(253, 240, 236), 1)); err != nil {
		return err
	}
	if err := post(ctx, svc, c.ID, people, qigeIdeas, pictures); err != nil {
		return err
	}
	if err := qigeIntents(ctx, svc, c.ID, people); err != nil {
		return err
	}
	if err := comparePairs(ctx, svc, c.ID, people, qigeIdeas); err != nil {
		return err
	}
	// 刷票: 10 accounts made within seconds from two networks vote for two
	// dresses. The scan quarantines them and the organiser removes their
	// votes; the public integrity log says so.
	ideas, err := svc.Ideas(ctx, admin, c.ID, domain.SortNew, nil, 100)
	if err != nil {
		return err
	}
	if err := ring(ctx, svc, clock, admin, c.ID, "qige-farm", 10, []int64{ideas.Ideas[0].ID, ideas.Ideas[1].ID},
		"10 个新账号在几秒内从 2 个网络注册并立即投票 · 10 new accounts from 2 networks voted within seconds of signing up"); err != nil {
		return err
	}
	// Candidates are in: submissions close, the vote goes on.
	if _, err = svc.MovePhase(ctx, admin, c.ID, domain.MoveCloseSubmissions); err != nil {
		return err
	}
	return svc.RefitPairwise(ctx, c.ID)
}

// post submits the ideas, then the votes and comments, as their people.
func post(ctx context.Context, svc *service.Service, challengeID int64, people map[string]*domain.User, ideas []demoIdea, pictures [][]byte) error {
	for i, d := range ideas {
		author := people[d.author]
		var uploads []service.Upload
		if i < len(pictures) {
			uploads = []service.Upload{{Name: "design.png", Data: pictures[i]}}
		}
		idea, err := svc.SubmitIdea(ctx, author, challengeID, domain.IdeaInput{
			Title: &d.title, Summary: &d.summary, Body: &d.body, Tags: &d.tags,
		}, uploads)
		if err != nil {
			return fmt.Errorf("idea %q: %w", d.title, err)
		}
		for _, v := range d.voters {
			if !votesBySupport(ctx, svc, challengeID) {
				break // a pairwise poll's fans compare pairs instead (comparePairs)
			}
			if _, err := svc.VoteFrom(ctx, people[v], idea.ID, client(v)); err != nil {
				return fmt.Errorf("vote by %s: %w", v, err)
			}
		}
		for _, cm := range d.comments {
			if _, err := svc.Comment(ctx, people[cm[0]], idea.ID, cm[1]); err != nil {
				return fmt.Errorf("comment by %s: %w", cm[0], err)
			}
		}
	}
	return nil
}
