"""Step 4's permission matrix, generated from the policy table: every principal of ``tests/test_access_matrix.py``
× every ``evaluation.*`` and ``evaluation_template.*`` action × an evaluation (or a template) in every placement of
the synthetic city, asked through ``can`` and ``scoped``. On top of the table, the three reaches of
``evaluation/access.py``: the undertaker's members see and self-assess their project's evaluations only; a
third-party evaluator holds the evaluation they are assigned to (a django-guardian grant) and nothing else, and
loses it when unassigned; a government user sees the templates of the units above theirs."""

from collections import Counter

import pytest

from evaluation import services
from evaluation.access import UNDERTAKER_ACTIONS
from evaluation.models import Evaluation, TemplateFamily
from tests.helpers import C111, C112, C121, C211, CITY, D1, D2, S11, make_user
from tests.projects.support import listed_need, new_project, organization, ready_project
from tests.test_access_matrix import PRINCIPALS, expected, placement
from wuse.access import api as access
from wuse.access.policy import GOVERNMENT, POLICY
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import default_version

pytestmark = pytest.mark.django_db

UNITS = (C111, C112, C121, C211, S11)
TEMPLATE_UNITS = (CITY, D1, D2)
EVALUATOR_ACTIONS = {"evaluation.view", "evaluation.score"}


def actions(prefix: str) -> list[str]:
    return sorted(a for a in POLICY if a.startswith(prefix))


@pytest.fixture
def world(tree):
    principals = [(make_user(name, role, unit), role, unit) for name, role, unit in PRINCIPALS]
    member = next(u for u, role, _unit in principals if role == Role.ORG_MEMBER)
    evaluator = next(u for u, role, _unit in principals if role == Role.EVALUATOR)
    city = make_user("template_city", Role.CITY_ADMIN, CITY)
    reviewer = make_user("assigning_reviewer", Role.DISTRICT_REVIEWER, D1)
    templates = {CITY: default_version(city, Region.objects.get(code=CITY))}
    for code in (D1, D2):
        templates[code] = default_version(make_user(f"reviewer{code}", Role.DISTRICT_REVIEWER, code),
                                          Region.objects.get(code=code))
    undertaker = organization("乐龄社工", D1, member=member)
    evaluations = {}
    for code in UNITS:
        if code == S11:  # a street's project links a need of one of its communities
            staff = make_user("staff_for_street", Role.COMMUNITY_STAFF, C111)
            project = new_project(make_user("owner_street", Role.STREET_OFFICER, S11), S11,
                                  needs=[listed_need(staff, C111, "街道需求")])
        else:
            project = ready_project(make_user(f"owner{code}", Role.COMMUNITY_STAFF, code), code, title=f"需求{code}")
        evaluations[code] = Evaluation.objects.create(project=project, region_id=project.region_id, stage="final",
                                                      template=templates[CITY], created_by=city)
    undertaken = evaluations[C121].project
    undertaken.undertaker = undertaker
    undertaken.save(update_fields=["undertaker"])
    # The third-party evaluator is assigned C112's evaluation (the district's service grants the object permission).
    assignment = services.assignment_add(user=reviewer, evaluation=evaluations[C112], kind="third_party",
                                         assignee=evaluator)
    return {"principals": principals, "evaluations": evaluations, "templates": templates, "member": member,
            "evaluator": evaluator, "reviewer": reviewer, "assignment": assignment}


def _want(action, role, unit, code, user, world) -> bool:
    by_table = expected(action, role, placement(unit, Region.objects.get(code=unit).prefix, code))
    undertaker = user == world["member"] and action in UNDERTAKER_ACTIONS and code == C121
    evaluator = user == world["evaluator"] and action in EVALUATOR_ACTIONS and code == C112
    return by_table or undertaker or evaluator


def test_the_evaluation_matrix_has_no_leaks_and_no_false_denials(world):
    leaks, denials, seen = [], [], Counter()
    for user, role, unit in world["principals"]:
        access.forget(user)
        for action in actions("evaluation."):
            visible = set(access.scoped(user, action, Evaluation.objects.all()).values_list("pk", flat=True))
            for code, evaluation in world["evaluations"].items():
                evaluation = Evaluation.objects.get(pk=evaluation.pk)
                want = _want(action, role, unit, code, user, world)
                seen[placement(unit, Region.objects.get(code=unit).prefix, code)] += 1
                for layer, got in (("can", access.can(user, action, evaluation)), ("scoped", evaluation.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, layer))
    assert leaks == [], leaks[:10]
    assert denials == [], denials[:10]
    assert set(seen) == {"own", "child", "parent", "sibling", "other_district"}
    assert sum(seen.values()) == len(PRINCIPALS) * len(actions("evaluation.")) * len(UNITS)


def _template_want(action, role, unit, code) -> bool:
    place = placement(unit, Region.objects.get(code=unit).prefix, code)
    above = action == "evaluation_template.view" and role in GOVERNMENT and place == "parent"
    return expected(action, role, place) or above


def test_the_template_matrix_follows_the_table_and_the_units_above(world):
    leaks, denials = [], []
    for user, role, unit in world["principals"]:
        for action in actions("evaluation_template."):
            visible = set(access.scoped(user, action, TemplateFamily.objects.all()).values_list("pk", flat=True))
            for code, version in world["templates"].items():
                family = TemplateFamily.objects.get(pk=version.family_id)
                want = _template_want(action, role, unit, code)
                for layer, got in (("can", access.can(user, action, family)), ("scoped", family.pk in visible)):
                    if got and not want:
                        leaks.append((role, unit, action, code, layer))
                    elif want and not got:
                        denials.append((role, unit, action, code, layer))
    assert leaks == [], leaks[:10]
    assert denials == [], denials[:10]


def test_an_unassigned_evaluator_loses_the_evaluation_at_once(world):
    evaluator, evaluation = world["evaluator"], world["evaluations"][C112]
    assert access.can(evaluator, "evaluation.score", evaluation)
    services.assignment_remove(user=world["reviewer"], assignment=world["assignment"])
    access.forget(evaluator)
    evaluator = type(evaluator).objects.get(pk=evaluator.pk)
    assert not access.can(evaluator, "evaluation.view", Evaluation.objects.get(pk=evaluation.pk))
    assert not access.scoped(evaluator, "evaluation.view", Evaluation.objects.all()).exists()


def test_detail_pages_answer_404_exactly_where_the_evaluation_is_out_of_sight(world, client):
    failures = []
    for user, role, unit in world["principals"]:
        client.force_login(user)
        for code, evaluation in world["evaluations"].items():
            want = _want("evaluation.view", role, unit, code, user, world)
            status = client.get(f"/evaluations/{evaluation.pk}/").status_code
            if status != (200 if want else 404):
                failures.append((role, unit, code, status))
    assert failures == []
