"""The pages that say "not this time": changed meanwhile (409), busy (503) and unreadable (400).

Each is reached as a person would reach it and checked by axe-core, at full width and at 320 px.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.helpers import check_both_widths, manage, sign_in

RENDER = (
    "from django.contrib.auth.models import AnonymousUser\n"
    "from django.contrib.sessions.backends.signed_cookies import SessionStore\n"
    "from django.test import RequestFactory\n"
    "from safespace.lib.busy import busy_page\n"
    "request = RequestFactory().post('/raise/check-your-answers/')\n"
    "request.user = AnonymousUser()\n"
    "request.session = SessionStore()\n"
    "print(busy_page(request).content.decode())\n"
)


def test_a_profile_changed_in_another_tab_is_answered_accessibly(server: str, page: Page) -> None:
    sign_in(page, server, "lead@example.org")
    page.goto(server + "/champions/")
    page.get_by_role("link", name="Priya Sharma").first.click()
    profile = page.url
    other = page.context.new_page()
    other.goto(profile)
    other.get_by_label("How many open cases can they take at once?").fill("1")
    other.get_by_role("button", name=re.compile("Save")).click()
    other.close()

    page.get_by_label("How many open cases can they take at once?").fill("4")
    page.get_by_role("button", name=re.compile("Save")).click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "changed this profile while you had this page open"
    )
    check_both_widths(page)


def test_the_busy_page_is_accessible(server: str, page: Page) -> None:
    html = manage("shell", "-v", "0", "-c", RENDER)
    assert "busy" in html.lower()
    page.route(
        server + "/busy/",
        lambda route: route.fulfill(status=503, body=html, content_type="text/html"),
    )
    page.goto(server + "/busy/")
    check_both_widths(page)


def test_an_unreadable_form_is_answered_accessibly(server: str, page: Page) -> None:
    page.goto(server + "/track/")
    sent = page.request.post(
        server + "/track/",
        data="receipt=%E9t%E9",
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=latin-1"},
    )
    assert sent.status in (400, 403)
    html = sent.text()
    page.route(
        server + "/unreadable/",
        lambda route: route.fulfill(status=sent.status, body=html, content_type="text/html"),
    )
    page.goto(server + "/unreadable/")
    expect(page.locator("h1")).to_be_visible()
    check_both_widths(page)
