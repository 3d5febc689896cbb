#!/usr/bin/env python3
"""The PyJWT baseline for `jwtadm token issue-all -o json`.

What the seeds' `scripts/generate_all_jwt_tokens.py` does, for any roster: read the roster
(`clients.toml`, the same file jwtadm reads), take the secret from the environment
(`[secret] source = "env:VAR"`, used as utf8 bytes, as the seeds' server does), and for each
client `jwt.encode({sub, iss, aud, iat, exp, <claims: role, quota, ...>, jti}, secret,
algorithm="HS256")`; print JSON with every token. All tokens share one `iat`, as jwtadm's do.

Usage: pyjwt_issue_all.py ROSTER > tokens.json
"""

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


def main() -> None:
    roster_path = sys.argv[1] if len(sys.argv) > 1 else "clients.toml"
    with open(roster_path, "rb") as f:
        roster = tomllib.load(f)

    source = roster.get("secret", {}).get("source", "env:JWT_SECRET_KEY")
    if not source.startswith("env:"):
        raise SystemExit(f"this baseline reads env: secrets only, not {source!r}")
    secret = os.environ[source[len("env:"):]]

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
        algorithm = client.get("algorithm", defaults.get("algorithm", "HS256"))
        token = jwt.encode(payload, secret, algorithm=algorithm)
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
