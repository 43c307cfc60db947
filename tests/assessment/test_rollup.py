"""The roll-up service: the snapshot equals ``figures.compute`` run afresh at every level for every registered
figure; it is idempotent; every unit gets a row; refusals; a failed or dead run; a figure added by a step."""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from assessment.models import KpiSnapshot, RollupRun, RunStatus, Trigger
from assessment.services import AssessmentError, rollup
from assessment.tasks import rollup_nightly, rollup_year
from tests.helpers import C111, C112, C121, CITY, S11
from wuse.audit.models import AuditEntry
from wuse.core import figures
from wuse.core.figures import FIGURES, Figure, Share
from wuse.regions.models import Region

from .support import YEAR, fresh, needs, nonzero, stored, world

pytestmark = pytest.mark.django_db


def test_the_snapshot_equals_a_fresh_computation_of_every_figure_at_every_level(people):
    world(people["staff"])
    seen = []
    run = rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"], progress=seen.append)
    rows = stored()
    units = Region.objects.count()
    assert len(rows) == units * len(FIGURES) == run.rows and run.figures == len(FIGURES)
    assert set(rows) == fresh()
    assert len(nonzero(rows)) >= 12, "the data must give many figures something to count"
    assert Counter(level for level in KpiSnapshot.objects.values_list("level", flat=True)) == {
        "city": len(FIGURES), "district": 2 * len(FIGURES), "street": 4 * len(FIGURES), "community": 8 * len(FIGURES)}
    assert (run.status, run.trigger, run.started_by) == (RunStatus.DONE, Trigger.BUTTON, people["city"])
    assert run.as_of is not None and run.started_at <= run.finished_at
    assert seen == sorted(seen) and seen[-1] == len(FIGURES)  # per figure (a ratio with its parts)
    audit = AuditEntry.objects.get(action="assessment.rollup")
    assert audit.user_id == people["city"].pk and audit.detail["rows"] == run.rows and audit.detail["year"] == YEAR


def test_counted_at_each_level_not_added_up(people):
    """A need of C111 counts in its street, district and city; a street's value is its own count."""
    needs(people["staff"], {C111: 2, C112: 1, C121: 5})
    rollup(YEAR, trigger=Trigger.BEAT)
    collected = dict(KpiSnapshot.objects.filter(code="needs.collected").values_list("region_id", "value"))
    assert (collected[C111], collected[C112], collected[S11], collected[CITY]) == (2, 1, 3, 8)
    assert collected["410102001001"] == 0  # a unit with nothing still has its row


def test_rolling_up_twice_gives_identical_rows_and_no_duplicates(people):
    world(people["staff"], seed=2026)
    first = rollup(YEAR, trigger=Trigger.BEAT)
    before = sorted(stored(), key=repr)
    second = rollup(YEAR, trigger=Trigger.BEAT)
    after = stored()
    assert sorted(after, key=repr) == before and len(set(after)) == len(after)
    assert set(KpiSnapshot.objects.values_list("run", flat=True)) == {second.pk} and first.pk != second.pk
    assert list(RollupRun.objects.values_list("status", flat=True)) == [RunStatus.DONE, RunStatus.DONE]
    assert AuditEntry.objects.filter(action="assessment.rollup").count() == 2
    assert AuditEntry.objects.get(action="assessment.rollup", object_id=str(first.pk)).username == ""  # the beat


def test_other_years_are_left_alone_and_the_task_rolls_up_the_current_year(people):
    needs(people["staff"], {C111: 1})
    rollup(YEAR - 1, trigger=Trigger.BEAT)
    last_year = stored(YEAR - 1)
    assert rollup_year.delay().get() == Region.objects.count() * len(FIGURES)  # eager in the tests
    assert stored(YEAR - 1) == last_year and len(stored()) == len(last_year)
    collected = KpiSnapshot.objects.filter(code="needs.collected", region_id=C111)
    assert dict(collected.values_list("year", "value")) == {YEAR - 1: 0, YEAR: 1}


@pytest.mark.parametrize("year", [1999, timezone.localdate().year + 2, "abc", None, 99999])
def test_a_year_out_of_range_is_refused(people, year):
    with pytest.raises(AssessmentError, match="year must"):
        rollup(year, trigger=Trigger.BUTTON, user=people["city"])
    assert not RollupRun.objects.exists() and not KpiSnapshot.objects.exists()


def test_next_year_is_accepted(people):
    run = rollup(YEAR + 1, trigger=Trigger.BUTTON)
    assert run.status == RunStatus.DONE and stored(YEAR + 1)


def test_a_run_left_running_by_a_dead_process_is_marked_interrupted(people):
    dead = RollupRun.objects.create(year=YEAR, trigger=Trigger.BEAT)  # its process died: it holds no lock
    run = rollup(YEAR, trigger=Trigger.BEAT)
    dead.refresh_from_db()
    assert (dead.status, run.status) == (RunStatus.INTERRUPTED, RunStatus.DONE)
    assert dead.finished_at is not None and "nothing of it was kept" in dead.error
    assert AuditEntry.objects.filter(action="assessment.rollup_interrupted", object_id=str(dead.pk)).exists()


def test_a_figure_registered_by_a_step_is_rolled_up_with_the_others(people, extra_figures):
    """Whatever the steps register: a computation of its own with decimals, and a ratio of two of its own."""
    def grouped(value):
        def compute(prefix, width, period):  # ``value`` for every community and every street, nothing above
            return {code[:width]: value for code in Region.objects.filter(code__startswith=prefix)
                    .values_list("code", flat=True) if width in (9, 12)}
        return compute

    extra_figures(Figure("tests.thirds", "thirds", "a third per unit", grouped=grouped(1 / 3)))
    extra_figures(Figure("tests.part", "part", "one per unit", grouped=grouped(1)))
    extra_figures(Figure("tests.whole", "whole", "four per unit", grouped=grouped(Decimal("4"))))
    extra_figures(Figure("tests.share", "share", "part of whole", ratio=("tests.part", "tests.whole"),
                         target=Decimal("0.5")))
    run = rollup(YEAR, trigger=Trigger.BEAT)
    thirds = dict(KpiSnapshot.objects.filter(code="tests.thirds").values_list("region_id", "value"))
    assert (thirds[C111], thirds[S11], thirds[CITY]) == (Decimal("0.3333"), Decimal("0.3333"), 0)
    share = {r.region_id: (r.value, r.part, r.whole) for r in KpiSnapshot.objects.filter(code="tests.share")}
    assert (share[C111], share[CITY]) == ((Decimal("0.25"), 1, 4), (None, 0, 0))  # the city: nothing to measure
    assert run.figures == len(FIGURES) and set(stored()) == fresh()


def test_a_failing_figure_fails_the_run_and_keeps_the_previous_snapshot(people, extra_figures):
    needs(people["staff"], {C111: 2})
    rollup(YEAR, trigger=Trigger.BEAT)
    before = sorted(stored(), key=repr)
    needs(people["staff"], {C111: 5}, tag="later")
    extra_figures(Figure("tests.broken", "broken", "not a number", grouped=lambda p, w, period: {CITY[:4]: "many"}))
    with pytest.raises(TypeError, match="must be a number"):
        rollup(YEAR, trigger=Trigger.BUTTON, user=people["city"])
    failed = RollupRun.objects.order_by("-id").first()
    assert failed.status == RunStatus.FAILED and "must be a number" in failed.error and failed.finished_at
    assert sorted(stored(), key=repr) == before  # the previous snapshot, whole: none of the failed run's rows


def test_the_share_of_a_unit_without_a_whole_is_empty_not_zero(people):
    rollup(YEAR, trigger=Trigger.BEAT)
    ratios = [code for code, f in FIGURES.items() if f.ratio]
    assert ratios
    rows = KpiSnapshot.objects.filter(code__in=ratios, region_id=C111)
    assert {(r.value, r.part, r.whole) for r in rows} == {(None, 0, 0)}
    assert figures.Share(0, 0).share is None
    assert Share(1, 4).share == Decimal("0.25")


def test_the_nightly_beat_rolls_up_the_current_year_and_in_january_the_last_one_too(people, time_machine):
    tz = timezone.get_current_timezone()
    time_machine.move_to(dt.datetime(YEAR, 3, 2, 1, 40, tzinfo=tz))
    assert len(rollup_nightly.delay().get()) == 1
    time_machine.move_to(dt.datetime(YEAR, 1, 3, 1, 40, tzinfo=tz))
    written = rollup_nightly.delay().get()
    assert written == [Region.objects.count() * len(FIGURES)] * 2
    assert sorted(RollupRun.objects.values_list("year", "trigger")) == [
        (YEAR - 1, Trigger.BEAT), (YEAR, Trigger.BEAT), (YEAR, Trigger.BEAT)]


def test_a_mean_with_nothing_to_average_is_empty_not_zero(people):
    rollup(YEAR, trigger=Trigger.BEAT)
    means = [code for code, f in FIGURES.items() if f.average]
    assert means
    rows = KpiSnapshot.objects.filter(code__in=means, region_id=C111)
    assert {(r.value, r.part, r.whole) for r in rows} == {(None, None, None)}
    assert all(FIGURES[code].display(None) == "—" for code in means)
