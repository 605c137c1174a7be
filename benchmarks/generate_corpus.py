"""Generate a synthetic corpus of messy news page dumps (and the same pages as HTML).

Every document is a function of `(seed, index)` alone, so a corpus is deterministic, is
written one file at a time (memory stays flat however many are asked for), and the first
N documents of a 10,000-document corpus are exactly the 1,000- or 5,000-document corpus:
the benchmark measures growth on prefixes of one corpus.

Each page dump wraps an invented article about international relations (6-15 paragraphs
of sentences built from templates with varied actors, verbs, places and numbers) in the
mess real dumps have: page title, skip links, nav menus, breadcrumbs, a repeated headline,
date/author lines, share buttons, "Read also" links inside the body, tags, "See also" /
"Related" lists of other headlines, comment forms and footers, in one of several invented
site layouts. About 10% of the documents are near-duplicate republications of an earlier
one (a few edited sentences, another site's wrapper, sometimes another headline) and
about 3% exact copies (the same page fetched twice, under another name).

Layout of a corpus folder:

    txt/00/00000.txt ...    page dumps, 1,000 per sub-folder, in index order
    html/00/00000.html ...  the same pages as HTML (<nav>, <article><p>, <aside>, <footer>)
    manifest.jsonl          one line per document: index, kind, of (the original's index), ...
    corpus.json             seed, articles, generator version (written last: marks a complete corpus)

Usage:
    python benchmarks/generate_corpus.py --out benchmarks/_corpus/demo --articles 5000 --seed 7
"""

from __future__ import annotations

import argparse
import hashlib
import html as html_lib
import json
import random
import shutil
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

GENERATOR_VERSION = 1  # also part of the cache key: the hash of this file (see _version)
NEAR_SHARE = 0.10  # near-duplicate republications
EXACT_SHARE = 0.03  # byte-identical copies
ALWAYS_ORIGINAL = 20  # the first documents are all originals (copies need something to copy)
PER_FOLDER = 1000

# --------------------------------------------------------------------------------------
# Vocabulary: invented people, real country and city names, generic institutions.

COUNTRIES = [
    ("Russia", "Russian", "Moscow"), ("China", "Chinese", "Beijing"), ("the United States", "American", "Washington"),
    ("France", "French", "Paris"), ("Germany", "German", "Berlin"), ("Turkey", "Turkish", "Ankara"),
    ("Iran", "Iranian", "Tehran"), ("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad"),
    ("Japan", "Japanese", "Tokyo"), ("South Korea", "South Korean", "Seoul"), ("Brazil", "Brazilian", "Brasilia"),
    ("Mexico", "Mexican", "Mexico City"), ("Egypt", "Egyptian", "Cairo"), ("Nigeria", "Nigerian", "Abuja"),
    ("Kenya", "Kenyan", "Nairobi"), ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Poland", "Polish", "Warsaw"),
    ("Ukraine", "Ukrainian", "Kyiv"), ("Azerbaijan", "Azerbaijani", "Baku"), ("Armenia", "Armenian", "Yerevan"),
    ("Georgia", "Georgian", "Tbilisi"), ("Serbia", "Serbian", "Belgrade"), ("Greece", "Greek", "Athens"),
    ("Italy", "Italian", "Rome"), ("Spain", "Spanish", "Madrid"), ("the United Kingdom", "British", "London"),
    ("Canada", "Canadian", "Ottawa"), ("Australia", "Australian", "Canberra"), ("Indonesia", "Indonesian", "Jakarta"),
    ("Vietnam", "Vietnamese", "Hanoi"), ("the Philippines", "Philippine", "Manila"), ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Qatar", "Qatari", "Doha"), ("Israel", "Israeli", "Jerusalem"), ("Jordan", "Jordanian", "Amman"),
    ("Algeria", "Algerian", "Algiers"), ("Morocco", "Moroccan", "Rabat"), ("South Africa", "South African", "Pretoria"),
    ("Argentina", "Argentine", "Buenos Aires"), ("Chile", "Chilean", "Santiago"), ("Colombia", "Colombian", "Bogota"),
    ("Venezuela", "Venezuelan", "Caracas"), ("Cuba", "Cuban", "Havana"), ("Norway", "Norwegian", "Oslo"),
    ("Finland", "Finnish", "Helsinki"), ("Sweden", "Swedish", "Stockholm"), ("Hungary", "Hungarian", "Budapest"),
    ("Lithuania", "Lithuanian", "Vilnius"), ("Kazakhstan", "Kazakh", "Astana"), ("Uzbekistan", "Uzbek", "Tashkent"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"), ("Thailand", "Thai", "Bangkok"), ("Malaysia", "Malaysian", "Kuala Lumpur"),
    ("Bangladesh", "Bangladeshi", "Dhaka"), ("Sri Lanka", "Sri Lankan", "Colombo"), ("Sudan", "Sudanese", "Khartoum"),
    ("Libya", "Libyan", "Tripoli"), ("Iraq", "Iraqi", "Baghdad"), ("Syria", "Syrian", "Damascus"),
]  # fmt: skip
ORGANISATIONS = [
    "NATO", "the European Union", "the United Nations", "the UN Security Council", "the African Union", "ASEAN",
    "the OSCE", "the International Atomic Energy Agency", "the World Trade Organization", "the Arab League",
    "the G20", "the Shanghai Cooperation Organisation", "the International Monetary Fund", "the World Bank",
    "the Council of Europe", "the Gulf Cooperation Council", "the Organization of American States",
]  # fmt: skip
FIRST_NAMES = [
    "Elena", "Marek", "Amina", "Tomasz", "Leila", "Hiroshi", "Farid", "Ingrid", "Kwame", "Lucia", "Dmitri", "Anjali",
    "Rafael", "Sofia", "Oleksandr", "Mei", "Tariq", "Helena", "Jonas", "Nadia", "Kemal", "Beatriz", "Arjun", "Yara",
    "Viktor", "Chiara", "Samuel", "Aiko", "Bogdan", "Fatima", "Pieter", "Zainab", "Mateo", "Olga", "Idris", "Greta",
]  # fmt: skip
LAST_NAMES = [
    "Markovic", "Haddad", "Okafor", "Lindqvist", "Tanaka", "Rahimi", "Novak", "Castellano", "Petrenko", "Wu",
    "Aziz", "Kowalczyk", "Mensah", "Duarte", "Sato", "Karimov", "Oyelaran", "Bergstrom", "Yilmaz", "Moreau",
    "Rossetti", "Vasquez", "Ivanova", "Kaplan", "Nakamura", "Abdullah", "Fischer", "Horvat", "Mbeki", "Quispe",
    "Sorensen", "Dragan", "Lemaire", "Chaudhry", "Alvarez", "Takahashi", "Ben Salem", "Grigoryan", "Ndlovu",
]  # fmt: skip
ROLES = [
    "Foreign Minister", "Defence Minister", "Prime Minister", "President", "Deputy Foreign Minister",
    "Trade Minister", "National Security Adviser", "Ambassador", "Energy Minister", "Interior Minister",
    "government spokesperson", "chief negotiator", "Finance Minister", "senior diplomat",
]  # fmt: skip
TOPICS = [
    ("the disputed border", "border"), ("the nuclear programme", "nuclear programme"), ("the grain export corridor", "grain exports"),
    ("the arms control treaty", "arms control"), ("fishing rights in the contested waters", "fishing rights"),
    ("the new trade agreement", "trade deal"), ("the refugee crisis", "refugees"), ("gas supplies for the winter", "gas supplies"),
    ("the proposed ceasefire", "ceasefire"), ("the detention of two journalists", "detained journalists"),
    ("joint naval exercises", "naval drills"), ("the planned pipeline", "pipeline"), ("visa restrictions", "visas"),
    ("sanctions on the banking sector", "sanctions"), ("the peace plan", "peace plan"), ("a prisoner exchange", "prisoner swap"),
    ("the expulsion of diplomats", "expulsions"), ("a loan of emergency funds", "emergency loan"),
    ("the future of the military base", "military base"), ("water rights on the shared river", "river dispute"),
    ("the election observers' report", "election monitoring"), ("cyber attacks on government networks", "cyber attacks"),
    ("the semiconductor export controls", "chip controls"), ("the port concession", "port deal"),
]  # fmt: skip
PAST_VERBS = [
    "accused", "urged", "praised", "warned", "criticised", "called on", "thanked", "condemned", "met",
    "rebuked", "reassured", "pressed", "invited", "congratulated", "threatened", "appealed to", "reproached", "courted",
]  # fmt: skip
HEADLINE_VERBS = [
    "warns", "urges", "accuses", "rejects", "says", "denies", "vows", "slams", "seeks", "pledges", "threatens",
    "announces", "insists", "claims", "mulls", "unveils",
]  # fmt: skip
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
UNITS = ["troops", "diplomats", "observers", "tonnes of grain", "refugees", "prisoners", "vessels", "inspectors", "aircraft", "tanks"]
MONEY = ["million dollars", "billion dollars", "million euros", "billion yuan", "million pounds"]
SYNONYMS = {
    "said": "stated", "talks": "negotiations", "agreement": "accord", "officials": "authorities", "meeting": "session",
    "warned": "cautioned", "country": "nation", "minister": "official", "support": "backing", "plan": "proposal",
    "important": "significant", "began": "started", "crisis": "standoff", "told": "informed", "week": "month",
    "first": "initial", "also": "further", "government": "administration", "reporters": "journalists",
}  # fmt: skip

# Sentence templates; slots are filled from the story (its actors, topic, place) and the RNG.
# Mostly running prose with the share of function words real news has.
SENTENCES = [
    "{a_role} {a_person} {verb} {b} on {day} over {topic}, saying that the two countries had to find a way back to the table.",
    "The talks in {place} were the first of their kind since {year}, when relations between {a} and {b} broke down over {topic}.",
    "{a_adj} officials said they had presented a proposal that would cover {topic} and allow {num} {unit} to cross within a month.",
    "Speaking to reporters after the meeting, {b_person} said that {b} was ready to listen but would not accept any conditions set in advance.",
    "According to a statement published by the ministry in {a_capital}, the delegations agreed to meet again before the end of {month}.",
    "The dispute over {topic} has strained ties between the neighbours for years and has already cost both sides about {money_num} {money}.",
    "{org} said in a brief statement that it welcomed the contacts and called on both governments to show restraint.",
    "Analysts in {place} noted that the {a_adj} side had softened its language, although no concrete steps were announced.",
    "\u201cWe have always said that dialogue is the only way forward, and we are not going to change our position now,\u201d {a_person} told the state broadcaster.",
    "\u201cThis is not a question of who wins or loses, it is a question of whether our people can live in peace,\u201d {b_person} said.",
    "Earlier this week, {b_adj} media reported that {num} {unit} had been moved closer to the border, a claim that {a_capital} denied.",
    "The {b_adj} ministry summoned the {a_adj} ambassador on {day} to protest against what it called an unfriendly act.",
    "Diplomats familiar with the negotiations said that the sticking point remained {topic}, on which neither side has moved since {month}.",
    "{a} has offered {money_num} {money} in credit lines, a sum that {b_adj} officials described as a useful start but far from enough.",
    "Both governments are expected to send delegations to the summit of {org} in {place} later this year.",
    "In {year}, a similar agreement collapsed after only {small} months, when each side accused the other of breaking its terms.",
    "Trade between the two countries fell by {pct} percent last year, according to figures released by the {b_adj} statistics office.",
    "The {a_adj} parliament is due to debate the deal next week, and several opposition lawmakers have already said they will vote against it.",
    "Officials from {org} will monitor the implementation of the agreement, with the first report due in {month}.",
    "Some {num} people gathered outside the embassy in {b_capital} on {day}, calling for the talks to be suspended.",
    "{a_person}, who has led the {a_adj} delegation since {year}, said the next round would focus on {topic}.",
    "The {b_adj} side insisted that any agreement must be approved by its parliament and put to a public consultation.",
    "It was not immediately clear whether the measures announced on {day} would come into force before the end of the year.",
    "A spokesperson for {org} declined to comment on the details but said that the organisation remained in close contact with both capitals.",
    "The meeting in {place} lasted more than {small} hours, longer than planned, and ended without a joint statement.",
    "{b_role} {b_person} is expected to travel to {a_capital} next month for further consultations on {topic}.",
    "Observers said the mood at the talks was better than at any time since the crisis began, although deep differences remain.",
    "The agreement, if it holds, would be the most important step between {a} and {b} in more than a decade.",
    "Markets in {b_capital} rose by {small} percent after the announcement, with shares of energy companies leading the gains.",
    "Human rights groups have urged both governments to include the fate of detained activists in any future agreement.",
    "{a_adj} state media described the talks as constructive, while {b_adj} newspapers were more cautious in their assessment.",
    "The foreign ministers of {c} and {d} also took part in the discussions as observers, according to people present in the room.",
    "The two sides have been at odds over {topic} since {year}, when {c} tried and failed to mediate between them.",
    "Under the draft, each side would withdraw {num} {unit} from the area and allow inspectors from {org} to visit twice a year.",
    "{a_person} later wrote on social media that the day had been long but that it had been worth it.",
    "Critics of the deal argue that it gives too much to {b} and does little to address the concerns of people living near the border.",
    "The next round of talks is scheduled to take place in {place} on {date_phrase}, the {a_adj} foreign ministry said.",
    "Neither government has published the full text of the memorandum, which was signed behind closed doors on {day}.",
]  # fmt: skip
ATTRIBUTIONS = [
    "This report was first published by {site} and has been updated with new details.",
    "{site} contributed to this report, which has been edited for length.",
    "The story has been updated with comments from the {a_adj} foreign ministry.",
    "Additional reporting by the {site} correspondent in {place}.",
]  # fmt: skip
HEADLINES = [
    "{a} {hverb} {b} over {topic_short}", "{a} and {b} agree to resume talks on {topic_short}",
    "{a_adj} minister {hverb} new round of talks with {b}", "{org} {hverb} {a} and {b} to settle {topic_short} dispute",
    "Talks between {a} and {b} end without deal on {topic_short}", "{a} offers {b} {money_num} {money} in {topic_short} deal",
    "{b_adj} parliament to debate {topic_short} agreement with {a}", "{a} {hverb} {num} {unit} near {b_adj} border",
]  # fmt: skip

# --------------------------------------------------------------------------------------
# Sites: each wraps the article in its own mess.


@dataclass(frozen=True)
class Site:
    name: str
    domain: str
    nav: tuple[str, ...]
    nav_style: str  # "lines" | "pipes" | "spaced"
    title_sep: str
    breadcrumb: str  # "arrows" | "words" | "none"
    meta_style: str  # "by-date" | "labels" | "posted" | "source-author"
    share: tuple[str, ...]
    related_header: str
    comments: tuple[str, ...]
    footer: tuple[str, ...]
    promo: str | None


_COMMENT_FORM = (
    "Leave a Reply", "Your email address will not be published. Required fields are marked *", "Comment *", "Name *",
    "Email *", "Website", "Save my name, email, and website in this browser for the next time I comment.", "Post Comment",
)  # fmt: skip
SITES = [
    Site("Global Affairs Daily", "globalaffairsdaily.example", ("Home", "World", "Europe", "Asia", "Africa", "Opinion", "Video"), "lines", " | ",
         "arrows", "by-date", ("Share", "Facebook", "Twitter", "WhatsApp", "Email"), "See also", _COMMENT_FORM,
         ("About us", "Contact us", "Privacy Policy", "Terms of Use", "© {year} Global Affairs Daily. All rights reserved."), None),
    Site("The Diplomatic Wire", "diplomaticwire.example", ("News", "Politics", "Diplomacy", "Security", "Economy", "Analysis"), "pipes", " - ",
         "words", "labels", ("Share this article", "Facebook Twitter LinkedIn Email Print"), "Related", ("No Comments Yet", "Leave a Comment", "Please enter your comment", "Please enter your name", "Cancel reply"),
         ("Back to top", "Copyright {year} The Diplomatic Wire"), "Subscribe to our newsletter"),
    Site("Eurasia Monitor", "eurasiamonitor.example", ("Main", "Region", "Caucasus", "Central Asia", "Russia", "China", "Multimedia"), "lines", " — ",
         "none", "source-author", ("Share This Story", "Share", "Share this story with your colleagues"), "Latest news", ("Submit a Comment",) + _COMMENT_FORM[1:],
         ("Save it on Pinterest", "Copyright © {year} Eurasia Monitor"), None),
    Site("Capital Courier", "capitalcourier.example", ("Politics", "Business", "World", "Sport", "Culture", "Weather"), "spaced", " | ",
         "arrows", "posted", ("Tweet", "Share on Facebook", "Email", "Print"), "Most read", ("{n} Comments", "Join the discussion", "You must be logged in to post a comment."),
         ("About Us", "Advertise", "Careers", "Cookie Policy", "© {year} Capital Courier Media"), "Support independent journalism"),
    Site("Atlantic Ledger", "atlanticledger.example", ("U.S.", "World", "Markets", "Tech", "Opinion", "Podcasts"), "pipes", " | ",
         "words", "by-date", ("Share", "Copy link", "Twitter", "LinkedIn"), "Recommended", ("Comments", "Comments are moderated"),
         ("Terms of Service", "Privacy Policy", "Sitemap", "All rights reserved."), "Download our app"),
    Site("Pacific Bulletin", "pacificbulletin.example", ("Asia-Pacific", "China", "Japan", "Korea", "ASEAN", "Oceania", "Defence"), "lines", " : ",
         "arrows", "labels", ("Share on Twitter", "Share on Facebook", "Share via Email"), "You may also like", ("{n} Comments", "Add a comment", "Log in to comment"),
         ("Contact", "RSS", "Privacy Policy", "© Pacific Bulletin {year}"), "Sign up for our daily briefing"),
    Site("Meridian News Agency", "meridian-news.example", ("Latest", "Middle East", "Africa", "Europe", "Americas", "Photos"), "spaced", " - ",
         "none", "source-author", ("Telegram", "WhatsApp", "Facebook", "Twitter"), "Read also", ("Comments (0)", "Write a comment", "Name", "Email", "Submit"),
         ("Back to top", "About us", "Contact us", "Copyright {year} Meridian News Agency"), "Join our Telegram channel"),
    Site("Northern Observer", "northernobserver.example", ("Home", "Nordic", "Baltic", "Arctic", "Europe", "Economy", "Culture"), "lines", " | ",
         "words", "posted", ("Share this:", "Click to share on Twitter", "Click to share on Facebook", "Click to email a link to a friend"), "More from Northern Observer", _COMMENT_FORM,
         ("Accessibility", "Privacy Policy", "Terms of Use", "© {year} Northern Observer Ltd"), None),
]  # fmt: skip

# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DocPlan:
    """What document `index` is: an original article or a copy of an earlier one."""

    index: int
    kind: str  # "original" | "near" | "exact"
    of: int | None  # index of the original a copy republishes


@dataclass
class Story:
    """The facts an article is built from, and its text as paragraphs of sentences."""

    title: str
    paragraphs: list[list[str]]
    slots: dict[str, str]
    date: tuple[int, int, int]
    author: str
    dateline: str | None


@dataclass
class Page:
    plan: DocPlan
    site: str
    title: str
    text: str  # the page dump
    html: str
    body_words: int


def _rng(seed: int, index: int, purpose: str) -> random.Random:
    # str seeds are hashed with SHA-512 by `random`: stable across runs and PYTHONHASHSEED.
    return random.Random(f"{seed}/{index}/{purpose}")


def _kind(seed: int, index: int) -> str:
    if index < ALWAYS_ORIGINAL:
        return "original"
    draw = _rng(seed, index, "kind").random()
    return "near" if draw < NEAR_SHARE else "exact" if draw < NEAR_SHARE + EXACT_SHARE else "original"


def plan(seed: int, index: int) -> DocPlan:
    """The role of document `index`, from the seed alone (no state: any prefix is a corpus)."""
    kind = _kind(seed, index)
    if kind == "original":
        return DocPlan(index, kind, None)
    target = _rng(seed, index, "target").randrange(index)
    while _kind(seed, target) != "original":  # copies copy originals; index 0 is one
        target -= 1
    return DocPlan(index, kind, target)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _number(rng: random.Random) -> str:
    value = rng.choice([rng.randint(12, 95), rng.randint(100, 990), rng.randint(1_000, 48_000)])
    return f"{value:,}"


def _slots(rng: random.Random) -> dict[str, str]:
    a, b, c, d = rng.sample(COUNTRIES, 4)
    topic, topic_short = rng.choice(TOPICS)
    year = rng.randint(2015, 2024)
    return {
        "a": a[0], "a_adj": a[1], "a_capital": a[2], "b": b[0], "b_adj": b[1], "b_capital": b[2],
        "c": c[0], "d": d[0], "a_person": _person(rng), "b_person": _person(rng), "a_role": rng.choice(ROLES),
        "b_role": rng.choice(ROLES), "topic": topic, "topic_short": topic_short, "org": rng.choice(ORGANISATIONS),
        "place": rng.choice([a[2], b[2], rng.choice(COUNTRIES)[2]]), "year": str(year - rng.randint(2, 12)),
        "story_year": str(year),
    }  # fmt: skip


def _fill(template: str, slots: dict[str, str], rng: random.Random) -> str:
    """Fill a template; per-sentence slots (numbers, days) are drawn fresh each time."""
    values = dict(slots)
    values.update(
        verb=rng.choice(PAST_VERBS), day=rng.choice(WEEKDAYS), month=rng.choice(MONTHS), num=_number(rng),
        unit=rng.choice(UNITS), money_num=f"{rng.randint(2, 950)}", money=rng.choice(MONEY), small=str(rng.randint(2, 11)),
        pct=f"{rng.randint(2, 38)}.{rng.randint(0, 9)}", hverb=rng.choice(HEADLINE_VERBS),
        date_phrase=f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
    )  # fmt: skip
    text = template.format(**values)
    return text[0].upper() + text[1:]


def story(seed: int, index: int) -> Story:
    """The article of original document `index` (copies start from their original's story)."""
    rng = _rng(seed, index, "story")
    slots = _slots(rng)
    title = _fill(rng.choice(HEADLINES), slots, rng)
    order = rng.sample(SENTENCES, len(SENTENCES))  # no template twice in one article
    paragraphs: list[list[str]] = []
    cursor = 0
    for _ in range(rng.randint(6, 15)):
        size = rng.choice((1, 2, 2, 3, 3, 4))
        if cursor + size > len(order):
            cursor = 0
            order = rng.sample(SENTENCES, len(SENTENCES))
        paragraphs.append([_fill(template, slots, rng) for template in order[cursor : cursor + size]])
        cursor += size
    dateline = None
    if rng.random() < 0.35:
        dateline = f"{slots['a_capital'].upper()}, {rng.choice(MONTHS)} {rng.randint(1, 28)} ({rng.choice(['Reuters', 'AFP', 'TASS', 'Xinhua', 'AP'])}) -"
        paragraphs[0][0] = f"{dateline} {paragraphs[0][0]}"
    date = (int(slots["story_year"]), rng.randint(1, 12), rng.randint(1, 28))
    return Story(title, paragraphs, slots, date, _person(rng), dateline)


def _republish(original: Story, rng: random.Random, site: Site) -> Story:
    """A near-duplicate: a few words swapped or numbers changed, a sentence dropped or added."""
    paragraphs = [list(p) for p in original.paragraphs]
    sentences = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p))]
    for i, j in rng.sample(sentences, min(len(sentences), rng.randint(2, 8))):
        words = paragraphs[i][j].split(" ")
        swappable = [k for k, w in enumerate(words) if w in SYNONYMS]
        if swappable:
            k = rng.choice(swappable)
            words[k] = SYNONYMS[words[k]]
        else:
            numbers = [k for k, w in enumerate(words) if w.replace(",", "").isdigit()]
            if numbers:
                words[rng.choice(numbers)] = _number(rng)
        paragraphs[i][j] = " ".join(words)
    if rng.random() < 0.5 and len(sentences) > 8:  # drop one sentence (not the first)
        i, j = rng.choice(sentences[1:])
        if len(paragraphs[i]) > 1:
            del paragraphs[i][j]
    if rng.random() < 0.5:
        paragraphs.append([_fill(rng.choice(ATTRIBUTIONS), {**original.slots, "site": site.name}, rng)])
    title = original.title
    if rng.random() < 0.4:
        title = _fill(rng.choice(HEADLINES), original.slots, rng)
    y, m, d = original.date
    return Story(title, paragraphs, original.slots, (y, m, min(28, d + rng.randint(0, 2))), _person(rng), original.dateline)


def _other_headlines(rng: random.Random, count: int) -> list[str]:
    return [_fill(rng.choice(HEADLINES), _slots(rng), rng) for _ in range(count)]


def _date_text(date: tuple[int, int, int], style: str, rng: random.Random) -> str:
    y, m, d = date
    hour, minute = rng.randint(6, 22), rng.randint(0, 59)
    if style == "dots":
        return f"{y}.{m:02d}.{d:02d} / {hour:02d}:{minute:02d}"
    if style == "iso":
        return f"{y}-{m:02d}-{d:02d} {hour:02d}:{minute:02d}"
    return f"{d} {MONTHS[m - 1]} {y}, {hour:02d}:{minute:02d} GMT"


def _metadata_lines(site: Site, s: Story, rng: random.Random) -> list[str]:
    if site.meta_style == "by-date":
        return [f"By {s.author}", f"Published: {_date_text(s.date, 'words', rng)}"]
    if site.meta_style == "labels":
        return ["Date", _date_text(s.date, "dots", rng), "Author", s.author]
    if site.meta_style == "posted":
        y, m, d = s.date
        return [f"Posted on {MONTHS[m - 1]} {d}, {y} by {s.author}", f"Updated {_date_text(s.date, 'iso', rng)}"]
    return [_date_text(s.date, "iso", rng)]  # source-author: date on top, source and author after the body


def _render(plan_: DocPlan, s: Story, site: Site, rng: random.Random) -> Page:
    """Wrap a story in a site's mess, as a page dump and as an HTML page."""
    related = _other_headlines(rng, rng.randint(4, 10))
    inline_link = _other_headlines(rng, 1)[0] if rng.random() < 0.5 else None
    caption = f"Photo: {rng.choice(['AFP', 'Reuters', 'File photo', 'Press service'])}" if rng.random() < 0.4 else None
    tags = [s.slots["a"].removeprefix("the ").title(), s.slots["b"].removeprefix("the ").title(), s.slots["topic_short"].title()]
    year = str(s.date[0])
    meta = _metadata_lines(site, s, rng)
    n_comments = str(rng.randint(0, 40))
    body = [" ".join(p) for p in s.paragraphs]
    insert_at = rng.randint(2, max(2, len(body) - 2))

    # ---- page dump
    out: list[str] = []
    if rng.random() < 0.85:
        out += [f"{s.title}{site.title_sep}{site.name}", ""]
    if rng.random() < 0.5:
        out.append("Skip to content")
    if site.nav_style == "lines":
        out += list(site.nav) + ["Search", ""]
    elif site.nav_style == "pipes":
        out += [" | ".join(site.nav), ""]
    else:
        out += ["  ".join(site.nav), "Menu", ""]
    section = rng.choice(site.nav[1:])
    if site.breadcrumb == "arrows":
        out += [f"Home > {section} > {s.title}", ""]
    elif site.breadcrumb == "words":
        out += [f"Home {section} {s.title}", ""]
    out += [s.title, ""]
    out += meta if site.meta_style != "source-author" else meta[:1]
    out += list(site.share[:2]) + [""]
    for k, paragraph in enumerate(body):
        if k == 1 and caption:
            out += [caption, ""]
        if k == insert_at and inline_link:
            out += [f"Read also: {inline_link}", ""]
        out += [paragraph, ""]
    if site.meta_style == "source-author":
        out += [f"Source: {site.name}", "", f"Author: {s.author}", ""]
    if site.promo:
        out += [site.promo, ""]
    out += ["Tags: " + ", ".join(tags)] + list(site.share) + [""]
    out += [site.related_header] + [item for h in related for item in (h, "")]
    out += [line.replace("{n}", n_comments) for line in site.comments] + [""]
    out += [line.replace("{year}", year) for line in site.footer]
    text = "\n".join(out) + "\n"

    # ---- HTML page
    e = html_lib.escape
    y, m, d = s.date
    h: list[str] = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{e(s.title)}{e(site.title_sep)}{e(site.name)}</title>",
        f'<meta property="og:site_name" content="{e(site.name)}">', f'<meta name="author" content="{e(s.author)}">',
        f'<meta property="article:published_time" content="{y}-{m:02d}-{d:02d}">',
        f'<link rel="canonical" href="https://{site.domain}/{section.lower()}/{plan_.index:05d}">',
        "</head>", "<body>", "<header>", f'<a class="logo" href="/">{e(site.name)}</a>', "<nav><ul>",
        *(f'<li><a href="/{e(item.lower())}">{e(item)}</a></li>' for item in site.nav), "</ul></nav>",
        '<form class="search"><input type="text" name="q" placeholder="Search"></form>', "</header>",
    ]  # fmt: skip
    if site.breadcrumb != "none":
        h.append(f'<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/{e(section.lower())}">{e(section)}</a></div>')
    h += ["<main>", "<article>", f"<h1>{e(s.title)}</h1>", f'<p class="byline">By <span class="author">{e(s.author)}</span></p>',
          f'<time datetime="{y}-{m:02d}-{d:02d}">{d} {MONTHS[m - 1]} {y}</time>',
          '<div class="share">' + "".join(f'<a href="#">{e(x)}</a>' for x in site.share) + "</div>"]  # fmt: skip
    for k, paragraph in enumerate(body):
        if k == 1 and caption:
            h.append(f'<figure><img src="/img/{plan_.index}.jpg" alt=""><figcaption>{e(caption)}</figcaption></figure>')
        if k == insert_at and inline_link:
            h.append(f'<p class="read-also">Read also: <a href="/story">{e(inline_link)}</a></p>')
        h.append(f"<p>{e(paragraph)}</p>")
    h.append('<div class="tags">' + "".join(f'<a href="/tag/{e(t.lower())}">{e(t)}</a>' for t in tags) + "</div>")
    h.append("</article>")
    h += ["<aside>", f"<h2>{e(site.related_header)}</h2>", "<ul>", *(f'<li><a href="/story">{e(x)}</a></li>' for x in related), "</ul>", "</aside>"]
    h += ['<section class="comments">', *(f"<p>{e(line.replace('{n}', n_comments))}</p>" for line in site.comments),
          '<form><textarea name="comment"></textarea><input name="name"><input name="email"><button>Post</button></form>', "</section>", "</main>"]  # fmt: skip
    if site.promo:
        h.append(f'<div class="promo">{e(site.promo)}</div>')
    h += ["<footer><ul>", *(f"<li>{e(line.replace('{year}', year))}</li>" for line in site.footer), "</ul></footer>", "</body>", "</html>"]
    words = sum(len(p.split()) for p in body)
    return Page(plan_, site.name, s.title, text, "\n".join(h) + "\n", words)


def page(seed: int, index: int) -> Page:
    """Document `index` of the corpus with this seed, rendered (deterministic)."""
    p = plan(seed, index)
    if p.kind == "exact":  # the same page fetched twice: identical bytes
        original = page(seed, p.of)  # type: ignore[arg-type]
        return Page(p, original.site, original.title, original.text, original.html, original.body_words)
    source = index if p.kind == "original" else p.of
    wrap = _rng(seed, index, "wrap")
    s = story(seed, source)  # type: ignore[arg-type]
    if p.kind == "original":
        site = SITES[wrap.randrange(len(SITES))]
    else:
        original_site = _rng(seed, p.of, "wrap").randrange(len(SITES))  # type: ignore[arg-type]
        site = SITES[(original_site + 1 + wrap.randrange(len(SITES) - 1)) % len(SITES)]  # another site
        s = _republish(s, wrap, site)
    return _render(p, s, site, wrap)


# --------------------------------------------------------------------------------------
# Corpus folders


def _relative(index: int, suffix: str) -> str:
    return f"{suffix}/{index // PER_FOLDER:02d}/{index:05d}.{suffix}"


def _version() -> str:
    """Cache key of the generator: editing this file invalidates corpora made before."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    return f"{GENERATOR_VERSION}-{digest}"


def generate(out: Path, articles: int, seed: int = 7, html: bool = True, progress: bool = False) -> dict[str, object]:
    """Write a corpus of `articles` documents to `out` (emptied first), one file at a time."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts = {"original": 0, "near": 0, "exact": 0}
    started = time.perf_counter()
    with open(out / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for index in range(articles):
            p = page(seed, index)
            txt = out / _relative(index, "txt")
            if index % PER_FOLDER == 0:
                txt.parent.mkdir(parents=True, exist_ok=True)
                if html:
                    (out / _relative(index, "html")).parent.mkdir(parents=True, exist_ok=True)
            txt.write_text(p.text, encoding="utf-8")
            if html:
                (out / _relative(index, "html")).write_text(p.html, encoding="utf-8")
            counts[p.plan.kind] += 1
            record = {**asdict(p.plan), "site": p.site, "title": p.title, "body_words": p.body_words, "txt": _relative(index, "txt")}
            manifest.write(json.dumps(record) + "\n")
            if progress and (index + 1) % 1000 == 0:
                print(f"  generated {index + 1:,} / {articles:,}", file=sys.stderr)
    info = {"seed": seed, "articles": articles, "html": html, "version": _version(), "counts": counts,
            "seconds": round(time.perf_counter() - started, 2)}  # fmt: skip
    (out / "corpus.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return info


def ensure_corpus(out: Path, articles: int, seed: int = 7, progress: bool = False) -> dict[str, object]:
    """Reuse the corpus in `out` if it was made by this generator with this seed and is big
    enough (any prefix of a corpus is a corpus); otherwise generate it."""
    try:
        info = json.loads((out / "corpus.json").read_text(encoding="utf-8"))
        if info["seed"] == seed and info["version"] == _version() and info["html"] and info["articles"] >= articles:
            info["reused"] = True
            return info
    except (OSError, ValueError, KeyError):
        pass
    info = generate(out, articles, seed, html=True, progress=progress)
    info["reused"] = False
    return info


def read_manifest(out: Path, articles: int | None = None) -> list[dict[str, object]]:
    """The manifest records of the first `articles` documents."""
    records = []
    with open(out / "manifest.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if articles is not None and len(records) >= articles:
                break
            records.append(json.loads(line))
    return records


def files(out: Path, articles: int, kind: str = "txt") -> list[Path]:
    """Paths of the first `articles` documents, in index order (`kind` is "txt" or "html")."""
    return [out / _relative(index, kind) for index in range(articles)]


def iter_pages(seed: int, articles: int) -> Iterator[Page]:
    for index in range(articles):
        yield page(seed, index)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write (emptied first)")
    parser.add_argument("--articles", type=int, default=5000, help="documents to generate (default 5000)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--no-html", action="store_true", help="write only the page dumps")
    args = parser.parse_args(argv)
    info = generate(args.out, args.articles, args.seed, html=not args.no_html, progress=True)
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    sys.exit(main())
