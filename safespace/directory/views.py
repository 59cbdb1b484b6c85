"""The administrator's page for replacing the staff directory with the HR system's export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from safespace.accounts import once
from safespace.directory import importer
from safespace.directory.forms import DirectoryFileForm
from safespace.lib.csvfile import upload_page


@once.outside_transaction  # the import writes in slices of its own
@require_http_methods(["GET", "POST"])
def import_directory(request: HttpRequest) -> HttpResponse:
    return upload_page(
        request,
        importer.CSV,
        DirectoryFileForm,
        "directory/import.html",
        "directory:import",
        spend=once.spend,
    )
