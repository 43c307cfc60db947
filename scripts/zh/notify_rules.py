ZH = {
    # needs (the two rules declared first, with the reminder core)
    "Need not triaged": "需求待核实",
    "A need registered and not yet verified, merged or rejected.": "已登记、尚未核实、合并或不予采纳的需求。",
    "days after registration": "登记后的天数",
    "Need past its answer-by date": "需求已过答复期限",
    "An open need whose answer-by date has passed.": "未办结且已过答复期限的需求。",
    "days after the answer-by date": "答复期限后的天数",
    # needs lists
    "Needs list not published": "需求清单未发布",
    "A needs list still a draft, never published, some days after its period began.":
        "需求清单在所属期间开始若干天后仍为草稿，从未发布。",
    "days after the period began": "期间开始后的天数",
    "Needs list waiting for the street's review": "需求清单待街道审核",
    "A needs list submitted to the street and not yet approved or returned.": "已提交街道、尚未审核通过或退回的需求清单。",
    "days after it was submitted": "提交后的天数",
    # projects
    "Project waiting for the street's review": "项目待街道审核",
    "A project submitted for the street's review and not yet approved, returned or refused.":
        "已提交街道审核、尚未批准、退回或不予立项的项目。",
    "Project waiting for the district's review": "项目待区审核",
    "A project above the district's threshold, approved by the street and not yet reviewed by the district.":
        "金额超过区审核标准、街道已批准、尚待区审核的项目。",
    "days after the street approved it": "街道批准后的天数",
    "Project waiting for acceptance": "项目待验收",
    "A delivered project submitted for acceptance and not yet accepted or sent back to delivery.":
        "已提交验收、尚未验收通过或退回实施的项目。",
    "days after it was submitted for acceptance": "提交验收后的天数",
    # delivery
    "Milestone due soon": "里程碑即将到期",
    "A milestone of a project being delivered, not yet done, whose date is coming up.":
        "实施中项目的里程碑尚未完成，计划日期临近。",
    "days before its date": "计划日期前的天数",
    "Milestone overdue": "里程碑已逾期",
    "A milestone of a project being delivered, not done by its date.": "实施中项目的里程碑到计划日期仍未完成。",
    "days after its date": "计划日期后的天数",
    "Final report due soon": "结项报告即将到期",
    "A project in progress without its final report, whose period is ending.": "实施中的项目即将到期，尚未提交结项报告。",
    "days before the project's period ends": "项目周期结束前的天数",
    "Final report overdue": "结项报告已逾期",
    "A project still in progress without its final report after its period ended.":
        "项目周期已结束，仍在实施中且未提交结项报告。",
    "days after the project's period ended": "项目周期结束后的天数",
    # evaluation and rectification
    "Evaluation not submitted": "评估未提交",
    "An evaluator assigned to an evaluation who has not submitted their scores.": "已分派的评估人员尚未提交评分。",
    "days after the assignment": "分派后的天数",
    "Rectification overdue": "整改已逾期",
    "A rectification not submitted by its deadline (open, or returned for more work).":
        "整改到期仍未提交（待整改，或被退回继续整改）。",
    "days after the deadline": "截止日期后的天数",
    # annual assessment
    "Last year's figures waiting for approval": "上年度数据待审核确认",
    "A unit whose figures of last year are rolled up and whose units below are all approved, not yet approved by "
    "the level above it some days into the new year.":
        "上年度数据已汇总、下级单位均已审核确认的单位，新年开始若干天后上级仍未审核确认。",
    "days after 1 January": "1月1日后的天数",
    # ledger
    "Redemption not handed over": "兑换单未交付",
    "A redemption order placed and neither handed over nor cancelled.": "已下单的兑换单既未交付也未取消。",
    "days after the order was placed": "下单后的天数",
}
