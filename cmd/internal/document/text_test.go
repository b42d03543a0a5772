package document

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/solver"
)

func TestWidth(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want int
	}{
		{"ASCII", "43010004", 8},
		{"Chinese", "顺林县城东小学", 14},
		{"mixed", "小学 I1", 7},
		{"full-width letters", "ＡＢ", 4},
		{"full-width punctuation", "（一）", 6},
		{"ambiguous arrow and sign take one", "7→6 ≤ 0.50…", 11},
		{"combining accent", "e\u0301", 1},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, width(tt.s), "got width %d of %q, want %d", width(tt.s), tt.s, tt.want)
		})
	}
}

// starts returns the display column where each of words starts in line,
// -1 for a word not in it.
func starts(line string, words ...string) []int {
	out := make([]int, len(words))
	for i, w := range words {
		j := strings.Index(line, w)
		if j < 0 {
			out[i] = -1
			continue
		}
		out[i] = runewidth.StringWidth(line[:j])
	}
	return out
}

// cellEnds returns the display columns where the cells of line end, cells
// being separated by two spaces or more.
func cellEnds(line string) []int {
	var ends []int
	col, spaces := 0, 0
	for _, r := range line {
		if r == ' ' {
			spaces++
		} else {
			if spaces >= 2 && col-spaces > 0 {
				ends = append(ends, col-spaces)
			}
			spaces = 0
		}
		col += runewidth.RuneWidth(r)
	}
	return append(ends, col-spaces)
}

func TestWriteTableAlignsByDisplayWidth(t *testing.T) {
	tests := []struct {
		name string
		tab  Table
	}{
		{"Chinese and English labels", Table{Head: []string{"指标 (figure)", "base", "县城学校关闭"},
			Rows: [][]string{{"符合条件 eligible", "596", "12"}, {"I1-I3 全部达标 all parts meet I1-I3", "no", "是"}, {"x", "1", "1"}}}},
		{"two-line head", Table{Head: []string{"学年\nyear", "小学达标\nprimary", "需招聘\nhires"},
			Rows: [][]string{{"1", "6/50", "31"}, {"12", "16/50", "1234"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteTable(&b, tt.tab))
			lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
			// Every column but the first is right-aligned: its cells end at
			// the same display column.
			ends := map[int]int{}
			for _, ln := range lines {
				cells := cellEnds(ln)
				for c := 1; c < len(cells); c++ {
					end := cells[len(cells)-c]
					if want, ok := ends[c]; ok {
						assert.Equal(t, want, end, "column %d from the right ends at %d in %q, want %d", c, end, ln, want)
					} else {
						ends[c] = end
					}
				}
			}
			assert.NotEmpty(t, ends)
		})
	}
}

func TestWorstDeficitsAligned(t *testing.T) {
	part := func(id, name, stage string, i1 float64) solver.PartReport {
		return solver.PartReport{SchoolID: id, Name: name, Stage: stage, Students: 400, InScope: true,
			Indicators: []solver.IndicatorValue{{Threshold: 4.2, Before: i1}, {Threshold: 1, Before: 0.5}, {Threshold: 0.9, Before: 0.5}}}
	}
	rep := &solver.Report{Parts: []solver.PartReport{
		part("43010004", "顺林县城东小学", "primary", 1),
		part("43010038", "荷江乡凤湖村小学", "primary", 2),
		part("43010019", "高井镇中学", "junior", 3),
		part("X1", "Lake School", "primary", 3.5),
		part("43010099", "新校", "junior", 4),
	}}
	var b bytes.Buffer
	writeWorst(&b, nil, rep, 10)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 6, b.String())
	var want []int
	for _, ln := range lines[1:] {
		stage := "primary"
		if strings.Contains(ln, "junior") {
			stage = "junior"
		}
		got := starts(ln, stage, "(I1")
		if want == nil {
			want = got
		}
		assert.Equal(t, want, got, "columns of stage and indicators start at %v in %q, want %v", got, ln, want)
	}
}

// TestReportTimeOnlyWhenMeasured: the report of a timed run says how long
// it took; the one written to a file, whose elapsed time is cleared so a
// rerun gives the same bytes, says nothing rather than "0.0s".
func TestReportTimeOnlyWhenMeasured(t *testing.T) {
	p := samplePlan(t)
	timed, timeless := *p.res, *p.res
	timed.Elapsed, timeless.Elapsed = 1500*time.Millisecond, 0
	var a, b strings.Builder
	WriteReport(&a, p.ev, p.rep, &timed)
	WriteReport(&b, p.ev, p.rep, &timeless)
	assert.Contains(t, a.String(), "停止原因 (stopped on) "+timed.Status.String()+", 1.5s\n")
	assert.Contains(t, b.String(), "停止原因 (stopped on) "+timeless.Status.String()+"\n")
	assert.NotContains(t, b.String(), "0.0s")
}
