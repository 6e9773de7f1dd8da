"""The title grammar on real archive titles."""

import functools

import pytest

from pipeline.normalizing.titles import parse_title, vocabulary


@pytest.mark.parametrize(
    "title, field, expected",
    [
        ("Ciphered Telegram No. 3557, Filippov [Stalin] to Roshchin", "doc_type", "Ciphered Telegram"),
        ("Ciphered Telegram No. 3557, Filippov [Stalin] to Roshchin", "doc_number", "3557"),
        ("Ciphered Telegram No. 3557, Filippov [Stalin] to Roshchin", "senders", ("Filippov [Stalin]",)),
        ("Ciphered Telegram No. 3557, Filippov [Stalin] to Roshchin", "recipients", ("Roshchin",)),
        ("Ciphered Telegram No. 21336 from Beijing, Mao Zedong to Cde. Filippov [Stalin]", "origin_place", "Beijing"),
        ("Ciphered Telegram No. 21336 from Beijing, Mao Zedong to Cde. Filippov [Stalin]", "senders", ("Mao Zedong",)),
        ("Ciphered Telegram No. 3917, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong", "recipients", ("Cde. Mao Zedong",)),
        ("Ciphered Telegram No. 3917, Filippov [Stalin] to Krasovsky, for Cde. Mao Zedong", "via", ("Krasovsky",)),
        ("Ciphered Telegram No. 0100, Stalin to Terebin", "doc_number", "0100"),
        ("Cable, Stalin to Mao Zedong [via Kovalev]", "via", ("Kovalev",)),
        ("Cable, Stalin to Mao Zedong [via Kovalev]", "recipients", ("Mao Zedong",)),
        ("Ciphered Telegram No. 3172, Stalin to Zhou Enlai via Roshchin", "via", ("Roshchin",)),
        ("Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)", "via", ("Shtytkov",)),
        ("Letter from Feng Xi (Stalin) to Kim Il Sung (via Shtytkov)", "doc_type", "Letter"),
        ("Handwritten letter from Gao Gang and Kim Il Sung to Stalin, with 13 June 1951 handwritten letter from Mao Zedong to Gao Gang and Kim Il Sung",
         "senders", ("Gao Gang", "Kim Il Sung")),
        ("Handwritten letter from Gao Gang and Kim Il Sung to Stalin, with 13 June 1951 handwritten letter from Mao Zedong to Gao Gang and Kim Il Sung",
         "recipients", ("Stalin",)),
        ("VKP(b) CC Politburo decision with approved message Filippov (Stalin) to Mao Zedong", "doc_type", "Decision"),
        # The decision is the Politburo's; the message it approves is an embedded document (tests/labelled/README.md).
        ("VKP(b) CC Politburo decision with approved message Filippov (Stalin) to Mao Zedong", "senders", ("VKP(b) CC Politburo",)),
        ("Telegram from Kuznetsov to Soviet Foreign Ministry regarding a Meeting with Mao Zedong", "recipients", ("Soviet Foreign Ministry",)),
        ("Ciphered Telegram No. 50333, Terebin to Kuznetsov, transmitting a Message from Mao Zedong to Stalin", "recipients", ("Kuznetsov",)),
        ("Cable, Terebin to Stalin, Plans for Mao's Visit to Moscow", "recipients", ("Stalin",)),
        ("Memorandum of Conversation between Anastas Mikoyan and Zhou Enlai", "participants", ("Anastas Mikoyan", "Zhou Enlai")),
        ("Memorandum of Conversation between Anastas Mikoyan and Zhou Enlai", "senders", ()),
        ("Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong", "doc_type", "Record of Conversation"),
        ("Record of a Conversation of Cde. Stalin with Kim Il Sung and Pak Heon-yeong", "participants", ("Cde. Stalin", "Kim Il Sung", "Pak Heon-yeong")),
        ("From the Diary of N.V. Roshchin: Memorandum of Conversation with Chairman Mao Zedong on 16 October 1949", "participants", ("N.V. Roshchin", "Mao Zedong")),
        ("Liu Shaoqi to Cde. G.M. Malenkov", "doc_type", None),
        ("Liu Shaoqi to Cde. G.M. Malenkov", "senders", ("Liu Shaoqi",)),
        ("Letter of Liu Shaoqi to Cdes. Stalin, Molotov, and Malenkov", "recipients", ("Cdes. Stalin", "Molotov", "Malenkov")),
        ("Cable Nos. 408-410, Shtykov to Vyshinsky (for the Politburo)", "doc_number", "408-410"),
        ("Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong", "doc_type", "Cable"),
        ("Cable Telegram no. 59363 from Kovalev to Stalin, containing a message from Mao Zedong", "doc_number", "59363"),
        ("Note on the Soviet Advisers Attached to the Chinese People's Volunteers (undated)", "doc_type", "Note"),
        ("Note on the Soviet Advisers Attached to the Chinese People's Volunteers (undated)", "senders", ()),
        # The author of a statement is its sender (tests/labelled/README.md); its audience is no recipient.
        ("Statement of Nakajima Kenzo, Chairman of the Board, Opposing the Visit of Prime Minister Sato to the United States and Protesting the Coming to Japan of Chiang Ching-kuo",
         "senders", ("Nakajima Kenzo",)),
        ("The Ambassador in France (Bruce) to the Secretary of State", "senders", ("Bruce",)),
        ("Report from Soviet Ambassador to Poland V. Z. Lebedev to V. M. Molotov", "senders", ("V. Z. Lebedev",)),
        ("Memorandum for the Secretary from Harold Saunders and Thomas R. Pickering, 'A Strategy for Pakistan'",
         "senders", ("Harold Saunders", "Thomas R. Pickering")),
        ("Minutes of the Romanian Politburo Meeting Concerning Nicolae Ceauşescu's Visit to China", "participants",
         ("Romanian Politburo",)),
        ("Excerpt from a Conversation between Zhou Enlai and Albanian Party Leaders, 27 June 1966", "doc_type", "Conversation"),
        ("Deciphered Telegram No. 2140/4, from Kozlov to Filippov [Stalin]", "doc_type", "Ciphered Telegram"),
        ("Statement of Nakajima Kenzo, Chairman of the Board, Opposing the Visit of Prime Minister Sato to the United States and Protesting the Coming to Japan of Chiang Ching-kuo",
         "recipients", ()),
        ("The Chancellor's [Helmut Kohl's] Meeting with British PM Blair on 20 October 1997, 10.30 a.m. - 3 p.m. in Chequers", "doc_type", None),
        ("Economic Cooperation Division [Ministry of Foreign Affairs, Japan], 'Main Points of Meeting Between Prime Minister Sato and National Defense Minister Chiang Ching-kuo'",
         "senders", ()),
    ],
)
def test_title_field(title, field, expected):
    assert getattr(parse_title(title), field) == expected


def test_empty_title_reads_as_nothing():
    assert parse_title(None) == parse_title("")


def test_vocabulary_is_title_case():
    assert all(t == " ".join(w if w in ("of",) else w[0].upper() + w[1:] for w in t.split()) for t in vocabulary())


@functools.lru_cache(maxsize=1)
def _development_titles():
    from conftest import ROOT
    from pipeline.evaluate import part, read_labels

    return {label["title"]: label for label in read_labels(ROOT / "tests" / "labelled" / "titles.csv")
            if part(label) == "development"}


def _rule_examples():
    from pipeline.normalizing.titles import RULES

    for rule in RULES:
        for title in rule.examples:
            yield pytest.param(rule.name, title, id=f"{rule.name}: {title[:50]}")


@pytest.mark.parametrize("rule, title", list(_rule_examples()))
def test_each_rule_reads_its_examples(rule, title, authority):
    """Every rule's examples are development-part titles; the rule reads them, and what it reads is their label."""
    from pipeline.evaluate import evaluate

    label = _development_titles().get(title)
    assert label is not None, "an example must be a title of the labelled set's development part"
    assert parse_title(title).rule == rule
    _, misses = evaluate([label], authority)
    assert [(m.field, m.expected, m.got) for m in misses if m.field != "people"] == []


def test_every_rule_has_examples_and_a_unique_name():
    from pipeline.normalizing.titles import RULES

    assert all(rule.examples for rule in RULES)
    assert len({rule.name for rule in RULES}) == len(RULES)


@pytest.mark.parametrize("title, name, descriptor", [
    ("Report from Soviet Ambassador to Poland V. Z. Lebedev to V. M. Molotov", "V. Z. Lebedev", "Soviet Ambassador to Poland"),
    ("The Ambassador in France (Bruce) to the Secretary of State", "Bruce", "The Ambassador in France"),
    ("Letter from N. S. Khrushchev in Vienna to Walter Ulbricht", "N. S. Khrushchev", "in Vienna"),
    ("Memorandum From Richard Pipes of the National Security Council Staff to the President's Assistant for National "
     "Security Affairs (Clark)", "Richard Pipes", "of the National Security Council Staff"),
    ("Letter from Prime Minister Pham Van Dong of the Democratic Republic of Vietnam to Mao Zedong", "Pham Van Dong",
     "Prime Minister of the Democratic Republic of Vietnam"),
])
def test_an_office_or_place_is_kept_apart_from_the_name(title, name, descriptor):
    parts = parse_title(title)
    assert name in parts.senders and parts.descriptor(name) == descriptor


def test_document_people_carry_the_descriptor(authority):
    from pipeline.normalizing.document import normalize_document
    from pipeline.normalizing.merge import MergedDocument

    doc = MergedDocument(doc_id="x", record_url=None, title="Report from Soviet Ambassador to Poland V. Z. Lebedev to "
                         "V. M. Molotov", summary=None, date_raw="1950", n_listings=1, sources=["s"])
    links = normalize_document(doc, authority).links
    assert {(link["role"], link["as_written"], link["descriptor"]) for link in links if link["role"] == "sender"} == {
        ("sender", "V. Z. Lebedev", "Soviet Ambassador to Poland")}


@pytest.mark.parametrize("place", ["Vienna", "Hong Kong", "Peking", "Saigon", "Washington", "Moscow"])
def test_a_place_is_not_a_correspondent(place):
    from pipeline.normalizing.places import is_place

    assert is_place(place)
    parts = parse_title(f"Telegram from Mao Zedong to {place}")
    assert parts.senders == ("Mao Zedong",) and parts.recipients == ()


@pytest.mark.parametrize("name", ["Kennedy", "Jackson", "Stalin", "Gromyko", "Zhou Enlai", "Hamilton Fish", "Ho Chi Minh",
                                  "Beria", "Rostow", "Riad"])
def test_people_named_like_places_are_not_places(name):
    from pipeline.normalizing.places import is_place

    assert not is_place(name)
    assert parse_title(f"Letter from {name} to Walter Ulbricht").senders == (name,)


def test_no_name_the_authority_knows_is_a_place(authority):
    from pipeline.normalizing.places import is_place

    assert [a.text for e in authority.entities.values() for a in e.aliases if is_place(a.text)] == []


def test_countries_that_meet_are_participants():
    parts = parse_title("Meeting between Angola, Cuba, South Africa and the United States")
    assert {"Angola", "Cuba"} <= set(parts.participants)


@pytest.mark.parametrize("title, field", [
    ("Radio Committee Plan to Exploit Unrest in Poland", "recipients"),  # a purpose, not an addressee
    ("Bulgarian Intelligence Analysis of US-Greek Relations", "senders"),  # a topic
    ("Telegram, Zhou Enlai to Mao Zedong and Others, Regarding the Second Restricted Session", "recipients"),
])
def test_a_phrase_is_never_a_correspondent(title, field):
    named = getattr(parse_title(title), field)
    assert not any(word in name for name in named for word in ("Exploit", "Relations", "Others"))


@pytest.mark.parametrize("title", ["Telegram from Zhou Enlai to …", "Letter from Kim Il Sung to Joseph Stalin on the..."])
def test_a_title_cut_short_stays_unparsed(title):
    from pipeline.normalizing.titles import CUT_SHORT

    parts = parse_title(title)
    assert parts == type(parts)(rule=CUT_SHORT)


@pytest.mark.parametrize("office_and_name, name", [
    ("the Counselor of the Soviet Embassy Basmanov", "Basmanov"),
    ("Soviet Ambassador to China Stepan V. Chervonenko", "Stepan V. Chervonenko"),
    ("the General Secretary of the Central Committee of the People’s Democratic Party of Afghanistan Cde. Najib", "Najib"),
    ("Vice President of the Japan-USSR Friendship Society Kazami Akira", "Kazami Akira"),
])
def test_a_long_office_before_a_name_is_its_descriptor(office_and_name, name):
    parts = parse_title(f"Record of Conversation between Mao Zedong and {office_and_name}")
    assert parts.participants == ("Mao Zedong", name)
    assert parts.descriptor(name) and name not in parts.descriptor(name)


def test_a_letter_on_a_meeting_names_its_participants_and_keeps_its_correspondents():
    parts = parse_title("Letter from Ambassador Sándor Nógrádi to the Hungarian Foreign Ministry on the Meeting of "
                        "President István Dobi and Mao Zedong")
    assert parts.senders == ("Sándor Nógrádi",) and parts.recipients == ("the Hungarian Foreign Ministry",)
    assert parts.participants == ("István Dobi", "Mao Zedong")
    carried = parse_title("S. Kudryavtsev to A.F. Dobrynin, 'Record of Conversation with Raúl Roa'")
    assert carried.participants == ()  # a record the letter carries is not a meeting it reports


def test_a_delegation_and_its_head_both_take_part():
    parts = parse_title("Conversation between Mao Zedong and a Delegation of the Party of Labor of Albania, headed by "
                        "Comrade Beqir Balluku")
    assert parts.participants == ("Mao Zedong", "Delegation of the Party of Labor of Albania", "Comrade Beqir Balluku")


@pytest.mark.parametrize("title, number, origin", [
    ("Cable from Tehran Nº 31343/31353", "31343/31353", "Tehran"),
    ("Cable Nº 37172/37168 from Tehran", "37172/37168", "Tehran"),
    ("Secret Telegram No. 3267/IV - From Beijing to Warsaw", "3267/IV", "Beijing"),
    ("State Department Telegram 233 to US Embassy Egypt", "233", None),
    ("Airgram A-691 from the US Embassy in Argentina to the Department of State", "A-691", None),
    ("Resolution of the CPSU CC Politburo No. 132, 'Regarding the Appeal of Cde. Ceauşescu'", "132", None),
    ("Secret Telegram from Maneli (Saigon) to Spasowski (Warsaw) [Ciphergram No. 5295]", "5295", "Saigon"),
    ("Telephonogram from V. Semenov and V. Sokolovskii in Berlin to V. Molotov and N.A. Bulganin", None, "Berlin"),
    ("Telegram from Mexican Embassy, Prague", None, "Prague"),
    ("Political Report No.12 from the Embassy of the Czechoslovak Socialist Republic, Peking", "12", "Peking"),
    ("Report on the Situation in 1956", None, None),  # a year is no number
])
def test_numbers_and_places_sent_from(title, number, origin):
    parts = parse_title(title)
    assert (parts.doc_number, parts.origin_place) == (number, origin)


def test_a_bracketed_type_is_the_exact_type():
    assert parse_title("Secret Telegram from Maneli (Hanoi) to Spasowski (Warsaw) [Ciphergram No. 3175]").doc_type == \
        "Ciphered Telegram"


@pytest.mark.parametrize("title, senders, participants", [
    ("Anatoly Adamishin, 'The White Sun of Angola' (excerpts)", ("Anatoly Adamishin",), ()),
    ("Sucharipa, Austrian Foreign Ministry, 'German Unification, Soviet Position'", ("Sucharipa",), ()),
    # a quoted record of a meeting: its author took part
    ("Economic Cooperation Division [Ministry of Foreign Affairs, Japan], 'Main Points of Meeting Between Prime "
     "Minister Sato and National Defense Minister Chiang Ching-kuo'", (),
     ("Economic Cooperation Division [Ministry of Foreign Affairs, Japan]", "Sato", "Chiang Ching-kuo")),
])
def test_the_author_of_a_quoted_title(title, senders, participants):
    parts = parse_title(title)
    assert (parts.senders, parts.participants) == (senders, participants)


def test_a_title_cut_short_is_counted(authority):
    import pyarrow as pa

    from pipeline.normalizing.batches import normalize_documents
    from pipeline.normalizing.merge import MERGED_SCHEMA

    rows = [dict(doc_id=f"x{i}", record_url=None, title=title, summary=None, date_raw="1950", n_listings=1,
                 sources=["s"], record_pages=[])
            for i, title in enumerate(["Telegram from Zhou Enlai to …", "Telegram from Zhou Enlai to Mao Zedong"])]
    batch = normalize_documents(pa.Table.from_pylist(rows, schema=MERGED_SCHEMA), authority, {})
    assert batch.report.tallies["titles_cut_short"] == 1
    assert batch.documents.set_index("doc_id")["senders"].isna().tolist() == [True, False]  # the cut one: not read


@pytest.mark.parametrize("title, field, expected", [
    # an office and its holder in apposition
    ("Letter by the Chairman of the SPD, Brandt, to the General Secretary of the CC of the CPSU, Brezhnev",
     "senders", ("Brandt",)),
    ("Letter by the Chairman of the SPD, Brandt, to the General Secretary of the CC of the CPSU, Brezhnev",
     "recipients", ("Brezhnev",)),
    # an office "and" a name are two people
    ("Memorandum of Conversation between the Chinese Ambassador to the USSR and Gromyko", "participants",
     ("the Chinese Ambassador to the USSR", "Gromyko")),
    # a list of names without "and"
    ("Letter, Mao Zedong to Zhou Enlai, Chen Yi, Huang Kecheng", "recipients", ("Zhou Enlai", "Chen Yi", "Huang Kecheng")),
    # but what follows one name after a comma is a descriptor or a place
    ("Letter from Ja'far Pishevari, Leader of the Democratic Party of Azerbaijan, to Stalin", "senders",
     ("Ja'far Pishevari",)),
    # an office's place is the office's, not where the meeting was
    ("Notes from a Conversation between the 1st Secretary of the PRL Embassy in the DPRK with Comrade Pimenov",
     "participants", ("the 1st Secretary of the PRL Embassy in the DPRK", "Comrade Pimenov")),
    # an ambassador of one country to another is one office
    ("Excerpt from a Letter of the Acting Ambassador of East Germany to North Korea, Comrade Jarck", "senders",
     ("Comrade Jarck",)),
    # a gerund ends a correspondent
    ("Cable from N. Spencer Barnes to US Department of State Reviewing Developments in the GDR", "recipients",
     ("US Department of State",)),
    ("Telephone Conversation Between President Johnson and the Under Secretary of State (Ball)", "participants",
     ("Johnson", "Ball")),
    # a country's name ends an office (ISO 3166 and the Cold War's own names), and an office may be in lower case
    ("Record of Conversation Between Mikhail Gorbachev and Prime Minister of Great Britain Margaret Thatcher",
     "participants", ("Mikhail Gorbachev", "Margaret Thatcher")),
    ("Memorandum of Conversation between the Soviet Ambassador to Egypt D.S. Solod and the director of the Prime "
     "Minister’s office, A. Sabri", "participants", ("D.S. Solod", "A. Sabri")),
    # an excerpt of an author's document is that document, by that author
    ("Excerpt from the Unedited Translation of Mao Zedong’s Speech at the Moscow Conference of Communist and Workers’ "
     "Parties", "senders", ("Mao Zedong",)),
    ("Excerpt from Leonid Brezhnev’s Speech at the April (1968) CC CPSU Plenum", "doc_type", "Speech"),
])
def test_offices_lists_and_appositions(title, field, expected):
    assert getattr(parse_title(title), field) == expected


def test_a_time_range_is_not_a_dash_between_participants():
    parts = parse_title("The Chancellor's [Helmut Kohl's] Conversation with Kazakhstan's President Nazarbayev on "
                        "Saturday, 10 May 1997, 2.30 p.m. - 3.45 p.m. in Almaty")
    assert parts.participants[-1] == "Nazarbayev" and parts.descriptor("Nazarbayev") == "Kazakhstan's President"


@pytest.mark.parametrize("title, number, senders", [
    ("Telegram No. 245 S. Vinogradov to Molotov", "245", ("S. Vinogradov",)),  # an initial is no copy mark
    ("Moldavian Communist Party Central Committee, No. 101 s, to CPSU Central Committee", "101 s",
     ("Moldavian Communist Party Central Committee",)),
])
def test_a_copy_mark_after_a_number_is_lower_case(title, number, senders):
    parts = parse_title(title)
    assert (parts.doc_number, parts.senders) == (number, senders)


def test_notes_with_no_sender_stay_notes():
    assert parse_title("Notes to the Soviet Embassy").doc_type == "Notes"
    assert parse_title("Notes of the Ministry of Foreign Affairs of the People's Republic of China to the Ministry of "
                       "Foreign Affairs of the Socialist Republic of Viet Nam").doc_type == "Note"
