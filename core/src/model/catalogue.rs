//! The catalogue document (FORMAT.md, "Catalogue"): what the country has.

use super::ids::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The `format` tag every catalogue carries.
pub const CATALOGUE_FORMAT: &str = "scaleplan/1";

/// A country's service catalogue.
///
/// Field names and defaults are exactly those of the interchange format;
/// unknown fields are rejected when reading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    /// Must be `scaleplan/1`.
    pub format: String,
    /// Name of the country or organisation.
    #[serde(default)]
    pub name: String,
    /// Free text version; two catalogues can be diffed.
    #[serde(default)]
    pub version: String,
    /// Calendar year of plan year 1.
    pub start_year: i32,
    /// Ministries and agencies that own services.
    #[serde(default)]
    pub entities: Vec<Entity>,
    /// Shared building blocks (GovStack BBs).
    #[serde(default)]
    pub building_blocks: Vec<BuildingBlock>,
    /// Systems catalogue: existing components that can provide blocks.
    #[serde(default)]
    pub systems: Vec<System>,
    /// Generic workflows shared by many services.
    #[serde(default)]
    pub workflows: Vec<Workflow>,
    /// The public services.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Citizen and business life events.
    #[serde(default)]
    pub life_events: Vec<LifeEvent>,
    /// The regulatory framework.
    #[serde(default)]
    pub policies: Vec<Policy>,
}

impl Default for Catalogue {
    fn default() -> Self {
        Catalogue {
            format: CATALOGUE_FORMAT.to_owned(),
            name: String::new(),
            version: String::new(),
            start_year: 2027,
            entities: Vec::new(),
            building_blocks: Vec::new(),
            systems: Vec::new(),
            workflows: Vec::new(),
            services: Vec::new(),
            life_events: Vec::new(),
            policies: Vec::new(),
        }
    }
}

/// Person-months of digitisation work per year: one number for every year,
/// or a list with one value per plan year (a shorter list repeats its last
/// value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Capacity {
    /// The same capacity every year.
    Constant(f64),
    /// One value per plan year; the last repeats (at least one value).
    PerYear(#[schemars(length(min = 1))] Vec<f64>),
}

impl Capacity {
    /// Capacity in plan year `t` (1-based). An empty list (which validation rejects) means 0.
    pub fn at(&self, t: usize) -> f64 {
        match self {
            Capacity::Constant(v) => *v,
            Capacity::PerYear(v) => {
                let i = t.saturating_sub(1);
                v.get(i).or_else(|| v.last()).copied().unwrap_or(0.0)
            }
        }
    }
    /// Every value given (for validation).
    pub fn values(&self) -> Vec<f64> {
        match self {
            Capacity::Constant(v) => vec![*v],
            Capacity::PerYear(v) => v.clone(),
        }
    }
}

impl Default for Capacity {
    fn default() -> Self {
        Capacity::Constant(0.0)
    }
}

/// A ministry or agency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Entity {
    /// Unique id.
    pub id: EntityId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Person-months of digitisation work per year.
    pub capacity: Capacity,
}

/// Whether a building block is in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BlockStatus {
    /// In place from year 1.
    Available,
    /// Must be acquired through one of its options.
    Missing,
}

/// How a missing block is acquired.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Approach {
    /// Reuse an existing system.
    Reuse,
    /// Public tender.
    Tender,
    /// Local build.
    Build,
}

impl Approach {
    /// The format's name of the approach.
    pub fn as_str(self) -> &'static str {
        match self {
            Approach::Reuse => "reuse",
            Approach::Tender => "tender",
            Approach::Build => "build",
        }
    }
}

/// One way to acquire a missing block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AcquisitionOption {
    /// reuse, tender or build.
    pub approach: Approach,
    /// Money, paid in the year the acquisition starts.
    #[serde(default)]
    pub cost: f64,
    /// Years from start until available (0 = usable in the start year).
    #[serde(default)]
    pub lead_years: u32,
    /// Id in `systems` that the option deploys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemId>,
}

/// A shared building block (identity, payments, ...).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildingBlock {
    /// Unique id.
    pub id: BlockId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// available or missing.
    pub status: BlockStatus,
    /// Acquisition options (for missing blocks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<AcquisitionOption>,
}

/// A component of the systems catalogue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct System {
    /// Unique id.
    pub id: SystemId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Building blocks this component can serve.
    #[serde(default)]
    pub provides: Vec<BlockId>,
    /// Whether it is open source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_source: Option<bool>,
    /// Where to learn more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A generic workflow: a pattern many services share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Unique id.
    pub id: WorkflowId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Blocks every service following this workflow needs.
    #[serde(default)]
    pub building_blocks: Vec<BlockId>,
}

fn default_target_level() -> u8 {
    4
}
fn default_interactions() -> f64 {
    1.0
}
fn is_default_target(v: &u8) -> bool {
    *v == 4
}

/// Observed performance of a service; any subset.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpis {
    /// Cost per transaction (money).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost_per_transaction: Option<f64>,
    /// User satisfaction, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_satisfaction: Option<f64>,
    /// Completion rate, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completion_rate: Option<f64>,
    /// Digital take-up, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digital_take_up: Option<f64>,
}

impl Kpis {
    /// True when no KPI is given.
    pub fn is_empty(&self) -> bool {
        self.cost_per_transaction.is_none()
            && self.user_satisfaction.is_none()
            && self.completion_rate.is_none()
            && self.digital_take_up.is_none()
    }
}

/// A public service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id.
    pub id: ServiceId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Owning entity.
    pub entity: EntityId,
    /// Digitisation level today: 1 informational, 2 downloadable forms,
    /// 3 web form submission, 4 fully online.
    pub level: u8,
    /// Level the roadmap brings it to; `level >= target_level` means done.
    #[serde(
        default = "default_target_level",
        skip_serializing_if = "is_default_target"
    )]
    pub target_level: u8,
    /// Transactions per year.
    #[serde(default)]
    pub demand: f64,
    /// In-person interactions a user needs to complete it today.
    #[serde(default = "default_interactions")]
    pub interactions: f64,
    /// Person-months of its entity's capacity, spent in its go-live year.
    #[serde(default)]
    pub effort: f64,
    /// Money, spent in its go-live year.
    #[serde(default)]
    pub cost: f64,
    /// Blocks it needs besides those of its workflow.
    #[serde(default)]
    pub building_blocks: Vec<BlockId>,
    /// Generic workflow it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workflow: Option<WorkflowId>,
    /// Services that must be at target no later than it.
    #[serde(default)]
    pub depends_on: Vec<ServiceId>,
    /// Calendar year before which it cannot go live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub earliest_year: Option<i32>,
    /// Calendar year by which it must be at target (hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_year: Option<i32>,
    /// Value per year at target; overrides the default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Observed performance.
    #[serde(default, skip_serializing_if = "Kpis::is_empty")]
    pub kpis: Kpis,
}

impl Service {
    /// A service with the required fields and every default.
    pub fn new(id: impl Into<ServiceId>, entity: impl Into<EntityId>, level: u8) -> Self {
        Service {
            id: id.into(),
            name: String::new(),
            entity: entity.into(),
            level,
            target_level: 4,
            demand: 0.0,
            interactions: 1.0,
            effort: 0.0,
            cost: 0.0,
            building_blocks: Vec::new(),
            workflow: None,
            depends_on: Vec::new(),
            earliest_year: None,
            deadline_year: None,
            value: None,
            kpis: Kpis::default(),
        }
    }

    /// True when the service is already at (or above) its target level.
    pub fn is_done(&self) -> bool {
        self.level >= self.target_level
    }

    /// Value per year at target: `value`, or
    /// `demand * interactions * (target_level - level) / 3`.
    pub fn value_per_year(&self) -> f64 {
        match self.value {
            Some(v) => v,
            None => {
                self.demand
                    * self.interactions
                    * (f64::from(self.target_level) - f64::from(self.level))
                    / 3.0
            }
        }
    }
}

/// Who a life event concerns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Citizens.
    #[default]
    Citizen,
    /// Businesses.
    Business,
}

fn is_citizen(a: &Audience) -> bool {
    *a == Audience::Citizen
}

/// A life event ("having a child", "starting a business").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LifeEvent {
    /// Unique id.
    pub id: LifeEventId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// citizen or business.
    #[serde(default, skip_serializing_if = "is_citizen")]
    pub audience: Audience,
    /// Services a person or business goes through.
    #[serde(default)]
    pub services: Vec<ServiceId>,
    /// Value per year in which all its services are at target.
    #[serde(default)]
    pub weight: f64,
}

/// Kind of policy of the regulatory framework.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PolicyKind {
    /// Digital service standard.
    DigitalServiceStandard,
    /// Enterprise architecture.
    EnterpriseArchitecture,
    /// Shared-service policy.
    SharedServicePolicy,
    /// ICT procurement policy.
    IctProcurementPolicy,
    /// Capacity building.
    CapacityBuilding,
    /// Digital inclusion.
    DigitalInclusion,
    /// Anything else.
    #[default]
    Other,
}

impl PolicyKind {
    /// The six kinds of the regulatory framework (all but `other`).
    pub const FRAMEWORK: [PolicyKind; 6] = [
        PolicyKind::DigitalServiceStandard,
        PolicyKind::EnterpriseArchitecture,
        PolicyKind::SharedServicePolicy,
        PolicyKind::IctProcurementPolicy,
        PolicyKind::CapacityBuilding,
        PolicyKind::DigitalInclusion,
    ];
    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyKind::DigitalServiceStandard => "digital_service_standard",
            PolicyKind::EnterpriseArchitecture => "enterprise_architecture",
            PolicyKind::SharedServicePolicy => "shared_service_policy",
            PolicyKind::IctProcurementPolicy => "ict_procurement_policy",
            PolicyKind::CapacityBuilding => "capacity_building",
            PolicyKind::DigitalInclusion => "digital_inclusion",
            PolicyKind::Other => "other",
        }
    }
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            PolicyKind::DigitalServiceStandard => "Digital service standard",
            PolicyKind::EnterpriseArchitecture => "Enterprise architecture",
            PolicyKind::SharedServicePolicy => "Shared-service policy",
            PolicyKind::IctProcurementPolicy => "ICT procurement policy",
            PolicyKind::CapacityBuilding => "Capacity building",
            PolicyKind::DigitalInclusion => "Digital inclusion",
            PolicyKind::Other => "Other",
        }
    }
}

/// Status of a policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PolicyStatus {
    /// Adopted and in force.
    InForce,
    /// Drafted, not adopted.
    Draft,
    /// Not there.
    #[default]
    Missing,
}

impl PolicyStatus {
    /// The format's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyStatus::InForce => "in_force",
            PolicyStatus::Draft => "draft",
            PolicyStatus::Missing => "missing",
        }
    }
}

/// A policy of the regulatory framework.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Unique id.
    pub id: PolicyId,
    /// Human name.
    #[serde(default)]
    pub name: String,
    /// Which part of the framework it is.
    #[serde(default)]
    pub kind: PolicyKind,
    /// in_force, draft or missing.
    #[serde(default)]
    pub status: PolicyStatus,
}

impl Catalogue {
    /// The service with this id.
    pub fn service(&self, id: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.id.as_str() == id)
    }
    /// The block with this id.
    pub fn block(&self, id: &str) -> Option<&BuildingBlock> {
        self.building_blocks.iter().find(|b| b.id.as_str() == id)
    }
    /// The workflow with this id.
    pub fn workflow(&self, id: &str) -> Option<&Workflow> {
        self.workflows.iter().find(|w| w.id.as_str() == id)
    }
    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entities.iter().find(|e| e.id.as_str() == id)
    }

    /// Every block a service needs: its own and its workflow's, without
    /// repeats, in first-mention order.
    pub fn blocks_needed(&self, service: &Service) -> Vec<BlockId> {
        let mut out: Vec<BlockId> = Vec::new();
        let wf = service
            .workflow
            .as_ref()
            .and_then(|w| self.workflow(w.as_str()));
        let iter = service
            .building_blocks
            .iter()
            .chain(wf.into_iter().flat_map(|w| w.building_blocks.iter()));
        for b in iter {
            if !out.contains(b) {
                out.push(b.clone());
            }
        }
        out
    }
}
