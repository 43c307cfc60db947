"""The wording of issue 9's phone layouts, the navigation, and the publicity period (公示期) of the needs notice."""

ZH = {
    # navigation and table cards
    "Five-society registry": "五社资源",
    "of which": "其中",
    # the needs list's public notice: how long it runs, where to object
    "publicity period (days)": "公示天数",
    "where to raise objections": "异议受理地点",
    "contact person for objections": "异议联系人",
    "phone for objections": "异议联系电话",
    "publicity ends": "公示截止日期",
    "%(community)s residents' committee": "%(community)s居民委员会",
    "Enter a phone number such as 0571-87654321 or 12345 (an extension after 转).": "请填写电话号码，如 0571-87654321 或 12345（分机号写在“转”之后）。",
    "Calendar days the public notice stays open for objections, counting the day it is published: 5 to 30, usually 7.": "公示期的天数（自然日，含发布当天），5 至 30 天，一般为 7 天。",
    "Where residents raise an objection, for example 社区党群服务中心一楼服务窗口. Left empty, the notice names the community's residents' committee.": "居民提出异议的地点，如“社区党群服务中心一楼服务窗口”；不填则公示本社区居民委员会。",
    "Who receives objections, for example 王老师; shown on the public notice.": "受理异议的联系人，如“王老师”，将在公示页面显示。",
    "An office phone shown on the public notice, for example 0571-87654321.": "在公示页面显示的办公电话，如 0571-87654321。",
    "The public notice's period and contact are saved.": "公示期和异议联系方式已保存。",
    "Public notice settings": "公示设置",
    "Published with each approved version: how long residents may object, and where. A version keeps what it was published with.": "随每个审核通过的版本一起公示：居民可以提出异议的期限和地点。已发布的版本保留发布时的设置。",
    "Publicity period": "公示期",
    "%(start)s to %(end)s (%(days)s day)": "%(start)s 至 %(end)s（共 %(days)s 天）",
    "Open for objections: %(n)s day left": "公示中，还剩 %(n)s 天",
    "Publicity period over": "公示期已结束",
    "Objections": "异议受理",
    "Residents who disagree with the list raise it with %(where)s before the publicity period ends.": "对清单有异议的居民，请在公示期内向%(where)s反映。",
    "The publicity period is over; views on the list can still be raised with %(where)s.": "公示期已结束；对清单仍有意见的，可向%(where)s反映。",
    "Contact person": "联系人",
    "Contact phone": "联系电话",
}
