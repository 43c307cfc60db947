"""Demo schemes and shop shelves: 西湖区's charity points and 余杭区's time bank, with items in 上保社区 and 顾家桥社区.

Accounts and earnings come from the volunteers' demo (verified hours credited through
``services.earn_for_service``), which runs after this one.
"""

from decimal import Decimal

from wuse.regions.models import Region

from .models import Account, Adjustment, CatalogueItem, ItemKind, Redemption, Scheme, SchemeKind, TransferRule
from .services.adjustments import adjustment_request
from .services.setup import item_create, scheme_create
from .services.shop import redemption_place

XIHU, YUHANG = "330106000000", "330110000000"
SHANGBAO, GUJIAQIAO = "330106002051", "330110005001"

SCHEMES = [
    ("xihu_reviewer", XIHU, SchemeKind.POINTS, {
        "name": "西湖区社区公益积分", "per_hour": Decimal("1"), "signup_grant": Decimal("5"),
        "transfer_rule": TransferRule.FAMILY, "allow_donation": True}),
    ("yuhang_reviewer", YUHANG, SchemeKind.TIME_BANK, {
        "name": "余杭区时间银行", "per_hour": Decimal("1"), "account_cap": Decimal("1500"),
        "redemption_threshold": Decimal("10"), "expiry_months": 24, "transfer_rule": TransferRule.FAMILY,
        "allow_donation": True}),
]

ITEMS = [
    ("shangbao_staff", SHANGBAO, XIHU, SchemeKind.POINTS, [
        ("大米 5kg", ItemKind.GOODS, "东北珍珠米，每袋5公斤", "30", 10),
        ("理发服务", ItemKind.SERVICE, "社区志愿理发师上门或到站理发一次", "10", 20),
        ("洗衣液", ItemKind.GOODS, "2kg装，仅剩1瓶", "15", 1),
        ("社区食堂餐券", ItemKind.GOODS, "上保社区老年食堂午餐券一张", "5", 50),
    ]),
    ("gujiaqiao_staff", GUJIAQIAO, YUHANG, SchemeKind.TIME_BANK, [
        ("家电维修上门服务", ItemKind.SERVICE, "志愿维修队上门检修小家电一次", "2", 10),
        ("助老陪诊服务", ItemKind.SERVICE, "陪同就医半天", "3", 10),
        ("粮油礼包", ItemKind.GOODS, "食用油5L + 大米5kg", "5", 5),
    ]),
]


def load_ledger_demo(users) -> None:
    for username, region, kind, rules in SCHEMES:
        if not Scheme.objects.filter(region_id=region, kind=kind).exists():
            scheme_create(user=users[username], region=Region.objects.get(code=region), kind=kind, **rules)
    for username, shop, scheme_region, kind, items in ITEMS:
        scheme = Scheme.objects.filter(region_id=scheme_region, kind=kind, active=True).select_related("region").first()
        if scheme is None:
            continue
        region = Region.objects.get(code=shop)
        taken = set(CatalogueItem.objects.filter(region=region).values_list("name", flat=True))
        for name, item_kind, description, price, stock in items:
            if name not in taken:
                item_create(user=users[username], region=region, scheme=scheme, name=name, kind=item_kind,
                            description=description, price=Decimal(price), stock=stock)


def load_ledger_requests_demo(users) -> None:
    """After the volunteers' demo has opened and credited the accounts (order 55): one adjustment awaiting a
    second person's approval and one order awaiting hand-over at 上保社区 (what waits on the home page)."""
    account = (Account.objects.filter(person__name="李建国", person__region_id=SHANGBAO, scheme__region_id=XIHU)
               .first())
    item = CatalogueItem.objects.filter(region_id=SHANGBAO, name="社区食堂餐券").first()
    if account is None or item is None:
        return
    if not Adjustment.objects.filter(account=account).exists():
        adjustment_request(account, Decimal("2"), reason="补录：重阳节敬老活动漏登2小时", user=users["beishan_officer"])
    if not Redemption.objects.filter(account=account).exists():
        redemption_place(item, account, 1, user=users["shangbao_staff"])
