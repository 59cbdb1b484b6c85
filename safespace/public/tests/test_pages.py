import re

from django.test import Client
from django.urls import reverse

from safespace.accounts.models import Network


def test_the_start_page_explains_who_sees_what(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Safe Space" in body
    assert "Director of Wellbeing" in body
    assert 'href="/raise/"' in body


def test_every_public_page_has_the_layout(client: Client, network) -> None:
    for path in ["/", "/privacy/", "/accessibility/"]:
        body = client.get(path).content.decode()
        assert 'class="govuk-skip-link"' in body, path
        assert "govuk-phase-banner" in body, path
        assert 'href="/privacy/"' in body and 'href="/accessibility/"' in body, path
        assert "Example Borough Council" in body, path
        assert body.count("Race Equality Network") >= 2, path  # phase banner and footer


def test_the_layout_carries_no_crown_and_no_gds_font(client: Client, db: None) -> None:
    body = client.get("/").content.decode()
    assert "govuk-logo" not in body
    assert "crown" not in body.lower()


def test_the_privacy_notice_names_the_lawful_basis_from_settings(
    client: Client, settings, db: None
) -> None:
    settings.SAFESPACE_LAWFUL_BASIS = "Article 6(1)(e), written by the council"
    body = client.get("/privacy/").content.decode()
    assert "Article 6(1)(e), written by the council" in body
    assert "special category" in body.lower()


def test_the_accessibility_statement_follows_the_public_sector_form(
    client: Client, db: None
) -> None:
    body = client.get("/accessibility/").content.decode()
    assert "Accessibility statement" in body
    assert "Equality Advisory and Support Service" in body
    assert "WCAG" in body or "Web Content Accessibility Guidelines" in body


def test_an_unknown_address_gets_the_404_page_in_the_layout(client: Client, db: None) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "govuk-skip-link" in response.content.decode()


def test_pages_are_never_cached_and_carry_security_headers(client: Client, db: None) -> None:
    response = client.get(reverse("public:home"))
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_the_privacy_notice_gives_the_condition_retention_dpo_and_every_right(
    client: Client, settings, network
) -> None:
    settings.SAFESPACE_SPECIAL_CATEGORY_CONDITION = "Schedule 1 condition chosen by the council"
    settings.SAFESPACE_DPO_CONTACT = "data.protection@council.example"
    Network.objects.filter(pk=network.pk).update(retention_months=36)
    body = client.get("/privacy/").content.decode()
    assert "Schedule 1 condition chosen by the council" in body
    assert "We keep a concern for 3 years after it is closed or withdrawn" in body
    assert 'href="mailto:data.protection@council.example"' in body
    for right in [
        "the right of access",
        "the right to rectification",
        "the right to erasure",
        "the right to restriction of processing",
        "the right to object",
    ]:
        assert right in body, right
    assert "complain to the Information Commissioner" in body
    # An anonymous concern is found by its raiser alone, who can copy or erase it there.
    assert "If you raised your concern anonymously, nobody here can find it" in body
    assert '<a class="govuk-link" href="/track/">return to it</a>' in body
    assert 'href="https://ico.org.uk"' in body


def test_the_privacy_notice_gives_each_networks_own_retention_period(
    client: Client, network, other_network
) -> None:
    Network.objects.filter(pk=other_network.pk).update(retention_months=18)
    body = client.get("/privacy/").content.decode()
    assert "<li>Race Equality Network: 6 years</li>" in body
    assert "<li>Women&#x27;s Network: 18 months</li>" in body


WHO_SEES_WHAT = [
    "You",
    "Your champion",
    "Lead champion",
    "Director of Wellbeing",
    "The senior manager concerned",
    "HR and Inclusion staff",
    "Administrator",
]


def test_the_start_page_shows_how_it_works_and_every_role_in_who_sees_what(
    client: Client, db: None
) -> None:
    body = client.get("/").content.decode()
    assert re.search(r"<h2[^>]*>How it works</h2>", body)
    table = re.search(r'<table class="govuk-table app-who-sees-what">.*?</table>', body, re.S)
    assert table is not None
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>', table.group(0))
    for role in WHO_SEES_WHAT:
        assert role in rows, role


def test_the_accessibility_statement_lists_the_issues_behind_partial_compliance(
    client: Client, db: None
) -> None:
    body = client.get("/accessibility/").content.decode()
    assert "partially compliant" in body
    assert "Non-compliance with the accessibility regulations" in body
    assert "2.2.1 (Timing Adjustable)" in body
    assert "not yet been audited by accessibility specialists" in body
    # Nothing the service does not have or do.
    assert "PDF" not in body
    assert "keyboard-only testing of every page" not in body
