"""The configuration site shows the staff directory to the administrator, who cannot edit it."""

from __future__ import annotations

import pytest

from safespace.accounts.models import Role
from safespace.directory.importer import import_csv
from safespace.directory.models import StaffMember
from tests.helpers import sign_in

HEADER = "employee_number,name,email,directorate,service,manager_employee_number\n"


@pytest.fixture
def admin_client(client, make_user, network):
    import_csv(
        HEADER + "1,Ada Okafor,ada@example.org,Place,,\n2,Ben Shah,ben@example.org,Place,,1\n"
    )
    return sign_in(client, make_user("admin@example.org", (network, Role.ADMIN)))


def test_the_administrator_sees_everyone_in_the_directory(admin_client) -> None:
    body = admin_client.get("/configuration/directory/staffmember/").content.decode()
    assert "Ada Okafor" in body and "Ben Shah" in body


def test_the_administrator_cannot_change_the_directory_by_hand(admin_client) -> None:
    ben = StaffMember.objects.get(employee_number="2")
    url = f"/configuration/directory/staffmember/{ben.pk}/change/"
    assert admin_client.get(url).status_code == 200
    admin_client.post(url, {"full_name": "Someone Else"})
    assert admin_client.get("/configuration/directory/staffmember/add/").status_code == 403
    assert (
        admin_client.post(f"/configuration/directory/staffmember/{ben.pk}/delete/").status_code
        == 403
    )
    assert StaffMember.objects.get(pk=ben.pk).full_name == "Ben Shah"
