package solver

import (
	"math/rand/v2"
	"slices"
)

// In enforce mode every complaint is a hard unit, so the plans worth
// searching are those whose moved teachers of each priority group are a
// prefix of its ranking. The moves here keep a plan there: a group's
// prefix advances (its best unmoved teacher moves) or retreats (its worst
// moved teacher stays), one to three teachers at once, and the random
// moves of the local search are steered to a group's frontier. Envy is
// repaired by the destination swaps the local search already makes.

// frontier returns, for teacher t of a priority group, the teacher of its
// group whose change keeps the prefix: the best unmoved one when t is
// unmoved, else t itself (a redirect) or, half the time, the worst moved
// one (a retreat). Teachers outside groups are returned as they are.
func (s *search) frontier(st *State, t int32, rng *rand.Rand) int32 {
	pr := s.ev.prio
	g := pr.groupOf[t]
	if g < 0 {
		return t
	}
	if st.dest[t] == Stay {
		if f := s.firstUnmoved(st, g); f >= 0 {
			return f
		}
		return t
	}
	if rng.IntN(2) == 0 {
		return s.lastMoved(st, g)
	}
	return t
}

// frontierPair maps a pair (teacher, candidate) to the best unmoved
// teacher of the teacher's group going to the same school, the one a
// replacement there can send without an inversion; ok is false when that
// teacher cannot go there.
func (s *search) frontierPair(st *State, p pairRef) (pairRef, bool) {
	ev := s.ev
	g := ev.prio.groupOf[p.t]
	if g < 0 {
		return p, true
	}
	f := s.firstUnmoved(st, g)
	if f < 0 {
		return p, false
	}
	c := ev.candIndex(int(f), ev.Cands[p.t][p.c].School)
	return pairRef{f, c}, c >= 0
}

// lastOfGroup reports whether moved teacher t is the worst ranked moved
// teacher of its group (or in none), so that it may stay.
func (s *search) lastOfGroup(st *State, t int32) bool {
	g := s.ev.prio.groupOf[t]
	return g < 0 || s.lastMoved(st, g) == t
}

// firstUnmoved is the best ranked unmoved teacher of group g who can move,
// or -1.
func (s *search) firstUnmoved(st *State, g int32) int32 {
	for _, m := range s.ev.prio.groups[g] {
		if st.dest[m] == Stay {
			if len(s.cands[m]) == 0 {
				return -1
			}
			return m
		}
	}
	return -1
}

// lastMoved is the worst ranked moved teacher of group g, or -1.
func (s *search) lastMoved(st *State, g int32) int32 {
	ms := s.ev.prio.groups[g]
	for i := len(ms) - 1; i >= 0; i-- {
		if st.dest[ms[i]] != Stay {
			return ms[i]
		}
	}
	return -1
}

// bestMove is teacher t's best destination other than staying, by delta,
// or -1 when it has none.
func (s *search) bestMove(st *State, t int) int {
	bc, bv := -1, 0.0
	for _, c32 := range s.cands[t] {
		if v := st.Delta(t, int(c32)).Total; bc < 0 || v < bv-eps {
			bc, bv = int(c32), v
		}
	}
	return bc
}

// maxShift is the most teachers a group's prefix advances or retreats by
// in one move.
const maxShift = 3

// shiftGroups tries, for every priority group, advancing its prefix by one
// to maxShift teachers (each to its best destination then) or retreating
// it as far, and keeps the most improving length; it reports whether the
// total went down.
func (s *search) shiftGroups(st *State) bool {
	improved := false
	var done, was [maxShift]int32 // the teachers changed and their candidates before
	for g := range s.ev.prio.groups {
		if s.poll(maxShift * 8) {
			break
		}
		for _, advance := range [2]bool{true, false} {
			n, best, bestN, sum := 0, -eps, 0, 0.0
			for n < maxShift {
				var t int32
				c := -1
				if advance {
					if t = s.firstUnmoved(st, int32(g)); t >= 0 {
						c = s.bestMove(st, int(t))
					}
					if c < 0 {
						break
					}
				} else if t = s.lastMoved(st, int32(g)); t < 0 || s.ev.pinMove[t] >= 0 {
					break
				}
				done[n], was[n] = t, st.cand[t]
				sum += st.Move(int(t), c).Total
				n++
				if sum < best {
					best, bestN = sum, n
				}
			}
			for n > bestN { // undo the steps past the best length
				n--
				st.Move(int(done[n]), int(was[n]))
			}
			if bestN > 0 {
				for _, t := range done[:bestN] {
					s.touch(st, int(t))
				}
				improved = true
				s.iterations++
				break
			}
		}
	}
	return improved
}

// ruinRecreateGroups is ruin and recreate for enforce mode, where removing
// the moves into a few receivers would open inversions in every group
// that sent one of them: it retreats each such group entirely instead
// (and cancels the other moves there), then advances the ruined groups
// again greedily, most improving first, each group's next teacher priced
// to its best destination once the one before it has moved. Changes are
// logged for undo like ruinRecreate's.
func (w *lahc) ruinRecreateGroups() (t0 int32, skip bool) {
	s, st, rng := w.s, w.st, w.rng
	ev := st.ev
	pr := ev.prio
	w.log = w.log[:0]
	t0 = w.moved[rng.IntN(len(w.moved))]
	r0 := ev.Cands[t0][st.cand[t0]].School
	w.ruined = append(w.ruined[:0], r0)
	w.ruined = append(w.ruined, s.near[r0][:min(len(s.near[r0]), rng.IntN(4))]...)
	h := &w.pending
	h.items = h.items[:0]
	// The heap holds teachers (id = teacher), priced to their best move
	// among the ruined receivers and the one they left.
	push := func(t int32) {
		if t < 0 || st.cand[t] >= 0 {
			return
		}
		if c := w.bestRecreate(t); c >= 0 {
			if v := st.Delta(int(t), c).Total; v < 0 {
				h.push(deltaItem{v, int64(t)})
			}
		}
	}
	w.firsts = w.firsts[:0] // the teachers whose groups (or themselves) to re-insert
	for _, r := range w.ruined {
		for _, p := range s.rev[r] {
			if st.cand[p.t] != p.c {
				continue
			}
			if g := pr.groupOf[p.t]; g >= 0 {
				ms := pr.groups[g]
				for i := len(ms) - 1; i >= 0; i-- { // worst first: no inversion on the way
					if m := ms[i]; st.cand[m] >= 0 && ev.pinMove[m] < 0 {
						w.log = append(w.log, pairRef{m, st.cand[m]})
						w.left[m] = st.cand[m]
						w.move(m, -1)
					}
				}
				w.firsts = append(w.firsts, ms[0])
			} else {
				w.log = append(w.log, pairRef{p.t, p.c})
				w.left[p.t] = p.c
				w.move(p.t, -1)
				w.firsts = append(w.firsts, p.t)
			}
		}
	}
	if len(w.log) == 0 {
		return t0, true
	}
	for _, t := range w.firsts {
		if g := pr.groupOf[t]; g >= 0 {
			t = s.firstUnmoved(st, g)
		}
		push(t)
	}
	for h.Len() > 0 {
		it := h.pop()
		t := int32(it.id)
		if st.cand[t] >= 0 {
			continue
		}
		c := w.bestRecreate(t)
		if c < 0 {
			continue
		}
		v := st.Delta(int(t), c).Total
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
		w.log = append(w.log, pairRef{t, -1})
		w.move(t, int32(c))
		if g := pr.groupOf[t]; g >= 0 {
			push(s.firstUnmoved(st, g))
		}
	}
	for _, l := range w.log {
		w.left[l.t] = -1
	}
	return t0, false
}

// bestRecreate is teacher t's best move, by delta, to a ruined receiver
// or back to the destination it left in this ruin; -1 when it has none.
func (w *lahc) bestRecreate(t int32) int {
	s, st, ev := w.s, w.st, w.st.ev
	bc, bv := -1, 0.0
	try := func(c int32) {
		if c < 0 {
			return
		}
		if v := st.Delta(int(t), int(c)).Total; bc < 0 || v < bv-eps {
			bc, bv = int(c), v
		}
	}
	try(w.left[t])
	for _, r := range w.ruined {
		if c := ev.candIndex(int(t), r); c != w.left[t] && s.allowed(t, c) {
			try(c)
		}
	}
	return bc
}

// allowed reports whether candidate c of teacher t is one the search may
// use now (reduced-cost fixing and the core remove some).
func (s *search) allowed(t, c int32) bool {
	if c < 0 {
		return false
	}
	_, ok := slices.BinarySearch(s.cands[t], c)
	return ok
}

// schoolMates are the mobile teachers of teacher t's post school (see
// indexMates).
func (s *search) schoolMates(t int32) []int32 {
	return s.mates[s.ev.In.Teachers[t].School]
}

// indexMates lists the mobile teachers of every school, for enforce mode;
// it is built before the search threads start, which read it.
func (s *search) indexMates() {
	s.mates = make([][]int32, len(s.ev.In.Schools))
	for _, m := range s.mobile {
		h := s.ev.In.Teachers[m].School
		s.mates[h] = append(s.mates[h], m)
	}
}

// swapMates tries, for every two moved teachers of one post school, to
// exchange their destinations, and keeps each exchange that lowers the
// total: in enforce mode who moves is fixed by the prefixes, and where
// they go is decided among colleagues, whose candidates are the same.
func (s *search) swapMates(st *State) bool {
	ev := s.ev
	improved := false
	for _, t1 := range s.mobile {
		if st.cand[t1] < 0 {
			continue
		}
		mates := s.schoolMates(t1)
		if s.poll(2 * len(mates)) {
			break
		}
		for _, t2 := range mates {
			if t2 <= t1 || st.cand[t2] < 0 || st.cand[t1] < 0 {
				continue
			}
			o1, o2 := st.cand[t1], st.cand[t2]
			r1, r2 := ev.Cands[t1][o1].School, ev.Cands[t2][o2].School
			if r1 == r2 {
				continue
			}
			n1, n2 := ev.candIndex(int(t1), r2), ev.candIndex(int(t2), r1)
			if n1 < 0 || n2 < 0 {
				continue
			}
			d := st.Move(int(t1), int(n1)).Total + st.Move(int(t2), int(n2)).Total
			if d < -eps {
				s.touch(st, int(t1))
				s.touch(st, int(t2))
				improved = true
				s.iterations++
				continue
			}
			st.Move(int(t2), int(o2))
			st.Move(int(t1), int(o1))
		}
	}
	return improved
}

// shift advances or retreats the prefix of a random teacher's group by two
// or three teachers at once, each advancing teacher to a random candidate:
// the local search's counterpart of shiftGroups, logged for undo like a
// ruin. skip is true when the group cannot shift.
func (w *lahc) shift() (t0 int32, skip bool) {
	s, st, rng := w.s, w.st, w.rng
	pr := st.ev.prio
	w.log = w.log[:0]
	t0 = s.mobile[rng.IntN(len(s.mobile))]
	g := pr.groupOf[t0]
	if g < 0 {
		return t0, true
	}
	n, advance := 2+rng.IntN(2), rng.IntN(2) == 0
	for range n {
		if advance {
			t := s.firstUnmoved(st, g)
			if t < 0 || len(s.cands[t]) == 0 {
				break
			}
			w.log = append(w.log, pairRef{t, -1})
			w.move(t, s.cands[t][rng.IntN(len(s.cands[t]))])
		} else {
			t := s.lastMoved(st, g)
			if t < 0 || st.ev.pinMove[t] >= 0 {
				break
			}
			w.log = append(w.log, pairRef{t, st.cand[t]})
			w.move(t, -1)
		}
	}
	return t0, len(w.log) == 0
}

// wishSwaps tries, for every moved teacher A with wishes who is not at
// the first of them, to exchange destinations with a teacher B moved to
// one of A's better wishes, and keeps each exchange that lowers the total.
// Wishes make teachers of one class unlike in cost, and the exchanges that
// give a teacher a better wish run between schools, where the transport
// move (within a class) and random swaps rarely find them.
func (s *search) wishSwaps(st *State) bool {
	ev := s.ev
	in := ev.In
	improved := false
	for _, a := range s.mobile {
		ca := st.cand[a]
		if ca < 0 {
			continue
		}
		ws := in.WishesOf(int(a))
		if len(ws) == 0 {
			continue
		}
		ra := ev.Cands[a][ca].School
		above := wishesAbove(in, int(a), int(ra))
		if s.poll(above * 8) {
			break
		}
		for _, y := range ws[:above] {
			na := ev.candIndex(int(a), int32(y))
			if na < 0 || !s.allowed(a, na) || int(y) >= len(s.rev) {
				continue
			}
			done := false
			for _, p := range s.rev[y] {
				if st.cand[p.t] != p.c || p.t == a {
					continue // not moved there now
				}
				nb := ev.candIndex(int(p.t), ra)
				if nb < 0 || !s.allowed(p.t, nb) {
					continue
				}
				d := st.Move(int(a), int(na)).Total + st.Move(int(p.t), int(nb)).Total
				if d < -eps {
					s.touch(st, int(a))
					s.touch(st, int(p.t))
					improved, done = true, true
					s.iterations++
					break
				}
				st.Move(int(p.t), int(p.c))
				st.Move(int(a), int(ca))
			}
			if done {
				break
			}
		}
	}
	return improved
}

// chainMoves tries, for every moved teacher A, each other destination Y of
// A together with a change of one teacher B moved to Y: B to another of
// its destinations, or home when B is the last moved of its group. It
// keeps each such pair that lowers the total. In enforce mode who moves
// is held by the prefixes, and a better plan often needs two destinations
// changed at once: A takes B's place at Y because it fits Y better, and B
// fills what A left or goes where it fits better still. Single changes
// and the swaps of swapMates are the chain's special cases; the chain
// reaches the rest.
func (s *search) chainMoves(st *State) bool {
	ev := s.ev
	if s.ends == nil {
		s.ends = make([]chainEnds, len(ev.Cands))
	}
	s.endsVer++
	improved := false
	for _, a := range s.mobile {
		oa := st.cand[a]
		if oa < 0 {
			continue
		}
		if s.poll(8 * len(s.cands[a])) {
			break
		}
		x := ev.Cands[a][oa].School
		done := false
		for _, na := range s.cands[a] {
			if na == oa {
				continue
			}
			y := ev.Cands[a][na].School
			da := st.Move(int(a), int(na)).Total
			if da < -eps {
				done = true
				break
			}
			for _, p := range s.rev[y] {
				b := p.t
				if b == a || st.cand[b] != p.c {
					continue
				}
				if nb, v := s.bestChainEnd(st, b, a, x); nb != p.c && da+v < -eps {
					st.Move(int(b), int(nb))
					s.touch(st, int(b))
					done = true
					break
				}
			}
			if done {
				break
			}
			st.Move(int(a), int(oa))
		}
		if done {
			s.touch(st, int(a))
			s.endsVer++
			improved = true
			s.iterations++
		}
	}
	return improved
}

// chainEnds holds a moved teacher's three best other destinations by
// delta, as chainMoves last priced them (at version ver).
type chainEnds struct {
	ver  int64
	best [3]int32
}

// bestChainEnd is moved teacher b's best change and its delta while
// teacher a, who left school x, stands in for it: another destination of
// b, or home when b is the last moved of its group and not pinned; b's
// own candidate with delta 0 when none improves.
//
// Pricing every destination of b for every a would dominate the descent,
// and a changes b's deltas only at x and at b's own school (the same for
// every destination there), unless a and b are rivals for envy. So b's
// three best destinations are priced once per pass (s.endsVer, which
// every accepted chain advances) and kept: whatever a's x, the best
// destination other than x is among them, the one a of the pass that
// priced them may have raised, x, and the next. Rivals price everything.
func (s *search) bestChainEnd(st *State, b, a int32, x int32) (int32, float64) {
	ev := s.ev
	bc, bv := st.cand[b], 0.0
	try := func(c int32) {
		if c < 0 || c == st.cand[b] {
			return
		}
		if v := st.Delta(int(b), int(c)).Total; v < bv {
			bc, bv = c, v
		}
	}
	rivals := ev.prio == nil || ev.prio.classOf[a] >= 0 && ev.prio.classOf[a] == ev.prio.classOf[b]
	if e := &s.ends[b]; rivals || e.ver != s.endsVer {
		var best [3]int32
		var vs [3]float64
		n := 0
		for _, c := range s.cands[b] {
			if c == st.cand[b] {
				continue
			}
			v := st.Delta(int(b), int(c)).Total
			if v < bv {
				bc, bv = c, v
			}
			i := min(n, len(best))
			for i > 0 && vs[i-1] > v {
				i--
			}
			if i < len(best) {
				copy(best[i+1:], best[i:])
				copy(vs[i+1:], vs[i:])
				best[i], vs[i] = c, v
				n = min(n+1, len(best))
			}
		}
		if !rivals {
			for i := n; i < len(best); i++ {
				best[i] = -1
			}
			*e = chainEnds{s.endsVer, best}
		}
	} else {
		for _, c := range e.best {
			try(c)
		}
		if c := ev.candIndex(int(b), x); s.allowed(b, c) {
			try(c)
		}
	}
	if ev.pinMove[b] < 0 && s.lastOfGroup(st, b) {
		if v := st.Delta(int(b), -1).Total; v < bv {
			bc, bv = -1, v
		}
	}
	return bc, bv
}
