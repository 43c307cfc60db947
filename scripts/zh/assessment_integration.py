"""Chinese of the assessment's joins: the unit page's links to its later parts and the report's scores section."""

ZH = {
    "More about this unit": "该单位的更多页面",
    "Scores and ranks": "考评得分与排名",
    "Rank": "排名",
    "Score %(year)s": "%(year)s 年得分",
    "Rank %(year)s": "%(year)s 年排名",
    "Assessment plan": "考评方案",
    "%(unit)s's plan of %(year)s": "%(unit)s %(year)s 年度考评方案",
    "no assessment plan in force": "无生效的考评方案",
    "No unit lies below this one: scores and ranks are given to the units an assessment assesses.":
        "该单位没有下级单位：考评得分与排名针对被考评的下级单位。",
    "No published assessment plan assesses the units below in %(year)s.":
        "%(year)s 年没有已发布的考评方案考评其下级单位。",
    "Each unit below is scored on the published assessment plan that assesses it (out of 100: its KPIs against "
    "their bands and the manual indicators scored with evidence) and ranked among them; equal totals share a rank. "
    "Last year's score and rank are on last year's plan.":
        "各下级单位按对其生效的已发布考评方案计分（满分 100：量化指标按计分区间计分，人工评分指标依据佐证材料评分），"
        "并在同级单位中排名；得分相同者并列。上年得分与排名按上年方案计算。",
}
