use super::*;
use crate::model::{BlockPlan, ServicePlan, Target, YearSummary};

const HOSTILE: [&str; 4] = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
    "\"><svg onload=window.__pwned=1>",
    "' onmouseover='window.__pwned=1",
];

fn catalogue() -> Catalogue {
    let json = serde_json::json!({
        "format": "scaleplan/1",
        "name": "Republic of <b>Example</b>",
        "version": "2027-03",
        "start_year": 2027,
        "entities": [
            {"id": "moh", "name": "Ministry of Health", "capacity": 20},
            {"id": "moi", "name": HOSTILE[0], "capacity": [10, 12]}
        ],
        "building_blocks": [
            {"id": "identity", "name": "Identity", "status": "available"},
            {"id": "payments", "name": HOSTILE[1], "status": "missing",
             "options": [{"approach": "reuse", "cost": 150000, "lead_years": 1, "system": "mifos"}]},
            {"id": "messaging", "name": "Messaging", "status": "missing",
             "options": [{"approach": "tender", "cost": 90000, "lead_years": 2}]}
        ],
        "systems": [
            {"id": "mifos", "name": "Mifos <Payment> Hub", "provides": ["payments"]}
        ],
        "services": [
            {"id": "birth", "name": "Birth certificate", "entity": "moh", "level": 2,
             "demand": 250000, "interactions": 3, "building_blocks": ["identity", "payments"],
             "kpis": {"cost_per_transaction": 12.5, "user_satisfaction": 0.71,
                      "completion_rate": 0.64, "digital_take_up": 0.18}},
            {"id": "passport", "name": HOSTILE[2], "entity": "moi", "level": 1, "demand": 1000000},
            {"id": "permit", "name": HOSTILE[3], "entity": "moi", "level": 3, "demand": 5000,
             "building_blocks": ["messaging"]},
            {"id": "tax", "name": "Tax return", "entity": "moh", "level": 4, "demand": 800000},
            {"id": "never", "name": "Fishing licence", "entity": "moh", "level": 1, "demand": 100}
        ],
        "life_events": [
            {"id": "child", "name": "Having a child", "services": ["birth", "tax"]},
            {"id": "move", "name": HOSTILE[1], "audience": "business", "services": ["permit", "never"]}
        ],
        "policies": [
            {"id": "dss", "name": "Digital service standard", "kind": "digital_service_standard", "status": "in_force"},
            {"id": "ea", "name": "EA draft", "kind": "enterprise_architecture", "status": "draft"},
            {"id": "x", "name": HOSTILE[0], "kind": "other", "status": "draft"}
        ]
    });
    serde_json::from_value(json).expect("fixture catalogue")
}

fn year(
    y: i32,
    at: usize,
    share: f64,
    demand: f64,
    avoided: f64,
    le: usize,
    spend: f64,
) -> YearSummary {
    YearSummary {
        year: y,
        budget_used: spend,
        capacity_used: [("moh".to_owned(), 6.0), ("moi".to_owned(), 4.0)]
            .into_iter()
            .collect(),
        services_at_target: at,
        share_at_target: share,
        share_demand_at_target: demand,
        interactions_avoided: avoided,
        life_events_complete: le,
    }
}

fn roadmap() -> Roadmap {
    let mut rm = Roadmap::empty(Status::Optimal);
    rm.start_year = Some(2027);
    rm.horizon = Some(3);
    let plan = |id: &str, y: Option<i32>| ServicePlan {
        id: id.into(),
        year: y,
        already_done: false,
        why_not_earlier: None,
    };
    rm.services = vec![
        plan("birth", Some(2028)),
        plan("passport", Some(2029)),
        plan("permit", Some(2029)),
        ServicePlan {
            already_done: true,
            ..plan("tax", None)
        },
        plan("never", None),
    ];
    rm.building_blocks = vec![
        BlockPlan {
            id: "payments".into(),
            approach: crate::model::Approach::Reuse,
            start_year: 2027,
            available_year: 2028,
            option: Some(0),
            system: Some("mifos".into()),
            cost: Some(150000.0),
        },
        BlockPlan {
            id: "messaging".into(),
            approach: crate::model::Approach::Tender,
            start_year: 2027,
            available_year: 2029,
            option: Some(0),
            system: None,
            cost: Some(90000.0),
        },
    ];
    rm.years = vec![
        year(2027, 1, 0.2, 0.39, 0.0, 0, 240000.0),
        year(2028, 2, 0.4, 0.52, 1_234_567.0, 1, 40000.0),
        year(2029, 4, 0.8, 0.99, 2_000_000.0, 1, 30000.0),
    ];
    rm
}

fn scenario() -> Scenario {
    Scenario::default()
        .with_horizon(3)
        .with_budget(crate::model::Budget::PerYear(vec![250000.0, 100000.0]))
        .with_target(Target {
            year: 2028,
            share: 0.5,
            weighted_by: WeightedBy::Count,
        })
        .with_target(Target {
            year: 2029,
            share: 0.9,
            weighted_by: WeightedBy::Demand,
        })
}

fn render(options: &ReportOptions) -> String {
    dashboard(&catalogue(), &roadmap(), options).expect("dashboard")
}

#[test]
fn every_section_and_every_service_is_there() {
    let html = render(&ReportOptions::new().scenario(scenario()));
    for id in [
        "strategy",
        "plan-status",
        "targets",
        "budget-table",
        "capacity-table",
        "kpis",
        "timeline",
        "timeline-table",
        "charts",
        "kpi-table",
        "services",
        "services-table",
        "blocks",
        "blocks-table",
        "life-events",
        "life-events-table",
        "policies",
        "policies-table",
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "section {id} is missing"
        );
    }
    for tile in [
        "share-count",
        "share-demand",
        "interactions",
        "life-events",
        "blocks",
        "spend",
    ] {
        assert!(
            html.contains(&format!("data-kpi=\"{tile}\"")),
            "tile {tile} is missing"
        );
    }
    for s in &catalogue().services {
        assert!(
            html.contains(&format!("<tr data-service=\"{}\">", s.id)),
            "service {} has no row",
            s.id
        );
    }
    assert_eq!(html.matches("<tr data-service=").count(), 5);
    for kind in PolicyKind::FRAMEWORK {
        assert!(html.contains(&format!("data-policy-kind=\"{}\"", kind.as_str())));
    }
    for chart in [
        "chart-share",
        "chart-interactions",
        "chart-spend",
        "chart-progress",
    ] {
        assert!(
            html.contains(&format!("<svg class=\"chart\" id=\"{chart}\"")),
            "chart {chart}"
        );
    }
    // Every chart is named and described.
    assert_eq!(html.matches("<title id=\"chart-").count(), 4);
    assert_eq!(html.matches("<desc id=\"chart-").count(), 4);
    // Tables are accessible: captions and scoped headers.
    assert!(html.matches("<caption>").count() >= 8);
    assert!(!html.contains("<th>"), "every th has a scope");
}

#[test]
fn hostile_names_are_text_everywhere() {
    let html = render(&ReportOptions::new().scenario(scenario()).title(HOSTILE[1]));
    // Only our own script element, and no element or attribute from the data.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains("<img"));
    assert!(!html.contains("<svg onload"));
    assert!(!html.contains("\"><svg"));
    assert!(!html.contains("<b>Example"));
    assert!(!html.contains("<Payment>"));
    assert!(!html.contains(" onerror=\"window"));
    assert!(!html.contains("__pwned=1</script>"));
    // ... and the names show as text.
    assert!(html.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;"));
    assert!(html.contains("&quot;&gt;&lt;svg onload=window.__pwned=1&gt;"));
    assert!(html.contains("Mifos &lt;Payment&gt; Hub"));
    assert!(html.contains("Republic of &lt;b&gt;Example&lt;/b&gt;"));
    // In attributes (data-service ids are catalogue data too) quotes are escaped.
    let mut cat = catalogue();
    if let Some(s) = cat.services.get_mut(0) {
        s.id = "x\" onclick=\"window.__pwned=1".into();
    }
    let mut rm = roadmap();
    if let Some(p) = rm.services.get_mut(0) {
        p.id = "x\" onclick=\"window.__pwned=1".into();
    }
    let html = dashboard(&cat, &rm, &ReportOptions::new()).expect("dashboard");
    assert!(!html.contains("onclick=\"window"));
    assert!(html.contains("data-service=\"x&quot; onclick=&quot;window.__pwned=1\""));
}

#[test]
fn the_policy_allows_exactly_the_inline_style_and_script() {
    let html = render(&ReportOptions::new());
    let policy = csp::policy(STYLE, SCRIPT);
    assert!(html.contains(&format!("content=\"{policy}\"")));
    assert!(policy.starts_with("default-src 'none'"));
    assert!(!policy.contains("unsafe"));
    // The hashed texts are the ones in the page, byte for byte.
    assert!(html.contains(&format!("<style>{STYLE}</style>")));
    assert!(html.contains(&format!("<script>{SCRIPT}</script>")));
    // Nothing is loaded: no external reference of any kind.
    for needle in [
        "src=\"http",
        "href=\"http",
        "url(",
        "@import",
        "<link rel=\"stylesheet",
    ] {
        assert!(!html.contains(needle), "{needle}");
    }
    // No inline style attributes or event handlers (the policy forbids them).
    assert!(!html.contains(" style=\""));
    assert!(!html.contains(" onclick="));
}

#[test]
fn figures_are_formatted_for_people_and_the_gap_is_honest() {
    let html = render(&ReportOptions::new().scenario(scenario()));
    // Interactions avoided are scaleplan::kpi's figure, shown in full in
    // the table and short on the tile.
    let rows = crate::kpi::timeline(&catalogue(), &roadmap());
    let last = rows.last().expect("a timeline");
    assert!(
        last.interactions_avoided > 1_000_000.0,
        "the fixture avoids millions"
    );
    assert!(
        html.contains(&format!(">{}<", format::int(last.interactions_avoided))),
        "interactions avoided in the table"
    );
    assert!(
        html.contains(&format!(">{}<", format::compact(last.interactions_avoided))),
        "short form on the tile"
    );
    assert!(
        html.contains(">80%<"),
        "share by count at the end of the plan"
    );
    assert!(html.contains("12.50"), "cost per transaction");
    assert!(html.contains("71%"), "user satisfaction");
    // 2028 count target (50%) is not met by 40%; 2029 demand target (90%) is met by 99%.
    assert!(html.contains("not met"));
    assert!(html.contains("4 of 5"), "services at target by the end");
    assert!(html.contains("1 is not reached within the plan"));
    assert!(html.contains("not within the plan"));
    assert!(html.contains("missing, not planned") || html.contains("planned, 2028"));
    assert!(html.contains("planned, 2029"));
    assert!(html.contains("none known") || html.contains("Mifos"));
    // Unknown KPIs are said, not left blank or shown as zero.
    assert!(html.contains("not known"));
    // Budget: 250,000 then 100,000 repeated.
    assert!(html.contains("250,000"));
    assert!(html.contains("450,000 over the plan"));
}

#[test]
fn tracking_against_a_newer_catalogue() {
    // Statuses are scaleplan::track's: a year means "by the end of it".
    let mut now = catalogue();
    for s in &mut now.services {
        match s.id.as_str() {
            "birth" => s.level = 3,    // planned 2028, not there yet
            "passport" => s.level = 4, // planned 2029, already there
            _ => {}
        }
    }
    now.services.retain(|s| s.id.as_str() != "permit");
    let mut added = crate::model::Service::new("new-<svc>", "moh", 4);
    added.name = "A new <b>service</b>".to_owned();
    now.services.push(added);
    let html = render(
        &ReportOptions::new()
            .catalogue_now(now.clone())
            .current_year(2028),
    );
    assert!(html.contains("data-kpi=\"progress\""));
    assert!(html.contains("Progress at the end of 2028"));
    assert!(html.contains("<th scope=\"col\" data-sort=\"text\">Tracking</th>"));
    let row = |html: &str, id: &str| -> String {
        let start = html
            .find(&format!("<tr data-service=\"{id}\">"))
            .unwrap_or_else(|| panic!("row {id}"));
        let end = html[start..]
            .find("</tr>")
            .map_or(html.len(), |e| start + e);
        html[start..end].to_owned()
    };
    assert!(row(&html, "birth").contains(">on track<"));
    assert!(row(&html, "passport").contains(">ahead<"));
    assert!(row(&html, "tax").contains(">done<"));
    assert!(row(&html, "never").contains(">not in the plan<"));
    assert!(row(&html, "permit").contains(">not in the newer catalogue<"));
    // Levels now come from the newer catalogue.
    assert!(row(&html, "passport").contains("<td class=\"num\">4</td>"));
    assert!(html.contains("1 no longer in the catalogue"));
    // A service new in the newer catalogue is listed, as not in the roadmap.
    let new_row = row(&html, "new-&lt;svc&gt;\" data-new=\"true");
    assert!(new_row.contains("A new &lt;b&gt;service&lt;/b&gt;"));
    assert!(new_row.contains("new: not in the roadmap"));
    assert!(html.contains("Services new in the newer catalogue (1)"));
    // A year later the birth certificate is late.
    let html = render(&ReportOptions::new().catalogue_now(now).current_year(2029));
    assert!(row(&html, "birth").contains(">late<"));
    assert!(html.contains("1 late"));
    // Without a newer catalogue there is no tracking column.
    let html = render(&ReportOptions::new());
    assert!(!html.contains(">Tracking<"));
    assert!(!html.contains("data-kpi=\"progress\""));
}

#[test]
fn an_infeasible_roadmap_says_why_and_shows_no_plan() {
    let mut rm = Roadmap::empty(Status::Infeasible);
    rm.diagnosis = vec!["deadline of <Birth> in 2027 needs payments, available 2028".to_owned()];
    let html = dashboard(
        &catalogue(),
        &rm,
        &ReportOptions::new().scenario(scenario()),
    )
    .expect("dashboard");
    assert!(html.contains("infeasible"));
    assert!(html.contains("Why there is no plan"));
    assert!(html.contains("deadline of &lt;Birth&gt;"));
    assert!(html.contains("nothing to chart"));
    assert!(html.contains("no plan"));
    // Every service is still listed.
    assert_eq!(html.matches("<tr data-service=").count(), 5);
}

#[test]
fn an_empty_catalogue_renders() {
    let html = dashboard(
        &Catalogue::default(),
        &Roadmap::empty(Status::Optimal),
        &ReportOptions::new(),
    )
    .expect("dashboard");
    assert!(html.contains("Digital public services dashboard"));
    assert!(html.contains("The catalogue lists no life events."));
}

#[test]
fn options_round_trip_through_json() {
    let o = ReportOptions::new()
        .title("T")
        .current_year(2030)
        .scenario(scenario());
    let json = serde_json::to_string(&o).expect("json");
    let back: ReportOptions = serde_json::from_str(&json).expect("back");
    assert_eq!(o, back);
}

/// A generated national-scale catalogue with a roadmap spread over its
/// years (no solve: the page, not the plan, is under test).
fn large(services: usize) -> (Catalogue, Roadmap, Scenario) {
    let config = crate::generate::GeneratorConfig {
        services,
        seed: 7,
        ..crate::generate::GeneratorConfig::default()
    };
    let (cat, scenario) = crate::generate::generate(&config);
    let mut rm = Roadmap::empty(Status::Feasible);
    rm.gap = 0.016;
    rm.start_year = Some(cat.start_year);
    rm.horizon = Some(scenario.horizon);
    let h = i32::try_from(scenario.horizon).unwrap_or(5);
    rm.services = cat
        .services
        .iter()
        .enumerate()
        .map(|(i, s)| ServicePlan {
            id: s.id.clone(),
            year: (!s.is_done() && i % 7 != 0)
                .then(|| cat.start_year + i32::try_from(i).unwrap_or(0) % h),
            already_done: s.is_done(),
            why_not_earlier: None,
        })
        .collect();
    (cat, rm, scenario)
}

#[test]
fn a_national_catalogue_lists_every_service_once() {
    let (cat, rm, scenario) = large(2_000);
    let html = dashboard(&cat, &rm, &ReportOptions::new().scenario(scenario)).expect("dashboard");
    assert_eq!(
        html.matches("<tr data-service=").count(),
        cat.services.len()
    );
    assert!(html.contains("feasible"));
    assert!(html.contains("1.6%"), "the gap is shown");
    // The timeline stays readable: long cells are cut with "and N more".
    assert!(html.contains(" more</li>"));
}

/// Size and time of the page for large catalogues:
/// `cargo test -p scaleplan --release --lib report::tests::measure -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure() {
    for n in [100, 1_752, 10_000] {
        let (cat, rm, scenario) = large(n);
        let options = ReportOptions::new()
            .scenario(scenario)
            .catalogue_now(cat.clone());
        let t = web_time::Instant::now();
        let html = dashboard(&cat, &rm, &options).expect("dashboard");
        println!(
            "{n} services: {} KB in {:.0} ms",
            html.len() / 1024,
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
}
