"""The vote on PostgreSQL under load: fifty voters at the same second (no vote lost, the tally equals the rows) and
the same voter twice at once (exactly one vote, with the same code or with two codes)."""

import pytest

from projects.micro import services
from projects.micro.errors import MicroError
from projects.micro.models import Proposal, Vote
from tests.concurrency import race, winners
from tests.helpers import C111, require_postgres

from .support import SENT, caps, send, voting_round

pytestmark = pytest.mark.django_db(transaction=True)


def _cast(round_, proposal, phone, code):
    return lambda: services.vote_cast(round_=round_, proposal_id=proposal.pk, phone=phone, code=code)


def test_fifty_voters_at_the_same_second(people):
    require_postgres()
    caps(people["reviewer"])
    r, (a, b) = voting_round(people["staff"], C111)
    phones = [f"1380000{n:04d}" for n in range(50)]
    for phone in phones:
        services.request_code(round_=r, phone=phone, send=send)
    outcomes = race(*(_cast(r, a if n % 3 else b, phone, SENT[phone]) for n, phone in enumerate(phones)),
                    refused=(MicroError,), timeout=60)
    assert winners(outcomes) == 50, [str(o) for o in outcomes if not o.ok]
    assert Vote.objects.filter(round=r).count() == 50
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.votes == Vote.objects.filter(proposal=a).count() == 33
    assert b.votes == Vote.objects.filter(proposal=b).count() == 17


def test_the_same_voter_twice_at_once_with_the_same_code(people):
    require_postgres()
    caps(people["reviewer"])
    r, (a, b) = voting_round(people["staff"], C111)
    for attempt in range(3):
        phone = f"1390000000{attempt}"
        services.request_code(round_=r, phone=phone, send=send)
        outcomes = race(_cast(r, a, phone, SENT[phone]), _cast(r, b, phone, SENT[phone]), refused=(MicroError,))
        assert winners(outcomes) == 1, [str(o) for o in outcomes]
        assert "already voted" in str(next(o for o in outcomes if not o.ok)) or "已" in str(
            next(o for o in outcomes if not o.ok))
    assert Vote.objects.filter(round=r).count() == 3
    assert sum(Proposal.objects.filter(round=r).values_list("votes", flat=True)) == 3


def test_the_same_voter_twice_at_once_with_two_codes(people):
    require_postgres()
    caps(people["reviewer"])
    r, (a, b) = voting_round(people["staff"], C111)
    phone = "13700000000"
    services.request_code(round_=r, phone=phone, send=send)
    first = SENT[phone]
    services.request_code(round_=r, phone=phone, send=send)
    second = SENT[phone]
    outcomes = race(_cast(r, a, phone, first), _cast(r, b, phone, second), refused=(MicroError,))
    assert winners(outcomes) == 1, [str(o) for o in outcomes]
    assert Vote.objects.filter(round=r).count() == 1
    assert sum(Proposal.objects.filter(round=r).values_list("votes", flat=True)) == 1


def test_a_vote_and_the_close_at_once(people):
    """Closing waits for the votes in flight; a vote after the close is refused: never a vote after the end."""
    require_postgres()
    caps(people["reviewer"])
    r, (a, _b) = voting_round(people["staff"], C111)
    phones = [f"1360000{n:04d}" for n in range(10)]
    for phone in phones:
        services.request_code(round_=r, phone=phone, send=send)
    close = lambda: services.round_transition(user=people["staff"], round_=r, name="close_vote")  # noqa: E731
    outcomes = race(close, *(_cast(r, a, phone, SENT[phone]) for phone in phones), refused=(MicroError,))
    assert outcomes[0].ok
    r.refresh_from_db()
    counted = Vote.objects.filter(round=r)
    assert counted.count() == winners(outcomes) - 1
    assert all(v.at <= r.vote_closes for v in counted)
    a.refresh_from_db()
    assert a.votes == counted.count()
