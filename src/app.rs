//! The shell, the router and the layout.

use crate::auth::api::current_user;
use crate::auth::Me;
use crate::i18n::Lang;
use crate::t;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#9b1c1c"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The language: from the `lang` cookie on the server, from `<html lang>` in the browser
/// (which the server wrote), so both render the same text.
fn initial_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        crate::server::request_parts()
            .and_then(|p| crate::server::cookie(&p, "lang"))
            .map(|c| Lang::from_code(&c))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .map(|c| Lang::from_code(&c))
            .unwrap_or_default()
    }
}

/// The signed-in account, loaded once per page load and shared by every page.
pub type MeResource = Resource<Result<Option<Me>, crate::error::AppError>>;

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(RwSignal::new(initial_lang()));
    let me: MeResource = Resource::new(|| (), |_| current_user());
    provide_context(me);

    // A server function that redirects (sign-in, creating a record) loads the new page in
    // full, so every part of it is rendered afresh by the server. Set before the Router,
    // which would otherwise install a client-side navigation (first one set wins).
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::server_fn::redirect::set_redirect_hook(|loc: &str| {
            let _ = window().location().set_href(loc);
        });
    }

    view! {
        <Stylesheet id="leptos" href="/pkg/to-cong-tac.css"/>
        <Title text="Tổ công tác"/>
        <Router>
            <Routes fallback=|| view! { <Layout><NotFound/></Layout> }>
                <Route path=path!("/login") view=crate::auth::pages::LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/") view=|| view! { <Layout><crate::auth::pages::HomePage/></Layout> } ssr=SsrMode::Async/>
                <Route path=path!("/org") view={Lazy::<crate::org::pages::OrgTreeRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/org/new") view={Lazy::<crate::org::pages::NewUnitRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/org/:id") view={Lazy::<crate::org::pages::UnitRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/people") view={Lazy::<crate::people::pages::PeopleRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/people/:id") view={Lazy::<crate::people::pages::PersonRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/groups") view={Lazy::<crate::groups::pages::GroupsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/groups/:id") view={Lazy::<crate::groups::pages::GroupRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/groups/:id/board") view={Lazy::<crate::groups::pages::BoardRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/accounts") view={Lazy::<crate::accounts::pages::AccountsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/accounts/:id") view={Lazy::<crate::accounts::pages::AccountRoute>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <h1>{t!("page.not_found")}</h1> <p><a href="/">{t!("nav.home")}</a></p> }
}

/// The frame of every signed-in page: the top bar with navigation, the language switch
/// and sign-out, then the page. Navigation shows only what the role may open; the server
/// functions check again.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let me = use_me();
    let lang = crate::i18n::use_lang();
    let location = leptos_router::hooks::use_location();
    let here = move || location.pathname.get();
    crate::ui::mark_interactive();
    view! {
        <header class="topbar">
            <a class="brand" href="/">{t!("app.name")}</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let me = me.await.ok().flatten();
                    me.map(|me| {
                        let people = me.role != crate::auth::Role::Responder;
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
                                {people.then(|| view! { <a href="/groups">{t!("nav.groups")}</a> })}
                                <a href="/org">{t!("nav.org")}</a>
                                {people.then(|| view! { <a href="/people">{t!("nav.people")}</a> })}
                                {manage.then(|| view! { <a href="/accounts">{t!("nav.accounts")}</a> })}
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
