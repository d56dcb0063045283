//! The one i18n layer: Vietnamese first, English as a switch. UI strings are looked up
//! by key through `t!` (reactive) or `text(lang, key)`; error messages are `Msg` values
//! that cross the wire from the server and are translated where they are shown.
//! The catalogue is in `catalogue.rs`.

mod catalogue;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }
    pub fn from_code(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Vi
        }
    }
}

/// The UI string for `key` in `lang`. An unknown key shows itself, so a missing entry is
/// visible on the page rather than silently blank.
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    match catalogue::entry(key) {
        Some((vi, en)) => match lang {
            Lang::Vi => vi,
            Lang::En => en,
        },
        None => key,
    }
}

/// Where the browser of a hydrated page loads its language's texts (see `catalogue`).
#[cfg(feature = "ssr")]
pub fn browser_text_url(lang: Lang) -> String {
    format!("/pkg/text/{}", catalogue::browser_file(lang).0)
}
#[cfg(feature = "ssr")]
pub use catalogue::browser_file;
#[cfg(feature = "hydrate")]
pub use catalogue::load as load_text;

/// The language in force, provided by the app shell.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Vi))
}

/// A reactive closure that renders the UI string for `key`. One function, not a closure
/// made at each call site, so every string in every view has the same type and the views
/// that show them are compiled once (the browser bundle stays small).
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || text(lang.get(), key)
}

/// `t!("key")`: a reactive closure that renders the UI string for `key`.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::tr($key)
    };
}

/// Messages that the server sends back (errors) and the UI shows next to a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Msg {
    Forbidden,
    SignInRequired,
    NotFound,
    Conflict,
    Internal,
    Network,
    BadRequest,
    Required,
    TooLong(u32),
    BadDate,
    EndBeforeStart,
    MonthsOutOfOrder,
    PeriodTooLong,
    BadPeriod,
    ReportFinal,
    CellCodeTaken,
    UnitCodeTaken,
    MergeIntoSelf,
    MergeOtherWard,
    MergeTargetEnded,
    MergeSourceEnded,
    MergeDateOutOfRange,
    UsernameTaken,
    UsernameFormat,
    WeakPassword,
    BadLogin,
    TooManyAttempts,
    ScopeRequired,
    ScopeMustBeWard,
    ScopeMustBeBody,
    ScopeNotAllowed,
    NotAWard,
    UnknownUnit,
    CannotGrantAdmin,
    BadEmail,
    BadPhone,
    UnknownRole,
    UnknownPerson,
    GroupNameTaken,
    LeaderNotStanding,
    WardFollowedByOther,
    AlreadyMember,
    NotAMember,
    WardNotFollowed,
    CellEnded,
    AlreadyAssigned,
    MonthOutsideGroup,
    BadMonth,
    BoardClosed,
    BoardNotClosed,
    ReasonTooShort,
    BodyTooLarge,
    CrossSite,
    BadTime,
    UnknownKind,
    CellNotInWard,
    DateOutsideMonth,
    ThemeRequired,
    CellMeetingsOverlap,
    WardMeetingsOverlap,
    MeetingLocked,
    UseReschedule,
    BadPattern,
    KeepDateOrCancel,
    NotYetHeld,
    UnknownAction,
    StatusNotAllowed,
    FeedRevoked,
    NotExpected,
    NotFree,
    NotACalendar,
    FileTooLarge,
    FileType,
    Saved,
    LeadDaysRange,
    DateOutsideYear,
    WorkedDayWeekend,
    DayOffWeekday,
    NotASpecialDay,
    MeetingNotOn,
    NotYourMeeting,
    CheckInWindow,
    LevelRange,
    PresentOverTotal(u32),
    BadNumber,
    ReportLocked,
    ReportSubmitted,
    NotSubmitted,
    ReportedAbsent,
    AbsenceTooLate,
    UnknownDomain,
    UnknownReason,
    UnknownCriterion,
    NotACellMeeting,
    LastCriterion,
    RecommendationTakenUp,
    NotABody,
    BodyDisabled,
    DueBeforeRaised,
    NotAnswered,
    RecommendationFinished,
    StepNotNow,
    ReasonRequired,
    SameBody,
    RecMergeIntoSelf,
    MergeIntoClosed,
    NothingSelected,
    UnknownChannel,
    DateInFuture,
    WorkingDaysRange,
    LimitExists,
    /// A text holds a control character (other than tab and line breaks).
    ControlChars,
    /// The database is unreachable for a moment (it restarts): try again shortly.
    Unavailable,
    /// An end time earlier than the start time on the same day.
    EndTimeBeforeStart,
    /// A file's name that cannot be read (broken encoding, control characters).
    BadFileName,
    /// The message of one item of a selection (a bulk step names the item that failed).
    InItem(i64, Box<Msg>),
}

impl Msg {
    /// The catalogue key of the message's text (`msg.…`); a number in it is `{n}`.
    fn text_key(&self) -> &'static str {
        use Msg::*;
        match self {
            TooLong(_) => "msg.too_long",
            PresentOverTotal(_) => "msg.present_over_total",
            InItem(..) => "msg.in_item",
            Forbidden => "msg.forbidden",
            SignInRequired => "msg.sign_in_required",
            NotFound => "msg.not_found",
            Conflict => "msg.conflict",
            Internal => "msg.internal",
            Network => "msg.network",
            BadRequest => "msg.bad_request",
            Required => "msg.required",
            BadDate => "msg.bad_date",
            EndBeforeStart => "msg.end_before_start",
            MonthsOutOfOrder => "msg.months_out_of_order",
            PeriodTooLong => "msg.period_too_long",
            BadPeriod => "msg.bad_period",
            ReportFinal => "msg.report_final",
            CellCodeTaken => "msg.cell_code_taken",
            UnitCodeTaken => "msg.unit_code_taken",
            MergeIntoSelf => "msg.merge_into_self",
            MergeOtherWard => "msg.merge_other_ward",
            MergeTargetEnded => "msg.merge_target_ended",
            MergeSourceEnded => "msg.merge_source_ended",
            MergeDateOutOfRange => "msg.merge_date_out_of_range",
            UsernameTaken => "msg.username_taken",
            UsernameFormat => "msg.username_format",
            WeakPassword => "msg.weak_password",
            BadLogin => "msg.bad_login",
            TooManyAttempts => "msg.too_many_attempts",
            ScopeRequired => "msg.scope_required",
            ScopeMustBeWard => "msg.scope_must_be_ward",
            ScopeMustBeBody => "msg.scope_must_be_body",
            ScopeNotAllowed => "msg.scope_not_allowed",
            NotAWard => "msg.not_a_ward",
            UnknownUnit => "msg.unknown_unit",
            CannotGrantAdmin => "msg.cannot_grant_admin",
            BadEmail => "msg.bad_email",
            BadPhone => "msg.bad_phone",
            UnknownRole => "msg.unknown_role",
            UnknownPerson => "msg.unknown_person",
            GroupNameTaken => "msg.group_name_taken",
            LeaderNotStanding => "msg.leader_not_standing",
            WardFollowedByOther => "msg.ward_followed_by_other",
            AlreadyMember => "msg.already_member",
            NotAMember => "msg.not_a_member",
            WardNotFollowed => "msg.ward_not_followed",
            CellEnded => "msg.cell_ended",
            AlreadyAssigned => "msg.already_assigned",
            MonthOutsideGroup => "msg.month_outside_group",
            BadMonth => "msg.bad_month",
            BoardClosed => "msg.board_closed",
            BoardNotClosed => "msg.board_not_closed",
            ReasonTooShort => "msg.reason_too_short",
            BodyTooLarge => "msg.body_too_large",
            CrossSite => "msg.cross_site",
            BadTime => "msg.bad_time",
            UnknownKind => "msg.unknown_kind",
            CellNotInWard => "msg.cell_not_in_ward",
            DateOutsideMonth => "msg.date_outside_month",
            ThemeRequired => "msg.theme_required",
            CellMeetingsOverlap => "msg.cell_meetings_overlap",
            WardMeetingsOverlap => "msg.ward_meetings_overlap",
            MeetingLocked => "msg.meeting_locked",
            UseReschedule => "msg.use_reschedule",
            BadPattern => "msg.bad_pattern",
            KeepDateOrCancel => "msg.keep_date_or_cancel",
            NotYetHeld => "msg.not_yet_held",
            UnknownAction => "msg.unknown_action",
            StatusNotAllowed => "msg.status_not_allowed",
            FeedRevoked => "msg.feed_revoked",
            NotExpected => "msg.not_expected",
            NotFree => "msg.not_free",
            NotACalendar => "msg.not_a_calendar",
            FileTooLarge => "msg.file_too_large",
            FileType => "msg.file_type",
            Saved => "msg.saved",
            DateOutsideYear => "msg.date_outside_year",
            WorkedDayWeekend => "msg.worked_day_weekend",
            DayOffWeekday => "msg.day_off_weekday",
            NotASpecialDay => "msg.not_a_special_day",
            MeetingNotOn => "msg.meeting_not_on",
            NotYourMeeting => "msg.not_your_meeting",
            CheckInWindow => "msg.check_in_window",
            LevelRange => "msg.level_range",
            BadNumber => "msg.bad_number",
            ReportLocked => "msg.report_locked",
            ReportSubmitted => "msg.report_submitted",
            NotSubmitted => "msg.not_submitted",
            ReportedAbsent => "msg.reported_absent",
            AbsenceTooLate => "msg.absence_too_late",
            UnknownDomain => "msg.unknown_domain",
            UnknownReason => "msg.unknown_reason",
            UnknownCriterion => "msg.unknown_criterion",
            NotACellMeeting => "msg.not_a_cell_meeting",
            RecommendationTakenUp => "msg.recommendation_taken_up",
            LastCriterion => "msg.last_criterion",
            NotABody => "msg.not_a_body",
            BodyDisabled => "msg.body_disabled",
            DueBeforeRaised => "msg.due_before_raised",
            NotAnswered => "msg.not_answered",
            RecommendationFinished => "msg.recommendation_finished",
            StepNotNow => "msg.step_not_now",
            ReasonRequired => "msg.reason_required",
            SameBody => "msg.same_body",
            RecMergeIntoSelf => "msg.rec_merge_into_self",
            MergeIntoClosed => "msg.merge_into_closed",
            NothingSelected => "msg.nothing_selected",
            UnknownChannel => "msg.unknown_channel",
            DateInFuture => "msg.date_in_future",
            WorkingDaysRange => "msg.working_days_range",
            LimitExists => "msg.limit_exists",
            LeadDaysRange => "msg.lead_days_range",
            ControlChars => "msg.control_chars",
            Unavailable => "msg.unavailable",
            EndTimeBeforeStart => "msg.end_time_before_start",
            BadFileName => "msg.bad_file_name",
        }
    }

    /// The message in `lang`, from the catalogue like every other text.
    pub fn text(&self, lang: Lang) -> String {
        let s = text(lang, self.text_key());
        match self {
            Msg::TooLong(n) | Msg::PresentOverTotal(n) => s.replace("{n}", &n.to_string()),
            Msg::InItem(id, inner) => s.replace("{id}", &id.to_string()).replace("{msg}", &inner.text(lang)),
            _ => s.to_string(),
        }
    }
}

#[cfg(test)]
mod catalogue_tests {
    /// Every key the code asks for by name (`t!("…")`, `tr("…")`, `text(lang, "…")`, and
    /// the `label_key` functions) is in the catalogue, with a Vietnamese and an English text.
    #[test]
    fn every_key_used_exists_in_both_languages() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let calls = regex::Regex::new(r#"(?:t!\(|\btr\(|\btext\([^,()]+,\s*)"([a-z_]+\.[a-z0-9_.]+)"\)"#).unwrap();
        let key_fns = regex::Regex::new(r"fn [a-z_]*_key\(").unwrap();
        let arms = regex::Regex::new(r#"=>\s*"([a-z_]+\.[a-z0-9_.]+)""#).unwrap();
        let mut missing = Vec::new();
        let mut seen = 0;
        for f in files {
            let src = std::fs::read_to_string(&f).unwrap();
            let mut keys: Vec<String> = calls.captures_iter(&src).map(|c| c[1].to_string()).collect();
            // the arms of a `fn …_key(…)` (roles, statuses, kinds, notices): every string it returns
            for m in key_fns.find_iter(&src) {
                let body = &src[m.start()..];
                let end = ["\n}", "\n    }\n"].iter().filter_map(|e| body.find(e)).min().unwrap_or(body.len());
                keys.extend(arms.captures_iter(&body[..end]).map(|c| c[1].to_string()));
            }
            // the labels of a `codes!` enum (`Variant = "code" => "key"`)
            for (at, _) in src.match_indices("codes! {") {
                let body = &src[at..];
                let end = body.find("\n}").unwrap_or(body.len());
                keys.extend(arms.captures_iter(&body[..end]).map(|c| c[1].to_string()));
            }
            for k in keys {
                seen += 1;
                match super::catalogue::entry(&k) {
                    Some((vi, en)) if !vi.trim().is_empty() && !en.trim().is_empty() => {}
                    _ => missing.push(format!("{}: {k}", f.display())),
                }
            }
        }
        assert!(seen > 500, "only {seen} keys found: the scan is broken");
        assert!(missing.is_empty(), "keys without both texts:\n{}", missing.join("\n"));
    }

    /// A key is written once (the table is searched by key: a second entry would be
    /// shown or not by chance).
    #[test]
    fn a_key_is_written_once() {
        let mut seen = std::collections::HashSet::new();
        let twice: Vec<&str> = super::catalogue::keys().filter(|k| !seen.insert(*k)).collect();
        assert!(seen.len() > 500, "only {} keys", seen.len());
        assert!(twice.is_empty(), "written twice: {twice:?}");
    }
}
