package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
)

// The tests of this file build every folder they write, replace or refuse
// inside t.TempDir(): a fake dataset, a fake home, a fake current folder.

// tree reads every file under dir, by slash-separated relative path;
// folders map to "/".
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		if e.IsDir() {
			out[filepath.ToSlash(rel)] = "/"
			return nil
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	}))
	return out
}

// writeTree writes files, by slash-separated path relative to dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
	}
}

// absDataset is a copy of the sample county in a new temporary folder, by
// absolute path.
func absDataset(t *testing.T) string {
	t.Helper()
	ds, err := filepath.Abs(copyDataset(t, sampleCounty))
	require.NoError(t, err)
	return ds
}

// planMarker is the marker of a plan folder, as rotaplan writes it.
const planMarker = `{"tool": "rotaplan", "kind": "plan", "version": "dev", "files": ["plan.csv"]}`

// legacyPlanJSON is the start of a plan.json of rotaplan from before the
// marker.
const legacyPlanJSON = `{"provenance": {"tool": "rotaplan", "version": "v0.9.0"}, "status": "gap"}`

// quickPlan are the flags of a plan run in these tests: the search stops
// right after the construction.
var quickPlan = []string{"--iterations", "200", "--threads", "1", "--gap", "0.5", "--time-limit", "20s"}

func plan(ds, out string, extra ...string) []string {
	return append(append([]string{"plan", ds, "--out", out}, quickPlan...), extra...)
}

func TestForceReplacesOnlyOurFolders(t *testing.T) {
	ds := absDataset(t)
	scenario := func(t *testing.T, tmp string) string {
		toml := filepath.Join(tmp, "s.toml")
		writeTree(t, tmp, map[string]string{"s.toml": "name = \"s\"\nbase = " + `"` + filepath.ToSlash(ds) + `"` + "\n"})
		return toml
	}
	tests := []struct {
		name string
		// setup builds the output folder in tmp and returns the command line.
		setup      func(t *testing.T, tmp, out string) []string
		wantCode   int
		wantStderr string
	}{
		{"plan over a former plan folder with a foreign file", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"plan.json": legacyPlanJSON, "plan.csv": "x", "notes.txt": "mine"})
			return plan(ds, out, "--force")
		}, exitBadInput, "holds notes.txt, which rotaplan plan does not write"},
		{"plan over a marked plan folder with a foreign file", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{markerName: planMarker, "plan.csv": "x", "sub/notes.txt": "mine"})
			return plan(ds, out, "--force")
		}, exitBadInput, "holds sub, which rotaplan plan did not write"},
		{"plan over a folder gen wrote", func(t *testing.T, tmp, out string) []string {
			r := run(t, "gen", "--size", "small", "--out", out)
			require.Equal(t, exitOK, r.code, r.stderr)
			return plan(ds, out, "--force")
		}, exitBadInput, "rotaplan gen wrote it"},
		{"plan over a plan.json of another tool", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"plan.json": `{"provenance": {"tool": "other"}}`, "plan.csv": "x"})
			return plan(ds, out, "--force")
		}, exitBadInput, "has neither the .rotaplan marker nor a plan.json of rotaplan plan"},
		{"plan over a marker of another tool", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{markerName: `{"tool": "other", "kind": "plan", "files": ["plan.csv"]}`, "plan.csv": "x"})
			return plan(ds, out, "--force")
		}, exitBadInput, "its .rotaplan is not a marker rotaplan wrote"},
		{"gen over a marker edited to list a foreign file", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{markerName: `{"tool": "rotaplan", "kind": "gen", "version": "dev", "files": ["thesis.docx"]}`,
				"thesis.docx": "precious"})
			return []string{"gen", "--size", "small", "--out", out, "--force"}
		}, exitBadInput, "holds thesis.docx, which rotaplan gen did not write"},
		{"plan over a marker edited to list a nested file", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{markerName: `{"tool": "rotaplan", "kind": "plan", "version": "dev", "files": ["a/b.csv"]}`,
				"a/b.csv": "precious"})
			return plan(ds, out, "--force")
		}, exitBadInput, "which rotaplan plan did not write"},
		{"gen over a county without a marker", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"schools.csv": "mine", "teachers.csv": "mine", "policy.toml": "mine"})
			return []string{"gen", "--size", "small", "--out", out, "--force"}
		}, exitBadInput, "has no .rotaplan marker, so it may be a county's own data"},
		{"gen over its county with a pins file added", func(t *testing.T, tmp, out string) []string {
			r := run(t, "gen", "--size", "small", "--out", out)
			require.Equal(t, exitOK, r.code, r.stderr)
			writeTree(t, out, map[string]string{"pins.csv": "teacher_id,action,to_school_id\n"})
			return []string{"gen", "--size", "small", "--seed", "2", "--out", out, "--force"}
		}, exitBadInput, "holds pins.csv, which rotaplan gen did not write"},
		{"scenario over a folder with a foreign file", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"comparison.csv": document.UTF8BOM + "指标 (figure),s\n", "notes.txt": "mine"})
			return []string{"scenario", "run", scenario(t, tmp), "--iterations", "200", "--out", out, "--force"}
		}, exitBadInput, "holds notes.txt, which rotaplan scenario does not write"},
		{"gen over a folder gen wrote", func(t *testing.T, tmp, out string) []string {
			r := run(t, "gen", "--size", "small", "--out", out)
			require.Equal(t, exitOK, r.code, r.stderr)
			return []string{"gen", "--size", "small", "--seed", "2", "--out", out, "--force"}
		}, exitOK, "seed 2"},
		{"plan over a folder plan wrote", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{markerName: planMarker, "plan.csv": "x"})
			return plan(ds, out, "--force")
		}, exitOK, "wrote " + "%OUT%"},
		{"plan over a former plan folder", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"plan.json": legacyPlanJSON, "plan.csv": "x", "report.txt": "x", "schools.csv": "x"})
			return plan(ds, out, "--force")
		}, exitOK, "wrote " + "%OUT%"},
		{"scenario over a former scenario folder", func(t *testing.T, tmp, out string) []string {
			writeTree(t, out, map[string]string{"comparison.csv": document.UTF8BOM + "指标 (figure),old\n", "comparison.xlsx": "x",
				"old/plan.csv": "x", "old/schools.csv": "x", "old/plan.xlsx": "x"})
			return []string{"scenario", "run", scenario(t, tmp), "--iterations", "200", "--out", out, "--force"}
		}, exitOK, "wrote " + "%OUT%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			out := filepath.Join(tmp, "out")
			args := tt.setup(t, tmp, out)
			before := tree(t, out)
			r := run(t, args...)
			assert.Equal(t, tt.wantCode, r.code, "got exit %d, want %d; stderr:\n%s", r.code, tt.wantCode, r.stderr)
			assert.Contains(t, r.stderr, strings.ReplaceAll(tt.wantStderr, "%OUT%", out))
			after := tree(t, out)
			if tt.wantCode != exitOK {
				assert.Empty(t, r.stdout, "a refused run must not plan")
				assert.Equal(t, before, after, "a refused run must leave the folder alone")
				return
			}
			assert.NotEqual(t, before, after, "got the folder unchanged, want it replaced")
			var m marker
			require.NoError(t, json.Unmarshal([]byte(after[markerName]), &m), "the new folder's marker")
			assert.Equal(t, "rotaplan", m.Tool)
			assert.Equal(t, args[0], m.Kind)
			for name, text := range after {
				if name != markerName && text != "/" {
					assert.Contains(t, m.Files, name, "got %s unlisted in the marker %v", name, m.Files)
				}
			}
			entries, err := os.ReadDir(tmp)
			require.NoError(t, err)
			for _, e := range entries {
				assert.False(t, strings.HasPrefix(e.Name(), ".out."), "got %s left beside the output", e.Name())
			}
		})
	}
}

func TestOutDirRefusesInputsAndHomes(t *testing.T) {
	ours := map[string]string{markerName: planMarker, "plan.csv": "x"}
	tests := []struct {
		name string
		// setup builds the scene in tmp around the dataset ds and returns
		// the command line and the folder that must stay as it is.
		setup      func(t *testing.T, tmp, ds string) (args []string, keep string)
		wantStderr string
	}{
		{"the dataset", func(t *testing.T, tmp, ds string) ([]string, string) {
			return plan(ds, ds, "--force"), ds
		}, "is the dataset folder"},
		{"the dataset with a dot", func(t *testing.T, tmp, ds string) ([]string, string) {
			return plan(ds, ds+string(filepath.Separator)+".", "--force"), ds
		}, "is the dataset folder"},
		{"the dataset through a link", func(t *testing.T, tmp, ds string) ([]string, string) {
			link := filepath.Join(tmp, "link")
			if err := os.Symlink(ds, link); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			return plan(ds, link, "--force"), ds
		}, "is the dataset folder"},
		{"a parent of the dataset", func(t *testing.T, tmp, ds string) ([]string, string) {
			return plan(ds, filepath.Dir(ds), "--force"), filepath.Dir(ds)
		}, "contains the dataset folder"},
		{"inside the dataset", func(t *testing.T, tmp, ds string) ([]string, string) {
			return plan(ds, filepath.Join(ds, "plan")), ds
		}, "is inside the dataset folder"},
		{"the folder of the pins", func(t *testing.T, tmp, ds string) ([]string, string) {
			p := filepath.Join(tmp, "pins")
			writeTree(t, p, map[string]string{"pins.csv": "teacher_id,action,to_school_id\n"})
			return plan(ds, p, "--force", "--pins", filepath.Join(p, "pins.csv")), p
		}, "contains the input"},
		{"the current folder", func(t *testing.T, tmp, ds string) ([]string, string) {
			wd := filepath.Join(tmp, "work")
			writeTree(t, wd, ours)
			t.Chdir(wd)
			return plan(ds, ".", "--force"), wd
		}, "is or contains the current folder"},
		{"a parent of the current folder", func(t *testing.T, tmp, ds string) ([]string, string) {
			wd := filepath.Join(tmp, "work", "sub")
			writeTree(t, filepath.Dir(wd), ours)
			require.NoError(t, os.Mkdir(wd, 0o755))
			t.Chdir(wd)
			return plan(ds, "..", "--force"), filepath.Dir(wd)
		}, "is or contains the current folder"},
		{"the home folder", func(t *testing.T, tmp, ds string) ([]string, string) {
			home := filepath.Join(tmp, "home")
			writeTree(t, home, ours)
			t.Setenv("HOME", home)
			t.Setenv("USERPROFILE", home)
			return plan(ds, home, "--force"), home
		}, "is or contains the home folder"},
		{"a parent of the home folder", func(t *testing.T, tmp, ds string) ([]string, string) {
			home := filepath.Join(tmp, "users", "me")
			writeTree(t, filepath.Dir(home), ours)
			require.NoError(t, os.Mkdir(home, 0o755))
			t.Setenv("HOME", home)
			t.Setenv("USERPROFILE", home)
			return plan(ds, filepath.Dir(home), "--force"), filepath.Dir(home)
		}, "is or contains the home folder"},
		{"the folder of the scenario files", func(t *testing.T, tmp, ds string) ([]string, string) {
			sc := filepath.Join(tmp, "scenarios")
			writeTree(t, sc, map[string]string{"s.toml": "name = \"s\"\nbase = " + `"` + filepath.ToSlash(ds) + `"` + "\n"})
			return []string{"scenario", "run", filepath.Join(sc, "s.toml"), "--iterations", "200", "--out", sc, "--force"}, sc
		}, "contains the input"},
		{"the base dataset of a scenario", func(t *testing.T, tmp, ds string) ([]string, string) {
			writeTree(t, tmp, map[string]string{"s.toml": "name = \"s\"\nbase = " + `"` + filepath.ToSlash(ds) + `"` + "\n"})
			return []string{"scenario", "run", filepath.Join(tmp, "s.toml"), "--iterations", "200", "--out", ds, "--force"}, ds
		}, "--out " + "%DS%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp, ds := t.TempDir(), absDataset(t)
			args, keep := tt.setup(t, tmp, ds)
			before := tree(t, keep)
			r := run(t, args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; stderr:\n%s", r.code, r.stderr)
			assert.Contains(t, r.stderr, strings.ReplaceAll(tt.wantStderr, "%DS%", ds))
			assert.Empty(t, r.stdout, "a refused run must not plan")
			assert.Equal(t, before, tree(t, keep), "got %s changed, want it left alone", keep)
		})
	}
}

// TestOutDirRoot checks the refusal of a filesystem root without running a
// command over it: checkOutDir only looks.
func TestOutDirRoot(t *testing.T) {
	root := string(filepath.Separator)
	if runtime.GOOS == "windows" {
		root = filepath.VolumeName(os.TempDir()) + `\`
	}
	c := &cobra.Command{Use: "plan"}
	_, err := checkOutDir(c, "out", root, kindPlan, false, outInputs{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "is a filesystem root")
	var ue *usageError
	assert.ErrorAs(t, err, &ue)
}

// TestStaleTemporaries leaves what killed runs leave beside an output and
// checks that the next write of that output removes its own stale ones
// and nothing else.
func TestStaleTemporaries(t *testing.T) {
	old := time.Now().Add(-time.Hour)
	age := func(t *testing.T, path string) {
		t.Helper()
		require.NoError(t, filepath.WalkDir(path, func(p string, _ fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			return os.Chtimes(p, old, old)
		}))
	}
	tests := []struct {
		name string
		args func(tmp string) []string
		// entries beside the output, true for the ones that must go; a
		// trailing slash makes a folder; "old:" makes it stale.
		entries map[string]bool
	}{
		{"gen folder", func(tmp string) []string {
			return []string{"gen", "--size", "small", "--out", filepath.Join(tmp, "out")}
		}, map[string]bool{
			"old:.out.tmp-123/":   true,
			"old:.out.old-456/":   false, // nothing replaced it yet: maybe the only copy
			".out.tmp-789/":       false, // a sibling run writing now
			"old:.other.tmp-1/":   false, // another output's
			"old:.out.tmp-12x/":   false, // not our pattern
			"old:.out.tmp-5":      false, // a file, not a folder
			"old:.out.tmp-/":      false,
			"old:out.tmp-7/":      false,
			"old:.out.backup-11/": false,
		}},
		{"plan folder", func(tmp string) []string {
			return plan(sampleCounty, filepath.Join(tmp, "out"))
		}, map[string]bool{"old:.out.tmp-1/": true, "old:.out.old-2/": false, ".out.tmp-3/": false}},
		{"export file", func(tmp string) []string {
			return []string{"export", sampleCounty, "-o", filepath.Join(tmp, "m.lp")}
		}, map[string]bool{
			"old:.m.lp.tmp-123": true,
			".m.lp.tmp-456":     false,
			"old:.m.lp.tmp-7/":  false, // a folder, not a file
			"old:.m.lp.old-8":   false,
			"old:.n.lp.tmp-9":   false,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			for e := range tt.entries {
				name, stale := strings.CutPrefix(e, "old:")
				p := filepath.Join(tmp, strings.TrimSuffix(name, "/"))
				if strings.HasSuffix(name, "/") {
					writeTree(t, p, map[string]string{"plan.csv": "x"})
				} else {
					writeTree(t, tmp, map[string]string{name: "x"})
				}
				if stale {
					age(t, p)
				}
			}
			r := run(t, tt.args(tmp)...)
			require.Equal(t, exitOK, r.code, "stderr:\n%s", r.stderr)
			for e, gone := range tt.entries {
				name, _ := strings.CutPrefix(e, "old:")
				p := filepath.Join(tmp, strings.TrimSuffix(name, "/"))
				_, err := os.Lstat(p)
				if gone {
					assert.ErrorIs(t, err, fs.ErrNotExist, "got %s kept, want it removed", name)
				} else {
					assert.NoError(t, err, "got %s removed, want it kept", name)
				}
			}
		})
	}
}

// TestInterruptedReplaceIsPutBack leaves what a run killed between the
// two renames of a replacement leaves (the output folder moved aside as
// .out.old-N, nothing in its place) and checks that the next run puts it
// back before any work: without --force it refuses (exit 2) and keeps it;
// with --force it replaces it. Only a whole copy of a folder that rotaplan
// plan wrote is put back, and what is not put back is not removed either
// while nothing replaced it.
func TestInterruptedReplaceIsPutBack(t *testing.T) {
	ds := absDataset(t)
	ours := map[string]string{markerName: `{"tool": "rotaplan", "kind": "plan", "version": "dev", "files": ["plan.csv", "plan.json"]}`,
		"plan.csv": "the approved plan", "plan.json": "{}"}
	with := func(files map[string]string, drop ...string) map[string]string {
		m := map[string]string{}
		for k, v := range files {
			if !slices.Contains(drop, k) {
				m[k] = v
			}
		}
		return m
	}
	tests := []struct {
		name    string
		aside   map[string]string // the folder .out.old-41
		emptyAt bool              // an empty folder at out
		force   bool
		wantOut map[string]string // out afterwards; nil: a new plan
		code    int
	}{
		{"kept without --force", ours, false, false, ours, exitBadInput},
		{"kept in place of an empty folder", ours, true, false, ours, exitBadInput},
		{"replaced with --force", ours, false, true, nil, exitOK},
		{"half removed: not put back", with(ours, "plan.json"), false, false, nil, exitOK},
		{"only the marker: not put back", with(ours, "plan.csv", "plan.json"), false, false, nil, exitOK},
		{"another command's: not put back", map[string]string{markerName: strings.Replace(planMarker, `"plan"`, `"gen"`, 1), "plan.csv": "x"}, false, false, nil, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			aside, out := filepath.Join(tmp, ".out.old-41"), filepath.Join(tmp, "out")
			writeTree(t, aside, tt.aside)
			if tt.emptyAt {
				require.NoError(t, os.Mkdir(out, 0o755))
			}
			args := plan(ds, out)
			if tt.force {
				args = append(args, "--force")
			}
			r := run(t, args...)
			require.Equal(t, tt.code, r.code, "stderr:\n%s", r.stderr)
			got := tree(t, out)
			if tt.wantOut != nil {
				assert.Equal(t, tt.wantOut, got)
				assert.Contains(t, r.stderr, "put back from .out.old-41")
				assert.Contains(t, r.stderr, "--force")
				assert.NotContains(t, r.stdout+r.stderr, "moves, total", "refused before the search")
				assert.NoDirExists(t, aside)
				return
			}
			assert.NotEqual(t, "the approved plan", got["plan.csv"])
			assert.Contains(t, got, "plan.json")
			if tt.force {
				assert.NoDirExists(t, aside)
			} else {
				assert.Equal(t, tt.aside, tree(t, aside), "not put back, and kept")
			}
		})
	}
}

// TestCopiesAsideGoOnlyWhenReplaced: a stale .out.old-N is removed once a
// folder of the same command replaced it, and kept beside another
// command's folder, where it may be the only copy of its output.
func TestCopiesAsideGoOnlyWhenReplaced(t *testing.T) {
	ds := absDataset(t)
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	writeTree(t, out, map[string]string{markerName: planMarker, "plan.csv": "last year's"})
	planAside := filepath.Join(tmp, ".out.old-1")
	genAside := filepath.Join(tmp, ".out.old-2")
	writeTree(t, planAside, map[string]string{markerName: planMarker, "plan.csv": "older"})
	writeTree(t, genAside, map[string]string{markerName: strings.Replace(planMarker, `"plan"`, `"gen"`, 1), "plan.csv": "x"})
	old := time.Now().Add(-time.Hour)
	for _, d := range []string{planAside, genAside} {
		for _, p := range []string{d, filepath.Join(d, "plan.csv"), filepath.Join(d, markerName)} {
			require.NoError(t, os.Chtimes(p, old, old))
		}
	}
	r := run(t, plan(ds, out, "--force")...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.NoDirExists(t, planAside)
	assert.DirExists(t, genAside)
}

// TestDanglingLinkRefused: an output named by a symbolic link to nothing
// is refused before the work, not after the search.
func TestDanglingLinkRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	tmp := t.TempDir()
	out := filepath.Join(tmp, "out")
	require.NoError(t, os.Symlink(filepath.Join(tmp, "gone"), out))
	r := run(t, plan(absDataset(t), out)...)
	assert.Equal(t, exitBadInput, r.code, r.stderr)
	assert.Contains(t, r.stderr, "symbolic link to nothing")
	assert.NotContains(t, r.stdout+r.stderr, "moves, total")
}

// TestReplaceBothWays replaces a plan folder with --force by swapping it
// in one step and, as on systems that cannot, by two renames: both leave
// the new plan in place and nothing beside it.
func TestReplaceBothWays(t *testing.T) {
	ds := absDataset(t)
	for _, swap := range []bool{true, false} {
		t.Run(fmt.Sprintf("swap=%v", swap), func(t *testing.T) {
			if !swap {
				saved := swapDirs
				swapDirs = func(a, b string) error { return errors.ErrUnsupported }
				t.Cleanup(func() { swapDirs = saved })
			}
			tmp := t.TempDir()
			out := filepath.Join(tmp, "out")
			writeTree(t, out, map[string]string{markerName: planMarker, "plan.csv": "last year's"})
			r := run(t, plan(ds, out, "--force")...)
			require.Equal(t, exitOK, r.code, r.stderr)
			got := tree(t, out)
			assert.NotEqual(t, "last year's", got["plan.csv"])
			assert.Contains(t, got, "plan.json")
			entries, err := os.ReadDir(tmp)
			require.NoError(t, err)
			assert.Len(t, entries, 1, "got %v beside the output", entries)
		})
	}
}

func TestOutFileNeedsForce(t *testing.T) {
	sharedOut, _ := samplePlan(t)
	planCSV := filepath.Join(sharedOut, "plan.csv")
	tests := []struct {
		name string
		// args returns the command line writing the file at path.
		args     func(path string) []string
		file     string // base name of the existing file
		wantCode int
	}{
		{"plan --xlsx", func(p string) []string {
			return append([]string{"plan", sampleCounty, "--xlsx", p}, quickPlan...)
		}, "a.xlsx", exitBadInput},
		{"plan --html", func(p string) []string {
			return append([]string{"plan", sampleCounty, "--html", p}, quickPlan...)
		}, "a.html", exitBadInput},
		{"score --xlsx", func(p string) []string {
			return []string{"score", sampleCounty, "--plan", planCSV, "--xlsx", p}
		}, "a.xlsx", exitBadInput},
		{"score --html", func(p string) []string {
			return []string{"score", sampleCounty, "--plan", planCSV, "--html", p}
		}, "a.html", exitBadInput},
		{"scenario --xlsx", func(p string) []string {
			return []string{"scenario", "run", examples + "base.toml", "--iterations", "200", "--xlsx", p}
		}, "a.xlsx", exitBadInput},
		{"export -o", func(p string) []string {
			return []string{"export", sampleCounty, "-o", p}
		}, "m.lp", exitBadInput},
		{"score --xlsx --force", func(p string) []string {
			return []string{"score", sampleCounty, "--plan", planCSV, "--xlsx", p, "--force"}
		}, "a.xlsx", exitOK},
		{"score --html --force", func(p string) []string {
			return []string{"score", sampleCounty, "--plan", planCSV, "--html", p, "--force"}
		}, "a.html", exitOK},
		{"export -o --force", func(p string) []string {
			return []string{"export", sampleCounty, "-o", p, "--force"}
		}, "m.lp", exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), tt.file)
			require.NoError(t, os.WriteFile(p, []byte("mine"), 0o644))
			r := run(t, tt.args(p)...)
			assert.Equal(t, tt.wantCode, r.code, "got exit %d, want %d; stderr:\n%s", r.code, tt.wantCode, r.stderr)
			got, err := os.ReadFile(p)
			require.NoError(t, err)
			if tt.wantCode == exitOK {
				assert.NotEqual(t, "mine", string(got), "got the file kept, want it replaced")
				return
			}
			assert.Contains(t, r.stderr, p+" exists; use --force to replace it")
			assert.Empty(t, r.stdout, "a refused run must not work")
			assert.Equal(t, "mine", string(got), "a refused run must leave the file alone")
		})
	}
}

// TestExportNeverOverwritesInputs writes the model over a file of a copy of
// the sample county, with --force: the input stays.
func TestExportNeverOverwritesInputs(t *testing.T) {
	ds := absDataset(t)
	target := filepath.Join(ds, "teachers.csv")
	before, err := os.ReadFile(target)
	require.NoError(t, err)
	r := run(t, "export", ds, "-o", target, "--force")
	assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; stderr:\n%s", r.code, r.stderr)
	assert.Contains(t, r.stderr, "is inside the dataset folder")
	after, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, string(before), string(after), "got the input overwritten")
}

// TestOutputNotWritable checks that an output location that cannot be
// written is refused before the dataset is read and the search run.
func TestOutputNotWritable(t *testing.T) {
	root := os.Geteuid() == 0 // root writes in read-only folders
	readOnly := func(t *testing.T, dir string) {
		t.Helper()
		require.NoError(t, os.MkdirAll(dir, 0o755))
		require.NoError(t, os.Chmod(dir, 0o555))
		t.Cleanup(func() { os.Chmod(dir, 0o755) })
	}
	tests := []struct {
		name     string
		needUser bool // the case needs permissions that bind: not root
		// setup returns the command line.
		setup      func(t *testing.T, tmp string) []string
		wantStderr string
	}{
		{"plan --out under a file", false, func(t *testing.T, tmp string) []string {
			writeTree(t, tmp, map[string]string{"file": "x"})
			return plan(sampleCounty, filepath.Join(tmp, "file", "plan"))
		}, "is not a folder"},
		{"gen --out under a file", false, func(t *testing.T, tmp string) []string {
			writeTree(t, tmp, map[string]string{"file": "x"})
			return []string{"gen", "--size", "small", "--out", filepath.Join(tmp, "file", "a", "b")}
		}, "is not a folder"},
		{"scenario --out under a file", false, func(t *testing.T, tmp string) []string {
			writeTree(t, tmp, map[string]string{"file": "x"})
			return []string{"scenario", "run", examples + "base.toml", "--iterations", "200", "--out", filepath.Join(tmp, "file", "cmp")}
		}, "is not a folder"},
		{"plan --out in a read-only folder", true, func(t *testing.T, tmp string) []string {
			readOnly(t, filepath.Join(tmp, "ro"))
			return plan(sampleCounty, filepath.Join(tmp, "ro", "plan"))
		}, "cannot write in"},
		{"plan --force over its folder in a read-only folder", true, func(t *testing.T, tmp string) []string {
			writeTree(t, filepath.Join(tmp, "ro", "plan"), map[string]string{markerName: planMarker, "plan.csv": "x"})
			readOnly(t, filepath.Join(tmp, "ro"))
			return plan(sampleCounty, filepath.Join(tmp, "ro", "plan"), "--force")
		}, "cannot write in"},
		{"plan --xlsx in a read-only folder", true, func(t *testing.T, tmp string) []string {
			readOnly(t, filepath.Join(tmp, "ro"))
			return append([]string{"plan", sampleCounty, "--xlsx", filepath.Join(tmp, "ro", "p.xlsx")}, quickPlan...)
		}, "cannot write in"},
		{"plan --html in a read-only folder", true, func(t *testing.T, tmp string) []string {
			readOnly(t, filepath.Join(tmp, "ro"))
			return append([]string{"plan", sampleCounty, "--html", filepath.Join(tmp, "ro", "p.html")}, quickPlan...)
		}, "cannot write in"},
		{"scenario --out in a read-only folder", true, func(t *testing.T, tmp string) []string {
			readOnly(t, filepath.Join(tmp, "ro"))
			return []string{"scenario", "run", examples + "base.toml", "--iterations", "200", "--out", filepath.Join(tmp, "ro", "cmp")}
		}, "cannot write in"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.needUser && (root || runtime.GOOS == "windows") {
				t.Skip("permissions do not bind root (or on Windows); the cases under a file cover the check")
			}
			tmp := t.TempDir()
			args := tt.setup(t, tmp)
			r := run(t, args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; stderr:\n%s", r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.wantStderr)
			assert.Empty(t, r.stdout, "got output, want the run refused before the search")
		})
	}
}

func TestBadSearchFlags(t *testing.T) {
	tests := []struct {
		name       string
		args       []string // "OUT" is replaced by a new folder's path
		wantStderr string
	}{
		{"plan gap NaN", []string{"plan", sampleCounty, "--gap", "NaN", "--out", "OUT"}, "--gap: got NaN, want 0 ≤ gap < 1"},
		{"plan negative iterations", []string{"plan", sampleCounty, "--iterations", "-1", "--out", "OUT"}, "--iterations: got -1, want 0"},
		{"plan negative time limit", []string{"plan", sampleCounty, "--time-limit", "-5s", "--out", "OUT"}, "--time-limit: got -5s, want 0 (no limit) or more"},
		{"scenario negative iterations", []string{"scenario", "run", examples + "base.toml", "--iterations", "-1", "--out", "OUT"}, "--iterations: got -1, want 0"},
		{"roadmap negative iterations", []string{"roadmap", sampleCounty, "--years", "1", "--iterations", "-1"}, "--iterations: got -1, want 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := slices.Clone(tt.args)
			if i := slices.Index(args, "OUT"); i >= 0 {
				args[i] = out
			}
			r := run(t, args...)
			assert.Equal(t, exitBadInput, r.code, "got exit %d, want 2; stderr:\n%s", r.code, r.stderr)
			assert.Contains(t, r.stderr, tt.wantStderr)
			assert.Contains(t, r.stderr, "--help' for usage.")
			assert.Empty(t, r.stdout)
			assert.NoDirExists(t, out)
		})
	}
}
