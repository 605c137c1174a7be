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
from detente.records import Article

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


__all__ = ["DuplicateIndex", "Link", "content_hash", "link_duplicates", "shingles", "signature"]
