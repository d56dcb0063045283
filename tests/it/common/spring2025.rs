//! Two months of 2025 in Phường 1 (no demo meeting falls in them), counted by hand, for the
//! dashboard's and the October evaluation's tests: the year's holidays (Giỗ Tổ on Monday
//! 7/4, 30/4 and 1/5, the swapped days 26/4 and 2/5) decide which reports were on time; a
//! substitute, a reported absence (a clash), a confirmed no-show, a cancelled meeting, a
//! ward committee meeting, recommendations in and before the period.

use super::TestApp;

pub struct Fx {
    pub p1: i64,
    pub p2: i64,
    pub kp1: i64,
    pub kp2: i64,
}

pub async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.pool).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

pub async fn meeting(app: &TestApp, ward: i64, cell: i64, month: &str, starts: &str, status: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, status)
         VALUES (1, $1, $2, 'regular', $3::date, $4::timestamptz, $4::timestamptz + interval '90 minutes', $5) RETURNING id",
    )
    .bind(ward)
    .bind(cell)
    .bind(month)
    .bind(starts)
    .bind(status)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

pub async fn report(app: &TestApp, m: i64, person: i64, submitted: Option<&str>, level: Option<i16>) {
    sqlx::query(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, submitted_at, overall_level, checked_in_at)
         VALUES (1, $1, $2, CASE WHEN $3::timestamptz IS NULL THEN 'draft' ELSE 'submitted' END, $3::timestamptz, $4, $3::timestamptz)",
    )
    .bind(m)
    .bind(person)
    .bind(submitted)
    .bind(level)
    .execute(&app.pool)
    .await
    .unwrap();
}

/// Group 1 (follows Phường 1): Lý Quang Đạt (14) and Nguyễn Văn Nam (15) on the board,
/// Lê Thị Tâm (16) sent once as a substitute.
pub async fn fixture(app: &TestApp) -> Fx {
    let p1 = app.unit_id("P1", None).await;
    let p2 = app.unit_id("P2", None).await;
    let kp1 = app.unit_id("KP1", Some("P1")).await;
    let kp2 = app.unit_id("KP2", Some("P1")).await;
    let kp3 = app.unit_id("KP3", Some("P1")).await;
    for (month, cell, person) in [("2025-03-01", kp1, 14), ("2025-03-01", kp2, 15), ("2025-04-01", kp1, 14), ("2025-04-01", kp2, 15), ("2025-04-01", kp3, 15)] {
        exec(app, &format!("INSERT INTO assignments (city_id, group_id, month, cell_id, person_id) VALUES (1, 1, '{month}', {cell}, {person})")).await;
    }
    // M1 Wed 5/3: attended, report on the 5th working day (Wed 12/3): on time
    let m1 = meeting(app, p1, kp1, "2025-03-01", "2025-03-05 19:30+07", "held").await;
    report(app, m1, 14, Some("2025-03-12 21:00+07"), Some(4)).await;
    // M2 Mon 10/3: Nam said beforehand he had a clash: absent with a reason, no report owed
    let m2 = meeting(app, p1, kp2, "2025-03-01", "2025-03-10 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason) VALUES ({m2}, 15, 1, 'clash')")).await;
    // cancelled: not counted
    meeting(app, p1, kp2, "2025-03-01", "2025-03-20 19:30+07", "cancelled").await;
    // M7 Tue 25/3: the board confirmed Đạt did not come; no report: missing
    let m7 = meeting(app, p1, kp1, "2025-03-01", "2025-03-25 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended) VALUES ({m7}, 14, 1, false)")).await;
    // M3 Wed 2/4: report Thu 10/4, on time only because Mon 7/4 (Giỗ Tổ) is a holiday
    let m3 = meeting(app, p1, kp1, "2025-04-01", "2025-04-02 19:30+07", "held").await;
    report(app, m3, 14, Some("2025-04-10 20:00+07"), Some(3)).await;
    // M6 Tue 15/4: confirmed present, report Fri 25/4, due Tue 22/4: late
    let m6 = meeting(app, p1, kp2, "2025-04-01", "2025-04-15 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_attendance (meeting_id, person_id, city_id, attended) VALUES ({m6}, 15, 1, true)")).await;
    report(app, m6, 15, Some("2025-04-25 08:00+07"), Some(3)).await;
    // M4 Fri 25/4: Tâm substitutes for Nam; Sat 26/4 is worked, 30/4, 1/5 and 2/5 are off:
    // due Tue 6/5, reported then: on time (five weekdays would have made it late)
    let m4 = meeting(app, p1, kp3, "2025-04-01", "2025-04-25 19:30+07", "held").await;
    exec(app, &format!("INSERT INTO meeting_substitutes (meeting_id, person_id, substitute_id, city_id) VALUES ({m4}, 15, 16, 1)")).await;
    report(app, m4, 16, Some("2025-05-06 22:00+07"), Some(2)).await;
    // the ward invited the group to its committee meeting in March, not in April
    exec(app, &format!(
        "INSERT INTO meetings (city_id, ward_id, kind, month, starts_at, ends_at, status, invited_at)
         VALUES (1, {p1}, 'ward_committee', '2025-03-01', '2025-03-28 08:00+07', '2025-03-28 10:00+07', 'held', '2025-03-20 08:00+07')"
    ))
    .await;
    // recommendations: in the period, earlier and still open, earlier and closed, another ward
    for (ward, raised, status, due) in [
        (p1, "2025-03-05", "closed", "2025-03-30"),
        (p1, "2025-04-02", "forwarded", "2025-04-20"),
        (p1, "2024-12-01", "in_progress", "2024-12-20"),
        (p1, "2024-11-01", "closed", "2024-11-20"),
        (p2, "2025-03-10", "new", ""),
    ] {
        let due = if due.is_empty() { "NULL".to_string() } else { format!("'{due}'") };
        exec(app, &format!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, channel, content, domain, kind, raised_on, status, due_on)
             VALUES (1, gen_random_uuid(), {ward}, 'letter', 'Kiến nghị', 'land', 'state', '{raised}', '{status}', {due})"
        ))
        .await;
    }
    Fx { p1, p2, kp1, kp2 }
}
