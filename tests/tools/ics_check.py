"""Reads a calendar file with the icalendar library (not ours) and prints what it found
as JSON, for tests/calendar_ics.rs. Fails on anything the library could not parse."""
import json
import sys

from icalendar import Calendar

data = open(sys.argv[1], "rb").read()
cal = Calendar.from_ical(data)
errors = [(c.name, e) for c in cal.walk() for e in getattr(c, "errors", [])]
if errors:
    sys.exit(f"parse errors: {errors}")
events = []
for ev in cal.walk("VEVENT"):
    events.append({
        "uid": str(ev["UID"]),
        "summary": str(ev["SUMMARY"]),
        "start": ev.decoded("DTSTART").isoformat(),
        "end": ev.decoded("DTEND").isoformat(),
        "status": str(ev.get("STATUS", "")),
        "sequence": int(ev.get("SEQUENCE", 0)),
        "location": str(ev.get("LOCATION", "")),
    })
print(json.dumps({
    "version": str(cal.get("VERSION")),
    "name": str(cal.get("X-WR-CALNAME")),
    "timezones": [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")],
    "events": events,
}, ensure_ascii=False))
