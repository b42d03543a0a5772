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

// Diff compares plan b with plan a through their reports. Teachers are
// compared by their destinations in the plans themselves, so a move that
// breaks a rule, which the reports list apart as invalid, still counts: a
// teacher sent to different schools is Changed whether or not either move
// is valid.
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
	// move is the report of teacher t's move to school r: the report's own
	// when the move is valid, else its teacher, schools and km without a
	// cost or reasons, as the score counts such a move only as invalid.
	move := func(reported map[int]MoveReport, t int, r int32) MoveReport {
		if mv, ok := reported[t]; ok {
			return mv
		}
		tc := &ev.In.Teachers[t]
		_, km := ev.MoveCost(t, int(r))
		return MoveReport{Teacher: t, ID: tc.ID, Stage: tc.Stage.String(), Subject: tc.Subject.String(),
			Backbone: tc.Backbone.String(), From: ev.In.Schools[tc.School].ID, To: ev.In.Schools[r].ID, Km: km, Reasons: []Reason{}}
	}
	for t := range a.Dest {
		da, db := a.Dest[t], b.Dest[t]
		switch {
		case da == db:
		case db == Stay:
			d.OnlyA = append(d.OnlyA, move(ma, t, da))
		case da == Stay:
			d.OnlyB = append(d.OnlyB, move(mb, t, db))
		default:
			tc := &ev.In.Teachers[t]
			d.Changed = append(d.Changed, Change{TeacherID: tc.ID, ToA: ev.In.Schools[da].ID, ToB: ev.In.Schools[db].ID})
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
