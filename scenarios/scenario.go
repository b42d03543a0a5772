package scenarios

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// Scenario is a what-if variant of a county: a base dataset folder with
// policy overrides and data changes applied to a copy of it.
type Scenario struct {
	Name        string // the name key, or the file name without .toml
	Description string
	File        string // the scenario file as given to Load
	Base        string // the base dataset folder, resolved against the file's folder
	// Instance is the changed county, indexed and ready for the solver. The
	// base files on disk are never written.
	Instance *model.Instance
}

// file is the TOML layout of a scenario file. The [policy] table is read
// as text by policyText, so it is only skipped here.
type file struct {
	Name           string         `toml:"name"`
	Description    string         `toml:"description"`
	Base           string         `toml:"base"`
	Baseline       string         `toml:"baseline"` // a published plan to re-plan against, relative to the scenario file
	Policy         map[string]any `toml:"policy"`
	ScaleEnrolment []scaleChange  `toml:"scale_enrolment"`
	AddSchool      []addChange    `toml:"add_school"`
	CloseSchool    []closeChange  `toml:"close_school"`
	SetWeak        []weakChange   `toml:"set_weak"`
	SetStructure   []structChange `toml:"set_structure"`
	Retire         []retireChange `toml:"retire"`
	Hire           []hireChange   `toml:"hire"`
}

// scaleChange multiplies the students and classes of the listed schools,
// or of every rural school when Rural is set, by Factor, rounding.
type scaleChange struct {
	Schools []string `toml:"schools"`
	Rural   bool     `toml:"rural"`
	Factor  *float64 `toml:"factor"`
}

// addChange opens a new school, with the columns of schools.csv. Classes
// default to the students at 45 (primary) or 50 (junior) per class.
type addChange struct {
	ID              string  `toml:"school_id"`
	Name            string  `toml:"name"`
	Type            string  `toml:"type"`
	UrbanRural      string  `toml:"urban_rural"`
	Weak            bool    `toml:"weak"`
	StudentsPrimary int     `toml:"students_primary"`
	StudentsJunior  int     `toml:"students_junior"`
	ClassesPrimary  int     `toml:"classes_primary"`
	ClassesJunior   int     `toml:"classes_junior"`
	Lon             float64 `toml:"lon"`
	Lat             float64 `toml:"lat"`
	StaffQuota      int     `toml:"staff_quota"`
	BuildingArea    float64 `toml:"building_area_m2"`
	SportsArea      float64 `toml:"sports_area_m2"`
	EquipmentValue  float64 `toml:"equipment_value_yuan"`
	MultimediaRooms int     `toml:"multimedia_rooms"`
	District        string  `toml:"district"`
	Group           string  `toml:"group"`
}

// closeChange closes a school: its students, classes and teachers go to To,
// or its teachers leave the county when To is empty.
type closeChange struct {
	School string `toml:"school"`
	To     string `toml:"to"`
}

// weakChange sets or clears a school's weak flag.
type weakChange struct {
	School string `toml:"school"`
	Weak   *bool  `toml:"weak"`
}

// structChange moves a school to another district (学区) or education group
// (教育集团); an empty name takes it out of every district or group. A key
// left out keeps the school's.
type structChange struct {
	School   string  `toml:"school"`
	District *string `toml:"district"`
	Group    *string `toml:"group"`
}

// retireChange removes teachers from the county.
type retireChange struct {
	Teachers []string `toml:"teachers"`
}

// hireChange adds Count new teachers to a school; the other fields have
// defaults (education bachelor, backbone none, title second, female, born
// 25 years before the plan date) and IDs are synthetic: H<school>-<n>.
type hireChange struct {
	School    string `toml:"school"`
	Stage     string `toml:"stage"`
	Subject   string `toml:"subject"`
	Education string `toml:"education"`
	Backbone  string `toml:"backbone"`
	Title     string `toml:"title"`
	Gender    string `toml:"gender"`
	Volunteer bool   `toml:"volunteer"`
	Count     int    `toml:"count"`
}

// Load reads the scenario file at path, loads its base dataset with opt and
// applies the policy overrides and data changes to a deep copy of the base.
// Problems hold the warnings of the base and of the scenario. Any error, in
// the scenario or in the base, returns an *model.InputError with every
// problem found, each with its file and line.
func Load(path string, opt model.LoadOptions) (*Scenario, model.Problems, error) {
	data, err := model.ReadFile(path)
	if err != nil {
		probs := model.Problems{{Severity: model.Error, File: path, Message: fmt.Sprintf("cannot read scenario: %v", unwrapPath(err))}}
		return nil, probs, &model.InputError{Problems: probs}
	}
	l := &loader{path: path, text: strings.ReplaceAll(string(data), "\r\n", "\n")}
	if p := model.TOMLNestingProblem(path, l.text); p != nil {
		probs := model.Problems{*p}
		return nil, probs, &model.InputError{Problems: probs}
	}
	var f file
	md, err := toml.Decode(l.text, &f)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			l.errorf(pe.Position.Line, "", "invalid TOML at column %d: %s", pe.Position.Col, pe.Message)
		} else {
			l.errorf(0, "", "invalid scenario: %v", err)
		}
		return nil, l.probs, &model.InputError{Problems: l.probs}
	}
	l.blocks = tableBlocks(l.text)
	for _, k := range md.Undecoded() {
		if len(k) > 0 && k[0] == "policy" {
			continue
		}
		l.warnf(l.keyLine(k), k.String(), "unknown key %s is ignored", k)
	}
	if f.Base == "" {
		l.errorf(0, "base", "missing base: want the dataset folder, relative to the scenario file")
		return nil, l.probs, &model.InputError{Problems: l.probs}
	}
	base := f.Base
	if !filepath.IsAbs(base) {
		base = filepath.Join(filepath.Dir(path), base)
	}
	in, baseProbs, err := model.Load(base, opt)
	if err != nil {
		var ie *model.InputError
		if errors.As(err, &ie) {
			ie.Problems = append(ie.Problems, model.Problem{Severity: model.Error, File: path, Line: l.keyLine(toml.Key{"base"}), Column: "base",
				Value: f.Base, Message: "the base dataset has errors"})
			ie.Problems.Sort()
			return nil, ie.Problems, ie
		}
		return nil, baseProbs, fmt.Errorf("load base %s: %w", base, err)
	}
	in = Clone(in)
	in.Dir = base
	planDate := in.Policy.PlanDate // the dataset's: its serving schools describe the year before it
	if pol := policyText(l.text); pol != "" {
		l.probs = append(l.probs, model.ApplyPolicy(&in.Policy, path, []byte(pol))...)
	} else if len(f.Policy) > 0 {
		l.errorf(l.keyLine(toml.Key{"policy"}), "policy", "policy overrides must be written in a [policy] table, one key a line")
	}
	l.apply(in, &f)
	sum := sha256.Sum256(data)
	in.Files = append(in.Files, model.FileInfo{Name: filepath.Base(path), SHA256: hex.EncodeToString(sum[:]), Encoding: model.EncUTF8})
	probs := append(baseProbs, l.probs...)
	probs.Sort()
	if len(probs.Errors()) > 0 {
		return nil, probs, &model.InputError{Problems: probs}
	}
	in.Index()
	in.ServeAtPlanDate(planDate)
	if f.Baseline != "" {
		// Read against the changed county: its teachers and schools.
		bp := f.Baseline
		if !filepath.IsAbs(bp) {
			bp = filepath.Join(filepath.Dir(path), bp)
		}
		b, bprobs, err := model.ReadBaseline(bp, in, opt)
		var ie *model.InputError
		switch {
		case errors.As(err, &ie):
			ie.Problems = append(append(probs, ie.Problems...), model.Problem{Severity: model.Error, File: path,
				Line: l.keyLine(toml.Key{"baseline"}), Column: "baseline", Value: f.Baseline, Message: "the baseline plan has errors"})
			ie.Problems.Sort()
			return nil, ie.Problems, ie
		case err != nil:
			l.errorf(l.keyLine(toml.Key{"baseline"}), "baseline", "%v", unwrapPath(err))
			return nil, l.probs, &model.InputError{Problems: l.probs}
		}
		probs = append(probs, bprobs...)
		in.Baseline = b
	}
	name := f.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	name = model.MaskIDNumbers(name) // it names outputs and folders
	return &Scenario{Name: name, Description: f.Description, File: path, Base: base, Instance: in}, probs, nil
}

func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Clone returns a deep copy of an instance, indexed; changing the copy
// leaves the original untouched.
func Clone(in *model.Instance) *model.Instance {
	out := *in
	out.Schools = slices.Clone(in.Schools)
	out.Teachers = slices.Clone(in.Teachers)
	out.Pins = slices.Clone(in.Pins)
	out.History = slices.Clone(in.History) // Index sets the end of open stints
	out.Files = slices.Clone(in.Files)
	out.Pairs = slices.Clone(in.Pairs)
	if in.Distances != nil {
		out.Distances = make(map[uint64]float64, len(in.Distances))
		for k, v := range in.Distances {
			out.Distances[k] = v
		}
	}
	out.Index()
	return &out
}

// loader applies one scenario file and collects its problems.
type loader struct {
	path   string
	text   string
	blocks map[string][]block
	probs  model.Problems
}

func (l *loader) errorf(line int, key, format string, args ...any) {
	l.probs = append(l.probs, model.Problem{Severity: model.Error, File: l.path, Line: line, Column: key, Message: fmt.Sprintf(format, args...)})
}

func (l *loader) warnf(line int, key, format string, args ...any) {
	l.probs = append(l.probs, model.Problem{Severity: model.Warning, File: l.path, Line: line, Column: key, Message: fmt.Sprintf(format, args...)})
}

// block is one table or array-table element of the file: the line of its
// header and of each key in it.
type block struct {
	line int
	keys map[string]int
}

var (
	headerRE = regexp.MustCompile(`^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?`)
	keyRE    = regexp.MustCompile(`^\s*([A-Za-z0-9_\-]+)\s*=`)
)

// tableBlocks maps each table name ("" for the top level) to its blocks in
// file order, so that the n-th [[hire]] is blocks["hire"][n].
func tableBlocks(text string) map[string][]block {
	out := map[string][]block{"": {{line: 1, keys: map[string]int{}}}}
	cur := ""
	for i, ln := range strings.Split(text, "\n") {
		if m := headerRE.FindStringSubmatch(ln); m != nil {
			cur = m[2]
			out[cur] = append(out[cur], block{line: i + 1, keys: map[string]int{}})
			continue
		}
		if m := keyRE.FindStringSubmatch(ln); m != nil {
			b := out[cur]
			if _, seen := b[len(b)-1].keys[m[1]]; !seen {
				b[len(b)-1].keys[m[1]] = i + 1
			}
		}
	}
	return out
}

// line is the line of key in the n-th block of table, or of the block's
// header, or 0.
func (l *loader) line(table string, n int, key string) int {
	bs := l.blocks[table]
	if n >= len(bs) {
		return 0
	}
	if v, ok := bs[n].keys[key]; ok {
		return v
	}
	return bs[n].line
}

// keyLine is the line of a decoded key such as hire.count (first element)
// or base.
func (l *loader) keyLine(k toml.Key) int {
	switch len(k) {
	case 0:
		return 0
	case 1:
		if n, ok := l.blocks[""][0].keys[k[0]]; ok {
			return n
		}
		if bs := l.blocks[k[0]]; len(bs) > 0 {
			return bs[0].line
		}
		return 0
	}
	return l.line(strings.Join(k[:len(k)-1], "."), 0, k[len(k)-1])
}

// policyText is the [policy] table of a scenario file (and its sub-tables
// such as [policy.retirement_age]) as a policy.toml text, with every other
// line blanked so that line numbers stay those of the scenario file.
func policyText(text string) string {
	lines := strings.Split(text, "\n")
	in := false
	any := false
	for i, ln := range lines {
		if m := headerRE.FindStringSubmatch(ln); m != nil {
			name := m[2]
			switch {
			case m[1] == "[" && name == "policy":
				in, any = true, true
				lines[i] = ""
				continue
			case m[1] == "[" && strings.HasPrefix(name, "policy."):
				in, any = true, true
				lines[i] = strings.Replace(ln, "policy.", "", 1)
				continue
			default:
				in = false
			}
		}
		if !in {
			lines[i] = ""
		}
	}
	if !any {
		return ""
	}
	return strings.Join(lines, "\n")
}

// apply makes the data changes of f on in, in the order: new schools,
// closed schools, enrolment, weak flags, retirements, hires.
func (l *loader) apply(in *model.Instance, f *file) {
	for n, c := range f.AddSchool {
		l.addSchool(in, n, c)
	}
	school := func(table string, n int, key, id string) (int, bool) {
		if id == "" {
			l.errorf(l.line(table, n, key), key, "missing %s: want a school_id of the base", key)
			return 0, false
		}
		si, ok := in.SchoolByID(id)
		if !ok {
			l.errorf(l.line(table, n, key), key, "unknown school_id %q: not in the base dataset", id)
		}
		return si, ok
	}

	dropSchool := make([]bool, len(in.Schools))
	dropTeacher := make([]bool, len(in.Teachers))
	for n, c := range f.CloseSchool {
		si, ok := school("close_school", n, "school", c.School)
		if !ok {
			continue
		}
		to := model.NoSchool
		if c.To != "" {
			ti, ok := school("close_school", n, "to", c.To)
			if !ok {
				continue
			}
			if ti == si {
				l.errorf(l.line("close_school", n, "to"), "to", "school %s cannot merge into itself", c.To)
				continue
			}
			to = ti
		}
		l.closeSchool(in, n, si, to, dropTeacher)
		dropSchool[si] = true
	}
	for n, c := range f.ScaleEnrolment {
		if c.Factor == nil || !(*c.Factor >= 0 && *c.Factor <= 10) {
			l.errorf(l.line("scale_enrolment", n, "factor"), "factor", "want factor from 0 to 10")
			continue
		}
		if len(c.Schools) == 0 && !c.Rural {
			l.errorf(l.line("scale_enrolment", n, ""), "schools", "want schools = [...] or rural = true")
			continue
		}
		var targets []int
		for _, id := range c.Schools {
			if si, ok := school("scale_enrolment", n, "schools", id); ok {
				targets = append(targets, si)
			}
		}
		if c.Rural {
			for si := range in.Schools {
				if in.Schools[si].Locale == model.Rural && !slices.Contains(targets, si) {
					targets = append(targets, si)
				}
			}
		}
		for _, si := range targets {
			s := &in.Schools[si]
			for st := range model.NumStages {
				s.Students[st] = int(math.Round(float64(s.Students[st]) * *c.Factor))
				cl := int(math.Round(float64(s.Classes[st]) * *c.Factor))
				if s.Students[st] > 0 && cl == 0 {
					cl = 1
				}
				s.Classes[st] = cl
			}
		}
	}
	for n, c := range f.SetWeak {
		si, ok := school("set_weak", n, "school", c.School)
		if !ok {
			continue
		}
		if c.Weak == nil {
			l.errorf(l.line("set_weak", n, "weak"), "weak", "missing weak: want true or false")
			continue
		}
		in.Schools[si].Weak = *c.Weak
	}
	for n, c := range f.SetStructure {
		si, ok := school("set_structure", n, "school", c.School)
		if !ok {
			continue
		}
		if c.District == nil && c.Group == nil {
			l.errorf(l.line("set_structure", n, "school"), "school", "want district = \"…\" or group = \"…\" (empty for none)")
			continue
		}
		if c.District != nil {
			in.Schools[si].District = strings.TrimSpace(*c.District)
		}
		if c.Group != nil {
			in.Schools[si].Group = strings.TrimSpace(*c.Group)
		}
	}
	for n, c := range f.Retire {
		if len(c.Teachers) == 0 {
			l.errorf(l.line("retire", n, "teachers"), "teachers", "want teachers = [\"teacher_id\", ...]")
		}
		for _, id := range c.Teachers {
			ti, ok := in.TeacherByID(id)
			if !ok {
				l.errorf(l.line("retire", n, "teachers"), "teachers", "unknown teacher_id %q: not in the base dataset", id)
				continue
			}
			dropTeacher[ti] = true
		}
	}
	for n, c := range f.Hire {
		if si, ok := school("hire", n, "school", c.School); ok {
			l.hire(in, n, si, c)
		}
	}
	if len(l.probs.Errors()) == 0 {
		compact(in, dropSchool, dropTeacher)
	}
}

// addSchool appends the school of one [[add_school]] entry.
func (l *loader) addSchool(in *model.Instance, n int, c addChange) {
	line := func(k string) int { return l.line("add_school", n, k) }
	if c.ID == "" {
		l.errorf(line("school_id"), "school_id", "missing school_id")
		return
	}
	if _, dup := in.SchoolByID(c.ID); dup {
		l.errorf(line("school_id"), "school_id", "school_id %q is already in the base dataset", c.ID)
		return
	}
	s := model.School{ID: c.ID, Name: c.Name, Weak: c.Weak, StaffQuota: c.StaffQuota, District: c.District, Group: c.Group,
		BuildingArea: c.BuildingArea, SportsArea: c.SportsArea, EquipmentValue: c.EquipmentValue, MultimediaRooms: c.MultimediaRooms}
	if s.Name == "" {
		s.Name = c.ID
	}
	var err error
	if s.Type, err = model.ParseSchoolType(c.Type); err != nil {
		l.errorf(line("type"), "type", "%v", err)
		return
	}
	if s.Locale, err = model.ParseLocale(c.UrbanRural); err != nil {
		l.errorf(line("urban_rural"), "urban_rural", "%v", err)
		return
	}
	s.LocaleCode = c.UrbanRural
	if c.Lon == 0 && c.Lat == 0 {
		l.errorf(line("school_id"), "lon", "missing lon and lat: want the coordinates of the new school")
		return
	}
	s.Lon, s.Lat, s.HasCoords = c.Lon, c.Lat, true
	s.Students = [model.NumStages]int{c.StudentsPrimary, c.StudentsJunior}
	s.Classes = [model.NumStages]int{c.ClassesPrimary, c.ClassesJunior}
	per := [model.NumStages]int{45, 50}
	for _, st := range model.Stages {
		if s.Students[st] < 0 || s.Classes[st] < 0 {
			l.errorf(line("school_id"), "students_"+st.String(), "want students and classes ≥ 0")
			return
		}
		if s.Students[st] > 0 && !s.Teaches(st) {
			l.errorf(line("students_"+st.String()), "students_"+st.String(), "a %s school has no %s students", s.Type, st)
			return
		}
		if s.Classes[st] == 0 && s.Students[st] > 0 {
			s.Classes[st] = (s.Students[st] + per[st] - 1) / per[st]
		}
	}
	if probs := model.SchoolValueProblems(&s); len(probs) > 0 {
		for _, p := range probs {
			l.errorf(line(p.Column), p.Column, "%s", p.Message)
		}
		return
	}
	in.Schools = append(in.Schools, s)
	in.Index()
}

// closeSchool moves the students, classes and teachers of school si to
// school to, or marks its teachers as leaving when to is NoSchool.
// Teachers serving at si on rotation go back to their post schools.
func (l *loader) closeSchool(in *model.Instance, n, si, to int, dropTeacher []bool) {
	s := &in.Schools[si]
	if to != model.NoSchool {
		d := &in.Schools[to]
		for _, st := range model.Stages {
			if s.Students[st] == 0 && s.Classes[st] == 0 {
				continue
			}
			if !d.Teaches(st) {
				l.errorf(l.line("close_school", n, "to"), "to", "school %s does not teach %s; it cannot take the %s students of %s", d.ID, st, st, s.ID)
				return
			}
			d.Students[st] += s.Students[st]
			d.Classes[st] += s.Classes[st]
		}
	}
	for ti := range in.Teachers {
		t := &in.Teachers[ti]
		switch {
		case t.School == si && to == model.NoSchool:
			dropTeacher[ti] = true
		case t.School == si:
			if !in.Schools[to].Teaches(t.Stage) {
				l.errorf(l.line("close_school", n, "to"), "to", "school %s does not teach %s; teacher %s of %s cannot move there", in.Schools[to].ID, t.Stage, t.ID, s.ID)
				return
			}
			if t.Serving == si {
				t.Serving = to
			}
			t.School = to
		case t.Serving == si:
			t.Serving = t.School
		}
	}
}

// hire appends the teachers of one [[hire]] entry.
func (l *loader) hire(in *model.Instance, n, si int, c hireChange) {
	line := func(k string) int { return l.line("hire", n, k) }
	ok := true
	parse := func(key, v, def string, fn func(string) error) {
		if v == "" {
			v = def
		}
		if err := fn(v); err != nil {
			l.errorf(line(key), key, "%v", err)
			ok = false
		}
	}
	t := model.Teacher{School: si, Serving: si, Line: 0}
	parse("stage", c.Stage, "", func(v string) (err error) { t.Stage, err = model.ParseStage(v); return })
	parse("subject", c.Subject, "", func(v string) (err error) { t.Subject, err = model.ParseSubject(v); return })
	parse("education", c.Education, "bachelor", func(v string) (err error) { t.Education, err = model.ParseEducation(v); return })
	parse("backbone", c.Backbone, "none", func(v string) (err error) { t.Backbone, err = model.ParseBackbone(v); return })
	parse("title", c.Title, "second", func(v string) (err error) { t.Title, err = model.ParseTitle(v); return })
	parse("gender", c.Gender, "female", func(v string) (err error) { t.Gender, err = model.ParseGender(v); return })
	if c.Count < 1 || c.Count > 1000 {
		l.errorf(line("count"), "count", "got count %d, want 1 to 1000", c.Count)
		ok = false
	}
	if !ok {
		return
	}
	if !in.Schools[si].Teaches(t.Stage) {
		l.errorf(line("stage"), "stage", "school %s does not teach %s", in.Schools[si].ID, t.Stage)
		return
	}
	t.Volunteer = c.Volunteer
	t.Joined = in.Policy.PlanDate
	t.Birth = in.Policy.PlanDate - 25*12
	seq := 0
	for range c.Count {
		for {
			seq++
			t.ID = fmt.Sprintf("H%s-%03d", in.Schools[si].ID, seq)
			if _, taken := in.TeacherByID(t.ID); !taken {
				break
			}
		}
		t.Name = "新聘" + t.ID
		in.Teachers = append(in.Teachers, t)
		in.Index()
	}
}

// compact removes the dropped schools and teachers and renumbers every
// index that refers to them: teachers' schools, pins and distances. Pins
// of dropped teachers or to dropped schools go too.
func compact(in *model.Instance, dropSchool, dropTeacher []bool) {
	for len(dropTeacher) < len(in.Teachers) {
		dropTeacher = append(dropTeacher, false)
	}
	if !slices.Contains(dropSchool, true) && !slices.Contains(dropTeacher, true) {
		in.Index()
		return
	}
	newSchool := make([]int, len(in.Schools))
	schools := in.Schools[:0:0]
	for i, s := range in.Schools {
		newSchool[i] = model.NoSchool
		if !dropSchool[i] {
			newSchool[i] = len(schools)
			schools = append(schools, s)
		}
	}
	newTeacher := make([]int, len(in.Teachers))
	teachers := in.Teachers[:0:0]
	for i, t := range in.Teachers {
		newTeacher[i] = -1
		if dropTeacher[i] {
			continue
		}
		t.School, t.Serving = newSchool[t.School], newSchool[t.Serving]
		newTeacher[i] = len(teachers)
		teachers = append(teachers, t)
	}
	var pins []model.Pin
	for _, p := range in.Pins {
		if newTeacher[p.Teacher] < 0 || (p.School != model.NoSchool && newSchool[p.School] == model.NoSchool) {
			continue
		}
		p.Teacher = newTeacher[p.Teacher]
		if p.School != model.NoSchool {
			p.School = newSchool[p.School]
		}
		pins = append(pins, p)
	}
	if in.Distances != nil {
		d := make(map[uint64]float64, len(in.Distances))
		for k, v := range in.Distances {
			a, b := newSchool[int(uint32(k>>32))], newSchool[int(uint32(k))]
			if a != model.NoSchool && b != model.NoSchool {
				d[model.PairKey(a, b)] = v
			}
		}
		in.Distances = d
	}
	in.Schools, in.Teachers, in.Pins = schools, teachers, pins
	in.Index()
}

// Outcome is a planned instance: the solver's result, its report and the
// figures a comparison shows.
type Outcome struct {
	Evaluator *solver.Evaluator
	Result    *solver.Result
	Report    *solver.Report
	Summary   Summary
}

// Summary holds the headline figures of a plan.
type Summary struct {
	Quota      solver.Quota
	Compliance []solver.Compliance // per stage, before and after
	// CV is the weighted CV after the plan per stage (primary, junior) and
	// teacher indicator (I1-I3); NaN where undefined.
	CV [model.NumStages][model.NumTeacherIndicators]float64
	// Medium is the medium level of the score: teacher deficits and subject
	// gaps left, in teacher-equivalents.
	Medium       float64
	Moves        int
	Km           float64
	NonVolunteer int
	// Inversions and Envy count the justified complaints of the plan
	// (DOMAIN §6; zero when the priority mode is off); OutsideWishes the
	// moves of teachers with wishes to a school outside them.
	Inversions    int
	Envy          int
	OutsideWishes int
	Total         float64
	Bound         float64
	Gap           float64
	// AllMeet reports whether every in-scope part meets I1, I2 and I3 after the plan.
	AllMeet bool
}

// Plan solves an instance with opt and summarises the result.
func Plan(ctx context.Context, in *model.Instance, opt solver.Options) *Outcome {
	ev := solver.NewEvaluator(in)
	res := solver.Solve(ctx, ev, opt)
	rep := ev.Report(res.Plan)
	return &Outcome{Evaluator: ev, Result: res, Report: rep, Summary: Summarize(in, rep, res)}
}

// Summarize computes the headline figures of a plan's report.
func Summarize(in *model.Instance, rep *solver.Report, res *solver.Result) Summary {
	s := Summary{Quota: rep.Quota, Compliance: rep.Compliance, Medium: rep.Score.Medium, Total: rep.Score.Total, AllMeet: true,
		Inversions: len(rep.Inversions), Envy: len(rep.Envy)}
	if res != nil {
		s.Bound, s.Gap = res.Bound, res.Gap()
	}
	for st := range s.CV {
		for i := range s.CV[st] {
			s.CV[st][i] = math.NaN()
		}
	}
	for _, r := range rep.CV {
		st, err1 := model.ParseStage(r.Stage)
		ind, err2 := model.ParseIndicator(r.Indicator)
		if err1 != nil || err2 != nil || int(ind) >= model.NumTeacherIndicators || r.After == nil {
			continue
		}
		s.CV[st][ind] = *r.After
	}
	for _, m := range rep.Moves {
		s.Moves++
		s.Km += m.Km
		if !in.Teachers[m.Teacher].Volunteer {
			s.NonVolunteer++
		}
		if m.Wishes > 0 && m.WishRank == 0 {
			s.OutsideWishes++
		}
	}
	for _, p := range rep.Parts {
		if !p.InScope {
			continue
		}
		for k := range model.NumTeacherIndicators {
			if v := p.Indicators[k]; v.After < v.Threshold-1e-9 {
				s.AllMeet = false
			}
		}
	}
	return s
}
