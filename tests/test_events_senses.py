"""Word senses: the same verb is a political event in one sense and none in another.

Sport and election results ("beat"), business and private finance ("invest", "lend", "student
loans", "float the currency"), accidents, disease and disasters ("killing 40 passengers" after a
derailment, "an earthquake struck the city"), figurative objects ("battled a forest fire", "dealt a
blow to the governor", "seized on a remark", "shot a documentary", "captured 40 percent of the vote"),
readiness ("not prepared for counterterrorism operations") and invitations to no political act
("to his daughter's wedding") code nothing; the political sense of each word still codes. The
restrictions are `---` entries and constrained entries in detente/data/events/triggers.yaml
(issue 11). Sentences written for these tests; each pair shares its trigger word.
"""

from __future__ import annotations

import pytest

from tests.test_events_coder import code, stages  # noqa: F401 - the session fixture


def _by_trigger(events, word: str):  # noqa: ANN001, ANN202
    return [e for e in events if e.trigger.text.lower().startswith(word)]


def _summary(events) -> list[tuple[str, str, str | None, str | None]]:  # noqa: ANN001
    return [(e.cameo, e.trigger.text, e.source.country if e.source else None, e.target.country if e.target else None)
            for e in events]


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # sport: a result, not an assault
        ("Australia reached the play-offs but was beaten by Argentina each time.", "beaten"),
        ("Ghana beat Nigeria in Accra on Saturday to win the group.", "beat"),
        ("Brazil beat Argentina on penalties in Buenos Aires.", "beat"),
        # elections: a win over a rival
        ("The Kenyan president cannot beat this woman without rigging the vote.", "beat"),
        ("Kenya's opposition leader beat President Kibaki in the poll, the election commission said.", "beat"),
        # business and private finance
        ("Millions of Americans took out student loans from the US government.", "took out"),
        ("The United States has invested political capital in Pakistan's president.", "invested"),
        ("Russian state media lent legitimacy to the separatists in Ukraine.", "lent"),
        ("There is much American prestige invested in Cuba's fate, a US senator said.", "invested"),
        ("The Asian crisis began when the Thai government was forced to float the baht.", "forced"),
        # accidents: no one killed them
        ("A gas explosion at a Chinese coal mine killed 30 miners on Monday, Xinhua said.", ""),
        ("A train derailed in northern India, killing 40 Indian passengers.", "killing"),
        # figurative objects
        ("Greek firefighters battled a forest fire near Athens on Monday.", "battled"),
        ("The former Israeli prime minister is fighting for his life in a Jerusalem hospital.", "fighting"),
        ("The Peruvian president fought the extradition request from Chile in court.", "fought"),
        ("A US appeals court ruling dealt a blow to the Ohio governor.", "dealt"),
        ("American Democrats seized on Trump's remarks about Russia.", "seized"),
        ("Russian lawmakers fought over the budget in the Duma on Monday.", "fought"),
        ("The Microsoft founder is locked in a legal battle with the European Commission.", "battle"),
        ("An explosion of violence in Kenya killed 300 Kenyans after the election.", "explosion"),
        # disasters strike towns; films are shot; fame, prices and votes are no targets
        ("A powerful earthquake struck the Iranian city of Bam on Friday, killing 30,000 Iranians.", "struck"),
        ("The Iranian director shot a documentary about Afghan refugees in Pakistan.", "shot"),
        ("The Pakistani singer shot to fame after a concert in India.", "shot"),
        ("Chinese stock prices shot up after the Chinese central bank cut interest rates.", "shot"),
        ("The Labour Party captured 40 percent of the vote in the Israeli election.", "captured"),
        ("The Russian government raided the pension fund to pay for the war in Chechnya.", "raided"),
        ("The Chinese ambassador was bombarded with questions by Japanese reporters.", "bombarded"),
        ("British tabloids invaded the privacy of the Spanish royal family.", "invaded"),
        ("The views of France and Germany clashed at the EU summit.", "clashed"),
        # readiness is no intent, and no refusal when negated
        ("UN peacekeepers in Lebanon are not prepared for counterterrorism operations, a Pentagon official said.", "prepared"),
        ("American voters do not judge the Republican candidate ready for the presidency.", "ready"),
        # an invitation to a private or entertainment event; hosting a broadcast
        ("The French president invited the German chancellor to his daughter's wedding.", "invited"),
        ("The Russian broadcaster will host the American election-night coverage.", "host"),
        # deploying courts is no force posture
        ("Mexico could deploy American courts against the US border wall.", "deploy"),
    ],
)
def test_events_other_senses_code_nothing(nlp, stages, text: str, trigger: str) -> None:  # noqa: F811
    events = _by_trigger(code(nlp, stages, text), trigger)
    assert events == [], _summary(events)


@pytest.mark.parametrize(
    ("text", "trigger", "cameo", "source", "target"),
    [
        # assault: a victim, an assailant or a weapon named
        ("Riot police beat demonstrators with batons outside the parliament in Dhaka on Sunday.", "beat", "182", "BGD", "BGD"),
        ("Two Palestinian prisoners were beaten by Israeli guards, the Palestinian Authority said.", "beaten", "182", "ISR", "PSE"),
        ("Nigerian soldiers beat a journalist in Lagos.", "beat", "182", "NGA", "NGA"),
        # a state's money to another state
        ("Japan lent Indonesia 2 billion dollars to shore up its currency.", "lent", "071", "JPN", "IDN"),
        ("The World Bank will lend Kenya 300 million dollars for roads.", "lend", "0331", "WORLD_BANK", "KEN"),
        ("The United States lent its support to Georgia's bid to join NATO.", "lent", "051", "USA", "GEO"),
        # violence, even when a vehicle or an explosion is named
        ("A mine explosion killed two Israeli soldiers near the Lebanese border.", "killed", "190", "LBN", "ISR"),
        ("An Afghan suicide bomber killed 10 Canadian soldiers in Kandahar.", "killed", "1831", "AFG", "CAN"),
        ("Israeli aircraft struck a car in Gaza, killing three Hamas militants.", "killing", "1823", "ISR", "PSE"),
        # force against people, a real blow, a real seizure, a real execution
        ("British troops fought Taliban insurgents in Helmand on Monday.", "fought", "190", "GBR", "AFG"),
        ("Indian and Pakistani troops fought over the Siachen glacier in Kashmir.", "fought", "190", "IND", "PAK"),
        ("A bomb explosion in a Baghdad market killed 12 Iraqi civilians.", "killed", "183", "IRQ", "IRQ"),
        ("Israeli troops dealt a heavy blow to Hamas fighters in Gaza.", "dealt", "190", "ISR", "PSE"),
        ("Russia seized Crimea from Ukraine.", "seized", "171", "RUS", "UKR"),
        ("Israeli warplanes struck Hamas positions in Gaza on Monday.", "struck", "190", "ISR", "PSE"),
        ("Syrian artillery hit the Lebanese town of Tripoli.", "hit", "190", "SYR", "LBN"),
        ("Iraqi police shot two Iranian pilgrims in Karbala.", "shot", "193", "IRQ", "IRN"),
        ("The Turkish army captured 20 Kurdish rebels near the Iraqi border.", "captured", "173", "TUR", "IRQ"),
        ("Russian police raided the offices of a Chechen newspaper in Moscow.", "raided", "190", "RUS", "RUS"),
        ("Israeli tanks bombarded the Palestinian town of Jenin.", "bombarded", "190", "ISR", "PSE"),
        ("Iraqi troops invaded Kuwait in August.", "invaded", "190", "IRQ", "KWT"),
        ("Israeli troops clashed with Palestinian gunmen in Nablus.", "clashed", "190", "ISR", "PSE"),
        ("Saudi Arabia executed two Pakistani drug smugglers on Friday.", "executed", "1823", "SAU", "PAK"),
        # military attacks stay force; readiness for an attack stays a posture; "prepared to" stays intent
        ("Russian jets attacked Georgian positions near Gori.", "attacked", "190", "RUS", "GEO"),
        ("Indian troops are prepared for any attack by Pakistan.", "prepared", "150", "IND", "PAK"),
        ("Pakistan is prepared to hold talks with India.", "prepared", "036", "PAK", "IND"),
        ("Hamas is ready for a ceasefire with Israel, Haniyeh said.", "ready", "0356", "PSE", "ISR"),
        ("Mexico deployed troops to its border with Guatemala.", "deployed", "154", "MEX", None),
        ("Egypt hosted the Israeli prime minister in Sharm el-Sheikh on Monday.", "hosted", "043", "EGY", "ISR"),
        ("Japan made a donation of 10 million dollars to Indonesia's tsunami victims.", "made", "070", "JPN", "IDN"),
        # invitations to talks, summits and visits
        ("The French president invited the German chancellor to a summit in Paris.", "invited", "026", "FRA", "DEU"),
        ("China invited the Japanese foreign minister to talks in Beijing.", "invited", "026", "CHN", "JPN"),
        ("Iran invited the UN nuclear inspectors to visit the Natanz site.", "invited", "026", "IRN", "UN"),
    ],
)
def test_events_political_senses_still_code(nlp, stages, text: str, trigger: str, cameo: str,  # noqa: F811
                                            source: str, target: str | None) -> None:
    events = _by_trigger(code(nlp, stages, text), trigger)
    assert (cameo, source, target) in {(e.cameo, s, t) for e, s, t in
                                       ((e, e.source.country if e.source else None, e.target.country if e.target else None)
                                        for e in events)}, _summary(events)


@pytest.mark.parametrize(
    "text",
    [
        "Trump attacked Clinton for her support of the Iraq war.",
        "The Kenyan opposition leader attacked President Kibaki during a televised debate.",
        "The Kenyan opposition leader attacked his rival President Kibaki.",
    ],
)
def test_events_a_political_attack_is_criticism_not_force(nlp, stages, text: str) -> None:  # noqa: F811
    events = _by_trigger(code(nlp, stages, text), "attacked")
    assert events, "the attack is still an event"
    assert {e.cameo_root for e in events} == {"11"}, _summary(events)
