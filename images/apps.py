from django.apps import AppConfig


class ImagesConfig(AppConfig):
    """Uploaded images: checked with Pillow, stored without location and camera metadata
    under random names, WebP web sizes made once, files removed after a replacement or
    deletion commits (`images.fields.PublicImageField`), placeholders, and the
    `{% responsive_image %}` tag. Used by drivers (portraits) and news (photos)."""

    name = "images"
    verbose_name = "Images"
