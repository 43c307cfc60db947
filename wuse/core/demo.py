"""Demo accounts and records for Hangzhou: every role, two units per level in different districts."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from wuse.accounts.models import Membership, User
from wuse.accounts.roles import Role
from wuse.regions.models import Region

DEMO_PASSWORD = "Wuse-demo-2026!"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: Role
    unit: str  # 12-digit division code


ACCOUNTS = [
    DemoAccount("city_admin", "市民政局管理员", Role.CITY_ADMIN, "330100000000"),
    DemoAccount("xihu_reviewer", "西湖区民政局审核员", Role.DISTRICT_REVIEWER, "330106000000"),
    DemoAccount("yuhang_reviewer", "余杭区民政局审核员", Role.DISTRICT_REVIEWER, "330110000000"),
    DemoAccount("beishan_officer", "北山街道干部", Role.STREET_OFFICER, "330106002000"),
    DemoAccount("wuchang_officer", "五常街道干部", Role.STREET_OFFICER, "330110005000"),
    DemoAccount("shangbao_staff", "上保社区工作者", Role.COMMUNITY_STAFF, "330106002051"),
    DemoAccount("baoshi_staff", "宝石社区工作者", Role.COMMUNITY_STAFF, "330106002052"),
    DemoAccount("gujiaqiao_staff", "顾家桥社区工作者", Role.COMMUNITY_STAFF, "330110005001"),
    DemoAccount("org_member", "西湖区社工机构成员", Role.ORG_MEMBER, "330106000000"),
    DemoAccount("evaluator", "第三方评估员", Role.EVALUATOR, "330100000000"),
    DemoAccount("volunteer", "上保社区志愿者", Role.VOLUNTEER, "330106002051"),
    DemoAccount("sys_admin", "系统管理员", Role.SYSTEM_ADMIN, "330100000000"),
    DemoAccount("audit_admin", "审计管理员", Role.AUDIT_ADMIN, "330100000000"),
    DemoAccount("security_admin", "安全管理员", Role.SECURITY_ADMIN, "330100000000"),
]

# Steps add their demo records with register_demo (see needs/apps.py); they run in order after the
# accounts, each idempotent, each given the accounts by username.
DEMO_LOADERS: list[tuple[int, Callable[[dict], None]]] = []


def register_demo(*, order: int, loader) -> None:
    DEMO_LOADERS.append((order, loader))
    DEMO_LOADERS.sort(key=lambda item: item[0])


class DemoError(Exception):
    pass


@transaction.atomic
def load_demo() -> list[DemoAccount]:
    """Create (or refresh) the demo accounts and needs; running it twice changes nothing."""
    missing = {a.unit for a in ACCOUNTS} - set(Region.objects.filter(
        code__in={a.unit for a in ACCOUNTS}).values_list("code", flat=True))
    if missing:
        raise DemoError(f"units {sorted(missing)} are missing: import the Hangzhou region file first")
    for account in ACCOUNTS:
        user, created = User.objects.get_or_create(username=account.username, defaults={
            "full_name": account.full_name, "email": f"{account.username}@demo.wuse.local"})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(user=user, region_id=account.unit, role=account.role)
        if account.role == Role.SYSTEM_ADMIN:
            _grant_account_management(user)
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
    for _order, loader in DEMO_LOADERS:
        loader(users)
    return ACCOUNTS


def _grant_account_management(user) -> None:
    """The system administrator manages accounts, roles and units in the admin site, and nothing else."""
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(content_type__app_label="accounts") | Permission.objects.filter(
        content_type__app_label="regions", codename="view_region")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*perms)
