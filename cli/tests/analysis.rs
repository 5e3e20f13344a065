//! `scaleplan score`, `gaps` and `track`, run as the built binary.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scaleplan"))
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run scaleplan")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(args: &[&str]) -> Value {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("valid JSON")
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

// ---------------------------------------------------------------- score

#[test]
fn score_json_on_the_sample_has_the_documented_shape() {
    let v = json(&["score", "--format", "json"]);
    let sample = scaleplan::sample::catalogue();
    let services = v["services"].as_array().unwrap();
    let open = sample.services.iter().filter(|s| !s.is_done()).count();
    assert_eq!(services.len(), open);
    assert_eq!(
        v["done"].as_array().unwrap().len(),
        sample.services.len() - open
    );
    for (i, s) in services.iter().enumerate() {
        for k in [
            "id",
            "impact",
            "feasibility",
            "quadrant",
            "rank",
            "components",
        ] {
            assert!(s.get(k).is_some(), "missing {k}");
        }
        assert_eq!(s["rank"].as_u64().unwrap() as usize, i + 1);
        let imp = s["impact"].as_f64().unwrap();
        let fea = s["feasibility"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&imp) && (0.0..=1.0).contains(&fea));
        let q = match (imp >= 0.5, fea >= 0.5) {
            (true, true) => "quick_win",
            (true, false) => "major_project",
            (false, true) => "fill_in",
            (false, false) => "reconsider",
        };
        assert_eq!(s["quadrant"], q);
        for c in [
            "demand",
            "interactions_avoided",
            "levels",
            "life_events",
            "agencies",
        ] {
            assert!(s["components"][c].is_number(), "component {c}");
        }
        for c in ["blocks", "capacity", "dependencies", "regulatory"] {
            assert!(s["components"][c].is_number(), "component {c}");
        }
    }
}

#[test]
fn score_table_is_aligned_with_thousands_separators() {
    let o = run(&["score", "--top", "10"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("rank"));
    assert!(lines[1].chars().all(|c| c == '-' || c == ' '));
    // 10 rows, each as long as the dashes up to its last column
    let rows: Vec<&str> = lines[2..12].to_vec();
    assert!(rows
        .iter()
        .all(|r| r.trim_start().starts_with(char::is_numeric)));
    // the demand column ends at the same place on every row
    let col_end = lines[0].find("demand").unwrap() + "demand".len();
    for r in &rows {
        let c = r.as_bytes()[col_end - 1] as char;
        assert!(c.is_ascii_digit(), "{r}");
    }
    assert!(text.contains(',') && text.contains("quick wins"));
    assert!(text.contains("showing the top 10"));
}

#[test]
fn score_weights_file_and_values_for_the_planner() {
    let dir = tempfile::tempdir().unwrap();
    let w = write(
        dir.path(),
        "w.json",
        &serde_json::json!({"demand": 1.0, "interactions_avoided": 0.0, "levels": 0.0,
                            "life_events": 0.0, "agencies": 0.0}),
    );
    let v = json(&["score", "--format", "json", "--weights", s(&w)]);
    assert_eq!(v["weights"]["demand"], 1.0);
    // impact is the demand component alone
    for x in v["services"].as_array().unwrap() {
        let d = x["components"]["demand"].as_f64().unwrap();
        assert!((x["impact"].as_f64().unwrap() - d).abs() < 1e-9);
    }
    let out = dir.path().join("scored.json");
    let v = json(&[
        "score",
        "--format",
        "json",
        "--with-values",
        s(&out),
        "--scale",
        "1000",
    ]);
    let c = scaleplan::io::read_catalogue(&out).unwrap();
    for x in v["services"].as_array().unwrap() {
        let id = x["id"].as_str().unwrap();
        let value = c.service(id).unwrap().value.unwrap();
        assert!((value - 1000.0 * x["priority"].as_f64().unwrap()).abs() < 1e-6);
    }
    // the scored catalogue plans
    let o = run(&["plan", s(&out), "--backend", "heuristic", "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));

    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"demnd": 1}"#).unwrap();
    let o = run(&["score", "--weights", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.json") && stderr(&o).contains("demnd"));
}

// ---------------------------------------------------------------- gaps

#[test]
fn gaps_json_lists_exactly_the_blocked_open_services() {
    let v = json(&["gaps", "--format", "json"]);
    let c = scaleplan::sample::catalogue();
    let gaps = v["building_blocks"].as_array().unwrap();
    let missing = c
        .building_blocks
        .iter()
        .filter(|b| b.status == scaleplan::BlockStatus::Missing)
        .count();
    assert_eq!(gaps.len(), missing);
    for g in gaps {
        for k in [
            "id",
            "services_blocked",
            "demand_blocked",
            "life_events_blocked",
            "candidate_systems",
            "options",
            "cheapest",
            "fastest",
        ] {
            assert!(g.get(k).is_some(), "missing {k}");
        }
        let id = g["id"].as_str().unwrap();
        let expected: Vec<&str> = c
            .services
            .iter()
            .filter(|s| !s.is_done() && c.blocks_needed(s).iter().any(|b| b.as_str() == id))
            .map(|s| s.id.as_str())
            .collect();
        let got: Vec<&str> = g["services_blocked"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        assert_eq!(got, expected, "{id}");
        let demand: f64 = expected.iter().map(|s| c.service(s).unwrap().demand).sum();
        assert!((g["demand_blocked"].as_f64().unwrap() - demand).abs() < 1e-6);
        for sys in g["candidate_systems"].as_array().unwrap() {
            let sys = c
                .systems
                .iter()
                .find(|x| x.id.as_str() == sys["id"].as_str().unwrap())
                .unwrap();
            assert!(sys.provides.iter().any(|b| b.as_str() == id));
        }
    }
    let policies = v["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 6);
    for p in policies {
        assert!(["in_force", "draft", "missing"].contains(&p["status"].as_str().unwrap()));
    }
    let required: Vec<&Value> = v["required"].as_array().unwrap().iter().collect();
    for l in v["lacking"].as_array().unwrap() {
        assert!(required.contains(&l));
    }
}

#[test]
fn gaps_table_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let cat = write(dir.path(), "c.json", &small_catalogue(&[2, 2, 3, 1]));
    let o = run(&["gaps", s(&cat)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("missing building blocks"));
    assert!(text.contains("payments"));
    assert!(text.contains("tender 1,200, 1 y"));
    assert!(text.contains("regulatory framework"));
    assert!(text.contains("missing: digital service standard"));
    // an invalid catalogue: every problem, located, exit 1
    let bad = write(
        dir.path(),
        "bad.json",
        &serde_json::json!({"format": "scaleplan/1", "start_year": 2027, "servces": []}),
    );
    let o = run(&["gaps", s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("bad.json") && stderr(&o).contains("servces"));
}

// ---------------------------------------------------------------- track

/// Four services of one ministry; `b` needs payments (missing, tender 1
/// year), `d` depends on `b`.
fn small_catalogue(levels: &[u8; 4]) -> Value {
    serde_json::json!({
        "format": "scaleplan/1",
        "name": "Testland",
        "start_year": 2027,
        "entities": [{"id": "moh", "capacity": 10}],
        "building_blocks": [
            {"id": "identity", "status": "available"},
            {"id": "payments", "status": "missing",
             "options": [{"approach": "tender", "cost": 1200, "lead_years": 1}]}
        ],
        "services": [
            {"id": "a", "entity": "moh", "level": levels[0], "demand": 1000, "effort": 2,
             "building_blocks": ["identity"]},
            {"id": "b", "entity": "moh", "level": levels[1], "demand": 500, "effort": 2,
             "building_blocks": ["payments"]},
            {"id": "c", "entity": "moh", "level": levels[2], "demand": 100, "effort": 2},
            {"id": "d", "entity": "moh", "level": levels[3], "demand": 10, "effort": 2,
             "depends_on": ["b"]}
        ]
    })
}

fn old_roadmap() -> Value {
    serde_json::json!({
        "format": "scaleplan-roadmap/1", "status": "optimal",
        "start_year": 2027, "horizon": 4,
        "services": [{"id": "a", "year": 2027}, {"id": "b", "year": 2028},
                     {"id": "c", "year": 2030}, {"id": "d", "year": 2029}],
        "building_blocks": [{"id": "payments", "approach": "tender",
                             "start_year": 2027, "available_year": 2028}],
        "years": []
    })
}

fn track_files(dir: &Path) -> (PathBuf, PathBuf) {
    // now: a and c reached level 4, b and d did not
    let now = write(dir, "now.json", &small_catalogue(&[4, 2, 4, 1]));
    let r = write(dir, "r.json", &old_roadmap());
    (r, now)
}

#[test]
fn track_statuses_and_kpis() {
    let dir = tempfile::tempdir().unwrap();
    let (r, now) = track_files(dir.path());
    let v = json(&[
        "track",
        "--roadmap",
        s(&r),
        "--catalogue",
        s(&now),
        "--year",
        "2029",
        "--format",
        "json",
    ]);
    let t = &v["tracking"];
    let status = |id: &str| {
        t["services"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("a"), "done");
    assert_eq!(status("b"), "late");
    assert_eq!(status("c"), "ahead");
    assert_eq!(status("d"), "on_track");
    assert_eq!(t["building_blocks"][0]["status"], "late");
    assert!(v.get("replan").is_none());
    let kpis = t["kpis"].as_array().unwrap();
    let years: Vec<i64> = kpis.iter().map(|k| k["year"].as_i64().unwrap()).collect();
    assert_eq!(years, [2026, 2027, 2028, 2029]);
    let last = kpis.last().unwrap();
    // planned by 2029: a, b, d; actually: a, c
    assert_eq!(last["planned"]["services_at_target"], 3);
    assert_eq!(last["actual"]["services_at_target"], 2);
    assert!(kpis[0]["actual"].is_null());

    let o = run(&[
        "track",
        "--roadmap",
        s(&r),
        "--catalogue",
        s(&now),
        "--year",
        "2029",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("1 done, 1 ahead, 1 on track, 1 late, 0 not planned"));
    assert!(text.contains("2029 actual"));
    let late_line = text.lines().find(|l| l.starts_with("b ")).unwrap();
    assert!(late_line.contains("late") && late_line.contains("2028"));
}

#[test]
fn track_replan_reports_what_moved() {
    let dir = tempfile::tempdir().unwrap();
    let (r, now) = track_files(dir.path());
    let sc = write(
        dir.path(),
        "s.json",
        &serde_json::json!({"horizon": 4, "targets": [{"year": 2028, "share": 0.5}]}),
    );
    let args = [
        "track",
        "--roadmap",
        s(&r),
        "--catalogue",
        s(&now),
        "--year",
        "2029",
        "--replan",
        "--scenario",
        s(&sc),
    ];
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let v = json(&with_json);
    let re = &v["replan"];
    assert_eq!(re["start_year"], 2029);
    assert_eq!(re["horizon"], 2);
    assert_eq!(re["roadmap"]["status"], "optimal");
    // payments was ordered in 2027 and is due: kept, usable now; b moves
    // from 2028 to 2029, d stays in 2029; a and c are done
    assert_eq!(re["carried_over"], serde_json::json!(["payments"]));
    assert_eq!(
        re["moved"],
        serde_json::json!([{"id": "b", "old_year": 2028, "new_year": 2029}])
    );
    assert_eq!(re["dropped_targets"][0]["year"], 2028);

    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("re-plan 2029..2030: optimal"));
    // the heuristic finds the same re-plan here
    let mut heuristic = with_json.clone();
    heuristic.extend(["--backend", "heuristic", "--time-limit", "5"]);
    let h = json(&heuristic);
    assert_eq!(h["replan"]["moved"], re["moved"]);
    assert_eq!(h["replan"]["roadmap"]["solver"], "heuristic");
    let moved = text.lines().rev().find(|l| l.starts_with("b ")).unwrap();
    assert!(moved.contains("2028") && moved.contains("2029"), "{moved}");
}

#[test]
fn track_usage_and_input_errors() {
    let dir = tempfile::tempdir().unwrap();
    let (r, now) = track_files(dir.path());
    // --roadmap is required
    let o = run(&["track", "--catalogue", s(&now)]);
    assert_eq!(o.status.code(), Some(2));
    // --scenario without --replan
    let o = run(&[
        "track",
        "--roadmap",
        s(&r),
        "--catalogue",
        s(&now),
        "--scenario",
        s(&r),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--replan"));
    // a roadmap that does not exist: named on stderr
    let missing = dir.path().join("nope.json");
    let o = run(&["track", "--roadmap", s(&missing), "--catalogue", s(&now)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nope.json"), "{}", stderr(&o));
}
