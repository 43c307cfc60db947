"""An allocation's process as data: committed → used or released.

- ``use`` records that ``amount`` more was spent (handed over, delivered), at most what is still unused;
  the donation's ``used`` grows with it. The allocation stays committed (a transition from committed to
  committed) until all of it is used, then it is used.
- ``release`` gives the unused part back to the donation's ``committed``: with nothing used the
  allocation is released whole; partly used, it is closed (used) at what was used. Besides
  ``allocation.release`` it needs the right to allocate the donation.

The process locks the allocation's donation first, then the allocation (``_lock``: the same order as
every charity service), so the donation's ``committed`` and ``used`` change under its lock. The kernel
(``wuse.workflow``) writes the timeline and the audit rows ``allocation.use`` and ``allocation.release``;
a refusal raises ``CharityError``. ``release`` leaves the amount given back in ``data["released"]``.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.workflow.process import Process, Route, State, Transition

from .errors import CharityError
from .models import Allocation, AllocationStatus, Donation
from .money import yuan

COMMITTED, USED, RELEASED = (AllocationStatus.COMMITTED.value, AllocationStatus.USED.value,
                             AllocationStatus.RELEASED.value)


_NOTHING_TO_USE = _("This allocation is “%(state)s”; nothing more can be used from it.")
_NOTHING_TO_RELEASE = _("This allocation is “%(state)s”; there is nothing left to release.")


def _lock(allocation: Allocation) -> Allocation:
    """The donation, then the allocation (with its donation, already locked, for the effects)."""
    Donation.objects.select_for_update().get(pk=allocation.donation_id)
    return Allocation.objects.select_for_update().select_related("donation").get(pk=allocation.pk)


def _within_unused(step) -> str | None:
    left, amount = step.obj.amount - step.obj.used, step.data["amount"]
    if amount > left:
        return _("Only ¥%(left)s of this allocation is unused; ¥%(amount)s cannot be recorded as used.") % {
            "left": yuan(left), "amount": yuan(amount)}
    return None


def _fully_used(step) -> bool:
    return step.obj.used + step.data["amount"] == step.obj.amount


def _used(step) -> None:
    amount, donation = step.data["amount"], step.obj.donation
    step.set(used=step.obj.used + amount)
    donation.used += amount
    donation.save(update_fields=["used"])


def _may_allocate_donation(step) -> None:
    if not access.can(step.user, "donation.allocate", step.obj.donation):
        raise PermissionDenied(_("You may not release this allocation."))


def _partly_used(step) -> bool:
    return step.obj.used > 0


def _released(step) -> None:
    """The unused part goes back to the donation; a partly used allocation is closed at what was used."""
    allocation, donation = step.obj, step.obj.donation
    step.data["released"] = allocation.amount - allocation.used
    donation.committed -= step.data["released"]
    donation.save(update_fields=["committed"])
    if allocation.used:
        step.set(amount=allocation.used)


ALLOCATION_PROCESS = Process(
    key="allocation",
    initial=COMMITTED,
    states=(State(COMMITTED, AllocationStatus.COMMITTED.label, tone="info"),
            State(USED, AllocationStatus.USED.label, tone="success"),
            State(RELEASED, AllocationStatus.RELEASED.label, tone="muted")),
    transitions=(
        Transition("use", _("Record use"), (COMMITTED,), COMMITTED, "allocation.use", requires=("amount",),
                   checks=(_within_unused,), routes=(Route(when=_fully_used, target=USED),), effects=(_used,),
                   refusals=dict.fromkeys((USED, RELEASED), _NOTHING_TO_USE),
                   manual=False),
        Transition("release", _("Release"), (COMMITTED,), RELEASED, "allocation.release",
                   checks=(_may_allocate_donation,), routes=(Route(when=_partly_used, target=USED),),
                   effects=(_released,),
                   refusals=dict.fromkeys((USED, RELEASED), _NOTHING_TO_RELEASE),
                   style="danger", confirm=_("Release the unused part of this allocation back to the donation?")),
    ),
    error=CharityError,
    lock=_lock,
)
