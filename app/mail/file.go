package mail

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultFrom is the sender written into the outbox when none is configured.
const DefaultFrom = "cocreate <noreply@localhost>"

// FileSender appends messages to a local mailbox file instead of sending
// them, for installations without a mail server and for development. The
// file is in mboxrd format (each message after a "From " line, body lines
// starting with "From " quoted with ">"), which mail programs open directly
// (mutt -f data/mail/outbox.mbox).
//
// It is idempotent: it remembers the Message-ID of every message in the
// file, read back when it opens, and skips a message it already holds. That
// closes the gap between a message written and its job marked sent: a job
// sent again after a crash in that gap is not written twice.
type FileSender struct {
	From string // the From header, DefaultFrom when empty

	path string
	mu   sync.Mutex
	f    *os.File
	size int64               // bytes of whole messages in the file
	seen map[string]struct{} // Message-IDs in the file
}

// OpenFileSender opens (creating if needed) the mailbox at path. A message
// cut short at the end of the file, which only a power loss in the middle of
// a write can leave, is removed, so that its job writes it again in full.
func OpenFileSender(path, from string) (*FileSender, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("mail: unable to create %s: %w", filepath.Dir(path), err)
	}
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("mail: unable to open %s: %w", path, err)
	}
	fs := &FileSender{From: from, path: path, f: f, seen: map[string]struct{}{}}
	if err := fs.load(); err != nil {
		f.Close()
		return nil, err
	}
	if errors.Is(statErr, os.ErrNotExist) {
		// The new file's name must survive a power loss too, or the
		// messages synced into it would vanish with it.
		if d, err := os.Open(filepath.Dir(path)); err == nil {
			_ = d.Sync() // best effort, as in backup
			d.Close()
		}
	}
	return fs, nil
}

// load reads the Message-IDs of the messages in the file and trims a torn
// last message.
func (fs *FileSender) load() error {
	if _, err := fs.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("mail: unable to read %s: %w", fs.path, err)
	}
	r := bufio.NewReader(fs.f)
	var off int64
	// Of the last message: where it starts, its id, where its body starts
	// and the body length its Content-Length header promises (-1: none).
	lastStart, lastID, bodyStart, bodyLen := int64(-1), "", int64(-1), int64(-1)
	var prev []byte
	blank, inHeader := true, false
	for {
		line, err := r.ReadBytes('\n')
		if len(line) > 0 {
			switch {
			case blank && bytes.HasPrefix(line, []byte("From ")):
				lastStart, lastID, bodyStart, bodyLen, inHeader = off, "", -1, -1, true
			case inHeader && len(bytes.TrimRight(line, "\r\n")) == 0:
				inHeader, bodyStart = false, off+int64(len(line))
			case inHeader && hasHeader(line, "message-id"):
				lastID = strings.TrimSpace(string(line[len("message-id:"):]))
				fs.seen[lastID] = struct{}{}
			case inHeader && hasHeader(line, "content-length"):
				n, err := strconv.ParseInt(strings.TrimSpace(string(line[len("content-length:"):])), 10, 64)
				if err == nil {
					bodyLen = n
				}
			}
			blank = len(bytes.TrimRight(line, "\r\n")) == 0
			prev = line
			off += int64(len(line))
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("mail: unable to read %s: %w", fs.path, err)
		}
	}
	fs.size = off
	// A whole message ends with an empty line right after the body length
	// it announced; without the length (a file written by something else)
	// the empty line alone has to do.
	whole := bytes.Equal(prev, []byte("\n"))
	if bodyLen >= 0 {
		whole = whole && bodyStart >= 0 && off == bodyStart+bodyLen+1
	}
	if lastStart >= 0 && !whole {
		if err := fs.f.Truncate(lastStart); err != nil {
			return fmt.Errorf("mail: unable to trim a torn message from %s: %w", fs.path, err)
		}
		if err := fs.f.Sync(); err != nil {
			return fmt.Errorf("mail: unable to sync %s: %w", fs.path, err)
		}
		delete(fs.seen, lastID)
		fs.size = lastStart
	}
	return nil
}

// hasHeader reports whether a header line is the named field.
func hasHeader(line []byte, name string) bool {
	return len(line) > len(name) && line[len(name)] == ':' && strings.EqualFold(string(line[:len(name)]), name)
}

// Path is the mailbox file.
func (fs *FileSender) Path() string { return fs.path }

// Send appends m to the file and syncs it, unless a message with its
// Message-ID is already there.
func (fs *FileSender) Send(ctx context.Context, m Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m.ID == "" || strings.ContainsAny(m.ID, "\r\n") {
		return Permanent(fmt.Errorf("mail: message without a usable Message-ID %q", m.ID))
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.f == nil {
		return errors.New("mail: the outbox is closed")
	}
	if _, ok := fs.seen[m.ID]; ok {
		return nil
	}
	from := fs.From
	if from == "" {
		from = DefaultFrom
	}
	rec := mboxrd(m.Bytes(from), time.Now())
	// One write with O_APPEND: a crashing process leaves the message whole
	// or absent. A failed write is cut off again so that the next message
	// does not follow a fragment.
	if _, err := fs.f.Write(rec); err != nil {
		_ = fs.f.Truncate(fs.size) // the write already failed; that is the error
		return fmt.Errorf("mail: unable to write to %s: %w", fs.path, err)
	}
	if err := fs.f.Sync(); err != nil {
		// The message may or may not be on disk: cut it off and let the job
		// retry, rather than claim a delivery that a power loss could undo.
		_ = fs.f.Truncate(fs.size) // the write already failed; that is the error
		return fmt.Errorf("mail: unable to sync %s: %w", fs.path, err)
	}
	fs.size += int64(len(rec))
	fs.seen[m.ID] = struct{}{}
	return nil
}

// Close closes the file; Send fails afterwards.
func (fs *FileSender) Close() error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.f == nil {
		return nil
	}
	err := fs.f.Close()
	fs.f = nil
	return err
}

// mboxrd turns an RFC 5322 message into one mbox record: the "From " line,
// the message with LF line ends and every line that starts with any number
// of ">" and then "From " given one more ">", and an empty line to end it.
// A Content-Length header (as mbox readers such as mutt know it) gives the
// body's length, so that load can tell a whole last message from a torn one.
func mboxrd(msg []byte, now time.Time) []byte {
	text := strings.ReplaceAll(string(msg), "\r\n", "\n")
	head, body, _ := strings.Cut(text, "\n\n")
	var quoted bytes.Buffer
	for _, line := range strings.SplitAfter(body, "\n") {
		if strings.HasPrefix(strings.TrimLeft(line, ">"), "From ") {
			quoted.WriteByte('>')
		}
		quoted.WriteString(line)
	}
	if quoted.Len() > 0 && !bytes.HasSuffix(quoted.Bytes(), []byte("\n")) {
		quoted.WriteByte('\n')
	}
	var b bytes.Buffer
	b.WriteString("From MAILER-DAEMON " + now.UTC().Format(time.ANSIC) + "\n")
	b.WriteString(head + "\n")
	b.WriteString("Content-Length: " + strconv.Itoa(quoted.Len()) + "\n\n")
	b.Write(quoted.Bytes())
	b.WriteByte('\n')
	return b.Bytes()
}
