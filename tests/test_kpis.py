"""The annual assessment's KPIs (issue 13) of the needs, projects and registry steps, against an independent
recomputation in plain Python on random data (hypothesis), at every level of the synthetic tree (city 4101, its
districts, streets and communities) and for two periods (this year and last year: what lies outside is not counted).

The recomputation reads the raw rows once per example and counts unit by unit from each figure's definition, with
the states written out here — no query and no code shared with the figures. Each example's data is rolled back
(``hypothesis.extra.django.TestCase``). ``assert_every_level`` is shared with ``tests/evaluation/test_kpis.py``.
"""

import datetime as dt
import math
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.db.models import Case, DateTimeField, Value, When
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from needs.categories import ensure_default_categories
from needs.models import Need
from projects.delivery.models import Report
from projects.models import Project, ProjectNeed
from wuse.core.figures import FIGURES, Period, Share, compute, unit_values
from wuse.regions.levels import PREFIX_LENGTH
from wuse.regions.models import Region
from wuse.registry.people.models import Person
from wuse.registry.volunteers.models import Volunteer
from wuse.workflow.models import TransitionLog

from .helpers import C111, C112, S11, build_tree, make_user

CITY_PREFIX = "4101"
WIDTHS = (4, 6, 9, 12)
# Few examples (the CI budget), no example database, and no "explain" phase (slow on a failure).
EXAMPLES = settings(max_examples=15, deadline=None, database=None,
                    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NEEDS_CODES = ("needs.collected", "needs.resolved", "needs.answer_due", "needs.answered_on_time",
               "needs.on_time_share", "needs.converted", "needs.converted_share")
PROJECT_CODES = ("projects.approved", "projects.completed", "projects.accepted", "projects.final_reports_due",
                 "projects.final_reports_on_time", "projects.final_reports_on_time_share")
VOLUNTEER_CODES = ("volunteers.registered", "volunteers.per_community")
NEW_CODES = (*NEEDS_CODES[2:], *PROJECT_CODES[1:], "volunteers.per_community")

# The states, written out (independent of the workflow modules).
NEED_OPEN = ("submitted", "verified")
NEED_ANSWERS = ("listed", "referred", "resolved", "rejected")
PROJECT_STATES = ("draft", "street_review", "district_review", "approved", "returned", "rejected", "publishing",
                  "undertaken", "in_progress", "acceptance", "accepted", "evaluation", "closed", "withdrawn",
                  "suspended", "terminated")
DELIVERED = ("undertaken", "in_progress", "acceptance", "accepted", "evaluation", "closed")


# --- shared: every level, every period ------------------------------------------------------------------------


def periods() -> tuple[Period, Period]:
    year = timezone.localdate().year
    return Period.year(year), Period.year(year - 1)


def unit_prefixes() -> list[str]:
    return [code[:PREFIX_LENGTH[level]] for code, level in Region.objects.values_list("code", "level")]


def plain(value):
    return (value.part, value.whole) if isinstance(value, Share) else value


def assert_every_level(codes, expected) -> int:
    """Each figure of ``codes`` computed for the whole tree at each level width (as the roll-up does: one call per
    width under the city) equals ``expected(prefix, period)[code]`` for every unit and both periods; a ratio with a
    zero whole shows "—". Returns how many non-zero values were compared."""
    prefixes, nonzero = unit_prefixes(), 0
    for period in periods():
        for width in WIDTHS:
            computed = compute(codes, CITY_PREFIX, width, period)
            for prefix in (p for p in prefixes if len(p) == width):
                want = expected(prefix, period)
                for code in codes:
                    figure = FIGURES[code]
                    got = computed[code].get(prefix, figure.zero)
                    assert plain(got) == want[code], (code, prefix, period, plain(got), want[code])
                    if figure.ratio and got.whole == 0:
                        assert figure.display(got) == "—"
                    nonzero += want[code] not in (0, (0, 0))
    return nonzero


def half_up(value: Fraction) -> Decimal:
    """An exact, non-negative fraction rounded half up to one decimal."""
    tenths = math.floor(value * 10)
    if value * 10 - tenths >= Fraction(1, 2):
        tenths += 1
    return Decimal(tenths) / 10


def local(day: dt.date, hour: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def inside(period: Period, moment: dt.datetime | None) -> bool:
    return moment is not None and period.start_at <= moment < period.end_at


def set_times(model, field: str, times: dict[int, dt.datetime]) -> None:
    """Set an ``auto_now_add`` column after the insert, in one statement."""
    if times:
        model.objects.filter(pk__in=times).update(**{field: Case(
            *(When(pk=pk, then=Value(moment)) for pk, moment in times.items()), output_field=DateTimeField())})


# --- data -----------------------------------------------------------------------------------------------------


def _year_start_ages() -> tuple[int, int]:
    today = timezone.localdate()
    return (today - dt.date(today.year, 1, 1)).days, (today - dt.date(today.year - 1, 1, 1)).days


def _near(*ages: int):
    return st.one_of(*(st.integers(age - 2, age + 2) for age in ages))


# Days before today: this year, last year and the year before, and often right at a period's edge (1 January) or
# at today (an answer-by date or an end date that has just passed), where a boundary is easily got wrong.
DAYS = st.one_of(st.integers(0, 560), _near(*_year_start_ages()))
need_spec = st.fixed_dictionaries({
    "community": st.integers(0, 7), "age": DAYS, "hour": st.integers(0, 23),
    # the answer-by date: days after registration, or around today (just passed, today, not yet)
    "deadline": st.none() | st.tuples(st.just("registered"), st.integers(0, 40))
    | st.tuples(st.just("today"), st.integers(-2, 2)),
    "verified": st.booleans(), "merged": st.booleans(),
    # the answer: a few days around the answer-by date, or any day after registration
    "answer": st.none() | st.tuples(st.one_of(st.tuples(st.just("deadline"), st.integers(-2, 2)),
                                              st.tuples(st.just("registered"), st.integers(0, 50))),
                                    st.integers(0, 23), st.sampled_from(NEED_ANSWERS)),
    "link": st.none() | st.tuples(st.integers(0, 7), st.booleans()),
})
project_spec = st.fixed_dictionaries({
    "unit": st.integers(0, 11), "status": st.sampled_from(DELIVERED) | st.sampled_from(PROJECT_STATES),
    "approved": st.none() | DAYS,
    "hour": st.integers(0, 23), "end": st.none() | _near(0) | st.integers(-60, 560) | _near(*_year_start_ages()),
    "report": st.none() | st.tuples(st.sampled_from(("final", "final", "midterm")),
                                    st.integers(-2, 2) | st.integers(-20, 20), st.integers(0, 23)),
})
volunteer_spec = st.tuples(st.integers(0, 11), st.integers(-30, 560), st.booleans())


class KpiWorld(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_default_categories()
        build_tree()
        cls.staff = make_user("kpi_staff")
        cls.communities = list(Region.objects.filter(level="community").order_by("code").values_list("code", flat=True))
        cls.streets = list(Region.objects.filter(level="street").order_by("code").values_list("code", flat=True))
        cls.units = [*cls.communities, *cls.streets]  # 8 communities, then 4 streets (a street's own records)

    def make_projects(self, specs) -> list[Project]:
        today = timezone.localdate()
        projects = Project.objects.bulk_create([Project(
            region_id=self.units[s["unit"]], code=f"P-KPI-{n}", seq=n + 1, year=today.year, title=f"项目{n}",
            status=s["status"], vehicle="direct", focus_area="elderly_children", linkage_mode="sw_orgs",
            created_by=self.staff, approved_at=None if s["approved"] is None else local(
                today - dt.timedelta(days=s["approved"]), s["hour"]),
            period_end=None if s["end"] is None else today - dt.timedelta(days=s["end"])) for n, s in enumerate(specs)])
        times = {}
        for project, s in zip(projects, specs, strict=True):
            if s["report"] and project.period_end:
                kind, offset, hour = s["report"]
                report = Report.objects.create(project=project, kind=kind, text="报告", submitted_by=self.staff)
                times[report.pk] = local(project.period_end + dt.timedelta(days=offset), hour)
        set_times(Report, "submitted_at", times)
        return projects

    def make_needs(self, specs, projects) -> None:
        def deadline(s, today):
            if s["deadline"] is None:
                return None
            base, days = s["deadline"]
            return (today if base == "today" else today - dt.timedelta(days=s["age"])) + dt.timedelta(days=days)

        today = timezone.localdate()
        needs = Need.objects.bulk_create([Need(
            community_id=self.communities[s["community"]], title=f"需求{n}", created_by=self.staff,
            created_at=local(today - dt.timedelta(days=s["age"]), s["hour"]),
            response_deadline=deadline(s, today),
            status=("merged" if s["merged"] else s["answer"][2] if s["answer"] else
                    "verified" if s["verified"] else "submitted")) for n, s in enumerate(specs)])
        logs, times = [], []
        for need, s in zip(needs, specs, strict=True):
            registered = today - dt.timedelta(days=s["age"])
            if s["verified"]:
                logs.append(TransitionLog(content_type_id=self.need_type, object_id=str(need.pk), process="need",
                                          transition="verify", from_state="submitted", to_state="verified"))
                times.append(local(registered, 23))  # on the answer-by date at the latest: not an answer
            if s["merged"] or s["answer"]:
                (base, days), hour, target = s["answer"] or (("registered", 0), 12, "merged")
                day = need.response_deadline if base == "deadline" and need.response_deadline else registered
                logs.append(TransitionLog(content_type_id=self.need_type, object_id=str(need.pk), process="need",
                                          transition=target, from_state="verified" if s["verified"] else "submitted",
                                          to_state="merged" if s["merged"] else target))
                times.append(local(max(day + dt.timedelta(days=days), registered), hour))
        logs = TransitionLog.objects.bulk_create(logs)
        set_times(TransitionLog, "at", {log.pk: moment for log, moment in zip(logs, times, strict=True)})
        links = {}
        for need, s in zip(needs, specs, strict=True):
            if s["link"] and projects:
                project, released = projects[s["link"][0] % len(projects)], s["link"][1]
                links[need.pk] = ProjectNeed(project=project, need=need, released=released, linked_by=self.staff)
        ProjectNeed.objects.bulk_create(links.values())

    @property
    def need_type(self) -> int:
        from django.contrib.contenttypes.models import ContentType

        return ContentType.objects.get_for_model(Need).pk


# --- the independent recomputation ----------------------------------------------------------------------------


def needs_and_projects_expected():
    today = timezone.localdate()
    needs = list(Need.objects.values("pk", "community_id", "created_at", "response_deadline", "status"))
    answers = defaultdict(list)
    for log in TransitionLog.objects.filter(process="need").order_by("at", "pk"):
        if log.from_state in NEED_OPEN and log.to_state not in NEED_OPEN:
            answers[int(log.object_id)].append(timezone.localtime(log.at).date())
    live_links = {link.need_id for link in ProjectNeed.objects.all() if not link.released}
    projects = list(Project.objects.values("pk", "region_id", "status", "approved_at", "period_end"))
    finals = {r.project_id: timezone.localtime(r.submitted_at).date() for r in Report.objects.filter(kind="final")}

    def expected(prefix: str, period: Period) -> dict:
        mine = [n for n in needs if n["community_id"].startswith(prefix) and inside(period, n["created_at"])
                and n["status"] != "merged"]
        due = [n for n in mine if n["response_deadline"] and (n["response_deadline"] < today
                                                              or n["status"] not in NEED_OPEN)]
        on_time = [n for n in due if answers[n["pk"]] and answers[n["pk"]][0] <= n["response_deadline"]]
        converted = [n for n in mine if n["pk"] in live_links]
        approved = [p for p in projects if p["region_id"].startswith(prefix) and inside(period, p["approved_at"])]
        ending = [p for p in projects if p["region_id"].startswith(prefix) and p["status"] in DELIVERED
                  and p["period_end"] and period.start <= p["period_end"] < period.end
                  and (p["period_end"] < today or p["pk"] in finals)]
        reports_on_time = [p for p in ending if p["pk"] in finals and finals[p["pk"]] <= p["period_end"]]
        return {
            "needs.collected": len(mine),
            "needs.resolved": sum(n["status"] in ("resolved", "closed", "followed_up") for n in mine),
            "needs.answer_due": len(due), "needs.answered_on_time": len(on_time),
            "needs.on_time_share": (len(on_time), len(due)),
            "needs.converted": len(converted), "needs.converted_share": (len(converted), len(mine)),
            "projects.approved": len(approved),
            "projects.completed": sum(p["status"] in ("acceptance", "accepted", "evaluation", "closed")
                                      for p in approved),
            "projects.accepted": sum(p["status"] in ("accepted", "evaluation", "closed") for p in approved),
            "projects.final_reports_due": len(ending), "projects.final_reports_on_time": len(reports_on_time),
            "projects.final_reports_on_time_share": (len(reports_on_time), len(ending)),
        }

    return expected


def volunteers_expected():
    volunteers = list(Volunteer.objects.values("region_id", "registered_on", "active"))
    communities = list(Region.objects.filter(level="community").values_list("code", flat=True))

    def expected(prefix: str, period: Period) -> dict:
        count = sum(1 for v in volunteers if v["active"] and v["registered_on"] < period.end
                    and v["region_id"].startswith(prefix))
        under = sum(1 for code in communities if code.startswith(prefix))
        return {"volunteers.registered": count,
                "volunteers.per_community": half_up(Fraction(count, under)) if count and under else 0}

    return expected


def need(**fields) -> dict:
    """A need's spec: registered 30 days ago in C111, to be answered within 5 days, verified, still open."""
    return {"community": 0, "age": 30, "hour": 9, "deadline": ("registered", 5), "verified": True, "merged": False,
            "answer": None, "link": None, **fields}


# --- the tests ------------------------------------------------------------------------------------------------


class NeedsAndProjectsKpis(KpiWorld):
    @EXAMPLES
    @given(needs=st.lists(need_spec, min_size=4, max_size=16), projects=st.lists(project_spec, min_size=3, max_size=12))
    def test_every_level_matches_an_independent_recomputation(self, needs, projects):
        made = self.make_projects(projects)
        self.make_needs(needs, made)
        assert_every_level(NEEDS_CODES + PROJECT_CODES, needs_and_projects_expected())

    def test_a_street_project_counts_at_the_street_and_outside_the_year_not_at_all(self):
        year = timezone.localdate().year
        self.make_projects([
            {"unit": 8, "status": "closed", "approved": 0, "hour": 1, "end": None, "report": None},  # street S11
            {"unit": 0, "status": "acceptance", "approved": 0, "hour": 1, "end": None, "report": None},  # C111
            {"unit": 1, "status": "accepted", "approved": 400, "hour": 1, "end": None, "report": None},  # C112
        ])
        Project.objects.filter(code="P-KPI-2").update(approved_at=local(dt.date(year - 2, 6, 1)))
        codes = ["projects.approved", "projects.completed", "projects.accepted"]
        this_year = Period.year(year)
        street = unit_values(codes, Region.objects.get(code=S11), this_year)
        community = unit_values(codes, Region.objects.get(code=C111), this_year)
        other = unit_values(codes, Region.objects.get(code=C112), this_year)
        assert [street[c] for c in codes] == [2, 2, 1]  # its own project and C111's
        assert [community[c] for c in codes] == [1, 1, 0]  # awaiting acceptance: completed, not accepted
        assert [other[c] for c in codes] == [0, 0, 0]  # approved two years ago

    def test_an_answer_after_the_date_is_late_and_a_ratio_without_a_whole_shows_a_dash(self):
        self.make_needs([
            need(answer=(("deadline", 0), 23, "listed")),  # on its date, late in the evening: on time
            need(verified=False, answer=(("deadline", 1), 0, "resolved")),  # the day after: late
            need(),  # still open past its date: due, not answered
        ], [])
        period = Period(timezone.localdate() - dt.timedelta(days=60), timezone.localdate() + dt.timedelta(days=1))
        row = unit_values(["needs.on_time_share", "needs.converted_share"], Region.objects.get(code=C111), period)
        assert (row["needs.on_time_share"].part, row["needs.on_time_share"].whole) == (1, 3)
        assert row.cells[0].display == "33%"
        empty = unit_values(["needs.on_time_share"], Region.objects.get(code=C112), period)
        assert empty.cells[0].display == "—" and empty.cells[0].number is None

    def test_a_final_report_is_due_once_the_end_date_has_passed(self):
        spec = {"unit": 0, "status": "in_progress", "approved": 100, "hour": 9, "report": None}
        self.make_projects([
            {**spec, "end": 0},  # ends today, no report yet: not judged
            {**spec, "end": 1},  # ended yesterday, no report: due, late
            {**spec, "end": -10, "report": ("final", -3, 20)},  # report in before its end: due and on time
            {**spec, "end": 20, "report": ("final", 1, 0)},  # report the day after the end: late
            {**spec, "end": 5, "report": ("midterm", -1, 9)},  # a mid-term report does not count
            {**spec, "end": 3, "status": "terminated", "report": ("final", 0, 9)},  # stopped: not counted
        ])
        period = Period(timezone.localdate() - dt.timedelta(days=60), timezone.localdate() + dt.timedelta(days=60))
        row = unit_values(["projects.final_reports_on_time_share"], Region.objects.get(code=C111), period)
        assert (row.cells[0].value.part, row.cells[0].value.whole) == (1, 4)
        assert row.cells[0].detail == "1/4"

    def test_a_level_costs_one_query_per_plain_figure(self):
        self.make_needs([need(community=n % 8, age=n, answer=(("registered", 1), 8, "listed")) for n in range(12)], [])
        codes = list(NEEDS_CODES + PROJECT_CODES)
        compute(codes, CITY_PREFIX, 12, periods()[0])  # the content type is cached once
        plain_figures = sum(1 for code in codes if not FIGURES[code].ratio)
        with self.assertNumQueries(plain_figures):
            compute(codes, CITY_PREFIX, 12, periods()[0])

    def test_every_new_figure_is_declared_with_its_definition_and_direction(self):
        for code in NEW_CODES:
            figure = FIGURES[code]
            assert str(figure.name) and len(str(figure.definition)) > 20 and str(figure.unit), code
            assert figure.higher_is_better, code
            assert figure.action, code
        assert FIGURES["needs.on_time_share"].ratio == ("needs.answered_on_time", "needs.answer_due")
        assert FIGURES["needs.converted_share"].ratio == ("needs.converted", "needs.collected")


class VolunteerKpis(KpiWorld):
    @EXAMPLES
    @given(volunteers=st.lists(volunteer_spec, max_size=14))
    def test_volunteers_per_community_at_every_level(self, volunteers):
        today = timezone.localdate()
        for n, (unit, age, active) in enumerate(volunteers):
            person = Person.objects.create(name=f"志愿者{n}", region_id=self.communities[unit % 8])
            Volunteer.objects.create(person=person, region_id=self.units[unit], number=f"V-KPI-{n}", active=active,
                                     registered_on=today - dt.timedelta(days=age), created_by=self.staff)
        assert_every_level(VOLUNTEER_CODES, volunteers_expected())

    def test_a_street_of_two_communities_divides_its_volunteers_by_two(self):
        today = timezone.localdate()
        for n, unit in enumerate((C111, C111, C112, S11, S11)):
            person = Person.objects.create(name=f"志愿者{n}", region_id=C111)
            Volunteer.objects.create(person=person, region_id=unit, number=f"V-S-{n}", registered_on=today,
                                     created_by=self.staff)
        row = unit_values(VOLUNTEER_CODES, Region.objects.get(code=S11), periods()[0])
        assert (row["volunteers.registered"], row["volunteers.per_community"]) == (5, Decimal("2.5"))
        assert unit_values(VOLUNTEER_CODES, Region.objects.get(code=C111), periods()[0])[
            "volunteers.per_community"] == Decimal("2.0")
