"""Builders of the steps' reminder tests: each item made through the steps' own services on a given (frozen) day,
so that its state changes carry that day; the sweep run on a day; what it left."""

import datetime as dt
from decimal import Decimal

import time_machine

from tests.helpers import C111, CITY, D1, S11, make_user
from tests.notify.support import at
from wuse.accounts.roles import Role
from wuse.notify.models import Notification, Reminder
from wuse.notify.sweep import sweep


def on(day):
    """Frozen at 09:00 of ``day`` (a context manager)."""
    return time_machine.travel(at(day), tick=False)


def sweep_on(day):
    """The sweep of ``day`` at 10:00; no rule may fail in it (a failure is logged and skipped by the sweep)."""
    with time_machine.travel(at(day, 10), tick=False):
        result = sweep(today=day)
    failed = [key for key in result.skipped if key.startswith("rule failed")]
    assert failed == []
    return result


def chain(rule: str) -> list[tuple]:
    """(level, unit, object id, due date) of the rule's reminders, in that order."""
    return list(Reminder.objects.filter(rule=rule).order_by("level", "object_id", "due_on")
                .values_list("level", "unit_id", "object_id", "due_on"))


def told(rule: str) -> set[tuple[str, int]]:
    """(username, level) of everyone the rule's reminders reached."""
    return set(Notification.objects.filter(reminder__rule=rule).values_list("user__username", "level"))


def everyone(tree) -> dict:
    return {
        "city": make_user("city", Role.CITY_ADMIN, CITY),
        "staff": make_user("staff", Role.COMMUNITY_STAFF, C111),
        "officer": make_user("officer", Role.STREET_OFFICER, S11),
        "reviewer": make_user("reviewer", Role.DISTRICT_REVIEWER, D1),
        "member": make_user("member", Role.ORG_MEMBER, D1),
        "evaluator": make_user("evaluator", Role.EVALUATOR, CITY),
    }


# --- needs lists ----------------------------------------------------------------------------------------------

def needs_list(staff, start: dt.date, *, label="2026年第二季度", with_need=False):
    from needs.services import needs_list_add, needs_list_create
    from tests.projects.support import listed_need
    from wuse.regions.models import Region

    created = needs_list_create(user=staff, community=Region.objects.get(code=C111), period_label=label,
                                period_start=start, period_end=start + dt.timedelta(days=90))
    if with_need:
        needs_list_add(user=staff, needs_list=created, need=listed_need(staff, C111, f"需求{label}"))
    return created


def list_fire(user, needs_list, name, reason=""):
    from needs.services import needs_list_transition

    return needs_list_transition(user=user, needs_list=needs_list, name=name, reason=reason)


# --- projects -------------------------------------------------------------------------------------------------

def submitted_project(who, title="老年助餐", **plan_fields):
    from tests.projects.support import fire, ready_project

    return fire(who["staff"], ready_project(who["staff"], C111, title=title, **plan_fields), "submit")


def delivering_project(who, title="老年助餐", **plan_fields):
    from tests.projects.delivery.support import delivering

    return delivering(who, C111, title=title, **plan_fields)


def milestone(project, user, due_on: dt.date, title="助餐点开张"):
    from projects.delivery.models import Milestone

    return Milestone.objects.create(project=project, title=title, due_on=due_on, created_by=user)


def final_report(project, user):
    from projects.delivery.models import Report, ReportKind

    return Report.objects.create(project=project, kind=ReportKind.FINAL, text="结项报告", submitted_by=user)


def awaiting_evaluation(who):
    """A project of C111 awaiting evaluation, undertaken by an organization of ``member``; the city's template."""
    from tests.evaluation.support import default_version
    from tests.projects.support import checklist_done, fire
    from wuse.regions.models import Region

    default_version(who["city"], Region.objects.get(code=CITY))
    project = delivering_project(who)
    project = fire(who["staff"], project, "submit_acceptance")
    checklist_done(project, who["staff"])
    return fire(who["staff"], project, "accept", "await_evaluation")


# --- the ledger -----------------------------------------------------------------------------------------------

def order(staff, *, name="王阿姨", item="大米 5kg"):
    from tests.registry.ledger_support import account_with, make_person, make_scheme
    from wuse.ledger import services as ledger
    from wuse.ledger.models import CatalogueItem, Scheme

    scheme = Scheme.objects.filter(region_id=D1).first() or make_scheme()
    account = account_with(scheme, make_person(name), staff, hours="10")
    shop_item = CatalogueItem.objects.create(scheme=scheme, region_id=C111, name=item, price=Decimal("2"), stock=5)
    return ledger.redemption_place(shop_item, account, 1, user=staff)


# --- the assessment -------------------------------------------------------------------------------------------

def rolled_up(year: int, codes) -> None:
    """One snapshot row of ``year`` for each unit of ``codes`` (what the approval looks for: rows exist)."""
    from assessment.models import KpiSnapshot, RollupRun, Trigger
    from wuse.regions.models import Region

    run = RollupRun.objects.create(year=year, trigger=Trigger.BEAT)
    levels = dict(Region.objects.filter(code__in=codes).values_list("code", "level"))
    KpiSnapshot.objects.bulk_create([KpiSnapshot(year=year, region_id=code, level=levels[code], code="needs.collected",
                                                 value=Decimal("1"), run=run) for code in codes])


def approved(year: int, code: str, user) -> None:
    from assessment.models import Approval
    from wuse.regions.models import Region

    Approval.objects.create(year=year, region_id=code, level=Region.objects.get(code=code).level, approved_by=user)
