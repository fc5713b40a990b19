from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """Uploaded images: checked with Pillow, WebP web sizes made once, placeholders, and
    the `{% responsive_image %}` tag. Used by drivers (portraits) and news (photos)."""

    name = "images"
    verbose_name = "Images"
