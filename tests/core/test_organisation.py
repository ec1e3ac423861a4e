"""The org-unit tree and French identifiers."""

import pytest
from django.core.exceptions import ValidationError

from amelio.core.models import OrgUnit
from amelio.core.validators import luhn_ok, validate_siret


def test_paths_follow_the_tree(org):
    root, site, dept, unit = org["root"], org["a"], org["a_dept"], org["a_unit"]
    assert site.path == f"/{root.pk:08d}/{site.pk:08d}/"
    assert unit.path == f"/{root.pk:08d}/{site.pk:08d}/{dept.pk:08d}/{unit.pk:08d}/"
    assert (root.depth, site.depth, dept.depth, unit.depth) == (0, 1, 2, 3)
    assert unit.site == site
    assert list(unit.ancestors()) == [root, site, dept, unit]


def test_moving_a_department_moves_its_units(org):
    dept, unit, site_b = org["a_dept"], org["a_unit"], org["b"]
    dept.parent = site_b
    dept.save()
    unit.refresh_from_db()
    assert unit.path == f"{site_b.path}{dept.pk:08d}/{unit.pk:08d}/"
    assert unit.site == site_b


def test_kinds_go_under_the_right_parent(org):
    with pytest.raises(ValidationError) as error:
        OrgUnit(kind="site", name="X", code="X", parent=org["a"]).full_clean()
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError):
        OrgUnit(kind="organisation", name="Y", code="Y", parent=org["root"]).full_clean()
    OrgUnit(kind="work_unit", name="Z", code="Z", parent=org["a"]).full_clean()


def test_a_unit_cannot_go_under_itself(org):
    dept = org["a_dept"]
    dept.parent = org["a_unit"]
    with pytest.raises(ValidationError):
        dept.full_clean()


@pytest.mark.parametrize(
    "siret", ["81234567600017", "73282932000074", "35600000000048", "35600000000010"]
)
def test_valid_siret(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "code"),
    [
        ("81234567600018", "siret_checksum"),
        ("8123456760001", "siret_format"),
        ("8123456760001A", "siret_format"),
    ],
)
def test_invalid_siret(siret, code):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert error.value.code == code


def test_luhn():
    assert luhn_ok("732829320")
    assert not luhn_ok("732829321")


def test_tree_order_follows_the_hierarchy(db):
    root = OrgUnit.objects.create(kind="organisation", name="Root", code="R")
    first = OrgUnit.objects.create(kind="site", name="First", code="S1", parent=root)
    second = OrgUnit.objects.create(kind="site", name="Second", code="S2", parent=root)
    late_child = None
    for index in range(9):
        late_child = OrgUnit.objects.create(
            kind="department", name=f"D{index}", code=f"D{index}", parent=second
        )
    early_child = OrgUnit.objects.create(kind="department", name="Late", code="DL", parent=first)
    order = list(OrgUnit.objects.order_by("path").values_list("code", flat=True))
    assert order.index("DL") < order.index("S2")
    assert order[-1] == late_child.code
    assert early_child.depth == 2
