"""The default need categories (stable codes). Staff may rename them or add more in the admin."""

DEFAULTS = [  # (code, 中文, English, days to answer)
    ("elderly_children", "一老一小", "Elderly and children", 7),
    ("disabled_hardship", "一残一困", "Disabled and hardship households", 5),
    ("property_trilateral", "物居业三方协同", "Property / residents' / owners' committees", 10),
    ("community_renewal", "社区更新改造", "Community renewal", 15),
    ("culture_sports", "文体活动", "Culture and sports", 10),
    ("sanitation", "环境卫生", "Environment and sanitation", 5),
    ("safety", "安全隐患", "Safety hazards", 3),
    ("other", "其他", "Other", 7),
]


def ensure_default_categories(model=None) -> None:
    """Create the default categories that are missing; never overwrite what staff changed."""
    if model is None:
        from .models import NeedCategory as model
    for position, (code, name, name_en, days) in enumerate(DEFAULTS):
        model.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "response_days": days, "position": position})
