//! RFI-2 workbook reader. Same entry point as `read_xlsx` (the reader tells
//! the two kinds apart), started from RFI-2 seeds: `fuzz/run.sh` adds the
//! GovStack template from ../shared/data/rfi2 to the live corpus.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(cat) = scaleplan::io::catalogue_from_xlsx_bytes(data, "rfi2.xlsx") {
        assert!(scaleplan::validate::validate_catalogue(&cat).is_ok());
    }
});
