package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

type scoreOptions struct {
	IO       IOStreams
	Dir      string
	Data     datasetFlags
	Plan     string
	Against  string
	Solution string
	JSON     bool
	XLSX     string
	HTML     string
	Force    bool
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
the language of --lang. With --html it writes the self-contained report
page of the plan (score breakdown, indicator, CV and move charts, rotation
list). An existing workbook or page is replaced only with --force. No
output carries identity numbers unless --include-id-number;
--pseudonymize replaces teacher names with stable pseudonyms.`,
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
	opts.Data.registerBaseline(f)
	f.StringVar(&opts.Plan, "plan", "", "plan file: CSV or XLSX, one move per row")
	f.StringVar(&opts.Solution, "solution", "", "solution file of CBC or HiGHS for the exported model, instead of --plan")
	f.StringVar(&opts.Against, "against", "", "compare with this plan file instead: moves added, removed, changed and the score change by term")
	f.BoolVar(&opts.JSON, "json", false, "print the report as JSON with stable keys")
	f.StringVar(&opts.XLSX, "xlsx", "", "write the approval workbook (.xlsx) here")
	f.StringVar(&opts.HTML, "html", "", "write the self-contained report page (.html) here")
	f.BoolVar(&opts.Force, "force", false, "replace existing --xlsx and --html files")
	f.Var(newEnum(&opts.Lang, "zh", document.Langs...), "lang", "language of the XLSX and HTML headers and values: zh, en")
	opts.Privacy.register(f)
	return c
}

func runScore(c *cobra.Command, opts *scoreOptions) error {
	if (opts.Plan == "") == (opts.Solution == "") {
		return usageErrorf(c, "give exactly one of --plan and --solution")
	}
	inputs := outInputs{Dirs: []string{opts.Dir}, Files: []string{opts.Plan, opts.Solution, opts.Against, opts.Data.Pins, opts.Data.Baseline}}
	if err := checkOutFile(c, "xlsx", opts.XLSX, xlsxExts, opts.Force, inputs); err != nil {
		return err
	}
	if err := checkOutFile(c, "html", opts.HTML, htmlExts, opts.Force, inputs); err != nil {
		return err
	}
	in, _, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		return err
	}
	ev := solver.NewEvaluator(in)
	var plan solver.Plan
	if opts.Plan != "" {
		plan, err = readPlan(opts.IO, opts.Plan, in, &opts.Data)
	} else {
		plan, err = readSolution(opts.Solution, ev)
	}
	if err != nil {
		return err
	}
	if opts.Against != "" {
		base, err := readPlan(opts.IO, opts.Against, in, &opts.Data)
		if err != nil {
			return err
		}
		d := ev.Diff(base, plan)
		if opts.JSON {
			return writeJSON(opts.IO.Out, d)
		}
		writeDiff(opts.IO.Out, opts.Against, d)
		return nil
	}
	rep := ev.Report(plan)
	if opts.XLSX != "" {
		if err := writeDocument(opts.IO, opts.XLSX, document.Workbook, document.Data{In: opts.Privacy.view(in, opts.Lang), Report: rep,
			Prov: newProvenance(in, opts.Dir), Lang: opts.Lang, WithID: opts.Privacy.IncludeIDNumber}); err != nil {
			return err
		}
	}
	if opts.HTML != "" {
		if err := writeDocument(opts.IO, opts.HTML, document.ReportHTML, document.Data{In: opts.Privacy.view(in, opts.Lang), Report: rep,
			Prov: newProvenance(in, opts.Dir), Lang: opts.Lang}); err != nil {
			return err
		}
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, struct {
			Provenance document.Provenance `json:"provenance"`
			Report     *solver.Report      `json:"report"`
		}{newProvenance(in, opts.Dir), rep})
	}
	document.WriteReport(opts.IO.Out, ev, rep, nil)
	return nil
}

// readPlan reads a plan file, printing its problems to stderr; a plan with
// errors maps to exit code 2.
func readPlan(ios IOStreams, path string, in *model.Instance, d *datasetFlags) (solver.Plan, error) {
	plan := solver.NewPlan(len(in.Teachers))
	moves, problems, err := model.ReadAssignments(path, in, d.options())
	var inputErr *model.InputError
	if errors.As(err, &inputErr) {
		problems = inputErr.Problems
	}
	for _, p := range problems {
		fmt.Fprintln(ios.ErrOut, p)
	}
	if inputErr != nil {
		n := inputErr.Problems.ErrorCount()
		return plan, &reportedError{summary: fmt.Sprintf("%s: %d %s in the plan", path, n, plural(n, "error", "errors")), err: err}
	}
	if err != nil {
		return plan, &model.InputError{Problems: model.Problems{{File: path, Message: err.Error()}}}
	}
	for _, m := range moves {
		plan.Dest[m.Teacher] = int32(m.To)
	}
	return plan, nil
}

// readSolution reads an exact solver's solution of the exported model.
func readSolution(path string, ev *solver.Evaluator) (solver.Plan, error) {
	data, err := model.ReadFile(path)
	if err != nil {
		return solver.Plan{}, &model.InputError{Problems: model.Problems{{File: path, Message: err.Error()}}}
	}
	plan, err := ev.ReadSolution(bytes.NewReader(data))
	if err != nil {
		return plan, &model.InputError{Problems: model.Problems{{File: path, Message: err.Error()}}}
	}
	return plan, nil
}

// writeDiff prints how a plan differs from the one it is compared against.
func writeDiff(w io.Writer, against string, d *solver.Diff) {
	fmt.Fprintf(w, "与 %s 相比 (compared with %s):\n", against, against)
	fmt.Fprintf(w, "  总分变化 (total change) %+.2f: 硬 (hard) %+d, 中 (medium) %+.3f, 软 (soft) %+.2f\n",
		d.Score.Total, d.Score.Hard, d.Score.Medium, d.Score.Soft)
	for _, t := range d.Terms {
		if t.AmountChange != 0 {
			fmt.Fprintf(w, "    %-6s %-20s %+10.3f → %+12.2f\n", t.Level, t.Name, t.AmountChange, t.WeightedChange)
		}
	}
	fmt.Fprintf(w, "  仅在原方案 (only in %s): %d\n", against, len(d.OnlyA))
	for _, m := range d.OnlyA {
		fmt.Fprintf(w, "    %s %s → %s\n", m.ID, m.From, m.To)
	}
	fmt.Fprintf(w, "  仅在本方案 (only in this plan): %d\n", len(d.OnlyB))
	for _, m := range d.OnlyB {
		fmt.Fprintf(w, "    %s %s → %s\n", m.ID, m.From, m.To)
	}
	fmt.Fprintf(w, "  调入学校不同 (different destination): %d\n", len(d.Changed))
	for _, c := range d.Changed {
		fmt.Fprintf(w, "    %s %s → %s\n", c.TeacherID, c.ToA, c.ToB)
	}
}
