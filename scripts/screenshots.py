"""Screenshots of the user guide, taken on the demo company.

    .venv/bin/python scripts/screenshots.py [--out docs/img] [--port 8765] [--only swot,home]
                                            [--var-dir var]

The demo is loaded into a throw-away AMELIO_VAR_DIR (`amelio demo --no-serve`), or into
`--var-dir` (an empty folder, or one holding the demo only), served by `amelio serve` on
127.0.0.1, then Debian's Chromium (driven by Playwright) logs in as the QSE coordinator, adds a
little life to the demo through the interface (a comment, a file, an edit, a policy draft in
review, an action answering two records) and saves PNGs 1280 px wide (800 px tall, or cropped
to what the shot shows): French first, then English ones with the suffix `-en`. The real
database is never touched.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from openpyxl import Workbook
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PASSWORD = "amelio-demo"
ISSUE = "Épisodes de canicule en été dans les ateliers"
UPDATED_ISSUE = "Cobotique accessible aux PME"
# The action that comes to answer a second record, and the done action whose check is shown.
COBOT_ACTION = "Installer un robot collaboratif au pliage"
DONE_ACTION = "Sensibilisation cybersécurité de tout le personnel"
QSE_PLAN = "Plan d'actions QSE"
# The process whose sheet is shown (its risks fill the filtered list), a risk with reviews and
# an action, the matrix shown.
PROCESS = "R-USI"
RISK_PROCESS = "R-SOU"
RISK = "Fumées de soudage"
MATRIX = "PG-4x4"
# The accident whose cause tree is shown, found by a word of its title.
TREE_EVENT = "poinçon"
# The emergency situation whose drills are shown, found by a word of its title.
EMERGENCY = "peinture"


@dataclass
class Shot:
    """One screenshot: a name, a page to open and what to do before shooting."""

    name: str
    url: str | Callable[[dict], str]
    english: bool = True
    ready: str = "main"
    scroll_to: str | None = None
    full_page: bool = False
    before: Callable[[Page, dict], None] | None = None
    # What the shot needs prepared first: "context" (evidence, edit, draft), "actions", or
    # "risks", "audits", "safety", "icpe", "energy" or "compliance" (only find the pages shown: the demo is
    # not changed), or
    # another word when the shot needs nothing prepared.
    needs: str = "context"
    # Crop the PNG (still 1280 px wide) just below these elements (the lowest of them) instead
    # of the window's bottom; `height` makes the window taller for a page that needs it.
    crop_to: str | None = None
    height: int = VIEWPORT["height"]
    # Browser zoom, for a page that needs more than 1280 CSS pixels (0.8: laid out on 1600).
    zoom: float = 1


# ---------------------------------------------------------------- demo server


def server_env(var_dir: Path) -> dict:
    """Environment of the demo server: its own var directory, never DATABASE_URL."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "AMELIO_DEBUG"}}
    env.update(
        AMELIO_VAR_DIR=str(var_dir),
        AMELIO_HOME=str(var_dir),
        AMELIO_MEDIA_ROOT=str(var_dir / "media"),
        DJANGO_SETTINGS_MODULE="amelio.settings",
    )
    return env


def amelio(*args: str) -> list[str]:
    """The command line of `amelio <args>` with this interpreter."""
    return [sys.executable, "-m", "amelio.cli", *args]


def start_demo_server(var_dir: Path, port: int, log) -> subprocess.Popen:
    """Load the demo into `var_dir` and serve it on 127.0.0.1:`port`."""
    env = server_env(var_dir)
    subprocess.run(amelio("demo", "--no-serve"), env=env, check=True, stdout=log, stderr=log)
    server = subprocess.Popen(
        amelio("serve", "--addrport", f"127.0.0.1:{port}"),
        env=env,
        stdout=log,
        stderr=log,
    )
    wait_for(f"http://127.0.0.1:{port}/accounts/login/", server)
    return server


def wait_for(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    """Poll `url` until it answers 200; fail if the server process dies or is too slow."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the demo server stopped (exit code {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the demo server did not answer on {url}")


def stop(server: subprocess.Popen) -> None:
    """Stop the server we started."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# ---------------------------------------------------------------- files made up for the demo


def import_workbook(rows: list[list]) -> bytes:
    """An XLSX whose first row names the columns, as an export does."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Enjeux"
    sheet.append(
        ["reference", "title", "org_unit", "origin", "swot", "pestel", "impact", "trend", "owner"]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_import(reference: str) -> bytes:
    """Two new issues and one update: a clean dry run."""
    return import_workbook(
        [
            ["", "Pénurie de composants électroniques", "FMR", "external", "threat",
             "economic", 3, "worsening", "coordinator"],
            ["", "Plan de formation soudure avec le lycée pro", "LYO", "internal", "strength",
             "", 2, "improving", "manager"],
            [reference, UPDATED_ISSUE, "LYO", "external", "opportunity", "technological", 3,
             "improving", "manager"],
        ]
    )  # fmt: skip


def bad_import() -> bytes:
    """Rows the register's rules refuse: an internal threat, an unknown owner."""
    return import_workbook(
        [
            ["", "Grève des transporteurs", "FMR", "internal", "threat", "social", 2, "stable",
             "coordinator"],
            ["", "Nouvelle norme ISO 14001", "FMR", "external", "opportunity", "legal", 2,
             "stable", "nobody"],
        ]
    )  # fmt: skip


MEASURES_CSV = (
    "date;atelier;température max (°C)\n"
    "2025-07-01;Tôlerie;34.5\n2025-07-02;Tôlerie;36.1\n2025-07-03;Peinture;38.2\n"
).encode()


# ---------------------------------------------------------------- browsing helpers


def log_in(page: Page, username: str = "coordinator") -> None:
    """Log in through the form."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def set_language(page: Page, code: str) -> None:
    """Press FR or EN in the top bar."""
    page.click(f"button[name=language][value={code}]")
    page.wait_for_selector(f"html[lang={code}]")


def open_issue(page: Page, title: str) -> str:
    """Find an issue by its title in the list, open it and return its detail path."""
    page.goto(f"/context/issues/?q={title.split()[0]}")
    with page.expect_navigation():
        page.get_by_role("link", name=title).first.click()
    return urlparse(page.url).path


def save_form(page: Page) -> None:
    """Submit the record form (htmx) and wait for the detail page."""
    page.click("#record-form button[type=submit]")
    page.wait_for_url(lambda url: "/add/" not in url and "/edit/" not in url)


# ---------------------------------------------------------------- preparation


def prepare(page: Page, needs: set[str]) -> dict:
    """Give the demo what the chosen shots show."""
    found: dict = {}
    if "context" in needs:
        found.update(prepare_context(page))
    if "actions" in needs:
        found.update(prepare_actions(page))
    if "risks" in needs:
        found.update(prepare_risks(page))
    if "audits" in needs:
        found.update(prepare_audits(page))
    if "safety" in needs:
        found.update(prepare_safety(page))
    if "icpe" in needs:
        found.update(prepare_icpe(page))
    if "energy" in needs:
        found.update(prepare_energy(page))
    if "compliance" in needs:
        found.update(prepare_compliance(page))
    return found


def prepare_context(page: Page) -> dict:
    """Evidence, an edit, a policy draft in review."""
    found = {"issue": open_issue(page, ISSUE)}
    page.fill("#comment-body", "Relevés de juillet joints ; prévoir des brumisateurs en tôlerie.")
    with page.expect_navigation():
        page.click("#evidence form[action$='/comment/'] button")
    page.set_input_files(
        "#evidence-file",
        {"name": "releves-temperature-2025.csv", "mimeType": "text/csv", "buffer": MEASURES_CSV},
    )
    page.fill("#evidence-desc", "Relevés de température, juillet")
    with page.expect_navigation():
        page.click("#evidence form[action$='/attach/'] button")
    page.goto(found["issue"] + "edit/")
    page.select_option("#id_impact", "4")
    page.select_option("#id_trend", "worsening")
    save_form(page)
    found["text"] = draft_policy(page)
    found["reference"] = reference_of(page, UPDATED_ISSUE)
    return found


def draft_policy(page: Page) -> str:
    """A new version of the QSE policy, submitted for review; returns its detail path."""
    page.goto("/context/texts/add/")
    page.select_option("#id_kind", "policy")
    page.fill("#id_title", "Politique QSE")
    page.select_option("#id_org_unit", index=1)
    page.fill("#id_version_label", "2027")
    page.fill("#id_standards", "ISO 9001, ISO 14001, ISO 45001, ISO 50001")
    page.fill(
        "#id_body",
        "La direction s'engage à livrer des pièces conformes, à protéger la santé de chacun, "
        "à prévenir la pollution et à réduire de 25 % la consommation d'énergie d'ici 2030.",
    )
    page.fill("#id_effective_date", "2027-01-01")
    save_form(page)
    with page.expect_navigation():
        page.click("form[action$='/transition/submit/'] button")
    return urlparse(page.url).path


def reference_of(page: Page, title: str) -> str:
    """The reference of an issue, as the list shows it."""
    page.goto(f"/context/issues/?q={title.split()[0]}")
    return page.locator("#results tbody tr").first.locator("td").first.inner_text().strip()


def first_result(page: Page, list_url: str) -> str:
    """The detail path of the first record of a (searched) list."""
    page.goto(list_url)
    return page.locator("#results tbody tr").first.locator("a").first.get_attribute("href") or ""


def link_action(page: Page, record: str, reference: str, role: str) -> None:
    """Link an existing action to a record from the record's Actions panel."""
    page.goto(record)
    page.fill("#link-ref", reference)
    page.select_option("#link-role", role)
    with page.expect_navigation():
        page.click("form[action$='/links/add/'] button[type=submit]")


def prepare_actions(page: Page) -> dict:
    """The cobot action also answers the cobotics opportunity; paths of the pages shown."""
    page.goto(f"/actions/actions/?q={COBOT_ACTION.split()[2]}")
    reference = page.locator("#results tbody tr").first.locator("td").first.inner_text().strip()
    issue = open_issue(page, UPDATED_ISSUE)
    link_action(page, issue, reference, "improvement")
    return {
        "cobot_issue": issue,
        "plan": first_result(page, "/actions/plans/?q=QSE"),
        "done_action": first_result(page, f"/actions/actions/?q={DONE_ACTION.split()[0]}"),
    }


def prepare_risks(page: Page) -> dict:
    """Paths of a reviewed, treated risk and of the 4 x 4 matrix (the demo as loaded)."""
    page.goto("/scoring/matrices/")
    matrix = page.get_by_role("link", name=MATRIX, exact=True).first.get_attribute("href")
    return {
        "risk": first_result(page, f"/risks/risks/?q={RISK.split()[0]}"),
        "process": first_result(page, f"/processes/processes/?q={PROCESS}"),
        "matrix": matrix or "",
    }


def prepare_audits(page: Page) -> dict:
    """Paths of the demo programme, of a signed-off audit and of the audit in preparation."""
    return {
        "programme": first_result(page, "/audits/programmes/"),
        "closed_audit": first_result(page, "/audits/audits/?status=closed"),
        "prepared_audit": first_result(page, "/audits/audits/?status=prepared"),
    }


def prepare_safety(page: Page) -> dict:
    """Paths of the Vénissieux DUERP and of the cause tree of the press brake accident."""
    return {
        "duerp": first_result(page, "/safety/duerp/?q=V%C3%A9nissieux"),
        "tree": first_result(page, f"/safety/events/?q={TREE_EVENT}") + "cause-tree/",
    }


def prepare_icpe(page: Page) -> dict:
    """Paths of the Vénissieux ICPE file and of an emergency situation with its drills."""
    return {
        "icpe_site": first_result(page, "/environment/icpe/?q=V%C3%A9nissieux"),
        "emergency": first_result(page, f"/environment/emergencies/?q={EMERGENCY}"),
    }


def prepare_energy(page: Page) -> dict:
    """Path of the first EnPI (the demo as loaded)."""
    return {"enpi": first_result(page, "/energy/enpis/")}


def prepare_compliance(page: Page) -> dict:
    """Paths of Roanne's legal register and of the ISO 9001 gap assessment."""
    page.goto("/compliance/register/sites/")
    site = page.locator("#sites-table a", has_text="Roanne").first.get_attribute("href") or ""
    return {
        "compliance_site": site,
        "assessment": first_result(page, "/compliance/assessments/?q=9001"),
    }


def public_form_url(page: Page) -> str:
    """The public reporting address of the first site with an open link (posters page)."""
    page.goto("/safety/reports/posters/")
    return page.locator("a[href*='/safety/report/']").first.get_attribute("href") or ""


def filter_on_process(page: Page, _found: dict) -> None:
    """Filter the risks list on one process: the filter form (htmx) answers a change."""
    select = page.locator("form.amelio-filters select[name=process]")
    label = next(
        text for text in select.locator("option").all_inner_texts() if text.startswith(RISK_PROCESS)
    )
    with page.expect_response(lambda response: "process=" in response.url):
        select.select_option(label=label)
    page.wait_for_load_state("networkidle")


def open_move_menu(page: Page, _found: dict) -> None:
    """Open the "Move to…" menu of a card to verify whose check the owner may not do."""
    card = page.locator(".kanban-column[data-state=done] [data-card]:not([data-refusals='{}'])")
    card.first.locator("[data-bs-toggle=dropdown]").click()
    page.wait_for_selector(".kanban-column .dropdown-menu.show")


def upload(page: Page, name: str, content: bytes) -> None:
    """Upload a workbook on the import page and wait for the dry run."""
    page.set_input_files(
        "#import-file",
        {
            "name": name,
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": content,
        },
    )
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector(".alert")


def open_menu(page: Page, _found: dict) -> None:
    """Open the user menu of the top bar."""
    page.click("nav.amelio-topbar .dropdown-toggle")


# ---------------------------------------------------------------- the shots


SHOTS = [
    Shot("home", "/"),
    Shot("user-menu", "/", english=False, before=open_menu),
    Shot("issues-list", "/context/issues/?origin=external&impact=3&sort=-impact"),
    Shot("issue-detail", lambda f: f["issue"]),
    Shot("issue-evidence", lambda f: f["issue"], scroll_to="#evidence"),
    Shot("issue-form", "/context/issues/add/"),
    Shot(
        "issue-form-errors",
        "/context/issues/add/",
        english=False,
        before=lambda page, _f: invalid_issue(page),
    ),
    Shot("swot", "/context/issues/swot/"),
    Shot("swot-full", "/context/issues/swot/", english=False, full_page=True),
    Shot("pestel", "/context/issues/pestel/"),
    Shot("parties-grid", "/context/parties/grid/"),
    Shot("text-detail", lambda f: f["text"]),
    Shot("history", lambda f: f["issue"] + "history/"),
    Shot(
        "import-preview",
        "/context/issues/import/",
        before=lambda page, f: upload(page, "enjeux.xlsx", good_import(f["reference"])),
    ),
    Shot(
        "import-errors",
        "/context/issues/import/",
        english=False,
        before=lambda page, _f: upload(page, "enjeux-erreurs.xlsx", bad_import()),
    ),
    Shot("organisation", "/organisation/"),
    Shot("permissions", "/organisation/permissions/", english=False),
    Shot("api-docs", "/api/v1/docs/", english=False, ready=".swagger-ui .info"),
    Shot("action-plan", lambda f: f["plan"], scroll_to="#plan-progress", needs="actions"),
    Shot(
        "actions-list",
        "/actions/actions/?status=in_progress&sort=-due_date",
        scroll_to="#results",
        needs="actions",
    ),
    Shot("actions-panel", lambda f: f["cobot_issue"], scroll_to="#actions", needs="actions"),
    Shot("action-detail", lambda f: f["done_action"], needs="actions"),
    Shot(
        "actions-kanban",
        "/actions/actions/kanban/",
        ready="[data-kanban]",
        before=open_move_menu,
        needs="actions",
    ),
    Shot("actions-gantt", "/actions/actions/gantt/", ready="#gantt .main-svg", needs="actions"),
    Shot(
        "actions-dashboard",
        "/actions/actions/dashboard/",
        ready="#actions-chart .main-svg",
        scroll_to="#kpis",
        needs="actions",
    ),
    Shot("processes-map", "/processes/map/", crop_to="details.pm-details", needs="risks"),
    Shot(
        "process-sheet",
        lambda f: f["process"],
        crop_to="main .row.g-3.mt-1.small",
        needs="risks",
    ),
    Shot(
        "risks-list",
        "/risks/risks/",
        before=filter_on_process,
        crop_to="#results",
        zoom=0.8,
        height=1000,  # the sidebar is as tall as the window: zoomed, it must reach the crop
        needs="risks",
    ),
    Shot(
        "risk-detail",
        lambda f: f["risk"],
        ready="#risk-evolution .main-svg",
        scroll_to="#assessment",
        crop_to="#reviews",
        needs="risks",
    ),
    Shot(
        "risks-heatmap",
        "/risks/risks/heatmap/",
        crop_to="main .row.g-3.mb-3 + div",
        needs="risks",
    ),
    Shot(
        "scoring-matrix",
        lambda f: f["matrix"],
        # The grid, the first scale in French and English, the levels, the versions.
        crop_to=".card:has(#matrix-grid) + .card, main .col-xl-5 > .card:last-child",
        height=1100,
        needs="risks",
    ),
    Shot("audits-programme", lambda f: f["programme"], scroll_to="#coverage", needs="audits"),
    Shot("audits-detail", lambda f: f["closed_audit"], crop_to="#findings", needs="audits"),
    Shot("audits-indicators", "/audits/audits/indicators/", needs="audits"),
    Shot("safety-duerp", lambda f: f["duerp"], needs="safety", height=1100, zoom=0.8),
    Shot("safety-cause-tree", lambda f: f["tree"], needs="safety", height=900),
    Shot("safety-rates", "/safety/events/rates/", needs="safety", height=1000),
    Shot("environment-register", "/environment/register/legal/", needs="environment", zoom=0.8),
    Shot(
        "environment-indicators",
        "/environment/register/indicators/",
        needs="environment",
        height=1100,
    ),
    Shot(
        "environment-aspects-analysis",
        "/environment/aspects/analysis/",
        needs="environment",
        height=1000,
    ),
    Shot(
        "environment-icpe",
        lambda f: f["icpe_site"],
        # The classification, the periodic control and the obligations.
        scroll_to="#classification",
        crop_to="#obligations",
        height=1100,
        needs="icpe",
    ),
    Shot(
        "environment-emergency",
        lambda f: f["emergency"],
        crop_to="#drills",
        height=1300,
        zoom=0.8,
        needs="icpe",
    ),
    Shot(
        "energy-review",
        "/energy/readings/review/",
        ready="#stacked-chart .main-svg",
        height=1100,
        needs="energy",
    ),
    Shot(
        "energy-enpi",
        lambda f: f["enpi"],
        ready="#baseline-chart .main-svg",
        scroll_to="#baseline",
        height=1100,
        needs="energy",
    ),
    Shot(
        "compliance-site",
        lambda f: f["compliance_site"],
        height=1100,
        needs="compliance",
    ),
    Shot(
        "compliance-assessment",
        lambda f: f["assessment"],
        ready="#radar-chart .main-svg",
        scroll_to="#scores",
        height=1100,
        needs="compliance",
    ),
    Shot(
        "compliance-plan",
        "/compliance/equipment/plan/",
        height=1000,
        needs="compliance",
    ),
]


def invalid_issue(page: Page) -> None:
    """Submit an internal threat without a title: the form says what is wrong.

    The form is posted without htmx: htmx 2 does not swap the 422 answer of an invalid form.
    """
    page.select_option("#id_origin", "internal")
    page.select_option("#id_swot", "threat")
    with page.expect_navigation():
        page.locator("#record-form form").evaluate("form => form.submit()")
    page.wait_for_selector("#record-form .alert-danger")


def take(page: Page, shot: Shot, found: dict, out: Path, suffix: str) -> Path:
    """Open the shot's page, do its preparation and save the PNG."""
    page.set_viewport_size({"width": VIEWPORT["width"], "height": shot.height})
    page.goto(shot.url(found) if callable(shot.url) else shot.url)
    page.wait_for_selector(shot.ready)
    if shot.zoom != 1:
        page.evaluate(f"document.documentElement.style.zoom = '{shot.zoom}'")
    if shot.before:
        shot.before(page, found)
    if shot.scroll_to:
        page.locator(shot.scroll_to).evaluate(
            "el => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72)"
        )
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")
    path = out / f"{shot.name}{suffix}.png"
    clip = None
    if shot.crop_to:
        boxes = [box for el in page.locator(shot.crop_to).all() if (box := el.bounding_box())]
        bottom = max(round(box["y"] + box["height"]) + 12 for box in boxes)
        clip = {"x": 0, "y": 0, "width": VIEWPORT["width"], "height": min(shot.height, bottom)}
    page.screenshot(path=str(path), full_page=shot.full_page, clip=clip)
    page.set_viewport_size(VIEWPORT)
    return path


def shoot_login(browser, base_url: str, out: Path) -> list[Path]:
    """The login page, in a French then an English browser."""
    paths = []
    for language, suffix in (("fr-FR", ""), ("en-GB", "-en")):
        context = browser.new_context(
            base_url=base_url,
            viewport=VIEWPORT,
            locale=language,
            extra_http_headers={"Accept-Language": language},
        )
        page = context.new_page()
        page.goto("/accounts/login/")
        page.wait_for_load_state("networkidle")
        paths.append(out / f"login{suffix}.png")
        page.screenshot(path=str(paths[-1]))
        context.close()
    return paths


def shoot_phone(browser, base_url: str, out: Path) -> list[Path]:
    """On a 390 x 844 phone: the list, then the off-canvas menu opened by the Menu button."""
    context = browser.new_context(
        base_url=base_url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR"},
    )
    page = context.new_page()
    log_in(page)
    page.goto("/context/issues/")
    paths = [out / "phone-list.png", out / "phone-menu.png"]
    page.screenshot(path=str(paths[0]))
    page.click("button[data-bs-target='#sidebar']")
    page.wait_for_selector("#sidebar.show")
    page.wait_for_timeout(400)  # the off-canvas slides in
    page.screenshot(path=str(paths[1]))
    page.goto(first_result(page, "/audits/audits/?status=prepared") + "checklist/")
    paths.append(out / "audits-checklist-phone.png")
    page.screenshot(path=str(paths[-1]))
    public = public_form_url(page)
    context.close()
    # The public form as someone in the workshop sees it: no account, a phone.
    anonymous = browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR"},
    )
    page = anonymous.new_page()
    page.goto(public)
    paths.append(out / "safety-public-phone.png")
    page.screenshot(path=str(paths[-1]))
    anonymous.close()
    return paths


def shoot_all(browser, base_url: str, out: Path, only: set[str]) -> list[Path]:
    """Every shot as the coordinator, French then English."""
    paths = shoot_login(browser, base_url, out) if not only or "login" in only else []
    context = browser.new_context(
        base_url=base_url,
        viewport=VIEWPORT,
        locale="fr-FR",
        extra_http_headers={"Accept-Language": "fr-FR"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page)
    shots = [s for s in SHOTS if not only or s.name in only]
    found = prepare(page, {shot.needs for shot in shots})
    for language, suffix in (("fr", ""), ("en", "-en")):
        page.goto("/")
        set_language(page, language)
        for shot in shots:
            if suffix and not shot.english:
                continue
            paths.append(take(page, shot, found, out, suffix))
            print(f"  {paths[-1]}")
    set_language(page, "fr")
    context.close()
    if not only or "phone" in only:
        paths += shoot_phone(browser, base_url, out)
    return paths


def main() -> None:
    """Serve the demo, take the screenshots, stop the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--only", default="", help="comma-separated shot names")
    parser.add_argument(
        "--var-dir", type=Path, help="data folder of the demo (default: a temporary one)"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    with tempfile.TemporaryDirectory(prefix="amelio-shots-") as tmp:
        var_dir = args.var_dir.resolve() if args.var_dir else Path(tmp)
        var_dir.mkdir(parents=True, exist_ok=True)
        log_path = var_dir / "server.log"
        with log_path.open("w") as log:
            server = start_demo_server(var_dir, args.port, log)
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(
                        executable_path=args.chromium, args=CHROMIUM_ARGS
                    )
                    paths = shoot_all(browser, f"http://127.0.0.1:{args.port}", args.out, only)
                    browser.close()
            except Exception:
                log.flush()
                print(log_path.read_text()[-4000:], file=sys.stderr)
                raise
            finally:
                stop(server)
    print(f"{len(paths)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
