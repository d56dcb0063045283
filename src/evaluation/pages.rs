//! The October evaluation's page (`/evaluation`, a lazy route): the year (a GET form), the
//! table per member, the XLSX of it, and the notices to the home agencies as DOCX.

use super::api::evaluation_table;
use super::model::*;
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

crate::lazy_page! {
    EvaluationRoute => EvaluationPage
}

#[component]
fn EvaluationPage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year")));
    let data = Resource::new(move || year.get(), evaluation_table);
    view! {
        <h1>{t!("eval.title")}</h1>
        <p class="hint">{t!("eval.intro")}</p>
        <Loaded resource=data render=move |e: Evaluation| view! { <Table e/> }/>
    }
}

#[component]
fn Table(e: Evaluation) -> impl IntoView {
    let years: Vec<i32> = ((e.year - 4)..=(e.year + 1)).rev().collect();
    let y = e.year;
    view! {
        <form method="get" action="/evaluation" class="filters inline" data-test="eval-year">
            <label for="f-year">{t!("periodic.year")}</label>
            <select id="f-year" name="year">
                {years.into_iter().map(|v| view! { <option value=v.to_string() selected=v == y>{v}</option> }).collect_view()}
            </select>
            <button type="submit" class="small">{t!("periodic.show")}</button>
        </form>
        <p data-test="eval-period">{t!("eval.period")} " " <strong>{e.from.clone()}</strong> " – " <strong>{e.to.clone()}</strong>
            " · " <a href=format!("/export/evaluation/xlsx?year={y}") rel="external" download data-test="eval-xlsx">{t!("eval.xlsx")}</a></p>
        {e.can_notify.then(|| view! {
            <details class="panel eval-notices" data-test="eval-notices">
                <summary>{t!("eval.notices")} " (" {e.agencies.len()} ")"</summary>
                <ul>
                    {e.agencies.iter().map(|(id, name, n)| view! {
                        <li><a href=format!("/export/evaluation/docx?year={y}&agency={id}") rel="external" download data-test="eval-docx">{name.clone()}</a>
                            " · " {*n} " " {t!("eval.members")}</li>
                    }).collect_view()}
                </ul>
            </details>
        })}
        {if e.members.is_empty() {
            view! { <p class="empty">{t!("eval.none")}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                <table class="eval-table" data-test="eval-table">
                    <thead><tr>
                        <th>{t!("eval.member")}</th>
                        <th class="num">{t!("eval.assigned")}</th>
                        <th class="num">{t!("eval.attended")}</th>
                        <th class="num">{t!("eval.absent_reason")}</th>
                        <th class="num">{t!("eval.absent_no_reason")}</th>
                        <th class="num">{t!("eval.substituted")}</th>
                        <th class="num">{t!("eval.as_substitute")}</th>
                        <th class="num">{t!("eval.reports")}</th>
                        <th class="num">{t!("eval.field_visits")}</th>
                    </tr></thead>
                    <tbody>
                        {e.members.iter().map(|m| view! {
                            <tr data-test="eval-row" data-person=m.name.clone()>
                                <td><strong>{m.name.clone()}</strong><br/><span class="muted">{m.position.clone()}</span>
                                    <br/><span class="muted">{m.agency.clone()} " · " {m.groups.clone()}</span></td>
                                <td class="num" data-label=crate::i18n::tr("eval.assigned")>{m.assigned}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.attended")>{m.attended}
                                    {m.percent().map(|p| view! { <span class="muted">" (" {p} "%)"</span> })}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.absent_reason")>{m.absent_with_reason}
                                    {(m.absent_clash > 0).then(|| view! { <span class="muted">" (" {m.absent_clash} " " {t!("eval.clash")} ")"</span> })}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.absent_no_reason")>{m.absent_without_reason}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.substituted")>{m.substituted}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.as_substitute")>{m.as_substitute}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.reports")>{m.reports_on_time} " / " {m.reports_late} " / " {m.reports_missing}</td>
                                <td class="num" data-label=crate::i18n::tr("eval.field_visits")>{m.field_visits}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            }.into_any()
        }}
    }
}
