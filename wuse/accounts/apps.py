from django.apps import AppConfig


class Config(AppConfig):
    name = "wuse.accounts"
    label = "accounts"
