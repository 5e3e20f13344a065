//! Every check of FORMAT.md, all problems at once, each with its location.
//!
//! The readers (`crate::io`) check the shape of a document (unknown and
//! missing fields, wrong types); this module checks its meaning: unique
//! ids, known references, levels within 1..4, finite non-negative numbers,
//! the format tag, and no cycle in `depends_on`. A catalogue built in code
//! can be checked the same way before it is planned.

use crate::error::{Location, Problem, ValidationErrors};
use crate::model::*;
use std::collections::HashSet;

/// Ids of entries that exist in the document but could not be read; they
/// count as known so that one bad entry does not also make every
/// reference to it an error.
#[derive(Clone, Debug, Default)]
pub(crate) struct ExtraIds {
    pub entities: HashSet<String>,
    pub building_blocks: HashSet<String>,
    pub systems: HashSet<String>,
    pub workflows: HashSet<String>,
    pub services: HashSet<String>,
}

/// Check a catalogue against every rule of FORMAT.md.
///
/// # Errors
/// Every problem found, in document order (then cycles), each naming the
/// list, index, id and field.
///
/// # Examples
/// ```
/// use scaleplan::{Catalogue, Entity, EntityId, Capacity, Service};
/// let mut c = Catalogue::default();
/// c.entities.push(Entity { id: EntityId::from("moh"), name: String::new(), capacity: Capacity::Constant(10.0) });
/// c.services.push(Service::new("a", "moh", 2));
/// assert!(scaleplan::validate::validate_catalogue(&c).is_ok());
/// c.services.push(Service::new("b", "nobody", 7));
/// let err = scaleplan::validate::validate_catalogue(&c).unwrap_err();
/// assert_eq!(err.problems.len(), 2);
/// ```
pub fn validate_catalogue(catalogue: &Catalogue) -> Result<(), ValidationErrors> {
    ValidationErrors::check(catalogue_problems(
        catalogue,
        "catalogue",
        &ExtraIds::default(),
    ))
}

/// Check a scenario, and its target years against the catalogue's start year.
///
/// # Errors
/// Every problem found: horizon below 1, a target year outside the plan
/// years, a share outside 0..1, a negative or non-finite budget or
/// capacity factor, a time limit that is not positive, a negative MIP gap.
///
/// # Examples
/// ```
/// use scaleplan::{Catalogue, Scenario};
/// let c = Catalogue::default();
/// assert!(scaleplan::validate::validate_scenario(&Scenario::default(), &c).is_ok());
/// assert!(scaleplan::validate::validate_scenario(&Scenario::default().with_horizon(0), &c).is_err());
/// ```
pub fn validate_scenario(
    scenario: &Scenario,
    catalogue: &Catalogue,
) -> Result<(), ValidationErrors> {
    ValidationErrors::check(scenario_problems(scenario, Some(catalogue), "scenario"))
}

/// Longest horizon accepted (plan years).
pub const MAX_HORIZON: u32 = 100;

pub(crate) fn scenario_problems(
    s: &Scenario,
    c: Option<&Catalogue>,
    document: &str,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let at = |field: &str| Location::document(document).field(field);
    if s.horizon < 1 {
        out.push(Problem::new(
            at("horizon"),
            "horizon must be at least 1 year",
        ));
    } else if s.horizon > MAX_HORIZON {
        out.push(Problem::new(
            at("horizon"),
            format!(
                "horizon of {} years is more than the limit of {MAX_HORIZON}",
                s.horizon
            ),
        ));
    }
    if let Some(b) = &s.budget {
        let values = b.values();
        let list = matches!(b, Budget::PerYear(_));
        if list && values.is_empty() {
            out.push(Problem::new(at("budget"), EMPTY_PER_YEAR.to_owned()));
        }
        for (i, v) in values.iter().enumerate() {
            let field = if list {
                format!("budget[{i}]")
            } else {
                "budget".to_owned()
            };
            number(&mut out, || at(&field), *v);
        }
    }
    number(&mut out, || at("capacity_factor"), s.capacity_factor);
    for (i, t) in s.targets.iter().enumerate() {
        let loc = || Location::document(document).entry("targets", i);
        if let Some(c) = c {
            let first = c.start_year;
            let last = i64::from(c.start_year) + i64::from(s.horizon.max(1)) - 1;
            if i64::from(t.year) < i64::from(first) || i64::from(t.year) > last {
                out.push(Problem::new(
                    loc().field("year"),
                    format!("year {} is outside the plan years {first}..{last}", t.year),
                ));
            }
        }
        if !t.share.is_finite() || !(0.0..=1.0).contains(&t.share) {
            out.push(Problem::new(
                loc().field("share"),
                format!("share must be between 0 and 1, got {}", t.share),
            ));
        }
    }
    let tl = s.solver.time_limit_s;
    if !tl.is_finite() || tl <= 0.0 {
        out.push(Problem::new(
            at("solver.time_limit_s"),
            format!("time limit must be a positive number of seconds, got {tl}"),
        ));
    }
    number(&mut out, || at("solver.mip_gap"), s.solver.mip_gap);
    out
}

/// A negative or non-finite number is a problem.
/// A per-year list with no value (a shorter list repeats its last value;
/// an empty one has none).
const EMPTY_PER_YEAR: &str =
    "the list is empty: give one number for every year, or a list with at least one";

fn number(out: &mut Vec<Problem>, loc: impl FnOnce() -> Location, v: f64) {
    if !v.is_finite() {
        out.push(Problem::new(
            loc(),
            format!("must be a finite number, got {v}"),
        ));
    } else if v < 0.0 {
        out.push(Problem::new(
            loc(),
            format!("must not be negative, got {v}"),
        ));
    }
}

/// Like `number`, and at most 1.
fn share(out: &mut Vec<Problem>, loc: impl FnOnce() -> Location, v: f64) {
    if !v.is_finite() || !(0.0..=1.0).contains(&v) {
        out.push(Problem::new(
            loc(),
            format!("must be between 0 and 1, got {v}"),
        ));
    }
}

struct Ids<'a> {
    set: foldhash::HashSet<&'a str>,
}

impl<'a> Ids<'a> {
    fn has(&self, extra: &HashSet<String>, id: &str) -> bool {
        self.set.contains(id) || extra.contains(id)
    }
}

/// Collect ids of a list, reporting empty and duplicate ones.
fn ids<'a>(
    out: &mut Vec<Problem>,
    document: &str,
    list: &str,
    items: impl Iterator<Item = &'a str>,
) -> Ids<'a> {
    let mut set = foldhash::HashSet::default();
    for (i, id) in items.enumerate() {
        let loc = || Location::document(document).entry(list, i).id(id);
        if id.trim().is_empty() {
            out.push(Problem::new(loc().field("id"), "id must not be empty"));
        } else if !set.insert(id) {
            out.push(Problem::new(loc().field("id"), "duplicate id"));
        }
    }
    Ids { set }
}

fn level(out: &mut Vec<Problem>, loc: impl FnOnce() -> Location, name: &str, v: u8) {
    if !(1..=4).contains(&v) {
        out.push(Problem::new(loc(), format!("{name} {v} is outside 1..4")));
    }
}

pub(crate) fn catalogue_problems(c: &Catalogue, document: &str, extra: &ExtraIds) -> Vec<Problem> {
    let mut out = Vec::new();
    let doc = || Location::document(document);
    if c.format != CATALOGUE_FORMAT {
        out.push(Problem::new(
            doc().field("format"),
            format!(
                "unknown format `{}` (expected `{CATALOGUE_FORMAT}`)",
                c.format
            ),
        ));
    }
    let entities = ids(
        &mut out,
        document,
        "entities",
        c.entities.iter().map(|e| e.id.as_str()),
    );
    let blocks = ids(
        &mut out,
        document,
        "building_blocks",
        c.building_blocks.iter().map(|b| b.id.as_str()),
    );
    let systems = ids(
        &mut out,
        document,
        "systems",
        c.systems.iter().map(|s| s.id.as_str()),
    );
    let workflows = ids(
        &mut out,
        document,
        "workflows",
        c.workflows.iter().map(|w| w.id.as_str()),
    );
    let services = ids(
        &mut out,
        document,
        "services",
        c.services.iter().map(|s| s.id.as_str()),
    );
    ids(
        &mut out,
        document,
        "life_events",
        c.life_events.iter().map(|l| l.id.as_str()),
    );
    ids(
        &mut out,
        document,
        "policies",
        c.policies.iter().map(|p| p.id.as_str()),
    );

    for (i, e) in c.entities.iter().enumerate() {
        let loc = || doc().entry("entities", i).id(e.id.as_str());
        match &e.capacity {
            Capacity::Constant(v) => number(&mut out, || loc().field("capacity"), *v),
            Capacity::PerYear(vs) => {
                if vs.is_empty() {
                    out.push(Problem::new(
                        loc().field("capacity"),
                        EMPTY_PER_YEAR.to_owned(),
                    ));
                }
                for (j, v) in vs.iter().enumerate() {
                    number(&mut out, || loc().field(format!("capacity[{j}]")), *v);
                }
            }
        }
    }
    for (i, b) in c.building_blocks.iter().enumerate() {
        let loc = || doc().entry("building_blocks", i).id(b.id.as_str());
        for (j, o) in b.options.iter().enumerate() {
            number(
                &mut out,
                || loc().field(format!("options[{j}].cost")),
                o.cost,
            );
            if let Some(s) = &o.system {
                if !systems.has(&extra.systems, s.as_str()) {
                    out.push(Problem::new(
                        loc().field(format!("options[{j}].system")),
                        format!("unknown system `{s}`"),
                    ));
                }
            }
        }
    }
    for (i, s) in c.systems.iter().enumerate() {
        for b in &s.provides {
            if !blocks.has(&extra.building_blocks, b.as_str()) {
                out.push(Problem::new(
                    doc()
                        .entry("systems", i)
                        .id(s.id.as_str())
                        .field("provides"),
                    format!("unknown building block `{b}`"),
                ));
            }
        }
    }
    for (i, w) in c.workflows.iter().enumerate() {
        for b in &w.building_blocks {
            if !blocks.has(&extra.building_blocks, b.as_str()) {
                out.push(Problem::new(
                    doc()
                        .entry("workflows", i)
                        .id(w.id.as_str())
                        .field("building_blocks"),
                    format!("unknown building block `{b}`"),
                ));
            }
        }
    }
    for (i, s) in c.services.iter().enumerate() {
        let loc = || doc().entry("services", i).id(s.id.as_str());
        if !entities.has(&extra.entities, s.entity.as_str()) {
            out.push(Problem::new(
                loc().field("entity"),
                format!("unknown entity `{}`", s.entity),
            ));
        }
        level(&mut out, || loc().field("level"), "level", s.level);
        level(
            &mut out,
            || loc().field("target_level"),
            "target_level",
            s.target_level,
        );
        number(&mut out, || loc().field("demand"), s.demand);
        number(&mut out, || loc().field("interactions"), s.interactions);
        number(&mut out, || loc().field("effort"), s.effort);
        number(&mut out, || loc().field("cost"), s.cost);
        if let Some(v) = s.value {
            number(&mut out, || loc().field("value"), v);
        }
        for b in &s.building_blocks {
            if !blocks.has(&extra.building_blocks, b.as_str()) {
                out.push(Problem::new(
                    loc().field("building_blocks"),
                    format!("unknown building block `{b}`"),
                ));
            }
        }
        if let Some(w) = &s.workflow {
            if !workflows.has(&extra.workflows, w.as_str()) {
                out.push(Problem::new(
                    loc().field("workflow"),
                    format!("unknown workflow `{w}`"),
                ));
            }
        }
        for d in &s.depends_on {
            if !services.has(&extra.services, d.as_str()) {
                out.push(Problem::new(
                    loc().field("depends_on"),
                    format!("unknown service `{d}`"),
                ));
            }
        }
        let k = &s.kpis;
        if let Some(v) = k.cost_per_transaction {
            number(&mut out, || loc().field("kpis.cost_per_transaction"), v);
        }
        if let Some(v) = k.user_satisfaction {
            share(&mut out, || loc().field("kpis.user_satisfaction"), v);
        }
        if let Some(v) = k.completion_rate {
            share(&mut out, || loc().field("kpis.completion_rate"), v);
        }
        if let Some(v) = k.digital_take_up {
            share(&mut out, || loc().field("kpis.digital_take_up"), v);
        }
    }
    for (i, l) in c.life_events.iter().enumerate() {
        let loc = || doc().entry("life_events", i).id(l.id.as_str());
        for s in &l.services {
            if !services.has(&extra.services, s.as_str()) {
                out.push(Problem::new(
                    loc().field("services"),
                    format!("unknown service `{s}`"),
                ));
            }
        }
        number(&mut out, || loc().field("weight"), l.weight);
    }
    for (i, cycle) in cycles(c).into_iter().enumerate() {
        if i >= MAX_CYCLES_REPORTED {
            break;
        }
        let Some(&first) = cycle.first() else {
            continue;
        };
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&first))
            .filter_map(|&k| c.services.get(k).map(|s| s.id.as_str()))
            .collect();
        let id = c
            .services
            .get(first)
            .map(|s| s.id.as_str())
            .unwrap_or_default();
        out.push(Problem::new(
            doc().entry("services", first).id(id).field("depends_on"),
            format!("depends_on has a cycle: {}", names.join(" -> ")),
        ));
    }
    out
}

/// At most this many cycles are listed (a dense graph can have very many).
const MAX_CYCLES_REPORTED: usize = 20;

/// Cycles in `depends_on` (service indices, in dependency direction), one
/// per back edge found by an iterative depth-first search (no recursion: a
/// chain of 100 000 services must not overflow the stack).
pub(crate) fn cycles(c: &Catalogue) -> Vec<Vec<usize>> {
    let mut index: foldhash::HashMap<&str, usize> = foldhash::HashMap::default();
    for (i, s) in c.services.iter().enumerate() {
        index.entry(s.id.as_str()).or_insert(i);
    }
    let edges: Vec<Vec<usize>> = c
        .services
        .iter()
        .map(|s| {
            s.depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()).copied())
                .collect()
        })
        .collect();
    // 0 = unseen, 1 = on the stack, 2 = done
    let mut colour = vec![0u8; c.services.len()];
    let mut found = Vec::new();
    for root in 0..c.services.len() {
        if colour[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        colour[root] = 1;
        while let Some(top) = stack.last_mut() {
            let (node, next) = *top;
            match edges[node].get(next) {
                Some(&to) => {
                    top.1 += 1;
                    match colour[to] {
                        0 => {
                            colour[to] = 1;
                            stack.push((to, 0));
                        }
                        1 => {
                            if let Some(pos) = stack.iter().position(|&(n, _)| n == to) {
                                found.push(stack[pos..].iter().map(|&(n, _)| n).collect());
                            }
                        }
                        _ => {}
                    }
                }
                None => {
                    colour[node] = 2;
                    stack.pop();
                }
            }
        }
        if found.len() > MAX_CYCLES_REPORTED {
            break;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Catalogue {
        let mut c = Catalogue::default();
        c.entities.push(Entity {
            id: "moh".into(),
            name: String::new(),
            capacity: Capacity::Constant(10.0),
        });
        for id in ["a", "b", "c"] {
            c.services.push(Service::new(id, "moh", 2));
        }
        c
    }

    fn messages(c: &Catalogue) -> Vec<String> {
        match validate_catalogue(c) {
            Ok(()) => Vec::new(),
            Err(e) => e.problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn valid_catalogue_passes() {
        assert!(messages(&base()).is_empty());
    }

    #[test]
    fn cycle_is_named_in_full() {
        let mut c = base();
        c.services[0].depends_on = vec!["b".into()];
        c.services[1].depends_on = vec!["c".into()];
        c.services[2].depends_on = vec!["a".into()];
        assert_eq!(
            messages(&c),
            vec!["catalogue, services[0] (id \"a\"), field `depends_on`: depends_on has a cycle: a -> b -> c -> a"]
        );
    }

    #[test]
    fn self_dependency_is_a_cycle() {
        let mut c = base();
        c.services[1].depends_on = vec!["b".into()];
        assert_eq!(
            messages(&c),
            vec!["catalogue, services[1] (id \"b\"), field `depends_on`: depends_on has a cycle: b -> b"]
        );
    }

    #[test]
    fn long_chain_does_not_overflow() {
        let mut c = base();
        c.services.clear();
        for i in 0..200_000 {
            let mut s = Service::new(format!("s{i}"), "moh", 2);
            if i > 0 {
                s.depends_on.push(format!("s{}", i - 1).into());
            }
            c.services.push(s);
        }
        assert!(messages(&c).is_empty());
        c.services[0].depends_on.push("s199999".into());
        assert_eq!(messages(&c).len(), 1);
    }

    #[test]
    fn reports_every_problem_at_once() {
        let mut c = base();
        c.format = "scaleplan/2".into();
        c.services[0].level = 5;
        c.services[0].demand = -1.0;
        c.services[1].effort = f64::NAN;
        c.services[1].entity = "mof".into();
        c.services[2].id = "a".into();
        c.services[2].kpis.user_satisfaction = Some(1.5);
        let m = messages(&c);
        assert_eq!(
            m,
            vec![
                "catalogue, field `format`: unknown format `scaleplan/2` (expected `scaleplan/1`)",
                "catalogue, services[2] (id \"a\"), field `id`: duplicate id",
                "catalogue, services[0] (id \"a\"), field `level`: level 5 is outside 1..4",
                "catalogue, services[0] (id \"a\"), field `demand`: must not be negative, got -1",
                "catalogue, services[1] (id \"b\"), field `entity`: unknown entity `mof`",
                "catalogue, services[1] (id \"b\"), field `effort`: must be a finite number, got NaN",
                "catalogue, services[2] (id \"a\"), field `kpis.user_satisfaction`: must be between 0 and 1, got 1.5",
            ]
        );
    }

    #[test]
    fn scenario_checks() {
        let c = base();
        let mut s = Scenario::default()
            .with_horizon(0)
            .with_capacity_factor(-1.0);
        s.targets.push(Target {
            year: 2020,
            share: 1.5,
            weighted_by: WeightedBy::Count,
        });
        s.solver.time_limit_s = 0.0;
        s.solver.mip_gap = -0.1;
        s.budget = Some(Budget::PerYear(vec![1.0, -2.0]));
        let e = validate_scenario(&s, &c).unwrap_err();
        let m: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            m,
            vec![
                "scenario, field `horizon`: horizon must be at least 1 year",
                "scenario, field `budget[1]`: must not be negative, got -2",
                "scenario, field `capacity_factor`: must not be negative, got -1",
                "scenario, targets[0], field `year`: year 2020 is outside the plan years 2027..2027",
                "scenario, targets[0], field `share`: share must be between 0 and 1, got 1.5",
                "scenario, field `solver.time_limit_s`: time limit must be a positive number of seconds, got 0",
                "scenario, field `solver.mip_gap`: must not be negative, got -0.1",
            ]
        );
    }
}
