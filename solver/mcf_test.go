package solver

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMinCostFlowMatchesBruteForce solves random assignment problems, some
// arcs missing, and compares with the best of all permutations.
func TestMinCostFlowMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 9))
	var g flowGraph
	for trial := range 300 {
		n := 1 + rng.IntN(6)
		cost := make([][]float64, n)
		for i := range cost {
			cost[i] = make([]float64, n)
			for j := range cost[i] {
				cost[i][j] = math.Inf(1)
				if rng.IntN(4) > 0 {
					cost[i][j] = float64(rng.IntN(50)) + rng.Float64()
				}
			}
		}
		g.reset(2 + 2*n)
		arc := make([][]int, n)
		for i := range n {
			g.addArc(0, 2+i, 1, 0)
			g.addArc(2+n+i, 1, 1, 0)
			arc[i] = make([]int, n)
			for j := range n {
				arc[i][j] = -1
				if !math.IsInf(cost[i][j], 1) {
					arc[i][j] = g.addArc(2+i, 2+n+j, 1, cost[i][j])
				}
			}
		}
		sent, total := g.minCostFlow(0, 1, n, nil)
		want := bestPermutation(cost)
		if math.IsInf(want, 1) {
			assert.Less(t, sent, n, "trial %d: no perfect assignment exists", trial)
			continue
		}
		require.Equal(t, n, sent, "trial %d: a perfect assignment exists", trial)
		assert.InDelta(t, want, total, 1e-9, "trial %d", trial)
		// The flow is an assignment whose arcs add up to the cost.
		sum := 0.0
		for i := range n {
			out := 0
			for j := range n {
				if a := arc[i][j]; a >= 0 && g.flow(a) > 0 {
					out++
					sum += cost[i][j]
				}
			}
			assert.Equal(t, 1, out, "trial %d: row %d", trial, i)
		}
		assert.InDelta(t, total, sum, 1e-9, "trial %d", trial)
	}
}

// bestPermutation is the least cost of a perfect assignment, +Inf if none.
func bestPermutation(cost [][]float64) float64 {
	n := len(cost)
	used := make([]bool, n)
	var rec func(i int) float64
	rec = func(i int) float64 {
		if i == n {
			return 0
		}
		best := math.Inf(1)
		for j := range n {
			if !used[j] && !math.IsInf(cost[i][j], 1) {
				used[j] = true
				best = min(best, cost[i][j]+rec(i+1))
				used[j] = false
			}
		}
		return best
	}
	return rec(0)
}

// TestMinCostFlowPartial sends only what is asked and stops at the cut.
func TestMinCostFlowPartial(t *testing.T) {
	var g flowGraph
	g.reset(4)
	g.addArc(0, 2, 3, 1)
	g.addArc(2, 3, 2, 5)
	g.addArc(3, 1, 3, 0)
	g.addArc(0, 1, 1, 20)
	sent, total := g.minCostFlow(0, 1, 2, nil)
	assert.Equal(t, 2, sent)
	assert.InDelta(t, 12, total, 1e-12, "two units by the path of cost 6")
	g.reset(4)
	g.addArc(0, 2, 3, 1)
	g.addArc(2, 3, 2, 5)
	g.addArc(3, 1, 3, 0)
	g.addArc(0, 1, 1, 20)
	sent, total = g.minCostFlow(0, 1, 10, nil)
	assert.Equal(t, 3, sent, "the cut is 2 + 1")
	assert.InDelta(t, 32, total, 1e-12)
}
