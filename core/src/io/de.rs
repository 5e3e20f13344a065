//! Entry-by-entry deserialization that reports every problem of an entry,
//! each with its field path, in plain words (no Rust type names).

use crate::error::lower_first;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// One problem in one entry: the field path inside the entry
/// (`kpis.user_satisfaction`, `depends_on[1]`, empty for the entry itself)
/// and what is wrong.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldError {
    pub path: Vec<Seg>,
    pub message: String,
}

/// A step of a field path.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Seg {
    Key(String),
    Index(usize),
}

/// `kpis.cost`, `depends_on[1]`.
pub(crate) fn path_string(path: &[Seg]) -> String {
    let mut s = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !s.is_empty() {
                    s.push('.');
                }
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// Deserialize one entry; on failure, every problem found in it.
///
/// serde stops at the first problem, so the entry is repaired (the bad
/// field removed, or replaced by a placeholder) and deserialized again
/// until it passes or nothing more can be learned; each field is reported
/// once, with its first problem.
pub(crate) fn entry<T: DeserializeOwned>(value: &Value) -> Result<T, Vec<FieldError>> {
    match lenient::<T>(value) {
        (Some(t), errors) if errors.is_empty() => Ok(t),
        (_, errors) => Err(errors),
    }
}

/// Like [`entry`], also giving the repaired entry when repairs let it be
/// read (so that its other fields can still be validated).
pub(crate) fn lenient<T: DeserializeOwned>(value: &Value) -> (Option<T>, Vec<FieldError>) {
    let mut v = value.clone();
    let mut errors: Vec<FieldError> = Vec::new();
    let mut attempts: HashMap<String, usize> = HashMap::new();
    for _ in 0..200 {
        let err = match serde_path_to_error::deserialize::<_, T>(v.clone()) {
            Ok(t) => return (Some(t), errors),
            Err(e) => e,
        };
        let raw = err.inner().to_string();
        let mut path: Vec<Seg> = Vec::new();
        for seg in err.path().iter() {
            match seg {
                serde_path_to_error::Segment::Seq { index } => path.push(Seg::Index(*index)),
                serde_path_to_error::Segment::Map { key } => path.push(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Enum { .. }
                | serde_path_to_error::Segment::Unknown => {}
            }
        }
        let unknown = backticked(&raw, "unknown field `");
        let missing = backticked(&raw, "missing field `");
        if let Some(name) = unknown.as_ref().or(missing.as_ref()) {
            if path.last() != Some(&Seg::Key(name.clone())) {
                path.push(Seg::Key(name.clone()));
            }
        }
        let key = path_string(&path);
        let n = attempts.entry(key.clone()).or_insert(0);
        let attempt = *n;
        *n += 1;
        if !errors.iter().any(|e| path_string(&e.path) == key) {
            errors.push(FieldError {
                path: path.clone(),
                message: rewrite(&raw),
            });
        }
        if path.is_empty() {
            return (None, errors);
        }
        // Repair and retry.
        let placeholder = if unknown.is_some() {
            None
        } else if let Some(first) = first_variant(&raw) {
            Some(Value::String(first))
        } else {
            let in_list = matches!(path.last(), Some(Seg::Index(_)));
            let order: [Option<Value>; 7] = [
                None,
                Some(Value::String(String::new())),
                Some(Value::from(0)),
                Some(Value::from(1)),
                Some(Value::Array(Vec::new())),
                Some(Value::Object(Default::default())),
                Some(Value::Bool(false)),
            ];
            let i = if in_list { attempt + 1 } else { attempt };
            match order.get(i) {
                Some(p) => p.clone(),
                None => return (None, errors),
            }
        };
        if !set_path(&mut v, &path, placeholder) {
            return (None, errors);
        }
    }
    (None, errors)
}

/// Set (or with `None`, remove) the value at `path`. False when the path
/// does not lead anywhere.
fn set_path(v: &mut Value, path: &[Seg], new: Option<Value>) -> bool {
    let Some((last, parents)) = path.split_last() else {
        return false;
    };
    let mut cur = v;
    for seg in parents {
        let next = match (seg, cur) {
            (Seg::Key(k), Value::Object(m)) => m.get_mut(k),
            (Seg::Index(i), Value::Array(a)) => a.get_mut(*i),
            _ => None,
        };
        match next {
            Some(n) => cur = n,
            None => return false,
        }
    }
    match (last, cur) {
        (Seg::Key(k), Value::Object(m)) => {
            match new {
                Some(n) => {
                    m.insert(k.clone(), n);
                }
                None => {
                    m.remove(k);
                }
            }
            true
        }
        (Seg::Index(i), Value::Array(a)) => match (a.get_mut(*i), new) {
            (Some(slot), Some(n)) => {
                *slot = n;
                true
            }
            (Some(_), None) => {
                a.remove(*i);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// The text between a prefix's backtick and the next backtick.
fn backticked(msg: &str, prefix: &str) -> Option<String> {
    let rest = msg.strip_prefix(prefix)?;
    let end = rest.find('`')?;
    Some(rest[..end].to_owned())
}

/// The backticked names after "expected one of" / "expected".
fn expected_names(msg: &str) -> Vec<String> {
    let Some(pos) = msg.find(", expected") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut rest = &msg[pos..];
    while let Some(a) = rest.find('`') {
        let after = &rest[a + 1..];
        let Some(b) = after.find('`') else { break };
        out.push(after[..b].to_owned());
        rest = &after[b + 1..];
    }
    out
}

fn first_variant(msg: &str) -> Option<String> {
    if msg.starts_with("unknown variant `") {
        expected_names(msg).into_iter().next()
    } else {
        None
    }
}

/// Edit distance (for "did you mean").
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            let del = prev[j + 1] + 1;
            let ins = cur[j] + 1;
            cur.push(sub.min(del).min(ins));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The candidate closest to `word`, when it is close enough to be a typo.
pub(crate) fn suggest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = distance(&w, &c.to_lowercase());
        let allowed = (c.chars().count().max(3)) / 3;
        if d <= allowed.max(1) && best.map_or(true, |(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A name from the input, cut to 60 characters for messages.
pub(crate) fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        let head: String = s.chars().take(57).collect();
        format!("{head}...")
    } else {
        s.to_owned()
    }
}

/// "unknown field" with a suggestion.
pub(crate) fn unknown_field_message(name: &str, known: &[&str]) -> String {
    match suggest(name, known.iter().copied()) {
        Some(s) => format!("unknown field `{}` (did you mean `{s}`?)", clip(name)),
        None => format!("unknown field `{}`", clip(name)),
    }
}

/// Rewrite a serde / serde_json message in plain words.
pub(crate) fn rewrite(raw: &str) -> String {
    let msg = strip_position(raw);
    if let Some(name) = backticked(msg, "unknown field `") {
        let known = expected_names(msg);
        return unknown_field_message(&name, &known.iter().map(String::as_str).collect::<Vec<_>>());
    }
    if msg == "number out of range" {
        return "number out of range (not a finite number)".to_owned();
    }
    if msg.starts_with("missing field `") {
        return "missing required field".to_owned();
    }
    if let Some(name) = backticked(msg, "unknown variant `") {
        let known = expected_names(msg);
        if let Some(s) = suggest(&name, known.iter().map(String::as_str)) {
            return format!("unknown value `{}` (did you mean `{s}`?)", clip(&name));
        }
        let list = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        return format!("unknown value `{}` (expected one of {list})", clip(&name));
    }
    if msg.starts_with("data did not match any variant of untagged enum") {
        return "expected a number or a list of numbers".to_owned();
    }
    for prefix in ["invalid type: ", "invalid value: "] {
        if let Some(rest) = msg.strip_prefix(prefix) {
            if let Some(pos) = rest.rfind(", expected ") {
                let got = describe_unexpected(&rest[..pos]);
                let expected = describe_expected(&rest[pos + ", expected ".len()..]);
                return format!("expected {expected}, got {got}");
            }
        }
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        if let Some(pos) = rest.find(", expected ") {
            return format!(
                "expected {}, got {} items",
                describe_expected(&rest[pos + ", expected ".len()..]),
                &rest[..pos]
            );
        }
    }
    lower_first(msg)
}

/// serde_json appends " at line N column M"; locations carry that.
fn strip_position(msg: &str) -> &str {
    match msg.rfind(" at line ") {
        Some(pos) if msg[pos..].contains(" column ") => &msg[..pos],
        _ => msg,
    }
}

fn describe_expected(e: &str) -> String {
    match e.trim() {
        "f64" | "f32" => "a number".into(),
        "u8" => "a whole number from 0 to 255".into(),
        "u16" | "u32" | "u64" | "usize" => "a whole number, 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a boolean" | "bool" => "true or false".into(),
        "a sequence" => "a list".into(),
        "a map" => "an object".into(),
        "a string" | "string" => "a string".into(),
        other if other.starts_with("struct ") => "an object".into(),
        other if other.starts_with("enum ") => "one of the allowed values".into(),
        other => other.to_owned(),
    }
}

fn describe_unexpected(u: &str) -> String {
    let u = u.trim();
    if let Some(s) = u.strip_prefix("string ") {
        return format!("the string {}", shorten(s));
    }
    for p in ["integer ", "floating point ", "boolean "] {
        if let Some(s) = u.strip_prefix(p) {
            return s.trim_matches('`').to_owned();
        }
    }
    match u {
        "sequence" => "a list".into(),
        "map" => "an object".into(),
        "unit value" | "null" => "null".into(),
        other => other.to_owned(),
    }
}

fn shorten(s: &str) -> String {
    if s.chars().count() > 40 {
        let head: String = s.chars().take(37).collect();
        format!("{head}...\"")
    } else {
        s.to_owned()
    }
}

/// A JSON value's kind in words, for "expected a list, got ...".
pub(crate) fn kind_of(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("the string {}", shorten(&format!("{s:?}"))),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Entity, Service};
    use serde_json::json;

    fn errs<T: DeserializeOwned + std::fmt::Debug>(v: Value) -> Vec<(String, String)> {
        entry::<T>(&v)
            .unwrap_err()
            .into_iter()
            .map(|e| (path_string(&e.path), e.message))
            .collect()
    }

    #[test]
    fn reports_every_problem_of_an_entry() {
        let got = errs::<Service>(json!({
            "id": "a", "levl": 3, "demand": "many", "kpis": {"user_satisfaction": "x"},
            "depends_on": ["b", 7]
        }));
        assert_eq!(
            got,
            vec![
                (
                    "demand".into(),
                    "expected a number, got the string \"many\"".into()
                ),
                ("depends_on[1]".into(), "expected a string, got 7".into()),
                (
                    "kpis.user_satisfaction".into(),
                    "expected a number, got the string \"x\"".into()
                ),
                (
                    "levl".into(),
                    "unknown field `levl` (did you mean `level`?)".into()
                ),
                ("entity".into(), "missing required field".into()),
                ("level".into(), "missing required field".into()),
            ]
        );
    }

    #[test]
    fn capacity_and_ranges() {
        assert_eq!(
            errs::<Entity>(json!({"id": "e", "capacity": "lots"})),
            vec![(
                "capacity".into(),
                "expected a number or a list of numbers".into()
            )]
        );
        assert_eq!(
            errs::<Service>(json!({"id": "a", "entity": "e", "level": 300})),
            vec![(
                "level".into(),
                "expected a whole number from 0 to 255, got 300".into()
            )]
        );
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("levl", ["level", "id"]), Some("level"));
        assert_eq!(suggest("zzzzzz", ["level", "id"]), None);
        assert_eq!(
            rewrite("unknown variant `availble`, expected `available` or `missing`"),
            "unknown value `availble` (did you mean `available`?)"
        );
        assert_eq!(
            rewrite("unknown variant `gone`, expected `available` or `missing`"),
            "unknown value `gone` (expected one of `available`, `missing`)"
        );
    }
}
