"""Dedup stage: exact and near-duplicate articles, found without pairwise comparison.

Two linked steps, so that the expensive one parallelises (the datatrove pattern):
`signature(text)` computes a MinHash over word shingles and is a pure function any worker
can run; `DuplicateIndex.link` then assigns each article, in a stable order, either as a
canonical article or as a copy of one, using a MinHash LSH index so that each lookup
touches only the few candidates sharing a band — a million articles cost a million
lookups, not a trillion comparisons.

The MinHash and the LSH banding are datasketch 2.0's ("affine32" scheme, SHA-1 32-bit
input hashes, its optimal bands and its band keys), written here with numpy alone: the
same signatures, bands and candidates, but importing datasketch imports scipy.integrate
(about 0.4 s of every run's start-up, for one parameter choice). A test keeps the two
equal.

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

from detente.clean import content_hash
from detente.config import Settings
from detente.records import Article, FieldSource

_WORD = re.compile(r"\w+")
_SEED = 1  # fixed: signatures must be comparable across runs and machines
# The MurmurHash3 32-bit finaliser's shifts and multipliers (datasketch's one-shot pre-mix).
_FMIX32 = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35), np.uint32(16))


def shingles(text: str, size: int) -> set[bytes]:
    """Lowercased word n-grams of `text`; a text shorter than `size` is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words).encode("utf-8")}
    return {" ".join(words[index : index + size]).encode("utf-8") for index in range(len(words) - size + 1)}


def permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations h -> a*h + b (mod 2**32, `a` odd) of the fixed seed, drawn as
    datasketch's MinHash(seed=1, scheme="affine32") draws them."""
    generator = np.random.RandomState(_SEED)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _sha1_32(items: Iterable[bytes]) -> np.ndarray:
    """The first four bytes of each item's SHA-1, little-endian (datasketch's sha1_hash32)."""
    return np.frombuffer(b"".join(hashlib.sha1(item).digest()[:4] for item in items), dtype="<u4").astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finaliser over uint32 arrays (wrapping arithmetic): a fixed bijection."""
    s1, m1, s2, m2, s3 = _FMIX32
    values = values ^ (values >> s1)
    values = values * m1
    values = values ^ (values >> s2)
    values = values * m2
    return values ^ (values >> s3)


def signature(text: str, settings: Settings) -> np.ndarray:
    """MinHash signature of a text as uint32 values: for each permutation, the least
    permuted hash of its shingles (datasketch's affine32 scheme, the same values)."""
    a, b = permutations(settings.num_perm)
    hashes = _fmix32(_sha1_32(shingles(text, settings.shingle_words))).reshape(-1, 1)
    return (hashes * a + b).min(axis=0)


@dataclass(frozen=True)
class Bands:
    """LSH banding: `count` bands of `rows` signature values each."""

    count: int
    rows: int


def lsh_threshold(settings: Settings) -> float:
    """The similarity the LSH index is tuned for: below the acceptance threshold, because the
    index only proposes candidates (a lower setting misses fewer true copies) and each
    candidate is then verified against the threshold itself."""
    return max(0.3, settings.duplicate_threshold - 0.2)


def lsh_bands(settings: Settings) -> Bands:
    """The bands and rows that minimise the mean of the false positive and false negative
    probabilities at `lsh_threshold` with `Settings.num_perm` values (datasketch's
    `_optimal_param` with equal weights: the same choice). Compute once per index or run."""
    return optimal_bands(lsh_threshold(settings), settings.num_perm)


def optimal_bands(threshold: float, num_perm: int) -> Bands:
    """The (bands, rows) with bands x rows <= num_perm minimising the area under the
    candidate probability 1 - (1 - s^r)^b below `threshold` (false positives) plus the area
    above 1 minus it (false negatives), the first such pair in datasketch's order on a tie.
    Both integrands are polynomials of degree b*r <= num_perm, so Gauss-Legendre quadrature
    with num_perm/2 + 1 nodes is exact (datasketch integrates them with scipy's quad)."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    below = threshold / 2 * (nodes + 1)  # nodes mapped to [0, threshold]
    above = threshold + (1 - threshold) / 2 * (nodes + 1)  # and to [threshold, 1]
    best, chosen = float("inf"), (0, 0)
    for count in range(1, num_perm + 1):
        for rows in range(1, num_perm // count + 1):
            false_positive = threshold / 2 * float(weights @ (1 - (1 - below**rows) ** count))
            false_negative = (1 - threshold) / 2 * float(weights @ ((1 - above**rows) ** count))
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best:
                best, chosen = error, (count, rows)
    if chosen[0] < 2:
        raise ValueError(f"LSH at threshold {threshold} with {num_perm} permutations would have fewer than 2 bands")
    return Bands(*chosen)


def _band_key(band: np.ndarray) -> bytes:
    """A band's key: a short hash of its values as big-endian bytes (the bytes datasketch
    hashes), which keeps the index at a few hundred bytes per article."""
    return hashlib.blake2b(band.astype(">u4").tobytes(), digest_size=8).digest()


@dataclass(frozen=True)
class Link:
    """How an article relates to the corpus seen so far."""

    duplicate_of: str | None
    similarity: float | None


class DuplicateIndex:
    """The canonical articles seen so far: their content hashes and MinHash signatures, and
    an LSH index of them (one bucket table per band: band key -> the articles that share it)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self.bands = lsh_bands(settings)
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(self.bands.count)]
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
        for bucket, key in zip(self._buckets, self._band_keys(values)):
            bucket.setdefault(key, []).append(article_id)

    def find(self, article_id: str, values: np.ndarray) -> Link:
        """Classify an article against the index without changing it."""
        if article_id in self._signatures:
            return Link(article_id, 1.0)
        best: tuple[float, str] | None = None
        for candidate in self.candidates(values):
            similarity = float(np.mean(self._signatures[candidate] == values))
            if best is None or (similarity, candidate) > best:
                best = (similarity, candidate)
        if best and best[0] >= self._settings.duplicate_threshold:
            return Link(best[1], round(best[0], 4))
        return Link(None, None)

    def candidates(self, values: np.ndarray) -> set[str]:
        """The canonical articles that share at least one band with `values` (unverified)."""
        return {found for bucket, key in zip(self._buckets, self._band_keys(values)) for found in bucket.get(key, ())}

    def _band_keys(self, values: np.ndarray) -> list[bytes]:
        rows = self.bands.rows
        return [_band_key(values[band * rows : (band + 1) * rows]) for band in range(self.bands.count)]


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
    "Bands", "DuplicateIndex", "Link", "lsh_bands", "lsh_threshold", "optimal_bands", "permutations", "completeness", "content_hash", "fill_missing", "link_duplicates", "resolve_cluster", "shingles", "signature",
]  # fmt: skip
