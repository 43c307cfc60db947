"""A venture round's and an application's processes, as data.

Round: draft → open (applications) → review (the panel scores) → ranked (panel closed: ranking and awards
computed) → publicity (公示, the objection period) → awarded (results final) → closed.
Application: submitted → passed / failed (formal check) → awarded / not_awarded (set by the ranking) →
agreed (agreement signed: the project exists and its tranches are planned).
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

from .errors import VentureError

DRAFT, OPEN, REVIEW, RANKED, PUBLICITY, AWARDED, CLOSED = (
    "draft", "open", "review", "ranked", "publicity", "awarded", "closed")
SUBMITTED, PASSED, FAILED, WON, NOT_WON, AGREED = (
    "submitted", "passed", "failed", "awarded", "not_awarded", "agreed")
TRANCHE_PLANNED = "planned"


def _objection_period_over(step):
    ends = step.obj.publicity_ends
    if ends and timezone.localdate() <= ends:
        return _("The objection period runs until %(date)s: the results are final only after it.") % {
            "date": ends.isoformat()}
    return None


OBJECTION_DAYS = 7  # the objection period when the round did not set its own end (DOMAIN.md §5.1)


def _objection_period(step):
    today = timezone.localdate()
    if step.obj.publicity_ends is None or step.obj.publicity_ends < today:
        step.set(publicity_ends=today + dt.timedelta(days=OBJECTION_DAYS))


def _round_reviewing(step):
    if step.obj.round.status not in (OPEN, REVIEW):
        return _("The formal check is made while the round takes applications or is in review.")
    return None


def _record_check_reason(step):
    step.set(check_reason=step.reason)


ROUND_PROCESS = Process(
    key="venture_round",
    initial=DRAFT,
    error=VentureError,
    states=(
        State(DRAFT, _("Draft"), tone="neutral"),
        State(OPEN, _("Open for applications"), tone="info"),
        State(REVIEW, _("In review"), tone="progress"),
        State(RANKED, _("Ranked"), tone="progress"),
        State(PUBLICITY, _("In publicity"), tone="warning"),
        State(AWARDED, _("Results confirmed"), tone="success"),
        State(CLOSED, _("Round closed"), tone="muted"),
    ),
    transitions=(
        Transition("open", _("Open for applications"), (DRAFT,), OPEN, "venture_round.manage"),
        Transition("start_review", _("Close applications and start the review"), (OPEN,), REVIEW,
                   "venture_round.manage"),
        Transition("close_panel", _("Close the panel and rank"), (REVIEW,), RANKED, "venture_round.manage",
                   manual=False),
        Transition("publish", _("Publish the results (公示)"), (RANKED,), PUBLICITY, "venture_round.manage",
                   effects=(_objection_period,),
                   confirm=_("The awarded projects, organizations, amounts and scores become public. Go on?")),
        Transition("confirm", _("Confirm the results"), (PUBLICITY,), AWARDED, "venture_round.manage",
                   guards=(_objection_period_over,)),
        Transition("close", _("Close the round"), (AWARDED,), CLOSED, "venture_round.manage", style="secondary"),
    ),
)

APPLICATION_PROCESS = Process(
    key="venture_application",
    initial=SUBMITTED,
    error=VentureError,
    states=(
        State(SUBMITTED, _("Application submitted"), tone="info"),
        State(PASSED, _("Passed the formal check"), tone="progress"),
        State(FAILED, _("Failed the formal check"), tone="danger"),
        State(WON, _("Awarded"), tone="success"),
        State(NOT_WON, _("Not awarded"), tone="muted"),
        State(AGREED, _("Agreement signed"), tone="success"),
    ),
    transitions=(
        Transition("pass_check", _("Pass the formal check"), (SUBMITTED,), PASSED, "venture_round.manage",
                   guards=(_round_reviewing,), style="success"),
        Transition("fail_check", _("Fail the formal check"), (SUBMITTED,), FAILED, "venture_round.manage",
                   guards=(_round_reviewing,), reason_required=True, effects=(_record_check_reason,),
                   style="danger"),
        Transition("award", _("Award"), (PASSED,), WON, "venture_round.manage", manual=False),
        Transition("not_award", _("Not awarded"), (PASSED,), NOT_WON, "venture_round.manage", manual=False),
        Transition("sign", _("Sign the agreement"), (WON,), AGREED, "venture_round.manage", manual=False),
    ),
)
