"""Shared test helpers: a small synthetic tree, personas and service gates."""

import os
import shutil

import pytest
from django.db import connection

from wuse.accounts.models import Membership, User
from wuse.regions.importer import import_regions_text

REQUIRE_SERVICES = os.environ.get("WUSE_REQUIRE_SERVICES") == "1"

# A synthetic city (code 4101) with 2 districts × 2 streets × 2 communities.
# Names carry the code so failures are readable.
def synthetic_city_csv(city: str = "410100") -> str:
    c4 = city[:4]
    lines = ["code,name,level,parent_code", f"{city},测试市{c4},city,"]
    for d in ("01", "02"):
        district = f"{c4}{d}"
        lines.append(f"{district},区{district},district,{city}")
        for s in ("001", "002"):
            street = f"{district}{s}"
            lines.append(f"{street},街道{street},street,{district}")
            for n in ("001", "002"):
                lines.append(f"{street}{n},社区{street}{n},community,{street}")
    return "\n".join(lines) + "\n"


CITY = "410100000000"
D1, D2 = "410101000000", "410102000000"
S11, S12, S21 = "410101001000", "410101002000", "410102001000"
C111, C112, C121, C211 = "410101001001", "410101001002", "410101002001", "410102001001"
PASSWORD = "Test-pass-2026!"


def build_tree() -> None:
    import_regions_text(synthetic_city_csv())


def make_user(username: str, role: str | None = None, unit: str | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.test",
                                    **extra)
    if role:
        Membership.objects.create(user=user, role=role, region_id=unit)
    return user


def require(ok: bool, reason: str) -> None:
    """Skip a test whose service is missing; under WUSE_REQUIRE_SERVICES=1 (CI) fail instead."""
    if ok:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} — WUSE_REQUIRE_SERVICES=1, so a missing service is a failure")
    pytest.skip(reason)


def require_postgres() -> None:
    require(connection.vendor == "postgresql", "needs PostgreSQL: set DATABASE_URL=postgres://…")


def redis_url() -> str:
    return os.environ.get("REDIS_URL", "")


def require_redis() -> None:
    url = redis_url()
    ok = False
    if url:
        import redis

        try:
            ok = bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        except redis.RedisError:
            ok = False
    require(ok, "needs Redis: set REDIS_URL=redis://… to a running server")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> None:
    require(chromium_path() is not None, "needs Debian chromium (apt-get install chromium fonts-noto-cjk)")


def need_form(community: str, title: str, **extra) -> dict:
    """The fields the need form posts, with the usual defaults."""
    return {"community": community, "title": title, "category": "other", "channel": "visit", "urgency": "normal",
            **extra}
