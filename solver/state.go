package solver

import (
	"fmt"
	"math"
	"math/bits"
)

// State is a plan under incremental evaluation: the counters of the plan
// and its running score. Delta prices a change in O(1) without allocating;
// Apply performs it. A State belongs to one goroutine.
type State struct {
	ev   *Evaluator
	dest []int32    // per teacher: destination school or Stay
	cand []int32    // per teacher: candidate index of dest, or -1
	c    counts     // counters, as in a full tally
	sc   Score      // running score
	soft []float64  // per teacher: soft cost of its move
	fair *fairState // the complaints, in enforce mode

	// Assert makes every Apply check the running score against a full
	// recompute and panic on disagreement; for tests only (slow).
	Assert bool
}

// NewState starts from the empty plan.
func (ev *Evaluator) NewState() *State {
	nt := len(ev.In.Teachers)
	s := &State{ev: ev, dest: make([]int32, nt), cand: make([]int32, nt), soft: make([]float64, nt)}
	for i := range s.dest {
		s.dest[i], s.cand[i] = Stay, -1
	}
	if ev.enforce {
		s.newFair()
	}
	s.Resync()
	return s
}

// Evaluator returns the core the state belongs to.
func (s *State) Evaluator() *Evaluator { return s.ev }

// Score is the running score of the current plan.
func (s *State) Score() Score { return s.sc }

// Dest is the current destination of teacher t, or Stay.
func (s *State) Dest(t int) int32 { return s.dest[t] }

// Cand is the candidate index of teacher t's destination, or -1.
func (s *State) Cand(t int) int32 { return s.cand[t] }

// Moved is the number of teachers moved; BackboneMoved those of them who are backbone.
func (s *State) Moved() int { return s.c.moved }

// BackboneMoved is the number of backbone teachers moved.
func (s *State) BackboneMoved() int { return s.c.bb }

// Outflow is the number of teachers leaving school sc.
func (s *State) Outflow(sc int) int { return int(s.c.out[sc]) }

// Inflow is the number of teachers arriving at school sc.
func (s *State) Inflow(sc int) int { return int(s.c.in[sc]) }

// Plan returns a copy of the current plan.
func (s *State) Plan() Plan { return Plan{Dest: append([]int32(nil), s.dest...)} }

// Delta is the change of the score if teacher t moved to candidate c of
// Evaluator.Cands[t], or stayed when c is -1. It does not change the state.
func (s *State) Delta(t int, c int) Score {
	ev := s.ev
	oc := s.cand[t]
	if int32(c) == oc {
		return Score{}
	}
	to, cost := Stay, 0.0
	if c >= 0 {
		cd := &ev.Cands[t][c]
		to, cost = cd.School, cd.Cost
	}
	from := s.dest[t]
	tc := &ev.In.Teachers[t]
	home := tc.School

	// Medium: the teacher leaves its current part and joins the new one.
	oldPart, newPart := ev.servePart[t], ev.servePart[t]
	if from != Stay {
		oldPart = ev.partOf[from][tc.Stage]
	}
	if to != Stay {
		newPart = ev.partOf[to][tc.Stage]
	}
	var dm float64
	dk := 0 // keep_compliance units (defensible.go)
	if oldPart != newPart {
		dk = ev.keepDelta(s.c.cnt, t, oldPart, newPart)
		ob, nb := int(oldPart)*numCounters, int(newPart)*numCounters
		on, nn := &ev.Parts[oldPart].Need, &ev.Parts[newPart].Need
		for m := ev.mask[t]; m != 0; m &= m - 1 {
			k := bits.TrailingZeros32(m)
			h := s.c.cnt[ob+k]
			dm += deficit(on[k], h-1) - deficit(on[k], h)
			h = s.c.cnt[nb+k]
			dm += deficit(nn[k], h+1) - deficit(nn[k], h)
		}
		if ev.structOn() {
			dm += ev.structureDelta(s.c.st, t, oldPart, newPart)
		}
	}

	// Hard: quota, backbone share, caps and pins.
	moved, bb := s.c.moved, s.c.bb
	dh := dk
	switch {
	case from == Stay: // a new move
		moved++
		if tc.Backbone.IsBackbone() {
			bb++
		}
		dh += excess(s.c.out[home]+1, ev.OutCap[home]) - excess(s.c.out[home], ev.OutCap[home])
	case to == Stay: // a move cancelled
		moved--
		if tc.Backbone.IsBackbone() {
			bb--
		}
		dh += excess(s.c.out[home]-1, ev.OutCap[home]) - excess(s.c.out[home], ev.OutCap[home])
	}
	if from != Stay {
		dh += excess(s.c.in[from]-1, ev.InCap[from]) - excess(s.c.in[from], ev.InCap[from])
	}
	if to != Stay {
		dh += excess(s.c.in[to]+1, ev.InCap[to]) - excess(s.c.in[to], ev.InCap[to])
	}
	if moved != s.c.moved {
		dh += ev.quotaShort(moved) - ev.quotaShort(s.c.moved)
		dh += ev.backboneShort(moved, bb) - ev.backboneShort(s.c.moved, s.c.bb)
		dh += ev.rateExcess(moved) - ev.rateExcess(s.c.moved)
	}
	if len(ev.pinned) > 0 {
		dh += ev.pinViolations(t, to) - ev.pinViolations(t, from)
	}
	if s.fair != nil && from != to {
		dh += s.fairDelta(t, to)
	}
	ds := cost - s.soft[t] + ev.changeCost(t, to) - ev.changeCost(t, from)
	return Score{Hard: dh, Medium: dm, Soft: ds, Total: ev.total(dh, dm, ds)}
}

// Apply moves teacher t to candidate c (or keeps it home when c is -1).
func (s *State) Apply(t int, c int) {
	s.Move(t, c)
	if s.Assert {
		s.check()
	}
}

// Move applies a change and returns its delta, for compound moves that may
// be undone by moving the teacher back.
func (s *State) Move(t int, c int) Score {
	d := s.Delta(t, c)
	s.apply(t, c)
	s.sc = s.sc.Add(d)
	return d
}

func (s *State) apply(t int, c int) {
	ev := s.ev
	tc := &ev.In.Teachers[t]
	from := s.dest[t]
	to, cost := Stay, 0.0
	if c >= 0 {
		to, cost = ev.Cands[t][c].School, ev.Cands[t][c].Cost
	}
	oldPart, newPart := ev.servePart[t], ev.servePart[t]
	if from != Stay {
		oldPart = ev.partOf[from][tc.Stage]
		s.c.in[from]--
	}
	if to != Stay {
		newPart = ev.partOf[to][tc.Stage]
		s.c.in[to]++
	}
	ob, nb := int(oldPart)*numCounters, int(newPart)*numCounters
	for m := ev.mask[t]; m != 0; m &= m - 1 {
		k := bits.TrailingZeros32(m)
		s.c.cnt[ob+k]--
		s.c.cnt[nb+k]++
	}
	if ev.structOn() {
		ev.structMove(s.c.st, t, oldPart, newPart, 1)
	}
	bb := 0
	if tc.Backbone.IsBackbone() {
		bb = 1
	}
	switch {
	case from == Stay && to != Stay:
		s.c.moved++
		s.c.bb += bb
		s.c.out[tc.School]++
	case from != Stay && to == Stay:
		s.c.moved--
		s.c.bb -= bb
		s.c.out[tc.School]--
	}
	if s.fair != nil && from != to {
		s.applyFair(t, to)
		s.c.complaints = s.fair.n
	}
	s.dest[t], s.cand[t], s.soft[t] = to, int32(c), cost
}

// Resync replaces the running score by a full recompute, removing the
// rounding drift of long runs of floating-point deltas.
func (s *State) Resync() {
	s.c = s.ev.tally(Plan{Dest: s.dest})
	if s.fair != nil {
		s.resyncFair()
		s.c.complaints = s.fair.n
	}
	h := s.ev.hard(&s.c)
	s.sc = Score{Hard: h, Medium: s.c.medium, Soft: s.c.soft, Total: s.ev.total(h, s.c.medium, s.c.soft)}
}

// check compares the running score with a full recompute.
func (s *State) check() {
	full := s.ev.Score(Plan{Dest: s.dest})
	if full.Hard != s.sc.Hard || !near(full.Medium, s.sc.Medium) || !near(full.Soft, s.sc.Soft) || !near(full.Total, s.sc.Total) {
		panic(fmt.Sprintf("solver: incremental score %+v disagrees with full recompute %+v", s.sc, full))
	}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(a)+math.Abs(b)) }
