"""The two processes of 民生微实事 (DOMAIN §5.2).

A round: collecting (residents propose) → deliberating (the 民生议事会 shortlists) → voting (one vote per verified
phone) → closed (the result is published; the community confirms the winners).
A proposal: proposed → shortlisted / not shortlisted (the council) → confirmed (it became a project).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition
from wuse.workflow.services import assign

from .errors import MicroError

# The round.
COLLECTING, DELIBERATING, VOTING, CLOSED = "collecting", "deliberating", "voting", "closed"
# The proposal.
PROPOSED, SHORTLISTED, NOT_SHORTLISTED, CONFIRMED = "proposed", "shortlisted", "not_shortlisted", "confirmed"


def _has_proposals(step):
    from .models import Proposal

    if not Proposal.objects.filter(round=step.obj).exists():
        return _("No resident has proposed anything yet.")
    return None


def _council_done(step):
    from .models import Proposal

    if not step.obj.meeting_id:
        return _("Link the livelihood council meeting that deliberated the proposals first.")
    states = set(Proposal.objects.filter(round=step.obj).values_list("status", flat=True))
    if PROPOSED in states:
        return _("The council has not decided on every proposal yet.")
    if SHORTLISTED not in states:
        return _("The council shortlisted no proposal: there is nothing to vote on.")
    return None


def _opened(step):
    step.set(vote_opens=timezone.now())


def _closed(step):
    now = timezone.now()
    if step.obj.vote_closes is None or step.obj.vote_closes > now:
        step.set(vote_closes=now)


def _round_closed(step):
    if step.obj.round.status != CLOSED:
        return _("The vote of this round is not closed yet.")
    return None


ROUND_PROCESS = Process(
    key="micro_round",
    initial=COLLECTING,
    error=MicroError,
    states=(
        State(COLLECTING, _("Collecting proposals"), tone="info"),
        State(DELIBERATING, _("Council deliberating"), tone="progress"),
        State(VOTING, _("Residents voting"), tone="progress"),
        State(CLOSED, _("Vote closed"), tone="success"),
    ),
    transitions=(
        Transition("deliberate", _("Close proposals for deliberation"), (COLLECTING,), DELIBERATING, "micro.run",
                   guards=(_has_proposals,), confirm=_("Close the round to new proposals?")),
        Transition("open_vote", _("Open the vote"), (DELIBERATING,), VOTING, "micro.run", guards=(_council_done,),
                   effects=(_opened,), confirm=_("Open the residents' vote on the shortlisted proposals?")),
        Transition("close_vote", _("Close the vote and publish the result"), (VOTING,), CLOSED, "micro.run",
                   effects=(_closed,), confirm=_("Close the vote? No more votes will be taken.")),
    ),
)

PROPOSAL_PROCESS = Process(
    key="micro_proposal",
    initial=PROPOSED,
    error=MicroError,
    states=(
        State(PROPOSED, _("Awaiting the council"), tone="info"),
        State(SHORTLISTED, _("Shortlisted"), tone="progress"),
        State(NOT_SHORTLISTED, _("Not shortlisted"), tone="muted"),
        State(CONFIRMED, _("Confirmed"), tone="success"),
    ),
    transitions=(
        Transition("shortlist", _("Shortlist"), (PROPOSED,), SHORTLISTED, "micro.deliberate",
                   guards=(lambda step: None if step.obj.round.status == DELIBERATING
                           else _("The council deliberates once the round is closed to proposals."),)),
        Transition("decline", _("Do not shortlist"), (PROPOSED,), NOT_SHORTLISTED, "micro.deliberate",
                   reason_required=True, style="secondary",
                   guards=(lambda step: None if step.obj.round.status == DELIBERATING
                           else _("The council deliberates once the round is closed to proposals."),),
                   effects=(lambda step: step.set(reason=step.reason[:300]),)),
        Transition("confirm", _("Confirm"), (SHORTLISTED,), CONFIRMED, "micro.confirm", manual=False,
                   guards=(_round_closed,), effects=(assign("project"),), requires=("project",)),
    ),
)
