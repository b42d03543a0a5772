package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/rotaplan/rotaplan/cmd/internal/document"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "save the browser test's screenshot of the sample county report to docs/report.png")

// htmlSearch are the search flags of the report tests: a small budget,
// reproducible.
var htmlSearch = []string{"--iterations", "2000", "--time-limit", "0", "--threads", "2", "--seed", "1"}

// htmlPlan plans the sample county into dir with --out and --html and the
// extra flags, and returns the page and the report of plan.json.
func htmlPlan(t *testing.T, dir string, extra ...string) (page []byte, rep planJSON) {
	t.Helper()
	out, path := filepath.Join(dir, "plan"), filepath.Join(dir, "report.html")
	args := append([]string{"plan", sampleCounty, "--out", out, "--html", path}, htmlSearch...)
	r := run(t, append(args, extra...)...)
	require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
	assert.Contains(t, r.stderr, "wrote "+path)
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	js, err := os.ReadFile(filepath.Join(out, "plan.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(js, &rep))
	return page, rep
}

// pageStats is what the structural checks count in a parsed page.
type pageStats struct {
	svgs, moves, scripts int
	external             []string // src or href attributes pointing outside the file
	text                 strings.Builder
}

func statsOf(t *testing.T, page []byte) *pageStats {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	require.NoError(t, err)
	st := &pageStats{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "svg":
				st.svgs++
			case "script":
				st.scripts++
			case "path":
				for _, a := range n.Attr {
					if a.Key == "class" && slices.Contains(strings.Fields(a.Val), "move") {
						st.moves++
					}
				}
			}
			for _, a := range n.Attr {
				switch strings.ToLower(a.Key) {
				case "src", "href", "xlink:href", "action":
					if v := strings.ToLower(strings.TrimSpace(a.Val)); !strings.HasPrefix(v, "#") {
						st.external = append(st.external, a.Key+"="+a.Val)
					}
				}
			}
		}
		if n.Type == html.TextNode {
			st.text.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return st
}

// wantCharts is the number of charts of a report: I1-I3 for every stage
// with in-scope parts, a CV chart per stage and the map.
func wantCharts(rep planJSON) int {
	inScope := map[string]bool{}
	for _, p := range rep.Report.Parts {
		if p.InScope {
			inScope[p.Stage] = true
		}
	}
	cvStages := map[string]bool{}
	for _, r := range rep.Report.CV {
		cvStages[r.Stage] = true
	}
	return 3*len(inScope) + len(cvStages) + 1
}

func TestHTML(t *testing.T) {
	dir := t.TempDir()
	zhDir, enDir := filepath.Join(dir, "zh"), filepath.Join(dir, "en")
	require.NoError(t, os.Mkdir(zhDir, 0o755))
	require.NoError(t, os.Mkdir(enDir, 0o755))
	zh, zhRep := htmlPlan(t, zhDir)
	en, enRep := htmlPlan(t, enDir, "--lang", "en", "--pseudonymize")
	require.NotEmpty(t, zhRep.Report.Moves, "the sample county plan has no moves")

	t.Run("Structure", func(t *testing.T) {
		for _, tt := range []struct {
			name string
			page []byte
			rep  planJSON
		}{{"zh", zh, zhRep}, {"en", en, enRep}} {
			t.Run(tt.name, func(t *testing.T) {
				st := statsOf(t, tt.page)
				assert.Equal(t, wantCharts(tt.rep), st.svgs, "got %d <svg> charts, want %d", st.svgs, wantCharts(tt.rep))
				assert.Equal(t, len(tt.rep.Report.Moves), st.moves, "got %d move arrows, want one per move (%d)", st.moves, len(tt.rep.Report.Moves))
				assert.Zero(t, st.scripts, "got %d <script> elements, want none", st.scripts)
				assert.Empty(t, st.external, "got references outside the file")
				assert.NotContains(t, string(tt.page), "http://")
				assert.NotContains(t, string(tt.page), "https://")
				assert.Contains(t, string(tt.page), `marker-end="url(#arrow)"`)
			})
		}
	})

	t.Run("Labels", func(t *testing.T) {
		for _, tt := range []struct {
			name      string
			page      []byte
			want, not []string
		}{
			{"zh", zh, []string{"交流名单", "差异系数", "评分", "交流前", "交流后", "标准", "高于规定学历教师数", "交流人数不足"},
				[]string{"Rotation list", "Coefficient of variation"}},
			{"en", en, []string{"Rotation list", "Coefficient of variation", "Score by constraint", "before", "after", "threshold", "quota shortfall"},
				[]string{"交流名单", "差异系数", "评分"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				text := statsOf(t, tt.page).text.String()
				for _, w := range tt.want {
					assert.Contains(t, text, w)
				}
				for _, w := range tt.not {
					assert.NotContains(t, text, w)
				}
			})
		}
	})

	t.Run("Privacy", func(t *testing.T) {
		names, ids := teacherNamesAndIDNumbers(t)
		for _, m := range enRep.Report.Moves {
			assert.Contains(t, string(en), pseudonym(m.ID, "en"), "got no pseudonym for %s", m.ID)
			assert.NotContains(t, string(en), names[m.ID], "got the real name of %s with --pseudonymize", m.ID)
		}
		for _, m := range zhRep.Report.Moves {
			assert.Contains(t, string(zh), names[m.ID], "got no name for %s", m.ID)
		}
		for id, num := range ids {
			if num == "" {
				continue
			}
			assert.NotContains(t, string(zh), num, "got the identity number of %s", id)
			assert.NotContains(t, string(en), num, "got the identity number of %s", id)
		}
	})

	t.Run("Deterministic", func(t *testing.T) {
		again := filepath.Join(dir, "again")
		require.NoError(t, os.Mkdir(again, 0o755))
		page, _ := htmlPlan(t, again)
		assert.True(t, bytes.Equal(zh, page), "got different bytes from the same run")
	})

	t.Run("Score", func(t *testing.T) {
		path := filepath.Join(dir, "score.html")
		r := run(t, "score", sampleCounty, "--plan", filepath.Join(zhDir, "plan", "plan.csv"), "--html", path, "--lang", "en")
		require.Equal(t, exitOK, r.code, "got exit %d, want 0; stderr:\n%s", r.code, r.stderr)
		page, err := os.ReadFile(path)
		require.NoError(t, err)
		st := statsOf(t, page)
		assert.Equal(t, len(zhRep.Report.Moves), st.moves, "got %d move arrows, want %d", st.moves, len(zhRep.Report.Moves))
		assert.Equal(t, wantCharts(zhRep), st.svgs)
		assert.Contains(t, st.text.String(), "Rotation list")
	})

	t.Run("BadPath", func(t *testing.T) {
		for _, tt := range []struct{ name, path string }{
			{"extension", filepath.Join(dir, "report.txt")},
			{"no folder", filepath.Join(dir, "missing", "report.html")},
			{"folder", filepath.Join(dir, "folder.html")},
		} {
			t.Run(tt.name, func(t *testing.T) {
				if tt.name == "folder" {
					require.NoError(t, os.MkdirAll(tt.path, 0o755))
				}
				r := run(t, "plan", sampleCounty, "--html", tt.path, "--iterations", "10")
				assert.Equal(t, exitBadInput, r.code, "got exit %d, want %d; stderr:\n%s", r.code, exitBadInput, r.stderr)
				assert.Contains(t, r.stderr, "--html")
			})
		}
	})
}

// teacherNamesAndIDNumbers reads the names and identity numbers of the
// sample county's teachers by teacher ID.
func teacherNamesAndIDNumbers(t *testing.T) (names, ids map[string]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(sampleCounty, "teachers.csv"))
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs)
	col := map[string]int{}
	for i, h := range recs[0] {
		col[strings.TrimPrefix(h, document.UTF8BOM)] = i
	}
	names, ids = map[string]string{}, map[string]string{}
	for _, r := range recs[1:] {
		names[r[col["teacher_id"]]] = r[col["name"]]
		ids[r[col["teacher_id"]]] = r[col["id_number"]]
	}
	return names, ids
}

// chromium finds the headless browser of the browser test.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumArgs are the flags of a headless, offline, throw-away browser.
func chromiumArgs(profile string) []string {
	return []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + profile}
}

// TestHTMLBrowser opens the report of the sample county in a headless
// Chromium: the page renders to a screenshot and its DOM holds the charts
// and no scripts. Without Chromium it fails unless ROTAPLAN_NO_BROWSER=1.
func TestHTMLBrowser(t *testing.T) {
	browser := chromium()
	if browser == "" {
		if os.Getenv("ROTAPLAN_NO_BROWSER") == "1" {
			t.Skip("ROTAPLAN_NO_BROWSER=1: chromium is not installed, the browser test is skipped")
		}
		t.Fatal("chromium (or chromium-browser) is not on PATH; install it (apt-get install -y chromium) or set ROTAPLAN_NO_BROWSER=1 to skip")
	}
	dir := t.TempDir()
	page, rep := htmlPlan(t, dir)
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "report.html"))
	if !filepath.IsAbs(dir) {
		abs, err := filepath.Abs(filepath.Join(dir, "report.html"))
		require.NoError(t, err)
		url = "file://" + filepath.ToSlash(abs)
	}
	browse := func(t *testing.T, args ...string) []byte {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		profile, err := os.MkdirTemp(dir, "profile-")
		require.NoError(t, err)
		cmd := exec.CommandContext(ctx, browser, append(append(chromiumArgs(profile), args...), url)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err = cmd.Run()
		require.NoError(t, ctx.Err(), "chromium timed out; stderr:\n%s", stderr.String())
		require.NoError(t, err, "chromium failed; stderr:\n%s", stderr.String())
		return stdout.Bytes()
	}

	t.Run("Screenshot", func(t *testing.T) {
		shot := filepath.Join(dir, "shot.png")
		browse(t, "--screenshot="+shot, "--window-size=1280,2400", "--hide-scrollbars")
		png, err := os.ReadFile(shot)
		require.NoError(t, err, "got no screenshot")
		assert.True(t, bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")), "got a screenshot that is not a PNG")
		assert.Greater(t, len(png), 20<<10, "got a screenshot of %d bytes, want a rendered page (> 20 KB)", len(png))
		if *updateScreenshot {
			require.NoError(t, os.MkdirAll("../../docs", 0o755))
			require.NoError(t, writeFileAtomic("../../docs/report.png", png))
		}
	})

	t.Run("DOM", func(t *testing.T) {
		dom := browse(t, "--dump-dom")
		st := statsOf(t, dom)
		assert.Equal(t, wantCharts(rep), st.svgs, "got %d <svg> charts in the DOM, want %d", st.svgs, wantCharts(rep))
		assert.Equal(t, len(rep.Report.Moves), st.moves, "got %d move arrows in the DOM, want %d", st.moves, len(rep.Report.Moves))
		assert.Zero(t, st.scripts, "got <script> in the DOM, want none")
		assert.Equal(t, statsOf(t, page).svgs, st.svgs)
	})
}
