//! The dashboard's charts, drawn by the app as SVG (no chart library): every value is
//! written on the chart, so nothing needs hovering, and the shapes scale with the screen
//! (a phone, a projector) through the viewBox. Colours come from classes (style/main.scss).

use leptos::prelude::*;

/// One coloured part of a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub value: i64,
    /// A class of style/main.scss: `c-ok`, `c-late`, `c-miss`, `c-pend`, `c-open`, `c-ans`, `c-closed`, `c-other`.
    pub class: &'static str,
}

/// A row of a bar chart: its label, its parts, the text written after the bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub segs: Vec<Seg>,
    pub text: String,
}

const W: i64 = 1000;
const LABEL_W: i64 = 330;
const BAR_X: i64 = 340;
const BAR_W: i64 = 470;
const ROW_H: i64 = 46;

/// Cuts a label to what fits beside the bars.
fn fit(label: &str, n: usize) -> String {
    if label.chars().count() <= n {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(n - 1).collect();
        s.push('…');
        s
    }
}

/// Horizontal bars, one row each, the parts stacked; `scale` is the value of a full bar
/// (100 for percentages; the largest total for counts).
#[component]
pub fn Bars(rows: Vec<Row>, scale: i64, #[prop(into)] title: String, #[prop(optional)] test: &'static str) -> impl IntoView {
    let h = (rows.len() as i64).max(1) * ROW_H;
    let scale = scale.max(1);
    let body = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let y = i as i64 * ROW_H;
            let mut x = BAR_X;
            let parts = row
                .segs
                .iter()
                .filter(|s| s.value > 0)
                .map(|s| {
                    let w = (s.value * BAR_W / scale).max(3);
                    let r = view! { <rect x=x y=y + 8 width=w height=ROW_H - 16 class=s.class/> };
                    x += w;
                    r
                })
                .collect_view();
            let full = row.label.clone();
            view! {
                <g data-test="bar-row">
                    <title>{format!("{full}: {}", row.text)}</title>
                    <text x=LABEL_W y=y + ROW_H / 2 + 8 text-anchor="end" class="lbl">{fit(&row.label, 26)}</text>
                    <rect x=BAR_X y=y + 8 width=BAR_W height=ROW_H - 16 class="track"/>
                    {parts}
                    <text x=BAR_X + BAR_W + 12 y=y + ROW_H / 2 + 8 class="val">{row.text}</text>
                </g>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart bars" viewBox=format!("0 0 {W} {h}") role="img" aria-label=label data-test=test>
            <title>{title}</title>
            {body}
        </svg>
    }
}

/// Columns (the months of the period): the height is `value` of `scale`, the text above.
#[component]
pub fn Columns(cols: Vec<(String, Option<i64>, String)>, scale: i64, #[prop(into)] title: String, #[prop(optional)] test: &'static str) -> impl IntoView {
    let n = (cols.len() as i64).max(1);
    let h: i64 = 360;
    let top = 50;
    let base = h - 50;
    let slot = W / n;
    let bw = (slot * 6 / 10).min(90);
    let scale = scale.max(1);
    let body = cols
        .into_iter()
        .enumerate()
        .map(|(i, (label, value, text))| {
            let cx = i as i64 * slot + slot / 2;
            let bh = value.map(|v| v.clamp(0, scale) * (base - top) / scale).unwrap_or(0);
            view! {
                <g data-test="col">
                    <rect x=cx - bw / 2 y=top width=bw height=base - top class="track"/>
                    <rect x=cx - bw / 2 y=base - bh width=bw height=bh class="c-ok"/>
                    <text x=cx y=(base - bh - 10).min(base - 10).max(top - 10) text-anchor="middle" class="val">{text}</text>
                    <text x=cx y=base + 34 text-anchor="middle" class="lbl">{label}</text>
                </g>
            }
        })
        .collect_view();
    let label = title.clone();
    view! {
        <svg class="chart columns" viewBox=format!("0 0 {W} {h}") role="img" aria-label=label data-test=test>
            <title>{title}</title>
            {body}
        </svg>
    }
}

/// Percent text: "87 %" or "–" when nothing was expected.
pub fn pct(p: Option<i64>) -> String {
    p.map(|p| format!("{p} %")).unwrap_or_else(|| "–".into())
}
