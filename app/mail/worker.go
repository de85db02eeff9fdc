package mail

import (
	"context"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/store"
)

// Queue is the part of the store the worker uses; *store.Store has it.
type Queue interface {
	ClaimMail(ctx context.Context, limit int) ([]store.MailJob, error)
	MarkMailSent(ctx context.Context, id int64) error
	MarkMailFailed(ctx context.Context, id int64, cause string, final bool) (bool, error)
	ReleaseMailClaims(ctx context.Context) (int, error)
}

// Config tunes a Worker; the zero value works.
type Config struct {
	// BaseURL is the site's public address, for the links in messages;
	// http://127.0.0.1:8080 when empty.
	BaseURL string
	// Host is the domain part of Message-IDs, best the sender's domain;
	// the host of BaseURL when empty. Like Secret it must not change while
	// jobs are owed, or a resent message would not be known as the same.
	Host   string
	Secret []byte // the installation's Message-ID key, from LoadSecret
	Batch  int    // jobs claimed at once, 20 when zero
	// Every is how often the worker looks for due jobs, 1 s when zero.
	Every time.Duration
	// Wake, if set, makes the worker look at once, for instance after a
	// commit that queued mail.
	Wake   <-chan struct{}
	Logger *slog.Logger
	// Lang is the installation's default language (-lang), for accounts
	// that recorded none; English when empty.
	Lang string
	// Now is the clock the batch's claim is timed by, the store's; the
	// time of day when nil.
	Now func() time.Time
	// SiteName is the site's name in a language, as its pages say it (the
	// brand's, service.SiteName); the translations' site.name when nil
	// or when it gives "".
	SiteName func(lang string) string
}

// Worker sends the store's due mail jobs. Run one per database: its start
// takes over every claim (see store.ReleaseMailClaims).
type Worker struct {
	q      Queue
	sender Sender
	cfg    Config
	log    *slog.Logger
	// retried and gaveUp count this process's failed sends, for /metrics.
	retried, gaveUp atomic.Uint64
}

// Failures counts this process's failed sends since it started: those to
// be tried again, and those given up. A message not owed any more (its
// recipient suspended, say) is neither.
func (w *Worker) Failures() (retried, gaveUp uint64) {
	return w.retried.Load(), w.gaveUp.Load()
}

// NewWorker returns a worker that sends q's jobs through sender.
func NewWorker(q Queue, sender Sender, cfg Config) *Worker {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://127.0.0.1:8080"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.Host == "" {
		if u, err := url.Parse(cfg.BaseURL); err == nil && u.Hostname() != "" {
			cfg.Host = u.Hostname()
		}
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.Every <= 0 {
		cfg.Every = time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{q: q, sender: sender, cfg: cfg, log: log}
}

// Run sends due mail until ctx ends, looking every Config.Every and on
// Config.Wake. It first releases the claims a previous process left, so
// that the messages it was sending when it died go out now, not after the
// lease. A message under way when ctx ends is finished and recorded.
func (w *Worker) Run(ctx context.Context) error {
	if n, err := w.q.ReleaseMailClaims(ctx); err != nil {
		return err
	} else if n > 0 {
		w.log.Info("mail: resuming messages a previous run was sending", "jobs", n)
	}
	tick := time.NewTicker(w.cfg.Every)
	defer tick.Stop()
	for {
		if _, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("mail: unable to send", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-w.cfg.Wake:
		}
	}
}

// Drain sends every job due now and reports how many went out. It stops
// early when ctx ends, leaving the rest claimed until the next start or the
// lease frees them.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	sent := 0
	for ctx.Err() == nil {
		claimed := w.now() // no later than the claim's own time
		jobs, err := w.q.ClaimMail(ctx, w.cfg.Batch)
		if err != nil {
			return sent, err
		}
		if len(jobs) == 0 {
			return sent, nil
		}
		for i, job := range jobs {
			if ctx.Err() != nil {
				break
			}
			if w.now().Sub(claimed) >= store.MailLease/2 {
				// A slow server has used half the batch's claim: the rest
				// could outlast it (twenty sends of up to 30 s each), and
				// another node would claim and send them too. They are
				// left claimed, due again when the claim ends.
				w.log.Warn("mail: sending slowly; the rest of the batch waits for its claim to end", "left", len(jobs)-i)
				return sent, nil
			}
			ok, err := w.deliver(ctx, job)
			if ok {
				sent++
			}
			if err != nil {
				return sent, err
			}
		}
	}
	return sent, nil
}

func (w *Worker) now() time.Time {
	if w.cfg.Now != nil {
		return w.cfg.Now()
	}
	return time.Now()
}

// notOwed is the record of an email not sent because its recipient may no
// longer be told (domain.MayBeMailed).
const notOwed = "its recipient is suspended, turned off emails of its kind, or may no longer see what it is about"

// deliver sends one job and records the outcome. ok says the message went;
// err is a store failure, which stops the pass.
func (w *Worker) deliver(ctx context.Context, job store.MailJob) (ok bool, err error) {
	// Neither the send nor its record is cut off by shutdown: a message
	// abandoned midway, or sent but not recorded, is what makes duplicates.
	// The sender's own timeout bounds the wait.
	steady := context.WithoutCancel(ctx)
	if !domain.MayBeMailed(&job.Recipient, job.Kind, job.Item, w.now()) {
		// Given up at once, saying why; nothing was sent.
		if _, err := w.q.MarkMailFailed(steady, job.ID, notOwed, true); err != nil {
			return false, err
		}
		w.log.Info("mail: not sent: "+notOwed, "job", job.ID, "to", job.Email)
		return false, nil
	}
	m, err := w.Compose(job)
	if err == nil {
		err = w.send(steady, m)
	}
	if err == nil {
		if err := w.q.MarkMailSent(steady, job.ID); err != nil {
			return true, err
		}
		return true, nil
	}
	gaveUp, markErr := w.q.MarkMailFailed(steady, job.ID, err.Error(), IsPermanent(err))
	if markErr != nil {
		return false, markErr
	}
	if gaveUp {
		w.gaveUp.Add(1)
		w.log.Error("mail: giving up a message", "job", job.ID, "to", job.Email, "attempts", job.Attempts+1, "err", err)
	} else {
		w.retried.Add(1)
		w.log.Warn("mail: sending failed, will retry", "job", job.ID, "to", job.Email,
			"in", store.MailBackoff(job.Attempts+1).String(), "err", err)
	}
	return false, nil
}

// send calls the sender, turning a panic into an error so that one bad
// message cannot stop the mail of everyone else.
func (w *Worker) send(ctx context.Context, m Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("mail: sender panicked: %v", p)
		}
	}()
	return w.sender.Send(ctx, m)
}

// Compose writes a job's message in its recipient's language: the
// notification's own text, as the notifications page shows it, with a
// greeting, the absolute link and a line saying why the email came.
func (w *Worker) Compose(job store.MailJob) (Message, error) {
	if _, err := mail.ParseAddress(job.Email); err != nil {
		return Message{}, Permanent(fmt.Errorf("mail: %q is not an address: %w", job.Email, err))
	}
	lang := job.Locale
	if lang == "" {
		lang = i18n.MatchOr(w.cfg.Lang, "en")
	} else if i18n.For(lang).Lang != lang {
		lang = i18n.Match(lang) // "zh-CN" and the like
	}
	p := i18n.For(lang)
	// A name or a title is one line in the message: text a person wrote
	// cannot add lines of its own to the site's email (a fake warning with
	// a link of theirs), whatever was stored before names refused them.
	args := make([]string, len(job.Args))
	for i, a := range job.Args {
		args[i] = oneLine(a)
	}
	notice := strings.TrimSpace(p.Notice(string(job.Kind), args))
	if by := domain.MailNoticeBy(job.Kind, job.Item); by != nil {
		notice = strings.TrimSpace(p.NoticeBy(string(job.Kind), args, oneLine(by.Name)))
	}
	link := job.URL
	if !strings.Contains(link, "://") {
		link = w.cfg.BaseURL + "/" + strings.TrimLeft(link, "/")
	}
	if job.Kind == domain.NoticePasswordReset || job.Kind == domain.NoticeInvited {
		// The notification names the reset; only the email carries its
		// link, made here from the installation's secret.
		u, err := url.Parse(job.URL)
		id, perr := strconv.ParseInt(u.Query().Get("id"), 10, 64)
		if err != nil || perr != nil {
			return Message{}, Permanent(fmt.Errorf("mail: reset notification %d names no reset: %q", job.NotificationID, job.URL))
		}
		link = ResetURL(w.cfg.BaseURL, w.cfg.Secret, id, job.UserID)
	}
	f := framed(p, w.siteName(p))
	// A name is the site's words to an inbox only where the address was
	// proven (or the name is an admin's, an invitation's): whoever signed
	// up with someone else's address chose the name, and "Visit
	// http://evil.example now" must not greet a stranger in the site's
	// voice, in a confirmation, a reset or any notice.
	greeting, toName := f.greetNoName, ""
	if job.Kind != domain.NoticeVerifyEmail && (job.Recipient.Verified || job.Kind == domain.NoticeInvited) {
		greeting, toName = fmt.Sprintf(f.greet, oneLine(job.Name)), job.Name
	}
	subject := f.subject + notice
	stop := UnsubscribeURL(w.cfg.BaseURL, w.cfg.Secret, job.UserID)
	text := fmt.Sprintf(f.body, greeting, notice, link, w.cfg.BaseURL+"/notifications", stop)
	switch job.Kind {
	// An account's own email was asked for (a sign-up, a reset): it goes
	// whatever the person's choices, so it offers no unsubscribing and no
	// notifications page, says why it came, and its subject names it in a
	// few words rather than repeating the notice.
	case domain.NoticeVerifyEmail:
		subject, text, stop = f.subject+f.verifySubject, fmt.Sprintf(f.account, greeting, notice, link), ""
	case domain.NoticePasswordReset:
		subject, text, stop = f.subject+f.resetSubject, fmt.Sprintf(f.reset, greeting, notice, link), ""
	case domain.NoticePasswordChanged, domain.NoticeEmailChanged:
		subject, text, stop = f.subject+f.changedSubject, fmt.Sprintf(f.changed, greeting, notice, link), ""
	case domain.NoticeInvited:
		subject, text, stop = f.subject+f.inviteSubject, fmt.Sprintf(f.invite, greeting, notice, link), ""
	}
	return Message{
		ID:          MessageID(job.ID, job.CreatedAt, w.cfg.Secret, w.cfg.Host),
		To:          domain.SecurityAddress(job.Kind, job.Args, job.Email),
		ToName:      toName,
		Subject:     subject,
		Text:        text,
		Lang:        p.Lang,
		Date:        job.CreatedAt,
		Unsubscribe: stop,
	}, nil
}

// framing is the text around a notice, per language. It lives here rather
// than in the translation files because it exists only in email; the notice
// itself comes from the translations. Body verbs: name, notice, link, the
// notifications page, the link that stops these emails. {site} is the
// site's name as its pages give it in that language (site.name: 共创 in
// Chinese), filled in by framed.
var framing = map[string]frame{
	"en": {
		subject:       "{site}: ",
		greet:         "Hello %s,",
		greetNoName:   "Hello,",
		verifySubject: "confirm your email address",
		resetSubject:  "reset your password",
		body: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\nYou receive this email because of a notification on {site}. All your notifications: %s\n" +
			"To stop these emails (notifications stay in the app): %s\n",
		account: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\nYou receive this email because this address was used to open or confirm an account. If that was not you, ignore it.\n",
		reset: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\nYou receive this email because a new password was asked for the account with this address. It comes whatever your email choices.\n",
		changedSubject: "your account was changed",
		changed: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\nYou receive this email because the password or the address of the account with this address was changed. It comes whatever your email choices.\n",
		inviteSubject: "you are invited to join",
		invite: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\nYou receive this email because an admin of {site} opened an account for this address. If you do not know them, ignore it: without a password set, nobody can sign in to it.\n",
	},
	"zh": {
		subject:       "{site}：",
		greet:         "%s，你好：",
		greetNoName:   "你好：",
		verifySubject: "请验证你的邮箱",
		resetSubject:  "重设你的密码",
		body: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\n你收到这封邮件，是因为你在{site}上有一条新通知。查看全部通知：%s\n" +
			"不想再收到这类邮件（通知仍会在站内显示）：%s\n",
		account: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\n你收到这封邮件，是因为有人用这个邮箱注册或验证了账号。如果不是你本人，请忽略。\n",
		reset: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\n你收到这封邮件，是因为有人为这个邮箱的账号申请了新密码。无论你的邮件设置如何，这类邮件都会发送。\n",
		changedSubject: "你的账户信息已更改",
		changed: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\n你收到这封邮件，是因为这个邮箱的账户刚刚修改了密码或邮箱。无论你的邮件设置如何，这类邮件都会发送。\n",
		inviteSubject: "邀请你加入",
		invite: "%s\n\n%s\n\n%s\n\n" +
			"-- \n{site}\n你收到这封邮件，是因为{site}的管理员用这个邮箱为你开了账号。如果你不认识对方，请忽略这封邮件：不设置密码，谁也无法登录这个账号。\n",
	},
}

// frame is one language's text around a notice: the subject's start, the
// body of a notification's email, and the bodies and subjects of an
// account's own emails (a confirmation, a reset).
type frame struct {
	// greet is the first line, with the person's name; greetNoName the
	// line for one whose name is not to be trusted (Compose).
	greet, greetNoName                                         string
	subject, body, account, reset, changed, invite             string
	verifySubject, resetSubject, changedSubject, inviteSubject string
}

// siteName is the site's name in p's language (Config.SiteName).
func (w *Worker) siteName(p i18n.Printer) string {
	if w.cfg.SiteName != nil {
		if n := oneLine(w.cfg.SiteName(p.Lang)); n != "" {
			return n
		}
	}
	return p.T("site.name")
}

// framed is the framing in p's language (English for a language added to
// i18n before its framing here), with the site's name in that language.
func framed(p i18n.Printer, site string) frame {
	f, ok := framing[p.Lang]
	if !ok {
		f = framing["en"]
	}
	f.subject = strings.ReplaceAll(f.subject, "{site}", site)
	site = strings.ReplaceAll(site, "%", "%%") // the bodies are formats
	for _, b := range []*string{&f.body, &f.account, &f.reset, &f.changed, &f.invite} {
		*b = strings.ReplaceAll(*b, "{site}", site)
	}
	return f
}
