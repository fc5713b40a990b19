from operator import itemgetter

from django import template
from django.core.files.storage import default_storage

register = template.Library()


@register.inclusion_tag("components/image.html")
def responsive_image(renditions, *, alt, sizes="100vw", class_name="", loading="lazy"):
    """One <img> over make_renditions() output; nothing when there are none.
    alt is required: a template says what the image shows, or alt="" when decorative."""
    if not renditions:
        return {}
    renditions = sorted(renditions, key=itemgetter("width"))
    src = renditions[len(renditions) // 2]
    return {
        "src": default_storage.url(src["name"]),
        "srcset": ", ".join(
            f"{default_storage.url(rendition['name'])} {rendition['width']}w"
            for rendition in renditions
        ),
        "sizes": sizes,
        "width": src["width"],
        "height": src["height"],
        "alt": alt,
        "class_name": class_name,
        "loading": loading,
    }
