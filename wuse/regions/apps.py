from django.apps import AppConfig


class Config(AppConfig):
    name = "wuse.regions"
    label = "regions"
