package model

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// setLimits changes the limits in force for the rest of the test.
func setLimits(t testing.TB, change func(l *limits)) {
	t.Helper()
	old := lim
	t.Cleanup(func() { lim = old })
	change(&lim)
}

// bombXLSX returns a valid workbook whose first sheet unzips to about size
// bytes of identical rows. The sheet is one deflated 1 MB chunk of rows
// repeated: deflate blocks ending in a flush are byte-aligned and refer only
// to their own data, so copies of them concatenate into one valid stream,
// and a 210 MB sheet is made in milliseconds.
func bombXLSX(t testing.TB, size int) []byte {
	t.Helper()
	base := xlsxBytes(t, func(f *excelize.File, s string) {
		require.NoError(t, f.SetSheetRow(s, "A1", &[]any{"teacher_id", "name"}))
	})
	const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	const tail = `</sheetData></worksheet>`
	const row = `<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>`
	chunk := []byte(strings.Repeat(row, (1<<20)/len(row)))

	deflate := func(data []byte, final bool) []byte {
		var buf bytes.Buffer
		w, err := flate.NewWriter(&buf, flate.BestCompression)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
		if final {
			require.NoError(t, w.Close())
		} else {
			require.NoError(t, w.Flush())
		}
		return buf.Bytes()
	}
	n := max(1, size/len(chunk))
	packed := deflate(chunk, false)
	var comp bytes.Buffer
	comp.Write(deflate([]byte(head), false))
	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	for range n {
		comp.Write(packed)
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	comp.Write(deflate([]byte(tail), true))
	crc = crc32.Update(crc, crc32.IEEETable, []byte(tail))
	unzipped := uint64(len(head) + n*len(chunk) + len(tail))

	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	require.NoError(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			w, err := zw.CreateRaw(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, CRC32: crc,
				CompressedSize64: uint64(comp.Len()), UncompressedSize64: unzipped})
			require.NoError(t, err)
			_, err = w.Write(comp.Bytes())
			require.NoError(t, err)
			continue
		}
		require.NoError(t, zw.Copy(f))
	}
	require.NoError(t, zw.Close())
	return out.Bytes()
}

// TestBombXLSXIsValid checks the generator: a small bomb, under the ratio
// floor, is a workbook excelize reads row by row.
func TestBombXLSXIsValid(t *testing.T) {
	data := bombXLSX(t, 256<<10)
	tab, err := ParseTable("bomb.xlsx", data, LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "y"}, tab.Header)
	assert.Greater(t, tab.Len(), 2000, "got %d rows, want the rows of 256 KB", tab.Len())
}

func TestParseTableWorkbookLimits(t *testing.T) {
	normal := xlsxBytes(t, func(f *excelize.File, s string) {
		for r := 1; r <= 300; r++ {
			require.NoError(t, f.SetSheetRow(s, fmt.Sprintf("A%d", r), &[]any{fmt.Sprintf("T%05d", r), "张三", r}))
		}
	})
	wide := xlsxBytes(t, func(f *excelize.File, s string) {
		require.NoError(t, f.SetSheetRow(s, "A1", &[]any{"a", "b"}))
		for r := 2; r <= 5; r++ {
			require.NoError(t, f.SetCellValue(s, fmt.Sprintf("ZZ%d", r), "stray"))
		}
	})
	tests := []struct {
		name   string
		data   []byte
		limits func(l *limits)
		want   []string // parts of the error; none means no error
	}{
		// The finding: 814 KB unzipping to 210 MB of sheet took 76 s and
		// 7.3 GB. It is refused from the zip directory, before unzipping.
		{"zip bomb of 210 MB", bombXLSX(t, 210<<20), nil,
			[]string{"workbook unzips to 210.", "KB, more than 100 times its size", "zip bomb"}},
		{"unzipped size above the limit", bombXLSX(t, 2<<20),
			func(l *limits) { l.workbookBytes, l.ratioFloor = 1<<20, 1<<40 },
			[]string{"workbook unzips to 2.", "above the limit of 1 MB"}},
		{"normal ratio above the floor", normal, func(l *limits) { l.ratioFloor = 0 }, nil},
		{"too many parts", normal, func(l *limits) { l.workbookParts = 3 },
			[]string{"parts, above the limit of 3"}},
		{"too many rows", normal, func(l *limits) { l.rows = 100 },
			[]string{"more than 100 rows"}},
		{"rows at the limit", normal, func(l *limits) { l.rows = 300 }, nil},
		{"too many cells", wide, func(l *limits) { l.cells = 1000 },
			[]string{"more than 1,000 cells"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limits != nil {
				setLimits(t, tt.limits)
			}
			_, err := ParseTable("teachers.xlsx", tt.data, LoadOptions{})
			if tt.want == nil {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w, "got %q, want it to contain %q", err, w)
			}
		})
	}
}

// wideHeader is a header line of n named columns.
func wideHeader(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "c%d", i)
	}
	b.WriteByte('\n')
	return b.String()
}

func TestParseTableSizeLimits(t *testing.T) {
	rows := func(n int) string {
		var b strings.Builder
		b.WriteString("a,b,c\n")
		for i := range n {
			fmt.Fprintf(&b, "%d,x,y\n", i)
		}
		return b.String()
	}
	tests := []struct {
		name   string
		data   string
		limits func(l *limits)
		want   string // part of the error; empty means no error
	}{
		{"rows above the limit", rows(200), func(l *limits) { l.rows = 100 }, "more than 100 rows"},
		{"rows at the limit", rows(99), func(l *limits) { l.rows = 100 }, ""},
		{"blank lines are not rows", rows(99) + strings.Repeat("\n", 500), func(l *limits) { l.rows = 100 }, ""},
		{"cells above the limit", rows(200), func(l *limits) { l.cells = 500 }, "more than 500 cells"},
		{"a line of commas", "a,b\n" + strings.Repeat(",", 10_000) + "\n", func(l *limits) { l.cells = 5000 }, "more than 5,000 cells"},
		{"file above the limit", rows(200), func(l *limits) { l.fileBytes = 1 << 10 }, "above the limit of 1 KB for a dataset file"},
		// A few hundred KB of header names made rows padded to 100,000
		// columns and gigabytes of memory.
		{"header wider than the limit", wideHeader(MaxTableColumns+1) + rows(3)[6:], nil, "the header has 1,001 columns, more than the limit of 1,000"},
		{"header at the limit", wideHeader(MaxTableColumns) + rows(3)[6:], nil, ""},
		{"short rows padded to a wide header count", wideHeader(900) + rows(200)[6:], func(l *limits) { l.cells = 100_000 }, "more than 100,000 cells"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.limits != nil {
				setLimits(t, tt.limits)
			}
			_, err := ParseTable("teachers.csv", []byte(tt.data), LoadOptions{})
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestLoadWorkbookBomb is the finding end to end: one problem naming the
// file and the limit, not a problem per row.
func TestLoadWorkbookBomb(t *testing.T) {
	fsys := miniFS(t, edit{"teachers.csv", "", "-"})
	fsys["teachers.xlsx"] = &fstest.MapFile{Data: bombXLSX(t, 210<<20)}
	_, probs, err := LoadFS(fsys, LoadOptions{})
	require.Error(t, err)
	require.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
	assert.Equal(t, "teachers.xlsx", probs[0].File)
	assert.Contains(t, probs[0].Message, "more than 100 times its size")
}

// osDataset writes the mini dataset to a folder and returns its path.
func osDataset(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range miniFS(t) {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), f.Data, 0o644))
	}
	return dir
}

func TestLoadSpecialFiles(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "shared-teachers.csv")
	require.NoError(t, os.WriteFile(outside, []byte(miniTeachers), 0o644))
	unix := runtime.GOOS != "windows"
	tests := []struct {
		name    string
		skip    bool
		setup   func(t *testing.T, dir string) // changes the mini dataset
		opt     LoadOptions
		file    string // problem's file, relative to dir unless absolute
		message string // part of the error; empty means the load succeeds
	}{
		{
			name: "folder named teachers.csv",
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Remove(p))
				require.NoError(t, os.Mkdir(p, 0o755))
			},
			file: "teachers.csv", message: "is a folder, not a file",
		},
		{
			name: "folder named teachers.csv beside 教师.csv",
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Rename(p, filepath.Join(dir, "教师.csv")))
				require.NoError(t, os.Mkdir(p, 0o755))
			},
		},
		{
			name: "folder named policy.toml",
			setup: func(t *testing.T, dir string) {
				require.NoError(t, os.Mkdir(filepath.Join(dir, "policy.toml"), 0o755))
			},
			file: "policy.toml", message: "is a folder, not a file",
		},
		{
			// Before, this read without end.
			name: "symlink to /dev/zero", skip: !unix,
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Remove(p))
				require.NoError(t, os.Symlink("/dev/zero", p))
			},
			file: "teachers.csv", message: "is a device, not a regular file",
		},
		{
			name: "named pipe", skip: !unix,
			setup: func(t *testing.T, dir string) {
				if _, err := exec.LookPath("mkfifo"); err != nil {
					t.Skip("no mkfifo")
				}
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Remove(p))
				require.NoError(t, exec.Command("mkfifo", p).Run())
			},
			file: "teachers.csv", message: "is a named pipe, not a regular file",
		},
		{
			name: "dangling symlink", skip: !unix,
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Remove(p))
				require.NoError(t, os.Symlink(filepath.Join(dir, "nope.csv"), p))
			},
			file: "teachers.csv", message: "cannot read:",
		},
		{
			// A symlink to a regular file is followed, inside or outside
			// the folder: one roster may serve several scenario folders.
			name: "symlink to a regular file outside the folder", skip: !unix,
			setup: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "teachers.csv")
				require.NoError(t, os.Remove(p))
				require.NoError(t, os.Symlink(outside, p))
			},
		},
		{
			name: "file above the size limit",
			setup: func(t *testing.T, dir string) {
				setLimits(t, func(l *limits) { l.fileBytes = 256 })
			},
			file: "schools.csv", message: "above the limit of 256 bytes for a dataset file",
		},
		{
			name: "pins file that is a folder",
			setup: func(t *testing.T, dir string) {
				require.NoError(t, os.Mkdir(filepath.Join(dir, "my-pins.csv"), 0o755))
			},
			opt:  LoadOptions{PinsFile: "my-pins.csv"},
			file: "my-pins.csv", message: "pins file is a folder, not a file",
		},
		{
			name: "pins file linked to /dev/zero", skip: !unix,
			setup: func(t *testing.T, dir string) {
				require.NoError(t, os.Symlink("/dev/zero", filepath.Join(dir, "zero.csv")))
			},
			opt:  LoadOptions{PinsFile: "zero.csv"},
			file: "zero.csv", message: "pins file is a device",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.skip {
				t.Skip("needs Unix symlinks and devices")
			}
			dir := osDataset(t)
			tt.setup(t, dir)
			opt := tt.opt
			file := filepath.Join(dir, tt.file)
			if opt.PinsFile != "" {
				opt.PinsFile = filepath.Join(dir, opt.PinsFile)
				file = opt.PinsFile
			}
			in, probs, err := Load(dir, opt)
			if tt.message == "" {
				require.NoError(t, err, "got problems:\n%s", problemList(probs))
				assert.Len(t, in.Teachers, 4)
				return
			}
			require.Error(t, err)
			for _, p := range probs {
				if p.Severity == Error && (p.File == tt.file || p.File == file) && strings.Contains(p.Message, tt.message) {
					return
				}
			}
			t.Errorf("got problems:\n%swant an error on %s containing %q", problemList(probs), tt.file, tt.message)
		})
	}
}

func TestReadRegular(t *testing.T) {
	fsys := fstest.MapFS{
		"a.csv":        {Data: []byte("a,b\n1,2\n")},
		"folder.csv/x": {Data: []byte("x")},
		"pipe.csv":     {Mode: fs.ModeNamedPipe},
		"link.csv":     {Data: []byte("a.csv"), Mode: fs.ModeSymlink},
	}
	tests := []struct {
		name, file, want string
	}{
		{"regular", "a.csv", ""},
		{"folder", "folder.csv", "is a folder, not a file"},
		{"pipe", "pipe.csv", "is a named pipe, not a regular file"},
		{"missing", "nope.csv", "file does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := readRegular(fsys, tt.file)
			if tt.want == "" {
				require.NoError(t, err)
				assert.Equal(t, "a,b\n1,2\n", string(data))
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
	t.Run("ReadTable of a folder", func(t *testing.T) {
		dir := t.TempDir()
		_, err := ReadTable(dir, LoadOptions{})
		assert.ErrorContains(t, err, "is a folder, not a file")
	})
	t.Run("file grown past the limit while read", func(t *testing.T) {
		setLimits(t, func(l *limits) { l.fileBytes = 4 })
		_, err := readRegular(growingFS{}, "grows.csv")
		assert.ErrorContains(t, err, "larger than the limit of 4 bytes")
	})
}

// growingFS has one regular file that claims size 0 (as files under /proc
// do) and reads as 1 KB.
type growingFS struct{}

func (growingFS) Open(string) (fs.File, error) { return &growingFile{}, nil }

type growingFile struct{ n int }

func (f *growingFile) Stat() (fs.FileInfo, error) {
	return fstest.MapFS{"f": {}}.Stat("f")
}

func (f *growingFile) Read(p []byte) (int, error) {
	if f.n >= 1024 {
		return 0, io.EOF
	}
	n := min(len(p), 1024-f.n)
	f.n += n
	return n, nil
}

func (f *growingFile) Close() error { return nil }

func TestLoadHeaderOnly(t *testing.T) {
	schoolsHeader := strings.SplitAfter(miniSchools, "\n")[0]
	teachersHeader := strings.SplitAfter(miniTeachers, "\n")[0]
	tests := []struct {
		name     string
		edits    []edit
		severity Severity
		file     string
		message  string // empty: no problem at all
	}{
		{"schools", []edit{{"schools.csv", miniSchools, schoolsHeader}},
			Error, "schools.csv", "no data rows below the header: want one row per school"},
		{"teachers", []edit{{"teachers.csv", miniTeachers, teachersHeader}},
			Error, "teachers.csv", "no data rows below the header: want one row per teacher"},
		{"distances", []edit{{"distances.csv", "", "from_school_id,to_school_id,km\n"}},
			Warning, "distances.csv", "no data rows below the header: distances are computed from the coordinates"},
		{"pins", []edit{{"pins.csv", "", "teacher_id,action,to_school_id\n"}}, Warning, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs, err := LoadFS(miniFS(t, tt.edits...), LoadOptions{})
			if tt.message == "" {
				require.NoError(t, err)
				assert.Empty(t, probs, "got problems:\n%s", problemList(probs))
				return
			}
			if tt.severity == Error {
				require.Error(t, err)
				// Only the one problem: no noise about references to the
				// missing rows.
				assert.Len(t, probs, 1, "got problems:\n%s", problemList(probs))
			} else {
				require.NoError(t, err)
			}
			require.NotEmpty(t, probs)
			p := probs[0]
			assert.Equal(t, tt.severity, p.Severity)
			assert.Equal(t, tt.file, p.File)
			assert.Equal(t, 1, p.Line, "got line %d, want the header's 1", p.Line)
			assert.Contains(t, p.Message, tt.message)
		})
	}
}

func TestLoadCapsProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.SplitAfter(miniTeachers, "\n")[0])
	for i := range 500 {
		fmt.Fprintf(&b, "T%d,张三,x,1980-01,S1,primary,chinese,bachelor,none,2010-09\n", i)
	}
	b.WriteString("T9999,张三,male,1980-01,S9,primary,chinese,bachelor,none,2010-09\n")
	_, probs, err := LoadFS(miniFS(t, edit{"teachers.csv", miniTeachers, b.String()}), LoadOptions{})
	var ie *InputError
	require.ErrorAs(t, err, &ie, "capped errors are still errors")

	var gender, summaries []Problem
	unknown := false
	for _, p := range probs {
		switch {
		case strings.HasPrefix(p.Message, "…"):
			summaries = append(summaries, p)
		case p.Column == "gender":
			gender = append(gender, p)
		case p.Line == 502 && p.Column == "school_id":
			unknown = true
		}
	}
	assert.Len(t, gender, MaxProblemsPerKind, "got %d gender errors listed, want %d", len(gender), MaxProblemsPerKind)
	assert.True(t, unknown, "got no error for the unknown school on line 502, another kind")
	require.Len(t, summaries, 1, "got problems:\n%s", problemList(probs))
	s := summaries[0]
	assert.Equal(t, Problem{Severity: Error, File: "teachers.csv", Line: 22, Column: "gender",
		Message: "… and 480 more like this in column gender (lines 22-501)", Omitted: 479}, s)
	assert.Equal(t, 503, probs.ErrorCount(), "got %d errors counted, want 500 bad genders, the unknown school and two schools without teachers:\n%s", probs.ErrorCount(), problemList(probs.Errors()))
	assert.IsNonDecreasing(t, fileLines(probs), "problems are sorted")
}

func TestCapProblems(t *testing.T) {
	p := func(line int, col, value, msg string) Problem {
		return Problem{Severity: Error, File: "t.csv", Line: line, Column: col, Value: value, Message: msg}
	}
	tests := []struct {
		name string
		in   Problems
		want Problems
	}{
		{
			name: "under the cap",
			in:   Problems{p(2, "a", "x", `got "x"`), p(3, "a", "y", `got "y"`)},
			want: Problems{p(2, "a", "x", `got "x"`), p(3, "a", "y", `got "y"`)},
		},
		{
			name: "values, numbers and names differ, one kind",
			in: Problems{
				p(2, "id", "T1", "duplicate teacher_id T1, first on line 1"),
				p(3, "id", "X9", "duplicate teacher_id X9, first on line 2"),
				p(4, "id", "Q7", "duplicate teacher_id Q7, first on line 3"),
				p(5, "id", "Z3", "duplicate teacher_id Z3, first on line 4"),
			},
			want: Problems{
				p(2, "id", "T1", "duplicate teacher_id T1, first on line 1"),
				p(3, "id", "X9", "duplicate teacher_id X9, first on line 2"),
				{Severity: Error, File: "t.csv", Line: 4, Column: "id", Message: "… and 2 more like this in column id (lines 4-5)", Omitted: 1},
			},
		},
		{
			name: "severities, files, columns and messages apart",
			in: Problems{
				{Severity: Error, File: "s.csv", Line: 2, Column: "a", Message: "too big"},
				p(2, "a", "1", "too big"),
				{Severity: Warning, File: "t.csv", Line: 2, Column: "a", Message: "too big"},
				p(2, "b", "1", "too big"),
				p(3, "a", "1", "too small"), p(4, "a", "1", "too big"), p(5, "a", "2", "too big"),
			},
			want: Problems{
				{Severity: Error, File: "s.csv", Line: 2, Column: "a", Message: "too big"},
				p(2, "a", "1", "too big"),
				{Severity: Warning, File: "t.csv", Line: 2, Column: "a", Message: "too big"},
				p(2, "b", "1", "too big"),
				p(3, "a", "1", "too small"), p(4, "a", "1", "too big"),
				{Severity: Error, File: "t.csv", Line: 5, Column: "a", Message: "… and 1 more like this in column a (line 5)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := capProblems(tt.in, 2)
			assert.Equal(t, tt.want, got, "got:\n%swant:\n%s", problemList(got), problemList(tt.want))
		})
	}
}

func TestAppendKind(t *testing.T) {
	kind := func(p Problem) string {
		return string(appendKind(nil, p.Message, p.Value))
	}
	same := [][2]Problem{
		{
			{Value: "初中", Message: "post school S1 城关小学 is a primary (小学) school and teaches no junior (初中) stage"},
			{Value: "初中", Message: "post school S23 青山小学 is a primary (小学) school and teaches no junior (初中) stage"},
		},
		{
			{Value: "-3", Message: `got "-3", want a number ≥ 0`},
			{Value: "abc", Message: `got "abc", want a number ≥ 0`},
		},
		{
			{Value: "T7", Message: "duplicate teacher_id T7, first on line 3"},
			{Value: "X9", Message: "duplicate teacher_id X9, first on line 25"},
		},
	}
	for _, pair := range same {
		assert.Equal(t, kind(pair[0]), kind(pair[1]), "got different kinds for %q and %q", pair[0].Message, pair[1].Message)
	}
	differ := [][2]Problem{
		{{Message: "too big"}, {Message: "too small"}},
		{{Value: "T7", Message: "duplicate teacher_id T7"}, {Value: "T7", Message: "unknown teacher T7"}},
	}
	for _, pair := range differ {
		assert.NotEqual(t, kind(pair[0]), kind(pair[1]), "got one kind for %q and %q", pair[0].Message, pair[1].Message)
	}
}

func TestFormatSizes(t *testing.T) {
	bytesTests := []struct {
		n    int64
		want string
	}{
		{512, "512 bytes"}, {1 << 10, "1 KB"}, {814 << 10, "814 KB"}, {256 << 20, "256 MB"},
		{210<<20 + 1<<19, "210.5 MB"}, {3 << 29, "1.5 GB"},
	}
	for _, tt := range bytesTests {
		assert.Equal(t, tt.want, formatBytes(tt.n), "formatBytes(%d)", tt.n)
	}
	countTests := []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {20_000_000, "20,000,000"}, {-1234, "-1,234"}}
	for _, tt := range countTests {
		assert.Equal(t, tt.want, formatCount(tt.n), "formatCount(%d)", tt.n)
	}
}
