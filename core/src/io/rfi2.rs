//! GovStack RFI-2 service catalogue workbooks, as countries fill them in.
//!
//! The RFI-2 template (GovStack implementation playbook) has a sheet
//! "Service Catalogue" (spelt "Service Cataloge " in the template) whose
//! header is spread over two rows under a title block, followed by rows of
//! option lists and then one row per service; and a sheet
//! "Systems-Platforms Catalogue". Real copies are messy: headers with
//! typos, odd spacing and case, numbers with thousands separators, blank
//! rows. This reader finds the header rows by their names, tolerating all
//! of that, and maps:
//!
//! | RFI-2 | scaleplan |
//! |---|---|
//! | Service ID (or the name, made an id) | service `id` |
//! | Service Name | `name` |
//! | Responsible ministry | `entity` (one entity per ministry) |
//! | Number of transactions/year ("1,102,000"); else customers/year | `demand` |
//! | Number of iterations needed to complete the service | `interactions` |
//! | Level of digitalisation ("Level 3: Submit Webform") | `level` (3) |
//! | Prerequisites that name another service of the sheet | `depends_on` |
//! | Systems-Platforms Catalogue: System ID, Name | `systems` |
//!
//! What RFI-2 does not say gets these documented defaults, each reported
//! as one warning: entity capacity [`DEFAULT_CAPACITY`] person-months a
//! year; service effort [`EFFORT_PER_LEVEL`] person-months per level
//! climbed; no building blocks; start year [`DEFAULT_START_YEAR`]; target
//! level 4; systems that provide no block. A service with no level and no
//! online channel is at level 1.

use super::de::distance;
use super::limits::Limits;
use super::table::parse_number;
use super::xlsx::Sheet;
use super::Loaded;
use crate::error::{Error, Location, Problem, Result, ValidationErrors};
use crate::model::*;
use crate::validate::{self, ExtraIds};
use std::collections::HashMap;

/// Capacity given to every entity (person-months a year).
pub const DEFAULT_CAPACITY: f64 = 24.0;
/// Effort of a service per level it climbs (person-months).
pub const EFFORT_PER_LEVEL: f64 = 3.0;
/// Calendar year of plan year 1.
pub const DEFAULT_START_YEAR: i32 = 2027;

/// Lowercase words of a header or sheet name (letters and digits only).
fn words(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A header word matches a key word when it starts with it, or is a typo
/// of it (one edit for words of 5 letters or more, two from 9).
fn word_like(word: &str, key: &str) -> bool {
    if word.starts_with(key) {
        return true;
    }
    let allowed = usize::from(key.len() >= 5) + usize::from(key.len() >= 9);
    if allowed == 0 {
        return false;
    }
    let n = key.chars().count();
    let prefix: String = word.chars().take(n + 1).collect();
    distance(word, key) <= allowed || distance(&prefix, key) <= allowed || {
        let p2: String = word.chars().take(n).collect();
        distance(&p2, key) <= allowed
    }
}

fn has_all(ws: &[String], keys: &[&str]) -> bool {
    keys.iter().all(|k| ws.iter().any(|w| word_like(w, k)))
}

/// True when the sheet names look like an RFI-2 workbook.
pub(crate) fn is_rfi2<'a>(mut names: impl Iterator<Item = &'a str>) -> bool {
    names.any(is_service_sheet)
}

fn is_service_sheet(name: &str) -> bool {
    let ws = words(name);
    has_all(&ws, &["service", "catalog"])
}

fn is_system_sheet(name: &str) -> bool {
    let ws = words(name);
    has_all(&ws, &["system", "catalog"])
}

/// The columns of the service sheet that the import uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Col {
    Id,
    Name,
    Ministry,
    Transactions,
    Customers,
    Iterations,
    Prerequisites,
    Channels,
    Level,
}

/// Recognise a service-sheet header.
fn service_col(header: &str) -> Option<Col> {
    let ws = words(header);
    if ws.is_empty() {
        return None;
    }
    let first = ws.first().map(String::as_str).unwrap_or_default();
    // "Service ID [If an internal ID is not available", "Service Name"
    if word_like(first, "service") {
        if ws.get(1).is_some_and(|w| w == "id" || w == "identifier") {
            return Some(Col::Id);
        }
        if ws.get(1).is_some_and(|w| word_like(w, "name")) {
            return Some(Col::Name);
        }
    }
    if has_all(&ws, &["level", "digit"]) {
        return Some(Col::Level);
    }
    if has_all(&ws, &["responsible"]) || (ws.len() <= 3 && has_all(&ws, &["ministry"])) {
        return Some(Col::Ministry);
    }
    if has_all(&ws, &["transaction"]) {
        return Some(Col::Transactions);
    }
    if has_all(&ws, &["customer"]) {
        return Some(Col::Customers);
    }
    if has_all(&ws, &["iteration"]) {
        return Some(Col::Iterations);
    }
    if has_all(&ws, &["prerequisite"]) {
        return Some(Col::Prerequisites);
    }
    if has_all(&ws, &["channel"]) {
        return Some(Col::Channels);
    }
    None
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SysCol {
    Id,
    Name,
}

fn system_col(header: &str) -> Option<SysCol> {
    let ws = words(header);
    let first = ws.first().map(String::as_str).unwrap_or_default();
    if word_like(first, "system") && ws.get(1).is_some_and(|w| w == "id" || w == "identifier") {
        return Some(SysCol::Id);
    }
    if ws.iter().any(|w| w == "name") {
        return Some(SysCol::Name);
    }
    None
}

/// Find the header: the row (within the first 40) where a "service name"
/// (or system name) column is, and the row below it when it names more
/// columns. Returns the column map and the last header row's index.
fn find_header<K: Copy + PartialEq>(
    sheet: &Sheet,
    recognise: impl Fn(&str) -> Option<K>,
    anchor: K,
) -> Option<(Vec<(usize, K)>, usize)> {
    let scan = sheet.rows.len().min(40);
    for i in 0..scan {
        let (_, cells) = &sheet.rows[i];
        let cols: Vec<(usize, K)> = cells
            .iter()
            .enumerate()
            .filter_map(|(c, h)| recognise(h).map(|k| (c, k)))
            .collect();
        if !cols.iter().any(|(_, k)| *k == anchor) {
            continue;
        }
        let mut map = cols;
        let mut last = i;
        let this_row = sheet.rows[i].0;
        if let Some((_, next)) = sheet.rows.get(i + 1).filter(|(r, _)| *r == this_row + 1) {
            let more: Vec<(usize, K)> = next
                .iter()
                .enumerate()
                .filter_map(|(c, h)| recognise(h).map(|k| (c, k)))
                .filter(|(c, k)| !map.iter().any(|(mc, mk)| mc == c || mk == k))
                .collect();
            if !more.is_empty() {
                map.extend(more);
                last = i + 1;
            }
        }
        return Some((map, last));
    }
    None
}

/// "Level 3: Submit Webform" -> 3; also "3", "L3", and the option texts.
pub(crate) fn parse_level(cell: &str) -> Option<u8> {
    let s = cell.trim().to_lowercase();
    if s.is_empty() {
        return None;
    }
    if let Ok(v) = s.parse::<f64>() {
        return (v.fract() == 0.0 && (1.0..=4.0).contains(&v)).then_some(v as u8);
    }
    let ws = words(&s);
    for (i, w) in ws.iter().enumerate() {
        let digits = w
            .strip_prefix("level")
            .or_else(|| w.strip_prefix('l'))
            .unwrap_or(w);
        let candidate = if digits.is_empty() {
            ws.get(i + 1).map(String::as_str).unwrap_or_default()
        } else if w.starts_with("level") || (w.starts_with('l') && w.len() == 2) {
            digits
        } else {
            continue;
        };
        if let Ok(v) = candidate.parse::<u8>() {
            return (1..=4).contains(&v).then_some(v);
        }
    }
    if s.contains("100%") || s.contains("fully online") {
        return Some(4);
    }
    if s.contains("webform") || s.contains("web form") || s.contains("submit") {
        return Some(3);
    }
    if s.contains("download") {
        return Some(2);
    }
    if s.contains("information") {
        return Some(1);
    }
    None
}

/// An id made of a name: lowercase letters and digits joined by `-`.
pub(crate) fn slug(s: &str) -> String {
    words(s).join("-")
}

/// Read an RFI-2 workbook's sheets into a catalogue, with warnings for
/// every default applied.
pub(crate) fn from_sheets(
    sheets: &[Sheet],
    document: &str,
    limits: &Limits,
) -> Result<Loaded<Catalogue>> {
    let Some(sheet) = sheets.iter().find(|s| is_service_sheet(&s.name)) else {
        return Err(Error::invalid(
            Location::document(document),
            "no \"Service Catalogue\" sheet",
        ));
    };
    let sheet_doc = format!("{document}, sheet {}", sheet.name.trim());
    let Some((cols, last_header)) = find_header(sheet, service_col, Col::Name) else {
        return Err(Error::invalid(
            Location::document(&sheet_doc),
            "no header row with a \"Service Name\" column in the first 40 rows",
        ));
    };
    let col = |k: Col| cols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
    let header_row_of = |k: Col| -> String {
        col(k)
            .and_then(|c| {
                sheet.rows[..=last_header]
                    .iter()
                    .rev()
                    .find_map(|(_, r)| r.get(c).filter(|h| service_col(h) == Some(k)).cloned())
            })
            .map(|h| h.split_whitespace().collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut warnings: Vec<Problem> = Vec::new();
    let at = |row: usize, k: Col| {
        Location::document(&sheet_doc)
            .row(row)
            .field(header_row_of(k))
    };

    struct Raw {
        row: usize,
        id: String,
        name: String,
        ministry: String,
        demand: Option<f64>,
        interactions: Option<f64>,
        level: Option<u8>,
        online: bool,
        prerequisites: Vec<String>,
    }
    let mut raws: Vec<Raw> = Vec::new();
    let cell = |cells: &Vec<String>, k: Col| -> String {
        col(k)
            .and_then(|c| cells.get(c))
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let rows = sheet.rows.get(last_header + 1..).unwrap_or_default();
    limits.check_services(rows.len(), &sheet_doc).or_else(|e| {
        // many rows may be blank; count named ones before refusing
        let named = rows
            .iter()
            .filter(|(_, r)| !cell(r, Col::Name).is_empty())
            .count();
        if named > limits.max_services {
            Err(e)
        } else {
            Ok(())
        }
    })?;
    for (row, cells) in rows {
        let name = cell(cells, Col::Name);
        if name.is_empty() {
            continue; // option lists, numbered blank rows
        }
        let number = |k: Col, problems: &mut Vec<Problem>| -> Option<f64> {
            let text = cell(cells, k);
            if text.is_empty() {
                return None;
            }
            match parse_number(&text) {
                Some(v) if v.is_finite() && v >= 0.0 => Some(v),
                _ => {
                    problems.push(Problem::new(
                        at(*row, k),
                        format!("expected a number, got {text:?}"),
                    ));
                    None
                }
            }
        };
        let demand = number(Col::Transactions, &mut problems)
            .or_else(|| number(Col::Customers, &mut problems));
        let interactions = number(Col::Iterations, &mut problems);
        let level_text = cell(cells, Col::Level);
        let level = if level_text.is_empty() {
            None
        } else {
            match parse_level(&level_text) {
                Some(l) => Some(l),
                None => {
                    problems.push(Problem::new(
                        at(*row, Col::Level),
                        format!("expected a level 1..4 such as \"Level 3: Submit Webform\", got {level_text:?}"),
                    ));
                    None
                }
            }
        };
        let channels = cell(cells, Col::Channels).to_lowercase();
        let prerequisites = cell(cells, Col::Prerequisites)
            .split([',', ';', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        raws.push(Raw {
            row: *row,
            id: cell(cells, Col::Id),
            name,
            ministry: cell(cells, Col::Ministry),
            demand,
            interactions,
            level,
            online: channels.contains("online"),
            prerequisites,
        });
    }

    // ids: the given Service ID, else the name as an id; unique
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut ids: Vec<String> = Vec::new();
    for r in &raws {
        let base = if r.id.is_empty() {
            slug(&r.name)
        } else {
            r.id.clone()
        };
        let base = if base.is_empty() {
            format!("row-{}", r.row)
        } else {
            base
        };
        let n = used.entry(base.clone()).or_insert(0);
        *n += 1;
        ids.push(if *n == 1 { base } else { format!("{base}-{n}") });
    }
    if ids.len() != used.len() {
        let repeated = used.values().filter(|n| **n > 1).count();
        warnings.push(Problem::new(
            Location::document(&sheet_doc),
            format!("{repeated} service ids or names appear more than once: later ones get -2, -3, ... added"),
        ));
    }

    // entities from ministries
    let mut entities: Vec<Entity> = Vec::new();
    let mut entity_of: Vec<EntityId> = Vec::new();
    let mut no_ministry = Vec::new();
    for r in &raws {
        let (id, name) = if r.ministry.is_empty() {
            no_ministry.push(r.row);
            ("unknown-ministry".to_owned(), "Unknown ministry".to_owned())
        } else {
            let s = slug(&r.ministry);
            (
                if s.is_empty() {
                    "ministry".to_owned()
                } else {
                    s
                },
                r.ministry.clone(),
            )
        };
        if !entities.iter().any(|e| e.id.as_str() == id) {
            entities.push(Entity {
                id: EntityId(id.clone()),
                name,
                capacity: Capacity::Constant(DEFAULT_CAPACITY),
            });
        }
        entity_of.push(EntityId(id));
    }

    // prerequisites naming other services
    let key = |s: &str| words(s).join(" ");
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (i, r) in raws.iter().enumerate() {
        by_name.entry(key(&r.name)).or_insert(i);
        if !r.id.is_empty() {
            by_name.entry(key(&r.id)).or_insert(i);
        }
    }
    let mut unmatched: Vec<String> = Vec::new();
    let mut services = Vec::new();
    let mut missing_demand = Vec::new();
    let mut missing_level = Vec::new();
    for (i, r) in raws.iter().enumerate() {
        let level = match r.level {
            Some(l) => l,
            None => {
                missing_level.push(r.row);
                if r.online {
                    2
                } else {
                    1
                }
            }
        };
        if r.demand.is_none() {
            missing_demand.push(r.row);
        }
        let mut s = Service::new(ids[i].clone(), entity_of[i].clone(), level);
        s.name = r.name.clone();
        s.demand = r.demand.unwrap_or(0.0);
        s.interactions = r.interactions.unwrap_or(1.0);
        s.effort = EFFORT_PER_LEVEL * f64::from(4u8.saturating_sub(level));
        for p in &r.prerequisites {
            match by_name.get(&key(p)) {
                Some(&j) if j != i => {
                    let d = ServiceId(ids[j].clone());
                    if !s.depends_on.contains(&d) {
                        s.depends_on.push(d);
                    }
                }
                Some(_) => {}
                None => unmatched.push(p.clone()),
            }
        }
        services.push(s);
    }

    // systems
    let mut systems = Vec::new();
    if let Some(ss) = sheets.iter().find(|s| is_system_sheet(&s.name)) {
        if let Some((scols, last)) = find_header(ss, system_col, SysCol::Name) {
            let sc = |k: SysCol| scols.iter().find(|(_, c)| *c == k).map(|(i, _)| *i);
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (_, cells) in ss.rows.get(last + 1..).unwrap_or_default() {
                let get = |k: SysCol| {
                    sc(k)
                        .and_then(|c| cells.get(c))
                        .map(|s| s.trim().to_owned())
                        .unwrap_or_default()
                };
                let (id, name) = (get(SysCol::Id), get(SysCol::Name));
                if id.is_empty() && name.is_empty() {
                    continue;
                }
                let base = if id.is_empty() { slug(&name) } else { id };
                let n = seen.entry(base.clone()).or_insert(0);
                *n += 1;
                let id = if *n == 1 { base } else { format!("{base}-{n}") };
                systems.push(System {
                    id: SystemId(id),
                    name,
                    provides: Vec::new(),
                    open_source: None,
                    url: None,
                });
            }
        }
    }

    let catalogue = Catalogue {
        format: CATALOGUE_FORMAT.to_owned(),
        name: std::path::Path::new(document)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned(),
        version: String::new(),
        start_year: DEFAULT_START_YEAR,
        entities,
        building_blocks: Vec::new(),
        systems,
        workflows: Vec::new(),
        services,
        life_events: Vec::new(),
        policies: Vec::new(),
    };
    for mut p in validate::catalogue_problems(&catalogue, &sheet_doc, &ExtraIds::default()) {
        if p.location.list.as_deref() == Some("services") {
            if let Some(r) = p.location.index.and_then(|i| raws.get(i)) {
                p.location.row = Some(r.row);
                p.location.index = None;
            }
        }
        problems.push(p);
    }
    ValidationErrors::check(problems)?;

    let doc = || Location::document(&sheet_doc);
    let rows_list = |rows: &[usize]| {
        let shown: Vec<String> = rows.iter().take(10).map(ToString::to_string).collect();
        let more = if rows.len() > 10 { ", ..." } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    warnings.push(Problem::new(
        doc(),
        format!(
            "RFI-2 gives no capacities: each of the {} entities gets {DEFAULT_CAPACITY} person-months a year",
            catalogue.entities.len()
        ),
    ));
    warnings.push(Problem::new(
        doc(),
        format!("RFI-2 gives no efforts: each service gets {EFFORT_PER_LEVEL} person-months per level it climbs"),
    ));
    warnings.push(Problem::new(
        doc(),
        "RFI-2 gives no building blocks: services need none, so no acquisition is planned",
    ));
    warnings.push(Problem::new(
        doc(),
        format!("RFI-2 gives no start year: {DEFAULT_START_YEAR} is assumed"),
    ));
    if !catalogue.systems.is_empty() {
        warnings.push(Problem::new(
            Location::document(document).in_list("systems"),
            "RFI-2 systems do not say which building blocks they provide: `provides` is empty",
        ));
    }
    if !no_ministry.is_empty() {
        warnings.push(Problem::new(
            doc(),
            format!(
                "{} services name no responsible ministry (rows {}): entity `unknown-ministry`",
                no_ministry.len(),
                rows_list(&no_ministry)
            ),
        ));
    }
    if !missing_demand.is_empty() {
        warnings.push(Problem::new(
            doc(),
            format!(
                "{} services give no number of transactions or customers (rows {}): demand 0",
                missing_demand.len(),
                rows_list(&missing_demand)
            ),
        ));
    }
    if !missing_level.is_empty() {
        warnings.push(Problem::new(
            doc(),
            format!(
                "{} services give no level of digitalisation (rows {}): level 1, or 2 when offered online",
                missing_level.len(),
                rows_list(&missing_level)
            ),
        ));
    }
    let examples: Vec<usize> = raws
        .iter()
        .filter(|r| words(&r.id).first().is_some_and(|w| w == "example"))
        .map(|r| r.row)
        .collect();
    if !examples.is_empty() {
        warnings.push(Problem::new(
            doc(),
            format!(
                "rows {} look like the template's example (Service ID \"Example ...\"): delete them if they are not real services",
                rows_list(&examples)
            ),
        ));
    }
    if !unmatched.is_empty() {
        let shown: Vec<String> = unmatched.iter().take(3).map(|u| format!("{u:?}")).collect();
        warnings.push(Problem::new(
            doc(),
            format!(
                "{} prerequisites name no service of the sheet and are not dependencies (e.g. {})",
                unmatched.len(),
                shown.join(", ")
            ),
        ));
    }
    Ok(Loaded {
        value: catalogue,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels() {
        assert_eq!(parse_level("Level 3: Submit Webform"), Some(3));
        assert_eq!(parse_level("level4"), Some(4));
        assert_eq!(parse_level(" L2 "), Some(2));
        assert_eq!(parse_level("Level 1: Information Sheet"), Some(1));
        assert_eq!(parse_level("100% online"), Some(4));
        assert_eq!(parse_level("Downloadable form"), Some(2));
        assert_eq!(parse_level("2"), Some(2));
        assert_eq!(parse_level("Level 7"), None);
        assert_eq!(parse_level("maybe"), None);
    }

    #[test]
    fn headers_with_typos_and_spacing() {
        assert_eq!(
            service_col("Service ID [If an internal ID is not avilable "),
            Some(Col::Id)
        );
        assert_eq!(service_col("  SERVICE   name "), Some(Col::Name));
        assert_eq!(service_col("Sevice Name"), Some(Col::Name));
        assert_eq!(service_col("Responsible ministry "), Some(Col::Ministry));
        assert_eq!(
            service_col("Number of transactions/year "),
            Some(Col::Transactions)
        );
        assert_eq!(
            service_col("Number of tranzactions / year"),
            Some(Col::Transactions)
        );
        assert_eq!(
            service_col("Number of iterations needed to complete the service \n(Example: ...)"),
            Some(Col::Iterations)
        );
        assert_eq!(
            service_col("Prerequisites to complete the service. (Seperate prerequisites with ',')"),
            Some(Col::Prerequisites)
        );
        assert_eq!(
            service_col(
                "If the service is online, What is the level of digitalization of the service?"
            ),
            Some(Col::Level)
        );
        assert_eq!(service_col("Service description"), None);
        assert!(is_service_sheet("Service Cataloge "));
        assert!(is_service_sheet("service-catalog"));
        assert!(is_system_sheet("Systems-Platforms Catalogue "));
        assert!(!is_service_sheet("services"));
    }

    fn sheets_of(bytes: &[u8]) -> Result<Loaded<Catalogue>> {
        crate::io::xlsx::catalogue_from_bytes(bytes, "rfi2.xlsx", &Limits::default())
    }

    /// The real GovStack template (not copied into the repository).
    #[test]
    fn real_template() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/rfi2/govstack-rfi2-template.xlsx");
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("skipped: {} is absent", path.display());
            return;
        };
        let loaded = sheets_of(&bytes).unwrap();
        let c = &loaded.value;
        assert_eq!(c.services.len(), 1, "{:?}", c.services);
        let s = &c.services[0];
        assert_eq!(s.id.as_str(), "Example Sevice 1");
        assert_eq!(s.name, "Driving licence");
        assert_eq!(s.demand, 1_102_000.0);
        assert_eq!(s.interactions, 7.0);
        assert_eq!(s.level, 1, "offline, no level given");
        assert_eq!(s.entity.as_str(), "ministory-of-civil-trasnsportation");
        assert_eq!(c.entities.len(), 1);
        assert_eq!(c.entities[0].name, "Ministory of Civil Trasnsportation");
        assert!(c.systems.is_empty());
        let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert!(w.iter().any(|m| m.contains("no capacities")), "{w:?}");
        assert!(
            w.iter()
                .any(|m| m.contains("rows 11 look like the template's example")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.contains("no level of digitalisation (rows 11)")),
            "{w:?}"
        );
        assert!(
            w.iter()
                .any(|m| m.contains("\"Complete Driving School Course\"")),
            "{w:?}"
        );
        assert!(crate::validate::validate_catalogue(c).is_ok());
    }

    fn messy_workbook(level_b: &str, transactions_c: &str) -> Vec<u8> {
        use rust_xlsxwriter::Workbook;
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name("SERVICE  cataloge").unwrap();
        ws.write(0, 0, "Our country's services").unwrap();
        // header over rows 3-4, typos and odd spacing
        let top = [
            "No",
            " Service  Id ",
            "Sevice Name",
            "Responsible Ministry",
            "Number of Transactions / year",
        ];
        for (c, h) in top.iter().enumerate() {
            ws.write(2, c as u16, *h).unwrap();
        }
        let below = [
            (5, "Nr of iterations"),
            (6, "Prerequisites (comma separated)"),
            (7, "Channels"),
            (8, "Level of digitalisation"),
        ];
        for (c, h) in below {
            ws.write(3, c, h).unwrap();
        }
        ws.write(4, 8, "Level 1: Information Sheet").unwrap();
        let rows: [[&str; 9]; 4] = [
            [
                "1",
                "S-1",
                "Birth registration",
                "Ministry of Health",
                "1,102,000",
                "2",
                "",
                "Online",
                "Level 3: Submit Webform",
            ],
            [
                "2",
                "",
                "Birth certificate",
                "Ministry of Health",
                "250000",
                "3",
                "Birth registration, ID card",
                "In person",
                level_b,
            ],
            ["", "", "", "", "", "", "", "", ""],
            [
                "3",
                "S-3",
                "Business licence",
                "Ministry of Trade",
                transactions_c,
                "",
                "S-1",
                "",
                "",
            ],
        ];
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                if !v.is_empty() {
                    ws.write((r + 6) as u32, c as u16, *v).unwrap();
                }
            }
        }
        let sys = wb.add_worksheet();
        sys.set_name("Systems-Platforms Catalogue").unwrap();
        sys.write(1, 0, "System ID").unwrap();
        sys.write(1, 1, "Name of the Sytem ").unwrap();
        sys.write(2, 0, "X-ROAD").unwrap();
        sys.write(2, 1, "X-Road").unwrap();
        sys.write(3, 1, "MOSIP").unwrap();
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn messy_headers_numbers_and_prerequisites() {
        let loaded = sheets_of(&messy_workbook("level 2", "12")).unwrap();
        let c = &loaded.value;
        let ids: Vec<&str> = c.services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, vec!["S-1", "birth-certificate", "S-3"]);
        assert_eq!(c.services[0].demand, 1_102_000.0);
        assert_eq!(c.services[0].level, 3);
        assert_eq!(c.services[1].level, 2);
        assert_eq!(c.services[1].interactions, 3.0);
        assert_eq!(c.services[1].depends_on, vec![ServiceId::from("S-1")]);
        assert_eq!(c.services[2].depends_on, vec![ServiceId::from("S-1")]);
        assert_eq!(c.services[2].level, 1);
        assert_eq!(c.services[2].effort, 3.0 * EFFORT_PER_LEVEL);
        assert_eq!(c.entities.len(), 2);
        assert_eq!(c.entities[1].id.as_str(), "ministry-of-trade");
        assert_eq!(c.entities[0].capacity, Capacity::Constant(DEFAULT_CAPACITY));
        let sys: Vec<&str> = c.systems.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(sys, vec!["X-ROAD", "mosip"]);
        assert_eq!(c.start_year, DEFAULT_START_YEAR);
        let w: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert!(w.iter().any(|m| m.contains("1 prerequisites name no service") && m.contains("\"ID card\"")), "{w:?}");
        assert!(w.iter().any(|m| m.contains("provide")), "{w:?}");
    }

    #[test]
    fn bad_cells_are_located() {
        let e = sheets_of(&messy_workbook("Level 9", "lots")).unwrap_err();
        let m: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            m,
            vec![
                "rfi2.xlsx, sheet SERVICE  cataloge, row 8, column `Level of digitalisation`: expected a level 1..4 such as \"Level 3: Submit Webform\", got \"Level 9\"",
                "rfi2.xlsx, sheet SERVICE  cataloge, row 10, column `Number of Transactions / year`: expected a number, got \"lots\"",
            ]
        );
    }
}
