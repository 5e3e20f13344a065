//! scaleplan's own primal heuristic: greedy list scheduling by value
//! density that respects every constraint of MODEL.md, then improvement
//! moves (bring services earlier, insert left-overs, swap a late valuable
//! service with an earlier less valuable one of the same entity).
//!
//! 1. Services with a deadline (own or inherited), by deadline and
//!    dependency order, each at its earliest feasible year.
//! 2. Targets, in year order: services with the most target weight per
//!    unit of resource until the share is reached.
//! 3. Everyone else by value density (value, plus a share of its life
//!    events' weight, per unit of capacity, budget and block cost), each at
//!    its earliest feasible year, prerequisites first.
//!
//! A placement acquires missing blocks on the way (cheapest option that is
//! available in time, earliest start with budget room) and may move an
//! acquisition earlier. Every change is journaled so a failed move is
//! undone exactly. Deterministic: ties break on catalogue order.

use super::presolve::{fits, Inst};
use super::solution::{improves, Plan};
use web_time::Instant;

/// Journal entry: the previous value of a decision.
#[derive(Clone, Copy, Debug)]
enum Op {
    Go(usize, Option<usize>),
    Acq(usize, Option<(usize, usize)>),
}

/// The heuristic's state.
pub(crate) struct Heur<'a> {
    inst: &'a Inst,
    pub plan: Plan,
    cap_used: Vec<Vec<f64>>,
    bud_used: Vec<f64>,
    tgt_got: Vec<f64>,
    journal: Vec<Op>,
    density: Vec<f64>,
    /// Acquisitions are fixed: a placement may not acquire or move a block.
    fixed: bool,
}

/// Result of a heuristic run.
pub(crate) struct HeurResult {
    pub plan: Option<Plan>,
    /// Stopped by the progress callback.
    pub stopped: bool,
}

impl<'a> Heur<'a> {
    /// The empty plan, with the value density of `mode`: 0 weighs
    /// capacity and budget, 1 budget only, 2 capacity only.
    fn with_mode(inst: &'a Inst, mode: u8) -> Self {
        let (cw, bw) = match mode {
            1 => (0.0, 1.0),
            2 => (1.0, 0.0),
            _ => (1.0, 1.0),
        };
        Heur::blank(inst, densities(inst, cw, bw, true), false)
    }

    /// The empty plan and the resources it uses (none), with a density.
    fn blank(inst: &'a Inst, density: Vec<f64>, fixed: bool) -> Self {
        let t = inst.t;
        Heur {
            inst,
            plan: Plan::empty(inst),
            cap_used: vec![vec![0.0; t]; inst.cap.len()],
            bud_used: vec![0.0; t],
            tgt_got: inst.targets.iter().map(|tg| tg.done_w).collect(),
            journal: Vec::new(),
            density,
            fixed,
        }
    }

    /// The plan with only the acquisitions `acq` (fixed), with a density:
    /// None when they overrun the budget.
    fn acquired(inst: &'a Inst, acq: &[Option<(usize, usize)>], density: Vec<f64>) -> Option<Self> {
        let mut h = Heur::blank(inst, density, true);
        for (b, a) in acq.iter().enumerate() {
            if a.is_some() {
                h.set_acq(b, *a);
            }
        }
        if !inst.relax.budget && (0..inst.t).any(|y| !fits(h.bud_used[y], inst.budget_at(y))) {
            return None;
        }
        Some(h)
    }

    /// Heuristic over fixed acquisitions `acq` with the given density: None
    /// when the acquisitions overrun the budget or no plan is found.
    fn with_blocks(
        inst: &'a Inst,
        acq: &[Option<(usize, usize)>],
        density: &[f64],
    ) -> Option<Heur<'a>> {
        let mut h = Heur::acquired(inst, acq, density.to_vec())?;
        if !h.construct() {
            return None;
        }
        h.move_earlier(None);
        h.journal.clear();
        Some(h)
    }
}

/// Each service's position in dependency order (prerequisites first).
fn topo_positions(inst: &Inst) -> Vec<usize> {
    let mut pos = vec![0usize; inst.svc.len()];
    for (k, &s) in inst.topo.iter().enumerate() {
        pos[s] = k;
    }
    pos
}

/// Prices of the scarce resources (duals of an LP relaxation): per entity
/// and year, per budget year.
#[derive(Clone, Debug, Default)]
pub(crate) struct Prices {
    pub capacity: Vec<Vec<f64>>,
    pub budget: Vec<f64>,
}

/// A service's value plus an equal share of each of its life events'
/// weight: what the densities divide by the resources it uses.
fn worth(inst: &Inst, v: &super::presolve::Svc) -> f64 {
    let mut val = v.value;
    for &l in &v.events {
        let ev = &inst.life[l];
        val += ev.weight / ev.open.len().max(1) as f64;
    }
    val
}

/// Value density under resource prices: value (plus a share of its life
/// events' weight) over the mean price of what it uses in the years it
/// could go live.
fn priced_densities(inst: &Inst, p: &Prices) -> Vec<f64> {
    let t = inst.t;
    inst.svc
        .iter()
        .map(|v| {
            if !v.reach || v.lo >= t {
                return 0.0;
            }
            let val = worth(inst, v);
            let mut price = 0.0;
            for y in v.lo..t {
                price += p.budget.get(y).copied().unwrap_or(0.0) * v.cost;
                if let Some(e) = v.ent {
                    price += p
                        .capacity
                        .get(e)
                        .and_then(|c| c.get(y))
                        .copied()
                        .unwrap_or(0.0)
                        * v.effort;
                }
            }
            price /= (t - v.lo) as f64;
            val * (t - v.lo) as f64 / (price + 1e-9 * val.abs().max(1.0))
        })
        .collect()
}

/// Value density of every service: its value plus a share of its life
/// events' weight, per unit of resource, where the resource is `cw` times
/// its effort over its entity's mean capacity plus `bw` times its cost
/// (and, with `blocks`, a share of its blocks' cheapest cost) over the
/// mean budget.
fn densities(inst: &Inst, cw: f64, bw: f64, blocks: bool) -> Vec<f64> {
    let t = inst.t.max(1) as f64;
    let mean_cap: Vec<f64> = inst
        .cap
        .iter()
        .map(|c| {
            let s: f64 = c.iter().filter(|x| x.is_finite()).sum();
            (s / t).max(1e-9)
        })
        .collect();
    let mean_bud = inst
        .budget
        .as_ref()
        .filter(|_| !inst.relax.budget)
        .map(|b| (b.iter().sum::<f64>() / t).max(1e-9));
    let mut users = vec![0usize; inst.blk.len()];
    for v in inst.svc.iter().filter(|v| v.reach) {
        for &b in &v.blocks {
            users[b] += 1;
        }
    }
    inst.svc
        .iter()
        .map(|v| {
            if !v.reach {
                return 0.0;
            }
            let val = worth(inst, v);
            let mut res = 0.0;
            let cw = if mean_bud.is_none() { cw.max(1.0) } else { cw };
            if let Some(e) = v.ent {
                res += cw * v.effort / mean_cap[e];
            }
            if let Some(mb) = mean_bud {
                res += bw * v.cost / mb;
                for &b in v.blocks.iter().filter(|_| blocks) {
                    let c = inst.blk[b]
                        .options
                        .iter()
                        .map(|o| o.0)
                        .fold(f64::INFINITY, f64::min);
                    if c.is_finite() {
                        res += bw * c / mb / users[b].max(1) as f64;
                    }
                }
            }
            val / (res + 1e-6)
        })
        .collect()
}

impl<'a> Heur<'a> {
    // ---- state changes (journaled) ----

    fn set_go(&mut self, s: usize, new: Option<usize>) {
        let old = self.plan.go[s];
        if old == new {
            return;
        }
        self.journal.push(Op::Go(s, old));
        self.apply_go(s, old, new);
    }

    fn apply_go(&mut self, s: usize, old: Option<usize>, new: Option<usize>) {
        let v = &self.inst.svc[s];
        if let Some(g) = old {
            if let Some(e) = v.ent {
                self.cap_used[e][g] -= v.effort;
            }
            self.bud_used[g] -= v.cost;
            for (k, tg) in self.inst.targets.iter().enumerate() {
                if g <= tg.y {
                    self.tgt_got[k] -= tg.w(v);
                }
            }
        }
        if let Some(g) = new {
            if let Some(e) = v.ent {
                self.cap_used[e][g] += v.effort;
            }
            self.bud_used[g] += v.cost;
            for (k, tg) in self.inst.targets.iter().enumerate() {
                if g <= tg.y {
                    self.tgt_got[k] += tg.w(v);
                }
            }
        }
        self.plan.go[s] = new;
    }

    fn set_acq(&mut self, b: usize, new: Option<(usize, usize)>) {
        let old = self.plan.acq[b];
        if old == new {
            return;
        }
        self.journal.push(Op::Acq(b, old));
        self.apply_acq(b, old, new);
    }

    fn apply_acq(&mut self, b: usize, old: Option<(usize, usize)>, new: Option<(usize, usize)>) {
        let opts = &self.inst.blk[b].options;
        if let Some((o, y0)) = old {
            self.bud_used[y0] -= opts.get(o).map(|x| x.0).unwrap_or(0.0);
        }
        if let Some((o, y0)) = new {
            self.bud_used[y0] += opts.get(o).map(|x| x.0).unwrap_or(0.0);
        }
        self.plan.acq[b] = new;
    }

    fn checkpoint(&self) -> usize {
        self.journal.len()
    }

    fn rollback(&mut self, to: usize) {
        while self.journal.len() > to {
            match self.journal.pop() {
                Some(Op::Go(s, old)) => {
                    let cur = self.plan.go[s];
                    self.apply_go(s, cur, old);
                }
                Some(Op::Acq(b, old)) => {
                    let cur = self.plan.acq[b];
                    self.apply_acq(b, cur, old);
                }
                None => break,
            }
        }
    }

    fn bud_room(&self, y: usize) -> f64 {
        self.inst.budget_at(y) - self.bud_used[y]
    }

    // ---- placement ----

    /// Try to put s live in year y (s must be unplaced). On success the
    /// change is applied (with any acquisitions) and true is returned; on
    /// failure nothing changes.
    fn try_place(&mut self, s: usize, y: usize) -> bool {
        let inst = self.inst;
        let v = &inst.svc[s];
        if !v.reach || y >= inst.t || !v.allowed[y] || self.plan.go[s].is_some() {
            return false;
        }
        if let Some(e) = v.ent {
            if !inst.relax.capacity && !fits(self.cap_used[e][y] + v.effort, inst.cap[e][y]) {
                return false;
            }
        }
        if v.deps
            .iter()
            .any(|&p| self.plan.go[p].map_or(true, |gp| gp > y))
        {
            return false;
        }
        if v.rdeps
            .iter()
            .any(|&q| self.plan.go[q].is_some_and(|gq| gq < y))
        {
            return false;
        }
        let cp = self.checkpoint();
        // Service cost first (it must fit in y whatever the blocks do).
        if !fits(v.cost, self.bud_room(y)) {
            return false;
        }
        self.set_go(s, Some(y));
        for k in 0..v.blocks.len() {
            let b = v.blocks[k];
            if self.plan.avail(inst, b).is_some_and(|a| a <= y) {
                continue;
            }
            if !self.acquire_by(b, y) {
                self.rollback(cp);
                return false;
            }
        }
        true
    }

    /// Make block b available by year y: acquire it, or move its
    /// acquisition (cheapest option in time, latest start with room, so the
    /// early years' budget stays free for services).
    fn acquire_by(&mut self, b: usize, y: usize) -> bool {
        let inst = self.inst;
        let blk = &inst.blk[b];
        let old = self.plan.acq[b];
        if self.fixed {
            return false;
        }
        let cp = self.checkpoint();
        self.set_acq(b, None);
        let mut order: Vec<usize> = (0..blk.options.len()).collect();
        order.sort_by(|&a, &c| {
            blk.options[a]
                .0
                .total_cmp(&blk.options[c].0)
                .then(blk.options[a].1.cmp(&blk.options[c].1))
                .then(a.cmp(&c))
        });
        for o in order {
            let (cost, lead) = blk.options[o];
            if lead > y {
                continue;
            }
            // Latest start with room: early budget is kept for services.
            for y0 in (0..=(y - lead)).rev() {
                if !blk.start_ok(o, y0) {
                    continue;
                }
                if fits(cost, self.bud_room(y0)) {
                    self.set_acq(b, Some((o, y0)));
                    return true;
                }
            }
        }
        self.rollback(cp);
        debug_assert_eq!(self.plan.acq[b], old);
        false
    }

    /// Earliest feasible year in lo..=latest for unplaced s; places it.
    fn place_earliest(&mut self, s: usize, latest: usize) -> Option<usize> {
        let v = &self.inst.svc[s];
        if !v.reach {
            return None;
        }
        let hi = latest.min(v.hi).min(self.inst.t.saturating_sub(1));
        (v.lo..=hi).find(|&y| v.allowed[y] && self.try_place(s, y))
    }

    /// Place s by year `latest`, its unplaced prerequisites first. Undoes
    /// everything on failure.
    fn place_with_deps(&mut self, s: usize, latest: usize, depth: usize) -> Option<usize> {
        if let Some(g) = self.plan.go[s] {
            return (g <= latest).then_some(g);
        }
        if depth > 64 {
            return None;
        }
        let cp = self.checkpoint();
        let deps = self.inst.svc[s].deps.clone();
        for p in deps {
            if self.place_with_deps(p, latest, depth + 1).is_none() {
                self.rollback(cp);
                return None;
            }
        }
        match self.place_earliest(s, latest) {
            Some(y) => Some(y),
            None => {
                self.rollback(cp);
                None
            }
        }
    }

    fn targets_ok(&self) -> bool {
        self.inst
            .targets
            .iter()
            .zip(&self.tgt_got)
            .all(|(tg, &got)| fits(tg.need, got))
    }

    /// Objective contribution of services `ss` and their life events.
    fn local_obj(&self, ss: &[usize]) -> f64 {
        let inst = self.inst;
        let t = inst.t;
        let mut obj = 0.0;
        let mut evs: Vec<usize> = Vec::new();
        for &s in ss {
            if let Some(g) = self.plan.go[s] {
                obj += inst.svc[s].value * (t - g) as f64;
            }
            for &l in &inst.svc[s].events {
                if !evs.contains(&l) {
                    evs.push(l);
                }
            }
        }
        for l in evs {
            if let Some(y) = self.plan.event_year(inst, l) {
                obj += inst.life[l].weight * (t - y.min(t)) as f64;
            }
        }
        obj
    }

    // ---- phases ----

    /// Acquire every block some reachable service needs, before placing
    /// services: blocks with the most user value first, each by the
    /// cheapest option that makes it available when its first user could
    /// go live (else the fastest that fits the budget), started as late as
    /// that allows.
    fn preacquire(&mut self) {
        let inst = self.inst;
        let nb = inst.blk.len();
        let mut user_value = vec![0.0; nb];
        let mut first_use = vec![usize::MAX; nb];
        for s in inst.open() {
            for &b in &inst.svc[s].blocks {
                user_value[b] += self.density[s].max(0.0);
                first_use[b] = first_use[b].min(inst.svc[s].lo);
            }
        }
        let mut order: Vec<usize> = (0..nb).filter(|&b| first_use[b] != usize::MAX).collect();
        order.sort_by(|&a, &b| user_value[b].total_cmp(&user_value[a]).then(a.cmp(&b)));
        for b in order {
            if self.plan.acq[b].is_some() {
                continue;
            }
            let target = first_use[b];
            for y in target..inst.t {
                if self.acquire_by(b, y) {
                    break;
                }
            }
        }
        self.journal.clear();
    }

    fn construct(&mut self) -> bool {
        let inst = self.inst;
        let t = inst.t;
        let pos = topo_positions(inst);
        // 1. Deadlines.
        let mut forced: Vec<usize> = inst.open().filter(|&s| inst.svc[s].forced).collect();
        forced.sort_by_key(|&s| (inst.svc[s].hi, pos[s]));
        for s in forced {
            if self.plan.go[s].is_some() {
                continue;
            }
            let hi = inst.svc[s].hi;
            if self.place_with_deps(s, hi, 0).is_none() {
                return false;
            }
        }
        // 2. Targets.
        let mut order_t: Vec<usize> = (0..inst.targets.len()).collect();
        order_t.sort_by_key(|&k| inst.targets[k].y);
        for k in order_t {
            let tg = &inst.targets[k];
            if fits(tg.need, self.tgt_got[k]) {
                continue;
            }
            let mut cands: Vec<usize> = inst
                .open()
                .filter(|&s| inst.svc[s].lo <= tg.y && tg.w(&inst.svc[s]) > 0.0)
                .filter(|&s| self.plan.go[s].map_or(true, |g| g > tg.y))
                .collect();
            let key = |s: usize| {
                let v = &inst.svc[s];
                let w = tg.w(v);
                w * (1.0 + self.density[s].max(0.0)) / (1.0 + v.effort + v.cost * 1e-6)
            };
            let keys: Vec<f64> = (0..inst.svc.len())
                .map(|s| if inst.svc[s].reach { key(s) } else { 0.0 })
                .collect();
            cands.sort_by(|&a, &b| keys[b].total_cmp(&keys[a]).then(a.cmp(&b)));
            for s in cands {
                if fits(tg.need, self.tgt_got[k]) {
                    break;
                }
                let cp = self.checkpoint();
                if self.plan.go[s].is_some() {
                    // Move it earlier.
                    self.set_go(s, None);
                }
                if self.place_with_deps(s, tg.y, 0).is_none() {
                    self.rollback(cp);
                }
            }
            if !fits(tg.need, self.tgt_got[k]) {
                return false;
            }
        }
        // 3. By value density.
        let mut rest: Vec<usize> = inst
            .open()
            .filter(|&s| self.plan.go[s].is_none() && self.density[s] > 0.0)
            .collect();
        rest.sort_by(|&a, &b| self.density[b].total_cmp(&self.density[a]).then(a.cmp(&b)));
        for s in rest {
            if self.plan.go[s].is_none() {
                let _ = self.place_with_deps(s, t.saturating_sub(1), 0);
            }
        }
        true
    }

    /// Move services earlier where possible. Returns whether it improved.
    fn move_earlier(&mut self, deadline: Option<Instant>) -> bool {
        let inst = self.inst;
        let mut order: Vec<usize> = inst.open().filter(|&s| self.plan.go[s].is_some()).collect();
        order.sort_by(|&a, &b| self.density[b].total_cmp(&self.density[a]).then(a.cmp(&b)));
        let mut improved = false;
        for s in order {
            if deadline.is_some_and(|d| Instant::now() > d) {
                break;
            }
            let Some(g) = self.plan.go[s] else { continue };
            let lo = inst.svc[s].lo;
            if g <= lo {
                continue;
            }
            let before = self.local_obj(&[s]);
            let cp = self.checkpoint();
            self.set_go(s, None);
            let mut moved = false;
            for y in lo..g {
                if inst.svc[s].allowed[y] && self.try_place(s, y) {
                    moved = true;
                    break;
                }
            }
            if moved && self.local_obj(&[s]) > before + 1e-9 {
                improved = true;
            } else {
                self.rollback(cp);
            }
        }
        improved
    }

    /// Start a block's acquisition later (its early users wait), and use
    /// the money freed in the early years to bring other services earlier;
    /// kept when the whole plan's objective improves.
    fn delay_blocks(&mut self, deadline: Option<Instant>) -> bool {
        let inst = self.inst;
        let t = inst.t;
        let mut order: Vec<usize> = (0..inst.blk.len())
            .filter(|&b| self.plan.acq[b].is_some())
            .collect();
        let cost_of = |h: &Self, b: usize| {
            h.plan.acq[b]
                .and_then(|(o, _)| inst.blk[b].options.get(o))
                .map_or(0.0, |x| x.0)
        };
        order.sort_by(|&a, &b| {
            cost_of(self, b)
                .total_cmp(&cost_of(self, a))
                .then(a.cmp(&b))
        });
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); inst.blk.len()];
        for s in inst.open() {
            for &b in &inst.svc[s].blocks {
                users[b].push(s);
            }
        }
        let mut improved = false;
        for b in order {
            for delta in 1..=2usize {
                if deadline.is_some_and(|d| Instant::now() > d) {
                    return improved;
                }
                let Some((o, y0)) = self.plan.acq[b] else {
                    break;
                };
                let ny0 = y0 + delta;
                if ny0 >= t || !inst.blk[b].start_ok(o, ny0) {
                    break;
                }
                let lead = inst.blk[b].options[o].1;
                let before = self.plan.objective(inst);
                let cp = self.checkpoint();
                let moved: Vec<usize> = users[b]
                    .iter()
                    .copied()
                    .filter(|&s| self.plan.go[s].is_some_and(|g| g < ny0 + lead))
                    .collect();
                // Their dependents that would now go live too early wait too.
                for &s in &moved {
                    self.set_go(s, None);
                }
                self.set_acq(b, Some((o, ny0)));
                let mut ok = fits(self.bud_used[ny0], inst.budget_at(ny0));
                let mut stack = moved.clone();
                stack.sort_unstable();
                for &s in stack.iter().filter(|_| ok) {
                    let deps_late = inst.svc[s].rdeps.iter().any(|&q| self.plan.go[q].is_some());
                    if deps_late {
                        // Keep it simple: a dependent already live forbids the move.
                        ok = false;
                        break;
                    }
                }
                if ok {
                    for &s in &stack {
                        if self.place_earliest(s, t - 1).is_none() && inst.svc[s].forced {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    self.move_earlier(deadline);
                    self.insert_rest(true);
                }
                if ok && self.targets_ok() && self.plan.objective(inst) > before + 1e-9 {
                    improved = true;
                } else {
                    self.rollback(cp);
                    break;
                }
            }
        }
        improved
    }

    /// Place services not yet in the plan.
    fn insert_rest(&mut self, positive_only: bool) -> bool {
        let inst = self.inst;
        let mut rest: Vec<usize> = inst
            .open()
            .filter(|&s| self.plan.go[s].is_none())
            .filter(|&s| !positive_only || self.density[s] > 0.0)
            .collect();
        rest.sort_by(|&a, &b| self.density[b].total_cmp(&self.density[a]).then(a.cmp(&b)));
        let mut improved = false;
        for s in rest {
            if self.plan.go[s].is_none() {
                let before = self.local_obj(&[s]);
                let cp = self.checkpoint();
                if self
                    .place_with_deps(s, inst.t.saturating_sub(1), 0)
                    .is_some()
                {
                    if positive_only && self.local_obj(&[s]) <= before + 1e-9 {
                        self.rollback(cp);
                    } else {
                        improved = true;
                    }
                }
            }
        }
        improved
    }

    /// Swap a late (or unplaced) valuable service into the year of an
    /// earlier, less valuable one of the same entity.
    fn swaps(&mut self, deadline: Option<Instant>) -> bool {
        let inst = self.inst;
        let t = inst.t;
        let mut by_ent: Vec<Vec<usize>> = vec![Vec::new(); inst.cap.len()];
        for s in inst.open() {
            if let Some(e) = inst.svc[s].ent {
                by_ent[e].push(s);
            }
        }
        let mut order: Vec<usize> = inst.open().filter(|&s| self.density[s] > 0.0).collect();
        order.sort_by(|&a, &b| self.density[b].total_cmp(&self.density[a]).then(a.cmp(&b)));
        let mut improved = false;
        for s in order {
            if deadline.is_some_and(|d| Instant::now() > d) {
                break;
            }
            let Some(e) = inst.svc[s].ent else { continue };
            let gs = self.plan.go[s];
            let lo = inst.svc[s].lo;
            if gs.is_some_and(|g| g <= lo) {
                continue;
            }
            let limit = gs.unwrap_or(t);
            let mut cands: Vec<usize> = by_ent[e]
                .iter()
                .copied()
                .filter(|&q| q != s)
                .filter(|&q| {
                    self.plan.go[q].is_some_and(|gq| gq >= lo && gq < limit)
                        && self.density[q] < self.density[s]
                        && !inst.svc[q].rdeps.iter().any(|&r| self.plan.go[r].is_some())
                })
                .collect();
            cands.sort_by(|&a, &b| self.density[a].total_cmp(&self.density[b]).then(a.cmp(&b)));
            for q in cands.into_iter().take(24) {
                let Some(gq) = self.plan.go[q] else { continue };
                let before = self.local_obj(&[s, q]);
                let cp = self.checkpoint();
                self.set_go(q, None);
                if gs.is_some() {
                    self.set_go(s, None);
                }
                let mut ok = false;
                for y in lo..=gq {
                    if inst.svc[s].allowed[y] && self.try_place(s, y) {
                        ok = true;
                        break;
                    }
                }
                if ok {
                    let _ = self.place_earliest(q, t.saturating_sub(1));
                    if inst.svc[q].forced && self.plan.go[q].is_none() {
                        ok = false;
                    }
                }
                if ok && self.targets_ok() && self.local_obj(&[s, q]) > before + 1e-9 {
                    improved = true;
                    break;
                }
                self.rollback(cp);
            }
        }
        improved
    }
}

/// What a ruin-and-recreate step removes.
#[derive(Clone, Copy)]
enum Ruin {
    /// Services drawn at random.
    Random,
    /// Services of one entity from one year on.
    Entity,
    /// The services of one life event, and others of their entities.
    Event,
    /// Services going live in one year (they share its budget).
    Year,
    /// Move one block's acquisition (option and start year); its users,
    /// and services of the start year when the budget needs room, go.
    Block,
}

impl<'a> Heur<'a> {
    /// Ruin and recreate: `iters` times, take a group of services out of
    /// the plan (with the dependents they carry), put them back in a
    /// shuffled density order at their earliest feasible years, and keep
    /// the result when the objective does not fall (and every deadline
    /// and target still holds). Acquisitions stay as they are. Seeded:
    /// the same input gives the same plan unless `deadline` cuts it short.
    ///
    /// Cost per step: O(k x (years + dependencies + blocks)) for k removed
    /// services, plus O(services) for the objective.
    fn ruin_recreate(&mut self, iters: usize, seed: u64, deadline: Option<Instant>) -> bool {
        use rand::{Rng, SeedableRng};
        let inst = self.inst;
        let t = inst.t;
        let open: Vec<usize> = inst.open().filter(|&s| inst.svc[s].reach).collect();
        if open.is_empty() || t == 0 {
            return false;
        }
        let was_fixed = self.fixed;
        self.fixed = true;
        let mut by_ent: Vec<Vec<usize>> = vec![Vec::new(); inst.cap.len()];
        for &s in &open {
            if let Some(e) = inst.svc[s].ent {
                by_ent[e].push(s);
            }
        }
        let events: Vec<usize> = (0..inst.life.len())
            .filter(|&l| !inst.life[l].never && !inst.life[l].open.is_empty())
            .collect();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut cur = self.plan.objective(inst);
        let start = cur;
        let mut best_obj = cur;
        let mut best = self.plan.clone();
        let mut mark = vec![false; inst.svc.len()];
        let mut removed: Vec<usize> = Vec::new();
        let mut key: Vec<f64> = vec![0.0; inst.svc.len()];
        // Order classes: 2 deadline, 1 the life event being completed, 0 rest.
        let mut class: Vec<u8> = vec![0; inst.svc.len()];
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); inst.blk.len()];
        for &s in &open {
            for &b in &inst.svc[s].blocks {
                users[b].push(s);
            }
        }
        let mut acq_moves: Vec<(usize, Option<(usize, usize)>)> = Vec::new();
        for (b, blk) in inst.blk.iter().enumerate() {
            if blk.last_useful.is_none() || users[b].is_empty() {
                continue;
            }
            for o in 0..blk.options.len() {
                acq_moves.extend(
                    (0..t)
                        .filter(|&y0| blk.start_ok(o, y0))
                        .map(|y0| (b, Some((o, y0)))),
                );
            }
            if !blk.options.is_empty() {
                acq_moves.push((b, None));
            }
        }
        let kinds: &[Ruin] = if acq_moves.is_empty() {
            &[Ruin::Random, Ruin::Entity, Ruin::Event, Ruin::Year]
        } else {
            &[
                Ruin::Random,
                Ruin::Entity,
                Ruin::Event,
                Ruin::Year,
                Ruin::Block,
            ]
        };
        for it in 0..iters {
            if it % 32 == 0 && deadline.is_some_and(|d| Instant::now() > d) {
                break;
            }
            self.journal.clear();
            let k = rng.random_range(4..=(open.len() / 10).clamp(8, 40));
            removed.clear();
            let take = |s: usize, removed: &mut Vec<usize>, mark: &mut Vec<bool>| {
                if !mark[s] {
                    mark[s] = true;
                    removed.push(s);
                }
            };
            match kinds[rng.random_range(0..kinds.len())] {
                Ruin::Random => {
                    for _ in 0..k {
                        take(
                            open[rng.random_range(0..open.len())],
                            &mut removed,
                            &mut mark,
                        );
                    }
                }
                Ruin::Entity => {
                    let e = rng.random_range(0..by_ent.len().max(1));
                    if let Some(list) = by_ent.get(e).filter(|l| !l.is_empty()) {
                        let y = rng.random_range(0..t);
                        let mut cands: Vec<usize> = list
                            .iter()
                            .copied()
                            .filter(|&s| self.plan.go[s].map_or(true, |g| g >= y))
                            .collect();
                        for _ in 0..k.min(cands.len()) {
                            let i = rng.random_range(0..cands.len());
                            take(cands.swap_remove(i), &mut removed, &mut mark);
                        }
                    }
                }
                Ruin::Event => {
                    if !events.is_empty() {
                        let l = events[rng.random_range(0..events.len())];
                        for &s in &inst.life[l].open {
                            take(s, &mut removed, &mut mark);
                            class[s] = 1;
                        }
                        let n = removed.len();
                        for i in 0..n {
                            if let Some(e) = inst.svc[removed[i]].ent {
                                let list = &by_ent[e];
                                for _ in 0..2 {
                                    take(
                                        list[rng.random_range(0..list.len())],
                                        &mut removed,
                                        &mut mark,
                                    );
                                }
                            }
                        }
                    }
                }
                Ruin::Block => {
                    let (b, c) = acq_moves[rng.random_range(0..acq_moves.len())];
                    if c != self.plan.acq[b] {
                        for &s in &users[b] {
                            if self.plan.go[s].is_some() {
                                take(s, &mut removed, &mut mark);
                                self.set_go(s, None);
                            }
                        }
                        self.set_acq(b, c);
                        if let Some((_, y0)) = c {
                            if !fits(self.bud_used[y0], inst.budget_at(y0)) {
                                let mut there: Vec<usize> = open
                                    .iter()
                                    .copied()
                                    .filter(|&s| self.plan.go[s] == Some(y0))
                                    .collect();
                                there.sort_by(|&a, &b| {
                                    self.density[a].total_cmp(&self.density[b]).then(a.cmp(&b))
                                });
                                for s in there {
                                    if fits(self.bud_used[y0], inst.budget_at(y0)) {
                                        break;
                                    }
                                    take(s, &mut removed, &mut mark);
                                    self.set_go(s, None);
                                }
                            }
                        }
                        for _ in 0..k / 2 {
                            take(
                                open[rng.random_range(0..open.len())],
                                &mut removed,
                                &mut mark,
                            );
                        }
                    }
                }
                Ruin::Year => {
                    let y = rng.random_range(0..t);
                    let mut cands: Vec<usize> = open
                        .iter()
                        .copied()
                        .filter(|&s| self.plan.go[s] == Some(y))
                        .collect();
                    for _ in 0..k.min(cands.len()) {
                        let i = rng.random_range(0..cands.len());
                        take(cands.swap_remove(i), &mut removed, &mut mark);
                    }
                    for _ in 0..k / 2 {
                        take(
                            open[rng.random_range(0..open.len())],
                            &mut removed,
                            &mut mark,
                        );
                    }
                }
            }
            // Dependents of a removed service go too.
            let mut i = 0;
            while i < removed.len() {
                let s = removed[i];
                for &q in &inst.svc[s].rdeps {
                    if self.plan.go[q].is_some() && !mark[q] {
                        mark[q] = true;
                        removed.push(q);
                    }
                }
                i += 1;
            }
            for &s in &removed {
                self.set_go(s, None);
                let noise = 0.7 + 0.6 * rng.random::<f64>();
                key[s] = self.density[s] * noise;
                if inst.svc[s].forced {
                    class[s] = 2;
                }
            }
            removed.sort_by(|&a, &b| {
                let (va, vb) = (&inst.svc[a], &inst.svc[b]);
                class[b]
                    .cmp(&class[a])
                    .then(key[b].total_cmp(&key[a]))
                    .then(va.hi.cmp(&vb.hi))
                    .then(a.cmp(&b))
            });
            let mut ok = true;
            for &s in &removed {
                mark[s] = false;
                class[s] = 0;
                if self.plan.go[s].is_some() {
                    continue;
                }
                let v = &inst.svc[s];
                let latest = if v.forced { v.hi } else { t - 1 };
                if self.place_with_deps(s, latest, 0).is_none() && v.forced {
                    ok = false;
                }
            }
            ok &= inst.relax.budget || (0..t).all(|y| fits(self.bud_used[y], inst.budget_at(y)));
            let obj = if ok && self.targets_ok() {
                self.plan.objective(inst)
            } else {
                f64::NEG_INFINITY
            };
            // Sideways steps are taken (they move the search on plateaus).
            if obj.is_finite() && obj >= cur - 1e-9 * cur.abs().max(1.0) {
                cur = obj;
                if cur > best_obj + 1e-9 * best_obj.abs().max(1.0) {
                    best_obj = cur;
                    best.clone_from(&self.plan);
                }
            } else {
                self.rollback(0);
            }
        }
        if self.plan != best {
            self.load(&best);
        }
        self.journal.clear();
        self.fixed = was_fixed;
        best_obj > start + 1e-9 * start.abs().max(1.0)
    }

    /// Ejection move: bring a valuable service into an earlier year by
    /// taking less dense services out of that year (its entity's capacity,
    /// or the year's budget) and putting them back wherever they fit;
    /// kept when the objective improves. Services in density order, each
    /// tried at its earliest years first.
    ///
    /// Cost per pass: O(services x years x (ejected + year size)).
    fn pull_earlier(&mut self, deadline: Option<Instant>) -> bool {
        let inst = self.inst;
        let t = inst.t;
        let mut order: Vec<usize> = inst
            .open()
            .filter(|&s| inst.svc[s].reach && self.density[s] > 0.0)
            .collect();
        order.sort_by(|&a, &b| self.density[b].total_cmp(&self.density[a]).then(a.cmp(&b)));
        let mut by_year: Vec<Vec<usize>> = vec![Vec::new(); t];
        for s in inst.open() {
            if let Some(g) = self.plan.go[s] {
                by_year[g].push(s);
            }
        }
        for list in by_year.iter_mut() {
            list.sort_by(|&a, &b| self.density[a].total_cmp(&self.density[b]).then(a.cmp(&b)));
        }
        let mut improved = false;
        let mut ejected: Vec<usize> = Vec::new();
        let mut gone = vec![false; inst.svc.len()];
        for (n, &s) in order.iter().enumerate() {
            if n % 16 == 0 && deadline.is_some_and(|d| Instant::now() > d) {
                break;
            }
            let v = &inst.svc[s];
            let g = self.plan.go[s].unwrap_or(t);
            for y in v.lo..g.min(t) {
                if !v.allowed[y]
                    || v.deps
                        .iter()
                        .any(|&p| self.plan.go[p].map_or(true, |gp| gp > y))
                    || v.blocks
                        .iter()
                        .any(|&b| self.plan.avail(inst, b).map_or(true, |a| a > y))
                {
                    continue;
                }
                let before = self.plan.objective(inst);
                let cp = self.checkpoint();
                self.set_go(s, None);
                ejected.clear();
                let mut ok = true;
                // Capacity of its entity in y, then the budget of y.
                for pass in 0..2 {
                    let need = |h: &Self| match (pass, v.ent) {
                        (0, Some(e)) => {
                            !inst.relax.capacity
                                && !fits(h.cap_used[e][y] + v.effort, inst.cap[e][y])
                        }
                        (1, _) => {
                            !inst.relax.budget && !fits(h.bud_used[y] + v.cost, inst.budget_at(y))
                        }
                        _ => false,
                    };
                    let mut i = 0;
                    while ok && need(self) {
                        let list = &by_year[y];
                        let next = (i..list.len()).find(|&j| {
                            let q = list[j];
                            q != s
                                && !gone[q]
                                && self.plan.go[q] == Some(y)
                                && (pass == 1 || inst.svc[q].ent == v.ent)
                        });
                        let Some(j) = next else {
                            ok = false;
                            break;
                        };
                        i = j + 1;
                        let q = by_year[y][j];
                        // q and every placed dependent of it.
                        let mut stack = vec![q];
                        while let Some(r) = stack.pop() {
                            if gone[r] || self.plan.go[r].is_none() {
                                continue;
                            }
                            gone[r] = true;
                            ejected.push(r);
                            self.set_go(r, None);
                            stack.extend(inst.svc[r].rdeps.iter().copied());
                        }
                    }
                }
                ok = ok && self.try_place(s, y);
                if ok {
                    ejected.sort_by(|&a, &b| {
                        let (fa, fb) = (inst.svc[a].forced, inst.svc[b].forced);
                        fb.cmp(&fa)
                            .then(self.density[b].total_cmp(&self.density[a]))
                            .then(a.cmp(&b))
                    });
                    for &q in &ejected {
                        if self.plan.go[q].is_some() {
                            continue;
                        }
                        let w = &inst.svc[q];
                        let latest = if w.forced { w.hi } else { t - 1 };
                        if self.place_with_deps(q, latest, 0).is_none() && w.forced {
                            ok = false;
                        }
                    }
                }
                for &q in &ejected {
                    gone[q] = false;
                }
                if ok && self.targets_ok() && improves(self.plan.objective(inst), before) {
                    improved = true;
                    self.journal.clear();
                    if let Some(gs) = self.plan.go[s] {
                        by_year[gs].push(s);
                    }
                    for &q in &ejected {
                        if let Some(gq) = self.plan.go[q] {
                            by_year[gq].push(q);
                        }
                    }
                    for list in by_year.iter_mut() {
                        list.sort_by(|&a, &b| {
                            self.density[a].total_cmp(&self.density[b]).then(a.cmp(&b))
                        });
                        list.dedup();
                    }
                    break;
                }
                self.rollback(cp);
            }
        }
        improved
    }

    /// Replace the state by `plan` (recomputing the resources it uses).
    fn load(&mut self, plan: &Plan) {
        let density = std::mem::take(&mut self.density);
        *self = Heur::blank(self.inst, density, self.fixed);
        for (b, a) in plan.acq.iter().enumerate() {
            self.apply_acq(b, None, *a);
        }
        for (s, g) in plan.go.iter().enumerate() {
            self.apply_go(s, None, *g);
        }
    }
}

/// Capacity and budget weights of the density grid [`block_search`] tries.
const WEIGHTS: [(f64, f64); 7] = [
    (1.0, 0.0),
    (1.0, 0.25),
    (1.0, 0.5),
    (1.0, 1.0),
    (1.0, 2.0),
    (1.0, 4.0),
    (0.0, 1.0),
];

/// Local search over the acquisitions. With the acquisitions of `start`
/// fixed, the density weights of [`WEIGHTS`] are tried (block costs are
/// sunk); then, one block at a time, every (option, start year) and "not
/// acquired", each evaluated by a full construction with the acquisitions
/// fixed; the best is kept, and the weights are tried again. Repeats
/// while it improves, until `deadline`.
///
/// Cost: (blocks x options x years + weights) constructions per pass.
fn block_search<'a>(
    inst: &'a Inst,
    start: &Plan,
    deadline: Option<Instant>,
    prices: Option<&Prices>,
) -> Option<Heur<'a>> {
    let time_up = || deadline.is_some_and(|d| Instant::now() > d);
    let mut dens: Vec<Vec<f64>> = WEIGHTS
        .iter()
        .map(|&(cw, bw)| densities(inst, cw, bw, false))
        .collect();
    if let Some(p) = prices {
        dens.push(priced_densities(inst, p));
    }
    let better = |h: &Heur<'_>, best: &Option<Heur<'_>>| {
        best.as_ref().map_or(true, |b| {
            improves(h.plan.objective(inst), b.plan.objective(inst))
        })
    };
    let mut best: Option<Heur<'a>> = None;
    let mut acq = start.acq.clone();
    let pick_density = |acq: &[Option<(usize, usize)>], best: &mut Option<Heur<'a>>| {
        for d in &dens {
            if time_up() && best.is_some() {
                return;
            }
            if let Some(h) = Heur::with_blocks(inst, acq, d) {
                if better(&h, best) {
                    *best = Some(h);
                }
            }
        }
    };
    pick_density(&acq, &mut best);
    best.as_ref()?;
    let useful: Vec<usize> = (0..inst.blk.len())
        .filter(|&b| inst.blk[b].last_useful.is_some() && !inst.blk[b].options.is_empty())
        .collect();
    for _pass in 0..4 {
        let before = best.as_ref().map_or(0.0, |b| b.plan.objective(inst));
        for &b in &useful {
            let blk = &inst.blk[b];
            let Some(cur) = best.as_ref() else { break };
            let density = cur.density.clone();
            let here = cur.plan.acq[b];
            let mut cands: Vec<Option<(usize, usize)>> = vec![None];
            for o in 0..blk.options.len() {
                cands.extend(
                    (0..inst.t)
                        .filter(|&y0| blk.start_ok(o, y0))
                        .map(|y0| Some((o, y0))),
                );
            }
            for c in cands.into_iter().filter(|&c| c != here) {
                if time_up() {
                    return best;
                }
                acq[b] = c;
                if let Some(h) = Heur::with_blocks(inst, &acq, &density) {
                    if better(&h, &best) {
                        best = Some(h);
                    }
                }
            }
            if let Some(h) = best.as_ref() {
                acq.clone_from(&h.plan.acq);
            }
        }
        pick_density(&acq, &mut best);
        let after = best.as_ref().map_or(0.0, |b| b.plan.objective(inst));
        if !improves(after, before) || time_up() {
            break;
        }
    }
    best
}

/// Keep `h` as `best` when it has the better plan (ties: the earlier one).
fn keep_better<'a>(inst: &Inst, best: &mut Option<Heur<'a>>, h: Heur<'a>) {
    if best.as_ref().map_or(true, |b| {
        h.plan.objective(inst) > b.plan.objective(inst) + 1e-9
    }) {
        *best = Some(h);
    }
}

/// Run the heuristic. `report(objective)` is called after construction and
/// after each improving round; it returns false to stop.
pub(crate) fn run(
    inst: &Inst,
    deadline: Option<Instant>,
    report: &mut dyn FnMut(f64) -> bool,
) -> HeurResult {
    run_with(inst, deadline, report, None, None)
}

/// Run the heuristic with resource prices (e.g. LP duals) as one more
/// density to build from. `prices` is asked for them after the first
/// plan is reported (so an LP may still be solving elsewhere meanwhile).
pub(crate) fn run_priced(
    inst: &Inst,
    deadline: Option<Instant>,
    report: &mut dyn FnMut(f64) -> bool,
    prices: &mut dyn FnMut() -> Option<Prices>,
) -> HeurResult {
    run_with(inst, deadline, report, None, Some(prices))
}

/// Run the heuristic with a given priority per service (higher first)
/// instead of the value density, e.g. the value-weighted earliness of an LP
/// relaxation's solution.
pub(crate) fn run_with(
    inst: &Inst,
    deadline: Option<Instant>,
    report: &mut dyn FnMut(f64) -> bool,
    priority: Option<&[f64]>,
    prices: Option<&mut dyn FnMut() -> Option<Prices>>,
) -> HeurResult {
    // Several constructions (density variants, blocks first or on demand);
    // the best one is improved.
    let mut best: Option<Heur<'_>> = None;
    let modes: &[u8] = if priority.is_some() { &[0] } else { &[0, 1, 2] };
    for &mode in modes {
        for pre in [false, true] {
            let mut h = Heur::with_mode(inst, mode);
            if let Some(p) = priority {
                if p.len() == h.density.len() {
                    // Ties (and services the LP leaves out) by density.
                    let max = h.density.iter().cloned().fold(0.0, f64::max).max(1e-12);
                    for (d, &q) in h.density.iter_mut().zip(p) {
                        if *d > 0.0 {
                            *d = q + 1e-6 * *d / max;
                        }
                    }
                }
            }
            if pre {
                h.preacquire();
            }
            if h.construct() {
                keep_better(inst, &mut best, h);
            }
        }
    }
    // Perturbed restarts (seeded, a fixed number: deterministic): the
    // density of each service times a random factor in [0.75, 1.25].
    if priority.is_none() {
        use rand::{Rng, SeedableRng};
        let n = inst.svc.len().max(1);
        let restarts = (20_000 / n).clamp(2, 24);
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5ca1e);
        for k in 0..restarts {
            if deadline.is_some_and(|d| Instant::now() > d) {
                break;
            }
            let mut h = Heur::with_mode(inst, (k % 3) as u8);
            for d in h.density.iter_mut() {
                *d *= 0.75 + 0.5 * rng.random::<f64>();
            }
            if k % 2 == 1 {
                h.preacquire();
            }
            if h.construct() {
                keep_better(inst, &mut best, h);
            }
        }
    }
    let Some(mut h) = best else {
        return HeurResult {
            plan: None,
            stopped: false,
        };
    };
    h.journal.clear();
    // The first plan is out as soon as there is one.
    if !report(h.plan.objective(inst)) {
        return finish(h, true);
    }
    if priority.is_none() {
        let prices = prices.and_then(|f| f());
        if let Some(mut b) = block_search(inst, &h.plan, deadline, prices.as_ref()) {
            if b.plan.objective(inst) > h.plan.objective(inst) + 1e-9 {
                b.fixed = false;
                b.journal.clear();
                h = b;
                if !report(h.plan.objective(inst)) {
                    return finish(h, true);
                }
            }
        }
    }
    if priority.is_none() {
        let iters = ruin_iterations(inst);
        if h.ruin_recreate(iters, 0x5ca1e, deadline) && !report(h.plan.objective(inst)) {
            return finish(h, true);
        }
    }
    if priority.is_none() {
        h.fixed = true;
        for _ in 0..3 {
            if !h.pull_earlier(deadline) {
                break;
            }
        }
        h.fixed = false;
        h.journal.clear();
    }
    for _round in 0..8 {
        if deadline.is_some_and(|d| Instant::now() > d) {
            break;
        }
        let mut improved = h.move_earlier(deadline);
        improved |= h.insert_rest(true);
        improved |= h.swaps(deadline);
        improved |= h.delay_blocks(deadline);
        improved |= h.move_earlier(deadline);
        h.journal.clear();
        if !improved {
            break;
        }
        if !report(h.plan.objective(inst)) {
            return finish(h, true);
        }
    }
    finish(h, false)
}

/// A plan grown from the acquisitions `acq` (the LP relaxation's,
/// rounded): the block search from them (which starts with the best
/// density construction over them), then ruin-and-recreate (whose block
/// moves may move them too; placements acquire nothing unless the block
/// search moved them).
/// Deterministic; None when the acquisitions overrun the budget or nothing
/// fits.
///
/// The block search is a local search: from the constructions'
/// acquisitions it can stay far from the best ones. On 1000 x 8 x 30 x 20
/// it ends at acquisitions whose LP bound is 151.10M; started from the
/// LP's, at the best plan's (151.59M).
#[cfg(feature = "highs")]
pub(crate) fn from_acquisitions(
    inst: &Inst,
    acq: &[Option<(usize, usize)>],
    deadline: Option<Instant>,
) -> Option<Plan> {
    let mut start = Plan::empty(inst);
    start.acq = acq.to_vec();
    let mut h = block_search(inst, &start, deadline, None)?;
    h.journal.clear();
    // The search only accepts better acquisitions: moved ones improved.
    h.fixed = h.plan.acq == acq;
    h.ruin_recreate(ruin_iterations(inst), 0x5ca1e, deadline);
    finish(h, false).plan
}

/// A plan rounded from an LP solution: `x` holds the go-live weight of
/// every service in every year, `acq` the acquisitions to round over.
///
/// Year by year, the services the LP puts live in full that year are
/// placed first (together they fit its capacity and budget rows), then
/// those it only partly puts live by then (rounded up where the cumulative
/// weight reaches one half) and those carried over from earlier years,
/// densest first; services with a deadline go before both. What the LP
/// leaves out is inserted where it fits, and ruin-and-recreate (which may
/// move acquisitions too) improves the result until `deadline`.
///
/// None when the acquisitions overrun the budget, a deadline or a target
/// cannot be met. Deterministic.
///
/// On 5000 x 10 x 40 x 50 the LP is integral on 90% of the services, and
/// the rounded plan (1209.4M in 0.2 s) beats the heuristic's constructions
/// and searches (1200.6M). Cost: O(services x years) placements, plus the
/// search.
#[cfg(feature = "highs")]
pub(crate) fn from_lp(
    inst: &Inst,
    acq: &[Option<(usize, usize)>],
    x: &[Vec<f64>],
    deadline: Option<Instant>,
) -> Option<Plan> {
    let t = inst.t;
    let mut h = Heur::acquired(inst, acq, densities(inst, 1.0, 1.0, false))?;
    let pos = topo_positions(inst);
    // The year its cumulative weight reaches one half (T: never).
    let year = |s: usize| {
        let mut c = 0.0;
        for (y, &v) in x[s].iter().enumerate() {
            c += v;
            if c >= 0.5 - 1e-9 {
                return y;
            }
        }
        t
    };
    let mut whole: Vec<Vec<usize>> = vec![Vec::new(); t];
    let mut part: Vec<Vec<usize>> = vec![Vec::new(); t];
    for s in inst.open() {
        let y = year(s);
        if y < t && super::milp::integral_year(&x[s]).is_some() {
            whole[y].push(s);
        } else if y < t {
            part[y].push(s);
        }
    }
    let mut carry: Vec<usize> = Vec::new();
    for y in 0..t {
        // Services with a deadline first: carried over, then this year's.
        let mut urgent: Vec<usize> = Vec::new();
        for list in [&mut carry, &mut whole[y], &mut part[y]] {
            list.retain(|&s| {
                let keep = !inst.svc[s].forced;
                if !keep {
                    urgent.push(s);
                }
                keep
            });
        }
        urgent.sort_by_key(|&s| (inst.svc[s].hi, pos[s]));
        urgent.retain(|&s| !(inst.svc[s].allowed[y] && h.try_place(s, y)));
        carry.append(&mut urgent);
        whole[y].sort_by_key(|&s| pos[s]);
        for &s in &whole[y] {
            if !(inst.svc[s].allowed[y] && h.try_place(s, y)) {
                carry.push(s);
            }
        }
        carry.append(&mut part[y]);
        carry.sort_by(|&a, &b| {
            let (va, vb) = (&inst.svc[a], &inst.svc[b]);
            vb.forced
                .cmp(&va.forced)
                .then(h.density[b].total_cmp(&h.density[a]))
                .then(a.cmp(&b))
        });
        for _ in 0..2 {
            carry.retain(|&s| !(inst.svc[s].allowed[y] && h.try_place(s, y)));
        }
    }
    // Deadlines no year had room for, as the construction places them.
    let mut forced: Vec<usize> = inst
        .open()
        .filter(|&s| inst.svc[s].forced && h.plan.go[s].is_none())
        .collect();
    forced.sort_by_key(|&s| (inst.svc[s].hi, pos[s]));
    for s in forced {
        h.place_with_deps(s, inst.svc[s].hi, 0)?;
    }
    if !h.targets_ok() {
        return None;
    }
    h.journal.clear();
    h.insert_rest(true);
    h.move_earlier(deadline);
    h.journal.clear();
    h.ruin_recreate(ruin_iterations(inst), 0x5ca1e, deadline);
    h.journal.clear();
    finish(h, false).plan
}

/// Ruin-and-recreate steps for an instance: a fixed number (so the plan is
/// deterministic), 50 per service up to about a second of search on one
/// core.
fn ruin_iterations(inst: &Inst) -> usize {
    let n = inst.svc.len().max(1);
    (50 * n).min(20_000_000 / n).clamp(50, 50_000)
}

fn finish(mut h: Heur<'_>, stopped: bool) -> HeurResult {
    // Services of no value last, at their earliest year (they cost nothing
    // in value, and a complete roadmap is more useful).
    h.insert_rest(false);
    h.journal.clear();
    HeurResult {
        plan: Some(h.plan),
        stopped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::generate;
    use crate::plan::presolve::{presolve, Relax};

    fn instance(seed: u64, n: usize) -> Inst {
        let (c, sc) = generate(&crate::plan::tests::varied(seed, n));
        presolve(&c, &sc, Relax::default())
    }

    /// A constructed (not yet improved) heuristic state.
    fn constructed(inst: &Inst) -> Option<Heur<'_>> {
        let mut h = Heur::with_mode(inst, 0);
        if !h.construct() {
            return None;
        }
        h.journal.clear();
        Some(h)
    }

    #[test]
    #[cfg(feature = "highs")]
    fn rounding_an_integral_solution_loses_nothing() {
        let mut rounded = 0;
        for seed in 0..6u64 {
            let inst = instance(seed, 120);
            let Some(plan) = run(&inst, None, &mut |_| true).plan else {
                continue;
            };
            let x = plan.weights(&inst);
            let back = from_lp(&inst, &plan.acq, &x, None).expect("a rounded plan");
            assert!(
                back.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                back.violations(&inst)
            );
            let (a, b) = (plan.objective(&inst), back.objective(&inst));
            assert!(b >= a - 1e-6 * a.abs(), "seed {seed}: {a} -> {b}");
            rounded += 1;
        }
        assert!(rounded >= 4, "only {rounded} catalogues had a plan");
    }

    #[test]
    #[cfg(feature = "highs")]
    fn plans_rounded_from_the_relaxation_hold_and_can_beat_the_search() {
        let mut beat = 0;
        for seed in 0..6u64 {
            let inst = instance(seed, 200);
            let Some(lp) = crate::plan::relaxation(&inst, 30.0) else {
                continue;
            };
            let (Some(acq), Some(x)) = (lp.acq, lp.x) else {
                continue;
            };
            let Some(p) = from_lp(&inst, &acq, &x, None) else {
                continue;
            };
            assert!(
                p.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                p.violations(&inst)
            );
            let bound = lp.bound.expect("an LP bound");
            assert!(p.objective(&inst) <= bound * (1.0 + 1e-9) + 1e-6);
            let heur = run(&inst, None, &mut |_| true).plan.expect("a plan");
            beat += usize::from(p.objective(&inst) > heur.objective(&inst) + 1e-6);
        }
        assert!(beat > 0, "the rounded LP never beat the heuristic");
    }

    #[test]
    fn ruin_and_recreate_keeps_every_constraint_and_never_loses() {
        for seed in 0..8u64 {
            let inst = instance(seed, 80 + 10 * seed as usize);
            let Some(mut h) = constructed(&inst) else {
                continue;
            };
            let before = h.plan.objective(&inst);
            let improved = h.ruin_recreate(400, seed, None);
            let after = h.plan.objective(&inst);
            assert!(after >= before - 1e-6, "seed {seed}: {before} -> {after}");
            assert_eq!(improved, after > before + 1e-9 * before.max(1.0));
            assert!(
                h.plan.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                h.plan.violations(&inst)
            );
            // The resources it keeps track of are those of the plan.
            let mut fresh = Heur::with_mode(&inst, 0);
            fresh.load(&h.plan);
            assert_eq!(fresh.bud_used.len(), h.bud_used.len());
            for (a, b) in fresh.bud_used.iter().zip(&h.bud_used) {
                assert!(
                    (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                    "seed {seed}: budget {a} vs {b}"
                );
            }
            for (ra, rb) in fresh.cap_used.iter().zip(&h.cap_used) {
                for (a, b) in ra.iter().zip(rb) {
                    assert!(
                        (a - b).abs() <= 1e-6 * a.abs().max(1.0),
                        "seed {seed}: capacity {a} vs {b}"
                    );
                }
            }
        }
    }

    #[test]
    fn ejection_and_block_search_keep_every_constraint() {
        for seed in 0..8u64 {
            let inst = instance(seed + 20, 60 + 15 * seed as usize);
            let Some(mut h) = constructed(&inst) else {
                continue;
            };
            let before = h.plan.objective(&inst);
            h.fixed = true;
            let improved = h.pull_earlier(None);
            let after = h.plan.objective(&inst);
            assert!(after >= before - 1e-6, "seed {seed}: {before} -> {after}");
            assert!(!improved || after > before, "seed {seed}");
            assert!(
                h.plan.violations(&inst).is_empty(),
                "seed {seed}: {:?}",
                h.plan.violations(&inst)
            );
            if let Some(b) = block_search(&inst, &h.plan, None, None) {
                assert!(
                    b.plan.violations(&inst).is_empty(),
                    "seed {seed}: {:?}",
                    b.plan.violations(&inst)
                );
            }
        }
    }

    #[test]
    fn the_search_finds_better_plans_than_the_greedy_construction() {
        // Over a handful of generated catalogues, the full heuristic (with
        // its searches) must beat the plain construction somewhere and
        // never lose to it.
        let mut gains = 0;
        for seed in 0..6u64 {
            let inst = instance(seed, 150);
            let Some(h) = constructed(&inst) else {
                continue;
            };
            let greedy = h.plan.objective(&inst);
            let full = run(&inst, None, &mut |_| true).plan.expect("a plan");
            let obj = full.objective(&inst);
            assert!(obj >= greedy - 1e-6, "seed {seed}: {obj} < {greedy}");
            if obj > greedy * 1.001 {
                gains += 1;
            }
        }
        assert!(gains >= 2, "the search improved only {gains} of 6 plans");
    }
}
