"""The needs table's rows, ready to print: the register and "waiting for me" draw twenty of them on every
request, so what each cell shows (the link, the local dates, the overdue mark, the state badge) is worked out
here once per row, in Python, and the template only prints it."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from wuse.core.templatetags.wuse_tags import state_badge

from .workflow import NEED_PROCESS

_PLACEHOLDER = 2_147_483_647


@dataclass(frozen=True, slots=True)
class NeedRow:
    url: str
    title: str
    support_count: int
    backed: bool  # more residents than the proposer back it
    pressing: str  # the urgency's label when high or urgent, else ""
    community: str
    category: str
    badge: SafeString
    answer_by: str
    overdue: bool
    registered: str


def table_rows(needs) -> list[NeedRow]:
    """One ``NeedRow`` per need of ``needs`` (a page: ``Need.objects.for_table()`` rows)."""
    detail = reverse("needs:detail", args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    return [NeedRow(
        url=detail.format(need.pk), title=need.title, support_count=need.support_count,
        backed=need.support_count > 1, pressing=need.get_urgency_display() if need.is_pressing else "",
        community=need.community.name, category=need.category.label, badge=state_badge(NEED_PROCESS, need),
        answer_by=need.response_deadline.isoformat() if need.response_deadline else "",
        overdue=need.is_overdue_on(today),
        registered=need.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
    ) for need in needs]
