//! An exhaustive solver of MODEL.md for tiny catalogues: the second opinion
//! on the planner's optimum.
//!
//! It shares no code with `scaleplan::plan` (nor with `verify`): it reads
//! the catalogue's public fields and tries every acquisition (none, or an
//! option started in a plan year) of every missing block and every go-live
//! year (none, or a plan year) of every open service, keeping the best
//! plan that satisfies every constraint. With `S` open services, `B`
//! missing blocks with `O` options and `T` years that is
//! `(1 + O*T)^B * (T + 1)^S` candidates: keep it to about 5 services,
//! 3 years and 2 blocks.

// Plan years index several arrays at once, as in MODEL.md.
#![allow(clippy::needless_range_loop)]

use scaleplan::{BlockStatus, Catalogue, Scenario, WeightedBy};

/// The optimum of MODEL.md, or `None` when no plan is feasible.
#[derive(Clone, Debug, PartialEq)]
pub struct Optimum {
    /// Best objective.
    pub objective: f64,
    /// Go-live plan year per catalogue service (0 = done, None = never) of
    /// one optimal plan.
    pub go: Vec<Option<usize>>,
}

const EPS: f64 = 1e-9;

struct Tiny<'a> {
    c: &'a Catalogue,
    s: &'a Scenario,
    t: usize,
    open: Vec<usize>,
    missing: Vec<usize>,
    /// per service: block positions needed (own + workflow); usize::MAX = unknown
    needs: Vec<Vec<usize>>,
    deps: Vec<Vec<usize>>,
    entity: Vec<Option<usize>>,
}

/// Solve MODEL.md by enumeration. Panics on candidate counts above ten
/// million (the test is mis-sized then).
pub fn solve(c: &Catalogue, s: &Scenario) -> Option<Optimum> {
    let t = s.horizon as usize;
    let idx = |id: &str| c.services.iter().position(|x| x.id == id);
    let open: Vec<usize> = (0..c.services.len())
        .filter(|&i| c.services[i].level < c.services[i].target_level)
        .collect();
    let missing: Vec<usize> = (0..c.building_blocks.len())
        .filter(|&b| c.building_blocks[b].status == BlockStatus::Missing)
        .collect();
    let needs = c
        .services
        .iter()
        .map(|sv| {
            let mut ids: Vec<&str> = sv.building_blocks.iter().map(|b| b.as_str()).collect();
            if let Some(w) = &sv.workflow {
                if let Some(wf) = c.workflows.iter().find(|x| x.id == *w) {
                    ids.extend(wf.building_blocks.iter().map(|b| b.as_str()));
                }
            }
            ids.iter()
                .map(|b| {
                    c.building_blocks
                        .iter()
                        .position(|x| x.id == *b)
                        .unwrap_or(usize::MAX)
                })
                .collect()
        })
        .collect();
    let deps = c
        .services
        .iter()
        .map(|sv| {
            sv.depends_on
                .iter()
                .filter_map(|d| idx(d.as_str()))
                .collect()
        })
        .collect();
    let entity = c
        .services
        .iter()
        .map(|sv| c.entities.iter().position(|e| e.id == sv.entity))
        .collect();
    let tiny = Tiny {
        c,
        s,
        t,
        open,
        missing,
        needs,
        deps,
        entity,
    };
    let per_block: Vec<usize> = tiny
        .missing
        .iter()
        .map(|&b| 1 + c.building_blocks[b].options.len() * t)
        .collect();
    let block_combos: usize = per_block.iter().product();
    let service_combos = (t + 1).pow(tiny.open.len() as u32);
    assert!(
        block_combos.saturating_mul(service_combos) <= 10_000_000,
        "catalogue too large for the exhaustive solver"
    );
    let mut best: Option<Optimum> = None;
    let mut acq = vec![0usize; tiny.missing.len()];
    for _ in 0..block_combos {
        // acq[k] = 0: none; else option (k-1)/t started in year (k-1)%t + 1
        let mut avail = vec![Some(1usize); c.building_blocks.len()];
        let mut acq_cost = vec![0.0f64; t + 1];
        for (k, &b) in tiny.missing.iter().enumerate() {
            avail[b] = None;
            if acq[k] > 0 {
                let o = (acq[k] - 1) / t;
                let start = (acq[k] - 1) % t + 1;
                let opt = &c.building_blocks[b].options[o];
                acq_cost[start] += opt.cost;
                let a = start + opt.lead_years as usize;
                if a <= t {
                    avail[b] = Some(a);
                }
            }
        }
        tiny.services(&avail, &acq_cost, &mut best);
        // next block combination
        for k in 0..acq.len() {
            acq[k] += 1;
            if acq[k] < per_block[k] {
                break;
            }
            acq[k] = 0;
        }
    }
    best
}

impl Tiny<'_> {
    fn services(&self, avail: &[Option<usize>], acq_cost: &[f64], best: &mut Option<Optimum>) {
        let c = self.c;
        let t = self.t;
        let n = c.services.len();
        // go[i]: 0 done, 1..=t live, t+1 never
        let mut choice = vec![0usize; self.open.len()];
        let combos = (t + 1).pow(self.open.len() as u32);
        for _ in 0..combos {
            let mut go = vec![0usize; n];
            for (k, &i) in self.open.iter().enumerate() {
                go[i] = if choice[k] == 0 { t + 1 } else { choice[k] };
            }
            if self.feasible(&go, avail, acq_cost) {
                let obj = self.objective(&go);
                if !matches!(best, Some(b) if obj <= b.objective + EPS) {
                    *best = Some(Optimum {
                        objective: obj,
                        go: go.iter().map(|&g| (g <= t).then_some(g)).collect(),
                    });
                }
            }
            for k in 0..choice.len() {
                choice[k] += 1;
                if choice[k] <= t {
                    break;
                }
                choice[k] = 0;
            }
        }
    }

    /// d[s,t] for every service (done ones: 1).
    fn at(&self, go: &[usize], i: usize, year: usize) -> bool {
        go[i] <= year
    }

    fn feasible(&self, go: &[usize], avail: &[Option<usize>], acq_cost: &[f64]) -> bool {
        let c = self.c;
        let s = self.s;
        let t = self.t;
        let y1 = c.start_year;
        let mut used = vec![vec![0.0f64; t + 1]; c.entities.len()];
        let mut spend = acq_cost.to_vec();
        for &i in &self.open {
            let sv = &c.services[i];
            for year in 1..=t {
                let d = self.at(go, i, year);
                let cal = y1 + year as i32 - 1;
                // 5. earliest
                if d && sv.earliest_year.is_some_and(|e| cal < e) {
                    return false;
                }
                // 6. deadline
                if sv.deadline_year.is_some_and(|dl| cal >= dl) && !d {
                    return false;
                }
                if !d {
                    continue;
                }
                // 3. blocks
                for &b in &self.needs[i] {
                    let ok = avail.get(b).copied().flatten().is_some_and(|a| a <= year);
                    if !ok {
                        return false;
                    }
                }
                // 4. dependencies
                for &p in &self.deps[i] {
                    if !self.at(go, p, year) {
                        return false;
                    }
                }
            }
            if go[i] <= t {
                if let Some(e) = self.entity[i] {
                    used[e][go[i]] += sv.effort;
                }
                spend[go[i]] += sv.cost;
            }
        }
        // 7. capacity
        for (e, ent) in c.entities.iter().enumerate() {
            for year in 1..=t {
                if used[e][year] > ent.capacity.at(year) * s.capacity_factor + EPS {
                    return false;
                }
            }
        }
        // 8. budget
        for year in 1..=t {
            if let Some(b) = s.budget_at(year) {
                if spend[year] > b + EPS {
                    return false;
                }
            }
        }
        // 9. targets
        for target in &s.targets {
            let year = (target.year - y1 + 1) as usize;
            let w = |i: usize| match target.weighted_by {
                WeightedBy::Count => 1.0,
                WeightedBy::Demand => c.services[i].demand,
            };
            let total: f64 = (0..c.services.len()).map(w).sum();
            let reached: f64 = (0..c.services.len())
                .filter(|&i| self.at(go, i, year))
                .map(w)
                .sum();
            if reached < target.share * total - EPS {
                return false;
            }
        }
        true
    }

    fn objective(&self, go: &[usize]) -> f64 {
        let c = self.c;
        let mut obj = 0.0;
        for year in 1..=self.t {
            for &i in &self.open {
                if self.at(go, i, year) {
                    obj += c.services[i].value_per_year();
                }
            }
            for l in &c.life_events {
                let complete = l.services.iter().all(|m| {
                    c.services
                        .iter()
                        .position(|x| x.id == *m)
                        .is_some_and(|i| self.at(go, i, year))
                });
                if complete {
                    obj += l.weight;
                }
            }
        }
        obj
    }
}
