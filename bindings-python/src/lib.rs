//! Python bindings of scaleplan (`scaleplan._scaleplan`).
//!
//! Thin wrappers around the core types: every rule lives in the `scaleplan`
//! crate; this file converts between Python and the core and nothing more.
//! - Calls into the core go through [`core_api`] (one place).
//! - Core errors become Python exceptions in [`to_py_err`] (one place).
//! - Every call is guarded so that no Rust panic reaches Python.
//! - Documents cross the boundary as the interchange format's JSON shape
//!   (`to_dict` / `from_dict`), and objects pickle through that same JSON.
//! - pandas helpers live in `python/scaleplan/_frames.py`.

mod core_api;

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use scaleplan::{Catalogue, Error, Location, Problem, Roadmap, Scenario, ValidationErrors};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

// ---------------------------------------------------------------------------
// Exceptions

create_exception!(
    scaleplan,
    ScaleplanError,
    PyValueError,
    "Base class of every scaleplan error (a ValueError): bad input, limits, solver failures."
);
create_exception!(
    scaleplan,
    ValidationError,
    ScaleplanError,
    "The input is not a valid catalogue, scenario or roadmap.\n\n`problems` lists every problem found: dicts with the location (`document`, `list`, `index`, `id`, `row`, `field`, `line`) and the `message`; `str()` shows them all, one per line."
);
create_exception!(
    scaleplan,
    LimitError,
    ScaleplanError,
    "An input is larger than a configured limit (file size, number of services, nesting depth, decompressed size)."
);
create_exception!(
    scaleplan,
    SolverError,
    ScaleplanError,
    "The solver failed. (An infeasible scenario is not an error: it is a Roadmap with status `infeasible` and a `diagnosis`.)"
);
create_exception!(
    scaleplan,
    Interrupted,
    ScaleplanError,
    "The solve was stopped (the progress callback returned False) before any plan was found."
);

fn problem_dict<'py>(py: Python<'py>, p: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let l = &p.location;
    d.set_item("document", &l.document)?;
    d.set_item("list", &l.list)?;
    d.set_item("index", l.index)?;
    d.set_item("id", &l.id)?;
    d.set_item("row", l.row)?;
    d.set_item("field", &l.field)?;
    d.set_item("line", l.line)?;
    d.set_item("message", &p.message)?;
    d.set_item("text", p.to_string())?;
    Ok(d)
}

/// The one place where core errors become Python exceptions.
fn to_py_err(err: Error) -> PyErr {
    Python::attach(|py| {
        let message = err.to_string();
        let problems = err.problems();
        let exc = match &err {
            Error::Invalid(_) => ValidationError::new_err(message),
            Error::Limit(_) => LimitError::new_err(message),
            Error::Solver(_) => SolverError::new_err(message),
            Error::Interrupted => Interrupted::new_err(message),
            _ => ScaleplanError::new_err(message),
        };
        let value = exc.value(py);
        let list = PyList::empty(py);
        for p in &problems {
            if let Ok(d) = problem_dict(py, p) {
                let _ = list.append(d);
            }
        }
        let _ = value.setattr("problems", list);
        if let Error::Io { path, .. } = &err {
            let _ = value.setattr("path", path);
        }
        exc
    })
}

fn internal_error(payload: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown".to_owned());
    let err = ScaleplanError::new_err(format!(
        "internal error in scaleplan (please report it): {what}"
    ));
    Python::attach(|py| {
        let _ = err.value(py).setattr("problems", PyList::empty(py));
    });
    err
}

/// Run a core call; a panic becomes a `ScaleplanError`, a core error its
/// Python exception.
fn guard<T>(f: impl FnOnce() -> scaleplan::Result<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py_err(e)),
        Err(payload) => Err(internal_error(payload)),
    }
}

/// Like [`guard`], for core calls that cannot fail.
fn guard_ok<T>(f: impl FnOnce() -> T) -> PyResult<T> {
    guard(|| Ok(f()))
}

// ---------------------------------------------------------------------------
// Python <-> JSON values

enum PathPart {
    Key(String),
    Index(usize),
}

fn location_of(document: &str, path: &[PathPart]) -> Location {
    let mut loc = Location::document(document);
    let mut rest = path;
    if let [PathPart::Key(list), PathPart::Index(i), tail @ ..] = path {
        loc = loc.entry(list, *i);
        rest = tail;
    }
    let field: Vec<String> = rest
        .iter()
        .map(|p| match p {
            PathPart::Key(k) => k.clone(),
            PathPart::Index(i) => format!("[{i}]"),
        })
        .collect();
    if !field.is_empty() {
        loc = loc.field(field.join(".").replace(".[", "["));
    }
    loc
}

fn conversion_error(document: &str, path: &[PathPart], message: String) -> PyErr {
    to_py_err(Error::Invalid(ValidationErrors::new(vec![Problem::new(
        location_of(document, path),
        message,
    )])))
}

/// A Python value (dicts, lists, tuples, str, int, float, bool, None, and
/// numpy / pandas scalars) as JSON, for the core's readers.
fn py_to_value(
    obj: &Bound<'_, PyAny>,
    document: &str,
    path: &mut Vec<PathPart>,
    max_depth: usize,
) -> PyResult<Value> {
    if path.len() >= max_depth {
        return Err(to_py_err(Error::Limit(Problem::new(
            location_of(document, path),
            format!("nesting is too deep: the limit is {max_depth} levels"),
        ))));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if obj.is_exact_instance_of::<PyBool>() {
        return Ok(Value::Bool(obj.extract::<bool>()?));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(v) = obj.extract::<i64>() {
            return Ok(Value::from(v));
        }
        if let Ok(v) = obj.extract::<u64>() {
            return Ok(Value::from(v));
        }
        return float_value(obj.extract::<f64>()?, document, path);
    }
    if obj.is_instance_of::<PyFloat>() {
        return float_value(obj.extract::<f64>()?, document, path);
    }
    if obj.is_instance_of::<PyString>() {
        return Ok(Value::String(obj.extract::<String>()?));
    }
    if let Ok(dict) = obj.cast::<PyDict>() {
        let mut map = serde_json::Map::new();
        for (k, v) in dict.iter() {
            let key: String = match k.extract::<String>() {
                Ok(s) => s,
                Err(_) => {
                    return Err(conversion_error(
                        document,
                        path,
                        format!("keys must be strings, not {}", type_name(&k)),
                    ))
                }
            };
            path.push(PathPart::Key(key.clone()));
            let value = py_to_value(&v, document, path, max_depth)?;
            path.pop();
            map.insert(key, value);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in obj.try_iter()?.enumerate() {
            path.push(PathPart::Index(i));
            items.push(py_to_value(&item?, document, path, max_depth)?);
            path.pop();
        }
        return Ok(Value::Array(items));
    }
    // numpy and pandas scalars.
    let tname = type_name(obj);
    if tname == "NAType" || tname == "NaTType" {
        return Ok(Value::Null);
    }
    if tname == "bool_" || tname == "bool" {
        if let Ok(b) = obj.extract::<bool>() {
            return Ok(Value::Bool(b));
        }
    }
    if obj.hasattr("__index__")? {
        if let Ok(v) = obj
            .call_method0("__index__")
            .and_then(|i| i.extract::<i64>())
        {
            return Ok(Value::from(v));
        }
    }
    if obj.hasattr("__float__")? {
        if let Ok(v) = obj
            .call_method0("__float__")
            .and_then(|f| f.extract::<f64>())
        {
            return float_value(v, document, path);
        }
    }
    if obj.hasattr("tolist")? {
        // numpy arrays
        let list = obj.call_method0("tolist")?;
        if list.is_instance_of::<PyList>() {
            return py_to_value(&list, document, path, max_depth);
        }
    }
    Err(conversion_error(
        document,
        path,
        format!("unsupported value of type `{tname}`"),
    ))
}

fn float_value(v: f64, document: &str, path: &[PathPart]) -> PyResult<Value> {
    match serde_json::Number::from_f64(v) {
        Some(n) => Ok(Value::Number(n)),
        None => Err(conversion_error(
            document,
            path,
            format!("{v} is not a finite number"),
        )),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

fn to_value(obj: &Bound<'_, PyAny>, document: &str) -> PyResult<Value> {
    to_value_limited(obj, document, core_api::Limits::default().max_depth)
}

fn to_value_limited(obj: &Bound<'_, PyAny>, document: &str, max_depth: usize) -> PyResult<Value> {
    py_to_value(obj, document, &mut Vec::new(), max_depth)
}

/// The `limits=` argument (a dict of `Limits` fields) as core limits.
fn limits_arg(limits: Option<&Bound<'_, PyAny>>) -> PyResult<core_api::Limits> {
    match limits {
        None => Ok(core_api::Limits::default()),
        Some(l) => {
            let v = to_value(l, "limits")?;
            guard(|| core_api::limits_from_value(v))
        }
    }
}

/// JSON text as Python objects.
fn json_loads<'py>(py: Python<'py>, text: String) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// A serialisable core value as Python objects (through JSON, which keeps
/// the format's field order).
fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = guard(|| {
        serde_json::to_string(value)
            .map_err(|e| Error::Solver(format!("could not convert a result: {e}")))
    })?;
    py.import("json")?.call_method1("loads", (text,))
}

fn to_json_text<T: serde::Serialize>(value: &T, indent: bool) -> PyResult<String> {
    guard(|| {
        let r = if indent {
            serde_json::to_string_pretty(value)
        } else {
            serde_json::to_string(value)
        };
        r.map_err(|e| Error::Solver(format!("could not convert to json: {e}")))
    })
}

fn write_text(path: &PathBuf, text: &str) -> PyResult<()> {
    guard(|| std::fs::write(path, text).map_err(|e| Error::io(path.display(), e)))
}

fn frames<'py>(py: Python<'py>) -> PyResult<Bound<'py, PyModule>> {
    py.import("scaleplan._frames")
}

fn problems_list<'py>(py: Python<'py>, problems: &[Problem]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for p in problems {
        list.append(problem_dict(py, p)?)?;
    }
    Ok(list)
}

// ---------------------------------------------------------------------------
// Catalogue

/// A country's service catalogue (FORMAT.md): entities, building blocks,
/// systems, workflows, services, life events and policies.
///
/// A Catalogue is immutable and always valid: every reader checks it and
/// raises :class:`ValidationError` with every problem found.
///
/// >>> import scaleplan
/// >>> cat = scaleplan.Catalogue.sample()
/// >>> len(cat) > 50
/// True
/// >>> cat == scaleplan.Catalogue.from_dict(cat.to_dict())
/// True
#[pyclass(module = "scaleplan", name = "Catalogue", frozen)]
struct PyCatalogue {
    inner: Arc<Catalogue>,
    warnings: Arc<Vec<Problem>>,
}

impl PyCatalogue {
    fn new(catalogue: Catalogue) -> Self {
        PyCatalogue {
            inner: Arc::new(catalogue),
            warnings: Arc::new(Vec::new()),
        }
    }
    fn loaded((catalogue, warnings): (Catalogue, Vec<Problem>)) -> Self {
        PyCatalogue {
            inner: Arc::new(catalogue),
            warnings: Arc::new(warnings),
        }
    }
}

#[pymethods]
impl PyCatalogue {
    /// Read a catalogue in the interchange format's JSON from a file.
    ///
    /// Raises ValidationError (every problem, with its location),
    /// LimitError, or ScaleplanError (the file cannot be read; `.path`).
    /// `limits` (a dict: max_bytes, max_services, max_depth,
    /// max_xlsx_decompressed, max_rows) overrides some default limits.
    #[staticmethod]
    #[pyo3(signature = (path, limits=None))]
    fn from_json(
        py: Python<'_>,
        path: PathBuf,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_arg(limits)?;
        let is_json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        py.detach(|| {
            if is_json {
                guard(|| core_api::read_catalogue(&path, limits)).map(PyCatalogue::loaded)
            } else {
                let text = guard(|| {
                    std::fs::read_to_string(&path).map_err(|e| Error::io(path.display(), e))
                })?;
                let name = path.display().to_string();
                guard(|| core_api::catalogue_from_json(&text, &name, &limits)).map(PyCatalogue::new)
            }
        })
    }

    /// A catalogue from JSON text; `document` names it in error messages.
    ///
    /// >>> import scaleplan
    /// >>> scaleplan.Catalogue.from_json_str('{"format": "scaleplan/1"}', "mine.json")
    /// Traceback (most recent call last):
    /// ...
    /// scaleplan.ValidationError: mine.json, field `start_year`: missing required field
    #[staticmethod]
    #[pyo3(signature = (text, document="catalogue", limits=None))]
    fn from_json_str(
        py: Python<'_>,
        text: String,
        document: &str,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_arg(limits)?;
        let document = document.to_owned();
        py.detach(|| guard(|| core_api::catalogue_from_json(&text, &document, &limits)))
            .map(PyCatalogue::new)
    }

    /// A catalogue from a dict in the interchange format (as `to_dict`
    /// returns). numpy and pandas scalars are accepted; NaN is not.
    ///
    /// >>> import scaleplan
    /// >>> cat = scaleplan.Catalogue.from_dict({
    /// ...     "format": "scaleplan/1", "start_year": 2027,
    /// ...     "entities": [{"id": "moh", "capacity": 12}],
    /// ...     "services": [{"id": "birth", "entity": "moh", "level": 2, "effort": 6}]})
    /// >>> len(cat)
    /// 1
    #[staticmethod]
    #[pyo3(signature = (d, limits=None))]
    fn from_dict(
        py: Python<'_>,
        d: &Bound<'_, PyAny>,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_arg(limits)?;
        let value = to_value_limited(d, "catalogue", limits.max_depth)?;
        py.detach(|| guard(|| core_api::catalogue_from_value(value, "catalogue", &limits)))
            .map(PyCatalogue::new)
    }

    /// Read a catalogue from a folder of CSV files (`catalogue.csv`,
    /// `services.csv`, `entities.csv`, ..., FORMAT.md).
    #[staticmethod]
    #[pyo3(signature = (folder, limits=None))]
    fn from_csv(
        py: Python<'_>,
        folder: PathBuf,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        if !folder.is_dir() {
            return Err(to_py_err(Error::io(
                folder.display(),
                "not a folder of csv files",
            )));
        }
        Self::read(py, folder, limits)
    }

    /// A catalogue from CSV texts held in memory: a dict from file name
    /// (`services.csv`, ...) to its text. Same rules as a folder.
    #[staticmethod]
    #[pyo3(signature = (texts, limits=None))]
    fn from_csv_texts(
        py: Python<'_>,
        texts: std::collections::BTreeMap<String, String>,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let limits = limits_arg(limits)?;
        py.detach(|| guard(|| core_api::catalogue_from_csv_texts(&texts, &limits)))
            .map(PyCatalogue::new)
    }

    /// Read a catalogue from an XLSX workbook: a scaleplan workbook (one
    /// sheet per table) or a GovStack RFI-2 questionnaire (what it does not
    /// say is given a documented default and reported in `warnings`).
    #[staticmethod]
    #[pyo3(signature = (path, limits=None))]
    fn from_excel(
        py: Python<'_>,
        path: PathBuf,
        limits: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Self::read(py, path, limits)
    }

    /// Read a catalogue from any supported source, chosen by the path:
    /// `.json`, `.xlsx`, or a folder of CSV files.
    #[staticmethod]
    #[pyo3(signature = (path, limits=None))]
    fn read(py: Python<'_>, path: PathBuf, limits: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let limits = limits_arg(limits)?;
        py.detach(|| guard(|| core_api::read_catalogue(&path, limits)))
            .map(PyCatalogue::loaded)
    }

    /// A catalogue from pandas DataFrames, one per table of the CSV layout
    /// (FORMAT.md; what `frames()` returns): list cells as Python lists or
    /// `;`-separated text, nested fields as dotted columns
    /// (`kpis.user_satisfaction`), missing values as NaN/None, a frame
    /// indexed by id is fine. The top-level fields come from the
    /// `catalogue` frame (field, value rows) and/or the keywords. The frames
    /// are read by the core's CSV reader, so errors name the table and row
    /// (`services.csv, row 3, ...`: the header is row 1, so DataFrame
    /// position `i` is row `i + 2`).
    ///
    /// >>> import scaleplan, pandas as pd
    /// >>> services = pd.DataFrame({"id": ["birth", "tax"], "entity": ["moh", "rev"],
    /// ...                          "level": [2, 3], "effort": [6, 4]})
    /// >>> entities = pd.DataFrame({"id": ["moh", "rev"], "capacity": [12, 8]})
    /// >>> cat = scaleplan.Catalogue.from_pandas(services, entities, start_year=2027)
    /// >>> cat.service_ids
    /// ['birth', 'tax']
    #[staticmethod]
    #[pyo3(signature = (services, entities, building_blocks=None, options=None, systems=None, workflows=None, life_events=None, policies=None, catalogue=None, *, start_year=None, name=None, version=None))]
    #[allow(clippy::too_many_arguments)]
    fn from_pandas(
        py: Python<'_>,
        services: &Bound<'_, PyAny>,
        entities: &Bound<'_, PyAny>,
        building_blocks: Option<&Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyAny>>,
        systems: Option<&Bound<'_, PyAny>>,
        workflows: Option<&Bound<'_, PyAny>>,
        life_events: Option<&Bound<'_, PyAny>>,
        policies: Option<&Bound<'_, PyAny>>,
        catalogue: Option<&Bound<'_, PyAny>>,
        start_year: Option<&Bound<'_, PyAny>>,
        name: Option<String>,
        version: Option<String>,
    ) -> PyResult<Self> {
        let tables = PyDict::new(py);
        tables.set_item("services", services)?;
        tables.set_item("entities", entities)?;
        tables.set_item("building_blocks", building_blocks)?;
        tables.set_item("options", options)?;
        tables.set_item("systems", systems)?;
        tables.set_item("workflows", workflows)?;
        tables.set_item("life_events", life_events)?;
        tables.set_item("policies", policies)?;
        tables.set_item("catalogue", catalogue)?;
        let meta = PyDict::new(py);
        meta.set_item("start_year", start_year)?;
        meta.set_item("name", name)?;
        meta.set_item("version", version)?;
        let texts: std::collections::BTreeMap<String, String> = frames(py)?
            .getattr("csv_texts_from_frames")?
            .call1((tables, meta))?
            .extract()?;
        let limits = core_api::Limits::default();
        py.detach(|| guard(|| core_api::catalogue_from_csv_texts(&texts, &limits)))
            .map(PyCatalogue::new)
    }

    /// The bundled sample catalogue: the fictional Republic of Arcadia.
    #[staticmethod]
    fn sample() -> PyResult<Self> {
        guard_ok(core_api::sample_catalogue).map(PyCatalogue::new)
    }

    /// The catalogue as a dict in the interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &*self.inner)
    }

    /// The catalogue as JSON text, or written to `path` (returns None then).
    #[pyo3(signature = (path=None, indent=true))]
    fn to_json(&self, path: Option<PathBuf>, indent: bool) -> PyResult<Option<String>> {
        let text = to_json_text(&*self.inner, indent)?;
        match path {
            None => Ok(Some(text)),
            Some(p) => write_text(&p, &text).map(|_| None),
        }
    }

    /// Write the catalogue in the format the path names: `.json`, `.xlsx`,
    /// or (no extension) a folder of CSV files.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        let cat = self.inner.clone();
        py.detach(|| guard(|| core_api::write_catalogue(&cat, &path)))
    }

    /// Check the catalogue again (objects built by the readers are always
    /// valid) and return the warnings its reader reported, as dicts like
    /// ValidationError.problems.
    ///
    /// >>> import scaleplan
    /// >>> scaleplan.Catalogue.sample().validate()
    /// []
    fn validate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let cat = self.inner.clone();
        py.detach(|| guard(|| core_api::validate_catalogue(&cat)))?;
        problems_list(py, &self.warnings)
    }

    /// What changed from this catalogue to `other` (services added, removed,
    /// changed; levels raised; ...), as a dict.
    fn diff<'py>(&self, py: Python<'py>, other: &PyCatalogue) -> PyResult<Bound<'py, PyAny>> {
        let v = guard(|| core_api::diff(&self.inner, &other.inner))?;
        json_loads(py, v)
    }

    /// One row per service (pandas DataFrame indexed by id), the columns
    /// of `services.csv`: lists as Python lists, KPIs as dotted columns,
    /// whole numbers as nullable integers.
    ///
    /// >>> import scaleplan
    /// >>> df = scaleplan.Catalogue.sample().services_frame()
    /// >>> df.index.name, "level" in df.columns, "kpis.user_satisfaction" in df.columns
    /// ('id', True, True)
    fn services_frame<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.frames(py)?
            .get_item("services")?
            .call_method1("set_index", ("id",))
    }

    /// Every table of the catalogue as a DataFrame, keyed by table name
    /// (`catalogue`, `entities`, `building_blocks`, `options`, `systems`,
    /// `workflows`, `services`, `life_events`, `policies`): the CSV layout
    /// of FORMAT.md. The inverse of `Catalogue.from_pandas(**frames)`.
    ///
    /// >>> import scaleplan
    /// >>> cat = scaleplan.Catalogue.sample()
    /// >>> scaleplan.Catalogue.from_pandas(**cat.frames()) == cat
    /// True
    fn frames<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cat = self.inner.clone();
        let texts = py.detach(|| guard(|| core_api::catalogue_to_csv_texts(&cat)))?;
        frames(py)?
            .getattr("frames_from_csv_texts")?
            .call1((texts,))
    }

    /// Plan the roadmap (MODEL.md) for `scenario` (default: Scenario()).
    ///
    /// The GIL is released while solving. `progress`, if given, is called
    /// with a dict {"elapsed_s", "objective", "bound", "phase"} whenever the
    /// solver reports; returning False stops the solve and returns the best
    /// plan found (status "feasible"), or raises Interrupted when there is
    /// none yet. Ctrl-C stops the solve and raises KeyboardInterrupt. An
    /// infeasible scenario returns a Roadmap with status "infeasible" and a
    /// `diagnosis`.
    ///
    /// `backend` is "highs" (default), "microlp" or "heuristic".
    ///
    /// >>> import scaleplan
    /// >>> cat = scaleplan.Catalogue.sample()
    /// >>> roadmap = cat.plan(scaleplan.Scenario(horizon=5, time_limit_s=30))
    /// >>> roadmap.status in ("optimal", "feasible")
    /// True
    /// >>> bool(roadmap.verify())
    /// True
    #[pyo3(signature = (scenario=None, progress=None, backend=None))]
    fn plan(
        slf: &Bound<'_, Self>,
        scenario: Option<Bound<'_, PyScenario>>,
        progress: Option<Py<PyAny>>,
        backend: Option<String>,
    ) -> PyResult<PyRoadmap> {
        let py = slf.py();
        let scenario = match scenario {
            Some(s) => s,
            None => Bound::new(py, PyScenario::new_default())?,
        };
        let backend = match backend.as_deref() {
            None => None,
            Some(name) => Some(core_api::backend(name).map_err(ScaleplanError::new_err)?),
        };
        let cat = slf.get().inner.clone();
        let scen = scenario.get().inner.clone();
        let roadmap = solve(py, cat, scen, backend, progress)?;
        Ok(PyRoadmap {
            inner: Arc::new(roadmap),
            catalogue: Some(slf.clone().unbind()),
            scenario: Some(scenario.unbind()),
        })
    }

    /// Impact x feasibility score of every open service: a DataFrame
    /// indexed by service id, best rank first, with impact, feasibility,
    /// priority, quadrant, rank and every component and fact as columns.
    /// `weights` (a dict) overrides some of the default weights; the whole
    /// result is in `DataFrame.attrs["score"]`.
    ///
    /// >>> import scaleplan
    /// >>> df = scaleplan.Catalogue.sample().score()
    /// >>> list(df["rank"][:3])
    /// [1, 2, 3]
    #[pyo3(signature = (weights=None))]
    fn score<'py>(
        &self,
        py: Python<'py>,
        weights: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let weights = weights.map(|w| to_value(w, "weights")).transpose()?;
        let cat = self.inner.clone();
        let v = py.detach(|| guard(|| core_api::score(&cat, weights)))?;
        frames(py)?
            .getattr("score_frame")?
            .call1((json_loads(py, v)?,))
    }

    /// Missing building blocks: what each holds back and which systems could
    /// provide it, as a DataFrame (one row per missing block). The full
    /// analysis (policies, ...) is in `DataFrame.attrs["gaps"]`.
    fn gaps<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cat = self.inner.clone();
        let v = py.detach(|| guard(|| core_api::gaps(&cat)))?;
        frames(py)?
            .getattr("gaps_frame")?
            .call1((json_loads(py, v)?,))
    }

    /// The dependency and building-block graph summary, as a dict.
    fn graph<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let cat = self.inner.clone();
        let v = py.detach(|| guard(|| core_api::graph(&cat)))?;
        json_loads(py, v)
    }

    /// Warnings the reader reported (dicts like ValidationError.problems).
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        problems_list(py, &self.warnings)
    }

    /// Name of the country or organisation.
    #[getter]
    fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Free-text version.
    #[getter]
    fn version(&self) -> String {
        self.inner.version.clone()
    }

    /// Calendar year of plan year 1.
    #[getter]
    fn start_year(&self) -> i32 {
        self.inner.start_year
    }

    /// Ids of the services, in catalogue order.
    #[getter]
    fn service_ids(&self) -> Vec<String> {
        self.inner
            .services
            .iter()
            .map(|s| s.id.as_str().to_owned())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.inner.services.len()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyCatalogue>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "<scaleplan.Catalogue {:?}: {} services, {} entities, {} building blocks>",
            self.inner.name,
            self.inner.services.len(),
            self.inner.entities.len(),
            self.inner.building_blocks.len()
        )
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let f = py.get_type::<PyCatalogue>().getattr("_from_state")?;
        Ok((f, (to_json_text(&*self.inner, false)?,)))
    }

    /// Unpickle (the interchange JSON).
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: String) -> PyResult<Self> {
        let limits = core_api::Limits::default();
        py.detach(|| guard(|| core_api::catalogue_from_json(&state, "catalogue", &limits)))
            .map(PyCatalogue::new)
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

// ---------------------------------------------------------------------------
// Scenario

/// What the planner may spend and must reach (FORMAT.md, "Scenario").
///
/// `budget` is money per year: a number, a list per plan year (a shorter
/// list repeats its last value) or None for unlimited. `targets` is a list
/// of dicts {"year", "share", "weighted_by": "count" | "demand"}.
///
/// >>> import scaleplan
/// >>> s = scaleplan.Scenario(horizon=4, budget=[1e6, 2e6],
/// ...                        targets=[{"year": 2029, "share": 0.5}])
/// >>> s.horizon, s.budget, s.targets[0]["weighted_by"]
/// (4, [1000000.0, 2000000.0], 'count')
/// >>> s.replace(horizon=6).horizon
/// 6
#[pyclass(module = "scaleplan", name = "Scenario", frozen)]
struct PyScenario {
    inner: Arc<Scenario>,
}

impl PyScenario {
    fn new_default() -> Self {
        PyScenario {
            inner: Arc::new(Scenario::default()),
        }
    }
}

#[pymethods]
impl PyScenario {
    /// Omitted arguments take the format's defaults (horizon 5, unlimited
    /// budget, capacity factor 1, no targets, 60 s, gap 1e-4); the values
    /// are checked by the core's scenario reader.
    #[new]
    #[pyo3(
        signature = (horizon=None, budget=None, capacity_factor=None, targets=None, time_limit_s=None, mip_gap=None),
        text_signature = "(horizon=5, budget=None, capacity_factor=1.0, targets=None, time_limit_s=60.0, mip_gap=0.0001)"
    )]
    fn py_new(
        py: Python<'_>,
        horizon: Option<&Bound<'_, PyAny>>,
        budget: Option<&Bound<'_, PyAny>>,
        capacity_factor: Option<&Bound<'_, PyAny>>,
        targets: Option<&Bound<'_, PyAny>>,
        time_limit_s: Option<&Bound<'_, PyAny>>,
        mip_gap: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let d = PyDict::new(py);
        let solver = PyDict::new(py);
        for (dict, key, value) in [
            (&d, "horizon", horizon),
            (&d, "budget", budget),
            (&d, "capacity_factor", capacity_factor),
            (&d, "targets", targets),
            (&solver, "time_limit_s", time_limit_s),
            (&solver, "mip_gap", mip_gap),
        ] {
            if let Some(v) = value {
                dict.set_item(key, v)?;
            }
        }
        d.set_item("solver", solver)?;
        Self::from_dict(py, d.as_any())
    }

    /// Read a scenario JSON file.
    #[staticmethod]
    fn from_json(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| guard(|| core_api::read_scenario(&path)))
            .map(|s| PyScenario { inner: Arc::new(s) })
    }

    /// A scenario from JSON text; `document` names it in error messages.
    #[staticmethod]
    #[pyo3(signature = (text, document="scenario"))]
    fn from_json_str(py: Python<'_>, text: String, document: &str) -> PyResult<Self> {
        let document = document.to_owned();
        py.detach(|| guard(|| core_api::scenario_from_json(&text, &document)))
            .map(|s| PyScenario { inner: Arc::new(s) })
    }

    /// A scenario from a dict in the interchange format.
    #[staticmethod]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let value = to_value(d, "scenario")?;
        py.detach(|| guard(|| core_api::scenario_from_value(value, "scenario")))
            .map(|s| PyScenario { inner: Arc::new(s) })
    }

    /// The scenario of the bundled sample catalogue.
    #[staticmethod]
    fn sample() -> PyResult<Self> {
        guard_ok(core_api::sample_scenario).map(|s| PyScenario { inner: Arc::new(s) })
    }

    /// A copy with some fields changed (same keywords as the constructor).
    #[pyo3(signature = (**changes))]
    fn replace(
        &self,
        py: Python<'_>,
        changes: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyScenario>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("horizon", self.inner.horizon)?;
        kwargs.set_item("budget", self.budget(py)?)?;
        kwargs.set_item("capacity_factor", self.inner.capacity_factor)?;
        kwargs.set_item("targets", self.targets(py)?)?;
        kwargs.set_item("time_limit_s", self.inner.solver.time_limit_s)?;
        kwargs.set_item("mip_gap", self.inner.solver.mip_gap)?;
        if let Some(c) = changes {
            for (k, v) in c.iter() {
                if !kwargs.contains(&k)? {
                    return Err(ScaleplanError::new_err(format!(
                        "scenario: unknown field `{k}`"
                    )));
                }
                kwargs.set_item(k, v)?;
            }
        }
        py.get_type::<PyScenario>()
            .call((), Some(&kwargs))?
            .cast_into::<PyScenario>()
            .map(Bound::unbind)
            .map_err(PyErr::from)
    }

    /// The scenario as a dict in the interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &*self.inner)
    }

    /// The scenario as JSON text, or written to `path` (returns None then).
    #[pyo3(signature = (path=None, indent=true))]
    fn to_json(&self, path: Option<PathBuf>, indent: bool) -> PyResult<Option<String>> {
        let text = to_json_text(&*self.inner, indent)?;
        match path {
            None => Ok(Some(text)),
            Some(p) => write_text(&p, &text).map(|_| None),
        }
    }

    /// Number of plan years.
    #[getter]
    fn horizon(&self) -> u32 {
        self.inner.horizon
    }

    /// Money per year (float, list or None for unlimited).
    #[getter]
    fn budget<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.budget)
    }

    /// Multiplies every entity capacity.
    #[getter]
    fn capacity_factor(&self) -> f64 {
        self.inner.capacity_factor
    }

    /// Targets, as dicts.
    #[getter]
    fn targets<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.targets)
    }

    /// Wall-clock limit of the solve in seconds.
    #[getter]
    fn time_limit_s(&self) -> f64 {
        self.inner.solver.time_limit_s
    }

    /// Relative optimality gap at which the solver may stop.
    #[getter]
    fn mip_gap(&self) -> f64 {
        self.inner.solver.mip_gap
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyScenario>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "scaleplan.Scenario(horizon={}, budget={}, capacity_factor={:?}, targets={}, time_limit_s={:?}, mip_gap={:?})",
            self.inner.horizon,
            self.budget(py)?.repr()?,
            self.inner.capacity_factor,
            self.targets(py)?.repr()?,
            self.inner.solver.time_limit_s,
            self.inner.solver.mip_gap
        ))
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let f = py.get_type::<PyScenario>().getattr("_from_state")?;
        Ok((f, (to_json_text(&*self.inner, false)?,)))
    }

    /// Unpickle (the interchange JSON).
    #[staticmethod]
    fn _from_state(py: Python<'_>, state: String) -> PyResult<Self> {
        let value = guard(|| {
            serde_json::from_str::<Value>(&state)
                .map_err(|e| Error::invalid(Location::document("scenario"), e.to_string()))
        })?;
        py.detach(|| guard(|| core_api::scenario_from_value(value, "scenario")))
            .map(|s| PyScenario { inner: Arc::new(s) })
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

// ---------------------------------------------------------------------------
// Solving, with the GIL released and Ctrl-C honoured

/// What stopped a solve from the Python side.
#[derive(Default)]
struct StopState {
    /// An exception raised by the progress callback, or KeyboardInterrupt.
    error: Option<PyErr>,
}

fn progress_dict<'py>(py: Python<'py>, p: &core_api::Progress) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("elapsed_s", p.elapsed_s)?;
    d.set_item("objective", p.objective)?;
    d.set_item("bound", p.bound)?;
    d.set_item("phase", &p.phase)?;
    Ok(d)
}

/// Run `work` on a worker thread while this thread waits with the GIL
/// released, checking for Ctrl-C every 50 ms. On Ctrl-C, `stop` is set
/// (the worker's progress callback then tells the core to stop) and
/// KeyboardInterrupt is raised at once; a worker still finishing is left
/// to end on its own and its result is dropped.
fn run_interruptibly<T: Send + 'static>(
    py: Python<'_>,
    stop: Arc<AtomicBool>,
    work: impl FnOnce() -> std::thread::Result<T> + Send + 'static,
) -> PyResult<std::thread::Result<T>> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("scaleplan-solve".into())
        .stack_size(16 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(work());
        })
        .map_err(|e| ScaleplanError::new_err(format!("could not start the solver thread: {e}")))?;
    let mut rx = rx;
    loop {
        let (got, back) = py.detach(move || (rx.recv_timeout(Duration::from_millis(50)), rx));
        rx = back;
        match got {
            Ok(result) => return Ok(result),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(ScaleplanError::new_err(
                    "internal error in scaleplan (please report it): the solver thread ended without a result",
                ))
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = py.check_signals() {
                    stop.store(true, Ordering::SeqCst);
                    return Err(e);
                }
            }
        }
    }
}

fn solve(
    py: Python<'_>,
    catalogue: Arc<Catalogue>,
    scenario: Arc<Scenario>,
    backend: Option<core_api::Backend>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Roadmap> {
    let stop = Arc::new(AtomicBool::new(false));
    let state = Arc::new(Mutex::new(StopState::default()));
    let (stop_cb, state_cb) = (stop.clone(), state.clone());
    let on_progress = move |p: &core_api::Progress| -> bool {
        if stop_cb.load(Ordering::SeqCst) {
            return false;
        }
        let Some(cb) = &progress else { return true };
        Python::attach(|py| {
            let result = progress_dict(py, p).and_then(|d| cb.call1(py, (d,)));
            match result {
                Ok(v) => {
                    // Only an explicit False stops; None (no return) goes on.
                    let go_on = !v.bind(py).is(PyBool::new(py, false));
                    if !go_on {
                        stop_cb.store(true, Ordering::SeqCst);
                    }
                    go_on
                }
                Err(e) => {
                    if let Ok(mut s) = state_cb.lock() {
                        s.error = Some(e);
                    }
                    stop_cb.store(true, Ordering::SeqCst);
                    false
                }
            }
        })
    };
    let result = run_interruptibly(py, stop, move || {
        catch_unwind(AssertUnwindSafe(|| {
            core_api::plan(&catalogue, &scenario, backend, on_progress)
        }))
    })?;
    if let Some(e) = state.lock().ok().and_then(|mut s| s.error.take()) {
        return Err(e);
    }
    match result {
        Ok(Ok(roadmap)) => Ok(roadmap),
        Ok(Err(e)) => Err(to_py_err(e)),
        Err(payload) => Err(internal_error(payload)),
    }
}

/// Plan every scenario for the catalogue (in parallel on the machine's
/// cores) and return one Roadmap per scenario, in order. The GIL is
/// released; Ctrl-C raises KeyboardInterrupt. The first error (e.g. an
/// invalid scenario) is raised.
///
/// >>> import scaleplan
/// >>> cat = scaleplan.Catalogue.sample()
/// >>> sweep = [scaleplan.Scenario(capacity_factor=f, time_limit_s=30) for f in (0.5, 1.0)]
/// >>> low, high = scaleplan.plan_many(cat, sweep)
/// >>> low.objective <= high.objective + 1e-6 * abs(high.objective)
/// True
#[pyfunction]
fn plan_many(
    py: Python<'_>,
    catalogue: Bound<'_, PyCatalogue>,
    scenarios: Vec<Bound<'_, PyScenario>>,
) -> PyResult<Vec<PyRoadmap>> {
    let cat = catalogue.get().inner.clone();
    let scens: Vec<Scenario> = scenarios.iter().map(|s| (*s.get().inner).clone()).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let results = run_interruptibly(py, stop, move || {
        catch_unwind(AssertUnwindSafe(|| core_api::plan_many(&cat, &scens)))
    })?
    .map_err(internal_error)?;
    let mut out = Vec::with_capacity(results.len());
    for (result, scenario) in results.into_iter().zip(scenarios) {
        let roadmap = result.map_err(to_py_err)?;
        out.push(PyRoadmap {
            inner: Arc::new(roadmap),
            catalogue: Some(catalogue.clone().unbind()),
            scenario: Some(scenario.unbind()),
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------
// Roadmap

/// A multi-year roadmap (FORMAT.md, "Roadmap"): when each service reaches
/// its target, how and when each missing block is acquired, and KPIs per
/// year. A roadmap returned by `Catalogue.plan` remembers its catalogue and
/// scenario (`verify`, `kpis` and `to_html` use them by default).
#[pyclass(module = "scaleplan", name = "Roadmap", frozen)]
struct PyRoadmap {
    inner: Arc<Roadmap>,
    catalogue: Option<Py<PyCatalogue>>,
    scenario: Option<Py<PyScenario>>,
}

impl PyRoadmap {
    fn scenario_or<'py>(
        &self,
        py: Python<'py>,
        given: Option<Bound<'py, PyScenario>>,
        what: &str,
    ) -> PyResult<Arc<Scenario>> {
        match given {
            Some(s) => Ok(s.get().inner.clone()),
            None => match &self.scenario {
                Some(s) => Ok(s.bind(py).get().inner.clone()),
                None => Err(ScaleplanError::new_err(format!(
                    "{what} needs the scenario: this roadmap was not planned in this session, pass scenario="
                ))),
            },
        }
    }

    fn catalogue_or<'py>(
        &self,
        py: Python<'py>,
        given: Option<Bound<'py, PyCatalogue>>,
        what: &str,
    ) -> PyResult<Arc<Catalogue>> {
        match given {
            Some(c) => Ok(c.get().inner.clone()),
            None => match &self.catalogue {
                Some(c) => Ok(c.bind(py).get().inner.clone()),
                None => Err(ScaleplanError::new_err(format!(
                    "{what} needs the catalogue: this roadmap was not planned in this session, pass catalogue="
                ))),
            },
        }
    }
}

#[pymethods]
impl PyRoadmap {
    /// Read a roadmap JSON file.
    #[staticmethod]
    fn from_json(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        py.detach(|| guard(|| core_api::read_roadmap(&path)))
            .map(|r| PyRoadmap {
                inner: Arc::new(r),
                catalogue: None,
                scenario: None,
            })
    }

    /// A roadmap from a dict in the interchange format.
    #[staticmethod]
    fn from_dict(py: Python<'_>, d: &Bound<'_, PyAny>) -> PyResult<Self> {
        let text = to_json_text(&to_value(d, "roadmap")?, false)?;
        py.detach(|| guard(|| core_api::roadmap_from_json(&text, "roadmap")))
            .map(|r| PyRoadmap {
                inner: Arc::new(r),
                catalogue: None,
                scenario: None,
            })
    }

    /// "optimal", "feasible" (stopped with a plan before proof),
    /// "infeasible" (see `diagnosis`) or "error".
    #[getter]
    fn status(&self) -> &'static str {
        self.inner.status.as_str()
    }

    /// Objective value of the plan (MODEL.md).
    #[getter]
    fn objective(&self) -> f64 {
        self.inner.objective
    }

    /// Best proven bound on the objective.
    #[getter]
    fn bound(&self) -> f64 {
        self.inner.bound
    }

    /// Relative gap between objective and bound.
    #[getter]
    fn gap(&self) -> f64 {
        self.inner.gap
    }

    /// Wall-clock seconds spent solving.
    #[getter]
    fn solve_seconds(&self) -> f64 {
        self.inner.solve_seconds
    }

    /// For an infeasible roadmap: the conflicting constraints, in words.
    #[getter]
    fn diagnosis(&self) -> Vec<String> {
        self.inner.diagnosis.clone()
    }

    /// Services that can never reach target within the horizon, with why.
    #[getter]
    fn unreachable<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.unreachable)
    }

    /// The catalogue this roadmap was planned for, when known.
    #[getter]
    fn catalogue(&self, py: Python<'_>) -> Option<Py<PyCatalogue>> {
        self.catalogue.as_ref().map(|c| c.clone_ref(py))
    }

    /// The scenario this roadmap was planned for, when known.
    #[getter]
    fn scenario(&self, py: Python<'_>) -> Option<Py<PyScenario>> {
        self.scenario.as_ref().map(|c| c.clone_ref(py))
    }

    /// The calendar year each service reaches its target (None: not within
    /// the horizon, or already done).
    #[getter]
    fn years(&self) -> std::collections::BTreeMap<String, Option<i32>> {
        self.inner
            .services
            .iter()
            .map(|s| (s.id.as_str().to_owned(), s.year))
            .collect()
    }

    /// The roadmap as a dict in the interchange format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &*self.inner)
    }

    /// The roadmap as JSON text, or written to `path` (returns None then).
    #[pyo3(signature = (path=None, indent=true))]
    fn to_json(&self, path: Option<PathBuf>, indent: bool) -> PyResult<Option<String>> {
        let text = to_json_text(&*self.inner, indent)?;
        match path {
            None => Ok(Some(text)),
            Some(p) => write_text(&p, &text).map(|_| None),
        }
    }

    /// One row per service (pandas DataFrame indexed by service id): the
    /// go-live `year`, `already_done`, `why_not_earlier`, joined with the
    /// catalogue's name, entity, levels, demand, effort and cost when the
    /// catalogue is known.
    #[pyo3(signature = (catalogue=None))]
    fn to_pandas<'py>(
        &self,
        py: Python<'py>,
        catalogue: Option<Bound<'py, PyCatalogue>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let services = match catalogue {
            Some(c) => Some(c.get().services_frame(py)?),
            None => match &self.catalogue {
                Some(c) => Some(c.bind(py).get().services_frame(py)?),
                None => None,
            },
        };
        frames(py)?
            .getattr("roadmap_frame")?
            .call1((self.to_dict(py)?, services))
    }

    /// KPIs per plan year (pandas DataFrame indexed by year): services and
    /// demand at target, interactions avoided, spend, ... (the core's KPI
    /// timeline).
    #[pyo3(signature = (catalogue=None))]
    fn kpis<'py>(
        &self,
        py: Python<'py>,
        catalogue: Option<Bound<'py, PyCatalogue>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let cat = self.catalogue_or(py, catalogue, "kpis()")?;
        let roadmap = self.inner.clone();
        let v = py.detach(|| guard(|| core_api::kpi_timeline(&cat, &roadmap)))?;
        frames(py)?
            .getattr("kpis_frame")?
            .call1((json_loads(py, v)?,))
    }

    /// Check the roadmap against the catalogue and scenario with the
    /// independent verifier (no code shared with the planner). Returns a
    /// Verification, truthy when no constraint is violated.
    #[pyo3(signature = (catalogue=None, scenario=None))]
    fn verify(
        &self,
        py: Python<'_>,
        catalogue: Option<Bound<'_, PyCatalogue>>,
        scenario: Option<Bound<'_, PyScenario>>,
    ) -> PyResult<PyVerification> {
        let cat = self.catalogue_or(py, catalogue, "verify()")?;
        let scen = self.scenario_or(py, scenario, "verify()")?;
        let roadmap = self.inner.clone();
        let verdict = py.detach(|| guard(|| core_api::verify(&cat, &scen, &roadmap)))?;
        Ok(PyVerification { verdict })
    }

    /// Track the roadmap against a newer catalogue (levels as they are now)
    /// in calendar year `year`: a DataFrame, one row per service of the
    /// newer catalogue, with its status (`done`, `ahead`, `on_track`,
    /// `late`, `not_planned`) and planned year. The whole tracking (status
    /// counts, blocks, planned vs actual KPIs) is in
    /// `DataFrame.attrs["tracking"]`.
    fn track<'py>(
        &self,
        py: Python<'py>,
        catalogue_now: Bound<'py, PyCatalogue>,
        year: i32,
    ) -> PyResult<Bound<'py, PyAny>> {
        let now = catalogue_now.get().inner.clone();
        let roadmap = self.inner.clone();
        let v = py.detach(|| guard(|| core_api::track(&roadmap, &now, year)))?;
        frames(py)?
            .getattr("tracking_frame")?
            .call1((json_loads(py, v)?,))
    }

    /// Re-plan from calendar year `year` given the catalogue as it is now:
    /// services at target stay done, acquisitions under way carry over, the
    /// plan runs to this roadmap's last year. `scenario` defaults to this
    /// roadmap's. Returns (new Roadmap, changes) where changes is a dict
    /// with the services `moved`, the blocks `carried_over` and the
    /// `dropped_targets`. Progress, stopping and Ctrl-C work as in
    /// `Catalogue.plan`.
    #[pyo3(signature = (catalogue_now, year, scenario=None, progress=None, backend=None))]
    fn replan<'py>(
        &self,
        py: Python<'py>,
        catalogue_now: Bound<'py, PyCatalogue>,
        year: i32,
        scenario: Option<Bound<'py, PyScenario>>,
        progress: Option<Py<PyAny>>,
        backend: Option<String>,
    ) -> PyResult<(PyRoadmap, Bound<'py, PyAny>)> {
        let scen = self.scenario_or(py, scenario, "replan()")?;
        let backend = match backend.as_deref() {
            None => None,
            Some(name) => Some(core_api::backend(name).map_err(ScaleplanError::new_err)?),
        };
        let now = catalogue_now.get().inner.clone();
        let old = self.inner.clone();
        let inputs = py.detach(|| guard_ok(|| core_api::replan_inputs(&old, &now, &scen, year)))?;
        let new_cat = Arc::new(inputs.catalogue.clone());
        let new_scen = Arc::new(inputs.scenario.clone());
        let roadmap = solve(py, new_cat.clone(), new_scen.clone(), backend, progress)?;
        let (roadmap, changes) =
            py.detach(|| guard(|| core_api::finish_replan(&old, &now, inputs, roadmap)))?;
        let new = PyRoadmap {
            inner: Arc::new(roadmap),
            catalogue: Some(Py::new(
                py,
                PyCatalogue {
                    inner: new_cat,
                    warnings: Arc::new(Vec::new()),
                },
            )?),
            scenario: Some(Py::new(py, PyScenario { inner: new_scen })?),
        };
        Ok((new, json_loads(py, changes)?))
    }

    /// The dashboard: one self-contained HTML page (returned, or written
    /// to `path`). `catalogue_now` (a newer catalogue) and `current_year`
    /// add progress tracking against the plan.
    #[pyo3(signature = (catalogue=None, path=None, title=None, catalogue_now=None, current_year=None))]
    fn to_html(
        &self,
        py: Python<'_>,
        catalogue: Option<Bound<'_, PyCatalogue>>,
        path: Option<PathBuf>,
        title: Option<String>,
        catalogue_now: Option<Bound<'_, PyCatalogue>>,
        current_year: Option<i32>,
    ) -> PyResult<Option<String>> {
        let cat = self.catalogue_or(py, catalogue, "to_html()")?;
        let roadmap = self.inner.clone();
        let options = core_api::HtmlOptions {
            title,
            scenario: self
                .scenario
                .as_ref()
                .map(|s| (*s.bind(py).get().inner).clone()),
            catalogue_now: catalogue_now.map(|c| (*c.get().inner).clone()),
            current_year,
        };
        let html = py.detach(|| guard(|| core_api::dashboard(&cat, &roadmap, options)))?;
        match path {
            None => Ok(Some(html)),
            Some(p) => write_text(&p, &html).map(|_| None),
        }
    }

    /// The dashboard for notebooks, in a sandboxed iframe so that its
    /// styles and scripts stay out of the notebook's page.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let escape = |t: &str| {
            t.replace('&', "&amp;")
                .replace('"', "&quot;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        Ok(match self.to_html(py, None, None, None, None, None) {
            Ok(Some(html)) => format!(
                "<iframe srcdoc=\"{}\" sandbox=\"allow-scripts\" style=\"width: 100%; height: 640px; border: 0\"></iframe>",
                escape(&html)
            ),
            _ => format!("<pre>{}</pre>", escape(&self.__repr__())),
        })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyRoadmap>() {
            Ok(o) => *self.inner == *o.get().inner,
            Err(_) => false,
        }
    }

    fn __repr__(&self) -> String {
        let planned = self
            .inner
            .services
            .iter()
            .filter(|s| s.year.is_some())
            .count();
        format!(
            "<scaleplan.Roadmap {}: objective {}, gap {}, {} of {} services planned>",
            self.inner.status.as_str(),
            self.inner.objective,
            self.inner.gap,
            planned,
            self.inner.services.len()
        )
    }

    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (String, Option<Py<PyCatalogue>>, Option<Py<PyScenario>>),
    )> {
        let f = py.get_type::<PyRoadmap>().getattr("_from_state")?;
        Ok((
            f,
            (
                to_json_text(&*self.inner, false)?,
                self.catalogue.as_ref().map(|c| c.clone_ref(py)),
                self.scenario.as_ref().map(|s| s.clone_ref(py)),
            ),
        ))
    }

    /// Unpickle (the interchange JSON, the catalogue and the scenario).
    #[staticmethod]
    #[pyo3(signature = (state, catalogue=None, scenario=None))]
    fn _from_state(
        py: Python<'_>,
        state: String,
        catalogue: Option<Py<PyCatalogue>>,
        scenario: Option<Py<PyScenario>>,
    ) -> PyResult<Self> {
        py.detach(|| guard(|| core_api::roadmap_from_json(&state, "roadmap")))
            .map(|r| PyRoadmap {
                inner: Arc::new(r),
                catalogue,
                scenario,
            })
    }

    fn __copy__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __deepcopy__<'py>(slf: PyRef<'py, Self>, _memo: &Bound<'py, PyAny>) -> PyRef<'py, Self> {
        slf
    }
}

/// The verifier's verdict on a roadmap: `ok`, the `violations` (dicts
/// {"constraint", "message"}) and the `objective` it recomputed from the
/// plan. Truthy when ok.
#[pyclass(module = "scaleplan", name = "Verification", frozen)]
struct PyVerification {
    verdict: core_api::Verdict,
}

#[pymethods]
impl PyVerification {
    /// True when no constraint is violated.
    #[getter]
    fn ok(&self) -> bool {
        self.verdict.ok
    }

    /// Violated constraints, as dicts {"constraint", "message"}.
    #[getter]
    fn violations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_dict(py)?.get_item("violations")
    }

    /// The objective value recomputed from the plan.
    #[getter]
    fn objective(&self) -> f64 {
        self.verdict.objective
    }

    /// The verdict as a dict (the core's JSON shape).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        json_loads(py, self.verdict.json.clone())
    }

    fn __bool__(&self) -> bool {
        self.verdict.ok
    }

    fn __repr__(&self) -> String {
        format!(
            "<scaleplan.Verification ok={} violations={} objective={:?}>",
            if self.verdict.ok { "True" } else { "False" },
            self.verdict.violations,
            self.verdict.objective
        )
    }
}

/// A synthetic catalogue of `services` services and a scenario for it:
/// seeded and deterministic, realistic (skewed entities, heavy-tailed
/// demand, shared blocks, dependencies, deadlines) and always valid; for
/// benchmarks, tests and trying things out. Returns (Catalogue, Scenario).
///
/// >>> import scaleplan
/// >>> cat, scenario = scaleplan.generate(300, seed=7)
/// >>> len(cat), scenario.horizon
/// (300, 5)
/// >>> scaleplan.generate(300, seed=7)[0] == cat
/// True
#[pyfunction]
#[pyo3(signature = (services=200, seed=42, years=None, start_year=None))]
fn generate(
    py: Python<'_>,
    services: usize,
    seed: u64,
    years: Option<u32>,
    start_year: Option<i32>,
) -> PyResult<(PyCatalogue, PyScenario)> {
    let (c, s) =
        py.detach(|| guard_ok(|| core_api::generate(services, seed, years, start_year)))?;
    Ok((PyCatalogue::new(c), PyScenario { inner: Arc::new(s) }))
}

// ---------------------------------------------------------------------------
// Module

/// The package version.
#[pyfunction]
fn _version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

/// Test hook: panic inside the boundary guard, to show that a Rust panic
/// reaches Python as a ScaleplanError, never as a PanicException.
#[pyfunction]
fn _panic_for_tests(message: String) -> PyResult<()> {
    guard(|| -> scaleplan::Result<()> { panic!("{message}") })
}

#[pymodule]
fn _scaleplan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyCatalogue>()?;
    m.add_class::<PyScenario>()?;
    m.add_class::<PyRoadmap>()?;
    m.add_class::<PyVerification>()?;
    m.add_function(wrap_pyfunction!(plan_many, m)?)?;
    m.add_function(wrap_pyfunction!(generate, m)?)?;
    m.add_function(wrap_pyfunction!(_version, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add("ScaleplanError", py.get_type::<ScaleplanError>())?;
    m.add("ValidationError", py.get_type::<ValidationError>())?;
    m.add("LimitError", py.get_type::<LimitError>())?;
    m.add("SolverError", py.get_type::<SolverError>())?;
    m.add("Interrupted", py.get_type::<Interrupted>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
