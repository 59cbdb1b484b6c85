"""API tokens on the configuration site: the administrator makes one, sees it once, and can
revoke it; nobody can read one back."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from safespace.api import tokens
from safespace.api.models import Token
from safespace.api.scopes import Scope
from safespace.configuration.admin import ConfigurationAdmin, site
from safespace.lib.translation import translated

LONGEST = 366  # days: a token lives a year at most, then the administrator makes a new one


class NewTokenForm(forms.ModelForm):  # type: ignore[type-arg]
    scopes = forms.MultipleChoiceField(
        label=_("What it may be used for"),
        choices=translated(Scope.choices),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one thing the token may be used for")},
    )
    expires = forms.DateField(
        label=_("Expires on"),
        help_text=format_lazy(
            _("At most {days} days from today. The token stops working at the start of this day."),
            days=LONGEST,
        ),
        error_messages={"invalid": _("Enter the expiry date as year-month-day, like 2027-03-31")},
    )

    class Meta:
        model = Token
        fields = ["name", "user", "scopes", "expires"]

    def clean_expires(self) -> datetime.datetime:
        day: datetime.date = self.cleaned_data["expires"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(_("The expiry date must be in the future"))
        if day > today + datetime.timedelta(days=LONGEST):
            raise forms.ValidationError(
                gettext("The expiry date must be within %(days)d days of today") % {"days": LONGEST}
            )
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@admin.register(Token, site=site)
class TokenAdmin(ConfigurationAdmin):
    """Made here, shown once; afterwards only what it is for, when it was last used, revoke."""

    list_display = ["name", "prefix", "user", "scope_list", "expires", "last_used", "revoked"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "name",
        "prefix",
        "user",
        "scope_list",
        "created",
        "created_by",
        "expires",
        "last_used",
        "revoked",
    ]

    @admin.display(description=_("Purposes"))
    def scope_list(self, obj: Token) -> str:
        labels = dict(Scope.choices)
        return "; ".join(
            gettext(labels[scope]) if scope in labels else scope for scope in obj.scopes
        )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = NewTokenForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "user", "scopes", "expires"]
        return self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return [] if obj is None else self.readonly_fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return {"expires": timezone.localdate() + datetime.timedelta(days=LONGEST - 1)}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoked, not deleted: the audit trail names it

    def save_model(self, request: HttpRequest, obj: Token, form: Any, change: bool) -> None:
        if change:
            return  # nothing of a token changes after it is made; revoking is an action
        made, secret = tokens.issue(
            user=form.cleaned_data["user"],
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires=form.cleaned_data["expires"],
            by=request.user,  # type: ignore[arg-type]
        )
        obj.pk = made.pk
        request._new_api_token = secret  # type: ignore[attr-defined]

    def response_add(
        self, request: HttpRequest, obj: Token, post_url_continue: Any = None
    ) -> HttpResponse:
        """The token, once: the page is not kept anywhere, and nothing can show it again."""
        secret = getattr(request, "_new_api_token", "")
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Copy the new API token"),
            "token": Token.objects.get(pk=obj.pk),
            "secret": secret,
            "opts": self.model._meta,
        }
        response = TemplateResponse(request, "admin/api/token_made.html", context)
        response.headers["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Token]) -> None:
        revoked = sum(tokens.revoke(token, by=request.user) for token in queryset)  # type: ignore[arg-type]
        self.message_user(
            request,
            ngettext("Revoked %(count)d token.", "Revoked %(count)d tokens.", revoked)
            % {"count": revoked},
            messages.SUCCESS,
        )
