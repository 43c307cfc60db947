"""The projects step's reminder rules (``wuse.notify``): the reviews and the acceptance waiting too long.

Each waits from the day the project entered its state (its latest state change into it, read in the same query);
the responsible unit is the one that acts: the project's street for the street review (a community's project or
the street's own), its district for the district review, the project's own unit for the acceptance. The delivery's
rules (milestones, the final report) are in ``projects.delivery.reminders``.
"""

from django.db.models import CharField, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext_lazy as _

from needs.reminders import entered_state_at, street_of
from wuse.notify.rules import Rule, register_rule

from .workflow import ACCEPTANCE, DISTRICT_REVIEW, STREET_REVIEW

GROUP = _("Projects")


def district_of(field: str):
    return Concat(Substr(field, 1, 6), Value("000000"), output_field=CharField())


def in_state(state: str, **annotations):
    from .models import Project

    return Project.objects.filter(status=state).annotate(entered_at=entered_state_at(Project), **annotations)


def register() -> None:
    register_rule(Rule(
        key="projects.street_review", group=GROUP, order=20, label=_("Project waiting for the street's review"),
        help=_("A project submitted for the street's review and not yet approved, returned or refused."),
        pending=lambda: in_state(STREET_REVIEW, street=street_of("region_id")),
        anchor="entered_at", days=5, days_help=_("days after it was submitted"), escalate=(None, 5),
        unit="street", action="project.review_street", title="title", link=("projects:detail", "pk"),
    ))
    register_rule(Rule(
        key="projects.district_review", group=GROUP, order=21, label=_("Project waiting for the district's review"),
        help=_("A project above the district's threshold, approved by the street and not yet reviewed by the "
               "district."),
        pending=lambda: in_state(DISTRICT_REVIEW, district=district_of("region_id")),
        anchor="entered_at", days=7, days_help=_("days after the street approved it"), escalate=(None, None),
        unit="district", action="project.review_district", title="title", link=("projects:detail", "pk"),
    ))
    register_rule(Rule(
        key="projects.acceptance_pending", group=GROUP, order=25, label=_("Project waiting for acceptance"),
        help=_("A delivered project submitted for acceptance and not yet accepted or sent back to delivery."),
        pending=lambda: in_state(ACCEPTANCE),
        anchor="entered_at", days=7, days_help=_("days after it was submitted for acceptance"),
        unit="region_id", action="project.accept", title="title", link=("projects:detail", "pk"),
    ))
