//! The signing floor of `jwtadm token issue-all`: N tokens signed in one process through
//! jwtadm's own `token::Signer` (what issue-all calls once per client), with nothing else: no
//! process start, no roster, no output. `bench/run` builds it against this checkout (the
//! release profile of jwtadm's Cargo.toml) and runs it as `sign_floor N REPS`.
//!
//! Prints one JSON object: for each algorithm, the median over REPS of the time to sign the N
//! tokens, in ms. The claims are those of `bench/run`'s generated rosters (sub, iss, aud, iat,
//! exp, role, quota, jti), built before the clock starts.

use std::time::{Duration, Instant};

use jwtadm::keys::hmac::Secret;
use jwtadm::keys::{Alg, Key, PrivateKey, SigningKey};
use jwtadm::token::Signer;
use serde_json::{Value, json};

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(10_000, |a| a.parse().expect("N"));
    let reps: usize = args.next().map_or(5, |a| a.parse().expect("REPS"));

    let claims: Vec<Value> = (1..=n)
        .map(|i| {
            json!({
                "sub": format!("client-{i:05}@exai-mcp.local"),
                "iss": "exai-mcp-server",
                "aud": "exai-mcp-client",
                "iat": 1_800_000_000,
                "exp": 1_831_536_000,
                "role": if i % 10 == 0 { "admin" } else { "user" },
                "quota": 1000 + i,
                "jti": format!("{:032x}", i as u128 * 0x9e37_79b9_7f4a_7c15),
            })
        })
        .collect();

    let secret =
        Secret::new(b"5f0c3a9e1d2b4c6a8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d".to_vec());
    let eddsa = PrivateKey::generate(Alg::EdDSA, None).expect("an Ed25519 key");
    let es256 = PrivateKey::generate(Alg::ES256, None).expect("a P-256 key");
    let keys: [(&str, &dyn SigningKey, Alg, String); 3] = [
        ("HS256", &secret, Alg::HS256, secret.key_id()),
        ("EdDSA", &eddsa, Alg::EdDSA, eddsa.key_id()),
        ("ES256", &es256, Alg::ES256, es256.key_id()),
    ];

    let mut out = serde_json::Map::new();
    out.insert("n".into(), n.into());
    out.insert("reps".into(), reps.into());
    for (name, key, alg, kid) in keys {
        let signer = Signer::new(key, alg, Some(&kid)).expect("a signer");
        let mut times: Vec<Duration> = (0..reps)
            .map(|_| {
                let start = Instant::now();
                let mut bytes = 0;
                for c in &claims {
                    bytes += signer.token(c).expect("a token").len();
                }
                let took = start.elapsed();
                std::hint::black_box(bytes);
                took
            })
            .collect();
        times.sort();
        let median = times[times.len() / 2];
        out.insert(name.into(), (median.as_secs_f64() * 1e3).into());
    }
    println!("{}", Value::Object(out));
}
