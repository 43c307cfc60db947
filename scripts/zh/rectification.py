"""The zh-hans wording of the rectifications (整改, issue 12 step 4: evaluation/rectification/ and
templates/rectification/, the link block on the evaluation's page, the project's 整改 tab, the 不合格 mark). Msgids
already translated elsewhere with the same wording (Verified, Cancelled, status, overdue…) are not repeated here."""

ZH = {
    # navigation, home page
    'Rectifications': '整改',
    'Rectification': '整改',
    'Rectifications to verify': '待核验的整改',
    'The owner has submitted what was done: check the evidence, verify or return.': '责任单位已提交整改情况：请查看佐证材料，核验通过或退回。',
    'Rectifications due': '待完成的整改',
    'Findings of an evaluation your organization is to rectify: submit what was done with evidence before the deadline.':
        '评估发现的问题需由本机构整改：请在期限前提交整改情况及佐证材料。',
    # the process
    'To be rectified': '待整改',
    'Awaiting verification': '待核验',
    'Returned for more work': '已退回',
    'Submit the rectification': '提交整改情况',
    'Return for more work': '退回继续整改',
    'Cancel the rectification': '撤销整改',
    'Verification note': '核验意见',
    'Write what the street checked before verifying.': '请填写街道的核验意见后再核验通过。',
    'What is still to be done': '仍需整改的内容',
    'Say what is still to be done.': '请说明仍需整改的内容。',
    'Say why the rectification is cancelled.': '请说明撤销整改的原因。',
    'Cancel this rectification? The owner will no longer be asked to rectify it.': '确定撤销该整改？责任单位将不再需要整改此项。',
    'This rectification is already submitted: the street verifies it now.': '该整改已提交，正等待街道核验。',
    'This rectification is already verified.': '该整改已核验通过。',
    'This rectification was cancelled.': '该整改已撤销。',
    'Nothing to verify yet: the owner has not submitted the rectification.': '责任单位尚未提交整改情况，暂无可核验的内容。',
    'Nothing to return: the owner has not submitted the rectification.': '责任单位尚未提交整改情况，无需退回。',
    'This rectification is already returned to its owner.': '该整改已退回责任单位。',
    'Someone other than the person who submitted the rectification verifies it.': '整改须由提交人以外的人员核验。',
    'Attach at least one evidence file, or write a note on the evidence (where the street can see it).':
        '请至少上传一份佐证材料，或填写佐证说明（街道可在何处查看）。',
    # the services' refusals
    'You may not set up rectifications for this project.': '您无权为该项目发起整改。',
    'Finding': '发现的问题',
    'Action required': '整改要求',
    'What was done': '整改情况',
    'Note on the evidence': '佐证说明',
    'Only the members of the owner organization work on this rectification.': '只有责任机构的成员可以办理该整改。',
    'Enter the deadline as a date.': '请以日期形式填写整改期限。',
    'The deadline cannot be in the past.': '整改期限不能早于今天。',
    'The deadline may be at most two years ahead.': '整改期限最长为两年。',
    'The evaluation is “%(state)s”: rectifications are set up from the findings of a submitted or closed evaluation.':
        '该评估当前为“%(state)s”：整改须根据已提交或已结束的评估发现的问题发起。',
    'The project has no undertaking organization: choose the organization that rectifies.': '该项目没有承接机构，请选择负责整改的机构。',
    'The owner is the undertaking organization or another organization taking part in the project.':
        '责任机构须为项目的承接机构或参与项目的其他机构。',
    'The person responsible is a member of the owner organization.': '责任人须为责任机构的成员。',
    'The rectification is “%(state)s”: its evidence can no longer be changed.': '该整改当前为“%(state)s”，佐证材料不能再修改。',
    'Evidence may be a PDF, or a photo in JPEG, PNG or WebP format.': '佐证材料须为 PDF 文件，或 JPEG、PNG、WebP 格式的照片。',
    'A rectification keeps at most %(n)d evidence files.': '每项整改最多保存 %(n)d 份佐证材料。',
    # fields
    'finding': '发现的问题',
    'action required': '整改要求',
    'deadline': '整改期限',
    'what was done': '整改情况',
    'note on the evidence': '佐证说明',
    'verification note': '核验意见',
    'returned because': '退回原因',
    'cancelled because': '撤销原因',
    'cancelled': '撤销时间',
    'rectification': '整改',
    'rectifications': '整改',
    'rectification evidence': '整改佐证材料',
    'owner organization': '责任机构',
    'person responsible': '责任人',
    'uploaded by': '上传人',
    'set up': '发起时间',
    # forms
    'Choose the undertaking organization or another organization taking part in the project.':
        '请选择项目的承接机构或参与项目的其他机构。',
    'Choose a member of an organization taking part in the project.': '请选择参与项目机构的成员。',
    'overdue only': '仅看已超期',
    "The point of the evaluation's findings this rectification answers: write it or paste it from the findings above.":
        '本项整改针对的评估问题：可自行填写，或从上方的评估发现中复制。',
    'the undertaking organization': '承接机构',
    'Where the street can see what was done, when there is no file.': '无文件时，请说明街道可在何处查看整改情况。',
    'Enter the deadline as a date, e.g. 2026-09-30.': '请以日期形式填写整改期限，如 2026-09-30。',
    'Waiting for the owner': '待责任单位整改',
    # pages
    'Evidence added.': '佐证材料已添加。',
    'Rectification set up: the owner organization is asked to rectify.': '整改已发起，已通知责任机构整改。',
    'Rectification submitted: the street verifies it next.': '整改情况已提交，下一步由街道核验。',
    "Findings of evaluations turned into actions with an owner and a deadline, verified by the street. Set one up from a submitted or closed evaluation's page.":
        '评估发现的问题转为整改事项，明确责任单位和期限，由街道核验。请在已提交或已结束的评估页面发起整改。',
    'failed evaluation': '评估不合格',
    'No rectifications here.': '暂无整改。',
    'Set up a rectification': '发起整改',
    "The evaluation's findings": '评估发现的问题',
    'No findings you may read on this evaluation: write the point to rectify yourself.': '该评估暂无您可查看的评估发现，请自行填写需整改的问题。',
    'Set up the rectification': '发起整改',
    'Rectifications of this evaluation': '该评估的整改',
    'No rectifications of this project.': '该项目暂无整改。',
    'Returned by the street:': '街道退回：',
    'evidence files': '佐证材料',
    'Evidence': '佐证材料',
    'No evidence files.': '暂无佐证材料。',
    'Add evidence': '添加佐证材料',
    'PDF, JPEG, PNG or WebP, at most 10 MB each, %(n)s files in all. Give at least one file, or a note on the evidence.':
        '支持 PDF、JPEG、PNG、WebP，每份不超过 10 MB，共不超过 %(n)s 份。请至少上传一份材料或填写佐证说明。',
    'Failed evaluation (不合格):': '评估不合格：',
    "%(name)s undertook a project whose final evaluation was graded fail; it may be barred from next year's calls.":
        '%(name)s 承接的项目末期评估等级为不合格，可能被取消下一年度的项目申报资格。',
    'Turn a point of the findings into a rectification with an owner, a deadline and evidence, verified by the street.':
        '将评估发现的问题转为整改事项，明确责任单位、期限和佐证材料，由街道核验。',
}
