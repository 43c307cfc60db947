"""The zh-hans wording of the linkage summary's project columns (issue 11: by linkage mode and five-society
participation)."""

ZH = {
    "Projects with: {society}": "有{society}参与的项目",
    "Service projects of the unit approved in the period and delivered (as above) in which at least one party of this society takes part (the plan's participants).":
        "本单位在统计期内获批并已实施（同上）、且至少有一个该类主体参与（项目书中的参与方）的服务项目。",
}
