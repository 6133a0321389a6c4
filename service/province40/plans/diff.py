"""What changed from one version of a plan to another, and which gaps the revision closed or opened.

Items are matched by identity: the same IRI, i.e. the same code (or, without a code, the same Thai
title); items left over on both sides where one has no code are matched by title similarity
(difflib ratio ≥ 0.6), which shows a rename. Then, per matched item: links added or removed, indicator
targets changed (indicators matched by name), indicators, budgets and data sources changed. Gaps are
the findings of each version's validation report, compared with version-specific IRIs (the plan
version, its indicators) put aside.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from province40.plans.model import IndicatorDraft, ItemDraft, PlanDraft
from province40.validation.report import Finding, Report
from province40.validation.terms import node_key

SIMILAR_TITLES = 0.6
_VERSION_LOCAL = re.compile(r"TH-[0-9]{2}-version-[0-9]+")


@dataclass(frozen=True, kw_only=True)
class ItemRef:
    """An item as a diff names it."""

    local_name: str
    code: str | None
    kind: str
    title_th: str | None
    title_en: str | None

    @classmethod
    def of(cls, item: ItemDraft) -> ItemRef:
        """The reference of a draft item."""
        return cls(
            local_name=item.local_name,
            code=item.code,
            kind=item.kind.value,
            title_th=item.title_th,
            title_en=item.title_en,
        )

    def to_dict(self) -> dict[str, Any]:
        """For JSON."""
        return {
            "id": self.local_name,
            "code": self.code,
            "kind": self.kind,
            "title": {"th": self.title_th, "en": self.title_en},
        }

    def name(self, lang: str) -> str:
        """Its title in ``lang`` (the other one when missing)."""
        return (self.title_th if lang == "th" else self.title_en) or self.title_th or self.title_en or self.local_name


@dataclass(frozen=True, kw_only=True)
class Change:
    """One change: ``kind`` (e.g. ``link_added``), the item it concerns (None: the plan), and values."""

    kind: str
    item: ItemRef | None
    detail: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """For JSON."""
        return {"change": self.kind, "item": self.item.to_dict() if self.item else None, **self.detail}


@dataclass(frozen=True, kw_only=True)
class GapChange:
    """A gap one version has and the other has not."""

    shape: str
    severity: str
    focus: str
    value: str | None
    label_th: str
    label_en: str
    message_th: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        """For JSON."""
        return {
            "shape": self.shape,
            "severity": self.severity,
            "focus": self.focus,
            "value": self.value,
            "label": {"th": self.label_th, "en": self.label_en},
            "message": {"th": self.message_th, "en": self.message_en},
        }


@dataclass(frozen=True, kw_only=True)
class PlanDiff:
    """The changes between two versions and their gap reports side by side."""

    province: str
    from_version: int
    to_version: int
    changes: tuple[Change, ...]
    gaps_closed: tuple[GapChange, ...] = ()
    gaps_opened: tuple[GapChange, ...] = ()
    gaps_unchanged: int = 0
    gaps_before: int = 0
    gaps_after: int = 0

    def of_kind(self, kind: str) -> tuple[Change, ...]:
        """The changes of one kind."""
        return tuple(c for c in self.changes if c.kind == kind)

    def to_dict(self) -> dict[str, Any]:
        """For JSON (``province40 diff --format json``, ``GET /api/plans/{code}/diff``)."""
        return {
            "province": self.province,
            "from": self.from_version,
            "to": self.to_version,
            "changes": [c.to_dict() for c in self.changes],
            "gaps": {
                "before": self.gaps_before,
                "after": self.gaps_after,
                "closed": [g.to_dict() for g in self.gaps_closed],
                "opened": [g.to_dict() for g in self.gaps_opened],
                "unchanged": self.gaps_unchanged,
            },
        }

    def lines(self, lang: str) -> list[str]:
        """A readable diff in ``lang``."""
        th = lang == "th"
        out = [
            f"{self.province}: ฉบับที่ {self.from_version} → {self.to_version}"
            if th
            else f"{self.province}: version {self.from_version} → {self.to_version}"
        ]
        if not self.changes:
            out.append("  ไม่มีการเปลี่ยนแปลงเนื้อหา" if th else "  no change of content")
        for change in self.changes:
            out.append("  " + _describe(change, lang))
        out.append(
            (
                f"ช่องว่าง: {self.gaps_before} → {self.gaps_after} (ปิดได้ {len(self.gaps_closed)}, "
                f"เกิดใหม่ {len(self.gaps_opened)}, "
                f"คงเดิม {self.gaps_unchanged})"
            )
            if th
            else (
                f"gaps: {self.gaps_before} → {self.gaps_after} ({len(self.gaps_closed)} closed, "
                f"{len(self.gaps_opened)} opened, "
                f"{self.gaps_unchanged} unchanged)"
            )
        )
        for sign, gaps in (("-", self.gaps_closed), ("+", self.gaps_opened)):
            for gap in gaps:
                label = gap.label_th if th else gap.label_en
                message = gap.message_th if th else gap.message_en
                out.append(f"  {sign} [{gap.severity}] {label}: {message}" + (f" ({gap.value})" if gap.value else ""))
        return out


def _describe(change: Change, lang: str) -> str:
    th = lang == "th"
    name = change.item.name(lang) if change.item else ("แผน" if th else "the plan")
    d = change.detail
    kind = change.kind
    if kind == "item_renamed":
        old, new = d["from"], d["to"]
        return (
            f"~ เปลี่ยนชื่อ: {old['th']} → {new['th']}"
            if th
            else f"~ renamed: {old['en'] or old['th']} → {new['en'] or new['th']}"
        )
    if kind == "target_changed":
        old, new = d["from"], d["to"]
        shown = " → ".join(
            f"{v['target']} {v['unit'] or ''} ({v['fiscal_year']})".replace(" ()", "") for v in (old, new)
        )
        return (
            f"~ ค่าเป้าหมาย {name} / {d['indicator']}: {shown}" if th else f"~ target {name} / {d['indicator']}: {shown}"
        )
    simple = {
        "item_added": ("+ เพิ่ม: {name}", "+ added: {name}"),
        "item_removed": ("- ตัดออก: {name}", "- removed: {name}"),
        "link_added": ("+ ความเชื่อมโยง {name} → {target}", "+ link {name} → {target}"),
        "link_removed": ("- ความเชื่อมโยง {name} → {target}", "- link {name} → {target}"),
        "indicator_added": ("+ ตัวชี้วัด {name}: {indicator}", "+ indicator {name}: {indicator}"),
        "indicator_removed": ("- ตัวชี้วัด {name}: {indicator}", "- indicator {name}: {indicator}"),
        "budget_changed": ("~ งบประมาณ {name}: {from} → {to}", "~ budget {name}: {from} → {to}"),
        "data_source_added": ("+ แหล่งข้อมูล {name}: {source}", "+ data source {name}: {source}"),
        "data_source_removed": ("- แหล่งข้อมูล {name}: {source}", "- data source {name}: {source}"),
        "plan_changed": ("~ แผน {field}: {from} → {to}", "~ plan {field}: {from} → {to}"),
    }
    th_text, en_text = simple.get(kind, (kind, kind))
    return (th_text if th else en_text).format(name=name, **{k: v for k, v in d.items() if k != "name"})


def _match(
    before: tuple[ItemDraft, ...], after: tuple[ItemDraft, ...]
) -> tuple[list[tuple[ItemDraft, ItemDraft]], list[ItemDraft], list[ItemDraft]]:
    by_name = {i.local_name: i for i in after}
    pairs = [(a, by_name[a.local_name]) for a in before if a.local_name in by_name]
    matched = {a.local_name for a, _ in pairs}
    left = [a for a in before if a.local_name not in matched]
    right = [b for b in after if b.local_name not in matched]
    scored = []
    for a in left:
        for b in right:
            if a.kind is b.kind and (a.code is None or b.code is None):
                ratio = difflib.SequenceMatcher(
                    None, a.title_th or a.title_en or "", b.title_th or b.title_en or ""
                ).ratio()
                if ratio >= SIMILAR_TITLES:
                    scored.append((ratio, a, b))
    scored.sort(key=lambda t: -t[0])
    for _, a, b in scored:
        if a in left and b in right:
            pairs.append((a, b))
            left.remove(a)
            right.remove(b)
    return pairs, left, right


def _indicator_name(indicator: IndicatorDraft) -> str:
    return indicator.name_th or indicator.name_en or ""


def _target(indicator: IndicatorDraft) -> dict[str, Any]:
    return {
        "target": str(indicator.target) if indicator.target is not None else None,
        "unit": indicator.unit,
        "fiscal_year": indicator.target_year,
    }


def diff_drafts(before: PlanDraft, after: PlanDraft, *, from_version: int, to_version: int) -> PlanDiff:
    """The content changes from ``before`` to ``after`` (no gap comparison)."""
    changes: list[Change] = []
    for field in ("title_th", "title_en", "first_year", "last_year"):
        old, new = getattr(before, field), getattr(after, field)
        if old != new:
            changes.append(Change(kind="plan_changed", item=None, detail={"field": field, "from": old, "to": new}))
    _links(
        changes,
        None,
        {(lk.predicate, lk.target) for lk in before.links},
        {(lk.predicate, lk.target) for lk in after.links},
    )
    pairs, removed, added = _match(before.items, after.items)
    for item in removed:
        changes.append(Change(kind="item_removed", item=ItemRef.of(item), detail={}))
    for item in added:
        changes.append(Change(kind="item_added", item=ItemRef.of(item), detail={}))
    for a, b in pairs:
        ref = ItemRef.of(b)
        if (a.title_th, a.title_en) != (b.title_th, b.title_en):
            changes.append(
                Change(
                    kind="item_renamed",
                    item=ref,
                    detail={"from": {"th": a.title_th, "en": a.title_en}, "to": {"th": b.title_th, "en": b.title_en}},
                )
            )
        _links(
            changes, ref, {(lk.predicate, lk.target) for lk in a.links}, {(lk.predicate, lk.target) for lk in b.links}
        )
        if a.budget != b.budget:
            changes.append(
                Change(
                    kind="budget_changed",
                    item=ref,
                    detail={
                        "from": str(a.budget) if a.budget is not None else None,
                        "to": str(b.budget) if b.budget is not None else None,
                    },
                )
            )
        old_ind = {_indicator_name(i): i for i in a.indicators}
        new_ind = {_indicator_name(i): i for i in b.indicators}
        for name in old_ind.keys() - new_ind.keys():
            changes.append(Change(kind="indicator_removed", item=ref, detail={"indicator": name}))
        for name in new_ind.keys() - old_ind.keys():
            changes.append(Change(kind="indicator_added", item=ref, detail={"indicator": name}))
        for name in sorted(old_ind.keys() & new_ind.keys()):
            if old_ind[name].content()[2:] != new_ind[name].content()[2:]:
                changes.append(
                    Change(
                        kind="target_changed",
                        item=ref,
                        detail={"indicator": name, "from": _target(old_ind[name]), "to": _target(new_ind[name])},
                    )
                )
        old_src = {s.content() for s in a.sources}
        new_src = {s.content() for s in b.sources}
        for kind, values in (("data_source_removed", old_src - new_src), ("data_source_added", new_src - old_src)):
            for th, en in sorted(values, key=repr):
                changes.append(Change(kind=kind, item=ref, detail={"source": th or en}))
    return PlanDiff(province=after.province, from_version=from_version, to_version=to_version, changes=tuple(changes))


def _links(changes: list[Change], item: ItemRef | None, old: set[tuple[str, str]], new: set[tuple[str, str]]) -> None:
    for kind, values in (("link_removed", old - new), ("link_added", new - old)):
        for predicate, target in sorted(values):
            changes.append(
                Change(
                    kind=kind,
                    item=item,
                    detail={
                        "predicate": predicate,
                        "target": target.rsplit("/", 2)[-2] + "/" + target.rsplit("/", 1)[-1],
                        "target_iri": target,
                    },
                )
            )


def _canonical(key: str, plans: set[str]) -> str:
    if key in plans:
        return "<plan>"
    return _VERSION_LOCAL.sub("<version>", key)


def gap_key(finding: Finding, plans: set[str]) -> tuple[str, str, str, str]:
    """A finding's identity across versions (the plan version and version-local IRIs put aside)."""
    value = node_key(finding.value) if finding.value is not None else ""
    return (
        finding.shape,
        _canonical(node_key(finding.focus_node), plans),
        finding.path or "",
        _canonical(value, plans),
    )


def _gap(finding: Finding, report: Report) -> GapChange:
    focus = node_key(finding.focus_node)
    return GapChange(
        shape=finding.shape.rsplit("#", 1)[-1],
        severity=finding.severity.value,
        focus=focus,
        value=report.label(node_key(finding.value), "en") if finding.value is not None else None,
        label_th=report.label(focus, "th"),
        label_en=report.label(focus, "en"),
        message_th=finding.message_th,
        message_en=finding.message_en,
    )


def with_gaps(diff: PlanDiff, before: Report, after: Report, *, plans: set[str]) -> PlanDiff:
    """The diff with the two gap reports compared."""
    old = {gap_key(f, plans): f for f in before.findings}
    new = {gap_key(f, plans): f for f in after.findings}
    return PlanDiff(
        province=diff.province,
        from_version=diff.from_version,
        to_version=diff.to_version,
        changes=diff.changes,
        gaps_closed=tuple(_gap(old[k], before) for k in sorted(old.keys() - new.keys())),
        gaps_opened=tuple(_gap(new[k], after) for k in sorted(new.keys() - old.keys())),
        gaps_unchanged=len(old.keys() & new.keys()),
        gaps_before=len(old),
        gaps_after=len(new),
    )
