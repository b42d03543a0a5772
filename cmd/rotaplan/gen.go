package main

import (
	"fmt"
	"os"
	"path/filepath"
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
policy.toml) into DIR. The same size and seed always give byte-identical
files. Sizes:

  small       ~30 schools, ~1,400 teachers
  county      ~60 schools, ~2,500 teachers (the sample county is seed 1)
  large       ~250 schools incl. ~80 teaching points, ~8,000 teachers, ~120k students
  prefecture  ~14 counties, ~2,100 schools, ~100,000 teachers

DIR is written atomically: the files go to a temporary folder beside it
that is renamed into place. An existing non-empty DIR is replaced only with
--force.`,
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
	f.BoolVar(&opts.Force, "force", false, "replace DIR if it exists and is not empty")
	return c
}

func runGen(c *cobra.Command, opts *genOptions) error {
	if opts.Out == "" {
		return usageErrorf(c, "--out DIR is required")
	}
	out := filepath.Clean(opts.Out)
	exists, err := checkOutDir(c, out, opts.Force)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}

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
	if err := writeDirAtomic(out, exists, func(dir string) error { return gen.Write(dir, in) }); err != nil {
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

// writeDirAtomic fills a temporary folder beside dir and renames it to dir,
// moving an existing dir aside first and removing it once the new one is
// in place; a failure leaves dir as it was.
func writeDirAtomic(dir string, exists bool, fill func(string) error) (err error) {
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	if err := fill(tmp); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if !exists {
		return os.Rename(tmp, dir)
	}
	old, err := os.MkdirTemp(parent, "."+base+".old-*")
	if err != nil {
		return err
	}
	// Rename needs the target gone; the name stays reserved only briefly.
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if rerr := os.Rename(old, dir); rerr != nil {
			return fmt.Errorf("%w (and restoring %s from %s failed: %v)", err, dir, old, rerr)
		}
		return err
	}
	return os.RemoveAll(old)
}
