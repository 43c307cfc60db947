"""The need's process as data: 登记 → 核实 → 纳入清单 / 合并 / 转办 / 直接解决 / 不予采纳
→ 已转化为项目 → 已办结 → 回访.

What each transition must carry (a reason, a merge target, a satisfaction rating),
what it checks and what it does besides changing the state are declared here;
``services.py`` supplies the data and the kernel (``wuse.workflow``) applies it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.workflow.process import Process, State, Transition
from wuse.workflow.services import assign


def _referred_to(step) -> None:
    """Who the need was referred to is the first line of the reason."""
    step.set(referred_to=step.reason[:200])


def _merge_target_fits(step) -> str | None:
    into, need = step.data["merged_into"], step.obj
    if into.pk == need.pk:
        return _("A need cannot be merged into itself.")
    if into.community_id != need.community_id:
        return _("Only needs of the same community can be merged.")
    if not access.can(step.user, "need.merge", into):
        raise PermissionDenied(_("You may not merge into that need."))
    # Locked after the need itself (the kernel's lock): the target cannot close while it takes the merge.
    target = type(need).objects.select_for_update().get(pk=into.pk)
    if target.status not in ACTIVE_STATES:
        return _("The need “%(title)s” is “%(state)s” and can no longer take merges.") % {
            "title": target.title, "state": target.status_label}
    return None


def _support_moves_to_target(step) -> None:
    """The target need takes the merged need's backing; both timelines stay."""
    into = step.data["merged_into"]
    type(step.obj).objects.filter(pk=into.pk).update(support_count=F("support_count") + step.obj.support_count,
                                                     version=F("version") + 1, updated_at=timezone.now())
    audit_record(action="need.merge_received", target=into, changed_fields=["support_count"], user=step.user,
                 detail={"from": step.obj.pk})


SUBMITTED, VERIFIED, LISTED = "submitted", "verified", "listed"
MERGED, REFERRED, RESOLVED, REJECTED = "merged", "referred", "resolved", "rejected"
IN_PROJECT, CLOSED, FOLLOWED_UP = "in_project", "closed", "followed_up"

# States in which the need still waits for the community's answer (deadlines apply).
OPEN_STATES = (SUBMITTED, VERIFIED)
# States a duplicate may be merged into, and in which residents may still add support.
ACTIVE_STATES = (SUBMITTED, VERIFIED, LISTED, IN_PROJECT)

NEED_PROCESS = Process(
    key="need",
    initial=SUBMITTED,
    states=(
        State(SUBMITTED, _("Submitted"), tone="info"),
        State(VERIFIED, _("Verified"), tone="progress"),
        State(LISTED, _("Listed"), tone="progress"),
        State(MERGED, _("Merged"), tone="muted"),
        State(REFERRED, _("Referred"), tone="neutral"),
        State(RESOLVED, _("Resolved directly"), tone="success"),
        State(REJECTED, _("Rejected"), tone="danger"),
        State(IN_PROJECT, _("In a project"), tone="progress"),
        State(CLOSED, _("Closed"), tone="success"),
        State(FOLLOWED_UP, _("Followed up"), tone="success"),
    ),
    transitions=(
        Transition("verify", _("Verify"), (SUBMITTED,), VERIFIED, "need.verify"),
        Transition("list", _("Add to needs list"), (VERIFIED,), LISTED, "need.list"),
        Transition("merge", _("Merge into another need"), (SUBMITTED, VERIFIED), MERGED, "need.merge",
                   requires=("merged_into",), checks=(_merge_target_fits,),
                   effects=(assign("merged_into"), _support_moves_to_target), manual=False),
        Transition("refer", _("Refer"), (VERIFIED,), REFERRED, "need.refer", reason_required=True,
                   effects=(_referred_to,), reason_label=_("Referred to (department, property manager…) and why"),
                   style="secondary"),
        Transition("resolve", _("Resolve directly"), (VERIFIED, LISTED), RESOLVED, "need.resolve",
                   reason_required=True, reason_label=_("How it was resolved"), style="success"),
        Transition("reject", _("Reject"), (SUBMITTED, VERIFIED), REJECTED, "need.reject",
                   reason_required=True, on_commit=("needs.tasks.need_rejected_notify",), style="danger"),
        Transition("to_project", _("Turn into a project"), (LISTED,), IN_PROJECT, "need.to_project", manual=False),
        # The project ended before delivery (withdrawn, not approved, terminated): the need is listed again.
        Transition("from_project", _("Back to the needs list"), (IN_PROJECT,), LISTED, "need.from_project",
                   reason_required=True, manual=False),
        Transition("close", _("Close"), (IN_PROJECT, REFERRED, RESOLVED), CLOSED, "need.close",
                   reason_required=True, reason_label=_("Outcome"), style="secondary"),
        Transition("follow_up", _("Record follow-up"), (CLOSED,), FOLLOWED_UP, "need.follow_up",
                   requires=("satisfaction",), effects=(assign("satisfaction"),), manual=False),
    ),
)
