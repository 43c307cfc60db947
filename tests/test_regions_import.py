from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.helpers import synthetic_city_csv
from wuse.regions.importer import RegionImportError, import_regions_text
from wuse.regions.models import Region

HANGZHOU = Path(__file__).resolve().parent.parent / "data" / "hangzhou-divisions-2023.csv"
HEADER = "code,name,level,parent_code\n"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the zh-hans wording is checked in test_i18n."""
    with translation.override("en"):
        yield


def counts() -> dict[str, int]:
    return {level: Region.objects.filter(level=level).count() for level in ("city", "district", "street",
                                                                              "community")}


@pytest.mark.django_db
def test_it_imports_hangzhou_in_full():
    out = StringIO()
    call_command("import_regions", str(HANGZHOU), stdout=out)
    assert counts() == {"city": 1, "district": 13, "street": 196, "community": 3320}
    assert "3530 created" in out.getvalue()
    xihu = Region.objects.get(code="330106000000")
    assert xihu.name == "西湖区" and xihu.prefix == "330106" and xihu.parent_id == "330100000000"
    assert Region.objects.within("330106002").of_level("community").filter(name="上保社区").exists()


@pytest.mark.django_db
def test_it_is_idempotent_and_applies_renames():
    text = HANGZHOU.read_text(encoding="utf-8")
    import_regions_text(text)
    before = list(Region.objects.values_list("code", "name", "level", "parent_id"))
    again = import_regions_text(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3530)
    assert list(Region.objects.values_list("code", "name", "level", "parent_id")) == before
    renamed = import_regions_text(text.replace("上保社区", "上保新社区"))
    assert (renamed.created, renamed.updated) == (0, 1)
    assert Region.objects.get(code="330106002051").name == "上保新社区"


@pytest.mark.django_db
def test_it_imports_another_city_of_the_same_format_beside_hangzhou():
    import_regions_text(HANGZHOU.read_text(encoding="utf-8"))
    result = import_regions_text(synthetic_city_csv("410100"))
    assert result.created == 15
    assert Region.objects.within("4101").count() == 15
    assert Region.objects.within("3301").count() == 3530


@pytest.mark.django_db
def test_it_accepts_full_twelve_digit_codes_and_a_bom():
    text = "\ufeff" + HEADER + "330100000000,杭州市,city,\n330102000000,上城区,district,330100000000\n"
    assert import_regions_text(text).created == 2
    assert Region.objects.get(code="330102000000").parent_id == "330100000000"


BAD_ROWS = {
    "unknown parent": ("330199,某区,district,330900\n", "line 4: unknown parent 330900"),
    "unknown level": ("330199,某区,county,330100\n", "line 4: unknown level 'county'"),
    "code length": ("3301990,某区,district,330100\n", "line 4: code 3301990 has 7 digits"),
    "street code length": ("33010200,某街道,street,330102\n", "line 4: code 33010200 has 8 digits"),
    "duplicate": ("330102,上城区,district,330100\n", "line 4: duplicate code 330102 (first on line 3)"),
    "non-digits": ("33010X,某区,district,330100\n", "line 4: code 33010X must contain digits only"),
    "prefix mismatch": ("330201001,某街道,street,330102\n", "does not start with its parent's prefix 330102"),
    "wrong parent level": ("330102001001,某社区,community,330102\n", "a Community's parent must be a Street"),
    "empty name": ("330199,,district,330100\n", "line 4: name is empty"),
    "missing columns": ("330199,某区\n", "line 4: the row has the wrong number of columns"),
    "zero own part": ("330100001,某街道,street,330100\n", "is a City; a Street's parent must be a District"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(BAD_ROWS))
def test_it_rejects_each_bad_row_kind_and_writes_nothing(kind):
    row, message = BAD_ROWS[kind]
    text = HEADER + "330100,杭州市,city,\n330102,上城区,district,330100\n" + row
    with pytest.raises(RegionImportError) as exc:
        import_regions_text(text)
    assert any(message in error for error in exc.value.errors), exc.value.errors
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_it_reports_every_bad_row_with_its_line_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "330100,杭州市,city,\n330199,某区,county,330100\n330188,某区,district,339900\n"
                    "330102,上城区,district,330100\n330102,重复,district,330100\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("import_regions", str(path), stderr=err)
    lines = err.getvalue().splitlines()
    assert [line.split(": ")[1] for line in lines] == ["line 3", "line 4", "line 6"]
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_it_refuses_a_file_with_a_wrong_header_or_no_rows(tmp_path):
    with pytest.raises(RegionImportError, match="missing column"):
        import_regions_text("id,name\n1,x\n")
    with pytest.raises(RegionImportError, match="no data rows"):
        import_regions_text(HEADER)
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + "330100,杭州市,city,\n").encode("gbk"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("import_regions", str(path))


# --- a province-wide file (a province above its cities) ---------------------------------------

SMALL_PROVINCE = {"province": 1, "city": 3, "district": 6, "street": 12, "community": 24}


def province_text(**sizes) -> str:
    from bench.province import province_csv

    return province_csv("52", **{"cities": 3, "districts": 6, "streets": 12, "communities": 24, **sizes})


def all_counts() -> dict[str, int]:
    return {"province": Region.objects.filter(level="province").count(), **counts()}


@pytest.mark.django_db
def test_a_province_file_imports_with_its_cities_below_the_province(tmp_path):
    path = tmp_path / "province.csv"
    path.write_text(province_text(), encoding="utf-8")
    out = StringIO()
    call_command("import_regions", str(path), stdout=out)
    assert "46 created" in out.getvalue()
    assert all_counts() == SMALL_PROVINCE
    province = Region.objects.get(level="province")
    assert (province.code, province.prefix, province.parent_id, province.depth) == ("520000000000", "52", None, 0)
    assert set(Region.objects.filter(level="city").values_list("parent_id", flat=True)) == {"520000000000"}
    assert Region.objects.within("52").count() == 46
    community = Region.objects.filter(level="community").first()
    assert [unit.level for unit in community.path()] == ["province", "city", "district", "street", "community"]
    assert community.ancestor_codes()[0] == "520000000000"


@pytest.mark.django_db
def test_a_province_file_is_imported_again_without_any_change():
    text = province_text()
    import_regions_text(text)
    before = list(Region.objects.values_list("code", "name", "level", "parent_id"))
    again = import_regions_text(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 46)
    assert list(Region.objects.values_list("code", "name", "level", "parent_id")) == before


@pytest.mark.django_db
def test_a_city_only_file_still_imports_with_the_city_at_the_top():
    assert import_regions_text(synthetic_city_csv("410100")).created == 15
    city = Region.objects.get(code="410100000000")
    assert (city.level, city.parent_id, city.depth) == ("city", None, 1)
    assert [unit.level for unit in Region.objects.get(code="410101001001").path()] == [
        "city", "district", "street", "community"]
    assert not Region.objects.filter(level="province").exists()


@pytest.mark.django_db
def test_a_city_installation_grows_into_its_province():
    """Hangzhou imported alone, then Zhejiang's file naming Hangzhou under the province: the city gains its parent."""
    import_regions_text(HEADER + "330100,杭州市,city,\n330102,上城区,district,330100\n")
    result = import_regions_text(HEADER + "33,浙江省,province,\n330100,杭州市,city,33\n330200,宁波市,city,33\n")
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert Region.objects.get(code="330100000000").parent_id == "330000000000"
    assert Region.objects.get(code="330102000000").parent_id == "330100000000"


@pytest.mark.django_db
def test_province_codes_are_accepted_in_2_6_and_12_digits():
    for code in ("52", "520000", "520000000000"):
        import_regions_text(HEADER + f"{code},测试省,province,\n")
    assert list(Region.objects.values_list("code", "level")) == [("520000000000", "province")]


PROVINCE_BAD_ROWS = {
    "city outside the province": ("530100,外省市,city,52\n", "line 4: code 530100 does not start with its parent's "
                                                            "prefix 52"),
    "province with a parent": ("53,某省,province,52\n", "line 4: a province has no parent, but parent_code is 52"),
    "province code with a city part": ("5201,某省,province,\n", "line 4: code 5201 has 4 digits"),
    "province code not zero after 2 digits": ("530100,某省,province,\n", "non-zero digits after the Province part"),
    "zero province": ("00,某省,province,\n", "is not a valid Province code"),
    "district under the province": ("520301,某区,district,52\n", "a District's parent must be a City"),
    "city under a city": ("520300,某市,city,520100\n", "is a City; a City's parent must be a Province"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(PROVINCE_BAD_ROWS))
def test_a_bad_province_file_is_refused_with_a_clear_message_and_writes_nothing(kind):
    row, message = PROVINCE_BAD_ROWS[kind]
    text = HEADER + "52,测试省,province,\n520100,测试市,city,52\n" + row
    with pytest.raises(RegionImportError) as exc:
        import_regions_text(text)
    assert any(message in error for error in exc.value.errors), exc.value.errors
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_a_whole_province_file_with_one_city_outside_it_is_refused_whole():
    text = province_text().replace("520300,测试市5203,city,52", "530300,测试市5303,city,52")
    with pytest.raises(RegionImportError) as exc:
        import_regions_text(text)
    assert "line 5: code 530300 does not start with its parent's prefix 52" in exc.value.errors
    assert Region.objects.count() == 0


@pytest.mark.django_db
def test_levels_below_a_province_walk_as_in_a_city_installation(client):
    """The linkage's rows per child, access by prefix, breadcrumbs and region pages with a province on top."""
    from tests.helpers import make_user
    from wuse.accounts.roles import Role
    from wuse.registry.linkage import linkage_summary

    import_regions_text(province_text())
    province, city = Region.objects.get(code="520000000000"), Region.objects.get(code="520100000000")
    rows, _total = linkage_summary(province, 2026)
    assert [row.region.level for row in rows] == ["city"] * 3
    rows, _total = linkage_summary(city, 2026)
    assert [row.region.code for row in rows] == ["520101000000", "520102000000"]
    admin = make_user("city_admin_5201", Role.CITY_ADMIN, city.code)
    client.force_login(admin)
    assert client.get(f"/regions/{city.code}/").status_code == 200
    assert client.get(f"/regions/{province.code}/").status_code == 404
    assert client.get("/regions/520200000000/").status_code == 404  # a sibling city
    crumbs = client.get("/regions/520101001000/").context["breadcrumbs"]
    assert [(crumb.name, crumb.url is not None) for crumb in crumbs] == [
        ("测试省52", False), ("测试市5201", True), ("区520101", True), ("街道520101001", True)]
