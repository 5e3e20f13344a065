//! CSV folder reader: the input is split on NUL bytes into the tables of a
//! catalogue folder (see `scaleplan_fuzz::CSV_TABLES`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    if scaleplan_fuzz::write_csv_folder(dir.path(), data).is_err() {
        return;
    }
    if let Ok(cat) = scaleplan::io::read_catalogue(dir.path()) {
        assert!(scaleplan::validate::validate_catalogue(&cat).is_ok());
    }
});
