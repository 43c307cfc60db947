import pytest

from tests.helpers import C111, D1, S11, S21, make_user
from wuse.accounts.roles import Role


@pytest.fixture
def vp(tree):
    return {
        "officer": make_user("v_officer", Role.STREET_OFFICER, S11),
        "officer_other": make_user("v_officer_other", Role.STREET_OFFICER, S21),
        "district": make_user("v_district", Role.DISTRICT_REVIEWER, D1),
        "staff": make_user("v_staff", Role.COMMUNITY_STAFF, C111),
        "member": make_user("v_member", Role.ORG_MEMBER, D1),
        "member2": make_user("v_member2", Role.ORG_MEMBER, D1),
        "r1": make_user("v_r1", Role.EVALUATOR, D1),
        "r2": make_user("v_r2", Role.EVALUATOR, D1),
    }
