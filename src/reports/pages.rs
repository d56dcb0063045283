//! The report's pages: the panel on a meeting's page (check-in, capture, the report,
//! absence, the ward's confirmation, the reports for the Organization Board) and the
//! Organization Board's inbox (`/calendar/reports`). Every action is a form that works
//! before the wasm arrives; `public/offline.js` keeps what the member types on the phone
//! and sends it when the network allows.

use super::{absence::*, api::*, attendance::*, capture::*, checkin::*, review::*, save::*};
use super::inbox::inbox;
use super::model::*;
use crate::i18n::{text, use_lang, Lang};
use crate::t;
use crate::ui::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

fn level_options(lang: Lang) -> Vec<(String, String)> {
    LEVELS
        .iter()
        .map(|l| {
            (
                l.to_string(),
                format!("{} – {}", l, text(lang, level_key(*l))),
            )
        })
        .collect()
}

/// The report panel's data: made by the meeting page at its top, beside the meeting's
/// own, so the server functions run in the page's context. The members' reports are asked
/// for only by those who may read them.
#[derive(Clone, Copy)]
pub struct ReportResources {
    panel: Resource<Option<ReportPanelData>>,
    reports: Resource<Vec<Report>>,
}

pub fn report_resources(id: impl Fn() -> i64 + Send + Sync + Copy + 'static) -> ReportResources {
    let panel = Resource::new(id, |id| async move { meeting_reports(id).await.ok() });
    let reports = Resource::new(id, move |id| async move {
        match panel.await {
            Some(d) if d.can_read_reports && d.started => meeting_report_list(id).await.unwrap_or_default(),
            _ => Vec::new(),
        }
    });
    ReportResources { panel, reports }
}

/// A meeting's page (`/meetings/{id}`, a document page): the calendar's meeting with this
/// feature's report panel in it, their data asked for side by side.
#[cfg(feature = "ssr")]
pub struct MeetingRoute;

#[cfg(feature = "ssr")]
#[leptos_router::lazy_route]
impl leptos_router::LazyRoute for MeetingRoute {
    fn data() -> Self {
        Self
    }
    fn view(_this: Self) -> AnyView {
        let params = leptos_router::hooks::use_params_map();
        let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(-1));
        let reports = report_resources(id);
        view! {
            <crate::ui::Layout>
                <crate::calendar::pages::MeetingPage report_panel=move || view! { <ReportPanel data=reports/> }/>
            </crate::ui::Layout>
        }
        .into_any()
    }
}

/// The report panel of a meeting's page.
#[component]
pub fn ReportPanel(data: ReportResources) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let d = data.panel.await;
                let list = data.reports.await;
                match d {
                    Some(d) if d.is_cell_meeting => view! { <ReportSections d list/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportSections(d: ReportPanelData, list: Vec<Report>) -> impl IntoView {
    let show_reports = d.can_read_reports && d.started;
    view! {
        {(!d.open_recommendations.is_empty()).then(|| view! { <OpenRecommendations recs=d.open_recommendations.clone() meeting=d.meeting_id can_close=d.is_author/> })}
        {d.is_author.then(|| view! { <AuthorPanel d=d.clone()/> })}
        {(!d.attendance.is_empty()).then(|| view! { <AttendancePanel d=d.clone()/> })}
        {show_reports.then(|| view! { <ReportsPanel list can_review=d.can_review/> })}
    }
}

/// The member's side: check-in, the recommendations he hears, his report, his absence.
#[component]
fn AuthorPanel(d: ReportPanelData) -> impl IntoView {
    let lang = use_lang();
    let check = ServerAction::<CheckIn>::new();
    let absence = ServerAction::<ReportAbsence>::new();
    let check_err = action_error(check);
    let absence_err = action_error(absence);
    let mine = d.mine.clone().unwrap_or_default();
    let locked = mine.status.is_sent();
    let absent = d.my_absence.clone();
    let id = d.meeting_id.to_string();
    let id2 = id.clone();
    view! {
        <section class="panel report-panel" id="report" data-test="report-panel" data-meeting=id2>
            <h2>{t!("report.title")}</h2>
            <p class="due" data-test="report-due">
                {t!("report.due")} " " <strong>{d.due.map(fmt_date)}</strong> " " <span class="muted">{t!("report.due_hint")}</span>
                {d.mine.as_ref().map(|r| { let s = r.status.label_key(); view! { " " <span class=format!("badge rs-{}", r.status) data-test="report-status">{move || text(lang.get(), s)}</span> } })}
            </p>
            <p class="sync-status" data-sync-status aria-live="polite"></p>
            {mine.review_comment.clone().filter(|_| mine.status == ReportStatus::Returned).map(|c| view! {
                <div class="form-error" data-test="review-comment">{t!("report.returned_with")} ": " {c}</div>
            })}
            {absent.clone().map(|(reason, note)| { let k = reason.label_key(); view! {
                <p class="absent" data-test="my-absence">{t!("absence.recorded")} ": " {move || text(lang.get(), k)} {(!note.is_empty()).then(|| format!(" – {note}"))}</p>
                {d.can_report_absence.then(|| view! {
                    <ActionForm action=absence attr:class="inline-form">
                        <input type="hidden" name="meeting_id" value=id.clone()/>
                        <input type="hidden" name="withdraw" value="on"/>
                        <button type="submit" data-test="withdraw-absence">{t!("absence.withdraw")}</button>
                    </ActionForm>
                })}
            }})}
            {absent.is_none().then(|| view! {
                {match (mine.checked_in_at.clone(), d.can_check_in) {
                    (Some(at), _) => view! { <p class="checked-in" data-test="checked-in">"✓ " {t!("report.checked_in")} " " {at}</p> }.into_any(),
                    (None, true) => view! {
                        <ActionForm action=check attr:class="check-in" attr:data-offline="checkin" attr:data-test="check-in-form">
                            <input type="hidden" name="meeting_id" value=d.meeting_id.to_string()/>
                            <input type="hidden" name="at" value=""/>
                            <button type="submit" class="primary big" data-test="check-in">{t!("report.check_in")}</button>
                        </ActionForm>
                        <p class="checked-in" data-checkin-local data-test="checked-in-local"></p>
                        <FormError err=check_err/>
                    }.into_any(),
                    (None, false) => ().into_any(),
                }}
                <RecommendationCapture d=d.clone() locked/>
                <ReportForm d=d.clone() r=mine.clone() locked/>
            })}
            {(absent.is_none() && d.can_report_absence && mine.checked_in_at.is_none()).then(|| view! {
                <details class="absence">
                    <summary>{t!("absence.title")}</summary>
                    <ActionForm action=absence attr:class="stack" attr:data-test="absence-form">
                        <input type="hidden" name="meeting_id" value=d.meeting_id.to_string()/>
                        <SelectField label="absence.reason" name="reason" err=absence_err empty="form.choose"
                            options=AbsenceReason::ALL.iter().map(|r| (r.code().to_string(), text(lang.get_untracked(), r.label_key()).to_string())).collect()/>
                        <TextField label="absence.note" name="note" err=absence_err maxlength=500/>
                        <FormError err=absence_err/>
                        <button type="submit" data-test="report-absence">{t!("absence.submit")}</button>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}

#[component]
fn RecommendationCapture(d: ReportPanelData, locked: bool) -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddRecommendation>::new();
    let withdraw = ServerAction::<WithdrawRecommendation>::new();
    let err = action_error(add);
    let withdraw_err = action_error(withdraw);
    let meeting = d.meeting_id.to_string();
    view! {
        <h3>{t!("rec.heard")}</h3>
        <ul class="recs" data-test="my-recs">
            {d.my_recommendations.iter().cloned().map(|r| { let k = r.domain.label_key(); let meeting = meeting.clone(); view! {
                <li data-test="rec" data-key=r.key.clone()><span class="badge">{move || text(lang.get(), k)}</span> " " {r.content.clone()}
                    {(!r.raised_by.is_empty()).then(|| view! { <span class="muted">" — " {r.raised_by.clone()}</span> })}
                    {(!locked && r.status == RecStatus::New).then(|| view! {
                        <ActionForm action=withdraw attr:class="inline-form">
                            <input type="hidden" name="meeting_id" value=meeting/>
                            <input type="hidden" name="id" value=r.id.to_string()/>
                            <button type="submit" class="link" data-test="withdraw-rec">{t!("rec.withdraw")}</button>
                        </ActionForm>
                    })}</li>
            }}).collect_view()}
        </ul>
        <FormError err=withdraw_err/>
        <ul class="recs pending" data-pending-recs data-test="pending-recs"></ul>
        {(!locked).then(|| view! {
            <ActionForm action=add attr:class="stack rec-form" attr:data-offline="rec" attr:data-test="rec-form">
                <input type="hidden" name="meeting_id" value=d.meeting_id.to_string()/>
                <input type="hidden" name="client_key" value=d.submit_key.clone()/>
                <div class="field">
                    <label for="f-content">{t!("rec.content")} " *"</label>
                    <TextArea id="f-content" name="content" rows=3 maxlength=5000 {..} data-test="rec-content"/>
                    <FieldError err field="content"/>
                </div>
                <div class="row2">
                    <TextField label="rec.raised_by" name="raised_by" err maxlength=200/>
                    <SelectField label="rec.domain" name="domain" err selected=Domain::Other.code().to_string()
                        options=Domain::ALL.iter().map(|x| (x.code().to_string(), text(lang.get_untracked(), x.label_key()).to_string())).collect()/>
                </div>
                <FormError err/>
                <button type="submit" data-test="add-rec">{t!("rec.add")}</button>
            </ActionForm>
        })}
    }
}

#[component]
fn ReportForm(d: ReportPanelData, r: Report, locked: bool) -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SaveReport>::new();
    let err = action_error(save);
    let area = move |label: &'static str,
                     name: &'static str,
                     value: String,
                     rows: u32,
                     max: u32| {
        let id = format!("f-{name}");
        view! {
            <div class="field">
                <label for=id.clone()>{move || text(lang.get(), label)}</label>
                <TextArea id=id name=name rows=rows maxlength=max disabled=locked value={value} {..} data-test=name/>
                <FieldError err field=name/>
            </div>
        }
    };
    let total_fixed = d.cell_members;
    let levels = level_options(lang.get_untracked());
    let ratings = r.ratings.clone();
    let rating = move |c: Criterion, i: usize| {
        let selected = ratings
            .iter()
            .find(|(id, _)| *id == c.id)
            .map(|(_, l)| l.to_string())
            .unwrap_or_default();
        let field = format!("rating-{}", c.id);
        let field_err = field.clone();
        let name = format!("ratings[{i}][level]");
        let label = if lang.get_untracked() == Lang::En {
            c.name_en.clone()
        } else {
            c.name_vi.clone()
        };
        let levels = levels.clone();
        view! {
            <div class="field">
                <input type="hidden" name=format!("ratings[{i}][criterion]") value=c.id.to_string()/>
                <label for=format!("f-{field}")>{label}</label>
                <select id=format!("f-{field}") name=name disabled=locked data-test=field>
                    <option value="">"—"</option>
                    {levels.into_iter().map(|(v, l)| { let s = v == selected; view! { <option value=v selected=s>{l}</option> } }).collect_view()}
                </select>
                {move || err.get().and_then(|e| e.for_field(&field_err).map(|m| view! { <p class="field-error" role="alert">{m.text(lang.get())}</p> }))}
            </div>
        }
    };
    let rating_views = d
        .criteria
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, c)| rating(c, i))
        .collect_view();
    view! {
        <ActionForm action=save attr:class="stack report-form" attr:data-offline="report" attr:data-test="report-form">
            <input type="hidden" name="meeting_id" value=d.meeting_id.to_string()/>
            <input type="hidden" name="version" value=r.version.to_string()/>
            <input type="hidden" name="save_key" value=""/>
            <input type="hidden" name="submit_key" value=d.submit_key.clone()/>
            {area("report.running_note", "running_note", r.running_note.clone(), 5, 20000)}
            <div class="row2">
                <div class="field">
                    <label for="f-members_present">{t!("report.present")}</label>
                    <input id="f-members_present" name="members_present" type="text" inputmode="numeric" maxlength="4" disabled=locked
                        value=r.members_present.map(|n| n.to_string()).unwrap_or_default() data-test="members_present"/>
                    <FieldError err field="members_present"/>
                </div>
                <div class="field">
                    <label for="f-members_total">{t!("report.total")}</label>
                    <input id="f-members_total" name="members_total" type="text" inputmode="numeric" maxlength="4"
                        disabled=locked || total_fixed.is_some() readonly=total_fixed.is_some()
                        value=total_fixed.or(r.members_total).map(|n| n.to_string()).unwrap_or_default()/>
                    <FieldError err field="members_total"/>
                </div>
            </div>
            <fieldset class="did">
                <legend>{t!("report.did")}</legend>
                <label class="check"><input type="checkbox" name="informed" checked=r.informed disabled=locked/> {t!("report.informed")}</label>
                <label class="check"><input type="checkbox" name="oriented" checked=r.oriented disabled=locked/> {t!("report.oriented")}</label>
                <label class="check"><input type="checkbox" name="commented" checked=r.commented disabled=locked/> {t!("report.commented")}</label>
            </fieldset>
            <details class="report-body" open=!r.summary.is_empty() || r.status == ReportStatus::Returned>
                <summary>{t!("report.write")}</summary>
                {area("report.summary", "summary", r.summary.clone(), 4, 10000)}
                {area("report.information_given", "information_given", r.information_given.clone(), 3, 10000)}
                {area("report.orientation", "orientation", r.orientation.clone(), 3, 10000)}
                {area("report.contributions", "contributions", r.contributions.clone(), 3, 10000)}
                {area("report.ideology", "ideology", r.ideology.clone(), 3, 10000)}
                {area("report.complex_issues", "complex_issues", r.complex_issues.clone(), 3, 10000)}
                <label class="check"><input type="checkbox" name="complex_confidential" checked=r.complex_confidential disabled=locked/> {t!("report.confidential")}</label>
                <h3>{t!("report.quality")}</h3>
                <div class="ratings">
                    {rating_views}
                    <div class="field">
                        <label for="f-overall_level"><strong>{t!("report.overall")}</strong></label>
                        <select id="f-overall_level" name="overall_level" disabled=locked data-test="overall_level">
                            <option value="">"—"</option>
                            {level_options(lang.get_untracked()).into_iter().map(|(v, l)| { let s = r.overall_level.map(|x| x.to_string()) == Some(v.clone()); view! { <option value=v selected=s>{l}</option> } }).collect_view()}
                        </select>
                        <FieldError err field="overall_level"/>
                    </div>
                </div>
            </details>
            <FormError err/>
            <FieldError err field="submit"/>
            {(!locked).then(|| view! {
                <div class="actions sticky-actions">
                    <button type="submit" data-test="save-report">{t!("report.save")}</button>
                    {d.started.then(|| view! { <button type="submit" name="submit" value="on" class="primary" data-test="submit-report">{t!("report.submit")}</button> })}
                </div>
            })}
        </ActionForm>
    }
}

/// The cell's recommendations still open, answered ones first: the member brings the
/// answer back to the cell and records how it was received (which closes the item).
#[component]
fn OpenRecommendations(recs: Vec<Recommendation>, meeting: i64, can_close: bool) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel" id="open-recs" data-test="open-recs">
            <h2>{t!("rec.open")}</h2>
            <ul class="recs">
                {recs.into_iter().map(|r| {
                    let k = r.domain.label_key();
                    let sk = r.status.label_key();
                    let answered = r.status == RecStatus::Answered;
                    view! {
                        <li data-test="open-rec" data-id=r.id.to_string()>
                            <span class="muted">{r.raised_on.clone()}</span> " "
                            <span class="badge">{move || text(lang.get(), k)}</span> " "
                            <span class=format!("badge recs-{}", r.status) data-test="open-rec-status">{move || text(lang.get(), sk)}</span> " "
                            {r.content.clone()}
                            {(!r.body.is_empty()).then(|| view! { <br/><span class="muted">{t!("recs.body")} ": " {r.body.clone()}</span> })}
                            {answered.then(|| view! {
                                <div class="rec-answer" data-test="open-rec-answer"><strong>{t!("recs.answer")} ": "</strong> {r.answer.clone()}</div>
                            })}
                            {(answered && can_close).then(|| view! { <CloseForm id=r.id version=r.version meeting/> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

/// "Brought back to the cell": the reaction, which closes the item. A plain form (the
/// meeting page is a document page); back to the meeting page after.
#[component]
fn CloseForm(id: i64, version: i32, meeting: i64) -> impl IntoView {
    let act = ServerAction::<crate::recommendations::api::RecommendationStep>::new();
    let err = action_error(act);
    view! {
        <ActionForm action=act attr:class="stack close-rec" attr:data-test="close-rec">
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="version" value=version.to_string()/>
            <input type="hidden" name="action" value="close"/>
            <input type="hidden" name="back" value=crate::ui::meeting_href(meeting, "#open-recs")/>
            <label for=format!("f-reaction-{id}")>{t!("recs.reaction")}</label>
            <TextArea id=format!("f-reaction-{id}") name="reaction" rows=2 maxlength=5000 {..} data-test="reaction"/>
            <FieldError err field="reaction"/>
            <FormError err/>
            <button type="submit" data-test="close-rec-submit">{t!("recs.step.close")}</button>
        </ActionForm>
    }
}

/// Who was expected, who checked in, what the ward confirmed from the minutes, and where
/// the two differ. Ward staff (and the Organization Board) confirm here.
#[component]
fn AttendancePanel(d: ReportPanelData) -> impl IntoView {
    let lang = use_lang();
    let confirm = ServerAction::<ConfirmAttendance>::new();
    let err = action_error(confirm);
    let can = d.can_confirm && d.started && !d.off;
    view! {
        <section class="panel" id="attendance" data-test="attendance">
            <h2>{t!("attendance.title")}</h2>
            <ActionForm action=confirm attr:class="stack">
                <input type="hidden" name="meeting_id" value=d.meeting_id.to_string()/>
                <table class="table">
                    <thead><tr><th>{t!("attendance.member")}</th><th>{t!("attendance.checked_in")}</th><th>{t!("attendance.ward")}</th><th>{t!("attendance.report")}</th></tr></thead>
                    <tbody>
                        {d.attendance.iter().cloned().enumerate().map(|(i, a)| {
                            let differs = a.differs();
                            let st = status_key(a.report_status);
                            let absence = a.absence.map(AbsenceReason::label_key);
                            view! {
                                <tr class:differs=differs data-test="attendance-line">
                                    <td>{a.name.clone()} {absence.map(|k| view! { <span class="muted">" (" {t!("absence.recorded")} ": " {move || text(lang.get(), k)} ")"</span> })}</td>
                                    <td>{a.checked_in.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>
                                        <input type="hidden" name=format!("rows[{i}][person]") value=a.person_id.to_string()/>
                                        <label class="check"><input type="checkbox" name=format!("rows[{i}][attended]") checked=a.ward_says == Some(true) disabled=!can data-test="attended"/>
                                        {move || match a.ward_says { Some(true) => text(lang.get(), "attendance.present"), Some(false) => text(lang.get(), "attendance.absent"), None => text(lang.get(), "attendance.unconfirmed") }}</label>
                                        {differs.then(|| view! { " " <span class="badge red" data-test="differs">{t!("attendance.differs")}</span> })}
                                    </td>
                                    <td><span class=format!("badge rs-{}", status_code(a.report_status))>{move || text(lang.get(), st)}</span></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <FormError err/>
                {can.then(|| view! { <button type="submit" class="primary" data-test="confirm-attendance">{t!("attendance.confirm")}</button> })}
            </ActionForm>
        </section>
    }
}

/// The submitted reports of the meeting, for those who read them; the Organization Board
/// acknowledges or returns each.
#[component]
fn ReportsPanel(list: Vec<Report>, can_review: bool) -> impl IntoView {
    view! {
        <section class="panel" id="reports" data-test="reports">
            <h2>{t!("report.list")}</h2>
            {list.is_empty().then(|| view! { <p class="empty">{t!("report.none")}</p> })}
            {list.into_iter().map(|r| view! { <ReportView r can_review/> }).collect_view()}
        </section>
    }
}

#[component]
fn ReportView(r: Report, can_review: bool) -> impl IntoView {
    let lang = use_lang();
    let review = ServerAction::<ReviewReport>::new();
    let err = action_error(review);
    let st = r.status.label_key();
    let part = |label: &'static str, v: String| {
        (!v.is_empty())
            .then(|| view! { <dt>{move || text(lang.get(), label)}</dt><dd class="pre">{v}</dd> })
    };
    let level = r.overall_level.map(level_key);
    view! {
        <article class="report" data-test="report">
            <h3>{r.person.clone()} " " <span class=format!("badge rs-{}", r.status) data-test="report-status">{move || text(lang.get(), st)}</span>
                {(r.late_by > 0).then(|| view! { " " <span class="badge red" data-test="late">{t!("report.late")} " " {r.late_by} " " {t!("report.working_days")}</span> })}
            </h3>
            <p class="muted">{t!("report.submitted_at")} " " {r.submitted_at.clone()} " · " {t!("report.due")} " " {r.due.map(fmt_date)}</p>
            <dl class="facts">
                <dt>{t!("report.present")}</dt><dd>{r.members_present.map(|n| n.to_string()).unwrap_or_default()} "/" {r.members_total.map(|n| n.to_string()).unwrap_or_default()}</dd>
                {part("report.summary", r.summary.clone())}
                {part("report.information_given", r.information_given.clone())}
                {part("report.orientation", r.orientation.clone())}
                {part("report.contributions", r.contributions.clone())}
                {part("report.ideology", r.ideology.clone())}
                {part("report.complex_issues", r.complex_issues.clone())}
                {r.complex_hidden.then(|| view! { <dt>{t!("report.complex_issues")}</dt><dd class="muted" data-test="confidential-hidden">{t!("report.confidential_hidden")}</dd> })}
                {level.map(|k| view! { <dt>{t!("report.overall")}</dt><dd>{move || text(lang.get(), k)}</dd> })}
            </dl>
            {(can_review && r.status == ReportStatus::Submitted).then(|| view! {
                <ActionForm action=review attr:class="stack" attr:data-test="review-form">
                    <input type="hidden" name="report_id" value=r.id.to_string()/>
                    <input type="hidden" name="version" value=r.version.to_string()/>
                    <TextField label="report.review_comment" name="comment" err maxlength=2000/>
                    <FormError err/>
                    <div class="actions">
                        <button type="submit" name="action" value="acknowledge" class="primary" data-test="acknowledge">{t!("report.acknowledge")}</button>
                        <button type="submit" name="action" value="return" data-test="return">{t!("report.return")}</button>
                    </div>
                </ActionForm>
            })}
        </article>
    }
}

// ---------------------------------------------------------------- the inbox

/// The Organization Board's inbox of reports (`/calendar/reports`; one of the calendar's
/// desk pages, `app::CalendarDeskRoute`).
#[component]
pub fn ReportsInboxPage() -> impl IntoView {
    let query = use_query_map();
    let q = Memo::new(move |_| {
        query.with(|m| {
            (
                m.get("month"),
                m.get("group"),
                m.get("ward"),
                m.get("member"),
                m.get("show"),
                m.get("page"),
            )
        })
    });
    let data = Resource::new(move || q.get(), |(mo, g, w, m, s, p)| inbox(mo, g, w, m, s, p));
    let lang = use_lang();
    view! {
        <h1>{t!("inbox_reports.title")}</h1>
        <Loaded resource=data render=move |i: ReportInbox| {
            let (mo, g, w, m, s, _) = q.get_untracked();
            // the same filters on another page
            let page_href = {
                let keep: Vec<String> = [("month", &mo), ("group", &g), ("ward", &w), ("member", &m), ("show", &s)]
                    .iter()
                    .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| format!("{k}={}", crate::helpers::url_component(v))))
                    .collect();
                move |p: usize| {
                    let mut parts = keep.clone();
                    parts.push(format!("page={p}"));
                    format!("/calendar/reports?{}", parts.join("&"))
                }
            };
            let (page, pages, total) = (i.page, i.pages, i.total);
            let opts = |v: &Vec<(i64, String)>| v.iter().map(|(id, n)| (id.to_string(), n.clone())).collect::<Vec<_>>();
            let shows = ["", "submitted", "due_soon", "overdue", "returned", "acknowledged"];
            view! {
                {i.can_configure.then(|| view! {
                    <p class="actions"><a href="/calendar/criteria" data-test="criteria-link">{t!("criteria.title")}</a></p>
                })}
                <form method="get" class="filters" action="/calendar/reports">
                    <div class="field">
                        <label for="f-month">{t!("inbox_reports.month")}</label>
                        <input id="f-month" name="month" type="month" value=mo.unwrap_or_default()/>
                    </div>
                    <SelectField label="nav.groups" name="group" options=opts(&i.groups) selected=g.unwrap_or_default() err=Signal::derive(|| None) empty="calendar.all"/>
                    <SelectField label="org.ward" name="ward" options=opts(&i.wards) selected=w.unwrap_or_default() err=Signal::derive(|| None) empty="calendar.all"/>
                    <SelectField label="calendar.member" name="member" options=opts(&i.members) selected=m.unwrap_or_default() err=Signal::derive(|| None) empty="calendar.all"/>
                    <SelectField label="inbox_reports.show" name="show" selected=s.unwrap_or_default() err=Signal::derive(|| None)
                        options=shows.iter().map(|x| (x.to_string(), text(lang.get_untracked(), show_key(x)).to_string())).collect()/>
                    <button type="submit">{t!("calendar.filter")}</button>
                </form>
                <p class="muted" data-test="inbox-total">{total} " " {t!("inbox_reports.lines")}</p>
                <InboxTable lines=i.lines/>
                {(pages > 1).then(|| view! {
                    <nav class="pager" data-test="inbox-pager">
                        {(page > 1).then(|| view! { <a href=page_href(page - 1) data-test="prev">"‹ " {t!("recs.prev")}</a> })}
                        " " {page} " / " {pages} " "
                        {(page < pages).then(|| view! { <a href=page_href(page + 1) data-test="next">{t!("recs.next")} " ›"</a> })}
                    </nav>
                })}
            }
        }/>
    }
}

fn show_key(s: &str) -> &'static str {
    match s {
        "submitted" => "inbox_reports.submitted",
        "due_soon" => "inbox_reports.due_soon",
        "overdue" => "inbox_reports.overdue",
        "returned" => "report.status.returned",
        "acknowledged" => "report.status.acknowledged",
        _ => "calendar.all",
    }
}

#[component]
pub fn InboxTable(lines: Vec<InboxLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        {lines.is_empty().then(|| view! { <p class="empty">{t!("report.none")}</p> })}
        <table class="table inbox" data-test="report-inbox">
            <thead><tr>
                <th>{t!("attendance.member")}</th><th>{t!("inbox_reports.meeting")}</th><th>{t!("report.due")}</th><th>{t!("inbox_reports.state")}</th>
            </tr></thead>
            <tbody>
                {lines.into_iter().map(|l| {
                    let st = status_key(l.status);
                    let late = l.late_by;
                    let class = if late > 0 && !l.status.is_some_and(ReportStatus::is_sent) { "overdue" } else if l.due_soon { "due-soon" } else { "" };
                    view! {
                        <tr class=class data-test="inbox-line">
                            <td>{l.person.clone()} <br/><span class="muted">{l.group.clone()}</span></td>
                            <td><a rel="external" href=crate::ui::meeting_href(l.meeting_id, "#reports")>{l.meeting.clone()}</a><br/><span class="muted">{l.ward.clone()} " · " {fmt_date(l.held_on)}</span></td>
                            <td>{fmt_date(l.due)}</td>
                            <td>
                                <span class=format!("badge rs-{}", status_code(l.status)) data-test="inbox-status">{move || text(lang.get(), st)}</span>
                                {(late > 0).then(|| view! { " " <span class="badge red" data-test="late">{t!("report.late")} " " {late} " " {t!("report.working_days")}</span> })}
                                {(late == 0 && l.status == Some(ReportStatus::Submitted)).then(|| view! { " " <span class="badge green" data-test="on-time">{t!("report.on_time")}</span> })}
                                {l.due_soon.then(|| view! { " " <span class="badge amber">{t!("inbox_reports.due_soon")}</span> })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// A member's own reports still to do, with their deadlines (the home page).
#[component]
pub fn MyReports(lines: Vec<InboxLine>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="panel" data-test="my-reports">
            <h2>{t!("report.mine")}</h2>
            <ul class="my-reports">
                {lines.into_iter().map(|l| {
                    let st = status_key(l.status);
                    let class = if l.late_by > 0 && l.status != Some(ReportStatus::Submitted) { "overdue" } else if l.due_soon { "due-soon" } else { "" };
                    view! {
                        <li class=class data-test="my-report">
                            <a rel="external" href=crate::ui::meeting_href(l.meeting_id, "#report")>{l.meeting.clone()}</a>
                            <span class="muted">" · " {fmt_date(l.held_on)}</span><br/>
                            {t!("report.due")} " " <strong>{fmt_date(l.due)}</strong> " "
                            <span class=format!("badge rs-{}", status_code(l.status))>{move || text(lang.get(), st)}</span>
                            {(l.late_by > 0).then(|| view! { " " <span class="badge red">{t!("report.late")} " " {l.late_by} " " {t!("report.working_days")}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
