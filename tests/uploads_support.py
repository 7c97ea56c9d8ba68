"""Real image bytes for upload tests (the portal decodes every image it accepts)."""

import io

from PIL import Image


def image_bytes(kind="png", size=(8, 8), exif=None):
    """A small valid PNG or JPEG; ``exif`` (an ``Image.Exif``) is embedded in JPEGs."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 60))
    if kind == "jpeg":
        image.save(buffer, format="JPEG", exif=exif if exif is not None else Image.Exif())
    else:
        image.save(buffer, format="PNG")
    return buffer.getvalue()
