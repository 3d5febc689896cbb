//! One check and its result, as `token verify`, `token status` and `secret check` report them:
//! a typed [`CheckId`], whether it passed, how a failure counts, the data hints and `status`
//! read ([`Cause`]), and the detail for people. Rendered here once: to a table row and to JSON.

use serde::ser::{Serialize, SerializeStruct, Serializer};
use serde_json::Value;

use crate::output::{Cell, Tone, mark};
use crate::time::Time;

/// Which check: the name `-o json` and the tables print is [`CheckId::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CheckId {
    // A token's header (`token verify`, `token status`, `token inspect`).
    Algorithm,
    Typ,
    Crit,
    B64,
    Signature,
    // Its claims.
    Exp,
    Nbf,
    Iat,
    Iss,
    Aud,
    Required,
    ClaimTypes,
    Quota,
    // A secret (`secret check`).
    Length,
    Encoding,
    Permissions,
    Previous,
}

impl CheckId {
    /// The name in tables and JSON; stable, since scripts read it.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::Algorithm => "algorithm",
            CheckId::Typ => "typ",
            CheckId::Crit => "crit",
            CheckId::B64 => "b64",
            CheckId::Signature => "signature",
            CheckId::Exp => "exp",
            CheckId::Nbf => "nbf",
            CheckId::Iat => "iat",
            CheckId::Iss => "iss",
            CheckId::Aud => "aud",
            CheckId::Required => "required claims",
            CheckId::ClaimTypes => "claim types",
            CheckId::Quota => "quota",
            CheckId::Length => "length",
            CheckId::Encoding => "encoding",
            CheckId::Permissions => "permissions",
            CheckId::Previous => "previous",
        }
    }

    /// The checks of a token's authenticity: who signed it and how. What `token refresh`
    /// requires (its expiry is what refreshing fixes).
    pub fn is_authenticity(self) -> bool {
        matches!(
            self,
            CheckId::Algorithm | CheckId::Typ | CheckId::Crit | CheckId::B64 | CheckId::Signature
        )
    }

    /// The checks of a token's times: exp, nbf and iat.
    pub fn is_time(self) -> bool {
        matches!(self, CheckId::Exp | CheckId::Nbf | CheckId::Iat)
    }

    /// Whether this check may pass with a warning (`secret check`'s): its JSON always says
    /// whether it did. A token's warnings are reported apart, so its checks' JSON does not.
    fn can_warn(self) -> bool {
        matches!(
            self,
            CheckId::Length | CheckId::Encoding | CheckId::Permissions | CheckId::Previous
        )
    }
}

impl std::fmt::Display for CheckId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a failed check counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The token (or secret) is rejected.
    Reject,
    /// The token is expired or not yet valid.
    Time,
}

/// What a check found, where what to do next depends on more than which check it is: hints
/// and `token status` are chosen from this, never from the wording of the detail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cause {
    #[default]
    Other,
    /// The token names these audiences, and no `--aud` was given to check them against.
    AudNotChecked(Vec<String>),
    /// Signed by the previous secret, whose grace period has ended.
    PreviousRetired,
    /// A time claim that is present but not a number.
    NotNumericDate,
    /// No exp, and one is required.
    NoExp,
    /// The token expired at this instant.
    Expired(Time),
}

/// One check and its result.
#[derive(Debug, Clone)]
pub struct Check {
    pub id: CheckId,
    pub ok: bool,
    /// Passed, but worth a look.
    pub warn: bool,
    pub severity: Severity,
    pub cause: Cause,
    /// What was found, for people.
    pub detail: String,
}

impl Check {
    pub fn new(id: CheckId, ok: bool, detail: impl Into<String>) -> Check {
        Check {
            id,
            ok,
            warn: false,
            severity: Severity::Reject,
            cause: Cause::Other,
            detail: detail.into(),
        }
    }

    pub fn pass(id: CheckId, detail: impl Into<String>) -> Check {
        Check::new(id, true, detail)
    }

    pub fn fail(id: CheckId, detail: impl Into<String>) -> Check {
        Check::new(id, false, detail)
    }

    /// A failure of time: expired or not yet valid.
    pub fn late(id: CheckId, detail: impl Into<String>) -> Check {
        Check {
            severity: Severity::Time,
            ..Check::fail(id, detail)
        }
    }

    pub fn because(self, cause: Cause) -> Check {
        Check { cause, ..self }
    }

    pub fn warning(self, warn: bool) -> Check {
        Check { warn, ..self }
    }

    /// The row a table shows: ✓, ✗ (yellow for a failure of time), or `!` for a warning;
    /// the check's name; the detail.
    pub fn row(&self) -> [Cell; 3] {
        let mark = if self.ok && self.warn {
            Cell::toned("!", Tone::Late)
        } else if self.severity == Severity::Time {
            mark(self.ok, Tone::Late)
        } else {
            mark(self.ok, Tone::Bad)
        };
        [
            mark,
            Cell::from(self.id.as_str()).atom(),
            Cell::from(&self.detail),
        ]
    }
}

/// As `-o json` prints a check: `{"check", "ok", "detail"}`, with `"warning"` for the checks
/// that can warn.
impl Serialize for Check {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let warns = self.id.can_warn();
        let mut st = s.serialize_struct("Check", 3 + usize::from(warns))?;
        st.serialize_field("check", self.id.as_str())?;
        st.serialize_field("ok", &self.ok)?;
        if warns {
            st.serialize_field("warning", &self.warn)?;
        }
        st.serialize_field("detail", &self.detail)?;
        st.end()
    }
}

/// A JSON value's type as messages name it: `a string`, `a number`, `null`, …
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_serialize_with_their_names_and_warning_only_where_one_can_be() {
        let c = Check::fail(CheckId::ClaimTypes, "x");
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"check":"claim types","ok":false,"detail":"x"}"#
        );
        let c = Check::pass(CheckId::Encoding, "y").warning(true);
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"check":"encoding","ok":true,"warning":true,"detail":"y"}"#
        );
    }
}
