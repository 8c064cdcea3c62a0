"""The library's own messages (errors and the phrases inside them), by code: ``lib.<code>``.

The English is the library's (``resnet_viz.errors.all_messages``), so the command line and the page say the same;
this module adds the Chinese. ``tests/test_i18n.py`` checks that every code the library can raise is here.
"""

# importing these modules registers their messages
from resnet_viz import transfer  # noqa: F401
from resnet_viz.classroom import votes  # noqa: F401
from resnet_viz.errors import all_messages
from resnet_viz.explain import checkpoints, images  # noqa: F401
from resnet_viz.train import classroom, cluster, config, data, runs  # noqa: F401

ZH = {
    # --- phrases inside messages
    "arch.residual": "{name}（{channels} 个输入通道，{classes} 个类别）",
    "arch.plain": "{name}（普通网络版本，{channels} 个输入通道，{classes} 个类别）",
    "dataset.fashion-mnist-sample": "Fashion-MNIST 样本（内置，{train:,}/{test:,}）",
    "dataset.fashion-mnist": "Fashion-MNIST（{train:,}/{test:,}）",
    "dataset.mnist": "MNIST（{train:,}/{test:,}）",
    "dataset.cifar10": "CIFAR-10（{train:,}/{test:,}）",
    "image.header": "文件头不完整或无效",
    # --- the class's votes (resnet_viz.classroom.votes)
    "vote.bad_code": "{given!r} 不是课堂代码（由 {length} 个字母和数字组成）",
    "vote.unknown_code": "这台服务器上没有代码为 {given!r} 的课堂",
    "vote.unknown_class": "这台服务器上已经没有这个课堂了",
    "vote.not_teacher": "只有老师可以这样做",
    "vote.unknown_student": "这个浏览器还没有加入课堂：请用课堂代码重新加入",
    "vote.nickname": "昵称最多 {limit} 个字符",
    "vote.bad_round": "没有第 {round} 轮（只有第 {first} 轮和第 {last} 轮）",
    "vote.no_round": "第 {step} 步现在没有开放的投票",
    "vote.closed": "第 {step} 步的投票已经结束",
    "vote.bad_choice": "{choice!r} 不是这道题的选项",
    "vote.choices": "投票至少需要两个互不相同的选项",
    "vote.second_round": "第二轮投票要在第一轮公布结果之后才能开始",
    # --- images (resnet_viz.explain.images)
    "image.missing": "{path} 处没有文件。",
    "image.empty": "文件是空的（0 字节）。",
    "image.file_too_big": "文件大小为 {size_mb:.1f} MB，上限是 {limit_mb:.0f} MB。",
    "image.too_large": "图片声明的尺寸为 {size}（{megapixels:,.0f} 百万像素），上限是 {limit:.0f} 百万像素，因此在解码前就被拒绝了。",
    "image.text": "这个文件里是文本，不是图片。",
    "image.unsupported": "不支持 {format} 文件；请使用 JPEG、PNG、WebP、BMP、GIF 或 TIFF。",
    "image.not_image": "无法识别为图片文件；请使用 JPEG、PNG、WebP、BMP、GIF 或 TIFF。",
    "image.damaged": "图片已损坏或不完整，无法解码（{detail}）。",
    "image.mode": "不支持颜色模式为 {mode} 的图片。",
    # --- weights files and checkpoints (resnet_viz.explain.checkpoints, resnet_viz.explain.sources)
    "checkpoint.missing": "{path} 处没有权重文件",
    "checkpoint.too_big": "该文件大小为 {size_mb:.0f} MB；权重文件上限为 {limit_mb:.0f} MB",
    "checkpoint.empty": "权重文件是空的",
    "checkpoint.not_torch": "这不是 PyTorch 权重文件（torch.save 写出的是 zip 压缩包，而这个文件不是）",
    "checkpoint.unsafe": "拒绝加载：文件里除了权重还有别的内容（{detail}）",
    "checkpoint.unreadable": "这不是 PyTorch 权重文件（{kind}）",
    "checkpoint.mismatch": "这些权重与 {what} 不匹配：{wrong} 个形状不同，缺少 {missing} 个，多出 {unexpected} 个"
                           "（例如 {examples}）",
    "checkpoint.no_meta": "这不是 ResNet Explorer 的检查点（没有元数据）；普通的 state dict 请作为权重文件、"
                          "为选定的网络结构加载",
    "checkpoint.no_architecture": "检查点的元数据已损坏：没有网络结构信息",
    "checkpoint.bad_architecture": "检查点中的网络结构无法使用：{detail}",
    "checkpoint.no_state": "检查点里没有 state dict",
    "checkpoint.not_state_dict": "文件里没有 state dict（从层名到张量的映射）",
    "checkpoint.classes": "检查点列出了 {classes} 个类别，但模型有 {outputs} 个输出",
    "checkpoint.bad_preprocessing": "检查点中的预处理元数据无法使用（{detail}）",
    "checkpoint.other_architecture": "这些权重属于 {found}，而不是 {wanted}",
    # --- run files (resnet_viz.train.runs)
    "run.missing": "{path} 处没有训练记录文件",
    "run.unreadable": "无法读取的训练记录文件（{kind}）",
    "run.not_run": "这不是 ResNet Explorer 的训练记录文件",
    "run.damaged": "训练记录文件已损坏：缺少 {key!r}",
    # --- datasets (resnet_viz.train.data)
    "data.sample_damaged": "内置样本 {path} 缺失或已损坏（{detail}）；请从 git 恢复",
    "data.not_found": "没有找到 {title}：已在 {where} 中查找。获取方法：用 `python -m resnet_viz train --dataset {name} "
                      "--download` 下载（需要联网），或用 --data-dir 指定存放 {files} 的目录。",
    "data.not_found_debian": "没有找到 {title}：已在 {where} 中查找。获取方法：用 `python -m resnet_viz train --dataset "
                             "{name} --download` 下载（需要联网），或在 Debian/Ubuntu 上运行 `sudo apt install "
                             "{package}`，或用 --data-dir 指定存放 {files} 的目录。",
    "data.not_writable": "{title}：在 {folder} 中找到了，但无法解压：{target} 不可写；请把 ${env} 设为一个可写的目录",
    "data.unreadable_file": "{title}：无法读取 {path}（{detail}）；文件已损坏，请替换它或重新下载数据集",
    "data.damaged": "{root} 处的 {title} 缺失或已损坏（{detail}）；请删除后重新下载，或用 --data-dir 指向一份完好的副本",
    "data.bad_arrays": "{root} 处的 {title} 已损坏：{images} 张 {dtype} 图像，{labels} 个标签；请重新下载",
    # --- the class experiment (resnet_viz.train.classroom)
    "assignment.bad_id": "{id!r} 不是课堂实验的编号（{shortest} 到 {longest} 个小写字母和数字）",
    "assignment.missing": "这台服务器上没有课堂实验 {id!r}",
    "assignment.stopped": "课堂实验 {id!r} 已被老师停止",
    "assignment.damaged": "课堂实验 {id!r} 的文件已损坏（{detail}）",
    "assignment.recipe": "这次训练的方案与课堂实验的不同（{fields}）；请使用相同的设置，只换随机种子",
    # --- transfer learning (resnet_viz.transfer)
    "transfer.photo": "照片 {number}",
    "transfer.mode": "未知的方式 {mode!r}：可选 {choices}",
    "transfer.no_modes": "请至少选择一种方式（{choices}）",
    "transfer.range": "{field} 必须在 {minimum} 到 {maximum} 之间，实际为 {value}",
    "transfer.backbone": "未知的主干网络 {name!r}：请选择 {choices}，或本应用的一个检查点文件（.pt）",
    "transfer.no_weights": "{name} 没有公开的预训练权重：请用本应用的一个检查点作为主干网络",
    "transfer.head": "检查点的输出层与元数据不符：全连接层有 {outputs} 个输出，却列出了 {classes} 个类别名",
    "transfer.no_folder": "{path} 处没有文件夹",
    "transfer.no_classes": "{path} 中没有类别文件夹：请把每个类别的图像放进以类别命名的子文件夹（ImageFolder 结构，例如 "
                           "{path}/daisy/1.jpg）",
    "transfer.no_images": "没有图像：至少需要 {classes} 个类别，每个类别至少 {minimum} 张",
    "transfer.one_class": "只有一个类别（{name!r}）：迁移学习至少需要 {minimum} 个类别才能区分",
    "transfer.too_many_classes": "共 {count} 个类别；最多允许 {limit} 个",
    "transfer.empty_class": "类别 {name!r} 中没有图像（查找的是 {extensions} 文件）",
    "transfer.too_few": "类别 {name!r} 只有 {count} 张图像；每个类别至少需要 {minimum} 张：一张用于训练，一张用于验证",
    "transfer.name_empty": "有一个类别名为空：请给每个类别起个名字",
    "transfer.name_long": "类别名 {name!r} 有 {length} 个字符；最多允许 {limit} 个",
    "transfer.too_many_images": "共 {count} 张图像；最多允许 {limit} 张",
    "transfer.too_many_bytes": "这些图像共 {size_mb:.0f} MB；最多允许 {limit_mb:.0f} MB",
    "transfer.bad_image": "{name}（类别 {label!r}）无法使用：{reason}",
    "transfer.not_comparable": "这两次训练除了归一化之外还有别的不同（{field}）：请比较设置相同的两次训练",
    # --- training setups (resnet_viz.train.config)
    "config.no_depths": "请至少选择一种深度",
    "config.depth": "深度 {depth} 不是 6n+2（论文中的 CIFAR 网络：{paper}）",
    "config.dataset": "未知的数据集 {dataset!r}：可选 {choices}",
    "config.augment": "数据增强必须是 {choices} 之一，而不是 {augment!r}",
    "config.positive": "{field} 必须为正数，实际为 {value}",
    "config.final_window": "final_window 必须在 (0, 1] 之间，实际为 {value}",
    "config.too_few_images": "训练集只有 {images} 张图像，不足一个批次（{batch}）",
    "config.batch_split": "批量大小 {batch} 无法平均分给 {processes} 个进程",
    "config.engine": "训练引擎必须是 {choices} 之一，而不是 {engine!r}",
    "config.network": "{network!r} 不是这次训练的网络之一（{choices}）",
    "config.stacked_bn": "堆叠引擎需要批量归一化（BN）：不带 BN 的训练请用 eager 或 auto 引擎",
    # --- a school's cluster (resnet_viz.train.cluster)
    "cluster.version": "计算节点 {worker} 运行的是另一个版本的 ResNet Explorer（{theirs}；本服务器：{ours}），"
                       "它训练出的结果无法比较。请在该节点上安装本版本后重新启动",
    "cluster.kind": "未知的任务类型 {kind!r}",
}

STRINGS = {f"lib.{code}": {"en": english, "zh": ZH[code]} for code, english in all_messages().items() if code in ZH}
