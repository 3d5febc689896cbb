//! Key pairs: [`PrivateKey`] signs, [`PublicKey`] verifies, each type of key behind
//! [`PublicImpl`]/[`PrivateImpl`] and one entry of [`TYPES`].
//!
//! Keys are read from PEM (PKCS#8 `PRIVATE KEY`, SPKI `PUBLIC KEY`, and the older PKCS#1 and
//! SEC1 forms OpenSSL also writes) or a JWK, and written as PKCS#8 v1 (RFC 5208) and SPKI PEM,
//! which OpenSSL, Python `cryptography`, node and every JOSE library read. A key's id is its
//! RFC 7638 thumbprint.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use pkcs8::der::pem::LineEnding;
use pkcs8::{ObjectIdentifier, PrivateKeyInfo};
use serde_json::{Map, Value};
use spki::SubjectPublicKeyInfoRef;
use zeroize::Zeroizing;

use super::alg::{Alg, Family};
use super::{Key, Sign, SigningKey, VerifyingKey, ec, ed25519, jwk, rsa};
use crate::error::{Error, Result};

/// What a type of key pair does with its public half.
pub(crate) trait PublicImpl: Send + Sync {
    /// The algorithms the key verifies, the one used when none is asked for first.
    fn algs(&self) -> &'static [Alg];
    /// `RSA 2048-bit`, `EC P-256`, `Ed25519`.
    fn describe(&self) -> String;
    /// The size chosen when the key was made, where one is (an RSA key's bits); a curve's
    /// size follows from the curve.
    fn bits(&self) -> Option<u32> {
        None
    }
    /// The JWK's key members (`kty` and the public values), as RFC 7638 §3.2 lists them.
    fn jwk(&self) -> Map<String, Value>;
    /// The SubjectPublicKeyInfo (RFC 5280), DER.
    fn spki_der(&self) -> Result<Vec<u8>>;
    /// Whether `signature` (raw bytes) signs `input` under `alg`, one of [`algs`](Self::algs).
    fn verifies(&self, alg: Alg, input: &[u8], signature: &[u8]) -> bool;
}

/// What a type of key pair does with its private half.
pub(crate) trait PrivateImpl: Send + Sync {
    fn public(&self) -> PublicArc;
    /// The key as PKCS#8 v1 (RFC 5208), DER.
    fn pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>>;
    /// The raw signature of `input` under `alg`, one of the public half's algorithms.
    fn sign(&self, alg: Alg, input: &[u8]) -> Result<Vec<u8>>;
}

/// A type's answer: `None` when what it was given is not of its type, else the key or why not.
pub(crate) type ParseResult<T> = Option<std::result::Result<T, String>>;
pub(crate) type PrivateArc = Arc<dyn PrivateImpl>;
pub(crate) type PublicArc = Arc<dyn PublicImpl>;

/// One type of key pair, as reading and generating keys see it. Each function answers `None`
/// when what it is given is not of its type.
pub(crate) struct KeyType {
    /// The families of algorithms it signs with.
    pub families: &'static [Family],
    /// A PKCS#8 `PrivateKeyInfo`.
    pub from_pkcs8: fn(&PrivateKeyInfo<'_>, &[u8]) -> ParseResult<PrivateArc>,
    /// An SPKI `SubjectPublicKeyInfo`.
    pub from_spki: fn(&SubjectPublicKeyInfoRef<'_>) -> ParseResult<PublicArc>,
    /// A JWK's members, by `kty`.
    pub from_jwk: fn(&str, &Map<String, Value>) -> ParseResult<PublicArc>,
    /// Its own PEM labels (PKCS#1's `RSA PRIVATE KEY`, SEC1's `EC PRIVATE KEY`…).
    pub from_pem: fn(&str, &[u8]) -> ParseResult<Parsed>,
    /// A new key for `alg` (of one of its families), `bits` long where that is chosen.
    pub generate: fn(Alg, Option<u32>) -> Result<PrivateArc>,
}

/// Every type of key pair jwtadm knows.
pub(crate) const TYPES: [&KeyType; 3] = [&rsa::TYPE, &ec::TYPE, &ed25519::TYPE];

fn key_type(family: Family) -> Option<&'static KeyType> {
    TYPES.into_iter().find(|t| t.families.contains(&family))
}

/// The first answer of `f` among [`TYPES`], or `none` when no type recognises the input.
fn first<T>(
    f: impl Fn(&KeyType) -> ParseResult<T>,
    none: impl FnOnce() -> String,
) -> std::result::Result<T, String> {
    TYPES.into_iter().find_map(f).unwrap_or_else(|| Err(none()))
}

/// A key pair's public half; its key id is computed once.
#[derive(Clone)]
pub struct PublicKey {
    imp: PublicArc,
    kid: String,
    /// The one algorithm a JWK was published for (its `alg`), when it names one.
    only: Option<[Alg; 1]>,
}

impl PublicKey {
    pub(crate) fn new(imp: PublicArc) -> Self {
        let kid = jwk::thumbprint(&imp.jwk());
        // A key id is public, though it looks random: messages may show it.
        crate::redact::allow(&kid);
        PublicKey {
            imp,
            kid,
            only: None,
        }
    }

    /// The key restricted to `alg` (a JWK's `alg`), which must be one it verifies.
    pub(crate) fn only(mut self, alg: Alg) -> Self {
        self.only = Some([alg]);
        self
    }

    /// `RSA 2048-bit`, `EC P-256`, `Ed25519`.
    pub fn describe(&self) -> String {
        self.imp.describe()
    }

    /// The algorithms the key verifies; the first is the one it signs with by default.
    pub fn algs(&self) -> &[Alg] {
        match &self.only {
            Some(one) => one,
            None => self.imp.algs(),
        }
    }

    /// An RSA key's size in bits; `None` for a curve, whose size follows from it.
    pub fn bits(&self) -> Option<u32> {
        self.imp.bits()
    }

    /// The public JWK, as published in a JWKS: the key members, `kid`, `alg` and `use`.
    pub fn jwk(&self, alg: Alg) -> Map<String, Value> {
        let mut m = self.imp.jwk();
        m.insert("kid".into(), self.kid.clone().into());
        m.insert("alg".into(), alg.name().into());
        m.insert("use".into(), "sig".into());
        m
    }

    /// The key as SPKI `PUBLIC KEY` PEM.
    pub fn to_pem(&self) -> Result<String> {
        let der = self.imp.spki_der()?;
        pkcs8::der::pem::encode_string("PUBLIC KEY", LineEnding::LF, &der)
            .map_err(|e| Error::operational(format!("writing the public key as PEM: {e}")))
    }

    /// Refuse `alg` when it is not one this key verifies; the message names the attack when
    /// `alg` is HMAC (RFC 8725 §3.1).
    pub fn check_alg(&self, alg: Alg) -> Result<()> {
        if self.algs().contains(&alg) {
            return Ok(());
        }
        let msg = if alg.is_hmac() {
            format!(
                "{alg} is an HMAC algorithm, but this is a public {} key: a token signed with the public key as an HMAC secret would pass (algorithm confusion, RFC 8725 §3.1), so it is never accepted",
                self.describe()
            )
        } else {
            format!(
                "the key is {}, which signs {}, not {alg}",
                self.describe(),
                Alg::list(self.algs())
            )
        };
        Err(Error::usage(msg))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({}, kid {})", self.describe(), self.kid)
    }
}

impl Key for PublicKey {
    /// `kid:` and the thumbprint: a public name, which messages show.
    fn fingerprint(&self) -> String {
        format!("kid:{}", self.kid)
    }

    fn key_id(&self) -> String {
        self.kid.clone()
    }
}

impl VerifyingKey for PublicKey {
    fn verifies(&self, alg: Alg, signing_input: &[u8], signature: &str) -> bool {
        if !self.algs().contains(&alg) {
            return false;
        }
        let Ok(sig) = URL_SAFE_NO_PAD.decode(signature) else {
            return false;
        };
        self.imp.verifies(alg, signing_input, &sig)
    }

    fn weaker_than(&self, _alg: Alg) -> Option<String> {
        None
    }

    fn verify_algs(&self) -> Vec<Alg> {
        self.algs().to_vec()
    }
}

/// A key pair's private half, with its public half. `Debug` shows only the public half; the
/// private key is freed by aws-lc, which clears it, and its PKCS#8 bytes are zeroized.
#[derive(Clone)]
pub struct PrivateKey {
    imp: PrivateArc,
    public: PublicKey,
}

impl PrivateKey {
    fn new(imp: PrivateArc) -> Self {
        let public = PublicKey::new(imp.public());
        PrivateKey { imp, public }
    }

    /// A new key for `alg`; `bits` for RSA (2048 when not given, less refused).
    pub fn generate(alg: Alg, bits: Option<u32>) -> Result<Self> {
        let t = key_type(alg.family()).ok_or_else(|| {
            Error::usage(format!(
                "{alg} signs with a shared secret, not a key pair: make one with jwtadm secret gen --alg {alg}"
            ))
        })?;
        if bits.is_some() && alg.family() != Family::Rsa {
            return Err(Error::usage(format!(
                "--bits is for RSA keys; the size of a {alg} key follows from its curve"
            )));
        }
        Ok(PrivateKey::new((t.generate)(alg, bits)?))
    }

    /// A new key of this one's type: the same curve, or RSA of the same size (unless `bits`
    /// says otherwise) and the same padding (a PSS key stays PSS); or, with `alg`, a key for
    /// that algorithm instead (`bits` long, for RSA).
    pub fn generate_like(&self, alg: Option<Alg>, bits: Option<u32>) -> Result<Self> {
        let (alg, bits) = match alg {
            Some(alg) => (alg, bits),
            None => {
                let own = self.public.algs()[0];
                let bits = match own.family() {
                    Family::Rsa => bits.or(self.public.bits()),
                    _ => bits,
                };
                (own, bits)
            }
        };
        PrivateKey::generate(alg, bits).map_err(|e| match (bits, self.public.bits()) {
            (Some(b), Some(own)) if b == own && alg.family() == Family::Rsa => e.with_hint(format!(
                "the key is {}; jwtadm makes RSA keys of 2048, 3072, 4096 or 8192 bits: choose one with --bits",
                self.public.describe()
            )),
            _ => e,
        })
    }

    pub fn public(&self) -> &PublicKey {
        &self.public
    }

    /// The key as PKCS#8 v1 `PRIVATE KEY` PEM, zeroized when dropped.
    pub fn to_pem(&self) -> Result<Zeroizing<String>> {
        let der = self.imp.pkcs8_der()?;
        pkcs8::der::pem::encode_string("PRIVATE KEY", LineEnding::LF, &der)
            .map(Zeroizing::new)
            .map_err(|e| Error::operational(format!("writing the private key as PEM: {e}")))
    }
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PrivateKey([redacted], {}, kid {})",
            self.public.describe(),
            self.public.kid
        )
    }
}

impl Key for PrivateKey {
    fn fingerprint(&self) -> String {
        self.public.fingerprint()
    }

    fn key_id(&self) -> String {
        self.public.key_id()
    }
}

impl SigningKey for PrivateKey {
    fn check(&self, alg: Alg) -> Result<()> {
        self.public.check_alg(alg)
    }

    fn signer(&self, alg: Alg) -> Result<Box<dyn Sign>> {
        self.check(alg)?;
        Ok(Box::new(PairSigner {
            imp: self.imp.clone(),
            alg,
        }))
    }

    fn algs(&self) -> Vec<Alg> {
        self.public.algs().to_vec()
    }
}

impl VerifyingKey for PrivateKey {
    fn verifies(&self, alg: Alg, signing_input: &[u8], signature: &str) -> bool {
        self.public.verifies(alg, signing_input, signature)
    }

    fn weaker_than(&self, alg: Alg) -> Option<String> {
        self.public.weaker_than(alg)
    }

    fn verify_algs(&self) -> Vec<Alg> {
        self.public.verify_algs()
    }
}

struct PairSigner {
    imp: PrivateArc,
    alg: Alg,
}

impl Sign for PairSigner {
    fn sign(&self, signing_input: &[u8]) -> Result<String> {
        Ok(URL_SAFE_NO_PAD.encode(self.imp.sign(self.alg, signing_input)?))
    }
}

/// A key as read: the private key (which has its public half), or a public key alone.
#[derive(Debug, Clone)]
pub enum Parsed {
    Private(PrivateKey),
    Public(PublicKey),
}

impl Parsed {
    pub fn public(&self) -> &PublicKey {
        match self {
            Parsed::Private(k) => k.public(),
            Parsed::Public(k) => k,
        }
    }

    pub fn is_private(&self) -> bool {
        matches!(self, Parsed::Private(_))
    }

    /// The key as something tokens are verified with.
    pub fn verifying(&self) -> &dyn VerifyingKey {
        match self {
            Parsed::Private(k) => k,
            Parsed::Public(k) => k,
        }
    }

    pub(crate) fn private(imp: PrivateArc) -> Self {
        Parsed::Private(PrivateKey::new(imp))
    }

    pub(crate) fn public_of(imp: PublicArc) -> Self {
        Parsed::Public(PublicKey::new(imp))
    }
}

/// Whether `text` looks like a key (PEM or a JWK) rather than an HMAC secret's text.
pub fn looks_like_key(text: &str) -> bool {
    let t = text.trim_start();
    t.starts_with("-----BEGIN ") || (t.starts_with('{') && t.contains("\"kty\""))
}

/// Whether `text` holds private key material anywhere: a `PRIVATE KEY` PEM block of any kind,
/// or a JWK with a private member (`d`, or an `oct` key's `k`). Such text may only be read
/// from a place only its owner can read, whatever else it holds.
pub fn holds_private(text: &str) -> bool {
    if pem_blocks(text)
        .iter()
        .any(|b| b.lines().next().is_some_and(|l| l.contains("PRIVATE KEY")))
    {
        return true;
    }
    let t = text.trim();
    t.starts_with('{')
        && serde_json::from_str::<Value>(t).is_ok_and(|v| {
            let private = |k: &Value| k.get("d").is_some() || k.get("k").is_some();
            private(&v)
                || v.get("keys")
                    .and_then(Value::as_array)
                    .is_some_and(|keys| keys.iter().any(private))
        })
}

/// Whether `text` is an HMAC secret written as a JWK (`"kty": "oct"`): a secret, not a key
/// pair.
pub fn is_hmac_jwk(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('{')
        && serde_json::from_str::<Value>(t).is_ok_and(|v| v.get("kty") == Some(&"oct".into()))
}

/// Whether `text` is a JWK with a private member: read for its public half only.
pub fn is_private_jwk(text: &str) -> bool {
    let t = text.trim();
    t.starts_with('{') && holds_private(t)
}

/// Read a key from PEM or a JWK (a private JWK is read as its public half). Of several PEM
/// blocks, the private key when there is one, else the first public key. The error never
/// quotes the text.
pub fn parse(text: &str) -> std::result::Result<Parsed, String> {
    let t = text.trim();
    if t.starts_with('{') {
        let value: Value = serde_json::from_str(t)
            .map_err(|e| format!("it starts as JSON but does not parse: {e}"))?;
        return jwk::parse(&value).map(Parsed::Public);
    }
    let blocks = pem_blocks(t);
    if blocks.is_empty() {
        return Err(
            "it is neither PEM (-----BEGIN PRIVATE KEY----- or -----BEGIN PUBLIC KEY-----) nor a JWK"
                .into(),
        );
    }
    let mut labels = Vec::new();
    let mut public = None;
    for block in blocks {
        let (label, der) = decode_block(block)?;
        match parse_der(&label, &der) {
            Some(Ok(Parsed::Public(k))) => {
                public.get_or_insert(k);
            }
            Some(found) => return found,
            None => labels.push(label),
        }
    }
    public.map(Parsed::Public).ok_or_else(|| {
        format!(
            "it holds no key jwtadm reads (found {}); a key is -----BEGIN PRIVATE KEY----- (PKCS#8) or -----BEGIN PUBLIC KEY----- (SPKI)",
            labels.join(", ")
        )
    })
}

/// A PEM block's label and bytes, read as OpenSSL reads it: the base64 may be wrapped at any
/// width or not at all. RFC 1421 headers (`Proc-Type: 4,ENCRYPTED`) mean an encrypted key.
fn decode_block(block: &str) -> std::result::Result<(String, Zeroizing<Vec<u8>>), String> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let mut lines = block.lines().map(str::trim);
    let label = lines
        .next()
        .and_then(|l| l.strip_prefix("-----BEGIN "))
        .and_then(|l| l.strip_suffix("-----"))
        .ok_or("a PEM block does not begin with -----BEGIN …-----")?
        .to_string();
    let mut body = Zeroizing::new(String::new());
    for line in lines {
        if let Some(end) = line.strip_prefix("-----END ") {
            if end.strip_suffix("-----") != Some(label.as_str()) {
                return Err(format!(
                    "the PEM block {label} does not end with its own END line"
                ));
            }
            let der = LENIENT
                .decode(body.as_bytes())
                .map_err(|_| format!("the PEM block {label} is not valid base64"))?;
            return Ok((label, Zeroizing::new(der)));
        }
        if line.contains(':') {
            return Err(format!(
                "the PEM block {label} has headers (Proc-Type, DEK-Info): it is encrypted; jwtadm reads an unencrypted key kept in a 0600 file or the keyring (decrypt it with: openssl pkey -in KEY -out plain.pem)"
            ));
        }
        body.push_str(line);
    }
    Err(format!("the PEM block {label} has no END line"))
}

/// The key in one PEM block, or `None` when its label is not a key's (`EC PARAMETERS`).
fn parse_der(label: &str, der: &[u8]) -> ParseResult<Parsed> {
    Some(match label {
        "PRIVATE KEY" => PrivateKeyInfo::try_from(der)
            .map_err(|e| format!("its PKCS#8 does not parse: {e}"))
            .and_then(|info| {
                first(
                    |t| (t.from_pkcs8)(&info, der),
                    || unknown_algorithm(info.algorithm.oid),
                )
            })
            .map(Parsed::private),
        "PUBLIC KEY" => SubjectPublicKeyInfoRef::try_from(der)
            .map_err(|e| format!("its public key (SPKI) does not parse: {e}"))
            .and_then(|spki| {
                first(
                    |t| (t.from_spki)(&spki),
                    || unknown_algorithm(spki.algorithm.oid),
                )
            })
            .map(Parsed::public_of),
        "ENCRYPTED PRIVATE KEY" => Err(
            "the private key is encrypted; jwtadm reads an unencrypted key kept in a 0600 file or the keyring (decrypt it with: openssl pkcs8 -in KEY -out plain.pem)"
                .into(),
        ),
        "CERTIFICATE" => Err(
            "it is a certificate; give its public key (openssl x509 -pubkey -noout -in CERT)"
                .into(),
        ),
        other => return TYPES.into_iter().find_map(|t| (t.from_pem)(other, der)),
    })
}

fn unknown_algorithm(oid: ObjectIdentifier) -> String {
    format!(
        "its key algorithm ({oid}) is not one jwtadm signs with (RSA, RSA-PSS, EC P-256, EC P-384, Ed25519)"
    )
}

/// The `-----BEGIN …-----`…`-----END …-----` blocks of `text`, in order.
fn pem_blocks(text: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let from = &rest[start..];
        let Some(end) = from.find("-----END ") else {
            break;
        };
        let tail = &from[end + 9..];
        let close = tail.find("-----").map_or(tail.len(), |i| i + 5);
        let len = end + 9 + close;
        blocks.push(&from[..len]);
        rest = &from[len..];
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_algorithm_generates_signs_and_round_trips_through_pem() {
        for &alg in Alg::ASYMMETRIC {
            let key = PrivateKey::generate(alg, None).unwrap();
            let signer = key.signer(alg).unwrap();
            let sig = signer.sign(b"a.b").unwrap();
            assert!(key.verifies(alg, b"a.b", &sig), "{alg}");
            assert!(!key.verifies(alg, b"a.c", &sig), "{alg}");
            let pem = key.to_pem().unwrap();
            assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"), "{alg}");
            let Parsed::Private(again) = parse(&pem).unwrap() else {
                panic!("{alg}: not private")
            };
            assert_eq!(again.key_id(), key.key_id(), "{alg}");
            assert!(again.verifies(alg, b"a.b", &sig), "{alg}");
            let public = parse(&key.public().to_pem().unwrap()).unwrap();
            assert!(!public.is_private());
            assert_eq!(public.public().key_id(), key.key_id(), "{alg}");
            assert!(public.verifying().verifies(alg, b"a.b", &sig), "{alg}");
            let from_jwk = parse(&Value::Object(key.public().jwk(alg)).to_string()).unwrap();
            assert_eq!(from_jwk.public().key_id(), key.key_id(), "{alg}");
            assert!(from_jwk.verifying().verifies(alg, b"a.b", &sig), "{alg}");
        }
    }

    #[test]
    fn a_key_never_verifies_an_hmac_algorithm() {
        let key = PrivateKey::generate(Alg::RS256, None).unwrap();
        let err = key.check(Alg::HS256).unwrap_err().to_string();
        assert!(err.contains("algorithm confusion"), "{err}");
        assert!(!key.verifies(Alg::HS256, b"a.b", "AAAA"));
    }

    #[test]
    fn a_pss_key_remembers_it_is_pss() {
        let key = PrivateKey::generate(Alg::PS384, None).unwrap();
        assert_eq!(key.algs(), [Alg::PS256, Alg::PS384, Alg::PS512]);
        assert!(key.check(Alg::RS256).is_err());
        let Parsed::Private(again) = parse(&key.to_pem().unwrap()).unwrap() else {
            panic!()
        };
        assert_eq!(again.algs(), key.algs());
        // The public PEM is rsaEncryption (what WebCrypto imports); the JWK keeps PS384.
        let public = parse(&key.public().to_pem().unwrap()).unwrap();
        assert!(public.public().algs().contains(&Alg::PS384));
        let jwk = Value::Object(key.public().jwk(Alg::PS384)).to_string();
        assert_eq!(parse(&jwk).unwrap().public().algs(), [Alg::PS384]);
    }

    #[test]
    fn a_key_made_like_another_is_of_its_type() {
        let rsa = PrivateKey::generate(Alg::PS384, Some(3072)).unwrap();
        let like = rsa.generate_like(None, None).unwrap();
        assert_eq!(like.public().describe(), "RSA-PSS 3072-bit");
        assert_ne!(like.key_id(), rsa.key_id());
        assert_eq!(like.algs(), rsa.algs());
        let bigger = rsa.generate_like(None, Some(4096)).unwrap();
        assert_eq!(bigger.public().describe(), "RSA-PSS 4096-bit");
        let ec = PrivateKey::generate(Alg::ES384, None).unwrap();
        assert_eq!(
            ec.generate_like(None, None).unwrap().public().describe(),
            ec.public().describe()
        );
        let other = ec.generate_like(Some(Alg::EdDSA), None).unwrap();
        assert_eq!(other.algs()[0], Alg::EdDSA);
        assert!(ec.generate_like(None, Some(2048)).is_err());
    }

    #[test]
    fn debug_never_shows_the_private_key() {
        let key = PrivateKey::generate(Alg::EdDSA, None).unwrap();
        let pem = key.to_pem().unwrap();
        let body: String = pem.lines().nth(1).unwrap().chars().take(20).collect();
        let dbg = format!("{key:?} {:?}", Parsed::Private(key.clone()));
        assert!(!dbg.contains(&body), "{dbg}");
        assert!(dbg.contains("redacted"), "{dbg}");
    }

    #[test]
    fn small_rsa_and_other_curves_are_refused() {
        assert!(PrivateKey::generate(Alg::RS256, Some(1024)).is_err());
        assert!(PrivateKey::generate(Alg::RS256, Some(2500)).is_err());
        assert!(PrivateKey::generate(Alg::ES256, Some(2048)).is_err());
        assert!(PrivateKey::generate(Alg::HS256, None).is_err());
    }

    #[test]
    fn what_is_not_a_key_says_so_without_quoting_it() {
        let err = parse("hunter2-very-secret").unwrap_err();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(
            parse(
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"
            )
            .is_err()
        );
    }
}
