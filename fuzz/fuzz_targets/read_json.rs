//! JSON readers: any bytes give a catalogue or scenario, or a clear error.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(cat) = scaleplan::io::catalogue_from_json(&text, "fuzz.json") {
        // What was read validates, and survives a round trip.
        assert!(scaleplan::validate::validate_catalogue(&cat).is_ok());
        let again = serde_json::to_string(&cat).expect("a catalogue serialises");
        let back = scaleplan::io::catalogue_from_json(&again, "again.json")
            .expect("a written catalogue reads back");
        assert_eq!(back, cat);
    }
    let _ = scaleplan::io::scenario_from_json(&text, "fuzz.json");
    let _ = scaleplan::io::roadmap_from_json(&text, "fuzz.json");
});
