from django.test import Client
from django.urls import reverse


def test_the_start_page_explains_who_sees_what(client: Client, db: None) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Safe Space" in body
    assert "Director of Wellbeing" in body
    assert 'href="/raise/"' in body


def test_every_public_page_has_the_layout(client: Client, db: None) -> None:
    for path in ["/", "/privacy/", "/accessibility/"]:
        body = client.get(path).content.decode()
        assert 'class="govuk-skip-link"' in body, path
        assert "govuk-phase-banner" in body, path
        assert 'href="/privacy/"' in body and 'href="/accessibility/"' in body, path
        assert "Example Borough Council" in body, path


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
