package solver

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// Report explains a plan: the quota figures, every school part's indicators
// and compliance before and after, the CV of every indicator per stage, the
// moves with their reasons, and the score broken down by named constraint.
// Its JSON keys are stable (see README).
type Report struct {
	Score      ScoreJSON     `json:"score"`
	Quota      Quota         `json:"quota"`
	Compliance []Compliance  `json:"compliance"`
	CV         []CVRow       `json:"cv"`
	Parts      []PartReport  `json:"parts"`
	Terms      []Term        `json:"terms"`
	Moves      []MoveReport  `json:"moves"`
	Invalid    []InvalidMove `json:"invalid_moves"`

	// The teachers' side (DOMAIN §6): who comes back from a stint, and the
	// justified complaints of the plan under the priority mode (off:
	// none listed; report: listed, not in the total; enforce: hard units).
	PriorityMode string             `json:"priority_mode"`
	Returning    []ReturningTeacher `json:"returning"`
	Inversions   []Complaint        `json:"inversions"`
	Envy         []Complaint        `json:"envy"`

	// School structures and principals (DOMAIN §8): the title and age
	// structure per stage, compliance and CVs per district and per group
	// (none without them), and the principal exchange.
	Structure  []StructureRow     `json:"structure"`
	Districts  []UnitReport       `json:"districts,omitempty"`
	Groups     []UnitReport       `json:"groups,omitempty"`
	Principals *PrincipalExchange `json:"principals"`
	// Defense answers the bureau's questions (DOMAIN §7, defensible.go).
	Defense Defense `json:"defense"`
}

// ReturningTeacher is a teacher back from a stint in the planned year: counted at
// the stint school in the current standing, at the post school after.
type ReturningTeacher struct {
	TeacherID string `json:"teacher_id"`
	Stage     string `json:"stage"`
	Subject   string `json:"subject"`
	From      string `json:"from_school_id"` // the school of the ending stint
	To        string `json:"school_id"`      // the post school
}

// ScoreJSON is a Score with its weights, as reported.
type ScoreJSON struct {
	Hard     int     `json:"hard"`
	Medium   float64 `json:"medium"`
	Soft     float64 `json:"soft"`
	Total    float64 `json:"total"`
	Feasible bool    `json:"feasible"`
}

// Quota are the rotation quota figures of a plan.
type Quota struct {
	Eligible         int `json:"eligible"`
	Required         int `json:"required"`
	Moved            int `json:"moved"`
	BackboneMoved    int `json:"backbone_moved"`
	BackboneRequired int `json:"backbone_required"`
}

// Compliance counts the in-scope parts of a stage that comply.
type Compliance struct {
	Stage  string `json:"stage"`
	Parts  int    `json:"parts"`
	Before int    `json:"compliant_before"`
	After  int    `json:"compliant_after"`
}

// CVRow is the weighted CV of one indicator over the in-scope parts of one
// stage. Before and After are nil where the CV is undefined (zero mean).
type CVRow struct {
	Stage     string   `json:"stage"`
	Indicator string   `json:"indicator"`
	Limit     float64  `json:"limit"`
	Before    *float64 `json:"before"`
	After     *float64 `json:"after"`
}

// PartReport is one school part before and after the plan.
type PartReport struct {
	SchoolID        string           `json:"school_id"`
	Name            string           `json:"name"`
	Stage           string           `json:"stage"`
	Students        int              `json:"students"`
	InScope         bool             `json:"in_scope"`
	TeachersBefore  int              `json:"teachers_before"`
	TeachersAfter   int              `json:"teachers_after"`
	Indicators      []IndicatorValue `json:"indicators"`
	CompliantBefore bool             `json:"compliant_before"`
	CompliantAfter  bool             `json:"compliant_after"`
}

// IndicatorValue is one indicator of a part against its threshold.
type IndicatorValue struct {
	Indicator string  `json:"indicator"`
	Threshold float64 `json:"threshold"`
	Before    float64 `json:"before"`
	After     float64 `json:"after"`
}

// Term is one named constraint of the score: its amount in its own unit
// (teachers, teacher-equivalents, km or moves), its weighted contribution to
// the total, and the schools and teachers behind it.
type Term struct {
	Level    string     `json:"level"` // hard, medium or soft
	Name     string     `json:"name"`
	Amount   float64    `json:"amount"`
	Weighted float64    `json:"weighted"`
	Items    []TermItem `json:"items,omitempty"`
}

// TermItem is one school, part or teacher contributing to a term.
type TermItem struct {
	SchoolID  string  `json:"school_id,omitempty"`
	Stage     string  `json:"stage,omitempty"`
	Subject   string  `json:"subject,omitempty"`
	TeacherID string  `json:"teacher_id,omitempty"`
	Amount    float64 `json:"amount"`
	Detail    string  `json:"detail,omitempty"`
}

// MoveReport is one move of the plan with the reasons for it.
type MoveReport struct {
	Teacher  int     `json:"-"`
	ID       string  `json:"teacher_id"`
	Stage    string  `json:"stage"`
	Subject  string  `json:"subject"`
	Backbone string  `json:"backbone"`
	From     string  `json:"from_school_id"`
	To       string  `json:"to_school_id"`
	Km       float64 `json:"km"`
	Cost     float64 `json:"cost"`
	// Wishes is how many wishes the teacher listed; WishRank the rank of
	// the destination among them, 0 when it is none of them.
	Wishes   int      `json:"wishes"`
	WishRank int      `json:"wish_rank"`
	Reasons  []Reason `json:"reasons"`
	// Baseline is the move's status against a baseline plan: kept,
	// changed, new or pinned; empty without a baseline.
	Baseline string `json:"baseline,omitempty"`
}

// Reason is one deficit a move fills at its destination: the counter
// (qualified, backbone, pe_art or subject:<code>) and the teacher-equivalents
// it fills. A move that fills none is there for the quota (counter "quota").
type Reason struct {
	Counter string  `json:"counter"`
	Filled  float64 `json:"filled"`
}

// InvalidMove is a move of a hand-edited plan that breaks a structural rule;
// it is left out of the counters and counts one hard unit.
type InvalidMove struct {
	TeacherID string `json:"teacher_id"`
	ToID      string `json:"to_school_id"`
	Why       string `json:"why"`
}

// counterName is the stable key of a counter.
func counterName(k int) string {
	if k < numIndCounters {
		return model.Indicator(k).String()
	}
	return "subject:" + model.Subject(k-numIndCounters).String()
}

// Report explains plan p, counted in the planned year (returns applied,
// then the moves), against the current standing ("before": every teacher
// where they serve now, DOMAIN §6).
func (ev *Evaluator) Report(p Plan) *Report {
	in := ev.In
	pol := &in.Policy
	before := ev.standing()
	after := ev.tally(p)
	inv, envy := ev.Complaints(p)
	if ev.enforce {
		after.complaints = len(inv) + len(envy)
	}
	h := ev.hard(&after)
	r := &Report{
		Score: ScoreJSON{Hard: h, Medium: after.medium, Soft: after.soft, Total: ev.total(h, after.medium, after.soft), Feasible: h == 0},
		Quota: Quota{
			Eligible: len(ev.Eligible), Required: ev.Required, Moved: after.moved,
			BackboneMoved: after.bb, BackboneRequired: pol.BackboneRequired(after.moved),
		},
		Moves:        []MoveReport{},
		Invalid:      []InvalidMove{},
		PriorityMode: pol.Priority.String(),
		Returning:    []ReturningTeacher{},
		Inversions:   []Complaint{},
		Envy:         []Complaint{},
	}
	for t := range in.Teachers {
		if tc := &in.Teachers[t]; tc.Returning {
			r.Returning = append(r.Returning, ReturningTeacher{
				TeacherID: tc.ID, Stage: tc.Stage.String(), Subject: tc.Subject.String(),
				From: returnFrom(in, t), To: in.Schools[tc.School].ID,
			})
		}
	}
	r.Inversions = append(r.Inversions, inv...)
	r.Envy = append(r.Envy, envy...)
	teachersBefore := ev.partTeachers(Plan{}, false)
	teachersAfter := ev.partTeachers(p, true)

	// Parts, compliance and CVs.
	comp := make([]Compliance, model.NumStages)
	for _, st := range model.Stages {
		comp[st].Stage = st.String()
	}
	var vals [model.NumStages][model.NumIndicators][2][]float64
	var weights [model.NumStages][]float64
	for pi := range ev.Parts {
		pt := &ev.Parts[pi]
		s := &in.Schools[pt.School]
		pr := PartReport{
			SchoolID: s.ID, Name: s.Name, Stage: pt.Stage.String(), Students: pt.Students, InScope: pt.InScope,
			TeachersBefore: teachersBefore[pi], TeachersAfter: teachersAfter[pi],
		}
		var v [2][model.NumIndicators]float64
		for i := range model.NumIndicators {
			v[0][i] = ev.indicator(pi, model.Indicator(i), &before)
			v[1][i] = ev.indicator(pi, model.Indicator(i), &after)
			pr.Indicators = append(pr.Indicators, IndicatorValue{
				Indicator: model.Indicator(i).String(), Threshold: pol.Thresholds[pt.Stage][i], Before: v[0][i], After: v[1][i],
			})
		}
		if pt.InScope {
			pr.CompliantBefore = Complies(pol.Thresholds[pt.Stage], v[0])
			pr.CompliantAfter = Complies(pol.Thresholds[pt.Stage], v[1])
			c := &comp[pt.Stage]
			c.Parts++
			c.Before += b2i(pr.CompliantBefore)
			c.After += b2i(pr.CompliantAfter)
			weights[pt.Stage] = append(weights[pt.Stage], float64(pt.Students))
			for i := range model.NumIndicators {
				vals[pt.Stage][i][0] = append(vals[pt.Stage][i][0], v[0][i])
				vals[pt.Stage][i][1] = append(vals[pt.Stage][i][1], v[1][i])
			}
		}
		r.Parts = append(r.Parts, pr)
	}
	r.Compliance = comp
	for _, st := range model.Stages {
		for i := range model.NumIndicators {
			row := CVRow{Stage: st.String(), Indicator: model.Indicator(i).String(), Limit: pol.CVLimit[st]}
			if cv, ok := WeightedCV(vals[st][i][0], weights[st]); ok {
				row.Before = &cv
			}
			if cv, ok := WeightedCV(vals[st][i][1], weights[st]); ok {
				row.After = &cv
			}
			r.CV = append(r.CV, row)
		}
	}

	r.Moves, r.Invalid = ev.moves(p, &after)
	r.Terms = ev.terms(p, &after, r)
	ev.reportStructures(r, p)
	r.Terms = append(r.Terms, ev.defensibleTerms(p, &after)...)
	for i := range r.Moves {
		r.Moves[i].Baseline = ev.BaselineStatus(p, r.Moves[i].Teacher)
	}
	r.Defense = ev.defense(p, &after, r)
	return r
}

// partTeachers counts the teachers teaching at each part: in the planned
// year under plan p, or in the current standing (p is then ignored).
func (ev *Evaluator) partTeachers(p Plan, planned bool) []int {
	n := make([]int, len(ev.Parts))
	for t := range ev.In.Teachers {
		loc := ev.In.Teachers[t].Serving
		if planned {
			loc = int(ev.start[t])
			if d := p.Dest[t]; d != Stay && ev.Invalid(t, int(d)) == "" {
				loc = int(d)
			}
		}
		if pt := ev.partOf[loc][ev.In.Teachers[t].Stage]; pt >= 0 {
			n[pt]++
		}
	}
	return n
}

// indicator is the value of indicator i at part pi under the counters c;
// zero for parts without students.
func (ev *Evaluator) indicator(pi int, i model.Indicator, c *counts) float64 {
	pt := &ev.Parts[pi]
	if pt.Students == 0 {
		return 0
	}
	if int(i) < model.NumTeacherIndicators {
		return float64(c.cnt[pi*numCounters+int(i)]) * 100 / float64(pt.Students)
	}
	if !pt.InScope {
		s := &ev.In.Schools[pt.School]
		share := s.FacilityShare(pt.Stage) / float64(pt.Students)
		switch i {
		case model.Building:
			return s.BuildingArea * share
		case model.Sports:
			return s.SportsArea * share
		case model.Equipment:
			return s.EquipmentValue * share
		default:
			return float64(s.MultimediaRooms) * share * 100
		}
	}
	return pt.Facilities[int(i)-model.NumTeacherIndicators]
}

// Complies applies the official rule to a part's seven indicator values: at
// least six meet their threshold and the others reach 85% of it.
func Complies(thr [model.NumIndicators]float64, v [model.NumIndicators]float64) bool {
	met := 0
	for i := range v {
		if v[i] >= thr[i]-1e-9 {
			met++
		} else if v[i] < 0.85*thr[i]-1e-9 {
			return false
		}
	}
	return met >= model.NumIndicators-1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// moves lists the valid moves of p with their reasons, and the invalid ones.
func (ev *Evaluator) moves(p Plan, c *counts) ([]MoveReport, []InvalidMove) {
	in := ev.In
	moves := []MoveReport{}
	invalid := []InvalidMove{}
	for t, d := range p.Dest {
		if d == Stay {
			continue
		}
		tc := &in.Teachers[t]
		if why := ev.Invalid(t, int(d)); why != "" {
			invalid = append(invalid, InvalidMove{TeacherID: tc.ID, ToID: in.Schools[d].ID, Why: why})
			continue
		}
		cost, km := ev.MoveCost(t, int(d))
		m := MoveReport{
			Teacher: t, ID: tc.ID, Stage: tc.Stage.String(), Subject: tc.Subject.String(), Backbone: tc.Backbone.String(),
			From: in.Schools[tc.School].ID, To: in.Schools[d].ID, Km: km, Cost: cost, Reasons: []Reason{},
			Wishes: len(in.WishesOf(t)), WishRank: in.WishRank(t, int(d)),
		}
		pt := ev.partOf[d][tc.Stage]
		need := &ev.Parts[pt].Need
		for mk := ev.mask[t]; mk != 0; mk &= mk - 1 {
			k := bits.TrailingZeros32(mk)
			// What this teacher fills: the deficit there would be without it.
			if f := deficit(need[k], c.cnt[int(pt)*numCounters+k]-1) - deficit(need[k], c.cnt[int(pt)*numCounters+k]); f > 0 {
				m.Reasons = append(m.Reasons, Reason{Counter: counterName(k), Filled: f})
			}
		}
		if len(m.Reasons) == 0 {
			m.Reasons = append(m.Reasons, Reason{Counter: "quota", Filled: 0})
		}
		moves = append(moves, m)
	}
	return moves, invalid
}

// terms breaks the score of p down by named constraint.
func (ev *Evaluator) terms(p Plan, c *counts, r *Report) []Term {
	in := ev.In
	w := ev.W
	var terms []Term
	hard := func(name string, amount int, items []TermItem) {
		terms = append(terms, Term{Level: "hard", Name: name, Amount: float64(amount), Weighted: w.Hard * float64(amount), Items: items})
	}
	// A shortfall is explained by the pool that could have filled it: the
	// eligible teachers with at least one allowed destination.
	movable, movableBB := 0, 0
	for _, t := range ev.Eligible {
		if len(ev.Cands[t]) > 0 {
			movable++
			if in.Teachers[t].Backbone.IsBackbone() {
				movableBB++
			}
		}
	}
	var qItems, bItems []TermItem
	if qs := ev.quotaShort(c.moved); qs > 0 {
		qItems = []TermItem{{Amount: float64(qs), Detail: fmt.Sprintf(
			"moved %d of %d required; %d of %d eligible teachers have a receiver within max_distance_km that teaches their stage",
			c.moved, ev.Required, movable, len(ev.Eligible))}}
	}
	hard("quota_shortfall", ev.quotaShort(c.moved), qItems)
	if bs := ev.backboneShort(c.moved, c.bb); bs > 0 {
		bItems = []TermItem{{Amount: float64(bs), Detail: fmt.Sprintf(
			"%d backbone moved of %d required; %d eligible backbone teachers can move",
			c.bb, ev.In.Policy.BackboneRequired(c.moved), movableBB)}}
	}
	hard("backbone_shortfall", ev.backboneShort(c.moved, c.bb), bItems)
	var outItems, inItems []TermItem
	outAmt, inAmt := 0, 0
	for s := range in.Schools {
		if e := excess(c.out[s], ev.OutCap[s]); e > 0 {
			outAmt += e
			outItems = append(outItems, TermItem{SchoolID: in.Schools[s].ID, Amount: float64(e), Detail: capDetail(int(c.out[s]), ev.OutCap[s])})
		}
		if e := excess(c.in[s], ev.InCap[s]); e > 0 {
			inAmt += e
			inItems = append(inItems, TermItem{SchoolID: in.Schools[s].ID, Amount: float64(e), Detail: capDetail(int(c.in[s]), ev.InCap[s])})
		}
	}
	hard("outflow_cap", outAmt, outItems)
	hard("inflow_cap", inAmt, inItems)
	var pinItems []TermItem
	for _, t := range ev.pinned {
		if v := ev.pinViolations(int(t), p.Dest[t]); v > 0 {
			pinItems = append(pinItems, TermItem{TeacherID: in.Teachers[t].ID, Amount: float64(v), Detail: ev.pinDetail(int(t))})
		}
	}
	hard("pin_violated", c.pinViolated, pinItems)
	var invItems []TermItem
	for _, m := range r.Invalid {
		invItems = append(invItems, TermItem{TeacherID: m.TeacherID, SchoolID: m.ToID, Amount: 1, Detail: m.Why})
	}
	hard("invalid_move", c.invalid, invItems)
	if ev.enforce {
		hard("priority_inversion", len(r.Inversions), complaintItems(r.Inversions))
		hard("priority_envy", len(r.Envy), complaintItems(r.Envy))
	}

	// Medium: deficits per counter kind, with the parts behind them.
	kinds := []struct {
		name   string
		lo, hi int
	}{
		{"deficit_qualified", int(model.Qualified), int(model.Qualified) + 1},
		{"deficit_backbone", int(model.BackboneI), int(model.BackboneI) + 1},
		{"deficit_pe_art", int(model.PEArt), int(model.PEArt) + 1},
		{"subject_gap", numIndCounters, numCounters},
	}
	for _, kd := range kinds {
		var amt float64
		var items []TermItem
		for pi := range ev.Parts {
			pt := &ev.Parts[pi]
			for k := kd.lo; k < kd.hi; k++ {
				d := deficit(pt.Need[k], c.cnt[pi*numCounters+k])
				if d <= 0 {
					continue
				}
				amt += d
				it := TermItem{SchoolID: in.Schools[pt.School].ID, Stage: pt.Stage.String(), Amount: d}
				if k >= numIndCounters {
					it.Subject = model.Subject(k - numIndCounters).String()
				}
				items = append(items, it)
			}
		}
		slices.SortStableFunc(items, func(a, b TermItem) int { return cmp.Compare(b.Amount, a.Amount) })
		terms = append(terms, Term{Level: "medium", Name: kd.name, Amount: amt, Weighted: w.Medium * amt, Items: items})
	}

	// Soft: the disruption of each move, by component.
	var nMoves, km, nonVol, grad, wishRank, outside float64
	var wishItems, outsideItems []TermItem
	for _, m := range r.Moves {
		tc := &in.Teachers[m.Teacher]
		nMoves++
		km += m.Km
		if !tc.Volunteer {
			nonVol++
		}
		if tc.GraduatingClass {
			grad++
		}
		switch {
		case m.Wishes == 0:
		case m.WishRank == 0:
			outside++
			outsideItems = append(outsideItems, TermItem{TeacherID: m.ID, SchoolID: m.To, Amount: 1})
		case m.WishRank > 1:
			wishRank += float64(m.WishRank - 1)
			wishItems = append(wishItems, TermItem{TeacherID: m.ID, SchoolID: m.To, Amount: float64(m.WishRank - 1)})
		}
	}
	soft := func(name string, amount, weight float64, items []TermItem) {
		terms = append(terms, Term{Level: "soft", Name: name, Amount: amount, Weighted: weight * amount, Items: items})
	}
	soft("moves", nMoves, w.Move, nil)
	soft("distance_km", km, w.PerKm, nil)
	soft("non_volunteer", nonVol, w.NonVolunteer, nil)
	soft("graduating_class", grad, w.GraduatingClass, nil)
	soft("wish_rank", wishRank, w.WishRank, wishItems)
	soft("outside_wishes", outside, w.OutsideWishes, outsideItems)
	terms = append(terms, ev.structureTerms(c)...)
	return append(terms, ev.pairTerm(r.Moves)...)
}

// complaintItems are the term items of complaints: the complaining
// teacher, the one complained about and both their points.
func complaintItems(cs []Complaint) []TermItem {
	items := make([]TermItem, 0, len(cs))
	for _, c := range cs {
		items = append(items, TermItem{TeacherID: c.TeacherID, SchoolID: c.SchoolID, Amount: 1, Detail: c.Detail()})
	}
	return items
}

func capDetail(n, limit int) string {
	return itoa(n) + " > cap " + itoa(limit)
}

func (ev *Evaluator) pinDetail(t int) string {
	in := ev.In
	switch {
	case ev.pinMove[t] >= 0:
		return "pinned to move to " + in.Schools[ev.pinMove[t]].ID
	case ev.pinStay[t]:
		return "pinned to stay"
	}
	return "moved to a forbidden school"
}

// returnFrom is the code of the school returning teacher t comes back
// from: that of its ending stint, as history.csv gives it when the school
// has left schools.csv, else where it serves now.
func returnFrom(in *model.Instance, t int) string {
	tc := &in.Teachers[t]
	if tc.ReturnFrom != model.NoSchool {
		return in.Schools[tc.ReturnFrom].ID
	}
	id, end := "", model.Month(0)
	for _, s := range in.StintsOf(t) {
		if s.EndsWithinYear(in.Policy.PlanDate) && (id == "" || s.End > end) {
			id, end = s.SchoolID, s.End
		}
	}
	if id == "" {
		return in.Schools[tc.Serving].ID
	}
	return id
}
