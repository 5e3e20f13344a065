//! Test support shared by the integration tests of `scaleplan`.
#![allow(dead_code)]

pub mod exhaustive;
