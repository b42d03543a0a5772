package model

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// IsDatasetFile reports whether name (a base name, no folder) is one that
// Load reads from a dataset folder: schools, teachers, distances, pins,
// history, wishes and pairs tables under their English or Chinese names with a
// table extension, or the policy file. Case is ignored, as Load ignores it.
func IsDatasetFile(name string) bool {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return false
	}
	lower := strings.ToLower(name)
	for _, p := range policyNames {
		if lower == strings.ToLower(p) {
			return true
		}
	}
	ext := path.Ext(lower)
	base := strings.TrimSuffix(lower, ext)
	known := false
	for _, e := range tableExts {
		known = known || e == ext
	}
	if !known {
		return false
	}
	for _, names := range [][]string{schoolsNames, teachersNames, distancesNames, pinsNames, historyNames, wishesNames, pairsNames} {
		for _, n := range names {
			if base == strings.ToLower(n) {
				return true
			}
		}
	}
	return false
}

// fileNameText is a file name as text: a name that is not UTF-8 is read as
// GB18030, as a zip made on Chinese Windows and unpacked elsewhere writes
// 交流记录.csv.
func fileNameText(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	if s, err := simplifiedchinese.GB18030.NewDecoder().String(name); err == nil {
		return s
	}
	return name
}

// dirFS is os.DirFS(dir) that also opens a file of the folder whose name
// is not UTF-8, which os.DirFS refuses as an invalid path: a GBK name
// such as 交流记录.csv unpacked from a zip made on Chinese Windows.
type dirFS struct {
	fs.FS
	dir string
}

func (d dirFS) Open(name string) (fs.File, error) {
	if d.raw(name) {
		return os.Open(filepath.Join(d.dir, name))
	}
	return d.FS.Open(name)
}

// Stat does not open the file, as os.DirFS does not: opening a named pipe
// would wait for a writer.
func (d dirFS) Stat(name string) (fs.FileInfo, error) {
	if d.raw(name) {
		return os.Stat(filepath.Join(d.dir, name))
	}
	return fs.Stat(d.FS, name)
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

// raw reports whether name is a file of the folder that os.DirFS refuses
// for not being UTF-8.
func (d dirFS) raw(name string) bool {
	return !utf8.ValidString(name) && !strings.ContainsAny(name, `/\`) && name != "." && name != ".."
}

// datasetTables are the tables of a dataset folder, each by its English
// and its first Chinese name, in the order they are suggested.
var datasetTables = [][]string{schoolsNames, teachersNames, historyNames, wishesNames, pairsNames, distancesNames, pinsNames}

// misnamed warns about each table file of the folder whose name is within
// two edits of a dataset table's, such as histroy.csv or wish.xlsx: Load
// does not read it, and without a word the planner would not know.
func (l *loader) misnamed(entries []fs.DirEntry) {
	for _, e := range entries {
		name := fileNameText(e.Name())
		if e.IsDir() || IsDatasetFile(name) {
			continue
		}
		lower := strings.ToLower(name)
		ext := path.Ext(lower)
		known := false
		for _, x := range tableExts {
			known = known || x == ext
		}
		base := strings.TrimSuffix(lower, ext)
		for _, x := range tableExts {
			base = strings.TrimSuffix(base, x) // history.csv.csv, with the extensions hidden
		}
		base = copySuffix.ReplaceAllString(base, "")
		if !known || utf8.RuneCountInString(base) < 3 {
			continue
		}
	tables:
		for _, names := range datasetTables {
			for _, n := range names {
				if EditDistance(base, n) <= 2 {
					l.probs = append(l.probs, Problem{Severity: Warning, File: e.Name(),
						Message: "not read: is it " + names[0] + ext + " (" + names[1] + ext + ")? rename it to be read"})
					break tables
				}
			}
		}
	}
}

// copySuffix is what a browser or Windows adds to the name of a copy:
// " (1)", " - 副本", " - copy".
var copySuffix = regexp.MustCompile(`\s*(\(\d+\)|-\s*副本|-\s*copy|副本)$`)

// EditDistance (Levenshtein) is the number of rune insertions, deletions
// and substitutions that turn a into b: how far a mistyped name is from
// the one meant.
func EditDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
