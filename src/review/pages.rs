//! The review report's page (`/review`, a lazy route): the period (a GET form), the figures,
//! every narrative part pre-filled and editable, and a plain form post that returns the
//! DOCX (it works before the wasm arrives; nothing typed is stored).

use super::api::review_draft;
use super::model::*;
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

crate::lazy_page! {
    ReviewRoute => ReviewPage
}

#[component]
fn ReviewPage() -> impl IntoView {
    let query = use_query_map();
    let period = Memo::new(move |_| query.with(|q| (q.get("from"), q.get("to"))));
    let data = Resource::new(move || period.get(), |(f, t)| review_draft(f, t));
    view! {
        <h1>{t!("review.title")}</h1>
        <p class="hint">{t!("review.intro")}</p>
        <Loaded resource=data render=move |d: DraftReport| view! { <Draft d/> }/>
    }
}

#[component]
fn Draft(d: DraftReport) -> impl IntoView {
    view! {
        <form method="get" action="/review" class="filters inline" data-test="review-period">
            <label>{t!("dash.from")} " " <input type="month" name="from" value=d.from.clone()/></label>
            <label>{t!("dash.to")} " " <input type="month" name="to" value=d.to.clone()/></label>
            <button type="submit" class="small">{t!("periodic.show")}</button>
        </form>
        <ul class="review-figures" data-test="review-figures">
            {d.figures.iter().map(|f| view! { <li>{f.clone()}</li> }).collect_view()}
        </ul>
        <form method="post" action="/export/review/docx" class="stack review-form" data-test="review-form">
            <input type="hidden" name="from" value=d.from.clone()/>
            <input type="hidden" name="to" value=d.to.clone()/>
            <div class="panel stack">
                <p><strong>{t!("review.doc_title")}</strong> " " {d.summary.clone()}</p>
                <div class="field">
                    <label for="f-number">{t!("review.number")}</label>
                    <input id="f-number" type="text" name="number" value="Số      -BC/TU" maxlength="60"/>
                </div>
                <label class="check"><input type="checkbox" name="draft" value="on" checked/> {t!("review.draft")}</label>
            </div>
            {d.parts.iter().map(|p| {
                let id = format!("f-part-{}", p.key);
                let rows = (p.text.len() / 90 + 3).clamp(3, 14) as u32;
                view! {
                    <div class="field">
                        <label for=id.clone()>{if p.heading.is_empty() { crate::i18n::tr(if p.key == "intro" { "review.part_intro" } else if p.key == "tasks" { "review.part_tasks" } else { "review.part_closing" })().to_string() } else { p.heading.clone() }}</label>
                        <TextArea id=id name=format!("part_{}", p.key) rows=rows maxlength=20000 value=p.text.clone() {..} data-test=format!("part-{}", p.key)/>
                    </div>
                }
            }).collect_view()}
            <div class="actions">
                <button type="submit" class="primary" data-test="review-docx">{t!("review.make")}</button>
            </div>
        </form>
    }
}
