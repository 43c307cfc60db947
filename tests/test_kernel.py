"""The workflow kernel on a model of the tests' own (tests/kernel_app): declared guards, checks, routes,
effects, refusals and reach, apart from any step."""

from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string

from tests.concurrency import race, winners
from tests.helpers import C111, C112, S11, make_user, require_postgres
from tests.kernel_app import workflow as flow
from tests.kernel_app.models import Ticket, TicketItem, Watcher
from wuse.access import api as access
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.workflow.models import TransitionLog
from wuse.workflow.process import Process, Route, State, Transition, TransitionError
from wuse.workflow.services import available_transitions, transition_apply, transition_options

P = flow.TICKET_PROCESS


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def officer(tree):
    return make_user("officer", Role.STREET_OFFICER, S11)


def ticket(amount="500", status=flow.DRAFT, unit=C111, items=1) -> Ticket:
    made = Ticket.objects.create(unit=unit, title="楼道灯", amount=Decimal(amount), status=status)
    TicketItem.objects.bulk_create(TicketItem(ticket=made, label=f"item {n}") for n in range(items))
    return made


def fire(obj, name, user, **kwargs):
    return transition_apply(process=P, obj=obj, name=name, user=user, **kwargs)


# ------------------------------------------------------------------------------------------ guards on pages


@pytest.mark.django_db
def test_a_blocked_action_is_offered_disabled_with_the_guards_reason(staff, officer):
    empty = ticket(items=0)
    [option] = transition_options(P, empty, staff)
    assert (option.name, option.allowed, option.reason) == ("submit", False, "Add an item first.")
    assert available_transitions(P, empty, staff) == []
    html = render_to_string("includes/transitions.html", {"options": [option], "object": empty,
                                                          "url": "core:region"})
    assert "disabled" in html and "Add an item first." in html and "<form" not in html
    # What the user holds no right for is not shown at all; a non-manual transition never is.
    assert transition_options(P, empty, officer) == []
    full = ticket()
    [option] = transition_options(P, full, staff)
    assert option.allowed and option.confirm == "Submit now?"
    assert [t.name for t in available_transitions(P, ticket(status=flow.SUBMITTED), officer)] == ["return"]


@pytest.mark.django_db
def test_the_guard_also_refuses_the_transition_itself_and_nothing_changes(staff):
    empty = ticket(items=0)
    with pytest.raises(TransitionError, match="Add an item first"):
        fire(empty, "submit", staff)
    empty.refresh_from_db()
    assert (empty.status, empty.version) == (flow.DRAFT, 1)
    assert not TransitionLog.objects.exists()
    assert AuditEntry.objects.get(action="ticket.submit").outcome == Outcome.DENIED


# ------------------------------------------------------------------------------------------ routes


@pytest.mark.django_db
def test_a_route_sends_a_large_request_to_the_street(staff):
    small, large = ticket("500"), ticket("20000")
    assert fire(small, "submit", staff).status == flow.SUBMITTED
    assert fire(large, "submit", staff).status == flow.STREET_REVIEW
    log = TransitionLog.objects.timeline(large).get()
    assert (log.from_state, log.to_state, log.transition) == (flow.DRAFT, flow.STREET_REVIEW, "submit")
    audit = AuditEntry.objects.get(action="ticket.submit", object_id=str(large.pk))
    assert audit.detail == {"from": flow.DRAFT, "to": flow.STREET_REVIEW}


# ------------------------------------------------------------------------------------------ data, checks, effects


@pytest.mark.django_db
def test_required_data_checks_and_effects(staff):
    submitted = ticket("800", status=flow.SUBMITTED)
    with pytest.raises(TransitionError, match="approved_amount"):
        fire(submitted, "approve", staff)
    with pytest.raises(TransitionError, match="More than was asked for"):
        fire(submitted, "approve", staff, data={"approved_amount": Decimal("900")})
    submitted.refresh_from_db()
    assert (submitted.status, submitted.approved_amount, submitted.note) == (flow.SUBMITTED, None, "")
    approved = fire(submitted, "approve", staff, data={"approved_amount": Decimal("700")})
    approved.refresh_from_db()
    assert (approved.status, approved.approved_amount, approved.note, approved.version) == (
        flow.APPROVED, Decimal("700"), "approved by staff", 2)
    success = AuditEntry.objects.get(action="ticket.approve", outcome=Outcome.SUCCESS)
    assert success.changed_fields == ["approved_amount", "note", "status"]
    assert AuditEntry.objects.filter(action="ticket.approve", outcome=Outcome.DENIED).count() == 2


@pytest.mark.django_db
def test_a_declared_refusal_says_why_in_its_own_words(staff):
    done = ticket(status=flow.APPROVED)
    with pytest.raises(TransitionError, match="^Already Approved.$"):
        fire(done, "approve", staff, data={"approved_amount": Decimal("1")})
    with pytest.raises(TransitionError, match="Reload the page"):  # no refusal declared for this state
        fire(ticket(status=flow.DRAFT), "approve", staff, data={"approved_amount": Decimal("1")})


@pytest.mark.django_db
def test_reason_required_and_manual_only(staff, officer):
    submitted = ticket(status=flow.SUBMITTED)
    with pytest.raises(TransitionError, match="^Say why it goes back.$"):
        fire(submitted, "return", officer, reason="  ")
    with pytest.raises(TransitionError, match="not taken from here"):
        fire(submitted, "approve", staff, data={"approved_amount": Decimal("1")}, manual_only=True)
    assert fire(submitted, "return", officer, reason="缺少附件").status == flow.RETURNED
    assert TransitionLog.objects.timeline(submitted).get().reason == "缺少附件"


@pytest.mark.django_db(transaction=True)
def test_after_commit_effects_run_once_and_never_after_a_rollback(tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    flow.COMMITTED.clear()
    kept = ticket(status=flow.SUBMITTED)
    fire(kept, "approve", staff, data={"approved_amount": Decimal("1")})
    assert [kept.pk] == flow.COMMITTED

    class Abort(Exception):
        pass

    from django.db import transaction

    dropped = ticket(status=flow.SUBMITTED)
    with pytest.raises(Abort), transaction.atomic():
        fire(dropped, "approve", staff, data={"approved_amount": Decimal("1")})
        raise Abort
    assert [kept.pk] == flow.COMMITTED
    dropped.refresh_from_db()
    assert dropped.status == flow.SUBMITTED


# ------------------------------------------------------------------------------------------ access and reach


@pytest.mark.django_db
def test_the_kernel_asks_the_access_layer_with_its_reach(staff):
    outsider = make_user("outsider", Role.COMMUNITY_STAFF, C112)
    watched = ticket()
    with pytest.raises(PermissionDenied):
        fire(watched, "submit", outsider)
    assert AuditEntry.objects.filter(action="ticket.submit", outcome=Outcome.DENIED, user=outsider).exists()
    Watcher.objects.create(ticket=watched, user=outsider, may_submit=False)
    assert access.can(outsider, "ticket.view", watched) and not access.can(outsider, "ticket.submit", watched)
    assert transition_options(P, watched, outsider) == []
    Watcher.objects.filter(user=outsider).update(may_submit=True)
    assert [o.name for o in transition_options(P, watched, outsider)] == ["submit"]
    assert fire(watched, "submit", outsider).status == flow.SUBMITTED
    assert not access.can(outsider, "ticket.submit", watched, with_reach=False)


@pytest.mark.django_db
def test_reach_is_one_condition_in_scoped_and_opens_get_for_user(staff, django_assert_num_queries):
    outsider = make_user("outsider", Role.VOLUNTEER, C112)
    mine, other = ticket(unit=C112), ticket(unit=C112)
    for _ in range(3):
        Watcher.objects.create(ticket=mine, user=outsider)  # repeated rows must not repeat the ticket
    assert access.has_action(outsider, "ticket.view") is False
    assert access.has_action(outsider, "ticket.view", model=Ticket) is True
    with django_assert_num_queries(1):  # memberships are cached; the reach is an EXISTS in the one query
        assert list(access.scoped(outsider, "ticket.view", Ticket.objects.order_by("pk"))) == [mine]
    assert access.get_for_user(outsider, Ticket, pk=mine.pk) == mine
    from django.http import Http404

    with pytest.raises(Http404):
        access.get_for_user(outsider, Ticket, pk=other.pk)
    assert AuditEntry.objects.filter(action="ticket.out_of_scope", object_id=str(other.pk)).exists()


ROLES = [(Role.COMMUNITY_STAFF, C111), (Role.COMMUNITY_STAFF, C112), (Role.STREET_OFFICER, S11),
         (Role.VOLUNTEER, C111)]
ACTIONS = ["ticket.view", "ticket.submit", "ticket.approve", "ticket.return"]


@pytest.mark.django_db
@pytest.mark.parametrize("watching", [None, False, True])
@pytest.mark.parametrize(("role", "unit"), ROLES)
def test_matrix_every_role_action_and_reach_agrees_between_can_scoped_and_the_table(tree, role, unit, watching):
    """Generated: role × unit × (not watching / watching / watching with the right to submit) × action.
    The expectation is computed from the table and the declared reach, independently of the access layer."""
    from wuse.access.policy import POLICY

    user = make_user("u", role, unit)
    target = ticket(unit=C111)
    if watching is not None:
        Watcher.objects.create(ticket=target, user=user, may_submit=watching)
    for action in ACTIONS:
        by_table = role in POLICY[action] and unit in (C111, S11)  # the ticket's community and its street
        by_reach = watching is not None and (action == "ticket.view" or (action == "ticket.submit" and watching))
        expected = by_table or by_reach
        assert access.can(user, action, target) is expected, (role, unit, watching, action)
        assert access.scoped(user, action, Ticket.objects.all()).filter(pk=target.pk).exists() is expected


# ------------------------------------------------------------------------------------------ declarations


def test_a_process_table_with_mistakes_is_refused_at_declaration():
    states = (State("a", "A"), State("b", "B"))
    with pytest.raises(ValueError, match="unknown state"):
        Process(key="k1", initial="a", states=states, transitions=(
            Transition("go", "Go", ("a",), "b", "x.go", routes=(Route(when=bool, target="z"),)),))
    with pytest.raises(ValueError, match="unknown state"):
        Process(key="k2", initial="a", states=states, transitions=(
            Transition("go", "Go", ("a",), "b", "x.go", refusals={"z": "no"}),))
    with pytest.raises(ValueError, match="starts from"):
        Process(key="k3", initial="a", states=states, transitions=(
            Transition("go", "Go", ("a",), "b", "x.go", refusals={"a": "no"}),))
    assert P.allows("submit", ticket_state(flow.RETURNED)) and not P.allows("submit", flow.APPROVED)


def ticket_state(state):
    return Ticket(status=state)


# ------------------------------------------------------------------------------------------ races


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_one_wins_the_other_is_told_it_is_done(tree):
    require_postgres()
    first = make_user("staff", Role.COMMUNITY_STAFF, C111)
    second = make_user("officer", Role.STREET_OFFICER, S11)
    for round_ in range(5):
        submitted = ticket("20000", status=flow.STREET_REVIEW)
        outcomes = race(*(partial(fire, submitted, "approve", user, data={"approved_amount": Decimal("100")})
                          for user in (first, second)))
        assert winners(outcomes) == 1, (round_, outcomes)
        assert "Already Approved." in [str(o) for o in outcomes]
        submitted.refresh_from_db()
        assert (submitted.status, submitted.version) == (flow.APPROVED, 2)
        assert TransitionLog.objects.timeline(submitted).count() == 1


# ------------------------------------------------------------------------------------------ state tones


def test_a_state_declares_its_tone_and_the_process_answers_for_a_state_code():
    assert (P.tone(flow.APPROVED), P.tone(flow.RETURNED), P.tone(flow.DRAFT)) == ("success", "warning", "neutral")
    assert P.tone("no-such-state") == "neutral"
    assert State("x", "X").tone == "neutral"
    with pytest.raises(ValueError, match="unknown tone 'pink'"):
        State("x", "X", tone="pink")


def test_every_declared_process_gives_each_state_a_known_tone_and_the_badge_its_classes():
    import needs.lists  # noqa: F401
    import needs.surveys.workflow  # noqa: F401
    import needs.workflow  # noqa: F401
    import wuse.ledger.workflow  # noqa: F401
    import wuse.registry.charity.workflow  # noqa: F401
    import wuse.registry.organizations.workflow  # noqa: F401
    import wuse.registry.volunteers.workflow  # noqa: F401
    from wuse.core.templatetags.wuse_tags import TONE_CLASSES
    from wuse.workflow.process import PROCESSES, TONES

    assert {"need", "needs_list", "survey", "organization", "service_entry", "ledger_adjustment", "redemption",
            "allocation"} <= set(PROCESSES)
    for process in PROCESSES.values():
        assert all(state.tone in TONES for state in process.states), process.key
    assert set(TONE_CLASSES) == set(TONES)
    assert PROCESSES["need"].tone("rejected") == "danger" != PROCESSES["need"].tone("listed")


@pytest.mark.django_db
def test_the_badge_tag_shows_the_label_in_the_tone_the_process_declares(staff):
    from django.template import Context, Template

    page = Template('{% load wuse_tags %}{% state_badge process obj testid="status" %}|'
                    '{% state_badge "ticket" "returned" %}')
    html = page.render(Context({"process": P, "obj": ticket(status=flow.APPROVED)}))
    approved, returned = html.split("|")
    assert 'class="badge wuse-status text-bg-success"' in approved and ">Approved<" in approved
    assert 'data-testid="status"' in approved and 'data-tone="success"' in approved
    assert "text-bg-warning" in returned and ">Returned<" in returned and "data-testid" not in returned


@pytest.mark.django_db
def test_the_actions_box_puts_each_reason_with_its_own_action(staff, officer):
    """The shared includes/transitions.html: one-click actions as buttons, each action needing a reason in its
    own box titled with it, whose reason field is labelled for that action."""
    draft, submitted = ticket(), ticket(status=flow.SUBMITTED)
    options = [*transition_options(P, draft, staff), *transition_options(P, submitted, officer)]
    assert [(o.name, o.reason_required) for o in options] == [("submit", False), ("return", True)]
    html = render_to_string("includes/transitions.html", {
        "options": options, "url": "needs:transition", "object": submitted, "note": "A note."})
    quick, _, rest = html.partition('data-testid="action-return"')
    assert 'data-testid="action-submit"' in quick and 'name="reason"' not in quick
    box = rest.split("</form>")[0]
    assert "<legend" in box and ">Return</legend>" in box and 'name="reason"' in box and 'for="reason-return"' in box
    assert "Required for “Return”." in box and box.count("<button") == 1
    assert 'data-testid="actions-note">A note.' in html
    # A note alone still shows (a page explaining why nothing is offered).
    assert "A note." in render_to_string("includes/transitions.html", {"options": [], "note": "A note."})
