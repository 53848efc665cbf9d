"""PII analysis on what engineers type and on other languages and scripts (real Presidio, real spaCy model).

Technical prompts must come through untouched (product and tool names, sentence-initial imperatives,
code, versions, error codes, loopback addresses); names written in CJK, Arabic, Devanagari and
Cyrillic scripts must be found whole; ordinary non-English text must not be taken for names.
The corpora and the measurements behind these rules: `bench/pii_fp.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from proxy.nlp.pii import PiiAnalyzer
from tests.support.pii import DEFAULT_ENTITIES, found

BENCH_DATA = Path(__file__).resolve().parents[2] / "bench" / "data"


@pytest.mark.parametrize("text", [
    "Add a unit test for the Invoice class that covers a zero-amount line item.",
    "Summarise RFC 9110 in ten bullet points for a junior backend developer.",
    "Our Grafana alert for disk usage fires every night at 02:00. How do I silence it?",
    "How do I pin CUDA 12.4 and cuDNN 9 in a Dockerfile based on Ubuntu 22.04?",
    "Azure Functions cold starts take 8 seconds with the Python runtime. Any tips?",
    "Suggest names for a CLI tool that syncs Jira tickets with Linear issues.",
    "Explain the CAP theorem using Cassandra and Postgres as examples.",
    "Debug why Hugo builds the site locally but Netlify shows a blank page.",
    "How do I run CUDA kernels from Julia with CUDA.jl and check the device memory?",
    "Deploy Ollama on a single GPU node and expose it behind Traefik with basic auth.",
    "Add OpenTelemetry tracing to our FastAPI app and export spans to Jaeger.",
    "Why does BigQuery fail with \"KeyError: 'customer_id'\"?",
    "Log line: `ERROR 1213 (40001): Deadlock found when trying to get lock` - is it Keda?",
    "Bind the dev server to 0.0.0.0 and the metrics port to 127.0.0.1:9100.",
    "Standup: yesterday I fixed SRE-4410; today I am looking at Redis tail latency.",
    "Write a Helm values file for three replicas and a 512Mi memory limit.",
    "Tell me what the Apache Airflow scheduler does when a DAG run misses its schedule.",
])
async def test_technical_prompts_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# Issue 12: algorithms, laws, distributions and libraries named after people (or after words that are names),
# the prompts of the black-box attack on the proxy (every one altered before the eponym rule) and more of each
# shape: eponym + head noun, possessive + law/theorem, hyphenated pairs, lone eponyms after an imperative,
# libraries and optimisers. The rule and its lists: `PersonFilter.eponym`, `proxy/nlp/eponyms.py`.
@pytest.mark.parametrize("text", [
    "Explain the Levenshtein distance and give a Python implementation.",
    "Use a Bloom filter to dedupe URLs, false positive rate 0.01.",
    "Compare Kruskal and Prim for minimum spanning trees.",
    "Write a Kalman filter for GPS smoothing in C++.",
    "Prove the Cauchy-Schwarz inequality.",
    "Explain Bellman-Ford vs Floyd-Warshall.",
    "Apply the Boyer-Moore majority vote algorithm to this list.",
    "Why does Huffman coding produce an optimal prefix code?",
    "Describe the Liskov substitution principle with an example.",
    "Use the Fisher-Yates shuffle to randomize the deck.",
    "Let Gauss-Seidel converge within 1e-9 tolerance.",
    "Use Adam with beta1=0.9 and the Xavier initializer.",
    "Compute the Jaccard index and the Pearson correlation for these vectors.",
    "Use Jackson to serialize the POJO in Spring Boot.",
    "Explain how Paxos and Raft differ.",
    "Explain Amdahl's law and Gustafson's law.",
    "Why is Bezier interpolation used in Figma?",
    "Implement the Rabin-Karp string search.",
    "Use Lamport clocks for ordering.",
    "Describe Conway's law.",
    # more of each shape
    "Solve the system with Gauss-Jordan elimination.",
    "Apply the Radon transform to the projection data.",         # in no list: the head noun tells
    "Is the Jensen inequality tight here?",                      # a listed first name before "inequality"
    "Benchmark a Fenwick tree against a segment tree.",          # "Benchmark" is no WordNet verb
    "Summarise Black-Scholes vs Levenberg-Marquardt.",
    "Explain Goodhart's law to the data team.",
    "Run the Mann-Whitney test on both samples in Haskell.",
    "Compare Dijkstra and Tarjan for our routing service.",
    "Use the Adam optimizer and a Gray code for the encoder.",
])
async def test_eponyms_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("Ask John Kruskal about it.", "John Kruskal"),          # a first name next to an eponym: a person
    ("Edsger Dijkstra wrote the note on goto.", "Edsger Dijkstra"),
    ("Ask Kruskal about it before Friday.", "Kruskal"),      # a verb of addressing before a lone eponym
    ("Thank Huffman for the tour.", "Huffman"),
    ("Dr. Huffman will see you at 3 pm.", "Huffman"),        # a title
    ("Please send Sarah's number to the team.", "Sarah"),    # a possessive before a noun that is no law
    ("Let Jordan sort it out.", "Jordan"),                   # "sort" is a verb here: no article before Jordan
    ("Jordan will send the test results tomorrow.", "Jordan"),
    ("Compare notes with Adam Moore before Friday.", "Adam Moore"),
    ("John Moore's law firm sent the contract.", "John Moore"),
    ("Joan Fisher-Yates lives at 12 Oak Street.", "Joan Fisher-Yates"),
    ("Jackson said the server is down.", "Jackson"),
    ("Will Smith attended the meeting.", "Will Smith"),      # a sentence-initial verb that is also a name
    ("Guy Weber will join the call tomorrow.", "Guy Weber"),  # "guy" is a commoner word than a name, and a verb
])
async def test_names_shaped_like_eponyms_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.index(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


# The eponym class beyond the lists (`PersonFilter.headed_term`): a surname in no list before a technical head
# noun, possessive or not, modifiers between ("Cantor's diagonal argument"), a letter or an acronym between
# ("Lambert W function"), a listed first name with an article ("the Bell polynomials"). Every one was altered
# before; the first two are the held-out eponym prompts that still were.
@pytest.mark.parametrize("text", [
    "Why does Simpson's rule beat the trapezoid rule here?",
    "Show Cantor's diagonal argument in a few sentences.",
    "Integrate the samples with Weddle's rule and compare the error.",
    "Is Boole's rule more accurate than Simpson's rule on this grid?",
    "Use Cantor's pairing function to encode the two ids.",
    "Apply Horner's rule to evaluate the polynomial.",
    "Compute Maxwell's equations in differential form.",
    "Explain Dyson's sphere argument.",
    "Use Brent's cycle detection algorithm.",
    "Compute the Lambert W function numerically.",
    "Run the Ramsey RESET test on the model.",
    "Plot the Nelson rules on the control chart.",
    "Compute the Bell polynomials up to degree 6.",
    "Use the Lucas sequence in the primality test.",
    "Plot the Morgan curve for the data.",
    "Compute the Mason index of the graph.",
    "Run a Dixon test on the outliers.",
    "Apply a Parker filter to the scan.",
])
async def test_surnames_before_technical_head_nouns_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# Where the class would hide a person, and does not: a name part next to the surname, a verb of addressing or a
# title before it, a possessive before a noun a person owns ("phone", "number", "test results", "team", "brother"),
# an English first name before a head a person may own ("Sarah's rule", "Mary's argument", "Scott's rule"), a head
# that is a verb with no article ("Scott tests the build"). What it does hide: a lone surname that is no English
# first name before "rule", "argument", "distance" or "function" in prose ("Simpson's argument convinced the
# board"), documented in `proxy/nlp/eponyms.py`.
@pytest.mark.parametrize(("text", "name"), [
    ("Email John Simpson about the rule.", "John Simpson"),
    ("Cantor's phone is 617-555-0143.", "Cantor"),
    ("Ask Simpson's team about the release.", "Simpson"),
    ("Simpson's rule violations were reported by Mary Simpson.", "Mary Simpson"),
    ("Simpson's number is 617-555-0143.", "Simpson"),
    ("Thompson's phone number is 617-555-0143.", "Thompson"),
    ("Cantor's test results came back on Monday.", "Cantor"),
    ("I met Cantor's brother at the conference.", "Cantor"),
    ("Dr. Simpson's rule of thumb is to rest.", "Simpson"),
    ("Sarah's rule is no phones at dinner.", "Sarah"),
    ("Mary's argument convinced the board.", "Mary"),
    ("Scott's rule is strict.", "Scott"),
    ("Scott tests the build every night.", "Scott"),
    ("Lee filters the mail before lunch.", "Lee"),
    ("Booth's new algorithm was presented by Tom Booth.", "Tom Booth"),
    ("Send the Lee distance report to Ann Lee.", "Ann Lee"),
])
async def test_people_next_to_technical_head_nouns_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                   name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.rindex(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


# The class, broader (`proxy.nlp.eponyms.TERM_HEADS`): head nouns of science and engineering beyond the short
# list, in the plural too; a head that is also a verb read as a noun in an object's place (after the leading verb,
# a preposition or "what"); the particles of a surname ("van der", "Le"); an English first name before "rule" after
# a possessive in a sentence with other technical nouns. Every one was altered before.
@pytest.mark.parametrize("text", [
    "Compute Ramsey numbers for small graphs.",
    "At what Dean number does the secondary flow appear?",
    "Apply Wynn extrapolation to the series.",
    "Replace the division with Granlund-Montgomery reduction.",
    "Draw a Gantt chart of the sprint.",
    "Check the Armijo conditions in the line search.",
    "Compute the van der Corput sequence in base 2.",
    "Apply Le Cam's theorem to the binomial sum.",
    "Estimate the kernel bandwidth for the histogram with Scott's rule.",
    "Use Cody-Waite reduction for the sine argument.",
])
async def test_broader_eponym_class_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# Where the broader class would hide a person, and does not: a head that is a verb after no article, object place or
# after a verb that takes a clause ("Let", "Have"), a capitalised head (a company: "Williams Group"), a first name's
# rule with no technical noun around or with a phone number, a particle before a first name and a surname.
@pytest.mark.parametrize(("text", "name"), [
    ("Lucas numbers the pages before printing.", "Lucas"),
    ("Have Mary model the data for the board.", "Mary"),
    ("Let Scott score the interviews.", "Scott"),
    ("Scott's rule about the kitchen is strict.", "Scott"),
    ("Sarah's rule: call 617 555 0143 before the histogram review.", "Sarah"),
    ("Email Laura De Morgan the draft.", "Laura De Morgan"),
    ("Meet Anna van der Berg at the station.", "Anna van der Berg"),
])
async def test_people_next_to_broader_head_nouns_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                 name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.rindex(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


# Issue 12, false positives by class (every one altered before): a preposition before the term is an object's place
# ("to Tait-Bryan angles"); a head in its base form after a sentence's lone surname is a noun, since a singular
# subject's verb takes "-s" ("Johnson model fits"); a capitalised word where software goes or runs is a product, a
# cluster or a host ("Deploy to Aurora", "the job on Aurora", `PersonFilter.infrastructure`).
@pytest.mark.parametrize("text", [
    "Convert the rotation matrix to Tait-Bryan angles.",
    "Johnson model fits the data well.",
    "Davis model results look off after the refit.",
    "Deploy to Aurora failed.",
    "Deployed to Aurora at noon.",
    "The job on Aurora failed again.",
    "Migrate the database to Aurora before the freeze.",
    "We migrated to Aurora last week.",
    "The nightly build on Orion failed.",
    "The containers on Odin restarted twice.",
])
async def test_terms_and_deploy_targets_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# Where those classes would hide a person, and do not: a head that is a verb of the subject ("models", or with an
# object after it), a clause between the deploy word and "to", a possessive after the word, tests or a query on a
# person, a verb that hands something over, a conjunction before the name; and a surname found as a person is
# redacted in the term too.
@pytest.mark.parametrize(("text", "name"), [
    ("Johnson models the data for the board.", "Johnson"),
    ("Gordon sort the tickets.", "Gordon"),
    ("Deploy the build, then send the notes to Aurora.", "Aurora"),
    ("Run the pipeline on Maria's laptop.", "Maria"),
    ("The nurse ran blood tests on Maria yesterday.", "Maria"),
    ("Quick query on Maria: is she joining?", "Maria"),
    ("Hand the job to Aurora.", "Aurora"),
    ("Before Scott tests the build, run lint.", "Scott"),
    ("Talk to Scott before the release.", "Scott"),
    ("Mike Johnson built the Johnson model.", "Johnson"),
])
async def test_people_beside_terms_and_deploy_words_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                   name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    for m in re.finditer(name, text):
        assert set(range(m.start(), m.end())) <= covered, text[m.start():]


# Issue 12, the classes of the fourth held-out eponym set (`bench/data/technical_eponyms_holdout4.txt`; every one was
# altered before): notation heads ("symbol", "notation"); "form" bare after a preposition, an adjective between at
# most; one noun between the surname and a head where a noun phrase starts (an article, a preposition, an auxiliary);
# a model number with the word's initial after it; a head in its "-s" form after an auxiliary, a plural noun; a unit
# named after a person in a conversion.
@pytest.mark.parametrize("text", [
    "Write the Levi-Civita symbol as a NumPy array for the cross product.",
    "Use Landau notation for the running time.",
    "Reduce the matrix to upper Hessenberg form before the QR iterations.",
    "Write the polynomial in Horner form.",
    "Is Elias gamma coding better than varint for small integers?",
    "Value the stock with the Gordon growth model.",
    "Estimate a Cobb-Douglas production function from the panel data.",
    "Compute the Brillouin diversity index for each sample.",
    "Port the training job from a Tesla V100 to a Blackwell B200.",
    "Benchmark the Hopper H100 against the Lovelace L40.",
    "Why do Cooper pairs form in a superconductor?",
    "Why do Kramers pairs stay degenerate?",
    "Convert the sensor readings from Fahrenheit to Kelvin.",
    "Convert the energy figures from Calories to Joules.",
])
async def test_eponym_classes_of_the_fourth_held_out_set_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


# Where those classes would hide a person, and do not: "form" or "rating" with an article (a person's document or
# rating), a noun a person's things are named with or a time between the name and a head, a verb or an adjective
# between, a base-form head after an auxiliary (the name's verb), a code after a name that does not start with its
# initial, "to" after a conversion with a clause between, after "express" or after "converted" as an adjective.
@pytest.mark.parametrize(("text", "name"), [
    ("Please sign the Johnson form before Friday.", "Johnson"),
    ("Give the Kowalski rating to HR.", "Kowalski"),
    ("Review the Smith family tree with Anna.", "Smith"),
    ("Talk to Kowalski tomorrow morning about the rollout.", "Kowalski"),
    ("Is Elias busy coding today?", "Elias"),
    ("Does Scott test code on Fridays?", "Scott"),
    ("Did Nowak finish the report?", "Nowak"),
    ("Assign Lee PR123 before Friday.", "Lee"),
    ("Convert the file, then send it to Kelvin.", "Kelvin"),
    ("Express your thanks to Kelvin for the review.", "Kelvin"),
    ("Send the converted files to Kelvin.", "Kelvin"),
])
async def test_people_beside_the_fourth_sets_classes_are_still_found(analyzer: PiiAnalyzer, text: str,
                                                                    name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    start = text.index(name)
    assert set(range(start, start + len(name))) <= covered


# A word found as part of a person's name is that name wherever else it stands in the text, capitalised and spelled
# the same, possessive too (`proxy.nlp.pii._name_echoes`): the rule's reading of the lone word no longer leaks it.
@pytest.mark.parametrize(("text", "word"), [
    ("Simpson's rule violations were reported by Mary Simpson.", "Simpson"),
    ("Cantor's diagonal argument was presented by Jane Cantor yesterday.", "Cantor"),
    ("Booth's multiplication algorithm was rewritten by Tom Booth; Booth says it is faster.", "Booth"),
    ("Kruskal and Prim are both on leave, ask Anna Kruskal.", "Kruskal"),
    # beside a hyphen, a digit or `_` too (a README-only review: these went up as sent)
    ("Greta Lindqvist called. The Lindqvist-Whitaker test failed for her.", "Lindqvist"),
    ("Brandon Whitfield wrote the Bellman-Whitfield equation notes.", "Whitfield"),
    ("Brandon Whitfield saved Whitfield2 and Whitfield_notes.txt today.", "Whitfield"),
])
async def test_every_occurrence_of_a_found_name_word_is_redacted(analyzer: PiiAnalyzer, text: str,
                                                                 word: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    starts = [m.start() for m in re.finditer(word, text)]
    assert len(starts) >= 2
    for start in starts:
        assert set(range(start, start + len(word))) <= covered, text[start:]


# The plural of a found name's word is that family, redacted whole (its "s" too, possessive or not), and the word in
# capitals: before, the plural possessive went up as sent ("the Kowalskis' rule") while "KOWALSKI" in the same text
# was redacted.
@pytest.mark.parametrize(("text", "form"), [
    ("Jan Kowalski wrote it. The Kowalskis' rule goes upstream, KOWALSKI too.", "Kowalskis"),
    ("Jan Kowalski wrote it. Kowalskis’ notes are in the wiki.", "Kowalskis"),
    ("Greta Lindqvist called. The Lindqvists will visit on Friday.", "Lindqvists"),
    ("Ann Jones called. The Joneses' rule applies to the shared drive.", "Joneses"),
    ("Liz Walsh wrote it. The Walshes' rule applies.", "Walshes"),
    # in capitals too (a word of four letters or more)
    ("Jan Kowalski wrote it. THE KOWALSKIS' RULE APPLIES.", "KOWALSKIS"),
    ("Greta Lindqvist wrote it. LINDQVIST-2 failed.", "LINDQVIST"),
])
async def test_the_plural_and_capitals_of_a_found_name_word_are_redacted_whole(analyzer: PiiAnalyzer, text: str,
                                                                              form: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.index(form)
    assert any(s.entity == "PERSON" and s.score >= 0.4 and s.start <= start and start + len(form) <= s.end
               for s in spans), text


async def test_a_found_name_word_of_three_letters_is_not_echoed_in_capitals(analyzer: PiiAnalyzer) -> None:
    text = "Sam Lee deployed it with SAM."  # AWS SAM: a short word in capitals is as often an acronym
    assert ("PERSON", "SAM") not in await found(analyzer, text)
    assert ("PERSON", "Sam Lee") in await found(analyzer, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Email Karen Fisher the Q3 report.", "Karen Fisher"),
    ("Tell Prim the package arrived.", "Prim"),
])
async def test_a_sentence_initial_verb_is_no_part_of_a_name(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    assert {text[s.start:s.end] for s in spans if s.entity == "PERSON" and s.score >= 0.4} == {name}


@pytest.mark.parametrize(("text", "name"), [
    ("请把合同发给王秀英。", "王秀英"),
    ("Please forward the contract to 李倩 before Friday.", "李倩"),
    ("木村陽一さんに見積書を送ってください。", "木村陽一"),
    ("担当は渡辺 明美です。", "渡辺 明美"),
    ("홍정훈 씨에게 계약서를 보내 주세요.", "홍정훈"),
    ("أرسل العقد إلى مريم حجازي اليوم.", "مريم حجازي"),
    ("دیروز با مبینا بهمنی صحبت کردم.", "مبینا بهمنی"),
    ("कृपया अनुबंध राहुल जैन को भेजें।", "राहुल जैन"),
    ("Please ask राहुल to review the pull request.", "राहुल"),
    ("सागर डंगोल भोलि बैठकमा आउनुहुन्छ।", "सागर डंगोल"),
    ("Иван Петров придёт на встречу завтра.", "Иван Петров"),
    ("我昨天和王芳讨论了预算。", "王芳"),    # a two-character name between Han characters, after 和
    ("王芳明天来开会。", "王芳"),
    ("请通知李娜参加会议。", "李娜"),
])
async def test_names_in_other_scripts_are_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.index(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


@pytest.mark.parametrize("text", [
    "Können Sie mir bitte helfen, den Bericht bis Freitag fertigzustellen?",
    "Wir fliegen morgen früh nach Berlin und sind am Abend zurück.",
    "Our team in Boston ships the release on Monday.",
    "高速公路上车很多，我们可能会晚到半小时。",
    "明天天气很好，适合去公园散步。",
    "आशा है कि आप सब ठीक हैं।",
    "نور الشمس قوي جدا في الصيف.",
    "Résumez ce rapport en trois phrases, s'il vous plaît.",
    # rows of nouns without function words: py3langid tells the language, then a lone listed first name at
    # the start or after an article is a word ("Rose" roses, "Mari" seas, "Amico" friend, "Sommer" summer)
    "Rose rosse, tulipani gialli e gigli bianchi per la festa.",
    "Mari calmi, cielo sereno, vento debole da nord.",
    "Amico mio, grazie mille per tutto.",
    "Im Sommer bleibt das Büro freitags geschlossen.",
    "El envío sale mañana desde Valencia.",
    "Vino tinto, pan y queso para la cena.",
    "Soirée jeux vendredi soir, apportez vos boissons.",
    "这份文件需要翻译成英文版本。",  # 成 + 英 are a listed surname and given name
    "风景雪山的照片很好看。",
    "Our new office in Georgia opens in May.",  # a census first name the NER model calls a place
])
async def test_ordinary_non_english_text_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("My name is Ruby and I need help with my order.", "Ruby"),         # a product name with a name cue
    ("Dear Julia, the invoice is attached.", "Julia"),
    ("Mark said the Terraform plan looks fine.", "Mark"),               # a verb that is a first name, as subject
    ("Taylor Swift wrote the song.", "Taylor Swift"),                   # a surname that is also a tech term
    ("Please add Toshimi Arata to the Jira project.", "Toshimi Arata"),  # a name in a technical sentence
    ("Ich habe gestern mit Jürgen Schneider telefoniert.", "Jürgen Schneider"),
    ("Could you please correct it to Dr. Cettina Fanucci?", "Cettina Fanucci"),  # the NER model's whole span
])
async def test_names_next_to_technical_or_foreign_words_are_still_found(
        analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert ("PERSON", name) in await found(analyzer, text)


@pytest.mark.parametrize(("text", "name"), [
    ("Frau Sommer kommt morgen ins Büro.", "Sommer"),            # a title before a lone name
    ("Ho parlato ieri con Rosa Bianchi.", "Rosa Bianchi"),       # a first name with a surname
    ("Mari Tamm saabub homme.", "Mari Tamm"),                    # at the start, with a surname
    ("Wir treffen uns mit Maria de la Cruz in Madrid.", "Maria de la Cruz"),
    ("Georgia said the plan works.", "Georgia"),
    ("Jacopo Rinaldi arriverà domani in ufficio.", "Jacopo Rinaldi"),  # "Jacopo" is in the English word list
    ("Grzegorz Nowak przyjedzie jutro do biura.", "Grzegorz Nowak"),
])
async def test_names_in_other_languages_are_still_found(analyzer: PiiAnalyzer, text: str, name: str) -> None:
    (spans,) = await analyzer.analyze([text], DEFAULT_ENTITIES)
    start = text.index(name)
    covered = {i for s in spans if s.entity == "PERSON" and s.score >= 0.4 for i in range(s.start, s.end)}
    assert {i for i in range(start, start + len(name)) if not text[i].isspace()} <= covered


def test_language_of_a_sentence_without_function_words() -> None:
    """The stop-word count decides when it can; otherwise py3langid does, only for sentences whose lower-case
    words are mostly not English (an English heading or a list of products stays English)."""
    import spacy

    from proxy.nlp.names import name_lists
    from proxy.nlp.recognizers import PersonFilter
    from proxy.nlp.tech_terms import TECH_TERMS

    tokenizer = spacy.blank("en")
    person_filter = PersonFilter(name_lists(), frozenset(), TECH_TERMS)

    def language(text: str) -> str:
        return person_filter.language([t.text for t in tokenizer(text)], 0)

    assert language("Tulipani gialli, gigli bianchi, rose rosse.") == "it"  # "en" by stop words alone
    assert language("Vino tinto, queso manchego, pan casero.") == "es"
    assert language("Können Sie mir bitte helfen, den Bericht fertigzustellen?") == "de"
    assert language("Quarterly revenue report, draft version for review.") == "en"
    assert language("Grafana, Loki and Tempo dashboards for the payments cluster.") == "en"
    assert language("kubectl get pods -o json | jq the names") == "en"


async def test_technical_corpus_false_positives_at_most_one_percent(analyzer: PiiAnalyzer) -> None:
    for path in (BENCH_DATA / "technical_prompts.txt", BENCH_DATA / "technical_prompts_holdout.txt",
                 BENCH_DATA / "technical_eponyms.txt"):
        # one prompt a line; backslash-n is a newline, two backslashes one backslash (bench/make_technical_corpus.py)
        texts = [line.replace("\\\\", "\0").replace("\\n", "\n").replace("\0", "\\")
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        results = await analyzer.analyze(texts, DEFAULT_ENTITIES)
        altered = sum(any(s.score >= 0.4 for s in spans) for spans in results)
        assert altered <= len(texts) // 100, (path.name, altered)


def test_eponym_corpus_is_the_generators_output() -> None:
    """bench/data/technical_eponyms.txt is `make_technical_corpus.py --eponyms` (seed 12, 300 prompts)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_technical_corpus",
                                                  BENCH_DATA.parent / "make_technical_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    prompts = module.generate_eponyms(12, 300)
    assert len(prompts) == 300 == len(set(prompts))
    assert (BENCH_DATA / "technical_eponyms.txt").read_text(encoding="utf-8").splitlines() == prompts
    from proxy.nlp.eponyms import EPONYMS, EPONYMS_IN_CONTEXT

    # RULE_ONLY measures the head-noun rule alone: none of its words may be in the rule's lists
    listed = {w for term in module.RULE_ONLY for w in re.split(r"[ -]", term.lower())} & (EPONYMS | EPONYMS_IN_CONTEXT)
    assert listed == set()


# Issue 12: numbers engineers write whose groups read as a phone number's, as written or once the view folds
# their separators (`256 x 512 x 1024` reads `256 512 1024`): shapes, dates side by side, versions, labelled
# lists; and capitalised labels before numbers, all-caps words of code and logs, that are no names.
@pytest.mark.parametrize("text", [
    "reshape to 256 x 512 x 1024",
    "Reshape the tensor to 256 x 512 x 1024 before the matmul.",
    "the activations have shape (128, 512, 1024)",
    "print(x.shape) gives torch.Size([64, 512, 1024])",
    "consecutive 2024-06-17 2024-06-18",
    "Backfill 2024-06-17/2024-06-18 and then 2024-06-17..2024-06-18 again.",
    "range 2024-06-17 - 2024-06-18",
    "between 06/17/2024 06/18/2024, or 17.06.2024 18.06.2024",
    "Which versions 617.555.0143 and 617.555.0144 changed the API?",
    "The release 617.555.0143 broke the build; pin foo==617.555.0143 for now.",
    "Open ports: 6170 5550 1430 on the load balancer.",
    "Epochs: [10, 20, 30]",
    "Hyperparameters:\nEpochs: (10, 20, 30)\nBatches: {32, 64, 128}",
    "Steps: `100`",
    "Epochs: Ten",
    "README TODO HTTP GET AWS IAM JSON SCHEMA ERROR WARN",
    # sizes after a shape word, a phone number's three groups deep inside the run (`1000 4096 4096`)
    "tensor 3 224 224 1 1000 4096 4096",
    "The tensor is 3 224 224 1 1000 4096 4096 in the log.",
    # a prompt in capitals: a surname-shaped word next to other words in capitals is no name
    "PLEASE REWRITE THIS PARAGRAPH OF OUR DESIGN DOC SO IT IS SHORTER AND CLEARER.",
    "EXPLAIN WHAT THE LINUX OOM KILLER'S OOM_SCORE_ADJ DOES.",
    "SUMMARISE TICKET DATA-77: THE VERTEX AI EXPORTER DROPS SAMPLES SINCE TUESDAY.",
    # a listed first name that is an English adjective and no English first name ("GREEN"), in capitals
    "WHY IS THE BUILD GREEN BUT THE DEPLOY RED?",
    "THE DASHBOARD TURNED GREEN AFTER THE ROLLBACK.",
    "ALL CHECKS GREEN ON MAIN.",
])
async def test_numbers_and_labels_engineers_write_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


@pytest.mark.parametrize(("text", "phone"), [
    ("call 617.555.0143", "617.555.0143"),                    # dotted like a version, with a phone word
    ("phone: 617.555.0143", "617.555.0143"),
    ("version 2 of the app; call 617.555.0143", "617.555.0143"),
    ("release notes: contact 617.555.0143", "617.555.0143"),
    ("call 256 x 512 x 1024", "256 x 512 x 1024"),            # a phone word before a shape's digits
    ("617 x 555 x 0143", "617 x 555 x 0143"),                 # groups apart by a short word
    ("Standup notes 2024-06-17 617-555-0143", "617-555-0143"),  # a phone number next to a date
    ("size 617-555-0143 is my cell", "617-555-0143"),         # a label word before a dashed phone number
])
async def test_phone_numbers_next_to_technical_words_are_still_found(
        analyzer: PiiAnalyzer, text: str, phone: str) -> None:
    assert ("PHONE_NUMBER", phone) in await found(analyzer, text)


@pytest.mark.parametrize(("text", "name"), [
    ("please ask jane doe about it", "jane doe"),       # the model took "jane" only
    ("please ask jane q doe about it", "jane q doe"),
    ("JANE DOE", "JANE DOE"),                           # all capitals: a listed first name, a listed surname
    ("CONTACT: JOHN SMITH", "JOHN SMITH"),
    ("please email JANE DOE the report", "JANE DOE"),
    ("DEAR JOHN SMITH, THANKS", "JOHN SMITH"),
    ("Please ask John SMITH about it.", "John SMITH"),     # a surname in capitals among lower-case words
    ("Ask SMITH about it.", "SMITH"),
])
async def test_lower_case_and_capitalised_full_names_are_found_whole(
        analyzer: PiiAnalyzer, text: str, name: str) -> None:
    assert ("PERSON", name) in await found(analyzer, text)


# Issue 12 (README-only attack, round 2): number sequences, constants, powers of two, lists of ids, network
# prefixes, logins on hosts and labels or GC algorithms that read as names: all left alone.
@pytest.mark.parametrize("text", [
    "Primes: 2 3 5 7 11 13 17 19 23 29 31 37 41 43 47",
    "Powers of two: 1 2 4 8 16 32 64 128 256 512 1024 2048 4096",
    "Squares: 1 4 9 16 25 36 49 64 81 100 121 144 169 196 225",
    "Triangular numbers 1 3 6 10 15 21 28 36 45 55 66 78 91 105",
    "Fibonacci: 1 1 2 3 5 8 13 21 34 55 89 144 233 377 610 987",
    "Output of seq: 100 200 300 400 500 600 700 800 900",
    "seq 1 20 prints 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20",
    "Batch sizes tried: 256 512 1024, learning rates 3e-4 1e-3.",
    "The histogram bins were 212 555 12 and 9876 counts.",
    "IDs 2120 5550 1430 were retried.",
    "Order ids: 212-555-01, 212-555-02",
    "Hash ring with 2^32 = 4294967296 slots.",
    "Max int64 is 9223372036854775807 and max uint32 is 4294967295.",
    "Pi is 3.14159265358979 and e is 2.718281828459045.",
    "Mark Sweep and Cheney are GC algorithms.",
    "Use the Mark-Sweep collector.",
    "git clone git@github.com:org/repo.git",
    "ssh ubuntu@ec2-instance-7.compute-1.amazonaws.com",
    "Run ssh deploy@build-01.corp.example and sudo",
    "CIDR 10.0.0.0/8 and 192.168.0.0/16",
    "Use the 2001:db8::/32 documentation prefix.",
    "git log --author=alice shows commits",
    "ssh -i ~/.ssh/id_rsa -p 2222 admin@bastion.acme.com",
    "rsync -avz ./dist/ deploy@web-01.acme.com:/srv/www/",
])
async def test_sequences_constants_prefixes_and_logins_are_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert await found(analyzer, text) == set()


async def test_a_login_to_a_host_named_by_its_address_is_no_mailbox(analyzer: PiiAnalyzer) -> None:
    # (the login stays no e-mail address; the public IPv4 address its host name spells is one: atk26 F16, host27)
    assert await found(analyzer, "ssh ubuntu@ec2-3-91-12-34.compute-1.amazonaws.com") == {("IP_ADDRESS", "3-91-12-34")}


# ... and the values those rules must not hide: a sequence's label before a value, a value among a sequence's
# numbers, a person's mailbox after `ssh`, a host address with its prefix length, a name before "of" mid-sentence.
@pytest.mark.parametrize(("text", "entity", "value"), [
    ("Primes: 212 555 1234", "PHONE_NUMBER", "212 555 1234"),
    # A label, a shape word or brackets never hide a phone number in its printed groups (3-3-4, valid): any text
    # could put one before a number (`size 617 555 0143`). Ids or bins written so are redacted: the trade-off.
    ("IDs 212 555 0143 were retried.", "PHONE_NUMBER", "212 555 0143"),
    ("The histogram bins were 212 555 1234 and 9876 counts.", "PHONE_NUMBER", "212 555 1234"),
    ("size 617 555 0143", "PHONE_NUMBER", "617 555 0143"),
    ("tensor 3 224 617 555 0143", "PHONE_NUMBER", "617 555 0143"),
    ("ports: 617 555 0143", "PHONE_NUMBER", "617 555 0143"),
    ("steps 617, 555, 0143", "PHONE_NUMBER", "617, 555, 0143"),
    ("values [617, 555, 0143]", "PHONE_NUMBER", "617, 555, 0143"),
    ("Primes: 617-555-0143", "PHONE_NUMBER", "617-555-0143"),
    ("Powers of two: 1 2 4 8 16 call me 617 555 0143", "PHONE_NUMBER", "617 555 0143"),
    ("call 212 555 1234", "PHONE_NUMBER", "212 555 1234"),
    ("card 4111 1111 1111 1111", "CREDIT_CARD", "4111 1111 1111 1111"),
    ("ssh to my box and mail jane.doe@example.com", "EMAIL_ADDRESS", "jane.doe@example.com"),
    ("ssh jane.doe@example.com", "EMAIL_ADDRESS", "jane.doe@example.com"),
    ("scp notes.txt admin@gmail.com:/tmp", "EMAIL_ADDRESS", "admin@gmail.com"),
    ("mail admin@acme.com", "EMAIL_ADDRESS", "admin@acme.com"),
    ("ssh to my box and mail admin@acme.com", "EMAIL_ADDRESS", "admin@acme.com"),
    ("CIDR 10.20.30.40/32 then ping 10.20.30.41", "IP_ADDRESS", "10.20.30.41"),
    ("host 10.20.30.40/24 is down", "IP_ADDRESS", "10.20.30.40/24"),
    ("Talk to Mark Johnson", "PERSON", "Mark Johnson"),
    # in capitals, an English first name that is an adjective too, and a first name that is none, stay names
    ("PLEASE FORWARD THE CONTRACT TO AMBER BEFORE FRIDAY.", "PERSON", "AMBER"),
    ("PLEASE FORWARD THE CONTRACT TO ANDREI BEFORE FRIDAY.", "PERSON", "ANDREI"),
    ("ask ruby smith about the git log", "PERSON", "ruby smith"),
])
async def test_values_next_to_sequences_and_logins_are_still_found(
        analyzer: PiiAnalyzer, text: str, entity: str, value: str) -> None:
    assert (entity, value) in await found(analyzer, text)


# A README-only review: an address in a quoted keyword argument took the key with it (`User(<EMAIL_ADDRESS_1>',`:
# the model read unbalanced code), and a four-part version after a version word was an IP address.
@pytest.mark.parametrize(("text", "value"), [
    ("user = User(email='bob.ross@acme-corp.com', active=True)", "bob.ross@acme-corp.com"),
    ("send_mail(to='bob.ross@acme-corp.com')", "bob.ross@acme-corp.com"),
    ('notify(cc="jane.doe@example.com")', "jane.doe@example.com"),
    ("GET /u?a=1&email=bob@acme.com HTTP/1.1", "bob@acme.com"),
    ("send_mail(to='bob.ross@acme-corp.comx')", "bob.ross@acme-corp.com"),
    ("to='jane.doe@acme.internal'", "jane.doe@acme.internal"),
    ("mail o'brien@acme.com now", "o'brien@acme.com"),
])
async def test_an_address_after_a_key_or_a_quote_is_found_without_them(analyzer: PiiAnalyzer, text: str,
                                                                       value: str) -> None:
    assert await found(analyzer, text) == {("EMAIL_ADDRESS", value)}


@pytest.mark.parametrize(("text", "address"), [
    ("Version 4.1.1.1 of libfoo fixes the crash", None),
    ("upgrade to version 1.2.3.4 today", None),
    ("pip install foo==1.2.3.4", None),
    ("tag v2.0.0.1 is out", None),
    ("release on 10.0.0.5 now", "10.0.0.5"),  # a word between: an address
    ("server 10.0.0.1 is down", "10.0.0.1"),
    ("the version host is 10.0.0.7", "10.0.0.7"),
])
async def test_a_four_part_version_after_a_version_word_is_no_address(analyzer: PiiAnalyzer, text: str,
                                                                      address: str | None) -> None:
    assert await found(analyzer, text) == ({("IP_ADDRESS", address)} if address else set())
