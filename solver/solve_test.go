package solver

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// tinyCounty has few enough mobile teachers and candidates to enumerate.
func solveCounty() *model.Instance {
	c := newCounty()
	u := c.school("U", model.PrimarySchool, model.Urban, false, 300, 0, 113.00, 28.00)
	t := c.school("T", model.JuniorSchool, model.Town, false, 0, 260, 113.05, 28.02)
	r1 := c.school("R1", model.PrimarySchool, model.Rural, false, 120, 0, 113.10, 28.00)
	r2 := c.school("R2", model.NineYear, model.Rural, false, 90, 80, 113.12, 28.06)
	subjects := []model.Subject{model.PE, model.Music, model.English, model.Chinese, model.Math}
	for i := range 5 {
		c.teacher(u, tspec{stage: model.Primary, subject: subjects[i], edu: model.Bachelor, backbone: model.Backbone(i % 2), years: 7 + i, volunteer: i == 2})
	}
	c.many(u, 12, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 2})
	for i := range 4 {
		c.teacher(t, tspec{stage: model.Junior, subject: subjects[(i+1)%5], edu: model.Bachelor, backbone: model.Backbone((i + 1) % 2), years: 9, grad: i == 0})
	}
	c.many(t, 14, tspec{stage: model.Junior, subject: model.Math, edu: model.Bachelor, years: 3})
	c.many(r1, 5, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Secondary, years: 3})
	c.many(r2, 4, tspec{stage: model.Primary, subject: model.Math, edu: model.College, years: 3})
	c.many(r2, 4, tspec{stage: model.Junior, subject: model.Chinese, edu: model.College, years: 3})
	return c.build()
}

func TestSolveMatchesBruteForce(t *testing.T) {
	in := solveCounty()
	ev := NewEvaluator(in)
	_, want := bruteForce(ev)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000})
	assert.InDelta(t, want, res.Score.Total, 1e-6, "got total %v, want brute-force optimum %v", res.Score.Total, want)
	assert.LessOrEqual(t, res.Bound, want+1e-6, "got bound %v above the optimum %v", res.Bound, want)
	assert.GreaterOrEqual(t, res.Bound, want*(1-1e-4), "the bound proves the optimum to 0.01%%: got %v, optimum %v", res.Bound, want)
}

func TestSolveDeterministic(t *testing.T) {
	in := randomCounty(3, 24)
	ev := NewEvaluator(in)
	opt := Options{Seed: 42, Threads: 2, Iterations: 50_000, BoundIterations: 100}
	a := Solve(context.Background(), ev, opt)
	b := Solve(context.Background(), ev, opt)
	assert.Equal(t, a.Plan, b.Plan, "same seed, same plan")
	assert.Equal(t, a.Score, b.Score)
	assert.Equal(t, a.Bound, b.Bound)
}

func TestSolveScoreIsFullRecompute(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		in := randomCounty(seed, 20)
		ev := NewEvaluator(in)
		res := Solve(context.Background(), ev, Options{Seed: seed, Iterations: 30_000, BoundIterations: 200})
		full := ev.Score(res.Plan)
		assert.Equal(t, full, res.Score, "seed %d: got %+v, want %+v", seed, res.Score, full)
		assert.LessOrEqual(t, res.Bound, res.Score.Total+1e-6)
		empty := ev.Score(NewPlan(len(in.Teachers)))
		assert.Less(t, res.Score.Total, empty.Total, "the plan improves on moving nobody")
	}
}

func TestSolveMeetsQuota(t *testing.T) {
	in := randomCounty(5, 30)
	ev := NewEvaluator(in)
	require.Positive(t, ev.Required)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 30_000, BoundIterations: -1})
	rep := ev.Report(res.Plan)
	assert.GreaterOrEqual(t, rep.Quota.Moved, rep.Quota.Required, "quota met")
	assert.GreaterOrEqual(t, rep.Quota.BackboneMoved, rep.Quota.BackboneRequired, "backbone share met")
	assert.Equal(t, 0, res.Score.Hard, "got hard %d, want a feasible plan", res.Score.Hard)
}

func TestSolveHonoursPins(t *testing.T) {
	in := randomCounty(7, 24)
	ev := NewEvaluator(in)
	base := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000, BoundIterations: -1})
	var moved, other int = -1, -1
	for ti, d := range base.Plan.Dest {
		if d != Stay && moved < 0 {
			moved = ti
		}
		if d == Stay && len(ev.Cands[ti]) > 1 && other < 0 {
			other = ti
		}
	}
	require.True(t, moved >= 0 && other >= 0)
	target := int(ev.Cands[other][len(ev.Cands[other])-1].School)
	in.Pins = []model.Pin{
		{Teacher: moved, Action: model.PinStay, School: model.NoSchool},
		{Teacher: other, Action: model.PinMove, School: target},
	}
	ev = NewEvaluator(in)
	res := Solve(context.Background(), ev, Options{Seed: 1, Iterations: 20_000, BoundIterations: -1})
	assert.Equal(t, Stay, res.Plan.Dest[moved], "stay pin")
	assert.Equal(t, int32(target), res.Plan.Dest[other], "move pin")
	assert.Equal(t, 0, res.Score.Hard)
}

func TestSolveInterrupted(t *testing.T) {
	in := randomCounty(9, 20)
	ev := NewEvaluator(in)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := Solve(ctx, ev, Options{Seed: 1})
	assert.Equal(t, StatusInterrupted, res.Status)
	assert.Equal(t, ev.Score(res.Plan), res.Score, "the best plan so far is returned with its score")
}
