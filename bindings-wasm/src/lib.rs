//! WebAssembly bindings of scaleplan: plain JS objects in, plain JS objects
//! out, in the shapes of the interchange format (FORMAT.md).
//!
//! Every function converts and calls the core library; no rule lives here.
//! Inputs are read by the same readers as the command line (so error
//! messages are the same lines), validated before anything else touches
//! them, and every error becomes a JS `Error` named `ScaleplanError` with the
//! located problems in `.problems`. The core never panics on input; a panic
//! here would be a trap (the wasm build aborts on panic), which is why
//! nothing is planned, scored or reported before it validated.

use scaleplan::io::Limits;
use scaleplan::plan::{Backend, Planner, Progress};
use scaleplan::{Catalogue, Error, Location, Problem, Roadmap, Scenario, ValidationErrors};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

// JSON.stringify turns NaN and the infinities into `null`; keep them
// visible (as the strings "NaN", "Infinity") so the reader's message says
// what was given instead of "got null".
#[wasm_bindgen(inline_js = "export function to_json(value) {
  return JSON.stringify(value, (_key, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
}")]
extern "C" {
    #[wasm_bindgen(catch)]
    fn to_json(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// Runs when the module is instantiated: a panic (a bug: none is expected)
/// is written to the console before the module traps, so it can be reported.
#[wasm_bindgen(start, skip_typescript)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "scaleplan: internal error (please report): {info}"
        ));
    }));
}

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

type JsResult<T> = Result<T, JsValue>;

/// A JS `Error` named `ScaleplanError`, with `kind` and `problems`.
fn js_error(err: &Error) -> JsValue {
    let kind = match err {
        Error::Invalid(_) => "invalid",
        Error::Limit(_) => "limit",
        Error::Io { .. } => "io",
        Error::Solver(_) => "solver",
        Error::Interrupted => "interrupted",
        _ => "error",
    };
    make_error(&err.to_string(), kind, &err.problems())
}

fn make_error(message: &str, kind: &str, problems: &[Problem]) -> JsValue {
    let e = js_sys::Error::new(message);
    e.set_name("ScaleplanError");
    let problems = to_js(&problems).unwrap_or_else(|_| js_sys::Array::new().into());
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&e, &"kind".into(), &kind.into());
    let _ = js_sys::Reflect::set(&e, &"problems".into(), &problems);
    e.into()
}

/// An input error at `document` (and `field`), when the value is not even
/// of the right JS type.
fn invalid(document: &str, field: Option<&str>, message: impl Into<String>) -> JsValue {
    let mut loc = Location::document(document);
    if let Some(f) = field {
        loc = loc.field(f);
    }
    js_error(&Error::Invalid(ValidationErrors::new(vec![Problem::new(
        loc, message,
    )])))
}

/// A Rust value as a plain JS value: maps as objects, `None` as `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsResult<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| make_error(&format!("internal error: {e}"), "error", &[]))
}

fn js_kind(value: &JsValue) -> String {
    if value.is_undefined() {
        "undefined".into()
    } else if value.is_null() {
        "null".into()
    } else if js_sys::Array::is_array(value) {
        "an array".into()
    } else {
        match value.js_typeof().as_string().as_deref() {
            Some("object") => "an object".into(),
            Some(t) => format!("a {t}"),
            None => "a value".into(),
        }
    }
}

/// The JSON text of a document given as a JS object or as JSON text.
///
/// Objects go through `JSON.stringify`, so a cyclic, too deep or otherwise
/// unserialisable object is a JS error (caught), never a trap, and the text
/// is then read by the same reader as a file, under the same limits.
fn document_text(value: &JsValue, document: &str, what: &str) -> JsResult<String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(invalid(
            document,
            None,
            format!(
                "expected {what} (an object or JSON text), got {}",
                js_kind(value)
            ),
        ));
    }
    match to_json(value) {
        Ok(text) => text.as_string().ok_or_else(|| {
            invalid(
                document,
                None,
                format!("expected {what}, got {}", js_kind(value)),
            )
        }),
        Err(e) => {
            let why = e
                .dyn_ref::<js_sys::Error>()
                .and_then(|e| e.message().as_string())
                .unwrap_or_else(|| "not serialisable".into());
            Err(invalid(
                document,
                None,
                format!("{what} cannot be read as JSON: {}", lower_first(&why)),
            ))
        }
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

fn read_catalogue(value: &JsValue) -> JsResult<Catalogue> {
    let text = document_text(value, "catalogue", "a catalogue")?;
    scaleplan::io::catalogue_from_json(&text, "catalogue").map_err(|e| js_error(&e))
}

/// `options.document`: a non-empty string, when given.
fn document_option(options: &JsValue) -> JsResult<Option<String>> {
    let d = get(options, "document");
    if d.is_undefined() || d.is_null() {
        return Ok(None);
    }
    match d.as_string() {
        Some(name) if !name.is_empty() => Ok(Some(name)),
        Some(_) => Err(invalid(
            "options",
            Some("document"),
            "expected a non-empty string, got an empty one",
        )),
        None => Err(invalid(
            "options",
            Some("document"),
            format!("expected a string, got {}", js_kind(&d)),
        )),
    }
}

/// `{document?, limits?}`: the name errors give the input (e.g. its file
/// name) and the reader's limits.
fn read_options(options: &JsValue, default_document: &str) -> JsResult<(String, Limits)> {
    let mut document = default_document.to_owned();
    let mut limits = Limits::default();
    if options.is_undefined() || options.is_null() {
        return Ok((document, limits));
    }
    option_keys(options, "options", &["document", "limits"])?;
    if let Some(name) = document_option(options)? {
        document = name;
    }
    let l = get(options, "limits");
    if !(l.is_undefined() || l.is_null()) {
        limits = read_numbers(&l, "limits", "limits")?;
    }
    Ok((document, limits))
}

fn read_named_catalogue(value: &JsValue, document: &str) -> JsResult<Catalogue> {
    let text = document_text(value, document, "a catalogue")?;
    scaleplan::io::catalogue_from_json(&text, document).map_err(|e| js_error(&e))
}

/// A scenario (or the default one when `undefined`/`null`), validated
/// against the catalogue it will be planned with.
fn read_scenario(value: &JsValue, catalogue: &Catalogue) -> JsResult<Scenario> {
    let scenario = if value.is_undefined() || value.is_null() {
        Scenario::default()
    } else {
        let text = document_text(value, "scenario", "a scenario")?;
        scaleplan::io::scenario_from_json(&text, "scenario").map_err(|e| js_error(&e))?
    };
    scaleplan::validate::validate_scenario(&scenario, catalogue)
        .map_err(|e| js_error(&Error::Invalid(e)))?;
    Ok(scenario)
}

fn read_roadmap(value: &JsValue) -> JsResult<Roadmap> {
    let text = document_text(value, "roadmap", "a roadmap")?;
    scaleplan::io::roadmap_from_json(&text, "roadmap").map_err(|e| js_error(&e))
}

/// The own enumerable keys of an options object (error for anything else).
fn option_keys(options: &JsValue, document: &str, known: &[&str]) -> JsResult<()> {
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(invalid(
            document,
            None,
            format!("expected an object, got {}", js_kind(options)),
        ));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    let mut problems = Vec::new();
    for key in js_sys::Object::keys(object).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            problems.push(Problem::new(
                Location::document(document).field(key.clone()),
                format!(
                    "unknown field `{key}`, expected one of {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(js_error(&Error::Invalid(ValidationErrors::new(problems))))
    }
}

fn get(options: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// An optional number option: finite and >= 0.
fn number_option(options: &JsValue, document: &str, key: &str) -> JsResult<Option<f64>> {
    let v = get(options, key);
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
        Some(x) => Err(invalid(
            document,
            Some(key),
            format!("expected a non-negative finite number, got {x}"),
        )),
        None => Err(invalid(
            document,
            Some(key),
            format!("expected a number, got {}", js_kind(&v)),
        )),
    }
}

// ---------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------

/// The version of scaleplan.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// The bundled sample catalogue (a fictional country) and a scenario to plan
/// it with.
///
/// @throws {ScaleplanError} never in practice (the sample is valid).
#[wasm_bindgen(unchecked_return_type = "Sample")]
pub fn sample() -> JsResult<JsValue> {
    #[derive(Serialize)]
    struct Sample {
        catalogue: Catalogue,
        scenario: Scenario,
    }
    to_js(&Sample {
        catalogue: scaleplan::sample::catalogue(),
        scenario: scaleplan::sample::scenario(),
    })
}

/// A synthetic, valid catalogue and scenario of the given size (seeded and
/// deterministic), e.g. `generate({services: 500, years: 5})`.
///
/// @throws {ScaleplanError} when an option is not a non-negative number.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript)]
pub fn generate(
    #[wasm_bindgen(unchecked_param_type = "GenerateOptions")] options: Option<JsValue>,
) -> JsResult<JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    generate_impl(options)
}

fn generate_impl(options: JsValue) -> JsResult<JsValue> {
    use scaleplan::generate::GeneratorConfig;
    #[derive(Serialize)]
    struct Sample {
        catalogue: Catalogue,
        scenario: Scenario,
    }
    let doc = "options";
    let mut config = GeneratorConfig::default();
    if !(options.is_undefined() || options.is_null()) {
        let known = [
            "services",
            "years",
            "blocks",
            "entities",
            "life_events",
            "seed",
        ];
        option_keys(&options, doc, &known)?;
        let count = |key: &str, max: f64| -> JsResult<Option<f64>> {
            match number_option(&options, doc, key)? {
                Some(x) if x.fract() != 0.0 || x > max => Err(invalid(
                    doc,
                    Some(key),
                    format!("expected a whole number up to {max}, got {x}"),
                )),
                other => Ok(other),
            }
        };
        if let Some(n) = count("services", 100_000.0)? {
            config = GeneratorConfig {
                seed: config.seed,
                ..GeneratorConfig::sized(n as usize)
            };
        }
        if let Some(n) = count("years", 50.0)? {
            config.years = (n as u32).max(1);
        }
        if let Some(n) = count("blocks", 1_000.0)? {
            config.blocks = n as usize;
        }
        if let Some(n) = count("entities", 10_000.0)? {
            config.entities = n as usize;
        }
        if let Some(n) = count("life_events", 10_000.0)? {
            config.life_events = n as usize;
        }
        if let Some(n) = count("seed", 9_007_199_254_740_991.0)? {
            config.seed = n as u64;
        }
    }
    let (catalogue, scenario) = scaleplan::generate::generate(&config);
    to_js(&Sample {
        catalogue,
        scenario,
    })
}

/// Read and validate a catalogue (an object or JSON text): returns it with
/// every default filled in. `options.document` names the input in error
/// messages (default `catalogue`; give the file name of an upload);
/// `options.limits` overrides the reader's limits.
///
/// @throws {ScaleplanError} listing every problem found, each with its list,
/// index, id and field (`error.problems`).
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript)]
pub fn validate(catalogue: JsValue, options: Option<JsValue>) -> JsResult<JsValue> {
    let (document, limits) = read_options(&options.unwrap_or(JsValue::UNDEFINED), "catalogue")?;
    let text = document_text(&catalogue, &document, "a catalogue")?;
    let catalogue = scaleplan::io::catalogue_from_json_with(&text, &document, &limits)
        .map_err(|e| js_error(&e))?;
    to_js(&catalogue)
}

/// Read a catalogue from the bytes of an XLSX workbook: scaleplan's own
/// layout (one sheet per list) or a GovStack RFI-2 workbook as countries
/// fill it in. `options.document` names it in errors (e.g. the uploaded
/// file's name; default `catalogue.xlsx`).
///
/// @throws {ScaleplanError} naming sheet, row and column of every problem;
/// `kind: "limit"` for a workbook too large once decompressed (zip bombs).
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript, js_name = fromXlsx)]
pub fn from_xlsx(bytes: &[u8], options: Option<JsValue>) -> JsResult<JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let mut document = "catalogue.xlsx".to_owned();
    if !(options.is_undefined() || options.is_null()) {
        option_keys(&options, "options", &["document"])?;
        if let Some(name) = document_option(&options)? {
            document = name;
        }
    }
    let catalogue =
        scaleplan::io::catalogue_from_xlsx_bytes(bytes, &document).map_err(|e| js_error(&e))?;
    to_js(&catalogue)
}

/// Read and validate a scenario (an object or JSON text): returns it with
/// every default filled in. With `options.catalogue`, also checks it
/// against that catalogue (target years within the horizon, ...).
///
/// @throws {ScaleplanError} listing every problem found.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript, js_name = validateScenario)]
pub fn validate_scenario(scenario: JsValue, options: Option<JsValue>) -> JsResult<JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let mut document = "scenario".to_owned();
    let mut catalogue = None;
    if !(options.is_undefined() || options.is_null()) {
        option_keys(&options, "options", &["document", "catalogue"])?;
        if let Some(name) = document_option(&options)? {
            document = name;
        }
        let c = get(&options, "catalogue");
        if !(c.is_undefined() || c.is_null()) {
            catalogue = Some(read_catalogue(&c)?);
        }
    }
    let text = document_text(&scenario, &document, "a scenario")?;
    let scenario = scaleplan::io::scenario_from_json(&text, &document).map_err(|e| js_error(&e))?;
    if let Some(catalogue) = &catalogue {
        scaleplan::validate::validate_scenario(&scenario, catalogue)
            .map_err(|e| js_error(&Error::Invalid(e)))?;
    }
    to_js(&scenario)
}

/// Read a catalogue from CSV tables given as text, one per file name
/// (`{"catalogue.csv": "...", "services.csv": "...", ...}`), e.g. from a
/// browser upload: the same rules as a folder of CSV files on the command
/// line (FORMAT.md). Errors name the file, row and column.
///
/// @throws {ScaleplanError} listing every problem found.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript, js_name = fromCsv)]
pub fn from_csv(files: JsValue, options: Option<JsValue>) -> JsResult<JsValue> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let mut limits = Limits::default();
    if !(options.is_undefined() || options.is_null()) {
        option_keys(&options, "options", &["limits"])?;
        let l = get(&options, "limits");
        if !(l.is_undefined() || l.is_null()) {
            limits = read_numbers(&l, "limits", "limits")?;
        }
    }
    if !files.is_object() || js_sys::Array::is_array(&files) {
        return Err(invalid(
            "files",
            None,
            format!(
                "expected an object of CSV texts by file name, got {}",
                js_kind(&files)
            ),
        ));
    }
    let object: &js_sys::Object = files.unchecked_ref();
    let mut texts = std::collections::BTreeMap::new();
    let mut problems = Vec::new();
    for entry in js_sys::Object::entries(object).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let name = pair.get(0).as_string().unwrap_or_default();
        let text = pair.get(1);
        match text.as_string() {
            Some(t) => {
                texts.insert(name, t);
            }
            None => problems.push(Problem::new(
                Location::document(name),
                format!("expected the CSV text, got {}", js_kind(&text)),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(js_error(&Error::Invalid(ValidationErrors::new(problems))));
    }
    let catalogue =
        scaleplan::io::csv::catalogue_from_csv_texts(&texts, &limits).map_err(|e| js_error(&e))?;
    to_js(&catalogue)
}

thread_local! {
    /// The JS progress callback of the running solve (wasm is single
    /// threaded; the core wants a `Send` callback, so it reaches the JS
    /// function through here), and what it threw, if it threw.
    static PROGRESS: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static THROWN: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// Installs a solve's progress callback and, when the solve ends however it
/// ends, puts back the one before it (a callback may itself call `plan`).
struct ProgressGuard {
    previous: Option<js_sys::Function>,
    thrown: Option<JsValue>,
}
impl ProgressGuard {
    fn install(callback: Option<js_sys::Function>) -> Self {
        ProgressGuard {
            previous: PROGRESS.with(|p| p.replace(callback)),
            thrown: THROWN.with(|t| t.borrow_mut().take()),
        }
    }
}
impl Drop for ProgressGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        PROGRESS.with(|p| *p.borrow_mut() = previous);
        let thrown = self.thrown.take();
        THROWN.with(|t| *t.borrow_mut() = thrown);
    }
}

fn report_progress(progress: &Progress) -> bool {
    let callback = PROGRESS.with(|p| p.borrow().clone());
    let Some(callback) = callback else {
        return true;
    };
    let Ok(arg) = to_js(progress) else {
        return true;
    };
    match callback.call1(&JsValue::NULL, &arg) {
        // `false` stops the solve; anything else (undefined, true) goes on.
        Ok(v) => v.as_bool() != Some(false),
        // A throwing callback stops the solve; `plan` rethrows what it threw.
        Err(e) => {
            THROWN.with(|t| *t.borrow_mut() = Some(e));
            false
        }
    }
}

/// Plan a catalogue: which service reaches its target in which year, and
/// which missing block is acquired how and when (MODEL.md).
///
/// `scenario` defaults to FORMAT.md's defaults (5 years, unlimited budget).
/// In the browser the solve uses scaleplan's heuristic plan improved by the
/// pure-Rust MILP solver; `status`, `bound` and `gap` say honestly how far
/// from proven the plan is. An infeasible scenario is not an error: the
/// roadmap has status `infeasible` and a `diagnosis`.
///
/// @throws {ScaleplanError} when the catalogue, scenario or options are
/// invalid, or the solver fails.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript)]
pub fn plan(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Scenario | string")] scenario: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "PlanOptions")] options: Option<JsValue>,
) -> JsResult<JsValue> {
    let scenario = scenario.unwrap_or(JsValue::UNDEFINED);
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let catalogue = read_catalogue(&catalogue)?;
    let scenario = read_scenario(&scenario, &catalogue)?;
    let doc = "options";
    let mut backend = Backend::Microlp;
    let mut time_limit = None;
    let mut mip_gap = None;
    let mut callback = None;
    if !(options.is_undefined() || options.is_null()) {
        option_keys(
            &options,
            doc,
            &["backend", "time_limit_s", "mip_gap", "progress"],
        )?;
        let b = get(&options, "backend");
        if !(b.is_undefined() || b.is_null()) {
            backend = match b.as_string().as_deref() {
                Some("microlp") => Backend::Microlp,
                Some("heuristic") => Backend::Heuristic,
                Some(other) => {
                    return Err(invalid(
                        doc,
                        Some("backend"),
                        format!("unknown backend `{other}`, expected `microlp` or `heuristic`"),
                    ))
                }
                None => {
                    return Err(invalid(
                        doc,
                        Some("backend"),
                        format!("expected a string, got {}", js_kind(&b)),
                    ))
                }
            };
        }
        time_limit = number_option(&options, doc, "time_limit_s")?;
        if time_limit == Some(0.0) {
            return Err(invalid(
                doc,
                Some("time_limit_s"),
                "expected a positive number of seconds, got 0",
            ));
        }
        mip_gap = number_option(&options, doc, "mip_gap")?;
        let p = get(&options, "progress");
        if !(p.is_undefined() || p.is_null()) {
            match p.dyn_into::<js_sys::Function>() {
                Ok(f) => callback = Some(f),
                Err(p) => {
                    return Err(invalid(
                        doc,
                        Some("progress"),
                        format!("expected a function, got {}", js_kind(&p)),
                    ))
                }
            }
        }
    }
    let mut planner = Planner::new(&catalogue)
        .scenario(&scenario)
        .backend(backend);
    if let Some(t) = time_limit {
        planner = planner.time_limit(t);
    }
    if let Some(g) = mip_gap {
        planner = planner.mip_gap(g);
    }
    if callback.is_some() {
        planner = planner.on_progress(report_progress);
    }
    let _guard = ProgressGuard::install(callback);
    let result = planner.solve();
    if let Some(thrown) = THROWN.with(|t| t.borrow_mut().take()) {
        return Err(thrown);
    }
    to_js(&result.map_err(|e| js_error(&e))?)
}

/// Check a roadmap against every constraint of MODEL.md, independently of
/// the planner, and recompute its objective.
///
/// @throws {ScaleplanError} when an input is invalid.
#[wasm_bindgen(unchecked_return_type = "Verification")]
pub fn verify(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Scenario | string | null | undefined")]
    scenario: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Roadmap | string")] roadmap: JsValue,
) -> JsResult<JsValue> {
    let catalogue = read_catalogue(&catalogue)?;
    let scenario = read_scenario(&scenario, &catalogue)?;
    let roadmap = read_roadmap(&roadmap)?;
    let v = scaleplan::verify::verify(&catalogue, &scenario, &roadmap);
    to_js(&v)
}

/// Prioritisation scores of every service (impact x feasibility, with
/// their components).
///
/// @throws {ScaleplanError} when the catalogue or weights are invalid.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript)]
pub fn score(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ScoreWeights")] weights: Option<JsValue>,
) -> JsResult<JsValue> {
    let weights = weights.unwrap_or(JsValue::UNDEFINED);
    let catalogue = read_catalogue(&catalogue)?;
    let weights = if weights.is_undefined() || weights.is_null() {
        scaleplan::score::ScoreWeights::default()
    } else {
        read_numbers(&weights, "weights", "score weights")?
    };
    to_js(&scaleplan::score::score(&catalogue, &weights))
}

/// An object of numbers over the defaults of `T` (score weights, limits):
/// every field optional, unknown fields and non-numbers located at their
/// field in `doc`.
fn read_numbers<T: Serialize + serde::de::DeserializeOwned + Default>(
    value: &JsValue,
    doc: &str,
    what: &str,
) -> JsResult<T> {
    use serde_json::Value;
    let text = document_text(value, doc, what)?;
    let given: Value =
        serde_json::from_str(&text).map_err(|e| invalid(doc, None, lower_first(&e.to_string())))?;
    let Value::Object(given) = given else {
        return Err(invalid(doc, None, "expected an object of numbers"));
    };
    let defaults = serde_json::to_value(T::default())
        .map_err(|e| make_error(&format!("internal error: {e}"), "error", &[]))?;
    let Value::Object(mut merged) = defaults else {
        return Err(make_error("internal error: defaults", "error", &[]));
    };
    let known: Vec<String> = merged.keys().cloned().collect();
    let mut problems = Vec::new();
    for (key, v) in given {
        let loc = Location::document(doc).field(key.clone());
        if !merged.contains_key(&key) {
            let expected: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
            problems.push(Problem::new(
                loc,
                format!(
                    "unknown field `{key}`, expected one of {}",
                    expected.join(", ")
                ),
            ));
        } else if !v.is_number() {
            let kind = match &v {
                Value::Null => "null",
                Value::Bool(_) => "a boolean",
                Value::String(_) => "a string",
                Value::Array(_) => "a list",
                _ => "an object",
            };
            problems.push(Problem::new(loc, format!("expected a number, got {kind}")));
        } else {
            merged.insert(key, v);
        }
    }
    if !problems.is_empty() {
        return Err(js_error(&Error::Invalid(ValidationErrors::new(problems))));
    }
    // Whole-number fields given a fraction or a negative number end here.
    serde_json::from_value(Value::Object(merged)).map_err(|e| {
        invalid(
            doc,
            None,
            lower_first(&e.to_string())
                .replace("u64", "a whole number")
                .replace("usize", "a whole number"),
        )
    })
}

/// Gaps of a catalogue: missing building blocks with what they hold back
/// and candidate systems, and the readiness of the regulatory framework.
///
/// @throws {ScaleplanError} when the catalogue is invalid.
#[wasm_bindgen(unchecked_return_type = "Gaps")]
pub fn gaps(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
) -> JsResult<JsValue> {
    let catalogue = read_catalogue(&catalogue)?;
    to_js(&scaleplan::gaps::gaps(&catalogue))
}

/// The dashboard of a catalogue and its roadmap: one self-contained HTML
/// page (show it in a sandboxed iframe with `srcdoc`).
///
/// @throws {ScaleplanError} when an input is invalid.
// Declared in types.d.ts (optional parameters).
#[wasm_bindgen(skip_typescript)]
pub fn report(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Roadmap | string")] roadmap: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ReportOptions")] options: Option<JsValue>,
) -> JsResult<String> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let catalogue = read_catalogue(&catalogue)?;
    let roadmap = read_roadmap(&roadmap)?;
    let mut opts = scaleplan::report::ReportOptions::new();
    if !(options.is_undefined() || options.is_null()) {
        option_keys(
            &options,
            "options",
            &["title", "catalogue_now", "current_year", "scenario"],
        )?;
        let title = get(&options, "title");
        if !(title.is_undefined() || title.is_null()) {
            let t = title.as_string().ok_or_else(|| {
                invalid(
                    "options",
                    Some("title"),
                    format!("expected a string, got {}", js_kind(&title)),
                )
            })?;
            opts = opts.title(t);
        }
        let now = get(&options, "catalogue_now");
        if !(now.is_undefined() || now.is_null()) {
            opts = opts.catalogue_now(read_named_catalogue(&now, "catalogue_now")?);
        }
        if let Some(y) = number_option(&options, "options", "current_year")? {
            if y.fract() != 0.0 || y > 9999.0 {
                return Err(invalid(
                    "options",
                    Some("current_year"),
                    format!("expected a calendar year, got {y}"),
                ));
            }
            opts = opts.current_year(y as i32);
        }
        let scn = get(&options, "scenario");
        if !(scn.is_undefined() || scn.is_null()) {
            opts = opts.scenario(read_scenario(&scn, &catalogue)?);
        }
    }
    scaleplan::report::dashboard(&catalogue, &roadmap, &opts).map_err(|e| js_error(&e))
}

/// What changed between two versions of a catalogue.
///
/// @throws {ScaleplanError} when either catalogue is invalid.
#[wasm_bindgen(unchecked_return_type = "CatalogueDiff")]
pub fn diff(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] older: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] newer: JsValue,
) -> JsResult<JsValue> {
    let old = read_named_catalogue(&older, "old")?;
    let new = read_named_catalogue(&newer, "new")?;
    to_js(&scaleplan::diff::diff(&old, &new))
}

/// The KPIs of a roadmap per year (a baseline row, then one per plan
/// year), recomputed from its decisions.
///
/// @throws {ScaleplanError} when an input is invalid.
#[wasm_bindgen(unchecked_return_type = "KpiYear[]")]
pub fn kpis(
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string")] catalogue: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Roadmap | string")] roadmap: JsValue,
) -> JsResult<JsValue> {
    let catalogue = read_catalogue(&catalogue)?;
    let roadmap = read_roadmap(&roadmap)?;
    to_js(&scaleplan::kpi::timeline(&catalogue, &roadmap))
}

/// Progress against a roadmap: a newer version of the catalogue (levels as
/// they are now) at the end of `year`: per service done, on track, late,
/// ahead or not planned, and planned against actual KPIs.
///
/// @throws {ScaleplanError} when an input is invalid.
#[wasm_bindgen(unchecked_return_type = "Tracking")]
pub fn track(
    #[wasm_bindgen(unchecked_param_type = "Roadmap | string")] roadmap: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Catalogue | string", js_name = catalogueNow)]
    catalogue_now: JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] year: JsValue,
) -> JsResult<JsValue> {
    let roadmap = read_roadmap(&roadmap)?;
    let now = read_named_catalogue(&catalogue_now, "catalogue_now")?;
    let year = match year.as_f64() {
        Some(y) if y.fract() == 0.0 && (-9999.0..=9999.0).contains(&y) => y as i32,
        Some(y) => {
            return Err(invalid(
                "year",
                None,
                format!("expected a calendar year, got {y}"),
            ))
        }
        None => {
            return Err(invalid(
                "year",
                None,
                format!("expected a calendar year, got {}", js_kind(&year)),
            ))
        }
    };
    to_js(&scaleplan::track::track(&roadmap, &now, year))
}

/// True when `error` is an error thrown by this package.
#[wasm_bindgen(js_name = isScaleplanError, unchecked_return_type = "error is ScaleplanError")]
pub fn is_scaleplan_error(
    #[wasm_bindgen(unchecked_param_type = "unknown")] error: JsValue,
) -> bool {
    error
        .dyn_ref::<js_sys::Error>()
        .is_some_and(|e| e.name() == "ScaleplanError")
}
