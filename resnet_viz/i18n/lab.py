"""Strings of the Degradation Lab page."""

STRINGS = {
    "nav.lab": {"en": "Degradation Lab", "zh": "退化实验室"},
    "lab.title": {"en": "Degradation Lab: plain vs residual, trained live", "zh": "退化实验室：普通网络与残差网络现场对比训练"},
    "lab.intro": {
        "en": "Train plain networks and ResNets of several depths side by side, on the same batches with the same "
              "recipe, and compare with the paper's Figure 6, where the deeper plain net trains **worse** and the deeper ResNet does not.",
        "zh": "在相同的数据批次、相同的训练方案下，并排训练不同深度的普通网络和残差网络，并与论文图 6 对照：在图 6 中，更深的普通网络反而训练得**更差**，而更深的残差网络不会。",
    },
    # -- the explanation -----------------------------------------------------------------------------------------
    "lab.explain.title": {"en": "What is degradation?", "zh": "什么是退化问题？"},
    "lab.explain.body": {
        "en": "A deeper network can do everything a shallower one can: copy the shallow net and make the extra "
              "layers identities. So its **training** error should never be higher (Sec. 1). Yet plain nets of {deep} layers train worse than plain nets of {shallow} (He et al. 2015, Figure 6 left). This is not overfitting (the "
              "**training** error rises), and with batch normalisation it is unlikely to be vanishing gradients "
              "either (BN keeps the forward signals' variance non-zero, and the paper verifies the gradients' norms, "
              "Sec. 4.1). The solvers do not find, at least not in feasible time, the good solutions a deep plain net has (Sec. 1).\n\n"
              "A residual block learns F(x) and outputs ReLU(F(x) + x): an identity is just F = 0, which the paper hypothesises is easier to reach than an identity fitted by a stack of nonlinear layers (Sec. 3.1). "
              "With shortcuts, depth helps again (Figure 6 middle).",
        "zh": "更深的网络至少能做到浅层网络能做的一切：复制浅层网络，再让多出来的层做恒等映射即可。所以它的**训练**错误率不应该更高（第 1 节）。然而 {deep} 层的普通网络训练得比 {shallow} 层的更差（He 等人 2015，图 6 左）。这不是过拟合（升高的是**训练**"
              "错误率）；有了批量归一化（BN），也不太可能是梯度消失（BN 保证前向信号的方差不为零，论文也验证了梯度的范数，"
              "第 4.1 节）。问题在于优化器找不到（至少在可行的时间内找不到）深层普通网络本应具有的好解（第 1 节）。\n\n"
              "残差块学习 F(x)，输出 ReLU(F(x) + x)：恒等映射只需 F = 0；论文的假设是，这比用多个非线性层去拟合恒等映射更容易（第 3.1 节）。有了捷径连接，加深网络重新带来好处"
              "（图 6 中）。",
    },
    "lab.watch.title": {"en": "What to watch", "zh": "观察要点"},
    "lab.watch.body": {
        "en": "- **Left panel (plain):** in the paper (Figure 6 left) the deeper net's dashed training-error curve ends **above** the shallower one's: degradation. Early on, and in short runs of one seed, the curves may cross.\n"
              "- **Right panel (ResNet):** the deeper ResNet does not degrade like that. In short runs its curve "
              "ends close to the shallower ResNet's, a little above or below; after the paper's full schedule "
              "({iterations:,} iterations on CIFAR-10) the deeper ResNets end lower (Figure 6 middle). The numbers "
              "under the chart say what the run shown did.\n"
              "- Dashed = training error, solid = test error, one colour per depth, x axis in iterations (one "
              "iteration = one batch).\n"
              "- **Gradient flow:** per-layer gradient norms, log scale; input layer on the left.",
        "zh": "- **左图（普通网络）**：在论文中（图 6 左），更深网络的虚线训练错误率曲线最终**高于**浅层网络：这就是退化。训练初期，以及只有一个随机种子的短时间训练中，曲线可能交叉。\n"
              "- **右图（残差网络）**：更深的 ResNet 不会这样退化。短时间训练时，它的曲线最后与浅层 ResNet 很接近，略高或略低；"
              "按论文的完整方案（CIFAR-10 上 {iterations:,} 次迭代）训练后，更深的 ResNet 错误率更低（图 6 中）。图表下方的"
              "数字给出当前显示的这次训练的结果。\n"
              "- 虚线 = 训练错误率，实线 = 测试错误率，每种深度一种颜色，横轴为迭代次数（一次迭代 = 一个批次）。\n"
              "- **梯度流**：每层梯度范数，对数坐标；越靠左越接近输入。",
    },
    # -- controls ------------------------------------------------------------------------------------------------
    "lab.setup": {"en": "Set up a run", "zh": "设置训练"},
    "lab.preset": {"en": "Preset", "zh": "预设"},
    "lab.preset.classroom": {"en": "Classroom (quick, for a CPU)", "zh": "课堂（快速，适合 CPU）"},
    "lab.preset.paper": {"en": "Paper Figure 6 (GPU)", "zh": "论文图 6（GPU）"},
    "lab.depths": {"en": "Depths", "zh": "网络深度"},
    "lab.depths.help": {
        "en": "Each depth is trained twice: as a plain net and as a ResNet (the paper's CIFAR nets, 6n+2 layers, Sec. 4.2).",
        "zh": "每种深度训练两次：普通网络和残差网络（论文中的 CIFAR 网络，6n+2 层，第 4.2 节）。",
    },
    "lab.dataset": {"en": "Dataset", "zh": "数据集"},
    "lab.width": {"en": "Width", "zh": "宽度"},
    "lab.width.help": {"en": "Filters of the first layer; the stages use {multiples} as many. The paper uses "
                             "{width} ({widths}; Sec. 4.2).",
                       "zh": "第一层的卷积核数；各阶段分别为其 {multiples}。论文使用 {width}（{widths}；第 4.2 节）。"},
    "lab.iterations": {"en": "Iterations", "zh": "迭代次数"},
    "lab.iterations.help": {"en": "The training budget. One iteration = one batch of {batch} images through every "
                                  "network. The paper: {iterations:,} (Sec. 4.2).",
                            "zh": "训练量。一次迭代 = 一个批次（{batch} 张图像）送入每个网络。论文为 {iterations:,} 次（第 4.2 节）。"},
    "lab.seed": {"en": "Seed", "zh": "随机种子"},
    "lab.advanced": {"en": "More settings", "zh": "更多设置"},
    "lab.data_dir": {"en": "Data folder (optional)", "zh": "数据目录（可选）"},
    "lab.data_dir.help": {
        "en": "A folder holding the dataset in torchvision's layout, or the raw .gz files (e.g. "
              "/usr/share/datasets/fashion-mnist). Leave empty to use the default places.",
        "zh": "存放数据集的目录：torchvision 的目录结构，或原始 .gz 文件（例如 /usr/share/datasets/fashion-mnist）。"
              "留空则在默认位置查找。",
    },
    "lab.image_size": {"en": "Image size (pixels)", "zh": "图像尺寸（像素）"},
    "lab.image_size.native": {"en": "native", "zh": "原始尺寸"},
    "lab.value.all": {"en": "all", "zh": "全部"},
    "lab.lr": {"en": "Learning rate", "zh": "学习率"},
    "lab.warmup": {"en": "Warm-up (iterations)", "zh": "预热（迭代次数）"},
    "lab.augment": {"en": "Augmentation", "zh": "数据增强"},
    "lab.augment.crop-flip": {"en": "pad {pad} + random crop + flip (paper, Sec. 4.2)", "zh": "填充 {pad} + 随机裁剪 + 翻转（论文，第 4.2 节）"},
    "lab.augment.crop": {"en": "pad {pad} + random crop", "zh": "填充 {pad} + 随机裁剪"},
    "lab.augment.none": {"en": "none", "zh": "无"},
    "lab.start": {"en": "Start training", "zh": "开始训练"},
    "lab.stop": {"en": "Stop", "zh": "停止"},
    "lab.paper_on_cpu": {
        "en": "The paper's full recipe ({iterations:,} iterations) takes many hours on a CPU: it is a GPU job. Lower the "
              "budget, or use the Classroom preset.",
        "zh": "论文的完整方案（{iterations:,} 次迭代）在 CPU 上需要很多小时，应在 GPU 上运行。请减少训练量，或使用课堂预设。",
    },
    "lab.departures.setup": {"en": "This setup differs from the paper's recipe, for every network alike: {changes}",
                             "zh": "此设置与论文方案的不同之处（对所有网络一视同仁）：{changes}"},
    "lab.departures.run": {"en": "This run differed from the paper's recipe, for every network alike: {changes}",
                           "zh": "这次训练与论文方案的不同之处（对所有网络一视同仁）：{changes}"},
    "lab.departures.none": {"en": "The paper's recipe, unchanged.", "zh": "完全采用论文的训练方案。"},
    "lab.field.dataset": {"en": "dataset", "zh": "数据集"},
    "lab.field.normalization": {"en": "input normalisation", "zh": "输入归一化"},
    "lab.norm.per-pixel": {"en": "per-pixel mean subtracted (Sec. 4.2)", "zh": "减去逐像素均值（第 4.2 节）"},
    "lab.norm.per-channel": {"en": "per-channel mean and standard deviation", "zh": "按通道减均值、除以标准差"},
    "lab.field.warmup_110": {"en": "ResNet-110's warm-up (Sec. 4.2)", "zh": "ResNet-110 的预热（第 4.2 节）"},
    "lab.warmup110.constant": {"en": "lr {lr} until the training error is below {error:.0%} (about {iterations:,} "
                                     "iterations)",
                               "zh": "学习率 {lr}，直到训练错误率低于 {error:.0%}（约 {iterations:,} 次迭代）"},
    "lab.warmup110.linear": {"en": "a linear warm-up over {n:,} iterations", "zh": "{n:,} 次迭代的线性预热"},
    "lab.warmup110.none": {"en": "none", "zh": "无"},
    "lab.field.precision": {"en": "arithmetic", "zh": "数值精度"},
    "lab.precision.fp32": {"en": "single precision", "zh": "单精度"},
    "lab.precision.bf16": {"en": "{name} autocast, channels-last", "zh": "{name} 自动混合精度，channels-last 内存布局"},
    "lab.field.train_size": {"en": "training images", "zh": "训练图像数"},
    "lab.field.image_size": {"en": "image size", "zh": "图像尺寸"},
    "lab.field.width": {"en": "width", "zh": "宽度"},
    "lab.field.augment": {"en": "augmentation", "zh": "数据增强"},
    "lab.field.batch_size": {"en": "batch size", "zh": "批量大小"},
    "lab.field.iterations": {"en": "iterations", "zh": "迭代次数"},
    "lab.field.lr": {"en": "learning rate", "zh": "学习率"},
    "lab.field.momentum": {"en": "momentum", "zh": "动量"},
    "lab.field.weight_decay": {"en": "weight decay", "zh": "权重衰减"},
    "lab.field.milestones": {"en": "lr steps at", "zh": "学习率衰减位置"},
    "lab.field.gamma": {"en": "lr step factor", "zh": "学习率衰减因子"},
    "lab.field.warmup": {"en": "warm-up iterations", "zh": "预热迭代次数"},
    "lab.field.batch_norm": {"en": "batch norm", "zh": "批量归一化（BN）"},
    "lab.value.on": {"en": "on", "zh": "有"},
    "lab.value.off": {"en": "off", "zh": "无"},
    # -- progress ------------------------------------------------------------------------------------------------
    "lab.queued": {"en": "Waiting for the {device} to be free: number {position} in the queue.",
                   "zh": "等待 {device} 空闲：队列中第 {position} 位。"},
    "lab.loading": {"en": "Loading the data and building the networks…", "zh": "正在加载数据、构建网络……"},
    "lab.progress": {
        "en": "Iteration {iteration:,} of {iterations:,} · ETA {eta} · {speed:,.0f} images/s (each through all "
              "{n} networks) · {device}",
        "zh": "第 {iteration:,} / {iterations:,} 次迭代 · 预计剩余 {eta} · 每秒 {speed:,.0f} 张图像（每张都经过全部 "
              "{n} 个网络）· {device}",
    },
    "lab.progress.one": {
        "en": "Iteration {iteration:,} of {iterations:,} · ETA {eta} · {speed:,.0f} images/s ({n} network) · {device}",
        "zh": "第 {iteration:,} / {iterations:,} 次迭代 · 预计剩余 {eta} · 每秒 {speed:,.0f} 张图像（{n} 个网络）· "
              "{device}",
    },
    "lab.threads.why": {
        "en": "Training on {threads} of this server's {cores} cores: one is left to keep the pages responsive for "
              "the class, so the command line, which uses them all, trains faster on the same machine.",
        "zh": "正在使用这台服务器 {cores} 个核心中的 {threads} 个训练：留出一个核心，让全班的网页保持流畅；因此在同一台"
              "机器上，使用全部核心的命令行训练得更快。",
    },
    "lab.done": {"en": "Finished in {elapsed}: saved as {file}. The trained networks can be opened on the Inspector "
                       "page.",
                 "zh": "训练完成，用时 {elapsed}：已保存为 {file}。训练好的网络可以在“网络透视”页面中打开。"},
    "lab.cancelled": {"en": "Stopped at iteration {iteration:,}; the partial run is saved as {file}.",
                      "zh": "已在第 {iteration:,} 次迭代停止；部分结果已保存为 {file}。"},
    "lab.cancelled.queued": {"en": "Stopped before it started.", "zh": "训练在开始前已停止。"},
    "lab.failed": {"en": "The run failed: {message}", "zh": "训练失败：{message}"},
    "lab.busy": {"en": "You already have a run going; stop it first.", "zh": "你已有一个训练在进行，请先停止它。"},
    "lab.no_depths": {"en": "Choose at least one depth.", "zh": "请至少选择一种深度。"},
    # -- charts --------------------------------------------------------------------------------------------------
    "lab.curves": {"en": "Training curves", "zh": "训练曲线"},
    "lab.overlay": {"en": "Plain and ResNet on one chart", "zh": "普通网络与残差网络画在同一张图"},
    "lab.chart.plain": {"en": "Plain networks", "zh": "普通网络"},
    "lab.chart.resnet": {"en": "ResNets", "zh": "残差网络（ResNet）"},
    "lab.chart.train": {"en": "training error (dashed)", "zh": "训练错误率（虚线）"},
    "lab.chart.test": {"en": "test error (solid)", "zh": "测试错误率（实线）"},
    "lab.chart.iterations": {"en": "iterations", "zh": "迭代次数"},
    "lab.chart.error": {"en": "error", "zh": "错误率"},
    "lab.model.plain": {"en": "plain-{depth}", "zh": "plain-{depth}"},
    "lab.model.resnet": {"en": "ResNet-{depth}", "zh": "ResNet-{depth}"},
    "lab.showing": {"en": "Showing: {runs}", "zh": "当前显示：{runs}"},
    "lab.live": {"en": "this session's run", "zh": "本次训练"},
    "lab.final": {"en": "Final errors", "zh": "最终错误率"},
    "lab.final.help": {
        "en": "Final training error = the error on the training batches over the last {window:.0%} of the "
              "iterations (in training mode, as the curves); test error = the last evaluation.",
        "zh": "最终训练错误率 = 最后 {window:.0%} 迭代中训练批次上的错误率（训练模式，与曲线一致）；测试错误率 = 最后一次评估。",
    },
    "lab.trained_on": {"en": "Trained on {device} with torch {torch} ({engine}): {iterations:,} iterations in {elapsed}.",
                       "zh": "训练设备：{device}，torch {torch}（{engine}）；{iterations:,} 次迭代，用时 {elapsed}。"},
    "lab.engine.eager": {"en": "one network at a time", "zh": "逐个网络训练"},
    "lab.engine.stacked": {"en": "twins stacked", "zh": "同深度的普通网络与残差网络堆叠训练"},
    "lab.engine.eager, CUDA graphs": {"en": "one network at a time, CUDA graphs", "zh": "逐个网络训练，CUDA 图"},
    "lab.engine.stacked, CUDA graphs": {"en": "twins stacked, CUDA graphs",
                                        "zh": "同深度的普通网络与残差网络堆叠训练，CUDA 图"},
    "lab.estimate": {"en": "Estimated time on this server: about {time} (from the runs it has done).",
                     "zh": "在这台服务器上预计用时：约 {time}（根据它已完成的训练估算）。"},
    "lab.estimate.none": {"en": "No estimate yet: this server has no comparable run to learn its speed from.",
                          "zh": "暂无预计用时：这台服务器还没有可供参考速度的同类训练。"},
    "lab.diverged": {
        "en": "{network} diverged at iteration {iteration:,} ({reason}) and was stopped there; the other networks "
              "carried on. The paper starts ResNet-110 at a lower learning rate for a similar reason (a warm-up, Sec. 4.2): try a warm-up or a lower learning rate.",
        "zh": "{network} 在第 {iteration:,} 次迭代发散（{reason}），已在该处停止；其他网络继续训练。论文训练 ResNet-110 时也出于类似原因先用较小的学习率（预热，第 4.2 节）：可以试试预热或更小的学习率。",
    },
    "lab.diverged.nan_loss": {"en": "its loss became NaN", "zh": "损失变成了 NaN"},
    "lab.diverged.inf_loss": {"en": "its loss became infinite", "zh": "损失变成了无穷大"},
    "lab.col.diverged": {"en": "diverged", "zh": "已发散"},
    "lab.col.network": {"en": "network", "zh": "网络"},
    "lab.col.train_error": {"en": "final training error", "zh": "最终训练错误率"},
    "lab.col.test_error": {"en": "test error", "zh": "测试错误率"},
    "lab.col.params": {"en": "parameters", "zh": "参数量"},
    "lab.effect": {"en": "{deep} minus {shallow}", "zh": "{deep} 减 {shallow}"},
    "lab.effect.help": {"en": "Training error, in percentage points: positive means the deeper net trains worse.",
                        "zh": "训练错误率之差（百分点）：为正表示更深的网络训练得更差。"},
    "lab.effect.value": {"en": "{value:+.1f} pts", "zh": "{value:+.1f} 个百分点"},
    "lab.verdict.degrades": {
        "en": "In this run (one seed) the deeper plain net trains worse (+{plain:.1f} points), as degradation "
              "predicts; the class board shows whether that is more than seed-to-seed noise.",
        "zh": "这次训练（一个随机种子）中，更深的普通网络训练得更差（+{plain:.1f} 个百分点），与退化现象一致；课堂汇总板能"
              "说明这是否超出了不同种子之间的波动。",
    },
    "lab.verdict.resnet_too_close": {
        "en": "In this run (one seed) the two ResNets end within {signal:.0f} point of each other ({resnet:+.1f} "
              "points): no sign of degradation, and too close to tell which trains better.",
        "zh": "这次训练（一个随机种子）中，两个 ResNet 的最终错误率相差在 {signal:.0f} 个百分点以内（{resnet:+.1f} 个百分点）："
              "没有退化的迹象，但差距太小，看不出哪个训练得更好。",
    },
    "lab.verdict.too_close": {
        "en": "In this run (one seed) the plain nets end within {signal:.0f} point of each other ({plain:+.1f} "
              "points): too close to call from one seed.",
        "zh": "这次训练（一个随机种子）中，两个普通网络的最终错误率相差在 {signal:.0f} 个百分点以内（{plain:+.1f} 个百分点）：一个"
              "随机种子还不足以下结论。",
    },
    "lab.verdict.no_degradation": {
        "en": "In this run the deeper plain net does not train worse ({plain:+.1f} points): with so short or so "
              "shallow a run degradation may not show yet.",
        "zh": "这次训练中，更深的普通网络并没有训练得更差（{plain:+.1f} 个百分点）：训练太短或网络太浅时，退化可能还看不出来。",
    },
    "lab.verdict.resnet_lower": {
        "en": "In this run (one seed) the deeper ResNet ends more than {signal:.0f} point below the shallower one "
              "({resnet:+.1f} points): no degradation, as in the paper's Figure 6.",
        "zh": "这次训练（一个随机种子）中，更深的 ResNet 最终错误率比浅层的低 {signal:.0f} 个百分点以上（{resnet:+.1f} 个百分点）：没有退化，与论文图 6 一致。",
    },
    "lab.verdict.resnet_close": {
        "en": "In this run (one seed) the deeper ResNet ends {resnet:.1f} points above the shallower one after {iterations:,} iterations, at most {share:.0%} of the plain nets' gap ({plain:+.1f} points); with the paper's full schedule ({paper_iterations:,} iterations) the "
              "deeper ResNets end lower (Figure 6 middle).",
        "zh": "这次训练（一个随机种子）经过 {iterations:,} 次迭代，更深的 ResNet 最终比浅层的高 {resnet:.1f} 个百分点，最多是普通网络之间差距（{plain:+.1f} 个百分点）的 {share:.0%}；"
              "按论文的完整方案（{paper_iterations:,} 次迭代），更深的 ResNet 最终错误率更低（图 6 中）。",
    },
    "lab.verdict.resnet_higher": {
        "en": "In this run (one seed) the deeper ResNet ends {resnet:.1f} points above the shallower one after {iterations:,} iterations; with the paper's full schedule ({paper_iterations:,} iterations) the deeper ResNets end "
              "lower (Figure 6 middle).",
        "zh": "这次训练（一个随机种子）经过 {iterations:,} 次迭代，更深的 ResNet 最终比浅层的高 {resnet:.1f} 个百分点；按论文的完整方案"
              "（{paper_iterations:,} 次迭代），更深的 ResNet 最终错误率更低（图 6 中）。",
    },
    "lab.verdict.faster": {
        "en": "In this run (one seed) the ResNet got there sooner: {items}. The paper sees the same: the ResNet "
              "\"eases the optimization by providing faster convergence at the early stage\" (Sec. 4.1, Figure 4), "
              "there even where the plain net ends about as well (ResNet-18 and plain-18).",
        "zh": "这次训练（一个随机种子）中，ResNet 更快达到同样的错误率：{items}。论文中也是如此：ResNet “在训练早期收敛更快，"
              "从而让优化更容易”（第 4.1 节，图 4）；即使普通网络最终训练得差不多好（ResNet-18 与 plain-18），也是这样。",
    },
    "lab.verdict.faster.item": {
        "en": "ResNet-{depth} reached plain-{depth}'s final training error ({target:.1%}) at iteration {resnet:,}, "
              "plain-{depth} itself only at {plain:,}",
        "zh": "ResNet-{depth} 在第 {resnet:,} 次迭代就降到了 plain-{depth} 的最终训练错误率（{target:.1%}），"
              "而 plain-{depth} 自己到第 {plain:,} 次迭代才达到",
    },
    "lab.verdict.faster.sep": {"en": "; ", "zh": "；"},
    "lab.grad": {"en": "Gradient flow", "zh": "梯度流"},
    "lab.grad.help": {
        "en": "How strongly each layer's weights are pushed to change (the norm of their gradient). In a plain net "
              "the gradient reaching an early layer is a **product** of all later layers' Jacobians, so along the "
              "depth it can grow or shrink by orders of magnitude; with batch norm it need not vanish (the paper "
              "checks this, Sec. 4.1). A residual block adds its input back, so its factor in that product becomes I "
              "+ ∂F/∂x: the products become **sums** with a direct path, and the ResNets' curves stay much flatter. "
              "This is exact for pre-activation blocks (He et al. 2016, arXiv:1603.05027), whose shortcut path is a "
              "pure identity; in the post-activation blocks trained here a ReLU follows the addition, so it holds "
              "only where that ReLU passes its input. One of the teaching articles, notes on Dive into Deep Learning, "
              "presents this sum as how ResNet handles vanishing gradients; in the 2015 paper the plain nets, with "
              "BN, show no vanishing gradients (Sec. 4.1), and the shortcuts are there for degradation. Slide to an "
              "early iteration to see it best.",
        "zh": "每一层权重被推动改变的力度（其梯度的范数）。在普通网络中，到达前面层的梯度是后面所有层雅可比矩阵的**乘积**，因此沿着深度方向可能放大或缩小几个数量级；有批量归一化（BN）时不一定消失（论文第 4.1 节"
              "验证过）。残差块把输入加回去，它在乘积中的因子变成 I + ∂F/∂x：乘积变成带有直接通路的**和**，残差网络的曲线平坦得多。对于预激活残差块（He 等人 2016，arXiv:1603.05027），"
              "捷径分支是纯粹的恒等映射，这一点严格成立；这里训练的是后激活残差块，相加之后还有一个 ReLU，只有在该 ReLU 让输入通过的位置才成立。有一篇教学文章（《动手学深度学习》的课程笔记）把这种“乘法变加法”"
              "说成 ResNet 处理梯度消失的办法；而在 2015 年的论文中，带 BN 的普通网络并没有出现梯度消失（第 4.1 节），捷径连接针对的是退化问题。拖到较早的迭代看得最清楚。",
    },
    "lab.grad.when": {"en": "At iteration", "zh": "迭代次数"},
    "lab.grad.at": {"en": "Per-layer gradient norms at iteration {iteration}",
                    "zh": "第 {iteration} 次迭代时各层的梯度范数"},
    "lab.grad.layer": {"en": "layer (input → output)", "zh": "层（输入 → 输出）"},
    "lab.grad.norm": {"en": "gradient norm (log scale)", "zh": "梯度范数（对数坐标）"},
    "lab.grad.none": {"en": "No gradient norms recorded yet.", "zh": "还没有记录梯度范数。"},
    # -- initialisation (resnet_viz.explain.init) -----------------------------------------------------------------
    "lab.init.title": {"en": "Before training: He initialisation, one remedy for signals that vanish or explode",
                       "zh": "训练之前：He 初始化——应对信号随深度消失或爆炸的一种办法"},
    "lab.init.intro": {
        "en": "Signals that shrink or explode layer after layer were a real obstacle to deep nets, but by the time of "
              "the ResNet paper they had \"been largely addressed by normalized initialization [...] and "
              "intermediate normalization layers\" (Sec. 1): the shortcuts answer something else, the degradation above. This "
              "chart takes {model} (width {width}, as in this run) before its first training step and passes one fixed batch of "
              "{batch} images from the shipped Fashion-MNIST sample forwards and backwards: per layer, the std of its "
              "response (left) and its weights' gradient norm (right). Two initialisations: **He init** as this app "
              "builds the nets (`kaiming_normal_`, fan-out mode, for ReLU; He et al. 2015, arXiv:1502.01852, which "
              "the ResNet paper uses, Sec. 3.4), and every weight drawn from a Gaussian of std {std}, the fixed default of earlier nets such as AlexNet (Krizhevsky et al. 2012, Sec. 5). Each with batch norm (solid), as the Lab trains, and without "
              "it (dotted).",
        "zh": "信号逐层缩小或放大，曾经是训练深层网络的真正障碍；但到 ResNet 论文发表时，这个问题已经“在很大程度上被归一化"
              "初始化和中间的归一化层解决了”（第 1 节）：捷径连接要解决的是另一个问题，也就是上面的退化。这张图取 {model}"
              "（宽度 {width}，与这次训练相同）在训练第一步之前的状态，把内置 Fashion-MNIST 样本中固定的一批 {batch} 张"
              "图像做一次前向和反向传播：每一层响应的标准差（左）和该层权重的梯度范数（右）。两种初始化：一是本应用构建网络时"
              "使用的 **He 初始化**（`kaiming_normal_`，fan-out 模式，针对 ReLU；He 等人 2015，arXiv:1502.01852，"
              "ResNet 论文第 3.4 节采用的就是它）；二是所有权重都从标准差为 {std} 的高斯分布中抽取，这是 AlexNet 等早期网络的固定默认做法（Krizhevsky 等，2012，第 5 节）。每种初始化都分别在有 BN（实线，与实验室训练的网络相同）和没有 BN（点线）两种情况下测量。",
    },
    "lab.init.bn": {
        "en": "**With batch norm** the initialisation matters little: BN rescales each layer's response before the "
              "next layer, so with std {std} the responses are smaller (between {small_low} and {small_high}; with "
              "He init {he_low} to {he_high}) but do not shrink layer after layer. The gradients keep one profile "
              "under both: the first layer's gradient norm is {he_grad}× the last convolution's (layer {last}) with He init, {small_grad}× with std {std}. So with BN the gradients do not vanish towards the input, but at initialisation they grow: BN keeps each layer's forward response at a fixed scale, not the backward signal (Yang et al. 2019, arXiv:1902.08129).",
        "zh": "**有批量归一化（BN）时**，初始化影响不大：BN 在每一层的响应送入下一层之前重新缩放它，所以标准差为 {std} "
              "时响应虽然更小（在 {small_low} 到 {small_high} 之间；He 初始化为 {he_low} 到 {he_high}），却不会逐层缩小。"
              "两种初始化下梯度的形状一样：第一层的梯度范数是最后一个卷积层（第 {last} 层）的 {he_grad} 倍（He 初始化），"
              "标准差为 {std} 时是 {small_grad} 倍。可见有 BN 时梯度不会朝输入方向消失，但在初始化时会逐层变大：BN 固定的是每一层前向响应的尺度，而不是反向信号的尺度（Yang 等，2019，arXiv:1902.08129）。",
    },
    "lab.init.nobn.zero": {
        "en": "**Without batch norm, std {std}:** each layer multiplies the response's std by about {gain}; from layer "
              "{layer} on it is exactly zero, too small to be held in single precision.",
        "zh": "**没有 BN、标准差为 {std} 时**：每一层把响应的标准差乘以约 {gain}；从第 {layer} 层起它干脆变成了零，"
              "小到单精度浮点数已经无法表示。",
    },
    "lab.init.nobn.shrink": {
        "en": "**Without batch norm, std {std}:** each layer multiplies the response's std by about {gain}; by the "
              "last convolution (layer {last}) it is {shrink}× smaller than at the first.",
        "zh": "**没有 BN、标准差为 {std} 时**：每一层把响应的标准差乘以约 {gain}；到最后一个卷积层（第 {last} 层），"
              "它只有第一层的 {shrink} 分之一。",
    },
    "lab.init.nobn.no_grad": {
        "en": "With it every layer's gradient is exactly zero: with std {std} and no batch norm this net cannot even "
              "start to learn.",
        "zh": "于是每一层的梯度也都恰好为零：标准差为 {std} 且没有 BN 时，这个网络连开始学习都做不到。",
    },
    "lab.init.nobn.less": {
        "en": "Every layer's gradient is at least {less}× smaller than with He init: the gradients vanish.",
        "zh": "每一层的梯度都不超过 He 初始化时的 {less} 分之一：这就是梯度消失。",
    },
    "lab.init.nobn.he": {
        "en": "**Without batch norm, He init:** the gradient norms stay within a factor of {spread} of each other "
              "across all {convs} convolutions. The response still shrinks {shrink}× by the last convolution: He's "
              "analysis (He et al. 2015, Sec. 2.2) keeps the variance on average over random draws, and one draw of "
              "a narrow net can stray far from it; it leaves out the zero padding at the maps' borders, which takes "
              "a little at every layer; and the fan-out mode keeps the backward signal's scale, the forward one only "
              "up to a constant factor.",
        "zh": "**没有 BN、使用 He 初始化时**：全部 {convs} 个卷积层的梯度范数彼此相差不超过 {spread} 倍。响应到最后一个"
              "卷积层仍缩小为原来的 {shrink} 分之一：He 的分析（He 等人 2015，第 2.2 节）保证的是对随机抽取取平均时的方差，"
              "较窄的网络抽一次可能偏离很远；分析也没有考虑特征图边缘的零填充，它在每一层都会损失一点信号；而且 fan-out "
              "模式保证的是反向信号的尺度，前向信号只能保证到一个常数倍。",
    },
    "lab.init.nobn.he_grows": {
        "en": "**Without batch norm, He init:** the gradient norms stay within a factor of {spread} of each other "
              "across all {convs} convolutions; the response grows {shrink}× by the last convolution.",
        "zh": "**没有 BN、使用 He 初始化时**：全部 {convs} 个卷积层的梯度范数彼此相差不超过 {spread} 倍；响应到最后一个"
              "卷积层增大到 {shrink} 倍。",
    },
    "lab.init.seed": {
        "en": "One draw of the weights (seed {seed}) and one batch. At these widths another seed can change the factors a great deal, up to a few hundred times for He init without BN: the chart is one example, not a typical value. Before training "
              "only: the chart above shows how training changes the gradients.",
        "zh": "这只是权重的一次随机抽取（种子 {seed}）和一个批次。在这样的宽度下，换一个种子，这些倍数可能相差很大，没有 BN 的 He 初始化最多可差几百倍：这张图只是一个例子，不代表典型值。这里只看训练开始之前；训练如何改变梯度，请看上面的图。",
    },
    "lab.init.chart.forward": {"en": "Forward: each layer's response", "zh": "前向：每一层的响应"},
    "lab.init.chart.backward": {"en": "Backward: each layer's gradient", "zh": "反向：每一层的梯度"},
    "lab.init.chart.zero": {"en": "exactly zero from layer {layer} on", "zh": "从第 {layer} 层起恰好为零"},
    "lab.init.chart.all_zero": {"en": "{name}: exactly zero at every layer", "zh": "{name}：每一层都恰好为零"},
    "lab.init.chart.std": {"en": "response std (log scale)", "zh": "响应标准差（对数坐标）"},
    "lab.init.trace.he.bn": {"en": "He init, with BN", "zh": "He 初始化，有 BN"},
    "lab.init.trace.he.no_bn": {"en": "He init, no BN", "zh": "He 初始化，无 BN"},
    "lab.init.trace.small.bn": {"en": "std {std}, with BN", "zh": "标准差 {std}，有 BN"},
    "lab.init.trace.small.no_bn": {"en": "std {std}, no BN", "zh": "标准差 {std}，无 BN"},
    # -- saved runs ----------------------------------------------------------------------------------------------
    "lab.saved": {"en": "Saved runs", "zh": "已保存的训练"},
    "lab.saved.pick": {"en": "Runs to show (overlaid)", "zh": "要显示的训练（叠加）"},
    "lab.saved.help": {
        "en": 'Reference runs ship with the app and open instantly. Runs trained here are saved on this server, and the whole class sees them in this list.',
        "zh": '参考训练随应用提供，可立即打开；在这里训练的结果保存在这台服务器上，全班都能在这个列表里看到。',
    },
    "lab.saved.none": {"en": "No saved runs yet.", "zh": "还没有保存的训练。"},
    "lab.run.reference": {"en": "Reference · {dataset} · depths {depths} · {iterations} iterations · {device}",
                          "zh": "参考 · {dataset} · 深度 {depths} · {iterations} 次迭代 · {device}"},
    "lab.run.item": {"en": "{created} · {dataset} · depths {depths} · seed {seed} · {iterations} iterations · {status}",
                     "zh": "{created} · {dataset} · 深度 {depths} · 种子 {seed} · {iterations} 次迭代 · {status}"},
    "lab.device.cpu": {"en": "CPU ({n} threads)", "zh": "CPU（{n} 个线程）"},
    "lab.device.cpu.one": {"en": "CPU ({n} thread)", "zh": "CPU（{n} 个线程）"},
    "lab.status.done": {"en": "done", "zh": "完成"},
    "lab.status.cancelled": {"en": "stopped", "zh": "已停止"},
    "lab.status.running": {"en": "running", "zh": "进行中"},
    "lab.status.failed": {"en": "failed", "zh": "失败"},
    "lab.csv": {"en": "Download CSV", "zh": "下载 CSV"},
    "lab.png": {"en": "Make PNG", "zh": "生成 PNG"},
    "lab.png.download": {"en": "Download PNG", "zh": "下载 PNG"},
    "lab.png.help": {"en": "Rendered by plotly (Kaleido with Chromium); the camera icon on the chart also saves a PNG.",
                     "zh": "由 plotly 渲染（Kaleido + Chromium）；图表上的相机图标也可以保存 PNG。"},
    "lab.nothing": {"en": "Start a run, or pick a saved run to show.", "zh": "开始一次训练，或选择一个已保存的训练来显示。"},
}
