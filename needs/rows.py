"""The needs table's rows, ready to print: the register and "waiting for me" draw twenty of them on every
request, so what each cell shows (the link, the local dates, the overdue mark, the state badge) is worked out
here once per row, in Python, and ``table_html`` draws the rows' markup (twenty rows of six cells through the
template engine cost more than the page's query: each value escaped through Django's lazy-aware wrapper)."""

from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


def table_html(rows: list[NeedRow]) -> SafeString:
    """The table body's rows; every value escaped (``html.escape`` escapes what Django's ``escape`` does)."""
    if not rows:
        return format_html('<tr><td colspan="6">{}</td></tr>', _("No needs here yet."))
    backing, overdue = escape(_("residents backing it")), escape(_("overdue"))
    drawn = []
    for row in rows:
        title = f'<a href="{escape(row.url)}">{escape(row.title)}</a>'
        if row.backed:
            title += f' <span class="badge text-bg-warning" title="{backing}">+{row.support_count:d}</span>'
        if row.pressing:
            title += f' <span class="badge text-bg-danger">{escape(str(row.pressing))}</span>'
        late, answer_by = (" text-danger fw-bold", f"{escape(row.answer_by)} · {overdue}") if row.overdue \
            else ("", escape(row.answer_by))
        drawn.append(f'<tr><td>{title}</td><td class="d-none d-md-table-cell">{escape(row.community)}</td>'
                     f'<td>{escape(row.category)}</td><td>{row.badge}</td>'
                     f'<td class="d-none d-md-table-cell{late}">{answer_by}</td>'
                     f'<td class="d-none d-lg-table-cell">{escape(row.registered)}</td></tr>')
    return mark_safe("\n".join(drawn))  # noqa: S308 (every value escaped above; the badge is format_html's)


def count_chips(status_counts, selected: str, region_code: str) -> SafeString:
    """The states with needs as filter buttons, each with its count (``counts.status_counts``' rows)."""
    region = f"&amp;region={escape(region_code)}" if region_code else ""
    return mark_safe("\n".join(  # noqa: S308 (every value escaped)
        f'<a class="btn btn-sm {"btn-secondary" if code == selected else "btn-outline-secondary"}" '
        f'href="?status={escape(code)}{region}">{escape(str(label))} <span class="badge text-bg-light">{n:d}</span></a>'
        for code, label, n in status_counts if n))


def category_chips(category_counts, region_code: str) -> SafeString:
    """The categories holding needs as filter links, each with its count (``counts.category_counts``' rows)."""
    region = f"&amp;region={escape(region_code)}" if region_code else ""
    return mark_safe("\n".join(  # noqa: S308 (every value escaped)
        f'<a class="badge rounded-pill text-bg-light border text-decoration-none" '
        f'href="?category={escape(category.code)}{region}">{escape(str(category.label))} {n:d}</a>'
        for category, n in category_counts))
