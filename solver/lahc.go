package solver

import (
	"math/rand/v2"
)

// lahc is one late-acceptance hill-climbing thread (Burke & Bykov 2017): a
// candidate is accepted when it is no worse than the current plan or than
// the plan of histLen iterations ago. Its moves are change (one teacher to
// another destination or home), replace (cancel one move, add another,
// often to the same receiver: an ejection), chain (a moved teacher goes on
// to another receiver and another teacher takes its place) and swap (two moved teachers
// exchange destinations).
//
// The acceptance is kept per component of the instance (schools linked by
// possible moves), and a component of more than 2 × regionSize movable
// teachers (a prefecture, whose counties are linked by moves across their
// borders) is cut into geographic regions: each has its own running cost
// and history, so worsening moves accepted in one county do not hide the
// improvements found in another.
type lahc struct {
	s     *search
	st    *State
	rng   *rand.Rand
	level []float64   // per component: running cost, relative to the start
	hist  [][]float64 // per component: the history of levels
	k     []int       // per component: iterations

	moved []int32 // moved mobile teachers
	pos   []int32 // per teacher, index in moved or -1

	best      Plan
	bestScore Score

	// scratch of ruin and recreate
	log     []pairRef // (teacher, previous candidate) of every change, to undo
	pending deltaHeap
	ruined  []int32
	firsts  []int32 // of ruinRecreateGroups
	left    []int32 // per teacher: the candidate it left in the current ruin, or -1
}

const histLen = 1000

// recreateWindow bounds the pairs a recreate prices per ruined receiver.
const recreateWindow = 256

func newLAHC(s *search, st *State, rng *rand.Rand) *lahc {
	w := &lahc{s: s, st: st, rng: rng, pos: make([]int32, len(st.dest))}
	for i := range w.pos {
		w.pos[i] = -1
	}
	if st.ev.enforce {
		w.left = make([]int32, len(st.dest))
		for i := range w.left {
			w.left[i] = -1
		}
	}
	for _, t := range s.mobile {
		if st.cand[t] >= 0 {
			w.pos[t] = int32(len(w.moved))
			w.moved = append(w.moved, t)
		}
	}
	// A history a little above the start lets the search leave the local
	// optimum it starts from; it tightens as better plans fill it. Each
	// component's slack is its share of the whole.
	start := st.Score().Total
	size := make([]int, s.comps)
	for _, t := range s.mobile {
		size[s.compOf[t]]++
	}
	w.level, w.hist, w.k = make([]float64, s.comps), make([][]float64, s.comps), make([]int, s.comps)
	for c := range w.hist {
		share := float64(size[c]) / float64(max(1, len(s.mobile)))
		slack := st.ev.W.Medium + min(0.002*start*share, 5*st.ev.W.Medium)
		w.hist[c] = make([]float64, histLen)
		for i := range w.hist[c] {
			w.hist[c][i] = slack
		}
	}
	w.best, w.bestScore = st.Plan(), st.Score()
	return w
}

// move applies a change and keeps the moved list in step.
func (w *lahc) move(t int32, c int32) Score {
	was := w.st.cand[t] >= 0
	d := w.st.Move(int(t), int(c))
	switch now := c >= 0; {
	case now && !was:
		w.pos[t] = int32(len(w.moved))
		w.moved = append(w.moved, t)
	case !now && was:
		i := w.pos[t]
		last := w.moved[len(w.moved)-1]
		w.moved[i], w.pos[last] = last, i
		w.moved = w.moved[:len(w.moved)-1]
		w.pos[t] = -1
	}
	return d
}

// checkEvery is the number of iterations between a thread's looks at the
// clock and the context.
const checkEvery = 256

// run tries n moves, or fewer when the time limit is reached or the context
// cancelled, and returns how many it tried.
func (w *lahc) run(n int64) int64 {
	s, st, rng := w.s, w.st, w.rng
	ev := st.ev
	for i := range n {
		if i%checkEvery == checkEvery-1 && (s.ctx.Err() != nil || s.overdue()) {
			return i
		}
		cur := st.sc.Total
		// Each branch applies its move and records in t1, o1, t2, o2 how to
		// revert it; ruin and recreate (t1 = -2) reverts from its log.
		var t1, t2, o1, o2 int32 = -1, -1, -1, -1
		owner := int32(-1) // the teacher whose component the move is charged to
		switch r := rng.IntN(100); {
		case r < 45 || len(w.moved) == 0: // change
			t1 = s.mobile[rng.IntN(len(s.mobile))]
			if ev.enforce {
				if t1 = s.frontier(st, t1, rng); t1 < 0 || len(s.cands[t1]) == 0 {
					continue
				}
			}
			c, stay := int32(-1), 1
			if ev.enforce && st.cand[t1] >= 0 && !s.lastOfGroup(st, t1) {
				stay = 0 // staying would open an inversion: redirect only
			}
			if k := rng.IntN(len(s.cands[t1])+stay) + 1 - stay; k > 0 {
				c = s.cands[t1][k-1]
			}
			if c == st.cand[t1] {
				continue
			}
			o1 = st.cand[t1]
			w.move(t1, c)
		case r < 60: // chain: t1 moves on to another receiver, t2 takes its place
			t1 = w.moved[rng.IntN(len(w.moved))]
			o1 = st.cand[t1]
			list := s.rev[ev.Cands[t1][o1].School]
			if len(list) == 0 { // a receiver outside the core
				continue
			}
			p := list[rng.IntN(len(list))]
			if ev.enforce {
				var ok bool
				if p, ok = s.frontierPair(st, p); !ok {
					continue
				}
			}
			if p.t == t1 || st.cand[p.t] >= 0 {
				continue
			}
			if len(s.cands[t1]) == 0 {
				continue
			}
			c := s.cands[t1][rng.IntN(len(s.cands[t1]))]
			if c == o1 {
				continue
			}
			w.move(t1, c)
			t2, o2 = p.t, -1
			w.move(t2, p.c)
		case r < 85: // replace
			t1 = w.moved[rng.IntN(len(w.moved))]
			if ev.enforce { // the worst moved of its group
				if g := ev.prio.groupOf[t1]; g >= 0 {
					t1 = s.lastMoved(st, g)
				}
				if ev.pinMove[t1] >= 0 || len(s.cands[t1]) == 0 {
					continue
				}
			}
			o1 = st.cand[t1]
			var p pairRef
			if rng.IntN(2) == 0 {
				list := s.rev[ev.Cands[t1][o1].School]
				if len(list) == 0 { // a receiver outside the core
					continue
				}
				p = list[rng.IntN(len(list))]
			} else {
				p.t = s.mobile[rng.IntN(len(s.mobile))]
				p.c = s.cands[p.t][rng.IntN(len(s.cands[p.t]))]
			}
			if ev.enforce {
				var ok bool
				if p, ok = s.frontierPair(st, p); !ok {
					continue
				}
			}
			if p.t == t1 || st.cand[p.t] >= 0 {
				continue
			}
			w.move(t1, -1)
			t2, o2 = p.t, -1
			w.move(t2, p.c)
		case r < 90: // ruin and recreate
			ruin := w.ruinRecreate
			if ev.enforce {
				ruin = w.ruinRecreateGroups
				if rng.IntN(2) == 0 {
					ruin = w.shift
				}
			}
			t0, skip := ruin()
			if skip {
				continue
			}
			t1, owner = -2, t0 // undone from the log
		default: // swap
			if len(w.moved) < 2 {
				continue
			}
			t1, t2 = w.moved[rng.IntN(len(w.moved))], w.moved[rng.IntN(len(w.moved))]
			o1, o2 = st.cand[t1], st.cand[t2]
			r1, r2 := ev.Cands[t1][o1].School, ev.Cands[t2][o2].School
			if r1 == r2 {
				continue
			}
			n1, n2 := ev.candIndex(int(t1), r2), ev.candIndex(int(t2), r1)
			if n1 < 0 || n2 < 0 {
				continue
			}
			w.move(t1, n1)
			w.move(t2, n2)
		}
		if owner < 0 {
			owner = t1
		}
		comp := w.s.compOf[owner]
		hist := w.hist[comp]
		next := w.level[comp] + st.sc.Total - cur
		v := w.k[comp] % histLen
		w.k[comp]++
		if next <= hist[v] || next <= w.level[comp]+eps {
			w.level[comp] = next
			if st.sc.Total < w.bestScore.Total-eps { // next is relative to the start
				w.bestScore = st.sc
				copy(w.best.Dest, st.dest)
			}
		} else if t1 == -2 {
			w.undo()
		} else { // reject: undo in reverse order
			if t2 >= 0 {
				w.move(t2, o2)
			}
			w.move(t1, o1)
		}
		if w.level[comp] < hist[v] {
			hist[v] = w.level[comp]
		}
	}
	return n
}

// ruinRecreate removes every move into a few neighbouring receivers and
// re-inserts moves into them greedily, most improving first, skipping a few
// at random ("blinks"): the ruin-and-recreate of Schrimpf et al. (2000) with
// the string removals and blinks of Christiaens & Vanden Berghe (2020). It
// logs every change for undo and returns the teacher it started from, or
// skip when there was nothing to ruin.
func (w *lahc) ruinRecreate() (t0 int32, skip bool) {
	s, st, rng := w.s, w.st, w.rng
	ev := st.ev
	w.log = w.log[:0]
	t0 = w.moved[rng.IntN(len(w.moved))]
	r0 := ev.Cands[t0][st.cand[t0]].School
	w.ruined = append(w.ruined[:0], r0)
	w.ruined = append(w.ruined, s.near[r0][:min(len(s.near[r0]), rng.IntN(4))]...)
	for _, r := range w.ruined {
		for _, p := range s.rev[r] {
			if st.cand[p.t] == p.c {
				w.log = append(w.log, pairRef{p.t, p.c})
				w.move(p.t, -1)
			}
		}
	}
	if len(w.log) == 0 {
		return t0, true
	}
	h := &w.pending
	h.items = h.items[:0]
	for _, r := range w.ruined {
		// A random window of at most recreateWindow of the pairs that reach r
		// keeps a recreate cheap on large counties and varies its choices.
		list := s.rev[r]
		lo := 0
		if len(list) > recreateWindow {
			lo = rng.IntN(len(list) - recreateWindow + 1)
			list = list[lo : lo+recreateWindow]
		}
		for j, p := range list {
			i := lo + j
			if st.cand[p.t] < 0 {
				if v := st.Delta(int(p.t), int(p.c)).Total; v < 0 {
					h.items = append(h.items, deltaItem{v, int64(r)<<32 | int64(i)})
				}
			}
		}
	}
	h.init()
	for h.Len() > 0 {
		it := h.pop()
		p := s.rev[it.id>>32][it.id&(1<<32-1)]
		if st.cand[p.t] >= 0 {
			continue
		}
		v := st.Delta(int(p.t), int(p.c)).Total
		if v >= 0 {
			continue
		}
		if h.Len() > 0 && v > h.items[0].v+eps {
			h.push(deltaItem{v, it.id})
			continue
		}
		if rng.IntN(100) < 3 { // blink
			continue
		}
		w.log = append(w.log, pairRef{p.t, -1})
		w.move(p.t, p.c)
	}
	return t0, false
}

// undo reverts the logged changes in reverse order.
func (w *lahc) undo() {
	for i := len(w.log) - 1; i >= 0; i-- {
		w.move(w.log[i].t, w.log[i].c)
	}
}
