//! Calendar subscriptions (ICS feeds): the caller's own meetings, a ward's schedule.

use super::*;

#[component]
pub(super) fn SubscribePage() -> impl IntoView {
    let query = use_query_map();
    let new_token = move || {
        query
            .with(|q| q.get("new"))
            .filter(|t| t.len() == 48 && t.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let revoked = Signal::derive(move || query.with(|q| q.get("revoked").is_some()));
    let feeds = Resource::new(|| (), |_| crate::calendar::ics::list_feeds());
    let create = ServerAction::<crate::calendar::ics::CreateFeed>::new();
    let revoke = ServerAction::<crate::calendar::ics::RevokeFeed>::new();
    let err = action_error(create);
    view! {
        <nav class="crumbs"><a href="/calendar">{t!("calendar.title")}</a></nav>
        <h1>{t!("ics.title")}</h1>
        <p class="hint">{t!("ics.hint")}</p>
        <Saved show=revoked/>
        <Loaded resource=feeds render=move |f: Feeds| {
            let base = f.base.clone();
            let fresh = new_token().map(|t| {
                let https = format!("{base}/ics/{t}.ics");
                let webcal = https.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1);
                let google = format!("https://calendar.google.com/calendar/r?cid={}", crate::helpers::url_component(&webcal));
                view! {
                    <section class="panel new-feed" data-test="new-feed">
                        <h2>{t!("ics.new_link")}</h2>
                        <p class="hint">{t!("ics.once")}</p>
                        <input class="feed-url" readonly=true value=https.clone() data-test="feed-url" aria-label=t!("ics.new_link")/>
                        <p class="actions">
                            <a class="button" href=webcal>{t!("ics.apple")}</a>
                            <a class="button" href=google rel="noopener" target="_blank">{t!("ics.google")}</a>
                        </p>
                    </section>
                }
            });
            view! {
                {fresh}
                <section class="panel">
                    <h2>{t!("ics.make")}</h2>
                    <div class="actions">
                        {f.own.then(|| view! {
                            <ActionForm action=create attr:class="inline-form" attr:data-test="create-own">
                                <button type="submit">{t!("ics.own")}</button>
                            </ActionForm>
                        })}
                        {f.wards.iter().take(30).cloned().map(|(id, name)| view! {
                            <ActionForm action=create attr:class="inline-form" attr:data-test="create-ward">
                                <input type="hidden" name="ward_id" value=id.to_string()/>
                                <button type="submit">{t!("ics.ward")} " · " {name}</button>
                            </ActionForm>
                        }).collect_view()}
                    </div>
                    <FormError err/>
                </section>
                <section class="panel">
                    <h2>{t!("ics.active")}</h2>
                    {f.feeds.is_empty().then(|| view! { <p class="empty">{t!("ics.none")}</p> })}
                    <ul class="feeds">
                        {f.feeds.iter().cloned().map(|x| view! {
                            <li data-test="feed">
                                <strong>{match x.ward.clone() { Some(w) => w, None => String::new() }}
                                    {x.ward.is_none().then(|| t!("calendar.mine"))}</strong>
                                <span class="muted">" · " {t!("ics.created")} " " {x.created_at.clone()}
                                    {x.last_used_at.clone().map(|u| view! { " · " {t!("ics.used")} " " {u} })}</span>
                                <ActionForm action=revoke attr:class="inline-form">
                                    <input type="hidden" name="id" value=x.id.to_string()/>
                                    <button type="submit" class="danger small" data-test="revoke">{t!("ics.revoke")}</button>
                                </ActionForm>
                            </li>
                        }).collect_view()}
                    </ul>
                </section>
            }
        }/>
    }
}
