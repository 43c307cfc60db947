"""Demo charitable resources: donors in 上保, 宝石 and 顾家桥 (an enterprise, a provincial foundation hosting
上保社区's community charity fund, an anonymous resident, …), donations in money and goods with receipt
numbers, allocations of the fund's gift to the demo records the steps offer (``register_target(…,
demo=…)``: a need of 上保社区 today), and a published resource list of 上保社区 for this year. All names,
codes and numbers are invented."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from wuse.regions.models import Region
from wuse.registry.codes import make_credit_code

from . import targets
from .models import Donor
from .resource_lists import resource_list_publish
from .services import allocation_create, allocation_use, donation_create, donor_create

SHANGBAO, BAOSHI, GUJIAQIAO = "330106002051", "330106002052", "330110005001"
ENTERPRISE_CODE = make_credit_code("9", "1", "330106", 60001)
# (committed, used) of the fund's ¥50,000 gift, one pair per demo target of 上保社区.
DEMO_ALLOCATIONS = [(Decimal("20000"), Decimal("5000")), (Decimal("15000"), Decimal("3000"))]


def _day(days_ago: int) -> dt.date:
    """A date this year (the resource list is per year), ``days_ago`` before today at most."""
    today = timezone.localdate()
    return max(today - dt.timedelta(days=days_ago), dt.date(today.year, 1, 1))


def load_charity_demo(users) -> None:
    if Donor.objects.filter(credit_code=ENTERPRISE_CODE).exists():
        return  # already loaded
    units = {r.code: r for r in Region.objects.filter(code__in=[SHANGBAO, BAOSHI, GUJIAQIAO])}
    shangbao, baoshi, gujiaqiao = users["shangbao_staff"], users["baoshi_staff"], users["gujiaqiao_staff"]
    year = timezone.localdate().year

    enterprise = donor_create(user=shangbao, region=units[SHANGBAO], kind="enterprise", name="杭州北山数字科技有限公司",
                              credit_code=ENTERPRISE_CODE, contact_name="陈志远", contact_phone="13905719001")
    foundation = donor_create(user=shangbao, region=units[SHANGBAO], kind="foundation", name="浙江省爱心公益基金会",
                              credit_code=make_credit_code("5", "3", "330000", 60002), contact_name="刘晓梅",
                              contact_phone="0571-87659002")
    fund = donor_create(user=shangbao, region=units[SHANGBAO], kind="community_fund", name="上保社区公益基金",
                        host_foundation=foundation, contact_name="上保社区居委会", contact_phone="0571-87659003")
    resident = donor_create(user=shangbao, region=units[SHANGBAO], kind="individual", name="王建国",
                            contact_phone="13905719004", anonymous=True)
    restaurant = donor_create(user=baoshi, region=units[BAOSHI], kind="enterprise", name="杭州宝石山餐饮管理有限公司",
                              credit_code=make_credit_code("9", "1", "330106", 60005), contact_name="周敏",
                              contact_phone="13905719005")
    property_co = donor_create(user=gujiaqiao, region=units[GUJIAQIAO], kind="enterprise",
                               name="杭州五常物业服务有限公司", credit_code=make_credit_code("9", "1", "330110", 60006),
                               contact_name="吴刚", contact_phone="13905719006")
    doctor = donor_create(user=gujiaqiao, region=units[GUJIAQIAO], kind="individual", name="李秀英",
                          contact_phone="13905719007")

    donation_create(user=shangbao, donor=enterprise, region=units[SHANGBAO], kind="money", received_on=_day(60),
                    amount=Decimal("20000"), purpose="社区困难家庭帮扶", receipt_number=f"ZJJZ{year}-000101")
    fund_gift = donation_create(user=shangbao, donor=fund, region=units[SHANGBAO], kind="money",
                                received_on=_day(45), amount=Decimal("50000"), purpose="老年助餐",
                                receipt_number=f"ZJJZ{year}-000102")
    donation_create(user=shangbao, donor=resident, region=units[SHANGBAO], kind="goods", received_on=_day(20),
                    amount=Decimal("2500"), description="大米", quantity=50, unit="袋",
                    receipt_number=f"SBSQ{year}-007")
    donation_create(user=baoshi, donor=restaurant, region=units[BAOSHI], kind="goods", received_on=_day(30),
                    amount=Decimal("6000"), description="儿童课外读物", quantity=200, unit="本",
                    receipt_number=f"BSSQ{year}-003")
    donation_create(user=gujiaqiao, donor=property_co, region=units[GUJIAQIAO], kind="money", received_on=_day(15),
                    amount=Decimal("30000"), purpose="电梯加装居民协商", receipt_number=f"GJQ{year}-011")
    donation_create(user=gujiaqiao, donor=doctor, region=units[GUJIAQIAO], kind="service", received_on=_day(10),
                    amount=Decimal("3000"), description="社区老人义诊服务", quantity=6, unit="次")

    offered = [(t, obj) for t, obj in targets.demo_targets() if t.region_code(obj).startswith(SHANGBAO)]
    for (target, obj), (amount, used) in zip(offered, DEMO_ALLOCATIONS, strict=False):
        allocation = allocation_create(user=shangbao, donation=fund_gift, target_key=target.key, target_id=obj.pk,
                                       amount=amount, note=f"{target.label(obj)[:40]} 首年运营补贴")
        allocation_use(user=shangbao, allocation=allocation, amount=used)
    resource_list_publish(user=shangbao, region=units[SHANGBAO], year=year)
