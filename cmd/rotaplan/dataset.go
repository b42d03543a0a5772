package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rotaplan/rotaplan/model"
)

// datasetFlags are the flags of every command that reads a county dataset.
type datasetFlags struct {
	Encoding string // auto, utf-8, gbk, gb18030 or utf-16le
	Sheet    string
	Pins     string
}

func (d *datasetFlags) register(f *pflag.FlagSet, pins bool) {
	f.Var(newEnum(&d.Encoding, "auto", encodings...), "encoding", "text encoding of the CSV files: "+strings.Join(encodings, ", "))
	f.StringVar(&d.Sheet, "sheet", "", "worksheet to read from XLSX files (default the first)")
	if pins {
		f.StringVar(&d.Pins, "pins", "", "planner's pins file (default DIR/pins.csv when present)")
	}
}

func (d *datasetFlags) options() model.LoadOptions {
	lo := model.LoadOptions{Sheet: d.Sheet, PinsFile: d.Pins}
	if d.Encoding != "auto" {
		lo.Encoding = d.Encoding
	}
	return lo
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
	problems.Sort()
	for _, p := range problems {
		if _, werr := fmt.Fprintln(ios.ErrOut, p); werr != nil {
			return nil, problems, werr
		}
	}
	if err != nil {
		if inputErr != nil {
			n := len(inputErr.Problems.Errors())
			return nil, problems, &reportedError{summary: fmt.Sprintf("%s: %d %s in the dataset", dir, n, plural(n, "error", "errors")), err: err}
		}
		return nil, problems, fmt.Errorf("load %s: %w", dir, err)
	}
	return in, problems, nil
}

// checkOutDir vets an output folder: it may not exist, or be empty, or be
// replaced with force. It reports whether it exists.
func checkOutDir(c *cobra.Command, out string, force bool) (exists bool, err error) {
	switch st, err := os.Stat(out); {
	case err == nil && !st.IsDir():
		return false, usageErrorf(c, "%s exists and is not a folder", out)
	case err == nil:
		entries, err := os.ReadDir(out)
		if err != nil {
			return false, err
		}
		if len(entries) > 0 && !force {
			return false, usageErrorf(c, "%s is not empty; use --force to replace it", out)
		}
		return true, nil
	case !os.IsNotExist(err):
		return false, err
	}
	return false, nil
}

// writeFileAtomic writes path through a temporary file in the same folder
// and a rename, so a reader never sees a partial file.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// checkOutFile vets the path given to an output-file flag (--xlsx, --html)
// before any work is done: its extension is one of exts, its folder
// exists, it is not a folder, and it is none of the inputs (in the dataset
// folder dir, or among the extra files).
func checkOutFile(c *cobra.Command, flag, path, dir string, exts []string, extra ...string) error {
	if path == "" {
		return nil
	}
	if !slices.Contains(exts, strings.ToLower(filepath.Ext(path))) {
		return usageErrorf(c, "--%s: got %s, want a file name ending in %s", flag, path, exts[0])
	}
	if st, err := os.Stat(filepath.Dir(path)); err != nil || !st.IsDir() {
		return usageErrorf(c, "--%s: folder %s does not exist", flag, filepath.Dir(path))
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil // a new file
	}
	if st.IsDir() {
		return usageErrorf(c, "--%s: %s is a folder", flag, path)
	}
	if pd, err := os.Stat(filepath.Dir(path)); err == nil {
		if dd, err := os.Stat(dir); err == nil && os.SameFile(pd, dd) {
			return usageErrorf(c, "--%s: %s is inside the dataset folder; write it elsewhere so no input is overwritten", flag, path)
		}
	}
	for _, e := range extra {
		if es, err := os.Stat(e); e != "" && err == nil && os.SameFile(st, es) {
			return usageErrorf(c, "--%s: %s is an input; write it elsewhere", flag, path)
		}
	}
	return nil
}

// Extensions accepted by the output-file flags.
var (
	xlsxExts = []string{".xlsx"}
	htmlExts = []string{".html", ".htm"}
)
