from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "safespace.public"
    label = "public"
    verbose_name = "Public pages"

    def ready(self) -> None:
        plain_defaults()
        from django.db.models.signals import post_delete, post_save

        from safespace.accounts.models import Network
        from safespace.public.context_processors import forget_networks

        post_save.connect(forget_networks, sender=Network, dispatch_uid="forget_networks_saved")
        post_delete.connect(forget_networks, sender=Network, dispatch_uid="forget_networks_gone")


def plain_defaults() -> None:
    """Django's own wording for a field that has no message of ours, in the service's voice.

    Each form gives its fields their own messages; these are what a person would otherwise read
    where one is missed ("Select a valid choice. X is not one of the available choices.",
    "Ensure this value has at most 254 characters (it has 1048576)."), which the hostile-input
    tests look for on every form.
    """
    from django import forms
    from django.core import validators
    from django.utils.translation import gettext_lazy as _

    choose = _("Select one of the options shown")
    forms.ChoiceField.default_error_messages["invalid_choice"] = choose
    forms.MultipleChoiceField.default_error_messages["invalid_choice"] = choose
    forms.MultipleChoiceField.default_error_messages["invalid_list"] = choose
    forms.ModelChoiceField.default_error_messages["invalid_choice"] = choose
    forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"] = choose
    forms.Field.default_error_messages["required"] = _("Enter or select an answer here")
    forms.IntegerField.default_error_messages["invalid"] = _("Enter a whole number, like 12")
    forms.DateField.default_error_messages["invalid"] = _("Enter a real date, like 27 3 2026")
    forms.TimeField.default_error_messages["invalid"] = _("Enter a real time, like 14:30")
    forms.EmailField.default_error_messages["invalid"] = _(
        "Enter an email address in the correct format, like name@example.org"
    )
    # Hidden fields (a form's own reference): only a tampered or very old page sends a bad one.
    forms.UUIDField.default_error_messages["invalid"] = _(
        "This page is out of date. Go back, reload the page and try again"
    )
    validators.EmailValidator.message = forms.EmailField.default_error_messages["invalid"]
    validators.MaxLengthValidator.message = _("Enter %(limit_value)d characters or fewer")
    validators.MinLengthValidator.message = _("Enter at least %(limit_value)d characters")
    validators.MaxValueValidator.message = _("Enter a number of %(limit_value)s or less")
    validators.MinValueValidator.message = _("Enter a number of %(limit_value)s or more")
    validators.ProhibitNullCharactersValidator.message = _(
        "Remove the unusual invisible character (a null character) from your answer"
    )
