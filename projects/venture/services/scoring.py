"""A reviewer scores one application on every criterion of its round.

Only the round's panel scores, only while the round is in review, only applications that passed the formal
check, never an application of an organization the reviewer is a member of (conflict of interest), each score
from 0 to 100. A reviewer's scores on an application are written together (the application's row locked, so two
reviewers submitting at once both keep theirs) and may be corrected until the panel closes.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.registry.organizations.models import OrganizationMember

from ..errors import VentureError
from ..models import Application, Score
from ..workflow import PASSED, REVIEW


def _value(raw) -> Decimal:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise VentureError(_("Each score must be a number from 0 to 100.")) from None
    if not value.is_finite() or not Decimal("0") <= value <= Decimal("100"):
        raise VentureError(_("Each score must be a number from 0 to 100."))
    return value.quantize(Decimal("0.01"))


def score_submit(*, user, application: Application, scores: dict) -> list[Score]:
    """``scores``: criterion id → score (every criterion of the round)."""
    with transaction.atomic():
        locked = Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=application.pk)
        venture_round = locked.round
        if not venture_round.reviewers.filter(pk=user.pk).exists():
            raise VentureError(_("Only the round's review panel scores its applications."))
        if OrganizationMember.objects.filter(user=user, organization_id=locked.organization_id).exists():
            raise VentureError(_("Conflict of interest: you are a member of the applying organization and may "
                                 "not score its application."))
        if venture_round.status != REVIEW:
            raise VentureError(_("Scores are given only while the round is in review."))
        if locked.status != PASSED:
            raise VentureError(_("Only applications that passed the formal check are scored."))
        criteria = dict(venture_round.criteria.values_list("id", "name"))
        try:
            given = {int(key): value for key, value in scores.items()}
        except (ValueError, TypeError):
            raise VentureError(_("Unknown criterion.")) from None
        if set(given) != set(criteria):
            raise VentureError(_("Score every criterion of the round, and only those."))
        values = {cid: _value(raw) for cid, raw in given.items()}
        saved = []
        for criterion_id, value in values.items():
            score, _created = Score.objects.update_or_create(
                application=locked, reviewer=user, criterion_id=criterion_id, defaults={"value": value})
            saved.append(score)
        audit_record(action="venture_application.score", target=locked, user=user,
                     changed_fields=["scores"], detail={"criteria": len(saved)})
    return saved
