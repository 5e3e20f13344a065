//! # scaleplan
//!
//! Plan how to bring every public service of a country online.
//!
//! scaleplan models a **service catalogue** (services, their digitisation
//! level, demand and owning entity; shared building blocks and how missing
//! ones are acquired; life events; the regulatory framework), and solves
//! the **multi-year roadmap** as a mixed-integer program: which service
//! reaches its target level in which year, and which block is acquired how
//! and when, within each entity's capacity and the budget.
#![cfg_attr(not(test), warn(clippy::unwrap_used, clippy::expect_used))]
#![warn(missing_docs)]

pub mod diff;
pub mod error;
pub mod gaps;
pub mod generate;
pub mod graph;
pub mod io;
pub mod kpi;
pub mod model;
pub mod plan;
pub mod report;
pub mod sample;
pub mod schema;
pub mod score;
pub mod track;
pub mod validate;
pub mod verify;

// The README's examples are compiled and run as doctests.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

pub use error::{Error, Location, Problem, Result, ValidationErrors};
pub use model::*;
