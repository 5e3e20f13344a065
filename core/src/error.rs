//! Errors. Messages are lowercase, say what is wrong and where, and never
//! name Rust types: they are shown as they are to command-line, Python and
//! JavaScript users.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a problem is: the document (a file name, or `catalogue` /
/// `scenario` / `roadmap` for in-memory documents) and a position inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// File name or document kind.
    pub document: String,
    /// The list (`services`, `entities`, ...), when the problem is in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// Position in the list (0-based), for JSON documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// Id of the entry, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Row in a CSV file or sheet (1-based, the header is row 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Field or column name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Line and column in a text file, for syntax errors.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<(usize, usize)>,
}

impl Location {
    /// A location in a document.
    pub fn document(document: impl Into<String>) -> Self {
        Location {
            document: document.into(),
            ..Location::default()
        }
    }
    /// The entry `index` of `list`.
    pub fn entry(mut self, list: &str, index: usize) -> Self {
        self.list = Some(list.to_owned());
        self.index = Some(index);
        self
    }
    /// The list, without an entry.
    pub fn in_list(mut self, list: &str) -> Self {
        self.list = Some(list.to_owned());
        self
    }
    /// With the entry's id.
    pub fn id(mut self, id: impl Into<String>) -> Self {
        let id = id.into();
        if !id.is_empty() {
            self.id = Some(id);
        }
        self
    }
    /// With a field (or column).
    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
    /// With a row (1-based; the header row is 1).
    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
    /// With a line and column of a text file.
    pub fn line(mut self, line: usize, column: usize) -> Self {
        self.line = Some((line, column));
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document)?;
        if let Some((l, c)) = self.line {
            write!(f, ", line {l}, column {c}")?;
        }
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        match (&self.list, self.index) {
            (Some(list), Some(i)) if self.row.is_none() => write!(f, ", {list}[{i}]")?,
            (Some(list), None) if self.row.is_none() => write!(f, ", {list}")?,
            _ => {}
        }
        if let Some(id) = &self.id {
            write!(f, " (id \"{id}\")")?;
        }
        if let Some(field) = &self.field {
            if self.row.is_some() {
                write!(f, ", column `{field}`")?;
            } else {
                write!(f, ", field `{field}`")?;
            }
        }
        Ok(())
    }
}

/// One thing wrong with an input, and where.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Problem {
    /// Where (boxed: errors stay small on the `Ok` path).
    pub location: Box<Location>,
    /// What is wrong, in lowercase words.
    pub message: String,
}

impl Problem {
    /// A problem at a location.
    pub fn new(location: Location, message: impl Into<String>) -> Self {
        Problem {
            location: Box::new(location),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Every problem found in an input, all at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationErrors {
    /// The problems, in document order.
    pub problems: Vec<Problem>,
}

impl ValidationErrors {
    /// Wrap a list of problems.
    pub fn new(problems: Vec<Problem>) -> Self {
        ValidationErrors { problems }
    }
    /// Turn a list into `Ok(())` when empty.
    pub fn check(problems: Vec<Problem>) -> Result<(), ValidationErrors> {
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ValidationErrors { problems })
        }
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.problems.len();
        if n == 1 {
            write!(f, "{}", self.problems[0])
        } else {
            write!(f, "{n} problems:")?;
            for p in &self.problems {
                write!(f, "\n  {p}")?;
            }
            Ok(())
        }
    }
}

impl std::error::Error for ValidationErrors {}

/// What can go wrong in scaleplan.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input is not a valid catalogue, scenario or roadmap; every
    /// problem found is listed with its location.
    #[error("{0}")]
    Invalid(#[from] ValidationErrors),
    /// An input is larger than a configured limit (see `io::Limits`).
    #[error("{0}")]
    Limit(Problem),
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: String,
        /// What went wrong, in words.
        message: String,
    },
    /// The solver failed (not: the scenario is infeasible, which is a
    /// roadmap with status `infeasible`).
    #[error("solver failed: {0}")]
    Solver(String),
    /// The solve was interrupted by the caller before any plan was found.
    #[error("interrupted before a plan was found")]
    Interrupted,
}

impl Error {
    /// The located problems, when the error is about the input.
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Error::Invalid(v) => v.problems.clone(),
            Error::Limit(p) => vec![p.clone()],
            _ => Vec::new(),
        }
    }

    /// A single located problem as an error.
    pub fn invalid(location: Location, message: impl Into<String>) -> Self {
        Error::Invalid(ValidationErrors::new(vec![Problem::new(location, message)]))
    }

    /// An I/O error on a path.
    pub fn io(path: impl fmt::Display, err: impl fmt::Display) -> Self {
        Error::Io {
            path: path.to_string(),
            message: lower_first(&err.to_string()),
        }
    }
}

/// Lowercase the first letter of an upstream message (cedar style).
pub(crate) fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_uppercase() && !c.clone().next().is_some_and(|n| n.is_uppercase()) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_owned(),
    }
}

/// `Result` with scaleplan's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;
