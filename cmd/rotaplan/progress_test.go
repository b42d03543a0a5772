package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStepLogSilentWithoutTerminal(t *testing.T) {
	file, err := os.Create(filepath.Join(t.TempDir(), "stderr.txt"))
	require.NoError(t, err)
	defer file.Close()
	var buf bytes.Buffer
	tests := []struct {
		name string
		w    io.Writer
		read func() string
	}{
		{"buffer", &buf, buf.String},
		{"regular file", file, func() string {
			b, err := os.ReadFile(file.Name())
			require.NoError(t, err)
			return string(b)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newStepLog(IOStreams{ErrOut: tt.w})
			l.progress("year %d/%d: search", 1, 2)
			l.done("year %d/%d: %d moved", 1, 2, 118)
			l.close()
			assert.Empty(t, tt.read(), "got progress on a stderr that is not a terminal")
		})
	}
}

func TestStepLogOnTerminal(t *testing.T) {
	var buf bytes.Buffer
	l := &stepLog{w: &buf, on: true, cols: 20}
	l.progress("year 1/2: search, total 22244.3") // cut to 19 columns
	l.done("year 1/2: 118 moved")
	l.done("year 2/2: 54 moved")
	l.close()
	out := buf.String()
	lines := strings.Split(out, "\n")
	require.Len(t, lines, 3, "got %q, want two lines", out)
	assert.Equal(t, "year 1/2: search, t\r\033[K", lines[0][:len("year 1/2: search, t\r\033[K")], "status line cut to the terminal and cleared")
	assert.Regexp(t, `year 1/2: 118 moved \(\d+\.\ds\)$`, lines[0])
	assert.Regexp(t, `^year 2/2: 54 moved \(\d+\.\ds\)$`, lines[1])
	assert.Empty(t, lines[2], "close with no status line showing writes nothing")
}

func TestProgressSilentWhenNotATerminal(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"roadmap", []string{"roadmap", "../../scenarios/sample-county", "--years", "2", "--iterations", "500"}},
		{"scenario run", []string{"scenario", "run", examples + "base.toml", examples + "quota15.toml", "--iterations", "500"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			require.Equal(t, exitOK, r.code, r.stderr)
			assert.Empty(t, r.stderr, "got progress on a stderr that is not a terminal")
			assert.NotEmpty(t, r.stdout)
		})
	}
}
