"""The file format: fixed Chinese headers, the same in the template, the upload and the export, the notes
the template shows on them, the yes/no words, and the size limits of a file."""

MAX_ROWS = 20_000  # per upload and per export
MAX_BYTES = 10 * 1024 * 1024
SHEET_NAME = "需求清单"
TEMPLATE_FILENAME = "需求导入模板.xlsx"
NOTED_COMMUNITIES = 15  # communities listed in the template's note on the code column
MAX_HEADCOUNT = 1_000_000

COMMUNITY, TITLE, DESCRIPTION, CATEGORY, CHANNEL = "社区代码", "标题", "描述", "类别", "来源渠道"
URGENCY, GROUP, HEADCOUNT, LOCATION, DEADLINE = "紧急程度", "涉及群体", "涉及人数", "位置", "答复期限"
NAME, PHONE, ID_NUMBER, ANONYMOUS = "反映人姓名", "反映人电话", "反映人身份证号", "匿名"
HEADERS = (COMMUNITY, TITLE, DESCRIPTION, CATEGORY, CHANNEL, URGENCY, GROUP, HEADCOUNT, LOCATION, DEADLINE,
           NAME, PHONE, ID_NUMBER, ANONYMOUS)
REQUIRED = (COMMUNITY, TITLE, CATEGORY, CHANNEL)
# Written by the export after the template's columns; read back without a warning and ignored.
NEED_ID, STATUS, REGISTERED = "编号", "状态", "登记时间"
EXPORT_ONLY = (NEED_ID, STATUS, REGISTERED)

YES, NO = "是", "否"
YES_WORDS = {"是", "y", "yes", "true", "1", "匿名", "√"}
NO_WORDS = {"否", "n", "no", "false", "0", "实名", "×", ""}

NOTES = {
    TITLE: "必填，不超过 100 字。",
    CATEGORY: "必填，从下拉列表中选择。",
    CHANNEL: "必填，从下拉列表中选择。",
    URGENCY: "从下拉列表中选择；不填为“一般”。",
    HEADCOUNT: "整数，至少 1。",
    DEADLINE: "日期，如 2026-03-05；不能早于今天。不填则按类别的答复天数计算。",
    PHONE: "11 位手机号，或带区号的固定电话，如 0571-87654321。",
    ID_NUMBER: "18 位身份证号。本列为文本格式，请勿改为数字（数字只保留 15 位）。",
    ANONYMOUS: "是 / 否。匿名时不填姓名、电话和身份证号。",
}
