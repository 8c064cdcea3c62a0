"""Strings shared by the app frame: navigation, sidebar, messages."""

STRINGS = {
    "app.title": {"en": "ResNet Explorer", "zh": "ResNet 探索器"},
    "common.list_sep": {"en": ", ", "zh": "、"},  # between the items of a list of names
    "common.choose": {"en": "Choose…", "zh": "请选择…"},  # an empty multiselect's placeholder (Streamlit's is English)
    "nav.architecture": {"en": "Architecture", "zh": "网络结构"},
    # The same in both languages: a widget whose label changes is a new widget, and would forget the choice.
    "sidebar.language": {"en": "Language / 语言", "zh": "Language / 语言"},
    "sidebar.device": {"en": "Device: {device}", "zh": "计算设备：{device}"},
    "sidebar.cpu": {"en": "CPU ({cores} cores)", "zh": "CPU（{cores} 核）"},
    "sidebar.present": {"en": "Presenter mode", "zh": "演示模式"},
    "sidebar.present.help": {
        "en": "For the projector: larger type, the sidebar folded, advanced controls and exports out of the way. "
              "Links copied in this mode open in it too (present=1).",
        "zh": "用于投影：字号更大，侧边栏收起，高级设置和导出按钮不显示。在此模式下复制的链接打开后也是演示模式（present=1）。",
    },
    "sidebar.memory": {"en": "Server memory: {process} GiB", "zh": "服务器内存：{process} GiB"},
    "sidebar.gpu_memory": {"en": "GPU: {used} of {total} GiB", "zh": "GPU：{used} / {total} GiB"},
    "sidebar.queue": {"en": "Training queue: {running} running, {waiting} waiting",
                      "zh": "训练队列：{running} 个运行中，{waiting} 个等待中"},
    "sidebar.cluster": {"en": "School cluster {address}: {workers}", "zh": "学校计算集群 {address}：{workers}"},
    "sidebar.cluster.workers": {"en": "{n} workers ({names})", "zh": "{n} 个计算节点（{names}）"},
    "sidebar.cluster.workers.one": {"en": "{n} worker ({names})", "zh": "{n} 个计算节点（{names}）"},
    "sidebar.cluster.refused": {
        "en": "Not used, another version of ResNet Explorer: {names}. Install this version there and restart them.",
        "zh": "未使用（运行的是另一个版本的 ResNet Explorer）：{names}。请在这些节点上安装本版本后重新启动。",
    },
    "cluster.unreachable": {
        "en": "The school cluster at {address} could not be reached: runs train on this server.",
        "zh": "无法连接学校计算集群 {address}：训练在本服务器上进行。",
    },
    "cluster.gone": {
        "en": "The school cluster at {address} is gone: runs train on this server.",
        "zh": "学校计算集群 {address} 已断开：训练在本服务器上进行。",
    },
    "cluster.no_worker": {
        "en": "No worker of the school cluster runs this version of ResNet Explorer: runs train on this server.",
        "zh": "学校计算集群中没有运行本版本 ResNet Explorer 的计算节点：训练在本服务器上进行。",
    },
    "cluster.moved": {
        "en": "The worker training this run stopped: the run started again on another worker.",
        "zh": "训练这次运行的计算节点停止了工作：这次运行已在另一个计算节点上重新开始。",
    },
    "cluster.here": {
        "en": "The school cluster went away during this run: it started again on this server.",
        "zh": "运行期间学校计算集群断开了：这次运行已在本服务器上重新开始。",
    },
    "cluster.device": {"en": "the school cluster", "zh": "学校计算集群"},
    "sidebar.about": {
        "en": "Explore He et al. 2015, *Deep Residual Learning for Image Recognition*.",
        "zh": "探索 He 等人 2015 年的论文《Deep Residual Learning for Image Recognition》（深度残差学习）。",
    },
    "common.model": {"en": "Model", "zh": "模型"},
    "common.residual": {"en": "Residual", "zh": "残差网络"},
    "common.plain": {"en": "Plain (no shortcuts)", "zh": "普通网络（无捷径连接）"},
    "common.oom": {
        "en": "The server ran out of memory on this request: try a smaller model or image. Nobody else is affected.",
        "zh": "服务器处理这个请求时内存不足：请换一个更小的模型或图片。其他用户不受影响。",
    },
    "common.error": {"en": "Something went wrong: {message}", "zh": "出错了：{message}"},
    "common.sections": {"en": "Sections", "zh": "栏目"},
    "common.pair": {"en": "{first} and {second}", "zh": "{first} 和 {second}"},
    "common.duration.minutes": {"en": "{minutes} min {seconds:02d} s", "zh": "{minutes} 分 {seconds:02d} 秒"},
    "common.duration.seconds": {"en": "{seconds} s", "zh": "{seconds} 秒"},
    # --- lesson links and presenter mode (app_pages/ui/links.py)
    "links.bad_value": {"en": "This link's value {value!r} for “{name}” cannot be used here; the default is shown "
                              "instead.",
                        "zh": "链接中“{name}”的值 {value!r} 在这里无法使用，已改用默认值。"},
    "links.copy": {"en": "Copy link", "zh": "复制链接"},
    "a11y.formula": {"en": "Formula", "zh": "公式"},
    "links.back_to_lesson": {"en": "Back to the Lesson, step {step}", "zh": "返回课程第 {step} 步"},
    "links.copy.help": {"en": "This exact view as a link, to share with the class (the copy button is on the right).",
                        "zh": "把当前视图作为链接分享给全班（右侧有复制按钮）。"},
    "links.class.scan": {"en": "Scan to open", "zh": "扫码打开"},
    "links.class.qr": {"en": "QR code of the class link", "zh": "课堂链接的二维码"},
    "links.class.loopback": {
        "en": "Students cannot open this link: the server listens on this computer only (server.address {listen}). "
              "Restart it with scripts/run-app.sh --server.address 0.0.0.0.",
        "zh": "学生打不开这个链接：服务器只在本机上监听（server.address {listen}）。请用 scripts/run-app.sh "
              "--server.address 0.0.0.0 重新启动。",
    },
    "links.class.no_network": {
        "en": "Students cannot open this link: this computer has no address on a local network. Connect it to the "
              "classroom's network and reload the page.",
        "zh": "学生打不开这个链接：这台电脑没有局域网地址。请把它连到教室的网络，然后刷新页面。",
    },
}
