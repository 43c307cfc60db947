"""The zh-hans wording of the annual assessment (issue 13, part 1: assessment/ and templates/assessment/): the
roll-up of the KPI snapshot, its runs and refusals, the unit's page and the roll-up's confirmation. Msgids already
translated elsewhere with the same wording (Year, Unit, Cancel, Show, Status, Figure, Units below…) are not repeated."""

ZH = {
    'Annual assessment': '年度考评',
    'Annual assessment roll-up': '年度考评数据汇总',
    'Back to the annual assessment': '返回年度考评',
    'Not a division code.': '不是有效的区划代码。',
    'Roll-up of %(year)s finished: %(count)s value written.': '%(year)s 年度数据汇总完成：共写入 %(count)s 项数值。',
    # RollupRun
    'nightly schedule': '每晚定时',
    'started by hand': '手动发起',
    'demo set-up': '演示数据',
    'running': '进行中',
    'done': '已完成',
    'failed': '失败',
    'interrupted': '已中断',
    'started at': '开始时间',
    'finished at': '结束时间',
    'rows written': '写入行数',
    'figures': '指标数',
    'data as of': '数据截至',
    'error': '错误',
    'roll-up run': '数据汇总记录',
    'roll-up runs': '数据汇总记录',
    # KpiSnapshot
    'figure': '指标',
    'part': '分子',
    'whole': '分母',
    'KPI snapshot': '考评指标快照',
    'KPI snapshots': '考评指标快照',
    # services and selectors
    '%(change)s pp': '%(change)s 个百分点',
    'The year must be a number.': '年份必须是数字。',
    'The year must be between %(first)d and %(last)d.': '年份必须在 %(first)d 至 %(last)d 之间。',
    'A roll-up of %(year)d is already running; try again when it has finished.':
        '%(year)d 年度的数据汇总正在进行，请待其完成后再试。',
    'A roll-up of %(year)d is already running since %(since)s; try again when it has finished.':
        '%(year)d 年度的数据汇总自 %(since)s 起正在进行，请待其完成后再试。',
    'Figure codes longer than %(n)d characters cannot be stored: %(codes)s':
        '指标代码超过 %(n)d 个字符，无法保存：%(codes)s',
    'The roll-up stopped before it finished (its process or the database stopped); nothing of it was kept.':
        '数据汇总未完成即中止（进程或数据库停止），其结果未保留。',
    # templates/assessment/confirm.html
    'Roll up %(year)s': '汇总 %(year)s 年度数据',
    "Compute the %(figures)s figures of %(year)s for all %(units)s units from the records as they are now, and replace the year's snapshot with them. The pages keep showing the present snapshot until the roll-up has finished; you can follow it on its progress page.":
        '将按当前记录计算全部 %(units)s 个单位 %(year)s 年度的 %(figures)s 项指标，并替换该年度的快照。汇总完成前，页面仍显示现有快照；您可在进度页面查看汇总进度。',
    'A roll-up of %(year)s has been running since %(since)s. A second one is refused until it has finished.':
        '%(year)s 年度的数据汇总自 %(since)s 起正在进行，完成前不能再次发起。',
    'Roll up': '开始汇总',
    # templates/assessment/unit.html
    'Annual assessment of %(unit)s, %(year)s': '%(unit)s %(year)s 年度考评',
    'Your other units:': '您的其他单位：',
    'Last rolled up at %(at)s, data as of %(as_of)s.': '最近一次汇总于 %(at)s，数据截至 %(as_of)s。',
    '%(year)s has not been rolled up yet: the figures below are empty.': '%(year)s 年度尚未汇总，以下指标暂无数据。',
    "Figures are read from the year's snapshot, rolled up every night and on demand; records entered since then count at the next roll-up.":
        '指标取自该年度的快照，每晚及按需汇总；此后录入的记录将在下次汇总时计入。',
    'Roll up %(year)s now': '立即汇总 %(year)s 年度数据',
    'Latest roll-ups': '最近的汇总',
    'Started': '开始时间',
    'Started by': '发起方',
    'Values': '数值项数',
    'Data as of': '数据截至',
    'Finished': '结束时间',
    'Figures of %(unit)s': '%(unit)s 的指标',
    'Change': '变化',
    '(each counted at its own level, never added up from the units below it)': '（各单位按本级口径统计，不由下级数值相加）',
}
