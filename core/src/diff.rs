//! What changed between two versions of a catalogue: entries added,
//! removed and changed in every list (field by field), with service level
//! changes called out.

use crate::model::Catalogue;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

/// One field that differs. A field absent on one side is `null` there.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Field name (`demand`, `kpis.user_satisfaction`, `options`).
    pub field: String,
    /// Value in the old catalogue.
    pub old: Value,
    /// Value in the new catalogue.
    pub new: Value,
}

/// An entry present in both catalogues whose fields differ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryChange {
    /// The entry's id.
    pub id: String,
    /// Every field that differs.
    pub fields: Vec<FieldChange>,
}

/// Differences in one list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ListDiff {
    /// Ids only in the new catalogue (in its order).
    pub added: Vec<String>,
    /// Ids only in the old catalogue (in its order).
    pub removed: Vec<String>,
    /// Entries in both that differ (in the new catalogue's order).
    pub changed: Vec<EntryChange>,
}

impl ListDiff {
    /// True when nothing changed in the list.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A service whose digitisation level changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelChange {
    /// Service id.
    pub id: String,
    /// Level in the old catalogue.
    pub old: u8,
    /// Level in the new catalogue.
    pub new: u8,
}

/// Everything that changed from one catalogue version to the next.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CatalogueDiff {
    /// `version` of the old catalogue.
    pub old_version: String,
    /// `version` of the new catalogue.
    pub new_version: String,
    /// Top-level fields that differ (format, name, version, start_year).
    pub fields: Vec<FieldChange>,
    /// Entities (ministries, agencies).
    pub entities: ListDiff,
    /// Building blocks (status and options).
    pub building_blocks: ListDiff,
    /// Systems catalogue.
    pub systems: ListDiff,
    /// Generic workflows.
    pub workflows: ListDiff,
    /// Services.
    pub services: ListDiff,
    /// Life events.
    pub life_events: ListDiff,
    /// Policies of the regulatory framework.
    pub policies: ListDiff,
    /// Services present in both whose `level` changed (up or down).
    pub level_changes: Vec<LevelChange>,
}

impl CatalogueDiff {
    /// True when the catalogues are the same.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.lists().iter().all(|(_, l)| l.is_empty())
    }

    /// The lists by name, in FORMAT.md order.
    pub fn lists(&self) -> [(&'static str, &ListDiff); 7] {
        [
            ("entities", &self.entities),
            ("building_blocks", &self.building_blocks),
            ("systems", &self.systems),
            ("workflows", &self.workflows),
            ("services", &self.services),
            ("life_events", &self.life_events),
            ("policies", &self.policies),
        ]
    }

    /// One line per change, for people (`+ services: new-id`,
    /// `~ services: a: level 2 -> 3`).
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.fields {
            out.push(format!(
                "~ {}: {} -> {}",
                f.field,
                show(&f.old),
                show(&f.new)
            ));
        }
        for l in &self.level_changes {
            let word = if l.new > l.old { "up" } else { "down" };
            out.push(format!(
                "^ services: {}: level {} -> {} ({word})",
                l.id, l.old, l.new
            ));
        }
        for (name, l) in self.lists() {
            for id in &l.added {
                out.push(format!("+ {name}: {id}"));
            }
            for id in &l.removed {
                out.push(format!("- {name}: {id}"));
            }
            for c in &l.changed {
                for f in &c.fields {
                    out.push(format!(
                        "~ {name}: {}: {} {} -> {}",
                        c.id,
                        f.field,
                        show(&f.old),
                        show(&f.new)
                    ));
                }
            }
        }
        out
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::Null => "(none)".to_owned(),
        Value::String(s) => format!("{s:?}"),
        other => other.to_string(),
    }
}

/// Flatten an entry to field -> value (nested objects as dotted names).
fn fields_of(v: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    if let Value::Object(m) = v {
        for (k, val) in m {
            match val {
                Value::Object(inner) => {
                    for (k2, v2) in inner {
                        out.insert(format!("{k}.{k2}"), v2.clone());
                    }
                }
                other => {
                    out.insert(k.clone(), other.clone());
                }
            }
        }
    }
    out
}

fn field_changes(old: &Value, new: &Value) -> Vec<FieldChange> {
    let a = fields_of(old);
    let b = fields_of(new);
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|k| {
            let o = a.get(k).cloned().unwrap_or(Value::Null);
            let n = b.get(k).cloned().unwrap_or(Value::Null);
            (o != n).then(|| FieldChange {
                field: k.clone(),
                old: o,
                new: n,
            })
        })
        .collect()
}

fn list_diff<T: Serialize>(old: &[T], new: &[T], id: impl Fn(&T) -> &str) -> ListDiff {
    let to_value = |t: &T| serde_json::to_value(t).unwrap_or(Value::Null);
    let mut old_by_id: HashMap<&str, &T> = HashMap::new();
    for t in old {
        old_by_id.entry(id(t)).or_insert(t);
    }
    let mut new_by_id: HashMap<&str, &T> = HashMap::new();
    for t in new {
        new_by_id.entry(id(t)).or_insert(t);
    }
    let mut d = ListDiff::default();
    for t in new {
        let k = id(t);
        if new_by_id
            .get(k)
            .is_some_and(|first| !std::ptr::eq(*first, t))
        {
            continue; // a repeated id: compared once
        }
        match old_by_id.get(k) {
            None => d.added.push(k.to_owned()),
            Some(o) => {
                let fields = field_changes(&to_value(o), &to_value(t));
                if !fields.is_empty() {
                    d.changed.push(EntryChange {
                        id: k.to_owned(),
                        fields,
                    });
                }
            }
        }
    }
    for t in old {
        let k = id(t);
        if !new_by_id.contains_key(k) && !d.removed.iter().any(|r| r == k) {
            d.removed.push(k.to_owned());
        }
    }
    d
}

/// What changed from `old` to `new`.
///
/// # Examples
/// ```
/// use scaleplan::{Catalogue, Service};
/// let old = Catalogue::default();
/// let mut new = old.clone();
/// new.services.push(Service::new("passport", "moi", 2));
/// let d = scaleplan::diff::diff(&old, &new);
/// assert_eq!(d.services.added, vec!["passport".to_string()]);
/// assert_eq!(d.lines(), vec!["+ services: passport"]);
/// ```
pub fn diff(old: &Catalogue, new: &Catalogue) -> CatalogueDiff {
    let mut fields = Vec::new();
    let top = |c: &Catalogue| serde_json::json!({"format": c.format, "name": c.name, "version": c.version, "start_year": c.start_year});
    fields.extend(field_changes(&top(old), &top(new)));
    let services = list_diff(&old.services, &new.services, |s| s.id.as_str());
    let mut level_changes = Vec::new();
    for c in &services.changed {
        if c.fields.iter().any(|f| f.field == "level") {
            let o = old.service(&c.id).map(|s| s.level);
            let n = new.service(&c.id).map(|s| s.level);
            if let (Some(o), Some(n)) = (o, n) {
                level_changes.push(LevelChange {
                    id: c.id.clone(),
                    old: o,
                    new: n,
                });
            }
        }
    }
    CatalogueDiff {
        old_version: old.version.clone(),
        new_version: new.version.clone(),
        fields,
        entities: list_diff(&old.entities, &new.entities, |e| e.id.as_str()),
        building_blocks: list_diff(&old.building_blocks, &new.building_blocks, |b| {
            b.id.as_str()
        }),
        systems: list_diff(&old.systems, &new.systems, |s| s.id.as_str()),
        workflows: list_diff(&old.workflows, &new.workflows, |w| w.id.as_str()),
        services,
        life_events: list_diff(&old.life_events, &new.life_events, |l| l.id.as_str()),
        policies: list_diff(&old.policies, &new.policies, |p| p.id.as_str()),
        level_changes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;

    fn cat() -> Catalogue {
        let mut c = Catalogue {
            version: "v1".into(),
            ..Catalogue::default()
        };
        c.services.push(Service::new("a", "moh", 2));
        c.services.push(Service::new("b", "moh", 1));
        c.building_blocks.push(BuildingBlock {
            id: "pay".into(),
            name: "Payments".into(),
            status: BlockStatus::Missing,
            options: Vec::new(),
        });
        c.policies.push(Policy {
            id: "dsds".into(),
            name: String::new(),
            kind: PolicyKind::DigitalServiceStandard,
            status: PolicyStatus::Draft,
        });
        c
    }

    #[test]
    fn same_catalogue_no_diff() {
        assert!(diff(&cat(), &cat()).is_empty());
    }

    #[test]
    fn finds_added_removed_changed_and_levels() {
        let old = cat();
        let mut new = cat();
        new.version = "v2".into();
        new.services[0].level = 3;
        new.services[0].kpis.user_satisfaction = Some(0.8);
        new.services.remove(1);
        new.services.push(Service::new("c", "moh", 1));
        new.building_blocks[0].status = BlockStatus::Available;
        new.policies[0].status = PolicyStatus::InForce;
        let d = diff(&old, &new);
        assert_eq!(d.old_version, "v1");
        assert_eq!(d.new_version, "v2");
        assert_eq!(d.services.added, vec!["c"]);
        assert_eq!(d.services.removed, vec!["b"]);
        assert_eq!(
            d.level_changes,
            vec![LevelChange {
                id: "a".into(),
                old: 2,
                new: 3
            }]
        );
        assert_eq!(
            d.lines(),
            vec![
                "~ version: \"v1\" -> \"v2\"",
                "^ services: a: level 2 -> 3 (up)",
                "~ building_blocks: pay: status \"missing\" -> \"available\"",
                "+ services: c",
                "- services: b",
                "~ services: a: kpis.user_satisfaction (none) -> 0.8",
                "~ services: a: level 2 -> 3",
                "~ policies: dsds: status \"draft\" -> \"in_force\"",
            ]
        );
        // the diff is plain JSON
        let v = serde_json::to_value(&d).unwrap();
        assert_eq!(v["services"]["added"][0], "c");
    }
}
