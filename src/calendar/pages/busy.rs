//! A member's busy times (typed, or imported from a calendar file).

use super::*;

#[component]
pub(super) fn BusyPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let upload_err = move || {
        query
            .with(|q| q.get("upload_err"))
            .and_then(|e| serde_json::from_str::<crate::i18n::Msg>(&e).ok())
    };
    let list = Resource::new(|| (), |_| crate::calendar::clash::list_busy());
    let add = ServerAction::<crate::calendar::clash::AddBusy>::new();
    let delete = ServerAction::<crate::calendar::clash::DeleteBusy>::new();
    let err = action_error(add);
    let pending: Signal<bool> = add.pending().into();
    let lang = use_lang();
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("busy.title")}</h1>
        <p class="hint">{t!("busy.hint")}</p>
        <Saved show=saved/>
        <section class="panel">
            <h2>{t!("busy.add")}</h2>
            <ActionForm action=add attr:class="stack" attr:data-test="busy-form">
                <div class="row3">
                    <DateField label="grid.date" name="date" err required=true/>
                    <TextField label="grid.start" name="start" err required=true maxlength=5/>
                    <TextField label="grid.end" name="end" err required=true maxlength=5/>
                </div>
                <TextField label="busy.note" name="note" err maxlength=200/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </section>
        <section class="panel">
            <h2>{t!("busy.upload")}</h2>
            <form method="post" action="/upload/busy-ics" enctype="multipart/form-data" class="stack" data-test="busy-upload">
                <input type="file" name="file" accept=".ics,text/calendar" required=true aria-label=t!("busy.upload")/>
                <p class="hint">{t!("busy.upload_hint")}</p>
                {move || upload_err().map(|m| view! { <p class="field-error" role="alert">{m.text(lang.get())}</p> })}
                <button type="submit">{t!("busy.upload_button")}</button>
            </form>
        </section>
        <Loaded resource=list render=move |items| view! { <BusyList items delete/> }/>
    }
}

#[component]
pub(super) fn BusyList(items: Vec<BusyTime>, delete: ServerAction<crate::calendar::clash::DeleteBusy>) -> impl IntoView {
    view! {
            <section class="panel">
                <h2>{t!("busy.list")}</h2>
                {items.is_empty().then(|| view! { <p class="empty">{t!("busy.none")}</p> })}
                <ul class="feeds" data-test="busy-list">
                    {items.into_iter().map(|b| view! {
                        <li data-test="busy">
                            <strong>{fmt_date(b.date)} " " {b.start.clone()} "–" {b.end.clone()}</strong>
                            <span>{b.note.clone()}</span>
                            {b.from_file.then(|| view! { <span class="badge">".ics"</span> })}
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=b.id.to_string()/>
                                <button type="submit" class="danger small">{t!("busy.delete")}</button>
                            </ActionForm>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
    }
}

// ---------------------------------------------------------------- notices
