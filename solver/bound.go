package solver

import (
	"math"
	"math/bits"
	"slices"
)

// lagrangian computes a lower bound on the total of every plan by
// Lagrangian relaxation (Fisher 1981). Each hard or medium term w·max(0, f)
// of the objective is at least π·f for a price π in [0, w]; with every such
// term priced, the objective becomes linear in the moves and the best plan
// of the relaxation is separable: each teacher independently takes its
// cheapest reduced-cost move, or stays. The bound is maximised over the
// prices by projected subgradient ascent with Polyak steps (Held, Wolfe &
// Crowder 1974) towards the incumbent's total, along deflected directions:
// each direction adds to the new subgradient the previous direction scaled
// to the same length (the average direction of Sherali & Ulular 1989),
// which damps the zig-zag of plain subgradient steps and reaches the
// optimal prices in a fraction of the steps. Deficits are priced on whole
// counts (see bestLevel), so the bound is the linear relaxation strengthened
// by a rounding cut per deficit row; the ceiling of the backbone quota is
// relaxed.
type lagrangian struct {
	ev *Evaluator

	slots []int32   // part·numCounters+k of the counters with need > 0
	price []float64 // per part counter, in [0, W.Medium]; 0 where need is 0
	base  []int32   // counters of the empty plan
	rho   float64   // quota, in [0, W.Hard]
	mu    float64   // backbone share, in [0, W.Hard]
	sig   []float64 // per school outflow cap, in [0, W.Hard]
	tau   []float64 // per school inflow cap, in [0, W.Hard]
	kb    keepBound // keep_compliance rows (bounddefensible.go)

	best      prices  // the multipliers of the best bound so far
	bestValue float64 // that bound

	movers    []int32 // teachers with candidates
	planEvery int     // steps between Lagrangian plans
	choice    []int32 // per mover: chosen candidate or -1

	// In enforce mode the relaxation keeps the inversions out: a priority
	// group's moved teachers are a prefix of its ranking, each moving to
	// its best option, the prefix the one of least reduced cost. moveRC
	// and moveC are, per mover, its best move's reduced cost and candidate.
	moverOf []int32 // per teacher: its index in movers, or -1
	moveRC  []float64
	moveC   []int32

	// Movers priced together: teachers of one post school, stage and set
	// of counters, without pins or wishes, have the same candidates at
	// costs that differ by a constant, so one pass over the first one's
	// candidates prices them all. Group g holds members[start[g]:start[g+1]] (indices
	// into movers), each with its cost offset from the group's first.
	start   []int32
	members []int32
	offset  []float64 // per member
	loners  []int32   // movers with pins or wishes, priced one by one

	// scratch for the subgradient
	level   []float64 // per slot: the count y the relaxation chose
	cnt     []int32
	out, in []int32
	gp      []float64
	gs, gt  []float64
	gr, gm  float64
	// the deflected direction, laid out as the gradient
	dp     []float64
	ds, dt []float64
	dr, dm float64
}

func newLagrangian(ev *Evaluator) *lagrangian {
	ns := len(ev.In.Schools)
	empty := ev.tally(NewPlan(len(ev.In.Teachers)))
	lg := &lagrangian{
		ev: ev, base: empty.cnt,
		price: make([]float64, len(empty.cnt)), cnt: make([]int32, len(empty.cnt)),
		sig: make([]float64, ns), tau: make([]float64, ns), out: make([]int32, ns), in: make([]int32, ns),
		gs: make([]float64, ns), gt: make([]float64, ns),
		ds: make([]float64, ns), dt: make([]float64, ns),
	}
	for pi := range ev.Parts {
		for k := range numCounters {
			if ev.Parts[pi].Need[k] > 0 {
				lg.slots = append(lg.slots, int32(pi*numCounters+k))
			}
		}
	}
	lg.gp = make([]float64, len(lg.slots))
	lg.dp = make([]float64, len(lg.slots))
	lg.level = make([]float64, len(lg.slots))
	for t := range ev.Cands {
		if len(ev.Cands[t]) > 0 {
			lg.movers = append(lg.movers, int32(t))
		}
	}
	lg.choice = make([]int32, len(lg.movers))
	if ev.enforce {
		lg.moverOf = make([]int32, len(ev.In.Teachers))
		for t := range lg.moverOf {
			lg.moverOf[t] = -1
		}
		for i, t := range lg.movers {
			lg.moverOf[t] = int32(i)
		}
		lg.moveRC = make([]float64, len(lg.movers))
		lg.moveC = make([]int32, len(lg.movers))
	}
	lg.initKeep()
	lg.group()
	// A Lagrangian plan costs a descent, O(candidates) per sweep, and a step
	// O(candidates): one plan per 300 steps on a county, fewer on larger
	// instances so that repairs stay a small share of the bound's time (on
	// a prefecture, none). In enforce mode one per 100 steps: there the
	// relaxation's prefixes are the plans the search finds hardest. (On the
	// sample county with its wishes, seeds 1-8, one plan per 300 steps
	// reached 1.001 × the optimum in 0.28 s on average, one per 100 in
	// 3.9 s: the last of many repaired plans holds the search in its
	// valley. In enforce mode on the county without wishes, one per 100
	// took 2.5 s, one per 500 4.9 s.)
	cands := 0
	for _, t := range lg.movers {
		cands += len(ev.Cands[t])
	}
	every := 300
	if ev.enforce {
		every = 100
	}
	lg.planEvery = every * max(1, cands/100_000)
	return lg
}

// group sorts the movers into the groups priced together.
func (lg *lagrangian) group() {
	ev := lg.ev
	pinned := make(map[int32]bool, len(ev.pinned))
	for _, t := range ev.pinned {
		pinned[t] = true
	}
	type key struct {
		school int
		mask   uint32
		stage  int
	}
	index := map[key]int{}
	var groups [][]int32
	for i, t := range lg.movers {
		// A teacher the baseline moves pays the change cost by destination
		// (defensible.go): priced alone, like one with wishes.
		if pinned[t] || len(ev.In.WishesOf(int(t))) > 0 || ev.BaselineDest(int(t)) != Stay {
			lg.loners = append(lg.loners, int32(i))
			continue
		}
		tc := &ev.In.Teachers[t]
		k := key{tc.School, ev.mask[t], int(tc.Stage)}
		g, ok := index[k]
		if !ok {
			g = len(groups)
			index[k] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], int32(i))
	}
	lg.start = make([]int32, 0, len(groups)+1)
	for _, g := range groups {
		lg.start = append(lg.start, int32(len(lg.members)))
		first := lg.movers[g[0]]
		for _, i := range g {
			lg.members = append(lg.members, i)
			lg.offset = append(lg.offset, ev.Cands[lg.movers[i]][0].Cost-ev.Cands[first][0].Cost)
		}
	}
	lg.start = append(lg.start, int32(len(lg.members)))
}

func (lg *lagrangian) need(slot int32) float64 {
	return lg.ev.Parts[int(slot)/numCounters].Need[int(slot)%numCounters]
}

// warmStart sets each counter's price to the marginal value of its last
// teacher in plan p: W.Medium where a deficit remains, the fraction of the
// last teacher that still fills need, and zero for a surplus.
func (lg *lagrangian) warmStart(p Plan) {
	c := lg.ev.tally(p)
	for _, s := range lg.slots {
		n, h := lg.need(s), c.cnt[s]
		switch {
		case deficit(n, h) > 0:
			lg.price[s] = lg.ev.W.Medium
		default:
			lg.price[s] = lg.ev.W.Medium * deficit(n, h-1)
		}
	}
}

// value evaluates the relaxation at the current prices: the bound and the
// chosen moves.
func (lg *lagrangian) value() float64 {
	ev := lg.ev
	W := ev.W
	l := lg.rho*float64(ev.Required) + lg.keepConstant()
	for i, s := range lg.slots {
		y, v := lg.bestLevel(lg.need(s), lg.price[s])
		lg.level[i] = y
		l += v - lg.price[s]*float64(lg.base[s])
	}
	for si := range ev.In.Schools {
		l -= lg.sig[si]*float64(ev.OutCap[si]) + lg.tau[si]*float64(ev.InCap[si])
	}
	for g := range len(lg.start) - 1 {
		ms := lg.members[lg.start[g]:lg.start[g+1]]
		m, mc := lg.moveCosts(int(lg.movers[ms[0]]), nil)
		for j, i := range ms {
			lg.choice[i] = -1
			r := m + lg.offset[int(lg.start[g])+j]
			if r < 0 {
				l += r
				lg.choice[i] = mc
			}
			if lg.moveRC != nil {
				lg.moveRC[i], lg.moveC[i] = r, mc
			}
		}
	}
	for _, i := range lg.loners {
		best, bc := lg.reducedCosts(int(lg.movers[i]), nil)
		l += best
		lg.choice[i] = bc
		if lg.moveRC != nil {
			lg.moveRC[i], lg.moveC[i] = lg.moveCosts(int(lg.movers[i]), nil)
			// Relative to staying, which the baseline may charge for.
			lg.moveRC[i] -= ev.changeCost(int(lg.movers[i]), Stay)
		}
	}
	if lg.moveRC != nil {
		l += lg.prefixes()
	}
	for _, t := range ev.pinned {
		if ev.pinMove[t] >= 0 && len(ev.Cands[t]) == 0 {
			l += W.Hard // a move pin that no valid move can honour
		}
	}
	return l + ev.changeFixed
}

// prefixes turns each priority group's free choices into the best prefix
// of its ranking and returns the change of the relaxation's value.
func (lg *lagrangian) prefixes() float64 {
	change := 0.0
	for _, members := range lg.ev.prio.groups {
		sum, best, k, free := 0.0, 0.0, 0, 0.0
		for j, t := range members {
			i := lg.moverOf[t]
			if i < 0 || math.IsInf(lg.moveRC[i], 1) {
				break // cannot move: the prefix ends before it
			}
			if sum += lg.moveRC[i]; sum < best {
				best, k = sum, j+1
			}
		}
		for j, t := range members {
			i := lg.moverOf[t]
			if i < 0 {
				continue
			}
			if lg.choice[i] >= 0 {
				free += lg.moveRC[i]
			}
			lg.choice[i] = -1
			if j < k {
				lg.choice[i] = lg.moveC[i]
			}
		}
		change += best - free
	}
	return change
}

// bestLevel minimises W.Medium·max(0, need − y) + price·y over the whole
// numbers y: the count a part would choose at that price. Because counts are
// whole, only 0, ⌊need⌋ and ⌈need⌉ can be best; keeping y whole is what makes
// this bound stronger than the linear relaxation (it adds the mixed-integer
// rounding cut of every deficit row, Nemhauser & Wolsey 1990).
func (lg *lagrangian) bestLevel(need, price float64) (y, v float64) {
	w := lg.ev.W.Medium
	fl, ce := math.Floor(need), math.Ceil(need)
	y, v = 0, w*need
	if c := w*(need-fl) + price*fl; c < v {
		y, v = fl, c
	}
	if c := price * ce; c < v {
		y, v = ce, c
	}
	return y, v
}

// reducedCosts prices teacher t's options in the relaxation: it returns the
// cheapest option's reduced cost and candidate (-1 to stay) and, when rc is
// not nil, fills rc with every candidate's reduced cost and returns the
// stay cost in rc's extra last slot.
func (lg *lagrangian) reducedCosts(t int, rc []float64) (best float64, choice int32) {
	ev := lg.ev
	stay := 0.0
	if ev.pinMove[t] >= 0 {
		stay = ev.W.Hard // a move pin broken by staying
	}
	stay += ev.changeCost(t, Stay)
	if rc != nil {
		rc[len(ev.Cands[t])] = stay
	}
	best, choice = lg.moveCosts(t, rc)
	if !(best < stay) {
		return stay, -1
	}
	return best, choice
}

// moveCosts prices teacher t's candidate moves in the relaxation: it
// returns the cheapest one's reduced cost and index (+Inf and -1 when there
// is none) and, when rc is not nil, fills rc[:len(candidates)].
func (lg *lagrangian) moveCosts(t int, rc []float64) (best float64, choice int32) {
	ev := lg.ev
	p := &ev.In.Policy
	tc := &ev.In.Teachers[t]
	m := ev.mask[t]
	hp := int(ev.servePart[t]) * numCounters
	home := lg.sig[tc.School] - lg.rho + lg.mu*p.BackboneShare
	if tc.Backbone.IsBackbone() {
		home -= lg.mu
	}
	for b := m; b != 0; b &= b - 1 {
		home += lg.price[hp+bits.TrailingZeros32(b)]
	}
	home += lg.keepPrice(ev.servePart[t], m)
	best, choice = math.Inf(1), -1
	for c := range ev.Cands[t] {
		cd := &ev.Cands[t][c]
		dp := int(ev.partOf[cd.School][tc.Stage]) * numCounters
		dpart := ev.partOf[cd.School][tc.Stage]
		r := cd.Cost + home + lg.tau[cd.School] + ev.changeCost(t, cd.School) - lg.keepPrice(dpart, m)
		for b := m; b != 0; b &= b - 1 {
			r -= lg.price[dp+bits.TrailingZeros32(b)]
		}
		if rc != nil {
			rc[c] = r
		}
		if r < best {
			best, choice = r, int32(c)
		}
	}
	return best, choice
}

// prices is a copy of the multipliers, to keep the best found.
type prices struct {
	price, sig, tau []float64
	rho, mu         float64
	kap             []float64
}

func (lg *lagrangian) save(p *prices) {
	p.price = append(p.price[:0], lg.price...)
	p.sig = append(p.sig[:0], lg.sig...)
	p.tau = append(p.tau[:0], lg.tau...)
	p.rho, p.mu = lg.rho, lg.mu
	p.kap = append(p.kap[:0], lg.kb.kap...)
}

func (lg *lagrangian) restore(p *prices) {
	copy(lg.price, p.price)
	copy(lg.sig, p.sig)
	copy(lg.tau, p.tau)
	lg.rho, lg.mu = p.rho, p.mu
	copy(lg.kb.kap, p.kap)
}

// fix removes from the search every candidate move that cannot be part of
// a plan better than the incumbent (reduced-cost fixing): any plan x has
// total ≥ L + Σ_t (rc_t(x_t) − min rc_t), so a move whose reduced cost
// exceeds its teacher's best by more than incumbent − L is in no better
// plan. The incumbent's own moves always pass. It reports whether any
// candidate was removed.
func (lg *lagrangian) fix(s *search) bool {
	if lg.best.price == nil || (lg.moveRC != nil && !s.bestScore.Feasible()) {
		return false // in enforce mode, the rule below holds for plans without complaints
	}
	lg.restore(&lg.best)
	slack := s.bestScore.Total - lg.bestValue + 1e-6*max(1, s.bestScore.Total)
	ev := lg.ev
	var rc []float64
	removed := false
	for t, cs := range s.cands {
		if len(cs) == 0 {
			continue
		}
		if s.poll(len(ev.Cands[t])) {
			break // what is fixed so far stays valid
		}
		rc = slices.Grow(rc[:0], len(ev.Cands[t])+1)[:len(ev.Cands[t])+1]
		best := lg.bestRC(t, rc)
		keep := cs[:0]
		for _, c := range cs {
			if rc[c]-best <= slack || c == s.bestCandOf(t) {
				keep = append(keep, c)
			}
		}
		removed = removed || len(keep) < len(cs)
		s.cands[t] = keep
	}
	return removed
}

// bestRC fills rc with teacher t's reduced costs (see reducedCosts) and
// returns the least of them that its options are measured from: staying
// included, except for a member of a priority group in enforce mode, whom
// the relaxation's prefix may make move at a positive reduced cost. Then a
// plan without complaints that moves t to c still costs at least the
// bound plus rc[c] minus t's best move.
func (lg *lagrangian) bestRC(t int, rc []float64) float64 {
	best, _ := lg.reducedCosts(t, rc)
	if lg.moveRC != nil && lg.ev.prio.groupOf[t] >= 0 {
		best = math.Inf(1)
		for _, r := range rc[:len(rc)-1] {
			best = min(best, r)
		}
	}
	return best
}

// coreSlack is how far above its teacher's best reduced cost an option may
// be and still belong to the core, in units of the medium weight: a
// ten-thousandth of a teacher short, so the core is the options that tie
// with the best up to rounding.
const coreSlack = 1e-4

// core lists, per teacher, the candidates of s.cands whose reduced cost at
// the best prices is within coreSlack·W.Medium of the teacher's best option
// (staying included).
func (lg *lagrangian) core(s *search) [][]int32 {
	lg.restore(&lg.best)
	ev := lg.ev
	slack := coreSlack * ev.W.Medium
	core := make([][]int32, len(s.cands))
	var rc []float64
	for t, cs := range s.cands {
		if len(cs) == 0 {
			continue
		}
		if s.poll(len(ev.Cands[t])) {
			break // the search is over
		}
		rc = slices.Grow(rc[:0], len(ev.Cands[t])+1)[:len(ev.Cands[t])+1]
		best := lg.bestRC(t, rc)
		for _, c := range cs {
			if rc[c]-best <= slack {
				core[t] = append(core[t], c)
			}
		}
	}
	return core
}

// atBest sets the best prices found and the relaxation's choice at them.
func (lg *lagrangian) atBest() {
	lg.restore(&lg.best)
	lg.value()
}

// relaxedPlan is the relaxation's choice at the best prices as a plan:
// each priority group's prefix of least reduced cost and every other mover
// at its cheapest option. It breaks the rows the prices stand for (the
// quota, the deficits, the caps), so it is no plan to keep; but who moves
// there is what the prices favour, and a walk towards it (relink.go) tries
// changes of several groups at once that the search's moves do not.
func (lg *lagrangian) relaxedPlan() Plan {
	lg.atBest()
	p := NewPlan(len(lg.ev.In.Teachers))
	for i, t := range lg.movers {
		if c := lg.choice[i]; c >= 0 {
			p.Dest[t] = lg.ev.Cands[t][c].School
		}
	}
	return p
}

// subgradient fills the scratch gradients from the current choice and
// returns their squared norm.
func (lg *lagrangian) subgradient() (norm float64) {
	ev := lg.ev
	moved, bb := 0, 0
	copy(lg.cnt, lg.base)
	clear(lg.out)
	clear(lg.in)
	for i, t := range lg.movers {
		c := lg.choice[i]
		if c < 0 {
			continue
		}
		tc := &ev.In.Teachers[t]
		r := ev.Cands[t][c].School
		moved++
		if tc.Backbone.IsBackbone() {
			bb++
		}
		lg.out[tc.School]++
		lg.in[r]++
		hp := int(ev.servePart[t]) * numCounters
		dp := int(ev.partOf[r][tc.Stage]) * numCounters
		for b := ev.mask[t]; b != 0; b &= b - 1 {
			k := bits.TrailingZeros32(b)
			lg.cnt[hp+k]--
			lg.cnt[dp+k]++
		}
	}
	for i, s := range lg.slots {
		g := lg.level[i] - float64(lg.cnt[s])
		if (g < 0 && lg.price[s] <= 0) || (g > 0 && lg.price[s] >= ev.W.Medium) {
			g = 0 // the projection would cancel the step
		}
		lg.gp[i] = g
		norm += g * g
	}
	for si := range ev.In.Schools {
		lg.gs[si] = project(float64(lg.out[si]-int32(ev.OutCap[si])), lg.sig[si], ev.W.Hard)
		lg.gt[si] = project(float64(lg.in[si]-int32(ev.InCap[si])), lg.tau[si], ev.W.Hard)
		norm += lg.gs[si]*lg.gs[si] + lg.gt[si]*lg.gt[si]
	}
	lg.gr = project(float64(ev.Required-moved), lg.rho, ev.W.Hard)
	lg.gm = project(ev.In.Policy.BackboneShare*float64(moved)-float64(bb), lg.mu, ev.W.Hard)
	norm += lg.gr*lg.gr + lg.gm*lg.gm
	return norm + lg.keepSubgradient()
}

// deflect sets the direction to the gradient plus the previous direction
// scaled to the gradient's length (none on the first step), projected like
// the gradient, and returns its squared norm.
func (lg *lagrangian) deflect(gnorm float64, first bool) float64 {
	ev := lg.ev
	beta := 0.0
	if !first {
		dn := lg.dr*lg.dr + lg.dm*lg.dm
		for _, v := range lg.dp {
			dn += v * v
		}
		for si := range lg.ds {
			dn += lg.ds[si]*lg.ds[si] + lg.dt[si]*lg.dt[si]
		}
		dn += lg.keepDirNorm()
		if dn > 0 {
			beta = math.Sqrt(gnorm / dn)
		}
	}
	norm := 0.0
	for i, s := range lg.slots {
		lg.dp[i] = project(lg.gp[i]+beta*lg.dp[i], lg.price[s], ev.W.Medium)
		norm += lg.dp[i] * lg.dp[i]
	}
	for si := range lg.ds {
		lg.ds[si] = project(lg.gs[si]+beta*lg.ds[si], lg.sig[si], ev.W.Hard)
		lg.dt[si] = project(lg.gt[si]+beta*lg.dt[si], lg.tau[si], ev.W.Hard)
		norm += lg.ds[si]*lg.ds[si] + lg.dt[si]*lg.dt[si]
	}
	lg.dr = project(lg.gr+beta*lg.dr, lg.rho, ev.W.Hard)
	lg.dm = project(lg.gm+beta*lg.dm, lg.mu, ev.W.Hard)
	return norm + lg.dr*lg.dr + lg.dm*lg.dm + lg.keepDeflect(beta)
}

// project zeroes a gradient component that would push a price out of [0, hi].
func project(g, price, hi float64) float64 {
	if (g < 0 && price <= 0) || (g > 0 && price >= hi) {
		return 0
	}
	return g
}

func clamp(v, lo, hi float64) float64 { return min(hi, max(lo, v)) }

// step moves the prices along the direction by t.
func (lg *lagrangian) step(t float64) {
	ev := lg.ev
	for i, s := range lg.slots {
		lg.price[s] = clamp(lg.price[s]+t*lg.dp[i], 0, ev.W.Medium)
	}
	for si := range ev.In.Schools {
		lg.sig[si] = clamp(lg.sig[si]+t*lg.ds[si], 0, ev.W.Hard)
		lg.tau[si] = clamp(lg.tau[si]+t*lg.dt[si], 0, ev.W.Hard)
	}
	lg.rho = clamp(lg.rho+t*lg.dr, 0, ev.W.Hard)
	lg.mu = clamp(lg.mu+t*lg.dm, 0, ev.W.Hard)
	lg.keepStep(t)
}

// boundShare is the share of a time limit the bound may use; the search
// needs the rest.
const boundShare = 0.5

// stallSteps is how many steps without a better bound halve the step size.
const stallSteps = 50

// solve runs at most n subgradient steps from a warm start at the search's
// best plan and returns the best bound found. It stops early when the
// search's stop conditions hold or the gap closes.
func (lg *lagrangian) solve(s *search, n int) float64 {
	lg.warmStart(s.best)
	best := lg.value()
	lg.save(&lg.best)
	lg.bestValue = best
	theta, stall := 1.0, 0
	for it := 0; it < n; it++ {
		// The targets every 16 steps, the clock and the context at every
		// step: a step prices every candidate.
		if (it%16 == 0 && s.done()) || s.expired() || s.pastShare(boundShare) {
			break
		}
		norm := lg.subgradient()
		ub := s.bestScore.Total
		if norm == 0 || ub-best <= 1e-9*max(1, ub) {
			break
		}
		if norm = lg.deflect(norm, it == 0); norm == 0 {
			break
		}
		lg.step(theta * (ub - best) / norm)
		v := lg.value()
		if v > best+1e-9*max(1, ub) {
			best, stall = v, 0
			lg.save(&lg.best)
			lg.bestValue = best
		} else if stall++; stall >= stallSteps {
			theta, stall = theta/2, 0
			if theta < 1e-6 {
				break
			}
		}
		s.bound = best
		if (it+1)%lg.planEvery == 0 && it+1 < n { // none at the last step: the search follows
			s.lagrangianPlan(lg)
		}
		s.report("bound", false)
	}
	return best
}

// lagrangianPlan turns the relaxation's current choice of moves into a plan,
// repairs it by descent, keeps it if it beats the incumbent (a Lagrangian
// heuristic, Beasley 1993) and returns it.
func (s *search) lagrangianPlan(lg *lagrangian) Plan {
	st := s.pinnedState()
	if lg.moveRC != nil { // enforce: each group's prefix in rank order
		for _, members := range s.ev.prio.groups {
			for _, t := range members {
				i := lg.moverOf[t]
				if i < 0 || lg.choice[i] < 0 {
					break
				}
				if d := st.Delta(int(t), int(lg.choice[i])); d.Hard <= 0 {
					st.Move(int(t), int(lg.choice[i]))
				}
			}
		}
	}
	for i, t := range lg.movers {
		if c := lg.choice[i]; c >= 0 && st.cand[t] < 0 {
			if d := st.Delta(int(t), int(c)); d.Hard <= 0 {
				st.Move(int(t), int(c))
			}
		}
	}
	st.Resync()
	s.descend(st)
	s.keep(st)
	return st.Plan()
}
