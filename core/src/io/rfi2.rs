//! GovStack RFI-2 service catalogue workbooks (work in progress).

use super::limits::Limits;
use super::xlsx::Sheet;
use super::Loaded;
use crate::error::{Error, Location, Result};
use crate::model::Catalogue;

/// True when the sheet names look like an RFI-2 workbook.
pub(crate) fn is_rfi2<'a>(names: impl Iterator<Item = &'a str>) -> bool {
    names.into_iter().any(|n| {
        let k: String = n
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
            .to_lowercase();
        k.starts_with("service") && k.contains("catalog")
    })
}

pub(crate) fn from_sheets(
    _sheets: &[Sheet],
    document: &str,
    _limits: &Limits,
) -> Result<Loaded<Catalogue>> {
    Err(Error::invalid(
        Location::document(document),
        "rfi-2 import not available yet",
    ))
}
