package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

type scoreOptions struct {
	IO       IOStreams
	Dir      string
	Data     datasetFlags
	Plan     string
	Solution string
	JSON     bool
	XLSX     string
	Lang     string
	Privacy  privacyFlags
}

func newScoreCmd(opts *scoreOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "score DIR --plan PLAN.csv",
		Short: "Score a plan, including one edited by hand",
		Long: `Score evaluates a rotation plan against the county dataset in DIR with the
same evaluation core the planner optimises, and explains every point: the
quota figures, every violated rule with who and by how much, the deficits
left per school, the disruption of the moves, compliance and CVs before
and after.

The plan is a plan.csv as rotaplan writes it, possibly edited in Excel (GBK
or UTF-8, Chinese or English headers, CSV or XLSX), or with --solution the
solution file of an exact solver (CBC or HiGHS) run on the model written by
'rotaplan export'. An infeasible plan is reported as such and still exits 0.

With --xlsx it also writes, atomically, the approval workbook of the plan
(rotation list, schools before and after, county summary, violations), in
the language of --lang. No output carries identity numbers unless
--include-id-number; --pseudonymize replaces teacher names with stable
pseudonyms.`,
		Example: `  rotaplan score ./county --plan plan-2026/plan.csv
  rotaplan score ./county --plan edited.xlsx --json > score.json
  rotaplan score ./county --solution cbc.sol
  rotaplan score ./county --plan edited.xlsx --xlsx approval.xlsx --pseudonymize`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runScore(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, true)
	f.StringVar(&opts.Plan, "plan", "", "plan file: CSV or XLSX, one move per row")
	f.StringVar(&opts.Solution, "solution", "", "solution file of CBC or HiGHS for the exported model, instead of --plan")
	f.BoolVar(&opts.JSON, "json", false, "print the report as JSON with stable keys")
	f.StringVar(&opts.XLSX, "xlsx", "", "write the approval workbook (.xlsx) here")
	f.Var(newEnum(&opts.Lang, "zh", langs...), "lang", "language of the XLSX headers and values: zh, en")
	opts.Privacy.register(f)
	return c
}

func runScore(c *cobra.Command, opts *scoreOptions) error {
	if (opts.Plan == "") == (opts.Solution == "") {
		return usageErrorf(c, "give exactly one of --plan and --solution")
	}
	if err := checkXLSXPath(c, opts.XLSX, opts.Dir, opts.Plan, opts.Solution, opts.Data.Pins); err != nil {
		return err
	}
	in, _, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		return err
	}
	ev := solver.NewEvaluator(in)
	plan := solver.NewPlan(len(in.Teachers))
	if opts.Plan != "" {
		moves, problems, err := model.ReadAssignments(opts.Plan, in, opts.Data.options())
		var inputErr *model.InputError
		if errors.As(err, &inputErr) {
			problems = inputErr.Problems
		}
		for _, p := range problems {
			fmt.Fprintln(opts.IO.ErrOut, p)
		}
		if inputErr != nil {
			n := len(inputErr.Problems.Errors())
			return &reportedError{summary: fmt.Sprintf("%s: %d %s in the plan", opts.Plan, n, plural(n, "error", "errors")), err: err}
		}
		if err != nil {
			return &model.InputError{Problems: model.Problems{{File: opts.Plan, Message: err.Error()}}}
		}
		for _, m := range moves {
			plan.Dest[m.Teacher] = int32(m.To)
		}
	} else {
		f, err := os.Open(opts.Solution)
		if err != nil {
			return &model.InputError{Problems: model.Problems{{File: opts.Solution, Message: err.Error()}}}
		}
		defer f.Close()
		if plan, err = ev.ReadSolution(f); err != nil {
			return &model.InputError{Problems: model.Problems{{File: opts.Solution, Message: err.Error()}}}
		}
	}
	rep := ev.Report(plan)
	if opts.XLSX != "" {
		if err := writeXLSX(opts.IO, opts.XLSX, workbookData{In: opts.Privacy.view(in, opts.Lang), Report: rep,
			Prov: newProvenance(in, opts.Dir), Lang: opts.Lang, WithID: opts.Privacy.IncludeIDNumber}); err != nil {
			return err
		}
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, struct {
			Provenance provenance     `json:"provenance"`
			Report     *solver.Report `json:"report"`
		}{newProvenance(in, opts.Dir), rep})
	}
	writeReport(opts.IO.Out, ev, rep, nil)
	return nil
}
