package solver

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLocalSearchFromOutsideCore searches a core that leaves out every
// receiver of the plan it starts from, as the second core block of a long
// run does when the best plan was found in the whole: chain and replace
// moves find no pairs to those receivers and must pass.
func TestLocalSearchFromOutsideCore(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		t.Run(fmt.Sprintf("seed %d", seed), func(t *testing.T) {
			ev := NewEvaluator(randomCounty(seed, 24))
			s := newSearch(context.Background(), ev, Options{Seed: seed})
			require.True(t, s.prepare())
			st := s.pinnedState()
			s.construct(st)
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
