"""An organization applies to an open round; the round's officers make the formal check."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.audit.services import audit_record
from wuse.registry.organizations.access import member_organization_ids
from wuse.workflow.services import transition_apply

from ..errors import VentureError
from ..models import Application, Round
from ..workflow import APPLICATION_PROCESS, OPEN
from .funding import debarred_until


def _amount(value) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise VentureError(_("The amount requested must be a number of yuan.")) from None
    if not amount.is_finite() or amount <= 0:
        raise VentureError(_("The amount requested must be positive."))
    return amount


def application_submit(*, user, venture_round: Round, organization, title: str, summary: str,
                       requested) -> Application:
    """Apply with a project book. Refused (with the reason, nothing written) when the round is not open or its
    deadline has passed, the request is over the cap, or the organization is debarred."""
    if organization.pk not in member_organization_ids(user):
        raise PermissionDenied(_("Only a member of the organization may apply for it."))
    title, summary = (title or "").strip(), (summary or "").strip()
    if not title or len(title) > 100:
        raise VentureError(_("Give the project a title of at most 100 characters."))
    if not summary or len(summary) > 4000:
        raise VentureError(_("Give the project book's summary (at most 4000 characters)."))
    amount = _amount(requested)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=venture_round.pk)
        if locked.status != OPEN:
            raise VentureError(_("This round does not take applications now."))
        if timezone.localdate() > locked.call_closes:
            raise VentureError(_("Applications closed on %(date)s.") % {"date": locked.call_closes.isoformat()})
        if amount > locked.project_cap:
            raise VentureError(_("The request (%(amount)s yuan) is over the cap per project (%(cap)s yuan).") % {
                "amount": amount, "cap": locked.project_cap})
        barred = debarred_until(organization)
        if barred:
            raise VentureError(_("The organization is barred from applying until %(date)s: %(reason)s") % {
                "date": barred.until.isoformat(), "reason": barred.reason})
        application = Application(round=locked, region_id=locked.region_id, organization=organization,
                                  title=title, summary=summary, requested=amount, created_by=user)
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise VentureError(_("The organization has already applied with this title.")) from None
        audit_record(action="venture_application.submit", target=application, user=user,
                     changed_fields=["title", "summary", "requested"])
    return application


def application_check(*, user, application: Application, passed: bool, reason: str = "") -> Application:
    """Pass, or fail with the reason (kept on the application)."""
    if len(reason or "") > 2000:
        raise VentureError(_("The reason is at most 2000 characters."))
    return transition_apply(process=APPLICATION_PROCESS, obj=application, user=user,
                            name="pass_check" if passed else "fail_check", reason=reason, manual_only=True)
