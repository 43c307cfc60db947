"""Rectifications (整改) on the kernel and through their services: set up from a submitted or closed evaluation's
findings, submitted with evidence by the owner organization's members, verified or returned by the street,
cancelled by the district; every refusal changes nothing; evidence recognised by its bytes; overdue; the 不合格
mark read from the closed final evaluations."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation import services as evaluation_services
from evaluation.rectification import files, services
from evaluation.rectification.errors import RectificationError
from evaluation.rectification.marks import failed_undertakers, undertaker_marks
from evaluation.rectification.models import Rectification, RectificationEvidence
from evaluation.rectification.workflow import RECTIFICATION_PROCESS
from tests.projects.support import YEAR, organization
from wuse.audit.models import AuditEntry
from wuse.workflow.models import TransitionLog

from .rectification_support import (
    JPEG,
    PDF,
    PNG,
    WEBP,
    closed_evaluation,
    rectify,
    submitted_evaluation,
    upload,
)
from .support import set_up

pytestmark = pytest.mark.django_db


def _submit(people, rectification, by="member", **extra):
    data = {"done": "已补齐签到记录", "uploads": [upload()]}
    data.update(extra)
    return services.rectification_submit(user=people[by], rectification=rectification, **data)


def _fire(people, rectification, name, by, reason="已现场核验"):
    return services.rectification_transition(user=people[by], rectification=rectification, name=name, reason=reason)


# --- the path -------------------------------------------------------------------------------------------------


def test_a_finding_is_rectified_submitted_and_verified(people, project, closed):
    rectification = rectify(people, closed, by="reviewer")
    assert rectification.status == "open" and rectification.region_id == project.region_id
    assert rectification.project_id == project.pk and rectification.owner_organization_id == project.undertaker_id
    rectification = _submit(people, rectification, evidence_note="原件在社区")
    assert rectification.status == "submitted" and rectification.done == "已补齐签到记录"
    assert rectification.submitted_by == people["member"] and rectification.evidence.count() == 1
    evidence = rectification.evidence.get()
    assert evidence.content_type == "application/pdf" and evidence.original_name == "evidence.pdf"
    rectification = _fire(people, rectification, "verify", "officer", reason="抽查记录属实")
    assert rectification.status == "verified" and rectification.verification_note == "抽查记录属实"
    assert rectification.verified_by == people["officer"] and rectification.verified_at is not None
    steps = [(t.transition, t.from_state, t.to_state) for t in TransitionLog.objects.timeline(rectification)]
    assert steps == [("submit", "open", "submitted"), ("verify", "submitted", "verified")]
    actions = set(AuditEntry.objects.filter(object_type="rectification.rectification", object_id=str(
        rectification.pk)).values_list("action", flat=True))
    assert {"rectification.create", "rectification.evidence_add", "rectification.submit",
            "rectification.verify"} <= actions


def test_a_submitted_evaluation_is_enough_and_the_owner_may_be_another_organization_taking_part(people, project):
    evaluation = submitted_evaluation(people, project)
    other = organization("众益社工", "410101000000", credit_suffix=2)
    project.participants.create(kind="organization", organization=other, added_by=people["staff"])
    rectification = rectify(people, evaluation, by="reviewer", owner_organization=other)
    assert rectification.owner_organization == other


def test_returned_without_a_reason_is_refused_and_with_one_goes_back_to_the_owner(people, rectification):
    rectification = _submit(people, rectification)
    with pytest.raises(RectificationError, match="still to be done"):
        _fire(people, rectification, "return", "officer", reason="  ")
    assert Rectification.objects.get(pk=rectification.pk).status == "submitted"
    rectification = _fire(people, rectification, "return", "officer", reason="签到表缺少签名")
    assert rectification.status == "returned" and rectification.return_reason == "签到表缺少签名"
    rectification = _submit(people, rectification, uploads=[], done="已补签名")  # the earlier file still counts
    assert rectification.status == "submitted" and rectification.evidence.count() == 1
    with pytest.raises(RectificationError, match="Write what the street checked"):
        _fire(people, rectification, "verify", "officer", reason="")


@pytest.mark.parametrize("who", ["reviewer", "reviewer_other", "officer_other", "staff", "city", "member",
                                 "evaluator"])
def test_only_the_street_verifies(people, rectification, who):
    rectification = _submit(people, rectification)
    for name in ("verify", "return"):
        with pytest.raises(PermissionDenied):
            _fire(people, rectification, name, who)
    assert Rectification.objects.get(pk=rectification.pk).status == "submitted"
    assert AuditEntry.objects.filter(action="rectification.verify", outcome="denied").exists()


def test_the_street_officer_who_submitted_does_not_verify_it(people, rectification):
    """Four eyes: an officer who is also a member of the owner organization submits; another verifies."""
    rectification.owner_organization.members.create(user=people["officer"])
    _submit(people, rectification, by="officer")
    with pytest.raises(RectificationError, match="Someone other"):
        _fire(people, rectification, "verify", "officer")


@pytest.mark.parametrize("who", ["officer", "reviewer", "staff", "city", "evaluator", "evaluator_other"])
def test_only_members_of_the_owner_organization_submit(people, rectification, who):
    with pytest.raises(PermissionDenied):
        _submit(people, rectification, by=who)
    with pytest.raises(PermissionDenied):
        services.evidence_add(user=people[who], rectification=rectification, uploads=[upload()])
    assert Rectification.objects.get(pk=rectification.pk).status == "open"
    assert not RectificationEvidence.objects.exists()


def test_a_member_of_another_organization_does_not_submit(people, rectification):
    from tests.helpers import make_user

    outsider = make_user("outsider", "org_member", "410101000000")
    organization("众益社工", "410101000000", member=outsider, credit_suffix=2)
    with pytest.raises(PermissionDenied):
        services.rectification_submit(user=outsider, rectification=rectification, done="x", uploads=[upload()])


def test_submitting_needs_what_was_done_and_a_file_or_a_note(people, rectification):
    with pytest.raises(ValidationError) as caught:
        _submit(people, rectification, done="   ")
    assert "done" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        _submit(people, rectification, uploads=[])
    assert "files" in caught.value.message_dict
    with pytest.raises(ValidationError):
        _submit(people, rectification, done="x" * 5001)
    assert Rectification.objects.get(pk=rectification.pk).status == "open"
    assert not RectificationEvidence.objects.exists()
    assert _submit(people, rectification, uploads=[], evidence_note="现场可查看").status == "submitted"
    with pytest.raises(RectificationError, match="already submitted"):
        _submit(people, rectification)


def test_the_district_cancels_with_a_reason_and_nothing_moves_afterwards(people, rectification):
    with pytest.raises(PermissionDenied):
        _fire(people, rectification, "cancel", "officer")
    with pytest.raises(RectificationError, match="Say why"):
        _fire(people, rectification, "cancel", "reviewer", reason="")
    rectification = _fire(people, rectification, "cancel", "reviewer", reason="问题已在项目调整中解决")
    assert rectification.status == "cancelled" and rectification.cancelled_at is not None
    with pytest.raises(RectificationError, match="cancelled"):
        _submit(people, rectification)
    with pytest.raises(RectificationError, match="cancelled"):
        _fire(people, rectification, "verify", "officer")
    with pytest.raises(RectificationError, match="cancelled"):
        _fire(people, rectification, "cancel", "reviewer")


def test_unknown_and_automatic_actions_are_refused_from_the_page(people, rectification):
    for name in ("submit", "explode", ""):
        with pytest.raises(RectificationError):
            _fire(people, rectification, name, "officer")


def test_the_transition_table_holds_for_every_state_and_principal(people, rectification):
    """Every manual transition from every state for every principal: done only by its holders, from its sources."""
    holders = {"verify": {"officer"}, "return": {"officer"}, "cancel": {"reviewer"}}
    wrong = []
    for state, _label in RECTIFICATION_PROCESS.choices:
        for transition in RECTIFICATION_PROCESS.transitions:
            if not transition.manual:
                continue
            for who in ("reviewer", "reviewer_other", "officer", "officer_other", "staff", "city", "member",
                        "evaluator"):
                Rectification.objects.filter(pk=rectification.pk).update(
                    status=state, submitted_at=timezone.now(), verified_at=timezone.now(), cancel_reason="x")
                try:
                    _fire(people, Rectification.objects.get(pk=rectification.pk), transition.name, who)
                    outcome = "ok"
                except PermissionDenied:
                    outcome = "denied"
                except RectificationError:
                    outcome = "refused"
                if state in transition.sources:
                    want = "ok" if who in holders[transition.name] else "denied"
                else:
                    want = "refused"
                if outcome != want:
                    wrong.append((state, transition.name, who, outcome, want))
    assert wrong == []


# --- setting up: refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("extra", "field"), [
    ({"deadline": dt.date(2020, 1, 1)}, "deadline"),
    ({"days": -1}, "deadline"),
    ({"days": 800}, "deadline"),
    ({"deadline": "2026-13-45"}, "deadline"),
    ({"finding": "  "}, "finding"),
    ({"finding": "查" * 2001}, "finding"),
    ({"action": ""}, "action"),
])
def test_bad_input_is_refused_on_its_field(people, closed, extra, field):
    with pytest.raises(ValidationError) as caught:
        rectify(people, closed, **extra)
    assert field in caught.value.message_dict
    assert not Rectification.objects.exists()


def test_the_deadline_may_be_today(people, closed):
    assert rectify(people, closed, days=0).deadline == timezone.localdate()


@pytest.mark.parametrize("who", ["staff", "city", "member", "evaluator", "reviewer_other", "officer_other"])
def test_only_the_district_and_the_street_of_the_project_set_up(people, closed, who):
    with pytest.raises(PermissionDenied):
        rectify(people, closed, by=who)


def test_an_evaluation_still_being_scored_has_no_rectifications(people, project):
    evaluation, _parts, _who = set_up(people, project)
    with pytest.raises(RectificationError, match="submitted or closed"):
        rectify(people, evaluation)


def test_the_owner_takes_part_in_the_project_and_the_person_is_its_member(people, closed):
    stranger = organization("无关机构", "410102000000", credit_suffix=3)
    with pytest.raises(ValidationError) as caught:
        rectify(people, closed, owner_organization=stranger)
    assert "owner_organization" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        rectify(people, closed, owner_user=people["officer"])
    assert "owner_user" in caught.value.message_dict
    assert rectify(people, closed, owner_user=people["member"]).owner_user == people["member"]


# --- evidence by its bytes ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "kind"), [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg"),
                                               (WEBP, "image/webp")])
def test_evidence_is_recognised_by_its_bytes(people, rectification, content, kind):
    services.evidence_add(user=people["member"], rectification=rectification,
                          uploads=[upload("photo.exe", content, "application/x-msdownload")])
    assert rectification.evidence.get().content_type == kind


@pytest.mark.parametrize("content", [b"MZ\x90\x00 not a pdf", b"<html><script>alert(1)</script>", b"GIF89a....",
                                     b""])
def test_other_files_are_refused_whatever_their_name(people, rectification, content):
    with pytest.raises(ValidationError) as caught:
        services.evidence_add(user=people["member"], rectification=rectification,
                              uploads=[upload("scan.pdf", content), upload("ok.pdf")])
    assert "files" in caught.value.message_dict
    assert not RectificationEvidence.objects.exists()  # the good file of the same request is not kept either


def test_too_large_and_too_many_files_are_refused(people, rectification, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 10)
    with pytest.raises(ValidationError, match="at most"):
        services.evidence_add(user=people["member"], rectification=rectification, uploads=[upload()])
    monkeypatch.undo()
    with pytest.raises(ValidationError, match="at most 9"):
        services.evidence_add(user=people["member"], rectification=rectification,
                              uploads=[upload(f"{n}.pdf") for n in range(10)])
    services.evidence_add(user=people["member"], rectification=rectification,
                          uploads=[upload(f"{n}.pdf") for n in range(9)])
    with pytest.raises(ValidationError, match="at most 9"):
        services.evidence_add(user=people["member"], rectification=rectification, uploads=[upload()])
    assert rectification.evidence.count() == 9


def test_evidence_is_frozen_once_submitted(people, rectification):
    _submit(people, rectification)
    with pytest.raises(RectificationError):
        services.evidence_add(user=people["member"], rectification=rectification, uploads=[upload()])
    assert rectification.evidence.count() == 1


# --- overdue --------------------------------------------------------------------------------------------------


def test_overdue_is_a_passed_deadline_neither_verified_nor_cancelled(people, closed):
    late, verified, cancelled, on_time = (rectify(people, closed) for _ in range(4))
    _fire(people, _submit(people, verified), "verify", "officer")
    _fire(people, cancelled, "cancel", "reviewer")
    past = timezone.localdate() - dt.timedelta(days=1)
    Rectification.objects.exclude(pk=on_time.pk).update(deadline=past)
    assert list(Rectification.objects.overdue().values_list("pk", flat=True)) == [late.pk]
    assert Rectification.objects.get(pk=late.pk).is_overdue
    assert not Rectification.objects.get(pk=verified.pk).is_overdue
    assert Rectification.objects.overdue(today=past).count() == 0


# --- the 不合格 mark --------------------------------------------------------------------------------------------


def test_a_failed_final_evaluation_marks_the_undertaker_until_it_is_reopened(people, project):
    evaluation = closed_evaluation(people, project, shares={"third_party": "0.5", "street": "0.5"})
    assert evaluation.grade == "fail"
    undertaker = project.undertaker_id
    assert failed_undertakers(YEAR) == {undertaker}
    assert failed_undertakers(YEAR + 1) == frozenset()
    with CaptureQueriesContext(connection) as captured:
        marks = undertaker_marks([undertaker, undertaker, None, 999_999])
    assert len(captured.captured_queries) == 1
    assert [(m.project_code, m.year, m.evaluation_id) for m in marks[undertaker]] == [
        (project.code, YEAR, evaluation.pk)]
    with CaptureQueriesContext(connection) as captured:
        assert undertaker_marks([None]) == {}
    assert len(captured.captured_queries) == 0
    evaluation_services.evaluation_transition(user=people["reviewer"], evaluation=evaluation, name="reopen",
                                              reason="复核")
    assert failed_undertakers(YEAR) == frozenset() and undertaker_marks([undertaker]) == {}


def test_a_passing_grade_leaves_no_mark(people, project, closed):
    assert closed.grade != "fail"
    assert failed_undertakers(YEAR) == frozenset() and undertaker_marks([project.undertaker_id]) == {}

