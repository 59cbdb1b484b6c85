from django.urls import path

from safespace.accounts import oidc_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.sign_in, name="login"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/email/", views.two_factor_email, name="two_factor_email"),
    path("sign-out/", views.sign_out, name="sign_out"),
    # Sign-in with the organisation's OpenID provider; each answers 404 when there is none.
    path("oidc/start/", oidc_views.start, name="oidc_start"),
    path("oidc/callback/", oidc_views.callback, name="oidc_callback"),
    path("oidc/signed-out/", oidc_views.signed_out, name="oidc_signed_out"),
]
