from django.apps import AppConfig


class Config(AppConfig):
    name = "wuse.workflow"
    label = "workflow"
