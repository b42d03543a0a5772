package solver

import (
	"cmp"
	"math"
	"slices"
	"sort"

	"github.com/rotaplan/rotaplan/model"
)

// Counters of a school part: the three teacher indicators (I1-I3) and one
// FTE counter per subject. A teacher adds 1 to each counter it qualifies for
// at the part where it teaches.
const (
	numIndCounters = model.NumTeacherIndicators
	numCounters    = numIndCounters + model.NumSubjects
)

// subjectCounter is the counter index of a subject.
func subjectCounter(s model.Subject) int { return numIndCounters + int(s) }

// Part is one stage of one school (a nine-year school has two), the unit of
// the indicators, the CVs and the deficits.
type Part struct {
	School   int
	Stage    model.Stage
	Students int
	Classes  int
	// InScope: the part counts for indicators, compliance and CVs. Parts
	// without students and teaching points below scope_min_students do not.
	InScope bool
	// Facilities holds the fixed indicators I4-I7 (zero when out of scope).
	Facilities [model.NumIndicators - model.NumTeacherIndicators]float64
	// Need is the required count per counter: threshold·students/100 for I1-I3
	// (zero out of scope), FTE per subject from classes, periods and load.
	Need [numCounters]float64
}

// Candidate is one allowed destination of an eligible teacher.
type Candidate struct {
	School int32   // receiving school
	Km     float32 // road distance
	Cost   float64 // soft cost of the move (weights.move + per_km·km + …)
}

// Evaluator is the evaluation core of one instance: the single source of
// truth for eligibility, indicators, deficits and the objective. It is built
// once, holds only immutable precomputed indices and is safe to share
// between goroutines; a State carries a plan and its incremental counters.
type Evaluator struct {
	In *model.Instance
	W  model.Weights

	Parts  []Part
	partOf [][model.NumStages]int32 // school → stage → part index, -1 if none

	// Per teacher: the counters it adds to, the school it teaches at in the
	// planned year before the moves (PlannedAt), and its part there (-1 if
	// that school does not teach its stage).
	mask      []uint32
	start     []int32
	servePart []int32

	Exclusion []Exclusion // per teacher, why not eligible (Eligible if eligible)
	Detail    []string    // per teacher, detail of the exclusion
	Eligible  []int32     // the eligible pool E, in teacher order
	Required  int         // ⌈rotation_rate·|E|⌉

	// Candidates per teacher: the receivers a teacher may move to (empty for
	// teachers who cannot move), sorted by school index. Pinned moves are
	// present even when outside the policy limits.
	Cands [][]Candidate

	// Caps per school: outflow for sources, inflow for receivers; based on
	// the teachers at the school in the planned year before the moves.
	OutCap, InCap []int
	Serving       []int // teachers at each school in the planned year, before the moves (PlannedAt)

	// prio counts the justified complaints (nil when the priority mode is
	// off); enforce makes each one a hard unit.
	prio    *priority
	enforce bool

	// structShare is the county share of each structure measure per stage
	// (DOMAIN §8), in the planned year before the moves; see structure.go.
	structShare [numMeasures][model.NumStages]float64
	smask       []uint8 // per teacher: structure counters it adds to, with a structure weight above 0

	pinMove   []int32 // per teacher: pinned destination or -1
	pinStay   []bool
	forbidden map[uint64]bool // PairKey(teacher, school)
	pinned    []int32         // teachers with any pin, for scoring

	defensible // keep_compliance, the rotation cap, the baseline (defensible.go)
}

// NewEvaluator precomputes the parts, needs, eligibility, candidates and caps
// of an instance.
func NewEvaluator(in *model.Instance) *Evaluator {
	p := &in.Policy
	ev := &Evaluator{In: in, W: p.Weights}
	ns, nt := len(in.Schools), len(in.Teachers)

	ev.partOf = make([][model.NumStages]int32, ns)
	for si := range in.Schools {
		s := &in.Schools[si]
		for _, st := range model.Stages {
			ev.partOf[si][st] = -1
			if !s.Teaches(st) {
				continue
			}
			ev.partOf[si][st] = int32(len(ev.Parts))
			ev.Parts = append(ev.Parts, ev.newPart(si, st))
		}
	}

	ev.Serving = make([]int, ns)
	ev.mask = make([]uint32, nt)
	ev.start = make([]int32, nt)
	ev.servePart = make([]int32, nt)
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		at := PlannedAt(t)
		ev.Serving[at]++
		ev.mask[ti] = teacherMask(p, t)
		ev.start[ti] = int32(at)
		ev.servePart[ti] = ev.partOf[at][t.Stage]
	}
	ev.OutCap = make([]int, ns)
	ev.InCap = make([]int, ns)
	for si := range in.Schools {
		ev.OutCap[si] = p.OutflowCap(ev.Serving[si])
		ev.InCap[si] = p.InflowCap(ev.Serving[si])
	}

	ev.indexPins()
	ev.Exclusion = make([]Exclusion, nt)
	ev.Detail = make([]string, nt)
	for ti := range in.Teachers {
		ev.Exclusion[ti], ev.Detail[ti] = Eligibility(in, &in.Teachers[ti])
		if ev.Exclusion[ti] == Eligible {
			ev.Eligible = append(ev.Eligible, int32(ti))
		}
	}
	ev.Required = p.Required(len(ev.Eligible))
	ev.buildCandidates()
	if p.Priority != model.PriorityOff {
		ev.prio = newPriority(ev)
		ev.enforce = p.Priority == model.PriorityEnforce
	}
	ev.initStructure()
	ev.buildDefensible()
	return ev
}

// PlannedAt is the school where teacher t teaches in the planned year
// before the moves (DOMAIN §6): a Returning teacher is back at the post
// school; everyone else, on an ongoing stint too, stays where they serve
// now (Serving, the current standing).
func PlannedAt(t *model.Teacher) int {
	if t.Returning {
		return t.School
	}
	return t.Serving
}

func (ev *Evaluator) newPart(si int, st model.Stage) Part {
	in := ev.In
	p := &in.Policy
	s := &in.Schools[si]
	pt := Part{School: si, Stage: st, Students: s.Students[st], Classes: s.Classes[st]}
	pt.InScope = pt.Students > 0 && !(s.Type == model.TeachingPoint && s.TotalStudents() < p.ScopeMinStudents)
	if pt.InScope {
		for k := range numIndCounters {
			pt.Need[k] = p.Thresholds[st][k] * float64(pt.Students) / 100
		}
		share := s.FacilityShare(st)
		stud := float64(pt.Students)
		pt.Facilities = [4]float64{
			s.BuildingArea * share / stud,
			s.SportsArea * share / stud,
			s.EquipmentValue * share / stud,
			float64(s.MultimediaRooms) * share / stud * 100,
		}
	}
	for sub := range model.NumSubjects {
		pt.Need[numIndCounters+sub] = float64(pt.Classes) * p.Periods[st][sub] / p.TeachingLoad[st]
	}
	return pt
}

// teacherMask is the set of counters a teacher adds to.
func teacherMask(p *model.Policy, t *model.Teacher) uint32 {
	var m uint32
	if p.Qualifies(t, t.Stage) {
		m |= 1 << model.Qualified
	}
	if t.Backbone.IsBackbone() {
		m |= 1 << model.BackboneI
	}
	if t.Subject.IsPEArt() {
		m |= 1 << model.PEArt
	}
	m |= 1 << subjectCounter(t.Subject)
	return m
}

func (ev *Evaluator) indexPins() {
	nt := len(ev.In.Teachers)
	ev.pinMove = make([]int32, nt)
	for i := range ev.pinMove {
		ev.pinMove[i] = -1
	}
	ev.pinStay = make([]bool, nt)
	ev.forbidden = map[uint64]bool{}
	seen := map[int]bool{}
	for _, pin := range ev.In.Pins {
		switch pin.Action {
		case model.PinMove:
			ev.pinMove[pin.Teacher] = int32(pin.School)
		case model.PinStay:
			ev.pinStay[pin.Teacher] = true
		case model.PinForbid:
			ev.forbidden[model.PairKey(pin.Teacher, pin.School)] = true
		}
		if !seen[pin.Teacher] {
			seen[pin.Teacher] = true
			ev.pinned = append(ev.pinned, int32(pin.Teacher))
		}
	}
	sort.Slice(ev.pinned, func(i, j int) bool { return ev.pinned[i] < ev.pinned[j] })
}

// PartOf returns the part of a school for a stage, or -1.
func (ev *Evaluator) PartOf(school int, st model.Stage) int { return int(ev.partOf[school][st]) }

// MoveCost is the soft cost of moving teacher t to school r, and its km:
// the teacher's fixed cost of any move, the distance and the wish cost,
// less pair_bonus along a pair.
func (ev *Evaluator) MoveCost(t, r int) (cost, km float64) {
	km = ev.In.DistanceKm(ev.In.Teachers[t].School, r)
	if math.IsInf(km, 0) {
		km = 0 // no coordinates and no distance given: the loader warned
	}
	return ev.fixedCost(t) + ev.W.PerKm*km + ev.In.WishCost(t, r) - ev.pairBonus(ev.In.Teachers[t].School, r), km
}

// fixedCost is the part of the soft cost of teacher t's moves that does not
// depend on the destination (DOMAIN §4).
func (ev *Evaluator) fixedCost(t int) float64 {
	tc := &ev.In.Teachers[t]
	cost := ev.W.Move
	if !tc.Volunteer {
		cost += ev.W.NonVolunteer
	}
	if tc.GraduatingClass {
		cost += ev.W.GraduatingClass
	}
	return cost
}

// Invalid says why moving teacher t to school r breaks a structural rule, or
// "" when the move is allowed. Pinned moves skip the eligibility and
// distance rules: the planner decided them.
func (ev *Evaluator) Invalid(t, r int) string {
	in := ev.In
	tc := &in.Teachers[t]
	rs := &in.Schools[r]
	pinned := ev.pinMove[t] == int32(r)
	switch {
	case r == tc.School:
		return "destination is the teacher's own school"
	case !rs.IsReceiver():
		return "destination " + rs.ID + " is neither rural nor weak"
	case !rs.Teaches(tc.Stage):
		return "destination " + rs.ID + " does not teach " + tc.Stage.String()
	case tc.OnRotation() && !tc.Returning:
		return "teacher is already serving at " + in.Schools[tc.Serving].ID
	case tc.Returning || tc.OngoingStint:
		return "teacher is not eligible: " + ev.Exclusion[t].String()
	case pinned:
		return ""
	case ev.Exclusion[t] != Eligible:
		return "teacher is not eligible: " + ev.Exclusion[t].String()
	}
	if km := in.DistanceKm(tc.School, r); km > in.Policy.MaxDistanceKm {
		return "distance exceeds max_distance_km"
	}
	if !in.WithinScope(tc.School, r) {
		return scopeInvalid(in, tc.School, r)
	}
	return ""
}

func (ev *Evaluator) buildCandidates() {
	in := ev.In
	ev.Cands = make([][]Candidate, len(in.Teachers))
	var receivers [model.NumStages][]int32
	for si := range in.Schools {
		for _, st := range model.Stages {
			if in.Schools[si].IsReceiver() && in.Schools[si].Teaches(st) {
				receivers[st] = append(receivers[st], int32(si))
			}
		}
	}
	// Only the receivers near enough in latitude need measuring, when
	// distances come from coordinates (see latIndex).
	var byLat [model.NumStages]*latIndex
	for _, st := range model.Stages {
		byLat[st] = newLatIndex(in, receivers[st])
	}
	// The receivers within reach depend only on the post school and the
	// stage: compute them once per pair, then price them per teacher.
	type reach struct {
		school int32
		km     float64
	}
	reachable := map[[2]int][]reach{}
	var near []int32
	reachOf := func(home int, st model.Stage) []reach {
		key := [2]int{home, int(st)}
		if rs, ok := reachable[key]; ok {
			return rs
		}
		maybe, banded := receivers[st], false
		if li := byLat[st]; li != nil && in.Schools[home].HasCoords {
			near = li.within(near[:0], home, in.Policy.MaxDistanceKm)
			maybe, banded = near, true
		}
		var rs []reach
		for _, r := range maybe {
			if int(r) == home || !in.WithinScope(home, int(r)) {
				continue
			}
			if km := in.DistanceKm(home, int(r)); km <= in.Policy.MaxDistanceKm {
				rs = append(rs, reach{r, km})
			}
		}
		if banded { // in latitude order: back to school order
			slices.SortFunc(rs, func(a, b reach) int { return cmp.Compare(a.school, b.school) })
		}
		reachable[key] = rs
		return rs
	}
	for ti := range in.Teachers {
		if r := ev.pinMove[ti]; r >= 0 {
			if ev.Invalid(ti, int(r)) == "" {
				cost, km := ev.MoveCost(ti, int(r))
				ev.Cands[ti] = []Candidate{{School: r, Km: float32(km), Cost: cost}}
			}
			continue
		}
		if ev.Exclusion[ti] != Eligible || ev.pinStay[ti] {
			continue
		}
		t := &in.Teachers[ti]
		base := ev.fixedCost(ti)
		rs := reachOf(t.School, t.Stage)
		cs := make([]Candidate, 0, len(rs))
		for _, r := range rs {
			if len(ev.forbidden) > 0 && ev.forbidden[model.PairKey(ti, int(r.school))] {
				continue
			}
			cost := base + ev.W.PerKm*r.km + in.WishCost(ti, int(r.school)) - ev.pairBonus(t.School, int(r.school))
			cs = append(cs, Candidate{School: r.school, Km: float32(r.km), Cost: cost})
		}
		ev.Cands[ti] = cs
	}
}

// candIndex is the index of school r among teacher t's candidates (sorted
// by school), or -1 when r is not one of them or is Stay.
func (ev *Evaluator) candIndex(t int, r int32) int32 {
	if r == Stay {
		return -1
	}
	c, ok := slices.BinarySearchFunc(ev.Cands[t], r, func(a Candidate, r int32) int { return cmp.Compare(a.School, r) })
	if !ok {
		return -1
	}
	return int32(c)
}

// deficit is max(0, need − have).
func deficit(need float64, have int32) float64 {
	if d := need - float64(have); d > 0 {
		return d
	}
	return 0
}
