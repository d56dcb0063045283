//! Pages of working groups: the list, one group (members, wards, plan) and the monthly
//! assignment board. Lazy routes. Every action is an ActionForm that works before the
//! wasm arrives; on a desktop a member can also be dragged onto a cell.

use super::api::{get_group, list_groups, AddMember, EndMember, FollowWard, SaveGroup, SavePlan};
use super::board::{get_board, Assign, AssignForm, CopyLastMonth, ReopenBoard, Unassign};
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

// ---------------------------------------------------------------- list

crate::lazy_pages! {
    /// The working groups, one group, a group's assignment board.
    GroupsRoute { "/groups" => GroupsPage, p if p.ends_with("/board") => BoardPage, _ => GroupPage }
}

#[component]
fn GroupsPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| list_groups());
    view! {
        <h1>{t!("groups.title")}</h1>
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(l) => {
                        let month = l.this_month.clone();
                        view! {
                            {l.can_create.then(|| view! { <p class="actions"><a class="button" href="/groups/0">{t!("groups.new")}</a></p> })}
                            {l.groups.is_empty().then(|| view! { <p class="empty">{t!("groups.none")}</p> })}
                            <div class="cards">
                                {l.groups.into_iter().map(|g| view! {
                                    <div class="card" data-test="group">
                                        <a href=format!("/groups/{}", g.id)><strong>{g.name.clone()}</strong></a>
                                        <span>{g.leader.clone().unwrap_or_default()}</span>
                                        <span>{g.wards.join(", ")}</span>
                                        <span>{g.members} " " {t!("groups.members_count")} {(!g.decision.is_empty()).then(|| format!(" · {}", g.decision))}</span>
                                        <a href=format!("/groups/{}/board?month={}", g.id, month)>{t!("groups.board")}</a>
                                    </div>
                                }).collect_view()}
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <LoadError err=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

// ---------------------------------------------------------------- one group

#[component]
fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let group = Resource::new(id, get_group);
    view! {
        <nav class="crumbs"><a href="/groups">{t!("groups.title")}</a></nav>
        <Loaded resource=group render=move |g| view! { <GroupView g saved/> }/>
    }
}

#[component]
fn GroupView(g: GroupDetail, saved: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let is_new = g.id == 0;
    let today = g.today.map(|d| d.to_string()).unwrap_or_default();
    view! {
        <h1 data-test="group-name">{if is_new { text(lang.get_untracked(), "groups.new").to_string() } else { g.name.clone() }}</h1>
        <Saved show=saved/>
        {(!is_new).then(|| view! {
            <p class="actions"><a class="button" href=format!("/groups/{}/board?month={}", g.id, g.this_month)>{t!("groups.board")}</a></p>
            <section class="panel">
                <h2>{t!("groups.members")}</h2>
                <table class="list">
                    <thead><tr><th>{t!("people.full_name")}</th><th>{t!("groups.role")}</th><th class="wide">{t!("groups.period")}</th><th></th></tr></thead>
                    <tbody>
                        {g.members.iter().cloned().map(|m| {
                            let class = if m.active_to.is_some() { "inactive" } else { "" };
                            let key = m.role.label_key();
                            let can_end = g.can_manage && m.active_to.is_none() && m.role != GroupRole::Leader;
                            view! {
                                <tr class=class data-test="member">
                                    <td>{m.name.clone()}<br/><span class="muted">{m.position.clone()}</span></td>
                                    <td>{move || text(lang.get(), key)}</td>
                                    <td class="wide">{fmt_date(m.active_from)} " → " {fmt_opt_date(m.active_to)}</td>
                                    <td>{can_end.then(|| view! { <EndMemberForm member=m.id today=today.clone()/> })}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {g.can_manage.then(|| view! { <AddMemberForm g=g.clone()/> })}
            </section>
            <section class="panel">
                <h2>{t!("groups.wards")}</h2>
                <ul>
                    {g.wards.iter().map(|w| {
                        let class = if w.active_to.is_some() { "muted" } else { "" };
                        view! { <li class=class>{w.ward_name.clone()} " · " {fmt_date(w.active_from)} " → " {fmt_opt_date(w.active_to)}</li> }
                    }).collect_view()}
                </ul>
                {g.can_manage.then(|| view! { <FollowWardForm g=g.clone()/> })}
            </section>
            <PlanForm g=g.clone()/>
        })}
        {g.can_manage.then(|| view! {
            <section class="panel">
                <h2>{if is_new { t!("groups.new")().to_string() } else { t!("org.edit")().to_string() }}</h2>
                <GroupForm g=g.clone()/>
            </section>
        })}
    }
}

#[component]
fn GroupForm(g: GroupDetail) -> impl IntoView {
    let save = ServerAction::<SaveGroup>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let standing: Vec<(String, String)> = g.standing.iter().map(|(i, n)| (i.to_string(), n.clone())).collect();
    view! {
        <ActionForm action=save attr:class="stack" attr:data-test="group-form">
            <input type="hidden" name="id" value=if g.id == 0 { String::new() } else { g.id.to_string() }/>
            <input type="hidden" name="version" value=g.version.to_string()/>
            <TextField label="groups.name" name="name" value=g.name.clone() err required=true maxlength=200/>
            <SelectField label="groups.leader" name="leader_id" options=standing
                selected=g.leader_id.map(|i| i.to_string()).unwrap_or_default() err required=true empty="form.choose"/>
            <p class="hint">{t!("groups.leader_hint")}</p>
            <div class="row">
                <TextField label="groups.decision_no" name="decision_no" value=g.decision_no.clone() err maxlength=60/>
                <DateField label="groups.decision_date" name="decision_date"
                    value=g.decision_date err/>
            </div>
            <div class="row">
                <DateField label="org.active_from" name="active_from"
                    value=g.active_from err required=true/>
                <DateField label="org.active_to" name="active_to"
                    value=g.active_to err/>
            </div>
            <FormError err/>
            <SubmitButton label="form.save" pending/>
        </ActionForm>
    }
}

#[component]
fn AddMemberForm(g: GroupDetail) -> impl IntoView {
    let add = ServerAction::<AddMember>::new();
    let err = action_error(add);
    let pending = add.pending().into();
    let lang = use_lang();
    let people: Vec<(String, String)> = g.people.iter().map(|(i, n)| (i.to_string(), n.clone())).collect();
    let roles: Vec<(String, String)> = [GroupRole::Member, GroupRole::Deputy]
        .iter()
        .map(|r| (r.code().to_string(), text(lang.get_untracked(), r.label_key()).to_string()))
        .collect();
    view! {
        <ActionForm action=add attr:class="stack" attr:data-test="add-member-form">
            <h3>{t!("groups.add_member")}</h3>
            <input type="hidden" name="group_id" value=g.id.to_string()/>
            <SelectField label="accounts.person" name="person_id" options=people err required=true empty="form.choose"/>
            <div class="row">
                <SelectField label="groups.role" name="role" options=roles selected=GroupRole::Member.code().to_string() err/>
                <DateField label="org.active_from" name="active_from" value=g.today err required=true/>
            </div>
            <FormError err/>
            <SubmitButton label="groups.add_member" pending/>
        </ActionForm>
    }
}

#[component]
fn EndMemberForm(member: i64, today: String) -> impl IntoView {
    let end = ServerAction::<EndMember>::new();
    let err = action_error(end);
    let lang = use_lang();
    view! {
        <ActionForm action=end attr:class="inline-form">
            <input type="hidden" name="member_id" value=member.to_string()/>
            <input type="hidden" name="active_to" value=today/>
            <button type="submit" class="small">{t!("groups.end_member")}</button>
            {move || err.get().map(|e| view! { <span class="field-error">{e.msg.text(lang.get())}</span> })}
        </ActionForm>
    }
}

#[component]
fn FollowWardForm(g: GroupDetail) -> impl IntoView {
    let follow = ServerAction::<FollowWard>::new();
    let err = action_error(follow);
    let pending = follow.pending().into();
    let wards: Vec<(String, String)> = g.ward_options.iter().map(|(i, n)| (i.to_string(), n.clone())).collect();
    view! {
        <ActionForm action=follow attr:class="stack" attr:data-test="follow-form">
            <h3>{t!("groups.follow")}</h3>
            <input type="hidden" name="group_id" value=g.id.to_string()/>
            <div class="row">
                <SelectField label="org.ward" name="ward_id" options=wards err required=true empty="form.choose"/>
                <DateField label="org.active_from" name="follow_from" value=g.today err required=true/>
            </div>
            <FormError err/>
            <SubmitButton label="groups.follow" pending/>
        </ActionForm>
    }
}

#[component]
fn PlanForm(g: GroupDetail) -> impl IntoView {
    let save = ServerAction::<SavePlan>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    view! {
        <section class="panel">
            <h2>{t!("groups.plan")}</h2>
            {if g.can_edit_plan {
                view! {
                    <ActionForm action=save attr:class="stack">
                        <input type="hidden" name="group_id" value=g.id.to_string()/>
                        <TextArea name="body" rows=6 maxlength=20000 value=g.plan.clone() {..} aria-label=t!("groups.plan")/>
                        <FieldError err field="plan"/>
                        <FormError err/>
                        <SubmitButton label="form.save" pending/>
                    </ActionForm>
                }.into_any()
            } else {
                view! { <p class="plan">{g.plan.clone()}</p> }.into_any()
            }}
        </section>
    }
}

// ---------------------------------------------------------------- the board

#[component]
fn BoardPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
    let month = move || query.with(|q| q.get("month").unwrap_or_default());
    let assign = ServerAction::<Assign>::new();
    let unassign = ServerAction::<Unassign>::new();
    let copy = ServerAction::<CopyLastMonth>::new();
    let reopen = ServerAction::<ReopenBoard>::new();
    let board = Resource::new(
        move || (id(), month(), assign.version().get(), unassign.version().get(), copy.version().get(), reopen.version().get()),
        |(id, month, ..)| get_board(id, month),
    );
    let err_a = action_error(assign);
    let err_u = action_error(unassign);
    let err_c = action_error(copy);
    let err = Signal::derive(move || err_a.get().or(err_u.get()).or(err_c.get()));
    let lang = use_lang();
    view! {
        <Loaded resource=board render=move |b| view! { <BoardView b assign unassign copy reopen/> }/>
        {move || err.get().map(|e| view! {
            <div class="form-error toast" role="alert" data-test="board-error">{e.msg.text(lang.get())}</div>
        })}
    }
}

#[component]
fn BoardView(
    b: Board,
    assign: ServerAction<Assign>,
    unassign: ServerAction<Unassign>,
    copy: ServerAction<CopyLastMonth>,
    reopen: ServerAction<ReopenBoard>,
) -> impl IntoView {
    let crate::helpers::MonthNav { shown, prev, next } = crate::helpers::month_nav(&b.month);
    let base = format!("/groups/{}/board?month=", b.group_id);
    // The member being dragged (desktop); a drop on a cell assigns them.
    let dragging = RwSignal::new(None::<i64>);
    let member_options: Vec<(String, String)> = b.members.iter().map(|m| (m.person_id.to_string(), m.name.clone())).collect();
    let group_id = b.group_id;
    // Copy handles, so every nested form can read them.
    let month_s = StoredValue::new(b.month.clone());
    let version = StoredValue::new(b.version.to_string());
    let can_edit = b.can_edit;
    let lang = use_lang();
    // Set once this part has hydrated: dragging needs its handlers (tests wait for it).
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    view! {
        <nav class="crumbs"><a href="/groups">{t!("groups.title")}</a> " › " <a href=format!("/groups/{}", b.group_id)>{b.group_name.clone()}</a></nav>
        <h1>{t!("groups.board")} " " {shown.clone()}</h1>
        <p class="monthnav">
            <a href=format!("{base}{prev}") data-test="prev-month">"‹ " {t!("groups.prev_month")}</a>
            <a href=format!("{base}{next}") data-test="next-month">{t!("groups.next_month")} " ›"</a>
        </p>
        <div class="board-summary">
            <span class={if b.unassigned > 0 { "big red" } else { "big" }} data-test="unassigned-count">{b.unassigned}</span>
            <span>{t!("groups.unassigned")} " / " {b.cells.len()} " " {t!("home.cells")}</span>
        </div>
        {(!b.in_period).then(|| view! { <p class="form-error">{move || crate::i18n::Msg::MonthOutsideGroup.text(lang.get())}</p> })}
        <BoardLock b=b.clone() reopen/>
        <div class="actions">
            {can_edit.then(|| view! {
                <ActionForm action=copy attr:class="inline-form" attr:data-test="copy-form">
                    <input type="hidden" name="group_id" value=group_id.to_string()/>
                    <input type="hidden" name="month" value=month_s.get_value()/>
                    <input type="hidden" name="version" value=version.get_value()/>
                    <button type="submit">{t!("groups.copy_last_month")}</button>
                </ActionForm>
            })}
            <a class="button" href=format!("/export/board/{}/{}/xlsx", b.group_id, b.month) data-test="export-xlsx" download="" rel="external">"XLSX"</a>
            <a class="button" href=format!("/export/board/{}/{}/csv", b.group_id, b.month) download="" rel="external">"CSV"</a>
        </div>
        <div class="board" data-ready=move || ready.get().then_some("1")>
            <aside class="board-members">
                <h2>{t!("groups.members")}</h2>
                {can_edit.then(|| view! { <p class="hint desk-only">{t!("groups.drag_hint")}</p> })}
                <ul>
                    {b.members.iter().cloned().map(|m| {
                        let id = m.person_id;
                        let key = m.role.label_key();
                        view! {
                            <li class="member-chip" draggable=if can_edit { "true" } else { "false" } data-test="member-chip" data-person=id.to_string()
                                on:dragstart=move |ev| {
                                    dragging.set(Some(id));
                                    if let Some(dt) = ev.data_transfer() { let _ = dt.set_data("text/plain", &id.to_string()); }
                                }
                                on:dragend=move |_| dragging.set(None)>
                                <span class="name">{m.name.clone()}</span>
                                <span class="muted">{move || text(lang.get(), key)}</span>
                                <span class="load" title=t!("groups.load")>{m.load}</span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </aside>
            <ul class="board-cells">
                {b.cells.iter().cloned().map(|c| {
                    let cell_id = c.id;
                    let empty = c.assigned.is_empty();
                    let class = if empty { "board-cell unassigned" } else { "board-cell" };
                    let options = member_options.clone();

                    view! {
                        <li class=class data-test="board-cell" data-cell=cell_id.to_string()
                            on:dragover=move |ev| { if can_edit { ev.prevent_default(); } }
                            on:drop=move |ev| {
                                ev.prevent_default();
                                if let Some(person) = dragging.get_untracked() {
                                    assign.dispatch(Assign {
                                        form: AssignForm {
                                            group_id,
                                            month: month_s.get_value(),
                                            cell_id,
                                            person_id: person.to_string(),
                                            version: version.get_value(),
                                        },
                                    });
                                }
                                dragging.set(None);
                            }>
                            <div class="cell-head">
                                <span class="code">{c.code.clone()}</span>
                                <strong>{c.name.clone()}</strong>
                                {c.is_difficult.then(|| view! { <span class="badge red">{t!("org.difficult")}</span> })}
                                <span class="muted">{c.ward.clone()}</span>
                            </div>
                            {(!c.absorbed.is_empty()).then(|| view! {
                                <p class="hint">{t!("org.absorbed")} ": " {c.absorbed.join(", ")}</p>
                            })}
                            <div class="assigned">
                                {empty.then(|| view! { <span class="badge red">{t!("groups.nobody")}</span> })}
                                {c.assigned.iter().cloned().map(|a| view! {
                                    <span class=if a.clash.is_some() { "chip clash" } else { "chip" } data-test="assigned"
                                        title=a.clash.clone().map(|w| format!("{}: {w}", crate::i18n::text(lang.get_untracked(), "clash.badge")))>
                                        {a.name.clone()}
                                        {a.clash.is_some().then(|| view! { <span class="badge red" data-test="board-clash">{t!("clash.badge")}</span> })}
                                        {can_edit.then(|| view! {
                                            <ActionForm action=unassign attr:class="inline-form">
                                                <input type="hidden" name="group_id" value=group_id.to_string()/>
                                                <input type="hidden" name="month" value=month_s.get_value()/>
                                                <input type="hidden" name="assignment_id" value=a.id.to_string()/>
                                                <input type="hidden" name="version" value=version.get_value()/>
                                                <button type="submit" class="chip-x" aria-label=format!("× {}", a.name)>"×"</button>
                                            </ActionForm>
                                        })}
                                    </span>
                                }).collect_view()}
                            </div>
                            {can_edit.then(|| view! {
                                <ActionForm action=assign attr:class="assign-form" attr:data-test="assign-form">
                                    <input type="hidden" name="group_id" value=group_id.to_string()/>
                                    <input type="hidden" name="month" value=month_s.get_value()/>
                                    <input type="hidden" name="cell_id" value=cell_id.to_string()/>
                                    <input type="hidden" name="version" value=version.get_value()/>
                                    <select name="person_id" aria-label=t!("groups.pick_member") required=true>
                                        <option value="">{t!("groups.pick_member")}</option>
                                        {options.into_iter().map(|(v, l)| view! { <option value=v>{l}</option> }).collect_view()}
                                    </select>
                                    <button type="submit">{t!("groups.assign")}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// A closed month: when it closed, who may still change it, and (for the organization
/// board) the form that reopens it with a reason.
#[component]
fn BoardLock(b: Board, reopen: ServerAction<ReopenBoard>) -> impl IntoView {
    let err = action_error(reopen);
    let pending = reopen.pending().into();
    let closed_on = crate::ui::fmt_date(b.closes_on);
    b.closed.then(|| view! {
        <section class="panel board-lock" data-test="board-closed">
            <p><strong>{t!("board.closed")} " " {closed_on.clone()}")"</strong></p>
            {b.reopened_until.clone().map(|until| view! {
                <p data-test="board-reopened">{t!("board.reopened_until")} " " {until}
                    {b.reopen_reason.clone().map(|r| view! { <br/><span class="muted">{t!("board.reopen_reason")} ": " {r}</span> })}
                </p>
            })}
            {(!b.can_edit).then(|| view! { <p class="hint">{t!("board.closed_read_only")}</p> })}
            {b.can_reopen.then(|| view! {
                <ActionForm action=reopen attr:class="stack" attr:data-test="reopen-form">
                    <input type="hidden" name="group_id" value=b.group_id.to_string()/>
                    <input type="hidden" name="month" value=b.month.clone()/>
                    <input type="hidden" name="version" value=b.version.to_string()/>
                    <TextField label="board.reason" name="reason" err required=true maxlength=500/>
                    <FormError err/>
                    <SubmitButton label="board.reopen" pending/>
                </ActionForm>
            })}
        </section>
    })
}
