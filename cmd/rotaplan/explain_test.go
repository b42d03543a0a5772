package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// TestExplain explains teachers of the sample plan: a moved one, and its
// options' changes equal re-scoring the plan with that change made (with
// score --plan on an edited plan.csv); JSON; --all; the usage errors.
func TestExplain(t *testing.T) {
	out, _ := samplePlan(t)
	planCSV := filepath.Join(out, "plan.csv")
	rows := readCSV(t, planCSV)
	moved := rows[1][1]

	r := run(t, "explain", sampleCounty, "--plan", planCSV, moved, "--json")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var es []document.ExplainedJSON
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &es))
	require.Len(t, es, 1)
	e := es[0]
	assert.Equal(t, solver.StatusMoved, e.Status)
	assert.Equal(t, rows[1][11], e.Destination)
	require.NotEmpty(t, e.Options)
	stay := e.Options[len(e.Options)-1]
	require.Equal(t, "", stay.ToSchoolID, "the last option is staying home")

	// Re-score the plan without the teacher's row: the total changes by
	// the option's change.
	base := scoreTotal(t, planCSV)
	var b strings.Builder
	for i, row := range rows {
		if i == 1 {
			continue
		}
		b.WriteString(strings.Join(row, ",") + "\n")
	}
	edited := filepath.Join(t.TempDir(), "edited.csv")
	require.NoError(t, os.WriteFile(edited, []byte(b.String()), 0o644))
	got := scoreTotal(t, edited) - base
	assert.InDelta(t, stay.Change.Total, got, 1e-6, "got re-scored change %v, want explain's %v", got, stay.Change.Total)

	text := run(t, "explain", sampleCounty, "--plan", planCSV, moved)
	require.Equal(t, exitOK, text.code, "stderr:\n%s", text.stderr)
	assert.Contains(t, text.stdout, "已安排交流 (moved) → "+rows[1][11])
	assert.Contains(t, text.stdout, "留任 (stay home): ")
	assert.Contains(t, text.stdout, "替补 (best replacement): ")

	dir := t.TempDir()
	all := filepath.Join(dir, "explain.csv")
	r = run(t, "explain", sampleCounty, "--plan", planCSV, "--all", "--out", all)
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	got2 := readCSV(t, all)
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	require.NoError(t, err)
	sources := 0
	for i := range in.Teachers {
		if in.Schools[in.Teachers[i].School].IsSource() {
			sources++
		}
	}
	assert.Len(t, got2, sources+1, "one row per source-school teacher")
	movedRows := 0
	for _, row := range got2[1:] {
		if row[5] == "已安排交流" {
			movedRows++
		}
	}
	assert.Equal(t, len(rows)-1, movedRows)
	r = run(t, "explain", sampleCounty, "--plan", planCSV, "--all", "--out", all)
	assert.Equal(t, exitBadInput, r.code, "an existing --out without --force")

	for _, args := range [][]string{
		{"explain", sampleCounty, moved},                                           // no --plan
		{"explain", sampleCounty, "--plan", planCSV},                               // nobody
		{"explain", sampleCounty, "--plan", planCSV, "--all"},                      // no --out
		{"explain", sampleCounty, "--plan", planCSV, moved, "--all", "--out", all}, // both
	} {
		r := run(t, args...)
		assert.Equal(t, exitBadInput, r.code, "%v: stderr:\n%s", args, r.stderr)
	}
	r = run(t, "explain", sampleCounty, "--plan", planCSV, "NOBODY")
	assert.Equal(t, exitBadInput, r.code)
	assert.Contains(t, r.stderr, `unknown teacher "NOBODY"`)
}

// scoreTotal is the total that score --json reports for a plan file.
func scoreTotal(t *testing.T, plan string) float64 {
	t.Helper()
	r := run(t, "score", sampleCounty, "--plan", plan, "--json")
	require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
	var v struct {
		Report solver.Report `json:"report"`
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v))
	return v.Report.Score.Total
}

// TestExplainUnknownTeacher checks the message about a teacher argument
// that names nobody: it names the dataset, quotes the argument so that an
// empty one shows, and masks an identity number given in its place.
func TestExplainUnknownTeacher(t *testing.T) {
	out, _ := samplePlan(t)
	planCSV := filepath.Join(out, "plan.csv")
	tests := []struct {
		name string
		arg  string
		want string
	}{
		{"unknown code", "NOBODY", `rotaplan: ` + sampleCounty + `: error: unknown teacher "NOBODY": not in the dataset`},
		{"empty argument", "", `rotaplan: ` + sampleCounty + `: error: unknown teacher "": not in the dataset`},
		{"identity number", "439901197907180448", `rotaplan: ` + sampleCounty + `: error: unknown teacher "439*************48": not in the dataset; ` +
			`"439*************48" looks like an identity number (身份证件号), which identifies no teacher here: give the teacher_id (教职工号)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, "explain", sampleCounty, "--plan", planCSV, tt.arg)
			assert.Equal(t, exitBadInput, r.code, "stderr:\n%s", r.stderr)
			assert.Contains(t, r.stderr, tt.want)
			assert.NotContains(t, r.stderr, "439901197907180448")
		})
	}
}
