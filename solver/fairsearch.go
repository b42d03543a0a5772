package solver

import "math/rand/v2"

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
