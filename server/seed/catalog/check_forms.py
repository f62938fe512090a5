#!/usr/bin/env python3
"""Checks forms.json and bundles.json against the rules in FORMAT.md and
against departments.json and the item files. Run from anywhere:

    python3 server/seed/catalog/check_forms.py

Prints a summary and exits 0, or lists every problem found and exits 1.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

KINDS = {"text", "long_text", "number", "date", "choice", "address",
         "id_number", "credit_code", "mobile", "person_name"}
FIELD_KEY = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
KEBAB = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_LEN = {"text": 200, "long_text": 2000}
# What the applicant's account knows (`known`), and the kind it fits.
KNOWN = {"name": "person_name", "id_number": "id_number", "mobile": "mobile",
         "enterprise_name": "text", "credit_code": "credit_code",
         "legal_representative": "person_name"}
APPLICANTS = ("individual", "enterprise", "both")
ONLINE = {"apply_online", "fully_online"}
LIFE_EVENTS = {"birth", "school", "first_job", "unemployment", "marriage",
               "moving", "buying_home", "starting_business", "retirement", "death"}
# As given for the defaults (FORMAT.md): exact lists for the two plain types.
DEFAULTS = {
    "individual": ["applicant_name", "applicant_id_number", "applicant_mobile",
                   "applicant_address"],
    "enterprise": ["enterprise_name", "enterprise_credit_code", "legal_representative",
                   "contact_name", "contact_mobile", "enterprise_address"],
}
# Keys the birth items share, with their kinds.
BIRTH_SHARED = {
    "child_name": "person_name", "child_birth_date": "date", "child_sex": "choice",
    "birth_place": "text", "mother_name": "person_name", "mother_id_number": "id_number",
    "father_name": "person_name", "father_id_number": "id_number",
    "household_address": "address",
}
# The legally required order of issuance in the birth bundle.
BIRTH_ORDER = ["birth-medical-certificate", "newborn-household-registration",
               "resident-medical-insurance-enrolment", "social-security-card-application"]
MIN_PROVINCE_FORMS = 40
# The lead unit does the single acceptance (统一受理) of a bundle.
LEAD_POST = "受理岗"

problems = []


def bad(where, why):
    problems.append(f"{where}: {why}")


def load(name):
    with open(HERE / name, encoding="utf-8") as f:
        return json.load(f)


def nonempty(v):
    return isinstance(v, str) and v.strip() != ""


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_field(key, d):
    w = f"fields.{key}"
    if not FIELD_KEY.match(key):
        bad(w, "key does not match ^[a-z][a-z0-9_]{1,40}$")
    if not isinstance(d, dict):
        return bad(w, "not an object")
    kind = d.get("kind")
    if kind not in KINDS:
        return bad(w, f"unknown kind {kind!r}")
    allowed = {"kind", "label_zh", "label_en", "required", "hint_zh", "hint_en",
               "org_hint_zh", "org_hint_en"}
    if ("org_hint_zh" in d) != ("org_hint_en" in d):
        bad(w, "org_hint_zh and org_hint_en go together")
    for lang in ("zh", "en"):
        if not nonempty(d.get(f"label_{lang}")):
            bad(w, f"label_{lang} missing or empty")
    if not isinstance(d.get("required"), bool):
        bad(w, "required must be true or false")
    if ("hint_zh" in d) != ("hint_en" in d):
        bad(w, "hint_zh and hint_en go together")
    for h in ("hint_zh", "hint_en"):
        if h in d and not nonempty(d[h]):
            bad(w, f"{h} is empty")
    if kind in MAX_LEN:
        allowed.add("max_len")
        n = d.get("max_len")
        if not is_int(n) or not 1 <= n <= MAX_LEN[kind]:
            bad(w, f"max_len must be an integer 1–{MAX_LEN[kind]}")
    if kind == "number":
        allowed |= {"min", "max", "unit_zh", "unit_en", "places"}
        if "places" in d and (d["places"] not in (0, 1, 2) or (d.get("min") or 0) < 0):
            bad(w, "places is 0, 1 or 2, and the field is not negative")
        lo, hi = d.get("min"), d.get("max")
        if not is_int(lo) or not is_int(hi):
            bad(w, "min and max must both be integers")
        elif lo > hi:
            bad(w, "min is above max")
        if ("unit_zh" in d) != ("unit_en" in d):
            bad(w, "unit_zh and unit_en go together")
        for u in ("unit_zh", "unit_en"):
            if u in d and not nonempty(d[u]):
                bad(w, f"{u} is empty")
    if kind == "date":
        allowed.add("past_only")
        if "past_only" in d and not isinstance(d["past_only"], bool):
            bad(w, "past_only must be true or false")
    if kind == "choice":
        allowed.add("options")
        opts = d.get("options")
        if not isinstance(opts, list) or not 2 <= len(opts) <= 12:
            bad(w, "choice needs 2–12 options")
        else:
            values = []
            for i, o in enumerate(opts):
                ow = f"{w}.options[{i}]"
                if not isinstance(o, dict) or set(o) != {"value", "label_zh", "label_en"}:
                    bad(ow, "must have exactly value, label_zh, label_en")
                    continue
                if not isinstance(o["value"], str) or not SNAKE.match(o["value"]):
                    bad(ow, f"value {o['value']!r} is not snake_case")
                if not nonempty(o["label_zh"]) or not nonempty(o["label_en"]):
                    bad(ow, "empty label")
                values.append(o["value"])
            if len(set(values)) != len(values):
                bad(w, "option values repeat")
    if "known" in d:
        allowed.add("known")
        if KNOWN.get(d["known"]) != kind:
            bad(w, f"known {d['known']!r} does not fit kind {kind}")
    extra = set(d) - allowed
    if extra:
        bad(w, f"members not allowed for kind {kind}: {sorted(extra)}")


def main():
    departments = load("departments.json")
    items = {}
    for name in ("items-province.json", "items-city.json"):
        for it in load(name):
            if it["key"] in items:
                bad(name, f"item key {it['key']} used twice")
            items[it["key"]] = it
    forms_file = load("forms.json")
    bundles = load("bundles.json")

    # ---- forms.json ---------------------------------------------------------
    optional = {"bundles", "filled_online", "samples"}
    if not isinstance(forms_file, dict) or not {"fields", "defaults", "forms"} <= set(forms_file) \
            or set(forms_file) - {"fields", "defaults", "forms"} - optional:
        bad("forms.json", "must be an object with fields, defaults, forms (and bundles, filled_online, samples)")
        return 1
    fields = forms_file["fields"]
    defaults = forms_file["defaults"]
    forms = forms_file["forms"]
    for key, d in fields.items():
        check_field(key, d)

    used = set()
    if set(defaults) != set(APPLICANTS):
        bad("defaults", f"must have exactly {list(APPLICANTS)}")
    for t, keys in defaults.items():
        if not isinstance(keys, list) or not keys:
            bad(f"defaults.{t}", "must be a non-empty list")
            continue
        if len(set(keys)) != len(keys):
            bad(f"defaults.{t}", "a field is listed twice")
        for k in keys:
            used.add(k)
            if k not in fields:
                bad(f"defaults.{t}", f"unknown field {k}")
        if t in DEFAULTS and keys != DEFAULTS[t]:
            bad(f"defaults.{t}", f"must be {DEFAULTS[t]}")
    if set(defaults.get("individual", [])) - set(defaults.get("both", [])):
        bad("defaults.both", "must fit an individual too (contain the individual defaults)")
    for k in defaults.get("both", []):
        if k in fields and k not in defaults.get("individual", []) and fields[k].get("required"):
            bad("defaults.both", f"{k} does not fit an individual applicant and is required")

    for key, keys in forms.items():
        w = f"forms.{key}"
        it = items.get(key)
        if it is None:
            bad(w, "not an item key")
            continue
        if not isinstance(keys, list) or not 2 <= len(keys) <= 8:
            bad(w, "needs 2–8 fields")
            continue
        if len(set(keys)) != len(keys):
            bad(w, "a field is listed twice")
        for k in keys:
            used.add(k)
            if k not in fields:
                bad(w, f"unknown field {k}")
        dup = set(keys) & set(defaults.get(it["applicant"], []))
        if dup:
            bad(w, f"repeats defaults of {it['applicant']}: {sorted(dup)}")

    unused = set(fields) - used
    if unused:
        bad("fields", f"never used: {sorted(unused)}")
    missing_city = [k for k, it in items.items() if it["scope"] == "city" and k not in forms]
    if missing_city:
        bad("forms", f"city template items without a form: {missing_city}")
    province = [k for k in forms if k in items and items[k]["scope"] == "province"]
    if len(province) < MIN_PROVINCE_FORMS:
        bad("forms", f"only {len(province)} provincial forms, want ≥ {MIN_PROVINCE_FORMS}")

    birth_items = [k for k, it in items.items() if "birth" in it["life_events"]]
    for k, kind in BIRTH_SHARED.items():
        if k not in fields:
            bad("fields", f"shared birth field {k} missing")
            continue
        if fields[k]["kind"] != kind:
            bad(f"fields.{k}", f"shared birth field must be {kind}")
        if not any(k in forms.get(b, []) for b in birth_items):
            bad(f"fields.{k}", "shared birth field used by no birth item")

    # ---- bundles.json -----------------------------------------------------
    depts = {
        "province": {d["code"]: d for d in departments["province"]},
        "city": {d["code"]: d for d in departments["city_templates"]},
    }
    if not isinstance(bundles, list) or not bundles:
        bad("bundles.json", "must be a non-empty array")
        bundles = []
    keys_seen = set()
    members = {"key", "scope", "name_zh", "name_en", "summary_zh", "summary_en",
               "lead", "items"}
    optional = {"life_event", "investment_stage", "commitment", "needs"}
    stage_items = {}  # investment stage -> its item keys
    for i, b in enumerate(bundles):
        w = f"bundles[{i}]"
        if not isinstance(b, dict) or not members <= set(b) <= members | optional:
            bad(w, f"must have {sorted(members)} and may have {sorted(optional)}")
            continue
        b = {"life_event": None, "investment_stage": None, **b}
        w = f"bundle {b['key']}"
        if not isinstance(b["key"], str) or not KEBAB.match(b["key"]):
            bad(w, "key is not kebab-case")
        if b["key"] in keys_seen:
            bad(w, "key used twice")
        keys_seen.add(b["key"])
        scope = b["scope"]
        if scope not in depts:
            bad(w, f"unknown scope {scope!r}")
            continue
        for m in ("name_zh", "name_en", "summary_zh", "summary_en"):
            if not nonempty(b[m]):
                bad(w, f"{m} empty")
        stage = b["investment_stage"]
        if stage is not None:
            # An investment stage is reached from /investment, not a life event.
            if stage not in (1, 2, 3, 4) or stage in stage_items:
                bad(w, f"investment_stage {stage!r} is not 1–4 or used twice")
            if scope != "city" or b["life_event"] is not None:
                bad(w, "an investment stage is a city bundle without a life event")
        else:
            if "commitment" in b or "needs" in b:
                bad(w, "commitment and needs belong to investment stages")
            if b["life_event"] is not None and b["life_event"] not in LIFE_EVENTS:
                bad(w, f"unknown life event {b['life_event']!r}")
        lead = b["lead"]
        if not isinstance(lead, dict) or set(lead) != {"dept", "unit", "post"}:
            bad(w, "lead must have exactly dept, unit, post")
        else:
            d = depts[scope].get(lead["dept"])
            if d is None:
                bad(w, f"lead dept {lead['dept']} is not a {scope} department")
            else:
                unit = next((u for u in d["units"] if u["name_zh"] == lead["unit"]), None)
                if unit is None:
                    bad(w, f"{lead['dept']} has no unit {lead['unit']}")
                elif not any(p["name_zh"] == lead["post"] for p in unit["posts"]):
                    bad(w, f"unit {lead['unit']} has no post {lead['post']}")
            if lead["post"] != LEAD_POST:
                bad(w, f"the lead post accepts the application: must be {LEAD_POST}")
        keys = b["items"]
        if not isinstance(keys, list) or not 2 <= len(keys) <= 6:
            bad(w, "needs 2–6 items")
            continue
        if len(set(keys)) != len(keys):
            bad(w, "an item is listed twice")
        its = []
        for k in keys:
            it = items.get(k)
            if it is None:
                bad(w, f"unknown item {k}")
                continue
            its.append(it)
            if it["scope"] != scope:
                bad(w, f"{k} is not of scope {scope}")
            if it["online_depth"] not in ONLINE:
                bad(w, f"{k} is {it['online_depth']}, not apply_online or fully_online")
            if b["life_event"] is not None and b["life_event"] not in it["life_events"]:
                bad(w, f"{k} lacks the life event {b['life_event']}")
            if stage is not None and "construction" not in it["themes"]:
                bad(w, f"{k} lacks the theme construction")
        owners = [it["dept"] for it in its]
        # A stage's items are reviewed in parallel: a department may have several.
        if stage is None and len(set(owners)) != len(owners):
            bad(w, f"two items of one department: {owners}")
        if stage is not None:
            stage_items[stage] = keys
            for k in b.get("commitment", []):
                if k not in keys:
                    bad(w, f"commitment item {k} is not an item of the stage")
            for k in b.get("needs", []):
                earlier = [s for s, ks in stage_items.items() if s < stage and k in ks]
                if not earlier:
                    bad(w, f"needed permit {k} is not an item of an earlier stage listed before")
            if stage > 1 and not b.get("needs"):
                bad(w, "a later stage needs a permit of an earlier one")
        # One applicant type: `both` gives way to the other; never mixed.
        types = {it["applicant"] for it in its} - {"both"}
        if len(types) > 1:
            bad(w, f"mixes applicant types {sorted(types)}")
        else:
            atype = types.pop() if types else "both"
            asked = []
            for it in its:
                asked += [f for f in forms.get(it["key"], []) if f not in asked]
            dup = set(asked) & set(defaults.get(atype, []))
            if dup:
                bad(w, f"item fields repeat {atype} defaults: {sorted(dup)}")

    birth = next((b for b in bundles if isinstance(b, dict) and b.get("key") == "birth"), None)
    if birth is None:
        bad("bundles", "the birth bundle is missing")
    else:
        if birth.get("scope") != "city" or birth.get("life_event") != "birth":
            bad("bundle birth", "must be a city bundle of the life event birth")
        seq = [k for k in birth.get("items", []) if k in BIRTH_ORDER]
        if seq != BIRTH_ORDER:
            bad("bundle birth", f"must contain, in this order, {BIRTH_ORDER}")
        shared = [k for k in BIRTH_SHARED
                  if sum(k in forms.get(i, []) for i in birth.get("items", [])) >= 2]
        if len(shared) < 3:
            bad("bundle birth", f"its forms share too few fields: {shared}")

    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        return 1
    prov_total = sum(1 for it in items.values() if it["scope"] == "province")
    print(f"ok: {len(fields)} fields; forms for "
          f"{len(forms) - len(province)}/{len(items) - prov_total} city template items and "
          f"{len(province)}/{prov_total} provincial items; {len(bundles)} bundles: "
          + ", ".join(f"{b['key']} ({len(b['items'])} items)" for b in bundles))
    return 0


if __name__ == "__main__":
    sys.exit(main())
