//! The `scaleplan` command line, run as a process: exit codes, every
//! problem on stderr, conversions, diff, schema, graph, RFI-2.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Run the binary in `dir` with `args`: (exit code, stdout, stderr).
fn scaleplan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scaleplan"))
        .args(args)
        .current_dir(dir)
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

fn sample_json() -> PathBuf {
    repo().join("core/src/sample/arcadia.catalogue.json")
}

#[test]
fn validate_the_bundled_sample() {
    let (code, out, err) = scaleplan(&repo(), &["validate"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("valid: "), "{out}");
}

#[test]
fn corpus_json_cases_give_their_lines_on_stderr() {
    let dir = repo().join("tests/corpus");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(stem) = file.strip_suffix(".json") else {
            continue;
        };
        if stem.contains('.') || dir.join(format!("{stem}.limits.json")).exists() {
            continue; // scenarios and cases with special limits
        }
        let expected = std::fs::read_to_string(dir.join(format!("{stem}.expected"))).unwrap();
        let (code, _, err) = scaleplan(&dir, &["validate", "--quiet", &file]);
        let want: Vec<String> = expected.lines().map(|l| format!("error: {l}")).collect();
        let got: Vec<String> = err.lines().map(str::to_owned).collect();
        assert_eq!(got, want, "{file}");
        assert_eq!(code, if want.is_empty() { 0 } else { 1 }, "{file}");
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}

#[test]
fn validate_a_scenario_with_the_catalogue() {
    let dir = repo().join("tests/corpus");
    let expected = std::fs::read_to_string(dir.join("bad.scenario.expected")).unwrap();
    let want: Vec<String> = expected.lines().map(|l| format!("error: {l}")).collect();
    let (code, _, err) = scaleplan(
        &dir,
        &["validate", "--quiet", "--scenario", "bad.scenario.json"],
    );
    assert_eq!(code, 1);
    assert_eq!(err.lines().map(str::to_owned).collect::<Vec<_>>(), want);
    // a well-formed scenario whose target year is outside the plan years
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("s.json"),
        r#"{"horizon": 2, "targets": [{"year": 1999, "share": 0.5}]}"#,
    )
    .unwrap();
    let (code, _, err) = scaleplan(tmp.path(), &["validate", "--scenario", "s.json"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "error: s.json, targets[0], field `year`: year 1999 is outside the plan years"
        ),
        "{err}"
    );
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    let (code, _, _) = scaleplan(&repo(), &["convert"]);
    assert_eq!(code, 2);
    let (code, _, _) = scaleplan(&repo(), &["no-such-command"]);
    assert_eq!(code, 2);
    let (code, _, err) = scaleplan(&repo(), &["validate", "does-not-exist.json"]);
    assert_eq!(code, 1);
    assert_eq!(err, "error: does-not-exist.json: no such file or folder\n");
    let (code, _, err) = scaleplan(&repo(), &["validate", "Cargo.toml"]);
    assert_eq!(code, 1);
    assert!(err.contains("unknown kind of catalogue"), "{err}");
}

#[test]
fn every_subcommand_has_help() {
    for cmd in [
        "validate", "convert", "diff", "graph", "schema", "plan", "score", "gaps", "track",
        "report",
    ] {
        let (code, out, _) = scaleplan(&repo(), &[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(out.contains("Usage: scaleplan"), "{cmd}: {out}");
    }
}

#[test]
fn convert_json_csv_xlsx_and_back_without_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let src = sample_json();
    let src = src.to_str().unwrap();
    for (from, to) in [
        (src, "csv"),
        ("csv", "book.xlsx"),
        ("book.xlsx", "back.json"),
    ] {
        let (code, _, err) = scaleplan(t, &["convert", from, to]);
        assert_eq!(code, 0, "{from} -> {to}: {err}");
    }
    assert!(t.join("csv/services.csv").exists());
    let (code, out, err) = scaleplan(t, &["diff", src, "back.json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "no changes\n");
    for input in ["csv", "book.xlsx", "back.json"] {
        let (code, _, err) = scaleplan(t, &["validate", input]);
        assert_eq!(code, 0, "{input}: {err}");
    }
}

#[test]
fn csv_folder_errors_name_file_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let (code, _, _) = scaleplan(t, &["convert", sample_json().to_str().unwrap(), "csv"]);
    assert_eq!(code, 0);
    let services = t.join("csv/services.csv");
    let text = std::fs::read_to_string(&services).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // break row 3: an unknown entity
    let row3 = lines[2].clone();
    let cells: Vec<&str> = row3.splitn(4, ',').collect();
    lines[2] = format!("{},{},nowhere,{}", cells[0], cells[1], cells[3]);
    std::fs::write(&services, lines.join("\n")).unwrap();
    let (code, _, err) = scaleplan(t, &["validate", "csv"]);
    assert_eq!(code, 1);
    let id = cells[0];
    assert_eq!(
        err.trim_end(),
        format!("error: csv/services.csv, row 3 (id \"{id}\"), column `entity`: unknown entity `nowhere`")
    );
}

#[test]
fn diff_reports_changes_as_lines_and_json() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let text = std::fs::read_to_string(sample_json()).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let first = v["services"][0]["id"].as_str().unwrap().to_owned();
    let level = v["services"][0]["level"].as_u64().unwrap();
    let new_level = if level == 4 { 3 } else { level + 1 };
    v["services"][0]["level"] = serde_json::json!(new_level);
    v["version"] = serde_json::json!("next");
    std::fs::write(t.join("new.json"), serde_json::to_string(&v).unwrap()).unwrap();
    let src = sample_json();
    let (code, out, err) = scaleplan(t, &["diff", src.to_str().unwrap(), "new.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!(
            "^ services: {first}: level {level} -> {new_level}"
        )),
        "{out}"
    );
    let (code, out, _) = scaleplan(
        t,
        &[
            "diff",
            "--format",
            "json",
            src.to_str().unwrap(),
            "new.json",
        ],
    );
    assert_eq!(code, 0);
    let d: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["level_changes"][0]["id"], first.as_str());
    assert_eq!(d["new_version"], "next");
}

#[test]
fn schema_prints_the_shipped_schemas() {
    for doc in ["catalogue", "scenario", "roadmap"] {
        let (code, out, _) = scaleplan(&repo(), &["schema", doc]);
        assert_eq!(code, 0);
        let shipped =
            std::fs::read_to_string(repo().join(format!("schema/{doc}.schema.json"))).unwrap();
        assert_eq!(out, shipped, "{doc}");
    }
}

#[test]
fn graph_summary_as_table_and_json() {
    let (code, out, err) = scaleplan(&repo(), &["graph"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("services: "), "{out}");
    let (code, out, _) = scaleplan(&repo(), &["graph", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(v.is_object());
}

#[test]
fn rfi2_template_reads_with_warnings() {
    let path = repo().join("../shared/data/rfi2/govstack-rfi2-template.xlsx");
    if !path.exists() {
        eprintln!("skipped: {} is absent", path.display());
        return;
    }
    let (code, out, err) = scaleplan(&repo(), &["validate", path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("valid: 1 services"), "{out}");
    assert!(err.lines().all(|l| l.starts_with("warning: ")), "{err}");
    assert!(err.contains("no capacities"), "{err}");
}

#[test]
fn a_catalogue_on_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_scaleplan"))
        .args(["validate", "-"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text = r#"{"format": "scaleplan/1", "start_year": 2027, "services": [{"id": "a", "entity": "x", "level": 2}]}"#;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: stdin, services[0] (id \"a\"), field `entity`: unknown entity `x`\n"
    );
}

#[test]
fn limits_are_set_on_the_command_line() {
    let (code, _, err) = scaleplan(
        &repo(),
        &[
            "validate",
            "--max-services",
            "5",
            sample_json().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("too many services"), "{err}");
    assert!(err.contains("the limit is 5"), "{err}");
    let (code, _, err) = scaleplan(
        &repo(),
        &[
            "--max-bytes",
            "100",
            "validate",
            sample_json().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("input is too large"), "{err}");
}

#[test]
fn hostile_inputs_fail_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    std::fs::write(t.join("junk.xlsx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(t.join("binary.json"), [0xffu8, 0xfe, 0x00, 0x7b]).unwrap();
    std::fs::write(t.join("deep.json"), "[".repeat(100_000)).unwrap();
    std::fs::create_dir(t.join("empty")).unwrap();
    for f in ["junk.xlsx", "binary.json", "deep.json", "empty"] {
        let (code, _, err) = scaleplan(t, &["validate", f]);
        assert_eq!(code, 1, "{f}");
        assert!(err.starts_with(&format!("error: {f}")), "{f}: {err}");
    }
}
