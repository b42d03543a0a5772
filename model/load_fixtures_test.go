package model

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

var update = flag.Bool("update", false, "rewrite the generated fixtures under testdata/")

// The reference county: UTF-8, English headers and English codes. The
// variants hold the same data in other encodings, formats and languages and
// are generated from it by `go test -run TestWriteFixtures -update`.
const countyDir = "testdata/county"

// fixtureVariant describes one generated copy of the reference county.
type fixtureVariant struct {
	dir      string
	encoding string            // expected FileInfo.Encoding of the tables
	names    map[string]string // reference file → file name in the variant
	header   func(c Column) string
	value    func(file, key, v string, line int) any
	write    func(path string, rows [][]any) error
}

// reference file names and their column sets.
var fixtureTables = []struct {
	file string
	cols []Column
}{
	{"schools.csv", SchoolColumns},
	{"teachers.csv", TeacherColumns},
	{"distances.csv", DistanceColumns},
	{"pins.csv", PinColumns},
}

func fixtureVariants() []fixtureVariant {
	return []fixtureVariant{
		{
			// Excel "CSV (逗号分隔)" on Chinese Windows: GBK, CRLF, Chinese
			// headers with * on required columns, Chinese values.
			dir: "testdata/county_gbk", encoding: EncGB18030,
			names: map[string]string{"schools.csv": "学校.csv", "teachers.csv": "教师.csv", "distances.csv": "距离.csv", "pins.csv": "固定.csv", "policy.toml": "政策.toml"},
			header: func(c Column) string {
				if c.Required {
					return "*" + c.ZH
				}
				return c.ZH
			},
			value: func(file, key, v string, line int) any { return chineseValue(file, key, v, line) },
			write: writeCSV(gbkBytes, ',', true),
		},
		{
			// Excel "CSV UTF-8": BOM, header variants padded with full-width
			// spaces, national codes for type and gender, slashed dates.
			dir: "testdata/county_bom", encoding: EncUTF8BOM,
			names: map[string]string{"schools.csv": "schools.csv", "teachers.csv": "teachers.csv", "distances.csv": "distances.csv", "pins.csv": "pins.csv", "policy.toml": "policy.toml"},
			header: func(c Column) string {
				if len(c.Aliases) > 0 && isChinese(c.Aliases[0]) {
					return "\u3000" + c.Aliases[0] + " "
				}
				return c.ZH
			},
			value: func(file, key, v string, line int) any { return codedValue(file, key, v) },
			write: writeCSV(func(b []byte) []byte { return append([]byte{0xef, 0xbb, 0xbf}, b...) }, ',', false),
		},
		{
			// Excel "Unicode text": UTF-16LE with BOM, tab-separated, .txt,
			// upper-case English headers, Chinese values.
			dir: "testdata/county_utf16", encoding: EncUTF16LE,
			names:  map[string]string{"schools.csv": "schools.txt", "teachers.csv": "teachers.txt", "distances.csv": "distances.txt", "pins.csv": "pins.txt", "policy.toml": "policy.toml"},
			header: func(c Column) string { return strings.ToUpper(c.Key) },
			value:  func(file, key, v string, line int) any { return chineseValue(file, key, v, line) },
			write:  writeCSV(utf16Bytes, '\t', true),
		},
		{
			// An Excel workbook: numbers and codes as numeric cells, dates as
			// date cells, Chinese headers and values.
			dir: "testdata/county_xlsx", encoding: EncXLSX,
			names:  map[string]string{"schools.csv": "学校信息.xlsx", "teachers.csv": "教师信息.xlsx", "distances.csv": "distances.xlsx", "pins.csv": "pins.xlsx", "policy.toml": "policy.toml"},
			header: func(c Column) string { return c.ZH },
			value:  xlsxValue,
			write:  writeXLSX,
		},
	}
}

func isChinese(s string) bool { return s != "" && s[0] >= 0x80 }

// chineseValue translates an English code to the Chinese word the loader accepts.
func chineseValue(file, key, v string, line int) any {
	if v == "" {
		return v
	}
	must := func(s fmt.Stringer, zh string, err error) string {
		if err != nil {
			panic(err)
		}
		return zh
	}
	switch key {
	case "type":
		t, err := ParseSchoolType(v)
		return must(t, t.ZH(), err)
	case "urban_rural":
		if isDigits(v) {
			return v
		}
		l, err := ParseLocale(v)
		return must(l, l.ZH(), err)
	case "weak", "principal", "volunteer", "graduating_class":
		b, err := ParseBool(v)
		if err != nil {
			panic(err)
		}
		if b {
			return "是"
		}
		return "否"
	case "gender":
		g, err := ParseGender(v)
		return must(g, g.ZH(), err)
	case "stage":
		s, err := ParseStage(v)
		return must(s, s.ZH(), err)
	case "subject":
		s, err := ParseSubject(v)
		return must(s, s.ZH(), err)
	case "education":
		e, err := ParseEducation(v)
		return must(e, e.ZH(), err)
	case "title":
		t, err := ParseTitle(v)
		return must(t, t.ZH(), err)
	case "backbone":
		b, err := ParseBackbone(v)
		return must(b, b.ZH(), err)
	case "action":
		a, err := ParsePinAction(v)
		return must(a, a.ZH(), err)
	case "birth", "joined_school":
		m, err := ParseMonth(v)
		if err != nil {
			panic(err)
		}
		if line%2 == 0 {
			return fmt.Sprintf("%d年%d月", m.Year(), m.MonthNum())
		}
		return fmt.Sprintf("%d.%02d", m.Year(), m.MonthNum())
	}
	return v
}

// codedValue writes national codes where they exist and slashed dates.
func codedValue(file, key, v string) any {
	if v == "" {
		return v
	}
	switch key {
	case "type":
		t, err := ParseSchoolType(v)
		if err != nil {
			panic(err)
		}
		return [...]string{"211", "218", "311", "312"}[t]
	case "gender":
		g, err := ParseGender(v)
		if err != nil {
			panic(err)
		}
		return strconv.Itoa(int(g) + 1)
	case "birth", "joined_school":
		m, err := ParseMonth(v)
		if err != nil {
			panic(err)
		}
		return fmt.Sprintf("%d/%02d", m.Year(), m.MonthNum())
	}
	return v
}

// xlsxValue turns numbers and numeric codes into numeric cells and dates
// into date cells; the rest is Chinese text.
func xlsxValue(file, key, v string, line int) any {
	if v == "" {
		return nil
	}
	switch key {
	case "birth", "joined_school":
		m, err := ParseMonth(v)
		if err != nil {
			panic(err)
		}
		return time.Date(m.Year(), time.Month(m.MonthNum()), 1, 0, 0, 0, 0, time.UTC)
	case "id_number", "name", "exempt":
		return v
	}
	if isDigits(v) && len(v) < 16 && key != "urban_rural" {
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	if f, err := strconv.ParseFloat(v, 64); err == nil {
		return f
	}
	return chineseValue(file, key, v, line)
}

func gbkBytes(b []byte) []byte {
	out, err := simplifiedchinese.GBK.NewEncoder().Bytes(b)
	if err != nil {
		panic(err)
	}
	return out
}

func utf16Bytes(b []byte) []byte {
	out, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes(b)
	if err != nil {
		panic(err)
	}
	return out
}

func writeCSV(encode func([]byte) []byte, comma rune, crlf bool) func(string, [][]any) error {
	return func(path string, rows [][]any) error {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma, w.UseCRLF = comma, crlf
		for _, r := range rows {
			rec := make([]string, len(r))
			for i, c := range r {
				rec[i] = fmt.Sprint(c)
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		w.Flush()
		return os.WriteFile(path, encode(buf.Bytes()), 0o644)
	}
}

func writeXLSX(path string, rows [][]any) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := f.GetSheetName(0)
	month := "yyyy-mm"
	monthStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &month})
	if err != nil {
		return err
	}
	dayStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	for r, row := range rows {
		for c, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			switch x := v.(type) {
			case string:
				err = f.SetCellStr(sheet, cell, x)
			case time.Time:
				if err = f.SetCellValue(sheet, cell, x); err == nil {
					style := monthStyle
					if r%2 == 0 {
						style = dayStyle
					}
					err = f.SetCellStyle(sheet, cell, cell, style)
				}
			default:
				err = f.SetCellValue(sheet, cell, x)
			}
			if err != nil {
				return err
			}
		}
	}
	return f.SaveAs(path)
}

// TestWriteFixtures regenerates the variant fixtures from the reference
// county when run with -update.
func TestWriteFixtures(t *testing.T) {
	if !*update {
		t.Skip("run with -update to regenerate the fixtures")
	}
	for _, v := range fixtureVariants() {
		require.NoError(t, os.RemoveAll(v.dir))
		require.NoError(t, os.MkdirAll(v.dir, 0o755))
		for _, ft := range fixtureTables {
			tab, err := ReadTable(filepath.Join(countyDir, ft.file), LoadOptions{})
			require.NoError(t, err)
			cs := newColumnSet(ft.cols)
			keys := make([]string, len(tab.Header))
			header := make([]any, len(tab.Header))
			for j, h := range tab.Header {
				ref, ok := cs.find(h)
				require.True(t, ok, "column %s", h)
				keys[j] = ft.cols[ref.col].Key
				header[j] = v.header(ft.cols[ref.col])
			}
			rows := [][]any{header}
			for i := range tab.Len() {
				row := make([]any, len(keys))
				for j, c := range tab.Row(i) {
					row[j] = v.value(ft.file, keys[j], c, tab.Line(i))
				}
				rows = append(rows, row)
			}
			require.NoError(t, v.write(filepath.Join(v.dir, v.names[ft.file]), rows))
		}
		policy, err := os.ReadFile(filepath.Join(countyDir, "policy.toml"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(v.dir, v.names["policy.toml"]), policy, 0o644))
	}
}

// TestLoadVariants loads every variant and compares it with the reference.
func TestLoadVariants(t *testing.T) {
	want, warns, err := Load(countyDir, LoadOptions{})
	require.NoError(t, err)
	require.Empty(t, warns, "reference county has warnings")
	require.Len(t, want.Schools, 6)
	require.Len(t, want.Teachers, 42)
	for _, v := range fixtureVariants() {
		t.Run(filepath.Base(v.dir), func(t *testing.T) {
			got, warns, err := Load(v.dir, LoadOptions{})
			require.NoError(t, err)
			assert.Empty(t, warns)
			for _, f := range got.Files {
				if f.Name == v.names["policy.toml"] {
					continue
				}
				assert.Equal(t, v.encoding, f.Encoding, "encoding of %s: got %s, want %s", f.Name, f.Encoding, v.encoding)
			}
			assert.Len(t, got.Files, 5)
			g, w := *got, *want
			g.Dir, g.Files, w.Dir, w.Files = "", nil, "", nil
			assert.Equal(t, w, g)
		})
	}
}
