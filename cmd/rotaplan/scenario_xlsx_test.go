package main

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestScenarioRunWorkbooks(t *testing.T) {
	tmp := t.TempDir()
	out, book := filepath.Join(tmp, "cmp"), filepath.Join(tmp, "comparison.xlsx")
	r := run(t, "scenario", "run", examples+"base.toml", examples+"quota15.toml", "--iterations", "3000", "--out", out, "--xlsx", book)
	require.Equal(t, exitOK, r.code, r.stderr)

	xl, err := excelize.OpenFile(book)
	require.NoError(t, err)
	rows, err := xl.GetRows(xl.GetSheetName(0))
	require.NoError(t, err)
	xl.Close()
	require.NotEmpty(t, rows)
	assert.Equal(t, []string{"指标 (figure)", "base", "quota15"}, rows[0])

	// Each scenario's folder holds its approval workbook.
	for _, name := range []string{"base", "quota15"} {
		wb, err := excelize.OpenFile(filepath.Join(out, name, "plan.xlsx"))
		require.NoError(t, err, name)
		assert.Equal(t, []string{"交流名单", "报批表", "公示名单", "学校明细", "学校指标", "县域汇总", "违规", "积分表", "优先顺序投诉", "学区与集团", "校长交流", "符合条件教师名单"}, wb.GetSheetList(), "%s sheets", name)
		wb.Close()
	}

	bad := run(t, "scenario", "run", examples+"base.toml", "--iterations", "3000", "--xlsx", filepath.Join(tmp, "cmp.csv"))
	assert.Equal(t, exitBadInput, bad.code, "got exit %d for an --xlsx name without .xlsx, want 2", bad.code)
}
