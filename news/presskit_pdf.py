"""A driver's press kit as a PDF, in the reader's language (fpdf2, Barlow fonts in news/fonts).

The same facts as the press kit's page (news.presskit.context): name, number, team and
car, facts, biography, the season in numbers, career, milestones, the pictures with their
credits and rights as the press office gave them, the press contact, and the site's public
address on every page.
"""

import logging
import re
import unicodedata
from pathlib import Path

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from events.countries import country_name

FONTS = Path(__file__).resolve().parent / "fonts"
# fontTools tells each step of subsetting a font at INFO: not the site's news.
logging.getLogger("fontTools").setLevel(logging.WARNING)
TEXT, MUTED, ACCENT, RULE = (21, 24, 30), (74, 82, 99), (11, 61, 145), (213, 218, 227)
# Control characters, direction overrides and lone surrogates a press office's text might
# carry: never drawn.
_UNPRINTABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
LINE = 5.2  # mm, body text
# Everything a stored text holds is printed, up to these many characters (a runaway
# biography would otherwise make a hundred pages).
MAX_TEXT = 6000


def clean(text, limit=MAX_TEXT):
    """`text` as the PDF may print it: normalised, without control characters, at most
    `limit` characters."""
    text = unicodedata.normalize("NFC", str(text or ""))
    text = _UNPRINTABLE.sub("", text.replace("\r\n", "\n").replace("\t", " "))
    return text if len(text) <= limit else text[: limit - 1] + "\N{HORIZONTAL ELLIPSIS}"


class KitPDF(FPDF):
    def __init__(self, footer_text, footer_link):
        super().__init__(format="A4", unit="mm")
        self.footer_text, self.footer_link = footer_text, footer_link
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.add_font("Barlow", "", FONTS / "Barlow-Regular.ttf")
        self.add_font("Barlow", "B", FONTS / "Barlow-Bold.ttf")
        self.add_font("BarlowCondensed", "B", FONTS / "BarlowCondensed-Bold.ttf")

    def footer(self):
        self.set_y(-14)
        self.set_draw_color(*RULE)
        self.line(self.l_margin, self.get_y() - 1, self.w - self.r_margin, self.get_y() - 1)
        self.set_font("Barlow", "", 8.5)
        self.set_text_color(*MUTED)
        width = self.w - self.l_margin - self.r_margin
        self.cell(width * 0.8, 6, self.footer_text, link=self.footer_link)
        # Translators: the PDF's page numbers, e.g. "Page 1 of 2".
        number = _("Page %(n)s of %(total)s") % {"n": self.page_no(), "total": "{nb}"}
        self.cell(width * 0.2, 6, number, align="R")

    # Blocks ---------------------------------------------------------------------------

    def heading(self, text):
        if self.get_y() > self.h - 45:  # not alone at the foot of a page
            self.add_page()
        self.ln(4)
        self.set_font("BarlowCondensed", "B", 15)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, 7, clean(text, 200), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)

    def paragraph(self, text, *, size=10.5, style="", colour=TEXT, after=2, link=""):
        self.set_font("Barlow", style, size)
        self.set_text_color(*colour)
        self.multi_cell(
            0, LINE, clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link
        )
        self.ln(after)

    def facts(self, rows):
        """Label and value side by side; a value wraps within its column."""
        label_width = 42
        for label, value, link in rows:
            if self.get_y() > self.h - 30:
                self.add_page()
            top = self.get_y()
            self.set_font("Barlow", "", 9)
            self.set_text_color(*MUTED)
            self.multi_cell(label_width - 2, LINE, clean(label, 200), align="L")
            after_label = self.get_y()
            self.set_xy(self.l_margin + label_width, top)
            self.set_font("Barlow", "B", 10.5)
            self.set_text_color(*(ACCENT if link else TEXT))
            self.multi_cell(
                0,
                LINE,
                clean(value, 500),
                align="L",
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
                link=link,
            )
            self.set_y(max(self.get_y(), after_label) + 0.8)

    def items(self, lines):
        """A list: each line's first part bold, the rest regular, wrapping as text does."""
        for strong, rest in lines:
            if self.get_y() > self.h - 28:
                self.add_page()
            self.set_x(self.l_margin)
            self.set_text_color(*TEXT)
            self.set_font("Barlow", "B", 10.5)
            self.write(LINE, "\N{BULLET} " + clean(strong, 300))
            self.set_font("Barlow", "", 10.5)
            self.write(LINE, clean(rest, 1000))
            self.ln(LINE + 0.8)


def _date(value, fmt):
    return dateformat.format(value, fmt) if value else ""


def build(kit, *, language):
    """The PDF's bytes for `kit` (news.presskit.context), texts in the active language."""
    driver, season, stats = kit["driver"], kit["season"], kit["stats"]
    pdf = KitPDF(
        footer_text=f"{settings.SITE_NAME} \N{MIDDLE DOT} {kit['kit_url']}",
        footer_link=kit["kit_url"],
    )
    # Translators: the PDF's title, e.g. "Press kit: Jessica Bäckman".
    title = _("Press kit: %(name)s") % {"name": driver.name}
    pdf.set_title(clean(title, 300))
    pdf.set_author(settings.SITE_NAME)
    pdf.set_subject(clean(title, 300))
    pdf.set_creator(settings.SITE_NAME)
    pdf.set_lang(language)
    pdf.add_page()

    pdf.set_font("Barlow", "B", 9)
    pdf.set_text_color(*ACCENT)
    pdf.cell(0, 5, _("Press kit").upper(), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("BarlowCondensed", "B", 30)
    pdf.set_text_color(*TEXT)
    pdf.multi_cell(0, 12, clean(driver.name, 200), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    entry = stats.main_entry if stats else None
    if entry:
        line = [f"#{entry.number}" if entry.number else "", entry.team.name, entry.car]
        pdf.paragraph(" \N{MIDDLE DOT} ".join(filter(None, line)), size=12, style="B", after=3)

    rows = []
    if entry:
        rows += [
            (_("Car number"), str(entry.number or "\N{EN DASH}"), ""),
            (_("Team"), entry.team.name, ""),
            (_("Car"), entry.car, ""),
            (_("Series"), season.name, ""),
        ]
    if driver.nationality:
        rows.append((_("Nationality"), country_name(driver.nationality), ""))
    if driver.home_town:
        rows.append((_("Home town"), driver.home_town, ""))
    if driver.birth_date:
        rows.append((_("Born"), _date(driver.birth_date, "j F Y"), ""))
    rows.append((_("Profile"), kit["profile_url"], kit["profile_url"]))
    rows.append((_("Press kit"), kit["kit_url"], kit["kit_url"]))
    pdf.facts(rows)

    if driver.bio_paragraphs:
        pdf.heading(_("About"))
        for paragraph in driver.bio_paragraphs:
            pdf.paragraph(paragraph)

    if stats:
        pdf.heading(_("%(season)s in numbers") % {"season": season.slug})
        numbers = [
            (_("Starts"), str(stats.season.starts), ""),
            (_("Wins"), str(stats.season.wins), ""),
            (_("Podiums"), str(stats.season.podiums), ""),
            (_("Best finish"), str(stats.season.best_finish or "\N{EN DASH}"), ""),
        ]
        for standing in stats.standings:
            if standing.row is None:
                continue
            if standing.awarded:
                points = standing.row.points
                value = ngettext(
                    "position %(position)s · %(points)s point",
                    "position %(position)s · %(points)s points",
                    points,
                ) % {"position": standing.row.position, "points": points}
            else:
                value = _("not awarded")
            numbers.append((standing.title.name, value, ""))
        pdf.facts(numbers)

    career = list(driver.career.all())
    if career:
        pdf.heading(_("Career"))
        lines = []
        for line in career:
            years = line.years or _("Early years")
            strong = f"{years} \N{MIDDLE DOT} {line.series}"
            rest = (f", {line.team}" if line.team else "") + (
                f": {line.result}" if line.result else ""
            )
            lines.append((strong, rest))
        pdf.items(lines)

    milestones = list(driver.milestones.all())
    if milestones:
        pdf.heading(_("Milestones"))
        pdf.items(
            (f"{_date(m.date, 'Y')} \N{MIDDLE DOT} {m.series}", f": {m.title}") for m in milestones
        )

    pictures = kit["pictures"]
    if pictures:
        pdf.heading(_("Photo credits"))
        for picture in pictures:
            pdf.paragraph(picture.name, size=9, colour=MUTED, after=0)
            if picture.caption:
                pdf.paragraph(picture.caption, style="B", after=0)
            pdf.paragraph(credit_line(picture), after=0)
            pdf.paragraph(picture.rights, colour=MUTED, after=2)
        if kit.get("zip_url"):
            pdf.paragraph(
                _("All pictures in one ZIP file: %(url)s") % {"url": kit["zip_url"]},
                link=kit["zip_url"],
            )

    pdf.heading(_("Press contact"))
    for contact in kit["contacts"]:
        pdf.paragraph(
            contact.name + (f", {contact.role}" if contact.role else ""), style="B", after=0
        )
        if contact.email:
            pdf.paragraph(contact.email, colour=ACCENT, after=0, link=f"mailto:{contact.email}")
        if contact.phone:
            pdf.paragraph(contact.phone, after=0)
        pdf.ln(2)
    pdf.paragraph(_("Press room:") + " " + kit["press_url"], link=kit["press_url"], after=0)
    return bytes(pdf.output())


def credit_line(picture):
    """ "Photo: FIA WTCR", as given; a picture the site drew says "Illustration:"."""
    if picture.placeholder and not picture.credit:
        return _("Illustration made by this site until a photo is published.")
    label = _("Illustration:") if picture.placeholder else _("Photo:")
    return f"{label} {picture.credit}"
