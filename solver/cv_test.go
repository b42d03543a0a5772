package solver

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWeightedCV(t *testing.T) {
	tests := []struct {
		name   string
		x, p   []float64
		want   float64
		wantOK bool
	}{
		{
			// The published five-school example: books per student.
			name:   "published five primary schools",
			x:      []float64{279.0 / 45, 137.0 / 37, 935.0 / 89, 160.0 / 76, 402.0 / 55},
			p:      []float64{45, 37, 89, 76, 55},
			want:   0.5153,
			wantOK: true,
		},
		{name: "equal values", x: []float64{2, 2, 2}, p: []float64{10, 20, 30}, want: 0, wantOK: true},
		{
			// X̄ = (1·1 + 3·3)/4 = 2.5, S² = ¼·2.25 + ¾·0.25 = 0.75, CV = √0.75/2.5.
			name: "two schools by hand", x: []float64{1, 3}, p: []float64{1, 3},
			want: math.Sqrt(0.75) / 2.5, wantOK: true,
		},
		{name: "zero mean", x: []float64{0, 0}, p: []float64{5, 7}, wantOK: false},
		{name: "no students", x: []float64{1, 2}, p: []float64{0, 0}, wantOK: false},
		{name: "empty", wantOK: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := WeightedCV(tt.x, tt.p)
			assert.Equal(t, tt.wantOK, ok, "ok")
			if tt.wantOK {
				assert.InDelta(t, tt.want, got, 5e-5, "got CV %v, want %v", got, tt.want)
			}
		})
	}
	// The published mean, 6.33 books per student.
	x := []float64{279.0 / 45, 137.0 / 37, 935.0 / 89, 160.0 / 76, 402.0 / 55}
	p := []float64{45, 37, 89, 76, 55}
	var sp, spx float64
	for i := range x {
		sp += p[i]
		spx += p[i] * x[i]
	}
	assert.InDelta(t, 6.33, spx/sp, 0.005)
}
