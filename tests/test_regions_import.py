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
