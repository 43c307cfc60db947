"""The project's lifecycle as data: 策划中 → 待街道审核 → (above the district's threshold) 待区审核 → 已批准 /
退回修改 / 不予立项; 已批准 → 待发布 → 已承接 → 实施中 → 待验收 → 已验收 → 待评估 → 已结项; and 已撤回, 已暂停
(and back), 已终止.

What each transition requires, checks and does is declared here; ``services`` supply the data and the kernel
(``wuse.workflow``) applies it. This module imports no model of its own app (``models`` imports it for the
choices): effects reach related rows through the object (``project.need_links``, ``project.versions``…).

The delivery increment (``projects/delivery``) fires ``publish``, ``undertake`` (data ``organization``),
``start``, ``submit_acceptance``, ``accept``, ``await_evaluation``; the evaluation step fires ``close``.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from needs.workflow import IN_PROJECT
from wuse.workflow.process import Process, Route, State, Transition

from .errors import ProjectError
from .plan import snapshot

DRAFT, STREET_REVIEW, DISTRICT_REVIEW = "draft", "street_review", "district_review"
APPROVED, RETURNED, REJECTED = "approved", "returned", "rejected"
PUBLISHING, UNDERTAKEN, IN_PROGRESS = "publishing", "undertaken", "in_progress"
ACCEPTANCE, ACCEPTED, EVALUATION, CLOSED = "acceptance", "accepted", "evaluation", "closed"
WITHDRAWN, SUSPENDED, TERMINATED = "withdrawn", "suspended", "terminated"

# The plan (项目书) is edited directly only in these states; once approved it changes by change request.
EDITABLE_STATES = (DRAFT, RETURNED)
UNDER_REVIEW = (STREET_REVIEW, DISTRICT_REVIEW)
# Approved and not yet finished: a change request may be made.
CHANGEABLE_STATES = (APPROVED, PUBLISHING, UNDERTAKEN, IN_PROGRESS, SUSPENDED)
# Before delivery starts: a project ended here gives its needs back to the needs list.
BEFORE_DELIVERY = (DRAFT, RETURNED, STREET_REVIEW, DISTRICT_REVIEW, APPROVED, PUBLISHING)
# What may be suspended (and is resumed to the same state).
SUSPENDABLE = (PUBLISHING, UNDERTAKEN, IN_PROGRESS)
# Shown on the public 公示 page: approved, and everything after it that was not stopped.
PUBLIC_STATES = (APPROVED, PUBLISHING, UNDERTAKEN, IN_PROGRESS, ACCEPTANCE, ACCEPTED, EVALUATION, CLOSED)
# Approved at some point (figures: projects approved).
APPROVED_STATES = (*PUBLIC_STATES, SUSPENDED)


# --- guards -------------------------------------------------------------------------------------------


def co_designed(step):
    """The plan was designed with residents: a page says why instead of offering the button."""
    if not step.obj.codesign_records.exists():
        return _("Record at least one co-design with residents (a resident meeting, a comment round or a "
                 "sign-off list) before submitting.")
    return None


def has_needs(step):
    if not step.obj.need_links.filter(released=False).exists():
        return _("Link at least one listed need before submitting.")
    return None


def budget_adds_up(step):
    project = step.obj
    total = project.lines_total()
    if total <= 0:
        return _("Add the budget lines before submitting.")
    if total != project.total_budget:
        return _("The budget lines add up to %(lines)s yuan, not the total budget of %(total)s yuan.") % {
            "lines": f"{total:,.2f}", "total": f"{project.total_budget:,.2f}"}
    return None


def has_period(step):
    project = step.obj
    if not (project.period_start and project.period_end):
        return _("Give the project's period before submitting.")
    return None


def above_threshold(step) -> bool:
    return step.obj.total_budget > step.obj.review_threshold()


def _undertaker_fits(step):
    organization = step.data["organization"]
    if not getattr(organization, "is_active", False):
        return _("“%(name)s” is not active and cannot undertake projects.") % {"name": organization}
    return None


# --- effects ------------------------------------------------------------------------------------------


def _approved(step) -> None:
    """Routed to approval: the plan freezes as version 1."""
    if step.target != APPROVED:
        return
    step.set(approved_at=timezone.now(), approved_by=step.user)
    number = (step.obj.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    step.obj.versions.create(number=number, snapshot=snapshot(step.obj), note=str(_("Plan as approved")),
                             created_by=step.user)


def _reason_into(field: str):
    def effect(step) -> None:
        step.set(**{field: step.reason[:1000]})

    effect.__name__ = f"reason_into_{field}"
    return effect


def needs_back_to_list(step) -> None:
    """The project ends before delivery: its needs return to the needs list (through needs' own services)."""
    from needs.services import need_from_project

    if step.from_state not in BEFORE_DELIVERY and not (
            step.from_state == SUSPENDED and step.obj.suspended_from in BEFORE_DELIVERY):
        return
    label = f"{step.obj.code} {step.obj.title}"[:200]
    links = step.obj.need_links.filter(released=False)
    for link in links.select_related("need"):
        if link.need.status == IN_PROJECT:
            need_from_project(user=step.user, need=link.need, reason=_("Project %(label)s: %(why)s") % {
                "label": label, "why": step.reason or step.transition.label})
    links.update(released=True)


def checklist_complete(step):
    """The acceptance checklist (recorded by the delivery increment, reached through the project) holds in full."""
    acceptance = getattr(step.obj, "acceptance", None)
    if acceptance is None or not acceptance.items or not all(acceptance.items.values()):
        return _("Fill in the acceptance checklist first: the project is accepted only when every item holds.")
    return None


def _suspend(step) -> None:
    step.set(suspended_from=step.from_state, suspend_reason=step.reason[:1000])


def _resume(step) -> None:
    step.set(suspended_from="", suspend_reason="")


def _set_undertaker(step) -> None:
    step.set(undertaker=step.data["organization"], undertaken_at=timezone.now())


def _terminated(step) -> None:
    step.set(terminate_reason=step.reason[:1000], funds_to_recover=step.data.get("funds_to_recover") or 0)


_SUBMIT_GUARDS = (has_needs, has_period, budget_adds_up, co_designed)
_RESUME_ROUTES = tuple(Route(when=lambda step, s=s: step.obj.suspended_from == s, target=s) for s in SUSPENDABLE)


PROJECT_PROCESS = Process(
    key="project",
    initial=DRAFT,
    error=ProjectError,
    states=(
        State(DRAFT, _("Planning"), tone="neutral"),
        State(STREET_REVIEW, _("Awaiting street review"), tone="info"),
        State(DISTRICT_REVIEW, _("Awaiting district review"), tone="info"),
        State(APPROVED, _("Approved"), tone="progress"),
        State(RETURNED, _("Returned for changes"), tone="warning"),
        State(REJECTED, _("Not approved"), tone="danger"),
        State(PUBLISHING, _("Awaiting publication"), tone="progress"),
        State(UNDERTAKEN, _("Undertaken"), tone="progress"),
        State(IN_PROGRESS, _("In progress"), tone="progress"),
        State(ACCEPTANCE, _("Awaiting acceptance"), tone="info"),
        State(ACCEPTED, _("Accepted"), tone="success"),
        State(EVALUATION, _("Awaiting evaluation"), tone="info"),
        State(CLOSED, _("Completed (closed)"), tone="success"),
        State(WITHDRAWN, _("Withdrawn"), tone="muted"),
        State(SUSPENDED, _("On hold (suspended)"), tone="warning"),
        State(TERMINATED, _("Terminated"), tone="danger"),
    ),
    transitions=(
        Transition("submit", _("Submit for street review"), EDITABLE_STATES, STREET_REVIEW, "project.submit",
                   guards=_SUBMIT_GUARDS),
        Transition("withdraw", _("Withdraw the project"), (DRAFT, RETURNED, STREET_REVIEW, DISTRICT_REVIEW), WITHDRAWN,
                   "project.withdraw", reason_required=True, effects=(needs_back_to_list,), style="danger"),
        Transition("approve_street", _("Approve (street)"), (STREET_REVIEW,), APPROVED, "project.review_street",
                   routes=(Route(when=above_threshold, target=DISTRICT_REVIEW),), effects=(_approved,),
                   style="success"),
        Transition("return_street", _("Return for changes"), (STREET_REVIEW,), RETURNED, "project.review_street",
                   reason_required=True, reason_label=_("What to change"), effects=(_reason_into("return_reason"),),
                   style="warning"),
        Transition("reject_street", _("Do not approve the project"), (STREET_REVIEW,), REJECTED,
                   "project.review_street", reason_required=True,
                   effects=(_reason_into("reject_reason"), needs_back_to_list), style="danger"),
        Transition("approve_district", _("Approve (district)"), (DISTRICT_REVIEW,), APPROVED,
                   "project.review_district", effects=(_approved,), style="success"),
        Transition("return_district", _("Return for changes"), (DISTRICT_REVIEW,), RETURNED,
                   "project.review_district", reason_required=True, reason_label=_("What to change"),
                   effects=(_reason_into("return_reason"),), style="warning"),
        Transition("reject_district", _("Do not approve the project"), (DISTRICT_REVIEW,), REJECTED,
                   "project.review_district", reason_required=True,
                   effects=(_reason_into("reject_reason"), needs_back_to_list), style="danger"),
        Transition("publish", _("Send for publication"), (APPROVED,), PUBLISHING, "project.publish"),
        # The undertaking organization comes as data (a form of its own on the page, not a plain button).
        Transition("undertake", _("Record the undertaker"), (PUBLISHING,), UNDERTAKEN, "project.undertake",
                   requires=("organization",), checks=(_undertaker_fits,), effects=(_set_undertaker,)),
        Transition("start", _("Start delivery"), (UNDERTAKEN,), IN_PROGRESS, "project.start"),
        Transition("submit_acceptance", _("Submit for acceptance"), (IN_PROGRESS,), ACCEPTANCE,
                   "project.submit_acceptance"),
        Transition("accept", _("Accept the project"), (ACCEPTANCE,), ACCEPTED, "project.accept",
                   guards=(checklist_complete,), style="success"),
        Transition("return_acceptance", _("Not accepted yet: back to delivery"), (ACCEPTANCE,), IN_PROGRESS,
                   "project.accept", reason_required=True, style="warning"),
        Transition("await_evaluation", _("Send for evaluation"), (ACCEPTED,), EVALUATION, "project.await_evaluation"),
        Transition("close", _("Close the project"), (EVALUATION,), CLOSED, "project.close", manual=False),
        Transition("suspend", _("Suspend"), SUSPENDABLE, SUSPENDED, "project.suspend", reason_required=True,
                   effects=(_suspend,), style="warning"),
        Transition("resume", _("Resume the project"), (SUSPENDED,), IN_PROGRESS, "project.suspend",
                   routes=_RESUME_ROUTES, effects=(_resume,)),
        Transition("terminate", _("Terminate the project"), (APPROVED, PUBLISHING, UNDERTAKEN, IN_PROGRESS, SUSPENDED),
                   TERMINATED, "project.terminate", reason_required=True,
                   reason_label=_("Why, and the funds to recover"), effects=(_terminated, needs_back_to_list),
                   style="danger"),
    ),
)


# --- the change request (变更申请): submitted → approved / rejected by the street --------------------------

CR_SUBMITTED, CR_APPROVED, CR_REJECTED = "submitted", "approved", "rejected"


def _change_still_possible(step):
    if step.obj.project.status not in CHANGEABLE_STATES:
        return _("The project is now “%(state)s”: its plan can no longer be changed.") % {
            "state": PROJECT_PROCESS.label(step.obj.project.status)}
    return None


def _apply_change(step) -> None:
    """The proposed plan replaces the project's, and is kept as the next plan version."""
    from .plan import apply_snapshot

    change = step.obj
    project = type(change.project)._default_manager.get(pk=change.project_id)  # locked by _lock_change
    apply_snapshot(project, change.proposed, user=step.user)
    number = (project.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    project.versions.create(number=number, snapshot=snapshot(project), change_request=change, created_by=step.user,
                            note=str(_("Change request no. %(id)s approved") % {"id": change.pk}))
    record_decision(step)


def record_decision(step) -> None:
    """Who decided a request (a change request, the delivery's budget adjustment), when, and why."""
    step.set(decided_by=step.user, decided_at=timezone.now(), decision_reason=step.reason[:1000])


def _lock_change(change):
    """The project first, then the request: the order every change-request service uses."""
    type(change.project)._default_manager.select_for_update().get(pk=change.project_id)
    return type(change)._default_manager.select_for_update().get(pk=change.pk)


CHANGE_PROCESS = Process(
    key="project_change",
    initial=CR_SUBMITTED,
    error=ProjectError,
    lock=_lock_change,
    states=(
        State(CR_SUBMITTED, _("Awaiting the street"), tone="info"),
        State(CR_APPROVED, _("Approved"), tone="success"),
        State(CR_REJECTED, _("Turned down"), tone="danger"),
    ),
    transitions=(
        Transition("approve", _("Approve the change"), (CR_SUBMITTED,), CR_APPROVED, "project.change_approve",
                   guards=(_change_still_possible,), effects=(_apply_change,), style="success"),
        Transition("reject", _("Reject the change"), (CR_SUBMITTED,), CR_REJECTED, "project.change_approve",
                   reason_required=True, effects=(record_decision,), style="danger"),
    ),
)
