from django.apps import AppConfig


class Config(AppConfig):
    name = "wuse.core"
    label = "core"
