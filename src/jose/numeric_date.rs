//! NumericDates (RFC 7519 §2): the claims of a token whose values are times.

use serde_json::{Map, Value};

use crate::report::json_type;
use crate::time::Time;

/// A NumericDate claim of `claims`: absent, any number of seconds (RFC 7519 §2 sets no range:
/// `1e20` is a date far in the future), or an error that says what else it is.
pub fn numeric_date(
    claims: &Map<String, Value>,
    name: &str,
) -> std::result::Result<Option<Time>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(Some(Time::from_number(n))),
        Some(other) => Err(format!(
            "{} (NumericDate), but it is {} ({other})",
            not_a_number(name),
            json_type(other)
        )),
    }
}

/// The first words of [`numeric_date`]'s error, which `token status` shows alone.
pub fn not_a_number(name: &str) -> String {
    format!("{name} must be a number")
}

/// A NumericDate claim when it is a number, else `None`.
pub fn date(claims: &Map<String, Value>, name: &str) -> Option<Time> {
    numeric_date(claims, name).ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DATE_LIMIT, parse_instant};

    #[test]
    fn numeric_dates_have_no_range_and_compare_to_the_nanosecond() {
        let claims: Map<String, Value> = serde_json::from_str(
            r#"{"a":253402300800,"b":1e20,"c":-1e300,"d":1762125073.9,"e":18446744073709551615}"#,
        )
        .unwrap();
        let d = |k| numeric_date(&claims, k).unwrap().unwrap();
        assert_eq!(d("a"), Time::from_secs(DATE_LIMIT));
        assert_eq!(d("b"), Time::MAX);
        assert_eq!(d("c"), Time::MIN);
        assert_eq!(d("e"), Time::MAX);
        assert!(d("d") > Time::from_secs(1_762_125_073));
        assert_eq!(d("d"), Time::from(parse_instant("1762125073.9").unwrap()));
        assert_eq!(d("a").utc(), None);
        assert_eq!(d("a").show(), "after the year 9999");
        assert_eq!(d("a").relative(Time::from_secs(0)), "far in the future");
        assert_eq!(d("c").show(), "before the year 0");
        assert_eq!(d("d").utc().unwrap(), "2025-11-02T23:11:13.900Z");
        assert_eq!(
            Time::from_secs(DATE_LIMIT - 1).utc().unwrap(),
            "9999-12-31T23:59:59Z"
        );
    }
}
