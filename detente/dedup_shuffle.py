"""Near-duplicates across partitions, without one process holding every signature.

`dedup.DuplicateIndex` links articles one by one against an in-memory LSH index of every
canonical signature: right for one process, impossible for millions of articles spread over
a cluster. This module finds the same duplicate clusters in the four stages of datatrove's
and NeMo-Curator's deduplication, each of which runs on partitions:

1. **Bands** (per partition, on workers): each article's MinHash signature (`dedup.signature`,
   computed where the article was cleaned) is cut into the LSH bands `DuplicateIndex` uses
   for the same settings (`lsh_bands`), and each band becomes a row (band, band hash, key).
   Every article also gets a row keyed by its content hash, so exact copies (same id: same
   text up to case, spacing and quotes) always meet, as `DuplicateIndex.find` makes them.
2. **Buckets** (a shuffle by (band, hash)): articles sharing a bucket are candidate pairs.
   The pairs are joined with the signatures of both ends by key (two more shuffles, never a
   global dictionary) and kept when the estimated Jaccard similarity reaches
   `Settings.duplicate_threshold` (the acceptance test of `DuplicateIndex.find`), or when
   both have the same content hash.
3. **Components** (in the parent): union-find over the verified edges. Edges are few (one per
   duplicate, roughly), so the parent's memory grows with the duplicates, not the corpus.
4. **Canonical** (per component, on workers): the component's articles are gathered by their
   component and settled by `dedup.resolve_cluster`, as the local engine's
   `choose_canonicals` settles a cluster: the most complete copy (`dedup.completeness`, then
   the smallest id) is canonical, takes the hash of its text as id and its missing date,
   title and outlet from its copies; every other member is `duplicate_of` it with its
   similarity to it. Only what changes comes back to the parent (`Decision`, no text).

Articles are identified by `node_key` (source, id): the source is unique per record (a file,
or `path#line` in JSONL), the id is not (exact copies share it). Two records with the same
source and id are the same record read twice; `find_duplicates` refuses them.

Transitivity: stage 3 joins chains. When A~B and B~C but A is not similar to C, all three
are one component, whatever the input order, and C's recorded similarity to the canonical
may be under the threshold. The local engine (`dedup.link_duplicates`) is order-dependent
there: read A, B, C it makes {A, B} and {C}; read B first it makes {A, B, C}. We consider
the component the right answer: it does not depend on how files were read or partitioned
(the property the issue requires of every engine), and a story edited step by step as it is
republished is one story. Its risk is single linkage through boilerplate-heavy near-copies;
the threshold on every edge bounds it.

Both engines share the stage functions; `find_duplicates(..., client=None)` groups with a
plain sort in one process, with a `distributed.Client` it shuffles with `dask.bag.groupby`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHashLSH

from detente.config import Settings
from detente.dedup import completeness, resolve_cluster
from detente.records import Article

if TYPE_CHECKING:
    import dask.bag
    import distributed

NodeKey = tuple[str, str]  # (source, content id): unique per article
Entry = tuple[Article, np.ndarray]  # an article and its MinHash signature (`dedup.signature`)
Edge = tuple[NodeKey, NodeKey, float]  # a verified pair, smaller key first, and its similarity

EXACT_BAND = -1  # the band of the rows keyed by content hash (exact copies)
_LINK_FIELDS = ("id", "duplicate_of", "similarity")


class DuplicateRecord(ValueError):
    """Two records with the same source and content id: one record read twice."""


@dataclass(frozen=True)
class Bands:
    """LSH banding: `count` bands of `rows` signature values each."""

    count: int
    rows: int


def lsh_threshold(settings: Settings) -> float:
    """The LSH threshold `DuplicateIndex` tunes its index for (below the acceptance threshold:
    the index only proposes candidates, each is then verified). Kept equal to it by a test."""
    return max(0.3, settings.duplicate_threshold - 0.2)


def lsh_bands(settings: Settings) -> Bands:
    """The bands and rows datasketch chooses for `lsh_threshold` and `Settings.num_perm`:
    the same candidates as the local engine's index. Takes about half a second (datasketch
    integrates the false positive and negative rates): compute once per run and pass on."""
    lsh = MinHashLSH(threshold=lsh_threshold(settings), num_perm=settings.num_perm)
    return Bands(lsh.b, lsh.r)


def node_key(article: Article) -> NodeKey:
    """The key of an article in the shuffle (see the module docstring)."""
    return (article.source, article.id)


def _bucket(band: int, values: bytes) -> int:
    """A 64-bit hash of one band (an int: cheap to shuffle and hashed alike by every process)."""
    return int.from_bytes(hashlib.blake2b(band.to_bytes(4, "big", signed=True) + values, digest_size=8).digest(), "big")


# --------------------------------------------------------------------------------------
# Stage 1: band rows, per partition.


def band_rows(partition: Iterable[Entry], bands: Bands) -> list[tuple[int, int, NodeKey]]:
    """(band, bucket hash, key) for each LSH band of each article, and one (EXACT_BAND,
    hash of the content id, key) row so that exact copies always share a bucket."""
    rows: list[tuple[int, int, NodeKey]] = []
    for article, values in partition:
        key = node_key(article)
        swapped = np.asarray(values, dtype=np.uint32).byteswap()  # as datasketch's bands
        for band in range(bands.count):
            rows.append((band, _bucket(band, swapped[band * bands.rows : (band + 1) * bands.rows].tobytes()), key))
        rows.append((EXACT_BAND, _bucket(EXACT_BAND, article.id.encode("utf-8")), key))
    return rows


def signature_rows(partition: Iterable[Entry]) -> list[tuple[NodeKey, tuple[str, np.ndarray]]]:
    """(key, ("sig", signature)): the signature side of the joins of stage 2."""
    return [(node_key(article), ("sig", np.asarray(values, dtype=np.uint32))) for article, values in partition]


# --------------------------------------------------------------------------------------
# Stage 2: candidate pairs per bucket, joined with their signatures and verified.


def bucket_pairs(rows: Sequence[tuple[int, int, NodeKey]]) -> list[tuple[NodeKey, tuple[str, NodeKey]]]:
    """Every pair of articles in one bucket, as (smaller key, ("pair", larger key)) rows to
    join with the smaller key's signature. A bucket is small unless many articles share a
    band; the pairs of a pair found in several bands meet again in the join and count once."""
    keys = sorted(row[2] for row in rows)
    for first, second in zip(keys, keys[1:]):
        if first == second:
            raise DuplicateRecord(f"two records with source {first[0]!r} and id {first[1]!r}")
    return [(first, ("pair", second)) for first, second in combinations(keys, 2)]


def send_signature(key: NodeKey, tagged: Sequence[tuple[str, Any]]) -> list[tuple[NodeKey, tuple[str, NodeKey, np.ndarray]]]:
    """First join (grouped by the smaller key): send its signature to each distinct partner,
    as (partner, ("half", key, signature)) rows."""
    values = next((item[1] for item in tagged if item[0] == "sig"), None)
    if values is None:
        return []
    partners = sorted({item[1] for item in tagged if item[0] == "pair"})
    return [(partner, ("half", key, values)) for partner in partners]


def verify(key: NodeKey, tagged: Sequence[tuple[Any, ...]], threshold: float) -> list[Edge]:
    """Second join (grouped by the larger key): the edges whose estimated Jaccard similarity
    reaches `threshold` (as `DuplicateIndex.find` accepts a copy), or whose two articles
    have the same content hash (exact copies, similarity 1.0)."""
    values = next((item[1] for item in tagged if item[0] == "sig"), None)
    if values is None:
        return []
    edges = []
    for _, other, other_values in sorted((item for item in tagged if item[0] == "half"), key=lambda item: item[1]):
        similarity = 1.0 if other[1] == key[1] else float(np.mean(other_values == values))
        if similarity >= threshold:
            edges.append((other, key, round(similarity, 4)))
    return edges


# --------------------------------------------------------------------------------------
# Stage 3: connected components, in the parent.


def components(edges: Iterable[Edge]) -> dict[NodeKey, NodeKey]:
    """Each article with an edge -> its component's smallest key (union-find with path
    halving; the root does not depend on the order of the edges)."""
    parent: dict[NodeKey, NodeKey] = {}

    def find(key: NodeKey) -> NodeKey:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for first, second, _ in edges:
        root_first, root_second = find(first), find(second)
        if root_first != root_second:
            low, high = sorted((root_first, root_second))
            parent[high] = low
    return {key: find(key) for key in parent}


# --------------------------------------------------------------------------------------
# Stage 4: the canonical of each component, on workers.


@dataclass(frozen=True)
class Decision:
    """What dedup changes in one article of a duplicate cluster: its id (the canonical takes
    the hash of its text, a copy sharing a hash with another member one of its own), its
    link, and for the canonical the date, title and outlet filled from its copies (with
    `metadata_sources`), as field name -> value pairs."""

    id: str
    duplicate_of: str | None
    similarity: float | None
    filled: tuple[tuple[str, Any], ...] = ()

    def apply(self, article: Article) -> Article:
        return replace(article, id=self.id, duplicate_of=self.duplicate_of, similarity=self.similarity, **dict(self.filled))


def member_rows(partition: Iterable[Entry], roots: dict[NodeKey, NodeKey]) -> list[tuple[NodeKey, Entry]]:
    """(component root, entry) for the articles of a partition that have duplicates."""
    return [(roots[node_key(article)], (article, values)) for article, values in partition if node_key(article) in roots]


def resolve_component(members: Sequence[Entry]) -> list[tuple[NodeKey, Decision]]:
    """Settle one component with `dedup.resolve_cluster`; members are put in (completeness,
    id) order first, so ties of completeness go to the smallest id in every engine."""
    ordered = sorted(members, key=lambda member: (completeness(member[0]), member[0].id))
    resolved = resolve_cluster(list(ordered))  # a stable sort: same order, member for member
    decisions = []
    for (before, _), after in zip(ordered, resolved):
        filled = tuple(
            (item.name, getattr(after, item.name))
            for item in fields(Article)
            if item.name not in _LINK_FIELDS and getattr(after, item.name) != getattr(before, item.name)
        )
        decisions.append((node_key(before), Decision(after.id, after.duplicate_of, after.similarity, filled)))
    return decisions


# --------------------------------------------------------------------------------------
# The two engines.


@dataclass
class DuplicateLinks:
    """The outcome: a `Decision` for every article that has a duplicate (articles without
    one stay canonical, unchanged), and counters of the work done."""

    decisions: dict[NodeKey, Decision] = field(default_factory=dict)
    articles: int = 0
    candidate_pairs: int = 0
    edges: int = 0
    components: int = 0

    def apply(self, articles: Iterable[Article]) -> list[Article]:
        """The articles of a partition with their decisions applied (run where they are)."""
        linked = []
        for article in articles:
            decision = self.decisions.get(node_key(article))
            linked.append(decision.apply(article) if decision else article)
        return linked


def find_duplicates(
    partitions: Sequence[Sequence[Entry]] | dask.bag.Bag,
    settings: Settings,
    client: distributed.Client | None = None,
    bands: Bands | None = None,
) -> DuplicateLinks:
    """The duplicate decisions of a corpus given as partitions of (article, signature).

    Without a client, partitions are lists and every stage runs in this process. With one,
    `partitions` is a `dask.bag.Bag` of (article, signature) (best built on the workers,
    e.g. from the partitions' stored outputs) or a list of lists (sent to the cluster); the
    bag is read twice (stages 1-2 and stage 4). The result is the same for any order and any
    partitioning of the same articles."""
    bands = bands or lsh_bands(settings)
    if client is None:
        return _find_local([list(partition) for partition in partitions], settings, bands)  # type: ignore[union-attr]
    return _find_dask(partitions, settings, client, bands)


def _grouped(rows: Iterable[tuple[Hashable, Any]]) -> list[tuple[Any, list[Any]]]:
    """(key, value) rows grouped by key, in key order: the local engine's shuffle."""
    groups: dict[Any, list[Any]] = {}
    for key, value in rows:
        groups.setdefault(key, []).append(value)
    return sorted(groups.items(), key=lambda item: item[0])


def _flat(partitions: list[list[Entry]], stage: Callable[..., list[Any]], *args: Any) -> list[Any]:
    """A per-partition stage run over every partition, its rows concatenated."""
    return [row for partition in partitions for row in stage(partition, *args)]


def _pair_rows(group: tuple[Any, list[tuple[int, int, NodeKey]]]) -> list[tuple[NodeKey, tuple[str, NodeKey]]]:
    return bucket_pairs(group[1]) if len(group[1]) > 1 else []


def _pair(row: tuple[NodeKey, tuple[str, NodeKey]]) -> tuple[NodeKey, NodeKey]:
    return row[0], row[1][1]


def _find_local(partitions: list[list[Entry]], settings: Settings, bands: Bands) -> DuplicateLinks:
    rows = [((band, bucket), (band, bucket, key)) for band, bucket, key in _flat(partitions, band_rows, bands)]
    pairs = [pair for group in _grouped(rows) for pair in _pair_rows(group)]
    in_pairs = {key for pair in pairs for key in _pair(pair)}
    signatures = [row for row in _flat(partitions, signature_rows) if row[0] in in_pairs]
    halves = [half for key, tagged in _grouped([*signatures, *pairs]) for half in send_signature(key, tagged)]
    threshold = settings.duplicate_threshold
    edges = [edge for key, tagged in _grouped([*signatures, *halves]) for edge in verify(key, tagged, threshold)]
    roots = components(edges)
    members = _flat(partitions, member_rows, roots)
    decisions = dict(decision for _, group in _grouped(members) for decision in resolve_component(group))
    articles = sum(map(len, partitions))
    return DuplicateLinks(decisions, articles, len(set(map(_pair, pairs))), len(edges), len(set(roots.values())))


# The Dask engine's steps: module functions, so workers import them instead of unpickling closures.


def _bucket_of(row: tuple[int, int, NodeKey]) -> tuple[int, int]:
    return row[0], row[1]


def _first(row: tuple[Any, ...]) -> Any:
    return row[0]


def _send(group: tuple[NodeKey, list[tuple[NodeKey, Any]]]) -> list[Any]:
    return send_signature(group[0], [row[1] for row in group[1]])


def _verify(group: tuple[NodeKey, list[tuple[NodeKey, Any]]], threshold: float) -> list[Edge]:
    return verify(group[0], [row[1] for row in group[1]], threshold)


def _resolve(group: tuple[NodeKey, list[tuple[NodeKey, Entry]]]) -> list[tuple[NodeKey, Decision]]:
    return resolve_component([row[1] for row in group[1]])


def _as_bag(partitions: Sequence[Sequence[Entry]] | dask.bag.Bag) -> dask.bag.Bag:
    import dask.bag as db

    if isinstance(partitions, db.Bag):
        return partitions
    return db.from_delayed([_delayed_list(list(partition)) for partition in partitions] or [_delayed_list([])])


def _delayed_list(partition: list[Entry]) -> Any:
    import dask

    return dask.delayed(partition, traverse=False)


def _find_dask(
    partitions: Sequence[Sequence[Entry]] | dask.bag.Bag, settings: Settings, client: distributed.Client, bands: Bands
) -> DuplicateLinks:
    import dask
    import dask.bag as db

    bag = _as_bag(partitions)
    width = max(1, bag.npartitions)

    def group(items: dask.bag.Bag, key: Callable[[Any], Any]) -> dask.bag.Bag:
        return items.groupby(key, shuffle="tasks", npartitions=width)

    pairs = group(bag.map_partitions(band_rows, bands), _bucket_of).map(_pair_rows).flatten()
    signatures = bag.map_partitions(signature_rows)
    halves = group(db.concat([signatures, pairs]), _first).map(_send).flatten()
    edges_bag = group(db.concat([signatures, halves]), _first).map(_verify, settings.duplicate_threshold).flatten()
    candidates = pairs.map(_pair).distinct().count()
    edges, candidate_count, articles = client.compute([edges_bag, candidates, bag.count()], sync=True)
    roots = components(edges)
    if not roots:
        return DuplicateLinks({}, articles, candidate_count, 0, 0)
    members = bag.map_partitions(member_rows, dask.delayed(roots, traverse=False))
    decisions = dict(client.compute(group(members, _first).map(_resolve).flatten(), sync=True))
    return DuplicateLinks(decisions, articles, candidate_count, len(edges), len(set(roots.values())))


__all__ = [
    "Bands", "Decision", "DuplicateLinks", "DuplicateRecord", "EXACT_BAND", "band_rows", "bucket_pairs", "components",
    "find_duplicates", "lsh_bands", "lsh_threshold", "member_rows", "node_key", "resolve_component", "send_signature",
    "signature_rows", "verify",
]  # fmt: skip
