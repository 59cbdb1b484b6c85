from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "safespace.notifications"
    label = "notifications"
    verbose_name = "Emails sent"
