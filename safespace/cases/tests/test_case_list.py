"""What each row of a case list says: its link, themes, stage, first contact and age."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext

from safespace.accounts.models import Theme
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, create
from tests.helpers import listening as listening
from tests.helpers import sign_in


def rows_of(page: str) -> dict[str, list[str]]:
    """Each row's cells as text, by the reference in its first cell."""
    found = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", page, re.S)[1:]:
        cells = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        found[cells[0]] = cells
    return found


def test_each_row_names_its_themes_in_the_networks_order_and_its_stage(
    client, listening, network
) -> None:
    champion, case = listening
    last = Theme.objects.create(network=network, name="Zero hours", position=1)
    first = Theme.objects.create(network=network, name="Workload", position=0)
    case.themes.set([last, first])
    other = create.create_case(create.NewConcern(network=network, narrative="Another story"))
    assign.assign_champion(other, champion, actor=None)
    long_ago = timezone.now() - datetime.timedelta(days=9)
    Case.objects.filter(pk=other.pk).update(
        created=long_ago, first_contact_due=long_ago.date() + datetime.timedelta(days=2)
    )
    page = sign_in(client, champion).get("/cases/").content.decode()
    rows = rows_of(page)
    assert rows[case.reference][1:5] == ["No", "Workload, Zero hours", "Listening", "Made"]
    _, flags, themes, stage, due, _, days = rows[other.reference]
    assert (flags, themes, stage) == ("No", "Not given", "Champion assigned")
    assert due.endswith("Overdue")
    assert days == "9"
    assert f'href="/cases/{other.code}/">{other.reference}</a>' in page


def test_each_row_speaks_welsh_to_a_welsh_reader(client, listening, settings) -> None:
    champion, case = listening
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    rows = rows_of(sign_in(client, champion).get("/cases/").content.decode())
    with translation.override("cy"):
        welsh = [
            pgettext("nothing needs attention", "No"),
            gettext("Not given"),
            gettext(Stage.LISTENING.label),
            pgettext("first contact", "Made"),
        ]
    assert welsh[2] != Stage.LISTENING.label
    assert rows[case.reference][1:5] == welsh
