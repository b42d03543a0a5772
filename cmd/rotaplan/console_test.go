package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChinesePaths runs the commands on folders and files with Chinese
// names and spaces, as a bureau's planners name them, and on a Windows
// path with backslashes: every path reaches the messages as typed.
func TestChinesePaths(t *testing.T) {
	base := filepath.Join(t.TempDir(), "县教育局 人事股")
	county := filepath.Join(base, "2026年 样例县")
	copyFiles(t, sampleCounty, county)
	out := filepath.Join(base, "交流方案 2026")
	scenario := filepath.Join(base, "情景 一.toml")
	require.NoError(t, os.WriteFile(scenario, []byte("name = \"提高比例\"\nbase = \"2026年 样例县\"\n[policy]\nrotation_rate = 0.12\n"), 0o644))
	winPath := `.\县教育局\不存在的县`

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
		wantFiles  []string
	}{
		{"check", []string{"check", county}, exitOK, "县域概况 (county summary): " + county + "\n", "", nil},
		{"plan", append([]string{"plan", county, "--out", out,
			"--xlsx", filepath.Join(base, "审批表（草稿）.xlsx"), "--html", filepath.Join(base, "报告 2026.html")}, fastPlan...),
			exitOK, "", "wrote " + out,
			[]string{filepath.Join(out, "plan.csv"), filepath.Join(base, "审批表（草稿）.xlsx"), filepath.Join(base, "报告 2026.html")}},
		{"score the plan", []string{"score", county, "--plan", filepath.Join(out, "plan.csv")}, exitOK, "交流方案评分 (plan score)", "", nil},
		{"scenario", append([]string{"scenario", "run", scenario, "--out", filepath.Join(base, "比较 结果")}, "--iterations", "2000"),
			exitOK, "提高比例", "", []string{filepath.Join(base, "比较 结果", "comparison.csv")}},
		{"Windows path", []string{"check", winPath}, exitBadInput, "", "rotaplan: " + winPath + " is not a dataset folder", nil},
		{"two folders", []string{"check", county, "县 B"}, exitBadInput, "", `多余的参数 "县 B"，rotaplan check 只接受 DIR`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, tt.args...)
			require.Equal(t, tt.wantCode, r.code, "got exit %d, want %d; stderr:\n%s", r.code, tt.wantCode, r.stderr)
			assert.Contains(t, r.stdout, tt.wantStdout)
			assert.Contains(t, r.stderr, tt.wantStderr)
			for _, f := range tt.wantFiles {
				assert.FileExists(t, f)
			}
		})
	}
}

// copyFiles copies the files of the folder src into a new folder dst.
func copyFiles(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, os.MkdirAll(dst, 0o755))
	entries, err := os.ReadDir(src)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644))
	}
}
