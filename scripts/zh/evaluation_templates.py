"""The zh-hans wording of step 4's indicator-template pages and downloads (issue 12: evaluation/template_views.py,
template_forms.py, exports.py, export_views.py, templates/evaluation/templates/ and scorecard_pdf.html). Msgids
already translated elsewhere with the same wording (Save, Cancel, Copy…, the models' field names) are not
repeated here."""

ZH = {
    # the list and the detail
    'Indicator templates': '评估指标体系',
    'New template': '新建指标体系',
    'The city sets the template of a year; a district may set its own, which applies to its projects instead. '
    'An evaluation keeps the version it was scored with.':
        '市级设定年度评估指标体系；区可设定本区的指标体系，本区项目改用区级指标体系。评估始终保留评分时所用的版本。',
    'latest version': '最新版本',
    'used in evaluations': '已用于评估',
    'No indicator template here yet.': '暂无评估指标体系。',
    'version %(number)s': '版本 %(number)s',
    'Copy to next year': '复制到下一年度',
    'All indicator templates': '全部评估指标体系',
    'An older version, kept as the evaluations scored with it saw it. The latest is version %(number)s.':
        '这是旧版本，按使用它评分的评估所见原样保留。最新版本为版本 %(number)s。',
    'Show the latest version': '查看最新版本',
    '%(n)s evaluation': '%(n)s 项评估',
    'Dimensions and sub-indicators': '一级指标与二级指标',
    'weight %(weight)s · points possible %(possible)s': '权重 %(weight)s · 应得分 %(possible)s',
    'shown, not counted': '仅展示，不计入',
    "The final score combines the counted evaluations' totals by these weights, rounded once to one decimal.":
        '最终得分按上述权重合并计入各方的总分，只四舍五入一次，保留一位小数。',
    'Grade bands': '等级划分',
    'The grade reads the score as shown, rounded to one decimal.': '等级按显示的得分（保留一位小数）评定。',
    'Versions': '版本记录',
    # create and edit
    'New indicator template': '新建评估指标体系',
    'Edit the indicator template': '修改评估指标体系',
    'Filled in with the default template of the guideline: change what your unit scores differently.':
        '已按指南的默认指标体系填好，请修改本单位评分不同之处。',
    'Version %(number)s is used by %(n)s evaluation: saving writes version %(next)s, and version %(number)s '
    'stays as it was.': '版本 %(number)s 正被 %(n)s 项评估使用：保存后将生成版本 %(next)s，版本 %(number)s 保持不变。',
    'No evaluation uses version %(number)s yet: it is changed in place.':
        '版本 %(number)s 尚未被任何评估使用，保存时直接修改该版本。',
    "The five weights add up to 100. A dimension's score is its weight × the points scored ÷ its points possible.":
        '五个一级指标的权重合计为 100。一级指标得分 = 权重 × 实得分 ÷ 应得分。',
    'The counted weights add up to 100; a weight of 0 shows that evaluation without counting it.':
        '计入的权重合计为 100；权重为 0 的评估仅展示、不计入最终得分。',
    'The lower bound of each grade, going down; below the pass bound is 不合格.':
        '各等级的下限，依次递减；低于合格下限为不合格。',
    'Give the sub-indicator a name.': '请填写二级指标名称。',
    'Give the sub-indicator its maximum score.': '请填写二级指标的满分。',
    'Indicator template created as version 1.': '评估指标体系已创建（版本 1）。',
    'The version you edited does not exist: reload the page.': '您修改的版本不存在，请刷新页面。',
    'Version %(new)s saved; version %(old)s, which is in use, stays as it was.':
        '版本 %(new)s 已保存；正在使用的版本 %(old)s 保持不变。',
    'Nothing changed: version %(number)s stays as it was.': '内容未变，版本 %(number)s 保持不变。',
    'Version %(number)s saved.': '版本 %(number)s 已保存。',
    # copy to next year
    'Copy version %(number)s of the %(year)s template of %(unit)s as the template of %(next)s (version 1)? You '
    'can edit the copy afterwards; this template stays as it is.':
        '将%(unit)s %(year)s 年度指标体系的版本 %(number)s 复制为 %(next)s 年度指标体系（版本 1）？'
        '复制后可再修改，本指标体系保持不变。',
    'This unit already has a template for %(next)s.': '本单位已有 %(next)s 年度的指标体系。',
    'Open it': '打开',
    'Copy': '复制',
    'Copied as the template of %(year)s (version 1): edit it there.': '已复制为 %(year)s 年度指标体系（版本 1），可在其中修改。',
    # the xlsx and the PDF scorecard
    '%(kind)s: total': '%(kind)s总分',
    'The filters select more than %(limit)s evaluations; narrow them (for example by stage, status or unit) and '
    'export again.': '筛选结果超过 %(limit)s 项评估，请缩小范围（如按评估阶段、状态或单位）后重新导出。',
    'Scorecard (PDF)': '评分表（PDF）',
    'Result': '评估结果',
    'Scores': '各项得分',
    "Printed on %(when)s by %(who)s. Scores have at most one decimal; a dimension's points are its weight × the "
    "points scored ÷ its points possible; each total is rounded once to one decimal.":
        '%(who)s 于 %(when)s 打印。得分最多保留一位小数；一级指标得分 = 权重 × 实得分 ÷ 应得分；'
        '各方总分只四舍五入一次，保留一位小数。',
}
