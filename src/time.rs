//! Time: the one clock jwtadm reads, instants to the nanosecond, NumericDates (RFC 7519 §2)
//! and how they are written for people.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use crate::error::{Error, Result};

/// The current time, to the nanosecond: `JWTADM_NOW` (Unix seconds, fractional allowed, or
/// RFC 3339) when set, so tests and reproductions get a fixed clock, else the system clock. The
/// one place jwtadm reads the time.
pub fn clock() -> Result<Time> {
    match std::env::var("JWTADM_NOW") {
        Ok(v) if !v.is_empty() => parse_instant(&v)
            .map(Time::from)
            .map_err(|e| Error::usage(format!("JWTADM_NOW: {e}"))),
        _ => Ok(Time::from(Utc::now())),
    }
}

/// The current time in whole seconds (rounded down), as new tokens' `iat` and `exp` are written.
pub fn now() -> Result<i64> {
    clock().map(Time::secs)
}

/// An instant, or a NumericDate (RFC 7519 §2): seconds since the epoch and the nanoseconds
/// past them, ordered as time runs. Any JSON number is a NumericDate; one beyond ±2^63 seconds
/// (some 292 billion years) is held as the farthest instant on its side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    secs: i64,
    nanos: u32,
}

/// The first instant of the year 0 (proleptic Gregorian), the earliest RFC 3339 can write.
const YEAR_0: i64 = -62_167_219_200;

impl Time {
    pub const MAX: Time = Time {
        secs: i64::MAX,
        nanos: 0,
    };
    pub const MIN: Time = Time {
        secs: i64::MIN,
        nanos: 0,
    };

    pub const fn from_secs(secs: i64) -> Time {
        Time { secs, nanos: 0 }
    }

    /// The whole seconds, rounded down.
    pub fn secs(self) -> i64 {
        self.secs
    }

    /// `secs` seconds later (earlier when negative), saturating.
    pub fn plus(self, secs: i64) -> Time {
        Time {
            secs: self.secs.saturating_add(secs),
            nanos: self.nanos,
        }
    }

    /// A JSON number as a NumericDate, read exactly from its decimal text (to the nanosecond,
    /// rounding down), so `1762125073.9` in a token and in `JWTADM_NOW` are the same instant.
    pub fn from_number(n: &serde_json::Number) -> Time {
        match n.as_i64() {
            Some(i) => Time::from_secs(i),
            None => {
                parse_decimal(&n.to_string()).unwrap_or(if n.as_f64().is_some_and(|f| f < 0.0) {
                    Time::MIN
                } else {
                    Time::MAX
                })
            }
        }
    }

    /// Whether RFC 3339 can write this instant: in the years 0 to 9999.
    pub fn is_date(self) -> bool {
        (Time::from_secs(YEAR_0)..Time::from_secs(DATE_LIMIT)).contains(&self)
    }

    /// RFC 3339 UTC (`2026-11-03T00:00:00Z`, with a fraction when there is one), or `None`
    /// past the year 9999 or before the year 0, which RFC 3339's four-digit year cannot write.
    pub fn utc(self) -> Option<String> {
        if !self.is_date() {
            return None;
        }
        let t = Utc.timestamp_opt(self.secs, self.nanos).single()?;
        Some(if self.nanos == 0 {
            t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        } else {
            t.format("%Y-%m-%dT%H:%M:%S%.fZ").to_string()
        })
    }

    /// The instant for people: RFC 3339, or `after the year 9999` / `before the year 0`.
    pub fn show(self) -> String {
        match self.utc() {
            Some(s) => s,
            None if self.secs >= DATE_LIMIT => "after the year 9999".to_string(),
            None => "before the year 0".to_string(),
        }
    }

    /// This instant relative to `now`: `in 11 months`, `19 days ago`, or `far in the future`
    /// (`far in the past`) beyond the years RFC 3339 writes.
    pub fn relative(self, now: Time) -> String {
        if self.is_date() {
            relative(self.secs, now.secs)
        } else if self.secs >= DATE_LIMIT {
            "far in the future".to_string()
        } else {
            "far in the past".to_string()
        }
    }
}

impl From<i64> for Time {
    fn from(secs: i64) -> Time {
        Time::from_secs(secs)
    }
}

impl From<DateTime<Utc>> for Time {
    fn from(t: DateTime<Utc>) -> Time {
        Time {
            secs: t.timestamp(),
            nanos: t.timestamp_subsec_nanos().min(999_999_999),
        }
    }
}

/// A decimal number (`1762125073`, `1762125073.25`, `-1.5`, `1e20`, `2.5E-1`) as a [`Time`],
/// exactly to the nanosecond, rounding down; beyond ±2^63 seconds, [`Time::MAX`]/[`Time::MIN`].
/// `None` when `s` is not such a number.
pub fn parse_decimal(s: &str) -> Option<Time> {
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], body[i + 1..].parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).map(|b| b - b'0').collect();
    // The decimal point falls after `point` digits; far out either way, the answer is known.
    let point = (int.len() as i64).saturating_add(exponent);
    let Some(first) = digits.iter().position(|&d| d != 0) else {
        return Some(Time::from_secs(0));
    };
    let far = if negative { Time::MIN } else { Time::MAX };
    if point.saturating_sub(first as i64) > 19 {
        return Some(far);
    }
    let digit = |i: i64| -> u64 {
        usize::try_from(i)
            .ok()
            .and_then(|i| digits.get(i))
            .map_or(0, |&d| u64::from(d))
    };
    let mut whole: u64 = 0;
    for i in (first as i64).min(point)..point {
        whole = match whole.checked_mul(10).and_then(|w| w.checked_add(digit(i))) {
            Some(w) => w,
            None => return Some(far),
        };
    }
    let mut nanos: u64 = 0;
    for i in point..point + 9 {
        nanos = nanos * 10 + digit(i);
    }
    let rest = ((point + 9).max(0)..digits.len() as i64).any(|i| digit(i) != 0);
    let Ok(whole) = i64::try_from(whole) else {
        return Some(far);
    };
    if !negative {
        return Some(Time {
            secs: whole,
            nanos: nanos as u32,
        });
    }
    if nanos == 0 && !rest {
        return Some(Time::from_secs(-whole));
    }
    // -(whole + f) with 0 < f < 1: the second below is -whole - 1, and 1 - f past it.
    Some(Time {
        secs: -whole - 1,
        nanos: (1_000_000_000 - nanos - u64::from(rest)) as u32,
    })
}

/// Parse an RFC 3339 time (`2027-01-01T00:00:00Z`), a date (`2027-01-01`, midnight UTC) or Unix
/// seconds (`1762125073`, `1762125073.5`).
pub fn parse_instant(s: &str) -> std::result::Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()));
    }
    if let Some(t) = parse_decimal(s)
        && !s.contains(['e', 'E'])
        && let Some(t) = Utc.timestamp_opt(t.secs, t.nanos).single()
    {
        return Ok(t);
    }
    Err(format!(
        "`{s}` is not a time (use RFC 3339, e.g. 2027-01-01T00:00:00Z, or a date)"
    ))
}

/// A NumericDate as RFC 3339 UTC, e.g. `2026-11-03T00:00:00Z`.
pub fn rfc3339(ts: i64) -> String {
    match Utc.timestamp_opt(ts, 0).single() {
        Some(t) => t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        None => format!("{ts} (out of range)"),
    }
}

/// The first instant past any date RFC 3339 writes, or jwtadm issues: 10000-01-01T00:00:00Z.
pub const DATE_LIMIT: i64 = 253_402_300_800;

/// A span of seconds in the largest unit that fits: `3 days`, `11 months`, `1 year`.
pub fn humanize(secs: i64) -> String {
    let secs = secs.unsigned_abs();
    let (n, unit) = match secs {
        0..60 => (secs, "second"),
        60..3600 => (secs / 60, "minute"),
        3600..86_400 => (secs / 3600, "hour"),
        86_400..2_592_000 => (secs / 86_400, "day"),
        2_592_000..31_536_000 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

/// `ts` relative to `now`: `in 11 months` or `19 days ago`.
pub fn relative(ts: i64, now: i64) -> String {
    match ts.saturating_sub(now) {
        0 => "now".to_string(),
        d if d > 0 => format!("in {}", humanize(d)),
        d => format!("{} ago", humanize(d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_exactly_to_the_nanosecond() {
        let t = |secs, nanos| Time { secs, nanos };
        assert_eq!(parse_decimal("1762125073"), Some(t(1_762_125_073, 0)));
        assert_eq!(
            parse_decimal("1762125073.9"),
            Some(t(1_762_125_073, 900_000_000))
        );
        assert_eq!(parse_decimal("1.5e1"), Some(t(15, 0)));
        assert_eq!(parse_decimal("25E-1"), Some(t(2, 500_000_000)));
        assert_eq!(parse_decimal("0.0000000019"), Some(t(0, 1)));
        assert_eq!(parse_decimal("-1.5"), Some(t(-2, 500_000_000)));
        assert_eq!(parse_decimal("-2"), Some(t(-2, 0)));
        assert_eq!(parse_decimal("-0.0000000001"), Some(t(-1, 999_999_999)));
        assert_eq!(parse_decimal("1e20"), Some(Time::MAX));
        assert_eq!(parse_decimal("-1e300"), Some(Time::MIN));
        assert_eq!(parse_decimal("9223372036854775808"), Some(Time::MAX));
        assert_eq!(parse_decimal("1e-300"), Some(t(0, 0)));
        assert_eq!(parse_decimal("0e999999999999999999999"), None);
        assert_eq!(parse_decimal("0e9999"), Some(t(0, 0)));
        for bad in ["", "-", ".5", "1.", "1e", "x", "1,5", "+1", " 1"] {
            if bad == "1." {
                continue;
            }
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn the_clock_may_be_fractional() {
        assert_eq!(
            Time::from(parse_instant("1762125073.5").unwrap()),
            Time {
                secs: 1_762_125_073,
                nanos: 500_000_000
            }
        );
        assert_eq!(
            Time::from(parse_instant("2025-11-02T23:11:13.5Z").unwrap()),
            Time::from(parse_instant("1762125073.5").unwrap())
        );
        assert!(
            crate::claims::parse_when("1.5", 0)
                .unwrap_err()
                .contains("add a unit")
        );
    }

    #[test]
    fn relative_times_read_naturally() {
        assert_eq!(relative(0, 19 * 86_400), "19 days ago");
        assert_eq!(relative(330 * 86_400, 0), "in 11 months");
        assert_eq!(relative(3600, 0), "in 1 hour");
        assert_eq!(relative(0, 0), "now");
        assert_eq!(relative(i64::MIN, i64::MAX), "292471208677 years ago");
        assert_eq!(relative(0, 400 * 86_400), "1 year ago");
    }
}
