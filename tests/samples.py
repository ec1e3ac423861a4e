"""Valid form data for any register, built from its form: what the generic tests post.

A register may declare `example = {...}` for fields whose valid values depend on each other
(e.g. a context issue's origin and SWOT quadrant); every other field gets a value of its type.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django import forms

from amelio.core.models import Record

TODAY = dt.date(2026, 6, 15)


def form_value(field: forms.Field, name: str, unit, user, marker: str):  # noqa: C901  # over the complexity budget; split when its area is quiet
    if isinstance(field.widget, forms.HiddenInput):
        return ""
    if isinstance(field, forms.ModelMultipleChoiceField | forms.MultipleChoiceField):
        return []
    if isinstance(field, forms.ModelChoiceField):
        model = field.queryset.model
        if name == "org_unit":
            return unit.pk
        if model.__name__ == "User":
            return user.pk
        first = field.queryset.first()
        return first.pk if first else ""
    if isinstance(field, forms.TypedChoiceField | forms.ChoiceField):
        values = [v for v, _label in _flat(field.choices) if v not in ("", None)]
        return values[0] if values else ""
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.DateTimeField):
        return f"{TODAY.isoformat()}T09:30"
    if isinstance(field, forms.DateField):
        return TODAY.isoformat()
    if isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return 1
    text = f"{marker} {name}"
    return text[: field.max_length] if getattr(field, "max_length", None) else text


def _flat(choices) -> list:
    """The choices of a field, those of its groups (measures grouped by module) included."""
    flat = []
    for value, label in choices:
        flat.extend(label if isinstance(label, list | tuple) else [(value, label)])
    return flat


def _finding_audit(unit, user) -> dict:
    """A finding needs an audit of its unit (or above)."""
    from amelio.audits.models import Audit

    audit = Audit.objects.filter(org_unit=unit).first() or Audit.objects.create(
        title="Sample audit", org_unit=unit, planned_start=TODAY
    )
    return {"audit": audit.pk}


def _line_duerp(unit, user) -> dict:
    """A DUERP line needs a DUERP covering its unit."""
    from amelio.safety.models import Duerp

    duerp = Duerp.objects.filter(org_unit=unit).first() or Duerp.objects.create(
        title="Sample DUERP", org_unit=unit
    )
    return {"duerp": duerp.pk}


def _version_document(unit, user) -> dict:
    """A version belongs to a document of its unit."""
    from amelio.documents.models import Document

    document = Document.objects.filter(org_unit=unit).first() or Document.objects.create(
        code=f"SMP-{Document.objects.count() + 1}",
        title="Sample document",
        kind="procedure",
        org_unit=unit,
    )
    return {"document": document.pk}


def _waste_code(unit, user) -> dict:
    """A stream's waste code is typed as people write it."""
    from amelio.environment.models import WasteCode

    return {"waste_code": WasteCode.objects.get(code6="120101").code}


def _waste_stream(unit, user) -> dict:
    """A shipment of the waste register needs a stream of its site."""
    from amelio.environment.models import WasteCode, WasteStream

    stream = WasteStream.objects.filter(org_unit=unit).first() or WasteStream.objects.create(
        name="Sample stream",
        org_unit=unit,
        waste_code=WasteCode.objects.get(code6="120101"),
        category="DND",
    )
    return {"stream": stream.pk}


def _icpe_site(unit, user) -> dict:
    """A classified installation belongs to the ICPE file of its site."""
    from amelio.environment.models import IcpeSite

    site = IcpeSite.objects.filter(org_unit=unit).first() or IcpeSite.objects.create(
        name="Sample ICPE site", org_unit=unit
    )
    return {"site": site.pk}


def _emergency(unit, user) -> dict:
    """A drill tests an emergency situation of its unit."""
    from amelio.environment.models import EmergencySituation

    situation = EmergencySituation.objects.filter(
        org_unit=unit
    ).first() or EmergencySituation.objects.create(
        title="Sample situation", phenomenon="fire", org_unit=unit
    )
    return {"situation": situation.pk}


def _energy_meter(unit, user) -> dict:
    """A reading needs a meter of its unit: a new one each time, since two readings of one
    meter may not overlap and every sample covers the same day."""
    from amelio.energy.models import Meter

    meter = Meter.objects.create(
        name=f"Sample meter {Meter.objects.count() + 1}",
        org_unit=unit,
        energy="electricity",
        unit="kWh",
    )
    return {"meter": meter.pk}


def _legal_text(unit, user) -> dict:
    """A requirement or a rule belongs to a text of its unit (or above)."""
    from amelio.compliance.models import LegalText

    text = LegalText.objects.filter(org_unit=unit).first() or LegalText.objects.create(
        title="Sample text", citation="C. trav. R4121-1", domain="health_safety", org_unit=unit
    )
    return {"text": text.pk}


def _new_legal_text(unit, user) -> dict:
    """A site has one applicability row per text: a new text each time."""
    from amelio.compliance.models import LegalText

    count = LegalText.objects.count() + 1
    text = LegalText.objects.create(
        title=f"Sample text {count}", citation="C. env. L511-1", domain="environment", org_unit=unit
    )
    return {"text": text.pk}


def _legal_requirement(unit, user) -> dict:
    """An evaluation checks a requirement of a text of its unit (or above)."""
    from amelio.compliance.models import LegalRequirement

    text = _legal_text(unit, user)["text"]
    requirement = LegalRequirement.objects.filter(
        text_id=text
    ).first() or LegalRequirement.objects.create(
        text_id=text, title="Sample requirement", org_unit=unit
    )
    return {"requirement": requirement.pk}


def _framework(unit, user) -> dict:
    """An assessment is made against a framework."""
    from amelio.compliance.models import Framework

    framework = Framework.objects.filter(org_unit=unit).first() or Framework.objects.create(
        name="Sample framework", org_unit=unit
    )
    return {"framework": framework.pk}


def _gap_assessment(unit, user) -> dict:
    """An answer is given in an assessment, to a clause of its framework: a new clause each
    time, since a clause is answered once per assessment."""
    from amelio.compliance.models import Clause, Framework, GapAssessment

    assessment = GapAssessment.objects.filter(org_unit=unit).first()
    if assessment is None:
        framework = Framework.objects.create(name="Sample framework", org_unit=unit)
        assessment = GapAssessment.objects.create(
            title="Sample assessment", framework=framework, org_unit=unit
        )
    count = Clause.objects.filter(framework=assessment.framework_id).count() + 1
    clause = Clause.objects.create(
        framework_id=assessment.framework_id,
        number=f"4.{count}",
        title_fr=f"Exigence {count}",
        title_en=f"Requirement {count}",
    )
    return {"assessment": assessment.pk, "clause": clause.pk}


def _equipment(unit, user) -> dict:
    """An inspection is done on an equipment of its unit, under a rule of its category."""
    from amelio.compliance.models import Equipment, EquipmentCategory
    from amelio.compliance.reference_data import ensure_reference_data

    ensure_reference_data()
    category = EquipmentCategory.objects.get(key="electrical")
    equipment = Equipment.objects.filter(org_unit=unit).first() or Equipment.objects.create(
        name="Sample equipment", category=category, org_unit=unit
    )
    return {"equipment": equipment.pk, "rule": category.rules.first().pk}


def _inspection(unit, user) -> dict:
    """An observation is found by an inspection of its unit."""
    from amelio.compliance.models import Inspection

    data = _equipment(unit, user)
    inspection = Inspection.objects.filter(org_unit=unit).first() or Inspection.objects.create(
        equipment_id=data["equipment"],
        rule_id=data["rule"],
        performed_on=TODAY - dt.timedelta(days=30),
        org_unit=unit,
    )
    return {"inspection": inspection.pk}


def _equipment_category(unit, user) -> dict:
    """Equipment is of a shipped category."""
    from amelio.compliance.reference_data import ensure_reference_data

    ensure_reference_data()
    return {}


def _training_session(unit, user) -> dict:
    """An attendee is registered once per session: the unit's latest session gets a new
    person present (a child and its archived sibling share their session); while it has
    nobody yet, a new session is made (the rows of one import each get their own)."""
    from amelio.core.models import User
    from amelio.training.models import TrainingSession

    present = {"present": "true", "hours_attended": 1}
    latest = TrainingSession.objects.filter(org_unit=unit).order_by("-pk").first()
    if latest is not None and latest.attendances.exists():
        count = User.objects.count() + 1
        person = User.objects.create_user(username=f"attendee{count}", first_name="Attendee")
        return {"session": latest.pk, "person": person.pk, **present}
    count = TrainingSession.objects.count() + 1
    session = TrainingSession.objects.create(
        title=f"Sample session {count}", org_unit=unit, start_date=TODAY, duration_hours=7
    )
    return {"session": session.pk, **present}


_PLAN_YEARS = itertools.count()


def _training_plan_year(unit, user) -> dict:
    """A unit has one training plan a year: another year at each call (the rows of one
    import included)."""
    return {"year": 2000 + next(_PLAN_YEARS) % 101}


def _competence_skill(unit, user) -> dict:
    """A skill held or required is of the catalogue: a new skill each time, since a person
    holds a skill once and is required it individually once."""
    from amelio.training.models import Skill

    count = Skill.objects.count() + 1
    skill = Skill.objects.create(
        code=f"SKL-{count}", name=f"Sample skill {count}", kind="skill", org_unit=unit
    )
    return {"skill": skill.pk}


def _competence_job(unit, user) -> dict:
    """A requirement names one target: a job of its unit, on a new skill."""
    from amelio.training.models import Job

    job = Job.objects.filter(org_unit=unit).first() or Job.objects.create(
        title="Sample job", org_unit=unit
    )
    return {**_competence_skill(unit, user), "job": job.pk, "work_unit": "", "process": ""}


def _campaign_survey(unit, user) -> dict:
    """A campaign sends a survey of its unit."""
    from amelio.customers.models import Survey

    survey = Survey.objects.filter(org_unit=unit).first() or Survey.objects.create(
        title_fr="Enquête exemple", org_unit=unit
    )
    return {"survey": survey.pk, "segment": ""}


def _response_campaign(unit, user) -> dict:
    """A response answers a campaign of its unit."""
    from amelio.customers.models import Campaign

    campaign = Campaign.objects.filter(org_unit=unit).first() or Campaign.objects.create(
        title="Sample campaign",
        org_unit=unit,
        opens_on=TODAY,
        closes_on=TODAY,
        **{"survey_id": _campaign_survey(unit, user)["survey"]},
    )
    return {"campaign": campaign.pk, "customer": "", "segment": ""}


# Records some registers need before one of theirs can be made: register key -> data.
def _supplier(unit, user) -> dict:
    """A supplier's contact, certificate, delivery: a supplier of the unit (or above)."""
    from amelio.suppliers.models import Supplier

    supplier = Supplier.objects.filter(org_unit=unit).first() or Supplier.objects.create(
        name="Sample supplier", org_unit=unit, status="approved"
    )
    return {"supplier": supplier.pk}


def _evaluation_scheme(unit, user) -> dict:
    """A criterion belongs to a scheme of its unit (or above)."""
    from amelio.suppliers.models import EvaluationScheme

    scheme = EvaluationScheme.objects.filter(org_unit=unit).first() or (
        EvaluationScheme.objects.create(name="Sample scheme", org_unit=unit)
    )
    return {"scheme": scheme.pk}


def _supplier_evaluation(unit, user) -> dict:
    """An evaluation is of a supplier, with a scheme."""
    return {**_supplier(unit, user), **_evaluation_scheme(unit, user)}


def _specification_in_consultation(unit, user) -> dict:
    """An offer answers a specification of its unit whose consultation has started."""
    from amelio.suppliers.models import Specification, Supplier

    # Not a draft (offers wait for the consultation); a decided one is kept, so that the lock
    # tests find the parent they locked.
    spec = Specification.objects.filter(org_unit=unit).exclude(status="draft").first()
    if spec is None:
        spec = Specification.objects.create(
            title="Sample specification",
            subject="Sample subject",
            org_unit=unit,
            status="consultation",
        )
    supplier = Supplier.objects.filter(org_unit=unit).first() or Supplier.objects.create(
        name="Sample supplier", org_unit=unit
    )
    return {"specification": spec.pk, "supplier": supplier.pk}


def _journey(unit, user) -> dict:
    """A stage belongs to a journey of its unit."""
    from amelio.customers.models import Journey

    journey = Journey.objects.filter(org_unit=unit).first() or Journey.objects.create(
        name="Sample journey", org_unit=unit
    )
    return {"journey": journey.pk}


def _journey_stage(unit, user) -> dict:
    """A touchpoint belongs to a stage of a journey of its unit."""
    from amelio.customers.models import JourneyStage

    stage = JourneyStage.objects.filter(org_unit=unit).first()
    if stage is None:
        stage = JourneyStage.objects.create(
            journey_id=_journey(unit, user)["journey"], org_unit=unit, name="Sample stage"
        )
    return {"stage": stage.pk}


def _line_fmea(unit, user) -> dict:
    """An FMEA line needs an FMEA of its unit (or above), rated on the AMDEC-SOD matrix."""
    from amelio.riskanalysis.models import Fmea
    from amelio.scoring.models import ScoringMatrix

    fmea = Fmea.objects.filter(org_unit=unit).first() or Fmea.objects.create(
        title="Sample FMEA",
        item="Sample part",
        org_unit=unit,
        matrix=ScoringMatrix.objects.get(code="AMDEC-SOD", status="in_use"),
    )
    return {"fmea": fmea.pk}


def _haccp_step(unit, user) -> dict:
    """A HACCP hazard belongs to a step of a study covering its unit (the step gives the study)."""
    from amelio.riskanalysis.models import HaccpStep, HaccpStudy
    from amelio.scoring.models import ScoringMatrix

    study = HaccpStudy.objects.filter(org_unit=unit).first() or HaccpStudy.objects.create(
        title="Sample HACCP",
        product="Meals",
        org_unit=unit,
        matrix=ScoringMatrix.objects.filter(code="PG-4x4").order_by("-version").first(),
    )
    step = study.steps.first() or HaccpStep.objects.create(study=study, position=10, name="Cooking")
    return {"step": step.pk}


def _hazop_node(unit, user) -> dict:
    """A HAZOP deviation belongs to a node of a study of its unit (a draft one is kept, so
    that the lock tests find the study they locked)."""
    from amelio.riskanalysis.models import HazopNode, HazopStudy
    from amelio.scoring.models import ScoringMatrix

    study = HazopStudy.objects.filter(org_unit=unit).first() or HazopStudy.objects.create(
        title="Sample HAZOP",
        installation="Sample line",
        org_unit=unit,
        matrix=ScoringMatrix.objects.get(code="PG-5x5", status="in_use"),
    )
    node = study.nodes.first() or HazopNode.objects.create(study=study, position=1, name="Tank")
    return {"study": study.pk, "node": node.pk}


def _control_plan(unit, user) -> dict:
    """A controlled characteristic belongs to a control plan of its unit (or above)."""
    from amelio.riskanalysis.models import ControlPlan

    plan = ControlPlan.objects.filter(org_unit=unit).first() or ControlPlan.objects.create(
        title="Sample control plan", org_unit=unit
    )
    return {"plan": plan.pk}


def _control_characteristic(unit, user) -> dict:
    """A control record belongs to a measured characteristic of its unit, limits 0 to 10."""
    from amelio.riskanalysis.models import ControlCharacteristic

    characteristic = ControlCharacteristic.objects.filter(org_unit=unit).first()
    if characteristic is None:
        characteristic = ControlCharacteristic.objects.create(
            plan_id=_control_plan(unit, user)["plan"],
            org_unit=unit,
            name="Sample characteristic",
            lsl=0,
            usl=10,
        )
    return {"characteristic": characteristic.pk}


PREREQUISITES = {
    "audits.finding": _finding_audit,
    "safety.assessment": _line_duerp,
    "documents.documentversion": _version_document,
    "environment.wastemovement": _waste_stream,
    "environment.wastestream": _waste_code,
    "environment.installation": _icpe_site,
    "environment.drill": _emergency,
    "energy.reading": _energy_meter,
    "compliance.legalrequirement": _legal_text,
    "compliance.textrule": _legal_text,
    "compliance.applicability": _new_legal_text,
    "compliance.evaluation": _legal_requirement,
    "compliance.gapassessment": _framework,
    "compliance.clauseanswer": _gap_assessment,
    "compliance.equipment": _equipment_category,
    "compliance.inspection": _equipment,
    "compliance.observation": _inspection,
    "training.attendance": _training_session,
    "training.trainingplan": _training_plan_year,
    "training.personskill": _competence_skill,
    "training.qualification": _competence_skill,
    "training.competencerequirement": _competence_job,
    "suppliers.suppliercontact": _supplier,
    "suppliers.certification": _supplier,
    "suppliers.delivery": _supplier,
    "suppliers.criterion": _evaluation_scheme,
    "suppliers.supplierevaluation": _supplier_evaluation,
    "suppliers.offer": _specification_in_consultation,
    "customers.campaign": _campaign_survey,
    "customers.response": _response_campaign,
    "customers.journeystage": _journey,
    "customers.touchpoint": _journey_stage,
    "riskanalysis.fmealine": _line_fmea,
    "riskanalysis.haccphazard": _haccp_step,
    "riskanalysis.hazopdeviation": _hazop_node,
    "riskanalysis.controlcharacteristic": _control_plan,
    "riskanalysis.controlrecord": _control_characteristic,
}


def sample_data(register, unit, user, marker: str = "Sample") -> dict:
    """POST data for the register's form that is valid for `user` in `unit`."""
    prerequisite = PREREQUISITES.get(register.key)
    extra = prerequisite(unit, user) if prerequisite else {}
    form = register.get_form_class()(user=user)
    data = {}
    for name, field in form.fields.items():
        if name == "version":
            continue
        data[name] = form_value(field, name, unit, user, marker)
    data.update(getattr(register, "example", {}))
    data.update(extra)
    return data


def make_record(register, unit, user, marker: str = "Sample") -> Record:
    """A saved record, through the register's own form and the create service."""
    from amelio.core import services

    form = register.get_form_class()(sample_data(register, unit, user, marker), user=user)
    assert form.is_valid(), form.errors
    return services.record_create(record=form.save(commit=False), user=user, m2m_save=form.save_m2m)


def also_coordinating(person, unit) -> None:
    """Give `person` the coordinator's role on `unit` as well: the tests that write a record of
    every register as a site's manager need it for the registers of settings that ask the
    right to approve (`REQUIRED_ACTIONS`: retention rules, legal holds, purge runs). The scope
    stays the same site."""
    from amelio.core.models import RoleAssignment
    from amelio.core.permissions import Role

    RoleAssignment.objects.create(user=person, org_unit=unit, role=Role.COORDINATOR)
