"""Write articles.jsonl, our own annotated quote test set, from the marked articles below.

Run `python tests/data/quotes/make_articles.py` after editing ARTICLES; the output is
deterministic (same input, same bytes). The articles are original, written for this test
set: short international-affairs news items with invented officials and statements.

Markup (README.md has the annotation guidelines): `{Xn:words}` marks `words` as part `X`
of attribution `n` of its article, where `X` is

    s  source   the words naming the speaker nearest the cue
    c  cue      the verb, noun or phrase that reports the speech
    d  content  of a direct quote (the quoted words, without the marks)
    p  content  of a partial quote (quoted words woven into the reporter's sentence)
    i  content  of an indirect quote (the reported clause)

Marks may nest (a partial quote inside a reported clause stays one attribution: mark the
clause only). Several content marks with one number are the fragments of one
discontinuous content ("The decision, he said, was supported ..."). Offsets are computed
while the markup is stripped, so they are exact by construction, and checked again with
`text[start:end]` before writing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

OUTPUT = Path(__file__).with_name("articles.jsonl")
TAG = re.compile(r"\{([scdpi])(\d+):")
KINDS = {"d": "direct", "p": "partial", "i": "indirect"}

ARTICLES: list[tuple[str, str]] = [
    (
        "own-01-straight-marks",
        """Brussels — NATO defence ministers gathered on Thursday for two days of talks on air defence and ammunition stocks.
"{d1:We will not be intimidated by threats of escalation}," {s1:NATO Secretary General Jonas Berge} {c1:told} reporters before the meeting. "{d1:Our support will continue for as long as it takes.}"
{s2:Berge} {c2:said} {i2:the alliance would agree new targets for ammunition production by the summer}.
{s3:He} {c3:added} that {i3:several allies had already doubled their orders}.""",
    ),
    (
        "own-02-curly-multi-sentence",
        """Ankara — {s1:Turkey’s foreign minister} {c1:said} on Monday that {i1:his government was ready to host a new round of talks on grain exports through the Black Sea}.
“{d2:Both sides showed good will in the last meeting. We are ready to welcome the delegations again in March},” {s2:the minister} {c2:said} at a news conference with his Hungarian counterpart.
The Hungarian minister, Zoltán Békés, welcomed the offer. “{d3:Every corridor that stays open lowers prices in Africa and the Middle East},” {s3:he} {c3:said}.""",
    ),
    (
        "own-03-glued-marks",
        """Moscow — {i1:Russia will suspend the work of its permanent mission to NATO from November 1}, {s1:the foreign ministry} {c1:announced} on Monday.
"{d2:After the steps taken by the alliance, the basic conditions for joint work do not exist}"{s2:Russian Foreign Minister Sergei Vavilov} {c2:said} at a briefing in Moscow.
{s3:Vavilov} {c3:said} {i3:Russia would also close the alliance’s military liaison office in the capital}.
{s4:NATO} expelled eight members of the Russian mission this month, {c4:saying} {i4:they were undeclared intelligence officers}. "{d5:We have seen no official notification from Moscow and our policy towards Russia remains consistent}"{c5:said} {s5:a spokeswoman for the Alliance, Marta Kolar}.""",
    ),
    (
        "own-04-multi-paragraph",
        """Geneva — {s0:The UN High Commissioner for Refugees, Amina Diallo}, {c0:appealed} on Wednesday {i0:for more funding for people displaced by the fighting in Sudan}.
Speaking to journalists in Geneva, {s1:she} {c1:described} the situation at the border as "{p1:a catastrophe unfolding in slow motion}".
"{d2:We have registered more than ten thousand new arrivals every week since January. Most of them are women and children.
"Our teams are stretched to the limit, and without new money we will have to cut food rations by half next month}," {s2:Diallo} {c2:said}.
{s3:The agency} {c3:said} in a statement that {i3:its appeal for the region was only 14 percent funded}.""",
    ),
    (
        "own-05-unbalanced-marks",
        """Prague — {s1:The Czech army chief} {c1:warned} on Friday that {i1:the country’s ammunition stocks would last only a few weeks in a full-scale war}.
"{d2:Our soldiers are ready to defend every metre of this country, but they cannot do it with empty warehouses}, {c2:said} {s2:General Petr Malý, the chief of the general staff}.
{s3:He} {c3:told} a defence conference in Prague that {i3:the government had to sign long-term contracts with domestic producers}. "{d4:Industry will not build new lines for one order. It needs to see orders for ten years}, {s4:he} {c4:said}.
{s5:Defence Minister Jana Horáková} {c5:said} {i5:the ministry was preparing such contracts}.""",
    ),
    (
        "own-06-guillemets",
        """Paris — {i1:France will keep its troops in Estonia at least until the end of next year}, {s1:the French defence minister} {c1:said} on Tuesday.
«{d2:Our commitment to the eastern flank is not a gesture, it is a guarantee}», {s2:Minister Lucien Garnier} {c2:told} the Senate defence committee.
{s3:Garnier} {c3:said} {i3:the rotation would include a battery of air defence systems}. Asked about the cost, {s4:he} {c4:replied}: «{d4:Security has a price. Insecurity has a much higher one.}»
Estonia’s prime minister thanked Paris for what {s5:she} {c5:called} «{p5:a partnership of deeds, not words}».""",
    ),
    (
        "own-07-elisions",
        """Moscow — {s1:The Kremlin} {c1:said} on Wednesday that {i1:relations with the European Union were at their lowest point since the end of the Cold War}.
“{d2:Our position is unchanged <…> we are open to dialogue, but only on the basis of equality},” {s2:Kremlin spokesman Yuri Danilov} {c2:told} reporters.
{s3:He} {c3:said} {i3:Moscow had received no proposals from Brussels}. “{d4:There is nothing to discuss [...] until the sanctions are lifted},” {s4:Danilov} {c4:added}.
{s5:The EU’s foreign policy chief, Teresa Lind}, {c5:said} last week that {i5:the bloc would not ease sanctions while the war continued}.""",
    ),
    (
        "own-08-indirect",
        """Beijing — {s1:China’s foreign ministry spokesman, Wang Lei}, {c1:said} on Thursday that {i1:Beijing opposed any unilateral sanctions that lacked a mandate from the Security Council}.
{s2:Wang} {c2:added} that {i2:Chinese companies had always respected international law}.
{c3:According to} {s3:Wang}, {i3:the trade between China and Russia was normal commercial activity and should not be disrupted}.
{s4:The spokesman} also {c4:said} {i4:the Chinese envoy would travel to Europe next week to explain Beijing’s position}.""",
    ),
    (
        "own-09-partial",
        """London — {s1:British Foreign Secretary Helen Marsh} {c1:accused} {p1:Moscow} on Monday {p1:of increasing its "malevolent activities" across Europe, from cyberattacks to sabotage}.
Speaking in Parliament, {s2:Marsh} {c2:described} {p2:the recent attacks on undersea cables as "reckless and dangerous"} and {c3:promised} {p3:a "firm and proportionate response"}.
{s4:The Russian embassy in London} {c4:dismissed} {p4:the accusations as "baseless Russophobia"}.""",
    ),
    (
        "own-10-organisations-documents",
        """Brussels — {s1:NATO} {c1:indicated} on Friday that {i1:it would not change its nuclear posture in response to Russia’s deployment of tactical weapons in Belarus}.
"{d2:We have seen no changes that would require us to adjust our own posture}," {c2:said} {s2:a spokeswoman for the Alliance}.
{s3:A report} published by the alliance’s parliamentary assembly {c3:noted} that {p3:Russia had "significantly expanded" its military presence near the borders of the Baltic states}.
{s4:The report} {c4:said} {i4:allies should increase the number of troops on the eastern flank and speed up the delivery of air defence systems}.""",
    ),
    (
        "own-11-earlier-sentence-and-role",
        """Moscow — Kremlin spokesman Yuri Danilov held his daily call with reporters on Monday.
{s1:He} was asked about the alliance’s plans to open a liaison office in Tokyo. “{d1:This is another step in the expansion of the bloc far beyond its stated area. We are following it closely.}”
{s2:The Kremlin spokesman} {c2:said} {i2:Moscow would respond to any deployment of NATO infrastructure near Russia’s Far Eastern borders}.""",
    ),
    (
        "own-12-wrote-told-statement",
        """Warsaw — {s1:Poland’s foreign minister, Tomasz Wrona}, {c1:wrote} on X on Sunday that {i1:the drone which crashed near Lublin had been launched from Belarus}.
“{d2:We demand an explanation from Minsk and we will close two more border crossings if we do not get one},” {s2:Wrona} {c2:told} reporters later in the day.
{s3:The Belarusian foreign ministry} {c3:said} in a statement that {i3:it had no information about the drone} and {c4:called} {p4:the Polish accusations “a provocation”}.""",
    ),
    (
        "own-13-relative-and-noun",
        """Vienna — {i1:Talks on restoring the nuclear agreement with Iran ended without progress on Friday}, {c1:according to} {s1:diplomats familiar with the negotiations}.
{s2:The chief EU negotiator, Karl Brenner}, who {c2:said} on Thursday that {p2:a deal was "within reach"}, left Vienna without speaking to reporters.
{s5:Iran’s deputy foreign minister} {c5:rejected} {i5:{s3:Brenner}’s {c3:statement} that {i3:the remaining differences were technical}}. "{d4:The differences are political and they are serious}," {s4:he} {c4:told} the state news agency IRNA.""",
    ),
    (
        "own-14-cue-after",
        """Berlin — {i1:Germany will deliver four more air defence systems to Ukraine before the winter}, {s1:the government spokesman} {c1:announced} on Wednesday.
{i2:The systems would come from the army’s own stocks}, {s2:he} {c2:said}, and {i2:would be replaced by new orders from industry}.
"{d3:We cannot let Ukrainian cities stay defenceless against missiles}," {s3:Chancellor Martin Vogel} {c3:said} in a speech to parliament. {s4:The opposition leader, Ingrid Fuchs}, {c4:said} {i4:the decision came too late}.""",
    ),
    (
        "own-15-colon-paragraph",
        """New York — The UN Secretary-General, Rafael Ortega, addressed the Security Council on Tuesday after a week of shelling around the Zaporizhzhia nuclear plant.
{s1:Ortega} {c1:told} the council:
“{d1:Any damage to a nuclear plant is self-destructive. I call on all parties to withdraw military equipment and personnel from the site immediately.}”
{s2:The head of the International Atomic Energy Agency}, who spoke after him, {c2:said} {i2:his inspectors had heard explosions near the plant on four consecutive days}.""",
    ),
    (
        "own-16-interrupted",
        """Helsinki — {s1:Finland’s president} {c1:said} on Saturday that {p1:the decision to join NATO had been “the right one at the right time”}.
“{d2:Our security environment changed overnight},” {s2:President Aino Lehtonen} {c2:said} in her new year speech. “{d2:We did not choose this situation, but we chose our answer to it.}”
{s3:She} {c3:said} {i3:Finland would continue to talk to Russia on practical matters such as border crossings and search and rescue}.""",
    ),
    (
        "own-17-commission",
        """Brussels — {s0:The European Commission} on Thursday {c0:proposed} {i0:a twelfth package of sanctions against Russia targeting diamond imports and companies that help Moscow evade existing measures}.
"{d1:Those who help Russia to get around our sanctions will face the consequences}," {s1:Commission President Margit Olsen} {c1:said} in a statement.
{c2:According to} {s2:a statement from the Commission}, {i2:the package would also add more than 120 individuals and entities to the EU’s blacklist}.
{s3:Hungary’s government} has {c3:said} {i3:it will study the proposal} but {c4:warned} that {i4:it would not support measures that harmed its energy security}.""",
    ),
    (
        "own-18-quoted-as-saying",
        """Tokyo — {s1:Japan’s defence minister} was {c1:quoted} by the Kyodo news agency as saying that {i1:Tokyo would double the number of its fighter jets on Okinawa}.
Chinese state media {c2:cited} {s2:a military spokesman} as saying that {p2:the move would "seriously damage regional stability"}.
A spokesman for the US embassy in Tokyo declined to comment.""",
    ),
    (
        "own-19-security-council",
        """New York — {s1:Russia’s ambassador to the United Nations, Viktor Sokolov}, {c1:told} the Security Council on Monday that {i1:Moscow had no intention of attacking any NATO member}.
In a letter to the council, {s2:the Ukrainian mission} {c2:said} {i2:the statement contradicted Russia’s own military doctrine}.
{s3:The US deputy ambassador, Laura Hayes}, {c3:called} {p3:the Russian assurances "worthless"}. "{d4:We have heard the same words before February 2022}," {s4:she} {c4:said}.""",
    ),
    (
        "own-20-scare-quotes",
        """Washington — The so-called "peace formula" was discussed at length at the meeting of national security advisers in Malta on Saturday.
{s1:Officials} {c1:said} {p1:the "Malta format" would meet again in the spring}. {s2:The US national security adviser, Daniel Price}, {c2:told} journalists that {p2:the talks had been "useful and frank"}.
The next round is expected to focus on the "humanitarian track", including prisoner exchanges.""",
    ),
    (
        "own-21-participles",
        """Kyiv — {s1:Ukraine’s foreign minister, Olena Kravets}, met EU ministers in Brussels on Monday, {c1:warning} that {i1:Russia was preparing a new offensive in the east}.
"{d2:Every week of delay costs lives}," {s2:she} {c2:said}, {c3:adding} that {i3:Ukraine had received less than half of the million shells promised by the bloc}.
{s4:An EU official}, speaking on condition of anonymity, {c4:said} {i4:the target would be met by the end of the year}.""",
    ),
    (
        "own-22-interview",
        """Rome — {s1:Italy’s prime minister} {c1:said} in an interview published on Sunday that {p1:Europe needed a common army "sooner rather than later"}.
The remarks drew criticism from the League party. {s2:Its leader} {c2:said} {i2:Italy should not hand control of its armed forces to Brussels}.
In the interview with the daily La Nazione, {s3:the prime minister, Giulia Ferri}, also {c3:said} that {i3:her government would raise military spending to 2 percent of GDP by 2027}. "{d4:It is a commitment we made to our allies, and we will keep it}," {s4:she} {c4:said}.""",
    ),
    (
        "own-23-communique",
        """Vilnius — {s1:NATO leaders} {c1:agreed} on Tuesday that {i1:Ukraine’s future lies in the alliance}, but stopped short of setting a timetable for its membership.
{s2:The summit communiqué} {c2:said} {p2:the alliance would be "in a position to extend an invitation to Ukraine when allies agree and conditions are met"}.
{s3:Ukraine’s president} {c3:called} {p3:the absence of a timetable "unprecedented and absurd"} in a post on social media.
{s4:A senior alliance official} {c4:said} {i4:the wording was the strongest that all 31 members could accept}.""",
    ),
    (
        "own-24-speaker-earlier",
        """Vienna — The head of the OSCE monitoring mission, Erik Dahl, briefed ambassadors on Thursday about the situation along the line of contact.
{s1:Dahl} {c1:said} {i1:monitors had recorded more than 300 ceasefire violations in a single day, the highest number this year}.
"{d2:The trend is alarming. Both sides are moving heavy weapons closer to the line.}"
The mission’s mandate expires at the end of March, and {s3:Russia} has {c3:said} {i3:it will block any extension}.""",
    ),
    (
        "own-25-asides",
        """Budapest — {i1:Hungary will not send weapons to Ukraine}, {s1:its foreign minister} {c1:insisted} on Wednesday, despite pressure from other members of the European Union.
As {s2:the minister} {c2:put} it, {i2:every weapon sent to the region only prolongs the war}.
{i3:The decision}, {s3:he} {c3:said}, {i3:was supported by a large majority of Hungarians}.
{s4:Critics in the opposition} {c4:say} {i4:the government is isolating the country within the bloc}.""",
    ),
    (
        "own-26-single-marks",
        """London — {s1:Britain’s defence secretary} {c1:said} on Friday that {i1:the Royal Navy would send two more minehunters to the Gulf}.
‘{d2:We will not allow freedom of navigation to be threatened},’ {s2:Defence Secretary Owen Hart} {c2:told} the BBC. ‘{d2:Our ships will stay as long as they are needed.}’
{s4:Hart} {c4:dismissed} {p4:{s3:Iran}’s {c3:warning} that {p3:the ships would be treated as ‘a hostile presence’}}.""",
    ),
    (
        "own-27-colon-and-who",
        """Tbilisi — {s1:Georgia’s prime minister} {c1:said}: "{d1:We will hold the elections on time and in full view of international observers.}"
"{d2:We need observers in every region, not only in the capital}," {c2:said} {s2:Nino Beridze}, who leads the main opposition alliance.
{s3:The OSCE} {c3:said} {i3:it would send about 400 observers}.""",
    ),
    (
        "own-28-two-apostrophe-marks",
        """WASHINGTON — ''{d1:This is not a peace plan. It is a list of demands},'' {c1:said} {s1:Carla Moreno, a former State Department official who now teaches at Georgetown University}.
{s3:Ms. Moreno}, who advised two secretaries of state on arms control, {c3:said} {i3:the proposal ignored the security guarantees that Kyiv had asked for}, which the authors of the plan dispute.
''{d4:Nobody in Europe will sign this},'' {s4:she} {c4:added}.""",
    ),
    (
        "own-29-signatures",
        """Chisinau — {s0:Residents of the capital} {c0:told} us {i0:what they expect from the new government}.
“{d1:We cannot go through another winter without heating. Prices must come down first.}” ― {s1:Maria Lupu}, a teacher
“{d2:I want my children to stay here instead of leaving for Italy.}” ― {s2:Ion Rusu}, a taxi driver
“{d3:Corruption is the problem, not Moscow or Brussels.}” ― {s3:Elena Ciobanu}""",
    ),
    (
        "own-30-requests",
        """Geneva — {s1:The UN Secretary-General} {c1:called on} {i1:both sides to return to the negotiating table} on Friday and {c2:urged} {i2:donors to fund the humanitarian appeal in full}.
He told the Human Rights Council to send investigators to the region without delay.
{s4:The European Union} {c4:called for} {i4:an immediate ceasefire and the release of all hostages}, while {s5:Russia} {c5:accused} {i5:Western governments of prolonging the conflict}.""",
    ),
    (
        "own-31-documents",
        """New York — {c1:According to} {s1:a report published on Monday by the UN Office for the Coordination of Humanitarian Affairs}, {i1:more than two million people have fled their homes since the spring}.
{s2:The report} {c2:found} that {i2:most of the displaced were living in schools and other public buildings}.
{s3:The government} {c3:rejected} {i3:{s4:the agency}’s {c4:claim} that {i4:aid convoys were being blocked at checkpoints}}, and {c5:said} {i5:the figures were exaggerated}.""",
    ),
]


def parse(marked: str) -> tuple[str, dict[int, dict[str, list[tuple[int, int]]]], dict[int, str]]:
    """Strip the markup; return the text, each attribution's parts as offset ranges, and its kind."""
    out: list[str] = []
    parts: dict[int, dict[str, list[tuple[int, int]]]] = {}
    kinds: dict[int, str] = {}
    stack: list[tuple[str, int, int]] = []  # (part, number, start offset)
    at, length = 0, 0
    while at < len(marked):
        tag = TAG.match(marked, at)
        if tag:
            stack.append((tag.group(1), int(tag.group(2)), length))
            at = tag.end()
            continue
        if marked[at] == "}":
            part, number, start = stack.pop()
            if part in KINDS:
                previous = kinds.setdefault(number, KINDS[part])
                assert previous == KINDS[part], f"attribution {number} has two kinds"
                part = "content"
            parts.setdefault(number, {}).setdefault(part, []).append((start, length))
            at += 1
            continue
        out.append(marked[at])
        length += 1
        at += 1
    assert not stack, f"unclosed marks: {stack}"
    return "".join(out), parts, kinds


def span(text: str, ranges: list[tuple[int, int]] | None, fragments: bool = False) -> dict | None:
    if not ranges:
        return None
    start, end = ranges[0][0], ranges[-1][1]
    result = {"start": start, "end": end, "text": text[start:end]}
    if fragments and len(ranges) > 1:
        result["fragments"] = [[a, b] for a, b in ranges]
    return result


def build(article_id: str, marked: str) -> dict:
    text, parts, kinds = parse(marked)
    attributions = []
    for number in sorted(parts):
        found = parts[number]
        assert "content" in found, f"{article_id}: attribution {number} has no content"
        assert len(found.get("s", [])) <= 1 and len(found.get("c", [])) <= 1, f"{article_id}: attribution {number}"
        attributions.append({
            "kind": kinds[number],
            "source_span": span(text, found.get("s")),
            "cue_span": span(text, found.get("c")),
            "content_span": span(text, found["content"], fragments=True),
        })  # fmt: skip
    for item in attributions:
        for key in ("source_span", "cue_span", "content_span"):
            value = item[key]
            assert value is None or text[value["start"] : value["end"]] == value["text"]
            for start, end in (value or {}).get("fragments", []):
                assert value["start"] <= start < end <= value["end"]
    return {"id": article_id, "text": text, "attributions": attributions}


def main() -> None:
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(json.dumps(build(article_id, marked), ensure_ascii=False, sort_keys=True) + "\n" for article_id, marked in ARTICLES)


if __name__ == "__main__":
    main()
