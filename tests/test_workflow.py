from functools import partial
from itertools import product

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction

from needs.models import Need
from needs.services import need_transition
from needs.workflow import NEED_PROCESS
from tests.concurrency import race, winners
from tests.helpers import C111, C211, S11, make_user, require_postgres
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry, Outcome
from wuse.workflow.models import TransitionLog
from wuse.workflow.process import Process, State, Transition
from wuse.workflow.services import TransitionError, available_transitions, transition_apply


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


def new_need(user, status=NEED_PROCESS.initial, community=C111) -> Need:
    return Need.objects.create(community_id=community, title="楼道灯坏了", created_by=user, status=status)


STATES = [code for code, _label in NEED_PROCESS.choices]
TRANSITIONS = [t.name for t in NEED_PROCESS.transitions]
# The fields a transition's declared effects write besides the state.
EFFECT_FIELDS = {"merge": ["merged_into"], "refer": ["referred_to"], "follow_up": ["satisfaction"]}


def data_for(transition, user) -> dict:
    """What the caller supplies for the data a transition ``requires``."""
    values = {"merged_into": lambda: new_need(user), "satisfaction": lambda: 4}
    return {key: values[key]() for key in transition.requires}


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "name"), list(product(STATES, TRANSITIONS)))
def test_every_transition_from_every_state_is_legal_exactly_where_the_table_says(staff, state, name):
    transition = NEED_PROCESS.transition(name)
    need = new_need(staff, status=state)
    data = data_for(transition, staff)
    if state in transition.sources:
        result = transition_apply(process=NEED_PROCESS, obj=need, name=name, user=staff, reason="理由", data=data)
        assert result.status == transition.target
        assert result.version == 2
        log = TransitionLog.objects.timeline(need).get()
        assert (log.from_state, log.to_state, log.user, log.reason) == (state, transition.target, staff, "理由")
        assert AuditEntry.objects.filter(action=f"need.{name}", outcome=Outcome.SUCCESS, object_id=str(need.pk),
                                         changed_fields=sorted(["status", *EFFECT_FIELDS.get(name, [])])).count() == 1
    else:
        with pytest.raises(TransitionError):
            transition_apply(process=NEED_PROCESS, obj=need, name=name, user=staff, reason="理由", data=data)
        need.refresh_from_db()
        assert (need.status, need.version) == (state, 1)
        assert not TransitionLog.objects.exists()
        assert AuditEntry.objects.filter(action=f"need.{name}", outcome=Outcome.DENIED).count() == 1


@pytest.mark.django_db
def test_a_reason_is_required_where_declared_and_nothing_changes_without_it(staff):
    need = new_need(staff)
    with pytest.raises(TransitionError, match="理由|reason"):
        need_transition(user=staff, need=need, name="reject", reason="   ")
    need.refresh_from_db()
    assert need.status == "submitted"


@pytest.mark.django_db
def test_a_user_without_the_action_is_refused_and_the_refusal_is_audited(staff):
    need = new_need(staff)
    officer = make_user("officer", Role.STREET_OFFICER, S11)  # may reject, may not verify
    with pytest.raises(PermissionDenied):
        need_transition(user=officer, need=need, name="verify")
    assert AuditEntry.objects.filter(action="need.verify", outcome=Outcome.DENIED, user=officer).exists()
    outsider = make_user("outsider", Role.COMMUNITY_STAFF, C211)
    with pytest.raises(PermissionDenied):
        need_transition(user=outsider, need=need, name="reject", reason="x")
    need.refresh_from_db()
    assert need.status == "submitted"
    assert need_transition(user=officer, need=need, name="reject", reason="重复").status == "rejected"


@pytest.mark.django_db
def test_unknown_transition_names_are_refused_clearly(staff):
    with pytest.raises(TransitionError, match="Unknown action|未知"):
        need_transition(user=staff, need=new_need(staff), name="teleport")


@pytest.mark.django_db
def test_the_ui_offers_only_what_the_table_and_the_access_layer_allow(staff):
    need = new_need(staff)
    assert [t.name for t in available_transitions(NEED_PROCESS, need, staff)] == ["verify", "reject"]
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    assert [t.name for t in available_transitions(NEED_PROCESS, need, officer)] == ["reject"]
    reviewer = make_user("reviewer", Role.DISTRICT_REVIEWER, "410101000000")
    assert available_transitions(NEED_PROCESS, need, reviewer) == []


@pytest.mark.django_db(transaction=True)
def test_side_effects_run_after_commit_and_never_after_a_rollback(tree):
    staff = make_user("staff", Role.COMMUNITY_STAFF, C111)
    kept, dropped = new_need(staff), new_need(staff)
    need_transition(user=staff, need=kept, name="reject", reason="不属于社区职责")
    assert [m.to for m in mail.outbox] == [["staff@example.test"]]

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        need_transition(user=staff, need=dropped, name="reject", reason="将被回滚")
        raise Abort
    dropped.refresh_from_db()
    assert dropped.status == "submitted"
    assert len(mail.outbox) == 1


def test_a_process_table_with_mistakes_is_refused_at_declaration():
    with pytest.raises(ValueError, match="unknown state"):
        Process(key="t1", initial="a", states=(State("a", "A"),),
                transitions=(Transition("go", "Go", ("a",), "b", "x.go"),))
    with pytest.raises(ValueError, match="duplicate state"):
        Process(key="t2", initial="a", states=(State("a", "A"), State("a", "A2")), transitions=())
    with pytest.raises(ValueError, match="initial"):
        Process(key="t3", initial="z", states=(State("a", "A"),), transitions=())


@pytest.mark.django_db(transaction=True)
def test_two_transitions_at_once_on_postgres_one_wins_one_gets_a_conflict(tree):
    """Two staff press "verify" on the same need at the same moment: the row lock lets one
    through; the other then sees the new state and is refused with a clear message."""
    require_postgres()
    first = make_user("staff", Role.COMMUNITY_STAFF, C111)
    second = make_user("staff2", Role.COMMUNITY_STAFF, C111)
    for round_ in range(5):
        need = new_need(first)
        outcomes = race(*(partial(transition_apply, process=NEED_PROCESS, obj=need, name="verify", user=user)
                          for user in (first, second)))
        assert winners(outcomes) == 1, (round_, outcomes)
        conflict = next(str(o) for o in outcomes if not o.ok)
        assert str(NEED_PROCESS.label("verified")) in conflict
        need.refresh_from_db()
        assert (need.status, need.version) == ("verified", 2)
        assert TransitionLog.objects.timeline(need).count() == 1
        assert AuditEntry.objects.filter(action="need.verify", object_id=str(need.pk),
                                         outcome=Outcome.SUCCESS).count() == 1
