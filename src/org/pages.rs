//! Pages of the organisation tree: the tree with search, a unit with its edit form,
//! merge form and history, and the new-unit form. All are lazy routes: a phone at a
//! meeting never downloads them on its first load.

use super::api::{get_org_tree, get_unit, get_unit_form_options, MergeCell, SaveUnit};
use super::model::*;
use crate::i18n::{text, use_lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

// ---------------------------------------------------------------- the tree

crate::lazy_pages! {
    /// The organization's pages: the tree, a new unit, one unit.
    OrgRoute { "/org" => OrgTreePage, "/org/new" => NewUnitPage, _ => UnitPage }
}

#[component]
fn OrgTreePage() -> impl IntoView {
    let query = use_query_map();
    let q = move || query.with(|m| m.get("q").unwrap_or_default());
    let ended = move || query.with(|m| m.get("ended"));
    let tree = Resource::new(move || (q(), ended()), |(q, ended)| get_org_tree(Some(q), ended));
    view! {
        <h1>{t!("org.title")}</h1>
        <form method="get" action="/org" class="searchbar" role="search">
            <input type="search" name="q" value=q placeholder=t!("org.search") aria-label=t!("org.search") maxlength="100"/>
            <label class="inline-check"><input type="checkbox" name="ended" value="1" checked=move || ended().is_some()/>{t!("org.show_ended")}</label>
            <button type="submit">{t!("org.search_button")}</button>
        </form>
        <Loaded resource=tree render=move |tree| view! { <TreeView tree searching=!q().is_empty()/> }/>
    }
}

#[component]
fn TreeView(tree: OrgTree, searching: bool) -> impl IntoView {
    let today = tree.today;
    let total: usize = tree.wards.iter().map(|w| w.cells.iter().filter(|c| c.is_active_on(today)).count()).sum();
    let lang = use_lang();
    view! {
        <p class="subtitle">{tree.city_name.clone()} " · " {tree.wards.len()} " " {t!("home.wards")} " · " {total} " " {t!("home.cells")}</p>
        {tree.can_create_ward.then(|| view! {
            <p class="actions"><a class="button" href="/org/new?kind=ward">{t!("org.new_ward")}</a>
            " " <a class="button" href="/org/new?kind=party_board">{t!("org.new_body")}</a></p>
        })}
        {tree.wards.is_empty().then(|| view! { <p class="empty">{t!("org.nothing_found")}</p> })}
        <div class="tree">
            {tree.wards.into_iter().map(|w| {
                let open = searching || w.can_edit && !tree.can_create_ward;
                let count = w.cells.iter().filter(|c| c.is_active_on(today)).count();
                let difficult = w.cells.iter().filter(|c| c.is_difficult && c.is_active_on(today)).count();
                let new_cell = format!("/org/new?kind=cell&parent={}", w.id);
                view! {
                    <details class="ward" open=open data-test="ward">
                        <summary>
                            <span class="ward-name">{w.name.clone()}</span>
                            <span class="muted">" · " {count} " " {t!("home.cells")}</span>
                            {(difficult > 0).then(|| view! { <span class="badge red">{difficult} " " {t!("org.difficult_short")}</span> })}
                        </summary>
                        <p class="ward-links">
                            <a href=format!("/org/{}", w.id)>{t!("org.ward_page")}</a>
                            {w.can_edit.then(|| view! { " · " <a href=new_cell>{t!("org.new_cell")}</a> })}
                        </p>
                        <ul class="cells">
                            {w.cells.into_iter().map(|c| view! { <CellItem cell=c today/> }).collect_view()}
                        </ul>
                    </details>
                }
            }).collect_view()}
        </div>
        {(!tree.bodies.is_empty()).then(|| view! {
            <h2>{t!("org.bodies")}</h2>
            <ul class="bodies">
                {tree.bodies.into_iter().map(|b| view! {
                    <li><a href=format!("/org/{}", b.id)>{b.name}</a> " " <span class="muted">{move || text(lang.get(), b.kind.label_key())}</span></li>
                }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn CellItem(cell: CellNode, today: chrono::NaiveDate) -> impl IntoView {
    let ended = !cell.is_active_on(today) && cell.active_from <= today;
    let class = if ended { "cell ended" } else { "cell" };
    view! {
        <li class=class data-test="cell">
            <a href=format!("/org/{}", cell.id)>
                <span class="code">{cell.code.clone()}</span>
                <span class="name">{cell.name.clone()}</span>
            </a>
            <CellBadges cell/>
        </li>
    }
}

#[component]
fn CellBadges(cell: CellNode) -> impl IntoView {
    view! {
        <span class="badges">
            {cell.is_difficult.then(|| view! { <span class="badge red">{t!("org.difficult")}</span> })}
            {(!cell.residential).then(|| view! { <span class="badge">{t!("org.not_residential")}</span> })}
            {cell.merged_into.clone().map(|(id, name)| view! {
                <span class="badge grey">{t!("org.merged_into")} " " <a href=format!("/org/{id}")>{name}</a>
                " (" {fmt_opt_date(cell.active_to)} ")"</span>
            })}
            {(!cell.absorbed.is_empty()).then(|| view! {
                <span class="badge blue">{t!("org.absorbed")} ": "
                    {cell.absorbed.iter().map(|a| format!("{} – {} ({})", a.code, a.name, fmt_date(a.merged_on))).collect::<Vec<_>>().join(", ")}
                </span>
            })}
        </span>
    }
}

// ---------------------------------------------------------------- one unit

#[component]
fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let saved = Signal::derive(move || query.with(|q| q.get("saved").is_some()));
    let unit = Resource::new(id, get_unit);
    view! {
        <Loaded resource=unit render=move |u| view! { <UnitView u saved/> }/>
    }
}

#[component]
fn UnitView(u: UnitDetail, saved: Signal<bool>) -> impl IntoView {
    let lang = use_lang();
    let kind = u.kind;
    let node = CellNode {
        id: u.id,
        code: u.code.clone(),
        name: u.name.clone(),
        residential: u.residential,
        is_difficult: u.is_difficult,
        active_from: u.active_from,
        active_to: u.active_to,
        merged_into: u.merged_into.clone(),
        absorbed: u.absorbed.clone(),
    };
    let can_merge = u.can_edit && kind == UnitKind::Cell && u.active_to.is_none() && !u.merge_targets.is_empty();
    view! {
        <nav class="crumbs"><a href="/org">{t!("org.title")}</a>
            {u.parent.clone().filter(|p| p.kind != UnitKind::City).map(|p| view! { " › " <a href=format!("/org/{}", p.id)>{p.name}</a> })}
        </nav>
        <h1 data-test="unit-name">{u.name.clone()}</h1>
        <p class="subtitle">{move || text(lang.get(), kind.label_key())} " · " {t!("org.code")} " " {u.code.clone()}
            " · " {t!("org.active_from")} " " {fmt_date(u.active_from)}
            {u.active_to.map(|d| view! { " → " {fmt_date(d)} })}
            {u.party_members.map(|n| view! { " · " <span data-test="party-members">{n}</span> " " {t!("org.party_members_short")} })}
        </p>
        {(kind == UnitKind::Cell).then(|| view! { <CellBadges cell=node.clone()/> })}
        <Saved show=saved/>
        {(kind == UnitKind::Ward).then(|| {
            let new_cell = format!("/org/new?kind=cell&parent={}", u.id);
            let today = u.today;
            view! {
                <h2>{t!("org.cells")}</h2>
                {u.can_edit.then(|| view! { <p class="actions"><a class="button" href=new_cell>{t!("org.new_cell")}</a></p> })}
                <ul class="cells">
                    {u.cells.iter().cloned().map(|c| view! { <CellItem cell=c today/> }).collect_view()}
                </ul>
            }
        })}
        {u.can_edit.then(|| view! {
            <section class="panel">
                <h2>{t!("org.edit")}</h2>
                <UnitForm kind existing=Some(u.clone()) wards=vec![]/>
            </section>
        })}
        {can_merge.then(|| view! { <MergeForm u=u.clone()/> })}
        <section class="panel">
            <h2>{t!("org.history")}</h2>
            <ul class="history" data-test="history">
                {u.history.iter().cloned().map(|h| {
                    let key = match h.action.as_str() {
                        "create" => "audit.create",
                        "update" => "audit.update",
                        "merge" => "audit.merge",
                        "absorb" => "audit.absorb",
                        _ => "audit.other",
                    };
                    view! { <li><time>{fmt_datetime(h.at)}</time> " · " {h.who} " · " {move || text(lang.get(), key)}</li> }
                }).collect_view()}
            </ul>
            {(!u.absorbed.is_empty()).then(|| view! {
                <h3>{t!("org.absorbed")}</h3>
                <ul>{u.absorbed.iter().map(|a| view! {
                    <li><a href=format!("/org/{}", a.id)>{a.code.clone()} " – " {a.name.clone()}</a> " · " {fmt_date(a.merged_on)}</li>
                }).collect_view()}</ul>
            })}
        </section>
    }
}

/// The create/edit form of a unit. One server action; the kind decides the fields.
#[component]
fn UnitForm(kind: UnitKind, existing: Option<UnitDetail>, wards: Vec<(i64, String)>, #[prop(optional)] parent: Option<i64>) -> impl IntoView {
    let save = ServerAction::<SaveUnit>::new();
    let err = action_error(save);
    let pending = save.pending().into();
    let e = existing.clone();
    let id = e.as_ref().map(|u| u.id.to_string()).unwrap_or_default();
    let version = e.as_ref().map(|u| u.version.to_string()).unwrap_or_default();
    let is_cell = kind == UnitKind::Cell;
    let ward_options: Vec<(String, String)> = wards.into_iter().map(|(id, n)| (id.to_string(), n)).collect();
    view! {
        <ActionForm action=save attr:class="stack" attr:data-test="unit-form">
            <input type="hidden" name="id" value=id/>
            <input type="hidden" name="version" value=version/>
            <input type="hidden" name="kind" value=kind.code()/>
            {(is_cell && existing.is_none()).then(|| view! {
                <SelectField label="org.ward" name="parent_id" options=ward_options
                    selected=parent.map(|p| p.to_string()).unwrap_or_default() err required=true empty="form.choose"/>
            })}
            <TextField label="org.code" name="code" value=e.as_ref().map(|u| u.code.clone()).unwrap_or_default() err required=true maxlength=20/>
            <TextField label="org.name" name="name" value=e.as_ref().map(|u| u.name.clone()).unwrap_or_default() err required=true maxlength=200/>
            {is_cell.then(|| view! {
                <CheckField label="org.residential" name="residential" checked=e.as_ref().is_none_or(|u| u.residential)/>
                <CheckField label="org.difficult" name="is_difficult" checked=e.as_ref().is_some_and(|u| u.is_difficult)/>
                <TextField label="org.party_members" name="party_members" kind="number" hint="org.party_members_hint"
                    value=e.as_ref().and_then(|u| u.party_members).map(|n| n.to_string()).unwrap_or_default() err/>
            })}
            <div class="row">
                <DateField label="org.active_from" name="active_from"
                    value=e.as_ref().map(|u| u.active_from) err required=true/>
                <DateField label="org.active_to" name="active_to"
                    value=e.as_ref().and_then(|u| u.active_to) err/>
            </div>
            <div class="field">
                <label for="f-note">{t!("org.note")}</label>
                <TextArea id="f-note" name="note" maxlength=2000 rows=3 value=e.as_ref().map(|u| u.note.clone()).unwrap_or_default()/>
                <FieldError err field="note"/>
            </div>
            <FormError err/>
            <SubmitButton label="form.save" pending/>
        </ActionForm>
    }
}

#[component]
fn MergeForm(u: UnitDetail) -> impl IntoView {
    let merge = ServerAction::<MergeCell>::new();
    let err = action_error(merge);
    let pending = merge.pending().into();
    let targets: Vec<(String, String)> = u.merge_targets.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
    view! {
        <section class="panel">
            <h2>{t!("org.merge")}</h2>
            <p class="hint">{t!("org.merge_hint")}</p>
            <ActionForm action=merge attr:class="stack" attr:data-test="merge-form">
                <input type="hidden" name="id" value=u.id.to_string()/>
                <input type="hidden" name="version" value=u.version.to_string()/>
                <SelectField label="org.merge_target" name="target_id" options=targets err required=true empty="form.choose"/>
                <DateField label="org.merge_date" name="merged_on" err required=true/>
                <FormError err/>
                <SubmitButton label="org.merge_submit" pending/>
            </ActionForm>
        </section>
    }
}

// ---------------------------------------------------------------- new unit

#[component]
fn NewUnitPage() -> impl IntoView {
    let query = use_query_map();
    let kind = move || {
        query.with(|q| q.get("kind").and_then(|k| UnitKind::from_code(&k))).filter(|k| *k != UnitKind::City).unwrap_or(UnitKind::Cell)
    };
    let parent = move || query.with(|q| q.get("parent").and_then(|p| p.parse::<i64>().ok()));
    let options = Resource::new(|| (), |_| get_unit_form_options());
    let lang = use_lang();
    view! {
        <nav class="crumbs"><a href="/org">{t!("org.title")}</a></nav>
        <h1>{t!("org.new")} " " {move || text(lang.get(), kind().label_key()).to_lowercase()}</h1>
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(o) => {
                        let kind = kind();
                        let top = o.can_create_top;
                        view! {
                            {top.then(|| view! {
                                <p class="kind-switch">
                                    <a href="/org/new?kind=ward">{t!("kind.ward")}</a> " · "
                                    <a href="/org/new?kind=cell">{t!("kind.cell")}</a> " · "
                                    <a href="/org/new?kind=party_board">{t!("kind.party_board")}</a> " · "
                                    <a href="/org/new?kind=state_body">{t!("kind.state_body")}</a>
                                </p>
                            })}
                            <UnitForm kind existing=None wards=o.wards parent=parent().unwrap_or(0)/>
                        }.into_any()
                    }
                    Err(e) => view! { <LoadError err=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
