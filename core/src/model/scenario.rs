//! The scenario document (FORMAT.md, "Scenario"): what the planner may spend
//! and must reach.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

fn default_horizon() -> u32 {
    5
}
fn default_capacity_factor() -> f64 {
    1.0
}

/// What the planner may spend and must reach.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Number of plan years (>= 1).
    #[serde(default = "default_horizon")]
    pub horizon: u32,
    /// Money per year; `None` (null) is unlimited.
    #[serde(default)]
    pub budget: Option<Budget>,
    /// Multiplies every entity capacity.
    #[serde(default = "default_capacity_factor")]
    pub capacity_factor: f64,
    /// Shares of services at target by given years.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Solver limits.
    #[serde(default)]
    pub solver: SolverSettings,
}

impl Default for Scenario {
    fn default() -> Self {
        Scenario {
            horizon: 5,
            budget: None,
            capacity_factor: 1.0,
            targets: Vec::new(),
            solver: SolverSettings::default(),
        }
    }
}

impl Scenario {
    /// Budget for plan year `t` (1-based), `None` when unlimited.
    pub fn budget_at(&self, t: usize) -> Option<f64> {
        self.budget.as_ref().map(|b| b.at(t))
    }

    /// Builder: set the horizon.
    pub fn with_horizon(mut self, horizon: u32) -> Self {
        self.horizon = horizon;
        self
    }
    /// Builder: set a budget.
    pub fn with_budget(mut self, budget: Budget) -> Self {
        self.budget = Some(budget);
        self
    }
    /// Builder: set the capacity factor.
    pub fn with_capacity_factor(mut self, factor: f64) -> Self {
        self.capacity_factor = factor;
        self
    }
    /// Builder: add a target.
    pub fn with_target(mut self, target: Target) -> Self {
        self.targets.push(target);
        self
    }
    /// Builder: set the time limit in seconds.
    pub fn with_time_limit(mut self, seconds: f64) -> Self {
        self.solver.time_limit_s = seconds;
        self
    }
    /// Builder: set the relative MIP gap.
    pub fn with_mip_gap(mut self, gap: f64) -> Self {
        self.solver.mip_gap = gap;
        self
    }
}

/// Money per year: one number, or a list per plan year (a shorter list
/// repeats its last value).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Budget {
    /// The same budget every year.
    Constant(f64),
    /// One value per plan year; the last repeats (at least one value).
    PerYear(#[schemars(length(min = 1))] Vec<f64>),
}

impl Budget {
    /// Budget in plan year `t` (1-based). An empty list (which validation rejects) means 0.
    pub fn at(&self, t: usize) -> f64 {
        match self {
            Budget::Constant(v) => *v,
            Budget::PerYear(v) => {
                let i = t.saturating_sub(1);
                v.get(i).or_else(|| v.last()).copied().unwrap_or(0.0)
            }
        }
    }
    /// Every value given (for validation).
    pub fn values(&self) -> Vec<f64> {
        match self {
            Budget::Constant(v) => vec![*v],
            Budget::PerYear(v) => v.clone(),
        }
    }
}

/// How a target counts services.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WeightedBy {
    /// Every service counts 1.
    #[default]
    Count,
    /// Every service counts its demand.
    Demand,
}

/// A share of all services at target by the end of a calendar year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// Calendar year.
    pub year: i32,
    /// Share, 0..1.
    pub share: f64,
    /// count or demand.
    #[serde(default)]
    pub weighted_by: WeightedBy,
}

fn default_time_limit() -> f64 {
    60.0
}
fn default_mip_gap() -> f64 {
    1e-4
}

/// Solver limits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SolverSettings {
    /// Wall-clock limit in seconds; the best plan so far is returned.
    #[serde(default = "default_time_limit")]
    pub time_limit_s: f64,
    /// Relative optimality gap at which the solver may stop.
    #[serde(default = "default_mip_gap")]
    pub mip_gap: f64,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            time_limit_s: 60.0,
            mip_gap: 1e-4,
        }
    }
}
