package solver

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/rotaplan/rotaplan/model"
)

// pairBonus is the soft cost pair_bonus takes off a move from school s to
// school r along a pair of pairs.csv (DOMAIN §8), 0 off a pair. MoveCost
// and the candidates' costs subtract it, so Score, Delta, the search and
// the MIP export all see the same cost; a move's soft cost may fall below
// zero when pair_bonus exceeds it, which makes the pair worth a move of
// its own.
func (ev *Evaluator) pairBonus(s, r int) float64 {
	if ev.In.Policy.PairBonus == 0 || !ev.In.Paired(s, r) {
		return 0
	}
	return ev.In.Policy.PairBonus
}

// scopeInvalid says why move_scope forbids a move from school s to r.
func scopeInvalid(in *model.Instance, s, r int) string {
	sc := in.Policy.MoveScope
	to := sc.Unit(&in.Schools[r])
	if to == "" {
		to = "none"
	}
	return fmt.Sprintf("destination %s is outside the %s %s of %s (move_scope = %s; its %s: %s)",
		in.Schools[r].ID, sc, sc.Unit(&in.Schools[s]), in.Schools[s].ID, sc, sc, to)
}

// Structure measures of a part's teachers (DOMAIN §8, the Yunnan seed's
// 职称、年龄结构): the share titled first (一级) or higher, and the share
// under StructureYoungAge.
const (
	MeasureTitle = "title_first_or_higher"
	MeasureYoung = "under_35"
	// StructureYoungAge is the age, in whole years at the plan date, below
	// which a teacher counts as young.
	StructureYoungAge = 35
)

// StructureRow is one structure measure of one stage: the county share
// over the in-scope parts' teachers, the student-weighted CV of the parts'
// shares, and the shortfall, Σ over the in-scope parts of
// max(0, county share · teachers − count) in teacher-equivalents, before
// (the current standing) and after (the planned year with the plan). The
// shortfall after is the one the objective weighs with title_structure
// and age_structure, its county share the planned year's before the moves.
type StructureRow struct {
	Stage           string   `json:"stage"`
	Measure         string   `json:"measure"`
	ShareBefore     float64  `json:"county_share_before"`
	ShareAfter      float64  `json:"county_share_after"`
	CVBefore        *float64 `json:"cv_before"`
	CVAfter         *float64 `json:"cv_after"`
	ShortfallBefore float64  `json:"shortfall_before"`
	ShortfallAfter  float64  `json:"shortfall_after"`
}

// UnitReport is the compliance and the CVs of the in-scope parts of one
// district (学区) or education group (教育集团), before and after.
type UnitReport struct {
	Name       string       `json:"name"`
	Schools    int          `json:"schools"`
	Sources    int          `json:"sources"`
	Receivers  int          `json:"receivers"`
	Compliance []Compliance `json:"compliance"`
	CV         []CVRow      `json:"cv"`
}

// structureCounts counts, per part, the teachers and those of each
// structure measure, in the current standing or the planned year under p.
func (ev *Evaluator) structureCounts(p Plan, planned bool) (teachers []int, counts [2][]int) {
	in := ev.In
	teachers = make([]int, len(ev.Parts))
	counts[0], counts[1] = make([]int, len(ev.Parts)), make([]int, len(ev.Parts))
	for t := range in.Teachers {
		tc := &in.Teachers[t]
		loc := tc.Serving
		if planned {
			loc = int(ev.start[t])
			if t < len(p.Dest) && p.Dest[t] != Stay && ev.Invalid(t, int(p.Dest[t])) == "" {
				loc = int(p.Dest[t])
			}
		}
		pt := ev.partOf[loc][tc.Stage]
		if pt < 0 {
			continue
		}
		teachers[pt]++
		if tc.Title >= model.First {
			counts[0][pt]++
		}
		if tc.AgeAt(in.Policy.PlanDate) < StructureYoungAge {
			counts[1][pt]++
		}
	}
	return teachers, counts
}

// structureRows computes the rows of every stage and measure.
func (ev *Evaluator) structureRows(p Plan) []StructureRow {
	var rows []StructureRow
	type side struct {
		teachers []int
		counts   [2][]int
	}
	var sides [2]side
	sides[0].teachers, sides[0].counts = ev.structureCounts(p, false)
	sides[1].teachers, sides[1].counts = ev.structureCounts(p, true)
	for _, st := range model.Stages {
		for m, name := range []string{MeasureTitle, MeasureYoung} {
			row := StructureRow{Stage: st.String(), Measure: name}
			for k, sd := range sides {
				var n, c float64
				var x, w []float64
				for pi := range ev.Parts {
					pt := &ev.Parts[pi]
					if pt.Stage != st || !pt.InScope {
						continue
					}
					n += float64(sd.teachers[pi])
					c += float64(sd.counts[m][pi])
					share := 0.0
					if sd.teachers[pi] > 0 {
						share = float64(sd.counts[m][pi]) / float64(sd.teachers[pi])
					}
					x, w = append(x, share), append(w, float64(pt.Students))
				}
				if n == 0 {
					continue
				}
				county := c / n
				if k == 1 {
					// The planned year's share before the moves, which the
					// objective's terms use.
					county = ev.structShare[m][st]
				}
				var short float64
				for pi := range ev.Parts {
					pt := &ev.Parts[pi]
					if pt.Stage == st && pt.InScope {
						short += max(0, county*float64(sd.teachers[pi])-float64(sd.counts[m][pi]))
					}
				}
				cv, ok := WeightedCV(x, w)
				if k == 0 {
					row.ShareBefore, row.ShortfallBefore = county, short
					if ok {
						row.CVBefore = &cv
					}
				} else {
					row.ShareAfter, row.ShortfallAfter = county, short
					if ok {
						row.CVAfter = &cv
					}
				}
			}
			rows = append(rows, row)
		}
	}
	return rows
}

// unitReports groups the parts of r by the district or the group of their
// school (unit gives it; schools of none are left out) and gives each unit
// its compliance and CVs, in the order of the units' names.
func (ev *Evaluator) unitReports(r *Report, unit func(*model.School) string) []UnitReport {
	in := ev.In
	index := map[string]int{}
	var out []UnitReport
	type acc struct {
		vals    [model.NumStages][model.NumIndicators][2][]float64
		weights [model.NumStages][]float64
	}
	var accs []*acc
	get := func(name string) int {
		u, ok := index[name]
		if !ok {
			u = len(out)
			index[name] = u
			ur := UnitReport{Name: name, Compliance: make([]Compliance, model.NumStages)}
			for _, st := range model.Stages {
				ur.Compliance[st].Stage = st.String()
			}
			out = append(out, ur)
			accs = append(accs, &acc{})
		}
		return u
	}
	for s := range in.Schools {
		sc := &in.Schools[s]
		if name := unit(sc); name != "" {
			u := get(name)
			out[u].Schools++
			if sc.IsSource() {
				out[u].Sources++
			} else {
				out[u].Receivers++
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	for pi := range r.Parts {
		pr := &r.Parts[pi]
		pt := &ev.Parts[pi]
		name := unit(&in.Schools[pt.School])
		if name == "" || !pr.InScope {
			continue
		}
		u := index[name]
		c := &out[u].Compliance[pt.Stage]
		c.Parts++
		c.Before += b2i(pr.CompliantBefore)
		c.After += b2i(pr.CompliantAfter)
		a := accs[u]
		a.weights[pt.Stage] = append(a.weights[pt.Stage], float64(pt.Students))
		for i, v := range pr.Indicators {
			a.vals[pt.Stage][i][0] = append(a.vals[pt.Stage][i][0], v.Before)
			a.vals[pt.Stage][i][1] = append(a.vals[pt.Stage][i][1], v.After)
		}
	}
	for u := range out {
		a := accs[u]
		for _, st := range model.Stages {
			if len(a.weights[st]) == 0 {
				continue
			}
			for i := range model.NumIndicators {
				row := CVRow{Stage: st.String(), Indicator: model.Indicator(i).String(), Limit: in.Policy.CVLimit[st]}
				if cv, ok := WeightedCV(a.vals[st][i][0], a.weights[st]); ok {
					row.Before = &cv
				}
				if cv, ok := WeightedCV(a.vals[st][i][1], a.weights[st]); ok {
					row.After = &cv
				}
				out[u].CV = append(out[u].CV, row)
			}
		}
		if out[u].CV == nil {
			out[u].CV = []CVRow{}
		}
	}
	slices.SortStableFunc(out, func(a, b UnitReport) int { return cmp.Compare(a.Name, b.Name) })
	return out
}

// reportStructures adds to r the structure rows, the districts and groups
// and the principal exchange of plan p.
func (ev *Evaluator) reportStructures(r *Report, p Plan) {
	r.Structure = ev.structureRows(p)
	r.Districts = ev.unitReports(r, func(s *model.School) string { return s.District })
	r.Groups = ev.unitReports(r, func(s *model.School) string { return s.Group })
	r.Principals = ev.PrincipalExchange(p)
}

// pairTerm is the soft term of the moves along a pair: their number, at
// −pair_bonus each; nil when pair_bonus is 0.
func (ev *Evaluator) pairTerm(moves []MoveReport) []Term {
	b := ev.In.Policy.PairBonus
	if b == 0 {
		return nil
	}
	var n float64
	var items []TermItem
	for _, m := range moves {
		if ev.pairBonus(ev.In.Teachers[m.Teacher].School, ev.schoolOf(m.To)) > 0 {
			n++
			items = append(items, TermItem{TeacherID: m.ID, SchoolID: m.To, Amount: 1, Detail: "paired with " + m.From})
		}
	}
	return []Term{{Level: "soft", Name: "pair_bonus", Amount: n, Weighted: -b * n, Items: items}}
}

// schoolOf is the index of the school with the ID, or −1.
func (ev *Evaluator) schoolOf(id string) int {
	if s, ok := ev.In.SchoolByID(id); ok {
		return s
	}
	return -1
}

// The structure terms of the objective (DOMAIN §8): with weights
// title_structure and age_structure above 0, every in-scope part adds
// weight · max(0, s · n − c) teacher-equivalents to the medium level, n its
// teachers, c those of the measure, s the county share of the measure in
// the stage in the planned year before the moves (fixed: a move between
// in-scope parts leaves it unchanged). Three counters per part, apart from
// the indicator and subject counters (counts.st), carry n and the two c;
// they are kept only while a weight is above 0, so the default objective
// and its speed are as before.
const (
	numMeasures       = 2 // title, young
	numStructCounters = 3
	structAll         = 0 // every teacher
	structTitle       = 1 // titled first or higher; structTitle+m is measure m
	structYoung       = 2 // under StructureYoungAge
)

// measureNames are the measures by index, as the report names them.
var measureNames = [numMeasures]string{MeasureTitle, MeasureYoung}

// structMask is the set of structure counters a teacher adds to.
func structMask(p *model.Policy, t *model.Teacher) uint8 {
	w := p.Weights
	if !(w.TitleStructure > 0) && !(w.AgeStructure > 0) {
		return 0
	}
	m := uint8(1) << structAll
	if w.TitleStructure > 0 && t.Title >= model.First {
		m |= 1 << structTitle
	}
	if w.AgeStructure > 0 && t.AgeAt(p.PlanDate) < StructureYoungAge {
		m |= 1 << structYoung
	}
	return m
}

// structWeight is the weight of measure m.
func (ev *Evaluator) structWeight(m int) float64 {
	if m == 0 {
		return ev.W.TitleStructure
	}
	return ev.W.AgeStructure
}

// structOn reports whether any structure term is in the objective.
func (ev *Evaluator) structOn() bool { return ev.W.TitleStructure > 0 || ev.W.AgeStructure > 0 }

// initStructure fixes the county shares of the structure measures and,
// with a weight above 0, the teachers' structure counters.
func (ev *Evaluator) initStructure() {
	if ev.structOn() {
		ev.smask = make([]uint8, len(ev.In.Teachers))
		for t := range ev.In.Teachers {
			ev.smask[t] = structMask(&ev.In.Policy, &ev.In.Teachers[t])
		}
	}
	teachers, counts := ev.structureCounts(NewPlan(len(ev.In.Teachers)), true)
	for _, st := range model.Stages {
		var n float64
		var c [numMeasures]float64
		for pi := range ev.Parts {
			if pt := &ev.Parts[pi]; pt.Stage == st && pt.InScope {
				n += float64(teachers[pi])
				for m := range numMeasures {
					c[m] += float64(counts[m][pi])
				}
			}
		}
		for m := range numMeasures {
			if n > 0 {
				ev.structShare[m][st] = c[m] / n
			}
		}
	}
}

// structShort is the shortfall of part pi in measure m with n teachers, c
// of them of the measure.
func (ev *Evaluator) structShort(pi, m int, n, c int32) float64 {
	return max(0, ev.structShare[m][ev.Parts[pi].Stage]*float64(n)-float64(c))
}

// structTally counts the structure counters of plan p in the planned
// year: every teacher at PlannedAt, then the valid moves.
func (ev *Evaluator) structTally(p Plan) []int32 {
	st := make([]int32, len(ev.Parts)*numStructCounters)
	for t := range ev.In.Teachers {
		loc := int(ev.start[t])
		if r := p.Dest[t]; r != Stay && ev.Invalid(t, int(r)) == "" {
			loc = int(r)
		}
		ev.structMove(st, t, -1, ev.partOf[loc][ev.In.Teachers[t].Stage], 1)
	}
	return st
}

// structMove moves teacher t's structure counters from part from to part
// to (either −1 for none), sign times.
func (ev *Evaluator) structMove(st []int32, t int, from, to int32, sign int32) {
	m := ev.smask[t]
	for k := range numStructCounters {
		if m&(1<<k) == 0 {
			continue
		}
		if from >= 0 {
			st[int(from)*numStructCounters+k] -= sign
		}
		if to >= 0 {
			st[int(to)*numStructCounters+k] += sign
		}
	}
}

// structureMedium is the weighted structure shortfall of the counters cnt.
func (ev *Evaluator) structureMedium(cnt []int32) float64 {
	if !ev.structOn() {
		return 0
	}
	var sum float64
	for m := range numMeasures {
		w := ev.structWeight(m)
		if !(w > 0) {
			continue
		}
		for pi := range ev.Parts {
			if ev.Parts[pi].InScope {
				b := pi * numStructCounters
				sum += w * ev.structShort(pi, m, cnt[b+structAll], cnt[b+structTitle+m])
			}
		}
	}
	return sum
}

// structureDelta is the change of structureMedium when teacher t leaves
// part from for part to, under the counters cnt.
func (ev *Evaluator) structureDelta(cnt []int32, t int, from, to int32) float64 {
	if !ev.structOn() {
		return 0
	}
	var d float64
	mask := ev.smask[t]
	for m := range numMeasures {
		w := ev.structWeight(m)
		if !(w > 0) {
			continue
		}
		var in int32
		if mask&(1<<(structTitle+m)) != 0 {
			in = 1
		}
		for _, x := range [2]struct {
			p    int32
			sign int32
		}{{from, -1}, {to, 1}} {
			if x.p < 0 || !ev.Parts[x.p].InScope {
				continue
			}
			pi := int(x.p)
			b := pi * numStructCounters
			n, c := cnt[b+structAll], cnt[b+structTitle+m]
			d += w * (ev.structShort(pi, m, n+x.sign, c+x.sign*in) - ev.structShort(pi, m, n, c))
		}
	}
	return d
}

// structureTerms are the medium terms title_structure and age_structure of
// the counters c, with the parts behind them; none while the weights are 0.
func (ev *Evaluator) structureTerms(c *counts) []Term {
	var terms []Term
	for m := range numMeasures {
		w := ev.structWeight(m)
		if !(w > 0) {
			continue
		}
		var amt float64
		var items []TermItem
		for pi := range ev.Parts {
			if !ev.Parts[pi].InScope {
				continue
			}
			b := pi * numStructCounters
			if s := ev.structShort(pi, m, c.st[b+structAll], c.st[b+structTitle+m]); s > 0 {
				amt += s
				items = append(items, TermItem{SchoolID: ev.In.Schools[ev.Parts[pi].School].ID, Stage: ev.Parts[pi].Stage.String(), Amount: s})
			}
		}
		slices.SortStableFunc(items, func(a, b TermItem) int { return cmp.Compare(b.Amount, a.Amount) })
		name := "title_structure"
		if m == 1 {
			name = "age_structure"
		}
		terms = append(terms, Term{Level: "medium", Name: name, Amount: amt, Weighted: ev.W.Medium * w * amt, Items: items})
	}
	return terms
}
