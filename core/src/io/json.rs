//! JSON documents: catalogue, scenario, roadmap.
//!
//! Text within [`Limits`] is first parsed straight into the typed structs;
//! a catalogue that parses and validates is returned from that one pass.
//! Otherwise it is parsed to a `serde_json::Value`, then every list entry
//! is read on its own so that every problem in the document is reported at
//! once, each with its list, index, id and field.

use super::de::{self, kind_of, path_string, unknown_field_message};
use super::limits::Limits;
use crate::error::{Error, Location, Problem, Result, ValidationErrors};
use crate::model::*;
use crate::validate::{self, ExtraIds};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Top-level fields of a catalogue.
pub(crate) const CATALOGUE_FIELDS: [&str; 11] = [
    "format",
    "name",
    "version",
    "start_year",
    "entities",
    "building_blocks",
    "systems",
    "workflows",
    "services",
    "life_events",
    "policies",
];

/// Parse JSON text (a UTF-8 byte-order mark is skipped) under the limits.
pub(crate) fn parse_value(text: &str, document: &str, limits: &Limits) -> Result<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    limits.check_bytes(text.len() as u64, document)?;
    limits.check_depth(text, document)?;
    let value = serde_json::from_str::<Value>(text).map_err(|e| {
        let loc = Location::document(document).line(e.line(), e.column());
        Error::invalid(loc, de::rewrite(&e.to_string()))
    })?;
    let dups = duplicate_keys(text);
    if !dups.is_empty() {
        let problems = dups
            .into_iter()
            .map(|(path, key)| {
                let mut loc = Location::document(document);
                let mut rest: &[de::Seg] = &path;
                if let (Some(de::Seg::Key(list)), Some(de::Seg::Index(i))) =
                    (path.first(), path.get(1))
                {
                    let id = value
                        .get(list)
                        .and_then(|l| l.get(*i))
                        .and_then(|e| e.get("id"))
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    loc = loc.entry(list, *i).id(id);
                    rest = path.get(2..).unwrap_or_default();
                }
                let mut field = path_string(rest);
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(&key);
                Problem::new(loc.field(field), format!("field `{key}` is given twice"))
            })
            .collect();
        return Err(Error::Invalid(ValidationErrors::new(problems)));
    }
    Ok(value)
}

/// Keys given twice in one JSON object, with the object's path (serde_json
/// keeps the last silently; FORMAT.md wants no silently dropped data).
fn duplicate_keys(text: &str) -> Vec<(Vec<de::Seg>, String)> {
    use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::cell::RefCell;

    type Found = RefCell<Vec<(Vec<de::Seg>, String)>>;
    struct Walk<'a> {
        path: Vec<de::Seg>,
        found: &'a Found,
    }
    impl<'de> DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> std::result::Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("any JSON value")
        }
        fn visit_bool<E>(self, _: bool) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> std::result::Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<(), A::Error> {
            let mut i = 0;
            loop {
                let mut path = self.path.clone();
                path.push(de::Seg::Index(i));
                let walk = Walk {
                    path,
                    found: self.found,
                };
                if seq.next_element_seed(walk)?.is_none() {
                    return Ok(());
                }
                i += 1;
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                if !seen.insert(key.clone()) {
                    self.found.borrow_mut().push((self.path.clone(), key));
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
                let mut path = self.path.clone();
                path.push(de::Seg::Key(key));
                map.next_value_seed(Walk {
                    path,
                    found: self.found,
                })?;
            }
            Ok(())
        }
    }
    let found: Found = RefCell::new(Vec::new());
    let mut d = serde_json::Deserializer::from_str(text);
    let _ = Walk {
        path: Vec::new(),
        found: &found,
    }
    .deserialize(&mut d);
    found.into_inner()
}

/// Read and validate a catalogue from JSON text.
///
/// `document` names the text in error messages (a file name, or
/// `catalogue`). A UTF-8 byte-order mark and CRLF line ends are accepted.
///
/// # Errors
/// [`Error::Invalid`] with every problem found (syntax, unknown or missing
/// fields, wrong types, and everything [`validate::validate_catalogue`]
/// checks); [`Error::Limit`] when the text is larger or deeper than
/// [`Limits::default`] allows.
///
/// # Examples
/// ```
/// let c = scaleplan::io::catalogue_from_json(
///     r#"{"format": "scaleplan/1", "start_year": 2027}"#, "catalogue").unwrap();
/// assert_eq!(c.start_year, 2027);
/// let err = scaleplan::io::catalogue_from_json(
///     r#"{"format": "scaleplan/1", "start_year": 2027, "services": [{"id": "a", "levl": 2}]}"#,
///     "c.json").unwrap_err();
/// assert_eq!(err.to_string(), "3 problems:\n  \
///     c.json, services[0] (id \"a\"), field `levl`: unknown field `levl` (did you mean `level`?)\n  \
///     c.json, services[0] (id \"a\"), field `entity`: missing required field\n  \
///     c.json, services[0] (id \"a\"), field `level`: missing required field");
/// ```
pub fn catalogue_from_json(text: &str, document: &str) -> Result<Catalogue> {
    catalogue_from_json_with(text, document, &Limits::default())
}

/// [`catalogue_from_json`] with explicit limits.
///
/// # Errors
/// As [`catalogue_from_json`].
pub fn catalogue_from_json_with(text: &str, document: &str, limits: &Limits) -> Result<Catalogue> {
    if let Some(catalogue) = valid_catalogue(text, document, limits) {
        return Ok(catalogue);
    }
    let value = parse_value(text, document, limits)?;
    catalogue_from_value_with(value, document, limits)
}

/// The common case in one pass: text within the limits that parses
/// straight into a [`Catalogue`] (every object of which is a struct with
/// `deny_unknown_fields`, so unknown fields and keys given twice fail
/// here too) and passes validation. `None` for anything else; the caller
/// then reads the text entry by entry, which finds and words every
/// problem. A catalogue returned here is the one that reading would give.
fn valid_catalogue(text: &str, document: &str, limits: &Limits) -> Option<Catalogue> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if limits.check_bytes(text.len() as u64, document).is_err()
        || limits.check_depth(text, document).is_err()
    {
        return None;
    }
    // the root must be an object: serde also reads a struct from a list
    if !text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
    {
        return None;
    }
    let catalogue: Catalogue = serde_json::from_str(text).ok()?;
    if limits
        .check_services(catalogue.services.len(), document)
        .is_err()
        || !validate::catalogue_problems(&catalogue, document, &ExtraIds::default()).is_empty()
    {
        return None;
    }
    Some(catalogue)
}

/// Read and validate a catalogue from a parsed JSON value.
///
/// # Errors
/// As [`catalogue_from_json`], without syntax errors.
///
/// # Examples
/// ```
/// let v = serde_json::json!({"format": "scaleplan/1", "start_year": 2027});
/// assert!(scaleplan::io::catalogue_from_value(v, "catalogue").is_ok());
/// ```
pub fn catalogue_from_value(value: Value, document: &str) -> Result<Catalogue> {
    catalogue_from_value_with(value, document, &Limits::default())
}

/// [`catalogue_from_value`] with explicit limits.
///
/// # Errors
/// As [`catalogue_from_json`].
pub fn catalogue_from_value_with(
    value: Value,
    document: &str,
    limits: &Limits,
) -> Result<Catalogue> {
    catalogue_from_value_located(&value, document, limits, &|_: &mut Problem| {})
}

/// What one list gave: the entries read (repaired ones too), their
/// indices in the document, the fields already reported per entry, and
/// the ids of entries that could not be read at all.
struct ListRead<T> {
    items: Vec<T>,
    indices: Vec<usize>,
    reported: Vec<Vec<String>>,
    failed_ids: std::collections::HashSet<String>,
}

/// A serde message about `level` / `target_level` in the words validation uses.
fn level_message(field: &str, message: String) -> String {
    if field != "level" && field != "target_level" {
        return message;
    }
    match message.strip_prefix("expected a whole number from 0 to 255, got ") {
        Some(got) if got.parse::<i64>().is_ok() => format!("{field} {got} is outside 1..4"),
        Some(got) => format!("expected a whole number 1..4, got {got}"),
        None => message,
    }
}

fn read_list<T: DeserializeOwned>(
    root: &Map<String, Value>,
    list: &str,
    document: &str,
    problems: &mut Vec<Problem>,
) -> ListRead<T> {
    let mut out = ListRead {
        items: Vec::new(),
        indices: Vec::new(),
        reported: Vec::new(),
        failed_ids: Default::default(),
    };
    let entries = match root.get(list) {
        None | Some(Value::Null) => return out,
        Some(Value::Array(a)) => a,
        Some(other) => {
            problems.push(Problem::new(
                Location::document(document).field(list),
                format!("expected a list, got {}", kind_of(other)),
            ));
            return out;
        }
    };
    for (i, entry) in entries.iter().enumerate() {
        let id = entry.get("id").and_then(Value::as_str).unwrap_or_default();
        let (item, errors) = de::lenient::<T>(entry);
        let mut fields = Vec::new();
        for e in errors {
            let mut loc = Location::document(document).entry(list, i).id(id);
            let field = path_string(&e.path);
            let message = level_message(&field, e.message);
            if !e.path.is_empty() {
                loc = loc.field(field.clone());
            }
            fields.push(field);
            problems.push(Problem::new(loc, message));
        }
        match item {
            Some(t) => {
                out.items.push(t);
                out.indices.push(i);
                out.reported.push(fields);
            }
            None => {
                out.failed_ids.insert(id.to_owned());
            }
        }
    }
    out
}

/// True when a problem at `field` is already covered by one reported at
/// `reported` (the same field, or inside it), or the entry itself failed.
fn covered(reported: &[String], field: &str) -> bool {
    reported.iter().any(|r| {
        r.is_empty()
            || r == field
            || field.strip_prefix(r.as_str()).is_some_and(|rest| rest.starts_with('[') || rest.starts_with('.'))
            // a bad element (`building_blocks[1]`) covers its list's references
            || r.strip_prefix(field).is_some_and(|rest| rest.starts_with('['))
    })
}

/// Read a catalogue from a value; every problem's location is passed
/// through `relocate` (the CSV and XLSX readers map list entries to files,
/// rows and columns).
pub(crate) fn catalogue_from_value_located(
    value: &Value,
    document: &str,
    limits: &Limits,
    relocate: &dyn Fn(&mut Problem),
) -> Result<Catalogue> {
    let Value::Object(root) = value else {
        return Err(Error::invalid(
            Location::document(document),
            format!("expected an object (a catalogue), got {}", kind_of(value)),
        ));
    };
    if let Some(Value::Array(s)) = root.get("services") {
        limits.check_services(s.len(), document)?;
    }
    let mut problems = Vec::new();
    for key in root.keys() {
        if !CATALOGUE_FIELDS.contains(&key.as_str()) {
            problems.push(Problem::new(
                Location::document(document).field(key),
                unknown_field_message(key, &CATALOGUE_FIELDS),
            ));
        }
    }
    fn scalar<T: DeserializeOwned>(
        root: &Map<String, Value>,
        key: &str,
        required: bool,
        document: &str,
        problems: &mut Vec<Problem>,
    ) -> Option<T> {
        match root.get(key) {
            None if required => {
                problems.push(Problem::new(
                    Location::document(document).field(key),
                    "missing required field",
                ));
                None
            }
            None => None,
            Some(v) => match de::entry::<T>(v) {
                Ok(t) => Some(t),
                Err(errors) => {
                    for e in errors {
                        problems.push(Problem::new(
                            Location::document(document).field(key),
                            e.message,
                        ));
                    }
                    None
                }
            },
        }
    }
    let format: Option<String> = scalar(root, "format", true, document, &mut problems);
    let name: Option<String> = scalar(root, "name", false, document, &mut problems);
    let version: Option<String> = scalar(root, "version", false, document, &mut problems);
    let start_year: Option<i32> = scalar(root, "start_year", true, document, &mut problems);
    let entities = read_list::<Entity>(root, "entities", document, &mut problems);
    let blocks = read_list::<BuildingBlock>(root, "building_blocks", document, &mut problems);
    let systems = read_list::<System>(root, "systems", document, &mut problems);
    let workflows = read_list::<Workflow>(root, "workflows", document, &mut problems);
    let services = read_list::<Service>(root, "services", document, &mut problems);
    let life_events = read_list::<LifeEvent>(root, "life_events", document, &mut problems);
    let policies = read_list::<Policy>(root, "policies", document, &mut problems);

    let extra = ExtraIds {
        entities: entities.failed_ids.clone(),
        building_blocks: blocks.failed_ids.clone(),
        systems: systems.failed_ids.clone(),
        workflows: workflows.failed_ids.clone(),
        services: services.failed_ids.clone(),
    };
    type Read = (&'static str, Vec<usize>, Vec<Vec<String>>);
    let indices: Vec<Read> = vec![
        ("entities", entities.indices, entities.reported),
        ("building_blocks", blocks.indices, blocks.reported),
        ("systems", systems.indices, systems.reported),
        ("workflows", workflows.indices, workflows.reported),
        ("services", services.indices, services.reported),
        ("life_events", life_events.indices, life_events.reported),
        ("policies", policies.indices, policies.reported),
    ];
    let top_reported: Vec<String> = problems
        .iter()
        .filter(|p| p.location.list.is_none())
        .filter_map(|p| p.location.field.clone())
        .collect();
    let catalogue = Catalogue {
        // a wrong or missing tag is reported once, above or by validation
        format: format
            .clone()
            .unwrap_or_else(|| CATALOGUE_FORMAT.to_owned()),
        name: name.unwrap_or_default(),
        version: version.unwrap_or_default(),
        start_year: start_year.unwrap_or(2027),
        entities: entities.items,
        building_blocks: blocks.items,
        systems: systems.items,
        workflows: workflows.items,
        services: services.items,
        life_events: life_events.items,
        policies: policies.items,
    };
    for mut p in validate::catalogue_problems(&catalogue, document, &extra) {
        let field = p.location.field.clone().unwrap_or_default();
        // map indices of the entries read back to the document's, and
        // leave out what the reader already reported about a field
        if let (Some(list), Some(i)) = (p.location.list.as_deref(), p.location.index) {
            if let Some((_, idx, reported)) = indices.iter().find(|(l, _, _)| *l == list) {
                if reported.get(i).is_some_and(|r| covered(r, &field)) {
                    continue;
                }
                p.location.index = idx.get(i).copied().or(Some(i));
            }
        } else if covered(&top_reported, &field) {
            continue;
        }
        problems.push(p);
    }
    // document order: top-level fields, then lists in FORMAT.md order, by index
    let order = |p: &Problem| {
        let list_rank = match p.location.list.as_deref() {
            None => 0,
            Some(l) => 1 + CATALOGUE_FIELDS.iter().position(|f| *f == l).unwrap_or(99),
        };
        let cycle = p.message.starts_with("depends_on has a cycle");
        (cycle, list_rank, p.location.index.unwrap_or(0))
    };
    problems.sort_by_key(order);
    for p in &mut problems {
        relocate(p);
    }
    ValidationErrors::check(problems)?;
    Ok(catalogue)
}

/// Read and validate a scenario from JSON text. Target years are checked
/// against a catalogue by [`validate::validate_scenario`].
///
/// # Errors
/// [`Error::Invalid`] with every problem found; [`Error::Limit`] for text
/// beyond the default limits.
///
/// # Examples
/// ```
/// let s = scaleplan::io::scenario_from_json(r#"{"horizon": 3}"#, "scenario").unwrap();
/// assert_eq!(s.horizon, 3);
/// assert_eq!(s.capacity_factor, 1.0);
/// ```
pub fn scenario_from_json(text: &str, document: &str) -> Result<Scenario> {
    let value = parse_value(text, document, &Limits::default())?;
    scenario_from_value(value, document)
}

/// Read and validate a scenario from a parsed JSON value.
///
/// # Errors
/// As [`scenario_from_json`], without syntax errors.
pub fn scenario_from_value(value: Value, document: &str) -> Result<Scenario> {
    if !value.is_object() {
        return Err(Error::invalid(
            Location::document(document),
            format!("expected an object (a scenario), got {}", kind_of(&value)),
        ));
    }
    let (scenario, errors) = de::lenient::<Scenario>(&value);
    let mut problems: Vec<Problem> = Vec::new();
    let mut reported: Vec<String> = Vec::new();
    for e in errors {
        let mut loc = Location::document(document);
        let mut path: &[de::Seg] = &e.path;
        if let (Some(de::Seg::Key(list)), Some(de::Seg::Index(i))) = (e.path.first(), e.path.get(1))
        {
            if list == "targets" {
                loc = loc.entry("targets", *i);
                path = e.path.get(2..).unwrap_or_default();
            }
        }
        let field = path_string(path);
        if !field.is_empty() {
            loc = loc.field(field);
        }
        reported.push(path_string(&e.path));
        problems.push(Problem::new(loc, e.message));
    }
    if let Some(s) = &scenario {
        for p in validate::scenario_problems(s, None, document) {
            let mut full = p.location.field.clone().unwrap_or_default();
            if let (Some(l), Some(i)) = (&p.location.list, p.location.index) {
                full = format!("{l}[{i}].{full}");
            }
            if !covered(&reported, &full) {
                problems.push(p);
            }
        }
    }
    ValidationErrors::check(problems)?;
    scenario.ok_or_else(|| Error::invalid(Location::document(document), "not a scenario"))
}

/// Read a roadmap from JSON text (extra fields are allowed).
///
/// # Errors
/// [`Error::Invalid`] when the text is not a roadmap of format
/// `scaleplan-roadmap/1`.
///
/// # Examples
/// ```
/// let r = scaleplan::io::roadmap_from_json(
///     r#"{"format": "scaleplan-roadmap/1", "status": "infeasible"}"#, "roadmap").unwrap();
/// assert_eq!(r.status, scaleplan::Status::Infeasible);
/// ```
pub fn roadmap_from_json(text: &str, document: &str) -> Result<Roadmap> {
    let value = parse_value(text, document, &Limits::default())?;
    let roadmap = de::entry::<Roadmap>(&value).map_err(|errors| {
        Error::Invalid(ValidationErrors::new(
            errors
                .into_iter()
                .map(|e| {
                    let mut loc = Location::document(document);
                    if !e.path.is_empty() {
                        loc = loc.field(path_string(&e.path));
                    }
                    Problem::new(loc, e.message)
                })
                .collect(),
        ))
    })?;
    if roadmap.format != ROADMAP_FORMAT {
        return Err(Error::invalid(
            Location::document(document).field("format"),
            format!(
                "unknown format `{}` (expected `{ROADMAP_FORMAT}`)",
                roadmap.format
            ),
        ));
    }
    Ok(roadmap)
}

/// A catalogue as pretty-printed JSON (two-space indent, FORMAT.md field
/// names, defaults left out where the format allows).
///
/// # Examples
/// ```
/// let text = scaleplan::io::catalogue_to_json_string(&scaleplan::Catalogue::default());
/// assert!(text.contains("\"format\": \"scaleplan/1\""));
/// ```
pub fn catalogue_to_json_string(catalogue: &Catalogue) -> String {
    // These types serialize without failure (no maps with non-string keys).
    serde_json::to_string_pretty(catalogue).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        match catalogue_from_json(text, "c.json") {
            Ok(_) => Vec::new(),
            Err(e) => e.problems().iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = "\u{feff}{\r\n\"format\": \"scaleplan/1\",\r\n\"start_year\": 2030\r\n}\r\n";
        assert_eq!(
            catalogue_from_json(text, "c.json").unwrap().start_year,
            2030
        );
    }

    #[test]
    fn keys_given_twice_are_an_error() {
        assert_eq!(
            lines(r#"{"format": "scaleplan/1", "start_year": 2027, "start_year": 2028,
                "services": [{"id": "a", "level": 2, "kpis": {"completion_rate": 1, "completion_rate": 0}, "level": 3}]}"#),
            vec![
                "c.json, field `start_year`: field `start_year` is given twice",
                "c.json, services[0] (id \"a\"), field `kpis.completion_rate`: field `completion_rate` is given twice",
                "c.json, services[0] (id \"a\"), field `level`: field `level` is given twice",
            ]
        );
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        assert_eq!(
            lines("{\n  \"format\": \"scaleplan/1\",\n  \"start_year\": ,\n}"),
            vec!["c.json, line 3, column 17: expected value"]
        );
    }

    #[test]
    fn entries_failing_to_read_do_not_cause_reference_errors() {
        let text = r#"{"format": "scaleplan/1", "start_year": 2027,
            "entities": [{"id": "moh", "capacity": "x"}],
            "services": [{"id": "a", "entity": "moh", "level": 2}, {"id": "b", "entity": "mof", "level": 9}]}"#;
        assert_eq!(
            lines(text),
            vec![
                "c.json, entities[0] (id \"moh\"), field `capacity`: expected a number or a list of numbers",
                "c.json, services[1] (id \"b\"), field `entity`: unknown entity `mof`",
                "c.json, services[1] (id \"b\"), field `level`: level 9 is outside 1..4",
            ]
        );
    }

    #[test]
    fn indices_refer_to_the_document() {
        let text = r#"{"format": "scaleplan/1", "start_year": 2027,
            "entities": [{"id": "moh", "capacity": 1}],
            "services": [{"id": "a"}, {"id": "b", "entity": "moh", "level": 2, "depends_on": ["zz"]}]}"#;
        assert_eq!(
            lines(text),
            vec![
                "c.json, services[0] (id \"a\"), field `entity`: missing required field",
                "c.json, services[0] (id \"a\"), field `level`: missing required field",
                "c.json, services[1] (id \"b\"), field `depends_on`: unknown service `zz`",
            ]
        );
    }

    #[test]
    fn top_level_problems() {
        assert_eq!(
            lines(r#"{"formt": "scaleplan/1", "start_year": "2027", "services": {}}"#),
            vec![
                "c.json, field `formt`: unknown field `formt` (did you mean `format`?)",
                "c.json, field `format`: missing required field",
                "c.json, field `start_year`: expected a whole number, got the string \"2027\"",
                "c.json, field `services`: expected a list, got an object",
            ]
        );
        assert_eq!(
            lines("[1]"),
            vec!["c.json: expected an object (a catalogue), got a list"]
        );
    }

    #[test]
    fn scenario_errors() {
        let e = scenario_from_json(
            r#"{"horizon": 0, "targets": [{"year": 2029, "shar": 0.5}], "solver": {"time_limit_s": -1}}"#,
            "s.json",
        )
        .unwrap_err();
        let m: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
        assert_eq!(
            m,
            vec![
                "s.json, targets[0], field `shar`: unknown field `shar` (did you mean `share`?)",
                "s.json, targets[0], field `share`: missing required field",
                "s.json, field `horizon`: horizon must be at least 1 year",
                "s.json, field `solver.time_limit_s`: time limit must be a positive number of seconds, got -1",
            ]
        );
        let e = scenario_from_json(r#"{"horizon": 0}"#, "s.json").unwrap_err();
        assert_eq!(
            e.to_string(),
            "s.json, field `horizon`: horizon must be at least 1 year"
        );
    }

    #[test]
    fn one_pass_and_entry_by_entry_reading_agree() {
        let cfg = crate::generate::GeneratorConfig {
            services: 300,
            ..Default::default()
        };
        let (c, _) = crate::generate::generate(&cfg);
        let text = serde_json::to_string(&c).unwrap();
        let one_pass = catalogue_from_json(&text, "c").unwrap();
        let by_entry = catalogue_from_value(serde_json::from_str(&text).unwrap(), "c").unwrap();
        assert_eq!(one_pass, by_entry);
        assert_eq!(one_pass, c);
        // serde reads a struct from a list too; a catalogue is an object
        assert_eq!(
            lines(r#"["scaleplan/1", "", "", 2027]"#),
            vec!["c.json: expected an object (a catalogue), got a list"]
        );
    }

    #[test]
    fn json_round_trip() {
        let text = r#"{"format": "scaleplan/1", "start_year": 2027,
            "entities": [{"id": "moh", "capacity": [1, 2]}],
            "services": [{"id": "a", "entity": "moh", "level": 2, "kpis": {"completion_rate": 0.5}}]}"#;
        let c = catalogue_from_json(text, "c").unwrap();
        let again = catalogue_from_json(&catalogue_to_json_string(&c), "c").unwrap();
        assert_eq!(c, again);
    }
}
