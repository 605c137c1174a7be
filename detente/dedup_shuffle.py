"""Near-duplicates across partitions, without one process holding every signature.

`dedup.DuplicateIndex` links articles one by one against an in-memory LSH index of every
canonical signature: right for one process, impossible for millions of articles spread over
a cluster. This module finds duplicate clusters in the four stages of datatrove's and
NeMo-Curator's deduplication, each of which runs on partitions:

1. **Bands** (per partition, on workers): each article's MinHash signature (`dedup.signature`,
   computed where the article was cleaned) is cut into the LSH bands `DuplicateIndex` uses
   for the same settings (`lsh_bands`: same number of bands, same rows per band); each band
   becomes a row (bucket, uid): the bucket a 64-bit hash of the band's index and values,
   the uid a 64-bit hash of the article's key. Every article also gets a row whose bucket
   is its content hash, so exact copies (same id: the same text up to case, spacing and
   quotes) always meet, as `DuplicateIndex.find` makes them. Rows are numpy arrays.
2. **Buckets** (a shuffle by bucket): the members of each bucket that holds two or more
   articles are joined with their signatures by uid (one more shuffle there and back: each
   uid part sends each bucket part the signatures it asks for, never a global dictionary)
   and linked bucket by bucket (`verify`): two members are linked when their estimated
   Jaccard similarity reaches `Settings.duplicate_threshold` (the acceptance test of
   `DuplicateIndex.find`) or they have the same content hash (similarity 1.0). A
   breadth-first search per bucket keeps a spanning forest of those links: the same
   components as every verified pair of the bucket, without listing the pairs.
3. **Components** (in the parent): union-find over the verified edges. Edges are few (about
   one per duplicate), so the parent's memory grows with the duplicates, not the corpus.
4. **Canonical** (per component, on workers): the component's articles are gathered by their
   component and settled by `dedup.resolve_cluster`, as the local engine's
   `choose_canonicals` settles a cluster: the most complete copy (`dedup.completeness`, then
   the smallest id) is canonical, takes the hash of its text as id and its missing date,
   title and outlet from its copies; every other member is `duplicate_of` it with its
   similarity to it. Only what changes comes back to the parent (`Decision`, no text).

Shuffles are hash-partitioned: a stage's output on one partition is split into `parts`
chunks by `key % parts` (bucket or uid), and chunk p of every partition meets in task p. The
local engine is the same functions with one part and no cluster.

Cost: a bucket of k articles is k rows and k signatures in one task, never its k(k-1)/2
pairs: memory grows with the articles, not with the square of a bucket. Checks: a bucket of
near-identical copies (a wire story on 2,000 sites) costs about k similarity checks per
bucket; a bucket of unrelated articles that share a band by chance k(k-1)/2 checks, since
each pair must be ruled out to give the local engine's components (NeMo-Curator's anchors
would bound that too, but change the links), each check in a vectorised row, not a stored pair.

Earlier runs' canonicals take part as link-only members (`StoredCanonical`: an id and a
signature, source `STORED`): they meet new articles in the buckets, never change, and are
never linked to each other. A component that holds one is not settled by stage 4's
canonical choice: each of its new articles becomes a copy of the stored canonical it is
most similar to (an exact copy first, then the highest similarity, then the largest id:
`DuplicateIndex.find`'s order), and the stored canonicals' signatures come back with the
links (`DuplicateLinks.stored`), so that the pipeline settles those stories by the rules of
incremental runs (`pipeline.choose_canonicals`).

Articles are identified by `node_key` (source, id): the source is unique per record (a file,
or `path#line` in JSONL), the id is not (exact copies share it). Two records with the same
source and id are one record read twice; `find_duplicates` refuses them (`DuplicateRecord`).

Transitivity: stage 3 joins chains. When A~B and B~C but A is not similar to C, all three
are one component, whatever the input order, and C's recorded similarity to the canonical
may be under the threshold. The local engine (`dedup.link_duplicates`) is order-dependent
there: read A, B, C it makes {A, B} and {C}; read B first it makes {A, B, C}. We consider
the component the right answer: it does not depend on how files were read or partitioned
(what the issue requires of every engine), and a story edited step by step as it is
republished is one story. Its risk is single linkage through a long chain of loose copies;
the threshold on every edge bounds each step.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.config import Settings
from detente.dedup import Bands, completeness, lsh_bands, lsh_threshold, resolve_cluster
from detente.records import Article

if TYPE_CHECKING:
    import dask.bag
    import distributed

NodeKey = tuple[str, str]  # (source, content id): unique per article
Entry = tuple[Article, np.ndarray]  # an article and its MinHash signature (`dedup.signature`)
Edge = tuple[NodeKey, NodeKey, float]  # a verified pair, smaller key first, and its similarity
Rows = tuple[np.ndarray, np.ndarray]  # stage 1: (bucket, uid), uint64 each


@dataclass(frozen=True)
class Signatures:
    """The signatures of some articles, by uid: the side every join of stage 2 reads."""

    uids: np.ndarray  # uint64, one per article
    keys: list[NodeKey]
    values: np.ndarray  # (articles, num_perm) uint32

    def take(self, rows: np.ndarray) -> Signatures:
        return Signatures(self.uids[rows], [self.keys[row] for row in rows], self.values[rows])


@dataclass(frozen=True)
class ArticleKey:
    """What stages 1-2 read of an article: its id and source (see `find_duplicates`'s `members`)."""

    id: str
    source: str


STORED = "\0stored"  # the source of an earlier run's canonical (`StoredCanonical`): no file has it


@dataclass(frozen=True)
class StoredCanonical:
    """A canonical article stored by an earlier run, as the shuffle sees it: its id (and the
    `STORED` source, so its key never meets a new article's). Link-only: see the module docstring."""

    id: str
    source: str = STORED


def stored_entries(rows: Iterable[tuple[str, np.ndarray]]) -> list[Entry]:
    """(id, signature) rows of stored canonicals (`Store.canonical_signatures`) as entries."""
    return [(StoredCanonical(article_id), values) for article_id, values in rows]  # type: ignore[misc]


def is_stored(key: NodeKey) -> bool:
    return key[0] == STORED


@dataclass(frozen=True)
class StoredLink:
    """Stage 4's output for a stored canonical that new articles link to: its signature."""

    values: np.ndarray


EXACT_BAND = 0xFFFF  # the band index of the rows keyed by content hash (exact copies)
_LINK_FIELDS = ("id", "duplicate_of", "similarity")


class DuplicateRecord(ValueError):
    """Two records with the same source and content id: one record read twice."""


# `Bands`, `lsh_threshold` and `lsh_bands` are the local index's own (`detente.dedup`): the
# same candidates as the local engine's index. Compute the bands once per run and pass them on.


def node_key(article: Article) -> NodeKey:
    """The key of an article (see the module docstring)."""
    return (article.source, article.id)


def uid(key: NodeKey) -> int:
    """A 64-bit number for a key: what the shuffles carry (a clash is detected, see `_lookup`)."""
    return _hash64(f"{key[0]}\0{key[1]}".encode())


def _hash64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big")


def _mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser over uint64 arrays (wrapping arithmetic): a 64-bit hash that
    is the same in every process and on every machine, unlike Python's `hash`."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


# --------------------------------------------------------------------------------------
# Stage 1: band rows, per partition.


def band_hashes(values: np.ndarray, bands: Bands) -> np.ndarray:
    """(articles, bands) uint64: a hash of each band's index and values. Equal bands get
    equal hashes; unequal ones almost never do (and a clash only adds a candidate that
    verification then drops)."""
    cut = values[:, : bands.count * bands.rows].astype(np.uint64).reshape(len(values), bands.count, bands.rows)
    hashed = _mix(np.broadcast_to(np.arange(bands.count, dtype=np.uint64), cut.shape[:2]) + np.uint64(0x9E3779B97F4A7C15))
    for column in range(bands.rows):
        hashed = _mix(hashed ^ cut[:, :, column])
    return hashed


def band_rows(partition: Sequence[Entry], bands: Bands) -> Rows:
    """(bucket, uid) for each LSH band of each article, and one row whose bucket is the
    hash of the content id, so that exact copies always share a bucket."""
    if not partition:
        return np.empty(0, np.uint64), np.empty(0, np.uint64)
    values = np.stack([np.asarray(entry[1], dtype=np.uint32) for entry in partition])
    uids = np.array([uid(node_key(article)) for article, _ in partition], dtype=np.uint64)
    exact = np.array([_hash64(EXACT_BAND.to_bytes(2, "big") + article.id.encode()) for article, _ in partition], dtype=np.uint64)
    buckets = np.concatenate([band_hashes(values, bands), exact[:, None]], axis=1)
    return buckets.ravel(), np.repeat(uids, bands.count + 1)


def signatures(partition: Sequence[Entry]) -> Signatures:
    """The signature side of the joins of stage 2, for one partition."""
    keys = [node_key(article) for article, _ in partition]
    values = np.stack([np.asarray(entry[1], dtype=np.uint32) for entry in partition]) if partition else np.empty((0, 0), np.uint32)
    return Signatures(np.array([uid(key) for key in keys], dtype=np.uint64), keys, values)


# --------------------------------------------------------------------------------------
# Stage 2: the members of each bucket, joined with their signatures, linked bucket by bucket.


def bucket_members(rows: Sequence[Rows]) -> Rows:
    """The (bucket, uid) rows of the buckets that hold two or more distinct uids, sorted by
    bucket then uid, each row once (a singleton bucket proposes nothing). Linear in the rows:
    a bucket of k articles is k rows here, never its k(k-1)/2 pairs."""
    buckets = np.concatenate([chunk[0] for chunk in rows]) if rows else np.empty(0, np.uint64)
    uids = np.concatenate([chunk[1] for chunk in rows]) if rows else np.empty(0, np.uint64)
    order = np.lexsort((uids, buckets))
    buckets, uids = buckets[order], uids[order]
    fresh = np.r_[True, (buckets[1:] != buckets[:-1]) | (uids[1:] != uids[:-1])] if len(buckets) else np.empty(0, bool)
    buckets, uids = buckets[fresh], uids[fresh]
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]]) if len(buckets) else np.empty(0, np.int64)
    sizes = np.diff(np.r_[starts, len(buckets)])
    keep = np.repeat(sizes > 1, sizes)
    return buckets[keep], uids[keep]


def request_signatures(members: Rows, part: int, parts: int) -> list[tuple[int, str, tuple[int, np.ndarray]]]:
    """The distinct uids of a bucket part's members as (uid part, "wanted", (this part, uids)):
    each article's signature is asked for once per bucket part, whatever its buckets there."""
    wanted = np.unique(members[1])
    target = wanted % np.uint64(parts)
    return [(found, "wanted", (part, wanted[target == found])) for found in np.unique(target).tolist()]


def send_signatures(requests: Sequence[tuple[int, np.ndarray]], tables: Sequence[Signatures], parts: int) -> list[tuple[int, str, Signatures]]:
    """The join (one part of the uids): the signatures each bucket part asked for, as
    (bucket part, "sent", signatures). Reads the whole part's table, so a record read twice
    is refused here (`_lookup`) even when it has no duplicate."""
    table, _ = _lookup(tables, np.empty(0, np.uint64))
    sent = []
    for requester, uids in requests:
        rows = np.searchsorted(table.uids, uids)
        if len(uids) and (rows.max() >= len(table.uids) or not np.array_equal(table.uids[rows], uids)):
            raise RuntimeError("a candidate's signature is missing from its part: partitions changed between stages")
        sent.append((requester % parts, "sent", table.take(rows)))
    return sent


def verify(members: Rows, sent: Sequence[Signatures], threshold: float) -> tuple[list[Edge], int]:
    """Each bucket's verified links (one bucket part), and the similarity checks made.

    Two members are linked when their estimated Jaccard similarity reaches `threshold` (as
    `DuplicateIndex.find` accepts a copy) or they have the same content hash (exact copies,
    1.0); never two stored canonicals (earlier runs settled those). Within a bucket, a
    breadth-first search from its smallest uid compares each reached member with the members
    not reached yet, so the edges are a spanning forest of the bucket's verified pairs: the
    same components as every verified pair, with at most k - 1 edges for k members. A bucket
    of near-identical copies costs about k checks; one of unrelated articles k(k-1)/2, as
    every pair must be ruled out, but never more memory than its k signatures."""
    table, _ = _lookup(sent, np.empty(0, np.uint64))
    buckets, uids = members
    if not len(buckets):
        return [], 0
    rows = np.searchsorted(table.uids, uids)
    if rows.max() >= len(table.uids) or not np.array_equal(table.uids[rows], uids):
        raise RuntimeError("a bucket member's signature was not sent: partitions changed between stages")
    starts = np.flatnonzero(np.r_[True, buckets[1:] != buckets[:-1]])
    edges: list[Edge] = []
    checks = 0
    for start, stop in zip(starts.tolist(), [*starts[1:].tolist(), len(buckets)]):
        found, count = _bucket_forest(table, rows[start:stop], threshold)
        edges += found
        checks += count
    return edges, checks


def _bucket_forest(table: Signatures, rows: np.ndarray, threshold: float) -> tuple[list[Edge], int]:
    """The breadth-first spanning forest of one bucket's verified pairs (see `verify`)."""
    keys = [table.keys[row] for row in rows.tolist()]
    ids = np.array([key[1] for key in keys], dtype=object)
    stored = np.array([is_stored(key) for key in keys])
    values = table.values[rows]
    unreached = np.ones(len(keys), bool)
    edges: list[Edge] = []
    checks = 0
    for seed in range(len(keys)):
        if not unreached[seed]:
            continue
        unreached[seed] = False
        queue = deque([seed])
        while queue and unreached.any():
            node = queue.popleft()
            others = np.flatnonzero(unreached & ~stored) if stored[node] else np.flatnonzero(unreached)
            if not len(others):
                continue
            checks += len(others)
            similarity = np.mean(values[others] == values[node], axis=1)
            similarity[ids[others] == ids[node]] = 1.0
            linked = others[similarity >= threshold]
            unreached[linked] = False
            queue.extend(linked.tolist())
            for other, estimate in zip(linked.tolist(), similarity[similarity >= threshold].tolist()):
                first, second = sorted((keys[node], keys[other]))
                edges.append((first, second, round(float(estimate), 4)))
    return edges, checks


def _lookup(tables: Sequence[Signatures], wanted: np.ndarray) -> tuple[Signatures, np.ndarray]:
    """The signatures of one part, sorted by uid, and the row of each wanted uid in it. Two
    rows with one uid are one record read twice (`DuplicateRecord`) or, once in 2^64, two
    keys whose uids clash (a RuntimeError: the run stops rather than merge two articles)."""
    table = _concatenated(tables)
    order = np.argsort(table.uids, kind="stable")
    table = table.take(order)
    repeated = np.flatnonzero(table.uids[1:] == table.uids[:-1])
    if len(repeated):
        first, second = table.keys[repeated[0]], table.keys[repeated[0] + 1]
        if first == second:
            raise DuplicateRecord(f"two records with source {first[0]!r} and id {first[1]!r}")
        raise RuntimeError(f"64-bit uids of {first} and {second} clash")
    rows = np.searchsorted(table.uids, wanted)
    if len(wanted) and (rows.max() >= len(table.uids) or not np.array_equal(table.uids[rows], wanted)):
        raise RuntimeError("a candidate's signature is missing from its part: partitions changed between stages")
    return table, rows


def _concatenated(tables: Sequence[Signatures]) -> Signatures:
    filled = [table for table in tables if len(table.uids)]
    if not filled:
        return Signatures(np.empty(0, np.uint64), [], np.empty((0, 0), np.uint32))
    keys = [key for table in filled for key in table.keys]
    return Signatures(np.concatenate([table.uids for table in filled]), keys, np.concatenate([table.values for table in filled]))


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


def link_to_stored(members: Sequence[Entry]) -> list[tuple[NodeKey, Decision | StoredLink]]:
    """Settle a component that holds stored canonicals (see the module docstring): each new
    article is a copy of its best stored canonical (an exact copy gets the id
    `dedup.link_duplicates` gives one: the hash of the canonical's id and its source); each
    stored canonical sends its signature back."""
    stored = sorted(((article.id, values) for article, values in members if isinstance(article, StoredCanonical)), key=lambda row: row[0])
    settled: list[tuple[NodeKey, Decision | StoredLink]] = [((STORED, article_id), StoredLink(values)) for article_id, values in stored]
    for article, values in members:
        if isinstance(article, StoredCanonical):
            continue
        exact, similarity, best = max((article.id == key, float(np.mean(values == other)), key) for key, other in stored)
        if exact:
            copy_id = hashlib.sha256(f"{best}\0{article.source}".encode()).hexdigest()[:16]
            settled.append((node_key(article), Decision(copy_id, best, 1.0)))
        else:
            settled.append((node_key(article), Decision(article.id, best, round(similarity, 4))))
    return settled


def settle_component(members: Sequence[Entry]) -> list[tuple[NodeKey, Decision | StoredLink]]:
    """Stage 4 for one component: `resolve_component` when all its articles are new,
    `link_to_stored` when it holds a stored canonical."""
    if any(isinstance(article, StoredCanonical) for article, _ in members):
        return link_to_stored(members)
    return list(resolve_component(members))


def without_stored_pairs(edges: Iterable[Edge]) -> list[Edge]:
    """Edges minus those between two stored canonicals: earlier runs settled those."""
    return [edge for edge in edges if not (is_stored(edge[0]) and is_stored(edge[1]))]


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
    stored: dict[str, np.ndarray] = field(default_factory=dict)  # stored canonicals linked to: their signatures

    @classmethod
    def settled(cls, outcomes: Iterable[tuple[NodeKey, Decision | StoredLink]], articles: int, candidates: int, edges: int, roots: dict[NodeKey, NodeKey]) -> DuplicateLinks:
        """Stage 4's outcomes gathered (decisions of new articles, signatures of stored canonicals)."""
        links = cls(articles=articles, candidate_pairs=candidates, edges=edges, components=len(set(roots.values())))
        for key, outcome in outcomes:
            if isinstance(outcome, StoredLink):
                links.stored[key[1]] = outcome.values
            else:
                links.decisions[key] = outcome
        return links

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
    parts: int | None = None,
    members: Sequence[Any] | None = None,
) -> DuplicateLinks:
    """The duplicate decisions of a corpus given as partitions of (article, signature).

    `members`, when given, are the same partitions in the same form, read by stage 4 only;
    `partitions` then need only keys (`ArticleKey` entries: id, source and signature), which
    keeps stages 1-2 at about 1 KB an article in the workers' memory instead of the texts.

    Without a client, every stage runs in this process, shuffled into `parts` parts (default
    1: one sort; more only to test the shuffle); `partitions` is a sequence read twice, a partition
    at a time (stages 1-2 and stage 4), so each may be a lazy loader of a partition's stored
    output and the texts are never all in memory. With a client, `partitions`
    is a list of `dask.delayed` loaders, each of a list of (article, signature) tuples (best
    built on the workers, e.g. from the partitions' stored outputs), a `dask.bag.Bag` of
    such tuples, or a list of lists (sent to the cluster); shuffles have `parts` parts
    (default: as many as there are partitions; each join task holds the signatures of one
    part), and the partitions are read twice (stages 1-2 and stage 4), so persist them or
    let them load from storage. The result is
    the same for any order and any partitioning of the same articles, and for both engines."""
    bands = bands or lsh_bands(settings)
    if client is None:
        return _find_local(partitions, settings, bands, parts or 1, members)  # type: ignore[arg-type]
    return _find_dask(partitions, settings, client, bands, parts, members)


# --------------------------------------------------------------------------------------
# The shuffles: split by key modulo the number of parts, group the chunks by part.


def split_rows(rows: Rows, parts: int) -> list[tuple[int, str, Rows]]:
    """Stage 1 rows as (part, "rows", chunk) by bucket."""
    target = rows[0] % np.uint64(parts)
    return [(part, "rows", (rows[0][target == part], rows[1][target == part])) for part in np.unique(target).tolist()]


def split_signatures(table: Signatures, parts: int) -> list[tuple[int, str, Signatures]]:
    """Signatures as (part, "signatures", chunk) by uid."""
    target = table.uids % np.uint64(parts)
    return [(part, "signatures", table.take(np.flatnonzero(target == part))) for part in np.unique(target).tolist()]


def _chunks(group: Sequence[tuple[int, str, Any]], kind: str) -> list[Any]:
    return [chunk for _, found, chunk in group if found == kind]


def bucket_step(group: tuple[int, list[tuple[int, str, Any]]], parts: int) -> tuple[Rows, list[tuple[int, str, Any]]]:
    """One part of the buckets -> its members (kept for `verify_step`) and their signature
    requests, split by uid for the join."""
    members = bucket_members(_chunks(group[1], "rows"))
    return members, request_signatures(members, group[0], parts)


def send_step(group: tuple[int, list[tuple[int, str, Any]]], parts: int) -> list[tuple[int, str, Signatures]]:
    """One part of the uids -> the signatures asked for, split by the asking bucket part."""
    return send_signatures(_chunks(group[1], "wanted"), _chunks(group[1], "signatures"), parts)


def verify_step(members: Rows, group: tuple[int, list[tuple[int, str, Any]]], threshold: float) -> tuple[list[Edge], int]:
    """One part of the buckets, its signatures received -> its verified edges and checks."""
    return verify(members, _chunks(group[1], "sent"), threshold)


def _grouped(chunks: Iterable[tuple[Any, ...]]) -> list[tuple[Any, list[Any]]]:
    """Chunks grouped by their first field, in key order: the local engine's shuffle."""
    groups: dict[Any, list[Any]] = {}
    for chunk in chunks:
        groups.setdefault(chunk[0], []).append(chunk)
    return sorted(groups.items(), key=lambda item: item[0])


def _find_local(
    partitions: Sequence[Iterable[Entry]], settings: Settings, bands: Bands, parts: int, full: Sequence[Iterable[Entry]] | None = None
) -> DuplicateLinks:
    """Partitions are read twice, one at a time: between the readings only signatures and
    rows are held (about 1 KB an article), not texts."""
    table: list[tuple[int, str, Signatures]] = []
    rows: list[tuple[int, str, Rows]] = []
    articles = 0
    for partition in partitions:
        entries = list(partition)
        articles += len(entries)
        table += split_signatures(signatures(entries), parts)
        rows += split_rows(band_rows(entries, bands), parts)
    bucketed = {group[0]: bucket_step(group, parts) for group in _grouped(rows)}
    del rows
    requests = [chunk for _, asked in bucketed.values() for chunk in asked]
    sent = [chunk for group in _grouped([*requests, *table]) for chunk in send_step(group, parts)]
    del table
    received = dict(_grouped(sent))
    verified = [verify_step(members, (part, received.get(part, [])), settings.duplicate_threshold) for part, (members, _) in bucketed.items()]
    del bucketed, sent, received
    edges = [edge for found, _ in verified for edge in found]
    roots = components(edges)
    members = [row for partition in (full if full is not None else partitions) for row in member_rows(partition, roots)]
    outcomes = (outcome for _, group in _grouped(members) for outcome in settle_component([row[1] for row in group]))
    return DuplicateLinks.settled(outcomes, articles, sum(count for _, count in verified), len(edges), roots)


# The Dask engine's steps are module functions, so workers import them (no closures pickled).


def _first(item: tuple[Any, ...]) -> Any:
    return item[0]


def _second(item: tuple[Any, ...]) -> Any:
    return item[1]


def _split_band_rows(partition: list[Entry], bands: Bands, parts: int) -> list[tuple[int, str, Rows]]:
    return split_rows(band_rows(partition, bands), parts)


def _split_signature_rows(partition: list[Entry], parts: int) -> list[tuple[int, str, Signatures]]:
    return split_signatures(signatures(partition), parts)


def _as_delayed(partitions: Sequence[Sequence[Entry]] | dask.bag.Bag | Sequence[Any]) -> list[Any]:
    """The input partitions as a list of `dask.delayed` objects, each a list of entries: a
    bag's partitions, delayed loaders as given, or lists (sent to the cluster)."""
    import dask
    import dask.bag as db
    from dask.delayed import Delayed

    if isinstance(partitions, db.Bag):
        return list(partitions.to_delayed())
    return [part if isinstance(part, Delayed) else dask.delayed(list(part), traverse=False) for part in partitions]


def _select(chunks: list[tuple[int, str, Any]], part: int) -> list[tuple[int, str, Any]]:
    """The chunks of one part among a task's split output."""
    return [chunk for chunk in chunks if chunk[0] == part]


def _group(part: int, *selected: list[tuple[int, str, Any]]) -> tuple[int, list[tuple[int, str, Any]]]:
    """One part's chunks from every task that sent it some: what a shuffle's receiving task reads."""
    return part, [chunk for chunks in selected for chunk in chunks]


def _bucket_part(part: int, parts: int, *selected: list[tuple[int, str, Any]]) -> tuple[Rows, list[tuple[int, str, Any]]]:
    return bucket_step(_group(part, *selected), parts)


def _send_part(part: int, parts: int, *selected: list[tuple[int, str, Any]]) -> list[tuple[int, str, Signatures]]:
    return send_step(_group(part, *selected), parts)


def _verify_part(part: int, threshold: float, bucketed: tuple[Rows, Any], *selected: list[tuple[int, str, Any]]) -> tuple[list[Edge], int]:
    return verify_step(bucketed[0], _group(part, *selected), threshold)


def _split_members(partition: list[Entry], roots: dict[NodeKey, NodeKey], parts: int) -> list[tuple[int, str, list[tuple[NodeKey, Entry]]]]:
    """A partition's members of components, split by their component's root."""
    by_part: dict[int, list[tuple[NodeKey, Entry]]] = {}
    for root, entry in member_rows(partition, roots):
        by_part.setdefault(uid(root) % parts, []).append((root, entry))
    return [(part, "members", rows) for part, rows in sorted(by_part.items())]


def _settle_part(part: int, *selected: list[tuple[int, str, Any]]) -> list[tuple[NodeKey, Decision | StoredLink]]:
    """Stage 4 for one part: each component whose root falls in it, settled."""
    components_of: dict[NodeKey, list[Entry]] = {}
    for _, _, rows in _group(part, *selected)[1]:
        for root, entry in rows:
            components_of.setdefault(root, []).append(entry)
    return [outcome for root in sorted(components_of) for outcome in settle_component(components_of[root])]


def _find_dask(
    partitions: Sequence[Sequence[Entry]] | dask.bag.Bag, settings: Settings, client: distributed.Client, bands: Bands, parts: int | None,
    full: Sequence[Any] | None = None,
) -> DuplicateLinks:
    """The four stages as a graph of `dask.delayed` tasks: per input partition a task splits
    its output by part, per (input, part) a small task selects that part's chunks, and per
    part one task reads them from every input (a hash-partitioned shuffle: about inputs x
    parts tasks a stage; dask.bag's groupby took seconds of scheduling even for a few
    hundred articles on 2 workers)."""
    import dask

    delayed = dask.delayed
    inputs = _as_delayed(partitions)
    parts = parts or max(1, len(inputs))

    def shuffle(split: list[Any]) -> list[list[Any]]:
        """For each part, the selections of its chunks from each task of `split`."""
        return [[delayed(_select)(chunks, part) for chunks in split] for part in range(parts)]

    table = shuffle([delayed(_split_signature_rows)(partition, parts) for partition in inputs])
    rows = shuffle([delayed(_split_band_rows)(partition, bands, parts) for partition in inputs])
    bucketed = [delayed(_bucket_part)(part, parts, *rows[part]) for part in range(parts)]
    requests = shuffle([delayed(_second)(result) for result in bucketed])
    replies = shuffle([delayed(_send_part)(part, parts, *requests[part], *table[part]) for part in range(parts)])
    verified = [delayed(_verify_part)(part, settings.duplicate_threshold, bucketed[part], *replies[part]) for part in range(parts)]
    edges_parts = [delayed(_first)(result) for result in verified]
    counts = [delayed(_second)(result) for result in verified]
    sizes = [delayed(len)(partition) for partition in inputs]
    found_edges, found_counts, found_sizes = client.compute([edges_parts, counts, sizes], sync=True)
    edges = [edge for part_edges in found_edges for edge in part_edges]
    candidates, articles = sum(found_counts), sum(found_sizes)
    roots = components(edges)
    if not roots:
        return DuplicateLinks({}, articles, candidates, 0, 0)
    shared_roots = client.scatter(roots, broadcast=True)
    readers = _as_delayed(full) if full is not None else inputs
    members = shuffle([delayed(_split_members)(partition, shared_roots, parts) for partition in readers])
    outcomes = client.compute([delayed(_settle_part)(part, *members[part]) for part in range(parts)], sync=True)
    return DuplicateLinks.settled((outcome for found in outcomes for outcome in found), articles, candidates, len(edges), roots)


__all__ = [
    "Bands", "Decision", "DuplicateLinks", "DuplicateRecord", "EXACT_BAND", "Signatures", "band_hashes", "band_rows",
    "bucket_members", "components", "find_duplicates", "lsh_bands", "lsh_threshold", "member_rows", "node_key",
    "request_signatures", "resolve_component", "send_signatures", "signatures", "uid", "verify",
    "ArticleKey", "STORED", "StoredCanonical", "StoredLink", "is_stored", "link_to_stored", "settle_component", "stored_entries", "without_stored_pairs",
]  # fmt: skip
