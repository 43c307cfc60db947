import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from needs.models import Need, NeedPhoto
from needs.photos import MAX_PER_NEED
from tests.helpers import C111, C112, S11, make_user
from wuse.accounts.roles import Role
from wuse.audit.models import AuditEntry

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def staff(tree):
    return make_user("staff", Role.COMMUNITY_STAFF, C111)


@pytest.fixture
def need(staff):
    return Need.objects.create(community_id=C111, title="楼道堆放杂物", created_by=staff)


def upload(client, need, content, name="现场.png", content_type="image/png"):
    return client.post(f"/needs/{need.pk}/photos/", {"photo": SimpleUploadedFile(name, content, content_type)})


@pytest.mark.django_db
def test_staff_attach_a_photo_that_is_served_only_through_the_need(client, staff, need):
    client.force_login(staff)
    assert upload(client, need, PNG).status_code == 302
    photo = NeedPhoto.objects.get()
    assert photo.content_type == "image/png" and "现场" not in photo.file.name and photo.original_name == "现场.png"
    response = client.get(f"/needs/{need.pk}/photos/{photo.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png" and response["X-Content-Type-Options"] == "nosniff"
    assert AuditEntry.objects.filter(action="need.photo_add", object_id=str(need.pk)).exists()
    officer = make_user("officer", Role.STREET_OFFICER, S11)
    client.force_login(officer)
    assert client.get(f"/needs/{need.pk}/photos/{photo.pk}/").status_code == 200  # may see the need
    assert upload(client, need, JPEG).status_code == 403  # may not change it
    client.force_login(make_user("other", Role.COMMUNITY_STAFF, C112))
    assert client.get(f"/needs/{need.pk}/photos/{photo.pk}/").status_code == 404
    other_need = Need.objects.create(community_id=C112, title="别处", created_by=staff)
    assert client.get(f"/needs/{other_need.pk}/photos/{photo.pk}/").status_code == 404  # photo of another need


@pytest.mark.django_db
@pytest.mark.parametrize(("content", "name"), [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "x.png"),
    (b"GIF89a" + b"\x00" * 20, "x.gif"), (b"%PDF-1.7", "x.jpg"), (b"", "empty.png"),
])
def test_anything_but_a_real_jpeg_png_or_webp_is_refused(client, staff, need, content, name):
    client.force_login(staff)
    response = upload(client, need, content, name=name)
    assert response.status_code == 302
    assert not NeedPhoto.objects.exists()
    assert any("JPEG" in str(m) for m in response.wsgi_request._messages)


@pytest.mark.django_db
def test_size_and_count_limits(client, staff, need):
    client.force_login(staff)
    upload(client, need, PNG + b"\x00" * (5 * 1024 * 1024))
    assert not NeedPhoto.objects.exists()
    for _ in range(MAX_PER_NEED + 1):
        upload(client, need, JPEG, name="a.jpg", content_type="image/jpeg")
    assert NeedPhoto.objects.count() == MAX_PER_NEED


@pytest.mark.django_db
def test_removing_a_photo_asks_and_is_audited(client, staff, need):
    client.force_login(staff)
    upload(client, need, PNG)
    photo = NeedPhoto.objects.get()
    page = client.get(f"/needs/{need.pk}/").content.decode()
    assert f"/needs/{need.pk}/photos/{photo.pk}/remove/" in page and "data-confirm" in page
    assert client.post(f"/needs/{need.pk}/photos/{photo.pk}/remove/").status_code == 302
    assert not NeedPhoto.objects.exists()
    assert AuditEntry.objects.filter(action="need.photo_remove").exists()
