package solver

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// TestTransportUncrossesMoves: two interchangeable teachers sent across
// each other's way are sent to the receivers near their own schools.
func TestTransportUncrossesMoves(t *testing.T) {
	c := newCounty()
	west := c.school("W", model.PrimarySchool, model.Urban, false, 400, 0, 113.00, 28.00)
	east := c.school("E", model.PrimarySchool, model.Urban, false, 400, 0, 113.20, 28.00)
	rw := c.school("RW", model.PrimarySchool, model.Rural, false, 100, 0, 113.01, 28.01)
	re := c.school("RE", model.PrimarySchool, model.Rural, false, 100, 0, 113.21, 28.01)
	ts := tspec{stage: model.Primary, subject: model.Math, edu: model.Bachelor, years: 8}
	a := c.teacher(west, ts)
	b := c.teacher(east, ts)
	c.many(west, 10, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 1})
	c.many(east, 10, tspec{stage: model.Primary, subject: model.Chinese, edu: model.Bachelor, years: 1})
	ev := NewEvaluator(c.build())
	s := newSearch(context.Background(), ev, Options{})
	require.True(t, s.prepare())
	st := ev.NewState()
	st.Apply(a, int(ev.candIndex(a, int32(re))))
	st.Apply(b, int(ev.candIndex(b, int32(rw))))
	before := st.Score()

	require.True(t, s.tr.improve(st), "the crossed moves can be uncrossed")
	assert.Equal(t, int32(rw), st.Dest(a))
	assert.Equal(t, int32(re), st.Dest(b))
	after := st.Score()
	assert.Equal(t, before.Hard, after.Hard)
	assert.InDelta(t, before.Medium, after.Medium, 1e-9)
	assert.Less(t, after.Soft, before.Soft-1, "about 2 × 20 km less")
	assert.False(t, s.tr.improve(st), "an optimal reassignment cannot be improved")
}

// TestTransportKeepsDeficits: on random plans the transport changes only
// the soft term, never raises it, keeps the running score equal to a full
// recompute and leaves nothing to improve by a second pass.
func TestTransportKeepsDeficits(t *testing.T) {
	improved := 0
	for seed := range uint64(6) {
		in := randomCounty(seed+10, 24)
		ev := NewEvaluator(in)
		s := newSearch(context.Background(), ev, Options{})
		require.True(t, s.prepare())
		st := ev.NewState()
		rng := rand.New(rand.NewPCG(seed, 3))
		for _, m := range s.mobile {
			if rng.IntN(3) == 0 {
				st.Apply(int(m), rng.IntN(len(ev.Cands[m])))
			}
		}
		before := st.Score()
		changed := s.tr.improve(st)
		st.Resync()
		after := st.Score()
		assert.Equal(t, before.Hard, after.Hard, "seed %d", seed)
		assert.InDelta(t, before.Medium, after.Medium, 1e-9, "seed %d", seed)
		assert.LessOrEqual(t, after.Soft, before.Soft+1e-9, "seed %d", seed)
		assert.Equal(t, changed, after.Soft < before.Soft-1e-9, "seed %d", seed)
		if changed {
			improved++
		}
		full := ev.Score(st.Plan())
		assert.InDelta(t, full.Total, after.Total, 1e-6, "seed %d", seed)
		assert.False(t, s.tr.improve(st), "seed %d: second pass", seed)
	}
	assert.Positive(t, improved, "random plans leave room to reassign")
}

// TestDescendEndsAtLocalOptimum: the descent prices only what changed
// after its first round; when it stops, a full pricing of every teacher
// finds no improving change either.
func TestDescendEndsAtLocalOptimum(t *testing.T) {
	for seed := range uint64(8) {
		in := randomCounty(seed+20, 40)
		in.Policy.RotationRate = 0 // no quota: the descent prices only what changed
		ev := NewEvaluator(in)
		s := newSearch(context.Background(), ev, Options{})
		require.True(t, s.prepare())
		st := s.pinnedState()
		rng := rand.New(rand.NewPCG(seed, 5))
		for _, m := range s.mobile {
			if rng.IntN(3) == 0 {
				st.Apply(int(m), rng.IntN(len(ev.Cands[m])))
			}
		}
		s.descend(st)
		for _, m := range s.mobile {
			_, v := s.bestCand(st, int(m))
			assert.GreaterOrEqual(t, v, -eps, "seed %d: teacher %d still has an improving change", seed, m)
		}
		assert.InDelta(t, ev.Score(st.Plan()).Total, st.Score().Total, 1e-6, "seed %d", seed)
	}
}
