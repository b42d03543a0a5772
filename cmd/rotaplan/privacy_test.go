package main

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

func TestPseudonym(t *testing.T) {
	assert.Equal(t, pseudonym("4301000001", "zh"), pseudonym("4301000001", "zh"), "stable")
	assert.NotEqual(t, pseudonym("4301000001", "zh"), pseudonym("4301000002", "zh"))
	assert.Regexp(t, `^教师-[0-9a-f]{8}$`, pseudonym("4301000001", "zh"))
	assert.Regexp(t, `^teacher-[0-9a-f]{8}$`, pseudonym("4301000001", "en"))
	assert.Equal(t, pseudonym("4301000001", "zh")[len("教师-"):], pseudonym("4301000001", "en")[len("teacher-"):],
		"the same hash in both languages")
}

func TestPrivacyView(t *testing.T) {
	in, _, err := model.Load(sampleCounty, model.LoadOptions{})
	require.NoError(t, err)
	require.NotEmpty(t, in.Teachers[0].IDNumber, "the sample county has identity numbers")
	name, id := in.Teachers[0].Name, in.Teachers[0].IDNumber
	tests := []struct {
		name     string
		flags    privacyFlags
		wantName string
		wantID   string
	}{
		{"default", privacyFlags{}, name, ""},
		{"include-id-number", privacyFlags{IncludeIDNumber: true}, name, id},
		{"pseudonymize", privacyFlags{Pseudonymize: true}, pseudonym(in.Teachers[0].ID, "zh"), ""},
		{"both", privacyFlags{IncludeIDNumber: true, Pseudonymize: true}, pseudonym(in.Teachers[0].ID, "zh"), id},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.flags.view(in, "zh")
			assert.Equal(t, tt.wantName, v.Teachers[0].Name)
			assert.Equal(t, tt.wantID, v.Teachers[0].IDNumber)
			if tt.wantID == "" {
				for i := range v.Teachers {
					require.Empty(t, v.Teachers[i].IDNumber, "teacher %s", v.Teachers[i].ID)
				}
			}
			assert.Equal(t, name, in.Teachers[0].Name, "the view leaves the instance alone")
			assert.Equal(t, id, in.Teachers[0].IDNumber, "the view leaves the instance alone")
		})
	}
}

func Example_pseudonym() {
	fmt.Println(pseudonym("4301000001", "zh"))
	fmt.Println(pseudonym("4301000001", "en"))
	// Output:
	// 教师-d882517b
	// teacher-d882517b
}
