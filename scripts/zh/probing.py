"""The zh-hans wording of issue 9's probing fixes: the province level of the division tree."""

ZH = {
    "Province": "省",
    "a province has no parent, but parent_code is %(p)s": "省级单位不应有上级，但上级代码为 %(p)s",
}
