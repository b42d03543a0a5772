package model

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"strings"
	"time"
)

// LoadOptions tunes how a dataset folder is read. The zero value detects
// everything automatically.
type LoadOptions struct {
	// Encoding forces the text encoding of every CSV file: "utf-8",
	// "gb18030" (also "gbk"), or "utf-16le". Empty detects it per file.
	// Forcing GBK on a file whose Chinese text is UTF-8 is an error, as is
	// a file whose lines are in two encodings (see DecodeText).
	Encoding string
	// Sheet names the worksheet read from XLSX files; empty means the first.
	Sheet string
	// PinsFile reads pins from this path instead of DIR/pins.csv; empty
	// means DIR/pins.* when present.
	PinsFile string
	// Now sets the default plan date when policy.toml has none; zero means
	// the current time.
	Now time.Time
}

// Dataset file names: English names are looked up first, then Chinese ones,
// each with the extensions in tableExts order. Matching ignores case.
var (
	schoolsNames   = []string{"schools", "学校", "学校信息", "学校信息表"}
	teachersNames  = []string{"teachers", "教师", "教师信息", "教师信息表"}
	distancesNames = []string{"distances", "距离", "学校距离"}
	pinsNames      = []string{"pins", "固定", "固定安排"}
	historyNames   = []string{"history", "交流记录", "交流经历"}
	wishesNames    = []string{"wishes", "志愿", "交流志愿"}
	policyNames    = []string{"policy.toml", "政策.toml"}
	tableExts      = []string{".csv", ".xlsx", ".txt", ".tsv", ".xlsm", ".xls"}
)

// Load reads and validates the county dataset in dir. It returns the
// instance and the warnings; when any error is found it returns every
// problem of every file in an *InputError and a nil instance. Problems of
// one kind beyond MaxProblemsPerKind are counted in a summary problem
// rather than listed.
//
// Dataset files must be regular files, or symbolic links to regular files
// inside or outside dir, of at most MaxFileBytes; folders, devices and
// named pipes under a dataset file's name are reported, never read. The
// tables must hold data rows: schools.csv and teachers.csv with a header
// only are errors, distances.csv with a header only a warning, and pins.csv,
// history.csv and wishes.csv with a header only are empty templates.
//
// The optional history.csv (交流记录.csv) and wishes.csv (志愿.csv) give
// the teachers' past and current stints and their ranked wishes; without
// them the instance is as before they existed: every teacher's continuous
// service starts at joined_school and nobody has wishes. The optional
// pairs.csv (结对.csv) pairs source schools with the receiving schools they
// support (对口帮扶); a header only is an empty template.
func Load(dir string, opt LoadOptions) (*Instance, Problems, error) {
	fi, err := os.Stat(dir)
	if err != nil || !fi.IsDir() {
		msg := "dataset folder not found"
		switch {
		case err == nil:
			msg = "not a folder; want the dataset folder holding schools.csv and teachers.csv"
		case !errors.Is(err, fs.ErrNotExist):
			msg = fmt.Sprintf("cannot open dataset folder: %v", err)
		}
		probs := Problems{{Severity: Error, File: dir, Message: msg}}
		return nil, probs, &InputError{Problems: probs}
	}
	in, probs, err := LoadFS(dirFS{os.DirFS(dir), dir}, opt)
	if in != nil {
		in.Dir = dir
	}
	return in, probs, err
}

// LoadFS is Load for a dataset at the root of fsys, such as an embedded
// sample county. opt.PinsFile, when set, is still read from the operating
// system's file system. Instance.Dir is left empty.
func LoadFS(fsys fs.FS, opt LoadOptions) (*Instance, Problems, error) {
	l := &loader{fsys: fsys, opt: opt, in: &Instance{}}
	l.run()
	probs := l.probs
	probs.Sort()
	probs = capProblems(probs, lim.problemsPerKind)
	if len(probs.Errors()) > 0 {
		return nil, probs, &InputError{Problems: probs}
	}
	l.in.Index()
	return l.in, probs, nil
}

// loader holds the state of one Load.
type loader struct {
	fsys    fs.FS
	opt     LoadOptions
	in      *Instance
	probs   Problems
	names   map[string]string // lower-case file name → name in the folder
	folders map[string]bool   // lower-case names of folders

	schoolByID  map[string]int // every school row with an ID, for references
	teacherByID map[string]int
	untyped     map[int]bool // schools whose type is wrong: no stage checks
	schoolsOK   bool         // schools were read; references to them can be checked
	teachersOK  bool
	// servingGiven holds the teachers (indices into in.Teachers) whose
	// serving_school_id cell is filled, even with the post school.
	servingGiven map[int]bool
	zeros        leadingZeros     // teacher numbers by their digits without leading zeros
	schoolNames  map[string][]int // school name → schools, built on first use

	schoolRows *rowCursor // to name columns in cross-file checks
	covered    []bool     // school appears in distances.csv
	files      [8]*FileInfo
}

// Order of loader.files, the order of Instance.Files.
const (
	fileSchools = iota
	fileTeachers
	fileDistances
	filePins
	filePolicy
	fileHistory
	fileWishes
	filePairs
)

func (l *loader) run() {
	entries, err := fs.ReadDir(l.fsys, ".")
	if err != nil {
		l.errorf("", "cannot list dataset folder: %v", err)
		return
	}
	// Every entry counts, folders and special files too: a folder named
	// teachers.csv is reported as a folder, not as a missing file.
	l.names = make(map[string]string, len(entries))
	l.folders = make(map[string]bool)
	for _, e := range entries {
		k := strings.ToLower(fileNameText(e.Name()))
		if _, dup := l.names[k]; !dup {
			l.names[k] = e.Name()
			l.folders[k] = e.IsDir()
		}
	}

	l.loadPolicy()
	if t := l.table(schoolsNames, "schools.csv (学校.csv)", true); t != nil {
		l.files[fileSchools] = ptr(t.FileInfo())
		if l.hasRows(t, "school") {
			l.loadSchools(t)
		}
	}
	if t := l.table(teachersNames, "teachers.csv (教师.csv)", true); t != nil {
		l.files[fileTeachers] = ptr(t.FileInfo())
		if l.hasRows(t, "teacher") {
			l.loadTeachers(t)
		}
	}
	// History before pins: a current stint sets the serving school, which
	// the pins' rules read.
	if t := l.table(historyNames, "", false); t != nil {
		l.files[fileHistory] = ptr(t.FileInfo())
		l.loadHistory(t)
	}
	if t := l.table(wishesNames, "", false); t != nil {
		l.files[fileWishes] = ptr(t.FileInfo())
		l.loadWishes(t)
	}
	if t := l.table(pairsNames, "", false); t != nil {
		l.files[filePairs] = ptr(t.FileInfo())
		l.loadPairs(t)
	}
	l.covered = make([]bool, len(l.in.Schools))
	if t := l.table(distancesNames, "", false); t != nil {
		l.files[fileDistances] = ptr(t.FileInfo())
		if t.Len() == 0 {
			l.probs = append(l.probs, Problem{Severity: Warning, File: t.Name, Line: t.HeaderLine,
				Message: "no data rows below the header: distances are computed from the coordinates"})
		}
		l.loadDistances(t)
	}
	// A pins file with a header only is a template with no pins yet.
	if l.opt.PinsFile != "" {
		data, err := ReadFile(l.opt.PinsFile)
		switch {
		case errIsFile(err):
			l.errorf(l.opt.PinsFile, "pins file %v", err)
		case err != nil:
			l.errorf(l.opt.PinsFile, "cannot read pins file: %v", unwrapPath(err))
		default:
			if t := l.parse(l.opt.PinsFile, data); t != nil {
				l.files[filePins] = ptr(t.FileInfo())
				l.loadPins(t)
			}
		}
	} else if t := l.table(pinsNames, "", false); t != nil {
		l.files[filePins] = ptr(t.FileInfo())
		l.loadPins(t)
	}
	l.misnamed(entries)
	l.sheetUnused()
	l.validate()
	for _, f := range l.files {
		if f != nil {
			l.in.Files = append(l.in.Files, *f)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// hasRows reports whether the required table t has data rows, and records
// an error when it has a header only; what names one row, as "school".
func (l *loader) hasRows(t *Table, what string) bool {
	if t.Len() > 0 {
		return true
	}
	l.probs = append(l.probs, Problem{Severity: Error, File: t.Name, Line: t.HeaderLine,
		Message: fmt.Sprintf("no data rows below the header: want one row per %s", what)})
	return false
}

// errorf records an error about a whole file.
func (l *loader) errorf(file, format string, args ...any) {
	l.probs = append(l.probs, Problem{Severity: Error, File: file, Message: fmt.Sprintf(format, args...)})
}

// find returns the folder's name of the first dataset file matching one of
// the base names with one of the extensions (bases carrying their own
// extension match as they are), and warns about other matches. A folder
// matches only when nothing else does, to be reported as a folder.
func (l *loader) find(bases []string, exts []string) string {
	var found, folder string
	for _, b := range bases {
		cands := []string{b}
		if path.Ext(b) == "" {
			cands = cands[:0]
			for _, e := range exts {
				cands = append(cands, b+e)
			}
		}
		for _, c := range cands {
			k := strings.ToLower(c)
			name, ok := l.names[k]
			switch {
			case !ok:
				continue
			case l.folders[k]:
				if folder == "" {
					folder = name
				}
				continue
			case found == "":
				found = name
				continue
			}
			l.probs = append(l.probs, Problem{Severity: Warning, File: name,
				Message: fmt.Sprintf("ignored: %s is used instead", found)})
		}
	}
	if found == "" {
		return folder
	}
	return found
}

// table finds, reads and parses one dataset table; it records a problem and
// returns nil when the file is missing (and required) or unreadable.
func (l *loader) table(bases []string, want string, required bool) *Table {
	name := l.find(bases, tableExts)
	if name == "" {
		if required {
			l.errorf(want, "missing file: the dataset folder needs %s (also .xlsx or .txt)", want)
		}
		return nil
	}
	data, ok := l.read(name)
	if !ok {
		return nil
	}
	return l.parse(fileNameText(name), data)
}

// read reads the dataset file name (see readRegular), recording a problem
// when it cannot.
func (l *loader) read(name string) ([]byte, bool) {
	data, err := readRegular(l.fsys, name)
	switch {
	case errIsFile(err):
		l.errorf(name, "%v", err)
	case err != nil:
		l.errorf(name, "cannot read: %v", unwrapPath(err))
	default:
		return data, true
	}
	return nil, false
}

// parse reads table bytes, turning read errors into problems.
func (l *loader) parse(name string, data []byte) *Table {
	t, err := ParseTable(name, data, LoadOptions{Encoding: l.opt.Encoding, Sheet: l.opt.Sheet})
	if err != nil {
		p := Problem{Severity: Error, File: name, Message: "cannot read table: " + err.Error()}
		var le *LineError
		if errors.As(err, &le) {
			p.Line, p.Message = le.Line, "cannot read table: "+le.Err.Error()
		}
		l.probs = append(l.probs, p)
		return nil
	}
	l.probs = append(l.probs, t.Warnings...)
	if t.Header == nil {
		l.errorf(name, "empty file: want a header row and one row per record")
		return nil
	}
	return t
}

// unwrapPath drops the path of an fs.PathError; problems already name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// loadPolicy reads policy.toml when present; else the defaults apply.
func (l *loader) loadPolicy() {
	now := l.opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	name := l.find(policyNames, nil)
	if name == "" {
		l.in.Policy = DefaultPolicy(DefaultPlanDate(now))
		return
	}
	data, ok := l.read(name)
	if !ok {
		l.in.Policy = DefaultPolicy(DefaultPlanDate(now))
		return
	}
	sum := sha256.Sum256(data)
	enc, err := detectEncoding(data, "")
	if err != nil {
		enc = EncUTF8
	}
	l.files[filePolicy] = &FileInfo{Name: name, SHA256: hex.EncodeToString(sum[:]), Encoding: enc}
	p, probs := DecodePolicy(name, data, now)
	l.in.Policy = p
	l.probs = append(l.probs, probs...)
}

// sheetUnused warns when a worksheet was named (--sheet) but no table of
// the dataset was read from a workbook: the name then chose nothing.
func (l *loader) sheetUnused() {
	if l.opt.Sheet == "" {
		return
	}
	for _, f := range l.files {
		if f != nil && f.Encoding == "xlsx" {
			return
		}
	}
	l.probs = append(l.probs, Problem{Severity: Warning,
		Message: fmt.Sprintf("worksheet %q was named, but no table of the dataset is a workbook (.xlsx): it is ignored", l.opt.Sheet)})
}
