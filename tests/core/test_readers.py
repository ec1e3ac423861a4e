"""What a person reads for a date and time is in the local time zone (Europe/Paris), in
lists, detail pages, history and exports alike: the value stored in UTC is never shown."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from amelio.audits.models import Audit
from amelio.core.readers import field_value


def test_an_aware_time_is_read_in_the_local_time_zone(settings):
    settings.TIME_ZONE = "Europe/Paris"
    audit = Audit(opening_at=dt.datetime(2026, 12, 7, 15, 42, tzinfo=dt.UTC))
    with translation.override("fr"):
        assert field_value(audit, "opening_at") == "07/12/2026 16:42"
    summer = Audit(opening_at=dt.datetime(2026, 7, 1, 6, 5, tzinfo=dt.UTC))
    with translation.override("fr"):
        assert field_value(summer, "opening_at") == "01/07/2026 08:05"
