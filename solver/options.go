package solver

import (
	"fmt"
	"time"
)

// Options are the settings of a solve. The zero value is usable: one thread,
// seed 0, the default iteration budget, no time limit and no gap target.
type Options struct {
	// Seed seeds the one random source of the search; same instance, seed,
	// threads and budget give the same plan.
	Seed uint64
	// Threads is the number of independent local searches run in parallel
	// from the constructed plan; zero means one.
	Threads int
	// Iterations is the local-search budget per thread, in moves tried; zero
	// means 400 per mobile teacher (at least 200,000), negative means none.
	// With a bound, it is spent in blocks of half the default budget,
	// alternately in the core and in the whole.
	Iterations int64
	// TimeLimit stops the search when reached, in whatever phase (the
	// construction included), keeping the best plan so far; Solve returns
	// within milliseconds of it. Zero means no limit. A time-limited run is
	// deterministic only if the limit is not reached first.
	TimeLimit time.Duration
	// Gap stops the search once (total − bound)/total ≤ Gap; zero means the
	// search uses its whole budget.
	Gap float64
	// Target stops the search once the total is at most Target; zero means
	// no target.
	Target float64
	// BoundIterations is the number of subgradient steps of the Lagrangian
	// bound; zero means 1,500, negative means no bound.
	BoundIterations int
	// Progress, if set, is called on the solving goroutine about every
	// ProgressEvery (zero means 200 ms) with a snapshot of the search.
	Progress      func(Progress)
	ProgressEvery time.Duration
}

// Progress is a snapshot of a running search.
type Progress struct {
	Phase      string // construct, search, bound
	Score      Score  // best plan so far
	Bound      float64
	Iterations int64
	Elapsed    time.Duration
}

// Gap is the relative gap of a score to a bound: (total − bound)/total.
func Gap(total, bound float64) float64 {
	if total <= 0 {
		return 0
	}
	return max(0, (total-bound)/total)
}

// Status says why a solve stopped.
type Status uint8

// Stop reasons.
const (
	StatusBudget      Status = iota // the iteration budget was used up
	StatusGap                       // the proven gap reached Options.Gap
	StatusTarget                    // the total reached Options.Target
	StatusTimeLimit                 // Options.TimeLimit was reached
	StatusInterrupted               // the context was cancelled
)

var statusNames = [...]string{"budget", "gap", "target", "time_limit", "interrupted"}

func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// Result is the outcome of a solve: the best plan found, its score (a full
// recompute), the best lower bound proven on the total, and why it stopped.
type Result struct {
	Plan       Plan
	Score      Score
	Bound      float64
	Status     Status
	Iterations int64
	Elapsed    time.Duration
}

// Gap is the relative gap between the plan's total and the bound.
func (r *Result) Gap() float64 { return Gap(r.Score.Total, r.Bound) }
