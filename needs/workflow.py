"""The need's process as data (first states; the full 需求清单 workflow grows here)."""

from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition


def _notify_rejected(need_id: int) -> None:
    from .tasks import need_rejected_notify

    need_rejected_notify.delay(need_id)


SUBMITTED, VERIFIED, LISTED, REJECTED = "submitted", "verified", "listed", "rejected"

NEED_PROCESS = Process(
    key="need",
    initial=SUBMITTED,
    states=(
        State(SUBMITTED, _("Submitted")),
        State(VERIFIED, _("Verified")),
        State(LISTED, _("Listed")),
        State(REJECTED, _("Rejected")),
    ),
    transitions=(
        Transition("verify", _("Verify"), (SUBMITTED,), VERIFIED, "need.verify"),
        Transition("list", _("Add to needs list"), (VERIFIED,), LISTED, "need.list"),
        Transition("reject", _("Reject"), (SUBMITTED, VERIFIED), REJECTED, "need.reject",
                   reason_required=True, on_commit=(_notify_rejected,), style="danger"),
    ),
)
