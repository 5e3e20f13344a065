//! Presolve: index the catalogue and scenario, and derive from MODEL.md the
//! earliest and latest go-live year of every open service.
//!
//! Everything here is implied by the model, so dropping what it rules out
//! never changes the optimum:
//! - a service cannot go live before its `earliest_year`, before its blocks
//!   can be available (fastest option started in year 1), nor before its
//!   prerequisites (earliest years propagate forward along `depends_on`);
//! - a service cannot go live in a year where its effort exceeds its
//!   entity's capacity or its cost exceeds the budget;
//! - a deadline forces a go-live by that year, and its prerequisites must
//!   be at target by then too (deadlines propagate backward);
//! - an acquisition whose block would become available after the last year
//!   any service could use it is useless;
//! - a service that can never go live within the horizon is fixed at 0 and
//!   reported as unreachable, with the reason.
//!
//! Years are 0-based plan-year indices here (`y = t - 1`).

use crate::model::{BlockStatus, Catalogue, Scenario, Unreachable, WeightedBy};
use std::collections::HashMap;

/// Small tolerance for comparing money and person-months.
pub(crate) const EPS: f64 = 1e-9;

/// `a <= b` up to a relative tolerance.
pub(crate) fn fits(a: f64, b: f64) -> bool {
    a <= b + EPS * (1.0 + b.abs())
}

/// Why a service cannot go live before its first possible year.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Lo {
    /// Plan year 1: nothing holds it back.
    Start,
    /// Its `earliest_year`.
    Earliest(i32),
    /// A block whose fastest option is available only then.
    Block(usize),
    /// A prerequisite that cannot go live earlier.
    Dep(usize),
    /// Its effort exceeds the entity's capacity in the earlier years.
    Capacity,
    /// Its cost exceeds the budget in the earlier years.
    Budget,
}

/// One service of the catalogue, indexed.
#[derive(Clone, Debug)]
pub(crate) struct Svc {
    pub id: String,
    /// At target before year 1.
    pub done: bool,
    /// Open and able to go live within the horizon.
    pub reach: bool,
    pub ent: Option<usize>,
    pub effort: f64,
    pub cost: f64,
    pub value: f64,
    pub demand: f64,
    pub interactions: f64,
    /// Missing blocks it needs (indices into `Inst::blk`).
    pub blocks: Vec<usize>,
    /// Open prerequisites (indices into `Inst::svc`).
    pub deps: Vec<usize>,
    /// Open services that depend on it.
    pub rdeps: Vec<usize>,
    /// First possible go-live year.
    pub lo: usize,
    pub lo_why: Lo,
    /// Last allowed go-live year (deadline, own or inherited), else T-1.
    pub hi: usize,
    /// Must go live by `hi` (a deadline within the horizon applies).
    pub forced: bool,
    /// The service whose deadline sets `hi` (itself, or a dependent).
    pub hi_from: Option<usize>,
    /// Go-live allowed in year y (within lo..=hi, effort and cost fit).
    pub allowed: Vec<bool>,
    /// Life events it belongs to.
    pub events: Vec<usize>,
}

/// A building block, indexed.
#[derive(Clone, Debug)]
pub(crate) struct Blk {
    pub id: String,
    pub missing: bool,
    /// (cost, lead years) per option.
    pub options: Vec<(f64, usize)>,
    /// Last year a reachable service needing it can go live; None = unused.
    pub last_useful: Option<usize>,
}

impl Blk {
    /// Fastest lead time, when it has options.
    pub fn fastest(&self) -> Option<usize> {
        self.options.iter().map(|o| o.1).min()
    }
    /// Whether option `o` may start in year `y0` (available in time to be
    /// useful).
    pub fn start_ok(&self, o: usize, y0: usize) -> bool {
        match (self.options.get(o), self.last_useful) {
            (Some(&(_, lead)), Some(last)) => y0 + lead <= last,
            _ => false,
        }
    }
}

/// A life event, indexed.
#[derive(Clone, Debug)]
pub(crate) struct Life {
    pub weight: f64,
    /// Open services in it (done ones are always at target).
    pub open: Vec<usize>,
    /// It can never be complete (an unreachable or unknown service).
    pub never: bool,
}

/// A target as a plan-year row.
#[derive(Clone, Debug)]
pub(crate) struct Tgt {
    pub y: usize,
    pub year: i32,
    pub share: f64,
    pub by: WeightedBy,
    /// `share * total weight`.
    pub need: f64,
    /// Weight of the services done before year 1.
    pub done_w: f64,
}

impl Tgt {
    /// Weight of service `s` in this target.
    pub fn w(&self, s: &Svc) -> f64 {
        match self.by {
            WeightedBy::Count => 1.0,
            WeightedBy::Demand => s.demand,
        }
    }
}

/// What to leave out, to diagnose an infeasible scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Relax {
    pub capacity: bool,
    pub budget: bool,
    pub targets: bool,
    pub deadlines: bool,
}

/// The presolved instance.
#[derive(Clone, Debug)]
pub(crate) struct Inst {
    /// Horizon T.
    pub t: usize,
    pub start_year: i32,
    pub svc: Vec<Svc>,
    pub blk: Vec<Blk>,
    pub ent_ids: Vec<String>,
    /// Capacity per entity and year (times `capacity_factor`).
    pub cap: Vec<Vec<f64>>,
    /// Budget per year; None = unlimited.
    pub budget: Option<Vec<f64>>,
    pub life: Vec<Life>,
    pub targets: Vec<Tgt>,
    pub unreachable: Vec<Unreachable>,
    /// Conflicts proven by presolve (the scenario is infeasible).
    pub conflicts: Vec<String>,
    /// Services in dependency order (prerequisites first).
    pub topo: Vec<usize>,
    pub relax: Relax,
}

impl Inst {
    /// Calendar year of year index `y`.
    pub fn year(&self, y: usize) -> i32 {
        self.start_year + y as i32
    }
    /// Budget in year y (infinite when unlimited or relaxed).
    pub fn budget_at(&self, y: usize) -> f64 {
        match &self.budget {
            Some(b) if !self.relax.budget => b.get(y).copied().unwrap_or(0.0),
            _ => f64::INFINITY,
        }
    }
    /// Open, reachable services.
    pub fn open(&self) -> impl Iterator<Item = usize> + '_ {
        self.svc
            .iter()
            .enumerate()
            .filter(|(_, s)| s.reach)
            .map(|(i, _)| i)
    }
    /// Describe why `s` cannot go live before `lo`, in words.
    pub fn lo_words(&self, s: usize) -> String {
        let Some(v) = self.svc.get(s) else {
            return String::new();
        };
        let first = self.year(v.lo);
        match &v.lo_why {
            Lo::Start => format!("{first} is the first plan year"),
            Lo::Earliest(y) => format!("its earliest year is {y}"),
            Lo::Block(b) => {
                let blk = &self.blk[*b];
                format!(
                    "it needs {}, whose fastest option takes {} year(s) and is available in {} at the earliest",
                    blk.id,
                    blk.fastest().unwrap_or(0),
                    self.year(blk.fastest().unwrap_or(0))
                )
            }
            Lo::Dep(p) => format!(
                "it depends on {}, which can reach its target in {} at the earliest",
                self.svc[*p].id,
                self.year(self.svc[*p].lo)
            ),
            Lo::Capacity => format!(
                "its effort of {} person-months exceeds the capacity of {} in every year before {first}",
                num(v.effort),
                v.ent.map(|e| self.ent_ids[e].as_str()).unwrap_or("its entity")
            ),
            Lo::Budget => format!(
                "its cost of {} exceeds the budget in every year before {first}",
                num(v.cost)
            ),
        }
    }
}

/// Replace the leading "it"/"its" of a reason by the service's name.
pub(crate) fn name_it(id: &str, reason: &str) -> String {
    if let Some(rest) = reason.strip_prefix("its ") {
        format!("{id}'s {rest}")
    } else if let Some(rest) = reason.strip_prefix("it ") {
        format!("{id} {rest}")
    } else {
        reason.to_owned()
    }
}

/// A number for people: integers without decimals, others with at most 2.
pub(crate) fn num(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        let s = format!("{x:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// Build the presolved instance. Never panics on unknown ids: a reference
/// the catalogue does not define makes the service unreachable.
pub(crate) fn presolve(cat: &Catalogue, sc: &Scenario, relax: Relax) -> Inst {
    let t = sc.horizon.max(1) as usize;
    let start_year = cat.start_year;
    let year = |y: usize| start_year + y as i32;

    let ent_index: HashMap<&str, usize> = cat
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let blk_index: HashMap<&str, usize> = cat
        .building_blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let svc_index: HashMap<&str, usize> = cat
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let wf_index: HashMap<&str, usize> = cat
        .workflows
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id.as_str(), i))
        .collect();

    let factor = sc.capacity_factor;
    let cap: Vec<Vec<f64>> = cat
        .entities
        .iter()
        .map(|e| {
            (0..t)
                .map(|y| {
                    if relax.capacity {
                        f64::INFINITY
                    } else {
                        e.capacity.at(y + 1) * factor
                    }
                })
                .collect()
        })
        .collect();
    let budget: Option<Vec<f64>> = sc
        .budget
        .as_ref()
        .map(|b| (0..t).map(|y| b.at(y + 1)).collect());

    let mut blk: Vec<Blk> = cat
        .building_blocks
        .iter()
        .map(|b| Blk {
            id: b.id.0.clone(),
            missing: b.status == BlockStatus::Missing,
            options: b
                .options
                .iter()
                .map(|o| (o.cost, o.lead_years as usize))
                .collect(),
            last_useful: None,
        })
        .collect();

    let mut unreachable: Vec<Unreachable> = Vec::new();
    let mut reasons: Vec<Option<String>> = vec![None; cat.services.len()];

    // Index services; references to unknown ids become reasons.
    let mut svc: Vec<Svc> = Vec::with_capacity(cat.services.len());
    for (i, s) in cat.services.iter().enumerate() {
        let done = s.is_done();
        let ent = ent_index.get(s.entity.as_str()).copied();
        let mut blocks = Vec::new();
        let mut reason = None;
        let wf_blocks = s
            .workflow
            .as_ref()
            .and_then(|w| wf_index.get(w.as_str()))
            .and_then(|&w| cat.workflows.get(w))
            .map(|w| w.building_blocks.as_slice())
            .unwrap_or(&[]);
        if let Some(w) = &s.workflow {
            if !wf_index.contains_key(w.as_str()) && reason.is_none() {
                reason = Some(format!(
                    "it follows workflow {w}, which is not in the catalogue"
                ));
            }
        }
        for b in s.building_blocks.iter().chain(wf_blocks.iter()) {
            match blk_index.get(b.as_str()) {
                None => {
                    if reason.is_none() {
                        reason = Some(format!(
                            "it needs building block {b}, which is not in the catalogue"
                        ));
                    }
                }
                Some(&bi) => {
                    if blk[bi].missing && !blocks.contains(&bi) {
                        blocks.push(bi);
                    }
                }
            }
        }
        let mut deps = Vec::new();
        for p in &s.depends_on {
            match svc_index.get(p.as_str()) {
                None => {
                    if reason.is_none() {
                        reason = Some(format!("it depends on {p}, which is not in the catalogue"));
                    }
                }
                Some(&pi) => {
                    let pd = cat.services.get(pi).is_some_and(|x| x.is_done());
                    if !pd && pi != i && !deps.contains(&pi) {
                        deps.push(pi);
                    }
                }
            }
        }
        if ent.is_none() && s.effort > 0.0 && reason.is_none() && !relax.capacity {
            reason = Some(format!(
                "its entity {} is not in the catalogue, so it has no capacity",
                s.entity
            ));
        }
        if !done {
            reasons[i] = reason;
        }
        svc.push(Svc {
            id: s.id.0.clone(),
            done,
            reach: !done,
            ent,
            effort: s.effort,
            cost: s.cost,
            value: s.value_per_year(),
            demand: s.demand,
            interactions: s.interactions,
            blocks,
            deps,
            rdeps: Vec::new(),
            lo: 0,
            lo_why: Lo::Start,
            hi: t - 1,
            forced: false,
            hi_from: None,
            allowed: vec![false; t],
            events: Vec::new(),
        });
    }
    for i in 0..svc.len() {
        if svc[i].done {
            continue;
        }
        for k in 0..svc[i].deps.len() {
            let p = svc[i].deps[k];
            svc[p].rdeps.push(i);
        }
    }

    // Topological order of open services (Kahn); cycle members are
    // unreachable.
    let n = svc.len();
    let mut indeg: Vec<usize> = svc.iter().map(|s| s.deps.len()).collect();
    let mut queue: std::collections::VecDeque<usize> =
        (0..n).filter(|&i| !svc[i].done && indeg[i] == 0).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(i) = queue.pop_front() {
        topo.push(i);
        for &r in &svc[i].rdeps {
            indeg[r] = indeg[r].saturating_sub(1);
            if indeg[r] == 0 {
                queue.push_back(r);
            }
        }
    }
    let in_topo: Vec<bool> = {
        let mut v = vec![false; n];
        for &i in &topo {
            v[i] = true;
        }
        v
    };
    for i in 0..n {
        if !svc[i].done && !in_topo[i] {
            svc[i].reach = false;
            if reasons[i].is_none() {
                reasons[i] = Some("it is part of a dependency cycle".to_owned());
            }
        }
    }

    // Deadlines (0-based year index; before the start applies from year 1).
    let deadline: Vec<Option<usize>> = cat
        .services
        .iter()
        .map(|s| {
            if relax.deadlines {
                return None;
            }
            s.deadline_year.and_then(|d| {
                let y = (i64::from(d) - i64::from(start_year)).max(0) as usize;
                (y < t).then_some(y)
            })
        })
        .collect();

    // Forward pass: earliest go-live years.
    for &i in &topo {
        if let Some(r) = reasons[i].take() {
            svc[i].reach = false;
            reasons[i] = Some(r);
            continue;
        }
        let s = &cat.services[i];
        let mut lo = 0usize;
        let mut why = Lo::Start;
        if let Some(ey) = s.earliest_year {
            let d = i64::from(ey) - i64::from(start_year);
            if d > 0 {
                lo = d as usize;
                why = Lo::Earliest(ey);
            }
        }
        let mut reason = None;
        for &b in &svc[i].blocks {
            match blk[b].fastest() {
                None => {
                    reason = Some(format!(
                        "it needs building block {}, which is missing and has no acquisition option",
                        blk[b].id
                    ));
                    break;
                }
                Some(l) => {
                    if l > lo {
                        lo = l;
                        why = Lo::Block(b);
                    }
                }
            }
        }
        if reason.is_none() {
            for &p in &svc[i].deps {
                if !svc[p].reach {
                    reason = Some(format!(
                        "it depends on {}, which cannot reach its target within the horizon",
                        svc[p].id
                    ));
                    break;
                }
                if svc[p].lo > lo {
                    lo = svc[p].lo;
                    why = Lo::Dep(p);
                }
            }
        }
        if reason.is_none() && lo >= t {
            reason = Some(match &why {
                Lo::Earliest(ey) => format!(
                    "its earliest year {ey} is after the last plan year {}",
                    year(t - 1)
                ),
                Lo::Block(b) => format!(
                    "it needs {}, whose fastest option is available in {} at the earliest, after the last plan year {}",
                    blk[*b].id,
                    year(blk[*b].fastest().unwrap_or(0)),
                    year(t - 1)
                ),
                Lo::Dep(p) => format!(
                    "it depends on {}, which cannot reach its target within the horizon",
                    svc[*p].id
                ),
                _ => "it cannot go live within the horizon".to_owned(),
            });
        }
        if reason.is_none() {
            // First year where effort and cost fit.
            let e = svc[i].ent;
            let fits_cap = |y: usize| match e {
                Some(e) => fits(s.effort, cap[e][y]),
                None => s.effort <= 0.0 || relax.capacity,
            };
            let fits_bud = |y: usize| match &budget {
                Some(b) if !relax.budget => fits(s.cost, b[y]),
                _ => true,
            };
            let first = (lo..t).find(|&y| fits_cap(y) && fits_bud(y));
            match first {
                None => {
                    let cap_ok = (lo..t).any(fits_cap);
                    reason = Some(if !cap_ok {
                        let max = e
                            .map(|e| cap[e][lo..t].iter().cloned().fold(0.0, f64::max))
                            .unwrap_or(0.0);
                        format!(
                            "its effort of {} person-months exceeds the capacity of {} in every year from {} (at most {})",
                            num(s.effort),
                            e.map(|e| cat.entities[e].id.as_str()).unwrap_or("its entity"),
                            year(lo),
                            num(max)
                        )
                    } else {
                        format!(
                            "its cost of {} exceeds the budget in every year from {} in which its entity has the capacity",
                            num(s.cost),
                            year(lo)
                        )
                    });
                }
                Some(f) => {
                    if f > lo {
                        why = if !fits_cap(lo) {
                            Lo::Capacity
                        } else {
                            Lo::Budget
                        };
                        lo = f;
                    }
                    for y in lo..t {
                        svc[i].allowed[y] = fits_cap(y) && fits_bud(y);
                    }
                }
            }
        }
        if let Some(r) = reason {
            svc[i].reach = false;
            reasons[i] = Some(r);
            continue;
        }
        svc[i].lo = lo;
        svc[i].lo_why = why;
    }

    // Backward pass: deadlines, own and inherited from dependents.
    let mut conflicts: Vec<String> = Vec::new();
    for &i in &topo {
        if let Some(d) = deadline[i] {
            svc[i].hi = d;
            svc[i].forced = true;
            svc[i].hi_from = Some(i);
        }
    }
    for &i in topo.iter().rev() {
        if !svc[i].forced {
            continue;
        }
        let (hi, from) = (svc[i].hi, svc[i].hi_from);
        for k in 0..svc[i].deps.len() {
            let p = svc[i].deps[k];
            if !svc[p].forced || svc[p].hi > hi {
                svc[p].hi = hi;
                svc[p].forced = true;
                svc[p].hi_from = from;
            }
        }
    }
    for &i in &topo {
        let s = &svc[i];
        if !s.forced {
            continue;
        }
        let owner = s.hi_from.unwrap_or(i);
        let dl_year = cat.services[owner]
            .deadline_year
            .unwrap_or_else(|| year(s.hi));
        let subject = if owner == i {
            format!("deadline {dl_year} of {}", s.id)
        } else {
            format!(
                "deadline {dl_year} of {} (which depends on {})",
                svc[owner].id, s.id
            )
        };
        if !s.reach {
            // Reported once, for the service itself.
            if let Some(r) = &reasons[i] {
                conflicts.push(format!("{subject} cannot be met: {}", name_it(&s.id, r)));
            }
            continue;
        }
        if s.lo > s.hi {
            let msg = match &s.lo_why {
                Lo::Block(b) => format!(
                    "{subject} needs {}, whose fastest option is available in {}",
                    blk[*b].id,
                    year(blk[*b].fastest().unwrap_or(0))
                ),
                Lo::Earliest(ey) => {
                    format!("{subject} cannot be met: {} has earliest year {ey}", s.id)
                }
                Lo::Dep(p) => format!(
                    "{subject} cannot be met: {} depends on {}, which can reach its target in {} at the earliest",
                    s.id,
                    svc[*p].id,
                    year(svc[*p].lo)
                ),
                Lo::Capacity => format!(
                    "{subject} cannot be met: the effort of {} ({} person-months) fits the capacity of {} only from {}",
                    s.id,
                    num(s.effort),
                    s.ent.map(|e| cat.entities[e].id.as_str()).unwrap_or("its entity"),
                    year(s.lo)
                ),
                Lo::Budget => format!(
                    "{subject} cannot be met: the cost of {} ({}) fits the budget only from {}",
                    s.id,
                    num(s.cost),
                    year(s.lo)
                ),
                Lo::Start => format!("{subject} cannot be met: {} cannot go live before {}", s.id, year(s.lo)),
            };
            conflicts.push(msg);
            continue;
        }
        let hi = s.hi;
        let lo = s.lo;
        let any = (lo..=hi).any(|y| svc[i].allowed[y]);
        if !any {
            conflicts.push(format!(
                "{subject} cannot be met: {} fits neither capacity nor budget in any year from {} to {}",
                s.id,
                year(lo),
                year(hi)
            ));
        }
    }
    for s in svc.iter_mut() {
        if s.reach {
            for y in 0..t {
                if y < s.lo || y > s.hi {
                    s.allowed[y] = false;
                }
            }
            if !s.allowed.iter().any(|&a| a) {
                s.reach = false;
            }
        }
    }
    for (i, r) in reasons.into_iter().enumerate() {
        if let Some(r) = r {
            if !svc[i].done {
                svc[i].reach = false;
                unreachable.push(Unreachable {
                    id: cat.services[i].id.clone(),
                    reason: r,
                });
            }
        }
    }

    // Blocks: last year a reachable service needing them can go live.
    for s in svc.iter().filter(|s| s.reach) {
        let last = (0..t).rev().find(|&y| s.allowed[y]).unwrap_or(0);
        for &b in &s.blocks {
            let cur = blk[b].last_useful;
            blk[b].last_useful = Some(cur.map_or(last, |c: usize| c.max(last)));
        }
    }

    // Life events.
    let mut life = Vec::with_capacity(cat.life_events.len());
    for (li, l) in cat.life_events.iter().enumerate() {
        let mut open = Vec::new();
        let mut never = false;
        for sid in &l.services {
            match svc_index.get(sid.as_str()) {
                None => never = true,
                Some(&si) => {
                    if svc[si].done {
                        continue;
                    }
                    if !svc[si].reach {
                        never = true;
                    }
                    if !open.contains(&si) {
                        open.push(si);
                    }
                }
            }
        }
        if !never {
            for &s in &open {
                svc[s].events.push(li);
            }
        }
        life.push(Life {
            weight: l.weight,
            open,
            never,
        });
    }

    // Targets (years were validated to lie within the horizon).
    let mut targets = Vec::new();
    if !relax.targets {
        for tg in &sc.targets {
            let d = i64::from(tg.year) - i64::from(start_year);
            if d < 0 || d >= t as i64 {
                continue;
            }
            let y = d as usize;
            let wf = |s: &Svc| match tg.weighted_by {
                WeightedBy::Count => 1.0,
                WeightedBy::Demand => s.demand,
            };
            let total: f64 = svc.iter().map(wf).sum();
            let done_w: f64 = svc.iter().filter(|s| s.done).map(wf).sum();
            let need = tg.share * total;
            let tgt = Tgt {
                y,
                year: tg.year,
                share: tg.share,
                by: tg.weighted_by,
                need,
                done_w,
            };
            target_checks(
                &tgt,
                &svc,
                &cap,
                &budget,
                &blk,
                &cat.entities,
                start_year,
                &mut conflicts,
            );
            targets.push(tgt);
        }
    }

    Inst {
        t,
        start_year,
        svc,
        blk,
        ent_ids: cat.entities.iter().map(|e| e.id.0.clone()).collect(),
        cap,
        budget,
        life,
        targets,
        unreachable,
        conflicts,
        topo,
        relax,
    }
}

/// Presolve checks of one target: enough services can reach target by its
/// year at all, and, when it needs every one of them, their effort and cost
/// fit the capacity and budget up to that year.
#[allow(clippy::too_many_arguments)]
fn target_checks(
    tg: &Tgt,
    svc: &[Svc],
    cap: &[Vec<f64>],
    budget: &Option<Vec<f64>>,
    blk: &[Blk],
    entities: &[crate::model::Entity],
    start_year: i32,
    conflicts: &mut Vec<String>,
) {
    let y = tg.y;
    let pct = num(tg.share * 100.0);
    let by = match tg.by {
        WeightedBy::Count => "by count",
        WeightedBy::Demand => "by demand",
    };
    let possible: Vec<usize> = (0..svc.len())
        .filter(|&i| svc[i].reach && svc[i].allowed.iter().take(y + 1).any(|&a| a))
        .collect();
    let max_w: f64 = tg.done_w + possible.iter().map(|&i| tg.w(&svc[i])).sum::<f64>();
    if !fits(tg.need, max_w) {
        let late_all: Vec<&str> = (0..svc.len())
            .filter(|&i| !svc[i].done && !possible.contains(&i))
            .map(|i| svc[i].id.as_str())
            .collect();
        let mut late = late_all
            .iter()
            .take(5)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if late_all.len() > 5 {
            late.push_str(&format!(" and {} more", late_all.len() - 5));
        }
        let unit = match tg.by {
            WeightedBy::Count => "services",
            WeightedBy::Demand => "transactions a year of demand",
        };
        conflicts.push(format!(
            "target {pct}% by {} ({by}) needs {} {unit} at target, but at most {} can be: {late} cannot reach their target by {}",
            tg.year,
            num(tg.need),
            num(max_w),
            tg.year
        ));
        return;
    }
    // Does the target need every possible service? (Dropping the lightest
    // one would fall short.)
    let min_w = possible
        .iter()
        .map(|&i| tg.w(&svc[i]))
        .filter(|&w| w > 0.0)
        .fold(f64::INFINITY, f64::min);
    if !min_w.is_finite() || fits(tg.need, max_w - min_w) {
        return;
    }
    let required: Vec<usize> = possible
        .iter()
        .copied()
        .filter(|&i| tg.w(&svc[i]) > 0.0)
        .collect();
    let mut per_ent: HashMap<usize, f64> = HashMap::new();
    for &i in &required {
        if let Some(e) = svc[i].ent {
            *per_ent.entry(e).or_default() += svc[i].effort;
        }
    }
    let mut ents: Vec<(usize, f64)> = per_ent.into_iter().collect();
    ents.sort_by_key(|a| a.0);
    for (e, need) in ents {
        let have: f64 = cap[e].iter().take(y + 1).sum();
        if !fits(need, have) {
            conflicts.push(format!(
                "target {pct}% by {} ({by}) needs {} person-months at {} by {}, capacity is {}",
                tg.year,
                num(need),
                entities.get(e).map(|x| x.id.as_str()).unwrap_or("?"),
                tg.year,
                num(have)
            ));
        }
    }
    if let Some(b) = budget {
        let mut money: f64 = required.iter().map(|&i| svc[i].cost).sum();
        let mut blocks: Vec<usize> = required
            .iter()
            .flat_map(|&i| svc[i].blocks.iter().copied())
            .collect();
        blocks.sort_unstable();
        blocks.dedup();
        for bi in blocks {
            money += blk[bi]
                .options
                .iter()
                .map(|o| o.0)
                .fold(f64::INFINITY, f64::min)
                .min(f64::MAX);
        }
        let have: f64 = b.iter().take(y + 1).sum();
        if !fits(money, have) {
            conflicts.push(format!(
                "target {pct}% by {} ({by}) needs {} of budget by {} (services and their cheapest block options), the budget is {}",
                tg.year,
                num(money),
                start_year + y as i32,
                num(have)
            ));
        }
    }
}
