package solver

import "slices"

// transporter re-optimises who moves where without changing anything the
// hard and medium terms see. Teachers of the same stage who add to the same
// counters (a class) are interchangeable for the deficits, the caps and the
// quotas; only their soft costs differ. Holding, per class, how many leave
// each source and how many arrive at each receiver, the cheapest choice of
// teachers and destinations is a transportation problem, solved exactly as
// a minimum-cost flow
//
//	S → source h (capacity: leaving h) → teacher (1) → receiver r (1, move cost) → T (arriving at r)
//
// Local search reaches the same plans only through long chains of swaps:
// on a plateau of equal deficits it is the neighbourhood that matters.
// Classes are also split by component of the move graph (flows never cross
// one), which keeps each flow small on a prefecture.
type transporter struct {
	s *search
	g flowGraph

	// scratch per call
	byClass map[uint64][]int32 // mobile teachers per class, in teacher order
	classes []uint64
	out, in []int32 // per school: moved teachers of the class leaving, arriving
	node    []int32 // per school: its node in the graph, or -1
	arcs    []tarc
	next    []int32 // per member: candidate in the flow's plan, or -1
	prev    []int32 // per member: candidate before, in enforce mode
}

// tarc is a teacher→receiver arc of the flow graph.
type tarc struct {
	i, c int32 // member index, candidate
	arc  int
}

func newTransporter(s *search) *transporter {
	ns := len(s.ev.In.Schools)
	tr := &transporter{s: s, out: make([]int32, ns), in: make([]int32, ns), node: make([]int32, ns)}
	for i := range tr.node {
		tr.node[i] = -1
	}
	return tr
}

// classOf is the class of teacher t: its component, its stage and its
// counters.
func (tr *transporter) classOf(t int32) uint64 {
	ev := tr.s.ev
	return uint64(tr.s.compOf[t])<<40 | uint64(ev.mask[t])<<8 | uint64(ev.In.Teachers[t].Stage)
}

// improve applies the cheapest reassignment of every class to st and
// reports whether the total went down.
func (tr *transporter) improve(st *State) bool {
	s := tr.s
	if tr.byClass == nil {
		tr.byClass = map[uint64][]int32{}
	}
	for k := range tr.byClass {
		tr.byClass[k] = tr.byClass[k][:0]
	}
	tr.classes = tr.classes[:0]
	for _, t := range s.mobile {
		k := tr.classOf(t)
		if len(tr.byClass[k]) == 0 {
			tr.classes = append(tr.classes, k)
		}
		tr.byClass[k] = append(tr.byClass[k], t)
	}
	slices.Sort(tr.classes)
	improved := false
	for _, k := range tr.classes {
		if s.stopped {
			break
		}
		if tr.solveClass(st, tr.byClass[k]) {
			improved = true
		}
	}
	return improved
}

// solveClass reassigns one class; see transporter.
func (tr *transporter) solveClass(st *State, members []int32) bool {
	s, ev, g := tr.s, tr.s.ev, &tr.g
	var sources, receivers []int32
	moved, before := 0, 0.0
	for _, t := range members {
		c := st.cand[t]
		if c < 0 {
			continue
		}
		h, r := int32(ev.In.Teachers[t].School), ev.Cands[t][c].School
		if tr.out[h] == 0 {
			sources = append(sources, h)
		}
		if tr.in[r] == 0 {
			receivers = append(receivers, r)
		}
		tr.out[h]++
		tr.in[r]++
		moved++
		before += ev.Cands[t][c].Cost + tr.change(int(t), int(c))
	}
	defer func() {
		for _, h := range sources {
			tr.out[h], tr.node[h] = 0, -1
		}
		for _, r := range receivers {
			tr.in[r], tr.node[r] = 0, -1
		}
	}()
	if moved == 0 {
		return false
	}
	g.reset(2)
	const src, sink = 0, 1
	for _, h := range sources {
		tr.node[h] = int32(g.addNode())
		g.addArc(src, int(tr.node[h]), tr.out[h], 0)
	}
	for _, r := range receivers {
		tr.node[r] = int32(g.addNode())
		g.addArc(int(tr.node[r]), sink, tr.in[r], 0)
	}
	tr.arcs = tr.arcs[:0]
	for i, t := range members {
		h := ev.In.Teachers[t].School
		if tr.out[h] == 0 || (ev.enforce && st.cand[t] < 0) {
			continue // in enforce mode who moves stays as it is: only destinations change
		}
		v := -1
		for _, c := range s.cands[t] {
			cd := &ev.Cands[t][c]
			if tr.in[cd.School] == 0 {
				continue
			}
			if v < 0 {
				v = g.addNode()
				g.addArc(int(tr.node[h]), v, 1, 0)
			}
			tr.arcs = append(tr.arcs, tarc{int32(i), c, g.addArc(v, int(tr.node[cd.School]), 1, cd.Cost+tr.change(int(t), int(c)))})
		}
	}
	sent, after := g.minCostFlow(src, sink, moved, s.poll)
	if sent < moved || after >= before-eps*max(1, before) { // too dear, or stopped
		return false
	}
	tr.next = resize(tr.next, len(members))
	for i := range tr.next {
		tr.next[i] = -1
	}
	for _, a := range tr.arcs {
		if g.flow(a.arc) > 0 {
			tr.next[a.i] = a.c
		}
	}
	// Cancel the moves that change, then make the new ones; every school
	// touched is stamped for the descent. The flow sees the soft costs
	// only: in enforce mode a reassignment that costs complaints is undone.
	total := st.sc.Total
	if ev.enforce {
		tr.prev = resize(tr.prev, len(members))
		for i, t := range members {
			tr.prev[i] = st.cand[t]
		}
	}
	for i, t := range members {
		if o := st.cand[t]; o >= 0 && o != tr.next[i] {
			s.touch(st, int(t))
			st.Move(int(t), -1)
		}
	}
	for i, t := range members {
		if n := tr.next[i]; n >= 0 && st.cand[t] != n {
			st.Move(int(t), int(n))
			s.touch(st, int(t))
		}
	}
	if ev.enforce && st.sc.Total >= total-eps*max(1, total) {
		for i, t := range members {
			if st.cand[t] >= 0 && st.cand[t] != tr.prev[i] {
				st.Move(int(t), -1)
			}
		}
		for i, t := range members {
			if st.cand[t] != tr.prev[i] {
				st.Move(int(t), int(tr.prev[i]))
			}
		}
		return false
	}
	return true
}

// change is the baseline change cost of teacher t's candidate c relative
// to staying, plus weights.change so that it is never negative (every
// reassignment of a class moves as many teachers, so the constant cancels).
func (tr *transporter) change(t, c int) float64 {
	ev := tr.s.ev
	if !ev.HasBaseline() {
		return 0
	}
	return ev.changeMoveCost(t, c) + ev.W.Change
}
