//! Readers and writers: JSON, CSV folders, XLSX workbooks, GovStack RFI-2.
//!
//! Every reader checks the shape of its input (unknown and missing fields,
//! wrong types) and then everything [`crate::validate`] checks, and reports
//! **every** problem at once, each with its document, list, index, id and
//! field (or file, row and column). Inputs are read under [`Limits`], so a
//! huge, deeply nested or zip-bomb input gives an error, never a crash.
//!
//! | input | read by |
//! |---|---|
//! | `catalogue.json` | [`catalogue_from_json`] |
//! | a folder of CSV files (`services.csv`, ...) | [`read_catalogue`] |
//! | a `.xlsx` workbook, one sheet per table | [`read_catalogue`], [`catalogue_from_xlsx_bytes`] |
//! | a GovStack RFI-2 workbook (sheet "Service Catalogue") | [`read_catalogue_with`] (with a warning per gap) |

// `Error` carries a located problem by value: it is built once per failed
// read, so its size does not matter here.
#![allow(clippy::result_large_err)]

pub mod csv;
mod de;
mod json;
mod limits;
#[cfg(feature = "xlsx")]
pub mod rfi2;
mod table;
#[cfg(feature = "xlsx")]
pub mod xlsx;

pub use json::{
    catalogue_from_json, catalogue_from_json_with, catalogue_from_value, catalogue_from_value_with,
    catalogue_to_json_string, roadmap_from_json, scenario_from_json, scenario_from_value,
};
pub use limits::Limits;

use crate::error::{Error, Location, Problem, Result};
use crate::model::{Catalogue, Roadmap, Scenario};
use std::path::Path;

/// How to read: the limits, for now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Size, depth and count limits.
    pub limits: Limits,
}

/// A document read, with the warnings the reader has about it (for
/// example, what an RFI-2 workbook does not say and was given a default).
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded<T> {
    /// What was read.
    pub value: T,
    /// Things worth knowing that are not errors.
    pub warnings: Vec<Problem>,
}

/// The kinds of catalogue input, told apart by the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Json,
    Xlsx,
    CsvFolder,
}

fn kind_of_path(path: &Path) -> Result<Kind> {
    if path.is_dir() {
        return Ok(Kind::CsvFolder);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => Ok(Kind::Json),
        "xlsx" | "xlsm" => Ok(Kind::Xlsx),
        "csv" => Err(Error::invalid(
            Location::document(path.display().to_string()),
            "a single CSV file is not a catalogue: give the folder that holds catalogue.csv, services.csv, entities.csv, ...",
        )),
        _ if !path.exists() => Err(Error::io(path.display(), "no such file or folder")),
        _ => Err(Error::invalid(
            Location::document(path.display().to_string()),
            "unknown kind of catalogue: expected a .json file, a .xlsx workbook or a folder of CSV files",
        )),
    }
}

/// An I/O error in plain words ("no such file or folder", not
/// "No such file or directory (os error 2)").
pub(crate) fn io_error(path: impl std::fmt::Display, e: &std::io::Error) -> Error {
    use std::io::ErrorKind as K;
    let text = match e.kind() {
        K::NotFound => "no such file or folder".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::AlreadyExists => "already exists".to_owned(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_owned(),
                None => s,
            }
        }
    };
    Error::io(path, text)
}

/// Read a whole file as text, under the byte limit.
pub(crate) fn read_text(path: &Path, limits: &Limits) -> Result<String> {
    let bytes = read_bytes(path, limits)?;
    String::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            Location::document(path.display().to_string()),
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Read a whole file, checking its size before reading it.
pub(crate) fn read_bytes(path: &Path, limits: &Limits) -> Result<Vec<u8>> {
    let doc = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| io_error(&doc, &e))?;
    limits.check_bytes(meta.len(), &doc)?;
    let bytes = std::fs::read(path).map_err(|e| io_error(&doc, &e))?;
    limits.check_bytes(bytes.len() as u64, &doc)?;
    Ok(bytes)
}

/// Read a catalogue: a `.json` file, a `.xlsx` workbook (scaleplan's or a
/// GovStack RFI-2 one) or a folder of CSV files, under default limits.
/// Warnings are dropped; use [`read_catalogue_with`] to see them.
///
/// # Errors
/// [`Error::Io`] when the path cannot be read, [`Error::Invalid`] with every
/// problem found, [`Error::Limit`] beyond [`Limits::default`].
///
/// # Examples
/// ```no_run
/// let c = scaleplan::io::read_catalogue(std::path::Path::new("catalogue.json"))?;
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn read_catalogue(path: &Path) -> Result<Catalogue> {
    read_catalogue_with(path, &ReadOptions::default()).map(|l| l.value)
}

/// Read a catalogue with explicit options; warnings are returned with it.
///
/// # Errors
/// As [`read_catalogue`], with the given limits.
///
/// # Examples
/// ```no_run
/// use scaleplan::io::{read_catalogue_with, ReadOptions, Limits};
/// let opts = ReadOptions { limits: Limits { max_services: 5000, ..Limits::default() } };
/// let loaded = read_catalogue_with(std::path::Path::new("rfi2.xlsx"), &opts)?;
/// for w in &loaded.warnings { eprintln!("warning: {w}"); }
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn read_catalogue_with(path: &Path, options: &ReadOptions) -> Result<Loaded<Catalogue>> {
    let limits = &options.limits;
    let document = path.display().to_string();
    match kind_of_path(path)? {
        Kind::Json => {
            let text = read_text(path, limits)?;
            let value = json::catalogue_from_json_with(&text, &document, limits)?;
            Ok(Loaded {
                value,
                warnings: Vec::new(),
            })
        }
        Kind::CsvFolder => Ok(Loaded {
            value: csv::read_folder(path, limits)?,
            warnings: Vec::new(),
        }),
        Kind::Xlsx => {
            #[cfg(feature = "xlsx")]
            {
                let bytes = read_bytes(path, limits)?;
                xlsx::catalogue_from_bytes(&bytes, &document, limits)
            }
            #[cfg(not(feature = "xlsx"))]
            {
                Err(Error::invalid(
                    Location::document(document),
                    "this build of scaleplan reads no XLSX workbooks (the `xlsx` feature is off)",
                ))
            }
        }
    }
}

/// Read a catalogue from the bytes of an XLSX workbook (scaleplan's layout
/// or a GovStack RFI-2 workbook), under default limits.
///
/// # Errors
/// [`Error::Invalid`] with every problem found (naming sheet, row and
/// column), [`Error::Limit`] for a workbook too large once decompressed.
#[cfg(feature = "xlsx")]
pub fn catalogue_from_xlsx_bytes(bytes: &[u8], document: &str) -> Result<Catalogue> {
    xlsx::catalogue_from_bytes(bytes, document, &Limits::default()).map(|l| l.value)
}

/// Read and validate a scenario from a JSON file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Invalid`] with every
/// problem found.
pub fn read_scenario(path: &Path) -> Result<Scenario> {
    let text = read_text(path, &Limits::default())?;
    scenario_from_json(&text, &path.display().to_string())
}

/// Read a roadmap from a JSON file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Invalid`] when it is
/// not a roadmap.
pub fn read_roadmap(path: &Path) -> Result<Roadmap> {
    let text = read_text(path, &Limits::default())?;
    roadmap_from_json(&text, &path.display().to_string())
}

/// Write a catalogue: `.json` (pretty), `.xlsx` (one sheet per table), or
/// else a folder of CSV files (created when missing).
///
/// # Errors
/// [`Error::Io`] when the file or folder cannot be written.
///
/// # Examples
/// ```no_run
/// let c = scaleplan::Catalogue::default();
/// scaleplan::io::write_catalogue(&c, std::path::Path::new("out/catalogue.json"))?;
/// scaleplan::io::write_catalogue(&c, std::path::Path::new("out/csv"))?;
/// # Ok::<(), scaleplan::Error>(())
/// ```
pub fn write_catalogue(catalogue: &Catalogue, path: &Path) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    match ext.as_str() {
        "json" => std::fs::write(path, catalogue_to_json_string(catalogue))
            .map_err(|e| io_error(path.display(), &e)),
        "xlsx" => {
            #[cfg(feature = "xlsx")]
            {
                let bytes = xlsx::catalogue_to_bytes(catalogue)?;
                std::fs::write(path, bytes).map_err(|e| io_error(path.display(), &e))
            }
            #[cfg(not(feature = "xlsx"))]
            {
                Err(Error::io(
                    path.display(),
                    "this build of scaleplan writes no XLSX workbooks",
                ))
            }
        }
        "csv" => Err(Error::io(
            path.display(),
            "a catalogue is written as a folder of CSV files: give a folder name",
        )),
        _ => csv::write_folder(catalogue, path),
    }
}

#[cfg(test)]
mod roundtrip {
    //! Property tests: JSON, CSV and XLSX round trips preserve a catalogue.
    use super::*;
    use crate::model::*;
    use proptest::prelude::*;

    fn num() -> impl Strategy<Value = f64> {
        prop_oneof![
            (0u32..1000).prop_map(f64::from),
            (0u32..1_000_000).prop_map(|x| f64::from(x) / 8.0),
            0.0f64..1e12,
            Just(1e20),
        ]
    }
    fn share() -> impl Strategy<Value = f64> {
        0.0f64..=1.0
    }
    fn name() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[A-Za-z0-9][A-Za-z0-9 ,;\"'é.-]{0,12}[A-Za-z0-9]"
        ]
    }

    type EntitySeed = (String, bool, Vec<f64>);
    type OptionSeed = (u8, f64, u32, Option<usize>);
    type BlockSeed = (String, bool, Vec<OptionSeed>);
    type SystemSeed = (String, Vec<usize>, Option<bool>, Option<String>);
    type ServiceSeed = (
        (String, usize, u8, u8, f64, f64, f64, f64),
        (
            Vec<usize>,
            Option<usize>,
            Vec<usize>,
            Option<i32>,
            Option<i32>,
            Option<f64>,
        ),
        (Option<f64>, Option<f64>, Option<f64>, Option<f64>),
    );

    /// Everything a generated catalogue is built from: top level, then
    /// entities, blocks, systems, workflows, services, life events, policies.
    type CatalogueSeed = (
        (i32, String, String),
        Vec<EntitySeed>,
        Vec<BlockSeed>,
        Vec<SystemSeed>,
        Vec<(String, Vec<usize>)>,
        Vec<ServiceSeed>,
        Vec<(String, bool, Vec<usize>, f64)>,
        Vec<(String, u8, u8)>,
    );

    fn seed() -> impl Strategy<Value = CatalogueSeed> {
        let service = (
            (
                name(),
                0usize..8,
                1u8..=4,
                1u8..=4,
                num(),
                num(),
                num(),
                num(),
            ),
            (
                prop::collection::vec(0usize..8, 0..3),
                prop::option::of(0usize..8),
                prop::collection::vec(0usize..8, 0..3),
                prop::option::of(2000i32..2100),
                prop::option::of(2000i32..2100),
                prop::option::of(num()),
            ),
            (
                prop::option::of(num()),
                prop::option::of(share()),
                prop::option::of(share()),
                prop::option::of(share()),
            ),
        );
        (
            (2000i32..2100, name(), name()),
            prop::collection::vec(
                (name(), any::<bool>(), prop::collection::vec(num(), 1..4)),
                1..4,
            ),
            prop::collection::vec(
                (
                    name(),
                    any::<bool>(),
                    prop::collection::vec(
                        (0u8..3, num(), 0u32..5, prop::option::of(0usize..8)),
                        0..3,
                    ),
                ),
                0..4,
            ),
            prop::collection::vec(
                (
                    name(),
                    prop::collection::vec(0usize..8, 0..3),
                    prop::option::of(any::<bool>()),
                    prop::option::of("https://[a-z]{1,8}\\.org/[a-z]{0,5}"),
                ),
                0..3,
            ),
            prop::collection::vec((name(), prop::collection::vec(0usize..8, 0..3)), 0..3),
            prop::collection::vec(service, 0..8),
            prop::collection::vec(
                (
                    name(),
                    any::<bool>(),
                    prop::collection::vec(0usize..8, 0..4),
                    num(),
                ),
                0..3,
            ),
            prop::collection::vec((name(), 0u8..7, 0u8..3), 0..3),
        )
    }

    fn build(s: CatalogueSeed) -> Catalogue {
        let (
            (start_year, cname, version),
            ents,
            blocks,
            systems,
            workflows,
            services,
            events,
            policies,
        ) = s;
        let pick = |i: usize, n: usize| (n > 0).then(|| i % n);
        let nb = blocks.len();
        let ns = systems.len();
        let nsv = services.len();
        Catalogue {
            format: CATALOGUE_FORMAT.into(),
            name: cname,
            version,
            start_year,
            entities: ents
                .iter()
                .enumerate()
                .map(|(i, (n, constant, caps))| Entity {
                    id: format!("e{i}").into(),
                    name: n.clone(),
                    capacity: if *constant {
                        Capacity::Constant(caps[0])
                    } else {
                        Capacity::PerYear(caps.clone())
                    },
                })
                .collect(),
            building_blocks: blocks
                .iter()
                .enumerate()
                .map(|(i, (n, missing, opts))| BuildingBlock {
                    id: format!("b{i}").into(),
                    name: n.clone(),
                    status: if *missing {
                        BlockStatus::Missing
                    } else {
                        BlockStatus::Available
                    },
                    options: opts
                        .iter()
                        .map(|(a, cost, lead, sys)| AcquisitionOption {
                            approach: [Approach::Reuse, Approach::Tender, Approach::Build]
                                [usize::from(*a)],
                            cost: *cost,
                            lead_years: *lead,
                            system: sys
                                .and_then(|j| pick(j, ns))
                                .map(|j| format!("sys{j}").into()),
                        })
                        .collect(),
                })
                .collect(),
            systems: systems
                .iter()
                .enumerate()
                .map(|(i, (n, provides, open, url))| System {
                    id: format!("sys{i}").into(),
                    name: n.clone(),
                    provides: provides
                        .iter()
                        .filter_map(|j| pick(*j, nb))
                        .map(|j| format!("b{j}").into())
                        .collect(),
                    open_source: *open,
                    url: url.clone(),
                })
                .collect(),
            workflows: workflows
                .iter()
                .enumerate()
                .map(|(i, (n, bs))| Workflow {
                    id: format!("w{i}").into(),
                    name: n.clone(),
                    building_blocks: bs
                        .iter()
                        .filter_map(|j| pick(*j, nb))
                        .map(|j| format!("b{j}").into())
                        .collect(),
                })
                .collect(),
            services: services
                .iter()
                .enumerate()
                .map(
                    |(
                        i,
                        (
                            (n, e, level, target, demand, inter, effort, cost),
                            (bs, wf, deps, early, dead, value),
                            (cpt, us, cr, dtu),
                        ),
                    )| {
                        let mut s =
                            Service::new(format!("s{i}"), format!("e{}", e % ents.len()), *level);
                        s.name = n.clone();
                        s.target_level = *target;
                        s.demand = *demand;
                        s.interactions = *inter;
                        s.effort = *effort;
                        s.cost = *cost;
                        s.building_blocks = bs
                            .iter()
                            .filter_map(|j| pick(*j, nb))
                            .map(|j| format!("b{j}").into())
                            .collect();
                        s.workflow = wf
                            .and_then(|j| pick(j, workflows.len()))
                            .map(|j| format!("w{j}").into());
                        s.depends_on = deps
                            .iter()
                            .filter_map(|j| pick(*j, i))
                            .map(|j| format!("s{j}").into())
                            .collect();
                        s.earliest_year = *early;
                        s.deadline_year = *dead;
                        s.value = *value;
                        s.kpis = Kpis {
                            cost_per_transaction: *cpt,
                            user_satisfaction: *us,
                            completion_rate: *cr,
                            digital_take_up: *dtu,
                        };
                        s
                    },
                )
                .collect(),
            life_events: events
                .iter()
                .enumerate()
                .map(|(i, (n, business, ss, w))| LifeEvent {
                    id: format!("le{i}").into(),
                    name: n.clone(),
                    audience: if *business {
                        Audience::Business
                    } else {
                        Audience::Citizen
                    },
                    services: ss
                        .iter()
                        .filter_map(|j| pick(*j, nsv))
                        .map(|j| format!("s{j}").into())
                        .collect(),
                    weight: *w,
                })
                .collect(),
            policies: policies
                .iter()
                .enumerate()
                .map(|(i, (n, k, st))| Policy {
                    id: format!("p{i}").into(),
                    name: n.clone(),
                    kind: [
                        PolicyKind::DigitalServiceStandard,
                        PolicyKind::EnterpriseArchitecture,
                        PolicyKind::SharedServicePolicy,
                        PolicyKind::IctProcurementPolicy,
                        PolicyKind::CapacityBuilding,
                        PolicyKind::DigitalInclusion,
                        PolicyKind::Other,
                    ][usize::from(*k)],
                    status: [
                        PolicyStatus::InForce,
                        PolicyStatus::Draft,
                        PolicyStatus::Missing,
                    ][usize::from(*st)],
                })
                .collect(),
        }
    }

    fn from_csv(c: &Catalogue) -> Catalogue {
        let texts = csv::catalogue_to_csv_texts(c).unwrap();
        csv::catalogue_from_csv_texts(&texts, &Limits::default()).unwrap()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn generated_catalogues_are_valid(s in seed()) {
            let c = build(s);
            prop_assert!(crate::validate::validate_catalogue(&c).is_ok(), "{:?}", crate::validate::validate_catalogue(&c));
        }

        #[test]
        fn json_round_trip(s in seed()) {
            let c = build(s);
            let back = catalogue_from_json(&catalogue_to_json_string(&c), "c.json").unwrap();
            prop_assert_eq!(back, c);
        }

        #[test]
        fn csv_round_trip(s in seed()) {
            let c = build(s);
            prop_assert_eq!(from_csv(&c), c);
        }

        #[cfg(feature = "xlsx")]
        #[test]
        fn xlsx_round_trip_and_chain(s in seed()) {
            let c = build(s);
            let bytes = xlsx::catalogue_to_bytes(&c).unwrap();
            let back = xlsx::catalogue_from_bytes(&bytes, "c.xlsx", &Limits::default()).unwrap().value;
            prop_assert_eq!(&back, &c);
            // JSON -> CSV -> XLSX -> JSON
            let via_json = catalogue_from_json(&catalogue_to_json_string(&c), "c.json").unwrap();
            let via_csv = from_csv(&via_json);
            let bytes = xlsx::catalogue_to_bytes(&via_csv).unwrap();
            let via_xlsx = xlsx::catalogue_from_bytes(&bytes, "c.xlsx", &Limits::default()).unwrap().value;
            let end = catalogue_from_json(&catalogue_to_json_string(&via_xlsx), "c.json").unwrap();
            prop_assert_eq!(end, c);
        }
    }

    /// Random JSON to put somewhere in a document.
    fn junk() -> impl Strategy<Value = serde_json::Value> {
        use serde_json::json;
        prop_oneof![
            Just(json!(null)),
            Just(json!(-1)),
            Just(json!(-0.5)),
            Just(json!(1e300)),
            Just(json!(300)),
            Just(json!(true)),
            Just(json!("")),
            Just(json!("x")),
            Just(json!([])),
            Just(json!([1, "a", null])),
            Just(json!({})),
            Just(json!({"levl": 1})),
        ]
    }

    /// Replace the value at a pseudo-random path (chosen by `picks`).
    fn mutate(v: &mut serde_json::Value, picks: &[usize], new: serde_json::Value) {
        use serde_json::Value;
        let Some((first, rest)) = picks.split_first() else {
            *v = new;
            return;
        };
        let has_child = match &*v {
            Value::Object(m) => !m.is_empty(),
            Value::Array(a) => !a.is_empty(),
            _ => false,
        };
        if !has_child {
            *v = new;
            return;
        }
        let child = match v {
            Value::Object(m) => {
                let k = m.keys().nth(first % m.len()).cloned().unwrap_or_default();
                m.get_mut(&k)
            }
            Value::Array(a) => {
                let n = a.len();
                a.get_mut(first % n)
            }
            _ => None,
        };
        if let Some(c) = child {
            if rest.is_empty() {
                *c = new;
            } else {
                mutate(c, rest, new);
            }
        }
    }

    /// No Rust type names in messages (unless the input itself holds the
    /// word and the message quotes it).
    fn plain_words(e: &Error, input: &str) {
        for p in e.problems() {
            let m = &p.message;
            assert!(!m.is_empty());
            for rust in [
                "f64", "u8", "u32", "i32", "struct ", "enum ", "Option<", "Vec<", "serde",
            ] {
                assert!(
                    !m.contains(rust) || input.contains(rust),
                    "Rust type in {p}"
                );
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_is_read_without_panic(s in "\\PC{0,300}") {
            for r in [
                catalogue_from_json(&s, "x").map(|_| ()),
                scenario_from_json(&s, "x").map(|_| ()),
                roadmap_from_json(&s, "x").map(|_| ()),
            ] {
                if let Err(e) = r {
                    plain_words(&e, &s);
                }
            }
            let mut texts = std::collections::BTreeMap::new();
            texts.insert("catalogue.csv".to_owned(), "field,value\nformat,scaleplan/1\nstart_year,2027\n".to_owned());
            texts.insert("services.csv".to_owned(), s.clone());
            if let Err(e) = csv::catalogue_from_csv_texts(&texts, &Limits::default()) {
                plain_words(&e, &s);
            }
        }

        #[test]
        fn mutated_catalogues_give_located_errors_not_panics(
            s in seed(),
            picks in prop::collection::vec(0usize..50, 1..6),
            new in junk(),
        ) {
            let c = build(s);
            let mut v = serde_json::to_value(&c).unwrap();
            mutate(&mut v, &picks, new);
            let text = v.to_string();
            if let Err(e) = catalogue_from_json(&text, "m.json") {
                prop_assert!(!e.problems().is_empty(), "{e}");
                plain_words(&e, "");
            }
            // the same catalogue, mutated, through CSV
            let mut texts = csv::catalogue_to_csv_texts(&c).unwrap();
            if let Some((_, t)) = texts.iter_mut().nth(picks[0] % 9) {
                let cut = picks.get(1).copied().unwrap_or(0) % (t.len() + 1);
                let mut bytes: Vec<char> = t.chars().collect();
                bytes.truncate(cut.min(bytes.len()));
                *t = bytes.into_iter().collect::<String>() + ",-1,x;y,\"";
            }
            if let Err(e) = csv::catalogue_from_csv_texts(&texts, &Limits::default()) {
                plain_words(&e, "");
            }
        }
    }

    #[test]
    fn files_round_trip_through_paths() {
        let c = crate::sample::catalogue();
        let dir = tempfile::tempdir().unwrap();
        for name in ["c.json", "c.xlsx", "csv"] {
            let p = dir.path().join(name);
            write_catalogue(&c, &p).unwrap();
            let back = read_catalogue(&p).unwrap();
            assert_eq!(back, c, "{name}");
        }
    }
}
