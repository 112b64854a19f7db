"""The drills' clients: a visitor, a staff member or a partner talking HTTPS to nginx (one keep-alive
connection and its cookies each), an admin form filled in as a browser fills it, and a bounded load
of such clients that records every request's outcome with its time, for the drills to judge."""

from __future__ import annotations

import html.parser
import http.client
import http.cookies
import itertools
import json
import ssl
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

_ids = itertools.count(1)
# The drill's own self-signed certificate: nothing to verify.
_TLS = ssl._create_unverified_context()  # noqa: S323


@dataclass
class Outcome:
    """One request as the client saw it. `status` None: no answer at all (refused, reset, timed out)."""

    kind: str  # what the client was: "read" (a visitor), "staff", "write" (a partner's proposal)
    method: str
    path: str
    started: float  # seconds since the load began
    seconds: float
    status: int | None
    error: str = ""
    request_id: str = ""
    detail: str = ""  # the start of the body of a 5xx, to report
    retry_after: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and self.status < 400


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self):
        return json.loads(self.body)


class Client:
    """One client of the site through nginx: its own connection (reopened after a failure) and cookies."""

    def __init__(self, port: int, kind="read", timeout=15.0):
        self.port, self.kind, self.timeout = port, kind, timeout
        self.origin = f"https://localhost:{port}"
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPSConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Answer:
        sent = {"Host": f"localhost:{self.port}", "Accept-Encoding": "identity", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.connection is None:
            self.connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=_TLS, timeout=self.timeout)
        try:
            self.connection.request(method, path, body=body, headers=sent)
            response = self.connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def timed(self, method: str, path: str, began: float, body: bytes | None = None, headers=None):
        """The request as an Outcome (times from `began`, a monotonic clock), and its answer if any."""
        request_id = f"drill-{self.kind}-{next(_ids)}"
        started = time.monotonic()
        try:
            answer = self.request(method, path, body, {"X-Request-ID": request_id, **(headers or {})})
        except (OSError, http.client.HTTPException) as error:
            seconds = time.monotonic() - started
            failure = f"{type(error).__name__}: {error}"
            return Outcome(self.kind, method, path, started - began, seconds, None, failure, request_id), None
        outcome = Outcome(self.kind, method, path, started - began, time.monotonic() - started, answer.status)
        outcome.request_id = request_id
        if answer.status >= 500:
            outcome.detail = answer.body[:300].decode(errors="replace")
            outcome.retry_after = answer.headers.get("Retry-After", "")
        return outcome, answer

    # --- the admin ---------------------------------------------------------------------------------------

    def log_in(self, user: str, password: str) -> None:
        fields = self.form("/admin/login/", "login-form")
        fields = [(name, value) for name, value in fields if name not in ("username", "password")]
        answer = self.post_form("/admin/login/", [*fields, ("username", user), ("password", password)])
        if answer.status != 302:
            raise RuntimeError(f"signing in as {user} answered {answer.status}: {answer.body[:500]!r}")

    def form(self, path: str, form_id: str) -> list[tuple[str, str]]:
        answer = self.request("GET", path)
        if answer.status != 200:
            raise RuntimeError(f"GET {path} answered {answer.status}")
        parser = FormParser(form_id)
        parser.feed(answer.body.decode())
        if not parser.found:
            raise RuntimeError(f"no form #{form_id} on {path}")
        return parser.fields

    def post_form(self, path: str, fields: list[tuple[str, str]], headers=None) -> Answer:
        body = urllib.parse.urlencode(fields).encode()
        # Over HTTPS Django's CSRF check wants the Origin a browser sends (CSRF_TRUSTED_ORIGINS holds it).
        sent = {"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin, **(headers or {})}
        return self.request("POST", path, body, sent)


class FormParser(html.parser.HTMLParser):
    """The fields a browser would submit from the form with this id: inputs (checked ones only for
    checkboxes and radios), each select's chosen options, textareas; no buttons, no disabled fields."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.found = form_id, False, False
        self.fields: list[tuple[str, str]] = []
        self.select: tuple[str, bool, list[str], list[str]] | None = None  # name, multiple, chosen, all
        self.option: tuple[str | None, bool, list[str]] | None = None  # value, selected, its text
        self.textarea: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == self.form_id
            self.found = self.found or self.inside
            return
        name = attributes.get("name")
        if not self.inside:
            return
        if tag == "option" and self.select is not None:
            self.option = (attributes.get("value"), "selected" in attributes, [])
        if not name or "disabled" in attributes:
            return
        if tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value") or ("on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self.select = (name, "multiple" in attributes, [], [])
        elif tag == "textarea":
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.option is not None:
            self.option[2].append(data)
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option" and self.option is not None and self.select is not None:
            value, selected, text = self.option
            value = value if value is not None else "".join(text).strip()
            self.select[3].append(value)
            if selected:
                self.select[2].append(value)
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, chosen, every = self.select
            # A single select with nothing marked sends its first option, as a browser does.
            values = chosen if multiple or chosen else every[:1]
            self.fields.extend((name, value) for value in values)
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.fields.append((name, "".join(text).removeprefix("\n")))  # HTML drops the first newline
            self.textarea = None


# --- load -----------------------------------------------------------------------------------------------------


Actor = Callable[[float], "Outcome | None"]  # one request of a client, given the load's start


def run_load(actors: list[Actor], duration: float, events: list[tuple[float, Callable[[], None]]] = ()):
    """Each actor called over and over in its own thread for `duration` seconds; meanwhile each event
    run in this thread at its time (seconds from the start). Returns the outcomes, in order of start,
    and for each event the seconds from the load's start at which it began and ended."""
    began = time.monotonic()
    stop = threading.Event()
    outcomes: list[Outcome] = []
    lock = threading.Lock()

    def work(actor: Actor) -> None:
        while not stop.is_set():
            outcome = actor(began)
            if outcome is not None:
                with lock:
                    outcomes.append(outcome)

    threads = [threading.Thread(target=work, args=(actor,), daemon=True) for actor in actors]
    for thread in threads:
        thread.start()
    timings = []
    try:
        for at, event in sorted(events, key=lambda pair: pair[0]):
            time.sleep(max(0.0, at - (time.monotonic() - began)))
            start = time.monotonic() - began
            event()
            timings.append((start, time.monotonic() - began))
        time.sleep(max(0.0, duration - (time.monotonic() - began)))
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    return sorted(outcomes, key=lambda outcome: outcome.started), timings


def reader(client: Client, paths: list[str], pause=0.0) -> Actor:
    """A client GETting the paths in turn (each thread starts at another place in the list)."""
    cycle = itertools.islice(itertools.cycle(paths), next(_ids) % len(paths), None)

    def act(began: float) -> Outcome:
        outcome, _answer = client.timed("GET", next(cycle), began)
        if pause:
            time.sleep(pause)
        return outcome

    return act


def table(headers: list[str], rows: list[list]) -> str:
    """Rows as a plain text table, numbers right-aligned."""
    cells = [[str(cell) for cell in row] for row in [headers, *rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    numeric = [all(isinstance(row[i], int | float) for row in rows) for i in range(len(headers))]
    lines = []
    for number, row in enumerate(cells):
        line = "  ".join(
            c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        lines.append(line.rstrip())
        if number == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def status_counts(outcomes: list[Outcome]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for outcome in outcomes:
        key = str(outcome.status) if outcome.status is not None else "no answer"
        counts[key] = counts.get(key, 0) + 1
    return dict(sorted(counts.items()))
