"""The rules' switches and delays in force: the rule's defaults, the installation's row, a district's row.

Read once per sweep (one query). A row with a delay below one day is refused by the forms; one that got
in another way (the admin site, a shell) is not used: the units it governs get no reminder of that rule,
and the sweep logs why.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings

from .models import RuleSetting
from .rules import Rule, district_of

log = logging.getLogger(__name__)


def stale() -> timedelta:
    """A batch published this long ago and still waiting was lost (a worker killed before it started, a broker
    restarted without it): the next sweep publishes it again. Sending it twice is harmless."""
    return timedelta(seconds=settings.WUSE_NOTIFY_STALE_SECONDS)


@dataclass(frozen=True)
class Effective:
    enabled: bool
    days: int
    escalate: tuple[int | None, int | None]  # to the street, to the district: days after the due date
    source: str = "default"  # "default", "top" or the district's code

    @property
    def valid(self) -> bool:
        return self.days >= 1 and all(d is None or d >= 1 for d in self.escalate)

    def escalation_days(self, target_level_index: int) -> int | None:
        return self.escalate[target_level_index]


def from_row(row: RuleSetting, source: str) -> Effective:
    return Effective(row.enabled, row.days, (row.escalate_street, row.escalate_district), source)


def default(rule: Rule) -> Effective:
    return Effective(True, rule.days, tuple(rule.escalate))


def tighter(rule: Rule, top: Effective, district: Effective) -> Effective:
    """A district's row may only tighten the installation's: where the installation later tightens past it,
    the installation's value applies (days: fewer, or more for a heads-up; escalation: sooner; switched on if
    either is). A district that switched on a rule the installation has off uses its own values."""
    if not top.enabled:
        return district
    if not (top.valid and district.valid):
        return district if not district.valid else top
    days = max(top.days, district.days) if rule.before else min(top.days, district.days)
    escalate = tuple(a if b is None else b if a is None else min(a, b) for a, b in zip(top.escalate, district.escalate,
                                                                                     strict=True))
    return Effective(True, days, escalate, district.source)


class Config:
    def __init__(self, rows) -> None:
        self.top: dict[str, RuleSetting] = {}
        self.districts: dict[str, dict[str, RuleSetting]] = {}
        for row in rows:
            if district_of(row.region_id) is None:
                self.top[row.rule] = row
            else:
                self.districts.setdefault(row.rule, {})[row.region_id] = row
        self.warned: set[tuple[str, str]] = set()

    @classmethod
    def load(cls) -> "Config":
        return cls(RuleSetting.objects.all())

    def installation(self, rule: Rule) -> Effective:
        row = self.top.get(rule.key)
        return from_row(row, "top") if row else default(rule)

    def for_unit(self, rule: Rule, code: str) -> Effective:
        district = district_of(code)
        row = self.districts.get(rule.key, {}).get(district) if district else None
        top = self.installation(rule)
        effective = tighter(rule, top, from_row(row, district)) if row else top
        if not effective.valid:
            self._warn(rule, effective)
            return Effective(False, max(effective.days, 1), (None, None), effective.source)
        return effective

    def all_effective(self, rule: Rule) -> list[Effective]:
        top = self.installation(rule)
        rows = self.districts.get(rule.key, {}).items()
        return [top, *(tighter(rule, top, from_row(row, code)) for code, row in rows)]

    def day_range(self, rule: Rule) -> tuple[int, int] | None:
        """The smallest and largest delay any unit uses, or None when the rule is off everywhere."""
        days = [e.days for e in self.all_effective(rule) if e.enabled and e.valid]
        for e in self.all_effective(rule):
            if not e.valid:
                self._warn(rule, e)
        return (min(days), max(days)) if days else None

    def _warn(self, rule: Rule, effective: Effective) -> None:
        if (rule.key, effective.source) not in self.warned:
            self.warned.add((rule.key, effective.source))
            log.warning("reminder rule %s: the setting of %s has a delay below one day (%s, escalation %s); "
                        "its units get no reminder of this rule until it is corrected",
                        rule.key, effective.source, effective.days, effective.escalate)
