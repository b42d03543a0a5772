package solver

import (
	"context"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/rotaplan/rotaplan/model"
)

func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestQuality is a measuring aid, not a test: ROTAPLAN_Q=dir, ROTAPLAN_IT=iterations.
func TestQuality(t *testing.T) {
	dir := os.Getenv("ROTAPLAN_Q")
	if dir == "" {
		t.Skip()
	}
	it, _ := strconv.ParseInt(os.Getenv("ROTAPLAN_IT"), 10, 64)
	in, _, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	c0 := cpuNow()
	for seed := uint64(1); seed <= 4; seed++ {
		ev := NewEvaluator(in)
		r := Solve(context.Background(), ev, Options{Seed: seed, Threads: 1, Iterations: it})
		sum += r.Score.Total
		t.Logf("seed %d: %.2f", seed, r.Score.Total)
	}
	t.Logf("mean %.2f, cpu %.2f s per run", sum/4, (cpuNow()-c0).Seconds()/4)
}
