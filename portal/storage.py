"""File storage that re-encodes every uploaded image before it reaches the disk."""

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from PIL import Image

from .uploads import IMAGE_KINDS, reencode_image, sniff


class SafeFileSystemStorage(FileSystemStorage):
    """Images are decoded and written anew (metadata stripped, pixel limit applied)."""

    def _save(self, name, content):
        from django.conf import settings

        kind = sniff(content)
        if kind in IMAGE_KINDS:
            # Pillow's own guard against decompression bombs, at our configured limit.
            Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
            content = ContentFile(reencode_image(content, kind))
        return super()._save(name, content)
