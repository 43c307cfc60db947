"""Two reviewers submitting their scores at the same moment on PostgreSQL: neither score is lost."""

import pytest

from projects.venture import services
from projects.venture.errors import VentureError
from projects.venture.models import Application, Score
from tests.concurrency import race, winners
from tests.helpers import require_postgres

from .support import apply, make_round, org, score_all

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_at_once_keep_both_scores(vp):
    require_postgres()
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"], vp["r2"]])
    app = apply(vp["member"], venture_round, a)
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app, passed=True)
    app = Application.objects.get(pk=app.pk)
    outcomes = race(lambda: score_all(vp["r1"], app, 80), lambda: score_all(vp["r2"], app, 70),
                    refused=(VentureError,))
    assert winners(outcomes) == 2
    assert Score.objects.filter(application=app).count() == 2 * app.round.criteria.count()
    assert set(Score.objects.values_list("reviewer_id", flat=True)) == {vp["r1"].pk, vp["r2"].pk}


def test_the_same_reviewer_twice_at_once_keeps_one_set(vp):
    require_postgres()
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    app = apply(vp["member"], venture_round, a)
    services.round_transition(user=vp["officer"], venture_round=venture_round, name="start_review")
    services.application_check(user=vp["officer"], application=app, passed=True)
    app = Application.objects.get(pk=app.pk)
    outcomes = race(lambda: score_all(vp["r1"], app, 80), lambda: score_all(vp["r1"], app, 85),
                    refused=(VentureError,))
    assert winners(outcomes) == 2  # the second corrects the first: one score per criterion
    assert Score.objects.filter(application=app).count() == app.round.criteria.count()
    assert Score.objects.values("value").distinct().count() == 1


def test_the_same_application_twice_at_once_is_saved_once(vp):
    require_postgres()
    a = org("阳光社工", vp["member"], 1)
    venture_round = make_round(vp["officer"], [vp["r1"]])
    outcomes = race(lambda: apply(vp["member"], venture_round, a), lambda: apply(vp["member"], venture_round, a),
                    refused=(VentureError,))
    assert winners(outcomes) == 1
    assert Application.objects.filter(round=venture_round).count() == 1
