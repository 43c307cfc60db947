"""The zh-hans wording of issue 9's smaller snags: state badges, the needs register's name, the need page's
actions and supporters, field messages that name their field."""

ZH = {
    # naming: the register of all needs (/needs/) apart from the published needs lists
    "Needs register": "需求登记",
    # the need page
    "A listed need becomes (part of) a service project in the projects step; until then it can only be resolved directly here.": "已纳入清单的需求将在“项目”环节转化为（或并入）服务项目；在此之前，这里只能“直接解决”。",
    "the proposer themself (counted when the need is registered)": "登记人本人（登记需求时计入）",
    "— choose —": "——请选择——",
    # the shared actions box (includes/transitions.html)
    "Required for “%(action)s”.": "“%(action)s”须填写此项。",
    # field messages that name their field (wuse.core.forms.StyledFormMixin)
    "%(label)s: this field is required.": "请填写%(label)s。",
    "%(label)s: please choose one.": "请选择%(label)s。",
    "%(label)s: at most %(limit)s characters.": "%(label)s最多 %(limit)s 字。",
    "%(label)s: at least %(limit)s characters.": "%(label)s至少 %(limit)s 字。",
    "%(label)s: at most %(limit)s.": "%(label)s不能大于 %(limit)s。",
    "%(label)s: at least %(limit)s.": "%(label)s不能小于 %(limit)s。",
}
