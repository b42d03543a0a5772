package document

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// Table is a grid of text: a header row and labelled rows of cells. The
// scenario comparison and the roadmap are tables.
type Table struct {
	Head []string   // the header row: the label column's title, then one title per column
	Rows [][]string // each row: its label, then one cell per column
	// Sheet names the workbook's sheet; empty means "对比 comparison".
	Sheet string
}

// Comparison lays out the summaries of the scenarios side by side.
func Comparison(scs []*scenarios.Scenario, outs []*scenarios.Outcome) Table {
	t := Table{Head: []string{"指标 (figure)"}}
	for _, sc := range scs {
		t.Head = append(t.Head, sc.Name)
	}
	add := func(label string, cell func(s *scenarios.Summary) string) {
		row := []string{label}
		for _, o := range outs {
			row = append(row, cell(&o.Summary))
		}
		t.Rows = append(t.Rows, row)
	}
	itoa := strconv.Itoa
	add("符合条件 eligible", func(s *scenarios.Summary) string { return itoa(s.Quota.Eligible) })
	add("应交流 required", func(s *scenarios.Summary) string { return itoa(s.Quota.Required) })
	add("交流 moved", func(s *scenarios.Summary) string { return itoa(s.Quota.Moved) })
	// Every cell is one number, so that a workbook can compute with it.
	add("骨干交流 backbone moved", func(s *scenarios.Summary) string { return itoa(s.Quota.BackboneMoved) })
	add("骨干应交流 backbone required", func(s *scenarios.Summary) string { return itoa(s.Quota.BackboneRequired) })
	for _, st := range model.Stages {
		compliance := func(label string, v func(c solver.Compliance) int) {
			add(st.ZH()+label+" "+st.String(), func(s *scenarios.Summary) string {
				for _, c := range s.Compliance {
					if c.Stage == st.String() {
						return itoa(v(c))
					}
				}
				return "-"
			})
		}
		compliance("学校部分 parts", func(c solver.Compliance) int { return c.Parts })
		compliance("达标校(前) compliant before", func(c solver.Compliance) int { return c.Before })
		compliance("达标校(后) compliant after", func(c solver.Compliance) int { return c.After })
	}
	for _, st := range model.Stages {
		for k := range model.NumTeacherIndicators {
			ind := model.Indicator(k)
			add(fmt.Sprintf("%s差异系数 CV %s %s", st.ZH(), st, ind.Code()), func(s *scenarios.Summary) string {
				if v := s.CV[st][k]; !math.IsNaN(v) {
					return num(v, 3)
				}
				return "-"
			})
		}
	}
	add("剩余缺口 medium deficit left", func(s *scenarios.Summary) string { return num(s.Medium, 2) })
	add("交流人次 moves", func(s *scenarios.Summary) string { return itoa(s.Moves) })
	add("总距离 total km", func(s *scenarios.Summary) string { return num(s.Km, 1) })
	add("非自愿 non-volunteer moves", func(s *scenarios.Summary) string { return itoa(s.NonVolunteer) })
	add("志愿外 moves outside the wishes", func(s *scenarios.Summary) string { return itoa(s.OutsideWishes) })
	add("顺序倒置 priority inversions", func(s *scenarios.Summary) string { return itoa(s.Inversions) })
	add("志愿嫉妒 envy", func(s *scenarios.Summary) string { return itoa(s.Envy) })
	add("目标值 objective", func(s *scenarios.Summary) string { return num(s.Total, 2) })
	add("下界 bound", func(s *scenarios.Summary) string { return num(s.Bound, 2) })
	add("差距 gap %", func(s *scenarios.Summary) string { return num(100*s.Gap, 3) })
	add("I1-I3 全部达标 all parts meet I1-I3", func(s *scenarios.Summary) string { return yesNo(s.AllMeet, "en") })
	return t
}

// WriteTable prints the table with its columns aligned by display width
// (Chinese characters take two columns): the label column left-aligned,
// the others right-aligned, two spaces apart. A header cell with a line
// break takes as many lines, aligned too.
func WriteTable(w io.Writer, t Table) error {
	lines := 1
	for _, h := range t.Head {
		lines = max(lines, strings.Count(h, "\n")+1)
	}
	head := make([][]string, lines)
	for l := range head {
		head[l] = make([]string, len(t.Head))
	}
	for i, h := range t.Head {
		for l, part := range strings.Split(h, "\n") {
			head[l][i] = part
		}
	}
	all := append(head, t.Rows...)
	cols := make([]int, len(t.Head))
	for _, r := range all {
		for i, c := range r {
			cols[i] = max(cols[i], width(c))
		}
	}
	var b bytes.Buffer
	for _, r := range all {
		var line strings.Builder
		for i, c := range r {
			if i == 0 {
				line.WriteString(padRight(c, cols[i]))
				continue
			}
			line.WriteString("  " + padLeft(c, cols[i]))
		}
		b.WriteString(strings.TrimRight(line.String(), " "))
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// flatHead is the header row with the line breaks of its cells made spaces,
// for the CSV file and the workbook.
func flatHead(head []string) []string {
	out := make([]string, len(head))
	for i, h := range head {
		out[i] = strings.ReplaceAll(h, "\n", " ")
	}
	return out
}

// TableCSV is the table as CSV, UTF-8 with BOM.
func TableCSV(t Table) []byte {
	var b bytes.Buffer
	w := newCSVWriter(&b)
	w.Write(flatHead(t.Head))
	for _, r := range t.Rows {
		w.Write(r)
	}
	w.Flush()
	return b.Bytes()
}

// TableXLSX is the table as a one-sheet workbook; cells that are plain
// numbers are stored as numbers.
func TableXLSX(t Table) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	name := t.Sheet
	if name == "" {
		name = "对比 comparison"
	}
	if err := f.SetSheetName(f.GetSheetName(0), name); err != nil {
		return nil, err
	}
	for r, row := range append([][]string{flatHead(t.Head)}, t.Rows...) {
		for c, v := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return nil, err
			}
			var val any = v
			if x, err := strconv.ParseFloat(v, 64); err == nil && r > 0 && c > 0 {
				val = x
			}
			if err := f.SetCellValue(name, cell, val); err != nil {
				return nil, err
			}
		}
	}
	if t.Sheet == "" {
		if err := f.SetColWidth(name, "A", "A", 36); err != nil {
			return nil, err
		}
	} else {
		for c, h := range flatHead(t.Head) {
			col, err := excelize.ColumnNumberToName(c + 1)
			if err != nil {
				return nil, err
			}
			if err := f.SetColWidth(name, col, col, float64(max(8, textWidth(h)+2))); err != nil {
				return nil, err
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
