import pytest
from django.core.cache import cache

from tests.helpers import CITY, D2, make_user
from tests.notify.support import people
from wuse.accounts.roles import Role


@pytest.fixture
def fresh_cache():
    cache.clear()  # the unread counts are cached per user id, which a new test may reuse
    yield
    cache.clear()


@pytest.fixture
def staff_and_admins(tree, fresh_cache):
    """The community's staff, its street's officer and district's reviewer, the city admin, the system
    administrator and a reviewer of the other district."""
    found = people()
    found["city"] = make_user("city", Role.CITY_ADMIN, CITY)
    found["sys"] = make_user("sys", Role.SYSTEM_ADMIN, CITY)
    found["district2"] = make_user("district2", Role.DISTRICT_REVIEWER, D2)
    return found
