import re

import pytest
from django.core.exceptions import FieldError
from django.db import connection, models
from django.db.models.lookups import IsNull
from django.test.utils import isolate_apps

from wuse.privacy import decrypt
from wuse.privacy.fields import EncryptedTextField

ID_NUMBER = "11010519491231002X"
NOTE = f"王五 {ID_NUMBER} 13812345678 残疾证"


def test_it_stores_a_token_and_reads_back_the_plaintext():
    field = EncryptedTextField()
    stored = field.get_prep_value(NOTE)
    assert stored != NOTE and decrypt(stored) == NOTE
    assert field.from_db_value(stored, None, connection) == NOTE


def test_the_stored_value_holds_no_plaintext():
    field = EncryptedTextField()
    for stored in (field.get_prep_value(NOTE), field.get_db_prep_save(NOTE, connection)):
        assert ID_NUMBER not in stored and "13812345678" not in stored and "王五" not in stored
        assert not re.search(r"[0-9]{17}[0-9X]|1[3-9][0-9]{9}", stored)
        assert decrypt(stored) == NOTE


@pytest.mark.parametrize("value", [None, ""])
def test_none_and_empty_are_stored_as_they_are(value):
    field = EncryptedTextField(null=True, blank=True)
    assert field.get_prep_value(value) == value
    assert field.from_db_value(value, None, connection) == value
    assert field.to_python(value) == value


def test_to_python_does_not_decrypt_so_a_pasted_token_is_not_an_oracle():
    field = EncryptedTextField()
    token = field.get_prep_value(NOTE)
    assert field.to_python(token) == token
    assert field.clean(token, None) == token


def test_lazy_text_is_encrypted_as_text():
    from django.utils.functional import lazy

    field = EncryptedTextField()
    assert decrypt(field.get_prep_value(lazy(lambda: "低保", str)())) == "低保"


@pytest.mark.parametrize("kwargs", [{}, {"blank": True}, {"null": True, "blank": True, "verbose_name": "备注"}])
def test_deconstruct_round_trips(kwargs):
    name, path, args, rebuilt_kwargs = EncryptedTextField(**kwargs).deconstruct()
    assert path == "wuse.privacy.fields.EncryptedTextField"
    assert rebuilt_kwargs == kwargs
    rebuilt = EncryptedTextField(*args, **rebuilt_kwargs)
    assert rebuilt.deconstruct()[1:] == (path, args, kwargs)


@pytest.mark.parametrize("lookup", ["exact", "iexact", "contains", "icontains", "startswith", "in", "gt", "regex"])
def test_lookups_other_than_isnull_are_refused(lookup):
    with pytest.raises(FieldError, match="blind"):
        EncryptedTextField().get_lookup(lookup)


def test_isnull_is_allowed_and_transforms_are_refused():
    field = EncryptedTextField()
    assert field.get_lookup("isnull") is IsNull
    with pytest.raises(FieldError):
        field.get_transform("lower")


def resident_model(**fields) -> type[models.Model]:
    """A throwaway model; call it under ``isolate_apps`` so the real app registry never sees it."""
    meta = type("Meta", (), {"app_label": "core", "db_table": "test_privacy_resident"})
    attrs = {"__module__": __name__, "Meta": meta, "__str__": lambda self: f"resident {self.pk}"}
    return type("Resident", (models.Model,), attrs | fields)


@isolate_apps("wuse.core")
def test_a_queryset_filter_on_the_field_is_refused():
    Resident = resident_model(note=EncryptedTextField(null=True))

    for query in ({"note": NOTE}, {"note__icontains": "王"}, {"note__in": [NOTE]}, {"note__lower": "x"}):
        with pytest.raises(FieldError, match="Resident.note"):
            Resident.objects.filter(**query)
    with pytest.raises(FieldError):
        Resident.objects.exclude(note="")
    assert "IS NULL" in str(Resident.objects.filter(note__isnull=True).query)


@isolate_apps("wuse.core")
def test_a_unique_or_indexed_encrypted_field_fails_the_system_check():
    Resident = resident_model(
        note=EncryptedTextField(), unique_note=EncryptedTextField(unique=True),
        indexed_note=EncryptedTextField(db_index=True),
    )

    ids = {f.name: [e.id for e in f.check()] for f in Resident._meta.fields if f.name != "id"}
    assert ids == {"note": [], "unique_note": ["wuse_privacy.E001"], "indexed_note": ["wuse_privacy.E001"]}


@isolate_apps("wuse.core")
def test_through_the_database_the_column_holds_tokens(transactional_db):
    Resident = resident_model(note=EncryptedTextField(blank=True))

    with connection.schema_editor() as editor:
        editor.create_model(Resident)
    try:
        resident = Resident.objects.create(note=NOTE)
        Resident.objects.create(note="")
        with connection.cursor() as cursor:
            cursor.execute("SELECT note FROM test_privacy_resident ORDER BY id")
            raw = [row[0] for row in cursor.fetchall()]
        assert raw[1] == "" and ID_NUMBER not in raw[0] and decrypt(raw[0]) == NOTE
        assert Resident.objects.get(pk=resident.pk).note == NOTE
        assert list(Resident.objects.values_list("note", flat=True).order_by("id")) == [NOTE, ""]
        Resident.objects.filter(pk=resident.pk).update(note="新的备注")
        resident.refresh_from_db()
        assert resident.note == "新的备注"
    finally:
        with connection.schema_editor() as editor:
            editor.delete_model(Resident)
