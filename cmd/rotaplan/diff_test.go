package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestScoreAgainst(t *testing.T) {
	out, _ := samplePlan(t)
	planFile := filepath.Join(out, "plan.csv")
	data, err := os.ReadFile(planFile)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	require.Greater(t, len(lines), 3)
	// The edited plan drops the first move.
	edited := filepath.Join(t.TempDir(), "edited.csv")
	require.NoError(t, os.WriteFile(edited, []byte(strings.Join(append(lines[:1:1], lines[2:]...), "\n")+"\n"), 0o644))
	dropped := strings.Split(lines[1], ",")[1]

	r := run(t, "score", sampleCounty, "--plan", edited, "--against", planFile, "--json")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var d struct {
		OnlyA []struct {
			TeacherID string `json:"teacher_id"`
		} `json:"only_a"`
		OnlyB   []json.RawMessage       `json:"only_b"`
		Changed []json.RawMessage       `json:"changed"`
		Score   struct{ Total float64 } `json:"score_change"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &d), "stdout:\n%s", r.stdout)
	require.Len(t, d.OnlyA, 1)
	assert.Equal(t, dropped, d.OnlyA[0].TeacherID)
	assert.Empty(t, d.OnlyB)
	assert.Empty(t, d.Changed)

	scoreOf := func(path string) float64 {
		r := run(t, "score", sampleCounty, "--plan", path, "--json")
		require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
		var s struct {
			Report struct{ Score struct{ Total float64 } } `json:"report"`
		}
		require.NoError(t, json.Unmarshal([]byte(r.stdout), &s))
		return s.Report.Score.Total
	}
	want := scoreOf(edited) - scoreOf(planFile)
	assert.InDelta(t, want, d.Score.Total, 1e-6, "got total change %v, want %v", d.Score.Total, want)
}
