"""Wording of the figure registry (wuse/core/figures.py and each part's figures.py) and the linkage page."""

ZH = {
    # units
    "organization(s)": "家",
    "person(s)": "人",
    "hour(s)": "小时",
    "point(s)": "积分",
    "yuan": "元",
    "need(s)": "件",
    "donation(s)": "笔",
    # organizations and social workers
    "Active social organizations registered in the unit or with a service area in it, each counted once; one serving a whole street counts in the street's figure, not in each community's.":
        "在本单位登记或服务范围在本单位内的在册社会组织，每家只计一次；服务整个街道的组织计入街道，不计入各社区。",
    "Social organizations registered": "登记的社会组织",
    "Active social organizations registered (or filed) with the unit or a unit below it by the end of the period.":
        "截至期末在本单位或下级单位登记（备案）的在册社会组织。",
    "Social organizations serving": "服务本单位的社会组织",
    "Active social organizations with a service area in the unit or covering it from above.":
        "服务范围在本单位内或覆盖本单位（由上级单位整体覆盖）的在册社会组织。",
    "Social workers and community workers in post holding a social-work certificate obtained by the end of the period.":
        "截至期末取得社会工作者职业资格证书的在岗社会工作者和社区工作者。",
    "Full-time community workers (专职社区工作者) in post.": "在岗的专职社区工作者。",
    "Full-time community workers in post holding a social-work certificate obtained by the end of the period.":
        "截至期末取得社会工作者职业资格证书的在岗专职社区工作者。",
    "Certified full-time community workers as a share of all full-time community workers in post; Zhejiang's target is at least 60%.":
        "持证专职社区工作者占在岗专职社区工作者的比例；浙江省目标为不低于 60%。",
    # volunteers
    "Active volunteers whose record is kept by the unit or a unit below it, registered by the end of the period.":
        "截至期末由本单位或下级单位保存记录的在册志愿者。",
    "Distinct volunteers with at least one verified service in the unit in the period; a volunteer who served in two communities counts once for their street.":
        "本期在本单位有至少一条已核实服务记录的志愿者人数（按人去重）；在两个社区服务的志愿者在街道只计一人。",
    "Hours of verified volunteer service that started in the period, where the service took place.":
        "本期开始、已核实的志愿服务时长，计入服务发生地。",
    # ledger
    "Hours credited to time-bank accounts kept by the unit in the period (credits only).":
        "本期记入本单位时间银行账户的时长（只计入账）。",
    "Charity points credited to accounts kept by the unit in the period (credits only).":
        "本期记入本单位积分账户的公益积分（只计入账）。",
    # charity
    "Money donations received by the unit in the period.": "本期本单位接收的资金捐赠。",
    "Estimated value of goods and services donated to the unit in the period.": "本期本单位接收的物资和服务捐赠的估值。",
    "Donations of any kind received by the unit in the period.": "本期本单位接收的各类捐赠笔数。",
    "Value of donations allocated to needs or projects of the unit in the period (released allocations not counted).":
        "本期分配给本单位需求或项目的捐赠价值（已释放的分配不计）。",
    "Value recorded as used of the allocations made in the period.": "本期所作分配中已登记使用的价值。",
    # needs
    "Needs collected": "收集的需求",
    "Residents' needs registered in the unit in the period, online and offline; merged duplicates are not counted.":
        "本期在本单位线上线下登记的居民需求；被合并的重复需求不计。",
    "Needs resolved": "已解决的需求",
    "Needs registered in the period that are now resolved directly, closed or followed up.":
        "本期登记的需求中目前已直接解决、已办结或已回访的件数。",
    "Hours of verified service": "已核实服务时长",
    "Time-bank credits": "时间银行存入时长",
    "Money donated": "捐赠资金",
    "Goods and services donated": "捐赠物资和服务折价",
    "Allocated to needs and projects": "已安排到需求和项目",
    "Allocations used": "已使用",
    # list pages: a total with thousands grouped
    "%(shown)s record": "共 %(shown)s 条记录",
    # the linkage page and its export
    "Figures of the year for each unit below and for the unit itself. Each figure is counted at the level of its row, never added up from the rows below: a volunteer who served in two communities is one volunteer of the street. A link counts where it is recorded: an organization serving a whole street counts in the street's row.":
        "下列为各下级单位和本单位的年度数据。每项数据按所在行的层级统计，不由下级各行相加：在两个社区服务的志愿者在街道只计一人。联动按登记所在层级计：服务整个街道的组织计入街道一行。",
    "Definitions": "指标口径",
    "Figure": "指标",
    "Definition": "口径",
}
