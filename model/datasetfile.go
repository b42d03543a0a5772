package model

import (
	"path"
	"strings"
)

// IsDatasetFile reports whether name (a base name, no folder) is one that
// Load reads from a dataset folder: schools, teachers, distances, pins,
// history, wishes and pairs tables under their English or Chinese names with a
// table extension, or the policy file. Case is ignored, as Load ignores it.
func IsDatasetFile(name string) bool {
	if name == "" || strings.ContainsAny(name, `/\`) {
		return false
	}
	lower := strings.ToLower(name)
	for _, p := range policyNames {
		if lower == strings.ToLower(p) {
			return true
		}
	}
	ext := path.Ext(lower)
	base := strings.TrimSuffix(lower, ext)
	known := false
	for _, e := range tableExts {
		known = known || e == ext
	}
	if !known {
		return false
	}
	for _, names := range [][]string{schoolsNames, teachersNames, distancesNames, pinsNames, historyNames, wishesNames, pairsNames} {
		for _, n := range names {
			if base == strings.ToLower(n) {
				return true
			}
		}
	}
	return false
}
