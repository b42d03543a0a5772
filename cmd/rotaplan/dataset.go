package main

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// datasetFlags are the flags of every command that reads a county dataset.
type datasetFlags struct {
	Encoding string // auto, utf-8, gbk, gb18030 or utf-16le
	Sheet    string
	Pins     string
	Baseline string // plan --baseline, score and export too: the published plan re-planned against
}

func (d *datasetFlags) register(f *pflag.FlagSet, pins bool) {
	f.Var(newEnum(&d.Encoding, "auto", encodings...), "encoding", "text encoding of the CSV files: "+strings.Join(encodings, ", "))
	f.StringVar(&d.Sheet, "sheet", "", "worksheet to read from XLSX files (default the first)")
	if pins {
		f.StringVar(&d.Pins, "pins", "", "planner's pins file (default DIR/pins.csv when present)")
	}
}

// registerBaseline adds --baseline, for the commands whose objective it changes.
func (d *datasetFlags) registerBaseline(f *pflag.FlagSet) {
	f.StringVar(&d.Baseline, "baseline", "", "published plan (plan.csv, CSV or XLSX) to re-plan against: each teacher whose destination differs from it costs weights.change")
}

func (d *datasetFlags) options() model.LoadOptions {
	lo := model.LoadOptions{Sheet: d.Sheet, PinsFile: d.Pins}
	if d.Encoding != "auto" {
		lo.Encoding = d.Encoding
	}
	return lo
}

// errorSummary says how many errors a load found and where: in the
// dataset folder dir, in the --pins file outside it, or in both.
func errorSummary(dir, pins string, probs model.Problems) string {
	n, inPins := 0, 0
	for _, p := range probs {
		if p.Severity == model.Error {
			n += 1 + p.Omitted
			if pins != "" && p.File == pins {
				inPins += 1 + p.Omitted
			}
		}
	}
	errs := func(k int) string { return fmt.Sprintf("%d %s", k, plural(k, "error", "errors")) }
	switch {
	case inPins == 0:
		return fmt.Sprintf("%s: %s in the dataset", dir, errs(n))
	case inPins == n:
		return fmt.Sprintf("%s: %s in the pins file", pins, errs(n))
	}
	return fmt.Sprintf("%s: %s in the dataset, and %s in the pins file %s", dir, errs(n-inPins), errs(inPins), pins)
}

// loadDataset loads and validates DIR, printing every problem to errOut.
// A dataset with errors returns an error that maps to exit code 2.
func loadDataset(c *cobra.Command, ios IOStreams, dir string, d *datasetFlags) (*model.Instance, model.Problems, error) {
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, nil, usageErrorf(c, "%s is not a dataset folder", dir)
	}
	in, problems, err := model.Load(dir, d.options())
	var inputErr *model.InputError
	if errors.As(err, &inputErr) {
		problems = inputErr.Problems
	}
	if err == nil {
		problems = append(problems, solver.WishWarnings(in)...)
	}
	problems.Sort()
	for _, p := range problems {
		if _, werr := fmt.Fprintln(ios.ErrOut, p); werr != nil {
			return nil, problems, werr
		}
	}
	if err != nil {
		if inputErr != nil {
			return nil, problems, &reportedError{summary: errorSummary(dir, d.Pins, inputErr.Problems), err: err}
		}
		return nil, problems, fmt.Errorf("load %s: %w", dir, err)
	}
	if d.Baseline != "" {
		if err := loadBaseline(ios, d.Baseline, in, d); err != nil {
			return nil, problems, err
		}
	}
	return in, problems, nil
}

// loadBaseline reads the baseline plan into in, printing its problems to
// stderr; a baseline with errors maps to exit code 2.
func loadBaseline(ios IOStreams, path string, in *model.Instance, d *datasetFlags) error {
	b, problems, err := model.ReadBaseline(path, in, d.options())
	var inputErr *model.InputError
	if errors.As(err, &inputErr) {
		problems = inputErr.Problems
	}
	for _, p := range problems {
		if _, werr := fmt.Fprintln(ios.ErrOut, p); werr != nil {
			return werr
		}
	}
	if inputErr != nil {
		n := inputErr.Problems.ErrorCount()
		return &reportedError{summary: fmt.Sprintf("%s: %d %s in the baseline", path, n, plural(n, "error", "errors")), err: err}
	}
	if err != nil {
		return &model.InputError{Problems: model.Problems{{File: path, Message: err.Error()}}}
	}
	in.Baseline = b
	return nil
}
