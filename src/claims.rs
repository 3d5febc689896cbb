//! Times, durations and the claim set of a new token.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use serde_json::{Map, Value};

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

/// Parse a duration such as `90m`, `24h`, `365d`, `1y`, `2w`, `1d12h` into seconds.
/// Units: `s`, `m` (minutes), `h`, `d`, `w`, `y` (365 days).
pub fn parse_duration(s: &str) -> std::result::Result<i64, String> {
    let bad = || format!("`{s}` is not a duration (e.g. 90m, 24h, 365d, 1y)");
    let s = s.trim();
    if s.is_empty() {
        return Err(bad());
    }
    let mut total: i64 = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(bad());
        }
        let n: i64 = rest[..digits].parse().map_err(|_| bad())?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let unit = match rest[..unit_len].trim() {
            "s" | "sec" | "secs" | "second" | "seconds" => 1,
            "m" | "min" | "mins" | "minute" | "minutes" => 60,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600,
            "d" | "day" | "days" => 86_400,
            "w" | "week" | "weeks" => 7 * 86_400,
            "y" | "year" | "years" => 365 * 86_400,
            _ => return Err(bad()),
        };
        rest = &rest[unit_len..];
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("`{s}` is too long a duration"))?;
    }
    // Beyond year 9999 no NumericDate is useful, and chrono cannot show it.
    if total > 8000 * 365 * 86_400 {
        return Err(format!("`{s}` is too long a duration"));
    }
    Ok(total)
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

/// A point in time given either as a duration from now or as an absolute time.
pub fn parse_when(s: &str, now: i64) -> std::result::Result<i64, String> {
    match parse_duration(s) {
        Ok(secs) => Ok(now + secs),
        // A bare number is more likely a duration missing its unit than a Unix time.
        Err(dur_err) if s.trim().bytes().all(|b| b.is_ascii_digit() || b == b'.') => {
            Err(format!("{dur_err}: add a unit"))
        }
        Err(_) => parse_instant(s)
            .map(|t| t.timestamp())
            .map_err(|e| format!("{e}, or a duration such as 24h or 365d")),
    }
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

/// A NumericDate claim of `claims`: absent, any number of seconds (RFC 7519 §2 sets no range:
/// `1e20` is a date far in the future), or an error that says what else it is.
pub fn numeric_date(
    claims: &Map<String, Value>,
    name: &str,
) -> std::result::Result<Option<Time>, String> {
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => Ok(Some(Time::from_number(n))),
        Some(other) => {
            let kind = match other {
                Value::String(_) => "a string",
                Value::Bool(_) => "a boolean",
                Value::Array(_) => "an array",
                Value::Object(_) => "an object",
                _ => "null",
            };
            Err(format!(
                "{name} must be a number (NumericDate), but it is {kind} ({other})"
            ))
        }
    }
}

/// An expiry a new token may have: after `now`, before the year 10000.
pub fn check_expiry(exp: i64, now: i64) -> std::result::Result<(), String> {
    if exp <= now {
        Err(format!("the expiry {} is not in the future", rfc3339(exp)))
    } else if exp >= DATE_LIMIT {
        Err("the expiry is past the year 9999, which no verifier reads as a date".to_string())
    } else {
        Ok(())
    }
}

/// A NumericDate claim when it is a number, else `None`.
pub fn date(claims: &Map<String, Value>, name: &str) -> Option<Time> {
    numeric_date(claims, name).ok().flatten()
}

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

/// A lifetime in the shortest exact form `parse_duration` reads back: `365d`, `24h`, `90m`.
pub fn compact_duration(secs: i64) -> String {
    for (unit, n) in [("d", 86_400), ("h", 3600), ("m", 60)] {
        if secs != 0 && secs % n == 0 {
            return format!("{}{unit}", secs / n);
        }
    }
    format!("{secs}s")
}

/// The registered claims whose values are times.
pub const TIME_CLAIMS: [&str; 3] = ["exp", "nbf", "iat"];

/// Everything a new token's claims are made from.
#[derive(Debug, Clone, Default)]
pub struct ClaimSpec {
    pub sub: String,
    pub iss: Option<String>,
    /// One value gives a string, several an array.
    pub aud: Vec<String>,
    /// Seconds since the epoch; `None` for no `exp`.
    pub exp: Option<i64>,
    pub nbf: Option<i64>,
    pub iat: Option<i64>,
    pub jti: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub quota: Option<i64>,
    /// Further claims (from `--claims-file`, then `--claim`), in order.
    pub extra: Map<String, Value>,
}

/// A roster client's claims, borrowed rather than built, in the order [`ClaimSpec::build`]
/// gives them: sub, iss, aud, iat, exp, jti, then the client's own claims (which the roster
/// keeps clear of the registered ones).
#[derive(serde::Serialize)]
pub struct ClientClaims<'a> {
    pub sub: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iss: Option<&'a str>,
    #[serde(skip_serializing_if = "Audience::is_empty")]
    pub aud: Audience<'a>,
    pub iat: i64,
    pub exp: i64,
    pub jti: &'a str,
    #[serde(flatten)]
    pub extra: &'a Map<String, Value>,
}

/// `aud`: one audience as a string, several as an array.
pub struct Audience<'a>(pub &'a [String]);

impl Audience<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl serde::Serialize for Audience<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        match self.0 {
            [one] => s.serialize_str(one),
            many => s.collect_seq(many),
        }
    }
}

/// A random 128-bit id, as 32 hex digits, straight from the operating system's CSPRNG.
///
/// Bytes are drawn 512 at a time, so a roster of 10,000 clients costs about 300 system calls.
/// Not rand's thread generator: setting it up probes the CPU's features with CPUID, which in
/// a virtual machine traps to the hypervisor (about 5 µs each, some 40 µs in all: more than a
/// tenth of what `token issue` costs above an empty program).
///
/// The pool is per thread and not reseeded after `fork`: a forked child that goes on issuing
/// tokens without `exec` would repeat its parent's remaining ids. jwtadm never forks.
pub fn random_jti() -> Result<String> {
    use rand::RngCore;
    use std::cell::RefCell;
    const POOL: usize = 512;
    const JTI: usize = 16;
    thread_local! {
        static BYTES: RefCell<([u8; POOL], usize)> = const { RefCell::new(([0; POOL], POOL)) };
    }
    BYTES.with(|cell| {
        let mut cell = cell.borrow_mut();
        let (pool, used) = &mut *cell;
        if *used + JTI > POOL {
            rand::rngs::OsRng
                .try_fill_bytes(pool)
                .map_err(|e| Error::operational(format!("the random generator failed: {e}")))?;
            *used = 0;
        }
        let jti = crate::secret::Encoding::Hex.encode(&pool[*used..*used + JTI]);
        *used += JTI;
        Ok(jti)
    })
}

/// `KEY=VALUE` where VALUE is JSON when it parses as JSON, else a string.
pub fn parse_claim_arg(arg: &str) -> std::result::Result<(String, Value), String> {
    let (key, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("`{arg}` is not KEY=VALUE"))?;
    if key.is_empty() {
        return Err(format!("`{arg}` has no claim name before `=`"));
    }
    // A base64 key ends in `=`: pasted as `--claim KEY`, it would become a claim named after
    // the key, in a token handed to every client.
    if crate::secret::could_be_secret(key) {
        return Err(
            "the claim name looks like a key or a token, not a name; a claim is --claim NAME=VALUE"
                .to_string(),
        );
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Ok((key.to_string(), value))
}

impl ClaimSpec {
    /// The claim set, in a readable order: sub, iss, aud, iat, nbf, exp, jti, name, role, quota,
    /// then the extra claims. A claim given both by its own option and as an extra claim is an
    /// error, as is a time claim given as an extra claim (use `--expires`/`--not-before`).
    pub fn build(&self) -> Result<Map<String, Value>> {
        let mut claims = Map::new();
        claims.insert("sub".into(), self.sub.clone().into());
        if let Some(iss) = &self.iss {
            claims.insert("iss".into(), iss.clone().into());
        }
        match self.aud.as_slice() {
            [] => {}
            [one] => {
                claims.insert("aud".into(), one.clone().into());
            }
            many => {
                claims.insert(
                    "aud".into(),
                    many.iter()
                        .cloned()
                        .map(Value::from)
                        .collect::<Vec<_>>()
                        .into(),
                );
            }
        }
        for (key, value) in [("iat", self.iat), ("nbf", self.nbf), ("exp", self.exp)] {
            if let Some(v) = value {
                claims.insert(key.into(), v.into());
            }
        }
        for (key, value) in [
            ("jti", &self.jti),
            ("name", &self.name),
            ("role", &self.role),
        ] {
            if let Some(v) = value {
                claims.insert(key.into(), v.clone().into());
            }
        }
        if let Some(q) = self.quota {
            claims.insert("quota".into(), q.into());
        }
        for (key, value) in &self.extra {
            if TIME_CLAIMS.contains(&key.as_str()) {
                return Err(Error::usage(format!(
                    "claim `{key}` cannot be set as an extra claim; use --expires, --not-before or --no-iat"
                )));
            }
            if claims.contains_key(key) {
                return Err(Error::usage(format!(
                    "claim `{key}` is given twice (by its own option and as an extra claim)"
                )));
            }
            claims.insert(key.clone(), value.clone());
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_pasted_as_a_claim_is_refused_without_repeating_it() {
        // Found by the second red team: a base64 key's `=` made it a claim named after it.
        let err = parse_claim_arg("FW4Jt8JN1rZZw+jEviBCT0E8l83WAWUkECK6R9ycoRA=").unwrap_err();
        assert!(!err.contains("FW4Jt8"), "{err}");
        assert!(parse_claim_arg("role=admin").is_ok());
        assert!(parse_claim_arg("https://example.com/claims/tier=gold").is_ok());
    }

    #[test]
    fn jtis_are_128_bit_hex_and_distinct_across_pool_refills() {
        // 100 ids draw from four fills of the 512-byte pool.
        let ids: Vec<String> = (0..100).map(|_| random_jti().unwrap()).collect();
        for id in &ids {
            assert_eq!(id.len(), 32, "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
        }
        let distinct: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(distinct.len(), ids.len());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("90m").unwrap(), 5400);
        assert_eq!(parse_duration("24h").unwrap(), 86_400);
        assert_eq!(parse_duration("365d").unwrap(), 365 * 86_400);
        assert_eq!(parse_duration("1y").unwrap(), 365 * 86_400);
        assert_eq!(parse_duration("1d12h").unwrap(), 129_600);
        assert_eq!(parse_duration("2 weeks").unwrap(), 14 * 86_400);
        for bad in [
            "",
            "h",
            "12",
            "5x",
            "-1d",
            "1.5d",
            "99999999999999999999d",
            "9000y",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn instants_and_whens() {
        assert_eq!(
            parse_instant("2026-11-03T00:00:00Z").unwrap().timestamp(),
            1_793_664_000
        );
        assert_eq!(
            parse_instant("2026-11-03").unwrap().timestamp(),
            1_793_664_000
        );
        assert_eq!(
            parse_instant("2026-11-03T10:00:00+10:00")
                .unwrap()
                .timestamp(),
            1_793_664_000
        );
        assert_eq!(parse_when("1h", 100).unwrap(), 3700);
        assert_eq!(parse_when("2026-11-03", 0).unwrap(), 1_793_664_000);
        assert!(parse_when("soon", 0).is_err());
        assert!(parse_when("12", 0).unwrap_err().contains("not a duration"));
    }

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
        assert!(parse_when("1.5", 0).unwrap_err().contains("add a unit"));
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

    #[test]
    fn compact_durations_round_trip() {
        for s in [86_400 * 365, 86_400, 3600 * 5, 90 * 60, 7] {
            assert_eq!(parse_duration(&compact_duration(s)).unwrap(), s);
        }
        assert_eq!(compact_duration(365 * 86_400), "365d");
    }

    #[test]
    fn claims_come_in_a_readable_order() {
        let spec = ClaimSpec {
            sub: "vscode1@exai-mcp.local".into(),
            iss: Some("exai-mcp-server".into()),
            aud: vec!["exai-mcp-client".into()],
            iat: Some(1),
            exp: Some(2),
            quota: Some(100),
            extra: [("team".to_string(), Value::from("a"))]
                .into_iter()
                .collect(),
            ..ClaimSpec::default()
        };
        let claims = spec.build().unwrap();
        let keys: Vec<&str> = claims.keys().map(String::as_str).collect();
        assert_eq!(keys, ["sub", "iss", "aud", "iat", "exp", "quota", "team"]);
        assert_eq!(claims["aud"], "exai-mcp-client");
        let two = ClaimSpec {
            aud: vec!["a".into(), "b".into()],
            ..spec.clone()
        }
        .build()
        .unwrap();
        assert_eq!(two["aud"], serde_json::json!(["a", "b"]));
    }

    #[test]
    fn client_claims_serialize_as_the_spec_builds_them() {
        let extra: Map<String, Value> = [
            ("role".to_string(), Value::from("user")),
            ("quota".to_string(), Value::from(5)),
        ]
        .into_iter()
        .collect();
        for aud in [
            vec![],
            vec!["a".to_string()],
            vec!["a".to_string(), "b".to_string()],
        ] {
            let spec = ClaimSpec {
                sub: "s".into(),
                iss: Some("i".into()),
                aud: aud.clone(),
                iat: Some(1),
                exp: Some(2),
                jti: Some("j".into()),
                extra: extra.clone(),
                ..ClaimSpec::default()
            };
            let borrowed = ClientClaims {
                sub: "s",
                iss: Some("i"),
                aud: Audience(&aud),
                iat: 1,
                exp: 2,
                jti: "j",
                extra: &extra,
            };
            assert_eq!(
                serde_json::to_string(&borrowed).unwrap(),
                serde_json::to_string(&spec.build().unwrap()).unwrap()
            );
        }
    }

    #[test]
    fn conflicting_claims_are_refused() {
        let mut spec = ClaimSpec {
            sub: "s".into(),
            role: Some("user".into()),
            ..ClaimSpec::default()
        };
        spec.extra.insert("role".into(), "admin".into());
        assert!(
            spec.build()
                .unwrap_err()
                .to_string()
                .contains("given twice")
        );
        let mut spec = ClaimSpec {
            sub: "s".into(),
            ..ClaimSpec::default()
        };
        spec.extra.insert("exp".into(), 5.into());
        assert!(spec.build().unwrap_err().to_string().contains("--expires"));
    }

    #[test]
    fn claim_args_are_json_or_strings() {
        assert_eq!(
            parse_claim_arg("quota=100").unwrap(),
            ("quota".into(), Value::from(100))
        );
        assert_eq!(
            parse_claim_arg("team=blue").unwrap(),
            ("team".into(), Value::from("blue"))
        );
        assert_eq!(
            parse_claim_arg("x=[1,2]").unwrap().1,
            serde_json::json!([1, 2])
        );
        assert_eq!(parse_claim_arg("eq=a=b").unwrap().1, Value::from("a=b"));
        assert!(parse_claim_arg("novalue").is_err());
        assert!(parse_claim_arg("=x").is_err());
    }
}
