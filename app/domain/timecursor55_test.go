package domain

import (
	"encoding/base64"
	"testing"
)

// A cursor of the integrity log is a time in whole milliseconds since 1970
// and an id: what the server gives parses back; a key with a fraction,
// before 1970 or past 2^53 (a float no longer exact) is refused as
// invalid_cursor on cursor, as a cursor that does not parse at all is.
func TestParseTimeCursor55(t *testing.T) {
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, tt := range []struct {
		name, in string
		want     *Cursor
	}{
		{"none", "", nil},
		{"a time and an id", enc("1733568000000:7"), &Cursor{Key: 1733568000000, ID: 7}},
		{"1970 itself", enc("0:1"), &Cursor{Key: 0, ID: 1}},
		{"the last exact millisecond", enc("9007199254740992:1"), &Cursor{Key: 1 << 53, ID: 1}},
		{"a fraction", enc("1733568000000.5:7"), nil},
		{"before 1970", enc("-1:7"), nil},
		{"past exact", enc("9007199254740994:1"), nil},
		{"no cursor at all", "!!!", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseTimeCursor(tt.in)
			if tt.want == nil && tt.in != "" {
				checkErr(t, err, invalid("cursor", "invalid_cursor"))
				if got != nil {
					t.Errorf("ParseTimeCursor(%q) = %+v with the error; want nil", tt.in, got)
				}
				return
			}
			if err != nil || (got == nil) != (tt.want == nil) || (got != nil && *got != *tt.want) {
				t.Errorf("ParseTimeCursor(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
		})
	}
}
