package document

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// TestComparisonCellsAreNumbers checks that every cell of the comparison
// is one number (or "-" for none), so that comparison.xlsx stores numbers a
// planner can compute with, not "73/24" as text.
func TestComparisonCellsAreNumbers(t *testing.T) {
	var cv [2][3]float64
	for i := range cv {
		for j := range cv[i] {
			cv[i][j] = math.NaN()
		}
	}
	cv[0][1] = 0.512
	sum := scenarios.Summary{
		Quota:      solver.Quota{Eligible: 596, Required: 60, Moved: 118, BackboneMoved: 73, BackboneRequired: 24},
		Compliance: []solver.Compliance{{Stage: "primary", Parts: 50, Before: 7, After: 6}},
		CV:         cv, Medium: 12.5, Moves: 118, Km: 1234.5, Total: 22225.09, Bound: 22200, Gap: 0.001, AllMeet: true,
	}
	tab := Comparison([]*scenarios.Scenario{{Name: "base"}}, []*scenarios.Outcome{{Summary: sum}})
	want := map[string]string{
		"骨干交流 backbone moved":               "73",
		"骨干应交流 backbone required":           "24",
		"小学学校部分 parts primary":              "50",
		"小学达标校(前) compliant before primary": "7",
		"小学达标校(后) compliant after primary":  "6",
		"初中达标校(后) compliant after junior":   "-",
	}
	for _, row := range tab.Rows {
		require.Len(t, row, 2, "row %q", row[0])
		if w, ok := want[row[0]]; ok {
			assert.Equal(t, w, row[1], "row %q", row[0])
			delete(want, row[0])
		}
		if row[1] == "-" || row[0] == "I1-I3 全部达标 all parts meet I1-I3" {
			continue
		}
		_, err := strconv.ParseFloat(row[1], 64)
		assert.NoError(t, err, "row %q: got %q, want one number", row[0], row[1])
	}
	assert.Empty(t, want, "rows missing from the comparison")
}
