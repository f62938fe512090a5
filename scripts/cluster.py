#!/usr/bin/env python3
"""Two Banshi servers behind nginx on one PostgreSQL — the production shape.

    cluster.py serve    start it all and serve at http://127.0.0.1:$PORT until Ctrl-C
    cluster.py journey  the two-server journey (`make cluster-test`, part of `make test`):
                        sessions work on both servers, the deadline scan and each
                        e-mail happen once, a server SIGKILLed under submissions
                        loses nothing
    cluster.py chaos    `make chaos`: submissions under load while servers are
                        SIGKILLed and PostgreSQL restarts (fast, immediate, its
                        postmaster killed); then every acknowledged key has
                        exactly one complete case

Everything runs on loopback from the machine's own binaries: PostgreSQL
(initdb, pg_ctl), Debian's nginx and the aiosmtpd mail server, and the
server binary and built site given (`--server`, `--site`). Standard library
only. Exit status 0 when every check holds; the figures are printed.
"""

import argparse
import email
import email.policy
import glob
import http.client
import http.cookiejar
import json
import os
import random
import secrets
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
import zlib
from collections import Counter
from pathlib import Path

IS_ROOT = os.geteuid() == 0
DEMO_PASSWORD = "Banshi-Demo-2026"
BUNDLE = "440100/birth"
# What a parent answers for the birth bundle (server/tests/it/common birth_answers).
BIRTH_ANSWERS = {
    "applicant_name": "张小明",
    "applicant_id_number": "440106199003071231",
    "applicant_mobile": "13800138000",
    "child_name": "张安安",
    "child_birth_date": "2026-09-20",
    "child_sex": "female",
    "mother_name": "李华",
    "mother_id_number": "440106199205150026",
    "father_name": "张小明",
    "father_id_number": "440106199003071231",
    "birth_place.region": "440106",
    "birth_place.detail": "广州市妇女儿童医疗中心",
    "household_address.region": "440106",
    "household_address.detail": "天河路 100 号 2 栋 301 房",
}


def say(*parts):
    print(time.strftime("%H:%M:%S"), *parts, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(what, check, timeout, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - anything short of success means "not yet"
            pass
        time.sleep(every)
    raise SystemExit(f"timed out after {timeout} s waiting for {what}")


# ---- PostgreSQL ----------------------------------------------------------


class Postgres:
    """A private cluster reachable only through a unix socket in `root/run`."""

    def __init__(self, root: Path):
        self.root = root
        self.data = root / "pg"
        self.run = root / "run"
        self.log = root / "pg.log"
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        ctl = found[-1] if found else shutil.which("pg_ctl")
        if not ctl:
            raise SystemExit("PostgreSQL is not installed (make postgres installs it)")
        self.bin = Path(ctl).parent

    def _cmd(self, *argv):
        argv = [str(self.bin / argv[0]), *map(str, argv[1:])]
        return ["runuser", "-u", "postgres", "--", *argv] if IS_ROOT else argv

    def init(self):
        for d in (self.data, self.run):
            d.mkdir(parents=True, exist_ok=True)
            os.chmod(d, 0o700)
            if IS_ROOT:
                shutil.chown(d, "postgres", "postgres")
        self.log.touch()
        if IS_ROOT:
            shutil.chown(self.log, "postgres", "postgres")
        subprocess.run(
            self._cmd("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.write(
                f"listen_addresses = ''\nunix_socket_directories = '{self.run}'\n"
                "max_connections = 100\nshared_buffers = 128MB\nfsync = on\n"
            )

    def ctl(self, *args, check=True):
        return subprocess.run(
            self._cmd("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", *args),
            check=check,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self):
        # After the postmaster was killed its children may hold the shared
        # memory a little longer: try again until they have gone.
        deadline = time.monotonic() + 60
        while True:
            done = self.ctl("start", check=False)
            if done.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"PostgreSQL did not start: {done.stderr.decode()}")
            time.sleep(0.5)

    def restart(self, mode):
        self.ctl("restart", "-m", mode)

    def stop(self, mode="fast"):
        self.ctl("stop", "-m", mode, check=False)

    def kill_postmaster(self):
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        wait_until("the postmaster to die", lambda: not _alive(pid), 10)

    def url(self, database="banshi"):
        return f"postgres://postgres@localhost/{database}?host={self.run}"

    def sql(self, query):
        """Rows of `query` (tab-separated text)."""
        out = subprocess.run(
            [str(self.bin / "psql"), "-h", str(self.run), "-U", "postgres", "-d", "banshi",
             "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-f", "-"],
            input=query,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [line.split("\t") for line in out.splitlines() if line]


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie child of ours counts as gone.
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower().split("state:")[1][:20]
    except (OSError, IndexError):
        return True


# ---- the servers, nginx and the mail server ------------------------------


class Process:
    def __init__(self, name, argv, env, log: Path):
        self.name, self.argv, self.env, self.log = name, argv, env, log
        self.proc = None

    def start(self):
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            self.argv, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        out.close()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def stop(self, timeout=20):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()


class Cluster:
    def __init__(self, args):
        self.root = Path(args.dir).resolve()
        shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self.pg = Postgres(self.root)
        self.port = args.port or free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.smtp_port = free_port()
        self.maildir = self.root / "mail"
        key = secrets.token_hex(32)
        shared = self.root / "shared"  # the uploads both servers see (S3 in production)
        shared.mkdir()
        self.servers = []
        for name in ("a", "b"):
            port = free_port()
            env = dict(
                os.environ,
                DATABASE_URL=self.pg.url(),
                BANSHI_DATA_KEY=key,
                BANSHI_DATA_DIR=str(shared),
                BANSHI_DEMO_DATA="1",
                BANSHI_PUBLIC_ORIGIN=self.origin,
                BANSHI_FORWARDED_FOR="1",
                BANSHI_JOB_INTERVAL=str(args.job_interval),
                BANSHI_JOB_POLL="1",
                BANSHI_SMTP_URL=f"smtp://127.0.0.1:{self.smtp_port}",
                BANSHI_MAIL_FROM="Banshi <noreply@example.org>",
                LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
                LEPTOS_SITE_ROOT=str(Path(args.site).resolve()),
                RUST_LOG=os.environ.get("RUST_LOG", "info,sqlx=warn"),
            )
            server = Process(name, [str(Path(args.server).resolve())], env, self.root / f"server-{name}.log")
            server.port = port
            server.url = f"http://127.0.0.1:{port}"
            self.servers.append(server)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.nginx = Process("nginx", [nginx, "-p", str(self.root / "nginx"), "-c", "nginx.conf", "-e", "stderr"],
                             dict(os.environ), self.root / "nginx.log")
        self.smtp = Process("smtp", ["/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{self.smtp_port}",
                                     "-c", "aiosmtpd.handlers.Mailbox", str(self.maildir)],
                            dict(os.environ), self.root / "smtp.log")

    def write_nginx_conf(self):
        d = self.root / "nginx"
        (d / "tmp").mkdir(parents=True)
        upstreams = "\n".join(f"        server 127.0.0.1:{s.port} max_fails=1 fail_timeout=2s;" for s in self.servers)
        (d / "nginx.conf").write_text(f"""# Two Banshi servers behind nginx (scripts/cluster.py).
{"user root;" if IS_ROOT else ""}
worker_processes 1;
daemon off;
pid {d}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {d}/tmp/body;
    proxy_temp_path {d}/tmp/proxy;
    fastcgi_temp_path {d}/tmp/fastcgi;
    uwsgi_temp_path {d}/tmp/uwsgi;
    scgi_temp_path {d}/tmp/scgi;
    # The largest body the hall takes (an application with its scans);
    # each route's own limit is the server's (413).
    client_max_body_size 64m;
    upstream hall {{
{upstreams}
        keepalive 16;
    }}
    server {{
        listen 127.0.0.1:{self.port};
        location / {{
            proxy_pass http://hall;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            # The server reads the last entry (BANSHI_FORWARDED_FOR=1).
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            # A request that may change something is never sent twice by
            # nginx (non_idempotent is off): the client retries with its
            # Idempotency-Key instead.
            proxy_next_upstream error timeout http_502;
            proxy_connect_timeout 2s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
""")

    def start(self):
        say(f"PostgreSQL in {self.pg.data}")
        self.pg.init()
        self.pg.start()
        subprocess.run([str(self.pg.bin / "createdb"), "-h", str(self.pg.run), "-U", "postgres", "banshi"], check=True)
        self.smtp.start()
        # The first server migrates and loads the demo data; the second
        # starts on the prepared database.
        for server in self.servers:
            self.start_server(server)
        self.write_nginx_conf()
        self.nginx.start()
        wait_until("nginx", lambda: get(self.origin + "/healthz")[0] == 200, 20)
        say(f"two servers ({', '.join(s.url for s in self.servers)}) behind nginx at {self.origin}")

    def start_server(self, server, timeout=300):
        server.start()
        wait_until(f"server {server.name} to answer /healthz",
                   lambda: server.proc.poll() is None and get(server.url + "/healthz")[0] == 200, timeout)

    def stop(self):
        self.nginx.stop()
        for s in self.servers:
            s.stop()
        self.smtp.stop()
        self.pg.stop()

    def logs_tail(self, lines=30):
        for p in sorted(self.root.glob("*.log")):
            text = p.read_text(errors="replace").splitlines()[-lines:]
            print(f"---- {p.name} (last {len(text)} lines)")
            print("\n".join(text))


# ---- HTTP ---------------------------------------------------------------


class Unreachable(Exception):
    """No HTTP answer (refused, reset, timed out)."""


def request(method, url, body=None, headers=None, timeout=30):
    """(status, headers, parsed JSON or text); Unreachable without an answer."""
    data = None
    headers = dict(headers or {})
    if isinstance(body, bytes):
        data = body
    elif body is not None:
        data = json.dumps(body).encode()
        headers.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            status, hdrs, raw = res.status, res.headers, res.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, e.headers, e.read()
    except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError, socket.timeout) as e:
        raise Unreachable(str(e)) from e
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, hdrs, parsed


def get(url, headers=None):
    try:
        return request("GET", url, headers=headers, timeout=5)
    except Unreachable:
        return 0, {}, None


class Session:
    """A signed-in person: the session cookie, sent to whichever server."""

    def __init__(self, origin, username):
        self.origin = origin
        status, headers, body = request("POST", origin + "/api/v1/session",
                                        {"username": username, "password": DEMO_PASSWORD},
                                        {"Origin": origin})
        if status != 200:
            raise SystemExit(f"signing in as {username} failed: {status} {body}")
        cookies = [c.split(";")[0] for c in headers.get_all("Set-Cookie") or []]
        self.cookie = "; ".join(c for c in cookies if "session" in c)
        if not self.cookie:
            raise SystemExit(f"no session cookie for {username}: {cookies}")

    def call(self, method, base, path, body=None, headers=None, timeout=30):
        h = {"Cookie": self.cookie, "Origin": self.origin, **(headers or {})}
        return request(method, base + path, body, h, timeout)


def answers_for(session, base, query):
    """Every field of the form filled with a plausible value it accepts
    (as server/tests/it/common `answers_for`)."""
    status, _, form = session.call("GET", base, f"/api/v1/applications/form?{query}")
    if status != 200:
        raise SystemExit(f"the form of {query} answered {status}: {form}")
    fallback = {"id_number": "440106199003071231", "credit_code": "91440101MA59Q8R3XA",
                "mobile": "13800138000", "person_name": "张小明", "date": "2026-09-01"}
    out = {}
    for f in form["fields"]:
        key, kind = f["key"], f["kind"]
        if kind == "address":
            for suffix, default in ((".region", "440106"), (".detail", "天河路 100 号")):
                out[key + suffix] = BIRTH_ANSWERS.get(key + suffix, default)
        elif key in BIRTH_ANSWERS:
            out[key] = BIRTH_ANSWERS[key]
        elif kind in fallback:
            out[key] = fallback[kind]
        elif kind == "number":
            out[key] = str(f.get("min") or 0)
        elif kind == "choice":
            out[key] = f["options"][0]["value"]
        else:
            out[key] = "示例"
    return out


def tiny_png():
    """A small real PNG (the hall decodes every image it keeps)."""
    raw = b"".join(b"\x00" + bytes([200, 30, 30]) * 8 for _ in range(8))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def application_for(session, base, query):
    """A whole submission: the answers, the declaration agreed and a scan of
    each required material (as server/tests/it/common `application_for`)."""
    status, _, form = session.call("GET", base, f"/api/v1/applications/form?{query}")
    if status != 200:
        raise SystemExit(f"the form of {query} answered {status}: {form}")
    uploads = []
    for m in form["materials"]:
        if m["required"]:
            status, _, up = session.call("POST", base, "/api/v1/uploads", tiny_png(),
                                         {"Content-Type": "image/png", "X-File-Name": "scan.png"})
            if status != 201:
                raise SystemExit(f"an upload answered {status}: {up}")
            uploads.append({"id": up["id"], "material": m["key"]})
    name, value = query.split("=", 1)
    return {name: value, "answers": answers_for(session, base, query), "declaration": True,
            "uploads": uploads}


# ---- submissions under faults -------------------------------------------


class Submitter:
    """Clients submitting the birth bundle through nginx, each key retried
    (the same Idempotency-Key) until the hall acknowledges it."""

    def __init__(self, cluster, session, clients):
        self.cluster, self.session, self.clients = cluster, session, clients
        self.application = application_for(session, cluster.origin, f"bundle={BUNDLE}")
        self.acked = {}  # key -> case_no
        self.failures = Counter()
        self.longest = 0.0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(clients)]

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(300)
        if any(t.is_alive() for t in self.threads):
            raise SystemExit("a client could not get its submission acknowledged within 5 minutes")

    def _run(self):
        while not self.stopping.is_set():
            key = str(uuid.uuid4())
            began = time.monotonic()
            while True:
                try:
                    status, _, body = self.session.call(
                        "POST", self.cluster.origin, "/api/v1/applications",
                        self.application, {"Idempotency-Key": key}, timeout=20)
                except Unreachable:
                    status, body = 0, None
                if status in (200, 201):
                    with self.lock:
                        self.acked[key] = body["case_no"]
                        self.longest = max(self.longest, time.monotonic() - began)
                    break
                with self.lock:
                    self.failures[status] += 1
                # An outage is 503 (retry-safe); nginx says 502 for a
                # server gone mid-request. A 500 would be a defect, and
                # is reported below, but retried here like the rest.
                if status not in (0, 500, 502, 503, 504):
                    raise SystemExit(f"submission refused with {status}: {body}")
                if time.monotonic() - began > 240:
                    return
                time.sleep(random.uniform(0.1, 0.5))

    def verify(self):
        """Every acknowledged key has exactly one case, complete and the one
        acknowledged."""
        pg = self.cluster.pg
        keys = list(self.acked)
        if not keys:
            raise SystemExit("no submission was acknowledged")
        rows = pg.sql(
            "select c.idempotency_key, c.case_no, count(*) over (partition by c.idempotency_key),"
            " (select count(*) from case_part p where p.case_id = c.id),"
            " (select count(*) from case_task t where t.case_id = c.id),"
            " (select count(*) from case_event e where e.case_id = c.id)"
            " from case_file c where c.idempotency_key = any('{" + ",".join(keys) + "}'::uuid[])")
        found = {r[0]: r for r in rows}
        problems = []
        shapes = Counter((r[3], r[4]) for r in rows)
        for key, case_no in self.acked.items():
            r = found.get(key)
            if r is None:
                problems.append(f"{key}: acknowledged as {case_no}, no case")
            elif r[2] != "1":
                problems.append(f"{key}: {r[2]} cases")
            elif r[1] != case_no:
                problems.append(f"{key}: acknowledged {case_no}, stored {r[1]}")
            elif int(r[3]) < 2 or int(r[4]) < 1 or int(r[5]) < 1:
                problems.append(f"{key}: incomplete ({r[3]} parts, {r[4]} tasks, {r[5]} events)")
        if len(shapes) != 1:
            problems.append(f"cases differ in shape (parts, tasks): {dict(shapes)}")
        if problems:
            raise SystemExit("lost, duplicated or partial submissions:\n  " + "\n  ".join(problems[:20]))
        return len(keys)


# ---- the checks -----------------------------------------------------------


def check(cond, what):
    if not cond:
        raise SystemExit(f"FAILED: {what}")
    say(f"ok: {what}")


def sessions_on_both(cluster):
    a, b = cluster.servers
    citizen = Session(cluster.origin, "citizen.demo")
    seen = Counter()
    for _ in range(12):
        status, headers, body = citizen.call("GET", cluster.origin, "/api/v1/me")
        check_me = status == 200 and body["username"] == "citizen.demo"
        if not check_me:
            raise SystemExit(f"FAILED: /api/v1/me through nginx answered {status} {body}")
        seen[headers.get("X-Upstream")] += 1
    check(len(seen) == 2, f"one session served by both servers through nginx ({dict(seen)})")
    for s in (a, b):
        status, _, body = citizen.call("GET", s.url, "/api/v1/me")
        check(status == 200 and body["username"] == "citizen.demo", f"the session works on server {s.name} directly")
    key = str(uuid.uuid4())
    application = application_for(citizen, a.url, f"bundle={BUNDLE}")
    first = citizen.call("POST", a.url, "/api/v1/applications", application, {"Idempotency-Key": key})
    again = citizen.call("POST", b.url, "/api/v1/applications", application, {"Idempotency-Key": key})
    check(first[0] == 201 and again[0] == 200 and first[2]["case_no"] == again[2]["case_no"],
          f"a submission retried on the other server finds its case ({first[0]}, {again[0]})")
    status, _, _ = citizen.call("DELETE", b.url, "/api/v1/session")
    check(status == 204, "signed out on server b")
    status, _, _ = citizen.call("GET", a.url, "/api/v1/me")
    check(status == 401, "the session has ended on server a too")


def jobs_once(cluster, interval):
    pg = cluster.pg
    # Both workers tick every second; wait for several slots of the scan.
    def enough():
        rows = pg.sql("select count(*), count(distinct locked_by) from job"
                      " where kind = 'deadline_scan' and done_at is not null")
        return int(rows[0][0]) >= 4 and int(rows[0][1]) >= 2
    wait_until("four deadline scans run by both servers", enough, 30 + 6 * interval)
    slots = pg.sql("select count(*), count(distinct dedupe_key), count(distinct locked_by)"
                   " from job where kind = 'deadline_scan'")[0]
    check(slots[0] == slots[1], f"each deadline-scan slot queued once ({slots[0]} scans, workers: {slots[2]})")
    # The same notice twice: to the same person, of the same kind, about the
    # same thing (its link: two documents may share a title).
    dup_alerts = pg.sql("select count(*) from (select 1 from notification"
                        " group by recipient_id, kind, params, link having count(*) > 1) d")[0][0]
    check(dup_alerts == "0", "no notification sent twice")
    wait_until("the outbox to be sent",
               lambda: pg.sql("select count(*) filter (where sent_at is null), count(*) from mail_outbox")[0][0] == "0",
               60)
    sent = int(pg.sql("select count(*) from mail_outbox where sent_at is not null")[0][0])
    outbox = Counter(tuple(r) for r in pg.sql("select to_address, subject from mail_outbox"))
    received = Counter()
    for path in glob.glob(str(cluster.maildir / "*" / "*")):
        if os.path.isfile(path):
            with open(path, "rb") as f:
                m = email.message_from_binary_file(f, policy=email.policy.default)
            received[(str(m["To"]).strip("<>"), str(m["Subject"]))] += 1
    check(sent > 0 and sum(received.values()) == sent,
          f"each e-mail delivered once ({sent} in the outbox, {sum(received.values())} received)")
    check(all(received[k] == n for k, n in outbox.items()), "the mails received are the outbox's, one each")


def kill_under_submissions(cluster, clients, seconds, events):
    """Submissions through nginx while `events` ((at, what, action) in
    seconds from the start) happen; then the exactly-once check."""
    citizen = Session(cluster.origin, "citizen.demo")
    load = Submitter(cluster, citizen, clients)
    began = time.monotonic()
    load.start()
    for at, what, action in events:
        time.sleep(max(0.0, began + at - time.monotonic()))
        say(f"fault: {what}")
        action()
    time.sleep(max(0.0, began + seconds - time.monotonic()))
    load.stop()
    n = load.verify()
    if load.failures[500]:
        raise SystemExit(f"FAILED: {load.failures[500]} submissions answered 500 during the faults (an outage is a 503)")
    elapsed = time.monotonic() - began
    failures = ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(load.failures.items())) or "none"
    check(True, f"{n} submissions acknowledged in {elapsed:.0f} s by {clients} clients, each exactly one complete"
                f" case (failed attempts retried: {failures}; longest until acknowledged {load.longest:.1f} s)")
    return n


def restart(cluster, server):
    def act():
        server.kill()
        time.sleep(1)
        cluster.start_server(server, 120)
    return act


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("mode", choices=["serve", "journey", "chaos"])
    p.add_argument("--server", default="target/release/server")
    p.add_argument("--site", default="target/site")
    p.add_argument("--dir", default="target/cluster")
    p.add_argument("--port", type=int, default=0, help="nginx's port (default: a free one)")
    p.add_argument("--clients", type=int, default=4)
    p.add_argument("--seconds", type=int, default=60, help="chaos: how long the load runs")
    p.add_argument("--job-interval", type=int, default=2)
    args = p.parse_args()
    if args.mode == "serve":
        args.port = args.port or 3000
        args.job_interval = 300 if args.job_interval == 2 else args.job_interval
    cluster = Cluster(args)
    ok = False
    try:
        cluster.start()
        if args.mode == "serve":
            say(f"serving at {cluster.origin} — Ctrl-C stops")
            try:
                while all(s.proc.poll() is None for s in cluster.servers):
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
            ok = True
        elif args.mode == "journey":
            a, b = cluster.servers
            sessions_on_both(cluster)
            jobs_once(cluster, args.job_interval)
            kill_under_submissions(cluster, args.clients, 8, [(2, "SIGKILL server b", b.kill),
                                                               (5, "server b restarts", lambda: cluster.start_server(b))])
        else:
            a, b = cluster.servers
            t = args.seconds
            kill_under_submissions(cluster, args.clients, t, [
                (t * 0.10, "SIGKILL server a, restarted", restart(cluster, a)),
                (t * 0.30, "PostgreSQL restarts (fast)", lambda: cluster.pg.restart("fast")),
                (t * 0.45, "PostgreSQL restarts (immediate: a crash)", lambda: cluster.pg.restart("immediate")),
                (t * 0.60, "the postmaster SIGKILLed, PostgreSQL started again",
                 lambda: (cluster.pg.kill_postmaster(), time.sleep(2), cluster.pg.start())),
                (t * 0.75, "SIGKILL server b, restarted", restart(cluster, b)),
            ])
        ok = True
    finally:
        if not ok:
            cluster.logs_tail()
        cluster.stop()
    say(f"{args.mode}: all checks passed")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main()
