"""The list's workflow table: each transition, who may fire it, from which states, and the refusals."""

import pytest
from django.core.exceptions import PermissionDenied

from projects.cobuild import services
from projects.cobuild.errors import CobuildError
from projects.cobuild.models import CobuildList
from projects.cobuild.workflow import CLOSED, DRAFT, LIST_PROCESS, PUBLISHED
from tests.helpers import C111, D1
from wuse.workflow.models import TransitionLog

from .support import donor, new_list, pledge

pytestmark = pytest.mark.django_db

TABLE = {
    # name: (sources, target)
    "publish": ((DRAFT,), PUBLISHED),
    "close": ((PUBLISHED,), CLOSED),
}


def test_the_table_is_as_declared():
    assert {t.name: (t.sources, t.target) for t in LIST_PROCESS.transitions} == TABLE
    assert LIST_PROCESS.initial == DRAFT
    assert all(t.action == "cobuild.publish" for t in LIST_PROCESS.transitions)


def _at(user, state: str) -> CobuildList:
    cobuild_list = new_list(user, C111)
    pledge(user, cobuild_list, donor(f"企业{CobuildList.objects.count()}", D1))
    CobuildList.objects.filter(pk=cobuild_list.pk).update(status=state)
    return CobuildList.objects.get(pk=cobuild_list.pk)


@pytest.mark.parametrize("name", list(TABLE))
@pytest.mark.parametrize("state", [DRAFT, PUBLISHED, CLOSED])
def test_each_transition_from_each_state(people, name, state):
    cobuild_list = _at(people["staff"], state)
    sources, target = TABLE[name]
    if state in sources:
        done = services.list_transition(user=people["officer"], cobuild_list=cobuild_list, name=name)
        assert done.status == target
        assert TransitionLog.objects.filter(transition=name, to_state=target).count() == 1
    else:
        with pytest.raises(CobuildError):
            services.list_transition(user=people["officer"], cobuild_list=cobuild_list, name=name)
        assert CobuildList.objects.get(pk=cobuild_list.pk).status == state


@pytest.mark.parametrize("who", ["staff_other", "officer_other", "reviewer", "member"])
def test_only_the_community_and_its_street_publish(people, who):
    cobuild_list = _at(people["staff"], DRAFT)
    with pytest.raises(PermissionDenied):
        services.list_transition(user=people[who], cobuild_list=cobuild_list, name="publish")
    assert CobuildList.objects.get(pk=cobuild_list.pk).status == DRAFT


def test_an_empty_list_is_not_published(people):
    cobuild_list = new_list(people["staff"], C111)
    with pytest.raises(CobuildError, match="pledge|认领|承诺"):
        services.list_transition(user=people["staff"], cobuild_list=cobuild_list, name="publish")


def test_an_unknown_transition_is_refused(people):
    with pytest.raises(CobuildError):
        services.list_transition(user=people["staff"], cobuild_list=_at(people["staff"], DRAFT), name="explode")
