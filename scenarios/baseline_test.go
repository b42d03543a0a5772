package scenarios_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/scenarios"
	"github.com/rotaplan/rotaplan/solver"
)

// TestLoadBaseline: a scenario's baseline key names a plan file, relative
// to the scenario, read against the changed county; a bad row is an error
// at its line, and the scenario's key is named too.
func TestLoadBaseline(t *testing.T) {
	base, err := filepath.Abs("sample-county")
	require.NoError(t, err)
	in := loadBase(t)
	ev := solver.NewEvaluator(in)
	var rows []string
	var want []model.Assignment
	for ti, cs := range ev.Cands {
		if len(cs) > 0 && len(rows) < 2 {
			rows = append(rows, in.Teachers[ti].ID+","+in.Schools[cs[0].School].ID)
			want = append(want, model.Assignment{Teacher: ti, To: int(cs[0].School), Line: len(rows) + 1})
		}
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o644))
		return p
	}
	write("published.csv", "teacher_id,to_school_id\n"+strings.Join(rows, "\n")+"\n")
	sc := write("appeal.toml", fmt.Sprintf("name = \"appeal\"\nbase = %q\nbaseline = \"published.csv\"\n", base))
	s, _, err := scenarios.Load(sc, model.LoadOptions{})
	require.NoError(t, err)
	require.NotNil(t, s.Instance.Baseline)
	assert.Equal(t, want, s.Instance.Baseline.Moves)
	assert.True(t, solver.NewEvaluator(s.Instance).HasBaseline())

	write("bad.csv", "teacher_id,to_school_id\nNOBODY,"+in.Schools[0].ID+"\n")
	sc = write("bad.toml", fmt.Sprintf("base = %q\n\nbaseline = \"bad.csv\"\n", base))
	_, _, err = scenarios.Load(sc, model.LoadOptions{})
	var ie *model.InputError
	require.True(t, errors.As(err, &ie), "got %v, want an InputError", err)
	var all []string
	for _, p := range ie.Problems {
		all = append(all, p.String())
	}
	text := strings.Join(all, "\n")
	assert.Contains(t, text, "bad.csv:2: column teacher_id: error: unknown teacher NOBODY")
	assert.Contains(t, text, "bad.toml:3: column baseline: error: the baseline plan has errors")
}
