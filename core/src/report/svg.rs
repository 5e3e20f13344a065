//! Small SVG charts, written with maud so every text (titles, labels) is
//! escaped like the rest of the page. Each chart is an `img` with a title
//! and a description; the numbers are also in a data table next to it.
//! Series differ by line pattern and marker shape, not only by colour.

use super::format;
use maud::{html, Markup};

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 34.0;
const BOTTOM: f64 = 36.0;

/// One line of a line chart.
pub(crate) struct Series<'a> {
    /// Shown in the legend.
    pub label: &'a str,
    /// One value per year (non-finite values are left out).
    pub values: Vec<f64>,
}

/// How an axis value is written.
#[derive(Clone, Copy)]
pub(crate) enum Axis {
    /// 0..1 as a percentage.
    Share,
    /// A count or amount, short form.
    Amount,
}

impl Axis {
    fn label(self, v: f64) -> String {
        match self {
            Axis::Share => format::pct(v),
            Axis::Amount => format::compact(v),
        }
    }
}

/// The smallest "nice" number (1, 2, 2.5, 5 times a power of ten) at least `v`.
pub(crate) fn nice_max(v: f64) -> f64 {
    if !v.is_finite() || v <= 0.0 {
        return 1.0;
    }
    let exp = v.log10().floor();
    let base = 10f64.powf(exp);
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * base >= v * (1.0 - 1e-12) {
            return m * base;
        }
    }
    10.0 * base
}

fn plot_w() -> f64 {
    WIDTH - LEFT - RIGHT
}
fn plot_h() -> f64 {
    HEIGHT - TOP - BOTTOM
}
fn x_of(i: usize, n: usize) -> f64 {
    let band = plot_w() / n.max(1) as f64;
    LEFT + band * (i as f64 + 0.5)
}
fn y_of(v: f64, max: f64) -> f64 {
    let r = if max > 0.0 {
        (v / max).clamp(0.0, 1.0)
    } else {
        0.0
    };
    TOP + plot_h() * (1.0 - r)
}
fn n2(v: f64) -> String {
    format!("{v:.1}")
}

/// The top of the y axis and its number of steps: round steps (1, 2,
/// 2.5, 5 times a power of ten, and at least 1: amounts are counts or
/// money), at most four of them.
pub(crate) fn scale(data_max: f64) -> (f64, u32) {
    let step = nice_max(data_max / 4.0).max(1.0);
    let steps = (data_max / step - 1e-9).ceil().clamp(1.0, 4.0);
    (step * steps, steps as u32)
}

/// Grid, y labels and x (year) labels shared by every chart.
fn frame(years: &[i32], max: f64, ticks: u32, axis: Axis) -> Markup {
    html! {
        g aria-hidden="true" {
            @for k in 0..=ticks {
                @let v = max * f64::from(k) / f64::from(ticks);
                @let y = y_of(v, max);
                line.grid x1=(n2(LEFT)) x2=(n2(WIDTH - RIGHT)) y1=(n2(y)) y2=(n2(y)) {}
                text x=(n2(LEFT - 6.0)) y=(n2(y + 4.0)) text-anchor="end" { (axis.label(v)) }
            }
            line.axis x1=(n2(LEFT)) x2=(n2(WIDTH - RIGHT)) y1=(n2(TOP + plot_h())) y2=(n2(TOP + plot_h())) {}
            @for (i, year) in years.iter().enumerate() {
                text x=(n2(x_of(i, years.len()))) y=(n2(HEIGHT - BOTTOM + 18.0)) text-anchor="middle" { (year) }
            }
        }
    }
}

/// A marker of the series `k` (0-based) at (x, y): circle, square, triangle.
fn marker(k: usize, x: f64, y: f64) -> Markup {
    let class = format!("series-{}", k % 3 + 1);
    html! {
        @match k % 3 {
            0 => { circle class=(class) cx=(n2(x)) cy=(n2(y)) r="4.5" {} }
            1 => { rect class=(class) x=(n2(x - 4.5)) y=(n2(y - 4.5)) width="9" height="9" {} }
            _ => { polygon class=(class) points=(format!("{},{} {},{} {},{}", n2(x), n2(y - 5.5), n2(x - 5.0), n2(y + 4.0), n2(x + 5.0), n2(y + 4.0))) {} }
        }
    }
}

/// The svg element with its accessible name and description.
fn chart(id: &str, title: &str, desc: &str, body: Markup) -> Markup {
    let title_id = format!("{id}-title");
    let desc_id = format!("{id}-desc");
    html! {
        svg.chart id=(id) xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {WIDTH} {HEIGHT}"))
            role="img" aria-labelledby=(format!("{title_id} {desc_id}")) {
            title id=(title_id) { (title) }
            desc id=(desc_id) { (desc) }
            (body)
        }
    }
}

/// A line chart of one or more series over the years.
pub(crate) fn line_chart(
    id: &str,
    title: &str,
    desc: &str,
    years: &[i32],
    series: &[Series<'_>],
    axis: Axis,
) -> Markup {
    let data_max = series
        .iter()
        .flat_map(|s| s.values.iter().copied())
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let (max, ticks) = match axis {
        Axis::Share if data_max <= 1.0 => (1.0, 4),
        _ => scale(data_max),
    };
    let n = years.len();
    let body = html! {
        (frame(years, max, ticks, axis))
        @for (k, s) in series.iter().enumerate() {
            @let class = format!("series-{}", k % 3 + 1);
            @let points: Vec<String> = s.values.iter().take(n).enumerate()
                .filter(|(_, v)| v.is_finite())
                .map(|(i, v)| format!("{},{}", n2(x_of(i, n)), n2(y_of(*v, max))))
                .collect();
            g {
                polyline class=(class) points=(points.join(" ")) {}
                @for (i, v) in s.values.iter().take(n).enumerate() {
                    @if v.is_finite() {
                        (marker(k, x_of(i, n), y_of(*v, max)))
                    }
                }
            }
        }
        // Legend: marker shape and line pattern plus the series name.
        g.legend aria-hidden="true" {
            @for (k, s) in series.iter().enumerate() {
                @let lx = LEFT + 8.0 + 200.0 * k as f64;
                @let class = format!("series-{}", k % 3 + 1);
                line class=(class) x1=(n2(lx)) x2=(n2(lx + 28.0)) y1="14" y2="14" stroke-width="3"
                    stroke-dasharray=(match k % 3 { 0 => "none", 1 => "8 5", _ => "2 4" }) {}
                (marker(k, lx + 14.0, 14.0))
                text x=(n2(lx + 34.0)) y="18" { (s.label) }
            }
        }
    };
    chart(id, title, desc, body)
}

/// A bar chart over the years, with the value written above each bar and
/// an optional reference per year (such as the budget) drawn as a dashed
/// line with a diamond.
pub(crate) fn bar_chart(
    id: &str,
    title: &str,
    desc: &str,
    years: &[i32],
    values: &[f64],
    reference: Option<(&str, &[Option<f64>])>,
    axis: Axis,
) -> Markup {
    let n = years.len();
    let mut data_max = values
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    if let Some((_, refs)) = reference {
        data_max = refs
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .fold(data_max, f64::max);
    }
    let (max, ticks) = match axis {
        Axis::Share if data_max <= 1.0 => (1.0, 4),
        _ => scale(data_max),
    };
    let band = plot_w() / n.max(1) as f64;
    let bar_w = (band * 0.6).min(60.0);
    let base = TOP + plot_h();
    let body = html! {
        (frame(years, max, ticks, axis))
        g {
            @for (i, v) in values.iter().take(n).enumerate() {
                @if v.is_finite() {
                    @let y = y_of(*v, max);
                    @let x = x_of(i, n);
                    rect.bar x=(n2(x - bar_w / 2.0)) y=(n2(y)) width=(n2(bar_w)) height=(n2((base - y).max(0.0))) {}
                    text x=(n2(x)) y=(n2((y - 5.0).max(TOP - 2.0))) text-anchor="middle" aria-hidden="true" { (axis.label(*v)) }
                }
            }
        }
        @if let Some((label, refs)) = reference {
            g {
                @for (i, r) in refs.iter().take(n).enumerate() {
                    @if let Some(r) = r.filter(|r| r.is_finite()) {
                        @let y = y_of(r, max);
                        @let x = x_of(i, n);
                        line.reference x1=(n2(x - band / 2.0 + 4.0)) x2=(n2(x + band / 2.0 - 4.0)) y1=(n2(y)) y2=(n2(y)) {}
                        polygon.reference-mark points=(format!("{},{} {},{} {},{} {},{}", n2(x), n2(y - 5.0), n2(x + 5.0), n2(y), n2(x), n2(y + 5.0), n2(x - 5.0), n2(y))) {}
                    }
                }
            }
            g.legend aria-hidden="true" {
                rect.bar x=(n2(LEFT + 8.0)) y="8" width="14" height="12" {}
                text x=(n2(LEFT + 28.0)) y="18" { (title) }
                line.reference x1=(n2(LEFT + 250.0)) x2=(n2(LEFT + 278.0)) y1="14" y2="14" {}
                polygon.reference-mark points=(format!("{},9 {},14 {},19 {},14", n2(LEFT + 264.0), n2(LEFT + 269.0), n2(LEFT + 264.0), n2(LEFT + 259.0))) {}
                text x=(n2(LEFT + 284.0)) y="18" { (label) }
            }
        }
    };
    chart(id, title, desc, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_max_rounds_up_to_a_round_number() {
        assert_eq!(nice_max(0.0), 1.0);
        assert_eq!(nice_max(7.0), 10.0);
        assert_eq!(nice_max(10.0), 10.0);
        assert_eq!(nice_max(1_700_000.0), 2_000_000.0);
        assert_eq!(nice_max(2_100.0), 2_500.0);
        assert_eq!(nice_max(0.42), 0.5);
    }

    #[test]
    fn scales_use_round_steps() {
        assert_eq!(scale(2_200_000.0), (3_000_000.0, 3));
        assert_eq!(scale(32_700_000.0), (40_000_000.0, 4));
        assert_eq!(scale(14.0), (15.0, 3));
        assert_eq!(scale(0.0), (1.0, 1));
        assert_eq!(scale(1.0), (1.0, 1));
        assert_eq!(scale(7.0), (8.0, 4));
        assert_eq!(scale(100.0), (100.0, 4));
    }

    #[test]
    fn charts_escape_text_and_carry_title_and_desc() {
        let years = [2027, 2028];
        let s = [Series {
            label: "<script>alert(1)</script>",
            values: vec![0.1, f64::NAN],
        }];
        let svg = line_chart("c", "T & \"q\"", "<b>d</b>", &years, &s, Axis::Share).into_string();
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("<title id=\"c-title\">T &amp; &quot;q&quot;</title>"));
        assert!(svg.contains("<desc id=\"c-desc\">&lt;b&gt;d&lt;/b&gt;</desc>"));
        assert!(svg.contains("aria-labelledby=\"c-title c-desc\""));
        assert!(!svg.contains("NaN"));
        let bars = bar_chart(
            "b",
            "Spend",
            "d",
            &years,
            &[100.0, 2_000_000.0],
            Some(("Budget <i>", &[Some(2_500_000.0), None])),
            Axis::Amount,
        )
        .into_string();
        assert!(bars.contains("Budget &lt;i&gt;"));
        assert!(bars.contains("2 M"), "{bars}");
        assert_eq!(
            bars.matches("class=\"reference\"").count(),
            2,
            "one budget mark plus the legend"
        );
    }
}
