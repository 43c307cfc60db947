"""The zh-hans wording of the yearly report (issue 13: assessment/reports/, templates/assessment/reports/) and of the
core's jobs with several result files and "我的导出" (wuse/jobs/, templates/jobs/). Msgids already translated
elsewhere with the same wording (Unit, Year, Figure, Change, Summary, Download…) are not repeated."""

ZH = {
    # wuse/jobs: 我的导出 and result files
    'My exports': '我的导出',
    'size': '大小',
    'result file': '结果文件',
    'result files': '结果文件',
    'The result could not be stored on the server; try again, and tell the administrator if it recurs.':
        '结果文件无法保存到服务器，请重试；如仍出现，请联系管理员。',
    'Progress': '进度',
    'Kept until %(until)s; listed under “My exports”.': '保留至 %(until)s；可在“我的导出”中找到。',
    'The imports, exports and reports you started, newest first. Their files are kept for a few days, then deleted.':
        '您发起的导入、导出和报告，最新的在前。文件保留数天后删除。',
    'Job': '任务',
    'Files': '文件',
    'Kept until': '保留至',
    'No longer kept': '已不再保留',
    'You have not started any import, export or report yet.': '您尚未发起任何导入、导出或报告。',
    # assessment/reports
    'Yearly reports': '年度考评报告',
    'Yearly report': '年度考评报告',
    'Yearly assessment report': '年度考评报告',
    '%(unit)s annual assessment report %(year)s': '%(unit)s%(year)s年度考评报告',
    'The yearly report of %(year)s is ready: a workbook and a PDF.': '%(year)s 年度考评报告已生成：一份 Excel 工作簿和一份 PDF。',
    'You may no longer export a report of this unit.': '您已无权导出该单位的报告。',
    "Every figure is read from the year's snapshot of the annual assessment, each unit counted at its own level (never added up from the units below it); last year's value and the change beside it.":
        '各项指标取自该年度的年度考评快照，各单位按本级口径统计（不由下级数值相加），并列出上年数值和变化。',
    'Figures of the unit': '本单位指标',
    'The year has not been rolled up yet: the figures below are empty.': '该年度尚未汇总，以下指标暂无数据。',
    "Ranks are among the units with the same parent, the best first by the figure's direction; equal values share a rank.":
        '排名在同一上级单位的下级单位之间进行，按指标方向由优到差排列；数值相同的名次并列。',
    'Made on': '生成日期',
    '%(unit)s: this year and last': '%(unit)s：本年与上年',
    '%(level)s of %(unit)s': '%(unit)s 所辖%(level)s',
    'Indicator group': '指标类别',
    'Unit of measure': '计量单位',
    'not rolled up yet': '尚未汇总',
    'Rank': '排名',
    'Level': '层级',
    'Parent unit': '上级单位',
    'Evaluations': '项目评估',
    'Community workers': '专职社区工作者',
    'Charity resources': '慈善资源',
    # templates/assessment/reports/new.html
    "The report is made in the background from the year's snapshot of the annual assessment: an Excel workbook (a summary sheet and a sheet per indicator group, with every unit below and its ranks) and a PDF for print. It holds figures only, never personal data.":
        '报告依据该年度的年度考评快照在后台生成：一份 Excel 工作簿（汇总表，以及每类指标一张表，含全部下级单位及其排名）和一份可打印的 PDF。报告只含统计数字，不含任何个人信息。',
    "Summary: every figure of the unit, last year's value and the change.": '汇总：本单位全部指标、上年数值及变化。',
    'One part per indicator group:': '每类指标一部分：',
    'with the units below:': '含下级单位：',
    'Make the report': '生成报告',
    'Yearly assessment report of %(unit)s': '%(unit)s 年度考评报告',
    'It takes %(steps)s step; you can follow it on its progress page and download both files there or under “My exports”.':
        '共 %(steps)s 步；您可在进度页面查看，完成后在该页面或“我的导出”中下载两个文件。',
    # templates/assessment/reports/pdf.html
    'Contents': '目录',
    '%(unit)s: annual assessment report %(year)s': '%(unit)s %(year)s 年度考评报告',
    'Annual assessment report %(year)s': '%(year)s 年度考评报告',
    'The workbook also lists the %(level)s, each with its ranks.': '工作簿中还列出了各%(level)s及其排名。',
}
