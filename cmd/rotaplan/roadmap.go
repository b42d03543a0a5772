package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

type roadmapOptions struct {
	IO         IOStreams
	Dir        string
	Data       datasetFlags
	Years      int
	Seed       uint64
	Iterations int64
}

func newRoadmapCmd(opts *roadmapOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "roadmap DIR|SCENARIO.toml",
		Short: "Chain yearly plans and find the year every school meets the standard",
		Long: `Roadmap chains yearly rotation plans of a county dataset folder (or of a
scenario file). Each year it plans, sends the moved teachers on a stint of
stint_years, then advances the plan date by 12 months: years at school grow,
teachers at retirement age leave, and teachers whose stint ended return to
their post school and are not eligible again until min_years_at_school has
passed since their return. Nobody is hired.

It prints per year the compliant parts per stage, the CV of I1-I3 per stage
and the medium deficit left, then the first year in which every in-scope
part meets I1, I2 and I3, or why none does: when the county as a whole has
fewer teachers counting for an indicator than its parts need, rotation
alone cannot reach it.`,
		Example: `  rotaplan roadmap scenarios/sample-county --years 6
  rotaplan roadmap scenarios/examples/hire.toml --years 4 --iterations 20000`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runRoadmap(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, true)
	f.IntVar(&opts.Years, "years", 5, "school years to plan")
	f.Uint64Var(&opts.Seed, "seed", 1, "seed of every yearly search")
	f.Int64Var(&opts.Iterations, "iterations", 0, "local-search moves per year (0: 400 per movable teacher)")
	return c
}

func runRoadmap(c *cobra.Command, opts *roadmapOptions) error {
	if opts.Years < 1 || opts.Years > 50 {
		return usageErrorf(c, "--years: got %d, want 1 to 50", opts.Years)
	}
	if err := checkIterations(c, opts.Iterations); err != nil {
		return err
	}
	var in *model.Instance
	if strings.HasSuffix(strings.ToLower(opts.Dir), ".toml") {
		scs, err := loadScenarios(opts.IO, []string{opts.Dir}, &opts.Data)
		if err != nil {
			return err
		}
		in = scs[0].Instance
	} else {
		var err error
		if in, _, err = loadDataset(c, opts.IO, opts.Dir, &opts.Data); err != nil {
			return err
		}
	}
	rm, err := scenarios.PlanRoadmap(c.Context(), in, scenarios.RoadmapOptions{
		Years:  opts.Years,
		Solver: solver.Options{Seed: opts.Seed, Threads: 1, Iterations: opts.Iterations},
	})
	if err != nil {
		return err
	}
	return writeRoadmap(opts.IO.Out, rm)
}

// writeRoadmap prints the roadmap: one row per year, then the verdict.
func writeRoadmap(w io.Writer, rm *scenarios.Roadmap) error {
	t := table{head: []string{"学年 year", "计划月 plan", "返回 returned", "退休 retired", "交流 moved"}}
	for _, st := range model.Stages {
		t.head = append(t.head, st.ZH()+"达标 "+st.String())
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			t.head = append(t.head, fmt.Sprintf("CV %s %s", st.String()[:3], model.Indicator(k).Code()))
		}
	}
	t.head = append(t.head, "缺口 medium", "I1-I3")
	for _, y := range rm.Years {
		s := &y.Summary
		row := []string{strconv.Itoa(y.Year), y.PlanDate.String(), strconv.Itoa(y.Returned), strconv.Itoa(y.Retired), strconv.Itoa(s.Quota.Moved)}
		for _, st := range model.Stages {
			cell := "-"
			for _, c := range s.Compliance {
				if c.Stage == st.String() {
					cell = fmt.Sprintf("%d/%d", c.After, c.Parts)
				}
			}
			row = append(row, cell)
		}
		for _, st := range model.Stages {
			for k := range model.NumTeacherIndicators {
				cell := "-"
				if v := s.CV[st][k]; !math.IsNaN(v) {
					cell = num(v, 3)
				}
				row = append(row, cell)
			}
		}
		row = append(row, num(s.Medium, 1), yesNo(s.AllMeet, "en"))
		t.rows = append(t.rows, row)
	}
	if err := writeTable(w, t); err != nil {
		return err
	}
	var b strings.Builder
	b.WriteByte('\n')
	if rm.First > 0 {
		y := rm.Years[rm.First-1]
		fmt.Fprintf(&b, "第 %d 年 (%s) 所有参评学校达到 I1-I3 (every in-scope part meets I1, I2 and I3 in year %d)\n", rm.First, y.PlanDate, rm.First)
	} else {
		fmt.Fprintf(&b, "%d 年内未能全部达到 I1-I3 (no year of %d has every in-scope part meeting I1, I2 and I3)\n", len(rm.Years), len(rm.Years))
		for _, s := range rm.Shortfalls {
			fmt.Fprintf(&b, "  %s (year %d)\n", s, rm.ShortfallYear)
		}
		if len(rm.Shortfalls) == 0 {
			fmt.Fprintf(&b, "  county-wide supply covers every indicator; the quota, outflow/inflow caps and distances limit how fast rotation closes the gaps\n")
		}
		if n := retiredTotal(rm); n > 0 {
			fmt.Fprintf(&b, "  %d teachers retire over the roadmap and nobody is hired; add [[hire]] rounds in a scenario file to plan recruitment\n", n)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// retiredTotal is the number of teachers who retire over the roadmap.
func retiredTotal(rm *scenarios.Roadmap) int {
	n := 0
	for _, y := range rm.Years {
		n += y.Retired
	}
	return n
}
