//! Shared components: form fields with their error slot, the form-level message, dates.

use crate::error::AppError;
use crate::i18n::{text, use_lang};
use crate::t;
use chrono::NaiveDate;
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

/// dd/mm/yyyy, as Vietnamese documents write dates.
pub fn fmt_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

pub fn fmt_opt_date(d: Option<NaiveDate>) -> String {
    d.map(fmt_date).unwrap_or_default()
}

/// A timestamp shown in Vietnam's time (UTC+7 all year, no daylight saving).
pub fn fmt_datetime(t: chrono::DateTime<chrono::Utc>) -> String {
    let vn = chrono::FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    t.with_timezone(&vn).format("%d/%m/%Y %H:%M").to_string()
}

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
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{name}");
    let invalid = move || err.get().is_some_and(|e| e.for_field(name).is_some()).then_some("true");
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
) -> impl IntoView {
    let lang = use_lang();
    let id = format!("f-{name}");
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

/// Shown where a page's data could not be loaded (refused, not found, network).
#[component]
pub fn LoadError(err: AppError) -> impl IntoView {
    let lang = use_lang();
    view! { <div class="form-error" role="alert" data-test="load-error">{move || err.msg.text(lang.get())}</div> }
}

/// Folds Vietnamese letters to plain ASCII lower case, so "phuong 1" finds "Phường 1".
pub fn fold(s: &str) -> String {
    s.chars()
        .flat_map(|c| c.to_lowercase())
        .map(|c| match c {
            'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ' | 'ẫ' | 'ậ' => 'a',
            'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
            'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
            'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở' | 'ỡ' | 'ợ' => 'o',
            'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
            'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
            'đ' => 'd',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_vietnamese() {
        assert_eq!(super::fold("Phường Đông Lễ"), "phuong dong le");
        assert!(super::fold("Khu phố Hùng Vương").contains(&super::fold("hung vuong")));
    }
}
