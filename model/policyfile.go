package model

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// DecodePolicy reads the text of a policy.toml named name over the defaults
// of DefaultPolicy, with the plan date of DefaultPlanDate(now) unless the
// file sets plan_date. It returns the policy and every problem found:
// syntax errors, wrong types and out-of-range values as errors with the
// line of the key, unknown keys as warnings. On errors the policy holds the
// defaults for the keys that were wrong.
func DecodePolicy(name string, data []byte, now time.Time) (Policy, Problems) {
	p := DefaultPolicy(DefaultPlanDate(now))
	probs := ApplyPolicy(&p, name, data)
	return p, probs
}

// ApplyPolicy overlays the keys of a policy.toml text onto p, keeping the
// values of p for the keys the text does not set; a scenario applies its
// overrides to a county's policy this way. Problems are as for DecodePolicy.
func ApplyPolicy(p *Policy, name string, data []byte) Problems {
	probs := applyPolicy(p, name, data)
	probs.mask()
	return probs
}

func applyPolicy(p *Policy, name string, data []byte) Problems {
	d := &policyDecoder{name: name, seen: make(map[string]bool)}
	text, _, err := DecodeText(data, "")
	if err != nil {
		d.add(Error, 0, "", "", "cannot read: %v", err)
		return d.probs
	}
	if p := TOMLNestingProblem(name, string(text)); p != nil {
		d.probs = append(d.probs, *p)
		return d.probs
	}
	m, err := parseTOML(string(text))
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			d.add(Error, pe.Position.Line, "", "", "invalid TOML at column %d: %s", pe.Position.Col, pe.Message)
		} else {
			d.add(Error, 0, "", "", "invalid TOML: %v", err)
		}
		return d.probs
	}
	d.lines = keyLines(string(text))
	d.apply(m, p)
	d.unknown(m, "")
	for _, kp := range p.Validate() {
		if d.seen[kp.Key] {
			sev := Error
			if kp.Warning {
				sev = Warning
			}
			d.add(sev, d.line(kp.Key), kp.Key, kp.Value, "%s", kp.Message)
		}
	}
	d.probs.Sort()
	return d.probs
}

// maxTOMLDepth is the deepest nesting of arrays and inline tables that a
// TOML text may have: a policy needs 3, and the parser takes time and
// memory quadratic in the depth (4 GB for 10,000 inline tables).
const maxTOMLDepth = 64

// TOMLNestingProblem is the error of the TOML text of file name when its
// arrays and inline tables nest deeper than 64 levels, which no policy or
// scenario needs and which the parser takes seconds and gigabytes to read;
// nil otherwise. Call it before parsing a TOML file.
func TOMLNestingProblem(name, text string) *Problem {
	line, col, ok := tomlNesting(text)
	if ok {
		return nil
	}
	return &Problem{Severity: Error, File: name, Line: line,
		Message: fmt.Sprintf("invalid TOML at column %d: arrays and inline tables nested deeper than %d levels", col, maxTOMLDepth)}
}

// tomlNesting scans a TOML text for arrays and inline tables (and table
// headers) nested deeper than maxTOMLDepth, skipping strings and comments.
// It returns ok, or the line and column (1-based, in characters) of the
// first bracket too deep.
func tomlNesting(text string) (line, col int, ok bool) {
	line, col = 1, 0
	depth := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '\n':
			line, col = line+1, 0
			i++
			continue
		case c == '#':
			for i < len(text) && text[i] != '\n' {
				i++
			}
			continue
		case c == '"' || c == '\'':
			// A string: basic or literal, on one line or (tripled
			// quotes) on many; only basic strings have escapes.
			quote := text[i : i+1]
			if strings.HasPrefix(text[i:], quote+quote+quote) {
				quote += quote + quote
			}
			j := i + len(quote)
			for j < len(text) && !strings.HasPrefix(text[j:], quote) {
				if text[j] == '\\' && c == '"' && j+1 < len(text) && text[j+1] != '\n' {
					j += 2 // an escaped character, a quote say
					continue
				}
				if text[j] == '\n' && len(quote) == 1 {
					break // an unclosed string: the parser says so
				}
				j++
			}
			j = min(len(text), j+len(quote))
			for _, r := range text[i:j] {
				if r == '\n' {
					line, col = line+1, 0
				} else {
					col++
				}
			}
			i = j
			continue
		case c == '[' || c == '{':
			depth++
			if depth > maxTOMLDepth {
				return line, col + 1, false
			}
		case c == ']' || c == '}':
			depth = max(0, depth-1)
		}
		_, n := utf8.DecodeRuneInString(text[i:])
		i += n
		col++
	}
	return 0, 0, true
}

// parseTOML decodes text into a map; a panic of the parser on hostile input
// becomes an error.
func parseTOML(text string) (m map[string]any, err error) {
	defer func() {
		if r := recover(); r != nil {
			m, err = nil, fmt.Errorf("parser failure: %v", r)
		}
	}()
	m = make(map[string]any)
	_, err = toml.Decode(text, &m)
	return m, err
}

// policyDecoder walks a decoded policy.toml, recording problems by line.
type policyDecoder struct {
	name  string
	lines map[string]int  // dotted key → line
	seen  map[string]bool // dotted keys and tables that were understood
	probs Problems
}

func (d *policyDecoder) add(sev Severity, line int, key, value, format string, args ...any) {
	d.probs = append(d.probs, Problem{
		Severity: sev, File: d.name, Line: line, Column: key, Value: value,
		Message: fmt.Sprintf(format, args...),
	})
}

// line is the line of a dotted key, or of its nearest table, or 0.
func (d *policyDecoder) line(key string) int {
	for key != "" {
		if n, ok := d.lines[key]; ok {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

// badType records a value of the wrong type.
func (d *policyDecoder) badType(key string, v any, want string) {
	d.add(Error, d.line(key), key, fmt.Sprint(v), "got %s, want %s", describe(v), want)
}

// describe names a decoded TOML value for messages.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	case time.Time:
		return "the date " + x.Format("2006-01-02")
	}
	return fmt.Sprint(v)
}

// get returns the value of the last part of key in m, marking key as seen.
func (d *policyDecoder) get(m map[string]any, key string) (any, bool) {
	k := key[strings.LastIndexByte(key, '.')+1:]
	v, ok := m[k]
	if ok {
		d.seen[key] = true
	}
	return v, ok
}

func (d *policyDecoder) float(m map[string]any, key string, dst *float64) {
	v, ok := d.get(m, key)
	if !ok {
		return
	}
	switch x := v.(type) {
	case float64:
		*dst = x
	case int64:
		*dst = float64(x)
	default:
		d.badType(key, v, "a number")
	}
}

func (d *policyDecoder) int(m map[string]any, key string, dst *int) {
	v, ok := d.get(m, key)
	if !ok {
		return
	}
	switch x := v.(type) {
	case int64:
		if x >= math.MinInt32 && x <= math.MaxInt32 {
			*dst = int(x)
			return
		}
	case float64:
		if x == math.Trunc(x) && math.Abs(x) <= math.MaxInt32 {
			*dst = int(x)
			return
		}
	}
	d.badType(key, v, "an integer")
}

func (d *policyDecoder) str(m map[string]any, key string, dst *string) {
	v, ok := d.get(m, key)
	if !ok {
		return
	}
	if x, isStr := v.(string); isStr {
		*dst = strings.TrimSpace(x)
		return
	}
	d.badType(key, v, "text in quotes")
}

func (d *policyDecoder) bool(m map[string]any, key string, dst *bool) {
	v, ok := d.get(m, key)
	if !ok {
		return
	}
	switch x := v.(type) {
	case bool:
		*dst = x
	case string:
		b, err := ParseBool(x)
		if err != nil {
			d.badType(key, v, "true or false")
			return
		}
		*dst = b
	default:
		d.badType(key, v, "true or false")
	}
}

// table returns the sub-table key of m, or nil when it is absent or not a table.
func (d *policyDecoder) table(m map[string]any, key string) map[string]any {
	v, ok := d.get(m, key)
	if !ok {
		return nil
	}
	t, ok := v.(map[string]any)
	if !ok {
		d.badType(key, v, "a table")
		return nil
	}
	return t
}

// stages calls fn with the sub-table of each stage in table key of m.
func (d *policyDecoder) stages(m map[string]any, key string, fn func(st Stage, key string, t map[string]any)) {
	t := d.table(m, key)
	for _, st := range Stages {
		if t == nil {
			return
		}
		sk := key + "." + st.String()
		if s := d.table(t, sk); s != nil {
			fn(st, sk, s)
		}
	}
}

// perStage reads key.primary and key.junior as numbers.
func (d *policyDecoder) perStage(m map[string]any, key string, dst *[NumStages]float64) {
	t := d.table(m, key)
	if t == nil {
		return
	}
	for _, st := range Stages {
		d.float(t, key+"."+st.String(), &dst[st])
	}
}

func (d *policyDecoder) apply(m map[string]any, p *Policy) {
	if v, ok := d.get(m, "plan_date"); ok {
		switch x := v.(type) {
		case string:
			if mo, err := ParseMonth(x); err == nil {
				p.PlanDate = mo
			} else {
				d.add(Error, d.line("plan_date"), "plan_date", x, "%v", err)
			}
		case time.Time:
			if x.Year() < minYear || x.Year() > maxYear {
				d.add(Error, d.line("plan_date"), "plan_date", fmt.Sprint(v), "got %s: out of range, want a date from %04d-01 to %04d-12", describe(v), minYear, maxYear)
			} else {
				p.PlanDate = MonthOf(x.Year(), int(x.Month()))
			}
		default:
			d.badType("plan_date", v, `a date such as 2026-09-01 or "2026-09"`)
		}
	}
	d.float(m, "rotation_rate", &p.RotationRate)
	d.float(m, "backbone_share", &p.BackboneShare)
	d.float(m, "min_years_at_school", &p.MinYearsAtSchool)
	d.float(m, "exclude_years_to_retirement", &p.ExcludeYearsToRetirement)
	d.bool(m, "include_principals", &p.IncludePrincipals)
	d.float(m, "max_distance_km", &p.MaxDistanceKm)
	d.float(m, "max_outflow_share", &p.MaxOutflowShare)
	d.float(m, "max_inflow_share", &p.MaxInflowShare)
	d.int(m, "min_inflow_cap", &p.MinInflowCap)
	d.float(m, "road_factor", &p.RoadFactor)
	d.int(m, "scope_min_students", &p.ScopeMinStudents)
	d.int(m, "stint_years", &p.StintYears)
	d.decodeStructures(m, p)
	d.bool(m, "keep_compliance", &p.KeepCompliance)
	d.float(m, "max_rotation_rate", &p.MaxRotationRate)
	d.str(m, "county_name", &p.Documents.CountyName)
	d.str(m, "issuing_unit", &p.Documents.IssuingUnit)
	d.str(m, "stint_text", &p.Documents.StintText)
	d.str(m, "rotation_kind", &p.Documents.Kind)
	d.int(m, "notice_days", &p.Documents.NoticeDays)
	d.str(m, "objection_contact", &p.Documents.ObjectionContact)
	if t := d.table(m, "retirement_age"); t != nil {
		p.FixedRetirementAge = true
		d.int(t, "retirement_age.male", &p.RetirementAge[Male])
		d.int(t, "retirement_age.female", &p.RetirementAge[Female])
	}
	if t := d.table(m, "qualification"); t != nil {
		for _, st := range Stages {
			key := "qualification." + st.String()
			v, ok := d.get(t, key)
			if !ok {
				continue
			}
			s, isStr := v.(string)
			if !isStr {
				d.badType(key, v, "an education level: "+educationNames.expected())
				continue
			}
			e, err := ParseEducation(s)
			if err != nil {
				d.add(Error, d.line(key), key, s, "%v", err)
				continue
			}
			p.Qualification[st] = e
		}
	}
	d.stages(m, "thresholds", func(st Stage, key string, t map[string]any) {
		for i := range NumIndicators {
			d.float(t, key+"."+Indicator(i).String(), &p.Thresholds[st][i])
		}
	})
	d.perStage(m, "cv_limit", &p.CVLimit)
	d.perStage(m, "teaching_load", &p.TeachingLoad)
	d.stages(m, "periods", func(st Stage, key string, t map[string]any) {
		for s := range NumSubjects {
			d.float(t, key+"."+Subject(s).String(), &p.Periods[st][s])
		}
	})
	if t := d.table(m, "weights"); t != nil {
		w := &p.Weights
		d.float(t, "weights.hard", &w.Hard)
		d.float(t, "weights.medium", &w.Medium)
		d.float(t, "weights.move", &w.Move)
		d.float(t, "weights.per_km", &w.PerKm)
		d.float(t, "weights.non_volunteer", &w.NonVolunteer)
		d.float(t, "weights.graduating_class", &w.GraduatingClass)
		d.float(t, "weights.wish_rank", &w.WishRank)
		d.float(t, "weights.outside_wishes", &w.OutsideWishes)
		d.float(t, "weights.title_structure", &w.TitleStructure)
		d.float(t, "weights.age_structure", &w.AgeStructure)
		d.float(t, "weights.change", &w.Change)
	}
	if t := d.table(m, "points"); t != nil {
		pt := &p.Points
		d.float(t, "points.per_year", &pt.PerYear)
		d.float(t, "points.volunteer", &pt.Volunteer)
		d.float(t, "points.needs_rural_for_title", &pt.NeedsRuralForTitle)
		d.float(t, "points.per_year_over_age", &pt.PerYearOverAge)
		d.int(t, "points.age_threshold", &pt.AgeThreshold)
		if b := d.table(t, "points.backbone"); b != nil {
			for lv := CountyBackbone; lv <= NationalBackbone; lv++ {
				d.float(b, "points.backbone."+lv.String(), &pt.Backbone[lv])
			}
		}
	}
	if t := d.table(m, "priority"); t != nil {
		if v, ok := d.get(t, "priority.mode"); ok {
			s, isStr := v.(string)
			if !isStr {
				d.badType("priority.mode", v, "one of "+priorityModeNames.expected())
			} else if mode, err := ParsePriorityMode(s); err != nil {
				d.add(Error, d.line("priority.mode"), "priority.mode", s, "%v", err)
			} else {
				p.Priority = mode
			}
		}
	}
}

// unknown warns about every key of m under prefix that apply did not read.
func (d *policyDecoder) unknown(m map[string]any, prefix string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		key := prefix + k
		if !d.seen[key] {
			d.add(Warning, d.line(key), key, "", "unknown key %s is ignored", key)
			continue
		}
		if t, ok := m[k].(map[string]any); ok {
			d.unknown(t, key+".")
		}
	}
}

// keyLines maps the dotted keys and table names of a TOML text to the line
// where each first appears. It reads the common shapes (tables, dotted and
// quoted keys, one-line inline tables), enough to point a planner at a key.
func keyLines(text string) map[string]int {
	lines := make(map[string]int)
	set := func(key string, n int) {
		// The key and each of its parent tables.
		for {
			if _, ok := lines[key]; !ok {
				lines[key] = n
			}
			i := strings.LastIndexByte(key, '.')
			if i < 0 {
				return
			}
			key = key[:i]
		}
	}
	table := ""
	for i, raw := range strings.Split(text, "\n") {
		s := strings.TrimSpace(stripTOMLComment(raw))
		if s == "" {
			continue
		}
		if s[0] == '[' {
			table = keyPath(strings.Trim(s, "[] \t"))
			if table != "" {
				set(table, i+1)
			}
			continue
		}
		eq := strings.IndexByte(s, '=')
		if eq <= 0 {
			continue
		}
		key := keyPath(s[:eq])
		if key == "" {
			continue
		}
		if table != "" {
			key = table + "." + key
		}
		set(key, i+1)
		// A one-line inline table: key = { a = 1, b = 2 }.
		if v := strings.TrimSpace(s[eq+1:]); strings.HasPrefix(v, "{") {
			for _, part := range strings.Split(strings.Trim(v, "{} "), ",") {
				if j := strings.IndexByte(part, '='); j > 0 {
					if sub := keyPath(part[:j]); sub != "" {
						set(key+"."+sub, i+1)
					}
				}
			}
		}
	}
	return lines
}

// keyPath normalises a dotted TOML key: spaces around parts and quotes removed.
func keyPath(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// stripTOMLComment cuts a # comment that is not inside a string.
func stripTOMLComment(s string) string {
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' && quote == '"' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '#':
			return s[:i]
		}
	}
	return s
}

// EncodePolicy writes p as a complete policy.toml that lists every key,
// with short comments; DecodePolicy reads it back to the same Policy.
func EncodePolicy(w io.Writer, p Policy) error {
	b := bufio.NewWriter(w)
	kv := func(key, value, comment string) {
		if comment != "" {
			fmt.Fprintf(b, "%-28s = %-12s # %s\n", key, value, comment)
		} else {
			fmt.Fprintf(b, "%s = %s\n", key, value)
		}
	}
	f := tomlFloat
	b.WriteString("# rotaplan policy: the county's local rotation rules (交流轮岗政策).\n")
	b.WriteString("# Every key is listed; a key left out of the file keeps its default.\n\n")
	kv("plan_date", fmt.Sprintf("%04d-%02d-01", p.PlanDate.Year(), p.PlanDate.MonthNum()), "first month of the school year planned (计划学年)")
	kv("rotation_rate", f(p.RotationRate), "share of eligible teachers rotated (交流比例)")
	kv("backbone_share", f(p.BackboneShare), "share of backbone teachers among those rotated (骨干教师比例)")
	kv("min_years_at_school", f(p.MinYearsAtSchool), "years at the school before eligibility (任教年限)")
	kv("exclude_years_to_retirement", f(p.ExcludeYearsToRetirement), "teachers this close to retirement are excluded")
	kv("include_principals", strconv.FormatBool(p.IncludePrincipals), "principals count as eligible (校长参与)")
	kv("max_distance_km", f(p.MaxDistanceKm), "longest move in road km")
	kv("max_outflow_share", f(p.MaxOutflowShare), "of a source school's teachers")
	kv("max_inflow_share", f(p.MaxInflowShare), "of a receiving school's teachers")
	kv("min_inflow_cap", strconv.Itoa(p.MinInflowCap), "the inflow cap is never below this")
	kv("road_factor", f(p.RoadFactor), "road km per great-circle km without distances.csv")
	kv("scope_min_students", strconv.Itoa(p.ScopeMinStudents), "teaching points below this are out of indicator scope")
	kv("stint_years", strconv.Itoa(p.StintYears), "length of a rotation stint (交流期限)")
	encodeStructures(kv, &p)
	kv("keep_compliance", strconv.FormatBool(p.KeepCompliance), "a part that complies without moves must keep complying (保持达标)")
	kv("max_rotation_rate", f(p.MaxRotationRate), "most moves as a share of eligible teachers; 0: no bound (交流比例上限)")

	b.WriteString("\n# Texts of the approval form (报批表) and the public notice (公示名单).\n")
	doc := p.Documents
	kv("county_name", strconv.Quote(doc.CountyName), "county or district in the title (县区名称)")
	kv("issuing_unit", strconv.Quote(doc.IssuingUnit), "issuing unit (发文单位)")
	kv("stint_text", strconv.Quote(doc.StintText), "stint (交流期限); empty: from stint_years")
	kv("rotation_kind", strconv.Quote(doc.Kind), "kind of rotation (交流方式)")
	kv("notice_days", strconv.Itoa(doc.NoticeDays), "working days of the public notice (公示期)")
	kv("objection_contact", strconv.Quote(doc.ObjectionContact), "where objections go (异议受理)")

	if p.FixedRetirementAge {
		b.WriteString("\n[retirement_age] # 退休年龄: fixed ages; leave the table out for the statutory ages of the 2025 reform\n")
		kv("male", strconv.Itoa(p.RetirementAge[Male]), "")
		kv("female", strconv.Itoa(p.RetirementAge[Female]), "")
	} else {
		b.WriteString("\n# [retirement_age] left out: the statutory ages of the 2025 reform by birth month\n")
		b.WriteString("# (men 60 to 63, women 55 to 58). A table with male and female fixes the ages.\n")
	}

	b.WriteString("\n[qualification] # lowest education above the required qualification (I1)\n")
	for _, st := range Stages {
		kv(st.String(), strconv.Quote(p.Qualification[st].String()), "")
	}
	for _, st := range Stages {
		fmt.Fprintf(b, "\n[thresholds.%s] # %s indicator thresholds\n", st, st.ZH())
		for i := range NumIndicators {
			kv(Indicator(i).String(), f(p.Thresholds[st][i]), "")
		}
	}
	b.WriteString("\n[cv_limit] # inter-school coefficient of variation limits (差异系数)\n")
	for _, st := range Stages {
		kv(st.String(), f(p.CVLimit[st]), "")
	}
	b.WriteString("\n[teaching_load] # weekly periods of one full-time teacher\n")
	for _, st := range Stages {
		kv(st.String(), f(p.TeachingLoad[st]), "")
	}
	for _, st := range Stages {
		fmt.Fprintf(b, "\n[periods.%s] # %s weekly periods per class\n", st, st.ZH())
		for s := range NumSubjects {
			kv(Subject(s).String(), f(p.Periods[st][s]), "")
		}
	}
	b.WriteString("\n[weights] # objective = hard·hard + medium·medium + soft\n")
	wt := p.Weights
	kv("hard", f(wt.Hard), "")
	kv("medium", f(wt.Medium), "")
	kv("move", f(wt.Move), "")
	kv("per_km", f(wt.PerKm), "")
	kv("non_volunteer", f(wt.NonVolunteer), "")
	kv("graduating_class", f(wt.GraduatingClass), "")
	kv("wish_rank", f(wt.WishRank), "per rank below the first wish of a move (志愿)")
	kv("outside_wishes", f(wt.OutsideWishes), "per move outside a teacher's wishes")
	kv("title_structure", f(wt.TitleStructure), "per teacher short of the county share titled first (一级) or higher")
	kv("age_structure", f(wt.AgeStructure), "per teacher short of the county share under 35")
	kv("change", f(wt.Change), "per teacher whose destination differs from the baseline plan (--baseline)")

	b.WriteString("\n[points] # rotation priority points (积分): higher points rotate first\n")
	pt := p.Points
	kv("per_year", f(pt.PerYear), "per year of continuous service at the post school")
	kv("volunteer", f(pt.Volunteer), "for a volunteer (自愿交流)")
	kv("needs_rural_for_title", f(pt.NeedsRuralForTitle), "title first (一级) with less than a year rural or weak")
	kv("per_year_over_age", f(pt.PerYearOverAge), "taken off per whole year of age above age_threshold")
	kv("age_threshold", strconv.Itoa(pt.AgeThreshold), "age in whole years")
	b.WriteString("\n[points.backbone] # by backbone level (骨干教师级别)\n")
	for lv := CountyBackbone; lv <= NationalBackbone; lv++ {
		kv(lv.String(), f(pt.Backbone[lv]), "")
	}
	b.WriteString("\n[priority] # complaints against the priority order: off, report or enforce (hard)\n")
	kv("mode", strconv.Quote(p.Priority.String()), "")
	if err := b.Flush(); err != nil {
		return fmt.Errorf("write policy: %w", err)
	}
	return nil
}

// tomlFloat formats v as a TOML float that parses back to exactly v.
func tomlFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	var s string
	if a := math.Abs(v); a == 0 || (a >= 1e-4 && a < 1e15) {
		s = strconv.FormatFloat(v, 'f', -1, 64)
	} else {
		s = strconv.FormatFloat(v, 'e', -1, 64)
	}
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}
