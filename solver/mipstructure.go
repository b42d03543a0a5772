package solver

import "fmt"

// The structure terms (DOMAIN §8) in the MIP: for each in-scope part i and measure m with a weight above
// 0 whose shortfall depends on x, a column y ≥ 0 priced W.Medium·weight and
// the row
//
//	y − Σ_{x into i} (s − [t of m])·x + Σ_{x of teachers leaving i} (s − [t of m])·x ≥ s·n₀ − c₀,
//
// with s the county share, n₀ and c₀ the part's teachers and those of the
// measure in the planned year before the moves. Parts no move reaches add
// their constant shortfall to the objective's constant.

// rowStruct is the kind of the stored structure rows; rowID.a indexes
// their block's rows.
const rowStruct rowKind = rowFair + 1

// buildStruct builds the structure rows with their columns from column
// off, or returns nil when no structure weight is above 0.
func (m *MIP) buildStruct(off int) *storedRows {
	ev := m.ev
	if !ev.structOn() {
		return nil
	}
	f := newStoredRows(rowStruct, off)
	base := ev.tally(NewPlan(len(ev.In.Teachers))).st
	for mm := range numMeasures {
		w := ev.structWeight(mm)
		if !(w > 0) {
			continue
		}
		for pi := range ev.Parts {
			pt := &ev.Parts[pi]
			if !pt.InScope {
				continue
			}
			s := ev.structShare[mm][pt.Stage]
			b := pi * numStructCounters
			rhs := s*float64(base[b+structAll]) - float64(base[b+structTitle+mm])
			r := mipRow{sense: 'G', rhs: rhs}
			coef := func(t int32) float64 {
				if ev.smask[t]&(1<<(structTitle+mm)) != 0 {
					return s - 1
				}
				return s
			}
			for _, j := range m.inCols[m.inStart[pi]:m.inStart[pi+1]] {
				if a := coef(m.xTeacher[j]); a != 0 {
					r.add(j, -a)
				}
			}
			for _, t := range m.outTchr[m.outStart[pi]:m.outStart[pi+1]] {
				if a := coef(t); a != 0 {
					for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
						r.add(j, a)
					}
				}
			}
			if len(r.cols) == 0 {
				m.constant += ev.W.Medium * w * max(0, rhs)
				continue
			}
			col := f.newCol(fmt.Sprintf("y_%s_%d", measureNames[mm][:5], pi), ev.W.Medium*w)
			r.add(col, 1)
			f.push(fmt.Sprintf("ys_%s_%d", measureNames[mm][:5], pi), r)
		}
	}
	f.index()
	return f
}
