"""Files of every kind the library accepts or refuses, built here so each test says what it sends."""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.demo import minimal_pdf, minimal_xlsx

# An 8 by 8 JPEG written by libjpeg (Pillow), kept as bytes so the tests need no imaging library.
JPEG_BYTES = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d"
    "283a333d3c3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffdb0043011112121815182f"
    "1a1a2f634238426363636363636363636363636363636363636363636363636363636363636363636363636363636363636363"
    "636363636363ffc00011080008000803012200021101031101ffc4001f0000010501010101010100000000000000000102030405"
    "060708090a0bffc400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a108"
    "2342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a6364"
    "65666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3"
    "c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffc4001f01000301010101010101"
    "01010000000000000102030405060708090a0bffc400b51100020102040403040705040400010277000102031104052131061241"
    "510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a4344454647"
    "48494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7"
    "a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9faffda00"
    "0c03010002110311003f00c7a28a2b84fa83ffd9"
)


def png_bytes() -> bytes:
    """A one-pixel PNG: signature, IHDR, IDAT, IEND."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


OOXML = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "xlsm": ("xl/workbook.xml", "application/vnd.ms-excel.sheet.macroEnabled.main+xml"),
}


def ooxml_bytes(kind: str) -> bytes:
    part, content_type = OOXML[kind]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document/>")
    return out.getvalue()


def odf_bytes(mimetype: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "des notes")
        archive.writestr("photo.bin", b"\x00\x01\x02")
    return out.getvalue()


def executable() -> bytes:
    """The start of a Windows executable (DOS header and stub)."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 44
        + b"This program cannot be run in DOS mode."
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def pdf(name: str = "note.pdf", text: str = "Document") -> SimpleUploadedFile:
    return upload(name, minimal_pdf(text), "application/pdf")


# name, content, the content type the library stores it as
ACCEPTED = {
    "pdf": ("note.pdf", lambda: minimal_pdf("Note"), "application/pdf"),
    "docx": (
        "note.docx",
        lambda: ooxml_bytes("docx"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": (
        "tableau.xlsx",
        lambda: minimal_xlsx("Tableau"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "pptx": (
        "slides.pptx",
        lambda: ooxml_bytes("pptx"),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    "odt": (
        "note.odt",
        lambda: odf_bytes("application/vnd.oasis.opendocument.text"),
        "application/vnd.oasis.opendocument.text",
    ),
    "ods": (
        "tableau.ods",
        lambda: odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
        "application/vnd.oasis.opendocument.spreadsheet",
    ),
    "odp": (
        "slides.odp",
        lambda: odf_bytes("application/vnd.oasis.opendocument.presentation"),
        "application/vnd.oasis.opendocument.presentation",
    ),
    "csv": ("donnees.csv", lambda: "BMW;Peugeot\nnom;ville\nÉlodie;Nîmes\n".encode(), "text/csv"),
    "txt": ("lisez-moi.txt", lambda: "\ufeffCompte rendu\tséance du 3 mars\r\n".encode(), "text/plain"),
    "png": ("schema.png", png_bytes, "image/png"),
    "jpeg": ("photo.jpg", lambda: JPEG_BYTES, "image/jpeg"),
}

# name, content, words the refusal must contain
REFUSED = {
    "empty": ("vide.pdf", lambda: b"", "vide"),
    "executable renamed .pdf": ("facture.pdf", executable, "n'est pas accepté"),
    "ELF binary renamed .txt": ("notes.txt", lambda: b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56, "n'est pas accepté"),
    "zip that is no Office file": ("archive.docx", plain_zip, "n'est pas un document Office"),
    "macro-enabled workbook": ("tableau.xlsx", lambda: ooxml_bytes("xlsm"), "n'est pas un document Office"),
    "ODF of another kind": (
        "dessin.odt",
        lambda: odf_bytes("application/vnd.oasis.opendocument.graphics"),
        "n'est pas un document Office",
    ),
    "PDF without %%EOF": ("coupe.pdf", lambda: minimal_pdf("Coupé")[:-40], "incomplet ou endommagé"),
    "PNG cut short": ("coupe.png", lambda: png_bytes()[:-12], "incomplet ou endommagé"),
    "JPEG cut short": ("coupe.jpg", lambda: JPEG_BYTES[:-40], "incomplet ou endommagé"),
    "zip without its central directory": ("coupe.docx", lambda: ooxml_bytes("docx")[:-60], "incomplet ou endommagé"),
    "GIF image": (
        "image.gif",
        lambda: (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
        ),
        "n'est pas accepté",
    ),
    "text with a NUL": ("notes.txt", lambda: b"ligne 1\x00ligne 2\n", "n'est pas accepté"),
    "text not in UTF-8": ("export.csv", lambda: "nom;ville\nÉlodie;Nîmes\n".encode("cp1252"), "pas encodé en UTF-8"),
}
