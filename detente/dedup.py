"""Dedup stage: exact and near-duplicate articles, found without pairwise comparison.

Two linked steps, so that the expensive one parallelises (the datatrove pattern):
`signature(text)` computes a MinHash over word shingles and is a pure function any worker
can run; `DuplicateIndex.link` then assigns each article, in a stable order, either as a
canonical article or as a copy of one, using a MinHash LSH index (datasketch) so that
each lookup touches only the few candidates sharing a band — a million articles cost a
million lookups, not a trillion comparisons.

Only canonical articles enter the index, so a copy of a copy links to the original.
Ids: a canonical article's id is the hash of its normalised text; an exact copy gets the
hash of that id and its own source, so ids stay unique and deterministic.

Which copy is canonical must not depend on the order files are read: once a run has
linked its articles, `resolve_cluster` makes the most complete copy of each new story
canonical (dated over undated, HTML or JSONL with metadata over a bare dump, more
metadata, a longer clean body; the source path breaks ties) and fills the canonical's
missing date, title and outlet from its copies, recording where each came from.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from datasketch import MinHash, MinHashLSH

from detente.clean import content_hash
from detente.config import Settings
from detente.records import Article, FieldSource

_WORD = re.compile(r"\w+")
_SEED = 1  # fixed: signatures must be comparable across runs and machines
_SCHEME = "affine32"  # datasketch 2 hashing scheme; values fit in uint32


def shingles(text: str, size: int) -> set[bytes]:
    """Lowercased word n-grams of `text`; a text shorter than `size` is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[index : index + size]).encode("utf-8") for index in range(len(words) - size + 1)}


def signature(text: str, settings: Settings) -> np.ndarray:
    """MinHash signature of a text as uint32 values (datasketch's affine32 scheme)."""
    minhash = MinHash(num_perm=settings.num_perm, seed=_SEED, scheme=_SCHEME)
    minhash.update_batch(list(shingles(text, settings.shingle_words)))
    return minhash.hashvalues.astype(np.uint32)


def _band_key(band: bytes) -> bytes:
    """Short keys for LSH bands keep the index at a few hundred bytes per article."""
    return hashlib.blake2b(band, digest_size=8).digest()


@dataclass(frozen=True)
class Link:
    """How an article relates to the corpus seen so far."""

    duplicate_of: str | None
    similarity: float | None


class DuplicateIndex:
    """The canonical articles seen so far: their content hashes and MinHash signatures."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        # The LSH index is tuned below the acceptance threshold: it only proposes candidates,
        # and a lower setting misses fewer true copies; each candidate is then checked.
        lsh_threshold = max(0.3, settings.duplicate_threshold - 0.2)
        self._lsh = MinHashLSH(threshold=lsh_threshold, num_perm=settings.num_perm, hashfunc=_band_key)
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._signatures

    def values(self, article_id: str) -> np.ndarray:
        """The signature of a canonical article."""
        return self._signatures[article_id]

    def add_canonical(self, article_id: str, values: np.ndarray) -> None:
        """Register a canonical article (also used to reload the index from the store)."""
        if article_id in self._signatures:
            return
        self._signatures[article_id] = values
        self._lsh.insert(article_id, _as_minhash(values, self._settings.num_perm))

    def find(self, article_id: str, values: np.ndarray) -> Link:
        """Classify an article against the index without changing it."""
        if article_id in self._signatures:
            return Link(article_id, 1.0)
        candidates = self._lsh.query(_as_minhash(values, self._settings.num_perm))
        best: tuple[float, str] | None = None
        for candidate in candidates:
            similarity = float(np.mean(self._signatures[candidate] == values))
            if best is None or (similarity, candidate) > best:
                best = (similarity, candidate)
        if best and best[0] >= self._settings.duplicate_threshold:
            return Link(best[1], round(best[0], 4))
        return Link(None, None)


def _as_minhash(values: np.ndarray, num_perm: int) -> MinHash:
    return MinHash(num_perm=num_perm, seed=_SEED, hashvalues=values, scheme=_SCHEME)


def link_duplicates(articles: Iterable[tuple[Article, np.ndarray]], index: DuplicateIndex) -> list[Article]:
    """Link each article to an earlier canonical copy, or make it canonical.

    Order matters (the first copy wins), so callers pass articles in a stable order.
    """
    linked = []
    for article, values in articles:
        link = index.find(article.id, values)
        if link.duplicate_of is None:
            index.add_canonical(article.id, values)
            linked.append(article)
        elif link.duplicate_of == article.id:  # exact copy: same content hash, new id
            copy_id = hashlib.sha256(f"{article.id}\0{article.source}".encode()).hexdigest()[:16]
            linked.append(replace(article, id=copy_id, duplicate_of=article.id, similarity=1.0))
        else:
            linked.append(replace(article, duplicate_of=link.duplicate_of, similarity=link.similarity))
    return linked


_PRECISION_SCORE = {"day": 3, "month": 2, "year": 1}
_FILLED = ("published", "title", "outlet")


def completeness(article: Article) -> tuple:
    """Sort key of a copy, best first when sorted ascending (negated scores, then source).

    Dated beats undated (a finer precision beats a coarser one), a format that carries
    metadata (HTML, JSONL) beats a bare text dump, more metadata beats less, a longer
    clean body beats a shorter one; the source path makes the order total, so the choice
    never depends on which file was read first.
    """
    metadata = sum(1 for value in (article.title, article.outlet, article.author, article.url) if value)
    has_metadata_format = article.format in ("html", "jsonl") and metadata > 0
    return (
        -_PRECISION_SCORE.get(article.published_precision or "", 0),
        -int(has_metadata_format),
        -metadata,
        -article.word_count,
        article.source,
    )


def resolve_cluster(members: list[tuple[Article, np.ndarray]]) -> list[Article]:
    """One story's copies, with the most complete canonical and its missing fields filled.

    Ids follow the usual rule from the chosen canonical: it takes the hash of its text; a
    copy keeps the hash of its own text unless another copy of the cluster shares it, in
    which case it takes the hash of that and its source. Similarities are against the new
    canonical. The result is in `completeness` order and is the same for any input order.
    """
    ordered = sorted(members, key=lambda member: completeness(member[0]))
    (best, best_values), copies = ordered[0], ordered[1:]
    canonical_id = content_hash(best.text)
    hashes = [content_hash(article.text) for article, _ in copies]
    resolved = [_filled(replace(best, id=canonical_id, duplicate_of=None, similarity=None), [article for article, _ in copies])]
    for (article, values), own in zip(copies, hashes):
        exact = own == canonical_id
        shared = exact or hashes.count(own) > 1
        copy_id = hashlib.sha256(f"{own}\0{article.source}".encode()).hexdigest()[:16] if shared else own
        similarity = 1.0 if exact else round(float(np.mean(values == best_values)), 4)
        resolved.append(replace(article, id=copy_id, duplicate_of=canonical_id, similarity=similarity))
    return resolved


def fill_missing(canonical: Article, copies: list[Article]) -> Article:
    """The canonical with its missing date, title and outlet taken from its most complete
    copy that has them, each recorded in `metadata_sources` as `duplicate:<source>`."""
    return _filled(canonical, sorted(copies, key=completeness))


def _filled(canonical: Article, copies: list[Article]) -> Article:
    """Fill the canonical's missing date, title and outlet from its best copy that has them."""
    changes: dict = {}
    sources = list(canonical.metadata_sources)
    for name in _FILLED:
        if getattr(canonical, name):
            continue
        donor = next((copy for copy in copies if getattr(copy, name)), None)
        if donor is None:
            continue
        changes[name] = getattr(donor, name)
        sources.append(FieldSource(name, f"duplicate:{donor.source}", str(getattr(donor, name))))
        if name == "published":
            changes["published_precision"] = donor.published_precision
            changes["published_interval"] = None
    if not changes:
        return canonical
    return replace(canonical, metadata_sources=sources, **changes)


__all__ = [
    "DuplicateIndex", "Link", "completeness", "content_hash", "fill_missing", "link_duplicates", "resolve_cluster", "shingles", "signature",
]  # fmt: skip
