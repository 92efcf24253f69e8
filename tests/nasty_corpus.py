"""A corpus of hostile input files, each with the outcome the pipeline must give it.

`write_nasty_corpus(folder)` fills a folder and returns one `Expected` per item (a file, or one
record of a JSON/JSONL file): it lands as an article (with its language, title and exact cleaned
text), or is a duplicate, or is rejected with a named reason. Used by the end-to-end tests; also
handy by hand: `python -m tests.nasty_corpus /tmp/nasty`.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class Expected:
    source_path: str            # as in articles.source_path / rejects.source_path (JSON records: path#n)
    outcome: str                # "article", "duplicate", or the reject reason
    language: str | None = None
    title: str | None = None
    text: str | None = None     # the exact cleaned text, where the test should check it


# Two or three sentences per language: enough for the language identifier to be sure.
TEXTS = {
    "ru": ("Переговоры продолжатся в Москве",
           "Президент России заявил в среду, что переговоры с соседними странами продолжатся на "
           "следующей неделе в Москве.\nПо его словам, стороны обсудят вопросы торговли и безопасности."),
    "uk": ("Уряд ухвалив новий закон",
           "Уряд у середу ухвалив новий закон про податки, який, за словами міністра фінансів, допоможе "
           "родинам з дітьми.\nЗакон набуде чинності наступного місяця по всій країні."),
    "el": ("Νέα μέτρα για την οικονομία",
           "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία, τα οποία θα εφαρμοστούν από τον "
           "επόμενο μήνα σε όλη τη χώρα.\nΟ υπουργός οικονομικών είπε ότι τα μέτρα είναι απαραίτητα."),
    "ja": ("政府が新しい経済対策を発表",
           "日本政府は水曜日、新しい経済対策を発表した。首相は記者会見で、国民の生活を守るために全力を尽くすと述べた。"
           "\n対策には中小企業への支援が含まれている。"),
    "zh": ("政府宣布新的经济刺激计划",
           "中国政府周三宣布了新的经济刺激计划。总理在新闻发布会上表示，政府将全力支持中小企业的发展。"
           "\n该计划还包括扩大国内消费的措施。"),
    "ko": ("정부 새 경제 대책 발표",
           "정부는 수요일 새로운 경제 대책을 발표했다. 총리는 기자회견에서 국민의 생활을 지키기 위해 최선을 다하겠다고 말했다."
           "\n대책에는 중소기업 지원이 포함되어 있다."),
    "ar": ("إجراءات جديدة لدعم الاقتصاد",
           "أعلنت الحكومة اليوم عن إجراءات جديدة لدعم الاقتصاد الوطني.\nوقال وزير المالية إن هذه الإجراءات "
           "ستطبق اعتبارا من الشهر المقبل في جميع أنحاء البلاد."),
    "he": ("צעדים חדשים לתמיכה בכלכלה",
           "הממשלה הודיעה היום על צעדים חדשים לתמיכה בכלכלה.\nשר האוצר אמר כי הצעדים ייכנסו לתוקף בחודש "
           "הבא בכל רחבי הארץ."),
    "pl": ("Rząd ogłosił nowe środki",
           "Rząd ogłosił dziś nowe środki wsparcia dla gospodarki.\nMinister finansów powiedział, że zmiany "
           "wejdą w życie w przyszłym miesiącu w całym kraju, łącznie z ulgami podatkowymi."),
    "tr": ("Hükümet yeni önlemler açıkladı",
           "Hükümet bugün ekonomiyi desteklemek için yeni önlemler açıkladı.\nMaliye bakanı, değişikliklerin "
           "gelecek ay tüm ülkede yürürlüğe gireceğini söyledi."),
    "fr": ("La réforme sera votée à l'été",
           "Le ministre a déclaré mercredi que la réforme des retraites sera votée à l'été prochain, après "
           "un débat à l'Assemblée nationale.\nL'opposition reste très hostile à ce projet."),
    "de": ("Größere Änderungen für Familien",
           "Die Bundesregierung hat am Mittwoch ein neues Gesetz beschlossen, das Familien mit Kindern "
           "entlastet.\nGrößere Änderungen für Unternehmen folgen im nächsten Jahr, sagte der Minister."),
    "hi": ("सरकार ने नई योजना की घोषणा की",
           "सरकार ने बुधवार को किसानों के लिए एक नई योजना की घोषणा की।\nकृषि मंत्री ने कहा कि इस योजना से देश "
           "भर के लाखों किसानों को लाभ होगा।"),
    "th": ("รัฐบาลประกาศมาตรการใหม่",
           "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรทั่วประเทศในวันพุธ\nรัฐมนตรีกล่าวว่ามาตรการนี้จะเริ่มใช้ในเดือนหน้า"),
    "en": ("Café owner says “we’re staying”",
           "The café’s owner said “we’re staying” — despite the €5,000 fine imposed on Thursday by the "
           "council in Zürich.\nHe called the decision naïve and said he would appeal."),
}

# (file name, encoding, language): legacy encodings must decode to the exact text, not be rejected.
ENCODED = [
    ("windows-1252.txt", "cp1252", "en"),
    ("latin-1.txt", "latin-1", "fr"),
    ("windows-1251.txt", "cp1251", "ru"),
    ("koi8-u.txt", "koi8-u", "uk"),
    ("iso-8859-7.txt", "iso-8859-7", "el"),
    ("shift_jis.txt", "shift_jis", "ja"),
    ("gb18030.txt", "gb18030", "zh"),
    ("euc-kr.txt", "euc-kr", "ko"),
    ("windows-1256.txt", "cp1256", "ar"),
    ("windows-1255.txt", "cp1255", "he"),
    ("windows-1250.txt", "cp1250", "pl"),
    ("windows-1254.txt", "cp1254", "tr"),
    ("utf-16 with bom.txt", "utf-16", "de"),
    ("utf-8 hindi.txt", "utf-8", "hi"),
    ("utf-8 thai.md", "utf-8", "th"),
]


def _article(title: str, body: str, newline: str = "\n") -> str:
    return newline.join([title, "", *body.split("\n")]) + newline


def write_nasty_corpus(folder: Path, duplicate_of: Path | None = None) -> list[Expected]:
    """Write the hostile files into `folder` (created); return what each item must become."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: list[Expected] = []

    def put(name: str, data: bytes) -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    for name, encoding, lang in ENCODED:
        title, body = TEXTS[lang]
        put(name, _article(title, body).encode(encoding))
        expected.append(Expected(name, "article", lang, title, body))

    # Not text at all, or nothing in it.
    put("binary.txt", bytes(range(256)) * 64)
    put("png renamed.txt", b"\x89PNG\r\n\x1a\n" + bytes(8000))
    put("empty.txt", b"")
    put("whitespace.md", b" \n\t\r\n  \n")
    put("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(100))
    expected += [Expected("binary.txt", "binary"), Expected("png renamed.txt", "binary"),
                 Expected("empty.txt", "empty"), Expected("whitespace.md", "empty"),
                 Expected("photo.jpg", "unsupported_format")]

    # 50 MB on a single line: refused by size before it is read, so memory stays flat.
    with open(folder / "huge single line.txt", "wb") as handle:
        chunk = b"word " * (MB // 5)
        for _ in range(50):
            handle.write(chunk)
    expected.append(Expected("huge single line.txt", "too_large"))

    # Valid UTF-8 with two broken bytes: the text survives, the broken bytes become U+FFFD.
    body = "Zoë Baird met the mayor of Malmö on Tuesday to discuss the new tram line.\nThe façade will stay, she said."
    put("invalid utf-8.txt", ("Broken bytes in a good story\n\n" + body + "\n").encode().replace(b"Tuesday", b"Tues\xff\xfeday"))
    expected.append(Expected("invalid utf-8.txt", "article", "en", "Broken bytes in a good story",
                             body.replace("Tuesday", "Tues\ufffd\ufffdday")))

    # NUL bytes sprinkled in text; CRLF line ends: both clean to the plain text.
    body = "Officials confirmed the bridge will reopen next month after repairs.\nTraffic is expected to ease."
    put("nul bytes.txt", _article("Bridge to reopen", body).replace("bridge", "bri\x00dge").encode())
    body_crlf = "Council members voted to extend the library hours from next week.\nThe change costs little, they said."
    put("crlf.txt", _article("Library hours extended", body_crlf, newline="\r\n").encode())
    expected += [Expected("nul bytes.txt", "article", "en", "Bridge to reopen", body),
                 Expected("crlf.txt", "article", "en", "Library hours extended", body_crlf)]

    # File names with spaces, unicode and a newline.
    body = "A new ferry service between the two islands starts in the spring.\nTickets go on sale on Monday."
    put("ünïcødé 日本 name.txt", _article("Ferry service starts in spring", body).encode())
    body2 = "The city museum reopened its doors after a two year renovation.\nVisitors queued around the block."
    put("new\nline name.txt", _article("Museum reopens", body2).encode())
    expected += [Expected("ünïcødé 日本 name.txt", "article", "en", "Ferry service starts in spring", body),
                 Expected("new\nline name.txt", "article", "en", "Museum reopens", body2)]

    # JSON: too deep to parse, wrongly typed, no records, not objects, and one good record with junk fields.
    put("deep.json", b"[" * 100_000 + b"]" * 100_000)
    put("typed.json", json.dumps({"title": "Typed", "text": 42}).encode())
    put("no records.json", json.dumps({"articles": []}).encode())
    put("scalar.json", json.dumps("just a string").encode())
    nested = {"text": "Fishermen returned to the harbour early as the storm approached the coast on Friday."}
    for level in range(60):
        nested = {f"level{level}": nested}
    put("nested.json", json.dumps(nested).encode())
    body = "Farmers in the valley expect a record apple harvest this autumn after a warm summer."
    records = [
        {"title": ["not", "a", "string"], "text": body, "published_at": {"not": "a date"}},
        {"title": "Number text", "body": 3.5},
        ["a", "list"],
        None,
    ]
    put("feed.jsonl", ("\n".join(json.dumps(r) for r in records) + "\n{broken\n").encode())
    expected += [Expected("deep.json", "malformed_json"), Expected("typed.json", "bad_field_type"),
                 Expected("no records.json", "no_records"), Expected("scalar.json", "bad_record"),
                 Expected("nested.json", "no_text"),
                 Expected("feed.jsonl#0", "article", "en", None, body),
                 Expected("feed.jsonl#1", "bad_field_type"), Expected("feed.jsonl#2", "bad_record"),
                 Expected("feed.jsonl#3", "bad_record"), Expected("feed.jsonl#4", "malformed_json")]

    # A spreadsheet export with a ragged row, and a feed that breaks off inside its second item.
    body = "Dockworkers in the port voted to end their strike after the company raised its offer."
    put("export.csv", f'title,text,url\r\nStrike ends,"{body}",https://a.example/1\r\nRagged,a,b,c\r\n'.encode())
    body2 = "The river rose two metres overnight and the old bridge was closed to traffic."
    put("wire.rss", (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>River rises"
                     f"</title><description>{body2}</description></item><item><title>Cut</title><descr").encode())
    expected += [Expected("export.csv#0", "article", "en", "Strike ends", body),
                 Expected("export.csv#1", "malformed_csv"),
                 Expected("wire.rss#0", "article", "en", "River rises", body2),
                 Expected("wire.rss#1", "malformed_feed")]

    # HTML full of scripts around a real story, and a page that is nothing but scripts.
    paragraphs = "".join(
        f"<p onclick=\"track({i})\">The regional council approved the new budget for schools and roads, "
        f"item {i} of the plan, after a long debate on Wednesday evening.</p><script>var t{i} = 'SECRET{i}';</script>"
        for i in range(8))
    scripts = "".join(f"<script src='https://ads.example/{i}.js'></script><script>document.write('AD{i}')</script>"
                      for i in range(30))
    put("scripts.html", (f"<html><head><title>Budget approved</title>{scripts}</head><body>{scripts}"
                         f"<article><h1>Budget approved</h1>{paragraphs}</article>{scripts}</body></html>").encode())
    put("only scripts.html", f"<html><head>{scripts}</head><body>{scripts}</body></html>".encode())
    expected += [Expected("scripts.html", "article", "en"), Expected("only scripts.html", "no_text")]

    # A symlink loop and a file that cannot be read. Root reads any file whatever its mode, so the
    # unreadable one is a link to /proc/self/mem: a regular file whose read fails (EIO) for anyone.
    os.symlink(".", folder / "loop")
    os.symlink("/proc/self/mem", folder / "unreadable.txt")
    expected += [Expected("loop", "symlink_loop"), Expected("unreadable.txt", "unreadable")]

    if duplicate_of is not None:
        put("copy of " + duplicate_of.name, duplicate_of.read_bytes())
        expected.append(Expected("copy of " + duplicate_of.name, "duplicate"))
    return expected


def entries_under(folder: Path) -> int:
    """Entries a run must count as files_seen: every non-folder under `folder`, links to folders that
    loop included, without following links (os.walk lists a link to a folder among the folders)."""
    count = 0
    for _, dirs, files in os.walk(folder):
        count += len(files) + sum(1 for d in dirs if os.path.islink(os.path.join(_, d)))
    return count


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "nasty")
    for item in write_nasty_corpus(target):
        print(f"{item.outcome:20} {item.source_path!r}")
