"""The demo's pictures until the press office uploads photos: drawn, not photographed.

- `driver_card`: a portrait card, the driver's Hyundai Elantra N TCR from the side in the
  site's livery, the race number big on the door and on a panel, the name in the display face;
- `cars_picture`: one or more of the cars side by side under a title (press photos);
- `event_picture`: an event's circuit, country and round in the display face over stripes.

Pure Pillow: drawn at SCALE times the size and reduced, so that edges are smooth; the same
arguments give the same bytes. The car is the same drawing as static/img/hero-cars.svg (its
coordinates, CAR_*, are those of the SVG's car). The pictures carry names and numbers only,
no words, so one picture serves every language.
"""

import functools
import io
import math
import unicodedata
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont, features

BLUE = "#0b3d91"
YELLOW = "#fecc02"
WHITE = "#ffffff"
NEAR_BLACK = "#111111"
# Shades of the livery for depth: glass, the blue of big background numbers, tyres, rims.
GLASS = "#16233f"
BLUE_LIGHT = "#1a4ea8"
TYRE = "#1c1c1c"
RIM = "#c9ced6"
RED = "#d2202f"

SCALE = 2
PORTRAIT_SIZE = (800, 1000)
PHOTO_SIZE = (1600, 900)

FONT_PATH = (
    Path(__file__).resolve().parent.parent
    / "static"
    / "fonts"
    / "barlow-condensed-latin-700-normal.woff2"
)
# Found by name in the system's font folders (Debian: fonts-dejavu-core): it has the letters
# the Latin subset of the display face lacks (ő, ł, ș ...).
FALLBACK_FONT = "DejaVuSans-Bold.ttf"
# What the display face's Latin subset holds (besides the ASCII and Latin-1 letters).
_SUBSET_EXTRA = frozenset(
    "\u0131\u0152\u0153\u02c6\u02da\u02dc\u20ac\u2122\u2212"
    + "".join(chr(code) for code in range(0x2000, 0x2070))
)

# The car from the side, facing right, in units of a box CAR_BOX wide and high; the ground is
# at y = 300. Its outline, the wheels' centres and radius, the glass, the wing.
CAR_BOX = (-14, 10, 1016, 302)
CAR_BODY = [
    (30, 262), (14, 222), (12, 168), (24, 126), (70, 112), (170, 104), (228, 100),
    (332, 30), (450, 18), (560, 20), (612, 34), (700, 98), (820, 110), (912, 124),
    (968, 140), (992, 168), (998, 214), (990, 256), (960, 264),
]  # fmt: skip
CAR_WHEELS = ((205, 230), (805, 230))
WHEEL_RADIUS = 70
ARCH_RADIUS = 94
CAR_BELT = [(-20, 222), (1030, 176), (1030, 320), (-20, 320)]  # blue below it
CAR_STRIPE = [(-20, 204), (1030, 158), (1030, 172), (-20, 218)]  # yellow between
CAR_GLASS = [(250, 100), (338, 38), (452, 27), (556, 29), (600, 42), (686, 98)]
CAR_PILLAR = [(452, 27), (468, 27), (474, 99), (458, 99)]
CAR_WING = [(-10, 58), (150, 50), (162, 57), (150, 67), (-8, 72)]
CAR_WING_STALK = [(100, 108), (114, 108), (108, 64), (96, 64)]
CAR_ENDPLATE = [(-14, 34), (44, 34), (52, 90), (-14, 96)]
CAR_SPLITTER = [(926, 256), (1016, 258), (1016, 270), (916, 270)]
CAR_DIFFUSER = [(10, 252), (74, 252), (74, 270), (6, 270)]
CAR_SKIRT = [(280, 262), (722, 262), (722, 272), (280, 272)]
CAR_MIRROR = [(626, 86), (660, 80), (666, 96), (632, 100)]
CAR_HEADLIGHT = [(914, 130), (972, 144), (976, 156), (910, 144)]
CAR_TAILLIGHT = [(14, 136), (62, 128), (60, 142), (13, 150)]
CAR_PANEL = (380, 116, 548, 226)  # the number panel on the door
CAR_PANEL_RADIUS = 14


def driver_card(*, name, number=None, team="", size=PORTRAIT_SIZE, colour=BLUE):
    """A PNG portrait card: the driver's name over their car, the number on a panel.

    `number` None (a driver without an entry) puts the initials where the number goes."""
    canvas = _Canvas(size, colour)
    width, height = canvas.size
    initials = _initials(name)
    label = str(number) if number is not None else initials
    # A big number behind everything, cut by the right edge.
    canvas.text(label, (width * 1.04, height * 0.08), height * 0.62, BLUE_LIGHT, anchor="rt")
    canvas.stripes(top=height * 0.5, bottom=height * 0.8, count=4, fill=YELLOW, left=-width * 0.2)
    first, _, last = _upper(name).rpartition(" ")
    ink = canvas.ink
    margin = width * 0.07
    if first:
        canvas.text(first, (margin, height * 0.07), height * 0.07, ink, max_width=width * 0.8)
    canvas.text(
        last or initials,
        (margin, height * (0.16 if first else 0.08)),
        height * 0.13,
        ink,
        max_width=width * 0.86,
    )
    canvas.rectangle((0, height * 0.8, width, height), NEAR_BLACK)
    canvas.car(
        label,
        left=width * 0.04,
        width=width * 0.92,
        ground=height * 0.835,
        name=name,
    )
    # The foot: the number on a yellow panel, the team beside it.
    panel = (margin, height * 0.875, margin + height * 0.16, height * 0.975)
    canvas.rectangle(panel, YELLOW, radius=height * 0.012)
    canvas.text(
        label,
        ((panel[0] + panel[2]) / 2, (panel[1] + panel[3]) / 2),
        height * 0.085,
        NEAR_BLACK,
        anchor="mm",
        max_width=(panel[2] - panel[0]) * 0.82,
    )
    if team:
        canvas.text(
            _upper(team),
            (panel[2] + width * 0.04, (panel[1] + panel[3]) / 2),
            height * 0.036,
            WHITE,
            anchor="lm",
            max_width=width - panel[2] - width * 0.04 - margin,
        )
    return canvas.png()


def cars_picture(*, title, numbers, subtitle="", size=PHOTO_SIZE, colour=BLUE):
    """A PNG of the cars with `numbers` side by side, `title` above them."""
    canvas = _Canvas(size, colour)
    width, height = canvas.size
    numbers = [str(number) for number in numbers] or [""]
    margin = width * 0.05
    canvas.text(
        _upper(title), (margin, height * 0.07), height * 0.13, canvas.ink, max_width=width * 0.9
    )
    if subtitle:
        canvas.text(
            _upper(subtitle),
            (margin, height * 0.23),
            height * 0.05,
            YELLOW,
            max_width=width * 0.9,
        )
    count = len(numbers)
    gap = width * 0.03
    car_width = min(width * 0.62, (width - 2 * margin - gap * (count - 1)) / count)
    left = (width - count * car_width - (count - 1) * gap) / 2
    for index, number in enumerate(numbers):
        # Each car's number big behind it.
        canvas.text(
            number,
            (left + index * (car_width + gap) + car_width / 2, height * 0.6),
            height * 0.42,
            BLUE_LIGHT,
            anchor="mm",
        )
    canvas.stripes(top=height * 0.72, bottom=height * 0.86, count=7, fill=YELLOW)
    canvas.rectangle((0, height * 0.86, width, height), NEAR_BLACK)
    for index, number in enumerate(numbers):
        canvas.car(
            number, left=left + index * (car_width + gap), width=car_width, ground=height * 0.93
        )
    return canvas.png()


def event_picture(*, circuit, country="", city="", round=None, season="", size=PHOTO_SIZE):
    """A PNG of an event: its circuit's name big, the country's code and the round, over
    stripes and a chequered corner."""
    canvas = _Canvas(size, BLUE)
    width, height = canvas.size
    canvas.chequers(left=width * 0.72, top=0, columns=8, rows=5, cell=width * 0.035)
    canvas.stripes(top=height * 0.72, bottom=height * 0.86, count=7, fill=YELLOW)
    canvas.rectangle((0, height * 0.86, width, height), NEAR_BLACK)
    margin = width * 0.06
    eyebrow = " \N{MIDDLE DOT} ".join(
        part for part in (season, f"R{round}" if round else "") if part
    )
    if eyebrow:
        canvas.text(_upper(eyebrow), (margin, height * 0.1), height * 0.06, YELLOW)
    if country:
        badge = (margin, height * 0.22, margin + height * 0.24, height * 0.34)
        canvas.rectangle(badge, WHITE, radius=height * 0.01)
        canvas.text(
            _upper(country),
            ((badge[0] + badge[2]) / 2, (badge[1] + badge[3]) / 2),
            height * 0.075,
            NEAR_BLACK,
            anchor="mm",
            max_width=(badge[2] - badge[0]) * 0.84,
        )
    canvas.text(
        _upper(circuit), (margin, height * 0.4), height * 0.17, WHITE, max_width=width - 2 * margin
    )
    if city:
        canvas.text(
            _upper(city), (margin, height * 0.62), height * 0.06, WHITE, max_width=width * 0.6
        )
    return canvas.png()


class _Canvas:
    """A picture drawn at SCALE times its size; coordinates are in the final size's pixels."""

    def __init__(self, size, colour):
        self.size = size
        self.background = ImageColor.getrgb(colour)[:3]
        self.ink = max(
            (ImageColor.getrgb(WHITE), ImageColor.getrgb(NEAR_BLACK)),
            key=lambda candidate: contrast(candidate, self.background),
        )
        self.image = Image.new("RGB", (size[0] * SCALE, size[1] * SCALE), self.background)
        self.draw = ImageDraw.Draw(self.image)

    def png(self):
        image = self.image.resize(self.size, Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, "PNG", optimize=True)
        return buffer.getvalue()

    def rectangle(self, box, fill, radius=0):
        box = [round(value * SCALE) for value in box]
        if radius:
            self.draw.rounded_rectangle(box, round(radius * SCALE), fill=fill)
        else:
            self.draw.rectangle(box, fill=fill)

    def stripes(self, *, top, bottom, count, fill, left=0):
        """Parallel stripes leaning forward, from `left` across the picture."""
        width = self.size[0]
        lean = (bottom - top) * 0.8
        step = (width - left) / count
        for index in range(count):
            x = left + index * step
            band = step * 0.38
            self.polygon(
                [(x + lean, top), (x + lean + band, top), (x + band, bottom), (x, bottom)], fill
            )

    def chequers(self, *, left, top, columns, rows, cell):
        for row in range(rows):
            for column in range(columns):
                if (row + column) % 2 == 0:
                    x, y = left + column * cell, top + row * cell
                    self.rectangle((x, y, x + cell, y + cell), BLUE_LIGHT)

    def polygon(self, points, fill):
        self.draw.polygon([(x * SCALE, y * SCALE) for x, y in points], fill=fill)

    def text(self, text, position, size, fill, *, anchor="lt", max_width=None):
        """`text` in the display face, `size` pixels high for capitals, shrunk to fit
        `max_width`; anchor: l/m/r, t/m (of the ink's box)."""
        mask = _text_mask(text, round(size * SCALE))
        if max_width and mask.width > max_width * SCALE:
            mask = _text_mask(text, round(size * SCALE * max_width * SCALE / mask.width))
        x, y = position[0] * SCALE, position[1] * SCALE
        x -= {"l": 0, "m": mask.width / 2, "r": mask.width}[anchor[0]]
        y -= {"t": 0, "m": mask.height / 2}[anchor[1]]
        self.image.paste(fill, (round(x), round(y)), mask)

    def car(self, number, *, left, width, ground, name=""):
        """The car, `width` pixels wide from `left`, its wheels on the line `ground`."""
        box_left, box_top, box_right, box_bottom = CAR_BOX
        scale = width / (box_right - box_left) * SCALE
        origin_x = left * SCALE - box_left * scale
        origin_y = ground * SCALE - 300 * scale

        def at(points):
            return [(origin_x + x * scale, origin_y + y * scale) for x, y in points]

        def circle(centre, radius, fill):
            (x, y), r = at([centre])[0], radius * scale
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

        # Shadow on the ground.
        shadow_left, shadow_top = at([(0, 292)])[0]
        shadow_right, shadow_bottom = at([(1000, 308)])[0]
        self.draw.ellipse((shadow_left, shadow_top, shadow_right, shadow_bottom), fill=NEAR_BLACK)
        # The body: white, blue below the belt line, a yellow stripe between; the arches
        # flared out of it.
        left_px = math.floor(at([(box_left, 0)])[0][0])
        top_px = math.floor(at([(0, box_top)])[0][1])
        right_px = math.ceil(at([(box_right, 0)])[0][0])
        bottom_px = math.ceil(at([(0, box_bottom)])[0][1])
        offset = (left_px, top_px)
        layer_size = (max(1, right_px - left_px), max(1, bottom_px - top_px))

        def local(points):
            return [(x - offset[0], y - offset[1]) for x, y in at(points)]

        mask = Image.new("L", layer_size, 0)
        shape = ImageDraw.Draw(mask)
        shape.polygon(local(CAR_BODY), fill=255)
        for centre in CAR_WHEELS:
            (x, y), r = local([centre])[0], ARCH_RADIUS * scale
            shape.pieslice((x - r, y - r, x + r, y + r), 180, 360, fill=255)
        livery = Image.new("RGB", layer_size, WHITE)
        paint = ImageDraw.Draw(livery)
        paint.polygon(local(CAR_BELT), fill=BLUE)
        paint.polygon(local(CAR_STRIPE), fill=YELLOW)
        self.image.paste(livery, offset, mask)
        for points, fill in (
            (CAR_GLASS, GLASS),
            (CAR_PILLAR, NEAR_BLACK),
            (CAR_MIRROR, NEAR_BLACK),
            (CAR_HEADLIGHT, "#fff6c4"),
            (CAR_TAILLIGHT, RED),
            (CAR_SPLITTER, NEAR_BLACK),
            (CAR_DIFFUSER, NEAR_BLACK),
            (CAR_SKIRT, NEAR_BLACK),
            (CAR_ENDPLATE, NEAR_BLACK),
            (CAR_WING_STALK, NEAR_BLACK),
            (CAR_WING, NEAR_BLACK),
        ):
            self.draw.polygon(at(points), fill=fill)
        # A yellow line along the wing's edge.
        self.draw.line(at([(-8, 60), (150, 52)]), fill=YELLOW, width=max(1, round(3 * scale)))
        for centre in CAR_WHEELS:
            # The flared arch's edge, then the wheel in its well.
            (x, y), r = at([centre])[0], ARCH_RADIUS * scale
            self.draw.arc(
                (x - r, y - r, x + r, y + r), 180, 360, fill=BLUE, width=max(1, round(5 * scale))
            )
            self._wheel(at, circle, centre)
        # The number on the door.
        panel_left, panel_top = at([CAR_PANEL[:2]])[0]
        panel_right, panel_bottom = at([CAR_PANEL[2:]])[0]
        self.draw.rounded_rectangle(
            (panel_left, panel_top, panel_right, panel_bottom),
            round(CAR_PANEL_RADIUS * scale),
            fill=WHITE,
            outline=NEAR_BLACK,
            width=max(1, round(3 * scale)),
        )
        if number:
            mask = _text_mask(number, round((panel_bottom - panel_top) * 0.72))
            limit = (panel_right - panel_left) * 0.84
            if mask.width > limit:
                mask = _text_mask(number, round(mask.height * limit / mask.width * 0.95))
            self.image.paste(
                NEAR_BLACK,
                (
                    round((panel_left + panel_right - mask.width) / 2),
                    round((panel_top + panel_bottom - mask.height) / 2),
                ),
                mask,
            )
        if name:
            # The driver's name on the rear side window, as on the real car.
            mask = _text_mask(_upper(name), round(14 * scale))
            glass_x, glass_y = at([(346, 76)])[0]
            limit = 96 * scale
            if mask.width > limit:
                mask = _text_mask(_upper(name), round(mask.height * limit / mask.width))
            self.image.paste(WHITE, (round(glass_x), round(glass_y)), mask)

    def _wheel(self, at, circle, centre):
        circle(centre, 78, NEAR_BLACK)
        circle(centre, WHEEL_RADIUS, TYRE)
        circle(centre, 50, RIM)
        circle(centre, 44, "#2a2f38")
        # Five spokes, from the hub to the rim.
        cx, cy = centre
        for spoke in range(5):
            angle = math.radians(-90 + spoke * 72)
            side = math.radians(90)
            points = []
            for radius, half in ((10, 7), (44, 11)):
                for sign in (-1, 1):
                    points.append(
                        (
                            cx + radius * math.cos(angle) + sign * half * math.cos(angle + side),
                            cy + radius * math.sin(angle) + sign * half * math.sin(angle + side),
                        )
                    )
            points[2], points[3] = points[3], points[2]
            self.draw.polygon(at(points), fill=RIM)
        circle(centre, 12, RIM)
        circle(centre, 7, YELLOW)  # the centre lock


def _text_mask(text, size):
    """An "L" mask of `text`, cropped to its ink, about `size` pixels high for capitals."""
    size = max(1, size)
    font = _display_font(size, _needs_fallback(text))
    if font is None:
        # No FreeType: Pillow's small bitmap font, enlarged; a blocky number beats none.
        bitmap = ImageFont.load_default_imagefont()
        left, top, right, bottom = bitmap.getbbox(text)
        mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(mask).text((-left, -top), text, font=bitmap, fill=255)
        factor = size / mask.height
        return mask.resize(
            (max(1, round(mask.width * factor)), max(1, round(mask.height * factor))),
            Image.Resampling.NEAREST,
        )
    left, top, right, bottom = font.getbbox(text)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, font=font, fill=255)
    return mask


def _needs_fallback(text):
    return any(
        ord(character) > 0xFF and character not in _SUBSET_EXTRA
        for character in unicodedata.normalize("NFC", text)
    )


def _display_font(size, fallback):
    if not features.check_module("freetype2"):
        return None
    # The display face's capitals are 0.7 of its size.
    return _font(round(size / 0.7), fallback)


@functools.lru_cache(maxsize=64)
def _font(size, fallback):
    for path in ([] if fallback else [FONT_PATH]) + [FALLBACK_FONT]:
        try:
            return ImageFont.truetype(str(path), size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def _upper(text):
    return " ".join(str(text).split()).upper()


def _initials(name):
    return "".join(part[0] for part in str(name).split() if part[:1].isalpha()).upper()[:3]


def contrast(first, second):
    """WCAG contrast ratio of two sRGB colours."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(rgb):
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255 for channel in rgb)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
