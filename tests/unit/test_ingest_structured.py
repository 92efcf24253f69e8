"""Files of many articles as news APIs, search indexes, spreadsheets and feeds export them."""
import json
from datetime import datetime, timezone
from pathlib import Path

from newsflow.tasks.ingest.files import discover, ingest_files
from newsflow.tasks.ingest.markup import markup_text

MB = 1024 * 1024
UTC = timezone.utc


def _ingest(folder: Path):
    found = discover(folder)
    got = ingest_files(found.files, 20 * MB)
    assert got.items_seen == len(got.articles) + len(got.rejects)
    return got


def _write(workdir: Path, name: str, content) -> Path:
    path = workdir / "input" / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_newsapi_response_with_camel_case_fields_and_source_object(workdir):
    _write(workdir, "newsapi.json", {"status": "ok", "totalResults": 2, "articles": [
        {"source": {"id": "bbc-news", "name": "BBC News"}, "author": "BBC", "title": "Markets rally",
         "description": "Short.", "url": "https://bbc.co.uk/1", "publishedAt": "2024-03-01T10:00:00Z",
         "content": "Shares rose in London on Friday."},
        {"source": {"id": None, "name": "Reuters"}, "title": "Rates held", "publishedAt": "2024-03-02T08:30:00Z",
         "description": "The bank held rates."}]})
    got = _ingest(workdir / "input")
    assert [(a.title, a.source, a.url, a.published_at, a.text, a.record_index) for a in got.articles] == [
        ("Markets rally", "BBC News", "https://bbc.co.uk/1", datetime(2024, 3, 1, 10, tzinfo=UTC),
         "Shares rose in London on Friday.", 0),
        ("Rates held", "Reuters", None, datetime(2024, 3, 2, 8, 30, tzinfo=UTC), "The bank held rates.", 1)]


def test_nested_containers_and_wrapped_records(workdir):
    # The Guardian's content API: records two levels down, the body inside "fields"
    _write(workdir, "guardian.json", {"response": {"status": "ok", "results": [
        {"webTitle": "Floods in Leeds", "webUrl": "https://theguardian.com/x", "webPublicationDate":
         "2024-02-01T06:00:00Z", "fields": {"bodyText": "Rivers burst their banks in Leeds."}}]}})
    # an Elasticsearch search response: each hit's fields under _source
    _write(workdir, "es.json", {"took": 3, "hits": {"total": {"value": 1}, "hits": [
        {"_index": "news", "_id": "a1", "_source": {"headline": "Strike ends", "body": "Workers returned.",
                                                    "site_name": "example.org", "date": "2024-01-05"}}]}})
    # Event Registry: {"articles": {"results": [...]}}, dateTime finer than date
    _write(workdir, "er.json", {"articles": {"results": [
        {"uri": "8001", "date": "2024-04-01", "dateTime": "2024-04-01T13:15:00Z", "title": "Vote held",
         "body": "Parliament voted.", "source": {"uri": "dw.com", "title": "Deutsche Welle"}}]}})
    # each record wrapped in an "article" object
    _write(workdir, "wrapped.jsonl", json.dumps({"id": 7, "article": {"title": "Bridge opens", "body": "It opened."}}))
    got = _ingest(workdir / "input")
    by_title = {a.title: a for a in got.articles}
    assert set(by_title) == {"Floods in Leeds", "Strike ends", "Vote held", "Bridge opens"} and not got.rejects
    assert by_title["Bridge opens"].text == "It opened."
    assert (by_title["Floods in Leeds"].text, by_title["Floods in Leeds"].url) == (
        "Rivers burst their banks in Leeds.", "https://theguardian.com/x")
    assert by_title["Floods in Leeds"].published_at == datetime(2024, 2, 1, 6, tzinfo=UTC)
    assert (by_title["Strike ends"].source, by_title["Strike ends"].record_index) == ("example.org", 0)
    assert by_title["Vote held"].published_at == datetime(2024, 4, 1, 13, 15, tzinfo=UTC)
    assert by_title["Vote held"].source == "Deutsche Welle"


def test_html_in_a_text_field_becomes_paragraphs(workdir):
    # WordPress's REST API: {"rendered": "<p>...</p>"} objects
    _write(workdir, "wp.json", [{"title": {"rendered": "Port &amp; harbour"}, "date": "2024-05-01T09:00:00",
                                 "link": "https://example.com/p",
                                 "content": {"rendered": "<p>The port\nreopened.</p>\n<p>Ships <em>queued</em>"
                                                         " &ndash; 40 of them.</p><script>x()</script>"}}])
    got = _ingest(workdir / "input")
    [article] = got.articles
    assert article.title == "Port & harbour"
    assert article.text == "The port reopened.\nShips queued – 40 of them."
    assert article.n_words == 9


def test_markup_text_leaves_plain_text_alone():
    plain = "Profits < costs, he said.\n\nNext <3 paragraph."
    assert markup_text(plain) == plain
    assert markup_text("AT&amp;T said.\n\nMore.") == "AT&T said.\n\nMore."
    assert markup_text("<div>One<br>Two</div>") == "\nOne\nTwo\n"


def test_csv_rows_are_articles_and_bad_rows_rejects(workdir):
    long_text = "word " * 40_000   # 200 KB in one cell: past the csv module's default field limit
    rows = ['title,text,published_at,url,source',
            'First,"Police said, on Monday, that ""two"" men were held.\n\nA second paragraph.",2024-03-01,'
            'https://a.example/1,Daily Planet',
            '',
            'Empty text,,2024-03-02,,',
            'Too many,cells,2024-03-03,u,s,extra',
            f'Long,"{long_text}",,,']
    _write(workdir, "export.csv", "\ufeff" + "\r\n".join(rows) + "\r\n")
    got = _ingest(workdir / "input")
    by_title = {a.title: a for a in got.articles}
    assert set(by_title) == {"First", "Long"}
    first = by_title["First"]
    assert first.text == 'Police said, on Monday, that "two" men were held.\nA second paragraph.'
    assert (first.source, first.url, first.record_index) == ("Daily Planet", "https://a.example/1", 0)
    assert first.published_at == datetime(2024, 3, 1, tzinfo=UTC)
    assert by_title["Long"].n_words == 40_000
    assert sorted((r.source_path, r.reason) for r in got.rejects) == [
        ("export.csv#2", "no_text"), ("export.csv#3", "malformed_csv")]


def test_semicolon_csv_in_a_legacy_encoding_and_tsv(workdir):
    # a spreadsheet saved in a French locale: ";" between cells, Windows-1252 bytes
    semicolons = ('title;text;date\nPrix;"Le prix a baissé; les ventes, elles, ont monté.";2024-06-01\n'
                  'Été;L\'été sera chaud à Paris, dit Météo-France;2024-06-02\n')
    _write(workdir, "fr.csv", semicolons.encode("cp1252"))
    _write(workdir, "tab.tsv", "headline\tbody\nTab story\tIt has, commas; and semicolons.\n")
    got = _ingest(workdir / "input")
    assert sorted((a.title, a.text) for a in got.articles) == [
        ("Prix", "Le prix a baissé; les ventes, elles, ont monté."), ("Tab story", "It has, commas; and semicolons."),
        ("Été", "L'été sera chaud à Paris, dit Météo-France")]
    assert not got.rejects


def test_csv_without_a_text_column_or_rows(workdir):
    _write(workdir, "numbers.csv", "id,price\n1,2\n3,4\n")
    _write(workdir, "header.csv", "title,text\n")
    got = _ingest(workdir / "input")
    assert not got.articles
    assert sorted((r.source_path, r.reason) for r in got.rejects) == [
        ("header.csv", "no_records"), ("numbers.csv", "no_text")]
    assert "id, price" in next(r.detail for r in got.rejects if r.reason == "no_text")


RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Le Monde diplomatique</title><link>https://example.fr</link>
<item><title>Grève à Marseille</title><link>https://example.fr/1</link>
<pubDate>Tue, 03 Dec 2024 08:00:00 +0100</pubDate><description>Résumé.</description>
<content:encoded><![CDATA[<p>Les dockers de Marseille sont en grève.</p><p>Le port est fermé.</p>]]></content:encoded>
</item>
<item><title>Summary only</title><link>https://example.fr/2</link><description>Only a summary here.</description></item>
<item><title>Nothing</title></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><title>Quake hits</title><link href="https://wire.example/q"/><updated>2024-07-01T02:00:00Z</updated>
<content type="html">&lt;p&gt;A quake struck at dawn.&lt;/p&gt;</content></entry>
</feed>
"""


def test_rss_and_atom_feeds(workdir):
    _write(workdir, "lemonde.rss", RSS.encode("iso-8859-1"))
    _write(workdir, "wire.atom", ATOM)
    _write(workdir, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://a/</loc></url></urlset>')
    got = _ingest(workdir / "input")
    by_title = {a.title: a for a in got.articles}
    assert set(by_title) == {"Grève à Marseille", "Summary only", "Quake hits"}
    greve = by_title["Grève à Marseille"]
    assert greve.text == "Les dockers de Marseille sont en grève.\nLe port est fermé."
    assert (greve.source, greve.url, greve.language) == ("Le Monde diplomatique", "https://example.fr/1", "fr")
    assert greve.published_at == datetime(2024, 12, 3, 7, tzinfo=UTC)
    assert by_title["Summary only"].text == "Only a summary here."
    assert (by_title["Quake hits"].text, by_title["Quake hits"].source) == ("A quake struck at dawn.", "Wire")
    assert sorted((r.source_path, r.reason) for r in got.rejects) == [
        ("lemonde.rss#2", "no_text"), ("sitemap.xml", "no_records")]


def test_tsv_cells_keep_their_quotation_marks(workdir):
    # TSV has no quoting: a cell that opens with a quotation keeps it, and an unbalanced one
    # swallows nothing after it
    _write(workdir, "quotes.tsv", 'title\ttext\n'
                                  'Win\t"We will win," she said on Monday.\n'
                                  'Open\t"An unbalanced quote runs on, said the mayor.\n'
                                  'After\tThe row after it lands on its own.\n')
    got = _ingest(workdir / "input")
    assert [(a.title, a.text, a.record_index) for a in got.articles] == [
        ("Win", '"We will win," she said on Monday.', 0),
        ("Open", '"An unbalanced quote runs on, said the mayor.', 1),
        ("After", "The row after it lands on its own.", 2)]
    assert got.rejects == []


def test_a_quoted_tsv_is_read_with_quoting_and_an_open_quote_is_a_reject(workdir):
    _write(workdir, "quoted.tsv", '"title"\t"text"\n'
                                  '"One"\t"A cell with a\ttab and ""quotes""."\n'
                                  '"Two"\t"An open quote.\n'
                                  '"Three"\t"Swallowed by the open quote."\n')
    got = _ingest(workdir / "input")
    assert [(a.title, a.text) for a in got.articles] == [("One", 'A cell with a tab and "quotes".')]
    [reject] = got.rejects
    assert (reject.source_path, reject.reason) == ("quoted.tsv#1", "malformed_csv")


def test_jsonl_records_split_on_newlines_only(workdir):
    records = [{"title": f"Sep {n}", "text": f"The minister said{sep}the plan holds, officials added on Monday."}
               for n, sep in enumerate(["\u2028", "\u2029", "\u0085", "\x0c", " "])]
    _write(workdir, "seps.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\r\n")
    got = _ingest(workdir / "input")
    assert [a.title for a in got.articles] == ["Sep 0", "Sep 1", "Sep 2", "Sep 3", "Sep 4"]
    assert [a.record_index for a in got.articles] == [0, 1, 2, 3, 4]
    assert got.rejects == []
