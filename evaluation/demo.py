"""Demo evaluation records (after the delivery's demo): the city's default indicator template for the demo
projects' year, the residents' satisfaction survey of 加装电梯居民协商议事 (顾家桥社区, awaiting evaluation: open, 40
responses, so its score counts), and that project's final evaluation with the third party's scores submitted and the
street's saved, so the street can submit and 余杭区 close it. Idempotent."""

import random
from decimal import Decimal

from projects.models import Project
from projects.workflow import EVALUATION
from wuse.regions.models import Region

from . import services
from .choices import EvaluatorKind, Stage
from .defaults import DEFAULT_NAME, default_template_data
from .figures import project_figures
from .models import Evaluation, SatisfactionSurvey, TemplateFamily
from .services import satisfaction
from .services.evaluations import STAGE_STATES

CITY = "330100000000"
TITLE = "加装电梯居民协商议事"
# The share of each sub-indicator's points the demo evaluators give where no figure suggests a score.
SHARES = {EvaluatorKind.THIRD_PARTY: Decimal("0.85"), EvaluatorKind.STREET: Decimal("0.9")}


def _template(users, year: int):
    family = TemplateFamily.objects.filter(region_id=CITY, year=year).first()
    if family is not None:
        return family.latest()
    return services.template_create(user=users["city_admin"], region=Region.objects.get(code=CITY), year=year,
                                    name=DEFAULT_NAME, data=default_template_data())


def _score(user, assignment, share: Decimal, figures, findings: str) -> None:
    services.assignment_declare(user=user, assignment=assignment)
    values = {}
    for dimension in assignment.evaluation.template.dimensions_with_indicators():
        for indicator in dimension.indicators.all():
            suggested = figures.suggested(indicator)
            values[indicator.pk] = suggested if suggested is not None else \
                (indicator.max_score * share).quantize(Decimal("0.1"))
    services.scores_save(user=user, assignment=assignment, values=values, findings=findings)


SATISFACTION_RESPONSES = 40
COMMENTS = ("电梯装好后老人上下楼方便多了，谢谢！", "议事会开了好几次，大家的意见都听进去了。",
            "施工期间噪音有点大，希望以后提前通知。", "希望低楼层住户的补偿方案再公开透明一些。",
            "社工很耐心，多次上门解释。")


def load_satisfaction_demo(users, project) -> None:
    """The project's satisfaction survey, opened by the street, with 40 residents' answers of varied scores and a
    few written comments (a fixed seed: the same answers every time); nothing when it exists already."""
    if SatisfactionSurvey.objects.filter(project=project).exists():
        return
    survey = satisfaction.survey_open(user=users["wuchang_officer"], project=project)
    draw = random.Random(2026)  # noqa: S311  (made-up answers, not a secret)
    for n in range(SATISFACTION_RESPONSES):
        mood = draw.choice((5, 5, 4, 4, 4, 3, 2))  # mostly satisfied, a few not
        answers = {field: max(1, min(5, mood + draw.choice((-1, 0, 0, 1)))) for field in
                   ("content", "attitude", "results", "improved", "took_part", "consulted")}
        answers["solved"] = None if n % 3 else max(1, mood - draw.choice((0, 1)))
        satisfaction.response_record(survey=survey, answers=answers, device_token=f"demo-{project.pk}-{n}",
                                     comment=COMMENTS[n // 8] if n % 8 == 0 else "")


def load_evaluation_demo(users) -> None:
    project = Project.objects.filter(title=TITLE, status=EVALUATION).first()
    if project is None:
        return
    load_satisfaction_demo(users, project)
    template = _template(users, project.year)
    if Evaluation.objects.filter(project=project, stage=Stage.FINAL).exists():
        return
    district = users["yuhang_reviewer"]
    evaluation = services.evaluation_create(user=district, project=project, stage=Stage.FINAL, template=template)
    # The third party is assigned and has not started (the browser journey and a visitor score it); the street's
    # scores are saved, not submitted.
    services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.THIRD_PARTY,
                            assignee=users["evaluator"])
    street = services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.STREET,
                                     assignee=users["wuchang_officer"])
    _score(users["wuchang_officer"], street, SHARES[EvaluatorKind.STREET], project_figures(project),
           "项目按计划推进，居民反映良好。（演示数据）")
    load_graded_demo(users)


# Closed evaluations in every grade but 合格 (the rectifications' demo closes 长者食堂助餐服务's mid-term at 合格):
# (project, stage, district, street officer, share of the points the third party gives, the street's, findings).
GRADED = [
    ("社区健康义诊", Stage.FINAL, "xihu_reviewer", "beishan_officer", "0.95", "0.93",
     "活动覆盖面广，志愿者参与踊跃，台账规范。（演示数据）"),
    ("社区老年大学兴趣班", Stage.MIDTERM, "xihu_reviewer", "beishan_officer", "0.85", "0.87",
     "课程按计划开展，学员反馈较好；建议增加书法班名额。（演示数据）"),
    ("助残康复训练", Stage.MIDTERM, "yuhang_reviewer", "wuchang_officer", "0.5", "0.55",
     "服务人次远低于计划，经费支出凭证不全，康复训练记录缺失。（演示数据）"),
]


def _scored_at(user, assignment, share: str, findings: str) -> None:
    """Every sub-indicator at ``share`` of its points (the grade the demo wants, whatever the figures say)."""
    if assignment.needs_declaration:
        services.assignment_declare(user=user, assignment=assignment)
    values = {indicator.pk: (indicator.max_score * Decimal(share)).quantize(Decimal("0.1"))
              for dimension in assignment.evaluation.template.dimensions_with_indicators()
              for indicator in dimension.indicators.all()}
    services.scores_save(user=user, assignment=assignment, values=values, findings=findings)
    services.assignment_submit(user=user, assignment=assignment)


def load_graded_demo(users) -> None:
    """Three evaluations scored by the third party and the street and closed by the district: 优秀 (a final one:
    the project is closed with its grade), 良好 and 不合格 (mid-term). Skipped where the project is not in a state
    its stage allows or has that stage's evaluation already."""
    for title, stage, district, officer, third_share, street_share, findings in GRADED:
        project = Project.objects.filter(title=title).first()
        if project is None or project.status not in STAGE_STATES[stage] \
                or Evaluation.objects.filter(project=project, stage=stage).exists():
            continue
        evaluation = services.evaluation_create(user=users[district], project=project, stage=stage)
        third = services.assignment_add(user=users[district], evaluation=evaluation, kind=EvaluatorKind.THIRD_PARTY,
                                        assignee=users["evaluator"])
        street = services.assignment_add(user=users[district], evaluation=evaluation, kind=EvaluatorKind.STREET,
                                         assignee=users[officer])
        _scored_at(users["evaluator"], third, third_share, findings)
        _scored_at(users[officer], street, street_share, "")
        services.evaluation_transition(user=users[district], evaluation=Evaluation.objects.get(pk=evaluation.pk),
                                       name="close")
