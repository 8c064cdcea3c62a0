"""Names the data brings: the classes of the datasets the app ships models for, and the sample images' titles.
(ImageNet's thousand class names come from torchvision in English and stay so.)"""

_FASHION = {"T-shirt/top": "T恤/上衣", "Trouser": "裤子", "Pullover": "套头衫", "Dress": "连衣裙", "Coat": "外套",
            "Sandal": "凉鞋", "Shirt": "衬衫", "Sneaker": "运动鞋", "Bag": "包", "Ankle boot": "短靴"}
_CIFAR10 = {"airplane": "飞机", "automobile": "汽车", "bird": "鸟", "cat": "猫", "deer": "鹿", "dog": "狗", "frog": "青蛙",
            "horse": "马", "ship": "船", "truck": "卡车"}
_SAMPLES = {"Chelsea the cat": "小猫 Chelsea", "Coffee cup": "一杯咖啡", "Falcon 9 launch": "猎鹰 9 号火箭发射",
            "Astronaut Eileen Collins": "宇航员艾琳·柯林斯"}

STRINGS = {
    **{f"class.{name}": {"en": name, "zh": zh} for name, zh in {**_FASHION, **_CIFAR10}.items()},
    **{f"sample.{title}": {"en": title, "zh": zh} for title, zh in {**_SAMPLES, **_FASHION}.items()},
}
