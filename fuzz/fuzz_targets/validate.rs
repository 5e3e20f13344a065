//! Validation on any catalogue and scenario that deserialise (unvalidated):
//! it reports problems, never panics, and what it accepts plans without
//! panicking (checked by the `plan` target).
#![no_main]
use libfuzzer_sys::fuzz_target;
use scaleplan::{Catalogue, Scenario};

fuzz_target!(|data: &[u8]| {
    // Input: catalogue JSON, optionally followed by NUL and scenario JSON.
    let mut parts = data.splitn(2, |b| *b == 0);
    let cat_bytes = parts.next().unwrap_or_default();
    let Ok(cat) = serde_json::from_slice::<Catalogue>(cat_bytes) else { return };
    let cat_ok = scaleplan::validate::validate_catalogue(&cat);
    if let Err(e) = &cat_ok {
        assert!(!e.problems.is_empty());
        for p in &e.problems {
            assert!(!p.message.is_empty());
        }
    }
    if let Some(scen_bytes) = parts.next() {
        if let Ok(scen) = serde_json::from_slice::<Scenario>(scen_bytes) {
            let _ = scaleplan::validate::validate_scenario(&scen, &cat);
        }
    }
    // Analyses that run on validated catalogues must not panic either.
    if cat_ok.is_ok() {
        let _ = scaleplan::graph::analyse(&cat);
        let _ = scaleplan::score::score(&cat, &Default::default());
    }
});
