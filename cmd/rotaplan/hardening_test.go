package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestScoreSolutionReadsRegularFilesOnly checks that --solution refuses a
// device or a folder, as every dataset file is, with exit 2 and no echo of
// its bytes.
func TestScoreSolutionReadsRegularFilesOnly(t *testing.T) {
	tests := []struct{ name, path, want string }{
		{"device", "/dev/zero", "not a regular file"},
		{"folder", t.TempDir(), "is a folder"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := os.Stat(tt.path); err != nil {
				t.Skipf("%s: %v", tt.path, err)
			}
			r := run(t, "score", sampleCounty, "--solution", tt.path)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; stderr:\n%s", r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.want)
		})
	}
}

// TestScenarioNamesOfFolderFiles checks that a scenario named like a file
// of the comparison folder gets a folder of its own instead of failing.
func TestScenarioNamesOfFolderFiles(t *testing.T) {
	ds := absDataset(t)
	tmp := t.TempDir()
	var files []string
	for i, name := range []string{"comparison.csv", "comparison.xlsx", ".rotaplan"} {
		f := filepath.Join(tmp, "s"+string(rune('0'+i))+".toml")
		writeTree(t, tmp, map[string]string{filepath.Base(f): "name = \"" + name + "\"\nbase = \"" + filepath.ToSlash(ds) + "\"\n"})
		files = append(files, f)
	}
	out := filepath.Join(tmp, "out")
	r := run(t, append(append([]string{"scenario", "run"}, files...), "--iterations", "200", "--threads", "1", "--out", out)...)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	for _, dir := range []string{"_comparison.csv", "_comparison.xlsx", "_.rotaplan"} {
		st, err := os.Stat(filepath.Join(out, dir))
		if assert.NoError(t, err, "scenario folder %s", dir) {
			assert.True(t, st.IsDir(), "%s is not a folder", dir)
		}
	}
	data, err := os.ReadFile(filepath.Join(out, "comparison.csv"))
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(data), "comparison.csv"), "the comparison names the scenario as written")
}
