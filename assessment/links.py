"""Links from a unit's assessment page to the later parts of the step — its dashboard, its children's scores and
ranks under the assessment plan, its yearly report. Each part registers its link from its ``AppConfig.ready``
with ``register_unit_link``; the base page lists the ones the user may follow for that unit and knows none of
them (``assessment`` is an earlier layer than ``assessment.plans``, ``.dashboards`` and ``.reports``)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wuse.access import api as access


@dataclass(frozen=True)
class UnitLink:
    order: int
    label: Any  # lazy text
    url: Callable[[Any, int], str]  # (unit, year) → the page's address
    action: str  # held at the unit (``access.can``)


@dataclass(frozen=True)
class ShownLink:
    label: str
    url: str
    key: str


UNIT_LINKS: list[UnitLink] = []


def register_unit_link(*, order: int, label, url: Callable[[Any, int], str], action: str) -> None:
    UNIT_LINKS.append(UnitLink(order, label, url, action))
    UNIT_LINKS.sort(key=lambda link: link.order)


def unit_links(user, region, year: int) -> list[ShownLink]:
    """The registered links the user may follow at ``region`` (a check of the access table each: no query)."""
    return [ShownLink(str(link.label), link.url(region, year), link.action) for link in UNIT_LINKS
            if access.can(user, link.action, region)]
