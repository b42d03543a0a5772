package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

func TestExitCode(t *testing.T) {
	inputErr := &model.InputError{Problems: model.Problems{{File: "schools.csv", Line: 3, Message: "bad"}}}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{"success", context.Background(), nil, exitOK},
		{"failure", context.Background(), errors.New("disk full"), exitFailure},
		{"input error", context.Background(), inputErr, exitBadInput},
		{"wrapped input error", context.Background(), fmt.Errorf("load: %w", inputErr), exitBadInput},
		{"reported input error", context.Background(), &reportedError{summary: "1 error", err: inputErr}, exitBadInput},
		{"usage error", context.Background(), &usageError{err: errors.New("bad flag")}, exitBadInput},
		{"cancelled error", context.Background(), fmt.Errorf("gen: %w", context.Canceled), exitInterrupted},
		{"interrupted", cancelled, errors.New("anything"), exitInterrupted},
		{"interrupted but done", cancelled, nil, exitOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := exitCode(tt.ctx, tt.err)
			assert.Equal(t, tt.want, got, "got %d, want %d", got, tt.want)
		})
	}
}

func TestInterruptedGen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := filepath.Join(t.TempDir(), "x")
	r := runContext(t, ctx, "gen", "--size", "small", "--out", out)
	assert.Equal(t, exitInterrupted, r.code)
	assert.NoDirExists(t, out)
}

// TestInterruptedMessage runs the commands that stop at an interrupt
// before writing: each says it was interrupted, in both languages, not
// Go's "context canceled", and writes nothing.
func TestInterruptedMessage(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tmp := t.TempDir()
	tests := []struct {
		name string
		args []string
		out  string
	}{
		{"gen", []string{"gen", "--size", "small", "--out", filepath.Join(tmp, "gen")}, filepath.Join(tmp, "gen")},
		{"scenario run", []string{"scenario", "run", examples + "base.toml", "--iterations", "1000", "--out", filepath.Join(tmp, "sc")}, filepath.Join(tmp, "sc")},
		{"roadmap", []string{"roadmap", sampleCounty, "--years", "2", "--iterations", "1000", "--out", filepath.Join(tmp, "rm")}, filepath.Join(tmp, "rm")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runContext(t, ctx, tt.args...)
			assert.Equal(t, exitInterrupted, r.code, "stderr:\n%s", r.stderr)
			assert.Contains(t, r.stderr, "rotaplan: 已中断 (interrupted)")
			assert.NotContains(t, r.stderr, "context canceled")
			assert.NoDirExists(t, tt.out)
		})
	}
}

func TestVersion(t *testing.T) {
	r := run(t, "version")
	require.Equal(t, exitOK, r.code)
	assert.Equal(t, fmt.Sprintf("rotaplan dev (%s %s/%s)\n", runtime.Version(), runtime.GOOS, runtime.GOARCH), r.stdout)
}

func TestRootHelp(t *testing.T) {
	r := run(t)
	require.Equal(t, exitOK, r.code)
	for _, s := range []string{"check", "gen", "version", "Exit codes"} {
		assert.Contains(t, r.stdout, s)
	}
}

// TestBinary builds rotaplan and runs it as a user would: bad input exits
// with code 2 and a plain message, never a panic or a stack trace.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildRotaplan(t)

	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantStdout string
		wantStderr string
	}{
		{"broken dataset", []string{"check", "testdata/broken"}, exitBadInput, "", "schools.csv:3: column type: error:"},
		{"unknown size", []string{"gen", "--size", "huge", "--out", t.TempDir()}, exitBadInput, "", "want one of small, county, large, prefecture"},
		{"sample county", []string{"check", sampleCounty}, exitOK, "学校 (schools): 60", ""},
		{"version", []string{"version"}, exitOK, "rotaplan v0.0.0-test (go", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr strings.Builder
			cmd := exec.Command(bin, tt.args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exitErr *exec.ExitError
			if errors.As(err, &exitErr) {
				code = exitErr.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.wantCode, code, "got exit %d, want %d; stderr:\n%s", code, tt.wantCode, stderr.String())
			assert.Contains(t, stdout.String(), tt.wantStdout)
			assert.Contains(t, stderr.String(), tt.wantStderr)
			for _, bad := range []string{"panic", "goroutine"} {
				assert.NotContains(t, stderr.String(), bad)
			}
		})
	}
}

// buildRotaplan builds the command with version v0.0.0-test into a new
// temporary folder and returns its path; it skips the test without the go
// tool.
func buildRotaplan(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go tool not on PATH")
	}
	bin := filepath.Join(t.TempDir(), "rotaplan")
	build := exec.Command(goTool, "build", "-ldflags", "-X main.version=v0.0.0-test", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

// TestStopSignals sends the signals of a service manager and of a closed
// terminal to a long plan run of the built binary: like Ctrl-C, each stops
// the search, writes the best plan so far and exits with code 130.
func TestStopSignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and plans for seconds")
	}
	if runtime.GOOS == "windows" {
		t.Skip("Windows has no SIGTERM or SIGHUP to send")
	}
	bin := buildRotaplan(t)
	county := filepath.Join(t.TempDir(), "county")
	gen, err := exec.Command(bin, "gen", "--size", "county", "--seed", "1", "--out", county).CombinedOutput()
	require.NoError(t, err, "gen: %s", gen)

	tests := []struct {
		name string
		sig  os.Signal
	}{
		{"SIGTERM", syscall.SIGTERM},
		{"SIGHUP", syscall.SIGHUP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "plan")
			// No gap target and a budget far beyond the wait: only the
			// signal stops this search.
			cmd := exec.Command(bin, "plan", county, "--out", out, "--time-limit", "60s", "--gap", "0",
				"--iterations", "1000000000", "--threads", "2")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			require.NoError(t, cmd.Start())
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			time.Sleep(1500 * time.Millisecond)
			require.NoError(t, cmd.Process.Signal(tt.sig))
			select {
			case <-done:
			case <-time.After(15 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("still running 15 s after %s; stderr:\n%s", tt.name, stderr.String())
			}
			code := cmd.ProcessState.ExitCode()
			assert.Equal(t, exitInterrupted, code, "got exit %d (%s), want 130; stderr:\n%s", code, cmd.ProcessState, stderr.String())
			assert.Contains(t, stderr.String(), "interrupted; wrote the best plan found so far to "+out)
			require.FileExists(t, filepath.Join(out, "plan.csv"))
			rows := readCSV(t, filepath.Join(out, "plan.csv"))
			require.Greater(t, len(rows), 1, "got %d rows in plan.csv, want a header and moves", len(rows))
			assert.Equal(t, "序号", rows[0][0])
			pj := readPlanJSON(t, filepath.Join(out, "plan.json"))
			assert.Equal(t, "interrupted", pj.Status)
			assert.Len(t, rows, pj.Report.Quota.Moved+1, "got %d rows, want a header and %d moves", len(rows), pj.Report.Quota.Moved)
			assert.Contains(t, stdout.String(), "交流方案评分 (plan score)")
		})
	}
}
