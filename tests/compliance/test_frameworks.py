"""Standards frameworks and gap assessments: installing the shipped clause trees (and again,
changing nothing), the copyright rule, a user's framework from a workbook, a clause answered
once shown as covered in every mapped standard of the site, the scores per chapter and the
radar, the statement of applicability, the scoping of every page, and the audit programme's
clauses and checklist questions taken from a framework."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook as OpenWorkbook
from openpyxl import load_workbook

from amelio.audits import checklist_builder
from amelio.audits.models import AuditProgramme, ProgrammeClause
from amelio.compliance import frameworks as fw
from amelio.compliance.models import Clause, ClauseAnswer, Framework, GapAssessment
from amelio.compliance.reference_data import DATA, framework_data, shipped_frameworks
from amelio.core.services import record_create, record_transition

SHIPPED = {key: framework_data(key) for key in shipped_frameworks()}
ALLOWED_CLAUSE_KEYS = {"number", "title_fr", "title_en", "shared", "question_fr", "question_en"}


@pytest.fixture(autouse=True)
def _frozen_day():
    with time_machine.travel(dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def client_for(client):
    """The test client logged in as a user, its pages asked for in English."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def installed(org, coordinator) -> dict[str, Framework]:
    return {f.key: f for f in fw.install_shipped(org["root"], coordinator)}


def _assess(framework, unit, user, title="EDL") -> GapAssessment:
    assessment = GapAssessment(title=title, framework=framework, org_unit=unit)
    return record_create(record=assessment, user=user)


def _answer(assessment, number, result, user, *, maturity=None, applicable=True, reason=""):
    clause = assessment.framework.clauses.get(number=number)
    answer = ClauseAnswer(
        assessment=assessment,
        clause=clause,
        org_unit=assessment.org_unit,
        result=result,
        maturity=maturity,
        applicable=applicable,
        exclusion_reason=reason,
        evidence=f"Evidence of {number}",
    )
    return record_create(record=answer, user=user)


def _rows(assessment, user) -> dict[str, fw.WorksheetRow]:
    return {row.clause.number: row for row in fw.worksheet(assessment, user)}


def _leaves(data) -> list[str]:
    numbers = [c["number"] for c in data["clauses"]]
    parents = {n.rsplit(".", 1)[0] for n in numbers if "." in n}
    return [n for n in numbers if n not in parents]


# Installing -------------------------------------------------------------------------------


def test_the_shipped_files_install_with_their_exact_clause_trees(installed, org):
    assert sorted(installed) == ["hs", "iso14001", "iso45001", "iso50001", "iso9001"]
    counts = {key: f.clauses.count() for key, f in installed.items()}
    assert counts == {key: len(data["clauses"]) for key, data in SHIPPED.items()}
    assert counts == {"hs": 31, "iso9001": 75, "iso14001": 45, "iso45001": 56, "iso50001": 38}
    leaves = {key: f.clauses.filter(leaf=True).count() for key, f in installed.items()}
    assert leaves == {"hs": 23, "iso9001": 57, "iso14001": 32, "iso45001": 40, "iso50001": 29}
    iso9001 = installed["iso9001"]
    assert str(iso9001) == "ISO 9001:2015"
    assert (iso9001.shipped, iso9001.data_version, iso9001.org_unit) == (
        True,
        "Amelio 2026-12",
        org["root"],
    )
    assert iso9001.reference == "REF-2026-0002"
    clause = iso9001.clauses.get(number="7.1.5.2")
    assert (clause.depth, clause.leaf, clause.title_en) == (3, True, "Measurement traceability")
    heading = iso9001.clauses.get(number="7.1.5")
    assert (heading.depth, heading.leaf, heading.question_en) == (2, False, "")
    numbers = list(iso9001.clauses.order_by("position").values_list("number", flat=True))
    assert numbers == [c["number"] for c in SHIPPED["iso9001"]["clauses"]]


def test_installing_again_changes_nothing(installed, org, coordinator):
    before = {
        key: (f.version, list(f.clauses.order_by("position").values()))
        for key, f in installed.items()
    }
    again = fw.install_shipped(org["root"], coordinator)
    assert {f.pk for f in again} == {f.pk for f in installed.values()}
    after = {
        f.key: (
            Framework.objects.get(pk=f.pk).version,
            list(f.clauses.order_by("position").values()),
        )
        for f in again
    }
    assert after == before
    assert Framework.objects.count() == 5


def test_the_copyright_rule_numbers_short_titles_and_own_questions_only(installed):
    for path in sorted((DATA / "frameworks").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) <= {*fw.FRAMEWORK_FIELDS, "clauses"}, path.name
        for clause in data["clauses"]:
            assert set(clause) == ALLOWED_CLAUSE_KEYS, (path.name, clause["number"])
    stored = {f.name for f in Clause._meta.concrete_fields}
    assert stored == {
        "id",
        "framework",
        "number",
        "title_fr",
        "title_en",
        "shared",
        "question_fr",
        "question_en",
        "position",
        "depth",
        "leaf",
    }
    longest = max(max(len(c.title_fr), len(c.title_en)) for c in Clause.objects.all())
    assert longest <= 120
    assert Clause.objects.count() == 245


def test_a_clause_with_another_field_is_refused(org, coordinator):
    data = {
        "key": "own",
        "name": "Own",
        "clauses": [{"number": "1", "title_en": "Scope", "text": "The whole requirement…"}],
    }
    with pytest.raises(ValidationError) as refused:
        fw.install_framework(data, org_unit=org["root"], user=coordinator)
    assert refused.value.messages == [
        "Clause 1 (§1): only the number, titles, questions and shared key are kept, not “text”."
    ]
    assert Framework.objects.count() == 0


@pytest.mark.parametrize(
    ("clauses", "errors"),
    [
        (
            [{"number": "1", "title_en": "A"}, {"number": "1", "title_en": "B"}],
            ["Clause 2: the number 1 appears twice."],
        ),
        (
            [{"number": "1", "title_en": "A"}, {"number": "2.1", "title_en": "B"}],
            ["Clause 2 (§2.1): its parent clause 2 must come before it."],
        ),
        ([{"number": "1", "title_en": ""}], ["Clause 1 (§1): the title is missing."]),
        (
            [{"number": "1", "title_en": "x" * 201}],
            ["Clause 1 (§1): title (English) is longer than 200 characters."],
        ),
        ([{"number": "", "title_en": "A"}], ["Clause 1: the clause number is missing."]),
    ],
)
def test_a_wrong_tree_is_refused_whole(org, coordinator, clauses, errors):
    with pytest.raises(ValidationError) as refused:
        fw.install_framework(
            {"key": "own", "name": "Own", "clauses": clauses},
            org_unit=org["root"],
            user=coordinator,
        )
    assert refused.value.messages == errors
    assert (Framework.objects.count(), Clause.objects.count()) == (0, 0)


# A user's framework from a workbook -------------------------------------------------------


def _workbook(rows) -> SimpleUploadedFile:
    book = OpenWorkbook()
    sheet = book.active
    sheet.append(["number", "title_fr", "title_en", "shared", "question_fr", "question_en"])
    for row in rows:
        sheet.append(row)
    handle = io.BytesIO()
    book.save(handle)
    return SimpleUploadedFile("mase.xlsx", handle.getvalue())


MASE_ROWS = [
    ["1", "Engagement de la direction", "Management commitment", "", "", ""],
    ["1.1", "Politique", "Policy", "hs-5.2", "Où est la politique ?", "Where is the policy?"],
    ["1.2", "Objectifs", "Objectives", "", "Quels objectifs ?", "Which objectives?"],
    ["2", "Compétences", "Competence", "hs-7.2", "Qui est formé ?", "Who is trained?"],
]


@pytest.fixture
def own_framework(org, coordinator) -> Framework:
    framework = Framework(name="MASE", edition="2024", org_unit=org["root"])
    return record_create(record=framework, user=coordinator)


def test_the_template_has_the_columns_and_one_example(client_for, coordinator):
    response = client_for(coordinator).get(reverse("compliance:framework_clauses_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["number", "title_fr", "title_en", "shared", "question_fr", "question_en"]
    assert rows[1][:4] == [
        "4.1",
        "Compréhension de l'organisme et de son contexte",
        "Understanding the organization and its context",
        "hs-4.1",
    ]
    assert len(rows) == 2


def test_a_workbook_is_previewed_then_loaded(client_for, coordinator, own_framework):
    client = client_for(coordinator)
    url = reverse("compliance:framework_clauses_load", args=[own_framework.pk])
    preview = client.post(url, {"file": _workbook(MASE_ROWS)})
    assert preview.status_code == 200
    assert "4 clauses read" in preview.content.decode()
    assert own_framework.clauses.count() == 0
    token = preview.context["token"]
    done = client.post(url, {"token": token})
    assert done.status_code == 302
    clauses = list(own_framework.clauses.order_by("position"))
    assert [(c.number, c.depth, c.leaf, c.shared) for c in clauses] == [
        ("1", 0, False, ""),
        ("1.1", 1, True, "hs-5.2"),
        ("1.2", 1, True, ""),
        ("2", 0, True, "hs-7.2"),
    ]
    assert clauses[1].question_en == "Where is the policy?"
    own_framework.refresh_from_db()
    assert own_framework.version == 2


@pytest.mark.parametrize(
    ("bad_row", "error"),
    [
        (["1.1", "Encore", "Again", "", "", ""], "Row 6: the number 1.1 appears twice."),
        (["3.1", "Orphelin", "Orphan", "", "", ""], "Row 6 (§3.1): its parent clause 3"),
    ],
)
def test_a_bad_row_is_named_and_nothing_is_saved(
    client_for, coordinator, own_framework, bad_row, error
):
    client = client_for(coordinator)
    url = reverse("compliance:framework_clauses_load", args=[own_framework.pk])
    response = client.post(url, {"file": _workbook([*MASE_ROWS, bad_row])})
    assert response.status_code == 200
    assert any(e.startswith(error) for e in response.context["errors"])
    assert "token" not in response.context
    assert own_framework.clauses.count() == 0


def test_a_json_file_in_the_shipped_format_is_read(client_for, coordinator, own_framework):
    client = client_for(coordinator)
    url = reverse("compliance:framework_clauses_load", args=[own_framework.pk])
    data = {"clauses": [{"number": "1", "title_fr": "Un", "title_en": "One", "shared": ""}]}
    upload = SimpleUploadedFile("own.json", json.dumps(data).encode())
    preview = client.post(url, {"file": upload})
    client.post(url, {"token": preview.context["token"]})
    assert list(own_framework.clauses.values_list("number", "title_en", "leaf")) == [
        ("1", "One", True)
    ]


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        json.dumps(
            {"clauses": [{"number": "1", "title_fr": {"a": 1}, "title_en": "One"}]}
        ).encode(),
        b"\xff\xfe not json",
    ],
    ids=["nested", "not-a-text", "garbage"],
)
def test_a_bad_json_file_is_refused_with_a_message(client_for, coordinator, own_framework, content):
    url = reverse("compliance:framework_clauses_load", args=[own_framework.pk])
    response = client_for(coordinator).post(url, {"file": SimpleUploadedFile("own.json", content)})
    assert response.status_code == 200
    assert "token" not in response.context or not response.context["token"]
    assert own_framework.clauses.count() == 0


def test_loading_clauses_is_refused_to_a_reader(client_for, reader, own_framework):
    url = reverse("compliance:framework_clauses_load", args=[own_framework.pk])
    assert client_for(reader).post(url, {"file": _workbook(MASE_ROWS)}).status_code in (403, 404)
    assert own_framework.clauses.count() == 0


# The install page -------------------------------------------------------------------------


def test_the_install_page_installs_once_for_the_coordinator(client_for, coordinator):
    client = client_for(coordinator)
    url = reverse("compliance:framework_install")
    page = client.get(url)
    assert page.status_code == 200
    assert "ISO 45001:2018" in page.content.decode()
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Framework.objects.count() == 5
    assert Clause.objects.count() == 245


def test_the_install_is_refused_to_a_reader(client_for, reader, manager):
    # A reader (or a site's manager) sees what is shipped, without the button; the company's
    # coordinators install the standards for every site.
    for user in (reader, manager):
        client = client_for(user)
        page = client.get(reverse("compliance:framework_install"))
        assert (page.status_code, page.context["may_install"]) == (200, False)
        assert client.post(reverse("compliance:framework_install")).status_code == 403
    assert Framework.objects.count() == 0


def test_the_framework_page_shows_the_tree_and_the_same_requirements(
    client_for, coordinator, installed
):
    response = client_for(coordinator).get(
        reverse("compliance:framework_detail", args=[installed["iso9001"].pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    same = {clause.number: others for clause, others in response.context["clauses"] if others}
    assert same["7.2"] == [
        "ISO 14001:2015 §7.2",
        "ISO 45001:2018 §7.2",
        "ISO 50001:2018 §7.2",
        f"{installed['hs']} §7.2",
    ]
    assert "Same requirement as: ISO 14001:2015 §7.2, ISO 45001:2018 §7.2" in page
    assert response.context["leaf_count"] == 57


# Coverage across standards ----------------------------------------------------------------


@pytest.fixture
def site_a(installed, org, coordinator):
    return {
        key: _assess(installed[key], org["a"], coordinator, f"EDL {key}")
        for key in ("iso9001", "iso14001", "iso45001")
    }


def test_a_clause_answered_once_is_covered_in_every_mapped_standard(site_a, coordinator):
    answered = _answer(site_a["iso9001"], "7.2", "conform", coordinator)
    for key in ("iso14001", "iso45001"):
        row = _rows(site_a[key], coordinator)["7.2"]
        assert row.answer is None
        assert row.coverage == fw.calc.Coverage(
            "conform", False, f"ISO 9001:2015 §7.2 ({site_a['iso9001'].reference})"
        )
        assert row.source_answer == answered
        assert row.coverage_label == "Conform"
    assert site_a["iso9001"].reference == "EDL-2026-0001"
    own = _rows(site_a["iso9001"], coordinator)["7.2"]
    assert (own.answer, own.coverage) == (answered, None)


def test_the_worksheet_page_says_covered_by(client_for, site_a, coordinator):
    _answer(site_a["iso9001"], "7.2", "conform", coordinator)
    page = client_for(coordinator).get(
        reverse("compliance:gapassessment_detail", args=[site_a["iso14001"].pk])
    )
    assert "Covered by ISO 9001:2015 §7.2 (EDL-2026-0001): Conform" in page.content.decode()


def test_a_clause_without_a_shared_key_is_not_covered(site_a, coordinator):
    _answer(site_a["iso9001"], "10.1", "conform", coordinator)
    _answer(site_a["iso9001"], "8.5.1", "conform", coordinator)
    rows = _rows(site_a["iso14001"], coordinator)
    assert rows["10.1"].coverage is None
    assert all(row.coverage is None for row in rows.values())


def test_another_sites_answer_covers_nothing(installed, site_a, org, coordinator):
    other = _assess(installed["iso9001"], org["b"], coordinator, "EDL B")
    _answer(other, "7.2", "conform", coordinator)
    assert _rows(site_a["iso14001"], coordinator)["7.2"].coverage is None


def test_a_manager_sees_no_coverage_from_an_assessment_they_may_not_see(
    installed, org, coordinator, outsider
):
    # The site B manager's assessment is covered by nothing of site A.
    mine = _assess(installed["iso14001"], org["b"], coordinator, "EDL B 14001")
    theirs = _assess(installed["iso9001"], org["a"], coordinator, "EDL A 9001")
    _answer(theirs, "7.2", "conform", coordinator)
    assert _rows(mine, outsider)["7.2"].coverage is None


def test_the_worst_result_wins_when_answers_share_a_key(site_a, coordinator):
    # 9001 7.1.1 and 7.1.2 have no key of their own: they take 7.1's (hs-7.1).
    _answer(site_a["iso9001"], "7.1.1", "conform", coordinator)
    _answer(site_a["iso9001"], "7.1.2", "not_conform", coordinator)
    _answer(site_a["iso9001"], "7.1.3", "partial", coordinator)
    row = _rows(site_a["iso45001"], coordinator)["7.1"]
    assert row.coverage == fw.calc.Coverage(
        "not_conform", False, f"ISO 9001:2015 §7.1.2 ({site_a['iso9001'].reference})"
    )


def test_a_sub_clause_takes_its_ancestors_key(site_a, coordinator):
    _answer(site_a["iso9001"], "7.1.5.2", "partial", coordinator)
    row = _rows(site_a["iso14001"], coordinator)["7.1"]
    assert (row.coverage.result, row.coverage.source) == (
        "partial",
        f"ISO 9001:2015 §7.1.5.2 ({site_a['iso9001'].reference})",
    )
    keys = fw.effective_keys(site_a["iso9001"].framework.clauses.all())
    by_number = {c.number: keys[c.pk] for c in site_a["iso9001"].framework.clauses.all()}
    assert (by_number["7.1.5.2"], by_number["7.1.5"], by_number["8.5.1"]) == (
        "hs-7.1",
        "hs-7.1",
        "",
    )


def test_an_excluded_answer_covers_nothing(site_a, coordinator):
    _answer(site_a["iso9001"], "7.2", "not_assessed", coordinator, applicable=False, reason="N/A")
    assert _rows(site_a["iso14001"], coordinator)["7.2"].coverage is None


# Scores, radar and statement of applicability ---------------------------------------------


def test_chapter_scores_and_the_radar(installed, org, coordinator):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    _answer(assessment, "7.2", "conform", coordinator, maturity=4)
    _answer(assessment, "7.3", "partial", coordinator, maturity=2)
    _answer(assessment, "7.4", "not_conform", coordinator, maturity=1)
    _answer(assessment, "7.5.1", "not_assessed", coordinator, applicable=False, reason="No")
    _answer(assessment, "4.1", "conform", coordinator, maturity=5)
    scores = {s.chapter: s for s in fw.scores(fw.worksheet(assessment, coordinator))}
    assert list(scores) == ["4", "5", "6", "7", "8", "9", "10"]
    assert scores["7"] == fw.calc.ChapterScore(
        chapter="7",
        score=Decimal("50.0"),
        maturity=Decimal("2.3"),
        assessed=3,
        applicable=12,
        gaps=2,
    )
    assert (scores["4"].score, scores["4"].assessed, scores["4"].applicable) == (
        Decimal("100.0"),
        1,
        4,
    )
    assert scores["5"].score is None
    assert fw.calc.overall_score(scores.values()) == Decimal("62.5")
    figure = fw.radar_figure(
        list(scores.values()), fw.chapter_titles(installed["iso9001"]), "Score (%)"
    )
    trace = figure["data"][0]
    assert trace["type"] == "scatterpolar"
    # Chapters without an answer have no point (not a zero).
    assert list(trace["r"]) == [100.0, None, None, 50.0, None, None, None, 100.0]
    assert list(trace["theta"]) == [
        "4. Context of the<br>organization",
        "5. Leadership",
        "6. Planning",
        "7. Support",
        "8. Operation",
        "9. Performance<br>evaluation",
        "10. Improvement",
        "4. Context of the<br>organization",
    ]
    assert list(figure["layout"]["polar"]["radialaxis"]["range"]) == [0, 100]


def test_the_radar_speaks_the_readers_language(installed, org, coordinator, client_for):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    url = reverse("compliance:gapassessment_detail", args=[assessment.pk])
    client = client_for(coordinator)
    english = client.get(url).context["radar"]["data"][0]["theta"]
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").context["radar"]["data"][0]["theta"]
    assert (english[0], french[0]) == (
        "4. Context of the<br>organization",
        "4. Contexte de<br>l'organisme",
    )
    assert (english[5], french[5]) == (
        "9. Performance<br>evaluation",
        "9. Évaluation des<br>performances",
    )


def test_the_statement_of_applicability_workbook(client_for, installed, org, coordinator):
    assessment = _assess(installed["iso14001"], org["a"], coordinator)
    _answer(assessment, "4.1", "partial", coordinator, maturity=3)
    _answer(
        assessment,
        "8.2",
        "not_assessed",
        coordinator,
        applicable=False,
        reason="No emergency situation on site",
    )
    response = client_for(coordinator).get(
        reverse("compliance:gapassessment_soa_xlsx", args=[assessment.pk])
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == [
        "Clause",
        "Title",
        "Applicable",
        "Justification of the exclusion",
        "Result",
        "Maturity (0–5)",
        "Evidence",
    ]
    assert len(rows) == 1 + 32
    assert rows[1] == [
        "4.1",
        "Understanding the organization and its context",
        "Yes",
        None,
        "Partially conform",
        3,
        "Evidence of 4.1",
    ]
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["8.2"] == [
        "8.2",
        "Emergency preparedness and response",
        "No",
        "No emergency situation on site",
        "Not assessed",
        None,
        "Evidence of 8.2",
    ]
    assert by_number["4.2"][2:6] == ["Yes", None, "Not assessed", None]


def test_the_statement_of_applicability_pdf(client_for, installed, org, coordinator):
    assessment = _assess(installed["iso14001"], org["a"], coordinator)
    response = client_for(coordinator).get(
        reverse("compliance:gapassessment_soa_pdf", args=[assessment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_an_outsider_gets_404_on_the_assessment_and_its_exports(
    client_for, installed, org, coordinator, outsider
):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    clause = installed["iso9001"].clauses.get(number="7.2")
    client = client_for(outsider)
    for name in ("gapassessment_detail", "gapassessment_soa_xlsx", "gapassessment_soa_pdf"):
        assert client.get(reverse(f"compliance:{name}", args=[assessment.pk])).status_code == 404
    answer_url = reverse("compliance:gapassessment_answer", args=[assessment.pk, clause.pk])
    assert client.post(answer_url, {"result": "conform"}).status_code == 404
    assert ClauseAnswer.objects.count() == 0


# Answering in place -----------------------------------------------------------------------


def test_a_clause_is_answered_in_place_then_changed(client_for, installed, org, coordinator):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    clause = installed["iso9001"].clauses.get(number="7.2")
    url = reverse("compliance:gapassessment_answer", args=[assessment.pk, clause.pk])
    client = client_for(coordinator)
    response = client.post(url, {"result": "partial", "maturity": "2", "evidence": "Matrix"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/assessments/{assessment.pk}/#clause-{clause.pk}")
    answer = ClauseAnswer.objects.get()
    assert (answer.result, answer.maturity, answer.evidence, answer.created_by) == (
        "partial",
        2,
        "Matrix",
        coordinator,
    )
    assert (answer.org_unit, answer.reference) == (org["a"], "EDLR-2026-0001")
    client.post(url, {"result": "conform", "maturity": "", "evidence": "", "version": "1"})
    answer.refresh_from_db()
    assert (answer.result, answer.maturity, answer.version) == ("conform", None, 2)
    assert ClauseAnswer.objects.count() == 1


def test_a_completed_assessment_refuses_answers(client_for, installed, org, coordinator):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    _answer(assessment, "4.1", "conform", coordinator)
    record_transition(record=assessment, user=coordinator, name="complete")
    clause = installed["iso9001"].clauses.get(number="7.2")
    url = reverse("compliance:gapassessment_answer", args=[assessment.pk, clause.pk])
    response = client_for(coordinator).post(url, {"result": "conform"}, follow=True)
    assert ClauseAnswer.objects.count() == 1
    assert "can no longer be added" in response.content.decode()
    assert response.context["may_answer"] is False


def test_a_reader_may_not_answer(client_for, installed, org, coordinator, reader):
    assessment = _assess(installed["iso9001"], org["a"], coordinator)
    clause = installed["iso9001"].clauses.get(number="7.2")
    url = reverse("compliance:gapassessment_answer", args=[assessment.pk, clause.pk])
    assert client_for(reader).post(url, {"result": "conform"}).status_code == 403
    assert ClauseAnswer.objects.count() == 0


# Audits -----------------------------------------------------------------------------------


@pytest.fixture
def programme(org):
    return AuditProgramme.objects.create(
        title="Programme 2026-2028", org_unit=org["root"], start_year=2026, end_year=2028
    )


def test_programme_clauses_come_from_a_framework(client_for, installed, programme, coordinator):
    iso9001 = installed["iso9001"]
    ProgrammeClause.objects.create(programme=programme, standard="ISO 9001:2015", clause="7.2")
    chosen = [iso9001.clauses.get(number="7.1").pk, iso9001.clauses.get(number="7.2").pk]
    url = reverse("audits:programme_framework_clauses", args=[programme.pk])
    client = client_for(coordinator)
    page = client.get(url, {"framework": iso9001.pk})
    assert page.status_code == 200
    response = client.post(url, {"framework": iso9001.pk, "clauses": chosen})
    assert response.status_code == 302
    lines = sorted(
        programme.clauses.values_list("standard", "clause", "title"),
        key=lambda line: checklist_builder.clause_key(line[1]),
    )
    assert lines == [
        ("ISO 9001:2015", "7.1.1", "General"),
        ("ISO 9001:2015", "7.1.2", "People"),
        ("ISO 9001:2015", "7.1.3", "Infrastructure"),
        ("ISO 9001:2015", "7.1.4", "Environment for the operation of processes"),
        ("ISO 9001:2015", "7.1.5.1", "General"),
        ("ISO 9001:2015", "7.1.5.2", "Measurement traceability"),
        ("ISO 9001:2015", "7.1.6", "Organizational knowledge"),
        ("ISO 9001:2015", "7.2", ""),
    ]


def test_the_checklist_takes_the_frameworks_question(installed, programme):
    clause = ProgrammeClause.objects.create(
        programme=programme, standard="ISO 9001:2015", clause="7.2", title="Competence"
    )
    other = ProgrammeClause.objects.create(
        programme=programme, standard="Customer spec", clause="3", title="Packaging"
    )
    expected = installed["iso9001"].clauses.get(number="7.2")
    questions = checklist_builder.from_clauses([clause, other])
    assert [q["question"] for q in questions] == [
        "§3 Packaging: how is this requirement met?",
        expected.question_en,
    ]
    with translation.override("fr"):
        french = checklist_builder.from_clauses([clause])
    assert french[0]["question"] == expected.question_fr
