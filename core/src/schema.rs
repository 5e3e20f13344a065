//! JSON Schemas of the catalogue, scenario and roadmap documents, generated
//! from the types with schemars. The same schemas are shipped in the
//! repository under `schema/` (a test keeps them equal).

use crate::model::{Catalogue, Roadmap, Scenario};

fn render(mut schema: schemars::Schema, id: &str) -> String {
    schema.insert(
        "$id".to_owned(),
        serde_json::Value::String(format!("https://scaleplan.invalid/schema/{id}.schema.json")),
    );
    // serializing a schema (a JSON value) cannot fail
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

/// JSON Schema of the catalogue document (FORMAT.md).
///
/// # Examples
/// ```
/// let s = scaleplan::schema::catalogue_schema();
/// assert!(s.contains("\"start_year\""));
/// ```
pub fn catalogue_schema() -> String {
    render(schemars::schema_for!(Catalogue), "catalogue")
}

/// JSON Schema of the scenario document.
///
/// # Examples
/// ```
/// assert!(scaleplan::schema::scenario_schema().contains("\"horizon\""));
/// ```
pub fn scenario_schema() -> String {
    render(schemars::schema_for!(Scenario), "scenario")
}

/// JSON Schema of the roadmap document.
///
/// # Examples
/// ```
/// assert!(scaleplan::schema::roadmap_schema().contains("\"status\""));
/// ```
pub fn roadmap_schema() -> String {
    render(schemars::schema_for!(Roadmap), "roadmap")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shipped files equal the generated schemas. To regenerate after
    /// a model change: `SCALEPLAN_BLESS=1 cargo test -p scaleplan --lib schema`.
    #[test]
    fn shipped_schemas_are_current() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
        let bless = std::env::var_os("SCALEPLAN_BLESS").is_some();
        for (name, text) in [
            ("catalogue", catalogue_schema()),
            ("scenario", scenario_schema()),
            ("roadmap", roadmap_schema()),
        ] {
            let path = dir.join(format!("{name}.schema.json"));
            if bless {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            }
            let shipped = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                shipped == text,
                "{} is out of date: run SCALEPLAN_BLESS=1 cargo test -p scaleplan --lib schema",
                path.display()
            );
        }
    }

    #[test]
    fn catalogue_schema_rejects_unknown_fields_and_knows_levels() {
        let v: serde_json::Value = serde_json::from_str(&catalogue_schema()).unwrap();
        assert_eq!(v["additionalProperties"], serde_json::Value::Bool(false));
        let required = v["required"].as_array().unwrap();
        assert!(required.iter().any(|r| r == "format"));
        assert!(required.iter().any(|r| r == "start_year"));
    }
}
