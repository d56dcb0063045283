//! The frame of every signed-in page (top bar, navigation, language switch, sign-out)
//! and the signed-in account every page shares. Pages import it from here; the app's
//! router (app.rs) imports the pages.

use crate::auth::Me;
use crate::i18n::Lang;
use crate::t;
use leptos::prelude::*;

/// The signed-in account, loaded once per page load and shared by every page.
pub type MeResource = Resource<Result<Option<Me>, crate::error::AppError>>;

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}

/// The frame of every signed-in page: the top bar with navigation, the language switch
/// and sign-out, then the page. Navigation shows only what the role may open; the server
/// functions check again.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let me = use_me();
    let lang = crate::i18n::use_lang();
    let location = leptos_router::hooks::use_location();
    // the page to come back to after the language switch, with its query (a filtered
    // list, a month, `?mine=1`)
    let here = move || {
        let (path, search) = (location.pathname.get(), location.search.get());
        if search.is_empty() { path } else { format!("{path}?{search}") }
    };
    crate::ui::mark_interactive();
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t!("app.name")}</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    me.map(|me| {
                        let people = crate::people::permissions::can_read(&me);
                        let manage = me.manages_org();
                        view! {
                            <div class="tools">
                                <span class="whoami" title=me.username.clone()>
                                    {me.display_name.clone()} " · " {move || crate::i18n::text(lang.get(), me.role.label_key())}
                                </span>
                                <form method="post" action="/api/logout" class="inline">
                                    <button type="submit" class="linklike" data-test="logout">{t!("nav.logout")}</button>
                                </form>
                            </div>
                            <nav class="mainnav">
                                {people.then(|| view! { <a href="/calendar">{t!("nav.calendar")}</a> })}
                                {people.then(|| view! { <a href="/groups">{t!("nav.groups")}</a> })}
                                {crate::dashboard::permissions::scope(&me).is_some().then(|| view! { <a href="/dashboard" data-test="dashboard-link">{t!("nav.dashboard")}</a> })}
                                <a href="/recommendations" data-test="recs-link">{t!("nav.recs")}</a>
                                {crate::review::permissions::can(&me, crate::review::permissions::Action::Write).then(|| view! { <a href="/review" data-test="review-link">{t!("nav.review")}</a> })}
                                {crate::evaluation::permissions::scope(&me).is_some().then(|| view! { <a href="/evaluation" data-test="evaluation-link">{t!("nav.evaluation")}</a> })}
                                {crate::periodic::permissions::can_list(&me).then(|| view! { <a href="/periodic" data-test="periodic-link">{t!("nav.periodic")}</a> })}
                                <a href="/org">{t!("nav.org")}</a>
                                {people.then(|| view! { <a href="/people">{t!("nav.people")}</a> })}
                                {manage.then(|| view! { <a href="/accounts">{t!("nav.accounts")}</a> })}
                                {me.person_id.is_some().then(|| view! { <a href="/calendar/inbox" data-test="inbox-link">{t!("nav.inbox")}</a> })}
                            </nav>
                        }
                    })
                })}
            </Suspense>
            <form method="post" action="/api/lang" class="inline langform">
                <input type="hidden" name="back" value=here/>
                <input type="hidden" name="lang" value=move || if lang.get() == Lang::Vi { "en" } else { "vi" }/>
                <button type="submit" class="linklike lang" data-test="lang"
                    title=move || if lang.get() == Lang::Vi { "English" } else { "Tiếng Việt" }>
                    {move || if lang.get() == Lang::Vi { "EN" } else { "VI" }}
                </button>
            </form>
        </header>
        <main class="page">{children()}</main>
    }
}
