//! Durations and the claim set of a new token.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::time::{DATE_LIMIT, parse_instant, rfc3339};

/// Parse a duration such as `90m`, `24h`, `365d`, `1y`, `2w`, `1d12h` into seconds.
/// Units: `s`, `m` (minutes), `h`, `d`, `w`, `y` (365 days).
/// `secs` as the shortest duration [`parse_duration`] reads back: `365d`, `24h`, `90m`, `45s`.
pub fn format_duration(secs: i64) -> String {
    for (unit, n) in [("d", 86_400), ("h", 3_600), ("m", 60)] {
        if secs % n == 0 {
            return format!("{}{unit}", secs / n);
        }
    }
    format!("{secs}s")
}

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
    /// The OAuth client the token is for (RFC 9068 §2.2).
    pub client_id: Option<String>,
    /// Space-separated scopes (RFC 8693 §4.2).
    pub scope: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub quota: Option<i64>,
    /// Further claims (from `--claims-file`, then `--claim`), in order.
    pub extra: Map<String, Value>,
}

/// A roster client's claims, borrowed rather than built, in the order [`ClaimSpec::build`]
/// gives them: sub, iss, aud, iat, exp, jti, client_id, scope, then the client's own claims
/// (which the roster keeps clear of the registered ones and of client_id and scope).
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'a str>,
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
        let mut bytes = [0u8; JTI];
        bytes.copy_from_slice(&pool[*used..*used + JTI]);
        // 32 lowercase hex digits, most significant byte first: the bytes in order.
        let jti = format!("{:032x}", u128::from_be_bytes(bytes));
        *used += JTI;
        Ok(jti)
    })
}

/// `--iss` and `--aud` of `token issue` and `token verify` name something, whatever the
/// profile: an empty value, most often a shell variable that was never set, would issue a token
/// whose issuer or audience no one is, or check only that the token's is empty (exit 2).
pub fn named_iss_aud(iss: Option<&str>, aud: &[String]) -> Result<()> {
    let empty = match (iss, aud.iter().any(String::is_empty)) {
        (Some(""), true) => "--iss and --aud are",
        (Some(""), false) => "--iss is",
        (_, true) => "--aud is",
        _ => return Ok(()),
    };
    Err(Error::usage(format!(
        "{empty} empty: an issuer or audience is a name, and the empty string names no one"
    ))
    .with_hint("is a variable unset? give the name, or leave the option out"))
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
    if crate::redact::could_be_secret(key) {
        return Err(
            "the claim name looks like a key or a token, not a name; a claim is --claim NAME=VALUE"
                .to_string(),
        );
    }
    let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_string()));
    Ok((key.to_string(), value))
}

impl ClaimSpec {
    /// The claim set, in a readable order: sub, iss, aud, iat, nbf, exp, jti, client_id, scope,
    /// name, role, quota, then the extra claims. A claim given both by its own option and as an extra claim is an
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
            ("client_id", &self.client_id),
            ("scope", &self.scope),
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
                client_id: Some("c".into()),
                scope: Some("a b".into()),
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
                client_id: Some("c"),
                scope: Some("a b"),
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
