package solver

import (
	"cmp"
	"math/bits"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// Statuses of a teacher in an explanation and in the eligibility list.
const (
	StatusMoved       = "moved"              // the plan moves the teacher
	StatusNotMoved    = "eligible_not_moved" // eligible, kept home
	StatusNotEligible = "not_eligible"       // not in the pool (Exclusion says why)
)

// Explanation answers for one teacher of a plan: why (not) eligible, the
// points and rank, why this destination (the counters it fills), the best
// other choices with the exact change of the total each would make
// (State.Delta, equal to re-scoring the changed plan), who would take the
// slot, and who moved instead.
type Explanation struct {
	Teacher   int    `json:"-"`
	TeacherID string `json:"teacher_id"`
	SchoolID  string `json:"school_id"`
	Stage     string `json:"stage"`
	Subject   string `json:"subject"`
	Backbone  string `json:"backbone"`
	Status    string `json:"status"`

	Eligibility EligibilityEvidence `json:"eligibility"`
	// Points and ranks are given for eligible teachers: the county-wide
	// rank (1 rotates first) and the rank within the priority group (post
	// school, stage, subject) of GroupSize teachers.
	Points    *float64 `json:"points,omitempty"`
	Rank      int      `json:"rank,omitempty"`
	GroupRank int      `json:"group_rank,omitempty"`
	GroupSize int      `json:"group_size,omitempty"`

	// Destination of a moved teacher, its km, and the deficits the move fills.
	Destination string   `json:"to_school_id,omitempty"`
	Km          float64  `json:"km,omitempty"`
	Fills       []Reason `json:"fills"`
	// Invalid says why a hand-edited move breaks a rule ("" otherwise).
	Invalid string `json:"invalid,omitempty"`

	// Options: for a moved teacher the best three other destinations and
	// staying home; for an eligible teacher kept home the best three
	// destinations. Each with the exact change of the score.
	Options []Option `json:"options"`
	// Replacement is, for a moved teacher, the teacher kept home whose move
	// to the same school, with this teacher home, changes the total least.
	Replacement *Replacement `json:"replacement,omitempty"`
	// Instead lists, for an eligible teacher kept home, the moved teachers
	// of the same priority group.
	Instead []string `json:"moved_instead"`
}

// EligibilityEvidence is the rule and the dates behind a teacher's
// eligibility.
type EligibilityEvidence struct {
	Rule              string  `json:"rule"` // Exclusion code: eligible, too_few_years, …
	RuleZH            string  `json:"rule_zh"`
	Detail            string  `json:"detail,omitempty"`
	PlanDate          string  `json:"plan_date"`
	ServiceSince      string  `json:"service_since"` // continuous service at the post school counts from here
	YearsAtSchool     float64 `json:"years_at_school"`
	MinYears          float64 `json:"min_years_at_school"`
	Retirement        string  `json:"retirement"`
	YearsToRetirement float64 `json:"years_to_retirement"`
	ExcludeYears      float64 `json:"exclude_years_to_retirement"`
}

// Option is one choice for a teacher: a destination, or staying home
// (ToSchoolID ""), with the change of the score it would make.
type Option struct {
	ToSchoolID string    `json:"to_school_id"`
	Km         float64   `json:"km"`
	Change     ScoreJSON `json:"change"`
}

// Replacement is the teacher who would take a moved teacher's slot and the
// change of the score of the swap (the moved teacher home, this one there).
type Replacement struct {
	Teacher      int       `json:"-"`
	TeacherID    string    `json:"teacher_id"`
	FromSchoolID string    `json:"from_school_id"`
	Change       ScoreJSON `json:"change"`
}

// Explainer explains the teachers of one plan. It holds the plan's State
// and an index of who can reach each school, built once; each explanation
// costs a delta per option and per possible replacement, no re-solve. An
// Explainer belongs to one goroutine.
type Explainer struct {
	ev   *Evaluator
	plan Plan
	st   *State
	rank *model.Ranking

	// reach lists, per school, the (teacher, candidate) pairs that can move there.
	reachStart []int32
	reach      [][2]int32
	groupMoved map[int][]int32 // priority group → moved teachers in rank order
	scratch    []Option
}

// Explainer builds the explainer of plan p.
func (ev *Evaluator) Explainer(p Plan) *Explainer {
	in := ev.In
	x := &Explainer{ev: ev, plan: p.Clone(), st: ev.StateOf(p)}
	elig := make([]int, len(ev.Eligible))
	for i, t := range ev.Eligible {
		elig[i] = int(t)
	}
	x.rank = model.Rank(in, elig)
	ns := len(in.Schools)
	x.reachStart = make([]int32, ns+1)
	for _, cs := range ev.Cands {
		for _, cd := range cs {
			x.reachStart[cd.School+1]++
		}
	}
	prefix(x.reachStart)
	x.reach = make([][2]int32, x.reachStart[ns])
	fill := append([]int32(nil), x.reachStart[:ns]...)
	for t, cs := range ev.Cands {
		for c, cd := range cs {
			x.reach[fill[cd.School]] = [2]int32{int32(t), int32(c)}
			fill[cd.School]++
		}
	}
	x.groupMoved = map[int][]int32{}
	for _, t := range x.rank.Order {
		if g := x.rank.GroupOf[t]; g >= 0 && p.Dest[t] != Stay {
			x.groupMoved[g] = append(x.groupMoved[g], int32(t))
		}
	}
	return x
}

// Plan is the plan explained.
func (x *Explainer) Plan() Plan { return x.plan }

func scoreJSON(s Score) ScoreJSON {
	return ScoreJSON{Hard: s.Hard, Medium: s.Medium, Soft: s.Soft, Total: s.Total, Feasible: s.Hard <= 0}
}

// Explain explains teacher t.
func (x *Explainer) Explain(t int) Explanation {
	ev, in := x.ev, x.ev.In
	tc := &in.Teachers[t]
	pol := &in.Policy
	e := Explanation{
		Teacher: t, TeacherID: tc.ID, SchoolID: in.Schools[tc.School].ID, Stage: tc.Stage.String(),
		Subject: tc.Subject.String(), Backbone: tc.Backbone.String(), Fills: []Reason{}, Options: []Option{}, Instead: []string{},
	}
	since := max(tc.Joined, tc.ServiceSince)
	ret := pol.Retirement(tc)
	e.Eligibility = EligibilityEvidence{
		Rule: ev.Exclusion[t].String(), RuleZH: ev.Exclusion[t].ZH(), Detail: ev.Detail[t],
		PlanDate: pol.PlanDate.String(), ServiceSince: since.String(), YearsAtSchool: since.YearsUntil(pol.PlanDate),
		MinYears: pol.MinYearsAtSchool, Retirement: ret.String(), YearsToRetirement: pol.PlanDate.YearsUntil(ret),
		ExcludeYears: pol.ExcludeYearsToRetirement,
	}
	if r := x.rank.Ranks[t]; r > 0 {
		pts := x.rank.Terms[t].Total()
		e.Points, e.Rank = &pts, r
		g := x.rank.Groups[x.rank.GroupOf[t]]
		e.GroupRank, e.GroupSize = slices.Index(g.Teachers, t)+1, len(g.Teachers)
	}
	d := x.plan.Dest[t]
	switch {
	case d != Stay:
		e.Status = StatusMoved
	case ev.Exclusion[t] == Eligible:
		e.Status = StatusNotMoved
	default:
		e.Status = StatusNotEligible
	}
	if d != Stay {
		e.Destination = in.Schools[d].ID
		_, e.Km = ev.MoveCost(t, int(d))
		if why := ev.Invalid(t, int(d)); why != "" {
			e.Invalid = why
		} else {
			e.Fills = x.fills(t, d)
		}
	}
	cur := x.st.cand[t]
	if d != Stay && cur < 0 {
		return e // a move that is no candidate: nothing to price against
	}
	// Every other choice, priced by the state.
	opts := x.scratch[:0]
	for c, cd := range ev.Cands[t] {
		if int32(c) == cur {
			continue
		}
		opts = append(opts, Option{ToSchoolID: in.Schools[cd.School].ID, Km: float64(cd.Km), Change: scoreJSON(x.st.Delta(t, c))})
	}
	slices.SortStableFunc(opts, func(a, b Option) int { return cmp.Compare(a.Change.Total, b.Change.Total) })
	e.Options = append(e.Options, opts[:min(3, len(opts))]...)
	x.scratch = opts
	if cur >= 0 {
		e.Options = append(e.Options, Option{Change: scoreJSON(x.st.Delta(t, -1))})
		e.Replacement = x.replacement(t, cur)
	}
	if e.Status == StatusNotMoved {
		if g := x.rank.GroupOf[t]; g >= 0 {
			for _, u := range x.groupMoved[g] {
				e.Instead = append(e.Instead, in.Teachers[u].ID)
			}
		}
	}
	return e
}

// fills lists the deficits teacher t fills at school d under the plan:
// what the deficit there would be without it.
func (x *Explainer) fills(t int, d int32) []Reason {
	ev := x.ev
	out := []Reason{}
	pt := ev.partOf[d][ev.In.Teachers[t].Stage]
	need := &ev.Parts[pt].Need
	for mk := ev.mask[t]; mk != 0; mk &= mk - 1 {
		k := bits.TrailingZeros32(mk)
		h := x.st.c.cnt[int(pt)*numCounters+k]
		if f := deficit(need[k], h-1) - deficit(need[k], h); f > 0 {
			out = append(out, Reason{Counter: counterName(k), Filled: f})
		}
	}
	return out
}

// replacement finds the teacher kept home whose move to t's destination,
// with t home, changes the total least. It changes the state and restores it.
func (x *Explainer) replacement(t int, cur int32) *Replacement {
	ev, st := x.ev, x.st
	r := ev.Cands[t][cur].School
	saved := st.sc // the counters come back exactly; the running sum is restored
	home := st.Move(t, -1)
	var best *Replacement
	var bestTotal float64
	for _, uc := range x.reach[x.reachStart[r]:x.reachStart[r+1]] {
		u, c := int(uc[0]), int(uc[1])
		if u == t || st.dest[u] != Stay {
			continue
		}
		dl := st.Delta(u, c)
		if tot := home.Total + dl.Total; best == nil || tot < bestTotal {
			bestTotal = tot
			best = &Replacement{Teacher: u, TeacherID: ev.In.Teachers[u].ID, FromSchoolID: ev.In.Schools[ev.In.Teachers[u].School].ID,
				Change: scoreJSON(home.Add(dl))}
		}
	}
	st.Move(t, int(cur))
	st.sc = saved
	return best
}

// EligibilityRow is one teacher of a source school in the eligibility
// list (符合条件教师名单): moved, eligible and kept home, or not eligible
// with the rule and its detail.
type EligibilityRow struct {
	Teacher   int    `json:"-"`
	TeacherID string `json:"teacher_id"`
	SchoolID  string `json:"school_id"`
	Status    string `json:"status"`
	Rule      string `json:"rule"`
	Detail    string `json:"detail,omitempty"`
	To        string `json:"to_school_id,omitempty"`
}

// EligibilityList lists every teacher whose post school is a source
// school, in teacher order, with their status under plan p and the rule
// of Eligibility (the evaluator's own).
func EligibilityList(in *model.Instance, p Plan) []EligibilityRow {
	var rows []EligibilityRow
	for t := range in.Teachers {
		tc := &in.Teachers[t]
		if !in.Schools[tc.School].IsSource() {
			continue
		}
		ex, detail := Eligibility(in, tc)
		row := EligibilityRow{Teacher: t, TeacherID: tc.ID, SchoolID: in.Schools[tc.School].ID, Rule: ex.String(), Detail: detail}
		switch d := p.Dest[t]; {
		case d != Stay:
			row.Status, row.To = StatusMoved, in.Schools[d].ID
		case ex == Eligible:
			row.Status = StatusNotMoved
		default:
			row.Status = StatusNotEligible
		}
		rows = append(rows, row)
	}
	return rows
}
