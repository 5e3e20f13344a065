//! The tabular layout shared by CSV folders and XLSX workbooks (FORMAT.md):
//! one table per list, a `catalogue` table of `field,value` rows, an
//! `options` table whose first column `building_block` names the block,
//! `;`-separated list cells, `capacity` or `capacity_<year>` columns,
//! dotted columns for nested objects, empty cell = not given.

use super::de::{clip, suggest};
use super::json::catalogue_from_value_located;
use super::limits::Limits;
use crate::error::{Error, Location, Problem, Result, ValidationErrors};
use crate::model::*;
use serde_json::{Map, Number, Value};
use std::collections::BTreeMap;

/// A cell to write.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// The cell as CSV text (numbers in Rust's shortest exact form).
    pub(crate) fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format!("{n}"),
            Cell::Bool(b) => b.to_string(),
        }
    }
}

/// One table read: its name for messages, headers, and rows of text cells
/// with their row numbers (1-based, as a spreadsheet shows them).
#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub document: String,
    pub header_row: usize,
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// One table to write.
#[derive(Clone, Debug, Default)]
pub(crate) struct OutTable {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Text,
    Number,
    List,
    Bool,
}

/// The tables, in the order they are written.
pub(crate) const TABLES: [&str; 9] = [
    "catalogue",
    "entities",
    "building_blocks",
    "options",
    "systems",
    "workflows",
    "services",
    "life_events",
    "policies",
];

fn columns(table: &str) -> &'static [(&'static str, Kind)] {
    use Kind::*;
    match table {
        "entities" => &[("id", Text), ("name", Text)],
        "building_blocks" => &[("id", Text), ("name", Text), ("status", Text)],
        "options" => &[
            ("building_block", Text),
            ("approach", Text),
            ("cost", Number),
            ("lead_years", Number),
            ("system", Text),
        ],
        "systems" => &[
            ("id", Text),
            ("name", Text),
            ("provides", List),
            ("open_source", Bool),
            ("url", Text),
        ],
        "workflows" => &[("id", Text), ("name", Text), ("building_blocks", List)],
        "services" => &[
            ("id", Text),
            ("name", Text),
            ("entity", Text),
            ("level", Number),
            ("target_level", Number),
            ("demand", Number),
            ("interactions", Number),
            ("effort", Number),
            ("cost", Number),
            ("building_blocks", List),
            ("workflow", Text),
            ("depends_on", List),
            ("earliest_year", Number),
            ("deadline_year", Number),
            ("value", Number),
            ("kpis.cost_per_transaction", Number),
            ("kpis.user_satisfaction", Number),
            ("kpis.completion_rate", Number),
            ("kpis.digital_take_up", Number),
        ],
        "life_events" => &[
            ("id", Text),
            ("name", Text),
            ("audience", Text),
            ("services", List),
            ("weight", Number),
        ],
        "policies" => &[
            ("id", Text),
            ("name", Text),
            ("kind", Text),
            ("status", Text),
        ],
        "catalogue" => &[("field", Text), ("value", Text)],
        _ => &[],
    }
}

fn catalogue_field_kind(field: &str) -> Kind {
    if field == "start_year" {
        Kind::Number
    } else {
        Kind::Text
    }
}

/// Parse a number cell: plain, or with thousands separators ("1,102,000").
pub(crate) fn parse_number(cell: &str) -> Option<f64> {
    let s = cell.trim();
    if let Ok(v) = s.parse::<f64>() {
        return Some(v);
    }
    // 1,102,000 or 1,102,000.5
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", int),
    };
    let groups: Vec<&str> = digits.split(',').collect();
    let first_ok = groups
        .first()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let rest_ok = groups
        .iter()
        .skip(1)
        .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
    if groups.len() < 2 || !first_ok || !rest_ok {
        return None;
    }
    let mut joined = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        joined.push('.');
        joined.push_str(f);
    }
    joined.parse().ok()
}

fn number_value(cell: &str) -> Value {
    let s = cell.trim();
    if let Ok(i) = s.parse::<i64>() {
        return Value::Number(i.into());
    }
    match parse_number(s) {
        Some(v) if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 => {
            // a whole number in any spelling ("3.0", "1,000") reads as an integer
            Value::Number((v as i64).into())
        }
        Some(v) => match Number::from_f64(v) {
            Some(n) => Value::Number(n),
            // non-finite: keep the text so the message shows it
            None => Value::String(s.to_owned()),
        },
        None => Value::String(s.to_owned()),
    }
}

fn cell_value(kind: Kind, cell: &str) -> Value {
    let s = cell.trim();
    match kind {
        Kind::Text => Value::String(s.to_owned()),
        Kind::Number => number_value(s),
        Kind::List => Value::Array(
            s.split(';')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| Value::String(x.to_owned()))
                .collect(),
        ),
        Kind::Bool => match s.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Value::Bool(true),
            "false" | "no" | "n" | "0" => Value::Bool(false),
            _ => Value::String(s.to_owned()),
        },
    }
}

fn set_dotted(obj: &mut Map<String, Value>, column: &str, v: Value) {
    match column.split_once('.') {
        Some((head, tail)) => {
            let inner = obj
                .entry(head.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = inner {
                set_dotted(m, tail, v);
            }
        }
        None => {
            obj.insert(column.to_owned(), v);
        }
    }
}

/// Where each entry of the value came from, to relocate problems.
#[derive(Default)]
struct Origins {
    /// list -> (document, row) per entry
    lists: BTreeMap<String, Vec<(String, usize)>>,
    /// per block index: (document, row) per option
    options: Vec<Vec<(String, usize)>>,
    /// catalogue field -> (document, row)
    fields: BTreeMap<String, (String, usize)>,
    start_year: i32,
    entity_capacity_cols: bool,
}

/// Read tables (by table name) into a validated catalogue. Missing tables
/// mean empty lists; the `catalogue` table is required.
pub(crate) fn tables_to_catalogue(
    tables: &BTreeMap<String, Table>,
    container: &str,
    limits: &Limits,
) -> Result<Catalogue> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut root = Map::new();
    let mut origins = Origins::default();

    for (name, t) in tables {
        limits.check_rows(t.rows.len(), &t.document)?;
        if name == "services" {
            limits.check_services(t.rows.len(), &t.document)?;
        }
    }

    // catalogue table: field,value rows
    match tables.get("catalogue") {
        None => problems.push(Problem::new(
            Location::document(container),
            "missing the `catalogue` table (field,value rows with format and start_year)",
        )),
        Some(t) => {
            let col = |n: &str| t.headers.iter().position(|h| h == n);
            match (col("field"), col("value")) {
                (Some(fc), Some(vc)) => {
                    for (row, cells) in &t.rows {
                        let field = cells.get(fc).map(|s| s.trim()).unwrap_or_default();
                        let value = cells.get(vc).map(|s| s.trim()).unwrap_or_default();
                        if field.is_empty() && value.is_empty() {
                            continue;
                        }
                        if root.contains_key(field) {
                            problems.push(Problem::new(
                                Location::document(&t.document).row(*row).field("field"),
                                format!("field `{field}` is given twice"),
                            ));
                            continue;
                        }
                        origins
                            .fields
                            .insert(field.to_owned(), (t.document.clone(), *row));
                        if !value.is_empty() {
                            root.insert(
                                field.to_owned(),
                                cell_value(catalogue_field_kind(field), value),
                            );
                        } else {
                            // keep the key so unknown fields are still reported
                            root.insert(field.to_owned(), Value::Null);
                            root.remove(field);
                        }
                    }
                }
                _ => problems.push(Problem::new(
                    Location::document(&t.document).row(t.header_row),
                    "expected the columns `field` and `value`",
                )),
            }
        }
    }
    if !tables.contains_key("catalogue") {
        // reported once above; no more problems about its fields
        root.insert(
            "format".to_owned(),
            Value::String(CATALOGUE_FORMAT.to_owned()),
        );
        root.insert("start_year".to_owned(), Value::from(2027));
    }
    origins.start_year = root
        .get("start_year")
        .and_then(Value::as_i64)
        .and_then(|y| i32::try_from(y).ok())
        .unwrap_or(0);

    for name in tables.keys() {
        if !TABLES.contains(&name.as_str()) {
            let t = &tables[name];
            let hint = match suggest(name, TABLES) {
                Some(s) => format!(" (did you mean `{s}`?)"),
                None => String::new(),
            };
            problems.push(Problem::new(
                Location::document(&t.document),
                format!("unknown table `{}`{hint}", clip(name)),
            ));
        }
    }

    for list in TABLES.iter().filter(|t| **t != "catalogue") {
        let Some(t) = tables.get(*list) else { continue };
        let cols = columns(list);
        // map each header to a kind, reporting unknown and repeated columns
        let mut kinds: Vec<Option<Kind>> = Vec::new();
        let mut capacity_years: Vec<Option<i32>> = Vec::new();
        for (c, h) in t.headers.iter().enumerate() {
            let h = h.trim();
            let mut kind = cols.iter().find(|(n, _)| *n == h).map(|(_, k)| *k);
            let mut cap_year = None;
            if *list == "entities" {
                if h == "capacity" {
                    kind = Some(Kind::Number);
                    origins.entity_capacity_cols = true;
                } else if let Some(y) = h
                    .strip_prefix("capacity_")
                    .and_then(|y| y.parse::<i32>().ok())
                {
                    kind = Some(Kind::Number);
                    cap_year = Some(y);
                    origins.entity_capacity_cols = true;
                }
            }
            let loc = Location::document(&t.document).row(t.header_row).field(h);
            if h.is_empty() {
                if t.rows
                    .iter()
                    .any(|(_, r)| r.get(c).is_some_and(|v| !v.trim().is_empty()))
                {
                    problems.push(Problem::new(
                        Location::document(&t.document).row(t.header_row),
                        format!("column {} has values but no name", c + 1),
                    ));
                }
            } else if kind.is_none() {
                let mut names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
                if *list == "entities" {
                    names.push("capacity");
                }
                let msg = match suggest(h, names) {
                    Some(s) => format!("unknown column `{}` (did you mean `{s}`?)", clip(h)),
                    None => format!("unknown column `{}`", clip(h)),
                };
                problems.push(Problem::new(loc, msg));
            } else if t.headers[..c].iter().any(|p| p.trim() == h) {
                problems.push(Problem::new(loc, format!("column `{h}` appears twice")));
                kind = None;
            }
            if let (Some(y), true) = (cap_year, origins.start_year != 0) {
                if y < origins.start_year {
                    problems.push(Problem::new(
                        Location::document(&t.document).row(t.header_row).field(h),
                        format!("year {y} is before start_year {}", origins.start_year),
                    ));
                    kind = None;
                }
            }
            kinds.push(kind);
            capacity_years.push(cap_year);
        }
        let mut entries = Vec::new();
        let mut rows = Vec::new();
        for (row, cells) in &t.rows {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let mut obj = Map::new();
            let mut per_year: BTreeMap<i32, (Value, String)> = BTreeMap::new();
            for (c, cell) in cells.iter().enumerate() {
                let (Some(Some(kind)), Some(h)) = (kinds.get(c), t.headers.get(c)) else {
                    continue;
                };
                if cell.trim().is_empty() {
                    continue;
                }
                let h = h.trim();
                let v = cell_value(*kind, cell);
                if let Some(Some(y)) = capacity_years.get(c) {
                    per_year.insert(*y, (v, h.to_owned()));
                } else {
                    set_dotted(&mut obj, h, v);
                }
            }
            if !per_year.is_empty() {
                let loc = Location::document(&t.document).row(*row);
                if obj.contains_key("capacity") {
                    problems.push(Problem::new(
                        loc.field("capacity"),
                        "give either `capacity` or `capacity_<year>` columns, not both",
                    ));
                } else {
                    let first = if origins.start_year != 0 {
                        origins.start_year
                    } else {
                        per_year.keys().next().copied().unwrap_or(0)
                    };
                    let last = per_year.keys().last().copied().unwrap_or(first);
                    let mut list = Vec::new();
                    for y in first..=last {
                        match per_year.get(&y) {
                            Some((v, _)) => list.push(v.clone()),
                            None => {
                                problems.push(Problem::new(
                                    loc.clone().field(format!("capacity_{y}")),
                                    format!("missing capacity for {y} (a later year is given)"),
                                ));
                                break;
                            }
                        }
                    }
                    obj.insert("capacity".to_owned(), Value::Array(list));
                }
            }
            entries.push(obj);
            rows.push((t.document.clone(), *row));
        }
        if *list == "options" {
            continue;
        }
        root.insert(
            (*list).to_owned(),
            Value::Array(entries.into_iter().map(Value::Object).collect()),
        );
        origins.lists.insert((*list).to_owned(), rows);
    }

    // options -> their blocks
    let n_blocks = root
        .get("building_blocks")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    origins.options = vec![Vec::new(); n_blocks];
    if let Some(t) = tables.get("options") {
        let bc = t.headers.iter().position(|h| h.trim() == "building_block");
        if bc.is_none() {
            problems.push(Problem::new(
                Location::document(&t.document).row(t.header_row),
                "missing the column `building_block` (the block each option belongs to)",
            ));
        }
        let kinds: Vec<Option<Kind>> = t
            .headers
            .iter()
            .map(|h| {
                columns("options")
                    .iter()
                    .find(|(n, _)| *n == h.trim())
                    .map(|(_, k)| *k)
            })
            .collect();
        for (row, cells) in &t.rows {
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let Some(bc) = bc else { break };
            let block = cells.get(bc).map(|s| s.trim()).unwrap_or_default();
            let loc = Location::document(&t.document)
                .row(*row)
                .field("building_block");
            if block.is_empty() {
                problems.push(Problem::new(loc, "missing required field"));
                continue;
            }
            let mut obj = Map::new();
            for (c, cell) in cells.iter().enumerate() {
                if c == bc || cell.trim().is_empty() {
                    continue;
                }
                if let (Some(Some(k)), Some(h)) = (kinds.get(c), t.headers.get(c)) {
                    obj.insert(h.trim().to_owned(), cell_value(*k, cell));
                }
            }
            let blocks = root
                .get_mut("building_blocks")
                .and_then(Value::as_array_mut);
            let found = blocks.and_then(|bs| {
                bs.iter_mut()
                    .enumerate()
                    .find(|(_, b)| b.get("id").and_then(Value::as_str) == Some(block))
            });
            match found {
                Some((i, Value::Object(b))) => {
                    let opts = b
                        .entry("options".to_owned())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(a) = opts {
                        a.push(Value::Object(obj));
                    }
                    if let Some(o) = origins.options.get_mut(i) {
                        o.push((t.document.clone(), *row));
                    }
                }
                _ => problems.push(Problem::new(
                    loc,
                    format!("unknown building block `{block}`"),
                )),
            }
        }
    }

    let relocate = |p: &mut Problem| {
        let unknown = p.message.starts_with("unknown field");
        relocate(&mut p.location, &origins, unknown)
    };
    let value = Value::Object(root);
    match catalogue_from_value_located(&value, container, limits, &relocate) {
        Ok(c) if problems.is_empty() => Ok(c),
        Ok(_) => Err(Error::Invalid(ValidationErrors::new(problems))),
        Err(Error::Invalid(v)) => {
            problems.extend(v.problems);
            Err(Error::Invalid(ValidationErrors::new(problems)))
        }
        Err(other) => Err(other),
    }
}

/// Map a list/index/field location to file, row and column.
fn relocate(loc: &mut Location, origins: &Origins, message_is_unknown_field: bool) {
    let field = loc.field.clone().unwrap_or_default();
    match (loc.list.clone(), loc.index) {
        (Some(list), Some(i)) => {
            let mut column = field.clone();
            let mut at = origins
                .lists
                .get(&list)
                .and_then(|rows| rows.get(i))
                .cloned();
            if list == "building_blocks" {
                if let Some(rest) = field.strip_prefix("options[") {
                    if let Some((j, tail)) = rest.split_once(']') {
                        if let Ok(j) = j.parse::<usize>() {
                            at = origins.options.get(i).and_then(|o| o.get(j)).cloned();
                            column = tail.trim_start_matches('.').to_owned();
                        }
                    }
                }
            }
            if list == "entities" {
                if let Some(rest) = field.strip_prefix("capacity[") {
                    if let Some(j) = rest.strip_suffix(']').and_then(|j| j.parse::<i32>().ok()) {
                        column = format!("capacity_{}", origins.start_year.saturating_add(j));
                    }
                }
            }
            // depends_on[1] -> depends_on
            if let Some(p) = column.find('[') {
                column.truncate(p);
            }
            if let Some((document, row)) = at {
                loc.document = document;
                loc.row = Some(row);
                loc.index = None;
            }
            loc.field = if column.is_empty() {
                None
            } else {
                Some(column)
            };
        }
        (None, None) if !field.is_empty() => {
            let top = field
                .split(['.', '['])
                .next()
                .unwrap_or_default()
                .to_owned();
            if let Some((document, row)) = origins.fields.get(&top) {
                loc.document = document.clone();
                loc.row = Some(*row);
                loc.field = Some(
                    if message_is_unknown_field {
                        "field"
                    } else {
                        "value"
                    }
                    .to_owned(),
                );
            } else if let Some(Some((document, _))) = TABLES
                .iter()
                .position(|t| *t == top)
                .map(|_| origins.lists.get(&top).and_then(|r| r.first()).cloned())
            {
                loc.document = document;
            }
        }
        _ => {}
    }
}

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_owned())
    }
}

fn list<T: AsRef<str>>(items: &[T]) -> Cell {
    text(
        &items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(";"),
    )
}

fn opt_num(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, Cell::Number)
}

/// A catalogue as tables (the layout of FORMAT.md). Every column is
/// written, so a blank template shows what can be filled in.
pub(crate) fn catalogue_to_tables(c: &Catalogue) -> Vec<OutTable> {
    let heads =
        |t: &str| -> Vec<String> { columns(t).iter().map(|(n, _)| (*n).to_owned()).collect() };
    let mut out = Vec::new();
    out.push(OutTable {
        name: "catalogue",
        headers: heads("catalogue"),
        rows: vec![
            vec![Cell::Text("format".into()), Cell::Text(c.format.clone())],
            vec![Cell::Text("name".into()), text(&c.name)],
            vec![Cell::Text("version".into()), text(&c.version)],
            vec![
                Cell::Text("start_year".into()),
                Cell::Number(f64::from(c.start_year)),
            ],
        ],
    });
    // entities: `capacity` for constant ones, capacity_<year> for lists
    let longest = c
        .entities
        .iter()
        .map(|e| match &e.capacity {
            Capacity::PerYear(v) => v.len(),
            Capacity::Constant(_) => 0,
        })
        .max()
        .unwrap_or(0);
    let mut headers = heads("entities");
    headers.push("capacity".into());
    for j in 0..longest {
        headers.push(format!("capacity_{}", i64::from(c.start_year) + j as i64));
    }
    out.push(OutTable {
        name: "entities",
        headers,
        rows: c
            .entities
            .iter()
            .map(|e| {
                let mut r = vec![text(e.id.as_str()), text(&e.name)];
                match &e.capacity {
                    Capacity::Constant(v) => {
                        r.push(Cell::Number(*v));
                        r.extend(std::iter::repeat(Cell::Empty).take(longest));
                    }
                    Capacity::PerYear(vs) => {
                        r.push(Cell::Empty);
                        for j in 0..longest {
                            r.push(opt_num(vs.get(j).copied()));
                        }
                    }
                }
                r
            })
            .collect(),
    });
    out.push(OutTable {
        name: "building_blocks",
        headers: heads("building_blocks"),
        rows: c
            .building_blocks
            .iter()
            .map(|b| {
                let status = match b.status {
                    BlockStatus::Available => "available",
                    BlockStatus::Missing => "missing",
                };
                vec![text(b.id.as_str()), text(&b.name), text(status)]
            })
            .collect(),
    });
    out.push(OutTable {
        name: "options",
        headers: heads("options"),
        rows: c
            .building_blocks
            .iter()
            .flat_map(|b| {
                b.options.iter().map(move |o| {
                    vec![
                        text(b.id.as_str()),
                        text(o.approach.as_str()),
                        Cell::Number(o.cost),
                        Cell::Number(f64::from(o.lead_years)),
                        o.system.as_ref().map_or(Cell::Empty, |s| text(s.as_str())),
                    ]
                })
            })
            .collect(),
    });
    out.push(OutTable {
        name: "systems",
        headers: heads("systems"),
        rows: c
            .systems
            .iter()
            .map(|s| {
                vec![
                    text(s.id.as_str()),
                    text(&s.name),
                    list(&s.provides),
                    s.open_source.map_or(Cell::Empty, Cell::Bool),
                    s.url.as_deref().map_or(Cell::Empty, text),
                ]
            })
            .collect(),
    });
    out.push(OutTable {
        name: "workflows",
        headers: heads("workflows"),
        rows: c
            .workflows
            .iter()
            .map(|w| vec![text(w.id.as_str()), text(&w.name), list(&w.building_blocks)])
            .collect(),
    });
    out.push(OutTable {
        name: "services",
        headers: heads("services"),
        rows: c
            .services
            .iter()
            .map(|s| {
                vec![
                    text(s.id.as_str()),
                    text(&s.name),
                    text(s.entity.as_str()),
                    Cell::Number(f64::from(s.level)),
                    Cell::Number(f64::from(s.target_level)),
                    Cell::Number(s.demand),
                    Cell::Number(s.interactions),
                    Cell::Number(s.effort),
                    Cell::Number(s.cost),
                    list(&s.building_blocks),
                    s.workflow
                        .as_ref()
                        .map_or(Cell::Empty, |w| text(w.as_str())),
                    list(&s.depends_on),
                    opt_num(s.earliest_year.map(f64::from)),
                    opt_num(s.deadline_year.map(f64::from)),
                    opt_num(s.value),
                    opt_num(s.kpis.cost_per_transaction),
                    opt_num(s.kpis.user_satisfaction),
                    opt_num(s.kpis.completion_rate),
                    opt_num(s.kpis.digital_take_up),
                ]
            })
            .collect(),
    });
    out.push(OutTable {
        name: "life_events",
        headers: heads("life_events"),
        rows: c
            .life_events
            .iter()
            .map(|l| {
                let audience = match l.audience {
                    Audience::Citizen => "citizen",
                    Audience::Business => "business",
                };
                vec![
                    text(l.id.as_str()),
                    text(&l.name),
                    text(audience),
                    list(&l.services),
                    Cell::Number(l.weight),
                ]
            })
            .collect(),
    });
    out.push(OutTable {
        name: "policies",
        headers: heads("policies"),
        rows: c
            .policies
            .iter()
            .map(|p| {
                vec![
                    text(p.id.as_str()),
                    text(&p.name),
                    text(p.kind.as_str()),
                    text(p.status.as_str()),
                ]
            })
            .collect(),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_thousands_separators() {
        assert_eq!(parse_number("1,102,000"), Some(1_102_000.0));
        assert_eq!(parse_number("-1,000.5"), Some(-1000.5));
        assert_eq!(parse_number("12"), Some(12.0));
        assert_eq!(parse_number("1,10"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(number_value("3.0"), Value::from(3));
        assert_eq!(number_value("2.5"), Value::from(2.5));
        assert_eq!(number_value("NaN"), Value::from("NaN"));
    }
}
