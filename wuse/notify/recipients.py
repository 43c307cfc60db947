"""Who is told: at level 0 the members of the responsible unit whose role holds the rule's action (or the one
user the rule names); above it the street's officers and the district's reviewers. Set-based: one query for
every membership of a batch's units, one for the users a rule names."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from wuse.access.policy import grants
from wuse.accounts.models import Membership
from wuse.accounts.roles import ROLE_LEVEL

from .models import Reminder
from .rules import Rule, level_of

# The government role that sits at each level (street officers at a street, reviewers at a district).
ROLE_AT = {level: role for role, level in ROLE_LEVEL.items()}


@dataclass(frozen=True)
class Person:
    pk: int
    email: str
    is_active: bool


def _supervising_role(code: str) -> str:
    return ROLE_AT[level_of(code)]


def _roles_for(reminder: Reminder, rule: Rule) -> set[str]:
    if reminder.level:
        return {_supervising_role(reminder.unit_id)}
    return {str(role) for role in grants(rule.action)}


def resolve(reminders: list[Reminder], rules: dict[str, Rule], named: dict[tuple[str, str], int | None]
            ) -> dict[int, list[Person]]:
    """reminder pk → the people to tell (active or not: the caller logs the disabled ones)."""
    by_unit_role: dict[tuple[str, str], list[Person]] = defaultdict(list)
    wanted_units = {r.unit_id for r in reminders if r.level or rules[r.rule].action}
    wanted_roles = set()
    for r in reminders:
        if r.level or rules[r.rule].action:
            wanted_roles |= _roles_for(r, rules[r.rule])
    if wanted_units:
        rows = Membership.objects.filter(region_id__in=wanted_units, role__in=wanted_roles).values_list(
            "region_id", "role", "user_id", "user__email", "user__is_active")
        for region, role, user_id, email, active in rows:
            by_unit_role[(region, role)].append(Person(user_id, email or "", active))
    user_ids = {pk for pk in named.values() if pk}
    rows = get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "email", "is_active") if user_ids else ()
    people = {pk: Person(pk, email or "", active) for pk, email, active in rows}
    found: dict[int, list[Person]] = {}
    for r in reminders:
        rule = rules[r.rule]
        if r.level == 0 and rule.user:
            person = people.get(named.get((r.rule, r.object_id)))
            found[r.pk] = [person] if person else []
            continue
        seen: dict[int, Person] = {}
        for role in _roles_for(r, rule):
            for person in by_unit_role.get((r.unit_id, role), ()):
                seen.setdefault(person.pk, person)
        found[r.pk] = list(seen.values())
    return found
