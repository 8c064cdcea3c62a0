"""Strings of the Inspector page."""

STRINGS = {
    "nav.inspector": {"en": "Inspector", "zh": "网络透视"},
    "insp.title": {"en": "Inspector: what does the network see?", "zh": "网络透视：网络看到了什么？"},
    "insp.intro": {
        "en": "Give a trained network an image: see its top-{k} guesses, where it looked (Grad-CAM), and the feature "
              "maps each stage computes. Fashion-MNIST models expect a light garment on a black background, "
              "{size}×{size} grey; ImageNet models expect everyday photos.",
        "zh": "给训练好的网络一张图片：查看它的前 {k} 个预测、它关注的位置（Grad-CAM），以及每个阶段计算出的特征图。"
              "Fashion-MNIST 模型期望黑色背景上的浅色衣物（{size}×{size} 灰度图）；ImageNet 模型期望日常照片。",
    },
    "insp.waiting": {"en": "Choose a model and an image to begin.", "zh": "请先选择模型和图片。"},
    "insp.working": {"en": "Computing…", "zh": "计算中…"},
    # --- the model picker
    "insp.model.heading": {"en": "1. Model", "zh": "1. 模型"},
    "insp.model.source": {"en": "Where the model comes from", "zh": "模型来源"},
    "insp.source.checkpoint": {"en": "Trained checkpoints", "zh": "已训练的检查点"},
    "insp.source.imagenet": {"en": "ImageNet (torchvision)", "zh": "ImageNet（torchvision）"},
    "insp.source.file": {"en": "Weights file", "zh": "权重文件"},
    "insp.model.checkpoint": {"en": "Checkpoint", "zh": "检查点"},
    "insp.model.origin.shipped": {"en": "{name} (shipped with the app)", "zh": "{name}（随应用提供）"},
    "insp.model.origin.lab": {"en": "{name} (trained in the Lab)", "zh": "{name}（在实验室中训练）"},
    "insp.model.no_checkpoints": {
        "en": "No trained checkpoints on this server yet: train one in the Lab, or choose ImageNet.",
        "zh": "服务器上还没有训练好的检查点：请在实验室中训练一个，或选择 ImageNet。",
    },
    "insp.model.architecture": {"en": "Architecture", "zh": "网络结构"},
    "insp.model.version": {"en": "Weights", "zh": "权重版本"},
    "insp.model.downloading": {"en": "Downloading the ImageNet weights of {name}…", "zh": "正在下载 {name} 的 ImageNet 权重…"},
    "insp.model.downloading_mb": {
        "en": "Downloading the ImageNet weights of {name}: {done:.0f} of {total:.0f} MB",
        "zh": "正在下载 {name} 的 ImageNet 权重：{done:.0f} / {total:.0f} MB",
    },
    "insp.model.loading": {"en": "Loading {name}…", "zh": "正在加载 {name}…"},
    "insp.model.offline": {
        "en": "**The ImageNet weights of {name} are not on this server**: {reason}. A teacher can fetch them on a "
              "machine with internet (`python -m resnet_viz fetch-weights {command}`) and copy them to this server "
              "(README: “No internet in the room?”). Meanwhile the trained checkpoints work offline.",
        "zh": "**此服务器上没有 {name} 的 ImageNet 权重**：{reason}。老师可以在能上网的机器上下载（运行 "
              "`python -m resnet_viz fetch-weights {command}`），再复制到这台服务器（见 README 中的“No internet in the room?”一条）。"
              "在此期间，已训练的检查点可离线使用。",
    },
    "insp.weights.offline": {"en": "this server cannot reach the internet", "zh": "这台服务器连不上互联网"},
    "insp.weights.http": {"en": "the download site answered with an error", "zh": "下载站点返回了错误"},
    "insp.weights.corrupt": {"en": "the download arrived damaged", "zh": "下载的文件已损坏"},
    "insp.weights.save": {"en": "the server could not save the file", "zh": "服务器无法保存这个文件"},
    "insp.model.retry": {"en": "Try the download again", "zh": "重新尝试下载"},
    "insp.model.fallback": {"en": "Showing the offline default instead: {name}.", "zh": "改为显示离线默认模型：{name}。"},
    "insp.model.upload": {"en": "Upload a weights file (.pt, .pth)", "zh": "上传权重文件（.pt、.pth）"},
    "insp.model.path": {"en": "…or a path on the server", "zh": "…或服务器上的路径"},
    "insp.model.no_file": {"en": "No file at {path}.", "zh": "{path} 处没有文件。"},
    "insp.model.too_big": {"en": "That file is {size:.0f} MB; weights files are limited to {limit:.0f} MB.",
                           "zh": "该文件大小为 {size:.0f} MB；权重文件上限为 {limit:.0f} MB。"},
    "insp.model.file_hint": {
        "en": "Upload a state dict for the chosen architecture (up to {limit} MB), or give its path on the server "
              "for a larger file: torchvision's ImageNet weights of {too_big} are over the limit. It is loaded as "
              "plain data (weights_only), never as code.",
        "zh": "上传所选网络结构的 state dict（不超过 {limit} MB）；更大的文件请填写其在服务器上的路径：torchvision 的 "
              "ImageNet 权重中，{too_big} 超过了这个上限。文件只作为纯数据加载（weights_only），绝不会执行代码。",
    },
    # --- the image picker
    "insp.image.heading": {"en": "2. Image", "zh": "2. 图片"},
    "insp.image.source": {"en": "Where the image comes from", "zh": "图片来源"},
    "insp.image.sample": {"en": "Sample", "zh": "示例"},
    "insp.image.upload": {"en": "Upload", "zh": "上传"},
    "insp.image.camera": {"en": "Camera", "zh": "摄像头"},
    "insp.image.sample_pick": {"en": "Sample image", "zh": "示例图片"},
    "insp.image.sample_label": {"en": "{title} — known class: {label}", "zh": "{title} — 已知类别：{label}"},
    "insp.image.upload_pick": {"en": "Upload an image (JPEG, PNG, WebP, BMP, GIF, TIFF)",
                               "zh": "上传图片（JPEG、PNG、WebP、BMP、GIF、TIFF）"},
    "insp.image.camera_pick": {"en": "Take a photo", "zh": "拍一张照片"},
    "insp.image.camera_label": {"en": "camera photo", "zh": "摄像头照片"},
    "insp.image.rejected": {"en": "{name}: {message}", "zh": "{name}：{message}"},
    # --- what the model sees and predicts
    "insp.seen.heading": {"en": "What the model sees", "zh": "模型看到的输入"},
    "insp.seen.caption": {"en": "{label}, resized and centre-cropped to {size} for {model}.",
                          "zh": "{label}，已缩放并居中裁剪为 {size}，输入 {model}。"},
    "insp.top5.heading": {"en": "Top-{k} prediction", "zh": "前 {k} 个预测"},
    "insp.alt.seen": {"en": "The image as the model sees it: {label}", "zh": "模型看到的图像：{label}"},
    "insp.alt.method": {"en": "{method} map over the image", "zh": "叠加在图像上的 {method} 热力图"},
    "insp.closed_set": {
        "en": "This model knows only {n:,} classes{named} and must share all of its probability among them, whatever "
              "the image shows: a photo of something else still gets a confident-looking answer. A probability is "
              "not a measure of whether the image belongs to any of these classes.",
        "zh": "这个模型只认识 {n:,} 个类别{named}，无论图像里是什么，它都必须把全部概率分给这些类别：一张别的东西的照片也会得到"
              "一个看似很有把握的答案。概率高并不表示这张图像真的属于其中某一类。",
    },
    "insp.closed_set.named": {"en": " ({names})", "zh": "（{names}）"},
    # --- Grad-CAM
    "insp.cam.class": {"en": "Class to explain", "zh": "要解释的类别"},
    "insp.cam.layer": {"en": "Layer (Grad-CAM)", "zh": "层（Grad-CAM）"},
    "insp.cam.method": {"en": "Method", "zh": "方法"},
    "insp.cam.opacity": {"en": "Heat-map opacity", "zh": "热力图不透明度"},
    "insp.cam.colours": {"en": "Colour map", "zh": "配色"},
    "insp.cam.heading": {"en": "Where it looked for “{cls}” ({method}, {layer})",
                         "zh": "它在哪里寻找“{cls}”（{method}，{layer}）"},
    "insp.cam.caption": {"en": "{layer} · {resolution} map", "zh": "{layer} · {resolution} 的图"},
    "insp.cam.download": {"en": "Download PNG", "zh": "下载 PNG"},
    # --- trust
    "insp.trust.toggle": {"en": "Can we trust the map?", "zh": "这张图可信吗？"},
    "insp.trust.help": {
        "en": "Two checks. Sanity check (Adebayo et al. 2018): the same map for a copy of the network with random "
              "weights; if it looks the same, the map shows the image, not what the network learned. Deletion and "
              "insertion (Petsiuk et al. 2018): remove the most highlighted pixels first and watch the class "
              "probability fall (lower area is better), or add them to a blurred image and watch it rise (higher "
              "is better).",
        "zh": "两项检查。合理性检查（Adebayo 等，2018）：对权重被随机化的网络副本计算同样的图；如果看起来一样，"
              "说明这张图反映的是图片本身，而不是网络学到的东西。删除与插入（Petsiuk 等，2018）：先去掉最亮的"
              "像素，看类别概率下降（曲线下面积越小越好）；或把它们加回模糊的图片，看概率上升（越大越好）。",
    },
    "insp.trust.scores": {"en": "Deletion {deletion:.2f} ↓ · insertion {insertion:.2f} ↑",
                          "zh": "删除 {deletion:.2f} ↓ · 插入 {insertion:.2f} ↑"},
    "insp.trust.random": {"en": "Random-weights network; rank correlation with the real map ρ = {rho:.2f}",
                          "zh": "随机权重网络；与真实图的秩相关 ρ = {rho:.2f}"},
    "insp.trust.random_flat": {"en": "Random-weights network: no positive evidence for this class anywhere",
                                "zh": "随机权重网络：图中任何位置都没有支持该类别的证据"},
    "insp.trust.curves": {"en": "Deletion and insertion curves for {method} at {layer}",
                          "zh": "{layer} 处 {method} 的删除与插入曲线"},
    "insp.trust.explain": {
        "en": "Pixels are removed (deletion) or revealed on a blurred copy (insertion) in the order the map ranks "
              "them. A faithful map makes the red curve fall fast and the green one rise fast.",
        "zh": "按照图给出的重要性顺序，逐步删除像素（删除），或在模糊副本上逐步显露像素（插入）。"
              "忠实的图会让红色曲线迅速下降、绿色曲线迅速上升。",
    },
    "insp.trust.deletion_curve": {"en": "deletion", "zh": "删除"},
    "insp.trust.insertion_curve": {"en": "insertion", "zh": "插入"},
    "insp.trust.fraction": {"en": "fraction of pixels", "zh": "像素比例"},
    "insp.trust.probability": {"en": "class probability", "zh": "类别概率"},
    # --- sections
    "insp.tab.stages": {"en": "Grad-CAM at every stage", "zh": "各阶段的 Grad-CAM"},
    "insp.tab.features": {"en": "Feature maps", "zh": "特征图"},
    "insp.tab.methods": {"en": "Other methods", "zh": "其他方法"},
    "insp.tab.compare": {"en": "Compare two models", "zh": "比较两个模型"},
    "insp.stages.caption": {
        "en": "The same class explained at the end of each stage. Early stages have fine maps that follow edges; "
              "the last stage's coarse map is usually the most class-specific (Selvaraju et al. 2017, Grad-CAM, arXiv:1610.02391).",
        "zh": "在每个阶段的末端解释同一个类别。前面的阶段分辨率高、贴合边缘；最后阶段的图较粗，但通常最能区分类别（Selvaraju 等，2017，Grad-CAM，arXiv:1610.02391）。",
    },
    "insp.stage.caption": {"en": "{layer} · {resolution} map · stride {stride}",
                           "zh": "{layer} · {resolution} 特征图 · 步长 {stride}"},
    "insp.backbone": {
        "en": "**ResNet as a backbone.** The stage outputs above (strides {strides}: one step on the map spans that "
              "many pixels of the input) are the multi-scale features detectors and segmenters take from a ResNet. "
              "A feature pyramid network (FPN; Lin et al. 2017, arXiv:1612.03144) combines the outputs of conv2_x to conv5_x: a top-down pathway carries the late stages' semantics back to the finer maps, and the resulting fine levels serve small objects, the coarse ones large objects. The "
              "paper's own detection results put ResNet-101 in place of VGG-16 in Faster R-CNN (Sec. 4.3, "
              "Appendix).",
        "zh": "**ResNet 作为主干网络。** 上面各阶段的输出（步长依次为 {strides}：特征图上走一步，相当于在输入图像上走这么"
              "多个像素）正是检测和分割网络从 ResNet 中取出的多尺度特征。特征金字塔网络（FPN；Lin 等，2017，"
              "arXiv:1612.03144）把 conv2_x 到 conv5_x 的输出组合起来：自顶向下的通路把后面阶段的语义信息传回较细的特征图，这样得到的细层级负责小目标，粗层级负责大目标。"
              "论文自己的检测结果，就是在 Faster R-CNN 中用 ResNet-101 替换 VGG-16 得到的（第 4.3 节及附录）。",
    },
    "insp.backbone.cifar": {
        "en": "**Small images.** This CIFAR network's stages have strides {strides}: its stem is a single 3×3 "
              "convolution that does not downsample, with no max pool (Sec. 4.2), so a small image keeps its full "
              "size in the first stage, and the last stage's map is 1/{last} of it on each side. The \"ResNet-18 "
              "for CIFAR\" of many tutorials (ResNet-18's {stages} stages behind such a stem) is a common adaptation: "
              "neither the paper's ImageNet ResNet-18 nor one of its 6n+2 CIFAR networks.",
        "zh": "**小尺寸图像。** 这个 CIFAR 网络各阶段的步长依次为 {strides}：它的起始层只是一个不做下采样的 3×3 卷积，"
              "也没有最大池化（第 4.2 节），所以小图像进入第一个阶段时仍保持原尺寸，最后一个阶段的特征图边长是输入的 "
              "1/{last}。许多教程里的“CIFAR 版 ResNet-18”（在这样的起始层后面接 ResNet-18 的 {stages} 个阶段）是一种常见的改写："
              "它既不是论文的 ImageNet ResNet-18，也不是论文中 6n+2 层的 CIFAR 网络。",
    },
    "insp.features.layer": {"en": "Where to read the activations", "zh": "读取激活的位置"},
    "insp.features.kind.stem": {"en": "{tap} — stem (conv1 → bn1 → ReLU)", "zh": "{tap} — 起始层（stem：conv1 → bn1 → ReLU）"},
    "insp.features.kind.stage": {"en": "{tap} — output of the stage", "zh": "{tap} — 该阶段的输出"},
    "insp.features.kind.block": {"en": "{tap} — output of a block", "zh": "{tap} — 一个残差块的输出"},
    "insp.features.count": {"en": "Channels shown", "zh": "显示的通道数"},
    "insp.features.shape": {"en": "**{tap}** output: channels × height × width = **{shape}**; the {shown} strongest "
                                  "channels by mean activation.",
                            "zh": "**{tap}** 的输出：通道 × 高 × 宽 = **{shape}**；按平均激活排序，显示最强的 {shown} 个通道。"},
    "insp.features.channel": {"en": "channel", "zh": "通道"},
    "insp.features.grid_caption": {
        "en": "Strongest first, on one shared colour scale; the number on each tile is the channel.",
        "zh": "按强度从高到低排列，使用同一色标；每个小图上的数字是通道编号。",
    },
    "insp.features.pick": {"en": "Channel to enlarge", "zh": "放大查看的通道"},
    "insp.features.pick_label": {"en": "channel {channel} (mean {mean:.3f})", "zh": "通道 {channel}（均值 {mean:.3f}）"},
    "insp.features.single": {"en": "{tap}, channel {channel} ({size})", "zh": "{tap}，通道 {channel}（{size}）"},
    "insp.methods.caption": {
        "en": "Three other ways to ask where the evidence is, for the same class.",
        "zh": "针对同一类别，另外三种寻找证据位置的方法。",
    },
    "insp.method.grad_cam": {"en": "Grad-CAM", "zh": "Grad-CAM"},
    "insp.method.guided_grad_cam": {"en": "Guided Grad-CAM", "zh": "引导 Grad-CAM"},
    "insp.method.guided_grad_cam.help": {
        "en": "Guided backpropagation (pixel-sharp gradients) multiplied by Grad-CAM at the chosen layer.",
        "zh": "引导反向传播（像素级清晰的梯度）与所选层的 Grad-CAM 相乘。",
    },
    "insp.method.integrated_gradients": {"en": "Integrated Gradients", "zh": "积分梯度"},
    "insp.method.integrated_gradients.help": {
        "en": "Gradients averaged along a path from a blank (mean-colour) image to this one, times the difference.",
        "zh": "沿着从空白（平均颜色）图片到本图片的路径平均梯度，再乘以两者之差。",
    },
    "insp.method.occlusion": {"en": "Occlusion", "zh": "遮挡"},
    "insp.method.occlusion.help": {
        "en": "A grey square slides over the image; bright where hiding that patch lowers the class score most.",
        "zh": "用一个灰色方块在图片上滑动；遮住某处时类别得分下降越多，那里就越亮。",
    },
    "insp.compare.caption": {
        "en": "The same image through a second model, e.g. plain-20 vs ResNet-20 from the Lab, or resnet18 vs "
              "resnet152.",
        "zh": "把同一张图片输入第二个模型，例如实验室中的 plain-20 与 ResNet-20，或 resnet18 与 resnet152。",
    },
    "insp.compare.cam": {"en": "Grad-CAM for its top-1 “{cls}” at {layer}", "zh": "其第 1 预测“{cls}”在 {layer} 的 Grad-CAM"},
}
