"""Agency identity: one id across years and spellings, different ids for different agencies."""

from __future__ import annotations

import pytest

from reportparse.identity import KINDS, LEVELS, AgencyIdentity, agency_identity, tokenizer
from reportparse.normalize import region_of

# name as printed, the record's region adcode, then the expected agency_id, agency_kind and level
NAMES = [
    ('洪泽区人民政府', '320813', '320813-人民政府', '人民政府', 'county'),
    ('淮安市洪泽区人民政府', '320813', '320813-人民政府', '人民政府', 'county'),
    ('淮安市人民政府', '320800', '320800-人民政府', '人民政府', 'city'),
    ('淮安市人民政府办公室', '320800', '320800-人民政府办公室', '政府办公厅/室', 'city'),
    ('淮安市政府办公室', '320800', '320800-人民政府办公室', '政府办公厅/室', 'city'),
    ('江苏省人民政府办公厅', '320000', '320000-人民政府办公厅', '政府办公厅/室', 'province'),
    ('江苏省政府办公厅', '320000', '320000-人民政府办公厅', '政府办公厅/室', 'province'),
    ('江苏省财政厅', '320000', '320000-财政厅', '部门', 'province'),
    ('江苏省教育厅', '320000', '320000-教育厅', '部门', 'province'),
    ('昆山市人民政府', '320583', '320583-人民政府', '人民政府', 'county'),
    ('苏州市昆山市人民政府', '320583', '320583-人民政府', '人民政府', 'county'),
    ('昆山市发改委', '320583', '320583-发展改革委员会', '部门', 'county'),
    ('昆山市发展和改革委员会', '320583', '320583-发展改革委员会', '部门', 'county'),
    ('苏州工业园区管理委员会', '320576', '320576-管理委员会', '管委会', 'county'),
    ('苏州工业园区管委会', '320576', '320576-管理委员会', '管委会', 'county'),
    ('南京市鼓楼区人民政府', '320106', '320106-人民政府', '人民政府', 'county'),
    ('福州市鼓楼区人民政府', '350102', '350102-人民政府', '人民政府', 'county'),
    ('福州市鼓楼区住房和城乡建设局', '350102', '350102-住房城乡建设局', '部门', 'county'),
    ('南京市鼓楼区住房和城乡建设局', '320106', '320106-住房城乡建设局', '部门', 'county'),
    ('南京市鼓楼区住建局', '320106', '320106-住房城乡建设局', '部门', 'county'),
    ('平潭综合实验区', '350128', '350128-综合实验区管理委员会', '管委会', 'county'),
    ('平潭综合实验区管理委员会', '350128', '350128-综合实验区管理委员会', '管委会', 'county'),
    ('福建省平潭综合实验区管委会', '350000', '350128-综合实验区管理委员会', '管委会', 'county'),
    ('北京市人民政府', '110000', '110000-人民政府', '人民政府', 'province'),
    ('北京市朝阳区人民政府', '110105', '110105-人民政府', '人民政府', 'county'),
    ('北京市朝阳区建外街道办事处', '110105', '110105-建外街道办事处', '街道/乡镇', 'township'),
    ('北京市朝阳区建外街道', '110105', '110105-建外街道办事处', '街道/乡镇', 'township'),
    ('上海市浦东新区人民政府', '310115', '310115-人民政府', '人民政府', 'county'),
    ('上海市浦东新区人民政府办公室', '310115', '310115-人民政府办公室', '政府办公厅/室', 'county'),
    ('天津市滨海新区人民政府', '120116', '120116-人民政府', '人民政府', 'county'),
    ('重庆市两江新区管理委员会', '500157', '500157-管理委员会', '管委会', 'county'),
    ('重庆市渝中区人民政府', '500103', '500103-人民政府', '人民政府', 'county'),
    ('河北雄安新区管理委员会', '133100', '133100-管理委员会', '管委会', 'city'),
    ('仙桃市人民政府', '429004', '429004-人民政府', '人民政府', 'county'),
    ('湖北省仙桃市人民政府', '429004', '429004-人民政府', '人民政府', 'county'),
    ('东莞市虎门镇人民政府', '441900', '441900-虎门镇人民政府', '街道/乡镇', 'township'),
    ('东莞市虎门镇政府', '441900', '441900-虎门镇人民政府', '街道/乡镇', 'township'),
    ('东莞市人民政府', '441900', '441900-人民政府', '人民政府', 'city'),
    ('深圳市南山区粤海街道办事处', '440305', '440305-粤海街道办事处', '街道/乡镇', 'township'),
    ('广州市天河区人民政府办公室', '440106', '440106-人民政府办公室', '政府办公厅/室', 'county'),
    ('广州市天河区政府办', '440106', '440106-人民政府办公室', '政府办公厅/室', 'county'),
    ('广州市天河区政府办公室', '440106', '440106-人民政府办公室', '政府办公厅/室', 'county'),
    ('海门区人民政府', '320614', '320614-人民政府', '人民政府', 'county'),
    ('海门区海门街道办事处', '320614', '320614-海门街道办事处', '街道/乡镇', 'township'),
    ('南通市海门区三厂街道办事处', '320614', '320614-三厂街道办事处', '街道/乡镇', 'township'),
    ('固原市住房公积金管理中心', '640400', '640400-住房公积金管理中心', '事业单位', 'city'),
    ('固原市住房公积金中心', '640400', '640400-住房公积金管理中心', '事业单位', 'city'),
    ('宁夏回族自治区固原市住房公积金管理中心', '640400', '640400-住房公积金管理中心', '事业单位', 'city'),
    ('成都市武侯区人民政府', '510107', '510107-人民政府', '人民政府', 'county'),
    ('成都市武侯区市场监管局', '510107', '510107-市场监督管理局', '部门', 'county'),
    ('成都市武侯区市场监督管理局', '510107', '510107-市场监督管理局', '部门', 'county'),
    ('成都市市场监督管理局', '510100', '510100-市场监督管理局', '部门', 'city'),
    ('杭州市西湖区卫健局', '330106', '330106-卫生健康局', '部门', 'county'),
    ('杭州市西湖区卫生健康局', '330106', '330106-卫生健康局', '部门', 'county'),
    ('杭州市萧山区人力资源和社会保障局', '330109', '330109-人力资源社会保障局', '部门', 'county'),
    ('杭州市萧山区人社局', '330109', '330109-人力资源社会保障局', '部门', 'county'),
    ('淮安经济技术开发区管理委员会', '320800', '320800-经济技术开发区管理委员会', '管委会', 'city'),
    ('淮安经济技术开发区管委会', '320800', '320800-经济技术开发区管理委员会', '管委会', 'city'),
    ('长沙高新技术产业开发区管理委员会', '430100', '430100-高新技术产业开发区管理委员会', '管委会', 'city'),
    ('长沙高新区管委会', '430100', '430100-高新技术产业开发区管理委员会', '管委会', 'city'),
    ('国家税务总局淮安市洪泽区税务局', '320813', '320813-税务局', '部门', 'county'),
    ('洪泽区税务局', '320813', '320813-税务局', '部门', 'county'),
    ('洪泽区财政局', '320813', '320813-财政局', '部门', 'county'),
    ('盱眙县财政局', '320830', '320830-财政局', '部门', 'county'),
    ('淮安市洪泽区高良涧街道办事处', '320813', '320813-高良涧街道办事处', '街道/乡镇', 'township'),
    ('洪泽区岔河镇人民政府', '320813', '320813-岔河镇人民政府', '街道/乡镇', 'township'),
    ('洪泽区岔河镇政府', '320813', '320813-岔河镇人民政府', '街道/乡镇', 'township'),
    ('洪泽区老子山镇人民政府', '320813', '320813-老子山镇人民政府', '街道/乡镇', 'township'),
    ('延边朝鲜族自治州人民政府', '222400', '222400-人民政府', '人民政府', 'city'),
    ('延吉市人民政府', '222401', '222401-人民政府', '人民政府', 'county'),
    ('内蒙古自治区鄂尔多斯市达拉特旗人民政府', '150621', '150621-人民政府', '人民政府', 'county'),
    ('达拉特旗人民政府', '150621', '150621-人民政府', '人民政府', 'county'),
    ('广西壮族自治区南宁市青秀区人民政府', '450103', '450103-人民政府', '人民政府', 'county'),
    ('西藏自治区拉萨市城关区人民政府', '540102', '540102-人民政府', '人民政府', 'county'),
    ('兰州市城关区人民政府', '620102', '620102-人民政府', '人民政府', 'county'),
    ('云南省人民政府', '530000', '530000-人民政府', '人民政府', 'province'),
    ('昆明市自然资源和规划局', '530100', '530100-自然资源规划局', '部门', 'city'),
    ('昆明市自然资源与规划局', '530100', '530100-自然资源规划局', '部门', 'city'),
    ('贵阳市人民医院', '520100', '520100-人民医院', '事业单位', 'city'),
    ('哈尔滨市道里区教育局', '230102', '230102-教育局', '部门', 'county'),
    ('郑州市金水区文化广电和旅游局', '410105', '410105-文化广电旅游局', '部门', 'county'),
    ('郑州市金水区文广旅局', '410105', '410105-文化广电旅游局', '部门', 'county'),
    ('西安市雁塔区应急管理局', '610113', '610113-应急管理局', '部门', 'county'),
    ('西安市雁塔区应急局', '610113', '610113-应急管理局', '部门', 'county'),
    ('济南市历下区退役军人事务局', '370102', '370102-退役军人事务局', '部门', 'county'),
    ('石家庄市长安区人民政府', '130102', '130102-人民政府', '人民政府', 'county'),
    ('西安市长安区人民政府', '610116', '610116-人民政府', '人民政府', 'county'),
    ('乌鲁木齐市天山区人民政府', '650102', '650102-人民政府', '人民政府', 'county'),
    ('海南省三亚市吉阳区人民政府', '460203', '460203-人民政府', '人民政府', 'county'),
]


@pytest.mark.parametrize(("name", "adcode", "agency_id", "kind", "level"), NAMES, ids=[n[0] for n in NAMES])
def test_identity_of_each_name(name, adcode, agency_id, kind, level):
    got = agency_identity(name, {"adcode": adcode})
    assert (got.agency_id, got.agency_kind, got.level) == (agency_id, kind, level)
    assert got.agency_id.split("-", 1)[1] == got.name_normalized
    assert got.agency_kind in KINDS and got.level in LEVELS


def test_the_table_is_wide():
    assert len(NAMES) >= 60
    assert len({n[2] for n in NAMES}) >= 50
    assert {n[3] for n in NAMES} >= {"人民政府", "政府办公厅/室", "部门", "街道/乡镇", "管委会", "事业单位"}
    assert {n[4] for n in NAMES} == set(LEVELS)
    assert len({n[1][:2] for n in NAMES}) >= 20  # provinces


# spellings of one agency: all must agree
VARIANTS = [
    ["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "洪泽区政府", "淮安洪泽区人民政府", "洪泽区"],
    ["淮安市人民政府办公室", "淮安市政府办公室", "淮安市政府办", "江苏省淮安市人民政府办公室"],
    ["洪泽区住房和城乡建设局", "淮安市洪泽区住建局", "洪泽区住房与城乡建设局", "洪泽区住房城乡建设局"],
    ["淮安经济技术开发区管理委员会", "淮安经济技术开发区管委会", "江苏省淮安经济技术开发区管理委员会"],
    ["平潭综合实验区", "平潭综合实验区管委会", "福建省平潭综合实验区管理委员会"],
    ["洪泽区高良涧街道办事处", "淮安市洪泽区高良涧街道", "洪泽区高良涧街道办"],
    ["洪泽区岔河镇人民政府", "淮安市洪泽区岔河镇政府", "洪泽区岔河镇"],
    ["昆山市发展和改革委员会", "昆山市发改委", "苏州市昆山市发展改革委"],
    ["国家税务总局淮安市洪泽区税务局", "洪泽区税务局", "淮安市洪泽区税务局"],
    ["北京市朝阳区人民政府", "北京朝阳区人民政府", "北京市朝阳区政府"],
    ["固原市住房公积金管理中心", "固原市住房公积金中心", "宁夏回族自治区固原市住房公积金管理中心"],
    ["长沙高新技术产业开发区管理委员会", "长沙高新区管委会", "湖南省长沙高新技术产业开发区管委会"],
    ["洪泽区教育和体育局", "洪泽区教育体育局", "淮安市洪泽区教体局"],
    ["洪泽区人民政府办公室", "洪泽区府办", "淮安市洪泽区政府办"],
    ["淮安市人民政府外事办公室", "淮安市外事办公室"],
    ["淮安市人民政府国有资产监督管理委员会", "淮安市国资委", "淮安市国有资产监督管理委员会"],
]


@pytest.mark.parametrize("names", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_spellings_agree(names):
    """With the region the parser finds for each spelling (region_of, as the pipeline does)."""
    ids = {agency_identity(n, region_of(n)).agency_id for n in names}
    assert len(ids) == 1, ids


# neighbours: different agencies, however alike their names
NEIGHBOURS = [
    ("洪泽区人民政府", "洪泽区人民政府办公室"),
    ("淮安市人民政府", "淮安市洪泽区人民政府"),
    ("洪泽区财政局", "盱眙县财政局"),
    ("南京市鼓楼区住房和城乡建设局", "福州市鼓楼区住房和城乡建设局"),
    ("石家庄市长安区人民政府", "西安市长安区人民政府"),
    ("淮安市人民政府", "淮安市淮安区人民政府"),
    ("海门区人民政府", "海门区海门街道办事处"),
    ("洪泽区岔河镇人民政府", "洪泽区老子山镇人民政府"),
    ("淮安经济技术开发区管理委员会", "淮安市人民政府"),
    ("杭州市西湖区卫生健康局", "杭州市卫生健康委员会"),
    ("昆山市发展和改革委员会", "昆山市发展和改革局"),
    ("淮安市人民政府办公室", "淮安市人民政府研究室"),
    ("洪泽区人民政府", "洪泽区人民政府信息公开办公室"),
    ("江苏省人民政府办公厅", "江苏省人民政府"),
    ("东莞市人民政府", "东莞市虎门镇人民政府"),
    ("北京市人民政府", "北京市朝阳区人民政府"),
]


@pytest.mark.parametrize(("a", "b"), NEIGHBOURS, ids=[f"{a}|{b}" for a, b in NEIGHBOURS])
def test_neighbours_differ(a, b):
    assert agency_identity(a, region_of(a)).agency_id != agency_identity(b, region_of(b)).agency_id


def test_the_corpus_case():
    region = {"province": "江苏省", "city": "淮安市", "county": "洪泽区", "adcode": "320813"}
    a = agency_identity("洪泽区人民政府", region)
    b = agency_identity("淮安市洪泽区人民政府", region)
    assert a == b == AgencyIdentity("320813-人民政府", "人民政府", "人民政府", "county")


def test_a_place_the_region_contradicts_stays_in_the_name():
    """A region found elsewhere in the text that disagrees with the name: nothing is stripped on a guess."""
    got = agency_identity("海南省三亚市吉阳区人民政府", {"adcode": "460204"})
    assert got.agency_id == "460204-吉阳区人民政府"


def test_without_a_region_a_unique_place_still_gives_the_code():
    assert agency_identity("淮安市洪泽区人民政府", None).agency_id == "320813-人民政府"
    assert agency_identity("鼓楼区人民政府", None).agency_id == "000000-鼓楼区人民政府"  # four 鼓楼区


def test_no_name_no_identity():
    assert agency_identity(None, {"adcode": "320813"}) == AgencyIdentity(None, None, None, None)
    assert agency_identity("  ", None).agency_id is None


def test_names_split_where_a_person_would():
    tk = tokenizer()
    assert tk.lcut("淮安市洪泽区人民政府", HMM=False) == ["淮安市", "洪泽区", "人民政府"]
    assert tk.lcut("北京市人民政府", HMM=False) == ["北京市", "人民政府"]  # one word in jieba's own dictionary
    assert tokenizer() is tk  # one per process


def test_the_tokenizer_is_private():
    import jieba

    assert tokenizer() is not jieba.dt
    assert "洪泽区" not in jieba.dt.FREQ or jieba.dt.FREQ.get("洪泽区") != tokenizer().FREQ["洪泽区"]


def test_the_cached_tokenizer_is_the_built_one(tmp_path, monkeypatch):
    """A later process reads the built prefix dictionary from the cache: the same words, frequencies and
    forced splits (what del_word leaves in jieba's HMM), so it cuts every text the same way."""
    import jieba.finalseg

    from reportparse import identity

    monkeypatch.setenv("REPORTPARSE_CACHE_DIR", str(tmp_path / "cache"))
    key = identity._tokenizer_key()
    assert identity._cached_tokenizer(key) is None
    built, deleted = identity._build_tokenizer()
    identity._save_tokenizer(key, built, deleted)
    identity._save_tokenizer(key, built, deleted)  # again: replaced whole, no temporary file left
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [f"tokenizer-{key}.marshal"]
    cached = identity._cached_tokenizer(key)
    if isinstance(cached.FREQ, dict):  # without the compiled module
        assert cached.FREQ == built.FREQ and list(cached.FREQ) == list(built.FREQ)
    else:  # the compiled table (reportparse.speedups): every word, its frequency
        assert len(cached.FREQ) == len(built.FREQ) and all(cached.FREQ[w] == f for w, f in built.FREQ.items())
    assert cached.total == built.total
    assert deleted and set(deleted) <= jieba.finalseg.Force_Split_Words
    text = "淮安市洪泽区住建局2023年政府信息公开工作年度报告：北京市人民政府依申请公开"
    assert cached.lcut(text) == built.lcut(text) and cached.lcut(text, HMM=False) == built.lcut(text, HMM=False)
    (tmp_path / "cache" / f"tokenizer-{key}.marshal").write_bytes(b"torn")
    assert identity._cached_tokenizer(key) is None  # rebuilt, not trusted


def test_jieba_imported_without_pkg_resources_reads_the_same_models():
    """import_jieba keeps pkg_resources out (0.27 s of start-up): jieba then opens its HMM's files from its
    folder directly, and loads the same probabilities as through pkg_resources."""
    import subprocess
    import sys

    probe = (
        "import sys, hashlib, pickle\n"
        "{}\n"
        "import jieba.finalseg as f\n"
        "print('pkg_resources' in sys.modules, hashlib.sha256(pickle.dumps((f.start_P, f.trans_P, f.emit_P))).hexdigest())"
    )
    guarded, plain = (
        subprocess.run([sys.executable, "-c", probe.format(line)], capture_output=True, text=True, check=True).stdout
        for line in ("from reportparse.identity import import_jieba; import_jieba()", "import pkg_resources, jieba")
    )
    assert guarded.split()[0] == "False" and plain.split()[0] == "True"
    assert guarded.split()[1] == plain.split()[1]
