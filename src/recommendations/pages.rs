//! The recommendations' pages (one lazy route, `/recommendations/*`): the board and the
//! filterable list with bulk steps, one item with its timeline and step forms, an item
//! entered from another channel, the bodies' answer templates. Every action is a plain
//! form; the list's filters are a GET form, so a filtered list is a link.
//! The list (with the board) and an item's page are document pages (`app::is_document_path`):
//! the browser's bundle compiles only the others, so their parts are unused there.
#![cfg_attr(not(feature = "ssr"), allow(dead_code))]

use super::api::*;
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_params_map, use_query_map};

crate::lazy_page! {
    RecommendationsRoute => RecPages
}

#[component]
fn RecPages() -> impl IntoView {
    let params = use_params_map();
    let rest = Memo::new(move |_| params.with(|p| p.get("rest").unwrap_or_default()));
    move || {
        let rest = rest.get();
        match rest.trim_matches('/') {
            "new" => view! { <NewPage/> }.into_any(),
            "templates" => view! { <TemplatesPage/> }.into_any(),
            "limits" => view! { <LimitsPage/> }.into_any(),
            // the list and an item's page are document pages (app::is_document_path):
            // rendered by the server only
            #[cfg(feature = "ssr")]
            "" => view! { <ListPage/> }.into_any(),
            #[cfg(feature = "ssr")]
            id => match id.parse::<i64>() {
                Ok(id) => view! { <DetailPage id/> }.into_any(),
                Err(_) => view! { <crate::ui::NotFound/> }.into_any(),
            },
            #[cfg(not(feature = "ssr"))]
            _ => ().into_any(),
        }
    }
}

fn no_err() -> Signal<Option<crate::error::AppError>> {
    Signal::derive(|| None)
}

fn status_badge(status: RecStatus) -> impl IntoView {
    let k = status.label_key();
    let lang = use_lang();
    view! { <span class=format!("badge recs-{status}") data-test="rec-status">{move || text(lang.get(), k)}</span> }
}

fn overdue_badge(days: i32) -> impl IntoView {
    (days > 0).then(|| view! { " " <span class="badge red" data-test="overdue">{t!("recs.overdue")} " " {days} " " {t!("recs.days")}</span> })
}

// ---------------------------------------------------------------- the list and the board

#[derive(Debug, Clone, PartialEq, Default)]
struct Q {
    status: Option<String>,
    ward: Option<String>,
    group: Option<String>,
    body: Option<String>,
    domain: Option<String>,
    kind: Option<String>,
    age: Option<String>,
    overdue: Option<String>,
    q: Option<String>,
    page: Option<String>,
    view: Option<String>,
}

impl Q {
    /// The query string of the filters (without the page), for links and exports.
    fn filters(&self) -> String {
        let pairs = [
            ("status", &self.status),
            ("ward", &self.ward),
            ("group", &self.group),
            ("body", &self.body),
            ("domain", &self.domain),
            ("kind", &self.kind),
            ("age", &self.age),
            ("overdue", &self.overdue),
            ("q", &self.q),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", crate::helpers::url_component(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
    fn with(&self, key: &str, value: &str) -> String {
        let mut q = self.clone();
        match key {
            "status" => q.status = Some(value.to_string()),
            "page" => q.page = Some(value.to_string()),
            _ => {}
        }
        let mut s = q.filters();
        if let Some(p) = q.page.filter(|p| !p.is_empty() && key == "page") {
            s = format!("{s}&page={p}");
        }
        if let Some(v) = self.view.as_ref().filter(|v| !v.is_empty()) {
            s = format!("{s}&view={v}");
        }
        format!("/recommendations?{}", s.trim_start_matches('&'))
    }
}

#[cfg(feature = "ssr")]
#[component]
fn ListPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| Q {
            status: m.get("status"),
            ward: m.get("ward"),
            group: m.get("group"),
            body: m.get("body"),
            domain: m.get("domain"),
            kind: m.get("kind"),
            age: m.get("age"),
            overdue: m.get("overdue"),
            q: m.get("q"),
            page: m.get("page"),
            view: m.get("view"),
        })
    });
    let saved = Signal::derive(move || query.with(|m| m.get("saved").is_some()));
    let data = Resource::new(
        move || q.get(),
        |q| list_recommendations(q.status, q.ward, q.group, q.body, q.domain, q.kind, q.age, q.overdue, q.q, q.page, q.view),
    );
    view! {
        <h1>{t!("recs.title")}</h1>
        <Saved show=saved/>
        <Loaded resource=data render=move |l: RecList| view! { <ListView l q=q.get_untracked()/> }/>
    }
}

#[cfg(feature = "ssr")]
#[component]
fn ListView(l: RecList, q: Q) -> impl IntoView {
    let lang = use_lang();
    let board = q.view.as_deref() == Some("board");
    let filters = q.filters();
    let opts = |v: &Vec<(i64, String)>| v.iter().map(|(id, n)| (id.to_string(), n.clone())).collect::<Vec<_>>();
    let bodies: Vec<(String, String)> = l.options.bodies.iter().map(|b| (b.id.to_string(), b.name.clone())).collect();
    let statuses: Vec<(String, String)> =
        RecStatus::ALL.iter().map(|s| (s.code().to_string(), text(lang.get_untracked(), s.label_key()).to_string())).collect();
    let domains: Vec<(String, String)> =
        Domain::ALL.iter().map(|d| (d.code().to_string(), text(lang.get_untracked(), d.label_key()).to_string())).collect();
    let kinds: Vec<(String, String)> =
        RecKind::ALL.iter().map(|k| (k.code().to_string(), text(lang.get_untracked(), k.label_key()).to_string())).collect();
    let ages: Vec<(String, String)> = [("30", "recs.age.30"), ("90", "recs.age.90"), ("180", "recs.age.180"), ("365", "recs.age.365")]
        .iter()
        .map(|(v, k)| (v.to_string(), text(lang.get_untracked(), k).to_string()))
        .collect();
    let list_href = format!("/recommendations?{filters}");
    let board_href = format!("/recommendations?{filters}&view=board");
    let export = filters.clone();
    let filtered = !filters.is_empty();
    view! {
        <p class="actions">
            <a href=list_href class=if board { "" } else { "current" } data-test="view-list">{t!("recs.view.list")}</a>
            " · "
            <a href=board_href class=if board { "current" } else { "" } data-test="view-board">{t!("recs.view.board")}</a>
            " · "
            <a href=format!("/export/recommendations/xlsx?{export}") rel="external" data-test="export-xlsx">"XLSX"</a>
            " · "
            <a href=format!("/export/recommendations/csv?{export}") rel="external" data-test="export-csv">"CSV"</a>
            {l.can_enter.then(|| view! { " · " <a href="/recommendations/new" data-test="rec-new">{t!("recs.new")}</a> })}
            " · " <a href="/recommendations/templates">{t!("recs.templates")}</a>
            {l.can_configure.then(|| view! { " · " <a href="/recommendations/limits" data-test="limits-link">{t!("recs.limits")}</a> })}
        </p>
        <section class="stats recs-counts" aria-label="status">
            {l.counts.iter().map(|(s, n)| {
                let k = s.label_key();
                let href = q.with("status", s.code());
                let current = q.status.as_deref() == Some(s.code());
                view! {
                    <a class=if current { "stat current" } else { "stat" } href=href data-test=format!("count-{s}")>
                        <span class="num">{*n}</span><span>{move || text(lang.get(), k)}</span>
                    </a>
                }
            }).collect_view()}
            <a class="stat warn" href=format!("/recommendations?{}&overdue=on", filters) data-test="count-overdue">
                <span class="num">{l.overdue}</span><span>{t!("recs.overdue")}</span>
            </a>
        </section>
        <details class="rec-filters" open=filtered>
        <summary>{t!("recs.filters")} {filtered.then(|| view! { " " <span class="badge blue">{t!("recs.filtered")}</span> })}</summary>
        <form method="get" class="filters" action="/recommendations" data-test="rec-filters">
            {board.then(|| view! { <input type="hidden" name="view" value="board"/> })}
            <SelectField label="recs.status" name="status" options=statuses selected=q.status.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="org.ward" name="ward" options=opts(&l.options.wards) selected=q.ward.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="nav.groups" name="group" options=opts(&l.options.groups) selected=q.group.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="recs.body" name="body" options=bodies.clone() selected=q.body.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="rec.domain" name="domain" options=domains selected=q.domain.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="recs.kind" name="kind" options=kinds selected=q.kind.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <SelectField label="recs.age" name="age" options=ages selected=q.age.clone().unwrap_or_default() err=no_err() empty="calendar.all"/>
            <div class="field">
                <label for="f-q">{t!("recs.search")}</label>
                <input id="f-q" name="q" type="search" value=q.q.clone().unwrap_or_default() maxlength="100"/>
            </div>
            <CheckField label="recs.overdue_only" name="overdue" checked=q.overdue.is_some()/>
            <button type="submit">{t!("calendar.filter")}</button>
        </form>
        </details>
        {if board {
            view! { <Board columns=l.board.clone()/> }.into_any()
        } else {
            view! { <Lines l=l.clone() q=q.clone() bodies/> }.into_any()
        }}
    }
}

#[component]
fn Board(columns: Vec<(RecStatus, Vec<RecLine>)>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="recs-board" data-test="rec-board">
            {columns.into_iter().map(|(status, lines)| {
                let k = status.label_key();
                view! {
                    <section class="recs-column" data-test=format!("column-{status}")>
                        <h2>{move || text(lang.get(), k)}</h2>
                        {lines.is_empty().then(|| view! { <p class="empty">"—"</p> })}
                        {lines.into_iter().map(|l| view! {
                            <a class={if l.overdue_days > 0 { "rec-card overdue" } else { "rec-card" }} href=format!("/recommendations/{}", l.id) data-test="rec-card">
                                <span class="muted">"#" {l.id} " · " {l.raised_on.clone()} " · " {l.ward.clone()}</span>
                                <span class="rec-text">{l.content.clone()}</span>
                                <span class="muted">{l.body.clone()} {(!l.due_on.is_empty()).then(|| format!(" · {}", l.due_on))}</span>
                                {overdue_badge(l.overdue_days)}
                            </a>
                        }).collect_view()}
                    </section>
                }
            }).collect_view()}
        </div>
    }
}

#[component]
fn Lines(l: RecList, q: Q, bodies: Vec<(String, String)>) -> impl IntoView {
    let lang = use_lang();
    let bulk = ServerAction::<BulkStep>::new();
    let err = action_error(bulk);
    let location = use_location();
    // the list as it is filtered (the router's search has no '?' of its own)
    let back = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        format!("{}{}{}", location.pathname.get(), if search.is_empty() { "" } else { "?" }, search)
    };
    let can_route = l.can_route;
    let actions: Vec<(String, String)> = [Step::Forward, Step::SetBody, Step::Merge]
        .iter()
        .map(|s| (s.code().to_string(), text(lang.get_untracked(), s.label_key()).to_string()))
        .collect();
    let (page, pages) = (l.page, l.pages);
    view! {
        <p class="muted" data-test="rec-total">{l.total} " " {t!("recs.items")}</p>
        <ActionForm action=bulk attr:class="stack" attr:data-test="rec-bulk">
            <input type="hidden" name="back" value=back/>
            <div class="table-wrap">
            <table class="list recs-table" data-test="rec-list">
                <thead><tr>
                    {can_route.then(|| view! { <th><span class="sr-only">{t!("recs.select")}</span></th> })}
                    <th>"#"</th><th>{t!("recs.raised_on")}</th><th>{t!("rec.content")}</th><th>{t!("recs.body")}</th><th>{t!("recs.due_on")}</th><th>{t!("recs.status")}</th>
                </tr></thead>
                <tbody>
                    {l.lines.into_iter().map(|r| {
                        let dk = r.domain.label_key();
                        view! {
                            <tr class={if r.overdue_days > 0 { "overdue" } else { "" }} data-test="rec-line" data-id=r.id.to_string()>
                                {can_route.then(|| view! {
                                    <td><input type="checkbox" name="ids[]" value=format!("{}:{}", r.id, r.version) data-test="rec-pick" aria-label=format!("#{}", r.id)/></td>
                                })}
                                <td><a href=format!("/recommendations/{}", r.id)>"#" {r.id}</a></td>
                                <td>{r.raised_on.clone()}<br/><span class="muted">{r.age_days} " " {t!("recs.days")}</span></td>
                                <td>
                                    <a href=format!("/recommendations/{}", r.id) class="rec-text">{r.content.clone()}</a>
                                    <span class="muted">{r.ward.clone()} {(!r.cell.is_empty()).then(|| format!(" · {}", r.cell))}</span>
                                    " " <span class="badge">{move || text(lang.get(), dk)}</span>
                                </td>
                                <td>{r.body.clone()}</td>
                                <td>{r.due_on.clone()} {overdue_badge(r.overdue_days)}</td>
                                <td>{status_badge(r.status)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <FieldError err field="ids"/>
            {can_route.then(|| view! {
                <fieldset class="panel bulk">
                    <legend>{t!("recs.bulk")}</legend>
                    <div class="row">
                        <SelectField label="recs.step" name="action" options=actions.clone() err required=true/>
                        <SelectField label="recs.body" name="body" id="f-bulk-body" options=bodies.clone() err empty="recs.keep_body"/>
                        <TextField label="recs.into" name="into" err hint="recs.into_hint"/>
                        <DateField label="recs.due_on" name="due_on" err/>
                    </div>
                    <TextField label="recs.comment" name="comment" err maxlength=5000/>
                    <FormError err/>
                    <button type="submit" class="primary" data-test="bulk-submit">{t!("recs.apply")}</button>
                </fieldset>
            })}
        </ActionForm>
        <nav class="pager">
            {(page > 1).then(|| view! { <a href=q.with("page", &(page - 1).to_string()) data-test="prev">"‹ " {t!("recs.prev")}</a> })}
            " " {page} " / " {pages} " "
            {(page < pages).then(|| view! { <a href=q.with("page", &(page + 1).to_string()) data-test="next">{t!("recs.next")} " ›"</a> })}
        </nav>
    }
}

// ---------------------------------------------------------------- one item

#[cfg(feature = "ssr")]
#[component]
fn DetailPage(id: i64) -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|m| m.get("saved").is_some()));
    let data = Resource::new(move || id, get_recommendation);
    view! {
        <nav class="crumbs"><a href="/recommendations">{t!("recs.title")}</a></nav>
        <Saved show=saved/>
        <Loaded resource=data render=move |d: RecDetail| view! { <Detail d/> }/>
    }
}

#[cfg(feature = "ssr")]
#[component]
fn Detail(d: RecDetail) -> impl IntoView {
    let lang = use_lang();
    let (dk, kk, ck) = (d.domain.label_key(), d.kind.label_key(), d.channel.label_key());
    let steps = d.actions.clone();
    view! {
        <h1>{t!("recs.item")} " #" {d.id} " " {status_badge(d.status)} {overdue_badge(d.overdue_days)}</h1>
        <section class="panel" data-test="rec-detail">
            <p class="rec-content">{d.content.clone()}</p>
            <dl class="facts">
                <dt>{t!("org.ward")}</dt><dd>{d.ward.clone()} {(!d.cell.is_empty()).then(|| format!(" · {}", d.cell))}</dd>
                <dt>{t!("rec.raised_by")}</dt><dd>{if d.raised_by.is_empty() { "—".to_string() } else { d.raised_by.clone() }}</dd>
                <dt>{t!("recs.raised_on")}</dt><dd>{d.raised_on.clone()} " · " {move || text(lang.get(), ck)}
                    {d.meeting_id.map(|m| view! { " · " <a rel="external" href=crate::ui::meeting_href(m, "")>{t!("recs.meeting")}</a> })}</dd>
                <dt>{t!("rec.domain")}</dt><dd>{move || text(lang.get(), dk)} " · " {move || text(lang.get(), kk)}</dd>
                <dt>{t!("recs.body")}</dt><dd data-test="rec-body">{if d.body.is_empty() { "—".to_string() } else { d.body.clone() }}</dd>
                <dt>{t!("recs.due_on")}</dt><dd data-test="rec-due">{if d.due_on.is_empty() { "—".to_string() } else { d.due_on.clone() }}</dd>
                {d.merged_into.map(|m| view! {
                    <dt>{t!("recs.merged_into")}</dt><dd><a href=format!("/recommendations/{m}") data-test="merged-into">"#" {m}</a></dd>
                })}
            </dl>
            {(!d.answer.is_empty()).then(|| view! {
                <h2>{t!("recs.answer")}</h2>
                <p class="rec-answer" data-test="rec-answer">{d.answer.clone()}</p>
                <p class="muted">{d.answered_at.clone()}</p>
            })}
            {(!d.files.is_empty()).then(|| view! {
                <ul class="files" data-test="rec-files">
                    {d.files.iter().map(|f| view! {
                        <li><a href=format!("/files/rec/{}", f.id) rel="external" target="_blank">{f.name.clone()}</a>
                            " " <span class="muted">{format!("{:.0} KB", (f.size as f64 / 1024.0).ceil())}</span></li>
                    }).collect_view()}
                </ul>
            })}
            {(!d.reaction.is_empty()).then(|| view! {
                <h2>{t!("recs.reaction")}</h2>
                <p data-test="rec-reaction">{d.reaction.clone()}</p>
            })}
        </section>
        {(!d.origins.is_empty()).then(|| view! {
            <section class="panel" data-test="rec-origins">
                <h2>{t!("recs.origins")}</h2>
                <ul class="recs">
                    {d.origins.iter().map(|o| view! {
                        <li><a href=format!("/recommendations/{}", o.id)>"#" {o.id}</a> " · " {o.raised_on.clone()} " · " {o.ward.clone()} " " {o.cell.clone()} ": " {o.content.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!steps.is_empty() || d.can_attach).then(|| view! {
            <section class="panel" data-test="rec-steps">
                <h2>{t!("recs.next_steps")}</h2>
                <div class="step-forms">
                    {steps.iter().filter_map(|s| Step::parse(s)).map(|s| view! { <StepForm d=d.clone() step=s/> }).collect_view()}
                    {d.can_attach.then(|| view! { <AttachForm id=d.id/> })}
                </div>
            </section>
        })}
        <section class="panel">
            <h2>{t!("recs.timeline")}</h2>
            <ol class="timeline" data-test="rec-timeline">
                {d.steps.iter().map(|s| {
                    let ak = action_key(&s.action);
                    view! {
                        <li class=format!("tl-{}", s.to_status) data-test="rec-step" data-action=s.action.clone()>
                            <span class="tl-dot" aria-hidden="true"></span>
                            <div>
                                <strong>{move || text(lang.get(), ak)}</strong> " " {status_badge(s.to_status)}
                                <br/><span class="muted">{s.at.clone()} {(!s.who.is_empty()).then(|| format!(" · {}", s.who))} {(!s.body.is_empty()).then(|| format!(" · {}", s.body))}</span>
                                {(!s.comment.is_empty()).then(|| view! { <p class="tl-comment">{s.comment.clone()}</p> })}
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A file given with the answer: a plain multipart form (PDF, DOCX, JPG, PNG; 10 MB).
#[component]
fn AttachForm(id: i64) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let file_err = move || {
        query
            .with(|q| q.get("file_err"))
            .and_then(|e| serde_json::from_str::<crate::i18n::Msg>(&e).ok())
    };
    let open = query.with_untracked(|q| q.get("file_err").is_some());
    view! {
        <details class="step-form" open=open data-test="attach">
        <summary>{t!("recs.attach")}</summary>
        <form method="post" action="/upload/recommendation-file" enctype="multipart/form-data" class="stack attach" data-test="attach-file">
            <input type="hidden" name="id" value=id.to_string()/>
            <div class="field">
                <label for="f-file">{t!("recs.attach")}</label>
                <input id="f-file" type="file" name="file" accept=".pdf,.docx,.jpg,.jpeg,.png" required/>
                <p class="hint">{t!("recs.attach_hint")}</p>
                {move || file_err().map(|m| view! { <p class="field-error" role="alert" data-test="file-error">{m.text(lang.get())}</p> })}
            </div>
            <button type="submit">{t!("recs.attach_send")}</button>
        </form>
        </details>
    }
}

/// The form of one step the caller may take.
#[component]
fn StepForm(d: RecDetail, step: Step) -> impl IntoView {
    let act = ServerAction::<RecommendationStep>::new();
    let err = action_error(act);
    let pending = act.pending().into();
    let bodies: Vec<(String, String)> = d.bodies.iter().map(|b| (b.id.to_string(), b.name.clone())).collect();
    let current_body = d.body_id.map(|b| b.to_string()).unwrap_or_default();
    let needs_body = matches!(step, Step::Forward | Step::SetBody | Step::HandOver);
    let templates = d.templates.clone();
    let primary = matches!(step, Step::Forward | Step::Answer | Step::Close | Step::Start);
    view! {
        <details class="step-form" open=primary data-test=format!("step-{}", step.code())>
            <summary>{crate::i18n::tr(step.label_key())}</summary>
            <ActionForm action=act attr:class="stack">
                <input type="hidden" name="id" value=d.id.to_string()/>
                <input type="hidden" name="version" value=d.version.to_string()/>
                <input type="hidden" name="action" value=step.code()/>
                {needs_body.then(|| view! {
                    <SelectField label="recs.body" name="body" id=format!("f-body-{}", step.code()) options=bodies.clone()
                        selected=if step == Step::HandOver { String::new() } else { current_body.clone() } err required=true empty="recs.choose_body"/>
                })}
                {(step == Step::Forward).then(|| view! { <DateField label="recs.due_on" name="due_on" id="f-due_on-forward" err/><p class="hint">{t!("recs.due_hint")}</p> })}
                {(step == Step::Merge).then(|| view! { <TextField label="recs.into" name="into" err required=true hint="recs.into_hint"/> })}
                {(step == Step::Answer).then(|| {
                    let opts: Vec<(String, String, String)> = templates.iter().map(|t| (t.id.to_string(), t.title.clone(), t.text.clone())).collect();
                    view! {
                        {(!opts.is_empty()).then(|| view! {
                            <div class="field">
                                <label for="f-template">{t!("recs.template")}</label>
                                // public/enhance.js puts the chosen template's text in the answer
                                <select id="f-template" name="template" data-fills="f-answer">
                                    <option value="">"—"</option>
                                    {opts.into_iter().map(|(v, l, text)| view! { <option value=v data-text=text>{l}</option> }).collect_view()}
                                </select>
                                <p class="hint">{t!("recs.template_hint")}</p>
                                <FieldError err field="template"/>
                            </div>
                        })}
                        <div class="field">
                            <label for="f-answer">{t!("recs.answer")}</label>
                            <TextArea id="f-answer" name="answer" rows=5 maxlength=10000 {..} data-test="answer"/>
                            <FieldError err field="answer"/>
                        </div>
                    }
                })}
                {(step == Step::Close).then(|| view! {
                    <div class="field">
                        <label for="f-reaction">{t!("recs.reaction")}</label>
                        <TextArea id="f-reaction" name="reaction" rows=3 maxlength=5000 {..} data-test="reaction"/>
                        <p class="hint">{t!("recs.reaction_hint")}</p>
                        <FieldError err field="reaction"/>
                    </div>
                })}
                {(!matches!(step, Step::Answer | Step::Close | Step::SetBody)).then(|| view! {
                    <div class="field">
                        <label for=format!("f-comment-{}", step.code())>{crate::i18n::tr(if step.needs_comment() { "recs.reason" } else { "recs.comment" })}{step.needs_comment().then_some(" *")}</label>
                        <TextArea id=format!("f-comment-{}", step.code()) name="comment" rows=2 maxlength=5000 {..} data-test="comment"/>
                        <FieldError err field="comment"/>
                    </div>
                })}
                <FieldError err field="action"/>
                <FormError err/>
                <SubmitButton label=step.label_key() pending/>
            </ActionForm>
        </details>
    }
}

// ---------------------------------------------------------------- an item from another channel

#[component]
fn NewPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| new_options());
    view! {
        <nav class="crumbs"><a href="/recommendations">{t!("recs.title")}</a></nav>
        <h1>{t!("recs.new")}</h1>
        <Loaded resource=data render=move |o: EntryOptions| view! { <NewForm o/> }/>
    }
}

#[component]
fn NewForm(o: EntryOptions) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<NewRecommendation>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let wards: Vec<(String, String)> = o.wards.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    let bodies: Vec<(String, String)> = o.bodies.iter().map(|b| (b.id.to_string(), b.name.clone())).collect();
    let domains: Vec<(String, String)> =
        Domain::ALL.iter().map(|d| (d.code().to_string(), text(lang.get_untracked(), d.label_key()).to_string())).collect();
    let kinds: Vec<(String, String)> =
        RecKind::ALL.iter().map(|k| (k.code().to_string(), text(lang.get_untracked(), k.label_key()).to_string())).collect();
    let channels: Vec<(String, String)> = Channel::ALL
        .iter()
        .filter(|c| **c != Channel::Meeting)
        .map(|c| (c.code().to_string(), text(lang.get_untracked(), c.label_key()).to_string()))
        .collect();
    let today = o.today;
    view! {
        <ActionForm action=save attr:class="panel stack" attr:data-test="rec-new-form">
            <input type="hidden" name="client_key" value=o.key.clone()/>
            <div class="row">
                <SelectField label="org.ward" name="ward" options=wards err required=true empty="recs.choose"/>
                <div class="field">
                    <label for="f-cell">{t!("recs.cell")}</label>
                    <select id="f-cell" name="cell">
                        <option value="">"—"</option>
                        {o.wards.iter().map(|(w, name)| {
                            let cells: Vec<_> = o.cells.iter().filter(|c| c.1 == *w).cloned().collect();
                            view! {
                                <optgroup label=name.clone()>
                                    {cells.into_iter().map(|(id, _, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()}
                                </optgroup>
                            }
                        }).collect_view()}
                    </select>
                    <FieldError err field="cell"/>
                </div>
            </div>
            <div class="row">
                <SelectField label="recs.channel" name="channel" options=channels err required=true/>
                <DateField label="recs.raised_on" name="raised_on" value=today err required=true/>
                <TextField label="rec.raised_by" name="raised_by" err maxlength=200/>
            </div>
            <div class="field">
                <label for="f-content">{t!("rec.content")} " *"</label>
                <TextArea id="f-content" name="content" rows=4 maxlength=5000 required=true {..} data-test="content"/>
                <FieldError err field="content"/>
            </div>
            <div class="row">
                <SelectField label="rec.domain" name="domain" options=domains err required=true/>
                <SelectField label="recs.kind" name="kind" options=kinds err/>
                <SelectField label="recs.body" name="body" options=bodies err empty="recs.forward_later"/>
                <DateField label="recs.due_on" name="due_on" err/><p class="hint">{t!("recs.due_hint")}</p>
            </div>
            <FormError err/>
            <SubmitButton label="recs.save_new" pending/>
        </ActionForm>
    }
}

// ---------------------------------------------------------------- answer templates

#[component]
fn TemplatesPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|m| m.get("saved").is_some()));
    let data = Resource::new(|| (), |_| answer_templates());
    view! {
        <nav class="crumbs"><a href="/recommendations">{t!("recs.title")}</a></nav>
        <h1>{t!("recs.templates")}</h1>
        <p class="hint">{t!("recs.templates_hint")}</p>
        <Saved show=saved/>
        <Loaded resource=data render=move |(list, bodies): (Vec<AnswerTemplate>, Vec<BodyOption>)| view! {
            {list.is_empty().then(|| view! { <p class="empty">{t!("recs.no_templates")}</p> })}
            <ul class="criteria" data-test="templates">
                {list.into_iter().map(|t| view! { <TemplateForm t/> }).collect_view()}
            </ul>
            <NewTemplate bodies/>
        }/>
    }
}

#[component]
fn TemplateForm(t: AnswerTemplate) -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    view! {
        <li class=if t.active { "panel" } else { "panel off" } data-test="template">
            <ActionForm action=save attr:class="stack">
                <input type="hidden" name="id" value=t.id.to_string()/>
                <input type="hidden" name="version" value=t.version.to_string()/>
                <p class="muted">{t.body.clone()}</p>
                <TextField label="recs.template_title" name="title" id=format!("f-title-{}", t.id) value=t.title.clone() err required=true maxlength=200/>
                <div class="field">
                    <label for=format!("f-text-{}", t.id)>{t!("recs.template_text")}</label>
                    <TextArea id=format!("f-text-{}", t.id) name="text" rows=4 maxlength=10000 value=t.text.clone()/>
                    <FieldError err field="text"/>
                </div>
                <CheckField label="criteria.active" name="active" checked=t.active/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </li>
    }
}

#[component]
fn NewTemplate(bodies: Vec<BodyOption>) -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let options: Vec<(String, String)> = bodies.iter().map(|b| (b.id.to_string(), b.name.clone())).collect();
    let single = options.len() == 1;
    view! {
        <section class="panel">
            <h2>{t!("recs.template_new")}</h2>
            <ActionForm action=save attr:class="stack" attr:data-test="new-template">
                <SelectField label="recs.body" name="body_id" options=options err required=true empty=if single { "recs.choose" } else { "recs.choose_body" }/>
                <TextField label="recs.template_title" name="title" id="f-title-new" err required=true maxlength=200/>
                <div class="field">
                    <label for="f-text-new">{t!("recs.template_text")} " *"</label>
                    <TextArea id="f-text-new" name="text" rows=4 maxlength=10000/>
                    <FieldError err field="text"/>
                </div>
                <FormError err/>
                <SubmitButton label="recs.template_add" pending/>
            </ActionForm>
        </section>
    }
}

// ---------------------------------------------------------------- time limits

#[component]
fn LimitsPage() -> impl IntoView {
    let query = use_query_map();
    let saved = Signal::derive(move || query.with(|m| m.get("saved").is_some()));
    let data = Resource::new(|| (), |_| time_limits());
    view! {
        <nav class="crumbs"><a href="/recommendations">{t!("recs.title")}</a></nav>
        <h1>{t!("recs.limits")}</h1>
        <p class="hint">{t!("recs.limits_hint")}</p>
        <Saved show=saved/>
        <Loaded resource=data render=move |l: LimitList| view! {
            <ul class="criteria" data-test="limits">
                {l.limits.into_iter().map(|x| view! { <LimitForm x/> }).collect_view()}
            </ul>
            <NewLimit bodies=l.bodies/>
        }/>
    }
}

#[component]
fn LimitForm(x: TimeLimit) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTimeLimit>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let kk = x.kind.label_key();
    let body = if x.body.is_empty() { None } else { Some(x.body.clone()) };
    view! {
        <li class="panel" data-test="limit">
            <ActionForm action=save attr:class="stack">
                <input type="hidden" name="id" value=x.id.to_string()/>
                <input type="hidden" name="version" value=x.version.to_string()/>
                <p><strong>{move || text(lang.get(), kk)}</strong> " · " {body.unwrap_or_else(|| text(lang.get_untracked(), "recs.every_body").to_string())}</p>
                <TextField label="recs.working_days" name="working_days" kind="number" value=x.working_days.to_string() err required=true/>
                <FormError err/>
                <SubmitButton label="form.save" pending/>
            </ActionForm>
        </li>
    }
}

#[component]
fn NewLimit(bodies: Vec<BodyOption>) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveTimeLimit>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let options: Vec<(String, String)> = bodies.iter().map(|b| (b.id.to_string(), b.name.clone())).collect();
    let kinds: Vec<(String, String)> =
        RecKind::ALL.iter().map(|k| (k.code().to_string(), text(lang.get_untracked(), k.label_key()).to_string())).collect();
    view! {
        <section class="panel">
            <h2>{t!("recs.limit_new")}</h2>
            <ActionForm action=save attr:class="stack" attr:data-test="new-limit">
                <div class="row">
                    <SelectField label="recs.kind" name="kind" options=kinds err required=true/>
                    <SelectField label="recs.body" name="body_id" options=options err required=true empty="recs.choose_body"/>
                </div>
                <TextField label="recs.working_days" name="working_days" kind="number" err required=true/>
                <FormError err/>
                <SubmitButton label="recs.limit_add" pending/>
            </ActionForm>
        </section>
    }
}
