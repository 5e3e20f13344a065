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
use super::solution::Plan;
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
}

/// Result of a heuristic run.
pub(crate) struct HeurResult {
    pub plan: Option<Plan>,
    /// Stopped by the progress callback.
    pub stopped: bool,
}

impl<'a> Heur<'a> {
    pub fn new(inst: &'a Inst) -> Self {
        let t = inst.t;
        let mut h = Heur {
            inst,
            plan: Plan::empty(inst),
            cap_used: vec![vec![0.0; t]; inst.cap.len()],
            bud_used: vec![0.0; t],
            tgt_got: inst.targets.iter().map(|tg| tg.done_w).collect(),
            journal: Vec::new(),
            density: Vec::new(),
        };
        h.density = h.densities(0);
        h
    }

    /// Value density; `mode` 0 weighs capacity and budget, 1 budget only,
    /// 2 capacity only.
    fn densities(&self, mode: u8) -> Vec<f64> {
        let inst = self.inst;
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
                let mut val = v.value;
                for &l in &v.events {
                    let ev = &inst.life[l];
                    val += ev.weight / ev.open.len().max(1) as f64;
                }
                let mut res = 0.0;
                if let (Some(e), true) = (v.ent, mode != 1 || mean_bud.is_none()) {
                    res += v.effort / mean_cap[e];
                }
                if let (Some(mb), true) = (mean_bud, mode != 2) {
                    res += v.cost / mb;
                    for &b in &v.blocks {
                        let c = inst.blk[b]
                            .options
                            .iter()
                            .map(|o| o.0)
                            .fold(f64::INFINITY, f64::min);
                        if c.is_finite() {
                            res += c / mb / users[b].max(1) as f64;
                        }
                    }
                }
                val / (res + 1e-6)
            })
            .collect()
    }

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
        let mut pos = vec![0usize; inst.svc.len()];
        for (k, &s) in inst.topo.iter().enumerate() {
            pos[s] = k;
        }
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

/// Run the heuristic. `report(objective)` is called after construction and
/// after each improving round; it returns false to stop.
pub(crate) fn run(
    inst: &Inst,
    deadline: Option<Instant>,
    report: &mut dyn FnMut(f64) -> bool,
) -> HeurResult {
    run_with(inst, deadline, report, None)
}

/// Run the heuristic with a given priority per service (higher first)
/// instead of the value density, e.g. the value-weighted earliness of an LP
/// relaxation's solution.
pub(crate) fn run_with(
    inst: &Inst,
    deadline: Option<Instant>,
    report: &mut dyn FnMut(f64) -> bool,
    priority: Option<&[f64]>,
) -> HeurResult {
    // Several constructions (density variants, blocks first or on demand);
    // the best one is improved.
    let mut best: Option<Heur<'_>> = None;
    let modes: &[u8] = if priority.is_some() { &[0] } else { &[0, 1, 2] };
    for &mode in modes {
        for pre in [false, true] {
            let mut h = Heur::new(inst);
            h.density = h.densities(mode);
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
            if !h.construct() {
                continue;
            }
            let better = best.as_ref().map_or(true, |b| {
                h.plan.objective(inst) > b.plan.objective(inst) + 1e-9
            });
            if better {
                best = Some(h);
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
            let mut h = Heur::new(inst);
            h.density = h.densities((k % 3) as u8);
            for d in h.density.iter_mut() {
                *d *= 0.75 + 0.5 * rng.random::<f64>();
            }
            if k % 2 == 1 {
                h.preacquire();
            }
            if !h.construct() {
                continue;
            }
            let better = best.as_ref().map_or(true, |b| {
                h.plan.objective(inst) > b.plan.objective(inst) + 1e-9
            });
            if better {
                best = Some(h);
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
    if !report(h.plan.objective(inst)) {
        return finish(h, true);
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
