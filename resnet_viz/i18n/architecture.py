"""Strings of the Architecture page."""

STRINGS = {
    "arch.title": {"en": "Architecture", "zh": "网络结构"},
    "arch.intro": {
        "en": "Pick a network and see every layer: output shapes, parameters, multiply-adds and receptive fields.",
        "zh": "选择一个网络，查看每一层：输出形状、参数量、乘加运算量和感受野。",
    },
    "arch.shortcuts": {"en": "Shortcuts (residual net)", "zh": "捷径连接（残差网络）"},
    "arch.shortcuts.help": {
        "en": "Off: the plain twin — the same layers with the shortcut additions removed.",
        "zh": "关闭：对应的普通网络——层完全相同，只是去掉了捷径相加。",
    },
    "arch.input_size": {"en": "Input size (pixels)", "zh": "输入尺寸（像素）"},
    "arch.params": {"en": "Parameters", "zh": "参数量"},
    "arch.macs": {"en": "Multiply-adds", "zh": "乘加运算量"},
    "arch.layers": {"en": "Weighted layers", "zh": "带权重的层数"},
    "arch.output": {"en": "Output", "zh": "输出"},
    "arch.diagram": {"en": "Stages and shortcuts", "zh": "各阶段与捷径连接"},
    "arch.diagram.help": {
        "en": "Each box is a residual block, coloured by stage; the number under a stage is the tensor shape "
              "(channels×height×width) it hands on. Arcs are shortcuts: solid where the input is added back as it "
              "is, dashed where the shortcut must change its shape (a 1×1 projection, or zero-padding in the CIFAR "
              "nets), as in Figure 3 of the paper. Plain nets have no arcs. Drag to pan, scroll to zoom.",
        "zh": "每个方框是一个残差块，颜色表示所属阶段；阶段下方的数字是它输出的张量形状（通道×高×宽）。"
              "弧线是捷径连接：实线表示输入原样加回，虚线表示捷径需要改变形状（1×1 投影，或 CIFAR 网络中的补零），"
              "与论文图 3 一致。普通网络没有弧线。拖动可平移，滚轮可缩放。",
    },
    "arch.why": {"en": "Why shortcuts?", "zh": "为什么需要捷径连接？"},
    "arch.why.body": {
        "en": "A block is asked to learn a mapping H(x). With a shortcut it only learns the *residual* "
              "F(x) = H(x) − x, and outputs F(x) + x. If the best thing a block can do is nothing (identity), it "
              "just drives F to zero, which is easy; a plain stack must instead fit identity with several "
              "nonlinear layers, which is hard. That is why deeper plain nets train *worse* while deeper residual "
              "nets keep improving (Section 3.1).",
        "zh": "每个块要学习一个映射 H(x)。有了捷径连接，它只需学习*残差* F(x) = H(x) − x，并输出 F(x) + x。"
              "如果这个块最好什么也不做（恒等映射），只需把 F 推向零，这很容易；而普通网络必须用多个非线性层去"
              "拟合恒等映射，这很难。所以更深的普通网络反而训练得*更差*，而更深的残差网络仍能继续提升（第 3.1 节）。",
    },
    "arch.table": {"en": "Layer table", "zh": "逐层表"},
    "arch.table.help": {
        "en": "One row per layer call, grouped by stage. A module used twice (the ReLU inside a block) appears "
              "once per use. Receptive field: how many input pixels across one output unit can see.",
        "zh": "每次层调用一行，按阶段分组。同一模块被调用多次（例如块内的 ReLU）时，每次调用各占一行。"
              "感受野：一个输出单元能看到的输入像素宽度。",
    },
    "arch.filter": {"en": "Filter layers (name or type)", "zh": "筛选层（名称或类型）"},
    "arch.download": {"en": "Download CSV", "zh": "下载 CSV"},
    "arch.stage_summary": {
        "en": "{stage} — layers: {rows} · parameters: {params} · GMACs: {macs} · output: {shape}",
        "zh": "{stage} — 层数：{rows} · 参数量：{params} · GMACs：{macs} · 输出：{shape}",
    },
    "arch.col.name": {"en": "Layer", "zh": "层"},
    "arch.col.type": {"en": "Type", "zh": "类型"},
    "arch.col.stage": {"en": "Stage", "zh": "阶段"},
    "arch.col.output_shape": {"en": "Output shape", "zh": "输出形状"},
    "arch.col.params": {"en": "Parameters", "zh": "参数量"},
    "arch.col.macs": {"en": "Multiply-adds", "zh": "乘加运算量"},
    "arch.col.receptive_field": {"en": "Receptive field", "zh": "感受野"},
    "arch.anatomy": {"en": "Block anatomy: BasicBlock vs Bottleneck", "zh": "块的结构：基本块与瓶颈块"},
    "arch.anatomy.channels": {"en": "Channels in and out", "zh": "输入/输出通道数"},
    "arch.anatomy.body": {
        "en": "ResNet-18/34 stack BasicBlocks (two 3×3 convs). ResNet-50/101/152 use Bottlenecks: a 1×1 conv "
              "squeezes the channels to a quarter, a 3×3 conv works there, a 1×1 conv restores them (Figure 5). "
              "At {channels} channels that is {basic} vs {bottleneck} convolution weights — {ratio:.0f}× fewer, "
              "which is what makes 152 layers affordable.",
        "zh": "ResNet-18/34 由基本块（两个 3×3 卷积）堆叠而成。ResNet-50/101/152 使用瓶颈块：1×1 卷积先把通道数"
              "压缩到四分之一，3×3 卷积在低维上计算，再用 1×1 卷积恢复（图 5）。在 {channels} 个通道时，卷积权重分别为 "
              "{basic} 和 {bottleneck} 个——少 {ratio:.0f} 倍，这正是 152 层网络能负担得起的原因。",
    },
    "arch.anatomy.conv": {"en": "{name}: {kernel}, {cin}→{cout}", "zh": "{name}：{kernel}，{cin}→{cout}"},
    "arch.anatomy.total": {"en": "Convolution weights", "zh": "卷积权重"},
    "arch.flops": {"en": "FLOPs: the paper, torchvision and our count", "zh": "计算量：论文、torchvision 与本工具的统计"},
    "arch.flops.col.model": {"en": "Model", "zh": "模型"},
    "arch.flops.col.paper": {"en": "Paper Table 1 (G)", "zh": "论文表 1（G）"},
    "arch.flops.col.torchvision": {"en": "torchvision (GFLOPS)", "zh": "torchvision（GFLOPS）"},
    "arch.flops.col.ours": {"en": "Our count (GMACs)", "zh": "本工具统计（GMACs）"},
    "arch.flops.note": {
        "en": "All three count multiply-adds of the convolutions and the fc layer at 224×224. They agree for 18 and "
              "34; for 50, 101 and 152 torchvision builds ResNet \"V1.5\", which puts the stride-2 of each "
              "downsampling Bottleneck in its 3×3 conv instead of the first 1×1 conv, so that 3×3 conv runs on a "
              "4× larger map — and the projection shortcuts the paper leaves out of Table 1 are counted too.",
        "zh": "三者统计的都是 224×224 输入下卷积层和全连接层的乘加次数。18 层和 34 层完全一致；对 50、101 和 152 层，"
              "torchvision 实现的是 ResNet \"V1.5\"：下采样瓶颈块的步长 2 放在 3×3 卷积而不是第一个 1×1 卷积上，"
              "因此这个 3×3 卷积在 4 倍大的特征图上计算——另外，论文表 1 未计入的投影捷径在这里也被计算在内。",
    },
    "arch.hover.output": {"en": "output", "zh": "输出"},
    "arch.hover.shortcut": {"en": "shortcut", "zh": "捷径"},
    "arch.shortcut.identity": {"en": "identity (solid)", "zh": "恒等（实线）"},
    "arch.shortcut.projection": {"en": "1×1 projection (dashed)", "zh": "1×1 投影（虚线）"},
    "arch.shortcut.zero-pad": {"en": "identity + zero-padding (dashed)", "zh": "恒等 + 补零（虚线）"},
    "arch.shortcut.None": {"en": "none (plain)", "zh": "无（普通网络）"},
    "arch.legend.identity": {"en": "identity shortcut", "zh": "恒等捷径"},
    "arch.legend.changing": {"en": "shortcut that changes shape", "zh": "改变形状的捷径"},
    "arch.legend.plain": {"en": "plain net: no shortcuts, every block must learn H(x) itself",
                          "zh": "普通网络：没有捷径连接，每个块都必须自己学习 H(x)"},
    "arch.stages": {"en": "Shape after each stage", "zh": "各阶段输出形状"},
}
