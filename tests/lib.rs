//! Shared helpers for the integration tests (fixtures live beside this file).
