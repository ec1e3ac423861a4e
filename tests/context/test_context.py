"""Context issues, interested parties and the boards built from them."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from amelio.context.models import ContextIssue, InterestedParty
from amelio.context.views import _zone
from amelio.core import services


def issue(org, user, unit="a", **extra):
    values = {
        "title": "Issue",
        "org_unit": org[unit],
        "origin": "external",
        "swot": "threat",
        "pestel": "economic",
        **extra,
    }
    return services.record_create(record=ContextIssue(**values), user=user)


@pytest.mark.parametrize(
    ("origin", "swot", "pestel", "field"),
    [
        ("internal", "threat", "", "swot"),
        ("internal", "opportunity", "", "swot"),
        ("external", "strength", "legal", "swot"),
        ("external", "weakness", "", "swot"),
        ("internal", "strength", "legal", "pestel"),
    ],
)
def test_swot_and_pestel_rules(origin, swot, pestel, field):
    record = ContextIssue(origin=origin, swot=swot, pestel=pestel)
    with pytest.raises(ValidationError) as error:
        record.clean()
    assert list(error.value.message_dict) == [field]


@pytest.mark.parametrize(
    ("origin", "swot", "pestel"),
    [
        ("internal", "strength", ""),
        ("internal", "weakness", ""),
        ("external", "opportunity", "social"),
        ("external", "threat", ""),
    ],
)
def test_valid_swot_combinations(origin, swot, pestel):
    ContextIssue(origin=origin, swot=swot, pestel=pestel).clean()


def test_form_shows_the_rule_on_the_field(client_for, org, manager):
    with translation.override("en"):
        response = client_for(manager).post(
            "/context/issues/add/",
            {
                "title": "Ageing workforce",
                "org_unit": org["a"].pk,
                "origin": "internal",
                "swot": "threat",
                "domain": "qhse",
                "impact": 3,
                "trend": "stable",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.context["form"].errors["swot"] == [
            "An internal issue is a strength or a weakness."
        ]
    assert ContextIssue.objects.count() == 0


@pytest.mark.parametrize(
    ("influence", "interest", "zone", "strategy"),
    [
        (4, 4, "manage", "Manage closely"),
        (3, 3, "manage", "Manage closely"),
        (4, 1, "satisfy", "Keep satisfied"),
        (2, 4, "inform", "Keep informed"),
        (2, 2, "monitor", "Monitor"),
        (1, 1, "monitor", "Monitor"),
    ],
)
def test_influence_interest_strategy(influence, interest, zone, strategy):
    assert _zone(influence, interest) == zone
    with translation.override("en"):
        assert InterestedParty(influence=influence, interest=interest).strategy == strategy


def test_swot_board_places_issues_in_their_quadrant(client_for, org, coordinator, manager):
    threat = issue(org, coordinator, title="Energy prices")
    strength = issue(
        org, coordinator, title="Skilled machinists", origin="internal", swot="strength", pestel=""
    )
    issue(org, coordinator, unit="b", title="Other site threat")
    response = client_for(manager).get("/context/issues/swot/")
    quadrants = {q["value"]: q["records"] for q in response.context["quadrants"]}
    assert quadrants == {
        "strength": [strength],
        "weakness": [],
        "opportunity": [],
        "threat": [threat],
    }


def test_swot_board_takes_the_list_filters(client_for, org, coordinator):
    issue(org, coordinator, title="Energy prices", impact=4)
    issue(org, coordinator, title="Minor", impact=1)
    response = client_for(coordinator).get("/context/issues/swot/", {"impact": 4})
    threats = next(q for q in response.context["quadrants"] if q["value"] == "threat")
    assert [r.title for r in threats["records"]] == ["Energy prices"]


def test_pestel_view_groups_external_issues(client_for, org, coordinator):
    legal = issue(org, coordinator, title="REACH", pestel="legal")
    unclassified = issue(org, coordinator, title="Unclassified", pestel="")
    response = client_for(coordinator).get("/context/issues/pestel/")
    columns = {c["value"]: c["records"] for c in response.context["columns"]}
    assert columns["legal"] == [legal]
    assert response.context["unclassified"] == [unclassified]


def test_influence_grid_places_parties(client_for, org, coordinator):
    party = services.record_create(
        record=InterestedParty(
            name="DREAL",
            category="authority",
            needs="Compliance",
            influence=4,
            interest=2,
            org_unit=org["root"],
        ),
        user=coordinator,
    )
    response = client_for(coordinator).get("/context/parties/grid/")
    top_row = response.context["rows"][0]
    assert top_row["influence"] == 4
    cell = next(c for c in top_row["cells"] if c["interest"] == 2)
    assert (cell["records"], cell["zone"]) == ([party], "satisfy")


def test_policy_approval_through_the_page(client_for, org, coordinator, django_user_model):
    from amelio.context.models import ManagementText
    from amelio.core.models import RoleAssignment

    text = services.record_create(
        record=ManagementText(
            kind="policy",
            title="Policy",
            version_label="1",
            body="Commitments",
            org_unit=org["root"],
        ),
        user=coordinator,
    )
    client = client_for(coordinator)
    client.post(f"/context/texts/{text.pk}/transition/submit/", follow=True)
    with translation.override("en"):
        refused = client.post(
            f"/context/texts/{text.pk}/transition/approve/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
        )
        assert [str(m) for m in refused.context["messages"]] == [
            "A text is approved by someone other than its author."
        ]
    text.refresh_from_db()
    assert text.status == "review"
    director = django_user_model.objects.create_user("director", password="pw")
    RoleAssignment.objects.create(user=director, org_unit=org["root"], role="administrator")
    client_for(director).post(f"/context/texts/{text.pk}/transition/approve/")
    text.refresh_from_db()
    assert (text.status, text.approved_by) == ("approved", director)


def approved_policy(org, coordinator, django_user_model, label="3"):
    from amelio.context.models import ManagementText
    from amelio.core.models import RoleAssignment

    director = django_user_model.objects.create_user(f"director{label}", password="pw")
    RoleAssignment.objects.create(user=director, org_unit=org["root"], role="administrator")
    text = services.record_create(
        record=ManagementText(
            kind="policy",
            title="Policy",
            version_label=label,
            body="Commitments",
            org_unit=org["root"],
        ),
        user=coordinator,
    )
    services.record_transition(record=text, user=coordinator, name="submit")
    return services.record_transition(record=text, user=director, name="approve")


def test_an_approved_text_is_not_edited_in_place(client_for, org, coordinator, django_user_model):
    text = approved_policy(org, coordinator, django_user_model)
    client = client_for(coordinator)
    assert client.get(f"/context/texts/{text.pk}/edit/").status_code == 302
    response = client.post(
        f"/context/texts/{text.pk}/edit/",
        {
            "kind": "policy",
            "title": "Changed",
            "org_unit": org["root"].pk,
            "version_label": "3",
            "body": "Other",
            "version": text.version,
        },
    )
    assert response.status_code == 200
    text.refresh_from_db()
    assert text.title == "Policy"


def test_new_version_starts_a_draft_copy(client_for, org, coordinator, django_user_model):
    from amelio.context.models import ManagementText
    from amelio.context.services import next_version_label

    text = approved_policy(org, coordinator, django_user_model)
    client = client_for(coordinator)
    response = client.post(f"/context/texts/{text.pk}/new-version/")
    draft = ManagementText.objects.exclude(pk=text.pk).get()
    assert response.url == f"/context/texts/{draft.pk}/edit/"
    assert (draft.status, draft.version_label, draft.body) == ("draft", "4", "Commitments")
    again = client.post(f"/context/texts/{text.pk}/new-version/")
    assert again.status_code == 302
    assert ManagementText.objects.count() == 2
    detail = client.get(f"/context/texts/{text.pk}/")
    assert [v.pk for v in detail.context["versions"]] == [draft.pk, text.pk]
    assert next_version_label("2027-A") == "2027-A.1"


def test_new_version_is_refused_to_outsiders(
    client_for, org, coordinator, outsider, django_user_model
):
    text = approved_policy(org, coordinator, django_user_model)
    assert client_for(outsider).post(f"/context/texts/{text.pk}/new-version/").status_code == 404


def test_a_contributor_cannot_start_a_new_version(
    client_for, org, coordinator, employee, django_user_model
):
    from amelio.context.models import ManagementText

    text = approved_policy(org, coordinator, django_user_model)
    text.org_unit = org["a"]
    text.save()
    client_for(employee).post(f"/context/texts/{text.pk}/new-version/")
    assert ManagementText.objects.count() == 1


def test_search_leaves_archived_records_out(client_for, org, coordinator):
    kept = issue(org, coordinator, title="Energy prices")
    archived = issue(org, coordinator, title="Energy tax")
    services.record_archive(record=archived, user=coordinator)
    response = client_for(coordinator).get("/search/", {"q": "Energy"})
    assert [r for group in response.context["results"] for r in group["records"]] == [kept]
