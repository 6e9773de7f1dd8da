"""The built authority (issue: people across the whole archive): variants by rule, organizations in their country and
time, surnames resolved only when one person is plausible, and a build that is reproducible."""

from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.authority_build import hsg, variants
from pipeline.authority_build.build import build
from pipeline.normalizing.authority import Authority, Resolution, merge, parse_authority, authority_text, read_built
from pipeline.normalizing.authority import write_built
from pipeline.normalizing.bodies import in_context

SAMPLE = ROOT / "tests" / "sources" / "hsg-people.tsv"


@pytest.fixture(scope="module")
def sample_authority(tmp_path_factory) -> Authority:
    """The hand file merged with a build from the 14 sample rows of the persons database."""
    path = tmp_path_factory.mktemp("built") / "authority_built.tsv.gz"
    built = build(SAMPLE)
    path.write_bytes(write_built(built.entities, built.header()))
    return Authority.load(built=path)


# Point 2: variants from known rules, each with its scheme
@pytest.mark.parametrize("written, year, person_id", [
    *((w, 1975, "deng_xiaoping") for w in ("Deng Xiaoping", "Teng Hsiao-p'ing", "Teng Hsiao-ping", "Deng Xiao-ping",
                                          "Xiaoping Deng", "Teng Hsiaoping")),
    *((w, 1955, "zhou_enlai") for w in ("Chou En-lai", "Chou Enlai", "Zhou En-lai", "Enlai Zhou")),
    *((w, 1950, "pak_hon_yong") for w in ("Pak Hon-yong", "Pak Heon-yeong", "Pak Hŏn-yŏng", "Pak Honyong")),
    *((w, 1950, "vyshinsky") for w in ("Andrei Vyshinsky", "Andrey Vyshinskiy", "Andrei Vyshinskii", "A.Ya. Vyshinsky")),
])
def test_every_romanization_of_one_person_resolves_to_one_id(authority, written, year, person_id):
    """Pinyin and Wade-Giles, McCune-Reischauer and the Revised Romanization, the Russian schemes."""
    assert authority.resolve(written, year).person_id == person_id


def test_wade_giles_names_of_the_persons_database_get_their_pinyin():
    forms = dict(variants.chinese("Hsiung Hsiang-hui"))
    assert forms["Xiong Xianghui"] == "pinyin"


def test_korean_variants_record_their_scheme():
    forms = dict(variants.korean("Pak Hon-yong"))
    assert forms["Pak Heon-yeong"] == "revised romanization"
    assert forms["Pak Hŏnyŏng"] == "mccune-reischauer"


def test_russian_variants_record_their_scheme():
    assert dict(variants.russian("Andrei Vyshinsky")) == {
        "Andreĭ Vyshinskiĭ": "ala-lc", "Andrei Vyshinskii": "ala-lc without diacritics",
        "Andrey Vyshinskiy": "bgn/pcgn", "Andrey Vyshinsky": "english (wikipedia)"}


def test_only_soviet_people_get_russian_romanizations():
    """ "Kennedy" could be read as Cyrillic too: the schemes are applied to the people the database makes Soviet."""
    people = {e.name: e for e in hsg.read(SAMPLE)}
    assert people["Andreĭ Andreevich Gromyko"].country == "USSR"
    assert any(a.scheme == "bgn/pcgn" for a in people["Andreĭ Andreevich Gromyko"].aliases)
    assert not any(a.scheme and "ala" in a.scheme for a in people["David Dean Rusk"].aliases)


@pytest.mark.parametrize("written", ["A. A. Gromyko", "A.A. Gromyko", "Gromyko, A. A.", "Andrey Gromyko",
                                     "Andrei Andreevich Gromyko"])
def test_initials_and_patronymics(sample_authority, written):
    assert sample_authority.resolve(written, 1962).person_id == "gromyko"


# Point 3: resolve without guessing
def test_a_common_surname_alone_is_no_one_but_lists_its_candidates(authority):
    r = authority.resolve("Zhou", 1955)
    assert (r.person_id, r.method) == (None, "unresolved")
    assert "zhou_enlai" in r.candidates


def test_zhou_peiyuan_is_not_zhou_enlai(authority):
    assert authority.resolve("Zhou Peiyuan", 1972).person_id is None
    assert [r.person_id for r in authority.scan("A talk with Zhou Peiyuan on science", 1972)] == []


def test_a_surname_of_the_persons_database_resolves_only_to_its_one_plausible_bearer(authority, sample_authority):
    """Tanaka Kakuei bears the name alone in the sample and is active in 1972; in 1940 he is no one's answer. A
    surname two people bear, a common one, an English word, or one written with an article stays unresolved, with
    its candidates (the plausible first)."""
    assert sample_authority.resolve("Tanaka", 1972).person_id == "hsg_113342"
    assert sample_authority.resolve("Tanaka", 1940).person_id is None
    assert authority.resolve("Gorbachev", 1989).person_id == "hsg_105035"
    for written, year in (("Rusk", 1965), ("Church", 1975), ("the French", 1960), ("Kim", 1950), ("Snow", 1960)):
        r = authority.resolve(written, year)
        assert r.person_id is None and r.candidates, written
    assert authority.resolve("Gromyko", 1945).person_id == "gromyko"  # the hand file's alias: a curator's decision


def test_a_given_name_before_a_surname_is_never_dropped(authority):
    for written in ("Aldo Flores", "Heo Dam", "Ung Van Khiem", "White House"):
        assert authority.resolve(written, 1978).person_id is None, written
    assert authority.resolve("International Red Cross", 1978).person_id == "icrc"  # a body of the hand file


def test_initials_join_no_two_people(authority):
    """Marshal G. K. Zhukov and the journalist Yuri Zhukov stay two people, and neither is the hand file's
    G. Zhukov, the ambassador (whose entry leaves a bare "Zhukov" out on purpose)."""
    assert authority.resolve("Yuri Zhukov", 1960).person_id not in (None, "zhukov_g")
    assert authority.resolve("Zhukov", 1945).person_id is None


def test_two_records_of_one_leader_are_one_person(sample_authority):
    """The visits list's record of Tanaka Kakuei joins the volumes' record: one id, not two."""
    assert sample_authority.resolve("Kakuei Tanaka", 1972).person_id == "hsg_113342"
    assert "hsg_113341" not in sample_authority.entities


def test_an_office_is_no_alias_of_its_holder(sample_authority):
    assert sample_authority.resolve("Saudi Arabia", 1950).person_id is None
    assert sample_authority.resolve("The King of Saudi Arabia", 1950).person_id is None


def test_a_surname_from_the_persons_database_is_not_looked_for_in_running_text(authority):
    """ "July", "German", "Madrid" are surnames of the database too."""
    assert authority.scan("Meeting of 27 July 1979 with the German delegation in Madrid", 1979) == []


def test_running_text_is_searched_for_people_not_bodies(authority):
    """A body in running text mostly describes someone's office: "KGB Chief Serov" names Serov, not the KGB."""
    found = authority.scan("Telegram from KGB Chief Serov to Mao Zedong on the United Nations and NATO", 1956)
    found_ids = {r.person_id for r in found}
    assert "mao_zedong" in found_ids and not {"kgb", "united_nations", "nato"} & found_ids
    assert authority.resolve("KGB", 1956).person_id == "kgb"  # the body is known, in a slot it resolves


# Point 4: organizations in their country and time
@pytest.mark.parametrize("written, year, person_id", [
    ("Soviet Politburo", 1950, "vkpb_politburo"),
    ("Soviet Politburo", 1980, "cpsu_cc_politburo"),
    ("CPSU Politburo", 1980, "cpsu_cc_politburo"),
    ("CPSU CC Presidium", 1957, "cpsu_cc_presidium"),
    ("Hungarian Central Committee", 1960, "hswp_cc"),
    ("Hungarian Central Committee", 1950, "hwp_cc"),
    ("Central Committee of the Romanian Workers' Party", 1960, "rwp_cc"),
    ("Politburo of the Central Committee of the Chinese Communist Party", 1960, "ccp_cc_politburo"),
    ("Romanian Ministry of Foreign Affairs", 1970, "romania_mfa"),
])
def test_party_and_state_bodies_by_country_and_period(authority, written, year, person_id):
    assert authority.resolve(written, year).person_id == person_id


def test_a_1980_cpsu_politburo_is_not_the_vkpb_body(authority):
    assert authority.resolve("Soviet Politburo", 1980).person_id != "vkpb_politburo"


def test_in_1952_a_soviet_central_committee_is_either_party_s_and_stays_as_written(authority):
    """The VKP(b) became the CPSU in October 1952: a year does not tell them apart."""
    r = authority.resolve("Soviet Central Committee", 1952)
    assert r.person_id is None and set(r.candidates) == {"vkpb_cc", "cpsu_cc"}


@pytest.mark.parametrize("title, name, year, person_id", [
    ("Hungarian Socialist Workers Party First Secretary János Kádár’s Account of His Visit to Moscow to the Central "
     "Committee", "Central Committee", 1964, "hswp_cc"),
    ("Report from the Romanian Embassy in Pyongyang to the Ministry of Foreign Affairs", "Ministry of Foreign Affairs",
     1954, "romania_mfa"),
    # the quoted title is a subject: it fixes no country
    ("Cable from Qiao Xiaoguang to the Central Committee, 'Korea Has Decided Not to Send a Party Delegation to "
     "Yugoslavia'", "Central Committee", 1963, None),
    # two countries: no one
    ("Letter from the Polish Embassy to the Hungarian Central Committee and the Central Committee", "Central Committee",
     1960, None),
])
def test_a_generic_body_resolves_only_when_the_title_fixes_its_country(authority, title, name, year, person_id):
    r = in_context(authority.resolve(name, year), authority, year, title, [])
    assert r.person_id == person_id


def test_a_generic_body_takes_the_country_of_the_people_named(authority):
    people = [authority.resolve("Zhou Enlai", 1950), authority.resolve("Mao Zedong", 1950)]
    r = in_context(authority.resolve("the Central Committee", 1950), authority, 1950,
                   "Report, Zhou Enlai to Chairman Mao and the Central Committee", people)
    assert (r.person_id, r.method) == ("ccp_cc", "context")


# Point 1: a build that is reproducible, with the provenance of every alias, that the hand file overrides
def test_the_build_is_reproducible(tmp_path):
    """The same bytes from the same sources, in another process too (where sets iterate in another order)."""
    import subprocess
    import sys

    first = build(SAMPLE)
    script = (f"import sys; from pipeline.authority_build.build import build; from pathlib import Path; "
              f"from pipeline.normalizing.authority import write_built; b = build(Path({str(SAMPLE)!r})); "
              f"sys.stdout.buffer.write(write_built(b.entities, b.header()))")
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, check=True, cwd=ROOT,
                           env={**__import__("os").environ, "PYTHONHASHSEED": "12345"}).stdout
    assert write_built(first.entities, first.header()) == other


def test_every_alias_says_where_it_comes_from(sample_authority):
    sources = {a.source for e in sample_authority.entities.values() for a in e.aliases}
    assert sources == {"hand", "hsg", "rules"}
    schemes = {a.scheme for e in sample_authority.entities.values() for a in e.aliases if a.source == "rules"}
    assert {"wade-giles", "pinyin", "party bodies"} <= schemes


def test_the_hand_file_wins_every_conflict():
    hand = parse_authority('person_id,name,sort_name,kind,birth_year,death_year,wikidata_id,aliases,notes\n'
                           'someone,Some One,"One, Some",person,,,,name:Kim Il Sung,\n')
    built = hsg.read(SAMPLE)
    merged = {e.person_id: e for e in merge(hand, built)}
    kim = next(e for e in built if e.name == "Kim Il Sung")
    # the persons database's Kim Il Sung joins the hand file's entry that holds his name
    assert kim.person_id not in merged
    assert any(a.text == "Kim Il-Sŏng" for a in merged["someone"].aliases)


def test_the_shipped_build_holds_the_persons_database_and_the_party_bodies():
    entities = read_built()
    assert sum(e.source.startswith("hsg:") for e in entities) > 15000
    assert any(e.person_id == "cpsu_cc_politburo" for e in entities)


# Point 5: every mention found; a phrase, an office or a place is no one
@pytest.mark.parametrize("text, names", [
    ("Note of Comrade Bergold, East German Ambassador, with the Polish Ambassador in North Vietnam, Comrade "
     "Siedliecky", ["Bergold", "Siedliecky"]),
    ("Memorandum of Discussions at a Dinner Hosted by Corneliu Manescu in Honor of Marshal I.I. Yakubovksy",
     ["I.I. Yakubovksy"]),
    # titles capitalize every word: "General Meeting", "U.S. Scientists", "Special Assistant" are no names
    ("General Meeting of Prime Minister and Vice Premier Deng (Summary Record)", ["Deng"]),
    ("Department of State Memorandum of Conversation, 'Proposed Visit of U.S. Scientists to the Dimona Reactor'", []),
    ("Information Memorandum From the President's Special Assistant (Rostow) to President Johnson", ["Johnson"]),
    ("The South Korean Passenger Aircraft Incident (1983)", []),
    ("Todor Zhivkov’s Consultations with Soviet Experts on Relations with Romania", []),
])
def test_unknown_people_are_found_only_where_the_name_is_certain(authority, text, names):
    from pipeline.normalizing.mentions import unknown_people

    assert unknown_people(text, authority, 1960, []) == names


def test_an_unknown_mention_is_listed_with_its_role(authority):
    from pipeline.normalizing.document import normalize_document
    from pipeline.normalizing.merge import MergedDocument

    doc = MergedDocument(doc_id="x", record_url=None, title="Record of Conversation between Zhou Enlai and Albanian "
                         "Party Leaders", summary="Zhou told Comrade Hoxhaj of the plans.", date_raw="1966-06-27",
                         n_listings=1, sources=["test"])
    normalized = normalize_document(doc, authority)
    assert ("Hoxhaj", "mentioned", ()) in normalized.unresolved
