package model

import "testing"

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
