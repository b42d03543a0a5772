package document

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// testCounty is the six-school county of the model's fixtures.
const testCounty = "../../../model/testdata/county"

// sampleCounty is the sample county of the scenarios.
const sampleCounty = "../../../scenarios/sample-county"

// hostileNames are names a spreadsheet would run as a formula or a
// browser as markup if a document wrote them as they are. Schools take the
// first six, teachers all of them in turn.
var hostileNames = []string{
	`=HYPERLINK("http://x","y")`,
	`<img src=x onerror=alert(1)>`,
	"+1+2",
	`"><script>alert(1)</script>`,
	"-2+3",
	"@SUM(A1)",
	"\t=1+1",
	"\r=1",
}

// formulaLike reports whether a spreadsheet opening a CSV file would take
// the cell v for a formula: it starts with = + - @, a tab or a carriage
// return and is neither a plain number nor a lone dash.
func formulaLike(v string) bool {
	if v == "" || v == "-" {
		return false
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil && strings.Trim(v, "+-.0123456789") == "" {
		return false
	}
	return strings.ContainsRune("=+-@\t\r", rune(v[0]))
}

// readRotaplanCSV parses a CSV file written by the documents, BOM first.
func readRotaplanCSV(t *testing.T, data []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte(UTF8BOM))
	require.True(t, ok, "got first bytes % x, want the UTF-8 BOM ef bb bf", data[:min(3, len(data))])
	recs, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	return recs
}

// assertInertCSV checks that no cell of a CSV file is formula-like and
// that each of want appears as a cell: behind a single quote when it is
// formula-like, as it is otherwise.
func assertInertCSV(t *testing.T, data []byte, want []string) {
	t.Helper()
	cells := map[string]bool{}
	for r, rec := range readRotaplanCSV(t, data) {
		for c, v := range rec {
			assert.False(t, formulaLike(v), "row %d column %d: got %q, a formula to a spreadsheet", r+1, c+1, v)
			cells[v] = true
		}
	}
	for _, v := range want {
		cell := v
		if formulaLike(v) {
			cell = "'" + v
		}
		assert.True(t, cells[cell], "got no cell %q for %q", cell, v)
	}
}

// hostileInstance loads the test county with every school, teacher and
// identity number renamed to a hostile name, the IDs of schools and
// teachers starting with = and @, and plans it.
func hostileInstance(t *testing.T) (*model.Instance, *solver.Report) {
	t.Helper()
	in, _, err := model.Load(testCounty, model.LoadOptions{})
	require.NoError(t, err)
	for i := range in.Schools {
		in.Schools[i].ID = "=" + in.Schools[i].ID
		in.Schools[i].Name = hostileNames[i%len(hostileNames)]
	}
	for i := range in.Teachers {
		in.Teachers[i].ID = "@" + in.Teachers[i].ID
		in.Teachers[i].Name = hostileNames[i%len(hostileNames)]
		in.Teachers[i].IDNumber = "-" + in.Teachers[i].IDNumber + "+1"
	}
	in.Index()
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 1, Iterations: 2000})
	rep := ev.Report(res.Plan)
	require.NotEmpty(t, rep.Moves, "the plan of the test county has no moves")
	return in, rep
}

// TestCSVInjection checks that the CSV files keep names that look like
// formulas as text: plan.csv (with and without identity numbers),
// schools.csv and comparison.csv.
func TestCSVInjection(t *testing.T) {
	in, rep := hostileInstance(t)
	var moved, movedIDs, parts []string
	for _, m := range rep.Moves {
		tc := &in.Teachers[m.Teacher]
		moved = append(moved, tc.ID, tc.Name, m.From, m.To)
		movedIDs = append(movedIDs, tc.IDNumber)
	}
	for _, p := range rep.Parts {
		parts = append(parts, p.SchoolID, p.Name)
	}
	tab := Table{
		Head: []string{"指标 (figure)", `=HYPERLINK("http://x","y")`, "@SUM(A1)", "\r=1"},
		Rows: [][]string{
			{"差距 gap %", "-2.50", "+1+2", "0.125"},
			{"初中达标校 compliant junior parts", "-", "-2+3", "\t=1+1"},
		},
	}
	orig := Table{Head: slices.Clone(tab.Head)}
	for _, r := range tab.Rows {
		orig.Rows = append(orig.Rows, slices.Clone(r))
	}

	tests := []struct {
		name string
		data []byte
		want []string
	}{
		{"plan.csv zh", PlanCSV(in, rep, "zh"), moved},
		{"plan.csv en", PlanCSV(in, rep, "en"), moved},
		{"plan.csv with identity numbers", RotationCSV(in, rep, "zh", true), append(moved, movedIDs...)},
		{"schools.csv zh", PartsCSV(rep, "zh"), parts},
		{"schools.csv en", PartsCSV(rep, "en"), parts},
		{"comparison.csv", TableCSV(tab), append(slices.Concat(orig.Rows...), orig.Head...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertInertCSV(t, tt.data, tt.want)
		})
	}
	assert.Equal(t, orig, tab, "TableCSV changed the table that comparison.xlsx is written from")
}
