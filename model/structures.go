package model

import (
	"fmt"
	"strings"
)

// MoveScope is how far a teacher may rotate (policy.toml move_scope): in
// the whole county, within the school district (学区/片区) of the post
// school, or within its education group (教育集团).
type MoveScope uint8

// Move scopes.
const (
	ScopeCounty   MoveScope = iota // county: any receiving school (the default)
	ScopeDistrict                  // district: a receiving school of the same district
	ScopeGroup                     // group: a receiving school of the same education group
)

var moveScopeNames = enumNames{
	codes: []string{"county", "district", "group"},
	zh:    []string{"全县", "学区", "集团"},
	alias: map[string]int{"县域": 0, "全县域": 0, "片区": 1, "学区内": 1, "片区内": 1, "教育集团": 2, "集团内": 2},
}

func (s MoveScope) String() string { return moveScopeNames.code(int(s)) }

// ZH returns the Chinese word of the scope.
func (s MoveScope) ZH() string { return moveScopeNames.chinese(int(s)) }

// ParseMoveScope accepts county/district/group or 全县/学区/集团.
func ParseMoveScope(v string) (MoveScope, error) {
	i, err := moveScopeNames.parse(v)
	return MoveScope(i), err
}

// Unit is the structure a school belongs to under the scope: its district
// or its group, "" for the county scope or a school that belongs to none.
func (s MoveScope) Unit(sc *School) string {
	switch s {
	case ScopeDistrict:
		return sc.District
	case ScopeGroup:
		return sc.Group
	}
	return ""
}

// WithinScope reports whether move_scope lets a teacher (or a principal)
// of school from go to school to. Under the district (group) scope a
// school that belongs to a district (group) sends only to schools of the
// same one; a school that belongs to none is not held by the scope and
// sends anywhere in the county, as under the county scope, so that a
// partial list of districts or groups never leaves a school without
// destinations.
func (in *Instance) WithinScope(from, to int) bool {
	sc := in.Policy.MoveScope
	u := sc.Unit(&in.Schools[from])
	return u == "" || u == sc.Unit(&in.Schools[to])
}

// Pair is one row of pairs.csv (结对.csv): a source school paired with a
// receiving school it supports (对口帮扶). The schools are kept by their
// codes, like the stints and wishes (see Instance).
type Pair struct {
	SourceID, ReceiverID string
	Line                 int // line in pairs.csv, for messages; 0 when built in code
}

// PairColumns are the columns of pairs.csv (结对.csv).
var PairColumns = []Column{
	{Key: "source_school_id", ZH: "帮扶学校代码", Required: true, Aliases: []string{"输出学校代码", "优质学校代码", "派出学校代码", "帮扶学校", "source", "source_id"}},
	{Key: "receiver_school_id", ZH: "受援学校代码", Required: true, Aliases: []string{"接收学校代码", "薄弱学校代码", "结对学校代码", "受援学校", "receiver", "receiver_id"}},
}

// Fields of pairs.csv: indices into PairColumns.
const (
	prSource = iota
	prReceiver
)

var (
	pairColumnSet = newColumnSet(PairColumns)
	pairsNames    = []string{"pairs", "结对", "结对帮扶", "对口帮扶"}
)

// Paired reports whether source school s and receiving school r are a pair
// of pairs.csv.
func (in *Instance) Paired(s, r int) bool { return in.paired[PairKey(s, r)] }

// indexPairs resolves Pairs into the pair lookup, skipping rows whose
// schools are gone.
func (in *Instance) indexPairs() {
	in.paired = nil
	if len(in.Pairs) == 0 {
		return
	}
	in.paired = make(map[uint64]bool, len(in.Pairs))
	for _, p := range in.Pairs {
		s, ok1 := in.schoolIndex[p.SourceID]
		r, ok2 := in.schoolIndex[p.ReceiverID]
		if ok1 && ok2 {
			in.paired[PairKey(s, r)] = true
		}
	}
}

// loadPairs parses pairs.csv into l.in.Pairs. A pair names a source school
// (neither rural nor weak) and a receiving school (rural or weak) of
// schools.csv; a pair listed twice is a warning.
func (l *loader) loadPairs(t *Table) {
	m, probs := mapHeader(t, pairColumnSet, true)
	l.probs = append(l.probs, probs...)
	if len(probs.Errors()) > 0 {
		return
	}
	r := newRowCursor(t, pairColumnSet, m, &l.probs)
	first := make(map[uint64]int, t.Len())
	l.in.Pairs = make([]Pair, 0, t.Len())
	for i := range t.Len() {
		r.at(i)
		s, sOK := l.rowSchool(r, prSource)
		v, vOK := l.rowSchool(r, prReceiver)
		if sOK && vOK && s == v {
			sc := &l.in.Schools[s]
			r.errorf(prReceiver, "school %s %s is paired with itself: a pair names a source school and another, receiving school", sc.ID, sc.Name)
			continue
		}
		if sOK && !l.untyped[s] && !l.in.Schools[s].IsSource() {
			sc := &l.in.Schools[s]
			r.errorf(prSource, "school %s %s is not a source school: it is %s, and only schools neither rural nor weak send teachers", sc.ID, sc.Name, receiverWord(sc))
			sOK = false
		}
		if vOK && !l.in.Schools[v].IsReceiver() {
			sc := &l.in.Schools[v]
			r.errorf(prReceiver, "school %s %s cannot receive teachers: it is neither rural nor weak (urban_rural, weak), and only rural or weak schools receive teachers", sc.ID, sc.Name)
			vOK = false
		}
		if !sOK || !vOK {
			continue
		}
		key := PairKey(s, v)
		if line, dup := first[key]; dup {
			r.report(Warning, prReceiver, r.get(prReceiver), "pair %s → %s listed twice, first on line %d", l.in.Schools[s].ID, l.in.Schools[v].ID, line)
			continue
		}
		first[key] = r.line
		l.in.Pairs = append(l.in.Pairs, Pair{SourceID: l.in.Schools[s].ID, ReceiverID: l.in.Schools[v].ID, Line: r.line})
	}
}

// receiverWord says why a school is a receiver: rural, weak or both.
func receiverWord(s *School) string {
	switch {
	case s.Weak && s.Locale == Rural:
		return "rural and weak"
	case s.Weak:
		return "weak"
	}
	return "rural"
}

// principalSince reads principal_since (任现职年月) of the teacher row r
// is at: a date not before the teacher turned 18, given for a principal.
// For a teacher who is not a principal it is ignored with a warning; a
// date after the plan date is a warning too (tenure 0).
func (l *loader) principalSince(r *rowCursor, tc *Teacher, months *enumCache[Month]) {
	v := r.get(tcPrincipalSince)
	if v == "" {
		return
	}
	m, err := months.get(v)
	if err == nil && tc.Principal {
		r.octoberCut(tcPrincipalSince, v, m)
	}
	switch {
	case err != nil:
		r.fail(tcPrincipalSince, err)
	case !tc.Principal:
		r.report(Warning, tcPrincipalSince, v, "principal_since (任现职年月) is given but the teacher is not a principal (principal, 是否校长): ignored")
	case tc.Birth != 0 && m < tc.Birth+12*18:
		r.errorf(tcPrincipalSince, "principal since %s, before the teacher turned 18 (born %s)", m, tc.Birth)
	case m > l.in.Policy.PlanDate:
		r.report(Warning, tcPrincipalSince, v, "principal since %s, after the plan date %s: a typo of the year? the tenure counts 0", m, l.in.Policy.PlanDate)
		tc.PrincipalSince = m
	default:
		tc.PrincipalSince = m
	}
}

// PrincipalYears is the tenure of principal t at the plan date, in years
// (months ÷ 12), or −1 when the teacher is no principal or principal_since
// is not given.
func (in *Instance) PrincipalYears(t *Teacher) float64 {
	if !t.Principal || t.PrincipalSince == 0 {
		return -1
	}
	return float64(max(0, int(in.Policy.PlanDate-t.PrincipalSince))) / 12
}

// PrincipalDue reports whether principal t has served principal_max_years
// or more at the plan date and is due for the principal exchange.
func (in *Instance) PrincipalDue(t *Teacher) bool {
	y := in.PrincipalYears(t)
	return y >= 0 && y >= in.Policy.PrincipalMaxYears-1e-9
}

// decodeStructures reads the keys of school structures and principals:
// move_scope, pair_bonus and principal_max_years.
func (d *policyDecoder) decodeStructures(m map[string]any, p *Policy) {
	if v, ok := d.get(m, "move_scope"); ok {
		s, isStr := v.(string)
		if !isStr {
			d.badType("move_scope", v, "one of "+moveScopeNames.expected())
		} else if sc, err := ParseMoveScope(strings.TrimSpace(s)); err != nil {
			d.add(Error, d.line("move_scope"), "move_scope", s, "%v", err)
		} else {
			p.MoveScope = sc
		}
	}
	d.float(m, "pair_bonus", &p.PairBonus)
	d.float(m, "principal_max_years", &p.PrincipalMaxYears)
}

// validateStructures checks the keys of decodeStructures and the two
// structure weights.
func (p *Policy) validateStructures(bad func(key string, v any, want string)) {
	if !(p.PairBonus >= 0 && p.PairBonus <= maxWeight) {
		bad("pair_bonus", p.PairBonus, rangeMessage(p.PairBonus, 0, maxWeight, "want a number from %s to %s"))
	}
	if !(p.PrincipalMaxYears >= 1 && p.PrincipalMaxYears <= 40) {
		bad("principal_max_years", p.PrincipalMaxYears, rangeMessage(p.PrincipalMaxYears, 1, 40, "want years from %s to %s"))
	}
	if p.MoveScope > ScopeGroup {
		bad("move_scope", p.MoveScope, "want one of "+moveScopeNames.expected())
	}
	for _, kv := range []struct {
		key string
		v   float64
	}{{"weights.title_structure", p.Weights.TitleStructure}, {"weights.age_structure", p.Weights.AgeStructure}} {
		if !(kv.v >= 0 && kv.v <= maxWeight) {
			bad(kv.key, kv.v, rangeMessage(kv.v, 0, maxWeight, "want a number from %s to %s"))
		}
	}
}

// encodeStructures writes the keys of decodeStructures for EncodePolicy.
func encodeStructures(kv func(key, value, comment string), p *Policy) {
	kv("move_scope", fmt.Sprintf("%q", p.MoveScope.String()), "county, district (学区) or group (教育集团)")
	kv("pair_bonus", tomlFloat(p.PairBonus), "taken off the soft cost of a move along a pair (结对)")
	kv("principal_max_years", tomlFloat(p.PrincipalMaxYears), "a principal's tenure before the exchange (校长交流)")
}
