"""Writes of the reminder pages: reading notifications, a user's preferences, the rules' settings.

Each write is audited; the header's unread count is forgotten after a notification is read. A district may
only tighten the installation's rule settings: an earlier reminder (later for a heads-up before a date),
an earlier escalation, never a rule switched off that the installation has on.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuse.access import api as access
from wuse.audit.services import audit_record
from wuse.core.errors import DomainError
from wuse.regions.levels import Level
from wuse.regions.models import Region

from . import unread
from .config import Config
from .models import EmailChoice, Notification, Preference, RuleSetting
from .rules import RULES, Rule
from .selectors import top_unit

MAX_DAYS = 365
RULES_ACTION = "notify.rules"


# ------------------------------------------------------------------------------------------ notifications

def mark_read(user, notification: Notification) -> bool:
    """Mark one of the user's notifications read; False when it already was."""
    if notification.user_id != getattr(user, "pk", None):
        raise PermissionDenied
    changed = Notification.objects.filter(pk=notification.pk, user=user, read_at__isnull=True).update(
        read_at=timezone.now())
    if changed:
        notification.read_at = timezone.now()
        audit_record(action="notify.read", target=notification, changed_fields=["read_at"])
        unread.forget([user.pk])
    return bool(changed)


def mark_all_read(user) -> int:
    """Mark every unread notification of the user read; returns how many."""
    changed = Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
    if changed:
        audit_record(action="notify.read_all", target=None, detail={"notifications": changed})
    unread.forget([user.pk])
    return changed


# -------------------------------------------------------------------------------------------- preferences

def save_preferences(user, data: dict) -> int:
    """Save how the user wants each kind of reminder: ``data`` maps a rule's key to ``{"in_app": bool,
    "email": "off" | "now" | "digest"}``. Everything is checked before anything is saved."""
    errors: dict[str, list[str]] = {}
    rows = []
    for kind, values in data.items():
        rule = RULES.get(kind) if isinstance(kind, str) else None
        if rule is None:
            errors.setdefault("__all__", []).append(
                _("There is no reminder of the kind “%(kind)s”.") % {"kind": str(kind)[:60]})
            continue
        in_app = values.get("in_app") if isinstance(values, dict) else None
        email = values.get("email") if isinstance(values, dict) else None
        if not isinstance(in_app, bool):
            errors.setdefault(f"in_app__{kind}", []).append(
                _("%(rule)s: say whether it goes to the notification centre.") % {"rule": rule.label})
        if email not in EmailChoice.values:
            errors.setdefault(f"email__{kind}", []).append(
                _("%(rule)s: choose one of the email options.") % {"rule": rule.label})
        if not errors:
            rows.append(Preference(user=user, kind=kind, in_app=in_app, email=email))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Preference.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user", "kind"],
                                       update_fields=["in_app", "email"])
        audit_record(action="notify.preferences", target=user, changed_fields=["in_app", "email"],
                     detail={"kinds": sorted(r.kind for r in rows)})
    return len(rows)


# ------------------------------------------------------------------------------------------ rule settings

def _days(value, field: str, label: str, errors: dict, *, optional: bool = False) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        errors[field] = [_("%(label)s: this field is required.") % {"label": label}]
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            errors[field] = [_("%(label)s: enter a whole number of days.") % {"label": label}]
            return None
    if not 1 <= value <= MAX_DAYS:
        errors[field] = [_("%(label)s: between 1 and %(max)s days.") % {"label": label, "max": MAX_DAYS}]
        return None
    return value


def _check_values(rule: Rule, enabled, days, escalate_street, escalate_district):
    errors: dict[str, list[str]] = {}
    if not isinstance(enabled, bool):
        errors["enabled"] = [_("Say whether the rule is on.")]
    days = _days(days, "days", _("Days"), errors)
    street = district = None
    if rule.escalate[0] is not None:
        street = _days(escalate_street, "escalate_street", _("To the street after (days)"), errors, optional=True)
    elif escalate_street not in (None, ""):
        errors["escalate_street"] = [_("This rule does not escalate to the street.")]
    if rule.escalate[1] is not None:
        district = _days(escalate_district, "escalate_district", _("To the district after (days)"), errors,
                         optional=True)
    elif escalate_district not in (None, ""):
        errors["escalate_district"] = [_("This rule does not escalate to the district.")]
    return errors, days, street, district


def _tighter_only(rule: Rule, installation, enabled: bool, days: int, street, district) -> dict:
    """A district's values may only make the installation's stricter."""
    errors: dict[str, list[str]] = {}
    if installation.enabled and not enabled:
        errors["enabled"] = [_("The installation has this rule on; a district may not switch it off.")]
    if rule.before and days < installation.days:
        errors["days"] = [_("At least %(n)s days before, as the installation has it: a district may only "
                            "warn earlier.") % {"n": installation.days}]
    elif not rule.before and days > installation.days:
        errors["days"] = [_("At most %(n)s days, as the installation has it: a district may only remind "
                            "sooner.") % {"n": installation.days}]
    for field, mine, theirs in (("escalate_street", street, installation.escalate[0]),
                                ("escalate_district", district, installation.escalate[1])):
        if theirs is None:
            continue
        if mine is None:
            errors[field] = [_("The installation escalates after %(n)s days; a district may not stop the "
                               "escalation.") % {"n": theirs}]
        elif mine > theirs:
            errors[field] = [_("At most %(n)s days, as the installation has it: a district may only escalate "
                               "sooner.") % {"n": theirs}]
    return errors


@transaction.atomic
def save_setting(user, rule_key: str, region, enabled, days, escalate_street=None, escalate_district=None
                 ) -> RuleSetting:
    """Set a rule's switch and delays for the installation (``region`` = the top unit, by the city admin) or
    for one district (by its reviewer, only tighter than the installation's)."""
    rule = RULES.get(rule_key) if isinstance(rule_key, str) else None
    if rule is None:
        raise DomainError(_("There is no such reminder rule."))
    if not isinstance(region, Region):
        region = Region.objects.filter(code=str(region)[:12]).first()
    top = top_unit()
    if region is None or top is None:
        raise DomainError(_("There is no such unit."))
    is_top = region.code == top.code
    if not is_top and region.level != Level.DISTRICT:
        raise DomainError(_("Rule settings are kept for the installation or for a district."))
    if not access.can(user, RULES_ACTION, region):
        raise PermissionDenied
    if not is_top and access.can(user, RULES_ACTION, top):
        raise DomainError(_("The installation's administrator edits the installation's settings."))
    errors, days, street, district = _check_values(rule, enabled, days, escalate_street, escalate_district)
    if errors:
        raise ValidationError(errors)
    if not is_top:
        installation = Config(RuleSetting.objects.filter(rule=rule.key, region=top)).installation(rule)
        errors = _tighter_only(rule, installation, enabled, days, street, district)
        if errors:
            raise ValidationError(errors)
    row = RuleSetting.objects.select_for_update().filter(rule=rule.key, region=region).first()
    before = None if row is None else (row.enabled, row.days, row.escalate_street, row.escalate_district)
    if row is None:
        row = RuleSetting(rule=rule.key, region=region)
    row.enabled, row.days, row.escalate_street, row.escalate_district = enabled, days, street, district
    row.updated_by = user
    row.save()
    names = ("enabled", "days", "escalate_street", "escalate_district")
    after = (enabled, days, street, district)
    changed = [n for n, old, new in zip(names, before or (None,) * 4, after, strict=True)
               if before is None or old != new]
    audit_record(action="notify.rule_setting", target=row, changed_fields=changed,
                 detail={"rule": rule.key, "unit": region.code, **dict(zip(names, after, strict=True))})
    return row
