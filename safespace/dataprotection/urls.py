"""The data protection officer's addresses, under /data-protection/; the access policy names
each one (safespace/policy.py)."""

from django.urls import path

from safespace.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("", views.search, name="search"),
    path("concerns/<uuid:code>/", views.concern, name="concern"),
    path("concerns/<uuid:code>/export.json", views.export, name="export"),
    path("concerns/<uuid:code>/export.pdf", views.export_pdf, name="export_pdf"),
    path("concerns/<uuid:code>/erase/", views.erase, name="erase"),
    path("concerns/<uuid:code>/erased/", views.erased, name="erased"),
]
