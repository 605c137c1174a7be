"""Trigger senses (issue 11 item 1, session 6): a coded trigger must be a political act in its
political sense. Desire over a perception ("wants to see X withdraw"), a necessity with no one asked
("needs to", "is required to"), a task given ("charged with supervising"), legal defence, a sports
meeting, posing a threat and fostering a thing ("encouraged investment") code nothing, and neither
does what such a frame word governs; nor do a fee charged, money withdrawn, a website visited, a post
occupied, a school year suspended, reporters met, or a price or a ruling forcing someone; the political sense of each word still codes. The senses are
`---` entries in detente/data/events/triggers.yaml; the coder takes a blocked frame's complement with
it. Sentences written for these tests.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _summary(events) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(event.cameo, event.trigger.text) for event in events]


@pytest.mark.parametrize(
    "text",
    [
        # desire over a perception: what others would do, no act of the one who wishes
        "Russia said it wants to see the US withdraw its missiles from Europe.",
        "Iran said it wished to see an end to the occupation of Iraq.",
        "The Syrian president hopes to see Israel withdraw from the Golan Heights.",
        # a necessity with no one asked
        "Clinton needs to make additional appeals to Hispanic voters.",
        "Iraq is required to disarm under the UN resolution.",
        "Under the deal Iran is required to allow inspectors into its sites.",
        "Iraq is obliged to destroy its chemical weapons under the resolution.",
        # a task given is no criminal charge
        "The minister was charged with overseeing the reconstruction of Iraq.",
        "A Pakistani general has been charged with supervising the elections.",
        # legal defence is no political support
        "The lawyer defended Saddam Hussein before the Iraqi tribunal.",
        "He will defend the former Iraqi president at his trial.",
        # a sports meeting is no consultation
        "The Chinese team will meet Japan in the Asian Cup semi-final.",
        "Iran will meet the United States in a World Cup qualifier in Tehran.",
        "Spain will meet Germany in the opening match of the tournament.",
        # posing a threat is being dangerous, no threat made
        "The rigs posed no undue safety threat to the United States.",
        "Iran poses a threat to Israel, the Israeli prime minister said.",
        # fostering a thing is no appeal to anyone
        "The Indian government encouraged Indian investment in Nepal's hydropower sector.",
        # money, websites and posts: no charge, withdrawal, visit or occupation
        "The British bank charged its Iranian customers a fee of 5 percent.",
        "The Indian government withdrew 1 billion dollars from the central bank.",
        "The Iranian president visited the website of the BBC.",
        "The Indian minister occupies the post of foreign minister in Delhi.",
        # a domestic routine suspended is no reduced relation
        "The Kenyan government suspended the school year after the floods.",
        "The Chinese government suspended a proposed cull of wild boar in Heilongjiang.",
        # speaking to the press is no consultation
        "Bush met reporters at the White House after his talks with Putin.",
        # a thing forcing someone is a cause, no order
        "High oil prices forced the Indian government to raise fuel prices.",
        "The court's decision will force Ohio to put voters back on the rolls.",
        # discipline at work, words offered up, a household's loan
        "Another US diplomat was suspended from work over a case of suspected visa fraud.",
        "The show offered Trump a platform to offer up whatever he wanted.",
        "The federal government offers loans to parents, too.",
    ],
)
def test_events_other_senses_of_frame_words_code_nothing(nlp, stages, text: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert events == [], _summary(events)


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Iran wants to hold talks with the United States.", "03"),
        ("The United States urged Iran to stop enrichment.", "02"),
        ("Rice said Iran needs to stop enrichment.", "10"),
        ("Prosecutors charged the Iraqi official with spying for Iran.", "17"),
        ("Russia defended Serbia at the UN Security Council.", "05"),
        ("Iran and the European Union will meet for a final round of talks in Geneva.", "03"),
        ("The United States encouraged Pakistan to hold talks with India.", "02"),
        ("Iran threatened Israel with a missile strike.", "13"),
        ("Israel is determined to strike Hamas in Gaza.", "03"),
        ("The Chinese army forced villagers to leave their homes in Tibet.", "10"),
        ("The Iranian president visited Moscow on Monday.", "04"),
        ("Iraqi troops occupied the Kuwaiti border town of Khafji.", "19"),
        ("The European Union suspended aid to the Palestinians.", "16"),
        ("Iraq withdrew its troops from Kuwait.", "08"),
        ("Bush met Putin at the White House.", "04"),
        ("Japan offered loans to Indonesia after the tsunami.", "03"),
        ("The EU suspended Belarus from its trade programme.", "16"),
        ("Trump has never been charged with any wrongdoing, but there is a gap between illegal behavior and what most "
         "people would consider appropriate conduct by a candidate.", "17"),
        ("China plans to encourage foreign companies and businesses to go west, a Chinese official said.", "02"),
    ],
)
def test_events_the_political_sense_still_codes(nlp, stages, text: str, root: str) -> None:  # noqa: F811
    events = code(nlp, stages, text)
    assert root in [event.cameo_root for event in events], _summary(events)


def test_events_a_frame_complement_skips_a_concession_phrase(nlp, stages) -> None:  # noqa: F811
    """"despite UN sanctions" is the setting of the act, not the act the determination is about."""
    events = code(nlp, stages, "Iran is determined to pursue its nuclear programme despite UN sanctions.")
    assert not [event for event in events if event.cameo_root == "13"], _summary(events)


def test_events_a_restriction_forcing_someone_is_no_second_order(nlp, stages) -> None:  # noqa: F811
    """The restrictions are Russia's act; that they forced CNN off the air is their effect, no order."""
    events = code(nlp, stages, "Russia's restrictions forced CNN to cease transmitting in the country.")
    assert not [event for event in events if event.cameo_root == "10"], _summary(events)


def test_events_an_obligation_over_a_no_event_sense_is_no_intent(nlp, stages) -> None:  # noqa: F811
    """"we must fight corruption": the verb's sense is no act ("---"), so neither is the speaker's duty."""
    events = code(nlp, stages, '"We must fight corruption in Nigeria," Obasanjo said.')
    assert events == [], _summary(events)


def test_events_a_heart_attack_is_no_attack(nlp, stages) -> None:  # noqa: F811
    """A death "following a heart attack" (a setting phrase the frame's complement skips) is illness, no assault."""
    text = ('"We are hoping for a calm transition" of power in Tbilisi following the death on Monday from a heart '
            "attack of Eduard Shevardnadze, Georgia's president.")
    events = code(nlp, stages, text)
    assert not [event for event in events if event.cameo_root in {"13", "18", "19"}], _summary(events)


def test_events_a_condition_of_a_necessity_is_no_event(nlp, stages) -> None:  # noqa: F811
    """"needs to stay out ... unless it wants to release its investigations": the condition of a frame word in
    a sense that is no act is no event either (no hypothetical 09); the speaker's demand stays."""
    text = "Trump said the FBI needs to stay out of the election process unless it wants to release all its investigations."
    events = code(nlp, stages, text)
    assert [event.cameo_root for event in events] == ["10"], _summary(events)


@pytest.mark.parametrize(
    ("text", "cameo"),
    [
        # a sports word anywhere under "meet" is no sports meeting: only its object or its "in" phrase
        ("Abbas met Arab League chief Amr Moussa in Cairo on Monday.", "040"),
        ("The Iranian foreign minister met his Syrian counterpart in a friendly atmosphere in Damascus.", "040"),
        ("Putin met Erdogan over a cup of tea in Sochi.", "040"),
        ("Chinese President Hu Jintao met Obama at the stadium in Beijing.", "040"),
        ("The Egyptian president met Abbas on the sidelines of the African Cup summit.", "040"),
        # crimes are planned, led, organised and prepared: only supervision is a task given
        ("The Pakistani man was charged with planning the attacks on the Indian parliament.", "173"),
        ("Three Iraqi officers were charged with leading a rebellion against the government.", "173"),
        ("The Kenyan opposition leader was charged with organizing violent protests against the government.", "173"),
        ("The Russian journalist was charged with preparing a terrorist act in Moscow.", "173"),
        ("Israel charged Hamas with planning the attack on the Israeli embassy.", "173"),
        # a Senate hearing is no court
        ("Rice defended Israel's actions at a Senate hearing on Tuesday.", "052"),
        # a seat of government and a hilltop are places taken, no posts
        ("Protesters occupied the seat of government in Bangkok.", "192"),
        ("Israeli troops occupied the top of the hill near the Syrian border.", "192"),
        # funds and billions withdrawn from an agency or a country are aid cut
        ("The United States withdrew funds from the UN agency for Palestinian refugees.", "087"),
        ("The United States will withdraw billions in military aid from Pakistan.", "0356"),
    ],
)
def test_events_a_political_act_near_a_word_of_another_sense_still_codes(nlp, stages, text: str, cameo: str) -> None:  # noqa: F811
    """Review of session 6: these were coded at 1f2249c and lost to `---` senses whose lists were broad
    (a word anywhere under the verb, or a money or place word that also names aid or a place)."""
    events = code(nlp, stages, text)
    assert cameo in [event.cameo for event in events], _summary(events)
