//! The demo city: a fictional city committee in central Vietnam (Thành ủy Thành phố Hòa
//! Giang) with its party boards, city departments, 10 wards, about 100 residential cells
//! (three wards merged cells on 01/7/2025), about 70 people and six sign-in accounts.
//!
//! Loaded in one transaction, only when the database holds no city yet. Everything is
//! generated from fixed tables and a fixed-seed pseudo-random generator, so the demo is
//! the same on every machine. Server only.

use crate::groups::model::GroupRole;
use crate::org::model::CellKind;
use crate::recommendations::model::{Channel, Domain};
use chrono::NaiveDate;
use sqlx::{PgConnection, PgPool};
use std::collections::{HashMap, HashSet};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo2026";

/// (username, role in Vietnamese) of the demo accounts, for the run script to print.
pub const DEMO_LOGINS: &[(&str, &str)] = &[
    ("admin", "Quản trị hệ thống"),
    (
        "thuongvu",
        "Phó Bí thư Thường trực Thành ủy (Ban Thường vụ)",
    ),
    ("bantochuc", "Ban Tổ chức Thành ủy"),
    ("phuong1", "Văn phòng Đảng ủy Phường 1"),
    ("phuong2", "Văn phòng Đảng ủy Phường 2"),
    ("ubnd", "UBND Phường 1 (giải quyết kiến nghị)"),
    (
        "totruong",
        "Tổ trưởng Tổ công tác số 1 (Ủy viên Ban Thường vụ)",
    ),
    ("thanhvien", "Thành viên Tổ công tác số 1"),
];

const CITY_NAME: &str = "Thành ủy Thành phố Hòa Giang";
const EMAIL_DOMAIN: &str = "hoagiang.dcs.vn";

/// (code, name) of the party boards, parent = the city committee.
const BOARDS: &[(&str, &str)] = &[
    ("BTC", "Ban Tổ chức Thành ủy"),
    ("BTG", "Ban Tuyên giáo Thành ủy"),
    ("BDV", "Ban Dân vận Thành ủy"),
    ("UBKT", "Ủy ban Kiểm tra Thành ủy"),
    ("VP", "Văn phòng Thành ủy"),
];

/// (code, name) of the city-level state bodies, parent = the city committee.
const STATE_BODIES: &[(&str, &str)] = &[
    ("UBND", "UBND Thành phố"),
    ("NV", "Phòng Nội vụ"),
    ("TCKH", "Phòng Tài chính - Kế hoạch"),
    ("QLDT", "Phòng Quản lý đô thị"),
    ("TNMT", "Phòng Tài nguyên và Môi trường"),
    ("VHTT", "Phòng Văn hóa - Thông tin"),
    ("LDTBXH", "Phòng Lao động - Thương binh và Xã hội"),
    ("CA", "Công an Thành phố"),
];

/// (code, short name, number of residential cells) of the wards.
const WARDS: &[(&str, &str, u32)] = &[
    ("P1", "Phường 1", 10),
    ("P2", "Phường 2", 11),
    ("P3", "Phường 3", 9),
    ("P4", "Phường 4", 12),
    ("P5", "Phường 5", 8),
    ("P6", "Phường Đông Lễ", 10),
    ("P7", "Phường Đông Giang", 11),
    ("P8", "Phường Đông Lương", 9),
    ("P9", "Phường Đông Thanh", 10),
    ("P10", "Phường An Đôn", 10),
];

/// Neighbourhood names given, in order, to cells KP3, KP6, KP9 of the named wards (P6–P10).
const PLACES: &[&str] = &[
    "Tây Trì",
    "Lai Phước",
    "Vĩnh Phước",
    "An Lạc",
    "Trung Chỉ",
    "Đại An",
    "Điếu Ngao",
    "Phước Mỹ",
    "Hà Thanh",
    "Tân Vĩnh",
    "Lập Thạch",
    "Nghĩa An",
    "Thượng Nghĩa",
    "Đông Định",
    "Khóa Bảo",
];

/// (ward code, cell number) of the cells flagged difficult/complex, with their notes.
const DIFFICULT: &[(&str, u32, &str)] = &[
    ("P1", 3, "Địa bàn đông dân, nhiều hộ kinh doanh"),
    ("P1", 7, "Khu vực chợ, an ninh trật tự phức tạp"),
    ("P2", 2, "Nhiều lao động tự do, người thuê trọ"),
    ("P3", 5, "Có dự án giải phóng mặt bằng, nhiều đơn thư"),
    ("P4", 9, "Khu tái định cư, nhiều kiến nghị về đất đai"),
    ("P6", 4, "Địa bàn rộng, dân cư phân tán"),
    ("P8", 6, "Vùng trũng, thường xuyên ngập lụt"),
    (
        "P10",
        1,
        "Nhiều đảng viên cao tuổi, sinh hoạt khó tập trung",
    ),
];

/// (ward code, code, name) of the cells that are not residential.
const OTHER_CELLS: &[(&str, &str, &str)] = &[
    ("P1", "THCS-NT", "Chi bộ Trường THCS Nguyễn Trãi"),
    ("P3", "TH-KD", "Chi bộ Trường Tiểu học Kim Đồng"),
    ("P3", "TYT", "Chi bộ Trạm Y tế Phường 3"),
    ("P6", "MN-HS", "Chi bộ Trường Mầm non Hoa Sen"),
    ("P8", "QS", "Chi bộ Quân sự Phường Đông Lương"),
];

/// Merges of 01/7/2025: (ward code, absorbed cell numbers, continuing cell number).
/// In P7 the continuing cell KP12 is new, created by the merge.
const MERGES: &[(&str, [u32; 2], u32)] = &[
    ("P2", [10, 11], 9),
    ("P4", [11, 12], 10),
    ("P7", [10, 11], 12),
];
/// (ward code, number) of the cell created by a merge.
const NEW_CELL: (&str, u32) = ("P7", 12);

/// (position, home unit code, standing committee member, committee member).
/// Index 1 (Phó Bí thư Thường trực) signs in as `thuongvu`.
const PEOPLE: &[(&str, &str, bool, bool)] = &[
    ("Bí thư Thành ủy", "TU", true, true),
    ("Phó Bí thư Thường trực Thành ủy", "TU", true, true),
    (
        "Phó Bí thư Thành ủy, Chủ tịch UBND thành phố",
        "UBND",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Thành ủy",
        "BTC",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Thành ủy",
        "BTG",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Thành ủy",
        "BDV",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Thành ủy",
        "UBKT",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Chánh Văn phòng Thành ủy",
        "VP",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
        "TU",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Trưởng Công an thành phố",
        "CA",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Chỉ huy trưởng Ban Chỉ huy Quân sự thành phố",
        "TU",
        true,
        true,
    ),
    (
        "Ủy viên Ban Thường vụ, Phó Chủ tịch Thường trực UBND thành phố",
        "UBND",
        true,
        true,
    ),
    (
        "Thành ủy viên, Phó Chủ tịch UBND thành phố",
        "UBND",
        false,
        true,
    ),
    (
        "Thành ủy viên, Chánh Văn phòng HĐND và UBND thành phố",
        "UBND",
        false,
        true,
    ),
    ("Thành ủy viên, Trưởng phòng Nội vụ", "NV", false, true),
    (
        "Thành ủy viên, Trưởng phòng Tài chính - Kế hoạch",
        "TCKH",
        false,
        true,
    ),
    (
        "Thành ủy viên, Trưởng phòng Quản lý đô thị",
        "QLDT",
        false,
        true,
    ),
    (
        "Thành ủy viên, Trưởng phòng Tài nguyên và Môi trường",
        "TNMT",
        false,
        true,
    ),
    (
        "Thành ủy viên, Trưởng phòng Văn hóa - Thông tin",
        "VHTT",
        false,
        true,
    ),
    (
        "Thành ủy viên, Trưởng phòng Lao động - Thương binh và Xã hội",
        "LDTBXH",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Trưởng Công an thành phố",
        "CA",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Trưởng Ban Thường trực Ban Tổ chức Thành ủy",
        "BTC",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Trưởng Ban Thường trực Ban Tuyên giáo Thành ủy",
        "BTG",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Trưởng Ban Thường trực Ban Dân vận Thành ủy",
        "BDV",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Chủ nhiệm Thường trực Ủy ban Kiểm tra Thành ủy",
        "UBKT",
        false,
        true,
    ),
    (
        "Thành ủy viên, Phó Chánh Văn phòng Thường trực Thành ủy",
        "VP",
        false,
        true,
    ),
    ("Phó Trưởng Ban Tổ chức Thành ủy", "BTC", false, false),
    ("Phó Trưởng Ban Tuyên giáo Thành ủy", "BTG", false, false),
    ("Phó Trưởng Ban Dân vận Thành ủy", "BDV", false, false),
    (
        "Phó Chủ nhiệm Ủy ban Kiểm tra Thành ủy",
        "UBKT",
        false,
        false,
    ),
    ("Phó Chánh Văn phòng Thành ủy", "VP", false, false),
    ("Phó Trưởng phòng Nội vụ", "NV", false, false),
    (
        "Phó Trưởng phòng Tài chính - Kế hoạch",
        "TCKH",
        false,
        false,
    ),
    ("Phó Trưởng phòng Quản lý đô thị", "QLDT", false, false),
    (
        "Phó Trưởng phòng Tài nguyên và Môi trường",
        "TNMT",
        false,
        false,
    ),
    ("Phó Trưởng phòng Văn hóa - Thông tin", "VHTT", false, false),
    (
        "Phó Trưởng phòng Lao động - Thương binh và Xã hội",
        "LDTBXH",
        false,
        false,
    ),
];
/// Index in PEOPLE of the person behind `thuongvu`.
const THUONG_VU: usize = 1;

/// (position, home unit code, how many) of the party board specialists. The first
/// specialist of Ban Tổ chức signs in as `bantochuc`.
const SPECIALISTS: &[(&str, &str, usize)] = &[
    ("Chuyên viên Ban Tổ chức Thành ủy", "BTC", 8),
    ("Chuyên viên Ban Tuyên giáo Thành ủy", "BTG", 6),
    ("Chuyên viên Ban Dân vận Thành ủy", "BDV", 5),
    ("Kiểm tra viên Ủy ban Kiểm tra Thành ủy", "UBKT", 6),
    ("Chuyên viên Văn phòng Thành ủy", "VP", 5),
];

const FAMILY: &[&str] = &[
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Phan", "Võ",
    "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Lương", "Đoàn", "Hà", "Mai",
    "Thái",
];
const MALE_MIDDLE: &[&str] = &[
    "Văn", "Văn", "Quang", "Đức", "Minh", "Hữu", "Ngọc", "Xuân", "Thanh", "Công", "Đình", "Anh",
    "Trọng",
];
const MALE_GIVEN: &[&str] = &[
    "Hùng", "Minh", "Dũng", "Tuấn", "Hải", "Long", "Sơn", "Thắng", "Cường", "Phong", "Nam", "Bình",
    "Khánh", "Trung", "Hiếu", "Tài", "Lộc", "Phúc", "Quân", "Vinh", "Thành", "Hưng", "Toàn", "Đạt",
    "Huy", "Kiên", "Tùng", "Việt", "Quý", "Nhân",
];
const FEMALE_MIDDLE: &[&str] = &[
    "Thị",
    "Thị",
    "Thị Thu",
    "Thị Minh",
    "Thị Thanh",
    "Thị Hồng",
    "Thị Ngọc",
    "Thị Kim",
    "Thu",
    "Hồng",
    "Ngọc",
    "Thị Mỹ",
];
const FEMALE_GIVEN: &[&str] = &[
    "Hà", "Mai", "Lan", "Hương", "Hoa", "Trang", "Thảo", "Linh", "Nhung", "Hạnh", "Hiền", "Phương",
    "Yến", "Loan", "Dung", "Thủy", "Vân", "Oanh", "Nga", "Huyền", "Tâm", "Quyên", "Ngân",
];
const PHONE_PREFIXES: &[&str] = &[
    "0912", "0913", "0914", "0915", "0905", "0935", "0983", "0988", "0978",
];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// The date Regulation 06-QC/TU was issued; the demo's units exist from then.
fn founded() -> NaiveDate {
    date(2019, 7, 5)
}

fn merge_date() -> NaiveDate {
    date(2025, 7, 1)
}

/// xorshift64*: small, deterministic, good enough to pick names.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 33) % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Lower-case ASCII letters of a Vietnamese word ("Nguyễn" → "nguyen", "Đức" → "duc").
fn ascii(word: &str) -> String {
    const FOLD: &[(&str, char)] = &[
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    word.to_lowercase()
        .chars()
        .map(|c| {
            FOLD.iter()
                .find(|(set, _)| set.contains(c))
                .map(|(_, base)| *base)
                .unwrap_or(c)
        })
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

/// Distinct names, e-mail addresses and phone numbers, always in the same order.
struct Names {
    rng: Rng,
    names: HashSet<String>,
    emails: HashSet<String>,
}

impl Names {
    fn new() -> Self {
        Names {
            rng: Rng(0x9E37_79B9_7F4A_7C15),
            names: HashSet::new(),
            emails: HashSet::new(),
        }
    }

    /// (full name, e-mail, phone) of a new person.
    fn person(&mut self) -> (String, String, String) {
        let (family, middle, given) = loop {
            let family = self.rng.pick(FAMILY);
            let female = self.rng.below(10) < 4;
            let (middle, given) = if female {
                (self.rng.pick(FEMALE_MIDDLE), self.rng.pick(FEMALE_GIVEN))
            } else {
                (self.rng.pick(MALE_MIDDLE), self.rng.pick(MALE_GIVEN))
            };
            let full = format!("{family} {middle} {given}");
            if self.names.insert(full) {
                break (family, middle, given);
            }
        };
        let base = format!("{}.{}", ascii(given), ascii(family));
        let initials: String = middle
            .split_whitespace()
            .map(|w| ascii(w).chars().take(1).collect::<String>())
            .collect();
        let mut local = base.clone();
        if self.emails.contains(&local) {
            local = format!("{}{}.{}", ascii(given), initials, ascii(family));
        }
        let mut n = 2;
        while self.emails.contains(&local) {
            local = format!("{base}{n}");
            n += 1;
        }
        self.emails.insert(local.clone());
        let phone = format!(
            "{} {:03} {:03}",
            self.rng.pick(PHONE_PREFIXES),
            self.rng.below(1000),
            self.rng.below(1000)
        );
        (
            format!("{family} {middle} {given}"),
            format!("{local}@{EMAIL_DOMAIN}"),
            phone,
        )
    }
}

/// One org_units row to insert.
struct NewUnit<'a> {
    parent: i64,
    kind: &'a str,
    cell_kind: Option<CellKind>,
    code: String,
    name: String,
    difficult: bool,
    from: NaiveDate,
    note: String,
}

fn unit<'a>(parent: i64, kind: &'a str, code: &str, name: &str) -> NewUnit<'a> {
    NewUnit {
        parent,
        kind,
        cell_kind: None,
        code: code.to_string(),
        name: name.to_string(),
        difficult: false,
        from: founded(),
        note: String::new(),
    }
}

async fn insert_unit(
    conn: &mut PgConnection,
    city: i64,
    u: NewUnit<'_>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO org_units (city_id, parent_id, kind, cell_kind, code, name, is_difficult, active_from, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING id",
        city,
        u.parent,
        u.kind,
        u.cell_kind as Option<CellKind>,
        &u.code,
        &u.name,
        u.difficult,
        u.from,
        &u.note,
    )
    .fetch_one(&mut *conn)
    .await
}

async fn insert_person(
    conn: &mut PgConnection,
    city: i64,
    names: &mut Names,
    position: &str,
    home: i64,
    standing: bool,
    committee: bool,
) -> Result<i64, sqlx::Error> {
    let (full_name, email, phone) = names.person();
    sqlx::query_scalar!(
        "INSERT INTO people (city_id, full_name, position, home_unit_id, is_standing_member,
                             is_committee_member, phone, email)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         RETURNING id",
        city,
        &full_name,
        position,
        home,
        standing,
        committee,
        &phone,
        &email,
    )
    .fetch_one(&mut *conn)
    .await
}

async fn insert_account(
    conn: &mut PgConnection,
    city: i64,
    username: &str,
    hash: &str,
    person: Option<i64>,
    role: &str,
    scope: Option<i64>,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        "INSERT INTO accounts (city_id, username, password_hash, person_id, role, scope_unit_id)
         VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING id",
        city,
        username,
        hash,
        person,
        role,
        scope,
    )
    .fetch_one(&mut *conn)
    .await
}

fn unit_id(units: &HashMap<String, i64>, code: &str) -> Result<i64, sqlx::Error> {
    units
        .get(code)
        .copied()
        .ok_or_else(|| sqlx::Error::Protocol(format!("demo: no unit {code}")))
}

/// Gives the planner the statistics of the rows just loaded, before the first page is
/// asked for: autovacuum comes a minute later, and until then a page may read a thousand
/// times too much (the evaluation took 2.3 s instead of 20 ms).
pub async fn analyze(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::query!("ANALYZE").execute(pool).await?;
    Ok(())
}

/// Loads the demo city if the database holds no city yet. Returns true if it loaded it.
pub async fn load_if_empty(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    // Two servers starting at once must not both load it.
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)")
        .execute(&mut *tx)
        .await?;
    let cities: i64 = sqlx::query_scalar!(r#"SELECT count(*) AS "v!" FROM org_units WHERE kind = 'city'"#)
        .fetch_one(&mut *tx)
        .await?;
    if cities > 0 {
        return Ok(false);
    }
    let hash = crate::auth::session::hash_password(DEMO_PASSWORD)
        .map_err(|_| sqlx::Error::Protocol("hash".into()))?;
    let conn: &mut PgConnection = &mut tx;

    // The city committee points at itself: take its id first.
    let city: i64 = sqlx::query_scalar!(r#"SELECT nextval(pg_get_serial_sequence('org_units', 'id')) AS "v!""#)
        .fetch_one(&mut *conn)
        .await?;
    sqlx::query!(
        "INSERT INTO org_units (id, city_id, parent_id, kind, code, name, active_from)
         VALUES ($1, $1, NULL, 'city', 'TU', $2, $3)",
        city,
        CITY_NAME,
        founded(),
    )
    .execute(&mut *conn)
    .await?;

    // Home units of people, by code: the city, boards, bodies, wards, ward UBNDs.
    let mut units: HashMap<String, i64> = HashMap::new();
    units.insert("TU".into(), city);
    for (code, name) in BOARDS {
        let id = insert_unit(conn, city, unit(city, "party_board", code, name)).await?;
        units.insert((*code).into(), id);
    }
    for (code, name) in STATE_BODIES {
        let id = insert_unit(conn, city, unit(city, "state_body", code, name)).await?;
        units.insert((*code).into(), id);
    }

    // Wards, their UBND, their cells; then the merges of 01/7/2025.
    let mut places = PLACES.iter();
    for (w, (ward_code, short, cells)) in WARDS.iter().enumerate() {
        let ward = insert_unit(
            conn,
            city,
            unit(city, "ward", ward_code, &format!("Đảng ủy {short}")),
        )
        .await?;
        units.insert((*ward_code).into(), ward);
        let ubnd_code = format!("UBND-{ward_code}");
        let ubnd = insert_unit(
            conn,
            city,
            unit(ward, "state_body", &ubnd_code, &format!("UBND {short}")),
        )
        .await?;
        units.insert(ubnd_code, ubnd);

        // cell number → id
        let mut cell_ids: HashMap<u32, i64> = HashMap::new();
        for k in 1..=*cells {
            let place = if w >= 5 && k % 3 == 0 {
                places.next()
            } else {
                None
            };
            let name = match place {
                Some(place) => format!("Chi bộ Khu phố {place}"),
                None => format!("Chi bộ Khu phố {k}"),
            };
            let mut u = unit(ward, "cell", &format!("KP{k}"), &name);
            u.cell_kind = Some(CellKind::Residential);
            if let Some((_, _, note)) = DIFFICULT.iter().find(|(c, n, _)| c == ward_code && *n == k)
            {
                u.difficult = true;
                u.note = (*note).to_string();
            }
            cell_ids.insert(k, insert_unit(conn, city, u).await?);
        }
        for (_, code, name) in OTHER_CELLS.iter().filter(|(c, _, _)| c == ward_code) {
            let mut u = unit(ward, "cell", code, name);
            u.cell_kind = Some(CellKind::Other);
            insert_unit(conn, city, u).await?;
        }
        if NEW_CELL.0 == *ward_code {
            let k = NEW_CELL.1;
            let mut u = unit(
                ward,
                "cell",
                &format!("KP{k}"),
                &format!("Chi bộ Khu phố {k}"),
            );
            u.cell_kind = Some(CellKind::Residential);
            u.from = merge_date();
            u.note = "Thành lập ngày 01/7/2025 trên cơ sở sáp nhập hai khu phố".to_string();
            cell_ids.insert(k, insert_unit(conn, city, u).await?);
        }
        for (_, absorbed, into) in MERGES.iter().filter(|(c, _, _)| c == ward_code) {
            let into_id = *cell_ids.get(into).ok_or_else(|| {
                sqlx::Error::Protocol(format!("demo: no cell KP{into} in {ward_code}"))
            })?;
            for k in absorbed {
                let id = *cell_ids.get(k).ok_or_else(|| {
                    sqlx::Error::Protocol(format!("demo: no cell KP{k} in {ward_code}"))
                })?;
                sqlx::query!(
                    "UPDATE org_units SET active_to = $2, merged_into_id = $3, note = $4 WHERE id = $1",
                    id,
                    merge_date(),
                    into_id,
                    format!("Sáp nhập vào Khu phố {into} từ ngày 01/7/2025"),
                )
                .execute(&mut *conn)
                .await?;
            }
            if NEW_CELL != (*ward_code, *into) {
                sqlx::query!(
                    "UPDATE org_units SET note = $2 WHERE id = $1",
                    into_id,
                    format!(
                        "Tiếp nhận Khu phố {} và Khu phố {} từ ngày 01/7/2025",
                        absorbed[0], absorbed[1]
                    ),
                )
                .execute(&mut *conn)
                .await?;
            }
        }
    }

    // People.
    let mut names = Names::new();
    let mut leaders = Vec::with_capacity(PEOPLE.len());
    for (position, home, standing, committee) in PEOPLE {
        let home = unit_id(&units, home)?;
        leaders.push(
            insert_person(
                conn, city, &mut names, position, home, *standing, *committee,
            )
            .await?,
        );
    }
    let mut first_btc_specialist = None;
    for (position, home, count) in SPECIALISTS {
        let home_id = unit_id(&units, home)?;
        for _ in 0..*count {
            let id = insert_person(conn, city, &mut names, position, home_id, false, false).await?;
            if *home == "BTC" && first_btc_specialist.is_none() {
                first_btc_specialist = Some(id);
            }
        }
    }
    let (p1, p2, ubnd_p1) = (
        unit_id(&units, "P1")?,
        unit_id(&units, "P2")?,
        unit_id(&units, "UBND-P1")?,
    );
    let staff_p1 = insert_person(
        conn,
        city,
        &mut names,
        "Chuyên viên Văn phòng Đảng ủy Phường 1",
        p1,
        false,
        false,
    )
    .await?;
    let staff_p2 = insert_person(
        conn,
        city,
        &mut names,
        "Chuyên viên Văn phòng Đảng ủy Phường 2",
        p2,
        false,
        false,
    )
    .await?;
    let official = insert_person(
        conn,
        city,
        &mut names,
        "Phó Chủ tịch UBND Phường 1",
        ubnd_p1,
        false,
        false,
    )
    .await?;

    // Accounts, all with the demo password.
    insert_account(conn, city, "admin", &hash, None, "admin", None).await?;
    insert_account(
        conn,
        city,
        "thuongvu",
        &hash,
        Some(leaders[THUONG_VU]),
        "standing_committee",
        None,
    )
    .await?;
    insert_account(
        conn,
        city,
        "bantochuc",
        &hash,
        first_btc_specialist,
        "organization_board",
        None,
    )
    .await?;
    insert_account(
        conn,
        city,
        "phuong1",
        &hash,
        Some(staff_p1),
        "ward_staff",
        Some(p1),
    )
    .await?;
    insert_account(
        conn,
        city,
        "phuong2",
        &hash,
        Some(staff_p2),
        "ward_staff",
        Some(p2),
    )
    .await?;
    insert_account(
        conn,
        city,
        "ubnd",
        &hash,
        Some(official),
        "responder",
        Some(ubnd_p1),
    )
    .await?;

    load_groups(conn, city, &hash).await?;
    load_meetings(conn, city).await?;
    party_members(conn, city).await?;

    // One line of history saying where the data came from.
    let entry = crate::server::audit::Entry {
        city_id: city,
        account_id: None,
        action: "seed",
        entity: crate::server::audit::Entity::City,
        id: city,
        before: None,
        after: Some(serde_json::json!({ "demo": true })),
        reason: None,
    };
    crate::server::audit::write(conn, entry)
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("{:?}", e.msg)))?;

    tx.commit().await?;
    Ok(true)
}

/// Adds the working groups to a demo database loaded before they existed.
pub async fn load_groups_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)")
        .execute(&mut *tx)
        .await?;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'city'
           AND NOT EXISTS (SELECT 1 FROM working_groups g WHERE g.city_id = l.city_id) LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    let hash = crate::auth::session::hash_password(DEMO_PASSWORD)
        .map_err(|_| sqlx::Error::Protocol("hash".into()))?;
    load_groups(&mut tx, city, &hash).await?;
    tx.commit().await?;
    Ok(true)
}

/// Ten working groups, one per ward, each led by a standing committee member with five
/// members; twelve months of assignments with a few gaps; the accounts totruong (leader
/// of group 1) and thanhvien (a member of group 1).
async fn load_groups(conn: &mut PgConnection, city: i64, hash: &str) -> Result<(), sqlx::Error> {
    let founded = founded();
    let wards = sqlx::query!("SELECT id, code FROM org_units WHERE city_id = $1 AND kind = 'ward' ORDER BY length(code), code", city)
        .fetch_all(&mut *conn)
        .await?;
    // Leaders: standing committee members, the Secretary and the Standing Deputy excepted
    // where there are enough of them.
    let standing: Vec<i64> = sqlx::query_scalar!("SELECT id FROM people WHERE city_id = $1 AND is_standing_member ORDER BY id", city)
    .fetch_all(&mut *conn)
    .await?;
    let leaders: Vec<i64> = if standing.len() >= wards.len() + 2 {
        standing[2..].to_vec()
    } else {
        standing.clone()
    };
    // Members: committee members heading departments and party board specialists.
    let pool_people: Vec<i64> = sqlx::query_scalar!(
        "SELECT p.id FROM people p LEFT JOIN org_units u ON u.id = p.home_unit_id
         WHERE p.city_id = $1 AND NOT p.is_standing_member AND (u.kind IS NULL OR u.kind IN ('party_board', 'state_body'))
           AND u.parent_id IS NOT DISTINCT FROM $1
         ORDER BY p.id",
        city,
    )
    .fetch_all(&mut *conn)
    .await?;
    if leaders.is_empty() || pool_people.len() < 5 {
        return Ok(());
    }
    let mut first_group = None;
    for (i, ward) in wards.iter().map(|w| w.id).enumerate() {
        let group: i64 = sqlx::query_scalar!(
            "INSERT INTO working_groups (city_id, name, decision_no, decision_date, active_from)
             VALUES ($1, $2, '687-QĐ/TU', $3, $3) RETURNING id",
            city,
            format!("Tổ công tác số {}", i + 1),
            founded,
        )
        .fetch_one(&mut *conn)
        .await?;
        first_group.get_or_insert(group);
        sqlx::query!(
            "INSERT INTO group_wards (city_id, group_id, ward_id, active_from) VALUES ($1, $2, $3, $4)",
            city,
            group,
            ward,
            founded,
        )
        .execute(&mut *conn)
        .await?;
        sqlx::query!(
            "INSERT INTO group_members (city_id, group_id, person_id, role, active_from) VALUES ($1, $2, $3, 'leader', $4)",
            city,
            group,
            leaders[i % leaders.len()],
            founded,
        )
        .execute(&mut *conn)
        .await?;
        for k in 0..5 {
            let person = pool_people[(i * 5 + k) % pool_people.len()];
            let role = if k == 0 { GroupRole::Deputy } else { GroupRole::Member };
            sqlx::query!(
                "INSERT INTO group_members (city_id, group_id, person_id, role, active_from) VALUES ($1, $2, $3, $4, $5)",
                city,
                group,
                person,
                role as GroupRole,
                founded,
            )
            .execute(&mut *conn)
            .await?;
        }
        sqlx::query!(
            "INSERT INTO group_plans (city_id, group_id, period_from, period_to, body) VALUES ($1, $2, $3, $4, $5)",
            city,
            group,
            founded,
            founded,
            "Theo dõi, hướng dẫn Đảng ủy phường thực hiện nhiệm vụ chính trị; mỗi thành viên dự sinh hoạt chi bộ khu dân cư hằng tháng; báo cáo kết quả trong 5 ngày làm việc.",
        )
        .execute(&mut *conn)
        .await?;
    }
    // Twelve months up to this one: members take turns over the cells; about one cell in
    // eleven is left without anyone each month (the gaps the board must show).
    sqlx::query!(
        "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id)
         SELECT $1, gw.group_id, m.month::date, c.id,
                (SELECT gm.person_id FROM group_members gm WHERE gm.group_id = gw.group_id AND gm.role <> 'leader'
                 ORDER BY gm.person_id OFFSET ((c.id + extract(month FROM m.month)::int) % 5) LIMIT 1)
         FROM generate_series(date_trunc('month', now() + interval '7 hours') - interval '11 months',
                              date_trunc('month', now() + interval '7 hours'), interval '1 month') AS m(month)
         JOIN group_wards gw ON gw.city_id = $1
         JOIN org_units c ON c.parent_id = gw.ward_id AND c.kind = 'cell'
              AND c.active_from < (m.month + interval '1 month')::date
              AND (c.active_to IS NULL OR c.active_to > m.month::date)
         WHERE (c.id * 7 + extract(month FROM m.month)::int * 13) % 11 <> 0",
        city,
    )
    .execute(&mut *conn)
    .await?;
    if let Some(group) = first_group {
        let leader: i64 = sqlx::query_scalar!("SELECT person_id FROM group_members WHERE group_id = $1 AND role = 'leader'", group)
        .fetch_one(&mut *conn)
        .await?;
        let member: i64 = sqlx::query_scalar!(
            "SELECT person_id FROM group_members WHERE group_id = $1 AND role = 'member' ORDER BY person_id LIMIT 1",
            group,
        )
        .fetch_one(&mut *conn)
        .await?;
        insert_account(
            conn,
            city,
            "totruong",
            hash,
            Some(leader),
            "group_leader",
            None,
        )
        .await?;
        insert_account(
            conn,
            city,
            "thanhvien",
            hash,
            Some(member),
            "group_member",
            None,
        )
        .await?;
    }
    Ok(())
}

/// Adds the meeting calendar to a demo database loaded before it existed.
pub async fn load_meetings_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)")
        .execute(&mut *tx)
        .await?;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'city'
           AND NOT EXISTS (SELECT 1 FROM cell_meeting_rules r WHERE r.city_id = l.city_id)
           AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.city_id = l.city_id) LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    load_meetings(&mut tx, city).await?;
    tx.commit().await?;
    Ok(true)
}

/// Every cell's usual meeting day (most on a day of the month in the evening, one in four
/// on the first Sunday morning); last month's meetings held, this month's announced (a
/// few announced late, a few cells with nothing announced yet); each ward committee's
/// monthly meeting, most with the group invited. Next month is left for the wards to enter.
async fn load_meetings(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "INSERT INTO cell_meeting_rules (cell_id, city_id, day_of_month, week_of_month, weekday, starts, ends, place)
         SELECT c.id, c.city_id,
                CASE WHEN c.id % 4 = 0 THEN NULL ELSE 3 + (c.id % 20) END,
                CASE WHEN c.id % 4 = 0 THEN 1 END,
                CASE WHEN c.id % 4 = 0 THEN 7 END,
                CASE WHEN c.id % 4 = 0 THEN time '08:00' ELSE time '19:30' END,
                CASE WHEN c.id % 4 = 0 THEN time '10:00' ELSE time '21:30' END,
                CASE WHEN c.cell_kind = 'residential' THEN 'Nhà văn hóa ' || replace(c.name, 'Chi bộ ', '') ELSE 'Hội trường cơ quan' END
         FROM org_units c WHERE c.city_id = $1 AND c.kind = 'cell' AND c.active_to IS NULL",
        city,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "WITH months(m, k) AS (
             SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + k * interval '1 month')::date, k
             FROM generate_series(-1, 0) k),
         days AS (
             SELECT c.id, c.parent_id, c.active_from, c.active_to, r.starts, r.ends, r.place, months.m, months.k,
                    CASE WHEN r.day_of_month IS NOT NULL
                         THEN months.m + (least(r.day_of_month::int, extract(day FROM months.m + interval '1 month - 1 day')::int) - 1)
                         ELSE months.m + ((7 + r.weekday - extract(isodow FROM months.m)::int) % 7) END AS d
             FROM org_units c JOIN cell_meeting_rules r ON r.cell_id = c.id, months
             WHERE c.city_id = $1),
         timed AS (
             SELECT *, (d + starts) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s, (d + ends) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS e,
                    ((d + starts) AT TIME ZONE 'Asia/Ho_Chi_Minh') - CASE WHEN id % 6 = 0 THEN interval '1 day' ELSE interval '6 days' END AS told
             FROM days
             WHERE active_from <= d AND (active_to IS NULL OR active_to > d) AND NOT (k = 0 AND id % 13 = 0))
         INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
         SELECT $1, parent_id, id, CASE WHEN id % 5 = 0 THEN 'thematic' ELSE 'regular' END, m, s, e, place,
                CASE WHEN id % 5 = 0 THEN 'Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh'
                     ELSE 'Sinh hoạt chi bộ định kỳ tháng ' || to_char(m, 'MM/YYYY') || '; kiểm điểm nghị quyết tháng trước' END,
                CASE WHEN s < now() THEN 'held' WHEN told <= now() THEN 'announced' ELSE 'planned' END,
                CASE WHEN told <= now() THEN told END
         FROM timed",
        city,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "WITH months(m) AS (
             SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + k * interval '1 month')::date
             FROM generate_series(-1, 0) k),
         timed AS (
             SELECT w.id, months.m, ((months.m + 2) + time '14:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s
             FROM org_units w, months WHERE w.city_id = $1 AND w.kind = 'ward' AND w.active_to IS NULL)
         INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at, invited_at)
         SELECT $1, id, NULL, 'ward_committee', m, s, s + interval '150 minutes', 'Hội trường Đảng ủy phường',
                'Phiên họp thường kỳ tháng ' || to_char(m, 'MM/YYYY') || ' của Đảng ủy phường',
                CASE WHEN s < now() THEN 'held' ELSE 'announced' END,
                least(now(), s - interval '5 days'),
                CASE WHEN id % 3 = 0 AND m = date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date THEN NULL
                     ELSE least(now(), s - interval '5 days') END
         FROM timed",
        city,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Adds the reports' demo to a demo database: the cells' party members, a meeting of
/// thanhvien's cell under way when the demo is loaded (to check in to and report on), and a
/// report of a meeting before Tết 2026 that came two working days late.
pub async fn load_reports_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)")
        .execute(&mut *tx)
        .await?;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'city'
           AND EXISTS (SELECT 1 FROM meetings m WHERE m.city_id = l.city_id)
           AND NOT EXISTS (SELECT 1 FROM attendance_reports r WHERE r.city_id = l.city_id) LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    load_reports(&mut tx, city).await?;
    tx.commit().await?;
    Ok(true)
}

/// Each cell's number of party members (where none is kept yet).
async fn party_members(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "UPDATE org_units SET party_members = 12 + (id * 7) % 45 WHERE city_id = $1 AND kind = 'cell' AND party_members IS NULL",
        city,
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn load_reports(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    party_members(conn, city).await?;
    let mine = sqlx::query!(
        "SELECT a.person_id, a.cell_id, a.group_id FROM assignments a JOIN accounts ac ON ac.person_id = a.person_id
         WHERE ac.username = 'thanhvien' AND ac.city_id = $1
           AND a.month = date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
         ORDER BY a.cell_id",
        city,
    )
    .fetch_all(&mut *conn)
    .await?;
    let Some(first) = mine.first() else { return Ok(()) };
    let (person, first_cell, group) = (first.person_id, first.cell_id, first.group_id);
    // under way: from half an hour ago for two hours, at the first of his cells free then
    for cell in mine.iter().map(|m| m.cell_id) {
        let made = sqlx::query!(
            "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
             SELECT $1, c.parent_id, c.id, 'thematic',
                    date_trunc('month', (now() - interval '30 minutes') AT TIME ZONE 'Asia/Ho_Chi_Minh')::date,
                    now() - interval '30 minutes', now() + interval '90 minutes',
                    'Nhà văn hóa ' || replace(c.name, 'Chi bộ ', ''), 'Chuyên đề: Quán triệt Nghị quyết về xây dựng Đảng; lấy ý kiến nhân dân',
                    'announced', now() - interval '4 days'
             FROM org_units c WHERE c.id = $2
             ON CONFLICT DO NOTHING",
            city,
            cell,
        )
        .execute(&mut *conn)
        .await?;
        if made.rows_affected() == 1 {
            break;
        }
    }
    let cell = first_cell;
    // before Tết Bính Ngọ (off 14–22/02/2026): the meeting of 12/02 was due on 26/02, the
    // report came on Monday 02/03, two working days late
    sqlx::query!(
        "INSERT INTO assignments (city_id, group_id, month, cell_id, person_id) VALUES ($1, $2, '2026-02-01', $3, $4) ON CONFLICT DO NOTHING",
        city,
        group,
        cell,
        person,
    )
    .execute(&mut *conn)
    .await?;
    let held: Option<i64> = sqlx::query_scalar!(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
         SELECT $1, c.parent_id, c.id, 'regular', '2026-02-01', timestamp '2026-02-12 19:30' AT TIME ZONE 'Asia/Ho_Chi_Minh',
                timestamp '2026-02-12 21:30' AT TIME ZONE 'Asia/Ho_Chi_Minh', 'Nhà văn hóa ' || replace(c.name, 'Chi bộ ', ''),
                'Sinh hoạt chi bộ định kỳ tháng 02/2026; chuẩn bị đón Tết', 'held', timestamp '2026-02-05 08:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
         FROM org_units c WHERE c.id = $2
         ON CONFLICT DO NOTHING RETURNING id",
        city,
        cell,
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(meeting) = held {
        sqlx::query!(
            "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, checked_in_at, members_present, members_total,
                 informed, oriented, summary, information_given, overall_level, submitted_at)
             SELECT $1, $2, $3, 'submitted', timestamp '2026-02-12 19:25' AT TIME ZONE 'Asia/Ho_Chi_Minh', least(c.party_members, 22), c.party_members,
                    true, true, 'Chi bộ sinh hoạt đúng trình tự; thông qua kế hoạch đón Tết, thăm hỏi gia đình chính sách.',
                    'Tình hình kinh tế - xã hội của thành phố tháng 01/2026.', 3,
                    timestamp '2026-03-02 09:00' AT TIME ZONE 'Asia/Ho_Chi_Minh'
             FROM org_units c WHERE c.id = $4",
            city,
            meeting,
            person,
            cell,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Adds the recommendations' demo to a demo database: three dozen items of the last
/// months in every state of their life (some overdue), and, at the cell of thanhvien's
/// meeting under way, a meeting held earlier this month, where he can note a
/// recommendation whose answer he brings back tonight.
pub async fn load_recommendations_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)").execute(&mut *tx).await?;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'city'
           AND EXISTS (SELECT 1 FROM attendance_reports r WHERE r.city_id = l.city_id)
           AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.city_id = l.city_id) LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    load_recommendations(&mut tx, city).await?;
    tx.commit().await?;
    Ok(true)
}

/// (domain, what was raised, the body's answer)
const DEMO_RECS: &[(Domain, &str, &str)] = &[
    (Domain::Environment, "Cống thoát nước đường Trần Phú bị tắc, mưa lớn gây ngập cục bộ, đề nghị nạo vét.", "UBND phường đã giao Tổ quản lý đô thị nạo vét tuyến cống; hoàn thành trong tháng."),
    (Domain::Security, "Đề nghị tăng cường tuần tra khu vực chợ đêm, thời gian qua xảy ra mất cắp xe máy.", "Công an phường đã bố trí tổ tuần tra từ 19 giờ đến 23 giờ hằng ngày."),
    (Domain::Land, "Đề nghị sớm cấp giấy chứng nhận quyền sử dụng đất cho các hộ tái định cư khu B.", "Đã chuyển hồ sơ 24 hộ đến Văn phòng đăng ký đất đai; dự kiến trả kết quả trong quý."),
    (Domain::SocialPolicy, "Đề nghị xem xét hỗ trợ hộ cận nghèo có người khuyết tật nặng ở khu phố.", "UBND phường đã lập hồ sơ trợ cấp xã hội hằng tháng cho 2 trường hợp đủ điều kiện."),
    (Domain::Environment, "Rác thải tồn đọng tại điểm tập kết đầu hẻm 12, đề nghị tăng tần suất thu gom.", "Công ty môi trường đã tăng thu gom lên 2 lần/ngày tại điểm này."),
    (Domain::PartyBuilding, "Đề nghị tổ chức lớp bồi dưỡng nghiệp vụ công tác đảng cho bí thư chi bộ mới sau sáp nhập.", "Ban Tổ chức phối hợp Trung tâm Chính trị mở lớp vào tháng tới."),
    (Domain::Land, "Phản ánh việc xây dựng lấn chiếm hành lang an toàn giao thông đường Nguyễn Huệ.", "Đội kiểm tra trật tự đô thị đã lập biên bản, yêu cầu tháo dỡ phần lấn chiếm."),
    (Domain::Other, "Đèn chiếu sáng hẻm 5 hỏng nhiều ngày, đề nghị sửa chữa.", "Đã thay 6 bóng đèn và sửa tủ điện chiếu sáng hẻm 5."),
    (Domain::SocialPolicy, "Đề nghị hướng dẫn thủ tục hưởng chế độ cho người có công theo quy định mới.", "Phòng Lao động - Thương binh và Xã hội đã tổ chức buổi hướng dẫn tại nhà văn hóa."),
    (Domain::Security, "Tình trạng đua xe trái phép vào đêm cuối tuần trên tuyến ven sông.", "Công an thành phố đã lập chốt kiểm soát vào tối thứ Bảy, Chủ nhật."),
    (Domain::Environment, "Cơ sở sản xuất trong khu dân cư gây tiếng ồn và khói bụi, đề nghị kiểm tra.", "Đã kiểm tra, xử phạt và yêu cầu cơ sở lắp thiết bị lọc bụi."),
    (Domain::Other, "Đề nghị sửa chữa nhà văn hóa khu phố xuống cấp, mái tôn dột.", "Đã đưa vào kế hoạch sửa chữa năm tới từ nguồn ngân sách phường."),
];

/// The life each demo item has reached, in turn.
const DEMO_STATES: [&str; 12] = [
    "new", "forwarded", "in_progress", "answered", "closed", "forwarded", "clarification", "refused", "in_progress", "answered", "closed", "forwarded",
];

async fn load_recommendations(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    let board: Option<i64> = sqlx::query_scalar!("SELECT id FROM accounts WHERE city_id = $1 AND username = 'bantochuc'", city)
        .fetch_optional(&mut *conn)
        .await?;
    let ubnd_account: Option<i64> = sqlx::query_scalar!("SELECT id FROM accounts WHERE city_id = $1 AND username = 'ubnd'", city)
        .fetch_optional(&mut *conn)
        .await?;
    let today = crate::helpers::today_vn();
    for g in 0..36_usize {
        let (domain, content, answer) = DEMO_RECS[g % DEMO_RECS.len()];
        let status = DEMO_STATES[g % DEMO_STATES.len()];
        let ward = format!("P{}", 1 + (g + g / 6) % 6);
        let raised_on = today - chrono::Duration::days(2 + 4 * g as i64);
        // the body: a party board for a party matter, a city department for every fourth,
        // else the ward's People's Committee
        let body_code = match (domain, g % 4) {
            (Domain::PartyBuilding, _) => "BTC".to_string(),
            (Domain::Security, 3) => "CA".to_string(),
            (Domain::SocialPolicy, 3) => "LDTBXH".to_string(),
            (_, 3) => "QLDT".to_string(),
            _ => format!("UBND-{ward}"),
        };
        let id: i64 = sqlx::query_scalar!(
            "INSERT INTO recommendations (city_id, client_key, ward_id, cell_id, channel, raised_by, content, domain, kind, raised_on,
                                          status, body_id, due_on, forwarded_at, answer, answered_at, answered_by, reaction, closed_at, created_by)
             SELECT $1, gen_random_uuid(), w.id,
                    (SELECT c.id FROM org_units c WHERE c.parent_id = w.id AND c.kind = 'cell' AND c.active_to IS NULL ORDER BY c.id OFFSET $3 LIMIT 1),
                    $4, $5, $6, $7, CASE WHEN $7 = 'party_building' THEN 'party' ELSE 'state' END, $8::date,
                    $9, CASE WHEN $9 = 'new' THEN NULL ELSE b.id END,
                    CASE WHEN $9 = 'new' THEN NULL ELSE $8::date + 21 END,
                    CASE WHEN $9 = 'new' THEN NULL ELSE ($8::date + 1 + time '09:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' END,
                    CASE WHEN $9 IN ('answered', 'closed') THEN $10 ELSE '' END,
                    CASE WHEN $9 IN ('answered', 'closed') THEN least(now(), ($8::date + 10 + time '15:00') AT TIME ZONE 'Asia/Ho_Chi_Minh') END,
                    CASE WHEN $9 IN ('answered', 'closed') AND b.id = (SELECT scope_unit_id FROM accounts WHERE id = $12) THEN $12 END,
                    CASE WHEN $9 = 'closed' THEN 'Chi bộ đã thông tin lại; đảng viên và nhân dân đồng tình với cách giải quyết.' ELSE '' END,
                    CASE WHEN $9 = 'closed' THEN least(now(), ($8::date + 14 + time '20:00') AT TIME ZONE 'Asia/Ho_Chi_Minh') END,
                    $11
             FROM org_units w, org_units b
             WHERE w.city_id = $1 AND w.kind = 'ward' AND w.code = $2 AND b.city_id = $1 AND b.code = $13 AND b.kind <> 'cell'
             RETURNING id",
            city,
            &ward,
            (g % 5) as i64,
            [Channel::Letter, Channel::Phone, Channel::Visit, Channel::Media, Channel::Other][g % 5] as Channel,
            ["Ông Trần Văn Hùng", "Bà Lê Thị Mai", "Tổ dân phố 3", "", "Hội Cựu chiến binh khu phố"][g % 5],
            content,
            domain as Domain,
            raised_on,
            status,
            answer,
            board,
            ubnd_account,
            &body_code,
        )
        .fetch_one(&mut *conn)
        .await?;
        // the timeline: (action, to, days after the raise, comment)
        let mut steps: Vec<(&str, &str, i64, &str)> = vec![("raise", "new", 0, "")];
        if status != "new" && status != "refused" {
            steps.push(("forward", "forwarded", 1, ""));
        }
        match status {
            "in_progress" | "answered" | "closed" => steps.push(("start", "in_progress", 3, "")),
            "clarification" => steps.push(("ask", "clarification", 4, "Đề nghị cho biết cụ thể địa chỉ, thời điểm xảy ra sự việc.")),
            "refused" => steps.push(("refuse", "refused", 2, "Nội dung thuộc thẩm quyền của Tòa án nhân dân; đã hướng dẫn công dân nộp đơn khởi kiện.")),
            _ => {}
        }
        if status == "answered" || status == "closed" {
            steps.push(("answer", "answered", 10, answer));
        }
        if status == "closed" {
            steps.push(("close", "closed", 14, "Chi bộ đã thông tin lại; đảng viên và nhân dân đồng tình với cách giải quyết."));
        }
        for (action, to, days, comment) in steps {
            sqlx::query!(
                "INSERT INTO recommendation_steps (city_id, recommendation_id, action, to_status, body_id, comment, account_id, at)
                 SELECT r.city_id, r.id, $2, $3, CASE WHEN $2 = 'raise' THEN NULL ELSE r.body_id END, $4,
                        CASE WHEN $2 NOT IN ('start', 'ask', 'answer') THEN r.created_by
                             WHEN r.body_id = (SELECT scope_unit_id FROM accounts WHERE id = $6) THEN $6 END,
                        least(now(), (r.raised_on + $5::int + time '09:00') AT TIME ZONE 'Asia/Ho_Chi_Minh')
                 FROM recommendations r WHERE r.id = $1",
                id,
                action,
                to,
                comment,
                days as i32,
                ubnd_account,
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    // the meeting held earlier this month at the cell of thanhvien's meeting under way
    let earlier: Option<i64> = sqlx::query_scalar!(
        "INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
         SELECT m.city_id, m.ward_id, m.cell_id, 'extraordinary', m.month, s.at, s.at + interval '90 minutes', m.place,
                'Sinh hoạt bất thường: lấy ý kiến về chỉnh trang đô thị', 'held', s.at - interval '3 days'
         FROM meetings m JOIN accounts a ON a.username = 'thanhvien' AND a.city_id = m.city_id
              JOIN meeting_expected e ON e.meeting_id = m.id AND e.person_id = a.person_id,
              LATERAL (SELECT greatest(m.starts_at - interval '2 days',
                                       (m.month + time '00:05') AT TIME ZONE 'Asia/Ho_Chi_Minh') AS at) s
         WHERE m.city_id = $1 AND m.kind = 'thematic' AND m.status = 'announced'
           AND m.starts_at BETWEEN now() - interval '2 hours' AND now() + interval '1 hour'
           AND s.at + interval '90 minutes' < m.starts_at
         ON CONFLICT DO NOTHING RETURNING id",
        city,
    )
    .fetch_optional(&mut *conn)
    .await?;
    // what he heard there, already answered by UBND Phường 1: to bring back tonight
    if let Some(meeting) = earlier {
        let rec: i64 = sqlx::query_scalar!(
            "INSERT INTO recommendations (city_id, client_key, meeting_id, ward_id, cell_id, raised_by, content, domain, kind, raised_on,
                                          status, body_id, due_on, forwarded_at, answer, answered_at, answered_by, created_by)
             SELECT m.city_id, gen_random_uuid(), m.id, m.ward_id, m.cell_id, 'Đảng viên Phạm Văn Tâm',
                    'Đề nghị sửa mặt đường hẻm 7 bị sụt lún sau mưa, xe máy đi lại nguy hiểm.', 'other', 'state',
                    (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, 'answered', b.id,
                    (m.starts_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 21, m.ends_at + interval '1 hour',
                    'UBND phường đã giao Tổ dân phố và đơn vị thi công vá mặt đường hẻm 7; hoàn thành trước ngày 15 tháng sau.',
                    least(now(), m.ends_at + interval '20 hours'), u.id, t.id
             FROM meetings m JOIN org_units b ON b.code = 'UBND-P1' AND b.city_id = m.city_id
                  JOIN accounts u ON u.username = 'ubnd' AND u.city_id = m.city_id
                  JOIN accounts t ON t.username = 'thanhvien' AND t.city_id = m.city_id
             WHERE m.id = $1 RETURNING id",
            meeting,
        )
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query!(
            "INSERT INTO recommendation_steps (city_id, recommendation_id, action, to_status, body_id, comment, account_id, at)
             SELECT r.city_id, r.id, s.action, s.status, CASE WHEN s.action = 'raise' THEN NULL ELSE r.body_id END,
                    CASE WHEN s.action = 'answer' THEN r.answer ELSE '' END,
                    CASE s.action WHEN 'raise' THEN r.created_by WHEN 'forward' THEN (SELECT id FROM accounts WHERE username = 'bantochuc') ELSE r.answered_by END,
                    least(now(), r.forwarded_at + s.after)
             FROM recommendations r,
                  (VALUES ('raise', 'new', interval '-1 hour'), ('forward', 'forwarded', interval '0'), ('answer', 'answered', interval '19 hours')) AS s(action, status, after)
             WHERE r.id = $1",
            rec,
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Adds ten months of history to a demo database (the months before last month, which the
/// calendar's demo leaves empty), so the dashboard has figures to show: every active cell's
/// meeting held, the members on the board present and reporting — most on time, some late,
/// a few never — some absent with a reason given beforehand (mostly a clash), the ward
/// committees' monthly meetings with the group invited most months. thanhvien reported
/// every one of his on time (his home page lists only this month's and last month's).
pub async fn load_history_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query!("SELECT pg_advisory_xact_lock(7260601)").execute(&mut *tx).await?;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'city'
           AND EXISTS (SELECT 1 FROM recommendations r WHERE r.city_id = l.city_id)
           AND NOT EXISTS (SELECT 1 FROM audit_log h WHERE h.city_id = l.city_id AND h.action = 'seed' AND h.entity = 'history')
         LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    load_history(&mut tx, city).await?;
    tx.commit().await?;
    Ok(true)
}

async fn load_history(conn: &mut PgConnection, city: i64) -> Result<(), sqlx::Error> {
    // the cells' meetings, on their usual days; a cell that already met that month is left
    sqlx::query!(
        "WITH months(m) AS (
             SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + k * interval '1 month')::date
             FROM generate_series(-11, -2) k),
         days AS (
             SELECT c.id, c.parent_id, c.active_from, c.active_to, r.starts, r.ends, r.place, months.m,
                    CASE WHEN r.day_of_month IS NOT NULL
                         THEN months.m + (least(r.day_of_month::int, extract(day FROM months.m + interval '1 month - 1 day')::int) - 1)
                         ELSE months.m + ((7 + r.weekday - extract(isodow FROM months.m)::int) % 7) END AS d
             FROM org_units c JOIN cell_meeting_rules r ON r.cell_id = c.id, months
             WHERE c.city_id = $1),
         timed AS (
             SELECT *, (d + starts) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s, (d + ends) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS e
             FROM days
             WHERE active_from <= d AND (active_to IS NULL OR active_to > d)
               AND NOT EXISTS (SELECT 1 FROM meetings x WHERE x.cell_id = days.id AND x.month = days.m))
         INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at)
         SELECT $1, parent_id, id, CASE WHEN id % 5 = 0 THEN 'thematic' ELSE 'regular' END, m, s, e, place,
                CASE WHEN id % 5 = 0 THEN 'Chuyên đề: Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh'
                     ELSE 'Sinh hoạt chi bộ định kỳ tháng ' || to_char(m, 'MM/YYYY') || '; kiểm điểm nghị quyết tháng trước' END,
                'held',
                s - CASE WHEN (id + extract(month FROM m)::int) % 9 = 0 THEN interval '1 day' ELSE interval '6 days' END
         FROM timed",
        city,
    )
    .execute(&mut *conn)
    .await?;
    let thanhvien: i64 = sqlx::query_scalar!(
        r#"SELECT COALESCE((SELECT person_id FROM accounts WHERE city_id = $1 AND username = 'thanhvien'), -1) AS "v!""#,
        city,
    )
    .fetch_one(&mut *conn)
    .await?;
    // who was expected at them, and a roll of the dice for each (fixed: the same every load)
    let history = "SELECT m.id AS meeting_id, m.starts_at, e.person_id, c.party_members,
                          abs(hashtext(m.id::text || '/' || e.person_id::text)) % 100 AS r
                   FROM meetings m JOIN meeting_expected e ON e.meeting_id = m.id JOIN org_units c ON c.id = m.cell_id
                   WHERE m.city_id = $1 AND m.cell_id IS NOT NULL AND m.status = 'held'
                     AND m.month < (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') - interval '1 month')::date
                     AND NOT EXISTS (SELECT 1 FROM attendance_reports x WHERE x.meeting_id = m.id AND x.person_id = e.person_id)";
    // 5 in 100 said beforehand they could not come (3 of them a clash)
    sqlx::query(&format!(
        "INSERT INTO meeting_absences (meeting_id, person_id, city_id, reason, note, recorded_at)
         SELECT h.meeting_id, h.person_id, $1, (ARRAY['clash', 'clash', 'clash', 'illness', 'assignment'])[h.r + 1],
                CASE WHEN h.r < 3 THEN 'Trùng lịch họp cơ quan' ELSE '' END, h.starts_at - interval '2 days'
         FROM ({history}) h WHERE h.r < 5 AND h.person_id <> $2"
    ))
    .bind(city)
    .bind(thanhvien)
    .execute(&mut *conn)
    .await?;
    // 4 in 100 neither came nor reported; the others came and reported, 12 in 100 late
    sqlx::query(&format!(
        "INSERT INTO attendance_reports (city_id, meeting_id, person_id, status, checked_in_at, members_present, members_total,
                                         informed, oriented, commented, summary, overall_level, submitted_at, created_at, updated_at)
         SELECT $1, h.meeting_id, h.person_id, 'submitted', h.starts_at + interval '5 minutes',
                CASE WHEN h.party_members IS NOT NULL THEN greatest(0, h.party_members - 1 - h.r % 4) END, h.party_members, true, h.r % 3 <> 0, h.r % 2 = 0,
                'Chi bộ sinh hoạt đúng trình tự, nội dung thiết thực; đảng viên phát biểu sôi nổi.',
                CASE WHEN h.r % 17 = 0 THEN 2 WHEN h.r % 3 = 0 THEN 3 ELSE 4 END,
                h.starts_at + CASE WHEN h.r BETWEEN 9 AND 20 AND h.person_id <> $2 THEN interval '10 days'
                                   ELSE interval '1 day' * (1 + h.r % 4) END,
                h.starts_at, h.starts_at
         FROM ({history}) h
         WHERE h.person_id = $2 OR h.r >= 9"
    ))
    .bind(city)
    .bind(thanhvien)
    .execute(&mut *conn)
    .await?;
    // the ward committees' monthly meetings: the group invited, but not every month
    sqlx::query!(
        "WITH months(m) AS (
             SELECT (date_trunc('month', now() AT TIME ZONE 'Asia/Ho_Chi_Minh') + k * interval '1 month')::date
             FROM generate_series(-11, -2) k),
         timed AS (
             SELECT w.id, months.m, ((months.m + 2) + time '14:00') AT TIME ZONE 'Asia/Ho_Chi_Minh' AS s
             FROM org_units w, months WHERE w.city_id = $1 AND w.kind = 'ward' AND w.active_to IS NULL
               AND NOT EXISTS (SELECT 1 FROM meetings x WHERE x.ward_id = w.id AND x.kind = 'ward_committee' AND x.month = months.m))
         INSERT INTO meetings (city_id, ward_id, cell_id, kind, month, starts_at, ends_at, place, topic, status, announced_at, invited_at)
         SELECT $1, id, NULL, 'ward_committee', m, s, s + interval '150 minutes', 'Hội trường Đảng ủy phường',
                'Phiên họp thường kỳ tháng ' || to_char(m, 'MM/YYYY') || ' của Đảng ủy phường', 'held', s - interval '5 days',
                CASE WHEN (id + extract(month FROM m)::int) % 7 = 0 THEN NULL ELSE s - interval '5 days' END
         FROM timed",
        city,
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("INSERT INTO audit_log (city_id, action, entity, entity_id) VALUES ($1, 'seed', 'history', $1)", city)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The periodic reports of the past year in the demo city (once), and the header its
/// documents carry: the wards' monthly,
/// quarterly and half-yearly reports and the groups' half-year report, most submitted on
/// time, some late, a few missing; last month's report of every other ward (Phường 1
/// among them) is still missing, for its staff to write.
pub async fn load_periodic_if_missing(pool: &PgPool) -> Result<bool, sqlx::Error> {
    use crate::periodic::model::Reporter;
    use chrono::Datelike;
    let demo_city: Option<i64> = sqlx::query_scalar!(
        "SELECT l.city_id FROM audit_log l WHERE l.action = 'seed' AND l.entity = 'history'
           AND NOT EXISTS (SELECT 1 FROM periodic_reports r WHERE r.city_id = l.city_id)
         LIMIT 1",
    )
    .fetch_optional(pool)
    .await?;
    let Some(city) = demo_city else {
        return Ok(false);
    };
    let today = crate::helpers::today_vn();
    let this_month = crate::helpers::first_of_month(today);
    let last_month = crate::helpers::prev_month(this_month);
    let periods: Vec<_> = [today.year() - 1, today.year()]
        .into_iter()
        .flat_map(crate::periodic::api::periods_of_year)
        .filter(|p| p.end < this_month && p.end >= today - chrono::Duration::days(365))
        .collect();
    let owed = crate::periodic::api::owed(pool, city, &periods, None)
        .await
        .map_err(|e| sqlx::Error::Protocol(format!("{:?}", e.kind)))?;
    let mut wards: Vec<i64> = owed.iter().filter(|o| o.reporter == Reporter::Ward).map(|o| o.id).collect();
    wards.sort_by_key(|id| (owed.iter().find(|o| o.id == *id).map(|o| o.name.clone()), *id));
    wards.dedup();
    let mut tx = pool.begin().await?;
    // the header of the documents it writes (the review report's superior body and place)
    sqlx::query!(
        "INSERT INTO city_settings (city_id, superior_body, place_name) VALUES ($1, 'Đảng bộ tỉnh Hòa Giang', 'Hòa Giang')
         ON CONFLICT (city_id) DO UPDATE SET superior_body = EXCLUDED.superior_body, place_name = EXCLUDED.place_name
         WHERE city_settings.superior_body = ''",
        city,
    )
    .execute(&mut *tx)
    .await?;
    for (n, o) in owed.iter().enumerate() {
        let position = wards.iter().position(|w| *w == o.id).unwrap_or(0);
        let recent = o.period.start >= last_month;
        // (days after the period's end it came in) or None: missing
        let submitted_after: Option<i64> = match o.reporter {
            Reporter::Ward if recent && position % 2 == 0 => None,
            Reporter::Ward if recent => Some(2),
            Reporter::Ward if n % 13 == 5 => None,
            Reporter::Ward if n % 7 == 3 => Some(20),
            Reporter::Ward => Some(3),
            Reporter::Group => Some(7),
        };
        let Some(after) = submitted_after else { continue };
        let (ward, group) = match o.reporter {
            Reporter::Ward => (Some(o.id), None),
            Reporter::Group => (None, Some(o.id)),
        };
        let sections = match o.reporter {
            Reporter::Ward => serde_json::json!({
                "socio_economic": "Tình hình kinh tế - xã hội trên địa bàn ổn định; các chỉ tiêu thu ngân sách, chỉnh trang đô thị thực hiện theo kế hoạch.",
                "defence_security": "An ninh chính trị, trật tự an toàn xã hội được giữ vững; không có vụ việc phức tạp.",
                "party_building": "Các chi bộ sinh hoạt định kỳ đúng quy định; triển khai kịp thời các văn bản của cấp trên.",
                "issues": "",
            }),
            Reporter::Group => serde_json::json!({
                "results": "Các thành viên dự sinh hoạt đầy đủ tại các chi bộ được phân công, báo cáo kết quả đúng thời gian quy định.",
                "shortcomings": "Một số báo cáo còn chậm; một số kiến nghị chưa được giải quyết dứt điểm.",
                "proposals": "Đề nghị các cơ quan liên quan tập trung giải quyết các kiến nghị tồn đọng.",
            }),
        };
        sqlx::query!(
            "INSERT INTO periodic_reports (city_id, ward_id, group_id, cadence, period_start, period_end, status, sections,
                                           submitted_at, submitted_by)
             VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7,
                     ($6::date + $8::int + time '09:30') AT TIME ZONE 'Asia/Ho_Chi_Minh',
                     (SELECT id FROM accounts WHERE city_id = $1 AND role = 'ward_staff' AND scope_unit_id = $2 LIMIT 1))
             ON CONFLICT DO NOTHING",
            city,
            ward,
            group,
            o.period.cadence.key(),
            o.period.start,
            o.period.end,
            sections,
            after as i32,
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(true)
}
