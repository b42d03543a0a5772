package solver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// constructed is a search of a random county and the plan its
// construction builds.
func constructed(t *testing.T, seed uint64) (*Evaluator, *search, *State) {
	t.Helper()
	ev := NewEvaluator(randomCounty(seed, 24))
	s := newSearch(context.Background(), ev, Options{Seed: seed})
	require.True(t, s.prepare())
	st := s.pinnedState()
	s.construct(st)
	return ev, s, st
}

// TestLocalSearchFromOutsideCore searches a core that leaves out every
// receiver of the plan it starts from, as the second core block of a long
// run does when the best plan was found in the whole: chain and replace
// moves find no pairs to those receivers and must pass.
func TestLocalSearchFromOutsideCore(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			ev, s, st := constructed(t, seed)
			s.keep(st)
			require.Positive(t, st.Moved())
			used := map[int32]bool{}
			for _, d := range s.best.Dest {
				if d != Stay {
					used[d] = true
				}
			}
			core := make([][]int32, len(s.cands))
			for tc, cs := range s.cands {
				for _, c := range cs {
					if !used[ev.Cands[tc][c].School] {
						core[tc] = append(core[tc], c)
					}
				}
			}
			before := s.bestScore.Total
			s.coreSearch(core, s.best, 20_000)
			assert.LessOrEqual(t, s.bestScore.Total, before, "got %v, worse than the start %v", s.bestScore.Total, before)
			assert.InDelta(t, ev.Score(s.best).Total, s.bestScore.Total, 1e-6, "the best score is the full recompute of the best plan")
		})
	}
}

// TestLAHCKeepsItsBest runs a late-acceptance thread one move at a time
// and holds its best to the lowest total the current plan ever had: the
// acceptance works on totals relative to the start, the best on absolute
// ones, and mixing them up made every accepted move the thread's "best".
func TestLAHCKeepsItsBest(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			ev, s, st := constructed(t, seed)
			s.nearReceivers()
			require.NotNil(t, s.near)
			w := newLAHC(s, st, rand.New(rand.NewPCG(seed, 1)))
			lowest, worseAfterBest := st.Score().Total, false
			for range 5_000 {
				w.run(1)
				if cur := st.Score().Total; cur < lowest-eps {
					lowest = cur
				} else if cur > lowest+eps {
					worseAfterBest = true
				}
			}
			require.True(t, worseAfterBest, "the search never accepted a worse plan: the test proves nothing")
			assert.InDelta(t, lowest, w.bestScore.Total, 1e-6, "the thread's best is not the lowest total it reached")
			assert.InDelta(t, ev.Score(w.best).Total, w.bestScore.Total, 1e-6, "the best score is the full recompute of the best plan")
		})
	}
}
