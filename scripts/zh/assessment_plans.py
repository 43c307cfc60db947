"""The zh-hans wording of the assessment plans (issue 13: assessment/plans/ and templates/assessment/plans/): the
plan, its indicators, weights and bands, manual scores with evidence, and the scores and ranks page. Msgids already
translated elsewhere with the same wording (Year, Status, Cancel, Save, Evidence, Rank…) are not repeated."""

ZH = {
    # levels, as a plan names them
    'districts': '区（县、市）',
    'streets': '街道（乡镇）',
    'communities': '社区（村）',
    'Districts': '区（县、市）',
    'Streets': '街道（乡镇）',
    'Communities': '社区（村）',
    # refusals (services)
    '%(year)s is approved for %(unit)s: its plan and scores can no longer be changed. Unlock the approval first.':
        '%(unit)s %(year)s 年度已审核确认：考评方案和得分不能再修改。请先解除审核锁定。',
    'Choose KPI or manual indicator.': '请选择量化指标或人工评分指标。',
    'At most %(limit)s characters.': '最多 %(limit)s 个字符。',
    'No figure has the code “%(code)s”.': '没有代码为“%(code)s”的指标。',
    'Choose a figure.': '请选择指标。',
    'Give the manual indicator a name.': '请填写人工评分指标的名称。',
    'Enter a number.': '请输入数字。',
    'A weight is between 0 and 100.': '权重应在 0 到 100 之间。',
    'A weight has at most one decimal.': '权重最多保留一位小数。',
    'This plan does not assess %(level)s.': '本方案不考评%(level)s。',
    'Give the full-marks and the no-marks value for %(level)s.': '请填写%(level)s的满分值和零分值。',
    'A share is entered in percent, 0 to 100.': '比率按百分数填写，0 到 100。',
    'Enter a value between 0 and %(max)s.': '请输入 0 到 %(max)s 之间的数值。',
    'The full-marks and the no-marks value are the same (%(value)s): no band to score on.':
        '满分值与零分值相同（%(value)s），无法计分。',
    'Higher is better for this figure: full marks must be above no marks.': '该指标越高越好：满分值须高于零分值。',
    'Lower is better for this figure: full marks must be below no marks.': '该指标越低越好：满分值须低于零分值。',
    'A plan has at most %(n)s indicators.': '一个方案最多 %(n)s 项指标。',
    'Line %(n)s is not an indicator of this plan.': '第 %(n)s 行不是本方案的指标。',
    'This figure is already line %(n)s.': '该指标已在第 %(n)s 行。',
    'Add at least one indicator.': '请至少添加一项指标。',
    '“%(name)s” already has manual scores: it cannot be removed.': '“%(name)s”已有人工评分，不能删除。',
    'The weights for %(level)s add up to %(sum)s, not 100.': '%(level)s的权重合计为 %(sum)s，不是 100。',
    'You may not write the assessment plan of %(unit)s.': '您无权编制%(unit)s的考评方案。',
    '%(unit)s already has a plan for %(year)s.': '%(unit)s已有 %(year)s 年度的考评方案。',
    'You may not publish this plan.': '您无权发布该方案。',
    'This plan is already published.': '该方案已发布。',
    'Enter the points as a number.': '请以数字填写得分。',
    'Points are between 0 and %(weight)s (the weight).': '得分应在 0 到 %(weight)s（权重）之间。',
    'Points have at most one decimal.': '得分最多保留一位小数。',
    'You may not score %(unit)s.': '您无权为%(unit)s评分。',
    'This indicator is not one %(unit)s is scored on by hand.': '%(unit)s不按该指标人工评分。',
    'Attach the evidence (a PDF, a photo or a text file).': '请上传佐证材料（PDF、照片或文本文件）。',
    'Evidence may be a PDF, a photo in JPEG or PNG format, or a plain text file.':
        '佐证材料可以是 PDF、JPEG 或 PNG 照片，或纯文本文件。',
    # models
    'draft': '草稿',
    'in force': '已发布',
    'KPI': '量化指标',
    'manual indicator': '人工评分指标',
    'assessing unit': '考评单位',
    'changed': '修改时间',
    'assessment plan': '考评方案',
    'assessment plans': '考评方案',
    'weight (districts)': '权重（区县）',
    'weight (streets)': '权重（街道）',
    'weight (communities)': '权重（社区）',
    'full marks at (districts)': '满分值（区县）',
    'no marks at (districts)': '零分值（区县）',
    'full marks at (streets)': '满分值（街道）',
    'no marks at (streets)': '零分值（街道）',
    'full marks at (communities)': '满分值（社区）',
    'no marks at (communities)': '零分值（社区）',
    'points scored': '得分',
    'evidence': '佐证材料',
    'scored': '评分时间',
    'manual score': '人工评分',
    'manual scores': '人工评分',
    # forms
    'A share (a “%” figure) is entered in percent: 60 for 60 %. Where lower is better, full marks lie below no marks.':
        '比率（单位为“%%”的指标）按百分数填写：60 表示 60%%。越低越好的指标，满分值低于零分值。',
    'Assessing unit': '考评单位',
    'Order': '顺序',
    'Kind': '类型',
    'Description': '说明',
    'Weight (%(level)s)': '权重（%(level)s）',
    'Full marks at (%(level)s)': '满分值（%(level)s）',
    'No marks at (%(level)s)': '零分值（%(level)s）',
    'Points': '得分',
    'A PDF, a JPEG or PNG photo, or a plain text file; at most 5 MB.': 'PDF、JPEG 或 PNG 照片，或纯文本文件；最大 5 MB。',
    # views
    'Plan saved as a draft.': '方案已保存为草稿。',
    'Assessment plan saved.': '考评方案已保存。',
    'Plan published: the scores read it from now on.': '方案已发布：此后的得分按此方案计算。',
    'Plan copied into %(year)s as a draft.': '方案已复制为 %(year)s 年度的草稿。',
    'Score saved.': '得分已保存。',
    # pages
    'Assessment plans': '考评方案',
    'Assessment plan': '考评方案',
    'All years': '全部年度',
    'New plan': '新建方案',
    "The city's plan assesses the districts, and the streets and communities of every district without a published "
    "plan of its own; a district's plan assesses its streets and communities.":
        '市级方案考评各区县，以及未发布本区方案的区县所属街道和社区；区县方案考评本区的街道和社区。',
    'Indicators': '指标',
    'Scores and ranks': '得分与排名',
    'No plan yet.': '暂无方案。',
    'Publish the plan': '发布方案',
    'Publish plan': '发布方案',
    'Once published the plan is in force: the units it assesses are scored on it and their manual indicators can be '
    'scored. It can still be corrected until the year is approved.':
        '方案发布后即生效：所考评单位按此方案计分，并可进行人工评分。在该年度审核确认之前仍可修改。',
    'Publish the assessment plan of %(unit)s, %(year)s?': '发布%(unit)s %(year)s 年度考评方案？',
    'New assessment plan': '新建考评方案',
    "Each level's weights must add up to exactly 100 (a weight of 0 leaves the indicator out of that level). A KPI "
    "earns its weight at or beyond the full-marks value, nothing at or beyond the no-marks value, linearly in "
    "between; a share (a “%%” figure) is entered in percent: 60 for 60 %%. Where lower is better, full marks lie below "
    "no marks. Manual indicators are scored by the assessing level with evidence.":
        '每一层级的权重合计必须正好为 100（权重为 0 表示该层级不考评此指标）。量化指标达到满分值得全部权重分，'
        '达到零分值不得分，其间按线性计分；比率（单位为“%%”的指标）按百分数填写：60 表示 60%%。越低越好的指标，'
        '满分值低于零分值。人工评分指标由考评层级依据佐证材料评分。',
    'Add an indicator': '添加指标',
    'Edit the assessment plan of %(unit)s, %(year)s': '修改%(unit)s %(year)s 年度考评方案',
    'manual': '人工评分',
    'Weight': '权重',
    'Full marks at': '满分值',
    'No marks at': '零分值',
    'Remove this indicator': '删除此指标',
    'Manual score': '人工评分',
    'a new file replaces it': '上传新文件将替换原文件',
    '%(name)s of %(unit)s, %(year)s': '%(unit)s %(year)s 年度：%(name)s',
    "Give 0 to %(weight)s points (the indicator's weight at this level), with a note and the evidence.":
        '评分范围 0 到 %(weight)s 分（该指标在本层级的权重），并填写说明、上传佐证材料。',
    'Scored %(points)s on %(at)s.': '已于 %(at)s 评为 %(points)s 分。',
    'Copy the plan': '复制方案',
    'A draft with the same indicators, weights and bands is made for the year you choose; adjust it, then publish it.':
        '将以相同的指标、权重和计分区间为所选年度生成草稿；调整后再发布。',
    'Copy the assessment plan of %(unit)s, %(year)s': '复制%(unit)s %(year)s 年度考评方案',
    'Copy into another year': '复制到其他年度',
    'Indicator': '指标',
    'Weights are points out of 100 per level. A KPI earns its weight at or beyond “full”, nothing at or beyond '
    '“none”, linearly in between; a share is in percent.':
        '权重为每一层级满分 100 分中的分值。量化指标达到“满分值”得全部权重分，达到“零分值”不得分，其间按线性计分；比率按百分数计。',
    'All plans': '全部方案',
    'Assessment plan of %(unit)s, %(year)s': '%(unit)s %(year)s 年度考评方案',
    '%(year)s is approved here: the plan is read-only.': '%(year)s 年度已审核确认：方案只读。',
    'full at %(full)s, none at %(zero)s': '满分值 %(full)s，零分值 %(zero)s',
    'see the plan': '查看方案',
    "KPI values are read from the year's snapshot. Equal totals share a rank (1, 2, 2, 4); last year's score and rank "
    "are on last year's plan.":
        '量化指标数值取自该年度的指标快照。总分相同者名次并列（1、2、2、4）；上年得分和排名按上年方案计算。',
    'no value': '无数值',
    'Total score': '总分',
    'give points': '评分',
    'No value in the snapshot: 0 points': '指标快照中无数值：计 0 分',
    'Scores and ranks under %(unit)s, %(year)s': '%(unit)s下属单位 %(year)s 年度得分与排名',
    'Scored on the plan of %(unit)s': '按%(unit)s的方案计分',
    '%(year)s: score (rank)': '%(year)s 年得分（排名）',
    'No published plan assesses the units below in %(year)s.': '%(year)s 年度没有已发布的方案考评下属单位。',
    'Scores and ranks of the units below yours:': '下属单位得分与排名：',
    'This unit has no units below it to rank.': '该单位没有可排名的下属单位。',
}
