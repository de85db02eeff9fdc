package people

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Meetup is what an iCal feed says of a meetup.
type Meetup struct {
	ID       int64
	Title    string
	Body     string
	Place    string
	StartsAt time.Time
	URL      string // its page, absolute
	// Cancelled: its organisers called it off; a calendar that imported
	// it shows it cancelled (STATUS:CANCELLED).
	Cancelled bool
	// Revision counts its organisers' changes since it was posted (each
	// edit, the cancellation): the calendar's SEQUENCE.
	Revision int
}

// MeetupLength is how long a meetup is taken to last in calendars (the
// form asks only for the start).
const MeetupLength = 2 * time.Hour

// ICal writes one meetup as an RFC 5545 calendar: CRLF line ends, text
// escaped (\\ \; \, \n), times in UTC, lines folded at 75 octets without
// splitting a character. host makes the UID globally unique; stamp is when
// the feed is made.
func ICal(m Meetup, host string, stamp time.Time) string {
	var b strings.Builder
	line := func(name, value string) { b.WriteString(fold(name + ":" + value)) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//cocreate//meetups//EN")
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	line("BEGIN", "VEVENT")
	line("UID", "event-"+strconv.FormatInt(m.ID, 10)+"@"+host)
	line("DTSTAMP", icalTime(stamp))
	// A calendar replaces an event it holds only by one of a higher
	// SEQUENCE (RFC 5546 §2.1.4): a moved or cancelled meetup changes
	// there too.
	line("SEQUENCE", strconv.Itoa(m.Revision))
	line("DTSTART", icalTime(m.StartsAt))
	line("DTEND", icalTime(m.StartsAt.Add(MeetupLength)))
	line("SUMMARY", EscapeText(m.Title))
	if m.Body != "" {
		line("DESCRIPTION", EscapeText(m.Body))
	}
	line("LOCATION", EscapeText(m.Place))
	if m.URL != "" {
		line("URL", m.URL)
	}
	if m.Cancelled {
		line("STATUS", "CANCELLED")
	}
	line("END", "VEVENT")
	line("END", "VCALENDAR")
	return b.String()
}

func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// EscapeText escapes an iCal TEXT value (RFC 5545 §3.3.11).
func EscapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// fold ends a content line with CRLF, folding it into lines of at most 75
// octets (continuations start with a space), never inside a UTF-8 character.
func fold(s string) string {
	var b strings.Builder
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		if cut == 0 { // not UTF-8 at all: cut at the limit rather than never
			cut = limit
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
	return b.String()
}
