//! Pages of the calendar: the calendar (agenda, the phone's default; week; month) with its
//! filters, a ward's month grid, and one meeting's page with its changes and history.
//! Lazy routes; filters are a GET form and every change an ActionForm, so all of it works
//! before the wasm arrives.

use super::api::{get_meeting, list_meetings, ChangeMeeting};
use super::grid::{ward_month, SaveMonth};
use super::model::*;
use super::pattern::{weekday_name, weekday_short};
use crate::i18n::{text, use_lang, Lang};
use crate::t;
use crate::ui::*;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// "Thứ Năm, 05/11/2026"
fn day_label(d: NaiveDate, lang: Lang) -> String {
    format!(
        "{}, {}",
        weekday_name(d.weekday().number_from_monday(), lang),
        fmt_date(d)
    )
}

// ---------------------------------------------------------------- the calendar

crate::lazy_page! {
    /// The calendar's other pages under one lazy route (`/calendar/*rest`): the ward's month
    /// grid (`ward/{id}`), subscriptions, busy times, findings, the inbox and the outbox (the
    /// reports' inbox, the criteria and the working days are their features' own routes). Each route is a
    /// type in the router, which lives in the first-load bundle; one route for all of them keeps
    /// that bundle small, and their code arrives together when one of them is opened.
    CalendarPagesRoute => CalendarPages
}

#[component]
fn CalendarPages() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get("rest").unwrap_or_default()));
    move || {
        let rest = rest.get();
        let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            ["ward", id] => {
                let id = id.parse::<i64>().unwrap_or(-1);
                view! { <WardMonthPage ward=id/> }.into_any()
            }
            ["subscribe"] => view! { <SubscribePage/> }.into_any(),
            ["busy"] => view! { <BusyPage/> }.into_any(),
            ["findings"] => view! { <FindingsPage/> }.into_any(),
            ["outbox"] => view! { <OutboxPage/> }.into_any(),
            ["inbox"] => view! { <InboxPage/> }.into_any(),
            _ => view! { <crate::ui::NotFound/> }.into_any(),
        }
    }
}

crate::lazy_page! {
    CalendarRoute => CalendarPage
}

/// The calendar's query: view, date and filters, as the GET form sends them.
#[derive(Debug, Clone, PartialEq, Default)]
struct Query {
    view: String,
    date: String,
    ward: String,
    group: String,
    kind: String,
    mine: bool,
    member: String,
}

impl Query {
    /// This query's URL with another view or date.
    fn href(&self, view: &str, date: &str) -> String {
        let mut s = format!("/calendar?view={view}&date={date}");
        for (k, v) in [
            ("ward", &self.ward),
            ("group", &self.group),
            ("kind", &self.kind),
            ("member", &self.member),
        ] {
            if !v.is_empty() {
                s.push_str(&format!("&{k}={v}"));
            }
        }
        if self.mine {
            s.push_str("&mine=1");
        }
        s
    }
}

#[component]
fn CalendarPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| Query {
            view: m.get("view").unwrap_or_default(),
            date: m.get("date").unwrap_or_default(),
            ward: m.get("ward").unwrap_or_default(),
            group: m.get("group").unwrap_or_default(),
            kind: m.get("kind").unwrap_or_default(),
            mine: m.get("mine").is_some_and(|v| !v.is_empty()),
            member: m.get("member").unwrap_or_default(),
        })
    });
    let data = Resource::new(
        move || q.get(),
        |q| {
            let opt = |s: String| (!s.is_empty()).then_some(s);
            list_meetings(
                opt(q.view),
                opt(q.date),
                opt(q.ward),
                opt(q.group),
                opt(q.kind),
                q.mine.then(|| "1".to_string()),
                opt(q.member),
            )
        },
    );
    view! {
        <h1>{move || if q.get().mine { t!("calendar.mine")() } else { t!("calendar.title")() }}</h1>
        <Loaded resource=data render=move |d| view! { <CalendarView d q=q.get_untracked()/> }/>
    }
}

#[component]
fn CalendarView(d: CalendarData, q: Query) -> impl IntoView {
    let lang = use_lang();
    let (Some(from), Some(to), Some(today)) = (d.from, d.to, d.today) else {
        return ().into_any();
    };
    let view_kind = d.view.clone();
    // Previous and next period, and the period's title.
    let (prev, next, title) = match view_kind.as_str() {
        "week" => (
            from - chrono::Duration::days(7),
            from + chrono::Duration::days(7),
            format!("{} – {}", fmt_date(from), fmt_date(to)),
        ),
        _ => (
            crate::helpers::prev_month(from),
            crate::helpers::next_month(from),
            from.format("%m/%Y").to_string(),
        ),
    };
    let tab = |v: &'static str, key: &'static str| {
        let class = if view_kind == v { "tab current" } else { "tab" };
        let href = q.href(v, &from.to_string());
        view! { <a class=class href=href data-test=format!("view-{v}")>{move || text(lang.get(), key)}</a> }
    };
    let ward_options: Vec<(String, String)> = d
        .wards
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let group_options: Vec<(String, String)> = d
        .groups
        .iter()
        .map(|(id, n)| (id.to_string(), n.clone()))
        .collect();
    let kind_options = move || {
        KINDS
            .iter()
            .map(|k| {
                (
                    k.to_string(),
                    text(lang.get_untracked(), kind_key(k)).to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let meetings = d.meetings.clone();
    let body = match view_kind.as_str() {
        "month" => view! { <MonthView meetings from to today q=q.clone()/> }.into_any(),
        "week" => view! { <WeekView meetings from today/> }.into_any(),
        _ => view! { <AgendaView meetings today/> }.into_any(),
    };
    let filtered =
        !q.ward.is_empty() || !q.group.is_empty() || !q.kind.is_empty() || !q.member.is_empty();
    view! {
        <nav class="tabs" aria-label=t!("calendar.views")>
            {tab("agenda", "calendar.agenda")}
            {tab("week", "calendar.week")}
            {tab("month", "calendar.month")}
        </nav>
        <p class="monthnav">
            <a href=q.href(&view_kind, &prev.to_string()) data-test="prev" rel="prev">"‹"</a>
            <strong data-test="period">{title}</strong>
            <a href=q.href(&view_kind, &next.to_string()) data-test="next" rel="next">"›"</a>
            <a href=q.href(&view_kind, &today.to_string()) class="today-link">{t!("calendar.today")}</a>
        </p>
        <details class="filters" open=filtered>
            <summary>{t!("calendar.filters")}</summary>
            <form method="get" action="/calendar" class="filter-form">
                <input type="hidden" name="view" value=view_kind.clone()/>
                <input type="hidden" name="date" value=from.to_string()/>
                <FilterSelect label="org.ward" name="ward" options=ward_options selected=q.ward.clone()/>
                <FilterSelect label="nav.groups" name="group" options=group_options selected=q.group.clone()/>
                <FilterSelect label="calendar.kind" name="kind" options=kind_options() selected=q.kind.clone()/>
                {(!d.members.is_empty()).then(|| {
                    let options: Vec<(String, String)> = d.members.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
                    view! { <FilterSelect label="calendar.member" name="member" options selected=q.member.clone()/> }
                })}
                {d.has_mine.then(|| view! {
                    <label class="inline-check"><input type="checkbox" name="mine" value="1" checked=q.mine/>{t!("calendar.only_mine")}</label>
                })}
                <button type="submit">{t!("calendar.filter")}</button>
            </form>
        </details>
        {(!d.can_enter.is_empty()).then(|| {
            let month = crate::helpers::month_key(from);
            view! {
                <p class="actions enter-links">
                    {d.can_enter.iter().take(12).map(|(id, name)| view! {
                        <a class="button" href=format!("/calendar/ward/{id}?month={month}") data-test="enter-month">
                            {t!("calendar.enter_month")} " · " {name.clone()}
                        </a>
                    }).collect_view()}
                </p>
            }
        })}
        <Legend/>
        {body}
        <p class="subscribe-link">
            <a href="/calendar/subscribe" data-test="subscribe">{t!("ics.title")}</a>
            " · " <a href=format!("/calendar/findings?month={}", crate::helpers::month_key(from)) data-test="findings-link">{t!("findings.title")}</a>
            {d.has_mine.then(|| view! { " · " <a href="/calendar/busy" data-test="busy-link">{t!("busy.title")}</a> })}
        </p>
    }
    .into_any()
}

#[component]
fn FilterSelect(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    selected: String,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <label class="filter">
            <span>{move || text(lang.get(), label)}</span>
            <select name=name>
                <option value="">{t!("calendar.all")}</option>
                {options.into_iter().map(|(v, l)| {
                    let sel = v == selected;
                    view! { <option value=v selected=sel>{l}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Legend() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="legend">
            {STATUSES.iter().map(|s| {
                let key = status_key(s);
                view! { <span class=format!("status-dot st-{s}")>{move || text(lang.get(), key)}</span> }
            }).collect_view()}
        </p>
    }
}

/// One meeting as a card: time, cell, ward, place, expected members, status.
#[component]
fn MeetingCard(m: MeetingItem) -> impl IntoView {
    let lang = use_lang();
    let kind = kind_key(&m.kind);
    let status = status_key(&m.status);
    let class = format!(
        "meeting st-{}{}",
        m.status,
        if m.mine { " mine" } else { "" }
    );
    view! {
        <a class=class rel="external" href=crate::ui::meeting_href(m.id, "") data-test="meeting" data-status=m.status.clone()>
            <span class="when">{m.start.clone()} "–" {m.end.clone()}</span>
            <strong class="what">{m.title.clone()}</strong>
            <span class="where muted">{m.ward.clone()} {(!m.place.is_empty()).then(|| format!(" · {}", m.place))}</span>
            <span class="tags">
                <span class="badge">{move || text(lang.get(), kind)}</span>
                <span class=format!("badge st-{}", m.status)>{move || text(lang.get(), status)}</span>
                {(!m.clashes.is_empty()).then(|| view! { <span class="badge red" data-test="clash" title=m.clashes.join(", ")>{t!("clash.badge")}</span> })}
            </span>
            {(!m.expected.is_empty()).then(|| view! {
                <span class="who"><span class="muted">{t!("calendar.expected")} ": "</span>{m.expected.join(", ")}</span>
            })}
        </a>
    }
}

#[component]
fn AgendaView(meetings: Vec<MeetingItem>, today: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    if meetings.is_empty() {
        return view! { <p class="empty" data-test="no-meetings">{t!("calendar.none")}</p> }
            .into_any();
    }
    let mut days: Vec<(NaiveDate, Vec<MeetingItem>)> = Vec::new();
    for m in meetings {
        match days.last_mut() {
            Some((d, list)) if *d == m.date => list.push(m),
            _ => days.push((m.date, vec![m])),
        }
    }
    view! {
        <div class="agenda">
            {days.into_iter().map(|(d, list)| {
                let class = if d == today { "day today" } else if d < today { "day past" } else { "day" };
                view! {
                    <section class=class data-test="agenda-day">
                        <h2>{move || day_label(d, lang.get())}</h2>
                        {list.into_iter().map(|m| view! { <MeetingCard m/> }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

#[component]
fn WeekView(meetings: Vec<MeetingItem>, from: NaiveDate, today: NaiveDate) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="week">
            {(0..7).map(|i| {
                let d = from + chrono::Duration::days(i);
                let list: Vec<MeetingItem> = meetings.iter().filter(|m| m.date == d).cloned().collect();
                let class = if d == today { "weekday today" } else { "weekday" };
                view! {
                    <section class=class>
                        <h2>{move || day_label(d, lang.get())}</h2>
                        {list.is_empty().then(|| view! { <p class="muted">"—"</p> })}
                        {list.into_iter().map(|m| view! { <MeetingCard m/> }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn MonthView(
    meetings: Vec<MeetingItem>,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    q: Query,
) -> impl IntoView {
    let lang = use_lang();
    let start = from - chrono::Duration::days(from.weekday().num_days_from_monday() as i64);
    let weeks = ((to - start).num_days() / 7) + 1;
    view! {
        <table class="month-grid" data-test="month-grid">
            <thead><tr>{(1..=7).map(|n| view! { <th>{move || weekday_short(n, lang.get())}</th> }).collect_view()}</tr></thead>
            <tbody>
                {(0..weeks).map(|w| view! {
                    <tr>
                        {(0..7).map(|i| {
                            let d = start + chrono::Duration::days(w * 7 + i);
                            let inside = d >= from && d <= to;
                            let list: Vec<MeetingItem> = if inside { meetings.iter().filter(|m| m.date == d).cloned().collect() } else { vec![] };
                            let class = format!("{}{}", if inside { "" } else { "outside" }, if d == today { " today" } else { "" });
                            let day_href = q.href("agenda", &d.to_string());
                            view! {
                                <td class=class>
                                    <a class="daynum" href=day_href>{d.day()}</a>
                                    {list.into_iter().map(|m| {
                                        let code = m.title.split(" – ").next().unwrap_or("").to_string();
                                        view! {
                                            <a class=format!("chip st-{}{}{}", m.status, if m.mine { " mine" } else { "" }, if m.clashes.is_empty() { "" } else { " clash" })
                                               rel="external" href=crate::ui::meeting_href(m.id, "") title=format!("{} {} · {}", m.start, m.title, m.ward) data-test="month-chip">
                                                {m.start.clone()} " " {code}
                                            </a>
                                        }
                                    }).collect_view()}
                                </td>
                            }
                        }).collect_view()}
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

// ---------------------------------------------------------------- a ward's month grid

#[component]
fn WardMonthPage(ward: i64) -> impl IntoView {
    let query = use_query_map();
    let ward = move || ward;
    let month = move || query.with(|q| q.get("month").unwrap_or_default());
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let grid = Resource::new(move || (ward(), month()), |(w, m)| ward_month(w, m));
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <Loaded resource=grid render=move |g| view! { <GridView g saved/> }/>
    }
}

/// Moves the focus to the same column of the next row (Enter) and spreads a pasted
/// column (several lines) down the rows below.
#[cfg(feature = "hydrate")]
fn grid_inputs(col: &str) -> Vec<web_sys::HtmlInputElement> {
    use wasm_bindgen::JsCast;
    let mut out = Vec::new();
    if let Ok(list) = document().query_selector_all(&format!("input[data-col='{col}']")) {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                out.push(el);
            }
        }
    }
    out
}

#[cfg(feature = "hydrate")]
fn on_grid_key(ev: leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    if ev.key() != "Enter" {
        return;
    }
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(col) = input.get_attribute("data-col") else {
        return;
    };
    ev.prevent_default();
    let inputs = grid_inputs(&col);
    if let Some(i) = inputs.iter().position(|x| *x == input) {
        let next = if ev.shift_key() {
            i.checked_sub(1)
        } else {
            Some(i + 1)
        };
        if let Some(el) = next.and_then(|n| inputs.get(n)) {
            let _ = el.focus();
            el.select();
        }
    }
}

#[cfg(feature = "hydrate")]
fn on_grid_paste(ev: leptos::ev::ClipboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return;
    };
    let Some(col) = input.get_attribute("data-col") else {
        return;
    };
    let Some(text) = ev
        .clipboard_data()
        .and_then(|d| d.get_data("text/plain").ok())
    else {
        return;
    };
    let lines: Vec<&str> = text
        .trim_end_matches(['\r', '\n'])
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .collect();
    if lines.len() < 2 {
        return;
    }
    ev.prevent_default();
    let inputs = grid_inputs(&col);
    if let Some(i) = inputs.iter().position(|x| *x == input) {
        for (el, line) in inputs[i..].iter().zip(lines) {
            // a column copied from a spreadsheet: the first cell of each line
            el.set_value(line.split('\t').next().unwrap_or("").trim());
        }
    }
}

#[component]
fn GridView(g: MonthGrid, saved: Signal<bool>) -> impl IntoView {
    let save = ServerAction::<SaveMonth>::new();
    let err = action_error(save);
    let pending: Signal<bool> = save.pending().into();
    let lang = use_lang();
    let month = crate::helpers::parse_month(&g.month);
    let shown = month
        .map(|m| m.format("%m/%Y").to_string())
        .unwrap_or_default();
    let prev = month
        .map(|m| crate::helpers::month_key(crate::helpers::prev_month(m)))
        .unwrap_or_default();
    let next = month
        .map(|m| crate::helpers::month_key(crate::helpers::next_month(m)))
        .unwrap_or_default();
    let base = format!("/calendar/ward/{}?month=", g.ward_id);
    let calendar = format!(
        "/calendar?view=month&ward={}&date={}-01",
        g.ward_id, g.month
    );
    let can_edit = g.can_edit;
    let row_err = move |i: usize, field: &str| {
        let key = format!("rows.{i}.{field}");
        err.get()
            .and_then(|e| e.for_field(&key).map(|m| m.text(lang.get())))
    };
    let any_row_error = move || {
        err.get()
            .is_some_and(|e| e.field.as_deref().is_some_and(|f| f.starts_with("rows.")))
    };
    let extra_start = g.rows.len();
    let cells = g.cells.clone();
    let kinds = move |selected: String| {
        KINDS
            .iter()
            .map(|k| {
                let sel = *k == selected;
                view! { <option value=*k selected=sel>{move || text(lang.get(), kind_key(k))}</option> }
            })
            .collect_view()
    };
    // One input of a row: its value, its column (keyboard moves), its error.
    let cell_input = move |i: usize,
                           field: &'static str,
                           value: String,
                           size: u32,
                           locked: bool| {
        let name = format!("rows[{i}][{field}]");
        let invalid = move || row_err(i, field).is_some().then_some("true");
        view! {
            <td class=format!("c-{field}")>
                <input name=name value=value data-col=field size=size readonly=locked aria-invalid=invalid autocomplete="off"
                    aria-label=move || text(lang.get(), match field {
                        "usual" => "grid.usual",
                        "date" => "grid.date",
                        "start" => "grid.start",
                        "end" => "grid.end",
                        "place" => "grid.place",
                        _ => "grid.topic",
                    })/>
                {move || row_err(i, field).map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
            </td>
        }
    };
    let rows_view = g.rows.iter().cloned().enumerate().map(|(i, r)| {
        let locked = r.locked || !can_edit;
        let status = status_key(&r.status);
        let class = format!("{}{}", if r.prefilled { "prefilled" } else { "" }, if r.locked { " locked" } else { "" });
        let committee = r.cell_id.is_none();
        view! {
            <tr class=class data-test="grid-row" data-cell=r.cell_id.map(|c| c.to_string()).unwrap_or_default()>
                <th scope="row">
                    {r.meeting_id.map(|id| view! {
                        <input type="hidden" name=format!("rows[{i}][meeting_id]") value=id.to_string()/>
                        <input type="hidden" name=format!("rows[{i}][version]") value=r.version.to_string()/>
                    })}
                    {r.cell_id.map(|c| view! { <input type="hidden" name=format!("rows[{i}][cell_id]") value=c.to_string()/> })}
                    {match r.meeting_id {
                        Some(id) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")><span class="code">{r.cell_code.clone()}</span> " " {r.cell_name.clone()}</a> }.into_any(),
                        None => view! { <span class="code">{r.cell_code.clone()}</span> " " {r.cell_name.clone()} }.into_any(),
                    }}
                    {move || row_err(i, "cell_id").map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
                </th>
                {if committee {
                    view! {
                        <td class="c-usual">
                            <label class="inline-check">
                                <input type="checkbox" name=format!("rows[{i}][invite]") value="on" checked=r.invited disabled=locked/>
                                {t!("grid.invite")}
                            </label>
                        </td>
                    }.into_any()
                } else {
                    cell_input(i, "usual", r.usual.clone(), 9, !can_edit).into_any()
                }}
                {cell_input(i, "date", r.date.clone(), 5, locked)}
                {cell_input(i, "start", r.start.clone(), 5, locked)}
                {cell_input(i, "end", r.end.clone(), 5, locked)}
                {cell_input(i, "place", r.place.clone(), 18, locked)}
                <td class="c-kind">
                    {if committee {
                        view! { <input type="hidden" name=format!("rows[{i}][kind]") value="ward_committee"/> {t!("meeting.kind.ward_committee")} }.into_any()
                    } else {
                        view! { <select name=format!("rows[{i}][kind]") disabled=locked aria-label=t!("calendar.kind")>{kinds(r.kind.clone())}</select> }.into_any()
                    }}
                    {move || row_err(i, "kind").map(|m| view! { <span class="cell-error" role="alert">{m}</span> })}
                </td>
                {cell_input(i, "topic", r.topic.clone(), 18, locked)}
                <td class="c-status">
                    {(!r.status.is_empty()).then(|| view! { <span class=format!("badge st-{}", r.status)>{move || text(lang.get(), status)}</span> })}
                    {r.prefilled.then(|| view! { <span class="muted">{t!("grid.prefilled")}</span> })}
                </td>
            </tr>
        }
    }).collect_view();
    let extra_rows = (extra_start..extra_start + 2).map(|i| {
        let options = cells.clone();
        view! {
            <tr class="extra" data-test="grid-extra">
                <th scope="row">
                    <select name=format!("rows[{i}][cell_id]") aria-label=t!("grid.extra_cell")>
                        <option value="">{t!("grid.extra_cell")}</option>
                        {options.into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                    </select>
                    {move || row_err(i, "cell_id").map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
                </th>
                <td></td>
                {cell_input(i, "date", String::new(), 5, false)}
                {cell_input(i, "start", String::new(), 5, false)}
                {cell_input(i, "end", String::new(), 5, false)}
                {cell_input(i, "place", String::new(), 18, false)}
                <td class="c-kind"><select name=format!("rows[{i}][kind]") aria-label=t!("calendar.kind")>{kinds("extraordinary".into())}</select></td>
                {cell_input(i, "topic", String::new(), 18, false)}
                <td></td>
            </tr>
        }
    }).collect_view();
    view! {
        <h1>{t!("grid.title")} " " {shown} <span class="subtitle">" · " {g.ward_name.clone()}</span></h1>
        <p class="monthnav">
            <a href=format!("{base}{prev}") data-test="prev-month">"‹ " {t!("groups.prev_month")}</a>
            <a href=calendar>{t!("calendar.month")}</a>
            <a href=format!("{base}{next}") data-test="next-month">{t!("groups.next_month")} " ›"</a>
        </p>
        <Saved show=saved/>
        {can_edit.then(|| view! { <p class="hint desk-only">{t!("grid.keys_hint")}</p> })}
        <ActionForm action=save attr:class="grid-form" attr:data-test="grid-form">
            <input type="hidden" name="ward_id" value=g.ward_id.to_string()/>
            <input type="hidden" name="month" value=g.month.clone()/>
            <div class="grid-scroll">
                <table class="grid" on:keydown=move |_ev| {
                    #[cfg(feature = "hydrate")]
                    on_grid_key(_ev);
                } on:paste=move |_ev| {
                    #[cfg(feature = "hydrate")]
                    on_grid_paste(_ev);
                }>
                    <thead>
                        <tr>
                            <th>{t!("kind.cell")}</th>
                            <th>{t!("grid.usual")}</th>
                            <th>{t!("grid.date")}</th>
                            <th>{t!("grid.start")}</th>
                            <th>{t!("grid.end")}</th>
                            <th>{t!("grid.place")}</th>
                            <th>{t!("calendar.kind")}</th>
                            <th>{t!("grid.topic")}</th>
                            <th>{t!("grid.status")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows_view}
                        {can_edit.then(|| extra_rows)}
                    </tbody>
                </table>
            </div>
            {move || any_row_error().then(|| view! { <div class="form-error" role="alert" data-test="grid-errors">{t!("grid.fix_rows")}</div> })}
            <FormError err/>
            {can_edit.then(|| view! {
                <div class="grid-actions">
                    <label class="inline-check"><input type="checkbox" name="announce" value="on" checked=true/>{t!("grid.announce")}</label>
                    <SubmitButton label="grid.save" pending/>
                </div>
            })}
        </ActionForm>
    }
}

// ---------------------------------------------------------------- one meeting

/// A meeting's page (`/meetings/{id}`): the meeting, its briefing, clashes and changes.
/// The page's route is the report's (`reports::pages::MeetingRoute`), which puts its panel
/// in `report_panel`, so the calendar does not depend on the report.
#[component]
pub fn MeetingPage(#[prop(into)] report_panel: ViewFn) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(-1)
        })
    };
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let meeting = Resource::new(id, get_meeting);
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <Loaded resource=meeting render=move |m| view! { <MeetingView m saved report_panel=report_panel.clone()/> }/>
    }
}

#[component]
fn MeetingView(m: MeetingDetail, saved: Signal<bool>, report_panel: ViewFn) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangeMeeting>::new();
    let it = m.item.clone();
    let kind = kind_key(&it.kind);
    let status = status_key(&it.status);
    let open = matches!(it.status.as_str(), "planned" | "announced");
    let can = m.can_edit;
    let simple = move |action: &'static str, label: &'static str| {
        let id = it.id.to_string();
        let version = m.version.to_string();
        view! {
            <ActionForm action=change attr:class="inline-form" attr:data-test=format!("action-{action}")>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <input type="hidden" name="action" value=action/>
                <button type="submit">{move || text(lang.get(), label)}</button>
            </ActionForm>
        }
    };
    let err = action_error(change);
    view! {
        <h1 data-test="meeting-title">{it.title.clone()}</h1>
        <p class="subtitle">
            <span class="badge">{move || text(lang.get(), kind)}</span> " "
            <span class=format!("badge st-{}", it.status) data-test="meeting-status">{move || text(lang.get(), status)}</span>
            " · " {it.ward.clone()}
        </p>
        <Saved show=saved/>
        <dl class="facts">
            <dt>{t!("grid.date")}</dt><dd data-test="meeting-when">{move || day_label(it.date, lang.get())} ", " {it.start.clone()} "–" {it.end.clone()}</dd>
            <dt>{t!("grid.place")}</dt><dd>{it.place.clone()}</dd>
            {(!it.topic.is_empty()).then(|| view! { <dt>{t!("grid.topic")}</dt><dd>{it.topic.clone()}</dd> })}
            <dt>{t!("calendar.expected")}</dt>
            <dd data-test="expected">{if it.expected.is_empty() { "—".to_string() } else { it.expected.join(", ") }}</dd>
            <dt>{t!("meeting.announced_at")}</dt>
            <dd>{m.announced_at.clone().unwrap_or_else(|| "—".into())}
                {m.announced_late.then(|| view! { " " <span class="badge red" data-test="announced-late">{t!("meeting.late")}</span> })}
            </dd>
            {(it.kind == "ward_committee").then(|| view! {
                <dt>{t!("meeting.invited_at")}</dt>
                <dd>{m.invited_at.clone().unwrap_or_else(|| "—".into())}
                    {m.invited_at.is_none().then(|| view! { " " <span class="badge red">{t!("meeting.not_invited")}</span> })}
                </dd>
            })}
            {m.status_reason.clone().map(|r| view! { <dt>{t!("board.reopen_reason")}</dt><dd data-test="status-reason">{r}</dd> })}
            {(!m.replaced.is_empty()).then(|| view! {
                <dt>{t!("clash.replaced")}</dt>
                <dd data-test="replaced">{m.replaced.iter().map(|(a, b)| view! {
                    <span class="replaced">{b.clone()} " (" {t!("clash.instead_of")} " " {a.clone()} ")"</span>
                }).collect_view()}</dd>
            })}
        </dl>
        <BriefingPanel m=m.clone()/>
        {report_panel.run()}
        <ClashPanel m=m.clone()/>
        {can.then(|| view! {
            <section class="panel">
                <h2>{t!("meeting.actions")}</h2>
                <div class="actions">
                    {(it.status == "planned").then(|| simple("announce", "meeting.announce"))}
                    {(open && it.kind == "ward_committee" && m.invited_at.is_none()).then(|| simple("invite", "meeting.invite"))}
                    {open.then(|| simple("held", "meeting.held"))}
                </div>
                <FormError err/>
                {(it.status != "held" && it.status != "cancelled").then(|| view! {
                    <ActionForm action=change attr:class="stack" attr:data-test="change-form">
                        <input type="hidden" name="id" value=it.id.to_string()/>
                        <input type="hidden" name="version" value=m.version.to_string()/>
                        <TextField label="meeting.reason" name="reason" err maxlength=500/>
                        <div class="row3">
                            <DateField label="meeting.new_date" name="date" value=Some(it.date) err/>
                            <TextField label="grid.start" name="start" value=it.start.clone() err maxlength=5/>
                            <TextField label="grid.end" name="end" value=it.end.clone() err maxlength=5/>
                        </div>
                        <div class="actions">
                            <button type="submit" name="action" value="reschedule" data-test="reschedule">{t!("meeting.reschedule")}</button>
                            {open.then(|| view! { <button type="submit" name="action" value="postpone" data-test="postpone">{t!("meeting.postpone")}</button> })}
                            <button type="submit" name="action" value="cancel" class="danger" data-test="cancel">{t!("meeting.cancel")}</button>
                        </div>
                    </ActionForm>
                })}
            </section>
        })}
        <section class="panel">
            <h2>{t!("org.history")}</h2>
            <ul class="history" data-test="history">
                {m.history.iter().cloned().map(|h| {
                    let action = h.action.clone();
                    view! {
                        <li>
                            <span class="muted">{h.at.clone()}</span> " · " {h.who.clone()} " · "
                            {move || history_action(&action, lang.get())}
                            {(!h.change.is_empty()).then(|| view! { " · " {h.change.clone()} })}
                            {h.reason.clone().map(|r| view! { <br/><span class="muted">{t!("board.reopen_reason")} ": " {r}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <p><a href=format!("/calendar/ward/{}?month={}", it.ward_id, m.month)>{t!("calendar.enter_month")} " · " {it.ward.clone()}</a></p>
    }
}

fn history_action(action: &str, lang: Lang) -> &'static str {
    text(
        lang,
        match action {
            "create" => "meeting.h.create",
            "update" => "meeting.h.update",
            "announce" => "meeting.announce",
            "postpone" => "meeting.postpone",
            "cancel" => "meeting.cancel",
            "reschedule" => "meeting.reschedule",
            "held" => "meeting.held",
            "invite" => "meeting.invite",
            "substitute" => "clash.h.substitute",
            "briefing" => "briefing.title",
            "attach_file" => "briefing.attach",
            "delete_file" => "briefing.h.delete_file",
            _ => "audit.other",
        },
    )
}

// ---------------------------------------------------------------- calendar subscriptions

#[component]
fn SubscribePage() -> impl IntoView {
    let query = use_query_map();
    let new_token = move || {
        query
            .with(|q| q.get("new"))
            .filter(|t| t.len() == 48 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let revoked = Signal::derive(move || query.with(|q| q.get("revoked").is_some()));
    let feeds = Resource::new(|| (), |_| super::ics::list_feeds());
    let create = ServerAction::<super::ics::CreateFeed>::new();
    let revoke = ServerAction::<super::ics::RevokeFeed>::new();
    let err = action_error(create);
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("ics.title")}</h1>
        <p class="hint">{t!("ics.hint")}</p>
        <Saved show=revoked/>
        <Loaded resource=feeds render=move |f: Feeds| {
            let base = f.base.clone();
            let fresh = new_token().map(|t| {
                let https = format!("{base}/ics/{t}.ics");
                let webcal = https.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                let google = format!("https://calendar.google.com/calendar/r?cid={}", crate::helpers::url_component(&webcal));
                view! {
                    <section class="panel new-feed" data-test="new-feed">
                        <h2>{t!("ics.new_link")}</h2>
                        <p class="hint">{t!("ics.once")}</p>
                        <input class="feed-url" readonly=true value=https.clone() data-test="feed-url" aria-label=t!("ics.new_link")/>
                        <p class="actions">
                            <a class="button" href=webcal>{t!("ics.apple")}</a>
                            <a class="button" href=google rel="noopener" target="_blank">{t!("ics.google")}</a>
                        </p>
                    </section>
                }
            });
            view! {
                {fresh}
                <section class="panel">
                    <h2>{t!("ics.make")}</h2>
                    <div class="actions">
                        {f.own.then(|| view! {
                            <ActionForm action=create attr:class="inline-form" attr:data-test="create-own">
                                <button type="submit">{t!("ics.own")}</button>
                            </ActionForm>
                        })}
                        {f.wards.iter().take(30).cloned().map(|(id, name)| view! {
                            <ActionForm action=create attr:class="inline-form" attr:data-test="create-ward">
                                <input type="hidden" name="ward_id" value=id.to_string()/>
                                <button type="submit">{t!("ics.ward")} " · " {name}</button>
                            </ActionForm>
                        }).collect_view()}
                    </div>
                    <FormError err/>
                </section>
                <section class="panel">
                    <h2>{t!("ics.active")}</h2>
                    {f.feeds.is_empty().then(|| view! { <p class="empty">{t!("ics.none")}</p> })}
                    <ul class="feeds">
                        {f.feeds.iter().cloned().map(|x| view! {
                            <li data-test="feed">
                                <strong>{match x.ward.clone() { Some(w) => w, None => String::new() }}
                                    {x.ward.is_none().then(|| t!("calendar.mine"))}</strong>
                                <span class="muted">" · " {t!("ics.created")} " " {x.created_at.clone()}
                                    {x.last_used_at.clone().map(|u| view! { " · " {t!("ics.used")} " " {u} })}</span>
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="id" value=x.id.to_string()/>
                                    <button type="submit" class="danger small" data-test="revoke">{t!("ics.revoke")}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }/>
    }
}

/// The label of an absence's reason code.
fn absence_label(reason: &str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    crate::i18n::tr(match reason {
        "clash" => "absence.clash",
        "illness" => "absence.illness",
        "assignment" => "absence.assignment",
        _ => "absence.other",
    })
}

/// Members expected at the meeting who are taken then, or reported an absence, with the
/// substitutes the leader may send instead (one click each).
#[component]
fn ClashPanel(m: MeetingDetail) -> impl IntoView {
    let substitute = ServerAction::<super::clash::AcceptSubstitute>::new();
    let err = action_error(substitute);
    let meeting = m.item.id;
    (!m.clashes.is_empty()).then(|| view! {
        <section class="panel clash-panel" data-test="clashes">
            <h2>{t!("clash.title")}</h2>
            <FormError err/>
            <ul class="clashes">
                {m.clashes.iter().cloned().map(|c| view! {
                    <li data-test="clash-line">
                        <strong>{c.name.clone()}</strong>
                        {(!c.with.is_empty()).then(|| view! { " " <span class="muted">{t!("clash.with")} " " {c.with.clone()}</span> })}
                        {c.absence.clone().map(|(reason, note)| view! {
                            " " <span class="muted" data-test="absence-line">{t!("absence.recorded")} ": " {absence_label(&reason)}
                                {(!note.is_empty()).then(|| format!(" ({note})"))}</span>
                        })}
                        {m.can_substitute.then(|| view! {
                            <div class="substitutes">
                                {c.substitutes.is_empty().then(|| view! { <span class="muted">{t!("clash.nobody_free")}</span> })}
                                {c.substitutes.iter().cloned().map(|s| view! {
                                    <ActionForm action=substitute attr:class="inline-form" attr:data-test="substitute-form">
                                        <input type="hidden" name="meeting_id" value=meeting.to_string()/>
                                        <input type="hidden" name="person_id" value=c.person_id.to_string()/>
                                        <input type="hidden" name="substitute_id" value=s.person_id.to_string()/>
                                        <button type="submit" data-test="accept-substitute">
                                            {t!("clash.send")} " " {s.name.clone()} <span class="load" title=t!("groups.load")>{s.load}</span>
                                        </button>
                                    </ActionForm>
                                }).collect_view()}
                            </div>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

// ---------------------------------------------------------------- busy times

#[component]
fn BusyPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let upload_err = move || {
        query
            .with(|q| q.get("upload_err"))
            .and_then(|e| serde_json::from_str::<crate::i18n::Msg>(&e).ok())
    };
    let list = Resource::new(|| (), |_| super::clash::list_busy());
    let add = ServerAction::<super::clash::AddBusy>::new();
    let delete = ServerAction::<super::clash::DeleteBusy>::new();
    let err = action_error(add);
    let pending: Signal<bool> = add.pending().into();
    let lang = use_lang();
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("busy.title")}</h1>
        <p class="hint">{t!("busy.hint")}</p>
        <Saved show=saved/>
        <section class="panel">
            <h2>{t!("busy.add")}</h2>
            <ActionForm action=add attr:class="stack" attr:data-test="busy-form">
                <div class="row3">
                    <DateField label="grid.date" name="date" err required=true/>
                    <TextField label="grid.start" name="start" err required=true maxlength=5/>
                    <TextField label="grid.end" name="end" err required=true maxlength=5/>
                </div>
                <TextField label="busy.note" name="note" err maxlength=200/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>{t!("busy.upload")}</h2>
            <form method="post" action="/upload/busy-ics" enctype="multipart/form-data" class="stack" data-test="busy-upload">
                <input type="file" name="file" accept=".ics,text/calendar" required=true aria-label=t!("busy.upload")/>
                <p class="hint">{t!("busy.upload_hint")}</p>
                {move || upload_err().map(|m| view! { <p class="field-error" role="alert">{m.text(lang.get())}</p> })}
                <button type="submit">{t!("busy.upload_button")}</button>
            </form>
        </section>
        <Loaded resource=list render=move |items| view! { <BusyList items delete/> }/>
    }
}

#[component]
fn BusyList(items: Vec<BusyTime>, delete: ServerAction<super::clash::DeleteBusy>) -> impl IntoView {
    view! {
            <section class="panel">
                <h2>{t!("busy.list")}</h2>
                {items.is_empty().then(|| view! { <p class="empty">{t!("busy.none")}</p> })}
                <ul class="feeds" data-test="busy-list">
                    {items.into_iter().map(|b| view! {
                        <li data-test="busy">
                            <strong>{fmt_date(b.date)} " " {b.start.clone()} "–" {b.end.clone()}</strong>
                            <span>{b.note.clone()}</span>
                            {b.from_file.then(|| view! { <span class="badge">".ics"</span> })}
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=b.id.to_string()/>
                                <button type="submit" class="danger small">{t!("busy.delete")}</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
    }
}

// ---------------------------------------------------------------- notices

#[component]
fn InboxPage() -> impl IntoView {
    let inbox = Resource::new(|| (), |_| super::notices::list_notices());
    let read = ServerAction::<super::notices::MarkRead>::new();
    view! {
        <h1>{t!("inbox.title")}</h1>
        <Loaded resource=inbox render=move |i: Inbox| view! {
            {(i.unread > 0).then(|| view! {
                <ActionForm action=read attr:class="inline-form">
                    <button type="submit" data-test="mark-read">{t!("inbox.mark_read")} " (" {i.unread} ")"</button>
                </ActionForm>
            })}
            {i.notices.is_empty().then(|| view! { <p class="empty">{t!("inbox.none")}</p> })}
            <ul class="notices" data-test="notices">
                {i.notices.into_iter().map(|n| {
                    let class = if n.read { "notice" } else { "notice unread" };
                    let lang = crate::i18n::use_lang();
                    let line = { let n = n.clone(); move || n.text(lang.get()) };
                    view! {
                        <li class=class data-test="notice">
                            <span class="muted">{n.at.clone()}</span>
                            {match (n.meeting_id, n.recommendation_id, n.link.clone()) {
                                (Some(id), ..) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")>{line}</a> }.into_any(),
                                (None, Some(id), _) => view! { <a href=format!("/recommendations/{id}")>{line}</a> }.into_any(),
                                (None, None, Some(link)) => view! { <a href=link>{line}</a> }.into_any(),
                                (None, None, None) => view! { <span>{line}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }/>
    }
}

#[component]
fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| super::notices::list_outbox());
    view! {
        <h1>{t!("outbox.title")}</h1>
        <p class="hint">{t!("outbox.hint")}</p>
        <Loaded resource=outbox render=move |lines| view! { <OutboxTable lines/> }/>
    }
}

#[component]
fn OutboxTable(lines: Vec<OutboxLine>) -> impl IntoView {
    view! {
            {lines.is_empty().then(|| view! { <p class="empty">{t!("outbox.none")}</p> })}
            <table class="list" data-test="outbox">
                <thead><tr><th>{t!("outbox.at")}</th><th>{t!("outbox.to")}</th><th>{t!("outbox.subject")}</th><th>{t!("outbox.state")}</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.at.clone()}</td>
                            <td>{l.to.clone()}</td>
                            <td>{l.subject.clone()}</td>
                            <td>{match (l.sent_at.clone(), l.error.clone()) {
                                (Some(at), _) => view! { <span class="badge st-held">{t!("outbox.sent")} " " {at}</span> }.into_any(),
                                (None, Some(e)) => view! { <span class="badge red" title=e>{t!("outbox.failed")}</span> }.into_any(),
                                (None, None) => view! { <span class="badge">{t!("outbox.waiting")}</span> }.into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
    }
}

/// The ward's briefing: its situation note in four parts (editable by the ward) and files.
#[component]
fn BriefingPanel(m: MeetingDetail) -> impl IntoView {
    let save = ServerAction::<super::briefing::SaveBriefing>::new();
    let delete = ServerAction::<super::briefing::DeleteFile>::new();
    let err = action_error(save);
    let pending: Signal<bool> = save.pending().into();
    let query = use_query_map();
    let lang = use_lang();
    let file_err = move || {
        query
            .with(|q| q.get("file_err"))
            .and_then(|e| serde_json::from_str::<crate::i18n::Msg>(&e).ok())
    };
    let b = m.briefing.clone();
    let id = m.item.id;
    let parts: [(&'static str, &'static str, String); 4] = [
        (
            "socio_economic",
            "briefing.socio_economic",
            b.socio_economic.clone(),
        ),
        (
            "defence_security",
            "briefing.defence_security",
            b.defence_security.clone(),
        ),
        (
            "party_building",
            "briefing.party_building",
            b.party_building.clone(),
        ),
        (
            "local_issues",
            "briefing.local_issues",
            b.local_issues.clone(),
        ),
    ];
    let empty = parts.iter().all(|p| p.2.is_empty()) && b.files.is_empty();
    view! {
        <section class="panel briefing" data-test="briefing">
            <h2>{t!("briefing.title")}</h2>
            {b.updated_at.clone().map(|u| view! { <p class="hint">{t!("briefing.updated")} " " {u}</p> })}
            {(empty && !m.can_edit).then(|| view! { <p class="empty">{t!("briefing.none")}</p> })}
            {(!m.can_edit).then(|| parts.iter().filter(|p| !p.2.is_empty()).map(|(_, label, text)| {
                let label = *label;
                view! { <h3>{move || crate::i18n::text(lang.get(), label)}</h3><p class="plan">{text.clone()}</p> }
            }).collect_view())}
            {m.can_edit.then(|| view! {
                <ActionForm action=save attr:class="stack" attr:data-test="briefing-form">
                    <input type="hidden" name="meeting_id" value=id.to_string()/>
                    <input type="hidden" name="version" value=b.version.to_string()/>
                    {parts.iter().cloned().map(|(name, label, text)| view! {
                        <div class="field">
                            <label for=format!("f-{name}")>{move || crate::i18n::text(lang.get(), label)}</label>
                            <TextArea id=format!("f-{name}") name=name rows=3 maxlength=10000 value=text/>
                            <FieldError err field=name/>
                        </div>
                    }).collect_view()}
                    <FormError err/>
                    <SubmitButton label="briefing.save" pending/>
                </ActionForm>
            })}
            <h3>{t!("briefing.files")}</h3>
            <ul class="feeds" data-test="files">
                {b.files.iter().cloned().map(|f| view! {
                    <li data-test="file">
                        <a href=format!("/files/{}", f.id) rel="external" target="_blank">{f.name.clone()}</a>
                        <span class="muted">{format!("{} KB", (f.size + 1023) / 1024)} " · " {f.at.clone()}</span>
                        {m.can_edit.then(|| view! {
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=f.id.to_string()/>
                                <button type="submit" class="danger small">{t!("busy.delete")}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {m.can_edit.then(|| view! {
                <form method="post" action="/upload/meeting-file" enctype="multipart/form-data" class="stack" data-test="file-upload">
                    <input type="hidden" name="meeting_id" value=id.to_string()/>
                    <input type="file" name="file" accept=".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required=true aria-label=t!("briefing.attach")/>
                    <p class="hint">{t!("briefing.file_hint")}</p>
                    {move || file_err().map(|m| view! { <p class="field-error" role="alert" data-test="file-error">{m.text(lang.get())}</p> })}
                    <button type="submit">{t!("briefing.attach")}</button>
                </form>
            })}
        </section>
    }
}

// ---------------------------------------------------------------- findings

#[component]
fn FindingsPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month"));
    let ward = move || query.with(|q| q.get("ward"));
    let data = Resource::new(
        move || (month(), ward()),
        |(m, w)| super::findings::get_findings(m, w),
    );
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("findings.title")}</h1>
        <Loaded resource=data render=move |f| view! { <FindingsView f/> }/>
    }
}

#[component]
fn FindingsView(f: Findings) -> impl IntoView {
    let month = crate::helpers::parse_month(&f.month);
    let prev = month
        .map(|m| crate::helpers::month_key(crate::helpers::prev_month(m)))
        .unwrap_or_default();
    let next = month
        .map(|m| crate::helpers::month_key(crate::helpers::next_month(m)))
        .unwrap_or_default();
    let shown = month
        .map(|m| m.format("%m/%Y").to_string())
        .unwrap_or_default();
    let list = |items: Vec<FindingLine>, test: &'static str| {
        view! {
            <ul class="findings" data-test=test>
                {items.into_iter().map(|l| view! {
                    <li>
                        {match (l.meeting_id, l.cell_id) {
                            (Some(id), _) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")>{l.title.clone()}</a> }.into_any(),
                            (None, Some(c)) => view! { <a href=format!("/org/{c}")>{l.title.clone()}</a> }.into_any(),
                            _ => view! { <span>{l.title.clone()}</span> }.into_any(),
                        }}
                        <span class="muted">" · " {l.ward.clone()} {(!l.detail.is_empty()).then(|| format!(" · {}", l.detail))}
                            {l.hours_ahead.map(|h| view! { " · " {t!("findings.announced")} " " {h} " " {t!("findings.hours_before")} })}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <p class="monthnav">
            <a href=format!("/calendar/findings?month={prev}") rel="prev">"‹"</a>
            <strong>{shown}</strong>
            <a href=format!("/calendar/findings?month={next}") rel="next">"›"</a>
        </p>
        <div class="stats">
            <div class="stat warn"><span class="num" data-test="late-count">{f.late.len()}</span><span>{t!("findings.late")} " (< " {f.lead_days} " " {t!("findings.days")} ")"</span></div>
            <div class="stat warn"><span class="num" data-test="missing-count">{f.missing.len()}</span><span>{t!("findings.missing")}</span></div>
            <div class="stat warn"><span class="num" data-test="uninvited-count">{f.uninvited.len()}</span><span>{t!("findings.uninvited")}</span></div>
        </div>
        {f.can_set.then(|| view! { <LeadDaysForm days=f.lead_days/> })}
        <section class="panel"><h2>{t!("findings.late")}</h2>{list(f.late.clone(), "late")}</section>
        <section class="panel"><h2>{t!("findings.missing")}</h2>{list(f.missing.clone(), "missing")}</section>
        <section class="panel"><h2>{t!("findings.uninvited")}</h2>{list(f.uninvited.clone(), "uninvited")}</section>
    }
}

/// The city's N: an announcement fewer than N days before the meeting is late.
#[component]
fn LeadDaysForm(days: i32) -> impl IntoView {
    let set = ServerAction::<super::findings::SetLeadDays>::new();
    let err = action_error(set);
    let pending: Signal<bool> = set.pending().into();
    view! {
        <details class="filters">
            <summary>{t!("findings.setting")}</summary>
            <ActionForm action=set attr:class="filter-form" attr:data-test="lead-days-form">
                <TextField label="findings.lead_days" name="days" value=days.to_string() err maxlength=2 kind="number"/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </details>
    }
}
