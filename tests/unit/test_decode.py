import codecs

import pytest

from newsflow.tasks.ingest.decode import DecodeError, decode_bytes

TEXT = "Zoë Baird met the Führer of the café société in Malmö — “naïve” façade, €5."
CYRILLIC = "Президент России заявил, что переговоры продолжатся на следующей неделе в Москве."


@pytest.mark.parametrize("data, expected", [
    (TEXT.encode("utf-8"), TEXT),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), TEXT),
    (TEXT.encode("utf-16"), TEXT),                       # with BOM
    (TEXT.encode("utf-32"), TEXT),
    (TEXT.encode("cp1252"), TEXT),
    (CYRILLIC.encode("cp1251"), CYRILLIC),
    (CYRILLIC.encode("koi8-r"), CYRILLIC),
])
def test_encodings_decode_to_the_same_text(data, expected):
    text, _ = decode_bytes(data * 3)
    assert text.replace("\ufeff", "") == expected * 3


def test_latin1_is_decoded():
    text = "Le ministre a déclaré que la réforme des retraites sera votée à l'été prochain, après un débat."
    decoded, _ = decode_bytes(text.encode("latin-1"))
    assert decoded == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (bytes(range(256)) * 40, "binary"),
    (b"\x89PNG\r\n\x1a\n" + bytes(4000), "binary"),
])
def test_non_text_is_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert info.value.reason == reason


@pytest.mark.parametrize("lang, encoding", [
    ("pl", "cp1250"), ("tr", "cp1254"), ("he", "cp1255"), ("ar", "cp1256"), ("el", "iso-8859-7"),
    ("uk", "koi8-u"), ("ja", "shift_jis"), ("zh", "gb18030"), ("ko", "euc-kr"),
])
def test_code_page_of_the_language_wins_a_tie(lang, encoding):
    # Short Polish text reads as well in cp1252 ("Rz¹d") as in cp1250 ("Rząd"): the language decides.
    from tests.nasty_corpus import TEXTS

    title, body = TEXTS[lang]
    text = f"{title}\n\n{body}\n"
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text


def test_utf8_with_a_few_broken_bytes_keeps_its_text():
    data = "Zoë met the mayor of Malmö on Tuesday.".encode().replace(b"Tues", b"Tu\xffes")
    text, encoding = decode_bytes(data)
    assert text == "Zoë met the mayor of Malmö on Tu\ufffdesday."
    assert encoding == "utf-8 (1 invalid sequences replaced)"


def test_legacy_cjk_is_not_taken_for_broken_utf8():
    text = "中国政府周三宣布了新的经济刺激计划。总理在新闻发布会上表示，政府将全力支持中小企业的发展。"
    assert decode_bytes(text.encode("gb18030")) == (text, "gb18030")


@pytest.mark.parametrize("text, encoding", [
    # charset-normalizer scores these as well in a code page of another script family, and guesses
    # the language of a short text badly (short French as "Hungarian"): the language identifier,
    # run on each candidate decoding, decides
    ("La città è più bella quando c'è il sole, ha detto il sindaco.", "cp1252"),          # not cp1250 "cittŕ"
    ("Regeringen i Sverige säger att skatterna höjs för de rikaste.", "cp1252"),           # not cp775 "sõger"
    ("Été;L'été sera chaud à Paris, dit Météo-France;2024-06-02\nPrix;Le prix a baissé.", "cp1252"),
    ("Guvernul României a anunţat că va majora salariile profesorilor.", "cp1250"),       # not cp1257 "Romāniei"
    ("A kormány szerdán bejelentette, hogy új törvényt fogad el az adókról, ő mondta.", "iso8859_2"),
    ("Vláda České republiky schválila nový zákon o daních z příjmů.", "cp1250"),
])
def test_short_legacy_text_decodes_in_the_code_page_of_its_language(text, encoding):
    decoded, _ = decode_bytes(text.encode(encoding))
    assert decoded == text
