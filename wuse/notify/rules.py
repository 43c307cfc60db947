"""Reminder rules: declared by the steps, evaluated by the core.

A step says what is due, for whom and from which date in its own ``reminders.py`` and registers it from
``AppConfig.ready``::

    register_rule(Rule(
        key="needs.untriaged", group=_("Needs"), label=_("Need not triaged"),
        pending=lambda: Need.objects.filter(status=Need.Status.REGISTERED),   # the state condition only
        anchor="created_at", days=3, days_help=_("days after registration"),
        unit="community_id", action="need.triage",
        title="title", link=("needs:detail", "pk"),
    ))

``pending()`` returns the rule's model rows that would be due, whatever the date (the core adds the date
window); ``anchor`` is a date or datetime field (or annotation) the days count from; ``before=True`` counts
the days back from it (a deadline coming up). ``unit`` is a field or annotation holding the full division
code of the unit responsible: its members whose role holds ``action`` are told (or, with ``user=``, the one
user that field names), then, while the item stays due, its street and its district after the escalation
delays (``escalate``: days after the due date, (street, district); None for a level it never reaches,
``(None, None)`` for a rule that does not escalate). ``title`` and the ``link``'s argument are
fields or annotations too, read in the same query (``link=(name, None)`` for a page without an argument;
``query=(("year", "notify_year"),)`` appends ``?year=…`` from a field or annotation).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from wuse.regions.levels import PREFIX_LENGTH, Level

# How far back a sweep looks: items due longer ago than this are not reminded any more (they stay on the
# dashboards' overdue boards); it also spares a new installation a flood over its old records.
LOOKBACK_DAYS = 60


@dataclass(frozen=True)
class Rule:
    key: str
    group: str
    label: str
    pending: Callable[[], QuerySet]
    anchor: str
    unit: str
    title: str
    link: tuple[str, str | None]  # (url name, the field its one argument comes from; None: no argument)
    days: int = 3
    days_help: str = ""
    before: bool = False
    escalate: tuple[int | None, int | None] = (3, 7)  # days after the due date: to the street, to the district
    action: str | None = None
    user: str | None = None
    help: str = ""
    order: int = 100
    query: tuple[tuple[str, str], ...] = ()  # (parameter, field) pairs appended to the link: (("year", "year"),)

    def due_on(self, anchor: date, days: int) -> date:
        return anchor - timedelta(days=days) if self.before else anchor + timedelta(days=days)


RULES: dict[str, Rule] = {}


class RuleError(ValueError):
    pass


def register_rule(rule: Rule) -> Rule:
    if rule.key in RULES:
        raise RuleError(f"reminder rule {rule.key!r} is declared twice")
    if rule.days < 1:
        raise RuleError(f"reminder rule {rule.key!r}: days must be at least 1")
    if (rule.action is None) == (rule.user is None):
        raise RuleError(f"reminder rule {rule.key!r}: give exactly one of action= and user=")
    if rule.before and any(d is not None for d in rule.escalate):
        raise RuleError(f"reminder rule {rule.key!r}: a heads-up before a date does not escalate")
    RULES[rule.key] = rule
    return rule


def rules() -> list[Rule]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.key))


def rule(key: str) -> Rule | None:
    return RULES.get(key)


# ------------------------------------------------------------------------------------------- the hierarchy

def level_of(code: str) -> str:
    """A full 12-digit code's level, read off its digits (a street's community part is 000, and so on)."""
    if code[9:] != "000":
        return Level.COMMUNITY
    if code[6:9] != "000":
        return Level.STREET
    if code[4:6] != "00":
        return Level.DISTRICT
    return Level.CITY


def supervisors(code: str) -> list[str]:
    """The units above ``code`` that an overdue item escalates to, nearest first: its street (for a
    community) and its district; nothing above the district."""
    chain = []
    for level in (Level.STREET, Level.DISTRICT):
        length = PREFIX_LENGTH[level]
        if PREFIX_LENGTH[level_of(code)] > length:
            chain.append(code[:length].ljust(12, "0"))
    return chain


def district_of(code: str) -> str | None:
    return code[:6].ljust(12, "0") if PREFIX_LENGTH[level_of(code)] >= PREFIX_LENGTH[Level.DISTRICT] else None
