package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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
	Out        string
	Force      bool
	XLSX       string
	JSON       bool
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

It prints, in at most 100 columns, a row per year: teachers returned,
retired and moved, compliant parts per stage, the medium deficit left and
the hires needed: the teachers to hire for every in-scope part to meet I1,
I2 and I3 after the year's rotation if none were hired before (per part
the larger of the qualified teachers short and the backbone plus PE/art
teachers short, each rounded up), with the backbone and PE/art teachers
among them. Then the CV of I1-I3 per stage after each year's plan, and the
first year in which every in-scope part meets I1, I2 and I3, or why none
does: when the county as a whole has fewer teachers counting for an
indicator than its parts need, rotation alone cannot reach it.

--json prints roadmap.json instead of the text. With --out it writes,
atomically, the folder OUTDIR with roadmap.txt (the text), roadmap.csv
(every figure per year, UTF-8 with BOM), roadmap.json and roadmap.xlsx;
--xlsx writes the workbook on its own. An existing OUTDIR is replaced only
with --force and only when rotaplan roadmap wrote it; an existing --xlsx
file only with --force.

On a terminal, stderr shows each year as it is planned.`,
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
	f.StringVarP(&opts.Out, "out", "o", "", "write the roadmap folder here (default: print the roadmap only)")
	f.BoolVar(&opts.Force, "force", false, "replace an existing OUTDIR that rotaplan roadmap wrote, and an existing --xlsx file")
	f.StringVar(&opts.XLSX, "xlsx", "", "also write the roadmap as a workbook (.xlsx) here")
	f.BoolVar(&opts.JSON, "json", false, "print roadmap.json instead of the text")
	return c
}

func runRoadmap(c *cobra.Command, opts *roadmapOptions) error {
	if opts.Years < 1 || opts.Years > 50 {
		return usageErrorf(c, "--years: got %d, want 1 to 50", opts.Years)
	}
	if err := checkIterations(c, opts.Iterations); err != nil {
		return err
	}
	scenario := strings.HasSuffix(strings.ToLower(opts.Dir), ".toml")
	inputs := outInputs{Dirs: []string{opts.Dir}, Files: []string{opts.Data.Pins}}
	if scenario {
		inputs = outInputs{Files: []string{opts.Dir, opts.Data.Pins}}
	}
	od, err := checkOutDir(c, "out", opts.Out, kindRoadmap, opts.Force, inputs)
	if err != nil {
		return err
	}
	if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, inputs, od); err != nil {
		return err
	}
	var in *model.Instance
	base := opts.Dir
	if scenario {
		scs, err := loadScenarios(opts.IO, []string{opts.Dir}, &opts.Data)
		if err != nil {
			return err
		}
		in, base = scs[0].Instance, scs[0].Base
		// The base dataset is known once the scenario file is read.
		inputs.Dirs = append(inputs.Dirs, base)
		if err := od.checkInputs(c, inputs); err != nil {
			return err
		}
		if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, outInputs{Dirs: inputs.Dirs}); err != nil {
			return err
		}
	} else if in, _, err = loadDataset(c, opts.IO, opts.Dir, &opts.Data); err != nil {
		return err
	}
	steps := newStepLog(opts.IO)
	year := 1
	so := solver.Options{Seed: opts.Seed, Threads: 1, Iterations: opts.Iterations}
	so.Progress = func(p solver.Progress) {
		steps.progress("year %d/%d: %s, total %.1f, moves tried %d", year, opts.Years, p.Phase, p.Score.Total, p.Iterations)
	}
	rm, err := scenarios.PlanRoadmap(c.Context(), in, scenarios.RoadmapOptions{
		Years:  opts.Years,
		Solver: so,
		Progress: func(y *scenarios.Year) {
			steps.done("year %d/%d (%s): %d returned, %d retired, %d moved, %.1f deficit left, %d hires needed",
				y.Year, opts.Years, y.PlanDate, y.Returned, y.Retired, y.Summary.Quota.Moved, y.Summary.Medium, y.Hires.Teachers)
			year = y.Year + 1
		},
	})
	steps.close()
	if err != nil {
		return err
	}
	prov := newProvenance(in, base)
	prov.Seed, prov.Threads, prov.Iterations = opts.Seed, so.Threads, opts.Iterations
	js, err := document.RoadmapJSON(rm, prov)
	if err != nil {
		return fmt.Errorf("roadmap.json: %w", err)
	}
	var text bytes.Buffer
	if err := document.WriteRoadmap(&text, rm); err != nil {
		return err
	}
	shown := text.Bytes()
	if opts.JSON {
		shown = js
	}
	// A closed terminal fails stdout; the files are written all the same.
	_, stdoutErr := opts.IO.Out.Write(shown)
	if opts.XLSX != "" {
		xl, err := document.RoadmapXLSX(rm)
		if err != nil {
			return fmt.Errorf("roadmap workbook: %w", err)
		}
		if err := writeFileAtomic(opts.XLSX, xl); err != nil {
			return fmt.Errorf("write %s: %w", opts.XLSX, err)
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", opts.XLSX)
	}
	if od != nil {
		xl, err := document.RoadmapXLSX(rm)
		if err != nil {
			return fmt.Errorf("roadmap.xlsx: %w", err)
		}
		files := map[string][]byte{
			"roadmap.txt":  text.Bytes(),
			"roadmap.csv":  document.RoadmapCSV(rm),
			"roadmap.json": js,
			"roadmap.xlsx": xl,
		}
		if err := od.write(func(dir string) error {
			for name, data := range files {
				if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("write %s: %w", od.path, err)
		}
		fmt.Fprintf(opts.IO.ErrOut, "wrote %s\n", od.path)
	}
	if stdoutErr != nil {
		return fmt.Errorf("write the roadmap: %w", stdoutErr)
	}
	return nil
}
