"""The home page (工作台): what each step puts on it, registered the way navigation is (``shell.register_nav``).

A step declares, from its ``AppConfig.ready`` (in its own ``home.py``):

- ``register_home_queue(order=, label=, url_name=, query=, action=, count=, hint=, tone=)``: a count of what
  waits for the user, linked to the step's list filtered by ``query`` (the list must show exactly what was
  counted: ``count`` uses the list's own selector, always through ``wuse.access``). Shown to users who hold
  ``action`` somewhere; ``count(user) -> int`` is one query whatever the number of rows.
- ``register_home_shortcut(order=, label=, url_name=, action=)``: a usual first action (登记需求, 记录服务…),
  shown to users who hold ``action`` somewhere.
- ``register_home_panel(order=, template=, context=)``: a card of its own (the volunteer's hours, balances
  and certificate); ``context(user)`` returns the template's context, or None to leave the card out. A
  constant number of queries.

The core knows none of them: it asks the registrations below and renders what they return.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wuse.access import api as access

# Badge classes of a queue's count (zero counts are always muted); the tone is declared with the queue.
TONES = {"primary": "text-bg-primary", "warning": "text-bg-warning", "danger": "text-bg-danger"}
MUTED = "bg-body-secondary text-body-secondary"


@dataclass(frozen=True)
class Queue:
    order: int
    label: Any
    url_name: str
    query: dict
    action: str
    count: Callable[[Any], int]
    hint: Any = ""
    tone: str = "primary"


@dataclass(frozen=True)
class Shortcut:
    order: int
    label: Any
    url_name: str
    action: str | None


@dataclass(frozen=True)
class Panel:
    order: int
    template: str
    context: Callable[[Any], dict | None]


QUEUES: list[Queue] = []
# The core's own first actions (its installation duties); steps add theirs with register_home_shortcut.
SHORTCUTS: list[Shortcut] = [
    Shortcut(900, _("Audit log"), "audit:list", "audit.view"),
    Shortcut(910, _("Accounts and roles"), "admin:index", "accounts.manage"),
]
PANELS: list[Panel] = []


def register_home_queue(*, order: int, label, url_name: str, action: str, count: Callable[[Any], int],
                        query: dict | None = None, hint="", tone: str = "primary") -> None:
    if tone not in TONES:
        raise ValueError(f"home queue tone {tone!r}: one of {sorted(TONES)}")
    QUEUES.append(Queue(order, label, url_name, dict(query or {}), action, count, hint, tone))
    QUEUES.sort(key=lambda item: item.order)


def register_home_shortcut(*, order: int, label, url_name: str, action: str | None) -> None:
    SHORTCUTS.append(Shortcut(order, label, url_name, action))
    SHORTCUTS.sort(key=lambda item: item.order)


def register_home_panel(*, order: int, template: str, context: Callable[[Any], dict | None]) -> None:
    PANELS.append(Panel(order, template, context))
    PANELS.sort(key=lambda item: item.order)


# ---- what the home page shows for a user -------------------------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    label: str
    url: str
    count: int
    hint: str
    badge: str  # classes of the count's badge

    @property
    def muted(self) -> bool:
        return not self.count


@dataclass(frozen=True)
class ShortcutItem:
    label: str
    url: str


@dataclass(frozen=True)
class PanelItem:
    template: str
    context: dict


def queues_for(user) -> list[QueueItem]:
    """The queues the user holds, each counted (one query each) and linked to its filtered list; a queue whose
    ``count(user)`` answers None is left out (it holds the action but cannot have work of that kind)."""
    items = []
    for queue in QUEUES:
        if not access.has_action(user, queue.action):
            continue
        count = queue.count(user)
        if count is None:  # the queue is not for this user at all (a reviewer on no panel): no muted zero
            continue
        url = reverse(queue.url_name) + (f"?{urlencode(queue.query)}" if queue.query else "")
        items.append(QueueItem(str(queue.label), url, count, str(queue.hint or ""),
                               TONES[queue.tone] if count else MUTED))
    return items


def shortcuts_for(user) -> list[ShortcutItem]:
    return [ShortcutItem(str(s.label), reverse(s.url_name)) for s in SHORTCUTS
            if s.action is None or access.has_action(user, s.action)]


def panels_for(user) -> list[PanelItem]:
    items = []
    for panel in PANELS:
        context = panel.context(user)
        if context is not None:
            items.append(PanelItem(panel.template, context))
    return items
