//! Which wards a caller sees on a day or over a period: the one answer every feature asks.
//!
//! | role                                            | reach                                   |
//! |-------------------------------------------------|-----------------------------------------|
//! | admin, organization board, standing committee   | the whole city                          |
//! | ward staff                                      | their ward                              |
//! | group leader, group member                      | the wards their groups follow then      |
//! | responder                                       | none here (a body sees what it was sent) |
//!
//! "The wards a person's groups follow over [from, to)" is written once, in SQL, as
//! `tct_followed_wards(person, from, to)` (migration 0016), and used through this module:
//! `Reach::push_wards` adds the condition to a query being built (per row when the period
//! is each row's own day), `Reach::ward_ids` answers the list for a static query, which
//! binds it as `($n::bigint[] IS NULL OR w.id = ANY($n))`, and `follows` answers for one
//! ward. A feature's own rules (a responder's body, an item's author) stay in its
//! `permissions.rs`, on top of this.

use super::{Me, Role};

/// Whose wards a caller sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// The whole city.
    City,
    /// The wards followed by the groups this person belongs to.
    Groups(i64),
    /// One ward.
    Ward(i64),
}

impl Reach {
    /// The caller's reach by role; None for a role that sees no ward as such (a responder),
    /// or an account missing what its role needs (a member without a person).
    pub fn of(me: &Me) -> Option<Reach> {
        match me.role {
            Role::Admin | Role::StandingCommittee | Role::OrganizationBoard => Some(Reach::City),
            Role::WardStaff => me.ward_scope().map(Reach::Ward),
            Role::GroupLeader | Role::GroupMember => me.person_id.map(Reach::Groups),
            Role::Responder => None,
        }
    }
}

/// A period for the followed wards: two dates bound as values, or each row's own day
/// (an SQL expression of type date, such as a meeting's local day).
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Copy)]
pub enum Period<'a> {
    /// [from, to)
    Dates(chrono::NaiveDate, chrono::NaiveDate),
    /// the day this expression gives, for each row
    RowDay(&'a str),
}

#[cfg(feature = "ssr")]
impl Reach {
    /// Adds ` AND <ward_col> is seen` to a query being built. None (no reach) sees nothing.
    pub fn push_wards(reach: Option<Reach>, qb: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>, ward_col: &str, period: Period<'_>) {
        if reach != Some(Reach::City) {
            qb.push(" AND ");
            Reach::push_seen(reach, qb, ward_col, period);
        }
    }

    /// Adds the condition `<ward_col> is seen` alone (to be combined with another, with OR).
    pub fn push_seen(reach: Option<Reach>, qb: &mut sqlx::QueryBuilder<'_, sqlx::Postgres>, ward_col: &str, period: Period<'_>) {
        match reach {
            Some(Reach::City) => {
                qb.push("true");
            }
            Some(Reach::Ward(w)) => {
                qb.push(format!("{ward_col} = ")).push_bind(w);
            }
            Some(Reach::Groups(person)) => {
                qb.push(format!("{ward_col} IN (SELECT ward_id FROM tct_followed_wards(")).push_bind(person);
                match period {
                    Period::Dates(from, to) => {
                        qb.push(", ").push_bind(from).push(", ").push_bind(to).push("))");
                    }
                    Period::RowDay(day) => {
                        qb.push(format!(", {day}, {day} + 1))"));
                    }
                }
            }
            None => {
                qb.push("false");
            }
        }
    }

    /// The wards seen over [from, to): None for the whole city. Bind it as `$n::bigint[]`
    /// and test `($n::bigint[] IS NULL OR w.id = ANY($n))`.
    pub async fn ward_ids<'e>(
        reach: Option<Reach>,
        db: impl sqlx::PgExecutor<'e>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> crate::error::AppResult<Option<Vec<i64>>> {
        Ok(match reach {
            Some(Reach::City) => None,
            Some(Reach::Ward(w)) => Some(vec![w]),
            Some(Reach::Groups(person)) => Some(followed_wards(db, person, from, to).await?),
            None => Some(Vec::new()),
        })
    }
}

#[cfg(feature = "ssr")]
impl Reach {
    /// The working groups seen over [from, to): None for the whole city; a ward's, those
    /// following it; a member's, his own groups. Bound and tested as `ward_ids` is.
    pub async fn group_ids<'e>(
        reach: Option<Reach>,
        db: impl sqlx::PgExecutor<'e>,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> crate::error::AppResult<Option<Vec<i64>>> {
        Ok(Some(match reach {
            Some(Reach::City) => return Ok(None),
            None => Vec::new(),
            Some(Reach::Ward(id)) => {
                sqlx::query_scalar!(
                    "SELECT DISTINCT group_id FROM group_wards
                     WHERE ward_id = $1 AND active_from < $3 AND (active_to IS NULL OR active_to > $2) ORDER BY 1",
                    id,
                    from,
                    to,
                )
                .fetch_all(db)
                .await?
            }
            Some(Reach::Groups(id)) => {
                sqlx::query_scalar!(
                    "SELECT DISTINCT group_id FROM group_members
                     WHERE person_id = $1 AND active_from < $3 AND (active_to IS NULL OR active_to > $2) ORDER BY 1",
                    id,
                    from,
                    to,
                )
                .fetch_all(db)
                .await?
            }
        }))
    }
}

/// The wards this person's groups follow over [from, to).
#[cfg(feature = "ssr")]
pub async fn followed_wards<'e>(
    db: impl sqlx::PgExecutor<'e>,
    person: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> crate::error::AppResult<Vec<i64>> {
    Ok(sqlx::query_scalar!(r#"SELECT DISTINCT ward_id AS "v!" FROM tct_followed_wards($1, $2, $3) ORDER BY 1"#, person, from, to)
        .fetch_all(db)
        .await?)
}

/// Does one of this person's groups follow the ward over [from, to)?
#[cfg(feature = "ssr")]
pub async fn follows<'e>(
    db: impl sqlx::PgExecutor<'e>,
    person: Option<i64>,
    ward: i64,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> crate::error::AppResult<bool> {
    let Some(person) = person else { return Ok(false) };
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM tct_followed_wards($1, $2, $3) WHERE ward_id = $4) AS "v!""#,
        person,
        from,
        to,
        ward,
    )
    .fetch_one(db)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_by_role() {
        assert_eq!(Reach::of(&Me::test(Role::Admin, None)), Some(Reach::City));
        assert_eq!(Reach::of(&Me::test(Role::StandingCommittee, None)), Some(Reach::City));
        assert_eq!(Reach::of(&Me::test(Role::OrganizationBoard, None)), Some(Reach::City));
        assert_eq!(Reach::of(&Me::test(Role::WardStaff, Some(7))), Some(Reach::Ward(7)));
        assert_eq!(Reach::of(&Me::test(Role::GroupLeader, None)), Some(Reach::Groups(1)));
        assert_eq!(Reach::of(&Me::test(Role::GroupMember, None)), Some(Reach::Groups(1)));
        assert_eq!(Reach::of(&Me::test(Role::Responder, Some(7))), None);
        let mut no_person = Me::test(Role::GroupMember, None);
        no_person.person_id = None;
        assert_eq!(Reach::of(&no_person), None);
    }
}
