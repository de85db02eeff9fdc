package mail

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"net/mail"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, raw string) *mail.Message {
	t.Helper()
	m, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("unreadable message: %v\n%s", err, raw)
	}
	return m
}

func TestMessageHeadersAreEncodedAndCannotBeInjected(t *testing.T) {
	m := Message{
		ID:      "<cocreate.1.abc@example.com>",
		To:      "wang@example.com",
		ToName:  "小王 \"the tester\"",
		Subject: "cocreate：你的创意“" + strings.Repeat("二次污染", 20) + "”\r\nBcc: victim@example.com",
		Text:    "line one\nFrom the engineers\n\nhttps://example.com/ideas/1\n",
		Lang:    "zh",
		Date:    time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
	raw := m.Bytes("cocreate <noreply@example.com>")
	for i, line := range bytes.Split(raw, []byte("\r\n")) {
		if len(line) > 998 || bytes.ContainsAny(line, "\r\n") {
			t.Fatalf("line %d breaks RFC 5322: %q", i, line)
		}
		if i < 12 && len(line) > 100 {
			t.Errorf("header line %d is not folded: %q", i, line)
		}
	}
	msg := parse(t, string(raw))
	if msg.Header.Get("Bcc") != "" {
		t.Fatal("a subject added a header")
	}
	to, err := mail.ParseAddress(msg.Header.Get("To"))
	if err != nil || to.Name != m.ToName || to.Address != m.To {
		t.Errorf("To = %q (%v)", msg.Header.Get("To"), err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	want := strings.ReplaceAll(m.Subject, "\r\n", "  ")
	if err != nil || subject != want {
		t.Errorf("Subject = %q (%v), want %q", subject, err, want)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date = %v (%v)", d, err)
	}
	for _, h := range []string{"Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Auto-Submitted"} {
		if msg.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	for _, b := range raw {
		if b >= 0x80 {
			t.Fatal("the message is not 7-bit clean")
		}
	}
}

func TestMessageIDIsStableAndDistinct(t *testing.T) {
	at := time.UnixMilli(1_700_000_000_000)
	a := MessageID(42, at, []byte("k1"), "example.com")
	if a != MessageID(42, at, []byte("k1"), "example.com") {
		t.Fatal("the same job got two Message-IDs")
	}
	if _, err := mail.ParseAddress(a); err != nil {
		t.Errorf("%s is not an addr-spec in brackets: %v", a, err)
	}
	for _, other := range []string{
		MessageID(43, at, []byte("k1"), "example.com"),
		MessageID(42, at.Add(time.Millisecond), []byte("k1"), "example.com"),
		MessageID(42, at, []byte("k2"), "example.com"),
	} {
		if other == a {
			t.Errorf("two jobs share the Message-ID %s", a)
		}
	}
	if !strings.HasPrefix(a, "<cocreate.42.") || !strings.HasSuffix(a, "@example.com>") {
		t.Errorf("Message-ID %s", a)
	}
}

func TestLoadSecretIsMadeOnceAndKept(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail", "secret")
	a, err := LoadSecret(path)
	if err != nil || len(a) != 32 {
		t.Fatalf("LoadSecret = %x, %v", a, err)
	}
	b, err := LoadSecret(path)
	if err != nil || !bytes.Equal(a, b) {
		t.Fatalf("the secret changed: %x then %x (%v)", a, b, err)
	}
}

func TestPermanentIsRecognisedThroughWrapping(t *testing.T) {
	base := errors.New("550 no such user")
	err := fmt.Errorf("sending: %w", Permanent(base))
	if !IsPermanent(err) || !errors.Is(err, base) {
		t.Fatal("a wrapped permanent error was not recognised")
	}
	if IsPermanent(base) || Permanent(nil) != nil {
		t.Fatal("Permanent misjudged")
	}
}

func TestUnsubscribeTokenOpensOnlyItsOwnersLink(t *testing.T) {
	secret := []byte("installation secret")
	good := UnsubscribeToken(secret, 42)
	for _, c := range []struct {
		name   string
		secret []byte
		user   int64
		token  string
		valid  bool
	}{
		{"its owner", secret, 42, good, true},
		{"another user", secret, 43, good, false},
		{"another installation", []byte("other secret"), 42, good, false},
		{"tampered", secret, 42, good[:len(good)-1] + "0", false},
		{"cut short", secret, 42, good[:8], false},
		{"empty", secret, 42, "", false},
		{"no secret", nil, 42, UnsubscribeToken(nil, 42), false},
	} {
		if got := ValidUnsubscribe(c.secret, c.user, c.token); got != c.valid {
			t.Errorf("%s: valid = %v, want %v", c.name, got, c.valid)
		}
	}
	if got := UnsubscribeURL("https://x.example/", secret, 42); got != "https://x.example/unsubscribe?u=42&t="+good {
		t.Errorf("UnsubscribeURL = %q", got)
	}
}
