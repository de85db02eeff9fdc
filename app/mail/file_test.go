package mail

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func msg(i int) Message {
	return Message{
		ID:      fmt.Sprintf("<cocreate.%d.x@example.com>", i),
		To:      "fan@example.com",
		ToName:  "粉丝",
		Subject: fmt.Sprint("cocreate: notice ", i),
		// A body line starting "From " must not read as a new message.
		Text: fmt.Sprintf("notice %d\n\nFrom the engineers: thanks\n>From quoted\n", i),
		Lang: "en",
		// A fixed date: sent again a second later, the message is the same.
		Date: time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC),
	}
}

func TestFileSenderWritesEachMessageOnceAcrossReopening(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mail", "outbox.mbox")
	ctx := context.Background()
	fs, err := OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{1, 2, 2, 3} {
		if err := fs.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
	}
	fs.Close()
	if err := fs.Send(ctx, msg(9)); err == nil {
		t.Fatal("a closed outbox took a message")
	}
	fs, err = OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	for _, i := range []int{3, 1, 4} {
		if err := fs.Send(ctx, msg(i)); err != nil {
			t.Fatal(err)
		}
	}
	got := outbox(t, path)
	if len(got) != 4 {
		t.Fatalf("%d messages, want 4: %s", len(got), fmtIDs(ids(t, path)))
	}
	for i, m := range got {
		if id := m.Header.Get("Message-ID"); id != msg(i+1).ID {
			t.Errorf("message %d has id %s", i, id)
		}
		if m.Header.Get("From") != DefaultFrom {
			t.Errorf("From = %q", m.Header.Get("From"))
		}
	}
	raw, _ := os.ReadFile(path)
	if !strings.Contains(string(raw), "\n>From the engineers") || !strings.Contains(string(raw), "\n>>From quoted") {
		t.Errorf("body lines starting with From are not quoted:\n%s", raw)
	}
}

func TestFileSenderTrimsATornLastMessage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "outbox.mbox")
	ctx := context.Background()
	fs, err := OpenFileSender(path, "")
	if err != nil {
		t.Fatal(err)
	}
	fs.Send(ctx, msg(1))
	fs.Send(ctx, msg(2))
	fs.Close()
	whole, _ := os.ReadFile(path)
	first := strings.Index(string(whole), "\nFrom MAILER-DAEMON") + 1
	// Cut the second message at every point a power loss could leave: past
	// its headers, and right after a blank line in its body, which looks
	// like the end of a message to a reader that trusts blank lines.
	blank := strings.Index(string(whole[first:]), "notice 2\n\n") + len("notice 2\n\n")
	for _, cut := range []int{first + 10, first + 200, first + blank, len(whole) - 1} {
		if err := os.WriteFile(path, whole[:cut], 0o600); err != nil {
			t.Fatal(err)
		}
		fs, err := OpenFileSender(path, "")
		if err != nil {
			t.Fatal(err)
		}
		if err := fs.Send(ctx, msg(2)); err != nil {
			t.Fatal(err)
		}
		fs.Close()
		// The first message is untouched and the second is whole again
		// (only the date on its "From " line may differ).
		got, _ := os.ReadFile(path)
		_, wantTail, _ := strings.Cut(string(whole[first:]), "\n")
		_, gotTail, _ := strings.Cut(string(got[min(first, len(got)):]), "\n")
		if !strings.HasPrefix(string(got), string(whole[:first])) || gotTail != wantTail {
			t.Fatalf("cut at %d: the torn message was not replaced:\n%s", cut, got)
		}
		if n := ids(t, path); n[msg(2).ID] != 1 || n[msg(1).ID] != 1 {
			t.Fatalf("cut at %d: %s", cut, fmtIDs(n))
		}
	}
}

func TestFileSenderRefusesAMessageWithoutID(t *testing.T) {
	fs, err := OpenFileSender(filepath.Join(t.TempDir(), "outbox.mbox"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer fs.Close()
	if err := fs.Send(context.Background(), Message{To: "a@b.c"}); !IsPermanent(err) {
		t.Fatalf("err = %v", err)
	}
}
