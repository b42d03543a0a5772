package document

import (
	"bytes"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInertCell(t *testing.T) {
	tests := []struct {
		name, v, want string
	}{
		{"empty", "", ""},
		{"name", "吴强", "吴强"},
		{"ID", "4301000001", "4301000001"},
		{"negative number", "-2.50", "-2.50"},
		{"negative integer", "-3", "-3"},
		{"signed integer", "+4", "+4"},
		{"number without integer part", "-.5", "-.5"},
		{"no value", "-", "-"},
		{"text with sign inside", "a=1+1", "a=1+1"},
		{"sum after a digit", "1+1", "1+1"},
		{"already quoted", "'=1+1", "'=1+1"},
		{"hyperlink", `=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"plus", "+1+2", "'+1+2"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@SUM(A1)", "'@SUM(A1)"},
		{"equals alone", "=", "'="},
		{"two signs", "--1", "'--1"},
		{"exponent", "-1e5", "'-1e5"},
		{"infinity", "-Inf", "'-Inf"},
		{"tab before formula", "\t=1+1", "'\t=1+1"},
		{"carriage return before formula", "\r=1", "'\r=1"},
		{"tab before text", "\tabc", "'\tabc"},
		{"carriage return before text", "\rabc", "'\rabc"},
		{"spaces before formula", "  =1+1", "'  =1+1"},
		{"line break before formula", "\n@SUM(A1)", "'\n@SUM(A1)"},
		{"spaces before text", "  abc", "  abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := inertCell(tt.v)
			assert.Equal(t, tt.want, got, "inertCell(%q): got %q, want %q", tt.v, got, tt.want)
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCSVWriter(t *testing.T) {
	tests := []struct {
		name string
		recs [][]string
		want string
	}{
		{"BOM only", nil, UTF8BOM},
		{"plain", [][]string{{"name", "km"}, {"吴强", "-2.5"}}, UTF8BOM + "name,km\n吴强,-2.5\n"},
		{"formula quoted by csv", [][]string{{`=HYPERLINK("http://x","y")`, "+1+2"}},
			UTF8BOM + `"'=HYPERLINK(""http://x"",""y"")",'+1+2` + "\n"},
		{"carriage return", [][]string{{"\r=1", "-"}}, UTF8BOM + "\"'\r=1\",-\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			w := newCSVWriter(&b)
			for _, r := range tt.recs {
				orig := append([]string(nil), r...)
				require.NoError(t, w.Write(r))
				assert.Equal(t, orig, r, "Write changed the caller's record")
			}
			require.NoError(t, w.Flush())
			assert.Equal(t, tt.want, b.String())
		})
	}

	t.Run("write error", func(t *testing.T) {
		w := newCSVWriter(failingWriter{})
		require.NoError(t, w.Write([]string{"a"}))
		assert.EqualError(t, w.Flush(), "disk full")
	})
}
