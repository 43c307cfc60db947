"""Demo rectifications (after the evaluation's demo): the mid-term evaluation of 长者食堂助餐服务 (上保社区, being
delivered by 乐龄, ``org_member``'s organization), scored by the third party and 北山街道 and closed by 西湖区, with
three of its findings as rectifications — one open and past its deadline, one submitted for the street to verify,
one verified. The evaluation's own demo keeps its final evaluation of 加装电梯居民协商议事; the mid-term
evaluation here is this demo's own row. Idempotent: nothing is written once the project has rectifications."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from evaluation import services as evaluation_services
from evaluation.choices import EvaluatorKind, Stage
from evaluation.models import Evaluation, SubIndicator
from projects.demo import FIRST_TITLE
from projects.models import Project
from projects.workflow import IN_PROGRESS

from . import services
from .models import Rectification

FINDINGS = {
    EvaluatorKind.THIRD_PARTY: "1. 助餐服务台账不完整，部分月份缺少就餐签到记录。\n2. 食品留样记录未按日填写。\n"
                               "3. 满意度回访未覆盖独居老人。（演示数据）",
    EvaluatorKind.STREET: "服务开展正常；建议补齐台账并完善留样制度。（演示数据）",
}
SHARES = {EvaluatorKind.THIRD_PARTY: Decimal("0.75"), EvaluatorKind.STREET: Decimal("0.8")}


def _score(user, assignment, share: Decimal) -> None:
    evaluation_services.assignment_declare(user=user, assignment=assignment)
    values = {i.pk: (i.max_score * share).quantize(Decimal("0.1"))
              for i in SubIndicator.objects.filter(dimension__version_id=assignment.evaluation.template_id)}
    evaluation_services.scores_save(user=user, assignment=assignment, values=values, findings=FINDINGS[assignment.kind])
    evaluation_services.assignment_submit(user=user, assignment=assignment)


def _closed_midterm(users, project) -> Evaluation | None:
    """The project's mid-term evaluation, closed with findings (set up here if the project has none)."""
    evaluation = Evaluation.objects.filter(project=project, stage=Stage.MIDTERM).first()
    if evaluation is not None:
        return evaluation
    if project.status != IN_PROGRESS or evaluation_services.template_for(project) is None:
        return None
    district, officer = users["xihu_reviewer"], users["beishan_officer"]
    evaluation = evaluation_services.evaluation_create(user=district, project=project, stage=Stage.MIDTERM)
    third = evaluation_services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.THIRD_PARTY,
                                               assignee=users["evaluator"])
    street = evaluation_services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.STREET,
                                                assignee=officer)
    _score(users["evaluator"], third, SHARES[EvaluatorKind.THIRD_PARTY])
    _score(officer, street, SHARES[EvaluatorKind.STREET])
    return evaluation_services.evaluation_transition(user=district, evaluation=Evaluation.objects.get(pk=evaluation.pk),
                                                     name="close")


def load_rectification_demo(users) -> None:
    project = Project.objects.filter(title=FIRST_TITLE).first()
    if project is None or Rectification.objects.filter(project=project).exists():
        return
    evaluation = _closed_midterm(users, project)
    if evaluation is None or evaluation.status not in services.SOURCE_STATES:
        return
    officer, member = users["beishan_officer"], users["org_member"]
    today = timezone.localdate()

    def create(finding: str, action: str, days: int) -> Rectification:
        return services.rectification_create(user=officer, evaluation=evaluation, finding=finding, action=action,
                                             deadline=today + dt.timedelta(days=days), owner_user=member)

    overdue = create("助餐服务台账不完整，部分月份缺少就餐签到记录。",
                     "补齐3月以来的就餐签到记录，建立按日登记制度。", 14)
    # Demo only: the deadline moved into the past, so the list and the home page show an overdue rectification (the
    # service refuses a past deadline when one is set up).
    Rectification.objects.filter(pk=overdue.pk).update(deadline=today - dt.timedelta(days=5))

    submitted = create("食品留样记录未按日填写。", "按日填写留样记录，留样48小时，由专人签字。", 30)
    services.rectification_submit(user=member, rectification=submitted,
                                  done="已制定留样登记表并指定专人负责，近两周记录完整。（演示数据）",
                                  evidence_note="留样登记表原件存放于长者食堂操作间，可现场查看。")

    verified = create("满意度回访未覆盖独居老人。", "对全部独居老人开展一次上门回访并记录。", 21)
    services.rectification_submit(user=member, rectification=verified,
                                  done="已上门回访独居老人23人，回访记录已归档。（演示数据）",
                                  evidence_note="回访记录归档于社区服务站。")
    services.rectification_transition(user=officer, rectification=verified, name="verify",
                                      reason="已抽查回访记录5份，属实。")
