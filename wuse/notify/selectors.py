"""Reads of the reminder pages: the user's notifications, their preferences, the rules in force and the send log.

Every list costs the same few queries for one row and for a full page (the page, its count, and the rows'
users and reminders joined in the same query); rule labels come from the declared rules (no query).
"""

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wuse.access import api as access
from wuse.core.pagination import keyset_page, paginate
from wuse.regions.levels import Level
from wuse.regions.models import Region

from .config import Config, Effective
from .models import EmailChoice, Notification, Preference, Reminder, RuleSetting, SendLog, SendOutcome
from .rules import RULES, Rule, level_of, rules

VIEW = "notification.view"
RULES_ACTION = "notify.rules"
LOG_ACTION = "notify.log"
PER_PAGE = 20

# Where a rule's values in force come from, as the rules page says it.
SOURCES = {
    "default": gettext_lazy("defaults"),
    "top": gettext_lazy("installation"),
    "district": gettext_lazy("district"),
}


def rule_label(key: str) -> str:
    rule = RULES.get(key)
    return str(rule.label) if rule else key


def level_label(level: int, unit_code: str) -> str:
    """本单位 / 街道督办 / 区县督办: who a reminder of this level was told."""
    if not level:
        return _("Told the unit")
    if unit_code and level_of(unit_code) == Level.STREET:
        return _("Escalated to the street")
    return _("Escalated to the district")


# ------------------------------------------------------------------------------------------ notifications

def own_notifications(user, *, unread_only: bool = False):
    """The notifications ``user`` received (through the access layer: a notification is its owner's alone),
    newest first."""
    qs = access.scoped(user, VIEW, Notification.objects.all())
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


@dataclass(frozen=True)
class NotificationLine:
    note: Notification
    rule: str
    level: str
    unread: bool


def notifications_page(request, *, unread_only: bool):
    page = paginate(request, own_notifications(request.user, unread_only=unread_only).select_related("reminder"),
                    per_page=PER_PAGE)
    page.lines = [NotificationLine(n, rule_label(n.kind), level_label(n.level, n.reminder.unit_id),
                                   n.read_at is None) for n in page.object_list]
    return page


# -------------------------------------------------------------------------------------------- preferences

@dataclass(frozen=True)
class PreferenceRow:
    rule: Rule
    in_app: bool
    email: str


def preferences_of(user) -> dict[str, tuple[bool, str]]:
    """kind → (in-app, email) of the user's saved preferences (no row: the defaults)."""
    rows = Preference.objects.filter(user=user).values_list("kind", "in_app", "email")
    return {kind: (in_app, email) for kind, in_app, email in rows}


def preference_initial(user) -> dict[str, tuple[bool, str]]:
    saved = preferences_of(user)
    return {rule.key: saved.get(rule.key, (True, EmailChoice.NOW)) for rule in rules()}


def grouped(items, key=lambda rule: rule):
    """``items`` (rules or things holding one) in groups of their rule's group, in the rules' order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(str(key(item).group), []).append(item)
    return list(groups.items())


# --------------------------------------------------------------------------------------------- rule settings

def top_unit() -> Region | None:
    """The installation's top unit: the region without a parent (a city, or a province above its cities)."""
    return Region.objects.filter(parent__isnull=True).order_by("code").first()


@dataclass(frozen=True)
class EditableUnit:
    region: Region
    is_top: bool


def editable_units(user, top: Region | None) -> list[EditableUnit]:
    """The units whose rule settings ``user`` may edit: the installation's row for whoever holds the rules'
    action at the top unit (the city admin), else the districts where they hold it (a district reviewer)."""
    if top is not None and access.can(user, RULES_ACTION, top):
        return [EditableUnit(top, True)]
    is_global, prefixes = access.prefixes(user, RULES_ACTION)
    codes = [p.ljust(12, "0") for p in prefixes if len(p) == 6]
    found = Region.objects.filter(code__in=codes, level=Level.DISTRICT).order_by("code")
    return [EditableUnit(region, False) for region in found]


def unit_for_edit(user, top: Region | None, code: str | None) -> EditableUnit | None:
    units = editable_units(user, top)
    if not units:
        return None
    if code:
        return next((u for u in units if u.region.code == code), None)
    return units[0]


@dataclass(frozen=True)
class RuleLine:
    rule: Rule
    default: Effective
    installation: Effective
    own: Effective | None  # the district's row, for a district's reviewer
    source: str  # where the values in force come from: "default", "top" or "district"
    in_force: Effective
    can_edit: bool

    @property
    def applies(self) -> str:
        """"defaults", "installation" or "district", worded."""
        return str(SOURCES[self.source])


def rule_lines(unit: EditableUnit | None, *, can_edit: bool) -> list[RuleLine]:
    """Every declared rule with its defaults, the installation's values and (for a district) the district's;
    one query for all the settings."""
    config = Config(RuleSetting.objects.all())
    district = None if unit is None or unit.is_top else unit.region.code
    lines = []
    for rule in rules():
        installation = config.installation(rule)
        own_row = config.districts.get(rule.key, {}).get(district) if district else None
        own = Effective(own_row.enabled, own_row.days, (own_row.escalate_street, own_row.escalate_district),
                        district) if own_row else None
        in_force = own or installation
        source = "district" if own else installation.source
        lines.append(RuleLine(rule, _default(rule), installation, own, source, in_force, can_edit))
    return lines


def _default(rule: Rule) -> Effective:
    return Effective(True, rule.days, tuple(rule.escalate))


def setting_initial(rule: Rule, unit: EditableUnit) -> dict:
    config = Config(RuleSetting.objects.filter(rule=rule.key))
    found = config.installation(rule)
    if not unit.is_top:
        row = config.districts.get(rule.key, {}).get(unit.region.code)
        if row:
            found = Effective(row.enabled, row.days, (row.escalate_street, row.escalate_district))
    return {"enabled": found.enabled, "days": found.days, "escalate_street": found.escalate[0],
            "escalate_district": found.escalate[1]}


# ----------------------------------------------------------------------------------------------- send log

CHANNELS = ("email", "-")


def send_log_page(request, *, outcome: str = "", channel: str = ""):
    """The send log, newest first, for whoever holds ``notify.log`` (everyone else: no rows)."""
    qs = access.scoped(request.user, LOG_ACTION, SendLog.objects.all())
    if outcome in SendOutcome.values:
        qs = qs.filter(outcome=outcome)
    if channel in CHANNELS:
        qs = qs.filter(channel=channel)
    page = keyset_page(request, qs.select_related("user", "reminder"), field="at", per_page=PER_PAGE)
    page.lines = [(row, rule_label(row.rule)) for row in page.object_list]
    return page


# --------------------------------------------------------------------------------------------------- chain

@dataclass(frozen=True)
class ChainLine:
    reminder: Reminder
    rule: str
    level: str
    unit: str


def reminder_chain(path: str) -> list[ChainLine]:
    """The reminders about the page at ``path``, by due date then level, with their units' names (one query)."""
    unit_name = Region.objects.filter(code=OuterRef("unit_id")).values("name")[:1]
    rows = Reminder.objects.filter(url=path).annotate(unit_name=Subquery(unit_name)).order_by("due_on", "level", "pk")
    return [ChainLine(r, rule_label(r.rule), level_label(r.level, r.unit_id), r.unit_name or r.unit_id)
            for r in rows]


# ------------------------------------------------------------------------------------------ the header's count

def warm_unread(sender, request, user, **kwargs) -> None:
    """At sign-in, count the user's unread notifications afresh into the cache: the header's bell shows it on
    every page, and the first page after signing in then reads it from the cache like every later one."""
    from . import unread

    unread.forget([user.pk])
    unread.count(user)
