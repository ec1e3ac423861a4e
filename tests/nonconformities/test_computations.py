"""Pure computations of nonconformities: worked examples (DOMAIN 9.6) and invariants."""

import datetime as dt
import itertools
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from amelio.nonconformities import computations as calc
from amelio.nonconformities.computations import CostEntry, Occurrence

D = Decimal


def test_pareto_worked_example():
    """Six causes totalling 100: A takes the category that crosses 80 %, B up to 95 %."""
    rows = calc.pareto(
        {"Matière": 10, "Méthode": 45, "Mesure": 2, "Main-d'œuvre": 25, "Milieu": 3, "Machine": 15}
    )
    assert [r.label for r in rows] == [
        "Méthode",
        "Main-d'œuvre",
        "Machine",
        "Matière",
        "Milieu",
        "Mesure",
    ]
    assert [r.cumulative for r in rows] == [D("0.45"), D("0.7"), D("0.85"), D("0.95"), D("0.98"), 1]
    assert [r.share for r in rows] == [
        D("0.45"),
        D("0.25"),
        D("0.15"),
        D("0.1"),
        D("0.03"),
        D("0.02"),
    ]
    assert [r.pareto_class for r in rows] == ["A", "A", "A", "B", "C", "C"]
    assert [r.label for r in rows if r.vital] == ["Méthode", "Main-d'œuvre", "Machine"]


def test_pareto_ties_sorted_by_label_and_zeros_left_out():
    rows = calc.pareto({"b": 5, "a": 5, "c": 0})
    assert [(r.label, r.cumulative, r.pareto_class) for r in rows] == [
        ("a", D("0.5"), "A"),
        ("b", D("1"), "A"),
    ]


def test_pareto_of_nothing_is_empty():
    assert calc.pareto({}) == []
    assert calc.pareto({"a": 0}) == []


@given(st.dictionaries(st.text(min_size=1, max_size=5), st.integers(0, 1000), max_size=12))
def test_pareto_invariants(values):
    rows = calc.pareto(values)
    if not rows:
        assert sum(values.values()) == 0
        return
    assert rows[-1].cumulative == 1
    assert [r.value for r in rows] == sorted((r.value for r in rows), reverse=True)
    assert all(a.cumulative < b.cumulative for a, b in itertools.pairwise(rows))
    assert rows[0].pareto_class == "A"
    assert "".join(r.pareto_class for r in rows) == "".join(sorted(r.pareto_class for r in rows))


def test_monthly_costs_worked_example():
    entries = [
        CostEntry(dt.date(2026, 1, 5), scrap=D("120.50"), rework=D("80")),
        CostEntry(dt.date(2026, 1, 28), handling=D("35.25"), penalties=D("500")),
        CostEntry(dt.date(2026, 3, 2), scrap=D("10")),
    ]
    months = calc.monthly_costs(entries)
    assert [m.month for m in months] == [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
        dt.date(2026, 3, 1),
    ]
    assert [m.total for m in months] == [D("735.75"), D("0"), D("10")]
    assert (months[0].scrap, months[0].rework, months[0].handling, months[0].penalties) == (
        D("120.50"),
        D("80"),
        D("35.25"),
        D("500"),
    )
    assert len(calc.monthly_costs(entries, fill_gaps=False)) == 2


def test_total_cost_counts_empty_amounts_as_zero():
    assert calc.total_cost(D("1.10"), None, D("2.20"), D(0)) == D("3.30")


def test_month_range_crosses_years():
    months = calc.month_range(dt.date(2025, 11, 17), dt.date(2026, 2, 1))
    assert months == [
        dt.date(2025, 11, 1),
        dt.date(2025, 12, 1),
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


@given(
    st.lists(
        st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)), st.integers(0, 10**6)),
        max_size=30,
    )
)
def test_monthly_costs_keep_the_total(rows):
    entries = [CostEntry(d, scrap=D(cents) / 100) for d, cents in rows]
    months = calc.monthly_costs(entries)
    assert sum((m.total for m in months), D(0)) == sum((e.scrap for e in entries), D(0))


def test_recurrences_within_the_window():
    occurrences = [
        Occurrence(1, dt.date(2026, 1, 1), "Bride B-12", "Rayure"),
        Occurrence(2, dt.date(2026, 1, 20), "bride  b-12", "rayure"),
        Occurrence(3, dt.date(2026, 4, 1), "Bride B-12", "Rayure"),
        Occurrence(4, dt.date(2026, 1, 2), "Bride B-12", "Soudure"),
        Occurrence(5, dt.date(2026, 1, 3), "", "Rayure"),
    ]
    found = calc.recurrences(occurrences, window_days=30)
    assert [(r.earlier, r.later, r.days) for r in found] == [(1, 2, 19)]
    assert len(calc.recurrences(occurrences, window_days=71)) == 2


def test_similarity_of_texts():
    assert calc.similarity("Rayures sur bride", "rayures sur bride") == 1.0
    assert calc.similarity("", "") == 0.0
    assert calc.similarity("Rayures sur la bride B-12", "Rayure bride B12") > calc.similarity(
        "Rayures sur la bride B-12", "Fuite d'huile presse"
    )
    assert calc.jaccard({"a", "b"}, {"b", "c"}) == 1 / 3


def test_most_similar_ranks_and_limits():
    candidates = [
        (1, "Rayures sur bride B-12"),
        (2, "Fuite d'huile sur la presse"),
        (3, "Rayure profonde bride"),
    ]
    found = calc.most_similar("rayures bride", candidates, limit=2, threshold=0.2)
    assert [key for key, _score in found] == [1, 3]


@given(st.text(max_size=40), st.text(max_size=40))
def test_similarity_is_symmetric_and_bounded(a, b):
    score = calc.similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == calc.similarity(b, a)


def test_fishbone_layout_alternates_bones():
    layout = calc.fishbone_layout([("Méthode", ["a", "b"]), ("Machine", ["c"]), ("Milieu", [])])
    assert [b.top for b in layout.bones] == [True, False, True]
    assert layout.bones[0].x_spine == layout.bones[1].x_spine
    assert layout.bones[2].x_spine > layout.bones[0].x_spine
    assert layout.bones[0].y_end < layout.spine_y < layout.bones[1].y_end
    assert [c[0] for c in layout.bones[0].causes] == ["a", "b"]
    assert all(
        0 <= c[1] <= layout.width and 0 <= c[2] <= layout.height
        for b in layout.bones
        for c in b.causes
    )


def test_crosstab_counts_and_orders_like_a_pareto():
    entries = [
        ("Machines", "Usinage", 1),
        ("Méthodes", "Usinage", 1),
        ("Machines", "Soudage", 1),
        ("Machines", "Usinage", 1),
        ("Matières", "Soudage", 1),
        ("Méthodes", "Soudage", 1),
    ]
    table = calc.crosstab(entries)
    assert table.rows == ["Machines", "Méthodes", "Matières"]
    assert table.columns == ["Soudage", "Usinage"]  # 3 each: ties in key order
    assert table.lines() == [
        ("Machines", [Decimal(1), Decimal(2)], Decimal(3)),
        ("Méthodes", [Decimal(1), Decimal(1)], Decimal(2)),
        ("Matières", [Decimal(1), Decimal(0)], Decimal(1)),
    ]
    assert table.column_totals == {"Soudage": 3, "Usinage": 3}
    assert table.total == 6


def test_crosstab_of_costs_per_quarter_is_exact_and_chronological():
    days = [dt.date(2026, 5, 4), dt.date(2025, 11, 30), dt.date(2026, 4, 1), dt.date(2026, 1, 2)]
    costs = [Decimal("100.10"), Decimal("0.20"), Decimal("50.05"), Decimal("12.00")]
    entries = [
        ("Rebut", calc.period_start(day, "quarter"), cost)
        for day, cost in zip(days, costs, strict=True)
    ]
    table = calc.crosstab(entries, columns_in_key_order=True)
    assert table.columns == [dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1)]
    assert table.lines() == [
        ("Rebut", [Decimal("0.20"), Decimal("12.00"), Decimal("150.15")], Decimal("162.35"))
    ]
    assert calc.period_start(dt.date(2026, 12, 31), "year") == dt.date(2026, 1, 1)
    assert calc.period_start(dt.date(2026, 12, 31), "month") == dt.date(2026, 12, 1)


def test_crosstab_of_nothing_is_empty():
    table = calc.crosstab([])
    assert (table.rows, table.columns, table.total) == ([], [], 0)


@given(
    st.lists(
        st.tuples(
            st.sampled_from("abc"), st.sampled_from("xyz"), st.integers(min_value=0, max_value=99)
        )
    )
)
def test_crosstab_totals_agree(entries):
    table = calc.crosstab(entries)
    assert sum(table.row_totals.values()) == sum(table.column_totals.values()) == table.total
    assert table.total == sum(amount for _r, _c, amount in entries)
    for row, amounts, total in table.lines():
        assert sum(amounts) == total == table.row_totals[row]
