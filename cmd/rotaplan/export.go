package main

import (
	"bytes"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/solver"
)

type exportOptions struct {
	IO     IOStreams
	Dir    string
	Data   datasetFlags
	Format string
	Out    string
	Force  bool
}

func newExportCmd(opts *exportOptions) *cobra.Command {
	c := &cobra.Command{
		Use:   "export DIR --format lp|mps -o FILE",
		Short: "Write the planning model as a MIP for CBC, HiGHS, Gurobi or CPLEX",
		Long: `Export writes the county's planning model as a mixed-integer program whose
objective is exactly the total that 'rotaplan plan' minimises and 'rotaplan
score' reports: the same eligible teachers, candidate moves, deficits, caps,
quotas and pins. Solve it with an exact solver and read the solution back
with 'rotaplan score DIR --solution FILE'. An existing FILE is replaced
only with --force, and never one of the inputs or a file inside DIR.`,
		Example: `  rotaplan export ./county --format lp -o county.lp
  cbc county.lp solve solu county.sol && rotaplan score ./county --solution county.sol`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(c *cobra.Command, args []string) error {
			opts.Dir = args[0]
			return runExport(c, opts)
		},
	}
	f := c.Flags()
	opts.Data.register(f, true)
	opts.Data.registerBaseline(f)
	f.Var(newEnum(&opts.Format, "lp", "lp", "mps"), "format", "model format: lp (CPLEX LP) or mps")
	f.StringVarP(&opts.Out, "output", "o", "", "model file to write")
	f.BoolVar(&opts.Force, "force", false, "replace an existing model file")
	return c
}

func runExport(c *cobra.Command, opts *exportOptions) error {
	if opts.Out == "" {
		return usageErrorf(c, "-o FILE is required")
	}
	inputs := outInputs{Dirs: []string{opts.Dir}, Files: []string{opts.Data.Pins, opts.Data.Baseline}}
	if err := checkOutFile(c, "output", opts.Out, nil, opts.Force, inputs); err != nil {
		return err
	}
	in, _, err := loadDataset(c, opts.IO, opts.Dir, &opts.Data)
	if err != nil {
		return err
	}
	m := solver.NewEvaluator(in).MIP()
	var b bytes.Buffer
	if opts.Format == "mps" {
		err = m.WriteMPS(&b)
	} else {
		err = m.WriteLP(&b)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := writeFileAtomic(filepath.Clean(opts.Out), b.Bytes()); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	rows, cols, nnz := m.Stats()
	_, err = fmt.Fprintf(opts.IO.ErrOut, "wrote %s: %d rows, %d columns, %d nonzeros\n", opts.Out, rows, cols, nnz)
	return err
}
