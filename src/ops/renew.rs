//! `token issue-all --renew-within`: which clients are due for a new token, and why, from
//! `token status`'s judgement of every place each client's token lives in.

use super::status::{Entry, Judging};
use crate::roster::Client;
use crate::time::Time;

/// Why a client gets a new token, or why it does not. The due reasons come first, in the
/// order one is chosen when several places say different things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// A place has no token (no file, no server, no variable, no dotenv line).
    Missing,
    /// A token that does not decode or verify: a bad signature (another secret or key), the
    /// wrong algorithm, `iss` or `aud`, …
    Invalid,
    /// A token whose `sub`, `client_id` or `scope` is not the roster's (status's `mismatch`).
    Mismatch,
    /// The client's places hold different tokens.
    Differs,
    Expired,
    /// Expires (or its signer's grace period ends) within the window.
    Expiring,
    /// Signed by the previous secret or key a rotation kept, which new tokens are not.
    Previous,
    /// Every token valid beyond the window, signed with the current secret or key.
    Fresh,
    /// Every place holds a value that points elsewhere (`${input:…}`): issue-all leaves those
    /// alone, so a new token would go nowhere.
    Unchecked,
    /// No config or dotenv entry: nothing to judge, nowhere to write.
    Unplaced,
}

impl Reason {
    /// Its name in the JSON and the table.
    pub fn name(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::Invalid => "invalid",
            Reason::Mismatch => "mismatch",
            Reason::Differs => "differs",
            Reason::Expired => "expired",
            Reason::Expiring => "expiring",
            Reason::Previous => "previous_key",
            Reason::Fresh => "fresh",
            Reason::Unchecked => "unchecked",
            Reason::Unplaced => "unplaced",
        }
    }

    /// Whether a client with this reason gets a new token.
    pub fn due(self) -> bool {
        self < Reason::Fresh
    }

    /// The reason one entry of `token status` gives.
    fn of(e: &Entry) -> Reason {
        match e.state {
            "missing" => Reason::Missing,
            "mismatch" => Reason::Mismatch,
            "expired" => Reason::Expired,
            "expiring" => Reason::Expiring,
            "unchecked" => Reason::Unchecked,
            "ok" if e.retires.is_some() => Reason::Previous,
            "ok" => Reason::Fresh,
            // "invalid", and any state status may grow: a token not known good is renewed.
            _ => Reason::Invalid,
        }
    }
}

/// Whether a client is due, why, and when it next will be.
pub struct Decision<'r> {
    pub client: &'r Client,
    pub reason: Reason,
    /// The place and what status says of it, in words (no token, no secret).
    pub detail: String,
    /// When a client not due falls due: the earliest end of its tokens (or of the grace of the
    /// previous key that signed one) less the window. None when due or never.
    pub due_at: Option<Time>,
}

/// Decide, for each of `clients`, whether it is due for a new token: whether any of its places
/// is missing, invalid, mismatched, expired, expiring within `judging`'s window or signed by a
/// previous key, or its places hold different tokens.
pub fn decide<'r>(judging: &Judging, clients: &[&'r Client], window: i64) -> Vec<Decision<'r>> {
    clients
        .iter()
        .map(|c| decide_one(c, &judging.client(c), window))
        .collect()
}

fn decide_one<'r>(client: &'r Client, entries: &[Entry], window: i64) -> Decision<'r> {
    let at = |e: &Entry| match &e.server {
        Some(s) => format!("{} ({s})", e.file),
        None => e.file.clone(),
    };
    let Some(worst) = entries.iter().min_by_key(|e| Reason::of(e)) else {
        return Decision {
            client,
            reason: Reason::Unplaced,
            detail: "no config or dotenv entry in the roster; issue-all without --renew-within issues it".into(),
            due_at: None,
        };
    };
    let mut reason = Reason::of(worst);
    let mut detail = match worst.detail.as_str() {
        "" => format!("{}: {}", at(worst), worst.state),
        d => format!("{}: {d}", at(worst)),
    };
    // Different tokens in different places: a client that reads one of them has a token the
    // others do not (a half-finished manual edit, a restored backup).
    let mut tokens = entries.iter().filter(|e| e.token.is_some());
    if reason > Reason::Differs
        && let Some(first) = tokens.next()
        && let Some(other) = tokens.find(|e| e.token != first.token)
    {
        reason = Reason::Differs;
        detail = format!("{} and {} hold different tokens", at(first), at(other));
    }
    // Fresh, when a place points elsewhere and another holds a good token.
    if reason == Reason::Unchecked && entries.iter().any(|e| Reason::of(e) == Reason::Fresh) {
        reason = Reason::Fresh;
    }
    let due_at = (!reason.due())
        .then(|| {
            entries
                .iter()
                .filter_map(|e| {
                    let end = match (e.exp.as_ref().map(|(x, _)| *x), e.retires) {
                        (Some(x), Some(r)) => Some(x.min(r)),
                        (x, r) => x.or(r),
                    }?;
                    Some(Time::from_secs(end.secs().saturating_sub(window)))
                })
                .min()
        })
        .flatten();
    if reason == Reason::Fresh {
        detail = match entries
            .iter()
            .filter_map(|e| e.exp.as_ref())
            .min_by_key(|(x, _)| *x)
        {
            Some((x, _)) => format!("every token valid until {}", x.show()),
            None => "every token valid".into(),
        };
    }
    Decision {
        client,
        reason,
        detail,
        due_at,
    }
}

/// The earliest time a client of `decisions` falls due, with that client.
pub fn next_due<'a, 'r>(decisions: &'a [Decision<'r>]) -> Option<(Time, &'a Decision<'r>)> {
    decisions
        .iter()
        .filter_map(|d| d.due_at.map(|t| (t, d)))
        .min_by_key(|(t, _)| *t)
}
