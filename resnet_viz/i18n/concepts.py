"""Strings of the Concepts page: degradation, the residual block, batch normalisation, Figure 7, the 2015 results,
common misconceptions and a glossary. Numbers are formatted in from ``resnet_viz.nets.paper`` and the library's own
measurements; none is typed here. Chinese uses the teaching articles' terms (捷径连接, 瓶颈结构, 退化问题, 批量归一化)."""

STRINGS = {
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
              "on a plain network made it **worse**, and not only on the test set: on CIFAR-10 a {deep}-layer plain "
              "net has a higher **training** error than a {shallow}-layer one (the paper's Figure 1). This is the "
              "**degradation problem**. It is not overfitting, since the training error rises too. With batch "
              "normalisation it is unlikely to be vanishing gradients either (Sec. 4.1): BN ensures that forward "
              "signals keep a non-zero variance, and the paper verifies that backward gradients keep healthy norms. "
              "It leaves the cause open (its conjecture: deep plain nets may converge exponentially slowly); what it "
              "shows is that the solvers fail to find the good solutions a deeper net has. The Degradation Lab shows "
              "it on your own runs. Two of the teaching articles describe the problem differently: one says plain "
              "CNNs are hard to train because the early layers' information is “forgotten” and the signal fades; "
              "another calls it “weight degradation”. The paper's finding is the one above: the deeper plain net fits "
              "even its training data worse, although with BN its signals vanish neither forwards nor backwards (Sec. "
              "4.1); and what degrades is the accuracy, not the weights.",
        "zh": "到 2014 年，加深网络已经证明有效：VGG-19 堆叠了 {vgg_depth} 个带权重的层。但在普通网络上继续堆叠更多的层，结果反而**更差**，而且不只是测试错误率：在 CIFAR-10 上，{d"
              "eep} 层普通网络的**训练**错误率比 {shallow} 层的还高（论文图 1）。这就是**退化问题**。它不是过拟合，因为训练错误率也升高了。有了批量归一化，它也不太可能是梯度消失（第 4.1 节）"
              "：BN 保证了前向信号具有非零方差，论文还验证了反向梯度的范数正常。论文没有断定原因（它推测深层普通网络的收敛速度可能呈指数级下降）；它表明的是，优化器找不到更深网络本应具有的好解。在“退化实验室”里可以用"
              "你自己的训练看到这一现象。有两篇教学文章对这个问题的说法不同：一篇说，传统 CNN 难以训练，是因为前面层的信息被“遗忘”、信号逐渐消失；另一篇把它叫作“权重退化”。论文的发现就是上面所说的：更深的普通网络"
              "连训练数据都拟合得更差，而有了 BN，它的信号无论前向还是反向都没有消失（第 4.1 节）；退化的是准确率，而不是权重。",
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
              "（左图），其中最好的函数反而可能离真相 f* **更远**。如果每个更大的类都包含较小的类（嵌套，右图），它至少不会"
              "离得更远。残差块让函数类成为嵌套的：F(x) = 0 时这个块就是恒等映射，所以更深的网络仍然能表示较浅网络能表示的一切"
              "（Zhang 等，《动手学深度学习》“残差网络”一节）。",
    },
    "concepts.nested.not_nested": {"en": "non-nested function classes", "zh": "非嵌套函数类"},
    "concepts.nested.nested": {"en": "nested function classes", "zh": "嵌套函数类"},
    # --- the residual block
    "concepts.block.body": {
        "en": "A residual block computes **y = F(x, {{Wᵢ}}) + x** (Eq. 1) and then applies the second ReLU to y (Sec. "
              "3.2, Figure 2): its layers learn the residual F(x) = H(x) − x, and the shortcut adds x back.\n\n- "
              "**The second ReLU comes after the addition.** F is conv → BN → ReLU → conv → BN; then + x; then ReLU. "
              "(He et al. 2016, arXiv:1603.05027, later moved BN and ReLU in front of the convolutions, the "
              "\"pre-activation\" block, so that the shortcut path stays a pure identity; the networks here follow "
              "the 2015 paper.)\n- **An identity shortcut costs nothing**: no parameters, no computation beyond the "
              "addition. Only where the shape changes (stride {stride}, more channels) must the shortcut zero-pad "
              "(option A) or project with a 1×1 convolution W_s·x (option B, Eq. 2).\n- **A Bottleneck's 1×1 "
              "convolutions are part of F**: in Figure 5's block the first shrinks {wide} channels to {narrow} and "
              "the last restores them (Sec. 4.1). They are not the projection shortcut, which is a separate 1×1 "
              "convolution on the shortcut branch, used (with option B) only where the shape changes.\n- In "
              "torchvision's {blocks}-block ResNet-34, {identity} shortcuts are identities and {projections} are "
              "projections (option B, counted on the model); the paper's ResNet-34 of Table 2 zero-pads instead "
              "(option A, Sec. 4.1). (One of the teaching articles says the dashed shortcuts of ResNet-34 in Figure "
              "3, where the shape changes, are 1×1 convolutions: the paper allows both options there (Sec. 3.3); 1×1 "
              "projections are option B, torchvision's choice, while the ResNet-34 of Table 2 zero-pads.)",
        "zh": "残差块先计算 **y = F(x, {{Wᵢ}}) + x**（式 1），再对 y 做第二次 ReLU（第 3.2 节，图 2）：块内的层学习残差 F(x) = H(x) − x，捷径连接再把 x 加回来。"
              "\n\n- **第二个 ReLU 在相加之后。** F 是 卷积 → BN → ReLU → 卷积 → BN；然后 + x；然后 ReLU。（He 等人 2016 年的论文 arXiv:1603.05027"
              " 后来把 BN 和 ReLU 移到卷积之前，即“预激活”残差块，让捷径分支保持纯粹的恒等映射；本应用中的网络遵循 2015 年的论文。）\n- **恒等捷径不花任何代价**：没有参数，除了一次相加也没有额外"
              "计算。只有在形状改变处（步长 {stride}、通道增多），捷径才需要补零（方案 A）或用 1×1 卷积做投影 W_s·x（方案 B，式 2）。\n- **瓶颈结构里的 1×1 卷积属于 F**：在图 5 "
              "的瓶颈结构中，第一个把 {wide} 个通道压缩到 {narrow} 个，最后一个再恢复（第 4.1 节）。它们不是投影捷径——投影捷径是捷径分支上单独的 1×1 卷积，（方案 B 中）只在形状改变处使用。"
              "\n- torchvision 中有 {blocks} 个残差块的 ResNet-34 里，{identity} 个捷径是恒等映射，{projections} 个是投影（方案 B，由模型统计）；论文表 2 "
              "中的 ResNet-34 则改用补零（方案 A，第 4.1 节）。（有一篇教学文章说，图 3 中 ResNet-34 的虚线残差结构（即形状改变处的捷径）是用 1×1 卷积做维度处理的：论文在这里两种方案都"
              "允许（第 3.3 节）；1×1 卷积投影是方案 B，即 torchvision 的做法，而论文表 2 中的 ResNet-34 用的是补零。）",
    },
    "concepts.block.open": {"en": "Open ResNet-34 on the Architecture page", "zh": "在“网络结构”页面打开 ResNet-34"},
    "concepts.lab.open": {"en": "Watch degradation in the Lab", "zh": "在退化实验室中观察退化现象"},
    # --- batch normalisation
    "concepts.bn.body": {
        "en": "The paper puts batch normalisation (Ioffe and Szegedy 2015) **right after each convolution and before "
              "the ReLU** (Sec. 3.4). For each channel, BN subtracts the mean and divides by the standard deviation "
              "taken over the batch and the map, then applies a learned scale γ and shift β: y = γ·(x − μ)/√(σ² + ε) "
              "+ β. One of the teaching articles lists BN among ResNet's innovations; the paper adopts it from Ioffe "
              "and Szegedy (Sec. 3.4) and counts it, with normalised initialisation, among what had already largely "
              "addressed vanishing and exploding gradients (Sec. 1). Below: one BN layer of a shipped checkpoint on a "
              "batch of {batch} test images of the embedded Fashion-MNIST sample.",
        "zh": "论文把批量归一化（BN，Ioffe 和 Szegedy 2015）放在**每个卷积之后、ReLU 之前**（第 3.4 节）。对每个通道，BN 减去在整个批次和整张特征图上求得的均值，再除以标准差，然后施加"
              "可学习的缩放 γ 和平移 β：y = γ·(x − μ)/√(σ² + ε) + β。有一篇教学文章把 BN 列为 ResNet 的创新点之一；其实论文是沿用 Ioffe 和 Szegedy 提出的 BN（"
              "第 3.4 节），并把它与归一化初始化一起视为已经在很大程度上解决了梯度消失的手段（第 1 节）。下面是随应用提供的检查点中的一个 BN 层，作用在内置 Fashion-MNIST 样本的 {batch} "
              "张测试图像上。",
    },
    "concepts.bn.why": {
        "en": "**Why every layer, and not only the image?** Normalising the image fixes the first layer's input only. "
              "Every later layer's input is the output of layers whose weights change at every step, so its mean and "
              "scale drift while the network trains; BN renormalises it on every batch, and Ioffe and Szegedy could "
              "train with much higher learning rates and less care for the initialisation. They explained this by "
              "less \"internal covariate shift\"; Santurkar et al. (2018, arXiv:1805.11604) found that BN helps even "
              "when that shift is not reduced, and argue instead that it makes the loss surface smoother and its "
              "gradients more predictable.",
        "zh": "**为什么要归一化每一层的输入，而不只是输入图像？** 对图像做归一化只管得了第一层的输入。之后每一层的输入都是前面各层"
              "的输出，而这些层的权重每一步都在变，所以训练过程中这些输入的均值和尺度会不断漂移；BN 在每个批次上重新归一化，"
              "Ioffe 和 Szegedy 因此能用大得多的学习率训练，对初始化也不必那么小心。他们把原因解释为减少了“内部协变量偏移”"
              "（internal covariate shift）；Santurkar 等人（2018，arXiv:1805.11604）发现，即使这种偏移没有减少，BN 依然有效，"
              "他们认为 BN 真正的作用是让损失曲面更平滑、梯度更可预测。",
    },
    "concepts.bn.checkpoint": {"en": "Checkpoint", "zh": "检查点"},
    "concepts.bn.layer": {"en": "BN layer", "zh": "BN 层"},
    "concepts.bn.before": {"en": "conv output (before BN)", "zh": "卷积输出（BN 之前）"},
    "concepts.bn.normalised": {"en": "x̂ = (x − μ) / σ", "zh": "x̂ = (x − μ) / σ"},
    "concepts.bn.after": {"en": "BN output γ·x̂ + β", "zh": "BN 输出 γ·x̂ + β"},
    "concepts.bn.channel": {"en": "channel {channel}", "zh": "通道 {channel}"},
    "concepts.bn.stats": {
        "en": "Over all {channels} channels of this layer: before BN the channel means range from {mean_low:.2f} to "
              "{mean_high:.2f} and the standard deviations from {std_low:.2f} to {std_high:.2f}; after normalisation "
              "(training mode, this batch's statistics) every channel has mean {norm_mean:.3f} and standard deviation "
              "{norm_std:.3f}. γ and β then give each channel back a scale and an offset of its own, which the "
              "network learned. So BN's output need not have mean zero and variance one. One of the teaching articles "
              "gives that as BN's aim; it is only BN's first step (Ioffe and Szegedy 2015, Sec. 3).",
        "zh": "该层全部 {channels} 个通道中：BN 之前，各通道均值从 {mean_low:.2f} 到 {mean_high:.2f}，标准差从 {std_low:.2f} 到 {std_high:.2f}；"
              "归一化之后（训练模式，使用本批次的统计量），每个通道的均值都是 {norm_mean:.3f}，标准差都是 {norm_std:.3f}。随后 γ 和 β 再给每个通道一个网络学到的、各自的缩放和平移。所以"
              " BN 的输出不一定均值为零、方差为一。有一篇教学文章说这就是 BN 的目的；其实那只是它的第一步（Ioffe 和 Szegedy 2015，第 3 节）。",
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
    "concepts.bn.sizes.title": {"en": "Why BN needs a big enough batch", "zh": "为什么 BN 需要足够大的批次"},
    "concepts.bn.sizes.body": {
        "en": "The same {images} test images again, split in order into batches of each size and classified by this "
              "{model} in training mode, so that every batch is normalised by its own mean and variance. The dashed "
              "line is evaluation mode on the same images: running averages, no batch involved.",
        "zh": "还是这 {images} 张测试图像，按顺序切成不同大小的批次，让这个 {model} 在训练模式下分类，于是每个批次都用它自己的"
              "均值和方差归一化。虚线是同样这些图像在评估模式下的准确率：用的是滑动平均值，与批次无关。",
    },
    "concepts.bn.sizes.x": {"en": "batch size", "zh": "批量大小"},
    "concepts.bn.sizes.y": {"en": "accuracy", "zh": "准确率"},
    "concepts.bn.sizes.train": {"en": "training mode (each batch's statistics)",
                                "zh": "训练模式（每个批次自己的统计量）"},
    "concepts.bn.sizes.eval": {"en": "evaluation mode (running averages)", "zh": "评估模式（滑动平均值）"},
    "concepts.bn.sizes.near": {
        "en": "From batches of **{near}** on, training mode stays within {points:.0f} percentage points of "
              "evaluation mode ({near_acc:.1%} against {eval:.1%}); with batches of {smallest} it gets only "
              "{smallest_acc:.1%}. The fewer images a batch holds, the noisier its mean and variance, and the more "
              "an image's result depends on which other images share its batch.",
        "zh": "从批量大小 **{near}** 起，训练模式与评估模式的差距都在 {points:.0f} 个百分点以内（{near_acc:.1%} 对 "
              "{eval:.1%}）；批量大小为 {smallest} 时只答对 {smallest_acc:.1%}。一个批次里的图像越少，它的均值和方差就越"
              "不稳定，一张图像的结果也就越取决于和它同在一个批次里的是哪些图像。",
    },
    "concepts.bn.sizes.largest": {
        "en": "Only at batches of **{near}**, the largest tried, does training mode come within {points:.0f} "
              "percentage points of evaluation mode ({near_acc:.1%} against {eval:.1%}); with batches of {smallest} "
              "it gets only {smallest_acc:.1%}. The fewer images a batch holds, the noisier its mean and variance, "
              "and the more an image's result depends on which other images share its batch.",
        "zh": "只有在试过的最大批量大小 **{near}** 时，训练模式与评估模式的差距才缩小到 {points:.0f} 个百分点以内"
              "（{near_acc:.1%} 对 {eval:.1%}）；批量大小为 {smallest} 时只答对 {smallest_acc:.1%}。一个批次里的图像越少，"
              "它的均值和方差就越不稳定，一张图像的结果也就越取决于和它同在一个批次里的是哪些图像。",
    },
    "concepts.bn.sizes.all": {
        "en": "At every batch size tried, even {smallest}, training mode stays within {points:.0f} percentage points "
              "of evaluation mode ({smallest_acc:.1%} against {eval:.1%}): for this network and these images the "
              "batch size hardly matters.",
        "zh": "在试过的每个批量大小上，哪怕是 {smallest}，训练模式与评估模式的差距都在 {points:.0f} 个百分点以内"
              "（{smallest_acc:.1%} 对 {eval:.1%}）：对这个网络和这些图像来说，批量大小几乎没有影响。",
    },
    "concepts.bn.sizes.never": {
        "en": "Even with batches of {largest}, the largest tried, training mode stays {gap:.1f} percentage points "
              "below evaluation mode ({largest_acc:.1%} against {eval:.1%}); with batches of {smallest} it gets "
              "only {smallest_acc:.1%}. The fewer images a batch holds, the noisier its mean and variance.",
        "zh": "即使批量大小取试过的最大值 {largest}，训练模式仍比评估模式低 {gap:.1f} 个百分点（{largest_acc:.1%} 对 "
              "{eval:.1%}）；批量大小为 {smallest} 时只答对 {smallest_acc:.1%}。一个批次里的图像越少，它的均值和方差就越"
              "不稳定。",
    },
    "concepts.bn.sizes.article": {
        "en": "One of the teaching articles rightly advises a large batch for BN, then fine-tunes its network in "
              "training mode with batches of {article}: at that size this {model} gets {article_acc:.1%} instead of "
              "{eval:.1%}, so every training step of such a run sees noisy statistics. A larger batch, or BN kept "
              "in evaluation mode while fine-tuning, avoids it.",
        "zh": "有一篇教学文章正确地建议使用 BN 时把批量大小设大一些，随后却在训练模式下用大小为 {article} 的批次微调网络：在"
              "这个批量大小下，这个 {model} 只答对 {article_acc:.1%}，而不是 {eval:.1%}，可见这样训练的每一步看到的统计量"
              "都很不稳定。用更大的批次，或者微调时让 BN 保持评估模式，就能避免这个问题。",
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
    # --- the BN ablation (resnet_viz.train.ablation): the same nets with and without BN, one reference run each
    "concepts.bn.ablation.title": {"en": "Why BN is there: the same nets trained with and without it",
                                   "zh": "为什么要有 BN：同样的网络，有 BN 和没有 BN 各训练一次"},
    "concepts.bn.ablation.body": {
        "en": "The paper puts BN right after each convolution and before the activation (Sec. 3.4). Ioffe and Szegedy "
              "(2015, arXiv:1502.03167), who introduced it, found that it lets a network train at much higher "
              "learning rates, and faster. Two reference runs from the Lab's engine show one side of it, at the Lab's learning rate: plain-{depth} and "
              "ResNet-{depth} (width {width}) on the Fashion-MNIST sample at {size}×{size}, {iterations:,} "
              "iterations at learning rate {lr} without warm-up, once with BN and once with every BN layer removed "
              "(each convolution then gets its own bias). Everything else, the seed included, is the same.",
        "zh": "论文把批量归一化（BN）放在每个卷积之后、激活函数之前（第 3.4 节）。提出 BN 的 Ioffe 和 Szegedy（2015，"
              "arXiv:1502.03167）发现，有了 BN，网络可以用高得多的学习率训练，而且收敛更快。这里用实验室训练引擎的两次参考训练，在实验室的学习率下展示其中一个方面：plain-{depth} 和 ResNet-{depth}（宽度 {width}）在 {size}×{size} 的 Fashion-MNIST 样本上训练 "
              "{iterations:,} 次迭代，学习率 {lr}，不预热；一次带 BN，一次去掉所有 BN 层（每个卷积改为带自己的偏置）。"
              "其余设置，包括随机种子，完全相同。",
    },
    "concepts.bn.ablation.with": {"en": "with BN", "zh": "有 BN"},
    "concepts.bn.ablation.without": {"en": "without BN", "zh": "无 BN"},
    "concepts.bn.ablation.caption": {
        "en": "Plain net on the left, ResNet on the right; dashed: training error, solid: test error. The run without "
              "BN is drawn with markers.",
        "zh": "左为普通网络，右为 ResNet；虚线为训练错误率，实线为测试错误率。无 BN 的那次训练带标记点。",
    },
    "concepts.bn.ablation.stuck": {
        "en": "Final training error with BN: {plain_with} (plain-{depth}) and {resnet_with} (ResNet-{depth}). Without "
              "BN: {plain_without} and {resnet_without}, no better than guessing among {classes} classes "
              "({chance:.0%}). At this learning rate the nets without BN did not learn at all, with shortcuts or without: here the shortcuts did not make up for the missing BN. (With a suitably scaled initialisation residual nets can be trained without BN: Zhang et al. 2019, arXiv:1901.09321.) One seed, one short run.",
        "zh": "有 BN 时最终训练错误率为 {plain_with}（plain-{depth}）和 {resnet_with}（ResNet-{depth}）；没有 BN 时为 "
              "{plain_without} 和 {resnet_without}，和在 {classes} 个类别中随机猜测（{chance:.0%}）一样。在这个学习率下，没有 BN 的网络根本没有学会，无论有没有捷径连接：在这里，捷径连接没能弥补 BN 的缺失。（如果初始化的尺度合适，残差网络也可以不用 BN 训练：Zhang 等，2019，arXiv:1901.09321。）这只是一个随机种子、一次短训练的结果。",
    },
    "concepts.bn.ablation.faster": {
        "en": "Final training error with BN: {plain_with} (plain-{depth}) and {resnet_with} (ResNet-{depth}). Without "
              "BN both ended higher: {plain_without} and {resnet_without}. In the same iterations at this learning "
              "rate, BN let both nets get further. One seed, one short run.",
        "zh": "有 BN 时最终训练错误率为 {plain_with}（plain-{depth}）和 {resnet_with}（ResNet-{depth}）；没有 BN 时两者都"
              "更高：{plain_without} 和 {resnet_without}。在相同的迭代次数和这个学习率下，BN 让两个网络都训练得更好。"
              "这只是一个随机种子、一次短训练的结果。",
    },
    "concepts.bn.ablation.diverged": {
        "en": "Final training error with BN: {plain_with} (plain-{depth}) and {resnet_with} (ResNet-{depth}). Without "
              "BN, training diverged (the loss became infinite or not a number): plain-{depth} {plain_without}, "
              "ResNet-{depth} {resnet_without}. One seed, one short run.",
        "zh": "有 BN 时最终训练错误率为 {plain_with}（plain-{depth}）和 {resnet_with}（ResNet-{depth}）；没有 BN 时训练发散了"
              "（损失变为无穷大或非数值）：plain-{depth} {plain_without}，ResNet-{depth} {resnet_without}。"
              "这只是一个随机种子、一次短训练的结果。",
    },
    "concepts.bn.ablation.mixed": {
        "en": "Final training error with BN: {plain_with} (plain-{depth}) and {resnet_with} (ResNet-{depth}). Without "
              "BN: {plain_without} and {resnet_without}. In this short run BN did not lower the training error of "
              "both nets. One seed, one short run.",
        "zh": "有 BN 时最终训练错误率为 {plain_with}（plain-{depth}）和 {resnet_with}（ResNet-{depth}）；没有 BN 时为 "
              "{plain_without} 和 {resnet_without}。在这次短训练中，BN 并没有让两个网络的训练错误率都降低。"
              "这只是一个随机种子、一次短训练的结果。",
    },
    "concepts.bn.ablation.diverged_value": {"en": "diverged", "zh": "已发散"},
    # --- Figure 7
    "concepts.fig7.body": {
        "en": "The paper measured how strongly each 3×3 layer responds: the standard deviation of its output after "
              "BN and before the ReLU or the addition (Figure 7, on CIFAR-10). Its reading: ResNets generally "
              "respond less than their plain twins, which supports the idea that residual functions might generally "
              "be closer to zero than unreferenced ones; and the deeper the ResNet, the smaller its responses: each "
              "layer tends to change the signal less (Sec. 4.2, \"Analysis of Layer Responses\"). Below, the same measurement on the shipped Fashion-MNIST checkpoints "
              "({images:,} test images, evaluation mode).",
        "zh": "论文测量了每个 3×3 层响应的强弱：它在 BN 之后、ReLU 或相加之前的输出的标准差（图 7，CIFAR-10）。论文的解读是："
              "ResNet 的响应通常比对应的普通网络小，这支持了“残差函数一般可能比非残差函数更接近零”的想法；而且 ResNet 越深，"
              "响应越小：每一层往往对信号改变得更少（第 4.2 节“层响应分析”）。下面是在随应用提供的 Fashion-MNIST 检查点上做的同样测量（{images:,} 张测试图像，"
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
        "en": "At each depth shown ({depths}) the ResNet responds less than its plain twin, by more than {same:.0%}, as "
              "in the paper's Figure 7.",
        "zh": "在所示的每种深度（{depths}）下，ResNet 的响应都比对应的普通网络小（相差超过 {same:.0%}），与论文图 7 一致。",
    },
    "concepts.fig7.disagree": {
        "en": "Here the ResNet does not respond clearly less (by more than {same:.0%}) than its plain twin at every "
              "depth shown ({depths}), unlike the paper's "
              "CIFAR-10 nets.",
        "zh": "这里并非在所示的每种深度（{depths}）下 ResNet 的响应都比普通网络明显小（相差超过 {same:.0%}），这与论文在 CIFAR-10 上"
              "的结果不同。",
    },
    "concepts.fig7.deeper_agree": {
        "en": '{deep} responds less than {shallow}: median {deep_std:.3f} vs {shallow_std:.3f} over all {images:,} test images, a ratio of {ratio:.2f} whose {level:.0%} interval over {groups} groups of those images ({low:.2f}–{high:.2f}) lies below one. The paper found the same for deeper ResNets.',
        "zh": '{deep} 的响应比 {shallow} 小：在全部 {images:,} 张测试图像上，中位数为 {deep_std:.3f} 对 {shallow_std:.3f}，比值 {ratio:.2f}；把这些图像分成 {groups} 组得到的 {level:.0%} 区间（{low:.2f}–{high:.2f}）整体小于一。论文对更深的 ResNet 也有同样的发现。',
    },
    "concepts.fig7.deeper_similar": {
        "en": "{deep} and {shallow} respond about the same here: median {deep_std:.3f} vs {shallow_std:.3f} over all {images:,} test images, a ratio of {ratio:.2f} ({level:.0%} interval over {groups} groups of those images: {low:.2f}–{high:.2f}), within {same:.0%} of equal. The paper found the deeper ResNet's responses smaller.",
        "zh": '这里 {deep} 与 {shallow} 的响应大致相同：在全部 {images:,} 张测试图像上，中位数为 {deep_std:.3f} 对 {shallow_std:.3f}，比值 {ratio:.2f}（把这些图像分成 {groups} 组得到的 {level:.0%} 区间：{low:.2f}–{high:.2f}），与相等相差不到 {same:.0%}。论文发现更深的 ResNet 响应更小。',
    },
    "concepts.fig7.deeper_unclear": {
        "en": "These images cannot tell whether {deep} responds less than {shallow}: median {deep_std:.3f} vs "
              "{shallow_std:.3f} over all {images:,} test images, a ratio of {ratio:.2f} whose {level:.0%} interval "
              "over {groups} groups of those images ({low:.2f}–{high:.2f}) reaches both sides of one. The paper found "
              "the deeper ResNet's responses smaller.",
        "zh": "这些图像分不出 {deep} 的响应是否比 {shallow} 小：在全部 {images:,} 张测试图像上，中位数为 {deep_std:.3f} 对 "
              "{shallow_std:.3f}，比值 {ratio:.2f}；把这些图像分成 {groups} 组得到的 {level:.0%} 区间（{low:.2f}–{high:.2f}）"
              "跨过了一。论文发现更深的 ResNet 响应更小。",
    },
    "concepts.fig7.deeper_disagree": {
        "en": "{deep} does not respond less than {shallow} here: median {deep_std:.3f} vs {shallow_std:.3f} over all {images:,} test images, a ratio of {ratio:.2f} whose {level:.0%} interval over {groups} groups of those images ({low:.2f}–{high:.2f}) lies above one, unlike the paper's deeper ResNets.",
        "zh": '这里 {deep} 的响应并不比 {shallow} 小：在全部 {images:,} 张测试图像上，中位数为 {deep_std:.3f} 对 {shallow_std:.3f}，比值 {ratio:.2f}；把这些图像分成 {groups} 组得到的 {level:.0%} 区间（{low:.2f}–{high:.2f}）整体大于一，与论文中更深 ResNet 的结果不同。',
    },
    "concepts.fig7.runs": {
        "en": "Depth is not the only difference between these two checkpoints: they come from different runs, both "
              "far shorter than the paper's {paper_iterations:,} iterations: {shallow} {shallow_iterations:,} "
              "iterations on {shallow_device} ({shallow_precision}), {deep} {deep_iterations:,} iterations on "
              "{deep_device} ({deep_precision}).",
        "zh": "这两个检查点的区别不只是深度：它们来自不同的训练，而且都远短于论文的 {paper_iterations:,} 次迭代：{shallow} "
              "在 {shallow_device} 上训练了 {shallow_iterations:,} 次迭代（{shallow_precision}），{deep} 在 {deep_device} 上"
              "训练了 {deep_iterations:,} 次迭代（{deep_precision}）。",
    },
    "concepts.fig7.same_run": {
        "en": "Both checkpoints come from one run ({deep_iterations:,} iterations on {deep_device}, "
              "{deep_precision}), far shorter than the paper's {paper_iterations:,} iterations.",
        "zh": "两个检查点来自同一次训练（在 {deep_device} 上训练 {deep_iterations:,} 次迭代，{deep_precision}），远短于论文的 "
              "{paper_iterations:,} 次迭代。",
    },
    "concepts.fig7.missing": {"en": "The shipped checkpoints for this comparison are missing: {names}.",
                              "zh": "缺少这项比较所需的检查点：{names}。"},
    # --- results
    "concepts.results.body": {
        "en": "At ILSVRC and COCO 2015, ResNets took first place in ImageNet classification, detection and "
              "localization, and in COCO detection and segmentation (Abstract). An ensemble of {models} ResNets of "
              "different depths reached **{top5}% top-5 error** on the ImageNet test set (Table 5); a single "
              "ResNet-152 had {r152_top1}% top-1 and {r152_top5}% top-5 error on the validation set (Table 4). On "
              "COCO the deeper features alone gave a {coco}% relative improvement in object detection (Abstract). One "
              "of the teaching articles credits ResNet-50 with ResNet's ImageNet results; first place went to the "
              "ensemble above, {models} ResNets of different depths (Table 5).",
        "zh": "在 ILSVRC 和 COCO 2015 竞赛中，ResNet 拿下了 ImageNet 分类、检测、定位以及 COCO 检测、分割的第一名（摘要）。{models} 个不同深度的 ResNet 组成的集成"
              "模型在 ImageNet 测试集上达到 **{top5}% 的 top-5 错误率**（表 5）；单个 ResNet-152 在验证集上的 top-1 错误率为 {r152_top1}%，top-5 为 {"
              "r152_top5}%（表 4）。在 COCO 上，仅仅因为特征更深，目标检测就获得了 {coco}% 的相对提升（摘要）。有一篇教学文章把 ResNet 在 ImageNet 竞赛中的佳绩归功于 ResN"
              "et-50；拿下第一名的其实是上面那个由 {models} 个不同深度的 ResNet 组成的集成模型（表 5）。",
    },
    "concepts.results.table4": {"en": "Single models, ImageNet validation (Table 4)",
                                "zh": "单个模型，ImageNet 验证集（表 4）"},
    "concepts.results.table4.testing": {"en": "Multi-scale, fully convolutional testing (Sec. 3.4), not 10-crop.",
                                        "zh": "多尺度全卷积测试（第 3.4 节），不是 10-crop 测试。"},
    "concepts.results.table6": {"en": "CIFAR-10 (Table 6)", "zh": "CIFAR-10（表 6）"},
    "concepts.results.topk": {
        "en": "**Top-1 error**: the share of images whose true class is not the network's first guess. **Top-5 "
              "error**: the share whose true class is not among its five most probable classes (ImageNet has {classes:,} "
              "classes, some hard to tell apart; the ILSVRC classification challenge ranks entries by top-5 error).",
        "zh": "**top-1 错误率**：真实类别不是网络第一猜测的图像所占比例。**top-5 错误率**：真实类别不在网络概率最高的五个类别之中的"
              "图像所占比例（ImageNet 有 {classes:,} 个类别，有些很难区分；ILSVRC 分类竞赛按 top-5 错误率排名）。",
    },
    "concepts.results.table6.runs": {
        "en": "The paper reports one number per network, except ResNet-110: the best of {runs} runs, {best}% (mean "
              "{mean} ± {std}%) (Sec. 4.2).",
        "zh": "论文对每个网络只给出一个数，ResNet-110 除外：它训练了 {runs} 次，表中是最好的一次 {best}%（平均 {mean} ± "
              "{std}%）（第 4.2 节）。",
    },
    "concepts.results.col.model": {"en": "model", "zh": "模型"},
    "concepts.results.col.top1": {"en": "top-1 error %", "zh": "top-1 错误率 %"},
    "concepts.results.col.top5": {"en": "top-5 error %", "zh": "top-5 错误率 %"},
    "concepts.results.col.params_paper": {"en": "parameters (paper, M)", "zh": "参数量（论文，百万）"},
    "concepts.results.col.params_here": {"en": "parameters (counted here)", "zh": "参数量（这里统计）"},
    "concepts.results.col.error": {"en": "test error % (paper)", "zh": "测试错误率 %（论文）"},
    "concepts.results.1202": {
        "en": "**ResNet-1202** ({params:,} parameters counted here; the paper: {paper_params}M) trains to under "
              "{train}% training error: the paper sees no optimisation difficulty even at this depth (Sec. 4.2, "
              "Figure 6 right); yet its reported test error, {e1202}% (one number, Table 6), is worse than "
              "ResNet-110's ({e110}%, the mean of {runs} runs; Table 6). The paper argues this is **overfitting**: "
              "the net is unnecessarily large for so small a dataset. It is not degradation, which means a higher "
              "*training* error. One of the teaching articles says that with residual learning accuracy no longer "
              "drops as depth grows; ResNet-1202 is the paper's own counter-example: it fits its training data about "
              "as well as ResNet-110 but tests worse.",
        "zh": "**ResNet-1202**（这里统计为 {params:,} 个参数；论文：{paper_params}M）的训练错误率低于 {train}%：论文认为即使这么深，优化也没有困难（第 4.2 节，图 6"
              " 右）；但论文报告的测试错误率为 {e1202}%（表 6 只给出一个数），比 ResNet-110 的 {e110}%（{runs} 次训练的平均值；表 6）还差。论文认为这是**过拟合**：对于这么小的"
              "数据集，这个网络大得没有必要。这不是退化问题，退化指的是**训练**错误率更高。有一篇教学文章说，有了残差学习，网络加深时精度就不会再下降；ResNet-1202 正是论文自己给出的反例：它的训练错误率与 "
              "ResNet-110 相近，测试错误率却更高。",
    },
    # --- misconceptions
    "concepts.misconceptions.body": {
        "en": "Some common statements, even in good teaching material, need a gentle correction; most of them appear "
              "in the teaching articles this lesson grew from:\n\n1. **\"Degradation is overfitting.\"** No: the "
              "deeper plain net's *training* error is higher too (Figure 1, Figure 6 left). Overfitting means low "
              "training error and high test error.\n2. **\"Degradation is caused by vanishing gradients.\"** Unlikely "
              "with BN, the paper argues: BN ensures non-zero forward variances, the paper verifies healthy gradient "
              "norms (Sec. 4.1), and it conjectures instead that deep plain nets may converge exponentially slowly. "
              "Nor do the shortcuts exist to cure vanishing and exploding gradients, as several of the teaching "
              "articles say: normalised initialisation and BN had largely addressed those (Sec. 1); the shortcuts "
              "address degradation.\n3. **\"The ReLU comes before the addition.\"** In the 2015 block the second ReLU "
              "comes after it: the block adds y = F(x) + x (Eq. 1) and outputs ReLU(y).\n4. **\"The 1×1 convolutions "
              "of a Bottleneck are the projection shortcut.\"** They are part of F; the projection is a separate 1×1 "
              "convolution on the shortcut, used (with option B) only where the shape changes.\n5. **\"Shortcuts only "
              "work with projections.\"** Option A adds no parameters, and with it the deeper net is the better one "
              "again: ResNet-34 {r34}% against ResNet-18 {r18}% top-1 error, where plain-34 ({p34}%) was worse than "
              "plain-18 ({p18}%) (Table 2, Figure 4); the paper calls degradation \"well addressed in this setting\". "
              "Projections (B, C) add little more (Table 3).\n6. **\"ResNet-1202 is worse than ResNet-110 because of "
              "degradation.\"** Its training error is similar to ResNet-110's (below {train_1202}%); the paper argues "
              "it overfits, being unnecessarily large for the data (Sec. 4.2).\n7. **\"ResNet-152 reached {ensemble}% "
              "top-5 error.\"** {ensemble}% is the ensemble of {models} models of different depths, on the ImageNet "
              "test set (Table 5). ResNet-152 alone reaches {single}% top-5 error on the validation set (Table 4).\n"
              "8. **\"ResNet-18 has {depth} convolutions.\"** It has {convs} convolutions and {fc} fully connected "
              "layer on its main path: the paper counts weighted layers. Its {projections} projection shortcuts are "
              "not counted (counted on the model). The teaching article that says so also says every convolution has "
              "a residual block; it is the other way round: each of ResNet-18's residual blocks holds two 3×3 "
              "convolutions.\n9. **\"The shortcut adds x after the first convolution.\"** It carries the block's "
              "input past both convolutions: y = F(x) + x with F = conv → BN → ReLU → conv → BN (Eq. 1, Figure 2).\n"
              "10. **\"Residual blocks use {stem}×{stem} convolutions.\"** The convolutions inside the blocks are "
              "{basic} (BasicBlock) and {bottleneck} (Bottleneck); the only {stem}×{stem} convolution is the stem "
              "(Table 1, counted on the models).\n11. **\"Shortcuts prevent overfitting.\"** They ease optimisation: "
              "the residual nets reach lower **training** error (Figure 4, Figure 6). The paper presents them as an "
              "aid to optimisation, not as a regulariser: ResNet-1202, with shortcuts, still overfits by the paper's "
              "argument ({error_1202}% test error as reported against ResNet-110's mean of {error_110}% over {runs} "
              "runs, Table 6, Sec. 4.2).\n12. **\"The order of BN, ReLU and the addition does not matter.\"** It "
              "does. He et al. measured the orderings on a CIFAR-10 ResNet-110 (arXiv:{arxiv_2016}, Table 2): "
              "{original}% test error for the original block, {bn_after}% with BN after the addition, {relu_before}% "
              "with the ReLU before it, and {preact}% for full pre-activation.\n13. **\"ViT and YOLO are built on a "
              "ResNet backbone.\"** The Vision Transformer (Dosovitskiy et al. 2020, arXiv:2010.11929) splits the "
              "image into patches and has no CNN backbone (only its hybrid variant takes ResNet features). YOLOv3's "
              "Darknet-53 (Redmon and Farhadi 2018, arXiv:1804.02767) borrows residual connections but is a network "
              "of its own, not a ResNet.",
        "zh": "有些说法即使在很好的教学材料中也会出现，这里温和地更正一下；其中大多数就出自本课程所依据的教学文章：\n\n1. **“退化就是过拟合。”** 不是：更深的普通网络连**训练**错误率都更高（图 1、图 6"
              " 左）。过拟合指的是训练错误率低而测试错误率高。\n2. **“退化是梯度消失造成的。”** 论文认为有了 BN 就不太可能：BN 保证前向信号具有非零方差，论文验证了梯度范数正常（第 4.1 节），并推测"
              "深层普通网络的收敛速度可能呈指数级下降。捷径连接也不是用来解决梯度消失和梯度爆炸的（好几篇教学文章这样说）：这两个问题已经在很大程度上被归一化初始化和 BN 解决了（第 1 节）；捷径连接要解决的是退化问题"
              "。\n3. **“ReLU 在相加之前。”** 在 2015 年的残差块中，第二个 ReLU 在相加之后：块先算出 y = F(x) + x（式 1），再输出 ReLU(y)。\n4. **“瓶颈结构的 1"
              "×1 卷积就是投影捷径。”** 它们属于 F；投影是捷径分支上单独的 1×1 卷积，（方案 B 中）只在形状改变处使用。\n5. **“捷径连接必须用投影才有效。”** 方案 A 不增加任何参数，用了它，更"
              "深的网络重新变得更好：ResNet-34 的 top-1 错误率为 {r34}%，低于 ResNet-18 的 {r18}%，而 plain-34（{p34}%）比 plain-18（{p18}%）还差（表"
              " 2、图 4）；论文的说法是退化问题“在这个设置下得到了很好的解决”。投影（方案 B、C）带来的提升很小（表 3）。\n6. **“ResNet-1202 比 ResNet-110 差是因为退化。”** 它"
              "的训练错误率与 ResNet-110 相近（低于 {train_1202}%）；论文认为它是过拟合了：对这么小的数据集，网络大得没有必要（第 4.2 节）。\n7. **“ResNet-152 的 top-"
              "5 错误率达到了 {ensemble}%。”** {ensemble}% 是 {models} 个不同深度模型的集成在 ImageNet 测试集上的结果（表 5）。单个 ResNet-152 在验证集上的 "
              "top-5 错误率是 {single}%（表 4）。\n8. **“ResNet-18 有 {depth} 个卷积层。”** 它的主路径上有 {convs} 个卷积层和 {fc} 个全连接层：论文数的是带权"
              "重的层。它的 {projections} 个投影捷径不计在内（由模型统计）。这样说的那篇教学文章还说每个卷积层都有一个残差块；其实正相反：ResNet-18 的每个残差块包含两个 3×3 卷积层。\n9. "
              "**“捷径在第一个卷积之后把 x 加上。”** 捷径把块的输入越过两个卷积直接送到相加处：y = F(x) + x，其中 F = 卷积 → BN → ReLU → 卷积 → BN（式 1，图 2）。\n10"
              ". **“残差块用的是 {stem}×{stem} 卷积。”** 块内的卷积是 {basic}（基本块）和 {bottleneck}（瓶颈结构）；唯一的 {stem}×{stem} 卷积在起始层（表 1，由"
              "模型统计）。\n11. **“捷径连接能防止过拟合。”** 它们让优化更容易：残差网络的**训练**错误率更低（图 4、图 6）。论文把它们看作帮助优化的手段，而不是正则化手段：带捷径的 ResNet-12"
              "02 按论文的分析仍然过拟合了（论文报告的测试错误率为 {error_1202}%，ResNet-110 {runs} 次训练的平均值为 {error_110}%，表 6，第 4.2 节）。\n12. **"
              "“BN、ReLU 和相加的顺序无所谓。”** 有所谓。He 等人在 CIFAR-10 的 ResNet-110 上比较了几种顺序（arXiv:{arxiv_2016}，表 2）：原始残差块的测试错误率为 {"
              "original}%，BN 放在相加之后为 {bn_after}%，ReLU 放在相加之前为 {relu_before}%，完全预激活为 {preact}%。\n13. **“ViT 和 YOLO 都以 R"
              "esNet 为主干网络。”** Vision Transformer（Dosovitskiy 等，2020，arXiv:2010.11929）把图像切成小块，没有 CNN 主干网络（只有它的混合变体使用 R"
              "esNet 提取的特征）。YOLOv3 的 Darknet-53（Redmon 和 Farhadi，2018，arXiv:1804.02767）借用了残差连接，但它是一个独立的网络，不是 ResNet。",
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
    ("bottleneck block", "瓶颈结构", "瓶颈模块、Bottleneck", "瓶颈结构"),
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
    ("training / test error (the share of wrong answers)", "训练错误率 / 测试错误率", "误差、错误率", "训练误差、测试误差"),
    ("pre-activation", "预激活", "", ""),
    ("transfer learning", "迁移学习", "迁移学习", ""),
    ("pretrained", "预训练", "预训练", ""),
    ("fine-tuning", "微调", "微调", ""),
)
