"""Every word a raiser reads goes through translation.

The pages are drawn in a pseudo-language: every translated string comes back wrapped in ⟦ ⟧. A
visible word left outside the marks was written into a template or the code without being
marked, so no catalogue could ever translate it. What the service is set up with (the
organisation, its networks, themes and directorates, the settings the privacy notice quotes),
what the raiser typed and the codes they are given are not the service's own words, and are
taken out first.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.utils import timezone

from safespace.accounts.models import Directorate, Network, Role, User
from safespace.aftercare import services as aftercare
from safespace.aftercare.models import Outcome
from safespace.cases.models import Case, Stage
from safespace.cases.services import assign, create, stages
from safespace.cases.services import messages as case_messages
from safespace.champions import services as champion_services
from safespace.champions.models import Application, Review
from tests.helpers import PASSWORD, answer_every_question, sign_in
from tests.words import CLOSE, OPEN, TOO_LONG, english_left
from tests.words import pseudo as pseudo
from tests.words import untranslated_welsh as untranslated_welsh

pytestmark = pytest.mark.django_db(databases=["default", "keys"])


def pages(client: Client) -> Iterator[tuple[str, str]]:
    """Every public and raiser page, walking the raise form as a raiser would: each question,
    each refused answer, the check, the receipt, /track/, and their own concern's pages."""
    for address in ("/", "/privacy/", "/accessibility/", "/raise/", "/track/", "/no-such-page/"):
        yield address, client.get(address).content.decode()
    yield (
        "/track/ refused",
        client.post("/track/", {"receipt": "AAAA", "passphrase": "x"}).content.decode(),
    )
    client.post("/raise/race-equality/")
    refusals = {
        "what-happened": {"narrative": TOO_LONG},
        "directorates": {"about": "person"},
        "what-you-want": {},
        "contact": {"method": "phone", "phone": "not a number"},
        "about-you": {"named": "yes"},
        "sharing": {},
        "hr-watch": {"hr_watch": "yes"},
        "passphrase": {"choice": "own", "own": "short"},
    }
    for slug, wrong in refusals.items():
        yield f"/raise/{slug}/", client.get(f"/raise/{slug}/").content.decode()
        yield f"/raise/{slug}/ refused", client.post(f"/raise/{slug}/", wrong).content.decode()
    team = {
        "about": "team",
        "team_name": "Repairs",
        "team_directorate": Directorate.objects.get().pk,
    }
    answer_every_question(client, directorates=team)
    yield "/raise/hold/", client.get("/raise/hold/").content.decode()
    yield "/raise/hold/ refused", client.post("/raise/hold/", {}).content.decode()
    client.post("/raise/hold/", {"hold": "no"})
    yield "/raise/check-your-answers/", client.get("/raise/check-your-answers/").content.decode()
    client.post("/raise/check-your-answers/")
    confirmation = client.get("/raise/confirmation/").content.decode()
    yield "/raise/confirmation/", confirmation
    client.post("/raise/confirmation/")
    case = Case.objects.get()
    case_messages.send_message(case, "We can meet on Tuesday.", from_raiser=False, author=None)
    for address in ("/track/concern/", "/track/concern/withdraw/", "/track/concern/erase/"):
        yield address, client.get(address).content.decode()
    yield "message refused", client.post("/track/concern/message/", {"body": " "}).content.decode()
    # Closed, with a summary, feedback to give and a check-in due.
    lead = User.objects.create_user("closer@example.org", "x" * 16, full_name="Closer")
    case.refresh_from_db()
    for stage in (Stage.ASSIGNED, Stage.LISTENING):
        stages.move(case, stage)
    aftercare.close(case, lead, outcome=Outcome.PARTLY, formal_process="", summary="Agreed.")
    case.check_ins.update(due=timezone.localdate())
    yield "/track/concern/ closed", client.get("/track/concern/").content.decode()
    for address in ("/track/concern/feedback/", "/track/concern/check-in/"):
        yield address, client.get(address).content.decode()
        yield f"{address} refused", client.post(address, {}).content.decode()
    yield "signed out", client.post("/track/leave/", follow=True).content.decode()


def more_pages(client: Client, language: str = "en-gb") -> Iterator[tuple[str, str]]:
    """A held concern released, one withdrawn unread, one erased, answers forgotten, and the
    choice of network when there are several."""
    client.post("/raise/race-equality/")
    yield "forgotten", client.post("/raise/forget/", follow=True).content.decode()
    held = {"hold": {"hold": "yes"}}
    for step in ("release", "withdraw", "erase"):
        raiser = Client()
        raiser.get(f"/language/{language}/")
        raiser.post("/raise/race-equality/")
        person = {"about": "person", "person_name": "Sam Example", "person_email": ""}
        person["person_directorate"] = str(Directorate.objects.get().pk)
        answer_every_question(raiser, directorates=person)
        raiser.post("/raise/hold/", held["hold"])
        raiser.post("/raise/check-your-answers/")
        yield f"confirmation held {step}", raiser.get("/raise/confirmation/").content.decode()
        raiser.post("/raise/confirmation/")
        yield f"/track/concern/ held {step}", raiser.get("/track/concern/").content.decode()
        address = f"/track/concern/{step}/"
        yield address, raiser.get(address).content.decode()
        page = raiser.get(address).content.decode()
        token = re.search(r'name="once" value="([^"]+)"', page)
        sent = {"once": token.group(1)} if token else {}
        yield f"{address} sent", raiser.post(address, sent, follow=True).content.decode()
    Network.objects.create(name="Women's Network", slug="womens")
    chooser = Client()
    chooser.get(f"/language/{language}/")
    yield "/raise/ choose", chooser.get("/raise/", follow=True).content.decode()
    yield "/raise/ choose refused", chooser.get("/raise/?choose=yes").content.decode()


def test_every_word_a_raiser_reads_is_translated(client: Client, network, pseudo) -> None:
    Directorate.objects.create(name="Place")
    untranslated = {}
    walked = {**dict(pages(client)), **dict(more_pages(Client()))}
    # The walk reached the end of the form and the raiser's own page.
    assert "We can meet on Tuesday." in walked["/track/concern/"]
    assert f"{OPEN}Your concern{CLOSE}" in walked["/track/concern/"]
    assert f"{OPEN}Your concern has been deleted{CLOSE}" in walked["/track/concern/withdraw/ sent"]
    assert f"{OPEN}Your concern has been erased{CLOSE}" in walked["/track/concern/erase/ sent"]
    assert f"{OPEN}Tell us how it went{CLOSE}" in walked["/track/concern/feedback/"]
    for address, page in walked.items():
        left = english_left(page)
        if left:
            untranslated[address] = " ".join(left)
    assert not untranslated, untranslated


def test_the_check_finds_a_word_left_unmarked(client: Client, network, pseudo) -> None:
    page = client.get("/").content.decode()
    assert english_left(page) == []
    assert english_left(page.replace("</main>", "<p>Left behind</p></main>")) == ["Left", "behind"]


def test_every_message_a_raiser_reads_has_its_welsh(
    client: Client, network, untranslated_welsh: list[str]
) -> None:
    Directorate.objects.create(name="Place")
    client.get("/language/cy/")
    walked = dict(pages(client))
    other = Client()
    other.get("/language/cy/")
    walked.update(more_pages(other, "cy"))
    assert 'lang="cy"' in walked["/track/concern/"]
    assert untranslated_welsh == []


def sign_in_pages(client: Client, make_user: Callable[..., User]) -> Iterator[tuple[str, str]]:
    """The staff sign-in, its second factor, the staff home page and signing out."""
    yield "/accounts/login/", client.get("/accounts/login/").content.decode()
    wrong = {"email": "nobody@example.org", "password": "not it"}
    yield "/accounts/login/ refused", client.post("/accounts/login/", wrong).content.decode()
    user = make_user("lead@example.org", (Network.objects.get(), Role.LEAD))
    client.post("/accounts/login/", {"email": user.email, "password": PASSWORD})
    yield "/accounts/two-factor/", client.get("/accounts/two-factor/").content.decode()
    refused = client.post("/accounts/two-factor/", {"token": "000000"}).content.decode()
    yield "/accounts/two-factor/ refused", refused
    sign_in(client, user)
    yield "/accounts/", client.get("/accounts/").content.decode()
    yield "signed out", client.post("/accounts/sign-out/", follow=True).content.decode()


def test_every_word_of_signing_in_is_translated(client: Client, network, make_user, pseudo) -> None:
    untranslated = {}
    for address, page in sign_in_pages(client, make_user):
        # The person's own name and address are theirs, not the service's words.
        left = english_left(
            page, *User.objects.values_list("full_name", flat=True), "lead@example.org"
        )
        if left:
            untranslated[address] = " ".join(left)
    assert not untranslated, untranslated


def test_signing_in_has_its_welsh(
    client: Client, network, make_user, untranslated_welsh: list[str]
) -> None:
    client.get("/language/cy/")
    walked = dict(sign_in_pages(client, make_user))
    assert "Mewngofnodi" in walked["/accounts/login/"]
    assert untranslated_welsh == []


def closing_pages(client: Client, make_user: Callable[..., User]) -> Iterator[tuple[str, str]]:
    """A champion closing and reopening a case, and the lead keeping one past its time."""
    network = Network.objects.get()
    case = create.create_case(create.NewConcern(network=network, narrative="Left out."))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    assign.assign_champion(case, champion, actor=None)
    stages.move(case, Stage.LISTENING)
    sign_in(client, champion)
    close = f"/cases/{case.code}/close/"
    yield close, client.get(close).content.decode()
    yield f"{close} refused", client.post(close, {"outcome": "formal"}).content.decode()
    aftercare.close(case, champion, outcome=Outcome.RESOLVED, formal_process="", summary="Done.")
    reopen = f"/cases/{case.code}/reopen/"
    yield reopen, client.get(reopen).content.decode()
    yield f"{reopen} refused", client.post(reopen, {}).content.decode()
    # Closed long enough ago to be due to be shredded.
    case.closures.update(closed_at=timezone.now() - datetime.timedelta(days=366 * 7))
    lead = make_user("lead@example.org", (network, Role.LEAD))
    sign_in(client, lead)
    yield "/cases/retention/", client.get("/cases/retention/").content.decode()
    keep = f"/cases/retention/{case.code}/keep/"
    yield keep, client.get(keep).content.decode()
    yield f"{keep} refused", client.post(keep, {"reason": "short"}).content.decode()


def test_every_word_of_closing_a_case_is_translated(
    client: Client, network, make_user, pseudo
) -> None:
    walked = dict(closing_pages(client, make_user))
    assert f"{OPEN}Keep longer" in walked["/cases/retention/"]
    untranslated = {}
    for address, page in walked.items():
        names = User.objects.values_list("full_name", flat=True)
        left = english_left(page, *names, "champion@example.org", "lead@example.org")
        if left:
            untranslated[address] = " ".join(left)
    assert not untranslated, untranslated


def test_closing_a_case_has_its_welsh(
    client: Client, network, make_user, untranslated_welsh: list[str]
) -> None:
    client.get("/language/cy/")
    walked = dict(closing_pages(client, make_user))
    assert "Cau'r achos" in html.unescape(walked[next(iter(walked))])
    assert untranslated_welsh == []


def champion_pages(client: Client, make_user: Callable[..., User]) -> Iterator[tuple[str, str]]:
    """Offering to be a champion; the lead's pool, recruitment, reviews and terms; a champion's
    terms and wellbeing check-in."""
    network = Network.objects.get()
    yield (
        "/champions/become-a-champion/",
        client.get("/champions/become-a-champion/").content.decode(),
    )
    refused = client.post("/champions/become-a-champion/", {"email": "x"}).content.decode()
    yield "/champions/become-a-champion/ refused", refused
    yield (
        "/champions/become-a-champion/thank-you/",
        client.get("/champions/become-a-champion/thank-you/").content.decode(),
    )
    champion_services.apply(network, "Ada Example", "ada@example.org", None, "To help.")
    lead = make_user("lead@example.org", (network, Role.LEAD))
    champion = make_user("champion@example.org", (network, Role.CHAMPION))
    champion_services.publish_terms(network, "Listen well.", lead)
    champion_services.schedule_review(network, timezone.now(), "Room 1", lead)
    sign_in(client, lead)
    for address in ("/champions/", "/champions/coverage/", "/champions/workload/"):
        yield address, client.get(address).content.decode()
    for address in ("/champions/applications/", "/champions/reviews/", "/champions/terms/new/"):
        yield address, client.get(address).content.decode()
        yield f"{address} refused", client.post(address, {}).content.decode()
    application = Application.objects.get()
    address = f"/champions/applications/{application.code}/"
    yield address, client.get(address).content.decode()
    review = Review.objects.get()
    yield (
        "/champions/reviews/ one",
        client.get(f"/champions/reviews/{review.code}/").content.decode(),
    )
    address = f"/champions/{champion.code}/"
    yield address, client.get(address).content.decode()
    yield f"{address} refused", client.post(address, {"capacity": "x"}).content.decode()
    sign_in(client, champion)
    for address in ("/champions/terms/", "/champions/wellbeing/"):
        yield address, client.get(address).content.decode()
        yield f"{address} refused", client.post(address, {}).content.decode()


def test_every_word_of_the_champion_pages_is_translated(
    client: Client, network, make_user, pseudo
) -> None:
    walked = dict(champion_pages(client, make_user))
    assert f"{OPEN}Everyone who can take cases{CLOSE}" in walked["/champions/"]
    untranslated = {}
    for address, page in walked.items():
        names = User.objects.values_list("full_name", flat=True)
        typed = ("Ada Example", "ada@example.org", "To help.", "Listen well.", "Room 1", "x")
        left = english_left(page, *names, *typed, "champion@example.org", "lead@example.org")
        if left:
            untranslated[address] = " ".join(left)
    assert not untranslated, untranslated


def test_the_champion_pages_have_their_welsh(
    client: Client, network, make_user, untranslated_welsh: list[str]
) -> None:
    client.get("/language/cy/")
    walked = dict(champion_pages(client, make_user))
    assert "Dod yn hyrwyddwr Lle Diogel" in walked["/champions/become-a-champion/"]
    assert untranslated_welsh == []
