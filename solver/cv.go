package solver

import "math"

// WeightedCV is the student-weighted coefficient of variation (差异系数) of
// the official assessment: with P = ΣPᵢ, X̄ = ΣPᵢXᵢ/P,
// S = sqrt(Σ(Pᵢ/P)(Xᵢ−X̄)²) and CV = S/X̄. It reports ok = false when the
// weights sum to zero or the mean is zero, where the CV is undefined.
func WeightedCV(x, p []float64) (cv float64, ok bool) {
	var sp, spx float64
	for i := range x {
		sp += p[i]
		spx += p[i] * x[i]
	}
	if sp <= 0 {
		return 0, false
	}
	mean := spx / sp
	if mean == 0 {
		return 0, false
	}
	var v float64
	for i := range x {
		d := x[i] - mean
		v += p[i] / sp * d * d
	}
	return math.Sqrt(v) / mean, true
}
