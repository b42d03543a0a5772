package document

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// TestRotationCSVMatchesPlanCSV checks that the rotation list behind the
// workbook and --include-id-number has the bytes of plan.csv without the
// identity number.
func TestRotationCSVMatchesPlanCSV(t *testing.T) {
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	require.NoError(t, err)
	ev := solver.NewEvaluator(in)
	res := solver.Solve(context.Background(), ev, solver.Options{Seed: 1, Threads: 1, Iterations: 2000})
	rep := ev.Report(res.Plan)
	require.NotEmpty(t, rep.Moves)
	for _, lang := range Langs {
		assert.Equal(t, string(PlanCSV(in, rep, lang)), string(RotationCSV(in, rep, lang, false)), "lang %s", lang)
	}
}
