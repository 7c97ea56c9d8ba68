"""One validation path for uploaded files: size and type decided from the content."""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Kinds recognised from their first bytes (and, for ZIP containers, their members).
DOCUMENT_KINDS = {"pdf", "docx", "xlsx", "odt", "ods", "png", "jpeg"}


def sniff(file):
    """Return the kind of ``file`` from its content, or ``None`` if unrecognised."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return "pdf"
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return "png"
        if head.startswith(b"\xff\xd8\xff"):
            return "jpeg"
        if head.startswith(b"PK\x03\x04"):
            try:
                with zipfile.ZipFile(file) as archive:
                    names = set(archive.namelist())
                    if "word/document.xml" in names:
                        return "docx"
                    if "xl/workbook.xml" in names:
                        return "xlsx"
                    if "mimetype" in names:
                        mimetype = archive.read("mimetype").decode("ascii", "ignore")
                        if mimetype.endswith("opendocument.text"):
                            return "odt"
                        if mimetype.endswith("opendocument.spreadsheet"):
                            return "ods"
            except zipfile.BadZipFile:
                return None
        return None
    finally:
        file.seek(position)


def validate_document(file, *, kinds=DOCUMENT_KINDS, max_bytes=None):
    """Refuse files that are too large or whose content is not an accepted kind."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if file.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes)},
        )
    kind = sniff(file)
    if kind not in kinds:
        raise ValidationError(
            _("This type of file is not accepted. Upload a PDF, Word, OpenDocument or image file."),
            code="bad_type",
        )
    # Each kind may have a tighter limit (images are re-encoded in memory).
    kind_limit = settings.UPLOAD_MAX_BYTES_BY_KIND.get(kind)
    if kind_limit and file.size > kind_limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(kind_limit)},
        )
    if kind in IMAGE_KINDS:
        _check_image(file)
    return kind


IMAGE_KINDS = {"png", "jpeg"}


def _check_image(file):
    """Refuse images that do not decode or whose pixel count could exhaust memory."""
    from PIL import Image, UnidentifiedImageError

    limit = settings.UPLOAD_MAX_PIXELS
    position = file.tell()
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            if width * height > limit:
                raise ValidationError(
                    _(
                        "The image is too large (%(width)s × %(height)s pixels). "
                        "The limit is %(limit)s million pixels."
                    ),
                    code="too_many_pixels",
                    params={"width": width, "height": height, "limit": limit // 1_000_000},
                )
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as exc:
        raise ValidationError(
            _("This image could not be read. Save it again as PNG or JPEG and retry."),
            code="bad_image",
        ) from exc
    finally:
        file.seek(position)


def reencode_image(file, kind):
    """The image decoded and written anew: no EXIF or other metadata survives."""
    import io

    from PIL import Image, ImageOps

    file.seek(0)
    with Image.open(file) as image:
        image = ImageOps.exif_transpose(image)
        output = io.BytesIO()
        if kind == "jpeg":
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            image.save(output, format="JPEG", quality=88, optimize=True)
        else:
            image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def random_upload_path(instance, filename):
    """Store uploads under random names, grouped by model, keeping only the extension."""
    import uuid
    from pathlib import PurePath

    suffix = PurePath(filename).suffix.lower()[:10]
    return f"uploads/{instance._meta.label_lower}/{uuid.uuid4().hex}{suffix}"


def attachment_response(field_file, filename, *, private=False):
    """Send a stored upload as a download (never rendered inline by the browser).

    A file missing from storage answers 404; ``private`` files are not kept in
    shared caches.
    """
    from django.http import FileResponse, Http404

    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store" if private else "private"
    return response


def charge_upload_quota(user, files):
    """Count ``files`` against ``user``'s daily upload allowance, or refuse them all.

    The allowance (``UPLOAD_USER_DAILY_BYTES``) keeps one account from filling the
    disk; it is counted in the cache per person and day.
    """
    import datetime

    from django.core.cache import cache

    total = sum(getattr(f, "size", 0) or 0 for f in files if f)
    if not total or user is None or not getattr(user, "is_authenticated", False):
        return
    limit = settings.UPLOAD_USER_DAILY_BYTES
    key = f"upload-quota:{user.pk}:{datetime.date.today():%Y%m%d}"
    cache.add(key, 0, timeout=2 * 86400)
    try:
        used = cache.incr(key, total)
    except ValueError:  # expired between add and incr
        cache.set(key, total, timeout=2 * 86400)
        used = total
    if used > limit:
        cache.decr(key, total)
        raise ValidationError(
            _(
                "You have reached today's upload allowance (%(limit)s). "
                "Try again tomorrow or write to the technical secretariat."
            ),
            code="quota",
            params={"limit": filesizeformat(limit)},
        )
