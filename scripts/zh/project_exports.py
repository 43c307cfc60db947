"""The zh-hans wording of issue 11's project exports: the list's and one project's xlsx workbooks (their
columns, sheets and file name), the refusal of a too-large export, the two buttons."""

ZH = {
    # buttons
    "Export this project": "导出本项目",
    # the list's export
    "Spent (yuan)": "已支出（元）",
    "Linked needs": "关联需求数",
    "The filters select more than %(limit)s projects; narrow them (for example by year, status or unit) and export "
    "again.": "筛选结果超过 %(limit)s 个项目，请缩小范围（如按年度、状态或单位）后再导出。",
    # one project's record
    "Service project": "服务项目",
    "Item": "事项",
    "Value": "内容",
    "Need no.": "需求编号",
    "Approved extra (yuan)": "已批准追加（元）",
    "May be spent (yuan)": "可支出（元）",
    "Left (yuan)": "结余（元）",
    "Volunteer hours": "志愿服务时长（小时）",
    "Verified volunteer hours": "已核实志愿服务时长（小时）",
}
