package solver

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// eps is the smallest change of the total the search treats as an improvement.
const eps = 1e-7

// Solve plans the rotation: a greedy construction, a descent over change and
// exchange moves, a Lagrangian lower bound, then late-acceptance local search
// in parallel threads, each finished by a final descent. It returns the best
// plan found with its full-recompute score and the bound, soon after the
// context is cancelled or the time limit reached, whatever the phase. See
// doc.go.
func Solve(ctx context.Context, ev *Evaluator, opt Options) *Result {
	s := newSearch(ctx, ev, opt)
	return s.run()
}

// search holds the state of one Solve call; it lives on the solving goroutine.
type search struct {
	ctx      context.Context
	ev       *Evaluator
	opt      Options
	start    time.Time
	deadline time.Time

	mobile []int32 // teachers the search may move (eligible, unpinned, with candidates)
	// cands lists, per teacher, the candidate indices the search may use:
	// all of Evaluator.Cands until reduced-cost fixing removes those that
	// cannot be part of a plan better than the incumbent.
	cands [][]int32
	// rev lists, per receiving school, the (teacher, candidate) pairs that go there.
	rev [][]pairRef
	// near lists, per receiving school, the nearest other receivers (up to
	// 8) among recv, the receivers of the whole instance; it is built when
	// the local search first needs it.
	recv []int32
	near [][]int32
	// compOf is, per teacher, the component of its post school: schools are
	// linked by the candidate moves between them; comps counts components.
	compOf   []int32
	comps    int
	mates    [][]int32    // per school, its mobile teachers (enforce mode; see schoolMates)
	tr       *transporter // for the solving goroutine
	chains   bool         // descents try chainMoves (enforce mode, in the local search)
	elite    []elitePlan  // the best distinct plans kept, to relink (enforce mode)
	lastBest Plan         // the best plan of the last local search
	guide    Plan         // the relaxation's plan, to relink with (enforce mode)
	ends     []chainEnds  // per teacher, for chainMoves
	endsVer  int64

	// Descent clock: stamp is, per school, when it last changed; looked
	// and tried are, per teacher, when its options were last priced and
	// when its move was last offered for exchange; base is when the
	// current descent began.
	// defaultBudget is the local-search budget per thread when Options
	// leave it to the search: 400 moves per movable teacher before
	// reduced-cost fixing, at least 200,000.
	defaultBudget int64
	streams       uint64 // random streams handed to search threads so far
	clock, base   int64
	stamp         []int64
	looked, tried []int64

	best       Plan
	bestScore  Score
	bound      float64
	iterations int64
	lastReport time.Time
	status     Status
	stopped    bool
	// work counts the work done since the clock and the context were last
	// checked (see poll).
	work int
}

type pairRef struct{ t, c int32 }

func newSearch(ctx context.Context, ev *Evaluator, opt Options) *search {
	s := &search{ctx: ctx, ev: ev, opt: opt, start: time.Now(), bound: -1}
	if opt.TimeLimit > 0 {
		s.deadline = s.start.Add(opt.TimeLimit)
	}
	if s.opt.ProgressEvery == 0 {
		s.opt.ProgressEvery = 200 * time.Millisecond
	}
	// Every teacher's list is a window of one array.
	total := 0
	for t := range ev.Cands {
		if ev.pinMove[t] < 0 {
			total += len(ev.Cands[t])
		}
	}
	all := make([]int32, total)
	s.cands = make([][]int32, len(ev.Cands))
	for t := range ev.Cands {
		if ev.pinMove[t] >= 0 {
			continue
		}
		n := len(ev.Cands[t])
		s.cands[t], all = all[:n:n], all[n:]
		for c := range s.cands[t] {
			s.cands[t][c] = int32(c)
		}
		if n > 0 {
			s.mobile = append(s.mobile, int32(t))
		}
	}
	s.defaultBudget = max(200_000, 400*int64(len(s.mobile)))
	return s
}

// prepare builds what the search needs beyond the construction: the
// per-receiver lists, the components and regions, the transport move and
// the descent clock. It is O(candidates); it reports false when the search
// is stopped before it is done.
func (s *search) prepare() bool {
	if s.expired() {
		return false
	}
	ev := s.ev
	if s.index(); s.stopped {
		return false
	}
	for r := range s.rev {
		if len(s.rev[r]) > 0 {
			s.recv = append(s.recv, int32(r))
		}
	}
	s.components()
	s.regions(regionSize)
	if ev.enforce {
		s.indexMates()
	}
	s.tr = newTransporter(s)
	s.stamp = make([]int64, len(ev.In.Schools))
	s.looked = make([]int64, len(ev.In.Teachers))
	s.tried = make([]int64, len(ev.In.Teachers))
	return !s.expired()
}

// components labels every teacher with the connected component of its post
// school in the graph of candidate moves, numbered in order of first
// appearance (union-find with path halving).
func (s *search) components() {
	ev := s.ev
	parent := make([]int32, len(ev.In.Schools))
	for i := range parent {
		parent[i] = int32(i)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for t, cs := range ev.Cands {
		h := find(int32(ev.In.Teachers[t].School))
		for _, c := range cs {
			if r := find(c.School); r != h {
				parent[r] = h
			}
		}
	}
	id := make([]int32, len(parent))
	for i := range id {
		id[i] = -1
	}
	s.compOf = make([]int32, len(ev.In.Teachers))
	s.comps = 0
	for t := range ev.In.Teachers {
		r := find(int32(ev.In.Teachers[t].School))
		if id[r] < 0 {
			id[r] = int32(s.comps)
			s.comps++
		}
		s.compOf[t] = id[r]
	}
}

// regionSize is the number of movable teachers above which one component is
// cut into regions for the late acceptance.
const regionSize = 2000

// regions cuts a single large component into geographic regions of about
// size movable teachers each, by weighted k-means on the post
// schools' coordinates (Lloyd 1982), so that the late acceptance of one
// region is not masked by another's (see lahc).
func (s *search) regions(size int) {
	ev := s.ev
	k := len(s.mobile) / size
	if s.comps != 1 || k < 2 {
		return
	}
	type pt struct{ x, y, w float64 }
	weight := map[int]float64{}
	for _, t := range s.mobile {
		weight[ev.In.Teachers[t].School]++
	}
	var pts []pt
	var idx []int
	for sc := range ev.In.Schools {
		sch := &ev.In.Schools[sc]
		if w := weight[sc]; w > 0 && sch.HasCoords {
			pts = append(pts, pt{sch.Lon * math.Cos(sch.Lat*math.Pi/180), sch.Lat, w})
			idx = append(idx, sc)
		}
	}
	if len(pts) < k {
		return
	}
	// Start from k schools spread over the west-to-east order.
	order := make([]int, len(pts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(pts[a].x, pts[b].x) })
	cx, cy := make([]float64, k), make([]float64, k)
	for j := range k {
		p := pts[order[(2*j+1)*len(pts)/(2*k)]]
		cx[j], cy[j] = p.x, p.y
	}
	label := make([]int32, len(pts))
	for range 20 {
		sx, sy, sw := make([]float64, k), make([]float64, k), make([]float64, k)
		for i, p := range pts {
			best, bd := 0, math.Inf(1)
			for j := range k {
				if d := (p.x-cx[j])*(p.x-cx[j]) + (p.y-cy[j])*(p.y-cy[j]); d < bd {
					best, bd = j, d
				}
			}
			label[i] = int32(best)
			sx[best] += p.w * p.x
			sy[best] += p.w * p.y
			sw[best] += p.w
		}
		for j := range k {
			if sw[j] > 0 {
				cx[j], cy[j] = sx[j]/sw[j], sy[j]/sw[j]
			}
		}
	}
	regionOf := make([]int32, len(ev.In.Schools))
	for i, sc := range idx {
		regionOf[sc] = label[i]
	}
	for t := range s.compOf {
		s.compOf[t] = regionOf[ev.In.Teachers[t].School]
	}
	s.comps = k
}

// bestCandOf is the candidate index of teacher t's move in the best plan, or -1.
func (s *search) bestCandOf(t int) int32 {
	return s.ev.candIndex(t, s.best.Dest[t])
}

// index rebuilds the mobile teachers and the per-receiver lists from cands.
// The lists share one array, counted first. A search stopped meanwhile
// leaves them partial: nothing reads them once it is stopped.
func (s *search) index() {
	s.mobile = s.mobile[:0]
	n := make([]int, len(s.ev.In.Schools))
	total := 0
	for t, cs := range s.cands {
		if len(cs) == 0 {
			continue
		}
		if s.poll(len(cs)) {
			return
		}
		s.mobile = append(s.mobile, int32(t))
		for _, c := range cs {
			n[s.ev.Cands[t][c].School]++
		}
		total += len(cs)
	}
	all := make([]pairRef, 0, total)
	s.rev = make([][]pairRef, len(n))
	for r, k := range n {
		s.rev[r] = all[len(all) : len(all) : len(all)+k]
		all = all[:len(all)+k]
	}
	for _, t := range s.mobile {
		if s.poll(len(s.cands[t])) {
			return
		}
		for _, c := range s.cands[t] {
			r := s.ev.Cands[t][c].School
			s.rev[r] = append(s.rev[r], pairRef{t, c})
		}
	}
}

// nearCount is the length of a receiver's list of nearest receivers.
const nearCount = 8

// nearReceivers fills s.near: for each receiver of s.recv the nearCount
// nearest other receivers, by road distance then index, each list kept
// sorted by insertion. With distances from coordinates it measures the
// receivers outwards in latitude and stops where the latitude alone puts
// them beyond the list (see latIndex); otherwise it measures every pair.
// It stops early, leaving s.near nil, when the search is stopped.
func (s *search) nearReceivers() {
	in := s.ev.In
	near := make([][]int32, len(s.rev))
	type nd struct {
		r int32
		d float64
	}
	before := func(x, y nd) bool { return x.d < y.d || (x.d == y.d && x.r < y.r) }
	buf := make([]nd, 0, nearCount+1)
	var a int32
	measured := 0
	visit := func(b int32) float64 {
		measured++
		x := nd{b, in.DistanceKm(int(a), int(b))}
		if len(buf) == nearCount && !before(x, buf[nearCount-1]) {
			return buf[nearCount-1].d
		}
		i := len(buf)
		if i < nearCount {
			buf = append(buf, x)
		}
		for ; i > 0 && before(x, buf[i-1]); i-- {
			if i < nearCount {
				buf[i] = buf[i-1]
			}
		}
		buf[i] = x
		if len(buf) < nearCount {
			return math.Inf(1)
		}
		return buf[nearCount-1].d
	}
	li := newLatIndex(in, s.recv)
	for _, a = range s.recv {
		if s.poll(measured) {
			return
		}
		measured = 0
		buf = buf[:0]
		if li != nil {
			li.nearest(int(a), visit)
		} else {
			for _, b := range s.recv {
				if a != b {
					visit(b)
				}
			}
		}
		near[a] = make([]int32, len(buf))
		for i, x := range buf {
			near[a][i] = x.r
		}
	}
	s.near = near
}

func (s *search) run() *Result {
	ev := s.ev
	st := s.pinnedState()
	s.construct(st)
	s.keep(st)
	if s.prepare() {
		s.descend(st)
		s.keep(st)
	}
	s.report("construct", true)

	budget := s.budget()
	if s.opt.BoundIterations >= 0 && !s.done() {
		n := s.opt.BoundIterations
		if n == 0 {
			n = 1500
		}
		lg := newLagrangian(ev)
		s.bound = lg.solve(s, n)
		s.report("bound", true)
		if !s.done() {
			if lg.fix(s) {
				s.index()
			}
			s.alternate(lg, budget)
		}
	} else if !s.done() {
		s.localSearch(s.best, budget)
	}
	if !s.stopped {
		s.status = StatusBudget
		if s.opt.Gap > 0 && s.bound >= 0 && Gap(s.bestScore.Total, s.bound) <= s.opt.Gap {
			s.status = StatusGap
		}
		if s.opt.Target > 0 && s.bestScore.Total <= s.opt.Target {
			s.status = StatusTarget
		}
	}
	score := ev.Score(s.best)
	bound := s.bound
	if bound > score.Total { // a plan cannot beat a valid bound; guard rounding
		bound = score.Total
	}
	return &Result{Plan: s.best, Score: score, Bound: max(bound, 0), Status: s.status, Iterations: s.iterations, Elapsed: time.Since(s.start)}
}

// pinnedState is a new state with the pinned moves made: they are the
// planner's decisions, never revisited by the search.
func (s *search) pinnedState() *State {
	st := s.ev.NewState()
	for t := range s.ev.Cands {
		if s.ev.pinMove[t] >= 0 && len(s.ev.Cands[t]) == 1 {
			st.Apply(t, 0)
		}
	}
	return st
}

// keep records the state's plan if it beats the best so far, and offers
// it to the elite in enforce mode.
func (s *search) keep(st *State) {
	sc := st.Score()
	if s.ev.enforce {
		s.addElite(st)
	}
	if s.best.Dest == nil || sc.Total < s.bestScore.Total-eps {
		s.best = st.Plan()
		s.bestScore = sc
	}
}

// done reports whether a stop condition holds, and records which.
func (s *search) done() bool {
	if s.expired() {
		return true
	}
	switch {
	case s.opt.Target > 0 && s.bestScore.Total <= s.opt.Target:
		s.status = StatusTarget
	case s.opt.Gap > 0 && s.bound >= 0 && Gap(s.bestScore.Total, s.bound) <= s.opt.Gap:
		s.status = StatusGap
	default:
		return false
	}
	s.stopped = true
	return true
}

// expired reports whether the search is stopped, the context cancelled or
// the time limit reached, and records which.
func (s *search) expired() bool {
	if s.stopped {
		return true
	}
	switch {
	case s.ctx.Err() != nil:
		s.status = StatusInterrupted
	case s.overdue():
		s.status = StatusTimeLimit
	default:
		return false
	}
	s.stopped = true
	return true
}

// overdue reports whether the time limit is reached. It reads only what
// newSearch set, so the search threads may call it.
func (s *search) overdue() bool {
	return !s.deadline.IsZero() && time.Now().After(s.deadline)
}

// pollWork is the work, in moves priced, between two looks at the clock
// and the context inside a phase: about a millisecond.
const pollWork = 20_000

// poll counts work (moves priced, or the like) and, every pollWork of it,
// checks the clock and the context (expired); it reports whether the
// search is stopped. Loops whose iterations may be long call it with
// their size, so that a time limit or an interruption ends them within
// milliseconds whatever the instance.
func (s *search) poll(work int) bool {
	if s.work += work; s.work < pollWork {
		return s.stopped
	}
	s.work = 0
	return s.expired()
}

// pastShare reports whether a time limit is set and more than share of it
// has passed.
func (s *search) pastShare(share float64) bool {
	return s.opt.TimeLimit > 0 && time.Since(s.start) > time.Duration(share*float64(s.opt.TimeLimit))
}

func (s *search) report(phase string, force bool) {
	if s.opt.Progress == nil {
		return
	}
	now := time.Now()
	if !force && now.Sub(s.lastReport) < s.opt.ProgressEvery {
		return
	}
	s.lastReport = now
	s.opt.Progress(Progress{Phase: phase, Score: s.bestScore, Bound: max(s.bound, 0), Iterations: s.iterations, Elapsed: now.Sub(s.start)})
}

// bestCand is the best destination of teacher t (or -1 to stay) and its delta.
func (s *search) bestCand(st *State, t int) (int, float64) {
	bc, bv := -1, st.Delta(t, -1).Total
	if st.cand[t] < 0 {
		bv = 0
	}
	for _, c32 := range s.cands[t] {
		c := int(c32)
		if int32(c) == st.cand[t] {
			continue
		}
		if v := st.Delta(t, c).Total; v < bv-eps {
			bc, bv = c, v
		}
	}
	if int32(bc) == st.cand[t] || (bc == -1 && st.cand[t] < 0) {
		return int(st.cand[t]), 0
	}
	return bc, bv
}

// construct adds moves greedily, the most improving first, re-pricing each
// candidate lazily when it reaches the top of the queue (lazy greedy). When
// the search is stopped midway, finish completes the plan from the queue.
func (s *search) construct(st *State) {
	// An item's id is its teacher and, in the low 32 bits, the candidate
	// it was priced for; a teacher has at most one item, so ties still
	// fall to the lowest teacher.
	h := &deltaHeap{}
	for _, t := range s.mobile {
		if s.poll(len(s.cands[t])) {
			break
		}
		if c, v := s.bestCand(st, int(t)); v < -eps {
			h.items = append(h.items, deltaItem{v, int64(t)<<32 | int64(c)})
		}
	}
	h.init()
	for h.Len() > 0 {
		it := h.pop()
		t := int(it.id >> 32)
		if st.dest[t] != Stay {
			continue
		}
		if s.poll(len(s.cands[t])) {
			h.push(it)
			s.finish(st, h)
			return
		}
		c, v := s.bestCand(st, t)
		if c < 0 || v >= -eps {
			continue
		}
		if h.Len() > 0 && v > h.items[0].v+eps {
			h.push(deltaItem{v, int64(t)<<32 | int64(c)})
			continue
		}
		st.Apply(t, c)
	}
}

// finish ends a construction stopped midway: it makes the queued moves in
// the order of their last prices, each if it still improves, with one
// delta each instead of a re-pricing of every option, so that the plan
// returned is complete (the quota met, when the teachers priced before the
// stop allow it) rather than cut off.
func (s *search) finish(st *State, h *deltaHeap) {
	for h.Len() > 0 {
		it := h.pop()
		t, c := int(it.id>>32), int(it.id&(1<<32-1))
		if st.dest[t] == Stay && st.Delta(t, c).Total < -eps {
			st.Apply(t, c)
		}
	}
}

// deltaItem is a queued insertion: its last known delta and an id (a
// teacher and its candidate, or a receiver's pair index).
type deltaItem struct {
	v  float64
	id int64
}

// deltaHeap is a binary min-heap of deltas, ties by id; unlike
// container/heap it does not box items, so the hot loops do not allocate.
type deltaHeap struct{ items []deltaItem }

func (h *deltaHeap) Len() int { return len(h.items) }

func (h *deltaHeap) less(i, j int) bool {
	a, b := h.items[i], h.items[j]
	if a.v != b.v {
		return a.v < b.v
	}
	return a.id < b.id
}

func (h *deltaHeap) init() {
	for i := len(h.items)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h *deltaHeap) push(it deltaItem) {
	h.items = append(h.items, it)
	for i := len(h.items) - 1; i > 0; {
		p := (i - 1) / 2
		if !h.less(i, p) {
			break
		}
		h.items[i], h.items[p] = h.items[p], h.items[i]
		i = p
	}
}

func (h *deltaHeap) pop() deltaItem {
	it := h.items[0]
	n := len(h.items) - 1
	h.items[0] = h.items[n]
	h.items = h.items[:n]
	h.down(0)
	return it
}

func (h *deltaHeap) down(i int) {
	n := len(h.items)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && h.less(r, l) {
			m = r
		}
		if !h.less(m, i) {
			return
		}
		h.items[i], h.items[m] = h.items[m], h.items[i]
		i = m
	}
}

// descend applies improving moves until none is left: for each teacher the
// best change of destination (including staying), then for each moved
// teacher the best replacement by a teacher who could go to the same or
// another receiver (an exchange keeps the quota while changing who moves),
// then the transport move. In enforce mode it also shifts prefixes and
// swaps destinations of moved colleagues and, within the local search
// (s.chains), tries chains of two changes of destination.
//
// Rounds after the first look again only where something changed (the
// "don't look bits" of Bentley 1992): a move's delta depends on its
// teacher's post school, current and new destination and the two quotas,
// so a teacher whose schools have not changed since its options were last
// priced needs only the receivers that did. When a quota is tight every
// change moves every delta, and everything is priced again.
//
// Every move applied improves the total, so a descent stopped midway (the
// sweeps poll the clock and the context) leaves a plan no worse than it
// was given.
func (s *search) descend(st *State) {
	s.base = s.tick() // nothing was looked at before this descent
	for round := 0; round < 100 && !s.done(); round++ {
		tight := s.quotaTight(st)
		improved := false
		for _, t := range s.mobile {
			if s.poll(len(s.cands[t])) {
				break
			}
			if c, v := s.bestChange(st, int(t), tight); v < -eps {
				s.apply(st, int(t), c)
				improved = true
			}
		}
		if s.exchange(st, tight) {
			improved = true
		}
		if s.ev.enforce && s.shiftGroups(st) {
			improved = true
		}
		if s.ev.enforce && s.swapMates(st) {
			improved = true
		}
		if len(s.ev.In.Wishes) > 0 && s.wishSwaps(st) {
			improved = true
		}
		if s.ev.enforce && s.chains && !improved && s.chainMoves(st) {
			improved = true
		}
		// The transport neighbourhood is the costliest: only once the
		// single moves and exchanges are exhausted.
		if !improved && s.tr.improve(st) {
			improved = true
		}
		st.Resync()
		if !improved || s.stopped {
			return
		}
	}
}

// tick advances the descent clock.
func (s *search) tick() int64 {
	s.clock++
	return s.clock
}

// apply makes teacher t's change to candidate c (-1: stay) and stamps the
// schools it touches.
func (s *search) apply(st *State, t, c int) {
	s.touch(st, t)
	st.Apply(t, c)
	s.touch(st, t)
}

// touch stamps teacher t's post school and current destination as changed
// now.
func (s *search) touch(st *State, t int) {
	now := s.tick()
	s.stamp[s.ev.In.Teachers[t].School] = now
	if d := st.dest[t]; d != Stay {
		s.stamp[d] = now
	}
}

// unchanged reports whether teacher t's post school and destination are
// as they were when its options were last priced at time since.
func (s *search) unchanged(st *State, t int, since int64) bool {
	if since < s.base || s.stamp[s.ev.In.Teachers[t].School] > since {
		return false
	}
	d := st.dest[t]
	return d == Stay || s.stamp[d] <= since
}

// bestChange is bestCand priced only over what changed since teacher t was
// last looked at: when its schools are unchanged and the quotas are not
// tight, the options it did not take then are still not improving unless
// their receiver changed.
func (s *search) bestChange(st *State, t int, tight bool) (int, float64) {
	since := s.looked[t]
	s.looked[t] = s.tick()
	if tight || !s.unchanged(st, t, since) {
		return s.bestCand(st, t)
	}
	bc, bv := int(st.cand[t]), 0.0
	for _, c32 := range s.cands[t] {
		c := int(c32)
		if int32(c) == st.cand[t] || s.stamp[s.ev.Cands[t][c].School] <= since {
			continue
		}
		if v := st.Delta(t, c).Total; v < bv-eps {
			bc, bv = c, v
		}
	}
	return bc, bv
}

// quotaTight reports whether a cancellation or a non-backbone addition
// would leave a quota short.
func (s *search) quotaTight(st *State) bool {
	m, bb := st.Moved(), st.BackboneMoved()
	return m <= s.ev.Required+1 || s.ev.backboneShort(m+1, bb) > 0 || s.ev.backboneShort(m-1, bb-1) > 0 ||
		s.ev.capTight(m)
}

// exchange tries, for each moved teacher, cancelling its move and sending
// instead one of the teachers who can go to its destination or, when a
// quota is tight, the best of a short list of the most improving additions
// elsewhere. A moved teacher whose schools have not changed since its last
// try is skipped.
func (s *search) exchange(st *State, tight bool) bool {
	ev := st.ev
	improved := false
	var adds []pairRef
	if tight {
		adds = s.topAdds(st, 32)
	}
	for _, t1 := range s.mobile {
		c1 := st.cand[t1]
		if c1 < 0 {
			continue
		}
		since := s.tried[t1]
		if !tight && s.unchanged(st, int(t1), since) {
			s.tried[t1] = s.tick()
			continue
		}
		r := ev.Cands[t1][c1].School
		if s.poll(1 + len(s.rev[r]) + len(adds)) {
			break
		}
		s.tried[t1] = s.tick()
		d1 := st.Move(int(t1), -1)
		bt, bc, bv := int32(-1), int32(-1), -d1.Total-eps
		for _, p := range s.rev[r] {
			if p.t == t1 || st.cand[p.t] >= 0 {
				continue
			}
			if v := st.Delta(int(p.t), int(p.c)).Total; v < bv {
				bt, bc, bv = p.t, p.c, v
			}
		}
		for _, a := range adds {
			if a.t == t1 || st.cand[a.t] >= 0 {
				continue
			}
			if v := st.Delta(int(a.t), int(a.c)).Total; v < bv {
				bt, bc, bv = a.t, a.c, v
			}
		}
		if bt >= 0 {
			s.touch(st, int(t1))
			s.stamp[r] = s.clock // t1's former destination
			s.apply(st, int(bt), int(bc))
			improved = true
			s.iterations++
			continue
		}
		st.Move(int(t1), int(c1)) // undo the cancellation
	}
	return improved
}

// topAdds is a short list of the most improving single additions.
func (s *search) topAdds(st *State, k int) []pairRef {
	type scored struct {
		p pairRef
		v float64
	}
	var all []scored
	for _, t := range s.mobile {
		if st.cand[t] >= 0 {
			continue
		}
		if s.poll(len(s.cands[t])) {
			return nil
		}
		c, v := s.bestCand(st, int(t))
		if c >= 0 {
			all = append(all, scored{pairRef{t, int32(c)}, v})
		}
	}
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(a.v, b.v); c != 0 {
			return c
		}
		return cmp.Compare(a.p.t, b.p.t)
	})
	out := make([]pairRef, 0, k)
	for i := 0; i < len(all) && i < k; i++ {
		out = append(out, all[i].p)
	}
	return out
}

// budget is the local-search budget per thread, core and full search
// together.
func (s *search) budget() int64 {
	if s.opt.Iterations == 0 {
		return s.defaultBudget
	}
	return s.opt.Iterations
}

// coreSearch searches first the core of the instance (Balas & Zemel 1980;
// Caprara, Fischer & Toth 1999): the options whose reduced cost at the best
// prices (nearly) ties with their teacher's best (see lagrangian.core).
// When the bound is tight, an optimal plan is made of such options only,
// and the core is a small fraction of the candidates; a plan built and
// searched there seeds the full search.
func (s *search) coreSearch(core [][]int32, from Plan, budget int64) {
	full := s.cands
	s.cands = core
	s.index()
	if from.Dest == nil {
		st := s.pinnedState()
		s.construct(st)
		s.descend(st)
		s.keep(st)
		from = st.Plan()
	}
	s.localSearch(from, budget)
	s.cands = full
	if !s.stopped { // once stopped, nothing reads the index again
		s.index()
	}
}

// alternate spends the local-search budget in blocks of half the default
// budget, alternating between the core and the whole: the default budget
// is one block of each, and a long run neither starves the core, where the
// best plans of a county are found fast, nor stays in it when its best
// plans lie outside.
//
// In enforce mode each round ends by relinking the best plan with the
// elite and with the relaxation's plan (relink.go), and every second round
// starts afresh: its core block from the relaxation's plan at the best
// prices, repaired (lagrangianPlan), its full block from that block's best
// instead of the best so far. Rounds from the best plan alone stay in its
// valley (on two of three sample counties, 30 s ended where the first 2 s
// did); the fresh rounds find other valleys, and relinking joins them.
// (Over three counties and seeds 1-3, 30 s runs ended on average at
// 1.00146 × the optimum from the best plan alone, 1.00136 × with
// relinking, 1.00112 × with every round fresh from a newly built plan and
// 1.00109 × with every second. On the two harder counties and seeds 1-6,
// 20 s runs ended at 1.00141 × with fresh rounds from a newly built plan,
// one of twelve within 1.001 ×, and at 1.00123 × from the repaired
// relaxation, three of twelve.)
func (s *search) alternate(lg *lagrangian, budget int64) {
	if s.ev.enforce && s.polishEvery() > 1 {
		// The descents of the local search try chains (enforce mode).
		// Where its first polish comes late, the best plan so far is
		// finished by one first: on a prefecture the local search finds
		// little in the time a chain descent gains most. The relaxation's
		// plan at the best prices, repaired, is offered first: there it
		// beats the plan built before the bound (794,680 against 799,140
		// on the prefecture), and the chains take it further (789,083
		// against 792,562 from the built plan).
		lg.atBest()
		s.lagrangianPlan(lg)
		s.chainPolish()
	}
	core := lg.core(s)
	if s.ev.enforce {
		s.guide = lg.relaxedPlan()
	}
	block := max(1, s.defaultBudget/2)
	var from Plan // the first core block starts from a plan built there
	for round := 0; budget > 0 && !s.done(); round++ {
		fresh := s.ev.enforce && round%2 == 1
		if fresh {
			lg.atBest()
			from = s.lagrangianPlan(lg)
		}
		n := min(budget, block)
		s.coreSearch(core, from, n)
		budget -= n
		if budget <= 0 || s.done() {
			return
		}
		n = min(budget, block)
		start := s.best
		if fresh {
			start = s.lastBest
		}
		s.localSearch(start, n)
		budget -= n
		if s.ev.enforce {
			s.relinkElite()
		}
		from = s.best
	}
}

// localSearch runs late-acceptance hill climbing in Options.Threads parallel
// threads from plan p, in chunks so the solving goroutine can report
// progress and check the stop conditions between them.
func (s *search) localSearch(p Plan, budget int64) {
	threads := max(1, s.opt.Threads)
	s.lastBest = p
	if budget <= 0 || len(s.mobile) == 0 {
		return
	}
	if s.near == nil {
		if s.nearReceivers(); s.near == nil {
			return // stopped
		}
	}
	// Each call draws fresh streams: a later call from the same plan must
	// not retrace an earlier one.
	ws := make([]*lahc, threads)
	for i := range ws {
		s.streams++
		ws[i] = newLAHC(s, s.ev.stateOf(p), rand.New(rand.NewPCG(s.opt.Seed, s.streams)))
	}
	// Between chunks, a thread's best that improved is finished by a
	// descent (transport moves included) now and then: on small instances
	// after every chunk, on large ones once the chunks since the last have
	// cost about as much as the descent.
	every := s.polishEvery()
	s.chains = true
	defer func() { s.chains = false }()
	polished := make([]float64, threads)
	for i := range polished {
		polished[i] = math.Inf(1)
	}
	const chunk = 20_000
	for k, left := 1, budget; left > 0 && !s.done(); k++ {
		n := min(left, chunk)
		left -= n
		var wg sync.WaitGroup
		ran := make([]int64, len(ws))
		for i, w := range ws {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ran[i] = w.run(n)
			}()
		}
		wg.Wait()
		for _, r := range ran {
			s.iterations += r
		}
		for i, w := range ws {
			w.st.Resync()
			if w.bestScore.Total < s.bestScore.Total-eps {
				s.best, s.bestScore = w.best.Clone(), w.bestScore
			}
			// The current plan, not the thread's best, is polished: the
			// descents then start from many plans, not from one again.
			if cur := w.st.sc.Total; k%every == 0 && left > 0 && cur < polished[i]-eps {
				polished[i] = cur
				st := s.ev.stateOf(w.st.Plan())
				s.descend(st)
				s.keep(st)
			}
		}
		s.report("search", false)
	}
	// Finish each thread's best with a descent; keep the best of all.
	last := math.Inf(1)
	for _, w := range ws {
		if s.stopped {
			break
		}
		st := s.ev.stateOf(w.best)
		s.descend(st)
		s.keep(st)
		if v := st.Score().Total; v < last {
			s.lastBest, last = st.Plan(), v
		}
	}
	s.report("search", true)
}

// chainPolish finishes the best plan so far by a descent that tries
// chains (enforce mode).
func (s *search) chainPolish() {
	st := s.ev.stateOf(s.best)
	s.chains = true
	s.descend(st)
	s.chains = false
	s.keep(st)
}

// polishEvery is how many chunks of the local search go between two
// descents of a thread's plan: one per 10,000 candidates searched, so
// that the chunks cost about as much as the descent.
func (s *search) polishEvery() int {
	cands := 0
	for _, t := range s.mobile {
		cands += len(s.cands[t])
	}
	return max(1, cands/10_000)
}

// stateOf builds a State holding plan p, whose moves must all be candidates.
func (ev *Evaluator) stateOf(p Plan) *State {
	st := ev.NewState()
	for t, d := range p.Dest {
		if d == Stay {
			continue
		}
		if c := ev.candIndex(t, d); c >= 0 {
			st.Apply(t, int(c))
		}
	}
	st.Resync()
	return st
}
