package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIsDatasetFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"schools.csv", true},
		{"Teachers.XLSX", true},
		{"教师.csv", true},
		{"交流记录.txt", true},
		{"policy.toml", true},
		{"政策.toml", true},
		{"wishes.tsv", true},
		{"schools.exe", false},
		{"notes.csv", false},
		{"../schools.csv", false},
		{`..\teachers.csv`, false},
		{"", false},
		{"policy.toml.bak", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := IsDatasetFile(tc.name); got != tc.want {
				t.Errorf("IsDatasetFile(%q): got %v, want %v", tc.name, got, tc.want)
			}
		})
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "seed", 4},
		{"tread", "threads", 2},
		{"jsn", "json", 1},
		{"threads", "threads", 0},
		{"kitten", "sitting", 3},
		{"县域", "县城", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+" "+tt.b, func(t *testing.T) {
			got := EditDistance(tt.a, tt.b)
			assert.Equal(t, tt.want, got, "got %d, want %d", got, tt.want)
			assert.Equal(t, got, EditDistance(tt.b, tt.a), "not symmetric")
		})
	}
}
