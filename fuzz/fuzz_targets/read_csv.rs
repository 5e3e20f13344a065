//! CSV reader: the input is split on NUL bytes into the tables of a
//! catalogue folder (see `scaleplan_fuzz::CSV_TABLES`) and read as a
//! browser upload would be (`io::csv::catalogue_from_csv_texts`, the same
//! rules as a folder).
#![no_main]
use libfuzzer_sys::fuzz_target;
use scaleplan::io::Limits;

fuzz_target!(|data: &[u8]| {
    let texts = scaleplan_fuzz::csv_texts(data);
    if let Ok(cat) = scaleplan::io::csv::catalogue_from_csv_texts(&texts, &Limits::default()) {
        assert!(scaleplan::validate::validate_catalogue(&cat).is_ok());
    }
});
