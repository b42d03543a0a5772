package solver

import (
	"math/bits"
	"strconv"
)

// The MIP rows of the defensible terms (defensible.go); see doc.go.
//
//	rate:      Σ x − re ≤ rateCap                          (max_rotation_rate)
//	keep_p_k:  Σ x arriving at p − Σ x leaving p (teachers of counter k)
//	           + hi_k·kv_p + (hi_k − lo_k)·kz_{p,k} ≥ hi_k − base_k
//	keepz_p:   Σ_k kz_{p,k} ≤ 1 − fail_p                    (when fail_p = 0)
//
// with re continuous, kv_p and kz_{p,k} binary; kv_p costs W.Hard. A keep
// part p has a row for each teacher counter k that moves can take below
// hi_k (base_k − leavers_k < hi_k); kz_{p,k} = 1 lets counter k sit in the
// 85% band [lo_k, hi_k), which at most 1 − fail_p counters may (kz columns
// exist only when fail_p = 0). For a plan, kv_p = 0 is feasible exactly
// when the part complies; kv_p = 1 relaxes every row of p (counts are ≥ 0).
// The baseline change cost is linear with no row: change(t, Stay) for every
// teacher goes to the constant and change(t, c) − change(t, Stay) to x_{t,c}.
type mipDefensible struct {
	rate  bool
	reCol int

	keepP   []int32 // keep rule indices with at least one row
	keepK   [][numIndCounters]bool
	keepIdx []int32 // per part: index into keepP, or -1
	kzCol   [][numIndCounters]int32
	kvOff   int
	kzOff   int
	nkz     int
	nrows   int
	ncols   int
	first   int // first column of the block
}

// Row kinds of the defensible block, written after the others (numbered
// apart from them, so that new kinds of the other rows do not collide).
const (
	rowRate rowKind = iota + 100
	rowKeep
	rowKeepZ
)

// buildDefensible decides the rows and columns of the block; leavers are
// per part and counter the teachers with candidates serving there.
func (m *MIP) buildDefensible(outCnt []int32) {
	ev := m.ev
	d := &m.def
	d.reCol = -1
	if ev.rateCap >= 0 && m.nx > ev.rateCap {
		d.rate = true
		d.nrows++
	}
	d.keepIdx = make([]int32, len(ev.Parts))
	for i := range d.keepIdx {
		d.keepIdx[i] = -1
	}
	for i := range ev.keep {
		kr := &ev.keep[i]
		var ks [numIndCounters]bool
		nk := 0
		for k := range numIndCounters {
			key := int(kr.part)*numCounters + k
			if m.base[key]-outCnt[key] < kr.hi[k] {
				ks[k] = true
				nk++
			}
		}
		if nk == 0 {
			continue
		}
		d.keepIdx[kr.part] = int32(len(d.keepP))
		d.keepP = append(d.keepP, int32(i))
		d.keepK = append(d.keepK, ks)
		d.nrows += nk
		if kr.fail == 0 {
			d.nkz += nk
			if nk >= 2 {
				d.nrows++
			}
		}
	}
	if ev.baseDest != nil {
		for t := range ev.In.Teachers {
			m.constant += ev.changeCost(t, Stay)
		}
	}
}

// layoutDefensible places the block's columns from col and returns the next.
func (m *MIP) layoutDefensible(col int) int {
	d := &m.def
	d.first = col
	if d.rate {
		d.reCol, col = col, col+1
	}
	d.kvOff, col = col, col+len(d.keepP)
	d.kzOff = col
	d.kzCol = make([][numIndCounters]int32, len(d.keepP))
	for i, kp := range d.keepP {
		for k := range numIndCounters {
			d.kzCol[i][k] = -1
			if d.keepK[i][k] && m.ev.keep[kp].fail == 0 {
				d.kzCol[i][k] = int32(col)
				col++
			}
		}
	}
	d.ncols = col - d.first
	return col
}

// inDef reports whether column j belongs to the block.
func (m *MIP) inDef(j int) bool { return j >= m.def.first && j < m.def.first+m.def.ncols }

// defObjective is the objective coefficient of a column of the block.
func (m *MIP) defObjective(j int) float64 {
	if j >= m.def.kzOff {
		return 0
	}
	return m.ev.W.Hard // re and kv
}

// defBounds are the bounds of a column of the block.
func (m *MIP) defBounds(j int) (lo, hi float64, integer bool) {
	if j == m.def.reCol {
		return 0, float64(m.nx), false
	}
	return 0, 1, true
}

// keepOfCol returns the keep row index i and, for kz columns, the counter.
func (m *MIP) keepOfCol(j int) (i, k int) {
	d := &m.def
	if j < d.kzOff {
		return j - d.kvOff, -1
	}
	for i := range d.kzCol {
		for k, c := range d.kzCol[i] {
			if int(c) == j {
				return i, k
			}
		}
	}
	panic("solver: no kz column " + strconv.Itoa(j))
}

// appendDefColName appends the name of a column of the block.
func (m *MIP) appendDefColName(b []byte, j int) []byte {
	if j == m.def.reCol {
		return append(b, "re"...)
	}
	i, k := m.keepOfCol(j)
	p := int64(m.ev.keep[m.def.keepP[i]].part)
	if k < 0 {
		b = append(b, "kv_"...)
		return strconv.AppendInt(b, p, 10)
	}
	b = append(b, "kz_"...)
	b = strconv.AppendInt(b, p, 10)
	b = append(b, '_')
	return strconv.AppendInt(b, int64(k), 10)
}

// appendDefRowName appends the name of a row of the block.
func appendDefRowName(b []byte, id rowID) []byte {
	switch id.kind {
	case rowRate:
		return append(b, "rate"...)
	case rowKeep:
		b = append(b, "keep_"...)
		b = strconv.AppendInt(b, int64(id.a), 10)
		b = append(b, '_')
		return strconv.AppendInt(b, int64(id.b), 10)
	}
	b = append(b, "keepz_"...)
	return strconv.AppendInt(b, int64(id.a), 10)
}

// eachDefRow generates the block's rows, after the others.
func (m *MIP) eachDefRow(r *mipRow, fn func(r *mipRow) error) error {
	ev := m.ev
	d := &m.def
	if d.rate {
		r.reset(rowID{kind: rowRate}, 'L', float64(ev.rateCap))
		for j := range m.nx {
			r.add(int32(j), 1)
		}
		r.add(int32(d.reCol), -1)
		if err := fn(r); err != nil {
			return err
		}
	}
	for i, kp := range d.keepP {
		kr := &ev.keep[kp]
		p := kr.part
		nz := 0
		for k := range numIndCounters {
			if !d.keepK[i][k] {
				continue
			}
			bit := uint32(1) << k
			key := int(p)*numCounters + k
			r.reset(rowID{kind: rowKeep, a: p, b: int32(k)}, 'G', float64(kr.hi[k]-m.base[key]))
			m.addChange(r, p, bit)
			r.add(int32(d.kvOff+i), float64(kr.hi[k]))
			if c := d.kzCol[i][k]; c >= 0 {
				r.add(c, float64(kr.hi[k]-kr.lo[k]))
				nz++
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		if nz >= 2 {
			r.reset(rowID{kind: rowKeepZ, a: p}, 'L', 1)
			for _, c := range d.kzCol[i] {
				if c >= 0 {
					r.add(c, 1)
				}
			}
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// defXColumn calls fn for the block's entries of x column j (teacher t to
// part pd from part ps), in row order.
func (m *MIP) defXColumn(t int32, pd, ps int32, fn func(id rowID, coef float64)) {
	d := &m.def
	if d.rate {
		fn(rowID{kind: rowRate}, 1)
	}
	if len(d.keepP) == 0 {
		return
	}
	first, second, sign := pd, ps, [2]float64{1, -1}
	if ps >= 0 && ps < pd {
		first, second, sign = ps, pd, [2]float64{-1, 1}
	}
	for n, p := range [2]int32{first, second} {
		if p < 0 || d.keepIdx[p] < 0 {
			continue
		}
		i := d.keepIdx[p]
		for mk := m.ev.mask[t] & (1<<numIndCounters - 1); mk != 0; mk &= mk - 1 {
			k := bits.TrailingZeros32(mk)
			if d.keepK[i][k] {
				fn(rowID{kind: rowKeep, a: p, b: int32(k)}, sign[n])
			}
		}
	}
}

// defColumn calls fn for the entries of a column of the block.
func (m *MIP) defColumn(j int, fn func(id rowID, coef float64)) {
	d := &m.def
	if j == d.reCol {
		fn(rowID{kind: rowRate}, -1)
		return
	}
	i, k := m.keepOfCol(j)
	kr := &m.ev.keep[d.keepP[i]]
	if k < 0 {
		for kk := range numIndCounters {
			if d.keepK[i][kk] {
				fn(rowID{kind: rowKeep, a: kr.part, b: int32(kk)}, float64(kr.hi[kk]))
			}
		}
		return
	}
	fn(rowID{kind: rowKeep, a: kr.part, b: int32(k)}, float64(kr.hi[k]-kr.lo[k]))
	nz := 0
	for _, c := range d.kzCol[i] {
		if c >= 0 {
			nz++
		}
	}
	if nz >= 2 {
		fn(rowID{kind: rowKeepZ, a: kr.part}, 1)
	}
}

// defensibleAt sets the block's columns at their optimal values for the x
// values of plan p (re the excess, kv_p 1 when part p lost compliance, kz
// on the counters in the 85% band otherwise).
func (m *MIP) defensibleAt(p Plan, set func(j int, v float64)) {
	ev := m.ev
	d := &m.def
	c := ev.tally(p)
	if d.rate {
		set(d.reCol, float64(ev.rateExcess(c.moved)))
	}
	for i, kp := range d.keepP {
		holds := ev.keepHolds(c.cnt, int(kp), 0, 0)
		set(d.kvOff+i, float64(1-b2i(holds)))
		kr := &ev.keep[kp]
		for k, col := range d.kzCol[i] {
			if col < 0 {
				continue
			}
			n := c.cnt[int(kr.part)*numCounters+k]
			set(int(col), float64(b2i(holds && n < kr.hi[k])))
		}
	}
}
