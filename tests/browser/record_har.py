#!/usr/bin/env python3
"""Records an ENT login in headless Chromium as a HAR 1.2 file.

The file is shaped like Chrome DevTools' "Save all as HAR" export (the input
`rollcall import-har` is written for): one entry per request and per
redirect hop, pages with their load timings, `_resourceType` and
`_initiator`, the request's cookies and post data, the response's
Set-Cookie headers and bodies. It is a faithful recording: passwords,
cookies and tickets are in it, as they are in the browser's export.

Only Python's standard library and Debian's chromium: Chromium is driven
over the DevTools protocol on a pipe (`--remote-debugging-pipe`: commands
on its fd 3, answers and events on its fd 4, each message JSON ended by a
NUL byte), with a throwaway profile.

The journey, as a user does it: open the ENT's `/`, wait for the CAS form,
type the username and password and click the button, wait until the portal
has loaded (with the SAML hop the identity provider's page posts itself),
call the portal's APIs from the page at once, as its scripts do, and
optionally open /cas/logout.

    record_har.py --url http://127.0.0.1:PORT/ --username student0001 \
        --password Mdp-student0001 -o login.har [--logout] [--api /api/timeline ...]

Exit 0: the journey completed and the HAR is written. Exit 1: it did not
(the HAR of what happened is written all the same, for whoever looks into
it). Exit 2: a bad argument (a target that is not loopback, no chromium).
Nothing secret is printed. Bounded in time (--timeout); Chromium is killed
by its PID (its process group) at the end, whatever happened.
"""

import argparse
import base64
import datetime
import fcntl
import ipaddress
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse

CREATOR = {"name": "rollcall record_har.py", "version": "1.0"}
DEFAULT_APIS = ["/api/timeline", "/api/messages", "/api/homework"]


class JourneyError(Exception):
    """The journey did not complete: the message says where, without secrets."""


class CdpError(Exception):
    pass


# --- Chromium on a pipe ------------------------------------------------------


class Browser:
    """Headless Chromium with the DevTools protocol on fds 3 and 4."""

    def __init__(self, chromium, host, profile_dir, log_path):
        to_browser_r, to_browser_w = os.pipe()
        from_browser_r, from_browser_w = os.pipe()
        # Chromium wants its ends as fds 3 and 4 exactly. pass_fds keeps a
        # descriptor at its own number, so bash moves them there: the ends
        # are first put above 9, where the redirections cannot clobber them.
        child_in = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_browser_r)
        os.close(from_browser_w)
        argv = [
            chromium,
            "--headless",
            "--remote-debugging-pipe",
            "--no-sandbox",  # containers have no user namespaces for the sandbox
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--password-store=basic",
            "--no-proxy-server",
            # Loopback only: no name resolves but the target's host.
            f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {host}",
            "--user-data-dir=" + profile_dir,
            "about:blank",
        ]
        script = f'exec "$@" 3<&{child_in} 4>&{child_out} {child_in}<&- {child_out}>&-'
        self._log = open(log_path, "wb") if log_path else subprocess.DEVNULL
        self.proc = subprocess.Popen(
            ["/bin/bash", "-c", script, "chromium"] + argv,
            pass_fds=(child_in, child_out),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            start_new_session=True,  # its own process group: its children die with it
        )
        os.close(child_in)
        os.close(child_out)
        self._out = to_browser_w
        self._in = from_browser_r
        self._buffer = b""
        self._next_id = 0

    def send(self, method, params=None, session=None):
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            written = os.write(self._out, data)
            data = data[written:]
        return self._next_id

    def read(self, timeout):
        """The messages that arrive within `timeout` seconds (maybe none)."""
        messages = []
        ready, _, _ = select.select([self._in], [], [], max(0.0, timeout))
        if not ready:
            return messages
        chunk = os.read(self._in, 1 << 20)
        if not chunk:
            raise CdpError("chromium closed the DevTools pipe (it exited: see its log)")
        self._buffer += chunk
        *complete, self._buffer = self._buffer.split(b"\0")
        for raw in complete:
            messages.append(json.loads(raw))
        return messages

    def close(self):
        """Asks Chromium to quit, then kills its process group: always."""
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close")
                except OSError:
                    pass
                try:
                    self.proc.wait(timeout=3)
                except subprocess.TimeoutExpired:
                    pass
        finally:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)  # the group of the process started here, by its id
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            for fd in (self._out, self._in):
                try:
                    os.close(fd)
                except OSError:
                    pass
            if self._log is not subprocess.DEVNULL:
                self._log.close()


# --- the network log, kept as DevTools keeps it -------------------------------


def iso_time(wall_seconds):
    moment = datetime.datetime.fromtimestamp(wall_seconds, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def header_list(headers):
    """CDP headers (an object; repeated headers joined by newlines) as HAR's list."""
    out = []
    for name, value in (headers or {}).items():
        for line in str(value).split("\n"):
            out.append({"name": name, "value": line})
    return out


def header_value(headers, name):
    for h in headers:
        if h["name"].lower() == name.lower():
            return h["value"]
    return None


def raw_parameters(text):
    """name=value pairs as DevTools lists them: split, not percent-decoded."""
    params = []
    for pair in text.split("&"):
        if not pair:
            continue
        name, sep, value = pair.partition("=")
        params.append({"name": name, "value": value if sep else ""})
    return params


def request_cookies(headers):
    cookie = header_value(headers, "Cookie")
    cookies = []
    for part in (cookie or "").split(";"):
        part = part.strip()
        if not part:
            continue
        name, _, value = part.partition("=")
        cookies.append({"name": name.strip(), "value": value.strip()})
    return cookies


def response_cookies(headers):
    cookies = []
    for h in headers:
        if h["name"].lower() != "set-cookie":
            continue
        attributes = [a.strip() for a in h["value"].split(";")]
        name, _, value = attributes[0].partition("=")
        cookie = {"name": name.strip(), "value": value.strip()}
        for attribute in attributes[1:]:
            key, _, val = attribute.partition("=")
            key = key.strip().lower()
            if key == "path":
                cookie["path"] = val
            elif key == "domain":
                cookie["domain"] = val
            elif key == "expires":
                cookie["expires"] = val
            elif key == "max-age":
                cookie["_maxAge"] = val
            elif key == "httponly":
                cookie["httpOnly"] = True
            elif key == "secure":
                cookie["secure"] = True
            elif key == "samesite":
                cookie["sameSite"] = val
        cookies.append(cookie)
    return cookies


def textual(body, mime_type):
    """A body as DevTools exports it: text types as text, the rest base64."""
    text, is_base64 = body
    if is_base64 and (mime_type.startswith("text/") or mime_type.endswith(("json", "javascript", "xml"))):
        try:
            return base64.b64decode(text).decode("utf-8"), False
        except (ValueError, UnicodeDecodeError):
            pass
    return text, is_base64


class Hop:
    """One request of the browser: a redirect hop is a Hop of its own."""

    def __init__(self, event, pageref):
        self.request_id = event["requestId"]
        self.request = event["request"]
        self.wall_time = event["wallTime"]
        self.timestamp = event["timestamp"]
        self.resource_type = event.get("type", "Other")
        self.initiator = event.get("initiator", {"type": "other"})
        self.frame_id = event.get("frameId")
        self.loader_id = event.get("loaderId")
        self.pageref = pageref
        self.response = None
        self.end_timestamp = None
        self.encoded_length = None
        self.error = None
        self.body = None  # (text, base64?)
        self.post_data = self.request.get("postData")
        self.request_extra = None
        self.response_extra = None
        self.finished = False


class NetworkLog:
    def __init__(self, main_frame):
        self.main_frame = main_frame
        self.hops = []  # in the order the browser issued them
        self.current = {}  # requestId -> its latest hop
        self.request_extra = {}  # requestId -> ExtraInfo events, in hop order
        self.response_extra = {}
        self.pages = []
        self.page_by_loader = {}
        self.wanted_bodies = {}  # command id -> hop
        self.wanted_post_data = {}
        self.paused = {}  # command id -> the Fetch pause whose body it reads
        self.document_bodies = {}  # (requestId, url) -> (text, base64?)

    def _page_for(self, event):
        if event.get("type") == "Document" and event.get("frameId") == self.main_frame:
            loader = event.get("loaderId")
            page = self.page_by_loader.get(loader)
            if page is None:
                page = {
                    "startedDateTime": iso_time(event["wallTime"]),
                    "id": f"page_{len(self.pages) + 1}",
                    "title": event["request"]["url"],
                    "pageTimings": {"onContentLoad": -1, "onLoad": -1},
                    "_start": event["timestamp"],
                }
                self.pages.append(page)
                self.page_by_loader[loader] = page
            else:
                page["title"] = event["request"]["url"]  # a redirect: where it leads
            return page["id"]
        return self.pages[-1]["id"] if self.pages else None

    def on_event(self, method, params, browser, session):
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if not url.startswith(("http://", "https://")):
                return
            previous = self.current.get(params["requestId"])
            if previous is not None and "redirectResponse" in params:
                previous.response = params["redirectResponse"]
                previous.end_timestamp = params["timestamp"]
                previous.encoded_length = params["redirectResponse"].get("encodedDataLength")
                previous.finished = True
            hop = Hop(params, self._page_for(params))
            self.hops.append(hop)
            self.current[params["requestId"]] = hop
            if params["request"].get("hasPostData") and hop.post_data is None:
                self.wanted_post_data[browser.send("Network.getRequestPostData", {"requestId": hop.request_id}, session)] = hop
        elif method == "Network.requestWillBeSentExtraInfo":
            self.request_extra.setdefault(params["requestId"], []).append(params)
        elif method == "Network.responseReceivedExtraInfo":
            self.response_extra.setdefault(params["requestId"], []).append(params)
        elif method == "Network.responseReceived":
            hop = self.current.get(params["requestId"])
            if hop is not None:
                hop.response = params["response"]
                hop.resource_type = params.get("type", hop.resource_type)
        elif method == "Network.loadingFinished":
            hop = self.current.get(params["requestId"])
            if hop is not None and not hop.finished:
                hop.end_timestamp = params["timestamp"]
                hop.encoded_length = params.get("encodedDataLength")
                hop.finished = True
                # At once: a page's resources may be dropped when the tab navigates on.
                self.wanted_bodies[browser.send("Network.getResponseBody", {"requestId": hop.request_id}, session)] = hop
        elif method == "Network.loadingFailed":
            hop = self.current.get(params["requestId"])
            if hop is not None and not hop.finished:
                hop.end_timestamp = params["timestamp"]
                hop.error = params.get("errorText", "failed")
                hop.finished = True
        elif method == "Fetch.requestPaused":
            # A document's answer, held until its body is read: a page that
            # navigates on at once (the identity provider's auto-submitting
            # form) is gone before Network.getResponseBody could read it.
            if 300 <= params.get("responseStatusCode", 0) < 400 or "responseErrorReason" in params:
                browser.send("Fetch.continueRequest", {"requestId": params["requestId"]}, session)
            else:
                self.paused[browser.send("Fetch.getResponseBody", {"requestId": params["requestId"]}, session)] = params
        elif method in ("Page.domContentEventFired", "Page.loadEventFired") and self.pages:
            page = self.pages[-1]
            key = "onContentLoad" if method == "Page.domContentEventFired" else "onLoad"
            page["pageTimings"][key] = round((params["timestamp"] - page["_start"]) * 1000, 3)

    def on_result(self, message, browser, session):
        """A command's answer that the log asked for; False if not one of its own."""
        paused = self.paused.pop(message["id"], None)
        if paused is not None:
            result = message.get("result")
            if result is not None and paused.get("networkId"):
                key = (paused["networkId"], paused["request"]["url"].split("#", 1)[0])
                self.document_bodies[key] = (result.get("body", ""), bool(result.get("base64Encoded")))
            browser.send("Fetch.continueRequest", {"requestId": paused["requestId"]}, session)
            return True
        hop = self.wanted_bodies.pop(message["id"], None)
        if hop is not None:
            result = message.get("result")
            if result is not None:
                hop.body = (result.get("body", ""), bool(result.get("base64Encoded")))
            return True
        hop = self.wanted_post_data.pop(message["id"], None)
        if hop is not None:
            result = message.get("result")
            if result is not None:
                hop.post_data = result.get("postData")
            return True
        return False

    def in_flight(self):
        unfinished = sum(1 for hop in self.hops if not hop.finished)
        return unfinished + len(self.wanted_bodies) + len(self.wanted_post_data) + len(self.paused)

    # --- the HAR --------------------------------------------------------------

    def _match_extra_info(self):
        # ExtraInfo events carry what went on the wire (Cookie, Set-Cookie);
        # a request's k-th hop matches its k-th ExtraInfo event.
        by_request = {}
        for hop in self.hops:
            by_request.setdefault(hop.request_id, []).append(hop)
        for request_id, hops in by_request.items():
            for hop, extra in zip(hops, self.request_extra.get(request_id, [])):
                hop.request_extra = extra
            responded = [hop for hop in hops if hop.response is not None]
            for hop, extra in zip(responded, self.response_extra.get(request_id, [])):
                hop.response_extra = extra

    def har(self):
        self._match_extra_info()
        entries = [self._entry(hop) for hop in self.hops]
        entries.sort(key=lambda e: e["_start"])
        for e in entries:
            del e["_start"]
        pages = []
        for page in self.pages:
            page = dict(page)
            del page["_start"]
            pages.append(page)
        return {
            "log": {
                "version": "1.2",
                "creator": CREATOR,
                "pages": pages,
                "entries": entries,
            }
        }

    def _entry(self, hop):
        request = hop.request
        response = hop.response or {}
        url = request["url"].split("#", 1)[0]
        protocol = response.get("protocol") or "http/1.1"

        request_headers = header_list(hop.request_extra["headers"] if hop.request_extra else request.get("headers"))
        request_headers_text = response.get("requestHeadersText")
        har_request = {
            "method": request["method"],
            "url": url,
            "httpVersion": protocol,
            "headers": request_headers,
            "queryString": raw_parameters(urllib.parse.urlsplit(url).query),
            "cookies": request_cookies(request_headers),
            "headersSize": len(request_headers_text.encode()) if request_headers_text else -1,
            "bodySize": len(hop.post_data.encode()) if hop.post_data else 0,
        }
        if hop.post_data is not None:
            mime = header_value(request_headers, "Content-Type") or ""
            post = {"mimeType": mime, "text": hop.post_data}
            if mime.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
                post["params"] = raw_parameters(hop.post_data)
            har_request["postData"] = post

        if hop.response_extra:
            response_headers = header_list(hop.response_extra["headers"])
            headers_text = hop.response_extra.get("headersText")
        else:
            response_headers = header_list(response.get("headers"))
            headers_text = response.get("headersText")
        headers_size = len(headers_text.encode()) if headers_text else -1
        status = response.get("status", 0)
        content = {"size": 0, "mimeType": response.get("mimeType", "x-unknown")}
        body = hop.body or self.document_bodies.get((hop.request_id, url))
        if body is not None and 300 <= status < 400:
            body = None  # DevTools has no body for a redirect
        if body is not None:
            text, is_base64 = textual(body, content["mimeType"])
            content["size"] = len(base64.b64decode(text)) if is_base64 else len(text.encode())
            content["text"] = text
            if is_base64:
                content["encoding"] = "base64"
        transfer = hop.encoded_length if hop.encoded_length is not None else -1
        body_size = transfer - headers_size if transfer >= 0 and headers_size >= 0 else (-1 if transfer < 0 else transfer)
        har_response = {
            "status": status,
            "statusText": response.get("statusText", ""),
            "httpVersion": protocol,
            "headers": response_headers,
            "cookies": response_cookies(response_headers),
            "content": content,
            "redirectURL": (header_value(response_headers, "Location") or "") if 300 <= status < 400 else "",
            "headersSize": headers_size,
            "bodySize": max(body_size, 0) if body_size != -1 else -1,
            "_transferSize": transfer,
        }
        if hop.error:
            har_response["_error"] = hop.error

        timings, total = self._timings(hop, response)
        entry = {
            "_initiator": hop.initiator,
            "_priority": request.get("initialPriority"),
            "_resourceType": hop.resource_type.lower(),
            "cache": {},
            "pageref": hop.pageref,
            "request": har_request,
            "response": har_response,
            "serverIPAddress": response.get("remoteIPAddress", ""),
            "startedDateTime": iso_time(hop.wall_time),
            "time": total,
            "timings": timings,
            "_start": hop.wall_time,
        }
        if response.get("connectionId") is not None:
            entry["connection"] = str(response["connectionId"])
        if entry["pageref"] is None:
            del entry["pageref"]
        return entry

    @staticmethod
    def _timings(hop, response):
        """HAR timings from Chrome's ResourceTiming, as DevTools derives them."""
        t = response.get("timing")
        end = hop.end_timestamp if hop.end_timestamp is not None else hop.timestamp
        if not t:
            total = round(max(0.0, (end - hop.timestamp) * 1000), 3)
            return {"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": 0, "wait": total, "receive": 0}, total

        def span(start, stop):
            a, b = t.get(start, -1), t.get(stop, -1)
            return round(b - a, 3) if a >= 0 and b >= 0 else -1

        queued = max(0.0, (t["requestTime"] - hop.timestamp) * 1000)
        first = next((t[k] for k in ("dnsStart", "connectStart", "sendStart") if t.get(k, -1) >= 0), 0)
        blocked = round(queued + first, 3)
        dns = span("dnsStart", "dnsEnd")
        connect = span("connectStart", "connectEnd")
        ssl = span("sslStart", "sslEnd")
        send = max(0.0, span("sendStart", "sendEnd"))
        wait = round(max(0.0, t.get("receiveHeadersEnd", 0) - t.get("sendEnd", 0)), 3)
        receive = round(max(0.0, (end - t["requestTime"]) * 1000 - t.get("receiveHeadersEnd", 0)), 3)
        timings = {"blocked": blocked, "dns": dns, "ssl": ssl, "connect": connect, "send": send, "wait": wait, "receive": receive}
        # HAR: time is the sum of the phases, ssl being inside connect.
        total = round(sum(v for k, v in timings.items() if k != "ssl" and v > 0), 3)
        return timings, total


# --- the journey ---------------------------------------------------------------


class Session:
    def __init__(self, browser, deadline):
        self.browser = browser
        self.deadline = deadline
        self.session = None
        self.log = None
        self.results = {}

    def pump(self, timeout):
        for message in self.browser.read(min(timeout, self.deadline - time.monotonic())):
            if "id" in message:
                if self.log is None or not self.log.on_result(message, self.browser, self.session):
                    self.results[message["id"]] = message
            elif message.get("sessionId") == self.session and self.log is not None:
                self.log.on_event(message["method"], message.get("params", {}), self.browser, self.session)

    def call(self, method, params=None, on_page=True, what=None, limit=None):
        command = self.browser.send(method, params, self.session if on_page else None)
        given_up = time.monotonic() + limit if limit else self.deadline
        while command not in self.results:
            if time.monotonic() >= self.deadline:
                raise JourneyError(f"timed out waiting for {what or method}")
            if time.monotonic() >= given_up:
                raise CdpError(f"{method}: no answer within {limit} s")
            self.pump(0.2)
        message = self.results.pop(command)
        if "error" in message:
            raise CdpError(f"{method}: {message['error'].get('message')}")
        return message["result"]

    def evaluate(self, expression, await_promise=False, limit=None):
        params = {"expression": expression, "returnByValue": True, "awaitPromise": await_promise}
        result = self.call("Runtime.evaluate", params, limit=limit)
        if "exceptionDetails" in result:
            raise CdpError("script error: " + result["exceptionDetails"].get("text", "?"))
        return result["result"].get("value")

    def wait_for(self, condition, what):
        """Polls a page expression until it is true; navigation in between is fine."""
        while True:
            try:
                # A page that is being replaced may never answer: ask again.
                if self.evaluate(condition, limit=1.0):
                    return
            except CdpError:
                pass  # the page went away under the evaluation: a navigation
            except JourneyError:
                raise JourneyError(f"timed out waiting for {what}") from None
            if time.monotonic() >= self.deadline:
                raise JourneyError(f"timed out waiting for {what} (page now at {self.location_path()})")
            self.pump(0.1)

    def wait_idle(self, quiet=0.3):
        """Until nothing is in flight for `quiet` seconds (or the deadline)."""
        calm_since = None
        while time.monotonic() < self.deadline:
            if self.log.in_flight() == 0:
                calm_since = calm_since or time.monotonic()
                if time.monotonic() - calm_since >= quiet:
                    return True
            else:
                calm_since = None
            self.pump(0.05)
        return False

    def location_path(self):
        try:
            # The path only: the query may hold a ticket.
            return self.evaluate("location.pathname", limit=1.0) or "?"
        except (CdpError, JourneyError):
            return "?"


def run_journey(s, args, base):
    target = s.call("Target.createTarget", {"url": "about:blank"}, on_page=False)
    s.session = s.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}, on_page=False)["sessionId"]
    s.log = NetworkLog(main_frame=target["targetId"])
    s.call("Page.enable")
    s.call("Network.enable", {"maxPostDataSize": 65536})
    s.call("Runtime.enable")
    s.call("Fetch.enable", {"patterns": [{"resourceType": "Document", "requestStage": "Response"}]})

    s.call("Page.navigate", {"url": urllib.parse.urljoin(base, "/")})
    s.wait_for(
        "document.readyState === 'complete' && !!document.querySelector('form input[type=password]')",
        "the CAS login form",
    )
    s.wait_idle()
    fill = (
        "(function(u, p){"
        "var field = document.querySelector('form input[type=password]'); var form = field.form;"
        "var user = form.querySelector('input[name=username]') || form.querySelector('input[type=text],input[type=email],input:not([type])');"
        "user.focus(); user.value = u; user.dispatchEvent(new Event('input', {bubbles: true}));"
        "field.focus(); field.value = p; field.dispatchEvent(new Event('input', {bubbles: true}));"
        "var button = form.querySelector('[type=submit]');"
        "if (button) button.click(); else form.requestSubmit();"
        "return true;})"
        f"({json.dumps(args.username)}, {json.dumps(args.password)})"
    )
    s.evaluate(fill)
    landing = json.dumps(args.landing)
    s.wait_for(
        f"location.pathname === {landing} && document.readyState === 'complete'",
        f"the portal ({args.landing}) after the login",
    )
    s.wait_idle()

    calls = ", ".join(f"fetch({json.dumps(api)}, {{credentials: 'same-origin'}})" for api in args.api)
    statuses = s.evaluate(
        f"Promise.all([{calls}]).then(rs => Promise.all(rs.map(r => r.text().then(() => r.status))))",
        await_promise=True,
    )
    failed = [f"{api} {status}" for api, status in zip(args.api, statuses or []) if not 200 <= status < 300]
    if statuses is None or failed:
        raise JourneyError("API calls failed: " + ", ".join(failed or ["no answer"]))
    s.wait_idle()

    if args.logout:
        s.call("Page.navigate", {"url": urllib.parse.urljoin(base, "/cas/logout")})
        s.wait_for("location.pathname === '/cas/logout' && document.readyState === 'complete'", "the logout page")
        s.wait_idle()


def loopback_url(url):
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if parts.hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(parts.hostname).is_loopback
    except ValueError:
        return False


def main(argv=None):
    parser = argparse.ArgumentParser(description="Record an ENT login in headless Chromium as a HAR 1.2 file.")
    parser.add_argument("--url", required=True, help="the ENT's base URL (loopback only), e.g. http://127.0.0.1:8080/")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--api", action="append", help="an API path the portal calls (repeatable; default: timeline, messages, homework)")
    parser.add_argument("--landing", default="/portal", help="the path the login ends on (default /portal)")
    parser.add_argument("--logout", action="store_true", help="open /cas/logout at the end")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds for the whole recording (default 30)")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromium-log", help="where Chromium's own output goes (default: nowhere)")
    parser.add_argument("-o", "--output", required=True, help="the HAR file to write")
    args = parser.parse_args(argv)
    args.api = args.api or DEFAULT_APIS

    if not loopback_url(args.url):
        print(f"record_har: error: {args.url} is not a loopback URL (127.0.0.0/8, ::1, localhost)", file=sys.stderr)
        return 2
    chromium = shutil.which(args.chromium)
    if not chromium:
        print(f"record_har: error: {args.chromium} not found", file=sys.stderr)
        return 2

    # SIGTERM from a test runner's timeout still ends in the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    s = None
    status, problem = 0, None
    with tempfile.TemporaryDirectory(prefix="record-har-") as profile:
        browser = Browser(chromium, urllib.parse.urlsplit(args.url).hostname, profile, args.chromium_log)
        try:
            s = Session(browser, started + args.timeout)
            run_journey(s, args, args.url)
        except (JourneyError, CdpError) as error:
            status, problem = 1, str(error)
        finally:
            browser.close()
    if s is None or s.log is None:
        print(f"record_har: error: {problem or 'chromium did not start'}", file=sys.stderr)
        return 1
    har = s.log.har()
    with open(args.output, "w", encoding="utf-8") as out:
        json.dump(har, out, indent=2, ensure_ascii=False)
    entries = har["log"]["entries"]
    print(
        f"record_har: {len(entries)} entries, {len(har['log']['pages'])} pages in "
        f"{time.monotonic() - started:.1f} s: {args.output}"
    )
    if problem:
        print(f"record_har: error: the journey did not complete: {problem}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
