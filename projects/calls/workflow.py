"""The call's and the bid's processes, as data.

Call: draft → posted (open for bids) → shortlisted → awarded (挂帅: the winner undertakes a new project) →
published (the result is public); or withdrawn (before the shortlist) / failed (no suitable bid).
Bid: submitted → shortlisted / declined (with a reason) → won / lost (set when the call awards).
A call for partners goes the same way; only the posting organization's members decide on it (the government of its
unit may withdraw it), and its selection makes no project.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.registry.organizations.access import member_organization_ids
from wuse.workflow.process import Process, State, Transition

from .errors import CallError

DRAFT, POSTED, SHORTLISTED, AWARDED, PUBLISHED, WITHDRAWN, FAILED = (
    "draft", "posted", "shortlisted", "awarded", "published", "withdrawn", "failed")
SUBMITTED, BID_SHORTLISTED, DECLINED, WON, LOST = ("submitted", "shortlisted", "declined", "won", "lost")

OPEN_STATES = (POSTED,)
PUBLIC_STATES = (POSTED, SHORTLISTED, AWARDED, PUBLISHED)


def _poster_decides(step):
    call = getattr(step.obj, "call", step.obj)
    if call.poster_organization_id is not None and call.poster_organization_id not in member_organization_ids(
            step.user):
        return _("Only the organization that posted this call for partners decides on it.")
    return None


def _has_criteria(step):
    if not step.obj.criteria.exists():
        return _("Add at least one acceptance criterion before posting the call.")
    return None


def _deadline_ahead(step):
    if step.obj.deadline < timezone.localdate():
        return _("The deadline for bids has passed: set a later one before posting.")
    return None


def _deadline_passed(step):
    if timezone.localdate() <= step.obj.deadline:
        return _("Bids are taken until %(date)s: the shortlist is closed after the deadline.") % {
            "date": step.obj.deadline.isoformat()}
    return None


def _all_bids_decided(step):
    bids = step.obj.bids.all()
    if bids.filter(status=SUBMITTED).exists():
        return _("Decide on every bid (shortlist it, or give the reason it is not shortlisted) first.")
    if not bids.filter(status=BID_SHORTLISTED).exists():
        return _("No bid is shortlisted: shortlist one, or record that the call failed.")
    return None


def _record_reason(step):
    step.set(reason=step.reason[:500])


CALL_PROCESS = Process(
    key="open_call",
    initial=DRAFT,
    error=CallError,
    states=(
        State(DRAFT, _("Draft"), tone="neutral"),
        State(POSTED, _("Open for bids"), tone="info"),
        State(SHORTLISTED, _("Shortlisted"), tone="progress"),
        State(AWARDED, _("Awarded (挂帅)"), tone="success"),
        State(PUBLISHED, _("Result published"), tone="success"),
        State(WITHDRAWN, _("Withdrawn"), tone="muted"),
        State(FAILED, _("Failed (no suitable bid)"), tone="danger"),
    ),
    transitions=(
        Transition("post", _("Post the call"), (DRAFT,), POSTED, "call.manage",
                   guards=(_poster_decides, _has_criteria, _deadline_ahead),
                   confirm=_("Post the call? It becomes public.")),
        Transition("close_shortlist", _("Close the shortlist"), (POSTED,), SHORTLISTED, "call.manage",
                   guards=(_poster_decides, _deadline_passed, _all_bids_decided)),
        Transition("select", _("Select the winning bid"), (SHORTLISTED,), AWARDED, "call.manage", manual=False),
        Transition("publish_result", _("Publish the result"), (AWARDED,), PUBLISHED, "call.manage",
                   guards=(_poster_decides,), confirm=_("Publish the result? The winner and the price become public.")),
        Transition("withdraw", _("Withdraw the call"), (DRAFT, POSTED), WITHDRAWN, "call.manage",
                   reason_required=True, effects=(_record_reason,), style="danger",
                   confirm=_("Withdraw the call?")),
        Transition("fail", _("Record that no bid is suitable"), (POSTED, SHORTLISTED), FAILED, "call.manage",
                   guards=(_poster_decides,), reason_required=True, effects=(_record_reason,), style="danger",
                   confirm=_("Record that the call failed?")),
    ),
)


def _call_open(step):
    if step.obj.call.status != POSTED:
        return _("Bids are shortlisted while the call is open for bids.")
    return None


BID_PROCESS = Process(
    key="open_call_bid",
    initial=SUBMITTED,
    error=CallError,
    states=(
        State(SUBMITTED, _("Submitted"), tone="info"),
        State(BID_SHORTLISTED, _("Shortlisted"), tone="progress"),
        State(DECLINED, _("Not shortlisted"), tone="muted"),
        State(WON, _("Selected (挂帅)"), tone="success"),
        State(LOST, _("Not selected"), tone="muted"),
    ),
    transitions=(
        Transition("shortlist", _("Shortlist"), (SUBMITTED, DECLINED), BID_SHORTLISTED, "call.manage",
                   guards=(_poster_decides, _call_open), effects=(_record_reason,)),
        Transition("decline", _("Do not shortlist"), (SUBMITTED, BID_SHORTLISTED), DECLINED, "call.manage",
                   reason_required=True, guards=(_poster_decides, _call_open), effects=(_record_reason,),
                   style="danger",
                   reason_label=_("Why is this bid not shortlisted?")),
        Transition("win", _("Selected"), (BID_SHORTLISTED,), WON, "call.manage", manual=False),
        Transition("lose", _("Not selected"), (BID_SHORTLISTED, SUBMITTED), LOST, "call.manage", manual=False),
    ),
)
