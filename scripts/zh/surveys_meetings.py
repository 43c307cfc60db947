"""zh-hans wording of needs surveys and resident meetings added when they moved onto the core's extension
points."""

ZH = {
    "You may not export this survey.": "您无权导出该调研。",
}
