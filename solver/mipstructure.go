package solver

import "fmt"

// mipStruct holds the rows and columns of the structure terms (DOMAIN §8)
// in the MIP: for each in-scope part i and measure m with a weight above
// 0 whose shortfall depends on x, a column y ≥ 0 priced W.Medium·weight and
// the row
//
//	y − Σ_{x into i} (s − [t of m])·x + Σ_{x of teachers leaving i} (s − [t of m])·x ≥ s·n₀ − c₀,
//
// with s the county share, n₀ and c₀ the part's teachers and those of the
// measure in the planned year before the moves. Parts no move reaches add
// their constant shortfall to the objective's constant.
type mipStruct struct {
	rows     []mipRow
	rowNames []string
	names    []string
	cost     []float64
	off      int // first column
	// Per x column, the stored rows it appears in with its coefficient, in
	// row order.
	colStart []int32
	colRows  []int32
	colCoefs []float64
}

// rowStruct is the kind of the stored structure rows; rowID.a indexes
// mipStruct.rows.
const rowStruct rowKind = rowFair + 1

// buildStruct builds the structure rows with their columns from column
// off, or returns nil when no structure weight is above 0.
func (m *MIP) buildStruct(off int) *mipStruct {
	ev := m.ev
	if !ev.structOn() {
		return nil
	}
	f := &mipStruct{off: off}
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
			col := int32(off + len(f.names))
			f.names = append(f.names, fmt.Sprintf("y_%s_%d", measureNames[mm][:5], pi))
			f.cost = append(f.cost, ev.W.Medium*w)
			r.add(col, 1)
			r.id = rowID{kind: rowStruct, a: int32(len(f.rows))}
			f.rows = append(f.rows, r)
			f.rowNames = append(f.rowNames, fmt.Sprintf("ys_%s_%d", measureNames[mm][:5], pi))
		}
	}
	// Column lists: every column's rows in row order.
	n := off + len(f.names)
	f.colStart = make([]int32, n+1)
	for i := range f.rows {
		for _, j := range f.rows[i].cols {
			f.colStart[j+1]++
		}
	}
	prefix(f.colStart)
	f.colRows = make([]int32, f.colStart[n])
	f.colCoefs = make([]float64, f.colStart[n])
	fill := append([]int32(nil), f.colStart[:n]...)
	for i := range f.rows {
		for k, j := range f.rows[i].cols {
			f.colRows[fill[j]] = int32(i)
			f.colCoefs[fill[j]] = f.rows[i].coefs[k]
			fill[j]++
		}
	}
	return f
}

// column calls fn for each stored row column j appears in, in row order.
func (f *mipStruct) column(j int, fn func(id rowID, coef float64)) {
	if f == nil || j+1 >= len(f.colStart) {
		return
	}
	for k := f.colStart[j]; k < f.colStart[j+1]; k++ {
		fn(rowID{kind: rowStruct, a: f.colRows[k]}, f.colCoefs[k])
	}
}

// has reports whether column j is one of the structure columns.
func (f *mipStruct) has(j int) bool { return f != nil && j >= f.off && j < f.off+len(f.names) }
