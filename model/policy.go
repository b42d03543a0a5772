package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Weights turn the three score levels and the disruption of a move into the
// single objective total = Hard·hard + Medium·medium + soft, where soft sums
// Move + PerKm·km + NonVolunteer + GraduatingClass over the moves, plus the
// wish cost of the moves of teachers who listed wishes (see
// Instance.WishCost).
type Weights struct {
	Hard            float64 `toml:"hard"`             // per teacher of hard shortfall (default 100000)
	Medium          float64 `toml:"medium"`           // per teacher-equivalent of deficit (default 100)
	Move            float64 `toml:"move"`             // per move (default 10)
	PerKm           float64 `toml:"per_km"`           // per km of a move (default 1)
	NonVolunteer    float64 `toml:"non_volunteer"`    // per move of a non-volunteer (default 20)
	GraduatingClass float64 `toml:"graduating_class"` // per move of a graduating-class teacher (default 30)
	WishRank        float64 `toml:"wish_rank"`        // per rank below the first of a move to a wish: WishRank·(rank−1) (default 5)
	OutsideWishes   float64 `toml:"outside_wishes"`   // per move of a teacher with wishes to a school not among them (default 20)
	// The structure terms (DOMAIN §8), medium: per teacher-equivalent of a
	// part's shortfall below the county share of teachers titled first or
	// higher (TitleStructure) or under 35 (AgeStructure), so 1 weighs it
	// like an indicator deficit; 0 reports them only.
	TitleStructure float64 `toml:"title_structure"` // (default 0)
	AgeStructure   float64 `toml:"age_structure"`   // (default 0)
	// Change is paid per teacher whose destination differs from the
	// baseline plan (moved vs staying, or another school) when a plan is
	// made against one (plan --baseline); ignored without a baseline (default 50).
	Change float64 `toml:"change"`
}

// PointRules are the rotation priority points (积分) of policy.toml's
// [points] table: the published order in which eligible teachers rotate,
// higher points first (see Policy.PointTerms and Rank).
type PointRules struct {
	PerYear            float64                       // per_year: per year of continuous service at the post school (1)
	Volunteer          float64                       // volunteer: for a volunteer, 自愿交流 (20)
	Backbone           [NationalBackbone + 1]float64 // [points.backbone] by level: county 2, city 3, province 4, national 5; none is always 0
	NeedsRuralForTitle float64                       // needs_rural_for_title: for a first-title teacher short of a rural year (10)
	PerYearOverAge     float64                       // per_year_over_age: taken off per whole year of age above AgeThreshold (1)
	AgeThreshold       int                           // age_threshold: in whole years (50)
}

// PriorityMode says what the justified complaints of a plan (DOMAIN §6:
// inversions of the priority order, envy between interchangeable
// teachers) do: nothing, appear in the report, or count as hard units.
type PriorityMode uint8

// Priority modes of policy.toml's [priority] mode.
const (
	PriorityOff     PriorityMode = iota // off: not counted
	PriorityReport                      // report: counted and listed, not in the objective (the default)
	PriorityEnforce                     // enforce: each complaint is a hard unit
)

var priorityModeNames = enumNames{
	codes: []string{"off", "report", "enforce"},
	zh:    []string{"关闭", "报告", "强制"},
	alias: map[string]int{"不计": 0, "仅报告": 1, "列出": 1, "硬约束": 2},
}

func (m PriorityMode) String() string { return priorityModeNames.code(int(m)) }

// ZH returns the Chinese word of the mode.
func (m PriorityMode) ZH() string { return priorityModeNames.chinese(int(m)) }

// ParsePriorityMode accepts off/report/enforce or 关闭/报告/强制.
func ParsePriorityMode(v string) (PriorityMode, error) {
	i, err := priorityModeNames.parse(v)
	return PriorityMode(i), err
}

// Policy is the county's local rotation rule set (policy.toml). Every field
// has the default of DefaultPolicy; a missing key keeps it.
type Policy struct {
	// PlanDate is the first month of the school year the plan is for; years at
	// school and years to retirement are measured to it.
	PlanDate Month

	RotationRate     float64 // share of eligible teachers to rotate (0.10)
	BackboneShare    float64 // share of backbone teachers among those moved (0.20)
	MinYearsAtSchool float64 // years at the post school before eligibility (6)
	RetirementAge    [2]int  // by Gender when FixedRetirementAge: male 60, female 55
	// FixedRetirementAge keeps RetirementAge for everyone, as a policy.toml
	// with a [retirement_age] table asks; false (the default) uses the
	// statutory age of the 2025 gradual reform by birth month (see
	// StatutoryRetirement).
	FixedRetirementAge       bool
	ExcludeYearsToRetirement float64 // teachers this close to retirement are excluded (5)
	IncludePrincipals        bool    // principals count as eligible (false)
	MaxDistanceKm            float64 // longest allowed move (50)
	MaxOutflowShare          float64 // of a source school's teachers (0.20)
	MaxInflowShare           float64 // of a receiving school's teachers (0.30)
	MinInflowCap             int     // inflow cap never below this (2)
	RoadFactor               float64 // road km per great-circle km without distances.csv (1.3)
	ScopeMinStudents         int     // teaching points below this are out of indicator scope (50)
	StintYears               int     // length of a rotation stint in years (3)

	// School structures and principals (DOMAIN §8): how far teachers may
	// rotate, the soft cost taken off a move along a pair of pairs.csv,
	// and the tenure after which a principal is due for the exchange.
	MoveScope         MoveScope // move_scope (county)
	PairBonus         float64   // pair_bonus (0)
	PrincipalMaxYears float64   // principal_max_years (6)
	// KeepCompliance makes every in-scope part that complies in the planned
	// year without moves and no longer complies with the plan a hard unit
	// (true). MaxRotationRate bounds the moves: each move above
	// ⌈MaxRotationRate·eligible⌉ is a hard unit; 0 means no bound (0).
	KeepCompliance  bool
	MaxRotationRate float64

	// Qualification is the lowest education counted as "above the required
	// qualification" per stage: primary 专科, junior 本科.
	Qualification [NumStages]Education

	// Thresholds per stage and indicator (§2 table) and the CV limit per stage.
	Thresholds [NumStages][NumIndicators]float64
	CVLimit    [NumStages]float64

	// Periods is the weekly periods per class per subject and stage;
	// TeachingLoad the weekly periods one full-time teacher teaches. Their
	// ratio turns class counts into the FTE need per subject.
	Periods      [NumStages][NumSubjects]float64
	TeachingLoad [NumStages]float64

	Weights Weights

	// Points are the rotation priority points (积分) and Priority what the
	// complaints against that priority do.
	Points   PointRules
	Priority PriorityMode

	// Documents are the texts the approval form (报批表) and the public
	// notice (公示名单) print.
	Documents Documents
}

// Documents are the texts of the approval form and the public notice; an
// empty text is left out of the document (or, for StintText and Kind,
// written from the stint length and the default kind).
type Documents struct {
	CountyName       string // county_name: the county or district, 县(区), as in the title: "顺林县"
	IssuingUnit      string // issuing_unit: 发文单位, e.g. "顺林县教育局"
	StintText        string // stint_text: 交流期限; empty means "<stint_years>年"
	Kind             string // rotation_kind: 交流方式 (default 交流轮岗)
	NoticeDays       int    // notice_days: working days of the public notice, 公示期 (default 5)
	ObjectionContact string // objection_contact: where objections go, 异议受理 (address, phone)
}

// maxDocumentText is the longest document text policy.toml may set, in
// characters: a title or an address, not a letter.
const maxDocumentText = 200

// DefaultPolicy returns the national defaults with the plan date given.
func DefaultPolicy(planDate Month) Policy {
	p := Policy{
		PlanDate:                 planDate,
		RotationRate:             0.10,
		BackboneShare:            0.20,
		MinYearsAtSchool:         6,
		RetirementAge:            [2]int{60, 55},
		ExcludeYearsToRetirement: 5,
		MaxDistanceKm:            50,
		MaxOutflowShare:          0.20,
		MaxInflowShare:           0.30,
		MinInflowCap:             2,
		RoadFactor:               1.3,
		ScopeMinStudents:         50,
		StintYears:               3,
		PrincipalMaxYears:        6,
		KeepCompliance:           true,
		Qualification:            [NumStages]Education{College, Bachelor},
		Thresholds: [NumStages][NumIndicators]float64{
			{4.2, 1.0, 0.9, 4.5, 7.5, 2000, 2.3},
			{5.3, 1.0, 0.9, 5.8, 10.2, 2500, 2.4},
		},
		CVLimit:      [NumStages]float64{0.50, 0.45},
		TeachingLoad: [NumStages]float64{15, 13},
		Weights: Weights{Hard: 100000, Medium: 100, Move: 10, PerKm: 1, NonVolunteer: 20, GraduatingClass: 30,
			WishRank: 5, OutsideWishes: 20, Change: 50},
		Points: PointRules{PerYear: 1, Volunteer: 20, Backbone: [NationalBackbone + 1]float64{0, 2, 3, 4, 5},
			NeedsRuralForTitle: 10, PerYearOverAge: 1, AgeThreshold: 50},
		Priority:  PriorityReport,
		Documents: Documents{Kind: "交流轮岗", NoticeDays: 5},
	}
	// Weekly periods per class averaged over the grades of the stage, from the
	// 2022 compulsory curriculum plan (《义务教育课程方案（2022年版）》).
	p.Periods[Primary] = subjectTable(map[Subject]float64{
		Morality: 2, Chinese: 6.8, Math: 4.3, English: 1.7, Science: 1.7, IT: 0.7,
		PE: 3.3, Music: 2, Art: 2, Labor: 2, Psychology: 0.3,
	})
	p.Periods[Junior] = subjectTable(map[Subject]float64{
		Morality: 2, Chinese: 5, Math: 5, English: 4, History: 2, Geography: 1.3, Physics: 1.7,
		Chemistry: 1, Biology: 1.3, IT: 1, PE: 3, Music: 1, Art: 1, Labor: 2, Psychology: 0.3,
	})
	return p
}

func subjectTable(m map[Subject]float64) [NumSubjects]float64 {
	var t [NumSubjects]float64
	for s, v := range m {
		t[s] = v
	}
	return t
}

// DefaultPlanDate is the first September on or after today, the start of the
// school year a planner usually prepares. Datasets that must reproduce set
// plan_date in policy.toml.
func DefaultPlanDate(now time.Time) Month {
	y := now.Year()
	if now.Month() > time.September {
		y++
	}
	return MonthOf(y, 9)
}

// Retirement is the month in which a teacher reaches retirement age: the
// fixed age of policy.toml, or else the statutory one.
func (p *Policy) Retirement(t *Teacher) Month {
	if p.FixedRetirementAge {
		return t.Birth + Month(12*p.RetirementAge[t.Gender])
	}
	return StatutoryRetirement(t.Birth, t.Gender)
}

// StatutoryRetirement is the month in which someone born in birth reaches
// the statutory retirement age of the 2025 gradual reform
// (全国人大常委会《关于实施渐进式延迟法定退休年龄的决定》, in force
// 2025-01-01): men 60 years plus ⌈m/4⌉ months, m the months of birth after
// 1964-12, at most 36 (63 from births in 1976-09 on); women 55 years plus
// ⌈m/4⌉ months, m the months of birth after 1969-12, at most 36 (58).
func StatutoryRetirement(birth Month, g Gender) Month {
	base, from := 60, MonthOf(1964, 12)
	if g == Female {
		base, from = 55, MonthOf(1969, 12)
	}
	delay := 0
	if m := int(birth - from); m > 0 {
		delay = min(36, (m+3)/4)
	}
	return birth + Month(12*base+delay)
}

// Qualifies reports whether the teacher counts for indicator I1 in the stage.
func (p *Policy) Qualifies(t *Teacher, st Stage) bool { return t.Education >= p.Qualification[st] }

// OutflowCap is the most teachers a source school with n teachers may send.
func (p *Policy) OutflowCap(n int) int { return ceilInt(p.MaxOutflowShare * float64(n)) }

// InflowCap is the most teachers a receiving school with n teachers may take.
func (p *Policy) InflowCap(n int) int {
	return max(p.MinInflowCap, ceilInt(p.MaxInflowShare*float64(n)))
}

// Required is the rotation quota ⌈rate·eligible⌉.
func (p *Policy) Required(eligible int) int { return ceilInt(p.RotationRate * float64(eligible)) }

// RotationCap is the most moves max_rotation_rate allows,
// ⌈max_rotation_rate·eligible⌉, and false when there is no bound (rate 0).
func (p *Policy) RotationCap(eligible int) (int, bool) {
	if p.MaxRotationRate <= 0 {
		return 0, false
	}
	return ceilInt(p.MaxRotationRate * float64(eligible)), true
}

// BackboneRequired is ⌈share·moved⌉, the backbone teachers needed among moved.
func (p *Policy) BackboneRequired(moved int) int { return ceilInt(p.BackboneShare * float64(moved)) }

// ceilInt rounds up, tolerating floating-point noise such as 0.1·30 = 3.0000000000000004.
func ceilInt(x float64) int { return int(math.Ceil(x - 1e-9)) }

// Upper bounds of policy values: far above any local rule, and low enough
// that the objective of a county of a million teachers stays finite.
const (
	maxWeight    = 1e9 // any weight of [weights]
	maxThreshold = 1e6 // any indicator threshold (I6 is yuan per student)
	maxPoints    = 1e3 // any term of [points]
)

// Validate checks every value against its range and returns one message per
// bad key, named as in policy.toml. NaN and infinities are out of every
// range. A Warning marks a value that is allowed but probably unmeant.
func (p *Policy) Validate() []KeyProblem {
	var out []KeyProblem
	bad := func(key string, v any, want string) {
		out = append(out, KeyProblem{Key: key, Value: fmt.Sprint(v), Message: want})
	}
	between := func(key string, v float64, lo, hi float64) {
		if !(v >= lo && v <= hi) {
			bad(key, v, rangeMessage(v, lo, hi, "want a number from %s to %s"))
		}
	}
	count := func(key string, v int) {
		if v < 0 || v > maxCount {
			bad(key, v, rangeMessage(float64(v), 0, maxCount, "want an integer from %s to %s"))
		}
	}
	between("rotation_rate", p.RotationRate, 0, 1)
	between("backbone_share", p.BackboneShare, 0, 1)
	between("max_rotation_rate", p.MaxRotationRate, 0, 1)
	if p.MaxRotationRate > 0 && p.MaxRotationRate < p.RotationRate {
		out = append(out, KeyProblem{Key: "max_rotation_rate", Value: fmt.Sprint(p.MaxRotationRate), Warning: true,
			Message: fmt.Sprintf("max_rotation_rate %g is below rotation_rate %g: the quota cannot be met without exceeding the bound", p.MaxRotationRate, p.RotationRate)})
	}
	between("min_years_at_school", p.MinYearsAtSchool, 0, 60)
	between("exclude_years_to_retirement", p.ExcludeYearsToRetirement, 0, 40)
	between("max_distance_km", p.MaxDistanceKm, 0, maxKm)
	between("max_outflow_share", p.MaxOutflowShare, 0, 1)
	between("max_inflow_share", p.MaxInflowShare, 0, 1)
	between("road_factor", p.RoadFactor, 1, 5)
	count("min_inflow_cap", p.MinInflowCap)
	count("scope_min_students", p.ScopeMinStudents)
	if p.StintYears < 1 || p.StintYears > 10 {
		bad("stint_years", p.StintYears, "want an integer from 1 to 10")
	}
	p.validateStructures(bad)
	d := p.Documents
	for _, t := range []struct{ key, v string }{{"county_name", d.CountyName}, {"issuing_unit", d.IssuingUnit},
		{"stint_text", d.StintText}, {"rotation_kind", d.Kind}, {"objection_contact", d.ObjectionContact}} {
		if n := utf8.RuneCountInString(t.v); n > maxDocumentText {
			bad(t.key, t.v, fmt.Sprintf("too long: %d characters, want at most %d", n, maxDocumentText))
		} else if strings.IndexFunc(t.v, unicode.IsControl) >= 0 {
			bad(t.key, t.v, "want one line of text, without tabs or control characters")
		}
	}
	if d.NoticeDays < 0 || d.NoticeDays > 60 {
		bad("notice_days", d.NoticeDays, "want working days from 0 to 60")
	}
	for g, key := range []string{"retirement_age.male", "retirement_age.female"} {
		if a := p.RetirementAge[g]; a < 40 || a > 75 {
			bad(key, a, "want an age from 40 to 75")
		}
	}
	for _, st := range Stages {
		for i := range NumIndicators {
			if v := p.Thresholds[st][i]; !(v > 0 && v <= maxThreshold) {
				bad("thresholds."+st.String()+"."+Indicator(i).String(), v,
					rangeMessage(v, 0, maxThreshold, "want a number > %s and ≤ %s"))
			}
		}
		between("cv_limit."+st.String(), p.CVLimit[st], 0.01, 10)
		if v := p.TeachingLoad[st]; !(v >= 1 && v <= 40) {
			bad("teaching_load."+st.String(), v, rangeMessage(v, 1, 40, "want weekly periods from %s to %s"))
		}
		for s := range NumSubjects {
			if v := p.Periods[st][s]; !(v >= 0 && v <= 20) {
				bad("periods."+st.String()+"."+Subject(s).String(), v, rangeMessage(v, 0, 20, "want weekly periods per class from %s to %s"))
			}
		}
	}
	pt := p.Points
	points := []struct {
		key string
		v   float64
	}{{"points.per_year", pt.PerYear}, {"points.volunteer", pt.Volunteer}, {"points.needs_rural_for_title", pt.NeedsRuralForTitle},
		{"points.per_year_over_age", pt.PerYearOverAge}}
	for b := CountyBackbone; b <= NationalBackbone; b++ {
		points = append(points, struct {
			key string
			v   float64
		}{"points.backbone." + b.String(), pt.Backbone[b]})
	}
	for _, kv := range points {
		between(kv.key, kv.v, 0, maxPoints)
	}
	if pt.Backbone[NotBackbone] != 0 {
		bad("points.backbone.none", pt.Backbone[NotBackbone], "want 0: a teacher who is no backbone teacher gets no backbone points")
	}
	if pt.AgeThreshold < 18 || pt.AgeThreshold > 75 {
		bad("points.age_threshold", pt.AgeThreshold, "want an age from 18 to 75")
	}
	if p.Priority > PriorityEnforce {
		bad("priority.mode", p.Priority, "want one of "+priorityModeNames.expected())
	}
	w := p.Weights
	weights := []struct {
		key string
		v   float64
	}{{"weights.hard", w.Hard}, {"weights.medium", w.Medium}, {"weights.move", w.Move},
		{"weights.per_km", w.PerKm}, {"weights.non_volunteer", w.NonVolunteer}, {"weights.graduating_class", w.GraduatingClass},
		{"weights.wish_rank", w.WishRank}, {"weights.outside_wishes", w.OutsideWishes}, {"weights.change", w.Change}}
	valid, zero := true, true
	for _, kv := range weights {
		if !(kv.v >= 0 && kv.v <= maxWeight) {
			bad(kv.key, kv.v, rangeMessage(kv.v, 0, maxWeight, "want a number from %s to %s"))
			valid = false
		}
		// The wish weights count only for teachers who listed wishes: they
		// alone do not tell plans apart.
		if kv.key != "weights.wish_rank" && kv.key != "weights.outside_wishes" && kv.key != "weights.change" {
			zero = zero && kv.v == 0
		}
	}
	switch {
	case valid && zero:
		bad("weights", "0", "every weight is 0 (wish_rank, outside_wishes and change aside, which count only for teachers with wishes or against a baseline plan), so every plan scores 0 and none is better than another; want at least one weight > 0")
	case valid && w.Hard == 0:
		out = append(out, KeyProblem{Key: "weights.hard", Value: "0", Warning: true,
			Message: "hard is 0: the quota, the caps and the pins no longer count in the objective"})
	}
	return out
}

// rangeMessage is want, formatted with lo and hi, for a value out of range;
// a value above hi or not a number is named as such first.
func rangeMessage(v, lo, hi float64, want string) string {
	msg := fmt.Sprintf(want, plainBound(lo), plainBound(hi))
	switch {
	case math.IsNaN(v):
		return "not a number: " + msg
	case v > hi:
		return "too large: " + msg
	}
	return msg
}

// plainBound writes a bound without an exponent: 1000000000, not 1e+09.
func plainBound(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// KeyProblem is a bad policy value, named by its dotted policy.toml key.
type KeyProblem struct {
	Key, Value, Message string
	Warning             bool // allowed but probably unmeant; else an error
}
