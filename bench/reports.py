"""The yearly report's rows of the bench (issue 13: the district and city PDF and xlsx, time and peak memory).

``report_figures(users, year)`` makes the report of each given unit in-process, as the worker's job does
(``assessment.reports.build.build_report``: reading the snapshot, the sections, the workbook, the PDF), and prints,
per unit, the time of each stage, the files' sizes and pages, and the peak memory: Python's own (tracemalloc) and
the process's resident set (``ru_maxrss``, which also counts WeasyPrint's Pango and cairo and never goes down: each
unit is therefore made in a fresh child process, so the city's peak is not the district's). The roll-up of ``year``
must have run first (``bench/assessment.py`` runs it). Targets (issue 13): district PDF ≤ 5 s, city PDF ≤ 60 s and
≤ 1 GB.

Wired from ``bench/run.py``: ``from bench import reports; figures["reports"] = reports.report_figures(
[(label, user, unit) for the district and the city], year)``.
"""

import multiprocessing
import resource
import subprocess
import tempfile
import time
import tracemalloc
from pathlib import Path

WIDTH = 25


def _pages(pdf: bytes) -> int | None:
    """The PDF's page count from poppler's ``pdfinfo`` (None when it is not installed)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        try:
            info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
        except (OSError, subprocess.CalledProcessError):
            return None
    return next((int(line.split()[-1]) for line in info.splitlines() if line.startswith("Pages:")), None)


def measure(user, unit: str, year: int, *, traced: bool = False) -> dict:
    """One report of ``unit`` made as ``user``: each stage's time, the sizes, the pages and the peak memory.
    ``traced``: under tracemalloc (Python's own peak; it slows every allocation several times over, so the times
    of a traced run are not the report's)."""
    import logging

    from django.utils import translation

    from assessment.reports.pdf import pdf_bytes
    from assessment.reports.sections import sources
    from assessment.reports.selectors import report_data
    from assessment.reports.xlsx import workbook_bytes
    from wuse.regions.models import Region

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines, one per page
    region = Region.objects.get(code=unit)
    if traced:
        tracemalloc.start()
    times = {}
    with translation.override("zh-hans"):
        started = time.perf_counter()
        data = report_data(user, region, year)
        times["read"] = time.perf_counter() - started
        started = time.perf_counter()
        sections = [section for source in sources() for section in source.build(data)]
        times["sections"] = time.perf_counter() - started
        started = time.perf_counter()
        xlsx = workbook_bytes(sections)
        times["xlsx"] = time.perf_counter() - started
        started = time.perf_counter()
        pdf = pdf_bytes(data, sections)
        times["pdf"] = time.perf_counter() - started
    python_peak = None
    if traced:
        python_peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    units = sum(len(tier.rows) for tier in data.tiers)
    return {"unit": unit, "units_below": units, "sections": len(sections), "times": times,
            "xlsx_kb": len(xlsx) / 1024, "pdf_kb": len(pdf) / 1024, "pages": _pages(pdf),
            "python_peak_mb": python_peak, "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _child(user_pk: int, unit: str, year: int, traced: bool, queue) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connections

    connections.close_all()  # the parent's connections are not this process's
    try:
        queue.put(measure(get_user_model().objects.get(pk=user_pk), unit, year, traced=traced))
    except Exception as exc:  # reported by the parent
        queue.put({"error": repr(exc)})


def measured_apart(user, unit: str, year: int, *, traced: bool = False) -> dict:
    """``measure`` in a forked child process, so that its ``ru_maxrss`` is this report's alone."""
    from django.db import connections

    connections.close_all()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_child, args=(user.pk, unit, year, traced, queue))
    process.start()
    result = queue.get()
    process.join()
    if "error" in result:
        raise RuntimeError(f"report of {unit}: {result['error']}")
    return result


def report_figures(users: list[tuple], year: int, out=print, *, apart: bool = True) -> list[dict]:
    """The report of each (label, user, unit) for ``year``: one line each, the stages' times and the peaks. Each
    report is made twice, each time in a fresh process: timed (and its resident peak), then under tracemalloc for
    Python's peak."""
    out(f"\nthe yearly report of {year} (assessment/reports: snapshot → sections → xlsx → PDF, in-process)")
    out(f"  {'':<{WIDTH}} {'units':>6} {'read':>7} {'sections':>9} {'xlsx':>7} {'pdf':>8} {'pages':>6} "
        f"{'xlsx KB':>8} {'pdf KB':>8} {'py peak':>8} {'RSS peak':>9}")
    rows = []
    for label, user, unit in users:
        make = measured_apart if apart else measure
        row, traced = make(user, unit, year), make(user, unit, year, traced=True)
        row["python_peak_mb"] = traced["python_peak_mb"]
        t = row["times"]
        out(f"  {label:<{WIDTH}} {row['units_below']:>6,} {t['read']:>6.2f}s {t['sections']:>8.2f}s "
            f"{t['xlsx']:>6.2f}s {t['pdf']:>7.2f}s {row['pages'] or 0:>6} {row['xlsx_kb']:>8.0f} "
            f"{row['pdf_kb']:>8.0f} {row['python_peak_mb']:>6.0f}MB {row['rss_peak_mb']:>7.0f}MB")
        rows.append({"label": label, **row})
    return rows
