"""Data names in the active language: the UI's names module and the reports' Labels.pick."""

from __future__ import annotations

import pytest

from desktop import i18n
from desktop.i18n.data_names import mongolian_name
from desktop.reports.labels import Labels
from desktop.services import catalogue
from desktop.services.programmes import programme


@pytest.fixture(autouse=True)
def _english_after() -> object:
    yield
    i18n.set_language("en")


def test_mongolian_found_from_the_chinese_and_english_pair() -> None:
    fw = catalogue.framework()
    item = fw.item("4.4.2")
    assert mongolian_name(item.name_zh, item.name_en) == item.name_mn
    stage = programme("nmg-chairman").stage("material")
    assert mongolian_name("材料评审", "Material review") == stage.name_mn
    assert mongolian_name("没有这个名字", "No such name") is None
    # "Award" names two different stages: the English alone is ambiguous, the Chinese decides
    assert mongolian_name("不存在", "Award") is None
    assert mongolian_name("表彰奖励", "Award") == programme("nmg-chairman").stage("award").name_mn


def test_report_labels_pick_mongolian_names() -> None:
    item = catalogue.framework().item("4.1.2")
    assert Labels("mn_Mong_CN").pick(item.name_zh, item.name_en) == item.name_mn
    assert Labels("zh_CN").pick(item.name_zh, item.name_en) == "高层领导的作用"
    assert Labels("en").pick(item.name_zh, item.name_en) == "Role of senior leaders"
    assert Labels("mn_Mong_CN").pick("未知", "Unknown") == "未知"  # Chinese, never English


def test_ui_names_follow_the_language() -> None:
    from desktop.ui.names import bilingual, category_name, descriptor_text, item_name, named

    fw = catalogue.framework()
    item, cat = fw.item("4.7.7"), fw.categories[0]
    p = programme("xilingol-league")
    i18n.set_language("mn_Mong_CN")
    assert item_name(item) == item.name_mn and category_name(cat) == cat.name_mn
    assert descriptor_text(fw.descriptor(item.kind, 2)) == fw.descriptor(item.kind, 2).mn
    assert named(p) == p.name_mn and named(p.awards[1]) == p.awards[1].name_mn
    assert bilingual("现场评审", "On-site review") == p.stage("onsite").name_mn
    i18n.set_language("zh_CN")
    assert named(p.stage("onsite")) == "现场评审" and item_name(item) == "领导方面的结果"
    i18n.set_language("en")
    assert named(p) == "Xilingol League Leader's Quality Award"
