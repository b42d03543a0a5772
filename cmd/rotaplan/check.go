package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

type checkOptions struct {
	IO   IOStreams
	Dir  string
	Data datasetFlags
	JSON bool
}

// encodings are the values of --encoding; auto detects each file's.
var encodings = []string{"auto", "utf-8", "gbk", "gb18030", "utf-16le"}

func newCheckCmd(opts *checkOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "check DIR",
		Short: "Check a county dataset and summarise it",
		Long: `Check reads the county dataset in DIR (schools.csv, teachers.csv and the
optional policy.toml, distances.csv, pins.csv; CSV or XLSX, English or
Chinese headers), prints every problem to stderr as
"file:line: column X: error: message", and on success prints a summary of
the county to stdout: schools by type and urban/rural class, students and
teachers per stage, the teachers eligible for rotation and the quota, the
distribution of their points and how many need a rural year for the title.

A dataset with errors exits with code 2.`,
		Example: `  rotaplan check scenarios/sample-county
  rotaplan check --encoding gbk ./county-2026
  rotaplan check --json ./county-2026 > summary.json`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runCheck(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, false)
	f.BoolVar(&opts.JSON, "json", false, "print the summary and the problems as JSON")
	return c
}

func runCheck(c *cobra.Command, opts *checkOptions) error {
	in, problems, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		if opts.JSON && problems != nil {
			if werr := writeJSON(opts.IO.Out, checkReport{OK: false, Problems: jsonProblems(problems)}); werr != nil {
				return werr
			}
		}
		return err
	}
	ev := solver.NewEvaluator(in)
	s := summarize(opts.Dir, in, ev)
	for i, w := range s.Structures.Warnings {
		if _, err := fmt.Fprintf(opts.IO.ErrOut, "%s: warning: %s\n", s.Structures.warnAt[i], w); err != nil {
			return err
		}
	}
	rep := ev.Report(solver.NewPlan(len(in.Teachers)))
	if opts.JSON {
		return writeJSON(opts.IO.Out, checkReport{OK: true, Problems: jsonProblems(problems), Summary: &s, Standing: rep})
	}
	if _, err = io.WriteString(opts.IO.Out, s.text()); err != nil {
		return err
	}
	document.WriteStanding(opts.IO.Out, ev, rep)
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// checkReport is the --json output of check; its keys are stable.
type checkReport struct {
	OK       bool          `json:"ok"`
	Problems []jsonProblem `json:"problems"`
	Summary  *summary      `json:"summary,omitempty"`
	// Standing is the score report of the empty plan: indicators, CVs and
	// deficits before any move.
	Standing *solver.Report `json:"standing,omitempty"`
}

type jsonProblem struct {
	Severity string `json:"severity"`
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	Column   string `json:"column,omitempty"`
	Value    string `json:"value,omitempty"`
	Message  string `json:"message"`
}

func jsonProblems(ps model.Problems) []jsonProblem {
	out := make([]jsonProblem, 0, len(ps))
	for _, p := range ps {
		out = append(out, jsonProblem{p.Severity.String(), p.File, p.Line, p.Column, p.Value, p.Message})
	}
	return out
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// stageCounts is a count per stage and their total.
type stageCounts struct {
	Primary int `json:"primary"`
	Junior  int `json:"junior"`
	Total   int `json:"total"`
}

func (c *stageCounts) add(st model.Stage, n int) {
	if st == model.Primary {
		c.Primary += n
	} else {
		c.Junior += n
	}
	c.Total += n
}

// summary is where the county stands before planning.
type summary struct {
	Dir      string `json:"dir"`
	PlanDate string `json:"plan_date"`

	Schools        int            `json:"schools"`
	SchoolsByType  map[string]int `json:"schools_by_type"`
	SchoolsByClass map[string]int `json:"schools_by_urban_rural"`
	Weak           int            `json:"weak_schools"`
	Sources        int            `json:"source_schools"`
	Receivers      int            `json:"receiving_schools"`

	Students   stageCounts `json:"students"`
	Teachers   stageCounts `json:"teachers"`
	Backbone   int         `json:"backbone_teachers"`
	Principals int         `json:"principals"`
	OnRotation int         `json:"on_rotation"`
	Exempt     int         `json:"exempt"`

	Eligible         int     `json:"eligible"`
	RotationRate     float64 `json:"rotation_rate"`
	Required         int     `json:"required"`
	BackboneShare    float64 `json:"backbone_share"`
	BackboneRequired int     `json:"backbone_required"`

	// Points is the distribution of the eligible teachers' points (积分).
	Points pointStats `json:"points"`
	// NeedsRural is the number of eligible teachers who hold the first
	// title and lack the rural year the senior title requires.
	NeedsRural int `json:"needs_rural_for_title"`

	// Structures are the districts, groups, pairs and principals due.
	Structures *structureSummary `json:"structures"`

	// Counts in enum order, for the text form.
	byType   [4]int
	byLocale [3]int
}

func summarize(dir string, in *model.Instance, ev *solver.Evaluator) summary {
	p := &in.Policy
	s := summary{
		Dir:            dir,
		PlanDate:       p.PlanDate.String(),
		Schools:        len(in.Schools),
		SchoolsByType:  map[string]int{},
		SchoolsByClass: map[string]int{},
		RotationRate:   p.RotationRate,
		BackboneShare:  p.BackboneShare,
	}
	for i := range in.Schools {
		sc := &in.Schools[i]
		s.byType[sc.Type]++
		s.byLocale[sc.Locale]++
		if sc.Weak {
			s.Weak++
		}
		if sc.IsSource() {
			s.Sources++
		} else {
			s.Receivers++
		}
		for _, st := range model.Stages {
			s.Students.add(st, sc.Students[st])
		}
	}
	for t, n := range s.byType {
		s.SchoolsByType[model.SchoolType(t).String()] = n
	}
	for l, n := range s.byLocale {
		s.SchoolsByClass[model.Locale(l).String()] = n
	}
	for i := range in.Teachers {
		t := &in.Teachers[i]
		s.Teachers.add(t.Stage, 1)
		count(&s.Backbone, t.Backbone.IsBackbone())
		count(&s.Principals, t.Principal)
		count(&s.OnRotation, t.OnRotation())
		count(&s.Exempt, t.Exempt != "")
	}
	s.Eligible = len(ev.Eligible)
	points := make([]float64, 0, len(ev.Eligible))
	for _, ti := range ev.Eligible {
		t := &in.Teachers[ti]
		points = append(points, p.PointTerms(t).Total())
		count(&s.NeedsRural, t.NeedsRuralForTitle())
	}
	s.Points = newPointStats(points)
	s.Required = ev.Required
	s.BackboneRequired = p.BackboneRequired(s.Required)
	s.Structures = summarizeStructures(in)
	return s
}

// pointStats is the distribution of points: the least, the quartiles and
// the most, each rounded to a millionth of a point; all zero when there
// are no points.
type pointStats struct {
	Min    float64 `json:"min"`
	P25    float64 `json:"p25"`
	Median float64 `json:"median"`
	P75    float64 `json:"p75"`
	Max    float64 `json:"max"`
}

// newPointStats is the distribution of points; the quartiles are
// interpolated linearly between the nearest ranks.
func newPointStats(points []float64) pointStats {
	if len(points) == 0 {
		return pointStats{}
	}
	v := slices.Clone(points)
	slices.Sort(v)
	q := func(f float64) float64 {
		pos := f * float64(len(v)-1)
		i := int(pos)
		x := v[i]
		if i+1 < len(v) {
			x += (pos - float64(i)) * (v[i+1] - v[i])
		}
		return math.Round(x*1e6) / 1e6
	}
	return pointStats{Min: q(0), P25: q(0.25), Median: q(0.5), P75: q(0.75), Max: q(1)}
}

func count(n *int, b bool) {
	if b {
		*n++
	}
}

// text is the summary for people: Chinese first, English in parentheses.
func (s *summary) text() string {
	var b strings.Builder
	pf := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	pf("县域概况 (county summary): %s\n", s.Dir)
	pf("计划学年 (plan date): %s\n\n", s.PlanDate)

	pf("学校 (schools): %d\n", s.Schools)
	var parts []string
	for t, n := range s.byType {
		st := model.SchoolType(t)
		parts = append(parts, fmt.Sprintf("%s (%s) %d", st.ZH(), strings.ReplaceAll(st.String(), "_", " "), n))
	}
	pf("  按办学类型 (by type): %s\n", strings.Join(parts, ", "))
	parts = parts[:0]
	for l, n := range s.byLocale {
		parts = append(parts, fmt.Sprintf("%s (%s) %d", model.Locale(l).ZH(), model.Locale(l), n))
	}
	pf("  按城乡 (by urban/rural): %s\n", strings.Join(parts, ", "))
	pf("  薄弱学校 (weak) %d; 交流输出学校 (sources) %d, 接收学校 (receivers) %d\n\n", s.Weak, s.Sources, s.Receivers)

	pf("在校生 (students): %d\n", s.Students.Total)
	pf("  小学 (primary) %d, 初中 (junior) %d\n", s.Students.Primary, s.Students.Junior)
	pf("教师 (teachers): %d\n", s.Teachers.Total)
	pf("  小学 (primary) %d, 初中 (junior) %d\n", s.Teachers.Primary, s.Teachers.Junior)
	pf("  生师比 (students per teacher): 小学 (primary) %s, 初中 (junior) %s\n",
		ratio(s.Students.Primary, s.Teachers.Primary), ratio(s.Students.Junior, s.Teachers.Junior))
	pf("  骨干教师 (backbone) %d, 校长 (principals) %d, 正在交流 (on rotation) %d, 暂缓 (exempt) %d\n\n",
		s.Backbone, s.Principals, s.OnRotation, s.Exempt)

	pf("交流轮岗 (rotation):\n")
	pf("  符合交流条件教师 (eligible teachers): %d\n", s.Eligible)
	pf("  应交流人数 (required, %s of eligible): %d\n", percent(s.RotationRate), s.Required)
	pf("  其中骨干教师 (backbone among them, %s): %d\n", percent(s.BackboneShare), s.BackboneRequired)
	if s.Eligible > 0 {
		ps := s.Points
		pf("  积分 (points): 最低 (min) %.2f, 下四分位 (p25) %.2f, 中位数 (median) %.2f, 上四分位 (p75) %.2f, 最高 (max) %.2f\n",
			ps.Min, ps.P25, ps.Median, ps.P75, ps.Max)
	}
	pf("  评职称需乡村经历 (need a rural year for the title): %d\n", s.NeedsRural)
	if s.Structures != nil {
		s.Structures.text(&b)
	}
	return b.String()
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f", float64(a)/float64(b))
}

func percent(v float64) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", 100*v), "0"), ".") + "%"
}
