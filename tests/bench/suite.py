"""What is measured: the cases of the issue, for a coordinator (whole organisation) and a
site manager (scoped to 1 site of 50), and the coverage of every filter and sort offered."""

from __future__ import annotations

import math
from dataclasses import dataclass

from amelio.context.models import ContextIssue
from amelio.core.models import OrgUnit, User
from amelio.core.registry import registry
from tests.bench import generate, measure
from tests.bench.measure import API_HEADERS, HTMX_HEADERS, Case

PER_PAGE = 25
COVERAGE_REPEAT = 10
FILTER_SAMPLES = {
    "origin": "external",
    "swot": "threat",
    "pestel": "legal",
    "domain": "energy",
    "impact": "4",
    "trend": "worsening",
    "climate_related": "true",
}


@dataclass
class World:
    """The users, URLs and counts the cases need, read from the generated database."""

    register: object
    users: dict
    site: OrgUnit
    detail_pk: int
    visible: dict
    export_rows: dict

    @classmethod
    def load(cls) -> World:
        """Read the bench organisation back from the database."""
        register = registry.for_model(ContextIssue)
        users = {
            "coordinator": User.objects.get(username=generate.COORDINATOR),
            "manager": User.objects.get(username=generate.MANAGER),
        }
        site = OrgUnit.objects.get(code="S01")
        in_site = ContextIssue.objects.filter(
            org_unit__path__startswith=site.path, archived_at__isnull=True
        ).order_by("id")
        detail_pk = in_site.values_list("pk", flat=True)[in_site.count() // 2]
        visible, export_rows = {}, {}
        for label, user in users.items():
            active = register.queryset_for(user).filter(archived_at__isnull=True)
            visible[label] = active.count()
            export_rows[label] = active.filter(domain=generate.EXPORT_DOMAIN).count()
        return cls(register, users, site, detail_pk, visible, export_rows)

    def describe(self) -> dict:
        """What the report says about the data set."""
        return {
            "visible": self.visible,
            "export_rows": self.export_rows,
            "detail_pk": self.detail_pk,
            "search_word": generate.SEARCH_WORD,
            "site": self.site.code,
        }

    def api_url(self) -> str:
        """The API list of the benchmarked register."""
        return f"/api/v1/{self.register.app_label}/{self.register.url_slug}/"

    def url(self, action: str, *args) -> str:
        """A URL of the benchmarked register."""
        return self.register.url(action, *args)


def page_cases(world: World, user_label: str, args) -> list[Case]:
    """The list, detail, API and export cases of the issue, as `user_label`."""
    repeat = args.repeat
    lst = world.url("list")
    api = world.api_url()
    last = max(1, math.ceil(world.visible[user_label] / PER_PAGE))
    word = generate.SEARCH_WORD
    cases = [
        Case("list_first", "List, first page", lst, repeat),
        Case("list_filtered", "List, filtered (swot=threat)", f"{lst}?swot=threat", repeat),
        Case(
            "list_filtered_htmx",
            "List, filtered, htmx partial",
            f"{lst}?swot=threat",
            repeat,
            headers=HTMX_HEADERS,
        ),
        Case("list_searched", f"List, searched (q={word})", f"{lst}?q={word}", repeat),
        Case("list_sorted_impact", "List, sorted (-impact)", f"{lst}?sort=-impact", repeat),
        Case("list_sorted_title", "List, sorted (title)", f"{lst}?sort=title", repeat),
        Case("list_last", f"List, last page ({last})", f"{lst}?page={last}", repeat),
        Case("list_per100", "List, first page, 100 per page", f"{lst}?per_page=100", repeat),
        Case("detail", "Detail page", world.url("detail", world.detail_pk), repeat),
        Case("api_list", "API list", api, repeat, headers=API_HEADERS),
        Case("api_filtered", "API list, filtered", f"{api}?swot=threat", repeat, API_HEADERS),
        Case(
            "api_last", f"API list, last page ({last})", f"{api}?page={last}", repeat, API_HEADERS
        ),
        Case("api_per100", "API list, 100 per page", f"{api}?page_size=100", repeat, API_HEADERS),
    ]
    if args.main:
        rows = world.export_rows[user_label]
        cases.append(
            Case(
                "export_xlsx",
                f"XLSX export ({rows:,} rows)",
                world.url("export", "xlsx") + f"?domain={generate.EXPORT_DOMAIN}",
                args.export_repeat,
                warmup=1,
                memory=True,
                rows=rows,
            )
        )
    return cases


def measure_case(world: World, user_label: str, case: Case) -> dict:
    """One case, measured with a fresh logged-in client."""
    client = measure.logged_in(world.users[user_label])
    return measure.run_case(client, case, world.register.model._meta.db_table, user_label)


def coverage_params(world: World) -> list[tuple[str, str]]:
    """(kind, query string) for every filter and every sort (both ways) the list offers."""
    register = world.register
    owner = world.users["manager"].pk
    params = []
    for name in register.filters:
        if name == "org_unit":
            params.append(("filter", f"org_unit={world.site.pk}"))
        elif name == "owner":
            params.append(("filter", f"owner={owner}"))
        elif name in FILTER_SAMPLES:
            params.append(("filter", f"{name}={FILTER_SAMPLES[name]}"))
    params.append(("search", f"q={generate.SEARCH_WORD}"))
    for name in [*register.sort_fields, "created_at"]:
        params += [("sort", f"sort={name}"), ("sort", f"sort=-{name}")]
    return params


def coverage(world: World, args, log) -> list[dict]:
    """Every filter and sort of the list, as the coordinator: page time, SQL time, plans."""
    log("  coverage of every filter and sort (coordinator)")
    client = measure.logged_in(world.users["coordinator"])
    table = world.register.model._meta.db_table
    results = []
    for kind, query in coverage_params(world):
        url = f"{world.url('list')}?{query}"
        case = Case(f"cov:{query}", query, url, COVERAGE_REPEAT, warmup=1)
        result = measure.run_case(client, case, table, "coordinator")
        result["kind"] = kind
        results.append(result)
        flags = ", ".join(_flags(result["plans"])) or "index"
        log(f"    {query:<28} p50 {result['p50']:7.1f}  sql {result['bare_p50']:7.1f}  {flags}")
    return results


def _flags(plans: list[dict]) -> list[str]:
    flags = []
    if any(p["full_scan"] for p in plans):
        flags.append("full scan")
    if any(p["sort"] for p in plans):
        flags.append("sort")
    return flags
