"""zh-hans wording of the core's extension points: the workflow kernel's messages and background jobs."""

ZH = {
    "“%(action)s” needs: %(missing)s.": "“%(action)s”缺少：%(missing)s。",
    "Background jobs": "后台任务",
    "Done": "已完成",
    "Done.": "已完成。",
    "Download": "下载",
    "Running": "进行中",
    "Stopped": "已中止",
    "The job stopped and nothing of it was kept:": "任务已中止，未保留任何结果：",
    "The job stopped because of an error on the server. Nothing of it was kept; try again, and tell the "
    "administrator if it recurs.": "任务因服务器错误中止，未保留任何结果。请重试；如再次出现，请联系系统管理员。",
    "This kind of job is no longer available.": "此类任务已不再提供。",
    "This result is no longer kept; start the job again.": "结果已不再保留，请重新发起任务。",
    "This runs in the background. You may leave this page; the work goes on.": "任务正在后台运行。您可以离开本页，任务会继续进行。",
    "background job": "后台任务",
    "background jobs": "后台任务",
    "finished": "完成时间",
    "kept until": "保留至",
    "started": "开始时间",
    "started by": "发起人",
    # the menu's occasional pages (register_nav(more=True))
    "More": "更多",
}
