ZH = {
    "Deregister": "注销",
    "Reactivate": "恢复在册",
    "Recorded": "登记",
    "Suspend": "暂停",
}
