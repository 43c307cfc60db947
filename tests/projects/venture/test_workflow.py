"""The round's and the application's workflow tables: each transition's sources, target, action and who may
fire it; a transition from any other state is refused and changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from projects.venture import services
from projects.venture.errors import VentureError
from projects.venture.models import Application, Round
from projects.venture.workflow import APPLICATION_PROCESS, ROUND_PROCESS

from .support import apply, make_round, org

ROUND_TABLE = {
    "open": (("draft",), "open"), "start_review": (("open",), "review"), "close_panel": (("review",), "ranked"),
    "publish": (("ranked",), "publicity"), "confirm": (("publicity",), "awarded"), "close": (("awarded",), "closed"),
}
APPLICATION_TABLE = {
    "pass_check": (("submitted",), "passed"), "fail_check": (("submitted",), "failed"),
    "award": (("passed",), "awarded"), "not_award": (("passed",), "not_awarded"), "sign": (("awarded",), "agreed"),
}


def test_tables_as_declared():
    assert {t.name: (t.sources, t.target) for t in ROUND_PROCESS.transitions} == ROUND_TABLE
    assert {t.name: (t.sources, t.target) for t in APPLICATION_PROCESS.transitions} == APPLICATION_TABLE
    assert {t.action for t in (*ROUND_PROCESS.transitions, *APPLICATION_PROCESS.transitions)} == {
        "venture_round.manage"}
    assert not APPLICATION_PROCESS.transition("award").manual
    assert APPLICATION_PROCESS.transition("fail_check").reason_required


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["open", "start_review", "publish", "confirm", "close"])
def test_round_transitions_from_every_wrong_state_refused(vp, name):
    venture_round = make_round(vp["officer"], [], status="draft")
    sources, _target = ROUND_TABLE[name]
    for state, _label in ROUND_PROCESS.choices:
        if state in sources:
            continue
        Round.objects.filter(pk=venture_round.pk).update(status=state)
        with pytest.raises(VentureError):
            services.round_transition(user=vp["officer"], venture_round=Round.objects.get(pk=venture_round.pk),
                                      name=name)
        assert Round.objects.get(pk=venture_round.pk).status == state


@pytest.mark.django_db
def test_who_may_fire(vp):
    venture_round = make_round(vp["officer"], [], status="draft")
    for user in (vp["officer_other"], vp["staff"], vp["member"], vp["r1"]):
        with pytest.raises(PermissionDenied):
            services.round_transition(user=user, venture_round=venture_round, name="open")
    assert services.round_transition(user=vp["district"], venture_round=venture_round, name="open").status == "open"
    with pytest.raises(VentureError):  # a manual-only page cannot fire the ranking's own transitions
        services.round_transition(user=vp["officer"], venture_round=venture_round, name="close_panel")


@pytest.mark.django_db
def test_application_sign_only_when_awarded(vp):
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [])
    app = apply(vp["member"], venture_round, a)
    with pytest.raises(VentureError):
        services.application_sign(user=vp["officer"], application=app)
    assert Application.objects.get(pk=app.pk).status == "submitted" and not app.tranches.exists()
