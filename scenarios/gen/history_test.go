package gen

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rotaplan/rotaplan/model"
	"github.com/rotaplan/rotaplan/solver"
)

// TestHistoryAndWishes checks the generated stints and wishes against the
// rules of history.csv and wishes.csv (DOMAIN §6) and the shares the
// generator promises: returns serving at the stint school, recent and old
// ended stints, ongoing stints, and about 30% of the eligible teachers
// with one to five wishes among the receivers they can reach.
func TestHistoryAndWishes(t *testing.T) {
	for _, size := range []Size{Small, County, Large} {
		t.Run(string(size), func(t *testing.T) {
			in, err := Generate(size, 3)
			require.NoError(t, err)
			p := in.Policy.PlanDate
			var returning, ongoing, recent, old, early, closed int
			byTeacher := map[string][]model.Stint{}
			for _, s := range in.History {
				byTeacher[s.TeacherID] = append(byTeacher[s.TeacherID], s)
			}
			for id, ss := range byTeacher {
				ti, ok := in.TeacherByID(id)
				require.True(t, ok, "stint of unknown teacher %s", id)
				tc := &in.Teachers[ti]
				for i, s := range ss {
					require.Less(t, s.Start, s.End, "teacher %s stint %d", id, i)
					if i > 0 {
						assert.LessOrEqual(t, ss[i-1].End, s.Start, "teacher %s: stints %d and %d overlap", id, i-1, i)
					}
					school, known := in.SchoolByID(s.SchoolID)
					if known {
						assert.NotEqual(t, tc.School, school, "teacher %s: a stint at the post school", id)
						assert.Equal(t, in.Schools[school].IsReceiver(), s.Rural, "teacher %s stint at %s: rural", id, s.SchoolID)
					} else {
						closed++
						assert.True(t, s.Rural, "teacher %s: a stint at a closed school is marked rural", id)
					}
					switch {
					case s.RunsAt(p):
						ongoing++
						require.True(t, known)
						assert.Equal(t, school, tc.Serving, "teacher %s: an ongoing stint names the serving school", id)
					case s.EndsWithinYear(p):
						returning++
						require.True(t, known)
						assert.Equal(t, school, tc.Serving, "teacher %s: a returning teacher serves at the stint school now", id)
						assert.True(t, tc.Returning, "teacher %s is not returning", id)
						assert.True(t, in.Schools[school].Teaches(tc.Stage))
					case s.End <= tc.Joined:
						early++
					case s.End > p-12*6:
						recent++
						assert.Equal(t, s.End, tc.ServiceSince, "teacher %s: service restarts at the recent return", id)
					default:
						old++
					}
				}
			}
			for i := range in.Teachers {
				tc := &in.Teachers[i]
				if tc.OnRotation() {
					assert.True(t, tc.OngoingStint || tc.Returning, "teacher %s serves away without a stint", tc.ID)
				}
			}
			t.Logf("stints: %d ongoing, %d returning, %d recent, %d old, %d before the post (%d at closed schools)", ongoing, returning, recent, old, early, closed)
			for what, n := range map[string]int{"ongoing": ongoing, "returning": returning, "recent": recent, "old": old, "early": early} {
				assert.Positive(t, n, "no %s stints", what)
			}

			eligible, withWishes := 0, 0
			ranks := map[string][]int{}
			for _, w := range in.Wishes {
				ranks[w.TeacherID] = append(ranks[w.TeacherID], w.Rank)
			}
			for i := range in.Teachers {
				tc := &in.Teachers[i]
				ex, _ := solver.Eligibility(in, tc)
				ws := in.WishesOf(i)
				if ex != solver.Eligible {
					assert.Empty(t, ws, "teacher %s (%s) has wishes", tc.ID, ex)
					continue
				}
				eligible++
				if len(ws) == 0 {
					continue
				}
				withWishes++
				assert.LessOrEqual(t, len(ws), 5, "teacher %s wishes", tc.ID)
				for k, r := range ranks[tc.ID] {
					assert.Equal(t, k+1, r, "teacher %s wish ranks", tc.ID)
				}
				for _, s := range ws {
					sc := &in.Schools[s]
					assert.True(t, sc.IsReceiver() && sc.Teaches(tc.Stage), "teacher %s wishes for %s", tc.ID, sc.ID)
					assert.LessOrEqual(t, in.DistanceKm(tc.School, s), in.Policy.MaxDistanceKm, "teacher %s wishes for %s", tc.ID, sc.ID)
				}
			}
			share := float64(withWishes) / float64(eligible)
			assert.True(t, share > 0.2 && share < 0.4, "share of eligible teachers with wishes: got %.3f, want about 0.3", share)
		})
	}
}

// TestWishesNearerFirst checks that first wishes are nearer on average
// than last ones: the generator draws nearer schools first.
func TestWishesNearerFirst(t *testing.T) {
	in, err := Generate(County, 1)
	require.NoError(t, err)
	var first, last float64
	n := 0
	for i := range in.Teachers {
		ws := in.WishesOf(i)
		if len(ws) < 3 {
			continue
		}
		first += in.DistanceKm(in.Teachers[i].School, ws[0])
		last += in.DistanceKm(in.Teachers[i].School, ws[len(ws)-1])
		n++
	}
	require.Positive(t, n)
	assert.Less(t, first/float64(n), last/float64(n), "mean km of first wishes (%d teachers with 3+ wishes)", n)
}

// TestStructures checks the generated districts, groups, pairs and
// principals' tenure: four districts in the county, each with a source
// school; groups led by a source school with receiving members; pairs
// from a source to a receiver of a stage it teaches, within pairKm; about
// a third of the principals due at six years.
func TestStructures(t *testing.T) {
	for _, size := range []Size{Small, County, Large} {
		t.Run(string(size), func(t *testing.T) {
			in, err := Generate(size, 4)
			require.NoError(t, err)
			type unit struct{ sources, receivers int }
			districts := map[string]*unit{}
			groups := map[string]*unit{}
			for i := range in.Schools {
				s := &in.Schools[i]
				require.NotEmpty(t, s.District, "school %s has no district", s.ID)
				for _, mn := range []struct {
					m    map[string]*unit
					name string
				}{{districts, s.District}, {groups, s.Group}} {
					m, name := mn.m, mn.name
					if name == "" {
						continue
					}
					if m[name] == nil {
						m[name] = &unit{}
					}
					if s.IsSource() {
						m[name].sources++
					} else {
						m[name].receivers++
					}
				}
			}
			want := map[Size]int{Small: 3, County: 4, Large: 6}[size]
			assert.Len(t, districts, want, "districts")
			for name, u := range districts {
				assert.Positive(t, u.sources, "district %s has no source school", name)
			}
			assert.NotEmpty(t, groups)
			for name, u := range groups {
				assert.Equal(t, 1, u.sources, "group %s: its leader", name)
				assert.Equal(t, groupMembers, u.receivers, "group %s members", name)
			}
			assert.NotEmpty(t, in.Pairs)
			seen := map[model.Pair]bool{}
			for _, p := range in.Pairs {
				assert.False(t, seen[p], "pair %v twice", p)
				seen[p] = true
				s, _ := in.SchoolByID(p.SourceID)
				r, _ := in.SchoolByID(p.ReceiverID)
				assert.True(t, in.Paired(s, r))
				assert.True(t, in.Schools[s].IsSource() && in.Schools[r].IsReceiver())
				assert.LessOrEqual(t, model.GreatCircleKm(in.Schools[s].Lat, in.Schools[s].Lon, in.Schools[r].Lat, in.Schools[r].Lon), pairKm)
			}
			principals, due := 0, 0
			for i := range in.Teachers {
				tc := &in.Teachers[i]
				if !tc.Principal {
					assert.Zero(t, tc.PrincipalSince, "teacher %s", tc.ID)
					continue
				}
				principals++
				assert.LessOrEqual(t, tc.PrincipalSince, in.Policy.PlanDate)
				assert.GreaterOrEqual(t, tc.PrincipalSince, tc.Joined, "principal %s since before joining", tc.ID)
				if in.PrincipalDue(tc) {
					due++
				}
			}
			share := float64(due) / float64(principals)
			assert.True(t, share > 0.15 && share < 0.5, "due principals: got %d of %d", due, principals)
		})
	}
}
