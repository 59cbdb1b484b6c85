from django.apps import AppConfig


class KeystoreConfig(AppConfig):
    name = "safespace.keystore"
    label = "keystore"
    verbose_name = "Key store"
