//! The periodic reports' pages (one lazy route, `/periodic/*`): the reports owed in a year
//! with their due dates and states, and one report's form — its figures pre-filled from
//! the data (the data's value beside each), its sections, "save the draft" and "submit".
//! Both are plain forms: the year is a GET form, the report an `ActionForm`.

use super::api::*;
use super::model::*;
use crate::error::AppError;
use crate::i18n::{text, use_lang, Lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

crate::document_page! {
    PeriodicRoute => PeriodicPages
}

#[component]
fn PeriodicPages() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get("rest").unwrap_or_default()));
    move || {
        let rest = rest.get();
        let parts: Vec<String> = rest.trim_matches('/').split('/').map(str::to_string).collect();
        match parts.as_slice() {
            [one] if one.is_empty() => view! { <ListPage/> }.into_any(),
            [reporter, id, period] => {
                let (reporter, id, period) = (reporter.clone(), id.clone(), period.clone());
                view! { <FormPage reporter id period/> }.into_any()
            }
            _ => view! { <crate::ui::NotFound/> }.into_any(),
        }
    }
}

pub fn state_key(s: State) -> &'static str {
    match s {
        State::Open => "periodic.state.open",
        State::Due => "periodic.state.due",
        State::OnTime => "periodic.state.on_time",
        State::Late => "periodic.state.late",
        State::Missing => "periodic.state.missing",
    }
}

fn state_badge(s: State) -> impl IntoView {
    let class = match s {
        State::OnTime => "badge green",
        State::Late => "badge amber",
        State::Missing => "badge red",
        State::Due => "badge blue",
        State::Open => "badge grey",
    };
    let lang = use_lang();
    view! { <span class=class data-test="periodic-state">{move || text(lang.get(), state_key(s))}</span> }
}

fn period_label(key: &str, lang: Lang) -> String {
    Period::parse(key).map(|p| p.label(lang == Lang::En)).unwrap_or_else(|| key.to_string())
}

fn to_label(line: &DueLine, lang: Lang) -> String {
    match line.reporter {
        Reporter::Ward => format!("{} {}", text(lang, "periodic.to"), line.to),
        Reporter::Group => text(lang, "periodic.to_sc").to_string(),
    }
}

// ---------------------------------------------------------------- the list

#[component]
fn ListPage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year")));
    let data = Resource::new(move || year.get(), |y| periodic_list(y));
    let lang = use_lang();
    view! {
        <h1>{t!("periodic.title")}</h1>
        <p class="hint">{t!("periodic.intro")}</p>
        <Loaded resource=data render=move |d: DueList| {
            let years: Vec<i32> = ((d.year - 3)..=(d.year + 1)).rev().collect();
            let t = d.total.clone();
            view! {
                <form method="get" action="/periodic" class="filters inline" data-test="periodic-year">
                    <label for="f-year">{t!("periodic.year")}</label>
                    <select id="f-year" name="year">
                        {years.into_iter().map(|y| view! { <option value=y.to_string() selected=y == d.year>{y}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="small">{t!("periodic.show")}</button>
                </form>
                <p class="periodic-counts" data-test="periodic-counts">
                    <strong>{t.received()}</strong> "/" {t.due} " " {t!("periodic.received_of_due")} " · "
                    <span class="green-text">{t.on_time} " " {t!("periodic.state.on_time")}</span> " · "
                    <span class="amber-text">{t.late} " " {t!("periodic.state.late")}</span> " · "
                    <span class="red-text">{t.missing} " " {t!("periodic.state.missing")}</span>
                </p>
                {if d.lines.is_empty() {
                    view! { <p class="empty">{t!("periodic.none")}</p> }.into_any()
                } else {
                    let mut lines = d.lines.clone();
                    lines.reverse();
                    let writes = d.writes.clone();
                    view! {
                        <ul class="periodic-list" data-test="periodic-list">
                            {lines.into_iter().map(|l| {
                                let mine = writes.contains(&(l.reporter, l.reporter_id)) && matches!(l.state, State::Open | State::Due | State::Missing);
                                let href = l.href();
                                let period = l.period.clone();
                                let to = l.clone();
                                view! {
                                    <li class="periodic-line" data-test="periodic-line" data-period=l.period.clone() data-reporter=l.reporter_name.clone()>
                                        <div class="what">
                                            <a href=href.clone()><strong>{move || period_label(&period, lang.get())}</strong></a>
                                            <span>{l.reporter_name.clone()}</span>
                                            <span class="muted">{move || to_label(&to, lang.get())}</span>
                                        </div>
                                        <div class="when">
                                            <span class="muted">{t!("periodic.due_on")} " " {l.due_on.clone()}</span>
                                            {state_badge(l.state)}
                                            {l.drafted.then(|| view! { <span class="badge grey">{t!("periodic.drafted")}</span> })}
                                            {mine.then(|| view! { <a class="button small" href=href data-test="periodic-write">{t!("periodic.write")}</a> })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            }
        }/>
    }
}

// ---------------------------------------------------------------- one report

#[component]
fn FormPage(reporter: String, id: String, period: String) -> impl IntoView {
    let query = use_query_map();
    let saved = Memo::new(move |_| query.with(|q| q.get("saved")));
    let data = Resource::new(move || (reporter.clone(), id.clone(), period.clone(), saved.get()), |(r, i, p, _)| periodic_form(r, i, p));
    view! {
        <nav class="crumbs"><a href="/periodic">{t!("periodic.title")}</a></nav>
        <Loaded resource=data render=move |f: ReportPage| view! { <ReportForm f/> }/>
    }
}

fn field_error(err: Signal<Option<AppError>>, field: String) -> impl IntoView {
    let lang = use_lang();
    move || {
        err.get().and_then(|e| {
            e.for_field(&field).map(|m| view! { <p class="field-error" id=format!("{field}-error") role="alert">{m.text(lang.get())}</p> })
        })
    }
}

#[component]
fn ReportForm(f: ReportPage) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let save = ServerAction::<PeriodicSave>::new();
    let err = action_error(save);
    let pending: Signal<bool> = save.pending().into();
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()) && err.get().is_none());
    let l = f.line.clone();
    let period = l.period.clone();
    let header = l.clone();
    let readonly = !f.can_write;
    let figures = f.figures.clone();
    let sections = f.sections.clone();
    let section_key = |r: Reporter, k: &str| -> &'static str {
        match (r, k) {
            (Reporter::Ward, "socio_economic") => "periodic.s.socio_economic",
            (Reporter::Ward, "defence_security") => "periodic.s.defence_security",
            (Reporter::Ward, "party_building") => "periodic.s.party_building",
            (Reporter::Ward, _) => "periodic.s.issues",
            (_, "results") => "periodic.s.results",
            (_, "shortcomings") => "periodic.s.shortcomings",
            _ => "periodic.s.proposals",
        }
    };
    let reporter = l.reporter;
    let last_section = sections.len().saturating_sub(1);
    view! {
        <header class="periodic-head">
            <h1 data-test="periodic-title">{move || period_label(&period, lang.get())} " – " {l.reporter_name.clone()}</h1>
            <p>
                {move || to_label(&header, lang.get())} " · " {t!("periodic.due_on")} " " <strong>{l.due_on.clone()}</strong> " "
                {state_badge(l.state)}
            </p>
            {f.submitted_by.clone().zip(l.submitted_at.clone()).map(|(by, at)| view! {
                <p class="muted" data-test="periodic-submitted">{t!("periodic.submitted_by")} " " {by} ", " {at}</p>
            })}
        </header>
        <Saved show=saved/>
        <ActionForm action=save attr:class="stack periodic-form" attr:data-test="periodic-form">
            <input type="hidden" name="reporter" value=reporter.key()/>
            <input type="hidden" name="id" value=l.reporter_id.to_string()/>
            <input type="hidden" name="period" value=l.period.clone()/>
            <input type="hidden" name="version" value=f.version.to_string()/>
            <input type="hidden" name="submit_key" value=f.submit_key.clone()/>
            <fieldset class="panel" disabled=readonly>
                <legend>{t!("periodic.figures")}</legend>
                <p class="hint">{t!("periodic.figures_hint")}</p>
                <div class="figure-grid">
                    {figures.into_iter().enumerate().map(|(i, fig)| {
                        let field = format!("figure-{}", fig.key);
                        let id = format!("f-{field}");
                        let label = crate::periodic::pages::figure_label(&fig.key);
                        let invalid = { let field = field.clone(); move || err.get().is_some_and(|e| e.for_field(&field).is_some()).then_some("true") };
                        view! {
                            <div class="field">
                                <label for=id.clone()>{move || text(lang.get(), label)}</label>
                                <input type="hidden" name=format!("figures[{i}][key]") value=fig.key.clone()/>
                                <input id=id type="text" inputmode="numeric" name=format!("figures[{i}][value]") value=fig.value.to_string()
                                    aria-invalid=invalid data-test=field.clone()/>
                                <p class="hint">{t!("periodic.from_data")} " " {fig.computed}</p>
                                {field_error(err, field)}
                            </div>
                        }
                    }).collect_view()}
                </div>
            </fieldset>
            <fieldset class="panel" disabled=readonly>
                <legend>{t!("periodic.sections")}</legend>
                {sections.into_iter().enumerate().map(|(i, s)| {
                    let field = format!("section-{}", s.key);
                    let id = format!("f-{field}");
                    let label = section_key(reporter, &s.key);
                    let required = i < last_section;
                    view! {
                        <div class="field">
                            <label for=id.clone()>{move || text(lang.get(), label)}{required.then_some(" *")}</label>
                            <input type="hidden" name=format!("sections[{i}][key]") value=s.key.clone()/>
                            <TextArea id=id name=format!("sections[{i}][text]") rows=5 maxlength=SECTION_MAX value=s.text.clone() {..} data-test=field.clone()/>
                            {field_error(err, field)}
                        </div>
                    }
                }).collect_view()}
            </fieldset>
            <FormError err/>
            {f.can_write.then(|| view! {
                <div class="actions sticky-actions">
                    <button type="submit" disabled=move || pending.get() data-test="periodic-save">{t!("periodic.save")}</button>
                    <button type="submit" name="submit" value="on" class="primary" disabled=move || pending.get() data-test="periodic-submit">{t!("periodic.submit")}</button>
                </div>
            })}
        </ActionForm>
    }
}

pub fn figure_label(key: &str) -> &'static str {
    match key {
        "cell_meetings" => "periodic.f.cell_meetings",
        "member_expected" => "periodic.f.member_expected",
        "member_attended" => "periodic.f.member_attended",
        "recs_raised" => "periodic.f.recs_raised",
        "recs_resolved" => "periodic.f.recs_resolved",
        "committee_meetings" => "periodic.f.committee_meetings",
        "group_invited" => "periodic.f.group_invited",
        "wards" => "periodic.f.wards",
        "reports_on_time" => "periodic.f.reports_on_time",
        "reports_late" => "periodic.f.reports_late",
        "reports_missing" => "periodic.f.reports_missing",
        "ward_reports_received" => "periodic.f.ward_reports_received",
        _ => "periodic.f.ward_reports_due",
    }
}
