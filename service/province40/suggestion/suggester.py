"""Rank master plans (and through them strategies), dimensions and success factors for a project's text.

Master plans: each plan's passages (labels, the team's scope note and example subjects,
``data/reference/master-plan-descriptions.ttl``) are compared with the project's title and
description in two ways, and the scores added (``Method.HYBRID``, chosen by measurement: README,
"Link suggestions"):

* meaning: the cosine of multilingual-e5-small vectors (:mod:`.embedding`), best passage per plan, less
  that passage's cosine with a few texts that name no subject (``NULL_TEXTS``): what a passage shares
  with any project title is not evidence;
* words: word TF-IDF over the plans' texts (:mod:`.lexical`), weighted ``WORD_WEIGHT``.

The suggester abstains ("no clear link: write the link yourself") when the text has no word naming a
subject, when the best plan does not clear ``THRESHOLD`` (``MEANING_THRESHOLD`` when it shares no word
with the text: a match by meaning alone),
or when the two best plans are within ``TIE_MARGIN``. Strategies follow the suggested master plans
through the curated master plan → strategy links; dimensions and success factors are suggested only
when the text contains a word the rubric names as their evidence. ``Method.TFIDF`` is the named
baseline: the same decisions on word TF-IDF alone.

Confidence (the rubric's levels): strong when the shared words include a word of the master plan's
name, moderate when they match its scope note or an example subject, weak when the match is by
meaning only.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from province40.suggestion.embedding import Embedder, passage_vectors, shared_embedder
from province40.suggestion.lexical import TfIdf, Words
from province40.suggestion.reference import Kind, SuggestionReference, Target
from province40.suggestion.result import (
    Abstention,
    Confidence,
    Evidence,
    KindSuggestions,
    Suggestion,
    Suggestions,
)

NULL_TEXTS = ("โครงการ", "project", "การพัฒนา", "แผนงาน", "กิจกรรม", "development plan")
"""Texts that name no subject: a passage's mean cosine with them is subtracted from its score."""
WORD_WEIGHT = 0.1
"""Weight of the word TF-IDF cosine added to the meaning score (0.1 gave the best top-1 on the
development set in Thai; 0 and 0.15-0.3 were measured too: README)."""
THRESHOLD = 0.02
"""The best master plan's score must reach this when it shares a word with the project's text."""
MEANING_THRESHOLD = 0.05
"""When the best master plan shares no word with the project's text, its meaning score alone must reach
this: meaningless texts ("abc", "asdf qwer", "lorem ipsum dolor", "ทดสอบ") scored up to 0.048."""
TIE_MARGIN = 0.002
"""Two best master plans closer than this are a near tie: too close to call."""
ALSO_WITHIN = 0.01
"""Other master plans within this of the best one are suggested too (a project often serves two)."""
MAX_SUGGESTIONS = 3

TFIDF_THRESHOLD = 1e-9
TFIDF_TIE_MARGIN = 1e-6
TFIDF_ALSO_WITHIN = 0.05


class Method(enum.Enum):
    """How master plans are ranked."""

    HYBRID = "hybrid"
    """multilingual-e5-small meaning + word TF-IDF (the suggester)."""
    TFIDF = "tfidf"
    """Word TF-IDF alone (the named baseline)."""


@dataclass(frozen=True)
class _Ranked:
    index: int
    score: float
    meaning: float
    words: tuple[str, ...]
    best_passage: int


class Suggester:
    """Suggests links for a project's title and description (see the module docstring).

    Build it once per process (the model and the passages' vectors are loaded then) and reuse it;
    :meth:`suggest` is thread-safe.
    """

    def __init__(
        self, reference: SuggestionReference, *, method: Method = Method.HYBRID, embedder: Embedder | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        self.reference = reference
        self.method = method
        self._words = Words()
        plans = reference.master_plans
        self._passages = [(i, p) for i, plan in enumerate(plans) for p in plan.passages]
        self._owner = np.array([i for i, _ in self._passages], dtype=np.int64)
        self._passage_words = [frozenset(self._words.of(p.text)) for _, p in self._passages]
        self._label_words = [
            frozenset(w for p in plan.passages if p.role == "label" for w in self._words.of(p.text)) for plan in plans
        ]
        self._tfidf = TfIdf([[w for p in plan.passages for w in self._words.of(p.text)] for plan in plans])
        self._embedder: Embedder | None = None
        if method is Method.HYBRID:
            self._embedder = embedder or shared_embedder()
            texts = [p.text for _, p in self._passages]
            self._vectors = passage_vectors(self._embedder, reference.digest, texts, cache_dir=cache_dir)
            nulls = np.stack([self._embedder.query(t) for t in NULL_TEXTS])
            self._null = (self._vectors @ nulls.T).mean(axis=1)

    @property
    def method_name(self) -> str:
        """What ranks the master plans."""
        if self.method is Method.TFIDF:
            return "word TF-IDF (baseline)"
        assert self._embedder is not None
        return f"{self._embedder.name} + word TF-IDF × {WORD_WEIGHT}"

    def suggest(self, title: str, description: str = "") -> Suggestions:
        """Suggestions for each kind of target, or the reason it abstains."""
        title = unicodedata.normalize("NFC", title or "").strip()
        description = unicodedata.normalize("NFC", description or "").strip()
        text = f"{title}\n{description}".strip()
        words = self._words.of(text)
        plans = self._master_plans(text, words)
        kinds = (plans, self._strategies(plans), *self._rubric(text))
        return Suggestions(title=title, description=description, kinds=kinds, method=self.method_name)

    # ------------------------------------------------------------------ master plans

    def _rank(self, text: str, words: tuple[str, ...]) -> list[_Ranked]:
        n = len(self.reference.master_plans)
        lexical = np.array(self._tfidf.scores(words)) if words else np.zeros(n)
        query = frozenset(words)
        if self.method is Method.HYBRID:
            assert self._embedder is not None
            sims = self._vectors @ self._embedder.query(text) - self._null
        else:
            sims = np.array([len(query & pw) for pw in self._passage_words], dtype=np.float64)
        ranked = []
        for i in range(n):
            own = np.flatnonzero(self._owner == i)
            best = int(own[np.argmax(sims[own])])
            meaning = float(sims[best]) if self.method is Method.HYBRID else 0.0
            score = meaning + WORD_WEIGHT * lexical[i] if self.method is Method.HYBRID else float(lexical[i])
            shared = _maximal(w for w in dict.fromkeys(words) if any(w in self._passage_words[j] for j in own))
            ranked.append(_Ranked(i, float(score), meaning, shared, best))
        ranked.sort(key=lambda r: (-r.score, r.index))
        return ranked

    def _suggestion(self, r: _Ranked) -> Suggestion:
        plan = self.reference.master_plans[r.index]
        own = [j for j, (i, _) in enumerate(self._passages) if i == r.index]
        evidence: list[Evidence] = []
        if r.words:
            hits = sorted(own, key=lambda j: -len(self._passage_words[j] & set(r.words)))
            for j in hits[:2]:
                shared = tuple(w for w in r.words if w in self._passage_words[j])
                if shared:
                    p = self._passages[j][1]
                    evidence.append(Evidence(words=shared, matched_text=p.text, matched_lang=p.lang, how="words"))
        if not evidence:
            p = self._passages[r.best_passage][1]
            evidence.append(Evidence(words=(), matched_text=p.text, matched_lang=p.lang, how="meaning"))
        if set(r.words) & self._label_words[r.index]:
            confidence = Confidence.STRONG
        elif r.words:
            confidence = Confidence.MODERATE
        else:
            confidence = Confidence.WEAK
        return Suggestion(target=plan.target, score=r.score, confidence=confidence, evidence=tuple(evidence))

    def _master_plans(self, text: str, words: tuple[str, ...]) -> KindSuggestions:
        kind = Kind.MASTER_PLAN
        if not words:
            return KindSuggestions(kind=kind, abstention=Abstention(
                reason="empty",
                detail_th="ชื่อและคำอธิบายไม่มีคำที่บอกเรื่องของโครงการ",
                detail_en="the title and description have no word that names a subject"))
        ranked = self._rank(text, words)
        ranking = tuple(self._suggestion(r) for r in ranked)
        top, second = ranked[0], ranked[1]
        hybrid = self.method is Method.HYBRID
        threshold = THRESHOLD if hybrid else TFIDF_THRESHOLD
        margin = TIE_MARGIN if hybrid else TFIDF_TIE_MARGIN
        also = ALSO_WITHIN if hybrid else TFIDF_ALSO_WITHIN
        if top.score < threshold or (hybrid and not top.words and top.meaning < MEANING_THRESHOLD):
            return KindSuggestions(kind=kind, ranking=ranking, abstention=Abstention(
                reason="below-threshold",
                detail_th=f"ไม่มีแผนแม่บทใดได้คะแนนถึงเกณฑ์ (สูงสุด {top.score:.3f})",
                detail_en=f"no master plan clears the threshold (best {top.score:.3f})"))
        if top.score - second.score < margin:
            a, b = ranking[0].target, ranking[1].target
            return KindSuggestions(kind=kind, ranking=ranking, abstention=Abstention(
                reason="near-tie",
                detail_th=f"คะแนนของแผนแม่บทประเด็นที่ {a.notation} และ {b.notation} ใกล้กันเกินกว่าจะเลือก",
                detail_en=f"master plans {a.notation} and {b.notation} score too close to call",
                candidates=ranking[:2]))
        chosen = [ranking[0]] + [
            s for s, r in zip(ranking[1:MAX_SUGGESTIONS], ranked[1:MAX_SUGGESTIONS], strict=True)
            if top.score - r.score <= also and r.score >= threshold
        ]
        return KindSuggestions(kind=kind, suggestions=tuple(chosen), ranking=ranking)

    # ------------------------------------------------------------------ strategies, dimensions, factors

    def _strategies(self, plans: KindSuggestions) -> KindSuggestions:
        kind = Kind.STRATEGY
        if not plans.suggestions:
            return KindSuggestions(kind=kind, abstention=Abstention(
                reason="no-master-plan",
                detail_th="ยุทธศาสตร์ชาติตามมาจากแผนแม่บท และไม่มีแผนแม่บทที่เสนอ",
                detail_en="strategies follow master plans, and no master plan is suggested"))
        found: dict[str, Suggestion] = {}
        for plan in plans.suggestions:
            for iri in self.reference.strategies_of.get(plan.target.iri, ()):
                if iri in found:
                    continue
                name = f"แผนแม่บทประเด็นที่ {plan.target.notation} {plan.target.label_th}"
                via = Evidence(words=(), matched_text=name, matched_lang="th", how="master-plan")
                found[iri] = Suggestion(target=self.reference.strategies[iri], score=plan.score,
                                        confidence=plan.confidence, evidence=(via, *plan.evidence))
        return KindSuggestions(kind=kind, suggestions=tuple(found.values()))

    def _rubric(self, text: str) -> tuple[KindSuggestions, KindSuggestions]:
        folded = _fold(text)
        by_kind: dict[Kind, list[Suggestion]] = {Kind.DIMENSION: [], Kind.FACTOR: []}
        for criterion in self.reference.criteria:
            named = tuple(w for w in criterion.words if _contains(folded, _fold(w)))
            if named:
                target: Target = criterion.target
                evidence = Evidence(words=named, matched_text=criterion.notation, matched_lang="en", how="rubric")
                by_kind[target.kind].append(
                    Suggestion(target=target, score=float(len(named)), confidence=Confidence.STRONG,
                               evidence=(evidence,)))
        out = []
        for kind in (Kind.DIMENSION, Kind.FACTOR):
            found = sorted(by_kind[kind], key=lambda s: (-s.score, s.target.notation))
            if found:
                out.append(KindSuggestions(kind=kind, suggestions=tuple(found)))
            else:
                out.append(KindSuggestions(kind=kind, abstention=Abstention(
                    reason="no-evidence",
                    detail_th="ข้อความไม่ได้ระบุหลักฐานที่หลักเกณฑ์การคัดสรรกำหนด",
                    detail_en="the text names none of the evidence the curation rubric asks for")))
        return out[0], out[1]


def _maximal(words: Iterable[str]) -> tuple[str, ...]:
    """The words that are not part of another one (การท่องเที่ยว, not also ท่องเที่ยว, ท่อง, เที่ยว)."""
    found = list(words)
    return tuple(w for w in found if not any(w != o and w in o for o in found))


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text).lower())


def _contains(text: str, word: str) -> bool:
    """Thai words as substrings; Latin words only at word boundaries."""
    if re.search(r"[a-z]", word):
        return re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", text) is not None
    return word in text
