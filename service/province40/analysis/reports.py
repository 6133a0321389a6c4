"""The service's gap report (``GET /validation[/TH-NN]?format=json``, format
``province40-validation-report/1``, described in shapes/README.md) as DataFrames.

The report is computed by the service (:mod:`province40.validation`); nothing here re-derives it,
these functions only tabulate it: :func:`findings_frame` (one row per gap), :func:`alignment_frame`
(per plan and alignment check: items aligned as presented and with the curated links) and
:func:`coverage_frame` / :func:`coverage_table` (the coverage matrix: plans × dimensions, success
factors, national strategies).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import httpx
import pandas as pd

from province40.analysis.endpoint import START_HELP, endpoint_url, service_root
from province40.errors import EndpointUnavailable, StoreError

FORMAT = "province40-validation-report/1"
STATUSES = ("stated", "curated", "claimed", "gap")
"""Coverage cell statuses, from the best covered to the gap (an ordered categorical in the frames)."""
AXES = ("dimensions", "success_factors", "strategies")

Report = Mapping[str, Any]


def fetch_report(
    province: str | None = None, *, endpoint: str | None = None, as_presented: bool = False, timeout: float = 300.0
) -> Report:
    """The JSON gap report of one province's plan (``"TH-33"``) or of every plan (None), from the service
    whose SPARQL endpoint is ``endpoint`` (default: ``PROVINCE40_ENDPOINT``). ``as_presented=True``
    leaves out the team's curated links."""
    url = service_root(endpoint or endpoint_url()) + "/validation" + (f"/{province}" if province else "")
    params = {"format": "json", "as_presented": "true" if as_presented else "false"}
    try:
        answer = httpx.get(url, params=params, timeout=timeout)
    except httpx.HTTPError as error:
        raise EndpointUnavailable(f"no service answers at {url} ({error}); {START_HELP}", detail={"url": url}) from None
    if answer.status_code != 200:
        raise StoreError(f"{url} answered HTTP {answer.status_code}: {answer.text[:500]}", detail={"url": url})
    report: dict[str, Any] = answer.json()
    if report.get("format") != FORMAT:
        raise StoreError(f"{url} did not answer with a {FORMAT} document", detail={"url": url})
    return report


def _text(value: Mapping[str, str] | None, lang: str) -> str | None:
    if not value:
        return None
    return value.get(lang) or value.get("en" if lang == "th" else "th")


def _local(iri: str | None) -> str | None:
    return None if iri is None else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def findings_frame(report: Report, *, lang: Literal["th", "en"] = "th") -> pd.DataFrame:
    """One row per gap: ``state`` is ``open`` (still fails) or ``closed_by_curation`` (fails as presented,
    passes only through curated links), with province, item, check, message, fix and confidence."""
    records = []
    for state, key in (("open", "findings"), ("closed_by_curation", "closed_by_curation")):
        for f in report[key]:
            records.append(
                {
                    "state": state,
                    "province": f["province"],
                    "severity": f["severity"],
                    "check": _local(f["shape"]),
                    "check_label": _text(f["shape_label"], lang),
                    "focus": f["focus_node"],
                    "focus_label": _text(f["focus_label"], lang),
                    "path": f["path"],
                    "value_label": _text(f["value_label"], lang),
                    "message": _text(f["message"], lang),
                    "fix": _text(f["fix"], lang),
                    "basis": f["basis"],
                    "curated_confidence": f["curated_confidence"] and _local(f["curated_confidence"]),
                    "claimed_by_source": f["claimed_by_source"],
                }
            )
    columns = ["state", "province", "severity", "check", "check_label", "focus", "focus_label", "path",
               "value_label", "message", "fix", "basis", "curated_confidence", "claimed_by_source"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({c: "string" for c in columns if c != "claimed_by_source"} | {"claimed_by_source": "boolean"})


def alignment_frame(report: Report, *, lang: Literal["th", "en"] = "th") -> pd.DataFrame:
    """Per plan and alignment check: ``items`` checked, aligned ``as_presented``, ``with_curation``,
    ``only_through_curation`` and ``only_through_weak`` (curated links graded weak only)."""
    records = []
    for plan in report["plans"]:
        for tally in plan["alignment"]:
            records.append(
                {
                    "province": plan["province"],
                    "province_label": _text(plan["province_label"], lang),
                    "check": _local(tally["shape"]),
                    "items": tally["projects"],
                    "as_presented": tally["as_presented"],
                    "with_curation": tally["with_curation"],
                    "only_through_curation": tally["only_through_curation"],
                    "only_through_weak": tally["only_through_weak"],
                }
            )
    columns = ["province", "province_label", "check", "items", "as_presented", "with_curation",
               "only_through_curation", "only_through_weak"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    return frame.astype({c: ("string" if c in columns[:3] else "Int64") for c in columns})


def coverage_frame(report: Report, *, lang: Literal["th", "en"] = "th") -> pd.DataFrame:
    """The coverage matrix in long form: one row per plan × target, with its ``status`` (ordered
    categorical: stated < curated < claimed < gap), and the items reaching it by stated and curated links."""
    labels = {p["plan"]: _text(p["province_label"], lang) for p in report["plans"]}
    records = []
    for axis in AXES:
        block = report["coverage"][axis]
        targets = {c["iri"]: c for c in block["columns"]}
        for order, row in enumerate(block["rows"]):
            for cell in row["cells"]:
                column = targets[cell["column"]]
                records.append(
                    {
                        "axis": axis,
                        "row": order,
                        "province": row["province"],
                        "province_label": labels.get(row["plan"], row["province"]),
                        "target": cell["column"],
                        "target_label": _text(column["label"], lang),
                        "notation": column["notation"],
                        "status": cell["status"],
                        "stated_items": cell["stated_projects"],
                        "curated_items": cell["curated_projects"],
                        "plan_claim": cell["plan_claim"],
                    }
                )
    columns = ["axis", "row", "province", "province_label", "target", "target_label", "notation", "status",
               "stated_items", "curated_items", "plan_claim"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame = frame.astype(
        {"axis": "string", "row": "Int64", "province": "string", "province_label": "string", "target": "string",
         "target_label": "string", "notation": "string", "stated_items": "Int64", "curated_items": "Int64",
         "plan_claim": "boolean"}
    )
    frame["status"] = pd.Categorical(frame["status"], categories=list(STATUSES), ordered=True)
    return frame


def coverage_table(
    report: Report,
    axis: Literal["dimensions", "success_factors", "strategies"],
    *,
    value: Literal["status", "stated_items", "curated_items"] = "status",
    lang: Literal["th", "en"] = "th",
) -> pd.DataFrame:
    """One axis of the coverage matrix as a table: provinces × targets (in the report's order)."""
    if axis not in AXES:
        raise ValueError(f"axis must be one of {', '.join(AXES)}, not {axis!r}")
    long = coverage_frame(report, lang=lang)
    long = long[long["axis"] == axis]
    table = long.pivot(index=["row", "province_label"], columns="target", values=value)
    order = list(dict.fromkeys(long["target"]))
    names = dict(zip(long["target"], long["target_label"], strict=True))
    table = table[order]
    table.index = pd.Index([label for _row, label in table.index], name="province")
    table.columns = pd.Index([str(names[t]) for t in order])
    return table
