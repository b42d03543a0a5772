package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// planMoves reads a plan.csv into teacher → destination, with the
// baseline status column when there is one.
func planMoves(t *testing.T, path string) (dest, status map[string]string) {
	t.Helper()
	rows := readCSV(t, path)
	dest, status = map[string]string{}, map[string]string{}
	last := len(rows[0]) - 1
	for _, r := range rows[1:] {
		dest[r[1]] = r[11]
		if rows[0][last] == "与基准方案" {
			status[r[1]] = r[last]
		}
	}
	return dest, status
}

// changes counts the teachers whose destination differs between two plans.
func changes(a, b map[string]string) int {
	n := 0
	for k, v := range a {
		if b[k] != v {
			n++
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			n++
		}
	}
	return n
}

// TestReplanWithBaseline: after three forbid pins on moved teachers (the
// appeals of a published list), re-planning against the published plan
// changes a handful of rows (the pinned teachers' and what they force),
// where re-planning from scratch changes many; plan.csv marks every row, the report lists the
// changes, and score and export price the same baseline.
func TestReplanWithBaseline(t *testing.T) {
	out, _ := samplePlan(t)
	published := filepath.Join(out, "plan.csv")
	before, _ := planMoves(t, published)
	rows := readCSV(t, published)
	pinned, from := rows[1][1], rows[1][11]

	dir := t.TempDir()
	pins := filepath.Join(dir, "pins.csv")
	pinText := "teacher_id,action,to_school_id\n"
	const appeals = 3
	for _, r := range rows[1 : 1+appeals] {
		pinText += r[1] + ",forbid," + r[11] + "\n"
	}
	require.NoError(t, os.WriteFile(pins, []byte(pinText), 0o644))

	fresh := filepath.Join(dir, "fresh")
	mustPlan(t, sampleCounty, fresh, "--pins", pins)
	kept := filepath.Join(dir, "kept")
	r := mustPlan(t, sampleCounty, kept, "--pins", pins, "--baseline", published)

	freshMoves, _ := planMoves(t, filepath.Join(fresh, "plan.csv"))
	keptMoves, status := planMoves(t, filepath.Join(kept, "plan.csv"))
	nFresh, nKept := changes(before, freshMoves), changes(before, keptMoves)
	t.Logf("rows changed by %d forbid pins: %d from scratch, %d against the baseline", appeals, nFresh, nKept)
	assert.NotEqual(t, from, keptMoves[pinned], "the pin holds")
	assert.LessOrEqual(t, nKept, 2*appeals, "got %d rows changed against the baseline, want a handful", nKept)
	assert.Greater(t, nFresh, 2*nKept, "got %d rows changed from scratch, want many more than %d", nFresh, nKept)

	if d, ok := keptMoves[pinned]; ok && d != "" {
		assert.Equal(t, "指定", status[pinned], "the pinned teacher's row")
	}
	kept2 := 0
	for id, s := range status {
		if s == "保留" {
			kept2++
			assert.Equal(t, before[id], keptMoves[id])
		}
	}
	assert.GreaterOrEqual(t, kept2, len(before)-2*appeals)
	report, err := os.ReadFile(filepath.Join(kept, "report.txt"))
	require.NoError(t, err)
	assert.Contains(t, string(report), "与基准方案 plan.csv 相比 (against the baseline)")
	assert.Contains(t, r.stdout, pinned+" ", "the report lists the pinned teacher's change")
	_, err = os.Stat(filepath.Join(kept, "eligibility.csv"))
	assert.NoError(t, err, "the plan folder has the eligibility list")

	// score prices the same baseline: its total is plan's.
	sc := run(t, "score", sampleCounty, "--plan", filepath.Join(kept, "plan.csv"), "--pins", pins, "--baseline", published)
	require.Equal(t, exitOK, sc.code, "stderr:\n%s", sc.stderr)
	planTotal := strings.SplitN(strings.SplitN(r.stdout, "总分 (total) ", 2)[1], " ", 2)[0]
	assert.Contains(t, sc.stdout, "总分 (total) "+planTotal+" ")

	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("teacher_id,to_school_id\nNOBODY,"+from+"\n"), 0o644))
	r = run(t, planArgs(sampleCounty, filepath.Join(dir, "x"), "--baseline", bad)...)
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, "bad.csv:2")
	assert.Contains(t, r.stderr, "in the baseline")
}
