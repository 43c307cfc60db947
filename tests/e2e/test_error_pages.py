"""The error pages, through Django's test client (no browser needed)."""

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.helpers import C111, C211, make_user
from wuse.accounts.roles import Role


def main_html(response) -> str:
    """The page's <main> element: the part that differs between pages (the footer echoes the path)."""
    return re.search(r"<main.*?</main>", response.content.decode(), re.DOTALL).group(0)


@pytest.mark.django_db
def test_another_units_page_and_a_missing_one_give_the_same_404(client, tree):
    client.force_login(make_user("staff", Role.COMMUNITY_STAFF, C111))
    forbidden = client.get(f"/regions/{C211}/")
    missing = client.get("/regions/410199999999/")
    assert forbidden.status_code == missing.status_code == 404
    assert 'data-testid="error-404"' in forbidden.content.decode()
    assert main_html(forbidden) == main_html(missing)
    assert C211 not in main_html(forbidden) and "社区410102001001" not in forbidden.content.decode()


@pytest.mark.django_db
def test_403_page(client, tree):
    client.force_login(make_user("nobody"))  # no role anywhere: may not open the needs list
    response = client.get("/needs/")
    assert response.status_code == 403
    body = response.content.decode()
    assert 'data-testid="error-403"' in body and '<html lang="zh-hans">' in body


def test_500_page_is_standalone():
    response = server_error(RequestFactory().get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert "服务器出错了 / Server error" in body and 'href="/"' in body
    assert "{%" not in body and "{{" not in body
