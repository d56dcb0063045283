//! The notices' inbox and the mail outbox.

use super::*;

#[cfg(feature = "ssr")]
#[component]
pub(super) fn InboxPage() -> impl IntoView {
    let inbox = Resource::new(|| (), |_| crate::calendar::notices::list_notices());
    let read = ServerAction::<crate::calendar::notices::MarkRead>::new();
    view! {
        <h1>{t!("inbox.title")}</h1>
        <Loaded resource=inbox render=move |i: Inbox| view! {
            {(i.unread > 0).then(|| view! {
                <ActionForm action=read attr:class="inline-form">
                    <button type="submit" data-test="mark-read">{t!("inbox.mark_read")} " (" {i.unread} ")"</button>
                </ActionForm>
            })}
            {i.notices.is_empty().then(|| view! { <p class="empty">{t!("inbox.none")}</p> })}
            <ul class="notices" data-test="notices">
                {i.notices.into_iter().map(|n| {
                    let class = if n.read { "notice" } else { "notice unread" };
                    let lang = crate::i18n::use_lang();
                    let line = { let n = n.clone(); move || n.text(lang.get()) };
                    view! {
                        <li class=class data-test="notice">
                            <span class="muted">{n.at.clone()}</span>
                            {match (n.meeting_id, n.recommendation_id, n.link.clone()) {
                                (Some(id), ..) => view! { <a rel="external" href=crate::ui::meeting_href(id, "")>{line}</a> }.into_any(),
                                (None, Some(id), _) => view! { <a href=format!("/recommendations/{id}")>{line}</a> }.into_any(),
                                (None, None, Some(link)) => view! { <a href=link>{line}</a> }.into_any(),
                                (None, None, None) => view! { <span>{line}</span> }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }/>
    }
}

#[component]
pub(super) fn OutboxPage() -> impl IntoView {
    let outbox = Resource::new(|| (), |_| crate::calendar::notices::list_outbox());
    view! {
        <h1>{t!("outbox.title")}</h1>
        <p class="hint">{t!("outbox.hint")}</p>
        <Loaded resource=outbox render=move |lines| view! { <OutboxTable lines/> }/>
    }
}

#[component]
pub(super) fn OutboxTable(lines: Vec<OutboxLine>) -> impl IntoView {
    view! {
            {lines.is_empty().then(|| view! { <p class="empty">{t!("outbox.none")}</p> })}
            <table class="list" data-test="outbox">
                <thead><tr><th>{t!("outbox.at")}</th><th>{t!("outbox.to")}</th><th>{t!("outbox.subject")}</th><th>{t!("outbox.state")}</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr>
                            <td>{l.at.clone()}</td>
                            <td>{l.to.clone()}</td>
                            <td>{l.subject.clone()}</td>
                            <td>{match (l.sent_at.clone(), l.error.clone()) {
                                (Some(at), _) => view! { <span class="badge st-held">{t!("outbox.sent")} " " {at}</span> }.into_any(),
                                (None, Some(e)) => view! { <span class="badge red" title=e>{t!("outbox.failed")}</span> }.into_any(),
                                (None, None) => view! { <span class="badge">{t!("outbox.waiting")}</span> }.into_any(),
                            }}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
    }
}
