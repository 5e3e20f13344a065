//! The bad-input corpus: every file (or CSV folder) under `corpus/` must
//! give exactly the lines of its `.expected` file (see corpus/README.md).
//! Regenerate after an intended message change with
//! `SCALEPLAN_BLESS=1 cargo test -p scaleplan-tests --test corpus` and
//! review the diff.

use scaleplan::io::{self, Limits};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The cases: (name without extension, input path).
fn cases() -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(corpus_dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        if file.ends_with(".limits.json") {
            continue;
        }
        let stem = if let Some(s) = file.strip_suffix(".json") {
            s
        } else if let Some(s) = file.strip_suffix(".csv").filter(|_| path.is_dir()) {
            s
        } else if let Some(s) = file.strip_suffix(".xlsx") {
            s
        } else {
            continue;
        };
        out.push((stem.to_owned(), path));
    }
    out.sort();
    out
}

/// Read one case the way every binding does; the problem lines, or none.
fn run(stem: &str, path: &Path) -> Vec<String> {
    let file = path.file_name().unwrap().to_str().unwrap();
    let limits_path = corpus_dir().join(format!("{stem}.limits.json"));
    let limits: Limits = match std::fs::read_to_string(&limits_path) {
        Ok(t) => serde_json::from_str(&t).unwrap(),
        Err(_) => Limits::default(),
    };
    let result: scaleplan::Result<()> = if path.is_dir() {
        let mut texts = BTreeMap::new();
        for e in std::fs::read_dir(path).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_str().unwrap().to_owned();
            texts.insert(name, std::fs::read_to_string(&p).unwrap());
        }
        io::csv::catalogue_from_csv_texts(&texts, &limits).map(|_| ())
    } else if file.ends_with(".xlsx") {
        let bytes = std::fs::read(path).unwrap();
        io::catalogue_from_xlsx_bytes(&bytes, file).map(|_| ())
    } else {
        let text = std::fs::read_to_string(path).unwrap();
        if stem.ends_with(".scenario") {
            io::scenario_from_json(&text, file).map(|_| ())
        } else {
            io::catalogue_from_json_with(&text, file, &limits).map(|_| ())
        }
    };
    match result {
        Ok(()) => Vec::new(),
        Err(e) => {
            let p = e.problems();
            if p.is_empty() {
                vec![e.to_string()]
            } else {
                p.iter().map(ToString::to_string).collect()
            }
        }
    }
}

#[test]
fn corpus_gives_the_expected_lines() {
    let bless = std::env::var_os("SCALEPLAN_BLESS").is_some();
    let cases = cases();
    assert!(cases.len() >= 25, "only {} corpus cases", cases.len());
    let mut failures = Vec::new();
    for (stem, path) in &cases {
        let got = run(stem, path);
        let expected_path = corpus_dir().join(format!("{stem}.expected"));
        if bless {
            let mut text = got.join("\n");
            if !text.is_empty() {
                text.push('\n');
            }
            std::fs::write(&expected_path, text).unwrap();
        }
        let expected: Vec<String> = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{} is missing", expected_path.display()))
            .lines()
            .map(str::to_owned)
            .collect();
        if got != expected {
            failures.push(format!("{stem}:\n  expected {expected:#?}\n  got {got:#?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn cases_that_must_pass_do_and_bad_ones_fail() {
    for (stem, path) in cases() {
        let got = run(&stem, &path);
        let should_pass = stem.contains("bom-crlf");
        assert_eq!(got.is_empty(), should_pass, "{stem}: {got:?}");
    }
}
