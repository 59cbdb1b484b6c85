"""The administrator uploads the directory; problems are listed and nothing is imported."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from safespace.accounts.models import Role
from safespace.directory.models import StaffMember
from tests.helpers import sign_in

HEADER = "employee_number,name,email,directorate,service,manager_employee_number\n"
URL = "/staff-directory/import/"


def csv_file(text: str | bytes) -> SimpleUploadedFile:
    content = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile("staff.csv", content, content_type="text/csv")


@pytest.fixture
def admin(make_user, network):
    return make_user("admin@example.org", (network, Role.ADMIN))


def test_it_shows_a_file_upload_naming_the_columns(client, admin) -> None:
    body = sign_in(client, admin).get(URL).content.decode()
    assert 'class="govuk-file-upload"' in body
    assert 'enctype="multipart/form-data" novalidate' in body
    assert "employee_number, name, email, directorate, service, manager_employee_number" in body


def test_an_administrator_imports_the_directory(client, admin) -> None:
    sign_in(client, admin)
    text = HEADER + "1,Ada Okafor,ada@example.org,Place,,\n2,Ben Shah,ben@example.org,Place,,1\n"
    response = client.post(URL, {"file": csv_file(text)}, follow=True)
    assert response.redirect_chain == [(URL, 302)]
    assert "Imported 2 people: 2 new, 0 updated, 1 new directorate." in response.content.decode()
    assert StaffMember.objects.get(employee_number="2").manager.employee_number == "1"


def test_problems_are_listed_in_the_error_summary_and_nothing_is_imported(client, admin) -> None:
    sign_in(client, admin)
    text = HEADER + "1,Ada Okafor,ada@example.org,Place,,\n2,,not-an-email,Place,,\n"
    response = client.post(URL, {"file": csv_file(text)})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Import the staff directory" in body
    summary = body.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert "Line 3: enter the person&#x27;s name" in summary
    assert "Line 3: enter an email address in the correct format" in summary
    assert 'href="#id_file">The selected file has 2 problems, so nothing was imported' in summary
    assert "Nothing was imported. The staff directory has not changed." in body
    assert not StaffMember.objects.exists()


def test_it_shows_the_first_hundred_problems_and_counts_the_rest(client, admin) -> None:
    sign_in(client, admin)
    text = HEADER + "".join(f"{n},Person {n},,Place,,\n" for n in range(1, 131))
    body = client.post(URL, {"file": csv_file(text)}).content.decode()
    assert "Line 101: enter an email address" in body
    assert "Line 102: enter an email address" not in body
    assert "And 30 more problems" in body
    assert "The selected file has 130 problems" in body


def test_it_asks_for_a_file_when_none_is_chosen(client, admin) -> None:
    body = sign_in(client, admin).post(URL, {}).content.decode()
    assert "Select the CSV file to upload" in body
    assert "govuk-file-upload--error" in body


def test_it_refuses_a_file_that_is_not_utf8(client, admin) -> None:
    sign_in(client, admin)
    text = HEADER.encode() + "1,Zoë,z@example.org,Place,,\n".encode("latin-1")
    body = client.post(URL, {"file": csv_file(text)}).content.decode()
    assert "The selected file must be saved as UTF-8" in body
    assert not StaffMember.objects.exists()


def test_it_refuses_a_file_that_is_too_large(client, admin) -> None:
    sign_in(client, admin)
    too_big = HEADER.encode() + b" " * (20 * 1024 * 1024)
    body = client.post(URL, {"file": csv_file(too_big)}).content.decode()
    assert "The selected file must be smaller than 20 MB" in body


def test_it_is_not_there_for_anyone_but_an_administrator(client, make_user, network) -> None:
    lead = make_user("lead@example.org", (network, Role.LEAD))
    sign_in(client, lead)
    assert client.get(URL).status_code == 404
    text = HEADER + "1,Ada Okafor,ada@example.org,Place,,\n"
    assert client.post(URL, {"file": csv_file(text)}).status_code == 404
    assert not StaffMember.objects.exists()
