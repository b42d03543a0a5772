package model

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

// TestProblemStringOneSafeLine checks that a problem prints as one line
// that a terminal shows as text whatever the cell it quotes: line breaks
// and control characters (an escape sequence, a NUL) appear escaped, and
// a huge value is cut in the middle rather than printed whole.
func TestProblemStringOneSafeLine(t *testing.T) {
	long := strings.Repeat("a", 70000) + "TAIL"
	tests := []struct {
		name    string
		p       Problem
		want    string // the whole line, or with prefix its start
		prefix  bool
		maxRune int // when > 0, the line holds at most this many characters
	}{
		{
			name: "line breaks of a quoted cell",
			p:    Problem{File: "history.csv", Line: 5, Column: "teacher_id", Message: "unknown teacher a\"b,T1\r\nT2,S2: not in the teachers file"},
			want: `history.csv:5: column teacher_id: error: unknown teacher a"b,T1\r\nT2,S2: not in the teachers file`,
		},
		{
			name: "escape sequence and NUL",
			p:    Problem{File: "history.csv", Line: 7, Column: "teacher_id", Message: "unknown teacher \x1b]0;owned\x07\x00: not in the teachers file"},
			want: `history.csv:7: column teacher_id: error: unknown teacher \x1b]0;owned\a\x00: not in the teachers file`,
		},
		{
			name: "control characters in the column and the file",
			p:    Problem{File: "a\nb.csv", Line: 1, Column: "x\ty", Message: "bad"},
			want: `a\nb.csv:1: column x\ty: error: bad`,
		},
		{
			name: "Chinese text kept",
			p:    Problem{File: "志愿.csv", Line: 2, Column: "志愿顺序", Message: "got \"零\", want 1"},
			want: `志愿.csv:2: column 志愿顺序: error: got "零", want 1`,
		},
		{
			name: "huge value cut", p: Problem{File: "teachers.csv", Line: 2, Column: "gender", Message: `got "` + long + `", want male`},
			want: `teachers.csv:2: column gender: error: got "aaa`, prefix: true, maxRune: 2000,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.p.String()
			if tt.prefix {
				assert.True(t, strings.HasPrefix(got, tt.want), "got %.100q…, want it to start with %q", got, tt.want)
			} else {
				assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
			}
			if tt.maxRune > 0 {
				n := utf8.RuneCountInString(got)
				assert.LessOrEqual(t, n, tt.maxRune, "got a line of %d characters, want at most %d", n, tt.maxRune)
				assert.True(t, strings.HasSuffix(got, `TAIL", want male`), "got …%q, want the end of the message kept", got[max(0, len(got)-40):])
			}
			assert.NotContains(t, got, "\n")
			assert.NotContains(t, got, "\x1b")
		})
	}
}

// TestProblemStringCutMasks checks that cutting a long message never
// leaves the digits of a longer number looking like an identity number,
// wherever the cut falls.
func TestProblemStringCutMasks(t *testing.T) {
	alone := regexp.MustCompile(`(^|[^0-9])` + idA + `([^0-9]|$)`) // not part of a longer number
	for pad := 0; pad < 1200; pad++ {
		for _, msg := range []string{
			strings.Repeat("b", pad) + idA + "5678" + strings.Repeat("c", 3000),
			strings.Repeat("b", 3000) + "1234" + idA + strings.Repeat("c", pad),
		} {
			got := Problem{File: "x.csv", Message: msg}.String()
			assert.False(t, alone.MatchString(got), "pad %d: got the identity number unmasked in %q", pad, got)
		}
	}
}
