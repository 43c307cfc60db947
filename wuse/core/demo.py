"""Demo accounts and records for Hangzhou: every role, two units per level in different districts."""

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

NEEDS = {
    "330106002051": [("楼道灯损坏，老人夜间出行不便", "verify"), ("希望开设老年助餐点", "list"),
                     ("小区停车难", None), ("广场舞噪音扰民", "reject")],
    "330106002052": [("儿童放学后无人看护", "verify"), ("垃圾分类点异味", None)],
    "330110005001": [("电梯故障频繁", "list"), ("绿化带需修剪", None), ("独居老人需要定期探访", "verify")],
}


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
    _load_needs()
    return ACCOUNTS


def _load_needs() -> None:
    from needs.categories import ensure_default_categories
    from needs.models import Need
    from needs.services import need_create, need_transition

    ensure_default_categories()
    staff = {a.unit: User.objects.get(username=a.username) for a in ACCOUNTS if a.role == Role.COMMUNITY_STAFF}
    for code, items in NEEDS.items():
        community = Region.objects.get(code=code)
        for title, step in items:
            if Need.objects.filter(community=community, title=title).exists():
                continue
            need = need_create(user=staff[code], community=community, title=title,
                               description="（演示数据）居民在走访中反映的问题。")
            path = {"verify": ["verify"], "list": ["verify", "list"], "reject": ["reject"], None: []}[step]
            for name in path:
                need = need_transition(user=staff[code], need=need, name=name,
                                       reason="不属于社区职责范围，已建议居民向物业反映" if name == "reject" else "")


def _grant_account_management(user) -> None:
    """The system administrator manages accounts, roles and units in the admin site, and nothing else."""
    from django.contrib.auth.models import Permission

    perms = Permission.objects.filter(content_type__app_label="accounts") | Permission.objects.filter(
        content_type__app_label="regions", codename="view_region")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(*perms)
