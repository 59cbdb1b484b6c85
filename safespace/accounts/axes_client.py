"""What django-axes may write in a log line about a failed sign-in: nothing that identifies."""

from __future__ import annotations

from django.http import HttpRequest


def describe_client(
    username: str, ip_address: str, user_agent: str, path_info: str, request: HttpRequest
) -> str:
    # Lockout still counts by email and address; the log only needs to say it happened.
    return "a sign-in attempt (email, address and browser not logged)"
