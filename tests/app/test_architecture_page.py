"""AppTest smoke test of the Architecture page: no exception, the table and the totals rendered."""


def metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_architecture_page_renders_and_follows_the_controls(app, open_page):
    at = open_page(app, "architecture.py")
    assert not at.exception
    assert metric(at, "Parameters") == "11,689,512"
    assert len(at.dataframe) >= 2  # the stage tables and the FLOPs table
    flops = at.dataframe[-1].value
    assert list(flops.iloc[:, 0]) == ["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"]
    assert list(flops.iloc[:, 3]) == [1.814, 3.664, 4.089, 7.801, 11.514]

    at.selectbox(key="arch_model").set_value("resnet50").run()
    assert not at.exception
    assert metric(at, "Parameters") == "25,557,032"
    assert metric(at, "Multiply-adds") == "4.089 G"

    at.selectbox(key="arch_model").set_value("cifar_resnet56").run()
    at.toggle(key="arch_residual").set_value(False).run()
    assert not at.exception
    assert metric(at, "Parameters") == "853,018"
    tables = [d.value for d in at.dataframe[:-1]]
    assert sum(len(t) for t in tables) > 100
    assert not any(t.iloc[:, 0].str.contains("shortcut").any() for t in tables)

    at.text_input(key="arch_filter").set_value("fc").run()
    assert [list(d.value.iloc[:, 0]) for d in at.dataframe[:-1]] == [["fc"]]


def test_architecture_page_in_chinese(app, open_page):
    app.session_state["lang"] = "zh"
    at = open_page(app, "architecture.py")
    assert not at.exception
    assert at.title[0].value == "网络结构"
    assert [m.label for m in at.metric][:2] == ["参数量", "乘加运算量"]
