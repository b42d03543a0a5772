package main

// Output safety: where plan, gen, scenario, score and export may write,
// what --force may replace, and the atomic writes themselves.
//
// Every folder rotaplan writes (plan --out, gen --out, scenario run --out)
// carries a marker file, .rotaplan, that names the tool, the command that
// wrote it and the files it wrote. --force replaces an existing folder only
// when it is such a folder of the same command and holds nothing else, or
// when it is exactly a plan or scenario folder written before folders were
// marked (see legacyOwned). A folder without a marker that holds just
// schools.csv, teachers.csv and policy.toml may be a county's own data, so
// gen --force never replaces it. No output folder may be, contain or lie
// inside a dataset folder read by the run, contain another input, or be or
// contain the current folder, the home folder or a filesystem root.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
)

// markerName is the file in every folder rotaplan writes that says so.
const markerName = ".rotaplan"

// Kinds of output folder, named after the command that writes them.
const (
	kindPlan     = "plan"
	kindGen      = "gen"
	kindScenario = "scenario"
	kindRoadmap  = "roadmap"
)

// staleAge is how long a temporary file or folder of an atomic write must
// have been left untouched before a later write of the same output removes
// it. A write in progress touches its temporary folder every few seconds,
// so a sibling run writing the same output is never disturbed.
const staleAge = 10 * time.Minute

// marker is the content of the marker file.
type marker struct {
	Tool    string   `json:"tool"`    // always "rotaplan"
	Kind    string   `json:"kind"`    // plan, gen or scenario
	Version string   `json:"version"` // version of rotaplan that wrote the folder
	Files   []string `json:"files"`   // files written, slash-separated paths relative to the folder, sorted
}

// outInputs are the inputs of a run, which none of its outputs may touch.
type outInputs struct {
	Dirs  []string // dataset folders: an output may not be, contain or lie inside one
	Files []string // other input files: an output may not be or contain one; empty names are skipped
}

// outDir is an output folder vetted by checkOutDir and written by write.
type outDir struct {
	flag  string // the flag that named it, for messages: "out"
	path  string // as given, cleaned
	abs   string // absolute, symbolic links resolved
	kind  string // the command writing it: kindPlan, kindGen or kindScenario
	force bool   // an existing folder of ours may be replaced
}

// checkOutDir vets the output folder out of a command of the given kind
// before any work is done; out == "" (no output folder) gives nil. The
// folder may not exist yet, or be empty, or, with force, be one that the
// same command wrote (see ownership); it must not be or hold an input or
// the current, home or root folder; its parent must be writable. Every
// refusal is a usage error naming the folder and why.
func checkOutDir(c *cobra.Command, flag, out, kind string, force bool, in outInputs) (*outDir, error) {
	if out == "" {
		return nil, nil
	}
	o := &outDir{flag: flag, path: filepath.Clean(out), kind: kind, force: force}
	abs, err := resolve(o.path)
	if err != nil {
		return nil, usageErrorf(c, "--%s %s: %w", flag, o.path, err)
	}
	o.abs = abs
	if err := checkOutPlace(c, flag, o.path, abs, in); err != nil {
		return nil, err
	}
	if back := restoreInterrupted(filepath.Dir(o.path), filepath.Base(o.path), kind); back != "" && !force {
		return nil, usageErrorf(c, "--%s %s was missing and has been put back from %s, where an earlier run had moved it aside to replace it; it was left as it is: use --force to replace it",
			flag, o.path, back)
	}
	st, err := os.Stat(o.path)
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		if _, lerr := os.Lstat(o.path); lerr == nil {
			return nil, usageErrorf(c, "--%s %s is a symbolic link to nothing (%v); remove it or choose another folder", flag, o.path, err)
		}
		return o, checkWritableAncestor(c, flag, o.path, abs)
	case err != nil:
		return nil, usageErrorf(c, "--%s %s: %w", flag, o.path, err)
	case !st.IsDir():
		return nil, usageErrorf(c, "--%s %s exists and is not a folder", flag, o.path)
	}
	empty, err := isEmptyDir(o.path)
	if err != nil {
		return nil, usageErrorf(c, "--%s %s: %w", flag, o.path, err)
	}
	if !empty {
		if why := ownership(o.path, kind); why != "" {
			return nil, usageErrorf(c, "--%s %s is not empty and %s; --force replaces only a folder that rotaplan %s wrote: choose another folder or empty this one yourself",
				flag, o.path, why, kind)
		}
		if !force {
			return nil, usageErrorf(c, "--%s %s is not empty; use --force to replace it", flag, o.path)
		}
	}
	for _, d := range []string{filepath.Dir(abs), abs} {
		if err := probeWrite(d); err != nil {
			return nil, usageErrorf(c, "--%s %s: cannot write in %s: %w", flag, o.path, d, err)
		}
	}
	return o, nil
}

// checkOutPlace refuses an output folder out (resolved to abs) that is or
// holds something the run must not replace.
func checkOutPlace(c *cobra.Command, flag, out, abs string, in outInputs) error {
	if filepath.Dir(abs) == abs {
		return usageErrorf(c, "--%s %s is a filesystem root; choose a new folder for the output", flag, out)
	}
	for _, d := range in.Dirs {
		if d == "" {
			continue
		}
		da, err := resolve(d)
		if err != nil {
			continue
		}
		switch inside, holds := within(da, abs), within(abs, da); {
		case inside && holds:
			return usageErrorf(c, "--%s %s is the dataset folder %s; write the output outside it", flag, out, d)
		case inside:
			return usageErrorf(c, "--%s %s is inside the dataset folder %s; write the output outside it", flag, out, d)
		case holds:
			return usageErrorf(c, "--%s %s contains the dataset folder %s; write the output elsewhere", flag, out, d)
		}
	}
	for _, f := range in.Files {
		if f == "" {
			continue
		}
		if fa, err := resolve(f); err == nil && within(abs, fa) {
			return usageErrorf(c, "--%s %s contains the input %s; write the output elsewhere", flag, out, f)
		}
	}
	if wd, err := os.Getwd(); err == nil {
		if wa, err := resolve(wd); err == nil && within(abs, wa) {
			return usageErrorf(c, "--%s %s is or contains the current folder %s; choose a new folder for the output", flag, out, wd)
		}
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if ha, err := resolve(home); err == nil && within(abs, ha) {
			return usageErrorf(c, "--%s %s is or contains the home folder %s; choose a new folder for the output", flag, out, home)
		}
	}
	return nil
}

// checkWritableAncestor checks that the nearest existing ancestor of a
// folder still to be made is a folder rotaplan can write in.
func checkWritableAncestor(c *cobra.Command, flag, out, abs string) error {
	for d := filepath.Dir(abs); ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		switch {
		case err == nil && !st.IsDir():
			return usageErrorf(c, "--%s %s: %s is not a folder", flag, out, d)
		case err == nil:
			if err := probeWrite(d); err != nil {
				return usageErrorf(c, "--%s %s: cannot write in %s: %w", flag, out, d, err)
			}
			return nil
		case !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR):
			return usageErrorf(c, "--%s %s: %w", flag, out, err)
		}
		if filepath.Dir(d) == d {
			return usageErrorf(c, "--%s %s: no folder of it exists", flag, out)
		}
	}
}

// probeWrite creates and removes a file in dir to learn whether the run
// will be able to write there, before it spends its time.
func probeWrite(dir string) error {
	f, err := os.CreateTemp(dir, ".rotaplan-probe-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// checkInputs refuses, after the inputs are known, an output folder o that
// is, holds or lies inside one of them. A nil o passes.
func (o *outDir) checkInputs(c *cobra.Command, in outInputs) error {
	if o == nil {
		return nil
	}
	return checkOutPlace(c, o.flag, o.path, o.abs, in)
}

// ownership returns "" when dir, a non-empty folder, was written by
// rotaplan's command kind and holds nothing else, and otherwise why not,
// as a clause such as "holds notes.txt, which rotaplan plan did not write".
func ownership(dir, kind string) string {
	st, err := os.Lstat(filepath.Join(dir, markerName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return legacyOwned(dir, kind)
	case err != nil:
		return "its " + markerName + " cannot be read"
	case !st.Mode().IsRegular() || st.Size() > 1<<20:
		return "its " + markerName + " is not a marker rotaplan wrote"
	}
	m, err := readMarker(filepath.Join(dir, markerName))
	if err != nil || m.Tool != "rotaplan" {
		return "its " + markerName + " is not a marker rotaplan wrote"
	}
	if m.Kind != kind {
		return fmt.Sprintf("rotaplan %s wrote it", m.Kind)
	}
	files := map[string]bool{}
	dirs := map[string]bool{}
	for _, f := range m.Files {
		files[f] = true
		for d := f; ; {
			i := strings.LastIndexByte(d, '/')
			if i < 0 {
				break
			}
			d = d[:i]
			dirs[d] = true
		}
	}
	var foreign string
	_ = filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			foreign = p
			return fs.SkipAll
		}
		rel, rerr := filepath.Rel(dir, p)
		if rerr != nil {
			foreign = p
			return fs.SkipAll
		}
		rel = filepath.ToSlash(rel)
		switch {
		case rel == "." || rel == markerName:
			return nil
		case e.IsDir() && dirs[rel], !e.IsDir() && files[rel] && writesName(kind, rel):
			return nil
		}
		foreign = rel
		return fs.SkipAll
	})
	if foreign != "" {
		return fmt.Sprintf("holds %s, which rotaplan %s did not write", foreign, kind)
	}
	return ""
}

// writesName reports whether a command of the kind writes files named like
// rel (slash-separated, relative to its folder): a document or data file at
// the top, and for scenarios one level down. A marker edited to list other
// files, a thesis.docx say, does not make them replaceable.
func writesName(kind, rel string) bool {
	depth := strings.Count(rel, "/")
	exts := []string{".csv", ".json", ".txt", ".html", ".xlsx"}
	switch kind {
	case kindGen:
		exts = []string{".csv", ".toml"}
	case kindScenario:
		if depth > 1 {
			return false
		}
		return slices.Contains(exts, strings.ToLower(path.Ext(rel)))
	}
	return depth == 0 && slices.Contains(exts, strings.ToLower(path.Ext(rel)))
}

// readMarker reads a marker file.
func readMarker(path string) (marker, error) {
	var m marker
	b, err := os.ReadFile(path)
	if err != nil {
		return m, err
	}
	err = json.Unmarshal(b, &m)
	return m, err
}

// legacyLayout is what a folder of one kind held when rotaplan did not
// mark its folders yet.
type legacyLayout struct {
	files    []string // the files at the top
	subFiles []string // the files of each sub-folder; nil: no sub-folders
	proof    string   // the file that shows rotaplan wrote the folder; "" when none can
	// proven reports whether the proof file in dir is rotaplan's.
	proven func(dir string) bool
}

var legacyLayouts = map[string]legacyLayout{
	kindPlan: {
		files: []string{"plan.csv", "plan.json", "report.txt", "schools.csv"},
		proof: "plan.json", proven: planJSONOfRotaplan,
	},
	kindScenario: {
		files:    []string{"comparison.csv", "comparison.xlsx"},
		subFiles: []string{"plan.csv", "plan.xlsx", "schools.csv"},
		proof:    "comparison.csv", proven: comparisonOfRotaplan,
	},
	kindGen: {files: []string{"policy.toml", "schools.csv", "teachers.csv"}},
}

// legacyOwned is ownership for a folder without a marker. A plan folder
// written before markers qualifies when it holds only plan.csv, plan.json,
// report.txt and schools.csv and its plan.json names rotaplan as the tool;
// a scenario folder when it holds only comparison.csv (with rotaplan's
// header), comparison.xlsx and sub-folders of plan.csv, plan.xlsx and
// schools.csv. A gen folder never does: its schools.csv, teachers.csv and
// policy.toml cannot be told from a county's own data.
func legacyOwned(dir, kind string) string {
	l := legacyLayouts[kind]
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "cannot be listed"
	}
	for _, e := range entries {
		if e.IsDir() && l.subFiles != nil {
			sub, err := os.ReadDir(filepath.Join(dir, e.Name()))
			if err != nil {
				return "cannot be listed"
			}
			for _, f := range sub {
				if !f.Type().IsRegular() || !slices.Contains(l.subFiles, f.Name()) {
					return fmt.Sprintf("holds %s/%s, which rotaplan %s does not write", e.Name(), f.Name(), kind)
				}
			}
			continue
		}
		if !e.Type().IsRegular() || !slices.Contains(l.files, e.Name()) {
			return fmt.Sprintf("holds %s, which rotaplan %s does not write", e.Name(), kind)
		}
	}
	if l.proven == nil {
		return "has no " + markerName + " marker, so it may be a county's own data"
	}
	if !l.proven(dir) {
		return fmt.Sprintf("has neither the %s marker nor a %s of rotaplan %s", markerName, l.proof, kind)
	}
	return ""
}

// planJSONOfRotaplan reports whether dir/plan.json names rotaplan as the
// tool in its provenance.
func planJSONOfRotaplan(dir string) bool {
	var pj struct {
		Provenance struct {
			Tool string `json:"tool"`
		} `json:"provenance"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	return err == nil && json.Unmarshal(b, &pj) == nil && pj.Provenance.Tool == "rotaplan"
}

// comparisonOfRotaplan reports whether dir/comparison.csv starts as
// rotaplan's comparison table does.
func comparisonOfRotaplan(dir string) bool {
	f, err := os.Open(filepath.Join(dir, "comparison.csv"))
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, len(document.UTF8BOM+"指标"))
	_, err = io.ReadFull(f, head)
	return err == nil && string(head) == document.UTF8BOM+"指标"
}

// write fills a temporary folder beside o, adds the marker and renames it
// into place. An existing folder is swapped with it in one step where the
// system can (Linux), and otherwise moved aside first; the old folder is
// removed once the new one is there, and a failure before that leaves the
// folder as it was. It first removes the stale temporary folders that
// killed runs left beside o, and checks again that an existing folder may
// be replaced, since the run may have taken long. (A folder that a run
// killed between the two renames left aside is put back by checkOutDir,
// before the work.)
func (o *outDir) write(fill func(dir string) error) (err error) {
	parent, base := filepath.Dir(o.path), filepath.Base(o.path)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeStale(parent, base, true)
	exists, err := o.stillWritable()
	if err != nil {
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
	if err := writeMarker(tmp, o.kind); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if !exists {
		return os.Rename(tmp, o.path)
	}
	if swapDirs(tmp, o.path) == nil {
		// tmp holds the old folder now. The new one is in place, so a
		// failure to remove the old one is no failure of the write: a
		// later write removes it once it is stale.
		_ = os.RemoveAll(tmp)
		return nil
	}
	// Where folders cannot be swapped in one step, the old one is moved
	// aside first; a run killed between the two renames leaves it there
	// for the next run's checkOutDir to put back (restoreInterrupted).
	old, err := os.MkdirTemp(parent, "."+base+".old-*")
	if err != nil {
		return err
	}
	// Rename needs the target gone; the name stays reserved only briefly.
	if err := os.Remove(old); err != nil {
		return err
	}
	if err := os.Rename(o.path, old); err != nil {
		return err
	}
	if err := os.Rename(tmp, o.path); err != nil {
		if rerr := os.Rename(old, o.path); rerr != nil {
			return fmt.Errorf("%w (and restoring %s from %s failed: %v)", err, o.path, old, rerr)
		}
		return err
	}
	_ = os.RemoveAll(old) // as above: the new folder is in place
	return nil
}

// stillWritable checks o again just before it is replaced and reports
// whether it exists.
func (o *outDir) stillWritable() (exists bool, err error) {
	st, err := os.Stat(o.path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case err != nil:
		return false, err
	case !st.IsDir():
		return false, fmt.Errorf("%s exists and is not a folder", o.path)
	}
	empty, err := isEmptyDir(o.path)
	if err != nil || empty {
		return true, err
	}
	if why := ownership(o.path, o.kind); why != "" {
		return false, fmt.Errorf("%s is not empty and %s; it was left as it is", o.path, why)
	}
	if !o.force {
		return false, fmt.Errorf("%s is no longer empty; it was left as it is", o.path)
	}
	return true, nil
}

// writeMarker writes the marker of a folder of the given kind into dir,
// listing the files already there.
func writeMarker(dir, kind string) error {
	m := marker{Tool: "rotaplan", Kind: kind, Version: version, Files: []string{}}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		m.Files = append(m.Files, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		return err
	}
	slices.Sort(m.Files)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, markerName), append(b, '\n'), 0o644)
}

// isEmptyDir reports whether the folder dir has no entries.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	_, err = f.ReadDir(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}

// restoreInterrupted puts back the output folder base in dir when a run
// killed while replacing it left it moved aside as ".BASE.old-N" and
// nothing (or an empty folder) in its place. Only a whole copy that
// rotaplan's command kind wrote is put back (see wholeCopy), the newest if
// there are several. It returns the name of the folder put back, or ""
// when nothing was.
func restoreInterrupted(dir, base, kind string) string {
	target := filepath.Join(dir, base)
	st, err := os.Lstat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err == nil && st.IsDir():
		if empty, err := isEmptyDir(target); err != nil || !empty {
			return ""
		}
	default:
		return ""
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var best string
	var bestTime time.Time
	for _, e := range entries {
		if !e.IsDir() || tempKind(e.Name(), base) != "old" {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if !wholeCopy(p, kind) {
			continue
		}
		if t := newest(p); best == "" || t.After(bestTime) {
			best, bestTime = e.Name(), t
		}
	}
	if best == "" {
		return ""
	}
	if st != nil && os.Remove(target) != nil { // the empty folder in its place
		return ""
	}
	if os.Rename(filepath.Join(dir, best), target) != nil {
		return ""
	}
	return best
}

// wholeCopy reports whether dir is a folder that rotaplan's command kind
// wrote, with its marker and every file the marker lists, as regular files:
// a copy half removed by a killed run is no output to put back.
func wholeCopy(dir, kind string) bool {
	if ownership(dir, kind) != "" {
		return false
	}
	m, err := readMarker(filepath.Join(dir, markerName))
	if err != nil || len(m.Files) == 0 {
		return false
	}
	for _, f := range m.Files {
		st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil || !st.Mode().IsRegular() {
			return false
		}
	}
	return true
}

// superseded reports whether old, a ".BASE.old-N" folder beside base, is
// what a later write replaced: base is a folder rotaplan wrote, of the
// same command as old when old still has its marker. While base is
// missing, or is another command's folder, old may be the only copy of an
// output and is kept.
func superseded(base, old string) bool {
	m, err := readMarker(filepath.Join(base, markerName))
	if err != nil || m.Tool != "rotaplan" {
		return false
	}
	om, err := readMarker(filepath.Join(old, markerName))
	return err != nil || om.Kind == m.Kind
}

// removeStale removes what killed atomic writes of base left in dir: the
// temporary folders ".BASE.tmp-N" and ".BASE.old-N" (folders true) or the
// temporary files ".BASE.tmp-N" (folders false), N being the digits that
// os.MkdirTemp and os.CreateTemp add, when nothing in them changed for
// staleAge; a ".BASE.old-N" only once a folder that replaced it is in
// place (superseded). Anything else, and every error, is left alone.
func removeStale(dir, base string, folders bool) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	kinds := []string{"tmp"}
	if folders {
		kinds = append(kinds, "old")
	}
	cutoff := time.Now().Add(-staleAge)
	for _, e := range entries {
		k := tempKind(e.Name(), base)
		if !slices.Contains(kinds, k) || e.IsDir() != folders || (!folders && !e.Type().IsRegular()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if k == "old" && !superseded(filepath.Join(dir, base), p) {
			continue
		}
		if newest(p).Before(cutoff) {
			os.RemoveAll(p)
		}
	}
}

// tempKind is "tmp" or "old" for a name ".BASE.tmp-N" or ".BASE.old-N"
// that an atomic write of base gives its temporaries, N being the digits
// that os.MkdirTemp and os.CreateTemp add, and "" for any other name.
func tempKind(name, base string) string {
	rest, ok := strings.CutPrefix(name, "."+base+".")
	if !ok {
		return ""
	}
	k, n, ok := strings.Cut(rest, "-")
	if !ok || (k != "tmp" && k != "old") || n == "" || strings.Trim(n, "0123456789") != "" {
		return ""
	}
	return k
}

// newest is the latest modification time of path and, for a folder, of
// everything in it; the zero time when it cannot be read.
func newest(path string) time.Time {
	var t time.Time
	_ = filepath.WalkDir(path, func(_ string, e fs.DirEntry, err error) error {
		if err != nil {
			t = time.Now() // unreadable: keep it
			return fs.SkipAll
		}
		info, err := e.Info()
		if err != nil {
			t = time.Now()
			return fs.SkipAll
		}
		if m := info.ModTime(); m.After(t) {
			t = m
		}
		return nil
	})
	return t
}

// resolve makes path absolute and resolves its symbolic links, as far as
// it exists.
func resolve(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return resolveAbs(abs), nil
}

func resolveAbs(abs string) string {
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	parent := filepath.Dir(abs)
	if parent == abs {
		return abs
	}
	return filepath.Join(resolveAbs(parent), filepath.Base(abs))
}

// within reports whether the resolved absolute path p is dir or lies
// inside it, comparing names and, where both exist, the files themselves
// (a case-insensitive file system, a bind mount).
func within(dir, p string) bool {
	ds, derr := os.Stat(dir)
	for {
		if p == dir {
			return true
		}
		if derr == nil {
			if ps, err := os.Stat(p); err == nil && os.SameFile(ds, ps) {
				return true
			}
		}
		up := filepath.Dir(p)
		if up == p {
			return false
		}
		p = up
	}
}

// checkOutFile vets the path given to an output-file flag (--xlsx, --html,
// export's -o) before any work is done: its extension is one of exts (any
// when exts is nil), its folder exists and is writable, it is not a
// folder, it is none of the inputs nor inside a dataset folder or an
// output folder, and an existing file is replaced only with force.
func checkOutFile(c *cobra.Command, flag, path string, exts []string, force bool, in outInputs, dirs ...*outDir) error {
	if path == "" {
		return nil
	}
	if exts != nil && !slices.Contains(exts, strings.ToLower(filepath.Ext(path))) {
		return usageErrorf(c, "--%s: got %s, want a file name ending in %s", flag, path, exts[0])
	}
	folder := filepath.Dir(path)
	if st, err := os.Stat(folder); err != nil || !st.IsDir() {
		return usageErrorf(c, "--%s: folder %s does not exist", flag, folder)
	}
	st, err := os.Stat(path)
	exists := err == nil
	if exists && st.IsDir() {
		return usageErrorf(c, "--%s: %s is a folder", flag, path)
	}
	abs, err := resolve(path)
	if err != nil {
		return usageErrorf(c, "--%s %s: %w", flag, path, err)
	}
	for _, d := range in.Dirs {
		if d == "" {
			continue
		}
		if da, err := resolve(d); err == nil && within(da, abs) {
			return usageErrorf(c, "--%s: %s is inside the dataset folder %s; write it elsewhere so no input is overwritten", flag, path, d)
		}
	}
	for _, f := range in.Files {
		if f == "" {
			continue
		}
		if fa, err := resolve(f); err == nil && within(fa, abs) {
			return usageErrorf(c, "--%s: %s is an input; write it elsewhere", flag, path)
		}
	}
	for _, o := range dirs {
		if o != nil && within(o.abs, abs) {
			return usageErrorf(c, "--%s: %s is inside the --%s folder %s, which is replaced as a whole; write it beside it", flag, path, o.flag, o.path)
		}
	}
	if exists && !force {
		return usageErrorf(c, "--%s: %s exists; use --force to replace it", flag, path)
	}
	if err := probeWrite(folder); err != nil {
		return usageErrorf(c, "--%s %s: cannot write in %s: %w", flag, path, folder, err)
	}
	return nil
}

// writeFileAtomic writes path through a temporary file in the same folder
// and a rename, so a reader never sees a partial file. It first removes
// the stale temporary files that killed writes of path left.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	removeStale(dir, filepath.Base(path), false)
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

// Extensions accepted by the output-file flags.
var (
	xlsxExts = []string{".xlsx"}
	htmlExts = []string{".html", ".htm"}
)
