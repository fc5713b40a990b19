"""No layout defects anywhere: every public page, in both languages, at 320, 390 and 1280 px,
in the light and the dark scheme.

Each page is a test of its own; it visits the page at every width and scheme and fails once,
naming each page/width/scheme and what is wrong there:
- the document is wider than the viewport (the page pans sideways);
- text is clipped by its container (overflow hidden/clip, text-overflow) or sticks out of the
  viewport outside a scrollable region;
- an <img> lacks its width or height attribute (the page jumps as it loads);
- an axe-core violation;
- an error in the browser's console (a CSP violation shows up there).

A full-page screenshot of each combination is kept in
test-results/screenshots/layout/<lang>-<page>-<width>-<scheme>.png, to look at.

The pages come from the URL configuration: a test fails when a route is neither visited
here nor listed as not being a page (feeds, calendars, CSV, share images, fragments), so
that a new page is not forgotten; another checks that every address in the sitemap is of
a visited kind.
"""

import dataclasses
import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from tests.e2e.conftest import RACE_WEEKEND, SCREENSHOTS

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ("sv", "en")
WIDTHS = (320, 390, 1280)
SCHEMES = ("light", "dark")
# axe-core runs at every width: the whole file stays within a few minutes.
AXE_WIDTHS = WIDTHS
SHOTS = SCREENSHOTS / "layout"
LIST_AT_MOST = 6


def height(width):
    return 844 if width < 600 else 900


@dataclasses.dataclass(frozen=True)
class Page:
    name: str
    route: str  # a URL name; "" for an address that is no page (the 404 page)
    args: tuple = ()  # strings, or callables of the language for what the data decides
    moment: dt.datetime | None = None  # the site's clock; None: the real time
    status: int = 200

    def path(self, language):
        if not self.route:
            return f"/{language}/no-such-page/"
        args = [arg(language) if callable(arg) else arg for arg in self.args]
        with translation.override(language):
            return reverse(self.route, args=args)


def an_article(language):
    """The newest published article in this language with a hero photo."""
    from news.models import Article

    article = (
        Article.objects.published()
        .filter(language=language, hero__isnull=False)
        .newest_first()
        .first()
    )
    assert article is not None, f"no published {language} article with a photo"
    return article.slug


def another_driver(language):
    """A driver of the season who is not one of the siblings (a profile without a biography)."""
    from drivers.models import Driver

    return Driver.objects.exclude(slug__in=SIBLINGS).order_by("name").first().slug


SIBLINGS = ("andreas-backman", "jessica-backman")
TITLES = ("drivers", "teams", "junior", "trophy", "female")

PAGES = [
    Page("home", "home"),
    Page("home-race-weekend", "home", moment=RACE_WEEKEND),
    Page("drivers", "drivers:list"),
    *[Page(f"driver-{slug}", "drivers:detail", (slug,)) for slug in SIBLINGS],
    Page("driver-other", "drivers:detail", (another_driver,)),
    Page("milestones", "drivers:milestones"),
    Page("calendar", "events:calendar"),
    Page("calendar-race-weekend", "events:calendar", moment=RACE_WEEKEND),
    # An event of each kind: run with results, running (qualifying done, races to come),
    # upcoming, moved to other dates, cancelled.
    Page("event-completed", "events:event", ("2021", "germany")),
    Page("event-running", "events:event", ("2021", "most"), moment=RACE_WEEKEND),
    Page("event-upcoming", "events:event", ("2021", "pau-arnos"), moment=RACE_WEEKEND),
    Page("event-moved", "events:event", ("2021", "adria"), moment=RACE_WEEKEND),
    Page("event-cancelled", "events:event", ("2021", "vila-real")),
    Page("standings", "standings:index"),
    *[Page(f"standings-{title}", "standings:detail", ("2021", title)) for title in TITLES],
    Page("weekend", "standings:weekend"),
    Page("news", "news:list"),
    Page("article", "news:detail", (an_article,)),
    Page("press", "news:press"),
    *[Page(f"press-kit-{slug}", "news:press_kit", (slug,)) for slug in SIBLINGS],
    Page("404", "", status=404),
]

# Kinds of page visited by example (of the season's drivers and events, of the articles);
# every other address in the sitemap (sections, each title's table) is visited itself.
SAMPLED = {"drivers:detail", "events:event", "news:detail"}

# Routes that are not pages a reader looks at, and why.
NOT_PAGES = {
    "healthz": "health check (text)",
    "robots_txt": "text",
    "favicon": "an icon",
    "django.contrib.sitemaps.views.sitemap": "XML",
    "media": "uploaded files",
    "events:season_ics": "iCalendar",
    "events:event_ics": "iCalendar",
    "events:countdown": "a fragment of the home page and calendar, visited with them",
    "standings:csv": "CSV",
    "news:feed": "RSS",
    "news:atom": "Atom",
    "news:preview": "staff only (the article page's template)",
    "share_site": "PNG",
    "share_event": "PNG",
    "share_driver": "PNG",
    "share_title": "PNG",
    "news:press_kit_pdf": "PDF (news/tests/test_presskit.py reads it)",
    "news:press_kit_zip": "ZIP (news/tests/test_presskit.py opens it)",
}


# The checks, run in the page. Returns what is wrong, as short descriptions.
CHECKS = """
() => {
  const vw = window.innerWidth;
  const page = document.documentElement;
  const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "OPTION", "TEXTAREA"]);
  const styles = new Map();
  const style = (el) => {
    if (!styles.has(el)) styles.set(el, getComputedStyle(el));
    return styles.get(el);
  };
  const short = (text) => text.replace(/\\s+/g, " ").trim().slice(0, 40);
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    const classes = (el.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean);
    if (classes.length) name += "." + classes.slice(0, 2).join(".");
    const text = short(el.innerText || el.textContent || "");
    return text ? `${name} "${text}"` : name;
  };
  // Not painted, or hidden on purpose for the eye only (.visually-hidden and its kin).
  const hiddenSeen = new Map();
  const hidden = (el) => {
    if (!el || el === page) return false;
    if (hiddenSeen.has(el)) return hiddenSeen.get(el);
    const s = style(el);
    let result =
      s.display === "none" ||
      s.visibility !== "visible" ||
      s.opacity === "0" ||
      (s.clip !== "auto" && s.clip !== "" && /absolute|fixed/.test(s.position)) ||
      /^inset\\(50%/.test(s.clipPath);
    if (!result && s.overflow !== "visible") {
      const box = el.getBoundingClientRect();
      result = box.width <= 1 || box.height <= 1;
    }
    result = result || hidden(el.parentElement);
    hiddenSeen.set(el, result);
    return result;
  };
  // The ancestors whose overflow applies to el, nearest first: an absolutely positioned
  // box escapes the overflow of the ancestors below its containing block, a fixed one all.
  const clippers = (el) => {
    const found = [];
    let escaping = false;
    for (let a = el; a && a !== document.body && a !== page; a = a.parentElement) {
      const s = style(a);
      if (a !== el) {
        if (escaping && s.position !== "static") escaping = false;
        if (!escaping && s.overflowX + s.overflowY !== "visiblevisible") found.push(a);
      }
      if (s.position === "fixed") break;
      if (s.position === "absolute") escaping = true;
    }
    return found;
  };
  const scrollsSideways = (el) => /auto|scroll/.test(style(el).overflowX);
  const fixedOrOffscreen = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const s = style(a);
      if (s.position === "fixed") return true;
      if (s.position === "absolute") {
        const box = a.getBoundingClientRect();
        // Moved off the screen to hide it (left: -9999px, top: -4rem and the like).
        if (box.right <= 0 || box.left >= vw || box.bottom <= 0) return true;
      }
    }
    return false;
  };
  // The padding box of an element, in viewport coordinates.
  const inner = (el) => {
    const box = el.getBoundingClientRect();
    const left = box.left + el.clientLeft;
    const top = box.top + el.clientTop;
    return {left, top, right: left + (el.clientWidth || box.width),
            bottom: top + (el.clientHeight || box.height)};
  };
  const clipped = new Map();
  const outside = new Map();

  // 1. Text boxes: cut by a container that clips them, or out of the viewport's width.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.trim()) continue;
    const parent = node.parentElement;
    if (!parent || SKIP.has(parent.tagName) || parent.closest("title, desc")) continue;
    if (hidden(parent)) continue;
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
    if (!rects.length) continue;
    const around = clippers(parent);
    for (const el of [parent, ...around]) {
      const s = style(el);
      const clipX = /hidden|clip/.test(s.overflowX);
      const clipY = /hidden|clip/.test(s.overflowY);
      if ((!clipX && !clipY) || clipped.has(el)) continue;
      const box = inner(el);
      for (const r of rects) {
        const cutX = clipX && (r.left < box.left - 1 || r.right > box.right + 1);
        const cutY = clipY && (r.top < box.top - 1 || r.bottom > box.bottom + 1);
        if (cutX || cutY) {
          clipped.set(el, `${describe(el)} cuts "${short(node.data)}"` +
            ` (${cutX ? "sideways" : "top/bottom"}; overflow ${s.overflowX} ${s.overflowY})`);
          break;
        }
      }
    }
    // Text in a region that scrolls sideways is reached by scrolling it.
    if (scrollsSideways(parent) || around.some(scrollsSideways)) continue;
    if (outside.has(parent) || fixedOrOffscreen(parent)) continue;
    for (const r of rects) {
      if (r.left < -1 || r.right > vw + 1) {
        const span = `${Math.round(r.left)}..${Math.round(r.right)}px`;
        outside.set(parent, `${describe(parent)} spans ${span}`);
        break;
      }
    }
  }

  // 2. Elements that cut their text with an ellipsis.
  for (const el of document.body.querySelectorAll("*")) {
    const s = style(el);
    if (s.textOverflow === "clip" || !/hidden|clip/.test(s.overflowX)) continue;
    if (el.scrollWidth <= el.clientWidth + 1 || clipped.has(el)) continue;
    if (!(el.textContent || "").trim() || hidden(el)) continue;
    clipped.set(el, `${describe(el)} ends its text in an ellipsis` +
      ` (${el.scrollWidth}px of text in ${el.clientWidth}px)`);
  }

  // 3. What makes the document wider than the viewport: the outermost boxes past its edge
  // that no scrolling or clipping container holds (visually hidden ones too: they count).
  const wide = [];
  if (page.scrollWidth > vw) {
    for (const el of document.body.querySelectorAll("*")) {
      if (wide.length >= 8) break;
      const box = el.getBoundingClientRect();
      if (box.right <= vw + 1 || (box.width === 0 && box.height === 0)) continue;
      if (style(el).position === "fixed" || clippers(el).length) continue;
      const up = el.parentElement;
      if (up && up !== document.body && up.getBoundingClientRect().right > vw + 1
          && !clippers(up).length && style(up).position !== "fixed") continue;
      const line = `${describe(el)} ends at ${Math.round(box.right)}px`;
      if (!wide.includes(line)) wide.push(line);
    }
  }

  // 4. Images without their size.
  const images = [...document.images]
    .filter((img) => !img.hasAttribute("width") || !img.hasAttribute("height"))
    .map((img) => `img src=${img.getAttribute("src")} alt="${img.getAttribute("alt") ?? ""}"`);

  return {
    scrollWidth: page.scrollWidth, innerWidth: vw, wide,
    clipped: [...new Set(clipped.values())], outside: [...new Set(outside.values())], images,
  };
}
"""

# axe-core's violations, in short.
AXE_RUN = """
() => axe.run(document, {resultTypes: ["violations"]}).then((results) =>
  results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((node) => node.target.join(" ")),
  })))
"""
AXE_SCRIPT = Axe().axe_script

# Lazy images are loaded (as they are once the reader scrolls), so that the checks and the
# full-page screenshot see them.
LOAD_IMAGES = """
() => Promise.all([...document.images].map((img) => {
  img.loading = "eager";
  return img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
  });
})).then(() => true)
"""

# Colour transitions run out before a scheme's colours are measured.
SETTLED = """
() => Promise.all(document.getAnimations()
  .filter((animation) => animation instanceof CSSTransition)
  .map((animation) => animation.finished.catch(() => null))).then(() => true)
"""


def listed(items):
    shown = [f"      {item}" for item in items[:LIST_AT_MOST]]
    if len(items) > LIST_AT_MOST:
        shown.append(f"      … and {len(items) - LIST_AT_MOST} more")
    return shown


def layout_defects(page):
    """What is wrong with the layout of the page as it is shown now: a list of lines."""
    found = page.evaluate(CHECKS)
    defects = []
    if found["scrollWidth"] > found["innerWidth"]:
        defects.append(
            f"  the document is {found['scrollWidth']}px wide in a {found['innerWidth']}px"
            " viewport, because of:"
        )
        defects += listed(found["wide"] or ["(no single box found)"])
    if found["clipped"]:
        defects.append(f"  text clipped by its container ({len(found['clipped'])}):")
        defects += listed(found["clipped"])
    if found["outside"]:
        defects.append(f"  text out of the viewport's width ({len(found['outside'])}):")
        defects += listed(found["outside"])
    if found["images"]:
        defects.append(f"  <img> without width and height ({len(found['images'])}):")
        defects += listed(found["images"])
    return defects


def axe_defects(page):
    """axe-core's violations on the page as it is shown now: a list of lines."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    lines = []
    for violation in page.evaluate(AXE_RUN):
        targets = violation["targets"]
        lines.append(
            f"  axe {violation['id']} ({violation['impact']}): {violation['help']};"
            f" {len(targets)} element(s):"
        )
        lines += listed(targets)
    return lines


@pytest.mark.parametrize(
    ("language", "spec"),
    [(language, spec) for language in LANGUAGES for spec in PAGES],
    ids=[f"{language}-{spec.name}" for language in LANGUAGES for spec in PAGES],
)
def test_page_has_no_layout_defects(demo_site, open_context, site_clock, language, spec):
    page = open_context(
        viewport={"width": WIDTHS[0], "height": height(WIDTHS[0])},
        locale="sv-SE" if language == "sv" else "en-GB",
        timezone_id="Europe/Stockholm",
    )
    if spec.moment is not None:
        site_clock(spec.moment, page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = spec.path(language)
    report = []
    for width in WIDTHS:
        # Loaded at each width (what the page's script does on load sees the width); the
        # schemes are switched as a reader's system switches them, without a reload.
        page.set_viewport_size({"width": width, "height": height(width)})
        page.emulate_media(color_scheme=SCHEMES[0])
        page.errors.clear()
        response = page.goto(path)
        page.evaluate(LOAD_IMAGES)
        page.evaluate("document.fonts.ready.then(() => true)")
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            page.evaluate(SETTLED)
            defects = []
            if response.status != spec.status:
                defects.append(f"  answered {response.status}, not {spec.status}")
            defects += layout_defects(page)
            if width in AXE_WIDTHS:
                defects += axe_defects(page)
            # A missing page's own 404 is the browser's console's only error there.
            errors = [e for e in page.errors if spec.status == 200 or "404" not in e]
            if errors:
                defects.append(f"  console errors ({len(errors)}):")
                defects += listed(errors)
            shot = SHOTS / f"{language}-{spec.name}-{width}-{scheme}.png"
            page.screenshot(path=str(shot), full_page=True)
            if defects:
                report.append(f"{language}/{spec.name} at {width}px, {scheme} ({path}):")
                report += defects
    assert not report, "\n" + "\n".join(report)


# The pages' list follows the site: a new route, or a kind of address in the sitemap the
# list does not visit, fails here until it is visited (or said not to be a page).


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the staff's site, with journeys of its own
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", pattern.callback


def test_every_route_is_visited_or_said_not_to_be_a_page():
    routes = dict(_routes(get_resolver().url_patterns))
    visited = {spec.route for spec in PAGES if spec.route}
    visited_views = {routes[name] for name in visited}
    forgotten = [
        name
        for name, view in routes.items()
        if name not in visited and name not in NOT_PAGES and view not in visited_views
    ]
    assert not forgotten, f"routes neither in PAGES nor in NOT_PAGES: {forgotten}"
    assert not set(NOT_PAGES) - set(routes), "NOT_PAGES names routes that are gone"


def test_every_kind_of_address_in_the_sitemap_is_visited(demo_site, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    addresses = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert addresses
    visited = {spec.route for spec in PAGES}
    visited_paths = {spec.path(language) for spec in PAGES for language in LANGUAGES}
    missing = set()
    for address in addresses:
        path = urlsplit(address).path
        with translation.override(path.split("/")[1]):
            name = resolve(path).view_name
        if name not in visited or (name not in SAMPLED and path not in visited_paths):
            missing.add(f"{name} ({path})")
    missing = sorted(missing)
    assert not missing, f"the sitemap lists pages of kinds not visited: {missing}"


# The checks themselves: each fails on a page made to have its defect.

SELF_TEST_PAGE = """<!doctype html><html lang="en"><head><title>t</title>
<style>body {{ margin: 0 }} .cut {{ width: 60px; overflow: hidden; white-space: nowrap }}
.dots {{ width: 60px; overflow: hidden; white-space: nowrap; text-overflow: ellipsis }}
.sr {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
white-space: nowrap }}
.region {{ overflow-x: auto }} .region p {{ width: 900px }}</style></head>
<body><main><h1>Self test</h1>{body}</main></body></html>"""


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()

    def show(body):
        page.set_content(SELF_TEST_PAGE.format(body=body))
        return page

    yield show
    context.close()


def test_the_checks_pass_a_page_without_defects(blank):
    page = blank(
        '<p>Plain text.</p><p class="sr">Only for screen readers, and long enough to clip</p>'
        '<div class="region" role="region" tabindex="0" aria-label="Wide">'
        "<p>A deliberately wide table lives in a region that scrolls.</p></div>"
        '<img src="data:," alt="" width="10" height="10">'
    )
    assert layout_defects(page) == []
    assert axe_defects(page) == []


def test_the_width_check_fails_on_a_page_wider_than_the_screen(blank):
    page = blank('<div id="wide" style="width: 800px">Too wide</div>')
    defects = "\n".join(layout_defects(page))
    assert "the document is 800px wide in a 390px viewport" in defects
    assert 'div#wide "Too wide" ends at 800px' in defects


def test_the_width_check_names_hidden_text_that_escapes_a_scrolling_region(blank):
    # A visually hidden label in a scrolling table is placed against the page, not the
    # region, when the region is not positioned: the page pans sideways.
    page = blank(
        '<div class="region" role="region" tabindex="0" aria-label="Table">'
        '<p>Wide row <span class="sr" style="left: 700px">not entered</span></p></div>'
    )
    defects = "\n".join(layout_defects(page))
    assert 'span.sr "not entered" ends at 701px' in defects


def test_the_clipping_check_fails_on_text_cut_by_its_box(blank):
    page = blank('<p class="cut">A sentence far wider than sixty pixels</p>')
    defects = "\n".join(layout_defects(page))
    assert "text clipped by its container (1)" in defects
    assert 'p.cut "A sentence far wider than sixty pixels" cuts' in defects


def test_the_clipping_check_fails_on_an_ellipsis(blank):
    page = blank('<p class="dots">A sentence far wider than sixty pixels</p>')
    assert "text clipped by its container (1)" in "\n".join(layout_defects(page))


def test_the_viewport_check_fails_on_text_past_the_right_edge(blank):
    page = blank('<p style="margin-left: 360px; white-space: nowrap">Off the edge</p>')
    defects = "\n".join(layout_defects(page))
    assert "text out of the viewport's width (1)" in defects


def test_the_image_check_fails_on_an_image_without_its_size(blank):
    page = blank('<img src="data:," alt="" width="10">')
    defects = "\n".join(layout_defects(page))
    assert '<img> without width and height (1):\n      img src=data:, alt=""' in defects


def test_the_axe_check_fails_on_a_violation(blank):
    page = blank('<img src="data:," width="10" height="10">')
    assert "axe image-alt" in "\n".join(axe_defects(page))
