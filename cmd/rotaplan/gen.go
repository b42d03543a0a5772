package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/scenarios/gen"
)

type genOptions struct {
	IO    IOStreams
	Size  string
	Seed  int64
	Out   string
	Force bool
}

func newGenCmd(opts *genOptions) *cobra.Command {
	sizes := make([]string, 0, 4)
	for _, s := range gen.Sizes() {
		sizes = append(sizes, string(s))
	}
	c := &cobra.Command{
		Use:   "gen --size SIZE --seed N --out DIR",
		Short: "Generate a synthetic county dataset",
		Long: `Gen writes a realistic synthetic county (schools.csv, teachers.csv,
policy.toml, and the teachers' past and current stints history.csv and
ranked wishes wishes.csv) into DIR. The same size and seed always give
byte-identical files. Sizes:

  small       ~30 schools, ~1,400 teachers
  county      ~60 schools, ~2,500 teachers (the sample county is seed 1)
  large       ~250 schools incl. ~80 teaching points, ~8,000 teachers, ~120k students
  prefecture  ~14 counties, ~2,100 schools, ~100,000 teachers
  crowded     the county's 60 schools with 100 times its teachers (a stress shape)
  prefecture4 four prefectures side by side, ~415,000 teachers (a stress shape)

DIR is written atomically: the files go to a temporary folder beside it
that is renamed into place, with a marker file .rotaplan that lists them.
An existing non-empty DIR is replaced only with --force, and only when it
is a folder rotaplan gen wrote (it has that marker) holding nothing else:
a folder of schools.csv, teachers.csv and policy.toml without the marker
may be a county's own data and is never replaced. DIR may not be or
contain the current folder, the home folder or a filesystem root.`,
		Example: `  rotaplan gen --size county --seed 1 --out /tmp/county
  rotaplan gen --size large --seed 7 --out ./large --force`,
		Args: usageArgs(cobra.NoArgs),
		RunE: func(c *cobra.Command, _ []string) error {
			return runGen(c, opts)
		},
	}
	f := c.Flags()
	f.Var(newEnum(&opts.Size, string(gen.County), sizes...), "size", "county layout: "+strings.Join(sizes, ", "))
	f.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same county")
	f.StringVar(&opts.Out, "out", "", "folder to write (required)")
	f.BoolVar(&opts.Force, "force", false, "replace DIR if it is a non-empty folder that rotaplan gen wrote")
	return c
}

func runGen(c *cobra.Command, opts *genOptions) error {
	if opts.Out == "" {
		return usageErrorf(c, "--out DIR is required")
	}
	od, err := checkOutDir(c, "out", opts.Out, kindGen, opts.Force, outInputs{})
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	out := od.path

	size, err := gen.ParseSize(opts.Size)
	if err != nil {
		return usageErrorf(c, "%v", err)
	}
	in, err := gen.Generate(size, opts.Seed)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	if err := c.Context().Err(); err != nil {
		return err
	}
	if err := od.write(func(dir string) error { return gen.Write(dir, in) }); err != nil {
		return fmt.Errorf("gen: %w", err)
	}

	students := 0
	for i := range in.Schools {
		students += in.Schools[i].TotalStudents()
	}
	_, err = fmt.Fprintf(opts.IO.ErrOut, "wrote %s (size %s, seed %d): %d schools, %d teachers, %d students\n",
		out, size, opts.Seed, len(in.Schools), len(in.Teachers), students)
	return err
}
