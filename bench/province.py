"""A generated province-wide division file (统计用区划代码 shape), for the import benchmark and tests.

Pure Python, no Django: ``province_csv("52", cities=11, districts=90, streets=1300, communities=25000)``
gives the header, a ``province`` row, then its cities (parent: the province), districts, streets and
communities, each numbered inside its parent so every code starts with its parent's prefix.
"""

HEADER = "code,name,level,parent_code"


def _spread(total: int, parents: int) -> list[int]:
    """``total`` children over ``parents`` as evenly as possible (every parent gets at least one)."""
    if total < parents:
        raise ValueError(f"{total} children cannot give each of {parents} parents one")
    base, extra = divmod(total, parents)
    return [base + (1 if index < extra else 0) for index in range(parents)]


def province_csv(province: str = "52", *, cities: int = 3, districts: int = 6, streets: int = 12,
                 communities: int = 24, province_name: str | None = None) -> str:
    """The CSV text of a generated province (codes in the national compact form: 2/6/6/9/12 digits)."""
    if len(province) != 2 or not province.isdigit() or province == "00":
        raise ValueError("a province is two digits, not 00")
    lines = [HEADER, f"{province},{province_name or f'测试省{province}'},province,"]
    city_codes = [f"{province}{n:02d}" for n in range(1, cities + 1)]
    lines += [f"{code}00,测试市{code},city,{province}" for code in city_codes]
    district_codes = []
    for city, count in zip(city_codes, _spread(districts, cities), strict=True):
        for n in range(1, count + 1):
            district_codes.append(f"{city}{n:02d}")
            lines.append(f"{city}{n:02d},区{city}{n:02d},district,{city}00")
    street_codes = []
    for district, count in zip(district_codes, _spread(streets, len(district_codes)), strict=True):
        for n in range(1, count + 1):
            street_codes.append(f"{district}{n:03d}")
            lines.append(f"{district}{n:03d},街道{district}{n:03d},street,{district}")
    for street, count in zip(street_codes, _spread(communities, len(street_codes)), strict=True):
        lines += [f"{street}{n:03d},社区{street}{n:03d},community,{street}" for n in range(1, count + 1)]
    return "\n".join(lines) + "\n"
