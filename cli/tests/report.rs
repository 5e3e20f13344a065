//! `scaleplan report`, run as a process: the page it writes, planning first
//! when there is no roadmap, tracking, and its usage errors. The browser
//! tests (tests/browser/run.sh) load these pages in Chromium.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run the binary with `args`: (exit code, stdout, stderr).
fn scaleplan(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scaleplan"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("the scaleplan binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "a panic is a bug: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(name: &str) -> String {
    repo()
        .join("tests/browser/fixtures")
        .join(name)
        .display()
        .to_string()
}

fn service_ids(catalogue: &str) -> Vec<String> {
    let text = std::fs::read_to_string(catalogue).expect("fixture");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    v["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_owned())
        .collect()
}

/// The id as the page writes it inside an attribute.
fn attr(id: &str) -> String {
    id.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[test]
fn writes_the_page_of_a_given_roadmap_with_tracking() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("dashboard.html");
    let catalogue = fixture("hostile-catalogue.json");
    let (code, stdout, err) = scaleplan(&[
        "report",
        &catalogue,
        "--roadmap",
        &fixture("hostile-roadmap.json"),
        "--scenario",
        &fixture("hostile-scenario.json"),
        "--catalogue-now",
        &fixture("hostile-now.json"),
        "--year",
        "2028",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty(), "the page goes to the file");
    assert!(err.contains("wrote "), "{err}");
    let html = std::fs::read_to_string(&out).expect("the page");
    assert!(html.starts_with("<!DOCTYPE html>"));
    for id in service_ids(&catalogue) {
        assert!(
            html.contains(&format!("<tr data-service=\"{}\">", attr(&id))),
            "{id}"
        );
    }
    assert!(html.contains("Progress at the end of 2028"));
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert!(!html.contains("<img"));
}

#[test]
fn plans_first_without_a_roadmap_and_writes_to_stdout() {
    let catalogue = fixture("hostile-catalogue.json");
    let (code, stdout, err) = scaleplan(&[
        "report",
        &catalogue,
        "--scenario",
        &fixture("hostile-scenario.json"),
        "--time-limit",
        "20",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("planning 8 services first"), "{err}");
    assert!(stdout.starts_with("<!DOCTYPE html>"));
    assert!(stdout.contains("Roadmap status"));
    for id in service_ids(&catalogue) {
        assert!(
            stdout.contains(&format!("data-service=\"{}\"", attr(&id))),
            "{id}"
        );
    }
}

#[test]
fn usage_and_input_errors_are_reported() {
    // --year without a newer catalogue is a usage error.
    let (code, _, err) = scaleplan(&[
        "report",
        &fixture("hostile-catalogue.json"),
        "--roadmap",
        &fixture("hostile-roadmap.json"),
        "--year",
        "2028",
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--catalogue-now"), "{err}");
    // A roadmap file that is not there names the file.
    let (code, _, err) = scaleplan(&[
        "report",
        &fixture("hostile-catalogue.json"),
        "--roadmap",
        "no-such-roadmap.json",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("no-such-roadmap.json"), "{err}");
    // An unwritable output names the file.
    let (code, _, err) = scaleplan(&[
        "report",
        &fixture("hostile-catalogue.json"),
        "--roadmap",
        &fixture("hostile-roadmap.json"),
        "--out",
        "/no/such/dir/dashboard.html",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("/no/such/dir/dashboard.html"), "{err}");
}
