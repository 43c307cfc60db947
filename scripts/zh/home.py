"""The home page (工作台): its sections, each step's queues and shortcuts, and the volunteer's card."""

ZH = {
    # the core's sections
    "To do": "待办事项",
    "Shortcuts": "快捷操作",
    "Nothing is waiting for you here.": "目前没有需要您处理的事项。",
    "Key figures of %(year)s": "%(year)s年主要数据",
    "Accounts and roles": "账号与角色",
    # needs
    "Needs to verify": "待核实需求",
    "Registered, not yet verified.": "已登记，尚未核实。",
    "Overdue needs": "逾期未答复需求",
    "Past their answer-by date and still open.": "已过答复期限，仍未办理。",
    "Verified needs awaiting a decision": "已核实待处理需求",
    "Add to the needs list, refer or resolve.": "纳入清单、转办或直接解决。",
    "Needs lists to review": "待审核需求清单",
    "Submitted by the communities: approve and publish, or return.": "社区已提交：审核发布或退回。",
    "Needs lists in draft": "草稿中的需求清单",
    "New or returned by the street: complete and submit.": "新建或被街道退回：完善后提交。",
    # surveys
    "Surveys collecting answers": "收集中的调研",
    "Enter paper questionnaires; turn written answers into needs.": "录入纸质问卷，把文字回答转为需求。",
    # organizations
    "Suspended organizations": "暂停中的社会组织",
    "Reactivate or deregister once the reason is settled.": "原因处理后恢复或注销。",
    # volunteers
    "Service entries to verify": "待核实服务记录",
    "Someone other than the recorder verifies; verified hours are credited.": "由登记人以外的人核实，核实后计入时长和积分。",
    "My volunteer service": "我的志愿服务",
    "No time bank or points account yet": "尚无时间银行或积分账户",
    "Latest certificate:": "最新证明：",
    "No certificate yet: your community issues one on request, for services verified at least %(days)s day ago.": "尚无证明：可向所在社区申请出具，统计核实满 %(days)s 天的服务记录。",
    # ledger
    "Adjustments to approve": "待审批的调整",
    "Approved by someone other than the person who asked for it.": "须由申请人以外的人审批。",
    "Redemption orders to hand over": "待交付的兑换订单",
}
