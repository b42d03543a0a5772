// Package solver is the evaluation core and the search of rotaplan.
//
// # Evaluation core
//
// An Evaluator is built once per instance (NewEvaluator). It splits schools
// into stage parts (a nine-year school has two, facilities split by
// weighted students 1:1.1), decides eligibility with its reason, and turns
// thresholds, class counts, the period table and teaching loads into a need
// per part and counter: the three teacher indicators I1-I3 (threshold ×
// students / 100, in scope only) and one FTE counter per subject. A teacher
// adds one to each counter it qualifies for at the part where it teaches in
// the planned year (PlannedAt): a teacher returning from a stint is back at
// the post school, one on an ongoing stint still at the stint school. The
// objective and the caps are counted in that year; Report's "before" is the
// current standing, returning teachers still at their stint schools.
// The objective is DOMAIN.md §4:
//
//	total = W.Hard·hard + W.Medium·medium + soft
//	hard   = quota shortfall + backbone shortfall + outflow and inflow cap
//	         excess + violated pins + invalid moves       (teachers)
//	medium = Σ over parts and counters max(0, need − count) (teacher-equivalents)
//	soft   = Σ over moves W.Move + W.PerKm·km + W.NonVolunteer + W.GraduatingClass
//
// Three terms make a plan defensible (DOMAIN.md §7, defensible.go):
//
//	hard  += keep_compliance: the in-scope parts that comply in the planned
//	         year without moves (returns applied) and do not with the plan
//	       + rotation cap: max(0, moved − ⌈max_rotation_rate·|E|⌉)
//	soft  += W.Change per teacher whose destination differs from the
//	         baseline plan's (plan --baseline; moved vs staying, or another school)
//
// A part's compliance turns on its three teacher counters alone (the
// facilities are fixed): with hi_k and lo_k the least whole counts that
// meet the threshold and 85% of it (by the report's own comparisons) and
// fail the facilities already in the band (0 or 1; a part with more, or one
// below 85%, cannot comply), it complies iff every c_k ≥ lo_k and at most
// 1 − fail of them are below hi_k. State.Delta re-checks the rule of the
// two parts a change touches, O(1); the baseline cost is a per-teacher
// table, so staying home has a delta too.
//
// In the MIP, per part p that must keep compliance and counter k that
// moves can take below hi_k (base_k − leavers_k < hi_k), with binaries kv_p
// (the unit, at W.Hard) and kz_{p,k} (counter k in the band):
//
//	keep_p_k:  Σ x arriving at p − Σ x leaving p (teachers of counter k)
//	           + hi_k·kv_p + (hi_k − lo_k)·kz_{p,k} ≥ hi_k − base_k
//	keepz_p:   Σ_k kz_{p,k} ≤ 1                 (only when fail_p = 0)
//	rate:      Σ x − re ≤ ⌈max_rotation_rate·|E|⌉   (re continuous, at W.Hard)
//
// (kz exist only when fail_p = 0: with a facility in the band every counter
// must stay ≥ hi_k.) For fixed x, kv_p = 0 is feasible exactly when the
// part complies (set kz on the at most one counter in the band), and
// kv_p = 1 relaxes every row of p, so the optimum over the auxiliaries is
// the score. The change cost is linear without rows: change(t, Stay) for
// every teacher in the constant, change(t, c) − change(t, Stay) on x_{t,c}.
// The bound prices the change cost per teacher exactly, relaxes the cap,
// and bounds W.Hard·[p lost] below by Σ_k κ_k·(thr_k − c_k) with thr = hi
// (fail 1) or lo (fail 0) and 0 ≤ κ_k ≤ W.Hard/(|K_p|·(thr_k − cmin_k)), a
// valid linear minorant that the subgradient prices like a cap.
//
// Evaluator.Explainer explains a teacher of a plan with State deltas
// (each option and the best replacement cost one or two O(1) deltas, no
// re-solve: a whole large county in well under a second).
//
// Evaluator.Score recomputes a plan from scratch in O(teachers + parts);
// Evaluator.Report explains it term by term. A State holds a plan with its
// counters and prices a change of one teacher's destination in O(1)
// (State.Delta touches at most two parts × four counters, two schools' caps
// and the two global quotas) without allocating; State.Assert checks every
// applied delta against a full recompute. Evaluator.MIP writes exactly the
// same objective as a mixed-integer program for exact solvers.
//
// # Search
//
// Solve runs, on the calling goroutine:
//
//  1. Construction: lazy greedy insertion (Minoux 1978). Every movable
//     teacher's best destination is priced; the queue pops the most
//     improving, re-prices it, and applies it only if it is still the best.
//     A construction stopped midway makes the moves still queued in the
//     order of their last prices, each if it still improves, with one
//     delta each: a complete plan in O(queue log queue).
//  2. Descent: sweeps of best-improvement change moves (every teacher to its
//     best destination or home) and exchange moves (cancel one move and add
//     the best replacement among the teachers who can reach the same
//     receiver, plus a short list of the best additions elsewhere), until no
//     move improves. Exchanges matter because the quota makes a lone
//     cancellation or addition expensive. When neither improves, the
//     transport move: teachers of one stage who add to the same counters
//     (a class) are interchangeable for every hard and medium term, so
//     with the number of each class leaving each source and arriving at
//     each receiver held, the cheapest choice of who goes where is a
//     transportation problem, solved exactly per class as a minimum-cost
//     flow by successive shortest paths (Ahuja, Magnanti & Orlin 1993).
//     Local search reaches these plans only through long chains of swaps.
//     Rounds after the first price only what changed ("don't look bits",
//     Bentley 1992): a move's delta depends only on its teacher's schools
//     and the quotas, so each school carries the time it last changed.
//  3. Lower bound: Lagrangian relaxation (Fisher 1981). Each term
//     w·max(0, f) is bounded below by π·f with a price π in [0, w]; with all
//     terms priced, the relaxed problem separates by teacher. Deficit counts
//     are kept whole (only 0, ⌊need⌋ and ⌈need⌉ can be best), which adds the
//     mixed-integer rounding cut of every deficit row (Nemhauser and
//     Wolsey, 1990) and closes most of the linear relaxation's gap: on the
//     sample county the bound equals the optimum CBC proves. Prices follow
//     projected subgradient steps with Polyak's step length (Held, Wolfe &
//     Crowder 1974) along deflected directions (the new subgradient plus
//     the previous direction scaled to its length, Sherali & Ulular 1989),
//     warm-started from the incumbent's marginal values; deflection reaches
//     the optimal prices in a fraction of the steps of plain subgradients.
//     Every 100 steps (fewer on large instances) the relaxed choice is
//     repaired by descent into a plan (a Lagrangian heuristic, Beasley
//     1993). With a time limit the bound takes at most half of it. The best
//     prices then fix every move whose reduced cost proves it is in no
//     plan better than the incumbent.
//  4. Core search: the moves whose reduced cost ties with their teacher's
//     best option form the core (Balas & Zemel 1980; Caprara, Fischer &
//     Toth 1999). When the bound is tight every optimal plan lies in it, and
//     it holds a few per cent of the candidates. A plan is constructed
//     there; then the local search alternates between the core and the
//     whole in blocks of half the default budget (the default budget is
//     one block of each), each block from the best plan so far and with
//     fresh random streams. Between chunks of a block, a thread's best that
//     improved is finished by a descent now and then.
//  5. Local search: late-acceptance hill climbing (Burke & Bykov 2017) in
//     Options.Threads goroutines, each with its own State and random source
//     derived from Options.Seed, over change, chain (a moved teacher goes on
//     and another takes its place), replace, swap and ruin-and-recreate
//     moves (remove all moves into a few neighbouring receivers, re-insert
//     greedily with random blinks: Schrimpf et al. 2000, Christiaens &
//     Vanden Berghe 2020). Each component of the move graph keeps its own
//     acceptance history; a component of a prefecture's size is cut into
//     regions of about 2,000 movable teachers by weighted k-means on the
//     schools' coordinates (Lloyd 1982) so that no county's worsening
//     hides another's progress. Threads run fixed chunks of iterations and meet
//     between chunks, where the solving goroutine reports progress and
//     checks the context, the time limit, the target and the gap; the best
//     plan of each thread is finished by a descent.
//
// # Stopping
//
// Options.TimeLimit and the context are checked inside every phase, not
// only between them: the construction, the descent sweeps, the exchanges,
// the transport move (before each shortest path), the reduced-cost fixing,
// the core and the list of nearest receivers count the moves they price
// and look at the clock and the context every 20,000 or so (about a
// millisecond); the bound looks at every step, the search threads every
// 256 moves. Every phase keeps a complete plan at all times (the
// construction finishes as above, the descent only makes improving moves,
// a transport reassignment is made whole or not at all), so a stopped
// solve returns within milliseconds the best plan it has, at worst the
// plan of the pins alone, scored in full, with Status time_limit or
// interrupted. What only the search needs beyond the construction (the
// per-receiver lists, the components and regions, the nearest receivers)
// is built after it, so that a short limit on a large instance still ends
// with a constructed plan.
//
// Priority (DOMAIN §6). Wishes are part of each move's soft cost. They make
// teachers of one class unlike in cost, and the exchange that gives a
// teacher a better wish runs between schools, beyond the transport move
// (within a class) and out of reach of random swaps: the descent tries,
// for each moved teacher below its first wish, exchanging destinations
// with a teacher moved to a better wish (wishSwaps; on the sample county
// this cut the time to 1.001 × the optimum from 1.4 s to 0.23 s). The justified complaints are counted by the
// core (priority.go): a priority group's inversions are its moved members
// after its first unmoved one, envy is found through per-(class, school)
// lists of the moved teachers of each class of interchangeable teachers
// and, per school, the teachers of the class who wish it, best first. In
// enforce mode each complaint is a hard unit and the State keeps them
// incrementally: a delta rescans the teacher's group (a few members) and
// re-tests the envy of the better-ranked wishers of its old and new
// destination, without allocating. The search then stays among plans
// whose moved teachers of each group are a prefix of its ranking: the
// descent advances or retreats a group's prefix by up to three teachers at
// once and exchanges the destinations of moved colleagues (fairsearch.go);
// within the local search its descents also try chains of two changes of
// destination, a moved teacher taking another's place and that one going
// elsewhere or home (chainMoves; who moves is held by the prefixes, so
// the destinations are where most of the remaining gain lies);
// the local search's random changes, chains and replacements are steered
// to a group's frontier, it shifts a prefix by two or three teachers at
// once, and its ruin retreats whole groups (removing the moves into a few
// receivers would open inversions wherever it removes) and recreates them
// greedily, each teacher priced to the ruined receivers and the school it
// left; the transport move reassigns destinations among the moved
// teachers only. The bound keeps the
// inversions out of its relaxation: each group takes the prefix of its
// ranking of least reduced cost (an O(members) choice per group), which
// also makes reduced-cost fixing measure a group member's options from its
// best move, not from staying. Envy stays relaxed in the bound and is
// repaired by the destination swaps of the local search. The MIP export
// carries the linear rows of both (mipfair.go).
//
// Structures (DOMAIN §8, structure.go). move_scope only shrinks the
// candidate lists (the receivers within reach of a post school are
// filtered once per school and stage), and pair_bonus is part of a
// candidate's cost, so neither needs anything of its own. The title and
// age structure terms, with a weight above 0, keep three counters per
// part beside the others (counts.st); a delta prices the two parts a
// teacher leaves and joins in O(1), and the MIP export adds one row and one
// column per in-scope part and measure a move can reach (mipstructure.go).
// The bound leaves them out. The principal exchange (principals.go) is a
// separate min-cost assignment of the due principals to the open posts
// within max_distance_km and move_scope, by the same min-cost flow as the
// transport move: O(due × posts in reach) arcs, 50 ms on a prefecture.
//
// Complexity: building the evaluation core is O(schools × receivers in a
// latitude band + eligible × reachable receivers): with distances from
// coordinates only the receivers whose latitude lies within
// max_distance_km are measured, a great circle being at least the arc
// between the two parallels, and the nearest receivers are found with the
// same bound. A delta is O(1); a descent sweep is O(candidates) for
// changes and O(moves × teachers per receiver) for exchanges; a
// subgradient step is O(candidates + parts × counters). With the same
// instance, seed, threads and iteration budget the result is identical;
// only a time limit reached or an interruption makes it depend on the
// clock.
//
// References:
//   - Minoux, M. (1978). Accelerated greedy algorithms for maximizing
//     submodular set functions. Optimization Techniques, LNCS 7.
//   - Held, M., Wolfe, P., Crowder, H. (1974). Validation of subgradient
//     optimization. Mathematical Programming 6.
//   - Fisher, M. L. (1981). The Lagrangian relaxation method for solving
//     integer programming problems. Management Science 27(1).
//   - Nemhauser, G. L., Wolsey, L. A. (1990). A recursive procedure to
//     generate all cuts for 0-1 mixed integer programs. Math. Programming 46.
//   - Lloyd, S. P. (1982). Least squares quantization in PCM. IEEE
//     Transactions on Information Theory 28(2).
//   - Bentley, J. L. (1992). Fast algorithms for geometric traveling
//     salesman problems. ORSA Journal on Computing 4(4).
//   - Balas, E., Zemel, E. (1980). An algorithm for large zero-one knapsack
//     problems. Operations Research 28(5).
//   - Sherali, H. D., Ulular, O. (1989). A primal-dual conjugate subgradient
//     algorithm for specially structured linear and convex programming
//     problems. Applied Mathematics and Optimization 20.
//   - Ahuja, R. K., Magnanti, T. L., Orlin, J. B. (1993). Network Flows:
//     Theory, Algorithms, and Applications. Prentice Hall, §9.7.
//   - Caprara, A., Fischer, M., Toth, P. (1999). A heuristic method for the
//     set covering problem. Operations Research 47(5).
//   - Beasley, J. E. (1993). Lagrangean relaxation. In Modern Heuristic
//     Techniques for Combinatorial Problems.
//   - Schrimpf, G., Schneider, J., Stamm-Wilbrandt, H., Dueck, G. (2000).
//     Record breaking optimization results using the ruin and recreate
//     principle. Journal of Computational Physics 159(2).
//   - Burke, E. K., Bykov, Y. (2017). The late acceptance hill-climbing
//     heuristic. European Journal of Operational Research 258(1).
//   - Christiaens, J., Vanden Berghe, G. (2020). Slack induction by string
//     removals for vehicle routing problems. Transportation Science 54(2).
package solver
