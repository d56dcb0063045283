//! The dashboard page (`/dashboard`, a lazy route): a GET form for the period, the ward and
//! the group (a filtered dashboard is a link), then four panels — attendance, reports,
//! recommendations, the wards' invitations and the meetings' quality. While it is shown it
//! asks for fresh figures every 15 seconds. `?present=1` is the projector's mode: one
//! panel at a time, large type, no scrolling, the next panel every 12 seconds (without the
//! wasm, the page itself moves to the next panel).

use super::api::dashboard_data;
use super::charts::{pct, Bars, Columns, Row, Seg};
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

crate::lazy_page! {
    DashboardRoute => DashboardPage
}

/// Seconds between two fetches of the figures while the page is shown.
const POLL_SECONDS: u64 = 15;
/// Seconds a panel stays on the screen in present mode.
const PANEL_SECONDS: u64 = 12;

#[derive(Debug, Clone, PartialEq, Default)]
struct Q {
    from: Option<String>,
    to: Option<String>,
    ward: Option<String>,
    group: Option<String>,
}

impl Q {
    fn query(&self) -> String {
        [("from", &self.from), ("to", &self.to), ("ward", &self.ward), ("group", &self.group)]
            .iter()
            .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", crate::helpers::url_component(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}

#[component]
fn DashboardPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| Q { from: m.get("from"), to: m.get("to"), ward: m.get("ward"), group: m.get("group") })
    });
    let present = Memo::new(move |_| query.with(|m| m.get("present").is_some_and(|v| !v.is_empty() && v != "0")));
    let first_panel = query.with_untracked(|m| m.get("panel").and_then(|p| p.parse::<usize>().ok()).unwrap_or(0) % PANELS.len());
    let panel = RwSignal::new(first_panel);
    let tick = RwSignal::new(0_u32);
    // in the browser: fresh figures every POLL_SECONDS, the next panel every PANEL_SECONDS
    Effect::new(move |_| {
        if let Ok(h) = set_interval_with_handle(move || tick.update(|t| *t = t.wrapping_add(1)), std::time::Duration::from_secs(POLL_SECONDS)) {
            on_cleanup(move || h.clear());
        }
        if let Ok(h) = set_interval_with_handle(
            move || {
                if present.get_untracked() {
                    panel.update(|p| *p = (*p + 1) % PANELS.len())
                }
            },
            std::time::Duration::from_secs(PANEL_SECONDS),
        ) {
            on_cleanup(move || h.clear());
        }
    });
    let data = Resource::new(move || (q.get(), tick.get()), |(q, _)| dashboard_data(q.from, q.to, q.ward, q.group));
    view! {
        <div class="dash" class:present=move || present.get() data-test="dashboard">
            <Transition fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <DashView d q=q.get_untracked() present=present.get_untracked() panel/> }.into_any(),
                        Err(e) => view! { <h1>{t!("dash.title")}</h1> <LoadError err=e/> }.into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn DashView(d: Dashboard, q: Q, present: bool, panel: RwSignal<usize>) -> impl IntoView {
    let lang = use_lang();
    let base = q.query();
    let link = move |extra: &str| {
        let s = [base.as_str(), extra].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>().join("&");
        if s.is_empty() { "/dashboard".to_string() } else { format!("/dashboard?{s}") }
    };
    let present_link = link("present=1");
    let exit_link = link("");
    // without the wasm the page itself moves on to the next panel (and gets fresh figures)
    let next_link = link(&format!("present=1&panel={}", (panel.get_untracked() + 1) % PANELS.len()));
    let scope_label = {
        let w = d.ward.and_then(|w| d.wards.iter().find(|x| x.0 == w)).map(|x| x.1.clone());
        let g = d.group.and_then(|g| d.groups.iter().find(|x| x.0 == g)).map(|x| x.1.clone());
        [w, g].into_iter().flatten().collect::<Vec<_>>().join(" · ")
    };
    let period = format!("{} – {}", month_label(&d.from), month_label(&d.to));
    let on = move |name: &'static str| {
        move || !present || PANELS.get(panel.get()).copied() == Some(name)
    };
    view! {
        <div class="dash-head">
            <h1>{t!("dash.title")}</h1>
            <p class="dash-scope" data-test="dash-scope">
                {period} {(!scope_label.is_empty()).then(|| format!(" · {scope_label}"))}
                <span class="muted">" · " {t!("dash.updated")} " " <span data-test="computed-at">{d.computed_at.clone()}</span></span>
            </p>
            {if present {
                view! {
                    // as markup the wasm does not hydrate (inside <noscript> the browser keeps text)
                    <noscript inner_html=format!(r#"<meta http-equiv="refresh" content="{},url={}">"#, PANEL_SECONDS + 8, next_link)></noscript>
                    <a class="button secondary exit" href=exit_link data-test="exit-present">{t!("dash.exit_present")}</a>
                }.into_any()
            } else {
                view! { <a class="button" href=present_link data-test="present">{t!("dash.present")}</a> }.into_any()
            }}
        </div>
        {(!present).then(|| view! { <Filters d=d.clone()/> })}
        <div class="panels">
            <section class="panel" class:on=on("attendance") data-panel="attendance">
                <AttendancePanel a=d.attendance.clone()/>
            </section>
            <section class="panel" class:on=on("reports") data-panel="reports">
                <ReportsPanel r=d.reports.clone()/>
            </section>
            <section class="panel" class:on=on("recs") data-panel="recs">
                <RecsPanel r=d.recs.clone()/>
            </section>
            <section class="panel" class:on=on("wards") data-panel="wards">
                <WardsPanel i=d.invitations.clone() w=d.ward_reports.clone() quality=d.quality.clone()/>
            </section>
            <section class="panel findings-panel" class:on=on("findings") data-panel="findings">
                <FindingsPanel findings=d.findings.clone() totals=d.finding_totals.clone()/>
            </section>
        </div>
        {(!present).then(|| view! { <p class="muted dash-notes">{move || text(lang.get(), "dash.definitions")}</p> })}
    }
}

fn month_label(key: &str) -> String {
    match key.split_once('-') {
        Some((y, m)) => format!("{m}/{y}"),
        None => key.to_string(),
    }
}

#[component]
fn Filters(d: Dashboard) -> impl IntoView {
    view! {
        <form method="get" action="/dashboard" class="dash-filters" data-test="dash-filters">
            <label>{t!("dash.from")} <input type="month" name="from" value=d.from.clone()/></label>
            <label>{t!("dash.to")} <input type="month" name="to" value=d.to.clone()/></label>
            {(d.wards.len() > 1).then(|| view! {
                <label>{t!("dash.ward")}
                    <select name="ward">
                        <option value="">{t!("dash.all")}</option>
                        {d.wards.iter().map(|(id, name)| view! { <option value=id.to_string() selected=d.ward == Some(*id)>{name.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            {(!d.groups.is_empty()).then(|| view! {
                <label>{t!("dash.group")}
                    <select name="group">
                        <option value="">{t!("dash.all")}</option>
                        {d.groups.iter().map(|(id, name)| view! { <option value=id.to_string() selected=d.group == Some(*id)>{name.clone()}</option> }).collect_view()}
                    </select>
                </label>
            })}
            <button type="submit">{t!("dash.show")}</button>
        </form>
    }
}

#[component]
fn Kpi(#[prop(into)] value: String, label: &'static str, #[prop(optional)] class: &'static str, test: &'static str) -> impl IntoView {
    view! {
        <div class=format!("kpi {class}")>
            <span class="kpi-value" data-test=test>{value}</span>
            <span class="kpi-label">{crate::i18n::tr(label)}</span>
        </div>
    }
}

fn rate_rows(rates: &[Rate]) -> Vec<Row> {
    rates
        .iter()
        .map(|r| Row {
            label: if r.label.is_empty() { "–".into() } else { r.label.clone() },
            segs: vec![Seg { value: r.percent().unwrap_or(0), class: "c-ok" }],
            text: format!("{} ({}/{})", pct(r.percent()), r.attended, r.expected),
        })
        .collect()
}

#[component]
fn AttendancePanel(a: Attendance) -> impl IntoView {
    let lang = use_lang();
    let total = Rate { label: String::new(), expected: a.expected, attended: a.attended };
    let cols: Vec<(String, Option<i64>, String)> = a.by_month.iter().map(|r| (r.label.clone(), r.percent(), pct(r.percent()))).collect();
    view! {
        <h2>{t!("dash.attendance")}</h2>
        <div class="kpis">
            <Kpi value=pct(total.percent()) label="dash.att_rate" class="big" test="att-rate"/>
            <Kpi value=format!("{}/{}", a.attended, a.expected) label="dash.att_count" test="att-count"/>
            <Kpi value=a.absent_with_reason.to_string() label="dash.absent_reason" test="att-absent"/>
            <Kpi value=a.absent_clash.to_string() label="dash.absent_clash" test="att-clash"/>
            <Kpi value=a.substituted.to_string() label="dash.substituted" test="att-substituted"/>
        </div>
        <div class="charts">
            <figure>
                <figcaption>{t!("dash.by_month")}</figcaption>
                <Columns cols scale=100 title=text(lang.get_untracked(), "dash.by_month") test="att-months"/>
            </figure>
            <figure>
                <figcaption>{t!("dash.by_group")}</figcaption>
                <Bars rows=rate_rows(&a.by_group) scale=100 title=text(lang.get_untracked(), "dash.by_group") test="att-groups"/>
            </figure>
            <figure class="wide">
                <figcaption>{t!("dash.by_ward")}</figcaption>
                <Bars rows=rate_rows(&a.by_ward) scale=100 title=text(lang.get_untracked(), "dash.by_ward") test="att-wards"/>
            </figure>
        </div>
    }
}

fn report_segs(c: &ReportCounts) -> Vec<Seg> {
    vec![
        Seg { value: c.on_time, class: "c-ok" },
        Seg { value: c.late, class: "c-late" },
        Seg { value: c.missing, class: "c-miss" },
        Seg { value: c.pending, class: "c-pend" },
    ]
}

#[component]
fn Legend(items: Vec<(&'static str, &'static str)>) -> impl IntoView {
    view! {
        <ul class="legend">
            {items.into_iter().map(|(class, key)| view! { <li><span class=format!("sw {class}")></span>{crate::i18n::tr(key)}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn ReportsPanel(r: Reports) -> impl IntoView {
    let lang = use_lang();
    let t = r.total.clone();
    let owed = t.on_time + t.late + t.missing + t.pending;
    let scale = r.by_group.iter().map(|c| c.on_time + c.late + c.missing + c.pending).max().unwrap_or(0);
    let rows: Vec<Row> = r
        .by_group
        .iter()
        .map(|c| Row {
            label: if c.label.is_empty() { "–".into() } else { c.label.clone() },
            segs: report_segs(c),
            text: format!("{} / {} / {}", c.on_time, c.late, c.missing),
        })
        .collect();
    let overall = vec![Row { label: text(lang.get_untracked(), "dash.all").into(), segs: report_segs(&t), text: owed.to_string() }];
    view! {
        <h2>{t!("dash.reports")}</h2>
        <div class="kpis">
            <Kpi value=t.on_time.to_string() label="dash.on_time" class="ok" test="rep-on-time"/>
            <Kpi value=t.late.to_string() label="dash.late" class="late" test="rep-late"/>
            <Kpi value=t.missing.to_string() label="dash.missing" class="miss" test="rep-missing"/>
            <Kpi value=t.pending.to_string() label="dash.pending" test="rep-pending"/>
        </div>
        <Legend items=vec![("c-ok", "dash.on_time"), ("c-late", "dash.late"), ("c-miss", "dash.missing"), ("c-pend", "dash.pending")]/>
        <div class="charts">
            <figure class="wide">
                <Bars rows=overall scale=owed title=text(lang.get_untracked(), "dash.reports") test="rep-total"/>
            </figure>
            <figure class="wide">
                <figcaption>{t!("dash.by_group")} " (" {t!("dash.on_time")} " / " {t!("dash.late")} " / " {t!("dash.missing")} ")"</figcaption>
                <Bars rows scale title=text(lang.get_untracked(), "dash.by_group") test="rep-groups"/>
            </figure>
        </div>
    }
}

fn rec_segs(c: &RecCounts) -> Vec<Seg> {
    vec![
        Seg { value: c.open, class: "c-open" },
        Seg { value: c.answered, class: "c-ans" },
        Seg { value: c.closed, class: "c-closed" },
        Seg { value: c.other, class: "c-other" },
    ]
}

fn rec_rows(list: &[RecCounts], label: impl Fn(&str) -> String) -> (Vec<Row>, i64) {
    let scale = list.iter().map(|c| c.open + c.answered + c.closed + c.other).max().unwrap_or(0);
    let rows = list
        .iter()
        .map(|c| Row {
            label: label(&c.label),
            segs: rec_segs(c),
            text: format!("{} / {} / {}{}", c.open, c.answered, c.closed, if c.overdue > 0 { format!(" (!{})", c.overdue) } else { String::new() }),
        })
        .collect();
    (rows, scale)
}

#[component]
fn RecsPanel(r: Recs) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let domain = |d: &str| crate::reports::model::Domain::parse(d).map_or_else(|| d.to_string(), |d| text(l, d.label_key()).to_string());
    let (domains, dscale) = rec_rows(&r.by_domain, domain);
    let no_body = text(l, "dash.no_body").to_string();
    let (bodies, bscale) = rec_rows(&r.by_body.iter().take(8).cloned().collect::<Vec<_>>(), |b| if b.is_empty() { no_body.clone() } else { b.to_string() });
    let ages_scale = r.open_ages.iter().copied().max().unwrap_or(0);
    let ages: Vec<Row> = AGE_KEYS
        .iter()
        .zip(r.open_ages.iter())
        .map(|(k, n)| Row { label: text(l, k).to_string(), segs: vec![Seg { value: *n, class: "c-open" }], text: n.to_string() })
        .collect();
    let t = r.total.clone();
    view! {
        <h2>{t!("dash.recs")}</h2>
        <div class="kpis">
            <Kpi value=t.open.to_string() label="dash.open" test="recs-open"/>
            <Kpi value=t.overdue.to_string() label="dash.overdue" class="miss" test="recs-overdue"/>
            <Kpi value=t.answered.to_string() label="dash.answered" test="recs-answered"/>
            <Kpi value=t.closed.to_string() label="dash.closed" class="ok" test="recs-closed"/>
        </div>
        <Legend items=vec![("c-open", "dash.open"), ("c-ans", "dash.answered"), ("c-closed", "dash.closed"), ("c-other", "dash.other")]/>
        <div class="charts">
            <figure>
                <figcaption>{t!("dash.by_domain")}</figcaption>
                <Bars rows=domains scale=dscale title=text(l, "dash.by_domain") test="recs-domains"/>
            </figure>
            <figure>
                <figcaption>{t!("dash.by_body")}</figcaption>
                <Bars rows=bodies scale=bscale title=text(l, "dash.by_body") test="recs-bodies"/>
            </figure>
            <figure>
                <figcaption>{t!("dash.open_ages")}</figcaption>
                <Bars rows=ages scale=ages_scale title=text(l, "dash.open_ages") test="recs-ages"/>
            </figure>
        </div>
        <p><a href="/recommendations?overdue=on" data-test="recs-overdue-link">{t!("dash.see_overdue")}</a></p>
    }
}

#[component]
fn WardsPanel(i: Invitations, w: WardReports, quality: Vec<i64>) -> impl IntoView {
    let lang = use_lang();
    let l = lang.get_untracked();
    let rows: Vec<Row> = i
        .by_ward
        .iter()
        .map(|(ward, due, got)| Row {
            label: ward.clone(),
            segs: vec![Seg { value: if *due > 0 { got * 100 / due } else { 0 }, class: "c-ok" }],
            text: format!("{got}/{due}"),
        })
        .collect();
    let reports: Vec<Row> = w
        .by_ward
        .iter()
        .map(|c| Row {
            label: c.label.clone(),
            segs: vec![
                Seg { value: c.on_time, class: "c-ok" },
                Seg { value: c.late, class: "c-late" },
                Seg { value: c.missing, class: "c-miss" },
            ],
            text: format!("{}/{}", c.received(), c.due),
        })
        .collect();
    let rscale = w.by_ward.iter().map(|c| c.due).max().unwrap_or(0);
    let qscale = quality.iter().copied().max().unwrap_or(0);
    let levels: Vec<Row> = ["dash.level1", "dash.level2", "dash.level3", "dash.level4"]
        .iter()
        .zip(quality.iter())
        .map(|(k, n)| Row { label: text(l, k).to_string(), segs: vec![Seg { value: *n, class: "c-ans" }], text: n.to_string() })
        .collect();
    view! {
        <h2>{t!("dash.wards")}</h2>
        <div class="kpis">
            <Kpi value=format!("{}/{}", i.received, i.due) label="dash.invitations" class="big" test="inv-count"/>
            <Kpi value=(i.due - i.received).to_string() label="dash.not_invited" class="miss" test="inv-missing"/>
            <Kpi value=format!("{}/{}", w.total.received(), w.total.due) label="dash.ward_reports" class="big" test="wr-count"/>
            <Kpi value=w.total.missing.to_string() label="dash.ward_reports_missing" class="miss" test="wr-missing"/>
        </div>
        <div class="charts">
            <figure>
                <figcaption>{t!("dash.invitations_by_ward")}</figcaption>
                <Bars rows scale=100 title=text(l, "dash.invitations_by_ward") test="inv-wards"/>
            </figure>
            <figure>
                <figcaption>{t!("dash.ward_reports_by_ward")}</figcaption>
                <Bars rows=reports scale=rscale title=text(l, "dash.ward_reports_by_ward") test="wr-wards"/>
            </figure>
            <figure>
                <figcaption>{t!("dash.quality")}</figcaption>
                <Bars rows=levels scale=qscale title=text(l, "dash.quality") test="quality"/>
            </figure>
        </div>
    }
}

#[component]
fn FindingsPanel(findings: Vec<Finding>, totals: Vec<(String, i64)>) -> impl IntoView {
    let groups: Vec<(&'static str, Vec<Finding>, usize)> = FINDING_KINDS
        .iter()
        .map(|(kind, key)| {
            let list = findings.iter().filter(|f| f.kind == *kind).cloned().collect::<Vec<_>>();
            let total = totals.iter().find(|t| t.0 == *kind).map(|t| t.1 as usize).unwrap_or(list.len());
            (*key, list, total)
        })
        .filter(|(_, list, _)| !list.is_empty())
        .collect();
    let none = groups.is_empty();
    view! {
        <h2>{t!("dash.findings")}</h2>
        {none.then(|| view! { <p class="muted" data-test="no-findings">{t!("dash.no_findings")}</p> })}
        <div class="finding-kinds">
            {groups.into_iter().map(|(key, mut list, total)| {
                list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.subject.cmp(&b.subject)));
                view! {
                    <div class="finding-kind" data-test="finding-kind">
                        <h3>{crate::i18n::tr(key)} " " <span class="badge red">{total}</span></h3>
                        <ul>
                            {list.into_iter().take(8).map(|f| view! {
                                <li data-test=format!("finding-{}", f.kind)>
                                    <a href=f.href.clone()>{f.subject.clone()}</a>
                                    <span class="evidence">{f.evidence.clone()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
