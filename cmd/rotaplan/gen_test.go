package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	out := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out[e.Name()] = b
	}
	return out
}

func TestGenDeterministic(t *testing.T) {
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "nested", "b")
	for _, dir := range []string{a, b} {
		r := run(t, "gen", "--size", "small", "--seed", "5", "--out", dir)
		require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
		assert.Empty(t, r.stdout)
		assert.Contains(t, r.stderr, "wrote "+dir+" (size small, seed 5)")
	}
	fa, fb := readDir(t, a), readDir(t, b)
	require.Len(t, fa, 7, "got %d files, want the six of the county (schools, teachers, policy, history, wishes, pairs) and the marker", len(fa))
	assert.Contains(t, fa, markerName)
	for name := range fa {
		assert.True(t, bytes.Equal(fa[name], fb[name]), "%s differs between two runs with seed 5", name)
	}
	// The generated county passes check.
	r := run(t, "check", a)
	assert.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
}

func TestGenSampleCounty(t *testing.T) {
	out := filepath.Join(t.TempDir(), "county")
	r := run(t, "gen", "--size", "county", "--seed", "1", "--out", out)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	got, want := readDir(t, out), readDir(t, sampleCounty)
	require.Len(t, want, 6, "want schools.csv, teachers.csv, policy.toml, history.csv, wishes.csv and pairs.csv")
	for name := range want {
		assert.True(t, bytes.Equal(got[name], want[name]), "%s differs from the committed sample county", name)
	}
}

func TestGenExistingDir(t *testing.T) {
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	require.NoError(t, os.Mkdir(out, 0o755))
	keep := filepath.Join(out, "notes.txt")
	require.NoError(t, os.WriteFile(keep, []byte("mine"), 0o644))

	for _, force := range []bool{false, true} {
		args := []string{"gen", "--size", "small", "--out", out}
		if force {
			args = append(args, "--force")
		}
		r := run(t, args...)
		assert.Equal(t, exitBadInput, r.code, "force %v: got exit %d, want 2", force, r.code)
		assert.Contains(t, r.stderr, "holds notes.txt, which rotaplan gen does not write")
		assert.Equal(t, map[string][]byte{"notes.txt": []byte("mine")}, readDir(t, out), "a refused gen must leave the folder alone")
	}

	ours := filepath.Join(tmp, "ours")
	r := run(t, "gen", "--size", "small", "--seed", "1", "--out", ours)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	r = run(t, "gen", "--size", "small", "--seed", "2", "--out", ours)
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "is not empty; use --force")
	r = run(t, "gen", "--size", "small", "--seed", "2", "--out", ours, "--force")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	assert.Contains(t, r.stderr, "seed 2")
	entries, err := os.ReadDir(tmp)
	require.NoError(t, err)
	require.Len(t, entries, 2, "temporary folders left beside the output: %v", entries)

	empty := filepath.Join(tmp, "empty")
	require.NoError(t, os.Mkdir(empty, 0o755))
	r = run(t, "gen", "--size", "small", "--out", empty)
	require.Equal(t, exitOK, r.code, "an empty folder is filled without --force; stderr:\n%s", r.stderr)
	assert.FileExists(t, filepath.Join(empty, "schools.csv"))

	file := filepath.Join(tmp, "file")
	require.NoError(t, os.WriteFile(file, nil, 0o644))
	r = run(t, "gen", "--size", "small", "--out", file, "--force")
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "is not a folder")
}

func TestGenUsageErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	tests := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"unknown size", []string{"gen", "--size", "huge", "--out", out}, `got "huge", want one of small, county, large, prefecture`},
		{"missing out", []string{"gen", "--size", "small"}, "--out DIR is required"},
		{"bad seed", []string{"gen", "--seed", "one", "--out", out}, `invalid argument "one" for "--seed"`},
		{"extra argument", []string{"gen", "--out", out, "extra"}, `unexpected argument "extra"; rotaplan gen takes no arguments`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2", r.code)
			assert.Contains(t, r.stderr, tt.wantStderr)
			assert.Contains(t, r.stderr, "Run 'rotaplan gen --help' for usage.")
			assert.NoDirExists(t, out)
		})
	}
}

func TestGenHelpListsSizes(t *testing.T) {
	r := run(t, "gen", "--help")
	require.Equal(t, exitOK, r.code)
	assert.Contains(t, r.stdout, "--size small|county|large|prefecture")
	assert.Contains(t, r.stdout, "(default county)")
}
