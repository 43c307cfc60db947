"""The zh-hans wording of the residents' satisfaction survey (issue 12, step 4: evaluation/models/satisfaction.py,
services/satisfaction.py, satisfaction_forms.py, satisfaction_views.py, figures.py, choices.py and
templates/evaluation/satisfaction/). Msgids already translated elsewhere with the same wording (Submit, Thank you,
Public link for residents, Very satisfied…) are not repeated here."""

ZH = {
    # the scale and the questions
    'Neither satisfied nor dissatisfied': '一般',
    'Strongly disagree': '非常不同意',
    'Disagree': '不同意',
    'Neither agree nor disagree': '说不清',
    'Agree': '同意',
    'Strongly agree': '非常同意',
    'Does not apply': '不适用',
    'How satisfied are you with the services and activities the project offered?': '您对项目提供的服务和活动满意吗？',
    "How satisfied are you with the attitude of the project's staff and volunteers?": '您对项目工作人员和志愿者的服务态度满意吗？',
    'How satisfied are you with what the project achieved?': '您对项目取得的效果满意吗？',
    "My or my family's situation has improved thanks to the project.": '通过这个项目，我或家人的生活状况有了改善。',
    'The problem I raised was solved.': '我反映的问题得到了解决。',
    'Choose “does not apply” if you raised no problem.': '如果您没有反映过问题，请选“不适用”。',
    "I took part in the project's activities.": '我参加过这个项目的活动。',
    'I was asked for my opinion about the project.': '项目征求过我的意见。',
    'Anything else you would like to tell us?': '您还有什么想对我们说的？',
    'Optional, at most %(max)s characters. Please do not write names, phone numbers or ID numbers.':
        '选填，最多 %(max)s 字。请勿填写姓名、电话号码或身份证号。',
    'Please choose an answer from 1 to 5.': '请在 1 到 5 中选择一项。',
    'Choose one of the answers 1 to 5.': '请在 1 到 5 中选择一项（提交的值无效）。',
    'At most %(max)s characters, please.': '最多 %(max)s 字。',
    # the indices and their definitions
    'Satisfaction (满意度)': '满意度',
    'Sense of gain (获得感)': '获得感',
    'Participation (参与度)': '参与度',
    'The mean of the three satisfaction items (services and activities, staff attitude, results) over all responses, '
    'on the 1–5 scale, shown as a percentage: (mean − 1) ÷ 4 × 100, so all “very satisfied” is 100 and all “very '
    'dissatisfied” is 0. This is the score the evaluation uses.':
        '全部问卷中三项满意度题目（服务和活动、服务态度、项目效果）得分（1–5 分）的平均值，换算为百分制：（平均分 − 1）÷ 4 × 100，'
        '全部“非常满意”为 100，全部“很不满意”为 0。绩效评估采用此得分。',
    "The mean of the answers to “my or my family's situation has improved” and “the problem I raised was solved” "
    "(blank answers left out), on the 1–5 scale, shown as (mean − 1) ÷ 4 × 100.":
        '“我或家人的生活状况有了改善”和“我反映的问题得到了解决”两题得分（1–5 分，未作答的不计）的平均值，换算为百分制：'
        '（平均分 − 1）÷ 4 × 100。',
    "The mean of the answers to “I took part in the project's activities” and “I was asked for my opinion”, on the "
    "1–5 scale, shown as (mean − 1) ÷ 4 × 100.":
        '“我参加过这个项目的活动”和“项目征求过我的意见”两题得分（1–5 分）的平均值，换算为百分制：（平均分 − 1）÷ 4 × 100。',
    # the models
    'satisfaction survey': '满意度调查',
    'satisfaction surveys': '满意度调查',
    'satisfaction response': '满意度问卷',
    'satisfaction responses': '满意度问卷',
    'collecting answers': '收集中',
    'survey closed': '已关闭',
    'opened on': '开放时间',
    'closed on': '关闭时间',
    'answered': '填写时间',
    'minimum number of responses': '最低样本量（份）',
    'The satisfaction score counts in the evaluation once this many residents have answered.':
        '回收问卷达到此份数后，满意度得分才计入绩效评估。',
    'Resident satisfaction survey score': '居民满意度调查得分',
    # the services
    "You may not open or close this project's satisfaction survey.": '您无权开放或关闭该项目的满意度调查。',
    'The project is “%(state)s”: its satisfaction survey opens once the project is undertaken, and until its '
    'evaluation.': '项目当前为“%(state)s”：满意度调查在项目承接后至绩效评估期间开放。',
    'The satisfaction survey is already open.': '满意度调查已在开放中。',
    'The satisfaction survey is already closed.': '满意度调查已关闭。',
    'The minimum number of responses is a whole number from %(low)s to %(high)s.':
        '最低样本量须为 %(low)s 到 %(high)s 之间的整数。',
    'Your browser sent no device cookie: allow cookies and open the link again.':
        '您的浏览器未提供设备标识（Cookie）：请允许 Cookie 后重新打开链接。',
    'This phone has already answered this survey. Thank you!': '这部手机已经填写过本次调查，感谢您的参与！',
    'This satisfaction survey was closed on %(date)s and takes no more answers. Thank you for your interest.':
        '本次满意度调查已于 %(date)s 关闭，不再接受填写。感谢您的关注。',
    'Counts: %(n)s responses (minimum %(m)s).': '已计入：共 %(n)s 份问卷（最低样本量 %(m)s 份）。',
    'Not enough responses yet: %(n)s of %(m)s.': '样本不足：已回收 %(n)s 份，需 %(m)s 份。',
    'No satisfaction survey has been opened for this project.': '该项目尚未开放满意度调查。',
    # the pages
    'Resident satisfaction survey': '居民满意度调查',
    'Resident satisfaction survey: link, QR code and results': '居民满意度调查：链接、二维码和结果',
    "You may not see or change this project's satisfaction survey.": '您无权查看或管理该项目的满意度调查。',
    'The satisfaction survey is open: share its link or QR code with residents.': '满意度调查已开放，请向居民分享链接或二维码。',
    'The satisfaction survey is closed: the link now says so.': '满意度调查已关闭，居民打开链接时会看到提示。',
    'The survey is not open: there is no link to print.': '调查未开放，暂无可打印的链接。',
    'Minimum number of responses saved.': '最低样本量已保存。',
    'Many answers have been sent from this network in the last hour. Please try again later; your answers are '
    'still here.': '过去一小时内从当前网络提交的问卷过多，请稍后再试；您填写的内容都已保留。',
    'Your browser sent no device cookie: allow cookies for this site and send the form again (your answers are '
    'still here).': '您的浏览器未提供设备标识（Cookie）：请允许本网站使用 Cookie 后再次提交（您填写的内容都已保留）。',
    'Please tell us how satisfied you are with this service project in your community. It takes about two minutes.':
        '请告诉我们您对社区这个服务项目的满意程度，大约需要两分钟。',
    "Your answers about “%(title)s” have been received. They count in the project's evaluation.":
        '您对“%(title)s”的评价已收到，将计入项目的绩效评估。',
    'Close the survey? Residents can no longer answer; the answers stay.': '确定关闭调查吗？关闭后居民不能再填写，已收回的问卷保留。',
    'Close the survey': '关闭调查',
    'Open the survey': '开放调查',
    'The survey opens once the project is undertaken, and until its evaluation.': '满意度调查在项目承接后至绩效评估期间开放。',
    'Residents open this link on their phone; no account and no personal data are needed. Each phone answers once.':
        '居民用手机打开此链接即可填写，无需账号，不收集个人信息；每部手机限填一次。',
    '%(n)s response': '%(n)s 份问卷',
    'index': '指数',
    'score (0–100)': '得分（0–100）',
    'number of answers': '作答数',
    'definition': '计算口径',
    'mean': '平均分',
    "The satisfaction index is the score the evaluation's “resident satisfaction” sub-indicator draws on, once the "
    "number of responses reaches the minimum.": '回收问卷达到最低样本量后，绩效评估的“居民满意度”二级指标采用满意度指数得分。',
    'What residents wrote': '居民留言',
}
