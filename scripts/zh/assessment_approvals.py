"""The zh-hans wording of the annual assessment's bottom-up approvals (审核确认; issue 13: assessment/approvals.py,
the approval models, forms and pages under templates/assessment/). Msgids already translated elsewhere with the
same wording (Reason, Cancel, Year, The year must be a number.…) are not repeated. Plurals: the singular msgid,
one Chinese form."""

ZH = {
    # models
    'approval': '审核确认',
    'approvals': '审核确认',
    'approval event': '审核确认记录',
    'approval events': '审核确认记录',
    'approved at': '确认时间',
    'event': '事项',
    'when': '时间',
    'approval given': '审核确认',
    'unlocked': '解锁',
    're-opened by an unlock below': '因下级解锁而重新开放',
    'unlocked unit': '解锁的单位',
    # forms
    'Reason for the unlock': '解锁原因',
    "Say what changed or was wrong; it stays in the unit's approval history and in the audit log.":
        '请说明哪些情况发生了变化或有误；原因会保留在该单位的审核记录和审计日志中。',
    # refusals and messages
    '%(unit)s is the top unit: nobody approves it.': '%(unit)s 是最高一级单位，无需上级审核确认。',
    '%(unit)s cannot be approved yet: %(n)d unit below it is still open. Approve it first.':
        '%(unit)s 暂不能审核确认：其下还有 %(n)d 个单位未确认，请先确认下级单位。',
    '%(unit)s has no figures for %(year)d: roll up the year first.':
        '%(unit)s 还没有 %(year)d 年度的指标数据，请先进行该年度的数据汇总。',
    'A roll-up of %(year)d is running; approve or unlock when it has finished.':
        '%(year)d 年度的数据汇总正在进行，请待其完成后再审核确认或解锁。',
    '%(unit)s is already approved for %(year)d (by %(user)s, %(at)s).':
        '%(unit)s 的 %(year)d 年度数据已审核确认（%(user)s，%(at)s）。',
    'No unit below %(unit)s is ready to be approved for %(year)d.':
        '%(unit)s 下没有可审核确认 %(year)d 年度数据的单位。',
    'Give the reason for the unlock.': '请填写解锁原因。',
    'The reason may be at most %(n)d characters long (it has %(length)d).':
        '解锁原因最多 %(n)d 个字（现有 %(length)d 个字）。',
    '%(unit)s is not approved for %(year)d: there is nothing to unlock.':
        '%(unit)s 的 %(year)d 年度数据尚未审核确认，无需解锁。',
    '%(unit)s is approved for %(year)d: its figures of the year are locked.':
        '%(unit)s 的 %(year)d 年度数据已审核确认，该年度指标已锁定。',
    '%(n)d unit approved for %(year)d.': '已审核确认 %(n)d 个单位的 %(year)d 年度数据。',
    '%(unit)s is unlocked for %(year)d.': '%(unit)s 的 %(year)d 年度数据已解锁。',
    # the unit page
    'Approved (locked)': '已确认（已锁定）',
    'Open': '待确认',
    'The figures of %(year)s were approved by %(parent)s (%(user)s, %(at)s) and are locked: a roll-up leaves them '
    'as they are.': '%(year)s 年度指标已由%(parent)s审核确认（%(user)s，%(at)s）并锁定：数据汇总不再改动这些数据。',
    'The figures of %(year)s are not approved by %(parent)s yet.': '%(year)s 年度指标尚未经%(parent)s审核确认。',
    'Unlock': '解锁',
    'Approval history': '审核确认记录',
    'When': '时间',
    'Event': '事项',
    'By': '操作人',
    'The whole history': '全部记录',
    'Approval': '审核确认',
    'Approve the %(n)s ready unit': '审核确认 %(n)s 个可确认的单位',
    '%(n)s unit below still open': '下级尚有 %(n)s 个单位未确认',
    'Not rolled up': '未汇总',
    'Ready': '可确认',
    'Approve figures': '审核确认',
    # the approval pages
    'Approval history of %(unit)s, %(year)s': '%(unit)s %(year)s 年度审核确认记录',
    'No approval or unlock yet.': '尚无审核确认或解锁记录。',
    'Back to the unit': '返回该单位',
    'Approve the ready units': '审核确认可确认的单位',
    'Approve the units below %(unit)s for %(year)s': '审核确认 %(unit)s 下级单位的 %(year)s 年度数据',
    '%(n)s unit is ready: everything below it is approved and its figures are rolled up. Approving it locks its '
    'figures of %(year)s; a roll-up leaves them as they are until it is unlocked.':
        '以下 %(n)s 个单位可以审核确认：其下级均已确认，指标已汇总。审核确认后将锁定其 %(year)s 年度指标，解锁前数据汇总不再改动。',
    'No unit below is ready to be approved for %(year)s: each needs every unit below it approved and its figures '
    'rolled up.': '没有可审核确认 %(year)s 年度数据的下级单位：每个单位都需其下级全部确认且指标已汇总。',
    'Unlock %(unit)s for %(year)s': '解锁 %(unit)s 的 %(year)s 年度数据',
    'Approved by %(user)s at %(at)s. Unlocking it lets the next roll-up replace its figures again.':
        '已由 %(user)s 于 %(at)s 审核确认。解锁后，下次数据汇总将重新计算其指标。',
    'The approvals above it are removed too, since what they confirmed changes:':
        '其上级的审核确认也将一并撤销，因为上级确认的内容随之改变：',
    'It is not approved for %(year)s.': '该单位 %(year)s 年度数据尚未审核确认。',
    '%(unit)s: the request could not be carried out': '%(unit)s：操作未能完成',
}
