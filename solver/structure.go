package solver

import (
	"fmt"

	"github.com/rotaplan/rotaplan/model"
)

// pairBonus is the soft cost pair_bonus takes off a move from school s to
// school r along a pair of pairs.csv (DOMAIN §8), 0 off a pair. MoveCost
// and the candidates' costs subtract it, so Score, Delta, the search and
// the MIP export all see the same cost; a move's soft cost may fall below
// zero when pair_bonus exceeds it, which makes the pair worth a move of
// its own.
func (ev *Evaluator) pairBonus(s, r int) float64 {
	if ev.In.Policy.PairBonus == 0 || !ev.In.Paired(s, r) {
		return 0
	}
	return ev.In.Policy.PairBonus
}

// scopeInvalid says why move_scope forbids a move from school s to r.
func scopeInvalid(in *model.Instance, s, r int) string {
	sc := in.Policy.MoveScope
	to := sc.Unit(&in.Schools[r])
	if to == "" {
		to = "none"
	}
	return fmt.Sprintf("destination %s is outside the %s %s of %s (move_scope = %s; its %s: %s)",
		in.Schools[r].ID, sc, sc.Unit(&in.Schools[s]), in.Schools[s].ID, sc, sc, to)
}
