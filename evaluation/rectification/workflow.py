"""A rectification's states as data: 待整改 → 待核验 (the owner submits what was done, with evidence) → 已核验 by the
street, or 已退回 by the street with a reason (the owner works on it again and submits again); 已撤销 by the district
with a reason while it is not verified.

``submit`` is fired by ``services.rectification_submit`` with the owner's account of what was done (its form carries
files), never offered as a plain button; the street's verification note and its reason for sending back are the
kernel's reason. This module imports no model of its own app (``models`` imports it for the choices)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

from .errors import RectificationError

OPEN, SUBMITTED, VERIFIED, RETURNED, CANCELLED = "open", "submitted", "verified", "returned", "cancelled"
# Waiting for the owner (to do), and not finished (counted as overdue once the deadline has passed).
TO_DO = (OPEN, RETURNED)
LIVE = (OPEN, SUBMITTED, RETURNED)
DONE = (VERIFIED, CANCELLED)


# --- guards and checks ----------------------------------------------------------------------------------------


def evidence_given(step):
    """Submitting needs at least one evidence file, or a note saying where the street can see what was done."""
    if (step.data.get("evidence_note") or "").strip() or step.obj.evidence.exists():
        return None
    return _("Attach at least one evidence file, or write a note on the evidence (where the street can see it).")


def someone_else_verifies(step):
    if step.obj.submitted_by_id is not None and step.obj.submitted_by_id == getattr(step.user, "pk", None):
        return _("Someone other than the person who submitted the rectification verifies it.")
    return None


# --- effects --------------------------------------------------------------------------------------------------


def _submitted(step) -> None:
    step.set(done=step.data["done"], evidence_note=(step.data.get("evidence_note") or "").strip(),
             submitted_at=timezone.now(), submitted_by=step.user)


def _verified(step) -> None:
    step.set(verification_note=step.reason[:1000], verified_at=timezone.now(), verified_by=step.user)


def _returned(step) -> None:
    step.set(return_reason=step.reason[:1000])


def _cancelled(step) -> None:
    step.set(cancel_reason=step.reason[:1000], cancelled_at=timezone.now())


_FINISHED = {VERIFIED: _("This rectification is already verified."),
             CANCELLED: _("This rectification was cancelled.")}

RECTIFICATION_PROCESS = Process(
    key="rectification",
    initial=OPEN,
    error=RectificationError,
    states=(
        State(OPEN, _("To be rectified"), tone="info"),
        State(SUBMITTED, _("Awaiting verification"), tone="progress"),
        State(VERIFIED, _("Verified"), tone="success"),
        State(RETURNED, _("Returned for more work"), tone="warning"),
        State(CANCELLED, _("Cancelled"), tone="muted"),
    ),
    transitions=(
        Transition("submit", _("Submit the rectification"), TO_DO, SUBMITTED, "rectification.submit",
                   requires=("done",), checks=(evidence_given,), effects=(_submitted,), manual=False,
                   refusals={SUBMITTED: _("This rectification is already submitted: the street verifies it now."),
                             **_FINISHED}),
        Transition("verify", _("Verify"), (SUBMITTED,), VERIFIED, "rectification.verify",
                   reason_required=True, reason_label=_("Verification note"),
                   reason_missing=_("Write what the street checked before verifying."),
                   guards=(someone_else_verifies,), effects=(_verified,), style="success",
                   refusals={OPEN: _("Nothing to verify yet: the owner has not submitted the rectification."),
                             RETURNED: _("Nothing to verify yet: the owner has not submitted the rectification."),
                             **_FINISHED}),
        Transition("return", _("Return for more work"), (SUBMITTED,), RETURNED, "rectification.verify",
                   reason_required=True, reason_label=_("What is still to be done"),
                   reason_missing=_("Say what is still to be done."), effects=(_returned,), style="warning",
                   refusals={OPEN: _("Nothing to return: the owner has not submitted the rectification."),
                             RETURNED: _("This rectification is already returned to its owner."), **_FINISHED}),
        Transition("cancel", _("Cancel the rectification"), LIVE, CANCELLED, "rectification.cancel",
                   reason_required=True, reason_missing=_("Say why the rectification is cancelled."),
                   effects=(_cancelled,), style="danger",
                   confirm=_("Cancel this rectification? The owner will no longer be asked to rectify it."),
                   refusals=_FINISHED),
    ),
)
