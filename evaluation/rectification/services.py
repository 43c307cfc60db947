"""Every write of the rectifications: set one up from an evaluation's findings, add evidence, submit what was done,
and the street's and the district's decisions on the kernel. Guard → change → audit, in a transaction.

Locks: the rectification row, in every function (the kernel locks it again in the same transaction). Files are
checked — their bytes, their number — before the first one is stored: a rolled-back transaction does not remove
stored files, so nothing that will be refused is written to the disk."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.models import Evaluation
from evaluation.workflow import CLOSED as EVALUATION_CLOSED
from evaluation.workflow import SUBMITTED as EVALUATION_SUBMITTED
from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.registry.organizations.models import OrganizationMember
from wuse.workflow.services import transition_apply

from . import files
from .errors import RectificationError
from .models import MAX_ACTION, MAX_DONE, MAX_FINDING, MAX_NOTE, Rectification
from .selectors import owner_candidates
from .workflow import RECTIFICATION_PROCESS, TO_DO

# The evaluations whose findings may become rectifications: scored and submitted, or closed.
SOURCE_STATES = (EVALUATION_SUBMITTED, EVALUATION_CLOSED)
# How far ahead a deadline may be set.
MAX_DAYS_AHEAD = 730


def _text(value, *, field: str, label: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("%(label)s: this field is required.") % {"label": label}})
    if len(text) > limit:
        raise ValidationError({field: _("%(label)s: at most %(limit)s characters.") % {"label": label,
                                                                                       "limit": limit}})
    return text


def _checked_deadline(deadline) -> dt.date:
    if not isinstance(deadline, dt.date) or isinstance(deadline, dt.datetime):
        raise ValidationError({"deadline": _("Enter the deadline as a date.")})
    today = timezone.localdate()
    if deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    if deadline > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError({"deadline": _("The deadline may be at most two years ahead.")})
    return deadline


@transaction.atomic
def rectification_create(*, user, evaluation: Evaluation, finding: str, action: str, deadline,
                         owner_organization=None, owner_user=None) -> Rectification:
    """A finding of a submitted or closed evaluation becomes a rectification of its project, owned by the project's
    undertaker unless another organization taking part in the project is named."""
    evaluation = Evaluation.objects.select_related("project").get(pk=evaluation.pk)
    if not access.can(user, "rectification.create", Rectification(region_id=evaluation.region_id)):
        raise PermissionDenied(_("You may not set up rectifications for this project."))
    if evaluation.status not in SOURCE_STATES:
        raise RectificationError(_("The evaluation is “%(state)s”: rectifications are set up from the findings of "
                                   "a submitted or closed evaluation.") % {"state": evaluation.status_label})
    project = evaluation.project
    finding = _text(finding, field="finding", label=_("Finding"), limit=MAX_FINDING)
    action = _text(action, field="action", label=_("Action required"), limit=MAX_ACTION)
    deadline = _checked_deadline(deadline)
    owner_organization = owner_organization or project.undertaker
    if owner_organization is None:
        raise ValidationError({"owner_organization": _("The project has no undertaking organization: choose the "
                                                       "organization that rectifies.")})
    if not owner_candidates(project).filter(pk=owner_organization.pk).exists():
        raise ValidationError({"owner_organization": _("The owner is the undertaking organization or another "
                                                       "organization taking part in the project.")})
    if owner_user is not None and not OrganizationMember.objects.filter(
            organization=owner_organization, user=owner_user).exists():
        raise ValidationError({"owner_user": _("The person responsible is a member of the owner organization.")})
    rectification = Rectification.objects.create(
        evaluation=evaluation, project=project, region_id=evaluation.region_id, finding=finding, action=action,
        owner_organization=owner_organization, owner_user=owner_user, deadline=deadline, created_by=user)
    audit_record(action="rectification.create", target=rectification, user=user,
                 changed_fields=["finding", "action", "owner_organization", "owner_user", "deadline"],
                 detail={"evaluation": evaluation.pk, "project": project.pk, "owner": owner_organization.pk})
    return rectification


def _locked_for_owner(user, rectification: Rectification) -> Rectification:
    """The rectification, locked, once the user may work on it as its owner and it waits for the owner."""
    locked = Rectification.objects.select_for_update().get(pk=rectification.pk)
    if not access.can(user, "rectification.submit", locked):
        raise PermissionDenied(_("Only the members of the owner organization work on this rectification."))
    if locked.status not in TO_DO:
        refusal = RECTIFICATION_PROCESS.transition("submit").refusals.get(locked.status)
        raise RectificationError(str(refusal) if refusal else _(
            "The rectification is “%(state)s”: its evidence can no longer be changed.") % {
            "state": locked.status_label})
    return locked


def _store(user, locked: Rectification, uploads) -> list[int]:
    stored = [files.store(user=user, rectification=locked, upload=upload).pk for upload in uploads]
    if stored:
        audit_record(action="rectification.evidence_add", target=locked, user=user, changed_fields=["evidence"],
                     detail={"files": stored})
    return stored


@transaction.atomic
def evidence_add(*, user, rectification: Rectification, uploads) -> list[int]:
    """The owner adds evidence files while the rectification waits for them."""
    locked = _locked_for_owner(user, rectification)
    uploads = [u for u in uploads or () if u is not None]
    if not uploads:
        raise ValidationError({"files": _("Choose a file to upload.")})
    files.precheck(uploads, already=locked.evidence.count())
    return _store(user, locked, uploads)


@transaction.atomic
def rectification_submit(*, user, rectification: Rectification, done: str, evidence_note: str = "",
                         uploads=()) -> Rectification:
    """The owner submits what was done, with the files uploaded now and before, or a note on the evidence; the
    street verifies it next."""
    locked = _locked_for_owner(user, rectification)
    done = _text(done, field="done", label=_("What was done"), limit=MAX_DONE)
    evidence_note = _text(evidence_note, field="evidence_note", label=_("Note on the evidence"), limit=MAX_NOTE,
                          required=False)
    uploads = [u for u in uploads or () if u is not None]
    files.precheck(uploads, already=locked.evidence.count())
    if not uploads and not evidence_note and not locked.evidence.exists():
        raise ValidationError({"files": _("Attach at least one evidence file, or write a note on the evidence "
                                          "(where the street can see it).")})
    _store(user, locked, uploads)
    return transition_apply(process=RECTIFICATION_PROCESS, obj=locked, name="submit", user=user,
                            data={"done": done, "evidence_note": evidence_note})


def rectification_transition(*, user, rectification: Rectification, name: str, reason: str = "") -> Rectification:
    """What the street (verify, return) and the district (cancel) fire from the page, each with its reason."""
    return transition_apply(process=RECTIFICATION_PROCESS, obj=rectification, name=name, user=user, reason=reason,
                            manual_only=True)
