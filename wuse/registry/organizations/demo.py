"""Demo organizations and social workers in 西湖区/北山街道 and 余杭区/五常街道 (idempotent).

Six organizations (a 5A 社工机构 serving 北山街道 with ``org_member`` as its administrator, a 社区社会组织
filed with 北山街道 by its filing number only, a foundation serving 西湖区, a suspended service
organization, a 余杭 社工机构 and a 顾家桥 社区社会组织) and eight social workers, five of them full-time
community workers of 北山街道 of whom three are certified (60 %).
"""

import datetime as dt

from wuse.regions.models import Region
from wuse.registry.codes import make_credit_code
from wuse.registry.people.services import PersonData, find_person

from .fields import ensure_service_fields
from .models import MemberRole, Organization, OrgKind, OrgStatus, ServiceField, SocialWorker
from .services import WorkerData, member_add, organization_create, organization_set_status, social_worker_register

XIHU, BEISHAN, SHANGBAO, BAOSHI = "330106000000", "330106002000", "330106002051", "330106002052"
YUHANG, WUCHANG, GUJIAQIAO = "330110000000", "330110005000", "330110005001"
CITY = "330100000000"

# (creator, key, values, service areas, fields of service)
ORGANIZATIONS = [
    ("xihu_reviewer", "leling", {
        "name": "西湖区乐龄社会工作服务中心", "kind": OrgKind.SOCIAL_WORK_AGENCY,
        "credit_code": make_credit_code("5", "2", "330106", 10601), "region": XIHU, "authority": "西湖区民政局",
        "rating": "5A", "rating_year": 2023, "established_on": dt.date(2014, 6, 1), "legal_representative": "沈佳",
        "contact_name": "沈佳", "contact_phone": "0571-87010001", "address": "西湖区北山街道保俶路1号（演示数据）",
        "introduction": "专业社工机构，承接北山街道社会工作服务站，"
                        "为老年人、困境儿童和残疾人提供个案、小组和社区服务。"},
     [BEISHAN], ["elderly_care", "children", "mental_health"]),
    ("beishan_officer", "neighbours", {
        "name": "上保社区邻里互助会", "kind": OrgKind.COMMUNITY_ORG, "filing_number": "北山备字2024第003号",
        "region": BEISHAN, "authority": "北山街道办事处", "contact_name": "钱阿姨", "contact_phone": "13905710011",
        "introduction": "居民自发组成的互助组织：邻里守望、助老陪伴、楼道微治理。"},
     [SHANGBAO], ["volunteer_service", "community_governance"]),
    ("city_admin", "foundation", {
        "name": "杭州市春晖公益基金会", "kind": OrgKind.FOUNDATION,
        "credit_code": make_credit_code("5", "3", "330100", 10002), "region": CITY, "authority": "杭州市民政局",
        "rating": "4A", "rating_year": 2022, "contact_name": "郑先生", "contact_phone": "0571-85010002",
        "introduction": "资助社区公益项目和社区公益基金。"},
     [XIHU], ["hardship_relief", "children"]),
    ("xihu_reviewer", "baoshi", {
        "name": "西湖区宝石文体服务社", "kind": OrgKind.SERVICE_ORG,
        "credit_code": make_credit_code("5", "2", "330106", 10604), "region": XIHU, "authority": "西湖区民政局",
        "contact_name": "孙老师", "contact_phone": "13905710012"},
     [BAOSHI], ["culture_sports"]),
    ("yuhang_reviewer", "zhongyi", {
        "name": "余杭区众益社会工作服务中心", "kind": OrgKind.SOCIAL_WORK_AGENCY,
        "credit_code": make_credit_code("5", "2", "330110", 11005), "region": YUHANG, "authority": "余杭区民政局",
        "rating": "4A", "rating_year": 2024, "contact_name": "何女士", "contact_phone": "0571-88010005",
        "introduction": "承接五常街道社会工作服务站。"},
     [WUCHANG, GUJIAQIAO], ["elderly_care", "disability", "legal_aid"]),
    ("wuchang_officer", "gujiaqiao", {
        "name": "顾家桥社区睦邻议事会", "kind": OrgKind.COMMUNITY_ORG, "filing_number": "五常备字2023第011号",
        "region": WUCHANG, "authority": "五常街道办事处", "contact_name": "冯大伯"},
     [GUJIAQIAO], ["community_governance"]),
]

# (creator, name, home community, workplace, employer key, community worker, level, number, phone)
WORKERS = [
    ("shangbao_staff", "王丽华", SHANGBAO, SHANGBAO, None, True, "social_worker", "201933010600000001", "13905711001"),
    ("shangbao_staff", "陈建国", SHANGBAO, SHANGBAO, None, True, "assistant", "202133010600000002", "13905711002"),
    ("shangbao_staff", "李敏", SHANGBAO, SHANGBAO, None, True, "", "", "13905711003"),
    ("baoshi_staff", "张晓燕", BAOSHI, BAOSHI, None, True, "assistant", "201833010600000003", "13905711004"),
    ("baoshi_staff", "刘伟", BAOSHI, BAOSHI, None, True, "", "", "13905711005"),
    ("beishan_officer", "赵静", SHANGBAO, BEISHAN, "leling", False, "senior", "201633010600000004", "13905711006"),
    ("gujiaqiao_staff", "周婷", GUJIAQIAO, GUJIAQIAO, None, True, "assistant", "202033011000000005", "13905711007"),
    ("gujiaqiao_staff", "吴强", GUJIAQIAO, GUJIAQIAO, None, True, "", "", "13905711008"),
]


def _existing(values: dict) -> Organization | None:
    if values.get("credit_code"):
        return Organization.objects.filter(credit_code=values["credit_code"]).first()
    return Organization.objects.filter(region_id=values["region"], filing_number=values["filing_number"]).first()


def load_organizations_demo(users) -> None:
    ensure_service_fields()  # a flushed database (tests) has lost the migration's rows
    units = {r.code: r for r in Region.objects.filter(code__in=[XIHU, BEISHAN, SHANGBAO, BAOSHI, YUHANG, WUCHANG,
                                                                 GUJIAQIAO, CITY])}
    fields = {f.code: f for f in ServiceField.objects.all()}
    organizations = {}
    for creator, key, values, areas, field_codes in ORGANIZATIONS:
        organization = _existing(values)
        if organization is None:
            values = {**values, "region": units[values["region"]]}
            organization = organization_create(user=users[creator], service_areas=[units[c] for c in areas],
                                               fields=[fields[c] for c in field_codes if c in fields], **values)
        organizations[key] = organization
    baoshi = organizations["baoshi"]
    if baoshi.status == OrgStatus.ACTIVE and not baoshi.status_reason:
        organization_set_status(user=users["xihu_reviewer"], organization=baoshi, status=OrgStatus.SUSPENDED,
                                reason="年度检查未通过，限期整改（演示数据）")
    leling = organizations["leling"]
    if not leling.members.filter(user=users["org_member"]).exists():
        member_add(user=users["xihu_reviewer"], organization=leling, username=users["org_member"].username,
                   role=MemberRole.ADMIN)
    for creator, name, home, workplace, employer, community, level, number, phone in WORKERS:
        person = find_person(phone=phone)
        if person is not None and SocialWorker.objects.filter(person=person).exists():
            continue
        social_worker_register(
            user=users[creator], person=PersonData(name=name, region=units[home], phone=phone),
            data=WorkerData(region=units[workplace], employer=organizations.get(employer),
                            is_community_worker=community, certificate_level=level, certificate_number=number))
