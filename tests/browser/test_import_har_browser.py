#!/usr/bin/env python3
"""The browser proof of `rollcall import-har` (issue 16, point 4).

For one persona: start `rollcall sim` (with --saml for the parent) on a
free loopback port, record a real login in headless Chromium with
record_har.py, check that the HAR is a faithful recording (the redirect
hops, the password in the login POST, the cookies, the ticket, the SAML
response), convert it with `rollcall import-har`, give the scenario's
feeder a few of the simulator's accounts (others than the recorded one, so
that a replay proves the credentials come from the feeder), then
`rollcall validate`, `rollcall try` and a short `rollcall run`: every
journey must complete. Last, no secret seen in the HAR (the password,
cookie values, the execution token, ST- and TGT- tickets, the SAMLResponse)
may appear in the scenario or in anything import-har, validate, try and run
wrote or printed.

    test_import_har_browser.py --rollcall build/rollcall --persona student --work DIR
    test_import_har_browser.py --rollcall build/rollcall --persona parent --saml --work DIR

Exit 0: proved; 1: a check failed (each failure on its own line; the files
are left in --work); 77 with the skip marker: chromium is not installed.
--record-only stops after the HAR's checks.
"""

import argparse
import csv
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
SKIP_MARKER = "ROLLCALL-TEST-SKIPPED"

# What each persona's portal calls once logged in, as scenarios/*.yaml do.
PERSONAS = {
    "student": {
        "user": "student0001",
        "accounts": "students.csv",
        "apis": ["/api/timeline", "/api/homework", "/api/messages?page=1"],
    },
    "parent": {
        "user": "parent0001",
        "accounts": "parents.csv",
        "apis": ["/api/timeline", "/api/messages", "/api/homework"],
    },
}
FEEDER_ROWS = 3  # accounts 2 to 4: not the recorded one


class Checks:
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
            print("FAILED: " + message, flush=True)
        return condition

    def require(self, condition, message):
        if not self.check(condition, message):
            raise Abort()


class Abort(Exception):
    """A check the next steps depend on failed."""


class Step:
    """One command's run: its output is kept in the work folder and scanned for secrets."""

    def __init__(self, name, argv, work, timeout):
        started = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=work)
        try:
            self.out, self.err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            # SIGTERM first, by its PID: the recorder then closes Chromium itself.
            proc.terminate()
            try:
                self.out, self.err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                self.out, self.err = proc.communicate()
            self.err += f"\n(killed after {timeout} s)".encode()
        self.code = proc.returncode
        self.seconds = time.monotonic() - started
        self.name = name
        for suffix, data in (("out", self.out), ("err", self.err)):
            with open(os.path.join(work, f"{name}.{suffix}"), "wb") as f:
                f.write(data)
        print(f"{name}: exit {self.code} in {self.seconds:.1f} s", flush=True)

    def text(self):
        return (self.out + self.err).decode("utf-8", "replace")


class Sim:
    def __init__(self, rollcall, saml, log):
        argv = [rollcall, "sim", "--port", "0"] + (["--saml"] if saml else [])
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=open(log, "wb"))
        ready, _, _ = select.select([self.proc.stdout], [], [], 10)
        line = self.proc.stdout.readline().decode() if ready else ""
        match = re.match(r"listening on (http://127\.0\.0\.1:\d+)", line)
        if not match:
            self.stop()
            raise RuntimeError(f"rollcall sim did not start: {line!r}")
        self.url = match.group(1)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # by its PID
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


# --- the HAR -------------------------------------------------------------------


def documents(entries):
    return [e for e in entries if e["_resourceType"] == "document"]


def path_of(url):
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def param(entry, name):
    for p in entry["request"].get("postData", {}).get("params", []):
        if p["name"] == name:
            return p["value"]
    return None


def header(message, name):
    return next((h["value"] for h in message["headers"] if h["name"].lower() == name.lower()), None)


def check_har(c, har, persona, password, saml):
    """A faithful recording of the journey, shaped like Chrome DevTools' export.

    Returns the secrets it holds, each as the HAR has it.
    """
    log = har.get("log", {})
    c.require(log.get("version") == "1.2", "HAR: log.version is not 1.2")
    c.check(log.get("creator", {}).get("name"), "HAR: no log.creator")
    pages = log.get("pages", [])
    entries = log.get("entries", [])
    c.require(pages and entries, "HAR: no pages or no entries")
    page_ids = {p["id"] for p in pages}
    c.check(all(p["pageTimings"]["onLoad"] > 0 for p in pages), "HAR: a page without an onLoad timing")
    for e in entries:
        where = f"HAR entry {e['request']['method']} {path_of(e['request']['url'])}"
        c.check(e.get("pageref") in page_ids, where + ": pageref names no page")
        c.check(isinstance(e.get("_resourceType"), str) and e.get("_initiator"), where + ": no _resourceType or _initiator")
        c.check(e["time"] >= 0 and set(e["timings"]) >= {"blocked", "dns", "connect", "send", "wait", "receive", "ssl"},
                where + ": time or timings missing")
        for key in ("method", "url", "httpVersion", "headers", "queryString", "cookies", "headersSize", "bodySize"):
            c.check(key in e["request"], f"{where}: request.{key} missing")
        for key in ("status", "statusText", "httpVersion", "headers", "cookies", "content", "redirectURL", "headersSize", "bodySize"):
            c.check(key in e["response"], f"{where}: response.{key} missing")
    starts = [e["startedDateTime"] for e in entries]
    c.check(starts == sorted(starts), "HAR: entries are not in the order they started")

    docs = documents(entries)
    trail = [(d["request"]["method"], urllib.parse.urlsplit(d["request"]["url"]).path, d["response"]["status"]) for d in docs]
    print("documents: " + ", ".join(f"{m} {p} {s}" for m, p, s in trail), flush=True)
    expected = [("GET", "/", 302), ("GET", "/cas/login", 200)]
    if saml:
        expected += [("POST", "/cas/login", 200), ("POST", "/saml/acs", 302)]
    else:
        expected += [("POST", "/cas/login", 302)]
    expected += [("GET", "/", 302), ("GET", "/portal", 200), ("GET", "/cas/logout", 200)]
    c.require(trail == expected, f"HAR: documents {trail}, expected every redirect hop: {expected}")

    entry, login_form, post = docs[0], docs[1], docs[2]
    c.check(entry["response"]["redirectURL"].startswith(login_form["request"]["url"].split("?")[0])
            and header(entry["response"], "Location") == entry["response"]["redirectURL"],
            "HAR: GET / has no redirectURL and Location to the CAS")
    c.check(any(k["name"] == "JSESSIONID" for k in login_form["response"]["cookies"]), "HAR: the CAS form sets no JSESSIONID")
    c.check("execution" in login_form["response"]["content"].get("text", ""), "HAR: the CAS form's body is missing")
    c.require(param(post, "password") == password and password in post["request"]["postData"]["text"],
              "HAR: the login POST does not carry the password in its postData")
    c.check(param(post, "username") == PERSONAS[persona]["user"], "HAR: the login POST has not the username")
    c.check(post["request"]["postData"]["mimeType"].startswith("application/x-www-form-urlencoded"),
            "HAR: the login POST is not form-urlencoded")
    c.check(any(k["name"] == "JSESSIONID" for k in post["request"]["cookies"]), "HAR: the login POST sent no JSESSIONID")

    ticket_hop = docs[4] if saml else docs[3]
    c.check(re.search(r"[?&]ticket=ST-", ticket_hop["request"]["url"]), "HAR: the service hop has no ST- ticket")
    c.check(any(k["name"] == "ENTSESSION" for k in ticket_hop["response"]["cookies"]), "HAR: the ticket hop sets no ENTSESSION")
    portal = docs[-2]
    c.check("Bonjour" in portal["response"]["content"].get("text", ""), "HAR: the portal page's body is missing")
    if saml:
        c.check("SAMLResponse" in post["response"]["content"].get("text", ""), "HAR: the identity provider's page is missing")
        c.require(param(docs[3], "SAMLResponse"), "HAR: the POST to /saml/acs has no SAMLResponse")

    apis = [e for e in entries if e["_resourceType"] == "fetch"]
    wanted = PERSONAS[persona]["apis"]
    got = sorted(path_of(e["request"]["url"]) for e in apis)
    c.check(got == sorted(wanted), f"HAR: fetch calls {got}, expected {sorted(wanted)}")
    c.check(all(e["response"]["status"] == 200 and e["response"]["content"].get("text", "").startswith("{") for e in apis),
            "HAR: an API call did not answer JSON 200")
    c.check(all(any(k["name"] == "ENTSESSION" for k in e["request"]["cookies"]) for e in apis),
            "HAR: an API call went without the portal session")

    # The secrets, as the HAR holds them.
    secrets = {"password": {password}}
    for e in entries:
        for k in e["request"]["cookies"] + e["response"]["cookies"]:
            if len(k["value"]) >= 6:
                secrets.setdefault(f"cookie {k['name']}", set()).add(k["value"])
        for name in ("execution", "SAMLResponse"):
            value = param(e, name)
            if value:
                secrets.setdefault(name, set()).add(value)
    text = json.dumps(har)
    for ticket in re.findall(r"\b(?:ST|TGT)-[A-Za-z0-9-]{8,}", text):
        secrets.setdefault("ticket", set()).add(ticket)
    c.check(len(secrets.get("ticket", ())) >= 1 and len(secrets) >= 4,
            f"HAR: too few secrets found to prove anything: {sorted(secrets)}")
    if saml:
        c.check("SAMLResponse" in secrets, "HAR: no SAMLResponse value")
    return secrets


def secret_forms(value):
    """A secret as it may be written: as recorded, decoded, encoded."""
    forms = {value}
    decoded = urllib.parse.unquote_plus(value)
    forms |= {decoded, urllib.parse.quote(decoded, safe=""), urllib.parse.quote_plus(decoded)}
    return {f for f in forms if len(f) >= 6}


def scan_for_secrets(c, secrets, outputs):
    """outputs: (label, text) pairs. Returns how many places were searched."""
    for label, text in outputs:
        for kind, values in secrets.items():
            for value in values:
                for form in secret_forms(value):
                    c.check(form not in text, f"secret leaked: the {kind} from the HAR is in {label}")
    return len(outputs)


# --- the proof -------------------------------------------------------------------


def fill_feeder(c, scenario, accounts_file):
    """The CSV import-har wrote beside the scenario: its header, then accounts 2 to 4.

    Returns the users put in it and what import-har had written."""
    feeder = os.path.splitext(scenario)[0] + ".csv"
    c.require(os.path.exists(feeder), f"import-har wrote no feeder beside the scenario ({os.path.basename(feeder)})")
    with open(feeder, encoding="utf-8") as f:
        written = f.read()
    c.require(written.strip().splitlines() == ["username,password"],
              f"the feeder import-har wrote is not just the header 'username,password': {written[:80]!r}")
    with open(accounts_file, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[1:1 + FEEDER_ROWS]
    with open(feeder, "w", encoding="utf-8") as f:
        f.write("username,password\n")
        for row in rows:
            f.write(f"{row['username']},{row['password']}\n")
    return [row["username"] for row in rows], written


def prove(c, args, work):
    spec = PERSONAS[args.persona]
    password = "Mdp-" + spec["user"]  # the simulator's rule (docs/simulator.md)
    sim = Sim(args.rollcall, args.saml, os.path.join(work, "sim.err"))
    try:
        har_file = os.path.join(work, f"{args.persona}.har")
        record = [sys.executable, os.path.join(HERE, "record_har.py"), "--url", sim.url + "/",
                  "--username", spec["user"], "--password", password, "--logout",
                  "--timeout", "40", "--chromium-log", os.path.join(work, "chromium.log"), "-o", har_file]
        for api in spec["apis"]:
            record += ["--api", api]
        recorded = Step("record", record, work, timeout=60)
        c.require(recorded.code == 0 and os.path.exists(har_file), f"recording failed: {recorded.text().strip()}")
        c.check(password not in recorded.text(), "record_har.py printed the password")
        with open(har_file, encoding="utf-8") as f:
            har_text = f.read()
        secrets = check_har(c, json.loads(har_text), args.persona, password, args.saml)
        login_post = next(e for e in json.loads(har_text)["log"]["entries"] if e["request"]["method"] == "POST")
        login_fields = {urllib.parse.unquote_plus(p["name"]): urllib.parse.unquote_plus(p["value"])
                        for p in login_post["request"]["postData"]["params"]
                        if p["name"] not in ("username", "password", "execution")}
        # The scan's own check: it finds what is there.
        c.require(password in har_text and all(v in har_text for vs in secrets.values() for v in vs),
                  "the secret scan does not find the secrets in the HAR itself")
        print(f"HAR: {len(json.loads(har_text)['log']['entries'])} entries; secrets to look for: "
              + ", ".join(f"{k} ({len(v)})" for k, v in sorted(secrets.items())), flush=True)
        if args.record_only:
            return

        scenario = os.path.join(work, f"{args.persona}.yaml")
        steps = [Step("import-har", [args.rollcall, "import-har", har_file, "--persona", args.persona, "-o", scenario],
                      work, timeout=30)]
        c.require(steps[-1].code == 0 and os.path.exists(scenario), f"import-har failed: {steps[-1].text().strip()[:400]}")
        with open(scenario, encoding="utf-8") as f:
            scenario_text = f.read()
        feeder_users, feeder_written = fill_feeder(c, scenario, os.path.join(SOURCE, "scenarios", "accounts", spec["accounts"]))

        steps.append(Step("validate", [args.rollcall, "validate", scenario], work, timeout=30))
        c.check(steps[-1].code == 0, f"validate: exit {steps[-1].code}: {steps[-1].text().strip()[:400]}")

        steps.append(Step("try", [args.rollcall, "try", scenario, "--target", sim.url, "--max-time", "30s"], work, timeout=60))
        tried = steps[-1].text()
        c.check(steps[-1].code == 0 and "1 of 1 journeys completed" in tried and "FAILED" not in tried,
                f"try: exit {steps[-1].code}, not every step passed (see {work}/try.out)")
        # A step may pass without checking much: the exchanges show that the
        # feeder's user, not the recorded one, reached the portal and its APIs.
        c.check(f"username={feeder_users[0]}," in tried, f"try: the login did not send the feeder's {feeder_users[0]}")
        # The login form's other fields as the browser sent them: Chrome's
        # postData.params are as on the wire (percent-encoded, '+' for a
        # space), try prints the values decoded.
        sent = re.search(r"sends POST \S+/cas/login\S*\n\s+fields: (.*)", tried)
        if c.check(sent, "try: no login form submitted"):
            printed = dict(f.split("=", 1) for f in sent.group(1).split(", ") if "=" in f)
            for name, value in login_fields.items():
                c.check(printed.get(name) == value,
                        f"try: the login sent {name}={printed.get(name)!r} where the browser sent {value!r}")
        c.check(re.search(r"GET \S+/portal  -> 200 text/html", tried), "try: the portal did not answer 200")
        for api in spec["apis"]:
            c.check(re.search(r"GET \S+" + re.escape(api) + r"  -> 200 application/json", tried),
                    f"try: {api} did not answer JSON 200 (logged in?)")
        if args.saml:
            c.check(re.search(r"POST \S+/saml/acs  -> 302", tried), "try: no SAML hop answered 302")

        results = os.path.join(work, "results")
        shutil.rmtree(results, ignore_errors=True)
        run_json = os.path.join(work, "run.json")
        steps.append(Step("run", [args.rollcall, "run", scenario, "--target", sim.url, "--rate", "2", "-d", "3s",
                                  "-t", "1", "-q", "--grace", "20s", "--out", results, "--json", run_json],
                          work, timeout=60))
        # Exit 4 says the generator fell behind in some second (a loaded CI
        # machine): the run's verdict is void, not the journeys, which
        # summary.json tells below.
        c.check(steps[-1].code in (0, 4), f"run: exit {steps[-1].code} (see {work}/run.out)")
        summary_file = os.path.join(results, "summary.json")
        if c.check(os.path.exists(summary_file), "run wrote no summary.json"):
            with open(summary_file, encoding="utf-8") as f:
                summary = json.load(f)
            personas = summary["personas"]
            c.check([p["name"] for p in personas] == [args.persona], f"run: personas {[p['name'] for p in personas]}")
            for p in personas:
                print(f"run: {p['name']}: {p['started']} started, {p['completed']} completed, "
                      f"{p['failed']} failed, {p['abandoned']} abandoned", flush=True)
                c.check(p["started"] >= 4, f"run: only {p['started']} journeys started (6 due)")
                c.check(p["completed"] == p["started"] and p["failed"] == 0 and p["abandoned"] == 0,
                        f"run: not every journey completed: {p['completed']} of {p['started']}, {p['failed']} failed")
            failing = [f"{s['name']} ({s['errors']})" for s in summary["steps"] if s["errors"]]
            c.check(not failing, f"run: steps with errors: {failing}")
            c.check(summary["accounting"]["difference"] == 0, "run: the accounting does not balance")

        outputs = [("the scenario", scenario_text), ("the feeder import-har wrote", feeder_written)]
        outputs += [(f"{s.name}'s output", s.text()) for s in steps]
        for folder, _, files in os.walk(results):
            for name in files:
                with open(os.path.join(folder, name), "rb") as f:
                    outputs.append((f"results/{name}", f.read().decode("utf-8", "replace")))
        if os.path.exists(run_json):
            with open(run_json, encoding="utf-8") as f:
                outputs.append(("run --json", f.read()))
        searched = scan_for_secrets(c, secrets, outputs)
        print(f"secrets: {sum(len(v) for v in secrets.values())} values searched in {searched} outputs", flush=True)
    finally:
        sim.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rollcall", required=True)
    parser.add_argument("--persona", choices=sorted(PERSONAS), required=True)
    parser.add_argument("--saml", action="store_true", help="start the simulator with --saml")
    parser.add_argument("--work", required=True, help="a folder for the files (emptied first, kept after)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--record-only", action="store_true")
    args = parser.parse_args()
    if not shutil.which(args.chromium):
        print(f"{SKIP_MARKER}: chromium is not installed (scripts/install-deps.sh --tests installs it): no browser proof")
        return 77
    started = time.monotonic()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    work = os.path.abspath(args.work)
    c = Checks()
    try:
        prove(c, args, work)
    except Abort:
        pass
    print(f"{'passed' if not c.failures else f'{len(c.failures)} checks failed'} in {time.monotonic() - started:.1f} s "
          f"(files in {work})", flush=True)
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
