package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
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

// TestMaskingWriter checks that the process's streams mask identity
// numbers wherever a write splits them, and keep the rest byte for byte.
func TestMaskingWriter(t *testing.T) {
	const id = "430102197506153013"
	masked := model.MaskIDNumbers(id)
	require.NotEqual(t, id, masked)
	long := strings.Repeat("a", 70000)
	fullWidth := strings.Map(func(r rune) rune { return r - '0' + '０' }, id)
	require.Equal(t, masked, model.MaskIDNumbers(fullWidth))
	tests := []struct {
		name   string
		writes []string
		want   string
	}{
		{"one line", []string{"folder ds-" + id + " has errors\n"}, "folder ds-" + masked + " has errors\n"},
		{"split inside the number", []string{"ds-" + id[:7], id[7:] + "\n"}, "ds-" + masked + "\n"},
		{"progress lines", []string{"\rsearch " + id, "\rsearch 2\r"}, "\rsearch " + masked + "\rsearch 2\r"},
		{"no line end, flushed", []string{"tail " + id}, "tail " + masked},
		{"nothing to mask", []string{"学校 (schools): 60\n", "0731-1234567\n"}, "学校 (schools): 60\n0731-1234567\n"},
		// A line of more than 64 KB is passed on in pieces before its end:
		// the number must not be cut between two pieces.
		{"long line cut inside the number", []string{long + id + strings.Repeat("b", 50)}, long + masked + strings.Repeat("b", 50)},
		{"long line cut inside full-width digits", []string{long + fullWidth + strings.Repeat("b", 20)}, long + masked + strings.Repeat("b", 20)},
		{"long line, number in the next write", []string{long + id[:9], id[9:] + strings.Repeat("b", 70)}, long + masked + strings.Repeat("b", 70)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			m := &maskingWriter{w: &b}
			for _, w := range tt.writes {
				n, err := m.Write([]byte(w))
				require.NoError(t, err)
				assert.Equal(t, len(w), n)
			}
			require.NoError(t, m.Flush())
			assert.Equal(t, tt.want, b.String())
		})
	}
}

// TestBinaryMasksPaths runs the built command on a dataset whose folder
// name holds an identity number: no stream shows it in full.
func TestBinaryMasksPaths(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	const id = "430102197506153013"
	bin := buildRotaplan(t)
	ds := filepath.Join(t.TempDir(), "ds-"+id)
	require.NoError(t, os.Rename(copyDataset(t, sampleCounty), ds))
	require.NoError(t, os.WriteFile(filepath.Join(ds, "pins.csv"), []byte("teacher_id,action,to_school_id\nNOBODY,stay,\n"), 0o644))
	for _, args := range [][]string{{"check", ds}, {"check", ds, "--json"}} {
		var stdout, stderr strings.Builder
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		_ = cmd.Run()
		require.NotEmpty(t, stdout.String()+stderr.String(), "%v printed nothing", args)
		assert.Contains(t, stdout.String()+stderr.String(), model.MaskIDNumbers(id), "%v: the folder is named, masked", args)
		assert.NotContains(t, stdout.String(), id, "%v stdout", args)
		assert.NotContains(t, stderr.String(), id, "%v stderr", args)
	}
}

func TestWriteReserve(t *testing.T) {
	tests := []struct {
		name     string
		limit    time.Duration
		teachers int
		want     time.Duration
	}{
		{"a county keeps a fiftieth", 60 * time.Second, 2557, 1200 * time.Millisecond},
		{"a large instance keeps time per teacher", 5 * time.Second, 415_685, 1_662_740 * time.Microsecond},
		{"never more than half", time.Second, 1_000_000, 500 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := writeReserve(tt.limit, tt.teachers)
			assert.Equal(t, tt.want, got, "got %s, want %s", got, tt.want)
		})
	}
}
