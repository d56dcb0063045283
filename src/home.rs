//! The role-aware home page: what the signed-in user has to do today, from every feature
//! (the city's figures, his reports, the Organization Board's inbox). It composes the
//! features' parts, so it sits above them, as `app.rs` does.

use crate::auth::Role;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::use_me;
use crate::ui::LoadError;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let me = use_me();
    // The city's figures; responders do not see them (they answer for one body only).
    let summary = Resource::new(
        || (),
        move |_| async move {
            match me.await {
                Ok(Some(m)) if m.role != Role::Responder => {
                    crate::org::api::get_org_summary().await.ok()
                }
                _ => None,
            }
        },
    );
    // A member's reports still to do (created here, beside the other data of the page, so
    // its server function runs in the page's context).
    let reports = Resource::new(
        || (),
        move |_| async move {
            match me.await {
                Ok(Some(m)) if m.person_id.is_some() => crate::reports::inbox::my_reports().await.unwrap_or_default(),
                _ => Vec::new(),
            }
        },
    );
    let lang = use_lang();
    view! {
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                let me = match me.await {
                    Ok(Some(me)) => me,
                    Ok(None) => return view! { <p><a href="/login">{t!("login.submit")}</a></p> }.into_any(),
                    Err(e) => return view! { <LoadError err=e/> }.into_any(),
                };
                let summary = summary.await;
                let reports = reports.await;
                let role = me.role;
                view! {
                    <h1>{t!("home.hello")} " " {me.display_name.clone()}</h1>
                    <p class="subtitle">
                        {move || text(lang.get(), role.label_key())}
                        {me.scope_unit_name.clone().map(|n| view! { " · " {n} })}
                    </p>
                    {summary.map(|s| view! {
                        <section class="stats" aria-label="summary">
                            <div class="stat"><span class="num">{s.wards}</span><span>{t!("home.wards")}</span></div>
                            <div class="stat"><span class="num">{s.active_cells}</span><span>{t!("home.cells")}</span></div>
                            <div class="stat warn"><span class="num">{s.difficult_cells}</span><span>{t!("home.difficult")}</span></div>
                            <div class="stat"><span class="num">{s.merged_cells}</span><span>{t!("home.merged")}</span></div>
                            <div class="stat"><span class="num">{s.people}</span><span>{t!("home.people")}</span></div>
                        </section>
                    })}
                    <section class="cards">
                        {match me.ward_scope() {
                            Some(ward) => view! {
                                <a class="card" href=format!("/org/{ward}")>
                                    <strong>{t!("home.my_ward")}</strong>
                                    <span>{me.scope_unit_name.clone()}</span>
                                </a>
                            }.into_any(),
                            None => ().into_any(),
                        }}
                        {matches!(role, Role::GroupLeader | Role::GroupMember).then(|| view! {
                            <a class="card" href="/calendar?mine=1" data-test="my-meetings-card"><strong>{t!("calendar.mine")}</strong><span>{t!("home.calendar_hint")}</span></a>
                        })}
                        {(role != Role::Responder).then(|| view! {
                            <a class="card" href="/calendar" data-test="calendar-card"><strong>{t!("calendar.title")}</strong><span>{t!("home.calendar_hint")}</span></a>
                        })}
                        {(role != Role::Responder).then(|| view! {
                            <a class="card" href="/groups" data-test="groups-card"><strong>{t!("nav.groups")}</strong><span>{t!("home.groups_hint")}</span></a>
                        })}
                        <a class="card" href="/org"><strong>{t!("nav.org")}</strong><span>{t!("home.org_hint")}</span></a>
                        {(role != Role::Responder).then(|| view! {
                            <a class="card" href="/people"><strong>{t!("nav.people")}</strong><span>{t!("home.people_hint")}</span></a>
                        })}
                        {me.manages_org().then(|| view! {
                            <a class="card" href="/accounts"><strong>{t!("nav.accounts")}</strong><span>{t!("home.accounts_hint")}</span></a>
                        })}
                        {crate::reports::permissions::can_open_inbox(&me).then(|| view! {
                            <a class="card" href="/calendar/reports" data-test="reports-card"><strong>{t!("inbox_reports.title")}</strong><span>{t!("home.reports_hint")}</span></a>
                        })}
                        {(role == Role::Admin).then(|| view! {
                            <a class="card" href="/calendar/workdays"><strong>{t!("workdays.title")}</strong><span>{t!("home.workdays_hint")}</span></a>
                        })}
                    </section>
                    {(!reports.is_empty()).then(|| view! { <crate::reports::pages::MyReports lines=reports/> })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
