//! The shell, the router and the layout.

use crate::auth::api::current_user;
use crate::i18n::Lang;
use crate::ui::{Layout, MeResource, NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = initial_lang();
    let document_page = is_document_page();
    // a hydrated page's texts, loaded beside the wasm (`i18n::catalogue`)
    #[cfg(feature = "ssr")]
    let text_url = (!document_page).then(|| crate::i18n::browser_text_url(lang));
    #[cfg(not(feature = "ssr"))]
    let text_url: Option<String> = None;
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
                {document_page.then(|| view! { <script src="/enhance.js" defer></script> })}
                <AutoReload options=options.clone()/>
                <HashedStylesheet options=options.clone() id="leptos"/>
                {text_url.map(|url| view! {
                    <meta name="tct-text" content=url.clone()/>
                    <link rel="preload" href=url r#as="fetch" crossorigin="anonymous"/>
                })}
                {(!document_page).then(|| view! { <HydrationScripts options/> })}
                <MetaTags/>
            </head>
            <body data-page=document_page.then_some("document")>
                <App/>
            </body>
        </html>
    }
}

/// Whether the page asked for is served as a plain document, without the wasm: the pages a
/// member or ward staff opens on a phone, on a weak network (issue 23). The meeting page
/// first: `public/offline.js` keeps what is typed there and sends it in the background, and
/// the service worker keeps the page itself for a dropped network. Then sign-in and home,
/// the calendar, the inbox, the ward's month grid, the recommendations' list and an item's
/// page, and the periodic reports: every action on them is a plain form whose server
/// function answers with the page to go to (see `ui::action_error` for a refusal), so the
/// bundle would add nothing there but seconds and bytes; `public/enhance.js` adds what
/// their controls do beyond a form (the grid's keys and paste, an answer's template).
/// The hydrated pages load them as documents too (see `load_document_pages_in_full`).
/// The desk and projector pages (dashboard, board, review, evaluation…) stay hydrated.
pub fn is_document_path(path: &str) -> bool {
    let id = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = path.trim_end_matches('/').split('/').skip(1).collect();
    match parts.as_slice() {
        [] | ["login"] | ["calendar"] | ["calendar", "inbox"] | ["recommendations"] => true,
        ["meetings", m] | ["recommendations", m] | ["calendar", "ward", m] => id(m),
        ["periodic", ..] => true,
        _ => false,
    }
}

/// Makes a click on a link to a document page load it as a document (the router would
/// render it here, with the code it is served without): the link is marked
/// `rel="external"` before the router looks at it. Links the server wrote for a meeting
/// say so themselves ([`crate::ui::meeting_href`]); this covers every other one.
#[cfg(feature = "hydrate")]
pub fn load_document_pages_in_full() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        if let Some(a) = link {
            let here = window().location().origin().unwrap_or_default();
            let rel = a.get_attribute("rel").unwrap_or_default();
            if a.origin() == here && is_document_path(&a.pathname()) && !rel.split(' ').any(|r| r == "external") {
                let _ = a.set_attribute("rel", format!("{} external", rel.trim()).trim_start());
            }
        }
    });
    // capture: before the router's own listener (on the window, bubbling) sees the click
    let _ = document().add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    on_click.forget();
}

fn is_document_page() -> bool {
    #[cfg(feature = "ssr")]
    {
        crate::server::request_parts().is_some_and(|p| is_document_path(p.uri.path()))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
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
            <AppRoutes/>
        </Router>
    }
}

use crate::calendar::pages::CalendarPages;
use crate::reports::{criteria::CriteriaPage, pages::ReportsInboxPage};
use crate::workdays::pages::WorkdaysPage;

crate::lazy_pages! {
    /// The calendar's desk pages, of three features: the reports' inbox, the rating
    /// criteria, the working days, and the calendar's other pages (`CalendarPages`).
    CalendarDeskRoute {
        "/calendar/reports" => ReportsInboxPage,
        "/calendar/criteria" => CriteriaPage,
        "/calendar/workdays" => WorkdaysPage,
        _ => CalendarPages,
    }
}

/// The routes. The server knows every page; the browser only the pages it renders (those
/// that hydrate): a document page (see [`is_document_path`]) is never rendered there, so the
/// bundle carries none of its code, no chunk for it, and a shorter route table.
#[component]
fn AppRoutes() -> impl IntoView {
    let fallback = || view! { <Layout><NotFound/></Layout> };
    #[cfg(feature = "ssr")]
    let routes = view! { <Routes fallback><DocumentRoutes/><HydratedRoutes/></Routes> };
    #[cfg(not(feature = "ssr"))]
    let routes = view! { <Routes fallback><HydratedRoutes/></Routes> };
    routes
}

/// The pages served as plain documents (see [`is_document_path`]): the server's only.
#[cfg(feature = "ssr")]
#[component(transparent)]
fn DocumentRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/login") view=crate::auth::pages::LoginPage ssr=SsrMode::Async/>
        <Route path=path!("/") view=|| view! { <Layout><crate::home::HomePage/></Layout> } ssr=SsrMode::Async/>
        <Route path=path!("/calendar") view={Lazy::<crate::calendar::pages::CalendarRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/meetings/:id") view={Lazy::<crate::reports::pages::MeetingRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/periodic") view={Lazy::<crate::periodic::pages::PeriodicRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/periodic/*rest") view={Lazy::<crate::periodic::pages::PeriodicRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/recommendations") view={Lazy::<crate::recommendations::pages::RecommendationsRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
}

/// The pages that hydrate, a lazy route a feature (its pages' code fetched together when one
/// is opened; see `ui::lazy_pages!`). Two of them hold document pages too, rendered by the
/// server only: `/calendar/*rest` (the inbox, a ward's month grid) and
/// `/recommendations/*rest` (an item's page).
#[component(transparent)]
fn HydratedRoutes() -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/org") view={Lazy::<crate::org::pages::OrgRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/org/new") view={Lazy::<crate::org::pages::OrgRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/org/:id") view={Lazy::<crate::org::pages::OrgRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/people") view={Lazy::<crate::people::pages::PeopleRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/people/:id") view={Lazy::<crate::people::pages::PeopleRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/groups") view={Lazy::<crate::groups::pages::GroupsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/groups/:id") view={Lazy::<crate::groups::pages::GroupsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/groups/:id/board") view={Lazy::<crate::groups::pages::GroupsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/calendar/reports") view={Lazy::<CalendarDeskRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/calendar/criteria") view={Lazy::<CalendarDeskRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/calendar/workdays") view={Lazy::<CalendarDeskRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/calendar/*rest") view={Lazy::<CalendarDeskRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/dashboard") view={Lazy::<crate::dashboard::pages::DashboardRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/review") view={Lazy::<crate::review::pages::ReviewRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/evaluation") view={Lazy::<crate::evaluation::pages::EvaluationRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/recommendations/*rest") view={Lazy::<crate::recommendations::pages::RecommendationsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/accounts") view={Lazy::<crate::accounts::pages::AccountsRoute>::new()} ssr=SsrMode::Async/>
        <Route path=path!("/accounts/:id") view={Lazy::<crate::accounts::pages::AccountsRoute>::new()} ssr=SsrMode::Async/>
    }
    .into_inner()
}

#[cfg(test)]
mod tests {
    use super::is_document_path;

    #[test]
    fn the_phone_pages_are_document_pages() {
        assert!(is_document_path("/meetings/12"));
        assert!(!is_document_path("/meetings/"));
        assert!(!is_document_path("/meetings/12/x"));
        assert!(!is_document_path("/meetings/abc"));
        for page in ["/", "/login", "/calendar", "/calendar/inbox", "/calendar/ward/15", "/recommendations",
                     "/recommendations/37", "/periodic", "/periodic/ward/15/2026-H2", "/meetings/12/"] {
            assert!(is_document_path(page), "{page}");
        }
        for page in ["/dashboard", "/review", "/evaluation", "/groups/1/board", "/org", "/calendar/ward/x",
                     "/calendar/busy", "/recommendations/new", "/recommendations/templates", "/meetingsx/1"] {
            assert!(!is_document_path(page), "{page}");
        }
    }
}
