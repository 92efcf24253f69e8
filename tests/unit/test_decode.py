import codecs

import pytest

from tasks.decode import DecodeError, decode_bytes

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
