//! Readers and writers: JSON, CSV folders, XLSX workbooks, GovStack RFI-2.
