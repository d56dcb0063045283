//! Closed sets of codes kept in text columns (a report's status, a recommendation's
//! status): one enum each, made by `codes!`, that is the same value in Rust, on the wire
//! (serde, as its code) and in Postgres (`sqlx::Type` over `text`). A code the enum does not
//! know is an error where it is read (a row, a request), never a silent default.

/// Declares a code enum: each variant with its code (the text stored and sent) and its
/// label's catalogue key.
///
/// ```ignore
/// codes! {
///     /// A report's status.
///     pub enum ReportStatus {
///         Draft = "draft" => "report.status.draft",
///         Submitted = "submitted" => "report.status.submitted",
///     }
/// }
/// ```
#[macro_export]
macro_rules! codes {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $var:ident = $code:literal => $key:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $var),+
        }

        impl $name {
            /// Every value, in the order declared.
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The text stored and sent.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$var => $code),+
                }
            }

            /// The value of a code, or None for a code this enum does not know.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($code => Some($name::$var),)+
                    _ => None,
                }
            }

            /// Its label's key in the message catalogue.
            pub fn label_key(self) -> &'static str {
                match self {
                    $($name::$var => $key),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::parse(&s).ok_or_else(|| {
                    <D::Error as serde::de::Error>::custom(format!(concat!("unknown ", stringify!($name), " {:?}"), s))
                })
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
        }

        #[cfg(feature = "ssr")]
        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
                $name::parse(s).ok_or_else(|| format!(concat!("unknown ", stringify!($name), " {:?} in the database"), s).into())
            }
        }

        #[cfg(feature = "ssr")]
        impl sqlx::Encode<'_, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<sqlx::Postgres>>::encode_by_ref(&self.code(), buf)
            }
        }
    };
}
