package main

import (
	"errors"
	"time"

	"github.com/rotaplan/rotaplan/solver"
)

// rotaplanResult is what rotabench needs of one run of rotaplan's solver.
type rotaplanResult struct {
	Plan    solver.Plan
	Bound   float64 // a lower bound on the optimum, or ±Inf/NaN when none
	Elapsed time.Duration
	Status  string
}

// errNoSolver says rotaplan's own solver is not built into rotabench.
var errNoSolver = errors.New("rotaplan's solver (solver.Solve) is not built in: build with -tags rotaplansolve once it exists")
