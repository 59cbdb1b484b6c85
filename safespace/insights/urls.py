from django.urls import path, re_path

from safespace.insights import report_views, views

app_name = "insights"

urlpatterns = [
    path("", views.home, name="home"),
    re_path(r"^export/(?P<key>[a-z-]+)\.(?P<kind>csv|xlsx)$", views.export, name="export"),
    path("report/", report_views.report_page, name="report"),
    path("report/pdf/", report_views.report_pdf, name="report_pdf"),
    path("report/write/", report_views.report_write, name="report_write"),
    path("ftsu/", report_views.ftsu_page, name="ftsu"),
    path("ftsu/return.csv", report_views.ftsu_export, {"kind": "csv"}, name="ftsu_csv"),
    path("ftsu/return.xlsx", report_views.ftsu_export, {"kind": "xlsx"}, name="ftsu_xlsx"),
]
