from django.urls import path

from safespace.cases import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.assisted_referral, name="new"),
    path("<uuid:code>/", views.case_detail, name="detail"),
    path("<uuid:code>/message/", views.send_message, name="message"),
]
