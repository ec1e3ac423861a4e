"""Public reporting: the no-login form of a site (validation, photo, robots, rate limit), the
posters with their QR code, and the triage of reports into events."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from amelio.core.models import Attachment
from amelio.safety import services
from amelio.safety.models import PublicReport, ReportingLink, SafetyEvent

# The smallest valid PNG (1 x 1 pixel).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
REPORT = {
    "kind": "near_miss",
    "place": "Aisle 3, near the press brakes",
    "description": "A forklift reversed without its beeper; a colleague had to jump aside.",
}


@pytest.fixture
def link(org, coordinator):
    return services.reporting_link(org["a"], coordinator)


def url(link) -> str:
    return f"/safety/report/{link.token}/"


def test_anyone_opens_the_form_without_an_account(client, link):
    page = client.get(url(link), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    content = page.content.decode()
    assert "Report a hazard, a near miss or an idea" in content
    assert "Site A" in content


def test_unknown_or_closed_links_are_not_found(client, link):
    assert client.get("/safety/report/not-a-token/").status_code == 404
    link.active = False
    link.save()
    assert client.get(url(link)).status_code == 404


def test_a_report_lands_in_the_inbox_of_the_site(client, link):
    response = client.post(
        url(link), {**REPORT, "reporter_name": "Paul"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    report = PublicReport.objects.get()
    assert "Thank you, your report is sent." in response.content.decode()
    assert report.reference in response.content.decode()
    assert (report.org_unit, report.status, report.kind) == (link.org_unit, "new", "near_miss")
    assert report.created_by is None
    assert report.reporter_name == "Paul"


def test_a_photo_is_attached_and_other_files_are_refused(client, link):
    photo = SimpleUploadedFile("forklift.png", PNG, content_type="image/png")
    client.post(url(link), {**REPORT, "photo": photo})
    report = PublicReport.objects.get()
    attachment = Attachment.objects.get(object_id=report.pk)
    assert attachment.original_name == "forklift.png"
    script = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    response = client.post(url(link), {**REPORT, "photo": script}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Send a photo (jpg, jpeg, png, webp, gif, heic)." in response.content.decode()
    assert PublicReport.objects.count() == 1


def test_bad_input_gets_a_clear_message_and_nothing_is_saved(client, link):
    response = client.post(
        url(link), {"kind": "", "description": "help"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Describe what you saw in a few words (10 characters)." in content
    assert "This field is required." in content
    assert not PublicReport.objects.exists()


def test_french_messages_for_french_phones(client, link):
    response = client.post(url(link), {"kind": "hazard", "description": "trou"})
    assert "Décrivez ce que vous avez vu en quelques mots (10 caractères)." in (
        response.content.decode()
    )


def test_robots_filling_the_hidden_field_are_answered_but_not_kept(client, link):
    response = client.post(url(link), {**REPORT, "website": "http://spam.example"})
    assert response.status_code == 200
    assert not PublicReport.objects.exists()


def test_reports_are_limited_per_device_and_hour(client, link, settings):
    settings.AMELIO_PUBLIC_REPORTS_PER_HOUR = 5
    for _index in range(5):
        assert client.post(url(link), REPORT).status_code == 200
    refused = client.post(url(link), REPORT, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many reports from this device in the last hour." in refused.content.decode()
    assert PublicReport.objects.count() == 5
    other_device = client.post(url(link), REPORT, REMOTE_ADDR="10.0.0.9")
    assert other_device.status_code == 200
    assert PublicReport.objects.count() == 6


def test_behind_a_proxy_each_device_counts_apart(client, link, settings):
    settings.AMELIO_PUBLIC_REPORTS_PER_HOUR = 1
    settings.AMELIO_BEHIND_PROXY = True
    assert client.post(url(link), REPORT, HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 200
    assert client.post(url(link), REPORT, HTTP_X_FORWARDED_FOR="10.1.1.2").status_code == 200
    assert client.post(url(link), REPORT, HTTP_X_FORWARDED_FOR="10.1.1.1").status_code == 429
    # A forged first entry does not make a new device: the proxy's entry comes last.
    forged = client.post(url(link), REPORT, HTTP_X_FORWARDED_FOR="1.2.3.4, 10.1.1.1")
    assert forged.status_code == 429
    assert PublicReport.objects.count() == 2


def test_triage_turns_a_report_into_an_event_with_its_photo(
    client, link, org, coordinator, client_for
):
    photo = SimpleUploadedFile("forklift.png", PNG, content_type="image/png")
    client.post(url(link), {**REPORT, "photo": photo})
    report = PublicReport.objects.get()
    staff = client_for(coordinator)
    detail = staff.get(f"/safety/reports/{report.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Triage into an event" in detail.content.decode()
    response = staff.post(
        f"/safety/reports/{report.pk}/triage/",
        {
            "title": "Forklift without beeper",
            "event_type": "near_miss",
            "org_unit": org["a_unit"].pk,
        },
    )
    event = SafetyEvent.objects.get()
    assert response.url == f"/safety/events/{event.pk}/"
    assert (event.title, event.event_type, event.org_unit) == (
        "Forklift without beeper",
        "near_miss",
        org["a_unit"],
    )
    assert event.place == REPORT["place"]
    report.refresh_from_db()
    assert (report.status, report.event) == ("triaged", event)
    assert Attachment.objects.filter(object_id=event.pk, original_name="forklift.png").exists()
    again = staff.post(
        f"/safety/reports/{report.pk}/triage/",
        {"title": "Twice", "event_type": "near_miss", "org_unit": org["a"].pk},
    )
    assert again.status_code == 302
    assert SafetyEvent.objects.count() == 1


def test_triage_is_for_who_may_change_the_site(client, link, org, employee, outsider, client_for):
    client.post(url(link), REPORT)
    report = PublicReport.objects.get()
    data = {"title": "x", "event_type": "near_miss", "org_unit": org["a"].pk}
    assert (
        client_for(employee).post(f"/safety/reports/{report.pk}/triage/", data).status_code == 403
    )
    assert (
        client_for(outsider).post(f"/safety/reports/{report.pk}/triage/", data).status_code == 404
    )
    assert not SafetyEvent.objects.exists()


def test_posters_give_each_site_its_qr_code(org, manager, client_for):
    client = client_for(manager)
    page = client.get("/safety/reports/posters/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert [e["site"] for e in page.context["entries"]] == [org["a"]]
    client.post(f"/safety/posters/{org['a'].pk}/link/", {"do": "open"})
    link = ReportingLink.objects.get(org_unit=org["a"])
    page = client.get("/safety/reports/posters/")
    assert "<svg" in page.content.decode()
    assert link.token in page.content.decode()
    poster = client.get(f"/safety/posters/{org['a'].pk}/?lang=en")
    assert "Seen something dangerous?" in poster.content.decode()
    old = link.token
    client.post(f"/safety/posters/{org['a'].pk}/link/", {"do": "renew"})
    link.refresh_from_db()
    assert link.token != old
    client.post(f"/safety/posters/{org['a'].pk}/link/", {"do": "close"})
    link.refresh_from_db()
    assert not link.active


def test_posters_are_for_who_may_change_a_site(org, reader, outsider, client_for):
    assert client_for(reader).get("/safety/reports/posters/").status_code == 403
    assert client_for(outsider).get(f"/safety/posters/{org['a'].pk}/").status_code == 404


def test_an_idea_is_answered_by_an_improvement_action(client, link, org, coordinator):
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import translation

    from amelio.actions.models import Action
    from amelio.actions.services import action_link
    from amelio.core.services import record_create, record_transition

    client.post(url(link), {**REPORT, "kind": "idea"})
    report = PublicReport.objects.get()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        record_transition(record=report, user=coordinator, name="answer")
    assert error.value.messages == ["Create or link the action that answers this report first."]
    action = Action(
        title="Rear-view cameras on the forklifts",
        action_type="improvement",
        org_unit=org["a"],
        owner=coordinator,
        due_date=dt.date(2027, 3, 1),
    )
    record_create(record=action, user=coordinator)
    action_link(action=action, record=report, user=coordinator, role="improvement")
    assert record_transition(record=report, user=coordinator, name="answer").status == "triaged"
