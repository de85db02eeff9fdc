package mail

import (
	"context"
	"io"
	"mime"
	"mime/quotedprintable"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// An account's own emails (a confirmation, a password reset) say in their
// subject what they are, in a few words of the recipient's language, carry
// their link, say why they came and offer no unsubscribing: they go
// whatever the person's email choices, so a "to stop these emails" line or
// a one-click header would promise what is not so.
func TestAccountEmailsSayWhatTheyAre(t *testing.T) {
	e := newEnv(t)
	en := e.user(t, "en@example.com", "Ann", "")
	zh := e.user(t, "zh@example.com", "小王", "zh")
	e.notify(t, en.ID, domain.NoticePasswordReset, "/password/reset?id=5")
	e.notify(t, zh.ID, domain.NoticePasswordReset, "/password/reset?id=6")
	e.notify(t, en.ID, domain.NoticeVerifyEmail, "https://cocreate.example/verify?token=abc")
	e.notify(t, zh.ID, domain.NoticeVerifyEmail, "https://cocreate.example/verify?token=def")
	rec := &recorder{}
	if _, err := NewWorker(e.st, rec, cfg).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := rec.sent()
	if len(msgs) != 4 {
		t.Fatalf("sent %d messages, want 4", len(msgs))
	}
	for i, c := range []struct {
		to, subject string
		body        []string
	}{
		{"en@example.com", "cocreate: reset your password", []string{"Hello Ann,", "asked to reset your password",
			"https://cocreate.example/password/reset?token=" + ResetToken(cfg.Secret, 5, en.ID), "a new password was asked for the account with this address"}},
		{"zh@example.com", "共创：重设你的密码", []string{"小王，你好：", "申请重设你的密码",
			"https://cocreate.example/password/reset?token=" + ResetToken(cfg.Secret, 6, zh.ID), "有人为这个邮箱的账号申请了新密码"}},
		// A confirmation goes to an address nobody has confirmed: it
		// greets no one by the name whoever signed up chose.
		{"en@example.com", "cocreate: confirm your email address", []string{"Hello,\n", "https://cocreate.example/verify?token=abc", "used to open or confirm an account"}},
		{"zh@example.com", "共创：请验证你的邮箱", []string{"你好：\n", "https://cocreate.example/verify?token=def", "注册或验证了账号"}},
	} {
		m := msgs[i]
		if m.To != c.to || m.Subject != c.subject {
			t.Errorf("message %d to %s: subject %q, want %q to %s", i, m.To, m.Subject, c.subject, c.to)
		}
		for _, want := range c.body {
			if !strings.Contains(m.Text, want) {
				t.Errorf("message %d lacks %q:\n%s", i, want, m.Text)
			}
		}
		if i >= 2 && (strings.Contains(m.Text, "Ann") || strings.Contains(m.Text, "小王") || m.ToName != "") {
			t.Errorf("message %d, a confirmation, names the account (to %q):\n%s", i, m.ToName, m.Text)
		}
		for _, not := range []string{"/unsubscribe", "/notifications", "notification", "通知"} {
			if strings.Contains(m.Text, not) {
				t.Errorf("message %d speaks of %q, as a notification's email does:\n%s", i, not, m.Text)
			}
		}
		raw := parse(t, string(m.Bytes(DefaultFrom)))
		if h := raw.Header.Get("List-Unsubscribe"); m.Unsubscribe != "" || h != "" {
			t.Errorf("message %d offers to unsubscribe: %q, header %q", i, m.Unsubscribe, h)
		}
		if s, err := new(mime.WordDecoder).DecodeHeader(raw.Header.Get("Subject")); err != nil || s != c.subject {
			t.Errorf("message %d: Subject decodes to %q, %v", i, s, err)
		}
		body, _ := io.ReadAll(quotedprintable.NewReader(raw.Body))
		if got := strings.ReplaceAll(string(body), "\r\n", "\n"); got != m.Text {
			t.Errorf("message %d: body decodes to %q, want %q", i, got, m.Text)
		}
	}
}

// An address nobody has proven is greeted by no name, in any email:
// whoever signed up with someone else's address chose the name, and a
// reset or a notice must not carry it to that inbox in the site's voice.
func TestAnUnconfirmedAddressIsGreetedByNoName(t *testing.T) {
	e := newEnv(t)
	en := e.unconfirmed(t, "victim@example.com", "Visit http://evil.example now", "")
	zh := e.unconfirmed(t, "victim2@example.com", "访问 http://evil.example", "zh")
	e.notify(t, en.ID, domain.NoticePasswordReset, "/password/reset?id=5")
	e.notify(t, zh.ID, domain.NoticePasswordReset, "/password/reset?id=6")
	rec := &recorder{}
	if _, err := NewWorker(e.st, rec, cfg).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := rec.sent()
	if len(msgs) != 2 {
		t.Fatalf("sent %d messages, want 2", len(msgs))
	}
	for i, greet := range []string{"Hello,\n", "你好：\n"} {
		m := msgs[i]
		if !strings.HasPrefix(m.Text, greet) || strings.Contains(m.Text, "evil.example") || m.ToName != "" {
			t.Errorf("message %d (to %q):\n%s", i, m.ToName, m.Text)
		}
	}
}
