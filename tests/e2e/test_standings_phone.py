"""Tables that fit a phone, and a points chart that can be read on one.

On a phone no page is wider than the screen; the place, the name and the points of every
row stay in view while the rest of a wide table scrolls sideways in a focusable region;
the chart's labels are at least 12 px as drawn, and the siblings get a scale of their own.
"""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

TITLES = ("drivers", "teams", "junior", "trophy", "female")
PAGES = [
    *(f"/standings/2021/{title}/" for title in TITLES),
    "/drivers/andreas-backman/",
    "/drivers/jessica-backman/",
    "/events/2021/estoril/",
    "/weekend/2021/",
]

# For each cell to keep in view: is it inside the screen and inside its scrolling region,
# and is it the element drawn at its own centre (not covered by the cells that scroll),
# with the region scrolled to its start and to its end?
PINNED_JS = """([table, cells]) => {
  const region = document.querySelector(table).closest('.table-scroll');
  const found = [];
  for (const row of document.querySelectorAll(table + ' tbody tr')) {
    row.scrollIntoView({block: 'center'});
    for (const left of [0, region.scrollWidth]) {
      region.scrollLeft = left;
      const box = region.getBoundingClientRect();
      for (const selector of cells) {
        const cell = row.querySelector(selector);
        if (!cell) continue;
        const r = cell.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        const inside = r.left >= Math.max(0, box.left) - 1
          && r.right <= Math.min(innerWidth, box.right) + 1;
        if (!inside || !(hit && cell.contains(hit))) {
          found.push(`${selector} of "${row.textContent.trim().slice(0, 30)}" at ${left}`);
        }
      }
    }
    region.scrollLeft = 0;
  }
  return found;
}"""

# Each drawn chart: the smallest label as rendered (its font size times the SVG's scale).
LABELS_JS = """() => [...document.querySelectorAll('.chart svg')]
  .filter(svg => svg.getClientRects().length && svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll('.chart__label')]
      .map(label => parseFloat(getComputedStyle(label).fontSize) * scale);
    // How high each featured line climbs above the chart's zero, in parts of its height.
    const grid = [...svg.querySelectorAll('.chart__grid')];
    const zero = Math.max(...grid.map(line => line.y1.baseVal.value));
    const rises = [...svg.querySelectorAll('.chart__line.is-featured')]
      .map(line => (zero - line.getBBox().y) / svg.viewBox.baseVal.height);
    return {
      smallest: Math.min(...sizes),
      yTicks: svg.querySelectorAll('.chart__grid').length,
      rises: rises,
    };
  })"""

REGIONS_JS = """() => [...document.querySelectorAll('.table-scroll')]
  .filter(region => region.scrollWidth > region.clientWidth)
  .filter(region => !(region.getAttribute('role') === 'region'
    && region.getAttribute('tabindex') === '0'
    && (region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'))))
  .map(region => region.outerHTML.slice(0, 80))"""


def page_width(page):
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("width", [320, 390])
def test_no_page_is_wider_than_a_phone(profiles_2021, open_context, width):
    page = open_context(viewport={"width": width, "height": 800})
    wider = {}
    unlabelled = {}
    for language in ("en", "sv"):
        for path in PAGES:
            page.goto(f"/{language}{path}")
            scroll_width, inner_width = page_width(page)
            if scroll_width > inner_width:
                wider[f"/{language}{path}"] = scroll_width
            if regions := page.evaluate(REGIONS_JS):
                unlabelled[f"/{language}{path}"] = regions

    assert wider == {}
    assert unlabelled == {}
    assert page.errors == []


@pytest.mark.parametrize("width", [320, 390])
def test_place_name_and_points_stay_in_view(profiles_2021, open_context, width):
    page = open_context(viewport={"width": width, "height": 800})
    hidden = {}
    for title in TITLES[:4]:
        page.goto(f"/en/standings/2021/{title}/")
        cells = ["td:first-child", "th[scope=row]", "td.total"]
        if missing := page.evaluate(PINNED_JS, [".standings-table", cells]):
            hidden[title] = missing

    page.goto("/sv/drivers/jessica-backman/")
    if missing := page.evaluate(PINNED_JS, [".driver-rounds", ["th", "td:last-child"]]):
        hidden["profile rounds"] = missing
    if missing := page.evaluate(PINNED_JS, [".career", ["th"]]):
        hidden["profile career"] = missing

    page.goto("/sv/events/2021/estoril/")
    results = ["td:first-child", "th[scope=row]"]
    if missing := page.evaluate(PINNED_JS, [".session-results", results]):
        hidden["event results"] = missing

    assert hidden == {}


@pytest.mark.parametrize("width", [320, 390, 1280])
@pytest.mark.parametrize("javascript", [True, False])
def test_the_chart_reads_at_any_width(season_2021, open_context, width, javascript):
    page = open_context(viewport={"width": width, "height": 800}, java_script_enabled=javascript)
    for title in ("drivers", "teams"):
        page.goto(f"/sv/standings/2021/{title}/")
        charts = page.evaluate(LABELS_JS)

        assert len(charts) == 2, title  # the top of the table, and the siblings up close
        assert min(chart["smallest"] for chart in charts) >= 12, (title, charts)
        if width < 600:
            assert max(chart["yTicks"] for chart in charts) <= 5, (title, charts)
        # At the top of the table's scale the siblings' lines lie on the axis; up close,
        # the higher one climbs through half of the chart's height or more, and neither
        # stays on the axis.
        assert max(charts[0]["rises"]) < 0.05, (title, charts)
        assert max(charts[1]["rises"]) >= 0.5, (title, charts)
        assert min(charts[1]["rises"]) >= 0.25, (title, charts)
    expect(page.get_by_role("img", name=re.compile("Target Competition"))).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_standings_tabs_and_csv_still_work(
    season_2021, open_context, axe, screenshot, scheme
):
    page = open_context(viewport={"width": 390, "height": 800}, color_scheme=scheme)
    page.goto("/sv/standings/2021/drivers/")
    page.evaluate("window.notReloaded = true")

    page.get_by_role("navigation", name="Mästerskapstitlar").get_by_role(
        "link", name="FIA:s juniortitel"
    ).click()

    expect(page).to_have_url(re.compile(r"/sv/standings/2021/junior/$"))
    assert page.evaluate("window.notReloaded") is True
    assert page_width(page) == [390, 390]
    region = page.get_by_role("region", name=re.compile("FIA:s juniortitel efter omgång 8"))
    region.focus()
    page.keyboard.press("End")
    expect(region).to_be_focused()
    expect(page.get_by_role("link", name=re.compile("CSV"))).to_have_attribute(
        "href", "/sv/standings/2021/junior.csv"
    )
    axe(page)
    screenshot(page, f"standings-junior-390-{scheme}")
    page.get_by_text("Diagrammets siffror som tabell").click()
    axe(page)

    page.goto("/sv/drivers/andreas-backman/")
    axe(page)
    screenshot(page, f"driver-andreas-390-{scheme}")
    page.goto("/sv/events/2021/estoril/")
    axe(page)
    screenshot(page, f"event-estoril-390-{scheme}")
    assert page.errors == []


def test_the_leaders_points_are_in_a_phones_first_screen(season_2021, open_context):
    # 390 by 844: a current phone's screen. The table comes before the title's rules
    # and the season's notes, so that its first rows are in the first screen.
    page = open_context(viewport={"width": 390, "height": 844})
    for language in ("en", "sv"):
        page.goto(f"/{language}/standings/2021/drivers/")
        total = page.locator(".standings-table td.total").first.bounding_box()

        assert total["y"] + total["height"] <= 844, language
        expect(page.locator(".rules")).to_be_visible()  # the rules are still there, later
        expect(
            page.get_by_text("Resultaten är återskapade" if language == "sv" else "Results rebuilt")
        ).to_be_visible()
