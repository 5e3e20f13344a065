//! XLSX reader (scaleplan workbooks): any bytes give a catalogue or a
//! clear error, within the decompressed-size limit.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cat) = scaleplan::io::catalogue_from_xlsx_bytes(data, "fuzz.xlsx") {
        assert!(scaleplan::validate::validate_catalogue(&cat).is_ok());
    }
});
