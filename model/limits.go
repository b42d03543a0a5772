package model

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
)

// Limits on what a dataset file may hold. A county has fewer than 20,000
// teachers and a prefecture fewer than 200,000, so the limits leave room for
// five prefectures in one file; they exist so that a damaged or hostile file
// (a zip bomb, a symlink to /dev/zero, a row of millions of commas) is
// refused with a message instead of exhausting memory.
const (
	// MaxFileBytes bounds the size of a dataset file as stored.
	MaxFileBytes = 256 << 20
	// MaxTableRows bounds the non-empty rows of a table, header included.
	MaxTableRows = 1_000_000
	// MaxTableCells bounds the cells read from a table, empty ones included
	// (1,000,000 rows of 20 columns).
	MaxTableCells = 20_000_000
	// MaxTableColumns bounds the header of a table: a roster has a few
	// dozen columns, so a thousand means stray cells far to the right.
	MaxTableColumns = 1000
	// MaxWorkbookBytes bounds the size of an XLSX workbook unzipped, as
	// its zip directory declares it; archive/zip refuses a part that
	// unzips to more than it declares.
	MaxWorkbookBytes = 256 << 20
	// MaxWorkbookRatio bounds how many times larger than the file a
	// workbook of more than 16 MB unzips to. Workbooks Excel and WPS write
	// unzip to 5 to 20 times their size; zip bombs to hundreds.
	MaxWorkbookRatio = 100
	// MaxWorkbookParts bounds the number of files in an XLSX zip archive.
	MaxWorkbookParts = 10_000
	// MaxProblemsPerKind is how many problems of one kind (same file,
	// column, severity and message but for values and numbers) Load lists;
	// the rest are counted in one summary problem.
	MaxProblemsPerKind = 20
)

// workbookRatioFloor is the unzipped size above which MaxWorkbookRatio
// applies; a smaller workbook is harmless whatever its ratio.
const workbookRatioFloor = 16 << 20

// limits are the limits in force; tests lower them to stay fast.
type limits struct {
	fileBytes       int64
	rows, cells     int
	columns         int
	workbookBytes   int64
	workbookRatio   int64
	ratioFloor      int64
	workbookParts   int
	problemsPerKind int
}

var lim = limits{
	fileBytes:       MaxFileBytes,
	rows:            MaxTableRows,
	cells:           MaxTableCells,
	columns:         MaxTableColumns,
	workbookBytes:   MaxWorkbookBytes,
	workbookRatio:   MaxWorkbookRatio,
	ratioFloor:      workbookRatioFloor,
	workbookParts:   MaxWorkbookParts,
	problemsPerKind: MaxProblemsPerKind,
}

// fileError is a dataset file that is refused before it is read: not a
// regular file, or too large. Its message is meant to follow the file name.
type fileError struct{ msg string }

func (e *fileError) Error() string { return e.msg }

// readRegular reads the file name of fsys. It reads only regular files: a
// symbolic link is followed (inside or outside the folder, as os.DirFS
// does) only when it ends at a regular file, so a link to /dev/zero, a
// named pipe or a device is refused without reading. Files larger than
// MaxFileBytes are refused, checked before reading and while reading (a
// file may grow, and some special files report size 0). Other errors are
// those of fsys, such as fs.ErrNotExist.
func readRegular(fsys fs.FS, name string) ([]byte, error) {
	fi, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The file may have been replaced between Stat and Open.
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkRegular(fi); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	buf.Grow(int(fi.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, lim.fileBytes+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > lim.fileBytes {
		return nil, tooLarge(int64(buf.Len()), true)
	}
	return buf.Bytes(), nil
}

// checkRegular refuses what is not a regular file of at most lim.fileBytes.
func checkRegular(fi fs.FileInfo) error {
	m := fi.Mode()
	switch {
	case m.IsDir():
		return &fileError{"is a folder, not a file"}
	case m.IsRegular():
		if fi.Size() > lim.fileBytes {
			return tooLarge(fi.Size(), false)
		}
		return nil
	}
	kind := "special file"
	switch {
	case m&fs.ModeSymlink != 0:
		kind = "symbolic link that cannot be followed"
	case m&fs.ModeNamedPipe != 0:
		kind = "named pipe"
	case m&fs.ModeSocket != 0:
		kind = "socket"
	case m&fs.ModeDevice != 0:
		kind = "device"
	}
	return &fileError{"is a " + kind + ", not a regular file"}
}

// tooLarge is the error of a file of size bytes above lim.fileBytes, or of
// a file found larger while reading when more is set.
func tooLarge(size int64, more bool) error {
	if more {
		return &fileError{fmt.Sprintf("is larger than the limit of %s for a dataset file", formatBytes(lim.fileBytes))}
	}
	return &fileError{fmt.Sprintf("is %s, above the limit of %s for a dataset file",
		formatBytes(size), formatBytes(lim.fileBytes))}
}

// ReadFile reads the file at path for the commands: a regular file (a
// symbolic link to one) of at most MaxFileBytes, like every dataset file.
func ReadFile(path string) ([]byte, error) { return readRegular(hostFS{}, path) }

// hostFS opens paths of the operating system as they are given, relative or
// absolute, for files named outside the dataset folder.
type hostFS struct{}

func (hostFS) Open(name string) (fs.File, error)     { return os.Open(name) }
func (hostFS) Stat(name string) (fs.FileInfo, error) { return os.Stat(name) }

// checkWorkbook reads the zip directory of an XLSX workbook and refuses it
// before anything is unzipped when it has too many parts, unzips to more
// than lim.workbookBytes, or unzips to more than lim.workbookRatio times its
// size (a zip bomb).
func checkWorkbook(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("read workbook: %w", err)
	}
	if len(zr.File) > lim.workbookParts {
		return fmt.Errorf("workbook has %s parts, above the limit of %s: it is damaged or not an Excel workbook",
			formatCount(int64(len(zr.File))), formatCount(int64(lim.workbookParts)))
	}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total < f.UncompressedSize64 || total > 1<<62 {
			total = 1 << 62 // a size no archive really has
		}
	}
	size := int64(total)
	if size > lim.workbookBytes {
		return fmt.Errorf("workbook unzips to %s, above the limit of %s: save the sheet as CSV, or delete unused sheets and pictures",
			formatBytes(size), formatBytes(lim.workbookBytes))
	}
	if size > lim.ratioFloor && size/lim.workbookRatio > int64(len(data)) {
		return fmt.Errorf("workbook unzips to %s from %s, more than %d times its size: it is damaged or a zip bomb; save the sheet as CSV",
			formatBytes(size), formatBytes(int64(len(data))), lim.workbookRatio)
	}
	return nil
}

// errTooManyRows and errTooManyCells are tables beyond lim.rows and lim.cells.
func errTooManyRows() error {
	return fmt.Errorf("more than %s rows, the limit for a dataset file: one row per school or teacher is expected; is it the right file?",
		formatCount(int64(lim.rows)))
}

func errTooManyColumns(n int) error {
	return fmt.Errorf("the header has %s columns, more than the limit of %s: delete stray values far right of the table",
		formatCount(int64(n)), formatCount(int64(lim.columns)))
}

func errTooManyCells() error {
	return fmt.Errorf("more than %s cells, the limit for a dataset file: delete stray values far right of or below the table",
		formatCount(int64(lim.cells)))
}

// formatBytes writes a size as 814 KB, 210 MB or 1.5 GB.
func formatBytes(n int64) string {
	units := []struct {
		size int64
		name string
	}{{1 << 30, "GB"}, {1 << 20, "MB"}, {1 << 10, "KB"}}
	for _, u := range units {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.name)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// formatCount writes n with thousands separators: 1,000,000.
func formatCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// capProblems lists at most perKind problems of each kind and replaces the
// others of the kind by one summary problem of the same severity, file and
// column, placed at the first line left out: "… and 980 more like this in
// column km (lines 22-1001)". A kind is the severity, file, column and
// message with the values, numbers and Chinese names taken out (see
// appendKind). ps must be sorted; the result is sorted. Errors stay errors:
// a dataset with errors is still rejected, only the listing is shorter.
func capProblems(ps Problems, perKind int) Problems {
	if perKind <= 0 || len(ps) <= perKind {
		return ps
	}
	// Most problems are in small groups of a file and column; only large
	// groups are split by message.
	type place struct {
		sev          Severity
		file, column string
	}
	sizes := make(map[place]int)
	for _, p := range ps {
		sizes[place{p.Severity, p.File, p.Column}]++
	}
	type group struct {
		shown, more         int
		first               Problem // the first problem left out
		firstLine, lastLine int
	}
	groups := make(map[place]map[string]*group)
	var order []*group // groups with problems left out, by their first
	var buf []byte
	out := make(Problems, 0, len(ps))
	for _, p := range ps {
		at := place{p.Severity, p.File, p.Column}
		if sizes[at] <= perKind {
			out = append(out, p)
			continue
		}
		kinds := groups[at]
		if kinds == nil {
			kinds = make(map[string]*group)
			groups[at] = kinds
		}
		buf = appendKind(buf[:0], p.Message, p.Value)
		g := kinds[string(buf)]
		if g == nil {
			g = &group{}
			kinds[string(buf)] = g
		}
		if g.shown < perKind {
			g.shown++
			out = append(out, p)
			continue
		}
		if g.more == 0 {
			g.first, g.firstLine = p, p.Line
			order = append(order, g)
		}
		g.more++
		g.lastLine = p.Line
	}
	if len(order) == 0 {
		return ps
	}
	for _, g := range order {
		var b strings.Builder
		fmt.Fprintf(&b, "… and %s more like this", formatCount(int64(g.more)))
		if g.first.Column != "" {
			fmt.Fprintf(&b, " in column %s", g.first.Column)
		}
		switch {
		case g.firstLine == 0:
		case g.firstLine == g.lastLine:
			fmt.Fprintf(&b, " (line %d)", g.firstLine)
		default:
			fmt.Fprintf(&b, " (lines %d-%d)", g.firstLine, g.lastLine)
		}
		out = append(out, Problem{Severity: g.first.Severity, File: g.first.File, Line: g.firstLine,
			Column: g.first.Column, Message: b.String(), Omitted: g.more - 1})
	}
	out.Sort()
	return out
}

// appendKind appends to buf the kind of a problem's message: the message
// with its value replaced by a placeholder, quoted text emptied, runs of
// digits written # and runs of non-ASCII text (Chinese names) written …, so
// that "duplicate teacher_id T7, first on line 3" and "duplicate teacher_id
// T9, first on line 5" are one kind.
func appendKind(buf []byte, msg, value string) []byte {
	quoted := false
	var last byte
	for i := 0; i < len(msg); {
		if value != "" && !quoted && strings.HasPrefix(msg[i:], value) {
			buf = append(buf, 0)
			last = 0
			i += len(value)
			continue
		}
		c := msg[i]
		i++
		w := c
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
			continue
		case c >= '0' && c <= '9':
			w = '#'
		case c >= 0x80:
			w = 0x80 // a run of non-ASCII bytes
		}
		if (w == '#' || w == 0x80) && w == last {
			continue
		}
		buf = append(buf, w)
		last = w
	}
	return buf
}

// errIsFile reports whether err is a fileError, whose message follows the
// file name in a problem.
func errIsFile(err error) bool {
	var fe *fileError
	return errors.As(err, &fe)
}

// Capped lists at most MaxProblemsPerKind problems of each kind, as the
// loader does, for problems found after loading; ps must be sorted.
func (ps Problems) Capped() Problems { return capProblems(ps, lim.problemsPerKind) }
