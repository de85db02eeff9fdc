package mail

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

var cfg = Config{BaseURL: "https://cocreate.example/", Secret: []byte("test secret"), Every: 10 * time.Millisecond}

func TestQueuedMailIsDeliveredAfterARestart(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "fan@example.com", "Fan", "")
	for i := range 5 {
		e.notify(t, u.ID, domain.NoticeShortlisted, fmt.Sprint("/ideas/", i), fmt.Sprint("idea ", i))
	}
	e.restart(t) // the server stops before any of it went out
	path := filepath.Join(e.dir, "mail", "outbox.mbox")
	fs, err := OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	stop, _ := run(NewWorker(e.st, fs, cfg))
	waitFor(t, "the mail to go out", func() bool { return e.pending(t) == 0 })
	stop()
	got := ids(t, path)
	if len(got) != 5 {
		t.Fatalf("%d messages in the outbox, want 5: %s", len(got), fmtIDs(got))
	}
}

// crashing sends through its sender and then, on the nth message, ends the
// worker's goroutine on the spot, before the worker can record the message
// as sent: what a kill -9 does at the worst moment.
type crashing struct {
	Sender
	at    int32
	calls atomic.Int32
}

func (c *crashing) Send(ctx context.Context, m Message) error {
	err := c.Sender.Send(ctx, m)
	if c.calls.Add(1) == c.at {
		runtime.Goexit()
	}
	return err
}

func TestCrashBetweenSendingAndRecordingLosesNoneAndSendsNoneTwice(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "fan@example.com", "Fan", "")
	const total = 10
	for i := range total {
		e.notify(t, u.ID, domain.NoticeWon, fmt.Sprint("/ideas/", i), fmt.Sprint("idea ", i))
	}
	path := filepath.Join(e.dir, "mail", "outbox.mbox")
	fs, err := OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	c := cfg
	c.Batch = 4
	_, died := run(NewWorker(e.st, &crashing{Sender: fs, at: 3}, c))
	<-died
	if got := ids(t, path); len(got) != 3 {
		t.Fatalf("before the crash the outbox holds %d messages, want 3", len(got))
	}
	// Two were recorded; the third is in the file but its job is not.
	if n := e.pending(t); n != total-2 {
		t.Fatalf("pending after the crash = %d, want %d", n, total-2)
	}

	// The process is gone: its file handle and database with it.
	fs.Close()
	e.restart(t)
	fs, err = OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	rec := &recorder{}
	tee := senderFunc(func(ctx context.Context, m Message) error {
		rec.Send(ctx, m)
		return fs.Send(ctx, m)
	})
	stop, _ := run(NewWorker(e.st, tee, c))
	waitFor(t, "the rest of the mail", func() bool { return e.pending(t) == 0 })
	stop()

	// The third message was sent again (the store could not know it went)
	// and the outbox recognised it.
	if n := len(rec.sent()); n != total-2 {
		t.Fatalf("the restarted worker sent %d messages, want %d", n, total-2)
	}
	got := ids(t, path)
	if len(got) != total {
		t.Fatalf("%d distinct messages in the outbox, want %d: %s", len(got), total, fmtIDs(got))
	}
	for id, n := range got {
		if n != 1 {
			t.Fatalf("message %s is in the outbox %d times", id, n)
		}
	}
	if n := len(outbox(t, path)); n != total {
		t.Fatalf("%d messages in the outbox, want %d", n, total)
	}
}

type senderFunc func(context.Context, Message) error

func (f senderFunc) Send(ctx context.Context, m Message) error { return f(ctx, m) }

func TestFailedSendsBackOffAndKeepTheirMessageID(t *testing.T) {
	e := newEnv(t)
	now := time.UnixMilli(1_800_000_000_000)
	e.st.Now = func() time.Time { return now }
	u := e.user(t, "fan@example.com", "Fan", "")
	e.notify(t, u.ID, domain.NoticeProject, "/projects/1", "idea")
	rec := &recorder{fail: func(n int) error {
		if n <= 2 {
			return errors.New("421 try again later")
		}
		return nil
	}}
	w := NewWorker(e.st, rec, cfg)
	ctx := context.Background()
	drain := func(want int) {
		t.Helper()
		n, err := w.Drain(ctx)
		if err != nil || n != want {
			t.Fatalf("Drain = %d, %v; want %d", n, err, want)
		}
	}
	drain(0)
	now = now.Add(30 * time.Second)
	drain(0) // the second failure
	now = now.Add(time.Minute - time.Millisecond)
	drain(0)
	if n := len(rec.sent()); n != 2 {
		t.Fatalf("tried %d times before the backoff ended, want 2", n)
	}
	if retried, gaveUp := w.Failures(); retried != 2 || gaveUp != 0 {
		t.Fatalf("Failures = %d to retry, %d given up; want 2, 0", retried, gaveUp)
	}
	now = now.Add(time.Millisecond)
	drain(1)
	msgs := rec.sent()
	if len(msgs) != 3 || msgs[0].ID != msgs[2].ID || string(msgs[0].Bytes("x@y")) != string(msgs[2].Bytes("x@y")) {
		t.Fatalf("the retries were not the same message: %+v", msgs)
	}
	if e.pending(t) != 0 {
		t.Fatal("the job is still pending")
	}
}

func TestPermanentFailureIsNotRetried(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "fan@example.com", "Fan", "")
	e.notify(t, u.ID, domain.NoticeProject, "/projects/1", "idea")
	rec := &recorder{fail: func(int) error { return Permanent(errors.New("550 no such user")) }}
	w := NewWorker(e.st, rec, cfg)
	w.Drain(context.Background())
	e.st.Now = func() time.Time { return time.Now().Add(48 * time.Hour) }
	w.Drain(context.Background())
	if n := len(rec.sent()); n != 1 {
		t.Fatalf("tried %d times, want 1", n)
	}
	if e.pending(t) != 0 {
		t.Fatal("a permanent failure is still pending")
	}
	if retried, gaveUp := w.Failures(); retried != 0 || gaveUp != 1 {
		t.Fatalf("Failures = %d to retry, %d given up; want 0, 1", retried, gaveUp)
	}
}

func TestASenderPanicFailsOnlyItsMessage(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "fan@example.com", "Fan", "")
	e.notify(t, u.ID, domain.NoticeWon, "/ideas/1", "a")
	e.notify(t, u.ID, domain.NoticeWon, "/ideas/2", "b")
	rec := &recorder{fail: func(n int) error {
		if n == 1 {
			panic("boom")
		}
		return nil
	}}
	n, err := NewWorker(e.st, rec, cfg).Drain(context.Background())
	if err != nil || n != 1 || e.pending(t) != 1 {
		t.Fatalf("sent %d, err %v, pending %d", n, err, e.pending(t))
	}
}

func TestMessagesSpeakTheRecipientsLanguage(t *testing.T) {
	e := newEnv(t)
	en := e.user(t, "en@example.com", "Ann", "")
	zh := e.user(t, "zh@example.com", "小王", "zh")
	e.notify(t, en.ID, domain.NoticeShortlisted, "/ideas/7", "Self-cleaning drum")
	e.notify(t, zh.ID, domain.NoticeShortlisted, "/ideas/8", "自清洁内筒")
	rec := &recorder{}
	if _, err := NewWorker(e.st, rec, cfg).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := rec.sent()
	if len(msgs) != 2 {
		t.Fatalf("sent %d messages", len(msgs))
	}
	for _, c := range []struct {
		m                 Message
		lang, to, subject string
		body              []string
	}{
		{msgs[0], "en", "en@example.com", "cocreate: Your idea “Self-cleaning drum” is on the shortlist: the judges will score it.",
			[]string{"Hello Ann,", "https://cocreate.example/ideas/7", "https://cocreate.example/notifications"}},
		// The site's name as its Chinese pages give it (site.name), not "cocreate".
		{msgs[1], "zh", "zh@example.com", "共创：你的创意“自清洁内筒”入围了，评委将为它打分。",
			[]string{"小王，你好：", "https://cocreate.example/ideas/8", "查看全部通知", "\n-- \n共创\n", "你在共创上有一条新通知"}},
	} {
		if c.m.Lang != c.lang || c.m.To != c.to || c.m.Subject != c.subject {
			t.Errorf("message = %+v", c.m)
		}
		for _, want := range c.body {
			if !strings.Contains(c.m.Text, want) {
				t.Errorf("%s body lacks %q:\n%s", c.lang, want, c.m.Text)
			}
		}
		if words := strings.ReplaceAll(c.m.Text, "https://cocreate.example", ""); c.lang == "zh" && strings.Contains(words, "cocreate") {
			t.Errorf("zh body names the site in English:\n%s", c.m.Text)
		}
		// And the rendered message says the same once decoded.
		raw := string(c.m.Bytes(DefaultFrom))
		m := parse(t, raw)
		subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
		if err != nil || subject != c.subject {
			t.Errorf("Subject decodes to %q, %v", subject, err)
		}
		body, _ := io.ReadAll(quotedprintable.NewReader(m.Body))
		if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != c.m.Text {
			t.Errorf("body decodes to %q, want %q", got, c.m.Text)
		}
		if m.Header.Get("Content-Language") != c.lang || m.Header.Get("Message-ID") != c.m.ID {
			t.Errorf("headers: %v", m.Header)
		}
		// Every email says how to stop them, in the body and as a one-click
		// header that mail programs show as a button.
		stop := c.m.Unsubscribe
		if !strings.HasPrefix(stop, "https://cocreate.example/unsubscribe?u=") || !strings.Contains(c.m.Text, stop) {
			t.Errorf("%s: unsubscribe link %q, not in the body:\n%s", c.lang, stop, c.m.Text)
		}
		if m.Header.Get("List-Unsubscribe") != "<"+stop+">" || m.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Errorf("%s: List-Unsubscribe headers: %v", c.lang, m.Header)
		}
	}
	// A stage's name is a message key, translated like the page does.
	e.notify(t, zh.ID, domain.NoticeStage, "/projects/3", "自清洁内筒", "stage.fan_test")
	e.notify(t, en.ID, domain.NoticeStage, "/projects/3", "Self-cleaning drum", "stage.fan_test")
	if _, err := NewWorker(e.st, rec, cfg).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	stage := rec.sent()[2:]
	if len(stage) != 2 || !strings.Contains(stage[0].Text, "“自清洁内筒”进入新阶段：粉丝测试。") ||
		!strings.Contains(stage[1].Text, "“Self-cleaning drum” moved to the stage: ") || strings.Contains(stage[1].Text, "stage.fan_test") {
		t.Errorf("stage notices: %+v", stage)
	}
	if msgs[0].ID == msgs[1].ID || !strings.HasSuffix(msgs[0].ID, "@cocreate.example>") {
		t.Errorf("Message-IDs %s and %s", msgs[0].ID, msgs[1].ID)
	}
}

// A slow mail server (a minute a message here) must not let a batch's
// claim run out while its messages are still being sent: another node
// would claim and send the rest too. The worker stops the batch at half
// its claim; the rest go out after the claim ends, each once.
func TestASlowServerSendsEachMessageOnce(t *testing.T) {
	e := newEnv(t)
	now := time.UnixMilli(1_800_000_000_000)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	tick := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	e.st.Now = clock
	u := e.user(t, "fan@example.com", "Fan", "")
	for i := range 8 {
		e.notify(t, u.ID, domain.NoticeShortlisted, fmt.Sprint("/ideas/", i), fmt.Sprint("idea ", i))
	}
	c := cfg
	c.Now = clock
	other := &recorder{}
	otherNode := NewWorker(e.st, other, c)
	ctx := context.Background()
	slow := &recorder{fail: func(int) error {
		tick(time.Minute)
		if clock().Sub(time.UnixMilli(1_800_000_000_000)) > store.MailLease {
			// The claim has run out mid-batch: the other node sends
			// what it finds due.
			if _, err := otherNode.Drain(ctx); err != nil {
				t.Error(err)
			}
		}
		return nil
	}}
	n, err := NewWorker(e.st, slow, c).Drain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n >= 8 {
		t.Fatalf("the slow worker sent all %d in one claim of %v", n, store.MailLease)
	}
	tick(store.MailLease)
	if _, err := otherNode.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, m := range append(slow.sent(), other.sent()...) {
		seen[m.ID]++
	}
	if len(seen) != 8 {
		t.Errorf("%d distinct messages went out; want 8", len(seen))
	}
	for id, k := range seen {
		if k > 1 {
			t.Errorf("message %s went out %d times", id, k)
		}
	}
}
