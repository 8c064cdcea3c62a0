"""Strings of the class experiment (the Lab's section) and the class board."""

STRINGS = {
    # -- the class experiment ------------------------------------------------------------------------------------
    "lab.class.title": {"en": "Class experiment: the class trains one Figure 6 together",
                        "zh": "课堂实验：全班一起训练出一张图 6"},
    "lab.class.help": {
        "en": "Start a class experiment with the settings above. Every student who opens its link and presses Start gets a part of the class's figure: one network or a few, trained with one seed. Parts are handed out seed by seed until all the board's parts ({seeds} seeds of every network) are taken; students who join after that share a part with others, and its curves are theirs too. The server trains every part handed out side by side, taking turns (on a CPU, as many at a time as it has cores), and the class board pools them into one Figure 6 with the spread across seeds. The number of iterations is cut, if needed, so that the board's parts finish within the minutes you choose on this server (its speed is measured when you press the button).",
        "zh": '用上面的设置开始一个课堂实验。每位学生打开链接并点击“开始训练”后，会领到全班这张图中的一份任务：用同一个随机种子训练的一个或几个网络。任务按随机种子依次分发，直到汇总板所需的任务（每个网络 {seeds} 个随机种子）全部分完；此后加入的学生与别人共用一份任务，这份任务的曲线也就是他们的曲线。服务器轮流训练所有已领取的任务，让它们齐头并进（在 CPU 上，同时训练的份数与核心数相同）；课堂汇总板再把它们汇总成一张图 6，并画出不同种子之间的波动范围。如有必要，会减少迭代次数，使汇总板所需的任务能在你选定的时间内在这台服务器上完成（点击按钮时会测一次服务器的速度）。',
    },
    "lab.class.label": {"en": "Name for the board (optional)", "zh": "汇总板名称（可选）"},
    "lab.class.default_label": {"en": "Figure 6, depths {depths}", "zh": "图 6，深度 {depths}"},
    "lab.class.students": {"en": "Students", "zh": "学生人数"},
    "lab.class.students.help": {
        "en": 'How many students will train. The board needs {seeds} seeds of every network: the fewer the students, the more networks in each part (with fewer than {seeds} students, each trains a whole seed and the board stays incomplete); once every part has a student, later ones share a part. The iterations do not depend on it: they are sized for the board.',
        "zh": '参加训练的学生人数。汇总板需要每个网络 {seeds} 个随机种子：学生越少，每份任务包含的网络越多（不到 {seeds} 人时，每人训练一个随机种子的全部网络，汇总板无法完整）；每份任务都有人领取后，再加入的学生与别人共用一份任务。迭代次数与人数无关：它按汇总板的需要来定。',
    },
    "lab.class.minutes": {"en": "Minutes for the whole class", "zh": "全班用时（分钟）"},
    "lab.class.minutes.help": {
        "en": "The board's parts are sized to train in {share:.0%} of these minutes; the rest is for the pages, the test evaluations and a slower moment of the server.",
        "zh": '汇总板所需任务的训练量按这段时间的 {share:.0%} 来定；其余时间留给网页、测试集评估和服务器偶尔变慢的时候。',
    },
    "lab.class.create": {"en": "Start a class experiment with these settings", "zh": "用这些设置开始课堂实验"},
    "lab.class.measuring": {"en": "Timing this server to size the class's runs…",
                            "zh": "正在测量这台服务器的速度，以确定全班的训练量……"},
    "lab.class.budget": {
        "en": 'Sized on this server for the board ({seeds} seeds of each of its {per_seed} networks): {networks} network runs, in {parts} parts of {n} networks trained {workers} at a time, take about {planned} of your {minutes} min at {iterations} iterations per network (the settings asked for {recipe}). {students}',
        "zh": '按汇总板的需要和这台服务器的速度确定：{per_seed} 个网络各需 {seeds} 个随机种子，共 {networks} 次网络训练，分成 {parts} 份任务，每份 {n} 个网络，每次训练 {workers} 份；每个网络训练 {iterations} 次迭代（设置中为 {recipe} 次）时约需 {planned}（你设定的时间是 {minutes} 分钟）。{students}',
    },
    "lab.class.budget.one": {
        "en": 'Sized on this server for the board ({seeds} seeds of each of its {per_seed} networks): {networks} network runs, in {parts} parts of {n} network trained {workers} at a time, take about {planned} of your {minutes} min at {iterations} iterations per network (the settings asked for {recipe}). {students}',
        "zh": '按汇总板的需要和这台服务器的速度确定：{per_seed} 个网络各需 {seeds} 个随机种子，共 {networks} 次网络训练，分成 {parts} 份任务，每份 {n} 个网络，每次训练 {workers} 份；每个网络训练 {iterations} 次迭代（设置中为 {recipe} 次）时约需 {planned}（你设定的时间是 {minutes} 分钟）。{students}',
    },
    "lab.class.budget.share": {
        "en": 'For a class of {students}: the first {parts} students each get a part; the others share one with them.',
        "zh": '全班 {students} 人：前 {parts} 位学生各领一份任务，之后加入的学生与他们共用任务。',
    },
    "lab.class.budget.cover": {
        "en": 'For a class of {students}: every part has a student of its own.',
        "zh": '全班 {students} 人：正好每人一份任务。',
    },
    "lab.class.budget.short": {
        "en": "For a class of {students}: parts left without a student: {missing} of the board's {parts}. The board stays incomplete unless more students join.",
        "zh": '全班 {students} 人：汇总板的 {parts} 份任务中有 {missing} 份没有学生领取；除非有更多学生加入，否则汇总板不会完整。',
    },
    "lab.class.budget.old.one": {
        "en": "Sized on this server for a class of {students} and {minutes} min: {iterations} iterations per network "
              "(the settings asked for {recipe}), {n} network per student.",
        "zh": "按 {students} 名学生、{minutes} 分钟、这台服务器的速度确定：每个网络训练 {iterations} 次迭代（设置中为 "
              "{recipe} 次），每位学生 {n} 个网络。",
    },
    "lab.class.budget.old": {
        "en": "Sized on this server for a class of {students} and {minutes} min: {iterations} iterations per network "
              "(the settings asked for {recipe}), {n} networks per student.",
        "zh": "按 {students} 名学生、{minutes} 分钟、这台服务器的速度确定：每个网络训练 {iterations} 次迭代（设置中为 "
              "{recipe} 次），每位学生 {n} 个网络。",
    },
    "lab.class.budget.over": {
        "en": "Even {iterations} iterations per network do not fit the board's parts in {minutes} min on this server: the board will take longer. Choose more minutes, fewer depths or narrower networks.",
        "zh": '即使每个网络只训练 {iterations} 次迭代，汇总板所需的任务也无法在 {minutes} 分钟内在这台服务器上训练完：汇总板会更晚才完整。请多给一些时间，或减少深度、选更窄的网络。',
    },
    "lab.class.share": {"en": "Give the students this link; each gets a part of the class's figure:",
                        "zh": "把这个链接发给学生，每人会领到全班这张图中的一份任务："},
    "lab.class.board": {"en": "Open the class board", "zh": "打开课堂汇总板"},
    "lab.class.stop": {"en": "Stop the class experiment", "zh": "停止课堂实验"},
    "lab.class.leave": {"en": "Leave the class experiment", "zh": "退出课堂实验"},
    "lab.class.joined": {
        "en": "Class experiment “{label}”: the settings are the teacher's. Press Start to get your part of the class's figure: a network or a few, trained with one seed; once the board's parts are all handed out, you share a part that other students already have.",
        "zh": '课堂实验“{label}”：设置由老师决定。点击“开始训练”，领取你在全班这张图中的一份任务：用同一个随机种子训练的一个或几个网络；如果汇总板需要的任务都已分完，你会与其他同学共用一份。',
    },
    "lab.class.part": {
        "en": "Class experiment “{label}”: your part of the class's Figure 6 is {networks}, seed {seed}. It trains on "
              "even if you close this tab, and goes onto the class board when it finishes.",
        "zh": "课堂实验“{label}”：你在全班图 6 中的任务是 {networks}，随机种子 {seed}。即使关闭这个标签页，它也会继续训练，"
              "完成后加入课堂汇总板。",
    },
    "lab.class.part.shared": {
        "en": "Class experiment “{label}”: your part of the class's Figure 6 is {networks}, seed {seed}, shared with {others} other students: its curves are yours too. It trains on even if you close this tab, and goes onto the class board when it finishes.",
        "zh": '课堂实验“{label}”：你在全班图 6 中的任务是 {networks}，随机种子 {seed}，与另外 {others} 位同学共用：这份任务的曲线也是你的。即使关闭这个标签页，它也会继续训练，完成后加入课堂汇总板。',
    },
    "lab.class.part.shared.one": {
        "en": "Class experiment “{label}”: your part of the class's Figure 6 is {networks}, seed {seed}, shared with {others} other student: its curves are yours too. It trains on even if you close this tab, and goes onto the class board when it finishes.",
        "zh": '课堂实验“{label}”：你在全班图 6 中的任务是 {networks}，随机种子 {seed}，与另外 {others} 位同学共用：这份任务的曲线也是你的。即使关闭这个标签页，它也会继续训练，完成后加入课堂汇总板。',
    },
    "lab.class.stopped": {"en": "The teacher has stopped the class experiment “{label}”.",
                          "zh": "老师已经停止了课堂实验“{label}”。"},
    "lab.class.waiting": {"en": "Your part waits for its first turn on the server.",
                          "zh": "你的任务正在等待服务器第一次轮到它。"},
    "lab.class.no_stop": {"en": "Your part belongs to the class: only the teacher stops the class experiment.",
                          "zh": "你的任务属于全班：只有老师可以停止课堂实验。"},
    # -- the class board (app_pages/board.py) ---------------------------------------------------------------------
    "nav.board": {"en": "Class board", "zh": "课堂汇总板"},
    "board.title": {"en": "Class board: the class's Figure 6", "zh": "课堂汇总板：全班的图 6"},
    "board.intro": {
        "en": "The parts of one class experiment pooled: for each network, the mean error over the students' seeds, "
              "with a band of ± one standard deviation. Runs of another experiment or of changed settings are never "
              "mixed in.",
        "zh": "汇总同一个课堂实验中的各份任务：每个网络在不同学生随机种子下错误率的平均值，阴影带为 ± 一个标准差。其他实验的"
              "训练或改了设置的训练绝不会混进来。",
    },
    "board.none": {"en": "No class experiment on this server yet: start one in the Degradation Lab.",
                   "zh": "服务器上还没有课堂实验：请在退化实验室中开始一个。"},
    "board.to_lab": {"en": "Go to the Degradation Lab", "zh": "前往退化实验室"},
    "board.pick": {"en": "Class experiment", "zh": "课堂实验"},
    "board.join": {"en": "Students join here: the class link and its QR code",
                   "zh": "学生从这里加入：课堂链接和二维码"},
    "board.item": {"en": "{label} · {created}", "zh": "{label} · {created}"},
    "board.counts": {
        "en": "Parts: **{done}** done · {running} training · {waiting} waiting · {seeds} · {left_out} left out "
              "(changed settings)",
        "zh": "任务：已完成 **{done}** 份 · 训练中 {running} 份 · 等待中 {waiting} 份 · {seeds} · {left_out} 次因设置"
              "不同未计入",
    },
    "board.seeds": {
        "en": '{n} seeds with every network trained (seed numbers {seeds})',
        "zh": '所有网络都已训练完的随机种子：{n} 个（编号 {seeds}）',
    },
    "board.seeds.one": {
        "en": '{n} seed with every network trained (seed number {seeds})',
        "zh": '所有网络都已训练完的随机种子：{n} 个（编号 {seeds}）',
    },
    "board.seeds.none": {"en": "no seed has every network trained yet",
                         "zh": "还没有哪个随机种子的所有网络都训练完"},
    "board.behind": {
        "en": "After {iterations} iterations the deeper ResNet's final training error is still {gap} points above the shallower one's (mean of {n} seeds): in a run this short it has not caught up yet. In the paper's Figure 6 (middle), trained for {paper} iterations, the deeper ResNets end with lower training error.",
        "zh": '训练 {iterations} 次迭代后，更深的 ResNet 的最终训练错误率仍比较浅的高 {gap} 个百分点（{n} 个随机种子的平均值）：训练这么短，它还没有追上较浅的网络。论文图 6（中）训练了 {paper} 次迭代，更深的 ResNet 最终训练错误率更低。',
    },
    "board.behind.one": {
        "en": "After {iterations} iterations the deeper ResNet's final training error is still {gap} points above the shallower one's (only {n} seed so far): in a run this short it has not caught up yet. In the paper's Figure 6 (middle), trained for {paper} iterations, the deeper ResNets end with lower training error.",
        "zh": '训练 {iterations} 次迭代后，更深的 ResNet 的最终训练错误率仍比较浅的高 {gap} 个百分点（目前只有 {n} 个随机种子）：训练这么短，它还没有追上较浅的网络。论文图 6（中）训练了 {paper} 次迭代，更深的 ResNet 最终训练错误率更低。',
    },
    "board.complete": {"en": "Complete: every network has {seeds} seeds or more.",
                       "zh": "已完整：每个网络都有至少 {seeds} 个随机种子。"},
    "board.incomplete": {"en": "The board is complete at {seeds} seeds of every network; the fewest so far: {fewest} "
                               "({network}).",
                         "zh": "每个网络有 {seeds} 个随机种子时汇总板才算完整；目前最少的是 {network}，有 {fewest} 个。"},
    "board.empty": {"en": "No part has finished yet. The board updates by itself as parts finish.",
                    "zh": "还没有任务完成。任务完成后，汇总板会自动更新。"},
    "board.col.difference": {"en": "difference of final training error", "zh": "最终训练错误率之差"},
    "board.col.mean": {"en": "mean (points)", "zh": "平均值（百分点）"},
    "board.col.std": {"en": "std (points)", "zh": "标准差（百分点）"},
    "board.col.n": {"en": "seeds", "zh": "随机种子数"},
    "board.effects.help": {
        "en": "Per seed, the deeper net's final training error minus the shallower one's (both trained with that "
              "seed, on the same batches in the same order), then the mean and the sample standard deviation over the "
              "seeds (none for a single seed: a spread needs two). Positive means the deeper net trains worse.",
        "zh": "对每个随机种子，计算更深网络与较浅网络最终训练错误率之差（两者用同一个种子训练，批次和顺序都相同），"
              "再求所有种子的平均值和样本标准差（只有一个种子时没有标准差：至少要两个）。为正表示更深的网络训练得更差。",
    },
}
