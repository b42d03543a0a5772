package model

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestDecodeText(t *testing.T) {
	const text = "学校代码,名称\n001,城关小学\n"
	tests := []struct {
		name   string
		data   []byte
		forced string
		want   string
		enc    string
	}{
		{"utf-8", []byte(text), "", text, EncUTF8},
		{"ascii", []byte("a,b\n1,2\n"), "", "a,b\n1,2\n", EncUTF8},
		{"utf-8 bom", append([]byte{0xef, 0xbb, 0xbf}, text...), "", text, EncUTF8BOM},
		{"gbk", gbkBytes([]byte(text)), "", text, EncGB18030},
		{"gbk forced", gbkBytes([]byte(text)), "GBK", text, EncGB18030},
		{"utf-16le bom", utf16Bytes([]byte(text)), "", text, EncUTF16LE},
		{"utf-16le no bom", utf16Bytes([]byte(text))[2:], "", text, EncUTF16LE},
		{"utf-16le forced", utf16Bytes([]byte(text)), "utf-16le", text, EncUTF16LE},
		{"utf-8 forced with bom", append([]byte{0xef, 0xbb, 0xbf}, text...), "utf8", text, EncUTF8BOM},
		{"empty", nil, "", "", EncUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, enc, err := DecodeText(tt.data, tt.forced)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got), "got %q, want %q", got, tt.want)
			assert.Equal(t, tt.enc, enc, "got encoding %s, want %s", enc, tt.enc)
		})
	}
}

func TestDecodeTextErrors(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		forced string
	}{
		{"unknown encoding", []byte("a"), "latin-9"},
		{"gbk forced as utf-8", gbkBytes([]byte("学校代码,名称,城关小学")), "utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := DecodeText(tt.data, tt.forced)
			assert.Error(t, err)
		})
	}
}

func TestParseTable(t *testing.T) {
	tests := []struct {
		name       string
		file       string
		data       string
		header     []string
		headerLine int
		rows       [][]string
		lines      []int
		warnings   int
	}{
		{
			name: "comma", file: "a.csv", data: "a,b,c\n1,2,3\n4,5,6\n",
			header: []string{"a", "b", "c"}, headerLine: 1,
			rows: [][]string{{"1", "2", "3"}, {"4", "5", "6"}}, lines: []int{2, 3},
		},
		{
			name: "tab", file: "a.txt", data: "a\tb\n1\t2,5\n",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"1", "2,5"}}, lines: []int{2},
		},
		{
			name: "semicolon", file: "a.csv", data: "a;b\r\n1;2\r\n",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"1", "2"}}, lines: []int{2},
		},
		{
			name: "short rows padded, blank lines skipped, lines kept", file: "a.csv",
			data:   "a,b,c\n\n1\n,,\n2,3,4\n",
			header: []string{"a", "b", "c"}, headerLine: 1,
			rows: [][]string{{"1", "", ""}, {"2", "3", "4"}}, lines: []int{3, 5},
		},
		{
			name: "title row above header", file: "a.csv", data: "某某县学校信息表,,\na,b,c\n1,2,3\n",
			header: []string{"a", "b", "c"}, headerLine: 2, rows: [][]string{{"1", "2", "3"}}, lines: []int{3},
		},
		{
			name: "cells trimmed and Excel text idiom unwrapped", file: "a.csv",
			data:   " *a \u3000,b\n =\"0012\" , x \n",
			header: []string{"*a", "b"}, headerLine: 1, rows: [][]string{{"0012", "x"}}, lines: []int{2},
		},
		{
			name: "quoted newline counts lines", file: "a.csv", data: "a,b\n\"x\ny\",1\n2,3\n",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"x\ny", "1"}, {"2", "3"}}, lines: []int{2, 4},
		},
		{
			name: "extra cells warned", file: "a.csv", data: "a,b,,\n1,2,3\n4,5\n",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"1", "2"}, {"4", "5"}}, lines: []int{2, 3},
			warnings: 1,
		},
		{
			name: "classic mac line ends", file: "a.csv", data: "a,b\r1,2\r",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"1", "2"}}, lines: []int{2},
		},
		{
			name: "lazy quotes", file: "a.csv", data: "a,b\n1\"2,3\n",
			header: []string{"a", "b"}, headerLine: 1, rows: [][]string{{"1\"2", "3"}}, lines: []int{2},
		},
		{name: "empty", file: "a.csv", data: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ParseTable(tt.file, []byte(tt.data), LoadOptions{})
			require.NoError(t, err)
			assert.Equal(t, tt.header, tab.Header)
			assert.Equal(t, tt.headerLine, tab.HeaderLine, "got header line %d, want %d", tab.HeaderLine, tt.headerLine)
			var rows [][]string
			var lines []int
			for i := range tab.Len() {
				rows = append(rows, tab.Row(i))
				lines = append(lines, tab.Line(i))
			}
			assert.Equal(t, tt.rows, rows)
			assert.Equal(t, tt.lines, lines)
			assert.Len(t, tab.Warnings, tt.warnings)
		})
	}
}

func TestParseTableErrors(t *testing.T) {
	tests := []struct {
		name string
		file string
		data []byte
		want string // a substring of the error, "" for any
	}{
		{"old xls", "a.xls", []byte{0xd0, 0xcf, 0x11, 0xe0, 0, 0}, ""},
		{"xls renamed to csv", "a.csv", []byte{0xd0, 0xcf, 0x11, 0xe0, 0, 0}, ""},
		{"broken workbook", "a.xlsx", []byte("PK\x03\x04garbage"), ""},
		{"not a workbook", "a.xlsx", []byte("a,b\n"),
			"not an XLSX workbook: it does not start like one; is it a CSV or text file named .xlsx? rename it to .csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseTable(tt.file, tt.data, LoadOptions{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

// xlsxBytes builds a workbook; fill sets its cells.
func xlsxBytes(t testing.TB, fill func(f *excelize.File, sheet string)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	fill(f, "Sheet1")
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestParseTableXLSX(t *testing.T) {
	data := xlsxBytes(t, func(f *excelize.File, s string) {
		style := func(st *excelize.Style) int {
			id, err := f.NewStyle(st)
			require.NoError(t, err)
			return id
		}
		ym, zeros, ymd := "yyyy\"年\"m\"月\"", "000000", "yyyy/m/d"
		cells := []struct {
			cell  string
			value any
			style int
		}{
			{"A1", "school_id", 0}, {"B1", "birth", 0}, {"C1", "n", 0}, {"D1", "flag", 0}, {"E1", "code", 0},
			{"A2", int64(430121000001), 0},
			{"B2", time.Date(1985, 3, 1, 0, 0, 0, 0, time.UTC), style(&excelize.Style{CustomNumFmt: &ym})},
			{"C2", 12345, style(&excelize.Style{NumFmt: 3})}, // #,##0
			{"D2", true, 0},
			{"E2", 123, style(&excelize.Style{CustomNumFmt: &zeros})},
			{"A3", 4.30121000001e17, 0},
			{"B3", 31107, style(&excelize.Style{NumFmt: 14})},
			{"C3", 3.3000000000000003, 0},
			{"D3", "1e5", 0},                                         // text that looks like a number stays text
			{"E3", 430121000001, style(&excelize.Style{NumFmt: 11})}, // 0.00E+00
			{"A4", "4301", 0},
			{"B4", 31107.5, style(&excelize.Style{CustomNumFmt: &ymd})},
		}
		for _, c := range cells {
			require.NoError(t, f.SetCellValue(s, c.cell, c.value))
			if c.style != 0 {
				require.NoError(t, f.SetCellStyle(s, c.cell, c.cell, c.style))
			}
		}
	})
	tab, err := ParseTable("book.xlsx", data, LoadOptions{})
	require.NoError(t, err)
	assert.Equal(t, EncXLSX, tab.Encoding)
	assert.Equal(t, []string{"school_id", "birth", "n", "flag", "code"}, tab.Header)
	want := [][]string{
		{"430121000001", "1985-03-01", "12345", "TRUE", "000123"},
		{"430121000001000000", "1985-03-01", "3.3", "1e5", "430121000001"},
		{"4301", "1985-03-01", "", "", ""},
	}
	for i, w := range want {
		assert.Equal(t, w, tab.Row(i), "row %d", i)
		assert.Equal(t, i+2, tab.Line(i))
	}
}

func TestParseTableXLSXSheet(t *testing.T) {
	data := xlsxBytes(t, func(f *excelize.File, s string) {
		_, err := f.NewSheet("教师")
		require.NoError(t, err)
		require.NoError(t, f.SetSheetRow(s, "A1", &[]any{"a", "b"}))
		require.NoError(t, f.SetSheetRow("教师", "A1", &[]any{"x", "y"}))
		require.NoError(t, f.SetSheetRow("教师", "A3", &[]any{1, 2}))
	})
	tests := []struct {
		name, sheet string
		header      []string
		lines       []int
		wantErr     bool
	}{
		{name: "first sheet", header: []string{"a", "b"}},
		{name: "named sheet", sheet: "教师", header: []string{"x", "y"}, lines: []int{3}},
		{name: "missing sheet", sheet: "nope", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := ParseTable("b.xlsx", data, LoadOptions{Sheet: tt.sheet})
			if tt.wantErr {
				assert.ErrorContains(t, err, "教师")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.header, tab.Header)
			var lines []int
			for i := range tab.Len() {
				lines = append(lines, tab.Line(i))
			}
			assert.Equal(t, tt.lines, lines)
		})
	}
}

func TestStripThousands(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1,234", "1234"},
		{"1,234,567.25", "1234567.25"},
		{"-1,000", "-1000"},
		{"12,34", "12,34"},
		{"1234", "1234"},
		{",123", ",123"},
		{"a,bcd", "a,bcd"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := stripThousands(tt.in)
			assert.Equal(t, tt.want, got, "got %q, want %q", got, tt.want)
		})
	}
}

func TestLineError(t *testing.T) {
	err := error(&LineError{Line: 3, Err: errors.New("bad")})
	var le *LineError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "line 3: bad", err.Error())
}

func FuzzReadTable(f *testing.F) {
	f.Add([]byte("a,b,c\n1,2,3\n"), false)
	f.Add([]byte("\xef\xbb\xbfa;b\r\n\"1\";2\r\n"), false)
	f.Add(gbkBytes([]byte("学校代码\t名称\n001\t城关小学\n")), false)
	f.Add(utf16Bytes([]byte("a\tb\n1\t2\n")), false)
	f.Add([]byte("t\n\n\"a\nb\",\"c\n"), false)
	f.Add(append([]byte("a,b\n1,张伟\n"), gbkBytes([]byte("2,李娜\n"))...), false) // mixed encodings
	f.Add([]byte("a,b\n"), false)                                              // header only
	f.Add([]byte("PK\x03\x04"), true)
	f.Add(xlsxBytes(f, func(x *excelize.File, s string) {
		_ = x.SetSheetRow(s, "A1", &[]any{"a", "b"})
		_ = x.SetSheetRow(s, "A2", &[]any{1.5, time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)})
	}), true)
	f.Add(bombXLSX(f, 20<<20), true) // refused from its zip directory
	f.Fuzz(func(t *testing.T, data []byte, xlsx bool) {
		name := "f.csv"
		if xlsx {
			name = "f.xlsx"
		}
		tab, err := ParseTable(name, data, LoadOptions{})
		if err != nil {
			return
		}
		for i := range tab.Len() {
			if len(tab.Row(i)) != len(tab.Header) {
				t.Fatalf("row %d has %d cells, header %d", i, len(tab.Row(i)), len(tab.Header))
			}
			if i > 0 && tab.Line(i) <= tab.Line(i-1) {
				t.Fatalf("line %d after %d", tab.Line(i), tab.Line(i-1))
			}
		}
	})
}
