"""A person's code comes from who they are, not from the countries named around them.

Short articles written for these tests put well-known people in foreign contexts (a US president
in Jerusalem, an Israeli minister meeting Palestinians, a US envoy in Pyongyang, the King of Jordan
among Palestinian leaders). Every mention of each person must carry that person's own country,
whatever the country named nearest; a person nobody places keeps no code. Also: places and
demonyms are actors only in the constructions that make them one.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import ActorKnowledge, find_mentions, load_actor_knowledge
from detente.records import Article, Mention

# (publication date, text, [(mention text, expected code prefix or None)]) in text order.
ARTICLES: list[tuple[str, str, list[tuple[str, str | None]]]] = [
    ("2007-11-27",
     "President George W. Bush met Israeli Prime Minister Ehud Olmert and Palestinian President Mahmoud Abbas "
     "in Annapolis on Tuesday. Bush said the two leaders had agreed to launch talks. Olmert told reporters in "
     "Jerusalem that Israel was ready. Abbas said the Palestinians wanted a state. Bush later flew back to "
     "Washington.",
     [("President George W. Bush", "USA"), ("Israeli Prime Minister Ehud Olmert", "ISR"),
      ("Palestinian President Mahmoud Abbas", "PSE"), ("Bush", "USA"), ("Olmert", "ISR"), ("Abbas", "PSE"),
      ("Bush", "USA")]),
    ("2008-01-10",
     "Bush arrived in Jerusalem on Wednesday on his first visit to Israel as president. Israeli Foreign "
     "Minister Tzipi Livni greeted the US leader at the airport. Livni said Israel hoped the visit would help "
     "the talks with the Palestinians. Bush travelled to Ramallah on Thursday, where he met Abbas.",
     [("Bush", "USA"), ("Israeli Foreign Minister Tzipi Livni", "ISR"), ("Livni", "ISR"), ("Bush", "USA"),
      ("he", "USA"), ("Abbas", "PSE")]),
    ("2007-12-05",
     "US envoy Christopher Hill arrived in Pyongyang on Monday with a letter from Bush. Hill met North "
     "Korean officials for two days. Hill told reporters in Beijing on Wednesday that the talks had been "
     "useful and that North Korea had to declare its nuclear programmes.",
     [("US envoy Christopher Hill", "USA"), ("Bush", "USA"), ("Hill", "USA"), ("Hill", "USA")]),
    ("2007-06-20",
     "Cypriot President Tassos Papadopoulos met US Secretary of State Condoleezza Rice in Washington on "
     "Tuesday. Papadopoulos said Cyprus wanted the island reunited. Rice said the United States supported "
     "the talks.",
     [("Cypriot President Tassos Papadopoulos", "CYP"), ("US Secretary of State Condoleezza Rice", "USA"),
      ("Papadopoulos", "CYP"), ("Rice", "USA")]),
    ("2007-03-01",
     "King Abdullah of Jordan urged Palestinian leaders to form a unity government. Abdullah met Hamas "
     "leader Khaled Meshaal and Palestinian President Mahmoud Abbas in Amman on Wednesday. The Palestinian "
     "factions must end their feud, Abdullah said.",
     [("King Abdullah", "JOR"), ("Abdullah", "JOR"), ("Hamas leader Khaled Meshaal", "PSE"),
      ("Palestinian President Mahmoud Abbas", "PSE"), ("Abdullah", "JOR")]),
    ("2006-05-06",
     "Japanese Foreign Minister Taro Aso met South Korean officials in Seoul on Friday. Aso, Japan's "
     "foreign minister since October, said relations with Korea had improved. The minister flew on to "
     "Beijing.",
     [("Japanese Foreign Minister Taro Aso", "JPN"), ("Aso", "JPN"), ("Japan's foreign minister", "JPN"),
      ("The minister", "JPN")]),
    ("2005-11-18",
     "Chinese President Hu Jintao arrived in Seoul on Wednesday for the Asia-Pacific summit. Hu met South "
     "Korean President Roh Moo-hyun on Thursday. Roh said the two leaders discussed North Korea, and Hu "
     "praised the talks.",
     [("Chinese President Hu Jintao", "CHN"), ("Hu", "CHN"), ("South Korean President Roh Moo-hyun", "KOR"),
      ("Roh", "KOR"), ("Hu", "CHN")]),
    ("2003-03-15",
     "British Prime Minister Tony Blair spoke with French President Jacques Chirac by telephone on "
     "Friday. Blair told Chirac that Britain stood by the United States. Chirac said France still opposed "
     "a war. Iraqi President Saddam Hussein appeared on Iraqi television the same evening.",
     [("British Prime Minister Tony Blair", "GBR"), ("French President Jacques Chirac", "FRA"),
      ("Blair", "GBR"), ("Chirac", "FRA"), ("Chirac", "FRA"), ("Iraqi President Saddam Hussein", "IRQ")]),
    ("2009-07-07",
     "Russian President Dmitry Medvedev received Barack Obama in the Kremlin on Monday. Obama said "
     "Washington wanted to reset relations with Moscow. Medvedev called the talks frank. Prime Minister "
     "Vladimir Putin hosted Obama for breakfast on Tuesday.",
     [("Russian President Dmitry Medvedev", "RUS"), ("Barack Obama", "USA"), ("Obama", "USA"),
      ("Medvedev", "RUS"), ("Prime Minister Vladimir Putin", "RUS"), ("Obama", "USA")]),
    ("2007-05-20",
     "Abbas met Olmert in Jericho on Sunday, Palestinian officials said. Olmert promised to ease "
     "roadblocks in the West Bank.",
     [("Abbas", "PSE"), ("Olmert", "ISR"), ("Olmert", "ISR")]),
    ("2008-03-03",
     "Iranian President Mahmoud Ahmadinejad arrived in Baghdad on Sunday, the first visit by an Iranian "
     "leader since the war. Ahmadinejad met Iraqi Prime Minister Nuri al-Maliki. Maliki said Iraq wanted "
     "good relations with Tehran.",
     [("Iranian President Mahmoud Ahmadinejad", "IRN"), ("Ahmadinejad", "IRN"),
      ("Iraqi Prime Minister Nuri al-Maliki", "IRQ"), ("Maliki", "IRQ")]),
    ("2011-05-04",
     "Pakistani President Asif Ali Zardari said Pakistan had not known where bin Laden was hiding. US "
     "Secretary of State Hillary Clinton praised the cooperation of Islamabad. Clinton said the United States "
     "would keep working with Pakistan.",
     [("Pakistani President Asif Ali Zardari", "PAK"), ("US Secretary of State Hillary Clinton", "USA"),
      ("Clinton", "USA")]),
    ("2004-09-08",
     "German Chancellor Gerhard Schroeder met President Vladimir Putin in Moscow. Schroeder said Germany "
     "valued its partnership with Russia. Putin thanked the chancellor.",
     [("German Chancellor Gerhard Schroeder", "DEU"), ("President Vladimir Putin", "RUS"), ("Schroeder", "DEU"),
      ("Putin", "RUS"), ("the chancellor", "DEU")]),
    ("2006-11-25",
     "Arab League chief Amr Moussa met Syrian officials in Damascus on Saturday. Moussa said Arab states "
     "would pay the Palestinian Authority.",
     [("Arab League chief Amr Moussa", "IGO"), ("Moussa", "IGO")]),
    ("2005-12-10",
     "Mohamed ElBaradei received the Nobel Peace Prize in Oslo on Saturday. ElBaradei called for a world "
     "free of atomic weapons, Norwegian officials said.",
     [("Mohamed ElBaradei", "IGO"), ("ElBaradei", "IGO")]),
    ("2005-12-10",
     "Sheikh Ahmad Fahd al-Sabah, Kuwait's energy minister, said the cartel would keep its ceiling. Other "
     "ministers, including Ali al-Nuaimi, oil minister for Saudi Arabia, arrive on Sunday in Kuwait.",
     [("Ahmad Fahd al-Sabah", "KWT"), ("Kuwait's energy minister", "KWT"), ("Ali al-Nuaimi", "SAU"),
      ("minister for Saudi Arabia", "SAU")]),
    ("2006-12-01",
     "Ian Martin, the UN chief's personal representative in Nepal, said monitors would arrive within weeks. "
     "Martin met Nepalese officials in Kathmandu.",
     [("Ian Martin", "IGOUNO"), ("the UN chief's personal representative", "IGOUNO"), ("Martin", "IGOUNO")]),
    # Nobody places these people: no code, whatever country is named around them.
    ("2007-05-05",
     "John Smithers, a farmer near Gaza, said Israeli soldiers had destroyed his crops. Smithers said "
     "he would go to court in Israel.",
     [("John Smithers", None), ("Smithers", None), ("he", None)]),
    ("2008-02-02",
     "Turkish troops shelled villages in northern Iraq, Iraqi officials said. Local shepherd Aram Qadiri "
     "said three houses were hit.",
     [("Aram Qadiri", None)]),
]


def _article(text: str, published: str | None) -> Article:
    return Article(id="identity", source="<test>", url=None, format="text", title=None, outlet=None, credited=[],
                   author=None, dateline=None, language="en", published=published, published_precision="day" if published else None,
                   published_interval=None, text=text, word_count=len(text.split()), removed=[])


@pytest.fixture(scope="module")
def knowledge() -> ActorKnowledge:
    return load_actor_knowledge()


def _people(nlp: Language, knowledge: ActorKnowledge, text: str, published: str) -> list[Mention]:
    return [m for m in find_mentions(nlp(text), _article(text, published), knowledge) if m.kind == "person"]


def _match(found: list[Mention], expected: list[tuple[str, str | None]]) -> list[tuple[str, str | None, str | None]]:
    """(text, expected, found code) per expected mention, taking mentions in text order."""
    rows, at = [], 0
    for text, prefix in expected:
        while at < len(found) and found[at].text != text:
            at += 1
        rows.append((text, prefix, found[at].code if at < len(found) else "<missing>"))
        at += 1
    return rows


def _right(prefix: str | None, code: str | None) -> bool:
    return code is None if prefix is None else code is not None and code.startswith(prefix)


@pytest.mark.parametrize(("published", "text", "expected"), ARTICLES, ids=[a[1][:40] for a in ARTICLES])
def test_actors_identity_every_mention_has_the_persons_own_country(
        nlp: Language, knowledge: ActorKnowledge, published: str, text: str,
        expected: list[tuple[str, str | None]]) -> None:
    rows = _match(_people(nlp, knowledge, text, published), expected)
    wrong = [row for row in rows if not _right(row[1], row[2])]
    assert not wrong, f"(mention, expected, found): {wrong}"


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("BAGHDAD, Jan 5 (AFP) - A car bomb killed twelve people, Iraqi police said.", ["BAGHDAD"], ["Iraqi police"]),
    ("MOSCOW (Reuters) - Russia expelled two diplomats on Monday.", ["MOSCOW"], ["Russia"]),
    ("A suicide bombing in Algiers killed 30 people on Tuesday.", ["Algiers"], []),
    ("The Baghdad car bombing was condemned by Jordan.", ["Baghdad"], ["Jordan"]),
    ("Palestinians were treated at the Turkish Friendship Hospital in Gaza.", ["Turkish"], []),
    ("Students of Moscow State University protested, and the Turkish government denied it.",
     ["Moscow"], ["the Turkish government"]),
    ("Moscow said it condemned the attack, and Turkish troops crossed the border.", [],
     ["Moscow", "Turkish troops"]),
    ("Algerian Energy Minister Chakib Khelil arrived first.", [], ["Algerian Energy Minister Chakib Khelil"]),
    ("The Nigerian Union of Teachers called a strike.", [], ["Nigerian"]),  # an organisation's name
    ("Thousands of Iraqi Kurds marched on Sunday.", [], ["Iraqi"]),
    ("He watched the Italian Cup final at Dhaka Central Jail.", ["Italian", "Dhaka"], []),
])
def test_actors_places_are_actors_only_where_the_construction_makes_them_one(
        nlp: Language, knowledge: ActorKnowledge, text: str, absent: list[str], present: list[str]) -> None:
    found = [m.text for m in find_mentions(nlp(text), _article(text, "2007-01-05"), knowledge)]
    for name in absent:
        assert name not in found, found
    for name in present:
        assert name in found, found


def test_actors_identity_namesakes_sharing_a_country_keep_it(nlp: Language, knowledge: ActorKnowledge) -> None:
    """Undated, "Bush" is one of two US presidents: the country they share, not the one named nearest."""
    text = "Bush met Olmert in Jerusalem. Bush said the talks were useful."
    found = find_mentions(nlp(text), _article(text, None), knowledge)
    assert [(m.text, m.country) for m in found if m.text == "Bush"] == [("Bush", "USA"), ("Bush", "USA")]
