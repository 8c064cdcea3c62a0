"""Why residual networks train: the lesion study (Veit et al. 2016) and the paths through a ResNet."""
