package main

import (
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/scenarios/gen"
)

func TestParseCBCLog(t *testing.T) {
	tests := []struct {
		name string
		log  string
		want cbcResult
	}{
		{
			name: "optimal",
			log: "Cbc0012I Integer solution of 10302.96 found by DiveCoefficient\n" +
				"Objective value:  999\n" + // before the summary: ignored
				"Result - Optimal solution found\n\nObjective value:                10302.96033264\n" +
				"Enumerated nodes:               0\nTotal iterations:               63\n" +
				"Time (CPU seconds):             0.36\nTime (Wallclock seconds):       0.86\n\n" +
				"Total time (CPU seconds):       0.37   (Wallclock seconds):       0.97\n",
			want: cbcResult{Result: "Optimal solution found", Objective: ptr(10302.96033264), Seconds: 0.86},
		},
		{
			name: "stopped on time",
			log: "Result - Stopped on time limit\n\nObjective value:                107121.5\n" +
				"Lower bound:                    106900.25\nGap:                            0.00\n" +
				"Time (Wallclock seconds):       600.12\n",
			want: cbcResult{Result: "Stopped on time limit", Objective: ptr(107121.5), Bound: ptr(106900.25), Seconds: 600.12},
		},
		{
			name: "no solution",
			log:  "Result - Stopped on time limit\n\nNo feasible solution found\nTime (Wallclock seconds):       5\n",
			want: cbcResult{Result: "Stopped on time limit", Seconds: 5},
		},
		{name: "empty log", log: "", want: cbcResult{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseCBCLog(strings.NewReader(tt.log))
			assert.Equal(t, tt.want, got, "got %+v, want %+v", got, tt.want)
		})
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    *config
		wantErr string
	}{
		{
			name: "defaults",
			want: &config{sizes: []gen.Size{gen.Small, gen.County}, seed: 1, peers: []string{"cbc", "highs"},
				timeLimit: 10 * time.Minute, rotaplanTime: time.Minute, out: "bench-results", cache: ".cache/rotabench", highsVersion: "1.15.3"},
		},
		{
			name: "lists are trimmed, lower-cased and deduplicated",
			args: []string{"-sizes", " Large ,prefecture", "-peers", "highs,HIGHS", "-time-limit", "30s"},
			want: &config{sizes: []gen.Size{gen.Large, gen.Prefecture}, seed: 1, peers: []string{"highs"},
				timeLimit: 30 * time.Second, rotaplanTime: time.Minute, out: "bench-results", cache: ".cache/rotabench", highsVersion: "1.15.3"},
		},
		{
			name: "no peers",
			args: []string{"-peers", ""},
			want: &config{sizes: []gen.Size{gen.Small, gen.County}, seed: 1,
				timeLimit: 10 * time.Minute, rotaplanTime: time.Minute, out: "bench-results", cache: ".cache/rotabench", highsVersion: "1.15.3"},
		},
		{name: "unknown size", args: []string{"-sizes", "huge"}, wantErr: `unknown size "huge"`},
		{name: "unknown peer", args: []string{"-peers", "gurobi"}, wantErr: `unknown peer "gurobi", want one of cbc, highs`},
		{name: "no size", args: []string{"-sizes", ","}, wantErr: "-sizes lists no size"},
		{name: "zero limit", args: []string{"-time-limit", "0s"}, wantErr: "time limits must be positive"},
		{name: "stray argument", args: []string{"small"}, wantErr: `unexpected argument "small"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseFlags(tt.args, io.Discard)
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr, "got error %q, want %q", err, tt.wantErr)
				var ue *usageError
				assert.ErrorAs(t, err, &ue)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "got %+v, want %+v", got, tt.want)
		})
	}
}

func TestWriteTable(t *testing.T) {
	res := []*Instance{{
		Name: "small-s1", Teachers: 10, Eligible: 5, Vars: 7, Rows: 3, Nonzeros: 20,
		Runs: []Run{
			{Peer: "rotaplan", Objective: ptr(101.0), Seconds: 1},
			{Peer: "cbc", Objective: ptr(100.0), Bound: ptr(100.0), Gap: ptr(0.0), Proven: true, Seconds: 4},
			{Peer: "highs", Error: "boom"},
		},
		TimeToTarget: &Target{Target: 100.1, Reached: true, Seconds: 2, Ratio: map[string]float64{"cbc": 0.5}},
	}}
	var b strings.Builder
	require.NoError(t, writeTable(&b, res))
	want := "| small-s1 | 10 | 5 | 7 | 3 | 20 | 101.00 | – | – | 1.00 | 100.00 (opt) | 100.00 | 0.000% | 4.00 | error |  |  |  | 100.10 | 2.00 | 0.5 | – |\n"
	assert.True(t, strings.HasSuffix(b.String(), want), "got table\n%s\nwant last row\n%s", b.String(), want)
}
