import pytest

from tests.helpers import C111, C211, D1, D2, S11, S21, make_user
from wuse.accounts.roles import Role


@pytest.fixture
def people(tree):
    return {
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "staff_other": make_user("staff_other", Role.COMMUNITY_STAFF, C211),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "officer_other": make_user("officer_other", Role.STREET_OFFICER, S21),
        "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
        "reviewer_other": make_user("reviewer_other", Role.DISTRICT_REVIEWER, D2),
        "member": make_user("member", Role.ORG_MEMBER, D1),
        "outsider_member": make_user("outsider_member", Role.ORG_MEMBER, D1),
    }
