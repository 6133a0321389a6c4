"""``/api/plans/{code}/...``: import a province's plan from a spreadsheet, list its versions, diff and
export them. Only translates HTTP: the work is :class:`province40.plans.service.PlanService`'s, run in a
thread (parsing, validating and writing never block the event loop).

Imports need a bearer token: the administrator's update token, or a token scoped to the province
(``province40 token add``); the token's name is recorded as who imported the version.
"""

from __future__ import annotations

import email.parser
import email.policy
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from province40.api.deps import PlansDep, SettingsDep, after_write, authorise_import, read_body
from province40.api.routes.validation import note_write
from province40.errors import ParameterError
from province40.plans.importer import ImportRequest
from province40.plans.versions import check_code

router = APIRouter(prefix="/api/plans", tags=["Plans"])

Code = Annotated[str, Path(description="ISO 3166-2 code of the province, e.g. TH-84")]
_SPREADSHEET_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv")


def _multipart_file(body: bytes, content_type: str) -> tuple[bytes, str | None]:
    """The first file part of a multipart/form-data body (field ``file``), with its file name."""
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            return (payload if isinstance(payload, bytes) else b""), part.get_filename()
    raise ParameterError("a multipart upload needs the spreadsheet in a field named 'file'", parameter="file")


@router.post(
    "/{code}/imports",
    summary="Import a plan spreadsheet (XLSX or CSV) as a new version",
    status_code=201,
    responses={
        200: {"description": "dry run: what the import would do, with the validation report; nothing written"},
        201: {"description": "imported: the import summary and the validation report"},
        400: {"description": "refused: every problem of the file (sheet, row, column, field, Thai and English)"},
        401: {"description": "no token, an unknown token or a revoked token"},
        403: {"description": "a token scoped to other provinces (the message names its scope)"},
        413: {"description": "larger than max_import_bytes (or max_import_rows rows)"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                **{media: {"schema": {"type": "string", "format": "binary"}} for media in _SPREADSHEET_TYPES},
                "multipart/form-data": {
                    "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
                },
            },
        }
    },
)
async def import_plan(
    request: Request,
    code: Code,
    settings: SettingsDep,
    plans: PlansDep,
    dry_run: Annotated[bool, Query(alias="dry-run", description="validate and report, write nothing")] = False,
    version_label: Annotated[str | None, Query(alias="version-label", description="name of the new version")] = None,
    accept_suggestions: Annotated[bool, Query(
        alias="accept-suggestions",
        description="write the suggested links of rows that state none as curated links (weak, by the suggester)",
    )] = False,
    filename: Annotated[
        str | None, Query(description="the file's name, recorded with the version (raw bodies)")
    ] = None,
) -> Response:
    """Import the spreadsheet in the body (raw XLSX/CSV, or multipart field ``file``) as the next version of
    the province's plan. 201 with the summary and the validation report; ``?dry-run=true``: 200, nothing
    written. Rows that state no link of some kind get suggestions (``suggestions``, marked suggested, not
    stated), written as curated links only with ``?accept-suggestions=true``.
    A file with problems is a 400 listing all of them; the store is then unchanged."""
    province = check_code(code)
    imported_by = authorise_import(request, province)
    body = await read_body(request, settings.max_import_bytes, setting="max_import_bytes")
    content_type = request.headers.get("content-type", "")

    def work() -> tuple[dict[str, Any], tuple[str, ...]]:
        data, name = (body, filename)
        if content_type.lower().startswith("multipart/form-data"):
            data, name = _multipart_file(body, content_type)
        outcome = plans.import_file(
            ImportRequest(
                data=data,
                file_name=(name or filename or "upload").rsplit("/", 1)[-1],
                province=province,
                imported_by=imported_by,
                version_label=version_label,
                dry_run=dry_run,
                accept_suggestions=accept_suggestions,
            )
        )
        return outcome.to_dict(), outcome.validated_graphs_changed

    result, changed = await run_in_threadpool(work)
    if not dry_run:  # the search index and the cached gap reports follow the write
        await run_in_threadpool(after_write, request)
        note_write(request.app, changed)
    return JSONResponse(result, status_code=200 if dry_run else 201)


@router.get("/{code}/versions", summary="The versions of a province's plan")
async def versions(code: Code, plans: PlansDep) -> JSONResponse:
    """Every version, oldest first: number, label, date, file name and SHA-256, who imported it, the
    named graph that holds it, and the links to each diff (``/api/plans/{code}/diff?from=&to=``)."""
    province = check_code(code)
    found = await run_in_threadpool(plans.versions, province)
    items = []
    for version in found:
        item = version.to_dict()
        item["diff"] = (
            f"/api/plans/{province}/diff?from={version.number - 1}&to={version.number}"
            if version.number > 1 and any(v.number == version.number - 1 for v in found)
            else None
        )
        item["export"] = f"/api/plans/{province}/export?version={version.number}&format=xlsx"
        items.append(item)
    return JSONResponse({"province": province, "versions": items})


@router.get("/{code}/diff", summary="What changed between two versions, with their gap reports")
async def diff(
    code: Code,
    plans: PlansDep,
    from_version: Annotated[
        int | None, Query(alias="from", description="version number (default: the one before 'to')")
    ] = None,
    to_version: Annotated[
        int | None, Query(alias="to", description="version number (default: the current one)")
    ] = None,
) -> JSONResponse:
    """Projects added, removed or renamed, links added or removed, indicator targets changed; and the
    gaps the revision closed and opened (each version validated with the shapes)."""
    province = check_code(code)
    result = await run_in_threadpool(plans.diff, province, from_version, to_version)
    return JSONResponse(result.to_dict())


@router.get("/{code}/export", summary="A version of the plan in the template's layout")
async def export(
    code: Code,
    plans: PlansDep,
    version: Annotated[int | None, Query(description="version number (default: the current one)")] = None,
    export_format: Annotated[Literal["xlsx", "csv"], Query(alias="format")] = "xlsx",
    lang: Annotated[Literal["th", "en"], Query()] = "th",
) -> Response:
    """The version as XLSX or CSV, ready to edit and import again."""
    province = check_code(code)
    exported = await run_in_threadpool(lambda: plans.export(province, version, fmt=export_format, lang=lang))
    return Response(
        exported.data,
        media_type=exported.media_type,
        headers={"Content-Disposition": f'attachment; filename="{exported.file_name}"'},
    )
