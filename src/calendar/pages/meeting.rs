//! One meeting's page: its facts, changes and history, clashes and substitutes, the
//! briefing; the report panel comes from the reports (`MeetingPage` takes it).

use super::*;

/// A meeting's page (`/meetings/{id}`): the meeting, its briefing, clashes and changes.
/// The page's route is the report's (`reports::pages::MeetingRoute`), which puts its panel
/// in `report_panel`, so the calendar does not depend on the report.
#[component]
pub fn MeetingPage(#[prop(into)] report_panel: ViewFn) -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|s| s.parse::<i64>().ok())
                .unwrap_or(-1)
        })
    };
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let meeting = Resource::new(id, get_meeting);
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <Loaded resource=meeting render=move |m| view! { <MeetingView m saved report_panel=report_panel.clone()/> }/>
    }
}

#[component]
pub(super) fn MeetingView(m: MeetingDetail, saved: Signal<bool>, report_panel: ViewFn) -> impl IntoView {
    let lang = use_lang();
    let change = ServerAction::<ChangeMeeting>::new();
    let it = m.item.clone();
    let kind = it.kind.label_key();
    let status = it.status.label_key();
    let open = it.status.is_open();
    let can = m.can_edit;
    let simple = move |action: &'static str, label: &'static str| {
        let id = it.id.to_string();
        let version = m.version.to_string();
        view! {
            <ActionForm action=change attr:class="inline-form" attr:data-test=format!("action-{action}")>
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="version" value=version/>
                <input type="hidden" name="action" value=action/>
                <button type="submit">{move || text(lang.get(), label)}</button>
            </ActionForm>
        }
    };
    let err = action_error(change);
    view! {
        <h1 data-test="meeting-title">{it.title.clone()}</h1>
        <p class="subtitle">
            <span class="badge">{move || text(lang.get(), kind)}</span> " "
            <span class=format!("badge st-{}", it.status) data-test="meeting-status">{move || text(lang.get(), status)}</span>
            " · " {it.ward.clone()}
        </p>
        <Saved show=saved/>
        <dl class="facts">
            <dt>{t!("grid.date")}</dt><dd data-test="meeting-when">{move || day_label(it.date, lang.get())} ", " {it.start.clone()} "–" {it.end.clone()}</dd>
            <dt>{t!("grid.place")}</dt><dd>{it.place.clone()}</dd>
            {(!it.topic.is_empty()).then(|| view! { <dt>{t!("grid.topic")}</dt><dd>{it.topic.clone()}</dd> })}
            <dt>{t!("calendar.expected")}</dt>
            <dd data-test="expected">{if it.expected.is_empty() { "—".to_string() } else { it.expected.join(", ") }}</dd>
            <dt>{t!("meeting.announced_at")}</dt>
            <dd>{m.announced_at.clone().unwrap_or_else(|| "—".into())}
                {m.announced_late.then(|| view! { " " <span class="badge red" data-test="announced-late">{t!("meeting.late")}</span> })}
            </dd>
            {(it.kind == MeetingKind::WardCommittee).then(|| view! {
                <dt>{t!("meeting.invited_at")}</dt>
                <dd>{m.invited_at.clone().unwrap_or_else(|| "—".into())}
                    {m.invited_at.is_none().then(|| view! { " " <span class="badge red">{t!("meeting.not_invited")}</span> })}
                </dd>
            })}
            {m.status_reason.clone().map(|r| view! { <dt>{t!("board.reopen_reason")}</dt><dd data-test="status-reason">{r}</dd> })}
            {(!m.replaced.is_empty()).then(|| view! {
                <dt>{t!("clash.replaced")}</dt>
                <dd data-test="replaced">{m.replaced.iter().map(|(a, b)| view! {
                    <span class="replaced">{b.clone()} " (" {t!("clash.instead_of")} " " {a.clone()} ")"</span>
                }).collect_view()}</dd>
            })}
        </dl>
        <BriefingPanel m=m.clone()/>
        {report_panel.run()}
        <ClashPanel m=m.clone()/>
        {can.then(|| view! {
            <section class="panel">
                <h2>{t!("meeting.actions")}</h2>
                <div class="actions">
                    {(it.status == MeetingStatus::Planned).then(|| simple("announce", "meeting.announce"))}
                    {(open && it.kind == MeetingKind::WardCommittee && m.invited_at.is_none()).then(|| simple("invite", "meeting.invite"))}
                    {open.then(|| simple("held", "meeting.held"))}
                </div>
                <FormError err/>
                {(!matches!(it.status, MeetingStatus::Held | MeetingStatus::Cancelled)).then(|| view! {
                    <ActionForm action=change attr:class="stack" attr:data-test="change-form">
                        <input type="hidden" name="id" value=it.id.to_string()/>
                        <input type="hidden" name="version" value=m.version.to_string()/>
                        <TextField label="meeting.reason" name="reason" err maxlength=500/>
                        <div class="row3">
                            <DateField label="meeting.new_date" name="date" value=Some(it.date) err/>
                            <TextField label="grid.start" name="start" value=it.start.clone() err maxlength=5/>
                            <TextField label="grid.end" name="end" value=it.end.clone() err maxlength=5/>
                        </div>
                        <div class="actions">
                            <button type="submit" name="action" value="reschedule" data-test="reschedule">{t!("meeting.reschedule")}</button>
                            {open.then(|| view! { <button type="submit" name="action" value="postpone" data-test="postpone">{t!("meeting.postpone")}</button> })}
                            <button type="submit" name="action" value="cancel" class="danger" data-test="cancel">{t!("meeting.cancel")}</button>
                        </div>
                    </ActionForm>
                })}
            </section>
        })}
        <section class="panel">
            <h2>{t!("org.history")}</h2>
            <ul class="history" data-test="history">
                {m.history.iter().cloned().map(|h| {
                    let action = h.action.clone();
                    view! {
                        <li>
                            <span class="muted">{h.at.clone()}</span> " · " {h.who.clone()} " · "
                            {move || history_action(&action, lang.get())}
                            {(!h.change.is_empty()).then(|| view! { " · " {h.change.clone()} })}
                            {h.reason.clone().map(|r| view! { <br/><span class="muted">{t!("board.reopen_reason")} ": " {r}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
        <p><a href=format!("/calendar/ward/{}?month={}", it.ward_id, m.month)>{t!("calendar.enter_month")} " · " {it.ward.clone()}</a></p>
    }
}

pub(super) fn history_action(action: &str, lang: Lang) -> &'static str {
    text(
        lang,
        match action {
            "create" => "meeting.h.create",
            "update" => "meeting.h.update",
            "announce" => "meeting.announce",
            "postpone" => "meeting.postpone",
            "cancel" => "meeting.cancel",
            "reschedule" => "meeting.reschedule",
            "held" => "meeting.held",
            "invite" => "meeting.invite",
            "substitute" => "clash.h.substitute",
            "briefing" => "briefing.title",
            "attach_file" => "briefing.attach",
            "delete_file" => "briefing.h.delete_file",
            _ => "audit.other",
        },
    )
}

// ---------------------------------------------------------------- calendar subscriptions
/// Members expected at the meeting who are taken then, or reported an absence, with the
/// substitutes the leader may send instead (one click each).
#[component]
pub(super) fn ClashPanel(m: MeetingDetail) -> impl IntoView {
    let substitute = ServerAction::<crate::calendar::clash::AcceptSubstitute>::new();
    let err = action_error(substitute);
    let meeting = m.item.id;
    (!m.clashes.is_empty()).then(|| view! {
        <section class="panel clash-panel" data-test="clashes">
            <h2>{t!("clash.title")}</h2>
            <FormError err/>
            <ul class="clashes">
                {m.clashes.iter().cloned().map(|c| view! {
                    <li data-test="clash-line">
                        <strong>{c.name.clone()}</strong>
                        {(!c.with.is_empty()).then(|| view! { " " <span class="muted">{t!("clash.with")} " " {c.with.clone()}</span> })}
                        {c.absence.clone().map(|(reason, note)| view! {
                            " " <span class="muted" data-test="absence-line">{t!("absence.recorded")} ": " {crate::i18n::tr(reason.label_key())}
                                {(!note.is_empty()).then(|| format!(" ({note})"))}</span>
                        })}
                        {m.can_substitute.then(|| view! {
                            <div class="substitutes">
                                {c.substitutes.is_empty().then(|| view! { <span class="muted">{t!("clash.nobody_free")}</span> })}
                                {c.substitutes.iter().cloned().map(|s| view! {
                                    <ActionForm action=substitute attr:class="inline-form" attr:data-test="substitute-form">
                                        <input type="hidden" name="meeting_id" value=meeting.to_string()/>
                                        <input type="hidden" name="person_id" value=c.person_id.to_string()/>
                                        <input type="hidden" name="substitute_id" value=s.person_id.to_string()/>
                                        <button type="submit" data-test="accept-substitute">
                                            {t!("clash.send")} " " {s.name.clone()} <span class="load" title=t!("groups.load")>{s.load}</span>
                                        </button>
                                    </ActionForm>
                                }).collect_view()}
                            </div>
                        })}
                    </li>
                }).collect_view()}
            </ul>
        </section>
    })
}

// ---------------------------------------------------------------- busy times
/// The ward's briefing: its situation note in four parts (editable by the ward) and files.
#[component]
pub(super) fn BriefingPanel(m: MeetingDetail) -> impl IntoView {
    let save = ServerAction::<crate::calendar::briefing::SaveBriefing>::new();
    let delete = ServerAction::<crate::calendar::briefing::DeleteFile>::new();
    let err = action_error(save);
    let pending: Signal<bool> = save.pending().into();
    let query = use_query_map();
    let lang = use_lang();
    let file_err = move || {
        query
            .with(|q| q.get("file_err"))
            .and_then(|e| serde_json::from_str::<crate::i18n::Msg>(&e).ok())
    };
    let b = m.briefing.clone();
    let id = m.item.id;
    let parts: [(&'static str, &'static str, String); 4] = [
        (
            "socio_economic",
            "briefing.socio_economic",
            b.socio_economic.clone(),
        ),
        (
            "defence_security",
            "briefing.defence_security",
            b.defence_security.clone(),
        ),
        (
            "party_building",
            "briefing.party_building",
            b.party_building.clone(),
        ),
        (
            "local_issues",
            "briefing.local_issues",
            b.local_issues.clone(),
        ),
    ];
    let empty = parts.iter().all(|p| p.2.is_empty()) && b.files.is_empty();
    view! {
        <section class="panel briefing" data-test="briefing">
            <h2>{t!("briefing.title")}</h2>
            {b.updated_at.clone().map(|u| view! { <p class="hint">{t!("briefing.updated")} " " {u}</p> })}
            {(empty && !m.can_edit).then(|| view! { <p class="empty">{t!("briefing.none")}</p> })}
            {(!m.can_edit).then(|| parts.iter().filter(|p| !p.2.is_empty()).map(|(_, label, text)| {
                let label = *label;
                view! { <h3>{move || crate::i18n::text(lang.get(), label)}</h3><p class="plan">{text.clone()}</p> }
            }).collect_view())}
            {m.can_edit.then(|| view! {
                <ActionForm action=save attr:class="stack" attr:data-test="briefing-form">
                    <input type="hidden" name="meeting_id" value=id.to_string()/>
                    <input type="hidden" name="version" value=b.version.to_string()/>
                    {parts.iter().cloned().map(|(name, label, text)| view! {
                        <div class="field">
                            <label for=format!("f-{name}")>{move || crate::i18n::text(lang.get(), label)}</label>
                            <TextArea id=format!("f-{name}") name=name rows=3 maxlength=10000 value=text/>
                            <FieldError err field=name/>
                        </div>
                    }).collect_view()}
                    <FormError err/>
                    <SubmitButton label="briefing.save" pending/>
                </ActionForm>
            })}
            <h3>{t!("briefing.files")}</h3>
            <ul class="feeds" data-test="files">
                {b.files.iter().cloned().map(|f| view! {
                    <li data-test="file">
                        <a href=format!("/files/{}", f.id) rel="external" target="_blank">{f.name.clone()}</a>
                        <span class="muted">{format!("{} KB", (f.size + 1023) / 1024)} " · " {f.at.clone()}</span>
                        {m.can_edit.then(|| view! {
                            <ActionForm action=delete attr:class="inline-form">
                                <input type="hidden" name="id" value=f.id.to_string()/>
                                <button type="submit" class="danger small">{t!("busy.delete")}</button>
                            </ActionForm>
                        })}
                    </li>
                }).collect_view()}
            </ul>
            {m.can_edit.then(|| view! {
                <form method="post" action="/upload/meeting-file" enctype="multipart/form-data" class="stack" data-test="file-upload">
                    <input type="hidden" name="meeting_id" value=id.to_string()/>
                    <input type="file" name="file" accept=".pdf,.docx,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png" required=true aria-label=t!("briefing.attach")/>
                    <p class="hint">{t!("briefing.file_hint")}</p>
                    {move || file_err().map(|m| view! { <p class="field-error" role="alert" data-test="file-error">{m.text(lang.get())}</p> })}
                    <button type="submit">{t!("briefing.attach")}</button>
                </form>
            })}
        </section>
    }
}

// ---------------------------------------------------------------- findings
