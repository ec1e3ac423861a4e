"""The process map layout: pure geometry checked against hand-computed coordinates."""

from hypothesis import given
from hypothesis import strategies as st

from amelio.processes.computations import (
    BANDS,
    BOX_MIN_WIDTH,
    Node,
    band_columns,
    interactions,
    layout_map,
    wrap_label,
)


def _small_map():
    nodes = [
        Node(1, "operational", "R-A", "Sales", 1),
        Node(2, "operational", "R-B", "Production", 2),
        Node(3, "management", "M-A", "Management review", 1),
    ]
    # (1, 1) is a loop and 9 is unknown: both ignored.
    return layout_map(nodes, [(1, 2), (3, 1), (2, 1), (1, 1), (9, 1)])


def test_bands_stack_with_an_empty_support_band():
    layout = _small_map()
    assert (layout.width, layout.height) == (1120.0, 370.0)
    assert [(b.name, b.x, b.y, b.width, b.height, b.empty) for b in layout.bands] == [
        ("management", 90.0, 8.0, 940.0, 110.0, False),
        ("operational", 90.0, 142.0, 940.0, 110.0, False),
        ("support", 90.0, 276.0, 940.0, 86.0, True),
    ]
    assert layout.left == (8, 8, 72, 354.0)
    assert layout.right == (1040.0, 8, 72, 354.0)
    assert layout.left_path == "M8.0 8.0 H58.0 L80.0 185.0 L58.0 362.0 H8.0 Z"


def test_boxes_are_centred_in_their_band_in_order():
    boxes = {b.id: b for b in _small_map().boxes}
    assert (boxes[3].x, boxes[3].y, boxes[3].width, boxes[3].height) == (475.0, 38.0, 170.0, 64)
    assert (boxes[1].x, boxes[1].y) == (375.0, 172.0)
    assert (boxes[2].x, boxes[2].y) == (575.0, 172.0)
    assert boxes[1].text_rows == [(200.5, "R-A", True), (214.5, "Sales", False)]


def test_arrows_join_box_edges_and_keep_two_directions_apart():
    arrows = [(a.source, a.target, a.path, a.kind) for a in _small_map().arrows]
    assert arrows == [
        (1, 2, "M548.0 209.0 L572.0 209.0", "chain"),
        (3, 1, "M529.9 102.0 L482.1 166.0", "link"),
        (2, 1, "M572.0 199.0 L548.0 199.0", "chain"),
    ]


def test_distant_boxes_of_a_row_are_joined_by_an_arc():
    nodes = [Node(i, "operational", f"R-{i}", f"Process {i}", i) for i in (1, 2, 3)]
    layout = layout_map(nodes, [(1, 3), (3, 1)])
    # Three boxes 170 wide, 30 apart (570), centred in 940 from x=90: 90 + 185 = 275.
    assert [b.x for b in layout.boxes] == [275.0, 475.0, 675.0]
    # The empty management band is 86 high: the boxes start at 8 + 86 + 24 + 30 = 148.
    # Rightwards over the top edge (148 - 3), leftwards under the bottom (148 + 64 + 3),
    # 10 px off the centres (360 and 760), lifted by 26.
    assert [a.path for a in layout.arrows] == [
        "M370.0 145.0 Q560.0 119.0 750.0 145.0",
        "M750.0 215.0 Q560.0 241.0 370.0 215.0",
    ]


def test_many_processes_wrap_onto_rows():
    nodes = [Node(i, "support", f"S-{i:02d}", f"Support {i}", i) for i in range(1, 9)]
    layout = layout_map(nodes, [])
    columns = band_columns(940 - 32)
    assert columns == 6
    rows = [b.row for b in layout.boxes]
    assert rows == [0] * 6 + [1] * 2
    support = layout.bands[2]
    assert support.height == 30 + 2 * 64 + 24 + 16
    second_row = [b for b in layout.boxes if b.row == 1]
    assert [b.y for b in second_row] == [support.y + 30 + 64 + 24] * 2
    assert all(b.width == layout.boxes[0].width >= BOX_MIN_WIDTH for b in layout.boxes)


def test_an_empty_organisation_still_gets_its_three_bands():
    layout = layout_map([], [])
    assert [b.empty for b in layout.bands] == [True, True, True]
    assert (layout.boxes, layout.arrows) == ([], [])
    assert layout.height == 8 + 3 * 86 + 2 * 24 + 8


def test_long_names_are_cut_into_three_lines_at_most():
    lines = wrap_label(
        "Management de la santé, de la sécurité et de l'environnement au travail", 127
    )
    assert len(lines) == 3
    assert lines[-1].endswith("…")
    assert wrap_label("Production", 127) == ("Production",)


def test_interactions_come_from_outputs_and_inputs_without_duplicates():
    flows = [
        (1, "output", 2),  # 1 feeds 2
        (2, "input", 1),  # the same, declared by 2
        (3, "input", 2),  # 2 feeds 3
        (3, "output", None),  # a flow to a party or a text
        (4, "output", 4),  # a loop
    ]
    assert interactions(flows) == [(1, 2), (2, 3)]


@given(
    st.lists(
        st.tuples(st.sampled_from(BANDS), st.integers(min_value=0, max_value=50)),
        max_size=40,
    )
)
def test_boxes_never_overlap_and_stay_inside_their_band(specs):
    nodes = [Node(i, band, f"P{i}", "Name", order) for i, (band, order) in enumerate(specs)]
    layout = layout_map(nodes, [])
    bands = {b.name: b for b in layout.bands}
    boxes = layout.boxes
    assert len(boxes) == len(nodes)
    for box in boxes:
        band = bands[box.band]
        assert band.x <= box.x and box.x + box.width <= band.x + band.width + 0.1
        assert band.y <= box.y and box.y + box.height <= band.y + band.height
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart_x = a.x + a.width <= b.x + 0.1 or b.x + b.width <= a.x + 0.1
            apart_y = a.y + a.height <= b.y or b.y + b.height <= a.y
            assert apart_x or apart_y


def test_arrows_between_management_and_support_take_a_free_lane():
    nodes = [
        Node(1, "operational", "R-A", "Sales", 1),
        Node(2, "operational", "R-B", "Production", 2),
        Node(3, "management", "M-A", "Management review", 1),
        Node(4, "support", "S-A", "HR", 1),
    ]
    layout = layout_map(nodes, [(3, 4), (4, 3)])
    # Operational boxes cover 375-545 and 575-745: the lane nearest to the two centred
    # boxes (cx 560) is the 30 px gap at 560, passed 12 px above and below the band
    # (142 - 12, 142 + 110 + 12), 5 px to one side per direction.
    assert [a.path for a in layout.arrows] == [
        "M560.0 105.0 L565.0 130.0 L565.0 264.0 L560.0 303.0",
        "M560.0 303.0 L555.0 264.0 L555.0 130.0 L560.0 105.0",
    ]
