"""Strings of the Concepts page's "Why it works" tab: the lesion study and the paths of Veit et al. 2016, and the loss
landscape of Li et al. 2018. Numbers are formatted in from the shipped measurements; none is typed here."""

STRINGS = {
    # --- why it works: the lesion study and the paths (Veit et al. 2016)
    "why.body": {
        "en": "**How does a trained ResNet differ from a plain net?** One well-known measurement can be repeated on the networks this app ships: the *lesion study* of Veit, Wilber and Belongie (NeurIPS 2016, "
              "arXiv:1605.06431). Delete one block of a trained network at test time — replace it by the identity — "
              "and measure the test error. In a ResNet the block's shortcut already carries its input, so only the "
              "residual branch F goes; in a plain net the block's whole computation goes. Either way the block "
              "becomes the identity, so the comparison is fair. The blocks that change the shape (stride {stride}, {growth}× the channels) have no identity to fall back on in the plain net, so here they are kept in both "
              "networks (Veit et al. also deleted the residual branch of those blocks in their ResNet, keeping the "
              "projection shortcut).",
        "zh": "**训练好的残差网络和普通网络有什么不同？** 有一个著名的实验可以直接在本应用随附的网络上重做：Veit、Wilber "
              "和 Belongie 的“删除残差块”实验（lesion study，NeurIPS 2016，arXiv:1605.06431）。在测试时删除训练好的"
              "网络中的一个块——把它换成恒等映射——再测测试错误率。在 ResNet 中，块的捷径分支本来就传递着输入，删掉的只是残差"
              "分支 F；在普通网络中，删掉的是整个块的计算。两种情况下这个块都变成了恒等映射，所以比较是公平的。改变形状的"
              "块（步长 {stride}、通道数变为 {growth} 倍）在普通网络中没有恒等映射可退，因此这里在两个网络中都保留这些块（Veit 等人在他们"
              "的 ResNet 中也删除了这些块的残差分支，只保留投影捷径）。",
    },
    "why.landscape.edges": {
        "en": "At the edges of the grid, far from the checkpoint, {resnet}'s loss climbs higher than {plain}'s "
              "({resnet_top:.2f} against {plain_top:.2f}). Li et al. compare the shape around the minimum, smooth "
              "and convex-like against chaotic, not the heights at a distance the grid's extent chooses.",
        "zh": "在网格边缘、远离检查点的地方，{resnet} 的损失反而比 {plain} 的更高（{resnet_top:.2f} 对 {plain_top:.2f}）。"
              "Li 等人比较的是极小值附近的形状——平滑、接近凸，还是杂乱——而不是由网格范围决定的远处的高度。",
    },
    "why.landscape.title": {"en": "The loss landscape", "zh": "损失曲面"},
    "why.landscape.loss": {"en": "training loss", "zh": "训练损失"},
    "why.landscape.view": {"en": "View", "zh": "视图"},
    "why.landscape.view.contour": {"en": "Contours", "zh": "等高线"},
    "why.landscape.view.surface": {"en": "Surface", "zh": "曲面"},
    "why.landscape.surface.help": {"en": "Drag to turn the surfaces, scroll to zoom; both on one height and colour scale "
                                         "(logarithmic, like the contours).",
                                   "zh": "拖动可旋转曲面，滚轮可缩放；两个曲面用同一个高度刻度和颜色刻度（与等高线一样取对数）。"},
    "why.landscape.missing": {"en": "The loss landscapes of the shipped checkpoints are not on this server: run "
                                    "`python -m resnet_viz landscape`.",
                              "zh": "这台服务器上没有随附检查点的损失曲面：请运行 `python -m resnet_viz landscape`。"},
    "why.landscape.body": {
        "en": "Li, Xu, Taylor, Studer and Goldstein (NeurIPS 2018, arXiv:1712.09913) draw the training loss around a "
              "trained network's weights θ at θ + α·d₁ + β·d₂, along two random directions d₁ and d₂ scaled filter by "
              "filter to the network's own filters (batch normalisation and biases not moved). Here: a {points}×{points} "
              "grid with steps of {step:g}, the loss on {images} training images of the embedded sample, directions "
              "drawn with seed {seed}, one colour scale for both networks. At the trained weights {resnet}'s loss is "
              "{resnet_centre:.2f}, and {near:g} away along either direction {resnet_ratio:.2f} times that on average; "
              "{plain}'s is {plain_centre:.2f}, and {near:g} away {plain_ratio:.2f} times that.",
        "zh": "Li、Xu、Taylor、Studer 和 Goldstein（NeurIPS 2018，arXiv:1712.09913）在训练好的权重 θ 周围画出训练损失："
              "取 θ + α·d₁ + β·d₂，其中 d₁、d₂ 是两个随机方向，并按网络自身的每个卷积核逐个缩放（批量归一化的参数和偏置不动）。"
              "这里：{points}×{points} 的网格，间隔 {step:g}，在内置样本的 {images} 张训练图像上计算损失，方向用随机种子 "
              "{seed} 抽取，两个网络用同一个颜色刻度。在训练好的权重处，{resnet} 的损失是 {resnet_centre:.2f}，沿任一方向"
              "走出 {near:g}，平均是它的 {resnet_ratio:.2f} 倍；{plain} 的损失是 {plain_centre:.2f}，走出 {near:g} 是它的 "
              "{plain_ratio:.2f} 倍。",
    },
    "why.landscape.reading": {
        "en": "What this shows and what it does not: a two-dimensional slice through a surface in as many dimensions as "
              "the network has parameters ({params} for the ResNet here), along two random directions. Li et al. "
              "found that without shortcuts the landscape turns chaotic as the net gets deeper (at {smooth} layers "
              "both were smooth; at {chaotic} layers the plain nets' were not), while the ResNets' stay smooth and nearly "
              "convex, and argue that this is where training a deep plain net loses its way — the degradation this "
              "app's Lab shows.",
        "zh": "它说明了什么、没说明什么：这只是一个曲面的二维切片，而曲面的维数和网络的参数量一样多（这里的 ResNet 有 "
              "{params} 个参数），切片沿的是两个随机方向。Li 等人发现，没有捷径连接时，网络越深，损失曲面越杂乱（{smooth} 层时两者"
              "都还平滑；到 {chaotic} 层，普通网络的就不平滑了），而 ResNet 的始终平滑、接近凸；他们认为深的普通网络正是在"
              "这里训练迷失了方向——也就是本应用退化实验室中看到的退化。",
    },
    # --- the same, live, on a Lab checkpoint (a job of the server's queue)
    "why.live.title": {"en": "Your own network: a Lab checkpoint", "zh": "你自己的网络：退化实验室的检查点"},
    "why.live.none": {"en": "Train a Fashion-MNIST run in the Degradation Lab: the checkpoints it saves can be "
                            "studied here the same way.",
                      "zh": "先在退化实验室里用 Fashion-MNIST 训练一次：它保存的检查点也可以在这里做同样的实验。"},
    "why.live.body": {
        "en": "Both measurements on a checkpoint the Lab saved, smaller so that they take seconds: the lesion study "
              "on {images} test images ({draws} draws for each k), the landscape on a {points}×{points} grid over "
              "{train_images} training images. Computed on this server, as a job in its queue.",
        "zh": "在退化实验室保存的检查点上做这两项测量，规模小一些，几秒钟就能算完：删除实验用 {images} 张测试图像（每个 k "
              "抽 {draws} 次），损失曲面用 {points}×{points} 的网格和 {train_images} 张训练图像。在这台服务器上计算，"
              "作为它队列中的一个任务。",
    },
    "why.live.pick": {"en": "Lab checkpoint", "zh": "实验室检查点"},
    "why.live.run": {"en": "Compute", "zh": "计算"},
    "why.live.queued": {"en": "Waiting in the server's queue…", "zh": "正在服务器队列中等待……"},
    "why.live.lesion": {"en": "Deleting blocks: {done} of {total} evaluations",
                        "zh": "删除块：已完成 {done} 次评估，共 {total} 次"},
    "why.live.landscape": {"en": "Loss landscape: {done} of {total} grid points",
                           "zh": "损失曲面：已完成 {done} 个网格点，共 {total} 个"},
    "why.live.failed": {"en": "The study stopped: {error}", "zh": "计算中止：{error}"},
    "why.live.result": {
        "en": "{model} ({checkpoint}) on {images} test images: {intact:.1%} error intact; deleting one of its "
              "{deletable} blocks that keep the shape raises it by a median of {rise:.1f} points, up to {worst:.1%}. "
              "At the trained weights the training loss is {centre:.2f} (accuracy {accuracy:.1%} on {train_images} "
              "training images); one grid step ({step:.2f}) away, {ratio:.1f} times that on average. One checkpoint, "
              "one seed.",
        "zh": "{model}（{checkpoint}），{images} 张测试图像：完整网络的错误率是 {intact:.1%}；从 {deletable} 个保持形状"
              "的块中删除一个，错误率中位数上升 {rise:.1f} 个百分点，最高到 {worst:.1%}。在训练好的权重处，训练损失是 "
              "{centre:.2f}（在 {train_images} 张训练图像上准确率 {accuracy:.1%}）；往外走一格（{step:.2f}），平均是它的 "
              "{ratio:.1f} 倍。一个检查点，一个随机种子。",
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
    "why.lesion.error": {"en": "test error", "zh": "测试错误率"},
    "why.lesion.deleted_k": {"en": "blocks deleted (k)", "zh": "删除的块数 k"},
    "why.lesion.result": {
        "en": "On {images} test images of the embedded sample: deleting one of the {deletable} blocks that keep "
              "the shape raises {resnet}'s test error from {resnet_intact:.1%} by a median of {resnet_rise:.1f} "
              "points, up to {resnet_worst:.1%}, and {plain}'s from {plain_intact:.1%} by a median of {plain_rise:.1f} points, up to "
              "{plain_worst:.1%} (a guess among the classes is wrong {chance:.0%} of the time). The {fixed} blocks that "
              "change the shape stay. Random deletions: {draws} draws for each k, the same for both networks.",
        "zh": "在内置样本的 {images} 张测试图像上：从 {deletable} 个保持形状的块中删除一个，{resnet} 的测试错误率从 "
              "{resnet_intact:.1%} 起，中位数上升 {resnet_rise:.1f} 个百分点，最高到 {resnet_worst:.1%}；{plain} 的从 {plain_intact:.1%} 起，中位数"
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

}
