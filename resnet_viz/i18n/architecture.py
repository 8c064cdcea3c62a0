"""Strings of the Architecture page. Every number in them is formatted in from the library's own counts or from
``resnet_viz.nets.paper``; none is typed here."""

STRINGS = {
    "arch.title": {"en": "Architecture", "zh": "网络结构"},
    "arch.intro": {
        "en": "Pick a network and see every layer: output shapes, parameters, multiply-adds and receptive fields; "
              "then the paper's Table 1, the two kinds of block, the three shortcut options and VGG-19 beside plain-34 and ResNet-34.",
        "zh": "选择一个网络，查看每一层的输出形状、参数量、乘加次数和感受野；再看论文的表 1、两种残差块、三种捷径连接方案，"
              "以及 VGG-19 与 plain-34、ResNet-34 的对比。",
    },
    "arch.tab.network": {"en": "One network", "zh": "单个网络"},
    "arch.tab.table1": {"en": "Table 1 and shapes", "zh": "表 1 与形状推演"},
    "arch.tab.blocks": {"en": "Blocks and FLOPs", "zh": "残差块与乘加次数"},
    "arch.tab.shortcuts": {"en": "Shortcut options", "zh": "捷径连接方案"},
    "arch.tab.vgg": {"en": "VGG-19 vs plain vs ResNet", "zh": "VGG-19、普通网络与 ResNet"},
    # --- one network
    "arch.shortcuts": {"en": "Shortcuts (residual net)", "zh": "捷径连接（残差网络）"},
    "arch.shortcuts.help": {
        "en": "Off: the plain twin — the same layers with the shortcut additions removed.",
        "zh": "关闭：对应的普通网络——层完全相同，只是去掉了捷径相加。",
    },
    "arch.shortcut_option": {"en": "Shortcut option", "zh": "捷径方案"},
    "arch.shortcut_option.help": {
        "en": "The paper's options (Sec. 3.3): A for the CIFAR nets and for ResNet-18 and ResNet-34 of Table 2, B for ResNet-50, ResNet-101 and ResNet-152 (Sec. 4.1); torchvision's ImageNet nets, the default here, use B at every depth. "
              "See the Shortcut options tab.",
        "zh": "论文的三种方案（第 3.3 节）：CIFAR 网络和表 2 中的 ResNet-18、ResNet-34 用 A，ResNet-50、ResNet-101、ResNet-152 用 B（第 4.1 节）；"
              "torchvision 的 ImageNet 网络（这里的默认设置）在各种深度都用 B。详见“捷径连接方案”标签页。",
    },
    "arch.option.A": {"en": "A — zero-padding", "zh": "A — 补零"},
    "arch.option.B": {"en": "B — projection where the shape changes", "zh": "B — 形状改变处用投影"},
    "arch.option.C": {"en": "C — projection everywhere", "zh": "C — 全部用投影"},
    "arch.input_size": {"en": "Input size (pixels)", "zh": "输入尺寸（像素）"},
    "arch.params": {"en": "Parameters", "zh": "参数量"},
    "arch.macs": {"en": "Multiply-adds", "zh": "乘加次数"},
    "arch.layers": {"en": "Weighted layers", "zh": "带权重的层数"},
    "arch.layers.help": {
        "en": "The depth the paper names a network by: its convolutions and fully connected layers on the main path "
              "(projection shortcuts are not counted).",
        "zh": "论文用来给网络命名的深度：主路径上的卷积层和全连接层（投影捷径不计入）。",
    },
    "arch.output": {"en": "Output", "zh": "输出"},
    "arch.diagram": {"en": "Stages and shortcuts", "zh": "各阶段与捷径连接"},
    "arch.diagram.help": {
        "en": "Each box is a residual block (a conv layer, for VGG), coloured by stage; the number under a stage is "
              "the tensor shape (channels×height×width) it hands on. Arcs are shortcuts: solid where the input is "
              "added back as it is, dashed where the shortcut is not a plain identity (a 1×1 projection, or "
              "zero-padding), as in Figure 3 of the paper. Plain nets have no arcs. Drag to pan, scroll to zoom.",
        "zh": "每个方框是一个残差块（VGG 中是一个卷积层），颜色表示所属阶段；阶段下方的数字是它输出的张量形状（通道×高×宽）。"
              "弧线是捷径连接：实线表示输入原样加回，虚线表示捷径不是单纯的恒等映射（1×1 投影或补零），与论文图 3 一致。"
              "普通网络没有弧线。拖动可平移，滚轮可缩放。",
    },
    "arch.why": {"en": "Why shortcuts?", "zh": "为什么需要捷径连接？"},
    "arch.why.body": {
        "en": "A block is asked to learn a mapping H(x). With a shortcut it learns the **residual** F(x) = H(x) − x "
              "instead: it adds y = F(x) + x (Eq. 1) and outputs ReLU(y), the ReLU after the addition. If the best a "
              "block can do is to pass its input on (identity), it only has to drive F towards zero; a plain stack "
              "must fit the identity with nonlinear layers, which, the paper suggests, solvers may find hard (its "
              "hypothesis from the degradation, Sec. 3.1). Identity shortcuts add no parameters and no computation "
              "beyond the addition. (One of the teaching articles says the block removes “high-order polynomial "
              "noise”; the paper says nothing of noise: the block's layers fit the residual F(x) = H(x) − x, Sec. "
              "3.1.)",
        "zh": "每个块要学习一个映射 H(x)。有了捷径连接，它改为学习**残差** F(x) = H(x) − x：先算出 y = F(x) + x（式 1），再输出 ReLU(y)，ReLU 在相加之后。如果这个块最好"
              "的做法是把输入原样传下去（恒等映射），它只需把 F 推向零；而普通网络必须用多个非线性层去拟合恒等映射，论文由退化现象推测，优化器可能难以做到这一点（第 3.1 节）。恒等捷径除了一次相加之外，不增加参数，"
              "也不增加计算量。（有一篇教学文章说残差块能“消除一些高阶多项式的杂讯”；论文并没有这种说法：块内的层拟合的是残差 F(x) = H(x) − x，第 3.1 节。）",
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
        "en": "{stage} — {rows} (layer calls, BN and ReLU included) · {weighted} · parameters: {params} · GMACs: "
              "{macs} · output: {shape}",
        "zh": "{stage} — {rows}（层调用，含 BN 和 ReLU）· {weighted} · 参数量：{params} · GMACs：{macs} · 输出：{shape}",
    },
    "arch.rows": {"en": "{n} rows", "zh": "{n} 行"},
    "arch.rows.one": {"en": "{n} row", "zh": "{n} 行"},
    "arch.weighted": {"en": "{n} weighted layers", "zh": "{n} 个带权重的层"},
    "arch.weighted.one": {"en": "{n} weighted layer", "zh": "{n} 个带权重的层"},
    "arch.col.name": {"en": "Layer", "zh": "层"},
    "arch.col.type": {"en": "Type", "zh": "类型"},
    "arch.col.stage": {"en": "Stage", "zh": "阶段"},
    "arch.col.output_shape": {"en": "Output shape", "zh": "输出形状"},
    "arch.col.params": {"en": "Parameters", "zh": "参数量"},
    "arch.col.macs": {"en": "Multiply-adds", "zh": "乘加次数"},
    "arch.col.receptive_field": {"en": "Receptive field", "zh": "感受野"},
    "arch.hover.output": {"en": "output", "zh": "输出"},
    "arch.hover.shortcut": {"en": "shortcut", "zh": "捷径"},
    "arch.shortcut.identity": {"en": "identity (solid)", "zh": "恒等（实线）"},
    "arch.shortcut.projection": {"en": "1×1 projection (dashed)", "zh": "1×1 投影（虚线）"},
    "arch.shortcut.zero-pad": {"en": "identity + zero-padding (dashed)", "zh": "恒等 + 补零（虚线）"},
    "arch.shortcut.None": {"en": "none (plain)", "zh": "无（普通网络）"},
    "arch.legend.identity": {"en": "identity shortcut", "zh": "恒等捷径"},
    "arch.legend.changing": {"en": "projection or zero-padding shortcut", "zh": "投影或补零捷径"},
    "arch.legend.plain": {"en": "plain net: no shortcuts, every block must learn H(x) itself",
                          "zh": "普通网络：没有捷径连接，每个块都必须自己学习 H(x)"},
    # --- Table 1 and the shape walk
    "arch.table1": {"en": "The paper's Table 1, built from the models", "zh": "论文表 1（由模型实际构建得出）"},
    "arch.table1.help": {
        "en": "For a {size}×{size} input: each stage's output size and, per network, its blocks as [kernel×kernel, "
              "channels] × the number of blocks, read from the real modules. The first block of conv3_x, conv4_x "
              "and conv5_x downsamples with a stride of {stride} (Table 1, Sec. 3.3).",
        "zh": "输入为 {size}×{size} 时：每个阶段的输出尺寸，以及每个网络在该阶段的残差块，写成 [卷积核×卷积核, 通道数] × 块数，"
              "均从实际模块中读取。conv3_x、conv4_x 和 conv5_x 的第一个块以步长 {stride} 做下采样（表 1，第 3.3 节）。",
    },
    "arch.table1.stage": {"en": "stage", "zh": "阶段"},
    "arch.table1.output": {"en": "output size", "zh": "输出尺寸"},
    "arch.table1.stem": {"en": "{kernel}×{kernel}, {channels}, stride {stride}",
                         "zh": "{kernel}×{kernel}，{channels}，步长 {stride}"},
    "arch.table1.pool": {"en": "{kernel}×{kernel} max pool, stride {stride}",
                         "zh": "{kernel}×{kernel} 最大池化，步长 {stride}"},
    "arch.table1.head": {"en": "average pool, {classes}-d fc, softmax", "zh": "平均池化，{classes} 维全连接，softmax"},
    "arch.table1.flops_paper": {"en": "FLOPs (Table 1)", "zh": "FLOPs（表 1）"},
    "arch.table1.flops_ours": {"en": "multiply-adds counted here (V1)", "zh": "本应用统计的乘加次数（V1）"},
    "arch.table1.note": {
        "en": "The paper's FLOPs are multiply-adds. The count here builds each network as originally released (V1: "
              "a downsampling Bottleneck strides in its first 1×1 conv) and counts every conv and fc layer, "
              "projection shortcuts included; the Blocks and FLOPs tab explains torchvision's V1.5.",
        "zh": "论文中的 FLOPs 指乘加次数。这里的统计按最初发布的版本（V1：下采样的瓶颈结构在第一个 1×1 卷积上做步长）构建网络，"
              "统计所有卷积层和全连接层，包括投影捷径；torchvision 的 V1.5 见“残差块与乘加次数”标签页。",
    },
    "arch.walk": {"en": "Shape walk: from the input to global average pooling",
                  "zh": "形状推演：从输入到全局平均池化"},
    "arch.walk.size": {"en": "Input size W (pixels)", "zh": "输入尺寸 W（像素）"},
    "arch.walk.layer": {"en": "layer that changes the size or the channels", "zh": "改变尺寸或通道数的层"},
    "arch.walk.arithmetic": {"en": "⌊(W − K + 2P) / S⌋ + 1 (W input, K kernel, P padding, S stride)", "zh": "⌊(W − K + 2P) / S⌋ + 1（W 输入，K 核，P 填充，S 步长）"},
    "arch.walk.out": {"en": "output size", "zh": "输出尺寸"},
    "arch.walk.channels": {"en": "channels in → out", "zh": "通道数（输入 → 输出）"},
    "arch.gap": {
        "en": "**Global average pooling.** The last stage hands on a {c}×{h}×{w} map; global average pooling averages "
              "each channel over its {h}×{w} positions, {c}×{h}×{w} → {c} numbers, whatever the input size. {model}'s "
              "fc layer then needs only {fc} parameters. VGG-19 instead flattens a {vgg_c}×{vgg_k}×{vgg_k} map (its "
              "last map at {vgg_native}×{vgg_native} pixels; torchvision's VGG pools any input to that size first) "
              "into {vgg_in} numbers and feeds them to a fully connected layer of {vgg_out} units: {vgg_params} "
              "parameters in that one layer, {ratio:,.0f}× {model}'s whole fc layer. One of the teaching articles "
              "puts global average pooling inside the last BasicBlock; it comes after the last stage, outside every "
              "block, just before the fully connected layer (Table 1). The same article pools with a fixed window and "
              "calls that global: a fixed window covers the whole map at one input size only, while torchvision's "
              "adaptive pooling averages the whole map at any size.",
        "zh": "**全局平均池化。** 最后一个阶段输出 {c}×{h}×{w} 的特征图；全局平均池化把每个通道在 {h}×{w} 个位置上求平均，{c}×{h}×{w} → {c} 个数，与输入尺寸无关。于是 {mod"
              "el} 的全连接层只需 {fc} 个参数。VGG-19 则把一个 {vgg_c}×{vgg_k}×{vgg_k} 的特征图（输入为 {vgg_native}×{vgg_native} 像素时它最后的特征图就"
              "是这么大；torchvision 的 VGG 会先把任意输入池化到这个尺寸）展平成 {vgg_in} 个数，送进一个有 {vgg_out} 个单元的全连接层：仅这一层就有 {vgg_params} 个参数，"
              "是 {model} 整个全连接层的 {ratio:,.0f} 倍。有一篇教学文章说全局平均池化是在最后一个 BasicBlock 中做的；其实它在最后一个阶段之后、全连接层之前，不属于任何残差块（表 1）。"
              "这篇文章还用固定窗口的平均池化，并称之为全局平均池化：固定窗口只在某一种输入尺寸下恰好覆盖整张特征图，而 torchvision 的自适应平均池化在任何尺寸下都对整张特征图求平均。",
    },
    # --- blocks and FLOPs: one block from the inside, and the code that builds it
    "arch.inside": {"en": "Inside one residual block", "zh": "一个残差块的内部"},
    "arch.inside.block": {"en": "Block", "zh": "残差块"},
    "arch.inside.shortcuts": {"en": "Shortcuts", "zh": "捷径分支"},
    "arch.inside.conv": {"en": "{kernel}×{kernel} conv<br>{channels}", "zh": "{kernel}×{kernel} 卷积<br>{channels}"},
    "arch.inside.stride": {"en": ", /{stride}", "zh": "，/{stride}"},
    "arch.inside.pad": {"en": "zero-pad<br>/{stride}", "zh": "补零<br>/{stride}"},
    "arch.inside.output": {"en": "out", "zh": "输出"},
    "arch.inside.add": {"en": "addition (no parameters)", "zh": "相加（没有参数）"},
    "arch.inside.legend.identity": {"en": "shortcut: identity (solid)", "zh": "捷径分支：恒等映射（实线）"},
    "arch.inside.legend.projection": {"en": "shortcut: projection, 1×1 conv + BN (dashed)",
                                      "zh": "捷径分支：1×1 卷积 + BN 的投影（虚线）"},
    "arch.inside.legend.zero-pad": {"en": "shortcut: subsample and zero-pad, option A (dashed)",
                                    "zh": "捷径分支：下采样并补零，方案 A（虚线）"},
    "arch.inside.plain": {"en": "plain twin: no shortcut, nothing added", "zh": "普通网络：没有捷径分支，也没有相加"},
    "arch.inside.summary": {
        "en": "**{network} · {block}** ({stage}, a {type}): {shape_in} in, {shape_out} out.",
        "zh": "**{network} · {block}**（{stage}，{type}）：输入 {shape_in}，输出 {shape_out}。",
    },
    "arch.inside.shortcut.identity": {
        "en": "The input and output shapes match, so the shortcut is an identity (solid line): x is added back as "
              "it is, with no parameters.",
        "zh": "输入与输出形状相同，所以捷径分支是恒等映射（实线残差结构）：x 原样加回，不需要参数。",
    },
    "arch.inside.shortcut.projection": {
        "en": "The main branch changes the shape, so x cannot be added back as it is: the shortcut is a projection "
              "(dashed line, Eq. 2), a 1×1 conv with stride {stride} followed by BN, which torchvision calls "
              "downsample.",
        "zh": "主分支改变了形状，x 不能原样加回：捷径分支是一个投影（虚线残差结构，式 2），即步长为 {stride} 的 1×1 卷积"
              "加 BN，torchvision 中叫 downsample。",
    },
    "arch.inside.shortcut.always": {
        "en": "The input and output shapes match, yet option C projects every shortcut (Sec. 3.3): x goes through a "
              "1×1 conv with stride {stride} followed by BN before it is added (dashed line, Eq. 2).",
        "zh": "输入与输出形状相同，但方案 C 让所有捷径分支都做投影（第 3.3 节）：x 先经过步长为 {stride} 的 1×1 卷积和 BN，"
              "再加回（虚线残差结构，式 2）。",
    },
    "arch.inside.shortcut.zero-pad": {
        "en": "The main branch changes the shape; with option A the shortcut subsamples x with stride {stride} and "
              "pads the new channels with zeros (dashed line): no parameters.",
        "zh": "主分支改变了形状；方案 A 的捷径分支以步长 {stride} 对 x 下采样，并给新增的通道补零（虚线残差结构）：不需要参数。",
    },
    "arch.inside.shortcut.None": {
        "en": "The plain twin: the same layers, no shortcut and no addition, so the block must learn H(x) itself.",
        "zh": "对应的普通网络：层完全相同，但没有捷径分支、没有相加，这个块必须自己学习 H(x)。",
    },
    "arch.inside.help": {
        "en": "Each box is one layer call, named as in the layer table; on each edge, the tensor that flows along "
              "it: channels over height×width, measured with forward hooks on the real model. BN follows each conv "
              "and comes before the ReLU (Sec. 3.4); the addition comes before the last ReLU (Fig. 2). The red marks "
              "point to the lines of code below.",
        "zh": "每个方框是一次层调用，名称与逐层表一致；每条边上写的是流过它的张量：上面是通道数，下面是高×宽，均由真实模型上的"
              "前向钩子测得。每个卷积之后接 BN，再接 ReLU（第 3.4 节）；相加在最后一个 ReLU 之前（图 2）。红色编号对应下方"
              "代码中的行。",
    },
    "arch.code": {"en": "The code beside the model", "zh": "对照模型看代码"},
    "arch.code.help": {
        "en": "The source that builds this block, read from the installed libraries while the app runs "
              "(inspect.getsource), not copied; the marked lines are found by searching it. One of the teaching "
              "articles, on ResNet-50, builds it from blocks of two 3×3 convolutions and projects the shortcut only "
              "where the stride changes; ResNet-50 is built from Bottlenecks, and the first block of its conv2_x "
              "changes the number of channels without any stride, so it needs a projection too: torchvision's "
              "_make_layer gives a block a downsample where the stride or the channels change (Table 1).",
        "zh": "构建这个块的源代码，在应用运行时从已安装的库中读取（inspect.getsource），并非复制；标记的行是通过搜索源代码找到的。有一篇讲 ResNet-50 的教学文章用两个 3×3 卷积的残差块来搭建"
              "它，并且只在步长改变时才给捷径分支加投影；ResNet-50 用的是瓶颈结构，它 conv2_x 的第一个块不做下采样，却改变了通道数，所以同样需要投影：torchvision 的 _make_layer "
              "在步长或通道数改变时给块加上 downsample（表 1）。",
    },
    "arch.code.where": {"en": "{title} — {path}, from line {first}", "zh": "{title}——{path}，从第 {first} 行起"},
    "arch.code.line": {"en": "line {line}", "zh": "第 {line} 行"},
    "arch.code.rows": {"en": "layer-table rows: {rows}", "zh": "逐层表中的行：{rows}"},
    "arch.code.expansion": {
        "en": "{conv}'s output channels = planes × expansion = {planes} × {expansion} = {channels}",
        "zh": "{conv} 的输出通道数 = planes × expansion = {planes} × {expansion} = {channels}",
    },
    "arch.code.add": {"en": "the ⊕ in the drawing: main branch plus shortcut, then the last ReLU",
                      "zh": "图中的 ⊕：主分支与捷径分支相加，然后接最后一个 ReLU"},
    "arch.code.no_add": {"en": "no ⊕: the plain twin adds nothing before its last ReLU",
                         "zh": "没有 ⊕：普通网络在最后一个 ReLU 之前不做相加"},
    "arch.code.dropped": {"en": "the plain twin passes downsample on as None: no shortcut branch",
                          "zh": "普通网络把 downsample 换成 None 传下去：没有捷径分支"},
    "arch.code.torchvision_rule.holds": {
        "en": "stride = {stride}, inplanes = {inplanes}, planes × expansion = {channels}: the condition holds, so "
              "this first block of its stage gets a downsample (1×1 conv + BN), the dashed shortcut.",
        "zh": "stride = {stride}，inplanes = {inplanes}，planes × expansion = {channels}：条件成立，所以该阶段的这第一个块"
              "得到 downsample（1×1 卷积 + BN），即虚线的捷径分支。",
    },
    "arch.code.torchvision_rule.fails": {
        "en": "stride = {stride}, inplanes = {inplanes}, planes × expansion = {channels}: the condition fails, so "
              "downsample stays None: an identity shortcut, the solid line.",
        "zh": "stride = {stride}，inplanes = {inplanes}，planes × expansion = {channels}：条件不成立，downsample 保持 "
              "None：恒等捷径，即实线。",
    },
    "arch.code.torchvision_rule.later": {
        "en": "only a stage's first block ({first}) can get a downsample; this one is built in the loop after it, "
              "without one: an identity shortcut, the solid line.",
        "zh": "只有每个阶段的第一个块（{first}）可能得到 downsample；这个块在其后的循环中构建，没有 downsample：恒等捷径，"
              "即实线。",
    },
    "arch.code.torchvision_rule.plain": {"en": "The plain twin drops it.", "zh": "普通网络把它丢掉了。"},
    "arch.code.torchvision_rule.replaced": {
        "en": "Option {option} then gives every block the shortcut its factory builds (shown below).",
        "zh": "随后方案 {option} 用它的工厂函数（见下方）为每个块重新设置捷径分支。",
    },
    "arch.code.identity_if.holds": {
        "en": "stride = {stride}, {inplanes} channels in and {channels} out: the shapes match, so the shortcut is "
              "an identity, the solid line.",
        "zh": "stride = {stride}，输入 {inplanes} 个通道、输出 {channels} 个：形状相同，所以捷径分支是恒等映射，即实线。",
    },
    "arch.code.identity_if.fails": {
        "en": "stride = {stride}, {inplanes} channels in and {channels} out: the shape changes, so the shortcut is "
              "the option's other one, the dashed line.",
        "zh": "stride = {stride}，输入 {inplanes} 个通道、输出 {channels} 个：形状改变，所以捷径分支用该方案的另一种，"
              "即虚线。",
    },
    "arch.code.always": {"en": "option C: a projection on every shortcut, the dashed line, whether the shape changes "
                               "or not",
                         "zh": "方案 C：无论形状是否改变，每个捷径分支都用投影，即虚线"},
    "arch.code.cifar_rule.residual": {"en": "each block gets the shortcut that the option's factory builds (below)",
                                      "zh": "每个块的捷径分支由该方案的工厂函数构建（见下方）"},
    "arch.code.cifar_rule.plain": {"en": "the plain twin has no factory: shortcut = None, no shortcut branch",
                                   "zh": "普通网络没有工厂函数：shortcut = None，没有捷径分支"},
    # the two kinds of block compared
    "arch.anatomy": {"en": "Block anatomy: BasicBlock vs Bottleneck", "zh": "残差块的结构：基本块与瓶颈结构"},
    "arch.anatomy.channels": {"en": "Channels in and out", "zh": "输入/输出通道数"},
    "arch.anatomy.equal": {
        "en": "**At equal width** ({channels} channels in and out): a BasicBlock's two 3×3 convs hold {basic} "
              "weights, a Bottleneck's 1×1 → 3×3 → 1×1 only {bottleneck}, {ratio:.0f}× fewer. That is not the paper's "
              "comparison, though: a Bottleneck stands where a BasicBlock would have 1/{expansion} of the channels "
              "(Figure 5). Two of the teaching articles present the Bottleneck as a way to cut parameters and "
              "computation, one of them by making exactly this comparison; the paper compares differently: at a "
              "similar cost a Bottleneck carries {expansion}× the channels, which is why ResNet-50 needs about the "
              "FLOPs of ResNet-34 (Figure 5, Table 1).",
        "zh": "**宽度相同时**（输入输出都是 {channels} 个通道）：基本块的两个 3×3 卷积有 {basic} 个权重，瓶颈结构的 1×1 → 3×3 → 1×1 只有 {bottleneck} 个，约为前"
              "者的 1/{ratio:.0f}。但这并不是论文的比较方式：瓶颈结构所在的位置，换成基本块时通道数只有它的 1/{expansion}（图 5）。有两篇教学文章把瓶颈结构看作减少参数和计算量的办法，其中一篇"
              "做的正是这种比较；论文的比较方式却不同：代价相近时，瓶颈结构处理的通道数是基本块的 {expansion} 倍，所以 ResNet-50 的计算量与 ResNet-34 相当（图 5，表 1）。",
    },
    "arch.block.BasicBlock": {"en": "BasicBlock", "zh": "基本块（BasicBlock）"},
    "arch.block.Bottleneck": {"en": "Bottleneck", "zh": "瓶颈结构（Bottleneck）"},
    "arch.anatomy.conv": {"en": "{name}: {kernel}, {cin}→{cout}", "zh": "{name}：{kernel}，{cin}→{cout}"},
    "arch.anatomy.total": {"en": "Convolution weights", "zh": "卷积权重"},
    "arch.anatomy.figure5": {
        "en": "**The paper's comparison (Figure 5)**: a BasicBlock on {basic_width}-d features (ResNet-34's conv2_x) beside a Bottleneck on {bottleneck_width}-d features (ResNet-50's conv2_x): {basic} vs {bottleneck} weights, "
              "{basic_macs:.0f} vs {bottleneck_macs:.0f} million multiply-adds on a {size}×{size} map. A similar cost, while the Bottleneck carries {times}× as many channels. That is how ResNet-50 costs about what "
              "ResNet-34 does ({r50:.2f} vs {r34:.2f} GMACs counted here; Table 1: {p50} vs {p34}) although it is "
              "deeper and its stages are {times}× wider — and what makes ResNet-101 and ResNet-152 affordable.",
        "zh": "**论文的比较（图 5）**：{basic_width} 维特征上的基本块（ResNet-34 的 conv2_x）与 {bottleneck_width} 维特征上的瓶颈结构（ResNet-50 的 "
              "conv2_x）：权重分别为 {basic} 和 {bottleneck} 个，在 {size}×{size} 的特征图上分别需要 {basic_macs:.0f} 和 "
              "{bottleneck_macs:.0f} 百万次乘加。代价相近，而瓶颈结构处理的通道数是基本块的 {times} 倍。正因如此，ResNet-50 的乘加次数与 ResNet-34 相当（这里统计为 {r50:.2f} 对 {r34:.2f} GMACs；表 1 为 {p50} 对 {p34}），"
              "虽然它更深、各阶段宽 {times} 倍——ResNet-101 和 ResNet-152 也因此负担得起。",
    },
    "arch.flops": {"en": "FLOPs: the paper, torchvision and the count here", "zh": "乘加次数：论文、torchvision 与本应用的统计"},
    "arch.flops.col.model": {"en": "model", "zh": "模型"},
    "arch.flops.col.paper": {"en": "Table 1 (10⁹)", "zh": "表 1（10⁹）"},
    "arch.flops.col.v1": {"en": "counted, V1 (G)", "zh": "统计值，V1（G）"},
    "arch.flops.col.torchvision": {"en": "counted, V1.5 (G)", "zh": "统计值，V1.5（G）"},
    "arch.flops.col.published": {"en": "torchvision's figure (G)", "zh": "torchvision 公布值（G）"},
    "arch.flops.col.stride_cost": {"en": "V1.5 − V1 (G)", "zh": "V1.5 − V1（G）"},
    "arch.flops.col.projections": {"en": "projection shortcuts (G)", "zh": "投影捷径（G）"},
    "arch.flops.note": {
        "en": "**Why torchvision says {tv50:.3f} where Table 1 says {p50}.** torchvision builds ResNet \"V1.5\": a "
              "downsampling Bottleneck strides in its 3×3 conv instead of its first 1×1 conv. The 3×3 conv's output, "
              "and so its cost, is the same either way; what grows is that first 1×1 conv, which now runs on the "
              "full-size input map: +{stride_cost:.3f} GMACs for each of {names} (only their {changed} downsampling "
              "Bottlenecks change). What it buys, for ResNet-50: about {gain} points of top-1 accuracy for about {speed}% fewer "
              "images per second, by NVIDIA's notes that torchvision's source cites. Built the original way (V1) "
              "they count {v1_50:.2f} / {v1_101:.2f} / {v1_152:.2f} GMACs here, close to Table 1's {p50} / {p101} / "
              "{p152}. The counts suggest that Table 1 includes the projection shortcuts: without their "
              "{projections:.3f} GMACs ResNet-50 would come to {without:.2f}, further from its {p50}. All counts are "
              "multiply-adds of every conv and fc layer at {size}×{size}; torchvision's published \"GFLOPS\" are "
              "multiply-adds too.",
        "zh": "**为什么 torchvision 给出 {tv50:.3f}，而表 1 是 {p50}。** torchvision 构建的是 ResNet \"V1.5\"：下采样的瓶颈结构"
              "在 3×3 卷积上做下采样，而不是在第一个 1×1 卷积上。3×3 卷积的输出尺寸（因而乘加次数）两种做法都一样；变大的是那个"
              "第一个 1×1 卷积，它现在在未缩小的输入特征图上计算：{names} 各多出 {stride_cost:.3f} GMACs（只有其中 {changed} "
              "个下采样的瓶颈结构不同）。换来的是（就 ResNet-50 而言）：按 torchvision 源码所引用的 NVIDIA 说明，top-1 准确率约高 {gain} 个百分点，"
              "每秒处理的图像约少 {speed}%。按最初的方式（V1）构建，这里统计为 {v1_50:.2f} / {v1_101:.2f} / {v1_152:.2f} "
              "GMACs，与表 1 的 {p50} / {p101} / {p152} 相近。从数字看，表 1 应当计入了投影捷径：去掉它们的 {projections:.3f} "
              "GMACs，ResNet-50 只有 {without:.2f}，离表 1 的 {p50} 更远。所有数字都是 {size}×{size} 输入下全部卷积层和全连接层"
              "的乘加次数；torchvision 公布的 \"GFLOPS\" 也是乘加次数。",
    },
    # --- shortcut options
    "arch.options": {"en": "Shortcut options A, B and C (Sec. 3.3, Table 3)",
                     "zh": "捷径连接方案 A、B、C（第 3.3 节，表 3）"},
    "arch.options.help": {
        "en": "ResNet-34 with each option, counted here, beside the paper's top-1 and top-5 error on the ImageNet "
              "validation set (10-crop testing, Table 3).",
        "zh": "采用各方案的 ResNet-34（这里统计的参数量与乘加次数），以及论文报告的 ImageNet 验证集 top-1 与 top-5 错误率"
              "（10-crop 测试，表 3）。",
    },
    "arch.options.col.option": {"en": "network", "zh": "网络"},
    "arch.options.col.params": {"en": "parameters", "zh": "参数量"},
    "arch.options.col.gmacs": {"en": "GMACs", "zh": "GMACs"},
    "arch.options.col.top1": {"en": "top-1 error % (Table 3)", "zh": "top-1 错误率 %（表 3）"},
    "arch.options.col.top5": {"en": "top-5 error % (Table 3)", "zh": "top-5 错误率 %（表 3）"},
    "arch.option.long.plain": {"en": "plain-34: no shortcuts", "zh": "plain-34：没有捷径连接"},
    "arch.option.long.A": {"en": "A: zero-padding where dimensions increase, identity elsewhere",
                           "zh": "A：维度增加处补零，其余为恒等"},
    "arch.option.long.B": {"en": "B: projection where dimensions increase, identity elsewhere",
                           "zh": "B：维度增加处用投影，其余为恒等"},
    "arch.option.long.C": {"en": "C: projection on every shortcut", "zh": "C：所有捷径都用投影"},
    "arch.options.reading": {
        "en": "**The paper's reading.** All three options are far better than the plain net (A already has "
              "{plain_a:.2f} points less top-1 error), so projections are not what solves degradation: option A adds "
              "no parameters at all. B is {a_b:.2f} points better than A, which the paper argues is because "
              "in A the zero-padded channels learn no residual (Sec. 4.1); it costs {extra_b} more parameters. C is another {b_c:.2f} points better than B, "
              "which the paper puts down to the extra parameters of its {projections} additional projection "
              "shortcuts ({extra} parameters here). Judging the gain marginal, the paper uses B for its deeper nets: "
              "identity shortcuts keep the Bottleneck nets cheap.",
        "zh": "**论文的解读。** 三种方案都远好于普通网络（A 的 top-1 错误率就已低 {plain_a:.2f} 个百分点），可见解决退化问题的"
              "并不是投影：方案 A 根本不增加参数。B 比 A 好 {a_b:.2f} 个百分点，论文认为原因是 A 中补零的那些通道没有进行残差学习（第 4.1 节）；"
              "代价是多 {extra_b} 个参数。C 又比 B 好 {b_c:.2f} 个百分点，论文认为这来自额外 {projections} 个投影捷径带来的"
              "参数（这里统计为 {extra} 个）。论文认为这点提升很小，更深的网络都用 B：恒等捷径让瓶颈结构网络保持低成本。",
    },
    # --- VGG-19 vs plain vs ResNet
    "arch.fig3": {"en": "VGG-19, plain-34 and its residual twin ResNet-34 (Figure 3)",
                  "zh": "VGG-19、plain-34 及其残差版本 ResNet-34（图 3）"},
    "arch.fig3.body": {
        "en": "VGG-19 has {vgg_depth} weighted layers and costs {vgg:.1f} GMACs counted here (the paper: {pvgg} "
              "billion FLOPs). plain-34 has {depth} weighted layers yet costs only {plain:.2f} GMACs, "
              "{share:.0%} of VGG-19 (the paper: {p34} billion; Sec. 3.3): it has fewer filters, downsamples early with a 7×7 stem of stride {stride}, and ends with global average pooling and one fc layer instead of VGG's {vgg_fc} large fully connected layers ({vgg_params} parameters in all against {params}). The residual twin "
              "has the same layers plus shortcuts, as the paper draws and trains it (Figure 3, Table 2): identities, "
              "and zero-padding where the dimensions increase (dashed; option A, Sec. 4.1). They add {extra} "
              "parameters and leave it at {residual:.2f} GMACs: the depth is paid for by the layers, not the "
              "shortcuts.",
        "zh": "VGG-19 有 {vgg_depth} 个带权重的层，这里统计的乘加次数为 {vgg:.1f} GMACs（论文：{pvgg} 十亿次 FLOPs）。plain-34 有 {depth} 个带权重的层，乘加次数却只有 {plain:.2f} GMACs，是 VGG-19 的 {share:.0%}（论文：{p34} 十亿次；第 3.3 节）："
              "它的卷积核更少，起始层用步长 {stride} 的 7×7 卷积及早下采样，最后用全局平均池化加一个全连接层，取代 VGG 的 {vgg_fc} 个大的全连接层（参数总数 {vgg_params} 对 {params}）。残差版本的层完全相同，只是多了捷径连接，与论文的画法和训练方式一致"
              "（图 3、表 2）：恒等映射，维度增加处补零（虚线；方案 A，第 4.1 节）。捷径增加了 {extra} 个参数，乘加次数仍为 "
              "{residual:.2f} GMACs：深度的代价在于层，而不在捷径。",
    },
    "arch.fig3.cost": {"en": "{gmacs:.2f} GMACs", "zh": "{gmacs:.2f} GMACs"},
    "arch.fig3.size": {"en": "{size} maps", "zh": "{size} 特征图"},
    "arch.fig3.fc": {"en": "fully connected", "zh": "全连接层"},
    "arch.fig3.vgg": {"en": "VGG-{depth}", "zh": "VGG-{depth}"},
    "arch.fig3.plain": {"en": "plain-{depth}", "zh": "plain-{depth}"},
    "arch.fig3.residual": {"en": "ResNet-{depth}", "zh": "ResNet-{depth}"},
    "arch.rule": {
        "en": "The paper's design rules: half the map, twice the filters (Sec. 3.3)",
        "zh": '论文的设计规则：特征图减半，卷积核个数加倍（第 3.3 节）',
    },
    "arch.rule.help": {
        "en": "The paper's plain nets, and so its ResNets, follow two design rules the paper states, “mainly inspired by the philosophy of VGG nets” (Simonyan & Zisserman 2014): “(i) for the same output feature map size, the layers have the same number of filters; and (ii) if the feature map size is halved, the number of filters is doubled so as to preserve the time complexity per layer” (Sec. 3.3). VGG-{vgg} itself does not keep (ii) everywhere: its map halves from {before}×{before} to {after}×{after} while it stays at {channels} filters. Counted below on the networks of Table 1 (V1) for a {size}×{size} input.",
        "zh": '论文的普通网络（以及在其上加捷径得到的 ResNet）遵循论文提出的两条设计规则，它们“主要受 VGG 网络设计思路的启发”（Simonyan & Zisserman 2014）：“(i) 输出特征图尺寸相同的层，卷积核个数相同；(ii) 特征图尺寸减半时，卷积核个数加倍，以保持每一层的时间复杂度”（第 3.3 节）。VGG-{vgg} 本身并不处处遵守 (ii)：它的特征图从 {before}×{before} 减半到 {after}×{after} 时，卷积核仍是 {channels} 个。下表在表 1 的网络（V1）上、输入为 {size}×{size} 时实际统计。',
    },
    "arch.rule.formula": {
        "en": "A K×K conv from C to C channels on an H×W map costs K²·C²·H·W multiply-adds; with twice the channels "
              "on a map of half the height and half the width, exactly the same.",
        "zh": "在 H×W 的特征图上，一个从 C 通道到 C 通道的 K×K 卷积需要 K²·C²·H·W 次乘加；通道数加倍、特征图的高和宽"
              "各减半时，乘加次数完全不变。",
    },
    "arch.rule.col.stage": {"en": "stage", "zh": "阶段"},
    "arch.rule.col.map": {"en": "output map", "zh": "输出特征图"},
    "arch.rule.col.width": {"en": "3×3 conv channels", "zh": "3×3 卷积通道"},
    "arch.rule.col.channels": {"en": "out channels", "zh": "输出通道"},
    "arch.rule.col.blocks": {"en": "blocks", "zh": "块数"},
    "arch.rule.col.block": {"en": "a repeated block (M mult-adds)", "zh": "重复块（百万次乘加）"},
    "arch.rule.col.first": {"en": "first block (M)", "zh": "首个块（百万次）"},
    "arch.rule.col.stage_macs": {"en": "stage (M)", "zh": "全阶段（百万）"},
    "arch.rule.reading.equal": {
        "en": "**Measured on {model}.** From {first} to {last} the map shrinks from {size_in}×{size_in} to "
              "{size_out}×{size_out} while the 3×3 convs' channels grow from {width_in} to {width_out}, and one "
              "repeated block costs {low:.1f} million multiply-adds in every stage: the dearest is {ratio:.2f}× the "
              "cheapest. The cost per block stays the same, as the paper's rule (ii) intends.",
        "zh": "**在 {model} 上实测。** 从 {first} 到 {last}，特征图从 {size_in}×{size_in} 缩小到 {size_out}×{size_out}，"
              "3×3 卷积的通道数从 {width_in} 增加到 {width_out}，而一个重复的残差块在每个阶段都需要 {low:.1f} 百万次乘加："
              "乘加次数最多的块是最少的 {ratio:.2f} 倍。每个块的乘加次数保持不变，这正是论文规则 (ii) 的用意。",
    },
    "arch.rule.reading.same": {
        "en": "**Measured on {model}.** From {first} to {last} the map shrinks from {size_in}×{size_in} to "
              "{size_out}×{size_out} while the 3×3 convs' channels grow from {width_in} to {width_out}, and one "
              "repeated block costs between {low:.1f} and {high:.1f} million multiply-adds: the dearest ({dear}) is "
              "only {ratio:.2f}× the cheapest ({cheap}). The cost per block stays about the same, as the paper's "
              "rule (ii) intends.",
        "zh": "**在 {model} 上实测。** 从 {first} 到 {last}，特征图从 {size_in}×{size_in} 缩小到 {size_out}×{size_out}，"
              "3×3 卷积的通道数从 {width_in} 增加到 {width_out}，而一个重复的残差块需要 {low:.1f} 到 {high:.1f} 百万次乘加："
              "乘加次数最多的块（{dear}）只是最少的（{cheap}）的 {ratio:.2f} 倍。每个块的乘加次数大致不变，这正是论文规则 (ii) 的用意。",
    },
    "arch.rule.reading.differs": {
        "en": "**Measured on {model}.** From {first} to {last} the map shrinks from {size_in}×{size_in} to "
              "{size_out}×{size_out} while the 3×3 convs' channels grow from {width_in} to {width_out}, and one "
              "repeated block costs between {low:.1f} and {high:.1f} million multiply-adds: the dearest ({dear}) is "
              "{ratio:.2f}× the cheapest ({cheap}). Here the cost per block does not stay the same.",
        "zh": "**在 {model} 上实测。** 从 {first} 到 {last}，特征图从 {size_in}×{size_in} 缩小到 {size_out}×{size_out}，"
              "3×3 卷积的通道数从 {width_in} 增加到 {width_out}，而一个重复的残差块需要 {low:.1f} 到 {high:.1f} 百万次乘加："
              "乘加次数最多的块（{dear}）是最少的（{cheap}）的 {ratio:.2f} 倍。这里每个块的乘加次数并没有保持不变。",
    },
    "arch.rule.stages": {
        "en": "The stages as a whole still differ, from {low:.2f} billion multiply-adds ({cheap}) to {high:.2f} "
              "billion ({dear}), because they have different numbers of blocks, and because a stage's first block "
              "is not a repeated one: in conv3_x to conv5_x it downsamples with stride {stride} and has a projection "
              "shortcut.",
        "zh": "各阶段的总乘加次数仍然不同，从 {low:.2f} 十亿次（{cheap}）到 {high:.2f} 十亿次（{dear}）：各阶段的块数不同，"
              "而且每个阶段的第一个块不是重复的块——在 conv3_x 到 conv5_x 中，它以步长 {stride} 做下采样，并带有投影捷径。",
    },
    "arch.rule.stages.equal_blocks": {
        "en": "The stages as a whole still differ, from {low:.2f} billion multiply-adds ({cheap}) to {high:.2f} "
              "billion ({dear}), although each has the same number of blocks, because a stage's first block is not "
              "a repeated one: in conv3_x to conv5_x it downsamples with stride {stride} and has a projection "
              "shortcut.",
        "zh": "各阶段的总乘加次数仍然不同，从 {low:.2f} 十亿次（{cheap}）到 {high:.2f} 十亿次（{dear}）。各阶段的块数相同，"
              "差别在于每个阶段的第一个块不是重复的块——在 conv3_x 到 conv5_x 中，它以步长 {stride} 做下采样，并带有投影捷径。",
    },
}
