"""Strings of the Concepts page: degradation, the residual block, batch normalisation, Figure 7, the 2015 results,
common misconceptions and a glossary. Numbers are formatted in from ``resnet_viz.nets.paper`` and the library's own
measurements; none is typed here. Chinese uses the teaching articles' terms (捷径连接, 瓶颈结构, 退化问题, 批量归一化)."""

STRINGS = {
    # --- why it works: the lesion study and the paths (Veit et al. 2016)
    "why.body": {
        "en": "**Why do residual networks train where plain ones fail?** One well-known measurement answers on the "
              "networks this app ships: the *lesion study* of Veit, Wilber and Belongie (NeurIPS 2016, "
              "arXiv:1605.06431). Delete one block of a trained network at test time — replace it by the identity — "
              "and measure the test error. In a ResNet the block's shortcut already carries its input, so only the "
              "residual branch F goes; in a plain net the block's whole computation goes. Either way the block "
              "becomes the identity, so the comparison is fair. The blocks that change the shape (stride 2, twice the "
              "channels) have no identity to fall back on and are never deleted, as in Veit et al.",
        "zh": "**为什么残差网络训练得动，普通网络却不行？** 有一个著名的实验可以直接在本应用随附的网络上回答：Veit、Wilber "
              "和 Belongie 的“删除残差块”实验（lesion study，NeurIPS 2016，arXiv:1605.06431）。在测试时删除训练好的"
              "网络中的一个块——把它换成恒等映射——再测测试误差。在 ResNet 中，块的捷径分支本来就传递着输入，删掉的只是残差"
              "分支 F；在普通网络中，删掉的是整个块的计算。两种情况下这个块都变成了恒等映射，所以比较是公平的。改变形状的"
              "块（步幅 2、通道数翻倍）没有恒等映射可退，因此从不删除，与 Veit 等人的做法相同。",
    },
    "why.landscape.title": {"en": "The loss landscape", "zh": "损失曲面"},
    "why.landscape.loss": {"en": "training loss", "zh": "训练损失"},
    "why.landscape.missing": {"en": "The loss landscapes of the shipped checkpoints are not on this server: run "
                                    "`python -m resnet_viz landscape`.",
                              "zh": "这台服务器上没有随附检查点的损失曲面：请运行 `python -m resnet_viz landscape`。"},
    "why.landscape.body": {
        "en": "Li, Xu, Taylor, Studer and Goldstein (NeurIPS 2018, arXiv:1712.09913) draw the training loss around a "
              "trained network's weights θ at θ + α·d₁ + β·d₂, along two random directions d₁ and d₂ scaled filter by "
              "filter to the network's own filters (batch normalisation and biases not moved). Here: a {points}×{points} "
              "grid with steps of {step:.1f}, the loss on {images} training images of the embedded sample, directions "
              "drawn with seed {seed}, one colour scale for both networks. At the trained weights {resnet}'s loss is "
              "{resnet_centre:.2f}, and one grid step away {resnet_ratio:.1f} times that on average; {plain}'s is "
              "{plain_centre:.2f}, and one step away {plain_ratio:.1f} times that.",
        "zh": "Li、Xu、Taylor、Studer 和 Goldstein（NeurIPS 2018，arXiv:1712.09913）在训练好的权重 θ 周围画出训练损失："
              "取 θ + α·d₁ + β·d₂，其中 d₁、d₂ 是两个随机方向，并按网络自身的每个卷积核逐个缩放（批量归一化的参数和偏置不动）。"
              "这里：{points}×{points} 的网格，步长 {step:.1f}，在内置样本的 {images} 张训练图像上计算损失，方向用随机种子 "
              "{seed} 抽取，两个网络用同一个颜色刻度。在训练好的权重处，{resnet} 的损失是 {resnet_centre:.2f}，往外走一格"
              "平均是它的 {resnet_ratio:.1f} 倍；{plain} 的损失是 {plain_centre:.2f}，往外走一格是它的 {plain_ratio:.1f} 倍。",
    },
    "why.landscape.reading": {
        "en": "What this shows and what it does not: a two-dimensional slice through a surface in as many dimensions as "
              "the network has parameters ({params} for the ResNet here), along two random directions. Li et al. "
              "found that without shortcuts the landscape turns chaotic as the net gets deeper (at 20 layers both "
              "were smooth; at 56 and 110 the plain nets' were not), while the ResNets' stay smooth and nearly "
              "convex, and argue that this is where training a deep plain net loses its way — the degradation this "
              "app's Lab shows.",
        "zh": "它说明了什么、没说明什么：这只是一个曲面的二维切片，而曲面的维数和网络的参数个数一样多（这里的 ResNet 有 "
              "{params} 个参数），切片沿的是两个随机方向。Li 等人发现，没有捷径连接时，网络越深，损失曲面越杂乱（20 层时两者"
              "都还平滑；到 56 层和 110 层，普通网络的就不平滑了），而 ResNet 的始终平滑、接近凸；他们认为深的普通网络正是在"
              "这里训练迷失了方向——也就是本应用退化实验室中看到的退化。",
    },
    "why.pick": {"en": "Shipped pair", "zh": "随附的一对网络"},
    "why.pair": {"en": "{plain} and {resnet}", "zh": "{plain} 和 {resnet}"},
    "why.missing": {"en": "The lesion study of the shipped checkpoints is not on this server: run "
                          "`python -m resnet_viz lesion`.",
                    "zh": "这台服务器上没有随附检查点的删除实验结果：请运行 `python -m resnet_viz lesion`。"},
    "why.lesion.single": {"en": "One block deleted", "zh": "删除一个块"},
    "why.lesion.k": {"en": "k random blocks deleted (mean ± std)", "zh": "随机删除 k 个块（平均值 ± 标准差）"},
    "why.lesion.deleted": {"en": "deleted", "zh": "删除后"},
    "why.lesion.fixed": {"en": "changes the shape: kept", "zh": "改变形状：保留"},
    "why.lesion.error": {"en": "test error", "zh": "测试误差"},
    "why.lesion.deleted_k": {"en": "blocks deleted (k)", "zh": "删除的块数 k"},
    "why.lesion.result": {
        "en": "On {images} test images of the embedded sample: deleting one of the {deletable} blocks that keep "
              "the shape raises {resnet}'s test error from {resnet_intact:.1%} by a median of {resnet_rise:.1f} "
              "points, and {plain}'s from {plain_intact:.1%} by a median of {plain_rise:.1f} points, up to "
              "{plain_worst:.1%} (a guess among the classes is wrong {chance:.0%} of the time). The {fixed} blocks that "
              "change the shape stay. Random deletions: {draws} draws for each k, the same for both networks.",
        "zh": "在内置样本的 {images} 张测试图像上：从 {deletable} 个保持形状的块中删除一个，{resnet} 的测试误差从 "
              "{resnet_intact:.1%} 起，中位数只上升 {resnet_rise:.1f} 个百分点；{plain} 的从 {plain_intact:.1%} 起，中位数"
              "上升 {plain_rise:.1f} 个百分点，最高到 {plain_worst:.1%}（在这些类别中随便猜，错误率是 {chance:.0%}）。"
              "{fixed} 个改变形状的块保留不动。随机删除：每个 k 抽 {draws} 次，两个网络用同样的抽法。",
    },
    "why.lesion.reading": {
        "en": "Veit et al. read this as a ResNet behaving like an ensemble of many shorter paths, none of them "
              "essential — their interpretation, not a proof. A plain net has a single path, and every block is on it.",
        "zh": "Veit 等人把这解读为：ResNet 的行为像许多较短路径组成的集成，其中没有哪一条不可或缺——这是他们的解读，而不是"
              "证明。普通网络只有一条路径，每个块都在这条路径上。",
    },
    "why.paths.title": {"en": "The paths through a ResNet", "zh": "ResNet 中的路径"},
    "why.paths.body": {
        "en": "{model} has {n} residual blocks. At each, the signal either goes through the residual branch or skips "
              "it along the shortcut, so there are 2ⁿ = {paths} paths from input to output, and the number of "
              "branches a path goes through follows Binomial(n, ½) with n = {n}: {share:.0%} of the paths go through "
              "{low} to {high} of them. Veit et al. found that in their CIFAR ResNet-110 ({veit_n} blocks) most of "
              "the gradient during training comes from paths through only {veit_low} to {veit_high} blocks "
              "({veit_layers_low}–{veit_layers_high} layers, shaded): their measurement on their network, not "
              "repeated here.",
        "zh": "{model} 有 {n} 个残差块。信号在每个块要么经过残差分支，要么沿捷径分支跳过它，所以从输入到输出共有 "
              "2ⁿ = {paths} 条路径；一条路径经过的残差分支个数服从二项分布 Binomial(n, ½)，其中 n = {n}：{share:.0%} "
              "的路径经过 {low} 到 {high} 个分支。Veit 等人发现，在他们的 CIFAR ResNet-110（{veit_n} 个块）中，训练时的"
              "梯度大多来自只经过 {veit_low} 到 {veit_high} 个块（{veit_layers_low}–{veit_layers_high} 层，阴影部分）"
              "的路径：这是他们在自己的网络上测得的，这里没有重复测量。",
    },
    "why.paths.hover": {"en": "%{x} layers: %{y:.2f}% of the paths", "zh": "%{x} 层：%{y:.2f}% 的路径"},
    "why.paths.x": {"en": "weighted layers on the path ({per} per residual branch)",
                    "zh": "路径上带权重的层数（每个残差分支 {per} 层）"},
    "why.paths.y": {"en": "share of the paths", "zh": "路径占比"},
    "why.paths.veit": {"en": "Veit et al., ResNet-110: most of the gradient",
                       "zh": "Veit 等人，ResNet-110：梯度主要来自这里"},

    "nav.concepts": {"en": "Concepts", "zh": "核心概念"},
    "concepts.title": {"en": "Concepts: the ideas behind ResNet", "zh": "核心概念：ResNet 背后的思想"},
    "concepts.intro": {
        "en": "The lesson in the order the articles teach it, each idea checked against the paper (He et al. 2015, "
              "arXiv:{arxiv}) and shown on real networks.",
        "zh": "按照教学文章的顺序讲解每个概念，每一条都对照论文（He 等，2015，arXiv:{arxiv}）核实，并在真实的网络上演示。",
    },
    "concepts.tab.degradation": {"en": "Why deeper was not better", "zh": "为什么更深不一定更好"},
    "concepts.tab.block": {"en": "The residual block", "zh": "残差块"},
    "concepts.tab.bn": {"en": "Batch normalisation", "zh": "批量归一化（BN）"},
    "concepts.tab.responses": {"en": "Layer responses (Figure 7)", "zh": "层响应（图 7）"},
    "concepts.tab.why": {"en": "Why it works", "zh": "为什么有效"},
    "concepts.tab.results": {"en": "Results of 2015", "zh": "2015 年的成绩"},
    "concepts.tab.misconceptions": {"en": "Common misconceptions", "zh": "常见误解"},
    "concepts.tab.glossary": {"en": "Glossary", "zh": "术语表"},
    # --- degradation and nested function classes
    "concepts.degradation.body": {
        "en": "By 2014 depth had paid off: VGG-19 stacks {vgg_depth} weighted layers. But stacking still more layers "
              "on a plain network made it **worse**, and not only on the test set: on CIFAR-10 a 56-layer plain net "
              "has a higher **training** error than a 20-layer one (the paper's Figure 1). This is the **degradation "
              "problem**. It is not overfitting, since the training error rises too. With batch normalisation it is "
              "unlikely to be vanishing gradients either (Sec. 4.1): BN ensures that forward signals keep a non-zero "
              "variance, and the paper verifies that backward gradients keep healthy norms. It leaves the cause "
              "open (its conjecture: deep plain nets may converge exponentially slowly); what it shows is that the "
              "solvers fail to find the good solutions a deeper net has. The Degradation Lab shows it on your own "
              "runs.",
        "zh": "到 2014 年，加深网络已经证明有效：VGG-19 堆叠了 {vgg_depth} 个带权重的层。但在普通网络上继续堆叠更多的层，"
              "结果反而**更差**，而且不只是测试误差：在 CIFAR-10 上，56 层普通网络的**训练**误差比 20 层的还高（论文图 1）。"
              "这就是**退化问题**。它不是过拟合，因为训练误差也升高了。有了批量归一化，它也不太可能是梯度消失（第 4.1 节）："
              "BN 保证了前向信号具有非零方差，论文还验证了反向梯度的范数正常。论文没有断定原因（它推测深层普通网络的收敛速度"
              "可能呈指数级下降）；它表明的是，优化器找不到更深网络本应具有的好解。"
              "在“退化实验室”里可以用你自己的训练看到这一现象。",
    },
    "concepts.nested.title": {"en": "A bigger function class is not always closer to the truth",
                              "zh": "更大的函数类不一定更接近真相"},
    "concepts.nested.body": {
        "en": "Think of everything a network of a given design can compute as a class of functions F. A deeper "
              "design gives a bigger class, but if the bigger class does not contain the smaller one (left), the "
              "best function in it can be **farther** from the truth f*. If every bigger class contains the smaller "
              "one (nested, right), it can only come closer. A residual block makes the classes nested: with "
              "F(x) = 0 the block is the identity, so the deeper net can still compute everything the shallower one "
              "could (Zhang et al., Dive into Deep Learning, \"Residual Networks\").",
        "zh": "把某种结构的网络能表示的全部函数看作一个函数类 F。更深的结构给出更大的函数类；但如果更大的类并不包含较小的类"
              "（左图），其中最好的函数反而可能离真相 f* **更远**。如果每个更大的类都包含较小的类（嵌套，右图），它只会越来越"
              "接近。残差块让函数类成为嵌套的：F(x) = 0 时这个块就是恒等映射，所以更深的网络仍然能表示较浅网络能表示的一切"
              "（Zhang 等，《动手学深度学习》“残差网络”一节）。",
    },
    "concepts.nested.not_nested": {"en": "non-nested function classes", "zh": "非嵌套函数类"},
    "concepts.nested.nested": {"en": "nested function classes", "zh": "嵌套函数类"},
    # --- the residual block
    "concepts.block.body": {
        "en": "A residual block computes **y = F(x, {{Wᵢ}}) + x** (Eq. 1) and then applies the second ReLU to y "
              "(Sec. 3.2, Figure 2): its layers learn the residual F(x) = H(x) − x, and the shortcut adds x back.\n\n"
              "- **The second ReLU comes after the addition.** F is conv → BN → ReLU → conv → BN; then + x; then "
              "ReLU. (He et al. 2016, arXiv:1603.05027, later moved BN and ReLU in front of the convolutions, the "
              "\"pre-activation\" block, so that the shortcut path stays a pure identity; the networks here follow "
              "the 2015 paper.)\n"
              "- **An identity shortcut costs nothing**: no parameters, no computation beyond the addition. Only "
              "where the shape changes (stride 2, more channels) must the shortcut zero-pad (option A) or project "
              "with a 1×1 convolution W_s·x (option B, Eq. 2).\n"
              "- **A Bottleneck's 1×1 convolutions are part of F**: the first shrinks the channels to a quarter, "
              "the last restores them. They are not the projection shortcut, which is a separate 1×1 convolution "
              "on the shortcut path, used only where the shape changes.\n"
              "- In torchvision's {blocks}-block ResNet-34, {identity} shortcuts are identities and {projections} "
              "are projections (option B, counted on the model); the paper's ResNet-34 of Table 2 zero-pads instead "
              "(option A, Sec. 4.1).",
        "zh": "残差块先计算 **y = F(x, {{Wᵢ}}) + x**（式 1），再对 y 做第二次 ReLU（第 3.2 节，图 2）：块内的层学习残差 "
              "F(x) = H(x) − x，捷径连接再把 x 加回来。\n\n"
              "- **第二个 ReLU 在相加之后。** F 是 卷积 → BN → ReLU → 卷积 → BN；然后 + x；然后 ReLU。（He 等人 2016 年的"
              "论文 arXiv:1603.05027 后来把 BN 和 ReLU 移到卷积之前，即“预激活”残差块，让捷径通路保持纯粹的恒等映射；"
              "本工具中的网络遵循 2015 年的论文。）\n"
              "- **恒等捷径不花任何代价**：没有参数，除了一次相加也没有额外计算。只有在形状改变处（步长 2、通道增多），"
              "捷径才需要补零（方案 A）或用 1×1 卷积做投影 W_s·x（方案 B，式 2）。\n"
              "- **瓶颈结构里的 1×1 卷积属于 F**：第一个把通道数压缩到四分之一，最后一个再恢复。它们不是投影捷径——投影捷径"
              "是捷径通路上单独的 1×1 卷积，只在形状改变处使用。\n"
              "- torchvision 中有 {blocks} 个残差块的 ResNet-34 里，{identity} 个捷径是恒等映射，{projections} 个是投影（方案 B，"
              "由模型统计）；论文表 2 中的 ResNet-34 则改用补零（方案 A，第 4.1 节）。",
    },
    "concepts.block.open": {"en": "Open ResNet-34 on the Architecture page", "zh": "在“网络结构”页面打开 ResNet-34"},
    "concepts.lab.open": {"en": "Watch degradation in the Lab", "zh": "在退化实验室中观察退化现象"},
    # --- batch normalisation
    "concepts.bn.body": {
        "en": "The paper puts batch normalisation (Ioffe and Szegedy 2015) **right after each convolution and before "
              "the ReLU** (Sec. 3.4). For each channel, BN subtracts the mean and divides by the standard deviation "
              "taken over the batch and the map, then applies a learned scale γ and shift β: "
              "y = γ·(x − μ)/√(σ² + ε) + β. Below: one BN layer of a shipped checkpoint on a batch of {batch} test "
              "images of the embedded Fashion-MNIST sample.",
        "zh": "论文把批量归一化（BN，Ioffe 和 Szegedy 2015）放在**每个卷积之后、ReLU 之前**（第 3.4 节）。对每个通道，BN 减去"
              "在整个批次和整张特征图上求得的均值，再除以标准差，然后施加可学习的缩放 γ 和平移 β："
              "y = γ·(x − μ)/√(σ² + ε) + β。下面是随应用提供的检查点中的一个 BN 层，作用在内置 Fashion-MNIST 样本的 "
              "{batch} 张测试图像上。",
    },
    "concepts.bn.checkpoint": {"en": "Checkpoint", "zh": "检查点"},
    "concepts.bn.layer": {"en": "BN layer", "zh": "BN 层"},
    "concepts.bn.before": {"en": "conv output (before BN)", "zh": "卷积输出（BN 之前）"},
    "concepts.bn.normalised": {"en": "x̂ = (x − μ) / σ", "zh": "x̂ = (x − μ) / σ"},
    "concepts.bn.after": {"en": "BN output γ·x̂ + β", "zh": "BN 输出 γ·x̂ + β"},
    "concepts.bn.channel": {"en": "channel {channel}", "zh": "通道 {channel}"},
    "concepts.bn.stats": {
        "en": "Over all {channels} channels of this layer: before BN the channel means range from {mean_low:.2f} to "
              "{mean_high:.2f} and the standard deviations from {std_low:.2f} to {std_high:.2f}; after "
              "normalisation (training mode, this batch's statistics) every channel has mean {norm_mean:.3f} and "
              "standard deviation {norm_std:.3f}. γ and β then give each channel back a scale and an offset of its "
              "own, which the network learned.",
        "zh": "该层全部 {channels} 个通道中：BN 之前，各通道均值从 {mean_low:.2f} 到 {mean_high:.2f}，标准差从 {std_low:.2f} 到 "
              "{std_high:.2f}；归一化之后（训练模式，使用本批次的统计量），每个通道的均值都是 {norm_mean:.3f}，标准差都是 "
              "{norm_std:.3f}。随后 γ 和 β 再给每个通道一个网络学到的、各自的尺度和偏移。",
    },
    "concepts.bn.modes.title": {"en": "Training mode and evaluation mode", "zh": "训练模式与评估模式"},
    "concepts.bn.modes": {
        "en": "In training mode BN uses the batch's own mean and variance; in evaluation mode it uses the running "
              "averages collected during training. A trained network must be used in evaluation mode: on the same "
              "{images} test images this {model} gets **{eval:.1%}** right in evaluation mode, {batch:.1%} in "
              "training mode with the whole batch's statistics, and only **{one:.1%}** in training mode fed one "
              "image at a time, where a \"batch\" of one normalises every image by its own statistics.",
        "zh": "训练模式下，BN 使用当前批次自己的均值和方差；评估模式下，使用训练中累积的滑动平均值。训练好的网络必须在评估模式"
              "下使用：同样这 {images} 张测试图像，这个 {model} 在评估模式下答对 **{eval:.1%}**，在训练模式下用整个批次的"
              "统计量答对 {batch:.1%}，而在训练模式下一次只输入一张图像时只答对 **{one:.1%}**——只有一张图像的“批次”会用"
              "每张图像自己的统计量去归一化它。",
    },
    "concepts.bn.bias.title": {"en": "Why the convolutions have bias=False", "zh": "为什么卷积层设置 bias=False"},
    "concepts.bn.bias": {
        "en": "BN subtracts each channel's mean right after the convolution, so a bias added by the convolution "
              "would be cancelled at once (Ioffe and Szegedy, Sec. 3.2); β does its job. In this {model}, biases on "
              "its {convs} convolutions would add {bias_params} parameters that do nothing.",
        "zh": "BN 紧接在卷积之后减去每个通道的均值，卷积加上的偏置会立刻被抵消（Ioffe 和 Szegedy，第 3.2 节），它的作用由 β "
              "承担。在这个 {model} 中，给 {convs} 个卷积层加上偏置会多出 {bias_params} 个毫无作用的参数。",
    },
    "concepts.bn.dropout.title": {"en": "Why there is no dropout", "zh": "为什么不用 dropout"},
    "concepts.bn.dropout": {
        "en": "The paper does not use dropout, following the BN paper's practice (Sec. 3.4). Ioffe and Szegedy found "
              "that BN itself regularises the model (a training example is seen together with the others in its "
              "batch, so its normalisation carries a little noise) and that dropout could then be removed or "
              "weakened without more overfitting.",
        "zh": "论文没有使用 dropout，沿用了 BN 论文的做法（第 3.4 节）。Ioffe 和 Szegedy 发现 BN 本身就有正则化作用（每个训练"
              "样本与同一批次的其他样本一起归一化，带来一点噪声），因此可以去掉或减弱 dropout，而不会加重过拟合。",
    },
    # --- Figure 7
    "concepts.fig7.body": {
        "en": "The paper measured how strongly each 3×3 layer responds: the standard deviation of its output after "
              "BN and before the ReLU or the addition (Figure 7, on CIFAR-10). Its reading: ResNets generally "
              "respond less than their plain twins, which supports the idea that residual functions are closer to "
              "zero than unreferenced ones; and the deeper the ResNet, the smaller its responses, as each layer "
              "changes the signal less. Below, the same measurement on the shipped Fashion-MNIST checkpoints "
              "({images} test images, evaluation mode).",
        "zh": "论文测量了每个 3×3 层响应的强弱：它在 BN 之后、ReLU 或相加之前的输出的标准差（图 7，CIFAR-10）。论文的解读是："
              "ResNet 的响应通常比对应的普通网络小，这支持了“残差函数比非残差函数更接近零”的想法；而且 ResNet 越深，响应越小，"
              "因为每一层对信号的改变更少。下面是在随应用提供的 Fashion-MNIST 检查点上做的同样测量（{images} 张测试图像，"
              "评估模式）。",
    },
    "concepts.fig7.original": {"en": "layer index (original order)", "zh": "层序号（原始顺序）"},
    "concepts.fig7.sorted": {"en": "layers sorted by magnitude", "zh": "按大小排序的层"},
    "concepts.fig7.layer": {"en": "layer index", "zh": "层序号"},
    "concepts.fig7.rank": {"en": "rank", "zh": "排名"},
    "concepts.fig7.std": {"en": "std of the response", "zh": "响应的标准差"},
    "concepts.fig7.pair": {
        "en": "Median response std: {plain} {plain_std:.2f}, {resnet} {resnet_std:.2f}.",
        "zh": "响应标准差的中位数：{plain} 为 {plain_std:.2f}，{resnet} 为 {resnet_std:.2f}。",
    },
    "concepts.fig7.agree": {
        "en": "At both depths the ResNet responds less than its plain twin, as in the paper.",
        "zh": "两种深度下，ResNet 的响应都比对应的普通网络小，与论文一致。",
    },
    "concepts.fig7.disagree": {
        "en": "Here the ResNet does not respond less than its plain twin at every depth, unlike the paper's "
              "CIFAR-10 nets.",
        "zh": "这里并非每种深度下 ResNet 的响应都比普通网络小，这与论文在 CIFAR-10 上的结果不同。",
    },
    "concepts.fig7.deeper_agree": {
        "en": "{deep} responds less than {shallow} (median {deep_std:.3f} vs {shallow_std:.3f}), as the paper "
              "found for deeper ResNets.",
        "zh": "{deep} 的响应比 {shallow} 小（中位数 {deep_std:.3f} 对 {shallow_std:.3f}），与论文对更深 ResNet 的发现一致。",
    },
    "concepts.fig7.deeper_similar": {
        "en": "{deep} and {shallow} respond about the same here (median {deep_std:.3f} vs {shallow_std:.3f}); the "
              "paper found the deeper ResNet's responses smaller. The shipped 56-layer checkpoints were trained for a "
              "fraction of the paper's schedule ({iterations:,} of {paper_iterations:,} iterations).",
        "zh": "这里 {deep} 与 {shallow} 的响应大致相同（中位数 {deep_std:.3f} 对 {shallow_std:.3f}）；论文发现更深的 ResNet "
              "响应更小。随应用提供的 56 层检查点只训练了论文方案的一部分（{iterations:,} / {paper_iterations:,} 次迭代）。",
    },
    "concepts.fig7.deeper_disagree": {
        "en": "{deep} does not respond less than {shallow} here (median {deep_std:.3f} vs {shallow_std:.3f}), "
              "unlike the paper's deeper ResNets; the shipped 56-layer checkpoints were trained for a fraction of "
              "the paper's schedule ({iterations:,} of {paper_iterations:,} iterations).",
        "zh": "这里 {deep} 的响应并不比 {shallow} 小（中位数 {deep_std:.3f} 对 {shallow_std:.3f}），与论文中更深 ResNet 的结果"
              "不同；随应用提供的 56 层检查点只训练了论文方案的一部分（{iterations:,} / {paper_iterations:,} 次迭代）。",
    },
    "concepts.fig7.missing": {"en": "The shipped checkpoints for this comparison are missing: {names}.",
                              "zh": "缺少这项比较所需的检查点：{names}。"},
    # --- results
    "concepts.results.body": {
        "en": "At ILSVRC and COCO 2015, ResNets took first place in ImageNet classification, detection and "
              "localization, and in COCO detection and segmentation. An ensemble of {models} ResNets of different "
              "depths reached **{top5}% top-5 error** on the ImageNet test set (Table 5); a single ResNet-152 had "
              "{r152_top1}% top-1 and {r152_top5}% top-5 error on the validation set (Table 4). On COCO the deeper "
              "features alone gave a {coco}% relative improvement in object detection (Abstract).",
        "zh": "在 ILSVRC 和 COCO 2015 竞赛中，ResNet 拿下了 ImageNet 分类、检测、定位以及 COCO 检测、分割五项第一。"
              "{models} 个不同深度的 ResNet 组成的集成模型在 ImageNet 测试集上达到 **{top5}% 的 top-5 错误率**（表 5）；"
              "单个 ResNet-152 在验证集上的 top-1 错误率为 {r152_top1}%，top-5 为 {r152_top5}%（表 4）。在 COCO 上，仅仅因为"
              "特征更深，目标检测就获得了 {coco}% 的相对提升（摘要）。",
    },
    "concepts.results.table4": {"en": "Single models, ImageNet validation (Table 4)",
                                "zh": "单个模型，ImageNet 验证集（表 4）"},
    "concepts.results.table4.testing": {"en": "Multi-scale, fully convolutional testing (Sec. 3.4), not 10-crop.",
                                        "zh": "多尺度全卷积测试（第 3.4 节），不是 10-crop 测试。"},
    "concepts.results.table6": {"en": "CIFAR-10 (Table 6)", "zh": "CIFAR-10（表 6）"},
    "concepts.results.table6.runs": {
        "en": "One run per network, except ResNet-110: the best of {runs} runs, {best}% (mean {mean} ± {std}%).",
        "zh": "每个网络各训练一次，ResNet-110 除外：它训练了 {runs} 次，表中是最好的一次 {best}%（平均 {mean} ± {std}%）。",
    },
    "concepts.results.col.model": {"en": "model", "zh": "模型"},
    "concepts.results.col.top1": {"en": "top-1 error %", "zh": "top-1 错误率 %"},
    "concepts.results.col.top5": {"en": "top-5 error %", "zh": "top-5 错误率 %"},
    "concepts.results.col.params_paper": {"en": "parameters (paper, M)", "zh": "参数量（论文，百万）"},
    "concepts.results.col.params_here": {"en": "parameters (counted here)", "zh": "参数量（这里统计）"},
    "concepts.results.col.error": {"en": "test error % (paper)", "zh": "测试错误率 %（论文）"},
    "concepts.results.1202": {
        "en": "**ResNet-1202** ({params:,} parameters counted here; the paper: {paper_params}M) trains to under "
              "{train}% training error, so depth is no longer an optimisation problem; yet its test error, "
              "{e1202}%, is worse than ResNet-110's {e110}%. The paper argues this is **overfitting**: the net is "
              "unnecessarily large for so small a dataset. It is not degradation, which means a higher *training* "
              "error.",
        "zh": "**ResNet-1202**（这里统计为 {params:,} 个参数；论文：{paper_params}M）的训练误差低于 {train}%，可见深度已不再是"
              "优化难题；但它的测试错误率为 {e1202}%，比 ResNet-110 的 {e110}% 还差。论文认为这是**过拟合**：对于这么小的"
              "数据集，这个网络大得没有必要。这不是退化问题，退化指的是**训练**误差更高。",
    },
    # --- misconceptions
    "concepts.misconceptions.body": {
        "en": "Some common statements, even in good teaching material, need a gentle correction:\n\n"
              "1. **\"Degradation is overfitting.\"** No: the deeper plain net's *training* error is higher too "
              "(Figure 1, Figure 6 left). Overfitting means low training error and high test error.\n"
              "2. **\"Degradation is caused by vanishing gradients.\"** Unlikely with BN, the paper argues: BN "
              "ensures non-zero forward variances, the paper verifies healthy gradient norms (Sec. 4.1), and it "
              "conjectures that deep plain nets converge exponentially slowly instead.\n"
              "3. **\"The ReLU comes before the addition.\"** In the 2015 block the second ReLU comes after it: "
              "y = ReLU(F(x) + x).\n"
              "4. **\"The 1×1 convolutions of a Bottleneck are the projection shortcut.\"** They are part of F; the "
              "projection is a separate 1×1 convolution on the shortcut, only where the shape changes.\n"
              "5. **\"Shortcuts only work with projections.\"** Option A adds no parameters and already solves "
              "degradation (Table 3: top-1 error {plain}% plain-34 → {a}% with option A).\n"
              "6. **\"ResNet-1202 is worse than ResNet-110 because of degradation.\"** Its training error is as low "
              "as ResNet-110's; the paper argues it overfits, being unnecessarily large for the data (Sec. 4.2).",
        "zh": "有些说法即使在很好的教学材料中也会出现，这里温和地更正一下：\n\n"
              "1. **“退化就是过拟合。”** 不是：更深的普通网络连**训练**误差都更高（图 1、图 6 左）。过拟合指的是训练误差低而"
              "测试误差高。\n"
              "2. **“退化是梯度消失造成的。”** 论文认为有了 BN 就不太可能：BN 保证前向信号具有非零方差，论文验证了梯度范数"
              "正常（第 4.1 节），并推测深层普通网络的收敛速度可能呈指数级下降。\n"
              "3. **“ReLU 在相加之前。”** 在 2015 年的残差块中，第二个 ReLU 在相加之后：y = ReLU(F(x) + x)。\n"
              "4. **“瓶颈结构的 1×1 卷积就是投影捷径。”** 它们属于 F；投影是捷径通路上单独的 1×1 卷积，只在形状改变处使用。\n"
              "5. **“捷径连接必须用投影才有效。”** 方案 A 不增加任何参数，就已经解决了退化问题（表 3：top-1 错误率从 "
              "plain-34 的 {plain}% 降到方案 A 的 {a}%）。\n"
              "6. **“ResNet-1202 比 ResNet-110 差是因为退化。”** 它的训练误差和 ResNet-110 一样低；论文认为它是过拟合了："
              "对这么小的数据集，网络大得没有必要（第 4.2 节）。",
    },
    # --- glossary
    "concepts.glossary.help": {
        "en": "The terms of the lesson: the name this app uses in each language, the names the five Chinese teaching "
              "articles use (counted in them; one article is in Traditional Chinese), and other common translations "
              "that they do not use.",
        "zh": "本课程的术语：本应用使用的中英文名称，五篇中文教学文章中实际使用的说法（在文章中统计过；其中一篇是繁体中文），"
              "以及文章中没有出现的其他常见译名。",
    },
    "concepts.glossary.col.en": {"en": "English", "zh": "英文"},
    "concepts.glossary.col.zh": {"en": "中文 (this app)", "zh": "中文（本应用）"},
    "concepts.glossary.col.articles": {"en": "in the articles", "zh": "文章中的说法"},
    "concepts.glossary.col.also": {"en": "other common translations", "zh": "其他常见译名"},
}

# The glossary: (English, 中文 as this app writes it, what the five teaching articles write (each name occurs in
# them: tests/test_glossary.py counts), other common translations the articles do not use).
GLOSSARY = (
    ("residual learning", "残差学习", "残差学习", ""),
    ("residual block", "残差块", "残差块、残差结构、残差模块、殘差模塊", "残差单元"),
    ("residual function F(x)", "残差函数 F(x)", "残差函数、残差映射", ""),
    ("shortcut connection", "捷径连接", "捷径分支、跳连接、跳跃连接、残差连接、shortcut", "快捷连接、短路连接"),
    ("skip connection (another name for a shortcut)", "跳跃连接", "跳连接、跳跃连接、skip", ""),
    ("main branch / shortcut branch of a block", "主分支 / 捷径分支", "主分支、捷径分支", ""),
    ("identity mapping", "恒等映射", "恒等映射、Identity", "恒等连接"),
    ("identity shortcut (solid in Figure 3)", "恒等捷径（实线）", "实线残差结构", ""),
    ("shortcut where the shape changes (dotted in Figure 3)", "形状改变处的捷径（虚线）", "虚线残差结构",
     "投影捷径、1×1 卷积捷径"),
    ("bottleneck block", "瓶颈结构", "瓶颈模块、Bottleneck", "瓶颈块"),
    ("BasicBlock", "基本块", "BasicBlock", "基础残差块"),
    ("reducing / restoring the channels (1×1 convolutions)", "降维 / 升维", "降维、升维", ""),
    ("degradation problem", "退化问题", "退化问题", "网络退化"),
    ("plain network", "普通网络", "", "plain 网络、平原网络"),
    ("batch normalization (BN)", "批量归一化（BN）", "Batch Normalization", "批归一化、批标准化"),
    ("global average pooling (GAP)", "全局平均池化", "全局平均池化、平均池化", ""),
    ("stem", "起始层（stem）", "", "输入卷积层"),
    ("stage (conv2_x … conv5_x)", "阶段", "conv2_x、层结构", "层组"),
    ("downsampling", "下采样", "下采样、降采样", ""),
    ("stride", "步长", "步距、步长", ""),
    ("zero-padding", "补零", "padding", "零填充"),
    ("receptive field", "感受野", "", ""),
    ("feature map", "特征图", "特征矩阵", ""),
    ("vanishing / exploding gradients", "梯度消失 / 梯度爆炸", "梯度消失、梯度爆炸", ""),
    ("overfitting", "过拟合", "过拟合", ""),
    ("multiply-adds (FLOPs in the paper)", "乘加次数（论文中的 FLOPs）", "计算量", ""),
    ("top-1 / top-5 error", "top-1 / top-5 错误率", "top1、top-5、错误率", ""),
    ("pre-activation", "预激活", "", ""),
    ("transfer learning", "迁移学习", "迁移学习", ""),
    ("pretrained", "预训练", "预训练", ""),
    ("fine-tuning", "微调", "微调", ""),
)
