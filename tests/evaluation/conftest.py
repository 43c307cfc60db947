import pytest
from django.utils import translation

from tests.helpers import C111, CITY, D1, D2, S11, S21, make_user
from tests.projects.support import checklist_done, fire, organization, ready_project
from wuse.accounts.roles import Role
from wuse.regions.models import Region

from .support import default_version


@pytest.fixture(autouse=True)
def in_english():
    """Refusals matched by their English wording (``test_messages`` checks the Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def people(tree):
    return {
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "officer_other": make_user("officer_other", Role.STREET_OFFICER, S21),
        "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
        "reviewer_other": make_user("reviewer_other", Role.DISTRICT_REVIEWER, D2),
        "member": make_user("member", Role.ORG_MEMBER, D1),
        "evaluator": make_user("evaluator", Role.EVALUATOR, CITY),
        "evaluator_member": make_user("evaluator_member", Role.EVALUATOR, CITY),
        "evaluator_other": make_user("evaluator_other", Role.EVALUATOR, CITY),
    }


@pytest.fixture
def template(people):
    return default_version(people["city"], Region.objects.get(code=CITY))


@pytest.fixture
def project(people, template):
    """A project of C111 awaiting evaluation (待评估), undertaken by an organization of ``member`` and
    ``evaluator_member``."""
    from projects import services

    staff, officer = people["staff"], people["officer"]
    undertaker = organization("乐龄社工", D1, member=people["member"], credit_suffix=1)
    undertaker.members.create(user=people["evaluator_member"])
    project = ready_project(staff, C111)
    project = fire(officer, fire(staff, project, "submit"), "approve_street")
    project = fire(staff, project, "publish")
    project = services.project_undertake(user=staff, project=project, organization=undertaker)
    project = fire(staff, project, "start", "submit_acceptance")
    checklist_done(project, staff)
    return fire(staff, project, "accept", "await_evaluation")


@pytest.fixture
def closed(people, project):
    """A closed final evaluation of ``project`` with findings (the rectification tests'; a module may define its
    own)."""
    from .rectification_support import closed_evaluation

    return closed_evaluation(people, project)


@pytest.fixture
def rectification(people, closed):
    from .rectification_support import rectify

    return rectify(people, closed)
