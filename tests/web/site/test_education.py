"""Education pages and FAQ: loaded from the knowledge files, kept when staff edit, shown with
their sources, review date and the not-a-diagnosis statement, searched in every language."""

from __future__ import annotations

import copy

import pytest
from django.core.management import CommandError, call_command

from rpl.core import education as knowledge
from rpl.core.sources import load_sources
from rpl.web.site.education import load_education, render_markdown
from rpl.web.site.models import EducationPage, FaqEntry
from tests.web.site.conftest import PAGE, write_education

pytestmark = pytest.mark.django_db


def test_loading_creates_every_page_and_faq_entry_in_every_language(education_dir):
    report = load_education(education_dir)
    assert report.created == ["page about-loss", "faq is-it-my-fault"]
    page = EducationPage.objects.get()
    assert set(page.title) == {"en", "vi", "zh-hans", "tr"}
    assert page.title["vi"] == "Về sảy thai"
    assert page.sources == ["ESHRE-2022"]
    entry = FaqEntry.objects.get()
    assert entry.page == page
    assert not page.edited_by_staff


def test_loading_twice_changes_nothing(education_dir):
    load_education(education_dir)
    report = load_education(education_dir)
    assert report.created == report.updated == []
    assert report.unchanged == ["page about-loss", "faq is-it-my-fault"]
    assert EducationPage.objects.count() == FaqEntry.objects.count() == 1


def test_new_file_content_updates_pages_staff_have_not_touched(education_dir, tmp_path):
    load_education(education_dir)
    changed = copy.deepcopy(PAGE)
    changed["summary"]["en"] = "A better summary."
    report = load_education(write_education(tmp_path / "v2", changed))
    assert report.updated == ["page about-loss"]
    assert EducationPage.objects.get().summary["en"] == "A better summary."


def test_staff_edits_are_kept_when_the_files_are_loaded_again(education_dir, tmp_path):
    load_education(education_dir)
    page = EducationPage.objects.get()
    page.summary = {**page.summary, "vi": "Tóm tắt do phòng khám sửa."}
    page.save()
    assert page.edited_by_staff

    changed = copy.deepcopy(PAGE)
    changed["summary"]["en"] = "A better summary."
    report = load_education(write_education(tmp_path / "v2", changed))
    assert report.kept_staff_edits == ["page about-loss"]
    assert EducationPage.objects.get().summary["vi"] == "Tóm tắt do phòng khám sửa."


def test_staff_edits_are_replaced_only_when_asked(education_dir):
    load_education(education_dir)
    entry = FaqEntry.objects.get()
    entry.answer = {**entry.answer, "en": "Edited."}
    entry.save()
    report = load_education(education_dir, overwrite_staff_edits=True)
    assert report.overwritten_staff_edits == ["faq is-it-my-fault"]
    entry.refresh_from_db()
    assert entry.answer["en"] == "No."
    assert not entry.edited_by_staff


def test_content_the_loader_refuses_leaves_the_database_as_it_was(education_dir, tmp_path):
    load_education(education_dir)
    broken = copy.deepcopy(PAGE)
    broken["summary"]["en"] = "Changed."
    broken["sources"] = ["NO-SUCH-SOURCE"]
    with pytest.raises(knowledge.EducationError, match="unknown source id 'NO-SUCH-SOURCE'"):
        load_education(write_education(tmp_path / "v2", broken))
    assert EducationPage.objects.get().summary["en"] == "A summary."


def test_the_command_reports_refused_content_as_a_command_error(education_dir):
    broken = copy.deepcopy(PAGE)
    del broken["title"]["tr"]
    write_education(education_dir, broken)
    with pytest.raises(CommandError, match=r"title: Value error, missing tr"):
        call_command("load_education", directory=education_dir, verbosity=0)
    assert EducationPage.objects.count() == 0


def test_entries_no_longer_in_the_files_are_left_and_reported(education_dir, tmp_path):
    load_education(education_dir)
    report = load_education(write_education(tmp_path / "v2", faq=[]))
    assert report.not_in_files == ["faq is-it-my-fault"]
    assert FaqEntry.objects.count() == 1


def test_the_shipped_education_content_loads(settings):
    report = load_education()
    pages = knowledge.load_pages()
    assert len(report.created) == len(pages) + len(knowledge.load_faq())
    assert EducationPage.objects.count() == len(pages) >= 2


def test_markdown_renders_the_subset_and_never_raw_html():
    html = render_markdown("## Head\n\n- **Bold** <script>x</script>\n- [link](http://x)\n\n1. one")
    assert "<h2>Head</h2>" in html
    assert "<strong>Bold</strong>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "<a " not in html and "[link](http://x)" in html
    assert "<ol>" in html


@pytest.mark.parametrize(
    ("language", "title", "notice"),
    [
        ("en", "About loss", "This page gives information. It does not diagnose."),
        ("vi", "Về sảy thai", "Trang này cung cấp thông tin, không dùng để chẩn đoán."),
        ("zh-hans", "关于流产", "本页只提供信息，不能用于诊断。"),
        ("tr", "Düşük hakkında", "Bu sayfa bilgi verir, tanı koymaz."),
    ],
)
def test_a_page_shows_its_text_sources_and_that_it_does_not_diagnose_never_internal_notes(
    client, education_dir, language, title, notice
):
    load_education(education_dir)
    response = client.get(f"/{language}/learn/about-loss/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<h1 lang="{language}">{title}</h1>' in page
    assert notice in page
    assert load_sources()["ESHRE-2022"].title in page
    assert "Definition (as tabulated in Tomkiewicz" in page  # where in the source
    assert 'data-sign-off="awaiting"' in page
    assert "Test page; not reviewed by a clinician." not in page  # the authors' own note


def test_a_page_lists_its_questions_and_the_index_lists_every_page(client, education_dir):
    load_education(education_dir)
    page = client.get("/tr/learn/about-loss/").content.decode()
    assert 'href="/tr/faq/#is-it-my-fault"' in page
    index = client.get("/tr/learn/").content.decode()
    assert 'href="/tr/learn/about-loss/"' in index
    assert "Özet." in index


def test_html_a_staff_edit_slips_in_is_shown_as_text(client, education_dir):
    load_education(education_dir)
    page = EducationPage.objects.get()
    page.body = {**page.body, "en": page.body["en"].replace("Second point", "Second <b>point</b>")}
    page.save()
    page = client.get("/en/learn/about-loss/").content.decode()
    assert "Second &lt;b&gt;point&lt;/b&gt;" in page


def test_a_missing_translation_falls_back_to_english_marked_as_english(client, education_dir):
    load_education(education_dir)
    page = EducationPage.objects.get()
    page.title = {**page.title, "tr": ""}
    page.save()
    html = client.get("/tr/learn/about-loss/").content.decode()
    assert '<h1 lang="en">About loss</h1>' in html


def test_an_unknown_page_is_not_found(client):
    assert client.get("/en/learn/no-such-page/").status_code == 404


@pytest.mark.parametrize(
    ("language", "query"),
    [
        ("vi", "sẩy"),
        ("vi", "sảy"),
        ("vi", "say thai"),
        ("vi", "LỖI"),
        ("tr", "ilaç"),
        ("tr", "İLAÇ"),
        ("tr", "ılac"),
        ("zh-hans", "流产"),
        ("zh-hans", "我的错"),
        ("en", "FAULT"),
    ],
)
def test_faq_search_finds_the_entry_however_it_is_typed(client, education_dir, language, query):
    load_education(education_dir)
    page = client.get(f"/{language}/faq/", {"q": query}).content.decode()
    assert 'id="is-it-my-fault"' in page
    assert 'role="status"' in page


def test_faq_search_with_no_match_says_so_and_offers_to_ask(client, education_dir):
    load_education(education_dir)
    page = client.get("/en/faq/", {"q": "zebra"}).content.decode()
    assert 'id="is-it-my-fault"' not in page
    assert "Nothing matched" in page
    assert 'href="/en/ask/"' in page


def test_faq_entries_show_their_sources(client, education_dir):
    load_education(education_dir)
    page = client.get("/en/faq/").content.decode()
    assert load_sources()["ESHRE-2022"].title in page


def test_faq_entries_say_they_await_the_clinics_review_until_signed_off(client, education_dir):
    load_education(education_dir)
    page = client.get("/en/faq/").content.decode()
    assert "Our clinical team is reviewing this answer." in page
    assert "Last reviewed" not in page


def test_a_failure_half_way_through_a_load_rolls_everything_back(
    education_dir, tmp_path, monkeypatch
):
    from django.db import DatabaseError

    changed = copy.deepcopy(PAGE)
    changed["summary"]["en"] = "A better summary."
    load_education(write_education(tmp_path / "v1", faq=[]))

    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(FaqEntry.objects, "create", fail)
    with pytest.raises(DatabaseError):
        load_education(write_education(tmp_path / "v2", changed))  # page updated, then FAQ fails
    assert EducationPage.objects.get().summary["en"] == "A summary."
    assert FaqEntry.objects.count() == 0


def test_a_source_title_in_another_language_is_marked_with_that_language(client):
    load_education()
    page = client.get("/vi/learn/what-is-recurrent-miscarriage/").content.decode()
    chinese = load_sources()["CN-CONSENSUS-2022"].title
    assert f'<li lang="zh-Hans"><cite>{chinese}</cite>' in page
    assert f'<li lang="en"><cite>{load_sources()["ESHRE-2022"].title}</cite>' in page
