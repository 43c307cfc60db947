class DivisionCodeConverter:
    """A 12-digit 统计用区划代码 in a URL; anything else does not match (404)."""

    regex = "[0-9]{12}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
