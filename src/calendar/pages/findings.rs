//! The calendar's findings (late announcements, missing meetings, uninvited wards) and
//! the announcement lead days.

use super::*;

#[component]
pub(super) fn FindingsPage() -> impl IntoView {
    let query = use_query_map();
    let month = move || query.with(|q| q.get("month"));
    let ward = move || query.with(|q| q.get("ward"));
    let data = Resource::new(
        move || (month(), ward()),
        |(m, w)| crate::calendar::findings::get_findings(m, w),
    );
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("findings.title")}</h1>
        <Loaded resource=data render=move |f| view! { <FindingsView f/> }/>
    }
}

#[component]
pub(super) fn FindingsView(f: Findings) -> impl IntoView {
    let crate::helpers::MonthNav { shown, prev, next } = crate::helpers::month_nav(&f.month);
    let list = |items: Vec<FindingLine>, test: &'static str| {
        view! {
            <ul class="findings" data-test=test>
                {items.into_iter().map(|l| view! {
                    <li>
                        {match (l.meeting_id, l.cell_id) {
                            (Some(id), _) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")>{l.title.clone()}</a> }.into_any(),
                            (None, Some(c)) => view! { <a href=format!("/org/{c}")>{l.title.clone()}</a> }.into_any(),
                            _ => view! { <span>{l.title.clone()}</span> }.into_any(),
                        }}
                        <span class="muted">" · " {l.ward.clone()} {(!l.detail.is_empty()).then(|| format!(" · {}", l.detail))}
                            {l.hours_ahead.map(|h| view! { " · " {t!("findings.announced")} " " {h} " " {t!("findings.hours_before")} })}</span>
                    </li>
                }).collect_view()}
            </ul>
        }
    };
    view! {
        <p class="monthnav">
            <a href=format!("/calendar/findings?month={prev}") rel="prev">"‹"</a>
            <strong>{shown}</strong>
            <a href=format!("/calendar/findings?month={next}") rel="next">"›"</a>
        </p>
        <div class="stats">
            <div class="stat warn"><span class="num" data-test="late-count">{f.late.len()}</span><span>{t!("findings.late")} " (< " {f.lead_days} " " {t!("findings.days")} ")"</span></div>
            <div class="stat warn"><span class="num" data-test="missing-count">{f.missing.len()}</span><span>{t!("findings.missing")}</span></div>
            <div class="stat warn"><span class="num" data-test="uninvited-count">{f.uninvited.len()}</span><span>{t!("findings.uninvited")}</span></div>
        </div>
        {f.can_set.then(|| view! { <LeadDaysForm days=f.lead_days/> })}
        <section class="panel"><h2>{t!("findings.late")}</h2>{list(f.late.clone(), "late")}</section>
        <section class="panel"><h2>{t!("findings.missing")}</h2>{list(f.missing.clone(), "missing")}</section>
        <section class="panel"><h2>{t!("findings.uninvited")}</h2>{list(f.uninvited.clone(), "uninvited")}</section>
    }
}

/// The city's N: an announcement fewer than N days before the meeting is late.
#[component]
pub(super) fn LeadDaysForm(days: i32) -> impl IntoView {
    let set = ServerAction::<crate::calendar::findings::SetLeadDays>::new();
    let err = action_error(set);
    let pending: Signal<bool> = set.pending().into();
    view! {
        <details class="filters">
            <summary>{t!("findings.setting")}</summary>
            <ActionForm action=set attr:class="filter-form" attr:data-test="lead-days-form">
                <TextField label="findings.lead_days" name="days" value=days.to_string() err maxlength=2 kind="number"/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </details>
    }
}
