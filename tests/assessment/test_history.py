"""The demo history (``assessment.history``): needs and projects of last year and of this year up to yesterday in
every community, reproducible, anonymous, each answered need with one answer on its timeline, and loaded once."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from assessment.history import MARK, load_history_demo
from assessment.models import KpiSnapshot, Trigger
from assessment.services import rollup
from needs.categories import ensure_default_categories
from needs.models import Need
from projects.models import Project, ProjectNeed
from tests.helpers import CITY, make_user
from wuse.accounts.roles import Role
from wuse.regions.models import Region
from wuse.workflow.models import TransitionLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tree):
    ensure_default_categories()
    load_history_demo({"city_admin": make_user("city", Role.CITY_ADMIN, CITY)})
    return Need.objects.filter(description=MARK)


def _summary():
    """What the history wrote, as plain values (to compare two loads)."""
    return (sorted(Need.objects.values_list("community_id", "title", "status", "created_at", "response_deadline")),
            sorted(Project.objects.values_list("code", "status", "approved_at")))


def test_every_community_has_needs_of_last_year_and_of_this_year_before_today(loaded):
    today = timezone.localdate()
    communities = set(Region.objects.filter(level="community").values_list("code", flat=True))
    for year in (today.year - 1, today.year) if today.timetuple().tm_yday > 1 else (today.year - 1,):
        assert set(loaded.filter(created_at__year=year).values_list("community_id", flat=True)) == communities
    assert not loaded.filter(created_at__date__gte=today).exists()
    assert not loaded.filter(created_at__date__lt=dt.date(today.year - 1, 1, 1)).exists()


def test_no_person_is_named(loaded):
    assert loaded.filter(proposer_anonymous=True).count() == loaded.count()
    assert not loaded.exclude(proposer_name="").exists()
    assert not loaded.exclude(sensitive_kind="").exists()


def test_each_answered_need_has_one_answer_dated_in_the_past_and_most_are_on_time(loaded):
    kind = ContentType.objects.get_for_model(Need)
    answers = dict(TransitionLog.objects.filter(content_type=kind).values_list("object_id", "at"))
    answered = loaded.exclude(status__in=("submitted", "verified"))
    assert answered.exists()
    assert set(answers) == {str(pk) for pk in answered.values_list("pk", flat=True)}
    on_time = 0
    for need in answered:
        moment = answers[str(need.pk)]
        assert need.created_at <= moment <= timezone.now()
        on_time += timezone.localtime(moment).date() <= need.response_deadline
    assert 0.6 < on_time / answered.count() < 0.95


def test_projects_take_needs_of_their_own_street_only_once(loaded):
    links = list(ProjectNeed.objects.select_related("project", "need"))
    assert links
    assert all(link.need.community_id[:9] == link.project.region_id[:9] for link in links)
    assert len({link.need_id for link in links}) == len(links)
    assert all(link.need.status in ("in_project", "closed", "followed_up") for link in links)


def test_loading_again_changes_nothing_and_the_seed_gives_the_same_rows(loaded, tree):
    first = _summary()
    load_history_demo({"city_admin": make_user("city2", Role.CITY_ADMIN, CITY)})
    assert _summary() == first


def test_the_roll_up_of_last_year_counts_the_history(loaded):
    last = timezone.localdate().year - 1
    rollup(last, trigger=Trigger.DEMO)
    collected = KpiSnapshot.objects.get(year=last, region_id=CITY, code="needs.collected").value
    assert collected == loaded.filter(created_at__year=last).count() > 0
    approved = KpiSnapshot.objects.get(year=last, region_id=CITY, code="projects.approved").value
    assert approved == Project.objects.filter(approved_at__year=last).count() > 0


def test_finished_projects_have_their_final_report_mostly_on_time(loaded):
    from assessment.history import FINISHED
    from projects.delivery.models import Report, ReportKind

    finished = Project.objects.filter(status__in=FINISHED)
    reports = Report.objects.filter(kind=ReportKind.FINAL).select_related("project")
    assert finished.exists() and sorted(r.project_id for r in reports) == sorted(finished.values_list("pk", flat=True))
    on_time = sum(timezone.localtime(r.submitted_at).date() <= r.project.period_end for r in reports)
    assert all(r.submitted_at <= timezone.now() for r in reports)
    assert 0.7 < on_time / len(reports) <= 1
