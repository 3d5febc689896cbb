#!/usr/bin/env python3
"""The PyJWT baseline for `jwtadm token issue-all -o json`.

What the seeds' `scripts/generate_all_jwt_tokens.py` does, for any roster: read the roster
(`clients.toml`, the same file jwtadm reads), take the secret from the environment
(`[secret] source = "env:VAR"`, used as utf8 bytes, as the seeds' server does), and for each
client `jwt.encode({sub, iss, aud, iat, exp, <claims: role, quota, ...>, jti}, secret,
algorithm="HS256")`; print JSON with every token. All tokens share one `iat`, as jwtadm's do.

A roster that signs with a key pair (`[key] source = "file:PATH"`, PATH relative to the
roster, a PKCS#8 PEM as `jwtadm key gen` writes it) is signed with that key instead, read once
with `cryptography` (PyJWT[crypto]): with `[key] alg`, else the key's own algorithm (EdDSA for
Ed25519, ES256/ES384 for P-256/P-384, RS256 for RSA), and the key's RFC 7638 thumbprint as the
`kid` header, as jwtadm signs.

Usage: pyjwt_issue_all.py ROSTER > tokens.json
"""

import base64
import hashlib
import json
import os
import re
import secrets
import sys
import time
import tomllib

import jwt

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "y": 365 * 86400}


def seconds(duration: str) -> int:
    m = re.fullmatch(r"(\d+)([smhdwy])", duration.strip())
    if not m:
        raise SystemExit(f"unsupported duration {duration!r}")
    return int(m.group(1)) * _UNITS[m.group(2)]


def signing_key(roster: dict, roster_path: str):
    """The key, its default algorithm and the headers every token carries."""
    table = roster.get("key")
    if table is None:
        source = roster.get("secret", {}).get("source", "env:JWT_SECRET_KEY")
        if not source.startswith("env:"):
            raise SystemExit(f"this baseline reads env: secrets only, not {source!r}")
        return os.environ[source[len("env:"):]], "HS256", None

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    source = table["source"]
    if not source.startswith("file:"):
        raise SystemExit(f"this baseline reads file: keys only, not {source!r}")
    path = os.path.join(os.path.dirname(os.path.abspath(roster_path)), source[len("file:"):])
    with open(path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        alg = "EdDSA"
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        alg = {"secp256r1": "ES256", "secp384r1": "ES384"}[key.curve.name]
    elif isinstance(key, rsa.RSAPrivateKey):
        alg = "RS256"
    else:
        raise SystemExit(f"unsupported key {type(key).__name__}")
    alg = table.get("alg", alg)
    # RFC 7638: SHA-256 of the required members, sorted, no whitespace; base64url.
    jwk = jwt.algorithms.get_default_algorithms()[alg].to_jwk(key.public_key(), as_dict=True)
    required = {"EC": ("crv", "kty", "x", "y"), "OKP": ("crv", "kty", "x"), "RSA": ("e", "kty", "n")}
    members = {m: jwk[m] for m in required[jwk["kty"]]}
    digest = hashlib.sha256(json.dumps(members, sort_keys=True, separators=(",", ":")).encode())
    kid = base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()
    return key, alg, {"kid": kid}


def main() -> None:
    roster_path = sys.argv[1] if len(sys.argv) > 1 else "clients.toml"
    with open(roster_path, "rb") as f:
        roster = tomllib.load(f)

    key, key_alg, headers = signing_key(roster, roster_path)

    defaults = roster.get("defaults", {})
    now = int(time.time())
    out = []
    for client in roster.get("clients", []):
        lifetime = seconds(client.get("expires", defaults.get("expires", "90d")))
        payload = {
            "sub": client["sub"],
            "iss": client.get("issuer", defaults.get("issuer")),
            "aud": client.get("audience", defaults.get("audience")),
            "iat": now,
            "exp": now + lifetime,
        }
        payload.update(client.get("claims", {}))
        payload["jti"] = secrets.token_hex(16)
        algorithm = client.get("algorithm", defaults.get("algorithm", key_alg))
        token = jwt.encode(payload, key, algorithm=algorithm, headers=headers)
        out.append(
            {
                "name": client["name"],
                "sub": client["sub"],
                "token": token,
                "jti": payload["jti"],
                "iat": now,
                "exp": payload["exp"],
            }
        )
    json.dump({"issued_at": now, "clients": out}, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
