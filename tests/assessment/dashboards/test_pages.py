"""The dashboard of a unit: tiles with their definitions and last year's change, the charts each with its table,
drill-down to the children's dashboards and to the records, hostile input, the ECharts file served and referenced,
and a constant number of queries with none over the needs table."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from assessment.models import Trigger
from assessment.services import rollup
from needs.models import Need
from tests.helpers import C111, C112, C211, CITY, D1, S11
from wuse.core.figures import FIGURES
from wuse.regions.models import Region

from ..support import YEAR, needs

pytestmark = pytest.mark.django_db


def _street(code: str, communities: int) -> str:
    Region.objects.create(code=code, name=f"街道{code}", level="street", parent_id=D1)
    Region.objects.bulk_create([Region(code=f"{code[:9]}{n:03d}", name=f"社区{code[:9]}{n:03d}", level="community",
                                       parent_id=code) for n in range(1, communities + 1)])
    return code


def test_the_dashboard_shows_tiles_charts_tables_and_the_board(people, client):
    needs(people["staff"], {C111: 3, C112: 1}, tag="last")
    Need.objects.filter(title__contains="last").update(created_at=timezone.make_aware(dt.datetime(YEAR - 1, 6, 1)))
    needs(people["staff"], {C111: 2, C112: 2})
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["officer"])
    response = client.get(f"/dashboard/{S11}/")
    assert response.status_code == 200
    page = response.content.decode()
    tiles = {line.figure.code: line for line, _link in response.context["tiles"]}
    assert 6 <= len(tiles) <= 12
    collected = tiles["needs.collected"]
    assert (collected.current.display, collected.previous.display, collected.change) == ("4", "4", "0")
    definition = escape(str(FIGURES["needs.collected"].definition))
    assert f'title="{definition}"' in page and f'data-testid="definition">{definition}</span>' in page
    keys = [chart.key for chart in response.context["charts"]]
    assert {"trends", "need_states", "pipeline", "grades", "linkage"} <= set(keys)
    for key in keys:  # every chart has its table
        assert f'data-testid="table-{key}"' in page
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in page
    assert '<script src="/static/wuse/dashboard.js"></script>' in page
    assert 'id="chart-data-trends" type="application/json"' in page
    for child in (C111, C112):
        assert f'href="/dashboard/{child}/?year={YEAR}"' in page  # drill-down to the communities
    assert [row.region.code for row in response.context["board"].rows] == [C111, C112]
    assert "<style" not in page and " style=" not in page  # the CSP: nothing inline


def test_the_echarts_file_is_vendored_and_served():
    found = finders.find("vendor/echarts/echarts.min.js")
    assert found and "Apache" in Path(found).read_text(encoding="utf-8")[:2000]
    assert finders.find("vendor/echarts/LICENSE") and finders.find("vendor/echarts/NOTICE")
    version = Path(finders.find("vendor/echarts/VERSION")).read_text(encoding="utf-8")
    assert re.search(r"ECharts [56]\.\d+\.\d+", version) and "npm pack echarts@" in version


def test_the_echarts_file_is_served_by_staticfiles(client, settings):
    settings.DEBUG = True  # the test server serves static files as runserver does
    from django.contrib.staticfiles.views import serve
    from django.test import RequestFactory

    response = serve(RequestFactory().get("/static/vendor/echarts/echarts.min.js"), "vendor/echarts/echarts.min.js")
    assert response.status_code == 200
    assert b"echarts" in b"".join(response.streaming_content)[:5000]


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "year=1999", f"year={YEAR + 2}", "year=２０２６",
                                   "year=-1", "year=2026%00", "year=" + "9" * 5000])
def test_a_bad_year_is_a_404(people, client, query):
    client.force_login(people["reviewer"])
    assert client.get(f"/dashboard/{D1}/?{query}").status_code == 404
    assert client.get(f"/dashboard/?{query}").status_code == 404


def test_hostile_codes_are_404s(people, client):
    client.force_login(people["reviewer"])
    for path in (f"/dashboard/{C211}/", "/dashboard/419999999999/", "/dashboard/4101/", "/dashboard/abc/",
                 f"/dashboard/{D1}x/", "/dashboard/" + "1" * 5000 + "/", f"/dashboard/{CITY}/"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/dashboard/{D1}/").status_code == 405  # reads only
    for query in ("page=abc", "page=99999", "page=-1", "page=" + "9" * 400, "year=2026&year=abc", "region=x"):
        response = client.get(f"/dashboard/{D1}/?{query}")
        assert response.status_code in (200, 404), query  # a page out of range: the last one, never a 500


def test_queries_are_constant_with_the_children_and_none_reads_the_needs(people, client):
    one, many = _street("410101003000", 1), _street("410101004000", 60)
    needs(people["staff"], {C111: 2})
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["reviewer"])
    client.get(f"/dashboard/{D1}/")  # warm the caches a first page fills (the categories, permission ids)
    counts = {}
    for street in (one, many, D1):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/dashboard/{street}/")
        assert response.status_code == 200
        counts[street] = len(queries)
        assert not [q["sql"] for q in queries if "needs_need\"" in q["sql"] or "needs_need " in q["sql"]]
    assert counts[one] == counts[many] == counts[D1], counts
    assert len(response.context["board"].rows) == 4  # D1: its two streets and the two added
    second = client.get(f"/dashboard/{many}/?page=2")
    assert [r.region.code[-3:] for r in second.context["board"].rows] == [f"{n:03d}" for n in range(51, 61)]
