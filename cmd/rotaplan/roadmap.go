package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
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
	return document.WriteRoadmap(opts.IO.Out, rm)
}
