//! The dashboard's charts, drawn by the app (no chart library): each bar is an SVG shape
//! whose length is the value, and every value is written beside it, so nothing needs
//! hovering. Labels and values are text of the page, so they keep a readable size on a
//! phone and grow on a projector (style/main.css); colours come from classes.

use leptos::prelude::*;

/// One coloured part of a bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Seg {
    pub value: i64,
    /// A class of style/main.css: `c-ok`, `c-late`, `c-miss`, `c-pend`, `c-open`, `c-ans`, `c-closed`, `c-other`.
    pub class: &'static str,
}

/// A row of a bar chart: its label, its parts, the text written after the bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    pub segs: Vec<Seg>,
    pub text: String,
}

/// One bar: the parts side by side over a track, `scale` being a full bar.
fn bar(segs: &[Seg], scale: i64, vertical: bool) -> impl IntoView {
    let scale = scale.max(1) as f64;
    let mut at = 0.0_f64;
    let parts = segs
        .iter()
        .filter(|s| s.value > 0)
        .map(|s| {
            // at least a sliver, never past the end (no clamp: its bounds could cross)
            let len = (s.value as f64 * 1000.0 / scale).max(4.0).min((1000.0 - at).max(0.0));
            let (x, y, w, h) = if vertical { (0.0, 1000.0 - at - len, 100.0, len) } else { (at, 0.0, len, 100.0) };
            at += len;
            view! { <rect x=x y=y width=w height=h class=s.class/> }
        })
        .collect_view();
    let (vw, vh) = if vertical { (100, 1000) } else { (1000, 100) };
    view! {
        <svg class="bar" viewBox=format!("0 0 {vw} {vh}") preserveAspectRatio="none" aria-hidden="true">
            <rect x="0" y="0" width=vw height=vh class="track"/>
            {parts}
        </svg>
    }
}

/// Horizontal bars, one row each, the parts stacked; `scale` is the value of a full bar
/// (100 for percentages; the largest total for counts).
#[component]
pub fn Bars(rows: Vec<Row>, scale: i64, #[prop(into)] title: String, #[prop(optional)] test: &'static str) -> impl IntoView {
    view! {
        <div class="chart bars" role="img" aria-label=title data-test=test>
            {rows.into_iter().map(|row| {
                let tip = format!("{}: {}", row.label, row.text);
                view! {
                <div class="bar-row" data-test="bar-row" title=tip>
                    <span class="lbl">{row.label.clone()}</span>
                    {bar(&row.segs, scale, false)}
                    <span class="val">{row.text}</span>
                </div>
                }
            }).collect_view()}
        </div>
    }
}

/// Columns (the months of the period): the height is the value of `scale`, the text above.
#[component]
pub fn Columns(cols: Vec<(String, Option<i64>, String)>, scale: i64, #[prop(into)] title: String, #[prop(optional)] test: &'static str) -> impl IntoView {
    view! {
        <div class="chart columns" role="img" aria-label=title data-test=test>
            {cols.into_iter().map(|(label, value, text)| view! {
                <div class="col" data-test="col">
                    <span class="val">{text}</span>
                    {bar(&[Seg { value: value.unwrap_or(0), class: "c-ok" }], scale, true)}
                    <span class="lbl">{label}</span>
                </div>
            }).collect_view()}
        </div>
    }
}

/// Percent text: "87 %" or "–" when nothing was expected.
pub fn pct(p: Option<i64>) -> String {
    p.map(|p| format!("{p} %")).unwrap_or_else(|| "–".into())
}
