from operator import itemgetter

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.inclusion_tag("components/image.html")
def responsive_image(renditions, *, alt, sizes="100vw", class_name="", loading="lazy"):
    """An <img> over make_renditions() output, inside a <picture> with an AVIF <source> when
    every size has an AVIF beside its WebP; nothing when there are none.
    alt is required: a template says what the image shows, or alt="" when decorative."""
    if not renditions:
        return {}
    renditions = sorted(renditions, key=itemgetter("width"))
    src = renditions[len(renditions) // 2]
    avif = all(rendition.get("avif") for rendition in renditions)
    return {
        "src": default_storage.url(src["name"]),
        "srcset": _srcset(renditions, "name"),
        "avif_srcset": _srcset(renditions, "avif") if avif else "",
        "sizes": sizes,
        "width": src["width"],
        "height": src["height"],
        "alt": alt,
        "class_name": class_name,
        "loading": loading,
    }


def _srcset(renditions, key):
    return ", ".join(
        f"{default_storage.url(rendition[key])} {rendition['width']}w" for rendition in renditions
    )
