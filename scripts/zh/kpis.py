"""Wording of the annual assessment's KPIs (issue 13) declared in the steps' figures: needs answered on time and
turned into projects, projects completed and final reports on time, the evaluation indicators, rectifications,
volunteers per community."""

ZH = {
    # units
    "evaluation(s)": "次",
    "point(s) of 100": "分",
    "rectification(s)": "项",
    "person(s) per community": "人/社区",
    # needs
    "Needs due for an answer": "应答复的需求",
    "Needs registered in the period with an answer-by date that has passed or that have been answered; an answer is "
    "their first move out of “submitted” or “verified” (added to the needs list, referred, resolved directly or "
    "rejected).":
        "本期登记、有答复期限且期限已过或已经答复的需求；答复指需求首次离开“已登记”或“已核实”状态（纳入清单、转办、直接解决或"
        "不予采纳）。",
    "Needs answered on time": "按期答复的需求",
    "Needs registered in the period whose first move out of “submitted” or “verified” (added to the needs list, "
    "referred, resolved directly or rejected) is dated on or before their answer-by date.":
        "本期登记的需求中，首次离开“已登记”或“已核实”状态（纳入清单、转办、直接解决或不予采纳）的日期不晚于答复期限的件数。",
    "Needs answered on time (%)": "需求按期答复率",
    "Needs registered in the period and answered by their answer-by date, as a share of those registered in the "
    "period whose answer-by date has passed or that have been answered; an answer is the first move out of "
    "“submitted” or “verified” (added to the needs list, referred, resolved directly or rejected); a need still open "
    "before its date is not counted yet.":
        "本期登记并在答复期限内答复的需求，占本期登记、答复期限已过或已经答复的需求的比例；答复指首次离开“已登记”或“已核实”"
        "状态（纳入清单、转办、直接解决或不予采纳）；尚未到期且未答复的需求暂不计入。",
    "Needs turned into projects": "转化为项目的需求",
    "Needs registered in the period (merged duplicates not counted) that are linked to a service project which has "
    "not given them back to the needs list.":
        "本期登记的需求（被合并的重复需求不计）中，已关联服务项目且未被项目退回需求清单的件数。",
    "Needs turned into projects (%)": "需求项目转化率",
    "Needs registered in the period and linked to a service project that has not given them back, as a share of the "
    "needs collected in the period (merged duplicates not counted).":
        "本期登记并关联服务项目（未被退回需求清单）的需求，占本期收集需求（被合并的重复需求不计）的比例。",
    # projects
    "Projects completed": "完成实施的项目",
    "Service projects of the unit approved in the period whose delivery has since finished: submitted for acceptance "
    "(待验收) or later — accepted, awaiting evaluation or closed.":
        "本单位在统计期内立项、此后已完成实施的服务项目：已提交验收（待验收）或之后的状态——已验收、待评估或已结项。",
    "Service projects of the unit delivered (undertaken, in progress or finished; not suspended or terminated) whose "
    "period ends in the period, and whose end date has passed or whose final report is in.":
        "本单位已承接实施（已承接、实施中或已完成；不含暂停和终止）、项目周期在统计期内结束，且结束日期已过或已提交结项报告"
        "的服务项目。",
    "Final reports submitted on time": "按期提交的结项报告",
    "Service projects of the unit delivered whose period ends in the period and whose final report was submitted on "
    "or before the project's end date.":
        "本单位已承接实施、项目周期在统计期内结束，且在项目结束日期当天或之前提交结项报告的服务项目。",
    "Final reports submitted on time (%)": "结项报告按期提交率",
    "Final reports submitted on or before the project's end date, as a share of the delivered projects (not "
    "suspended or terminated) whose period ends in the period and whose end date has passed or whose final report "
    "is in; mid-term reports have no due date and are not counted.":
        "在项目结束日期当天或之前提交的结项报告，占项目周期在统计期内结束、结束日期已过或已提交结项报告的已承接项目（不含暂停"
        "和终止）的比例；中期报告没有规定期限，不计入。",
    # evaluation
    "Evaluations closed": "完成的评估",
    "Mid-term and final evaluations of the unit's service projects closed (scored and graded) in the period.":
        "本期结束（已评分定级）的本单位服务项目中期和末期评估。",
    "Average evaluation score": "平均评估得分",
    "The mean final score (out of 100) of the final (末期) evaluations of the unit's service projects closed in the "
    "period, rounded to one decimal.":
        "本期结束的本单位服务项目末期评估最终得分（百分制）的平均值，保留一位小数。",
    "Final evaluations graded {grade}": "末期评估为“{grade}”的项目",
    "Final (末期) evaluations of the unit's service projects closed in the period with this grade (≥ 90 excellent, "
    "≥ 80 good, ≥ 60 pass, below fail, unless the template sets other bands).":
        "本期结束、评为该等级的本单位服务项目末期评估（90分及以上为优秀，80分及以上为良好，60分及以上为合格，以下为不合格；"
        "指标模板另有规定的从其规定）。",
    "The mean satisfaction score (0–100) of the unit's service projects whose residents' satisfaction survey was "
    "opened in the period and has reached its minimum number of responses; each project's score is the survey's "
    "satisfaction index, (mean answer − 1) ÷ 4 × 100.":
        "本期开启居民满意度调查且答卷数已达最低样本量的本单位服务项目满意度得分（0–100）的平均值；每个项目的得分为调查的满意度"
        "指数，即（平均作答 − 1）÷ 4 × 100。",
    # rectifications
    "Rectifications closed": "完成整改",
    "Rectifications of the unit's service projects verified by the street in the period (cancelled ones not "
    "counted).":
        "本期经街道核验通过的本单位服务项目整改事项（已撤销的不计）。",
    "Rectifications overdue": "逾期未整改",
    "Rectifications of the unit's service projects whose deadline falls in the period and has passed, and that are "
    "still neither verified nor cancelled.":
        "整改期限在统计期内且已过期、至今既未核验通过也未撤销的本单位服务项目整改事项。",
    # volunteers
    "Volunteers per community": "社区平均志愿者数",
    "Registered volunteers of the unit (as counted in “Volunteers”) divided by the number of its communities, to one "
    "decimal; used instead of volunteers per 1,000 residents because the population of each unit is not known.":
        "本单位在册志愿者人数（按“志愿者”口径）除以所辖社区数，保留一位小数；由于各单位常住人口未知，以此代替每千名居民志愿者"
        "数。",
}
