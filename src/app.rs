//! The shell, the router and the layout.

use crate::auth::api::current_user;
use crate::i18n::Lang;
use crate::t;
use crate::ui::{Layout, MeResource};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    // The page's Content-Security-Policy names the nonce Leptos gives its inline scripts.
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(res)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        if let Ok(v) =
            http::HeaderValue::from_str(&crate::server::guard::content_security_policy(&nonce))
        {
            res.insert_header(http::header::CONTENT_SECURITY_POLICY, v);
        }
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#9b1c1c"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="icon" href="/icon-192.png" type="image/png"/>
                <link rel="apple-touch-icon" href="/icon-192.png"/>
                <script src="/offline.js" defer></script>
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
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
                <Route path=path!("/calendar") view={Lazy::<crate::calendar::pages::CalendarRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/calendar/*rest") view={Lazy::<crate::calendar::pages::CalendarPagesRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/meetings/:id") view={Lazy::<crate::calendar::pages::MeetingRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/accounts") view={Lazy::<crate::accounts::pages::AccountsRoute>::new()} ssr=SsrMode::Async/>
                <Route path=path!("/accounts/:id") view={Lazy::<crate::accounts::pages::AccountRoute>::new()} ssr=SsrMode::Async/>
            </Routes>
        </Router>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <h1>{t!("page.not_found")}</h1> <p><a href="/">{t!("nav.home")}</a></p> }
}
