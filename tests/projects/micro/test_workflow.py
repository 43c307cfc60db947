"""The workflow tables of 民生微实事: every state reachable, the actions each transition needs, and the round's
stages in order."""

from projects.micro.workflow import (
    CLOSED,
    COLLECTING,
    CONFIRMED,
    DELIBERATING,
    NOT_SHORTLISTED,
    PROPOSAL_PROCESS,
    PROPOSED,
    ROUND_PROCESS,
    SHORTLISTED,
    VOTING,
)
from wuse.access.policy import POLICY


def _edges(process):
    return {(t.name, src, t.target) for t in process.transitions for src in t.sources}


def test_round_table():
    assert _edges(ROUND_PROCESS) == {
        ("deliberate", COLLECTING, DELIBERATING), ("open_vote", DELIBERATING, VOTING), ("close_vote", VOTING, CLOSED)}
    assert ROUND_PROCESS.initial == COLLECTING
    assert all(t.manual and t.action == "micro.run" and t.confirm for t in ROUND_PROCESS.transitions)


def test_proposal_table():
    assert _edges(PROPOSAL_PROCESS) == {
        ("shortlist", PROPOSED, SHORTLISTED), ("decline", PROPOSED, NOT_SHORTLISTED),
        ("confirm", SHORTLISTED, CONFIRMED)}
    assert PROPOSAL_PROCESS.transition("decline").reason_required
    confirm = PROPOSAL_PROCESS.transition("confirm")
    assert not confirm.manual and confirm.requires == ("project",)


def test_every_action_is_in_the_access_table():
    for process in (ROUND_PROCESS, PROPOSAL_PROCESS):
        for t in process.transitions:
            assert t.action in POLICY, t.action
    for action in ("micro_round.view", "micro_caps.view", "micro_caps.edit"):
        assert action in POLICY
