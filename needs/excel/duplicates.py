"""Likely duplicates in an upload, reported as warnings (never errors): the same community and title
twice in the file, or already registered in a community the user sees."""

from django.utils.translation import gettext as _

from wuse.access import api as access

from ..models import Need
from .columns import TITLE
from .report import ImportReport, Problem

_CHUNK = 500  # (community, title) pairs looked up per query


def flag_duplicates(user, report: ImportReport) -> None:
    """Add a warning per duplicated row to ``report`` (sorted by row and column)."""
    first: dict[tuple[str, str], int] = {}
    for row in report.valid:
        key = (row.community.code, row.title)
        if key in first:
            report.warnings.append(Problem(row.number, TITLE, _("Same community and title as row %(row)s.")
                                           % {"row": first[key]}))
        else:
            first[key] = row.number
    registered: dict[tuple[str, str], int] = {}
    keys = list(first)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start:start + _CHUNK]
        found = (access.scoped(user, "need.view", Need.objects.all())
                 .filter(community_id__in={code for code, _t in chunk}, title__in={t for _c, t in chunk})
                 .order_by("-id").values_list("community_id", "title", "pk"))
        for code, title, pk in found:
            registered.setdefault((code, title), pk)
    for key, number in first.items():
        if key in registered:
            report.warnings.append(Problem(number, TITLE, _(
                "A need with this title is already registered in this community (no. %(id)s).")
                % {"id": registered[key]}))
    report.warnings.sort(key=lambda p: (p.row or 0, p.column))
