"""Attribution and speaker-key rules on constructed texts (exact speakers, keys, cues, offsets)."""
import pandas as pd
import pyarrow as pa

from newsflow.tasks.quotes import QUOTES_SCHEMA, extract_quotes


def _ents(text, *mentions):
    """(surface, label, key) -> entity rows at the first occurrence of each surface after the previous."""
    rows, pos = [], 0
    for surface, label, key in mentions:
        start = text.index(surface, pos)
        rows.append(("a", start, start + len(surface), surface, label, key))
        pos = start + 1
    return rows


def _run(text, mentions=(), sentence_starts=(0,), language="en", parsers=None):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "language": [language]})
    ends = list(sentence_starts[1:]) + [len(text)]
    sents = pd.DataFrame({"article_id": "a", "sentence_idx": range(len(sentence_starts)),
                          "start_char": list(sentence_starts), "end_char": ends})
    ent = pd.DataFrame(_ents(text, *mentions), columns=["article_id", "start_char", "end_char", "text", "label",
                                                        "entity_key"])
    return extract_quotes(arts, sents, ent, parsers)


def test_appositive_between_name_and_cue():
    text = 'Robert Benmosche, Metlife\'s chairman, said it was "a great opportunity for the brand".'
    q = _run(text, [("Robert Benmosche", "PERSON", "Robert Benmosche")])
    assert q.loc[0, "text"] == "a great opportunity for the brand"
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"], q.loc[0, "cue"]) == ("Robert Benmosche", "Robert Benmosche", "said")


def test_appositive_after_quote_with_age():
    text = '"They did not have to do it," Makaeo Williams, 18, said.'
    q = _run(text, [("Makaeo Williams", "PERSON", "Makaeo Williams")])
    assert q.loc[0, "speaker"] == "Makaeo Williams" and q.loc[0, "speaker_key"] == "Makaeo Williams"


def test_organisation_speaker_has_text_but_no_key():
    text = '"We will fix the flaw within weeks," Microsoft said.'
    q = _run(text, [("Microsoft", "ORG", "Microsoft")])
    assert q.loc[0, "speaker"] == "Microsoft" and q.loc[0, "speaker_key"] is None and q.loc[0, "cue"] == "said"


def test_possessed_role_is_not_the_possessor():
    text = "\"The family wants answers now,\" said Mr Flynn's lawyer."
    q = _run(text, [("Mr Flynn's", "PERSON", "Flynn")])
    assert q.loc[0, "speaker"] == "Mr Flynn's lawyer" and q.loc[0, "speaker_key"] is None


def test_surname_completed_to_full_name():
    text = 'John Westwood runs the firm. "Production will decline soon," Mr Westwood said.'
    q = _run(text, [("John Westwood", "PERSON", "John Westwood"), ("Mr Westwood", "PERSON", "Westwood")], (0, 29))
    assert q.loc[0, "speaker_key"] == "John Westwood" and q.loc[0, "sentence_idx"] == 1


def test_pronoun_prefers_subject_over_object():
    text = 'Ed Balls said he would not attack Gordon Brown. "This is a big change," he said.'
    mentions = [("Ed Balls", "PERSON", "Ed Balls"), ("Gordon Brown", "PERSON", "Gordon Brown")]
    q = _run(text, mentions, (0, 48))
    assert q.loc[0, "speaker_key"] == "Ed Balls"


def test_pronoun_skips_other_gender_by_honorific():
    text = 'Mr Lee met Mrs Kaur. "We agreed on everything today," she said.'
    q = _run(text, [("Mr Lee", "PERSON", "Lee"), ("Mrs Kaur", "PERSON", "Kaur")], (0, 21))
    assert q.loc[0, "speaker_key"] == "Kaur"


def test_role_noun_prefers_person_with_that_title():
    text = ('Commissioner Charles Ramsey praised officers. Reporter Paul Kurtz reports on it. '
            'The commissioner says: "They did an excellent job."')
    mentions = [("Charles Ramsey", "PERSON", "Charles Ramsey"), ("Paul Kurtz", "PERSON", "Paul Kurtz")]
    q = _run(text, mentions, (0, 46, 81))
    assert q.loc[0, "speaker"] == "The commissioner" and q.loc[0, "speaker_key"] == "Charles Ramsey"


def test_told_object_is_not_a_speaker_candidate():
    text = ('Jose Reyes told Cadena Cope he was unhappy. "I want to leave the club soon," he added.')
    mentions = [("Jose Reyes", "PERSON", "Jose Reyes"), ("Cadena Cope", "PERSON", "Cadena Cope")]
    q = _run(text, mentions, (0, 44))
    assert q.loc[0, "speaker_key"] == "Jose Reyes"


def test_new_sentence_after_full_stop_is_not_an_attribution():
    text = 'Mr Blair spoke. "We must change direction now." The Tories, he said, can cut crime.'
    q = _run(text, [("Mr Blair", "PERSON", "Tony Blair")], (0, 16, 48))
    assert len(q) == 1 and q.loc[0, "cue"] is None and q.loc[0, "speaker"] is None


def test_joint_speakers_get_no_key():
    text = 'Students Ryan Crabbe and Gordon Rennie, who observed, "It was not very inspiring at all."'
    mentions = [("Ryan Crabbe", "PERSON", "Ryan Crabbe"), ("Gordon Rennie", "PERSON", "Gordon Rennie")]
    q = _run(text, mentions)
    assert q.loc[0, "speaker"] == "Students Ryan Crabbe and Gordon Rennie" and q.loc[0, "speaker_key"] is None


def test_previous_paragraph_cue_attributes_a_paragraph_opening_quote():
    text = 'The catastrophe overshadowed hopes, Mr Howard said.\n"We watched the scenes with disbelief."'
    q = _run(text, [("Mr Howard", "PERSON", "Michael Howard")], (0, 52))
    assert q.loc[0, "speaker"] == "Mr Howard" and q.loc[0, "speaker_key"] == "Michael Howard"


def test_detokenised_spacing_and_line_per_sentence():
    text = 'Deng spoke.\n"These people should be taken to book.\nThey should obey the law, "Deng told reporters.'
    q = _run(text, [("Deng", "PERSON", "Taban Deng"), ("Deng", "PERSON", "Taban Deng")], (0, 12, 51))
    assert q.loc[0, "text"] == "These people should be taken to book.\nThey should obey the law,"
    assert q.loc[0, "speaker_key"] == "Taban Deng" and q.loc[0, "cue"] == "told"


def test_batch_of_articles_empty_and_schema():
    arts = pd.DataFrame({"article_id": ["x", "y"], "text": ['No quotes here.', '"Yes, we can do it," he said.']})
    empty = pd.DataFrame(columns=["article_id", "sentence_idx", "start_char", "end_char"])
    ents = pd.DataFrame(columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])
    q = extract_quotes(arts, empty, ents)
    assert list(q["article_id"]) == ["y"] and list(q["quote_idx"]) == [0] and q.loc[0, "speaker_key"] is None
    table = pa.Table.from_pandas(q, schema=QUOTES_SCHEMA, preserve_index=False)
    assert table.num_rows == 1 and table.schema.equals(QUOTES_SCHEMA)
    none = extract_quotes(arts.iloc[:0], empty, ents)
    assert list(none.columns) == QUOTES_SCHEMA.names and len(none) == 0


def test_ap_title_abbreviations_and_a_place_after_of_do_not_take_the_speaker():
    text = '"This is the kind of crime," said Dist. Atty. Steve Cooley.'
    q = _run(text, [("Dist", "PERSON", "Dist"), ("Steve Cooley", "PERSON", "Steve Cooley")])
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"]) == ("Dist. Atty. Steve Cooley", "Steve Cooley")
    text = 'Her father Herbert Flynn of Fort Coffee said later, "I am glad it is over now."'
    q = _run(text, [("Herbert Flynn", "PERSON", "Herbert Flynn"), ("Fort Coffee", "GPE", "Fort Coffee")])
    assert q.loc[0, "speaker_key"] == "Herbert Flynn"


def test_a_role_before_a_name_with_initials_after_the_quote():
    text = '"It is disappointing to hear about it," general manager A.J. Smith said in a statement.'
    q = _run(text, [("A.J. Smith", "PERSON", "AJ Smith")])
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"]) == ("general manager A.J. Smith", "AJ Smith")


def test_a_long_role_before_a_name_after_the_quote():
    text = '"People panicked," national disaster agency spokesman Sutopo Purwo Nugroho said.'
    q = _run(text, [("Sutopo Purwo Nugroho", "PERSON", "Sutopo Purwo Nugroho")])
    assert q.loc[0, "speaker_key"] == "Sutopo Purwo Nugroho" and q.loc[0, "cue"] == "said"


def test_a_verb_chain_before_the_cue():
    for chain in ("was heard", "can be heard"):
        text = f'"A good wife follows the spirit of peace," Jeffs {chain} saying.'
        q = _run(text, [("Jeffs", "PERSON", "Warren Jeffs")])
        assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"], q.loc[0, "cue"]) == ("Jeffs", "Warren Jeffs", "saying")


def test_a_name_whose_appositive_has_no_closing_comma():
    text = ('"Extradition proceedings have commenced," Lauri Saathoff, a spokesperson for Texas Attorney General '
            'Greg Abbott told TIME.')
    q = _run(text, [("Lauri Saathoff", "PERSON", "Lauri Saathoff"), ("Greg Abbott", "PERSON", "Greg Abbott")])
    assert (q.loc[0, "speaker_key"], q.loc[0, "cue"]) == ("Lauri Saathoff", "told")


def test_the_subject_of_a_passive_description_is_no_speaker():
    text = 'Mark Teixeira hit 100 home runs. He has been described as "the apple of Theo Epstein\'s eye".'
    q = _run(text, [("Mark Teixeira", "PERSON", "Mark Teixeira")], sentence_starts=(0, 33))
    assert q.loc[0, "speaker_key"] is None



def _run_at(text, mentions, sentence_starts):
    """(surface, label, key, n) -> an entity row at the nth whole-word occurrence of the surface that
    does not end a longer name ("Jeffs", not the one of "Rulon Jeffs")."""
    import re

    rows = []
    for surface, label, key, n in mentions:
        m = [m for m in re.finditer(rf"\b{re.escape(surface)}\b", text)
             if " " in surface or not text[:m.start()].split()[-1:] or not text[:m.start()].split()[-1][0].isupper()][n]
        rows.append(("a", m.start(), m.end(), surface, label, key))
    arts = pd.DataFrame({"article_id": ["a"], "text": [text], "language": ["en"]})
    ends = list(sentence_starts[1:]) + [len(text)]
    sents = pd.DataFrame({"article_id": "a", "sentence_idx": range(len(sentence_starts)),
                          "start_char": list(sentence_starts), "end_char": ends})
    ent = pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])
    return extract_quotes(arts, sents, ent)


def _starts(text):
    return [0, *(i + 2 for i, c in enumerate(text) if c == "." and i + 2 < len(text))]


def test_a_shared_surname_is_the_one_named_just_before_else_the_protagonist():
    text = ('Warren Jeffs led the sect. Jeffs was jailed. His father Rulon Jeffs died in 2002. '
            'The trial went on. "I am at peace," Jeffs said. Makaeo Williams spoke. '
            'City Councilman Jumaane Williams was angry. "Stay out," Williams said.')
    q = _run_at(text, [("Warren Jeffs", "PERSON", "Warren Jeffs", 0), ("Jeffs", "PERSON", "Jeffs", 0),
                       ("Rulon Jeffs", "PERSON", "Rulon Jeffs", 0), ("Jeffs", "PERSON", "Jeffs", 1),
                       ("Makaeo Williams", "PERSON", "Makaeo Williams", 0),
                       ("Jumaane Williams", "PERSON", "Jumaane Williams", 0), ("Williams", "PERSON", "Williams", 0)],
                _starts(text))
    assert q["speaker_key"].tolist() == ["Warren Jeffs", "Jumaane Williams"]


def test_a_surname_the_model_missed_is_completed_among_several():
    text = ('Warren Jeffs led the sect. Jeffs was jailed. His father Rulon Jeffs died in 2002. '
            'The trial went on. "I am at peace," Jeffs can be heard saying.')
    q = _run_at(text, [("Warren Jeffs", "PERSON", "Warren Jeffs", 0), ("Jeffs", "PERSON", "Jeffs", 0),
                       ("Rulon Jeffs", "PERSON", "Rulon Jeffs", 0)], _starts(text))
    assert q.loc[0, "speaker"] == "Jeffs" and q.loc[0, "speaker_key"] == "Warren Jeffs"


def test_a_role_noun_is_the_person_given_that_role_else_nobody_far_back():
    text = ('Fauzi, an official from the disaster agency, told AFP that roads were cut. Rescuers dug all night. '
            '"A man was found under the earth," the official said.')
    q = _run_at(text, [("Fauzi", "PERSON", "Fauzi", 0), ("AFP", "ORG", "AFP", 0)], _starts(text))
    assert q.loc[0, "speaker_key"] == "Fauzi"
    text = ('Vice Admiral Anil Somani commands the fleet. The ship sailed at dawn. It met five boats. Two fled. '
            '"The warship challenged them," the officer said.')
    q = _run_at(text, [("Anil Somani", "PERSON", "Anil Somani", 0)], _starts(text))
    assert q.loc[0, "speaker"] == "the officer" and q.loc[0, "speaker_key"] is None
    text = 'Tony Blair has pledged to act. The prime minister told the Chronicle: "I attack him politically."'
    q = _run_at(text, [("Tony Blair", "PERSON", "Tony Blair", 0)], _starts(text))
    assert q.loc[0, "speaker_key"] == "Tony Blair"


def test_a_place_is_no_ones_antecedent():
    text = 'In New Delhi the navy met the press. "The warship challenged them," he said.'
    q = _run_at(text, [("New Delhi", "GPE", "New Delhi", 0)], _starts(text))
    assert q.loc[0, "speaker"] == "he" and q.loc[0, "speaker_key"] is None


def test_a_mark_after_a_sentence_end_that_an_attribution_follows_closes_the_quote():
    text = ('Ellen DeGeneres will host the Oscars.\n"It\'s official: I\'m hosting the Oscars! "DeGeneres tweeted '
            'Friday.\n"I\'d like to thank the Academy. "')
    q = _run_at(text, [("Ellen DeGeneres", "PERSON", "Ellen DeGeneres", 0), ("DeGeneres", "PERSON", "DeGeneres", 0),
                       ("Academy", "ORG", "Academy", 0)], _starts(text))
    assert q["text"].tolist()[0] == "It's official: I'm hosting the Oscars!"
    assert q.loc[0, "speaker_key"] == "Ellen DeGeneres" and q.loc[0, "cue"] == "tweeted"


def test_two_apostrophes_open_a_quotation_and_titles_with_their_comma_are_none():
    text = ("''The fall was unsurvivable,” Inspector Dave Gaskin said.\n"
            'She starred in "Million Dollar Mermaid, "and in "An American Life: One Man\'s Road to Watergate."')
    q = _run_at(text, [("Dave Gaskin", "PERSON", "Dave Gaskin", 0)], _starts(text))
    assert q["text"].tolist() == ["The fall was unsurvivable,"]
    assert (q.loc[0, "start_char"], q.loc[0, "speaker_key"]) == (2, "Dave Gaskin")


def test_a_name_in_the_appositive_after_a_role_is_the_speaker():
    text = ('The head of the GSEE union, Giannis Panagopoulos, said: "The rich pay nothing."\n'
            '"Most buildings are not safe," the head of the disaster service, Massoud Dalman, told the television.')
    q = _run_at(text, [("Giannis Panagopoulos", "PERSON", "Giannis Panagopoulos", 0),
                       ("Massoud Dalman", "PERSON", "Massoud Dalman", 0)], _starts(text))
    assert q["speaker"].tolist() == ["Giannis Panagopoulos", "Massoud Dalman"]
    assert q["speaker_key"].tolist() == ["Giannis Panagopoulos", "Massoud Dalman"]


def test_a_long_relative_clause_between_the_name_and_the_cue():
    text = ('Jenna Coleman, who will remain as the companion when Peter Capaldi takes over the role in the '
            'new series next year, said: "I cannot wait to start."')
    q = _run_at(text, [("Jenna Coleman", "PERSON", "Jenna Coleman", 0), ("Peter Capaldi", "PERSON", "Peter Capaldi", 0)],
                [0])
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"], q.loc[0, "cue"]) == ("Jenna Coleman", "Jenna Coleman", "said")


def test_a_surname_of_two_words_is_completed_to_the_full_name():
    text = 'Judge Vincent Del Giudice closed the court. "The man is an emotional wreck," Del Giudice said.'
    q = _run_at(text, [("Vincent Del Giudice", "PERSON", "Vincent Del Giudice", 0), ("Del Giudice", "ORG", "Del Giudice", 1)],
                _starts(text))
    assert q.loc[0, "speaker_key"] == "Vincent Del Giudice"


PARTICIPLE_TEXT = ('Cpl. Janice Leader, a 911 dispatcher, told reporters Friday that Yvonne Hiller called 911, '
                   'saying "I\'m the one you\'re looking for" and hung up. '
                   'The decision was welcomed by Matt Smith who recorded a message, saying: "Good luck to him."')


def _participles(parsers):
    from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

    text = PARTICIPLE_TEXT
    return _run(text, [("Janice Leader", "PERSON", "Janice Leader"), ("Yvonne Hiller", "PERSON", "Yvonne Hiller"),
                       ("Matt Smith", "PERSON", "Matt Smith")], [0, text.index("The decision")],
                parsers={"en": DEFAULT_SPACY_MODEL} if parsers else None)


def test_a_participle_cue_speaks_for_the_subject_of_its_clause_from_the_parse():
    q = _participles(parsers=True)
    assert q["text"].tolist() == ["I'm the one you're looking for", "Good luck to him."]
    assert q["cue"].tolist() == ["saying", "saying"]
    # the subject of `called` (not the sentence's `Janice Leader ... told`); the agent of a passive
    # verb through the relative `who`
    assert q["speaker"].tolist() == ["Yvonne Hiller", "Matt Smith"]
    assert q["speaker_key"].tolist() == ["Yvonne Hiller", "Matt Smith"]


def test_without_a_parser_a_participle_cue_keeps_its_quotation_and_names_no_one():
    q = _participles(parsers=False)
    assert q["text"].tolist() == ["I'm the one you're looking for", "Good luck to him."]
    assert q["speaker"].isna().all() and q["speaker_key"].isna().all()
    assert q["cue"].tolist() == ["saying", "saying"]


def test_the_person_after_a_heading_noun_and_of_or_for_does_not_speak():
    text = ('Friends of Kathryn Jenkin have described her as "a bright and much-liked student". '
            'A spokesman for President Barack Obama said: "We will look at it." '
            'Secretary of State John Kerry said: "We will not."')
    q = _run(text, [("Kathryn Jenkin", "PERSON", "Kathryn Jenkin"), ("Barack Obama", "PERSON", "Barack Obama"),
                    ("John Kerry", "PERSON", "John Kerry")], _starts(text))
    assert q["speaker"].tolist() == ["Friends of Kathryn Jenkin", "A spokesman for President Barack Obama",
                                     "Secretary of State John Kerry"]
    assert q["speaker_key"].tolist() == [None, None, "John Kerry"]


def test_a_quote_opening_its_paragraph_with_two_apostrophes_takes_the_cue_of_the_paragraph_before():
    text = ("With two deaths this weekend, Inspector Dave Gaskin said police were pushed to their limits\n"
            "''Resources are tight, there's no doubt about that.”\nThe park is closed.")
    q = _run(text, [("Dave Gaskin", "PERSON", "Dave Gaskin")], [0, text.index("''"), text.index("The park")])
    assert q["text"].tolist() == ["Resources are tight, there's no doubt about that."]
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"]) == ("Inspector Dave Gaskin", "Dave Gaskin")


def test_a_cue_coordinated_with_the_verb_before_shares_its_subject():
    from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

    text = ('Vincent Gigante appeared in court. At that hearing, he chatted with his son, shook hands with '
            'defense lawyers and said "God bless you" to Judge Leo Glasser.')
    q = _run(text, [("Vincent Gigante", "PERSON", "Vincent Gigante"), ("Leo Glasser", "PERSON", "Leo Glasser")],
             [0, text.index("At that")], parsers={"en": DEFAULT_SPACY_MODEL})
    assert q["text"].tolist() == ["God bless you"]
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"], q.loc[0, "cue"]) == ("he", "Vincent Gigante", "said")


def test_a_pronoun_after_an_unnamed_speaker_refers_to_no_one_named():
    text = ('Alice McMeekin was brought up in Millom. Alice had taken in a collie dog. '
            'The friend said she was "bubbly" when she saw her. She added: "We were chatting for an hour." '
            'Alice McMeekin left. She said: "I will be back soon."')
    q = _run(text, [("Alice McMeekin", "PERSON", "Alice McMeekin"), ("Alice", "PERSON", "Alice McMeekin"),
                    ("Alice McMeekin", "PERSON", "Alice McMeekin")], _starts(text))
    assert q["text"].tolist() == ["We were chatting for an hour.", "I will be back soon."]
    assert q["speaker"].tolist() == ["She", "She"]
    assert q["speaker_key"].tolist() == [None, "Alice McMeekin"]


def test_a_pronoun_continues_the_subject_of_the_sentence_before():
    text = ('Shaun Wright-Phillips has been linked with Chelsea. Shaun Wright-Phillips scored twice. '
            'John Wardle did stress that the club was not inviting offers for Shaun Wright-Phillips. '
            'He added: "I have no intention of selling him." '
            'Tama Umaga backed New Zealand. The 31-year-old admitted interest was immense. '
            'He added: "As players, it is enough for us."')
    q = _run(text, [("Shaun Wright-Phillips", "PERSON", "Shaun Wright-Phillips"),
                    ("Shaun Wright-Phillips", "PERSON", "Shaun Wright-Phillips"), ("John Wardle", "PERSON", "John Wardle"),
                    ("Shaun Wright-Phillips", "PERSON", "Shaun Wright-Phillips"), ("Tama Umaga", "PERSON", "Tama Umaga")],
             _starts(text))
    # Wright-Phillips is named more often, Wardle is what the sentence before is about; `The
    # 31-year-old` is Umaga, named before
    assert q["speaker_key"].tolist() == ["John Wardle", "Tama Umaga"]


def test_a_name_and_a_colon_before_a_quote_speak_without_a_cue():
    text = ('Expect earthquake experts in the papers, such as the prophetic Dr Azm Al Homoud:\n'
            '"We should stop saying the UAE is not in an earthquake prone area."\n'
            'The score at half time: "2-1".')
    q = _run(text, [("Azm Al Homoud", "PERSON", "Azm Al Homoud")],
             [0, text.index('"We'), text.index("The score")])
    assert q["text"].tolist() == ["We should stop saying the UAE is not in an earthquake prone area."]
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"]) == ("Dr Azm Al Homoud", "Azm Al Homoud")
    assert q.loc[0, "cue"] is None


def test_the_parsed_subject_comes_before_its_cue_and_keeps_its_whole_name():
    from newsflow.tasks.quotes.syntax import clause_subjects
    from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

    sentences = ['Greek President Carolos Papoulias condemned the violence, saying the debt-hit country had '
                 '"reached the edge of the abyss".',
                 'AMD president and chief executive Rory Read also addressed the deal in a statement, saying that '
                 'the acquisition would accelerate "our transformation".']
    spans = clause_subjects(DEFAULT_SPACY_MODEL, [(s, s.index("saying")) for s in sentences])
    assert [s[a:b] for s, (a, b) in zip(sentences, spans)] == [
        "Greek President Carolos Papoulias", "AMD president and chief executive Rory Read"]


def test_the_doer_of_a_passive_loose_cue_speaks():
    text = ('Steve Jobs showed off the machine. The Macintosh was described by Jobs as the "most important Mac '
            'we made".')
    q = _run(text, [("Steve Jobs", "PERSON", "Steve Jobs"), ("Jobs", "PERSON", "Steve Jobs")], _starts(text))
    assert q["text"].tolist() == ["most important Mac we made"]
    assert q["speaker"].tolist() == ["Jobs"] and q["speaker_key"].tolist() == ["Steve Jobs"]


def test_a_quotations_speaker_is_what_the_next_sentence_continues():
    text = ('Yukos has sued. "The victor has bought itself a headache," said Yukos spokesman Alexander Shadrin. '
            'He said the company would make "every lawful move to protect its shareholders". '
            'In Bener Meriah, people slept outdoors, a local official told AFP. "We have no power now," he added.')
    q = _run(text, [("Yukos", "PERSON", "Yukos"), ("Yukos", "PERSON", "Yukos"),
                    ("Alexander Shadrin", "PERSON", "Alexander Shadrin"), ("Bener Meriah", "PERSON", "Bener Meriah")],
             _starts(text))
    # the spokesman, not the firm spaCy took for a person; the unnamed official, not the place
    assert q["speaker_key"].tolist() == ["Alexander Shadrin", "Alexander Shadrin", None]


def test_keys_that_differ_only_in_an_honorific_name_one_person():
    from newsflow.tasks.evaluation.quotes import _same_key

    assert _same_key("Holme", "Lord Holme") and _same_key("Elton John", "Sir Elton John")
    assert not _same_key("Holme", "Lord Kinnock") and not _same_key(None, "Lord Holme")


def test_the_demonym_of_a_named_person_refers_to_them():
    text = ('Australian Mark Philippoussis hurt his knee. Coach Hamish Osborne spoke to Mark Philippoussis. '
            'The Australian has suffered many injuries. "I will go by feel," he said. '
            '"It is hard," the Australian said.')
    q = _run(text, [("Australian", "NORP", "Australian"), ("Mark Philippoussis", "PERSON", "Mark Philippoussis"),
                    ("Hamish Osborne", "PERSON", "Hamish Osborne"), ("Mark Philippoussis", "PERSON", "Mark Philippoussis"),
                    ("Australian", "NORP", "Australian"), ("Australian", "NORP", "Australian")], _starts(text))
    assert q["speaker_key"].tolist() == ["Mark Philippoussis", "Mark Philippoussis"]


def test_a_subject_after_an_opening_phrase_is_what_the_pronoun_continues():
    text = ('Billy King fired Jim O\'Brien. Billy King said it was his call. '
            'Reached by telephone yesterday, Jim O\'Brien declined to comment. "I will not discuss it," he said.')
    q = _run(text, [("Billy King", "PERSON", "Billy King"), ("Jim O'Brien", "PERSON", "Jim O'Brien"),
                    ("Billy King", "PERSON", "Billy King"), ("Jim O'Brien", "PERSON", "Jim O'Brien")], _starts(text))
    assert q["speaker_key"].tolist() == ["Jim O'Brien"]


def test_a_long_appositive_with_commas_and_dots_of_initials_and_acronyms():
    text = ('Grifo agreed. But William L. Kovacs, the U.S. Chamber of Commerce\'s vice president of environment, '
            'technology and regulatory affairs, said that another review "will result in even greater delays".')
    q = _run(text, [("William L. Kovacs", "PERSON", "William L. Kovacs")], sentence_starts=(0, 14))
    assert q.loc[0, "text"] == "will result in even greater delays"
    assert (q.loc[0, "speaker"], q.loc[0, "speaker_key"]) == ("William L. Kovacs", "William L. Kovacs")
