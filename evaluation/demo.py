"""Demo evaluation records (after the delivery's demo): the city's default indicator template for the demo
projects' year, and the final evaluation of 加装电梯居民协商议事 (顾家桥社区, awaiting evaluation) with the third
party's scores submitted and the street's saved, so the street can submit and 余杭区 close it. Idempotent."""

from decimal import Decimal

from projects.models import Project
from projects.workflow import EVALUATION
from wuse.regions.models import Region

from . import services
from .choices import EvaluatorKind, Stage
from .defaults import DEFAULT_NAME, default_template_data
from .figures import project_figures
from .models import Evaluation, TemplateFamily

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


def load_evaluation_demo(users) -> None:
    project = Project.objects.filter(title=TITLE, status=EVALUATION).first()
    if project is None:
        return
    template = _template(users, project.year)
    if Evaluation.objects.filter(project=project, stage=Stage.FINAL).exists():
        return
    district = users["yuhang_reviewer"]
    evaluation = services.evaluation_create(user=district, project=project, stage=Stage.FINAL, template=template)
    third = services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.THIRD_PARTY,
                                    assignee=users["evaluator"])
    street = services.assignment_add(user=district, evaluation=evaluation, kind=EvaluatorKind.STREET,
                                     assignee=users["wuchang_officer"])
    figures = project_figures(project)
    _score(users["evaluator"], third, SHARES[EvaluatorKind.THIRD_PARTY], figures,
           "议事流程规范，居民参与充分；档案中部分签到表缺失，建议补齐。（演示数据）")
    services.assignment_submit(user=users["evaluator"], assignment=third)
    _score(users["wuchang_officer"], street, SHARES[EvaluatorKind.STREET], figures,
           "项目按计划推进，居民反映良好。（演示数据）")
