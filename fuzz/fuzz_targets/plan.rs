//! The planner on small fuzzed catalogues: every instance that validates
//! plans without panicking, every plan passes the independent verifier
//! with the objective it claims, the heuristic is deterministic and never
//! beats a proven optimum.
#![no_main]
use arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use scaleplan::plan::Backend;
use scaleplan::Status;

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((cat, scen)) = scaleplan_fuzz::small_instance(&mut u) else { return };
    if scaleplan::validate::validate_catalogue(&cat).is_err()
        || scaleplan::validate::validate_scenario(&scen, &cat).is_err()
    {
        return;
    }
    let heuristic = scaleplan_fuzz::plan_and_check(&cat, &scen, Backend::Heuristic);
    let again = scaleplan_fuzz::plan_and_check(&cat, &scen, Backend::Heuristic);
    if let (Some(a), Some(b)) = (&heuristic, &again) {
        assert_eq!(a.services, b.services, "heuristic is not deterministic");
        assert_eq!(a.building_blocks, b.building_blocks, "heuristic is not deterministic");
    }
    let exact = scaleplan_fuzz::plan_and_check(&cat, &scen, Backend::Microlp);
    if let (Some(h), Some(x)) = (&heuristic, &exact) {
        if h.status.has_plan() && x.status == Status::Optimal {
            let tol = (scen.solver.mip_gap + 1e-6) * x.objective.abs().max(1.0);
            assert!(
                h.objective <= x.objective + tol,
                "heuristic {} beats the proven optimum {}\ncatalogue: {}\nscenario: {}",
                h.objective,
                x.objective,
                serde_json::to_string(&cat).unwrap_or_default(),
                serde_json::to_string(&scen).unwrap_or_default()
            );
        }
        if h.status.has_plan() {
            assert_ne!(x.status, Status::Infeasible, "heuristic found a plan, microlp says infeasible");
        }
    }
});
