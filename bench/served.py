"""The served bench: pages under gunicorn, loaded by loopback clients, next to the bare 20-row view.

``Gunicorn`` starts ``wuse.wsgi`` with ``bench.settings`` (sync workers, a free loopback port) and stops it;
``load`` drives one path with N client threads (http.client; a sync worker closes the connection after each
answer, the client opens the next one) for a bounded time and returns throughput and latencies;
``served_table`` runs the rows (user × filter × page 1 / deep page), each next to a bare-view run of the same
group, and prints them.
"""

import http.client
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BARE_PATH = "/bench/bare/"
DEEP_PAGE = 101  # the deep page: after 2,000 rows (or the middle page of a smaller list)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int, *, right: bool = False) -> str:
    fill = " " * max(size - width(text), 0)
    return fill + text if right else text + fill


def timed(fn, repeat=7) -> float:
    """The median of ``repeat`` runs of ``fn`` in milliseconds, after one warm-up run (in-process figures)."""
    fn()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


# --- sessions -------------------------------------------------------------------------------------------------

def session_key(user) -> str:
    """A signed-in session for ``user`` as the login page leaves it (with the second factor passed when the user
    has a confirmed device), saved through the configured session engine; its cookie value."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = next(path for path in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in path)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.save()
    return store.session_key


def drop_sessions(keys) -> None:
    from importlib import import_module

    from django.conf import settings

    engine = import_module(settings.SESSION_ENGINE)
    for key in keys:
        engine.SessionStore().delete(key)


def cookie_header(key: str) -> str:
    from django.conf import settings

    return f"{settings.SESSION_COOKIE_NAME}={key}"


# --- the server -----------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """``gunicorn wuse.wsgi`` with ``bench.settings`` on a free loopback port; a context manager."""

    def __init__(self, *, workers: int = 2, env: dict | None = None):
        self.workers = workers
        self.port = free_port()
        self.env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(env or {})}
        self.log = tempfile.NamedTemporaryFile(prefix="wuse-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "wuse.wsgi:application", "--workers", str(self.workers),
             "--worker-class", "sync", "--bind", f"127.0.0.1:{self.port}", "--chdir", str(ROOT),
             "--pythonpath", str(ROOT), "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                status, _ = fetch(self.port, BARE_PATH, {})
                if status == 200:
                    return self
                raise RuntimeError(f"the bare view answered {status}:\n{self.tail()}")
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within 60 s:\n{self.tail()}")

    def __exit__(self, *exc):
        self.stop()

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)  # the master stops its workers
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group this bench started, and nothing else
            self.proc.wait(10)

    def tail(self, chars: int = 3000) -> str:
        self.log.flush()
        return Path(self.log.name).read_text(errors="replace")[-chars:]


HEADERS = {"Accept-Language": "zh-CN,zh;q=0.9", "X-Forwarded-Proto": "https", "User-Agent": "wuse-bench"}


def fetch(port: int, path: str, headers: dict, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", path, headers={**HEADERS, **headers})
        response = conn.getresponse()
        body = response.read()
        if response.will_close:
            conn.close()
        return response.status, body
    finally:
        if own:
            conn.close()


# --- the load ------------------------------------------------------------------------------------------------

@dataclass
class Load:
    done: int = 0
    errors: int = 0
    seconds: float = 0.0
    latencies: list = field(default_factory=list)
    statuses: dict = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)  # nearest rank
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p95(self) -> float:
        return self.percentile(95)


def load(port: int, path: str, cookies: list[str], *, seconds: float) -> Load:
    """Each client (one per cookie; "" is anonymous) requests ``path`` back to back for ``seconds``; requests
    started before the end are waited for. Only 200 answers count as done."""
    result, lock = Load(), threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds
    ends = []

    def client(cookie: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        headers = {"Cookie": cookie} if cookie else {}
        mine, bad, statuses = [], 0, {}
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            try:
                status, _ = fetch(port, path, headers, conn)
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            elapsed = (time.perf_counter() - t0) * 1000
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                mine.append(elapsed)
            else:
                bad += 1
        conn.close()
        with lock:
            result.latencies += mine
            result.errors += bad
            for status, n in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + n
            ends.append(time.perf_counter())

    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in cookies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.done = len(result.latencies)
    result.seconds = max(ends) - start
    return result


# --- the rows ------------------------------------------------------------------------------------------------

@dataclass
class Case:
    label: str  # the user
    filter_label: str
    page_label: str
    path: str
    cookies: list
    deep: bool = False


def _cursor(ts, pk) -> str:
    try:
        from wuse.core.pagination import _encode_cursor
    except ImportError:  # the links' format when this bench was written (_check notices a cursor not taken)
        return f"{ts.isoformat()}~{pk}"
    return _encode_cursor(ts, pk)


def deep_cursor(user, filters: dict):
    """(page number, cursor) of the bench's deep page of ``user``'s list with ``filters``: page 101 (after
    2,000 rows), or the middle page of a shorter list; None when the list has a single page."""
    from needs.selectors import NeedFilters, needs_for_user
    from wuse.core.pagination import PAGE_SIZE

    needs = needs_for_user(user, NeedFilters(**filters)).order_by("-created_at", "-id")
    rows = (DEEP_PAGE - 1) * PAGE_SIZE
    found = list(needs.values_list("created_at", "id")[rows - 1:rows + 1])  # the cursor's row and one after it
    page = DEEP_PAGE
    if len(found) < 2:
        total = needs.order_by()[:rows].count()
        page = (total // PAGE_SIZE) // 2 + 1
        if page < 2:
            return None
        rows = (page - 1) * PAGE_SIZE
        found = list(needs.values_list("created_at", "id")[rows - 1:rows])
    return page, _cursor(*found[0])


def cases(users: dict, variants: list, pages: list, clients: int) -> tuple[list[Case], list[str]]:
    """The rows: for each user, each filter variant, page 1 and the deep page. Returns the cases and the
    session keys made for them (``clients`` sessions per user: two people of the same role)."""
    made = []
    out = []
    for label, user in users.items():
        keys = [session_key(user) for _ in range(clients)]
        made += keys
        cookies = [cookie_header(key) for key in keys]
        for filter_label, params, filters in variants:
            query = urlencode(params)
            if "first" in pages:
                out.append(Case(label, filter_label, "1", "/needs/" + (f"?{query}" if query else ""), cookies))
            if "deep" in pages:
                deep = deep_cursor(user, filters)
                if deep is None:
                    out.append(Case(label, filter_label, "deep", "", cookies, deep=True))
                else:
                    page, cursor = deep
                    out.append(Case(label, filter_label, str(page), "/needs/?" + urlencode({**params, "after": cursor}),
                                    cookies, deep=True))
    return out, made


def _check(port: int, case: Case) -> str:
    """One request before the timed run: the answer must be a 200 page (and a deep page, not page 1)."""
    status, body = fetch(port, case.path, {"Cookie": case.cookies[0]})
    if status != 200:
        return f"answered {status}"
    if case.deep and b"before=" not in body:
        return "the cursor was not taken (page 1 came back)"
    return ""


def served_table(users: dict, variants: list, pages: list, *, seconds: float, workers: int, clients: int,
                 env: dict | None = None, out=print) -> list[dict]:
    """Run every row under gunicorn and print the table; returns the rows as dicts (for --json and the tests)."""
    all_cases, made = cases(users, variants, pages, clients)
    return run_table(list(users), all_cases, made, title="/needs/", seconds=seconds, workers=workers,
                     clients=clients, env=env, out=out)


def run_table(labels: list, all_cases: list[Case], made: list[str], *, title: str, seconds: float, workers: int,
              clients: int, env: dict | None = None, out=print, filter_width: int = 17,
              columns: tuple[str, str] = ("filter", "page")) -> list[dict]:
    """Serve ``all_cases`` under gunicorn, each user's (``labels``, in order) next to a bare-view run just before
    them, and print the table; the session keys ``made`` are deleted at the end. Returns the rows as dicts."""
    results = []
    anonymous = [""] * clients
    try:
        with Gunicorn(workers=workers, env=env) as server:
            load1 = os.getloadavg()
            out(f"\n{title} served by gunicorn ({workers} sync worker{'s' if workers > 1 else ''}, "
                f"bench.settings: DEBUG off, PostgreSQL, Redis cache), {clients} loopback clients, "
                f"{seconds:g} s a row; "
                f"load average {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f} at the start")
            out(f"the bare view: GET {BARE_PATH} (anonymous), run just before each user's rows; "
                f"wuse/bare = the row's req/s over that run's")
            header = (pad("user", 34) + pad(columns[0], filter_width) + pad(columns[1], 6) + pad("req/s", 9, right=True)
                      + pad("p50 ms", 9, right=True) + pad("p95 ms", 9, right=True) + "  |"
                      + pad("bare req/s", 11, right=True) + pad("bare p95", 10, right=True) + "  |"
                      + pad("wuse/bare", 10, right=True) + pad("p95 ×", 8, right=True))
            out(header)
            out("-" * width(header))
            for label in labels:
                for _ in range(clients):  # warm both workers on the bare view
                    fetch(server.port, BARE_PATH, {})
                bare = load(server.port, BARE_PATH, anonymous, seconds=seconds)
                out(pad("bare 20-row view", 40 + filter_width) + pad(f"{bare.rps:.1f}", 9, right=True)
                    + pad(f"{bare.p50:.1f}", 9, right=True) + pad(f"{bare.p95:.1f}", 9, right=True) + "  |"
                    + (f"  errors {bare.errors} {bare.statuses}" if bare.errors else ""))
                results.append({"user": "bare", "filter": "", "page": "", "path": BARE_PATH, "rps": bare.rps,
                                "p50": bare.p50, "p95": bare.p95, "requests": bare.done, "errors": bare.errors})
                for case in (c for c in all_cases if c.label == label):
                    line = pad(case.label, 34) + pad(case.filter_label, filter_width) + pad(case.page_label, 6)
                    if not case.path:
                        out(line + "— a single page: no deep page")
                        continue
                    problem = _check(server.port, case)
                    if problem:
                        out(line + f"✗ {problem}: {case.path}")
                        results.append({"user": case.label, "filter": case.filter_label, "page": case.page_label,
                                        "path": case.path, "error": problem})
                        continue
                    fetch(server.port, case.path, {"Cookie": case.cookies[-1]})  # the other worker, warm too
                    run = load(server.port, case.path, case.cookies, seconds=seconds)
                    ratio = run.rps / bare.rps * 100 if bare.rps else 0.0
                    slower = run.p95 / bare.p95 if bare.p95 else 0.0
                    out(line + pad(f"{run.rps:.1f}", 9, right=True) + pad(f"{run.p50:.1f}", 9, right=True)
                        + pad(f"{run.p95:.1f}", 9, right=True) + "  |" + pad(f"{bare.rps:.1f}", 11, right=True)
                        + pad(f"{bare.p95:.1f}", 10, right=True) + "  |" + pad(f"{ratio:.1f} %", 10, right=True)
                        + pad(f"{slower:.1f}", 8, right=True)
                        + (f"  errors {run.errors} {run.statuses}" if run.errors else ""))
                    results.append({"user": case.label, "filter": case.filter_label, "page": case.page_label,
                                    "path": case.path, "rps": run.rps, "p50": run.p50, "p95": run.p95,
                                    "requests": run.done, "errors": run.errors, "bare_rps": bare.rps,
                                    "bare_p95": bare.p95, "ratio": ratio})
            load2 = os.getloadavg()
            out(f"load average {load2[0]:.2f} {load2[1]:.2f} {load2[2]:.2f} at the end")
    finally:
        drop_sessions(made)
    return results
