"""Share images: the picture a link preview shows (Open Graph), a name in large type."""

import functools
import io

from PIL import Image, ImageColor, ImageDraw, ImageFont, features

# The size link previews expect (1.91:1).
SHARE_SIZE = (1200, 630)
BACKGROUND = "#0b3d91"  # the site's theme colour
INK = "#ffffff"
# Found by name in the system's font folders (Debian: fonts-dejavu-core); it has every
# letter of Swedish, Spanish and Hungarian, which Pillow's own font lacks (Bäckman).
FONT = "DejaVuSans-Bold.ttf"
# Longer text is cut: the picture stays legible and its drawing cheap.
MAX_CHARACTERS = 80


def share_image(*, title, eyebrow="", footer=""):
    """A PNG of SHARE_SIZE: `title` in large type, a line above and one at the foot."""
    image = Image.new("RGB", SHARE_SIZE, ImageColor.getrgb(BACKGROUND))
    draw = ImageDraw.Draw(image)
    height = SHARE_SIZE[1]
    ink = ImageColor.getrgb(INK)
    lines = [(eyebrow, 0.22, 0.06), (title, 0.5, 0.16), (footer, 0.84, 0.05)]
    for text, centre, size in lines:
        text = _printable(text)
        if text:
            _draw_centred(draw, text, centre_y=centre * height, size=size * height, fill=ink)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _draw_centred(draw, text, *, centre_y, size, fill):
    """Draw text centred on the line centre_y, shrunk to fit 90% of the width."""
    width = draw.im.size[0]
    font = _font(round(size))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    if right - left > 0.9 * width:
        font = _font(max(1, round(size * 0.9 * width / (right - left))))
        left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    x = round((width - (right - left)) / 2 - left)
    y = round(centre_y - (bottom - top) / 2 - top)
    draw.text((x, y), text, font=font, fill=fill)


@functools.lru_cache(maxsize=32)
def _font(size):
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        # Without FreeType Pillow has only its small bitmap font: small text beats none.
        if features.check_module("freetype2"):
            return ImageFont.load_default(size=size)
        return ImageFont.load_default_imagefont()


def _printable(text):
    text = " ".join(str(text).split())
    if len(text) > MAX_CHARACTERS:
        text = text[: MAX_CHARACTERS - 1].rstrip() + "…"
    return "".join(character for character in text if character.isprintable())
