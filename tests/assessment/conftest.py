import pytest
from django.utils import translation

from tests.helpers import C111, CITY, D1, S11, make_user
from wuse.accounts.roles import Role
from wuse.core.figures import FIGURES, register_figure


@pytest.fixture(autouse=True)
def in_english(settings):
    """Refusals and pages matched by their English wording — in this thread, in the threads a test starts and in
    the requests of the test client (the site's language, not only this thread's)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def people(tree):
    return {
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "member": make_user("member", Role.ORG_MEMBER, D1),
    }


@pytest.fixture
def extra_figures():
    """Figures a step might declare later, registered through the registry (removed afterwards)."""
    added = []

    def add(figure):
        added.append(register_figure(figure).code)
        return figure

    yield add
    for code in added:
        FIGURES.pop(code, None)
