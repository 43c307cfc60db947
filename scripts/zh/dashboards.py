"""The zh-hans wording of the dashboards (issue 13, part: assessment/dashboards/ and templates/assessment/dashboards/):
the unit's dashboard, its charts and tables, the red/amber/green board, the monthly figures. Msgids already
translated elsewhere with the same wording (Year, Unit, Show, Needs, Definition, Milestones overdue, Rectifications
overdue, Your other units:…) are not repeated."""

ZH = {
    'Dashboard': '数据看板',
    'Dashboards': '数据看板',
    'Dashboard of %(unit)s, %(year)s': '%(unit)s %(year)s 年度数据看板',
    "Figures as of %(as_of)s (the year's last roll-up); last year's beside them.":
        '指标数据截至 %(as_of)s（本年度最近一次汇总），并列出上年同期数值。',
    'Every figure of the unit': '查看本单位全部指标',
    'Key figures': '关键指标',
    '%(change)s on last year (%(previous)s)': '较上年 %(change)s（上年 %(previous)s）',
    'No figure of this unit is open to you.': '您无权查看本单位的任何指标。',
    'Counted at %(at)s.': '统计于 %(at)s。',
    'Nothing counted yet.': '暂无数据。',
    'Table view': '表格视图',
    # charts
    'Trends by month': '月度趋势',
    'Month %(month)d': '%(month)d月',
    'Counted month by month at the last roll-up of the year (money in yuan, hours in hours).':
        '按月统计，数据来自本年度最近一次汇总（金额单位为元，时长单位为小时）。',
    'Needs by state': '需求状态分布',
    'Needs by category': '需求类别分布',
    'Every need of the unit registered so far, in its current state.': '本单位迄今登记的全部需求，按当前状态统计。',
    'Every need of the unit registered so far, by category.': '本单位迄今登记的全部需求，按类别统计。',
    'Project pipeline': '项目推进漏斗',
    "The unit's projects of the plan year in each state, by how they are published.":
        '本单位本计划年度的项目在各状态的数量，按发布方式分列。',
    'Evaluation grades': '评估等级分布',
    'Final evaluations': '末期评估',
    "Final evaluations closed in the year, by grade (the year's snapshot).": '本年度已结束的末期评估，按等级统计（年度快照）。',
    'Five-society participation': '五社参与情况',
    "Projects delivered in the year by linkage mode and by society taking part (the year's snapshot).":
        '本年度实施的项目，按联动模式和参与主体统计（年度快照）。',
    # the red/amber/green board
    'Units below: what needs attention': '下级单位：需要关注的事项',
    "As of %(as_of)s (the year's last roll-up).": '数据截至 %(as_of)s（本年度最近一次汇总）。',
    'Milestones counted at %(at)s.': '里程碑统计于 %(at)s。',
    'Milestones as of now.': '里程碑为实时数据。',
    '%(label)s: amber from %(amber)s, red from %(red)s.': '%(label)s：%(amber)s 起为黄色，%(red)s 起为红色。',
    'Overall': '总体',
    'red': '红',
    'amber': '黄',
    'green': '绿',
    'Needs not answered by their date': '未按期答复的需求',
    'Final reports missing or late': '结项报告缺交或逾期',
    # MonthlyFigure
    'month': '月份',
    'monthly figure': '月度指标',
    'monthly figures': '月度指标',
}
