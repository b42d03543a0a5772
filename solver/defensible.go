package solver

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/rotaplan/rotaplan/model"
)

// The terms of a plan a bureau can defend (DOMAIN.md §7):
//
//   - keep_compliance (hard): one unit per in-scope part that complies in
//     the planned year without moves (returns applied) and does not with
//     the plan;
//   - rotation cap (hard): one unit per move above ⌈max_rotation_rate·|E|⌉;
//   - baseline change (soft): weights.change per teacher whose destination
//     differs from the baseline plan's (moved vs staying, or another school).
//
// They hook into tally/hard (score.go), State.Delta (state.go), the report,
// the MIP (mipDefensible) and the Lagrangian bound (the change cost is
// priced per teacher; the two hard terms are relaxed, which keeps the bound
// valid).

// defensible holds the evaluator's precomputed indices of these terms.
type defensible struct {
	keep   []keepRule // parts that must keep their compliance
	keepOf []int32    // per part: index into keep, or -1

	rateCap int // most moves allowed, or -1 without max_rotation_rate

	// baseDest is each teacher's destination in the baseline plan (Stay
	// when the baseline keeps it home); nil without a baseline.
	baseDest []int32
	// changeFixed is the change cost no decision alters: the teachers
	// without candidates whose baseline moves them.
	changeFixed float64
}

// keepRule is the compliance a part must keep, in whole teachers: the
// part complies while every teacher counter k is at least lo[k], and at
// most 1 − fail of them are below hi[k] (fail is the number of fixed
// facility indicators below their threshold, 0 or 1: a part with more does
// not comply whatever the moves). This is Complies on the part's seven
// values, with hi and lo the least counts the same float comparisons accept.
type keepRule struct {
	part   int32
	fail   int8
	hi, lo [numIndCounters]int32
}

// buildDefensible computes the indices; NewEvaluator calls it last.
func (ev *Evaluator) buildDefensible() {
	in := ev.In
	pol := &in.Policy
	ev.rateCap = -1
	if n, ok := pol.RotationCap(len(ev.Eligible)); ok {
		ev.rateCap = n
	}
	ev.keepOf = make([]int32, len(ev.Parts))
	for i := range ev.keepOf {
		ev.keepOf[i] = -1
	}
	if pol.KeepCompliance {
		base := make([]int32, len(ev.Parts)*numIndCounters)
		for t := range in.Teachers {
			if p := ev.servePart[t]; p >= 0 {
				for k := range numIndCounters {
					if ev.mask[t]&(1<<k) != 0 {
						base[int(p)*numIndCounters+k]++
					}
				}
			}
		}
		for pi := range ev.Parts {
			kr, ok := ev.keepRuleOf(pi)
			if !ok {
				continue
			}
			var c [numIndCounters]int32
			copy(c[:], base[pi*numIndCounters:])
			if kr.complies(&c) {
				ev.keepOf[pi] = int32(len(ev.keep))
				ev.keep = append(ev.keep, kr)
			}
		}
	}
	if b := in.Baseline; b != nil {
		ev.baseDest = make([]int32, len(in.Teachers))
		for i := range ev.baseDest {
			ev.baseDest[i] = Stay
		}
		for _, a := range b.Moves {
			ev.baseDest[a.Teacher] = int32(a.To)
		}
		for t := range in.Teachers {
			if len(ev.Cands[t]) == 0 {
				ev.changeFixed += ev.changeCost(t, Stay)
			}
		}
	}
}

// keepRuleOf derives the rule of part pi; false when the part is out of
// scope or cannot comply (a facility below 85% of its threshold, or two
// below the threshold).
func (ev *Evaluator) keepRuleOf(pi int) (keepRule, bool) {
	pt := &ev.Parts[pi]
	kr := keepRule{part: int32(pi)}
	if !pt.InScope || pt.Students <= 0 {
		return kr, false
	}
	thr := &ev.In.Policy.Thresholds[pt.Stage]
	for i, v := range pt.Facilities {
		th := thr[numIndCounters+i]
		switch {
		case v >= th-1e-9:
		case v < 0.85*th-1e-9:
			return kr, false
		default:
			kr.fail++
		}
	}
	if kr.fail > 1 {
		return kr, false
	}
	stud := float64(pt.Students)
	least := func(limit float64) int32 {
		// The least n with n·100/students ≥ limit, as Complies compares.
		n := max(0, int32(math.Floor(limit*stud/100))-2)
		for float64(n)*100/stud < limit {
			n++
		}
		return n
	}
	for k := range numIndCounters {
		kr.hi[k] = least(thr[k] - 1e-9)
		kr.lo[k] = least(0.85*thr[k] - 1e-9)
	}
	return kr, true
}

// complies applies the rule to the counters I1-I3 of the part.
func (kr *keepRule) complies(c *[numIndCounters]int32) bool {
	fails := int(kr.fail)
	for k := range numIndCounters {
		if c[k] < kr.lo[k] {
			return false
		}
		if c[k] < kr.hi[k] {
			fails++
		}
	}
	return fails <= 1
}

// keepLost counts the parts that lost their compliance under counters cnt.
func (ev *Evaluator) keepLost(cnt []int32) int {
	n := 0
	for i := range ev.keep {
		if !ev.keepHolds(cnt, i, -1, 0) {
			n++
		}
	}
	return n
}

// keepHolds reports whether keep rule i holds under counters cnt, with
// the counters of teacher mask m changed by sign (0 for none).
func (ev *Evaluator) keepHolds(cnt []int32, i int, sign int32, m uint32) bool {
	kr := &ev.keep[i]
	base := int(kr.part) * numCounters
	var c [numIndCounters]int32
	for k := range numIndCounters {
		c[k] = cnt[base+k]
		if m&(1<<k) != 0 {
			c[k] += sign
		}
	}
	return kr.complies(&c)
}

// keepDelta is the change of keep_compliance units when teacher t leaves
// part from and joins part to (from ≠ to), under counters cnt. It does not
// allocate.
func (ev *Evaluator) keepDelta(cnt []int32, t int, from, to int32) int {
	if len(ev.keep) == 0 {
		return 0
	}
	m := ev.mask[t] & (1<<numIndCounters - 1)
	if m == 0 {
		return 0
	}
	d := 0
	if from >= 0 {
		if i := ev.keepOf[from]; i >= 0 {
			d += b2i(!ev.keepHolds(cnt, int(i), -1, m)) - b2i(!ev.keepHolds(cnt, int(i), 0, 0))
		}
	}
	if to >= 0 {
		if i := ev.keepOf[to]; i >= 0 {
			d += b2i(!ev.keepHolds(cnt, int(i), 1, m)) - b2i(!ev.keepHolds(cnt, int(i), 0, 0))
		}
	}
	return d
}

// rateExcess is the number of moves above the rotation cap.
func (ev *Evaluator) rateExcess(moved int) int {
	if ev.rateCap < 0 {
		return 0
	}
	return max(0, moved-ev.rateCap)
}

// capTight reports whether one more move would pass the rotation cap, so
// that every change of the number of moves moves every delta.
func (ev *Evaluator) capTight(moved int) bool { return ev.rateCap >= 0 && moved >= ev.rateCap-1 }

// RotationCap is ⌈max_rotation_rate·|E|⌉, and false without a bound.
func (ev *Evaluator) RotationCap() (int, bool) { return ev.rateCap, ev.rateCap >= 0 }

// HasBaseline reports whether plans are scored against a baseline plan.
func (ev *Evaluator) HasBaseline() bool { return ev.baseDest != nil }

// BaselineDest is teacher t's destination in the baseline plan, or Stay
// (also without a baseline).
func (ev *Evaluator) BaselineDest(t int) int32 {
	if ev.baseDest == nil {
		return Stay
	}
	return ev.baseDest[t]
}

// changeCost is the baseline change cost of teacher t going to d (or
// staying when d is Stay).
func (ev *Evaluator) changeCost(t int, d int32) float64 {
	if ev.baseDest == nil || ev.baseDest[t] == d {
		return 0
	}
	return ev.W.Change
}

// changeTotal is the baseline change cost of plan p.
func (ev *Evaluator) changeTotal(p Plan) float64 {
	if ev.baseDest == nil {
		return 0
	}
	var s float64
	for t, d := range p.Dest {
		s += ev.changeCost(t, d)
	}
	return s
}

// changeMoveCost is the change cost of teacher t's candidate c relative to
// staying: what the move adds to (or, towards its baseline destination,
// takes off) the change term.
func (ev *Evaluator) changeMoveCost(t, c int) float64 {
	if ev.baseDest == nil {
		return 0
	}
	return ev.changeCost(t, ev.Cands[t][c].School) - ev.changeCost(t, Stay)
}

// Defense gathers what a bureau is asked about a plan (DOMAIN §7): whether
// the quota binds and what the moves above it buy, the cap on moves, the
// parts the plan takes out of compliance, the county's result lines, and
// the changes against a baseline plan.
type Defense struct {
	// QuotaBinds: the plan moves exactly the required number; fewer moves
	// would break the quota, more would buy nothing worth their cost.
	QuotaBinds bool `json:"quota_binds"`
	// ExtraMoves are the moves above the quota; taking out that many of
	// the least useful moves (pins kept) would raise the deficits by
	// ExtraFilled teacher-equivalents and spare ExtraSoft of disruption.
	ExtraMoves  int     `json:"extra_moves"`
	ExtraFilled float64 `json:"extra_filled"`
	ExtraSoft   float64 `json:"extra_soft"`
	// RotationCap is ⌈max_rotation_rate·eligible⌉, null without a bound.
	RotationCap *int `json:"rotation_cap"`
	// ComplianceLost lists the parts that comply in the planned year
	// without moves and do not with the plan, with the indicators that fell.
	ComplianceLost []KeepLoss    `json:"compliance_lost"`
	County         CountyResult  `json:"county"`
	Baseline       *BaselineDiff `json:"baseline,omitempty"`
}

// KeepLoss is one part that lost its compliance, and the indicators that
// fell below their thresholds (Before: the planned year without moves).
type KeepLoss struct {
	SchoolID string           `json:"school_id"`
	Name     string           `json:"name"`
	Stage    string           `json:"stage"`
	Fell     []IndicatorValue `json:"fell"`
}

// CountyResult are the county's result lines: every CV within its limit
// (before: the current standing; after: the plan), the share of in-scope
// parts that comply, and the parts that lose or gain compliance.
type CountyResult struct {
	CVWithinBefore bool     `json:"cv_within_limits_before"`
	CVWithinAfter  bool     `json:"cv_within_limits_after"`
	CVOverAfter    []string `json:"cv_over_after"` // stage:indicator of the CVs above their limit after the plan
	RateBefore     float64  `json:"compliance_rate_before"`
	RateAfter      float64  `json:"compliance_rate_after"`
	// The deficits (teacher-equivalents: the medium terms' amount) of the
	// planned year without moves and with the plan: what the moves fill,
	// where no part crosses every threshold and the rate stays.
	DeficitNoMoves float64   `json:"deficit_without_moves"`
	DeficitAfter   float64   `json:"deficit_after"`
	Lose           []PartRef `json:"parts_losing_compliance"`
	Gain           []PartRef `json:"parts_gaining_compliance"`
}

// PartRef names a school part.
type PartRef struct {
	SchoolID string `json:"school_id"`
	Name     string `json:"name"`
	Stage    string `json:"stage"`
}

// BaselineDiff compares a plan with its baseline: the count of each
// status and one row per teacher whose destination changed.
type BaselineDiff struct {
	File    string           `json:"file"`
	Kept    int              `json:"kept"`
	Changed int              `json:"changed"`
	New     int              `json:"new"`
	Dropped int              `json:"dropped"`
	Rows    []BaselineChange `json:"changes"`
}

// Baseline statuses of a teacher (plan.csv's 与基准方案 column).
const (
	BaselineKept    = "kept"    // same destination as the baseline
	BaselineChanged = "changed" // moved in both, to another school
	BaselineNew     = "new"     // moved, the baseline kept them home
	BaselineDropped = "dropped" // kept home, the baseline moved them
	BaselinePinned  = "pinned"  // the planner's pin decided
)

// BaselineChange is one teacher whose destination differs from the
// baseline, and why: a pin, a destination no longer allowed, or the change
// of the total (State.Delta) that going back to the baseline would make.
type BaselineChange struct {
	TeacherID  string   `json:"teacher_id"`
	Status     string   `json:"status"`
	BaselineTo string   `json:"baseline_to_school_id"` // "" for staying
	PlanTo     string   `json:"plan_to_school_id"`     // "" for staying
	Why        string   `json:"why"`
	Revert     *float64 `json:"revert_total_change,omitempty"`
}

// BaselineStatus is teacher t's status under plan p against the baseline:
// pinned, kept, changed, new or dropped, "" when neither plan moves the
// teacher or there is no baseline.
func (ev *Evaluator) BaselineStatus(p Plan, t int) string {
	if ev.baseDest == nil {
		return ""
	}
	d, b := p.Dest[t], ev.baseDest[t]
	switch {
	case d == Stay && b == Stay:
		return ""
	case d != b && ev.isPinned(t):
		return BaselinePinned
	case d == b:
		if ev.isPinned(t) {
			return BaselinePinned
		}
		return BaselineKept
	case b == Stay:
		return BaselineNew
	case d == Stay:
		return BaselineDropped
	}
	return BaselineChanged
}

// StateOf returns a State holding plan p's valid candidate moves (a move
// that is not among its teacher's candidates is left out).
func (ev *Evaluator) StateOf(p Plan) *State {
	st := ev.NewState()
	for t, d := range p.Dest {
		if c := ev.candIndex(t, d); c >= 0 {
			st.Move(t, int(c))
		}
	}
	st.Resync()
	return st
}

// defense fills the Defense of plan p; after is its tally, rep the rest of
// the report (parts and CVs).
func (ev *Evaluator) defense(p Plan, after *counts, rep *Report) Defense {
	in := ev.In
	d := Defense{ComplianceLost: []KeepLoss{}}
	if cap, ok := ev.RotationCap(); ok {
		d.RotationCap = &cap
	}
	d.QuotaBinds = after.moved == ev.Required && ev.Required > 0
	if extra := after.moved - ev.Required; extra > 0 {
		d.ExtraMoves = extra
		d.ExtraFilled, d.ExtraSoft = ev.extraValue(p, extra)
	}

	// Lost compliance: the rule's parts whose rule fails under the plan.
	base := ev.tally(NewPlan(len(in.Teachers)))
	for i := range ev.keep {
		if ev.keepHolds(after.cnt, i, 0, 0) {
			continue
		}
		pi := int(ev.keep[i].part)
		pt := &ev.Parts[pi]
		kl := KeepLoss{SchoolID: in.Schools[pt.School].ID, Name: in.Schools[pt.School].Name, Stage: pt.Stage.String()}
		for k := range numIndCounters {
			thr := in.Policy.Thresholds[pt.Stage][k]
			b, a := ev.indicator(pi, model.Indicator(k), &base), ev.indicator(pi, model.Indicator(k), after)
			if a < b && a < thr-1e-9 {
				kl.Fell = append(kl.Fell, IndicatorValue{Indicator: model.Indicator(k).String(), Threshold: thr, Before: b, After: a})
			}
		}
		d.ComplianceLost = append(d.ComplianceLost, kl)
	}

	// County result lines.
	cr := CountyResult{CVWithinBefore: true, CVWithinAfter: true, CVOverAfter: []string{}, Lose: []PartRef{}, Gain: []PartRef{}}
	for _, row := range rep.CV {
		if row.Before != nil && *row.Before > row.Limit {
			cr.CVWithinBefore = false
		}
		if row.After != nil && *row.After > row.Limit {
			cr.CVWithinAfter = false
			cr.CVOverAfter = append(cr.CVOverAfter, row.Stage+":"+row.Indicator)
		}
	}
	scope, before, afterN := 0, 0, 0
	for _, pr := range rep.Parts {
		if !pr.InScope {
			continue
		}
		scope++
		before += b2i(pr.CompliantBefore)
		afterN += b2i(pr.CompliantAfter)
		ref := PartRef{SchoolID: pr.SchoolID, Name: pr.Name, Stage: pr.Stage}
		switch {
		case pr.CompliantBefore && !pr.CompliantAfter:
			cr.Lose = append(cr.Lose, ref)
		case !pr.CompliantBefore && pr.CompliantAfter:
			cr.Gain = append(cr.Gain, ref)
		}
	}
	if scope > 0 {
		cr.RateBefore, cr.RateAfter = float64(before)/float64(scope), float64(afterN)/float64(scope)
	}
	cr.DeficitNoMoves = base.medium
	cr.DeficitAfter = after.medium
	d.County = cr
	if in.Baseline != nil {
		d.Baseline = ev.baselineDiff(p)
	}
	return d
}

// extraValue takes out, one by one, the extra least useful moves of p (by
// the medium and soft change of cancelling each alone; pinned moves stay)
// and returns how much the deficits grow and the disruption it spares.
func (ev *Evaluator) extraValue(p Plan, extra int) (filled, soft float64) {
	st := ev.StateOf(p)
	type worth struct {
		t int
		v float64
	}
	var ws []worth
	for t, d := range p.Dest {
		if d == Stay || st.cand[t] < 0 || ev.isPinned(t) {
			continue
		}
		dl := st.Delta(t, -1)
		ws = append(ws, worth{t, ev.W.Medium*dl.Medium + dl.Soft})
	}
	slices.SortStableFunc(ws, func(a, b worth) int { return cmp.Compare(a.v, b.v) })
	for _, w := range ws[:min(extra, len(ws))] {
		dl := st.Move(w.t, -1)
		filled += dl.Medium
		soft -= dl.Soft
	}
	return filled, soft
}

// baselineDiff lists the teachers whose destination under p differs from
// the baseline's, with the reason.
func (ev *Evaluator) baselineDiff(p Plan) *BaselineDiff {
	in := ev.In
	bd := &BaselineDiff{File: in.Baseline.File, Rows: []BaselineChange{}}
	var st *State
	id := func(d int32) string {
		if d == Stay {
			return ""
		}
		return in.Schools[d].ID
	}
	for t := range p.Dest {
		d, b := p.Dest[t], ev.baseDest[t]
		if d == b {
			if d != Stay {
				bd.Kept++
			}
			continue
		}
		status := BaselineChanged
		switch {
		case b == Stay:
			status = BaselineNew
			bd.New++
		case d == Stay:
			status = BaselineDropped
			bd.Dropped++
		default:
			bd.Changed++
		}
		row := BaselineChange{TeacherID: in.Teachers[t].ID, Status: status, BaselineTo: id(b), PlanTo: id(d)}
		switch {
		case ev.isPinned(t):
			row.Why = "pinned: " + ev.pinDetail(t)
		case b != Stay && ev.candIndex(t, b) < 0:
			why := ev.Invalid(t, int(b))
			if why == "" {
				why = "not among the teacher's allowed destinations"
			}
			row.Why = "baseline destination no longer allowed: " + why
		default:
			if st == nil {
				st = ev.StateOf(p)
			}
			if st.cand[t] < 0 && d != Stay {
				row.Why = "the plan's move is not allowed: " + ev.Invalid(t, int(d))
				break
			}
			dl := st.Delta(t, int(ev.candIndex(t, b)))
			row.Revert = &dl.Total
			row.Why = "going back to the baseline would change the total by " + strconv.FormatFloat(dl.Total, 'f', 2, 64)
		}
		bd.Rows = append(bd.Rows, row)
	}
	return bd
}

// defensibleTerms are the report's terms of keep_compliance, the rotation
// cap and the baseline change; always listed, so that two reports list the
// same terms (Diff).
func (ev *Evaluator) defensibleTerms(p Plan, c *counts) []Term {
	in := ev.In
	w := ev.W
	var keepItems []TermItem
	for i := range ev.keep {
		if !ev.keepHolds(c.cnt, i, 0, 0) {
			pt := &ev.Parts[ev.keep[i].part]
			keepItems = append(keepItems, TermItem{SchoolID: in.Schools[pt.School].ID, Stage: pt.Stage.String(), Amount: 1,
				Detail: "complies without moves, not with the plan"})
		}
	}
	var capItems []TermItem
	ex := ev.rateExcess(c.moved)
	if ex > 0 {
		capItems = []TermItem{{Amount: float64(ex), Detail: fmt.Sprintf("moved %d > max_rotation_rate cap %d (%g of %d eligible)",
			c.moved, ev.rateCap, in.Policy.MaxRotationRate, len(ev.Eligible))}}
	}
	var chItems []TermItem
	n := 0.0
	if ev.baseDest != nil {
		for t, d := range p.Dest {
			if d != ev.baseDest[t] {
				n++
				chItems = append(chItems, TermItem{TeacherID: in.Teachers[t].ID, Amount: 1, Detail: ev.BaselineStatus(p, t)})
			}
		}
	}
	return []Term{
		{Level: "hard", Name: "keep_compliance", Amount: float64(c.keepLost), Weighted: w.Hard * float64(c.keepLost), Items: keepItems},
		{Level: "hard", Name: "rotation_cap", Amount: float64(ex), Weighted: w.Hard * float64(ex), Items: capItems},
		{Level: "soft", Name: "baseline_change", Amount: n, Weighted: c.change, Items: chItems},
	}
}
