#!/usr/bin/env python3
"""`make fuzz`: schemathesis over the hall's OpenAPI document, 0 server errors.

Starts the hall (the given server binary on its own embedded PostgreSQL with
the demo data, in a fresh data directory, on loopback), then runs
schemathesis against `/api/v1/openapi.json` once per identity — nobody, a
citizen, an enterprise, a clerk, a supervisor, an administrator — with the
`not_a_server_error` check (and the answers' content types), and finally
reads the server's own log: no request may have been answered with a 5xx.

    scripts/fuzz.py --schemathesis target/fuzz-venv/bin/schemathesis \
        --server target/debug/server [--examples 25] [--seconds N]

The figures (requests made per identity, answers by status) are printed.
"""

import argparse
import base64
import hashlib
import hmac
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from cluster import DEMO_PASSWORD, Process, free_port, request, say, wait_until  # noqa: E402
import forms_fuzz  # noqa: E402

# Secrets of the demo officials (README.md).
IDENTITIES = [
    ("nobody", None, None),
    ("citizen.demo", "citizen.demo", None),
    ("enterprise.demo", "enterprise.demo", None),
    ("staff.gz.wjj", "staff.gz.wjj", "QWB5PDKHX6PYGPAN2RLYKEI4IIAANNKK"),
    ("supervisor.gz", "supervisor.gz", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"),
    ("admin", "admin", "ONSWG4TFORZWKY3SMVZXIYLUMVZGC3DP"),
]

# Operations that would end the identity's own session or credentials half
# way through its run (they are fuzzed signed out, as nobody, instead), and
# the test clock (absent outside test mode).
KEEP_SESSION = r"^/api/v1/(session|me/password)$"


def totp(secret, at):
    key = base64.b32decode(secret)
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def sign_in(base, username, secret):
    body = {"username": username, "password": DEMO_PASSWORD}
    for _ in range(3):
        if secret:
            body["totp"] = totp(secret, time.time())
        status, headers, answer = request("POST", base + "/api/v1/session", body, {"Origin": base})
        if status == 200:
            cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or []]
            return "; ".join(c for c in cookies if "session" in c)
        # A code used a moment ago is refused as reused: wait for the next one.
        time.sleep(31)
    raise SystemExit(f"signing in as {username} failed: {status} {answer}")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--schemathesis", required=True)
    p.add_argument("--server", default="target/debug/server")
    p.add_argument("--site", default="target/site")
    p.add_argument("--dir", default="target/fuzz")
    p.add_argument("--examples", type=int, default=25, help="test cases per operation and identity")
    p.add_argument("--seed", type=int, default=20261206)
    p.add_argument("--forms", type=int, default=120,
                   help="pages to crawl per identity for the HTML forms' run (0: none)")
    args = p.parse_args()

    root = Path(args.dir).resolve()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, DATABASE_URL="", BANSHI_DATA_DIR=str(root / "data"),
               LEPTOS_SITE_ADDR=f"127.0.0.1:{port}", LEPTOS_SITE_ROOT=str(Path(args.site).resolve()),
               RUST_LOG="info,sqlx=warn", NO_COLOR="1")
    log = root / "server.log"
    server = Process("server", [str(Path(args.server).resolve())], env, log)
    server.start()
    ok = False
    try:
        wait_until("the hall to answer /healthz",
                   lambda: server.proc.poll() is None and request("GET", base + "/healthz", timeout=5)[0] == 200, 300)
        say(f"the hall serves at {base}; fuzzing {args.examples} cases per operation and identity")
        # Signed in one after another first (the anonymous run fuzzes the
        # sign-in itself, and its throttling would refuse a sign-in made
        # meanwhile), then fuzzed two identities at a time (the server and
        # schemathesis each keep one core busy).
        cookies = {name: sign_in(base, username, secret) if username else None
                   for name, username, secret in IDENTITIES}

        def fuzz(name):
            said = []
            headers = ["-H", f"Origin: {base}"]
            excluded = []
            cookie = cookies[name]
            if cookie:
                headers += ["-H", f"Cookie: {cookie}"]
                excluded = ["--exclude-path-regex", KEEP_SESSION]
            failures = []
            if args.forms:
                pages, forms, statuses, failures = forms_fuzz.run(base, cookie, args.forms)
                said.append(f"forms as {name}: {pages} pages crawled, {forms} POST forms, {sum(statuses.values())}"
                            f" hostile submissions ({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))})")
            cmd = [args.schemathesis, "run", f"{base}/api/v1/openapi.json", "--url", base,
                   "--checks", "not_a_server_error,content_type_conformance",
                   "--max-examples", str(args.examples), "--seed", str(args.seed),
                   "--workers", "1", "--request-timeout", "30", "--no-shrink",
                   "--exclude-path", "/api/v1/test/now", *excluded, *headers,
                   "--report", "junit", "--report-junit-path", str(root / f"{name}.xml")]
            done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            (root / f"{name}.out").write_text(done.stdout)
            summary = [line.strip() for line in done.stdout.splitlines() if re.search(r"\d+ generated", line)]
            said.append(f"schemathesis as {name}: " + ("; ".join(summary[-1:]) or "no summary"))
            return name, said, failures, done

        failed = []
        form_failures = []
        with ThreadPoolExecutor(max_workers=2) as pool:
            for name, said, failures, done in pool.map(fuzz, [name for name, _, _ in IDENTITIES]):
                for line in said:
                    say(line)
                form_failures += failures
                if done.returncode != 0:
                    failed.append(name)
                    print(done.stdout[-6000:], flush=True)
        ok = True
    finally:
        server.stop()
        if not ok:
            print(log.read_text(errors="replace")[-5000:])

    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(errors="replace"))
    statuses = Counter(re.findall(r"served status=(\d{3})", text))
    say("answers by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    server_errors = sum(n for s, n in statuses.items() if s.startswith("5"))
    if form_failures:
        print("\n".join(form_failures[:30]))
    if failed or server_errors or form_failures:
        lines = [line for line in text.splitlines() if "ERROR" in line or "status=5" in line]
        print("\n".join(lines[-30:]))
        raise SystemExit(f"fuzz: {server_errors} server errors; schemathesis failed for {failed or 'nobody'}"
                         f" (reports in {root})")
    say(f"fuzz: {sum(statuses.values())} requests, 0 server errors")


if __name__ == "__main__":
    main()
