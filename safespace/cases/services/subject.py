"""Finding the concerns a person raised under their name, to answer their data protection request.

A named concern keeps the raiser's name and contact details sealed with its own key, and, when
they raised it signed in, only a keyed link to their account (safespace/cases/raisers.py). So
no query can search them: each candidate's name and contact details are opened here, in the
server's memory, and compared with what the data protection officer typed. Only a match is shown
to anyone, so only a match is recorded as read (on the raiser's list of who opened their
concern); a concern that does not match is never shown, and nothing of it leaves this function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import QuerySet

from safespace.accounts.models import User
from safespace.audit.actions import AuditAction
from safespace.audit.casework import audit_case
from safespace.cases.models import Case
from safespace.cases.raisers import link_for
from safespace.cases.services.sealed import CONTACT, NAME, case_row
from safespace.keystore import crypto
from safespace.keystore.models import CaseKey
from safespace.keystore.router import KEYS

EMAIL = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+")


def words(text: str) -> list[str]:
    """A name as words to compare: case and spacing do not matter."""
    return text.casefold().split()


def emails(text: str) -> set[str]:
    """Every email address written in a text, lower-cased."""
    return {found.casefold().rstrip(".") for found in EMAIL.findall(text)}


def names_match(query: str, name: str) -> bool:
    """Every word typed is a word of the name: "Ada Example" finds "Ada B. Example"."""
    typed, held = words(query), words(name)
    return bool(typed) and all(word in held for word in typed)


@dataclass(frozen=True)
class Found:
    case: Case
    name: str  # as they gave it, or their account's name when they gave none
    how: str  # in words: what matched


def _accounts(query: str) -> list[User]:
    if "@" in query:
        return list(User.objects.filter(email__iexact=query.strip()))
    first = words(query)[0] if words(query) else ""
    return [
        u
        for u in User.objects.filter(full_name__icontains=first)
        if names_match(query, u.full_name)
    ]


def find(candidates: QuerySet[Case], query: str, actor: User, role: str) -> list[Found]:
    """The candidate concerns raised by the person with this name or work email, newest first.

    A concern matches when the name it was given with has every word typed, when its contact
    details hold the email typed, or when it was raised signed in to an account with that name
    or email. Shredded concerns can no longer be opened, and are not found. Each match is
    recorded as read by `actor` in `role`.
    """
    by_email = "@" in query
    accounts = {link_for(u.code): u for u in _accounts(query)}
    rows = list(candidates.select_related("network").order_by("-created"))
    keyed = set(
        CaseKey.objects.using(KEYS)
        .filter(case_code__in=[c.code for c in rows])
        .values_list("case_code", flat=True)
    )
    found: list[Found] = []
    for case in rows:
        if case.code not in keyed:
            continue
        name = crypto.unseal(case.code, NAME, bytes(case.raiser_name or b""), case_row(case))
        account = accounts.get(case.raiser_link) if case.raiser_link else None
        if account is not None:
            how = f"Raised while signed in as {account.email}"
        elif by_email:
            contact = crypto.unseal(
                case.code, CONTACT, bytes(case.contact_details or b""), case_row(case)
            )
            if query.strip().casefold() not in emails(contact):
                continue
            how = "The email is in the contact details given"
        elif names_match(query, name):
            how = "The name given with the concern"
        else:
            continue
        found.append(Found(case=case, name=name or (account.full_name if account else ""), how=how))
    for match in found:
        audit_case(actor, AuditAction.CASE_FOUND_READ, match.case, role=role)
    return found
