"""Calendar invitations (RFC 5545) that say only "Safe Space meeting", never what about."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from icalendar import Calendar, Event, vCalAddress, vText

from safespace.actions.models import Meeting

# In English, as staff emails are, whatever page sent it; marked for the catalogue all the same.
SUMMARY = gettext_lazy("Safe Space meeting")


def invitation(meeting: Meeting, attendees: list[str], *, cancel: bool = False) -> bytes:
    """The same UID every time; SEQUENCE rises with each change so calendars update in place."""
    calendar = Calendar()
    calendar.add("prodid", "-//Safe Space//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    event = Event()
    event.add("uid", meeting.uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now())
    # In the service's own time zone, with its VTIMEZONE rules (RFC 5545 3.6.5), so every
    # calendar shows the time the champion chose, whatever zone the reader is in.
    starts = timezone.localtime(meeting.starts)
    event.add("dtstart", starts)
    event.add("dtend", starts + datetime.timedelta(minutes=meeting.minutes_long))
    with translation.override(settings.LANGUAGE_CODE):
        event.add("summary", str(SUMMARY))
    event.add("location", meeting.place)
    event.add("status", "CANCELLED" if cancel else "CONFIRMED")
    organiser = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organiser.params["cn"] = vText("Safe Space")
    event["organizer"] = organiser
    for address in sorted(set(attendees)):
        attendee = vCalAddress(f"mailto:{address}")
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    # Only the rules around the meeting's own date, so the file stays small.
    around = starts.date()
    calendar.add_missing_timezones(
        first_date=around - datetime.timedelta(days=366),
        last_date=around + datetime.timedelta(days=366),
    )
    return bytes(calendar.to_ical())
