//! Building-block gap analysis and regulatory framework readiness.
//!
//! [`gaps`] answers the questions a digital team asks before planning:
//!
//! - which building blocks the catalogue needs at all (`required`), and which
//!   of those the country lacks (`lacking`);
//! - for every missing block: the services not yet at target that need it
//!   (their own `building_blocks` plus those of their workflow), the demand
//!   behind them, the life events held back, the systems of the systems
//!   catalogue that could provide it, and its acquisition options with the
//!   cheapest and the fastest one;
//! - for each of the six policy kinds of the regulatory framework
//!   ([`PolicyKind::FRAMEWORK`]): its best status among the catalogue's
//!   policies of that kind, with the missing kinds called out.
//!
//! Everything is computed from the catalogue alone, deterministically; the
//! output serialises to one JSON shape for every binding.

use crate::model::{
    Approach, BlockId, BlockStatus, Catalogue, LifeEventId, PolicyId, PolicyKind, PolicyStatus,
    ServiceId, SystemId,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The gap analysis of a catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gaps {
    /// Every missing building block, the one holding back the most demand
    /// first (ties by id).
    pub building_blocks: Vec<BlockGap>,
    /// Every block at least one service needs (its own or its workflow's),
    /// in catalogue order; ids not declared in `building_blocks` come last.
    pub required: Vec<BlockId>,
    /// The required blocks the country lacks (status `missing`, or not
    /// declared at all), in the order of `required`.
    pub lacking: Vec<BlockId>,
    /// Readiness of each of the six framework policy kinds, in the order of
    /// [`PolicyKind::FRAMEWORK`].
    pub policies: Vec<PolicyReadiness>,
    /// The framework kinds with no policy in force or in draft.
    pub missing_policy_kinds: Vec<PolicyKind>,
    /// Framework readiness in 0..1: see [`framework_readiness`].
    pub framework_readiness: f64,
}

/// One missing building block and what it holds back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BlockGap {
    /// Block id.
    pub id: BlockId,
    /// Block name.
    pub name: String,
    /// Always `missing` for a gap.
    pub status: BlockStatus,
    /// Services not yet at target that need the block (own blocks or their
    /// workflow's), in catalogue order.
    pub services_blocked: Vec<ServiceId>,
    /// Sum of the demand (transactions per year) of `services_blocked`.
    pub demand_blocked: f64,
    /// Other services not yet at target that do not need the block
    /// themselves but depend (directly or not) on a service in
    /// `services_blocked`, in catalogue order.
    pub dependents_held_back: Vec<ServiceId>,
    /// Life events that contain a service in `services_blocked` or
    /// `dependents_held_back`, in catalogue order.
    pub life_events_blocked: Vec<LifeEventId>,
    /// Systems of the systems catalogue whose `provides` includes the block.
    pub candidate_systems: Vec<CandidateSystem>,
    /// The block's acquisition options, in catalogue order.
    pub options: Vec<GapOption>,
    /// The cheapest option (ties: shorter lead, then first listed).
    pub cheapest: Option<GapOption>,
    /// The fastest option (ties: lower cost, then first listed).
    pub fastest: Option<GapOption>,
}

/// A system that can provide a missing block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CandidateSystem {
    /// System id.
    pub id: SystemId,
    /// System name.
    pub name: String,
    /// Whether it is open source, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_source: Option<bool>,
    /// True when one of the block's options deploys this system.
    pub in_options: bool,
}

/// One acquisition option of a missing block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GapOption {
    /// Position in the block's `options` (0-based).
    pub index: usize,
    /// reuse, tender or build.
    pub approach: Approach,
    /// Money, paid in the year the acquisition starts.
    pub cost: f64,
    /// Years from start until available.
    pub lead_years: u32,
    /// The system the option deploys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemId>,
}

/// Readiness of one policy kind of the regulatory framework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PolicyReadiness {
    /// The policy kind.
    pub kind: PolicyKind,
    /// A label for people.
    pub label: String,
    /// Best status among the catalogue's policies of this kind
    /// (`in_force` > `draft` > `missing`); `missing` when there is none.
    pub status: PolicyStatus,
    /// The catalogue's policies of this kind.
    pub policies: Vec<PolicyId>,
}

/// How ready a policy status is: in force 1, draft 0.5, missing 0.
///
/// # Examples
///
/// ```
/// use scaleplan::PolicyStatus;
/// assert_eq!(scaleplan::gaps::status_credit(PolicyStatus::Draft), 0.5);
/// ```
pub fn status_credit(status: PolicyStatus) -> f64 {
    match status {
        PolicyStatus::InForce => 1.0,
        PolicyStatus::Draft => 0.5,
        PolicyStatus::Missing => 0.0,
    }
}

fn status_rank(status: PolicyStatus) -> u8 {
    match status {
        PolicyStatus::InForce => 2,
        PolicyStatus::Draft => 1,
        PolicyStatus::Missing => 0,
    }
}

/// Readiness of each of the six framework policy kinds, in the order of
/// [`PolicyKind::FRAMEWORK`]. Policies of kind `other` are not counted.
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, Policy, PolicyKind, PolicyStatus};
/// let mut c = Catalogue::default();
/// c.policies.push(Policy {
///     id: "dss".into(),
///     name: String::new(),
///     kind: PolicyKind::DigitalServiceStandard,
///     status: PolicyStatus::Draft,
/// });
/// let r = scaleplan::gaps::policy_readiness(&c);
/// assert_eq!(r.len(), 6);
/// assert_eq!(r[0].status, PolicyStatus::Draft);
/// assert_eq!(r[1].status, PolicyStatus::Missing);
/// ```
pub fn policy_readiness(catalogue: &Catalogue) -> Vec<PolicyReadiness> {
    PolicyKind::FRAMEWORK
        .iter()
        .map(|&kind| {
            let of_kind: Vec<_> = catalogue
                .policies
                .iter()
                .filter(|p| p.kind == kind)
                .collect();
            let status = of_kind
                .iter()
                .map(|p| p.status)
                .max_by_key(|s| status_rank(*s))
                .unwrap_or(PolicyStatus::Missing);
            PolicyReadiness {
                kind,
                label: kind.label().to_owned(),
                status,
                policies: of_kind.iter().map(|p| p.id.clone()).collect(),
            }
        })
        .collect()
}

/// Framework readiness in 0..1: the mean over the six framework kinds of
/// their best status's credit (in force 1, draft 0.5, missing 0).
///
/// # Examples
///
/// ```
/// let c = scaleplan::Catalogue::default();
/// assert_eq!(scaleplan::gaps::framework_readiness(&c), 0.0);
/// ```
pub fn framework_readiness(catalogue: &Catalogue) -> f64 {
    readiness_of(&policy_readiness(catalogue))
}

fn readiness_of(r: &[PolicyReadiness]) -> f64 {
    if r.is_empty() {
        return 0.0;
    }
    r.iter().map(|p| status_credit(p.status)).sum::<f64>() / r.len() as f64
}

fn gap_options(options: &[crate::model::AcquisitionOption]) -> Vec<GapOption> {
    options
        .iter()
        .enumerate()
        .map(|(index, o)| GapOption {
            index,
            approach: o.approach,
            cost: o.cost,
            lead_years: o.lead_years,
            system: o.system.clone(),
        })
        .collect()
}

/// The cheapest of some options: lowest cost, then shortest lead, then
/// first listed.
///
/// # Examples
///
/// ```
/// use scaleplan::gaps::{cheapest, fastest, GapOption};
/// use scaleplan::Approach;
/// let o = |index, cost, lead_years| GapOption { index, approach: Approach::Tender, cost, lead_years, system: None };
/// let options = [o(0, 900.0, 1), o(1, 100.0, 3)];
/// assert_eq!(cheapest(&options).unwrap().index, 1);
/// assert_eq!(fastest(&options).unwrap().index, 0);
/// ```
pub fn cheapest(options: &[GapOption]) -> Option<&GapOption> {
    options.iter().min_by(|a, b| {
        a.cost
            .total_cmp(&b.cost)
            .then(a.lead_years.cmp(&b.lead_years))
            .then(a.index.cmp(&b.index))
    })
}

/// The fastest of some options: shortest lead, then lowest cost, then first
/// listed (see [`cheapest`] for an example).
pub fn fastest(options: &[GapOption]) -> Option<&GapOption> {
    options.iter().min_by(|a, b| {
        a.lead_years
            .cmp(&b.lead_years)
            .then(a.cost.total_cmp(&b.cost))
            .then(a.index.cmp(&b.index))
    })
}

/// Open services (not at target) that depend, directly or through other
/// services, on any service in `roots`; `roots` themselves excluded.
/// Returned as a set of indices into `catalogue.services`.
pub(crate) fn open_dependents(catalogue: &Catalogue, roots: &HashSet<usize>) -> BTreeSet<usize> {
    let index: HashMap<&str, usize> = catalogue
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    // reverse edges: p -> services depending on p
    let mut rev: Vec<Vec<usize>> = vec![Vec::new(); catalogue.services.len()];
    for (i, s) in catalogue.services.iter().enumerate() {
        for p in &s.depends_on {
            if let Some(&pi) = index.get(p.as_str()) {
                if let Some(list) = rev.get_mut(pi) {
                    list.push(i);
                }
            }
        }
    }
    let mut seen: HashSet<usize> = roots.clone();
    let mut stack: Vec<usize> = roots.iter().copied().collect();
    let mut out = BTreeSet::new();
    while let Some(i) = stack.pop() {
        for &j in rev.get(i).map(Vec::as_slice).unwrap_or(&[]) {
            if seen.insert(j) {
                let open = catalogue.services.get(j).is_some_and(|s| !s.is_done());
                if open {
                    out.insert(j);
                    stack.push(j);
                }
            }
        }
    }
    out
}

/// The gap analysis of a catalogue: missing blocks and what they hold back,
/// the blocks required and lacking, and regulatory framework readiness.
///
/// Works on any catalogue, valid or not: unknown ids are skipped (a block
/// a service names but the catalogue does not declare is counted in
/// `required` and `lacking`).
///
/// # Examples
///
/// ```
/// use scaleplan::{Catalogue, BuildingBlock, BlockStatus, Service, Entity, Capacity};
/// let mut c = Catalogue::default();
/// c.entities.push(Entity { id: "moh".into(), name: String::new(), capacity: Capacity::Constant(10.0) });
/// c.building_blocks.push(BuildingBlock {
///     id: "payments".into(), name: "Payments".into(),
///     status: BlockStatus::Missing, options: vec![],
/// });
/// let mut s = Service::new("licence", "moh", 2);
/// s.building_blocks.push("payments".into());
/// s.demand = 1000.0;
/// c.services.push(s);
/// let g = scaleplan::gaps::gaps(&c);
/// assert_eq!(g.building_blocks[0].services_blocked[0].as_str(), "licence");
/// assert_eq!(g.building_blocks[0].demand_blocked, 1000.0);
/// assert_eq!(g.lacking.len(), 1);
/// ```
pub fn gaps(catalogue: &Catalogue) -> Gaps {
    // blocks needed per service
    let needed: Vec<Vec<BlockId>> = catalogue
        .services
        .iter()
        .map(|s| catalogue.blocks_needed(s))
        .collect();

    // required: declared order first, then undeclared in first-mention order
    let mut all_needed: BTreeSet<&BlockId> = BTreeSet::new();
    let mut undeclared: Vec<BlockId> = Vec::new();
    let declared: HashSet<&str> = catalogue
        .building_blocks
        .iter()
        .map(|b| b.id.as_str())
        .collect();
    for list in &needed {
        for b in list {
            all_needed.insert(b);
            if !declared.contains(b.as_str()) && !undeclared.contains(b) {
                undeclared.push(b.clone());
            }
        }
    }
    let mut required: Vec<BlockId> = catalogue
        .building_blocks
        .iter()
        .filter(|b| all_needed.contains(&b.id))
        .map(|b| b.id.clone())
        .collect();
    required.extend(undeclared.iter().cloned());
    let lacking: Vec<BlockId> = required
        .iter()
        .filter(|id| match catalogue.block(id.as_str()) {
            Some(b) => b.status == BlockStatus::Missing,
            None => true,
        })
        .cloned()
        .collect();

    let mut building_blocks: Vec<BlockGap> = catalogue
        .building_blocks
        .iter()
        .filter(|b| b.status == BlockStatus::Missing)
        .map(|b| {
            let blocked: Vec<usize> = catalogue
                .services
                .iter()
                .enumerate()
                .filter(|(i, s)| !s.is_done() && needed.get(*i).is_some_and(|n| n.contains(&b.id)))
                .map(|(i, _)| i)
                .collect();
            let blocked_set: HashSet<usize> = blocked.iter().copied().collect();
            let dependents = open_dependents(catalogue, &blocked_set);
            let held_ids: HashSet<&str> = blocked
                .iter()
                .chain(dependents.iter())
                .filter_map(|&i| catalogue.services.get(i))
                .map(|s| s.id.as_str())
                .collect();
            let life_events_blocked = catalogue
                .life_events
                .iter()
                .filter(|l| l.services.iter().any(|s| held_ids.contains(s.as_str())))
                .map(|l| l.id.clone())
                .collect();
            let options = gap_options(&b.options);
            let option_systems: HashSet<&str> = b
                .options
                .iter()
                .filter_map(|o| o.system.as_ref().map(|s| s.as_str()))
                .collect();
            let candidate_systems = catalogue
                .systems
                .iter()
                .filter(|sys| sys.provides.contains(&b.id))
                .map(|sys| CandidateSystem {
                    id: sys.id.clone(),
                    name: sys.name.clone(),
                    open_source: sys.open_source,
                    in_options: option_systems.contains(sys.id.as_str()),
                })
                .collect();
            BlockGap {
                id: b.id.clone(),
                name: b.name.clone(),
                status: b.status,
                demand_blocked: blocked
                    .iter()
                    .filter_map(|&i| catalogue.services.get(i))
                    .map(|s| s.demand)
                    .sum(),
                services_blocked: blocked
                    .iter()
                    .filter_map(|&i| catalogue.services.get(i))
                    .map(|s| s.id.clone())
                    .collect(),
                dependents_held_back: dependents
                    .iter()
                    .filter_map(|&i| catalogue.services.get(i))
                    .map(|s| s.id.clone())
                    .collect(),
                life_events_blocked,
                candidate_systems,
                cheapest: cheapest(&options).cloned(),
                fastest: fastest(&options).cloned(),
                options,
            }
        })
        .collect();
    building_blocks.sort_by(|a, b| {
        b.demand_blocked
            .total_cmp(&a.demand_blocked)
            .then_with(|| a.id.cmp(&b.id))
    });

    let policies = policy_readiness(catalogue);
    let missing_policy_kinds = policies
        .iter()
        .filter(|p| p.status == PolicyStatus::Missing)
        .map(|p| p.kind)
        .collect();
    let framework_readiness = readiness_of(&policies);
    Gaps {
        building_blocks,
        required,
        lacking,
        policies,
        missing_policy_kinds,
        framework_readiness,
    }
}

impl Gaps {
    /// The gap of one missing block.
    pub fn block(&self, id: &str) -> Option<&BlockGap> {
        self.building_blocks.iter().find(|b| b.id.as_str() == id)
    }

    /// Number of open services blocked by each missing block, by block id.
    pub fn blocked_counts(&self) -> BTreeMap<BlockId, usize> {
        self.building_blocks
            .iter()
            .map(|b| (b.id.clone(), b.services_blocked.len()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn block(id: &str, status: BlockStatus, options: Vec<AcquisitionOption>) -> BuildingBlock {
        BuildingBlock {
            id: id.into(),
            name: id.to_uppercase(),
            status,
            options,
        }
    }
    fn opt(approach: Approach, cost: f64, lead: u32, system: Option<&str>) -> AcquisitionOption {
        AcquisitionOption {
            approach,
            cost,
            lead_years: lead,
            system: system.map(SystemId::from),
        }
    }
    fn svc(id: &str, level: u8, demand: f64, blocks: &[&str]) -> Service {
        let mut s = Service::new(id, "moh", level);
        s.demand = demand;
        s.building_blocks = blocks.iter().map(|b| BlockId::from(*b)).collect();
        s
    }

    fn catalogue() -> Catalogue {
        let mut c = Catalogue::default();
        c.entities.push(Entity {
            id: "moh".into(),
            name: String::new(),
            capacity: Capacity::Constant(100.0),
        });
        c.building_blocks = vec![
            block("identity", BlockStatus::Available, vec![]),
            block(
                "payments",
                BlockStatus::Missing,
                vec![
                    opt(Approach::Tender, 900.0, 2, None),
                    opt(Approach::Reuse, 150.0, 1, Some("mifos")),
                    opt(Approach::Build, 150.0, 3, None),
                ],
            ),
            block(
                "messaging",
                BlockStatus::Missing,
                vec![
                    opt(Approach::Build, 500.0, 0, None),
                    opt(Approach::Tender, 100.0, 2, None),
                ],
            ),
            block("registry", BlockStatus::Missing, vec![]),
        ];
        c.systems = vec![
            System {
                id: "mifos".into(),
                name: "Mifos".into(),
                provides: vec!["payments".into()],
                open_source: Some(true),
                url: None,
            },
            System {
                id: "other-pay".into(),
                name: "Other".into(),
                provides: vec!["payments".into(), "messaging".into()],
                open_source: None,
                url: None,
            },
        ];
        c.workflows = vec![Workflow {
            id: "apply-pay".into(),
            name: String::new(),
            building_blocks: vec!["identity".into(), "payments".into()],
        }];
        let mut a = svc("a", 2, 1000.0, &["identity"]);
        a.workflow = Some("apply-pay".into());
        let b = svc("b", 1, 500.0, &["payments", "messaging"]);
        let done = svc("done", 4, 9999.0, &["payments"]);
        let mut dep = svc("dep", 2, 10.0, &[]);
        dep.depends_on = vec!["a".into()];
        let free = svc("free", 3, 7.0, &["identity"]);
        c.services = vec![a, b, done, dep, free];
        c.life_events = vec![
            LifeEvent {
                id: "le-dep".into(),
                name: String::new(),
                audience: Audience::Citizen,
                services: vec!["dep".into(), "free".into()],
                weight: 1.0,
            },
            LifeEvent {
                id: "le-free".into(),
                name: String::new(),
                audience: Audience::Citizen,
                services: vec!["free".into(), "done".into()],
                weight: 1.0,
            },
        ];
        c.policies = vec![
            Policy {
                id: "p1".into(),
                name: String::new(),
                kind: PolicyKind::DigitalServiceStandard,
                status: PolicyStatus::Draft,
            },
            Policy {
                id: "p2".into(),
                name: String::new(),
                kind: PolicyKind::DigitalServiceStandard,
                status: PolicyStatus::InForce,
            },
            Policy {
                id: "p3".into(),
                name: String::new(),
                kind: PolicyKind::DigitalInclusion,
                status: PolicyStatus::Draft,
            },
            Policy {
                id: "p4".into(),
                name: String::new(),
                kind: PolicyKind::Other,
                status: PolicyStatus::InForce,
            },
        ];
        c
    }

    fn ids<T: AsRef<str>>(v: &[T]) -> Vec<&str> {
        v.iter().map(|x| x.as_ref()).collect()
    }

    #[test]
    fn blocked_services_are_exactly_the_open_ones_needing_the_block() {
        let g = gaps(&catalogue());
        let pay = g.block("payments").unwrap();
        // a needs payments through its workflow, b directly; done is at target
        assert_eq!(ids(&pay.services_blocked), ["a", "b"]);
        assert_eq!(pay.demand_blocked, 1500.0);
        assert_eq!(ids(&pay.dependents_held_back), ["dep"]);
        assert_eq!(ids(&pay.life_events_blocked), ["le-dep"]);
        let msg = g.block("messaging").unwrap();
        assert_eq!(ids(&msg.services_blocked), ["b"]);
        assert!(msg.dependents_held_back.is_empty());
        assert!(msg.life_events_blocked.is_empty());
        // available blocks are no gaps
        assert!(g.block("identity").is_none());
    }

    #[test]
    fn gaps_are_sorted_by_demand_blocked() {
        let g = gaps(&catalogue());
        let order: Vec<&str> = g.building_blocks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(order, ["payments", "messaging", "registry"]);
    }

    #[test]
    fn cheapest_and_fastest_options() {
        let g = gaps(&catalogue());
        let pay = g.block("payments").unwrap();
        assert_eq!(pay.options.len(), 3);
        // reuse and build both cost 150; reuse is faster
        assert_eq!(pay.cheapest.as_ref().unwrap().index, 1);
        assert_eq!(pay.fastest.as_ref().unwrap().index, 1);
        let msg = g.block("messaging").unwrap();
        assert_eq!(msg.cheapest.as_ref().unwrap().approach, Approach::Tender);
        assert_eq!(msg.fastest.as_ref().unwrap().approach, Approach::Build);
        let reg = g.block("registry").unwrap();
        assert!(reg.cheapest.is_none() && reg.fastest.is_none());
    }

    #[test]
    fn candidate_systems_are_those_providing_the_block() {
        let g = gaps(&catalogue());
        let pay = g.block("payments").unwrap();
        let c: Vec<(&str, bool)> = pay
            .candidate_systems
            .iter()
            .map(|s| (s.id.as_str(), s.in_options))
            .collect();
        assert_eq!(c, [("mifos", true), ("other-pay", false)]);
        let msg = g.block("messaging").unwrap();
        assert_eq!(
            ids(&msg
                .candidate_systems
                .iter()
                .map(|s| &s.id)
                .collect::<Vec<_>>()),
            ["other-pay"]
        );
    }

    #[test]
    fn required_and_lacking() {
        let mut c = catalogue();
        c.services[4].building_blocks.push("ghost".into());
        let g = gaps(&c);
        // registry is declared but nobody needs it
        assert_eq!(
            ids(&g.required),
            ["identity", "payments", "messaging", "ghost"]
        );
        assert_eq!(ids(&g.lacking), ["payments", "messaging", "ghost"]);
    }

    #[test]
    fn policy_kinds_best_status_and_missing() {
        let g = gaps(&catalogue());
        assert_eq!(g.policies.len(), 6);
        let dss = &g.policies[0];
        assert_eq!(dss.kind, PolicyKind::DigitalServiceStandard);
        assert_eq!(dss.status, PolicyStatus::InForce);
        assert_eq!(ids(&dss.policies), ["p1", "p2"]);
        let di = g
            .policies
            .iter()
            .find(|p| p.kind == PolicyKind::DigitalInclusion)
            .unwrap();
        assert_eq!(di.status, PolicyStatus::Draft);
        assert_eq!(g.missing_policy_kinds.len(), 4);
        assert!(!g
            .missing_policy_kinds
            .contains(&PolicyKind::DigitalInclusion));
        assert!(!g.missing_policy_kinds.contains(&PolicyKind::Other));
        assert!((g.framework_readiness - 1.5 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn json_shape() {
        let v = serde_json::to_value(gaps(&catalogue())).unwrap();
        let b = &v["building_blocks"][0];
        for k in [
            "id",
            "name",
            "status",
            "services_blocked",
            "demand_blocked",
            "life_events_blocked",
            "candidate_systems",
            "options",
            "cheapest",
            "fastest",
        ] {
            assert!(b.get(k).is_some(), "missing {k}");
        }
        assert_eq!(b["status"], "missing");
        assert_eq!(v["policies"][0]["kind"], "digital_service_standard");
        assert_eq!(v["policies"][0]["status"], "in_force");
        assert!(v["required"].is_array() && v["lacking"].is_array());
        let back: Gaps = serde_json::from_value(v).unwrap();
        assert_eq!(back, gaps(&catalogue()));
    }
}
