"""A good file imports everyone with their managers; a file with any problem imports nothing."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from safespace.accounts.models import Directorate, Role
from safespace.audit.models import AuditEvent
from safespace.directory.importer import import_csv, summary
from safespace.directory.models import StaffMember

HEADER = "employee_number,name,email,directorate,service,manager_employee_number\n"
GOOD = (
    HEADER + "1001,Ada Okafor,Ada.Okafor@example.org,Place,Planning,\n"
    "1002,Ben Shah,ben.shah@example.org,Place,Planning,1001\n"
    "1003,Cara Lee,cara.lee@example.org,Children's Services,,1002\n"
)


def directory() -> dict[str, tuple[str, str, str, str, str | None]]:
    return {
        m.employee_number: (
            m.full_name,
            m.email,
            m.directorate.name,
            m.service,
            m.manager.employee_number if m.manager else None,
        )
        for m in StaffMember.objects.select_related("directorate", "manager")
    }


@pytest.mark.django_db
def test_a_good_file_imports_everyone_with_their_managers(directorate) -> None:
    result = import_csv(GOOD)
    assert result.problems == []
    assert (result.created, result.updated, result.new_directorates) == (3, 0, 1)
    assert directory() == {
        "1001": ("Ada Okafor", "ada.okafor@example.org", "Place", "Planning", None),
        "1002": ("Ben Shah", "ben.shah@example.org", "Place", "Planning", "1001"),
        "1003": ("Cara Lee", "cara.lee@example.org", "Children's Services", "", "1002"),
    }
    assert Directorate.objects.count() == 2
    assert summary(result) == "Imported 3 people: 3 new, 0 updated, 1 new directorate."


@pytest.mark.django_db
def test_a_manager_may_come_after_the_people_they_manage() -> None:
    result = import_csv(
        HEADER + "2,Ben Shah,ben@example.org,Place,,1\n1,Ada Okafor,ada@example.org,Place,,\n"
    )
    assert result.problems == []
    assert directory()["2"][4] == "1"


@pytest.mark.django_db
def test_a_management_chain_deeper_than_any_organisation_still_gets_every_manager() -> None:
    rows = "".join(
        f"{n},P{n},p{n}@example.org,Place,,{n - 1 if n > 1 else ''}\n" for n in range(1, 80)
    )
    assert import_csv(HEADER + rows).problems == []
    managers = {number: person[4] for number, person in directory().items()}
    assert managers == {str(n): (str(n - 1) if n > 1 else None) for n in range(1, 80)}


@pytest.mark.django_db
def test_the_import_is_audited_without_personal_data(make_user, network) -> None:
    admin = make_user("admin@example.org", (network, Role.ADMIN))
    import_csv(GOOD, actor=admin)
    event = AuditEvent.objects.get(action="directory.import")
    assert (event.actor_code, event.actor_role) == (str(admin.code), "admin")
    assert (event.object_type, event.object_code) == ("directory", "staff")


@pytest.mark.django_db
def test_a_file_with_bad_rows_reports_each_by_line_and_imports_nothing() -> None:
    import_csv(HEADER + "9001,Dee Grant,dee@example.org,Place,,\n")
    before, events = directory(), AuditEvent.objects.count()
    result = import_csv(
        HEADER + "1001,Ada Okafor,ada@example.org,Place,,\n"  # line 2: fine
        "1002,Ben Shah,not-an-email,Place,,\n"  # line 3
        ",No Number,nonumber@example.org,Place,,\n"  # line 4
        "1004,,noname@example.org,Place,,\n"  # line 5
        "1001,Ada Again,ada2@example.org,Place,,\n"  # line 6
        "1006,Eve Adams,ada@example.org,Place,,\n"  # line 7
        "1007,Fay Bello,dee@example.org,Place,,\n"  # line 8
        "1008,Gil Cohen,gil@example.org,Place,,4040\n"  # line 9
        "1009,Hal Diaz,hal@example.org,Place,,1009\n"  # line 10
        f"1010,{'N' * 151},long@example.org,Place,,\n"  # line 11
        "1011,Ivy Ekwueme,,,,\n"  # line 12
    )
    assert result.problems == [
        "Line 3: enter an email address in the correct format, like name@example.org",
        "Line 4: enter an employee number",
        "Line 5: enter the person's name",
        "Line 6: employee number 1001 is also on line 2. Each person should be on one line only",
        "Line 7: the email address is also on line 2. Each person needs their own email address",
        "Line 8: the email address belongs to employee number 9001 in the staff directory. "
        "Check the email address and the employee number",
        "Line 9: the manager's employee number 4040 is not in this file or in the staff directory",
        "Line 10: a person cannot be their own manager. Leave manager_employee_number blank "
        "for someone with no manager",
        "Line 11: the name must be 150 characters or fewer",
        "Line 12: enter an email address, like name@example.org",
        "Line 12: enter the directorate",
    ]
    assert (result.created, result.updated) == (0, 0)
    assert directory() == before
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_one_bad_row_among_many_good_ones_still_imports_nothing() -> None:
    rows = "".join(f"{n},Person {n},p{n}@example.org,Place,,\n" for n in range(1, 200))
    result = import_csv(HEADER + rows + "200,Last Person,,Place,,\n")
    assert result.problems == ["Line 201: enter an email address, like name@example.org"]
    assert not StaffMember.objects.exists()
    assert not Directorate.objects.filter(name="Place").exists()


@pytest.mark.django_db
def test_a_reimport_updates_people_rather_than_adding_them_again() -> None:
    import_csv(GOOD)
    ids = dict(StaffMember.objects.values_list("employee_number", "pk"))
    result = import_csv(
        HEADER + "1001,Ada Okafor-Smith,ada.new@example.org,place,Housing,\n"
        "1002,Ben Shah,ben.shah@example.org,Place,Planning,\n"
        "1003,Cara Lee,cara.lee@example.org,Children's Services,,1001\n"
        "1004,Dan Moss,dan@example.org,Resources,,1003\n"
    )
    assert result.problems == []
    assert (result.created, result.updated, result.new_directorates) == (1, 3, 1)
    assert StaffMember.objects.count() == 4
    assert dict(StaffMember.objects.values_list("employee_number", "pk")).items() >= ids.items()
    assert directory() == {
        "1001": ("Ada Okafor-Smith", "ada.new@example.org", "Place", "Housing", None),
        "1002": ("Ben Shah", "ben.shah@example.org", "Place", "Planning", None),
        "1003": ("Cara Lee", "cara.lee@example.org", "Children's Services", "", "1001"),
        "1004": ("Dan Moss", "dan@example.org", "Resources", "", "1003"),
    }


@pytest.mark.django_db
def test_a_signed_in_persons_directorate_follows_their_email(make_user, directorate) -> None:
    moved = make_user("ben.shah@example.org")
    moved.directorate = directorate
    moved.save()
    elsewhere = make_user("someone.else@example.org")
    import_csv(
        GOOD.replace(
            "1002,Ben Shah,ben.shah@example.org,Place", "1002,Ben,BEN.SHAH@example.org,Resources"
        )
    )
    moved.refresh_from_db()
    elsewhere.refresh_from_db()
    assert moved.directorate is not None and moved.directorate.name == "Resources"
    assert elsewhere.directorate is None


@pytest.mark.django_db
def test_a_management_loop_in_the_file_is_an_error() -> None:
    result = import_csv(
        HEADER + "1,Ada,ada@example.org,Place,,\n"
        "2,Ben,ben@example.org,Place,,3\n"
        "3,Cara,cara@example.org,Place,,2\n"
    )
    assert result.problems == [
        "Line 3: the managers go round in a loop (2 manages 3 manages 2). "
        "Someone in the loop must have a different manager"
    ]
    assert not StaffMember.objects.exists()


@pytest.mark.django_db
def test_a_loop_through_someone_already_in_the_directory_is_an_error() -> None:
    import_csv(HEADER + "1,Ada,ada@example.org,Place,,\n2,Ben,ben@example.org,Place,,1\n")
    result = import_csv(HEADER + "1,Ada,ada@example.org,Place,,2\n")
    assert result.problems == [
        "Line 2: the managers go round in a loop (1 manages 2 manages 1). "
        "Someone in the loop must have a different manager"
    ]
    assert directory()["1"][4] is None


@pytest.mark.django_db
def test_a_byte_order_mark_and_header_case_and_spaces_are_accepted() -> None:
    text = (
        "\ufeff Employee_Number , NAME,Email,Directorate,Service,Manager_Employee_Number\r\n"
        "1001,Ada Okafor,ada@example.org,Place,,\r\n"
    )
    result = import_csv(text)
    assert result.problems == []
    assert directory() == {"1001": ("Ada Okafor", "ada@example.org", "Place", "", None)}


@pytest.mark.django_db
def test_columns_may_come_in_any_order() -> None:
    text = "email,name,employee_number,manager_employee_number,service,directorate\n"
    result = import_csv(text + "ada@example.org,Ada Okafor,1001,,Planning,Place\n")
    assert result.problems == []
    assert directory() == {"1001": ("Ada Okafor", "ada@example.org", "Place", "Planning", None)}


@pytest.mark.django_db
def test_a_missing_or_unknown_column_is_one_error_naming_the_columns() -> None:
    result = import_csv("employee_number,name,mail,directorate,service\n1,Ada,a@example.org,P,\n")
    assert result.problems == [
        "The first row must name the columns employee_number, name, email, directorate, "
        "service, manager_employee_number (missing: email, manager_employee_number; "
        "not recognised: mail)"
    ]


@pytest.mark.django_db
def test_an_empty_file_says_so() -> None:
    assert import_csv("").problems[0].startswith("The file is empty.")
    assert import_csv("\ufeff\n\n").problems[0].startswith("The file is empty.")
    assert import_csv(",,,,,\n , ,\n").problems[0].startswith("The file is empty.")
    assert import_csv(HEADER).problems == [
        "The file has column names but nobody in it. Add one row for each person"
    ]


@pytest.mark.django_db
def test_a_row_with_the_wrong_number_of_values_is_listed_with_the_other_problems() -> None:
    result = import_csv(
        HEADER
        + "1,Ada,ada@example.org,Place,,\n2,Ben,ben@example.org,Place\n3,,c@example.org,Place,,\n"
    )
    assert result.problems == [
        "Line 3: this row has 4 values but the file has 6 columns. Check for a missing or "
        "extra comma",
        "Line 4: enter the person's name",
    ]
    assert not StaffMember.objects.exists()


@pytest.mark.django_db
def test_a_line_that_is_not_csv_is_reported_and_stops_the_reading() -> None:
    result = import_csv(HEADER + "1,,a@example.org,Place,,\n2," + "x" * 200_000 + "\n")
    assert result.problems == [
        "Line 2: enter the person's name",
        "Line 3: this line cannot be read as CSV, so nothing after it was checked. Check for "
        "a stray quotation mark, or save the file again as CSV UTF-8",
    ]


@pytest.mark.django_db
def test_fifty_thousand_people_import_in_a_few_queries(django_assert_max_num_queries) -> None:
    rows = "".join(
        f"{n},Person {n},p{n}@example.org,Directorate {n % 12},,{n // 10 if n >= 10 else ''}\n"
        for n in range(1, 50_001)
    )
    # SQLite takes 999 values a statement, about 140 people an insert; PostgreSQL takes 1,000.
    with django_assert_max_num_queries(450):
        result = import_csv(HEADER + rows)
    assert result.problems == []
    assert (result.created, result.new_directorates) == (50_000, 12)
    assert StaffMember.objects.get(employee_number="12345").manager.employee_number == "1234"


@pytest.mark.django_db
def test_the_command_prints_the_result(tmp_path, capsys, directorate) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_staff_directory", str(path))
    assert capsys.readouterr().out.strip() == (
        "Imported 3 people: 3 new, 0 updated, 1 new directorate."
    )
    event = AuditEvent.objects.get(action="directory.import")
    assert (event.actor_code, event.actor_role) == ("", "system")


@pytest.mark.django_db
def test_the_command_prints_every_problem_and_fails(tmp_path, capsys) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(HEADER + "1,,a@example.org,Place,,\n2,Ben,,Place,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Nothing was imported: the file has 2 problems"):
        call_command("import_staff_directory", str(path))
    assert capsys.readouterr().err.splitlines() == [
        "Line 2: enter the person's name",
        "Line 3: enter an email address, like name@example.org",
    ]
    assert not StaffMember.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path) -> None:
    path = tmp_path / "staff.csv"
    path.write_bytes(HEADER.encode() + "1,Zoë,z@example.org,Place,,\n".encode("latin-1"))
    with pytest.raises(CommandError, match="not saved as UTF-8"):
        call_command("import_staff_directory", str(path))


def test_a_second_import_while_one_runs_is_asked_to_wait(db) -> None:
    from django.core.cache import cache

    from safespace.directory import importer

    cache.add(importer.RUNNING, 1, 60)
    try:
        result = importer.import_csv(
            "employee_number,name,email,directorate,service,manager_employee_number\n"
            "E1,Ada,ada@example.org,Finance,,\n"
        )
    finally:
        cache.delete(importer.RUNNING)

    assert result.problems == [importer.BUSY]
    assert not StaffMember.objects.exists()
    assert (
        importer.import_csv(
            "employee_number,name,email,directorate,service,manager_employee_number\n"
            "E1,Ada,ada@example.org,Finance,,\n"
        ).created
        == 1
    )


def test_a_null_character_is_listed_by_line_and_nothing_is_imported(db) -> None:
    from safespace.directory import importer

    result = importer.import_csv(
        "employee_number,name,email,directorate,service,manager_employee_number\n"
        "E1,Ada,ada@example.org,Finance,,\n"
        "E2,Bo\x00b,bob@example.org,Finance,,\n"
    )

    assert len(result.problems) == 1
    assert result.problems[0].startswith("Line 3: this row contains a null character")
    assert not StaffMember.objects.exists()
