"""An organization's status as a process: active (在册) → suspended (暂停) or deregistered (注销), and back.

Only the registrars change it (``organization.set_status``: the table alone, never a member or a served
unit), always with a reason of at most 200 characters, which the organization's page shows while it is
not active. ``services.organization_set_status`` fires the transition leading to the status chosen on
the page (``TRANSITION_TO``); the kernel (``wuse.workflow``) locks, checks, saves, writes the timeline
and the audit row ``organization.<transition>``.
"""

from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

from .errors import OrganizationError
from .models import Organization, OrgStatus

ACTIVE, SUSPENDED, DEREGISTERED = OrgStatus.ACTIVE.value, OrgStatus.SUSPENDED.value, OrgStatus.DEREGISTERED.value
REASON_LENGTH = Organization._meta.get_field("status_reason").max_length


_ALREADY = _("The organization is already “%(state)s”.")
_NOT_POSSIBLE = _("This status change is not possible.")


def _reason_fits(step) -> str | None:
    if len(step.reason) > REASON_LENGTH:
        return _("Keep the reason under 200 characters.")
    return None


def _keep_reason(step) -> None:
    """The page shows the reason of the current status."""
    step.set(status_reason=step.reason)


_STATUS_CHANGE = {"action": "organization.set_status", "reason_required": True,
                  "reason_missing": _("Give the reason for the status change."), "checks": (_reason_fits,),
                  "effects": (_keep_reason,), "reason_label": _("reason for the status")}

ORGANIZATION_PROCESS = Process(
    key="organization",
    initial=ACTIVE,
    states=(State(ACTIVE, OrgStatus.ACTIVE.label, tone="success"),
            State(SUSPENDED, OrgStatus.SUSPENDED.label, tone="warning"),
            State(DEREGISTERED, OrgStatus.DEREGISTERED.label, tone="muted")),
    transitions=(
        Transition("suspend", _("Suspend"), (ACTIVE,), SUSPENDED, style="warning",
                   refusals={SUSPENDED: _ALREADY, DEREGISTERED: _NOT_POSSIBLE},
                   **_STATUS_CHANGE),
        Transition("deregister", _("Deregister"), (ACTIVE, SUSPENDED), DEREGISTERED, style="danger",
                   refusals={DEREGISTERED: _ALREADY}, **_STATUS_CHANGE),
        Transition("reactivate", _("Reactivate"), (SUSPENDED, DEREGISTERED), ACTIVE, style="success",
                   refusals={ACTIVE: _ALREADY}, **_STATUS_CHANGE),
    ),
    error=OrganizationError,
)

# The status chosen on the page → the transition leading to it.
TRANSITION_TO = {transition.target: transition.name for transition in ORGANIZATION_PROCESS.transitions}
