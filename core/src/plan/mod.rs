//! The roadmap planner: the mixed-integer program of MODEL.md, solved for a
//! catalogue and a scenario, answered as a roadmap document (FORMAT.md).
//!
//! How a plan is made:
//! 1. **Presolve** ([`presolve`](self)): earliest and latest go-live year of
//!    every service from earliest years, block lead times, dependencies,
//!    deadlines, capacity and budget; services that can never be reached
//!    are fixed to 0 and listed in `roadmap.unreachable`; conflicts that
//!    make the scenario infeasible are found here in plain words when
//!    possible.
//! 2. **Heuristic**: greedy list scheduling by value density that respects
//!    every constraint, then improvement moves. Its plan is the solver's
//!    warm start, the answer when the solver finds nothing in time, and the
//!    whole answer of [`Backend::Heuristic`].
//! 3. **MILP**: MODEL.md formulated for speed (knapsack rows over go-live
//!    binaries, cumulative "done by year" variables), solved by HiGHS (or
//!    microlp).
//! 4. **Explanations**: per service `why_not_earlier`, shadow prices of
//!    capacity and budget, and for infeasible scenarios a `diagnosis`.
//!
//! The reported objective is always MODEL.md's objective of the reported
//! plan (constants of presolve included); `bound` is a proven upper bound,
//! `gap = (bound - objective) / max(|objective|, 1)`, and `status` is
//! `optimal` only when that gap is within the requested `mip_gap`.

// `Error` is the crate-wide error type (its size is the error module's choice).
#![allow(clippy::result_large_err)]

mod explain;
mod heuristic;
#[cfg(feature = "highs")]
mod lns;
mod milp;
mod presolve;
mod solution;

use crate::error::{Location, Problem, Result, ValidationErrors};
use crate::model::{Catalogue, Roadmap, Scenario, Status};
use crate::Error;
use presolve::{presolve, Inst, Relax};
use serde::{Deserialize, Serialize};
use solution::Plan;
use web_time::Instant;

/// Which engine solves the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// HiGHS (native, feature `highs`), warm-started with the heuristic.
    Highs,
    /// microlp (pure Rust, feature `microlp`): branch and bound on small
    /// models; on larger ones the heuristic plan with the LP bound.
    Microlp,
    /// scaleplan's heuristic without a MIP solver, with an LP-relaxation
    /// bound when an LP solver is compiled in (so the gap is honest); with
    /// HiGHS, the relaxation's solution rounded is one more candidate plan.
    Heuristic,
}

impl Default for Backend {
    fn default() -> Self {
        if cfg!(feature = "highs") {
            Backend::Highs
        } else if cfg!(feature = "microlp") {
            Backend::Microlp
        } else {
            Backend::Heuristic
        }
    }
}

impl Backend {
    /// The name used in roadmaps and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Highs => "highs",
            Backend::Microlp => "microlp",
            Backend::Heuristic => "heuristic",
        }
    }
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "highs" => Ok(Backend::Highs),
            "microlp" => Ok(Backend::Microlp),
            "heuristic" => Ok(Backend::Heuristic),
            _ => Err(format!(
                "unknown backend `{s}`; expected highs, microlp or heuristic"
            )),
        }
    }
}

/// Where a solve is, for progress bars.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Seconds since the solve started.
    pub elapsed_s: f64,
    /// Objective of the best plan so far.
    pub objective: Option<f64>,
    /// Best proven bound so far.
    pub bound: Option<f64>,
    /// `presolve`, `heuristic`, `solver`, `explain` or `done`.
    pub phase: String,
}

type Callback<'a> = Box<dyn FnMut(&Progress) -> bool + Send + 'a>;

/// Plan a catalogue under a scenario with the default backend and the
/// scenario's solver settings.
///
/// # Errors
/// [`Error::Invalid`] when the catalogue or scenario is invalid (every
/// problem, located); [`Error::Solver`] when the solver fails. An
/// infeasible scenario is not an error: the roadmap has status
/// `infeasible` and a `diagnosis`.
///
/// # Examples
/// ```
/// use scaleplan::{Catalogue, Entity, EntityId, Capacity, Service, Scenario, Status};
/// let mut c = Catalogue::default();
/// c.entities.push(Entity { id: EntityId::from("moh"), name: String::new(), capacity: Capacity::Constant(10.0) });
/// let mut s = Service::new("birth-cert", "moh", 2);
/// s.demand = 300.0;
/// s.effort = 6.0;
/// c.services.push(s);
/// let roadmap = scaleplan::plan::plan(&c, &Scenario::default().with_horizon(3)).unwrap();
/// assert_eq!(roadmap.status, Status::Optimal);
/// assert_eq!(roadmap.service("birth-cert").unwrap().year, Some(2027));
/// ```
pub fn plan(catalogue: &Catalogue, scenario: &Scenario) -> Result<Roadmap> {
    Planner::new(catalogue).scenario(scenario).solve()
}

/// Plan one catalogue under several scenarios (budget or capacity
/// what-ifs); in parallel with the `parallel` feature. Results are in the
/// order of `scenarios`.
///
/// # Examples
/// ```
/// use scaleplan::{Catalogue, Scenario};
/// let c = Catalogue::default();
/// let out = scaleplan::plan::plan_many(&c, &[Scenario::default(), Scenario::default().with_horizon(2)]);
/// assert_eq!(out.len(), 2);
/// ```
pub fn plan_many(catalogue: &Catalogue, scenarios: &[Scenario]) -> Vec<Result<Roadmap>> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        // The solves share the cores: each gets its part for its own
        // second threads (LP, search beside HiGHS, root bound).
        let at_once = scenarios.len().min(rayon::current_num_threads()).max(1);
        scenarios
            .par_iter()
            .map(|s| sharing_cores(at_once, || plan(catalogue, s)))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        scenarios.iter().map(|s| plan(catalogue, s)).collect()
    }
}

/// A configurable solve.
///
/// ```
/// use scaleplan::plan::{Backend, Planner};
/// use scaleplan::{Catalogue, Scenario};
/// let c = Catalogue::default();
/// let s = Scenario::default();
/// let r = Planner::new(&c).scenario(&s).backend(Backend::Heuristic).time_limit(5.0).solve().unwrap();
/// assert!(r.status.has_plan());
/// ```
pub struct Planner<'a> {
    catalogue: &'a Catalogue,
    scenario: Option<&'a Scenario>,
    backend: Backend,
    time_limit: Option<f64>,
    mip_gap: Option<f64>,
    progress: Option<Callback<'a>>,
    explain: bool,
}

impl<'a> Planner<'a> {
    /// A planner for a catalogue (default scenario and backend).
    pub fn new(catalogue: &'a Catalogue) -> Self {
        Planner {
            catalogue,
            scenario: None,
            backend: Backend::default(),
            time_limit: None,
            mip_gap: None,
            progress: None,
            explain: true,
        }
    }
    /// The scenario (default: `Scenario::default()`).
    pub fn scenario(mut self, scenario: &'a Scenario) -> Self {
        self.scenario = Some(scenario);
        self
    }
    /// The engine.
    pub fn backend(mut self, backend: Backend) -> Self {
        self.backend = backend;
        self
    }
    /// Wall-clock limit in seconds (overrides the scenario's).
    pub fn time_limit(mut self, seconds: f64) -> Self {
        self.time_limit = Some(seconds);
        self
    }
    /// Relative MIP gap (overrides the scenario's).
    pub fn mip_gap(mut self, gap: f64) -> Self {
        self.mip_gap = Some(gap);
        self
    }
    /// Called at each phase boundary and each heuristic improvement;
    /// return false to stop: the best plan so far is returned as
    /// `feasible`, or [`Error::Interrupted`] when there is none. (HiGHS
    /// itself cannot be interrupted; the callback is asked before and after
    /// it runs.)
    pub fn on_progress<F>(mut self, f: F) -> Self
    where
        F: FnMut(&Progress) -> bool + Send + 'a,
    {
        self.progress = Some(Box::new(f));
        self
    }
    /// Compute `why_not_earlier` and shadow prices (default true).
    pub fn explain(mut self, on: bool) -> Self {
        self.explain = on;
        self
    }

    /// Solve.
    ///
    /// # Errors
    /// [`Error::Invalid`] for an invalid catalogue, scenario or override;
    /// [`Error::Solver`] when the backend is not compiled in or fails;
    /// [`Error::Interrupted`] when the progress callback stopped the solve
    /// before any plan was found.
    pub fn solve(mut self) -> Result<Roadmap> {
        let clock = Instant::now();
        let default_sc = Scenario::default();
        let sc: &Scenario = self.scenario.unwrap_or(&default_sc);
        let cat = self.catalogue;
        crate::validate::validate_catalogue(cat)?;
        crate::validate::validate_scenario(sc, cat)?;
        let time_limit = self.time_limit.unwrap_or(sc.solver.time_limit_s);
        let gap = self.mip_gap.unwrap_or(sc.solver.mip_gap);
        let mut problems = Vec::new();
        if !time_limit.is_finite() || time_limit <= 0.0 {
            problems.push(Problem::new(
                Location::document("options").field("time_limit"),
                format!("time limit must be a positive number of seconds, got {time_limit}"),
            ));
        }
        if !gap.is_finite() || gap < 0.0 {
            problems.push(Problem::new(
                Location::document("options").field("mip_gap"),
                format!("mip gap must be a non-negative number, got {gap}"),
            ));
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(ValidationErrors::new(problems)));
        }
        match self.backend {
            Backend::Highs if !cfg!(feature = "highs") => {
                return Err(Error::Solver(
                    "this build has no highs backend; use microlp or heuristic".into(),
                ))
            }
            Backend::Microlp if !cfg!(feature = "microlp") => {
                return Err(Error::Solver(
                    "this build has no microlp backend; use highs or heuristic".into(),
                ))
            }
            _ => {}
        }
        let deadline = clock + std::time::Duration::from_secs_f64(time_limit.min(1e7));
        let mut progress = self.progress.take();
        let mut tell = |phase: &str, objective: Option<f64>, bound: Option<f64>| -> bool {
            match progress.as_mut() {
                Some(f) => f(&Progress {
                    elapsed_s: clock.elapsed().as_secs_f64(),
                    objective,
                    bound,
                    phase: phase.to_owned(),
                }),
                None => true,
            }
        };

        let inst = presolve(cat, sc, Relax::default());
        if !tell("presolve", None, None) {
            return Err(Error::Interrupted);
        }
        let finish = |mut r: Roadmap, name: &str| {
            r.solve_seconds = clock.elapsed().as_secs_f64();
            r.solver = Some(name.to_owned());
            r
        };
        if !inst.conflicts.is_empty() {
            let r = infeasible(cat, &inst, inst.conflicts.clone());
            return Ok(finish(r, self.backend.as_str()));
        }

        let mut stopped = false;
        // The LP relaxation (natively): an honest bound, and resource
        // prices for the heuristic.
        let want_lp = matches!(self.backend, Backend::Highs | Backend::Heuristic);
        // (Half the time: 5000 x 10 x 40 x 50 takes 2.9-3.1 s, and without
        // it a 10 s solve has only the trivial bound.)
        let lp_limit = time_limit * 0.5;
        let solve_lp = || {
            let c = Instant::now();
            (relaxation(&inst, lp_limit), c.elapsed().as_secs_f64())
        };
        // Heuristic: at most 60% of the limit (30% when the LP is waited
        // for) unless it is the answer.
        let share = if self.backend == Backend::Heuristic {
            0.9
        } else {
            0.6
        };
        let heur_deadline =
            Instant::now() + std::time::Duration::from_secs_f64((time_limit * share).min(1e7));
        let mut on_heur = |obj| {
            let go = tell("heuristic", Some(obj), None);
            stopped |= !go;
            go
        };
        // The LP runs on a second core while the heuristic builds its
        // first plans; the heuristic asks for its prices afterwards.
        let (h, lp, lp_seconds) = std::thread::scope(|scope| {
            let mut thread = (want_lp && cores() > 1).then(|| scope.spawn(solve_lp));
            let mut got: Option<(Option<Relaxation>, f64)> = None;
            let mut fetch = |got: &mut Option<(Option<Relaxation>, f64)>| {
                if got.is_none() {
                    *got = Some(match thread.take() {
                        Some(t) => t.join().unwrap_or((None, 0.0)),
                        None if want_lp => solve_lp(),
                        None => (None, 0.0),
                    });
                }
            };
            let h = if want_lp {
                heuristic::run_priced(&inst, Some(heur_deadline), &mut on_heur, &mut || {
                    fetch(&mut got);
                    got.as_ref()
                        .and_then(|(r, _)| r.as_ref())
                        .and_then(|r| r.prices.clone())
                })
            } else {
                heuristic::run(&inst, Some(heur_deadline), &mut on_heur)
            };
            fetch(&mut got);
            let (lp, secs) = got.unwrap_or((None, 0.0));
            (h, lp, secs)
        });
        let mut heur_plan = h.plan;
        // The LP's solution rounded, when it beats the heuristic's plan.
        #[cfg(feature = "highs")]
        if !(stopped || h.stopped) {
            if let Some(p) = lp_rounded(&inst, heur_plan.as_ref(), lp.as_ref(), heur_deadline) {
                stopped |= !tell("heuristic", Some(p.objective(&inst)), None);
                heur_plan = Some(p);
            }
        }
        if stopped || h.stopped {
            return match heur_plan {
                Some(p) => {
                    let bound = trivial_bound(&inst);
                    let r = with_plan(cat, &inst, &p, Some(bound), false, gap);
                    Ok(finish(r, "heuristic"))
                }
                None => Err(Error::Interrupted),
            };
        }
        if !tell(
            "solver",
            heur_plan.as_ref().map(|p| p.objective(&inst)),
            None,
        ) {
            return match heur_plan {
                Some(p) => {
                    let r = with_plan(cat, &inst, &p, Some(trivial_bound(&inst)), false, gap);
                    Ok(finish(r, "heuristic"))
                }
                None => Err(Error::Interrupted),
            };
        }

        // (An LP-guided construction, list scheduling in the order of the
        // LP relaxation's value-weighted earliness, was measured worse than
        // the density constructions on generated catalogues and costs an LP
        // solve: see `lp_priority`, kept for experiments in the tests.)
        // Explanations come after the solve and need about one more LP
        // (shadow prices): their time is kept out of the solver's.
        let reserve = if self.explain && self.backend != Backend::Heuristic {
            1.5 * lp_seconds
        } else {
            0.0
        };
        let left = time_limit - clock.elapsed().as_secs_f64();
        let remaining = (left - reserve).max(left * 0.5).max(0.05);
        let mut halted = false;
        let solved = run_backend(
            &inst,
            self.backend,
            heur_plan.as_ref(),
            lp.as_ref(),
            remaining,
            gap,
            &mut |obj, bound| {
                let go = tell("solver", Some(obj), bound);
                halted |= !go;
                go
            },
        )
        .map_err(Error::Solver)?;
        // Stopped by the callback mid-search: the best plan so far, without
        // explanations.
        self.explain &= !halted;
        let mut kept: Option<Plan> = None;
        let mut roadmap = match solved {
            Solved::Infeasible => {
                let left = (deadline.saturating_duration_since(Instant::now()))
                    .as_secs_f64()
                    .max(1.0);
                let diag = explain::diagnose(cat, sc, self.backend, left);
                infeasible(cat, &inst, diag)
            }
            Solved::Nothing => {
                let mut r = solution::roadmap(cat, &inst, &Plan::empty(&inst), Status::Error);
                r.objective = 0.0;
                r.diagnosis = vec![format!(
                    "no plan was found within the time limit of {} s; raise solver.time_limit_s or use another backend",
                    presolve::num(time_limit)
                )];
                r
            }
            Solved::Plan {
                plan,
                bound,
                proven,
            } => {
                // Keep the better of the solver's and the heuristic's plans.
                let plan = match &heur_plan {
                    Some(hp) if hp.objective(&inst) > plan.objective(&inst) + 1e-9 => hp.clone(),
                    _ => plan,
                };
                let r = with_plan(cat, &inst, &plan, bound, proven, gap);
                kept = Some(plan);
                r
            }
        };
        let name = self.backend.as_str();
        if let (true, Some(plan)) = (self.explain, &kept) {
            let _ = tell("explain", Some(roadmap.objective), Some(roadmap.bound));
            explain::why_not_earlier(&inst, plan, &mut roadmap);
            roadmap.shadow_prices = explain::shadow_prices(&inst, plan, time_limit);
        }
        let _ = tell("done", Some(roadmap.objective), Some(roadmap.bound));
        Ok(finish(roadmap, name))
    }
}

/// What a backend produced.
enum Solved {
    Infeasible,
    Nothing,
    Plan {
        plan: Plan,
        bound: Option<f64>,
        proven: bool,
    },
}

/// Go-live variables (open services x years) above which the HiGHS backend
/// searches neighbourhoods instead of solving the whole model.
#[cfg(feature = "highs")]
const LNS_ABOVE: usize = 20_000;

/// Go-live variables from which the HiGHS backend runs the neighbourhood
/// search on a second core beside the whole-model solve.
#[cfg(feature = "highs")]
const LNS_BESIDE_FROM: usize = 2_000;

/// Time (seconds) from which the neighbourhood search has HiGHS work on
/// the whole model's root bound beside it: with less, HiGHS does not get
/// past its first LP at the sizes the search is for (5000 x 10 x 40 x 50
/// takes 2.8 s for the LP alone).
#[cfg(feature = "highs")]
const ROOT_BESIDE_FROM_S: f64 = 20.0;

thread_local! {
    /// Solves running at once on this machine, this one included.
    static SHARING: std::cell::Cell<usize> = const { std::cell::Cell::new(1) };
}

/// Run `f` as one of `n` solves running at once.
#[cfg_attr(not(feature = "parallel"), allow(dead_code))]
fn sharing_cores<T>(n: usize, f: impl FnOnce() -> T) -> T {
    let before = SHARING.with(|c| c.replace(n.max(1)));
    let out = f();
    SHARING.with(|c| c.set(before));
    out
}

/// Cores this solve may use: the machine's, shared with the solves
/// running at once (`plan_many`).
fn cores() -> usize {
    let all = std::thread::available_parallelism().map_or(1, |n| n.get());
    (all / SHARING.with(|c| c.get())).max(1)
}

#[cfg(all(test, feature = "highs"))]
thread_local! {
    /// Tests on small catalogues take the neighbourhood-search path.
    static LNS_ABOVE_IN_TESTS: std::cell::Cell<Option<usize>> = const { std::cell::Cell::new(None) };
}

#[cfg(all(test, feature = "highs"))]
thread_local! {
    /// Tests with short time limits get the root bound beside the search.
    static ROOT_FROM_IN_TESTS: std::cell::Cell<Option<f64>> = const { std::cell::Cell::new(None) };
}

#[cfg(feature = "highs")]
fn root_beside_from() -> f64 {
    #[cfg(test)]
    if let Some(s) = ROOT_FROM_IN_TESTS.with(|c| c.get()) {
        return s;
    }
    ROOT_BESIDE_FROM_S
}

#[cfg(feature = "highs")]
fn lns_above() -> usize {
    #[cfg(test)]
    if let Some(n) = LNS_ABOVE_IN_TESTS.with(|c| c.get()) {
        return n;
    }
    LNS_ABOVE
}

/// Largest model (variables) microlp's branch and bound is trusted with.
const MICROLP_MIP_MAX_VARS: usize = 400;

// Without HiGHS, `report` only travels on to the heuristic fallback.
#[cfg_attr(not(feature = "highs"), allow(clippy::only_used_in_recursion))]
fn run_backend(
    inst: &Inst,
    backend: Backend,
    heur: Option<&Plan>,
    lp: Option<&Relaxation>,
    time_limit: f64,
    gap: f64,
    report: &mut dyn FnMut(f64, Option<f64>) -> bool,
) -> std::result::Result<Solved, String> {
    let opts = milp::BuildOptions::default();
    // The relaxation's bound when it was solved, else solve it now (within
    // at most 10 s: 2.8 s at 5000 services x 10 years), else the trivial one.
    let bound_now = |limit: f64| match lp.and_then(|r| r.bound) {
        Some(b) => Some(b),
        None => lp_bound(inst, limit.min(10.0)),
    };
    match backend {
        Backend::Heuristic => match heur {
            Some(p) => Ok(Solved::Plan {
                plan: p.clone(),
                bound: bound_now(time_limit),
                proven: false,
            }),
            None => {
                // The heuristic found nothing: an LP that is infeasible
                // proves the scenario infeasible.
                // (An LP already solved says so; one not yet solved is now.)
                let infeasible = match lp {
                    Some(r) => r.infeasible,
                    None => lp_infeasible(inst, time_limit),
                };
                if infeasible {
                    Ok(Solved::Infeasible)
                } else {
                    Ok(Solved::Nothing)
                }
            }
        },
        Backend::Highs => {
            #[cfg(feature = "highs")]
            {
                // Past LNS_ABOVE go-live variables HiGHS does not finish
                // its root node in a minute: an honest LP bound, then
                // large-neighbourhood search with HiGHS on sub-models.
                let clock = Instant::now();
                let size = inst.open().filter(|&s| inst.svc[s].reach).count() * inst.t;
                if let (Some(p), true) = (heur, size > lns_above()) {
                    let bound = bound_now(time_limit * 0.5);
                    let until = clock + std::time::Duration::from_secs_f64(time_limit);
                    // Entity neighbourhoods only: freeing two years'
                    // services every other time measured worse here
                    // (1206.5M against 1208.6M on 5000 x 10 x 40 x 50 in
                    // 30 s).
                    let how = lns::Search {
                        deadline: until,
                        step: 2.0,
                        years_too: false,
                    };
                    // On the second core, HiGHS on the whole model for its
                    // root bound (cut rounds tighten the LP's: 1228.2M
                    // against 1229.9M on 5000 x 10 x 40 x 50 in 60 s). It
                    // gets 85% of the time (HiGHS overruns its limit by
                    // seconds at this size) and is waited for only until
                    // the time is up, or not at all when the search was
                    // stopped: HiGHS cannot be interrupted, so the thread
                    // may end a few seconds after the answer.
                    let mut halted = false;
                    let root = (cores() > 1 && time_limit >= root_beside_from()).then(|| {
                        let (tx, rx) = std::sync::mpsc::channel();
                        let (whole, warm_plan) = (inst.clone(), p.clone());
                        let limit = 0.85 * time_limit;
                        let began = Instant::now();
                        std::thread::spawn(move || {
                            let m = milp::build(&whole, &milp::BuildOptions::default());
                            let warm = m.values_of(&whole, &warm_plan);
                            let left = limit - began.elapsed().as_secs_f64();
                            let bound = if left > 0.5 {
                                milp::solve_highs(m, Some(warm), left, gap)
                                    .ok()
                                    .and_then(|a| a.bound)
                            } else {
                                None
                            };
                            let _ = tx.send(bound);
                        });
                        rx
                    });
                    // First rounds on the LP's open questions (on 5000 x
                    // 10 x 40 x 50: 1219.5M after 20 s, where
                    // neighbourhoods of random entities from the same
                    // start reach 1212.6M), then, when two rounds in a row
                    // find nothing, those neighbourhoods. The first round
                    // gets 30% of the time (its gain comes 10-14 s in at
                    // that size: a quarter measured 1214.2M-1221.0M), the
                    // next ones 20% each.
                    // (Growing a plan from the LP's rounded acquisitions,
                    // as beside the whole-model solve below, ends at the
                    // heuristic's own acquisitions here.)
                    let mut start = p.clone();
                    if let Some(x) = lp.and_then(|r| r.x.as_ref()) {
                        let left = until.saturating_duration_since(Instant::now());
                        let left = left.as_secs_f64();
                        let (r, _, stop) = lns::rens_rounds(
                            inst,
                            &start,
                            x,
                            until,
                            0.3 * left,
                            0.2 * left,
                            &mut |obj| report(obj, bound),
                        );
                        start = r;
                        halted |= stop;
                    }
                    let plan = if halted {
                        start
                    } else {
                        lns::improve(inst, &start, how, &mut |obj| {
                            let go = report(obj, bound);
                            halted |= !go;
                            go
                        })
                        .0
                    };
                    let root = match root {
                        Some(rx) if !halted => {
                            let wait = until.saturating_duration_since(Instant::now());
                            rx.recv_timeout(wait).ok().flatten()
                        }
                        Some(rx) => rx.try_recv().ok().flatten(),
                        None => None,
                    };
                    let bound = tighter(bound, root);
                    return Ok(Solved::Plan {
                        plan,
                        bound,
                        proven: false,
                    });
                }
                let mut warm_plan = heur.cloned();
                let left = (time_limit - clock.elapsed().as_secs_f64()).max(0.05);
                let m = milp::build(inst, &opts);
                if m.len() == 0 {
                    return Ok(no_variables(inst));
                }
                let warm = warm_plan.as_ref().map(|p| m.values_of(inst, p));
                let kinds = m.kinds.clone();
                // On a second core, the neighbourhood search improves the
                // heuristic's plan while HiGHS works on the whole model
                // (HiGHS takes seconds for its root node from about 1,000
                // services on and takes no new plans mid-solve); the better
                // plan is kept.
                let beside = match heur {
                    Some(p) if size >= LNS_BESIDE_FROM && cores() > 1 => Some(p),
                    _ => None,
                };
                let (ans, found) = match beside {
                    None => (milp::solve_highs(m, warm, left, gap), None),
                    Some(p) => {
                        use std::sync::atomic::{AtomicBool, Ordering};
                        let done = std::sync::Arc::new(AtomicBool::new(false));
                        let until = clock + std::time::Duration::from_secs_f64(time_limit);
                        let (tx, rx) = std::sync::mpsc::channel();
                        let (whole, start, stop) = (inst.clone(), p.clone(), done.clone());
                        let lp_acq = lp.and_then(|r| r.acq.clone());
                        // Detached: HiGHS cannot be interrupted, and when the
                        // whole-model solve proves its plan early the answer
                        // does not wait for this one (which then ends at its
                        // own time limit or gap).
                        std::thread::spawn(move || {
                            // First the whole model with the acquisitions
                            // fixed, then (when that ends early)
                            // neighbourhoods. Stopping it halfway for
                            // neighbourhoods measured no better on 1000 x 8
                            // x 30 x 20 in 10 s (149.9M-150.2M against
                            // 150.14M) and less steady.
                            let start = match lp_acq {
                                Some(acq) => lns::better_start(&whole, start, &acq, until),
                                None => start,
                            };
                            let (settled, _) = lns::settle(&whole, &start, until, gap);
                            let how = lns::Search {
                                deadline: until,
                                step: 1.0,
                                years_too: true,
                            };
                            let found = lns::improve(&whole, &settled, how, &mut |_| {
                                !stop.load(Ordering::Relaxed)
                            });
                            let _ = tx.send(found.0);
                        });
                        let ans = milp::solve_highs(m, warm, left, gap);
                        done.store(true, Ordering::Relaxed);
                        let proven = matches!(&ans, Ok(a) if a.outcome == milp::Outcome::Optimal);
                        let found = if proven {
                            rx.try_recv().ok()
                        } else {
                            // Both stop at the time limit; a little grace
                            // for the neighbourhood search's last sub-model.
                            let wait = until.saturating_duration_since(Instant::now())
                                + std::time::Duration::from_millis(300);
                            rx.recv_timeout(wait).ok()
                        };
                        (ans, found)
                    }
                };
                if let Some(f) = found {
                    if warm_plan
                        .as_ref()
                        .map_or(true, |w| f.objective(inst) > w.objective(inst))
                    {
                        report(f.objective(inst), lp.and_then(|r| r.bound));
                        warm_plan = Some(f);
                    }
                }
                let mut solved = from_answer(inst, &kinds, ans?);
                if let Solved::Plan { bound, .. } = &mut solved {
                    // HiGHS's bound, else (stopped before its root) the LP's.
                    let lp_b = lp.and_then(|r| r.bound);
                    *bound = tighter(*bound, lp_b);
                }
                if let Some(wp) = warm_plan {
                    let w_obj = wp.objective(inst);
                    match &mut solved {
                        Solved::Plan { plan, .. } if w_obj > plan.objective(inst) + 1e-9 => {
                            *plan = wp;
                        }
                        Solved::Nothing => {
                            solved = Solved::Plan {
                                plan: wp,
                                bound: None,
                                proven: false,
                            };
                        }
                        _ => {}
                    }
                }
                Ok(solved)
            }
            #[cfg(not(feature = "highs"))]
            {
                let _ = (heur, time_limit, gap, opts);
                Err("this build has no highs backend".into())
            }
        }
        Backend::Microlp => {
            #[cfg(feature = "microlp")]
            {
                let m = milp::build(inst, &opts);
                if m.len() == 0 {
                    return Ok(no_variables(inst));
                }
                if m.len() > MICROLP_MIP_MAX_VARS {
                    return run_backend(
                        inst,
                        Backend::Heuristic,
                        heur,
                        lp,
                        time_limit,
                        gap,
                        report,
                    );
                }
                let warm = heur.map(|p| m.values_of(inst, p));
                let kinds = m.kinds.clone();
                let ans = milp::solve_microlp(m, warm, time_limit, gap)?;
                let mut solved = from_answer(inst, &kinds, ans);
                if let Solved::Plan {
                    bound: b @ None, ..
                } = &mut solved
                {
                    *b = lp_bound(inst, time_limit);
                }
                if let (Solved::Nothing, Some(p)) = (&solved, heur) {
                    solved = Solved::Plan {
                        plan: p.clone(),
                        bound: lp_bound(inst, time_limit),
                        proven: false,
                    };
                }
                Ok(solved)
            }
            #[cfg(not(feature = "microlp"))]
            {
                let _ = (heur, time_limit, gap, opts, MICROLP_MIP_MAX_VARS);
                Err("this build has no microlp backend".into())
            }
        }
    }
}

/// The tighter of two upper bounds, either of which may be missing.
#[cfg(feature = "highs")]
fn tighter(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A model with no free variable: the empty plan is the only one.
#[allow(dead_code)]
fn no_variables(inst: &Inst) -> Solved {
    let p = Plan::empty(inst);
    if p.violations(inst).is_empty() {
        let obj = p.objective(inst);
        Solved::Plan {
            plan: p,
            bound: Some(obj),
            proven: true,
        }
    } else {
        Solved::Infeasible
    }
}

#[allow(dead_code)]
fn from_answer(inst: &Inst, kinds: &[milp::Kind], ans: milp::Answer) -> Solved {
    use milp::Outcome;
    match ans.outcome {
        Outcome::Infeasible => Solved::Infeasible,
        Outcome::NoPlan => Solved::Nothing,
        Outcome::Optimal | Outcome::Feasible => match ans.values {
            None => Solved::Nothing,
            Some(values) => {
                let plan = plan_of(inst, kinds, &values);
                Solved::Plan {
                    plan,
                    bound: ans.bound,
                    proven: ans.outcome == Outcome::Optimal,
                }
            }
        },
    }
}

#[allow(dead_code)]
fn plan_of(inst: &Inst, kinds: &[milp::Kind], values: &[f64]) -> Plan {
    let mut plan = Plan::empty(inst);
    for (k, &v) in kinds.iter().zip(values) {
        if v < 0.5 {
            continue;
        }
        match *k {
            milp::Kind::X(s, y) if plan.go[s].map_or(true, |g| y < g) => {
                plan.go[s] = Some(y);
            }
            milp::Kind::Acq(b, o, y) if plan.acq[b].map_or(true, |(_, y1)| y < y1) => {
                plan.acq[b] = Some((o, y));
            }
            _ => {}
        }
    }
    plan
}

/// Upper bound without any solver: every service at its earliest year,
/// every life event from the latest earliest year of its services.
fn trivial_bound(inst: &Inst) -> f64 {
    let t = inst.t;
    let mut b = 0.0;
    for v in inst.svc.iter().filter(|v| v.reach) {
        b += v.value.max(0.0) * (t - v.lo) as f64;
    }
    for ev in &inst.life {
        if ev.never {
            continue;
        }
        let y = ev.open.iter().map(|&s| inst.svc[s].lo).max().unwrap_or(0);
        b += ev.weight.max(0.0) * (t - y.min(t)) as f64;
    }
    b
}

/// Bound from the LP relaxation (HiGHS, else microlp on small models),
/// else the trivial bound.
fn lp_bound(inst: &Inst, time_limit: f64) -> Option<f64> {
    let opts = milp::BuildOptions::relaxation();
    #[cfg(feature = "highs")]
    {
        let m = milp::build(inst, &opts);
        if m.len() == 0 {
            return Some(trivial_bound(inst));
        }
        if let Ok(a) = milp::solve_highs(m, None, time_limit, 0.0) {
            if let Some(b) = a.bound {
                return Some(b.min(trivial_bound(inst)));
            }
        }
    }
    #[cfg(all(feature = "microlp", not(feature = "highs")))]
    {
        let m = milp::build(inst, &opts);
        if m.len() > 0 && m.len() <= 20_000 {
            if let Ok(a) = milp::solve_microlp(m, None, time_limit, 0.0) {
                if let Some(b) = a.bound {
                    return Some(b.min(trivial_bound(inst)));
                }
            }
        }
    }
    let _ = (opts, time_limit);
    Some(trivial_bound(inst))
}

#[cfg(test)]
/// Value-weighted earliness of every service in the LP relaxation
/// (`sum_y x[s,y] * (T - y)`), and the LP bound; HiGHS only.
fn lp_priority(inst: &Inst, time_limit: f64) -> Option<(Vec<f64>, Option<f64>)> {
    #[cfg(feature = "highs")]
    {
        if time_limit <= 0.05 {
            return None;
        }
        let opts = milp::BuildOptions::relaxation();
        let m = milp::build(inst, &opts);
        if m.len() == 0 {
            return None;
        }
        let kinds = m.kinds.clone();
        let a = milp::solve_highs(m, None, time_limit, 0.0).ok()?;
        if a.outcome != milp::Outcome::Optimal {
            return None;
        }
        let values = a.values?;
        let t = inst.t;
        let mut prio = vec![0.0; inst.svc.len()];
        for (k, v) in kinds.iter().zip(&values) {
            if let milp::Kind::X(s, y) = *k {
                prio[s] += v * (t - y) as f64;
            }
        }
        Some((prio, a.bound))
    }
    #[cfg(not(feature = "highs"))]
    {
        let _ = (inst, time_limit);
        None
    }
}

/// The LP relaxation's solution rounded to a plan over its rounded
/// acquisitions ([`heuristic::from_lp`]), when it is better than `plan`
/// (or there is none). On 5000 x 10 x 40 x 50: 1209.4M in 0.2 s, where
/// the heuristic's own constructions and searches reach 1200.6M.
#[cfg(feature = "highs")]
fn lp_rounded(
    inst: &Inst,
    plan: Option<&Plan>,
    lp: Option<&Relaxation>,
    deadline: Instant,
) -> Option<Plan> {
    let r = lp?;
    let x = r.x.as_ref()?;
    // Over the LP's acquisitions, and over the plan's (the LP's may not
    // fit the budget once rounded).
    let mut best: Option<Plan> = None;
    for acq in [r.acq.as_ref(), plan.map(|p| &p.acq)].into_iter().flatten() {
        if let Some(cand) = heuristic::from_lp(inst, acq, x, Some(deadline)) {
            let bar = best.as_ref().or(plan).map(|p| p.objective(inst));
            if bar.map_or(true, |b| solution::improves(cand.objective(inst), b)) {
                best = Some(cand);
            }
        }
    }
    best
}

/// What the LP relaxation says.
struct Relaxation {
    /// Its optimum (a bound on the program's), when solved.
    bound: Option<f64>,
    /// Its acquisitions, rounded: per block the option and start year it
    /// puts most weight on, when that is at least 0.3.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    acq: Option<Vec<Option<(usize, usize)>>>,
    /// Its go-live weights per service and year.
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    x: Option<Vec<Vec<f64>>>,
    /// Duals of its capacity and budget rows.
    prices: Option<heuristic::Prices>,
    /// It is infeasible (so is the program).
    infeasible: bool,
}

/// Solve the LP relaxation with HiGHS (None without HiGHS, or when it does
/// not finish within `time_limit`).
fn relaxation(inst: &Inst, time_limit: f64) -> Option<Relaxation> {
    #[cfg(feature = "highs")]
    {
        let opts = milp::BuildOptions::relaxation();
        let m = milp::build(inst, &opts);
        if m.len() == 0 {
            return None;
        }
        let rows = m.resource_rows.clone();
        let kinds = m.kinds.clone();
        let a = milp::solve_highs(m, None, time_limit, 0.0).ok()?;
        match a.outcome {
            milp::Outcome::Infeasible => {
                return Some(Relaxation {
                    bound: None,
                    acq: None,
                    x: None,
                    prices: None,
                    infeasible: true,
                })
            }
            milp::Outcome::Optimal => {}
            _ => return None,
        }
        let prices = a.duals.map(|duals| {
            let (capacity, budget) = milp::resource_duals(inst, &rows, &duals);
            heuristic::Prices { capacity, budget }
        });
        let acq = a.values.as_deref().map(|values| {
            let mut most: Vec<Option<(usize, usize, f64)>> = vec![None; inst.blk.len()];
            for (k, &v) in kinds.iter().zip(values) {
                if let milp::Kind::Acq(b, o, y) = *k {
                    if v >= 0.3 && most[b].map_or(true, |(_, _, w)| v > w) {
                        most[b] = Some((o, y, v));
                    }
                }
            }
            most.iter().map(|m| m.map(|(o, y, _)| (o, y))).collect()
        });
        let x = a
            .values
            .as_deref()
            .map(|values| milp::go_live_weights(inst, &kinds, values));
        Some(Relaxation {
            bound: a.bound.map(|b| b.min(trivial_bound(inst))),
            acq,
            x,
            prices,
            infeasible: false,
        })
    }
    #[cfg(not(feature = "highs"))]
    {
        let _ = (inst, time_limit);
        None
    }
}

/// The LP relaxation is infeasible (so is the program).
fn lp_infeasible(inst: &Inst, time_limit: f64) -> bool {
    let opts = milp::BuildOptions::relaxation();
    #[cfg(feature = "highs")]
    {
        let m = milp::build(inst, &opts);
        if m.len() > 0 {
            if let Ok(a) = milp::solve_highs(m, None, time_limit, 0.0) {
                return a.outcome == milp::Outcome::Infeasible;
            }
        }
    }
    #[cfg(all(feature = "microlp", not(feature = "highs")))]
    {
        let m = milp::build(inst, &opts);
        if m.len() > 0 && m.len() <= 20_000 {
            if let Ok(a) = milp::solve_microlp(m, None, time_limit, 0.0) {
                return a.outcome == milp::Outcome::Infeasible;
            }
        }
    }
    let _ = (opts, time_limit, inst);
    false
}

/// The roadmap of a plan with its honest status, bound and gap.
fn with_plan(
    cat: &Catalogue,
    inst: &Inst,
    plan: &Plan,
    bound: Option<f64>,
    proven: bool,
    mip_gap: f64,
) -> Roadmap {
    let mut r = solution::roadmap(cat, inst, plan, Status::Feasible);
    let obj = r.objective;
    // A bound below the plan's objective is solver round-off.
    let bound = bound.unwrap_or_else(|| trivial_bound(inst)).max(obj);
    let gap = ((bound - obj) / obj.abs().max(1.0)).max(0.0);
    r.bound = bound;
    r.gap = gap;
    r.status = if proven || gap <= mip_gap + 1e-12 {
        Status::Optimal
    } else {
        Status::Feasible
    };
    r
}

fn infeasible(cat: &Catalogue, inst: &Inst, diagnosis: Vec<String>) -> Roadmap {
    let mut r = solution::roadmap(cat, inst, &Plan::empty(inst), Status::Infeasible);
    r.objective = 0.0;
    r.services.iter_mut().for_each(|s| s.year = None);
    r.years.clear();
    r.diagnosis = diagnosis;
    r
}

#[cfg(test)]
mod tests;
