"""Publishing a campaign from chat: an admin's document → draft preview → publish or discard."""

from __future__ import annotations

import logging
from pathlib import PurePath

from sqlmodel import select

from handlers.context import Ctx
from handlers.formatting import fmt_date, shorten
from handlers.messages import Button, Reply
from knowledge.documents.ingest import (
    IngestResult,
    discard_document,
    ingest_bytes,
    publish_document,
)
from knowledge.presentation.dates import format_period
from knowledge.presentation.labels import kind_name
from knowledge.store.tables import CampaignRow, DocumentRow

log = logging.getLogger(__name__)

ACCEPTED_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
MAX_PREVIEW_ITEMS = 8


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} B"


def document_received(ctx: Ctx) -> list[Reply]:
    """Refuse non-admins and groups; check type and size; read into a draft; show the preview."""
    inc = ctx.incoming
    doc = inc.document
    if not ctx.is_bot_admin:
        return [Reply(ctx.t("doc_not_admin"))]
    if inc.chat_kind != "private":
        return [Reply(ctx.t("doc_in_group"))]
    if doc is None:
        return [Reply(ctx.t("text_only"))]
    name = PurePath(doc.filename or "tep").name
    if PurePath(name).suffix.lower() not in ACCEPTED_SUFFIXES:
        return [Reply(ctx.t("doc_wrong_type", name=name))]
    limit = ctx.services.max_file_bytes
    if len(doc.content) > limit:
        return [
            Reply(
                ctx.t("doc_too_big", name=name, size=_size(len(doc.content)), limit=_size(limit))
            )
        ]
    # Our session must hold no write transaction while ingestion writes (SQLite locks the file).
    ctx.session.commit()
    result = ingest_bytes(
        ctx.services.engine,
        name,
        doc.content,
        now=ctx.now,
        max_bytes=limit,
        status="draft",
    )
    if not result.ok or result.document is None:
        return [Reply(ctx.t("doc_failed", name=name, reason=result.reason or "?"))]
    ctx.session.expire_all()
    row = ctx.session.get(DocumentRow, result.document_id)
    if row is not None and row.status == "published":
        if result.outcome == "unchanged":
            return [Reply(ctx.t("doc_unchanged", name=name))]
        # A new version of a published document replaces it at once (ingestion keeps the
        # status): make the change answerable and re-plan its reminders; no second launch.
        _plan(ctx)
        ctx.session.commit()
        ctx.services.kb.refresh()
        updated = preview(ctx, name, result, buttons=False)
        updated.text += "\n\n" + ctx.t("doc_updated_published")
        return [updated]
    return [preview(ctx, name, result)]


def preview(ctx: Ctx, name: str, result: IngestResult, *, buttons: bool = True) -> Reply:
    """What was understood, with the publish / discard buttons."""
    extracted = result.document
    assert extracted is not None
    info = extracted.document
    camp = extracted.campaign
    unknown = ctx.t("preview_unknown")
    lines = [ctx.t("preview_header", name=name)]
    lines.append(ctx.t("preview_title", value=shorten(camp.name or info.title or unknown, 200)))
    doc_bits = " ".join(x for x in (info.doc_type, info.number) if x)
    if info.issue_date:
        doc_bits += ctx.t("document_dated", date=fmt_date(info.issue_date))
    lines.append(ctx.t("preview_document", value=doc_bits.strip() or unknown))
    lines.append(ctx.t("preview_issuer", value=info.issuer or unknown))
    period = format_period(camp.start, camp.end, ctx.lang)
    if camp.period_text:
        period += f" («{shorten(camp.period_text, 80)}»)"
    lines.append(ctx.t("preview_period", value=period))
    lines.append(ctx.t("preview_phases", n=len(camp.phases)))
    for p in camp.phases[:MAX_PREVIEW_ITEMS]:
        lines.append(f"   – {p.name}: {format_period(p.start, p.end, ctx.lang)}")
    lines.append(ctx.t("preview_deadlines", n=len(camp.deadlines)))
    for d in camp.deadlines[:MAX_PREVIEW_ITEMS]:
        when = fmt_date(d.due, ctx.lang) if d.due else (d.date_text or unknown)
        what = shorten(d.what or kind_name(d.kind, ctx.lang), 90)
        to = f" → {shorten(d.recipient, 60)}" if d.recipient else ""
        lines.append(f"   – {when}: {kind_name(d.kind, ctx.lang)}: {what}{to}")
    if camp.recurring_reports:
        periods = ", ".join(
            shorten(r.what or str(r.period), 50) + f" ({r.period})"
            for r in camp.recurring_reports[:MAX_PREVIEW_ITEMS]
        )
        lines.append(ctx.t("preview_recurring", value=periods))
    warnings = result.warnings or extracted.warnings
    if warnings:
        lines.append(ctx.t("preview_warnings", n=len(warnings)))
        for w in warnings[:MAX_PREVIEW_ITEMS]:
            lines.append(f"   – {shorten(w.message, 200)}")
    if not buttons:
        lines.extend(_share_lines(ctx, result.document_id, "share_published"))
        return Reply("\n".join(lines))
    lines.extend(_share_lines(ctx, result.document_id, "share_preview"))
    lines.append("")
    lines.append(ctx.t("preview_question"))
    rows = [
        [
            Button(ctx.t("publish_button"), f"pub:{result.document_id}"),
            Button(ctx.t("discard_button"), f"drop:{result.document_id}"),
        ]
    ]
    return Reply("\n".join(lines), buttons=rows)


def _draft(ctx: Ctx, document_id: str) -> DocumentRow | None:
    row = ctx.session.get(DocumentRow, document_id)
    if row is None or row.status != "draft":
        return None
    return row


def publish_callback(ctx: Ctx, document_id: str) -> list[Reply]:
    """Publish the draft, refresh the knowledge base, plan reminders and enqueue the launch."""
    if not ctx.is_bot_admin:
        return [Reply(ctx.t("bot_admin_only"))]
    row = _draft(ctx, document_id)
    if row is None:
        return [Reply(ctx.t("draft_gone"))]
    name = row.title or row.source
    from scheduler import outbox

    ctx.session.commit()
    if publish_document(ctx.services.engine, document_id, ctx.now) is None:
        return [Reply(ctx.t("draft_gone"))]
    ctx.session.expire_all()
    campaign_ids = list(
        ctx.session.exec(select(CampaignRow.id).where(CampaignRow.document_id == document_id))
    )
    _plan(ctx)
    launched = 0
    for campaign_id in campaign_ids:
        count = outbox.enqueue_launch(ctx.session, campaign_id, ctx.now)
        launched += count if isinstance(count, int) else 0
    ctx.session.commit()
    ctx.services.kb.refresh()
    log.info("published document %s: %d launch messages enqueued", document_id, launched)
    text = "\n".join([ctx.t("published", name=shorten(name, 160), n=launched),
                      *_share_lines(ctx, document_id, "share_published")])
    return [Reply(text)]


def _share_lines(ctx: Ctx, document_id: str | None, key: str) -> list[str]:
    """The share links of the document's campaign(s) and of its issuer (platform permitting)."""
    from handlers import share_links

    if document_id is None:
        return []
    rows = ctx.session.exec(select(CampaignRow).where(CampaignRow.document_id == document_id))
    lines: list[str] = []
    issuers: set[str] = set()
    for row in rows:
        link = share_links.share_text(ctx, share_links.campaign_payload(row.id))
        if link:
            lines.append(ctx.t(key, link=link))
        if row.issuer:
            issuers.add(row.issuer)
    for issuer in sorted(issuers):
        link = share_links.share_text(ctx, share_links.issuer_payload(issuer))
        if link:
            lines.append(ctx.t("share_issuer", issuer=issuer, link=link))
    return lines


def discard_callback(ctx: Ctx, document_id: str) -> list[Reply]:
    """Throw the draft away."""
    if not ctx.is_bot_admin:
        return [Reply(ctx.t("bot_admin_only"))]
    row = _draft(ctx, document_id)
    if row is None:
        return [Reply(ctx.t("draft_gone"))]
    name = row.title or row.source
    ctx.session.commit()
    discard_document(ctx.services.engine, document_id)
    return [Reply(ctx.t("discarded", name=shorten(name, 160)))]


def _plan(ctx: Ctx) -> None:
    """Plan (or re-plan) reminders now, so a published campaign's chats hear of it at once."""
    from scheduler.planning.run import plan_reminders

    plan_reminders(ctx.session, ctx.now, tz=ctx.services.tz)
