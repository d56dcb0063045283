//! The calendar: agenda (the phone's default), week and month, with its filters (a GET form).

use super::*;

crate::document_page! {
    CalendarRoute => CalendarPage
}

/// The calendar's query: view, date and filters, as the GET form sends them.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Query {
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
pub(super) fn CalendarPage() -> impl IntoView {
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
            list_meetings(CalendarListForm {
                view: opt(q.view),
                date: opt(q.date),
                ward: opt(q.ward),
                group: opt(q.group),
                kind: opt(q.kind),
                mine: q.mine.then(|| "1".to_string()),
                member: opt(q.member),
            })
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
        MeetingKind::ALL
            .iter()
            .map(|k| {
                (
                    k.code().to_string(),
                    text(lang.get_untracked(), k.label_key()).to_string(),
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
pub(super) fn FilterSelect(
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
pub(super) fn Legend() -> impl IntoView {
    let lang = use_lang();
    view! {
        <p class="legend">
            {MeetingStatus::ALL.iter().map(|s| {
                let key = s.label_key();
                view! { <span class=format!("status-dot st-{s}")>{move || text(lang.get(), key)}</span> }
            }).collect_view()}
        </p>
    }
}

/// One meeting as a card: time, cell, ward, place, expected members, status.
#[component]
pub(super) fn MeetingCard(m: MeetingItem) -> impl IntoView {
    let lang = use_lang();
    let kind = m.kind.label_key();
    let status = m.status.label_key();
    let class = format!(
        "meeting st-{}{}",
        m.status,
        if m.mine { " mine" } else { "" }
    );
    view! {
        <a class=class rel="external" href=crate::ui::meeting_href(m.id, "") data-test="meeting" data-status=m.status.code()>
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
pub(super) fn AgendaView(meetings: Vec<MeetingItem>, today: NaiveDate) -> impl IntoView {
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
pub(super) fn WeekView(meetings: Vec<MeetingItem>, from: NaiveDate, today: NaiveDate) -> impl IntoView {
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
