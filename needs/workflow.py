"""The need's process as data: 登记 → 核实 → 纳入清单 / 合并 / 转办 / 直接解决 / 不予采纳
→ 已转化为项目 → 已办结 → 回访.

Which side effects follow a transition, and what each transition must carry
(a reason, a merge target, a referral destination, a satisfaction rating), is
declared here; ``services.py`` supplies the data and the kernel applies it.
"""

from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition


def _notify_rejected(need_id: int) -> None:
    from .tasks import need_rejected_notify

    need_rejected_notify.delay(need_id)


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
        State(SUBMITTED, _("Submitted")),
        State(VERIFIED, _("Verified")),
        State(LISTED, _("Listed")),
        State(MERGED, _("Merged")),
        State(REFERRED, _("Referred")),
        State(RESOLVED, _("Resolved directly")),
        State(REJECTED, _("Rejected")),
        State(IN_PROJECT, _("In a project")),
        State(CLOSED, _("Closed")),
        State(FOLLOWED_UP, _("Followed up")),
    ),
    transitions=(
        Transition("verify", _("Verify"), (SUBMITTED,), VERIFIED, "need.verify"),
        Transition("list", _("Add to needs list"), (VERIFIED,), LISTED, "need.list"),
        Transition("merge", _("Merge into another need"), (SUBMITTED, VERIFIED), MERGED, "need.merge",
                   reason_required=False, manual=False),
        Transition("refer", _("Refer"), (VERIFIED,), REFERRED, "need.refer", reason_required=True,
                   reason_label=_("Referred to (department, property manager…) and why"), style="secondary"),
        Transition("resolve", _("Resolve directly"), (VERIFIED, LISTED), RESOLVED, "need.resolve",
                   reason_required=True, reason_label=_("How it was resolved"), style="success"),
        Transition("reject", _("Reject"), (SUBMITTED, VERIFIED), REJECTED, "need.reject",
                   reason_required=True, on_commit=(_notify_rejected,), style="danger"),
        Transition("to_project", _("Turn into a project"), (LISTED,), IN_PROJECT, "need.to_project", manual=False),
        Transition("close", _("Close"), (IN_PROJECT, REFERRED, RESOLVED), CLOSED, "need.close",
                   reason_required=True, reason_label=_("Outcome"), style="secondary"),
        Transition("follow_up", _("Record follow-up"), (CLOSED,), FOLLOWED_UP, "need.follow_up", manual=False),
    ),
)
