//! The sign-in page.

use super::api::Login;
use crate::i18n::use_lang;
use crate::t;
use crate::ui::{action_error, FormError, SubmitButton, TextField};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let login = ServerAction::<Login>::new();
    let err = action_error(login);
    let pending = login.pending().into();
    let query = use_query_map();
    let next = move || query.with(|q| q.get("next").unwrap_or_else(|| "/".to_string()));
    let lang = use_lang();
    crate::ui::mark_interactive();
    view! {
        <main class="login">
            <div class="login-card">
                <h1>{t!("app.name")}</h1>
                <p class="subtitle">{t!("login.subtitle")}</p>
                <ActionForm action=login attr:class="stack" attr:data-test="login-form">
                    <input type="hidden" name="next" value=next/>
                    <TextField label="login.username" name="username" err required=true autocomplete="username" maxlength=40/>
                    <TextField label="login.password" name="password" kind="password" err required=true autocomplete="current-password" maxlength=200/>
                    <FormError err/>
                    <SubmitButton label="login.submit" pending/>
                </ActionForm>
                <form method="post" action="/api/lang" class="inline">
                    <input type="hidden" name="back" value="/login"/>
                    <input type="hidden" name="lang" value=move || if lang.get() == crate::i18n::Lang::Vi { "en" } else { "vi" }/>
                    <button type="submit" class="linklike">{move || if lang.get() == crate::i18n::Lang::Vi { "English" } else { "Tiếng Việt" }}</button>
                </form>
            </div>
        </main>
    }
}
