//! The review report's pre-filled text: the figures written out in the seed's words, and
//! the shortcomings from the dashboard's findings, each with its evidence.

use super::model::*;
use crate::dashboard::model::{Dashboard, FINDING_KINDS};

/// The heading each part stands under in the document ("" : none of its own).
pub fn heading(key: &str) -> &'static str {
    match key {
        "direction" => "1. Việc chỉ đạo, tổ chức triển khai thực hiện Quy chế",
        "guidance" => "2.1. Tổ công tác theo dõi, hướng dẫn Đảng ủy phường thực hiện nhiệm vụ chính trị",
        "attendance" => "2.2. Việc tham gia dự sinh hoạt tại chi bộ khu dân cư",
        "periodic" => "2.3. Chế độ báo cáo định kỳ của Đảng ủy phường",
        "recommendations" => "2.4. Tiếp nhận, giải quyết kiến nghị, đề xuất từ cơ sở",
        "strengths" => "1. Ưu điểm",
        "shortcomings" => "2. Hạn chế, nguyên nhân",
        _ => "",
    }
}

fn month(m: &str) -> String {
    match m.split_once('-') {
        Some((y, mm)) => format!("{mm}/{y}"),
        None => m.to_string(),
    }
}

fn pct(a: i64, b: i64) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}%", a as f64 * 100.0 / b as f64).replace('.', ",")
    }
}

/// The finding kinds' words in the report.
fn finding_words(kind: &str) -> &'static str {
    match kind {
        "absences" => "Thành viên vắng 2 trong 3 buổi sinh hoạt gần nhất",
        "missing_reports" => "Thành viên chưa nộp báo cáo kết quả dự sinh hoạt quá hạn (ngày sinh hoạt)",
        "clashes" => "Thành viên vắng do trùng lịch công tác",
        "not_invited" => "Đảng ủy phường chưa mời Tổ công tác dự họp Đảng ủy (số tháng có mời/phải mời)",
        "missing_periodic" => "Đảng ủy phường chưa gửi báo cáo định kỳ đúng hạn (kỳ báo cáo)",
        "overdue_recs" => "Kiến nghị quá hạn giải quyết (số kiến nghị, theo phường)",
        "late_announced" => "Chi bộ thông báo lịch sinh hoạt muộn (số lần)",
        "after_merge" => "Chi bộ sau khi các khu phố được sáp nhập, Tổ công tác dự sinh hoạt ít hơn trước (số buổi có thành viên dự trước → sau sáp nhập)",
        _ => "Tồn tại khác",
    }
}

/// At most this many names per finding in the text (the rest are counted).
const NAMES: usize = 8;

pub fn draft(d: &Dashboard, city: &str) -> DraftReport {
    let (from, to) = (month(&d.from), month(&d.to));
    let a = &d.attendance;
    let r = &d.reports.total;
    let rec = &d.recs.total;
    let inv = &d.invitations;
    let wr = &d.ward_reports.total;
    let rec_total = rec.open + rec.answered + rec.closed + rec.other;
    let mut parts: Vec<(&str, String)> = vec![
        ("intro", format!(
            "Để đánh giá tình hình thực hiện Quy chế về hoạt động của Tổ công tác Thành ủy trực tiếp theo dõi, hướng dẫn Đảng ủy các phường thực hiện nhiệm vụ chính trị và dự sinh hoạt chi bộ khu dân cư từ tháng {from} đến tháng {to}, Ban Thường vụ {city} báo cáo kết quả như sau:"
        )),
        ("direction", format!(
            "Trong kỳ, {} Tổ công tác do các đồng chí Ủy viên Ban Thường vụ phụ trách theo dõi, hướng dẫn {} Đảng ủy phường; hằng tháng phân công thành viên dự sinh hoạt tại các chi bộ khu dân cư, ưu tiên các chi bộ có nhiều khó khăn, phức tạp.",
            d.groups.len(),
            d.wards.len()
        )),
        ("guidance", format!(
            "Đảng ủy các phường đã mời Tổ công tác dự {}/{} phiên họp Đảng ủy theo quy định (mỗi tháng một phiên). Qua dự họp, các đồng chí trong Tổ công tác đã tham gia góp ý với Đảng ủy phường trong lãnh đạo, chỉ đạo thực hiện nhiệm vụ chính trị ở địa phương.",
            inv.received, inv.due
        )),
        ("attendance", format!(
            "Các thành viên Tổ công tác được phân công dự {} lượt sinh hoạt chi bộ, đã dự {} lượt (đạt {}); vắng có báo cáo lý do {} lượt, trong đó trùng lịch công tác {} lượt; cử người dự thay {} lượt. Báo cáo kết quả dự sinh hoạt (hạn 5 ngày làm việc): {} báo cáo đúng hạn, {} trễ hạn, {} chưa báo cáo. Kết quả theo từng Tổ công tác tại bảng dưới đây.",
            a.expected, a.attended, pct(a.attended, a.expected), a.absent_with_reason, a.absent_clash, a.substituted, r.on_time, r.late, r.missing
        )),
        ("periodic", format!(
            "Đảng ủy các phường đã gửi {}/{} báo cáo định kỳ (tháng, quý, 6 tháng) về tình hình kinh tế - xã hội, quốc phòng - an ninh, xây dựng Đảng và hệ thống chính trị đến Tổ công tác; trong đó {} báo cáo đúng hạn, {} trễ hạn; {} báo cáo chưa gửi.",
            wr.received(), wr.due, wr.on_time, wr.late, wr.missing
        )),
        ("recommendations", format!(
            "Qua dự sinh hoạt chi bộ và các kênh khác đã tiếp nhận {rec_total} kiến nghị, đề xuất của cán bộ, đảng viên và nhân dân (kể cả các kiến nghị trước kỳ chưa giải quyết xong); đã được trả lời {}, đã giải quyết xong {}, đang giải quyết {} (trong đó {} kiến nghị quá hạn). Kết quả theo lĩnh vực tại bảng dưới đây.",
            rec.answered, rec.closed, rec.open, rec.overdue
        )),
        ("strengths", "- Việc phân công thành viên Tổ công tác dự sinh hoạt tại chi bộ khu dân cư đã góp phần khẳng định vai trò lãnh đạo của các cấp ủy Đảng ở cơ sở, giúp các chi bộ duy trì nền nếp sinh hoạt.\n- Qua dự sinh hoạt, các đồng chí Tổ công tác đã nắm bắt tình hình địa bàn, tư tưởng của cán bộ, đảng viên; tiếp thu kịp thời kiến nghị, đề xuất từ cơ sở và chuyển đến cơ quan có thẩm quyền giải quyết.".to_string()),
    ];
    // the shortcomings: one line per kind of finding, with its evidence
    let mut lines: Vec<String> = Vec::new();
    for (kind, _) in FINDING_KINDS {
        let list: Vec<_> = d.findings.iter().filter(|f| f.kind == kind).collect();
        if list.is_empty() {
            continue;
        }
        let total = (d.finding_total(kind) as usize).max(list.len());
        let mut names: Vec<String> = list.iter().take(NAMES).map(|f| format!("{} ({})", f.subject, f.evidence)).collect();
        if total > NAMES {
            names.push(format!("và {} trường hợp khác", total - NAMES));
        }
        lines.push(format!("- {}: {}.", finding_words(kind), names.join("; ")));
    }
    if lines.is_empty() {
        lines.push("- Trong kỳ chưa phát hiện tồn tại, hạn chế qua số liệu theo dõi.".into());
    }
    parts.push(("shortcomings", lines.join("\n")));
    parts.push(("tasks", "1. Tiếp tục thực hiện nền nếp việc phân công thành viên Tổ công tác định kỳ hằng tháng dự sinh hoạt chi bộ khu dân cư, quan tâm các chi bộ có nhiều khó khăn, phức tạp; sau 5 ngày làm việc báo cáo kết quả về Ban Thường vụ Thành ủy (qua Ban Tổ chức Thành ủy).\n2. Thực hiện nghiêm túc việc đánh giá mức độ hoàn thành nhiệm vụ hằng năm đối với thành viên Tổ công tác; cuối tháng 10 hằng năm, Ban Tổ chức Thành ủy tổng hợp, thông báo kết quả đến cơ quan nơi thành viên công tác.\n3. Đảng ủy các phường thực hiện nghiêm chế độ báo cáo định kỳ và mời Tổ công tác dự các phiên họp Đảng ủy; các cơ quan liên quan giải quyết dứt điểm các kiến nghị quá hạn.".to_string()));
    parts.push(("closing", format!("Trên đây là báo cáo kết quả thực hiện Quy chế về hoạt động của Tổ công tác Thành ủy từ tháng {from} đến tháng {to}.")));
    let figures = vec![
        format!("Dự sinh hoạt: {}/{} lượt ({})", a.attended, a.expected, pct(a.attended, a.expected)),
        format!("Báo cáo dự sinh hoạt: {} đúng hạn, {} trễ, {} chưa", r.on_time, r.late, r.missing),
        format!("Mời dự họp Đảng ủy phường: {}/{}", inv.received, inv.due),
        format!("Báo cáo định kỳ của phường: {}/{}", wr.received(), wr.due),
        format!("Kiến nghị: {rec_total} (đã trả lời {}, xong {}, quá hạn {})", rec.answered, rec.closed, rec.overdue),
        format!("Phát hiện tồn tại: {}", FINDING_KINDS.iter().map(|(k, _)| d.finding_total(k)).sum::<i64>()),
    ];
    DraftReport {
        from: d.from.clone(),
        to: d.to.clone(),
        summary: format!("Kết quả thực hiện Quy chế về hoạt động của Tổ công tác Thành ủy từ tháng {from} đến tháng {to}"),
        parts: parts.into_iter().map(|(k, text)| Part { key: k.to_string(), heading: heading(k).to_string(), text }).collect(),
        figures,
    }
}
