package document

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// fairnessTiny is the worked example of DOMAIN §6; its EXPECTED.md works
// the points and ranks by hand.
const fairnessTiny = "../../../model/testdata/fairness-tiny"

// fairnessPoints is the worked example with its plan.csv's moves (A, B,
// C and M) in the language lang.
func fairnessPoints(t *testing.T, lang string) Data {
	t.Helper()
	in, _, err := model.Load(fairnessTiny, model.LoadOptions{})
	require.NoError(t, err)
	rep := &solver.Report{}
	for _, id := range []string{"A", "B", "C", "M"} {
		i, ok := in.TeacherByID(id)
		require.True(t, ok, "teacher %s", id)
		rep.Moves = append(rep.Moves, solver.MoveReport{Teacher: i, ID: id})
	}
	return Data{In: in, Report: rep, Lang: lang}
}

func TestNewPoints(t *testing.T) {
	p := NewPoints(fairnessPoints(t, "zh"))
	require.Equal(t, PointsHeads("zh"), p.Heads)
	// The rows of EXPECTED.md by priority group (语文, 数学, 音乐 in enum
	// order of subjects), then rank; D, F, I, J, K and N0-N9 are not
	// eligible.
	tests := []struct {
		id                                          string
		subject                                     string
		years, volunteer, backbone, rural, age, sum float64
		rank                                        int
		moved                                       string
	}{
		{"G", "语文", 10, 0, 0, 10, 0, 20, 1, "否"},
		{"H", "语文", 7, 0, 0, 0, 0, 7, 2, "否"},
		{"B", "数学", 11, 20, 0, 0, 0, 31, 1, "是"},
		{"A", "数学", 16, 0, 2, 10, 0, 28, 2, "是"},
		{"M", "数学", 17, 0, 0, 0, 0, 17, 3, "是"},
		{"E", "数学", 133.0 / 12, 0, 0, 0, 0, 133.0 / 12, 4, "否"},
		{"C", "数学", 14, 0, 0, 0, -4, 10, 5, "是"},
		{"L", "音乐", 13, 20, 0, 0, 0, 33, 1, "否"},
	}
	require.Len(t, p.Rows, len(tests), "got %d rows, want one per eligible teacher", len(p.Rows))
	for i, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			row := p.Rows[i]
			require.Len(t, row, len(p.Heads))
			assert.Equal(t, tt.id, row[pointsID], "row %d: got teacher %v, want %s", i, row[pointsID], tt.id)
			assert.Equal(t, []any{"城关镇第一小学", "小学", tt.subject}, row[pointsSchool:pointsYears])
			for c, want := range map[int]float64{pointsYears: tt.years, pointsVolunteer: tt.volunteer, pointsBackbone: tt.backbone,
				pointsRuralTitle: tt.rural, pointsAge: tt.age, pointsTotal: tt.sum} {
				got, ok := row[c].(float64)
				require.True(t, ok, "%s: got %T, want a float64", p.Heads[c], row[c])
				assert.InDelta(t, want, got, 1e-9, "%s: got %v, want %v", p.Heads[c], got, want)
			}
			assert.Equal(t, tt.rank, row[pointsRank], "rank in group")
			assert.Equal(t, tt.moved, row[pointsMoved], "moved")
		})
	}
}

func TestPointsCSV(t *testing.T) {
	tests := []struct {
		name, lang, head, row string
	}{
		{"zh", "zh", "教职工号,姓名,学校,学段,学科,本校连续任教年限,自愿,骨干,职称需乡村经历,年龄,积分,组内排名,是否交流",
			"E,冯涛,城关镇第一小学,小学,数学,11.083333,0,0,0,0,11.083333,4,否"},
		{"en", "en", "teacher_id,name,school,stage,subject,years,volunteer,backbone,rural_title,age,points,group_rank,moved",
			"C,陈刚,城关镇第一小学,primary,math,14,0,0,0,-4,10,5,yes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := string(PointsCSV(fairnessPoints(t, tt.lang)))
			require.True(t, strings.HasPrefix(got, UTF8BOM), "got no BOM")
			lines := strings.Split(strings.TrimSuffix(strings.TrimPrefix(got, UTF8BOM), "\n"), "\n")
			require.Len(t, lines, 9, "got %d lines, want the header and 8 eligible teachers", len(lines))
			assert.Equal(t, tt.head, lines[0])
			assert.Contains(t, lines[1:], tt.row)
		})
	}
}

func TestWorkbookPointsSheet(t *testing.T) {
	tests := []struct{ lang, sheet, total string }{
		{"zh", "积分表", "积分"},
		{"en", "Points", "points"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			d := workbookPlan(t, tt.lang)
			f := openWorkbook(t, d)
			require.Contains(t, f.GetSheetList(), tt.sheet)
			rows, err := f.GetRows(tt.sheet, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			want := NewPoints(d)
			require.Len(t, rows, 1+len(want.Rows), "got %d rows, want the header and one per eligible teacher", len(rows))
			assert.Equal(t, want.Heads, rows[0])
			assert.Equal(t, tt.total, rows[0][pointsTotal])
			for r, row := range want.Rows {
				got, err := strconv.ParseFloat(rows[r+1][pointsTotal], 64)
				require.NoError(t, err, "row %d: the total is a number", r+1)
				assert.InDelta(t, row[pointsTotal].(float64), got, 1e-9, "row %d: got %v, want the total at full precision", r+1, got)
			}
			style, err := f.GetCellStyle(tt.sheet, "K2")
			require.NoError(t, err)
			st, err := f.GetStyle(style)
			require.NoError(t, err)
			assert.Equal(t, 2, st.NumFmt, "got number format %d, want 2 (0.00)", st.NumFmt)
		})
	}
}
