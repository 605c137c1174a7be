"""Quote constructions of issue 11 item 5, each a sentence of our own -> what must (not) be found.

What was said includes the reporter's sentence up to a closing attribution; a verb of judging
reports its whole complement; appeals, threats and refusals are no quotes; "X was quoted as
saying" is X speaking; "what they describe as ..." names no words of theirs.
"""

from __future__ import annotations

import pytest

from detente.evaluation.quotes import make_article
from detente.quotes import QuoteLexicon, find_quotes, load_quote_lexicon
from detente.records import Quote

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="session")
def lexicon() -> QuoteLexicon:
    return load_quote_lexicon()


def quotes_of(nlp, lexicon: QuoteLexicon, text: str) -> list[Quote]:  # noqa: ANN001
    return find_quotes(nlp(text), make_article("test", text), [], lexicon)


FOUND = [
    # the attribution closes the sentence: all the reporter's words before it were said
    ("The mayor had promised new buses for the suburbs, but the council cut the transport budget, an aide added.",
     "an aide", "The mayor had promised new buses for the suburbs, but the council cut the transport budget"),
    # a verb of judging or finding reports its whole complement, later prepositions and joined gerunds included
    ("The audit revealed a wide gap in the way the two agencies count their staff.",
     "The audit", "a wide gap in the way the two agencies count their staff"),
    ("The senator has mentioned raising the minimum wage and forcing banks to lend more to farmers.",
     "The senator", "raising the minimum wage and forcing banks to lend more to farmers"),
    # an appeal with words in marks is a quote
    ("The minister urged citizens to stay “calm and vigilant” during the storm.",
     "The minister", "citizens to stay “calm and vigilant” during the storm"),
    # a name the parser joined to the speech verb continues the reported list
    ("Lind added she had met Jan Berg, head of the regional council, and Deputy Mayor Ola Sand in the morning.",
     "Lind", "she had met Jan Berg, head of the regional council, and Deputy Mayor Ola Sand in the morning"),
    # whoever issues a statement or a video speaks through it
    ("The ministry issued a statement saying the border would reopen next week.",
     "The ministry", "the border would reopen next week"),
    ('The rebels released a video saying "we will fight on until the end".', "The rebels", "we will fight on until the end"),
    # the reporter's words before a colon are not part of the quote its cue, after it, reports
    ("Senator Jane Roe scolded him: “The scientists are almost united against you on these products,” she said.",
     "she", "The scientists are almost united against you on these products"),
    # a verb of judging with a reason or a characterisation says something about its object
    ("The senator attacked the governor for his support of the new pipeline.", "The senator", "the governor for his support of the new pipeline"),
    ("The minister praised the agreement as a first step toward peace.", "The minister", "the agreement as a first step toward peace"),
    # citing and defending say something
    ("The candidate cited rising prices in the capital and the north.", "The candidate", "rising prices in the capital and the north"),
    # an aside that opens the sentence is not part of what was said
    ("Yet, as Mr. Bown observed, in the early days of a new administration the tariffs would hurt farmers most.",
     "Mr. Bown", "in the early days of a new administration the tariffs would hurt farmers most"),
    # a condition that opens the reported clause, and a verb of judging inside it, are said too
    ("He said that if people are offended by the rules, they should change the laws rather than criticize him.",
     "He", "if people are offended by the rules, they should change the laws rather than criticize him"),
    # a bracket opened in the content closes in it; no dangling "and" at the end
    ("It said the increase came from aircraft and parts, valued at 330 million dollars (232 million US dollars).",
     "It", "the increase came from aircraft and parts, valued at 330 million dollars (232 million US dollars)"),
    ("Emails reviewed by the paper suggest that the host places ratings above science, and that is something most doctors would dispute.",
     "Emails", "the host places ratings above science"),
    # a time is no part of the speaker's words
    ("A group of doctors in 2015 sent a letter to the dean, calling for his dismissal.", "A group of doctors", "for his dismissal"),
    # a speech verb that is not negated, with a negation inside what was said
    ("The general said the troops would not stay in the region after March.",
     "The general", "the troops would not stay in the region after March"),
    # a judgement ends where the words say when or where it was made
    ("The governor sharply attacked her rival as a liar during the televised debate on Tuesday.",
     "The governor", "her rival as a liar"),
    # an organisation speaks through "which"
    ("The trade ministry, which confirmed that exports fell by a tenth, will publish the figures in May.",
     "The trade ministry", "exports fell by a tenth"),
    # "after saying X", "for saying X": the subject of the main verb said X, even a passive one
    ("After saying her left knee was so stiff she could barely walk, she was rushed to the clinic for tests.",
     "she", "her left knee was so stiff she could barely walk"),
    # an attribution closing the sentence that the parser hung on the noun before it
    ("Secrecy is not new when it comes to the senator's health, the Republican campaign charged on Monday.",
     "the Republican campaign", "Secrecy is not new when it comes to the senator's health"),
    # a concessive clause after the reported words is the reporter's comment
    ("He claimed that paying no income taxes was smart, although he again refused to pledge to release his tax returns.",
     "He", "paying no income taxes was smart"),
    # "that A, so B" with B parsed as the sentence's root: B goes on with what was said
    ("The council then pointed out that one fire may have more than one victim, so thousands of fire victims does not "
     "necessarily translate into thousands of fires.", "The council",
     "one fire may have more than one victim, so thousands of fire victims does not necessarily translate into thousands of fires"),
    # someone else's report in a clause of its own ends what a verb of claiming says, and is a quote itself
    ("Rebel groups claimed to have captured a border post from army units Saturday as the embattled prime minister "
     "warned that foreign fighters had joined the ranks of the rebels.", "Rebel groups",
     "to have captured a border post from army units Saturday"),
    ("Rebel groups claimed to have captured a border post from army units Saturday as the embattled prime minister "
     "warned that foreign fighters had joined the ranks of the rebels.", "the embattled prime minister",
     "foreign fighters had joined the ranks of the rebels"),
    # a participle on a noun of the reported words is said too
    ("The United States does not want to see any other outside actors, including Iran, interfering in the legitimate "
     "decision-making of the Lebanese political system, Casey added.", "Casey",
     "The United States does not want to see any other outside actors, including Iran, interfering in the legitimate "
     "decision-making of the Lebanese political system"),
    # "urged that ..." reports its clause
    ("The committee urged that the vote be delayed until the spring session.", "The committee", "the vote be delayed until the spring session"),
]


@pytest.mark.parametrize(("text", "speaker", "content"), FOUND, ids=[case[1] + ": " + case[2][:30] for case in FOUND])
def test_quote_construction_gives_speaker_and_content(nlp, lexicon: QuoteLexicon, text: str, speaker: str, content: str) -> None:  # noqa: ANN001
    found = {(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes_of(nlp, lexicon, text)}
    assert (speaker, content) in found


NOT_QUOTES = [
    # appeals and threats to someone are events (the events stage codes them), not quotes
    ("The health minister called on citizens to limit water use during the drought.", "citizens to limit"),
    ("The envoy appealed to donor countries to back the new government in the capital.", "to donor countries"),
    ("The mining company could threaten to close its plants in the region next year.", "to close its plants"),
    # a refused or negated speech act says nothing
    ("He would not say whether the troops would stay in the region after March.", "whether the troops"),
    ("The ministry declined to say how many soldiers had been wounded in the attack.", "how many soldiers"),
    ("The spokesman refused to confirm that the talks had been postponed until June.", "the talks had been"),
    # proving is no report: a rule that people must prove something quotes nobody
    ("The new rule mandates that inactive voters prove that they still live in the district.", "they still live"),
    # an expletive "it" after a verb of finding: nothing is reported
    ("The candidates will find it difficult to repeat their attacks on the moderators.", "difficult to repeat"),
    ("Senator Jane Roe scolded him: “The scientists are almost united against you on these products,” she said.", "Roe scolded"),
    # with a bare object, judging is an act (the events stage codes it)
    ("The minister welcomed the decision of the regional court.", "the decision of"),
    ("The government condemned the attack on the embassy in the capital.", "the attack on"),
    # a request stays a request whatever follows it
    ("The governor called on residents to leave for the shelters in the hills.", "residents to leave"),
    # "everything X says" names what X says; the rest of the sentence is the reporter's
    ("Everything the minister says is a lie unless proven otherwise.", "is a lie"),
    ("The mayor demands openness from others, yet refuses to release his records or explain how the deal was made.", "how the deal"),
    # claiming responsibility is an act
    ("The group has claimed responsibility for many deadly attacks in the country.", "responsibility for"),
    # a free relative names the thing, not words of theirs
    ("Both countries have long opposed what they describe as overly harsh measures against the island.", "as overly harsh"),
    # urging someone to do something is an appeal, an event
    ("Farm groups, including the national growers' league, have urged Congress to keep the subsidy program intact.", "Congress to keep"),
    # a demand is an event
    ("On November 27, the Swiss government demanded explanations from Washington about overflights of its territory.",
     "explanations from"),
    # figures, polls and tallies are no speakers: a statistic is not words anybody said
    ("According to government data, unemployment rose to seven percent in the north.", "unemployment rose"),
    ("According to official figures, the ruling party had a twelve-point lead in the capital.", "twelve-point lead"),
    ("Two soldiers were killed in the south on Monday, army headquarters said, bringing the toll to 40 according to a Reuters tally.",
     "bringing the toll"),
    # a thing that "confirmed" something says nothing
    ("My aunt died ten years ago of lung cancer, which confirmed what I always suspected.", "what I always"),
    # "referring to X" is the reporter's gloss on a quote
    ('"We are grateful to our allies," said Karimi referring to the coalition of which he is a leader.', "to the coalition"),
    # a clause of the cue before it with an object after the cue is the reporter's setting
    ("But when the council cut funding for the bus line two years later, the town said enough.", "when the council"),
    # showing signs of something is behaviour, not words
    ("Her support among young voters still lags and her rival's supporters continue to show signs of greater enthusiasm.",
     "signs of greater"),
    # a conditional stance is the writer's supposition
    ("Facing the prospect of a Lopez presidency, many Canadians would hope their southern neighbor were farther away.",
     "their southern neighbor"),
    # a subheading in capitals is the writer's, and lends no speaker to the quote under it
    ("EVEN HIS BOSS THINKS HE IS FULL OF HOT AIR\n“When you sell a miracle to people who trust you, I don’t understand why you "
     "go there.”\nThe network declined to comment.", "FULL OF HOT AIR"),
    # narration between two attributions is nobody's words
    ('"Are you coming?" she said, but Tom was drifting off again, and as the host went on about "how the game is fixed," '
     "Anna said yes, yes, over and over again.", "Tom was drifting"),
]


@pytest.mark.parametrize(("text", "words"), NOT_QUOTES, ids=[case[1] for case in NOT_QUOTES])
def test_quote_construction_is_no_quote(nlp, lexicon: QuoteLexicon, text: str, words: str) -> None:  # noqa: ANN001
    contents = [quote.content for quote in quotes_of(nlp, lexicon, text)]
    assert not any(words in content for content in contents), contents


def test_verb_right_after_a_noun_takes_that_noun_as_speaker(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The parser joins "concluded" to "agreed" ("after a probe ... concluded that" read as a
    second verb of the assembly): the noun right before the verb is who concluded."""
    text = ("The assembly on Wednesday agreed to open an inquiry into the prisons after a probe by the regional rights "
            "council concluded that early evidence suggested the agency had detained people illegally.")
    speakers = {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.speaker and quote.cue == "concluded"}
    assert speakers and not any("assembly" in speaker for speaker in speakers), speakers


QUOTED_AS_SAYING = [
    ('"We are ready to race on a fast course," Kimani was quoted by the newspaper Daily Nation as saying.', "Kimani"),
    ("Kimani was quoted as saying that the course was fast and the weather would be kind.", "Kimani"),
]


@pytest.mark.parametrize(("text", "speaker"), QUOTED_AS_SAYING, ids=[case[0][:30] for case in QUOTED_AS_SAYING])
def test_quoted_as_saying_is_the_person_quoted(nlp, lexicon: QuoteLexicon, text: str, speaker: str) -> None:  # noqa: ANN001
    speakers = {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.speaker}
    assert speaker in speakers and not any("Daily Nation" in name for name in speakers), speakers


def test_name_joined_to_the_speech_verb_continues_the_clause(lexicon: QuoteLexicon) -> None:
    """The parse of a wire sentence, as the small model gave it: "Luong" hung on "added"."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["Hu", "added", "he", "talked", "with", "Jan", "Berg", ",", "head", "of", "the", "union", ",", "and", "President", "Ola", "Sand", "today", "."]
    heads = [1, 1, 3, 1, 3, 6, 4, 6, 6, 8, 11, 9, 6, 1, 16, 16, 1, 1, 1]
    deps = ["nsubj", "ROOT", "nsubj", "ccomp", "prep", "compound", "pobj", "punct", "appos", "prep", "det", "pobj", "punct",
            "cc", "compound", "compound", "conj", "npadvmod", "punct"]
    pos = ["PROPN", "VERB", "PRON", "VERB", "ADP", "PROPN", "PROPN", "PUNCT", "NOUN", "ADP", "DET", "NOUN", "PUNCT",
           "CCONJ", "PROPN", "PROPN", "PROPN", "NOUN", "PUNCT"]
    tags = ["NNP", "VBD", "PRP", "VBD", "IN", "NNP", "NNP", ",", "NN", "IN", "DT", "NN", ",", "CC", "NNP", "NNP", "NNP", "NN", "."]
    lemmas = ["Hu", "add", "he", "talk", "with", "Jan", "Berg", ",", "head", "of", "the", "union", ",", "and", "President", "Ola", "Sand", "today", "."]
    spaces = [True] * len(words)
    spaces[6] = spaces[11] = spaces[-2] = spaces[-1] = False
    doc = Doc(Vocab(), words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    quotes = find_quotes(doc, make_article("test", doc.text), [], lexicon)
    assert [(quote.speaker.text if quote.speaker else None, quote.content) for quote in quotes] == [
        ("Hu", "he talked with Jan Berg, head of the union, and President Ola Sand")]


def test_indefinite_role_noun_is_someone_new(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ "An official spokesman" is not the spokesman titled before (another country's)."""
    from detente.records import Mention

    text = ("Army spokesman Major John Reed said patrols had been doubled. "
            "\"We reject these imaginary lines,\" an official spokesman told the agency on Friday.")
    at = text.index("Army spokesman Major John Reed")
    mentions = [Mention("test", at, at + len("Army spokesman Major John Reed"), "Army spokesman Major John Reed", "John Reed",
                        "USAMIL", "USA", "MIL", "person", "title")]
    quotes = find_quotes(nlp(text), make_article("test", text), mentions, lexicon)
    (quote,) = [quote for quote in quotes if quote.content.startswith("We reject")]
    assert quote.speaker is not None and quote.speaker.text == "an official spokesman"
    assert quote.speaker.code is None and quote.speaker.name != "John Reed"


def test_cue_in_another_paragraph_does_not_govern_a_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """A subheading with no full stop is parsed together with the quote under it: its verb is no cue of the quote."""
    text = ("EVEN THE BOSS THINKS THE PLAN IS DEAD\n"
            "“When you promise a miracle and sell it to people who trust you, I don’t understand why you need to go there.”\n"
            "The senator spoke at a hearing on Tuesday.")
    speakers = [quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.content.startswith("When you promise") and quote.speaker]
    assert "EVEN THE BOSS" not in speakers, speakers


SPEAKERS = [
    # the name before an apposition or a participle phrase, not the last noun inside it
    ("During the meeting on Nov. 12-13, Tran Van Minh, also chair of the SOMC, said ASEAN can lead the way for all members to restart talks.",
     "Tran Van Minh"),
    ("WASHINGTON -- President Lane, dedicating the National Museum of Irish American History and Culture on Saturday, said it "
     "would tell an American story, one of ''hunger and hope, of leaving home.''", "President Lane"),
    # a participle after the name is the reporter's gloss, not part of the speaker
    ('"We are grateful to our allies," said Karimi referring to the coalition of which he is a leader.', "Karimi"),
    # "his message that ...": the verb's named subject owns the message
    ("As the senator talked about unity, the governor highlighted his message that what the state needs first is a dose of law and order.",
     "the governor"),
    # "of" and a name after a name is part of the name
    ("About a third of the inmates are over fifty, according to the Federal Bureau of Prisons.", "the Federal Bureau of Prisons"),
    ("The Committee for a Responsible Federal Budget reported that the plans would cost 150 billion dollars.",
     "The Committee for a Responsible Federal Budget"),
    # the attribution in the middle speaks, the tally at the end does not
    ("Two soldiers were killed in the south on Monday, army headquarters said, bringing the toll to 40 according to a Reuters tally.",
     "army headquarters"),
]


@pytest.mark.parametrize(("text", "speaker"), SPEAKERS, ids=[case[1] for case in SPEAKERS])
def test_speaker_is_the_actor_not_a_word_near_the_cue(nlp, lexicon: QuoteLexicon, text: str, speaker: str) -> None:  # noqa: ANN001
    speakers = [quote.speaker.text if quote.speaker else None for quote in quotes_of(nlp, lexicon, text)]
    assert speakers == [speaker]


def test_participle_after_a_reported_clause_is_the_main_subjects(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """ ", insisting that ..." after "reports saying Y had rejected a deal": the club insists, not Y."""
    text = ("English premier league club Arsenal have dismissed reports saying striker Tom Reed had rejected a fresh deal, "
            "insisting that they have yet to offer him a new contract.")
    speakers = {quote.speaker.text for quote in quotes_of(nlp, lexicon, text) if quote.cue == "insisting" and quote.speaker}
    assert speakers == {"English premier league club Arsenal"}


def test_two_clauses_of_one_cue_give_one_quote(nlp, lexicon: QuoteLexicon) -> None:  # noqa: ANN001
    """The parser gave "added" the clause and a piece of it: one report, the whole of it."""
    text = "The mayor had promised new buses for the suburbs, but the council cut the transport budget, an aide added."
    contents = [quote.content for quote in quotes_of(nlp, lexicon, text)]
    assert contents == ["The mayor had promised new buses for the suburbs, but the council cut the transport budget"]
