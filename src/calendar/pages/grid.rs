//! A ward's month grid: every cell's meeting of the month entered at once (keys move
//! between cells, a column pasted from a spreadsheet fills down: `public/enhance.js`, the
//! page being a document page, see `app::is_document_path`).

use super::*;

#[component]
pub(super) fn WardMonthPage(ward: i64) -> impl IntoView {
    let query = use_query_map();
    let ward = move || ward;
    let month = move || query.with(|q| q.get("month").unwrap_or_default());
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let grid = Resource::new(move || (ward(), month()), |(w, m)| ward_month(w, m));
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <Loaded resource=grid render=move |g| view! { <GridView g saved/> }/>
    }
}

#[component]
pub(super) fn GridView(g: MonthGrid, saved: Signal<bool>) -> impl IntoView {
    let save = ServerAction::<SaveMonth>::new();
    let err = action_error(save);
    let pending: Signal<bool> = save.pending().into();
    let lang = use_lang();
    let crate::helpers::MonthNav { shown, prev, next } = crate::helpers::month_nav(&g.month);
    let base = format!("/calendar/ward/{}?month=", g.ward_id);
    let calendar = format!(
        "/calendar?view=month&ward={}&date={}-01",
        g.ward_id, g.month
    );
    let can_edit = g.can_edit;
    let row_err = move |i: usize, field: &str| {
        let key = format!("rows.{i}.{field}");
        err.get()
            .and_then(|e| e.for_field(&key).map(|m| m.text(lang.get())))
    };
    let any_row_error = move || {
        err.get()
            .is_some_and(|e| e.field.as_deref().is_some_and(|f| f.starts_with("rows.")))
    };
    // a save refused before the wasm (this is a document page) comes back with what was typed
    let typed = StoredValue::new(crate::ui::typed_form());
    let typed_in = move |name: &str| typed.with_value(|t| t.as_ref().and_then(|t| t.get(name).cloned()));
    let extra_start = g.rows.len();
    let cells = g.cells.clone();
    let kinds = move |name: &str, selected: MeetingKind| {
        let selected = typed_in(name).and_then(|k| MeetingKind::parse(&k)).unwrap_or(selected);
        MeetingKind::ALL
            .iter()
            .map(|&k| {
                let sel = k == selected;
                view! { <option value=k.code() selected=sel>{move || text(lang.get(), k.label_key())}</option> }
            })
            .collect_view()
    };
    // One input of a row: its value, its column (keyboard moves), its error.
    let cell_input = move |i: usize,
                           field: &'static str,
                           value: String,
                           size: u32,
                           locked: bool| {
        let name = format!("rows[{i}][{field}]");
        let value = typed_in(&name).unwrap_or(value);
        let invalid = move || row_err(i, field).is_some().then_some("true");
        view! {
            <td class=format!("c-{field}")>
                <input name=name value=value data-col=field size=size readonly=locked aria-invalid=invalid autocomplete="off"
                    aria-label=move || text(lang.get(), match field {
                        "usual" => "grid.usual",
                        "date" => "grid.date",
                        "start" => "grid.start",
                        "end" => "grid.end",
                        "place" => "grid.place",
                        _ => "grid.topic",
                    })/>
                {move || row_err(i, field).map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
            </td>
        }
    };
    let rows_view = g.rows.iter().cloned().enumerate().map(|(i, r)| {
        let locked = r.locked || !can_edit;
        let class = format!("{}{}", if r.prefilled { "prefilled" } else { "" }, if r.locked { " locked" } else { "" });
        let committee = r.cell_id.is_none();
        view! {
            <tr class=class data-test="grid-row" data-cell=r.cell_id.map(|c| c.to_string()).unwrap_or_default()>
                <th scope="row">
                    {r.meeting_id.map(|id| view! {
                        <input type="hidden" name=format!("rows[{i}][meeting_id]") value=id.to_string()/>
                        <input type="hidden" name=format!("rows[{i}][version]") value=r.version.to_string()/>
                    })}
                    {r.cell_id.map(|c| view! { <input type="hidden" name=format!("rows[{i}][cell_id]") value=c.to_string()/> })}
                    {match r.meeting_id {
                        Some(id) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")><span class="code">{r.cell_code.clone()}</span> " " {r.cell_name.clone()}</a> }.into_any(),
                        None => view! { <span class="code">{r.cell_code.clone()}</span> " " {r.cell_name.clone()} }.into_any(),
                    }}
                    {move || row_err(i, "cell_id").map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
                </th>
                {if committee {
                    view! {
                        <td class="c-usual">
                            <label class="inline-check">
                                <input type="checkbox" name=format!("rows[{i}][invite]") value="on" disabled=locked
                                    checked=typed.with_value(|t| match t { Some(t) => t.contains_key(&format!("rows[{i}][invite]")), None => r.invited })/>
                                {t!("grid.invite")}
                            </label>
                        </td>
                    }.into_any()
                } else {
                    cell_input(i, "usual", r.usual.clone(), 9, !can_edit).into_any()
                }}
                {cell_input(i, "date", r.date.clone(), 5, locked)}
                {cell_input(i, "start", r.start.clone(), 5, locked)}
                {cell_input(i, "end", r.end.clone(), 5, locked)}
                {cell_input(i, "place", r.place.clone(), 18, locked)}
                <td class="c-kind">
                    {if committee {
                        view! { <input type="hidden" name=format!("rows[{i}][kind]") value=MeetingKind::WardCommittee.code()/> {t!("meeting.kind.ward_committee")} }.into_any()
                    } else {
                        view! { <select name=format!("rows[{i}][kind]") disabled=locked aria-label=t!("calendar.kind")>{kinds(&format!("rows[{i}][kind]"), r.kind)}</select> }.into_any()
                    }}
                    {move || row_err(i, "kind").map(|m| view! { <span class="cell-error" role="alert">{m}</span> })}
                </td>
                {cell_input(i, "topic", r.topic.clone(), 18, locked)}
                <td class="c-status">
                    {r.status.map(|s| view! { <span class=format!("badge st-{s}")>{move || text(lang.get(), s.label_key())}</span> })}
                    {r.prefilled.then(|| view! { <span class="muted">{t!("grid.prefilled")}</span> })}
                </td>
            </tr>
        }
    }).collect_view();
    let extra_rows = (extra_start..extra_start + 2).map(|i| {
        let options = cells.clone();
        view! {
            <tr class="extra" data-test="grid-extra">
                <th scope="row">
                    <select name=format!("rows[{i}][cell_id]") aria-label=t!("grid.extra_cell")>
                        <option value="">{t!("grid.extra_cell")}</option>
                        {options.into_iter().map(|(id, n)| {
                            let sel = typed_in(&format!("rows[{i}][cell_id]")) == Some(id.to_string());
                            view! { <option value=id.to_string() selected=sel>{n}</option> }
                        }).collect_view()}
                    </select>
                    {move || row_err(i, "cell_id").map(|m| view! { <span class="cell-error" role="alert" data-test="row-error">{m}</span> })}
                </th>
                <td></td>
                {cell_input(i, "date", String::new(), 5, false)}
                {cell_input(i, "start", String::new(), 5, false)}
                {cell_input(i, "end", String::new(), 5, false)}
                {cell_input(i, "place", String::new(), 18, false)}
                <td class="c-kind"><select name=format!("rows[{i}][kind]") aria-label=t!("calendar.kind")>{kinds(&format!("rows[{i}][kind]"), MeetingKind::Extraordinary)}</select></td>
                {cell_input(i, "topic", String::new(), 18, false)}
                <td></td>
            </tr>
        }
    }).collect_view();
    view! {
        <h1>{t!("grid.title")} " " {shown} <span class="subtitle">" · " {g.ward_name.clone()}</span></h1>
        <p class="monthnav">
            <a href=format!("{base}{prev}") data-test="prev-month">"‹ " {t!("groups.prev_month")}</a>
            <a href=calendar>{t!("calendar.month")}</a>
            <a href=format!("{base}{next}") data-test="next-month">{t!("groups.next_month")} " ›"</a>
        </p>
        <Saved show=saved/>
        {can_edit.then(|| view! { <p class="hint desk-only">{t!("grid.keys_hint")}</p> })}
        <ActionForm action=save attr:class="grid-form" attr:data-test="grid-form">
            <input type="hidden" name="ward_id" value=g.ward_id.to_string()/>
            <input type="hidden" name="month" value=g.month.clone()/>
            <div class="grid-scroll">
                <table class="grid">
                    <thead>
                        <tr>
                            <th>{t!("kind.cell")}</th>
                            <th>{t!("grid.usual")}</th>
                            <th>{t!("grid.date")}</th>
                            <th>{t!("grid.start")}</th>
                            <th>{t!("grid.end")}</th>
                            <th>{t!("grid.place")}</th>
                            <th>{t!("calendar.kind")}</th>
                            <th>{t!("grid.topic")}</th>
                            <th>{t!("grid.status")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows_view}
                        {can_edit.then(|| extra_rows)}
                    </tbody>
                </table>
            </div>
            {move || any_row_error().then(|| view! { <div class="form-error" role="alert" data-test="grid-errors">{t!("grid.fix_rows")}</div> })}
            <FormError err/>
            {can_edit.then(|| view! {
                <div class="grid-actions">
                    <label class="inline-check"><input type="checkbox" name="announce" value="on" checked=true/>{t!("grid.announce")}</label>
                    <SubmitButton label="grid.save" pending/>
                </div>
            })}
        </ActionForm>
    }
}

// ---------------------------------------------------------------- one meeting
