package main

import (
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
