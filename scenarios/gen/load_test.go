package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
)

// TestLoadGenerated writes every size and reads it back with model.Load:
// the generated data must validate without errors or warnings and come
// back as generated.
func TestLoadGenerated(t *testing.T) {
	for _, size := range Sizes() {
		t.Run(string(size), func(t *testing.T) {
			if size.Stress() {
				t.Skip("the stress shapes are for benchmarks")
			}
			if size == Prefecture && testing.Short() {
				t.Skip("prefecture is slow under -short")
			}
			want, err := Generate(size, 2)
			require.NoError(t, err)
			dir := t.TempDir()
			require.NoError(t, Write(dir, want))
			got, problems, err := model.Load(dir, model.LoadOptions{})
			require.NoError(t, err)
			assert.Empty(t, problems, "warnings: %v", head(problems, 10))
			require.Len(t, got.Schools, len(want.Schools))
			require.Len(t, got.Teachers, len(want.Teachers))
			for i := range want.Schools {
				w, g := want.Schools[i], got.Schools[i]
				g.Line = 0
				require.Equal(t, w, g, "school %d", i)
			}
			for i := range want.Teachers {
				w, g := want.Teachers[i], got.Teachers[i]
				g.Line = 0
				require.Equal(t, w, g, "teacher %d", i)
			}
			require.Len(t, got.History, len(want.History))
			for i := range want.History {
				g := got.History[i]
				g.Line = 0
				require.Equal(t, want.History[i], g, "stint %d", i)
			}
			require.Len(t, got.Wishes, len(want.Wishes))
			for i := range want.Wishes {
				g := got.Wishes[i]
				g.Line, g.File = 0, "" // where the loader read it
				require.Equal(t, want.Wishes[i], g, "wish %d", i)
			}
			require.Len(t, got.Pairs, len(want.Pairs))
			for i := range want.Pairs {
				g := got.Pairs[i]
				g.Line = 0
				require.Equal(t, want.Pairs[i], g, "pair %d", i)
			}
			assert.Equal(t, want.Policy, got.Policy)
		})
	}
}

func head(ps model.Problems, n int) model.Problems {
	if len(ps) > n {
		return ps[:n]
	}
	return ps
}
