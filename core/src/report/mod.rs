//! The public dashboard: one self-contained HTML page with the strategy,
//! the roadmap and the performance of every service.
//!
//! The page loads nothing: its style sheet and its small sorting script are
//! inline and allowed by hash in a strict Content-Security-Policy, the
//! charts are inline SVG. It opens from disk and prints well. Every text
//! that comes from a catalogue is escaped by the templating crate (maud);
//! nothing from a catalogue is ever written unescaped, in HTML or in SVG.

mod csp;
mod data;
mod format;
mod svg;

use crate::error::Result;
use crate::model::{
    BlockStatus, Catalogue, PolicyKind, PolicyStatus, Roadmap, Scenario, Service, Status,
    WeightedBy,
};
use crate::track::{TrackStatus, Tracking};
use data::{When, YearFigures};
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("sort.js");
/// Service names listed per timeline cell before "and N more".
const TIMELINE_NAMES: usize = 12;

/// What the dashboard shows besides the catalogue and the roadmap.
///
/// ```
/// use scaleplan::report::ReportOptions;
/// let options = ReportOptions::new().title("Digital Example").current_year(2029);
/// assert_eq!(options.current_year, Some(2029));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportOptions {
    /// Page title; by default built from the catalogue's name.
    pub title: Option<String>,
    /// A newer version of the catalogue (levels as they are now): adds a
    /// tracking status per service and progress against the plan.
    pub catalogue_now: Option<Catalogue>,
    /// The year progress is measured at (end of that year). Defaults to the
    /// newer catalogue's `start_year` when one is given.
    pub current_year: Option<i32>,
    /// The scenario the roadmap was planned with: its horizon, targets,
    /// budget and capacity factor are shown as the strategy.
    pub scenario: Option<Scenario>,
}

impl ReportOptions {
    /// Options with every default.
    pub fn new() -> Self {
        ReportOptions::default()
    }
    /// Set the page title.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }
    /// Track progress against a newer version of the catalogue.
    pub fn catalogue_now(mut self, catalogue: Catalogue) -> Self {
        self.catalogue_now = Some(catalogue);
        self
    }
    /// Measure progress at the end of this calendar year.
    pub fn current_year(mut self, year: i32) -> Self {
        self.current_year = Some(year);
        self
    }
    /// Show this scenario as the strategy.
    pub fn scenario(mut self, scenario: Scenario) -> Self {
        self.scenario = Some(scenario);
        self
    }
}

/// The dashboard of a catalogue and its roadmap, as one self-contained HTML
/// page.
///
/// # Errors
///
/// None today for a catalogue and roadmap that were read and validated; the
/// result type leaves room for checks of the inputs.
///
/// # Examples
///
/// ```
/// use scaleplan::{report, Catalogue, Roadmap, Status};
/// let catalogue = Catalogue { name: "Example".into(), ..Catalogue::default() };
/// let html = report::dashboard(&catalogue, &Roadmap::empty(Status::Optimal),
///     &report::ReportOptions::new())?;
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// # Ok::<(), scaleplan::Error>(())
/// ```
// The error type is the crate's shared one; its size is not ours to change.
#[allow(clippy::result_large_err)]
pub fn dashboard(
    catalogue: &Catalogue,
    roadmap: &Roadmap,
    options: &ReportOptions,
) -> Result<String> {
    let page = Page::new(catalogue, roadmap, options);
    Ok(page.render().into_string())
}

/// Everything the templates need, computed once.
struct Page<'a> {
    cat: &'a Catalogue,
    rm: &'a Roadmap,
    opts: &'a ReportOptions,
    scenario: Option<&'a Scenario>,
    years: Vec<i32>,
    figures: Vec<YearFigures>,
    baseline: data::Baseline,
    when: HashMap<&'a str, When>,
    entity_names: HashMap<&'a str, &'a str>,
    /// Progress against a newer catalogue, when one is given.
    tracking: Option<Tracked<'a>>,
}

/// A roadmap tracked against a newer catalogue.
struct Tracked<'a> {
    year: i32,
    result: Tracking,
    /// Service id -> status, for the table.
    status: HashMap<String, TrackStatus>,
    /// Services of the newer catalogue by id (levels and KPIs now).
    now: HashMap<&'a str, &'a Service>,
}

fn name_or_id<'a>(name: &'a str, id: &'a str) -> &'a str {
    if name.trim().is_empty() {
        id
    } else {
        name
    }
}

impl<'a> Page<'a> {
    fn new(cat: &'a Catalogue, rm: &'a Roadmap, opts: &'a ReportOptions) -> Self {
        let scenario = opts.scenario.as_ref();
        let (baseline, figures) = data::figures(cat, rm, scenario);
        let start = rm.start_year.unwrap_or(cat.start_year);
        let years: Vec<i32> = if figures.is_empty() {
            let horizon = scenario
                .map(|s| s.horizon)
                .or(rm.horizon)
                .unwrap_or(5)
                .clamp(1, 100);
            (0..horizon)
                .map(|k| start.saturating_add_unsigned(k))
                .collect()
        } else {
            figures.iter().map(|f| f.year).collect()
        };
        let plans: HashMap<&str, _> = rm.services.iter().map(|p| (p.id.as_str(), p)).collect();
        let when = cat
            .services
            .iter()
            .map(|s| {
                (
                    s.id.as_str(),
                    data::when(s, plans.get(s.id.as_str()).copied()),
                )
            })
            .collect();
        let entity_names = cat
            .entities
            .iter()
            .map(|e| (e.id.as_str(), name_or_id(&e.name, e.id.as_str())))
            .collect();
        let tracking = opts.catalogue_now.as_ref().map(|now| {
            let year = opts.current_year.unwrap_or(now.start_year);
            let result = crate::track::track(rm, now, year);
            let status = result
                .services
                .iter()
                .map(|t| (t.id.to_string(), t.status))
                .collect();
            Tracked {
                year,
                result,
                status,
                now: data::services_by_id(now),
            }
        });
        Page {
            cat,
            rm,
            opts,
            scenario,
            years,
            figures,
            baseline,
            when,
            entity_names,
            tracking,
        }
    }

    fn start(&self) -> i32 {
        self.years.first().copied().unwrap_or(self.cat.start_year)
    }
    fn end(&self) -> i32 {
        self.years.last().copied().unwrap_or(self.cat.start_year)
    }
    fn last(&self) -> Option<&YearFigures> {
        self.figures.last()
    }
    fn when(&self, id: &str) -> When {
        self.when.get(id).copied().unwrap_or(When::Never)
    }
    fn entity_name(&self, id: &'a str) -> &'a str {
        self.entity_names.get(id).copied().unwrap_or(id)
    }
    fn title(&self) -> String {
        match &self.opts.title {
            Some(t) if !t.trim().is_empty() => t.clone(),
            _ if self.cat.name.trim().is_empty() => "Digital public services dashboard".to_owned(),
            _ => format!("{}: digital public services dashboard", self.cat.name),
        }
    }
    /// Tracking status of a service: `None` when not tracking,
    /// `Some(None)` when the newer catalogue no longer has it.
    fn track_of(&self, s: &Service) -> Option<Option<TrackStatus>> {
        self.tracking
            .as_ref()
            .map(|t| t.status.get(s.id.as_str()).copied())
    }

    fn render(&self) -> Markup {
        let title = self.title();
        html! {
            (DOCTYPE)
            html lang="en" {
                head {
                    meta charset="utf-8";
                    meta http-equiv="Content-Security-Policy" content=(csp::policy(STYLE, SCRIPT));
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    meta name="generator" content=(concat!("scaleplan ", env!("CARGO_PKG_VERSION")));
                    link rel="icon" href="data:,";
                    title { (title) }
                    // Our own constant style sheet, allowed by its hash.
                    style { (PreEscaped(STYLE)) }
                }
                body {
                    a.skip href="#main" { "Skip to the content" }
                    header.page {
                        h1 { (title) }
                        p.meta {
                            "Catalogue " strong { (name_or_id(&self.cat.name, "(unnamed)")) }
                            @if !self.cat.version.is_empty() { ", version " (self.cat.version) }
                            ". Plan " (self.start()) "\u{2013}" (self.end())
                            ", " (format::count(self.cat.services.len())) " services, "
                            (format::count(self.cat.entities.len())) " ministries and agencies."
                        }
                        nav.toc aria-label="Sections" {
                            ul {
                                li { a href="#kpis" { "Headline figures" } }
                                li { a href="#charts" { "KPIs by year" } }
                                li { a href="#strategy" { "Strategy" } }
                                li { a href="#timeline" { "Roadmap timeline" } }
                                li { a href="#services" { "Services" } }
                                li { a href="#blocks" { "Building blocks" } }
                                li { a href="#life-events" { "Life events" } }
                                li { a href="#policies" { "Regulatory framework" } }
                            }
                        }
                    }
                    main #main {
                        (self.kpis())
                        (self.charts())
                        (self.strategy())
                        (self.timeline())
                        (self.services())
                        (self.blocks())
                        (self.life_events())
                        (self.policies())
                    }
                    footer {
                        p {
                            "Generated by scaleplan " (env!("CARGO_PKG_VERSION"))
                            ". This page is self-contained: it loads nothing from the network and works offline and in print."
                        }
                    }
                    // Our own constant script (table sorting), allowed by its hash.
                    script { (PreEscaped(SCRIPT)) }
                }
            }
        }
    }

    fn status_banner(&self) -> Markup {
        let total = self.cat.services.len();
        let reached = self
            .cat
            .services
            .iter()
            .filter(|s| self.when(s.id.as_str()) != When::Never)
            .count();
        let missing = total - reached;
        html! {
            div.status-banner #plan-status {
                p {
                    strong { "Roadmap status: " }
                    @match self.rm.status {
                        Status::Optimal => {
                            span.badge.s-good { span aria-hidden="true" { "\u{2713} " } "optimal" }
                            " The plan is proven best"
                            @if self.rm.gap >= 0.0005 { " within a gap of " (format::pct(self.rm.gap)) }
                            @else if self.rm.gap > 0.0 { " within a gap below 0.1%" }
                            "."
                        }
                        Status::Feasible => {
                            span.badge.s-warn { span aria-hidden="true" { "\u{25D0} " } "feasible" }
                            " The solver stopped before proving this plan best; it is at most "
                            @if self.rm.gap >= 0.0005 { (format::pct(self.rm.gap)) } @else { "0.1%" }
                            " below the best possible."
                        }
                        Status::Infeasible => {
                            span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "infeasible" }
                            " No roadmap meets every constraint of the scenario."
                        }
                        Status::Error => {
                            span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "error" }
                            " The planner failed; there is no plan."
                        }
                    }
                }
                p {
                    (format::count(reached)) " of " (format::count(total))
                    " services are at their target level by " (self.end())
                    @if missing > 0 {
                        "; " strong { (format::count(missing)) @if missing == 1 { " is" } @else { " are" } " not reached within the plan" }
                    }
                    "."
                }
                @if !self.rm.diagnosis.is_empty() {
                    div.diagnosis {
                        h3 { "Why there is no plan" }
                        ul { @for d in &self.rm.diagnosis { li { (d) } } }
                    }
                }
                @if !self.rm.unreachable.is_empty() {
                    details {
                        summary { (format::count(self.rm.unreachable.len())) " services can never reach their target within the horizon" }
                        ul {
                            @for u in &self.rm.unreachable {
                                li {
                                    (self.cat.service(u.id.as_str()).map_or(u.id.as_str(), |s| name_or_id(&s.name, s.id.as_str())))
                                    ": " (u.reason)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn strategy(&self) -> Markup {
        let sc = self.scenario;
        let factor = sc.map_or(1.0, |s| s.capacity_factor);
        html! {
            section #strategy aria-labelledby="strategy-h" {
                h2 #strategy-h { "Strategy" }
                (self.status_banner())
                dl.facts {
                    dt { "Horizon" }
                    dd { (format::count(self.years.len())) " years, " (self.start()) "\u{2013}" (self.end()) }
                    dt { "Budget" }
                    dd {
                        @match sc {
                            None => span.unknown { "not given (no scenario)" },
                            Some(s) => @match &s.budget {
                                None => "unlimited",
                                Some(_) => {
                                    (format::int(self.years.iter().enumerate().map(|(i, _)| s.budget_at(i + 1).unwrap_or(0.0)).sum::<f64>()))
                                    " over the plan (per year below)"
                                }
                            },
                        }
                    }
                    dt { "Capacity factor" }
                    dd {
                        (format!("{factor}"))
                        @if sc.is_none() { span.unknown { " (assumed; no scenario)" } }
                    }
                }
                (self.targets())
                div.table-wrap {
                    table #budget-table {
                        caption { "Budget and planned spend by year" }
                        thead { tr {
                            th scope="col" { "Year" }
                            th.num scope="col" { "Budget" }
                            th.num scope="col" { "Planned spend" }
                            th.num scope="col" { "Share of budget used" }
                        } }
                        tbody {
                            @for (i, year) in self.years.iter().enumerate() {
                                @let budget = sc.and_then(|s| s.budget_at(i + 1));
                                @let spend = self.figures.get(i).map(|f| f.spend);
                                tr {
                                    th scope="row" { (year) }
                                    td.num { @match budget { Some(b) => (format::int(b)), None => span.unknown { @if sc.is_some() { "unlimited" } @else { "not given" } } } }
                                    td.num { @match spend { Some(v) => (format::int(v)), None => span.unknown { "no plan" } } }
                                    td.num { @match (budget, spend) { (Some(b), Some(v)) if b > 0.0 => (format::pct(v / b)), _ => span.unknown { "\u{2013}" } } }
                                }
                            }
                        }
                    }
                }
                div.table-wrap {
                    table #capacity-table {
                        caption { "Capacity per ministry: person-months used of those available, by year" }
                        thead { tr {
                            th scope="col" { "Ministry or agency" }
                            @for year in &self.years { th.num scope="col" { (year) } }
                        } }
                        tbody {
                            @for e in &self.cat.entities {
                                tr {
                                    th scope="row" { (self.entity_name(e.id.as_str())) }
                                    @for (i, _) in self.years.iter().enumerate() {
                                        @let use_ = self.figures.get(i).and_then(|f| f.capacity.get(e.id.as_str()).copied());
                                        @let cap = use_.map_or(e.capacity.at(i + 1) * factor, |u| u.1);
                                        @let used = use_.map(|u| u.0);
                                        td.num {
                                            @match used { Some(u) => (format::int(u)), None => span.unknown { "\u{2013}" } }
                                            " / " (format::int(cap))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn targets(&self) -> Markup {
        let Some(sc) = self.scenario else {
            return html! { p.note #targets { "No scenario was given, so no targets are shown." } };
        };
        if sc.targets.is_empty() {
            return html! { p.note #targets { "The scenario sets no targets." } };
        }
        html! {
            div.table-wrap {
                table #targets {
                    caption { "Targets: share of services at their target level" }
                    thead { tr {
                        th scope="col" { "By the end of" }
                        th.num scope="col" { "Share required" }
                        th scope="col" { "Counted by" }
                        th.num scope="col" { "Planned share" }
                        th scope="col" { "Met by the plan" }
                    } }
                    tbody {
                        @for t in &sc.targets {
                            @let fig = self.figures.iter().find(|f| f.year == t.year);
                            @let planned = fig.map(|f| match t.weighted_by { WeightedBy::Count => f.share_count, WeightedBy::Demand => f.share_demand });
                            tr {
                                th scope="row" { (t.year) }
                                td.num { (format::pct(t.share)) }
                                td { @match t.weighted_by { WeightedBy::Count => "number of services", WeightedBy::Demand => "demand (transactions)" } }
                                td.num { @match planned { Some(p) => (format::pct(p)), None => span.unknown { "\u{2013}" } } }
                                td {
                                    @match planned {
                                        Some(p) if p + 1e-9 >= t.share => span.badge.s-good { span aria-hidden="true" { "\u{2713} " } "met" },
                                        Some(_) => span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "not met" },
                                        None if !self.rm.status.has_plan() => span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "no plan" },
                                        None => span.badge.s-none { "outside the plan years" },
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn tile(id: &str, heading: &str, value: String, sub: Markup) -> Markup {
        html! {
            li.tile #(id) data-kpi=(id) {
                h3 { (heading) }
                p.value { (value) }
                p.sub { (sub) }
            }
        }
    }

    fn kpis(&self) -> Markup {
        let b = &self.baseline;
        let end = self.end();
        let last = self.last();
        let total_spend: f64 = self.figures.iter().map(|f| f.spend).sum();
        let total_budget: Option<f64> = self.scenario.and_then(|s| {
            s.budget.as_ref()?;
            Some(
                self.years
                    .iter()
                    .enumerate()
                    .map(|(i, _)| s.budget_at(i + 1).unwrap_or(0.0))
                    .sum(),
            )
        });
        html! {
            section #kpis aria-labelledby="kpis-h" {
                h2 #kpis-h { "Headline figures" }
                @if last.is_none() {
                    p.note { "The roadmap has no yearly figures (no plan), so the figures below are today's." }
                }
                ul.tiles {
                    (Self::tile("share-count", "Services fully online (at target), by count",
                        format::pct(last.map_or(b.share_count, |f| f.share_count)),
                        html! {
                            @if let Some(f) = last {
                                (format::count(f.services_at_target)) " of " (format::count(b.services)) " by the end of " (end)
                                "; today " (format::pct(b.share_count))
                            } @else {
                                (format::count(b.services_at_target)) " of " (format::count(b.services)) " today"
                            }
                        }))
                    (Self::tile("share-demand", "Services fully online (at target), by demand",
                        format::pct(last.map_or(b.share_demand, |f| f.share_demand)),
                        html! {
                            "share of all transactions"
                            @if last.is_some() { " by the end of " (end) "; today " (format::pct(b.share_demand)) }
                        }))
                    (Self::tile("interactions", "In-person interactions avoided per year",
                        last.map_or_else(|| "\u{2013}".to_owned(), |f| format::compact(f.interactions_avoided)),
                        html! {
                            @if let Some(f) = last { (format::int(f.interactions_avoided)) " a year by the end of " (end) } @else { "no plan" }
                        }))
                    (Self::tile("life-events", "Life events complete",
                        format!("{} of {}", format::count(last.map_or(b.life_events_complete, |f| f.life_events_complete)), format::count(b.life_events)),
                        html! {
                            @if last.is_some() { "by the end of " (end) "; today " (format::count(b.life_events_complete)) } @else { "today" }
                        }))
                    (Self::tile("blocks", "Building blocks in place",
                        format!("{} of {}", format::count(last.map_or(b.blocks_in_place, |f| f.blocks_in_place)), format::count(b.blocks)),
                        html! {
                            @if last.is_some() { "by the end of " (end) "; today " (format::count(b.blocks_in_place)) } @else { "today" }
                        }))
                    (Self::tile("spend", "Planned spend",
                        format::compact(total_spend),
                        html! {
                            (self.start()) "\u{2013}" (end)
                            @match (total_budget, self.scenario) {
                                (Some(tb), _) => { "; budget " (format::compact(tb)) " (" (format::pct(if tb > 0.0 { total_spend / tb } else { 0.0 })) " used)" }
                                (None, Some(_)) => "; budget unlimited",
                                (None, None) => "",
                            }
                        }))
                    @if let Some(t) = self.progress_tile() { (t) }
                }
            }
        }
    }

    /// Planned against actual at the current year, when tracking
    /// (`scaleplan::track`).
    fn progress_tile(&self) -> Option<Markup> {
        let t = self.tracking.as_ref()?;
        let r: &Tracking = &t.result;
        let mut list: Vec<String> = [
            TrackStatus::Done,
            TrackStatus::Ahead,
            TrackStatus::OnTrack,
            TrackStatus::Late,
            TrackStatus::NotPlanned,
        ]
        .into_iter()
        .map(|s| (r.counts.get(s), track_label(Some(s)).1))
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{} {label}", format::count(n)))
        .collect();
        if !r.removed.is_empty() {
            list.push(format!(
                "{} no longer in the catalogue",
                format::count(r.removed.len())
            ));
        }
        Some(Self::tile(
            "progress",
            &format!("Progress at the end of {}", t.year),
            format::pct(r.actual.share_at_target),
            html! {
                "at target now, against " (format::pct(r.planned.share_at_target)) " planned; " (list.join(", "))
            },
        ))
    }

    fn timeline(&self) -> Markup {
        // entity -> column -> service names; columns: Before, years..., Never.
        let ncols = self.years.len() + 2;
        let col_of = |w: When| -> usize {
            match w {
                When::Before => 0,
                When::Year(y) => self
                    .years
                    .iter()
                    .position(|x| *x == y)
                    .map_or(ncols - 1, |i| i + 1),
                When::Never => ncols - 1,
            }
        };
        let mut grid: Vec<(&str, Vec<Vec<&str>>)> = self
            .cat
            .entities
            .iter()
            .map(|e| (e.id.as_str(), vec![Vec::new(); ncols]))
            .collect();
        let row_of: HashMap<&str, usize> = grid
            .iter()
            .enumerate()
            .map(|(i, (id, _))| (*id, i))
            .collect();
        let mut totals = vec![0usize; ncols];
        for s in &self.cat.services {
            let col = col_of(self.when(s.id.as_str()));
            let row = match row_of.get(s.entity.as_str()) {
                Some(r) => *r,
                None => {
                    grid.push((s.entity.as_str(), vec![Vec::new(); ncols]));
                    grid.len() - 1
                }
            };
            if let Some(cell) = grid.get_mut(row).and_then(|(_, cols)| cols.get_mut(col)) {
                cell.push(name_or_id(&s.name, s.id.as_str()));
            }
            if let Some(t) = totals.get_mut(col) {
                *t += 1;
            }
        }
        let max = grid
            .iter()
            .flat_map(|(_, c)| c.iter().skip(1).take(self.years.len()).map(Vec::len))
            .max()
            .unwrap_or(0);
        let heat = |n: usize| -> &'static str {
            if n == 0 || max == 0 {
                "h0"
            } else {
                match (4 * n).div_ceil(max) {
                    0 | 1 => "h1",
                    2 => "h2",
                    3 => "h3",
                    _ => "h4",
                }
            }
        };
        html! {
            section #timeline aria-labelledby="timeline-h" {
                h2 #timeline-h { "Roadmap timeline" }
                p.note { "Each cell lists the services of a ministry that reach their target level that year. Darker cells hold more services; the number is always written." }
                div.table-wrap {
                    table.timeline #timeline-table {
                        caption { "Services reaching their target level, by ministry and year" }
                        thead { tr {
                            th scope="col" { "Ministry or agency" }
                            th scope="col" { "Done before " (self.start()) }
                            @for y in &self.years { th scope="col" { (y) } }
                            th scope="col" { "Not within the plan" }
                        } }
                        tbody {
                            @for (entity, cols) in &grid {
                                tr {
                                    th scope="row" { (self.entity_name(entity)) }
                                    @for (c, names) in cols.iter().enumerate() {
                                        @let is_year = c > 0 && c < ncols - 1;
                                        td class=(if is_year { heat(names.len()) } else { "h0" }) {
                                            span.n { (format::count(names.len())) }
                                            @if !names.is_empty() {
                                                ul {
                                                    @for n in names.iter().take(TIMELINE_NAMES) { li { (n) } }
                                                    @if names.len() > TIMELINE_NAMES {
                                                        li { "and " (format::count(names.len() - TIMELINE_NAMES)) " more" }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                        tfoot { tr {
                            th scope="row" { "All" }
                            @for t in &totals { td { span.n { (format::count(*t)) } } }
                        } }
                    }
                }
            }
        }
    }

    fn charts(&self) -> Markup {
        let years = &self.years;
        let f = &self.figures;
        if f.is_empty() {
            return html! {
                section #charts aria-labelledby="charts-h" {
                    h2 #charts-h { "KPIs by year" }
                    p.note { "The roadmap has no yearly figures (no plan), so there is nothing to chart." }
                }
            };
        }
        let share = svg::line_chart(
            "chart-share",
            "Share of services at their target level",
            &format!(
                "By count: from {} in {} to {} in {}. By demand: from {} to {}. The numbers are in the table below.",
                f.first().map_or_else(String::new, |x| format::pct(x.share_count)),
                self.start(),
                f.last().map_or_else(String::new, |x| format::pct(x.share_count)),
                self.end(),
                f.first().map_or_else(String::new, |x| format::pct(x.share_demand)),
                f.last().map_or_else(String::new, |x| format::pct(x.share_demand)),
            ),
            years,
            &[
                svg::Series { label: "by count", values: f.iter().map(|x| x.share_count).collect() },
                svg::Series { label: "by demand", values: f.iter().map(|x| x.share_demand).collect() },
            ],
            svg::Axis::Share,
        );
        let interactions: Vec<f64> = f.iter().map(|x| x.interactions_avoided).collect();
        let inter = svg::bar_chart(
            "chart-interactions",
            "In-person interactions avoided per year",
            &format!(
                "Rises to {} a year by {}. The numbers are in the table below.",
                f.last()
                    .map_or_else(String::new, |x| format::int(x.interactions_avoided)),
                self.end()
            ),
            years,
            &interactions,
            None,
            svg::Axis::Amount,
        );
        let spend: Vec<f64> = f.iter().map(|x| x.spend).collect();
        let budget: Vec<Option<f64>> = f.iter().map(|x| x.budget).collect();
        let has_budget = budget.iter().any(Option::is_some);
        let spend_chart = svg::bar_chart(
            "chart-spend",
            "Planned spend",
            &format!(
                "{} in total over {}\u{2013}{}{}. The numbers are in the table below.",
                format::int(spend.iter().sum()),
                self.start(),
                self.end(),
                if has_budget {
                    ", against the budget shown as a dashed line"
                } else {
                    ""
                }
            ),
            years,
            &spend,
            has_budget.then_some(("budget", budget.as_slice())),
            svg::Axis::Amount,
        );
        let progress = svg::line_chart(
            "chart-progress",
            "Life events complete and building blocks in place",
            &format!(
                "Life events complete: {} of {} by {}. Building blocks in place: {} of {}. The numbers are in the table below.",
                f.last().map_or(0, |x| x.life_events_complete),
                self.baseline.life_events,
                self.end(),
                f.last().map_or(0, |x| x.blocks_in_place),
                self.baseline.blocks,
            ),
            years,
            &[
                svg::Series { label: "life events complete", values: f.iter().map(|x| x.life_events_complete as f64).collect() },
                svg::Series { label: "blocks in place", values: f.iter().map(|x| x.blocks_in_place as f64).collect() },
            ],
            svg::Axis::Amount,
        );
        html! {
            section #charts aria-labelledby="charts-h" {
                h2 #charts-h { "KPIs by year" }
                div.charts {
                    figure { figcaption { "Share of services at their target level" } (share) }
                    figure { figcaption { "In-person interactions avoided per year" } (inter) }
                    figure { figcaption { "Planned spend" @if has_budget { " and budget" } } (spend_chart) }
                    figure { figcaption { "Life events complete and building blocks in place" } (progress) }
                }
                div.table-wrap {
                    table #kpi-table {
                        caption { "KPIs by year (the numbers behind the charts)" }
                        thead { tr {
                            th scope="col" { "Year" }
                            th.num scope="col" { "Services at target" }
                            th.num scope="col" { "Share by count" }
                            th.num scope="col" { "Share by demand" }
                            th.num scope="col" { "Interactions avoided per year" }
                            th.num scope="col" { "Life events complete" }
                            th.num scope="col" { "Blocks in place" }
                            th.num scope="col" { "Spend" }
                            th.num scope="col" { "Budget" }
                        } }
                        tbody {
                            @for x in f {
                                tr {
                                    th scope="row" { (x.year) }
                                    td.num { (format::count(x.services_at_target)) }
                                    td.num { (format::pct(x.share_count)) }
                                    td.num { (format::pct(x.share_demand)) }
                                    td.num { (format::int(x.interactions_avoided)) }
                                    td.num { (format::count(x.life_events_complete)) }
                                    td.num { (format::count(x.blocks_in_place)) }
                                    td.num { (format::int(x.spend)) }
                                    td.num { @match x.budget { Some(b) => (format::int(b)), None => span.unknown { "\u{2013}" } } }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn services(&self) -> Markup {
        let now = self.tracking.as_ref().map(|t| &t.now);
        let mut rows: Vec<&Service> = self.cat.services.iter().collect();
        rows.sort_by(|a, b| {
            self.entity_name(a.entity.as_str())
                .cmp(self.entity_name(b.entity.as_str()))
                .then(self.when(a.id.as_str()).cmp(&self.when(b.id.as_str())))
                .then(name_or_id(&a.name, a.id.as_str()).cmp(name_or_id(&b.name, b.id.as_str())))
        });
        // Services of the newer catalogue that the planned one did not have.
        let added: Vec<&Service> = match &self.opts.catalogue_now {
            Some(c) if self.tracking.is_some() => c
                .services
                .iter()
                .filter(|s| !self.when.contains_key(s.id.as_str()))
                .collect(),
            _ => Vec::new(),
        };
        let kpi_source = if now.is_some() {
            "the newer catalogue"
        } else {
            "the catalogue"
        };
        html! {
            section #services aria-labelledby="services-h" {
                h2 #services-h { "Services" }
                p.note #sort-note { "Rows are ordered by ministry, then by the year each service reaches its target level." }
                p.note #sort-status aria-live="polite" {}
                p.note {
                    "Level: 1 information, 2 downloadable forms, 3 online submission, 4 fully online. "
                    "Performance figures are from " (kpi_source) "; "
                    span.unknown { "not known" } " means none was reported."
                    @if let Some(t) = &self.tracking { " Tracking status at the end of " (t.year) "." }
                    @if !added.is_empty() {
                        " Services new in the newer catalogue (" (format::count(added.len())) "), which the roadmap does not cover, are listed last."
                    }
                }
                div.table-wrap {
                    table #services-table {
                        caption { "Every service: level, plan and performance" }
                        thead { tr {
                            th scope="col" data-sort="text" { "Service" }
                            th scope="col" data-sort="text" { "Ministry or agency" }
                            th.num scope="col" data-sort="number" { "Level now" }
                            th.num scope="col" data-sort="number" { "Target level" }
                            th.num scope="col" data-sort="number" { "Planned year" }
                            @if now.is_some() { th scope="col" data-sort="text" { "Tracking" } }
                            th.num scope="col" data-sort="number" { "Cost per transaction" }
                            th.num scope="col" data-sort="number" { "User satisfaction" }
                            th.num scope="col" data-sort="number" { "Completion rate" }
                            th.num scope="col" data-sort="number" { "Digital take-up" }
                        } }
                        tbody {
                            @for s in rows {
                                @let current = now.and_then(|n| n.get(s.id.as_str()).copied());
                                @let level = current.map_or(s.level, |c| c.level);
                                @let kpis = current.map_or(&s.kpis, |c| &c.kpis);
                                @let when = self.when(s.id.as_str());
                                tr data-service=(s.id.as_str()) {
                                    th scope="row" { (name_or_id(&s.name, s.id.as_str())) }
                                    td { (self.entity_name(s.entity.as_str())) }
                                    td.num { (level) }
                                    td.num { (s.target_level) }
                                    @match when {
                                        When::Before => td.num data-value=(self.start() - 1) { "done before " (self.start()) },
                                        When::Year(y) => td.num data-value=(y) { (y) },
                                        When::Never => td.num data-value="" { span.s-bad { "not within the plan" } },
                                    }
                                    @if let Some(t) = self.track_of(s) {
                                        @let (class, label, symbol) = track_label(t);
                                        td { span class=(format!("badge {class}")) { span aria-hidden="true" { (symbol) " " } (label) } }
                                    }
                                    (kpi_cell(kpis.cost_per_transaction, format::decimal2))
                                    (kpi_cell(kpis.user_satisfaction, format::pct))
                                    (kpi_cell(kpis.completion_rate, format::pct))
                                    (kpi_cell(kpis.digital_take_up, format::pct))
                                }
                            }
                            @for s in &added {
                                tr data-service=(s.id.as_str()) data-new="true" {
                                    th scope="row" { (name_or_id(&s.name, s.id.as_str())) }
                                    td { (self.opts.catalogue_now.as_ref().and_then(|c| c.entity(s.entity.as_str())).map_or(s.entity.as_str(), |e| name_or_id(&e.name, e.id.as_str()))) }
                                    td.num { (s.level) }
                                    td.num { (s.target_level) }
                                    td.num data-value="" { span.s-warn { "new: not in the roadmap" } }
                                    @let status = self.tracking.as_ref().and_then(|t| t.status.get(s.id.as_str()).copied());
                                    @let (class, label, symbol) = track_label(status);
                                    td { span class=(format!("badge {class}")) { span aria-hidden="true" { (symbol) " " } (label) } }
                                    (kpi_cell(s.kpis.cost_per_transaction, format::decimal2))
                                    (kpi_cell(s.kpis.user_satisfaction, format::pct))
                                    (kpi_cell(s.kpis.completion_rate, format::pct))
                                    (kpi_cell(s.kpis.digital_take_up, format::pct))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn blocks(&self) -> Markup {
        let mut needed: HashMap<&str, usize> = HashMap::new();
        for s in &self.cat.services {
            for b in self.cat.blocks_needed(s) {
                if let Some(block) = self.cat.block(b.as_str()) {
                    *needed.entry(block.id.as_str()).or_default() += 1;
                }
            }
        }
        // What each missing block holds back and which systems could
        // provide it: the gap analysis of `scaleplan::gaps`.
        let gaps = crate::gaps::gaps(self.cat);
        let gap_of: HashMap<&str, &crate::gaps::BlockGap> = gaps
            .building_blocks
            .iter()
            .map(|g| (g.id.as_str(), g))
            .collect();
        html! {
            section #blocks aria-labelledby="blocks-h" {
                h2 #blocks-h { "Building blocks" }
                div.table-wrap {
                    table #blocks-table {
                        caption { "Shared building blocks: in place, planned and missing" }
                        thead { tr {
                            th scope="col" { "Building block" }
                            th scope="col" { "Status" }
                            th scope="col" { "Approach and system" }
                            th.num scope="col" { "Acquired (start \u{2192} available)" }
                            th.num scope="col" { "Cost" }
                            th scope="col" { "Candidate systems" }
                            th.num scope="col" { "Services needing it" }
                            th.num scope="col" { "Services held back today" }
                        } }
                        tbody {
                            @for b in &self.cat.building_blocks {
                                @let plan = self.rm.building_blocks.iter().find(|p| p.id == b.id);
                                @let gap = gap_of.get(b.id.as_str()).copied();
                                @let candidates: Vec<&str> = gap.map(|g| g.candidate_systems.iter()
                                    .map(|s| name_or_id(&s.name, s.id.as_str()))
                                    .collect()).unwrap_or_default();
                                tr data-block=(b.id.as_str()) {
                                    th scope="row" { (name_or_id(&b.name, b.id.as_str())) }
                                    td {
                                        @match (b.status, plan) {
                                            (BlockStatus::Available, _) => span.badge.s-good { span aria-hidden="true" { "\u{2713} " } "in place" },
                                            (BlockStatus::Missing, Some(p)) => span.badge.s-info { span aria-hidden="true" { "\u{25F7} " } "planned, " (p.available_year) },
                                            (BlockStatus::Missing, None) => span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "missing, not planned" },
                                        }
                                    }
                                    @if let Some(p) = plan {
                                        @let system = p.system.as_ref().or_else(|| p.option.and_then(|i| b.options.get(i)).and_then(|o| o.system.as_ref()));
                                        td {
                                            (p.approach.as_str())
                                            @if let Some(id) = system {
                                                ": " (self.cat.systems.iter().find(|s| &s.id == id).map_or(id.as_str(), |s| name_or_id(&s.name, s.id.as_str())))
                                            }
                                        }
                                        td.num { (p.start_year) " \u{2192} " (p.available_year) }
                                        @let cost = p.cost.or_else(|| p.option.and_then(|i| b.options.get(i)).map(|o| o.cost));
                                        td.num { @match cost { Some(c) => (format::int(c)), None => span.unknown { "\u{2013}" } } }
                                    } @else {
                                        td { span.unknown { "\u{2013}" } }
                                        td.num { span.unknown { "\u{2013}" } }
                                        td.num { span.unknown { "\u{2013}" } }
                                    }
                                    td {
                                        @if b.status == BlockStatus::Available { span.unknown { "\u{2013}" } }
                                        @else if candidates.is_empty() { span.unknown { "none known" } }
                                        @else { (candidates.join(", ")) }
                                    }
                                    td.num { (format::count(needed.get(b.id.as_str()).copied().unwrap_or(0))) }
                                    td.num {
                                        @match gap {
                                            Some(g) => {
                                                (format::count(g.services_blocked.len()))
                                                @if g.demand_blocked > 0.0 { br; span.unknown { (format::compact(g.demand_blocked)) " transactions a year" } }
                                            }
                                            None => span.unknown { "none" },
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn life_events(&self) -> Markup {
        html! {
            section #life-events aria-labelledby="life-events-h" {
                h2 #life-events-h { "Life events" }
                @if self.cat.life_events.is_empty() {
                    p.note { "The catalogue lists no life events." }
                } @else {
                    div.table-wrap {
                        table #life-events-table {
                            caption { "Life events and the year all their services are at target" }
                            thead { tr {
                                th scope="col" { "Life event" }
                                th scope="col" { "For" }
                                th.num scope="col" { "Services" }
                                th scope="col" { "Complete" }
                                th scope="col" { "Services not within the plan" }
                            } }
                            tbody {
                                @for le in &self.cat.life_events {
                                    @let whens: Vec<When> = le.services.iter().map(|s| self.when(s.as_str())).collect();
                                    @let complete = whens.iter().copied().max().unwrap_or(When::Before);
                                    @let missing: Vec<&str> = le.services.iter()
                                        .filter(|s| self.when(s.as_str()) == When::Never)
                                        .map(|s| self.cat.service(s.as_str()).map_or(s.as_str(), |x| name_or_id(&x.name, x.id.as_str())))
                                        .collect();
                                    tr data-life-event=(le.id.as_str()) {
                                        th scope="row" { (name_or_id(&le.name, le.id.as_str())) }
                                        td { @match le.audience { crate::model::Audience::Citizen => "citizens", crate::model::Audience::Business => "businesses" } }
                                        td.num { (format::count(le.services.len())) }
                                        td {
                                            @match complete {
                                                When::Before => span.badge.s-good { span aria-hidden="true" { "\u{2713} " } "complete today" },
                                                When::Year(y) => span.badge.s-info { span aria-hidden="true" { "\u{25F7} " } (y) },
                                                When::Never => span.badge.s-bad { span aria-hidden="true" { "\u{2717} " } "not within the plan" },
                                            }
                                        }
                                        td { @if missing.is_empty() { span.unknown { "none" } } @else { (missing.join(", ")) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    fn policies(&self) -> Markup {
        let others: Vec<_> = self
            .cat
            .policies
            .iter()
            .filter(|p| p.kind == PolicyKind::Other)
            .collect();
        // Status per part of the framework: `scaleplan::gaps`' readiness.
        let readiness = crate::gaps::policy_readiness(self.cat);
        let missing_kinds: Vec<&str> = readiness
            .iter()
            .filter(|r| r.status != PolicyStatus::InForce)
            .map(|r| r.kind.label())
            .collect();
        html! {
            section #policies aria-labelledby="policies-h" {
                h2 #policies-h { "Regulatory framework" }
                p {
                    @if missing_kinds.is_empty() {
                        "Every part of the framework is in force."
                    } @else {
                        (format::count(readiness.len() - missing_kinds.len())) " of "
                        (format::count(readiness.len())) " parts of the framework are in force; not yet in force: "
                        (missing_kinds.join(", ")) "."
                    }
                }
                div.table-wrap {
                    table #policies-table {
                        caption { "The six parts of the regulatory framework and their status" }
                        thead { tr {
                            th scope="col" { "Part of the framework" }
                            th scope="col" { "Status" }
                            th scope="col" { "Policies" }
                        } }
                        tbody {
                            @for r in &readiness {
                                @let ps: Vec<_> = self.cat.policies.iter().filter(|p| p.kind == r.kind).collect();
                                tr data-policy-kind=(r.kind.as_str()) {
                                    th scope="row" { (r.kind.label()) }
                                    td { (policy_badge(r.status)) }
                                    td {
                                        @if ps.is_empty() { span.unknown { "none" } }
                                        @else {
                                            ul { @for p in &ps { li { (name_or_id(&p.name, p.id.as_str())) " (" (policy_status_label(p.status)) ")" } } }
                                        }
                                    }
                                }
                            }
                            @for p in &others {
                                tr data-policy-kind="other" {
                                    th scope="row" { "Other: " (name_or_id(&p.name, p.id.as_str())) }
                                    td { (policy_badge(p.status)) }
                                    td { (name_or_id(&p.name, p.id.as_str())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn kpi_cell(value: Option<f64>, fmt: fn(f64) -> String) -> Markup {
    match value.filter(|v| v.is_finite()) {
        Some(v) => html! { td.num data-value=(format::raw(v)) { (fmt(v)) } },
        None => html! { td.num data-value="" { span.unknown { "not known" } } },
    }
}

/// CSS class, words and symbol of a tracking status (`None`: the service
/// is not in the newer catalogue).
fn track_label(t: Option<TrackStatus>) -> (&'static str, &'static str, &'static str) {
    match t {
        Some(TrackStatus::Done) => ("s-good", "done", "\u{2713}"),
        Some(TrackStatus::Ahead) => ("s-good", "ahead", "\u{25B2}"),
        Some(TrackStatus::OnTrack) => ("s-info", "on track", "\u{25CF}"),
        Some(TrackStatus::Late) => ("s-bad", "late", "\u{2717}"),
        Some(TrackStatus::NotPlanned) => ("s-none", "not in the plan", "\u{2013}"),
        None => ("s-warn", "not in the newer catalogue", "?"),
    }
}

fn policy_status_label(s: PolicyStatus) -> &'static str {
    match s {
        PolicyStatus::InForce => "in force",
        PolicyStatus::Draft => "draft",
        PolicyStatus::Missing => "missing",
    }
}

fn policy_badge(s: PolicyStatus) -> Markup {
    let (class, symbol) = match s {
        PolicyStatus::InForce => ("s-good", "\u{2713}"),
        PolicyStatus::Draft => ("s-warn", "\u{25D0}"),
        PolicyStatus::Missing => ("s-bad", "\u{2717}"),
    };
    html! { span class=(format!("badge {class}")) { span aria-hidden="true" { (symbol) " " } (policy_status_label(s)) } }
}

#[cfg(test)]
mod tests;
