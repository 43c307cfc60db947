"""``make bench`` at small scale, so the bench cannot rot: a fresh small database (created, migrated, filled
with 2,000 needs, 300 projects and 40 evaluations, dropped afterwards), the street plan, the served rows (needs,
projects, then step 4's lists and public survey) under one gunicorn worker for a second each next to the bare view,
the in-process figures (step 4's: every page, the xlsx and a PDF scorecard), the annual assessment's roll-up
and pages, the reminder sweep (first, then again the same day; its rows removed), and two F1 fault trials (the
roll-up's Celery worker killed at a random moment). PostgreSQL and Redis only (the served settings are the
production ones)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests.helpers import redis_url, require_postgres, require_redis

ROOT = Path(__file__).resolve().parent.parent


def _smoke_database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    name = f"{s['NAME']}_bench_smoke{os.environ.get('PYTEST_XDIST_WORKER', '')}"
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def test_the_bench_runs_at_small_scale(tmp_path):
    require_postgres()
    require_redis()
    figures = tmp_path / "bench.json"
    env = {**os.environ, "BENCH_DATABASE_URL": _smoke_database_url(), "BENCH_REDIS_URL": redis_url()}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "bench/run.py", "--fresh", "--drop-after", "--needs", "2000", "--projects", "300",
         "--evaluations", "40", "--evaluation-served", "lists",
         "--seconds", "1", "--workers", "1", "--users", "community,street_old,city", "--variants", "none,date",
         "--faults", "2", "--json", str(figures)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    out = run.stdout
    assert "filled needs to 2,000" in out
    assert "filled projects to 300" in out
    assert "filled evaluations to 40" in out
    assert "wuse/bare" in out

    found = json.loads(figures.read_text(encoding="utf-8"))
    served = found["served"]
    bare = [row for row in served if row["user"] == "bare"]
    pages = [row for row in served if row["user"] != "bare"]
    assert len(bare) == 3 and all(row["rps"] > 0 and not row["errors"] for row in bare), bare
    assert not [row for row in pages if "error" in row], pages
    assert {row["user"].split()[0] for row in pages} == {"community", "street", "city"}
    assert all(row["rps"] > 0 and row["p95"] > 0 and not row["errors"] for row in pages), pages
    assert any(row["page"] not in ("1", "deep") for row in pages)  # a deep page was served through its cursor

    (street_plan,) = found["plans"].values()
    assert street_plan["plan"][0].startswith("Limit") and street_plan["indexes"]
    assert "plan of the street 灵隐街道 (all old) user's first page" in out

    projects = found["projects"]  # the projects' rows: the community and the city (street_old has none)
    rows = [row for row in projects["served"] if row["user"] != "bare"]
    assert not [row for row in rows if "error" in row], rows
    assert all(row["rps"] > 0 and not row["errors"] for row in projects["served"] if "rps" in row), projects
    for user in ("community", "city"):
        paths = [row["path"] for row in rows if row["user"].startswith(user)]
        assert "/projects/" in paths and any(p.endswith("?tab=money") for p in paths), (user, paths)
    assert all(row["queries"] > 0 for row in projects["in_process"]), projects["in_process"]

    evaluations = found["evaluations"]  # step 4: the community, the city and the 西湖区 third-party evaluator
    assert found["evaluations_fill"]["tables"]["evaluation_evaluation"] == 40, found["evaluations_fill"]
    rows = [row for row in evaluations["served"] if row["user"] != "bare"]
    assert not [row for row in rows if "error" in row], rows
    assert all(row["rps"] > 0 and not row["errors"] for row in evaluations["served"]), evaluations["served"]
    users = {row["user"].split()[0] for row in rows}
    assert {"community", "city", "anonymous"} <= users, users
    assert any(row["path"].startswith("/public/evaluations/s/") for row in rows), rows
    assert {row["path"] for row in rows if not row["user"].startswith("anonymous")} == {"/evaluations/"}, rows
    pages = evaluations["in_process"]  # in-process: every page
    city = [row["path"] for row in pages if row["user"].startswith("city")]
    assert {"/evaluations/", "/rectifications/", "/evaluations/templates/"} <= set(city), city
    assert any(p.startswith("/evaluations/satisfaction/") for p in city), city
    assert any(p.startswith("/public/evaluations/s/") for p in (row["path"] for row in pages)), pages
    assert all(row["queries"] > 0 for row in pages), pages
    downloads = {row["download"]: row for row in evaluations["downloads"] if row["user"].startswith("city")}
    assert downloads["xlsx"]["status"] == 200 and downloads["xlsx"]["rows"] == 40, downloads
    assert [row for row in evaluations["downloads"] if row["download"] == "pdf" and row["status"] == 200]
    assessment = found["assessment"]  # the annual roll-up of the data's year and /assessment/<unit>/
    assert assessment["rollup"]["rows"] > 0 and assessment["rollup"]["hand_ms"] > 0, assessment["rollup"]
    assert {row["user"].split()[0] for row in assessment["in_process"]} >= {"community", "city"}, assessment
    assert all(row["rps"] > 0 and not row["errors"] for row in assessment["served"]), assessment["served"]
    boards = found["dashboards"]  # /dashboard/<unit>/ in-process for each user, never reading needs_need
    assert {row["user"].split()[0] for row in boards} >= {"community", "city"}, boards
    (report,) = assessment["reports"]  # the city's yearly report (xlsx + PDF) made in a process of its own
    assert report["pages"] > 1 and report["xlsx_kb"] > 0 and report["rss_peak_mb"] > 0, report
    notify = found["notify"]  # the reminder sweep: inserted, sent in-process, nothing new the same day, removed
    assert notify["insert"]["inserted"] > 0 and notify["send"]["left_pending"] == 0, notify
    assert notify["send"]["sent"] + notify["send"]["skipped"] == notify["insert"]["inserted"], notify
    assert notify["repeat"]["new"] == 0 and notify["removed"]["reminders"] == notify["insert"]["inserted"], notify
    faults = found["faults"]  # F1: the roll-up's worker killed at random moments, the next run completes it
    assert (faults["trials"], faults["failures"]) == (2, 0), faults
    assert sum(faults["outcomes"].values()) == 2 and "trial  2: killed at" in out
