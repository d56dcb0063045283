//! The working-day calendar's page (`/calendar/workdays?year=`): a year's holidays, days
//! off and Saturdays worked, where they came from (the rules, the government's notice, an
//! admin), and, for an admin, the forms that correct them.

use super::fns::{workdays_year, ChangeWorkdays};
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/calendar/workdays`, the working-day calendar (one of the calendar's desk pages,
/// `app::CalendarDeskRoute`).
#[component]
pub fn WorkdaysPage() -> impl IntoView {
    let query = use_query_map();
    let year = Memo::new(move |_| query.with(|q| q.get("year")));
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let data = Resource::new(move || year.get(), workdays_year);
    view! {
        <h1>{t!("workdays.title")}</h1>
        <p class="hint">{t!("workdays.hint")}</p>
        <Saved show=saved/>
        <Loaded resource=data render=move |y| view! { <YearView y/> }/>
    }
}

#[component]
fn YearView(y: YearDays) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangeWorkdays>::new();
    let err = action_error(change);
    let year = y.year;
    let hidden = move || {
        view! {
            <input type="hidden" name="year" value=year.to_string()/>
            <input type="hidden" name="version" value=y.version.to_string()/>
        }
    };
    let source_key = |s: &str| match s {
        "announced" => "workdays.source.announced",
        "admin" => "workdays.source.admin",
        _ => "workdays.source.rules",
    };
    let filled = source_key(&y.filled_from);
    view! {
        <nav class="pager">
            <a href=format!("/calendar/workdays?year={}", year - 1)>"‹ " {year - 1}</a>
            <strong data-test="workdays-year">{year}</strong>
            <a href=format!("/calendar/workdays?year={}", year + 1)>{year + 1} " ›"</a>
        </nav>
        <p class="subtitle">{t!("workdays.filled_from")} " " {move || text(lang.get(), filled)} " · "
            <span data-test="working-days">{y.working_days}</span> " " {t!("workdays.working_days")}</p>
        <table class="table" data-test="workdays">
            <thead><tr><th>{t!("grid.date")}</th><th>{t!("workdays.kind")}</th><th>{t!("workdays.label")}</th><th>{t!("workdays.source")}</th>
                {y.can_edit.then(|| view! { <th></th> })}</tr></thead>
            <tbody>
                {y.days.iter().cloned().map(|d| {
                    let k = d.kind.label_key();
                    let s = source_key(&d.source);
                    let weekday = crate::calendar::pattern::weekday_short(chrono::Datelike::weekday(&d.date).number_from_monday(), lang.get_untracked());
                    view! {
                        <tr class=format!("wd-{}", d.kind.code()) data-test="workday">
                            <td>{weekday} " " {fmt_date(d.date)}</td>
                            <td>{move || text(lang.get(), k)}</td>
                            <td>{d.label.clone()}</td>
                            <td class="muted">{move || text(lang.get(), s)}</td>
                            {y.can_edit.then(|| view! {
                                <td>
                                    <ActionForm action=change attr:class="inline-form">
                                        {hidden()}
                                        <input type="hidden" name="action" value="remove"/>
                                        <input type="hidden" name="date" value=fmt_date(d.date)/>
                                        <button type="submit" class="link" data-test="remove-day">{t!("workdays.remove")}</button>
                                    </ActionForm>
                                </td>
                            })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {y.can_edit.then(|| view! {
            <section class="panel">
                <h2>{t!("workdays.add")}</h2>
                <FormError err/>
                <ActionForm action=change attr:class="stack" attr:data-test="workday-set">
                    {hidden()}
                    <input type="hidden" name="action" value="set"/>
                    <div class="row3">
                        <DateField label="grid.date" name="date" err/>
                        <SelectField label="workdays.kind" name="kind" err
                            options=DayKind::ALL.iter().map(|k| (k.code().to_string(), text(lang.get_untracked(), k.label_key()).to_string()))
                                .collect()/>
                        <TextField label="workdays.label" name="label" err maxlength=100/>
                    </div>
                    <button type="submit">{t!("workdays.save_day")}</button>
                </ActionForm>
                <h2>{t!("workdays.swap")}</h2>
                <ActionForm action=change attr:class="stack" attr:data-test="workday-swap">
                    {hidden()}
                    <input type="hidden" name="action" value="swap"/>
                    <div class="row3">
                        <DateField label="workdays.swap_off" name="date" err/>
                        <DateField label="workdays.swap_worked" name="worked" err/>
                        <TextField label="workdays.label" name="label" err maxlength=100/>
                    </div>
                    <button type="submit">{t!("workdays.swap")}</button>
                </ActionForm>
                <ActionForm action=change attr:class="inline-form">
                    {hidden()}
                    <input type="hidden" name="action" value="reset"/>
                    <button type="submit" class="danger" data-test="workday-reset">{t!("workdays.reset")}</button>
                </ActionForm>
            </section>
        })}
    }
}
