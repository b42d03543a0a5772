package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

type explainOptions struct {
	IO           IOStreams
	Dir          string
	Teachers     []string
	Data         datasetFlags
	Plan         string
	JSON         bool
	All          bool
	Out          string
	Force        bool
	Lang         string
	Pseudonymize bool
}

func newExplainCmd(opts *explainOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "explain DIR --plan PLAN TEACHER_ID...",
		Short: "Explain why a teacher moves, stays or is not eligible",
		Long: `Explain answers, for teachers of a plan of the county in DIR, the
questions of an approval meeting:

  a moved teacher          the eligibility evidence (years at the post school,
                           retirement), the points and rank, the deficits the
                           move fills, the best three other destinations and
                           staying home, each with the exact change of the
                           total it would make, and the best replacement (the
                           teacher kept home who would take the slot);
  an eligible teacher      the best destinations with the exact change of
  kept home                moving them, and who of their priority group (post
                           school, stage, subject) moved instead;
  a teacher not eligible   the rule and the dates behind it.

The changes are those of the evaluation core (the same total plan and score
report), priced incrementally from the plan: each equals re-scoring the
changed plan. Give --pins and --baseline as for the plan, so that the total
is the same.

With --all it explains every teacher of a source school (and every moved
teacher) into the CSV file --out FILE.csv, one row each (UTF-8 with BOM,
--lang for the headers); an existing FILE is replaced only with --force.`,
		Example: `  rotaplan explain ./county --plan plan-2026/plan.csv 4301000036
  rotaplan explain ./county --plan plan-2026/plan.csv 4301000036 4301000047 --json
  rotaplan explain ./county --plan plan-2026/plan.csv --all --out explain.csv`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir, opts.Teachers = args[0], args[1:]
			return runExplain(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, true)
	opts.Data.registerBaseline(f)
	f.StringVar(&opts.Plan, "plan", "", "plan file: CSV or XLSX, one move per row")
	f.BoolVar(&opts.JSON, "json", false, "print the explanations as JSON with stable keys")
	f.BoolVar(&opts.All, "all", false, "explain every teacher of a source school and every moved teacher into --out")
	f.StringVar(&opts.Out, "out", "", "with --all: the CSV file to write")
	f.BoolVar(&opts.Force, "force", false, "replace an existing --out file")
	f.Var(newEnum(&opts.Lang, "zh", document.Langs...), "lang", "language of the CSV headers and values: zh, en")
	f.BoolVar(&opts.Pseudonymize, "pseudonymize", false, "replace teacher names with stable pseudonyms (教师-xxxxxxxx) in every output")
	return c
}

func runExplain(c *cobra.Command, opts *explainOptions) error {
	if opts.Plan == "" {
		return usageErrorf(c, "--plan PLAN is required")
	}
	switch {
	case opts.All && len(opts.Teachers) > 0:
		return usageErrorf(c, "give teacher IDs or --all, not both")
	case opts.All && opts.Out == "":
		return usageErrorf(c, "--all writes a CSV file: give --out FILE.csv")
	case !opts.All && opts.Out != "":
		return usageErrorf(c, "--out is for --all")
	case !opts.All && len(opts.Teachers) == 0:
		return usageErrorf(c, "give at least one teacher ID, or --all")
	}
	inputs := outInputs{Dirs: []string{opts.Dir}, Files: []string{opts.Plan, opts.Data.Pins, opts.Data.Baseline}}
	if err := checkOutFile(c, "out", opts.Out, []string{".csv"}, opts.Force, inputs); err != nil {
		return err
	}
	in, _, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		return err
	}
	var who []int
	var unknown, idNumbers []string
	for _, id := range opts.Teachers {
		t, ok := in.TeacherByID(strings.TrimSpace(id))
		if !ok {
			q := strconv.Quote(model.MaskIDNumbers(id))
			unknown = append(unknown, q)
			if model.ValidIDNumber(strings.TrimSpace(id)) {
				idNumbers = append(idNumbers, q)
			}
			continue
		}
		who = append(who, t)
	}
	if len(unknown) > 0 {
		msg := "unknown teacher " + strings.Join(unknown, ", ") + ": not in the dataset"
		if len(idNumbers) > 0 {
			msg += "; " + strings.Join(idNumbers, ", ") + " looks like an identity number (身份证件号), which identifies no teacher here: give the teacher_id (教职工号)"
		}
		return &model.InputError{Problems: model.Problems{{Severity: model.Error, File: opts.Dir, Message: msg}}}
	}
	ev := solver.NewEvaluator(in)
	plan, err := readPlan(opts.IO, opts.Plan, in, &opts.Data)
	if err != nil {
		return err
	}
	if opts.All {
		for t := range in.Teachers {
			if in.Schools[in.Teachers[t].School].IsSource() || plan.Dest[t] != solver.Stay {
				who = append(who, t)
			}
		}
	}
	x := ev.Explainer(plan)
	es := make([]solver.Explanation, len(who))
	for i, t := range who {
		es[i] = x.Explain(t)
	}
	view := in
	if opts.Pseudonymize {
		view = privacyFlags{Pseudonymize: true}.view(in, opts.Lang)
	}
	if opts.All {
		if err := writeFileAtomic(filepath.Clean(opts.Out), document.ExplanationsCSV(view, es, opts.Lang)); err != nil {
			return fmt.Errorf("write %s: %w", opts.Out, err)
		}
		_, err := fmt.Fprintf(opts.IO.ErrOut, "wrote %s: %d teachers explained\n", opts.Out, len(es))
		return err
	}
	if opts.JSON {
		return writeJSON(opts.IO.Out, document.ExplanationsJSON(view, es))
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "方案总分 (plan total) %.2f\n", ev.Score(plan).Total)
	for i := range es {
		b.WriteByte('\n')
		document.WriteExplanation(&b, view, &es[i])
	}
	_, err = opts.IO.Out.Write(b.Bytes())
	return err
}
