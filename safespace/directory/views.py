"""The administrator's page for replacing the staff directory with the HR system's export."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safespace.accounts import once
from safespace.accounts.models import User
from safespace.directory import importer
from safespace.directory.forms import DirectoryFileForm

# Enough to fix a file from; a wrong column can make every line fail.
ERRORS_SHOWN = 100


@once.outside_transaction  # the import writes in slices of its own
@require_http_methods(["GET", "POST"])
def import_directory(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = DirectoryFileForm(request.POST, request.FILES)
    else:
        form = DirectoryFileForm()
    problems = 0
    if request.method == "POST" and form.is_valid():
        result = importer.import_csv(form.cleaned_data["file"], actor=cast(User, request.user))
        if not result.errors:
            messages.success(request, importer.summary(result))
            return redirect("directory:import")
        problems = len(result.errors)
        for error in result.errors[:ERRORS_SHOWN]:
            form.add_error(None, error)
        if problems > ERRORS_SHOWN:
            form.add_error(None, f"And {problems - ERRORS_SHOWN} more problems")
        form.add_error(
            "file",
            f"The selected file has {problems} problem{'s' if problems != 1 else ''}, so "
            "nothing was imported. Fix the file and upload it again",
        )
    return render(request, "directory/import.html", {"form": form, "problems": problems})
