package solver

import (
	"math/bits"
	"strconv"

	"github.com/rotaplan/rotaplan/model"
)

// Score is the value of a plan at the three levels of DOMAIN.md §4: hard in
// teachers of shortfall or excess, medium in teacher-equivalents of deficit,
// soft in disruption points. Total = weights.hard·Hard + weights.medium·Medium
// + Soft, the one number the solver minimises.
type Score struct {
	Hard   int
	Medium float64
	Soft   float64
	Total  float64
}

// Add returns s + o.
func (s Score) Add(o Score) Score {
	return Score{s.Hard + o.Hard, s.Medium + o.Medium, s.Soft + o.Soft, s.Total + o.Total}
}

// Sub returns s − o.
func (s Score) Sub(o Score) Score {
	return Score{s.Hard - o.Hard, s.Medium - o.Medium, s.Soft - o.Soft, s.Total - o.Total}
}

// Feasible reports whether every hard rule holds.
func (s Score) Feasible() bool { return s.Hard == 0 }

func (ev *Evaluator) total(hard int, medium, soft float64) float64 {
	return ev.W.Hard*float64(hard) + ev.W.Medium*medium + soft
}

// Plan is a rotation plan: for each teacher (by index) the receiving school
// it moves to, or Stay.
type Plan struct {
	Dest []int32
}

// Stay marks a teacher who does not move.
const Stay int32 = -1

// NewPlan returns the empty plan (nobody moves) for n teachers.
func NewPlan(n int) Plan {
	p := Plan{Dest: make([]int32, n)}
	for i := range p.Dest {
		p.Dest[i] = Stay
	}
	return p
}

// Clone returns an independent copy.
func (p Plan) Clone() Plan { return Plan{Dest: append([]int32(nil), p.Dest...)} }

// Moves is the number of teachers who move.
func (p Plan) Moves() int {
	n := 0
	for _, d := range p.Dest {
		if d != Stay {
			n++
		}
	}
	return n
}

// counts holds the per-plan counters a score is computed from.
type counts struct {
	cnt          []int32 // part·numCounters + counter
	out, in      []int32 // per school
	moved, bb    int
	pinViolated  int
	invalid      int
	complaints   int     // justified complaints in enforce mode: set by Score, Report and State, not by tally
	st           []int32 // part·numStructCounters + structure counter, with a structure weight above 0
	soft, medium float64
	keepLost     int     // parts that lost compliance (keep_compliance)
	change       float64 // baseline change cost, included in soft
}

// tally computes the counters of a plan from scratch, in the planned year:
// every teacher at PlannedAt, then the moves. Moves that break a
// structural rule are left out of the counters and counted as invalid.
// The complaints are left to the callers that need them (Score, Report,
// State), which count them once.
func (ev *Evaluator) tally(p Plan) counts {
	in := ev.In
	c := counts{
		cnt: make([]int32, len(ev.Parts)*numCounters),
		out: make([]int32, len(in.Schools)),
		in:  make([]int32, len(in.Schools)),
	}
	for t := range in.Teachers {
		loc := int(ev.start[t])
		if r := p.Dest[t]; r != Stay {
			if ev.Invalid(t, int(r)) != "" {
				c.invalid++
			} else {
				loc = int(r)
				c.moved++
				if in.Teachers[t].Backbone.IsBackbone() {
					c.bb++
				}
				c.out[in.Teachers[t].School]++
				c.in[r]++
				cost, _ := ev.MoveCost(t, int(r))
				c.soft += cost
			}
		}
		if pt := ev.partOf[loc][in.Teachers[t].Stage]; pt >= 0 {
			base := int(pt) * numCounters
			for m := ev.mask[t]; m != 0; m &= m - 1 {
				c.cnt[base+bits.TrailingZeros32(m)]++
			}
		}
	}
	for _, t := range ev.pinned {
		c.pinViolated += ev.pinViolations(int(t), p.Dest[t])
	}
	for pi := range ev.Parts {
		need := &ev.Parts[pi].Need
		base := pi * numCounters
		for k := range numCounters {
			c.medium += deficit(need[k], c.cnt[base+k])
		}
	}
	if ev.structOn() {
		c.st = ev.structTally(p)
		c.medium += ev.structureMedium(c.st)
	}
	c.keepLost = ev.keepLost(c.cnt)
	c.change = ev.changeTotal(p)
	c.soft += c.change
	return c
}

// standing computes the counters of the current standing: every teacher
// where they serve now (Serving), a Returning teacher still at the school
// of the ending stint. Only the indicator counters are set.
func (ev *Evaluator) standing() counts {
	in := ev.In
	c := counts{cnt: make([]int32, len(ev.Parts)*numCounters)}
	for t := range in.Teachers {
		if pt := ev.partOf[in.Teachers[t].Serving][in.Teachers[t].Stage]; pt >= 0 {
			base := int(pt) * numCounters
			for m := ev.mask[t]; m != 0; m &= m - 1 {
				c.cnt[base+bits.TrailingZeros32(m)]++
			}
		}
	}
	return c
}

// hard sums the hard terms of a tally.
func (ev *Evaluator) hard(c *counts) int {
	h := c.pinViolated + c.invalid + c.complaints + ev.quotaShort(c.moved) + ev.backboneShort(c.moved, c.bb)
	h += c.keepLost + ev.rateExcess(c.moved) // defensible.go
	for s := range c.out {
		h += excess(c.out[s], ev.OutCap[s]) + excess(c.in[s], ev.InCap[s])
	}
	return h
}

func (ev *Evaluator) quotaShort(moved int) int { return max(0, ev.Required-moved) }

func (ev *Evaluator) backboneShort(moved, bb int) int {
	return max(0, ev.In.Policy.BackboneRequired(moved)-bb)
}

func excess(n int32, limit int) int { return max(0, int(n)-limit) }

// pinViolations counts the pins of teacher t that destination d breaks.
func (ev *Evaluator) pinViolations(t int, d int32) int {
	v := 0
	if r := ev.pinMove[t]; r >= 0 && d != r {
		v++
	}
	if ev.pinStay[t] && d != Stay {
		v++
	}
	if d != Stay && len(ev.forbidden) > 0 && ev.forbidden[model.PairKey(t, int(d))] {
		v++
	}
	return v
}

// Score is the full recompute of a plan's score; it accepts any plan,
// including hand-edited ones with invalid moves.
func (ev *Evaluator) Score(p Plan) Score {
	c := ev.tally(p)
	if ev.enforce {
		inv, envy := ev.Complaints(p)
		c.complaints = len(inv) + len(envy)
	}
	h := ev.hard(&c)
	return Score{Hard: h, Medium: c.medium, Soft: c.soft, Total: ev.total(h, c.medium, c.soft)}
}

func itoa(n int) string { return strconv.Itoa(n) }
