from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "safespace.accounts"
    label = "accounts"
    verbose_name = "People and networks"
