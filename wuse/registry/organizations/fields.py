"""The default fields of service (stable codes). Staff may rename them or add more in the admin."""

DEFAULTS = [  # (code, 中文, English)
    ("elderly_care", "为老服务", "Elderly care"),
    ("children", "儿童关爱", "Children"),
    ("disability", "助残服务", "Disability"),
    ("hardship_relief", "困难帮扶", "Hardship relief"),
    ("community_governance", "社区治理", "Community governance"),
    ("culture_sports", "文体活动", "Culture and sports"),
    ("health", "健康服务", "Health"),
    ("environment", "环境保护", "Environment"),
    ("legal_aid", "法律援助", "Legal aid"),
    ("mental_health", "心理健康", "Mental health"),
    ("volunteer_service", "志愿服务", "Volunteer service"),
    ("other", "其他", "Other"),
]


def ensure_service_fields(model=None) -> None:
    """Create the default fields of service that are missing; never overwrite what staff changed."""
    from .models import ServiceField

    ServiceField.ensure_rows(DEFAULTS, model=model)
