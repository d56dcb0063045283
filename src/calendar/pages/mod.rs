//! Pages of the calendar: the calendar (agenda, the phone's default; week; month) with its
//! filters, a ward's month grid, and one meeting's page with its changes and history.
//! Lazy routes; filters are a GET form and every change an ActionForm, so all of it works
//! before the wasm arrives.

use super::api::{get_meeting, list_meetings, CalendarListForm, ChangeMeeting};
#[cfg(feature = "ssr")]
use super::grid::{ward_month, SaveMonth};
use super::model::*;
use super::pattern::{weekday_name, weekday_short};
use crate::i18n::{text, use_lang, Lang};
use crate::t;
use crate::ui::*;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

mod views;
#[cfg(feature = "ssr")]
mod grid;
mod meeting;
mod subscribe;
mod busy;
mod inbox;
mod findings;

pub use views::*;
#[cfg(feature = "ssr")]
use grid::*;
pub use meeting::*;
use subscribe::*;
use busy::*;
use inbox::*;
use findings::*;

/// "Thứ Năm, 05/11/2026"
fn day_label(d: NaiveDate, lang: Lang) -> String {
    format!(
        "{}, {}",
        weekday_name(d.weekday().number_from_monday(), lang),
        fmt_date(d)
    )
}

// ---------------------------------------------------------------- the calendar

/// The calendar's other pages (`/calendar/*rest`): the ward's month grid (`ward/{id}`) and
/// the inbox (document pages, rendered by the server only), subscriptions, busy times,
/// findings and the outbox. With the reports' inbox, the criteria and the working days they
/// are the calendar's desk pages, one lazy route (`app::CalendarDeskRoute`).
#[component]
pub fn CalendarPages() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get("rest").unwrap_or_default()));
    move || {
        let rest = rest.get();
        let parts: Vec<&str> = rest.trim_matches('/').split('/').collect();
        match parts.as_slice() {
            // document pages (app::is_document_path): rendered by the server only
            #[cfg(feature = "ssr")]
            ["ward", id] => {
                let id = id.parse::<i64>().unwrap_or(-1);
                view! { <WardMonthPage ward=id/> }.into_any()
            }
            #[cfg(feature = "ssr")]
            ["inbox"] => view! { <InboxPage/> }.into_any(),
            ["subscribe"] => view! { <SubscribePage/> }.into_any(),
            ["busy"] => view! { <BusyPage/> }.into_any(),
            ["findings"] => view! { <FindingsPage/> }.into_any(),
            ["outbox"] => view! { <OutboxPage/> }.into_any(),
            _ => view! { <crate::ui::NotFound/> }.into_any(),
        }
    }
}
