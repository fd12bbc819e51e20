"""An office's guides, booklets, leaflets and forms (seed 004: "panduan, booklet, leaflet, dan formulir"):
PDFs its office admin uploads, offered on its public page next to the blank forms of the portal.

A file is judged by its content, as a submission's attachments are: within the size limit
(ATTACHMENT_MAX_MB), starting with ``%PDF-``, opened by pypdf decoding no more of its compressed streams
than `romantik.uploads.pdf_decoding_bounded` allows, with at least one page. It is stored under a random
name (MEDIA_ROOT is never served) and downloaded through `romantik.views.office_document_download`.
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from .enums import OfficeDocumentKind
from .models import Office, OfficeDocument
from .uploads import MB, pdf_upload_check

NAME_MAX_LENGTH = OfficeDocument._meta.get_field("original_name").max_length
# The name some offices give the MS-Keg form in their standard (seed 004).
FRKSS = "FRKSS"


def document_max_bytes() -> int:
    return settings.ATTACHMENT_MAX_MB * MB


def pdf_check(file) -> int:
    """The number of pages of `file`, or ValidationError unless it is a PDF within the size limit that opens
    and has a page."""
    return pdf_upload_check(file, max_bytes=document_max_bytes())


def _original_name(name: str) -> str:
    """The uploader's file name, kept to name the download; never used to store the file."""
    name = os.path.basename((name or "").replace("\\", "/")).strip()
    name = "".join(ch for ch in name if ch.isprintable()) or "dokumen.pdf"
    if not name.lower().endswith(".pdf"):
        name += ".pdf"
    if len(name) > NAME_MAX_LENGTH:
        name = name[: NAME_MAX_LENGTH - 4] + name[-4:]
    return name


def office_document_add(*, office: Office, actor, title: str, kind: str, file) -> OfficeDocument:
    """Store an uploaded PDF as one of the office's documents (its office admin, or a site admin)."""
    if actor is not None and not actor.has_perm("romantik.manage_office", office):
        raise PermissionDenied
    if kind not in OfficeDocumentKind.values:
        raise ValidationError(_("Choose what kind of document this is."), code="kind")
    pages = pdf_check(file)
    document = OfficeDocument(
        office=office,
        title=title.strip(),
        kind=kind,
        original_name=_original_name(getattr(file, "name", "")),
        size=file.size,
        pages=pages,
        uploaded_by=actor,
    )
    document.file.save(f"{uuid.uuid4().hex}.pdf", file, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def office_document_remove(*, document: OfficeDocument, actor) -> None:
    """Remove the document; its file goes once the removal is committed."""
    if not actor.has_perm("romantik.manage_office", document.office):
        raise PermissionDenied
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


def office_document_seed(*, office: Office, title: str, kind: str, content: bytes) -> OfficeDocument:
    """The demo data's document (romantik.seeding): created once, by title; an existing one is kept."""
    existing = OfficeDocument.objects.filter(office=office, title=title).first()
    if existing is not None:
        return existing
    file = ContentFile(content, name=f"{title}.pdf")
    return office_document_add(office=office, actor=None, title=title, kind=kind, file=file)


def office_documents_by_kind(office: Office) -> list[dict]:
    """The office's documents grouped under their kind's label, in the order of the kinds."""
    documents = list(office.documents.order_by("title", "pk"))
    groups = []
    for value, label in OfficeDocumentKind.choices:
        of_kind = [d for d in documents if d.kind == value]
        if of_kind:
            groups.append({"kind": value, "label": label, "documents": of_kind})
    return groups


def office_uses_frkss(office: Office) -> bool:
    """The office's published standard names the MS-Keg form FRKSS (seed 004)."""
    texts = [*office.requirements, *office.procedure, office.service_time_note]
    return any(FRKSS in str(text) for text in texts)
