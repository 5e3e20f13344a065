//! The formulation of MODEL.md for good_lp, and the solver back-ends.
//!
//! Variables (only those presolve leaves free):
//! - `x[s,y]` binary: service s goes live in year y (allowed years only);
//! - `D[s,y]` in [0,1]: s is at target by year y, linked by
//!   `D[s,y] = D[s,y-1] + x[s,y]` (the first one is `x` itself; after a
//!   deadline it is the constant 1, with `sum x = 1`);
//! - `a[b,o,y]` binary: acquisition of block b by option o starts in y;
//! - `A[b,y]` in [0,1]: b is available in y, `A[b,y] = A[b,y-1] + sum_o
//!   a[b,o,y-lead(o)]` (so `A <= 1` is "one acquisition per block");
//! - `c[l,y]` in [0,1]: life event l is complete in year y.
//!
//! Capacity and budget rows are knapsacks over the go-live binaries `x`
//! (and the acquisition binaries `a`); blocks, dependencies, targets, life
//! events and the objective are carried by the cumulative `D` and `A`.
//! Rows that a row in an earlier year already implies are left out (a
//! `D[s,y] <= A[b,y]` row only where `D[s,·]` changes).

#![allow(clippy::needless_range_loop)] // year-indexed tables read best with indices

use super::presolve::Inst;
use super::solution::Plan;
use good_lp::{variable, Constraint, Expression, ProblemVariables, Variable};

/// A term of a cumulative quantity: a constant or a variable.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Term {
    Zero,
    One,
    Var(Variable),
}

/// What a variable means.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Kind {
    X(usize, usize),
    D(usize, usize),
    Acq(usize, usize, usize),
    Av(usize, usize),
    C(usize, usize),
}

/// How to build the model.
#[derive(Clone, Debug, Default)]
pub(crate) struct BuildOptions {
    /// Continuous go-live variables (LP relaxation).
    pub relax_integrality: bool,
    /// Fix the block acquisitions to these.
    pub fix_blocks: Option<Vec<Option<(usize, usize)>>>,
}

impl BuildOptions {
    /// The LP relaxation: every variable continuous, nothing fixed.
    pub fn relaxation() -> Self {
        BuildOptions {
            relax_integrality: true,
            fix_blocks: None,
        }
    }
}

/// The absolute duals of the capacity rows (per entity and year) and of
/// the budget rows (per year); 0 where the model needed no row.
#[cfg(feature = "highs")]
pub(crate) fn resource_duals(
    inst: &Inst,
    rows: &[(Resource, usize)],
    duals: &[f64],
) -> (Vec<Vec<f64>>, Vec<f64>) {
    let mut capacity = vec![vec![0.0; inst.t]; inst.cap.len()];
    let mut budget = vec![0.0; inst.t];
    for &(res, row) in rows {
        let d = duals.get(row).copied().unwrap_or(0.0).abs();
        let slot = match res {
            Resource::Capacity(e, y) => capacity.get_mut(e).and_then(|c| c.get_mut(y)),
            Resource::Budget(y) => budget.get_mut(y),
        };
        if let Some(v) = slot {
            *v = d;
        }
    }
    (capacity, budget)
}

/// The go-live weight of every service in every year in a solution
/// (`values`, in the order of `kinds`): 0 where the model has no variable.
#[cfg(feature = "highs")]
pub(crate) fn go_live_weights(inst: &Inst, kinds: &[Kind], values: &[f64]) -> Vec<Vec<f64>> {
    let mut x = vec![vec![0.0; inst.t]; inst.svc.len()];
    for (k, &v) in kinds.iter().zip(values) {
        if let Kind::X(s, y) = *k {
            if let Some(w) = x.get_mut(s).and_then(|row| row.get_mut(y)) {
                *w = v;
            }
        }
    }
    x
}

/// Where an LP solution puts a service whose go-live weights are `w`,
/// when it does so in full: `Some(Some(y))` live from year y, `Some(None)`
/// never; None when the weights are fractional.
#[cfg(feature = "highs")]
pub(crate) fn integral_year(w: &[f64]) -> Option<Option<usize>> {
    w.iter()
        .all(|v| !(1e-6..=1.0 - 1e-6).contains(v))
        .then(|| w.iter().position(|&v| v > 1.0 - 1e-6))
}

/// A row of a resource, for shadow prices.
#[cfg_attr(not(feature = "highs"), allow(dead_code))]
#[derive(Clone, Copy, Debug)]
pub(crate) enum Resource {
    Capacity(usize, usize),
    Budget(usize),
}

/// The built model.
pub(crate) struct Model {
    pub vars: ProblemVariables,
    pub kinds: Vec<Kind>,
    pub handles: Vec<Variable>,
    pub rows: Vec<Constraint>,
    pub objective: Expression,
    /// Objective part fixed by presolve (not in `objective`).
    pub constant: f64,
    /// Row index of each capacity and budget row.
    pub resource_rows: Vec<(Resource, usize)>,
    pub integers: usize,
}

impl Model {
    fn add(&mut self, def: good_lp::VariableDefinition, kind: Kind) -> Variable {
        let v = self.vars.add(def);
        self.kinds.push(kind);
        self.handles.push(v);
        v
    }

    /// Number of variables.
    pub fn len(&self) -> usize {
        self.kinds.len()
    }

    /// Values of every variable for a plan (warm start).
    pub fn values_of(&self, inst: &Inst, plan: &Plan) -> Vec<f64> {
        let b = |x: bool| if x { 1.0 } else { 0.0 };
        self.kinds
            .iter()
            .map(|k| match *k {
                Kind::X(s, y) => b(plan.go[s] == Some(y)),
                Kind::D(s, y) => b(plan.go[s].is_some_and(|g| g <= y)),
                Kind::Acq(bl, o, y) => b(plan.acq[bl] == Some((o, y))),
                Kind::Av(bl, y) => b(plan.avail(inst, bl).is_some_and(|a| a <= y)),
                Kind::C(l, y) => b(plan.event_year(inst, l).is_some_and(|ly| ly <= y)),
            })
            .collect()
    }
}

/// Build the model of MODEL.md for the presolved instance.
pub(crate) fn build(inst: &Inst, opt: &BuildOptions) -> Model {
    let t = inst.t;
    let n = inst.svc.len();
    let mut m = Model {
        vars: ProblemVariables::new(),
        kinds: Vec::new(),
        handles: Vec::new(),
        rows: Vec::new(),
        objective: Expression::with_capacity(n * t),
        constant: 0.0,
        resource_rows: Vec::new(),
        integers: 0,
    };
    let bin = || {
        if opt.relax_integrality {
            variable().min(0.0).max(1.0)
        } else {
            variable().binary()
        }
    };

    // Go-live binaries and cumulative terms.
    let mut x: Vec<Vec<Option<Variable>>> = vec![Vec::new(); n];
    let mut d: Vec<Vec<Term>> = vec![Vec::new(); n];
    for s in 0..n {
        let v = &inst.svc[s];
        if v.done {
            d[s] = vec![Term::One; t];
            continue;
        }
        d[s] = vec![Term::Zero; t];
        if !v.reach {
            continue;
        }
        x[s] = vec![None; t];
        for y in 0..t {
            if v.allowed[y] {
                x[s][y] = Some(m.add(bin(), Kind::X(s, y)));
                if !opt.relax_integrality {
                    m.integers += 1;
                }
            }
        }
        let mut prev = Term::Zero;
        for y in v.lo..t {
            let term = if v.forced && y >= v.hi {
                Term::One
            } else if let Some(xv) = x[s][y] {
                match prev {
                    Term::Zero => Term::Var(xv),
                    Term::One => Term::One,
                    Term::Var(pv) => {
                        let dv = m.add(variable().min(0.0).max(1.0), Kind::D(s, y));
                        let mut e = Expression::with_capacity(3);
                        e.add_mul(1.0, dv);
                        e.add_mul(-1.0, pv);
                        e.add_mul(-1.0, xv);
                        m.rows.push(e.eq(0.0));
                        Term::Var(dv)
                    }
                }
            } else {
                prev
            };
            d[s][y] = term;
            prev = term;
        }
        if v.forced {
            let mut e = Expression::with_capacity(t);
            for xv in x[s].iter().flatten() {
                e.add_mul(1.0, *xv);
            }
            m.rows.push(e.eq(1.0));
        }
        for y in 0..t {
            match d[s][y] {
                Term::Zero => {}
                Term::One => m.constant += v.value,
                Term::Var(dv) => m.objective.add_mul(v.value, dv),
            }
        }
    }

    // Acquisitions and availability.
    let nb = inst.blk.len();
    let mut acq: Vec<Vec<(usize, usize, f64, Variable)>> = vec![Vec::new(); nb];
    let mut av: Vec<Vec<Term>> = vec![vec![Term::Zero; t]; nb];
    for (b, blk) in inst.blk.iter().enumerate() {
        if !blk.missing {
            av[b] = vec![Term::One; t];
            continue;
        }
        let Some(last) = blk.last_useful else {
            continue;
        };
        for (o, &(cost, lead)) in blk.options.iter().enumerate() {
            for y0 in 0..t {
                if y0 + lead > last {
                    break;
                }
                let mut def = if opt.relax_integrality && opt.fix_blocks.is_none() {
                    variable().min(0.0).max(1.0)
                } else {
                    variable().binary()
                };
                if let Some(fix) = &opt.fix_blocks {
                    let on = fix.get(b).copied().flatten() == Some((o, y0));
                    let val = if on { 1.0 } else { 0.0 };
                    def = variable().min(val).max(val);
                } else if !opt.relax_integrality {
                    m.integers += 1;
                }
                let a = m.add(def, Kind::Acq(b, o, y0));
                acq[b].push((o, y0, cost, a));
            }
        }
        let mut prev = Term::Zero;
        for y in 0..t {
            let arriving: Vec<Variable> = acq[b]
                .iter()
                .filter(|(o, y0, _, _)| y0 + blk.options[*o].1 == y)
                .map(|q| q.3)
                .collect();
            let term = if arriving.is_empty() {
                prev
            } else if prev == Term::Zero && arriving.len() == 1 {
                Term::Var(arriving[0])
            } else {
                let v = m.add(variable().min(0.0).max(1.0), Kind::Av(b, y));
                let mut e = Expression::with_capacity(arriving.len() + 2);
                e.add_mul(1.0, v);
                if let Term::Var(pv) = prev {
                    e.add_mul(-1.0, pv);
                }
                for a in arriving {
                    e.add_mul(-1.0, a);
                }
                m.rows.push(e.eq(0.0));
                Term::Var(v)
            };
            av[b][y] = term;
            prev = term;
        }
    }

    // Blocks first and dependencies, where D[s,.] changes.
    for s in 0..n {
        let v = &inst.svc[s];
        if !v.reach {
            continue;
        }
        let mut prev = Term::Zero;
        for y in v.lo..t {
            let ds = d[s][y];
            if ds == prev {
                continue;
            }
            prev = ds;
            for &b in &v.blocks {
                link(&mut m, ds, av[b][y]);
            }
            for &p in &v.deps {
                link(&mut m, ds, d[p][y]);
            }
        }
    }

    // Capacity rows.
    if !inst.relax.capacity {
        for (e, caps) in inst.cap.iter().enumerate() {
            for (y, &cap) in caps.iter().enumerate() {
                let mut expr = Expression::with_capacity(16);
                let mut total = 0.0;
                for (s, v) in inst.svc.iter().enumerate() {
                    if v.ent != Some(e) || v.effort <= 0.0 {
                        continue;
                    }
                    if let Some(xv) = x[s].get(y).copied().flatten() {
                        expr.add_mul(v.effort, xv);
                        total += v.effort;
                    }
                }
                if total > cap {
                    m.resource_rows
                        .push((Resource::Capacity(e, y), m.rows.len()));
                    m.rows.push(expr.leq(cap));
                }
            }
        }
    }

    // Budget rows.
    if inst.budget.is_some() && !inst.relax.budget {
        for y in 0..t {
            let cap = inst.budget_at(y);
            let mut expr = Expression::with_capacity(16);
            let mut total = 0.0;
            for (s, v) in inst.svc.iter().enumerate() {
                if v.cost <= 0.0 {
                    continue;
                }
                if let Some(xv) = x[s].get(y).copied().flatten() {
                    expr.add_mul(v.cost, xv);
                    total += v.cost;
                }
            }
            for list in &acq {
                for &(_, y0, cost, a) in list {
                    if y0 == y && cost > 0.0 {
                        expr.add_mul(cost, a);
                        total += cost;
                    }
                }
            }
            if total > cap {
                m.resource_rows.push((Resource::Budget(y), m.rows.len()));
                m.rows.push(expr.leq(cap));
            }
        }
    }

    // Targets.
    for tg in &inst.targets {
        let mut expr = Expression::with_capacity(n);
        let mut constant = tg.done_w;
        let mut max = tg.done_w;
        for (s, v) in inst.svc.iter().enumerate() {
            if v.done || !v.reach {
                continue;
            }
            let w = tg.w(v);
            if w == 0.0 {
                continue;
            }
            match d[s][tg.y] {
                Term::Zero => {}
                Term::One => {
                    constant += w;
                    max += w;
                }
                Term::Var(dv) => {
                    expr.add_mul(w, dv);
                    max += w;
                }
            }
        }
        let rhs = tg.need - constant;
        if rhs > 1e-12 || max < tg.need {
            m.rows.push(expr.geq(rhs));
        }
    }

    // Life events.
    for (l, ev) in inst.life.iter().enumerate() {
        if ev.never || ev.weight == 0.0 {
            continue;
        }
        for y in 0..t {
            let terms: Vec<Term> = ev.open.iter().map(|&s| d[s][y]).collect();
            if terms.contains(&Term::Zero) {
                continue;
            }
            let vars: Vec<Variable> = terms
                .iter()
                .filter_map(|x| match x {
                    Term::Var(v) => Some(*v),
                    _ => None,
                })
                .collect();
            if vars.is_empty() {
                m.constant += ev.weight;
                continue;
            }
            let c = m.add(variable().min(0.0).max(1.0), Kind::C(l, y));
            m.objective.add_mul(ev.weight, c);
            for v in vars {
                let mut e = Expression::with_capacity(2);
                e.add_mul(1.0, c);
                e.add_mul(-1.0, v);
                m.rows.push(e.leq(0.0));
            }
        }
    }
    m
}

/// `lhs <= rhs` for two terms.
fn link(m: &mut Model, lhs: Term, rhs: Term) {
    match (lhs, rhs) {
        (Term::Zero, _) | (_, Term::One) => {}
        (Term::One, Term::Var(r)) => {
            let mut e = Expression::with_capacity(1);
            e.add_mul(1.0, r);
            m.rows.push(e.geq(1.0));
        }
        (Term::Var(l), Term::Var(r)) => {
            let mut e = Expression::with_capacity(2);
            e.add_mul(1.0, l);
            e.add_mul(-1.0, r);
            m.rows.push(e.leq(0.0));
        }
        (Term::Var(l), Term::Zero) => {
            let mut e = Expression::with_capacity(1);
            e.add_mul(1.0, l);
            m.rows.push(e.leq(0.0));
        }
        (Term::One, Term::Zero) => {
            // Presolve rules this out; keep the model honest anyway.
            m.rows.push(Expression::from(1.0).leq(0.0));
        }
    }
}

/// How a solver run ended.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Outcome {
    /// A plan proven within the gap.
    Optimal,
    /// A plan, not proven (time limit).
    Feasible,
    /// Proven infeasible.
    Infeasible,
    /// No plan found within the limits.
    NoPlan,
}

/// A solver run's answer.
#[derive(Clone, Debug)]
pub(crate) struct Answer {
    pub outcome: Outcome,
    /// Variable values (when there is a plan).
    pub values: Option<Vec<f64>>,
    /// Best bound on the model objective, constant included.
    pub bound: Option<f64>,
    /// Row duals (LP only).
    #[cfg_attr(not(feature = "highs"), allow(dead_code))]
    pub duals: Option<Vec<f64>>,
}

/// Solve with HiGHS.
#[cfg(feature = "highs")]
pub(crate) fn solve_highs(
    m: Model,
    warm: Option<Vec<f64>>,
    time_limit: f64,
    gap: f64,
) -> Result<Answer, String> {
    use good_lp::SolverModel;
    use highs::HighsModelStatus as S;
    let is_mip = m.integers > 0;
    let constant = m.constant;
    let mut problem = m.vars.maximise(m.objective).using(good_lp::highs);
    for r in m.rows {
        problem.add_constraint(r);
    }
    let mut model = problem
        .try_into_inner()
        .map_err(|e| format!("highs could not load the model: {e}"))?;
    let set = |model: &mut highs::Model, k: &str, v: f64| {
        let _ = model.try_set_option(k, v);
    };
    set(&mut model, "time_limit", time_limit.max(0.0));
    set(&mut model, "mip_rel_gap", gap.max(0.0));
    set(&mut model, "mip_abs_gap", 1e-9);
    let _ = model.try_set_option("random_seed", 0);
    let _ = model.try_set_option("threads", 1);
    let verbose = std::env::var_os("SCALEPLAN_HIGHS_LOG").is_some();
    let _ = model.try_set_option("output_flag", verbose);
    let _ = model.try_set_option("log_to_console", verbose);
    if let Some(w) = &warm {
        let _ = model.try_set_solution(Some(w), None, None, None);
    }
    let solved = model
        .try_solve()
        .map_err(|e| format!("highs failed: {e:?}"))?;
    let status = solved.status();
    let has_sol = solved.primal_solution_status() == highs::HighsSolutionStatus::Feasible;
    let outcome = match status {
        S::Infeasible | S::UnboundedOrInfeasible => Outcome::Infeasible,
        S::Optimal | S::ObjectiveBound | S::ObjectiveTarget => Outcome::Optimal,
        S::ModelEmpty => Outcome::Optimal,
        S::ReachedTimeLimit
        | S::ReachedIterationLimit
        | S::ReachedSolutionLimit
        | S::ReachedInterrupt
        | S::ReachedMemoryLimit => {
            if has_sol {
                Outcome::Feasible
            } else {
                Outcome::NoPlan
            }
        }
        other => return Err(format!("highs stopped with status {other:?}")),
    };
    if outcome == Outcome::Infeasible {
        return Ok(Answer {
            outcome,
            values: None,
            bound: None,
            duals: None,
        });
    }
    let sol = solved.get_solution();
    let bound = if is_mip {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
            .map(|b| b + constant)
    } else if outcome == Outcome::Optimal {
        Some(solved.objective_value() + constant)
    } else {
        None
    };
    let outcome = if outcome == Outcome::Optimal && !has_sol {
        Outcome::NoPlan
    } else {
        outcome
    };
    Ok(Answer {
        outcome,
        values: has_sol.then(|| sol.columns().to_vec()),
        bound,
        duals: (!is_mip).then(|| sol.dual_rows().to_vec()),
    })
}

/// Solve with microlp (pure Rust).
#[cfg(feature = "microlp")]
pub(crate) fn solve_microlp(
    m: Model,
    warm: Option<Vec<f64>>,
    time_limit: f64,
    gap: f64,
) -> Result<Answer, String> {
    use good_lp::{ResolutionError, Solution, SolutionStatus, SolverModel, WithInitialSolution};
    use good_lp::{WithMipGap, WithTimeLimit};
    let is_mip = m.integers > 0;
    let constant = m.constant;
    let handles = m.handles.clone();
    let obj = m.objective.clone();
    let mut problem = m
        .vars
        .maximise(m.objective)
        .using(good_lp::microlp)
        .with_time_limit(time_limit.max(0.001));
    if is_mip {
        problem = problem
            .with_mip_gap(gap.max(0.0) as f32)
            .map_err(|e| e.to_string())?;
    }
    if let Some(w) = warm {
        problem = problem.with_initial_solution(handles.iter().copied().zip(w));
    }
    for r in m.rows {
        problem.add_constraint(r);
    }
    match problem.solve() {
        Ok(sol) => {
            let values: Vec<f64> = handles.iter().map(|&h| sol.value(h)).collect();
            let value = obj.eval_with(&sol) + constant;
            let (outcome, bound) = match sol.status() {
                SolutionStatus::Optimal => (Outcome::Optimal, Some(value)),
                SolutionStatus::GapLimit => (Outcome::Optimal, None),
                _ => (Outcome::Feasible, None),
            };
            Ok(Answer {
                outcome,
                values: Some(values),
                bound,
                duals: None,
            })
        }
        Err(ResolutionError::Infeasible) => Ok(Answer {
            outcome: Outcome::Infeasible,
            values: None,
            bound: None,
            duals: None,
        }),
        Err(ResolutionError::Other(msg)) if msg.contains("Time limit") => Ok(Answer {
            outcome: Outcome::NoPlan,
            values: None,
            bound: None,
            duals: None,
        }),
        Err(e) => Err(format!("microlp failed: {e}")),
    }
}
