package document

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document/documenttest"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// testCounty is the six-school county of the model's fixtures.
const testCounty = "../../../model/testdata/county"

// sampleCounty is the sample county of the scenarios.
const sampleCounty = "../../../scenarios/sample-county"

// hostileInstance loads the test county with every school, teacher and
// identity number renamed to a hostile name, the IDs of schools and
// teachers starting with = and @, and plans it.
func hostileInstance(t *testing.T) (*model.Instance, *solver.Report) {
	t.Helper()
	in, _, err := model.Load(testCounty, model.LoadOptions{})
	require.NoError(t, err)
	for i := range in.Schools {
		in.Schools[i].ID = "=" + in.Schools[i].ID
		in.Schools[i].Name = documenttest.HostileNames[i%len(documenttest.HostileNames)]
	}
	for i := range in.Teachers {
		in.Teachers[i].ID = "@" + in.Teachers[i].ID
		in.Teachers[i].Name = documenttest.HostileNames[i%len(documenttest.HostileNames)]
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
			documenttest.AssertInertCSV(t, tt.data, tt.want)
		})
	}
	assert.Equal(t, orig, tab, "TableCSV changed the table that comparison.xlsx is written from")
}
