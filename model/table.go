package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Table is one tabular file read into memory: a header row and the data rows
// below it, each with the 1-based line (or worksheet row) it came from. Cells
// are trimmed of surrounding ASCII and full-width spaces; every row has
// exactly len(Header) cells.
type Table struct {
	Name       string   // file name used in problems
	Encoding   string   // one of the Enc constants
	SHA256     string   // hex digest of the bytes read
	Header     []string // header cells as written, trimmed
	HeaderLine int      // line of the header, usually 1

	// Warnings about the shape of the file, such as cells beyond the header.
	Warnings Problems

	cells []string // rows, len(Header) cells each
	lines []int
}

// Len is the number of data rows.
func (t *Table) Len() int { return len(t.lines) }

// Row returns the cells of data row i; the slice aliases the table.
func (t *Table) Row(i int) []string {
	w := len(t.Header)
	return t.cells[i*w : (i+1)*w : (i+1)*w]
}

// Line returns the 1-based line of data row i.
func (t *Table) Line(i int) int { return t.lines[i] }

// FileInfo returns the provenance record of the table.
func (t *Table) FileInfo() FileInfo {
	return FileInfo{Name: t.Name, SHA256: t.SHA256, Encoding: t.Encoding}
}

// LineError is a table that cannot be read at some line.
type LineError struct {
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// ReadTable reads the CSV, text or XLSX file at path; the table is named by
// the path as given. Like Load, it reads only a regular file (or a symbolic
// link to one) of at most MaxFileBytes.
func ReadTable(path string, opt LoadOptions) (*Table, error) {
	data, err := ReadFile(path)
	if err != nil {
		if errIsFile(err) {
			return nil, fmt.Errorf("read table: %s %w", path, err)
		}
		return nil, fmt.Errorf("read table: %w", err)
	}
	return ParseTable(path, data, opt)
}

// ParseTable reads the bytes of a table file. The name chooses the format:
// .xlsx and .xlsm are workbooks (so is any file starting like a zip
// archive); anything else is delimited text whose encoding and delimiter
// (comma, tab or semicolon) are detected, unless opt.Encoding forces the
// encoding. Errors that belong to a line are *LineError.
//
// Tables beyond the limits of limits.go (MaxFileBytes, MaxTableRows,
// MaxTableCells, and for workbooks MaxWorkbookBytes and MaxWorkbookRatio)
// are refused with an error naming the limit.
func ParseTable(name string, data []byte, opt LoadOptions) (*Table, error) {
	if int64(len(data)) > lim.fileBytes {
		return nil, fmt.Errorf("file %w", tooLarge(int64(len(data)), false))
	}
	sum := sha256.Sum256(data)
	t := &Table{Name: name, SHA256: hex.EncodeToString(sum[:])}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, []byte{0xd0, 0xcf, 0x11, 0xe0}):
		return nil, errors.New("old Excel .xls workbooks are not supported; save it as .xlsx or CSV")
	case (ext == ".xlsx" || ext == ".xlsm") && !bytes.HasPrefix(data, []byte("PK")):
		// Every workbook is a zip archive; this is a file renamed.
		return nil, fmt.Errorf("not an XLSX workbook: it does not start like one; is it a CSV or text file named %s? rename it to .csv", ext)
	case ext == ".xlsx" || ext == ".xlsm" || bytes.HasPrefix(data, []byte("PK\x03\x04")):
		t.Encoding = EncXLSX
		if err := readXLSX(t, data, opt.Sheet); err != nil {
			return nil, err
		}
	case ext == ".xls":
		return nil, errors.New("old Excel .xls workbooks are not supported; save it as .xlsx or CSV")
	default:
		text, enc, err := DecodeText(data, opt.Encoding)
		if err != nil {
			return nil, err
		}
		t.Encoding = enc
		if err := readDelimited(t, text); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// headerScan is how many leading rows may precede the header (a title row
// such as "某某县学校信息表" that Excel users put on top).
const headerScan = 10

// tableBuilder collects rows into a Table, finding the header on the way.
type tableBuilder struct {
	t       *Table
	pending [][]string // rows before the header was settled, with their lines
	pendLn  []int
	extra   int // rows with non-empty cells beyond the header
	extraLn int // line of the first such row
	rows    int // non-empty rows read, for lim.rows
	cells   int // cells read, empty ones included, for lim.cells
}

// read adds one record of width cells read at line, counting it against
// lim.rows and lim.cells. rec may be reused by the caller.
func (b *tableBuilder) read(rec []string, line, width int) error {
	b.cells += max(width, len(b.t.Header)) // a short row is padded to the header
	if b.cells > lim.cells {
		return errTooManyCells()
	}
	if b.add(rec, line) {
		if n := len(b.t.Header); n > lim.columns {
			return errTooManyColumns(n)
		}
		b.rows++
		if b.rows > lim.rows {
			return errTooManyRows()
		}
	}
	return nil
}

// add appends one record read at line and reports whether it had a
// non-empty cell. rec may be reused by the caller.
func (b *tableBuilder) add(rec []string, line int) bool {
	empty := true
	for i, c := range rec {
		c = cleanCell(c)
		rec[i] = c
		if c != "" {
			empty = false
		}
	}
	if empty {
		return false
	}
	t := b.t
	if t.Header == nil {
		// The header is the first row with two or more non-empty cells; rows
		// above it are titles. Without such a row in the first few, the
		// first row is the header.
		if nonEmpty(rec) >= 2 {
			b.setHeader(rec, line)
			return true
		}
		b.pending = append(b.pending, append([]string(nil), rec...))
		b.pendLn = append(b.pendLn, line)
		if len(b.pending) > headerScan {
			b.settle()
		}
		return true
	}
	w := len(t.Header)
	n := min(len(rec), w)
	t.cells = append(t.cells, rec[:n]...)
	for range w - n {
		t.cells = append(t.cells, "")
	}
	for _, c := range rec[n:] {
		if c != "" {
			if b.extra == 0 {
				b.extraLn = line
			}
			b.extra++
			break
		}
	}
	t.lines = append(t.lines, line)
	return true
}

func (b *tableBuilder) setHeader(rec []string, line int) {
	h := make([]string, len(rec))
	copy(h, rec)
	// Trailing empty header cells (Excel's used range) are dropped.
	for len(h) > 0 && h[len(h)-1] == "" {
		h = h[:len(h)-1]
	}
	b.t.Header = h
	b.t.HeaderLine = line
}

// settle makes the first pending row the header and adds the others as data.
func (b *tableBuilder) settle() {
	pending, lines := b.pending, b.pendLn
	b.pending, b.pendLn = nil, nil
	b.setHeader(pending[0], lines[0])
	for i := 1; i < len(pending); i++ {
		b.add(pending[i], lines[i])
	}
}

// finish settles the header when only rows with a single cell were seen and
// reports rows wider than the header.
func (b *tableBuilder) finish() {
	t := b.t
	if t.Header == nil && len(b.pending) > 0 {
		b.settle()
	}
	if b.extra > 0 {
		t.Warnings = append(t.Warnings, Problem{
			Severity: Warning, File: t.Name, Line: b.extraLn,
			Message: fmt.Sprintf("%d row(s) have values beyond the last header column; they are ignored", b.extra),
		})
	}
}

func nonEmpty(rec []string) int {
	n := 0
	for _, c := range rec {
		if c != "" {
			n++
		}
	}
	return n
}

// cleanCell trims spaces and unwraps Excel's ="0123" text-protection idiom.
func cleanCell(c string) string {
	if c == "" {
		return c
	}
	if first, last := c[0], c[len(c)-1]; first > ' ' && first < 0x80 && first != '=' && last > ' ' && last < 0x80 {
		return c // the common case: nothing to trim
	}
	c = strings.Trim(c, " \t\r\n\u3000\u00a0\ufeff")
	if len(c) >= 3 && c[0] == '=' && c[1] == '"' && c[len(c)-1] == '"' && !strings.Contains(c[2:len(c)-1], `"`) {
		c = c[2 : len(c)-1]
	}
	return c
}

// readDelimited reads CSV or tab-separated UTF-8 text.
func readDelimited(t *Table, text []byte) error {
	// Classic Mac line ends (CR only) become LF.
	if bytes.IndexByte(text, '\n') < 0 && bytes.IndexByte(text, '\r') >= 0 {
		text = bytes.ReplaceAll(text, []byte{'\r'}, []byte{'\n'})
	}
	r := csv.NewReader(bytes.NewReader(text))
	r.Comma = detectDelimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	b := tableBuilder{t: t}
	// The fields are at most the delimiters and line ends; refuse a file
	// beyond the cell limit before the CSV reader holds a huge record.
	comma := []byte(string(r.Comma))
	lines := bytes.Count(text, []byte{'\n'}) + 1
	fields := bytes.Count(text, comma) + lines
	if fields > lim.cells {
		return errTooManyCells()
	}
	// Room for the rows, guessed from the line count and the first line.
	first := text[:max(0, bytes.IndexByte(text, '\n'))]
	cols := bytes.Count(first, comma) + 1
	t.cells = make([]string, 0, min(lines*cols, fields))
	t.lines = make([]int, 0, min(lines, lim.rows))
	runaway := false // a quoted cell swallowing lines was reported
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return &LineError{Line: pe.Line, Err: pe.Err}
			}
			return err
		}
		line, _ := r.FieldPos(0)
		if !runaway {
			for i, c := range rec {
				if n := strings.Count(c, "\n"); n >= runawayLines {
					runaway = true
					at, _ := r.FieldPos(i)
					t.Warnings = append(t.Warnings, Problem{Severity: Warning, File: t.Name, Line: at,
						Message: fmt.Sprintf("a quoted cell starting here runs over %d lines: is its closing quote (\") missing? the lines inside it are not read as rows", n+1)})
					break
				}
			}
		}
		if err := b.read(rec, line, len(rec)); err != nil {
			return err
		}
	}
	b.finish()
	return nil
}

// runawayLines is how many line breaks make a quoted cell suspect: a note
// may run over a few lines, a missing closing quote swallows the rest of
// the file.
const runawayLines = 5

// detectDelimiter picks comma, tab or semicolon, whichever occurs most often
// outside quotes on the first non-empty line; comma on a tie or none.
func detectDelimiter(text []byte) rune {
	for len(text) > 0 {
		line := text
		if i := bytes.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = nil
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var comma, tab, semi int
		quoted := false
		for _, c := range line {
			switch c {
			case '"':
				quoted = !quoted
			case ',':
				if !quoted {
					comma++
				}
			case '\t':
				if !quoted {
					tab++
				}
			case ';':
				if !quoted {
					semi++
				}
			}
		}
		switch {
		case tab > comma && tab >= semi:
			return '\t'
		case semi > comma && semi > tab:
			return ';'
		}
		return ','
	}
	return ','
}

// readXLSX reads one worksheet. Text cells are taken as they are; numeric
// cells as the number typed (never in scientific notation, so long IDs stay
// whole), dates as YYYY-MM-DD, zero-padded formats such as 000123 and
// booleans as displayed. The zip directory is checked against the workbook
// limits before excelize unzips anything, and rows are streamed so that
// reading stops at the row and cell limits.
func readXLSX(t *Table, data []byte, sheet string) (err error) {
	defer func() {
		// excelize is large; a malformed workbook must not crash the caller.
		if r := recover(); r != nil {
			err = fmt.Errorf("read workbook: malformed file (%v)", r)
		}
	}()
	if err := checkWorkbook(data); err != nil {
		return err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: lim.workbookBytes, UnzipXMLSizeLimit: lim.workbookBytes,
	})
	if err != nil {
		return fmt.Errorf("read workbook: %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return errors.New("workbook has no worksheet")
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if !containsString(sheets, sheet) {
		return fmt.Errorf("workbook has no sheet %q, it has %s", sheet, strings.Join(sheets, ", "))
	}
	// Two iterators in step: the cells as displayed and as stored.
	shown, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	defer shown.Close()
	raw, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	defer raw.Close()
	x := xlsxCells{f: f, sheet: sheet, dateStyle: map[int]bool{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		x.date1904 = *props.Date1904
	}
	b := tableBuilder{t: t}
	for r := 0; shown.Next(); r++ {
		raw.Next()
		row, err := shown.Columns()
		if err != nil {
			return &LineError{Line: r + 1, Err: fmt.Errorf("read sheet %s: %w", sheet, err)}
		}
		rawRow, err := raw.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &LineError{Line: r + 1, Err: fmt.Errorf("read sheet %s: %w", sheet, err)}
		}
		for c := range row {
			rv := ""
			if c < len(rawRow) {
				rv = rawRow[c]
			}
			row[c] = x.value(r, c, row[c], rv)
		}
		if err := b.read(row, r+1, max(len(row), len(rawRow))); err != nil {
			return err
		}
	}
	if err := shown.Error(); err != nil {
		return fmt.Errorf("read sheet %s: %w", sheet, err)
	}
	b.finish()
	return nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// xlsxCells chooses the text of a worksheet cell.
type xlsxCells struct {
	f         *excelize.File
	sheet     string
	date1904  bool
	dateStyle map[int]bool // style index → has a date format
}

// value returns the text of the cell at 0-based row r, column c, given its
// displayed and raw values.
func (x *xlsxCells) value(r, c int, shown, raw string) string {
	if shown == raw {
		if strings.ContainsAny(raw, "eE") && x.isNumber(r, c) {
			return canonicalNumber(raw)
		}
		return raw
	}
	num, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || math.IsNaN(num) || math.IsInf(num, 0) {
		return shown // text, or a boolean shown as TRUE/FALSE
	}
	if shown == "TRUE" || shown == "FALSE" {
		return shown
	}
	if x.isDate(r, c) {
		if tm, err := excelize.ExcelDateToTime(num, x.date1904); err == nil {
			return tm.Format("2006-01-02")
		}
		return shown
	}
	if isDigits(shown) {
		return shown // a zero-padded format such as 000123
	}
	return plainNumber(num)
}

// isNumber reports whether the cell holds a number rather than text.
func (x *xlsxCells) isNumber(r, c int) bool {
	cell, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false
	}
	ct, err := x.f.GetCellType(x.sheet, cell)
	return err == nil && (ct == excelize.CellTypeNumber || ct == excelize.CellTypeUnset)
}

// isDate reports whether the cell's number format shows a date or time.
func (x *xlsxCells) isDate(r, c int) bool {
	cell, err := excelize.CoordinatesToCellName(c+1, r+1)
	if err != nil {
		return false
	}
	idx, err := x.f.GetCellStyle(x.sheet, cell)
	if err != nil {
		return false
	}
	if d, ok := x.dateStyle[idx]; ok {
		return d
	}
	d := false
	if st, err := x.f.GetStyle(idx); err == nil && st != nil {
		d = isDateFormat(st.NumFmt, st.CustomNumFmt)
	}
	x.dateStyle[idx] = d
	return d
}

// isDateFormat reports whether a built-in or custom number format shows a
// date or a time.
func isDateFormat(id int, custom *string) bool {
	if custom != nil {
		return isDateCode(*custom)
	}
	switch {
	case id >= 14 && id <= 22, id >= 27 && id <= 36, id >= 45 && id <= 47,
		id >= 50 && id <= 58, id >= 71 && id <= 81:
		return true
	}
	return false
}

// isDateCode scans a custom format code for date or time letters outside
// quoted text, escapes and [brackets].
func isDateCode(code string) bool {
	if strings.EqualFold(code, "general") {
		return false
	}
	quoted, bracket := false, false
	for i := 0; i < len(code); i++ {
		ch := code[i]
		switch {
		case quoted:
			if ch == '"' {
				quoted = false
			}
		case bracket:
			if ch == ']' {
				bracket = false
			}
		case ch == '"':
			quoted = true
		case ch == '[':
			bracket = true
		case ch == '\\' || ch == '_' || ch == '*':
			i++ // escaped or padding character
		default:
			switch ch | 0x20 {
			case 'y', 'm', 'd', 'h', 's':
				return true
			}
		}
	}
	return false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// canonicalNumber rewrites a number in scientific notation (as a workbook
// stores 4.30123456789012E+17) in plain digits; other text is unchanged.
func canonicalNumber(s string) string {
	if !strings.ContainsAny(s, "eE") || strings.ContainsAny(s, " \t") {
		return s
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return s
	}
	return plainNumber(v)
}

// plainNumber formats v as Excel shows it in a wide General cell: at most 15
// significant digits, no exponent.
func plainNumber(v float64) string {
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'e', 14, 64), 64)
	if err != nil {
		r = v
	}
	if math.Abs(r) >= 1e21 || (r != 0 && math.Abs(r) < 1e-9) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
