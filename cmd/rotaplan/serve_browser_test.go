package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/cmd/internal/workspace"
	"github.com/rotaplan/rotaplan/cmd/internal/workspace/store"
)

// waitTimeout bounds the wait for a plan of the sample county in the
// browser: its time limit is 5 s.
const waitTimeout = 90 * time.Second

// The workspace in headless Chromium: a planner logs in, uploads the
// sample county, sees its standing, plans it with live progress and
// submits; an approver logs in, sees the plan list, approves and fetches
// the approval form. Without Chromium it fails unless
// ROTAPLAN_NO_BROWSER=1.
func TestServeBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("ROTAPLAN_NO_BROWSER") == "1" {
			t.Skip("ROTAPLAN_NO_BROWSER=1: chromium is not installed, the browser test is skipped")
		}
		t.Fatal("chromium (or chromium-browser) is not on PATH; install it (apt-get install -y chromium) or set ROTAPLAN_NO_BROWSER=1 to skip")
	}
	if runtime.GOOS == "windows" {
		t.Skip("the browser test does not run on Windows")
	}
	storeDir := t.TempDir()
	st, err := store.Open(context.Background(), storeDir)
	require.NoError(t, err)
	for _, r := range []store.Role{store.Planner, store.Approver} {
		_, err := workspace.AddUser(context.Background(), st, "", workspace.NewUser{Name: string(r), Role: r, Password: servePassword})
		require.NoError(t, err)
	}
	require.NoError(t, st.Close())
	base, _ := startServe(t, storeDir)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	tab, stop := startChromium(t, ctx, path, t.TempDir())
	defer stop()

	login := func(user string) {
		t.Helper()
		inTab(t, tab, chromedp.Navigate(base+"/login"))
		inTab(t, tab, chromedp.SendKeys(chromedp.CSS("#username"), user))
		inTab(t, tab, chromedp.SendKeys(chromedp.CSS("#password"), servePassword))
		inTab(t, tab, chromedp.Click(chromedp.CSS(`#login button`)))
		inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#plans")))
	}
	text := func(sel string) string {
		t.Helper()
		return inTab(t, tab, chromedp.Text(chromedp.CSS(sel)))
	}

	login("planner")
	assert.Contains(t, text("#plans"), "还没有方案", "the empty plan list, in Chinese")

	inTab(t, tab, chromedp.Navigate(base+"/datasets"))
	var files []string
	for _, name := range []string{"schools.csv", "teachers.csv", "policy.toml"} {
		abs, err := filepath.Abs(filepath.Join("../../scenarios/sample-county", name))
		require.NoError(t, err)
		files = append(files, abs)
	}
	inTab(t, tab, chromedp.SetUploadFiles(chromedp.CSS("#files"), files))
	inTab(t, tab, chromedp.Click(chromedp.CSS(`#upload button`)))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#start")))
	assert.Contains(t, text("pre.standing"), "现状 (standing before rotation)")

	inTab(t, tab, chromedp.SetValue(chromedp.CSS("#time_limit"), "5"))
	inTab(t, tab, chromedp.Click(chromedp.CSS(`#start button`)))
	// app.js follows the events and reloads the page when the plan is done.
	wctx, wcancel := context.WithTimeout(tab, waitTimeout)
	_, err = chromedp.Run(wctx, chromedp.WaitVisible(chromedp.CSS("#moves-table")))
	wcancel()
	require.NoError(t, err, "the plan page did not show the rotation list")
	planURL := inTab(t, tab, chromedp.Location())
	assert.Equal(t, "已完成", text("#status"))
	rows := inTab(t, tab, chromedp.Evaluate[int](`document.querySelectorAll("#moves-table tbody tr").length`))
	assert.Greater(t, rows, 40, "got %d rows in the rotation list", rows)
	if *updateScreenshot {
		inTab(t, tab, chromedp.EmulateViewport(1280, 1000))
		png := inTab(t, tab, chromedp.CaptureScreenshot())
		inTab(t, tab, chromedp.EmulateViewport(1280, 800))
		require.NoError(t, writeFileAtomic("../../docs/workspace-plan.png", png))
	}
	// The first row's explanation, then keep that teacher home: a re-plan
	// against this plan, whose page names it and follows the new job.
	pinned := text("#moves-table tbody tr td")
	inTab(t, tab, chromedp.Click(chromedp.CSS("#moves-table tbody tr a.explain")))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#explanation")))
	assert.Contains(t, text("#explanation"), pinned, "the explanation page of teacher %s", pinned)
	inTab(t, tab, chromedp.Navigate(planURL))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#moves-table")))
	inTab(t, tab, chromedp.Click(chromedp.CSS("#moves-table tbody tr .pin-stay")))
	wctx, wcancel = context.WithTimeout(tab, waitTimeout)
	_, err = chromedp.Run(wctx, chromedp.WaitVisible(chromedp.CSS("#parent")))
	if err == nil {
		_, err = chromedp.Run(wctx, chromedp.WaitVisible(chromedp.CSS("#moves-table")))
	}
	wcancel()
	require.NoError(t, err, "the re-plan's page did not show its rotation list")
	assert.Equal(t, planURL, inTab(t, tab, chromedp.Evaluate[string](`document.querySelector("#parent").href`)), "the re-plan's parent")
	parentURL := planURL
	planURL = inTab(t, tab, chromedp.Location())
	assert.Equal(t, "已完成", text("#status"))
	assert.NotContains(t, text("#moves-table tbody"), pinned, "the teacher kept home moves in the re-plan")
	if *updateScreenshot {
		// The re-plan compared with the plan it was made against.
		inTab(t, tab, chromedp.Navigate(planURL+"?against="+parentURL[strings.LastIndex(parentURL, "/")+1:]))
		inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#diff")))
		inTab(t, tab, chromedp.EmulateViewport(1280, 1000))
		png := inTab(t, tab, chromedp.CaptureScreenshot())
		inTab(t, tab, chromedp.EmulateViewport(1280, 800))
		require.NoError(t, writeFileAtomic("../../docs/workspace-replan.png", png))
	}

	// Each click loads a new page: wait for what only the new one shows.
	inTab(t, tab, chromedp.Click(chromedp.CSS("#submit")))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS(`#review[data-review="submitted"]`)))
	assert.Equal(t, "待审核", text("#review"))
	inTab(t, tab, chromedp.Click(chromedp.CSS(`header form button`)))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#login")))

	login("approver")
	list := text("#plans")
	assert.Contains(t, list, "待审核", "the approver's plan list shows the submitted plan")
	assert.Contains(t, list, "planner")
	inTab(t, tab, chromedp.Navigate(planURL))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#approve")))
	inTab(t, tab, chromedp.Click(chromedp.CSS("#approve")))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS(`#review[data-review="approved"]`)))
	assert.Equal(t, "已批准", text("#review"))

	form := inTab(t, tab, chromedp.Evaluate[string](`fetch(location.pathname + "/files/approval.html").then(r => r.text())`, chromedp.EvalAwaitPromise))
	assert.Contains(t, form, "交流轮岗名单", "the approval form")
	assert.Contains(t, form, "经办人")

	// The English switch.
	inTab(t, tab, chromedp.Navigate(base+"/lang/en?next=/plans"))
	inTab(t, tab, chromedp.WaitVisible(chromedp.CSS("#plans")))
	assert.Contains(t, text("h1"), "Rotation plans")
	if *updateScreenshot {
		png := inTab(t, tab, chromedp.CaptureScreenshot())
		require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")))
		require.NoError(t, writeFileAtomic("../../docs/workspace-plans.png", png))
	}
	assert.False(t, strings.Contains(inTab(t, tab, chromedp.Evaluate[string]("document.documentElement.outerHTML")), "<script>"),
		"an inline script")
}
