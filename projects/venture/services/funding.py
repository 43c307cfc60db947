"""After the award: the agreement (the project is created through the projects step, vehicle "venture", and
its tranches planned), paying tranches, the mid-term result (a failure freezes the next planned tranche),
recovering frozen money, and debarment (an organization that breached an agreement or got 不合格 is barred
until a date; its applications are refused until then)."""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.choices import Stage
from evaluation.models import Evaluation
from evaluation.scoring import FAIL
from projects.services import PlanData, project_create
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.regions.levels import Level
from wuse.workflow.services import transition_apply

from ..errors import VentureError
from ..models import Application, Debarment, Tranche, TrancheStatus
from ..workflow import AGREED, APPLICATION_PROCESS

# The share of the award paid with each tranche: at signing, after the mid-term, after the final evaluation.
TRANCHE_SHARES = (Decimal("0.3"), Decimal("0.4"), Decimal("0.3"))
DEBARMENT_YEARS = 3


def debarred_until(organization, on=None):
    """The debarment in force for ``organization`` (the latest ending), or None."""
    day = on or timezone.localdate()
    return Debarment.objects.filter(organization=organization, until__gte=day).order_by("-until").first()


def debar(*, user, organization, reason: str, until=None) -> Debarment:
    reason = (reason or "").strip()
    if not reason or len(reason) > 300:
        raise VentureError(_("Give the reason for the debarment (at most 300 characters)."))
    today = timezone.localdate()
    until = until or today.replace(year=today.year + DEBARMENT_YEARS)
    if until <= today:
        raise VentureError(_("A debarment ends after today."))
    if not access.can(user, "venture_round.manage", organization):
        raise PermissionDenied(_("You may not debar this organization."))
    with transaction.atomic():
        row = Debarment.objects.create(organization=organization, until=until, reason=reason, created_by=user)
        audit_record(action="venture.debar", target=organization, user=user, changed_fields=["debarment"],
                     detail={"until": until.isoformat()})
    return row


def split(amount: Decimal) -> list[Decimal]:
    """The award in tranches; the last takes the cents left, so they add up exactly."""
    parts = [(amount * share).quantize(Decimal("0.01"), ROUND_DOWN) for share in TRANCHE_SHARES[:-1]]
    return [*parts, amount - sum(parts)]


def _plan(application: Application, round_) -> PlanData:
    start = round_.signing_by or timezone.localdate()
    end = round_.final_on or start + dt.timedelta(days=300)
    return PlanData(
        fields={"title": application.title, "vehicle": "venture", "focus_area": "other",
                "background": application.summary[:2000], "target_group": "", "planned_headcount": None,
                "objectives": application.summary[:2000], "linkage_mode": "sw_orgs", "risk_plan": "",
                "period_start": start, "period_end": max(end, start), "total_budget": application.awarded},
        lines=[{"kind": "activities", "funding_source": "public", "amount": application.awarded,
                "note": _("Venture award")}])


def application_sign(*, user, application: Application) -> Application:
    """Sign the agreement of an awarded application: its project (vehicle "venture", planned at the round's
    street) is created through the projects step and its tranches are planned, in one transaction."""
    with transaction.atomic():
        locked = transition_apply(process=APPLICATION_PROCESS, obj=application, name="sign", user=user)
        round_ = locked.round
        project = None
        if round_.region.level == Level.STREET:
            project = project_create(user=user, region=round_.region, year=round_.year, plan=_plan(locked, round_))
        dates = [round_.signing_by or timezone.localdate(), round_.midterm_on or timezone.localdate(),
                 round_.final_on or timezone.localdate()]
        Tranche.objects.bulk_create(Tranche(application=locked, seq=i + 1, amount=amount, due_on=dates[i])
                                    for i, amount in enumerate(split(locked.awarded)))
        locked.project = project
        locked.save(update_fields=["project", "updated_at"])
        audit_record(action="venture_application.agreement", target=locked, user=user,
                     changed_fields=["project", "tranches"])
    return locked


def _tranche(user, tranche: Tranche) -> Tranche:
    locked = Tranche.objects.select_for_update().select_related("application").get(pk=tranche.pk)
    if not access.can(user, "venture_round.manage", locked.application):
        raise PermissionDenied(_("You may not manage this round's funds."))
    return locked


def tranche_pay(*, user, tranche: Tranche) -> Tranche:
    with transaction.atomic():
        locked = _tranche(user, tranche)
        if locked.application.status != AGREED:
            raise VentureError(_("Tranches are paid only under a signed agreement."))
        if locked.status != TrancheStatus.PLANNED:
            raise VentureError(_("Only a planned tranche is paid; this one is “%(state)s”.") % {
                "state": locked.get_status_display()})
        if Tranche.objects.filter(application=locked.application, seq__lt=locked.seq).exclude(
                status=TrancheStatus.PAID).exists():
            raise VentureError(_("The earlier tranches must be paid first."))
        locked.status = TrancheStatus.PAID
        locked.save(update_fields=["status"])
        audit_record(action="venture_tranche.pay", target=locked.application, user=user,
                     changed_fields=["tranche"], detail={"seq": locked.seq, "amount": str(locked.amount)})
    return locked


def midterm_record(*, user, application: Application, passed: bool | None = None,
                   note: str = "") -> Tranche | None:
    """The mid-term evaluation's outcome, recorded once: a failure freezes the next planned tranche (returned).
    ``passed=None`` reads it from the project's closed mid-term evaluation (the evaluation step): 不合格 fails."""
    if len(note or "") > 200:
        raise VentureError(_("The note is at most 200 characters."))
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not access.can(user, "venture_round.manage", locked):
            raise PermissionDenied(_("You may not manage this round's funds."))
        if locked.status != AGREED:
            raise VentureError(_("The mid-term evaluation follows a signed agreement."))
        if locked.midterm_passed is not None:
            raise VentureError(_("The mid-term result is already recorded."))
        if passed is None:
            evaluation = closed_midterm(locked)
            if evaluation is None:
                raise VentureError(_("The project has no closed mid-term evaluation yet."))
            passed = evaluation.grade != FAIL
            note = note or _("Mid-term evaluation: %(score)s points, %(grade)s") % {
                "score": evaluation.final_score, "grade": evaluation.get_grade_display()}
        following = None
        if not passed:
            following = (locked.tranches.select_for_update().filter(status=TrancheStatus.PLANNED)
                         .order_by("seq").first())
            if following is None:
                raise VentureError(_("No planned tranche is left to freeze."))
            following.status = TrancheStatus.FROZEN
            following.note = (note or _("Mid-term evaluation failed"))[:200]
            following.save(update_fields=["status", "note"])
        locked.midterm_passed = passed
        locked.save(update_fields=["midterm_passed", "updated_at"])
        audit_record(action="venture_application.midterm", target=locked, user=user,
                     changed_fields=["midterm_passed", *(["tranche"] if following else [])],
                     detail={"passed": passed, "frozen": following.seq if following else None})
    return following


def closed_midterm(application: Application):
    """The closed mid-term evaluation of the application's project (the evaluation step), or None."""
    if not application.project_id:
        return None
    return Evaluation.objects.filter(project_id=application.project_id, stage=Stage.MIDTERM,
                                     status="closed").first()


def tranche_recover(*, user, tranche: Tranche) -> Tranche:
    with transaction.atomic():
        locked = _tranche(user, tranche)
        if locked.status != TrancheStatus.FROZEN:
            raise VentureError(_("Only a frozen tranche is recovered."))
        locked.status = TrancheStatus.RECOVERED
        locked.save(update_fields=["status"])
        audit_record(action="venture_tranche.recover", target=locked.application, user=user,
                     changed_fields=["tranche"], detail={"seq": locked.seq})
    return locked
