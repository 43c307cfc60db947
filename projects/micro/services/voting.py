"""The residents' vote: one vote per person and round, the person being a mobile number verified by a one-time code.

Only a keyed blind index of the number (``wuse.privacy.crypto.blind_index``, HMAC-SHA256 under ``PII_INDEX_KEY``)
is stored, never the number; the code is stored only as a keyed hash and is spent after a vote or a few wrong tries.
The unique constraint (round, voter index) makes a second vote impossible, even two at the same moment.
"""

import datetime as dt
import secrets

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.privacy.crypto import PHONE, blind_index
from wuse.privacy.phone import MOBILE, normalize_phone

from .. import sms
from ..errors import MicroError
from ..models import Proposal, Round, Vote, VoteCode
from ..workflow import SHORTLISTED, VOTING

CODE_MINUTES = 10
CODES_PER_HOUR = 3  # per phone and round
MAX_ATTEMPTS = 5  # wrong codes before a code is spent


def voter_index(phone) -> str:
    digits = normalize_phone(str(phone or "")[:40])
    if not MOBILE.fullmatch(digits):
        raise MicroError(_("Enter an 11-digit mobile number."))
    return blind_index(digits, purpose=PHONE)


def _code_hash(round_id: int, index: str, code: str) -> str:
    return salted_hmac("wuse.micro.vote_code", f"{round_id}:{index}:{code}").hexdigest()


def voting_open(round_: Round, now=None) -> bool:
    now = now or timezone.now()
    return round_.status == VOTING and (round_.vote_closes is None or now < round_.vote_closes)


def _check_open(round_: Round) -> None:
    if not voting_open(round_):
        raise MicroError(_("Voting is not open for this round."))


def request_code(*, round_: Round, phone: str, send=None) -> None:
    """Send a one-time code to ``phone`` (through ``send(phone, code, title)``, the SMS edge by default); only the
    blind index and the code's hash are stored."""
    _check_open(round_)
    index = voter_index(phone)
    digits = normalize_phone(phone)
    now = timezone.now()
    if Vote.objects.filter(round=round_, voter_index=index).exists():
        raise MicroError(_("This phone number has already voted in this round."))
    recent = VoteCode.objects.filter(round=round_, voter_index=index, created_at__gt=now - dt.timedelta(hours=1))
    if recent.count() >= CODES_PER_HOUR:
        raise MicroError(_("Several codes were already sent to this number in the last hour. Please use the last "
                           "one or try again later."))
    code = f"{secrets.randbelow(10**6):06d}"
    VoteCode.objects.create(round=round_, voter_index=index, code_hash=_code_hash(round_.pk, index, code),
                            expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    (send or sms.send_code)(digits, code, round_.title)


def _round_shared(pk: int) -> Round:
    """The round, read under a shared row lock on PostgreSQL: votes do not wait for one another, but closing the vote
    (which locks the row for update) waits for the votes in flight, and a vote arriving after it sees it closed."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM micro_round WHERE id = %s FOR SHARE", [pk])
    return Round.objects.get(pk=pk)


def _proposal(round_: Round, proposal_id) -> Proposal:
    try:
        return Proposal.objects.get(pk=int(str(proposal_id)[:12]), round=round_, status=SHORTLISTED)
    except (Proposal.DoesNotExist, ValueError, TypeError):
        raise MicroError(_("You can only vote for a shortlisted proposal of this round.")) from None


def vote_cast(*, round_: Round, proposal_id, phone: str, code) -> Vote:
    """One vote per verified phone and round; the proposal's tally is an atomic increment."""
    index = voter_index(phone)
    code = str(code or "").strip()[:12]
    if len(code) != 6 or not code.isdigit():
        raise MicroError(_("Enter the 6-digit code sent to your phone."))
    wrong = False
    with transaction.atomic():
        round_ = _round_shared(round_.pk)
        _check_open(round_)
        proposal = _proposal(round_, proposal_id)
        now = timezone.now()
        live = VoteCode.objects.filter(round=round_, voter_index=index, used=False, expires_at__gt=now,
                                       attempts__lt=MAX_ATTEMPTS)
        ticket = next((t for t in live.select_for_update().order_by("-id")
                       if constant_time_compare(t.code_hash, _code_hash(round_.pk, index, code))), None)
        if ticket is None:
            if Vote.objects.filter(round=round_, voter_index=index).exists():
                raise MicroError(_("This phone number has already voted in this round."))
            live.update(attempts=F("attempts") + 1)
            wrong = True
        else:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(round=round_, proposal=proposal, voter_index=index)
            except IntegrityError:
                raise MicroError(_("This phone number has already voted in this round.")) from None
            VoteCode.objects.filter(round=round_, voter_index=index, used=False).update(used=True)
            Proposal.objects.filter(pk=proposal.pk).update(votes=F("votes") + 1)
            audit_record(action="micro.vote", target=round_)
    if wrong:
        raise MicroError(_("The code is wrong or has expired: check it, or request a new one."))
    return vote
