"""The HTTP ``Accept`` header read as media ranges (RFC 9110 §12.5.1): one reader for every negotiation
(SPARQL results in :mod:`province40.sparql.negotiation`, reports in :mod:`province40.validation.formats`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Specificity of the match (2 exact, 1 type/*, 0 */*), or -1 for no match."""
        major, _, minor = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type == major and self.subtype == "*":
            return 1
        if self.type == major and self.subtype == minor:
            return 2
        return -1


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; malformed entries are skipped, a missing header means ``*/*``."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0)]
    ranges: list[MediaRange] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        major, _, minor = media.partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(major, minor, q))
    return ranges


def best_offer(offers: list[tuple[str, str]], accept: str | None) -> str | None:
    """The name of the offer (name, media type; in server preference order) the ``Accept`` header ranks
    highest, ties going to the earlier offer; None when it accepts none of them."""
    ranges = parse_accept(accept)
    best: tuple[float, int, str] | None = None
    for order, (name, media_type) in enumerate(offers):
        media = media_type.split(";")[0]
        scored = [(r.matches(media), r.q) for r in ranges if r.matches(media) >= 0]
        if not scored:
            continue
        q = max(scored)[1]
        if q > 0 and (best is None or (q, -order) > (best[0], -best[1])):
            best = (q, order, name)
    return None if best is None else best[2]
