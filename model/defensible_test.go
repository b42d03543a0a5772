package model

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodePolicyDefensible reads keep_compliance, max_rotation_rate and
// weights.change (DOMAIN §7), their defaults and their range errors.
func TestDecodePolicyDefensible(t *testing.T) {
	def := DefaultPolicy(MonthOf(2026, 9))
	assert.True(t, def.KeepCompliance, "got keep_compliance false by default, want true")
	assert.Equal(t, 0.0, def.MaxRotationRate)
	assert.Equal(t, 50.0, def.Weights.Change)
	_, ok := def.RotationCap(100)
	assert.False(t, ok, "got a rotation cap with max_rotation_rate 0, want none")

	got, probs := DecodePolicy("policy.toml", []byte("keep_compliance = false\nmax_rotation_rate = 0.15\n[weights]\nchange = 7.5\n"), policyNow)
	require.Empty(t, probs, "got problems:\n%s", problemList(probs))
	assert.False(t, got.KeepCompliance)
	assert.Equal(t, 0.15, got.MaxRotationRate)
	assert.Equal(t, 7.5, got.Weights.Change)
	// ⌈0.15·61⌉ = ⌈9.15⌉ = 10; ⌈0.15·60⌉ = 9 exactly, despite 0.15·60 = 9.000000000000002.
	n, ok := got.RotationCap(61)
	assert.True(t, ok)
	assert.Equal(t, 10, n, "got cap %d for 61 eligible, want 10", n)
	n, _ = got.RotationCap(60)
	assert.Equal(t, 9, n, "got cap %d for 60 eligible, want 9", n)

	tests := []policyProblemCase{
		{"rate above one", "\nmax_rotation_rate = 1.5\n", Error, 2, "max_rotation_rate", "want a number from 0 to 1"},
		{"negative rate", "max_rotation_rate = -0.1\n", Error, 1, "max_rotation_rate", "want a number from 0 to 1"},
		{"rate below the quota", "rotation_rate = 0.1\nmax_rotation_rate = 0.05\n", Warning, 2, "max_rotation_rate", "below rotation_rate"},
		{"keep not a bool", "keep_compliance = 3\n", Error, 1, "keep_compliance", "true or false"},
		{"negative change", "[weights]\n\nchange = -1\n", Error, 3, "weights.change", "want a number from 0 to 1000000000"},
	}
	testPolicyProblems(t, tests, true)

	p := DefaultPolicy(MonthOf(2026, 9))
	p.KeepCompliance, p.MaxRotationRate, p.Weights.Change = false, 0.125, 12
	var buf bytes.Buffer
	require.NoError(t, EncodePolicy(&buf, p))
	back, probs := DecodePolicy("policy.toml", buf.Bytes(), policyNow)
	assert.Empty(t, probs, "decoding:\n%s", buf.String())
	assert.Equal(t, p, back)
}
