//! The independent verifier: a second opinion on a roadmap.
//!
//! [`verify`] takes a catalogue, a scenario and a roadmap and, from the
//! roadmap's decisions alone (each service's go-live year, each block's
//! acquisition), recomputes every constraint of MODEL.md and the objective.
//! It imports only [`crate::model`], never the planner: a bug in the
//! planner's formulation cannot hide in both.
//!
//! What it checks (the `constraint` of each [`Violation`]):
//!
//! | constraint | meaning |
//! |---|---|
//! | `format` | the roadmap's `format` tag, `start_year` and `horizon` (when given) |
//! | `services` | every catalogue service listed exactly once, done ones as `already_done` with year null, open ones never `already_done` |
//! | `unknown_id` | a service, block or option the catalogue does not have |
//! | `horizon` | a go-live or acquisition year outside the plan years |
//! | `acquisition` | one acquisition per missing block; no acquisition of an available block; the approach matches the option |
//! | `lead_time` | `available_year` = `start_year` + the option's `lead_years` |
//! | `blocks` | a service goes live before every block it needs is available |
//! | `dependencies` | a service goes live before a prerequisite is at target |
//! | `earliest` | a service goes live before its earliest year |
//! | `deadline` | a service is not at target by its deadline (one before the start year applies from year 1; one after the horizon does not bind) |
//! | `capacity` | effort going live at an entity in a year above its capacity times `capacity_factor` |
//! | `budget` | service costs plus acquisition costs started in a year above that year's budget |
//! | `target` | a target's share of all services (by count or demand) not reached, or its year outside the horizon |
//! | `objective` | the roadmap's `objective` differs from the recomputed one by more than 1e-6 relative |
//! | `years` | a yearly summary differs from the recomputed one |
//!
//! Monotonicity (MODEL.md constraint 1) holds by construction: a roadmap
//! gives one go-live year per service. The option of a block plan is its
//! `option` index when given, else the cheapest option with the plan's
//! approach (the first one on ties).
//!
//! Roadmaps without a plan (`infeasible`, `error`) have nothing to check:
//! their verification is empty with objective 0.
//!
//! # Examples
//!
//! ```
//! use scaleplan::verify::verify;
//! use scaleplan::{Catalogue, Roadmap, Scenario, Service, ServicePlan, Status};
//! let mut s = Service::new("permit", "moi", 2);
//! s.demand = 300.0;
//! let c = Catalogue { services: vec![s], ..Default::default() };
//! let scenario = Scenario::default().with_horizon(2);
//! let mut r = Roadmap::empty(Status::Optimal);
//! r.services.push(ServicePlan { id: "permit".into(), year: Some(2027), already_done: false, why_not_earlier: None });
//! r.objective = 400.0; // 300 * 1 * 2 / 3 per year, for 2 years
//! let v = verify(&c, &scenario, &r);
//! assert_eq!(v.objective, 400.0);
//! // the entity "moi" is not in the catalogue
//! assert_eq!(v.violations[0].constraint, "unknown_id");
//! ```

use crate::model::{BlockStatus, Catalogue, Roadmap, Scenario, WeightedBy, ROADMAP_FORMAT};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The verdict on a roadmap.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Verification {
    /// Every violated constraint, in the order checked.
    pub violations: Vec<Violation>,
    /// The objective of MODEL.md recomputed from the roadmap's decisions.
    pub objective: f64,
}

impl Verification {
    /// True when no constraint is violated.
    pub fn is_ok(&self) -> bool {
        self.violations.is_empty()
    }
}

/// One violated constraint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Violation {
    /// Which constraint: see the module documentation.
    pub constraint: String,
    /// What is wrong, in plain words naming services, entities, years and
    /// numbers.
    pub message: String,
}

/// A number for people: whole numbers without decimals, others with up to
/// three.
fn num(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    if (x - x.round()).abs() < 1e-9 {
        format!("{:.0}", x)
    } else {
        let s = format!("{:.3}", x);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn pct(x: f64) -> String {
    format!("{}%", num((x * 1000.0).round() / 10.0))
}

/// Calendar year of plan year `t` (saturating on absurd inputs).
fn cal(y1: i32, t: usize) -> i32 {
    y1.saturating_add(i32::try_from(t).unwrap_or(i32::MAX))
        .saturating_sub(1)
}

/// Longest horizon the verifier checks (validation accepts far less).
const MAX_CHECKED_HORIZON: u32 = 10_000;

fn exceeds(used: f64, limit: f64) -> bool {
    used > limit + 1e-6 * limit.abs().max(1.0)
}

struct Out(Vec<Violation>);

impl Out {
    fn push(&mut self, constraint: &str, message: String) {
        self.0.push(Violation {
            constraint: constraint.to_owned(),
            message,
        });
    }
}

/// Verify `roadmap` against `catalogue` and `scenario`: every constraint of
/// MODEL.md, the objective and the yearly summaries, recomputed from the
/// roadmap's decisions alone. Never panics, whatever the inputs.
///
/// # Examples
///
/// ```
/// use scaleplan::verify::verify;
/// let c = scaleplan::sample::catalogue();
/// let s = scaleplan::sample::scenario();
/// // an empty roadmap lists no service
/// let v = verify(&c, &s, &scaleplan::Roadmap::empty(scaleplan::Status::Feasible));
/// assert!(!v.is_ok());
/// assert!(v.violations.iter().any(|x| x.constraint == "services"));
/// ```
pub fn verify(catalogue: &Catalogue, scenario: &Scenario, roadmap: &Roadmap) -> Verification {
    let mut out = Out(Vec::new());
    if !roadmap.status.has_plan() {
        return Verification::default();
    }
    let c = catalogue;
    let y1 = c.start_year;
    if scenario.horizon > MAX_CHECKED_HORIZON {
        out.push(
            "horizon",
            format!(
                "the scenario's horizon of {} years is beyond the {MAX_CHECKED_HORIZON} years the verifier checks",
                scenario.horizon
            ),
        );
        return Verification {
            violations: out.0,
            objective: 0.0,
        };
    }
    let horizon = scenario.horizon as usize;
    let t_last = cal(y1, horizon);
    let plan_year = |year: i32| -> Option<usize> {
        if year >= y1 && year <= t_last {
            Some((year - y1) as usize + 1)
        } else {
            None
        }
    };
    let years_span = format!("{y1}-{t_last}");

    // ---- format
    if roadmap.format != ROADMAP_FORMAT {
        out.push(
            "format",
            format!(
                "the roadmap's format is \"{}\", expected \"{ROADMAP_FORMAT}\"",
                roadmap.format
            ),
        );
    }
    if let Some(sy) = roadmap.start_year {
        if sy != y1 {
            out.push(
                "format",
                format!("the roadmap starts in {sy} but the catalogue starts in {y1}"),
            );
        }
    }
    if let Some(h) = roadmap.horizon {
        if h != scenario.horizon {
            out.push(
                "format",
                format!(
                    "the roadmap covers {h} years but the scenario's horizon is {}",
                    scenario.horizon
                ),
            );
        }
    }

    // ---- services: listed once, done ones already_done
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(c.services.len());
    for (i, s) in c.services.iter().enumerate() {
        index.entry(s.id.as_str()).or_insert(i);
    }
    let n = c.services.len();
    let mut listed = vec![0usize; n];
    // go-live plan year per service: Some(0) done, Some(t) live in t, None never
    let mut go: Vec<Option<usize>> = c
        .services
        .iter()
        .map(|s| s.is_done().then_some(0))
        .collect();
    for sp in &roadmap.services {
        let Some(&i) = index.get(sp.id.as_str()) else {
            out.push(
                "unknown_id",
                format!(
                    "the roadmap lists service {}, which is not in the catalogue",
                    sp.id
                ),
            );
            continue;
        };
        listed[i] += 1;
        if listed[i] > 1 {
            continue;
        }
        let s = &c.services[i];
        if s.is_done() {
            if !sp.already_done || sp.year.is_some() {
                out.push(
                    "services",
                    format!(
                        "service {} is already at target (level {} of {}) and must be listed as already done with no year",
                        s.id, s.level, s.target_level
                    ),
                );
            }
            continue;
        }
        if sp.already_done {
            out.push(
                "services",
                format!(
                    "service {} is listed as already done but is at level {} with target {}",
                    s.id, s.level, s.target_level
                ),
            );
        }
        if let Some(y) = sp.year {
            match plan_year(y) {
                Some(t) => go[i] = Some(t),
                None => out.push(
                    "horizon",
                    format!(
                        "service {} goes live in {y}, outside the plan years {years_span}",
                        s.id
                    ),
                ),
            }
        }
    }
    for (i, s) in c.services.iter().enumerate() {
        match listed[i] {
            0 => out.push(
                "services",
                format!(
                    "service {} of the catalogue is not listed in the roadmap",
                    s.id
                ),
            ),
            1 => {}
            k => out.push(
                "services",
                format!(
                    "service {} is listed {k} times; it must be listed once",
                    s.id
                ),
            ),
        }
    }

    // ---- blocks: availability plan year (1 = from the start; None = never)
    let mut block_index: HashMap<&str, usize> = HashMap::new();
    for (i, b) in c.building_blocks.iter().enumerate() {
        block_index.entry(b.id.as_str()).or_insert(i);
    }
    let mut avail: Vec<Option<usize>> = c
        .building_blocks
        .iter()
        .map(|b| (b.status == BlockStatus::Available).then_some(1))
        .collect();
    let mut acquired = vec![0usize; c.building_blocks.len()];
    let mut spend = vec![0.0f64; horizon + 1];
    for bp in &roadmap.building_blocks {
        let Some(&b) = block_index.get(bp.id.as_str()) else {
            out.push(
                "unknown_id",
                format!(
                    "the roadmap acquires block {}, which is not in the catalogue",
                    bp.id
                ),
            );
            continue;
        };
        let block = &c.building_blocks[b];
        acquired[b] += 1;
        if acquired[b] > 1 {
            out.push(
                "acquisition",
                format!(
                    "block {} is acquired {} times; a block is acquired at most once",
                    bp.id, acquired[b]
                ),
            );
            continue;
        }
        if block.status == BlockStatus::Available {
            out.push(
                "acquisition",
                format!(
                    "block {} is already available; the roadmap must not acquire it",
                    bp.id
                ),
            );
            continue;
        }
        let option = match bp.option {
            Some(k) => match block.options.get(k) {
                Some(o) if o.approach == bp.approach => Some(o),
                Some(o) => {
                    out.push(
                        "acquisition",
                        format!(
                            "block {} option {k} is a {} option, not {}",
                            bp.id,
                            o.approach.as_str(),
                            bp.approach.as_str()
                        ),
                    );
                    None
                }
                None => {
                    out.push(
                        "unknown_id",
                        format!(
                            "block {} has {} options; the roadmap names option {k}",
                            bp.id,
                            block.options.len()
                        ),
                    );
                    None
                }
            },
            None => {
                let cheapest = block
                    .options
                    .iter()
                    .filter(|o| o.approach == bp.approach)
                    .min_by(|a, b| a.cost.total_cmp(&b.cost));
                if cheapest.is_none() {
                    out.push(
                        "acquisition",
                        format!("block {} has no {} option", bp.id, bp.approach.as_str()),
                    );
                }
                cheapest
            }
        };
        let Some(option) = option else {
            continue;
        };
        let Some(t0) = plan_year(bp.start_year) else {
            out.push(
                "horizon",
                format!(
                    "block {} acquisition starts in {}, outside the plan years {years_span}",
                    bp.id, bp.start_year
                ),
            );
            continue;
        };
        let expected = bp
            .start_year
            .saturating_add(i32::try_from(option.lead_years).unwrap_or(i32::MAX));
        if bp.available_year != expected {
            out.push(
                "lead_time",
                format!(
                    "block {} starts in {} by {} with a lead time of {} years, so it is available in {expected}, not {}",
                    bp.id,
                    bp.start_year,
                    option.approach.as_str(),
                    option.lead_years,
                    bp.available_year
                ),
            );
        }
        spend[t0] += option.cost;
        avail[b] = Some(t0.saturating_add(option.lead_years as usize));
    }

    // ---- per service: blocks, dependencies, earliest, deadline
    let mut wf_index: HashMap<&str, usize> = HashMap::new();
    for (i, w) in c.workflows.iter().enumerate() {
        wf_index.entry(w.id.as_str()).or_insert(i);
    }
    let when = |t: Option<usize>| -> String {
        match t {
            Some(t) => format!("{}", cal(y1, t)),
            None => "never within the plan".to_owned(),
        }
    };
    for (i, s) in c.services.iter().enumerate() {
        if s.is_done() {
            continue;
        }
        if let Some(t) = go[i] {
            let year = cal(y1, t);
            // blocks: own and workflow's
            let mut needed: Vec<&str> = s.building_blocks.iter().map(|b| b.as_str()).collect();
            if let Some(w) = &s.workflow {
                match wf_index.get(w.as_str()) {
                    Some(&k) => {
                        needed.extend(c.workflows[k].building_blocks.iter().map(|b| b.as_str()))
                    }
                    None => out.push(
                        "unknown_id",
                        format!(
                            "service {} follows workflow {w}, which is not in the catalogue",
                            s.id
                        ),
                    ),
                }
            }
            let mut seen: Vec<&str> = Vec::new();
            for b in needed {
                if seen.contains(&b) {
                    continue;
                }
                seen.push(b);
                match block_index.get(b) {
                    None => out.push(
                        "unknown_id",
                        format!("service {} needs block {b}, which is not in the catalogue", s.id),
                    ),
                    Some(&k) => match avail[k] {
                        Some(a) if a <= t => {}
                        Some(a) => out.push(
                            "blocks",
                            format!(
                                "service {} goes live in {year} but needs block {b}, available only from {}",
                                s.id,
                                cal(y1, a)
                            ),
                        ),
                        None => out.push(
                            "blocks",
                            format!(
                                "service {} goes live in {year} but needs block {b}, which the roadmap never acquires",
                                s.id
                            ),
                        ),
                    },
                }
            }
            for p in &s.depends_on {
                match index.get(p.as_str()) {
                    None => out.push(
                        "unknown_id",
                        format!("service {} depends on {p}, which is not in the catalogue", s.id),
                    ),
                    Some(&k) => match go[k] {
                        Some(tp) if tp <= t => {}
                        other => out.push(
                            "dependencies",
                            format!(
                                "service {} goes live in {year} but its prerequisite {p} is at target {}",
                                s.id,
                                match other {
                                    Some(_) => format!("only in {}", when(other)),
                                    None => when(None),
                                }
                            ),
                        ),
                    },
                }
            }
            if let Some(e) = s.earliest_year {
                if year < e {
                    out.push(
                        "earliest",
                        format!(
                            "service {} goes live in {year}, before its earliest year {e}",
                            s.id
                        ),
                    );
                }
            }
        }
        if let Some(d) = s.deadline_year {
            if d <= t_last {
                let must = d.max(y1);
                let ok = go[i].is_some_and(|t| cal(y1, t) <= must);
                if !ok {
                    out.push(
                        "deadline",
                        format!(
                            "service {} has deadline {d} but reaches target {}",
                            s.id,
                            match go[i] {
                                Some(t) => format!("in {}", cal(y1, t)),
                                None => when(None),
                            }
                        ),
                    );
                }
            }
        }
    }

    // ---- capacity and budget per year
    let mut ent_index: HashMap<&str, usize> = HashMap::new();
    for (i, e) in c.entities.iter().enumerate() {
        ent_index.entry(e.id.as_str()).or_insert(i);
    }
    let mut used = vec![vec![0.0f64; horizon + 1]; c.entities.len()];
    for (i, s) in c.services.iter().enumerate() {
        if s.is_done() {
            continue;
        }
        let Some(t) = go[i].filter(|&t| t >= 1) else {
            continue;
        };
        spend[t] += s.cost;
        match ent_index.get(s.entity.as_str()) {
            Some(&e) => used[e][t] += s.effort,
            None => out.push(
                "unknown_id",
                format!(
                    "service {} belongs to entity {}, which is not in the catalogue",
                    s.id, s.entity
                ),
            ),
        }
    }
    for (ent, row) in c.entities.iter().zip(&used) {
        for (t, &u) in row.iter().enumerate().skip(1) {
            let cap = ent.capacity.at(t) * scenario.capacity_factor;
            if exceeds(u, cap) {
                out.push(
                    "capacity",
                    format!(
                        "entity {} uses {} person-months in {}, capacity is {}",
                        ent.id,
                        num(u),
                        cal(y1, t),
                        num(cap)
                    ),
                );
            }
        }
    }
    for (t, &spent) in spend.iter().enumerate().skip(1) {
        if let Some(limit) = scenario.budget_at(t) {
            if exceeds(spent, limit) {
                out.push(
                    "budget",
                    format!(
                        "spending in {} is {}, the budget is {}",
                        cal(y1, t),
                        num(spent),
                        num(limit)
                    ),
                );
            }
        }
    }

    // ---- targets
    let at_target = |i: usize, t: usize| go[i].is_some_and(|g| g <= t);
    for target in &scenario.targets {
        let Some(t) = plan_year(target.year) else {
            out.push(
                "target",
                format!(
                    "target year {} is outside the plan years {years_span}",
                    target.year
                ),
            );
            continue;
        };
        let weight = |i: usize| match target.weighted_by {
            WeightedBy::Count => 1.0,
            WeightedBy::Demand => c.services[i].demand,
        };
        let total: f64 = (0..n).map(weight).sum();
        let reached: f64 = (0..n).filter(|&i| at_target(i, t)).map(weight).sum();
        let need = target.share * total;
        if reached < need - 1e-9 * total.abs().max(1.0) {
            let what = match target.weighted_by {
                WeightedBy::Count => format!("{} of {} services", num(reached), num(total)),
                WeightedBy::Demand => {
                    format!("services with demand {} of {}", num(reached), num(total))
                }
            };
            out.push(
                "target",
                format!(
                    "target {} by {} ({}) is not met: {what} are at target, {} needed",
                    pct(target.share),
                    target.year,
                    match target.weighted_by {
                        WeightedBy::Count => "by count",
                        WeightedBy::Demand => "by demand",
                    },
                    num(need)
                ),
            );
        }
    }

    // ---- objective
    let t_f = horizon as f64;
    let mut objective = 0.0;
    for (i, s) in c.services.iter().enumerate() {
        if s.is_done() {
            continue;
        }
        if let Some(t) = go[i].filter(|&t| t >= 1) {
            objective += s.value_per_year() * (t_f - t as f64 + 1.0);
        }
    }
    // plan year from which each life event is complete (0 = before year 1)
    let life_from: Vec<Option<usize>> = c
        .life_events
        .iter()
        .map(|l| {
            let mut from = 0usize;
            for m in &l.services {
                match index.get(m.as_str()).and_then(|&k| go[k]) {
                    Some(t) => from = from.max(t),
                    None => return None,
                }
            }
            Some(from)
        })
        .collect();
    for (l, from) in c.life_events.iter().zip(&life_from) {
        if let Some(from) = from {
            let first = (*from).max(1);
            if first <= horizon {
                objective += l.weight * (t_f - first as f64 + 1.0);
            }
        }
    }
    let tol = 1e-6 * objective.abs().max(1.0);
    let matches = (roadmap.objective - objective).abs() <= tol;
    if !matches {
        out.push(
            "objective",
            format!(
                "the roadmap's objective is {}, its plan is worth {}",
                num(roadmap.objective),
                num(objective)
            ),
        );
    }

    // ---- yearly summaries (when given)
    if !roadmap.years.is_empty() {
        check_years(
            c, roadmap, &go, &spend, &used, &life_from, horizon, &mut out,
        );
    }

    Verification {
        violations: out.0,
        objective,
    }
}

#[allow(clippy::too_many_arguments)]
fn check_years(
    c: &Catalogue,
    roadmap: &Roadmap,
    go: &[Option<usize>],
    spend: &[f64],
    used: &[Vec<f64>],
    life_from: &[Option<usize>],
    horizon: usize,
    out: &mut Out,
) {
    let y1 = c.start_year;
    if roadmap.years.len() != horizon {
        out.push(
            "years",
            format!(
                "the roadmap summarises {} years, the horizon is {horizon}",
                roadmap.years.len()
            ),
        );
    }
    let n = c.services.len();
    let total_demand: f64 = c.services.iter().map(|s| s.demand).sum();
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * a.abs().max(b.abs()).max(1.0);
    for (k, ys) in roadmap.years.iter().enumerate() {
        let t = k + 1;
        let year = cal(y1, k + 1);
        if ys.year != year {
            out.push(
                "years",
                format!("summary {} is for {}, expected {year}", t, ys.year),
            );
            continue;
        }
        if t > horizon {
            continue;
        }
        let mut at = 0usize;
        let mut dem = 0.0;
        let mut inter = 0.0;
        for (i, s) in c.services.iter().enumerate() {
            if go[i].is_some_and(|g| g <= t) {
                at += 1;
                dem += s.demand;
                inter += s.demand * s.interactions;
            }
        }
        let mut wrong = |what: &str, given: String, actual: String| {
            out.push(
                "years",
                format!("{what} in {year} is given as {given}, the plan gives {actual}"),
            );
        };
        if !close(ys.budget_used, spend[t]) {
            wrong("budget used", num(ys.budget_used), num(spend[t]));
        }
        for (e, ent) in c.entities.iter().enumerate() {
            let given = ys
                .capacity_used
                .get(ent.id.as_str())
                .copied()
                .unwrap_or(0.0);
            if !close(given, used[e][t]) {
                wrong(
                    &format!("capacity used by entity {}", ent.id),
                    num(given),
                    num(used[e][t]),
                );
            }
        }
        let known: BTreeMap<&str, ()> = c.entities.iter().map(|e| (e.id.as_str(), ())).collect();
        for (e, v) in &ys.capacity_used {
            if !known.contains_key(e.as_str()) && *v != 0.0 {
                wrong(
                    &format!("capacity used by unknown entity {e}"),
                    num(*v),
                    "0".into(),
                );
            }
        }
        if ys.services_at_target != at {
            wrong(
                "services at target",
                ys.services_at_target.to_string(),
                at.to_string(),
            );
        }
        let share = if n > 0 { at as f64 / n as f64 } else { 1.0 };
        if !close(ys.share_at_target, share) {
            wrong("share at target", num(ys.share_at_target), num(share));
        }
        let dshare = if total_demand > 0.0 {
            dem / total_demand
        } else {
            1.0
        };
        if !close(ys.share_demand_at_target, dshare) {
            wrong(
                "share of demand at target",
                num(ys.share_demand_at_target),
                num(dshare),
            );
        }
        if !close(ys.interactions_avoided, inter) {
            wrong(
                "interactions avoided",
                num(ys.interactions_avoided),
                num(inter),
            );
        }
        let events = life_from
            .iter()
            .filter(|f| f.is_some_and(|f| f <= t))
            .count();
        if ys.life_events_complete != events {
            wrong(
                "life events complete",
                ys.life_events_complete.to_string(),
                events.to_string(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn svc(id: &str, entity: &str, level: u8, demand: f64, effort: f64, cost: f64) -> Service {
        let mut s = Service::new(id, entity, level);
        s.demand = demand;
        s.effort = effort;
        s.cost = cost;
        s
    }

    /// a (e1) needs identity; b (e1) follows wf (payments) and depends on a;
    /// c (e2) has earliest 2028 and deadline 2029; d is done.
    fn catalogue() -> Catalogue {
        let mut a = svc("a", "e1", 2, 300.0, 4.0, 100.0);
        a.building_blocks = vec!["identity".into()];
        let mut b = svc("b", "e1", 1, 600.0, 5.0, 200.0);
        b.workflow = Some("wf".into());
        b.depends_on = vec!["a".into()];
        let mut c = svc("c", "e2", 3, 90.0, 5.0, 0.0);
        c.earliest_year = Some(2028);
        c.deadline_year = Some(2029);
        let d = svc("d", "e2", 4, 1000.0, 0.0, 0.0);
        let opt = |approach, cost, lead_years| AcquisitionOption {
            approach,
            cost,
            lead_years,
            system: None,
        };
        Catalogue {
            start_year: 2027,
            entities: vec![
                Entity {
                    id: "e1".into(),
                    name: "Ministry one".into(),
                    capacity: Capacity::Constant(10.0),
                },
                Entity {
                    id: "e2".into(),
                    name: "Ministry two".into(),
                    capacity: Capacity::PerYear(vec![5.0]),
                },
            ],
            building_blocks: vec![
                BuildingBlock {
                    id: "identity".into(),
                    name: "Identity".into(),
                    status: BlockStatus::Available,
                    options: vec![],
                },
                BuildingBlock {
                    id: "payments".into(),
                    name: "Payments".into(),
                    status: BlockStatus::Missing,
                    options: vec![
                        opt(Approach::Reuse, 100.0, 1),
                        opt(Approach::Tender, 300.0, 0),
                        opt(Approach::Reuse, 50.0, 2),
                    ],
                },
            ],
            workflows: vec![Workflow {
                id: "wf".into(),
                name: "Pay".into(),
                building_blocks: vec!["payments".into()],
            }],
            services: vec![a, b, c, d],
            life_events: vec![
                LifeEvent {
                    id: "l1".into(),
                    name: String::new(),
                    audience: Audience::Citizen,
                    services: vec!["a".into(), "b".into()],
                    weight: 1000.0,
                },
                LifeEvent {
                    id: "l2".into(),
                    name: String::new(),
                    audience: Audience::Business,
                    services: vec!["d".into()],
                    weight: 10.0,
                },
            ],
            ..Default::default()
        }
    }

    fn scenario() -> Scenario {
        Scenario::default()
            .with_horizon(3)
            .with_budget(Budget::Constant(500.0))
            .with_target(Target {
                year: 2028,
                share: 0.5,
                weighted_by: WeightedBy::Count,
            })
    }

    fn plan(id: &str, year: Option<i32>) -> ServicePlan {
        ServicePlan {
            id: id.into(),
            year,
            already_done: false,
            why_not_earlier: None,
        }
    }

    /// The valid plan: payments by reuse (option 0) from 2027, a 2027,
    /// b 2028, c 2028.
    fn roadmap() -> Roadmap {
        let mut r = Roadmap::empty(Status::Optimal);
        r.start_year = Some(2027);
        r.horizon = Some(3);
        r.services = vec![
            plan("a", Some(2027)),
            plan("b", Some(2028)),
            plan("c", Some(2028)),
            ServicePlan {
                already_done: true,
                ..plan("d", None)
            },
        ];
        r.building_blocks = vec![BlockPlan {
            id: "payments".into(),
            approach: Approach::Reuse,
            start_year: 2027,
            available_year: 2028,
            option: Some(0),
            system: None,
            cost: Some(100.0),
        }];
        // a: 200/yr x 3, b: 600 x 2, c: 30 x 2, l1: 1000 x 2, l2: 10 x 3
        r.objective = 3890.0;
        r
    }

    fn years() -> Vec<YearSummary> {
        let y = |year, budget, e1, e2, at, share, dshare, inter, les| YearSummary {
            year,
            budget_used: budget,
            capacity_used: [("e1".to_owned(), e1), ("e2".to_owned(), e2)]
                .into_iter()
                .collect(),
            services_at_target: at,
            share_at_target: share,
            share_demand_at_target: dshare,
            interactions_avoided: inter,
            life_events_complete: les,
        };
        vec![
            y(2027, 200.0, 4.0, 0.0, 2, 0.5, 1300.0 / 1990.0, 1300.0, 1),
            y(2028, 200.0, 5.0, 5.0, 4, 1.0, 1.0, 1990.0, 2),
            y(2029, 0.0, 0.0, 0.0, 4, 1.0, 1.0, 1990.0, 2),
        ]
    }

    /// Verify with the roadmap's objective set to the recomputed one, and
    /// expect exactly one violation of `constraint` containing `fragment`.
    fn expect_one(c: &Catalogue, s: &Scenario, mut r: Roadmap, constraint: &str, fragment: &str) {
        r.objective = verify(c, s, &r).objective;
        let v = verify(c, s, &r);
        assert_eq!(
            v.violations.len(),
            1,
            "expected one {constraint} violation, got {:#?}",
            v.violations
        );
        assert_eq!(v.violations[0].constraint, constraint);
        assert!(
            v.violations[0].message.contains(fragment),
            "{:?} does not contain {fragment:?}",
            v.violations[0].message
        );
    }

    #[test]
    fn accepts_the_valid_plan_and_recomputes_the_objective() {
        let v = verify(&catalogue(), &scenario(), &roadmap());
        assert!(v.is_ok(), "{:#?}", v.violations);
        assert_eq!(v.objective, 3890.0);
        let mut r = roadmap();
        r.years = years();
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.is_ok(), "{:#?}", v.violations);
        // an empty plan is valid when nothing binds
        let mut s = scenario();
        s.targets.clear();
        let mut c = catalogue();
        c.services[2].deadline_year = None;
        let mut r = roadmap();
        r.building_blocks.clear();
        for sp in &mut r.services {
            sp.year = None;
        }
        r.objective = 30.0; // only l2, done before year 1, for 3 years
        let v = verify(&c, &s, &r);
        assert!(v.is_ok(), "{:#?}", v.violations);
    }

    #[test]
    fn block_not_yet_available() {
        let mut r = roadmap();
        r.services[1].year = Some(2027);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "blocks",
            "service b goes live in 2027 but needs block payments, available only from 2028",
        );
        let mut r = roadmap();
        r.building_blocks.clear();
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "blocks",
            "needs block payments, which the roadmap never acquires",
        );
    }

    #[test]
    fn dependency_later_than_dependent() {
        let mut r = roadmap();
        r.services[0].year = Some(2029);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "dependencies",
            "service b goes live in 2028 but its prerequisite a is at target only in 2029",
        );
        let mut r = roadmap();
        r.services[0].year = None;
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "dependencies",
            "prerequisite a is at target never within the plan",
        );
    }

    #[test]
    fn earliest_year() {
        let mut r = roadmap();
        r.services[2].year = Some(2027);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "earliest",
            "service c goes live in 2027, before its earliest year 2028",
        );
    }

    #[test]
    fn deadlines_before_within_and_after_the_horizon() {
        let mut r = roadmap();
        r.services[2].year = None;
        expect_one(
            &catalogue(),
            &scenario(),
            r.clone(),
            "deadline",
            "service c has deadline 2029 but reaches target never within the plan",
        );
        let mut c = catalogue();
        c.services[2].deadline_year = Some(2035);
        let v = verify(&c, &scenario(), &{
            let mut r = r.clone();
            r.objective = verify(&c, &scenario(), &r).objective;
            r
        });
        assert!(v.is_ok(), "a deadline after the horizon does not bind");
        // a deadline before the start year applies from year 1
        let mut c = catalogue();
        c.services[2].deadline_year = Some(2020);
        c.services[2].earliest_year = None;
        expect_one(
            &c,
            &scenario(),
            roadmap(),
            "deadline",
            "service c has deadline 2020 but reaches target in 2028",
        );
        let mut r = roadmap();
        r.services[2].year = Some(2027);
        let mut rr = r.clone();
        rr.objective = verify(&c, &scenario(), &r).objective;
        assert!(verify(&c, &scenario(), &rr).is_ok());
    }

    #[test]
    fn capacity_with_factor() {
        let s = scenario().with_capacity_factor(0.8);
        expect_one(
            &catalogue(),
            &s,
            roadmap(),
            "capacity",
            "entity e2 uses 5 person-months in 2028, capacity is 4",
        );
    }

    #[test]
    fn budget_per_year_counts_acquisitions_in_their_start_year() {
        let s = scenario().with_budget(Budget::PerYear(vec![150.0, 500.0]));
        expect_one(
            &catalogue(),
            &s,
            roadmap(),
            "budget",
            "spending in 2027 is 200, the budget is 150",
        );
        // unlimited budget: no check
        let mut s = scenario();
        s.budget = None;
        assert!(verify(&catalogue(), &s, &roadmap()).is_ok());
    }

    #[test]
    fn targets_by_count_and_demand_over_all_services() {
        let s = scenario().with_target(Target {
            year: 2027,
            share: 0.75,
            weighted_by: WeightedBy::Count,
        });
        expect_one(
            &catalogue(),
            &s,
            roadmap(),
            "target",
            "target 75% by 2027 (by count) is not met: 2 of 4 services are at target, 3 needed",
        );
        let s = scenario().with_target(Target {
            year: 2027,
            share: 0.7,
            weighted_by: WeightedBy::Demand,
        });
        expect_one(
            &catalogue(),
            &s,
            roadmap(),
            "target",
            "services with demand 1300 of 1990 are at target, 1393 needed",
        );
        // 0.65 of demand is reached in 2027 (done service d counts)
        let s = scenario().with_target(Target {
            year: 2027,
            share: 0.65,
            weighted_by: WeightedBy::Demand,
        });
        assert!(verify(&catalogue(), &s, &roadmap()).is_ok());
        let s = scenario().with_target(Target {
            year: 2035,
            share: 0.1,
            weighted_by: WeightedBy::Count,
        });
        expect_one(
            &catalogue(),
            &s,
            roadmap(),
            "target",
            "target year 2035 is outside the plan years 2027-2029",
        );
    }

    #[test]
    fn lead_times_and_option_resolution() {
        let mut r = roadmap();
        r.building_blocks[0].available_year = 2027;
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "lead_time",
            "block payments starts in 2027 by reuse with a lead time of 1 years, so it is available in 2028, not 2027",
        );
        // without an option index: the cheapest reuse option (lead 2)
        let mut r = roadmap();
        r.building_blocks[0].option = None;
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v
            .violations
            .iter()
            .any(|x| x.constraint == "lead_time"
                && x.message.contains("available in 2029, not 2028")));
        assert!(v.violations.iter().any(|x| x.constraint == "blocks"));
        // the cheaper option also changes the budget: 50 instead of 100
        let mut r = roadmap();
        r.building_blocks[0].option = None;
        r.building_blocks[0].available_year = 2029;
        r.services[1].year = Some(2029);
        let mut s = scenario();
        s.budget = Some(Budget::PerYear(vec![150.0, 500.0]));
        r.objective = verify(&catalogue(), &s, &r).objective;
        assert!(verify(&catalogue(), &s, &r).is_ok());
        // an option index whose approach differs
        let mut r = roadmap();
        r.building_blocks[0].option = Some(1);
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "acquisition"
            && x.message == "block payments option 1 is a tender option, not reuse"));
        let mut r = roadmap();
        r.building_blocks[0].option = Some(7);
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "unknown_id"
            && x.message == "block payments has 3 options; the roadmap names option 7"));
        let mut r = roadmap();
        r.building_blocks[0].approach = Approach::Build;
        r.building_blocks[0].option = None;
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v
            .violations
            .iter()
            .any(|x| x.message == "block payments has no build option"));
    }

    #[test]
    fn one_acquisition_per_block_and_none_of_available_blocks() {
        let mut r = roadmap();
        let again = r.building_blocks[0].clone();
        r.building_blocks.push(again);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "acquisition",
            "block payments is acquired 2 times",
        );
        let mut r = roadmap();
        r.building_blocks.push(BlockPlan {
            id: "identity".into(),
            approach: Approach::Reuse,
            start_year: 2027,
            available_year: 2027,
            option: None,
            system: None,
            cost: None,
        });
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "acquisition",
            "block identity is already available",
        );
        let mut r = roadmap();
        r.building_blocks[0].start_year = 2031;
        r.building_blocks[0].available_year = 2032;
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "horizon"
            && x.message
                == "block payments acquisition starts in 2031, outside the plan years 2027-2029"));
    }

    #[test]
    fn every_service_listed_once_and_done_ones_as_done() {
        let mut r = roadmap();
        r.services.remove(2);
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "services"
            && x.message == "service c of the catalogue is not listed in the roadmap"));
        let mut r = roadmap();
        let again = r.services[0].clone();
        r.services.push(again);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "services",
            "service a is listed 2 times; it must be listed once",
        );
        let mut r = roadmap();
        r.services[3] = plan("d", Some(2027));
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "services",
            "service d is already at target (level 4 of 4) and must be listed as already done with no year",
        );
        let mut r = roadmap();
        r.services[2].already_done = true;
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "services",
            "service c is listed as already done but is at level 3 with target 4",
        );
        let mut r = roadmap();
        r.services.push(plan("ghost", Some(2027)));
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "unknown_id",
            "the roadmap lists service ghost, which is not in the catalogue",
        );
        let mut r = roadmap();
        r.building_blocks[0].id = "teleport".into();
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "unknown_id"
            && x.message == "the roadmap acquires block teleport, which is not in the catalogue"));
    }

    #[test]
    fn years_outside_the_horizon() {
        let mut r = roadmap();
        r.services[2].year = Some(2031);
        let v = verify(&catalogue(), &scenario(), &r);
        assert!(v.violations.iter().any(|x| x.constraint == "horizon"
            && x.message == "service c goes live in 2031, outside the plan years 2027-2029"));
        let mut r = roadmap();
        r.start_year = Some(2026);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "format",
            "the roadmap starts in 2026 but the catalogue starts in 2027",
        );
    }

    #[test]
    fn objective_mismatch() {
        let mut r = roadmap();
        r.objective = 3891.0;
        let v = verify(&catalogue(), &scenario(), &r);
        assert_eq!(v.violations.len(), 1);
        assert_eq!(v.violations[0].constraint, "objective");
        assert_eq!(
            v.violations[0].message,
            "the roadmap's objective is 3891, its plan is worth 3890"
        );
        // within 1e-6 relative is fine
        r.objective = 3890.0 * (1.0 + 1e-7);
        assert!(verify(&catalogue(), &scenario(), &r).is_ok());
        r.objective = f64::NAN;
        assert!(!verify(&catalogue(), &scenario(), &r).is_ok());
    }

    #[test]
    fn life_event_weight_counts_only_years_when_complete() {
        // b a year later: l1 complete only in 2029
        let mut r = roadmap();
        r.services[1].year = Some(2029);
        let v = verify(&catalogue(), &scenario(), &r);
        // a 600 + b 600 + c 60 + l1 1000 + l2 30
        assert_eq!(v.objective, 2290.0);
    }

    #[test]
    fn year_summaries_are_checked() {
        let mut r = roadmap();
        r.years = years();
        r.years[0].budget_used = 100.0;
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "years",
            "budget used in 2027 is given as 100, the plan gives 200",
        );
        let mut r = roadmap();
        r.years = years();
        r.years[1].capacity_used.insert("e2".into(), 4.0);
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "years",
            "capacity used by entity e2 in 2028 is given as 4, the plan gives 5",
        );
        let mut r = roadmap();
        r.years = years();
        r.years[0].life_events_complete = 2;
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "years",
            "life events complete in 2027 is given as 2, the plan gives 1",
        );
        let mut r = roadmap();
        r.years = years();
        r.years.pop();
        expect_one(
            &catalogue(),
            &scenario(),
            r,
            "years",
            "the roadmap summarises 2 years, the horizon is 3",
        );
    }

    #[test]
    fn roadmaps_without_a_plan_and_hostile_inputs() {
        let r = Roadmap::empty(Status::Infeasible);
        assert!(verify(&catalogue(), &scenario(), &r).is_ok());
        let s = scenario().with_horizon(u32::MAX);
        let v = verify(&catalogue(), &s, &roadmap());
        assert_eq!(v.violations[0].constraint, "horizon");
        // horizon 0 and extreme years: no panic
        let s = scenario().with_horizon(0);
        let mut r = roadmap();
        r.services[0].year = Some(i32::MAX);
        r.building_blocks[0].start_year = i32::MIN;
        let v = verify(&catalogue(), &s, &r);
        assert!(!v.is_ok());
        let mut c = catalogue();
        c.start_year = i32::MAX - 1;
        let mut r = roadmap();
        r.services[0].year = Some(i32::MAX - 1);
        r.building_blocks[0].start_year = i32::MAX - 1;
        c.building_blocks[1].options[0].lead_years = u32::MAX;
        let _ = verify(&c, &scenario(), &r);
    }
}
