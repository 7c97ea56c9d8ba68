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
