"""The tabs of a project's page, registered the way navigation is: the planning step declares its own (plan,
needs, co-design, participants, versions, timeline) and placeholders for activities, money and documents; the
delivery increment (``projects/delivery``) registers tabs with the same keys from its ``AppConfig.ready`` and
so replaces the placeholders, without editing this step's templates.

``register_tab(key=, label=, order=, template=, context=, action=)``: ``context(request, project) -> dict`` is
called only for the tab being shown (one tab's queries per page); the tab is listed for users who hold
``action`` on the project (``wuse.access``, reaches included).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wuse.access import api as access


@dataclass(frozen=True)
class Tab:
    key: str
    label: Any
    order: int
    template: str
    context: Callable[[Any, Any], dict] | None = None
    action: str = "project.view"
    placeholder: bool = False


TABS: dict[str, Tab] = {}


def register_tab(*, key: str, label, order: int, template: str, context=None, action: str = "project.view",
                 placeholder: bool = False) -> Tab:
    """Declare a tab of the project page (registering a key again replaces it: a placeholder gives way)."""
    tab = Tab(key, label, order, template, context, action, placeholder)
    TABS[key] = tab
    return tab


def tabs_for(user, project) -> list[Tab]:
    """The tabs the user may open on ``project``, in order."""
    allowed: dict[str, bool] = {}
    shown = []
    for tab in sorted(TABS.values(), key=lambda t: (t.order, t.key)):
        if tab.action not in allowed:
            allowed[tab.action] = access.can(user, tab.action, project)
        if allowed[tab.action]:
            shown.append(tab)
    return shown

