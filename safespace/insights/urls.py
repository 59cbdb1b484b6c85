"""The insight addresses, in groups by the prefix each sits under; safespace/urls.py mounts
each group at its prefix, all in this one `insights` namespace. The access policy names each
one (safespace/policy.py)."""

from django.urls import path, re_path

from safespace.insights import accountability_views, report_views, views

app_name = "insights"

# /insights/: the dashboard, its downloads, the annual report and the quarterly return.
insight_pages = [
    path("", views.home, name="home"),
    re_path(r"^export/(?P<key>[a-z-]+)\.(?P<kind>csv|xlsx)$", views.export, name="export"),
    path("report/", report_views.report_page, name="report"),
    path("report/pdf/", report_views.report_pdf, name="report_pdf"),
    path("report/write/", report_views.report_write, name="report_write"),
    path("ftsu/", report_views.ftsu_page, name="ftsu"),
    path("ftsu/return.csv", report_views.ftsu_export, {"kind": "csv"}, name="ftsu_csv"),
    path("ftsu/return.xlsx", report_views.ftsu_export, {"kind": "xlsx"}, name="ftsu_xlsx"),
]

# /actions/accountability/: the Director's scorecard of every action ever set, read from the
# summary of actions, at the address it has always had beside the owners' own actions.
accountability_pages = [
    path("", accountability_views.accountability, name="accountability"),
]
