package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoadmapSample(t *testing.T) {
	args := []string{"roadmap", "../../scenarios/sample-county", "--years", "3", "--iterations", "3000"}
	r := run(t, args...)
	require.Equal(t, 0, r.code, r.stderr)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	require.GreaterOrEqual(t, len(lines), 5)
	assert.True(t, strings.HasPrefix(lines[1], "1 "), lines[1])
	assert.Contains(t, lines[1], "2026-09")
	assert.Contains(t, lines[3], "2028-09")
	assert.Equal(t, r.stdout, run(t, args...).stdout, "roadmap is not deterministic")
}

func TestRoadmapShortfall(t *testing.T) {
	base, err := filepath.Abs("../../scenarios/sample-county")
	require.NoError(t, err)
	f := filepath.Join(t.TempDir(), "strict.toml")
	text := "name = \"strict\"\nbase = " + `"` + filepath.ToSlash(base) + `"` + "\n\n[policy.thresholds.primary]\nbackbone = 10.0\n"
	require.NoError(t, os.WriteFile(f, []byte(text), 0o644))
	r := run(t, "roadmap", f, "--years", "1", "--iterations", "1000")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, "no year of 1 has every in-scope part meeting I1, I2 and I3")
	assert.Regexp(t, `rotation alone cannot reach I2 \(primary\): county has \d+ backbone primary teachers, parts need \d+\.\d`, r.stdout)
}

func TestRoadmapBadInput(t *testing.T) {
	r := run(t, "roadmap", "../../scenarios/sample-county", "--years", "0")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "--years")
	r = run(t, "roadmap", "../../scenarios/testdata/unknown-school.toml", "--years", "1")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "unknown-school.toml:9")
}
