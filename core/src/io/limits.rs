//! Input limits: hostile or broken inputs give a clear error, never a crash
//! or an unbounded allocation.

use crate::error::{Error, Location, Problem};
use serde::{Deserialize, Serialize};

/// Limits every reader enforces before (or while) it parses.
///
/// The defaults are generous for real catalogues (the largest national
/// inventories have a few thousand services) and small enough that a
/// hostile input cannot exhaust memory:
///
/// | limit | default |
/// |---|---|
/// | `max_bytes` (one file) | 64 MiB |
/// | `max_services` | 100 000 |
/// | `max_depth` (JSON nesting) | 64 |
/// | `max_xlsx_decompressed` (sum of a workbook's parts) | 256 MiB |
/// | `max_rows` (one CSV file or sheet) | 1 000 000 |
///
/// # Examples
/// ```
/// use scaleplan::io::Limits;
/// let strict = Limits { max_services: 500, ..Limits::default() };
/// assert_eq!(strict.max_depth, 64);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Limits {
    /// Largest file (or in-memory text) read, in bytes.
    pub max_bytes: u64,
    /// Most services in one catalogue.
    pub max_services: usize,
    /// Deepest nesting of JSON arrays and objects.
    pub max_depth: usize,
    /// Largest total decompressed size of an XLSX workbook's parts, in bytes
    /// (refuses zip bombs before decompressing anything).
    pub max_xlsx_decompressed: u64,
    /// Most rows in one CSV file or sheet.
    pub max_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 * 1024 * 1024,
            max_services: 100_000,
            max_depth: 64,
            max_xlsx_decompressed: 256 * 1024 * 1024,
            max_rows: 1_000_000,
        }
    }
}

impl Limits {
    /// Error when `len` bytes exceed `max_bytes`.
    pub(crate) fn check_bytes(&self, len: u64, document: &str) -> Result<(), Error> {
        if len > self.max_bytes {
            return Err(Error::Limit(Problem::new(
                Location::document(document),
                format!(
                    "input is too large: {len} bytes, the limit is {} bytes",
                    self.max_bytes
                ),
            )));
        }
        Ok(())
    }

    /// Error when a catalogue has more services than allowed.
    pub(crate) fn check_services(&self, n: usize, document: &str) -> Result<(), Error> {
        if n > self.max_services {
            return Err(Error::Limit(Problem::new(
                Location::document(document).in_list("services"),
                format!("too many services: {n}, the limit is {}", self.max_services),
            )));
        }
        Ok(())
    }

    /// Error when a table has more rows than allowed.
    pub(crate) fn check_rows(&self, n: usize, document: &str) -> Result<(), Error> {
        if n > self.max_rows {
            return Err(Error::Limit(Problem::new(
                Location::document(document),
                format!("too many rows: {n}, the limit is {}", self.max_rows),
            )));
        }
        Ok(())
    }

    /// Scan JSON text for nesting deeper than `max_depth` (outside strings),
    /// so deep input is refused before the parser recurses into it.
    pub(crate) fn check_depth(&self, text: &str, document: &str) -> Result<(), Error> {
        if !self.too_deep(text.as_bytes()) {
            return Ok(());
        }
        // find where, counting lines and characters
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut line = 1usize;
        let mut col = 0usize;
        for ch in text.chars() {
            col += 1;
            if ch == '\n' {
                line += 1;
                col = 0;
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if ch == '\\' {
                    escaped = true;
                } else if ch == '"' {
                    in_string = false;
                }
                continue;
            }
            match ch {
                '"' => in_string = true,
                '[' | '{' => {
                    depth += 1;
                    if depth > self.max_depth {
                        return Err(Error::Limit(Problem::new(
                            Location::document(document).line(line, col),
                            format!(
                                "nesting is too deep: the limit is {} levels",
                                self.max_depth
                            ),
                        )));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether the nesting goes deeper than `max_depth`: the scan of
    /// [`Limits::check_depth`] over bytes (the characters it looks at are
    /// ASCII, and no byte of a multi-byte UTF-8 character is).
    fn too_deep(&self, bytes: &[u8]) -> bool {
        let mut depth = 0usize;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            i += 1;
            match b {
                b'"' => {
                    // skip the string: to the next quote not escaped
                    while let Some(&c) = bytes.get(i) {
                        i += 1;
                        if c == b'\\' {
                            i += 1;
                        } else if c == b'"' {
                            break;
                        }
                    }
                }
                b'[' | b'{' => {
                    depth += 1;
                    if depth > self.max_depth {
                        return true;
                    }
                }
                b']' | b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_brackets_outside_strings_only() {
        let l = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(l.check_depth(r#"{"a":[{"b":"[[[[[["}]}"#, "x").is_ok());
        let err = l.check_depth("[[[[1]]]]", "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "x, line 1, column 4: nesting is too deep: the limit is 3 levels"
        );
    }

    #[test]
    fn depth_skips_strings_with_escapes_and_non_ascii() {
        let l = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(l
            .check_depth(r#"{"é\"[[": "\\", "b": ["ü[{\"", "x"]}"#, "x")
            .is_ok());
        assert_eq!(
            l.check_depth("{\"é\": [\"ü\", [1]]}", "x")
                .unwrap_err()
                .to_string(),
            "x, line 1, column 13: nesting is too deep: the limit is 2 levels"
        );
    }

    #[test]
    fn bytes_and_services() {
        let l = Limits {
            max_bytes: 10,
            max_services: 2,
            ..Limits::default()
        };
        assert!(l.check_bytes(10, "x").is_ok());
        assert!(l.check_bytes(11, "x").is_err());
        assert!(l.check_services(2, "x").is_ok());
        assert_eq!(
            l.check_services(3, "c.json").unwrap_err().to_string(),
            "c.json, services: too many services: 3, the limit is 2"
        );
    }
}
