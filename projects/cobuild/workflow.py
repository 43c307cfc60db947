"""The co-building list's lifecycle as data: 草稿 → 已发布 → 已关闭.

A draft is built by the community (its pledges added, removed and matched); publishing freezes its pledges (only
their fulfilment — the deliveries — and the co-building project made from a match change afterwards); closing ends
the period: nothing more is recorded. Publishing and closing are for the community's staff and its street."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wuse.workflow.process import Process, State, Transition

from .errors import CobuildError

DRAFT, PUBLISHED, CLOSED = "draft", "published", "closed"
PUBLIC_STATES = (PUBLISHED, CLOSED)


def has_pledges(step):
    if not step.obj.pledges.exists():
        return _("Add at least one pledge before publishing the list.")
    return None


def _published(step) -> None:
    step.set(published_at=timezone.now(), published_by=step.user)


def _closed(step) -> None:
    step.set(closed_at=timezone.now())


LIST_PROCESS = Process(
    key="cobuild_list",
    initial=DRAFT,
    error=CobuildError,
    states=(
        State(DRAFT, _("Draft"), tone="neutral"),
        State(PUBLISHED, _("Published"), tone="progress"),
        State(CLOSED, _("Closed"), tone="muted"),
    ),
    transitions=(
        Transition("publish", _("Publish the list"), (DRAFT,), PUBLISHED, "cobuild.publish",
                   guards=(has_pledges,), effects=(_published,), style="success",
                   refusals={PUBLISHED: _("The list is already published."),
                             CLOSED: _("The list is closed.")},
                   confirm=_("Publish the list? Its pledges are then frozen and shown on the public page.")),
        Transition("close", _("Close the list"), (PUBLISHED,), CLOSED, "cobuild.publish",
                   effects=(_closed,), style="danger",
                   refusals={DRAFT: _("Only a published list is closed."), CLOSED: _("The list is already closed.")},
                   confirm=_("Close the list? No more deliveries can be recorded against its pledges.")),
    ),
)
