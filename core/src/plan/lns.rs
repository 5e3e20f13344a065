//! Large-neighbourhood search with HiGHS: keep most of a plan, free some
//! services (those of a few entities and the life events they share, or
//! those on which the plan and the LP relaxation disagree), and let HiGHS
//! re-plan them exactly with everything else fixed. Each sub-model is
//! small enough to solve in seconds where the full model of a national
//! catalogue is not; the plan only ever improves, and every accepted plan
//! satisfies every constraint of the full model.

use super::milp::{self, BuildOptions};
use super::presolve::Inst;
use super::solution::{improves, Plan};
use rand::{Rng, SeedableRng};
use web_time::Instant;

/// Services the first sub-model frees (about); the size then adapts: it
/// grows while sub-models solve to optimality quickly and shrinks when one
/// runs into its time limit (measured on 5000 x 10 x 40 x 50: 120 beats
/// 40, 70, 250 and 500 as a fixed size).
const FREE_START: usize = 120;

/// `inst` with every service outside `free` fixed to its year in `plan`
/// (or kept out of the plan when it has none).
fn restrict(inst: &Inst, plan: &Plan, free: &[bool]) -> Inst {
    let mut sub = inst.clone();
    for (s, v) in sub.svc.iter_mut().enumerate() {
        if v.done || !v.reach || free[s] {
            continue;
        }
        v.allowed.iter_mut().for_each(|a| *a = false);
        if let Some(g) = plan.go[s] {
            v.allowed[g] = true;
            v.lo = g;
            v.hi = g;
            v.forced = true;
        } else {
            v.lo = inst.t;
        }
    }
    sub
}

/// How [`improve`] searches.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Search {
    /// When to stop.
    pub deadline: Instant,
    /// Time limit of one sub-model, in seconds.
    pub step: f64,
    /// Every other neighbourhood frees two consecutive years' services.
    pub years_too: bool,
}

/// Re-plan every service with the acquisitions of `plan` fixed: HiGHS on
/// the whole model less its block decisions, warm-started from `plan`,
/// until `deadline` or within `gap` of its optimum (HiGHS cannot be stopped
/// mid-solve). Returns the better plan and whether it improved.
///
/// The block decisions are what makes the whole model hard for HiGHS: on
/// 1000 x 8 x 30 x 20 its root node alone takes about 9 s, while with the
/// heuristic's acquisitions fixed it reaches 150.14M in 9 s (neighbourhood
/// search: 149.30M in the same time).
pub(crate) fn settle(inst: &Inst, plan: &Plan, deadline: Instant, gap: f64) -> (Plan, bool) {
    let start = plan.objective(inst);
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    if left < 0.2 {
        return (plan.clone(), false);
    }
    match solve_fixed(inst, inst, plan, left - 0.05, gap) {
        Some((cand, _)) if improves(cand.objective(inst), start) => (cand, true),
        _ => (plan.clone(), false),
    }
}

/// The plan to settle: `plan`, or the heuristic's plan grown from the LP
/// relaxation's rounded acquisitions `lp_acq` when, with the acquisitions
/// fixed, its LP bound is higher. On 1000 x 8 x 30 x 20: 151.59M against
/// 151.10M, and settling then reaches 150.90M in 8 s against 150.14M.
pub(crate) fn better_start(
    inst: &Inst,
    plan: Plan,
    lp_acq: &[Option<(usize, usize)>],
    deadline: Instant,
) -> Plan {
    let left = deadline
        .saturating_duration_since(Instant::now())
        .as_secs_f64();
    let heur_until = Instant::now() + std::time::Duration::from_secs_f64(0.2 * left);
    let Some(cand) = super::heuristic::from_acquisitions(inst, lp_acq, Some(heur_until)) else {
        return plan;
    };
    if cand.acq == plan.acq || !cand.violations(inst).is_empty() {
        return plan;
    }
    let value = |acq: &[Option<(usize, usize)>]| {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        lp_with_acquisitions(inst, acq, 0.1 * left)
    };
    match (value(&plan.acq), value(&cand.acq)) {
        (Some(a), Some(b)) if b > a + 1e-9 * a.abs() => cand,
        _ => plan,
    }
}

/// The LP relaxation's bound with the acquisitions `acq` fixed, when HiGHS
/// solves it within `time_limit`.
fn lp_with_acquisitions(
    inst: &Inst,
    acq: &[Option<(usize, usize)>],
    time_limit: f64,
) -> Option<f64> {
    let opts = BuildOptions {
        relax_integrality: true,
        fix_blocks: Some(acq.to_vec()),
    };
    milp::solve_highs(milp::build(inst, &opts), None, time_limit, 0.0)
        .ok()
        .filter(|a| a.outcome == milp::Outcome::Optimal)
        .and_then(|a| a.bound)
}

/// Services a relaxation-induced neighbourhood frees: those where `plan`
/// and the LP solution `x` (go-live weight per service and year) disagree,
/// that is where the LP is fractional or puts the service live in another
/// year (or never).
pub(crate) fn disagreeing(inst: &Inst, plan: &Plan, x: &[Vec<f64>]) -> Vec<bool> {
    let mut free = vec![false; inst.svc.len()];
    for s in inst.open() {
        let Some(w) = x.get(s) else { continue };
        free[s] = milp::integral_year(w) != Some(plan.go[s]);
    }
    free
}

/// Go-live variables above which [`rens`] does not try: HiGHS would not
/// get past its root node in time (on 5000 x 10 x 40 x 50, 12,300 free
/// go-live variables gain 10M in 12 s; 21,220 gain nothing in 30 s).
const RENS_MAX_VARS: usize = 15_000;

/// Relaxation-induced neighbourhood: with every service on which `plan`
/// and the LP solution `x` agree fixed (and the acquisitions), except the
/// services in `extra`, HiGHS re-plans the rest, warm-started from `plan`,
/// for at most `time_limit` seconds. Returns the better plan and whether
/// it improved.
///
/// After [`super::heuristic::from_lp`] most services sit where the LP
/// puts them, so the sub-model is the LP's few open questions: on 5000 x
/// 10 x 40 x 50 it frees 1,230 services and reaches 1219.5M in 20 s,
/// where neighbourhoods of random entities reach 1212.6M.
pub(crate) fn rens(
    inst: &Inst,
    plan: &Plan,
    x: &[Vec<f64>],
    extra: &[usize],
    time_limit: f64,
) -> (Plan, bool) {
    let mut free = disagreeing(inst, plan, x);
    for &s in extra {
        if let Some(f) = free.get_mut(s) {
            *f = true;
        }
    }
    let n = free.iter().filter(|&&f| f).count();
    if n == 0 || n * inst.t > RENS_MAX_VARS || time_limit < 0.5 {
        return (plan.clone(), false);
    }
    let sub = restrict(inst, plan, &free);
    match solve_fixed(&sub, inst, plan, time_limit, 1e-6) {
        Some((cand, _)) if improves(cand.objective(inst), plan.objective(inst)) => (cand, true),
        _ => (plan.clone(), false),
    }
}

/// Rounds of [`rens`] until `deadline`: the first, for at most `first_s`
/// seconds, on the LP's open questions alone; the next ones, for at most
/// `then_s`, with one service in 15 (drawn at random, seeded) freed as
/// well, so that services the LP settled can make room. Stops after two rounds in a row
/// without gain. `report(objective)` hears of better plans and stops the
/// search by returning false. Returns the best plan, whether it improved,
/// and whether `report` stopped it.
///
/// On 5000 x 10 x 40 x 50 (seed 7) in 60 s: 1657.2M after a first round
/// of 14 s, then 1658.0M, 1662.0M, 1663.5M and 1667.9M after rounds of
/// 11 s, where one round of 40 s reaches 1659.3M (its sub-model proven
/// all but optimal by then). Rounds of 8 s measured worse (1659.0M: two
/// rounds in a row found nothing), and so did one service in 10 freed
/// (1664.1M), single runs. The first round's big gain comes from HiGHS's
/// own sub-MIP heuristic after its root cuts, 10-14 s in at this size.
pub(crate) fn rens_rounds(
    inst: &Inst,
    plan: &Plan,
    x: &[Vec<f64>],
    deadline: Instant,
    first_s: f64,
    then_s: f64,
    report: &mut dyn FnMut(f64) -> bool,
) -> (Plan, bool, bool) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x7e5);
    let open: Vec<usize> = inst.open().collect();
    let mut best = plan.clone();
    let mut improved = false;
    let mut idle = 0;
    let mut round = 0;
    while idle < 2 {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if left < 1.0 {
            break;
        }
        let extra: Vec<usize> = if round == 0 || open.is_empty() {
            Vec::new()
        } else {
            (0..open.len() / 15)
                .map(|_| open[rng.random_range(0..open.len())])
                .collect()
        };
        round += 1;
        let limit = if round == 1 { first_s } else { then_s };
        let (cand, better) = rens(inst, &best, x, &extra, limit.min(left - 0.1));
        if !better {
            idle += 1;
            continue;
        }
        idle = 0;
        best = cand;
        improved = true;
        if !report(best.objective(inst)) {
            return (best, true, true);
        }
    }
    (best, improved, false)
}

/// Solve `sub` (`inst` with some services fixed) with the acquisitions of
/// `plan` fixed, warm-started from `plan`: the plan found, checked against
/// every constraint of `inst`, and whether HiGHS proved it optimal.
fn solve_fixed(
    sub: &Inst,
    inst: &Inst,
    plan: &Plan,
    time_limit: f64,
    gap: f64,
) -> Option<(Plan, bool)> {
    let opts = BuildOptions {
        relax_integrality: false,
        fix_blocks: Some(plan.acq.clone()),
    };
    let m = milp::build(sub, &opts);
    if m.len() == 0 {
        return None;
    }
    let warm = m.values_of(sub, plan);
    let kinds = m.kinds.clone();
    let ans = milp::solve_highs(m, Some(warm), time_limit, gap).ok()?;
    let proven = ans.outcome == milp::Outcome::Optimal;
    let mut cand = super::plan_of(inst, &kinds, ans.values.as_deref()?);
    cand.acq.clone_from(&plan.acq);
    cand.violations(inst).is_empty().then_some((cand, proven))
}

/// Improve `plan` until `deadline` by re-planning neighbourhoods with
/// HiGHS (`step` seconds at most each); a sub-solution is kept when the
/// whole plan still holds and is better. Neighbourhoods free the services
/// of random entities, and with `years_too` every other one frees services
/// of two consecutive years instead. `report(objective)` hears of better
/// plans and stops the search by returning false. Returns the best plan
/// and whether it improved. Acquisitions stay fixed.
///
/// One thread: two workers sharing the best plan measured worse (1207.3M
/// against 1208.6M on 5000 x 10 x 40 x 50 in 30 s).
pub(crate) fn improve(
    inst: &Inst,
    plan: &Plan,
    how: Search,
    report: &mut dyn FnMut(f64) -> bool,
) -> (Plan, bool) {
    let Search {
        deadline,
        step,
        years_too,
    } = how;
    let mut best = plan.clone();
    let mut best_obj = best.objective(inst);
    let start = best_obj;
    let ne = inst.cap.len();
    let mut by_ent: Vec<Vec<usize>> = vec![Vec::new(); ne];
    let mut loose: Vec<usize> = Vec::new();
    for s in inst.open().filter(|&s| inst.svc[s].reach) {
        match inst.svc[s].ent {
            Some(e) => by_ent[e].push(s),
            None => loose.push(s),
        }
    }
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x1a5);
    let mut free = vec![false; inst.svc.len()];
    let mut ents: Vec<usize> = (0..ne).filter(|&e| !by_ent[e].is_empty()).collect();
    if ents.is_empty() && loose.is_empty() {
        return (best, false);
    }
    let mut size = FREE_START as f64;
    let mut round = 0usize;
    let open: Vec<usize> = inst.open().filter(|&s| inst.svc[s].reach).collect();
    loop {
        let left = deadline
            .saturating_duration_since(Instant::now())
            .as_secs_f64();
        if left < 0.2 {
            break;
        }
        free.iter_mut().for_each(|f| *f = false);
        round += 1;
        if !years_too || round % 2 == 0 || ents.is_empty() {
            // Services of a random set of entities (they share capacity).
            let mut count = 0.0;
            for i in 0..ents.len() {
                let j = rng.random_range(i..ents.len());
                ents.swap(i, j);
                if count >= size {
                    break;
                }
                for &s in &by_ent[ents[i]] {
                    free[s] = true;
                    count += 1.0;
                }
            }
            for &s in &loose {
                free[s] = rng.random::<f64>() < 0.2;
            }
        } else {
            // Services live in two consecutive years, or that could be
            // (they share those years' budget).
            let y = rng.random_range(0..inst.t.saturating_sub(1).max(1));
            let mut cands: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&s| match best.go[s] {
                    Some(g) => g == y || g == y + 1,
                    None => inst.svc[s].lo <= y + 1,
                })
                .collect();
            let take = (size as usize).min(cands.len());
            for i in 0..take {
                let j = rng.random_range(i..cands.len());
                cands.swap(i, j);
                free[cands[i]] = true;
            }
        }
        // Services sharing a life event with a freed one are freed too.
        for ev in &inst.life {
            if ev.open.iter().any(|&s| free[s]) && rng.random::<f64>() < 0.5 {
                for &s in &ev.open {
                    free[s] = true;
                }
            }
        }
        let sub = restrict(inst, &best, &free);
        let began = Instant::now();
        let found = solve_fixed(&sub, inst, &best, step.min(left - 0.1), 1e-6);
        let took = began.elapsed().as_secs_f64();
        let proven = found.as_ref().is_some_and(|f| f.1);
        size = if proven && took < step / 4.0 {
            (size * 1.25).min(2000.0)
        } else if !proven {
            (size * 0.8).max(30.0)
        } else {
            size
        };
        let Some((cand, _)) = found else { continue };
        let obj = cand.objective(inst);
        if improves(obj, best_obj) {
            best = cand;
            best_obj = obj;
            if !report(best_obj) {
                break;
            }
        }
    }
    let better = improves(best_obj, start);
    (best, better)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GeneratorConfig};
    use crate::plan::heuristic;
    use crate::plan::presolve::{presolve, Relax};

    fn search(deadline: Instant, years_too: bool) -> Search {
        Search {
            deadline,
            step: 1.0,
            years_too,
        }
    }

    /// A generated catalogue of `n` services over 5 years, and the
    /// heuristic's plan for it.
    fn planned(seed: u64, n: usize) -> (Inst, Plan) {
        let (c, sc) = generate(&GeneratorConfig {
            seed,
            years: 5,
            ..GeneratorConfig::sized(n)
        });
        let inst = presolve(&c, &sc, Relax::default());
        let plan = heuristic::run(&inst, None, &mut |_| true)
            .plan
            .expect("a plan");
        (inst, plan)
    }

    #[test]
    fn restricted_models_fix_everything_not_freed() {
        let (inst, plan) = planned(3, 120);
        let free: Vec<bool> = (0..inst.svc.len()).map(|s| s % 3 == 0).collect();
        let sub = restrict(&inst, &plan, &free);
        for (s, v) in sub.svc.iter().enumerate() {
            if inst.svc[s].done || !inst.svc[s].reach || free[s] {
                assert_eq!(v.allowed, inst.svc[s].allowed, "service {s}");
                continue;
            }
            let years: Vec<usize> = (0..inst.t).filter(|&y| v.allowed[y]).collect();
            match plan.go[s] {
                Some(g) => assert_eq!(years, vec![g], "service {s}"),
                None => assert!(years.is_empty(), "service {s}"),
            }
        }
    }

    #[test]
    fn settling_keeps_the_acquisitions_and_every_constraint_and_gains() {
        let mut gained = 0;
        for seed in [1u64, 7] {
            let (inst, plan) = planned(seed, 300);
            let before = plan.objective(&inst);
            let until = Instant::now() + std::time::Duration::from_secs(5);
            let (settled, improved) = settle(&inst, &plan, until, 1e-6);
            let after = settled.objective(&inst);
            assert!(
                settled.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                settled.violations(&inst)
            );
            assert_eq!(
                settled.acq, plan.acq,
                "seed {seed}: acquisitions stay fixed"
            );
            assert!(after >= before - 1e-6, "seed {seed}: {before} -> {after}");
            assert_eq!(improved, after > before * (1.0 + 1e-12) + 1e-9);
            gained += usize::from(improved);
        }
        // The heuristic leaves room on these catalogues: the exact solve
        // with its acquisitions fixed finds it.
        assert!(gained > 0, "settling never improved the heuristic's plan");
    }

    /// The LP bound with the acquisitions `acq` fixed.
    fn lp_with(inst: &Inst, acq: &[Option<(usize, usize)>]) -> f64 {
        lp_with_acquisitions(inst, acq, 30.0).expect("an LP bound")
    }

    #[test]
    fn the_start_from_the_lps_acquisitions_holds_and_wins_only_on_its_lp_bound() {
        let mut grown = 0;
        let mut other = 0;
        // Seeds where the LP's acquisitions win (5, 13) and where they do
        // not (1, 7).
        for seed in [1u64, 5, 7, 13] {
            let (inst, plan) = planned(seed, 300);
            let lp = crate::plan::relaxation(&inst, 30.0).expect("a relaxation");
            let acq = lp.acq.expect("rounded acquisitions");
            for (b, a) in acq.iter().enumerate() {
                if let Some((o, y)) = *a {
                    assert!(
                        inst.blk[b].start_ok(o, y),
                        "seed {seed}: block {b} at {o},{y}"
                    );
                }
            }
            // Grown from them: every constraint holds.
            if let Some(p) = heuristic::from_acquisitions(&inst, &acq, None) {
                assert!(
                    p.violations(&inst).is_empty(),
                    "seed {seed}: {:?}",
                    p.violations(&inst)
                );
                grown += 1;
            }
            let until = Instant::now() + std::time::Duration::from_secs(20);
            let start = better_start(&inst, plan.clone(), &acq, until);
            assert!(start.violations(&inst).is_empty());
            if start != plan {
                other += 1;
                assert!(
                    lp_with(&inst, &start.acq) > lp_with(&inst, &plan.acq),
                    "seed {seed}: the other start won without a higher LP bound"
                );
            }
        }
        assert!(grown > 0, "no plan grew from the LP's acquisitions");
        assert_eq!(
            other, 2,
            "the LP's acquisitions won on {other} of 4 catalogues"
        );
    }

    #[test]
    fn neighbourhood_search_keeps_every_constraint_and_never_loses() {
        for seed in [1u64, 7] {
            let (inst, plan) = planned(seed, 300);
            let before = plan.objective(&inst);
            let until = Instant::now() + std::time::Duration::from_secs(3);
            let (better, improved) = improve(&inst, &plan, search(until, true), &mut |_| true);
            let after = better.objective(&inst);
            assert!(
                better.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                better.violations(&inst)
            );
            assert!(after >= before - 1e-6, "seed {seed}: {before} -> {after}");
            assert_eq!(improved, after > before * (1.0 + 1e-12) + 1e-9);
            assert_eq!(better.acq, plan.acq, "acquisitions stay fixed");
            // A callback that says stop ends the search at the first
            // better plan.
            let mut heard = 0;
            let until = Instant::now() + std::time::Duration::from_secs(3);
            let (first, _) = improve(&inst, &plan, search(until, false), &mut |_| {
                heard += 1;
                false
            });
            assert!(heard <= 1, "seed {seed}: {heard} reports after a stop");
            assert!(first.violations(&inst).is_empty());
        }
    }

    #[test]
    fn the_relaxation_neighbourhood_frees_exactly_the_disagreements() {
        let (inst, plan) = planned(3, 120);
        let mut x = plan.weights(&inst);
        assert!(disagreeing(&inst, &plan, &x).iter().all(|&f| !f));
        let live: Vec<usize> = inst
            .open()
            .filter(|&s| plan.go[s].is_some_and(|g| g + 1 < inst.t))
            .collect();
        let out = inst
            .open()
            .find(|&s| plan.go[s].is_none())
            .expect("a service left out");
        let (split, moved) = (live[0], live[1]);
        let g = plan.go[split].expect("live");
        x[split][g] = 0.5;
        x[split][g + 1] = 0.5;
        let g = plan.go[moved].expect("live");
        x[moved][g] = 0.0;
        x[moved][g + 1] = 1.0;
        x[out][inst.svc[out].lo] = 1.0;
        let free = disagreeing(&inst, &plan, &x);
        let freed: Vec<usize> = (0..free.len()).filter(|&s| free[s]).collect();
        let mut want = vec![split, moved, out];
        want.sort_unstable();
        assert_eq!(freed, want);
        // Agreeing everywhere: nothing to solve, the plan comes back.
        let (same, improved) = rens(&inst, &plan, &plan.weights(&inst), &[], 5.0);
        assert!(!improved);
        assert_eq!(same, plan);
    }

    #[test]
    fn the_relaxation_neighbourhood_keeps_the_rest_and_every_constraint_and_gains() {
        let mut gained = 0;
        for seed in [1u64, 5, 7, 13] {
            let (inst, plan) = planned(seed, 300);
            let lp = crate::plan::relaxation(&inst, 30.0).expect("a relaxation");
            let x = lp.x.expect("LP weights");
            let acq = lp.acq.expect("rounded acquisitions");
            let start = heuristic::from_lp(&inst, &acq, &x, None).unwrap_or(plan);
            let free = disagreeing(&inst, &start, &x);
            let (better, improved) = rens(&inst, &start, &x, &[], 4.0);
            assert!(
                better.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                better.violations(&inst)
            );
            assert_eq!(better.acq, start.acq, "seed {seed}: acquisitions stay");
            for s in inst.open().filter(|&s| !free[s]) {
                assert_eq!(better.go[s], start.go[s], "seed {seed}: service {s} moved");
            }
            let (before, after) = (start.objective(&inst), better.objective(&inst));
            assert!(after >= before - 1e-6, "seed {seed}: {before} -> {after}");
            assert_eq!(improved, improves(after, before));
            gained += usize::from(improved);
        }
        assert!(gained > 0, "the LP's open questions never paid");
    }

    #[test]
    fn relaxation_rounds_keep_every_constraint_never_lose_and_stop_when_told() {
        let (inst, plan) = planned(5, 300);
        let lp = crate::plan::relaxation(&inst, 30.0).expect("a relaxation");
        let x = lp.x.expect("LP weights");
        let acq = lp.acq.expect("rounded acquisitions");
        let start = heuristic::from_lp(&inst, &acq, &x, None).unwrap_or(plan);
        let before = start.objective(&inst);
        let until = Instant::now() + std::time::Duration::from_secs(6);
        let mut heard = Vec::new();
        let (best, improved, stopped) = rens_rounds(&inst, &start, &x, until, 2.0, 1.5, &mut |o| {
            heard.push(o);
            true
        });
        assert!(!stopped);
        assert!(
            best.violations(&inst).is_empty(),
            "{:?}",
            best.violations(&inst)
        );
        assert_eq!(best.acq, start.acq);
        let after = best.objective(&inst);
        assert!(after >= before - 1e-6, "{before} -> {after}");
        assert_eq!(improved, improves(after, before));
        // Every report is a better plan than the one before, the last is
        // the answer.
        assert!(heard.windows(2).all(|w| w[1] > w[0]));
        if improved {
            assert_eq!(heard.last().copied(), Some(after));
        }
        // A report that says stop ends the rounds at once.
        let until = Instant::now() + std::time::Duration::from_secs(6);
        let mut told = 0;
        let (first, _, stopped) = rens_rounds(&inst, &start, &x, until, 2.0, 1.5, &mut |_| {
            told += 1;
            false
        });
        assert!(told <= 1);
        assert_eq!(stopped, told == 1);
        assert!(first.violations(&inst).is_empty());
    }
}
