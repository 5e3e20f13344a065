//! Helpers shared by the fuzz targets: turning fuzz bytes into CSV folders
//! and small catalogues, and the checks every returned plan must pass.

use arbitrary::{Result, Unstructured};
use scaleplan::plan::{Backend, Planner};
use scaleplan::*;
use std::collections::BTreeMap;

/// The CSV tables of a catalogue folder, in the order the fuzz input
/// carries them (chunks separated by NUL bytes).
pub const CSV_TABLES: [&str; 9] = scaleplan::io::csv::FILES;

/// The fuzz input as CSV tables (file name -> text): the input is split on
/// NUL bytes; chunk i becomes `CSV_TABLES[i]`; an empty chunk means the
/// table is absent.
pub fn csv_texts(data: &[u8]) -> BTreeMap<String, String> {
    CSV_TABLES
        .iter()
        .zip(data.split(|b| *b == 0))
        .filter(|(_, chunk)| !chunk.is_empty())
        .map(|(name, chunk)| ((*name).to_owned(), String::from_utf8_lossy(chunk).into_owned()))
        .collect()
}

/// Id prefixes: plain, unicode, spaces, markup, path-like.
const PREFIXES: [&str; 8] = ["s", "é-", "服务", "a b ", "<x>", "../", "\u{200b}", "0"];

fn id(u: &mut Unstructured, kind: &str, i: usize) -> Result<String> {
    let p = PREFIXES[u.choose_index(PREFIXES.len())?];
    Ok(format!("{p}{kind}{i}"))
}

fn small_f64(u: &mut Unstructured, max: u32) -> Result<f64> {
    Ok(f64::from(u.int_in_range(0..=max)?))
}

fn subset<T: Clone>(u: &mut Unstructured, items: &[T], max: usize) -> Result<Vec<T>> {
    let mut out = Vec::new();
    for item in items {
        if out.len() < max && u.ratio(1, 3)? {
            out.push(item.clone());
        }
    }
    Ok(out)
}

/// A small catalogue and scenario drawn from fuzz bytes: up to 6 services,
/// 3 entities, 3 blocks, 2 workflows, 2 life events, 3 plan years. Ids,
/// dependencies and numbers are arbitrary, so many draws do not validate;
/// those that do are what the planner target plans.
pub fn small_instance(u: &mut Unstructured) -> Result<(Catalogue, Scenario)> {
    let start_year = 2027;
    let mut cat = Catalogue {
        start_year,
        ..Catalogue::default()
    };
    let n_ent = u.int_in_range(1..=3)?;
    for i in 0..n_ent {
        let capacity = if u.arbitrary()? {
            Capacity::Constant(small_f64(u, 60)?)
        } else {
            let n = u.int_in_range(0..=4)?;
            let mut v = Vec::new();
            for _ in 0..n {
                v.push(small_f64(u, 60)?);
            }
            Capacity::PerYear(v)
        };
        cat.entities.push(Entity {
            id: id(u, "e", i)?.into(),
            name: String::new(),
            capacity,
        });
    }
    let n_blocks = u.int_in_range(0..=3)?;
    for i in 0..n_blocks {
        let missing: bool = u.arbitrary()?;
        let mut options = Vec::new();
        if missing {
            for _ in 0..u.int_in_range(0..=2)? {
                let approach = [Approach::Reuse, Approach::Tender, Approach::Build][u.choose_index(3)?];
                options.push(AcquisitionOption {
                    approach,
                    cost: small_f64(u, 500)?,
                    lead_years: u.int_in_range(0..=3)?,
                    system: None,
                });
            }
        }
        cat.building_blocks.push(BuildingBlock {
            id: id(u, "b", i)?.into(),
            name: String::new(),
            status: if missing { BlockStatus::Missing } else { BlockStatus::Available },
            options,
        });
    }
    let block_ids: Vec<BlockId> = cat.building_blocks.iter().map(|b| b.id.clone()).collect();
    for i in 0..u.int_in_range(0..=2)? {
        let building_blocks = subset(u, &block_ids, 3)?;
        cat.workflows.push(Workflow {
            id: id(u, "w", i)?.into(),
            name: String::new(),
            building_blocks,
        });
    }
    let workflow_ids: Vec<WorkflowId> = cat.workflows.iter().map(|w| w.id.clone()).collect();
    let entity_ids: Vec<EntityId> = cat.entities.iter().map(|e| e.id.clone()).collect();
    let n_services = u.int_in_range(1..=6)?;
    let service_ids: Vec<ServiceId> = (0..n_services)
        .map(|i| id(u, "s", i).map(ServiceId::from))
        .collect::<Result<_>>()?;
    for (i, sid) in service_ids.iter().enumerate() {
        let entity = entity_ids[u.choose_index(entity_ids.len())?].clone();
        let mut s = Service::new(sid.clone(), entity, u.int_in_range(1..=4)?);
        s.target_level = u.int_in_range(1..=4)?;
        s.demand = small_f64(u, 10_000)?;
        s.interactions = small_f64(u, 3)?;
        s.effort = small_f64(u, 40)?;
        s.cost = small_f64(u, 300)?;
        s.building_blocks = subset(u, &block_ids, 2)?;
        if !workflow_ids.is_empty() && u.arbitrary()? {
            s.workflow = Some(workflow_ids[u.choose_index(workflow_ids.len())?].clone());
        }
        // Mostly earlier services, so most draws are acyclic.
        let deps: Vec<ServiceId> = if u.ratio(1, 8)? {
            subset(u, &service_ids, 2)?
        } else {
            subset(u, &service_ids[..i], 2)?
        };
        s.depends_on = deps;
        if u.ratio(1, 4)? {
            s.earliest_year = Some(start_year - 1 + i32::from(u.int_in_range(0u8..=4)?));
        }
        if u.ratio(1, 4)? {
            s.deadline_year = Some(start_year - 1 + i32::from(u.int_in_range(0u8..=4)?));
        }
        if u.ratio(1, 4)? {
            s.value = Some(small_f64(u, 1000)?);
        }
        cat.services.push(s);
    }
    for i in 0..u.int_in_range(0..=2)? {
        let services = subset(u, &service_ids, 3)?;
        cat.life_events.push(LifeEvent {
            id: id(u, "l", i)?.into(),
            name: String::new(),
            audience: Audience::Citizen,
            services,
            weight: small_f64(u, 5000)?,
        });
    }
    let horizon = u.int_in_range(1..=3)?;
    let mut scen = Scenario::default().with_horizon(horizon);
    match u.int_in_range(0..=2)? {
        0 => {}
        1 => scen.budget = Some(Budget::Constant(small_f64(u, 1000)?)),
        _ => {
            let mut v = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                v.push(small_f64(u, 1000)?);
            }
            scen.budget = Some(Budget::PerYear(v));
        }
    }
    scen.capacity_factor = f64::from(u.int_in_range(0..=8)?) / 4.0;
    if u.ratio(1, 3)? {
        let year = start_year + i32::from(u.int_in_range(0..=(horizon as u8 - 1))?);
        scen.targets.push(Target {
            year,
            share: f64::from(u.int_in_range(0..=4)?) / 4.0,
            weighted_by: if u.arbitrary()? { WeightedBy::Demand } else { WeightedBy::Count },
        });
    }
    Ok((cat, scen))
}

/// Plan a validated instance with `backend` and check the answer: a plan
/// must pass the independent verifier with the objective it claims.
/// Panics (so the fuzzer records the input) when it does not.
pub fn plan_and_check(cat: &Catalogue, scen: &Scenario, backend: Backend) -> Option<Roadmap> {
    let roadmap = match Planner::new(cat)
        .scenario(scen)
        .backend(backend)
        .time_limit(2.0)
        .solve()
    {
        Ok(r) => r,
        // A clear error is an allowed answer; a panic is not.
        Err(_) => return None,
    };
    if roadmap.status.has_plan() {
        let v = scaleplan::verify::verify(cat, scen, &roadmap);
        assert!(
            v.is_ok(),
            "{backend:?} plan violates the model: {:?}\ncatalogue: {}\nscenario: {}",
            v.violations,
            serde_json::to_string(cat).unwrap_or_default(),
            serde_json::to_string(scen).unwrap_or_default()
        );
        let tol = 1e-6 * v.objective.abs().max(1.0);
        assert!(
            (v.objective - roadmap.objective).abs() <= tol,
            "{backend:?} claims objective {} but the verifier computes {}\ncatalogue: {}\nscenario: {}",
            roadmap.objective,
            v.objective,
            serde_json::to_string(cat).unwrap_or_default(),
            serde_json::to_string(scen).unwrap_or_default()
        );
    }
    Some(roadmap)
}
