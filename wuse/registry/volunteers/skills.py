"""The default volunteer skills (stable codes). Staff may rename them or add more in the admin."""

DEFAULTS = [  # (code, 中文, English)
    ("elderly", "助老陪伴", "Elderly companionship"),
    ("tutoring", "课业辅导", "Tutoring"),
    ("medical", "医疗保健", "Medical care"),
    ("legal", "法律咨询", "Legal advice"),
    ("repairs", "家电维修", "Appliance repairs"),
    ("haircut", "理发", "Haircuts"),
    ("cleaning", "环境清洁", "Cleaning"),
    ("culture", "文艺表演", "Cultural performance"),
    ("it", "数字技能", "Digital skills"),
    ("psychology", "心理疏导", "Psychological support"),
    ("other", "其他", "Other"),
]


def ensure_default_skills(model=None) -> None:
    """Create the default skills that are missing; never overwrite what staff changed."""
    from .models import Skill

    Skill.ensure_rows(DEFAULTS, first=10, step=10, model=model)
