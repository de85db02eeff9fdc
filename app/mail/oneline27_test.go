package mail

import (
	"context"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// A name or a title stored with line breaks (before names and titles
// refused them, or through any other door) stays one line in the email:
// the text a person typed cannot add a line of its own, such as a fake
// warning with a link, to the site's message.
func TestTypedTextStaysOneLineInAnEmail(t *testing.T) {
	e := newEnv(t)
	u := e.user(t, "victim@example.com", "user,\n\nSECURITY ALERT - verify at https://evil.example/x\u2028", "")
	e.notify(t, u.ID, domain.NoticeShortlisted, "/ideas/7", "Solar dryer\r\n\r\nACCOUNT NOTICE: re-confirm at https://evil.example/login\u2029")
	rec := &recorder{}
	if _, err := NewWorker(e.st, rec, cfg).Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
	msgs := rec.sent()
	if len(msgs) != 1 {
		t.Fatalf("sent %d messages", len(msgs))
	}
	for _, line := range strings.FieldsFunc(msgs[0].Text, func(r rune) bool { return r == '\n' || r == '\u2028' || r == '\u2029' }) {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "SECURITY ALERT") || strings.HasPrefix(l, "ACCOUNT NOTICE") {
			t.Errorf("the email has a line of the typed text: %q", line)
		}
	}
	if !strings.Contains(msgs[0].Text, "Hello user,  SECURITY ALERT") || !strings.Contains(msgs[0].Text, "Solar dryer    ACCOUNT NOTICE") {
		t.Errorf("the typed text is not kept on its line:\n%s", msgs[0].Text)
	}
}
