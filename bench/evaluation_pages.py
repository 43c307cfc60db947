"""Step 4's rows of the bench (``bench/run.py``, part ``evaluations``): the evaluations' list and pages, the
satisfaction survey (the staff page and the public one a resident opens on a phone), the rectifications and the
indicator templates — served under gunicorn next to the bare view and timed in-process with their queries — and,
in-process only, the xlsx export and a PDF scorecard with their peak memory. The fill is ``bench/evaluations.py``.
"""

import time
import tracemalloc

from bench.project_pages import timed_pages
from bench.served import pad, timed

STATUS_FILTER = "in_progress"
WIDTH = 27  # the page column
PUBLIC = "anonymous (phone)"
PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
         "Version/17.5 Mobile/15E148 Safari/604.1")


def _newest(queryset):
    return queryset.order_by("-created_at", "-id").first()


def targets(user) -> dict:
    """The objects of ``user``'s rows, read through the access layer: the newest closed evaluation and the newest
    one being scored (else assigned or submitted), the newest satisfaction survey and rectification."""
    from evaluation import selectors
    from evaluation.models import SatisfactionSurvey
    from evaluation.rectification.models import Rectification
    from wuse.access import api as access

    evaluations = selectors.evaluations(user)
    found = {"closed": _newest(evaluations.filter(status="closed")),
             "live": _newest(evaluations.filter(status=STATUS_FILTER))
             or _newest(evaluations.filter(status__in=("assigned", "submitted"))),
             "survey": _newest(access.scoped(user, "satisfaction.view", SatisfactionSurvey.objects.all()))}
    if access.has_action(user, "rectification.view", model=Rectification):
        found["rectification"] = _newest(access.scoped(user, "rectification.view", Rectification.objects.all()))
    return found


def _paths(user) -> list[tuple[str, str]]:
    from evaluation.models import TemplateFamily
    from wuse.access import api as access

    found = targets(user)
    rows = [("list", "/evaluations/"), (f"list status={STATUS_FILTER}", f"/evaluations/?status={STATUS_FILTER}")]
    if found["closed"] is not None:
        rows.append((f"detail closed #{found['closed'].pk}", f"/evaluations/{found['closed'].pk}/"))
    if found["live"] is not None:
        rows.append((f"detail {found['live'].status} #{found['live'].pk}", f"/evaluations/{found['live'].pk}/"))
    if found["survey"] is not None:
        rows.append((f"satisfaction #{found['survey'].project_id}",
                     f"/evaluations/satisfaction/{found['survey'].project_id}/"))
    if "rectification" in found:
        rows.append(("rectifications", "/rectifications/"))
        if (rectification := found["rectification"]) is not None:
            rows.append((f"rectification #{rectification.pk}", f"/rectifications/{rectification.pk}/"))
    if access.has_action(user, "evaluation_template.view", model=TemplateFamily):
        rows.append(("indicator templates", "/evaluations/templates/"))
    return rows


def public_survey():
    """The newest open survey of 西湖区 (else anywhere) with the most responses among the newest ones: what a
    resident opens from the QR code."""
    from evaluation.models import SatisfactionSurvey

    open_ = SatisfactionSurvey.objects.filter(is_open=True)
    return _newest(open_.filter(region_id__gte="330106000000", region_id__lte="330106999999")) or _newest(open_)


def _public_paths() -> list[tuple[str, str]]:
    survey = public_survey()
    return [("survey (public)", f"/public/evaluations/s/{survey.public_token}/")] if survey is not None else []


def in_process(users: list[tuple], sessions, out=print) -> list[dict]:
    """Each page in-process through the test client (``project_pages.timed_pages``), the public survey page
    as an anonymous phone."""
    from django.test import Client

    rows = [(label, sessions.client(user), _paths(user)) for label, user, _unit in users]
    rows.append((PUBLIC, Client(headers={"X-Forwarded-Proto": "https", "User-Agent": PHONE}), _public_paths()))
    return timed_pages(rows, title="step 4's pages", width=WIDTH, out=out)


def _measured(client, path: str, repeat: int) -> dict:
    """One download: its median time, and one more request under tracemalloc for the peak of Python allocations
    (the PDF's C libraries, Pango and HarfBuzz, allocate outside it)."""
    response = client.get(path)
    ms = timed(lambda: client.get(path), repeat=repeat)
    tracemalloc.start()
    start = time.perf_counter()
    client.get(path)
    traced_ms = (time.perf_counter() - start) * 1000
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"path": path, "status": response.status_code, "bytes": len(response.content), "ms": ms,
            "traced_ms": traced_ms, "peak_mb": peak / 2**20}


def downloads(users: list[tuple], sessions, out=print) -> list[dict]:
    """The list's xlsx for each user (refused above ``exports.MAX_ROWS``: a redirect back to the list) and the PDF
    scorecard of the district's newest closed evaluation (else the city's, else another user's), in-process."""
    from evaluation import exports, selectors
    from evaluation.exports import MAX_ROWS

    out("\nin-process, the downloads (median ms of 3; then one more request under tracemalloc: the peak of "
        "Python's allocations)")
    out(pad("user", 34) + pad("download", 24) + pad("rows", 8, right=True) + pad("ms", 9, right=True)
        + pad("peak MB", 9, right=True) + pad("size", 11, right=True) + "  answer")
    found = []
    for label, user, _unit in users:
        client = sessions.client(user)
        count = exports.scoped(selectors.evaluations_filtered({}), selectors.list_scope(user)).count()
        got = _measured(client, "/evaluations/export/", repeat=3)
        answer = "xlsx" if got["status"] == 200 else f"{got['status']}: refused, more than {MAX_ROWS:,} rows"
        out(pad(label, 34) + pad("evaluations .xlsx", 24) + pad(f"{count:,}", 8, right=True)
            + pad(f"{got['ms']:.0f}", 9, right=True) + pad(f"{got['peak_mb']:.1f}", 9, right=True)
            + pad(f"{got['bytes'] / 1024:.0f} kB", 11, right=True) + f"  {answer}")
        found.append({"user": label, "download": "xlsx", "rows": count, **got})
    preferred = sorted(users, key=lambda row: {"district": 0, "city": 1}.get(row[0].split()[0], 2))
    label, user, closed = next(((lb, u, c) for lb, u, _unit in preferred if (c := targets(u)["closed"]) is not None),
                               (None, None, None))
    if closed is not None:
        got = _measured(sessions.client(user), f"/evaluations/{closed.pk}/scorecard.pdf", repeat=3)
        out(pad(label, 34) + pad(f"scorecard #{closed.pk} .pdf", 24) + pad("", 8)
            + pad(f"{got['ms']:.0f}", 9, right=True) + pad(f"{got['peak_mb']:.1f}", 9, right=True)
            + pad(f"{got['bytes'] / 1024:.0f} kB", 11, right=True) + f"  {got['status']}")
        found.append({"user": label, "download": "pdf", **got})
    return found


def served(users: list[tuple], *, seconds: float, workers: int, clients: int, lists_only: bool = False,
           out=print) -> list[dict]:
    """Step 4's pages under gunicorn, each user's rows next to a bare-view run, then the public survey page
    (anonymous clients); ``lists_only``: each user's ``/evaluations/`` and the public page (the in-process rows
    still cover every page)."""
    from bench.served import Case, cookie_header, run_table, session_key

    all_cases, made = [], []
    for label, user, _unit in users:
        keys = [session_key(user) for _ in range(clients)]
        made += keys
        cookies = [cookie_header(key) for key in keys]
        all_cases += [Case(label, name, "" if "#" in name else "1", path, cookies)
                      for name, path in _paths(user) if name == "list" or not lists_only]
    all_cases += [Case(PUBLIC, name, "", path, [""] * clients) for name, path in _public_paths()]
    return run_table([label for label, _u, _unit in users] + [PUBLIC], all_cases, made,
                     title="/evaluations/, /rectifications/ and the public survey", seconds=seconds, workers=workers,
                     clients=clients, out=out, filter_width=WIDTH, columns=("page", "no."))
