"""The venture rounds' reminder rules (``wuse.notify``): a reviewer's scores due before the review closes, and a
round still open after its deadline for applications (its runners should start the review)."""

from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from wuse.notify.rules import Rule, register_rule

from .workflow import OPEN, PASSED, REVIEW

GROUP = _("Charity venture rounds")


def unscored_panels():
    """(round, reviewer) seats of rounds in review where the reviewer has a passed application left to score
    (not one of their own organizations')."""
    from wuse.registry.organizations.models import OrganizationMember

    from .models import Application, Round, Score

    left = (Application.objects.filter(round_id=OuterRef("round_id"), status=PASSED)
            .exclude(Exists(Score.objects.filter(application=OuterRef("pk"), reviewer=OuterRef(OuterRef("user_id")))))
            .exclude(Exists(OrganizationMember.objects.filter(organization=OuterRef("organization_id"),
                                                               user=OuterRef(OuterRef("user_id"))))))
    return (Round.reviewers.through.objects.filter(round__status=REVIEW).filter(Exists(left))
            .annotate(review_closes=F("round__review_closes")))


def open_after_deadline():
    from .models import Round

    return Round.objects.filter(status=OPEN)


def register() -> None:
    register_rule(Rule(
        key="venture.scores_due", group=GROUP, order=65, label=_("Venture scores due"),
        help=_("A reviewer of a round in review has applications left to score before the review closes."),
        pending=unscored_panels, anchor="review_closes", before=True, days=3,
        days_help=_("days before the review closes"), escalate=(None, None), unit="round__region_id",
        user="user_id", title="round__title", link=("venture:round", "round_id"),
    ))
    register_rule(Rule(
        key="venture.call_closed", group=GROUP, order=66, label=_("Venture round still open after its deadline"),
        help=_("The deadline for applications has passed and the round has not moved to the review."),
        pending=open_after_deadline, anchor="call_closes", days=1, days_help=_("days after the deadline"),
        escalate=(None, None), unit="region_id", action="venture_round.manage", title="title",
        link=("venture:round", "pk"),
    ))
