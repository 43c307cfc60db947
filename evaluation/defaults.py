"""The default indicator template (DOMAIN.md §8): 项目管理 20, 财务管理 20, 服务质量 25, 社会效益 20, 居民满意度 15,
with sub-indicators scored by the guideline's practice (outputs by the 100 / 80 / 60 % bands; resident satisfaction
in proportion to the survey's score). The demo installs it; tests build it with ``default_template_data()``; a unit
may start from it and edit."""

from decimal import Decimal

from .choices import DimensionCode, FigureCode
from .services.templates import DimensionData, IndicatorData, TemplateData

BANDS = "达成率≥100%得满分，≥80%得80%，≥60%得60%，低于60%不得分。"
DEFAULT_NAME = "社区服务项目绩效评估指标（默认）"

DEFAULT = (
    (DimensionCode.MANAGEMENT, "20", (
        ("计划与实际进度一致", "8", "里程碑按期完成情况。" + BANDS, FigureCode.MILESTONES),
        ("档案资料完整规范", "6", "项目书、活动记录、签到表、照片、报告齐全，按缺项扣分。", ""),
        ("风险识别与应对", "6", "风险预案落实，突发情况处置及时得当。", ""),
    )),
    (DimensionCode.FINANCE, "20", (
        ("按预算科目支出", "6", "支出与预算科目一致，超科目或未经批准调整的按次扣分。", ""),
        ("票据凭证齐全", "5", "每笔支出有合规票据，缺失按笔扣分。", ""),
        ("预算执行率", "6", "已支出÷预算（含批准的调整）。" + BANDS, FigureCode.BUDGET),
        ("无违规支出", "3", "发现违规支出不得分。", ""),
    )),
    (DimensionCode.QUALITY, "25", (
        ("服务人数达成率", "8", "活动参与人次÷计划服务人数。" + BANDS, FigureCode.HEADCOUNT),
        ("活动场次达成率", "7", "已开展活动÷计划活动。" + BANDS, FigureCode.ACTIVITIES),
        ("专业方法运用", "5", "个案、小组、社区工作方法运用恰当，记录规范。", ""),
        ("志愿服务时数", "5", "经核实的志愿服务时数，对照项目书目标评分。", FigureCode.VOLUNTEER_HOURS),
    )),
    (DimensionCode.IMPACT, "20", (
        ("需求解决情况", "8", "项目对应的清单需求解决程度。", ""),
        ("社区社会组织培育", "4", "培育、孵化或带动社区社会组织情况。", ""),
        ("慈善资源撬动", "4", "链接慈善资金、物资及联建单位资源情况。", ""),
        ("创新与宣传", "4", "服务模式创新、媒体报道或经验推广，酌情加分至满分。", ""),
    )),
    (DimensionCode.SATISFACTION, "15", (
        ("居民满意度", "15", "居民满意度调查的满意度得分（百分制）÷100×15分；回收份数达到最低样本量后按调查得分计算，"
                        "样本不足时不计算，由评估方说明。", FigureCode.SATISFACTION),
    )),
)


def default_template_data() -> TemplateData:
    """The default template as ``TemplateData`` (final score: third party 60 %, street 40 %, self-assessment
    shown but not counted; grades ≥ 90 / 80 / 60)."""
    return TemplateData(dimensions=[
        DimensionData(code, Decimal(weight), [IndicatorData(name, Decimal(points), guidance, figure)
                                              for name, points, guidance, figure in indicators])
        for code, weight, indicators in DEFAULT])
