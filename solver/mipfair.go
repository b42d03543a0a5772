package solver

import "strconv"

// buildFair builds the rows and columns of the justified complaints in the
// MIP from column off, written in enforce mode only (DOMAIN §6). With X_i = Σ_c x_{i,c}
// the moved indicator of teacher i and a priority group's members m_1 …
// m_g best first:
//
//	iu_g_j:   u_{g,j} + X_{m_j} ≥ 1                (j < g: u_{g,j} ≥ 1 when m_j stays)
//	iuc_g_j:  u_{g,j} − u_{g,j−1} ≥ 0              (u_{g,j}: one of m_1 … m_j stays)
//	iv_g_j:   v_{g,j} − u_{g,j−1} − X_{m_j} ≥ −1   (j ≥ 2: m_j moved below a stayer)
//
// so that at the optimum v_{g,j} = 1 exactly for the inversions. For envy,
// per class c and wished school Y, the members b_1 … b_n of c who can move
// to Y, best first, form a chain from the worst:
//
//	ew_k:   w_k − x_{b_k,Y} ≥ 0,   ewc_k:  w_k − w_{k+1} ≥ 0
//
// (w_k: one of b_k … b_n moves to Y), and per teacher A with wishes, per
// wish Y of rank i that A can move to, with k the first b worse ranked
// than A:
//
//	ee_A_i:  e_A − w_k − Σ_{X worse for A than Y} x_{A,X} ≥ −1
//
// where X is worse than Y when it is not a wish of A or a wish of rank > i,
// so e_A = 1 exactly when A envies. Every u, v, w and e is continuous and
// non-negative, v and e cost W.Hard, u and w nothing; with x integer they
// are integer at the optimum. The rows are stored (storedRows): a few per
// ranked teacher and per wished school.
func (m *MIP) buildFair(off int) *storedRows {
	ev := m.ev
	pr := ev.prio
	f := newStoredRows(rowFair, off)
	newCol := func(name string, cost bool) int32 {
		if cost {
			return f.newCol(name, ev.W.Hard)
		}
		return f.newCol(name, 0)
	}
	addRow := func(name string, rhs float64) *mipRow { return f.addRow(name, 'G', rhs) }
	moved := func(r *mipRow, t int32, coef float64) {
		for j := m.xOff[t]; j < m.xOff[t+1]; j++ {
			r.add(j, coef)
		}
	}

	// Inversions.
	for g, members := range pr.groups {
		if len(members) < 2 {
			continue
		}
		gs := strconv.Itoa(g)
		u := make([]int32, len(members)-1)
		for j := range u {
			js := gs + "_" + strconv.Itoa(j+1)
			u[j] = newCol("u_"+js, false)
			r := addRow("iu_"+js, 1)
			r.add(u[j], 1)
			moved(r, members[j], 1)
			if j > 0 {
				r = addRow("iuc_"+js, 0)
				r.add(u[j], 1)
				r.add(u[j-1], -1)
			}
		}
		for j := 1; j < len(members); j++ {
			js := gs + "_" + strconv.Itoa(j+1)
			v := newCol("v_"+js, true)
			r := addRow("iv_"+js, -1)
			r.add(v, 1)
			r.add(u[j-1], -1)
			moved(r, members[j], -1)
		}
	}

	// Envy: the chains, then one row per wish.
	if pr.classes > 0 {
		in := ev.In
		ns := len(in.Schools)
		members := make([][]int32, pr.classes) // per class, best first
		for _, t := range pr.rank.Order {
			if c := pr.classOf[t]; c >= 0 {
				members[c] = append(members[c], int32(t))
			}
		}
		type link struct {
			t   int32 // the first teacher of the chain from here
			col int32 // its w column
		}
		chains := map[int][]link{} // bucket → chain, best first
		for c := range pr.classes {
			for y := range ns {
				ws := pr.wishers(int32(c), ns, y)
				if len(ws) == 0 {
					continue
				}
				var bs []int32 // can move to y, worse than the best wisher
				for _, b := range members[c] {
					if pr.better(int(ws[0]), int(b)) && ev.candIndex(int(b), int32(y)) >= 0 {
						bs = append(bs, b)
					}
				}
				if len(bs) == 0 {
					continue
				}
				chain := make([]link, len(bs))
				key := strconv.Itoa(c) + "_" + strconv.Itoa(y) + "_"
				for k := len(bs) - 1; k >= 0; k-- { // worst first: w_k after w_{k+1}
					ks := key + strconv.Itoa(k+1)
					w := newCol("w_"+ks, false)
					chain[k] = link{bs[k], w}
					r := addRow("ew_"+ks, 0)
					r.add(w, 1)
					r.add(m.xOff[bs[k]]+ev.candIndex(int(bs[k]), int32(y)), -1)
					if k+1 < len(bs) {
						r = addRow("ewc_"+ks, 0)
						r.add(w, 1)
						r.add(chain[k+1].col, -1)
					}
				}
				chains[c*ns+y] = chain
			}
		}
		for _, a := range pr.rank.Order {
			c := pr.classOf[a]
			if c < 0 || len(ev.Cands[a]) == 0 {
				continue
			}
			var e int32 = -1
			for i, y := range in.WishesOf(a) {
				if !pr.reach[a][i] {
					continue // a wish a cannot move to grounds no envy
				}
				var w int32 = -1
				for _, l := range chains[int(c)*ns+y] {
					if pr.better(a, int(l.t)) {
						w = l.col
						break
					}
				}
				if w < 0 {
					continue
				}
				if e < 0 {
					e = newCol("e_"+strconv.Itoa(a), true)
				}
				r := addRow("ee_"+strconv.Itoa(a)+"_"+strconv.Itoa(i+1), -1)
				r.add(e, 1)
				r.add(w, -1)
				for k, cd := range ev.Cands[a] {
					if wr := in.WishRank(a, int(cd.School)); wr == 0 || wr > i+1 {
						r.add(m.xOff[a]+int32(k), -1)
					}
				}
			}
		}
	}

	f.index()
	return f
}

// rowFair is the kind of the stored complaint rows; rowID.a indexes their
// block's rows.
const rowFair rowKind = rowPin + 1
