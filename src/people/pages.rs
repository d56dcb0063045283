//! The people list and the person page (view and edit). Lazy routes.

use super::api::{get_person, list_people, SavePerson};
use super::model::*;
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

crate::lazy_pages! {
    /// The people's list and one person's page.
    PeopleRoute { "/people" => PeoplePage, _ => PersonPage }
}

#[component]
fn PeoplePage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let list = Resource::new(q, |q| list_people(Some(q)));
    view! {
        <h1>{t!("people.title")}</h1>
        <form method="get" action="/people" class="searchbar" role="search">
            <input type="search" name="q" value=q placeholder=t!("people.search") aria-label=t!("people.search") maxlength="100"/>
            <button type="submit">{t!("org.search_button")}</button>
        </form>
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) => view! {
                        {list.can_edit.then(|| view! { <p class="actions"><a class="button" href="/people/0">{t!("people.new")}</a></p> })}
                        <p class="subtitle">{list.people.len()} " " {t!("home.people")}</p>
                        <table class="list">
                            <thead><tr>
                                <th>{t!("people.full_name")}</th>
                                <th>{t!("people.position")}</th>
                                <th class="wide">{t!("people.home_unit")}</th>
                                <th class="wide">{t!("people.phone")}</th>
                            </tr></thead>
                            <tbody>
                                {list.people.into_iter().map(|p| {
                                    let class = if p.active { "" } else { "inactive" };
                                    view! {
                                        <tr class=class data-test="person">
                                            <td>
                                                <a href=format!("/people/{}", p.id)>{p.full_name}</a>
                                                {p.is_standing_member.then(|| view! { " " <span class="badge red" title="UVBTV">{t!("people.standing_short")}</span> })}
                                                {(p.is_committee_member && !p.is_standing_member).then(|| view! { " " <span class="badge">{t!("people.committee_short")}</span> })}
                                            </td>
                                            <td>{p.position}</td>
                                            <td class="wide">{p.home_unit.unwrap_or_default()}</td>
                                            <td class="wide">{p.phone}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                    Err(e) => view! { <LoadError err=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PersonPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let person = Resource::new(id, get_person);
    view! {
        <nav class="crumbs"><a href="/people">{t!("people.title")}</a></nav>
        <Loaded resource=person render=move |p| view! { <PersonView p saved/> }/>
    }
}

#[component]
fn PersonView(p: PersonDetail, saved: Signal<bool>) -> impl IntoView {
    let save = ServerAction::<SavePerson>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let is_new = p.id == 0;
    let units: Vec<(String, String)> = p.unit_options.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    view! {
        {if is_new {
            view! { <h1>{t!("people.new")}</h1> }.into_any()
        } else {
            view! {
                <h1 data-test="person-name">{p.full_name.clone()}</h1>
                <p class="subtitle">{p.position.clone()} {p.home_unit.clone().map(|u| view! { " · " {u} })}</p>
            }.into_any()
        }}
        <Saved show=saved/>
        {if p.can_edit {
            view! {
                <ActionForm action=save attr:class="stack panel" attr:data-test="person-form">
                    <input type="hidden" name="id" value=if is_new { String::new() } else { p.id.to_string() }/>
                    <input type="hidden" name="version" value=p.version.to_string()/>
                    <TextField label="people.full_name" name="full_name" value=p.full_name.clone() err required=true maxlength=120/>
                    <TextField label="people.position" name="position" value=p.position.clone() err maxlength=200/>
                    <SelectField label="people.home_unit" name="home_unit_id" options=units
                        selected=p.home_unit_id.map(|i| i.to_string()).unwrap_or_default() err empty="form.none"/>
                    <CheckField label="people.standing" name="is_standing_member" checked=p.is_standing_member/>
                    <CheckField label="people.committee" name="is_committee_member" checked=p.is_committee_member/>
                    <div class="row">
                        <TextField label="people.phone" name="phone" kind="tel" value=p.phone.clone() err maxlength=20/>
                        <TextField label="people.email" name="email" kind="email" value=p.email.clone() err maxlength=200/>
                    </div>
                    <CheckField label="people.active" name="active" checked=p.active/>
                    <FormError err/>
                    <SubmitButton label="form.save" pending/>
                </ActionForm>
            }.into_any()
        } else {
            view! {
                <dl class="facts">
                    <dt>{t!("people.phone")}</dt><dd>{p.phone.clone()}</dd>
                    <dt>{t!("people.email")}</dt><dd>{p.email.clone()}</dd>
                    <dt>{t!("people.standing")}</dt><dd>{if p.is_standing_member { "✓" } else { "—" }}</dd>
                    <dt>{t!("people.committee")}</dt><dd>{if p.is_committee_member { "✓" } else { "—" }}</dd>
                </dl>
            }.into_any()
        }}
    }
}
