"""Strings of the guided lesson. Each step: a title, a short text, the link to the page it opens, the question for
the class, and the answer's sentence, whose numbers the app computes (resnet_viz.lesson)."""

STRINGS = {
    "nav.lesson": {"en": "Lesson", "zh": "课程"},
    "lesson.title": {"en": "The ResNet lesson, step by step", "zh": "ResNet 课程：一步一步来"},
    "lesson.intro": {
        "en": "For the teacher at the projector: each step opens the real page in the right state and asks the class "
              "one question; the answer is computed from what the app shows. Students can follow on their own "
              "devices.",
        "zh": "供老师投影使用：每一步都会把真实页面打开到合适的状态，并向全班提一个问题；答案由应用根据页面上的实际内容"
              "计算得出。学生可以在自己的设备上跟随。",
    },
    "lesson.back": {"en": "Back", "zh": "上一步"},
    "lesson.next": {"en": "Next", "zh": "下一步"},
    "lesson.jump": {"en": "Step", "zh": "步骤"},
    "lesson.open_here.help": {
        "en": "Opens in this tab. To come back, use “Back to the Lesson, step {step}” at the top right of that page, "
              "or the browser's Back.",
        "zh": "在当前标签页打开。要回来，可点该页面右上角的“返回课程第 {step} 步”，或浏览器的后退键。",
    },
    "lesson.open_here": {
        "en": '{label} · in this tab',
        "zh": '{label} · 在当前标签页打开',
    },
    "lesson.step_title": {"en": "{number}. {title}", "zh": "{number}. {title}"},
    "lesson.progress": {"en": "Step {number} of {count}", "zh": "第 {number} 步，共 {count} 步"},
    "lesson.text_again": {"en": "The step's text", "zh": "本步说明"},
    "lesson.follow": {"en": "Follow the teacher", "zh": "跟随老师"},
    "lesson.follow.help": {
        "en": "Move to the step the teacher shows (the teacher's page is in presenter mode).",
        "zh": "自动跳到老师正在展示的步骤（老师的页面处于演示模式）。",
    },
    "lesson.following": {"en": "Following the teacher: step {step}.", "zh": "正在跟随老师：第 {step} 步。"},
    "lesson.follow.locked": {
        "en": 'The teacher moves you from step to step: turn off “Follow the teacher” to move on your own.',
        "zh": '现在由老师带着你切换步骤；关闭“跟随老师”后可以自己选择步骤。',
    },
    "lesson.no_teacher": {"en": "No teacher is presenting the lesson yet.", "zh": "还没有老师在演示课程。"},
    "lesson.reveal": {"en": "Show the answer", "zh": "显示答案"},
    "lesson.computing": {"en": "Computing the answer…", "zh": "正在计算答案……"},
    # --- 1
    "lesson.deeper.title": {"en": "Why deeper was not better", "zh": "为什么更深不一定更好"},
    "lesson.deeper.text": {
        "en": "After VGG, going deeper seemed the way forward. But a deeper **plain** network can end with a "
              "**higher training error** than a shallower one: the degradation problem (Figure 1, Sec. 1). Open the concepts page for "
              "the argument (nested function classes).",
        "zh": "VGG 之后，加深网络似乎是前进的方向。但更深的**普通网络**最后的**训练错误率**反而可能比浅层的更高：这就是退化问题（图 1，第 1 节）。打开“核心概念”页面查看论证（嵌套函数类）。",
    },
    "lesson.deeper.open": {"en": "Open: why deeper was not better", "zh": "打开：为什么更深不一定更好"},
    "lesson.deeper.question": {
        "en": "A {deep}-layer plain net could copy a {shallow}-layer one and make its extra layers identities. Will it "
              "train better or worse than the {shallow}-layer net?",
        "zh": "{deep} 层的普通网络可以复制一个 {shallow} 层网络，再让多出来的层做恒等映射。它会比 {shallow} 层网络训练得"
              "更好还是更差？",
    },
    "lesson.deeper.answer": {
        "en": "The paper's answer: worse (Figure 1, Figure 6 left). In the reference run (one seed) plain-{deep} ends "
              "at {plain_deep:.1%} training error and plain-{shallow} at {plain_shallow:.1%}: {plain_diff:+.1f} "
              "points. {verdict}",
        "zh": "论文的答案：更差（图 1、图 6 左）。在参考训练（一个随机种子）中，plain-{deep} 的最终训练错误率为 "
              "{plain_deep:.1%}，plain-{shallow} 为 {plain_shallow:.1%}：相差 {plain_diff:+.1f} 个百分点。{verdict}",
    },
    "lesson.deeper.worse": {"en": "Here too the solver did not find the solution that copies the shallow net.",
                            "zh": "这里优化器同样没有找到那个复制浅层网络的解。"},
    "lesson.deeper.too_close": {"en": "In this run the two plain nets end within {signal:.0f} point: one seed cannot tell.",
                                "zh": "这次训练中两个普通网络相差在 {signal:.0f} 个百分点以内：一个随机种子还说明不了问题。"},
    "lesson.deeper.not_worse": {"en": "This run does not show it: the class's runs and the board say more than one seed.",
                                "zh": "这次训练没有表现出退化：全班的训练和汇总板比一个随机种子更能说明问题。"},
    # --- 2
    "lesson.reference.title": {"en": "Watch degradation: the reference run", "zh": "观察退化：参考训练"},
    "lesson.reference.text": {
        "en": "The Lab opens with a shipped run of plain nets and ResNets of {shallow} and {deep} layers, trained side "
              "by side on the same batches. Dashed lines are training error.",
        "zh": "退化实验室会打开一次随应用提供的训练：{shallow} 层和 {deep} 层的普通网络与 ResNet 在相同的批次上并排训练。"
              "虚线是训练错误率。",
    },
    "lesson.reference.open": {"en": "Open the reference run in the Lab", "zh": "在退化实验室中打开参考训练"},
    "lesson.reference.question": {"en": "Which network ends with the highest training error?",
                                  "zh": "哪个网络最终的训练错误率最高？"},
    "lesson.reference.answer": {
        "en": "In this run (one seed), {worst}, at {worst_error:.1%}. After {iterations:,} iterations plain-{deep} "
              "ends {plain_diff:+.1f} points from plain-{shallow} ({plain_deep:.1%} against {plain_shallow:.1%}), "
              "ResNet-{deep} {resnet_diff:+.1f} points from ResNet-{shallow} ({resnet_deep:.1%} against "
              "{resnet_shallow:.1%}).",
        "zh": "在这次训练（一个随机种子）中是 {worst}，为 {worst_error:.1%}。经过 {iterations:,} 次迭代，plain-{deep} 与 "
              "plain-{shallow} 相差 {plain_diff:+.1f} 个百分点（{plain_deep:.1%} 对 {plain_shallow:.1%}），ResNet-{deep} "
              "与 ResNet-{shallow} 相差 {resnet_diff:+.1f} 个百分点（{resnet_deep:.1%} 对 {resnet_shallow:.1%}）。",
    },
    # --- 3
    "lesson.live.title": {"en": "Watch degradation: the class's own run", "zh": "观察退化：全班自己的训练"},
    "lesson.live.text": {
        "en": "Now train it yourselves: the Classroom preset, plain/ResNet {shallow} and {deep}. For a class experiment (the class trains one Figure 6 together: each student gets a part, one network or a few with one seed, and the class board pools the parts), start it from the Lab's Class experiment section.",
        "zh": '现在自己来训练：使用课堂预设，plain/ResNet {shallow} 层和 {deep} 层。如果要做课堂实验（全班一起训练一张图 6：每位学生领到一份任务，即用同一个随机种子训练的一个或几个网络，课堂汇总板再把各份任务汇总起来），请在退化实验室的“课堂实验”部分开始。',
    },
    "lesson.live.open": {"en": "Open the Lab with the Classroom preset", "zh": "用课堂预设打开退化实验室"},
    "lesson.live.question": {"en": "Does your run show degradation? By how much?",
                             "zh": "你们的训练出现退化了吗？差了多少？"},
    "lesson.live.answer_board": {
        "en": "Over the class's {n} seeds of “{label}”, the final training error of {deep} minus that of {shallow} "
              "was {plain_mean:+.1f} ± {plain_std:.1f} points (mean ± std; positive: the deeper net trains worse).",
        "zh": "在课堂实验“{label}”的 {n} 个随机种子中，{deep} 的最终训练错误率减去 {shallow} 的，平均为 {plain_mean:+.1f} ± "
              "{plain_std:.1f} 个百分点（平均值 ± 标准差；正值表示更深的网络训练得更差）。",
    },
    "lesson.live.answer_board_one": {
        "en": "In the one seed of “{label}” finished so far, the final training error of {deep} minus that of "
              "{shallow} was {plain_mean:+.1f} points (positive: the deeper net trains worse). That is one seed's "
              "result: a spread needs two seeds or more.",
        "zh": "在课堂实验“{label}”目前完成的唯一一个随机种子中，{deep} 的最终训练错误率减去 {shallow} 的，为 "
              "{plain_mean:+.1f} 个百分点（正值表示更深的网络训练得更差）。这只是一个随机种子的结果：至少要两个种子才谈得上"
              "离散程度。",
    },
    "lesson.live.answer_pending": {
        "en": "The class experiment “{label}” has no seed with both plain nets finished yet. Parts: {done} done, "
              "{running} training, {waiting} waiting.",
        "zh": "课堂实验“{label}”还没有哪个随机种子的两个普通网络都训练完成。任务：已完成 {done} 份，训练中 {running} 份，"
              "等待中 {waiting} 份。",
    },
    "lesson.live.parts": {"en": "Parts: {done} done, {running} training, {waiting} waiting.",
                          "zh": "任务：已完成 {done} 份，训练中 {running} 份，等待中 {waiting} 份。"},
    "lesson.live.answer_run": {
        "en": "In the newest Classroom run on this server (seed {seed}), the final training error of {deep} minus "
              "that of {shallow} was {plain_mean:+.1f} points (positive: the deeper net trains worse): one seed's "
              "result.",
        "zh": "在这台服务器上最新的一次课堂训练（随机种子 {seed}）中，{deep} 的最终训练错误率减去 {shallow} 的，为 "
              "{plain_mean:+.1f} 个百分点（正值表示更深的网络训练得更差）：这是一个随机种子的结果。",
    },
    "lesson.live.no_answer": {"en": "No Classroom run has finished on this server yet: start one in the Lab.",
                              "zh": "这台服务器上还没有完成的课堂训练：请在退化实验室中开始一次。"},
    # --- 4
    "lesson.block.title": {"en": "The residual block", "zh": "残差块"},
    "lesson.block.text": {
        "en": "A residual block adds its input back, y = F(x) + x (Eq. 1), and outputs ReLU(y) (Figure 2): its layers "
              "learn only the residual F, and an identity is just F = 0.",
        "zh": "残差块把输入加回来，y = F(x) + x（式 1），再输出 ReLU(y)（图 2）：块内的层只学习残差 F，恒等映射只需 F = 0。",
    },
    "lesson.block.open": {"en": "Open: the residual block", "zh": "打开：残差块"},
    "lesson.block.question": {"en": "How many parameters does an identity shortcut add?",
                              "zh": "一个恒等捷径会增加多少参数？"},
    "lesson.block.answer": {
        "en": "None. ResNet-34 with zero-padding shortcuts (option A) has {a} parameters, exactly as many as "
              "plain-34 ({plain}).",
        "zh": "一个也不增加。使用补零捷径（方案 A）的 ResNet-34 有 {a} 个参数，与 plain-34（{plain}）完全相同。",
    },
    # --- after the block: delete one (the why tab's lesion study, Veit et al. 2016)
    "lesson.lesion.title": {"en": "Delete a block", "zh": "删除一个残差块"},
    "lesson.lesion.text": {
        "en": "Veit, Wilber and Belongie (NeurIPS 2016, arXiv:1605.06431) deleted single blocks of trained networks "
              "at test time, replacing each by the identity. The Concepts page repeats it on the shipped {plain} and "
              "{resnet}.",
        "zh": "Veit、Wilber 和 Belongie（NeurIPS 2016，arXiv:1605.06431）在测试时删除训练好的网络中的单个块，用恒等映射"
              "代替它。“核心概念”页面在随附的 {plain} 和 {resnet} 上重做了这个实验。",
    },
    "lesson.lesion.open": {"en": "Open: delete a block", "zh": "打开：删除一个块"},
    "lesson.lesion.question": {
        "en": "Delete one block, any one that keeps the shape: what happens to the test error of {resnet}, and "
              "of {plain}?",
        "zh": "删除一个块（任意一个保持形状的块）：{resnet} 和 {plain} 的测试错误率会怎样？",
    },
    "lesson.lesion.answer.resnet": {
        "en": "{resnet}'s rises less: by a median of {resnet_rise:.1f} points, at most {resnet_max:.1f} (to "
              "{resnet_worst:.1%}); {plain}'s by a median of {plain_rise:.1f}, at most {plain_max:.1f} (to "
              "{plain_worst:.1%}). One shipped checkpoint each, {images} test images.",
        "zh": "{resnet} 的测试错误率上升得更少：中位数上升 {resnet_rise:.1f} 个百分点，最多 {resnet_max:.1f} 个（到 {resnet_worst:.1%}）；"
              "{plain} 中位数上升 {plain_rise:.1f} 个百分点，最多 {plain_max:.1f} 个（到 {plain_worst:.1%}）。"
              "各一个随附检查点，{images} 张测试图像。",
    },
    "lesson.lesion.answer.plain": {
        "en": "Here {resnet}'s does not rise less: by a median of {resnet_rise:.1f} points, at most {resnet_max:.1f} "
              "(to {resnet_worst:.1%}); {plain}'s by a median of {plain_rise:.1f}, at most {plain_max:.1f} (to "
              "{plain_worst:.1%}). One shipped checkpoint each, {images} test images.",
        "zh": "这里 {resnet} 的测试错误率并没有上升得更少：中位数上升 {resnet_rise:.1f} 个百分点，最多 {resnet_max:.1f} 个（到 "
              "{resnet_worst:.1%}）；{plain} 中位数上升 {plain_rise:.1f} 个百分点，最多 {plain_max:.1f} 个（到 "
              "{plain_worst:.1%}）。各一个随附检查点，{images} 张测试图像。",
    },
    "lesson.lesion.no_answer": {
        "en": "The lesion study of the shipped checkpoints is not on this server: run `python -m resnet_viz lesion`.",
        "zh": "这台服务器上没有随附检查点的删除实验结果：请运行 `python -m resnet_viz lesion`。",
    },
    # --- 5
    "lesson.inside.title": {"en": "Inside a residual block", "zh": "残差块的内部"},
    "lesson.inside.text": {
        "en": "The Architecture page draws one block of the real network, with the tensor's shape measured on every "
              "edge. Where conv3_x, conv4_x and conv5_x begin, the map is halved and the channels are doubled "
              "(Sec. 3.3), so x no longer has the shape of F(x): the dashed shortcuts of Figure 3.",
        "zh": "“网络结构”页面画出真实网络中的一个残差块，每条边上都标着实测的张量形状。在 conv3_x、conv4_x 和 conv5_x 的开头，"
              "特征图的高和宽减半、通道数加倍（第 3.3 节），x 与 F(x) 的形状不再一致：这就是图 3 中的虚线捷径。",
    },
    "lesson.inside.open": {"en": "Open: inside one block", "zh": "打开：一个残差块的内部"},
    "lesson.inside.question": {
        "en": "What shape goes into {network}'s {block}, and what comes out? What must its shortcut do?",
        "zh": "{network} 的 {block} 输入什么形状的张量，又输出什么形状？它的捷径分支必须做什么？",
    },
    "lesson.inside.answer.projection": {
        "en": "{shape_in} in, {shape_out} out (channels × height × width): {network}'s {block} ({stage}, a {type}) "
              "changes the shape, so x cannot be added back as it is. Its shortcut is a projection: a "
              "{kernel}×{kernel} conv with stride {stride}, then BN, which torchvision calls downsample (the dashed "
              "line; Eq. 2, option {option}).",
        "zh": "输入 {shape_in}，输出 {shape_out}（通道数×高×宽）：{network} 的 {block}（{stage}，{type}）改变了形状，"
              "x 不能原样加回。它的捷径分支是一个投影：步长为 {stride} 的 {kernel}×{kernel} 卷积加 BN，torchvision 中叫 "
              "downsample（虚线残差结构；式 2，方案 {option}）。",
    },
    "lesson.inside.answer.identity": {
        "en": "{shape_in} in, {shape_out} out (channels × height × width): {network}'s {block} ({stage}, a {type}) "
              "keeps the shape, so x is added back as it is: an identity shortcut, the solid line, with no "
              "parameters (Eq. 1).",
        "zh": "输入 {shape_in}，输出 {shape_out}（通道数×高×宽）：{network} 的 {block}（{stage}，{type}）不改变形状，"
              "x 原样加回：恒等捷径，即实线残差结构，不需要参数（式 1）。",
    },
    "lesson.inside.answer.zero-pad": {
        "en": "{shape_in} in, {shape_out} out (channels × height × width): {network}'s {block} ({stage}, a {type}) "
              "changes the shape; with option A its shortcut subsamples x with stride {stride} and pads the new "
              "channels with zeros (the dashed line, Sec. 3.3): no parameters.",
        "zh": "输入 {shape_in}，输出 {shape_out}（通道数×高×宽）：{network} 的 {block}（{stage}，{type}）改变了形状；"
              "方案 A 的捷径分支以步长 {stride} 对 x 下采样，并给新增的通道补零（虚线残差结构，第 3.3 节）：不需要参数。",
    },
    "lesson.inside.answer.always": {
        "en": "{shape_in} in, {shape_out} out (channels × height × width): {network}'s {block} ({stage}, a {type}) "
              "keeps the shape, yet option C gives it a projection shortcut too: a {kernel}×{kernel} conv with "
              "stride {stride}, then BN (Sec. 3.3).",
        "zh": "输入 {shape_in}，输出 {shape_out}（通道数×高×宽）：{network} 的 {block}（{stage}，{type}）不改变形状，"
              "但方案 C 仍给它一个投影捷径：步长为 {stride} 的 {kernel}×{kernel} 卷积加 BN（第 3.3 节）。",
    },
    # --- 6
    "lesson.code.title": {"en": "The code that builds the block", "zh": "构建残差块的代码"},
    "lesson.code.text": {
        "en": "torchvision builds every ImageNet ResNet stage by stage with one method, `_make_layer(block, planes, "
              "blocks, stride)`. The Architecture page shows that code beside the drawing, read from the installed torchvision, and marks "
              "the lines that build the block: `expansion`, the addition `out += identity` (Figure 2) and the rule "
              "that gives a block its projection shortcut (option B, Sec. 3.3).",
        "zh": "torchvision 的所有 ImageNet ResNet 都由同一个方法 `_make_layer(block, planes, blocks, stride)` 逐个阶段"
              "构建。“网络结构”页面在图旁"
              "给出这段代码（从已安装的 torchvision 中读取），并标出构建这个块的行：`expansion`、相加 `out += identity`"
              "（图 2），以及决定哪个块使用投影捷径的规则（方案 B，第 3.3 节）。",
    },
    "lesson.code.open": {"en": "Open: the code beside the block", "zh": "打开：对照残差块看代码"},
    "lesson.code.question": {
        "en": "Which line of torchvision's code decides that {block} gets a projection shortcut (downsample)?",
        "zh": "torchvision 代码中的哪一行决定了 {block} 要用投影捷径（downsample）？",
    },
    "lesson.code.answer.holds": {
        "en": "Line {line} of {title} (line {file_line} of {path}): `{text}` For {block}, stride = {stride} and "
              "inplanes = {inplanes}, while planes × expansion = {planes} × {expansion} = {channels}: the condition "
              "holds, so it builds downsample, the projection shortcut, whose rows in the layer table are {rows}.",
        "zh": "{title} 的第 {line} 行（{path} 的第 {file_line} 行）：`{text}` 对 {block} 来说，stride = {stride}，"
              "inplanes = {inplanes}，而 planes × expansion = {planes} × {expansion} = {channels}：条件成立，于是构建 "
              "downsample，即投影捷径，它在逐层表中的行是 {rows}。",
    },
    "lesson.code.answer.not": {
        "en": "Line {line} of {title} (line {file_line} of {path}): `{text}` Only a stage's first block can get a "
              "downsample, and only where this condition holds; {block} gets none (stride = {stride}, inplanes = "
              "{inplanes}, planes × expansion = {channels}), so its shortcut is an identity, the solid line.",
        "zh": "{title} 的第 {line} 行（{path} 的第 {file_line} 行）：`{text}` 只有每个阶段的第一个块可能得到 downsample，"
              "而且要这个条件成立；{block} 没有得到（stride = {stride}，inplanes = {inplanes}，planes × expansion = "
              "{channels}），所以它的捷径分支是恒等映射，即实线残差结构。",
    },
    # --- 7
    "lesson.bottleneck.title": {"en": "BasicBlock vs Bottleneck", "zh": "基本块与瓶颈结构"},
    "lesson.bottleneck.text": {
        "en": "ResNet-50 and deeper replace the two 3×3 convs of a BasicBlock with 1×1 → 3×3 → 1×1: the Bottleneck (Sec. 4.1, Figure 5).",
        "zh": "ResNet-50 及更深的网络把基本块的两个 3×3 卷积换成 1×1 → 3×3 → 1×1：瓶颈结构（第 4.1 节，图 5）。",
    },
    "lesson.bottleneck.open": {"en": "Open: blocks and FLOPs", "zh": "打开：残差块与乘加次数"},
    "lesson.bottleneck.question": {
        "en": "With {channels} channels in and out, how many times fewer weights does a Bottleneck have than a "
              "BasicBlock?",
        "zh": "输入输出都是 {channels} 个通道时，瓶颈结构的权重比基本块少几倍？",
    },
    "lesson.bottleneck.answer": {
        "en": "{ratio:.0f}× fewer ({bottleneck} vs {basic} at {channels} channels). But the paper's Figure 5 compares "
              "a {basic_width}-d BasicBlock ({basic64}) with a {bottleneck_width}-d Bottleneck ({bottleneck256}): a "
              "similar cost for {times}× the channels.",
        "zh": "约为基本块的 1/{ratio:.0f}（{channels} 个通道时为 {bottleneck} 对 {basic}）。但论文图 5 比较的是 {basic_width} 维的基本块"
              "（{basic64}）与 {bottleneck_width} 维的瓶颈结构（{bottleneck256}）：代价相近，通道数却是 {times} 倍。",
    },
    # --- 8
    "lesson.table1.title": {"en": "The architectures of Table 1", "zh": "表 1 中的网络结构"},
    "lesson.table1.text": {
        "en": "All {nets} ImageNet ResNets share one plan: a 7×7 stem, a max pool, {stages} stages, global average "
              "pooling and one fc layer. Only the blocks and their numbers differ (Table 1).",
        "zh": "这 {nets} 个 ImageNet ResNet 共用一个方案：7×7 的起始层（stem）、一个最大池化、{stages} 个阶段、全局平均池化和一个全连接层。"
              "不同的只是残差块的种类和数量（表 1）。",
    },
    "lesson.table1.open": {"en": "Open: Table 1 and shapes", "zh": "打开：表 1 与形状推演"},
    "lesson.table1.question": {"en": "A {size}×{size} image goes into ResNet-50. How big is the map after conv4_x?",
                               "zh": "一张 {size}×{size} 的图像输入 ResNet-50，conv4_x 之后的特征图有多大？"},
    "lesson.table1.answer": {
        "en": "{size}×{size}: the stem and the max pool each halve the {input}×{input} input, then conv3_x and conv4_x "
              "halve it again, each in its first block.",
        "zh": "{size}×{size}：{input}×{input} 的输入先被起始层和最大池化各缩小一半，再在 conv3_x 和 conv4_x 的第一个块中各"
              "缩小一半。",
    },
    # --- 9
    "lesson.shortcuts.title": {"en": "Shortcut options A, B and C", "zh": "捷径连接方案 A、B、C"},
    "lesson.shortcuts.text": {
        "en": "Where a block changes the shape, the shortcut must zero-pad (A) or project (B); C projects everywhere (Sec. 3.3).",
        "zh": "在残差块改变形状的地方，捷径要么补零（A），要么投影（B）；C 在所有地方都用投影（第 3.3 节）。",
    },
    "lesson.shortcuts.open": {"en": "Open: shortcut options", "zh": "打开：捷径连接方案"},
    "lesson.shortcuts.question": {"en": "What does option C cost over B in ResNet-34, and what does it buy?",
                                  "zh": "在 ResNet-34 中，方案 C 比 B 多花了什么代价，又换来了什么？"},
    "lesson.shortcuts.answer": {
        "en": "{extra} more parameters in {projections} more projection shortcuts, for {gain:.2f} points less top-1 "
              "error (Table 3): marginal, so the paper keeps B.",
        "zh": "多了 {projections} 个投影捷径、{extra} 个参数，top-1 错误率只降低 {gain:.2f} 个百分点（表 3）：提升很小，"
              "所以论文采用 B。",
    },
    # --- 10
    "lesson.bn.title": {"en": "Batch normalisation", "zh": "批量归一化（BN）"},
    "lesson.bn.text": {
        "en": "BN after every convolution normalises each channel with the batch's mean and variance in training, "
              "and with running averages in evaluation (Sec. 3.4; Ioffe and Szegedy 2015).",
        "zh": "每个卷积之后的 BN 在训练时用当前批次的均值和方差归一化每个通道，在评估时则用滑动平均值（第 3.4 节；Ioffe 和 Szegedy，2015）。",
    },
    "lesson.bn.open": {"en": "Open: batch normalisation", "zh": "打开：批量归一化"},
    "lesson.bn.question": {
        "en": "Feed the trained ResNet-20 one image at a time, but leave it in training mode. What happens to its "
              "accuracy?",
        "zh": "把训练好的 ResNet-20 保持在训练模式，一次只输入一张图像，它的准确率会怎样？",
    },
    "lesson.bn.answer": {
        "en": "It collapses: {one:.1%} instead of {eval:.1%} on {images} test images, because each image is "
              "normalised by its own statistics. Evaluation mode exists for this.",
        "zh": "准确率崩溃：在 {images} 张测试图像上只有 {one:.1%}，而不是 {eval:.1%}，因为每张图像都被自己的统计量归一化了。"
              "评估模式正是为此而设的。",
    },
    # --- 11
    "lesson.batch.title": {"en": "BN's batch size", "zh": "BN 的批量大小"},
    "lesson.batch.text": {
        "en": "In training mode BN normalises with the batch's own statistics, so they are only as steady as the "
              "batch is large. The paper trains its CIFAR-10 nets with mini-batches of {paper_batch} (Sec. 4.2); one "
              "of the teaching articles rightly asks for a large batch, then fine-tunes with batches of {article}.",
        "zh": "训练模式下 BN 用当前批次自己的统计量归一化，批次越大，统计量才越稳定。论文在 CIFAR-10 上用大小为 "
              "{paper_batch} 的小批量训练（第 4.2 节）；有一篇教学文章正确地建议把批量大小设大一些，随后却用大小为 "
              "{article} 的批次微调。",
    },
    "lesson.batch.open": {"en": "Open: why BN needs a big enough batch", "zh": "打开：为什么 BN 需要足够大的批次"},
    "lesson.batch.question": {
        "en": "In training mode, how small can a batch be before BN's statistics hurt the trained {network}?",
        "zh": "在训练模式下，批量大小小到多少时，BN 的统计量就会拖累训练好的 {network}？",
    },
    "lesson.batch.answer.near": {
        "en": "From batches of {near} on, training mode stays within {points:.0f} points of evaluation mode "
              "({near_acc:.1%} against {eval:.1%}: the shipped {network} on {images} test images); with batches "
              "of {smallest}, only {smallest_acc:.1%}.",
        "zh": "批量大小从 {near} 起，训练模式与评估模式的差距都在 {points:.0f} 个百分点以内（{near_acc:.1%} 对 "
              "{eval:.1%}：随应用提供的 {network}，{images} 张测试图像）；批量大小为 {smallest} 时只有 {smallest_acc:.1%}。",
    },
    "lesson.batch.answer.largest": {
        "en": "Only with batches of {near}, the largest tried, does training mode come within {points:.0f} points "
              "of evaluation mode ({near_acc:.1%} against {eval:.1%}: the shipped {network} on {images} test "
              "images); with batches of {smallest}, only {smallest_acc:.1%}.",
        "zh": "只有在试过的最大批量大小 {near} 时，训练模式与评估模式的差距才缩小到 {points:.0f} 个百分点以内"
              "（{near_acc:.1%} 对 {eval:.1%}：随应用提供的 {network}，{images} 张测试图像）；批量大小为 {smallest} "
              "时只有 {smallest_acc:.1%}。",
    },
    "lesson.batch.answer.all": {
        "en": "Even batches of {smallest} stay within {points:.0f} points of evaluation mode ({smallest_acc:.1%} "
              "against {eval:.1%}: the shipped {network} on {images} test images): for this network the batch "
              "size hardly matters.",
        "zh": "哪怕批量大小只有 {smallest}，训练模式与评估模式的差距也在 {points:.0f} 个百分点以内（{smallest_acc:.1%} "
              "对 {eval:.1%}：随应用提供的 {network}，{images} 张测试图像）：对这个网络来说，批量大小几乎没有影响。",
    },
    "lesson.batch.answer.never": {
        "en": "Not even batches of {largest}, the largest tried, come within {points:.0f} points of evaluation mode "
              "({largest_acc:.1%} against {eval:.1%}: the shipped {network} on {images} test images); with "
              "batches of {smallest}, only {smallest_acc:.1%}.",
        "zh": "即使批量大小取试过的最大值 {largest}，训练模式与评估模式的差距仍超过 {points:.0f} 个百分点"
              "（{largest_acc:.1%} 对 {eval:.1%}：随应用提供的 {network}，{images} 张测试图像）；批量大小为 {smallest} "
              "时只有 {smallest_acc:.1%}。",
    },
    "lesson.batch.article.hurts": {
        "en": 'With batches of {article}, the size the teaching article “{title}” (a Chinese post on ResNet and transfer learning) fine-tunes with, it gets {article_acc:.1%}: use larger batches, or keep BN in evaluation mode while fine-tuning with small ones.',
        "zh": '批量大小为 {article}（教学文章《{title}》微调时用的大小）时，只有 {article_acc:.1%}：应该用更大的批次，或者用小批次微调时让 BN 保持评估模式。',
    },
    "lesson.batch.article.fine": {
        "en": 'With batches of {article}, the size the teaching article “{title}” (a Chinese post on ResNet and transfer learning) fine-tunes with, it still gets {article_acc:.1%}: here the small batch does little harm.',
        "zh": '批量大小为 {article}（教学文章《{title}》微调时用的大小）时，仍有 {article_acc:.1%}：在这里小批次影响不大。',
    },
    # --- 12
    "lesson.transfer.title": {"en": "Transfer learning", "zh": "迁移学习"},
    "lesson.transfer.text": {
        "en": "A pretrained ResNet is a feature extractor: train all of it, only its last layers, or only a new fc "
              "layer on a small new dataset.",
        "zh": "预训练的 ResNet 是一个特征提取器：在一个小的新数据集上，可以训练全部参数、只训练最后几层，或只训练一个新的"
              "全连接层。",
    },
    "lesson.transfer.open": {"en": "Open the Transfer Learning Lab", "zh": "打开迁移学习实验室"},
    "lesson.transfer.question": {"en": "With only a few images per class, which way of reusing the network wins?",
                                 "zh": "每个类别只有几张图像时，哪种复用方式效果最好？"},
    "lesson.transfer.answer": {
        "en": "On the offline default with {per_class} images per class (the app's reference run, one seed), {winner}: "
              "fine-tune all {all}, last stage {last}, new fc layer only {fc}, from scratch {scratch}. {reading}",
        "zh": "在离线默认数据上、每类 {per_class} 张图像时（本应用的参考训练，一个随机种子），{winner}：微调全部 {all}，"
              "最后阶段 {last}，只训练新全连接层 {fc}，从头训练 {scratch}。{reading}",
    },
    "lesson.transfer.wins": {"en": "“{best}” wins", "zh": "“{best}”效果最好"},
    "lesson.transfer.tie": {"en": "{best} tie", "zh": "{best} 效果相同"},
    "lesson.transfer.gain": {"en": "Starting from the pretrained weights gained {gain:.1f} points over training from "
                                   "scratch.",
                             "zh": "从预训练权重出发，比从头训练高 {gain:.1f} 个百分点。"},
    "lesson.transfer.no_gain": {"en": "Here starting from the pretrained weights did not beat training from scratch.",
                                "zh": "在这里，从预训练权重出发并没有胜过从头训练。"},
    "lesson.transfer.no_answer": {"en": "No transfer run has finished yet: train the three ways on the Transfer page.",
                                  "zh": "还没有完成的迁移学习训练：请在迁移学习页面训练三种方式。"},
    # --- 13
    "lesson.looks.title": {"en": "What the network looks at", "zh": "网络在看哪里"},
    "lesson.looks.text": {
        "en": "Grad-CAM weighs the last stage's feature maps by the gradient of a class's score: where the network "
              "found evidence for that class.",
        "zh": "Grad-CAM 用某个类别得分的梯度给最后一个阶段的特征图加权：网络在哪里找到了这个类别的证据。",
    },
    "lesson.looks.open": {"en": "Open the Inspector on the bag", "zh": "在网络透视页面打开这张包的图片"},
    "lesson.looks.question": {"en": "What does the shipped ResNet-20 think this image is, and how sure is it?",
                              "zh": "随应用提供的 ResNet-20 认为这张图片是什么？有多确定？"},
    "lesson.looks.answer": {"en": "“{cls}”, with {probability:.2%} probability. The Inspector shows where it looked.",
                            "zh": "“{cls}”，概率为 {probability:.2%}。网络透视页面会显示它看的位置。"},
}
