"""Strings of the Transfer Learning Lab. The measured numbers in the honest note come from the shipped reference
runs in assets/transfer (resnet_viz.transfer), formatted in."""

STRINGS = {
    "nav.transfer": {"en": "Transfer learning", "zh": "迁移学习"},
    "tl.title": {"en": "Transfer Learning Lab: reuse a pretrained ResNet", "zh": "迁移学习实验室：复用预训练的 ResNet"},
    "tl.intro": {
        "en": "A network pretrained on a big dataset is a feature extractor. Reuse it on a small new task three ways, "
              "beside training from scratch, on photos the class takes, a folder on the server, or the offline "
              "default.",
        "zh": "在大数据集上预训练的网络就是一个特征提取器。用三种方式把它复用到一个小的新任务上，并与从头训练对比；"
              "数据可以是全班拍的照片、服务器上的文件夹，或离线默认数据。",
    },
    "tl.ways.title": {"en": "The three ways", "zh": "三种方式"},
    "tl.ways.body": {
        "en": "1. **Fine-tune everything** (all): load the pretrained weights and train every parameter.\n2. **Train "
              "the last layers** (last): load them, train only the last stage and a new head.\n3. **A new fc layer "
              "only** (fc): load them, add a new fully connected layer and train only that; the rest is a fixed "
              "feature extractor.\n\nThe baseline, **from scratch**, trains the same network from random weights. All "
              "four get the same split, the same batches and the same budget, and always the preprocessing the "
              "weights were trained with: their own resize, crop, mean and standard deviation. Frozen layers keep "
              "their batch-norm statistics (evaluation mode). One of the teaching articles loads Keras's ResNet50 "
              "without its top (include_top=False) and trains it as it is: without the top the model ends in feature "
              "maps, not class scores, so a pooling layer and a new fully connected layer must come first (Keras "
              "documentation, “pooling”). It also divides the pixels by their largest value before feeding them in, "
              "where Keras's ResNet50 weights expect their own preprocess_input: the raw pixel values, channels "
              "turned from RGB to BGR and the ImageNet mean subtracted, with no scaling.",
        "zh": "1. **微调全部参数**（all）：加载预训练权重，训练所有参数。\n2. **只训练最后几层**（last）：加载权重，只训练最后一个阶段和新的输出层。\n3. **只训练新的全连接层**（fc）：加载"
              "权重，加一个新的全连接层并只训练它；其余部分是固定的特征提取器。\n\n对照组**从头训练**（scratch）用随机权重训练同样的网络。四种方式使用相同的数据划分、相同的批次和相同的训练量，并且始终使用权"
              "重训练时的预处理：它自己的缩放、裁剪、均值和标准差。被冻结的层保持其批量归一化（BN）统计量不变（评估模式）。有一篇教学文章用 include_top=False 加载 Keras 的 ResNet50 后"
              "直接训练：去掉顶层后，模型输出的是特征图而不是类别得分，必须先加上池化层和新的全连接层（见 Keras 文档中的 pooling 参数）。它还把像素值除以最大值后再送进这个网络，而 Keras 的 ResN"
              "et50 权重要求用它自己的 preprocess_input：直接用原始像素值，通道顺序由 RGB 转为 BGR，减去 ImageNet 均值，不做缩放。",
    },
    "tl.honest.title": {"en": "Transfer needs broad features", "zh": "迁移需要通用的特征"},
    "tl.honest.body": {
        "en": "The offline default reuses a ResNet-20 trained on {source_n} Fashion-MNIST classes (tops, trousers, pullovers, dresses, coats) for {target_n} others (sandals, shirts, sneakers, bags, ankle boots): a narrow source. Measured on this app's reference runs, with {few} images per class: fine-tuning everything "
              "{all_few:.1%}, the last stage {last_few:.1%}, a new fc layer only {fc_few:.1%}, from scratch "
              "{scratch_few:.1%}; with {many} per class: {all_many:.1%}, {last_many:.1%}, {fc_many:.1%} and "
              "{scratch_many:.1%}. {gains} {verdict} ImageNet's features are far broader; pick ResNet-18 as the "
              "backbone (when the server has its weights) and photos the class takes to see what they give.",
        "zh": "离线默认数据复用的是一个在 Fashion-MNIST {source_n} 个类别（T恤、裤子、套头衫、连衣裙、外套）上训练的 ResNet-20，"
              "用来识别另外 {target_n} 个类别（凉鞋、衬衫、运动鞋、包、短靴）：这是一个很窄的源任务。本应用的参考训练测得：每类 {few} "
              "张图像时，微调全部 {all_few:.1%}，只训练最后一个阶段 {last_few:.1%}，只训练新的全连接层 {fc_few:.1%}，"
              "从头训练 {scratch_few:.1%}；每类 {many} 张时分别为 {all_many:.1%}、{last_many:.1%}、{fc_many:.1%} 和 "
              "{scratch_many:.1%}。{gains}{verdict}ImageNet 的特征要通用得多；选择 ResNet-18 作为主干网络（服务器上有其"
              "权重时），再用全班拍的照片，看看它能带来什么。",
    },
    "tl.honest.gains": {
        "en": "Against training from scratch, in percentage points: fine-tuning everything {all_few:+.1f} with {few} "
              "images per class and {all_many:+.1f} with {many}; a new fc layer on the frozen features {fc_few:+.1f} "
              "and {fc_many:+.1f}.",
        "zh": "与从头训练相比（单位：百分点）：微调全部在每类 {few} 张时为 {all_few:+.1f}，每类 {many} 张时为 "
              "{all_many:+.1f}；冻结特征、只训练新的全连接层时分别为 {fc_few:+.1f} 和 {fc_many:+.1f}。",
    },
    "tl.honest.frozen_behind": {
        "en": "In these reference runs (one seed each), with {sizes} images per class, the frozen features learned on the source classes do not clearly beat (by more than {signal:.0f} point) a network trained from scratch on the new classes: a sign that they "
              "describe the new classes only partly.",
        "zh": "在这些参考训练中（各一个随机种子），每类 {sizes} 张图像时，冻结不动的、在源类别上学到的特征没有明显胜过（超过 {signal:.0f} 个百分点）在新类别上从头训练的网络：这说明它们可能只能部分描述新的类别。",
    },
    "tl.honest.frozen_helps": {
        "en": "In these reference runs (one seed each), even frozen, the features learned on the source classes beat "
              "training from scratch at both sizes.",
        "zh": "在这些参考训练中（各一个随机种子），即使冻结不动，在源类别上学到的特征在两种数据量下都胜过了从头训练。",
    },
    "tl.honest.missing": {"en": "The reference runs are missing from assets/transfer.",
                          "zh": "assets/transfer 中缺少参考训练。"},
    # --- the backbone
    "tl.backbone": {"en": "1. The pretrained backbone", "zh": "1. 预训练的主干网络"},
    "tl.backbone.kind": {"en": "Backbone", "zh": "主干网络"},
    "tl.backbone.kind.checkpoint": {"en": "A checkpoint of this app", "zh": "本应用的检查点"},
    "tl.backbone.kind.imagenet": {"en": "ImageNet (torchvision)", "zh": "ImageNet（torchvision）"},
    "tl.backbone.checkpoint": {"en": "Checkpoint", "zh": "检查点"},
    "tl.backbone.download": {
        "en": "The ImageNet weights of {name} are not on this server yet: they are downloaded when the run starts "
              "(with progress).",
        "zh": "服务器上还没有 {name} 的 ImageNet 权重：训练开始时会下载（显示进度）。",
    },
    "tl.backbone.offline": {
        "en": "The ImageNet weights of {name} are not on this server: {reason}. A teacher can fetch them on a machine "
              "with internet (`python -m resnet_viz fetch-weights`) and copy them to this server; meanwhile use the "
              "offline default: a checkpoint of this app as the backbone.",
        "zh": "此服务器上没有 {name} 的 ImageNet 权重：{reason}。老师可以在能上网的机器上下载（运行 "
              "`python -m resnet_viz fetch-weights`），再复制到这台服务器；在此期间请使用离线默认：以本应用的检查点"
              "作为主干网络。",
    },
    # --- the data
    "tl.data": {"en": "2. The new task's data", "zh": "2. 新任务的数据"},
    "tl.data.kind": {"en": "Data", "zh": "数据"},
    "tl.data.kind.default": {"en": "Offline default (Fashion-MNIST classes {first}–{last})",
                             "zh": "离线默认（Fashion-MNIST 第 {first}–{last} 类）"},
    "tl.data.kind.photos": {"en": "Photos the class takes", "zh": "全班拍的照片"},
    "tl.data.kind.folder": {"en": "A folder on the server", "zh": "服务器上的文件夹"},
    "tl.data.per_class": {"en": "Training images per class", "zh": "每个类别的训练图像数"},
    "tl.data.per_class.help": {
        "en": "Taken from the embedded Fashion-MNIST sample's classes {first}–{last}; validation on their test images.",
        "zh": "取自内置 Fashion-MNIST 样本的第 {first}–{last} 类；在这些类别的测试图像上验证。",
    },
    "tl.data.folder_path": {"en": "Folder (ImageFolder layout: one sub-folder of images per class)",
                            "zh": "文件夹（ImageFolder 结构：每个类别一个图像子文件夹）"},
    "tl.data.folder_path.help": {
        "en": "A path on the server, e.g. inside ${env}: flowers/daisy/1.jpg, flowers/rose/7.jpg, …",
        "zh": "服务器上的路径，例如 ${env} 下的 flowers/daisy/1.jpg、flowers/rose/7.jpg……",
    },
    "tl.photos.share": {"en": "Share the photos with the class", "zh": "与全班共享照片"},
    "tl.photos.share.help": {
        "en": "Off: the photos stay in this browser tab. On: everyone who turns this on adds to, and trains on, one "
              "class dataset on the server.",
        "zh": "关闭：照片只保存在这个浏览器标签页中。打开：所有打开此开关的人都向服务器上同一个全班数据集添加照片，并用它训练。",
    },
    "tl.photos.classes": {"en": "How many classes", "zh": "类别数"},
    "tl.photos.class_name": {"en": "Class {number}", "zh": "类别 {number}"},
    "tl.photos.name_first": {"en": "Name the classes first (for example: pen, cup, phone).",
                             "zh": "请先给类别命名（例如：笔、杯子、手机）。"},
    "tl.photos.to_class": {"en": "The next photos are of", "zh": "接下来的照片属于"},
    "tl.photos.camera": {"en": "Take a photo of “{cls}”", "zh": "拍一张“{cls}”的照片"},
    "tl.photos.upload": {"en": "…or upload photos of “{cls}”", "zh": "……或上传“{cls}”的照片"},
    "tl.photos.counts": {"en": "Photos: {counts} ({total} of at most {limit})",
                         "zh": "照片：{counts}（共 {total} 张，最多 {limit} 张）"},
    "tl.photos.clear": {"en": "Remove all photos", "zh": "删除所有照片"},
    "tl.photo.rejected": {"en": "That photo was not added: {message}", "zh": "这张照片没有加入：{message}"},
    "tl.photo.full": {"en": "No more photos fit: at most {limit} photos and {limit_mb:.0f} MB.",
                      "zh": "放不下更多照片了：最多 {limit} 张、{limit_mb:.0f} MB。"},
    # --- training
    "tl.train": {"en": "3. Train and compare", "zh": "3. 训练并比较"},
    "tl.modes": {"en": "Ways to train", "zh": "训练方式"},
    "tl.mode.all": {"en": "fine-tune all", "zh": "微调全部"},
    "tl.mode.last": {"en": "last stage + new head", "zh": "最后阶段 + 新输出层"},
    "tl.mode.fc": {"en": "new fc layer only", "zh": "只训练新全连接层"},
    "tl.mode.scratch": {"en": "from scratch", "zh": "从头训练"},
    "tl.start": {"en": "Start training", "zh": "开始训练"},
    "tl.wrong": {"en": "Same run, wrong normalisation", "zh": "同样的训练，错误的归一化"},
    "tl.wrong.help": {
        "en": "The preprocessing lesson: repeat the run shown with mean {value} and std {value} in place of the weights' own "
              "statistics, and measure what it costs.",
        "zh": "预处理的一课：把当前显示的训练重做一遍，用均值 {value}、标准差 {value} 代替权重自己的统计量，测量这样做的代价。",
    },
    "tl.wrong.cost": {
        "en": "**Right minus wrong normalisation**, in percentage points of validation accuracy: {costs}. Positive "
              "means the weights' own statistics (mean {mean}, std {std}) beat {value}/{value}. How much the wrong "
              "statistics cost depends on how far they are from the right ones and on the budget; it can even go the "
              "other way on a small grey-scale task, so measure it rather than assume it.",
        "zh": "**正确归一化减去错误归一化**（验证准确率，百分点）：{costs}。正值表示权重自己的统计量（均值 {mean}，标准差 "
              "{std}）优于 {value}/{value}。错误统计量的代价取决于它们与正确值相差多远，也取决于训练量；在小的灰度任务上甚至可能反过来，"
              "所以要测量，而不是想当然。",
    },
    "tl.downloading": {"en": "Downloading the pretrained weights…", "zh": "正在下载预训练权重……"},
    "tl.progress": {"en": "Iteration {iteration:,} of {iterations:,} · ETA {eta}",
                    "zh": "第 {iteration:,} / {iterations:,} 次迭代 · 预计剩余 {eta}"},
    # --- results
    "tl.nothing": {"en": "Start a run, or open a saved one below.", "zh": "开始一次训练，或在下方打开已保存的训练。"},
    "tl.results": {"en": "Results", "zh": "结果"},
    "tl.chart.accuracy": {"en": "validation accuracy", "zh": "验证准确率"},
    "tl.col.mode": {"en": "way", "zh": "方式"},
    "tl.col.accuracy": {"en": "validation accuracy", "zh": "验证准确率"},
    "tl.col.seconds": {"en": "seconds", "zh": "秒"},
    "tl.col.trainable": {"en": "trainable parameters", "zh": "可训练参数"},
    "tl.col.total": {"en": "all parameters", "zh": "全部参数"},
    "tl.norm.weights": {"en": "the weights' own normalisation", "zh": "权重自己的归一化"},
    "tl.norm.wrong": {"en": "wrong normalisation ({value}/{value})", "zh": "错误的归一化（{value}/{value}）"},
    "tl.run.about": {
        "en": "Backbone {backbone} · {classes} classes · {train} training and {val} validation images · "
              "{normalization}: mean {mean}, std {std}.",
        "zh": "主干网络 {backbone} · {classes} 个类别 · {train} 张训练图像、{val} 张验证图像 · {normalization}：均值 {mean}，"
              "标准差 {std}。",
    },
    "tl.run.reference": {"en": "Reference · {title}", "zh": "参考 · {title}"},
    "tl.run.title": {"en": "{created} · {backbone} · {data} · {classes} classes · {per_class} per class · {normalization}",
                     "zh": "{created} · {backbone} · {data} · {classes} 个类别 · 每类 {per_class} 张 · {normalization}"},
    "tl.saved": {"en": "Saved transfer runs", "zh": "已保存的迁移学习训练"},
    "tl.saved.pick": {"en": "Runs to show (at most two: a run and its wrong-normalisation twin)",
                      "zh": "要显示的训练（最多两次：一次训练及其错误归一化的版本）"},
    "tl.inspect": {
        "en": "**Where does the new model look?** Open a trained model in the Inspector and check with Grad-CAM: on "
              "the object, or on the background?",
        "zh": "**新模型在看哪里？** 在网络透视页面打开训练好的模型，用 Grad-CAM 检查：它看的是物体，还是背景？",
    },
    "tl.prep.title": {"en": "How ImageNet photos are prepared: training vs evaluation",
                      "zh": "ImageNet 图像的预处理：训练与评估的区别"},
    "tl.prep.photo": {"en": "Photo", "zh": "图像"},
    "tl.prep.seed": {"en": "Seed of the random crops", "zh": "随机裁剪的随机种子"},
    "tl.prep.body": {
        "en": "A network sees a photo differently in training and in evaluation. **Training** (torchvision's "
              "recipe, after Inception): `RandomResizedCrop` takes a random part of the photo, {scale_min:.0%} to "
              "{scale_max:.0%} of its area with an aspect ratio between {ratio_min:.2f} and {ratio_max:.2f}, and "
              "resizes it to {crop}×{crop}; `RandomHorizontalFlip` mirrors it with probability {flip}. Every epoch "
              "sees another view of every photo. **Evaluation** uses the weights' own `transforms()`: for "
              "ResNet-50's `{v1_name}`, the shorter side resized to {resize}, then the centre {crop}×{crop}, "
              "always the same view; `{v2_name}`, trained with a newer recipe, resizes to {v2_resize} before "
              "its {v2_crop}×{v2_crop} crop. The transfer runs on this page use the evaluation view only (no "
              "augmentation).",
        "zh": "网络在训练和评估时看到的同一张图像并不一样。**训练**（torchvision 的训练流程，沿用 Inception 的做法）："
              "`RandomResizedCrop` 随机截取图像的一部分，面积占原图的 {scale_min:.0%} 到 {scale_max:.0%}，宽高比在 "
              "{ratio_min:.2f} 到 {ratio_max:.2f} 之间，再缩放到 {crop}×{crop}；`RandomHorizontalFlip` 以 {flip} 的概率"
              "做水平翻转。每个 epoch 里，网络看到的都是每张图像的一个新视图。**评估**使用权重自带的 `transforms()`："
              "ResNet-50 的 `{v1_name}` 先把短边缩放到 {resize}，再取中心 {crop}×{crop}，每次都是同一个视图；"
              "`{v2_name}` 用了更新的训练流程，裁剪 {v2_crop}×{v2_crop} 之前把短边缩放到 {v2_resize}。"
              "本页的迁移训练只用评估视图（不做数据增强）。",
    },
    "tl.prep.photo_size": {"en": "the photo, {width}×{height}", "zh": "原图，{width}×{height}"},
    "tl.prep.eval": {"en": "evaluation: shorter side {resize}, centre {crop}×{crop}",
                     "zh": "评估：短边缩放到 {resize}，取中心 {crop}×{crop}"},
    "tl.prep.crop": {"en": "training, crop {number}: {area:.0%} of the photo",
                     "zh": "训练裁剪 {number}：原图面积的 {area:.0%}"},
    "tl.prep.crop.flipped": {"en": "training, crop {number}: {area:.0%} of the photo, mirrored",
                             "zh": "训练裁剪 {number}：原图面积的 {area:.0%}，已水平翻转"},
    "tl.prep.paper": {
        "en": "The paper trained differently (Sec. 3.4): scale augmentation, the shorter side resized at random "
              "between {low} and {high} pixels, then a {crop}×{crop} crop sampled from the image or its horizontal "
              "flip, with AlexNet's colour augmentation; and its comparisons use 10-crop testing, not one centre "
              "crop.",
        "zh": "论文本身的训练方式不同（第 3.4 节）：尺度增强，把短边随机缩放到 {low} 到 {high} 像素之间，再从图像或其水平"
              "翻转中随机截取 {crop}×{crop}，并使用 AlexNet 的颜色增强；论文中的对比实验采用 10-crop 测试，而不是只取一个"
              "中心裁剪。",
    },
}
