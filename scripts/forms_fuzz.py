"""The HTML forms under hostile input: no answer may be a 5xx.

schemathesis covers the JSON API from its OpenAPI document; the pages'
forms (sign-in, registration, applying, the workbench, ratings…) have no
such document. This crawls the hall as an identity (same-site links, GET
only), collects every POST form it finds and sends each one with hostile
values in its fields, one field at a time and all at once: NUL and other
controls, a direction override, invalid UTF-8, a very long text, numbers
and dates out of any range, an empty value. Used by scripts/fuzz.py.
"""

import html.parser
import os
import urllib.parse
import uuid
from collections import Counter

from cluster import Unreachable, request

HOSTILE = [
    "\x00",
    "名\x00字",
    "a\x1b[31m\x07",
    "证明\u202efdp.exe",
    "\r",
    "x" * 70_000,
    "-99999999999999999999",
    "9999-12-31",
    "",
    "%00%0a%",
    "<script>alert(1)</script>",
]
# Bytes that are not UTF-8 at all, percent-encoded into the body.
INVALID_UTF8 = b"\xff\xfe\xc3"
# Forms that would end the identity's session half way.
SKIP_ACTIONS = ("/logout", "/sign-out", "/session")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.forms = [], []
        self.form = None
        self.select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(),
                         "enctype": a.get("enctype") or "", "fields": []}
            self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind in ("submit", "button", "image", "reset"):
                if a.get("value") is not None:
                    self.form["fields"].append((a["name"], kind, a.get("value")))
                return
            field = [a["name"], kind, a.get("value") or ""]
            if kind in ("checkbox", "radio"):
                field[2] = a.get("value") or "on"
            self.form["fields"].append(field)
            if tag == "select":
                self.select = field
        elif tag == "option" and self.select is not None and not self.select[2]:
            self.select[2] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def crawl(base, cookie, limit):
    headers = {"Cookie": cookie} if cookie else {}
    seen, queue, forms = set(), ["/"], {}
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        try:
            status, hdrs, body = request("GET", base + path, headers=headers, timeout=30)
        except Unreachable:
            continue
        if status >= 500:
            raise SystemExit(f"GET {path} answered {status}")
        if not isinstance(body, str) or "text/html" not in (hdrs.get("Content-Type") or ""):
            continue
        page = Page()
        page.feed(body)
        for href in page.links:
            url = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, href))
            if url.netloc != urllib.parse.urlsplit(base).netloc or url.path.startswith(("/pkg/", "/api/")):
                continue
            target = url.path + (f"?{url.query}" if url.query and len(url.query) < 80 else "")
            if target not in seen and len(queue) < 4 * limit:
                queue.append(target)
        for form in page.forms:
            if form["method"] != "post":
                continue
            action = urllib.parse.urlsplit(urllib.parse.urljoin(base + path, form["action"] or path))
            if any(s in action.path for s in SKIP_ACTIONS):
                continue
            key = (action.path, tuple(f[0] for f in form["fields"]))
            forms.setdefault(key, (action.path + (f"?{action.query}" if action.query else ""), form))
    return len(seen), list(forms.values())


def encode(fields, multipart):
    """The body and its content type; values are str or bytes."""
    if not multipart:
        parts = []
        for name, value in fields:
            raw = value if isinstance(value, bytes) else value.encode()
            parts.append(urllib.parse.quote_plus(name) + "=" + urllib.parse.quote_plus(raw))
        return "&".join(parts).encode(), "application/x-www-form-urlencoded"
    boundary = uuid.uuid4().hex
    out = b""
    for name, value in fields:
        raw = value if isinstance(value, bytes) else value.encode()
        out += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n".encode() + raw + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def post(base, path, body, content_type, cookie):
    import urllib.request
    import urllib.error
    headers = {"Origin": base, "Content-Type": content_type}
    if cookie:
        headers["Cookie"] = cookie
    req = urllib.request.Request(base + path, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:  # noqa: BLE001 - no answer at all counts as a failure
        return 0


def run(base, cookie, limit=120):
    """Crawls and fuzzes; (pages, forms, statuses Counter, failures list)."""
    pages, forms = crawl(base, cookie, limit)
    statuses, failures = Counter(), []
    for path, form in forms:
        fields = [(f[0], f[2]) for f in form["fields"]]
        multipart = "multipart" in form["enctype"]
        typed = [i for i, f in enumerate(form["fields"]) if f[1] not in ("hidden", "checkbox", "radio", "submit")]
        variants = []
        for i in typed:
            for value in HOSTILE + [INVALID_UTF8]:
                v = list(fields)
                v[i] = (v[i][0], value)
                variants.append(v)
        variants.append([(n, "\x00\u202e" + (x if isinstance(x, str) else "")) for n, x in fields])
        variants.append([(n, INVALID_UTF8) for n, _ in fields])
        for v in variants:
            body, ctype = encode(v, multipart)
            status = post(base, path, body, ctype, cookie)
            statuses[status] += 1
            if status < 300 and os.environ.get("FORMS_VERBOSE"):
                print(f"  {status} POST {path} {[(n, (x[:12] if isinstance(x, str) else x)) for n, x in v]}")
            if status == 0 or status >= 500:
                failures.append(f"POST {path} -> {status or 'no answer'} with {[(n, (x[:20] if isinstance(x, str) else x)) for n, x in v]}")
    return pages, len(forms), statuses, failures
