"""A service entry's process as data (民政部令第67号): recorded → verified, or recorded → rejected.

Verification is by someone other than the recorder, at the unit where the service was given
(``service_entry.verify``); it credits the time bank and points schemes (``wuse.ledger``) in the same
transaction, once per entry (the ledger's ``ref`` is the entry). A rejection carries its reason (one
line, at most 200 characters). A verified or rejected entry never changes again: a correction is a new
entry. ``services.entries`` fires the transitions; the kernel (``wuse.workflow``) locks the entry,
checks, saves, writes the timeline and the audit rows ``service_entry.verify`` / ``service_entry.reject``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.ledger.services import LedgerError, earn_for_service, ref_of
from wuse.workflow.process import Process, State, Transition

from .errors import ServiceEntryError
from .local_time import local_date
from .models import EntryStatus

RECORDED, VERIFIED, REJECTED = EntryStatus.RECORDED.value, EntryStatus.VERIFIED.value, EntryStatus.REJECTED.value
REASON_LENGTH = 200


def _not_the_recorder(step) -> str | None:
    if step.obj.recorded_by_id == step.user.pk:
        return _("You recorded this service; someone else must verify it.")
    return None


def _verified_by(step) -> None:
    step.set(verified_by=step.user, verified_at=timezone.now())


def _credit_the_ledger(step) -> None:
    """The verified hours earn in every active scheme covering the volunteer's home community (once)."""
    entry = step.obj
    try:
        earn_for_service(person=entry.volunteer.person, hours=entry.hours, ref=ref_of(entry), user=step.user,
                         memo=f"{local_date(entry.started_at):%Y-%m-%d} {entry.content}"[:200])
    except LedgerError as exc:
        step.refuse(exc)


def _rejected_by(step) -> None:
    step.set(rejection_reason=step.reason[:REASON_LENGTH], verified_by=step.user, verified_at=timezone.now())


_NOT_AWAITING = _("Only a service awaiting verification can be rejected.")

SERVICE_ENTRY_PROCESS = Process(
    key="service_entry",
    initial=RECORDED,
    states=(State(RECORDED, EntryStatus.RECORDED.label, tone="warning"),
            State(VERIFIED, EntryStatus.VERIFIED.label, tone="success"),
            State(REJECTED, EntryStatus.REJECTED.label, tone="danger")),
    transitions=(
        Transition("verify", _("Verify"), (RECORDED,), VERIFIED, "service_entry.verify", style="success",
                   guards=(_not_the_recorder,), effects=(_verified_by, _credit_the_ledger),
                   refusals={VERIFIED: _("This service is already verified."),
                             REJECTED: _("This service was rejected; it cannot be verified.")},
                   confirm=_("Verify this service and credit its hours?")),
        Transition("reject", _("Reject the service"), (RECORDED,), REJECTED, "service_entry.verify",
                   reason_required=True, reason_label=_("reason for rejection"),
                   reason_missing=_("Give the reason for rejecting the service."), effects=(_rejected_by,),
                   refusals={VERIFIED: _NOT_AWAITING, REJECTED: _NOT_AWAITING}, style="danger",
                   confirm=_("Reject this service? It will not count.")),
    ),
    error=ServiceEntryError,
)
