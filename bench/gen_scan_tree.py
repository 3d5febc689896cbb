#!/usr/bin/env python3
"""A tree of mixed text files with planted JWTs, for `jwtadm scan` (bench/run, section 8).

    gen_scan_tree.py OUT_DIR GB SECRET [TOKENS] [SEED]

Deterministic for a given GB, TOKENS (default 2,000) and SEED (default 15): the same files, bytes and planted tokens
every time, except that the planted tokens' iat/exp are relative to the day it runs (so the
live ones stay live). Prints a JSON manifest on stdout: bytes and files written by kind, and
the planted tokens by the state `jwtadm scan --secret` must give them.

What is in it, for GB = 1 (every count and size scales with GB, except the small files' sizes
and the number of planted tokens, which is TOKENS at any size: so that two trees of different
sizes give the same findings, and a scan's memory can be compared between them):
  - about 80,000 small files (a few hundred bytes to 64 KiB) in nested folders: source code
    (.rs .py .js .go .ts), JSON, YAML, TOML, Markdown, dotenv (.env, hidden), and a hidden
    .vscode/mcp.json in some folders;
  - 10 logs of 16 MiB and one of 8% of the tree (80 MiB at 1 GB): one very large file;
  - 40 minified one-line files (JS and JSON, 0.5-3 MiB, one line each, several tokens a line);
  - binary files (a NUL in the first bytes, as images and object files have; 5% of the bytes),
    and a few UTF-16 text files: skipped by both jwtadm and ripgrep (no token is planted in
    them);
  - base64 runs that start with `eyJ` but hold no dot (`data:…;base64,eyJ…`): neither a JWT
    candidate for jwtadm nor a match of the equivalent regular expression.
Planted, TOKENS in all (at least 40): tokens signed with SECRET (HS256; live: exp in a year; expired:
exp a year ago), foreign ones (HS256 with another secret), and truncated ones (`header.payload`
and `header..`): malformed. Each is followed by a character that is not base64url, so each is
found whole.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import sys
import time

MIB = 1 << 20


def b64(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=")


def make_words(rng, n):
    syl = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "ix", "or", "ul",
           "en", "at", "be", "co", "di", "fu", "ga", "ho", "jo", "wy"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syl) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def pool(rng, words, kind, size):
    """About `size` bytes of lines of one kind, as one blob, and the offsets of its lines."""
    w = lambda: rng.choice(words)
    ident = lambda: w() + rng.choice(["", "_" + w(), w().capitalize()])
    n = lambda: rng.randint(0, 99999)
    out, total = [], 0
    while total < size:
        if kind == "code":
            line = rng.choice([
                f"    let {ident()} = {ident()}.{ident()}({ident()}, {n()});",
                f"def {ident()}({ident()}, {ident()}={n()}):",
                f"        return {ident()}[{n() % 64}] + self.{ident()}",
                f"// {' '.join(w() for _ in range(rng.randint(3, 12)))}",
                f"func ({ident()} *{w().capitalize()}) {ident()}(ctx context.Context) error {{",
                f"const {ident()} = require('./{w()}/{w()}');",
                f"    if {ident()} > {n()} {{ {ident()} += 1; }}",
                f"import {{ {ident()}, {ident()} }} from \"../{w()}\";",
                "}",
                "",
            ])
        elif kind == "json":
            line = rng.choice([
                f'  "{ident()}": "{w()} {w()}",',
                f'  "{ident()}": {n()},',
                f'    "{ident()}": ["{w()}", "{w()}", {n()}],',
                f'  "{ident()}": {{"{w()}": true, "{w()}": null}},',
            ])
        elif kind == "yaml":
            line = rng.choice([
                f"{ident()}:",
                f"  {ident()}: {w()}-{w()}",
                f"  - name: {ident()}\n    value: \"{n()}\"",
                f"    {ident()}: {n()}",
                f"# {' '.join(w() for _ in range(rng.randint(2, 9)))}",
            ])
        elif kind == "md":
            line = rng.choice([
                " ".join(w() for _ in range(rng.randint(6, 18))).capitalize() + ".",
                f"## {w().capitalize()} {w()}",
                f"- `{ident()}`: {' '.join(w() for _ in range(rng.randint(3, 9)))}",
                f"See [{w()}](https://{w()}.example/{w()}/{n()}) for the {w()}.",
                "",
            ])
        elif kind == "log":
            line = (f"2026-11-{1 + n() % 28:02d}T{n() % 24:02d}:{n() % 60:02d}:{n() % 60:02d}."
                    f"{n() % 1000:03d}Z {rng.choice(['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'])} "
                    f"[{w()}::{w()}] request id={rng.getrandbits(64):016x} "
                    f"path=/api/{w()}/{w()}/{n()} status={rng.choice([200, 200, 201, 204, 301, 404, 500])} "
                    f"dur={n() % 3000}ms user={w()}@{w()}.example")
        elif kind == "min":  # minified: statements with no newline between them
            line = rng.choice([
                f"function {ident()}({ident()},{ident()}){{return {ident()}.{ident()}({n()})}}",
                f'var {ident()}="{w()} {w()} {w()}";',
                f"{ident()}.{ident()}=[{n()},{n()},{n()}];",
                f'{{"{ident()}":"{w()}","{ident()}":{n()}}},',
                f"if({ident()}<{n()}){{{ident()}+={n() % 9}}}",
            ])
        else:
            raise ValueError(kind)
        if "eyJ" in line:  # only planted tokens and the decoys below start with eyJ
            continue
        out.append(line)
        total += len(line) + 1
    if kind == "min":
        blob = "".join(out).encode()
        # Cut points at statement starts: segments join between statements.
        cuts, at = [], 0
        for line in out:
            cuts.append(at)
            at += len(line.encode())
    else:
        blob = ("\n".join(out) + "\n").encode()
        cuts = [0]
        for i, b in enumerate(blob):
            if b == 10:
                cuts.append(i + 1)
    return blob, cuts


class Tokens:
    def __init__(self, rng, secret, total):
        self.rng = rng
        self.secret = secret.encode()
        self.foreign_secret = b"not-our-secret-" + bytes(rng.getrandbits(8) for _ in range(16)).hex().encode()
        self.now = int(time.time())
        self.counts = {"live": 0, "expired": 0, "foreign": 0, "malformed": 0}
        total = max(40, total)
        # live 40%, expired 20%, foreign 25%, malformed 15%
        kinds = (["live"] * 8 + ["expired"] * 4 + ["foreign"] * 5 + ["malformed"] * 3)
        self.queue = [kinds[i % len(kinds)] for i in range(total)]
        rng.shuffle(self.queue)
        self.i = 0

    def left(self):
        return len(self.queue) - self.i

    def next(self):
        kind = self.queue[self.i]
        self.i += 1
        self.counts[kind] += 1
        r = self.rng
        header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        sub = f"client-{r.randint(1, 99999):05d}@exai-mcp.local"
        iat = self.now - r.randint(0, 30 * 86400)
        exp = self.now - 365 * 86400 if kind == "expired" else self.now + 365 * 86400
        claims = {"sub": sub, "iss": "exai-mcp-server", "aud": "exai-mcp-client", "iat": iat,
                  "exp": exp, "jti": f"{r.getrandbits(64):016x}"}
        payload = b64(json.dumps(claims, separators=(",", ":")).encode())
        signing_input = header + b"." + payload
        if kind == "malformed":
            return (signing_input if r.random() < 0.5 else header + b"..").decode()
        key = self.foreign_secret if kind == "foreign" else self.secret
        sig = b64(hmac.new(key, signing_input, hashlib.sha256).digest())
        return (signing_input + b"." + sig).decode()


# How a token sits in each kind of file: prefix, suffix (never a base64url character or a dot).
CONTEXT = {
    "code": [('    let token = "', '";'), ("TOKEN = '", "'"), ("// Authorization: Bearer ", " (old)"),
             ('fetch(`https://api.example/cb?token=', '&state=1`)')],
    "json": [('  "EXAI_JWT_TOKEN": "', '",'), ('  "Authorization": "Bearer ', '",')],
    "yaml": [("  token: ", ""), ('  authorization: "Bearer ', '"')],
    "md": [("The token was `", "` until it was rotated."), ("    curl -H 'Authorization: Bearer ", "' https://api.example")],
    "log": [("2026-11-30T12:00:00.000Z WARN [auth] rejected token=", " reason=expired"),
            ("2026-11-30T12:00:01.000Z DEBUG [http] Authorization: Bearer ", "")],
    "min": [('var t="', '";'), ('{"token":"', '"},')],
    "env": [("EXAI_JWT_TOKEN=", "")],
}

DECOY = "data:application/json;base64,eyJuYW1lIjoiZGVjb3kiLCJuIjox" + "fQ"  # no dot after it


def main():
    out_dir, gb, secret = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    n_tokens = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 15
    rng = random.Random(seed)
    words = make_words(rng, 3000)
    kinds = ["code", "json", "yaml", "md", "log", "min"]
    pools = {k: pool(rng, words, k, 3 * MIB) for k in kinds}
    tokens = Tokens(rng, secret, n_tokens)
    manifest = {"bytes": 0, "files": 0, "text_files": 0, "text_bytes": 0, "binary_files": 0,
                "utf16_files": 0, "largest_file": 0, "decoys": 0}

    def body(kind, size, n_tokens):
        """`size` bytes (about) of `kind`, with `n_tokens` planted tokens and maybe a decoy."""
        blob, cuts = pools[kind]
        parts, have = [], 0
        # Where the tokens go: at random points among the segments.
        segs = max(1, size // (64 * 1024)) if size > 64 * 1024 else 1
        seg_size = size / segs
        plant_at = sorted(rng.randrange(segs + 1) for _ in range(n_tokens))
        pi = 0
        sep = b"" if kind == "min" else b"\n"
        for s in range(segs + 1):
            while pi < len(plant_at) and plant_at[pi] == s:
                pre, post = rng.choice(CONTEXT[kind])
                t = (pre + tokens.next() + post).encode()
                parts.append(t + sep)
                have += len(t) + 1
                pi += 1
            if s == segs:
                break
            want = int(seg_size)
            ci = rng.randrange(len(cuts))
            a = cuts[ci]
            # From a line start, as much of the blob as wanted (wrapping round at its end).
            while want > 0:
                b = min(len(blob), a + want)
                # end on a cut (a line end)
                j = _bisect(cuts, b)
                end = cuts[j] if j < len(cuts) and cuts[j] > a else len(blob)
                parts.append(blob[a:end])
                want -= end - a
                have += end - a
                a = 0
            if rng.random() < 0.02:
                parts.append((DECOY + (";" if kind == "min" else "\n")).encode())
                manifest["decoys"] += 1
        data = b"".join(parts)
        if kind == "min":
            data += b"\n"
        return data

    def write(path, data, text=True):
        full = os.path.join(out_dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "wb") as f:
            f.write(data)
        manifest["bytes"] += len(data)
        manifest["files"] += 1
        manifest["largest_file"] = max(manifest["largest_file"], len(data))
        if text:
            manifest["text_files"] += 1
            manifest["text_bytes"] += len(data)

    total = int(gb * 1024 * MIB)
    # Budget: huge log 8%, logs 16%, minified 7%, binary 5%, small files the rest.
    huge = int(total * 0.08)
    n_logs = max(1, round(10 * gb))
    n_min = max(2, round(40 * gb))
    binary_budget = int(total * 0.05)
    planned_tokens = tokens.left()
    # Tokens: 5% in the huge log, 10% in logs, 15% in minified files, the rest in small files.
    t_huge = planned_tokens * 5 // 100
    t_logs = planned_tokens * 10 // 100
    t_min = planned_tokens * 15 // 100

    write("var/log/huge.log", body("log", huge, t_huge))
    for i in range(n_logs):
        k = t_logs // n_logs + (1 if i < t_logs % n_logs else 0)
        write(f"var/log/app-{i:03d}.log", body("log", 16 * MIB, k))
    for i in range(n_min):
        k = t_min // n_min + (1 if i < t_min % n_min else 0)
        kind_ext = ".min.js" if i % 2 == 0 else ".min.json"
        write(f"web/dist/bundle-{i:03d}{kind_ext}", body("min", rng.randint(MIB // 2, 3 * MIB), k))
    # Binary files: a few large, many small (a NUL in the first bytes).
    b_written = 0
    i = 0
    while b_written < binary_budget:
        size = rng.randint(MIB, 4 * MIB) if i % 10 == 0 else rng.randint(2 * 1024, 100 * 1024)
        data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(size)
        write(f"assets/img{i // 100:03d}/image-{i:05d}.png", data, text=False)
        manifest["binary_files"] += 1
        b_written += len(data)
        i += 1
    # UTF-16 files (with a byte-order mark): a few, no tokens.
    for i in range(max(1, round(20 * gb))):
        text = "\n".join(" ".join(rng.choice(words) for _ in range(10)) for _ in range(50))
        write(f"docs/utf16/notes-{i:03d}.txt", b"\xff\xfe" + text.encode("utf-16-le"), text=False)
        manifest["utf16_files"] += 1
    # Small files, in nested folders of about 100 files each.
    small_budget = total - manifest["bytes"]
    small_written = 0
    exts = [("code", ".rs"), ("code", ".py"), ("code", ".js"), ("code", ".go"), ("code", ".ts"),
            ("json", ".json"), ("yaml", ".yaml"), ("yaml", ".yml"), ("md", ".md"), ("json", ".toml")]
    n = 0
    # Expected number of small files, to spread the remaining tokens evenly over them.
    mean_small = 8 * 1024
    expect_files = max(1, small_budget // mean_small)
    while small_written < small_budget:
        folder = f"src/pkg{n // 1000:03d}/mod{(n // 100) % 10}"
        if n % 100 == 0:  # each folder: a hidden dotenv, and every tenth a .vscode/mcp.json
            k = 1 if tokens.left() > 0 and rng.random() < 0.3 else 0
            env = b"".join(f"{w.upper()}_{i}={rng.choice(words)}\n".encode() for i, w in enumerate(rng.sample(words, 8)))
            if k:
                env += ("EXAI_JWT_TOKEN=" + tokens.next() + "\n").encode()
            write(f"{folder}/.env", env)
            small_written += len(env)
            if n % 1000 == 0:
                tok = tokens.next() if tokens.left() > 0 else "old"
                mcp = json.dumps({"servers": {"exai": {"command": "python", "env": {"EXAI_JWT_TOKEN": tok}}}}, indent=2) + "\n"
                write(f"{folder}/.vscode/mcp.json", mcp.encode())
                small_written += len(mcp)
        kind, ext = exts[n % len(exts)]
        # Sizes: mostly a few KiB, some up to 64 KiB (mean about 8 KiB).
        size = min(64 * 1024, int(rng.lognormvariate(8.3, 1.0)) + 200)
        left_files = max(1, expect_files - n)
        k = 0
        if tokens.left() > 0 and rng.random() < tokens.left() / left_files:
            k = 1
        data = body(kind, size, k)
        write(f"{folder}/file-{n:06d}{ext}", data)
        small_written += len(data)
        n += 1
    # Whatever tokens are left: one more file.
    if tokens.left() > 0:
        write("src/leftover.md", body("md", 4096, tokens.left()))
    manifest["planted"] = dict(tokens.counts)
    manifest["planted_total"] = sum(tokens.counts.values())
    manifest["gb"] = gb
    manifest["seed"] = seed
    json.dump(manifest, sys.stdout)
    print()


def _bisect(a, x):
    import bisect
    return bisect.bisect_left(a, x)


if __name__ == "__main__":
    main()
