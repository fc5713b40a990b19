import io

from PIL import Image

from images.share import SHARE_SIZE, share_image


def test_a_share_image_is_a_png_of_the_size_link_previews_expect():
    data = share_image(eyebrow="WTCR 2021 · Omgång 1", title="Jessica Bäckman", footer="Site")

    with Image.open(io.BytesIO(data)) as image:
        assert (image.format, image.size) == ("PNG", SHARE_SIZE)
        # Something was written on the background.
        assert len(image.getcolors(maxcolors=100_000)) > 2


def test_long_or_strange_text_is_drawn_all_the_same():
    for title in ["x" * 10_000, "\x00\x1b[31m\u202e<script>", "", "   "]:
        with Image.open(io.BytesIO(share_image(title=title))) as image:
            assert image.size == SHARE_SIZE
