"""What the suggester answers: per kind of target, suggestions best first with evidence, or why it abstained.

A suggestion is never a link: it is shown marked *suggested, not stated* and written into the graph
only when a person accepts it (:mod:`province40.plans.suggested`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from province40.namespaces import ID_BASE
from province40.suggestion.reference import Kind, Target


class Confidence(enum.Enum):
    """The curation rubric's confidence levels (``data/reference/curation-rubric.ttl``)."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"

    @property
    def iri(self) -> str:
        """The level's IRI in the rubric."""
        return f"{ID_BASE}confidence/{self.value}"

    @property
    def rank(self) -> int:
        """1 for strong, 3 for weak (``p40:rank``)."""
        return {"strong": 1, "moderate": 2, "weak": 3}[self.value]

    def label(self, lang: str) -> str:
        """The level's label (``หนักแน่น`` / ``strong``...)."""
        return {"strong": "หนักแน่น", "moderate": "ปานกลาง", "weak": "อ่อน"}[self.value] if lang == "th" else self.value

    def at_most(self, other: Confidence) -> Confidence:
        """The weaker of the two levels."""
        return self if self.rank >= other.rank else other


@dataclass(frozen=True, kw_only=True)
class Evidence:
    """Words of the project's text and the target text they matched."""

    words: tuple[str, ...]
    """The project's words found in the target's text; empty when the match is by meaning only."""
    matched_text: str
    """The master plan's passage (or the rubric's evidence word, or the master plan a strategy is reached
    through) that the project's text matched."""
    matched_lang: str
    how: str
    """``words`` (shared words), ``meaning`` (nearest passage in meaning, no shared word), ``rubric`` (a word
    the rubric names as evidence) or ``master-plan`` (a strategy reached through a suggested master plan)."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"words": list(self.words), "matched_text": self.matched_text, "matched_lang": self.matched_lang,
                "how": self.how}

    def text(self, lang: str) -> str:
        """One line for people."""
        said = ", ".join(f"'{w}'" for w in self.words)
        if self.how == "words":
            return (f"คำ {said} ตรงกับ “{self.matched_text}”" if lang == "th"
                    else f"{said} matched “{self.matched_text}”")
        if self.how == "rubric":
            return (f"ข้อความระบุ {said} ซึ่งหลักเกณฑ์นับเป็นหลักฐาน" if lang == "th"
                    else f"the text names {said}, evidence the rubric names")
        if self.how == "master-plan":
            return f"ผ่าน{self.matched_text}" if lang == "th" else f"through {self.matched_text}"
        return (f"ใกล้เคียงในความหมายกับ “{self.matched_text}” (ไม่มีคำตรงกัน)" if lang == "th"
                else f"close in meaning to “{self.matched_text}” (no word in common)")


@dataclass(frozen=True, kw_only=True)
class Suggestion:
    """One target the project could link to."""

    target: Target
    score: float
    """Master plans (and the strategies reached through them): the ranking score (meaning + 0.1 × word
    TF-IDF; about 0.02–0.2); dimensions and success factors: how many of the rubric's evidence words the
    text names."""
    confidence: Confidence
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {
            "iri": self.target.iri,
            "notation": self.target.notation,
            "label_th": self.target.label_th,
            "label_en": self.target.label_en,
            "score": round(self.score, 4),
            "confidence": self.confidence.value,
            "evidence": [e.to_dict() for e in self.evidence],
        }


ABSTAIN_TH = "ไม่มีความเชื่อมโยงที่ชัดเจน: โปรดระบุความเชื่อมโยงเอง"
ABSTAIN_EN = "no clear link: write the link yourself"


@dataclass(frozen=True, kw_only=True)
class Abstention:
    """Why no suggestion is made for a kind of target."""

    reason: str
    """``empty`` (no word names a subject), ``below-threshold``, ``near-tie``, ``no-evidence`` (the rubric's
    evidence words are absent) or ``no-master-plan`` (strategies follow master plans)."""
    detail_th: str
    detail_en: str
    candidates: tuple[Suggestion, ...] = ()
    """For a near tie: the targets too close to call."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"reason": self.reason, "message_th": f"{ABSTAIN_TH} ({self.detail_th})",
                "message_en": f"{ABSTAIN_EN} ({self.detail_en})",
                "candidates": [c.to_dict() for c in self.candidates]}

    def text(self, lang: str) -> str:
        """One line for people."""
        return f"{ABSTAIN_TH} ({self.detail_th})" if lang == "th" else f"{ABSTAIN_EN} ({self.detail_en})"


@dataclass(frozen=True, kw_only=True)
class KindSuggestions:
    """The answer for one kind of target: suggestions, or an abstention."""

    kind: Kind
    suggestions: tuple[Suggestion, ...] = ()
    abstention: Abstention | None = None
    ranking: tuple[Suggestion, ...] = field(default=(), repr=False, compare=False)
    """Every ranked target best first, abstaining or not (for evaluation; not shown to people)."""

    def to_dict(self) -> dict[str, object]:
        """JSON form."""
        return {"suggestions": [s.to_dict() for s in self.suggestions],
                "abstained": self.abstention.to_dict() if self.abstention else None}


@dataclass(frozen=True, kw_only=True)
class Suggestions:
    """Everything suggested for one project's title and description."""

    title: str
    description: str
    kinds: tuple[KindSuggestions, ...]
    method: str

    def of(self, kind: Kind) -> KindSuggestions:
        """The answer for one kind."""
        return next(k for k in self.kinds if k.kind is kind)

    def to_dict(self) -> dict[str, object]:
        """JSON form: per kind, suggestions best first or the reason it abstained."""
        return {
            "title": self.title,
            "description": self.description,
            "status": "suggested, not stated",
            "status_th": "ข้อเสนอแนะ ไม่ใช่ความเชื่อมโยงที่แผนระบุ",
            "method": self.method,
            **{k.kind.value: k.to_dict() for k in self.kinds},
        }

    def lines(self, lang: str = "th") -> list[str]:
        """The answer as text for people, one kind after another."""
        out = [("ข้อเสนอแนะความเชื่อมโยง (ไม่ใช่ความเชื่อมโยงที่แผนระบุ): " if lang == "th"
                else "Suggested links (suggested, not stated): ") + self.title]
        for k in self.kinds:
            out.append(f"{k.kind.label(lang)}:")
            if k.abstention is not None:
                out.append(f"  {k.abstention.text(lang)}")
                continue
            for s in k.suggestions:
                out.append(f"  {s.target.notation} {s.target.label(lang)}  [{s.confidence.label(lang)}, "
                           f"{s.score:.3f}]  <{s.target.iri}>")
                out.extend(f"      {e.text(lang)}" for e in s.evidence)
        return out
