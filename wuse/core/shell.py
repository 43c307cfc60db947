"""What the base layout shows for a user: their units, the navigation and the breadcrumbs."""

from dataclasses import dataclass

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wuse.access import api as access
from wuse.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    key: str
    more: bool = False  # under the menu's "More" (更多) rather than on the bar


# (order, label, url name, action the user must hold somewhere, under "More", the model whose reach also counts);
# steps add theirs with register_nav.
NAV = [
    (0, _("Home"), "core:home", None, False, None),
    (900, _("Audit log"), "audit:list", "audit.view", False, None),
]


def register_nav(*, order: int, label, url_name: str, action: str | None, more: bool = False, model=None) -> None:
    """A menu entry; ``more``: an occasional page (meetings, surveys, the time bank), listed under "More" so the
    bar keeps one line at 1,200 px whatever the steps add; ``model``: the entry also shows to those who hold
    ``action`` through that model's reach (``has_action(…, model=)``: an organization's members, an evaluator)."""
    NAV.append((order, label, url_name, action, more, model))
    NAV.sort(key=lambda item: item[0])
    _NAV_DRAWN.clear()


# The menu's entries with their labels worded and their addresses reversed, per language and script prefix:
# drawn on every page, the same for everyone (who sees which entry is ``nav_for``'s question).
_NAV_DRAWN: dict[tuple[str, str], list[tuple[NavItem, str | None, type | None]]] = {}


def _nav_drawn() -> list[tuple[NavItem, str | None, type | None]]:
    key = (get_language(), get_script_prefix())
    drawn = _NAV_DRAWN.get(key)
    if drawn is None:
        drawn = _NAV_DRAWN[key] = [(NavItem(str(label), reverse(name), name, more), action, model)
                                   for _order, label, name, action, more, model in NAV]
    return drawn


def nav_for(user) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    return [item for item, action, model in _nav_drawn()
            if action is None or access.has_action(user, action, model=model)]


# What a unit's page links to (order, label, url name, action the user must hold somewhere); each link
# opens the step's list filtered to the unit with ``?region=<code>``. Steps add theirs with register_region_link.
REGION_LINKS: list[tuple[int, object, str, str]] = []


def register_region_link(*, order: int, label, url_name: str, action: str) -> None:
    REGION_LINKS.append((order, label, url_name, action))
    REGION_LINKS.sort(key=lambda item: item[0])


def region_links_for(user, region) -> list[NavItem]:
    return [NavItem(str(label), f"{reverse(name)}?region={region.code}", name)
            for _order, label, name, action in REGION_LINKS if access.has_action(user, action)]


@dataclass(frozen=True)
class UnitRole:
    role: str  # the role's label, worded
    unit: str  # the unit's name


def units_for(user) -> list[UnitRole]:
    """The user's roles and units for the header (read once with the access grants; the role's label looked up
    in its choices, not through ``get_role_display`` on every page)."""
    if not user.is_authenticated:
        return []
    return [UnitRole(str(Role(m.role).label), m.region.name) for m in access.membership_rows(user)]


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str | None  # None where the user may not open the unit


def breadcrumbs(user, region) -> list[Crumb]:
    """The path from the city down to ``region``, linked only where the user may look."""
    return [Crumb(unit.name, reverse("core:region", args=[unit.code])
                  if access.can(user, "region.view", unit) else None) for unit in region.path()]
