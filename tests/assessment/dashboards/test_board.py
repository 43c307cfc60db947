"""The red/amber/green board and the drill-down to the records: thresholds as named constants, each signal read
from the year's snapshot (milestones live, grouped), each child linked to its dashboard, each number to the list
behind it — and that list shows exactly the records counted (the needs)."""

import datetime as dt

import pytest
from django.utils import timezone

from assessment.dashboards import board
from assessment.models import Trigger
from assessment.services import rollup
from needs.models import Need
from tests.helpers import C111, C112, C121, S11
from wuse.core.figures import FIGURES, Period

from ..support import YEAR, needs

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("signal", "n", "rating"), [
    (board.NEEDS_LATE, 0, board.GREEN), (board.NEEDS_LATE, board.THRESHOLDS[board.NEEDS_LATE][0], board.AMBER),
    (board.NEEDS_LATE, board.THRESHOLDS[board.NEEDS_LATE][1] - 1, board.AMBER),
    (board.NEEDS_LATE, board.THRESHOLDS[board.NEEDS_LATE][1], board.RED),
    (board.RECTIFICATIONS, board.THRESHOLDS[board.RECTIFICATIONS][1] + 100, board.RED),
    (board.MILESTONES, None, None),
])
def test_the_thresholds(signal, n, rating):
    assert board.rating(signal, n) == rating


def test_a_row_is_as_red_as_its_worst_signal():
    row = board.BoardRow(None, [board.Signal(board.NEEDS_LATE, 0), board.Signal(board.REPORTS_LATE, 1),
                                board.Signal(board.RECTIFICATIONS, None)])
    assert row.rating == board.AMBER
    assert board.BoardRow(None, [board.Signal(board.MILESTONES, None)]).rating == board.GREEN
    assert all(low < high for low, high in board.THRESHOLDS.values())


def _late_needs(staff, counts: dict[str, int]) -> None:
    """Needs registered this year whose answer-by date has passed and that are still waiting."""
    needs(staff, counts, tag="late")
    Need.objects.filter(title__contains="late").update(
        created_at=timezone.make_aware(dt.datetime(YEAR, 1, 5, 9)), response_deadline=dt.date(YEAR, 1, 10))


def test_the_board_reads_the_snapshot_rates_and_links_each_number(people, client):
    _late_needs(people["staff"], {C111: board.THRESHOLDS[board.NEEDS_LATE][1], C112: 1})
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["officer"])
    response = client.get(f"/dashboard/{S11}/")
    rows = {row.region.code: row for row in response.context["board"].rows}
    assert set(rows) == {C111, C112}
    late = {code: next(s for s in row.signals if s.key == board.NEEDS_LATE) for code, row in rows.items()}
    assert (late[C111].n, late[C111].rating) == (board.THRESHOLDS[board.NEEDS_LATE][1], board.RED)
    assert (late[C112].n, late[C112].rating) == (1, board.AMBER)
    assert rows[C111].rating == board.RED
    page = response.content.decode()
    assert late[C111].link == FIGURES["needs.answer_due"].records_url(C111, Period.year(YEAR))
    assert f'href="{late[C111].link.replace("&", "&amp;")}"' in page
    assert f'href="/dashboard/{C111}/?year={YEAR}"' in page
    # a unit whose year was not rolled up shows "—", not 0
    assert all(s.n is None for row in client.get(f"/dashboard/{S11}/?year={YEAR - 1}").context["board"].rows
               for s in row.signals if s.key != board.MILESTONES)


def test_a_tiles_number_links_to_the_list_showing_exactly_the_needs_counted(people, client):
    needs(people["staff"], {C111: 3, C112: 2, C121: 4})
    needs(people["staff"], {C111: 2}, tag="old")
    Need.objects.filter(title__contains="old").update(created_at=timezone.make_aware(dt.datetime(YEAR - 1, 12, 31,
                                                                                                 23, 30)))
    rollup(YEAR, trigger=Trigger.BEAT)
    client.force_login(people["officer"])
    response = client.get(f"/dashboard/{S11}/")
    tile, link = next((line, link) for line, link in response.context["tiles"]
                      if line.figure.code == "needs.collected")
    assert tile.current.value == 5 and link.startswith("/needs/?region=" + S11)
    listed = client.get(link)
    assert listed.status_code == 200
    shown = {need.pk for need in listed.context["page"]}
    counted = set(Need.objects.filter(community_id__in=[C111, C112], created_at__year=YEAR).values_list("pk",
                                                                                                       flat=True))
    assert shown == counted and len(shown) == tile.current.value
    # and from a child's row on the board: the community's records
    child = client.get(f"/dashboard/{C111}/")
    _line, child_link = next((line, link) for line, link in child.context["tiles"]
                             if line.figure.code == "needs.collected")
    assert {n.pk for n in client.get(child_link).context["page"]} == set(
        Need.objects.filter(community_id=C111, created_at__year=YEAR).values_list("pk", flat=True))


def test_the_figures_with_a_list_link_to_it_and_the_others_to_nothing():
    period = Period.year(YEAR)
    assert FIGURES["needs.collected"].records_url(C111, period) == (
        f"/needs/?region={C111}&date_from={YEAR}-01-01&date_to={YEAR}-12-31")
    assert FIGURES["projects.approved"].records_url(S11, period) == f"/projects/?region={S11}&year={YEAR}"
    assert FIGURES["rectifications.overdue"].records_url(S11, period) == f"/rectifications/?region={S11}&overdue=1"
    assert "stage=final" in FIGURES["evaluations.average_score"].records_url(S11, period)
    assert FIGURES["evaluations.satisfaction"].records_url(S11, period) is None


def test_every_records_link_opens_its_list_for_the_city_admin(people, client):
    client.force_login(people["city"])
    period, checked = Period.year(YEAR), 0
    for figure in FIGURES.values():
        url = figure.records_url(S11, period)
        if url is None:
            continue
        assert client.get(url).status_code == 200, (figure.code, url)
        checked += 1
    assert checked >= 20
    assert FIGURES["community_workers.certified_share"].records_url(S11, period) == (
        f"/registry/organizations/workers/?region={S11}")
