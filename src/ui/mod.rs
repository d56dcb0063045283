//! Shared components: the page frame, form fields with their error slot, the form-level
//! message, a detail page's loading shape, dates.

mod layout;
pub use layout::{use_me, Layout, MeResource};

use crate::error::AppError;
use crate::i18n::{text, use_lang};
use crate::t;
use leptos::prelude::*;

/// The last error of an action, if its last run failed. Before the wasm has loaded, a
/// failed plain form post comes back with the error in the page's query (see
/// `server::respond`), and that error is shown the same way.
pub fn action_error<I, O>(action: ServerAction<I>) -> Signal<Option<AppError>>
where
    I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Clone + Send + Sync + 'static,
    O: Clone + Send + Sync + 'static,
{
    let query = leptos_router::hooks::use_query_map();
    let from_query = Memo::new(move |_| {
        query.with(|q| {
            (q.get("err_fn").as_deref() == Some(I::PATH))
                .then(|| q.get("err").and_then(|e| serde_json::from_str::<AppError>(&e).ok()))
                .flatten()
        })
    });
    Signal::derive(move || match action.value().get() {
        Some(r) => r.err(),
        None => from_query.get(),
    })
}

/// Marks the page interactive (`<body data-hydrated="1">`) once this component has
/// hydrated. Pages are lazy routes whose code arrives after the app's own, so the mark is
/// set by the page's frame, not by the app: tests wait for it before dragging or clicking.
pub fn mark_interactive() {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "1");
        }
    });
}

pub use crate::helpers::{fmt_date, fmt_datetime, fmt_opt_date};

/// The message under a field, when the last error belongs to it.
#[component]
pub fn FieldError(err: Signal<Option<AppError>>, field: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        err.get().and_then(|e| {
            e.for_field(field).map(|m| {
                let id = format!("{field}-error");
                view! { <p class="field-error" id=id role="alert">{m.text(lang.get())}</p> }
            })
        })
    }
}

/// The message for an error that belongs to no field (refusal, conflict, network).
#[component]
pub fn FormError(err: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        err.get().filter(|e| e.field.is_none()).map(|e| {
            let conflict = e.kind == crate::error::ErrorKind::Conflict;
            view! {
                <div class="form-error" role="alert" data-test="form-error">
                    {e.msg.text(lang.get())}
                    {conflict.then(|| view! {
                        " " <a href="" target="_blank" rel="noopener">{t!("form.open_latest")}</a>
                    })}
                </div>
            }
        })
    }
}

/// What a refused plain form post had typed in field `name` (the server sends it back in
/// the page's query, `typed`, with the error: see `server::form_post_back`), so nothing
/// typed is lost when a form is refused before the wasm has loaded.
pub fn typed_value(name: &str) -> Option<String> {
    typed_form()?.remove(name)
}

/// Everything a refused plain form post had typed (see [`typed_value`]), by field name; for
/// a form of many fields (the ward's month grid), read once. `None` when nothing was refused.
pub fn typed_form() -> Option<std::collections::HashMap<String, String>> {
    let query = leptos_router::hooks::use_query_map();
    let typed = query.with_untracked(|q| q.get("typed"))?;
    let pairs: Vec<(String, String)> = serde_json::from_str(&typed).ok()?;
    Some(pairs.into_iter().collect())
}

/// A labelled text input with its error slot.
#[component]
pub fn TextField(
    label: &'static str,
    name: &'static str,
    #[prop(into, optional)] value: String,
    err: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// The element's id when the page has several forms with this field (ids are unique).
    #[prop(into, optional)] id: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let invalid = move || err.get().is_some_and(|e| e.for_field(name).is_some()).then_some("true");
    let value = if kind == "password" { value } else { typed_value(name).unwrap_or(value) };
    view! {
        <div class="field">
            <label for=id.clone()>{move || text(lang.get(), label)}{required.then_some(" *")}</label>
            <input
                id=id
                type=kind
                name=name
                value=value
                required=required
                maxlength=maxlength
                autocomplete=autocomplete
                aria-invalid=invalid
                aria-describedby=format!("{name}-error")
            />
            {hint.map(|h| view! { <p class="hint">{move || text(lang.get(), h)}</p> })}
            <FieldError err field=name/>
        </div>
    }
}

/// A text box. What it holds is shown as text, whatever was typed: the renderer writes a
/// textarea's children as they are, so a value holding `</textarea><b>` would close the box
/// and leave live HTML in the page. Its content is escaped here (the browser's parser
/// reads a textarea's entities back into the text). Every textarea of the app is this one;
/// attributes after `{..}` (data-test, aria-label) land on the element.
#[component]
pub fn TextArea(
    #[prop(into)] name: String,
    #[prop(into, optional)] value: String,
    #[prop(into, optional)] id: Option<String>,
    #[prop(default = 3)] rows: u32,
    #[prop(default = 5000)] maxlength: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    let value = typed_value(&name).unwrap_or(value);
    view! {
        <textarea
            id=id
            name=name
            rows=rows
            maxlength=maxlength
            required=required
            disabled=disabled
            inner_html=crate::helpers::escape_html(&value)
        ></textarea>
    }
}

/// A labelled date, always typed and shown as dd/mm/yyyy (a browser's date picker
/// follows the browser's language: mm/dd/yyyy on an English one, next to the app's
/// dd/mm/yyyy). The server also accepts yyyy-mm-dd.
#[component]
pub fn DateField(
    label: &'static str,
    name: &'static str,
    #[prop(default = None)] value: Option<chrono::NaiveDate>,
    err: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    /// The element's id when the page has several forms with this field (ids are unique).
    #[prop(into, optional)] id: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    let invalid = move || err.get().is_some_and(|e| e.for_field(name).is_some()).then_some("true");
    view! {
        <div class="field">
            <label for=id.clone()>{move || text(lang.get(), label)}{required.then_some(" *")}</label>
            <input
                id=id
                type="text"
                name=name
                value=typed_value(name).unwrap_or_else(|| fmt_opt_date(value))
                required=required
                inputmode="numeric"
                placeholder="dd/mm/yyyy"
                pattern=r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
                maxlength=10
                autocomplete="off"
                aria-invalid=invalid
                aria-describedby=format!("{name}-error")
            />
            <FieldError err field=name/>
        </div>
    }
}

/// A labelled select. `options` are (value, label) pairs already translated or proper names.
#[component]
pub fn SelectField(
    label: &'static str,
    name: &'static str,
    options: Vec<(String, String)>,
    #[prop(into, optional)] selected: String,
    err: Signal<Option<AppError>>,
    #[prop(optional)] required: bool,
    #[prop(optional)] empty: Option<&'static str>,
    /// The element's id when the page has several forms with this field (ids are unique).
    #[prop(into, optional)] id: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    let id = id.unwrap_or_else(|| format!("f-{name}"));
    view! {
        <div class="field">
            <label for=id.clone()>{move || text(lang.get(), label)}{required.then_some(" *")}</label>
            <select id=id name=name required=required aria-describedby=format!("{name}-error")>
                {empty.map(|e| view! { <option value="">{move || text(lang.get(), e)}</option> })}
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let sel = v == selected;
                        view! { <option value=v selected=sel>{l}</option> }
                    })
                    .collect_view()}
            </select>
            <FieldError err field=name/>
        </div>
    }
}

/// A labelled checkbox (sends "on" when ticked).
#[component]
pub fn CheckField(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] checked: bool,
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{name}");
    view! {
        <div class="field check">
            <input id=id.clone() type="checkbox" name=name checked=checked/>
            <label for=id>{move || text(lang.get(), label)}</label>
        </div>
    }
}

/// The save button: disabled while a submission is under way, so a double tap sends once.
#[component]
pub fn SubmitButton(label: &'static str, pending: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <button type="submit" class="primary" disabled=move || pending.get()>
            {move || if pending.get() { text(lang.get(), "form.saving") } else { text(lang.get(), label) }}
        </button>
    }
}

/// A "saved" note after a successful save.
#[component]
pub fn Saved(show: Signal<bool>) -> impl IntoView {
    view! { <Show when=move || show.get()><p class="saved" role="status">{t!("form.saved")}</p></Show> }
}

/// A page's data as every detail page shows it: "…" while it loads, `render` once it came,
/// the refusal or error (not found, not allowed, network) where it could not be loaded.
#[component]
pub fn Loaded<T, V, F>(resource: Resource<Result<T, AppError>>, render: F) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match resource.await {
                        Ok(data) => render(data).into_any(),
                        Err(e) => view! { <LoadError err=e/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Shown where a page's data could not be loaded (refused, not found, network).
#[component]
pub fn LoadError(err: AppError) -> impl IntoView {
    let lang = use_lang();
    view! { <div class="form-error" role="alert" data-test="load-error">{move || err.msg.text(lang.get())}</div> }
}

/// The address of a meeting's page (a document page: see [`crate::app::is_document_path`]), with an
/// optional `#fragment`.
pub fn meeting_href(id: i64, fragment: &str) -> String {
    format!("/meetings/{id}{fragment}")
}

/// The not-found page, inside the frame (a feature's page answers it for an id that is
/// not there or not the caller's).
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        options.set_status(http::StatusCode::NOT_FOUND);
    }
    view! { <h1>{t!("page.not_found")}</h1> <p><a href="/">{t!("nav.home")}</a></p> }
}

/// A page that loads with its own code split (a lazy route, see TOOLCHAIN.md) inside the
/// frame: `lazy_page! { /// doc  DashboardRoute => DashboardPage }` declares the route type
/// `app.rs` names, rendering the component in `Layout`: a feature of one page, in
/// [`lazy_pages!`]'s shape.
#[macro_export]
macro_rules! lazy_page {
    ($(#[$attr:meta])* $route:ident => $page:ident) => {
        $crate::lazy_pages! { $(#[$attr])* $route { _ => $page } }
    };
}

/// A page served as a plain document (see `app::is_document_path`) inside the frame:
/// `lazy_page!`'s shape, compiled for the server only. The browser never renders it (it is
/// served without the bundle, and links load it as a document), so the bundle carries none
/// of its code and has no chunk for it.
#[macro_export]
macro_rules! document_page {
    ($(#[$attr:meta])* $route:ident => $page:ident) => {
        #[cfg(feature = "ssr")]
        $crate::lazy_page! { $(#[$attr])* $route => $page }
    };
}

/// Several pages of a feature under one lazy route: each split point multiplies the chunks
/// of code the pages share (issue 23: 18 split points made 349 chunk files), so a feature's
/// pages load together. The route's view picks the page by the path the route matched
/// (`use_matched`), the first arm that matches: `lazy_pages! { /// doc  OrgRoute { "/org" => OrgTreePage,
/// "/org/new" => NewUnitPage, _ => UnitPage } }`, each route of the router naming `OrgRoute`.
#[macro_export]
macro_rules! lazy_pages {
    ($(#[$attr:meta])* $route:ident { $($path:pat $(if $guard:expr)? => $page:ident),+ $(,)? }) => {
        $(#[$attr])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }
            fn view(_this: Self) -> leptos::prelude::AnyView {
                // the path this route matched (the location is still the old page's while the
                // router loads a new one)
                let path = leptos::prelude::GetUntracked::get_untracked(&leptos_router::hooks::use_matched());
                let page = match path.trim_end_matches('/') {
                    $($path $(if $guard)? => leptos::prelude::IntoAny::into_any(leptos::view! { <$page/> }),)+
                };
                leptos::prelude::IntoAny::into_any(leptos::view! { <$crate::ui::Layout>{page}</$crate::ui::Layout> })
            }
        }
    };
}
