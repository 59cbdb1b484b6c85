"""Calendar invitations (RFC 5545) that say only "Safe Space meeting", never what about."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from safespace.actions.models import Meeting

SUMMARY = "Safe Space meeting"


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
    event.add("dtstart", meeting.starts)
    event.add("dtend", meeting.starts + datetime.timedelta(minutes=meeting.minutes_long))
    event.add("summary", SUMMARY)
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
    return bytes(calendar.to_ical())
