package solver

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRelinkWalk: the plan a walk from A towards B returns takes each
// priority group whole from A or from B, and each teacher outside groups
// from one of them; it is neither A nor B; its total is what Score says;
// and it is no worse than the best plan one unit of B away from A (the
// walk's first step), which is found here by brute force.
func TestRelinkWalk(t *testing.T) {
	walks := 0
	for seed := uint64(70); seed < 74; seed++ {
		ev, s, st := descendedEnforce(t, seed, nil)
		a := st.Plan()
		b := Solve(context.Background(), ev, Options{Seed: seed, Threads: 1, Iterations: 30_000}).Plan
		units := relinkUnits(ev, a, b)
		if len(units) < 2 {
			continue
		}
		walks++
		p, total, ok := s.relink(a, b)
		require.True(t, ok, "seed %d", seed)
		assert.InDelta(t, ev.Score(p).Total, total, 1e-6, "seed %d: the walk's total", seed)
		assert.NotEqual(t, a.Dest, p.Dest, "seed %d: the walk returned its start", seed)
		assert.NotEqual(t, b.Dest, p.Dest, "seed %d: the walk returned its guide", seed)
		firstStep := 0.0
		for i, u := range units {
			fromA, fromB := true, true
			q := a.Clone()
			for _, m := range u {
				fromA = fromA && p.Dest[m] == a.Dest[m]
				fromB = fromB && p.Dest[m] == b.Dest[m]
				q.Dest[m] = b.Dest[m]
			}
			assert.True(t, fromA || fromB, "seed %d: unit %d is split between the plans", seed, i)
			if v := ev.Score(q).Total; i == 0 || v < firstStep {
				firstStep = v
			}
		}
		assert.LessOrEqual(t, total, firstStep+1e-6, "seed %d: the walk ends above its first step", seed)
	}
	assert.Positive(t, walks, "no pair of plans differed in two units")
}

// TestEliteKeepsTheBestDistinct: the pool holds the eliteSize best totals
// offered, each once, best first.
func TestEliteKeepsTheBestDistinct(t *testing.T) {
	ev, s, st := descendedEnforce(t, 75, nil)
	var offered []float64
	for i := range len(s.mobile) {
		tt := int(s.mobile[i])
		if len(s.cands[tt]) == 0 || st.cand[tt] >= 0 {
			continue
		}
		st.Apply(tt, int(s.cands[tt][0]))
		st.Resync()
		s.addElite(st)
		s.addElite(st) // a second time: kept once
		offered = append(offered, st.Score().Total)
		if len(offered) == 3*eliteSize {
			break
		}
	}
	require.Greater(t, len(offered), eliteSize)
	slices.Sort(offered)
	offered = slices.Compact(offered)
	want := offered[:min(eliteSize, len(offered))]
	var got []float64
	for _, e := range s.elite {
		got = append(got, e.total)
		assert.InDelta(t, ev.Score(e.plan).Total, e.total, 1e-6)
	}
	assert.InDeltaSlice(t, want, got, 1e-9)
}

// TestRelaxedPlan: the relaxation's plan is its choice at the best prices
// (evaluating the relaxation there gives the best bound again), moves
// teachers to their candidates only, and moves each priority group's
// members as a prefix of its ranking.
func TestRelaxedPlan(t *testing.T) {
	for seed := uint64(76); seed < 79; seed++ {
		ev, s, st := descendedEnforce(t, seed, nil)
		s.keep(st)
		lg := newLagrangian(ev)
		lg.solve(s, 300)
		p := lg.relaxedPlan()
		assert.InDelta(t, lg.bestValue, lg.value(), 1e-6*lg.bestValue, "seed %d: not the best prices", seed)
		assert.Positive(t, p.Moves(), "seed %d", seed)
		for tt, d := range p.Dest {
			if d != Stay {
				assert.GreaterOrEqual(t, ev.candIndex(tt, d), int32(0), "seed %d: teacher %d to a non-candidate", seed, tt)
			}
		}
		for g, members := range ev.prio.groups {
			stayed := false
			for _, m := range members {
				if p.Dest[m] == Stay {
					stayed = true
				} else {
					assert.False(t, stayed, "seed %d: group %d moves a teacher after one who stays", seed, g)
				}
			}
		}

		// Repaired, the relaxation's plan is a plan without complaints
		// that keeps most of its moves, and no better than the best kept.
		lg.atBest()
		q := s.lagrangianPlan(lg)
		sq := ev.Score(q)
		assert.True(t, sq.Feasible(), "seed %d: the repaired plan breaks a hard rule", seed)
		assert.GreaterOrEqual(t, sq.Total, s.bestScore.Total-eps, "seed %d: not kept", seed)
		kept := 0
		for tt, d := range p.Dest {
			if d != Stay && q.Dest[tt] == d {
				kept++
			}
		}
		t.Logf("seed %d: %d of %d relaxed moves kept", seed, kept, p.Moves())
		assert.Greater(t, 2*kept, p.Moves(), "seed %d: the repair kept %d of %d moves", seed, kept, p.Moves())
	}
}
