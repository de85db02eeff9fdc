// Package mail delivers notifications by email. The store keeps a job for
// every notification, written in the notification's own transaction; the
// Worker here claims due jobs, writes each message in its recipient's
// language and hands it to a Sender: SMTPSender when a mail server is
// configured, FileSender (a local mbox file) when not.
//
// Delivery is exactly-once with FileSender and at-least-once with SMTP. The
// one dangerous moment is a death after a message left but before the store
// marked it sent: the job is sent again after the restart. Every try of a job
// carries the same Message-ID, so FileSender skips a message it already holds,
// and a receiving server or mail client can drop the duplicate; SMTP itself
// offers no way to ask a server whether it already took a message.
package mail

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Sender delivers one message. Send returns nil only once the message is
// durably handed over (accepted by the server, or synced to disk), because
// the worker marks the job sent right after. Errors wrapped with Permanent
// stop the retries.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Message is one email, ready to send.
type Message struct {
	ID      string // Message-ID with its angle brackets, the same on every try of one job
	To      string // the address
	ToName  string // the display name, any script
	Subject string
	Text    string // the plain-text body, lines separated by "\n"
	Lang    string // Content-Language, "en" or "zh"
	// Date is when the notification was made, not when this try runs, so
	// that every try of a job is byte-for-byte the same message.
	Date time.Time
	// Unsubscribe is the recipient's link that stops these emails, sent as
	// List-Unsubscribe with RFC 8058's one-click POST; none when empty.
	Unsubscribe string
}

// MessageID makes the Message-ID of a job: the job id and its creation time
// keep it unique within one database (ids are reused by a database made
// anew, times are not), and an HMAC under the installation's secret keeps it
// unique among installations and avoids disclosing how much mail a site sends.
// The result depends on nothing else, so it is stable across retries and
// restarts, which is what lets duplicates be recognised.
func MessageID(jobID int64, created time.Time, secret []byte, host string) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "%d:%d", jobID, created.UnixMilli())
	if host == "" {
		host = "cocreate.invalid"
	}
	return "<cocreate." + strconv.FormatInt(jobID, 10) + "." + hex.EncodeToString(mac.Sum(nil)[:10]) + "@" + host + ">"
}

// UnsubscribeToken is what lets a link in an email stop that person's
// notification emails without signing in: an HMAC of their id under the
// installation's secret (kept apart from Message-IDs by its prefix).
func UnsubscribeToken(secret []byte, userID int64) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "unsubscribe:%d", userID)
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// ValidUnsubscribe reports whether token is userID's unsubscribe token,
// comparing in constant time.
func ValidUnsubscribe(secret []byte, userID int64, token string) bool {
	want := UnsubscribeToken(secret, userID)
	return len(secret) > 0 && hmac.Equal([]byte(want), []byte(token))
}

// UnsubscribeURL is the link, under base, that stops userID's emails.
func UnsubscribeURL(base string, secret []byte, userID int64) string {
	return strings.TrimRight(base, "/") + "/unsubscribe?u=" + strconv.FormatInt(userID, 10) + "&t=" + UnsubscribeToken(secret, userID)
}

// ResetToken is the token of a password reset's link: the reset's id and an
// HMAC of it and its account under the installation's secret, so that the
// database keeps nothing a link could be rebuilt from.
func ResetToken(secret []byte, resetID, userID int64) string {
	mac := hmac.New(sha256.New, secret)
	fmt.Fprintf(mac, "password-reset:%d:%d", resetID, userID)
	return strconv.FormatInt(resetID, 10) + "." + hex.EncodeToString(mac.Sum(nil)[:16])
}

// ResetID reads the reset id a token names, without checking it: check it
// with ValidReset once the reset's account is known.
func ResetID(token string) (int64, bool) {
	id, _, ok := strings.Cut(token, ".")
	n, err := strconv.ParseInt(id, 10, 64)
	return n, ok && err == nil && n > 0
}

// ValidReset reports whether token is the reset's genuine token, comparing
// in constant time.
func ValidReset(secret []byte, resetID, userID int64, token string) bool {
	return len(secret) > 0 && hmac.Equal([]byte(ResetToken(secret, resetID, userID)), []byte(token))
}

// ResetURL is a reset's link under base.
func ResetURL(base string, secret []byte, resetID, userID int64) string {
	return strings.TrimRight(base, "/") + "/password/reset?token=" + ResetToken(secret, resetID, userID)
}

// LoadSecret reads the installation's Message-ID key from path, creating a
// random one there on first use. Keep the file: a new key changes the ids of
// jobs still owed, and a restart would then no longer recognise a message it
// already wrote.
func LoadSecret(path string) ([]byte, error) {
	if b, err := os.ReadFile(path); err == nil && len(b) >= 16 {
		return b, nil
	} else if err != nil && !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("mail: unable to read %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("mail: unable to create %s: %w", filepath.Dir(path), err)
	}
	key := make([]byte, 32)
	rand.Read(key)
	// Written aside and renamed, so a crash never leaves a short key behind.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, key, 0o600); err != nil {
		return nil, fmt.Errorf("mail: unable to write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("mail: unable to write %s: %w", path, err)
	}
	return key, nil
}

// Bytes renders the message as RFC 5322 text with CRLF line ends, from the
// given sender. Names and subjects in any script are MIME-encoded, the body
// is UTF-8 in quoted-printable, so the message is 7-bit clean and passes any
// server. User text cannot add headers: control characters in the subject
// are replaced and the address is re-rendered by net/mail.
func (m Message) Bytes(from string) []byte {
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(fold(name + ": " + value))
		b.WriteString("\r\n")
	}
	header("From", from)
	header("To", (&mail.Address{Name: m.ToName, Address: m.To}).String())
	header("Subject", mime.QEncoding.Encode("utf-8", oneLine(m.Subject)))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", m.ID)
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	if m.Lang != "" {
		header("Content-Language", m.Lang)
	}
	// RFC 3834: an automatic message, so vacation responders stay quiet.
	header("Auto-Submitted", "auto-generated")
	if m.Unsubscribe != "" {
		// RFC 2369 and 8058: mail programs show an unsubscribe button that
		// POSTs to the link, which needs no signing in.
		header("List-Unsubscribe", "<"+m.Unsubscribe+">")
		header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	_, _ = qp.Write([]byte(strings.ReplaceAll(m.Text, "\r\n", "\n"))) // into a buffer: cannot fail
	_ = qp.Close()
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n")
	}
	return b.Bytes()
}

// oneLine turns line breaks (U+2028 and U+2029 too) and other control
// characters into spaces, since a subject, a name or a title is one line
// whatever the text held.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.In(r, unicode.Zl, unicode.Zp) {
			return ' '
		}
		return r
	}, s)
}

// fold breaks a header line longer than 78 characters at spaces, as RFC
// 5322 asks; MIME encoded words contain no spaces, so they stay whole.
func fold(line string) string {
	if len(line) <= 78 {
		return line
	}
	var b strings.Builder
	width := 0
	for i, word := range strings.Split(line, " ") {
		if i > 0 {
			if width+1+len(word) > 78 {
				b.WriteString("\r\n")
				width = 0
			}
			b.WriteByte(' ')
			width++
		}
		b.WriteString(word)
		width += len(word)
	}
	return b.String()
}

// permanent marks a failure that retrying cannot heal.
type permanent struct{ err error }

func (p permanent) Error() string { return p.err.Error() }
func (p permanent) Unwrap() error { return p.err }

// Permanent wraps err to say that sending this message again is pointless
// (the server refused the recipient, say), so the job is given up at once.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return permanent{err}
}

// IsPermanent reports whether err was wrapped with Permanent.
func IsPermanent(err error) bool {
	var p permanent
	return errors.As(err, &p)
}
