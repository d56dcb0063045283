//! The account list and the account form. Lazy routes.

use super::api::{get_account, list_accounts, SaveAccount};
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

crate::lazy_pages! {
    /// The accounts' list and one account.
    AccountsRoute { "/accounts" => AccountsPage, _ => AccountPage }
}

#[component]
fn AccountsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_accounts());
    let lang = use_lang();
    view! {
        <h1>{t!("accounts.title")}</h1>
        <p class="actions"><a class="button" href="/accounts/0">{t!("accounts.new")}</a></p>
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(rows) => view! {
                        <table class="list">
                            <thead><tr>
                                <th>{t!("accounts.username")}</th>
                                <th>{t!("accounts.person")}</th>
                                <th>{t!("accounts.role")}</th>
                                <th class="wide">{t!("accounts.scope")}</th>
                            </tr></thead>
                            <tbody>
                                {rows.into_iter().map(|a| {
                                    let class = if a.disabled { "inactive" } else { "" };
                                    let role = a.role;
                                    view! {
                                        <tr class=class data-test="account">
                                            <td><a href=format!("/accounts/{}", a.id)>{a.username}</a></td>
                                            <td>{a.person.unwrap_or_default()}</td>
                                            <td>{move || text(lang.get(), role.label_key())}</td>
                                            <td class="wide">{a.scope.unwrap_or_default()}</td>
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
fn AccountPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let account = Resource::new(id, get_account);
    view! {
        <nav class="crumbs"><a href="/accounts">{t!("accounts.title")}</a></nav>
        <Loaded resource=account render=move |a| view! { <AccountForm a saved/> }/>
    }
}

#[component]
fn AccountForm(a: AccountDetail, saved: Signal<bool>) -> impl IntoView {
    let save = ServerAction::<SaveAccount>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let lang = use_lang();
    let is_new = a.id == 0;
    let roles: Vec<(String, String)> =
        a.roles.iter().map(|r| (r.code().to_string(), text(lang.get_untracked(), r.label_key()).to_string())).collect();
    let opts = |v: &[(i64, String)]| v.iter().map(|(id, n)| (id.to_string(), n.clone())).collect::<Vec<_>>();
    let scope = a.scope_unit_id.map(|s| s.to_string()).unwrap_or_default();
    view! {
        <h1>{if is_new { text(lang.get_untracked(), "accounts.new").to_string() } else { a.username.clone() }}</h1>
        <Saved show=saved/>
        <ActionForm action=save attr:class="stack panel" attr:data-test="account-form">
            <input type="hidden" name="id" value=if is_new { String::new() } else { a.id.to_string() }/>
            <input type="hidden" name="version" value=a.version.to_string()/>
            <TextField label="accounts.username" name="username" value=a.username.clone() err required=true maxlength=40
                autocomplete="off" hint="accounts.username_hint"/>
            <TextField label=if is_new { "accounts.password" } else { "accounts.new_password" } name="password" kind="password"
                err required=is_new maxlength=200 autocomplete="new-password" hint="accounts.password_hint"/>
            <SelectField label="accounts.person" name="person_id" options=opts(&a.people)
                selected=a.person_id.map(|i| i.to_string()).unwrap_or_default() err empty="form.none"/>
            <SelectField label="accounts.role" name="role" options=roles
                selected=a.role.map(|r| r.code().to_string()).unwrap_or_default() err required=true empty="form.choose"/>
            <SelectField label="accounts.ward" name="ward_id" options=opts(&a.wards) selected=scope.clone() err empty="form.none"/>
            <SelectField label="accounts.body" name="body_id" options=opts(&a.bodies) selected=scope err empty="form.none"/>
            <p class="hint">{t!("accounts.scope_hint")}</p>
            <CheckField label="accounts.disabled" name="disabled" checked=a.disabled/>
            <FormError err/>
            <SubmitButton label="form.save" pending/>
        </ActionForm>
    }
}
