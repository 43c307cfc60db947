"""The published needs list (需求清单): its process as data.

Community staff assemble listed needs into a list for a period and submit it; the street
approves (which publishes a new version) or returns it with comments. A published list can
be revised: editing starts the next version, and every published version stays readable.
"""

from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

DRAFT, IN_REVIEW, PUBLISHED = "draft", "in_review", "published"

NEEDS_LIST_PROCESS = Process(
    key="needs_list",
    initial=DRAFT,
    states=(
        State(DRAFT, _("Draft")),
        State(IN_REVIEW, _("With the street for review")),
        State(PUBLISHED, _("Published")),
    ),
    transitions=(
        Transition("submit", _("Submit to the street"), (DRAFT,), IN_REVIEW, "needs_list.submit"),
        Transition("approve", _("Approve and publish"), (IN_REVIEW,), PUBLISHED, "needs_list.approve",
                   manual=False, style="success"),
        Transition("return", _("Return with comments"), (IN_REVIEW,), DRAFT, "needs_list.return",
                   reason_required=True, reason_label=_("Comments for the community"), style="warning"),
        Transition("revise", _("Revise (starts the next version)"), (PUBLISHED,), DRAFT, "needs_list.revise",
                   style="secondary"),
    ),
)
