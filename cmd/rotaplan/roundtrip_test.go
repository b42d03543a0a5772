package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlanReadsBackWithFormulaLikeIDs plans a county whose teacher and
// school codes start with characters a spreadsheet runs as formulas: the
// plan folder's plan.csv quotes them, and score reads that file back to
// the same moves and total.
func TestPlanReadsBackWithFormulaLikeIDs(t *testing.T) {
	dir := copyDataset(t, testCounty)
	prefixes := []string{"=", "+", "-", "@"}
	rename := func(v string) string {
		if v == "" {
			return v
		}
		return prefixes[int(v[len(v)-1])%len(prefixes)] + v
	}
	for _, tt := range []struct{ file, cols string }{
		{"schools.csv", "school_id"},
		{"teachers.csv", "teacher_id,school_id,serving_school_id"},
		{"pins.csv", "teacher_id,to_school_id"},
		{"distances.csv", "from_school_id,to_school_id"},
	} {
		path := filepath.Join(dir, tt.file)
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
		require.NoError(t, err)
		for c, h := range recs[0] {
			if !strings.Contains(","+tt.cols+",", ","+h+",") {
				continue
			}
			for _, r := range recs[1:] {
				r[c] = rename(r[c])
			}
		}
		var b bytes.Buffer
		require.NoError(t, csv.NewWriter(&b).WriteAll(recs))
		require.NoError(t, os.WriteFile(path, b.Bytes(), 0o644))
	}

	out := filepath.Join(t.TempDir(), "plan")
	p := run(t, "plan", dir, "--out", out, "--iterations", "2000", "--threads", "1", "--seed", "1")
	require.Equal(t, exitOK, p.code, "plan: got exit %d, want 0; stderr:\n%s", p.code, p.stderr)
	planCSVData, err := os.ReadFile(filepath.Join(out, "plan.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(planCSVData), ",'", "plan.csv quotes no code; the test county renamed none")

	s := run(t, "score", dir, "--plan", filepath.Join(out, "plan.csv"), "--json")
	require.Equal(t, exitOK, s.code, "score: got exit %d, want 0; stderr:\n%s", s.code, s.stderr)

	var planned struct {
		Report struct {
			Score struct{ Total float64 } `json:"score"`
			Moves []struct {
				Teacher string `json:"teacher_id"`
			} `json:"moves"`
		} `json:"report"`
	}
	pj, err := os.ReadFile(filepath.Join(out, "plan.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(pj, &planned))
	require.NotEmpty(t, planned.Report.Moves, "the plan moves nobody")
	assert.Contains(t, s.stdout, planned.Report.Moves[0].Teacher, "score's report lacks the first moved teacher")
	var scored map[string]any
	require.NoError(t, json.Unmarshal([]byte(s.stdout), &scored))
	total := findTotal(scored)
	assert.InDelta(t, planned.Report.Score.Total, total, 1e-6, "score total: got %v, want the plan's %v", total, planned.Report.Score.Total)
}

// findTotal returns score.total of a report in JSON, wherever the report
// sits in the document.
func findTotal(v map[string]any) float64 {
	if sc, ok := v["score"].(map[string]any); ok {
		if t, ok := sc["total"].(float64); ok {
			return t
		}
	}
	for _, x := range v {
		if m, ok := x.(map[string]any); ok {
			if t := findTotal(m); t != 0 {
				return t
			}
		}
	}
	return 0
}
