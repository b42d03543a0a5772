package solver

import (
	"cmp"
	"math"
	"slices"
)

// Path relinking (Glover 1997; Resende & Ribeiro 2005) in enforce mode.
// There the search's moves change one priority group's prefix at a time,
// and a plan better than a local optimum often needs several groups of
// different schools and subjects to change together: each change alone
// costs, together they pay. Two good plans of different valleys hold such
// changes between them. A walk from one plan towards another takes the
// other's configuration one unit at a time (a priority group whole, so no
// inversion opens, or a teacher outside groups), always the unit that
// costs least, and the best plan strictly between the two ends is
// finished by a descent.

// eliteSize is how many of the best distinct plans the search keeps to
// relink.
const eliteSize = 10

// relinkMargin is how far above the best plan, relative to it, a walk's
// best intermediate plan may be and still be finished by a descent. A
// descent costs as much as many walks; the ones that paid started within
// 0.05%.
const relinkMargin = 5e-4

// elitePlan is a plan of the elite pool and its total.
type elitePlan struct {
	plan  Plan
	total float64
}

// addElite offers the plan of st to the elite pool: the eliteSize best
// distinct totals seen, best first.
func (s *search) addElite(st *State) {
	total := st.Score().Total
	if len(s.elite) == eliteSize && total >= s.elite[eliteSize-1].total-eps {
		return
	}
	i, found := slices.BinarySearchFunc(s.elite, total, func(e elitePlan, v float64) int {
		if math.Abs(e.total-v) < eps {
			return 0
		}
		return cmp.Compare(e.total, v)
	})
	if found || (i > 0 && s.elite[i-1].total > total-eps) {
		return // a plan of this total is kept already
	}
	s.elite = slices.Insert(s.elite, i, elitePlan{st.Plan(), total})
	if len(s.elite) > eliteSize {
		s.elite = s.elite[:eliteSize]
	}
}

// relinkUnits lists the units in which plan to differs from plan from:
// each priority group with a member placed differently, whole, and each
// teacher outside groups placed differently.
func relinkUnits(ev *Evaluator, from, to Plan) [][]int32 {
	pr := ev.prio
	var units [][]int32
	seen := make([]bool, len(to.Dest))
	for t, d := range to.Dest {
		if d == from.Dest[t] || seen[t] {
			continue
		}
		if pr != nil && pr.groupOf[t] >= 0 {
			g := pr.groups[pr.groupOf[t]]
			for _, m := range g {
				seen[m] = true
			}
			units = append(units, g)
		} else {
			seen[t] = true
			units = append(units, []int32{int32(t)})
		}
	}
	return units
}

// relink walks from plan from towards plan to, one unit at a time, the
// one whose change costs least first, and returns the best plan strictly
// between them and its total; ok is false when the plans differ in fewer
// than two units, so that nothing lies between.
func (s *search) relink(from, to Plan) (best Plan, total float64, ok bool) {
	ev := s.ev
	units := relinkUnits(ev, from, to)
	if len(units) < 2 {
		return Plan{}, 0, false
	}
	st := ev.stateOf(from)
	var was []int32 // the candidates of the last unit changed, for undo
	change := func(u []int32) float64 {
		was = was[:0]
		sum := 0.0
		for _, t := range u {
			was = append(was, st.cand[t])
			if c := ev.candIndex(int(t), to.Dest[t]); c != st.cand[t] {
				sum += st.Move(int(t), int(c)).Total
			}
		}
		return sum
	}
	undo := func(u []int32) {
		for i := len(u) - 1; i >= 0; i-- {
			if st.cand[u[i]] != was[i] {
				st.Move(int(u[i]), int(was[i]))
			}
		}
	}
	for len(units) > 1 {
		bi, bv := -1, 0.0
		for i, u := range units {
			v := change(u)
			undo(u)
			if bi < 0 || v < bv {
				bi, bv = i, v
			}
		}
		change(units[bi])
		units = slices.Delete(units, bi, bi+1)
		if v := st.Score().Total; !ok || v < total-eps {
			best, total, ok = st.Plan(), v, true
		}
		if s.poll(len(units)) {
			break
		}
	}
	return best, total, ok
}

// relinkElite walks from the best plan to every other elite plan and to
// the relaxation's plan (s.guide, when set), and back; finishes each
// walk's best plan by a descent when it is within relinkMargin of the
// best; and starts again while the best improves (at most three times).
// (Over three counties and seeds 1-10, the default run ended on average at
// 1.00193 × the optimum without relinking, 1.00168 × with the elite only,
// 1.00153 × with the relaxation's plan too, in about the same time.)
func (s *search) relinkElite() {
	for range 3 {
		to := slices.Clone(s.elite)
		if s.guide.Dest != nil {
			to = append(to, elitePlan{plan: s.guide})
		}
		before := s.bestScore.Total
		for _, e := range to {
			for _, back := range [2]bool{false, true} {
				if s.done() {
					return
				}
				from, to := s.best, e.plan
				if back {
					from, to = to, from
				}
				p, v, ok := s.relink(from, to)
				if !ok || v > s.bestScore.Total*(1+relinkMargin) {
					continue
				}
				st := s.ev.stateOf(p)
				s.descend(st)
				s.keep(st)
			}
		}
		if s.bestScore.Total >= before-eps {
			return
		}
	}
}
