package solver

// Diff is the difference between two plans of one instance: the moves only
// one of them makes, the teachers sent to different schools, and the change
// of every term of the score (b − a).
type Diff struct {
	OnlyA   []MoveReport `json:"only_a"`
	OnlyB   []MoveReport `json:"only_b"`
	Changed []Change     `json:"changed"`
	Score   ScoreJSON    `json:"score_change"`
	Terms   []TermChange `json:"terms"`
}

// Change is a teacher who moves in both plans, to different schools.
type Change struct {
	TeacherID string `json:"teacher_id"`
	ToA       string `json:"to_school_a"`
	ToB       string `json:"to_school_b"`
}

// TermChange is the change of one named term between two plans.
type TermChange struct {
	Level          string  `json:"level"`
	Name           string  `json:"name"`
	AmountChange   float64 `json:"amount_change"`
	WeightedChange float64 `json:"weighted_change"`
}

// Diff compares plan b with plan a through their reports.
func (ev *Evaluator) Diff(a, b Plan) *Diff {
	ra, rb := ev.Report(a), ev.Report(b)
	d := &Diff{OnlyA: []MoveReport{}, OnlyB: []MoveReport{}, Changed: []Change{}}
	byTeacher := func(r *Report) map[int]MoveReport {
		m := make(map[int]MoveReport, len(r.Moves))
		for _, mv := range r.Moves {
			m[mv.Teacher] = mv
		}
		return m
	}
	ma, mb := byTeacher(ra), byTeacher(rb)
	for _, mv := range ra.Moves {
		o, ok := mb[mv.Teacher]
		switch {
		case !ok:
			d.OnlyA = append(d.OnlyA, mv)
		case o.To != mv.To:
			d.Changed = append(d.Changed, Change{TeacherID: mv.ID, ToA: mv.To, ToB: o.To})
		}
	}
	for _, mv := range rb.Moves {
		if _, ok := ma[mv.Teacher]; !ok {
			d.OnlyB = append(d.OnlyB, mv)
		}
	}
	d.Score = ScoreJSON{
		Hard: rb.Score.Hard - ra.Score.Hard, Medium: rb.Score.Medium - ra.Score.Medium,
		Soft: rb.Score.Soft - ra.Score.Soft, Total: rb.Score.Total - ra.Score.Total, Feasible: rb.Score.Feasible,
	}
	for i, t := range rb.Terms { // both reports list the same terms in the same order
		d.Terms = append(d.Terms, TermChange{Level: t.Level, Name: t.Name,
			AmountChange: t.Amount - ra.Terms[i].Amount, WeightedChange: t.Weighted - ra.Terms[i].Weighted})
	}
	return d
}
