"""The insight pages, the evaluation report and the Freedom to Speak Up return read in Welsh.

Someone who chose Cymraeg walks every insight page as the lead champion (exact figures, any
dates) and as an insight viewer (controlled figures, one quarter), with the forms' refused
answers, the downloads and the PDF: every message asked for has its Welsh in the catalogue.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from safespace.accounts.models import Theme
from safespace.insights.report_forms import month_number
from tests.helpers import sign_in
from tests.helpers import world as world
from tests.words import untranslated_welsh as untranslated_welsh

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


HOME, REPORT, FTSU, WRITE = (
    reverse("insights:home"),
    reverse("insights:report"),
    reverse("insights:ftsu"),
    reverse("insights:report_write"),
)


def welsh_client(user) -> Client:
    client = Client()
    client.get("/language/cy/")
    sign_in(client, user)
    return client


def test_the_lead_reads_every_insight_page_in_welsh(
    world, network, untranslated_welsh: list[str]
) -> None:
    people, case, _ = world
    Theme.objects.create(network=network, name="Bullying")
    client = welsh_client(people["lead"])
    pages = [
        client.get(HOME),
        client.get(HOME, {"start_day": "31", "start_month": "2", "start_year": "2026"}),
        client.get(HOME, {"start_day": "1", "start_month": "x", "end_year": "26"}),
        client.get(REPORT),
        client.get(REPORT, {"start_month": "13", "start_year": "2026", "end_month": "4"}),
        client.get(FTSU),
        client.get(WRITE),
        client.post(WRITE, {"learning_points": f"See {case.reference}", "context": "x" * 3001}),
    ]
    for page in pages:
        assert page.status_code == 200
        assert 'lang="cy"' in page.content.decode()
    for key in ("key-figures", "by-month", "by-channel", "accountability", "detriment"):
        assert client.get(reverse("insights:export", args=[key, "csv"])).status_code == 200
    assert client.get(reverse("insights:export", args=["by-theme", "xlsx"])).status_code == 200
    assert client.get(reverse("insights:ftsu_csv")).status_code == 200
    pdf = client.get(reverse("insights:report_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert untranslated_welsh == []


def test_an_insight_viewer_reads_controlled_figures_in_welsh(
    world, untranslated_welsh: list[str]
) -> None:
    people, _, _ = world
    client = welsh_client(people["insight"])
    pages = [
        client.get(HOME),
        client.get(HOME, {"quarter": "1999-q9"}),
        client.get(REPORT),
        client.get(FTSU),
        client.get(FTSU, {"quarter": "2999-q1"}),
    ]
    for page in pages:
        assert page.status_code == 200
        assert 'lang="cy"' in page.content.decode()
    refused = client.get(reverse("insights:export", args=["by-theme", "csv"]), {"quarter": "x"})
    assert refused.status_code == 400
    assert client.get(reverse("insights:report_pdf")).status_code == 200
    assert untranslated_welsh == []


def test_a_month_can_be_typed_by_its_name_in_welsh_or_english() -> None:
    with translation.override("cy"):
        assert month_number("Ebrill") == 4
        assert month_number("mai") == 5
        assert month_number("april") == 4
    assert month_number("Ebrill") is None
    assert month_number("Smarch") is None
