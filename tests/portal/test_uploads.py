import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.uploads import sniff, validate_document


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,kind",
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"\x89PNG\r\n\x1a\n....", "png"),
        (b"\xff\xd8\xff\xe0....", "jpeg"),
        (docx_bytes(), "docx"),
        (b"MZ\x90\x00 an executable", None),
        (b"PK\x03\x04 broken zip", None),
    ],
)
def test_type_is_decided_from_content(content, kind):
    assert sniff(SimpleUploadedFile("whatever.pdf", content)) == kind


def test_executable_named_pdf_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("report.pdf", b"MZ\x90\x00..."))
    assert "not accepted" in exc.value.messages[0]


def test_too_large_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * 20))
    assert "too large" in exc.value.messages[0]


# --- Images: decoded, re-encoded, pixel-limited -----------------------------------------


def _gps_exif():
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (4.0, 35.0, 56.0)}  # GPSInfo: somewhere in Bogotá
    return exif


def test_stored_images_lose_their_exif_metadata(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from tests.uploads_support import image_bytes

    original = image_bytes("jpeg", exif=_gps_exif())
    assert b"PhoneMaker" in original
    name = default_storage.save("uploads/test/photo.jpg", ContentFile(original))
    with default_storage.open(name, "rb") as handle:
        stored = handle.read()
    assert b"PhoneMaker" not in stored
    with default_storage.open(name, "rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG" and not image.getexif()


def test_image_with_too_many_pixels_is_refused(settings):
    from tests.uploads_support import image_bytes

    settings.UPLOAD_MAX_PIXELS = 10_000
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("huge.png", image_bytes("png", size=(200, 200))))
    assert exc.value.code == "too_many_pixels"
    assert "200 × 200" in exc.value.messages[0]


def test_image_that_does_not_decode_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))
    assert exc.value.code == "bad_image"


def test_a_decompression_bomb_header_is_refused_without_decoding(settings):
    import struct
    import zlib

    # A PNG header announcing 50,000 × 50,000 pixels with almost no data.
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 100))
        + chunk(b"IEND", b"")
    )
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("bomb.png", bomb))
    assert exc.value.code in ("too_many_pixels", "bad_image")


@pytest.mark.django_db
def test_daily_upload_allowance_per_person(settings, client, on_commit):
    from django.urls import reverse

    from committees.models import Proposal, ProposalAttachment
    from tests.committees.test_proposals import a_committee, form_data, pdf, proposer

    settings.UPLOAD_USER_DAILY_BYTES = 100  # two of the 49-byte PDFs, not three
    user, organisation = proposer()
    client.force_login(user)
    url = reverse("proposal_create", args=[a_committee().slug])
    first = client.post(url, {**form_data(organisation), "attachments": [pdf()]})
    assert first.status_code == 302
    second = client.post(
        url, {**form_data(organisation, title="Another"), "attachments": [pdf(), pdf("b.pdf")]}
    )
    assert second.status_code == 200
    assert "upload allowance" in second.content.decode()
    assert Proposal.objects.count() == 1 and ProposalAttachment.objects.count() == 1


def test_images_have_a_tighter_size_limit_than_documents(settings):
    from tests.uploads_support import image_bytes

    png = image_bytes("png")
    settings.UPLOAD_MAX_BYTES = 10_000
    settings.UPLOAD_MAX_BYTES_BY_KIND = {"png": len(png) - 1}
    with pytest.raises(ValidationError) as exc:
        validate_document(SimpleUploadedFile("photo.png", png))
    assert exc.value.code == "too_large"
    # A PDF of the same size is still within the general limit.
    assert validate_document(SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * len(png))) == "pdf"
