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
    pub fn text(&self, lang: Lang) -> String {
        use Msg::*;
        let (vi, en): (&str, &str) = match self {
            Forbidden => ("Bạn không có quyền thực hiện thao tác này.", "You are not allowed to do this."),
            SignInRequired => ("Vui lòng đăng nhập.", "Please sign in."),
            NotFound => ("Không tìm thấy dữ liệu.", "Not found."),
            Conflict => (
                "Bản ghi này vừa được người khác sửa nên chưa lưu. Những gì bạn nhập vẫn còn đây; hãy mở bản mới nhất, xem lại rồi lưu lần nữa.",
                "Someone else changed this record meanwhile, so it was not saved. What you typed is still here; open the latest version, review it and save again.",
            ),
            Internal => ("Lỗi hệ thống, vui lòng thử lại.", "Server error, please try again."),
            Network => (
                "Không kết nối được máy chủ. Dữ liệu bạn nhập vẫn còn, hãy thử lại.",
                "Could not reach the server. What you typed is kept; try again.",
            ),
            BadRequest => ("Yêu cầu không hợp lệ.", "Invalid request."),
            Required => ("Không được để trống.", "Required."),
            TooLong(n) => return match lang {
                Lang::Vi => format!("Không được dài quá {n} ký tự."),
                Lang::En => format!("At most {n} characters."),
            },
            BadDate => ("Ngày không hợp lệ (dd/mm/yyyy).", "Invalid date (dd/mm/yyyy)."),
            EndBeforeStart => ("Ngày kết thúc không được trước ngày bắt đầu.", "The end date cannot be before the start date."),
            MonthsOutOfOrder => ("Tháng cuối không được trước tháng đầu.", "The last month cannot be before the first."),
            PeriodTooLong => ("Khoảng thời gian tối đa 10 năm.", "The period can be at most 10 years."),
            BadPeriod => ("Kỳ báo cáo không hợp lệ.", "Invalid reporting period."),
            ReportFinal => ("Báo cáo đã gửi, không sửa được nữa.", "This report was submitted and can no longer be changed."),
            CellCodeTaken => ("Mã chi bộ đã tồn tại trong phường này.", "This cell code already exists in the ward."),
            UnitCodeTaken => ("Mã đơn vị đã tồn tại.", "This unit code already exists."),
            MergeIntoSelf => ("Không thể sáp nhập chi bộ vào chính nó.", "A cell cannot be merged into itself."),
            MergeOtherWard => ("Chỉ sáp nhập được vào chi bộ cùng phường.", "A cell can only be merged into a cell of the same ward."),
            MergeTargetEnded => ("Chi bộ tiếp nhận đã kết thúc hoạt động.", "The receiving cell has ended."),
            MergeSourceEnded => ("Chi bộ này đã kết thúc hoạt động, không sáp nhập được nữa.", "This cell has already ended."),
            MergeDateOutOfRange => (
                "Ngày sáp nhập phải sau ngày bắt đầu hoạt động của cả hai chi bộ.",
                "The merge date must be after both cells started.",
            ),
            UsernameTaken => ("Tên đăng nhập đã được dùng.", "This username is taken."),
            UsernameFormat => (
                "Tên đăng nhập 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.",
                "Username: 3–40 characters, lower-case letters, digits, dot, dash, underscore.",
            ),
            WeakPassword => ("Mật khẩu cần ít nhất 8 ký tự, có cả chữ và số.", "The password needs at least 8 characters with letters and digits."),
            BadLogin => ("Tên đăng nhập hoặc mật khẩu không đúng.", "Wrong username or password."),
            TooManyAttempts => (
                "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.",
                "Too many failed sign-ins. Try again in 15 minutes.",
            ),
            ScopeRequired => ("Vai trò này cần chọn đơn vị phụ trách.", "This role needs a unit in scope."),
            ScopeMustBeWard => ("Cán bộ phường phải gắn với một phường.", "Ward staff must be scoped to a ward."),
            ScopeMustBeBody => ("Đơn vị trả lời phải là cơ quan nhà nước hoặc ban đảng.", "A responder must be scoped to a state body or party board."),
            ScopeNotAllowed => ("Vai trò này không gắn với đơn vị.", "This role has no unit scope."),
            NotAWard => ("Phải chọn một phường.", "Choose a ward."),
            UnknownUnit => ("Đơn vị không tồn tại.", "Unknown unit."),
            CannotGrantAdmin => ("Chỉ quản trị viên mới tạo hoặc sửa được tài khoản quản trị.", "Only an administrator may create or edit administrator accounts."),
            BadEmail => ("Email không hợp lệ.", "Invalid e-mail address."),
            BadPhone => ("Số điện thoại chỉ gồm chữ số, dấu cách, +, -, . (tối đa 20 ký tự).", "Phone: digits, spaces, + - . only (at most 20)."),
            UnknownRole => ("Vai trò không hợp lệ.", "Unknown role."),
            UnknownPerson => ("Cán bộ không tồn tại.", "Unknown person."),
            GroupNameTaken => ("Tên Tổ công tác đã tồn tại.", "A working group with this name exists."),
            LeaderNotStanding => (
                "Tổ trưởng phải là Ủy viên Ban Thường vụ Thành ủy.",
                "The leader must be a standing committee member.",
            ),
            WardFollowedByOther => (
                "Phường này đang do một Tổ công tác khác theo dõi trong khoảng thời gian đó.",
                "Another working group follows this ward over those dates.",
            ),
            AlreadyMember => ("Đồng chí này đã là thành viên của Tổ trong khoảng thời gian đó.", "This person is already in the group over those dates."),
            NotAMember => ("Đồng chí này không phải thành viên của Tổ trong tháng này.", "This person is not a member of the group that month."),
            WardNotFollowed => ("Chi bộ này thuộc phường mà Tổ không theo dõi.", "This cell belongs to a ward the group does not follow."),
            CellEnded => ("Chi bộ này đã kết thúc hoạt động (sáp nhập) trong tháng này.", "This cell has ended (merged) by that month."),
            AlreadyAssigned => ("Đồng chí này đã được phân công dự chi bộ này.", "This person is already assigned to this cell."),
            MonthOutsideGroup => ("Tháng này nằm ngoài thời gian hoạt động của Tổ.", "This month is outside the group's active period."),
            BadMonth => ("Tháng không hợp lệ (mm/yyyy).", "Invalid month (mm/yyyy)."),
            BoardClosed => (
                "Tháng này đã khóa sổ (đã đến hạn báo cáo). Chỉ Ban Tổ chức được sửa, sau khi mở khóa và ghi lý do.",
                "This month is closed (its reports are due). Only the Organization Board may change it, after reopening it with a reason.",
            ),
            BoardNotClosed => ("Tháng này chưa khóa sổ, không cần mở khóa.", "This month is not closed; there is nothing to reopen."),
            ReasonTooShort => ("Hãy ghi rõ lý do (ít nhất 5 ký tự).", "Give the reason (at least 5 characters)."),
            BodyTooLarge => ("Dữ liệu gửi lên quá lớn (tối đa 1 MB).", "The request is too large (1 MB at most)."),
            CrossSite => (
                "Yêu cầu đến từ một trang web khác nên đã bị từ chối.",
                "The request came from another site and was refused.",
            ),
            BadTime => ("Giờ không hợp lệ (ví dụ 19:30).", "Invalid time (e.g. 19:30)."),
            UnknownKind => ("Loại cuộc họp không hợp lệ.", "Unknown meeting kind."),
            CellNotInWard => ("Chi bộ này không thuộc phường đang nhập.", "This cell is not in the ward being entered."),
            DateOutsideMonth => ("Ngày này không thuộc tháng đang nhập.", "This date is outside the month being entered."),
            ThemeRequired => ("Sinh hoạt chuyên đề cần ghi rõ chuyên đề.", "A thematic meeting needs its theme."),
            CellMeetingsOverlap => (
                "Chi bộ đã có một cuộc họp khác trùng thời gian này.",
                "The cell already has another meeting at this time.",
            ),
            WardMeetingsOverlap => (
                "Đảng ủy phường đã có một phiên họp khác trùng thời gian này.",
                "The ward committee already meets at this time.",
            ),
            MeetingLocked => (
                "Cuộc họp đã hoãn hoặc hủy; thay đổi trên trang của cuộc họp.",
                "The meeting was postponed or cancelled; change it on its own page.",
            ),
            UseReschedule => (
                "Cuộc họp đã thông báo: đổi thời gian bằng nút “Dời lịch” trên trang cuộc họp, có ghi lý do.",
                "The meeting was announced: move it with “Reschedule” on its page, giving a reason.",
            ),
            BadPattern => (
                "Không hiểu lịch thường lệ. Ví dụ: “5” (ngày 5), “CN tuần 1”, “T7 tuần cuối”.",
                "Usual day not understood. E.g. “5” (the 5th), “CN tuần 1” (first Sunday), “T7 tuần cuối” (last Saturday).",
            ),
            KeepDateOrCancel => (
                "Không xóa ngày của cuộc họp đã lưu; muốn bỏ thì dùng nút “Hủy” trên trang cuộc họp.",
                "A saved meeting keeps its date; to drop it, use “Cancel” on its page.",
            ),
            NotYetHeld => ("Cuộc họp chưa diễn ra.", "The meeting has not taken place yet."),
            UnknownAction => ("Thao tác không hợp lệ.", "Unknown action."),
            StatusNotAllowed => (
                "Không thực hiện được thao tác này với trạng thái hiện tại của cuộc họp.",
                "This cannot be done in the meeting's current status.",
            ),
            FeedRevoked => (
                "Liên kết lịch này đã bị thu hồi. Hãy tạo liên kết mới trong mục Lịch họp › Đăng ký lịch.",
                "This calendar link was revoked. Make a new one under Calendar › Subscribe.",
            ),
            NotExpected => ("Đồng chí này không có trong danh sách dự cuộc họp.", "This person is not expected at the meeting."),
            NotFree => (
                "Người được chọn không thể dự thay (không cùng Tổ, đã bận hoặc đã dự).",
                "The person chosen cannot go instead (not in the group, taken, or already attending).",
            ),
            NotACalendar => ("Tệp không phải lịch .ics hợp lệ.", "The file is not a valid .ics calendar."),
            FileTooLarge => ("Tệp quá lớn.", "The file is too large."),
            FileType => ("Chỉ nhận tệp PDF, DOCX, JPG, PNG.", "Only PDF, DOCX, JPG and PNG files are accepted."),
            Saved => ("Đã lưu.", "Saved."),
            DateOutsideYear => ("Ngày này không thuộc năm đang sửa.", "This date is not in the year being edited."),
            WorkedDayWeekend => ("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.", "A day worked in exchange must be a Saturday or a Sunday."),
            DayOffWeekday => ("Ngày nghỉ bù phải là ngày trong tuần (thứ Hai đến thứ Sáu).", "A day off in exchange must be a weekday (Monday to Friday)."),
            NotASpecialDay => ("Ngày này không có trong danh sách.", "This day is not in the list."),
            MeetingNotOn => ("Cuộc họp đã bị hủy hoặc hoãn.", "The meeting was cancelled or postponed."),
            NotYourMeeting => (
                "Đồng chí không có trong danh sách dự cuộc họp này và không phải người dự thay đã được ghi nhận.",
                "You are not expected at this meeting and are not its recorded substitute.",
            ),
            CheckInWindow => ("Chỉ điểm danh được từ 2 giờ trước đến 6 giờ sau cuộc họp.", "Check-in is open from 2 hours before the meeting until 6 hours after it."),
            LevelRange => ("Chọn một mức từ 1 (Yếu) đến 4 (Tốt).", "Choose a level from 1 (weak) to 4 (good)."),
            PresentOverTotal(n) => return match lang {
                Lang::Vi => format!("Số đảng viên dự không được lớn hơn tổng số đảng viên của chi bộ ({n})."),
                Lang::En => format!("Members present cannot exceed the cell's members ({n})."),
            },
            BadNumber => ("Hãy nhập một số nguyên không âm.", "Enter a whole number, zero or more."),
            ReportLocked => ("Báo cáo đã được Ban Tổ chức ghi nhận, không sửa được nữa.", "The report was acknowledged by the Organization Board and can no longer be changed."),
            ReportSubmitted => ("Báo cáo đã nộp; chỉ sửa được khi Ban Tổ chức trả lại.", "The report was submitted; it can be changed only if the Organization Board returns it."),
            NotSubmitted => ("Báo cáo chưa được nộp.", "The report has not been submitted."),
            ReportedAbsent => ("Đồng chí đã báo vắng cuộc họp này.", "You reported that you cannot attend this meeting."),
            AbsenceTooLate => ("Chỉ báo vắng được trước giờ họp.", "An absence can only be reported before the meeting starts."),
            UnknownDomain => ("Chọn lĩnh vực của kiến nghị.", "Choose the recommendation's domain."),
            UnknownReason => ("Chọn lý do vắng.", "Choose the reason."),
            UnknownCriterion => ("Tiêu chí đánh giá không hợp lệ.", "Unknown rating criterion."),
            NotACellMeeting => ("Chỉ báo cáo về buổi sinh hoạt chi bộ.", "Reports are for cell meetings."),
            RecommendationTakenUp => ("Kiến nghị đã được chuyển xử lý, không rút lại được.", "The recommendation has been taken further and can no longer be withdrawn."),
            LastCriterion => ("Phải còn ít nhất một tiêu chí đang dùng.", "At least one criterion must stay in use."),
            NotABody => ("Chọn một cơ quan giải quyết kiến nghị (Đảng ủy phường, UBND, sở, ngành, ban Đảng) của Thành ủy.", "Choose a body that answers recommendations (a ward committee, People's Committee, department or party board)."),
            BodyDisabled => ("Cơ quan này đã ngừng hoạt động, không nhận kiến nghị mới.", "This body is no longer active and takes no new recommendations."),
            DueBeforeRaised => ("Hạn giải quyết không được trước ngày nêu kiến nghị.", "The due date cannot be before the day the recommendation was raised."),
            NotAnswered => ("Kiến nghị chưa có trả lời của cơ quan giải quyết nên chưa khép lại được.", "The recommendation has no answer yet, so it cannot be closed."),
            RecommendationFinished => ("Kiến nghị đã khép lại (đã đóng, từ chối hoặc gộp), không thao tác thêm được.", "The recommendation is finished (closed, refused or merged)."),
            StepNotNow => ("Thao tác này không áp dụng cho kiến nghị ở trạng thái hiện tại.", "This step does not apply to the recommendation in its current status."),
            ReasonRequired => ("Hãy ghi rõ lý do hoặc nội dung.", "Give the reason or the text."),
            SameBody => ("Chọn một cơ quan khác với cơ quan đang giải quyết.", "Choose a body other than the one responsible now."),
            RecMergeIntoSelf => ("Không thể gộp kiến nghị vào chính nó.", "A recommendation cannot be merged into itself."),
            MergeIntoClosed => ("Kiến nghị được gộp vào đã khép lại (đóng, từ chối hoặc đã gộp); chọn một kiến nghị đang giải quyết.", "The recommendation to merge into is finished; choose one that is still open."),
            NothingSelected => ("Hãy chọn ít nhất một kiến nghị.", "Select at least one recommendation."),
            UnknownChannel => ("Chọn nguồn tiếp nhận kiến nghị.", "Choose where the recommendation came from."),
            DateInFuture => ("Ngày này chưa đến.", "This date is in the future."),
            WorkingDaysRange => ("Nhập số ngày làm việc từ 1 đến 250.", "Enter a number of working days from 1 to 250."),
            LimitExists => ("Đã có thời hạn cho loại kiến nghị và cơ quan này; hãy sửa thời hạn đó trong danh sách.", "There is already a limit for this kind and body; change it in the list."),
            InItem(id, inner) => return match lang {
                Lang::Vi => format!("Kiến nghị #{id}: {}", inner.text(lang)),
                Lang::En => format!("Recommendation #{id}: {}", inner.text(lang)),
            },
            LeadDaysRange => ("Nhập số ngày từ 0 đến 30.", "Enter a number of days from 0 to 30."),
            ControlChars => (
                "Nội dung có ký tự điều khiển không hợp lệ (ví dụ ký tự NUL); hãy xóa rồi gõ lại.",
                "The text holds an invalid control character (such as NUL); delete it and type again.",
            ),
            Unavailable => (
                "Máy chủ đang bận trong giây lát; dữ liệu bạn nhập vẫn còn, hãy thử lại sau ít giây.",
                "The server is busy for a moment; what you typed is kept, try again in a few seconds.",
            ),
            EndTimeBeforeStart => ("Giờ kết thúc phải sau giờ bắt đầu.", "The end time must be after the start time."),
            BadFileName => ("Tên tệp không đọc được; hãy đổi tên tệp rồi tải lên lại.", "The file's name cannot be read; rename the file and upload it again."),
        };
        match lang {
            Lang::Vi => vi.to_string(),
            Lang::En => en.to_string(),
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
