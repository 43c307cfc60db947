"""The zh-hans wording of issue 10 (lists fast at city scale): the needs list's note on cached counts."""

ZH = {
    "Counts as of %(time)s (a district's and the city's are summed once a minute)":
        "统计截至 %(time)s（区县级及全市的数字每分钟汇总一次）",
}
