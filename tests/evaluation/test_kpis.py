"""The evaluation step's KPIs (issue 13: evaluations closed, the average final score, the grade distribution, resident
satisfaction, rectifications closed and overdue) against an independent recomputation in plain Python on random
data (hypothesis), at every level of the synthetic tree and for this year and last year — the approach and the
level check of ``tests/test_kpis.py``, whose ``assert_every_level`` this file reuses.

The recomputation works in exact fractions (``fractions.Fraction``) and rounds half up once, so it shares no
arithmetic with ``evaluation.scoring`` or the satisfaction service.
"""

import datetime as dt
import itertools
from decimal import Decimal
from fractions import Fraction

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from evaluation.models import Evaluation, SatisfactionResponse, SatisfactionSurvey, TemplateFamily, TemplateVersion
from evaluation.rectification.models import Rectification
from projects.models import Project
from wuse.core.figures import FIGURES, Period, compute, unit_values
from wuse.regions.models import Region
from wuse.registry.organizations.models import Organization

from ..helpers import C111, S11
from ..test_kpis import DAYS, EXAMPLES, KpiWorld, assert_every_level, half_up, inside, local

GRADES = ("excellent", "good", "pass", "fail")
CODES = ("evaluations.closed", "evaluations.average_score", *(f"evaluations.grade.{g}" for g in GRADES),
         "evaluations.satisfaction", "rectifications.verified", "rectifications.overdue")
SEQ = itertools.count(1)  # projects numbered apart within a unit and year
SCORE = st.integers(0, 1000).map(lambda tenths: Fraction(tenths, 10))

evaluation_spec = st.fixed_dictionaries({
    "unit": st.integers(0, 11), "stage": st.sampled_from(("final", "final", "midterm")), "score": SCORE,
    "closed": st.none() | st.tuples(DAYS, st.integers(0, 23)),
    "open_status": st.sampled_from(("assigned", "in_progress", "submitted")),
})
survey_spec = st.fixed_dictionaries({
    "unit": st.integers(0, 11), "age": DAYS, "minimum": st.integers(1, 4),
    "answers": st.lists(st.tuples(*(st.integers(1, 5) for _n in range(3))), max_size=5),
})
rectification_spec = st.fixed_dictionaries({
    "unit": st.integers(0, 11), "status": st.sampled_from(("open", "submitted", "verified", "returned", "cancelled")),
    "deadline": DAYS | st.integers(-30, 0), "verified": DAYS,
})


def grade_of(score: Fraction) -> str:
    return "excellent" if score >= 90 else "good" if score >= 80 else "pass" if score >= 60 else "fail"


class EvaluationKpis(KpiWorld):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        family = TemplateFamily.objects.create(region_id="410100000000", year=2026, name="默认", created_by=cls.staff)
        cls.version = TemplateVersion.objects.create(family=family, number=1, created_by=cls.staff)
        cls.owner = Organization.objects.create(name="整改责任方", kind="sw_agency", region_id=C111,
                                                filing_number="备字9001")
        # The evaluation the rectifications come from: not closed, so it counts in none of the figures.
        cls.host = Evaluation.objects.create(project=cls.project_at(C111, "host"), region_id=C111, stage="midterm",
                                             template=cls.version, created_by=cls.staff)

    @classmethod
    def project_at(cls, unit: str, key: str) -> Project:
        return Project.objects.create(region_id=unit, code=f"P-EVAL-{key}", seq=next(SEQ), year=2026, title="项目",
                                      vehicle="direct", focus_area="elderly_children", linkage_mode="sw_orgs",
                                      created_by=cls.staff, status="evaluation")

    def make_world(self, evaluations, surveys, rectifications) -> None:
        today = timezone.localdate()
        for n, s in enumerate(evaluations):
            unit = self.units[s["unit"]]
            closed = None if s["closed"] is None else local(today - dt.timedelta(days=s["closed"][0]), s["closed"][1])
            Evaluation.objects.create(
                project=self.project_at(unit, f"e{n}"), region_id=unit, stage=s["stage"], template=self.version,
                status="closed" if closed else s["open_status"], created_by=self.staff, closed_at=closed,
                final_score=Decimal(s["score"].numerator) / s["score"].denominator if closed else None,
                grade=grade_of(s["score"]) if closed else "")
        for n, s in enumerate(surveys):
            unit = self.units[s["unit"]]
            survey = SatisfactionSurvey.objects.create(
                project=self.project_at(unit, f"s{n}"), region_id=unit, min_responses=s["minimum"],
                created_by=self.staff, created_at=local(today - dt.timedelta(days=s["age"]), 10))
            SatisfactionResponse.objects.bulk_create([SatisfactionResponse(
                survey=survey, content=a, attitude=b, results=c, improved=3, solved=None, took_part=4, consulted=2,
                device=f"device-{i}") for i, (a, b, c) in enumerate(s["answers"])])
        for s in rectifications:
            Rectification.objects.create(
                evaluation=self.host, project_id=self.host.project_id, region_id=self.units[s["unit"]],
                finding="发现", action="整改", owner_organization=self.owner, status=s["status"],
                deadline=today - dt.timedelta(days=s["deadline"]), created_by=self.staff,
                submitted_at=timezone.now() if s["status"] == "submitted" else None,
                cancel_reason="撤销" if s["status"] == "cancelled" else "",
                verified_at=local(today - dt.timedelta(days=s["verified"]), 15) if s["status"] == "verified" else None)

    @EXAMPLES
    @given(evaluations=st.lists(evaluation_spec, min_size=3, max_size=12),
           surveys=st.lists(survey_spec, max_size=5), rectifications=st.lists(rectification_spec, max_size=8))
    def test_every_level_matches_an_independent_recomputation(self, evaluations, surveys, rectifications):
        self.make_world(evaluations, surveys, rectifications)
        assert_every_level(CODES, expected())

    def test_the_average_rounds_half_up_and_only_final_evaluations_count(self):
        self.make_world([
            {"unit": 0, "stage": "final", "score": Fraction(801, 10), "closed": (3, 9), "open_status": "assigned"},
            {"unit": 1, "stage": "final", "score": Fraction(800, 10), "closed": (3, 9), "open_status": "assigned"},
            {"unit": 8, "stage": "final", "score": Fraction(950, 10), "closed": (900, 9), "open_status": "assigned"},
            {"unit": 8, "stage": "midterm", "score": Fraction(100, 10), "closed": (3, 9), "open_status": "assigned"},
        ], [], [])
        period = Period(timezone.localdate() - dt.timedelta(days=30), timezone.localdate() + dt.timedelta(days=1))
        street = unit_values(["evaluations.closed", "evaluations.average_score", "evaluations.grade.good",
                              "evaluations.grade.fail"], Region.objects.get(code=S11), period)
        # 80.1 and 80.0 average 80.05: shown 80.1; the street's own mid-term counts as closed but not in the average
        assert [street[c] for c in ("evaluations.closed", "evaluations.average_score", "evaluations.grade.good",
                                    "evaluations.grade.fail")] == [3, Decimal("80.1"), 2, 0]
        assert street.cells[1].display == "80.1"

    def test_a_survey_below_its_minimum_does_not_count(self):
        self.make_world([], [
            {"unit": 0, "age": 5, "minimum": 3, "answers": [(5, 5, 5), (5, 5, 4), (4, 4, 4)]},  # mean 41/9 → 88.9
            {"unit": 0, "age": 5, "minimum": 4, "answers": [(1, 1, 1)]},  # 1 of 4 responses: not yet
            {"unit": 1, "age": 5, "minimum": 1, "answers": [(3, 3, 3)]},  # 50.0
        ], [])
        row = unit_values(["evaluations.satisfaction"], Region.objects.get(code=S11), Period.year(
            (timezone.localdate() - dt.timedelta(days=5)).year))
        assert str(row["evaluations.satisfaction"]) == "69.5"  # (88.9 + 50.0) / 2 = 69.45, half up

    def test_overdue_rectifications_are_worse_when_higher_and_cost_one_query(self):
        assert FIGURES["rectifications.overdue"].higher_is_better is False
        assert FIGURES["evaluations.grade.fail"].higher_is_better is False
        assert FIGURES["evaluations.grade.excellent"].higher_is_better is True
        self.make_world([], [], [{"unit": n % 12, "status": "open", "deadline": n, "verified": 0} for n in range(9)])
        with self.assertNumQueries(1):
            by_unit = compute(["rectifications.overdue"], "4101", 6, Period.year(timezone.localdate().year))
        assert sum(by_unit["rectifications.overdue"].values()) == sum(
            1 for n in range(1, 9) if (timezone.localdate() - dt.timedelta(days=n)).year == timezone.localdate().year)


def expected():
    """Each figure from the raw rows, by its definition, for ``(prefix, period)``."""
    today = timezone.localdate()
    evaluations = list(Evaluation.objects.values("region_id", "stage", "status", "closed_at", "final_score", "grade"))
    answers = {}
    for response in SatisfactionResponse.objects.all():
        answers.setdefault(response.survey_id, []).append((response.content, response.attitude, response.results))
    surveys = list(SatisfactionSurvey.objects.values("pk", "region_id", "created_at", "min_responses"))
    rectifications = list(Rectification.objects.values("region_id", "status", "deadline", "verified_at"))

    def score(pk: int) -> Fraction:
        given = answers[pk]
        mean = Fraction(sum(sum(row) for row in given), 3 * len(given))
        return half_up((mean - 1) / 4 * 100)

    def mean(values) -> Fraction | None:
        return half_up(Fraction(sum(values), len(values))) if values else None  # nothing to average: "—"

    def at(prefix: str, period: Period) -> dict:
        closed = [e for e in evaluations if e["region_id"].startswith(prefix) and e["status"] == "closed"
                  and inside(period, e["closed_at"])]
        final = [e for e in closed if e["stage"] == "final"]
        counted = [score(s["pk"]) for s in surveys if s["region_id"].startswith(prefix)
                   and inside(period, s["created_at"]) and len(answers.get(s["pk"], ())) >= s["min_responses"]]
        mine = [r for r in rectifications if r["region_id"].startswith(prefix)]
        return {
            "evaluations.closed": len(closed),
            "evaluations.average_score": mean([Fraction(e["final_score"]) for e in final]),
            **{f"evaluations.grade.{g}": sum(e["grade"] == g for e in final) for g in GRADES},
            "evaluations.satisfaction": mean([Fraction(s) for s in counted]),
            "rectifications.verified": sum(r["status"] == "verified" and inside(period, r["verified_at"])
                                           for r in mine),
            "rectifications.overdue": sum(r["status"] in ("open", "submitted", "returned")
                                          and period.start <= r["deadline"] < period.end and r["deadline"] < today
                                          for r in mine),
        }

    return at
